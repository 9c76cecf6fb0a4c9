//! The one pipeline `build`, `check` and `serve` run: [`prepare`] (config →
//! load → model → links → catalog → plan → claims), then [`render`] (each
//! job into a [`crate::write::Sink`]: the build's stage, or serve's live
//! folder).
//!
//! [`Prepared`] is the central value: everything a render reads, and every
//! diagnostic found so far kept by where it came from, so `serve` can
//! replace one page's share after an edit and both commands report the same
//! list ([`Prepared::diagnostics`]). `build::run` prepares once, renders every
//! job into a stage and commits it; `incremental::Session` keeps a `Prepared`
//! between edits and renders the jobs an edit touched into its live folder.

mod jobs;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use crate::build::Options;
use crate::catalog::{self, Catalog};
use crate::config::{Config, Site};
use crate::diag::{Diagnostic, Diagnostics, Severity, Span};
use crate::links::{self, LinkGraph, Names};
use crate::load::{self, Corpus};
use crate::markdown::{self, Scan};
use crate::model::{self, Model, PageId, PartialDate};
use crate::render::{self, templates::Templates, Job};

pub use jobs::{render, Rendered};

/// What renders pages: the compiled templates, the highlighting themes'
/// classes and their stylesheet.
#[derive(Debug)]
pub struct Theme {
    /// The templates.
    pub templates: Templates,
    /// The classes highlighted code is written with, and their stylesheet.
    pub palette: std::sync::Arc<crate::highlight::Palette>,
}

/// Everything the site is rendered from, with the diagnostics of each stage.
#[derive(Debug)]
pub struct Prepared {
    /// Settings.
    pub site: Site,
    /// Whether drafts are pages.
    pub drafts: bool,
    /// The content folder's files.
    pub corpus: Corpus,
    /// The pages.
    pub model: Model,
    /// How markdown is parsed.
    pub md_opts: markdown::Syntax,
    /// The names links resolve against.
    pub names: Names,
    /// Per page: its markdown scan.
    pub scans: Vec<Scan>,
    /// Per page: the pages its links and references count as backlinks of.
    pub contrib: Vec<Vec<(PageId, links::Context)>>,
    /// The resolved links.
    pub graph: LinkGraph,
    /// Aggregates.
    pub catalog: Catalog,
    /// Every output file and its job, sorted by path.
    pub plan: Vec<(String, Job)>,
    /// Per page: its number in the search index and the link graph (pages in plan order).
    pub search_numbers: Vec<Option<u32>>,
    /// The day `expected` milestones are judged on.
    pub today: PartialDate,
    /// `--stale-after`.
    pub stale_after: Option<u32>,
    /// The diagnostics, by where they came from.
    pub diags: Found,
    /// Time of each stage of [`prepare`].
    pub timings: Vec<(&'static str, Duration)>,
}

/// The diagnostics of a [`Prepared`] site, kept apart by source so that
/// `serve` replaces only what an edit can change.
#[derive(Debug, Default)]
pub struct Found {
    /// The config, unreadable files, templates, highlight themes.
    pub global: Vec<Diagnostic>,
    /// Per corpus document: reading and front matter problems.
    pub docs: HashMap<usize, Vec<Diagnostic>>,
    /// Per page: its links.
    pub pages: Vec<Vec<Diagnostic>>,
    /// Embeds that close a cycle.
    pub cycles: Vec<Diagnostic>,
    /// Per page: `expected` milestones passed, not reviewed.
    pub freshness: Vec<Vec<Diagnostic>>,
    /// Output paths claimed twice, as the plan finds them.
    pub plan: Vec<Diagnostic>,
    /// Output paths without one owner or a name a filesystem takes (`write::claims`).
    pub claims: Vec<Diagnostic>,
    /// Per output path: a template failure.
    pub render: HashMap<String, Diagnostic>,
}

/// What [`prepare`] gives: the prepared site and its theme (when the
/// config could be read), and the diagnostics found before there was one.
pub type Outcome = (Option<(Prepared, Option<Theme>)>, Diagnostics);

/// Runs the pipeline up to the plan. `Ok(None)` when the config cannot be
/// read (the diagnostics say why); `after_load` runs once the content is
/// loaded (the build starts listing its previous output there, so the two
/// walks do not compete). The theme is `None` when the templates or the
/// highlight themes are broken. Errors are for what stops the command
/// itself: no site root, no content folder, an unreadable theme folder.
pub fn prepare(opts: &Options, after_load: impl FnOnce(&Site)) -> Result<Outcome> {
    prepare_holding(opts, after_load, Hold::All)
}

/// [`prepare`] for a build, which renders every page once: notes' bodies
/// are not held (the link scan and the renderer read each back from disk,
/// see [`Corpus::body`]), so 100,000 notes do not hold their 800 MB of
/// text, and every page's scan and the backlink contributions are let go
/// as soon as the pages are linked, and so are the names links resolve
/// against. `serve` keeps them all
/// ([`prepare`]) to relink and render again after an edit.
pub fn prepare_for_build(opts: &Options, after_load: impl FnOnce(&Site)) -> Result<Outcome> {
    prepare_holding(opts, after_load, Hold::Links)
}

/// What [`prepare_holding`] keeps once the pages are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hold {
    /// Texts, scans and contributions (serve).
    All,
    /// Only the link graph (a build).
    Links,
}

