//! Block ids: a paragraph or list item whose text ends with ` ^id` gets
//! `id="block-id"` (the `^id` itself is cut), and so does a list or table
//! followed by a line that is only `^id` (wrapped in a `<div>` holding the
//! id; blockquotes and callouts take theirs in `callouts`), whose paragraph
//! is dropped. An embedded body keeps no ids but still loses the `^id`.
//! Which block has an id is the scan's word (`Inputs::blocks`, matched by
//! where the block ends), so every anchor a link was resolved to exists and
//! no other does.
//!
//! List items with a status pulldown-cmark does not read (`- [?] x`) are
//! also written here, as a disabled checkbox (checked, as in Obsidian) with
//! `data-task` on the `<li>`.
//!
//! The id is read from the block's last text as the other passes rendered
//! it, so this pass runs after them, and the block's start is only written
//! once its end is seen: a block is held back until then, but only one
//! whose source has a `^` (or a `&`, which could make one): most are not.
//! A body with neither, and no task status, has nothing for this pass, and
//! it is skipped (the passes after it do not read whether an event was
//! rendered).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Claims, Ev, Locate, Out, Own, Pass};
use crate::markdown::obsidian;
use crate::markdown::{escape_attr, Block};

/// The block-ids pass. Every raw event left leaves it rendered.
pub(in crate::markdown) struct BlockIds<'a, 'o> {
    text: &'a str,
    /// Rendered inside another page: ids are cut, not written.
    embedded: bool,
    own: &'o Own,
    claims: &'o Claims,
    /// The blocks with an id the scan found, by page offset.
    blocks: &'o [Block],
    /// How many of `blocks` a block has taken.
    taken: usize,
    at: Locate<'o>,
    /// Events held back while a block that may get an id is open.
    held: Vec<Ev<'a>>,
    /// Open blocks, innermost last.
    open: Vec<Open>,
    /// How many of `open` are held.
    holding: usize,
    carets: Carets,
    /// Open lists and tables, innermost last: whether each is wrapped.
    structures: Vec<bool>,
    /// Inside a claimed id's paragraph (dropped).
    dropping: bool,
    /// Inside a formula's paragraph wrapped for the id on a line after it.
    wrapped_math: bool,
    /// A task status marker still to cut from the item's first text: its
    /// byte range in the text, and the status.
    task: Option<(std::ops::Range<usize>, char)>,
    /// Whether the body may have an id or a task status ([`Pass::on`]).
    on: bool,
}

/// An open paragraph or list item.
struct Open {
    /// Where its start is in `held`, or `None` for one passed on.
    held: Option<usize>,
    /// For an item with a status of its own, the status.
    task: Option<char>,
}

impl<'a, 'o> BlockIds<'a, 'o> {
    /// Block ids of `text` (the parsed text), their markup through `own`.
    pub(in crate::markdown) fn new(
        text: &'a str,
        embedded: bool,
        blocks: &'o [Block],
        at: Locate<'o>,
        own: &'o Own,
        claims: &'o Claims,
    ) -> Self {
        // The whole body's look for a `^` or `&` also starts the blocks' own.
        let mut carets = Carets::default();
        let on = carets.any_in(text, &(0..text.len())) || obsidian::may_have_task_status(text);
        BlockIds {
            text,
            embedded,
            own,
            claims,
            blocks,
            taken: 0,
            at,
            held: Vec::new(),
            open: Vec::new(),
            holding: 0,
            carets,
            structures: Vec::new(),
            dropping: false,
            wrapped_math: false,
            task: None,
            on,
        }
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
        let mut task = None;
        if matches!(ev.event, Event::Start(Tag::Item)) {
            let source = self.text.get(ev.range.clone()).unwrap_or("");
            if let Some((r, c)) = obsidian::task_marker(source) {
                self.task = Some((ev.range.start + r.start..ev.range.start + r.end, c));
                task = Some(c);
            }
        }
        if !self.carets.any_in(self.text, &ev.range) {
            self.open.push(Open { held: None, task });
            return match task {
                Some(c) => self.pass(Ev::done(self.own.event(format!("<li{}>", task_attrs(c))))),
                None => self.pass(ev.into_done()),
            };
        }
        self.open.push(Open { held: Some(self.held.len()), task });
        self.holding += 1;
        self.held.push(ev.into_done());
        None
    }

