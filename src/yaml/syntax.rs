//! Checks and locations for YAML syntax errors that serde_yaml reports
//! badly or too late: flow collections nested so deep that its scanner would
//! take quadratic time, integers beyond 64 bits, duplicate keys (reported at
//! their mapping) and a second document (reported nowhere).

use crate::diag::to_u32;

/// serde_yaml reports a duplicate key at its mapping; point at the second
/// occurrence of the key instead.
pub(super) fn duplicate_key_line(text: &str, message: &str) -> Option<(u32, u32)> {
    if !message.contains("duplicate entry") {
        return None;
    }
    let key = message.split('"').nth(1)?;
    let mut seen = 0;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if trimmed.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')) {
            seen += 1;
            if seen == 2 {
                return Some((to_u32(i + 1), to_u32(line.len() - trimmed.len() + 1)));
            }
        }
    }
    None
}

/// serde_yaml reads an integer beyond 64 bits as a u128 it cannot store, and
/// says "invalid type: integer `N` as u128, expected any YAML value"; say
/// what is wrong instead.
pub(super) fn too_large_message(message: &str) -> Option<String> {
    const MARK: &str = "invalid type: integer `";
    let at = message.find(MARK)?;
    let (number, tail) = message[at + MARK.len()..].split_once('`')?;
    if !(tail.starts_with(" as u128") || tail.starts_with(" as i128")) {
        return None;
    }
    Some(format!("{}the number {number} is too large (numbers must lie between -2^63 and 2^64 - 1)", &message[..at]))
}

/// serde_yaml gives no position for a second document in one file (a `---`
/// or `...` line inside front matter or the config): the line of that marker.
pub(super) fn second_document_line(text: &str, message: &str) -> Option<(u32, u32)> {
    if !message.contains("more than one document") {
        return None;
    }
    let mut content = false;
    for (i, line) in text.lines().enumerate() {
        let marker = line == "---" || line.starts_with("--- ") || line.trim_end() == "...";
        if marker && content {
            return Some((to_u32(i + 1), 1));
        }
        content |= !marker && !line.trim().is_empty() && !line.trim_start().starts_with('#');
    }
    None
}

/// How deep flow collections (`[…]`, `{…}`) may nest. serde_yaml refuses
/// more than 128 levels of any nesting anyway, but only after its scanner has
/// read them, in time that grows with the square of the depth.
pub(super) const MAX_FLOW_DEPTH: usize = 128;

/// Where flow collections first nest deeper than [`MAX_FLOW_DEPTH`] (line and
/// column, 1-based), found in one pass that skips quoted scalars and
/// comments. Brackets inside a plain scalar (`title: a [b`) count too, so
/// this can only err towards refusing such a document.
pub(super) fn too_deep(text: &str) -> Option<(u32, u32)> {
    let (mut depth, mut line, mut col) = (0usize, 1u32, 0u32);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    // Whether a scalar may start here: at a line's start, after `: `, `- `,
    // `? `, `[`, `{` or `,`. A quote elsewhere (`IREN's`) is plain text.
    let mut may_start = true;
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        match quote {
            Some('\'') if c == '\'' && chars.peek() == Some(&'\'') => {
                chars.next();
                col += 1;
            }
            Some('\'') if c == '\'' => quote = None,
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some('"') if c == '"' => quote = None,
            Some(_) => {}
            None if comment && c != '\n' => {}
            None => match c {
                '\n' => (comment, may_start) = (false, true),
                ' ' | '\t' => may_start |= matches!(prev, ':' | '-' | '?'),
                '#' if matches!(prev, ' ' | '\t' | '\n') => comment = true,
                '\'' | '"' if may_start => quote = Some(c),
                '[' | '{' | ',' => {
                    may_start = true;
                    if c != ',' {
                        depth += 1;
                        if depth > MAX_FLOW_DEPTH {
                            return Some((line, col));
                        }
                    }
                }
                ']' | '}' => (depth, may_start) = (depth.saturating_sub(1), false),
                _ => may_start = false,
            },
        }
        if c == '\n' {
            (line, col) = (line + 1, 0);
        }
        prev = c;
    }
    None
}

/// libyaml (YAML 1.1) also ends lines at U+0085, U+2028 and U+2029, which
/// pivotbook does not (nor do CommonMark and YAML 1.2): turns a line number
/// of libyaml's into one that counts only LFs.
pub(super) fn text_line(text: &str, yaml_line: u32) -> u32 {
    if !text.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        return yaml_line;
    }
    let (mut theirs, mut ours) = (1, 1);
    for c in text.chars() {
        if theirs >= yaml_line {
            break;
        }
        match c {
            '\n' => (theirs, ours) = (theirs + 1, ours + 1),
            '\u{85}' | '\u{2028}' | '\u{2029}' => theirs += 1,
            _ => {}
        }
    }
    ours
}

/// The innermost `[` or `{` still open when line `upto` (1-based) is reached,
/// as (line, column, bracket); quoted strings and comments are skipped.
pub(super) fn unclosed_flow(text: &str, upto: u32) -> Option<(u32, u32, char)> {
    let mut open: Vec<(u32, u32, char)> = Vec::new();
    for (line, l) in (1u32..).zip(text.lines()) {
        if line > upto {
            break;
        }
        let mut quote: Option<char> = None;
        for (col, c) in (1u32..).zip(l.chars()) {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => open.push((line, col, c)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    open.last().copied()
}

/// The (1-based) line of a `...` end marker that has fields after it.
pub(super) fn content_after_end_marker(text: &str) -> Option<u32> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines.iter().position(|l| l.trim_end() == "...")?;
    let more = lines[end + 1..].iter().any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    more.then(|| to_u32(end + 1))
}
