//! What each page of a list index shows: the notes index and a declared
//! kind's index list their pages by title, `paginate:` entries to a page
//! (`notes/`, then `notes/page/2/`, …). The notes of the site's reading
//! order come first, on the first page only, and are not listed again.
//!
//! The lists are part of the catalog so that `serve` can tell which pages
//! of an index an edit changed: a renamed note moves within its index's
//! order, and only the pages whose entries differ are rendered again.
//! [`page_count`] and [`page_of`] cut any list so: tag and folder pages
//! use them too.

use std::collections::BTreeMap;

use crate::load::EntityKind;
use crate::model::{Model, PageId};

/// The list indexes' entries.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Lists {
    /// The notes of the site's suggested reading order, in its order.
    pub reading_order: Vec<PageId>,
    /// Entries on one page; 0 puts them all on one page.
    pub per_page: usize,
    /// Per listed kind (notes and declared kinds with an index): its pages
    /// by title, the reading order's notes left out.
    by_kind: BTreeMap<EntityKind, Vec<PageId>>,
}

/// Whether `kind`'s index is a list of its pages (the others are tables,
/// charts or a topic directory, on one page).
fn is_listed(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Note | EntityKind::Custom(_))
}

impl Lists {
    /// The lists of `model`'s pages, taken in `by_title` order (every
    /// page's number, by title ignoring case, then address).
    pub(super) fn new(model: &Model, reading_order: Vec<PageId>, per_page: usize, by_title: &[u32]) -> Lists {
        let mut by_kind: BTreeMap<EntityKind, Vec<PageId>> =
            model.kinds.indexed().map(|(k, _)| k.kind).filter(|k| is_listed(*k)).map(|k| (k, Vec::new())).collect();
        for id in by_title.iter().map(|i| PageId(*i)) {
            let kind = model.page(id).kind;
            if kind == EntityKind::Note && reading_order.contains(&id) {
                continue;
            }
            if let Some(list) = by_kind.get_mut(&kind) {
                list.push(id);
            }
        }
        Lists { reading_order, per_page, by_kind }
    }

    /// The same settings with `model`'s pages listed again.
    pub(super) fn relisted(&self, model: &Model, by_title: &[u32]) -> Lists {
        Lists::new(model, self.reading_order.clone(), self.per_page, by_title)
    }

    /// How many entries `kind`'s index lists on all its pages (the reading order's besides).
    pub fn len(&self, kind: EntityKind) -> usize {
        self.by_kind.get(&kind).map_or(0, Vec::len)
    }

    /// How many pages `kind`'s index has: at least one.
    pub fn pages(&self, kind: EntityKind) -> usize {
        page_count(self.len(kind), self.per_page)
    }

    /// The entries of page `n` (from 1, as readers count them) of `kind`'s
    /// index, by title; empty for 0 and past the last page.
    pub fn page(&self, kind: EntityKind, n: usize) -> &[PageId] {
        page_of(self.by_kind.get(&kind).map_or(&[][..], Vec::as_slice), self.per_page, n)
    }

    /// The listed kinds.
    pub fn kinds(&self) -> impl Iterator<Item = EntityKind> + '_ {
        self.by_kind.keys().copied()
    }
}

/// How many pages `len` entries take, `per_page` to a page (0: all on
/// one): at least one, so an empty list still has its page. Tag and folder
/// pages are cut the same way as the list indexes.
pub fn page_count(len: usize, per_page: usize) -> usize {
    match per_page {
        0 => 1,
        size => len.div_ceil(size).max(1),
    }
}

/// Page `n` (from 1) of `all`, `per_page` to a page (0: all on one);
/// empty for 0 and past the last page.
pub fn page_of<T>(all: &[T], per_page: usize, n: usize) -> &[T] {
    if n == 0 || per_page == 0 {
        return if n == 1 { all } else { &[] };
    }
    let start = (n - 1).saturating_mul(per_page).min(all.len());
    &all[start..(start + per_page).min(all.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(n: u32, per_page: usize) -> Lists {
        let by_kind = BTreeMap::from([(EntityKind::Note, (0..n).map(PageId).collect())]);
        Lists { reading_order: Vec::new(), per_page, by_kind }
    }

    #[test]
    fn entries_are_cut_into_pages_of_the_given_size() {
        let l = lists(5, 2);
        assert_eq!((l.pages(EntityKind::Note), l.len(EntityKind::Note)), (3, 5));
        assert_eq!(l.page(EntityKind::Note, 1), [PageId(0), PageId(1)]);
        assert_eq!(l.page(EntityKind::Note, 3), [PageId(4)]);
        assert!(l.page(EntityKind::Note, 4).is_empty());
        assert!(l.page(EntityKind::Note, 0).is_empty());
        // A size that divides the count makes no empty last page.
        assert_eq!(lists(4, 2).pages(EntityKind::Note), 2);
        // 0 lists everything on one page; an empty list still has its page.
        assert_eq!(lists(5, 0).pages(EntityKind::Note), 1);
        assert_eq!(lists(5, 0).page(EntityKind::Note, 1).len(), 5);
        assert!(lists(5, 0).page(EntityKind::Note, 2).is_empty());
        assert_eq!(lists(0, 2).pages(EntityKind::Note), 1);
        assert_eq!(l.pages(EntityKind::Deal), 1);
        assert!(l.page(EntityKind::Deal, 1).is_empty());
        assert!(l.page(EntityKind::Note, usize::MAX).is_empty());
    }
}
