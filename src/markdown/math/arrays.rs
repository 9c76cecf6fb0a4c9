//! Tables of a formula as MathJax reads them, written as pulldown-latex
//! reads them: an `array`'s column list written loosely, rows with more
//! cells than an `array` declares or than `cases`' two, and `CD`
//! (commutative diagrams) as an array of objects and labelled arrows.
//!
//! MathJax builds an array's cells as they come and gives a column past
//! the declared ones the last column's alignment (MathML repeats the last
//! `columnalign`); pulldown-latex refuses a cell past them. Authors of
//! vaults write `cases` with three or more columns because Obsidian draws
//! them.

use super::macros::{control_sequence, group};
use std::borrow::Cow;

/// `tex` with each `array`'s column list as pulldown-latex reads it, which
/// LaTeX and MathJax read more loosely: spaces dropped (`{c c}`), `@{…}` and
/// `!{…}` (what goes between columns) left out, `*{3}{c}` written out, an
/// empty list (`{}`) one centred column, and the last column repeated for
/// as many cells as its widest row has.
pub(super) fn array_specs(tex: &str) -> Cow<'_, str> {
    const BEGIN: &str = "\\begin{array}";
    if !tex.contains(BEGIN) {
        return Cow::Borrowed(tex);
    }
    let mut out = String::with_capacity(tex.len());
    let mut rest = tex;
    while let Some(i) = rest.find(BEGIN) {
        let mut at = i + BEGIN.len();
        out.push_str(&rest[..at]);
        // A position (`[t]`) first.
        let after = rest[at..].trim_start();
        if after.starts_with('[') {
            if let Some(close) = after.find(']') {
                let skip = rest[at..].len() - after.len() + close + 1;
                out.push_str(&rest[at..at + skip]);
                at += skip;
            }
        }
        let after = rest[at..].trim_start();
        if let Some((spec, len)) = group(after, 0) {
            let mut columns = columns(spec, 0);
            if columns.is_empty() {
                columns.push('c');
            }
            at += rest[at..].len() - after.len() + len;
            let body = environment_body(rest, at, "array");
            let wanted = widest_row(&rest[at..body]);
            let last = columns.chars().rev().find(|c| matches!(c, 'l' | 'c' | 'r')).unwrap_or('c');
            for _ in declared(&columns)..wanted.min(MAX_COLUMNS) {
                columns.push(last);
            }
            out.push('{');
            out.push_str(&columns);
            out.push('}');
        }
        rest = &rest[at..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The most columns a table is widened to.
const MAX_COLUMNS: usize = 64;

/// The environments of two columns that MathJax, like `cases`, draws with
/// as many as a row has: each with its brace, its left and right fences,
/// and whether its cells are in display style.
const CASES: [(&str, &str, &str, bool); 4] = [
    ("cases", "\\{", ".", false),
    ("dcases", "\\{", ".", true),
    ("rcases", ".", "\\}", false),
    ("drcases", ".", "\\}", true),
];

/// `tex` with each `cases` (and `dcases`, `rcases`, `drcases`) that has a
/// row of more than two cells written as the left-aligned array between
/// fences that it is.
pub(super) fn wide_cases(tex: &str) -> Cow<'_, str> {
    if !tex.contains("cases}") {
        return Cow::Borrowed(tex);
    }
    let mut out = String::with_capacity(tex.len() + 32);
    let mut at = 0;
    while let Some(i) = tex[at..].find("\\begin{") {
        let start = at + i;
        let name_at = start + "\\begin{".len();
        let found = CASES
            .iter()
            .find(|(name, ..)| tex[name_at..].starts_with(name) && tex[name_at + name.len()..].starts_with('}'));
        let Some(&(name, left, right, display)) = found else {
            out.push_str(&tex[at..name_at]);
            at = name_at;
            continue;
        };
        let body = name_at + name.len() + 1;
        let end = environment_body(tex, body, name);
        let cells = widest_row(&tex[body..end]);
        out.push_str(&tex[at..start]);
        let close = format!("\\end{{{name}}}");
        if cells <= 2 || !tex[end..].starts_with(&close) {
            out.push_str(&tex[start..body]);
            at = body;
            continue;
        }
        let array = if display { "darray" } else { "array" };
        out.push_str(&format!("\\left{left}\\begin{{{array}}}{{{}}}", "l".repeat(cells.min(MAX_COLUMNS))));
        // Cases inside this one are widened too.
        out.push_str(&wide_cases(&tex[body..end]));
        out.push_str(&format!("\\end{{{array}}}\\right{right}"));
        at = end + close.len();
    }
    out.push_str(&tex[at..]);
    Cow::Owned(out)
}

/// `tex` with each `CD` environment (amscd, which MathJax reads) written as
/// an array: a row of objects and horizontal arrows (`A @>f>> B`), or a row
/// of vertical arrows (`@VgVV @. @AAhA`) under the objects, each label
/// above or beside its arrow.
pub(super) fn commutative_diagrams(tex: &str) -> Cow<'_, str> {
    const BEGIN: &str = "\\begin{CD}";
    const END: &str = "\\end{CD}";
    if !tex.contains(BEGIN) {
        return Cow::Borrowed(tex);
    }
    let mut out = String::with_capacity(tex.len() + 64);
    let mut rest = tex;
    while let Some(i) = rest.find(BEGIN) {
        out.push_str(&rest[..i]);
        let body = &rest[i + BEGIN.len()..];
        let Some(end) = body.find(END) else {
            out.push_str(&rest[i..]);
            return Cow::Owned(out);
        };
        let rows: Vec<Vec<String>> = split_rows(&body[..end]).into_iter().map(diagram_row).collect();
        let width = rows.iter().map(Vec::len).max().unwrap_or(1).clamp(1, MAX_COLUMNS);
        out.push_str("\\begin{array}{");
        out.push_str(&"c".repeat(width));
        out.push('}');
        for (n, row) in rows.iter().enumerate() {
            if n > 0 {
                out.push_str(" \\\\ ");
            }
            out.push_str(&row.iter().take(width).cloned().collect::<Vec<_>>().join(" & "));
        }
        out.push_str("\\end{array}");
        rest = &body[end + END.len()..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// One row of a diagram as cells: objects in the even columns, horizontal
/// arrows between them; a row of vertical arrows has them in the even
/// columns, under the objects, and nothing between.
fn diagram_row(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut object = String::new();
    let mut vertical = false;
    let mut rest = row;
    while let Some(i) = arrow_start(rest) {
        object.push_str(&rest[..i]);
        let (arrow, len) = arrow(&rest[i + 1..]);
        rest = &rest[i + 1 + len..];
        match arrow {
            Arrow::Horizontal(drawn) => {
                cells.push(std::mem::take(&mut object).trim().to_string());
                cells.push(drawn);
            }
            Arrow::Vertical(drawn) => {
                vertical = true;
                if !cells.is_empty() {
                    cells.push(String::new());
                }
                cells.push(drawn);
            }
            Arrow::Text(text) => object.push_str(&text),
        }
    }
    object.push_str(rest);
    if !vertical {
        cells.push(object.trim().to_string());
    }
    cells
}

/// Where the next `@` of an arrow is (not `\@`).
fn arrow_start(tex: &str) -> Option<usize> {
    tex.match_indices('@').map(|(i, _)| i).find(|&i| !tex[..i].ends_with('\\'))
}

/// An arrow of a diagram, drawn.
enum Arrow {
    Horizontal(String),
    Vertical(String),
    /// An `@` that starts no arrow.
    Text(String),
}

/// The arrow after an `@` (`>a>b>`, `<a<b<`, `VaVbV`, `AaAbA`, `=`, `|`,
/// `.`) and its length.
fn arrow(tex: &str) -> (Arrow, usize) {
    let Some(kind) = tex.chars().next() else { return (Arrow::Text("@".into()), 0) };
    match kind {
        '=' => (Arrow::Horizontal("\\overset{\\quad\\quad}{=\\!=\\!=}".into()), 1),
        '|' => (Arrow::Vertical("\\Big\\Vert".into()), 1),
        '.' => (Arrow::Vertical(String::new()), 1),
        '>' | '<' | 'V' | 'A' => {
            let Some((first, second, len)) = labels(&tex[1..], kind) else {
                return (Arrow::Text("@".into()), 0);
            };
            let drawn = match kind {
                '>' => Arrow::Horizontal(format!("\\xrightarrow[{second}]{{\\quad {first}\\quad}}")),
                '<' => Arrow::Horizontal(format!("\\xleftarrow[{second}]{{\\quad {first}\\quad}}")),
                'V' => Arrow::Vertical(format!("{{\\scriptstyle {first}}}\\Big\\downarrow{{\\scriptstyle {second}}}")),
                _ => Arrow::Vertical(format!("{{\\scriptstyle {first}}}\\Big\\uparrow{{\\scriptstyle {second}}}")),
            };
            (drawn, 1 + len)
        }
        _ => (Arrow::Text("@".into()), 0),
    }
}

/// The two labels of an arrow after its first mark (`a>b>` for `@>a>b>`),
/// each up to the next `mark` outside braces, and their length.
fn labels(tex: &str, mark: char) -> Option<(&str, &str, usize)> {
    let first = outside_braces(tex, mark)?;
    let second = outside_braces(&tex[first + 1..], mark)? + first + 1;
    Some((tex[..first].trim(), tex[first + 1..second].trim(), second + 1))
}

/// Where `mark` first is outside braces in `tex`.
fn outside_braces(tex: &str, mark: char) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in tex.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if c == mark && depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Where the body of the environment `name` that starts at `from` ends:
/// at its own `\end{name}` (others of its name nest), or the end of `tex`.
fn environment_body(tex: &str, from: usize, name: &str) -> usize {
    let (begin, end) = (format!("\\begin{{{name}}}"), format!("\\end{{{name}}}"));
    let mut depth = 0usize;
    let mut at = from;
    while let Some(i) = tex[at..].find(['\\']) {
        let i = at + i;
        if tex[i..].starts_with(&end) {
            if depth == 0 {
                return i;
            }
            depth -= 1;
        } else if tex[i..].starts_with(&begin) {
            depth += 1;
        }
        at = i + 1 + tex[i + 1..].chars().next().map_or(0, char::len_utf8);
    }
    tex.len()
}

/// The rows of a table's body, split at `\\` and `\cr` outside braces and
/// inner environments.
fn split_rows(body: &str) -> Vec<&str> {
    let mut rows = Vec::new();
    let mut start = 0;
    walk(body, |at, len, token| {
        if token == Token::Row {
            rows.push(&body[start..at]);
            start = at + len;
        }
    });
    rows.push(&body[start..]);
    rows
}

/// The most cells a row of a table's body has (`&` outside braces and
/// inner environments, plus one).
fn widest_row(body: &str) -> usize {
    let (mut widest, mut cells) = (1, 1);
    walk(body, |_, _, token| match token {
        Token::Cell => {
            cells += 1;
            widest = widest.max(cells);
        }
        Token::Row => cells = 1,
    });
    widest
}

/// What [`walk`] reports.
#[derive(PartialEq, Eq)]
enum Token {
    /// `&`.
    Cell,
    /// `\\` or `\cr`.
    Row,
}

/// Calls `found` with the position, length and kind of each `&`, `\\` and
/// `\cr` of `body` outside braces and inner environments.
fn walk(body: &str, mut found: impl FnMut(usize, usize, Token)) {
    let b = body.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                let (name, end) = control_sequence(body, i);
                match name {
                    "\\" if depth == 0 => found(i, 2, Token::Row),
                    "cr" if depth == 0 => found(i, 3, Token::Row),
                    "begin" => depth += 1,
                    "end" => depth = depth.saturating_sub(1),
                    _ => {}
                }
                i = end.max(i + 1);
                continue;
            }
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'&' if depth == 0 => found(i, 1, Token::Cell),
            _ => {}
        }
        i += 1;
    }
}

