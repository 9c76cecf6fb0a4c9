//! The second pass: a body's events rewritten and written as HTML.
//!
//! [`to_html`] runs the body's events through the passes of `pass` (links
//! to the URLs it is given by byte offset, headings anchored, code
//! highlighted, Obsidian's syntax turned into markup: callouts, `==marks==`,
//! `#tags` as links, block ids as `id`s, embeds as the HTML the caller gives
//! for each, mermaid blocks, math) straight into the HTML writer, so no pass
//! holds the whole body's events. Under the default raw-HTML policy, markup
//! of pivotbook's own is set aside while the author's HTML is sanitised,
//! then put back, so the sanitiser's allow-list stays as narrow as the
//! author's HTML needs. Everything about the site (URLs, the embeds'
//! markup, how a path is encoded) comes in through [`Inputs`].

use pulldown_cmark::html;

use super::pass::{
    autolinks, block_ids, callouts, code, footnotes, headings, links, marks, raw_html, tags, Claims, Ev, Locate, Own,
    Pass,
};
use super::{Block, Heading};
use crate::config::{MarkdownConfig, RawHtml};
use crate::highlight::{Highlighter, PreviousBlocks};

/// A resolved link, by its byte offset in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// Byte offset where the link starts.
    pub offset: usize,
    /// The URL to write, or `None` for an unresolved link (shown as text).
    pub href: Option<String>,
    /// What a wikilink written without display text (`[[deals/x]]`,
    /// `[[x#Heading]]`) shows: the target's title, and heading. `None`
    /// shows the target as written ("x > Heading", as Obsidian does).
    pub text: Option<String>,
}

/// A table of contents entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// Heading level.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Text.
    pub text: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings of level 2 and 3, for a table of contents.
    pub toc: Vec<TocEntry>,
    /// Whether it has a mermaid diagram.
    pub has_mermaid: bool,
    /// Whether it has math.
    pub has_math: bool,
}

/// The HTML of one embed, given by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// The markup.
    pub html: String,
    /// Whether it is block content (a note or a section), which cannot sit
    /// inside a paragraph.
    pub block: bool,
}

/// What a body is rendered with, besides its text.
pub struct Inputs<'a> {
    /// Resolved links, sorted by offset.
    pub links: &'a [LinkTarget],
    /// The body's headings as `scan` found them (so the body is not parsed
    /// a second time for their ids).
    pub headings: &'a [Heading],
    /// The page's blocks with an id as `scan` found them, by page offset:
    /// a block gets an id only when the scan found one ending where it
    /// ends, so a link the scan resolved always finds its anchor.
    pub blocks: &'a [Block],
    /// The markup of the embed at an offset.
    pub embeds: &'a dyn Fn(usize) -> Option<Embed>,
    /// The URL of the tags index (`/tags/`); tags are not linked when empty.
    pub tag_base: &'a str,
    /// Percent-encodes a site path (a tag's, under `tag_base`).
    pub encode_path: fn(&str) -> String,
    /// Where the text starts in the page's body (for a section embedded
    /// elsewhere): offsets of `links` and `embeds` are the page's.
    pub offset: usize,
    /// Rendered inside another page: no heading or block ids.
    pub embedded: bool,
    /// The body's first heading is the page's title, which the page shows
    /// above the body: it is left out of the body.
    pub title_heading: bool,
}

impl std::fmt::Debug for Inputs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs").field("links", &self.links.len()).field("offset", &self.offset).finish()
    }
}

/// What the passes find out about a body while rendering it.
#[derive(Default)]
struct Found {
    toc: Vec<TocEntry>,
    mermaid: bool,
    math: bool,
    raw: raw_html::Seen,
    /// A block embed split a paragraph, leaving empty ones.
    split: bool,
}

