//! `$…$` and `$$…$$` (when `markdown.math` is on) to MathML at build time,
//! with pulldown-latex: no script and no web font, and the LaTeX source kept
//! as the formula's annotation. A formula that does not parse is reported
//! by `scan` and still rendered, its faulty part marked. A formula sees the
//! macros its page's earlier formulas define (`macros`).

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{mathml::push_mathml, Parser, RenderConfig, Storage};

mod arrays;
mod macros;
mod mathjax;

use arrays::{array_specs, commutative_diagrams, wide_cases};
pub(super) use macros::Macros;
use mathjax::{infix_fractions, operatorname_star, text_with_math, unicode_chars, ENVIRONMENTS, MATHJAX};

/// Where one of the site's macros is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MacroSource {
    /// `markdown.math_macros` in the settings, under this name.
    Setting(String),
    /// This line of the content folder's `preamble.sty`.
    Preamble(usize),
}

/// The site's macro definitions, as every page's formulas see them: those
/// of the settings (`name` → body, KaTeX's way), then those of a preamble
/// file's text (`\newcommand`, `\def`, `\DeclareMathOperator`, as the
/// Extended MathJax plugin reads a vault's `preamble.sty`). Each is tried
/// once, used with arguments `x`, after the ones before it; one that does
/// not parse is left out, with why.
pub fn site_macros(
    settings: &std::collections::BTreeMap<String, String>,
    preamble: Option<&str>,
) -> (String, Vec<(MacroSource, String)>) {
    let from_settings = settings
        .iter()
        .map(|(name, body)| (MacroSource::Setting(name.clone()), macros::setting_definition(name, body)));
    let from_file = preamble
        .map(macros::preamble_definitions)
        .unwrap_or_default()
        .into_iter()
        .map(|(line, def)| (MacroSource::Preamble(line), def));
    let (mut good, mut bad) = (String::new(), Vec::new());
    // The good ones so far: a trial is given only those it uses, so a long
    // preamble is not parsed again for each of its lines.
    let mut site = Macros::default();
    for (source, def) in from_settings.chain(from_file) {
        let trial = format!("{def}{}", macros::use_of(&def));
        match check(&trial, &mut site) {
            None => good.push_str(&def),
            Some(why) => {
                site.forget_last();
                bad.push((source, why));
            }
        }
    }
    (good, bad)
}

