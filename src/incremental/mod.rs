//! Incremental rebuilds for `serve`: the whole pipeline's values kept in
//! memory, and an edit applied to just what it touches.
//!
//! [`load`] runs load → model → links → catalog → plan once and keeps the
//! corpus, model, every page's markdown scan, link graph, catalog, templates
//! and plan in a [`Session`]. [`Session::apply`] takes the paths the watcher
//! reported: an edit to existing markdown files re-reads and re-parses only
//! those files, re-resolves their links (and, when a title, alias or the
//! headings changed, the links of the pages that could now resolve
//! differently), patches the backlinks of old and new targets, recomputes the
//! catalog and plan (cheap aggregates), and renders only the outputs that
//! depend on what changed (see `incremental/deps`), writing them into serve's
//! folder. Anything else (a file added, removed or turned into a draft, the
//! config, templates, theme) asks the caller for a full reload.
//!
//! While the site has errors nothing is written (the last good site stays
//! served); what would have been written is remembered and written once the
//! errors are fixed. When edits settle, the folder holds exactly what
//! `build` writes (a test checks this byte for byte).

mod deps;
mod graph;
mod output;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use crate::build::Options;
use crate::catalog::{self, Catalog};
use crate::config::{Config, Site};
use crate::diag::{Diagnostic, Diagnostics, Severity, Span};
use crate::links::{self, LinkGraph};
use crate::load::{self, Corpus};
use crate::markdown::{self, Scan};
use crate::model::{self, Model, PageId};
use crate::render::{self, templates::Templates, Job};

pub use graph::{GraphFiles, GraphJob};
pub use output::Output;

/// The state kept between edits.
#[derive(Debug)]
pub struct Session {
    site: Site,
    drafts: bool,
    corpus: Corpus,
    doc_by_rel: HashMap<PathBuf, usize>,
    page_of_doc: HashMap<usize, PageId>,
    asset_rels: HashSet<PathBuf>,
    model: Model,
    /// The names links resolve against.
    names: links::Names,
    scans: Vec<Scan>,
    /// Per page: the pages its links and references count as backlinks of,
    /// with the context, exactly as `links` builds backlinks.
    contrib: Vec<Vec<(PageId, String)>>,
    graph: LinkGraph,
    catalog: Catalog,
    templates: Templates,
    syntax_css: String,
    plan: Vec<(String, Job)>,
    /// Per page: its number in the search index (pages, in plan order).
    search_numbers: Vec<Option<u32>>,
    /// The search index, kept to rewrite only the files an edit changes.
    search: crate::search::Index,
    /// Outputs that show a mermaid diagram (its script is written while any do).
    mermaid_pages: BTreeSet<String>,
    /// The link graph's files, refreshed in the background.
    graph_state: graph::GraphState,
    md_opts: pulldown_cmark::Options,
    /// Diagnostics of the config, templates and files that could not be read at load.
    global_diags: Vec<Diagnostic>,
    plan_diags: Vec<Diagnostic>,
    /// Per corpus document: reading and front matter diagnostics.
    doc_diags: HashMap<usize, Vec<Diagnostic>>,
    /// Per page: its links' diagnostics.
    page_diags: Vec<Vec<Diagnostic>>,
    /// Embeds that close a cycle (whole-site, found again after each relink).
    cycle_diags: Vec<Diagnostic>,
    /// The day `expected` milestones are judged on, and what `freshness` says (after each edit).
    today: crate::model::PartialDate,
    freshness_diags: Vec<Diagnostic>,
    /// Per output path: a template failure.
    render_diags: HashMap<String, Diagnostic>,
    pending: Pending,
    /// Which whole-site outputs the current update must render again.
    site_change: deps::SiteChange,
    /// Time of each step of the last update.
    timings: Vec<(String, Duration)>,
    lap: Instant,
}

/// What could not be written while the site had errors.
#[derive(Debug, Default)]
enum Pending {
    #[default]
    Nothing,
    Pages(BTreeSet<PageId>),
    All,
}

