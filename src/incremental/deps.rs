//! What an edit touches: which pages must be relinked, and whose output
//! depends on the changed pages.
//!
//! A page's own links and references always need resolving again. Other
//! pages' links change only when a name they may use changed (a title, short
//! name, alias, former name or ticker: the names a wikilink matches after the
//! path and file name) or when headings an anchor points at changed; then
//! the pages that mention such a name, link to the page with an anchor, or
//! have an unresolved link (its did-you-mean may change) are relinked too.
//!
//! Output depends on a page through what templates show of it: its
//! backlinks entry (on every page it links to or names in front matter), its
//! short name (on every page linking to it), and, for a deal, its row with
//! the other parties' names (on its parties' and topics' pages).
//!
//! Whole-site outputs (indexes, home page, site feed, sitemap) show only
//! front matter and the catalog, so an edit to a body alone leaves them as
//! they are; a front matter edit renders the ones that show its kind
//! ([`SiteChange`]); a change of names, headings or the plan renders all.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::diag::{Diagnostic, Severity};
use crate::links::{LinkGraph, Target};
use crate::load::EntityKind;
use crate::markdown::{LinkForm, Scan};
use crate::model::{Model, Page, PageData, PageId, PartyTarget};
use crate::render::Job;

/// What an update changed that whole-site outputs show.
#[derive(Debug, Default)]
pub(super) struct SiteChange {
    /// Front matter of a note, deal, company or topic.
    pub(super) notes: bool,
    pub(super) deals: bool,
    pub(super) companies: bool,
    pub(super) topics: bool,
    /// Any front matter.
    pub(super) any: bool,
    /// The home page's own file.
    pub(super) home: bool,
    /// A page of a kind the site declares.
    pub(super) custom: bool,
    /// A page's inline `#tags`.
    pub(super) tags: bool,
    /// Render every whole-site output.
    pub(super) everything: bool,
}

impl SiteChange {
    /// A file of `kind` had its front matter changed.
    pub(super) fn front(&mut self, kind: EntityKind) {
        self.any = true;
        match kind {
            EntityKind::Note => self.notes = true,
            EntityKind::Deal => self.deals = true,
            EntityKind::Company => self.companies = true,
            EntityKind::Topic => self.topics = true,
            EntityKind::Home => self.home = true,
            EntityKind::Custom(_) => self.custom = true,
        }
    }

    /// Whether a whole-site job must be rendered again.
    pub(super) fn needs(&self, job: Job) -> bool {
        if self.everything {
            return true;
        }
        match job {
            Job::Index(EntityKind::Note) => self.notes,
            Job::Index(EntityKind::Custom(_)) => self.custom,
            // Deal rows name the parties; company rows count and total deals.
            Job::Index(EntityKind::Deal) | Job::Index(EntityKind::Company) | Job::Totals | Job::Timeline => {
                self.deals || self.companies
            }
            Job::UpdatesFeed => self.any,
            // Topic rows count the pages tagged with each topic.
            Job::Index(EntityKind::Topic) => self.topics,
            Job::Index(EntityKind::Home) => false,
            Job::Home => self.any || self.home,
            Job::SiteFeed | Job::Sitemap => self.any,
            // The exports show front matter and references only.
            Job::Data(_) => self.any,
            Job::Tags | Job::Tag(_) | Job::Folder(_) => self.any || self.tags,
            Job::NotFound | Job::Robots | Job::Search | Job::Graph => false,
            Job::Page(_) | Job::PageFeed(_) | Job::Redirect(..) => true,
        }
    }
}

