//! Links and embeds: a link or image is given the URL the caller resolved
//! for its offset (an unresolved or refused one is shown as text), a plain
//! `[[Note#Heading]]` shows the text the caller gives for it (the target's
//! title and heading), else "Note > Heading" as Obsidian does, and `![[…]]` becomes the
//! markup the caller gives for it. An embedded body's footnotes keep no ids
//! (the host page has its own). A markdown image with a size in its alt
//! text (`![alt|250](url)`) or embedding a web page (`![](https://…)`) is
//! written as `web` reads it: an `<img>` with a size, a YouTube player, or a
//! plain link.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{Ev, Locate, Out, Own, Pass};
use crate::markdown::html::{Embed, LinkTarget};
use crate::markdown::html_urls::{HtmlUrls, UrlKind};
use crate::markdown::web::{self, WebEmbed};
use crate::markdown::{
    escape_attr, escape_text, is_local, is_note_embed, is_safe_image_source, is_safe_scheme, obsidian,
};

/// Drops the events inside an embed (`![[x|alt]]`), which the embed's
/// markup replaces. Runs first: the other passes never see them.
pub(in crate::markdown) struct EmbedInner {
    /// The body has a `![[`.
    on: bool,
    inside: bool,
}

impl EmbedInner {
    /// The embeds of `text`.
    pub(in crate::markdown) fn new(text: &str) -> Self {
        EmbedInner { on: has_embed(text), inside: false }
    }
}

/// Whether `text` may have an embed: every one starts with `![`, as
/// `![[Note]]` and `![](Note.md)` do (one look, as for `![[` alone before).
fn has_embed(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"![").is_some()
}

/// Whether an event starts an embed: `![[…]]`, or `![](Note.md)`.
fn is_embed(event: &Event<'_>) -> bool {
    match event {
        Event::Start(Tag::Image { link_type: LinkType::WikiLink { .. }, .. }) => true,
        Event::Start(Tag::Image { dest_url, .. }) => is_note_embed(dest_url),
        _ => false,
    }
}

impl<'a> Pass<'a> for EmbedInner {
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, _out: &mut Out<'a>) -> Option<Ev<'a>> {
        if self.inside {
            self.inside = !matches!(ev.event, Event::End(TagEnd::Image));
            return None;
        }
        self.inside = is_embed(&ev.event);
        Some(ev)
    }
}

/// The links pass (links and images; embeds are [`Embeds`]).
pub(in crate::markdown) struct Links<'i, 'p, 'a, 'o> {
    /// Resolved links, sorted by offset.
    links: &'i [LinkTarget],
    at: Locate<'p>,
    own: &'o Own,
    /// Open links, innermost last: `false` for one shown as text.
    open: Vec<bool>,
    /// The next text is a plain wikilink's: `Some`, with the text the
    /// caller gave for it, if any.
    plain_wiki: Option<Option<String>>,
    /// A markdown image being read: its URL (as it will be written), title,
    /// and its events so far (its start first).
    image: Option<(String, String, Vec<Ev<'a>>)>,
    /// The image being read points at a file that was not found.
    broken_image: bool,
    /// Where the author's raw HTML is read up to.
    html: HtmlUrls,
}

impl<'i, 'p, 'a, 'o> Links<'i, 'p, 'a, 'o> {
    /// Links rewritten to `links` (by page offset, through `at`), markup
    /// of ours through `own`.
    pub(in crate::markdown) fn new(links: &'i [LinkTarget], at: Locate<'p>, own: &'o Own) -> Self {
        Links {
            links,
            at,
            own,
            open: Vec::new(),
            plain_wiki: None,
            image: None,
            broken_image: false,
            html: HtmlUrls::default(),
        }
    }