/// What [`Session::apply`] did.
#[derive(Debug)]
pub enum Step {
    /// Nothing the site depends on changed.
    Unchanged,
    /// The change needs a full reload ([`load`] then [`Session::write_all`]).
    Full(&'static str),
    /// The pages that depend on the change were rendered.
    Updated(Written),
}

/// What a write did.
#[derive(Debug, Default)]
pub struct Written {
    /// Files rendered (or copied).
    pub rendered: usize,
    /// Output paths whose bytes changed, created or deleted.
    pub changed: Vec<String>,
    /// False when errors kept the site from being written.
    pub written: bool,
}

/// Loads the whole site. `Ok(None)` when the config, templates or highlight
/// themes are broken (the diagnostics say why); content errors still give a
/// session. Errors are for what stops `serve` itself (no root or content).
pub fn load(opts: &Options) -> Result<(Option<Session>, Diagnostics)> {
    let root = &opts.root;
    if !root.is_dir() {
        bail!("the site root `{}` does not exist or is not a folder", root.display());
    }
    let mut diags = Diagnostics::new();
    let site = match Config::load(root).and_then(|c| c.with_overrides(root, &opts.overrides)) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return Ok((None, diags));
        }
    };
    if !site.content_dir.is_dir() {
        bail!("the content folder `{}` does not exist", site.content_dir.display());
    }
    let (mut corpus, mut load_diags) = load::load(root, &site.content_dir, site.kinds.clone());
    if site.config.markdown.raw_html == crate::config::RawHtml::Sanitize {
        load_diags.extend(load::hold_back_markup(root, &mut corpus));
    }
    let mut doc_diags: HashMap<usize, Vec<Diagnostic>> = HashMap::new();
    let (model, model_diags) = model::build(&corpus, opts.drafts);
    let doc_index: HashMap<&Path, usize> =
        corpus.docs.iter().enumerate().map(|(i, d)| (d.display.as_path(), i)).collect();
    let mut global_diags = load_diags;
    for d in model_diags {
        // A collision involves two files, so it stays until the next full load.
        match doc_index.get(d.span.path.as_path()) {
            Some(&i) if d.code != "url-collision" => doc_diags.entry(i).or_default().push(d),
            _ => global_diags.push(d),
        }
    }
    let md_opts = markdown::options(&site.config.markdown);
    let scans: Vec<Scan> = {
        use rayon::prelude::*;
        model.pages.par_iter().map(|p| markdown::scan(corpus.docs[p.doc].body_text(), md_opts)).collect()
    };
    let all: Vec<PageId> = (0..model.pages.len() as u32).map(PageId).collect();
    let names = links::Names::new(&model, &corpus, site.config.links);
    let resolved = links::resolve_pages(&model, &corpus, &names, &scans, &all);
    let mut graph = LinkGraph::default();
    let mut page_diags = Vec::with_capacity(resolved.len());
    for (links, refs, ds) in resolved {
        graph.links.push(links);
        graph.refs.push(refs);
        page_diags.push(ds);
    }
    for s in &scans {
        graph.headings.push(s.headings.clone());
        graph.blocks.push(s.blocks.clone());
        graph.tags.push(links::inline_tags(s.tags.clone()));
    }
    let contrib: Vec<Vec<(PageId, String)>> = all
        .iter()
        .map(|&id| {
            let i = id.0 as usize;
            links::contributions(id, &graph.links[i], &graph.refs[i], &scans[i])
        })
        .collect();
    graph.backlinks = links::backlinks(model.pages.len(), contrib.clone());
    let cycle_diags = links::embed_cycles(&model, &corpus, &graph.links, &scans);
    let (templates, template_diags) = render::templates::load(root, &site.config.theme);
    global_diags.extend(template_diags);
    let syntax_css =
        crate::highlight::stylesheet(&site.config.markdown.highlight_theme, &site.config.markdown.highlight_theme_dark);
    let syntax_css = match syntax_css {
        Ok(css) => Some(css),
        Err(msg) => {
            global_diags.push(
                Diagnostic::error("invalid-config", Span::file(crate::config::CONFIG_FILE), msg)
                    .with_help(format!("available themes: {}", crate::highlight::theme_names().join(", "))),
            );
            None
        }
    };
    let catalog = catalog::build(&model, &graph);
    let (plan, plan_diags) = render::plan(&model, &corpus, &catalog, &site);
    let (Some(templates), Some(syntax_css)) = (templates, syntax_css) else {
        diags.extend(global_diags);
        diags.extend(doc_diags.into_values().flatten());
        diags.sort();
        return Ok((None, diags));
    };
    let search_numbers = crate::search::numbers(&plan, model.pages.len());
    let session = Session {
        doc_by_rel: corpus.docs.iter().enumerate().map(|(i, d)| (d.rel.clone(), i)).collect(),
        page_of_doc: model.pages.iter().enumerate().map(|(i, p)| (p.doc, PageId(i as u32))).collect(),
        asset_rels: corpus.assets.iter().map(|a| a.rel.clone()).collect(),
        site,
        drafts: opts.drafts,
        corpus,
        model,
        names,
        scans,
        contrib,
        graph,
        catalog,
        templates,
        syntax_css,
        search_numbers,
        plan,
        search: Default::default(),
        mermaid_pages: BTreeSet::new(),
        graph_state: Default::default(),
        md_opts,
        global_diags,
        plan_diags,
        doc_diags,
        page_diags,
        cycle_diags,
        today: opts.today.unwrap_or_else(crate::freshness::today),
        freshness_diags: Vec::new(),
        render_diags: HashMap::new(),
        pending: Pending::All,
        site_change: deps::SiteChange::default(),
        timings: Vec::new(),
        lap: Instant::now(),
    };
    let mut session = session;
    session.freshness_diags = crate::freshness::check(&session.model, &session.corpus, session.today, None);
    let diags = session.diagnostics();
    Ok((Some(session), diags))
}

