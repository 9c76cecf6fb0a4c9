//! What the site-building fuzz targets share: a site (default config, the
//! built-in theme, no highlighting) and the pipeline from files to rendered
//! outputs. Included by each target with `#[path = "common.rs"] mod common;`.

#![allow(dead_code)] // each target uses part of it

use std::path::Path;

use pivotbook::config::{Config, Overrides, Site};
use pivotbook::highlight::Highlighter;
use pivotbook::load::{read_doc, Corpus};
use pivotbook::render::templates::Templates;
use pivotbook::render::{self, Job, OutputFile, Renderer};
use pivotbook::{catalog, links, markdown, model};

/// A site at a root that does not exist (nothing is read from disk but the
/// built-in theme), its templates and a highlighter that does nothing.
pub fn site(config: Config, base_url: Option<&str>) -> (Site, Templates, Highlighter) {
    let root = Path::new("/nonexistent-pivotbook-fuzz-root");
    let overrides = Overrides { base_url: base_url.map(str::to_string), ..Overrides::default() };
    let site = config.with_overrides(root, &overrides).expect("default config");
    let templates = render::templates::load(root, "default").0.expect("built-in theme");
    (site, templates, Highlighter::disabled())
}

/// The files (path, text) that read, through the whole pipeline: each
/// planned output path with its job and what rendering it gave.
pub fn render_all(
    (site, templates, hl): &(Site, Templates, Highlighter),
    files: &[(&str, &str)],
) -> Vec<(String, Job, Option<OutputFile>)> {
    let docs = files
        .iter()
        .filter_map(|(path, text)| read_doc(Path::new(path), Path::new(path), text.as_bytes().to_vec(), &Default::default()).ok());
    let corpus = Corpus { docs: docs.collect(), ..Corpus::default() };
    let (model, _) = model::build(&corpus, true);
    let (graph, _) = links::resolve(&model, &corpus, markdown::options(&site.config.markdown));
    let catalog = catalog::build(&model, &graph);
    let (plan, _) = render::plan(&model, &corpus, &catalog, site);
    let renderer = Renderer::new(site, &corpus, &model, &graph, &catalog, templates, hl);
    plan.into_iter()
        .map(|(rel, job)| {
            let out = renderer.render(job, None).ok();
            (rel, job, out)
        })
        .collect()
}

/// An output path stays inside the site: relative, no `.` or `..` or empty segment.
pub fn inside(rel: &str) -> bool {
    !rel.starts_with('/') && !rel.split('/').any(|s| s == ".." || s == "." || s.is_empty())
}
