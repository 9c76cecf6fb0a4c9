//! The benchmark's floor: the least any generator must do with a knowledge
//! base. It removes the previous output, then walks the content folder,
//! renders every markdown file (each is a page: notes, companies, deals,
//! topics) with pulldown-cmark alone and writes it as
//! `<folder>/<slug>/index.html`, in parallel. No templates, no links, no
//! indexes.
//!
//! Usage: `cargo run --release --example floor -- CONTENT_DIR OUT_DIR`

use std::path::PathBuf;

use rayon::prelude::*;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(content), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.par_iter().try_for_each(|f| {
        let text = std::fs::read_to_string(f)?;
        let mut html = String::with_capacity(text.len() * 2);
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::all()),
        );
        let slug = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let folder = f.parent().and_then(|p| p.strip_prefix(&content).ok()).unwrap_or(std::path::Path::new(""));
        let dir = out.join(folder).join(slug);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("index.html"), html)
    })?;
    println!("floor: {} pages", files.len());
    Ok(())
}
