//! Resolving the links of some pages only, for `serve`, which keeps every
//! page's scan between edits and relinks just the pages an edit touches.
//! Same resolver and diagnostics as [`resolve`](super::resolve).

use rayon::prelude::*;

use super::{page_refs, Index, PageRefs, Resolved, Resolver};
use crate::diag::{to_u32, Diagnostic, LineIndex, Span};
use crate::load::Corpus;
use crate::markdown::{self, Heading};
use crate::model::{Model, PageId};

/// One page's body links, front matter references and link diagnostics, as
/// [`resolve_pages`] returns them.
pub type PageLinks = (Vec<Resolved>, PageRefs, Vec<Diagnostic>);

/// For `serve`, which keeps every page's [`markdown::Scan`] between edits:
/// resolves the links and references of `pages` only, against the whole
/// model, with the same diagnostics [`resolve`] gives for them (stray `[[`
/// and refused URLs included; orphans are the caller's, from backlinks).
/// `scans` and `headings` are indexed by page; `headings` is moved in and
/// handed back so the caller's graph need not be copied.
pub fn resolve_pages(
    model: &Model,
    corpus: &Corpus,
    scans: &[markdown::Scan],
    headings: Vec<Vec<Heading>>,
    pages: &[PageId],
) -> (Vec<PageLinks>, Vec<Vec<Heading>>) {
    let r = Resolver {
        model,
        corpus,
        index: Index::new(model, corpus),
        assets: corpus.assets.iter().map(|a| a.rel.to_string_lossy().replace('\\', "/")).collect(),
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
    (out, r.headings)
}
