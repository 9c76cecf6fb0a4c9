//! The author's raw HTML under the `markdown.raw_html` policy: escaped as
//! text (`escape`), or kept (`allow`, and `sanitize`, where it is noted for
//! the sanitiser along with how deep it nests). A `<script>` or `<style>`
//! (or `<textarea>`, `<title>`) left open at the end of its HTML block is
//! closed there, or a browser, and the sanitiser, would read the rest of
//! the page (the footnotes, the theme's footer) as its text.

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::{Ev, Out, Pass};
use crate::config::RawHtml as Policy;
use crate::markdown::html_urls::HtmlUrls;
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
    /// Where the HTML block being read is.
    html: HtmlUrls,
}

impl<'s> RawHtml<'s> {
    /// Raw HTML of `text` under `policy`, noted in `seen`.
    pub(in crate::markdown) fn new(text: &str, policy: Policy, seen: &'s mut Seen) -> Self {
        RawHtml { on: memchr::memchr(b'<', text.as_bytes()).is_some(), policy, seen, html: HtmlUrls::default() }
    }
}

impl<'a> Pass<'a> for RawHtml<'_> {
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if !ev.raw {
            return Some(ev);
        }
        match ev.event {
            Event::Html(h) | Event::InlineHtml(h) if self.policy == Policy::Escape => Some(Ev::done(Event::Text(h))),
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                self.seen.any = true;
                self.seen.depth.feed(h);
                if matches!(ev.event, Event::InlineHtml(_)) {
                    self.html.reset();
                }
                self.html.feed(h, &mut Vec::new());
                Some(ev.into_done())
            }
            Event::End(TagEnd::HtmlBlock) if self.policy != Policy::Escape => {
                if let Some(open) = self.html.open_raw_text() {
                    out.push_back(Ev::done(Event::Html(CowStr::from(format!("</{open}>\n")))));
                }
                self.html.reset();
                Some(ev.into_done())
            }
            event => Some(Ev { event, ..ev }),
        }
    }
}
