//! Ids a body gives its headings: each heading's anchor, unique on the
//! page and clear of the theme's own ids, and the block id a heading may
//! end with (`## Results ^q3`), which Obsidian reads as the heading's.

use std::collections::HashMap;

use super::obsidian;
use crate::model::slugify;

/// Gives unique heading ids within one page.
#[derive(Debug, Default)]
pub struct HeadingIds {
    seen: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id for a heading with this text (or explicit id).
    pub fn id(&mut self, text: &str) -> String {
        // An id the page itself uses (the main landmark, the search box, the
        // theme's sections) is taken: the heading gets the next free one.
        unique(&mut self.seen, slugify(text), is_theme_id)
    }

    /// An id the author gave (`## Risks {#risk}`), kept as written and
    /// taken, so no later heading is given it.
    pub fn explicit(&mut self, id: String) -> String {
        self.seen.entry(id.clone()).or_insert(0);
        id
    }
}

/// `base`, or when an earlier heading (or `taken`) has it, `base-1`,
/// `base-2` … up to the first that is free, as GitHub numbers repeated
/// headings: `## Example 1`, `## Example`, `## Example` are `example-1`,
/// `example` and `example-2`. `seen` holds every id handed out (with how
/// many repeats of it as a base were numbered). Only `base` itself is
/// asked of `taken`, so the search ends: a numbered id that `taken` would
/// refuse too (`fn-1-1` after the theme's `fn-1`) is free enough.
pub(crate) fn unique(seen: &mut HashMap<String, usize>, base: String, taken: fn(&str) -> bool) -> String {
    let mut id = base.clone();
    while seen.contains_key(&id) || (id == base && taken(&id)) {
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        id = format!("{base}-{n}");
    }
    seen.insert(id.clone(), 0);
    id
}

/// The text Obsidian links a heading with a wikilink by: its source
/// (`## [[Hueco|Huecos]]`) with the `#`s before it, and each `[[`, `]]` and
/// `|`, made spaces (`Hueco Huecos`); `None` for a heading without one.
pub(super) fn wiki_source(source: &str) -> Option<String> {
    if !source.contains("[[") {
        return None;
    }
    let line = source.trim().trim_start_matches('#').trim_end_matches('#');
    let spaced = line.replace("[[", " ").replace("]]", " ").replace('|', " ");
    Some(spaced.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Ids the default theme gives its own elements on a page, which a heading
/// must not take (`## Main` would otherwise become a second `id="main"`).
const THEME_IDS: &[&str] = &[
    "main",
    "content",
    "search-q",
    "search-help",
    "search-results",
    "search-status",
    "site-search-q",
    "notfound-q",
    "graph-canvas",
    "graph-frame",
    "graph-help",
    "graph-status",
    "graph-tip",
    "toc",
];

/// Whether `id` is one the theme uses ([`THEME_IDS`], or its section, chart
/// and index prefixes).
fn is_theme_id(id: &str) -> bool {
    // Footnotes are `fn-1`, `fnref-1`, `fnref-1-2`.
    let footnote = ["fn-", "fnref-"].iter().any(|p| {
        id.strip_prefix(p).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
    });
    footnote
        || THEME_IDS.contains(&id)
        || ["sec-", "chart-", "year-", "month-", "left-out-"].iter().any(|p| id.starts_with(p))
}

/// A heading the scan is inside: its text so far, and where its last text
/// event started in it, for a block id ending the heading.
pub(super) struct OpenHeading {
    pub(super) level: u8,
    /// An id written with the heading (`{#id}`).
    pub(super) explicit: Option<String>,
    pub(super) text: String,
    /// The heading's start in the body as written.
    pub(super) offset: usize,
    /// Where the last event read started in `text`, when it was text
    /// (not code, math or markup: an id inside those is no id).
    last_text: Option<usize>,
}

impl OpenHeading {
    pub(super) fn new(level: u8, explicit: Option<String>, offset: usize) -> Self {
        OpenHeading { level, explicit, text: String::new(), offset, last_text: None }
    }

    /// Reads one event inside the heading: `t` is what it adds to the text,
    /// and `is_text` whether it is plain text.
    pub(super) fn push(&mut self, t: &str, is_text: bool) {
        self.last_text = is_text.then_some(self.text.len());
        self.text.push_str(t);
    }

    /// Any other event inside the heading (a link's start, an emphasis'
    /// end, raw HTML): the text after it starts a new last text.
    pub(super) fn other(&mut self) {
        self.last_text = None;
    }

    /// Cuts a block id ending the heading (` ^id` in its last text, as for
    /// a paragraph, after some text) from its text, and returns it.
    pub(super) fn take_block_id(&mut self) -> Option<String> {
        let (cut, id) = obsidian::block_id_after(&self.text, self.last_text?)?;
        // A heading that is only an id (`# ^Hj2ACoqk`, as Excalidraw's
        // drawings have) keeps it as its text.
        if self.text[..cut].trim().is_empty() {
            return None;
        }
        let id = id.to_string();
        self.text.truncate(cut);
        Some(id)
    }
}
