//! Backlink contexts: the sentence around a link, as [`scan`](super::scan)
//! records it for the page linked to. A wikilink written without display
//! text (`[[deals/x]]`) shows its target's title on the page, which only
//! the renderer knows; so inside a context such a link is kept as a marked
//! part (its body offset and the target as written), which
//! [`context_parts`] reads back for the renderer to put the title in.
//! The sentence is cut to about 200 characters, never inside a link.

use super::FoundLink;

/// Opens a plain wikilink's part; its body offset follows.
const OPEN: char = '\u{E000}';
/// Ends the offset; the target as written follows.
const MID: char = '\u{E001}';
/// Closes the part.
const CLOSE: char = '\u{E002}';

/// Whether `c` is one of the markers (never kept from the author's text).
fn is_marker(c: char) -> bool {
    matches!(c, OPEN | MID | CLOSE)
}

/// The text of the current block: plain (for block ids) and with plain
/// wikilinks marked (for contexts), with the marked text's length in
/// characters kept as it grows (a link records where it sits without
/// counting again).
#[derive(Default)]
pub(super) struct BlockText {
    pub(super) text: String,
    marked: String,
    pub(super) chars: usize,
    /// The marked text's characters while contexts are cut from it (kept
    /// from block to block for its buffer).
    scratch: Vec<char>,
}

impl BlockText {
    pub(super) fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        // The markers' UTF-8 all start with 0xEE: most texts are passed over at once.
        if memchr::memchr(0xEE, s.as_bytes()).is_some() && s.contains(is_marker) {
            let clean: String = s.chars().filter(|c| !is_marker(*c)).collect();
            self.chars += clean.chars().count();
            self.marked.push_str(&clean);
        } else {
            self.chars += s.chars().count();
            self.marked.push_str(s);
        }
    }

    /// The text so far, plain wikilinks marked (see [`context_parts`]).
    pub(super) fn marked(&self) -> &str {
        &self.marked
    }

    /// The text of a wikilink without display text, starting at `offset`
    /// in the body: the target as written.
    pub(super) fn push_plain_wikilink(&mut self, offset: usize, target: &str) {
        self.text.push_str(target);
        let start = self.marked.len();
        self.marked.push(OPEN);
        self.marked.push_str(&offset.to_string());
        self.marked.push(MID);
        self.marked.extend(target.chars().filter(|c| !is_marker(*c)));
        self.marked.push(CLOSE);
        self.chars += self.marked[start..].chars().count();
    }
}

/// Gives each pending link the sentence of `block` around it.
pub(super) fn flush(links: &mut [FoundLink], pending: &mut Vec<(usize, usize)>, block: &mut BlockText) {
    if !pending.is_empty() {
        block.scratch.clear();
        // ASCII text (most English prose) has no markers, which are not ASCII.
        let ascii = block.marked.is_ascii();
        if ascii {
            block.scratch.extend(block.marked.bytes().map(char::from));
        } else {
            block.scratch.extend(block.marked.chars());
        }
        for (i, at) in pending.drain(..) {
            if let Some(l) = links.get_mut(i) {
                l.context = without_markup(sentence_around(&block.scratch, at, !ascii));
            }
        }
    }
    // Emptied, keeping its buffers for the next block.
    block.text.clear();
    block.marked.clear();
    block.chars = 0;
}

/// A sentence without the Obsidian markup a reader never sees: a callout's
/// marker starting it (`[!theorem]+ `) and a block id ending it (` ^thm-1`).
fn without_markup(mut sentence: String) -> String {
    if let Some(marker) = super::obsidian::callout_marker(&sentence) {
        sentence.drain(..marker.len);
    }
    if let Some((caret, _)) = super::obsidian::block_id(&sentence) {
        sentence.truncate(caret);
        sentence.truncate(sentence.trim_end().len());
    }
    sentence
}

