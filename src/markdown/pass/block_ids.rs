//! Block ids: a paragraph or list item whose text ends with ` ^id` gets
//! `id="block-id"` (the `^id` itself is cut). An embedded body keeps no ids
//! but still loses the `^id`.
//!
//! The id is read from the block's last text as the other passes rendered
//! it, so this pass runs after them, and the block's start is only written
//! once its end is seen: a block is held back until then, but only one
//! whose source has a `^` (or a `&`, which could make one): most are not.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Ev, Out, Own, Pass};
use crate::markdown::escape_attr;
use crate::markdown::obsidian;

/// The block-ids pass. Every raw event left leaves it rendered.
pub(in crate::markdown) struct BlockIds<'a, 'o> {
    text: &'a str,
    /// Rendered inside another page: ids are cut, not written.
    embedded: bool,
    own: &'o Own,
    /// Events held back while a block that may get an id is open.
    held: Vec<Ev<'a>>,
    /// Open blocks, innermost last: where each one's start is in `held`,
    /// or `None` for one passed on.
    open: Vec<Option<usize>>,
    /// How many of `open` are held.
    holding: usize,
    carets: Carets,
}

impl<'a, 'o> BlockIds<'a, 'o> {
    /// Block ids of `text` (the parsed text), their markup through `own`.
    pub(in crate::markdown) fn new(text: &'a str, embedded: bool, own: &'o Own) -> Self {
        BlockIds { text, embedded, own, held: Vec::new(), open: Vec::new(), holding: 0, carets: Carets::default() }
    }

    /// Passes `ev` on, or holds it while a block is held.
    fn pass(&mut self, ev: Ev<'a>) -> Option<Ev<'a>> {
        if self.holding == 0 {
            return Some(ev);
        }
        self.held.push(ev);
        None
    }

    fn start(&mut self, ev: Ev<'a>) -> Option<Ev<'a>> {
        if !self.carets.any_in(self.text, &ev.range) {
            self.open.push(None);
            return self.pass(ev.into_done());
        }
        self.open.push(Some(self.held.len()));
        self.holding += 1;
        self.held.push(ev.into_done());
        None
    }

    fn end(&mut self, end: TagEnd, out: &mut Out<'a>) -> Option<Ev<'a>> {
        // A block passed on has no `^` in its source, so no id can end it.
        let Some(Some(start)) = self.open.pop() else { return self.pass(Ev::done(Event::End(end))) };
        self.holding -= 1;
        match block_id_of(&mut self.held) {
            Some(id) if !self.embedded => {
                let tag = if end == TagEnd::Paragraph { "p" } else { "li" };
                let anchor = escape_attr(&obsidian::block_anchor(&id));
                self.held[start] = Ev::done(self.own.event(format!("<{tag} id=\"{anchor}\">")));
                self.held.push(Ev::done(self.own.event(format!("</{tag}>\n"))));
            }
            _ => self.held.push(Ev::done(Event::End(end))),
        }
        if self.holding == 0 {
            out.extend(self.held.drain(..));
        }
        None
    }
}

impl<'a> Pass<'a> for BlockIds<'a, '_> {
    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if !ev.raw {
            return self.pass(ev);
        }
        match ev.event {
            Event::Start(Tag::Paragraph | Tag::Item) => self.start(ev),
            Event::End(end @ (TagEnd::Paragraph | TagEnd::Item)) => self.end(end, out),
            _ => self.pass(ev.into_done()),
        }
    }

    /// A block whose end never came (a callout titled by a heading) is put
    /// out as it is.
    fn finish(&mut self, out: &mut Out<'a>) {
        out.extend(self.held.drain(..));
    }
}

/// Cuts a block id (` ^id`) from the end of the block just written, and
/// returns it.
fn block_id_of(events: &mut Vec<Ev<'_>>) -> Option<String> {
    let Some(Event::Text(t)) = events.last().map(|e| &e.event) else { return None };
    let (cut, id) = obsidian::block_id(t)?;
    let id = id.to_string();
    let kept = t[..cut].to_string();
    events.pop();
    if kept.is_empty() {
        if matches!(events.last().map(|e| &e.event), Some(Event::SoftBreak | Event::HardBreak)) {
            events.pop();
        }
    } else {
        events.push(Ev::done(Event::Text(CowStr::from(kept))));
    }
    Some(id)
}

/// Finds whether a range of the text holds a `^` or a `&` (a character
/// reference can write a `^`), scanning each byte once as blocks come in
/// order.
#[derive(Default)]
struct Carets {
    /// Where the last scan started, and the first `^` or `&` at or after it
    /// (`usize::MAX` for none).
    scanned: Option<(usize, usize)>,
}

impl Carets {
    fn any_in(&mut self, text: &str, range: &std::ops::Range<usize>) -> bool {
        let next = match self.scanned {
            Some((from, next)) if from <= range.start && next >= range.start => next,
            _ => {
                let from = range.start.min(text.len());
                let next = memchr::memchr2(b'^', b'&', &text.as_bytes()[from..]).map_or(usize::MAX, |i| from + i);
                self.scanned = Some((from, next));
                next
            }
        };
        next < range.end
    }
}
