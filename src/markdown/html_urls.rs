//! The URLs in the author's raw HTML that point into the site:
//! `<a href>` (and `<area href>`), and the `src` of `<img>`, `<video>`,
//! `<audio>`, `<iframe>`, `<source>`, `<track>` and `<embed>` (and a
//! video's `poster`), the elements Quartz rewrites too. The scan reports
//! them as links, so they are checked and counted like markdown links,
//! and the renderer writes each one's published URL in its place, as a
//! relative `src` in a note on GitHub is read from the note's folder.
//!
//! pulldown-cmark hands raw HTML over a line at a time (an HTML block) or a
//! tag at a time (inline HTML), so [`HtmlUrls`] reads it in chunks, keeping
//! its place inside a tag from one chunk to the next (`<img` on one line,
//! `src="x.png">` on the next). It follows the HTML tokenizer's states only
//! as far as finding attributes needs: comments, declarations, end tags and
//! the text of `<script>`, `<style>`, `<textarea>` and `<title>` hold no
//! attributes. A value is reported only when it lies within one chunk, so
//! the scan and the renderer, which read the same chunks, find the same
//! ones at the same offsets.
//!
//! [`HtmlDepth`] counts how deep the raw HTML nests, which the scan bounds.

use std::ops::Range;

use super::{is_local, LinkForm};

/// What a URL attribute loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlKind {
    /// A link (`<a href>`).
    Link,
    /// A picture, sound, video or frame (`src`, `poster`).
    Media,
}

/// One URL attribute found in a chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlUrl {
    /// The value, without its quotes, as a byte range of the chunk.
    pub(crate) value: Range<usize>,
    /// The value with its quotes, which a rewrite replaces.
    pub(crate) whole: Range<usize>,
    /// Where the attribute's name starts (`None` when it started in an
    /// earlier chunk): the attribute is `attr..whole.end`.
    pub(crate) attr: Option<usize>,
    /// How many characters of text (outside tags) the chunk has before it.
    pub(crate) text_before: usize,
    /// What it loads.
    pub(crate) kind: UrlKind,
}

/// The longest tag or attribute name kept: longer ones are none we want.
const NAME_MAX: usize = 8;

/// Where the reader is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum State {
    /// Text between tags.
    #[default]
    Data,
    /// Just after `<`.
    Open,
    /// After `<!`, counting the dashes of `<!--`.
    Declaration(u8),
    /// In a comment, counting the dashes seen before a `>`.
    Comment(u8),
    /// In an end tag, a declaration or a processing instruction, up to `>`.
    Skip,
    /// In a start tag's name.
    TagName,
    /// In a start tag, between attributes.
    InTag,
    /// In an attribute's name.
    AttrName,
    /// After an attribute's name, before `=` or the next name.
    AfterName,
    /// After `=`, before the value.
    BeforeValue,
    /// In a value: its quote (0 for none) and where it started in this
    /// chunk (`None` when it started in an earlier one).
    Value(u8, Option<usize>),
    /// In a raw text element's text, looking for its end tag: how much of
    /// `</name` has matched.
    RawText(usize),
}

/// Reads raw HTML chunk by chunk, finding the URL attributes of [`UrlKind`].
#[derive(Debug, Default)]
pub(crate) struct HtmlUrls {
    state: State,
    /// The start tag's name, lower-cased (cut at [`NAME_MAX`]).
    tag: Name,
    /// The attribute's name, lower-cased.
    attr: Name,
    /// The raw text element being read (`script` …).
    raw: Name,
    /// Where the attribute being read started in this chunk.
    attr_at: Option<usize>,
}

/// A short lower-cased name, and whether it was longer.
#[derive(Debug, Default, Clone, Copy)]
struct Name {
    bytes: [u8; NAME_MAX],
    len: usize,
    long: bool,
}

impl Name {
    fn clear(&mut self) {
        *self = Name::default();
    }

