//! What an edit changed: which pages must be relinked (the link stage's
//! question), and which of the data render jobs read differs now.
//!
//! A page's own links and references always need resolving again. Other
//! pages' links change only when a name they may use changed (a title, short
//! name, alias, former name or ticker: the names a wikilink matches after the
//! path and file name) or when headings an anchor points at changed; then
//! the pages that mention such a name, link to the page with an anchor, or
//! have an unresolved link (its did-you-mean may change) are relinked too.
//!
//! Which outputs to render again is not decided by hand: each render job's
//! reads are recorded as it renders ([`Recorded`], which also keeps who read
//! each thing), and [`Changes`] lists what an update changed of them (a
//! page's model, body, references or backlinks, a part of the catalog); the
//! outputs that read any of it are rendered again.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::catalog::lists::{page_count, page_of};
use crate::catalog::vault::{listed, tag_url};
use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Severity};
use crate::links::{key, LinkGraph, Target};
use crate::markdown::{LinkForm, Scan};
use crate::model::{Model, Page, PageData, PageId, PartyTarget};
use crate::reads::{Aggregate, Read};

/// What an update changed.
#[derive(Debug, Default)]
pub(super) struct Changes {
    /// The data render jobs read that differs now.
    pub(super) reads: HashSet<Read>,
    /// Some page's front matter changed (the catalog may differ).
    pub(super) front: bool,
    /// Some page's inline tags changed.
    pub(super) tags: bool,
    /// The plan changed: files it no longer has are removed.
    pub(super) plan: bool,
    /// The outputs the new plan added or gave another job (a new tag's
    /// pages, the tags after it in key order, a new redirect).
    pub(super) replanned: HashSet<String>,
}

impl Changes {
    /// Adds the changes of a later update.
    pub(super) fn merge(&mut self, later: Changes) {
        self.reads.extend(later.reads);
        self.front |= later.front;
        self.tags |= later.tags;
        self.plan |= later.plan;
        self.replanned.extend(later.replanned);
    }
}

/// Each output's reads as its last render recorded them, and the reverse:
/// the outputs that read each thing. An edit's outputs are found from what
/// it changed, in time proportional to that, not to the site.
#[derive(Debug, Default)]
pub(super) struct Recorded {
    /// Output paths by number (foldhash: looked up for every output of the plan on each edit).
    ids: foldhash::HashMap<String, u32>,
    /// Each output's path and reads (sorted, once each), by number.
    outputs: Vec<(String, Vec<Read>)>,
    /// The outputs that read each thing, by number.
    readers: foldhash::HashMap<Read, Vec<u32>>,
}

impl Recorded {
    /// Whether `rel`'s reads were recorded.
    pub(super) fn has(&self, rel: &str) -> bool {
        self.ids.contains_key(rel)
    }

    /// Records what `rel` read (`reads` sorted and once each, as `reads::track` gives them).
    pub(super) fn record(&mut self, rel: &str, reads: Vec<Read>) {
        let id = match self.ids.get(rel) {
            Some(&id) => id,
            None => {
                let id = crate::diag::to_u32(self.outputs.len());
                self.ids.insert(rel.to_string(), id);
                self.outputs.push((rel.to_string(), Vec::new()));
                id
            }
        };
        let old = std::mem::replace(&mut self.outputs[id as usize].1, reads);
        let new = &self.outputs[id as usize].1;
        // Both lists are sorted: one merge finds what was read or dropped.
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            match (old.get(i), new.get(j)) {
                (Some(a), Some(b)) if a == b => (i, j) = (i + 1, j + 1),
                (Some(a), b) if b.is_none_or(|b| a < b) => {
                    if let Some(list) = self.readers.get_mut(a) {
                        list.retain(|&o| o != id);
                    }
                    i += 1;
                }
                (_, Some(b)) => {
                    self.readers.entry(*b).or_default().push(id);
                    j += 1;
                }
                (_, None) => break,
            }
        }
    }

    /// The outputs that read something `changes` lists.
    pub(super) fn touched(&self, changes: &Changes) -> HashSet<&str> {
        changes
            .reads
            .iter()
            .filter_map(|r| self.readers.get(r))
            .flatten()
            .map(|&id| self.outputs[id as usize].0.as_str())
            .collect()
    }
}

