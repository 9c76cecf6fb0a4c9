//! Macros a page's formulas define for each other, as MathJax (which
//! Obsidian and Quartz render math with) keeps them: a `\newcommand` in one
//! formula holds in every later formula of the page. pulldown-latex sees
//! one formula at a time, so each is given the page's earlier definitions
//! first.
//!
//! Definitions are also written the way pulldown-latex reads them:
//! `\newcommand{\R}{\mathbb{R}}` without an argument count gets `[0]`,
//! `\newcommand\R{…}` gets braces around the name, `\def\R{…}` and
//! `\DeclareMathOperator{\rank}{rank}` become `\newcommand`s, and a
//! definition of a name the page defined before replaces it (MathJax
//! allows that; pulldown-latex refuses a second `\newcommand`).

/// The definitions made so far on one page, the latest for each name,
/// starting with the site's own.
#[derive(Debug, Default)]
pub(in crate::markdown) struct Macros<'s> {
    /// Each definition; one of a name defined again is replaced where it
    /// stands (a macro is expanded where it is used, so their order does
    /// not matter).
    defs: Vec<Def>,
    /// Where each name's definition is in `defs`.
    index: std::collections::HashMap<String, usize>,
    /// Where in `defs` the macros put in place as text are.
    inline: Vec<usize>,
    /// The last definition made, and the one it replaced ([`Self::forget_last`]).
    last: Option<(usize, Option<Def>)>,
    /// The site's definitions ([`super::site_macros`]), read at the first
    /// formula: most pages have none.
    site: &'s str,
}

/// One definition kept.
#[derive(Debug, Clone)]
struct Def {
    /// The name, without `\`.
    name: String,
    /// As pulldown-latex reads it.
    normal: String,
    /// For a macro put in place as text ([`Definition::inline`]), its body.
    inline: Option<String>,
}

/// A definition found in a formula.
struct Definition {
    /// Its byte range in the formula.
    range: std::ops::Range<usize>,
    name: String,
    /// `\newcommand{\name}[n]{body}`.
    normal: String,
    /// The body of a macro without arguments that holds `\left` or `\right`
    /// (`\newcommand{\<}{\left\langle}`): pulldown-latex matches a `\left`
    /// with its `\right` before it expands macros, so such a macro is put in
    /// place as text before the formula is parsed, as MathJax would expand it.
    inline: Option<String>,
}

/// Commands followed by a delimiter.
pub(super) const SIZERS: &[&str] = &[
    "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "Bigl", "biggl", "Biggl", "bigr", "Bigr", "biggr",
    "Biggr", "bigm", "Bigm", "biggm", "Biggm",
];

/// How large a formula may grow by putting macros in place.
const MAX_EXPANDED: usize = 64 * 1024;

impl<'s> Macros<'s> {
    /// A page's macros, starting with the site's `site` definitions.
    pub(in crate::markdown) fn new(site: &'s str) -> Self {
        Macros { site, ..Macros::default() }
    }

    /// Forgets the definition made last (one that did not parse), putting
    /// back the one it replaced.
    pub(in crate::markdown) fn forget_last(&mut self) {
        match self.last.take() {
            Some((i, Some(previous))) => {
                self.mark_inline(i, previous.inline.is_some());
                self.defs[i] = previous;
            }
            Some((i, None)) => {
                let gone = self.defs.remove(i);
                self.index.remove(&gone.name);
                self.mark_inline(i, false);
            }
            None => {}
        }
    }

    /// Notes whether the definition at `i` is put in place as text.
    fn mark_inline(&mut self, i: usize, inline: bool) {
        self.inline.retain(|&k| k != i);
        if inline {
            self.inline.push(i);
        }
    }

