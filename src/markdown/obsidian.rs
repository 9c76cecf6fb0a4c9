//! Obsidian's and GitHub's additions to CommonMark, as small pure functions
//! the two passes of `markdown` share (`markdown/prepare` cuts
//! `%%comments%%` before parsing): callout markers (`> [!type]± Title`), `==highlight==` pairs, inline `#tags`,
//! block ids (`^id` ending a paragraph or list item) and the `|` suffix of
//! an embed (`|300`, `|300x200`, `|alt text`).

/// A callout's first line: `[!type]`, an optional fold mark and a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CalloutMarker {
    /// The type as written, lower-cased (`note`, `faq`, `my-type`).
    pub kind: String,
    /// `Some(true)` for `+` (open), `Some(false)` for `-` (folded).
    pub fold: Option<bool>,
    /// What follows `|` in the type (`[!note|wide]` → `wide`), for themes.
    pub meta: Option<String>,
    /// Bytes of `line` up to where the title starts.
    pub len: usize,
}

/// Parses the start of a callout's first line (after the `>` markers).
pub(super) fn callout_marker(line: &str) -> Option<CalloutMarker> {
    let rest = line.strip_prefix("[!")?;
    let end = rest.find(']')?;
    let (kind, meta) = match rest[..end].split_once('|') {
        Some((k, m)) => (k, Some(m.trim().to_string()).filter(|m| !m.is_empty())),
        None => (&rest[..end], None),
    };
    if kind.is_empty() || !kind.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let mut len = 2 + end + 1;
    let fold = match line.as_bytes().get(len) {
        Some(b'+') => Some(true),
        Some(b'-') => Some(false),
        _ => None,
    };
    if fold.is_some() {
        len += 1;
    }
    len += line[len..].len() - line[len..].trim_start_matches([' ', '\t']).len();
    Some(CalloutMarker { kind: kind.to_lowercase(), fold, meta, len })
}

/// Obsidian's callout types, each with its aliases and default title.
const CALLOUT_TYPES: &[(&str, &[&str])] = &[
    ("note", &[]),
    ("abstract", &["summary", "tldr"]),
    ("info", &[]),
    ("todo", &[]),
    ("tip", &["hint", "important"]),
    ("success", &["check", "done"]),
    ("question", &["help", "faq"]),
    ("warning", &["caution", "attention"]),
    ("failure", &["fail", "missing"]),
    ("danger", &["error"]),
    ("bug", &[]),
    ("example", &[]),
    ("quote", &["cite"]),
];

/// The type a callout is styled as: its own, or the type it is an alias of;
/// an unknown type is styled as a note.
pub(super) fn callout_style(kind: &str) -> &'static str {
    CALLOUT_TYPES
        .iter()
        .find(|(name, aliases)| *name == kind || aliases.contains(&kind))
        .map_or("note", |(name, _)| name)
}

/// The title of a callout written without one: its type, capitalised.
pub(super) fn default_title(kind: &str) -> String {
    let mut c = kind.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c.flat_map(|c| if c == '-' { ' ' } else { c }.to_lowercase())).collect(),
        None => String::new(),
    }
}

/// Whether `c` may appear in a tag: letters, digits, `_`, `-`, `/`, and
/// (as Obsidian's "Tags" help page has it) other Unicode symbols such as
/// emoji, but no whitespace or punctuation.
fn tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '/' || tag_symbol(c)
}

/// A character other than a letter or digit that a tag may hold and its
/// slug keeps: a non-ASCII symbol (emoji, with the joiner and variation
/// selector that build emoji sequences), not a space or punctuation.
fn tag_symbol(c: char) -> bool {
    if c.is_ascii() || c.is_alphanumeric() || c.is_whitespace() || c.is_control() {
        return false;
    }
    let punctuation = matches!(c,
        '\u{A0}'..='\u{BF}' | '\u{D7}' | '\u{F7}'
        | '\u{2000}'..='\u{200C}' | '\u{200E}'..='\u{206F}'
        | '\u{3000}'..='\u{303F}' | '\u{FE10}'..='\u{FE1F}' | '\u{FE30}'..='\u{FE6F}'
        | '\u{FF00}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}'
        | '\u{FEFF}' | '\u{FFF0}'..='\u{FFFF}');
    !punctuation
}

/// Whether a body may hold a footnote: every reference, definition and
/// inline note (`[^1]`, `[^1]:`, `^[…]`) has a `^`.
pub(super) fn may_have_footnotes(body: &str) -> bool {
    memchr::memchr(b'^', body.as_bytes()).is_some()
}

