//! The one module that reads YAML: front matter and `pivotbook.yaml`.
//!
//! Each text is read twice, each reader for what it is good at. First
//! saphyr-parser's event stream builds one span map (`spans`): where every
//! key and value sits, and the syntax problems, each located at its node
//! (duplicate keys, second documents, integers beyond 64 bits, nesting too
//! deep, unclosed brackets). Then serde_yaml (deprecated upstream, so kept
//! behind this module alone) builds the values, bounding alias expansion.
//! Where saphyr stops on a text libyaml accepts (YAML 1.2 is stricter about
//! the indentation of a continued quoted value), serde_yaml still decides,
//! as it always has, and the map holds what came before the stop. Every
//! location comes from the span map, but for what only serde_yaml refuses
//! (too many aliases expanded), located by its byte offset if any.
//!
//! [`FrontMatter`] is what the rest of the crate sees: typed access to fields
//! (`req`, `opt`, `list`) that turns every problem into a located
//! [`Diagnostic`], and an unknown-key check with did-you-mean hints. Nothing
//! else in the crate names a serde_yaml type.
//!
//! A free note's front matter is the user's own (Obsidian's properties):
//! read [`FrontMatter::lenient`], every problem is a warning, a value that
//! does not decode is skipped (`invalid-property`), empty list items are
//! ignored, template placeholders (`{{date}}`) are skipped with a warning,
//! and [`FrontMatter::properties`] gives the keys no reader took as text.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::diag::{suggest, Diagnostic, LineIndex, Severity, Span};

mod spans;
use spans::{join, Pos, Problem, SpanMap, SyntaxError};

/// Parses YAML text into a mapping (an empty or null document is an empty
/// mapping) and its span map. Errors carry their position inside `text`.
fn parse_mapping(text: &str) -> Result<(Mapping, SpanMap), SyntaxError> {
    let (spans, stopped) = SpanMap::build(text)?;
    if let Some(e) = &stopped {
        // libyaml, under serde_yaml, accepts some texts saphyr refuses (a
        // quoted value continued on a line indented no deeper than its key),
        // and serde_yaml decides. Its scanner takes time that grows with the
        // square of the bracket depth, unknown past where saphyr stopped: a
        // text with more brackets than this could hold is not worth asking.
        if memchr::memchr2_iter(b'[', b'{', text.as_bytes()).count() > 2 * spans::MAX_DEPTH {
            return Err(e.clone());
        }
    }
    // Beyond that, what the span map accepted, serde_yaml refuses only past
    // its alias budget: located by its byte offset, if any.
    let value: Value = serde_yaml::from_str(text).map_err(|e| {
        stopped.clone().unwrap_or_else(|| {
            let (line, col) = e.location().map_or((0, 0), |l| LineIndex::new(text).line_col(text, l.index()));
            SyntaxError { line, col, message: clean_message(&e.to_string()), problem: Problem::Syntax, stopped: None }
        })
    })?;
    match value {
        Value::Null => Ok((Mapping::new(), spans)),
        Value::Mapping(m) => Ok((m, spans)),
        other => Err(SyntaxError {
            line: spans.value_or_key("").map_or(1, |p| p.line),
            col: spans.value_or_key("").map_or(1, |p| p.col),
            message: format!("expected a mapping of `field: value` lines, found {}", kind_of(&other)),
            problem: Problem::Syntax,
            stopped: None,
        }),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// serde_yaml appends " at line L column C" to its messages; we print the
/// position ourselves.
fn clean_message(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// The diagnostic for a problem in YAML text whose first line is line
/// `first_line` of the file at `path`.
fn syntax_diagnostic(e: &SyntaxError, text: &str, path: &Path, first_line: u32) -> Diagnostic {
    // Without a position: the `---` line of front matter, or the config's first line.
    let file_line = |line: u32| if line == 0 { first_line.saturating_sub(1).max(1) } else { first_line + line - 1 };
    let span = Span::at(path, file_line(e.line), e.col.max(1), 1);
    let d = Diagnostic::error("yaml-syntax", span, format!("invalid YAML: {}", e.message));
    match (&e.problem, &e.stopped) {
        (Problem::TooLarge, _) => Diagnostic { code: "number-too-large", ..d }
            .with_help("write a large amount as text with a unit, e.g. `amount: US$3.65B`"),
        (Problem::DuplicateKey, _) => d.with_help("each field may appear only once"),
        _ if text.contains('\t') => d.with_help("YAML does not allow tabs for indentation: use spaces"),
        (_, Some((line, info))) => d.with_help(format!("the YAML reader stopped at line {}: {info}", file_line(*line))),
        _ => d,
    }
}

/// Typed, located access to the fields of one YAML mapping in one file.
///
/// Every accessor records a diagnostic instead of failing; call
/// [`FrontMatter::finish`] to get them, with the unknown-key check.
#[derive(Debug)]
pub struct FrontMatter {
    map: Mapping,
    spans: SpanMap,
    path: PathBuf,
    /// File line of the YAML text's first line.
    first_line: u32,
    seen: BTreeSet<String>,
    diags: Vec<Diagnostic>,
    /// A free note's: problems are warnings and bad values are skipped.
    lenient: bool,
}

/// A key no reader took, with its values as text (see [`FrontMatter::properties`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawProperty {
    /// The key as written.
    pub key: String,
    /// Where the key is written.
    pub span: Span,
    /// Each scalar value (a list's items one by one), with where it is written.
    pub values: Vec<(String, Span)>,
}

/// `"{{date}}"`, or `{{title}}` unquoted (which YAML reads as a mapping
/// whose one key is a mapping): a template's placeholder, as written.
fn placeholder(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let open = s.find("{{")?;
            s[open..].contains("}}").then(|| s.clone())
        }
        Value::Mapping(m) if m.len() == 1 => {
            let (k, v) = m.iter().next()?;
            let Value::Mapping(inner) = k else { return None };
            let (name, nothing) = inner.iter().next().filter(|_| inner.len() == 1)?;
            (v.is_null() && nothing.is_null()).then(|| format!("{{{{{}}}}}", key_text(name)))
        }
        _ => None,
    }
}