/// What the passes are given besides the events.
#[derive(Clone, Copy)]
struct Setup<'x> {
    /// The parsed text (comments cut).
    text: &'x str,
    cfg: &'x MarkdownConfig,
    inputs: &'x Inputs<'x>,
    hl: &'x Highlighter,
    previous: Option<&'x PreviousBlocks>,
    at: Locate<'x>,
    own: &'x Own,
    claims: &'x Claims,
}

/// Renders `body` to HTML.
pub fn to_html(
    body: &str,
    cfg: &MarkdownConfig,
    inputs: &Inputs<'_>,
    hl: &Highlighter,
    previous: Option<&PreviousBlocks>,
) -> Rendered {
    let prepared = super::prepare::prepare(body, cfg.math);
    let text: &str = &prepared.text;
    let sanitize = cfg.raw_html == RawHtml::Sanitize;
    let own = Own::new(sanitize && memchr::memchr(b'<', text.as_bytes()).is_some());
    let claims = Claims::default();
    let at = Locate { prepared: &prepared, offset: inputs.offset };
    let setup = Setup { text, cfg, inputs, hl, previous, at, own: &own, claims: &claims };
    let mut found = Found::default();
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, passes(parse(&setup), setup, &mut found).map(|ev| ev.event));
    if found.raw.any && sanitize {
        if found.raw.depth.max > super::MAX_HTML_DEPTH {
            // Too deep to sanitise in reasonable time (`scan` reports it):
            // escape the raw HTML instead, which is always safe.
            let escape = MarkdownConfig { raw_html: RawHtml::Escape, ..cfg.clone() };
            return to_html(body, &escape, inputs, hl, previous);
        }
        out = sanitize_html(&out);
    }
    out = own.restore(out);
    if found.split {
        out = out.replace("<p></p>\n", "").replace("<p></p>", "").replace("<p>\n</p>\n", "");
    }
    Rendered { html: out, toc: found.toc, has_mermaid: found.mermaid, has_math: found.math }
}

/// The body's events as parsed.
fn parse<'x>(setup: &Setup<'x>) -> impl Iterator<Item = Ev<'x>> + use<'x> {
    super::prepare::events(setup.text, super::parse_options(setup.cfg)).map(|(event, range)| Ev::raw(event, range))
}

/// `events` through every pass, in their order of precedence (see `pass`).
fn passes<'a: 'x, 'x, I: Iterator<Item = Ev<'a>>>(
    events: I,
    s: Setup<'a>,
    found: &'x mut Found,
) -> impl Iterator<Item = Ev<'a>> + use<'a, 'x, I> {
    let inputs = s.inputs;
    let tags = tags::Tags::new(s.text, inputs.tag_base, inputs.encode_path, s.own);
    let events = links::EmbedInner::new(s.text).run(events);
    let events = callouts::Callouts::new(s.text, s.own, s.claims, inputs.embedded, tags.on()).run(events);
    let events =
        code::Code::new(s.hl, s.previous, s.own, &mut found.mermaid, &mut found.math, &s.cfg.math_preamble).run(events);
    let events = links::Links::new(inputs.links, s.at, s.own).run(events);
    let events = links::Embeds::new(inputs.embeds, inputs.embedded, s.text, s.at, s.own, &mut found.split).run(events);
    let events = autolinks::Autolinks::new(s.text, s.own).run(events);
    let events = tags.run(events);
    let events =
        headings::Headings::new(inputs.headings, inputs.embedded, inputs.title_heading, &mut found.toc).run(events);
    let events = raw_html::RawHtml::new(s.text, s.cfg.raw_html, &mut found.raw).run(events);
    let events = block_ids::BlockIds::new(s.text, inputs.embedded, inputs.blocks, s.at, s.own, s.claims).run(events);
    let events = marks::Marks::new(s.text, s.own).run(events);
    footnotes::Footnotes::new(s.own, inputs.embedded, s.text).run(events)
}

/// Escapes text for HTML.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

/// Escapes text for an HTML attribute value in double quotes.
pub fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