fn prepare_holding(opts: &Options, after_load: impl FnOnce(&Site), hold: Hold) -> Result<Outcome> {
    let root = &opts.root;
    if !root.is_dir() {
        bail!("the site root `{}` does not exist or is not a folder", root.display());
    }
    let mut diags = Diagnostics::new();
    let mut timings = Vec::new();
    let mut last = Instant::now();
    let mut lap = |name: &'static str| {
        let now = Instant::now();
        timings.push((name, now - last));
        last = now;
    };
    let mut site = match Config::load(root).and_then(|c| c.with_overrides(root, &opts.overrides)) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return Ok((None, diags));
        }
    };
    if !site.content_dir.is_dir() {
        bail!("the content folder `{}` does not exist", site.content_dir.display());
    }
    // The theme needs only the configuration: it is parsed on a thread of
    // its own while the content loads, is parsed and linked.
    let theme_job = {
        let (root, markdown) = (root.clone(), site.config.markdown.clone());
        let theme = site.config.theme.clone();
        std::thread::spawn(move || {
            let templates = render::templates::load(&root, &theme);
            let palette = crate::highlight::Palette::new(&markdown.highlight_theme, &markdown.highlight_theme_dark)
                .map(std::sync::Arc::new);
            (templates, palette)
        })
    };
    let bodies = if hold == Hold::Links { load::Bodies::OnDiskBeyond(load::HELD_BUDGET) } else { load::Bodies::Held };
    let (mut corpus, mut global) = load::load_site(&site, bodies);
    let (math_preamble, math_diags) = load::math_preamble(&site);
    site.config.markdown.math_preamble = math_preamble;
    global.extend(math_diags);
    if site.config.markdown.raw_html == crate::config::RawHtml::Sanitize {
        global.extend(load::hold_back_markup(root, &mut corpus));
    }
    lap("load");
    after_load(&site);
    let (model, model_diags) = model::build(&corpus, opts.drafts);
    let mut found = Found { global, ..Found::default() };
    let doc_index: HashMap<&Path, usize> =
        corpus.docs.iter().enumerate().map(|(i, d)| (d.display.as_path(), i)).collect();
    for d in model_diags {
        // A collision involves two files: it is the whole site's, until the next full load.
        match doc_index.get(d.span.path.as_path()) {
            Some(&i) if d.code != "url-collision" => found.docs.entry(i).or_default().push(d),
            _ => found.global.push(d),
        }
    }
    drop(doc_index);
    let today = opts.today.unwrap_or_else(crate::freshness::today);
    found.freshness = crate::freshness::check(&model, &corpus, today, opts.stale_after);
    lap("parse");
    let md_opts = markdown::options(&site.config.markdown);
    let linked = match hold {
        Hold::All => links::link_all(&model, &corpus, &md_opts, site.config.links),
        Hold::Links => links::link_all_once(&model, &corpus, &md_opts, site.config.links),
    };
    let links::Linked { names, scans, contrib, graph, page_diags, cycle_diags } = linked;
    // A build resolves no link after this, so it lets the names go (at 100,000
    // notes, every title, alias, path and URL keyed once more); serve keeps them.
    let names = match hold {
        Hold::All => names,
        Hold::Links => Names::new(&Model::default(), &Corpus::default(), site.config.links),
    };
    found.pages = page_diags;
    found.cycles = cycle_diags;
    lap("link");
    let Ok(((templates, ds), palette)) = theme_job.join() else { bail!("loading the theme stopped unexpectedly") };
    found.global.extend(ds);
    let palette = match palette {
        Ok(p) => Some(p),
        Err(msg) => {
            found.global.push(
                Diagnostic::error("invalid-config", Span::file(crate::config::CONFIG_FILE), msg)
                    .with_help(format!("available themes: {}", crate::highlight::theme_names().join(", "))),
            );
            None
        }
    };
    let (reading_order, reading_diags) = render::reading_order(&model, &site);
    found.global.extend(reading_diags);
    let catalog = catalog::build(&model, &graph, reading_order, site.config.paginate);
    let (plan, plan_diags) = render::plan(&model, &corpus, &catalog, &site);
    let search_numbers = crate::search::numbers(&plan, model.pages.len());
    let mut p = Prepared {
        site,
        drafts: opts.drafts,
        corpus,
        model,
        md_opts,
        names,
        scans,
        contrib,
        graph,
        catalog,
        plan,
        search_numbers,
        today,
        stale_after: opts.stale_after,
        diags: found,
        timings: Vec::new(),
    };
    p.diags.plan = plan_diags;
    let theme = match (templates, palette) {
        (Some(templates), Some(palette)) => Some(Theme { templates, palette }),
        _ => None,
    };
    if let Some(theme) = &theme {
        p.check_claims(theme)?;
    }
    lap("prepare");
    p.timings = timings;
    Ok((Some((p, theme)), diags))
}

