//! Code highlighting with syntect: HTML with CSS classes, never inline
//! styles, and the stylesheet for light and dark schemes (both from
//! `highlight/palette`: a few short classes per token, named by the themes'
//! colours).
//!
//! The syntax set is costly to load, so a [`Highlighter`] is built once per
//! run, loads it on first use, and is shared by every rendering thread.
//!
//! Highlighting is the costliest step of rendering a page (syntect runs
//! dozens of regexes per line). A repeated build has the previous output in
//! place, and its pages hold the blocks already highlighted: the driver
//! hands a page's previous HTML to the renderer, [`PreviousBlocks`] finds the
//! highlighted blocks in it, and a block whose text is exactly the new code
//! (same language, same pivotbook version, same stylesheet) is reused
//! instead of highlighted again. Within a run, a line met again in the same
//! parser state is not parsed again either (`highlight/lines`). The output
//! is the same bytes either way.

mod lines;
mod palette;

use std::sync::{Arc, OnceLock};

use syntect::highlighting::ThemeSet;
use syntect::parsing::SyntaxSet;

pub use lines::LineMemo;
pub use palette::Palette;

/// Syntaxes, loaded on first use and shared by every page.
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    enabled: bool,
    /// The themes' classes.
    palette: Arc<Palette>,
    /// The previous output's blocks may be reused: its stylesheet is this one.
    reuse: bool,
    /// Lines already highlighted in this run, in the state they were met.
    lines: LineMemo,
}

/// The highlighted code blocks of a page's previous HTML.
#[derive(Debug, Default)]
pub struct PreviousBlocks {
    /// (language token, plain text, highlighted inner HTML).
    blocks: Vec<(String, String, String)>,
}

const BLOCK_START: &str = "<pre class=\"code\"><code class=\"language-";
const BLOCK_END: &str = "</code></pre>";

impl PreviousBlocks {
    /// Finds the code blocks pivotbook wrote into `html`.
    pub fn parse(html: &str) -> PreviousBlocks {
        let mut blocks = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find(BLOCK_START) {
            rest = &rest[i + BLOCK_START.len()..];
            let Some((lang, after)) = rest.split_once("\">") else { break };
            let Some(end) = after.find(BLOCK_END) else { break };
            let inner = &after[..end];
            if let Some(text) = plain_text(inner) {
                blocks.push((lang.to_string(), text, inner.to_string()));
            }
            rest = &after[end..];
        }
        PreviousBlocks { blocks }
    }

    fn find(&self, lang: &str, code: &str) -> Option<String> {
        self.blocks.iter().find(|(l, text, _)| l == lang && text == code).map(|(_, _, html)| html.clone())
    }
}

/// The text of highlighted HTML: tags removed, the entities syntect and
/// pivotbook write decoded. `None` for anything else.
fn plain_text(html: &str) -> Option<String> {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            rest = &rest[rest.find('>')? + 1..];
        } else {
            let end = rest.find(';')?;
            out.push(match &rest[..=end] {
                "&lt;" => '<',
                "&gt;" => '>',
                "&amp;" => '&',
                "&quot;" => '"',
                "&#39;" | "&#x27;" => '\'',
                _ => return None,
            });
            rest = &rest[end + 1..];
        }
    }
    out.push_str(rest);
    Some(out)
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Highlighter")
    }
}

impl Highlighter {
    /// A highlighter with syntect's default syntaxes and `palette`'s
    /// classes, which reuses no previous block until told it may.
    pub fn new(palette: Arc<Palette>) -> Highlighter {
        Highlighter { syntaxes: OnceLock::new(), enabled: true, palette, reuse: false, lines: LineMemo::default() }
    }

    /// A highlighter with the default themes.
    pub fn with_default_themes() -> Highlighter {
        let md = crate::config::MarkdownConfig::default();
        let palette = Palette::new(&md.highlight_theme, &md.highlight_theme_dark).expect("the default themes exist");
        Highlighter::new(Arc::new(palette))
    }

