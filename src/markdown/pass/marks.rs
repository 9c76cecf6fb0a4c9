//! `==text==` as `<mark>`, within one block: an opening `==` is followed by
//! a non-space, a closing one preceded by one; an opening `==` left
//! unclosed at the end of its block stays text. Runs last, over the events
//! as rendered, holding back only what follows an opening `==`.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Ev, Out, Own, Pass};
use crate::markdown::prepare;

/// The marks pass.
pub(in crate::markdown) struct Marks<'o, 'a> {
    own: &'o Own,
    /// Whether to look at all (the body has a `==`; [`Pass::on`]).
    on: bool,
    /// From an opening `==` (first) on, while it is not closed.
    held: Vec<Ev<'a>>,
}

impl<'o, 'a> Marks<'o, 'a> {
    /// Marks of `text` (the parsed text), their markup through `own`.
    pub(in crate::markdown) fn new(text: &str, own: &'o Own) -> Self {
        Marks { own, on: prepare::has_pair(text, b'='), held: Vec::new() }
    }

    fn push(&mut self, ev: Ev<'a>, out: &mut Out<'a>) {
        if self.held.is_empty() {
            out.push_back(ev);
        } else {
            self.held.push(ev);
        }
    }

    /// Puts out what was held; an opening `==` still open stays text.
    fn flush(&mut self, out: &mut Out<'a>, unclosed: bool) {
        if unclosed {
            if let Some(first) = self.held.first_mut() {
                *first = Ev::done(Event::Text(CowStr::from("==")));
            }
        }
        out.extend(self.held.drain(..));
    }

    fn text(&mut self, t: &str, out: &mut Out<'a>) {
        let mut rest = t;
        while let Some(i) = rest.find("==") {
            let (before, after) = (&rest[..i], &rest[i + 2..]);
            let open = !self.held.is_empty();
            let closes = open && !before.ends_with(char::is_whitespace);
            let opens = !open && (after.is_empty() || after.starts_with(|c: char| !c.is_whitespace() && c != '='));
            if !before.is_empty() {
                self.push(Ev::done(Event::Text(CowStr::from(before.to_string()))), out);
            }
            if closes {
                self.held.push(Ev::done(self.own.event("</mark>".into())));
                self.flush(out, false);
            } else if opens {
                self.held.push(Ev::done(self.own.event("<mark>".into())));
            } else {
                self.push(Ev::done(Event::Text(CowStr::from("=="))), out);
            }
            rest = after;
        }
        if !rest.is_empty() {
            self.push(Ev::done(Event::Text(CowStr::from(rest.to_string()))), out);
        }
    }
}

impl<'a> Pass<'a> for Marks<'_, 'a> {
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        match &ev.event {
            Event::Text(t) if t.contains("==") => {
                self.text(t, out);
                None
            }
            e if is_block(e) => {
                self.flush(out, true);
                Some(ev)
            }
            _ if self.held.is_empty() => Some(ev),
            _ => {
                self.held.push(ev);
                None
            }
        }
    }

    fn finish(&mut self, out: &mut Out<'a>) {
        self.flush(out, true);
    }
}

/// Whether an event starts or ends a block a mark cannot cross.
fn is_block(e: &Event<'_>) -> bool {
    match e {
        Event::Start(t) => {
            matches!(t, Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::BlockQuote(_))
        }
        Event::End(t) => {
            matches!(
                t,
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)
            )
        }
        _ => false,
    }
}
