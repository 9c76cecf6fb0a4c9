//! Embeds: four notes whose bodies come from the input (parts separated by
//! the byte `0x01`), embedding each other in any way (`![[b]]`,
//! `![[c#Heading]]`, `![[d#^block]]`, cycles, fan-out). Never a panic; every
//! page is bounded by the embed budget (its own text, escaped, plus at most
//! 4 MiB of embedded HTML and the theme); output paths stay in the site.
#![no_main]

#[path = "common.rs"]
mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pivotbook::config::{Config, Site};
use pivotbook::highlight::Highlighter;
use pivotbook::render::templates::Templates;
use pivotbook::render::Job;

const PATHS: [&str; 4] = ["a.md", "b.md", "c.md", "d.md"];
/// The embed budget of `render/embed` (4 MiB).
const BUDGET: usize = 4 << 20;

fn fixed() -> &'static (Site, Templates, Highlighter) {
    static FIXED: OnceLock<(Site, Templates, Highlighter)> = OnceLock::new();
    FIXED.get_or_init(|| common::site(Config::default(), None))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files: Vec<(&str, &str)> = PATHS.iter().copied().zip(text.split('\u{1}')).collect();
    for (rel, job, out) in common::render_all(fixed(), &files) {
        assert!(common::inside(&rel), "{rel}");
        let (Job::Page(_), Some(file)) = (job, out) else { continue };
        // Escaping grows text at most 6 times (`"` → `&quot;`); the theme adds well under 1 MB.
        let bound = BUDGET + 8 * text.len() + (1 << 20);
        assert!(file.bytes.len() <= bound, "{rel} is {} bytes, over {bound}", file.bytes.len());
    }
});
