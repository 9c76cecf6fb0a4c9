//! What MathJax reads and pulldown-latex does not, written as what
//! pulldown-latex draws alike: MathJax's own commands, as definitions a
//! formula is given when it uses one, the `eqnarray` and `multline`
//! environments, and
//! fractions written between their parts (`{a \over b}`).

use super::macros::{control_sequence, group, spaces};

/// Environments MathJax knows and pulldown-latex does not: `eqnarray`,
/// three columns, right, centred and left aligned (`a &=& b \\ …`), and
/// amsmath's `multline`, one equation broken over lines, as `gather*`
/// (its lines centred, where `multline` sets the first to the left and the
/// last to the right).
pub(super) const ENVIRONMENTS: [(&str, &str); 8] = [
    ("\\begin{eqnarray}", "\\begin{array}{rcl}"),
    ("\\begin{eqnarray*}", "\\begin{array}{rcl}"),
    ("\\end{eqnarray}", "\\end{array}"),
    ("\\end{eqnarray*}", "\\end{array}"),
    ("\\begin{multline}", "\\begin{gather*}"),
    ("\\begin{multline*}", "\\begin{gather*}"),
    ("\\end{multline}", "\\end{gather*}"),
    ("\\end{multline*}", "\\end{gather*}"),
];

/// Commands MathJax knows (Obsidian and Quartz render math with it, and
/// load most of its extensions when a formula needs them) and
/// pulldown-latex does not, each defined as the commands that mean the
/// same or draw alike: `\mbox{…}` is text, the extensible arrows of the
/// extpfeil and mathtools extensions (`\xlongequal[below]{above}`) their
/// arrow with the labels over and under it, `\mathscr` the script letters
/// `\mathcal` gives in MathML, `\Bbb` `\mathbb` and `\hbox` `\text`, `\dddot` three dots
/// over, `\nolimits` after a name that has no limits nothing, `\ket{ψ}` the bracket, `\tag{1}` the number
/// after the formula, `\mod n` amsmath's spaced "mod". What only places or
/// styles (`\phantom`, `\rule`, `\smash`, `\label`, `\class`, `\href`, the text size
/// switches, `\require` loading an extension) keeps what it holds and
/// drops the rest. A formula that uses one, and does not define it, is
/// given its definition first.
pub(super) const MATHJAX: [(&str, &str); 78] = [
    ("\\mbox", "\\newcommand{\\mbox}[1]{\\text#1}"),
    ("\\space", "\\newcommand{\\space}[0]{\\text{ }}"),
    ("\\mathscr", "\\newcommand{\\mathscr}[1]{\\mathcal{#1}}"),
    ("\\Bbb", "\\newcommand{\\Bbb}[1]{\\mathbb{#1}}"),
    ("\\hbox", "\\newcommand{\\hbox}[1]{\\text{#1}}"),
    ("\\mspace", "\\newcommand{\\mspace}[1]{\\mkern#1}"),
    ("\\nolimits", "\\newcommand{\\nolimits}[0]{}"),
    ("\\dddot", "\\newcommand{\\dddot}[1]{\\overset{\\ldots}{#1}}"),
    ("\\ddddot", "\\newcommand{\\ddddot}[1]{\\overset{\\ldots\\,.}{#1}}"),
    ("\\mathds", "\\newcommand{\\mathds}[1]{\\mathbb{#1}}"),
    ("\\mathbbm", "\\newcommand{\\mathbbm}[1]{\\mathbb{#1}}"),
    ("\\bm", "\\newcommand{\\bm}[1]{\\boldsymbol{#1}}"),
    ("\\ket", "\\newcommand{\\ket}[1]{\\left|#1\\right\\rangle}"),
    ("\\bra", "\\newcommand{\\bra}[1]{\\left\\langle#1\\right|}"),
    ("\\braket", "\\newcommand{\\braket}[1]{\\left\\langle#1\\right\\rangle}"),
    ("\\Set", "\\newcommand{\\Set}[1]{\\left\\{#1\\right\\}}"),
    ("\\set", "\\newcommand{\\set}[1]{\\{#1\\}}"),
    ("\\llbracket", "\\newcommand{\\llbracket}[0]{⟦}"),
    ("\\rrbracket", "\\newcommand{\\rrbracket}[0]{⟧}"),
    ("\\xmapsto", "\\newcommand{\\xmapsto}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\mapsto}}}}"),
    (
        "\\xleftrightarrow",
        "\\newcommand{\\xleftrightarrow}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\leftrightarrow}}}}",
    ),
    ("\\xLeftarrow", "\\newcommand{\\xLeftarrow}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\Leftarrow}}}}"),
    ("\\xRightarrow", "\\newcommand{\\xRightarrow}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\Rightarrow}}}}"),
    (
        "\\xLeftrightarrow",
        "\\newcommand{\\xLeftrightarrow}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\Leftrightarrow}}}}",
    ),
    (
        "\\xhookleftarrow",
        "\\newcommand{\\xhookleftarrow}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\hookleftarrow}}}}",
    ),
    (
        "\\xhookrightarrow",
        "\\newcommand{\\xhookrightarrow}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\hookrightarrow}}}}",
    ),
    (
        "\\xtwoheadleftarrow",
        "\\newcommand{\\xtwoheadleftarrow}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\twoheadleftarrow}}}}",
    ),
    (
        "\\xtwoheadrightarrow",
        "\\newcommand{\\xtwoheadrightarrow}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\twoheadrightarrow}}}}",
    ),
    ("\\xlongequal", "\\newcommand{\\xlongequal}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{=\\!=\\!=}}}}"),
    ("\\xtofrom", "\\newcommand{\\xtofrom}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\rightleftarrows}}}}"),
    (
        "\\xleftharpoonup",
        "\\newcommand{\\xleftharpoonup}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\leftharpoonup}}}}",
    ),
    (
        "\\xleftharpoondown",
        "\\newcommand{\\xleftharpoondown}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\leftharpoondown}}}}",
    ),
    (
        "\\xrightharpoonup",
        "\\newcommand{\\xrightharpoonup}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\rightharpoonup}}}}",
    ),
    (
        "\\xrightharpoondown",
        "\\newcommand{\\xrightharpoondown}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\rightharpoondown}}}}",
    ),
    (
        "\\xleftrightharpoons",
        "\\newcommand{\\xleftrightharpoons}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\leftrightharpoons}}}}",
    ),
    (
        "\\xrightleftharpoons",
        "\\newcommand{\\xrightleftharpoons}[2][]{\\mathrel{\\underset{#1}{\\overset{#2}{\\rightleftharpoons}}}}",
    ),
    ("\\mod", "\\newcommand{\\mod}[1]{\\quad\\operatorname{mod}\\,\\,#1}"),
    ("\\varprojlim", "\\newcommand{\\varprojlim}[0]{\\underset{\\longleftarrow}{\\lim}}"),
    ("\\varinjlim", "\\newcommand{\\varinjlim}[0]{\\underset{\\longrightarrow}{\\lim}}"),
    ("\\projlim", "\\newcommand{\\projlim}[0]{\\operatorname{proj\\,lim}}"),
    ("\\injlim", "\\newcommand{\\injlim}[0]{\\operatorname{inj\\,lim}}"),
    ("\\tag", "\\newcommand{\\tag}[1]{\\qquad\\text{(#1)}}"),
    ("\\eqref", "\\newcommand{\\eqref}[1]{\\text{(#1)}}"),
    ("\\ref", "\\newcommand{\\ref}[1]{\\text{#1}}"),
    ("\\label", "\\newcommand{\\label}[1]{}"),
    ("\\nonumber", "\\newcommand{\\nonumber}[0]{}"),
    ("\\notag", "\\newcommand{\\notag}[0]{}"),
    ("\\newline", "\\newcommand{\\newline}[0]{\\\\}"),
    ("\\nobreak", "\\newcommand{\\nobreak}[0]{}"),
    ("\\allowbreak", "\\newcommand{\\allowbreak}[0]{}"),
    ("\\phantom", "\\newcommand{\\phantom}[1]{}"),
    ("\\vphantom", "\\newcommand{\\vphantom}[1]{}"),
    // Most often a strut, `\rule{0pt}{2.5ex}`, which only spaces rows.
    ("\\rule", "\\newcommand{\\rule}[2]{}"),
    ("\\hphantom", "\\newcommand{\\hphantom}[1]{}"),
    ("\\smash", "\\newcommand{\\smash}[1]{#1}"),
    ("\\rlap", "\\newcommand{\\rlap}[1]{#1}"),
    ("\\llap", "\\newcommand{\\llap}[1]{#1}"),
    ("\\mathrlap", "\\newcommand{\\mathrlap}[1]{#1}"),
    ("\\mathllap", "\\newcommand{\\mathllap}[1]{#1}"),
    ("\\mathclap", "\\newcommand{\\mathclap}[1]{#1}"),
    ("\\fbox", "\\newcommand{\\fbox}[1]{\\text{#1}}"),
    ("\\class", "\\newcommand{\\class}[2]{#2}"),
    ("\\cssId", "\\newcommand{\\cssId}[2]{#2}"),
    ("\\style", "\\newcommand{\\style}[2]{#2}"),
    ("\\href", "\\newcommand{\\href}[2]{#2}"),
    ("\\enclose", "\\newcommand{\\enclose}[2]{#2}"),
    ("\\bbox", "\\newcommand{\\bbox}[2][]{#2}"),
    ("\\require", "\\newcommand{\\require}[1]{}"),
    ("\\tiny", "\\newcommand{\\tiny}[0]{}"),
    ("\\scriptsize", "\\newcommand{\\scriptsize}[0]{}"),
    ("\\footnotesize", "\\newcommand{\\footnotesize}[0]{}"),
    ("\\LARGE", "\\newcommand{\\LARGE}[0]{}"),
    ("\\small", "\\newcommand{\\small}[0]{}"),
    ("\\normalsize", "\\newcommand{\\normalsize}[0]{}"),
    ("\\large", "\\newcommand{\\large}[0]{}"),
    ("\\Large", "\\newcommand{\\Large}[0]{}"),
    ("\\huge", "\\newcommand{\\huge}[0]{}"),
    ("\\Huge", "\\newcommand{\\Huge}[0]{}"),
];

