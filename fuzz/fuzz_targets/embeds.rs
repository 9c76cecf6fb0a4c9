//! Embeds: four notes whose bodies come from the input (parts separated by
//! the byte `0x01`), embedding each other in any way (`![[b]]`,
//! `![[c#Heading]]`, `![[d#^block]]`, cycles, fan-out). Never a panic; every
//! page is bounded by the embed budget (its own text, escaped, plus at most
//! `MAX_EMBED_BYTES` of embedded HTML and the theme); output paths stay in
//! the site.
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

const PATHS: [&str; 4] = ["a.md", "b.md", "c.md", "d.md"];
/// The embed budget of `render/embed` (4 MiB), and room for a page's own text and the theme.
const BUDGET: usize = 4 << 20;

fn fixed() -> &'static (Site, Templates, Highlighter) {
    static FIXED: OnceLock<(Site, Templates, Highlighter)> = OnceLock::new();
    FIXED.get_or_init(|| {
        let root = Path::new("/nonexistent-pivotbook-fuzz-root");
        let site = Config::default().with_overrides(root, &Overrides::default()).expect("default config");
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
    let own: usize = text.len();
    let corpus = Corpus { docs, ..Corpus::default() };
    let (model, _) = model::build(&corpus, true);
    let (graph, _) = links::resolve(&model, &corpus, markdown::options(&site.config.markdown));
    let catalog = catalog::build(&model, &graph);
    let (plan, _) = render::plan(&model, &corpus, &catalog, site);
    let renderer = Renderer::new(site, &corpus, &model, &graph, &catalog, templates, hl);
    for (rel, job) in &plan {
        assert!(!rel.starts_with('/') && !rel.split('/').any(|s| s == ".." || s == "." || s.is_empty()), "{rel}");
        let Job::Page(_) = job else { continue };
        let Ok(file) = renderer.render(*job, None) else { continue };
        // Escaping grows text at most 6 times (`"` → `&quot;`); the theme adds well under 1 MB.
        let bound = BUDGET + 8 * own + (1 << 20);
        assert!(file.bytes.len() <= bound, "{rel} is {} bytes, over {bound}", file.bytes.len());
    }
});
