//! Callouts (`> [!type]± Title`): a blockquote whose first line starts with
//! a marker becomes a `<div>` (or, when foldable, a `<details>`) with a
//! title and a content `<div>`.
//!
//! The marker is cut from the events before any later pass sees them, so
//! this pass is also where events are let through to the rest; it notes on
//! each event let through whether text there starts a word (for tags). A
//! body without a `>` has no blockquote, so when the tags pass is off too
//! this pass has nothing to do and is skipped.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Claims, Ev, Out, Own, Pass};
use crate::markdown::obsidian;
use crate::markdown::{escape_attr, starts_word};

/// The title of a callout whose first line is being read.
struct Title {
    /// End of the `[!type]±` marker and the spaces after it.
    marker_end: usize,
    /// End of the first line.
    line_end: usize,
    kind: String,
    fold: bool,
    /// Whether the title has any content of its own.
    any: bool,
    /// Where a block id ending the title (` ^id`, which names the callout)
    /// starts: the title ends there.
    id_at: Option<usize>,
}

/// An open blockquote.
#[derive(Clone, Copy)]
enum Quote {
    /// A blockquote the writer opened.
    Plain,
    /// A blockquote with a block id, opened as markup of ours.
    WithId,
    /// A callout, foldable or not.
    Callout(bool),
}

/// The callouts pass.
pub(in crate::markdown) struct Callouts<'a, 'o> {
    text: &'a str,
    own: &'o Own,
    claims: &'o Claims,
    /// Rendered inside another page: a structure's block id is not written.
    embedded: bool,
    /// Open blockquotes, innermost last: `Some(foldable)` for a callout.
    quotes: Vec<Quote>,
    title: Option<Title>,
    /// Whether text after the last event let through starts a word.
    word: bool,
    /// Whether the pass runs: the body may have a blockquote, or the tags
    /// pass needs to know where words start ([`Pass::on`]).
    on: bool,
    /// The last line whose end was looked for: `from..end` holds no line
    /// break, and `end` is one or the end of the text. Quotes nested on one
    /// line share it, so a line is read once, not once a level.
    line: Range<usize>,
}

impl<'a, 'o> Callouts<'a, 'o> {
    /// Callouts of `text` (the parsed text), their markup through `own`,
    /// block ids after them claimed in `claims` (and not written when
    /// `embedded`); `words` when the tags pass reads where words start.
    pub(in crate::markdown) fn new(
        text: &'a str,
        own: &'o Own,
        claims: &'o Claims,
        embedded: bool,
        words: bool,
    ) -> Self {
        let on = words || memchr::memchr(b'>', text.as_bytes()).is_some();
        Callouts { text, own, claims, embedded, quotes: Vec::new(), title: None, word: true, on, line: 0..0 }
    }

    /// The end of the line holding byte `at` (its `\n`, or the end of the
    /// text). Reads each line once when asked in increasing order.
    fn line_end(&mut self, at: usize) -> usize {
        if !(self.line.start <= at && at <= self.line.end && self.line.end > 0) {
            let end = memchr::memchr(b'\n', &self.text.as_bytes()[at..]).map_or(self.text.len(), |i| at + i);
            self.line = at..end;
        }
        self.line.end
    }

