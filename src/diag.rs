//! Diagnostics: every problem pivotbook reports about a site, as a value.
//!
//! A [`Diagnostic`] carries a stable code, a severity, a message, the place it
//! points at ([`Span`]: file, line, column) and an optional hint. Stages return
//! diagnostics alongside their output instead of failing; the driver collects
//! them, sorts them and prints them once. [`LineIndex`] is the single place
//! that turns a byte offset in a file into a line and column.
//!
//! This module does not decide exit codes and does not print: it only renders
//! diagnostics to a string, in the human (rustc-like), GitHub-annotation or
//! JSON format.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

mod suggester;

pub use suggester::{did_you_mean, suggest, Suggester, Work};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site is wrong: the build fails.
    Error,
    /// Worth fixing; fatal only with `--strict`.
    Warning,
}

/// A place in a file of the site. Lines and columns are 1-based; a `line` of 0
/// means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// Path relative to the site root (e.g. `content/deals/x.md`).
    pub path: PathBuf,
    /// 1-based line, or 0 for the whole file.
    pub line: u32,
    /// 1-based column in characters.
    pub col: u32,
    /// Length of the underlined text in characters (0: a point).
    pub len: u32,
}

impl Span {
    /// A span covering a whole file.
    pub fn file(path: impl Into<PathBuf>) -> Span {
        Span { path: path.into(), line: 0, col: 0, len: 0 }
    }

    /// A span at a line and column of a file.
    pub fn at(path: impl Into<PathBuf>, line: u32, col: u32, len: u32) -> Span {
        Span { path: path.into(), line, col, len }
    }
}

/// One problem found in the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable identifier, e.g. `broken-link`, `unknown-field`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where.
    pub span: Span,
    /// How to fix it (did-you-mean, accepted values...).
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { code, severity: Severity::Error, message: message.into(), span, help: None }
    }

    /// A warning at `span`.
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { code, severity: Severity::Warning, message: message.into(), span, help: None }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_opt_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }
}

/// All diagnostics of a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// Whether the run failed: any error, or any warning when `strict`.
    pub fn is_fatal(&self, strict: bool) -> bool {
        self.error_count() > 0 || (strict && self.warning_count() > 0)
    }

    /// Sorts by path, line, column, then code and message, and removes exact
    /// duplicates, so output is deterministic.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| (&a.span, a.code, &a.message).cmp(&(&b.span, b.code, &b.message)));
        self.items.dedup();
    }

    /// The diagnostics, in their current order.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Consumes the collection.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// Maps byte offsets in one text to 1-based lines and columns.
///
/// Columns count characters. Every [`MARK_EVERY`] bytes the index records how
/// many characters came before, so a column costs at most that much counting
/// however long its line (a one-line file with many links stays linear).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
    /// (byte offset, characters before it), at char boundaries, ascending.
    marks: Vec<(usize, usize)>,
}

/// Bytes between two character-count marks of a [`LineIndex`].
const MARK_EVERY: usize = 4096;

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut marks = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while at + MARK_EVERY < text.len() {
            let mut next = at + MARK_EVERY;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            marks.push((next, chars));
            at = next;
        }
        LineIndex { starts, marks }
    }

    /// Characters before byte `offset` (a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let k = self.marks.partition_point(|m| m.0 <= offset).saturating_sub(1);
        let (at, chars) = self.marks.get(k).copied().unwrap_or((0, 0));
        chars + text.get(at..offset).map_or(0, |s| s.chars().count())
    }

    /// Line and column (both 1-based, column in characters) of byte `offset`
    /// in `text`, which must be the text this index was built from.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let col = self.chars_before(text, offset) - self.chars_before(text, start);
        (to_u32(line + 1), to_u32(col + 1))
    }

    /// Byte offset of the character `nth` characters after byte `from` (a
    /// char boundary), or the text's end.
    fn skip_chars(&self, text: &str, from: usize, nth: usize) -> usize {
        let target = self.chars_before(text, from) + nth;
        let k = self.marks.partition_point(|m| m.1 <= target).saturating_sub(1);
        let (at, chars) = self.marks.get(k).copied().unwrap_or((0, 0));
        let (at, chars) = if at < from { (from, target - nth) } else { (at, chars) };
        text.get(at..).and_then(|t| t.char_indices().nth(target - chars)).map_or(text.len(), |(i, _)| at + i)
    }

    /// The text of 1-based line `line`, without its line end.
    pub fn line<'t>(&self, text: &'t str, line: u32) -> Option<&'t str> {
        let i = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).map_or(text.len(), |e| e - 1);
        text.get(start..end).map(|l| l.strip_suffix('\r').unwrap_or(l))
    }
}