/// The formula as pulldown-latex is given it: `<` and `>` as the commands
/// `\lt` and `\gt`, so that no text of the formula (`\text{…}`,
/// `\operatorname{…}`), which pulldown-latex copies into the MathML as it
/// is, can open or close a tag. In math mode they mean the same relations.
/// The commands `\<` and `\>` (MathJax's medium space, unless the page
/// defines it, as some do for angle brackets) get names of letters, and
/// `\boxed` becomes a colour that [`BOXED`] turns into a frame.
fn safe_tex(tex: &str) -> String {
    let mut safe = String::with_capacity(tex.len() + 16);
    for (name, meaning) in MATHJAX {
        if uses(tex, name) && !tex.contains(&format!("command{{{name}}}")) {
            safe.push_str(meaning);
        }
    }
    if tex.contains("\\>") && !tex.contains("command{\\>}") {
        safe.push_str("\\newcommand{\\pivotbookgt}[0]{\\:}");
    }
    let boxed = uses(tex, "\\boxed") && !tex.contains("command{\\boxed}");
    let mut rest = tex;
    while let Some(i) = rest.find(['\\', '<', '>']) {
        safe.push_str(&rest[..i]);
        let next = rest[i + 1..].chars().next();
        let array =
            matches!(next, Some('b' | 'e')).then(|| ENVIRONMENTS.iter().find(|(f, _)| rest[i..].starts_with(f)));
        if let Some((from, to)) = array.flatten() {
            safe.push_str(to);
            rest = &rest[i + from.len()..];
            continue;
        }
        // `\right .`: TeX skips spaces before a delimiter, pulldown-latex does not.
        if let Some((name, spaces)) = matches!(next, Some('l' | 'r' | 'm')).then(|| spaced_sizer(&rest[i..])).flatten()
        {
            safe.push_str(name);
            rest = &rest[i + name.len() + spaces..];
            continue;
        }
        let step = match (rest.as_bytes()[i], next) {
            // After `\left` (or `\bigl`…) they are angle brackets, as in TeX.
            (b'<', _) if after_sizer(&safe) => {
                safe.push_str("\\langle ");
                1
            }
            (b'>', _) if after_sizer(&safe) => {
                safe.push_str("\\rangle ");
                1
            }
            (b'<', _) => {
                safe.push_str("\\lt ");
                1
            }
            (b'>', _) => {
                safe.push_str("\\gt ");
                1
            }
            (_, Some(c @ ('<' | '>'))) => {
                safe.push_str(if c == '<' { "\\pivotbooklt" } else { "\\pivotbookgt" });
                // A space ends the name before a letter; elsewhere it is left out,
                // as in `\newcommand{\>}`.
                if rest[i + 2..].starts_with(|n: char| n.is_ascii_alphabetic()) {
                    safe.push(' ');
                }
                2
            }
            (_, Some('b'))
                if boxed
                    && rest[i..].starts_with("\\boxed")
                    && !rest[i + 6..].starts_with(|c: char| c.is_ascii_alphabetic()) =>
            {
                safe.push_str("\\textcolor{#010203}");
                6
            }
            // `\\`, then spaces or a line break, then `[`: MathJax takes a
            // spacing (`\\[2pt]`) only right after `\\`, pulldown-latex after
            // spaces too; an empty group ends the line break here.
            (_, Some('\\'))
                if rest[i + 2..].starts_with(char::is_whitespace) && rest[i + 2..].trim_start().starts_with('[') =>
            {
                safe.push_str("\\\\{}");
                2
            }
            // A command, or `\\`: copied whole, so its second `\` starts nothing.
            (_, Some(c)) => {
                safe.push('\\');
                safe.push(c);
                1 + c.len_utf8()
            }
            (_, None) => {
                safe.push('\\');
                1
            }
        };
        rest = &rest[i + step..];
    }
    safe.push_str(rest);
    safe
}

/// A formula broken into lines with `\\` outside any environment, which
/// KaTeX and MathJax's display math show as lines, in `gathered`, where
/// pulldown-latex takes them.
fn top_level_breaks(tex: &str) -> std::borrow::Cow<'_, str> {
    let mut depth = 0usize;
    let mut at = 0;
    let mut found = false;
    while let Some(i) = tex[at..].find('\\') {
        let start = at + i;
        let rest = &tex[start..];
        if rest.starts_with("\\\\") {
            found |= depth == 0;
            at = start + 2;
            continue;
        }
        if rest.starts_with("\\begin") {
            depth += 1;
        } else if rest.starts_with("\\end") {
            depth = depth.saturating_sub(1);
        }
        at = start + 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
    }
    match found {
        true => std::borrow::Cow::Owned(format!("\\begin{{gathered}}{tex}\\end{{gathered}}")),
        false => std::borrow::Cow::Borrowed(tex),
    }
}

/// Whether `tex` ends with a command that takes a delimiter (`\left`),
/// and spaces.
fn after_sizer(tex: &str) -> bool {
    macros::trailing_word(tex.trim_end()).is_some_and(|w| macros::SIZERS.contains(&w))
}

