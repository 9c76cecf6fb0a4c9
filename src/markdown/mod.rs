//! Markdown: finding links and headings in a body ([`scan`]) and turning a
//! body into HTML ([`to_html`]) with links already resolved.
//!
//! Both walk pulldown-cmark's event stream with the same options, so a link
//! is identified in both by its byte offset in the body. [`scan`] records
//! every link a page makes (wikilinks, relative markdown links, images) with
//! its place and the sentence around it, for `links` to resolve and for
//! backlinks. [`to_html`] rewrites those links to the URLs it is given,
//! anchors headings, highlights code with CSS classes, and applies the
//! raw-HTML policy. `$` stays text unless math is turned on.
//!
//! This module knows nothing of the site: it never decides what a link
//! points to.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::config::{MarkdownConfig, RawHtml};
use crate::highlight::{Highlighter, PreviousBlocks};
use crate::model::slugify;

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkForm {
    /// `[[target]]` or `[[target|text]]`.
    Wiki,
    /// `[text](target)` with a relative or site path.
    Markdown,
    /// `![alt](file)` or `![[file]]`.
    Image,
}

/// A link found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    /// How it was written.
    pub form: LinkForm,
    /// The target as written (`iren#Financing`, `../deals/x.md`).
    pub target: String,
    /// Byte range of the whole link in the body.
    pub range: Range<usize>,
    /// For images: the alt text.
    pub alt: String,
    /// The sentence around the link, at most 200 characters.
    pub context: String,
}

/// A heading of a body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text.
    pub text: String,
    /// Anchor id.
    pub id: String,
}

/// What [`scan`] finds.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Links, in order.
    pub links: Vec<FoundLink>,
    /// Headings, in order.
    pub headings: Vec<Heading>,
    /// Byte offsets of `[[` that start no link (outside code): a wikilink
    /// that markdown did not recognise, e.g. an unescaped `|` in a table.
    pub stray: Vec<usize>,
    /// Links and images whose URL scheme is refused (`javascript:` …):
    /// byte range and URL.
    pub unsafe_urls: Vec<(Range<usize>, String)>,
    /// Where raw HTML first nests deeper than [`MAX_HTML_DEPTH`]: byte offset
    /// of that fragment, and the deepest level reached.
    pub deep_html: Option<(usize, usize)>,
}

/// The pulldown-cmark options for a configuration.
pub fn options(cfg: &MarkdownConfig) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS;
    if cfg.math {
        o |= Options::ENABLE_MATH;
    }
    if cfg.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// Whether a link destination points inside the site (not `https:`,
/// `mailto:` …).
fn is_local(dest: &str) -> bool {
    let scheme_end = dest.find(':');
    let first_sep = dest.find(['/', '#', '?']);
    match (scheme_end, first_sep) {
        (Some(c), Some(s)) => c > s,
        (Some(_), None) => false,
        _ => true,
    }
}

/// Whether an external destination uses a scheme a page may link to.
/// `javascript:`, `vbscript:`, `data:` and unknown schemes are refused.
pub fn is_safe_scheme(dest: &str) -> bool {
    let scheme = dest.split(':').next().unwrap_or("").trim().to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel" | "ftp" | "sftp" | "irc" | "ircs" | "news" | "xmpp")
}

/// Gives unique heading ids within one page.
#[derive(Debug, Default)]
pub struct HeadingIds {
    seen: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id for a heading with this text (or explicit id).
    pub fn id(&mut self, text: &str) -> String {
        let base = slugify(text);
        let n = self.seen.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{}", *n - 1)
        }
    }
}