    /// Keeps a definition, replacing an earlier one of its name.
    fn define(&mut self, def: Def) {
        let inline = def.inline.is_some();
        let (i, previous) = match self.index.get(&def.name) {
            Some(&i) => (i, Some(std::mem::replace(&mut self.defs[i], def))),
            None => {
                self.index.insert(def.name.clone(), self.defs.len());
                self.defs.push(def);
                (self.defs.len() - 1, None)
            }
        };
        self.mark_inline(i, inline);
        self.last = Some((i, previous));
    }

    /// How many arguments `name` takes, when it is a macro kept as a
    /// definition (the page's or the site's), or else one of MathJax's
    /// commands defined for pulldown-latex ([`super::mathjax::MATHJAX`]).
    fn arity(&self, name: &str) -> Option<usize> {
        match self.index.get(name) {
            Some(&i) => self.defs[i].inline.is_none().then(|| declared_arity(&self.defs[i].normal)).flatten(),
            None => mathjax_arity(name),
        }
    }

    /// The formula as pulldown-latex is given it: the page's earlier
    /// definitions of names it uses (itself or through those) and does not
    /// define itself, then its own text with its definitions written as
    /// pulldown-latex reads them. Its definitions are kept for the
    /// formulas after it.
    pub(in crate::markdown) fn prepare(&mut self, tex: &str) -> String {
        if !self.site.is_empty() {
            let site = std::mem::take(&mut self.site);
            self.prepare(site);
        }
        let found = definitions(tex);
        if found.is_empty() && self.defs.is_empty() {
            return brace_scripts(tex.to_string(), mathjax_arity);
        }
        let mut out = String::with_capacity(tex.len() + 64);
        // Only the definitions the formula uses, itself or through others.
        let mut given: Vec<usize> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut wanted: Vec<&str> = names_used(tex);
        while let Some(name) = wanted.pop() {
            if let Some(&i) = self.index.get(name) {
                if seen.insert(i) {
                    given.push(i);
                    wanted.extend(names_used(&self.defs[i].normal));
                }
            }
        }
        given.sort_unstable();
        for i in given {
            let d = &self.defs[i];
            if d.inline.is_none() && !found.iter().any(|f| f.name == d.name) {
                out.push_str(&d.normal);
            }
        }
        let mut at = 0;
        for (i, d) in found.iter().enumerate() {
            out.push_str(&tex[at..d.range.start]);
            // A second definition of one name in a formula redefines it.
            let again = found[..i].iter().any(|e| e.name == d.name);
            match (&d.inline, again) {
                (Some(_), _) => {}
                (None, true) => out.push_str(&d.normal.replacen("\\newcommand", "\\renewcommand", 1)),
                (None, false) => out.push_str(&d.normal),
            }
            at = d.range.end;
        }
        out.push_str(&tex[at..]);
        for d in found {
            self.define(Def { name: d.name, normal: d.normal, inline: d.inline });
        }
        let inline: Vec<(&str, &str)> = self
            .inline
            .iter()
            .filter_map(|&i| Some((self.defs[i].name.as_str(), self.defs[i].inline.as_deref()?)))
            .collect();
        let out = match inline.is_empty() {
            true => out,
            false => expand(out, &inline),
        };
        brace_scripts(out, |name| self.arity(name))
    }
}

/// The number of arguments a definition as pulldown-latex reads it
/// declares (`\newcommand{\name}[2]{…}`).
fn declared_arity(normal: &str) -> Option<usize> {
    let after = &normal[normal.find("}[")? + 2..];
    after[..after.find(']')?].parse().ok()
}

/// The number of arguments of one of MathJax's commands that pulldown-latex
/// lacks, as [`super::mathjax::MATHJAX`] defines it.
fn mathjax_arity(name: &str) -> Option<usize> {
    let (_, def) = super::mathjax::MATHJAX.iter().find(|(n, _)| n.strip_prefix('\\') == Some(name))?;
    declared_arity(def)
}

