//! Headings: each gets the id `scan` gave it (so the body is not parsed
//! again for them) and an anchor link, and those of level 2 and 3 go into
//! the table of contents. An embedded body's headings get neither. Only a
//! heading's classes are kept from `{…}` after it: any other attribute
//! (`onclick=…`) is dropped.
//!
//! A page whose title is its body's first heading (a note without a
//! `title:`) shows it above the body, so that heading is left out here.
//!
//! A heading the scan found a block id on (`## Results ^q3`) also holds an
//! empty anchor for the block, and the ` ^q3` is cut from its last text,
//! which is held back until the heading's next event shows it is the last.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Ev, Out, Pass};
use crate::markdown::html::TocEntry;
use crate::markdown::{escape_attr, obsidian, Heading};

/// The headings pass.
pub(in crate::markdown) struct Headings<'a, 'i, 'o> {
    /// The body's headings as `scan` found them, in order.
    headings: std::slice::Iter<'i, Heading>,
    /// Rendered inside another page: no ids.
    embedded: bool,
    toc: &'o mut Vec<TocEntry>,
    /// The id of the last heading started.
    id: Option<CowStr<'static>>,
    /// The block id of the heading being read, if it has one.
    block: Option<&'i str>,
    /// That heading's last text so far, held back.
    last: Option<Ev<'a>>,
    /// The first heading is the page's title, shown above the body: it is
    /// left out (set until it is seen).
    title: bool,
    /// Inside the title heading: its events are dropped.
    dropping: bool,
}

impl<'a, 'i, 'o> Headings<'a, 'i, 'o> {
    /// Headings given the ids of `headings`; the table of contents goes
    /// into `toc`.
    pub(in crate::markdown) fn new(
        headings: &'i [Heading],
        embedded: bool,
        title: bool,
        toc: &'o mut Vec<TocEntry>,
    ) -> Self {
        Headings { headings: headings.iter(), embedded, toc, id: None, block: None, last: None, title, dropping: false }
    }
}

impl<'a> Pass<'a> for Headings<'a, '_, '_> {
    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if self.dropping {
            self.dropping = !(ev.raw && matches!(ev.event, Event::End(TagEnd::Heading(_))));
            return None;
        }
        if self.title && ev.raw && matches!(ev.event, Event::Start(Tag::Heading { .. })) {
            self.title = false;
            self.headings.next();
            self.dropping = true;
            return None;
        }
        if let Some(block) = self.block {
            return self.in_block_heading(block, ev, out);
        }
        if !ev.raw {
            return Some(ev);
        }
        match ev.event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let next = self.headings.next();
                self.block = next.and_then(|h| h.block_id.as_deref());
                let h = next.filter(|_| !self.embedded);
                self.id = h.map(|h| CowStr::from(h.id.clone()));
                if let Some(h) = h.filter(|h| (2..=3).contains(&h.level)) {
                    self.toc.push(TocEntry { level: h.level, id: h.id.clone(), text: h.text.clone() });
                }
                let start =
                    Ev::done(Event::Start(Tag::Heading { level, id: self.id.clone(), classes, attrs: Vec::new() }));
                match self.block.filter(|_| !self.embedded) {
                    Some(block) => {
                        out.push_back(start);
                        let anchor = escape_attr(&obsidian::block_anchor(block));
                        Some(Ev::done(Event::InlineHtml(CowStr::from(format!("<span id=\"{anchor}\"></span>")))))
                    }
                    None => Some(start),
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(id) = &self.id {
                    let anchor = format!(
                        "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>",
                        id = escape_attr(id)
                    );
                    out.push_back(Ev::done(Event::InlineHtml(CowStr::from(anchor))));
                }
                Some(Ev::done(Event::End(TagEnd::Heading(level))))
            }
            event => Some(Ev { event, ..ev }),
        }
    }
}

impl<'a> Headings<'a, '_, '_> {
    /// An event inside a heading with a block id: its last text is held
    /// back until the heading's end, where the id is cut from it.
    fn in_block_heading(&mut self, block: &str, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        let is_text = ev.raw && matches!(ev.event, Event::Text(_));
        let end = ev.raw && matches!(ev.event, Event::End(TagEnd::Heading(_)));
        let last = self.last.take();
        if is_text {
            self.last = Some(ev);
            return last;
        }
        if !end {
            if let Some(last) = last {
                out.push_back(last);
            }
            return Some(ev);
        }
        self.block = None;
        if let Some(mut last) = last {
            if let Event::Text(t) = &last.event {
                if let Some((cut, _)) = obsidian::block_id(t).filter(|(_, id)| id.eq_ignore_ascii_case(block)) {
                    last.event = Event::Text(CowStr::from(t[..cut].to_string()));
                }
            }
            out.push_back(last);
        }
        self.feed(ev, out)
    }
}