/// Finds links and headings in `body`.
pub fn scan(body: &str, opts: Options) -> Scan {
    let mut out = Scan::default();
    let mut ids = HeadingIds::default();
    let mut block = Block::default();
    let mut pending: Vec<(usize, usize)> = Vec::new();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut image: Option<usize> = None;
    let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
    let mut html_depth = HtmlDepth::default();
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        if matches!(
            event,
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_))
                | Event::Code(_)
                | Event::Html(_)
                | Event::InlineHtml(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
        ) {
            covered.push(range.clone());
        }
        if let Event::Html(h) | Event::InlineHtml(h) = &event {
            html_depth.feed(h);
            if html_depth.max > MAX_HTML_DEPTH && out.deep_html.is_none() {
                out.deep_html = Some((range.start, 0));
            }
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !is_local(&dest_url) && !is_safe_scheme(&dest_url) =>
            {
                out.unsafe_urls.push((range, dest_url.into_string()));
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                let form =
                    if matches!(link_type, LinkType::WikiLink { .. }) { LinkForm::Wiki } else { LinkForm::Markdown };
                if form == LinkForm::Wiki || is_local(&dest_url) {
                    pending.push((out.links.len(), block.chars));
                    // In a table the pipe of `[[page\|text]]` is escaped, and
                    // the backslash stays on the target.
                    let target = if form == LinkForm::Wiki {
                        dest_url.trim_end_matches('\\').to_string()
                    } else {
                        dest_url.into_string()
                    };
                    out.links.push(FoundLink { form, target, range, alt: String::new(), context: String::new() });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) if is_local(&dest_url) => {
                image = Some(out.links.len());
                out.links.push(FoundLink {
                    form: LinkForm::Image,
                    target: dest_url.into_string(),
                    range,
                    alt: String::new(),
                    context: String::new(),
                });
            }
            Event::End(TagEnd::Image) => image = None,
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level_num(level), id.map(|i| i.into_string()), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text)) = heading.take() {
                    let id = explicit.unwrap_or_else(|| ids.id(&text));
                    out.headings.push(Heading { level, text: text.trim().to_string(), id });
                }
                flush(&mut out.links, &mut pending, &mut block);
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some(i) = image {
                    out.links[i].alt.push_str(&t);
                }
                if let Some((_, _, text)) = &mut heading {
                    text.push_str(&t);
                }
                block.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => block.push_str(" "),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_) | TagEnd::CodeBlock,
            ) => {
                flush(&mut out.links, &mut pending, &mut block);
            }
            _ => {}
        }
    }
    flush(&mut out.links, &mut pending, &mut block);
    if let Some((_, deepest)) = &mut out.deep_html {
        *deepest = html_depth.max;
    }
    let covered = merge(covered);
    out.stray = body
        .match_indices("[[")
        .map(|(i, _)| i)
        .filter(|i| {
            // The last merged range starting at or before `i`.
            let k = covered.partition_point(|r| r.start <= *i);
            k == 0 || !covered[k - 1].contains(i)
        })
        .collect();
    out
}

/// Sorts ranges and merges the overlapping ones, so a lookup is a binary
/// search (a body with many links stays linear).
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The text of the current block, with its length in characters kept as it
/// grows (a link records where it sits without counting again).
#[derive(Default)]
struct Block {
    text: String,
    chars: usize,
}

impl Block {
    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }
}

fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

/// Gives each pending link the sentence of `block` around it.
fn flush(links: &mut [FoundLink], pending: &mut Vec<(usize, usize)>, block: &mut Block) {
    if !pending.is_empty() {
        let chars: Vec<char> = block.text.chars().collect();
        for (i, at) in pending.drain(..) {
            if let Some(l) = links.get_mut(i) {
                l.context = sentence_around(&chars, at);
            }
        }
    }
    *block = Block::default();
}

