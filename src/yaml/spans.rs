//! The span map of one YAML text: where every key and value sits, by dotted
//! path (`parties.1.role`), built in one pass over saphyr-parser's events.
//!
//! The same pass refuses, at the offending node, what serde_yaml would report
//! badly or not at all: a key written twice, a second document, an integer
//! beyond 64 bits, collections nested deeper than serde_yaml allows, and any
//! syntax error (an unclosed `[` or `{` is reported where it opens). Only a
//! text this pass accepts is handed to serde_yaml, which then just builds
//! values. The pass stops at the first problem, so deep nesting costs at
//! most [`MAX_DEPTH`] levels of work; aliases are recorded, never expanded.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span as YamlSpan};

use crate::diag::to_u32;

/// How deep lists and mappings may nest: serde_yaml's own recursion limit.
pub(super) const MAX_DEPTH: usize = 128;

/// Where a node sits inside the YAML text (1-based line and column, in
/// characters; length in characters on its first line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pos {
    pub(super) line: u32,
    pub(super) col: u32,
    pub(super) len: u32,
}

impl Pos {
    fn at(m: Marker, len: u32) -> Pos {
        Pos { line: to_u32(m.line()), col: to_u32(m.col() + 1), len }
    }

    fn of(span: YamlSpan) -> Pos {
        let (s, e) = (span.start, span.end);
        let len = if e.line() == s.line() { e.col().saturating_sub(s.col()).max(1) } else { 1 };
        Pos::at(s, to_u32(len))
    }
}

/// What the span map knows of one path.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Node {
    /// The key, for a mapping entry.
    pub(super) key: Option<Pos>,
    /// The value (a scalar, an alias, or where a list or mapping starts).
    pub(super) value: Option<Pos>,
    /// A plain (unquoted, untagged) scalar value as written, before YAML
    /// typed it (`1e3`, `0x7EA` and `+2026` are numbers to YAML).
    pub(super) plain: Option<String>,
}

/// Key path → spans of key and value, for one YAML text.
#[derive(Debug, Default)]
pub(super) struct SpanMap {
    nodes: HashMap<String, Node>,
}

/// Which problem a [`SyntaxError`] is, so callers choose code and help
/// without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Problem {
    /// The YAML reader stopped here.
    Syntax,
    /// A `[` or `{` is never closed (located at the bracket).
    Unclosed,
    /// A key appears twice in one mapping (located at the second).
    DuplicateKey,
    /// A second document (located at its `---` or the `...` before it).
    SecondDocument,
    /// Lists and mappings nest deeper than [`MAX_DEPTH`].
    TooDeep,
    /// An integer beyond 64 bits.
    TooLarge,
}

/// A problem in the YAML text, located inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SyntaxError {
    /// 1-based line inside the YAML text (0 when unknown).
    pub(super) line: u32,
    /// 1-based column.
    pub(super) col: u32,
    /// What is wrong.
    pub(super) message: String,
    /// Which problem it is.
    pub(super) problem: Problem,
    /// For [`Problem::Unclosed`]: where the reader stopped and why
    /// (line inside the YAML text, reader's message).
    pub(super) stopped: Option<(u32, String)>,
}

impl SyntaxError {
    fn new(pos: Pos, problem: Problem, message: String) -> SyntaxError {
        SyntaxError { line: pos.line, col: pos.col, message, problem, stopped: None }
    }
}

/// Joins a dotted path and one more part.
pub(super) fn join(path: &str, part: &str) -> String {
    if path.is_empty() {
        part.to_string()
    } else {
        format!("{path}.{part}")
    }
}

/// One open list or mapping.
struct Frame {
    /// Dotted path (`parties.1`).
    path: String,
    /// serde_yaml's form of the path (`parties[1]`), for messages.
    shown: String,
    /// Where it opens; `bracket` is `[` or `{` for a flow collection.
    open: Pos,
    bracket: Option<char>,
    kind: Kind,
}

enum Kind {
    /// `key`: the key whose value comes next; `seen`: the keys so far.
    Map {
        key: Option<String>,
        seen: HashSet<String>,
    },
    Seq {
        index: usize,
    },
}

