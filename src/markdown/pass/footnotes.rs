//! Footnotes as GitHub and Obsidian show them: each reference a superscript
//! link numbered in order of first reference, and the notes at the end of
//! the page in a `<section class="footnotes">`, each with a link back to
//! every reference to it (`↩`). Obsidian's inline footnotes (`^[text]`)
//! are numbered with the others. A definition no reference uses is still
//! shown, after the others (GitHub drops it; here the text stays visible).
//! A reference to a note never defined is left as text by the parser.
//!
//! Definitions are held until the end (their events, as rendered); an
//! inline footnote is held from its `^[` to its `]`, within one block. An
//! embedded body's footnotes are left to `links::Embeds`.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Ev, Out, Own, Pass};
use crate::markdown::obsidian;

/// The footnotes pass. Runs last, over the events as rendered.
pub(in crate::markdown) struct Footnotes<'a, 'o> {
    own: &'o Own,
    /// Off in an embedded body and in one without a `^` ([`Pass::on`]).
    on: bool,
    /// Number of each referenced label, and how many references it has.
    numbers: HashMap<String, (usize, usize)>,
    /// Labels in order of number.
    order: Vec<String>,
    /// Definitions read, by label, in order written.
    defs: Vec<(String, Vec<Ev<'a>>)>,
    /// The definition being read.
    def: Option<(String, Vec<Ev<'a>>)>,
    /// An inline footnote being read: its events, and the depth of `[`.
    inline: Option<(Vec<Ev<'a>>, usize)>,
    /// Inline footnotes so far.
    inlines: usize,
    /// The last text ended with a `^` held back (the parser cuts `^[` in
    /// two texts).
    caret: bool,
}

/// Events that may sit inside an inline footnote.
fn inline_event(e: &Event<'_>) -> bool {
    match e {
        Event::Start(t) => super::inline_start(t),
        Event::End(t) => super::inline_end(t),
        Event::Text(_) | Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) | Event::SoftBreak => true,
        Event::InlineMath(_) | Event::FootnoteReference(_) => true,
        _ => false,
    }
}

impl<'a, 'o> Footnotes<'a, 'o> {
    /// Footnotes moved to the end, their markup through `own`; left where
    /// they are when `embedded`. Off for a body `text` that cannot hold one.
    pub(in crate::markdown) fn new(own: &'o Own, embedded: bool, text: &str) -> Self {
        Footnotes {
            own,
            on: !embedded && obsidian::may_have_footnotes(text),
            numbers: HashMap::new(),
            order: Vec::new(),
            defs: Vec::new(),
            def: None,
            inline: None,
            inlines: 0,
            caret: false,
        }
    }

    /// The markup of a reference to `label`.
    fn reference(&mut self, label: &str) -> Ev<'a> {
        let next = self.order.len() + 1;
        let (n, count) = self.numbers.entry(label.to_string()).or_insert((next, 0));
        *count += 1;
        let (n, count) = (*n, *count);
        if n == next {
            self.order.push(label.to_string());
        }
        let id = if count == 1 { format!("fnref-{n}") } else { format!("fnref-{n}-{count}") };
        Ev::done(self.own.event(format!(
            "<sup class=\"footnote-reference\"><a href=\"#fn-{n}\" id=\"{id}\" aria-label=\"Footnote {n}\">{n}</a></sup>"
        )))
    }

    /// Puts `ev` where it goes: into the definition or inline footnote
    /// being read, or out.
    fn put(&mut self, ev: Ev<'a>, out: &mut Out<'a>) {
        if let Some((events, _)) = &mut self.inline {
            events.push(ev);
        } else if let Some((_, events)) = &mut self.def {
            events.push(ev);
        } else {
            out.push_back(ev);
        }
    }

    /// Reads a text for inline footnotes: `^[` opens one, the `]` that
    /// balances it closes it.
    fn text(&mut self, ev: Ev<'a>, out: &mut Out<'a>) {
        let Event::Text(t) = &ev.event else { return self.put(ev, out) };
        let caret = std::mem::take(&mut self.caret);
        if self.inline.is_none() && !caret && !t.contains("^[") && !t.ends_with('^') {
            return self.put(ev, out);
        }
        let mut t = t.to_string();
        if caret {
            t.insert(0, '^');
        }
        let mut last = 0;
        let b = t.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match (&mut self.inline, b[i]) {
                (None, b'^') if b.get(i + 1) == Some(&b'[') => {
                    if i > last {
                        self.put(Ev::done(Event::Text(CowStr::from(t[last..i].to_string()))), out);
                    }
                    self.inline = Some((vec![Ev::done(Event::Text(CowStr::from("^[")))], 1));
                    i += 2;
                    last = i;
                    continue;
                }
                (Some((_, depth)), b'[') => *depth += 1,
                (Some((_, depth)), b']') => {
                    *depth -= 1;
                    if *depth == 0 {
                        if i > last {
                            let piece = Ev::done(Event::Text(CowStr::from(t[last..i].to_string())));
                            self.put(piece, out);
                        }
                        let (mut events, _) = self.inline.take().unwrap_or_default();
                        events.remove(0);
                        self.inlines += 1;
                        let label = format!("\u{0}inline-{}", self.inlines);
                        let mut body = vec![Ev::done(Event::Start(Tag::Paragraph))];
                        body.extend(events);
                        body.push(Ev::done(Event::End(TagEnd::Paragraph)));
                        self.defs.push((label.clone(), body));
                        let r = self.reference(&label);
                        self.put(r, out);
                        last = i + 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let mut end = t.len();
        if self.inline.is_none() && t[last..].ends_with('^') {
            self.caret = true;
            end -= 1;
        }
        if last < end {
            self.put(Ev::done(Event::Text(CowStr::from(t[last..end].to_string()))), out);
        }
    }

    /// Puts out a `^` held back when what follows is no `[`.
    fn caret(&mut self, out: &mut Out<'a>) {
        if std::mem::take(&mut self.caret) {
            self.put(Ev::done(Event::Text(CowStr::from("^"))), out);
        }
    }

    /// An inline footnote left open where its block ends stays text.
    fn abandon(&mut self, out: &mut Out<'a>) {
        if let Some((events, _)) = self.inline.take() {
            for e in events {
                self.put(e, out);
            }
        }
    }

    /// The section of notes, in order of number, then the unused ones.
    fn section(&mut self, out: &mut Out<'a>) {
        let mut defs: HashMap<String, Vec<Ev<'a>>> = HashMap::new();
        let mut unused = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (label, events) in self.defs.drain(..) {
            if self.numbers.contains_key(&label) {
                defs.entry(label).or_insert(events);
            } else if seen.insert(label.clone()) {
                unused.push((label, events));
            }
        }
        let used: Vec<(String, Vec<Ev<'a>>)> =
            self.order.iter().filter_map(|l| defs.remove(l).map(|e| (l.clone(), e))).collect();
        if used.is_empty() && unused.is_empty() {
            return;
        }
        let own = self.own;
        out.push_back(Ev::done(own.event("<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n".into())));
        for (k, (label, mut events)) in used.into_iter().chain(unused).enumerate() {
            let (n, count) = self.numbers.get(&label).copied().unwrap_or((k + 1, 0));
            let backs: String = (1..=count)
                .map(|c| {
                    let (id, name) = if c == 1 {
                        (format!("fnref-{n}"), format!("{n}"))
                    } else {
                        (format!("fnref-{n}-{c}"), format!("{n} ({c})"))
                    };
                    format!(
                        " <a href=\"#{id}\" class=\"footnote-backref\" aria-label=\"Back to reference {name}\">↩</a>"
                    )
                })
                .collect();
            out.push_back(Ev::done(own.event(format!("<li id=\"fn-{n}\">\n"))));
            let back = Ev::done(own.event(backs));
            match events.last().map(|e| &e.event) {
                Some(Event::End(TagEnd::Paragraph)) => {
                    let end = events.pop();
                    events.push(back);
                    events.extend(end);
                }
                _ => events.push(back),
            }
            out.extend(events);
            out.push_back(Ev::done(own.event("</li>\n".into())));
        }
        out.push_back(Ev::done(own.event("</ol>\n</section>\n".into())));
    }
}

impl<'a> Pass<'a> for Footnotes<'a, '_> {
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        if !matches!(ev.event, Event::Text(_)) {
            self.caret(out);
        }
        if self.inline.is_some() && !inline_event(&ev.event) {
            self.abandon(out);
        }
        match &ev.event {
            Event::FootnoteReference(label) => {
                let r = self.reference(label);
                self.put(r, out);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.def = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(def) = self.def.take() {
                    self.defs.push(def);
                }
            }
            Event::Text(_) => self.text(ev, out),
            _ => self.put(ev, out),
        }
        None
    }

    fn finish(&mut self, out: &mut Out<'a>) {
        self.caret(out);
        self.abandon(out);
        if let Some(def) = self.def.take() {
            self.defs.push(def);
        }
        self.section(out);
    }
}