/// TeX's fractions written between their parts (`{a \over b}`,
/// `{n \choose k}`, `{a \atop b}`, which MathJax reads and pulldown-latex
/// does not) as the commands around them: the group holding one, or the
/// whole formula, is its two parts.
pub(super) fn infix_fractions(tex: &str) -> std::borrow::Cow<'_, str> {
    const INFIX: [(&str, &str); 3] =
        [("\\over", "\\frac"), ("\\choose", "\\binom"), ("\\atop", "\\genfrac{}{}{0pt}{}")];
    if !INFIX.iter().any(|(name, _)| super::uses(tex, name)) {
        return std::borrow::Cow::Borrowed(tex);
    }
    let mut tex = tex.to_string();
    // Each round takes one away; a formula has a few at most.
    for _ in 0..64 {
        let Some((at, name, command)) = INFIX
            .iter()
            .filter_map(|(name, command)| {
                let at = tex.match_indices(name).map(|(i, _)| i).find(|&i| {
                    !tex[i + name.len()..].starts_with(|c: char| c.is_ascii_alphabetic()) && !escaped(&tex, i)
                })?;
                Some((at, *name, *command))
            })
            .min_by_key(|(at, _, _)| *at)
        else {
            break;
        };
        let (start, end) = enclosing_group(&tex, at, at + name.len());
        let replaced = format!("{command}{{{}}}{{{}}}", &tex[start..at], &tex[at + name.len()..end]);
        tex.replace_range(start..end, &replaced);
    }
    std::borrow::Cow::Owned(tex)
}

