//! Inline `#tags` as links to their page under the tags index (outside
//! links and code, where a word starts).

use pulldown_cmark::{CowStr, Event};

use super::{Ev, Out, Own, Pass};
use crate::markdown::obsidian;
use crate::markdown::{escape_attr, escape_text};

/// The tags pass.
pub(in crate::markdown) struct Tags<'i, 'o> {
    /// The URL of the tags index; tags are left as text when empty.
    base: &'i str,
    /// Percent-encodes a site path.
    encode_path: fn(&str) -> String,
    own: &'o Own,
    /// Whether to look at all (the body has a tag-like `#`; [`Pass::on`]).
    on: bool,
}

impl<'i, 'o> Tags<'i, 'o> {
    /// Tags of `text` linked under `base`, their paths encoded by
    /// `encode_path`.
    pub(in crate::markdown) fn new(text: &str, base: &'i str, encode_path: fn(&str) -> String, own: &'o Own) -> Self {
        // Looked for once per body rather than text by text: most have none.
        let on = !base.is_empty() && obsidian::may_have_tags(text);
        Tags { base, encode_path, own, on }
    }
}

impl<'a> Pass<'a> for Tags<'_, '_> {
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        let Event::Text(t) = &ev.event else { return Some(ev) };
        if !(ev.raw && !ev.in_link && t.contains('#')) {
            return Some(ev);
        }
        // The pieces of text keep their place in the source when the text is
        // as written (a task's status is cut by its place).
        let verbatim = t.len() == ev.range.len();
        let piece = |from: usize, to: usize| {
            let range = if verbatim { ev.range.start + from..ev.range.start + to } else { 0..0 };
            Ev { range, ..Ev::done(Event::Text(CowStr::from(t[from..to].to_string()))) }
        };
        let mut last = 0;
        for (range, tag) in obsidian::find_tags(t, ev.word) {
            if range.start > last {
                out.push_back(piece(last, range.start));
            }
            let href = format!("{}{}", self.base, (self.encode_path)(&obsidian::tag_path(tag)));
            let a = format!("<a class=\"tag\" href=\"{}\">#{}</a>", escape_attr(&href), escape_text(tag));
            out.push_back(Ev::done(self.own.event(a)));
            last = range.end;
        }
        if last < t.len() {
            out.push_back(piece(last, t.len()));
        }
        None
    }
}
