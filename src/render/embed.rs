//! Page bodies with their embeds: `![[Note]]` and `![[Note#Section]]`
//! transclude the other note's body or section (rendered without ids, at
//! most [`MAX_DEPTH`] deep, and shown as a link when it would embed itself),
//! and files become `<img>`, `<audio>`, `<video>` or `<object>` by type.
//! Nesting is capped ([`MAX_DEPTH`]) and so is fan-out: the embeds of one
//! page may add at most [`MAX_EMBED_BYTES`] of HTML (four levels of 30
//! embeds each once wrote a 963 MB page); past that they are shown as links
//! and the page gets a located error.
//!
//! A wikilink written without display text shows its target's title (and
//! heading), in the body and in the sentence a backlink quotes.

use std::cell::{Cell, RefCell};
use std::ops::Range;

use super::Renderer;
use crate::diag::{Diagnostic, LineIndex, Span};
use crate::highlight::PreviousBlocks;
use crate::links::{Backlink, Resolved, Target};
use crate::markdown::{
    self, escape_attr, escape_text, media_kind, ContextPart, Embed, Inputs, LinkTarget, MediaKind, Rendered,
};
use crate::model::PageId;

/// How deep embeds may nest (a note embedding a note embedding a note…).
pub(super) const MAX_DEPTH: usize = 4;

/// How much HTML the embeds of one page may add in all.
pub(super) const MAX_EMBED_BYTES: usize = 4 << 20;

/// One page's render: the pages being embedded, the HTML embeds have added
/// so far, the first embed (page, body offset) past the budget, and the
/// first body that could not be read back (its file changed during the build).
struct EmbedState {
    stack: RefCell<Vec<PageId>>,
    added: Cell<usize>,
    over: Cell<Option<(PageId, usize)>>,
    unread: RefCell<Option<Diagnostic>>,
}