/// How many columns a column list (as [`columns`] writes it) declares.
fn declared(columns: &str) -> usize {
    let mut depth = 0usize;
    columns
        .chars()
        .filter(|&c| {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0 && matches!(c, 'l' | 'c' | 'r' | 'p' | 'm' | 'b')
        })
        .count()
}

/// A column list without spaces and `@{…}`/`!{…}`/`>{…}`/`<{…}`, with
/// `*{n}{…}` written out (at most 64 times, two levels deep).
fn columns(spec: &str, depth: usize) -> String {
    let mut out = String::new();
    let mut rest = spec;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            _ if c.is_whitespace() => {}
            '@' | '!' | '>' | '<' => {
                rest = group(rest.trim_start(), 0).map_or(rest, |(_, len)| &rest.trim_start()[len..])
            }
            '*' => {
                let r = rest.trim_start();
                let Some((n, len)) = group(r, 0) else { continue };
                let r = r[len..].trim_start();
                let Some((inner, len2)) = group(r, 0) else { continue };
                let n = n.trim().parse::<usize>().unwrap_or(1).min(MAX_COLUMNS);
                if depth < 2 {
                    out.push_str(&columns(inner, depth + 1).repeat(n));
                }
                rest = &r[len2..];
            }
            'p' | 'm' | 'b' => {
                out.push(c);
                if let Some((width, len)) = group(rest.trim_start(), 0) {
                    out.push('{');
                    out.push_str(width);
                    out.push('}');
                    rest = &rest.trim_start()[len..];
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_lists_are_written_as_pulldown_latex_reads_them() {
        for (tex, want) in [
            ("\\begin{array}{c c} a & b \\end{array}", "\\begin{array}{cc} a & b \\end{array}"),
            ("\\begin{array}{ c } a \\end{array}", "\\begin{array}{c} a \\end{array}"),
            ("\\begin{array}{@{}c@{}c@{}} a & b \\end{array}", "\\begin{array}{cc} a & b \\end{array}"),
            ("\\begin{array}{*{3}{c}|l}", "\\begin{array}{ccc|l}"),
            ("\\begin{array}{} a \\\\ b \\end{array}", "\\begin{array}{c} a \\\\ b \\end{array}"),
            ("\\begin{array}[t]{ l r }", "\\begin{array}[t]{lr}"),
            ("\\begin{array}{p{2cm} c}", "\\begin{array}{p{2cm}c}"),
            ("x \\begin{array}{cc} y", "x \\begin{array}{cc} y"),
            ("no array", "no array"),
        ] {
            assert_eq!(array_specs(tex), want, "{tex}");
        }
    }

    #[test]
    fn an_array_takes_as_many_columns_as_its_widest_row_repeating_the_last() {
        for (tex, want) in [
            ("\\begin{array}{cc} 1 & 2 & 3 \\\\ 4 \\end{array}", "\\begin{array}{ccc} 1 & 2 & 3 \\\\ 4 \\end{array}"),
            ("\\begin{array}{r|l} a & b & c & d \\end{array}", "\\begin{array}{r|lll} a & b & c & d \\end{array}"),
            // Cells of inner tables, groups and escaped `&` are not its own.
            (
                "\\begin{array}{c} \\begin{matrix} a & b \\end{matrix} \\\\ {x & y} \\& z \\end{array}",
                "\\begin{array}{c} \\begin{matrix} a & b \\end{matrix} \\\\ {x & y} \\& z \\end{array}",
            ),
            (
                "\\begin{array}{c} \\begin{array}{c} a & b \\end{array} & c \\end{array}",
                "\\begin{array}{cc} \\begin{array}{cc} a & b \\end{array} & c \\end{array}",
            ),
            ("\\begin{array}{p{2cm}} a & b \\end{array}", "\\begin{array}{p{2cm}c} a & b \\end{array}"),
        ] {
            assert_eq!(array_specs(tex), want, "{tex}");
        }
    }

    #[test]
    fn cases_of_more_than_two_columns_are_an_array_between_fences() {
        assert_eq!(
            wide_cases("\\begin{cases} a & b \\\\ c & d \\end{cases}"),
            "\\begin{cases} a & b \\\\ c & d \\end{cases}"
        );
        assert_eq!(
            wide_cases("f = \\begin{cases} a, & b, & c \\\\ d, && e \\end{cases} + 1"),
            "f = \\left\\{\\begin{array}{lll} a, & b, & c \\\\ d, && e \\end{array}\\right. + 1"
        );
        assert_eq!(
            wide_cases("\\begin{drcases} a & b & c \\end{drcases}"),
            "\\left.\\begin{darray}{lll} a & b & c \\end{darray}\\right\\}"
        );
        // Inner cases are widened on their own.
        assert_eq!(
            wide_cases("\\begin{cases} \\begin{cases} a&b&c \\end{cases} & x \\end{cases}"),
            "\\begin{cases} \\left\\{\\begin{array}{lll} a&b&c \\end{array}\\right. & x \\end{cases}"
        );
        // Unclosed: left for pulldown-latex to report.
        assert_eq!(wide_cases("\\begin{cases} a & b & c"), "\\begin{cases} a & b & c");
    }

    #[test]
    fn a_commutative_diagram_is_an_array_of_objects_and_arrows() {
        assert_eq!(
            commutative_diagrams("\\begin{CD} A @>f>> B \\\\ @VgVV @AAhA \\\\ C @<<k< D \\end{CD}"),
            "\\begin{array}{ccc}A & \\xrightarrow[]{\\quad f\\quad} & B \\\\ \
             {\\scriptstyle g}\\Big\\downarrow{\\scriptstyle } &  & {\\scriptstyle }\\Big\\uparrow{\\scriptstyle h} \\\\ \
             C & \\xleftarrow[k]{\\quad \\quad} & D\\end{array}"
        );
        assert_eq!(
            commutative_diagrams("x = \\begin{CD} R @>{N~=~2}>> S @= T \\end{CD}"),
            "x = \\begin{array}{ccccc}R & \\xrightarrow[]{\\quad {N~=~2}\\quad} & S & \\overset{\\quad\\quad}{=\\!=\\!=} & T\\end{array}"
        );
        // Labels hold braces with the mark inside; an `@` that starts no arrow is text.
        assert_eq!(
            commutative_diagrams("\\begin{CD} A @>{a>b}>> B @x \\end{CD}"),
            "\\begin{array}{ccc}A & \\xrightarrow[]{\\quad {a>b}\\quad} & B @x\\end{array}"
        );
        assert_eq!(commutative_diagrams("\\begin{CD} A @>"), "\\begin{CD} A @>");
    }
}