impl SpanMap {
    /// Builds the span map of `text`. `Err` is a problem that refuses the
    /// text; `Ok` with an error is where the reader stopped, with the map
    /// of what came before (a more lenient reader may still accept the text).
    pub(super) fn build(text: &str) -> Result<(SpanMap, Option<SyntaxError>), SyntaxError> {
        let mut b = Builder::default();
        for item in Parser::new_from_str(text) {
            match item {
                Ok((event, span)) => b.event(event, span)?,
                Err(e) => {
                    let e = b.scan_error(Pos::at(*e.marker(), 1), e.info());
                    return if e.problem == Problem::TooDeep { Err(e) } else { Ok((b.map, Some(e))) };
                }
            }
        }
        Ok((b.map, None))
    }

    /// What is known of a dotted path.
    pub(super) fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// Span of the value at `path`, else of its key.
    pub(super) fn value_or_key(&self, path: &str) -> Option<Pos> {
        self.get(path).and_then(|n| n.value.or(n.key))
    }

    /// Span of the key at `path`.
    pub(super) fn key(&self, path: &str) -> Option<Pos> {
        self.get(path).and_then(|n| n.key)
    }

    /// Whether `path` is a key of a mapping.
    pub(super) fn has_key(&self, path: &str) -> bool {
        self.key(path).is_some()
    }

    /// The plain scalar written at `path`.
    pub(super) fn plain(&self, path: &str) -> Option<&str> {
        self.get(path).and_then(|n| n.plain.as_deref())
    }
}

#[derive(Default)]
struct Builder {
    map: SpanMap,
    stack: Vec<Frame>,
    documents: usize,
    /// Where the last document ended.
    last_end: Option<Pos>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: YamlSpan) -> Result<(), SyntaxError> {
        let pos = Pos::of(span);
        match event {
            Event::DocumentStart(explicit) => {
                self.documents += 1;
                if self.documents > 1 {
                    let (at, marker) = match (explicit, self.last_end) {
                        (false, Some(end)) => (end, "..."),
                        _ => (pos, "---"),
                    };
                    let message =
                        format!("a second YAML document: the fields after this `{marker}` line would be ignored");
                    return Err(SyntaxError::new(at, Problem::SecondDocument, message));
                }
            }
            Event::DocumentEnd => self.last_end = Some(pos),
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Scalar(text, style, _, tag) => {
                let plain = style == ScalarStyle::Plain && tag.is_none();
                if plain && beyond_64_bits(&text) {
                    // serde_yaml names the mapping a key is in, or the value's own path.
                    let shown = self.shown_next(!self.next_is_key());
                    let prefix = if shown.is_empty() { String::new() } else { format!("{shown}: ") };
                    let message =
                        format!("{prefix}the number {text} is too large (numbers must lie between -2^63 and 2^64 - 1)");
                    return Err(SyntaxError::new(pos, Problem::TooLarge, message));
                }
                let quoted = style != ScalarStyle::Plain;
                let (path, is_key) = self.place(pos, Some((&text, quoted)))?;
                if plain && !is_key {
                    self.map.nodes.entry(path).or_default().plain = Some(text.into_owned());
                }
            }
            Event::Alias(_) => {
                self.place(pos, None)?;
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                // A flow collection's start spans its bracket; a block one is empty.
                let flow = span.end.index() > span.start.index();
                let open = Pos { len: 1, ..pos };
                if self.stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError::new(open, Problem::TooDeep, too_deep_message()));
                }
                let shown = self.shown_next(true);
                let (path, is_key) = self.place(open, None)?;
                // A list or mapping used as a key: its contents have no useful path.
                let (path, shown) = if is_key { ("?".to_string(), "?".to_string()) } else { (path, shown) };
                let kind = if is_map { Kind::Map { key: None, seen: HashSet::new() } } else { Kind::Seq { index: 0 } };
                let bracket = flow.then_some(if is_map { '{' } else { '[' });
                self.stack.push(Frame { path, shown, open, bracket, kind });
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Whether the next node is a key of the innermost mapping.
    fn next_is_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame { kind: Kind::Map { key: None, .. }, .. }))
    }

    /// serde_yaml's path (`parties[1].role`) of the next node when `child`,
    /// else of the innermost collection.
    fn shown_next(&self, child: bool) -> String {
        let Some(frame) = self.stack.last() else { return String::new() };
        let parent = frame.shown.as_str();
        match &frame.kind {
            _ if !child => parent.to_string(),
            Kind::Seq { index } => format!("{parent}[{index}]"),
            Kind::Map { key, .. } => {
                let key = key.as_deref().unwrap_or("?");
                if parent.is_empty() {
                    key.to_string()
                } else {
                    format!("{parent}.{key}")
                }
            }
        }
    }

    /// Records a node at `pos` in the innermost collection, as a key or as
    /// a value; `scalar` is its text and whether it is quoted (`None` for an
    /// alias or a collection). Returns the node's path and whether it is a key.
    fn place(&mut self, pos: Pos, scalar: Option<(&str, bool)>) -> Result<(String, bool), SyntaxError> {
        let Some(frame) = self.stack.last_mut() else {
            self.map.nodes.entry(String::new()).or_default().value = Some(pos);
            return Ok((String::new(), false));
        };
        match &mut frame.kind {
            Kind::Map { key: pending @ None, seen } => {
                let k = scalar.map_or("?", |s| s.0).to_string();
                if scalar.is_some_and(|(text, quoted)| !seen.insert(key_identity(text, quoted))) {
                    let prefix = if frame.shown.is_empty() { String::new() } else { format!("{}: ", frame.shown) };
                    let message = format!("{prefix}duplicate entry with key {k:?}");
                    return Err(SyntaxError::new(pos, Problem::DuplicateKey, message));
                }
                let path = join(&frame.path, &k);
                self.map.nodes.entry(path.clone()).or_default().key = Some(pos);
                *pending = Some(k);
                Ok((path, true))
            }
            Kind::Map { key: pending, .. } => {
                let path = join(&frame.path, pending.as_deref().unwrap_or("?"));
                *pending = None;
                self.map.nodes.entry(path.clone()).or_default().value = Some(pos);
                Ok((path, false))
            }
            Kind::Seq { index } => {
                let path = join(&frame.path, &index.to_string());
                *index += 1;
                self.map.nodes.entry(path.clone()).or_default().value = Some(pos);
                Ok((path, false))
            }
        }
    }

    /// The error for a reader error at `at`: an unclosed bracket when a flow
    /// collection opened on an earlier line is still open, else the reader's.
    fn scan_error(&self, at: Pos, info: &str) -> SyntaxError {
        // The reader's own bound (255 flow levels), met while it looks ahead
        // on one line before the levels past [`MAX_DEPTH`] reach this pass.
        if info == "recursion limit exceeded" {
            return SyntaxError::new(at, Problem::TooDeep, too_deep_message());
        }
        let open = self.stack.iter().rev().find_map(|f| f.bracket.map(|b| (f.open, b)));
        match open {
            Some((pos, bracket)) if pos.line < at.line => {
                let close = if bracket == '[' { ']' } else { '}' };
                let message = format!("this `{bracket}` is never closed with `{close}`");
                SyntaxError {
                    stopped: Some((at.line, info.to_string())),
                    ..SyntaxError::new(pos, Problem::Unclosed, message)
                }
            }
            _ => SyntaxError::new(at, Problem::Syntax, info.to_string()),
        }
    }
}

