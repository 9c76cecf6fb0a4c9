//! Times the search index alone over a built site's pages: `cargo run --release --example search_cost -- DIR`.
use std::time::Instant;
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
        "{} pages, {} MB of HTML: add {:?}, finish {:?} ({} files, {} MB)",
        pages.len(),
        bytes / 1_000_000,
        t1,
        t2 - t1,
        files.len(),
        out / 1_000_000
    );
}
