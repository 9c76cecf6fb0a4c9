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
//! Obsidian's syntax is read in the same two passes (`obsidian` holds the
//! shared rules): `%%comments%%` are cut before parsing, embeds (`![[…]]`),
//! block ids (`^id`) and inline `#tags` are found by [`scan`], and `html`
//! turns callouts, highlights, embeds, tags, math and mermaid into HTML.
//! Offsets given out and taken in are always those of the body as written.
//!
//! This module knows nothing of the site: it never decides what a link
//! points to.

mod context;
mod html;
mod html_urls;
use html_urls::HtmlDepth;
mod ids;
mod math;
mod obsidian;
mod pass;
mod plain;
mod prepare;
mod stray;
mod urls;
mod web;

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Tag, TagEnd};

use crate::config::MarkdownConfig;
use context::{flush, BlockText};
pub(crate) use ids::unique as unique_id;
pub use ids::HeadingIds;
use ids::OpenHeading;
pub use plain::inline_text;
pub(crate) use urls::{is_local, is_note_embed};
pub use urls::{is_safe_image_source, is_safe_scheme};

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkForm {
    /// `[[target]]` or `[[target|text]]`.
    Wiki,
    /// `[text](target)` with a relative or site path.
    Markdown,
    /// `![alt](file)`.
    Image,
    /// `![[note]]`, `![[note#Section]]`, `![[file.png|300]]`: an embed.
    Embed,
    /// `<a href="path">` in the author's raw HTML.
    HtmlLink,
    /// `<img src="file">` (or a video's, sound's or frame's) in raw HTML.
    HtmlMedia,
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
    /// For images: the alt text; for embeds, the display text (empty when
    /// none was written).
    pub alt: String,
    /// For embeds: what follows `|` (size, alt text).
    pub display: Option<Box<EmbedDisplay>>,
    /// The sentence around the link, at most 200 characters: only for the
    /// first link to each target as written (a backlink shows the sentence
    /// of the first link to its page, and a later link to the same target
    /// cannot be the first), empty for the others, so a line of a million
    /// links keeps one sentence, not a million.
    pub context: String,
}

impl FoundLink {
    /// A link with no alt text, display or sentence (yet).
    pub fn new(form: LinkForm, target: String, range: Range<usize>) -> Self {
        FoundLink { form, target, range, alt: String::new(), display: None, context: String::new() }
    }
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
    /// Byte offset of the heading in the body.
    #[serde(skip)]
    pub offset: usize,
    /// The block id ending the heading (`## Results ^q3`), cut from `text`.
    #[serde(skip)]
    pub block_id: Option<String>,
    /// For a heading with a wikilink, the text Obsidian links it by
    /// ([`ids::wiki_source`]: `## [[Hueco|Huecos]]` is "Hueco Huecos").
    #[serde(skip)]
    pub wiki_text: Option<String>,
}

/// A block with an id (`… ^id` ending a paragraph or list item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The id as written, without `^`.
    pub id: String,
    /// Byte range of the block in the body.
    pub range: Range<usize>,
    /// A heading's id (`## Results ^q3`): the headings pass writes its
    /// anchor, not the block-ids pass.
    pub heading: bool,
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
    /// Where a `%%` that nothing closes is: its comment hides the rest.
    pub unclosed_comment: Option<usize>,
    /// Those of `stray` on a line read as a row of the table above it: a
    /// line of prose right after a table whose rows start with `|`, which
    /// GitHub's tables take as one more row, its `|` splitting cells.
    pub stray_in_table: Vec<usize>,
    /// Links and images whose URL scheme is refused (`javascript:` …):
    /// byte range and URL.
    pub unsafe_urls: Vec<(Range<usize>, String)>,
    /// Blocks with an id.
    pub blocks: Vec<Block>,
    /// Ids that end a line inside a paragraph or item, not the block, so
    /// they name nothing (Obsidian reads an id at its block's end).
    pub loose_ids: Vec<String>,
    /// Inline `#tags` (without `#`), in order, repeated as written.
    pub tags: Vec<String>,
    /// Formulas that do not parse: byte range and why.
    pub bad_math: Vec<(Range<usize>, MathProblem)>,
    /// Where raw HTML first nests deeper than [`MAX_HTML_DEPTH`]: byte offset
    /// of that fragment, and the deepest level reached.
    pub deep_html: Option<(usize, usize)>,
    /// The first paragraph outside lists, quotes (callouts), tables and
    /// footnotes, without math, as text, its wikilinks without display text marked as in
    /// a backlink context (read with [`context_parts`]); empty when none.
    pub lead: String,
}