/// Whether a body may hold an inline tag at all: a `#` followed by a
/// character a tag may hold (so `## Heading` alone is no candidate). Lets
/// both passes skip looking for tags text by text in most bodies.
pub(super) fn may_have_tags(body: &str) -> bool {
    memchr::memchr_iter(b'#', body.as_bytes())
        .any(|i| body[i + 1..].chars().next().is_some_and(|c| tag_char(c) && c != '/'))
}

/// Inline `#tags` of a text: (byte range including `#`, tag without `#`).
/// A tag follows the start of the text or whitespace, and is not all digits.
pub(super) fn find_tags(text: &str, at_start: bool) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    if !text.contains('#') {
        return out;
    }
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let boundary = match prev {
            None => at_start,
            Some(p) => p.is_whitespace() || matches!(p, '(' | ','),
        };
        prev = Some(c);
        if c != '#' || !boundary {
            continue;
        }
        let rest = &text[i + 1..];
        let len = rest.find(|c: char| !tag_char(c)).unwrap_or(rest.len());
        let tag = rest[..len].trim_end_matches('/');
        // A tag starts with no joiner or mark that only modifies what it
        // follows (`#️⃣` is the keycap emoji, not a tag).
        let modifier = |c: char| matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{200D}' | '\u{20D0}'..='\u{20FF}');
        if tag.is_empty()
            || tag.chars().all(|c| c.is_ascii_digit())
            || tag.starts_with('/')
            || tag.starts_with(modifier)
        {
            continue;
        }
        out.push((i..i + 1 + tag.len(), tag));
        while iter.peek().is_some_and(|(j, _)| *j < i + 1 + tag.len()) {
            prev = iter.next().map(|(_, c)| c);
        }
    }
    out
}

/// A tag's site path under `tags/`: each level slugified (`Nested/Tag` →
/// `nested/tag/`), keeping the symbols a tag may hold (`#🚀` → `🚀/`, which
/// the caller percent-encodes in a URL).
pub fn tag_path(tag: &str) -> String {
    tag.split('/').filter(|s| !s.is_empty()).map(|s| format!("{}/", tag_slug(s))).collect()
}

/// One level of a tag as a slug: `slugify`'s rule (lower-case letters and
/// digits, a dash for each run of anything else) with symbols kept as they
/// are, `+` among them, and `#` as the word "sharp": `c++`, `c#` and `c`
/// are three tags (`c++/`, `c-sharp/`, `c/`), and no address holds a `#`.
fn tag_slug(level: &str) -> String {
    let kept = |c: char| tag_symbol(c) || c == '+';
    if level.contains('#') {
        return tag_slug(&level.replace('#', " sharp "));
    }
    if !level.chars().any(kept) {
        return crate::model::slugify(level);
    }
    let mut out = String::with_capacity(level.len());
    let mut dash = false;
    for c in level.chars() {
        if c.is_alphanumeric() || kept(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            if kept(c) {
                out.push(c);
            } else {
                out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
            }
        } else {
            dash = true;
        }
    }
    out
}

/// A block id ending a text (`… ^my-id`): the byte offset where the id's
/// ` ^` starts, and the id. Ids are Latin letters, digits and dashes.
pub(super) fn block_id(text: &str) -> Option<(usize, &str)> {
    let t = text.trim_end();
    // Read back over the id only, not the whole text.
    let len = t.bytes().rev().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-').count();
    if len == 0 || len == t.len() || t.as_bytes()[t.len() - len - 1] != b'^' {
        return None;
    }
    let caret = t.len() - len - 1;
    let id = &t[caret + 1..];
    let before = &t[..caret];
    if !(before.is_empty() || before.ends_with([' ', '\t'])) {
        return None;
    }
    Some((before.trim_end().len(), id))
}

/// A block id ending `text` ([`block_id`]) whose `^` is at or after byte
/// `from`: one that code or math before `from` wrote is no id.
pub(super) fn block_id_after(text: &str, from: usize) -> Option<(usize, &str)> {
    let (cut, id) = block_id(text)?;
    let caret = text.trim_end().len() - id.len() - 1;
    (caret >= from).then_some((cut, id))
}