/// A scalar as text; a nested list or mapping as YAML's flow form.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Tagged(t) => scalar_text(&t.value),
        Value::Sequence(_) | Value::Mapping(_) => {
            let json = serde_json::to_string(v).ok()?;
            Some(json)
        }
    }
}

impl FrontMatter {
    /// Parses `text`, whose first line is line `first_line` of the file at
    /// `path`. A syntax error is returned as a diagnostic at its file line.
    pub fn parse(text: &str, path: &Path, first_line: u32) -> Result<FrontMatter, Diagnostic> {
        match parse_mapping(text) {
            Ok((map, spans)) => Ok(FrontMatter {
                map,
                spans,
                path: path.to_path_buf(),
                first_line,
                seen: BTreeSet::new(),
                diags: Vec::new(),
                lenient: false,
            }),
            Err(e) => Err(syntax_diagnostic(&e, text, path, first_line)),
        }
    }

    /// Front matter with no fields (a file without a front matter block).
    pub fn empty(path: &Path) -> FrontMatter {
        FrontMatter {
            map: Mapping::new(),
            spans: SpanMap::default(),
            path: path.to_path_buf(),
            first_line: 1,
            seen: BTreeSet::new(),
            diags: Vec::new(),
            lenient: false,
        }
    }

    /// Reads as a free note's front matter: every problem recorded is a
    /// warning and a value that does not decode is skipped.
    pub fn lenient(mut self) -> FrontMatter {
        self.lenient = true;
        self
    }

    /// Whether this is read leniently (a free note's).
    pub fn is_lenient(&self) -> bool {
        self.lenient
    }

    /// The file this front matter belongs to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the mapping has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Span of the value at a dotted path (`parties.1.role`), falling back to
    /// its key, then to its parents, then to the front matter's first line.
    pub fn span(&self, path: &str) -> Span {
        let mut p = path;
        loop {
            // The whole front matter is reported at its `---` line.
            if let Some(pos) = self.spans.value_or_key(p).filter(|_| !p.is_empty()) {
                return self.file_span(pos);
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return Span::at(&self.path, self.first_line.saturating_sub(1).max(1), 1, 3),
            }
        }
    }

