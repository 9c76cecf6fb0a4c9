//! The benchmark's write floor: the least time any generator needs to put
//! one given site on disk. It reads a built site (every file, into memory),
//! then, timed, removes OUT_DIR and writes the same files there again, in
//! parallel, one `create_dir_all` and one `write` per file, as the floor
//! (`examples/floor.rs`) does. Nothing is computed: the time is the file
//! system's for that site's shape (its files, folders and bytes).
//!
//! Given pivotbook's own output, it separates what pivotbook writes from
//! what pivotbook computes: a build cannot be faster than the write floor
//! of its output, so `write floor / floor` bounds the clean-build ratio from
//! below, whatever the CPU work.
//!
//! Prints the timed part's wall time in seconds, and appends it to
//! TIMES_FILE when one is given: `bench/run.py` reads it there, since its
//! own timing of the command would add the reading of the whole site.
//!
//! Usage: `cargo run --release --example write_floor -- SITE_DIR OUT_DIR [TIMES_FILE]`

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(site), Some(out), times) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: write_floor SITE_DIR OUT_DIR [TIMES_FILE]");
        std::process::exit(2);
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for entry in walkdir::WalkDir::new(&site).sort_by_file_name() {
        let entry = entry?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&site).map_err(std::io::Error::other)?.to_path_buf();
            files.push((rel, std::fs::read(entry.path())?));
        }
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let start = Instant::now();
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    files.par_iter().try_for_each(|(rel, data)| {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, data)
    })?;
    let secs = start.elapsed().as_secs_f64();
    println!("{secs:.4}");
    if let Some(times) = times {
        use std::io::Write;
        writeln!(std::fs::OpenOptions::new().create(true).append(true).open(times)?, "{secs:.4}")?;
    }
    eprintln!("write floor: {} files, {} bytes in {secs:.3} s", files.len(), bytes);
    Ok(())
}