    fn push(&mut self, b: u8) {
        match self.bytes.get_mut(self.len) {
            Some(slot) => {
                *slot = b.to_ascii_lowercase();
                self.len += 1;
            }
            None => self.long = true,
        }
    }

    fn is(&self, name: &str) -> bool {
        !self.long && &self.bytes[..self.len] == name.as_bytes()
    }
}

/// Elements whose text holds no tags.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// What a tag's attribute loads, if it is one of ours.
fn kind(tag: &Name, attr: &Name) -> Option<UrlKind> {
    const MEDIA: &[&str] = &["img", "video", "audio", "iframe", "source", "track", "embed"];
    if (tag.is("a") || tag.is("area")) && attr.is("href") {
        Some(UrlKind::Link)
    } else if (attr.is("src") && MEDIA.iter().any(|m| tag.is(m))) || (tag.is("video") && attr.is("poster")) {
        Some(UrlKind::Media)
    } else {
        None
    }
}

impl HtmlUrls {
    /// Forgets any tag left open: called where raw HTML ends (an HTML
    /// block's end) and before each inline tag, which is always whole.
    pub(crate) fn reset(&mut self) {
        *self = HtmlUrls::default();
    }

    /// The element whose text the HTML read so far leaves open (`script`
    /// after `<script>` with no `</script>`), if any.
    pub(crate) fn open_raw_text(&self) -> Option<&str> {
        match self.state {
            State::RawText(_) => std::str::from_utf8(&self.raw.bytes[..self.raw.len]).ok(),
            _ => None,
        }
    }