/// Whether a page re-read from its file is the same as before, field for
/// field (the model types compare by their debug form, which lists every field).
pub(super) fn same_page(a: &Page, b: &Page) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

/// The parts of the catalog that differ between `old` and `new`: for a map,
/// each entry that differs and the whole map; for a list index, a tag's or
/// a folder's listing, each page whose entries differ (`model` says which
/// note a listing leaves out as merged with its page).
pub(super) fn catalog_changes(model: &Model, old: &Catalog, new: &Catalog) -> Vec<Read> {
    fn map<V: PartialEq>(
        a: &HashMap<PageId, V>,
        b: &HashMap<PageId, V>,
        part: fn(Option<PageId>) -> Aggregate,
        out: &mut Vec<Read>,
    ) {
        let keys: BTreeSet<&PageId> = a.keys().chain(b.keys()).collect();
        let before = out.len();
        out.extend(keys.into_iter().filter(|k| a.get(k) != b.get(k)).map(|k| Read::Catalog(part(Some(*k)))));
        if out.len() > before {
            out.push(Read::Catalog(part(None)));
        }
    }
    let mut out = Vec::new();
    // Every company, deal and topic page reads the ledger: comparing it (a
    // few thousand entries) costs far less than rendering them all again.
    if old.ledger != new.ledger {
        out.push(Read::Catalog(Aggregate::Ledger));
    }
    map(&old.company_deals, &new.company_deals, Aggregate::CompanyDeals, &mut out);
    map(&old.company_totals, &new.company_totals, Aggregate::CompanyTotals, &mut out);
    map(&old.topic_pages, &new.topic_pages, Aggregate::TopicPages, &mut out);
    map(&old.page_feeds, &new.page_feeds, Aggregate::PageFeeds, &mut out);
    let mut whole = |same: bool, part: Aggregate| {
        if !same {
            out.push(Read::Catalog(part));
        }
    };
    whole(old.site_feed == new.site_feed, Aggregate::SiteFeed);
    whole(old.site_updates == new.site_updates, Aggregate::SiteUpdates);
    whole(old.deals_by_date == new.deals_by_date, Aggregate::DealsByDate);
    whole(old.all_totals == new.all_totals, Aggregate::AllTotals);
    whole(old.largest == new.largest, Aggregate::Largest);
    // A tag's or folder's listing: its whole when the tags or folders, their
    // names or sizes changed; else each page whose entries changed.
    let per_page = new.lists.per_page;
    let same_tags = old.tags.len() == new.tags.len()
        && old.tags.iter().zip(&new.tags).all(|((ka, a), (kb, b))| {
            (ka, &a.name, &a.children, a.pages.len()) == (kb, &b.name, &b.children, b.pages.len())
        });
    if same_tags {
        let lists = old.tags.iter().zip(new.tags.values()).map(|((k, a), b)| (tag_url(k), &a.pages, &b.pages));
        listing_pages(model, lists, per_page, Aggregate::TagPage, &mut out);
    } else {
        out.push(Read::Catalog(Aggregate::Tags));
    }
    let same_folders = old.folders.len() == new.folders.len()
        && old
            .folders
            .iter()
            .zip(&new.folders)
            .all(|(a, b)| (&a.path, &a.subfolders, a.pages.len()) == (&b.path, &b.subfolders, b.pages.len()));
    if same_folders {
        let lists = old.folders.iter().zip(&new.folders).map(|(a, b)| (a.url.clone(), &a.pages, &b.pages));
        listing_pages(model, lists, per_page, Aggregate::FolderPage, &mut out);
    } else {
        out.push(Read::Catalog(Aggregate::Folders));
    }
    // A list index's page is rendered again when its entries changed (a
    // renamed note moved in or out of it), not when another page's did.
    let (a, b) = (&old.lists, &new.lists);
    for kind in a.kinds().chain(b.kinds()).collect::<BTreeSet<_>>() {
        for n in 1..=a.pages(kind).max(b.pages(kind)) {
            if a.page(kind, n) != b.page(kind, n) {
                out.push(Read::Catalog(Aggregate::IndexPage(kind, n as u32)));
            }
        }
    }
    out
}