/// Whether `tex` uses the control word `name` (`\\bra`, but not in `\\braket`).
fn uses(tex: &str, name: &str) -> bool {
    tex.match_indices(name).any(|(i, _)| !tex[i + name.len()..].starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// `\boxed{…}` is given to pulldown-latex as `\textcolor{#010203}{…}`, a
/// colour no formula writes, which it writes as this attribute; it becomes
/// a frame in the text's colour, as MathJax draws `\boxed`.
const BOXED: (&str, &str) = (" style=\"color: rgb(1 2 3)\"", " style=\"border: 0.06em solid; padding: 0.1em 0.25em\"");

/// pulldown-latex writes a sized delimiter (`\big(`) with no space before
/// its `minsize`, which is no valid HTML.
const SIZED: (&str, &str) = (" stretchy=\"true\"minsize=", " stretchy=\"true\" minsize=");

/// pulldown-latex writes `~`, `\\ ` and `\\nobreakspace` as the text
/// `&nbsp;`, which it then escapes: the reader saw "&nbsp;". It is the
/// no-break space.
const NO_BREAK: (&str, &str) = (">&amp;nbsp;</mtext>", ">\u{a0}</mtext>");

/// How deeply groups (`{…}`, `\\left…\\right`) may nest in a formula: parsing
/// time grows with the square of the depth, so deeper formulas are refused.
pub(super) const MAX_MATH_DEPTH: usize = 64;

/// Whether `tex` nests groups deeper than [`MAX_MATH_DEPTH`].
fn too_deep(tex: &str) -> bool {
    let mut depth = 0usize;
    let mut rest = tex;
    while let Some(c) = rest.chars().next() {
        let step = if rest.starts_with("\\left") {
            depth += 1;
            5
        } else if rest.starts_with("\\right") {
            depth = depth.saturating_sub(1);
            6
        } else {
            match c {
                '\\' => rest.chars().nth(1).map_or(1, |n| 1 + n.len_utf8()),
                '{' => {
                    depth += 1;
                    1
                }
                '}' => {
                    depth = depth.saturating_sub(1);
                    1
                }
                _ => c.len_utf8(),
            }
        };
        if depth > MAX_MATH_DEPTH {
            return true;
        }
        rest = &rest[step.min(rest.len())..];
    }
    false
}

/// `\left`, `\right` or `\middle` starting `s` with spaces after it: the
/// command and how many bytes of spaces follow.
fn spaced_sizer(s: &str) -> Option<(&'static str, usize)> {
    let name = ["\\left", "\\right", "\\middle"].into_iter().find(|n| s.starts_with(n))?;
    let spaces = s[name.len()..].bytes().take_while(u8::is_ascii_whitespace).count();
    (spaces > 0).then_some((name, spaces))
}

/// A formula, its macros given ([`Macros::prepare`]), as pulldown-latex is
/// handed it: MathJax's forms rewritten, then made safe ([`safe_tex`]). The
/// scan and the renderer both read a formula through this.
fn for_parser(prepared: &str) -> String {
    let tables = |tex| array_specs(&wide_cases(&commutative_diagrams(tex))).into_owned();
    let tex = match prepared.contains("\\begin{") {
        true => std::borrow::Cow::Owned(tables(prepared)),
        false => std::borrow::Cow::Borrowed(prepared),
    };
    safe_tex(&top_level_breaks(&infix_fractions(&operatorname_star(&text_with_math(&unicode_chars(&tex))))))
}

/// The MathML of one formula. Every text node is free of markup: the
/// formula's text has no `<` or `>` left (see [`safe_tex`]), and the LaTeX
/// source kept as the annotation is escaped here.
pub(super) fn to_mathml(tex: &str, display: bool, macros: &mut Macros) -> String {
    if too_deep(tex) {
        return format!("<code class=\"math-error\">{}</code>", super::escape_text(tex));
    }
    let storage = Storage::new();
    let safe = for_parser(&macros.prepare(tex));
    let annotation = super::escape_text(tex);
    let config = RenderConfig {
        display_mode: if display { DisplayMode::Block } else { DisplayMode::Inline },
        annotation: Some(&annotation),
        ..RenderConfig::default()
    };
    let mut out = String::new();
    // pulldown-latex asserts on some faulty formulas; one is an error, not the end of the build.
    let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        push_mathml(&mut out, Parser::new(&safe, &storage), config).map_err(|_| ())
    }));
    match written.unwrap_or(Err(())) {
        // pulldown-latex writes the relations `<` and `>` as they are (`<mo><</mo>`).
        Ok(()) => {
            let mut out = out.replace("><</mo>", ">&lt;</mo>").replace(">></mo>", ">&gt;</mo>");
            for (from, to) in [BOXED, SIZED, NO_BREAK] {
                if out.contains(from) {
                    out = out.replace(from, to);
                }
            }
            out
        }
        Err(_) => format!("<code class=\"math-error\">{}</code>", super::escape_text(tex)),
    }
}