    /// What closes the tag or comment the HTML read so far leaves open
    /// (`">` after `<img src="a`, `-->` after `<!-- note`), if any.
    pub(crate) fn open_tag_close(&self) -> Option<&'static str> {
        match self.state {
            State::Declaration(_) | State::Comment(_) => Some("-->"),
            State::Skip | State::TagName | State::InTag | State::AttrName | State::AfterName | State::BeforeValue => {
                Some(">")
            }
            State::Value(b'"', _) => Some("\">"),
            State::Value(b'\'', _) => Some("'>"),
            State::Value(..) => Some(">"),
            State::Data | State::Open | State::RawText(_) => None,
        }
    }

    /// Reads `chunk`, the next piece of the same raw HTML, and adds the
    /// URL attributes that lie wholly in it to `found`.
    pub(crate) fn feed(&mut self, chunk: &str, found: &mut Vec<HtmlUrl>) {
        self.feed_text(chunk, found, &mut String::new());
    }

    /// [`HtmlUrls::feed`], also adding the chunk's text outside tags,
    /// comments and scripts to `text` (as written, character references
    /// and all).
    pub(crate) fn feed_text(&mut self, chunk: &str, found: &mut Vec<HtmlUrl>, text: &mut String) {
        let bytes = chunk.as_bytes();
        let mut i = 0;
        let mut chars = 0;
        self.attr_at = None;
        while i < bytes.len() {
            let b = bytes[i];
            self.state = match self.state {
                State::Data => {
                    let at = memchr::memchr(b'<', &bytes[i..]).unwrap_or(bytes.len() - i);
                    text.push_str(&chunk[i..i + at]);
                    chars += chunk[i..i + at].chars().count();
                    i += at;
                    if i == bytes.len() {
                        return;
                    }
                    State::Open
                }
                State::Open => match b {
                    b'!' => State::Declaration(0),
                    b'/' | b'?' => State::Skip,
                    _ if b.is_ascii_alphabetic() => {
                        self.tag.clear();
                        self.tag.push(b);
                        State::TagName
                    }
                    b'<' => State::Open,
                    // Text after all: read again as text, as it may start a character (`<é`).
                    _ => {
                        text.push('<');
                        chars += 1;
                        self.state = State::Data;
                        continue;
                    }
                },
                State::Declaration(dashes) => match b {
                    b'-' if dashes == 1 => State::Comment(0),
                    b'-' if dashes == 0 => State::Declaration(1),
                    b'>' => State::Data,
                    _ => State::Skip,
                },
                State::Comment(dashes) => match b {
                    b'-' => State::Comment(dashes.saturating_add(1)),
                    b'>' if dashes >= 2 => State::Data,
                    _ => State::Comment(0),
                },
                State::Skip => match b {
                    b'>' => State::Data,
                    _ => State::Skip,
                },
                State::TagName => match b {
                    b'>' => self.tag_end(),
                    b'/' => State::InTag,
                    _ if b.is_ascii_whitespace() => State::InTag,
                    _ => {
                        self.tag.push(b);
                        State::TagName
                    }
                },
                State::InTag => match b {
                    b'>' => self.tag_end(),
                    b'/' => State::InTag,
                    _ if b.is_ascii_whitespace() => State::InTag,
                    _ => self.attr_start(b, i),
                },
                State::AttrName => match b {
                    b'>' => self.tag_end(),
                    b'=' => State::BeforeValue,
                    b'/' => State::InTag,
                    _ if b.is_ascii_whitespace() => State::AfterName,
                    _ => {
                        self.attr.push(b);
                        State::AttrName
                    }
                },
                State::AfterName => match b {
                    b'>' => self.tag_end(),
                    b'=' => State::BeforeValue,
                    b'/' => State::InTag,
                    _ if b.is_ascii_whitespace() => State::AfterName,
                    _ => self.attr_start(b, i),
                },
                State::BeforeValue => match b {
                    b'>' => self.tag_end(),
                    b'"' | b'\'' => State::Value(b, Some(i + 1)),
                    _ if b.is_ascii_whitespace() => State::BeforeValue,
                    _ => State::Value(0, Some(i)),
                },
                State::Value(quote, start) => {
                    let end = match quote {
                        0 => bytes[i..].iter().position(|c| c.is_ascii_whitespace() || *c == b'>'),
                        q => memchr::memchr(q, &bytes[i..]),
                    };
                    let Some(end) = end.map(|e| i + e) else {
                        // The value goes on in the next chunk: not one to report.
                        self.state = State::Value(quote, None);
                        return;
                    };
                    if let (Some(start), Some(kind)) = (start, kind(&self.tag, &self.attr)) {
                        let whole = if quote == 0 { start..end } else { start - 1..end + 1 };
                        // A browser strips spaces around a URL.
                        let lead = bytes[start..end].iter().take_while(|c| c.is_ascii_whitespace()).count();
                        let trail =
                            bytes[start + lead..end].iter().rev().take_while(|c| c.is_ascii_whitespace()).count();
                        let value = start + lead..end - trail;
                        found.push(HtmlUrl { value, whole, attr: self.attr_at, text_before: chars, kind });
                    }
                    i = end;
                    match quote {
                        // The whitespace or `>` that ended it is read again.
                        0 => {
                            self.state = State::InTag;
                            continue;
                        }
                        _ => State::InTag,
                    }
                }
                State::RawText(matched) => self.raw_text(b, matched),
            };
            i += 1;
        }
    }

    /// A start tag's `>`: into its text, which is raw for `<script>` and
    /// its kind.
    fn tag_end(&mut self) -> State {
        match RAW_TEXT.iter().any(|r| self.tag.is(r)) {
            true => {
                self.raw = self.tag;
                State::RawText(0)
            }
            false => State::Data,
        }
    }

    /// The first byte of an attribute's name, at `i` in the chunk.
    fn attr_start(&mut self, b: u8, i: usize) -> State {
        self.attr_at = Some(i);
        self.attr.clear();
        self.attr.push(b);
        State::AttrName
    }

    /// One byte of a raw text element's text, `matched` bytes of its end
    /// tag (`</script`) read so far.
    fn raw_text(&mut self, b: u8, matched: usize) -> State {
        let want = |k: usize| match k {
            0 => Some(b'<'),
            1 => Some(b'/'),
            k => self.raw.bytes.get(k - 2).copied().filter(|_| k - 2 < self.raw.len),
        };
        match want(matched) {
            Some(w) if b.to_ascii_lowercase() == w => State::RawText(matched + 1),
            // The whole name matched: the end tag, read to its `>`.
            None if b == b'>' || b.is_ascii_whitespace() || b == b'/' => {
                if b == b'>' {
                    State::Data
                } else {
                    State::Skip
                }
            }
            _ if b == b'<' => State::RawText(1),
            _ => State::RawText(0),
        }
    }
}

