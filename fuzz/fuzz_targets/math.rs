//! Formulas with `markdown.math: true`: any text as a note's body gives a
//! page or diagnostics, never a panic, in bounded time (libFuzzer's
//! `-timeout` catches the quadratic nesting the depth cap prevents); and no
//! formula's text becomes markup: inside every `<math>` element the only
//! tags are MathML's own, and no page holds a `<script` or an event handler
//! (raw HTML outside formulas goes through the sanitiser, which keeps a bare
//! `<img>`).
#![no_main]

#[path = "common.rs"]
mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pivotbook::config::{Config, Site};
use pivotbook::highlight::Highlighter;
use pivotbook::render::templates::Templates;
use pivotbook::render::Job;

const THEME_SCRIPT: &str = "<script src=\"/pivotbook.js\" defer></script>";

fn fixed() -> &'static (Site, Templates, Highlighter) {
    static FIXED: OnceLock<(Site, Templates, Highlighter)> = OnceLock::new();
    FIXED.get_or_init(|| {
        let mut config = Config::default();
        config.markdown.math = true;
        common::site(config, None)
    })
}

/// Whether every tag inside `<math>…</math>` is MathML's.
fn math_is_mathml(html: &str) -> bool {
    let mut rest = html;
    while let Some(start) = rest.find("<math") {
        let Some(len) = rest[start..].find("</math>") else { return false };
        for tag in rest[start..start + len].split('<').skip(1) {
            let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if !(name.starts_with('m') || name == "semantics" || name == "annotation") {
                return false;
            }
        }
        rest = &rest[start + len + 7..];
    }
    true
}

/// Whether a tag of the page (text is escaped, so a raw `<` opens a tag) has
/// an event handler attribute (`onerror=`, `onload =` …). Attribute values
/// are skipped, quoted or not, as HTML reads them.
fn has_handler(html: &str) -> bool {
    let space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}');
    html.split('<').skip(1).any(|tag| {
        let mut rest = tag.trim_start_matches(|c: char| !space(c) && c != '>');
        loop {
            rest = rest.trim_start_matches(space);
            if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
                return false;
            }
            let name_len = rest.find(|c: char| space(c) || c == '=' || c == '>').unwrap_or(rest.len());
            let name = rest[..name_len].to_ascii_lowercase();
            if name.strip_prefix("on").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic())) {
                return true;
            }
            rest = rest[name_len..].trim_start_matches(space);
            if let Some(value) = rest.strip_prefix('=') {
                let value = value.trim_start_matches(space);
                rest = match value.chars().next() {
                    Some(q @ ('"' | '\'')) => value[1..].find(q).map_or("", |end| &value[end + 2..]),
                    _ => value.trim_start_matches(|c: char| !space(c) && c != '>'),
                };
            } else if name_len == 0 {
                rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
            }
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for (rel, job, out) in common::render_all(fixed(), &[("notes/f.md", text)]) {
        let (Job::Page(_), Some(file)) = (job, out) else { continue };
        let html = String::from_utf8(file.bytes).expect("UTF-8 output");
        let lower = html.to_ascii_lowercase().replace(THEME_SCRIPT, "");
        assert!(!lower.contains("<script") && !has_handler(&html), "script in {rel}");
        assert!(math_is_mathml(&html), "a non-MathML tag inside <math> in {rel}");
    }
});