/// How the watcher's path relates to the site.
enum Change {
    Ignore,
    Full(&'static str),
    Doc(usize),
    Asset(PathBuf),
}

fn hidden(rel: &Path) -> bool {
    rel.components().any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.') && s.len() > 1))
}

impl Session {
    /// The site's settings.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The time of each step of the last update (`serve --timings`).
    pub fn timings(&self) -> &[(String, Duration)] {
        &self.timings
    }

    fn lap(&mut self, step: &str) {
        let now = Instant::now();
        self.timings.push((step.to_string(), now - self.lap));
        self.lap = now;
    }

    /// Every current diagnostic, sorted, as `build` would report them.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut d = Diagnostics::new();
        d.extend(self.global_diags.iter().cloned());
        d.extend(self.plan_diags.iter().cloned());
        d.extend(self.doc_diags.values().flatten().cloned());
        d.extend(self.page_diags.iter().flatten().cloned());
        d.extend(self.cycle_diags.iter().cloned());
        d.extend(self.catalog.diagnostics.iter().cloned());
        d.extend(self.freshness_diags.iter().cloned());
        d.extend(self.render_diags.values().cloned());
        for (i, p) in self.model.pages.iter().enumerate() {
            if p.kind != load::EntityKind::Home && self.graph.backlinks[i].is_empty() {
                d.push(
                    Diagnostic::warning(
                        "orphan-page",
                        Span::file(&self.corpus.docs[p.doc].display),
                        format!("no other page links to `{}`", p.path_key),
                    )
                    .with_help("link it from a related page's text or front matter"),
                );
            }
        }
        d.sort();
        d
    }

    fn has_errors(&self) -> bool {
        let err = |d: &Diagnostic| d.severity == Severity::Error;
        self.global_diags.iter().any(err)
            || self.plan_diags.iter().any(err)
            || self.doc_diags.values().flatten().any(err)
            || self.page_diags.iter().flatten().any(err)
            || self.catalog.diagnostics.iter().any(err)
            || self.render_diags.values().any(err)
    }

    fn classify(&self, path: &Path, out: &Path) -> Change {
        if path.starts_with(out) {
            return Change::Ignore;
        }
        let root = &self.site.root;
        if let Ok(rel) = path.strip_prefix(&self.site.content_dir) {
            if rel.as_os_str().is_empty() {
                return Change::Full("the content folder changed");
            }
            if hidden(rel) || rel.to_string_lossy().ends_with('~') {
                return Change::Ignore;
            }
            let exists = path.exists();
            if path.is_dir() {
                return Change::Full("a folder was added");
            }
            let is_md = rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
            if is_md {
                return match (exists, self.doc_by_rel.get(rel)) {
                    (true, Some(&i)) => Change::Doc(i),
                    (false, None) if !self.under_known(rel) => Change::Ignore,
                    (true, None) => Change::Full("a page was added"),
                    _ => Change::Full("a page was removed"),
                };
            }
            return match (exists, self.asset_rels.contains(rel)) {
                (true, true) => Change::Asset(rel.to_path_buf()),
                (false, false) if !self.under_known(rel) => Change::Ignore,
                (true, false) => Change::Full("a file was added"),
                _ => Change::Full("a file was removed"),
            };
        }
        if path == root.join(crate::config::CONFIG_FILE)
            || path.starts_with(root.join("templates"))
            || path.starts_with(root.join("themes"))
        {
            return Change::Full("the config, templates or theme changed");
        }
        Change::Ignore
    }