/// Elements that never hold others.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source", b"track", b"wbr",
];

/// How deep raw HTML tags nest, counted roughly from the fragments in order:
/// an opening tag (not void, not `/>`) goes one level down, a closing tag one
/// up. It over-counts elements that close implicitly (`<p>`, `<li>`).
#[derive(Debug, Default)]
pub(super) struct HtmlDepth {
    depth: usize,
    /// The deepest level reached.
    pub(super) max: usize,
}

impl HtmlDepth {
    /// Reads the next fragment.
    pub(super) fn feed(&mut self, html: &str) {
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

/// Whether a URL found in raw HTML is one the site checks and rewrites: a
/// path inside the site, not only an anchor (`#top` may name an element
/// of the author's HTML, which no link check knows), not `//host` (a
/// scheme-relative address elsewhere), and without character references
/// (left as written).
pub(crate) fn is_site_url(value: &str) -> bool {
    !value.is_empty() && !value.starts_with('#') && !value.starts_with("//") && !value.contains('&') && is_local(value)
}

/// A link a chunk of raw HTML makes, for the scan.
pub(super) struct ChunkLink {
    /// How it is written.
    pub(super) form: LinkForm,
    /// Its target.
    pub(super) target: String,
    /// Its value's byte range in the chunk.
    pub(super) range: Range<usize>,
    /// How many characters of the chunk's text come before it.
    pub(super) text_before: usize,
}

/// The links a chunk of raw HTML makes, and its text outside tags added to
/// `text`. An inline tag (`inline`) is read afresh; a line of an HTML
/// block goes on from the lines before it.
pub(super) fn links(reader: &mut HtmlUrls, chunk: &str, inline: bool, text: &mut String) -> Vec<ChunkLink> {
    if inline {
        reader.reset();
    }
    let mut found = Vec::new();
    reader.feed_text(chunk, &mut found, text);
    found
        .into_iter()
        .filter(|u| is_site_url(&chunk[u.value.clone()]))
        .map(|u| ChunkLink {
            form: match u.kind {
                UrlKind::Link => LinkForm::HtmlLink,
                UrlKind::Media => LinkForm::HtmlMedia,
            },
            target: chunk[u.value.clone()].to_string(),
            range: u.value,
            text_before: u.text_before,
        })
        .collect()
}

/// The URLs of each chunk in turn, as `(kind, value)`, for tests.
#[cfg(test)]
fn urls(chunks: &[&str]) -> Vec<(UrlKind, String)> {
    let mut reader = HtmlUrls::default();
    let mut out = Vec::new();
    for chunk in chunks {
        let mut found = Vec::new();
        reader.feed(chunk, &mut found);
        out.extend(found.into_iter().map(|u| (u.kind, chunk[u.value].to_string())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use UrlKind::{Link, Media};

    fn owned(v: &[(UrlKind, &str)]) -> Vec<(UrlKind, String)> {
        v.iter().map(|(k, s)| (*k, s.to_string())).collect()
    }

    #[test]
    fn finds_links_and_media_in_every_quoting() {
        let html = r#"<p align=center><IMG width=300 SRC="img/a.png"> <a title='x' href='b.md'>b</a> <video poster=p.jpg src=v.mp4 controls></video></p>"#;
        assert_eq!(urls(&[html]), owned(&[(Media, "img/a.png"), (Link, "b.md"), (Media, "p.jpg"), (Media, "v.mp4")]));
    }

    #[test]
    fn the_whole_value_has_its_quotes() {
        let mut found = Vec::new();
        HtmlUrls::default().feed(r#"<img src="a.png"><img src=b.png>"#, &mut found);
        let chunk = r#"<img src="a.png"><img src=b.png>"#;
        assert_eq!(&chunk[found[0].whole.clone()], "\"a.png\"");
        assert_eq!(&chunk[found[1].whole.clone()], "b.png");
    }

    #[test]
    fn spaces_around_a_value_are_not_the_url_and_the_text_between_tags_is_kept() {
        let mut found = Vec::new();
        let mut text = String::new();
        let chunk = "<p>See <a class=x href=\" b.md \">B</a>, then <img src=c.png> <!-- no --> done.</p>";
        HtmlUrls::default().feed_text(chunk, &mut found, &mut text);
        assert_eq!(&chunk[found[0].value.clone()], "b.md");
        assert_eq!(&chunk[found[0].whole.clone()], "\" b.md \"");
        assert_eq!(&chunk[found[0].attr.unwrap()..found[0].whole.end], "href=\" b.md \"");
        assert_eq!(text, "See B, then   done.");
        assert_eq!((found[0].text_before, found[1].text_before), (4, 12));
    }

    #[test]
    fn other_attributes_and_tags_are_not_urls() {
        let html =
            r#"<div data-src="x.png" class="src"><img alt="src=y.png" data-x=1><link href="s.css"><a name="top">"#;
        assert!(urls(&[html]).is_empty(), "{:?}", urls(&[html]));
    }

    #[test]
    fn a_tag_goes_on_over_lines_but_a_value_must_lie_within_one() {
        assert_eq!(urls(&["<p>\n", "  <img\n", "   src=\"a.png\"\n", "   width=\"2\">\n"]), owned(&[(Media, "a.png")]));
        // A value cut across two chunks is not reported, and the tag after it is read.
        assert_eq!(urls(&["<img src=\"a\n", "b.png\"><a href=c.md>"]), owned(&[(Link, "c.md")]));
    }

    #[test]
    fn comments_end_tags_and_script_text_hold_no_attributes() {
        let chunks = [
            "<!-- <img src=\"no1.png\"> -- still -->",
            "</a href=\"no2.md\">",
            "<script>var s = '<img src=\"no3.png\">';</script >",
            "<style>a { } </styles> <img src=\"no4.png\"> </STYLE>",
            "<!DOCTYPE html><?pi <a href=no5.md> ?>",
            "<img src=\"yes.png\">",
        ];
        assert_eq!(urls(&chunks), owned(&[(Media, "yes.png")]));
    }

    #[test]
    fn a_character_after_an_angle_bracket_is_text() {
        let mut found = Vec::new();
        let mut text = String::new();
        HtmlUrls::default().feed_text("a <é b <1 <img src=x.png>", &mut found, &mut text);
        assert_eq!(text, "a <é b <1 ");
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn stray_angle_brackets_are_text() {
        assert_eq!(
            urls(&["a < b <<img src=x.png> 3 <4 <!x> <a href=y.md>"]),
            owned(&[(Media, "x.png"), (Link, "y.md")])
        );
    }

    #[test]
    fn a_long_name_is_none_of_ours() {
        assert!(urls(&["<imgxxxxxxxxxx src=a.png><img srcxxxxxxxxxxxx=b.png>"]).is_empty());
    }

    #[test]
    fn only_paths_inside_the_site_are_checked() {
        for ok in ["b.md", "img/a.png", "/notes/x/", "../up.md#h", "a%20b.png", "c.md?x=1"] {
            assert!(is_site_url(ok), "{ok}");
        }
        for no in ["", "#top", "//cdn.example/x.png", "https://x.org/a.png", "mailto:a@b", "a&amp;b.png"] {
            assert!(!is_site_url(no), "{no}");
        }
    }
}