/// Removes scripts, event handlers and `javascript:` URLs, keeping the
/// markup pivotbook itself writes.
fn sanitize_html(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["class", "id", "aria-label", "aria-hidden", "title"]);
    b.add_tags(["details", "summary", "mark", "figure", "figcaption", "section"]);
    b.add_tag_attributes("input", ["type", "checked", "disabled"]);
    b.add_tags(["input"]);
    // A table column's alignment, as pulldown-cmark writes it, and an
    // author's `align` (`<p align="center">`), which GitHub keeps: a style
    // that only aligns text, nothing else.
    b.add_tag_attributes("th", ["style", "align"]).add_tag_attributes("td", ["style", "align"]);
    for tag in ["p", "div", "img", "h1", "h2", "h3", "h4", "h5", "h6", "table"] {
        b.add_tag_attributes(tag, ["align"]);
    }
    b.attribute_filter(|_, attribute, value| match attribute {
        "style" => text_align(value).map(|side| format!("text-align: {side}").into()),
        "align" => text_align(value).map(|side| side.into()),
        _ => Some(value.into()),
    });
    b.link_rel(None);
    b.clean(html).to_string()
}

/// The side a `style="text-align: …"` or `align="…"` value aligns to, if
/// that is all it says.
fn text_align(value: &str) -> Option<&'static str> {
    let side = value.trim().trim_end_matches(';').trim();
    let side = side.strip_prefix("text-align").map_or(side, |r| r.trim_start().trim_start_matches(':').trim());
    ["left", "center", "right", "justify"].into_iter().find(|s| side.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::markdown::{options, prepare, scan};

    /// The most events the passes hold at once (read from the parser but
    /// not yet given to the writer) over `body`, and how many were read.
    fn most_held(body: &str) -> (usize, usize) {
        let cfg = MarkdownConfig::default();
        let s = scan(body, &options(&cfg));
        let embeds = |_: usize| Some(Embed { html: "<div>embed</div>".into(), block: true });
        let inputs = Inputs {
            links: &[],
            headings: &s.headings,
            blocks: &s.blocks,
            embeds: &embeds,
            tag_base: "/tags/",
            encode_path: |p| p.to_string(),
            offset: 0,
            embedded: false,
            title_heading: false,
        };
        let prepared = prepare::prepare(body, cfg.math);
        let own = Own::new(true);
        let hl = Highlighter::with_default_themes();
        let at = Locate { prepared: &prepared, offset: 0 };
        let claims = Claims::default();
        let setup = Setup {
            text: &prepared.text,
            cfg: &cfg,
            inputs: &inputs,
            hl: &hl,
            previous: None,
            at,
            own: &own,
            claims: &claims,
        };
        let read = Cell::new(0usize);
        let mut found = Found::default();
        let (mut written, mut most) = (0usize, 0usize);
        for _ in passes(parse(&setup).inspect(|_| read.set(read.get() + 1)), setup, &mut found) {
            written += 1;
            most = most.max(read.get().saturating_sub(written));
        }
        (most, read.get())
    }

    #[test]
    fn the_passes_hold_one_block_at_most() {
        // Every pass that looks ahead or back has work here: block ids,
        // marks (one left open per block), callouts, tags, embeds, headings.
        let block =
            "A ==mark #tag ^b1\n\n> [!note] Title\n> text ==open ^b2\n\n- item ![[n]] ^b3\n- x &amp; y\n\n## H\n\n";
        let (_, one) = most_held(block);
        let (most, read) = most_held(&block.repeat(2000));
        assert_eq!(read, 2000 * one);
        assert!(most <= one, "{most} events held at once; one block is {one}");
        // A block that may end with an id is held whole, however long.
        let (most, read) = most_held(&format!("{}^id\n\nnext\n", "*w* ".repeat(1000)));
        assert!(most >= 4000 && read - most < 10, "{most} of {read}");
    }
}
