//! Resolving the links of some pages: each page's body links and front
//! matter references, with every diagnostic found at a place in its body
//! (broken links, stray `[[`, refused URLs, HTML nested too deep, formulas
//! that do not parse). `resolve` runs it over every page; `serve`, which
//! keeps every page's scan between edits, over the pages an edit touches.

use rayon::prelude::*;

use super::{page_refs, Names, PageRefs, Resolved, Resolver};
use crate::diag::{line_cols, to_u32, Diagnostic, Span};
use crate::load::Corpus;
use crate::markdown::{self, Scan};
use crate::model::{Model, PageId};

/// One page's body links, front matter references and diagnostics.
pub type PageLinks = (Vec<Resolved>, PageRefs, Vec<Diagnostic>);

/// Where the places a page's diagnostics may point at sit in its body:
/// the line and column of each link, stray `[[`, refused URL, formula and
/// deep HTML, and each link's length in characters. Worked out while the
/// body is at hand (the link scan), so resolving needs no text: a build
/// does not hold bodies ([`crate::load::Bodies::OnDisk`]).
#[derive(Debug, Clone, Default)]
pub(super) struct Spots {
    /// Byte offset, line and column (1-based), sorted by offset.
    at: Vec<(usize, u32, u32)>,
    /// Per link of the scan: its length in characters.
    link_chars: Vec<u32>,
}

impl Spots {
    /// The spots of `scan`, the scan of `body`.
    pub(super) fn new(body: &str, scan: &Scan) -> Spots {
        let mut offsets: Vec<usize> = (scan.links.iter().map(|l| l.range.start))
            .chain(scan.stray.iter().copied())
            .chain(scan.unclosed_comment)
            .chain(scan.unsafe_urls.iter().map(|(r, _)| r.start))
            .chain(scan.bad_math.iter().map(|(r, _)| r.start))
            .chain(scan.deep_html.map(|(offset, _)| offset))
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let at = offsets.iter().zip(line_cols(body, &offsets)).map(|(&o, (line, col))| (o, line, col)).collect();
        let link_chars =
            scan.links.iter().map(|l| to_u32(body.get(l.range.clone()).map_or(1, |s| s.chars().count()))).collect();
        Spots { at, link_chars }
    }

    /// The line and column of `offset` (one of the scan's places).
    fn line_col(&self, offset: usize) -> (u32, u32) {
        match self.at.binary_search_by_key(&offset, |a| a.0) {
            Ok(i) => (self.at[i].1, self.at[i].2),
            Err(_) => (1, 1),
        }
    }
}

/// Resolves the links and references of `pages` against `names` (which
/// must be up to date) and every page's scan (for anchors). Orphans and
/// embed cycles are whole-site questions, left to the caller. The bodies
/// must be held (`serve`): their [`Spots`] are worked out from them.
pub fn resolve_pages(
    model: &Model,
    corpus: &Corpus,
    names: &Names,
    scans: &[Scan],
    pages: &[PageId],
) -> Vec<PageLinks> {
    let r = Resolver::new(model, corpus, names, scans);
    pages
        .par_iter()
        .map(|&id| {
            let doc = &corpus.docs[model.page(id).doc];
            let spots = Spots::new(doc.body_text(), &scans[id.0 as usize]);
            resolve_page(&r, id, &spots)
        })
        .collect()
}

/// [`resolve_pages`] over every page, with each page's [`Spots`] (no body needed).
pub(super) fn resolve_all(
    model: &Model,
    corpus: &Corpus,
    names: &Names,
    scans: &[Scan],
    spots: &[Spots],
) -> Vec<PageLinks> {
    let r = Resolver::new(model, corpus, names, scans);
    (0..model.pages.len()).into_par_iter().map(|i| resolve_page(&r, PageId(i as u32), &spots[i])).collect()
}

fn resolve_page(r: &Resolver<'_>, id: PageId, spots: &Spots) -> PageLinks {
    let p = r.model.page(id);
    let mut diags = Vec::new();
    let doc = &r.corpus.docs[p.doc];
    let scan = &r.scans[id.0 as usize];
    let span_at = |offset: usize, len: u32| {
        let (line, col) = spots.line_col(offset);
        Span::at(&doc.display, doc.body_line + line - 1, col, len)
    };
    let links = scan
        .links
        .iter()
        .enumerate()
        .map(|(n, l)| {
            let len = spots.link_chars.get(n).copied().unwrap_or(1);
            let target = r.resolve_link(id, l, span_at(l.range.start, len), &mut diags);
            Resolved { offset: l.range.start, target, embed: l.display.clone() }
        })
        .collect();
    let refs = page_refs(r, id, p, &mut diags);
    if let Some(offset) = scan.unclosed_comment {
        diags.push(
            Diagnostic::warning(
                "unclosed-comment",
                span_at(offset, 2),
                "this `%%` opens a comment nothing closes: the rest of the note is hidden, as Obsidian hides it"
                    .to_string(),
            )
            .with_help("close the comment with `%%`, or write a percent sign in code (`` `%%` ``) or as `\\%\\%`"),
        );
    }
    for &offset in &scan.stray {
        let help = match scan.stray_in_table.contains(&offset) {
            true => {
                "this line follows a table with no blank line between, so it is read as one more row of the table, \
                     whose `|` splits the link: put a blank line after the table"
            }
            false => "close it with `]]`; inside a table write its pipe as `\\|`: [[page\\|text]]",
        };
        diags.push(
            r.broken(
                "broken-wikilink",
                span_at(offset, 2),
                "`[[` starts no link here: the wikilink was not recognised".to_string(),
            )
            .with_help(help),
        );
    }
    // Never written out, whatever the policy: under `links: warn` (a vault,
    // where a web clipping's `javascript:void(0)` or a pasted `file:` path
    // is common) the page builds without it, as with a broken link.
    for (range, url) in &scan.unsafe_urls {
        diags.push(
            r.broken(
                "unsafe-link",
                span_at(range.start, 2),
                format!("`{}` uses a URL scheme pages may not link to", url.chars().take(60).collect::<String>()),
            )
            .with_help("link to http(s) or mailto addresses, or to pages of the site; the page shows the text alone"),
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
    for (range, problem) in &scan.bad_math {
        diags.push(match &problem.unknown {
            Some(name) => Diagnostic::warning(
                "unknown-math-command",
                span_at(range.start, 1),
                format!(
                    "`\\{name}` is not a LaTeX command pivotbook knows, and neither this page nor the site defines it"
                ),
            )
            .with_help(format!(
                "define it before its first use on the page (`\\newcommand{{\\{name}}}{{…}}`), or for every page in \
                 `preamble.sty` at the top of the content folder or under `markdown.math_macros`"
            )),
            None => Diagnostic::warning(
                "invalid-math",
                span_at(range.start, 1),
                format!("this formula does not parse: {}", problem.why),
            )
            .with_help("check the LaTeX; with `markdown.math: false` a `$` is plain text"),
        });
    }
    (links, refs, diags)
}
