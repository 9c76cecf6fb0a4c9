//! The author's raw HTML under the `markdown.raw_html` policy: escaped as
//! text (`escape`), or kept (`allow`, and `sanitize`, where it is noted for
//! the sanitiser along with how deep it nests). A `<script>` or `<style>`
//! (or `<textarea>`, `<title>`) left open at the end of its HTML block is
//! closed there, or a browser, and the sanitiser, would read the rest of
//! the page (the footnotes, the theme's footer) as its text; so is a tag or
//! a comment (`<img src=`, `<!--`), which would take it as attributes or
//! hide it.
//!
//! In a paragraph, a tag whose element holds the rest of a page as text or
//! hides it (`<title>`, `<iframe>`, `<textarea>`, the elements GitHub's tag
//! filter escapes and two more) is text unless its end tag follows in the
//! same block: GitHub shows `Use a <textarea> here` as written, where a
//! browser would lose every block after it. When sanitised, `<script>`,
//! `<style>` and `<template>` in a paragraph are always text, as GitHub
//! shows them: the sanitiser drops what they hold. One written closed
//! (`<iframe src=… />`) is closed after it.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::{inline_end, inline_start, Ev, Out, Pass};
use crate::config::RawHtml as Policy;
use crate::markdown::html_urls::HtmlUrls;
use crate::markdown::HtmlDepth;

/// What the raw-HTML pass saw.
#[derive(Debug, Default)]
pub(in crate::markdown) struct Seen {
    /// The body has raw HTML (kept, so to be sanitised).
    pub(in crate::markdown) any: bool,
    /// How deep it nests.
    pub(in crate::markdown) depth: HtmlDepth,
}

/// The raw-HTML pass.
pub(in crate::markdown) struct RawHtml<'s, 'a> {
    /// The body has a `<`, which all raw HTML starts with.
    on: bool,
    policy: Policy,
    seen: &'s mut Seen,
    /// Where the HTML block being read is.
    html: HtmlUrls,
    /// From an inline tag that opens one of [`INERT`] on, while its end
    /// tag has not come: the events, and the element's name.
    held: Vec<Ev<'a>>,
    open: Option<&'static str>,
}

/// Elements whose text is not markup, or whose content a page does not
/// show: GitHub's tag filter's (`title` … `plaintext`), `noscript` and
/// `template`.
const INERT: [&str; 11] = [
    "title",
    "textarea",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "script",
    "plaintext",
    "noscript",
    "template",
];

/// The elements of [`INERT`] whose content the sanitiser drops.
const DROPPED: [&str; 3] = ["script", "style", "template"];

/// The element of [`INERT`] a start tag opens, and whether it is written
/// closed (`<iframe … />`).
fn inert_start(tag: &str) -> Option<(&'static str, bool)> {
    let rest = tag.strip_prefix('<')?;
    let name = INERT.iter().find(|n| {
        rest.get(..n.len()).is_some_and(|r| r.eq_ignore_ascii_case(n))
            && rest[n.len()..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
    })?;
    Some((name, tag.trim_end().ends_with("/>")))
}

/// A chunk of an HTML block with an end tag after each element of [`INERT`]
/// written closed (`<iframe src=… />`), which HTML does not close: the
/// frame would hold the rest of the block as its text.
fn close_self_closed(chunk: CowStr<'_>) -> CowStr<'_> {
    let mut out = String::new();
    let mut done = 0;
    let mut at = 0;
    while let Some(i) = chunk[at..].find('<') {
        let start = at + i;
        at = start + 1;
        let Some((name, _)) = inert_start(&chunk[start..]) else { continue };
        // The tag's `>`, outside quoted values.
        let mut quote = None;
        let Some(end) = chunk[start..].char_indices().find_map(|(k, c)| match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                None
            }
            (Some(q), _) if c == q => {
                quote = None;
                None
            }
            (None, '>') => Some(start + k),
            _ => None,
        }) else {
            break;
        };
        if chunk[start..end].trim_end().ends_with('/') {
            out.push_str(&chunk[done..=end]);
            out.push_str(&format!("</{name}>"));
            done = end + 1;
        }
        at = end + 1;
    }
    match done {
        0 => chunk,
        _ => {
            out.push_str(&chunk[done..]);
            CowStr::from(out)
        }
    }
}

/// A chunk of an HTML block with its `<template>` and `</template>` tags
/// as text.
fn template_as_text(chunk: CowStr<'_>) -> CowStr<'_> {
    let is_tag = |i: usize| {
        let rest = chunk[i + 1..].strip_prefix('/').unwrap_or(&chunk[i + 1..]);
        rest.get(..8).is_some_and(|n| n.eq_ignore_ascii_case("template"))
            && rest[8..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
    };
    let starts: Vec<usize> = memchr::memchr_iter(b'<', chunk.as_bytes()).filter(|&i| is_tag(i)).collect();
    if starts.is_empty() {
        return chunk;
    }
    let mut out = String::with_capacity(chunk.len() + 8);
    let mut last = 0;
    for i in starts {
        out.push_str(&chunk[last..i]);
        out.push_str("&lt;");
        last = i + 1;
    }
    out.push_str(&chunk[last..]);
    CowStr::from(out)
}

/// Whether `tag` is the end tag of `name`.
fn ends(tag: &str, name: &str) -> bool {
    tag.strip_prefix("</")
        .and_then(|r| r.get(..name.len()).filter(|r| r.eq_ignore_ascii_case(name)).map(|_| &r[name.len()..]))
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_whitespace() || c == '>'))
}

