//! Markdown and link resolution, through rendering: any text, split into a
//! few files of every kind, gives pages or diagnostics, never a panic; no
//! output path leaves the site, and no `<script>` gets through the default
//! `markdown.raw_html: sanitize`.
#![no_main]

#[path = "common.rs"]
mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pivotbook::config::{Config, Site};
use pivotbook::highlight::Highlighter;
use pivotbook::render::templates::Templates;
use pivotbook::render::Job;

/// Files take the input's parts in turn (parts are separated by `\u{1}`).
const PATHS: [&str; 6] =
    ["companies/acme.md", "deals/acme-loan.md", "topics/ai.md", "notes/a b/Ünïcode.md", "_index.md", "Notes/x.md"];

const THEME_SCRIPT: &str = "<script src=\"/kb/pivotbook.js\" defer></script>";

fn fixed() -> &'static (Site, Templates, Highlighter) {
    static FIXED: OnceLock<(Site, Templates, Highlighter)> = OnceLock::new();
    FIXED.get_or_init(|| common::site(Config::default(), Some("https://example.org/kb/")))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files: Vec<(&str, &str)> = PATHS.iter().copied().zip(text.split('\u{1}')).collect();
    for (rel, job, out) in common::render_all(fixed(), &files) {
        assert!(common::inside(&rel), "{rel}");
        let Some(file) = out else { continue };
        assert_eq!(file.rel, rel);
        if let Job::Page(_) = job {
            let html = String::from_utf8(file.bytes).expect("UTF-8 output");
            // The theme's own script is the only one allowed.
            let lower = html.to_ascii_lowercase().replace(THEME_SCRIPT, "");
            assert!(!lower.contains("<script"), "script in {rel}");
            assert!(!lower.contains("href=\"javascript:"), "javascript: URL in {rel}");
        }
    }
});