    /// The id the scan found for the block ending at `end` (parsed text),
    /// taken: a list item ending where its last paragraph does (at the end
    /// of the text) does not get that paragraph's id too.
    fn scanned(&mut self, end: usize) -> Option<&'o str> {
        let end = self.at.page(end);
        let blocks = self.blocks;
        let from = blocks.partition_point(|b| b.range.end < end).max(self.taken);
        let i = from + blocks[from..].iter().take_while(|b| b.range.end == end).position(|b| !b.heading)?;
        self.taken = i + 1;
        Some(blocks[i].id.as_str())
    }

    /// Opens a `<div>` with the id on a line of its own after the structure
    /// at `range`, if there is one (not written in an embedded page).
    /// Returns whether it did.
    fn wrap(&mut self, range: &std::ops::Range<usize>, out: &mut Out<'a>) -> bool {
        let Some(id) = self.claims.claim(self.text, range).filter(|_| !self.embedded) else { return false };
        let anchor = escape_attr(&obsidian::block_anchor(id));
        let wrap = self.own.event(format!("<div class=\"block-id\" id=\"{anchor}\">\n"));
        self.emit(Ev::done(wrap), out);
        true
    }

    /// Closes a [`BlockIds::wrap`] after the structure's `end` (passed on,
    /// or held).
    fn close_wrap(&mut self, end: Option<Ev<'a>>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        let close = Ev::done(self.own.event("</div>\n".into()));
        match end {
            Some(end) => {
                out.push_back(end);
                Some(close)
            }
            None if self.holding == 0 => {
                out.push_back(close);
                None
            }
            None => {
                self.held.push(close);
                None
            }
        }
    }

    fn end(&mut self, end: TagEnd, at: usize, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if end == TagEnd::Item {
            self.task = None;
        }
        let Some(open) = self.open.pop() else { return self.pass(Ev::done(Event::End(end))) };
        let tag = if end == TagEnd::Paragraph { "p" } else { "li" };
        let attrs = open.task.map(task_attrs).unwrap_or_default();
        // A block passed on has no `^` in its source, so no id can end it.
        let Some(start) = open.held else {
            return match open.task {
                Some(_) => self.pass(Ev::done(self.own.event("</li>\n".into()))),
                None => self.pass(Ev::done(Event::End(end))),
            };
        };
        self.holding -= 1;
        let id = self.scanned(at).map(|id| {
            // The `^id` is cut when the block's last text ends with it, or
            // an item's own text before its nested list.
            if block_id_of(&mut self.held, id).is_none() {
                cut_before_list(&mut self.held[start..], id);
            }
            id.to_string()
        });
        match id {
            Some(id) if !self.embedded => {
                let anchor = escape_attr(&obsidian::block_anchor(&id));
                self.held[start] = Ev::done(self.own.event(format!("<{tag} id=\"{anchor}\"{attrs}>")));
                self.held.push(Ev::done(self.own.event(format!("</{tag}>\n"))));
            }
            _ if open.task.is_some() => {
                self.held[start] = Ev::done(self.own.event(format!("<li{attrs}>")));
                self.held.push(Ev::done(self.own.event("</li>\n".into())));
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
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if self.dropping {
            self.dropping = !(ev.raw && matches!(ev.event, Event::End(TagEnd::Paragraph)));
            return None;
        }
        if let (Some((marker, _)), Event::Text(_)) = (&self.task, &ev.event) {
            if !ev.range.is_empty() {
                let marker = marker.clone();
                return self.cut_task(ev, marker, out);
            }
        }
        if !ev.raw {
            return self.pass(ev);
        }
        match ev.event {
            Event::Start(Tag::Paragraph) if self.claims.claimed(ev.range.start) => {
                self.dropping = true;
                None
            }
            Event::Start(Tag::Paragraph) if display_math_alone(&self.text[ev.range.clone()]) => {
                self.wrapped_math = self.wrap(&ev.range, out);
                self.start(ev)
            }
            Event::Start(Tag::Paragraph | Tag::Item) => self.start(ev),
            Event::End(TagEnd::Paragraph) if std::mem::take(&mut self.wrapped_math) => {
                let end = self.end(TagEnd::Paragraph, ev.range.end, out);
                self.close_wrap(end, out)
            }
            Event::End(end @ (TagEnd::Paragraph | TagEnd::Item)) => self.end(end, ev.range.end, out),
            Event::Start(Tag::List(_) | Tag::Table(_)) => {
                let wrapped = self.wrap(&ev.range, out);
                self.structures.push(wrapped);
                self.pass(ev.into_done())
            }
            Event::End(TagEnd::List(_) | TagEnd::Table) => {
                let end = self.pass(ev.into_done());
                match self.structures.pop() {
                    Some(true) => self.close_wrap(end, out),
                    _ => end,
                }
            }
            _ => self.pass(ev.into_done()),
        }
    }

    /// A block whose end never came (a callout titled by a heading) is put
    /// out as it is.
    fn finish(&mut self, out: &mut Out<'a>) {
        out.extend(self.held.drain(..));
    }
}

impl<'a> BlockIds<'a, '_> {
    /// Cuts the part of a task's status `marker` (and the space after it)
    /// that a text holds, putting the checkbox in its place.
    fn cut_task(&mut self, ev: Ev<'a>, marker: std::ops::Range<usize>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        let Event::Text(t) = &ev.event else { return self.pass(ev) };
        let r = ev.range.clone();
        if r.start > marker.end || t.len() != r.len() {
            // The marker was not text as written (an entity): left as is.
            self.task = None;
            return self.pass(ev);
        }
        let keep_from = (marker.end + 1).saturating_sub(r.start).min(t.len());
        let rest = t.get(keep_from..).unwrap_or("").trim_start_matches([' ', '\t']).to_string();
        if r.end < marker.end + 1 {
            return None;
        }
        self.task = None;
        self.emit(Ev::done(self.own.event("<input type=\"checkbox\" disabled checked> ".into())), out);
        if !rest.is_empty() {
            self.emit(Ev { event: Event::Text(CowStr::from(rest)), ..ev }.into_done(), out);
        }
        None
    }

    /// Puts `ev` out, or holds it while a block is held.
    fn emit(&mut self, ev: Ev<'a>, out: &mut Out<'a>) {
        if let Some(ev) = self.pass(ev) {
            out.push_back(ev);
        }
    }
}

