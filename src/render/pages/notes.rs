//! The notes index (`/notes/`): each note with its summary, date and tags.
//! The notes of the site's suggested reading order (`reading_order:` in
//! `pivotbook.yaml`) come first, in that order; the others follow by title.
//! [`reading_order`] resolves that list and reports its mistakes (a name
//! that is no note, with a did-you-mean; a page that is not a note; a note
//! named twice): errors, or warnings under `links: warn`. A long list is
//! cut into pages (`catalog/lists`), each with a pager ([`PaginatorView`]).

use std::collections::HashMap;

use super::super::view::{DateView, LinkView, NoteItemView, PageView, PagerLinkView, PaginatorView};
use super::super::Renderer;
use crate::catalog::lists::page_count;
use crate::catalog::Catalog;
use crate::config::{LinkPolicy, Site};
use crate::diag::{did_you_mean, Diagnostic};
use crate::load::EntityKind;
use crate::model::{Model, PageId};
use crate::reads::Aggregate;

/// About how many characters of a first paragraph a summary keeps.
const SUMMARY_CHARS: usize = 200;

/// An entry as a key: without `[[ ]]`, a `|display`, slashes at either
/// end and `.md`, lower-cased (`[[Notes/Overview.md]]` → `notes/overview`).
fn entry_key(entry: &str) -> String {
    let e = entry.trim();
    let e = e.strip_prefix("[[").and_then(|e| e.strip_suffix("]]")).unwrap_or(e);
    let e = e.split('|').next().unwrap_or("").trim().trim_matches('/');
    let e = e.strip_suffix(".md").unwrap_or(e);
    e.to_lowercase()
}

/// The notes `site`'s `reading_order:` names, in its order, and the
/// problems with it. An entry names a note by its path under the content
/// folder (`notes/overview`), its address (`/notes/overview/`) or, when
/// no other note has it, its file name (`Overview`, as a wikilink would).
pub fn reading_order(model: &Model, site: &Site) -> (Vec<PageId>, Vec<Diagnostic>) {
    let config = &site.config;
    if config.reading_order.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut by_path: HashMap<String, PageId> = HashMap::new();
    let mut by_stem: HashMap<String, Vec<PageId>> = HashMap::new();
    let mut others: HashMap<String, PageId> = HashMap::new();
    for (i, p) in model.pages.iter().enumerate() {
        let id = PageId(i as u32);
        if p.kind == EntityKind::Note {
            by_path.insert(p.path_key.to_lowercase(), id);
            by_path.insert(p.url.trim_matches('/').to_lowercase(), id);
            by_stem.entry(p.file_stem.to_lowercase()).or_default().push(id);
        } else {
            others.insert(p.path_key.to_lowercase(), id);
        }
    }
    let problem = |span, message: String| match config.links {
        LinkPolicy::Warn => Diagnostic::warning("reading-order", span, message),
        LinkPolicy::Error => Diagnostic::error("reading-order", span, message),
    };
    let (mut order, mut diags) = (Vec::new(), Vec::new());
    for (n, entry) in config.reading_order.iter().enumerate() {
        let span = config
            .reading_order_spans
            .get(n)
            .cloned()
            .unwrap_or_else(|| crate::diag::Span::file(crate::config::CONFIG_FILE));
        let key = entry_key(entry);
        let found = by_path.get(&key).copied().or_else(|| match by_stem.get(&key).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            _ => None,
        });
        match found {
            Some(id) => match order.iter().find(|(o, _)| *o == id) {
                Some((_, first)) => diags.push(
                    problem(
                        span,
                        format!(
                            "`{entry}` names the same note as entry {} (`{}`)",
                            first + 1,
                            config.reading_order[*first]
                        ),
                    )
                    .with_help("a note is listed once: remove one of the two entries"),
                ),
                None => order.push((id, n)),
            },
            None => {
                let message = match (others.get(&key), by_stem.get(&key)) {
                    (Some(id), _) => format!(
                        "`{entry}` is a page of kind `{}`, not a note: the reading order lists notes",
                        model.kinds.name(model.page(*id).kind)
                    ),
                    (None, Some(many)) => format!("`{entry}` names {} notes; write which one by its path", many.len()),
                    (None, None) => format!("`{entry}` in `reading_order` is no note of the site"),
                };
                let notes: Vec<&str> =
                    model.pages.iter().filter(|p| p.kind == EntityKind::Note).map(|p| p.path_key.as_str()).collect();
                // The closest only: the shared folder makes every note's path look alike.
                let close = did_you_mean(&key, notes.iter().copied(), 1);
                let help = close.first().map(|c| format!("did you mean `{c}`?")).unwrap_or_else(|| {
                    "name a note by its path under the content folder, without `.md` (`notes/overview`)".into()
                });
                diags.push(problem(span, message).with_help(help));
            }
        }
    }
    (order.into_iter().map(|(id, _)| id).collect(), diags)
}

