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
/// whose one key is a mapping): a template's placeholder, as written. A
/// string is one when nothing but spaces and punctuation is left outside its
/// `{{…}}` (`"{{date}} {{time}}"`); a title that speaks of placeholders
/// (`"Retell's {{from_number}} is not filled in tool arguments"`) is text.
fn placeholder(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let (mut rest, mut any) = (s.as_str(), false);
            let mut outside = String::new();
            while let Some(open) = rest.find("{{") {
                let Some(close) = rest[open..].find("}}") else { break };
                outside.push_str(&rest[..open]);
                rest = &rest[open + close + 2..];
                any = true;
            }
            outside.push_str(rest);
            (any && !outside.chars().any(char::is_alphanumeric)).then(|| s.clone())
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
        let mut parts = key.split('.');
        let Some(mut value) = parts.next().and_then(|k| self.map.get(k)) else { return false };
        for k in parts {
            match value.as_mapping().and_then(|m| m.get(k)) {
                Some(v) => value = v,
                None => return false,
            }
        }
        true
    }

    /// Whether `key` holds plain values only (a text, or a list of them),
    /// no mapping.
    pub fn holds_plain_values(&self, key: &str) -> bool {
        match self.map.get(key) {
            Some(Value::Sequence(items)) => items.iter().all(|v| !v.is_mapping()),
            Some(v) => !v.is_mapping(),
            None => false,
        }
    }

    /// Whether `key` was read.
    pub fn was_read(&self, key: &str) -> bool {
        self.seen.contains(key)
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
        let is_mapping = matches!(value, Value::Mapping(_));
        match serde_yaml::from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = clean_message(&e.to_string());
                let (at, help) = locate_serde_error(&msg, path, |p| self.spans.has_key(p));
                let span = if at != path { self.key_span(&at) } else { self.span(&at) };
                // `- Opener: New Tab` is a mapping to YAML, whatever it meant.
                let help = help.or_else(|| {
                    let text_wanted = msg.contains("expected text") || msg.contains("expected a string");
                    (is_mapping && text_wanted)
                        .then(|| "YAML reads `key: value` as a mapping: put the text in quotes".to_string())
                });
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

    /// A yes-or-no field that decides whether the page is published
    /// (`draft`, `publish`); `default` when absent. A free note may also
    /// write `"true"` or `"false"` in quotes, as Quartz reads them. Any
    /// other value of a free note's is reported and read as `hidden`, the
    /// value that leaves the page out: a note its author may have meant to
    /// hold back is never published because of how the flag was written.
    pub fn publish_flag(&mut self, key: &str, default: bool, hidden: bool) -> bool {
        self.seen.insert(key.to_string());
        let Some(value) = self.map.get(key).filter(|v| !v.is_null()).cloned() else { return default };
        if let Some(b) = value.as_bool() {
            return b;
        }
        if !self.lenient {
            // An error: the build stops, so nothing is published either way.
            return self.decode(key, value).unwrap_or(hidden);
        }
        let spelled = value.as_str().map(str::trim);
        if let Some(b) = spelled.and_then(|s| ["false", "true"].iter().position(|w| s.eq_ignore_ascii_case(w))) {
            return b == 1;
        }
        let shown = match (spelled, &value) {
            (Some(s), _) => format!("`{s}`"),
            (None, Value::Number(n)) => format!("`{n}`"),
            (None, other) => kind_of(other).to_string(),
        };
        self.warn(
            key,
            "invalid-property",
            format!("`{key}`: {shown} is neither true nor false; read as `{key}: {hidden}`, so the page is left out"),
            Some(format!("write `{key}: true` or `{key}: false`")),
        );
        hidden
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

    /// Takes what was recorded so far: for a page left out before its
    /// fields are read, the problems of the fields that left it out.
    pub fn take_recorded(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diags)
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
mod tests;