    /// Whether some known file lies under `rel` (a removed folder).
    fn under_known(&self, rel: &Path) -> bool {
        self.doc_by_rel.keys().chain(&self.asset_rels).any(|k| k.starts_with(rel) && k != rel)
    }

    /// Applies the changed `paths` (absolute, as the watcher reports them).
    pub fn apply(&mut self, paths: &[PathBuf], out: &mut Output) -> Result<Step> {
        self.timings.clear();
        self.lap = Instant::now();
        self.site_change = deps::SiteChange::default();
        let mut docs = BTreeSet::new();
        let mut assets = Vec::new();
        for p in paths {
            match self.classify(p, out.dir()) {
                Change::Ignore => {}
                Change::Full(why) => return Ok(Step::Full(why)),
                Change::Doc(i) => {
                    docs.insert(i);
                }
                Change::Asset(rel) => assets.push(rel),
            }
        }
        if docs.is_empty() && assets.is_empty() {
            return Ok(Step::Unchanged);
        }
        let mut affected = BTreeSet::new();
        if !docs.is_empty() {
            match self.reparse(&docs)? {
                Some(a) => affected = a,
                None => return Ok(Step::Full("a page was turned into a draft or back")),
            }
        }
        if self.has_errors() {
            match &mut self.pending {
                Pending::All => {}
                Pending::Pages(p) => p.extend(affected),
                pending @ Pending::Nothing => *pending = Pending::Pages(affected),
            }
            return Ok(Step::Updated(Written::default()));
        }
        let mut written = match std::mem::take(&mut self.pending) {
            Pending::All => return Ok(Step::Updated(self.write_all(out)?)),
            Pending::Pages(p) => {
                affected.extend(p);
                self.site_change.everything = true;
                self.write_pages(out, &affected)?
            }
            Pending::Nothing => self.write_pages(out, &affected)?,
        };
        for rel in assets {
            let name = rel.to_string_lossy().replace('\\', "/");
            if out.copy(&name, &self.site.content_dir.join(&rel))? {
                written.changed.push(name);
            }
            written.rendered += 1;
        }
        Ok(Step::Updated(written))
    }

    /// Re-reads and re-parses edited documents and relinks what they touch.
    /// Returns the pages whose output may have changed, or `None` when the
    /// set of pages changed (a full reload is needed).
    fn reparse(&mut self, docs: &BTreeSet<usize>) -> Result<Option<BTreeSet<PageId>>> {
        let mut changed = Vec::new();
        for &i in docs {
            let old = &self.corpus.docs[i];
            let abs = self.site.content_dir.join(&old.rel);
            let Ok(bytes) = std::fs::read(&abs) else { return Ok(None) };
            let doc = match load::read_doc(&old.rel, &old.display, bytes, &self.corpus.kinds) {
                Ok(d) => d,
                Err(d) => {
                    self.doc_diags.insert(i, vec![d]);
                    continue;
                }
            };
            let Some(&id) = self.page_of_doc.get(&i) else { return Ok(None) };
            let (page, ds) = model::read_one(i, &doc, &self.corpus.kinds, self.drafts);
            if doc.front_text() != old.front_text() {
                self.site_change.front(doc.kind);
            }
            if doc.kind == load::EntityKind::Home {
                self.site_change.home = true;
            }
            self.corpus.docs[i] = doc;
            self.doc_diags.insert(i, ds);
            match page {
                Ok(page) => {
                    let topics = |p: &model::Page| p.topics.iter().map(|r| r.text.clone()).collect::<Vec<_>>();
                    if topics(&page) != topics(self.model.page(id)) {
                        self.site_change.topics = true;
                    }
                    let old = std::mem::replace(&mut self.model.pages[id.0 as usize], page);
                    changed.push((id, old));
                }
                // The last good page stays until the front matter parses again.
                Err(None) => {}
                Err(Some(u)) if u.failed => {}
                // Now a draft or unpublished: the set of pages changed.
                Err(Some(_)) => return Ok(None),
            }
        }
        Ok(Some(self.relink(&changed)))
    }

