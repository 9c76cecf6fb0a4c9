//! One pass over a rendered page's `<main>`: its search terms, and its clean
//! text for result snippets (`search/s/`). Blocks (paragraphs, list items,
//! headings) stay apart instead of running together; the title, labels
//! (`dt`), tables, figures and side panels are indexed but left out of the
//! text, which keeps a snippet to the page's own sentences.

use super::is_stop_word;

/// Most characters of a page's text kept for snippets.
pub(super) const TEXT_CAP: usize = 800;

/// What the scan does with an element, by its name.
#[derive(Clone, Copy)]
enum Role {
    /// Skipped whole, words and all: scripts, styles, inline SVG (charts),
    /// code blocks and navigation (the table of contents repeats the
    /// headings).
    Skip,
    /// Indexed but kept out of the snippet text (the title, labels,
    /// tables, side panels, figures), and, for `dt`, a block.
    NotText { block: bool },
    /// Starts and ends a block of text.
    Block,
    /// A link: a heading's `#` link (class [`ANCHOR`]) is not the page's text.
    Link,
    /// Anything else: its text runs on.
    Inline,
}

/// The role of element `name` (lower case, as the renderer writes it).
fn role(name: &[u8]) -> Role {
    match name {
        b"script" | b"style" | b"svg" | b"pre" | b"nav" => Role::Skip,
        b"dt" => Role::NotText { block: true },
        b"h1" | b"table" | b"aside" | b"figure" | b"caption" => Role::NotText { block: false },
        b"p" | b"li" | b"dd" | b"div" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"br" | b"blockquote" | b"section"
        | b"header" | b"article" | b"ul" | b"ol" | b"dl" | b"tr" | b"td" | b"th" | b"figcaption" | b"details"
        | b"summary" => Role::Block,
        b"a" => Role::Link,
        _ => Role::Inline,
    }
}

/// A byte's part in a word: an ASCII letter or digit (`Upper` for a
/// capital), or anything else.
#[derive(Clone, Copy)]
enum Class {
    Lower,
    Upper,
    Other,
}

/// [`Class`] by byte, looked up once per byte of text.
const ASCII_CLASS: [Class; 256] = {
    let mut t = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_uppercase() {
            t[b] = Class::Upper;
        } else if c.is_ascii_alphanumeric() {
            t[b] = Class::Lower;
        }
        b += 1;
    }
    t
};

/// The class of a heading's `#` link, whose text is not the page's.
const ANCHOR: &[u8] = b"class=\"anchor\"";

/// A page's snippet text as it is read: blocks of text with their
/// whitespace collapsed, up to [`TEXT_CAP`] characters in all.
#[derive(Debug, Default)]
pub(super) struct Text {
    blocks: Vec<String>,
    current: String,
    chars: usize,
    space: bool,
    full: bool,
}

impl Text {
    fn push(&mut self, c: char) {
        if self.full {
            return;
        }
        if c.is_whitespace() {
            self.space = !self.current.is_empty();
            return;
        }
        self.push_word(c.encode_utf8(&mut [0; 4]), 1);
        if self.chars >= TEXT_CAP {
            // Cut at the last word boundary and say the text goes on.
            if let Some(at) = self.current.rfind(' ') {
                self.current.truncate(at);
            }
            self.current.push_str(" …");
            self.end_block();
            self.full = true;
        }
    }