    /// A chunk of raw HTML at `start` (a parsed-text offset) with each
    /// URL the caller resolved written in place of the one written; the
    /// chunk as it is when none was. A link that does not resolve (it was
    /// reported) loses its `href`, so it leads nowhere rather than to a
    /// page that is not there, as a markdown link shows as text; a picture
    /// or other medium keeps its `src`, which a browser shows as missing.
    fn html_urls(&mut self, chunk: CowStr<'a>, start: usize, inline: bool) -> CowStr<'a> {
        if inline {
            self.html.reset();
        }
        let mut found = Vec::new();
        self.html.feed(&chunk, &mut found);
        let mut out = String::new();
        let mut done = 0;
        for url in found {
            match (self.href_at(start + url.value.start), url.attr) {
                (Some(Some(href)), _) => {
                    out.push_str(&chunk[done..url.whole.start]);
                    out.push('"');
                    // As the HTML writer writes a markdown link's: percent-encoded, then escaped.
                    pulldown_cmark_escape::escape_href(&mut out, &href).ok();
                    out.push('"');
                }
                (Some(None), Some(attr)) if url.kind == UrlKind::Link => {
                    out.push_str(chunk[done..attr].trim_end_matches([' ', '\t']));
                }
                _ => continue,
            }
            done = url.whole.end;
        }
        if done == 0 {
            return chunk;
        }
        out.push_str(&chunk[done..]);
        CowStr::from(out)
    }

    /// The end of a markdown image: its events as they were, or, for a size
    /// or a web page, markup of ours.
    fn image_end(&mut self, end: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        let (url, title, mut events) = self.image.take()?;
        let alt: String = events
            .iter()
            .filter_map(|e| match &e.event {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let title_attr = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape_attr(&title)) };
        let src = escape_attr(&url);
        let broken = std::mem::take(&mut self.broken_image);
        let html = match web::web_embed(&url) {
            // Not found (reported): the alt text (or the path) as a broken link, never an `<img>` to nothing.
            _ if broken => {
                let text = match (alt.trim(), url.as_str()) {
                    ("", "") => "image",
                    ("", url) => url,
                    (alt, _) => alt,
                };
                Some(format!("<span class=\"broken-link\">{}</span>", escape_text(text)))
            }
            Some(WebEmbed::YouTube(id)) => {
                let name = if alt.trim().is_empty() { "YouTube video".to_string() } else { alt.trim().to_string() };
                Some(format!(
                    "<span class=\"embed-web embed-youtube\"><iframe src=\"https://www.youtube-nocookie.com/embed/{id}\" title=\"{}\" loading=\"lazy\" allowfullscreen></iframe><a href=\"{src}\">{}</a></span>",
                    escape_attr(&name),
                    escape_text(&name)
                ))
            }
            Some(WebEmbed::Link) => {
                let text = if alt.trim().is_empty() { url.as_str() } else { alt.trim() };
                Some(format!("<a class=\"embed-web\" href=\"{src}\"{title_attr}>{}</a>", escape_text(text)))
            }
            _ => web::sized(&alt, &url).map(|s| {
                let height = s.height.map(|h| format!(" height=\"{h}\"")).unwrap_or_default();
                format!(
                    "<img src=\"{src}\" alt=\"{}\"{title_attr} width=\"{}\"{height} loading=\"lazy\">",
                    escape_attr(&s.alt),
                    s.width
                )
            }),
        };
        match html {
            Some(html) => Some(Ev::done(self.own.event(html))),
            None => {
                events.push(end);
                out.extend(events);
                None
            }
        }
    }

    /// The URL resolved for the link at `at` (a parsed-text offset):
    /// `None` when the caller gave none, `Some(None)` when unresolved.
    fn href_at(&self, at: usize) -> Option<Option<String>> {
        Some(self.link_at(at)?.href.clone())
    }

    /// The link the caller resolved at `at` (a parsed-text offset).
    fn link_at(&self, at: usize) -> Option<&LinkTarget> {
        let offset = self.at.page(at);
        let i = self.links.binary_search_by_key(&offset, |l| l.offset).ok()?;
        Some(&self.links[i])
    }
}

impl<'a> Pass<'a> for Links<'_, '_, 'a, '_> {
    fn feed(&mut self, mut ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if let Some((_, _, events)) = &mut self.image {
            if matches!(ev.event, Event::End(TagEnd::Image)) {
                return self.image_end(ev.into_done(), out);
            }
            events.push(ev);
            return None;
        }
        if !ev.raw {
            return Some(ev);
        }
        match ev.event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.plain_wiki = matches!(link_type, LinkType::WikiLink { has_pothole: false })
                    .then(|| self.link_at(ev.range.start).and_then(|l| l.text.clone()));
                // An email autolink (`<a@b.org>`) is written as `mailto:` by the HTML writer.
                let email = matches!(link_type, LinkType::Email);
                let local = matches!(link_type, LinkType::WikiLink { .. }) || (is_local(&dest_url) && !email);
                let target = match (local, is_safe_scheme(&dest_url) || email) {
                    (true, _) => self.href_at(ev.range.start),
                    (false, true) => None,
                    (false, false) => Some(None),
                };
                let dest_url = match target {
                    Some(None) => {
                        self.open.push(false);
                        return Some(Ev::done(Event::InlineHtml(CowStr::from("<span class=\"broken-link\">"))));
                    }
                    Some(Some(href)) => CowStr::from(href),
                    None => dest_url,
                };
                self.open.push(true);
                Some(Ev::done(Event::Start(Tag::Link { link_type, dest_url, title, id })))
            }
            Event::End(TagEnd::Link) => Some(Ev::done(match self.open.pop() {
                Some(false) => Event::InlineHtml(CowStr::from("</span>")),
                _ => Event::End(TagEnd::Link),
            })),
            Event::Start(Tag::Image { link_type, dest_url, title, id })
                if !matches!(link_type, LinkType::WikiLink { .. }) && !is_note_embed(&dest_url) =>
            {
                let local = is_local(&dest_url);
                let resolved = local.then(|| self.href_at(ev.range.start)).flatten();
                // A source pages may not load (`file:`, `javascript:`; reported) shows as a broken one.
                let refused = !local && !is_safe_image_source(&dest_url);
                self.broken_image = resolved == Some(None) || refused;
                let dest_url = match resolved {
                    Some(Some(href)) => CowStr::from(href),
                    _ if refused => CowStr::from(""),
                    _ => dest_url,
                };
                let start = Ev::done(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest_url.clone(),
                    title: title.clone(),
                    id,
                }));
                self.image = Some((dest_url.to_string(), title.to_string(), vec![start]));
                None
            }
            // Raw HTML stays raw, for the raw-HTML pass's policy.
            Event::Html(h) => Some(Ev { event: Event::Html(self.html_urls(h, ev.range.start, false)), ..ev }),
            Event::InlineHtml(h) => {
                Some(Ev { event: Event::InlineHtml(self.html_urls(h, ev.range.start, true)), ..ev })
            }
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {
                self.html.reset();
                Some(ev)
            }
            Event::Text(t) if self.plain_wiki.is_some() => {
                let given = self.plain_wiki.take().flatten();
                // Unresolved, Obsidian shows `[[Note#Heading]]` as "Note > Heading".
                let shown = given.unwrap_or_else(|| super::super::plain_wikilink_text(&t));
                Some(Ev::done(Event::Text(CowStr::from(shown))))
            }
            event => {
                ev.in_link = !self.open.is_empty();
                Some(Ev { event, ..ev })
            }
        }
    }

    /// An image whose end never came is put out as it was read.
    fn finish(&mut self, out: &mut Out<'a>) {
        if let Some((_, _, events)) = self.image.take() {
            out.extend(events);
        }
    }
}