/// `tex` with each macro (`arity` gives how many arguments it takes) that
/// is a script (`x_\R`, `e^\C`, `x^\mathscr{I}`) in braces with its
/// arguments: pulldown-latex reads a script's command as a primitive,
/// without expanding it, where MathJax expands it.
fn brace_scripts(tex: String, arity: impl Fn(&str) -> Option<usize>) -> String {
    if !(tex.contains("_\\") || tex.contains("^\\")) {
        return tex;
    }
    let mut out = String::with_capacity(tex.len() + 8);
    let mut at = 0;
    while let Some(i) = tex[at..].find(['_', '^']) {
        let script = at + i + 1;
        out.push_str(&tex[at..script]);
        at = script;
        if !tex[script..].starts_with('\\') {
            continue;
        }
        let (name, end) = control_sequence(&tex, script);
        let Some(end) = arity(name).and_then(|n| (0..n).try_fold(end, |at, _| argument_end(&tex, at))) else {
            continue;
        };
        out.push('{');
        out.push_str(&tex[script..end]);
        out.push('}');
        at = end;
    }
    out.push_str(&tex[at..]);
    out
}

/// The names of the control sequences in `tex`.
pub(super) fn names_used(tex: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = tex[at..].find('\\') {
        let (name, end) = control_sequence(tex, at + i);
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
        at = end;
    }
    out
}

/// The names `tex` defines.
pub(super) fn names_defined(tex: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = tex[at..].find("command{\\") {
        let start = at + i + "command{\\".len();
        let (name, end) = control_sequence(tex, start - 1);
        out.push(name);
        at = end.max(start);
    }
    out
}

/// `tex` with each use of the `inline` macros replaced by its body, again
/// for macros in bodies, four levels deep at most and up to
/// [`MAX_EXPANDED`] bytes.
fn expand(mut tex: String, inline: &[(&str, &str)]) -> String {
    for _ in 0..4 {
        let mut out = String::with_capacity(tex.len() + 64);
        let mut changed = false;
        let mut at = 0;
        // Whether the last command read takes a delimiter next (`\left\{`):
        // MathJax reads a delimiter there, not a macro.
        let mut delimiter = false;
        while let Some(i) = tex[at..].find('\\') {
            let start = at + i;
            let (name, end) = control_sequence(&tex, start);
            let between = &tex[at..start];
            out.push_str(between);
            let after_sizer = delimiter && between.trim().is_empty();
            match inline.iter().find(|(n, _)| *n == name).filter(|_| !after_sizer) {
                Some((_, body)) => {
                    out.push_str(body);
                    changed = true;
                }
                None => out.push_str(&tex[start..end]),
            }
            delimiter = SIZERS.contains(&name);
            at = end;
        }
        out.push_str(&tex[at..]);
        tex = out;
        if !changed || tex.len() > MAX_EXPANDED {
            break;
        }
    }
    tex
}

/// A macro as a site's settings give it, KaTeX's way (`R: \mathbb{R}`, its
/// arguments `#1`…`#9`), as a definition pulldown-latex reads.
pub(in crate::markdown) fn setting_definition(name: &str, body: &str) -> String {
    let name = name.trim().trim_start_matches('\\');
    let count = body
        .as_bytes()
        .windows(2)
        .filter(|w| w[0] == b'#' && w[1].is_ascii_digit())
        .map(|w| w[1] - b'0')
        .max()
        .unwrap_or(0);
    format!("\\newcommand{{\\{name}}}[{count}]{{{}}}", braced(body, count))
}

/// A use of the macro a definition (as [`setting_definition`] writes it)
/// defines, its arguments each `x`: `\R`, `\pd{x}{x}`.
pub(super) fn use_of(def: &str) -> String {
    let Some(Definition { name, normal, .. }) = definitions(def).into_iter().next() else { return String::new() };
    let count = normal.split_once("}[").and_then(|(_, rest)| rest.split(']').next()?.parse::<usize>().ok());
    let letter = name.bytes().all(|b| b.is_ascii_alphabetic());
    format!("\\{name}{}{}", if letter { " " } else { "" }, "{x}".repeat(count.unwrap_or(0)))
}