/// Whether an event starts or ends a block (an open inline element ends
/// with its block).
fn is_block(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => !inline_start(tag),
        Event::End(tag) => !inline_end(tag),
        Event::Rule => true,
        _ => false,
    }
}

impl<'s, 'a> RawHtml<'s, 'a> {
    /// Raw HTML of `text` under `policy`, noted in `seen`.
    pub(in crate::markdown) fn new(text: &str, policy: Policy, seen: &'s mut Seen) -> Self {
        let on = memchr::memchr(b'<', text.as_bytes()).is_some();
        RawHtml { on, policy, seen, html: HtmlUrls::default(), held: Vec::new(), open: None }
    }

    /// Puts out the held events: as they are when the element was closed
    /// in its block, else with its start tag as text. The rest are read
    /// again, in a loop rather than by recursion: a tag among them may
    /// open (and close) another.
    fn release(&mut self, closed: bool, out: &mut Out<'a>) {
        let mut closed = closed;
        let mut queue: VecDeque<Ev<'a>> = std::mem::take(&mut self.held).into();
        self.open = None;
        while let Some(first) = queue.pop_front() {
            match (closed, first.event) {
                (true, event) => {
                    let ev = self.handle(Ev { event, ..first }, out);
                    out.extend(ev);
                }
                (false, Event::InlineHtml(tag)) => out.push_back(Ev::done(Event::Text(tag))),
                (false, event) => out.push_back(Ev { event, ..first }),
            }
            closed = false;
            while let Some(ev) = queue.pop_front() {
                let Some(name) = self.open else {
                    let ev = self.start(ev, out);
                    out.extend(ev);
                    continue;
                };
                let closes = ev.raw && matches!(&ev.event, Event::InlineHtml(h) if ends(h, name));
                self.held.push(ev);
                if closes {
                    let mut again: VecDeque<Ev<'a>> = std::mem::take(&mut self.held).into();
                    again.append(&mut queue);
                    queue = again;
                    self.open = None;
                    closed = true;
                    break;
                }
            }
            if !closed {
                break;
            }
        }
    }

    /// An event while no element is open: may open one.
    fn start(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if !ev.raw {
            return Some(ev);
        }
        if let Event::InlineHtml(h) = &ev.event {
            // Sanitised, these lose what they hold, and with it markup of
            // ours inside (a footnote's end): text, as GitHub shows them.
            let dropped = |name: &str| DROPPED.contains(&name) && self.policy == Policy::Sanitize;
            if inert_start(h).is_some_and(|(name, _)| dropped(name)) || DROPPED.iter().any(|n| ends(h, n) && dropped(n))
            {
                return Some(Ev { event: Event::Text(h.clone()), ..ev.into_done() });
            }
            if let Some((name, closed)) = inert_start(h) {
                if closed {
                    let ev = self.handle(ev, out);
                    out.extend(ev);
                    out.push_back(Ev::done(Event::Html(CowStr::from(format!("</{name}>")))));
                    return None;
                }
                self.open = Some(name);
                self.held.push(ev);
                return None;
            }
        }
        self.handle(ev, out)
    }

    /// One event, not held.
    fn handle(&mut self, mut ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if let (Event::Html(h), true) = (&mut ev.event, self.policy != Policy::Escape) {
            if h.contains("/>") {
                *h = close_self_closed(std::mem::replace(h, CowStr::Borrowed("")));
            }
            // Sanitised, a `<template>` in an HTML block would take the rest
            // of the page with it (the parser files what follows as its
            // content, which the sanitiser drops): its tags are text.
            if self.policy == Policy::Sanitize {
                *h = template_as_text(std::mem::replace(h, CowStr::Borrowed("")));
            }
        }
        match ev.event {
            Event::Html(h) | Event::InlineHtml(h) if self.policy == Policy::Escape => Some(Ev::done(Event::Text(h))),
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                self.seen.any = true;
                self.seen.depth.feed(h);
                if matches!(ev.event, Event::InlineHtml(_)) {
                    self.html.reset();
                }
                self.html.feed(h, &mut Vec::new());
                Some(ev.into_done())
            }
            Event::End(TagEnd::HtmlBlock) if self.policy != Policy::Escape => {
                if let Some(open) = self.html.open_raw_text() {
                    out.push_back(Ev::done(Event::Html(CowStr::from(format!("</{open}>\n")))));
                } else if let Some(close) = self.html.open_tag_close() {
                    // `<img src=` at the block's end would take our markup after it as its attributes.
                    out.push_back(Ev::done(Event::Html(CowStr::from(format!("{close}\n")))));
                }
                self.html.reset();
                Some(ev.into_done())
            }
            event => Some(Ev { event, ..ev }),
        }
    }
}

impl<'a> Pass<'a> for RawHtml<'_, 'a> {
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if self.policy == Policy::Escape {
            return match ev.raw {
                true => self.handle(ev, out),
                false => Some(ev),
            };
        }
        let Some(name) = self.open else { return self.start(ev, out) };
        if is_block(&ev.event) {
            // Each release reads the held events again, and one may open another.
            while self.open.is_some() {
                self.release(false, out);
            }
            // The block's own event may open nothing: blocks are not inline tags.
            return match ev.raw {
                true => self.handle(ev, out),
                false => Some(ev),
            };
        }
        let closes = ev.raw && matches!(&ev.event, Event::InlineHtml(h) if ends(h, name));
        self.held.push(ev);
        if closes {
            self.release(true, out);
        }
        None
    }

    fn finish(&mut self, out: &mut Out<'a>) {
        while self.open.is_some() {
            self.release(false, out);
        }
    }
}
