//! `$…$` and `$$…$$` (when `markdown.math` is on) to MathML at build time,
//! with pulldown-latex: no script and no web font, and the LaTeX source kept
//! as the formula's annotation. A formula that does not parse is reported
//! by `scan` and still rendered, its faulty part marked.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{mathml::push_mathml, Parser, RenderConfig, Storage};

/// The formula as pulldown-latex is given it: `<` and `>` as the commands
/// `\lt` and `\gt`, so that no text of the formula (`\text{…}`,
/// `\operatorname{…}`), which pulldown-latex copies into the MathML as it
/// is, can open or close a tag. In math mode they mean the same relations.
fn safe_tex(tex: &str) -> String {
    let mut safe = String::with_capacity(tex.len() + 16);
    for (name, meaning) in MATHJAX {
        if tex.contains(name) {
            safe.push_str(meaning);
        }
    }
    safe.push_str(&tex.replace('<', "\\lt ").replace('>', "\\gt "));
    safe
}

/// Commands MathJax knows (Obsidian renders math with it) and pulldown-latex
/// does not, each defined as the command that means the same: `\mbox{…}`
/// is text, `\space` a space. A formula that uses one is given its
/// definition first.
const MATHJAX: [(&str, &str); 2] =
    [("\\mbox", "\\newcommand{\\mbox}[1]{\\text#1}"), ("\\space", "\\newcommand{\\space}[0]{\\text{ }}")];

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

/// The MathML of one formula. Every text node is free of markup: the
/// formula's text has no `<` or `>` left (see [`safe_tex`]), and the LaTeX
/// source kept as the annotation is escaped here.
pub(super) fn to_mathml(tex: &str, display: bool) -> String {
    if too_deep(tex) {
        return format!("<code class=\"math-error\">{}</code>", super::escape_text(tex));
    }
    let storage = Storage::new();
    let safe = safe_tex(tex);
    let parser = Parser::new(&safe, &storage);
    let annotation = super::escape_text(tex);
    let config = RenderConfig {
        display_mode: if display { DisplayMode::Block } else { DisplayMode::Inline },
        annotation: Some(&annotation),
        ..RenderConfig::default()
    };
    let mut out = String::new();
    match push_mathml(&mut out, parser, config) {
        // pulldown-latex writes the relations `<` and `>` as they are (`<mo><</mo>`).
        Ok(()) => out.replace("><</mo>", ">&lt;</mo>").replace(">></mo>", ">&gt;</mo>"),
        Err(_) => format!("<code class=\"math-error\">{}</code>", super::escape_text(tex)),
    }
}

/// Why a formula does not parse, if it does not.
pub(super) fn check(tex: &str) -> Option<String> {
    if too_deep(tex) {
        return Some(format!("groups nest more than {MAX_MATH_DEPTH} deep"));
    }
    let storage = Storage::new();
    let safe = safe_tex(tex);
    Parser::new(&safe, &storage).find_map(|e| e.err()).map(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mathjax_text_and_space_commands_parse_as_their_equivalents() {
        for tex in ["L = 1000 \\mbox{ bytes}", "P(a \\space or \\space b)", "\\mbox{Miss Rate} = 1 - h"] {
            assert_eq!(check(tex), None, "{tex}");
        }
        let m = to_mathml("1000 \\mbox{ bytes}", false);
        assert!(
            m.contains("bytes</mtext>") && !m.contains("<mtext>{") && m.contains("1000 \\mbox{ bytes}</annotation>"),
            "{m}"
        );
        assert!(to_mathml("a \\space b", false).starts_with("<math"));
        assert!(check("\\boxed{x}").is_some(), "what MathJax draws and pulldown-latex cannot stays an error");
    }

    #[test]
    fn formulas_become_mathml() {
        let m = to_mathml("x^2", false);
        assert!(m.starts_with("<math"), "{m}");
        assert!(m.contains("<msup>") && m.contains("x^2"), "{m}");
        assert!(to_mathml("\\sum_i i", true).contains("display=\"block\""));
        assert!(check("\\frac{1}{2}").is_none());
        assert!(check("\\frac{1}").is_some());
    }

    #[test]
    fn no_text_of_a_formula_becomes_markup() {
        for tex in [
            "x^{<img src=x onerror=alert(2)>}",
            "\\operatorname{<img src=x onerror=alert(1)>}",
            "\\text{</math><script>alert(3)</script>}",
            "a < b > c & d",
        ] {
            let m = to_mathml(tex, false);
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
        assert!(to_mathml("a < b", false).contains("&lt;"));
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("{}x{}", "{".repeat(20_000), "}".repeat(20_000));
        assert!(check(&deep).is_some_and(|e| e.contains("nest more than 64")));
        assert!(to_mathml(&deep, false).starts_with("<code class=\"math-error\">"));
        let ok = format!("{}x{}", "{".repeat(64), "}".repeat(64));
        assert!(check(&ok).is_none() && to_mathml(&ok, false).starts_with("<math"));
        assert!(too_deep(&"\\left(".repeat(65)));
        assert!(!too_deep("\\{\\{\\{"), "escaped braces are not groups");
    }
}