/// The embeds pass.
pub(in crate::markdown) struct Embeds<'i, 'a, 'p, 'o> {
    /// The markup of the embed at a page offset.
    embeds: &'i dyn Fn(usize) -> Option<Embed>,
    /// Rendered inside another page.
    embedded: bool,
    /// The body has an embed, or footnotes to write plainly (embedded).
    on: bool,
    text: &'a str,
    at: Locate<'p>,
    own: &'o Own,
    /// Paragraphs open here (a block embed closes and reopens them).
    paragraphs: usize,
    /// Set when a block embed split a paragraph, leaving empty ones.
    split: &'o mut bool,
}

impl<'i, 'a, 'p, 'o> Embeds<'i, 'a, 'p, 'o> {
    /// Embeds of `text` given by `embeds`; `split` is set when a block embed
    /// split a paragraph.
    pub(in crate::markdown) fn new(
        embeds: &'i dyn Fn(usize) -> Option<Embed>,
        embedded: bool,
        text: &'a str,
        at: Locate<'p>,
        own: &'o Own,
        split: &'o mut bool,
    ) -> Self {
        let on = has_embed(text) || (embedded && obsidian::may_have_footnotes(text));
        Embeds { embeds, embedded, on, text, at, own, paragraphs: 0, split }
    }

    fn embed(&mut self, range: std::ops::Range<usize>) -> Ev<'static> {
        let embed = (self.embeds)(self.at.page(range.start)).unwrap_or_else(|| Embed {
            html: format!("<span class=\"broken-link\">{}</span>", escape_text(&self.text[range])),
            block: false,
        });
        if embed.block && self.paragraphs > 0 {
            *self.split = true;
            Ev::done(self.own.event(format!("</p>\n{}<p>", embed.html)))
        } else {
            Ev::done(self.own.event(embed.html))
        }
    }
}

impl<'a> Pass<'a> for Embeds<'_, 'a, '_, '_> {
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, _out: &mut Out<'a>) -> Option<Ev<'a>> {
        if !ev.raw {
            return Some(ev);
        }
        let own = self.own;
        Some(match &ev.event {
            Event::Start(Tag::Paragraph) => {
                self.paragraphs += 1;
                ev
            }
            Event::End(TagEnd::Paragraph) => {
                self.paragraphs = self.paragraphs.saturating_sub(1);
                ev
            }
            event if is_embed(event) => self.embed(ev.range),
            Event::FootnoteReference(label) if self.embedded => {
                Ev::done(own.event(format!("<sup class=\"footnote-reference\">[{}]</sup>", escape_text(label))))
            }
            Event::Start(Tag::FootnoteDefinition(label)) if self.embedded => Ev::done(own.event(format!(
                "<div class=\"footnote-definition\"><sup class=\"footnote-definition-label\">{}</sup>",
                escape_text(label)
            ))),
            Event::End(TagEnd::FootnoteDefinition) if self.embedded => Ev::done(own.event("</div>\n".into())),
            _ => ev,
        })
    }
}
