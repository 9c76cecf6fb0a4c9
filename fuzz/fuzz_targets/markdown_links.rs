//! Markdown and link resolution, through rendering: any text, split into a
//! few files of every kind, gives pages or diagnostics, never a panic; no
//! output path leaves the site, and no `<script>` gets through the default
//! `markdown.raw_html: sanitize`.
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

/// Files take the input's parts in turn (parts are separated by `\u{1}`).
const PATHS: [&str; 6] =
    ["companies/acme.md", "deals/acme-loan.md", "topics/ai.md", "notes/a b/Ünïcode.md", "_index.md", "Notes/x.md"];

const THEME_SCRIPT: &str = "<script src=\"/kb/pivotbook.js\" defer></script>";

fn fixed() -> &'static (Site, Templates, Highlighter) {
    static FIXED: OnceLock<(Site, Templates, Highlighter)> = OnceLock::new();
    FIXED.get_or_init(|| {
        let root = Path::new("/nonexistent-pivotbook-fuzz-root");
        let overrides = Overrides { base_url: Some("https://example.org/kb/".into()), ..Overrides::default() };
        let site = Config::default().with_overrides(root, &overrides).expect("default config");
        let templates = render::templates::load(root, "default").0.expect("built-in theme");
        (site, templates, Highlighter::disabled())
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (site, templates, hl) = fixed();
    let mut docs = Vec::new();
    for (part, path) in text.split('\u{1}').zip(PATHS) {
        if let Ok(doc) = read_doc(Path::new(path), Path::new(path), part.as_bytes().to_vec()) {
            docs.push(doc);
        }
    }
    let corpus = Corpus { docs, ..Corpus::default() };
    let (model, _) = model::build(&corpus, true);
    let (graph, _) = links::resolve(&model, &corpus, markdown::options(&site.config.markdown));
    let catalog = catalog::build(&model, &graph);
    let (plan, _) = render::plan(&model, &corpus, &catalog, site);
    let renderer = Renderer::new(site, &corpus, &model, &graph, &catalog, templates, hl);
    for (rel, job) in &plan {
        assert!(!rel.starts_with('/') && !rel.split('/').any(|s| s == ".." || s == "." || s.is_empty()), "{rel}");
        let Ok(file) = renderer.render(*job, None) else { continue };
        assert_eq!(&file.rel, rel);
        if let Job::Page(_) = job {
            let html = String::from_utf8(file.bytes).expect("UTF-8 output");
            // The theme's own script is the only one allowed.
            let lower = html.to_ascii_lowercase().replace(THEME_SCRIPT, "");
            assert!(!lower.contains("<script"), "script in {rel}");
            assert!(!lower.contains("href=\"javascript:"), "javascript: URL in {rel}");
        }
    }
});