/// The pages (from 1) of each listing (its page's site path, its old and
/// new pages), `per_page` to a page, whose entries differ, as the listing
/// shows them (without the note merged with its page).
fn listing_pages<'a>(
    model: &Model,
    lists: impl Iterator<Item = (String, &'a Vec<PageId>, &'a Vec<PageId>)>,
    per_page: usize,
    part: fn(u32, u32) -> Aggregate,
    out: &mut Vec<Read>,
) {
    for (i, (url, a, b)) in lists.enumerate() {
        if a == b {
            continue;
        }
        let (a, b) = (listed(model, a, &url), listed(model, b, &url));
        for n in 1..=page_count(a.len().max(b.len()), per_page) {
            if page_of(&a, per_page, n) != page_of(&b, per_page, n) {
                out.push(Read::Catalog(part(i as u32, n as u32)));
            }
        }
    }
}

/// What the plan (`render::plan`) reads of the catalog: which pages have a
/// feed, the tags and the folders with how many pages each lists (their
/// lists' page counts follow from those), whether the site's feeds are
/// empty, and how many pages each list index has.
pub(super) fn plan_inputs(c: &Catalog) -> PlanInputs<'_> {
    (
        c.page_feeds.keys().copied().collect(),
        c.tags.iter().map(|(k, t)| (k, t.pages.len())).collect(),
        c.folders.iter().map(|f| (f.path.as_str(), f.pages.len())).collect(),
        c.site_feed.is_empty(),
        c.site_updates.is_empty(),
        c.lists.kinds().map(|k| c.lists.pages(k)).collect(),
    )
}

/// Which pages have feeds, the tags and the folders with their sizes,
/// whether the site's feeds are empty, and how many pages each list index has.
type PlanInputs<'c> = (BTreeSet<PageId>, Vec<(&'c String, usize)>, Vec<(&'c str, usize)>, bool, bool, Vec<usize>);

/// Where the wikilinks without display text in a page's lead (its first
/// paragraph, as the scan marked it) go, given the page's resolved links:
/// the lead shows their targets' titles, so a change here changes it.
pub(super) fn lead_targets<'a>(lead: &str, links: &'a [crate::links::Resolved]) -> Vec<Option<&'a Target>> {
    crate::markdown::context_parts(lead)
        .into_iter()
        .filter_map(|p| match p {
            crate::markdown::ContextPart::Link { offset, .. } => {
                Some(links.binary_search_by_key(&offset, |l| l.offset).ok().map(|i| &links[i].target))
            }
            crate::markdown::ContextPart::Text(_) => None,
        })
        .collect()
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

/// The names (as keys) page `p` (with its scan) writes as a link or reference.
pub(super) fn mentioned(p: &Page, scan: &Scan) -> BTreeSet<String> {
    let wiki = scan.links.iter().filter(|l| l.form == LinkForm::Wiki).map(|l| l.target.split('#').next().unwrap_or(""));
    let refs = p.topics.iter().chain(&p.companies).map(|r| r.text.as_str());
    let props = p.properties.iter().flat_map(|pr| &pr.values).flat_map(|v| &v.links);
    let props = props.map(|l| l.target.split('#').next().unwrap_or(""));
    let mut names: Vec<&str> = wiki.chain(refs).chain(props).collect();
    if let PageData::Deal(d) = &p.data {
        names.extend(d.parties.iter().filter_map(|party| match &party.target {
            PartyTarget::Company(r) => Some(r.text.as_str()),
            _ => None,
        }));
        names.extend(d.superseded_by.as_ref().map(|r| r.text.as_str()));
    }
    names.into_iter().map(key).filter(|k| !k.is_empty()).collect()
}

/// For each name (as a key), the pages that write it as a link or
/// reference ([`mentioned`]): serve keeps it, so a renamed page finds the
/// pages whose links could now resolve to it (or away from it) without
/// looking at every link of the site.
#[derive(Debug, Default)]
pub(super) struct Mentions {
    pages: foldhash::HashMap<String, BTreeSet<PageId>>,
}