/// A block id on a line of its own after a structure (a list, table,
/// blockquote or callout) that ends at `end` and starts at `start`, as
/// Obsidian writes ids for structured blocks: blank lines, then a line that
/// is only `^id`, then a blank line or the end. Returns the offset of the
/// `^` (where its paragraph starts) and the id. Only a structure that is
/// not inside another (its line holds at most three spaces before it) takes
/// one; the paragraph stays a paragraph otherwise. Reads the blank lines and
/// one line after `end`.
pub(super) fn trailing_block_id(text: &str, start: usize, end: usize) -> Option<(usize, &str)> {
    // At most three spaces before it on its line: look back four bytes only
    // (a line of a thousand nested quotes must not be read a thousand times).
    let start = start.min(text.len());
    let window = &text.as_bytes()[start.saturating_sub(4)..start];
    let before = match window.iter().rposition(|b| *b == b'\n') {
        Some(nl) => &window[nl + 1..],
        None if start < 4 => window,
        None => return None,
    };
    if !before.iter().all(|b| *b == b' ') {
        return None;
    }
    let len = text.len();
    let line_end = |at: usize| text[at..].find('\n').map_or(len, |i| at + i);
    let mut at = end.min(len);
    if at > 0 && text.as_bytes()[at - 1] != b'\n' {
        // The rest of the structure's last line.
        let e = line_end(at);
        if !text[at..e].trim().is_empty() || e == len {
            return None;
        }
        at = e + 1;
    }
    loop {
        let e = line_end(at);
        let line = &text[at..e];
        if line.trim().is_empty() {
            if e == len {
                return None;
            }
            at = e + 1;
            continue;
        }
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let (cut, id) = block_id(trimmed)?;
        let next_blank = e == len || text[e + 1..line_end(e + 1)].trim().is_empty();
        return (indent <= 3 && cut == 0 && next_blank).then_some((at + indent, id));
    }
}

/// A task item's status marker with a character pulldown-cmark does not
/// read (`- [?] text`, `- [/]`, `- [-]`, `- [>]`): the byte range of `[c]`
/// in `item` (the item's source, from its bullet) and the character.
/// `[ ]`, `[x]` and `[X]` are left to the parser.
pub(super) fn task_marker(item: &str) -> Option<(std::ops::Range<usize>, char)> {
    let b = item.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'*' | b'+')) {
        i = 1;
    } else {
        i += b.iter().take_while(|c| c.is_ascii_digit()).take(9).count();
        if i == 0 || !matches!(b.get(i), Some(b'.' | b')')) {
            return None;
        }
        i += 1;
    }
    let spaces = b[i..].iter().take_while(|c| **c == b' ' || **c == b'\t').count();
    if spaces == 0 || spaces > 4 {
        return None;
    }
    i += spaces;
    let c = status_box(item.get(i..)?.strip_prefix('[')?)?;
    Some((i..i + 2 + c.len_utf8(), c))
}

/// The status in a task's box, given what follows its `[`: one character
/// pulldown-cmark does not read, then `]` and a space or tab.
fn status_box(after_open: &str) -> Option<char> {
    let c = after_open.chars().next()?;
    let after = after_open[c.len_utf8()..].strip_prefix(']')?;
    (!matches!(c, ' ' | 'x' | 'X' | '\n' | '\r' | '\t' | '[' | ']') && after.starts_with([' ', '\t'])).then_some(c)
}

/// Whether `text` may hold a list item with a status of its own (`- [?]
/// ask`): a status box ([`status_box`]) wherever it stands, with or without
/// a bullet before it. Every marker [`task_marker`] finds is one of these;
/// most bodies have none.
pub(super) fn may_have_task_status(text: &str) -> bool {
    memchr::memchr_iter(b'[', text.as_bytes()).any(|i| status_box(&text[i + 1..]).is_some())
}

/// The `id` attribute of a block (`^abc` → `block-abc`).
pub fn block_anchor(id: &str) -> String {
    format!("block-{}", id.to_ascii_lowercase())
}

/// What follows `|` in an embed: a size, alt text, or both (`alt|300`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmbedDisplay {
    /// Alt text or display text.
    pub alt: Option<String>,
    /// Width in pixels.
    pub width: Option<u32>,
    /// Height in pixels.
    pub height: Option<u32>,
}

/// Parses the inside of `![[…]]`: the target and its display part.
pub fn embed_parts(inner: &str) -> (&str, EmbedDisplay) {
    let (target, rest) = match inner.split_once('|') {
        Some((t, r)) => (t.trim_end_matches('\\').trim(), Some(r)),
        None => (inner.trim(), None),
    };
    let mut d = EmbedDisplay::default();
    let Some(rest) = rest else { return (target, d) };
    let (alt, size) = match rest.rsplit_once('|') {
        Some((a, s)) => (Some(a), s),
        None => (None, rest),
    };
    let size = size.trim();
    let parsed = match size.split_once('x') {
        Some((w, h)) => w.parse().ok().zip(h.parse().ok()).map(|(w, h)| (w, Some(h))),
        None => size.parse().ok().map(|w| (w, None)),
    };
    match parsed {
        Some((w, h)) => {
            d.width = Some(w);
            d.height = h;
            d.alt = alt.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
        }
        None => d.alt = Some(rest.trim().to_string()).filter(|a| !a.is_empty()),
    }
    (target, d)
}

