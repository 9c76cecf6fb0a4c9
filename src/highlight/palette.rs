//! Highlighted code as a few short classes per token, and the stylesheet
//! that gives them their colours in the light and dark schemes.
//!
//! syntect's own classed HTML writes every scope of the stack as nested
//! spans (`<span class="hl-meta hl-function hl-python"><span class="hl-storage
//! hl-type hl-function hl-python">def</span>…`), about ten bytes of markup
//! for each byte of code, and its stylesheet lists every selector of both
//! themes. What a reader sees of a token is only its resolved style in each
//! theme, so a [`Palette`] resolves it once per scope stack (syntect's
//! `style_for_stack`, the same style its inline-styled output would give)
//! and names it by the theme's own colours:
//!
//! - `hl-l<n>` / `hl-d<n>`: the light / dark theme's foreground is colour
//!   `n` of that theme's palette (its rules' colours, in the order the
//!   theme lists them);
//! - `hl-lk<n>` / `hl-dk<n>`: the same for the background;
//! - `hl-lb`, `hl-li`, `hl-lu` / `hl-db`, `hl-di`, `hl-du`: bold, italic,
//!   underline.
//!
//! The theme's default foreground and background get no class: such text
//! takes the page's colours, as unstyled code does. A token with neither
//! theme's style is plain text, and a run of tokens with the same classes
//! is one span. Each class sets a custom property; one rule per scheme reads
//! that scheme's properties, so a token shows exactly its light style in the
//! light scheme and its dark style in the dark one.
//!
//! Class names depend on the themes, so a previous build's highlighted
//! blocks are reused only when its stylesheet is this one (see
//! [`super::Highlighter`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use syntect::highlighting::{Color, FontStyle, Highlighter as Resolver, Style, Theme, ThemeSet};
use syntect::parsing::{Scope, ScopeError, ScopeStack, ScopeStackOp};

/// The classes of one scope stack: `None` for plain text.
#[derive(Clone)]
pub(super) struct Token {
    class: Box<str>,
    /// A background or underline shows even on blank text.
    shows_blank: bool,
}

/// Scope stacks already resolved, by one thread.
pub(super) type Resolved = HashMap<Vec<Scope>, Option<Token>>;

/// The most scope stacks a thread keeps resolved.
const MAX_RESOLVED: usize = 1 << 14;

/// One scheme's theme and the colours its rules use.
#[derive(Debug)]
struct Scheme {
    /// `l` or `d`, the class letter.
    letter: char,
    theme: Theme,
    colors: Vec<Color>,
}

/// The light and dark highlighting themes, the classes they give tokens
/// and the stylesheet for them.
#[derive(Debug)]
pub struct Palette {
    schemes: [Scheme; 2],
    stylesheet: String,
}

impl Scheme {
    fn new(letter: char, theme: Theme) -> Scheme {
        let mut colors: Vec<Color> = Vec::new();
        for item in &theme.scopes {
            for c in [item.style.foreground, item.style.background].into_iter().flatten() {
                if !colors.contains(&c) {
                    colors.push(c);
                }
            }
        }
        Scheme { letter, theme, colors }
    }

    /// Appends this scheme's classes for `style` to `class`; returns
    /// whether a background or underline shows on blank text.
    fn classes(&self, style: Style, default: Style, class: &mut String) -> bool {
        let index = |c: Color| self.colors.iter().position(|&p| p == c);
        let l = self.letter;
        if style.foreground != default.foreground {
            if let Some(n) = index(style.foreground) {
                let _ = write!(class, " hl-{l}{n}");
            }
        }
        let background = style.background != default.background && index(style.background).is_some();
        if let Some(n) = index(style.background).filter(|_| background) {
            let _ = write!(class, " hl-{l}k{n}");
        }
        for (bit, c) in [(FontStyle::BOLD, 'b'), (FontStyle::ITALIC, 'i'), (FontStyle::UNDERLINE, 'u')] {
            if style.font_style.contains(bit) {
                let _ = write!(class, " hl-{l}{c}");
            }
        }
        background || style.font_style.contains(FontStyle::UNDERLINE)
    }

    /// This scheme's rules: one per class, setting its custom property.
    fn rules(&self, css: &mut String) {
        let l = self.letter;
        for (n, &c) in self.colors.iter().enumerate() {
            let c = hex(c);
            let _ = writeln!(css, ".hl-{l}{n}{{--hl-{l}c:{c}}}.hl-{l}k{n}{{--hl-{l}k:{c}}}");
        }
        let _ = writeln!(css, ".hl-{l}b{{--hl-{l}w:bold}}.hl-{l}i{{--hl-{l}s:italic}}.hl-{l}u{{--hl-{l}d:underline}}");
    }
}

