//! Where a `[[` in a body starts no wikilink: an unclosed one, one the
//! parser did not take, or one going over a line break, which is made text
//! here. The scan reports each (`broken-wikilink`), but not brackets that
//! were never meant as a link.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// The offsets in `text` of each `[[` that no link, image, code or formula
/// in `covered` holds, and that is not one of: a markdown link in brackets
/// (`[[T1068](https://…)]`, a citation as MITRE ATT&CK pages are quoted;
/// `[[Name](https://…)` with no `]` after it is a typo of one or the
/// other), an inline footnote opening with a markdown link (`^[[Study
/// Note](https://…) - Tom]`), an escaped bracket before a plain one (`\[[`),
/// or `[[]]`, which names nothing (R's and Python's `x[[]]`).
pub(super) fn stray_wikilinks(text: &str, covered: Vec<Range<usize>>) -> Vec<usize> {
    let covered = merge(covered);
    // The last merged range starting at or before `i`, if it holds `i`.
    let covering = |i: usize| {
        let k = covered.partition_point(|r| r.start <= i);
        k.checked_sub(1).map(|k| &covered[k]).filter(|r| r.contains(&i))
    };
    let bytes = text.as_bytes();
    let link_next = |i: usize| covering(i + 1).is_some_and(|r| r.start == i + 1);
    let bracketed = |i: usize| link_next(i) && covering(i + 1).is_some_and(|r| bytes.get(r.end) == Some(&b']'));
    // An inline footnote opening with a link: `^[[Study Note](https://…) - Tom]`.
    let footnote = |i: usize| i > 0 && bytes[i - 1] == b'^' && link_next(i);
    let escaped = |i: usize| bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1;
    let empty = |i: usize| bytes[i + 2..].starts_with(b"]]");
    memchr::memmem::find_iter(bytes, b"[[")
        .filter(|&i| covering(i).is_none() && !bracketed(i) && !footnote(i) && !escaped(i) && !empty(i))
        .collect()
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

/// Whether a wikilink in `text` may go over a line break, or hold a
/// bracket: some `[[` has a line break, a `[` or a single `]` after it
/// before the next `]]`. One look along the text; when
/// it says no, a body's events need not go through [`one_line_wikilinks`].
pub(super) fn may_span_lines(text: &str) -> bool {
    let b = text.as_bytes();
    // Up to where the text is read: a `[[` before there is inside one
    // answered already, so each byte is read once.
    let mut known = 0;
    for i in memchr::memmem::find_iter(b, b"[[") {
        if i < known {
            continue;
        }
        let from = i + 2;
        match memchr::memchr3(b'\n', b'[', b']', &b[from..]).map(|at| from + at) {
            Some(at) if b[at] == b']' && b.get(at + 1) == Some(&b']') => known = at + 2,
            Some(_) => return true,
            None => return false,
        }
    }
    false
}

/// One event of a body, with each wikilink or embed that goes over a line
/// break (`[[ 1 2 3]` and ` [ 4 5 6]]` on the next line, a matrix as
/// numpy prints it) made one text event of its source, as Obsidian, whose
/// links never span lines, shows it: `None` for the events inside one,
/// which `inside` counts (the links and images open in it). Its `[[` is
/// then one that starts no link, which the scan reports. The scan and the
/// renderer both read a body's events through this, so they agree on which
/// links there are.
#[cold]
#[inline(never)]
pub(super) fn one_line_wikilinks<'a>(
    inside: &mut usize,
    event: Event<'a>,
    range: Range<usize>,
    text: &'a str,
) -> Option<(Event<'a>, Range<usize>)> {
    if *inside > 0 {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => *inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => *inside -= 1,
            _ => {}
        }
        return None;
    }
    match &event {
        Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, .. })
        | Event::Start(Tag::Image { link_type: LinkType::WikiLink { .. }, .. })
            if text.get(range.clone()).is_some_and(|s| s.contains('\n') || holds_bracket(s)) =>
        {
            *inside = 1;
            Some((Event::Text(CowStr::Borrowed(&text[range.clone()])), range))
        }
        _ => Some((event, range)),
    }
}

/// Whether a wikilink's source (`[[…]]`, `![[…]]`) holds a bracket between
/// its own: `[[1, 2], [3, 4]]` (a nested list), `[[:alpha:]]`'s cousins
/// `ndarray[[x, [y]]]`. No note's name holds one (Obsidian refuses `[` and
/// `]` in a file name), so it is text, and no link was meant.
pub(super) fn holds_bracket(source: &str) -> bool {
    let inner = source.trim_start_matches('!');
    inner.get(2..inner.len().saturating_sub(2)).is_some_and(|t| t.contains(['[', ']']))
}

#[cfg(test)]
mod tests {
    use super::may_span_lines;

    #[test]
    fn a_wikilink_may_span_lines_when_a_line_breaks_before_its_closing_brackets() {
        for (text, spans) in [
            ("no links\nat all", false),
            ("[[a]] and [[b|c]]\n[[d]]\n", false),
            ("[[a\nb]]", true),
            ("[[ 1  2  3]\n [ 4  5  6]]", true),
            ("[[a] b]] then\n", true),
            ("[[a]] [[open\n", true),
            ("[[[[[[x]]\n", true),
            ("[[1, 2], [3, 4]] and [[a] b]]", true),
            ("[[a]] [[b]]]", false),
        ] {
            assert_eq!(may_span_lines(text), spans, "{text:?}");
        }
    }
}
