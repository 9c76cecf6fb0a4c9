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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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
use crate::reads::Read;
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
    /// What the current update changed.
    changes: deps::Changes,
    /// Per output path: what its last render read, and who read each thing.
    reads: deps::Recorded,
    /// Per page: its embeds of pages ([`links::page_embeds`]), kept so that an
    /// edit looks for embed cycles without going through every link of the site.
    embeds: Vec<Vec<(usize, PageId)>>,
    /// Whether the link graph (titles, kinds, which page links to which)
    /// may differ from the last one laid out: [`Session::graph_job`] builds
    /// and compares the whole graph only then.
    graph_stale: bool,
    /// Each output path's place in the plan: an edit finds the jobs of the
    /// outputs it touched without going through the whole plan.
    plan_pos: foldhash::HashMap<String, u32>,
    /// Which pages write each name as a link or reference.
    mentions: deps::Mentions,
    /// Documents whose last read failed (their last good text is kept).
    unread: HashSet<usize>,
    /// Time of each step of the last update.
    timings: Vec<(String, Duration)>,
    lap: Instant,
}

/// What could not be written while the site had errors.
#[derive(Debug, Default)]
enum Pending {
    #[default]
    Nothing,
    /// The changes of the updates not written yet.
    Changes(deps::Changes),
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
    let embeds = p.graph.links.iter().zip(&p.scans).map(|(ls, s)| links::page_embeds(ls, s)).collect();
    let plan_pos = plan_positions(&p.plan);
    let mentions = deps::Mentions::new(&p.model, &p.scans);
    let session = Session {
        doc_by_rel: p.corpus.docs.iter().enumerate().map(|(i, d)| (d.rel.clone(), i)).collect(),
        page_of_doc: p.model.pages.iter().enumerate().map(|(i, pg)| (pg.doc, PageId(i as u32))).collect(),
        asset_rels: p.corpus.assets.iter().map(|a| a.rel.clone()).collect(),
        hl: Highlighter::new(theme.palette.clone()),
        p,
        theme,
        search: Default::default(),
        mermaid_pages: BTreeSet::new(),
        graph_state: Default::default(),
        pending: Pending::All,
        changes: deps::Changes::default(),
        reads: Default::default(),
        embeds,
        graph_stale: true,
        plan_pos,
        mentions,
        unread: HashSet::new(),
        timings: Vec::new(),
        lap: Instant::now(),
    };
    let diags = session.diagnostics();
    Ok((Some(session), diags))
}