    /// A plain (unquoted) scalar at a dotted path as written, before YAML
    /// typed it; `None` for quoted or block values and for what is not a scalar.
    pub fn plain_text(&self, path: &str) -> Option<&str> {
        self.spans.plain(path)
    }

    /// Span of the key at a dotted path.
    pub fn key_span(&self, path: &str) -> Span {
        match self.spans.key(path) {
            Some(pos) => self.file_span(pos),
            None => self.span(path),
        }
    }

    /// A position inside the YAML text as a span of the file.
    fn file_span(&self, pos: Pos) -> Span {
        Span::at(&self.path, (self.first_line + pos.line).saturating_sub(1), pos.col, pos.len)
    }

    /// Records an error at the value of `path` (a warning when lenient).
    pub fn error(&mut self, path: &str, code: &'static str, msg: String, help: Option<String>) {
        let d = Diagnostic::error(code, self.span(path), msg).with_opt_help(help);
        self.push(d);
    }

    /// Records a diagnostic made elsewhere (located with [`FrontMatter::span`]);
    /// when lenient, as a warning.
    pub fn push(&mut self, mut d: Diagnostic) {
        if self.lenient {
            d.severity = Severity::Warning;
        }
        self.diags.push(d);
    }

    /// When lenient and `value` is a template placeholder: warns (the value
    /// is skipped) and says so.
    fn skip_placeholder(&mut self, path: &str, value: &Value) -> bool {
        let Some(text) = placeholder(value).filter(|_| self.lenient) else { return false };
        self.warn(
            path,
            "invalid-property",
            format!("`{path}`: `{text}` is a template placeholder, not a value; skipped"),
            Some("a template's placeholders are filled when a note is made from it: leave templates out with `ignore: [Templates/]` in pivotbook.yaml".into()),
        );
        true
    }

    /// Records a warning at the value of `path`.
    pub fn warn(&mut self, path: &str, code: &'static str, msg: String, help: Option<String>) {
        let d = Diagnostic::warning(code, self.span(path), msg).with_opt_help(help);
        self.diags.push(d);
    }