/// `text` with its whitespace collapsed, cut to at most `max` characters:
/// after its last whole sentence when that keeps at least half of them,
/// else after its last whole word, with "…".
fn cut_at_word(text: &str, max: usize) -> String {
    let mut out = String::new();
    // Characters so far; bytes and characters up to the last sentence's end.
    let (mut chars, mut sentence, mut sentence_chars) = (0usize, 0usize, 0usize);
    for w in text.split_whitespace() {
        let len = chars + usize::from(!out.is_empty()) + w.chars().count();
        if len > max {
            if sentence_chars >= max / 2 {
                out.truncate(sentence);
                return out;
            }
            if out.is_empty() {
                out = w.chars().take(max).collect();
            }
            let kept = out.trim_end_matches([',', ';', ':', '(', '-', '–', '—', ' ']).len();
            out.truncate(kept);
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
        chars = len;
        if w.ends_with(['.', '!', '?']) {
            (sentence, sentence_chars) = (out.len(), chars);
        }
    }
    out
}

impl Renderer<'_> {
    /// A page's summary: its `description:`, else its `summary:` property,
    /// else its first paragraph as text, cut at a word to about
    /// [`SUMMARY_CHARS`] characters.
    pub(in super::super) fn summary(&self, id: PageId) -> String {
        let p = self.model.page(id);
        let written =
            p.description.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_string).or_else(|| {
                let prop = p.properties.iter().find(|q| q.key == "summary")?;
                let text = prop.values.iter().map(|v| v.text.as_str()).collect::<Vec<_>>().join(", ");
                Some(text).filter(|t| !t.trim().is_empty())
            });
        if let Some(w) = written {
            return w;
        }
        let lead = self.graph.leads.get(id.0 as usize).map_or("", String::as_str);
        cut_at_word(&self.lead_text(id, lead), SUMMARY_CHARS)
    }

    /// A note as the notes index lists it.
    pub(super) fn note_item(&self, id: PageId) -> NoteItemView {
        let p = self.model.page(id);
        NoteItemView {
            link: self.link(id),
            summary: self.summary(id),
            date: p.date.map(DateView::from),
            tags: self.tag_links(p),
        }
    }

    /// The entries of page `n` (from 1) of `kind`'s list index: the
    /// reading order's notes (on the notes index's first page), then that
    /// page's share of the others, by title.
    pub(in super::super) fn note_items(&self, kind: EntityKind, n: u32) -> (Vec<NoteItemView>, Vec<NoteItemView>) {
        let lists = &self.index_page(kind, n).lists;
        let order: &[PageId] = if kind == EntityKind::Note && n == 1 { &lists.reading_order } else { &[] };
        let rest = lists.page(kind, n as usize);
        (order.iter().map(|id| self.note_item(*id)).collect(), rest.iter().map(|id| self.note_item(*id)).collect())
    }

    /// The catalog, noting that the job reads the entries of page `n` (from 1) of `kind`'s index.
    pub(in super::super) fn index_page(&self, kind: EntityKind, n: u32) -> &Catalog {
        self.catalog(Aggregate::IndexPage(kind, n))
    }

    /// Where page `n` (from 1) of `kind`'s list index stands among its
    /// pages, whose site paths `path` gives; `None` for a list on one page.
    pub(in super::super) fn paginator(
        &self,
        kind: EntityKind,
        n: u32,
        path: impl Fn(u32) -> String,
    ) -> Option<PaginatorView> {
        let lists = &self.index_page(kind, n).lists;
        self.pager(n, lists.len(kind), lists.per_page, path)
    }

    /// Where page `n` (from 1) of a list of `entries` entries, `per_page`
    /// to a page, stands among its pages, whose site paths `path` gives;
    /// `None` for a list on one page.
    pub(in super::super) fn pager(
        &self,
        n: u32,
        entries: usize,
        per_page: usize,
        path: impl Fn(u32) -> String,
    ) -> Option<PaginatorView> {
        let total = page_count(entries, per_page) as u32;
        if total < 2 {
            return None;
        }
        let url = |k: u32| self.site.url(&path(k));
        let shown = pages_shown(n, total);
        let pages = shown
            .iter()
            .enumerate()
            .map(|(i, &k)| PagerLinkView {
                number: k,
                url: url(k),
                current: k == n,
                gap: i > 0 && shown[i - 1] + 1 != k,
            })
            .collect();
        let before = (n.saturating_sub(1) as usize).saturating_mul(per_page).min(entries);
        Some(PaginatorView {
            current: n,
            total,
            previous: (n > 1).then(|| url(n - 1)),
            next: (n < total).then(|| url(n + 1)),
            pages,
            first_entry: before + 1,
            last_entry: (before + per_page).min(entries),
            entries,
        })
    }

    /// On page `n` > 1 of a list whose first page is at site path `first`,
    /// the breadcrumbs end "List › Page n", the list's crumb leading to its
    /// first page.
    pub(in super::super) fn page_crumb(&self, page: &mut PageView, first: &str, n: u32) {
        if n > 1 {
            if let Some(own) = page.breadcrumbs.last_mut() {
                own.url = self.site.url(first);
            }
            page.breadcrumbs.push(LinkView { title: format!("Page {n}"), url: page.url.clone(), kind: "index" });
        }
    }
}

