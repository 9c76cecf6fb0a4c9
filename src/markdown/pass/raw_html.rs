//! The author's raw HTML under the `markdown.raw_html` policy: escaped as
//! text (`escape`), or kept (`allow`, and `sanitize`, where it is noted for
//! the sanitiser along with how deep it nests).

use pulldown_cmark::Event;

use super::{Ev, Out, Pass};
use crate::config::RawHtml as Policy;
use crate::markdown::HtmlDepth;

/// What the raw-HTML pass saw.
#[derive(Debug, Default)]
pub(in crate::markdown) struct Seen {
    /// The body has raw HTML (kept, so to be sanitised).
    pub(in crate::markdown) any: bool,
    /// How deep it nests.
    pub(in crate::markdown) depth: HtmlDepth,
}

/// The raw-HTML pass.
pub(in crate::markdown) struct RawHtml<'s> {
    /// The body has a `<`, which all raw HTML starts with.
    on: bool,
    policy: Policy,
    seen: &'s mut Seen,
}

impl<'s> RawHtml<'s> {
    /// Raw HTML of `text` under `policy`, noted in `seen`.
    pub(in crate::markdown) fn new(text: &str, policy: Policy, seen: &'s mut Seen) -> Self {
        RawHtml { on: memchr::memchr(b'<', text.as_bytes()).is_some(), policy, seen }
    }
}

impl<'a> Pass<'a> for RawHtml<'_> {
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, _out: &mut Out<'a>) -> Option<Ev<'a>> {
        if !ev.raw {
            return Some(ev);
        }
        match ev.event {
            Event::Html(h) | Event::InlineHtml(h) if self.policy == Policy::Escape => Some(Ev::done(Event::Text(h))),
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                self.seen.any = true;
                self.seen.depth.feed(h);
                Some(ev.into_done())
            }
            event => Some(Ev { event, ..ev }),
        }
    }
}
