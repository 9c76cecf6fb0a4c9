//! Each page's one address: two files that slug alike, and a page at the
//! address of a generated page, are told apart here, before links resolve,
//! so that every link reaches the address the page is served at.

use std::collections::{BTreeMap, HashSet};

use super::{slug, Page};
use crate::config::LinkPolicy;
use crate::diag::{Diagnostic, Span};
use crate::load::{Corpus, EntityKind};

/// The address of the search page.
pub const SEARCH_PATH: &str = "search/";
/// The address of the graph page.
pub const GRAPH_PATH: &str = "graph/";
/// The address of the page that explains how totals are counted.
pub const TOTALS_PATH: &str = "totals/";
/// The address of the timeline of every deal.
pub const TIMELINE_PATH: &str = "timeline/";

/// The addresses of the pages generated beside the content's, other than
/// kinds' indexes, tags and folders, each with what it is called: the
/// search page and the graph, and with deals their totals and timeline.
/// In a vault a page of the content there is moved aside
/// ([`check_collisions`]); elsewhere it is an error (`render::plan`).
pub fn generated_pages(with_deals: bool) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![(SEARCH_PATH, "search page"), (GRAPH_PATH, "graph page")];
    if with_deals {
        out.extend([(TOTALS_PATH, "totals page"), (TIMELINE_PATH, "timeline")]);
    }
    out
}

/// Sorts page indexes by the pages' paths, so that which page keeps an
/// address never depends on the order files were read in.
fn in_path_order(pages: &[Page], ids: &mut [usize]) {
    ids.sort_by(|a, b| pages[*a].path_key.cmp(&pages[*b].path_key).then(pages[*a].doc.cmp(&pages[*b].doc)));
}

/// The first of `url`'s `-2`, `-3`… addresses that is not `used`, now used.
fn free_address(url: &str, used: &mut HashSet<String>) -> String {
    let new = (2..).map(|n| slug::suffixed(url, n)).find(|u| !used.contains(u)).unwrap_or_default();
    used.insert(new.clone());
    new
}

/// Gives a page the address `url`, and the slug that ends it.
fn move_to(page: &mut Page, url: String) {
    page.slug = url.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
    page.url = url;
}

/// A folder's `README.md` at its folder's address gives it up to another
/// page there (the folder's `index.md`), and takes its own path's
/// (`guide/readme/`), with no warning: that is the rule, not a clash.
fn readme_gives_way(corpus: &Corpus, pages: &mut [Page]) {
    let readme = |p: &Page| {
        let rel = &corpus.docs[p.doc].rel;
        slug::folder_readme_url(rel).is_some_and(|u| u == p.url && p.permalink.is_none())
    };
    let others: HashSet<String> = pages.iter().filter(|p| !readme(p)).map(|p| p.url.clone()).collect();
    for page in pages.iter_mut() {
        if readme(page) && others.contains(&page.url) {
            let own = slug::url_for(&corpus.docs[page.doc].rel);
            move_to(page, own);
        }
    }
}

/// Two files that map to one URL. The first by path keeps it (a page whose
/// `permalink:` names it, if one does); each other gets the first free
/// `-2`, `-3`… address and a warning naming both. The rule reads only the
/// set of files, never the order they were read in. Two permalinks naming
/// one address are an error, and so are two home pages (only the first
/// stays).
pub(super) fn check_collisions(corpus: &Corpus, pages: &mut Vec<Page>, diags: &mut Vec<Diagnostic>) {
    readme_gives_way(corpus, pages);
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        groups.entry(p.url.clone()).or_default().push(i);
    }
    let mut used: HashSet<String> = groups.keys().cloned().collect();
    let mut drop = Vec::new();
    let name = |p: &Page| corpus.docs[p.doc].rel.display().to_string();
    if corpus.policy == LinkPolicy::Warn {
        let with_deals = pages.iter().any(|p| p.kind == EntityKind::Deal);
        let generated = generated_pages(with_deals);
        used.extend(generated.iter().map(|(url, _)| url.to_string()));
        for (url, what) in generated {
            let mut ids = groups.remove(url).unwrap_or_default();
            in_path_order(pages, &mut ids);
            for i in ids {
                let new = free_address(url, &mut used);
                diags.push(
                    Diagnostic::warning(
                        "url-collision",
                        Span::file(&corpus.docs[pages[i].doc].display),
                        format!(
                            "`{}` would be /{url}, the address of the generated {what}: it is served at /{new}",
                            name(&pages[i])
                        ),
                    )
                    .with_help(
                        "links by name reach it; rename the file or give it a `permalink:` to choose its address",
                    ),
                );
                move_to(&mut pages[i], new);
            }
        }
    }
    for (url, mut ids) in groups.into_iter().filter(|(_, ids)| ids.len() > 1) {
        in_path_order(pages, &mut ids);
        let claimed: Vec<usize> = ids.iter().copied().filter(|i| pages[*i].permalink.is_some()).collect();
        let keeper = claimed.first().copied().unwrap_or(ids[0]);
        for i in ids.into_iter().filter(|i| *i != keeper) {
            let (a, b) = (name(&pages[keeper]), name(&pages[i]));
            if url.is_empty() {
                diags.push(
                    Diagnostic::error(
                        "url-collision",
                        Span::file(&corpus.docs[pages[i].doc].display),
                        format!("`{a}` and `{b}` are both the home page"),
                    )
                    .with_help("keep one of `index.md` and `_index.md` at the top of the content folder"),
                );
                drop.push(i);
                continue;
            }
            if let Some(span) = pages[i].permalink.clone() {
                diags.push(
                    Diagnostic::error(
                        "url-collision",
                        span,
                        format!("`{b}` claims the permalink /{url}, which `{a}` has"),
                    )
                    .with_help("give each page its own permalink"),
                );
            }
            let new = free_address(&url, &mut used);
            if pages[i].permalink.is_none() {
                diags.push(
                    Diagnostic::warning(
                        "url-collision",
                        Span::file(&corpus.docs[pages[i].doc].display),
                        format!("`{a}` and `{b}` both become /{url}: `{b}` is served at /{new}"),
                    )
                    .with_help("links by name reach both pages; rename a file (names are compared after lower-casing and turning spaces and punctuation into `-`) or give it a `permalink:` to choose its address"),
                );
            }
            move_to(&mut pages[i], new);
        }
    }
    drop.sort_unstable();
    for i in drop.into_iter().rev() {
        pages.remove(i);
    }
    pages.sort_by(|a, b| a.url.cmp(&b.url).then(a.doc.cmp(&b.doc)));
}