impl Renderer<'_> {
    /// Renders the markdown body of a page with its links resolved and its
    /// embeds in place, and an error when its embeds went over [`MAX_EMBED_BYTES`]
    /// or a body (its own or an embedded one) could not be read back.
    pub(super) fn body_checked(&self, id: PageId, previous: Option<&PreviousBlocks>) -> (Rendered, Option<Diagnostic>) {
        let state = EmbedState {
            stack: RefCell::new(vec![id]),
            added: Cell::new(0),
            over: Cell::new(None),
            unread: RefCell::new(None),
        };
        let rendered = self.body_part(id, None, previous, &state);
        if let Some(d) = state.unread.take() {
            return (rendered, Some(d));
        }
        let diag = state.over.get().map(|(page, offset)| {
            let doc = &self.corpus.docs[self.model.page(page).doc];
            let span = match self.corpus.body(self.model.page(page).doc) {
                Ok(body) => {
                    let (line, col) = LineIndex::new(&body).line_col(&body, offset.min(body.len()));
                    Span::at(&doc.display, doc.body_line + line - 1, col, 3)
                }
                Err(_) => Span::file(&doc.display),
            };
            Diagnostic::error(
                "embeds-too-large",
                span,
                format!(
                    "the embeds of `{}` add more than {} MiB of HTML; from this one on they are shown as links",
                    self.model.page(id).path_key,
                    MAX_EMBED_BYTES >> 20
                ),
            )
            .with_help("embed a section (`![[note#Heading]]`) rather than whole notes, or link instead of embedding")
        });
        (rendered, diag)
    }

    /// Whether a page's title is its body's first heading (a note without
    /// a `title:`), which its page shows as the title and not again.
    pub(super) fn title_heading(&self, id: PageId) -> bool {
        matches!(&self.model.page(id).data, crate::model::PageData::Note(n) if n.title_heading)
    }

    /// Renders a page's body, or the part of it in `part` (for an embed).
    fn body_part(
        &self,
        id: PageId,
        part: Option<Range<usize>>,
        previous: Option<&PreviousBlocks>,
        state: &EmbedState,
    ) -> Rendered {
        let full = match self.body_text(id) {
            Ok(text) => text,
            Err(d) => {
                state.unread.borrow_mut().get_or_insert(d);
                return Rendered::default();
            }
        };
        let full: &str = &full;
        let range = part.clone().unwrap_or(0..full.len());
        let resolved = self.body_links(id);
        let links: Vec<LinkTarget> = resolved
            .iter()
            .filter(|l| range.contains(&l.offset))
            .map(|l| LinkTarget {
                offset: l.offset,
                href: self.href(&l.target),
                text: self.link_title(&l.target, wikilink_target(full, l.offset)),
            })
            .collect();
        let all = self.headings(id);
        let headings =
            &all[all.partition_point(|h| h.offset < range.start)..all.partition_point(|h| h.offset < range.end)];
        let embeds = |offset: usize| {
            let at = resolved.binary_search_by_key(&offset, |l| l.offset).ok()?;
            self.embed(&resolved[at], state)
        };
        let tag_base = self.site.url("tags/");
        let inputs = Inputs {
            links: &links,
            headings,
            blocks: self.blocks(id),
            embeds: &embeds,
            tag_base: &tag_base,
            encode_path: super::encode_path,
            offset: range.start,
            embedded: part.is_some() || state.stack.borrow().len() > 1,
            title_heading: part.is_none() && state.stack.borrow().len() == 1 && self.title_heading(id),
        };
        let text = full.get(range).unwrap_or("");
        markdown::to_html(text, &self.site.config.markdown, &inputs, self.hl, previous)
    }

    /// What a wikilink to `target` written without display text shows:
    /// the name as written when it is one of the page's names (`[[Acme Coin
    /// Corp]]`, `[[Iris Energy]]`), else its short title (a company's short
    /// name, a deal's title for `[[deals/x]]`), and " › Heading" for a
    /// heading of it (`[[#Heading]]`: the heading alone); `None` for what
    /// is not a page. In a vault, `None` for every one: "By default,
    /// Obsidian will show the link text as it appears" (Obsidian Help,
    /// "Internal links").
    pub(super) fn link_title(&self, target: &Target, written: &str) -> Option<String> {
        if self.site.config.links == crate::config::LinkPolicy::Warn {
            return None;
        }
        let Target::Page(to, anchor) = target else { return None };
        let page = self.model.page(*to);
        let name = written.split('#').next().unwrap_or("").trim();
        let named = !name.is_empty()
            && (name == page.title || name == page.short_title || page.names.iter().any(|n| n == name));
        let title = if named { name } else { page.short_title.as_str() };
        let heading = anchor.as_ref().and_then(|a| self.headings(*to).iter().find(|h| &h.id == a));
        Some(match heading {
            // A heading of the same page (`[[#Heading]]`): the heading alone.
            Some(h) if written.starts_with('#') => h.text.clone(),
            Some(h) => format!("{title} › {}", h.text),
            None => title.to_string(),
        })
    }

    /// The sentence a backlink quotes, its wikilinks without display text
    /// shown by their targets' titles.
    pub(super) fn backlink_context(&self, b: &Backlink) -> String {
        self.marked_text(b.from, &b.context)
    }

    /// Text of page `from` as [`markdown::scan`] marks it (a backlink
    /// context, a lead), its wikilinks without display text shown by their
    /// targets' titles.
    pub(super) fn marked_text(&self, from: PageId, marked: &str) -> String {
        self.marked_text_with(marked, || self.body_links(from))
    }

    /// [`Self::marked_text`] for a page's lead (its first paragraph), noting
    /// a read of the lead instead of the whole body: an edit further down
    /// leaves the lead's links where they are (see `incremental`).
    pub(super) fn lead_text(&self, from: PageId, lead: &str) -> String {
        crate::reads::note(crate::reads::Read::Lead(from));
        self.marked_text_with(lead, || &self.graph.links[from.0 as usize])
    }

    /// `marked` with its links shown by title; `links` (the page's resolved
    /// links, read only when it has a marked link) locates them. Text without
    /// one is shown as it is.
    fn marked_text_with<'l>(&self, marked: &str, links: impl FnOnce() -> &'l [crate::links::Resolved]) -> String {
        let parts = markdown::context_parts(marked);
        if parts.iter().all(|p| matches!(p, ContextPart::Text(_))) {
            return marked.to_string();
        }
        let links = links();
        parts
            .into_iter()
            .map(|p| match p {
                ContextPart::Text(t) => t.to_string(),
                ContextPart::Link { offset, target } => links
                    .binary_search_by_key(&offset, |l| l.offset)
                    .ok()
                    .and_then(|i| self.link_title(&links[i].target, target))
                    .unwrap_or_else(|| markdown::plain_wikilink_text(target)),
            })
            .collect()
    }

    /// The markup of one embed; `None` when it is broken.
    fn embed(&self, l: &Resolved, state: &EmbedState) -> Option<Embed> {
        let stack = &state.stack;
        let href = self.href(&l.target)?;
        let display = l.embed.as_deref().cloned().unwrap_or_default();
        match &l.target {
            Target::Page(to, anchor) => {
                let page = self.model.page(*to);
                let name = escape_text(&page.title);
                let link = format!("<a class=\"embed-link\" href=\"{}\">{name}</a>", escape_attr(&href));
                let cycle = {
                    let s = stack.borrow();
                    s.len() > MAX_DEPTH
                        || (s.contains(to) && anchor.is_none())
                        || s.iter().filter(|p| *p == to).count() > 1
                };
                if cycle {
                    return Some(Embed { html: link, block: false });
                }
                let over = |state: &EmbedState| {
                    if state.over.get().is_none() {
                        let here = *state.stack.borrow().last().unwrap_or(to);
                        state.over.set(Some((here, l.offset)));
                    }
                };
                if state.added.get() >= MAX_EMBED_BYTES {
                    over(state);
                    return Some(Embed { html: link, block: false });
                }
                let part = match anchor {
                    Some(a) => Some(self.anchor_range(*to, a)?),
                    None => None,
                };
                let section = anchor
                    .as_ref()
                    .and_then(|a| self.headings(*to).iter().find(|h| &h.id == a))
                    .map(|h| format!(" › {}", escape_text(&h.text)))
                    .unwrap_or_default();
                stack.borrow_mut().push(*to);
                let before = state.added.get();
                let inner = self.body_part(*to, part, None, state);
                stack.borrow_mut().pop();
                // The embeds inside counted themselves as they went (so a deep fan-out stops
                // early); the inner HTML holds them, so it replaces their count.
                let added = before.saturating_add(inner.html.len()).max(state.added.get());
                state.added.set(added);
                if added > MAX_EMBED_BYTES {
                    over(state);
                    return Some(Embed { html: link, block: false });
                }
                let html = format!(
                    "<div class=\"embed embed-note\">\n<p class=\"embed-source\"><a href=\"{}\">{name}{section}</a></p>\n{}</div>\n",
                    escape_attr(&href),
                    inner.html
                );
                Some(Embed { html, block: true })
            }
            Target::Asset(rel) => {
                let src = escape_attr(&href);
                let file = escape_text(rel.rsplit('/').next().unwrap_or(rel));
                let size = |d: &markdown::EmbedDisplay| {
                    let mut s = String::new();
                    if let Some(w) = d.width {
                        s.push_str(&format!(" width=\"{w}\""));
                    }
                    if let Some(h) = d.height {
                        s.push_str(&format!(" height=\"{h}\""));
                    }
                    s
                };
                let html = match media_kind(rel) {
                    MediaKind::Image => format!(
                        "<img src=\"{src}\" alt=\"{}\"{} loading=\"lazy\">",
                        // A vault's plain `![[img.png]]`: its file name (Obsidian Publish's alt text).
                        escape_attr(display.alt.as_deref().unwrap_or(match self.site.config.links {
                            crate::config::LinkPolicy::Warn => {
                                rel.rsplit('/').next().and_then(|f| f.rsplit_once('.')).map_or("", |(stem, _)| stem)
                            }
                            crate::config::LinkPolicy::Error => "",
                        })),
                        size(&display)
                    ),
                    MediaKind::Audio => format!(
                        "<audio class=\"embed-audio\" controls preload=\"metadata\" src=\"{src}\"><a href=\"{src}\">{file}</a></audio>"
                    ),
                    MediaKind::Video => format!(
                        "<video class=\"embed-video\" controls preload=\"metadata\" src=\"{src}\"{}><a href=\"{src}\">{file}</a></video>",
                        size(&display)
                    ),
                    MediaKind::Pdf => format!(
                        "<object class=\"embed-pdf\" data=\"{src}\" type=\"application/pdf\"{}><a href=\"{src}\">{file} (PDF)</a></object>",
                        size(&display)
                    ),
                    MediaKind::Other => format!("<a class=\"embed-file\" href=\"{src}\">{file}</a>"),
                };
                Some(Embed { html, block: false })
            }
            Target::SitePath(_) => {
                Some(Embed { html: format!("<a href=\"{}\">{href}</a>", escape_attr(&href)), block: false })
            }
            Target::Broken => None,
        }
    }

    /// The byte range of a section (a heading and what follows, up to the
    /// next heading of its level or above, also when named by the heading's
    /// block id) or of a block.
    fn anchor_range(&self, id: PageId, anchor: &str) -> Option<Range<usize>> {
        let len = self.body_len(id);
        let hs = self.headings(id);
        let block = self.blocks(id).iter().find(|b| markdown::block_anchor(&b.id) == anchor);
        let at = match block {
            // A heading's block id (`## Results ^q3`) stands for its section.
            Some(b) if b.heading => hs.iter().position(|h| h.offset == b.range.start)?,
            Some(b) => return Some(b.range.clone()),
            None => hs.iter().position(|h| h.id == anchor)?,
        };
        let end = hs[at + 1..].iter().find(|h| h.level <= hs[at].level).map_or(len, |h| h.offset);
        Some(hs[at].offset..end)
    }
}

/// The target of the wikilink at `offset` in `body` as written (`deals/x`,
/// `iren#Financing`); empty for any other link.
fn wikilink_target(body: &str, offset: usize) -> &str {
    let Some(rest) = body.get(offset..).and_then(|r| r.strip_prefix("[[")) else { return "" };
    let inner = rest.find("]]").map_or("", |end| &rest[..end]);
    // In a table the pipe of `[[page\|text]]` is escaped.
    inner.split('|').next().unwrap_or("").trim_end_matches('\\')
}
