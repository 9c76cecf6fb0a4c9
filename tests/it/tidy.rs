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

/// Modules below rendering (by path under `src/`), which may not import
/// `crate::render` or `crate::write`: what they need from there is passed in.
const LOWER_LAYERS: &[&str] = &["model", "links", "markdown"];

/// The lines (1-based) where `text`, the source of `src/{path}`, imports
/// `crate::render` or `crate::write` while `path` is in a lower layer.
/// Comments are skipped; `crate::{render, …}` lists are read item by item.
fn layer_violations(path: &str, text: &str) -> Vec<(usize, String)> {
    let top = path.split('/').next().unwrap_or("").trim_end_matches(".rs");
    if !LOWER_LAYERS.contains(&top) {
        return Vec::new();
    }
    let code: String = text.lines().map(|l| format!("{}\n", l.split("//").next().unwrap_or(""))).collect();
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let ident = |s: &str| s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let forbidden = |name: &str| name == "render" || name == "write";
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if rest.trim_start().starts_with('{') {
            // `crate::{a, render::x, b::{c, d}}`: the items at the top level.
            let (mut depth, mut item_start) = (0usize, 0usize);
            let body = &rest[rest.find('{').unwrap_or(0) + 1..];
            for (i, c) in body.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        if forbidden(&ident(&body[item_start..i])) {
                            out.push((line_of(at), body[item_start..i].trim().to_string()));
                        }
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if forbidden(&ident(&body[item_start..i])) {
                            out.push((line_of(at), body[item_start..i].trim().to_string()));
                        }
                        item_start = i + 1;
                    }
                    _ => {}
                }
            }
        } else if forbidden(&ident(rest)) {
            out.push((line_of(at), format!("crate::{}", ident(rest))));
        }
    }
    out
}

#[test]
fn lower_layers_do_not_import_render_or_write() {
    let mut found = Vec::new();
    for (path, text) in sources() {
        for (line, what) in layer_violations(&path, &text) {
            found.push(format!("src/{path}:{line}: imports `{what}`; pass what it needs in instead"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_layer_rule_finds_planted_imports() {
    let planted = "//! Doc.\nuse crate::config::X;\nuse crate::render::encode_path;\nfn f() {\n    crate::write::Stage::new();\n}\n";
    let lines: Vec<usize> = layer_violations("markdown/pass/tags.rs", planted).into_iter().map(|(l, _)| l).collect();
    assert_eq!(lines, [3, 5]);
    let grouped = "use crate::{\n    config,\n    render::{view, pages},\n    diag::Span,\n};\n";
    assert_eq!(layer_violations("links/page.rs", grouped), [(1, "render::{view, pages}".to_string())]);
    assert_eq!(layer_violations("model.rs", "use crate::{write};").len(), 1);
    // Comments, longer names and modules above the layers are left alone.
    let fine = "// crate::render is not imported\nuse crate::renderer;\nuse crate::writer::X;\n";
    assert!(layer_violations("model/mod.rs", fine).is_empty());
    assert!(layer_violations("render/embed.rs", planted).is_empty());
    assert!(layer_violations("build.rs", planted).is_empty());
}