/// Why a formula does not parse, if it does not, given the definitions of
/// the formulas before it on its page.
pub(super) fn check(tex: &str, macros: &mut Macros) -> Option<String> {
    problem(tex, macros).map(|p| p.why)
}

/// Why a formula does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathProblem {
    /// pulldown-latex's message, with where in the formula.
    pub why: String,
    /// The command nothing defines, when that is the problem (`H` for `\H`).
    pub unknown: Option<String>,
}

/// What is wrong with a formula, if anything, given the definitions of the
/// formulas before it on its page.
pub(super) fn problem(tex: &str, macros: &mut Macros) -> Option<MathProblem> {
    if too_deep(tex) {
        return Some(MathProblem { why: format!("groups nest more than {MAX_MATH_DEPTH} deep"), unknown: None });
    }
    let storage = Storage::new();
    let prepared = macros.prepare(tex);
    let safe = for_parser(&prepared);
    let first_error = || Parser::new(&safe, &storage).find_map(|e| e.err()).map(|e| (e.to_string(), is_unknown(&e)));
    let (why, unknown) = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(first_error)) {
        Ok(error) => error?,
        Err(_) => ("pulldown-latex could not read this formula".to_string(), false),
    };
    let unknown = unknown.then(|| unknown_command(&prepared)).flatten();
    Some(MathProblem { why, unknown })
}

/// Whether pulldown-latex stopped at a command it does not know.
fn is_unknown(error: &pulldown_latex::ParserError) -> bool {
    std::error::Error::source(error).is_some_and(|e| e.to_string() == "unknown primitive command found")
}