/// Each output path's place in `plan`.
fn plan_positions(plan: &[(String, render::Job)]) -> foldhash::HashMap<String, u32> {
    plan.iter().enumerate().map(|(i, (rel, _))| (rel.clone(), crate::diag::to_u32(i))).collect()
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
            if rel == Path::new(load::PREAMBLE_FILE) && self.p.site.config.markdown.math {
                return Change::Full("the math preamble changed");
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

    /// Whether document `i` holds `bytes` (its file as read now), read without error.
    fn same_bytes(&self, i: usize, bytes: Option<&[u8]>) -> bool {
        !self.unread.contains(&i) && bytes.is_some_and(|b| load::Stamp::of(b) == self.p.corpus.docs[i].stamp)
    }

    /// Whether some known file lies under `rel` (a removed folder).
    fn under_known(&self, rel: &Path) -> bool {
        self.doc_by_rel.keys().chain(&self.asset_rels).any(|k| k.starts_with(rel) && k != rel)
    }

    /// Applies the changed `paths` (absolute, as the watcher reports them).
    pub fn apply(&mut self, paths: &[PathBuf], out: &mut Live) -> Result<Step> {
        self.timings.clear();
        self.lap = Instant::now();
        self.changes = deps::Changes::default();
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
        // Each edited file is read once here. An editor's save can report a
        // file more than once: a file whose bytes are those last read (and
        // read without error) changed nothing.
        let mut read = BTreeMap::new();
        for i in docs {
            let bytes = std::fs::read(self.p.site.content_dir.join(&self.p.corpus.docs[i].rel)).ok();
            if !self.same_bytes(i, bytes.as_deref()) {
                read.insert(i, bytes);
            }
        }
        if read.is_empty() && assets.is_empty() {
            return Ok(Step::Unchanged);
        }
        if !read.is_empty() && !self.reparse(read)? {
            return Ok(Step::Full("a page was turned into a draft or back"));
        }
        let changes = std::mem::take(&mut self.changes);
        if self.has_errors() {
            match &mut self.pending {
                Pending::All => {}
                Pending::Changes(c) => c.merge(changes),
                pending @ Pending::Nothing => *pending = Pending::Changes(changes),
            }
            return Ok(Step::Updated(Written::default()));
        }
        let mut written = match std::mem::take(&mut self.pending) {
            Pending::All => return Ok(Step::Updated(self.write_all(out)?)),
            Pending::Changes(mut c) => {
                c.merge(changes);
                self.write_changed(out, &c)?
            }
            Pending::Nothing => self.write_changed(out, &changes)?,
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

    /// Re-parses edited documents (with their files' bytes, `None` when a
    /// file could not be read) and relinks what they touch, noting in
    /// `self.changes` what differs now. Returns false when the set of pages
    /// changed (a full reload is needed).
    fn reparse(&mut self, docs: BTreeMap<usize, Option<Vec<u8>>>) -> Result<bool> {
        let mut changed = Vec::new();
        for (i, bytes) in docs {
            let old = &self.p.corpus.docs[i];
            let Some(bytes) = bytes else { return Ok(false) };
            let doc = match load::read_doc(&old.rel, &old.display, bytes, &self.p.corpus.kinds) {
                Ok(d) => d,
                Err(d) => {
                    self.p.diags.docs.insert(i, vec![d]);
                    self.unread.insert(i);
                    continue;
                }
            };
            self.unread.remove(&i);
            let Some(&id) = self.page_of_doc.get(&i) else { return Ok(false) };
            let (page, ds) = model::read_one(i, &doc, &self.p.corpus.kinds, self.p.corpus.policy, self.p.drafts);
            if doc.front_text() != old.front_text() {
                self.changes.front = true;
            }
            self.changes.reads.insert(Read::Body(id));
            self.p.corpus.docs[i] = doc;
            self.p.diags.docs.insert(i, ds);
            match page {
                // A new address (a permalink, or one settled between colliding names) is a new plan.
                Ok(page) if page.url != self.p.model.pages[id.0 as usize].url => return Ok(false),
                Ok(page) => {
                    if !deps::same_page(&page, &self.p.model.pages[id.0 as usize]) {
                        self.changes.reads.insert(Read::Page(id));
                    }
                    let old = std::mem::replace(&mut self.p.model.pages[id.0 as usize], page);
                    changed.push((id, old));
                }
                // The last good page stays until the front matter parses again.
                Err(None) => {}
                Err(Some(u)) if u.failed => {}
                // Now a draft or unpublished: the set of pages changed.
                Err(Some(_)) => return Ok(false),
            }
        }
        self.relink(&changed)?;
        Ok(true)
    }

    /// Rescans and relinks changed pages (and pages whose links may now
    /// resolve differently), then the catalog and the plan, noting what
    /// differs in `self.changes`.
    fn relink(&mut self, changed: &[(PageId, model::Page)]) -> Result<()> {
        let mut names_changed = HashSet::new();
        let mut headings_changed = Vec::new();
        for (id, old) in changed {
            let i = id.0 as usize;
            let new = &self.p.model.pages[i];
            // A graph node is a page's address (the same, else the plan is new), title and kind.
            self.graph_stale |= (&old.title, old.kind) != (&new.title, new.kind);
            let scan = markdown::scan(self.p.corpus.docs[new.doc].body_text(), &self.p.md_opts);
            if deps::anchors(&scan) != deps::anchors(&self.p.scans[i]) {
                headings_changed.push(*id);
            }
            let tags = links::inline_tags(scan.tags.clone());
            if tags != self.p.graph.tags[i] {
                self.changes.tags = true;
                self.p.graph.tags[i] = tags;
            }
            self.p.graph.headings[i] = scan.headings.clone();
            self.p.graph.blocks[i] = scan.blocks.clone();
            if scan.lead != self.p.graph.leads[i] {
                self.changes.reads.insert(Read::Lead(*id));
                self.p.graph.leads[i] = scan.lead.clone();
            }
            let (was, now) = (deps::mentioned(old, &self.p.scans[i]), deps::mentioned(new, &scan));
            if was != now {
                self.mentions.update(*id, &was, now);
            }
            self.p.scans[i] = scan;
            let (a, b) = (deps::names(old), deps::names(new));
            if a != b {
                self.p.names.rename(*id, &a, &b);
                names_changed.extend(a.symmetric_difference(&b).cloned());
            }
        }
        self.lap("read, parse, scan");
        let relink = deps::to_relink(
            &self.p.graph,
            &self.p.diags.pages,
            &self.mentions,
            changed.iter().map(|(id, _)| *id),
            &names_changed,
            &headings_changed,
        );
        let list: Vec<PageId> = relink.iter().copied().collect();
        self.lap("find pages to relink");
        let resolved = links::resolve_pages(&self.p.model, &self.p.corpus, &self.p.names, &self.p.scans, &list);
        self.lap("relink");
        // The pages whose backlinks may change, with their backlinks before.
        let mut before: BTreeMap<PageId, Vec<links::Backlink>> = BTreeMap::new();
        let mut catalog_stale = self.changes.front || self.changes.tags || relink.len() > changed.len();
        // The catalog's orders follow every re-read page, whether or not it is made again now.
        self.p.catalog.moved(&self.p.model, changed.iter().map(|(id, _)| *id));
        for (&id, (links, refs, ds)) in list.iter().zip(resolved) {
            let i = id.0 as usize;
            self.changes.reads.extend([Read::Body(id), Read::Refs(id)]);
            let lead = &self.p.graph.leads[i];
            if deps::lead_targets(lead, &self.p.graph.links[i]) != deps::lead_targets(lead, &links) {
                self.changes.reads.insert(Read::Lead(id));
            }
            self.p.graph.links[i] = links;
            self.embeds[i] = links::page_embeds(&self.p.graph.links[i], &self.p.scans[i]);
            self.p.graph.refs[i] = refs;
            self.p.diags.pages[i] = ds;
            let new = links::contributions(id, &self.p.graph.links[i], &self.p.graph.refs[i], &self.p.scans[i]);
            let old = std::mem::replace(&mut self.p.contrib[i], new);
            // A company's feed lists the notes that link to it.
            if self.p.model.pages[i].kind == load::EntityKind::Note {
                let set = |c: &[(PageId, links::Context)]| c.iter().map(|(t, _)| *t).collect::<HashSet<PageId>>();
                let (a, b) = (set(&old), set(&self.p.contrib[i]));
                let company = |t: &PageId| self.p.model.pages[t.0 as usize].kind == load::EntityKind::Company;
                catalog_stale |= a.symmetric_difference(&b).any(company);
            }
            for (to, _) in old.iter().chain(&self.p.contrib[i]) {
                before.entry(*to).or_insert_with(|| self.p.graph.backlinks[to.0 as usize].clone());
            }
            for (to, _) in &old {
                self.p.graph.backlinks[to.0 as usize].retain(|b| b.from != id);
            }
            for (to, context) in &self.p.contrib[i] {
                self.p.graph.backlinks[to.0 as usize].push(links::Backlink { from: id, context: context.clone() });
            }
        }
        for (t, old) in before {
            let now = &mut self.p.graph.backlinks[t.0 as usize];
            now.sort();
            if *now != old {
                self.changes.reads.insert(Read::Backlinks(t));
                // The graph's edges are which pages link to `t`, not the sentences around the links.
                let froms = |list: &[links::Backlink]| list.iter().map(|b| b.from).collect::<BTreeSet<_>>();
                self.graph_stale |= froms(now) != froms(&old);
            }
        }
        self.p.diags.cycles =
            links::cycles_among(&self.p.model, &self.p.corpus, &self.p.graph.links, &self.p.scans, &self.embeds);
        self.lap("backlinks");
        // The catalog reads front matter (kinds, dates, titles, amounts,
        // parties, topics) and which notes link to each company; an edit
        // that changed neither leaves it as it is.
        let mut plan_stale = false;
        if catalog_stale {
            let new = catalog::rebuild(&self.p.model, &self.p.graph, &self.p.catalog);
            let old = std::mem::replace(&mut self.p.catalog, new);
            self.changes.reads.extend(deps::catalog_changes(&self.p.model, &old, &self.p.catalog));
            plan_stale = deps::plan_inputs(&old) != deps::plan_inputs(&self.p.catalog)
                || changed.iter().any(|(id, old)| {
                    let new = &self.p.model.pages[id.0 as usize];
                    (old.kind, &old.redirect_from) != (new.kind, &new.redirect_from)
                });
        }
        for (id, _) in changed {
            let (p, i) = (&self.p, id.0 as usize);
            self.p.diags.freshness[i] =
                crate::freshness::check_page(&p.model.pages[i], &p.corpus, p.today, p.stale_after);
        }
        self.lap("catalog");
        // The plan reads the pages' kinds, addresses and redirects and a few
        // parts of the catalog: an edit that changed none of them leaves it,
        // and its diagnostics, as they are.
        if plan_stale {
            let (plan, plan_diags) = render::plan(&self.p.model, &self.p.corpus, &self.p.catalog, &self.p.site);
            self.p.diags.plan = plan_diags;
            // The claims follow from the plan (the content's files and the theme
            // change only with a full reload): checked again only when it changed.
            if plan != self.p.plan {
                self.changes.plan = true;
                self.graph_stale = true;
                // A page's own files are rendered again only if their job changed: the pages
                // themselves, and so their order and numbers, change only with a full reload.
                let old: HashMap<&str, &render::Job> =
                    self.p.plan.iter().map(|(rel, job)| (rel.as_str(), job)).collect();
                let replanned = plan.iter().filter(|(rel, job)| old.get(rel.as_str()) != Some(&job));
                self.changes.replanned.extend(replanned.map(|(rel, _)| rel.clone()));
                self.plan_pos = plan_positions(&plan);
                self.p.plan = plan;
                self.p.check_claims(&self.theme)?;
            }
        }
        self.lap("plan");
        Ok(())
    }
}
