//! `$…$` and `$$…$$` (when `markdown.math` is on) to MathML at build time,
//! with pulldown-latex: no script and no web font, and the LaTeX source kept
//! as the formula's annotation. A formula that does not parse is reported
//! by `scan` and still rendered, its faulty part marked.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{mathml::push_mathml, Parser, RenderConfig, Storage};

/// The MathML of one formula.
pub(super) fn to_mathml(tex: &str, display: bool) -> String {
    let storage = Storage::new();
    let parser = Parser::new(tex, &storage);
    let config = RenderConfig {
        display_mode: if display { DisplayMode::Block } else { DisplayMode::Inline },
        annotation: Some(tex),
        ..RenderConfig::default()
    };
    let mut out = String::new();
    match push_mathml(&mut out, parser, config) {
        Ok(()) => out,
        Err(_) => format!("<code class=\"math-error\">{}</code>", super::escape_text(tex)),
    }
}

/// Why a formula does not parse, if it does not.
pub(super) fn check(tex: &str) -> Option<String> {
    let storage = Storage::new();
    Parser::new(tex, &storage).find_map(|e| e.err()).map(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml() {
        let m = to_mathml("x^2", false);
        assert!(m.starts_with("<math"), "{m}");
        assert!(m.contains("<msup>") && m.contains("x^2"), "{m}");
        assert!(to_mathml("\\sum_i i", true).contains("display=\"block\""));
        assert!(check("\\frac{1}{2}").is_none());
        assert!(check("\\frac{1}").is_some());
    }
}
