//! Resolving the links of some pages: each page's body links and front
//! matter references, with every diagnostic found at a place in its body
//! (broken links, stray `[[`, refused URLs, HTML nested too deep, formulas
//! that do not parse). `resolve` runs it over every page; `serve`, which
//! keeps every page's scan between edits, over the pages an edit touches.

use rayon::prelude::*;

use super::{page_refs, Names, PageRefs, Resolved, Resolver};
use crate::diag::{to_u32, Diagnostic, LineIndex, Span};
use crate::load::Corpus;
use crate::markdown::{self, Scan};
use crate::model::{Model, PageId};

/// One page's body links, front matter references and diagnostics.
pub type PageLinks = (Vec<Resolved>, PageRefs, Vec<Diagnostic>);

/// Resolves the links and references of `pages` against `names` (which
/// must be up to date) and every page's scan (for anchors). Orphans and
/// embed cycles are whole-site questions, left to the caller.
pub fn resolve_pages(
    model: &Model,
    corpus: &Corpus,
    names: &Names,
    scans: &[Scan],
    pages: &[PageId],
) -> Vec<PageLinks> {
    let r = Resolver::new(model, corpus, names, scans);
    pages.par_iter().map(|&id| resolve_page(&r, id)).collect()
}

fn resolve_page(r: &Resolver<'_>, id: PageId) -> PageLinks {
    let p = r.model.page(id);
    let mut diags = Vec::new();
    let doc = &r.corpus.docs[p.doc];
    let body = doc.body_text();
    let lines = LineIndex::new(body);
    let scan = &r.scans[id.0 as usize];
    let span_at = |offset: usize, len: usize| {
        let (line, col) = lines.line_col(body, offset);
        Span::at(&doc.display, doc.body_line + line - 1, col, to_u32(len))
    };
    let links = scan
        .links
        .iter()
        .map(|l| {
            let len = body.get(l.range.clone()).map_or(1, |s| s.chars().count());
            let target = r.resolve_link(id, l, span_at(l.range.start, len), &mut diags);
            Resolved { offset: l.range.start, target, embed: l.display.clone() }
        })
        .collect();
    let refs = page_refs(r, id, p, &mut diags);
    for &offset in &scan.stray {
        diags.push(
            r.broken(
                "broken-wikilink",
                span_at(offset, 2),
                "`[[` starts no link here: the wikilink was not recognised".to_string(),
            )
            .with_help("close it with `]]`; inside a table write its pipe as `\\|`: [[page\\|text]]"),
        );
    }
    for (range, url) in &scan.unsafe_urls {
        diags.push(
            Diagnostic::error(
                "unsafe-link",
                span_at(range.start, 2),
                format!("`{}` uses a URL scheme pages may not link to", url.chars().take(60).collect::<String>()),
            )
            .with_help("link to http(s) or mailto addresses, or to pages of the site"),
        );
    }
    if let Some((offset, deepest)) = scan.deep_html {
        diags.push(
            Diagnostic::error(
                "html-too-deep",
                span_at(offset, 2),
                format!("raw HTML nests {deepest} levels deep here; at most {} are allowed", markdown::MAX_HTML_DEPTH),
            )
            .with_help("close the HTML elements you open; the page shows this HTML as text"),
        );
    }
    for (range, why) in &scan.bad_math {
        diags.push(
            Diagnostic::warning("invalid-math", span_at(range.start, 1), format!("this formula does not parse: {why}"))
                .with_help("check the LaTeX; with `markdown.math: false` a `$` is plain text"),
        );
    }
    (links, refs, diags)
}
