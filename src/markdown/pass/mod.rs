//! The passes `to_html` runs a body's events through, one concern each, as
//! iterator adaptors: nothing holds a whole body's events, so memory stays
//! a small multiple of the body (a pass that must look ahead holds one
//! block at most).
//!
//! An event flows as an [`Ev`]: *raw* while no pass has rendered it (each
//! pass takes the raw events that are its own and leaves the rest), *done*
//! once one has. The order in `to_html` is the order of precedence:
//! embeds drop their inner events first, callouts then cut a callout's
//! marker (so no later pass sees it), code takes the text of code blocks
//! before links and tags look at text, bare addresses become links before
//! tags look for `#` in them, block ids see every other pass's
//! output (a block id is read from the last text as rendered), marks run
//! over the rendered events, and footnotes last, moving the notes to the
//! end.

pub(super) mod autolinks;
pub(super) mod block_ids;
pub(super) mod callouts;
pub(super) mod code;
pub(super) mod footnotes;
pub(super) mod headings;
pub(super) mod links;
pub(super) mod marks;
pub(super) mod raw_html;
pub(super) mod tags;

pub(super) use block_ids::display_math_alone;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::prepare::Prepared;

/// One event of a body on its way through the passes.
#[derive(Debug)]
pub(super) struct Ev<'a> {
    /// The event.
    pub(super) event: Event<'a>,
    /// Its byte range in the parsed text (empty for events a pass made).
    pub(super) range: Range<usize>,
    /// No pass has rendered it yet.
    pub(super) raw: bool,
    /// Text here starts at a word boundary (set by `callouts`, for tags).
    pub(super) word: bool,
    /// Inside a link (set by `links`; tags are not looked for there).
    pub(super) in_link: bool,
}

impl<'a> Ev<'a> {
    /// An event as parsed.
    pub(super) fn raw(event: Event<'a>, range: Range<usize>) -> Self {
        Ev { event, range, raw: true, word: false, in_link: false }
    }

    /// An event as rendered, which later passes leave alone.
    pub(super) fn done(event: Event<'a>) -> Self {
        Ev { event, range: 0..0, raw: false, word: false, in_link: false }
    }

    /// Marks it rendered as it is.
    pub(super) fn into_done(mut self) -> Self {
        self.raw = false;
        self
    }
}

/// Whether a tag is inline (phrasing content), which a block holds.
pub(super) fn inline_start(t: &Tag<'_>) -> bool {
    matches!(
        t,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

/// Whether a tag's end is an inline one's ([`inline_start`]).
pub(super) fn inline_end(t: &TagEnd) -> bool {
    matches!(
        t,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Where a pass puts the events it makes from one (ahead of the one it
/// returns, if any).
pub(super) type Out<'a> = VecDeque<Ev<'a>>;

/// One pass: takes each event in turn.
pub(super) trait Pass<'a>: Sized {
    /// Takes one event. Returns what it becomes when that is one event, or
    /// `None` (having put what it becomes, any number of events, into
    /// `out`). A returned event goes after whatever was put into `out`.
    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>>;

    /// Called once after the last event: puts out what is still held.
    fn finish(&mut self, _out: &mut Out<'a>) {}

    /// Whether the pass can change anything in this body. One that cannot
    /// (a cheap look at the source found none of what it handles) is
    /// skipped: every event goes through it untouched.
    fn on(&self) -> bool {
        true
    }

    /// This pass over `events`.
    fn run<I: Iterator<Item = Ev<'a>>>(self, events: I) -> Run<'a, I, Self> {
        Run { on: self.on(), events, pass: self, queue: VecDeque::new(), finished: false }
    }
}

/// A [`Pass`] as an iterator adaptor.
pub(super) struct Run<'a, I, P> {
    /// The pass's [`Pass::on`], asked once.
    on: bool,
    events: I,
    pass: P,
    queue: Out<'a>,
    finished: bool,
}

impl<'a, I: Iterator<Item = Ev<'a>>, P: Pass<'a>> Iterator for Run<'a, I, P> {
    type Item = Ev<'a>;

    #[inline]
    fn next(&mut self) -> Option<Ev<'a>> {
        if !self.on {
            return self.events.next();
        }
        loop {
            if let Some(ev) = self.queue.pop_front() {
                return Some(ev);
            }
            if self.finished {
                return None;
            }
            match self.events.next() {
                Some(ev) => {
                    if let Some(ev) = self.pass.feed(ev, &mut self.queue) {
                        if self.queue.is_empty() {
                            return Some(ev);
                        }
                        self.queue.push_back(ev);
                    }
                }
                None => {
                    self.finished = true;
                    self.pass.finish(&mut self.queue);
                }
            }
        }
    }
}

/// Markup of pivotbook's own, kept apart from the author's while the
/// author's HTML is sanitised: each piece is written as a numbered marker,
/// and [`Own::restore`] puts it back after.
pub(super) struct Own {
    stash: Option<RefCell<Vec<String>>>,
}

impl Own {
    /// Sets markup apart when `stash` (the body is to be sanitised).
    pub(super) fn new(stash: bool) -> Self {
        Own { stash: stash.then(|| RefCell::new(Vec::new())) }
    }

    /// The event that writes `html`.
    pub(super) fn event(&self, html: String) -> Event<'static> {
        match &self.stash {
            Some(stash) => {
                let mut stash = stash.borrow_mut();
                stash.push(html);
                Event::Html(CowStr::from(format!("\u{FFFF}{}\u{FFFF}", stash.len() - 1)))
            }
            None => Event::Html(CowStr::from(html)),
        }
    }

    /// `html` with the markers replaced by the markup they stand for.
    pub(super) fn restore(self, html: String) -> String {
        let Some(stash) = self.stash.map(RefCell::into_inner).filter(|s| !s.is_empty()) else { return html };
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
                None => rest = after,
            }
        }
        out.push_str(rest);
        out
    }
}

