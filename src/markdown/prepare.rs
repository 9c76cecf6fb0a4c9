//! What the parser reads of a body, and the way back to the body's offsets.
//!
//! [`prepare`] cuts `%%comments%%` out (an unclosed one runs to the end, as
//! in Obsidian) and, with math on, makes each `$$` block over several lines
//! a fence (`` ```$$ ``), so that the parser takes its lines as they are: left in
//! a paragraph, a line of `=` under the formula made the text above it a
//! heading, a line starting `- ` opened a list and a blank line ended the
//! formula. Obsidian, remark-math (Quartz) and mdbook-katex read such a
//! block whole. [`Prepared::original`] maps an offset of the prepared text
//! back to the body as written, which is what every diagnostic and link
//! range is given in.
//!
//! [`events`] is the parser both passes read: pulldown-cmark, then
//! wikilinks over a line break made text (`stray`), then each fence made
//! here as display math in a paragraph of its own: the events a `$$` block
//! alone in a paragraph gives. (A `math` fence a note writes stays code, as
//! Obsidian shows it.)

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

mod display;

/// A body as the parser reads it.
#[derive(Debug)]
pub(super) struct Prepared<'a> {
    /// The text the parser sees.
    pub text: Cow<'a, str>,
    /// Each place where `text` differs from the body, in order.
    edits: Vec<Edit>,
    /// Where a `%%` that nothing closes is in the body: the comment it
    /// opens hides the rest of the note, as in Obsidian.
    pub unclosed: Option<usize>,
}

/// The body's `orig` is `len` bytes of the prepared text from `at`.
#[derive(Debug)]
struct Edit {
    at: usize,
    len: usize,
    orig: Range<usize>,
}

impl Prepared<'_> {
    /// The offset in the original body of an offset in `text`. An offset
    /// inside text put in for a delimiter maps into what it replaced.
    pub(super) fn original(&self, at: usize) -> usize {
        match self.edits.partition_point(|e| e.at <= at) {
            0 => at,
            i => {
                let e = &self.edits[i - 1];
                match at < e.at + e.len {
                    true => (e.orig.start + (at - e.at)).min(e.orig.end),
                    false => e.orig.end + (at - e.at - e.len),
                }
            }
        }
    }
}

/// `body` as the parser should read it: comments cut out, and with `math`
/// on, display math over several lines fenced. `%%` inside a fenced code
/// block or a code span is text.
pub(super) fn prepare(body: &str, math: bool) -> Prepared<'_> {
    let (comments, unclosed) = match has_pair(body, b'%') {
        true => comment_ranges(body),
        false => (Vec::new(), None),
    };
    let mut edits: Vec<(Range<usize>, String)> = comments.iter().map(|r| (r.clone(), String::new())).collect();
    if math && has_pair(body, b'$') {
        let before = edits.len();
        // A block with an edit in a comment (a line put in where a comment
        // ends) is left to the parser whole: its edits would cross the cut.
        let clear = |r: &Range<usize>| !comments.iter().any(|c| r.start < c.end && c.start < r.end.max(r.start + 1));
        let blocks = display::blocks(&blank_out(body, &comments)).into_iter();
        edits.extend(blocks.filter(|b| b.iter().all(|(r, _)| clear(r))).flatten());
        if edits.len() > before && before > 0 {
            edits.sort_by_key(|(r, _)| r.start);
        }
    }
    if edits.is_empty() {
        return Prepared { text: Cow::Borrowed(body), edits: Vec::new(), unclosed };
    }
    let mut text = String::with_capacity(body.len() + 16 * edits.len());
    let mut out = Vec::with_capacity(edits.len());
    let mut last = 0;
    for (r, with) in edits {
        if r.start < last {
            continue; // overlapping edits are never made; never slice backwards
        }
        text.push_str(&body[last..r.start]);
        out.push(Edit { at: text.len(), len: with.len(), orig: r.clone() });
        text.push_str(&with);
        last = r.end;
    }
    text.push_str(&body[last..]);
    Prepared { text: Cow::Owned(text), edits: out, unclosed }
}

/// `body` with each of `ranges` made spaces, its line breaks kept: the
/// same offsets and lines, with nothing in them.
fn blank_out<'a>(body: &'a str, ranges: &[Range<usize>]) -> Cow<'a, str> {
    if ranges.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut b = body.as_bytes().to_vec();
    for r in ranges {
        b[r.clone()].iter_mut().filter(|c| **c != b'\n').for_each(|c| *c = b' ');
    }
    // Whole characters became spaces.
    Cow::Owned(String::from_utf8(b).unwrap_or_default())
}

/// Whether `text` holds `cc` (with SIMD: every body is looked at).
pub(super) fn has_pair(text: &str, c: u8) -> bool {
    memchr::memmem::find(text.as_bytes(), &[c, c]).is_some()
}

/// The lines of `body`, each with its offset; a line keeps its `\n`.
fn lines(body: &str) -> impl Iterator<Item = (usize, &str)> {
    body.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    })
}

/// Fenced code blocks, followed line by line (a fence indented less than
/// four spaces, closed by a run of its character at least as long).
#[derive(Default)]
struct Fences(Option<(u8, usize)>);

impl Fences {
    /// Whether `line` is a fence or inside a fenced block.
    fn code(&mut self, line: &str) -> bool {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() < 4 {
            let c = trimmed.as_bytes().first().copied().unwrap_or(0);
            let run = trimmed.bytes().take_while(|&x| x == c).count();
            if (c == b'`' || c == b'~') && run >= 3 {
                match self.0 {
                    None => {
                        self.0 = Some((c, run));
                        return true;
                    }
                    Some((fc, fr)) if fc == c && run >= fr && trimmed[run..].trim().is_empty() => {
                        self.0 = None;
                        return true;
                    }
                    _ => {}
                }
            }
        }
        self.0.is_some()
    }
}

