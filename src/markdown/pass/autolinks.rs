//! Bare web addresses in text (`https://example.com/a_b`, `www.example.org`)
//! as links, as GitHub (its autolink extension) and Obsidian show them:
//! outside links, code and math, where a word starts; `www.` addresses
//! lead to `http://`. Where an address ends (trailing punctuation left
//! out, brackets balanced) is the linkify crate's reading.
//!
//! pulldown-cmark hands text over in pieces (at a `_` or `*` that opens
//! nothing, say), so the pass holds a run of text events and reads them
//! as one; a run with no address goes on as it came.

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event};

use super::{Ev, Out, Own, Pass};
use crate::markdown::escape_attr;

/// The autolinks pass.
pub(in crate::markdown) struct Autolinks<'o, 'a> {
    own: &'o Own,
    /// The body has `://` or `www.` ([`Pass::on`]).
    on: bool,
    /// The run of text read so far.
    run: Vec<Ev<'a>>,
    /// Inside the author's own `<a>`.
    in_anchor: bool,
    /// Made at the first run of text holding an address.
    finder: Option<LinkFinder>,
}

impl<'o, 'a> Autolinks<'o, 'a> {
    /// Addresses of `text` (the parsed text), their markup through `own`.
    pub(in crate::markdown) fn new(text: &str, own: &'o Own) -> Self {
        let bytes = text.as_bytes();
        let on = memchr::memmem::find(bytes, b"://").is_some() || memchr::memmem::find(bytes, b"www.").is_some();
        Autolinks { own, on, run: Vec::new(), in_anchor: false, finder: None }
    }

    /// Puts out the run of text, its addresses as links.
    fn flush(&mut self, out: &mut Out<'a>) {
        // An address's `://` or `www.` lies within one piece (the parser
        // cuts text at `_`, `*` and brackets, not there): a run without
        // one goes on untouched, with nothing copied.
        let marked = |ev: &Ev<'_>| {
            let t = text_of(&ev.event).as_bytes();
            memchr::memmem::find(t, b"://").is_some() || memchr::memmem::find(t, b"www.").is_some()
        };
        if !self.run.iter().any(marked) {
            out.extend(self.run.drain(..));
            return;
        }
        let text: String = self.run.iter().map(|ev| text_of(&ev.event)).collect();
        let finder = self.finder.get_or_insert_with(|| {
            let mut finder = LinkFinder::new();
            finder.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
            finder
        });
        let found: Vec<(usize, usize, String)> = finder
            .links(&text)
            .filter_map(|link| Some((link.start(), link.end(), href(link.as_str())?)))
            .filter(|(start, ..)| starts_word(&text, *start))
            .collect();
        if found.is_empty() {
            out.extend(self.run.drain(..));
            return;
        }
        // The run's place in the source, when its pieces are as written, one after another.
        let first = &self.run[0];
        let (word, start) = (first.word, first.range.start);
        let verbatim = self.run.windows(2).all(|w| w[0].range.end == w[1].range.start)
            && self.run.iter().all(|ev| text_of(&ev.event).len() == ev.range.len());
        self.run.clear();
        let piece = |from: usize, to: usize, word: bool| Ev {
            range: if verbatim { start + from..start + to } else { 0..0 },
            word,
            ..Ev::raw(Event::Text(CowStr::from(text[from..to].to_string())), 0..0)
        };
        let mut last = 0;
        for (from, to, href) in found {
            if from > last {
                out.push_back(piece(last, from, last == 0 && word));
            }
            out.push_back(Ev::done(self.own.event(format!("<a href=\"{}\">", escape_attr(&href)))));
            out.push_back(Ev::done(Event::Text(CowStr::from(text[from..to].to_string()))));
            out.push_back(Ev::done(self.own.event("</a>".to_string())));
            last = to;
        }
        if last < text.len() {
            out.push_back(piece(last, text.len(), false));
        }
    }
}

/// The text of a text event.
fn text_of<'e>(event: &'e Event<'_>) -> &'e str {
    match event {
        Event::Text(t) => t,
        _ => "",
    }
}