/// The line and column of each of `offsets` (ascending byte offsets into
/// `text`), as [`LineIndex::line_col`] gives them, in one pass over the
/// text up to the last offset and without building an index: for the few
/// places of one text that the link scan reports. Columns on one line are
/// counted on from the previous offset, so many places on one long line
/// stay linear.
pub fn line_cols(text: &str, offsets: &[usize]) -> Vec<(u32, u32)> {
    let bytes = text.as_bytes();
    // The line reached, how far the text is read, and the characters from
    // that line's start to there.
    let (mut line, mut read, mut col) = (1usize, 0usize, 0usize);
    let mut out = Vec::with_capacity(offsets.len());
    for &offset in offsets {
        let mut offset = offset.min(text.len()).max(read);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let segment = &bytes[read..offset];
        if let Some(last) = memchr::memrchr(b'\n', segment) {
            line += memchr::memchr_iter(b'\n', segment).count();
            (read, col) = (read + last + 1, 0);
        }
        col += text[read..offset].chars().count();
        read = offset;
        out.push((to_u32(line), to_u32(col + 1)));
    }
    out
}

/// Turns CRLF and lone CR line ends into LF. YAML and CommonMark both take a
/// lone CR as a line end, so every line number pivotbook gives counts LFs in
/// the text this returns.
pub fn unify_line_ends(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// Converts a count to `u32`, saturating.
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-like, with a snippet of the source.
    #[default]
    Human,
    /// GitHub Actions workflow commands (`::error file=…,line=…::msg`).
    Github,
    /// One JSON object per line.
    Json,
}

/// A file's text and its line index, for snippets.
#[derive(Debug)]
pub struct Source {
    text: String,
    index: LineIndex,
}

impl Source {
    /// Indexes a file's text.
    pub fn new(text: String) -> Source {
        let text = unify_line_ends(text);
        let index = LineIndex::new(&text);
        Source { text, index }
    }

    /// Up to `width` characters of line `line`, from its character `from`
    /// (0-based); `None` past the end of the file.
    fn snippet(&self, line: u32, from: usize, width: usize) -> Option<String> {
        let text = self.index.line(&self.text, line)?;
        let start = text.as_ptr() as usize - self.text.as_ptr() as usize;
        let at = self.index.skip_chars(&self.text, start, from).min(start + text.len());
        Some(self.text[at..start + text.len()].chars().take(width).collect())
    }
}

/// Gives the source of a file for snippets (shared: a file with many
/// diagnostics is read and indexed once). `None` when unreadable.
pub type SourceLookup<'a> = &'a mut dyn FnMut(&std::path::Path) -> Option<std::rc::Rc<Source>>;

/// A [`SourceLookup`] reading files under `root`, each once.
pub fn file_sources(root: &std::path::Path) -> impl FnMut(&std::path::Path) -> Option<std::rc::Rc<Source>> + '_ {
    let mut cache: std::collections::HashMap<std::path::PathBuf, Option<std::rc::Rc<Source>>> = Default::default();
    move |p| {
        cache
            .entry(p.to_path_buf())
            .or_insert_with(|| std::fs::read_to_string(root.join(p)).ok().map(|t| std::rc::Rc::new(Source::new(t))))
            .clone()
    }
}

/// Renders one diagnostic in `format`. `source` gives file texts for snippets.
pub fn render(d: &Diagnostic, format: Format, color: bool, source: SourceLookup<'_>) -> String {
    match format {
        Format::Human => render_human(d, color, source),
        Format::Github => render_github(d),
        Format::Json => serde_json::to_string(d).unwrap_or_default() + "\n",
    }
}

