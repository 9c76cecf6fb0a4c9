//! Code highlighting with syntect: HTML with CSS classes, never inline
//! styles, and the stylesheet for light and dark schemes.
//!
//! The syntax set is costly to load, so a [`Highlighter`] is built once per
//! run, loads it on first use, and is shared by every rendering thread.
//!
//! Highlighting is the costliest step of rendering a page (syntect runs
//! dozens of regexes per line). A repeated build has the previous output in
//! place, and its pages hold the blocks already highlighted: the driver
//! hands a page's previous HTML to the renderer, [`PreviousBlocks`] finds the
//! highlighted blocks in it, and a block whose text is exactly the new code
//! (same language, same pivotbook version) is reused instead of highlighted
//! again. Within a run, a line met again in the same parser state is not
//! parsed again either (`highlight/lines`). The output is the same bytes
//! either way.

mod lines;

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle};
use syntect::parsing::SyntaxSet;

pub use lines::LineMemo;

/// Class prefix for highlighted tokens, so they cannot clash with the theme.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Syntaxes, loaded on first use and shared by every page.
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    enabled: bool,
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
    /// A highlighter with syntect's default syntaxes.
    pub fn new() -> Highlighter {
        Highlighter { syntaxes: OnceLock::new(), enabled: true, lines: LineMemo::default() }
    }

    /// A highlighter that highlights nothing (for `check`, which throws the
    /// pages away).
    pub fn disabled() -> Highlighter {
        Highlighter { syntaxes: OnceLock::new(), enabled: false, lines: LineMemo::default() }
    }

    /// Highlights `code` written in `lang` (a fence's info string), reusing
    /// a block of `previous` with exactly this text. Returns `None` for an
    /// unknown or empty language: the caller shows plain code.
    pub fn highlight(&self, code: &str, lang: &str, previous: Option<&PreviousBlocks>) -> Option<String> {
        let token = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
        if token.is_empty() || !self.enabled {
            return None;
        }
        if let Some(html) = previous.and_then(|p| p.find(token, code)) {
            return Some(html);
        }
        let syntaxes = self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
        let syntax = syntaxes.find_syntax_by_token(token)?;
        self.lines.highlight(code, syntax, syntaxes, STYLE)
    }

    /// Lines found in the run's line memo, and lines parsed (for `--timings`).
    pub fn line_counts(&self) -> (u64, u64) {
        self.lines.hits_and_misses()
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

/// The names of the built-in highlighting themes.
pub fn theme_names() -> Vec<String> {
    let mut names: Vec<String> = ThemeSet::load_defaults().themes.into_keys().collect();
    names.sort();
    names
}

/// The stylesheet for highlighted code: `light` by default, `dark` under
/// `prefers-color-scheme: dark` and `[data-theme=dark]`. `None` when a
/// theme name is unknown.
pub fn stylesheet(light: &str, dark: &str) -> Result<String, String> {
    let set = ThemeSet::load_defaults();
    let get = |name: &str| set.themes.get(name).ok_or_else(|| format!("unknown highlight theme `{name}`"));
    let light_css = css_for_theme_with_class_style(get(light)?, STYLE).map_err(|e| e.to_string())?;
    let dark_css = css_for_theme_with_class_style(get(dark)?, STYLE).map_err(|e| e.to_string())?;
    let scoped = |prefix: &str| {
        dark_css
            .lines()
            .map(|l| if l.starts_with('.') { format!("{prefix} {l}") } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(format!(
        "/* Generated by pivotbook from syntect themes `{light}` (light) and `{dark}` (dark). */\n{light_css}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n{}\n",
        scoped(":root:not([data-theme=light])"),
        scoped(":root[data-theme=dark]")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes_only() {
        let h = Highlighter::new();
        let html = h.highlight("fn main() {}\n", "rust", None).unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(h.highlight("x", "no-such-lang", None).is_none());
        assert!(h.highlight("x", "", None).is_none());
    }

    #[test]
    fn previous_blocks_are_reused_only_for_the_same_text() {
        let h = Highlighter::new();
        let code = "if a < b && c > \"d\" { 'e' }\n";
        let html = h.highlight(code, "rust", None).unwrap();
        let page = format!("<p>x</p>{BLOCK_START}rust\">{html}{BLOCK_END}<pre class=\"code\"><code>plain</code></pre>");
        let prev = PreviousBlocks::parse(&page);
        assert_eq!(prev.blocks.len(), 1);
        assert_eq!(prev.blocks[0].1, code, "tags stripped, entities decoded");
        let fresh = Highlighter::new();
        assert_eq!(fresh.highlight(code, "rust", Some(&prev)).unwrap(), html);
        assert!(fresh.syntaxes.get().is_none(), "a reused block needs no syntax set");
        assert!(fresh.highlight(code, "c", Some(&prev)).is_some());
        assert!(fresh.syntaxes.get().is_some(), "another language is highlighted afresh");
        assert_eq!(
            PreviousBlocks::parse("<pre class=\"code\"><code class=\"language-x\">&bogus;</code></pre>").blocks.len(),
            0
        );
    }

    #[test]
    fn stylesheet_has_both_schemes() {
        let css = stylesheet("InspiredGitHub", "base16-ocean.dark").unwrap();
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(css.contains(".hl-"));
        assert!(stylesheet("nope", "base16-ocean.dark").is_err());
    }
}