    fn decode<T: DeserializeOwned>(&mut self, path: &str, value: Value) -> Option<T> {
        // A YAML null for an optional field is the same as leaving it out.
        if self.skip_placeholder(path, &value) {
            return None;
        }
        match serde_yaml::from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = clean_message(&e.to_string());
                let (at, help) = locate_serde_error(&msg, path, |p| self.spans.has_key(p));
                let span = if at != path { self.key_span(&at) } else { self.span(&at) };
                let d = if self.lenient {
                    Diagnostic::warning("invalid-property", span, format!("`{path}`: {msg}; skipped"))
                } else {
                    Diagnostic::error("invalid-field", span, format!("`{path}`: {msg}"))
                };
                self.diags.push(d.with_opt_help(help));
                None
            }
        }
    }

    /// An optional field; `None` when absent, null, or invalid (reported).
    pub fn opt<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        self.seen.insert(key.to_string());
        let value = self.map.get(key)?.clone();
        if value.is_null() {
            return None;
        }
        self.decode(key, value)
    }

    /// A required field; reports `missing-field` when absent.
    pub fn req<T: DeserializeOwned>(&mut self, key: &str, help: &str) -> Option<T> {
        if self.map.get(key).is_none_or(|v| v.is_null()) {
            self.seen.insert(key.to_string());
            // A key written with no value is reported at its line; a missing key at the front matter's.
            let span = if self.map.contains_key(key) { self.key_span(key) } else { self.span("") };
            let d = Diagnostic::error("missing-field", span, format!("missing required field `{key}`"))
                .with_help(help.to_string());
            self.diags.push(d);
            return None;
        }
        self.opt(key)
    }

    /// A list field, decoded element by element so each bad element is
    /// reported at its own line. A single value is accepted as a list of one.
    /// Returns `(index, element)` pairs of the good elements.
    pub fn list<T: DeserializeOwned>(&mut self, key: &str) -> Vec<(usize, T)> {
        self.seen.insert(key.to_string());
        let Some(value) = self.map.get(key).cloned() else { return Vec::new() };
        let lenient = self.lenient;
        match value {
            Value::Null => Vec::new(),
            Value::Sequence(items) => items
                .into_iter()
                .enumerate()
                // Obsidian writes an empty item (`tags:` then `- `) for a property left blank.
                .filter(|(_, v)| !(lenient && v.is_null()))
                .filter_map(|(i, v)| self.decode(&format!("{key}.{i}"), v).map(|t| (i, t)))
                .collect(),
            single => self.decode(&format!("{key}.0"), single).map(|t| vec![(0, t)]).unwrap_or_default(),
        }
    }

    /// The keys not in `known` and not read yet, in file order, each with
    /// its values as text: a list's items one by one, empty ones and
    /// placeholders skipped (the latter with a warning when lenient), a
    /// nested list or mapping in flow form. Keys with no value are left out.
    pub fn properties(&mut self, known: &[&str]) -> Vec<RawProperty> {
        let mut out = Vec::new();
        let entries: Vec<(String, Value)> = self.map.iter().map(|(k, v)| (key_text(k), v.clone())).collect();
        for (key, value) in entries {
            if known.contains(&key.as_str()) || self.seen.contains(&key) {
                continue;
            }
            let items: Vec<(String, Value)> = match value {
                Value::Sequence(items) => {
                    items.into_iter().enumerate().map(|(i, v)| (format!("{key}.{i}"), v)).collect()
                }
                single => vec![(key.clone(), single)],
            };
            let mut values = Vec::new();
            for (at, v) in items {
                if self.skip_placeholder(&at, &v) {
                    continue;
                }
                if let Some(text) = scalar_text(&v) {
                    values.push((text, self.span(&at)));
                }
            }
            if !values.is_empty() {
                out.push(RawProperty { span: self.key_span(&key), key, values });
            }
        }
        out
    }

    /// Takes every key as read: [`FrontMatter::finish`] reports none as unknown.
    pub fn accept_all(&mut self) {
        let keys = self.keys();
        self.seen.extend(keys);
    }

    /// The keys present, in file order.
    pub fn keys(&self) -> Vec<String> {
        self.map.keys().map(key_text).collect()
    }

    /// Checks for keys not in `known` (reported with `severity` and a
    /// did-you-mean), and returns every diagnostic recorded.
    pub fn finish(mut self, known: &[&str], severity: Severity) -> Vec<Diagnostic> {
        for key in self.keys() {
            if known.contains(&key.as_str()) || self.seen.contains(&key) {
                continue;
            }
            let help =
                suggest(&key, known.iter().copied()).or_else(|| Some(format!("known fields: {}", known.join(", "))));
            let msg = format!("unknown field `{key}`");
            let span = self.key_span(&key);
            let d = match severity {
                Severity::Error => Diagnostic::error("unknown-field", span, msg),
                Severity::Warning => Diagnostic::warning("unknown-field", span, msg),
            };
            self.diags.push(d.with_opt_help(help));
        }
        self.diags
    }
}

fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => format!("<{}>", kind_of(other)),
    }
}

/// Finds the path a serde message is about, and a hint: for "unknown field
/// `x`, expected one of `a`, `b`" the key `x` inside `base` and a
/// did-you-mean; for "unknown variant" a did-you-mean among the variants.
fn locate_serde_error(msg: &str, base: &str, has_key: impl Fn(&str) -> bool) -> (String, Option<String>) {
    let quoted: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
    let expected = |skip: usize| quoted.iter().skip(skip).copied().collect::<Vec<_>>();
    if msg.starts_with("unknown field") {
        if let Some(field) = quoted.first() {
            let at = join(base, field);
            let at = if has_key(&at) { at } else { base.to_string() };
            return (at, suggest(field, expected(1)));
        }
    }
    if msg.starts_with("unknown variant") {
        if let Some(variant) = quoted.first() {
            let all = expected(1);
            let help =
                suggest(variant, all.iter().copied()).or_else(|| Some(format!("accepted values: {}", all.join(", "))));
            return (base.to_string(), help);
        }
    }
    if msg.starts_with("missing field") {
        return (base.to_string(), Some("add the field to this entry".into()));
    }
    (base.to_string(), None)
}