/// The definitions of a preamble (`preamble.sty`): each with its line, as
/// written and as pulldown-latex reads it. Comments (`%` to the line's end)
/// and anything that is no definition (`\require{mhchem}`) are passed over.
pub(in crate::markdown) fn preamble_definitions(text: &str) -> Vec<(usize, String)> {
    let uncommented: String = text
        .split('\n')
        .map(|line| {
            let cut = line.bytes().enumerate().find(|&(i, b)| b == b'%' && !line[..i].ends_with('\\'));
            &line[..cut.map_or(line.len(), |(i, _)| i)]
        })
        .collect::<Vec<_>>()
        .join("\n");
    definitions(&uncommented)
        .into_iter()
        .map(|d| (uncommented[..d.range.start].matches('\n').count() + 1, d.normal))
        .collect()
}

/// The macro definitions in a formula, in order.
fn definitions(tex: &str) -> Vec<Definition> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = tex[at..].find('\\') {
        let start = at + i;
        let (command, after) = control_sequence(tex, start);
        at = after.max(start + 1);
        let found = match command {
            "newcommand" | "renewcommand" | "providecommand" => new_command(tex, after),
            "def" => def(tex, after),
            "DeclareMathOperator" => operator(tex, after),
            _ => None,
        };
        if let Some((name, normal, end, inline)) = found {
            out.push(Definition { range: start..end, name, normal, inline });
            at = end;
        }
    }
    out
}

/// The control sequence starting at `start` (a `\`): its name, and where
/// it ends. A name is letters, or one other character.
pub(super) fn control_sequence(tex: &str, start: usize) -> (&str, usize) {
    let rest = &tex[start + 1..];
    let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let len = match letters {
        0 => rest.chars().next().map_or(0, char::len_utf8),
        n => n,
    };
    (&rest[..len], start + 1 + len)
}

/// Where a macro's argument starting at `at` (after spaces) ends: a group,
/// a command or one character; `None` at the formula's end.
fn argument_end(tex: &str, at: usize) -> Option<usize> {
    let at = spaces(tex, at);
    match tex[at..].chars().next()? {
        '{' => group(tex, at).map(|(_, end)| end),
        '\\' => Some(control_sequence(tex, at).1),
        c => Some(at + c.len_utf8()),
    }
}

/// Skips spaces.
pub(super) fn spaces(tex: &str, at: usize) -> usize {
    at + tex[at..].bytes().take_while(|b| b.is_ascii_whitespace()).count()
}