fn too_deep_message() -> String {
    format!("lists and mappings nest more than {MAX_DEPTH} levels deep")
}

/// What makes two keys of one mapping the same key: the same text, except
/// that a quoted key that could read as a number, boolean or null unquoted
/// (`"1"`, `"true"`) is a string, unlike the plain one. serde_yaml, which
/// compares the typed keys, still catches what this misses (`0x1` and `1`).
fn key_identity(text: &str, quoted: bool) -> String {
    let could_be_typed = text.starts_with(|c: char| c.is_ascii_digit() || "+-.~".contains(c))
        || ["null", "true", "false"].iter().any(|w| text.eq_ignore_ascii_case(w));
    if quoted && could_be_typed {
        format!("\"{text}")
    } else {
        text.to_string()
    }
}

/// Whether serde_yaml reads a plain scalar as an integer it cannot hold:
/// beyond `u64` yet within `u128`, or below `i64` yet within `i128` (what
/// overflows those too, it reads as a float). Its rules: an optional sign,
/// `0x`, `0o` or `0b` digits, or decimal digits without a leading zero.
fn beyond_64_bits(s: &str) -> bool {
    let (negative, unsigned) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = match unsigned.get(..2) {
        Some("0x") => (16, &unsigned[2..]),
        Some("0o") => (8, &unsigned[2..]),
        Some("0b") => (2, &unsigned[2..]),
        _ if unsigned.len() > 1 && unsigned.starts_with('0') => return false,
        _ => (10, unsigned),
    };
    if digits.starts_with(['+', '-']) {
        return false;
    }
    match u128::from_str_radix(digits, radix) {
        Ok(n) if negative => n > 1 << 63 && n <= 1 << 127,
        Ok(n) => n > u128::from(u64::MAX),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests;
