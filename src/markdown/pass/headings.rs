//! Headings: each gets the id `scan` gave it (so the body is not parsed
//! again for them) and an anchor link, and those of level 2 and 3 go into
//! the table of contents. An embedded body's headings get neither. Only a
//! heading's classes are kept from `{…}` after it: any other attribute
//! (`onclick=…`) is dropped.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Ev, Out, Pass};
use crate::markdown::html::TocEntry;
use crate::markdown::{escape_attr, Heading};

/// The headings pass.
pub(in crate::markdown) struct Headings<'i, 'o> {
    /// The body's headings as `scan` found them, in order.
    headings: std::slice::Iter<'i, Heading>,
    /// Rendered inside another page: no ids.
    embedded: bool,
    toc: &'o mut Vec<TocEntry>,
    /// The id of the last heading started.
    id: Option<CowStr<'static>>,
}

impl<'i, 'o> Headings<'i, 'o> {
    /// Headings given the ids of `headings`; the table of contents goes
    /// into `toc`.
    pub(in crate::markdown) fn new(headings: &'i [Heading], embedded: bool, toc: &'o mut Vec<TocEntry>) -> Self {
        Headings { headings: headings.iter(), embedded, toc, id: None }
    }
}

impl<'a> Pass<'a> for Headings<'_, '_> {
    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if !ev.raw {
            return Some(ev);
        }
        match ev.event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let h = self.headings.next().filter(|_| !self.embedded);
                self.id = h.map(|h| CowStr::from(h.id.clone()));
                if let Some(h) = h.filter(|h| (2..=3).contains(&h.level)) {
                    self.toc.push(TocEntry { level: h.level, id: h.id.clone(), text: h.text.clone() });
                }
                Some(Ev::done(Event::Start(Tag::Heading { level, id: self.id.clone(), classes, attrs: Vec::new() })))
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
