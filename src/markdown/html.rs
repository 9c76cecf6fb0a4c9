//! The second pass: a body's events rewritten and written as HTML.
//!
//! [`to_html`] rewrites links to the URLs it is given (by byte offset),
//! anchors headings, highlights code, and turns Obsidian's syntax into
//! markup: callouts (`<div>` or, when foldable, `<details>`), `==marks==`,
//! `#tags` as links, block ids as `id`s, embeds as the HTML the caller
//! gives for each, mermaid blocks as `<pre class="mermaid">`. Under the
//! default raw-HTML policy, markup of pivotbook's own is set aside while the
//! author's HTML is sanitised, then put back, so the sanitiser's allow-list
//! stays as narrow as the author's HTML needs.

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::obsidian::{self, CalloutMarker};
use super::{is_local, is_safe_scheme, options, starts_word, Heading};
use crate::config::{MarkdownConfig, RawHtml};
use crate::highlight::{Highlighter, PreviousBlocks};

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
    /// The markup of the embed at an offset.
    pub embeds: &'a dyn Fn(usize) -> Option<Embed>,
    /// The URL of the tags index (`/tags/`); tags are not linked when empty.
    pub tag_base: &'a str,
    /// Where the text starts in the page's body (for a section embedded
    /// elsewhere): offsets of `links` and `embeds` are the page's.
    pub offset: usize,
    /// Rendered inside another page: no heading or block ids.
    pub embedded: bool,
}

impl std::fmt::Debug for Inputs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs").field("links", &self.links.len()).field("offset", &self.offset).finish()
    }
}

/// Markup of pivotbook's own, kept apart from the author's while sanitising.
struct Own {
    stash: Option<Vec<String>>,
}