    /// As [`Text::push`] for each character of `s`; a word (a run without
    /// whitespace) that the cap cannot fall inside goes in at once. Each
    /// piece of `s` is looked at once, so a word of megabytes costs one
    /// pass over it.
    fn push_str(&mut self, s: &str) {
        if !self.full && single_spaced_ascii(s.as_bytes()) {
            // The common piece: ASCII words apart by single spaces, which
            // go in as one word when they all fit under the cap.
            let words = s.trim_matches(' ');
            if s.starts_with(' ') {
                self.push(' ');
            }
            if self.fits(words.len()) {
                self.push_word(words, words.len());
                if s.ends_with(' ') {
                    self.push(' ');
                }
                return;
            }
        }
        let mut rest = s;
        while !self.full && !rest.is_empty() {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..end];
            let chars = if word.is_ascii() { word.len() } else { word.chars().count() };
            if end > 0 && self.fits(chars) {
                self.push_word(word, chars);
                rest = &rest[end..];
            } else {
                // A word the cap falls inside, or a run of whitespace: a
                // character at a time, to its end or until the text is full.
                let end = if end > 0 { end } else { rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len()) };
                for c in rest[..end].chars() {
                    if self.full {
                        break;
                    }
                    self.push(c);
                }
                rest = &rest[end..];
            }
        }
    }

    /// Whether a word of `chars` characters fits under the cap whole, with
    /// the space before it.
    fn fits(&self, chars: usize) -> bool {
        self.chars + usize::from(self.space) + chars < TEXT_CAP
    }

    /// Pushes a word of `chars` characters, with the pending space before
    /// it, if any (the caller sees to the cap: [`Text::fits`]).
    fn push_word(&mut self, word: &str, chars: usize) {
        if word.is_empty() {
            return;
        }
        if self.space {
            self.current.push(' ');
            self.chars += 1;
            self.space = false;
        }
        self.current.push_str(word);
        self.chars += chars;
    }

    fn end_block(&mut self) {
        self.space = false;
        if !self.current.is_empty() {
            self.blocks.push(std::mem::take(&mut self.current));
        }
    }

    /// The blocks of text.
    pub(super) fn into_blocks(mut self) -> Vec<String> {
        self.end_block();
        self.blocks
    }
}

/// Whether `b` is ASCII with no whitespace but single spaces.
fn single_spaced_ascii(b: &[u8]) -> bool {
    let mut after_space = false;
    for &c in b {
        if c >= 0x80 || (0x09..=0x0d).contains(&c) || (c == b' ' && after_space) {
            return false;
        }
        after_space = c == b' ';
    }
    true
}