/// How a site's markdown is read: pulldown-cmark's options, and the math
/// macros every page's formulas see.
#[derive(Debug, Clone)]
pub struct Syntax {
    /// pulldown-cmark's options.
    pub parse: Options,
    /// The site's macro definitions ([`MarkdownConfig::math_preamble`]).
    pub math_preamble: std::sync::Arc<str>,
    /// Raw HTML is markup (not escaped as text), so its links are links.
    pub raw_html: bool,
}

/// How markdown is read under a configuration.
pub fn options(cfg: &MarkdownConfig) -> Syntax {
    Syntax {
        parse: parse_options(cfg),
        math_preamble: cfg.math_preamble.clone(),
        raw_html: cfg.raw_html != crate::config::RawHtml::Escape,
    }
}

/// The pulldown-cmark options for a configuration.
pub(crate) fn parse_options(cfg: &MarkdownConfig) -> Options {
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

/// Whether a body may hold a fenced code block: a fence (```` ``` ```` or
/// `~~~`) anywhere in it. Never false for a body that has one, and cheap,
/// so a caller can skip what only fenced code needs (reading a page's
/// previous HTML for its highlighted blocks) for most bodies.
pub fn has_fence(body: &str) -> bool {
    let b = body.as_bytes();
    memchr::memmem::find(b, b"```").is_some() || memchr::memmem::find(b, b"~~~").is_some()
}

/// Whether an event leaves the next text at a word boundary (for `#tags`).
#[inline]
pub(crate) fn starts_word(e: &Event<'_>) -> bool {
    match e {
        Event::Text(t) => t.ends_with(char::is_whitespace),
        Event::SoftBreak | Event::HardBreak => true,
        Event::Start(t) => matches!(t, Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell),
        Event::End(t) => !matches!(t, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link),
        _ => false,
    }
}

/// Finds links, headings, block ids and tags in `body`.
pub fn scan(body: &str, syntax: &Syntax) -> Scan {
    let prepared = prepare::prepare(body, syntax.parse.contains(Options::ENABLE_MATH));
    let text: &str = &prepared.text;
    let orig = |r: &Range<usize>| prepared.original(r.start)..prepared.original(r.end);
    let mut out = Scan::default();
    let mut ids = HeadingIds::default();
    let mut block = BlockText::default();
    let mut pending: Vec<(usize, usize)> = Vec::new();
    // Targets whose first link already waits for its sentence.
    let mut with_context: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut heading: Option<OpenHeading> = None;
    let mut image: Option<usize> = None;
    let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut in_link = 0usize;
    // A wikilink without display text just opened: its body offset.
    let mut plain_wiki: Option<usize> = None;
    let mut word = true;
    let tags_possible = obsidian::may_have_tags(text);
    let mut html_depth = HtmlDepth::default();
    let mut html_urls = html_urls::HtmlUrls::default();
    // Block ids on a line of their own after a structure: (where the id's
    // paragraph starts, where the structure starts).
    let mut claims: Vec<(usize, usize)> = Vec::new();
    // Ids that end a list item's own text before its nested list
    // (`- Write-through: ^wt` then indented items): (the item's start, the id).
    let mut item_ids: Vec<(usize, String)> = Vec::new();
    // Where in the block's text the last embed, image or formula ended: an
    // id may follow it without a space (`![[img.png]]^id`, `$$x$$^id`).
    let mut inline_end: Option<usize> = None;
    // Where in the block's text the last code span ended: an id is after it.
    let mut code_end = 0;
    // Where the blockquote the last event opened starts; for each open
    // paragraph or item, where its callout starts when it is a callout's
    // first paragraph (an id there names the callout).
    let mut just_quoted: Option<usize> = None;
    let mut callout_of: Vec<Option<usize>> = Vec::new();
    // How deep inside lists, quotes, tables and footnotes, and whether the
    // paragraph has math (its TeX source is no summary): for the lead.
    let mut nest = 0usize;
    let mut math = false;
    // Inside a table whose first line starts with `|`, and its rows whose
    // line does not (prose the table took as a row).
    let mut piped_table = false;
    let mut prose_rows: Vec<Range<usize>> = Vec::new();
    // The macros the page's formulas have defined so far.
    let mut macros = math::Macros::new(&syntax.math_preamble);
    let spans = stray::may_span_lines(text);
    for (event, range) in prepare::events(text, syntax.parse) {
        // A wikilink holding a bracket, made text: no link was meant, and its `[[` is no stray.
        if let (Event::Text(t), true) = (&event, spans) {
            if !t.contains('\n') && t.trim_start_matches('!').starts_with("[[") && stray::holds_bracket(t) {
                covered.push(range.clone());
            }
        }
        match &event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::FootnoteDefinition(_)) => nest += 1,
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Table | TagEnd::FootnoteDefinition) => {
                nest = nest.saturating_sub(1);
            }
            _ => {}
        }
        let quoted = just_quoted.take();
        if let Event::Start(Tag::BlockQuote(_)) = &event {
            just_quoted = Some(range.start);
        }
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
                out.deep_html = Some((orig(&range).start, 0));
            }
            if syntax.raw_html {
                // An HTML block's text is its links' sentence, as a paragraph's is.
                let mut shown = String::new();
                for l in html_urls::links(&mut html_urls, h, matches!(event, Event::InlineHtml(_)), &mut shown) {
                    if with_context.insert(l.target.clone()) {
                        pending.push((out.links.len(), block.chars + l.text_before));
                    }
                    let at = range.start + l.range.start..range.start + l.range.end;
                    out.links.push(FoundLink::new(l.form, l.target, orig(&at)));
                }
                block.push_str(&shown);
            }
        }
        if let Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) = &event {
            html_urls.reset();
            flush(&mut out.links, &mut pending, &mut block);
        }
        match &event {
            Event::Start(Tag::Table(_)) => piped_table = text[range.start..].trim_start().starts_with('|'),
            Event::Start(Tag::TableRow) if piped_table && !text[range.start..].trim_start().starts_with('|') => {
                prose_rows.push(range.clone());
            }
            _ => {}
        }
        let next_word = starts_word(&event);
        if let Some(h) = heading.as_mut().filter(|_| !matches!(event, Event::Text(_) | Event::End(TagEnd::Heading(_))))
        {
            h.other();
        }
        match &event {
            // A wikilink names a page (`[[Q3: Results]]`), never a URL scheme.
            Event::Start(tag @ (Tag::Link { dest_url, link_type, .. } | Tag::Image { dest_url, link_type, .. }))
                if !matches!(link_type, LinkType::WikiLink { .. })
                    && !is_local(dest_url)
                    && !match tag {
                        Tag::Image { .. } => is_safe_image_source(dest_url),
                        _ => is_safe_scheme(dest_url),
                    } =>
            {
                out.unsafe_urls.push((orig(&range), dest_url.to_string()));
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                in_link += 1;
                plain_wiki = matches!(link_type, LinkType::WikiLink { has_pothole: false }).then(|| orig(&range).start);
                let form =
                    if matches!(link_type, LinkType::WikiLink { .. }) { LinkForm::Wiki } else { LinkForm::Markdown };
                // An email autolink (`<a@b.org>`) is an address, never a path.
                let email = matches!(link_type, LinkType::Email);
                if form == LinkForm::Wiki || (is_local(dest_url) && !email) {
                    // In a table the pipe of `[[page\|text]]` is escaped, and
                    // the backslash stays on the target.
                    let target = if form == LinkForm::Wiki {
                        dest_url.trim_end_matches('\\').to_string()
                    } else {
                        dest_url.to_string()
                    };
                    if !with_context.contains(&target) {
                        with_context.insert(target.clone());
                        pending.push((out.links.len(), block.chars));
                    }
                    let range = orig(&range);
                    out.links.push(FoundLink::new(form, target, range));
                }
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                plain_wiki = None;
                // A link's text is no id (`[[other#^abc|^abc]]`): an id comes after it.
                code_end = block.text.len();
            }
            Event::Start(Tag::Image { link_type: LinkType::WikiLink { .. }, .. }) => {
                let inner = text[range.clone()].trim_start_matches('!').trim_start_matches("[[").trim_end_matches("]]");
                let (target, display) = obsidian::embed_parts(inner);
                if !with_context.contains(target) {
                    with_context.insert(target.to_string());
                    pending.push((out.links.len(), block.chars));
                }
                out.links.push(FoundLink {
                    form: LinkForm::Embed,
                    target: target.to_string(),
                    range: orig(&range),
                    alt: display.alt.clone().unwrap_or_default(),
                    context: String::new(),
                    display: Some(Box::new(display)),
                });
                image = Some(usize::MAX);
            }
            // `![](Note.md)`: an embed written as a markdown link.
            Event::Start(Tag::Image { dest_url, .. }) if is_note_embed(dest_url) => {
                let target = crate::percent::decode_lenient(dest_url);
                if with_context.insert(target.clone()) {
                    pending.push((out.links.len(), block.chars));
                }
                let display = Some(Box::default());
                out.links.push(FoundLink { display, ..FoundLink::new(LinkForm::Embed, target, orig(&range)) });
                image = Some(usize::MAX);
            }
            Event::Start(Tag::Image { dest_url, .. }) if is_local(dest_url) => {
                image = Some(out.links.len());
                out.links.push(FoundLink::new(LinkForm::Image, dest_url.to_string(), orig(&range)));
            }
            Event::End(TagEnd::Image) => {
                inline_end = Some(block.text.len());
                match image {
                    Some(usize::MAX) => {}
                    // `![alt|250](file)`: the alt text is what is left of the size.
                    Some(i) => {
                        let l = &mut out.links[i];
                        if let Some(sized) = web::sized(&l.alt, &l.target) {
                            l.alt = sized.alt;
                        }
                    }
                    None => {}
                }
                image = None;
            }
            Event::Start(tag @ (Tag::List(_) | Tag::Table(_) | Tag::BlockQuote(_))) => {
                if let (Tag::List(_), Some(&item)) = (tag, starts.last()) {
                    if let Some((_, id)) = obsidian::block_id(&block.text) {
                        item_ids.push((item, id.to_string()));
                    }
                }
                pass::claim_after(&mut claims, text, &range);
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading =
                    Some(OpenHeading::new(level_num(*level), id.as_ref().map(|i| i.to_string()), orig(&range).start));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = heading.take() {
                    // A block id ending the heading names it (`## Results ^q3`).
                    let block_id = h.take_block_id();
                    if let Some(id) = &block_id {
                        out.blocks.push(Block { id: id.clone(), range: orig(&range), heading: true });
                    }
                    let id = match h.explicit {
                        Some(id) => ids.explicit(id),
                        None => ids.id(&h.text),
                    };
                    out.headings.push(Heading {
                        level: h.level,
                        text: h.text.trim().to_string(),
                        id,
                        offset: h.offset,
                        block_id,
                        wiki_text: ids::wiki_source(&text[range.clone()]),
                    });
                }
                flush(&mut out.links, &mut pending, &mut block);
                (inline_end, code_end) = (None, 0);
            }
            Event::Start(tag @ (Tag::Paragraph | Tag::Item)) => {
                math = false;
                starts.push(range.start);
                // A formula alone in its paragraph takes an id on a line of its own after it.
                if matches!(tag, Tag::Paragraph) && pass::display_math_alone(&text[range.clone()]) {
                    pass::claim_after(&mut claims, text, &range);
                }
                let line = text[range.start..].split('\n').next().unwrap_or("");
                callout_of.push(quoted.filter(|_| obsidian::callout_marker(line).is_some()));
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if matches!(event, Event::InlineMath(_) | Event::DisplayMath(_)) {
                    math = true;
                    if let Some(problem) = math::problem(t, &mut macros) {
                        out.bad_math.push((orig(&range), problem));
                    }
                }
                match image {
                    Some(usize::MAX) => {}
                    Some(i) => out.links[i].alt.push_str(t),
                    None => {
                        if let Some(h) = &mut heading {
                            h.push(t, matches!(event, Event::Text(_)));
                        }
                        if tags_possible && in_link == 0 && matches!(event, Event::Text(_)) {
                            out.tags.extend(obsidian::find_tags(t, word).into_iter().map(|(_, tag)| tag.to_string()));
                        }
                    }
                }
                match plain_wiki.take() {
                    Some(offset) if matches!(event, Event::Text(_)) => block.push_plain_wikilink(offset, t),
                    _ => block.push_str(t),
                }
                match event {
                    Event::InlineMath(_) | Event::DisplayMath(_) => inline_end = Some(block.text.len()),
                    Event::Code(_) => code_end = block.text.len(),
                    _ => {}
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                // An id ending a line inside a block names nothing (`> [!note] Title ^id`
                // above more lines): kept to say so to a link that wants it.
                if let Some((_, id)) = obsidian::block_id_after(&block.text, code_end) {
                    out.loose_ids.push(id.to_string());
                }
                block.push_str(" ");
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                let start = starts.pop().unwrap_or(range.start);
                let callout = callout_of.pop().flatten();
                let claim = claims.iter().position(|(at, _)| *at == start);
                let id = obsidian::block_id_after(&block.text, code_end)
                    .or_else(|| inline_end.and_then(|e| obsidian::block_id(block.text.get(e..)?)))
                    .map(|(_, id)| id.to_string())
                    .or_else(|| {
                        let i = item_ids.iter().rposition(|(at, _)| *at == start)?;
                        Some(item_ids.swap_remove(i).1)
                    });
                if let Some(id) = id {
                    // The id of a structure covers it and its id's line.
                    // A callout's first paragraph names the callout.
                    let from = claim.map_or(callout.unwrap_or(start), |i| claims.swap_remove(i).1);
                    out.blocks.push(Block { id, range: orig(&(from..range.end)), heading: false });
                }
                inline_end = None;
                code_end = 0;
                if out.lead.is_empty() && nest == 0 && starts.is_empty() && !math {
                    out.lead = block.marked().trim().to_string();
                }
                flush(&mut out.links, &mut pending, &mut block);
            }
            Event::End(TagEnd::TableCell | TagEnd::BlockQuote(_) | TagEnd::CodeBlock) => {
                inline_end = None;
                code_end = 0;
                flush(&mut out.links, &mut pending, &mut block);
            }
            _ => {}
        }
        word = next_word;
    }
    flush(&mut out.links, &mut pending, &mut block);
    if let Some((_, deepest)) = &mut out.deep_html {
        *deepest = html_depth.max;
    }
    let stray = stray::stray_wikilinks(text, covered);
    out.stray_in_table =
        stray.iter().filter(|&&i| prose_rows.iter().any(|r| r.contains(&i))).map(|&i| prepared.original(i)).collect();
    out.stray = stray.into_iter().map(|i| prepared.original(i)).collect();
    out.unclosed_comment = prepared.unclosed;
    out
}

fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

pub use context::{context_parts, plain_wikilink_text, ContextPart};
pub use html::{escape_attr, escape_text, to_html, Embed, Inputs, LinkTarget, Rendered, TocEntry};
pub use math::{site_macros, MacroSource, MathProblem};
pub use obsidian::{block_anchor, embed_parts, media_kind, tag_path, EmbedDisplay, MediaKind};

/// Raw HTML nested deeper than this is an error (`scan` reports it) and is
/// escaped rather than sanitised: the sanitiser's HTML parser takes time that
/// grows with the square of the depth.
pub const MAX_HTML_DEPTH: usize = 512;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod vault_tests;
