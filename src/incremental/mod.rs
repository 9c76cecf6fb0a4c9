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

use anyhow::Result;

use crate::build::Options;
use crate::catalog;
use crate::config::Site;
use crate::diag::Diagnostics;
use crate::highlight::Highlighter;
use crate::links;
use crate::load;
use crate::markdown;
use crate::model::{self, PageId};
use crate::pipeline::{self, Prepared, Theme};
use crate::render;
use crate::write::Live;

pub use graph::{GraphFiles, GraphJob};

/// The state kept between edits.
#[derive(Debug)]
pub struct Session {
    /// The pipeline's values and diagnostics, as `build` prepares them.
    p: Prepared,
    theme: Theme,
    hl: Highlighter,
    doc_by_rel: HashMap<PathBuf, usize>,
    page_of_doc: HashMap<usize, PageId>,
    asset_rels: HashSet<PathBuf>,
    /// The search index, kept to rewrite only the files an edit changes.
    search: crate::search::Index,
    /// Outputs that show a mermaid diagram (its script is written while any do).
    mermaid_pages: BTreeSet<String>,
    /// The link graph's files, refreshed in the background.
    graph_state: graph::GraphState,
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

/// Loads the whole site: the pipeline `build` runs, up to the plan.
/// `Ok(None)` when the config, templates or highlight themes are broken
/// (the diagnostics say why); content errors still give a session. Errors
/// are for what stops `serve` itself (no root or content).
pub fn load(opts: &Options) -> Result<(Option<Session>, Diagnostics)> {
    let (prepared, mut diags) = pipeline::prepare(opts, |_| ())?;
    let Some((p, theme)) = prepared else { return Ok((None, diags)) };
    let Some(theme) = theme else {
        diags.extend(p.diagnostics().into_vec());
        diags.sort();
        return Ok((None, diags));
    };
    let session = Session {
        doc_by_rel: p.corpus.docs.iter().enumerate().map(|(i, d)| (d.rel.clone(), i)).collect(),
        page_of_doc: p.model.pages.iter().enumerate().map(|(i, pg)| (pg.doc, PageId(i as u32))).collect(),
        asset_rels: p.corpus.assets.iter().map(|a| a.rel.clone()).collect(),
        p,
        theme,
        hl: Highlighter::new(),
        search: Default::default(),
        mermaid_pages: BTreeSet::new(),
        graph_state: Default::default(),
        pending: Pending::All,
        site_change: deps::SiteChange::default(),
        timings: Vec::new(),
        lap: Instant::now(),
    };
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
        &self.p.site
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
        self.p.diagnostics()
    }

    fn has_errors(&self) -> bool {
        self.p.has_errors()
    }

