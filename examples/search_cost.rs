//! Times the search index alone over a built site's pages, and the memory
//! it takes beyond the pages' HTML (peak resident memory after building
//! the index, less the resident memory once the pages are read):
//! `cargo run --release --example search_cost -- DIR`.
use std::time::Instant;

/// A line of /proc/self/status in MiB (`VmRSS`, `VmHWM`); 0 elsewhere.
fn status_mib(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status.lines().find_map(|l| {
        l.strip_prefix(key)?.trim_start_matches(':').trim().strip_suffix("kB")?.trim().parse::<f64>().ok()
    });
    kib.unwrap_or(0.0) / 1024.0
}

fn main() {
    let dir = std::env::args().nth(1).expect("a built site folder");
    let mut pages = Vec::new();
    for e in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let e = e.unwrap();
        let p = e.path();
        if p.file_name().is_some_and(|n| n == "index.html") && !p.starts_with(format!("{dir}/search")) {
            pages.push((
                p.strip_prefix(&dir).unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(p).unwrap(),
            ));
        }
    }
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    let before = status_mib("VmRSS");
    let t = Instant::now();
    let c = pivotbook::search::Collector::default();
    use rayon::prelude::*;
    pages.par_iter().enumerate().for_each(|(i, (url, html))| {
        c.add(
            i as u32,
            pivotbook::search::PageInfo { url: url.clone(), title: url.clone(), kind: "note", text: Vec::new() },
            html,
        );
    });
    let t1 = t.elapsed();
    let files = c.finish();
    let t2 = t.elapsed();
    let out: usize = files.iter().map(|f| f.1.len()).sum();
    println!(
        "{} pages, {} MB of HTML: add {:?}, finish {:?} ({} files, {} MB); memory beyond the HTML: {:.0} MiB at peak",
        pages.len(),
        bytes / 1_000_000,
        t1,
        t2 - t1,
        files.len(),
        out / 1_000_000,
        status_mib("VmHWM") - before
    );
}
