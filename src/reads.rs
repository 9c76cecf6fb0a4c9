//! What a render job read, recorded as it renders: the page data, links and
//! aggregates its output was made from. `serve` keeps each output's reads
//! and, after an edit, renders again exactly the outputs that read
//! something the edit changed (see `incremental`), so what depends on what
//! is never written down by hand beside the templates.
//!
//! `Model::page` notes each page read; the renderer notes bodies, links,
//! backlinks and the catalog's aggregates where it reads them. Recording is per thread and only while
//! [`track`] runs a job: a job renders on one thread (rendering spawns no
//! work of its own), and reads outside a job (linking, planning) cost one
//! thread-local check.

use std::cell::RefCell;

use crate::load::EntityKind;
use crate::model::PageId;

/// One thing a job can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    /// A page's model: title, names, front matter fields.
    Page(PageId),
    /// A page's body: its text, resolved links, headings and blocks.
    Body(PageId),
    /// The text of a page's first paragraph (a summary on the notes index).
    /// A body edit that leaves it alone does not change it.
    Lead(PageId),
    /// A page's resolved front matter references.
    Refs(PageId),
    /// The pages linking to a page.
    Backlinks(PageId),
    /// One of the catalog's aggregates.
    Catalog(Aggregate),
}

/// A part of the catalog, as far as a job reads it: a map's entry for one
/// page, or (`None`) the whole map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Aggregate {
    /// Companies' deals.
    CompanyDeals(Option<PageId>),
    /// Companies' figures.
    CompanyTotals(Option<PageId>),
    /// The pages tagged with each topic.
    TopicPages(Option<PageId>),
    /// Pages' feed entries.
    PageFeeds(Option<PageId>),
    /// The site feed's entries.
    SiteFeed,
    /// Dated updates of every page.
    SiteUpdates,
    /// Deals by date.
    DealsByDate,
    /// The figures over every deal.
    AllTotals,
    /// The largest deals.
    Largest,
    /// What every amount counts as.
    Ledger,
    /// Every tag's name, nested tags and number of pages (not which pages).
    Tags,
    /// Every folder's path, subfolders and number of pages (not which pages).
    Folders,
    /// The entries of one page (from 1) of the n-th tag's listing.
    TagPage(u32, u32),
    /// The entries of one page (from 1) of the n-th folder's listing (the
    /// content folder's, 0, is the home page's, on one page).
    FolderPage(u32, u32),
    /// The entries of one page (from 1) of a kind's list index.
    IndexPage(EntityKind, u32),
}

thread_local! {
    static READS: RefCell<Option<Vec<Read>>> = const { RefCell::new(None) };
}

/// Notes a read, if a job is being tracked on this thread.
pub fn note(read: Read) {
    READS.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            list.push(read);
        }
    });
}

/// Runs `job`, returning what it read (sorted, once each).
pub fn track<T>(job: impl FnOnce() -> T) -> (T, Vec<Read>) {
    let outer = READS.with(|r| r.borrow_mut().replace(Vec::new()));
    let out = job();
    let mut reads = READS.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer)).unwrap_or_default();
    reads.sort_unstable();
    reads.dedup();
    (out, reads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reads_inside_a_job_are_recorded_and_jobs_nest() {
        note(Read::Page(PageId(9)));
        let ((), outer) = track(|| {
            note(Read::Body(PageId(2)));
            note(Read::Page(PageId(1)));
            let ((), inner) = track(|| note(Read::Backlinks(PageId(3))));
            assert_eq!(inner, vec![Read::Backlinks(PageId(3))]);
            note(Read::Page(PageId(1)));
        });
        assert_eq!(outer, vec![Read::Page(PageId(1)), Read::Body(PageId(2))]);
        let ((), none) = track(|| ());
        assert!(none.is_empty());
    }
}