    fn classify(&self, path: &Path, out: &Path) -> Change {
        if path.starts_with(out) {
            return Change::Ignore;
        }
        let root = &self.p.site.root;
        if let Ok(rel) = path.strip_prefix(&self.p.site.content_dir) {
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
    pub fn apply(&mut self, paths: &[PathBuf], out: &mut Live) -> Result<Step> {
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
            if out.copy(&name, &self.p.site.content_dir.join(&rel))? {
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
            let old = &self.p.corpus.docs[i];
            let abs = self.p.site.content_dir.join(&old.rel);
            let Ok(bytes) = std::fs::read(&abs) else { return Ok(None) };
            let doc = match load::read_doc(&old.rel, &old.display, bytes) {
                Ok(d) => d,
                Err(d) => {
                    self.p.diags.docs.insert(i, vec![d]);
                    continue;
                }
            };
            let Some(&id) = self.page_of_doc.get(&i) else { return Ok(None) };
            let (page, ds) = model::read_one(i, &doc, self.p.drafts);
            if doc.front_text() != old.front_text() {
                self.site_change.front(doc.kind);
            }
            if doc.kind == load::EntityKind::Home {
                self.site_change.home = true;
            }
            self.p.corpus.docs[i] = doc;
            self.p.diags.docs.insert(i, ds);
            match page {
                Ok(page) => {
                    let topics = |p: &model::Page| p.topics.iter().map(|r| r.text.clone()).collect::<Vec<_>>();
                    if topics(&page) != topics(self.p.model.page(id)) {
                        self.site_change.topics = true;
                    }
                    let old = std::mem::replace(&mut self.p.model.pages[id.0 as usize], page);
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
            let new = &self.p.model.pages[i];
            let scan = markdown::scan(self.p.corpus.docs[new.doc].body_text(), self.p.md_opts);
            if deps::anchors(&scan) != deps::anchors(&self.p.scans[i]) {
                headings_changed.push(*id);
            }
            let tags = links::inline_tags(scan.tags.clone());
            if tags != self.p.graph.tags[i] {
                self.site_change.tags = true;
                self.p.graph.tags[i] = tags;
            }
            self.p.graph.headings[i] = scan.headings.clone();
            self.p.graph.blocks[i] = scan.blocks.clone();
            self.p.scans[i] = scan;
            let (a, b) = (deps::names(old), deps::names(new));
            if a != b {
                self.p.names.rename(*id, &a, &b);
                names_changed.extend(a.symmetric_difference(&b).cloned());
            }
        }
        self.lap("read, parse, scan");
        let relink = deps::to_relink(
            &self.p.model,
            &self.p.scans,
            &self.p.graph,
            &self.p.diags.pages,
            changed.iter().map(|(id, _)| *id),
            &names_changed,
            &headings_changed,
        );
        if relink.len() > changed.len() {
            self.site_change.everything = true;
        }
        let list: Vec<PageId> = relink.iter().copied().collect();
        self.lap("find pages to relink");
        let resolved = links::resolve_pages(&self.p.model, &self.p.corpus, &self.p.names, &self.p.scans, &list);
        self.lap("relink");
        let mut targets = BTreeSet::new();
        let mut touched = BTreeSet::new();
        let mut catalog_stale = self.site_change.any || self.site_change.everything || self.site_change.tags;
        for (&id, (links, refs, ds)) in list.iter().zip(resolved) {
            let i = id.0 as usize;
            self.p.graph.links[i] = links;
            self.p.graph.refs[i] = refs;
            self.p.diags.pages[i] = ds;
            let new = links::contributions(id, &self.p.graph.links[i], &self.p.graph.refs[i], &self.p.scans[i]);
            let old = std::mem::replace(&mut self.p.contrib[i], new);
            // A company's feed lists the notes that link to it.
            if self.p.model.page(id).kind == load::EntityKind::Note {
                let set = |c: &[(PageId, String)]| c.iter().map(|(t, _)| *t).collect::<HashSet<PageId>>();
                let (a, b) = (set(&old), set(&self.p.contrib[i]));
                let company = |t: &PageId| self.p.model.page(*t).kind == load::EntityKind::Company;
                catalog_stale |= a.symmetric_difference(&b).any(company);
            }
            for (to, _) in &old {
                self.p.graph.backlinks[to.0 as usize].retain(|b| b.from != id);
                touched.insert(*to);
            }
            for (to, context) in &self.p.contrib[i] {
                self.p.graph.backlinks[to.0 as usize].push(links::Backlink { from: id, context: context.clone() });
                touched.insert(*to);
            }
            targets.extend(old.into_iter().map(|(t, _)| t));
        }
        for t in &touched {
            self.p.graph.backlinks[t.0 as usize].sort();
        }
        targets.extend(touched);
        self.p.diags.cycles = links::embed_cycles(&self.p.model, &self.p.corpus, &self.p.graph.links, &self.p.scans);
        self.lap("backlinks");
        let old_feeds: HashSet<PageId> = self.p.catalog.page_feeds.keys().copied().collect();
        let old_site_feed_empty = self.p.catalog.site_feed.is_empty();
        // The catalog reads front matter (kinds, dates, titles, amounts,
        // parties, topics) and which notes link to each company; an edit
        // that changed neither leaves it as it is.
        if catalog_stale {
            self.p.catalog = catalog::build(&self.p.model, &self.p.graph);
        }
        self.p.diags.freshness =
            crate::freshness::check(&self.p.model, &self.p.corpus, self.p.today, self.p.stale_after);
        self.lap("catalog");
        // The plan changes only with redirects, feeds appearing or going, or the site feed.
        let feeds_same = self.p.catalog.page_feeds.len() == old_feeds.len()
            && self.p.catalog.page_feeds.keys().all(|k| old_feeds.contains(k))
            && self.p.catalog.site_feed.is_empty() == old_site_feed_empty;
        let redirects_same = changed.iter().all(|(id, old)| old.redirect_from == self.p.model.page(*id).redirect_from);
        if !(feeds_same && redirects_same) || self.site_change.tags {
            let (plan, plan_diags) = render::plan(&self.p.model, &self.p.corpus, &self.p.catalog, &self.p.site);
            if plan != self.p.plan {
                self.site_change.everything = true;
            }
            self.p.plan = plan;
            self.p.diags.plan = plan_diags;
        }
        self.lap("plan");
        let affected =
            deps::affected(&self.p.model, &self.p.graph, &self.p.scans, &self.p.contrib, changed, &relink, targets);
        self.lap("affected pages");
        affected
    }
}