/// The address an address found links to: `http`, `https` and `ftp` ones
/// as written, `www.` ones over `http://`; no other kind is linked.
fn href(found: &str) -> Option<String> {
    let lower = found.get(..8).unwrap_or(found).to_ascii_lowercase();
    if let Some(scheme) = ["http://", "https://", "ftp://"].iter().find(|s| lower.starts_with(**s)) {
        return (found.len() > scheme.len()).then(|| found.to_string());
    }
    (lower.starts_with("www.") && found.len() > 4).then(|| format!("http://{found}"))
}

/// Whether an address at `at` starts a word: at the start of the run, or
/// after a space or one of `*_~(` (GitHub's rule).
fn starts_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| c.is_whitespace() || "*_~(\"'".contains(c))
}

impl<'a> Pass<'a> for Autolinks<'_, 'a> {
    fn on(&self) -> bool {
        self.on
    }

    fn feed(&mut self, ev: Ev<'a>, out: &mut Out<'a>) -> Option<Ev<'a>> {
        match &ev.event {
            Event::Text(_) if ev.raw && !ev.in_link && !self.in_anchor => {
                self.run.push(ev);
                None
            }
            Event::InlineHtml(h) | Event::Html(h) if ev.raw => {
                let tag = h.trim_start().as_bytes();
                let name = |at: usize| tag.get(at).is_some_and(|b| b.eq_ignore_ascii_case(&b'a'));
                let ends = |at: usize| tag.get(at).is_none_or(|b| b.is_ascii_whitespace() || *b == b'>');
                if tag.first() == Some(&b'<') && name(1) && ends(2) {
                    self.in_anchor = true;
                } else if tag.starts_with(b"</") && name(2) && ends(3) {
                    self.in_anchor = false;
                }
                self.flush(out);
                Some(ev)
            }
            _ => {
                self.flush(out);
                Some(ev)
            }
        }
    }

    fn finish(&mut self, out: &mut Out<'a>) {
        self.flush(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linked(texts: &[&str]) -> Vec<String> {
        let own = Own::new(false);
        let body = texts.concat();
        let mut at = 0;
        let events: Vec<Ev<'_>> = texts
            .iter()
            .map(|t| {
                at += t.len();
                Ev::raw(Event::Text(CowStr::from(t.to_string())), at - t.len()..at)
            })
            .collect();
        Autolinks::new(&body, &own)
            .run(events.into_iter())
            .map(|ev| match ev.event {
                Event::Text(t) if ev.raw => format!("raw:{t}"),
                Event::Text(t) => format!("text:{t}"),
                Event::Html(h) => h.to_string(),
                e => format!("{e:?}"),
            })
            .collect()
    }

    #[test]
    fn bare_addresses_are_links_with_trailing_punctuation_left_out() {
        assert_eq!(
            linked(&["See https://example.com/a_b_(c). And www.example.org, too"]),
            [
                "raw:See ",
                "<a href=\"https://example.com/a_b_(c)\">",
                "text:https://example.com/a_b_(c)",
                "</a>",
                "raw:. And ",
                "<a href=\"http://www.example.org\">",
                "text:www.example.org",
                "</a>",
                "raw:, too",
            ]
        );
    }

    #[test]
    fn an_address_split_over_text_events_is_read_whole() {
        let got = linked(&["go to https://x.org/a", "_", "b now"]);
        assert_eq!(got[1], "<a href=\"https://x.org/a_b\">", "{got:?}");
        assert_eq!(got.last().map(String::as_str), Some("raw: now"));
    }

    #[test]
    fn only_web_addresses_at_a_word_start_are_linked() {
        for text in ["no link here", "javascript://x", "mailto:a@b.org", "xhttps://a.org", "file://etc/passwd", "www."]
        {
            assert_eq!(linked(&[text]), [format!("raw:{text}")], "{text}");
        }
        assert_eq!(linked(&["(https://a.org)"])[1], "<a href=\"https://a.org\">");
    }
}