    /// Reads an event of the title's line. Returns the event when it goes
    /// on to the other passes.
    fn title_event(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        let Some(t) = &mut self.title else { return Some(ev) };
        let range = &ev.range;
        let ends = matches!(ev.event, Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph))
            || range.start >= t.line_end;
        if let (false, Some(cut)) = (ends, t.id_at) {
            if range.start >= cut {
                return None;
            }
            if let Event::Text(s) = &ev.event {
                if range.end > cut && s.len() == range.len() {
                    let from = t.marker_end.saturating_sub(range.start).min(cut - range.start);
                    let kept = s.get(from..cut - range.start).unwrap_or("").to_string();
                    t.any |= !kept.trim().is_empty();
                    out.push_back(Ev::done(Event::Text(CowStr::from(kept))));
                    return None;
                }
            }
        }
        if !ends {
            match &ev.event {
                // The title's paragraph is the title.
                Event::Start(Tag::Paragraph) => return None,
                Event::Text(s) if range.start < t.marker_end => {
                    let cut = if s.len() == range.len() && range.end > t.marker_end {
                        s.get(t.marker_end - range.start..).unwrap_or("")
                    } else {
                        ""
                    };
                    if !cut.trim().is_empty() {
                        t.any = true;
                        out.push_back(Ev::done(Event::Text(CowStr::from(cut.to_string()))));
                    }
                    return None;
                }
                _ if range.start < t.marker_end => return None,
                // The title's own content: rendered like any other.
                _ => t.any = true,
            }
            return Some(ev);
        }
        if !t.any {
            out.push_back(Ev::done(Event::Text(CowStr::from(obsidian::default_title(&t.kind)))));
        }
        let close = if t.fold { "</span></summary>" } else { "</span></p>" };
        out.push_back(Ev::done(self.own.event(format!("{close}\n<div class=\"callout-content\">\n"))));
        self.title = None;
        match ev.event {
            // The rest of the first paragraph is a paragraph of the content,
            // left raw so that it counts as a block (for ids and embeds).
            Event::SoftBreak | Event::HardBreak => {
                let rest = ev.range.start..self.text.len();
                out.push_back(Ev { word: self.word, ..Ev::raw(Event::Start(Tag::Paragraph), rest) });
                None
            }
            Event::End(TagEnd::Paragraph) => None,
            _ => Some(ev),
        }
    }

    /// A blockquote's start: a callout's opening markup, or the quote.
    fn open(&mut self, ev: Ev<'a>) -> Ev<'a> {
        let Event::Start(Tag::BlockQuote(kind)) = ev.event else { return ev };
        let range = ev.range;
        // The quote's first line, as `lines()` gives it (a `\r` before the
        // line break cut).
        let end = self.line_end(range.start);
        let first_line = match &self.text[range.start..end.min(range.end)] {
            line if end < range.end => line.strip_suffix('\r').unwrap_or(line),
            line => line,
        };
        let after = first_line.trim_start().strip_prefix('>').unwrap_or("").trim_start();
        let at = range.start + (first_line.len() - after.len());
        let marker = obsidian::callout_marker(after);
        // An id ending a first paragraph of one line (`> [!info] Title ^id`)
        // names the callout, as does one on a line of its own after it. Only
        // a callout's line is read to its end (one a line: the innermost).
        let title_id = marker.as_ref().and_then(|_| {
            let next_line = self.text[(range.start + first_line.len()).min(range.end)..range.end]
                .strip_prefix('\n')
                .and_then(|rest| rest.split('\n').next());
            let one_line = next_line.is_none_or(|l| l.trim_start_matches([' ', '>']).trim().is_empty());
            obsidian::block_id(first_line).filter(|_| one_line)
        });
        let claimed = self.claims.claim(self.text, &range);
        let id = claimed.or(title_id.map(|(_, id)| id)).filter(|_| !self.embedded);
        let id_attr = id.map(|id| format!(" id=\"{}\"", escape_attr(&obsidian::block_anchor(id)))).unwrap_or_default();
        let Some(m) = marker else {
            if id.is_some() {
                self.quotes.push(Quote::WithId);
                return Ev::done(self.own.event(format!("<blockquote{id_attr}>\n")));
            }
            self.quotes.push(Quote::Plain);
            return Ev::done(Event::Start(Tag::BlockQuote(kind)));
        };
        let style = obsidian::callout_style(&m.kind);
        let kind = escape_attr(&m.kind);
        let meta =
            m.meta.as_deref().map(|m| format!(" data-callout-metadata=\"{}\"", escape_attr(m))).unwrap_or_default();
        let head = "<span class=\"callout-icon\" aria-hidden=\"true\"></span><span class=\"callout-title-text\">";
        let open = match m.fold {
            Some(open) => format!(
                "<details{id_attr} class=\"callout callout-{style}\" data-callout=\"{kind}\"{meta}{}>\n<summary class=\"callout-title\">{head}",
                if open { " open" } else { "" }
            ),
            None => format!(
                "<div{id_attr} class=\"callout callout-{style}\" data-callout=\"{kind}\"{meta} role=\"note\">\n<p class=\"callout-title\">{head}"
            ),
        };
        self.title = Some(Title {
            marker_end: at + m.len,
            line_end: range.start + first_line.len(),
            kind: m.kind,
            fold: m.fold.is_some(),
            any: false,
            id_at: title_id.map(|(cut, _)| range.start + cut),
        });
        self.quotes.push(Quote::Callout(m.fold.is_some()));
        Ev::done(self.own.event(open))
    }
}

impl<'a> Pass<'a> for Callouts<'a, '_> {
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        let next_word = starts_word(&ev.event);
        let mut ev = self.title_event(ev, out)?;
        ev.word = self.word;
        self.word = next_word;
        match &ev.event {
            Event::Start(Tag::BlockQuote(_)) => Some(self.open(ev)),
            Event::End(TagEnd::BlockQuote(kind)) => Some(match self.quotes.pop().unwrap_or(Quote::Plain) {
                Quote::Callout(fold) => {
                    Ev::done(self.own.event(if fold { "</div>\n</details>\n" } else { "</div>\n</div>\n" }.to_string()))
                }
                Quote::WithId => Ev::done(self.own.event("</blockquote>\n".to_string())),
                Quote::Plain => Ev::done(Event::End(TagEnd::BlockQuote(*kind))),
            }),
            _ => Some(ev),
        }
    }
}