/// Block ids written on a line of their own after a structure (a list,
/// table, blockquote or callout), which belong to the structure: the pass
/// that opens a structure claims its id, so that the outermost structure
/// takes it, and the id's own paragraph is dropped.
#[derive(Default)]
pub(super) struct Claims {
    /// Offsets (in the parsed text) of the claimed ids' paragraphs.
    at: RefCell<Vec<usize>>,
}

/// The scan's side of [`Claims`]: notes the `^id` alone on a line after
/// the structure at `range`, if there is one and no structure around it
/// took it, as (where the id's paragraph starts, where the structure starts).
pub(super) fn claim_after(claims: &mut Vec<(usize, usize)>, text: &str, range: &Range<usize>) {
    claims.retain(|(at, _)| *at >= range.start);
    if let Some((at, _)) = super::obsidian::trailing_block_id(text, range.start, range.end) {
        if !claims.iter().any(|(a, _)| *a == at) {
            claims.push((at, range.start));
        }
    }
}

impl Claims {
    /// The id after the structure at `range` in `text`, if no structure
    /// around it took it first.
    pub(super) fn claim<'t>(&self, text: &'t str, range: &Range<usize>) -> Option<&'t str> {
        let mut at = self.at.borrow_mut();
        at.retain(|a| *a >= range.start);
        let (p, id) = super::obsidian::trailing_block_id(text, range.start, range.end)?;
        if at.contains(&p) {
            return None;
        }
        at.push(p);
        Some(id)
    }

    /// Whether the paragraph starting at `start` is a claimed id.
    pub(super) fn claimed(&self, start: usize) -> bool {
        self.at.borrow().contains(&start)
    }
}

/// Offsets of the body as written, from offsets in the parsed text.
#[derive(Clone, Copy)]
pub(super) struct Locate<'p> {
    /// The body as parsed (comments cut).
    pub(super) prepared: &'p Prepared<'p>,
    /// Where the text starts in the page's body.
    pub(super) offset: usize,
}

impl Locate<'_> {
    /// The page's body offset of `at` in the parsed text.
    pub(super) fn page(&self, at: usize) -> usize {
        self.prepared.original(at) + self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doubles every text; drops rules.
    struct Twice;

    impl<'a> Pass<'a> for Twice {
        fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
            match &ev.event {
                Event::Text(t) => {
                    out.push_back(Ev::done(Event::Text(t.clone())));
                    Some(ev)
                }
                Event::Rule => None,
                _ => Some(ev),
            }
        }

        fn finish(&mut self, out: &mut Out<'a>) {
            out.push_back(Ev::done(Event::HardBreak));
        }
    }

    #[test]
    fn a_pass_emits_in_order_and_finishes_once() {
        let events = [Event::Text("a".into()), Event::Rule, Event::SoftBreak, Event::Text("b".into())];
        let got: Vec<Event<'_>> = Twice.run(events.into_iter().map(|e| Ev::raw(e, 0..0))).map(|e| e.event).collect();
        let want = [
            Event::Text("a".into()),
            Event::Text("a".into()),
            Event::SoftBreak,
            Event::Text("b".into()),
            Event::Text("b".into()),
            Event::HardBreak,
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn own_markup_is_put_back() {
        let own = Own::new(true);
        let a = own.event("<mark>".into());
        let b = own.event("</mark>".into());
        let (Event::Html(a), Event::Html(b)) = (a, b) else { panic!("markers are HTML events") };
        let restored = own.restore(format!("x{a}y{b}\u{FFFF}9\u{FFFF}z"));
        assert_eq!(restored, "x<mark>y</mark>9z", "an unknown marker loses its delimiters");
        assert_eq!(Own::new(false).event("<b>".into()), Event::Html("<b>".into()));
    }
}
