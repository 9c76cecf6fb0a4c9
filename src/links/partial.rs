//! Resolving the links of some pages only, for `serve`, which keeps every
//! page's scan between edits and relinks just the pages an edit touches.
//! Same resolver and diagnostics as [`resolve`](super::resolve).

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::{page_refs, Index, PageRefs, Resolved, Resolver};
use crate::diag::{to_u32, Diagnostic, LineIndex, Span};
use crate::load::Corpus;
use crate::markdown::{self, Heading};
use crate::model::{Model, PageId};

/// The names links resolve against (and the content folder's files), kept
/// between edits: building them is most of the cost of relinking one page.
pub struct Names {
    index: Index,
    assets: HashSet<String>,
}

impl std::fmt::Debug for Names {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Names").field("assets", &self.assets.len()).finish_non_exhaustive()
    }
}

impl Names {
    /// The names of every page of `model`.
    pub fn new(model: &Model, corpus: &Corpus) -> Names {
        Names {
            index: Index::new(model, corpus),
            assets: corpus.assets.iter().map(|a| a.rel.to_string_lossy().replace('\\', "/")).collect(),
        }
    }

    /// Page `id`'s titles, short names and aliases changed from `old` to
    /// `new` (as links compare them: trimmed and lower-cased). Paths and
    /// file names cannot change without a file being renamed.
    pub fn rename(&mut self, id: PageId, old: &HashSet<String>, new: &HashSet<String>) {
        let tier = &mut self.index.tiers[2];
        for k in old.difference(new) {
            if let Some(list) = tier.get_mut(k) {
                list.retain(|x| *x != id);
                if list.is_empty() {
                    tier.remove(k);
                }
            }
        }
        for k in new.difference(old) {
            let list = tier.entry(k.clone()).or_default();
            if let Err(at) = list.binary_search(&id) {
                list.insert(at, id);
            }
        }
    }
}

/// One page's body links, front matter references and link diagnostics, as
/// [`resolve_pages`] returns them.
pub type PageLinks = (Vec<Resolved>, PageRefs, Vec<Diagnostic>);

/// For `serve`, which keeps every page's [`markdown::Scan`] between edits:
/// resolves the links and references of `pages` only, against the whole
/// model, with the same diagnostics [`resolve`] gives for them (stray `[[`
/// and refused URLs included; orphans are the caller's, from backlinks),
/// against `names`, which must be up to date.
/// `scans` and `headings` are indexed by page; `headings` is moved in and
/// handed back so the caller's graph need not be copied.
pub fn resolve_pages(
    model: &Model,
    corpus: &Corpus,
    names: &mut Names,
    scans: &[markdown::Scan],
    headings: Vec<Vec<Heading>>,
    pages: &[PageId],
) -> (Vec<PageLinks>, Vec<Vec<Heading>>) {
    let empty = Index { tiers: Default::default(), by_rel: HashMap::new(), urls: HashMap::new() };
    let r = Resolver {
        model,
        corpus,
        index: std::mem::replace(&mut names.index, empty),
        assets: std::mem::take(&mut names.assets),
        headings,
    };
    let out = pages
        .par_iter()
        .map(|&id| {
            let p = model.page(id);
            let mut diags = Vec::new();
            let doc = &corpus.docs[p.doc];
            let body = doc.body_text();
            let lines = LineIndex::new(body);
            let scan = &scans[id.0 as usize];
            let span_at = |offset: usize, len: usize| {
                let (line, col) = lines.line_col(body, offset);
                Span::at(&doc.display, doc.body_line + line - 1, col, to_u32(len))
            };
            let links = scan
                .links
                .iter()
                .map(|l| {
                    let len = body.get(l.range.clone()).map_or(1, |s| s.chars().count());
                    let span = span_at(l.range.start, len);
                    Resolved { offset: l.range.start, target: r.resolve_link(id, l, span, &mut diags) }
                })
                .collect();
            let refs = page_refs(&r, p, &mut diags);
            for &offset in &scan.stray {
                diags.push(
                    Diagnostic::error(
                        "broken-wikilink",
                        span_at(offset, 2),
                        "`[[` starts no link here: the wikilink was not recognised",
                    )
                    .with_help("close it with `]]`; inside a table write its pipe as `\\|`: [[page\\|text]]"),
                );
            }
            for (range, url) in &scan.unsafe_urls {
                diags.push(
                    Diagnostic::error(
                        "unsafe-link",
                        span_at(range.start, 2),
                        format!(
                            "`{}` uses a URL scheme pages may not link to",
                            url.chars().take(60).collect::<String>()
                        ),
                    )
                    .with_help("link to http(s) or mailto addresses, or to pages of the site"),
                );
            }
            (links, refs, diags)
        })
        .collect();
    names.index = r.index;
    names.assets = r.assets;
    (out, r.headings)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::read_doc;

    fn corpus(files: &[(&str, &str)]) -> Corpus {
        let docs = files
            .iter()
            .map(|(rel, text)| read_doc(Path::new(rel), Path::new(rel), text.as_bytes().to_vec()).unwrap())
            .collect();
        Corpus { docs, assets: Vec::new() }
    }

    fn keys(p: &crate::model::Page) -> HashSet<String> {
        [&p.title, &p.short_title].into_iter().chain(&p.names).map(|n| n.trim().to_lowercase()).collect()
    }

    #[test]
    fn renaming_gives_the_index_a_fresh_build_gives() {
        let a = "---\nname: Alpha Corp\nshort_name: Alpha\naliases: [Shared]\n---\n";
        let b = "---\nname: Beta Corp\naliases: [Shared]\n---\n";
        let before = corpus(&[("companies/a.md", a), ("companies/b.md", b)]);
        let (model, _) = crate::model::build(&before, false);
        let mut names = Names::new(&model, &before);
        let a2 = "---\nname: Gamma Corp\naliases: [Shared, Other]\n---\n";
        let after = corpus(&[("companies/a.md", a2), ("companies/b.md", b)]);
        let (model2, _) = crate::model::build(&after, false);
        let id = PageId(0);
        names.rename(id, &keys(model.page(id)), &keys(model2.page(id)));
        let fresh = Index::new(&model2, &after);
        assert_eq!(names.index.tiers, fresh.tiers);
        assert_eq!(names.index.tiers[2]["shared"], vec![PageId(0), PageId(1)]);
        assert!(!names.index.tiers[2].contains_key("alpha"));
    }
}