impl Prepared {
    /// Every diagnostic found so far, in no order (orphans are not kept:
    /// they follow from the whole graph, see [`Prepared::diagnostics`]).
    fn found(&self) -> impl Iterator<Item = &Diagnostic> {
        let found = &self.diags;
        (found.global.iter().chain(&found.plan).chain(&found.claims))
            .chain(found.docs.values().flatten())
            .chain(found.pages.iter().flatten())
            .chain(&found.cycles)
            .chain(&self.catalog.diagnostics)
            .chain(found.freshness.iter().flatten())
            .chain(found.render.values())
    }

    /// Every diagnostic, sorted: what `build` reports and `serve` shows.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut found: Vec<Diagnostic> = self.found().cloned().collect();
        links::fold_missing_alt(&mut found, self.site.config.links);
        links::fold_unknown_math(&mut found, self.site.config.links);
        let mut d = Diagnostics::new();
        d.extend(found);
        d.extend(links::orphans(&self.model, &self.corpus, &self.graph, self.site.config.links));
        d.sort();
        d
    }

    /// Whether any diagnostic is an error (then nothing is written; orphans are warnings).
    pub fn has_errors(&self) -> bool {
        self.found().any(|d| d.severity == Severity::Error)
    }

    /// Checks, before the first write, that every output path has one owner
    /// and a name a filesystem takes (see `write::claims`).
    pub fn check_claims(&mut self, theme: &Theme) -> Result<()> {
        let claims = crate::build::claims(self, theme)?;
        let plan = &self.diags.plan;
        // One collision per file: `plan` may have reported this one already.
        self.diags.claims = crate::write::claims::check(&claims)
            .into_iter()
            .filter(|d| !plan.iter().any(|p| p.span == d.span && p.code == d.code))
            .collect();
        Ok(())
    }

    /// The pages in search-index order, for the link graph.
    pub fn numbered_pages(&self) -> Vec<PageId> {
        render::pages_in_order(&self.plan).collect()
    }
}