impl Mentions {
    /// The index of every page of `model`, with its scan.
    pub(super) fn new(model: &Model, scans: &[Scan]) -> Mentions {
        let mut m = Mentions::default();
        for (i, (p, scan)) in model.pages.iter().zip(scans).enumerate() {
            m.update(PageId(i as u32), &BTreeSet::new(), mentioned(p, scan));
        }
        m
    }

    /// Page `id` now mentions `new` instead of `old`.
    pub(super) fn update(&mut self, id: PageId, old: &BTreeSet<String>, new: BTreeSet<String>) {
        for k in old.difference(&new) {
            if let Some(set) = self.pages.get_mut(k) {
                set.remove(&id);
                if set.is_empty() {
                    self.pages.remove(k);
                }
            }
        }
        for k in new {
            if !old.contains(&k) {
                self.pages.entry(k).or_default().insert(id);
            }
        }
    }
}

/// The pages to relink after `changed` pages were parsed again: those,
/// the pages with a broken link (it may resolve now), the pages that write
/// a name that changed, and those linking to a heading or block of a page
/// whose anchors changed (found through that page's backlinks).
pub(super) fn to_relink(
    graph: &LinkGraph,
    page_diags: &[Vec<Diagnostic>],
    mentions: &Mentions,
    changed: impl Iterator<Item = PageId>,
    names_changed: &HashSet<String>,
    headings_changed: &[PageId],
) -> BTreeSet<PageId> {
    let mut set: BTreeSet<PageId> = changed.collect();
    if names_changed.is_empty() && headings_changed.is_empty() {
        return set;
    }
    let unresolved = page_diags.iter().enumerate().filter(|(_, ds)| ds.iter().any(|d| d.severity == Severity::Error));
    set.extend(unresolved.map(|(i, _)| PageId(i as u32)));
    set.extend(names_changed.iter().filter_map(|k| mentions.pages.get(k)).flatten());
    for &t in headings_changed {
        let from = graph.backlinks[t.0 as usize].iter().map(|b| b.from);
        let anchored = from.filter(|f| {
            graph.links[f.0 as usize].iter().any(|l| matches!(&l.target, Target::Page(to, Some(_)) if *to == t))
        });
        set.extend(anchored);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(reads: &[Read]) -> Changes {
        Changes { reads: reads.iter().copied().collect(), ..Changes::default() }
    }

    fn touched(r: &Recorded, reads: &[Read]) -> Vec<String> {
        let mut out: Vec<String> = r.touched(&changed(reads)).into_iter().map(String::from).collect();
        out.sort();
        out
    }

    #[test]
    fn recorded_reads_find_their_readers_and_forget_what_is_no_longer_read() {
        let (a, b, c) = (Read::Page(PageId(1)), Read::Body(PageId(1)), Read::Backlinks(PageId(2)));
        let mut r = Recorded::default();
        r.record("x/index.html", vec![a, b]);
        r.record("y/index.html", vec![b, c]);
        assert!(r.has("x/index.html") && !r.has("z/index.html"));
        assert_eq!(touched(&r, &[b]), ["x/index.html", "y/index.html"]);
        assert_eq!(touched(&r, &[c]), ["y/index.html"]);
        assert!(touched(&r, &[Read::Lead(PageId(1))]).is_empty());
        // x renders again reading c instead of b: it no longer depends on b.
        r.record("x/index.html", vec![a, c]);
        assert_eq!(touched(&r, &[b]), ["y/index.html"]);
        assert_eq!(touched(&r, &[c]), ["x/index.html", "y/index.html"]);
        assert_eq!(touched(&r, &[a, b]), ["x/index.html", "y/index.html"]);
        // Recording the same reads again leaves one entry each.
        r.record("y/index.html", vec![b, c]);
        assert_eq!(r.readers[&c].len(), 2);
        r.record("y/index.html", Vec::new());
        assert_eq!(touched(&r, &[b, c]), ["x/index.html"]);
    }
}