/// Whether a paragraph's source is one display formula (`$$…$$`, or the
/// fence `markdown/prepare` makes of one), which takes an id on a
/// line of its own after it, as a structure does: the place Obsidian's
/// "Copy block link" writes one for a formula.
pub(in crate::markdown) fn display_math_alone(source: &str) -> bool {
    let s = source.trim();
    let fenced = s.trim_start_matches(['`', '~']);
    (s.len() >= 4 && s.starts_with("$$") && s.ends_with("$$"))
        || (s.len() - fenced.len() >= 3 && fenced.starts_with("$$"))
}

/// The attributes of a task item with status `c`.
fn task_attrs(c: char) -> String {
    format!(" class=\"task-list-item\" data-task=\"{}\"", escape_attr(&c.to_string()))
}

/// Cuts the block id `want` (` ^id`) from the end of the block just
/// written, if its last text ends with it.
fn block_id_of(events: &mut Vec<Ev<'_>>, want: &str) -> Option<String> {
    let Some(Event::Text(t)) = events.last().map(|e| &e.event) else { return None };
    let (cut, id) = obsidian::block_id(t)?;
    if !id.eq_ignore_ascii_case(want) {
        return None;
    }
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

/// For a list item whose own text ends with ` ^id` before its nested
/// list, cuts the `^id` from that text.
fn cut_before_list(events: &mut [Ev<'_>], want: &str) {
    let Some(list) = events.iter().position(|e| matches!(e.event, Event::Start(Tag::List(_)))) else { return };
    let Some(Event::Text(t)) = list.checked_sub(1).map(|i| &events[i].event) else { return };
    let Some((cut, id)) = obsidian::block_id(t) else { return };
    if id.eq_ignore_ascii_case(want) {
        let kept = t[..cut].to_string();
        events[list - 1] = Ev::done(Event::Text(CowStr::from(kept)));
    }
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
