//! The site's math macros: `markdown.math_macros` in the settings and a
//! `preamble.sty` at the top of the content folder (where Obsidian's
//! Extended MathJax plugin reads a vault's macros), put together as the
//! definitions every page's formulas see
//! ([`crate::config::MarkdownConfig::math_preamble`]). Read only when math is
//! on. A definition that does not parse is left out with a warning, so one
//! bad line does not break every formula that does not use it.

use std::sync::Arc;

use crate::config::{Site, CONFIG_FILE};
use crate::diag::{Diagnostic, Span};
use crate::markdown::{site_macros, MacroSource};

/// The preamble's file name, at the top of the content folder.
pub const PREAMBLE_FILE: &str = "preamble.sty";

/// The most a preamble may hold: past it, the file is left out.
const MAX_PREAMBLE: u64 = 256 * 1024;

/// The site's macro definitions, and what is wrong with any of them.
pub fn math_preamble(site: &Site) -> (Arc<str>, Vec<Diagnostic>) {
    let md = &site.config.markdown;
    if !md.math {
        return (Arc::from(""), Vec::new());
    }
    let shown = site.config.content.join(PREAMBLE_FILE);
    let mut diags = Vec::new();
    let path = site.content_dir.join(PREAMBLE_FILE);
    let text = match std::fs::metadata(&path) {
        Ok(m) if m.is_file() && m.len() > MAX_PREAMBLE => {
            diags.push(
                Diagnostic::warning(
                    "invalid-math",
                    Span::file(&shown),
                    format!("the math preamble is over {} KiB: it was left out", MAX_PREAMBLE / 1024),
                )
                .with_help("keep the macros every page needs in it, or set them under `markdown.math_macros`"),
            );
            None
        }
        Ok(m) if m.is_file() => match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => Some(text),
            _ => {
                diags.push(Diagnostic::warning(
                    "invalid-math",
                    Span::file(&shown),
                    "the math preamble cannot be read as UTF-8 text: it was left out",
                ));
                None
            }
        },
        _ => None,
    };
    let text = text.map(|t| crate::diag::unify_line_ends(t.strip_prefix('\u{feff}').unwrap_or(&t).to_string()));
    let (defs, bad) = site_macros(&md.math_macros, text.as_deref());
    for (source, why) in bad {
        let (span, what) = match source {
            MacroSource::Setting(name) => (Span::file(CONFIG_FILE), format!("the math macro `{name}`")),
            MacroSource::Preamble(line) => (Span::at(&shown, line as u32, 1, 0), "this macro definition".to_string()),
        };
        diags.push(
            Diagnostic::warning("invalid-math", span, format!("{what} does not parse: {why}"))
                .with_help("formulas that use it show it as an error; fix the LaTeX"),
        );
    }
    (Arc::from(defs), diags)
}