/// How a file is embedded, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// `<img>`.
    Image,
    /// `<audio>`.
    Audio,
    /// `<video>`.
    Video,
    /// A PDF in an `<object>`.
    Pdf,
    /// Anything else: a link.
    Other,
}

/// The media kind of a file name (Obsidian's accepted file formats).
pub fn media_kind(name: &str) -> MediaKind {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "svg" | "webp" | "avif" => MediaKind::Image,
        "mp3" | "wav" | "m4a" | "ogg" | "3gp" | "flac" => MediaKind::Audio,
        "mp4" | "webm" | "ogv" | "mov" | "mkv" => MediaKind::Video,
        "pdf" => MediaKind::Pdf,
        _ => MediaKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_status_is_seen_by_the_cheap_look() {
        let items = [
            "- [?] ask",
            "- [/] half",
            "* [!]\tnow",
            "+ [-] gone",
            "1. [>] moved",
            "12) [✓] done",
            "- [é] accent",
            "- [x] done",
            "- [ ] todo",
            "- [?]no space",
            "- [[link]] x",
            "- [ab] two",
            "[?] no marker",
        ];
        for item in items {
            if task_marker(item).is_some() {
                assert!(may_have_task_status(item), "{item}");
            }
        }
        assert!(task_marker("- [✓] done").is_some() && may_have_task_status("- [✓] done"));
        for text in
            ["See [[iren]] and [the deal](deals/x.md).", "- [x] done\n- [ ] todo", "[ab] c", "[a]b", "no brackets", "["]
        {
            assert!(!may_have_task_status(text), "{text}");
        }
    }

    #[test]
    fn callout_markers() {
        let m = callout_marker("[!FAQ]- Why?").unwrap();
        assert_eq!((m.kind.as_str(), m.fold, &"[!FAQ]- Why?"[m.len..]), ("faq", Some(false), "Why?"));
        assert_eq!(callout_marker("[!note]").unwrap().len, 7);
        assert_eq!(callout_marker("[!tip]+").unwrap().fold, Some(true));
        assert!(callout_marker("[link](x)").is_none());
        assert!(callout_marker("[! bad]").is_none());
        assert_eq!(callout_style("faq"), "question");
        assert_eq!(callout_style("caution"), "warning");
        assert_eq!(callout_style("custom"), "note");
        assert_eq!(default_title("my-type"), "My type");
    }

    #[test]
    fn tags_follow_obsidian_rules() {
        let got: Vec<&str> =
            find_tags("#a x#b #1984 #y1984 #nested/tag, (#c) #d-e_f #é/ü.", true).into_iter().map(|(_, t)| t).collect();
        assert_eq!(got, vec!["a", "y1984", "nested/tag", "c", "d-e_f", "é/ü"]);
        assert!(find_tags("#a", false).is_empty());
        assert!(may_have_tags("## Heading\n\ntext #tag") && !may_have_tags("## Heading\n# Title #"));
        assert_eq!(tag_path("Nested/Tag"), "nested/tag/");
    }

    #[test]
    fn block_ids_end_a_text() {
        assert_eq!(block_id("A paragraph. ^abc-1"), Some((12, "abc-1")));
        assert_eq!(block_id("^abc"), Some((0, "abc")));
        assert_eq!(block_id("x^2"), None);
        assert_eq!(block_id("a ^"), None);
    }

    #[test]
    fn embed_display_parts() {
        let (t, d) = embed_parts("img.png|300x200");
        assert_eq!((t, d.width, d.height, d.alt), ("img.png", Some(300), Some(200), None));
        let (_, d) = embed_parts("img.png|A chart|300");
        assert_eq!((d.width, d.alt.as_deref()), (Some(300), Some("A chart")));
        let (_, d) = embed_parts("img.png|A 3x4 grid");
        assert_eq!((d.width, d.alt.as_deref()), (None, Some("A 3x4 grid")));
        assert_eq!(media_kind("a.MP3"), MediaKind::Audio);
        assert_eq!(media_kind("a.pdf"), MediaKind::Pdf);
    }
}