/// A group `{…}` starting at `at` (after spaces): its inside and where it
/// ends. Braces escaped with `\` do not count.
pub(super) fn group(tex: &str, at: usize) -> Option<(&str, usize)> {
    let at = spaces(tex, at);
    if !tex[at..].starts_with('{') {
        return None;
    }
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, b) in tex[at..].bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some((&tex[at + 1..at + i], at + i + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// An optional argument `[…]` at `at` (after spaces): its inside and where
/// it ends.
fn optional(tex: &str, at: usize) -> Option<(&str, usize)> {
    let at = spaces(tex, at);
    let rest = tex[at..].strip_prefix('[')?;
    let end = rest.find(']')?;
    Some((&rest[..end], at + 1 + end + 1))
}

/// The name defined at `at`: `{\name}` or `\name`, and where it ends.
fn defined_name(tex: &str, at: usize) -> Option<(String, usize)> {
    let at = spaces(tex, at);
    if let Some((inside, end)) = group(tex, at) {
        let inside = inside.trim();
        let (name, after) = control_sequence(inside, inside.find('\\').filter(|i| *i == 0)?);
        return (after == inside.len() && !name.is_empty()).then(|| (name.to_string(), end));
    }
    if !tex[at..].starts_with('\\') {
        return None;
    }
    let (name, end) = control_sequence(tex, at);
    (!name.is_empty()).then(|| (name.to_string(), end))
}

/// A definition: the name, its `\\newcommand`, where it ends, and the body
/// when it is put in place as text.
type Found = (String, String, usize, Option<String>);

/// The body of a macro put in place as text ([`Definition::inline`]).
fn inline_body(body: &str, count: u8, default: bool) -> Option<String> {
    let brackets = body.contains("\\left") || body.contains("\\right");
    (count == 0 && !default && brackets).then(|| body_text(body))
}

/// A definition's body as pulldown-latex is given it, and a macro without
/// arguments whose body is a whole (not ending with a command that would
/// take what follows the macro, no `&` or `\\`) in braces: pulldown-latex
/// puts a body in place as text, so `x_\R` would read `x_\mathbb{R}`, a
/// subscript of `\mathbb` alone, where MathJax takes the whole expansion.
fn braced(body: &str, count: u8) -> String {
    let text = body_text(body);
    let whole = count == 0 && text.len() == body.len() && !body.contains('&') && !body.contains("\\\\");
    match whole && !body.trim().is_empty() {
        true => format!("{{{body}}}"),
        false => text,
    }
}

/// A definition's body as pulldown-latex is given it: one ending with a
/// control word gets a space, since pulldown-latex puts a body in place as
/// text and `\left\langle` before `U` would otherwise read `\langleU`.
fn body_text(body: &str) -> String {
    match trailing_word(body) {
        Some(_) => format!("{body} "),
        None => body.to_string(),
    }
}

/// The control word `tex` ends with (`left` for `…\left`), if any.
pub(super) fn trailing_word(tex: &str) -> Option<&str> {
    let letters = tex.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
    let (before, word) = tex.split_at(tex.len() - letters);
    (letters > 0 && before.ends_with('\\')).then_some(word)
}

/// `\newcommand{\name}[n][default]{body}` (or `\renewcommand`,
/// `\providecommand`, a `*` after any) from `at`, after the command.
fn new_command(tex: &str, at: usize) -> Option<Found> {
    let at = if tex[at..].starts_with('*') { at + 1 } else { at };
    let (name, at) = defined_name(tex, at)?;
    let (count, at) = match optional(tex, at) {
        Some((n, end)) => (n.trim().parse::<u8>().ok()?, end),
        None => (0, at),
    };
    let (default, at) = match optional(tex, at) {
        Some((d, end)) => (Some(d), end),
        None => (None, at),
    };
    let (body, end) = group(tex, at)?;
    let inline = inline_body(body, count, default.is_some());
    let default = default.map(|d| format!("[{d}]")).unwrap_or_default();
    let body = braced(body, count);
    Some((name.clone(), format!("\\newcommand{{\\{name}}}[{count}]{default}{{{body}}}"), end, inline))
}

/// `\def\name#1#2{body}` from `at`, after `\def`.
fn def(tex: &str, at: usize) -> Option<Found> {
    let (name, mut at) = defined_name(tex, at)?;
    let mut count = 0u8;
    while tex[at..].starts_with('#') {
        let digit = tex.as_bytes().get(at + 1).filter(|d| d.is_ascii_digit())?;
        count = count.max(digit - b'0');
        at += 2;
    }
    let (body, end) = group(tex, at)?;
    let inline = inline_body(body, count, false);
    let body = braced(body, count);
    Some((name.clone(), format!("\\newcommand{{\\{name}}}[{count}]{{{body}}}"), end, inline))
}

/// `\DeclareMathOperator{\name}{text}` (or `*`, limits below and above)
/// from `at`, after the command.
fn operator(tex: &str, at: usize) -> Option<Found> {
    let (star, at) = if tex[at..].starts_with('*') { ("*", at + 1) } else { ("", at) };
    let (name, at) = defined_name(tex, at)?;
    let (text, end) = group(tex, at)?;
    Some((name.clone(), format!("\\newcommand{{\\{name}}}[0]{{\\operatorname{star}{{{text}}}}}"), end, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_written_as_pulldown_latex_reads_them() {
        let mut m = Macros::default();
        // A body without arguments is braced: `\\R^n` is a power of all of it.
        assert_eq!(m.prepare("\\newcommand{\\R}{\\mathbb{R}}\\R"), "\\newcommand{\\R}[0]{{\\mathbb{R}}}\\R");
        assert_eq!(m.prepare("x \\in \\R"), "\\newcommand{\\R}[0]{{\\mathbb{R}}}x \\in \\R");
        let mut m = Macros::default();
        assert_eq!(
            m.prepare("\\newcommand\\pd[2]{\\frac{\\partial #1}{\\partial #2}} \\def\\a#1{#1^2} \\DeclareMathOperator*{\\argmin}{arg\\,min}"),
            "\\newcommand{\\pd}[2]{\\frac{\\partial #1}{\\partial #2}} \\newcommand{\\a}[1]{#1^2} \\newcommand{\\argmin}[0]{\\operatorname*{arg\\,min}}"
        );
        // A later definition replaces an earlier one, in the formula and after it.
        assert_eq!(m.prepare("\\renewcommand{\\a}{b}\\a"), "\\newcommand{\\a}[0]{{b}}\\a");
        assert!(m.prepare("\\a").ends_with("\\newcommand{\\a}[0]{{b}}\\a"));
        // Only what a formula uses comes before it, with what that uses.
        let mut m = Macros::default();
        m.prepare("\\def\\x{1}\\def\\y{\\x}\\def\\z{3}");
        assert_eq!(m.prepare("\\y"), "\\newcommand{\\x}[0]{{1}}\\newcommand{\\y}[0]{\\x }\\y");
        // A macro holding `\\left` is put in place as text, with a space after
        // the control word it ends with.
        let mut page = Macros::default();
        assert_eq!(page.prepare("\\def\\l{\\left\\langle}\\l x"), "\\left\\langle  x");
        assert_eq!(page.prepare("\\l\\l"), "\\left\\langle \\left\\langle ");
        // After `\\left` a delimiter is read, not a macro (`\\{` as `\\left\\{`).
        let mut page = Macros::default();
        assert_eq!(page.prepare("\\renewcommand{\\{ }{\\left\\{ }\\{x"), "\\left\\{ x");
        let mut page = Macros::default();
        assert_eq!(page.prepare("\\def\\a{\\left(\\a}\\a"), format!("{}\\a    ", "\\left(".repeat(4)));
        assert_eq!(
            Macros::default().prepare("\\newcommand{\\x}{1}\\newcommand{\\x}{2}"),
            "\\newcommand{\\x}[0]{{1}}\\renewcommand{\\x}[0]{{2}}"
        );
    }

    #[test]
    fn a_macro_that_is_a_script_by_itself_is_braced() {
        let mut m = Macros::default();
        m.prepare("\\def\\R{\\mathbb{R}}\\def\\f#1{#1}");
        assert_eq!(
            m.prepare("x_\\R + e^\\R_\\f{a} + \\R^n + a_\\alpha"),
            "\\newcommand{\\R}[0]{{\\mathbb{R}}}\\newcommand{\\f}[1]{#1}x_{\\R} + e^{\\R}_{\\f{a}} + \\R^n + a_\\alpha"
        );
    }

    #[test]
    fn what_is_no_definition_is_left_as_it_is() {
        for tex in [
            "\\newcommand",
            "\\newcommand{x}{y}",
            "\\def\\a#x{y}",
            "\\newcommand{\\a}[z]{b}",
            "\\newcommand{\\a}{",
            "a \\\\ b",
        ] {
            assert_eq!(Macros::default().prepare(tex), tex);
        }
    }
}