/// The sentence containing character `at`, trimmed to 200 characters. It
/// looks no further than that either way, so a long block without a full
/// stop costs the same per link as a short one.
fn sentence_around(chars: &[char], at: usize) -> String {
    const MAX: usize = 200;
    let at = at.min(chars.len());
    let ends_sentence =
        |i: usize| matches!(chars.get(i), Some('.' | '!' | '?')) && chars.get(i + 1).is_none_or(|c| c.is_whitespace());
    let starts_sentence = |i: usize| i == 0 || ends_sentence(i - 1);
    let mut start = at;
    while start > at.saturating_sub(MAX) && !starts_sentence(start) {
        start -= 1;
    }
    let mut end = at;
    while end < (at + MAX).min(chars.len()) && !ends_sentence(end) {
        end += 1;
    }
    let end = (end + 1).min(chars.len());
    let (mut s, mut e) = (start, end);
    if e - s > MAX {
        s = at.saturating_sub(MAX / 2).max(start);
        e = (s + MAX).min(end);
    }
    let mut text: String = chars[s..e].iter().collect::<String>().trim().to_string();
    text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !starts_sentence(s) {
        text.insert(0, '…');
    }
    if e < chars.len() && !ends_sentence(e - 1) {
        text.push('…');
    }
    text
}

/// A resolved link, by its byte offset in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    /// Byte offset where the link starts.
    pub offset: usize,
    /// The URL to write, or `None` for an unresolved link (shown as text).
    pub href: Option<String>,
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
}