    /// Reuses the previous output's blocks if its stylesheet,
    /// `previous_stylesheet`, is this palette's (the classes mean the same).
    pub fn reuse_previous(&mut self, previous_stylesheet: Option<&[u8]>) {
        self.reuse = previous_stylesheet == Some(self.palette.stylesheet().as_bytes());
    }

    /// A highlighter that highlights nothing (for `check`, which throws the
    /// pages away).
    pub fn disabled(palette: Arc<Palette>) -> Highlighter {
        Highlighter { enabled: false, ..Highlighter::new(palette) }
    }

    /// Highlights `code` written in `lang` (a fence's info string), reusing
    /// a block of `previous` with exactly this text. Returns `None` for an
    /// unknown or empty language: the caller shows plain code.
    pub fn highlight(&self, code: &str, lang: &str, previous: Option<&PreviousBlocks>) -> Option<String> {
        let token = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
        if token.is_empty() || !self.enabled {
            return None;
        }
        if let Some(html) = previous.filter(|_| self.reuse).and_then(|p| p.find(token, code)) {
            return Some(html);
        }
        let syntaxes = self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
        let syntax = syntaxes.find_syntax_by_token(token)?;
        self.lines.highlight(code, syntax, syntaxes, &self.palette)
    }

    /// Lines found in the run's line memo, and lines parsed (for `--timings`).
    pub fn line_counts(&self) -> (u64, u64) {
        self.lines.hits_and_misses()
    }
}

/// The names of the built-in highlighting themes.
pub fn theme_names() -> Vec<String> {
    let mut names: Vec<String> = ThemeSet::load_defaults().themes.into_keys().collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn palette() -> Arc<Palette> {
        Arc::new(Palette::new("InspiredGitHub", "base16-ocean.dark").unwrap())
    }

    #[test]
    fn highlights_with_classes_only() {
        let h = Highlighter::with_default_themes();
        let html = h.highlight("fn main() {}\n", "rust", None).unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(h.highlight("x", "no-such-lang", None).is_none());
        assert!(h.highlight("x", "", None).is_none());
    }

    #[test]
    fn previous_blocks_are_reused_only_for_the_same_text_and_stylesheet() {
        let palette = palette();
        let css = palette.stylesheet();
        let h = Highlighter::new(palette.clone());
        let code = "if a < b && c > \"d\" { 'e' }\n";
        let html = h.highlight(code, "rust", None).unwrap();
        let page = format!("<p>x</p>{BLOCK_START}rust\">{html}{BLOCK_END}<pre class=\"code\"><code>plain</code></pre>");
        let prev = PreviousBlocks::parse(&page);
        assert_eq!(prev.blocks.len(), 1);
        assert_eq!(prev.blocks[0].1, code, "tags stripped, entities decoded");
        let mut fresh = Highlighter::new(palette.clone());
        fresh.reuse_previous(Some(css.as_bytes()));
        assert_eq!(fresh.highlight(code, "rust", Some(&prev)).unwrap(), html);
        assert!(fresh.syntaxes.get().is_none(), "a reused block needs no syntax set");
        assert!(fresh.highlight(code, "c", Some(&prev)).is_some());
        assert!(fresh.syntaxes.get().is_some(), "another language is highlighted afresh");
        assert_eq!(
            PreviousBlocks::parse("<pre class=\"code\"><code class=\"language-x\">&bogus;</code></pre>").blocks.len(),
            0
        );
        // Another stylesheet (other themes) gives the classes other meanings.
        for previous_css in [None, Some(&b"/* other themes */"[..])] {
            let mut other = Highlighter::new(palette.clone());
            other.reuse_previous(previous_css);
            assert_eq!(other.highlight(code, "rust", Some(&prev)).unwrap(), html);
            assert!(other.syntaxes.get().is_some(), "highlighted afresh");
        }
    }

    #[test]
    fn stylesheet_has_both_schemes() {
        let palette = palette();
        let css = palette.stylesheet();
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(css.contains(".hl-l0{--hl-lc:"), "{css}");
        assert!(css.contains(".hl-d0{--hl-dc:"), "{css}");
        assert!(Palette::new("nope", "base16-ocean.dark").is_err());
        assert!(Palette::new("InspiredGitHub", "nope").is_err());
    }
}