/// Byte ranges of the comments of `body` (delimiters included), and where
/// the last one opens when nothing closes it.
fn comment_ranges(body: &str) -> (Vec<Range<usize>>, Option<usize>) {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut fences = Fences::default();
    let mut open: Option<usize> = None;
    for (line_start, line) in lines(body) {
        if open.is_none() && fences.code(line) {
            continue;
        }
        let line_end = line_start + line.len();
        let mut i = line_start;
        while i < line_end {
            if open.is_none() && b[i] == b'`' {
                let run = b[i..line_end].iter().take_while(|&&x| x == b'`').count();
                let ticks = &body[i..i + run];
                match body[i + run..line_end].find(ticks) {
                    Some(j) => i = i + run + j + run,
                    None => i += run,
                }
                continue;
            }
            if b[i] == b'%' && b.get(i + 1) == Some(&b'%') {
                match open.take() {
                    None => open = Some(i),
                    Some(s) => out.push(s..i + 2),
                }
                i += 2;
                continue;
            }
            i += 1;
        }
    }
    if let Some(s) = open {
        out.push(s..b.len());
    }
    // One that hides nothing (a note ending in `%%`, as Excalidraw's do) is no matter.
    (out, open.filter(|&s| !body[s + 2..].trim().is_empty()))
}

/// The events both passes read of `text`: see the module's docs.
pub(super) fn events(text: &str, options: Options) -> Events<'_> {
    Events {
        parser: Parser::new_ext(text, options).into_offset_iter(),
        text,
        spans: super::stray::may_span_lines(text),
        multiline: 0,
        // Every fence made here ends its backticks with `$$`.
        fenced: memchr::memmem::find(text.as_bytes(), b"`$$").is_some(),
        queue: Vec::new(),
    }
}

/// The parser's events, with wikilinks over a line break made text and
/// a fence made by [`prepare`] as `DisplayMath` in a paragraph: one
/// adaptor, which hands most bodies' events straight on.
pub(super) struct Events<'a> {
    parser: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    text: &'a str,
    /// A wikilink may go over a line break (`stray::may_span_lines`).
    spans: bool,
    multiline: usize,
    /// The text has a fence made for display math.
    fenced: bool,
    /// Events to give before reading on, last first.
    queue: Vec<(Event<'a>, Range<usize>)>,
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if !self.spans && !self.fenced {
            return self.parser.next();
        }
        if let Some(e) = self.queue.pop() {
            return Some(e);
        }
        let (event, range) = loop {
            let (event, range) = self.parser.next()?;
            if !self.spans {
                break (event, range);
            }
            if let Some(e) = super::stray::one_line_wikilinks(&mut self.multiline, event, range, self.text) {
                break e;
            }
        };
        match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if self.fenced && &**lang == "$$" => {
                let mut tex = String::new();
                let mut end = range.end;
                for (e, r) in self.parser.by_ref() {
                    match e {
                        Event::Text(t) => tex.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => {
                            end = r.end;
                            break;
                        }
                        _ => {}
                    }
                }
                let all = range.start..end;
                self.queue.push((Event::End(TagEnd::Paragraph), all.clone()));
                self.queue.push((Event::DisplayMath(CowStr::from(tex)), all.clone()));
                Some((Event::Start(Tag::Paragraph), all))
            }
            _ => Some((event, range)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_cut_outside_code() {
        let p = prepare("a %%hidden%% b\n```\n%%kept%%\n```\n`%%x%%` %%\nmulti\n%% c", false);
        assert_eq!(p.text, "a  b\n```\n%%kept%%\n```\n`%%x%%`  c");
        assert_eq!(p.original(1), 1);
        assert_eq!(p.original(2), 12, "after the cut");
        let p = prepare("text %%unclosed\nrest", false);
        assert_eq!(p.text, "text ");
        assert!(matches!(prepare("no comments, 5% and 6%", true).text, Cow::Borrowed(_)));
        assert!(has_pair("a == b", b'=') && !has_pair("a = b =", b'=') && !has_pair("", b'='));
    }

    #[test]
    fn a_block_with_a_line_put_in_where_a_comment_ends_is_left_whole() {
        // Found reviewing: the indent put before `%% y` (less indented than the
        // item's formula) fell inside the comment, and the two edits crossed.
        let body = "- a\n  - b\n    $$\n    x %% c\n%% y\n    $$\n";
        let p = prepare(body, true);
        assert_eq!(p.text, "- a\n  - b\n    $$\n    x  y\n    $$\n");
        assert_eq!(p.original(p.text.len()), body.len());
    }

    #[test]
    fn a_fence_made_for_display_math_is_display_math_in_a_paragraph() {
        let text = "```$$\nx^2\n```\n";
        let code: Vec<_> = events("```math\nx^2\n```\n", Options::ENABLE_MATH).collect();
        assert!(matches!(code[0].0, Event::Start(Tag::CodeBlock(_))), "a note's own math fence is code");
        let events: Vec<_> = events(text, Options::ENABLE_MATH).collect();
        assert_eq!(
            events,
            vec![
                (Event::Start(Tag::Paragraph), 0..13),
                (Event::DisplayMath("x^2\n".into()), 0..13),
                (Event::End(TagEnd::Paragraph), 0..13),
            ]
        );
    }
}
