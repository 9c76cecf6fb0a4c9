//! Front matter: any bytes, as a markdown file of any kind (the first byte
//! picks the folder), or as `pivotbook.yaml`, give a model or diagnostics,
//! never a panic; every diagnostic names the file and a real line.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pivotbook::config::{Config, Overrides, CONFIG_FILE};
use pivotbook::load::{read_doc, Corpus};

const PATHS: [&str; 6] =
    ["companies/acme.md", "deals/acme-loan.md", "topics/ai.md", "notes/a b/Ünïcode.md", "_index.md", "x.md"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    if selector == b'C' {
        // The config file.
        let Ok(text) = std::str::from_utf8(rest) else { return };
        // As `Config::load` reads it.
        let text = pivotbook::diag::unify_line_ends(text.to_string());
        match pivotbook::yaml::parse_config::<Config>(&text, Path::new(CONFIG_FILE)) {
            Ok(config) => {
                if let Ok(site) = config.with_overrides(Path::new("/site"), &Overrides::default()) {
                    assert!(site.base_path.starts_with('/') && site.base_path.ends_with('/'));
                }
            }
            Err(d) => assert!(d.span.line >= 1, "{d:?}"),
        }
        return;
    }
    let rel = Path::new(PATHS[usize::from(selector) % PATHS.len()]);
    // A lone CR ends a line too (CRLF counts twice here: a looser bound).
    let lines = rest.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u32 + 1;
    let doc = match read_doc(rel, rel, rest.to_vec(), &Default::default()) {
        Ok(doc) => doc,
        Err(d) => {
            assert!(d.span.line <= lines, "{d:?}");
            return;
        }
    };
    let corpus = Corpus { docs: vec![doc], ..Corpus::default() };
    for drafts in [false, true] {
        let (model, diags) = pivotbook::model::build(&corpus, drafts);
        for d in &diags {
            assert_eq!(d.span.path, rel, "{d:?}");
            assert!(d.span.line <= lines, "line past the end of the file: {d:?}");
        }
        for p in &model.pages {
            // A URL is a relative site path: never absolute, never climbing.
            assert!(!p.url.starts_with('/'), "{}", p.url);
            assert!(!p.url.split('/').any(|s| s == ".." || s == "."), "{}", p.url);
            for (from, _) in &p.redirect_from {
                assert!(!from.starts_with('/') && !from.split('/').any(|s| s == ".." || s == "."), "{from}");
            }
        }
    }
});