/// A colour as CSS, with its alpha only when it is not opaque.
fn hex(c: Color) -> String {
    if c.a == 0xff {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

/// The declarations that show scheme `l`'s properties on a token. A
/// property its classes do not set is invalid, so the token inherits the
/// page's colour and weight, with no background or underline.
fn reads(l: char) -> String {
    format!(
        "pre.code span{{color:var(--hl-{l}c);background-color:var(--hl-{l}k);font-weight:var(--hl-{l}w);\
         font-style:var(--hl-{l}s);text-decoration:var(--hl-{l}d)}}"
    )
}

impl Palette {
    /// The palette of two of syntect's built-in themes, by name.
    pub fn new(light: &str, dark: &str) -> Result<Palette, String> {
        let mut set = ThemeSet::load_defaults();
        let mut take = |name: &str| set.themes.remove(name).ok_or_else(|| format!("unknown highlight theme `{name}`"));
        let light_theme = take(light)?;
        let dark_theme = if dark == light { light_theme.clone() } else { take(dark)? };
        Ok(Palette::of([light, dark], [Scheme::new('l', light_theme), Scheme::new('d', dark_theme)]))
    }

    /// The palette of `schemes`, named `names`, with its stylesheet.
    fn of(names: [&str; 2], schemes: [Scheme; 2]) -> Palette {
        let stylesheet = stylesheet(names, &schemes);
        Palette { schemes, stylesheet }
    }

    /// `syntax.css`: each scheme's classes, light by default, dark under
    /// `prefers-color-scheme: dark` (unless the reader chose light) and
    /// `[data-theme=dark]`.
    pub fn stylesheet(&self) -> &str {
        &self.stylesheet
    }

    /// The classes of a token whose scope stack is `stack`.
    fn resolve(&self, stack: &[Scope], resolvers: &[Resolver<'_>; 2]) -> Option<Token> {
        let mut class = String::new();
        let mut shows_blank = false;
        for (scheme, r) in self.schemes.iter().zip(resolvers) {
            shows_blank |= scheme.classes(r.style_for_stack(stack), r.get_default(), &mut class);
        }
        (!class.is_empty()).then(|| Token { class: class[1..].into(), shows_blank })
    }

    /// Writes `line` as HTML: the text between the parser's `ops`, each
    /// run with the classes of the scope stack over it. `scopes` is the
    /// stack before the line and is left as it is after it. No span stays
    /// open past the line's end.
    pub(super) fn write_line(
        &self,
        line: &str,
        ops: &[(usize, ScopeStackOp)],
        scopes: &mut ScopeStack,
        resolved: &mut Resolved,
        out: &mut String,
    ) -> Result<(), ScopeError> {
        let mut resolvers = None;
        let mut open: Option<Token> = None;
        let mut pos = 0;
        let mut run = |text: &str, scopes: &ScopeStack, open: &mut Option<Token>| {
            if text.is_empty() {
                return;
            }
            let token = match resolved.get(scopes.as_slice()) {
                Some(t) => t.clone(),
                None => {
                    let rs = resolvers.get_or_insert_with(|| self.schemes.each_ref().map(|s| Resolver::new(&s.theme)));
                    let t = self.resolve(scopes.as_slice(), rs);
                    if resolved.len() < MAX_RESOLVED {
                        resolved.insert(scopes.as_slice().to_vec(), t.clone());
                    }
                    t
                }
            };
            let blank = text.bytes().all(|b| b.is_ascii_whitespace());
            // Blank text looks the same in any span without a background or underline.
            let shows = |t: &Option<Token>| t.as_ref().is_some_and(|t| t.shows_blank);
            let joins = match (&*open, &token) {
                (Some(o), Some(t)) if o.class == t.class => true,
                (None, None) => true,
                _ => blank && !shows(open) && !shows(&token),
            };
            if !joins {
                if open.take().is_some() {
                    out.push_str("</span>");
                }
                if let Some(t) = token.filter(|t| !blank || t.shows_blank) {
                    out.push_str("<span class=\"");
                    out.push_str(&t.class);
                    out.push_str("\">");
                    *open = Some(t);
                }
            }
            escape(text, out);
        };
        for (at, op) in ops {
            // syntect's positions are regex match bounds, so characters' bounds;
            // one that were not would only move the change to the next text.
            let at = (*at).min(line.len());
            if at > pos && line.is_char_boundary(at) {
                run(&line[pos..at], scopes, &mut open);
                pos = at;
            }
            scopes.apply(op)?;
        }
        run(&line[pos..], scopes, &mut open);
        if open.is_some() {
            out.push_str("</span>");
        }
        Ok(())
    }
}

/// The stylesheet of `schemes`, whose themes are named `names`.
fn stylesheet([light, dark]: [&str; 2], schemes: &[Scheme; 2]) -> String {
    let mut css = format!(
        "/* Generated by pivotbook from syntect themes `{light}` (light) and `{dark}` (dark): each class sets a \
         property, and the scheme in use reads its own. */\n"
    );
    for scheme in schemes {
        scheme.rules(&mut css);
    }
    let dark_reads = reads('d');
    let _ = write!(
        css,
        "{}\n@media (prefers-color-scheme: dark){{:root:not([data-theme=light]) {dark_reads}}}\n:root[data-theme=dark] {dark_reads}\n",
        reads('l')
    );
    css
}

/// `text` with `&`, `<` and `>` escaped (what `PreviousBlocks` decodes).
fn escape(text: &str, out: &mut String) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use syntect::easy::HighlightLines;
    use syntect::highlighting::{ScopeSelectors, StyleModifier, ThemeItem, ThemeSettings};
    use syntect::parsing::{ParseState, SyntaxSet};
    use syntect::util::LinesWithEndings;

    use super::*;

    /// `code` highlighted line by line, without any memo.
    fn write(palette: &Palette, code: &str, token: &str, set: &SyntaxSet) -> String {
        let mut parse = ParseState::new(set.find_syntax_by_token(token).unwrap());
        let (mut scopes, mut resolved, mut out) = (ScopeStack::new(), Resolved::new(), String::new());
        for line in LinesWithEndings::from(code) {
            let ops = parse.parse_line(line, set).unwrap();
            palette.write_line(line, &ops, &mut scopes, &mut resolved, &mut out).unwrap();
        }
        out
    }

    /// Foreground, background (`None` for the page's) and font style.
    type Look = (Option<Color>, Option<Color>, FontStyle);

    /// What a reader sees of each character of `html` in each scheme.
    fn seen(palette: &Palette, html: &str) -> Vec<(char, [Look; 2])> {
        let mut out = Vec::new();
        let mut classes: Vec<&str> = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(tail) = rest.strip_prefix("<span class=\"") {
                let end = tail.find("\">").unwrap();
                classes = tail[..end].split(' ').collect();
                rest = &tail[end + 2..];
            } else if let Some(tail) = rest.strip_prefix("</span>") {
                classes.clear();
                rest = tail;
            } else {
                assert!(!rest.starts_with('<'), "only flat spans: {rest}");
                let (c, len) = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>')]
                    .iter()
                    .find(|(e, _)| rest.starts_with(e))
                    .map_or_else(
                        || (rest.chars().next().unwrap(), rest.chars().next().unwrap().len_utf8()),
                        |(e, c)| (*c, e.len()),
                    );
                let look = |s: &Scheme| {
                    let l = s.letter;
                    let (mut fg, mut bg, mut fs) = (None, None, FontStyle::empty());
                    for class in &classes {
                        let name = class.strip_prefix("hl-").unwrap();
                        let Some(name) = name.strip_prefix(l) else { continue };
                        match name {
                            "b" => fs |= FontStyle::BOLD,
                            "i" => fs |= FontStyle::ITALIC,
                            "u" => fs |= FontStyle::UNDERLINE,
                            k if k.starts_with('k') => bg = Some(s.colors[k[1..].parse::<usize>().unwrap()]),
                            n => fg = Some(s.colors[n.parse::<usize>().unwrap()]),
                        }
                    }
                    (fg, bg, fs)
                };
                out.push((c, [look(&palette.schemes[0]), look(&palette.schemes[1])]));
                rest = &rest[len..];
            }
        }
        out
    }

    /// Every character shows the style syntect's own highlighter gives it
    /// in each theme (the theme's default colours as the page's); blank
    /// text may differ only where nothing of the difference shows.
    fn shows_syntects_styles(palette: &Palette, code: &str, token: &str) {
        let set = SyntaxSet::load_defaults_newlines();
        let html = write(palette, code, token, &set);
        let got = seen(palette, &html);
        assert_eq!(got.iter().map(|g| g.0).collect::<String>(), code, "the text is the code");
        for (k, scheme) in palette.schemes.iter().enumerate() {
            let mut lines = HighlightLines::new(set.find_syntax_by_token(token).unwrap(), &scheme.theme);
            let default = Resolver::new(&scheme.theme).get_default();
            let mut want = Vec::new();
            for line in LinesWithEndings::from(code) {
                for (style, text) in lines.highlight_line(line, &set).unwrap() {
                    let fg = (style.foreground != default.foreground).then_some(style.foreground);
                    let bg = (style.background != default.background).then_some(style.background);
                    want.extend(text.chars().map(|c| (c, (fg, bg, style.font_style))));
                }
            }
            assert_eq!(want.len(), got.len());
            for (i, ((c, w), (_, g))) in want.iter().zip(&got).enumerate() {
                let g = g[k];
                if c.is_ascii_whitespace() {
                    assert_eq!(
                        (w.1, w.2 & FontStyle::UNDERLINE),
                        (g.1, g.2 & FontStyle::UNDERLINE),
                        "{token} char {i} {c:?}"
                    );
                } else {
                    assert_eq!(*w, g, "{token} char {i} {c:?} in {}\n{html}", scheme.letter);
                }
            }
        }
    }

    #[test]
    fn every_character_shows_the_style_syntect_gives_it_in_both_themes() {
        let python = "def f(x):\n    \"\"\"Doc & <more>.\"\"\"\n    return x * 2  # twice\n";
        let rust = "fn main() {\n    let s = \"open\n still\";\n    if a < b && c > d { println!(\"{s}\"); }\n}\n";
        let html = "<p class=\"a\">x &amp; y</p>\n<!-- note -->\n";
        for (light, dark) in [("InspiredGitHub", "base16-ocean.dark"), ("Solarized (light)", "base16-eighties.dark")] {
            let palette = Palette::new(light, dark).unwrap();
            for (code, token) in [(python, "python"), (rust, "rust"), (html, "html"), ("", "rust"), ("x", "rust")] {
                shows_syntects_styles(&palette, code, token);
            }
        }
    }

    fn theme(rules: &[(&str, StyleModifier)]) -> Theme {
        Theme {
            settings: ThemeSettings {
                foreground: Some(Color::BLACK),
                background: Some(Color::WHITE),
                ..ThemeSettings::default()
            },
            scopes: rules
                .iter()
                .map(|(sel, style)| ThemeItem { scope: ScopeSelectors::from_str(sel).unwrap(), style: *style })
                .collect(),
            ..Theme::default()
        }
    }

    fn color(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 0xff }
    }

    #[test]
    fn tokens_get_short_classes_and_runs_of_one_style_are_one_span() {
        let fg = |c| StyleModifier { foreground: Some(c), ..StyleModifier::default() };
        let light = theme(&[
            ("keyword", fg(color(0xff, 0, 0))),
            ("comment", StyleModifier { font_style: Some(FontStyle::ITALIC), ..fg(color(0, 0x80, 0)) }),
            (
                "constant.numeric",
                StyleModifier { background: Some(color(0xee, 0xee, 0xee)), ..StyleModifier::default() },
            ),
        ]);
        let dark = theme(&[("keyword", fg(color(0, 0, 0xff))), ("comment", fg(Color::BLACK))]);
        let palette = Palette::of(["a", "b"], [Scheme::new('l', light), Scheme::new('d', dark)]);
        let set = SyntaxSet::load_defaults_newlines();
        // `if` and `=` are keywords in both themes; the comment is green and
        // italic in light and the default colour in dark; `1` has a
        // background in light only. A blank joins the span before it (its
        // look is the same either way), and the blanks before `1` stay
        // outside its background.
        assert_eq!(
            write(&palette, "if x: # c & d\n    y = 1\n", "python", &set),
            "<span class=\"hl-l0 hl-d0\">if </span>x: <span class=\"hl-l1 hl-li\"># c &amp; d\n</span>    y \
             <span class=\"hl-l0 hl-d0\">= </span><span class=\"hl-lk2\">1</span>\n"
        );
        assert_eq!(
            palette.stylesheet().lines().nth(1),
            Some(".hl-l0{--hl-lc:#ff0000}.hl-lk0{--hl-lk:#ff0000}"),
            "colours in the order the theme lists them"
        );
    }
}