fn render_human(d: &Diagnostic, color: bool, source: SourceLookup<'_>) -> String {
    let (sev, paint) = match d.severity {
        Severity::Error => ("error", "\x1b[1;31m"),
        Severity::Warning => ("warning", "\x1b[1;33m"),
    };
    let (on, bold, off) = if color { (paint, "\x1b[1m", "\x1b[0m") } else { ("", "", "") };
    let mut out = String::new();
    let _ = writeln!(out, "{on}{sev}[{}]{off}{bold}: {}{off}", d.code, d.message);
    let path = d.span.path.display();
    if d.span.line == 0 {
        let _ = writeln!(out, "  --> {path}");
    } else {
        let _ = writeln!(out, "  --> {path}:{}:{}", d.span.line, d.span.col);
        // At most 160 characters of the line; a far column shows the part
        // of the line around it.
        let col = (d.span.col.max(1) - 1) as usize;
        let from = if col < 120 { 0 } else { col - 40 };
        if let Some(line) = source(&d.span.path).and_then(|s| s.snippet(d.span.line, from, 160)) {
            let num = d.span.line.to_string();
            let pad = " ".repeat(num.len());
            let shown = if from > 0 { format!("…{line}") } else { line };
            let caret_at = col - from + usize::from(from > 0);
            let carets = "^".repeat(d.span.len.clamp(1, 80) as usize);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {shown}");
            let _ = writeln!(out, "{pad} | {}{on}{carets}{off}", " ".repeat(caret_at));
        }
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out
}

fn render_github(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut msg = format!("{} [{}]", d.message, d.code);
    if let Some(help) = &d.help {
        msg.push('\n');
        msg.push_str(help);
    }
    let esc = |s: &str| s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let prop = |s: &str| esc(s).replace(':', "%3A").replace(',', "%2C");
    let mut loc = format!("file={}", prop(&d.span.path.to_string_lossy()));
    if d.span.line > 0 {
        let _ = write!(loc, ",line={},col={}", d.span.line, d.span.col);
    }
    format!("::{kind} {loc}::{}\n", esc(&msg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let text = "ab\ncdé\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, 5), (2, 3));
        assert_eq!(idx.line_col(text, 8), (3, 1));
        assert_eq!(idx.line_col(text, 9), (4, 1));
        assert_eq!(idx.line_col(text, 999), (4, 2));
        assert_eq!(idx.line(text, 2), Some("cdé"));
        assert_eq!(idx.line(text, 0), None);
        assert_eq!(idx.line(text, 9), None);
    }

    #[test]
    fn columns_of_long_lines_count_characters_across_marks() {
        let text = format!("x\n{}", "é[[a]] ".repeat(5000));
        let idx = LineIndex::new(&text);
        for n in [0, 1, 700, 4999] {
            let offset = 2 + n * "é[[a]] ".len() + "é".len();
            assert_eq!(idx.line_col(&text, offset), (2, to_u32(n * 7 + 2)));
        }
        assert_eq!(idx.line_col(&text, 3), (2, 1), "inside a character: its start");
        let src = Source::new(text.clone());
        assert_eq!(src.snippet(2, 7 * 4000, 7).as_deref(), Some("é[[a]] "));
    }

    #[test]
    fn line_cols_agree_with_the_line_index() {
        let long = format!("x\n{}", "é[[a]] ".repeat(3000));
        for text in ["ab\ncdé\n\nx", "", "\n\n", "é\r\nü\n", long.as_str()] {
            let idx = LineIndex::new(text);
            // Every offset, inside characters and past the end too, ascending.
            let offsets: Vec<usize> = (0..=text.len() + 2).step_by(if text.len() > 100 { 7 } else { 1 }).collect();
            let want: Vec<(u32, u32)> = offsets.iter().map(|&o| idx.line_col(text, o)).collect();
            assert_eq!(line_cols(text, &offsets), want, "{text:?}");
            // A few, with repeats, as a scan gives them.
            let mut some = [0, 0, 3, 3, text.len() / 2, text.len()];
            some.sort_unstable();
            let want: Vec<(u32, u32)> = some.iter().map(|&o| idx.line_col(text, o)).collect();
            assert_eq!(line_cols(text, &some), want, "{text:?}");
        }
    }

    #[test]
    fn renders_human_with_snippet() {
        let d =
            Diagnostic::error("broken-link", Span::at("a.md", 2, 3, 4), "no page").with_help("did you mean `iren`?");
        let mut src = |_: &std::path::Path| Some(std::rc::Rc::new(Source::new("x\nab[[ire]]\n".to_string())));
        let out = render(&d, Format::Human, false, &mut src);
        assert_eq!(
            out,
            "error[broken-link]: no page\n  --> a.md:2:3\n  |\n2 | ab[[ire]]\n  |   ^^^^\n  = help: did you mean `iren`?\n"
        );
    }

    #[test]
    fn renders_github_annotations() {
        let d = Diagnostic::warning("orphan", Span::at("c/a,b.md", 1, 1, 0), "50% done\nx");
        assert_eq!(
            render(&d, Format::Github, false, &mut |_| None),
            "::warning file=c/a%2Cb.md,line=1,col=1::50%25 done%0Ax [orphan]\n"
        );
    }
}