/// The first command of `prepared` (a formula with its page's definitions
/// before it) that pulldown-latex does not know and nothing defines: each
/// name it uses is tried alone.
fn unknown_command(prepared: &str) -> Option<String> {
    let defined = macros::names_defined(prepared);
    let storage = Storage::new();
    macros::names_used(prepared).into_iter().filter(|n| !defined.contains(n)).find_map(|name| {
        let alone = safe_tex(&format!("\\{name}"));
        let error = Parser::new(&alone, &storage).find_map(|e| e.err())?;
        is_unknown(&error).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check1(tex: &str) -> Option<String> {
        check(tex, &mut Macros::default())
    }

    fn mathml1(tex: &str, display: bool) -> String {
        to_mathml(tex, display, &mut Macros::default())
    }

    #[test]
    fn a_formula_sees_the_macros_defined_before_it_and_mathjaxs_medium_space() {
        let mut page = Macros::default();
        assert_eq!(check("\\newcommand{\\R}{\\mathbb{R}} \\R", &mut page), None);
        assert_eq!(check("x \\in \\R^n", &mut page), None);
        assert!(check1("x \\in \\R^n").is_some(), "without the page's definition it is unknown");
        let m = to_mathml("\\R", false, &mut page);
        assert!(m.contains("ℝ") && m.contains(">\\R</annotation>"), "{m}");
        assert_eq!(check1("a \\> b"), None);
        // TeX's fractions between their parts.
        assert_eq!(infix_fractions("{n \\choose k} + 1 \\over 2"), "\\frac{{\\binom{n }{ k}} + 1 }{ 2}");
        assert_eq!(
            infix_fractions("{a \\over {b}} \\overline{x} \\\\over"),
            "{\\frac{a }{ {b}}} \\overline{x} \\\\over"
        );
        assert_eq!(check1("x = {a \\over b}, {n \\choose 2}"), None);
        // Inside `\left … \right`, which is a group (StudiumObsidianVault's binomials).
        for tex in [
            "\\left(n\\atop k\\right)",
            "\\left(a \\over b\\right) + 1",
            "\\left[ n \\choose k \\right]",
            "\\left\\{ {a \\over b} \\right\\}",
        ] {
            assert_eq!(check1(tex), None, "{tex}");
        }
        // pulldown-latex asserts on this one: an error, not a panic.
        let tex = "\\\\\\{} &\\bm\\begin{eqnarray}\\f\\over\\}";
        assert!(mathml1(tex, true).starts_with("<code class=\"math-error\">"));
        assert!(check1(tex).is_some());
        // A fraction read as `\left`'s delimiter is no panic.
        for tex in ["\\left\\over b", "\\left\\atop", "{\\left\\choose}", "\\left", "\\left\\"] {
            let _ = check1(tex);
            let _ = mathml1(tex, true);
        }
        assert_eq!(
            infix_fractions("\\left(n\\atop k\\right) \\leftarrow x"),
            "\\left(\\genfrac{}{}{0pt}{}{n}{ k}\\right) \\leftarrow x"
        );
        // `\left<` is an angle bracket; elsewhere `<` is less than.
        assert_eq!(check1("\\left< a \\middle| b \\right> < \\bigl<c\\bigr>"), None);
        assert!(mathml1("\\left<a\\right>", false).contains('⟨'));
        assert_eq!(safe_tex("a\\>b<c\\\\>"), "\\newcommand{\\pivotbookgt}[0]{\\:}a\\pivotbookgt b\\lt c\\\\\\gt ");
        // A page's own `\<` and `\>` (angle brackets here).
        let mut page = Macros::default();
        let defs = "\\newcommand{\\<}{\\left\\langle}\\newcommand{\\>}{\\right\\rangle}";
        assert_eq!(check(&format!("{defs} \\<U,V\\>=0"), &mut page), None);
        assert_eq!(check("\\<U,V\\>", &mut page), None);
    }

    #[test]
    fn what_mathjax_reads_in_scripts_line_breaks_and_eqnarray() {
        // A macro with arguments as a script without braces, MathJax's or the page's.
        for tex in ["x^\\mathscr{I}", "\\mathscr{C}^\\mathscr{I}", "x^\\bm v", "e^\\ket{0}_\\mod{n}"] {
            assert_eq!(check1(tex), None, "{tex}");
        }
        let mut page = Macros::default();
        assert_eq!(check("\\newcommand{\\vv}[2]{\\mathbf{#1}_#2} a_\\vv{x} {y}", &mut page), None);
        assert_eq!(check("b^\\vv x\\alpha", &mut page), None);
        let m = mathml1("x^\\mathscr{I}", false);
        assert!(m.contains("<msup><mi>x</mi><mrow>") && m.contains("ℐ"), "{m}");
        // `\\` then a line break then `[`: a new line starting with a bracket, not a spacing.
        let cases = "\\begin{cases}\nx=1 \\\\\n[a, b]=[c, d]\n\\end{cases}";
        assert_eq!(check1(cases), None);
        assert!(
            mathml1(cases, true).contains("<mtr><mtd><mrow></mrow><mo symmetric=\"false\" stretchy=\"false\">[</mo>")
        );
        assert_eq!(check1("x \\\\[2pt] y"), None);
        // A starred operator name, its scripts as limits; the size switches.
        let m = mathml1("\\operatorname*{argmax}_x f", false);
        assert!(m.contains("<munder><mi>argmax</mi><mi>x</mi></munder>"), "{m}");
        assert_eq!(check1("\\scriptsize x \\footnotesize y \\LARGE z \\projlim_n A_n"), None);
        // Column lists written loosely (JuanBiancuzzo/Facultad-Apuntes, StudiumObsidianVault).
        for tex in [
            "\\begin{array}{c c} a & b \\end{array}",
            "\\begin{array}{@{}c@{}c@{}} a & b \\end{array}",
            "\\begin{array}{*{3}{c}} a&b&c \\end{array}",
            "\\begin{array}{} a \\\\ b \\end{array}",
        ] {
            assert_eq!(check1(tex), None, "{tex}");
        }
        // lesley's digital garden: `multline*`, lines of one equation.
        let tex = "\\begin{multline*} f = a\\\\ + b \\end{multline*}";
        assert_eq!(check1(tex), None);
        assert_eq!(mathml1(tex, true).matches("<mtr>").count(), 2, "{}", mathml1(tex, true));
        // `eqnarray`: three columns, right, centre, left.
        for tex in
            ["\\begin{eqnarray} a &=& b \\\\ c &=& d \\end{eqnarray}", "\\begin{eqnarray*} a &=& b \\end{eqnarray*}"]
        {
            assert_eq!(check1(tex), None, "{tex}");
            assert!(
                mathml1(tex, true).contains("<mtd class=\"cell-right\"><mi>a</mi></mtd><mtd><mo>=</mo></mtd>"),
                "{tex}"
            );
        }
    }

    #[test]
    fn mathjax_text_and_space_commands_parse_as_their_equivalents() {
        for tex in ["L = 1000 \\mbox{ bytes}", "P(a \\space or \\space b)", "\\mbox{Miss Rate} = 1 - h"] {
            assert_eq!(check1(tex), None, "{tex}");
        }
        // `\\newline` is `\\\\`, which pulldown-latex takes only in an environment.
        // BalderHolst/uni-notes: `\\right .`, a space before the delimiter.
        assert_eq!(check1("\\left( \\frac{a}{b} \\right .\\Big| \\left \\{ x \\middle | y \\right \\}"), None);
        // `\\mspace` takes a length.
        assert_eq!(check1("a\\mspace{6mu}b \\det\\nolimits_x A \\dddot{x} \\Bbb{R} \\hbox{t} \\unicode{x20AC}"), None);
        for (name, _) in MATHJAX.iter().filter(|(n, _)| !["\\newline", "\\mspace"].contains(n)) {
            let tex = format!("{name}{{x}}{{y}} + {name}{{z}}{{w}} \\bra{{a}}\\braket{{b}}");
            assert_eq!(check1(&tex), None, "{tex}");
        }
        assert!(
            mathml1("\\mathscr{L}", false).contains("mathvariant=\"script\"")
                || mathml1("\\mathscr{L}", false).contains('ℒ')
        );
        // A page's own definition of one of them stands.
        assert_eq!(check1("\\newcommand{\\ket}[1]{|#1>} \\ket{0}"), None);
        let m = mathml1("1000 \\mbox{ bytes}", false);
        assert!(
            m.contains("bytes</mtext>") && !m.contains("<mtext>{") && m.contains("1000 \\mbox{ bytes}</annotation>"),
            "{m}"
        );
        assert!(mathml1("a \\space b", false).starts_with("<math"));
        // `\\boxed` is framed, math inside.
        let boxed = mathml1("x = \\boxed{E = mc^2}", true);
        assert!(
            boxed.contains("<mrow style=\"border: 0.06em solid; padding: 0.1em 0.25em\"><mrow><mi>E</mi>"),
            "{boxed}"
        );
        assert!(!boxed.contains("rgb(1 2 3)"), "{boxed}");
    }

    #[test]
    fn the_sites_macros_are_tried_each_after_the_ones_before_and_a_bad_one_is_left_out() {
        // Names of letters only: \maaa, \maab, … (3,000 of them, each using an earlier one).
        let name = |i: usize| {
            format!(
                "m{}{}{}",
                (b'a' + (i / 676) as u8) as char,
                (b'a' + (i / 26 % 26) as u8) as char,
                (b'a' + (i % 26) as u8) as char
            )
        };
        let mut preamble = String::from("% macros\n");
        for i in 0..3000 {
            let body = if i == 0 { "x".to_string() } else { format!("\\{} + 1", name(i / 2)) };
            preamble.push_str(&format!("\\newcommand{{\\{}}}{{{body}}}\n", name(i)));
        }
        preamble.push_str("\\newcommand{\\broken}[1]{\\frac{#1}}\n");
        let settings = [("R".to_string(), "\\mathbb{R}".to_string())].into_iter().collect();
        let (defs, bad) = site_macros(&settings, Some(&preamble));
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(bad[0].0, MacroSource::Preamble(3002));
        assert_eq!(defs.matches("\\newcommand").count(), 3001);
        let mut page = Macros::new(&defs);
        assert_eq!(check("\\R^{\\maab}", &mut page), None);
    }

    #[test]
    fn formulas_become_mathml() {
        let m = mathml1("x^2", false);
        assert!(m.starts_with("<math"), "{m}");
        assert!(m.contains("<msup>") && m.contains("x^2"), "{m}");
        assert!(mathml1("\\sum_i i", true).contains("display=\"block\""));
        assert!(check1("\\frac{1}{2}").is_none());
        assert!(check1("\\frac{1}").is_some());
    }

    #[test]
    fn a_tilde_is_a_no_break_space_not_its_entity_as_text() {
        for tex in ["a~b", "a\\ b", "a\\nobreakspace b", "\\mathrm{a~b}"] {
            let m = mathml1(tex, false);
            assert!(m.contains("<mtext>\u{a0}</mtext>") && !m.contains("nbsp"), "{tex}: {m}");
        }
        // Written out in text, it stays text.
        assert!(mathml1("\\text{\\&nbsp;}", false).contains("&amp;nbsp;"));
    }

    #[test]
    fn a_sized_delimiters_attributes_are_apart() {
        let m = mathml1("\\Big( x \\Big)", false);
        assert!(m.contains("stretchy=\"true\" minsize=\"1.8em\""), "{m}");
        assert!(!m.contains("\"minsize"), "{m}");
    }

    #[test]
    fn mathjaxs_extensible_arrows_carry_their_labels_over_and_under() {
        for arrow in ["xlongequal", "xleftrightarrow", "xhookrightarrow", "xtwoheadrightarrow", "xtofrom", "xmapsto"] {
            assert!(check1(&format!("a \\{arrow}[u]{{o}} b \\{arrow}{{}} c")).is_none(), "{arrow}");
            let m = mathml1(&format!("a \\{arrow}[u]{{o}} b"), false);
            assert!(m.contains("<munder>") && m.contains("<mi>u</mi>") && m.contains("<mi>o</mi>"), "{arrow}: {m}");
        }
    }

    #[test]
    fn no_text_of_a_formula_becomes_markup() {
        for tex in [
            "x^{<img src=x onerror=alert(2)>}",
            "\\operatorname{<img src=x onerror=alert(1)>}",
            "\\text{</math><script>alert(3)</script>}",
            "a < b > c & d",
        ] {
            let m = mathml1(tex, false);
            assert!(!m.contains("<img") && !m.contains("<script") && !m.contains("</math><"), "{tex}: {m}");
            // The only tags are MathML's own.
            for tag in m.split('<').skip(1) {
                let name: String =
                    tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                assert!(
                    name.starts_with('m') || ["semantics", "annotation"].contains(&name.as_str()),
                    "{tex}: <{name} in {m}"
                );
            }
        }
        assert!(mathml1("a < b", false).contains("&lt;"));
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("{}x{}", "{".repeat(20_000), "}".repeat(20_000));
        assert!(check1(&deep).is_some_and(|e| e.contains("nest more than 64")));
        assert!(mathml1(&deep, false).starts_with("<code class=\"math-error\">"));
        let ok = format!("{}x{}", "{".repeat(64), "}".repeat(64));
        assert!(check1(&ok).is_none() && mathml1(&ok, false).starts_with("<math"));
        assert!(too_deep(&"\\left(".repeat(65)));
        assert!(!too_deep("\\{\\{\\{"), "escaped braces are not groups");
    }
}