/// Renders `body` to HTML. `links` must be sorted by offset; `headings` are
/// the body's headings as [`scan`] found them (so the body is not parsed a
/// second time for their ids).
pub fn to_html(
    body: &str,
    cfg: &MarkdownConfig,
    links: &[LinkTarget],
    headings: &[Heading],
    hl: &Highlighter,
    previous: Option<&PreviousBlocks>,
) -> Rendered {
    let opts = options(cfg);
    let all_headings = headings;
    let mut headings = headings.iter();
    let mut depth = HtmlDepth::default();
    let mut toc = Vec::new();
    // Events are rewritten as they stream from the parser to the HTML
    // writer, never collected: a 100 MB body stays a few copies of its text.
    let mut pending: VecDeque<Event<'_>> = VecDeque::new();
    let mut heading_id: Option<String> = None;
    let mut code: Option<(String, String)> = None;
    let mut had_html = false;
    let mut link_stack: Vec<bool> = Vec::new();
    let href_at = |offset: usize| links.binary_search_by_key(&offset, |l| l.offset).ok().map(|i| links[i].href.clone());
    let mut parser = Parser::new_ext(body, opts).into_offset_iter();
    let events = std::iter::from_fn(|| loop {
        if let Some(e) = pending.pop_front() {
            return Some(e);
        }
        let (event, range) = parser.next()?;
        match event {
            Event::Start(Tag::Heading { level, classes, attrs, .. }) => {
                let h = headings.next();
                let id = h.map(|h| h.id.clone()).unwrap_or_default();
                if let Some(h) = h.filter(|h| (2..=3).contains(&h.level)) {
                    toc.push(TocEntry { level: h.level, id: h.id.clone(), text: h.text.clone() });
                }
                heading_id = Some(id.clone());
                pending.push_back(Event::Start(Tag::Heading { level, id: Some(CowStr::from(id)), classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(id) = heading_id.take() {
                    let anchor = format!(
                        "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>",
                        id = escape_attr(&id)
                    );
                    pending.push_back(Event::InlineHtml(CowStr::from(anchor)));
                }
                pending.push_back(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let local = matches!(link_type, LinkType::WikiLink { .. }) || is_local(&dest_url);
                let target = match (local, is_safe_scheme(&dest_url)) {
                    (true, _) => href_at(range.start),
                    (false, true) => None,
                    (false, false) => Some(None),
                };
                match target {
                    Some(Some(href)) => {
                        pending.push_back(Event::Start(Tag::Link {
                            link_type,
                            dest_url: CowStr::from(href),
                            title,
                            id,
                        }));
                        link_stack.push(true);
                    }
                    Some(None) => {
                        pending.push_back(Event::InlineHtml(CowStr::from("<span class=\"broken-link\">")));
                        link_stack.push(false);
                    }
                    None => {
                        pending.push_back(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                        link_stack.push(true);
                    }
                }
            }
            Event::End(TagEnd::Link) => match link_stack.pop() {
                Some(false) => pending.push_back(Event::InlineHtml(CowStr::from("</span>"))),
                _ => pending.push_back(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = match is_local(&dest_url).then(|| href_at(range.start)).flatten() {
                    Some(Some(href)) => CowStr::from(href),
                    _ if !is_local(&dest_url) && !is_safe_scheme(&dest_url) => CowStr::from(""),
                    _ => dest_url,
                };
                pending.push_back(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.into_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, buf)) = &mut code {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, buf)) = code.take() {
                    pending.push_back(Event::Html(CowStr::from(code_block(&lang, &buf, hl, previous))));
                }
            }
            Event::Html(h) | Event::InlineHtml(h) if cfg.raw_html == RawHtml::Escape => {
                pending.push_back(Event::Text(h))
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                had_html = true;
                depth.feed(&h);
                pending.push_back(Event::Html(h));
            }
            other => pending.push_back(other),
        }
    });
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events);
    if had_html && cfg.raw_html == RawHtml::Sanitize {
        if depth.max > MAX_HTML_DEPTH {
            // Too deep to sanitise in reasonable time (`scan` reports it):
            // escape the raw HTML instead, which is always safe.
            let escape = MarkdownConfig { raw_html: RawHtml::Escape, ..cfg.clone() };
            return to_html(body, &escape, links, all_headings, hl, previous);
        }
        out = sanitize(&out);
    }
    Rendered { html: out, toc }
}

/// Raw HTML nested deeper than this is an error (`scan` reports it) and is
/// escaped rather than sanitised: the sanitiser's HTML parser takes time that
/// grows with the square of the depth.
pub const MAX_HTML_DEPTH: usize = 512;

/// Elements that never hold others.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source", b"track", b"wbr",
];

/// How deep raw HTML tags nest, counted roughly from the fragments in order:
/// an opening tag (not void, not `/>`) goes one level down, a closing tag one
/// up. It over-counts elements that close implicitly (`<p>`, `<li>`).
#[derive(Debug, Default)]
struct HtmlDepth {
    depth: usize,
    max: usize,
}

impl HtmlDepth {
    fn feed(&mut self, html: &str) {
        let b = html.as_bytes();
        for (p, _) in b.iter().enumerate().filter(|(_, c)| **c == b'<') {
            match b.get(p + 1) {
                Some(b'/') => self.depth = self.depth.saturating_sub(1),
                Some(c) if c.is_ascii_alphabetic() => {
                    let name: Vec<u8> = b[p + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .take(16)
                        .map(u8::to_ascii_lowercase)
                        .collect();
                    // Look for the tag's end only nearby, so this stays linear.
                    let window = &b[p + 1..b.len().min(p + 1 + 1024)];
                    let closed = window.iter().position(|&c| c == b'>').is_some_and(|e| e > 0 && window[e - 1] == b'/');
                    if !closed && !VOID.contains(&name.as_slice()) {
                        self.depth += 1;
                        self.max = self.max.max(self.depth);
                    }
                }
                _ => {}
            }
        }
    }
}

fn code_block(lang: &str, code: &str, hl: &Highlighter, previous: Option<&PreviousBlocks>) -> String {
    let lang_token = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let class =
        if lang_token.is_empty() { String::new() } else { format!(" class=\"language-{}\"", escape_attr(lang_token)) };
    match hl.highlight(code, lang, previous) {
        Some(inner) => format!("<pre class=\"code\"><code{class}>{inner}</code></pre>\n"),
        None => format!("<pre class=\"code\"><code{class}>{}</code></pre>\n", escape_text(code)),
    }
}

/// Escapes text for HTML.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

/// Removes scripts, event handlers and `javascript:` URLs, keeping the
/// markup pivotbook itself writes.
fn sanitize(html: &str) -> String {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["class", "id", "aria-label", "aria-hidden", "title"]);
    b.add_tags(["details", "summary", "mark", "figure", "figcaption", "section"]);
    b.add_tag_attributes("input", ["type", "checked", "disabled"]);
    b.add_tags(["input"]);
    b.link_rel(None);
    b.clean(html).to_string()
}

#[cfg(test)]
mod tests;