/// The page numbers a pager shows on page `n` of `total`: the first, the
/// last and the two on each side of `n`, so that each page links to a
/// bounded number of others however long the list is.
fn pages_shown(n: u32, total: u32) -> Vec<u32> {
    let mut shown: Vec<u32> = [1, total].into_iter().chain(n.saturating_sub(2).max(1)..=(n + 2).min(total)).collect();
    shown.sort_unstable();
    shown.dedup();
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_read_as_paths() {
        assert_eq!(entry_key("[[Notes/Overview.md|the overview]]"), "notes/overview");
        assert_eq!(entry_key(" /notes/risks/ "), "notes/risks");
        assert_eq!(entry_key("Overview"), "overview");
    }

    #[test]
    fn a_pager_shows_the_ends_and_the_pages_near_this_one() {
        assert_eq!(pages_shown(1, 1), [1]);
        assert_eq!(pages_shown(1, 2), [1, 2]);
        assert_eq!(pages_shown(1, 10), [1, 2, 3, 10]);
        assert_eq!(pages_shown(5, 10), [1, 3, 4, 5, 6, 7, 10]);
        assert_eq!(pages_shown(10, 10), [1, 8, 9, 10]);
        assert_eq!(pages_shown(3, 4), [1, 2, 3, 4]);
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(cut_at_word("a  short\ntext", 200), "a short text");
        assert_eq!(cut_at_word("one two three four", 13), "one two three…");
        assert_eq!(cut_at_word("one two, three", 9), "one two…");
        // A whole sentence is kept when it is at least half the length.
        assert_eq!(cut_at_word("One two. Three four five", 14), "One two.");
        assert_eq!(cut_at_word("One. Three four five six", 18), "One. Three four…");
        assert_eq!(cut_at_word("abcdefghij", 4), "abcd…");
        let long = "word ".repeat(100);
        let cut = cut_at_word(&long, SUMMARY_CHARS);
        assert!(cut.ends_with("word…") && cut.chars().count() <= SUMMARY_CHARS + 1, "{cut}");
    }
}
