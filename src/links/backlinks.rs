//! Backlinks: what each page gives the pages it links to or names in its
//! front matter (its contributions, each with the sentence around the link),
//! and the backlinks of every page gathered from them.

use std::collections::HashSet;
use std::sync::Arc;

use super::{Backlink, Context, PageRefs, Resolved, Target};
use crate::markdown;
use crate::model::PageId;

/// The backlinks page `from` gives: each page it links to or refers to
/// (never itself), once, with the sentence around its first body link
/// there; front matter references come after body links, with no sentence
/// (a property link, with its key).
pub fn contributions(
    from: PageId,
    links: &[Resolved],
    refs: &PageRefs,
    scan: &markdown::Scan,
) -> Vec<(PageId, Context)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let empty: Context = Arc::from("");
    let mut add = |to: PageId, context: &str| {
        if to != from && seen.insert(to) {
            out.push((to, if context.is_empty() { empty.clone() } else { Arc::from(context) }));
        }
    };
    for (l, f) in links.iter().zip(&scan.links) {
        if let Target::Page(to, _) = l.target {
            add(to, &f.context);
        }
    }
    for &t in refs.topics.iter().chain(&refs.companies).chain(refs.parties.iter().flatten()) {
        add(t, "");
    }
    for &s in refs.superseded_by.iter().chain(refs.part_of.iter().flatten()) {
        add(s, "");
    }
    for (key, to) in &refs.related {
        add(*to, key);
    }
    for (key, target) in &refs.properties {
        if let Target::Page(to, _) = target {
            add(*to, key);
        }
    }
    out
}

/// A page's inline `#tags` as the graph keeps them: sorted, once each.
pub fn inline_tags(mut tags: Vec<String>) -> Vec<String> {
    tags.sort();
    tags.dedup();
    tags
}

/// Pages linking to each page, sorted, from every page's [`contributions`].
pub fn backlinks(pages: usize, contributions: Vec<Vec<(PageId, Context)>>) -> Vec<Vec<Backlink>> {
    let mut back: Vec<Vec<Backlink>> = vec![Vec::new(); pages];
    for (from, list) in contributions.into_iter().enumerate() {
        for (to, context) in list {
            back[to.0 as usize].push(Backlink { from: PageId(from as u32), context });
        }
    }
    for list in &mut back {
        list.sort();
    }
    back
}