/// The character an entity (`&amp;`, `&#x27;`, `&#8212;`) stands for;
/// `None` for names it does not know.
fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The name of the tag at the start of `tag` (`<p class=x>` → `p`,
/// `</li>` → `li`) and whether it closes.
fn tag_name(tag: &[u8]) -> (&[u8], bool) {
    let rest = &tag[1..];
    let (rest, closing) = match rest.strip_prefix(b"/") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let end = rest.iter().position(|c| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    (&rest[..end], closing)
}

/// Calls `f` with each term of the text of an HTML page's `<main>` element
/// (the whole page without one), as [`super::terms`] would split the text:
/// tags, entities and the elements [`Role::Skip`] names are left out. Fills `text`
/// with the snippet text when given. One pass over the bytes, allocating
/// only for words with letters beyond ASCII.
pub(super) fn scan_main<F: FnMut(&str)>(html: &str, mut f: F, mut text: Option<&mut Text>) {
    let start = memchr::memmem::find(html.as_bytes(), b"<main").unwrap_or(0);
    let end = memchr::memmem::rfind(&html.as_bytes()[start..], b"</main>").map_or(html.len(), |e| start + e);
    let src = &html[start..end];
    let bytes = src.as_bytes();
    let mut word = String::with_capacity(64);
    let (mut chars, mut ascii) = (0usize, true);
    // Ends the word being built up (one that runs into letters beyond ASCII).
    let flush = |f: &mut F, word: &mut String, chars: &mut usize, ascii: &mut bool| {
        if !*ascii {
            super::word_terms(word, f);
        } else if *chars >= 2 && !is_stop_word(word) {
            f(word);
        }
        word.clear();
        *chars = 0;
        *ascii = true;
    };
    // A word lower-cased, when it has capitals.
    let mut lower = String::with_capacity(64);
    // How deep inside elements kept out of the text (`Role::NotText`), and
    // whether inside a heading's `#` link.
    let (mut hidden, mut anchor) = (0usize, false);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let quiet = hidden > 0 || anchor;
        if b == b'<' {
            flush(&mut f, &mut word, &mut chars, &mut ascii);
            let rest = &bytes[i..];
            let close = memchr::memchr(b'>', rest).map_or(rest.len(), |g| g + 1);
            let (name, closing) = tag_name(&rest[..close]);
            let role = role(name);
            let block = match role {
                Role::Skip if !closing => {
                    let mut end_tag = Vec::with_capacity(name.len() + 3);
                    end_tag.extend_from_slice(b"</");
                    end_tag.extend_from_slice(name);
                    end_tag.push(b'>');
                    i += memchr::memmem::find(rest, &end_tag).map_or(rest.len(), |e| e + end_tag.len());
                    continue;
                }
                Role::NotText { block } => {
                    if closing {
                        hidden = hidden.saturating_sub(1);
                    } else {
                        hidden += 1;
                    }
                    block
                }
                Role::Link => {
                    anchor = !closing && memchr::memmem::find(&rest[..close], ANCHOR).is_some();
                    false
                }
                Role::Block => true,
                Role::Skip | Role::Inline => false,
            };
            if let (Some(t), true) = (text.as_deref_mut(), block) {
                t.end_block();
            }
            i += close;
        } else if b == b'&' {
            flush(&mut f, &mut word, &mut chars, &mut ascii);
            let semi = bytes[i..bytes.len().min(i + 10)].iter().position(|&c| c == b';');
            if let (Some(t), false) = (text.as_deref_mut(), quiet) {
                match semi.and_then(|j| entity(&src[i + 1..i + j])) {
                    Some(c) => t.push(c),
                    None if semi.is_none() => t.push('&'),
                    None => {}
                }
            }
            i += semi.map_or(1, |j| j + 1);
        } else if b.is_ascii() {
            // A run of ASCII text, up to the next tag, entity or other byte,
            // and its words, in one pass. A word wholly inside the run is
            // handed on as it is (lower-cased when it has capitals); one that
            // goes on into letters beyond ASCII, before or after, is built up
            // in `word`.
            let mut k = i;
            let run = loop {
                let start = k;
                let mut upper = false;
                while let Some(&c) = bytes.get(k) {
                    match ASCII_CLASS[usize::from(c)] {
                        Class::Lower => {}
                        Class::Upper => upper = true,
                        Class::Other => break,
                    }
                    k += 1;
                }
                let ends = k == bytes.len() || matches!(bytes[k], b'<' | b'&' | 0x80..);
                if chars > 0 || (ends && k < bytes.len() && !bytes[k].is_ascii()) {
                    word.extend(bytes[start..k].iter().map(|&c| char::from(c.to_ascii_lowercase())));
                    chars += k - start;
                } else if k - start >= 2 {
                    let mut w = &src[start..k];
                    if upper {
                        lower.clear();
                        lower.push_str(w);
                        lower.make_ascii_lowercase();
                        w = &lower;
                    }
                    if !is_stop_word(w) {
                        f(w);
                    }
                }
                if ends {
                    break k;
                }
                if chars > 0 {
                    flush(&mut f, &mut word, &mut chars, &mut ascii);
                }
                k += 1;
            };
            if let (Some(t), false) = (text.as_deref_mut(), quiet) {
                t.push_str(&src[i..run]);
                if t.full {
                    // Nothing more is kept: the rest is terms only.
                    text = None;
                }
            }
            i = run;
        } else {
            let c = src[i..].chars().next().unwrap_or(' ');
            if super::is_word_char(c) {
                word.push(c);
                ascii = false;
                chars += 1;
            } else {
                flush(&mut f, &mut word, &mut chars, &mut ascii);
            }
            if let (Some(t), false) = (text.as_deref_mut(), quiet) {
                t.push(c);
            }
            i += c.len_utf8();
        }
    }
    flush(&mut f, &mut word, &mut chars, &mut ascii);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> Vec<String> {
        let mut t = Text::default();
        scan_main(html, |_| {}, Some(&mut t));
        t.into_blocks()
    }

    #[test]
    fn blocks_stay_apart_and_labels_tables_and_titles_stay_out() {
        let html = "<main><header><p class=eyebrow>Company</p><h1>Microsoft Corporation</h1>\
            <p class=lede>Cloud   hyperscaler\nthat buys GPUs.</p></header>\
            <aside class=facts><dl><div><dt>Short name</dt><dd>Microsoft</dd></div><div><dt>Tickers</dt><dd>MSFT</dd></div></dl></aside>\
            <nav class=toc><a>Contents</a></nav><div class=prose><h2 id=r>Role<a class=\"anchor\" href=#r>#</a></h2>\
            <p>IREN&#x27;s <a href=/x/>contract</a> &amp; 20%&nbsp;prepaid.</p><table><tr><th>Date</th><td>2025</td></tr></table>\
            <ul><li>one</li><li>two<br>three</li></ul></div></main>";
        assert_eq!(
            text_of(html),
            [
                "Company",
                "Cloud hyperscaler that buys GPUs.",
                "Role",
                "IREN's contract & 20% prepaid.",
                "one",
                "two",
                "three"
            ]
        );
        // The words left out of the text are still search terms.
        let mut found = Vec::new();
        scan_main(html, |t| found.push(t.to_string()), None);
        for w in ["microsoft", "corporation", "short", "tickers", "msft", "date", "2025", "prepaid"] {
            assert!(found.iter().any(|t| t == w), "{w} in {found:?}");
        }
        assert!(!found.iter().any(|t| t == "contents"));
    }

    #[test]
    fn words_split_as_terms_splits_them_across_ascii_and_other_letters() {
        for text in [
            "Café au lait, naïve ÜBER-cool façade; x1 A9 IREN's 4.5GW",
            "éa ab aé Straße STRASSE ÉCOLE école x é1 1é",
            "end with ascii zz",
            "ends beyond ascii é",
            "The and IS ok",
            "全文検索機能 猫 GPU服务器 검색을 MixedCase日本語text é漢字",
            "हिन्दी भाषा में खोज, การค้นหาข้อความ ² x·y",
        ] {
            let mut found = Vec::new();
            scan_main(&format!("<main>{text}</main>"), |t| found.push(t.to_string()), None);
            let expected: Vec<String> = crate::search::terms(text).collect();
            assert_eq!(found, expected, "{text}");
        }
        // Tags and entities end a word, and no word is cut at them.
        let mut found = Vec::new();
        scan_main("<main>Big<b>Co</b>&amp;Ünïted</main>", |t| found.push(t.to_string()), None);
        assert_eq!(found, ["big", "co", "ünïted"]);
    }

    #[test]
    fn pushing_a_string_is_pushing_its_characters() {
        let words = ["a", "word", "  ", "\u{a0}", "Zürich", "\n\t", "x".repeat(TEXT_CAP - 3).as_str(), "end."]
            .map(String::from);
        // Pieces of single-spaced ASCII (pushed at once when they fit).
        let spaced = [" ", "a b", " lead", "trail ", " both ", "x ".repeat(TEXT_CAP / 2).as_str(), "one two three"]
            .map(String::from);
        for words in [&words[..], &spaced[..]] {
            pieces_push_as_characters(words);
        }
    }

    /// Strings of `words` in many orders and at many fill levels, up to and
    /// over the cap, pushed whole and a character at a time.
    fn pieces_push_as_characters(words: &[String]) {
        for start in 0..words.len() {
            for fill in [0, 10, TEXT_CAP - 12, TEXT_CAP - 4, TEXT_CAP - 1] {
                let s: String = words.iter().cycle().skip(start).take(40).map(String::as_str).collect();
                let (mut by_str, mut by_char) = (Text::default(), Text::default());
                for t in [&mut by_str, &mut by_char] {
                    for _ in 0..fill {
                        t.push('y');
                    }
                }
                let mut by_piece = Text::default();
                for _ in 0..fill {
                    by_piece.push('y');
                }
                by_str.push_str(&s);
                for w in words.iter().cycle().skip(start).take(40) {
                    by_piece.push_str(w);
                }
                for c in s.chars() {
                    if !by_char.full {
                        by_char.push(c);
                    }
                }
                let by_char = by_char.into_blocks();
                assert_eq!(by_str.into_blocks(), by_char, "{start} {fill}");
                assert_eq!(by_piece.into_blocks(), by_char, "{start} {fill}, piece by piece");
            }
        }
    }

    #[test]
    fn the_text_stops_at_its_cap_on_a_word_boundary() {
        let long = "word ".repeat(TEXT_CAP);
        let blocks = text_of(&format!("<main><p>{long}</p><p>later</p></main>"));
        assert_eq!(blocks.len(), 1);
        assert!(blocks[0].ends_with("word …") && blocks[0].chars().count() <= TEXT_CAP + 2, "{}", blocks[0]);
    }
}