    /// Rescans and relinks changed pages (and pages whose links may now
    /// resolve differently); returns the pages whose output depends on them.
    fn relink(&mut self, changed: &[(PageId, model::Page)]) -> BTreeSet<PageId> {
        let mut names_changed = HashSet::new();
        let mut headings_changed = Vec::new();
        for (id, old) in changed {
            let i = id.0 as usize;
            let new = &self.model.pages[i];
            let scan = markdown::scan(self.corpus.docs[new.doc].body_text(), self.md_opts);
            if deps::anchors(&scan) != deps::anchors(&self.scans[i]) {
                headings_changed.push(*id);
            }
            let tags = links::inline_tags(scan.tags.clone());
            if tags != self.graph.tags[i] {
                self.site_change.tags = true;
                self.graph.tags[i] = tags;
            }
            self.graph.headings[i] = scan.headings.clone();
            self.graph.blocks[i] = scan.blocks.clone();
            self.scans[i] = scan;
            let (a, b) = (deps::names(old), deps::names(new));
            if a != b {
                self.names.rename(*id, &a, &b);
                names_changed.extend(a.symmetric_difference(&b).cloned());
            }
        }
        self.lap("read, parse, scan");
        let relink = deps::to_relink(
            &self.model,
            &self.scans,
            &self.graph,
            &self.page_diags,
            changed.iter().map(|(id, _)| *id),
            &names_changed,
            &headings_changed,
        );
        if relink.len() > changed.len() {
            self.site_change.everything = true;
        }
        let list: Vec<PageId> = relink.iter().copied().collect();
        self.lap("find pages to relink");
        let resolved = links::resolve_pages(&self.model, &self.corpus, &self.names, &self.scans, &list);
        self.lap("relink");
        let mut targets = BTreeSet::new();
        let mut touched = BTreeSet::new();
        let mut catalog_stale = self.site_change.any || self.site_change.everything || self.site_change.tags;
        for (&id, (links, refs, ds)) in list.iter().zip(resolved) {
            let i = id.0 as usize;
            self.graph.links[i] = links;
            self.graph.refs[i] = refs;
            self.page_diags[i] = ds;
            let new = links::contributions(id, &self.graph.links[i], &self.graph.refs[i], &self.scans[i]);
            let old = std::mem::replace(&mut self.contrib[i], new);
            // A company's feed lists the notes that link to it.
            if self.model.page(id).kind == load::EntityKind::Note {
                let set = |c: &[(PageId, String)]| c.iter().map(|(t, _)| *t).collect::<HashSet<PageId>>();
                let (a, b) = (set(&old), set(&self.contrib[i]));
                let company = |t: &PageId| self.model.page(*t).kind == load::EntityKind::Company;
                catalog_stale |= a.symmetric_difference(&b).any(company);
            }
            for (to, _) in &old {
                self.graph.backlinks[to.0 as usize].retain(|b| b.from != id);
                touched.insert(*to);
            }
            for (to, context) in &self.contrib[i] {
                self.graph.backlinks[to.0 as usize].push(links::Backlink { from: id, context: context.clone() });
                touched.insert(*to);
            }
            targets.extend(old.into_iter().map(|(t, _)| t));
        }
        for t in &touched {
            self.graph.backlinks[t.0 as usize].sort();
        }
        targets.extend(touched);
        self.cycle_diags = links::embed_cycles(&self.model, &self.corpus, &self.graph.links, &self.scans);
        self.lap("backlinks");
        let old_feeds: HashSet<PageId> = self.catalog.page_feeds.keys().copied().collect();
        let old_site_feed_empty = self.catalog.site_feed.is_empty();
        // The catalog reads front matter (kinds, dates, titles, amounts,
        // parties, topics) and which notes link to each company; an edit
        // that changed neither leaves it as it is.
        if catalog_stale {
            self.catalog = catalog::build(&self.model, &self.graph);
        }
        self.freshness_diags = crate::freshness::check(&self.model, &self.corpus, self.today, None);
        self.lap("catalog");
        // The plan changes only with redirects, feeds appearing or going, or the site feed.
        let feeds_same = self.catalog.page_feeds.len() == old_feeds.len()
            && self.catalog.page_feeds.keys().all(|k| old_feeds.contains(k))
            && self.catalog.site_feed.is_empty() == old_site_feed_empty;
        let redirects_same = changed.iter().all(|(id, old)| old.redirect_from == self.model.page(*id).redirect_from);
        if !(feeds_same && redirects_same) || self.site_change.tags {
            let (plan, plan_diags) = render::plan(&self.model, &self.corpus, &self.catalog, &self.site);
            if plan != self.plan {
                self.site_change.everything = true;
            }
            self.plan = plan;
            self.plan_diags = plan_diags;
        }
        self.lap("plan");
        let affected = deps::affected(&self.model, &self.graph, &self.scans, &self.contrib, changed, &relink, targets);
        self.lap("affected pages");
        affected
    }
}