/// Whether the `\` at `at` is itself escaped (the second of `\\`).
fn escaped(tex: &str, at: usize) -> bool {
    tex[..at].bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

/// The inside of the innermost group holding `from..to` (or the whole
/// text): its start and end.
fn enclosing_group(tex: &str, from: usize, to: usize) -> (usize, usize) {
    let b = tex.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < from {
        match b[i] {
            // `\left(` opens a group after its delimiter, `\right` closes it.
            b'\\' if tex[i..].starts_with("\\left") && !word_goes_on(tex, i + 5) => {
                i = after_delimiter(tex, i + 5);
                open.push(i);
                continue;
            }
            b'\\' if tex[i..].starts_with("\\right") && !word_goes_on(tex, i + 6) => {
                open.pop();
                i += 1;
            }
            b'\\' => i += 1,
            b'{' => open.push(i + 1),
            b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    // A delimiter read past `from` (`\\left\\over`, the fraction taken as
    // the delimiter) opens no group before it.
    let start = open.last().copied().unwrap_or(0).min(from);
    let (mut depth, mut i) = (0usize, to);
    while i < b.len() {
        match b[i] {
            b'\\' if tex[i..].starts_with("\\right") && !word_goes_on(tex, i + 6) => {
                if depth == 0 {
                    return (start, i);
                }
                depth -= 1;
                i += 1;
            }
            b'\\' if tex[i..].starts_with("\\left") && !word_goes_on(tex, i + 5) => {
                depth += 1;
                i += 1;
            }
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' if depth == 0 => return (start, i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    (start, b.len())
}

/// Whether a control word goes on at `at` (`\leftarrow` after `\left`).
fn word_goes_on(tex: &str, at: usize) -> bool {
    tex[at..].starts_with(|c: char| c.is_ascii_alphabetic())
}

/// Where the delimiter after `\left` (from `at`) ends: a command
/// (`\langle`, `\{`) or one character, spaces before it skipped.
fn after_delimiter(tex: &str, at: usize) -> usize {
    let at = spaces(tex, at);
    match tex[at..].chars().next() {
        Some('\\') => control_sequence(tex, at).1,
        c => at + c.map_or(0, char::len_utf8),
    }
}

/// `tex` with `\unicode{x20AC}` (MathJax's character by its number,
/// hexadecimal after `x` or decimal) as the character itself.
pub(super) fn unicode_chars(tex: &str) -> std::borrow::Cow<'_, str> {
    const UNICODE: &str = "\\unicode";
    if !tex.contains(UNICODE) {
        return std::borrow::Cow::Borrowed(tex);
    }
    let mut out = String::with_capacity(tex.len());
    let mut rest = tex;
    while let Some(i) = rest.find(UNICODE) {
        out.push_str(&rest[..i]);
        let after = &rest[i + UNICODE.len()..];
        let found = group(after, 0).and_then(|(number, len)| {
            let number = number.trim();
            let code = match number.strip_prefix('x').or_else(|| number.strip_prefix("0x")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            // `<`, `>` and `&` are for `safe_tex`, which writes them as commands.
            Some((char::from_u32(code).filter(|c| !c.is_control())?, len))
        });
        match found {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push_str(UNICODE);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// `tex` with the `$…$` inside text (`\text{if $x > 0$}`, `\mbox`,
/// `\hbox`, and a tag's `\tag*{$\blacksquare$}`) as math between pieces
/// of text, as MathJax reads it; pulldown-latex refuses a `$` there. A
/// `\tag*{…}`, which MathJax writes without brackets, is the text after a
/// space, and a `\tag{…}` holding math is that in brackets.
pub(super) fn text_with_math(tex: &str) -> std::borrow::Cow<'_, str> {
    const COMMANDS: [&str; 5] = ["\\text", "\\mbox", "\\hbox", "\\tag*", "\\tag"];
    let holds_math = tex.contains('$') && COMMANDS.iter().any(|c| tex.contains(c));
    if !(holds_math || tex.contains("\\tag*")) {
        return std::borrow::Cow::Borrowed(tex);
    }
    let mut out = String::with_capacity(tex.len() + 16);
    let mut at = 0;
    while let Some(i) = tex[at..].find('\\') {
        let start = at + i;
        let found = COMMANDS.iter().find(|c| {
            tex[start..].starts_with(**c) && !tex[start + c.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
        });
        let Some((command, (inside, end))) = found.and_then(|c| Some((*c, group(tex, start + c.len())?))) else {
            let (_, end) = control_sequence(tex, start);
            out.push_str(&tex[at..end.max(start + 1)]);
            at = end.max(start + 1);
            continue;
        };
        out.push_str(&tex[at..start]);
        let pieces = text_pieces(inside);
        match command {
            "\\tag*" => out.push_str(&format!("\\qquad{{{pieces}}}")),
            "\\tag" if !dollars(inside).is_empty() => {
                out.push_str(&format!("\\qquad{{\\text{{(}}{pieces}\\text{{)}}}}"))
            }
            _ if !dollars(inside).is_empty() => out.push_str(&format!("{{{pieces}}}")),
            _ => out.push_str(&tex[start..end]),
        }
        at = end;
    }
    out.push_str(&tex[at..]);
    std::borrow::Cow::Owned(out)
}

/// Text holding `$…$` as `\text{…}` pieces and the math between (an
/// escaped `\$` is a dollar sign of the text).
fn text_pieces(inside: &str) -> String {
    let mut out = String::new();
    let mut start = 0;
    for (n, at) in dollars(inside).into_iter().chain([inside.len()]).enumerate() {
        let piece = &inside[start..at];
        match n % 2 {
            0 if !piece.is_empty() => out.push_str(&format!("\\text{{{piece}}}")),
            0 => {}
            _ => out.push_str(piece),
        }
        start = (at + 1).min(inside.len());
    }
    out
}

/// Where the `$` of `text` are that no `\` escapes.
fn dollars(text: &str) -> Vec<usize> {
    text.match_indices('$').map(|(i, _)| i).filter(|&i| !escaped(text, i)).collect()
}

/// `tex` with `\\operatorname*{argmax}` as `\\operatorname{argmax}`, followed
/// by `\\limits` when a script follows (MathJax's starred form sets its
/// scripts below and above; pulldown-latex read the `*` as the name).
pub(super) fn operatorname_star(tex: &str) -> std::borrow::Cow<'_, str> {
    const STAR: &str = "\\operatorname*";
    if !tex.contains(STAR) {
        return std::borrow::Cow::Borrowed(tex);
    }
    let mut out = String::with_capacity(tex.len() + 8);
    let mut rest = tex;
    while let Some(i) = rest.find(STAR) {
        out.push_str(&rest[..i]);
        out.push_str("\\operatorname");
        rest = &rest[i + STAR.len()..];
        let after = rest.trim_start();
        if let Some((_, len)) = group(after, 0) {
            let end = rest.len() - after.len() + len;
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            if rest.trim_start().starts_with(['_', '^']) {
                out.push_str("\\limits");
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn unicode_characters_and_math_inside_text_are_written_as_pulldown_latex_reads_them() {
        use super::{text_with_math, unicode_chars};
        assert_eq!(unicode_chars("a \\unicode{x20AC} \\unicode{8364} \\unicode{0x41}"), "a € € A");
        assert_eq!(unicode_chars("\\unicode{xZZ} \\unicode{x0}"), "\\unicode{xZZ} \\unicode{x0}");
        assert_eq!(text_with_math("\\tag*{$\\blacksquare$}"), "\\qquad{\\blacksquare}");
        assert_eq!(text_with_math("x \\tag*{Q.E.D.}"), "x \\qquad{\\text{Q.E.D.}}");
        assert_eq!(text_with_math("\\tag{$n$-th}"), "\\qquad{\\text{(}n\\text{-th}\\text{)}}");
        assert_eq!(text_with_math("f = 1 \\text{if $x > 0$}"), "f = 1 {\\text{if }x > 0}");
        assert_eq!(text_with_math("\\text{plain} \\tag{1}"), "\\text{plain} \\tag{1}");
        assert_eq!(text_with_math("\\textbf{$x$}"), "\\textbf{$x$}");
        // An escaped dollar is the text's own.
        assert_eq!(text_with_math("\\text{ per \\$1} = \\$5"), "\\text{ per \\$1} = \\$5");
        assert_eq!(text_with_math("\\text{\\$$x$}"), "{\\text{\\$}x}");
    }

    #[test]
    fn a_starred_operator_name_takes_its_scripts_as_limits() {
        use super::operatorname_star;
        assert_eq!(operatorname_star("\\operatorname*{argmax}_x f"), "\\operatorname{argmax}\\limits_x f");
        assert_eq!(operatorname_star("\\operatorname* {sup} x"), "\\operatorname {sup} x");
        assert_eq!(operatorname_star("\\operatorname{a}"), "\\operatorname{a}");
    }
}