/// Parses a whole YAML configuration file into `T` (which should deny unknown
/// fields). Errors are returned as one diagnostic located in the file.
pub fn parse_config<T: DeserializeOwned + Default>(text: &str, path: &Path) -> Result<T, Diagnostic> {
    let fm = FrontMatter::parse(text, path, 1)?;
    let value = Value::Mapping(fm.map.clone());
    serde_yaml::from_value::<T>(value).map_err(|e| {
        let msg = clean_message(&e.to_string());
        let (at, help) = locate_serde_error(&msg, "", |p| fm.spans.has_key(p));
        let span = if msg.starts_with("unknown field") { fm.key_span(&at) } else { fm.span(&at) };
        Diagnostic::error("invalid-config", span, msg).with_opt_help(help)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Party {
        company: Option<String>,
        role: Option<String>,
    }

    fn fm(text: &str) -> FrontMatter {
        FrontMatter::parse(text, Path::new("c.md"), 2).unwrap()
    }

    #[test]
    fn values_are_located_at_their_own_line() {
        let mut f = fm("name: IREN\nparties:\n  - company: iren\n    rol: borrower\n");
        let parties: Vec<(usize, Party)> = f.list("parties");
        assert!(parties.is_empty());
        let name: Option<String> = f.req("name", "");
        assert_eq!(name.as_deref(), Some("IREN"));
        let d = f.finish(&["name", "parties"], Severity::Error);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].span.line, d[0].span.col), (5, 5));
        assert_eq!(d[0].help.as_deref(), Some("did you mean `role`?"));
    }

    #[test]
    fn unknown_keys_get_did_you_mean() {
        let f = fm("nmae: x\n");
        let d = f.finish(&["name", "summary"], Severity::Error);
        assert_eq!(d[0].code, "unknown-field");
        assert_eq!((d[0].span.line, d[0].span.col, d[0].span.len), (2, 1, 4));
        assert_eq!(d[0].help.as_deref(), Some("did you mean `name`?"));
    }

    #[test]
    fn wrong_type_points_at_value() {
        let mut f = fm("a: 1\nname:\n  - x\n");
        let _: Option<String> = f.opt("name");
        let d = f.finish(&["a", "name"], Severity::Error);
        assert_eq!(d[0].code, "invalid-field");
        assert_eq!(d[0].span.line, 4);
    }

    #[test]
    fn syntax_errors_are_file_lines() {
        let e = FrontMatter::parse("a: 1\nb: [\n", Path::new("x.md"), 2).unwrap_err();
        assert_eq!(e.code, "yaml-syntax");
        assert!(e.span.line >= 3, "{e:?}");
        let e = FrontMatter::parse("a: 1\na: 2\n", Path::new("x.md"), 2).unwrap_err();
        assert!(e.message.contains("duplicate"), "{e:?}");
        assert_eq!(e.span.line, 3);
    }

    #[test]
    fn numbers_beyond_64_bits_are_too_large_at_their_line() {
        let e = FrontMatter::parse("a: 1\nb:\n  - {v: 18446744073709551616}\n", Path::new("x.md"), 2).unwrap_err();
        assert_eq!((e.code, e.span.line), ("number-too-large", 4));
        assert_eq!(e.message, "invalid YAML: b[0].v: the number 18446744073709551616 is too large (numbers must lie between -2^63 and 2^64 - 1)");
        let e = FrontMatter::parse("-99999999999999999999\n", Path::new("x.md"), 2).unwrap_err();
        assert_eq!(e.code, "number-too-large");
        assert!(FrontMatter::parse("a: 18446744073709551615\nb: -9223372036854775808\n", Path::new("x.md"), 2).is_ok());
    }

    #[test]
    fn nesting_too_deep_is_refused_at_the_level_past_the_limit() {
        let deep = |n: usize| format!("a: 1\nb: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert!(FrontMatter::parse(&deep(100), Path::new("x.md"), 2).is_ok());
        let e = FrontMatter::parse(&deep(200_000), Path::new("x.md"), 2).unwrap_err();
        // Where the reader stops looking ahead on this line: the 256th bracket.
        assert_eq!((e.code, e.span.line, e.span.col), ("yaml-syntax", 3, 3 + 256));
        assert!(e.message.contains("nest more than 128 levels"), "{}", e.message);
        // Quoted and commented brackets, and apostrophes in words, do not count.
        let text = format!("t: IREN's [x]\nq: '{0}'\nr: \"{0}\"\n# {0}\ns: ['it''s', \"a\\\"b\"]\n", "[".repeat(300));
        assert!(FrontMatter::parse(&text, Path::new("x.md"), 2).is_ok());
    }

    #[test]
    fn a_second_document_is_located_at_its_marker() {
        // Found by the front_matter fuzz target (config file): no line at all.
        let e = FrontMatter::parse("# c\n---\ntitle: x\n---\nb: 1\n", Path::new("p.yaml"), 1).unwrap_err();
        assert_eq!(e.span.line, 4, "{e:?}");
        let e = FrontMatter::parse("title: x\n--- y\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!(e.span.line, 3, "{e:?}");
        // libyaml ends lines at U+2028 too (found by the front_matter fuzz target).
        let e = FrontMatter::parse("a: x\u{2028}\u{2028}\u{2028}y\nb: [\n", Path::new("a.md"), 2).unwrap_err();
        assert!((2..=4).contains(&e.span.line), "a line of the file: {e:?}");
        // serde_yaml says "more than one document" here too; no marker to point at.
        let e = FrontMatter::parse("&a]", Path::new("p.yaml"), 1).unwrap_err();
        assert_eq!(e.span.line, 1, "{e:?}");
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let e = FrontMatter::parse("title: x\ntags: [a, b\nsummary: y\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!((e.span.line, e.span.col), (3, 7), "{e:?}");
        assert!(e.message.contains("this `[` is never closed with `]`"), "{e:?}");
        let e = FrontMatter::parse("a: {b: \"[\", c: 1\nd: 2\n", Path::new("a.md"), 1).unwrap_err();
        assert_eq!((e.span.line, e.span.col), (1, 4), "a bracket in quotes does not count: {e:?}");
    }

    #[test]
    fn fields_after_an_end_marker_are_a_second_document() {
        let e = FrontMatter::parse("title: One\n...\ntitle: Two\n", Path::new("a.md"), 2).unwrap_err();
        assert_eq!((e.code, e.span.line), ("yaml-syntax", 3), "{e:?}");
        assert!(e.message.contains("second YAML document"), "{e:?}");
        // An end marker followed only by blank lines and comments is fine.
        assert!(FrontMatter::parse("title: One\n...\n\n# done\n", Path::new("a.md"), 2).is_ok());
    }

    #[test]
    fn what_only_serde_yaml_accepts_is_read_with_the_spans_found_before() {
        // A quoted value continued at the key's indentation: YAML 1.2 (saphyr)
        // refuses it, libyaml accepts it, as pivotbook always has.
        let mut f = fm("name: IREN\nsummary: \"one\ntwo\"\nrole: x\n");
        assert_eq!(f.opt::<String>("summary").as_deref(), Some("one two"));
        assert_eq!((f.span("name").line, f.span("role").line), (2, 1), "located before, `---` after");
        // Refused by both: saphyr's error, located.
        let e = FrontMatter::parse("a: 1\nb: \"x\ny\": [\n", Path::new("x.md"), 2).unwrap_err();
        assert_eq!((e.code, e.span.line), ("yaml-syntax", 3), "{e:?}");
        // With more brackets than saphyr has seen, serde_yaml is not asked
        // (its time grows with the square of their depth).
        let deep = format!("a: \"x\ny\"\nb: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
        let start = std::time::Instant::now();
        let e = FrontMatter::parse(&deep, Path::new("x.md"), 2).unwrap_err();
        assert_eq!((e.span.line, e.span.col), (2, 4), "{e:?}");
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn alias_bombs_are_bounded() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 { "a".to_string() } else { format!("l{}", i - 1) };
            bomb.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        assert!(FrontMatter::parse(&bomb, Path::new("x.md"), 2).is_err());
    }

    #[test]
    fn non_mapping_is_an_error() {
        let e = FrontMatter::parse("# a list\n- a\n- b\n", Path::new("x.md"), 2).unwrap_err();
        assert_eq!((e.span.line, e.span.col), (3, 1), "at the list: {e:?}");
        assert!(e.message.contains("found a list"), "{e:?}");
        assert!(FrontMatter::parse("", Path::new("x.md"), 2).is_ok());
    }
}
