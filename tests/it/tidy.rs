//! House rules for the source tree (after rust-analyzer's tidy tests).

use std::path::Path;

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "rs") {
            let rel = e.path().strip_prefix(&root).unwrap().to_string_lossy().into_owned();
            out.push((rel, std::fs::read_to_string(e.path()).unwrap()));
        }
    }
    out
}

#[test]
fn every_module_says_what_it_is_for_and_stays_short() {
    for (path, text) in sources() {
        let is_tests = path.ends_with("tests.rs");
        if !is_tests {
            assert!(text.starts_with("//!"), "src/{path} must start with a //! module doc");
        }
        let lines = text.lines().count();
        assert!(lines <= 600, "src/{path} has {lines} lines; split it by responsibility");
    }
}

#[test]
fn architecture_names_every_module() {
    let arch = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md")).unwrap();
    for (path, _) in sources() {
        let module = path.trim_end_matches(".rs").trim_end_matches("/mod");
        if ["main", "lib"].contains(&module) || module.ends_with("tests") {
            continue;
        }
        assert!(arch.contains(&format!("`{module}`")), "ARCHITECTURE.md does not mention `{module}`");
    }
}