/// The sentence containing character `at`, trimmed to 200 characters (and
/// widened to the ends of a marked link it would cut). It looks no further
/// than that either way, so a long block without a full stop costs the
/// same per link as a short one. `markers` says whether `chars` may hold
/// markers (a text without them need not be searched for them).
fn sentence_around(chars: &[char], at: usize, markers: bool) -> String {
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
    // Never cut inside a marked link: move out to its ends.
    if markers {
        if let Some(open) = chars[..s].iter().rposition(|&c| c == OPEN || c == CLOSE) {
            if chars[open] == OPEN {
                s = open;
            }
        }
        if let Some(close) = chars[e..].iter().position(|&c| c == OPEN || c == CLOSE) {
            if chars[e + close] == CLOSE {
                e += close + 1;
            }
        }
    }
    let mut text = String::with_capacity(e - s + 8);
    if !starts_sentence(s) {
        text.push('…');
    }
    push_words(&mut text, &chars[s..e]);
    if e < chars.len() && !ends_sentence(e - 1) {
        text.push('…');
    }
    text
}

/// Pushes the words of `chars` onto `text`, one space between each.
fn push_words(text: &mut String, chars: &[char]) {
    let (mut words, mut gap) = (false, false);
    for &c in chars {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && words {
            text.push(' ');
        }
        (words, gap) = (true, false);
        text.push(c);
    }
}

/// A piece of a backlink context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextPart<'a> {
    /// Text as written.
    Text(&'a str),
    /// A wikilink without display text: where it starts in the linking
    /// page's body, and its target as written.
    Link {
        /// Byte offset of the link in the body.
        offset: usize,
        /// The target as written (`deals/x`, `x#Heading`).
        target: &'a str,
    },
}

/// The parts of a context as [`scan`](super::scan) recorded it.
pub fn context_parts(context: &str) -> Vec<ContextPart<'_>> {
    let mut out = Vec::new();
    let mut rest = context;
    while let Some(open) = rest.find(OPEN) {
        let Some(close) = rest[open..].find(CLOSE).map(|c| open + c) else { break };
        if open > 0 {
            out.push(ContextPart::Text(&rest[..open]));
        }
        let inner = &rest[open + OPEN.len_utf8()..close];
        match inner.split_once(MID).and_then(|(n, t)| Some((n.parse().ok()?, t))) {
            Some((offset, target)) => out.push(ContextPart::Link { offset, target }),
            None => out.push(ContextPart::Text(inner)),
        }
        rest = &rest[close + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(ContextPart::Text(rest));
    }
    out
}

/// What a wikilink without display text shows when no title is known:
/// the target as written, `[[Note#Heading]]` as "Note > Heading" (as
/// Obsidian does).
pub fn plain_wikilink_text(target: &str) -> String {
    target.trim_start_matches('#').replace('#', " > ")
}

/// A context as plain text, each link shown as [`plain_wikilink_text`].
#[cfg(test)]
pub(super) fn context_text(context: &str) -> String {
    context_parts(context)
        .into_iter()
        .map(|p| match p {
            ContextPart::Text(t) => t.to_string(),
            ContextPart::Link { target, .. } => plain_wikilink_text(target),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_joined_as_split_whitespace_and_join_would() {
        let text = "  A first  sentence.\tThen\u{a0}the link\n here.  And\u{2003}more ";
        let chars: Vec<char> = text.chars().collect();
        for s in 0..=chars.len() {
            for e in s..=chars.len() {
                let slice: String = chars[s..e].iter().collect();
                let mut got = String::new();
                push_words(&mut got, &chars[s..e]);
                assert_eq!(got, slice.split_whitespace().collect::<Vec<_>>().join(" "), "{slice:?}");
            }
        }
    }

    #[test]
    fn a_context_is_its_sentence_with_ellipses_where_cut() {
        let chars: Vec<char> = "One.  Two  words here. Three.".chars().collect();
        let long: Vec<char> = "word ".repeat(100).chars().collect();
        // Text without markers gives the same whether or not they are looked for.
        for markers in [true, false] {
            assert_eq!(sentence_around(&chars, 8, markers), "Two words here.");
            assert_eq!(sentence_around(&long, 250, markers), format!("…{}…", ["word"; 40].join(" ")));
            assert_eq!(sentence_around(&[], 0, markers), "");
        }
    }
}