impl Own {
    fn event(&mut self, html: String) -> Event<'static> {
        match &mut self.stash {
            Some(stash) => {
                stash.push(html);
                Event::Html(CowStr::from(format!("\u{FFFF}{}\u{FFFF}", stash.len() - 1)))
            }
            None => Event::Html(CowStr::from(html)),
        }
    }

    fn restore(&self, html: String) -> String {
        let Some(stash) = self.stash.as_ref().filter(|s| !s.is_empty()) else { return html };
        let mut out = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(i) = rest.find('\u{FFFF}') {
            out.push_str(&rest[..i]);
            let after = &rest[i + '\u{FFFF}'.len_utf8()..];
            let end = after.find('\u{FFFF}');
            match end.and_then(|e| after[..e].parse::<usize>().ok().and_then(|n| stash.get(n))) {
                Some(s) => {
                    out.push_str(s);
                    rest = &after[end.unwrap_or(0) + '\u{FFFF}'.len_utf8()..];
                }
                None => {
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// A blockquote being rendered: a plain quote or a callout.
struct Quote {
    callout: Option<(CalloutMarker, bool)>,
}

/// The title of a callout whose first line is being read.
struct Title {
    /// End of the `[!type]±` marker and the spaces after it.
    marker_end: usize,
    /// End of the first line.
    line_end: usize,
    kind: String,
    fold: bool,
    any: bool,
}

/// Renders `body` to HTML.
pub fn to_html(
    body: &str,
    cfg: &MarkdownConfig,
    inputs: &Inputs<'_>,
    hl: &Highlighter,
    previous: Option<&PreviousBlocks>,
) -> Rendered {
    let opts = options(cfg);
    let prepared = obsidian::prepare(body);
    let text: &str = &prepared.text;
    let orig = |at: usize| prepared.original(at) + inputs.offset;
    let links = inputs.links;
    let href_at = |offset: usize| links.binary_search_by_key(&offset, |l| l.offset).ok().map(|i| links[i].href.clone());
    let mut own = Own {
        stash: (cfg.raw_html == RawHtml::Sanitize && memchr::memchr(b'<', text.as_bytes()).is_some()).then(Vec::new),
    };
    let mut headings = inputs.headings.iter();
    let mut r = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut had_html = false;
    let mut depth = super::HtmlDepth::default();
    // Looked for once per body rather than text by text: most have none.
    let marks = obsidian::has_pair(text, b'=');
    let tags = !inputs.tag_base.is_empty() && obsidian::may_have_tags(text);
    let mut unwrap_paragraphs = false;
    let mut link_stack: Vec<bool> = Vec::new();
    let mut quotes: Vec<Quote> = Vec::new();
    let mut title: Option<Title> = None;
    let mut blocks: Vec<usize> = Vec::new();
    let mut paragraphs = 0usize;
    let mut skip_image = false;
    let mut word = true;
    let mut plain_wiki = false;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        let next_word = starts_word(&event);
        if skip_image {
            skip_image = !matches!(event, Event::End(TagEnd::Image));
            continue;
        }
        if let Some(t) = &mut title {
            let ends = matches!(event, Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph))
                || range.start >= t.line_end;
            if !ends {
                match &event {
                    Event::Start(Tag::Paragraph) => continue,
                    Event::Text(s) if range.start < t.marker_end => {
                        let cut = if s.len() == range.len() && range.end > t.marker_end {
                            s.get(t.marker_end - range.start..).unwrap_or("")
                        } else {
                            ""
                        };
                        if !cut.trim().is_empty() {
                            t.any = true;
                            events.push(Event::Text(CowStr::from(cut.to_string())));
                        }
                        continue;
                    }
                    _ if range.start < t.marker_end => continue,
                    // The title's own content: rendered like any other.
                    _ => t.any = true,
                }
            } else {
                if !t.any {
                    events.push(Event::Text(CowStr::from(obsidian::default_title(&t.kind))));
                }
                let close = if t.fold { "</span></summary>" } else { "</span></p>" };
                events.push(own.event(format!("{close}\n<div class=\"callout-content\">\n")));
                let first = matches!(event, Event::SoftBreak | Event::HardBreak);
                title = None;
                if first {
                    events.push(Event::Start(Tag::Paragraph));
                    paragraphs += 1;
                    blocks.push(events.len() - 1);
                }
                if first || matches!(event, Event::End(TagEnd::Paragraph)) {
                    continue;
                }
            }
        }
        match event {
            Event::Start(Tag::BlockQuote(kind)) => {
                let first_line = text[range.clone()].lines().next().unwrap_or("");
                let after = first_line.trim_start().strip_prefix('>').unwrap_or("").trim_start();
                let at = range.start + (first_line.len() - after.len());
                match obsidian::callout_marker(after) {
                    Some(m) => {
                        let style = obsidian::callout_style(&m.kind);
                        let kind = escape_attr(&m.kind);
                        let head = "<span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-text\">";
                        let open = match m.fold {
                            Some(open) => format!(
                                "<details class=\"callout callout-{style}\" data-callout=\"{kind}\"{}>\n<summary class=\"callout-title\">{head}",
                                if open { " open" } else { "" }
                            ),
                            None => format!(
                                "<div class=\"callout callout-{style}\" data-callout=\"{kind}\" role=\"note\">\n<p class=\"callout-title\">{head}"
                            ),
                        };
                        events.push(own.event(open));
                        title = Some(Title {
                            marker_end: at + m.len,
                            line_end: range.start + first_line.len(),
                            kind: m.kind.clone(),
                            fold: m.fold.is_some(),
                            any: false,
                        });
                        let fold = m.fold.is_some();
                        quotes.push(Quote { callout: Some((m, fold)) });
                    }
                    None => {
                        events.push(Event::Start(Tag::BlockQuote(kind)));
                        quotes.push(Quote { callout: None });
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => match quotes.pop().and_then(|q| q.callout) {
                Some((_, fold)) => {
                    events.push(own.event(if fold { "</div>\n</details>\n" } else { "</div>\n</div>\n" }.to_string()))
                }
                None => events.push(Event::End(TagEnd::BlockQuote(kind))),
            },
            Event::Start(Tag::Paragraph) => {
                paragraphs += 1;
                blocks.push(events.len());
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::Start(Tag::Item) => {
                blocks.push(events.len());
                events.push(Event::Start(Tag::Item));
            }
            Event::End(end @ (TagEnd::Paragraph | TagEnd::Item)) => {
                if end == TagEnd::Paragraph {
                    paragraphs = paragraphs.saturating_sub(1);
                }
                let start = blocks.pop();
                match (start, block_id_of(&mut events)) {
                    (Some(start), Some(id)) if !inputs.embedded => {
                        let tag = if end == TagEnd::Paragraph { "p" } else { "li" };
                        let anchor = escape_attr(&obsidian::block_anchor(&id));
                        events[start] = own.event(format!("<{tag} id=\"{anchor}\">"));
                        events.push(own.event(format!("</{tag}>\n")));
                    }
                    _ => events.push(Event::End(end)),
                }
            }
            // `{key=value}` after a heading would become any attribute (`onclick=…`,
            // found by the math fuzz target): only its classes are kept.
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let h = headings.next();
                let id = h.filter(|_| !inputs.embedded).map(|h| CowStr::from(h.id.clone()));
                if let Some(h) = h.filter(|h| (2..=3).contains(&h.level) && !inputs.embedded) {
                    r.toc.push(TocEntry { level: h.level, id: h.id.clone(), text: h.text.clone() });
                }
                events.push(Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(Event::Start(Tag::Heading { id: Some(id), .. })) =
                    events.iter().rev().find(|e| matches!(e, Event::Start(Tag::Heading { .. })))
                {
                    let anchor = format!(
                        "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>",
                        id = escape_attr(id)
                    );
                    events.push(Event::InlineHtml(CowStr::from(anchor)));
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                plain_wiki = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                let local = matches!(link_type, LinkType::WikiLink { .. }) || is_local(&dest_url);
                let target = match (local, is_safe_scheme(&dest_url)) {
                    (true, _) => href_at(orig(range.start)),
                    (false, true) => None,
                    (false, false) => Some(None),
                };
                match target {
                    Some(Some(href)) => {
                        events.push(Event::Start(Tag::Link { link_type, dest_url: CowStr::from(href), title, id }));
                        link_stack.push(true);
                    }
                    Some(None) => {
                        events.push(Event::InlineHtml(CowStr::from("<span class=\"broken-link\">")));
                        link_stack.push(false);
                    }
                    None => {
                        events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                        link_stack.push(true);
                    }
                }
            }
            Event::End(TagEnd::Link) => match link_stack.pop() {
                Some(false) => events.push(Event::InlineHtml(CowStr::from("</span>"))),
                _ => events.push(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Image { link_type: LinkType::WikiLink { .. }, .. }) => {
                skip_image = true;
                let embed = (inputs.embeds)(orig(range.start)).unwrap_or_else(|| Embed {
                    html: format!("<span class=\"broken-link\">{}</span>", escape_text(&text[range.clone()])),
                    block: false,
                });
                if embed.block && paragraphs > 0 {
                    unwrap_paragraphs = true;
                    events.push(own.event(format!("</p>\n{}<p>", embed.html)));
                } else {
                    events.push(own.event(embed.html));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = match is_local(&dest_url).then(|| href_at(orig(range.start))).flatten() {
                    Some(Some(href)) => CowStr::from(href),
                    _ if !is_local(&dest_url) && !is_safe_scheme(&dest_url) => CowStr::from(""),
                    _ => dest_url,
                };
                events.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }));
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
                    if lang.trim() == "mermaid" {
                        r.has_mermaid = true;
                        let pre = format!("<pre class=\"mermaid\">{}</pre>\n", escape_text(&buf));
                        events.push(own.event(pre));
                    } else {
                        events.push(Event::Html(CowStr::from(code_block(&lang, &buf, hl, previous))));
                    }
                }
            }
            Event::Text(t) if plain_wiki => {
                plain_wiki = false;
                // Obsidian shows `[[Note#Heading]]` as "Note > Heading".
                let shown = t.trim_start_matches('#').replace('#', " > ");
                events.push(Event::Text(CowStr::from(shown)));
            }
            Event::Text(t) if tags && link_stack.is_empty() && t.contains('#') => {
                let tags = obsidian::find_tags(&t, word);
                let mut last = 0;
                for (range, tag) in tags {
                    if range.start > last {
                        events.push(Event::Text(CowStr::from(t[last..range.start].to_string())));
                    }
                    let href = format!("{}{}", inputs.tag_base, crate::render::encode_path(&obsidian::tag_path(tag)));
                    let a = format!("<a class=\"tag\" href=\"{}\">#{}</a>", escape_attr(&href), escape_text(tag));
                    events.push(own.event(a));
                    last = range.end;
                }
                if last < t.len() {
                    events.push(Event::Text(CowStr::from(t[last..].to_string())));
                }
            }
            Event::Text(t) => events.push(Event::Text(t)),
            // Footnotes of an embedded note keep no ids (the host page has its own).
            Event::FootnoteReference(label) if inputs.embedded => {
                let sup = format!("<sup class=\"footnote-reference\">[{}]</sup>", escape_text(&label));
                events.push(own.event(sup));
            }
            Event::Start(Tag::FootnoteDefinition(label)) if inputs.embedded => {
                let div = format!(
                    "<div class=\"footnote-definition\"><sup class=\"footnote-definition-label\">{}</sup>",
                    escape_text(&label)
                );
                events.push(own.event(div));
            }
            Event::End(TagEnd::FootnoteDefinition) if inputs.embedded => events.push(own.event("</div>\n".into())),
            Event::InlineMath(tex) => {
                r.has_math = true;
                events.push(own.event(super::math::to_mathml(&tex, false)));
            }
            Event::DisplayMath(tex) => {
                r.has_math = true;
                events.push(own.event(super::math::to_mathml(&tex, true)));
            }
            Event::Html(h) | Event::InlineHtml(h) if cfg.raw_html == RawHtml::Escape => events.push(Event::Text(h)),
            e @ (Event::Html(_) | Event::InlineHtml(_)) => {
                had_html = true;
                if let Event::Html(h) | Event::InlineHtml(h) = &e {
                    depth.feed(h);
                }
                events.push(e);
            }
            other => events.push(other),
        }
        word = next_word;
    }
    if marks {
        events = highlight_marks(events, &mut own);
    }
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if had_html && cfg.raw_html == RawHtml::Sanitize {
        if depth.max > super::MAX_HTML_DEPTH {
            // Too deep to sanitise in reasonable time (`scan` reports it):
            // escape the raw HTML instead, which is always safe.
            let escape = MarkdownConfig { raw_html: RawHtml::Escape, ..cfg.clone() };
            return to_html(body, &escape, inputs, hl, previous);
        }
        out = sanitize(&out);
    }
    out = own.restore(out);
    if unwrap_paragraphs {
        out = out.replace("<p></p>\n", "").replace("<p></p>", "").replace("<p>\n</p>\n", "");
    }
    r.html = out;
    r
}

/// Cuts a block id (` ^id`) from the end of the block just written, and
/// returns it.
fn block_id_of(events: &mut Vec<Event<'_>>) -> Option<String> {
    let Some(Event::Text(t)) = events.last() else { return None };
    let (cut, id) = obsidian::block_id(t)?;
    let id = id.to_string();
    let kept = t[..cut].to_string();
    events.pop();
    if kept.is_empty() {
        if matches!(events.last(), Some(Event::SoftBreak | Event::HardBreak)) {
            events.pop();
        }
    } else {
        events.push(Event::Text(CowStr::from(kept)));
    }
    Some(id)
}

/// Turns `==text==` pairs within one block into `<mark>`. An opening `==`
/// is followed by a non-space, a closing one preceded by one; an opening
/// left unclosed at the end of its block stays text.
fn highlight_marks<'a>(events: Vec<Event<'a>>, own: &mut Own) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len() + 4);
    let mut open: Option<usize> = None;
    for e in events {
        match e {
            Event::Text(t) if t.contains("==") => {
                let mut rest: &str = &t;
                while let Some(i) = rest.find("==") {
                    let (before, after) = (&rest[..i], &rest[i + 2..]);
                    let closes = open.is_some() && !before.ends_with(char::is_whitespace) && (i > 0 || !out.is_empty());
                    let opens = open.is_none()
                        && (after.is_empty() || after.starts_with(|c: char| !c.is_whitespace() && c != '='));
                    if !before.is_empty() {
                        out.push(Event::Text(CowStr::from(before.to_string())));
                    }
                    if closes {
                        out.push(own.event("</mark>".into()));
                        open = None;
                    } else if opens {
                        open = Some(out.len());
                        out.push(own.event("<mark>".into()));
                    } else {
                        out.push(Event::Text(CowStr::from("==")));
                    }
                    rest = after;
                }
                if !rest.is_empty() {
                    out.push(Event::Text(CowStr::from(rest.to_string())));
                }
            }
            e @ (Event::Start(_) | Event::End(_)) if is_block(&e) => {
                if let Some(i) = open.take() {
                    out[i] = Event::Text(CowStr::from("=="));
                }
                out.push(e);
            }
            other => out.push(other),
        }
    }
    if let Some(i) = open {
        out[i] = Event::Text(CowStr::from("=="));
    }
    out
}

fn is_block(e: &Event<'_>) -> bool {
    match e {
        Event::Start(t) => {
            matches!(t, Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::BlockQuote(_))
        }
        Event::End(t) => {
            matches!(
                t,
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)
            )
        }
        _ => false,
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

/// Escapes text for an HTML attribute value in double quotes.
pub fn escape_attr(s: &str) -> String {
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