/// How `links` compares names.
fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The names of a page that can change by editing it (the tier of names
/// after paths and file names).
pub(super) fn names(p: &Page) -> HashSet<String> {
    [&p.title, &p.short_title].into_iter().chain(&p.names).map(|n| key(n)).filter(|k| !k.is_empty()).collect()
}

/// What links may point at in a page: its headings (level, text, id) and
/// block ids. Offsets are left out: text added above a heading moves it
/// without changing how any link resolves.
pub(super) fn anchors(scan: &Scan) -> (Vec<(u8, &str, &str)>, Vec<&str>) {
    (
        scan.headings.iter().map(|h| (h.level, h.text.as_str(), h.id.as_str())).collect(),
        scan.blocks.iter().map(|b| b.id.as_str()).collect(),
    )
}

/// Whether page `p` (with its scan) writes one of `names` as a link or reference.
fn mentions(p: &Page, scan: &Scan, names: &HashSet<String>) -> bool {
    let wiki = scan.links.iter().filter(|l| l.form == LinkForm::Wiki).any(|l| {
        let name = l.target.split_once('#').map_or(l.target.as_str(), |(a, _)| a);
        names.contains(&key(name))
    });
    let mut refs = p.topics.iter().chain(&p.companies).map(|r| &r.text);
    if wiki || refs.any(|t| names.contains(&key(t))) {
        return true;
    }
    match &p.data {
        PageData::Deal(d) => {
            d.parties
                .iter()
                .any(|party| matches!(&party.target, PartyTarget::Company(r) if names.contains(&key(&r.text))))
                || d.superseded_by.as_ref().is_some_and(|r| names.contains(&key(&r.text)))
        }
        _ => false,
    }
}

/// The pages to relink after `changed` pages were parsed again.
pub(super) fn to_relink(
    model: &Model,
    scans: &[Scan],
    graph: &LinkGraph,
    page_diags: &[Vec<Diagnostic>],
    changed: impl Iterator<Item = PageId>,
    names_changed: &HashSet<String>,
    headings_changed: &[PageId],
) -> BTreeSet<PageId> {
    let mut set: BTreeSet<PageId> = changed.collect();
    if names_changed.is_empty() && headings_changed.is_empty() {
        return set;
    }
    let headings_changed: HashSet<PageId> = headings_changed.iter().copied().collect();
    for (i, p) in model.pages.iter().enumerate() {
        let unresolved = page_diags[i].iter().any(|d| d.severity == Severity::Error);
        let named = !names_changed.is_empty() && mentions(p, &scans[i], names_changed);
        let anchored = graph.links[i]
            .iter()
            .any(|l| matches!(&l.target, Target::Page(t, Some(_)) if headings_changed.contains(t)));
        if unresolved || named || anchored {
            set.insert(PageId(i as u32));
        }
    }
    set
}

/// The pages whose output may differ: the relinked pages, every page they
/// linked to before or link to now (`targets`), and, when a changed page's
/// title or short name changed, the pages linking to it and, for the deals
/// among them, the pages their rows appear on; the deals holding parts of a
/// changed deal's packages; then every page that embeds one of those,
/// through any chain of embeds.
pub(super) fn affected(
    model: &Model,
    graph: &LinkGraph,
    scans: &[Scan],
    contrib: &[Vec<(PageId, String)>],
    changed: &[(PageId, Page)],
    relinked: &BTreeSet<PageId>,
    targets: BTreeSet<PageId>,
) -> BTreeSet<PageId> {
    let mut out = targets;
    out.extend(relinked.iter().copied());
    for (id, old) in changed {
        let new = model.page(*id);
        if old.short_title == new.short_title && old.title == new.title {
            continue;
        }
        for b in &graph.backlinks[id.0 as usize] {
            out.insert(b.from);
            if model.page(b.from).kind == EntityKind::Deal {
                out.extend(contrib[b.from.0 as usize].iter().map(|(t, _)| *t));
            }
        }
    }
    let changed: BTreeSet<PageId> = changed.iter().map(|(id, _)| *id).collect();
    // A part's status follows its package's (in another deal): the deals holding
    // parts of a changed deal's amounts, and the pages their rows appear on.
    for (i, refs) in graph.refs.iter().enumerate() {
        if refs.part_of.iter().flatten().any(|d| changed.contains(d)) {
            out.insert(PageId(i as u32));
            out.extend(contrib[i].iter().map(|(t, _)| *t));
        }
    }
    out.extend(embedders(graph, scans, &changed));
    out
}

/// The pages that show one of `pages` through an embed, directly or
/// through other embeds.
fn embedders(graph: &LinkGraph, scans: &[Scan], pages: &BTreeSet<PageId>) -> BTreeSet<PageId> {
    let mut embedded_by: HashMap<PageId, Vec<PageId>> = HashMap::new();
    for (i, (links, scan)) in graph.links.iter().zip(scans).enumerate() {
        for (l, f) in links.iter().zip(&scan.links) {
            if let (Target::Page(to, _), LinkForm::Embed) = (&l.target, f.form) {
                embedded_by.entry(*to).or_default().push(PageId(i as u32));
            }
        }
    }
    let mut out = BTreeSet::new();
    let mut stack: Vec<PageId> = pages.iter().copied().collect();
    while let Some(p) = stack.pop() {
        for &by in embedded_by.get(&p).map(Vec::as_slice).unwrap_or(&[]) {
            if out.insert(by) {
                stack.push(by);
            }
        }
    }
    out
}
