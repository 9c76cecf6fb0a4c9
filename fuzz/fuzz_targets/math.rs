//! Formulas with `markdown.math: true`: any text as a note's body gives a
//! page or diagnostics, never a panic, in bounded time (libFuzzer's
//! `-timeout` catches the quadratic nesting the depth cap prevents); and no
//! formula's text becomes markup: inside every `<math>` element the only
//! tags are MathML's own, and no page holds a `<script` or an `<img`.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pivotbook::config::{Config, Overrides, Site};
use pivotbook::highlight::Highlighter;
use pivotbook::load::{read_doc, Corpus};
use pivotbook::render::templates::Templates;
use pivotbook::render::{self, Job, Renderer};
use pivotbook::{catalog, links, markdown, model};

const THEME_SCRIPT: &str = "<script src=\"/pivotbook.js\" defer></script>";

fn fixed() -> &'static (Site, Templates, Highlighter) {
    static FIXED: OnceLock<(Site, Templates, Highlighter)> = OnceLock::new();
    FIXED.get_or_init(|| {
        let root = Path::new("/nonexistent-pivotbook-fuzz-root");
        let mut config = Config::default();
        config.markdown.math = true;
        let site = config.with_overrides(root, &Overrides::default()).expect("default config");
        let templates = render::templates::load(root, "default").0.expect("built-in theme");
        (site, templates, Highlighter::disabled())
    })
}

/// Whether every tag inside `<math>…</math>` is MathML's.
fn math_is_mathml(html: &str) -> bool {
    let mut rest = html;
    while let Some(start) = rest.find("<math") {
        let Some(len) = rest[start..].find("</math>") else { return false };
        let inside = &rest[start..start + len];
        for tag in inside.split('<').skip(1) {
            let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if !(name.starts_with('m') || name == "semantics" || name == "annotation") {
                return false;
            }
        }
        rest = &rest[start + len + 7..];
    }
    true
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (site, templates, hl) = fixed();
    let Ok(doc) = read_doc(Path::new("notes/f.md"), Path::new("notes/f.md"), text.as_bytes().to_vec()) else { return };
    let corpus = Corpus { docs: vec![doc], ..Corpus::default() };
    let (model, _) = model::build(&corpus, true);
    let (graph, _) = links::resolve(&model, &corpus, markdown::options(&site.config.markdown));
    let catalog = catalog::build(&model, &graph);
    let (plan, _) = render::plan(&model, &corpus, &catalog, site);
    let renderer = Renderer::new(site, &corpus, &model, &graph, &catalog, templates, hl);
    for (rel, job) in &plan {
        let Job::Page(_) = job else { continue };
        let Ok(file) = renderer.render(*job, None) else { continue };
        let html = String::from_utf8(file.bytes).expect("UTF-8 output");
        let lower = html.to_ascii_lowercase().replace(THEME_SCRIPT, "");
        assert!(!lower.contains("<script") && !lower.contains("<img"), "markup from a formula in {rel}");
        assert!(math_is_mathml(&html), "a non-MathML tag inside <math> in {rel}");
    }
});
