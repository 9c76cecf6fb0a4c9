//! Templates that would recurse without end: a macro that calls itself,
//! directly or through other macros (`self::m()`, `alias::m()` of an
//! imported file), and templates that include each other. Tera has no
//! depth limit, so either would overflow the stack and abort the build;
//! they are found in the templates' text (comments left out) before any
//! render and reported at the call that closes the cycle. (The default
//! theme has no recursion.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diag::{Diagnostic, Span};

/// A call site: (template name, macro name or `None` for the template's
/// own text) → what it calls, with the 1-based line of each call.
type Graph = BTreeMap<(String, Option<String>), Vec<((String, Option<String>), u32)>>;

/// The string after `start` up to `end`, on the same line.
fn quoted(s: &str) -> Option<&str> {
    let s = s.trim_start();
    let q = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &s[1..];
    rest.find(q).map(|end| &rest[..end])
}

/// `text` with each comment (`{# … #}`, over lines too) blanked out but its
/// line breaks, so that an include or call written in one is not taken for
/// one and lines keep their numbers. A `{#` inside a tag (`{{ "{#" }}`) starts
/// no comment; an unclosed comment runs to the end.
fn without_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("{#") {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(open) = text[at..].find('{').map(|o| at + o) {
        let close = match text.as_bytes().get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                out.push_str(&text[at..=open]);
                at = open + 1;
                continue;
            }
        };
        let to = text[open + 2..].find(close).map_or(text.len(), |c| open + 2 + c + close.len());
        if close == "#}" {
            out.push_str(&text[at..open]);
            out.extend(text[open..to].chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        } else {
            out.push_str(&text[at..to]);
        }
        at = to;
    }
    out.push_str(&text[at..]);
    out.into()
}

/// Every `{% include "x" %}`, `{% import "x" as a %}` and macro call of one template.
fn edges(name: &str, text: &str, graph: &mut Graph) {
    let text = without_comments(text);
    let mut imports: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (line, l) in (1u32..).zip(text.lines()) {
        // Tags and calls in the order they stand, so a macro opened and closed
        // on one line owns the calls between.
        let mut at = 0;
        while at < l.len() {
            let rest = &l[at..];
            let tag = rest.find("{%");
            let call = rest.find("::");
            match (tag, call) {
                (Some(t), c) if c.is_none_or(|c| t < c) => {
                    let tag = rest[t + 2..].trim_start_matches('-').trim_start();
                    if let Some(after) = tag.strip_prefix("macro ") {
                        let m = after.split(|c: char| c == '(' || c.is_whitespace()).next().unwrap_or("");
                        current = Some(m.to_string());
                    } else if tag.starts_with("endmacro") {
                        current = None;
                    } else if let Some(after) = tag.strip_prefix("include ") {
                        if let Some(target) = quoted(after) {
                            let from = (name.to_string(), current.clone());
                            graph.entry(from).or_default().push(((target.to_string(), None), line));
                        }
                    } else if let Some(after) = tag.strip_prefix("import ") {
                        if let (Some(file), Some(alias)) = (quoted(after), after.split(" as ").nth(1)) {
                            let alias =
                                alias.split(|c: char| c.is_whitespace() || c == '%' || c == '-').next().unwrap_or("");
                            imports.insert(alias.to_string(), file.to_string());
                        }
                    }
                    at += t + 2;
                }
                (_, Some(c)) => {
                    let before = &rest[..c];
                    let alias: String = before
                        .chars()
                        .rev()
                        .take_while(|ch| ch.is_alphanumeric() || *ch == '_')
                        .collect::<String>()
                        .chars()
                        .rev()
                        .collect();
                    let called: String =
                        rest[c + 2..].chars().take_while(|ch| ch.is_alphanumeric() || *ch == '_').collect();
                    let file = if alias == "self" { Some(name.to_string()) } else { imports.get(&alias).cloned() };
                    if let (Some(file), false) = (file, called.is_empty()) {
                        let from = (name.to_string(), current.clone());
                        graph.entry(from).or_default().push(((file, Some(called)), line));
                    }
                    at += c + 2;
                }
                _ => break,
            }
        }
    }
}

/// A located error for each cycle of calls or includes among `sources`
/// (template name → (path, text)).
pub(super) fn cycles(sources: &BTreeMap<String, (PathBuf, String)>) -> Vec<Diagnostic> {
    let mut graph = Graph::new();
    for (name, (_, text)) in sources {
        edges(name, text, &mut graph);
    }
    let mut diags = Vec::new();
    let mut reported: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    for start in graph.keys() {
        // Depth-first from each node, looking for a way back to it.
        let mut stack = vec![(start.clone(), 0usize)];
        let mut seen = BTreeSet::new();
        while let Some((node, _)) = stack.pop() {
            for (next, line) in graph.get(&node).map(Vec::as_slice).unwrap_or(&[]) {
                if next == start && reported.insert(start.clone()) {
                    let (path, _) =
                        &sources.get(&node.0).map_or((PathBuf::from(&node.0), ()), |(p, _)| (p.clone(), ()));
                    let what = match &start.1 {
                        Some(m) => format!("macro `{m}` of `{}` calls itself", start.0),
                        None => format!("template `{}` includes itself", start.0),
                    };
                    let via = if node == *start { String::new() } else { " through other templates or macros".into() };
                    diags.push(
                        Diagnostic::error(
                            "template-recursion",
                            Span::at(path, *line, 1, 2),
                            format!("{what}{via}: it would never end"),
                        )
                        .with_help(
                            "templates may not recurse; write the nesting out, or build the list in the page's data",
                        ),
                    );
                } else if seen.insert(next.clone()) {
                    stack.push((next.clone(), 0));
                }
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(files: &[(&str, &str)]) -> BTreeMap<String, (PathBuf, String)> {
        files.iter().map(|(n, t)| (n.to_string(), (PathBuf::from(format!("templates/{n}")), t.to_string()))).collect()
    }

    #[test]
    fn finds_self_calls_mutual_macros_and_include_cycles() {
        let d = cycles(&sources(&[("m.html", "{% macro a(x) %}\n{{ self::a(x=x) }}\n{% endmacro a %}\n")]));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].span.line, d[0].code), (2, "template-recursion"));
        let d = cycles(&sources(&[
            ("m.html", "{% import \"n.html\" as n %}\n{% macro a() %}{{ n::b() }}{% endmacro %}\n"),
            ("n.html", "{% import \"m.html\" as m %}\n{% macro b() %}{{ m::a() }}{% endmacro %}\n"),
        ]));
        assert!(!d.is_empty() && d[0].message.contains("through other"), "{d:?}");
        let d = cycles(&sources(&[("a.html", "{% include \"b.html\" %}"), ("b.html", "x\n{%- include 'a.html' -%}")]));
        assert!(!d.is_empty(), "{d:?}");
    }

    #[test]
    fn an_include_or_call_in_a_comment_is_not_one() {
        let d = cycles(&sources(&[
            ("p.html", "{#- Included with `{% include \"p.html\" %}`,\n    or as `{{ self::a() }}`. -#}\nx"),
            ("m.html", "{% macro a() %}{# {{ self::a() }} #}{% endmacro %}"),
        ]));
        assert!(d.is_empty(), "{d:?}");
        // A `{#` in a string inside a tag starts no comment.
        let d = cycles(&sources(&[("s.html", "{{ \"{#\" }}\n{% include \"s.html\" %}\n{{ \"#}\" }}")]));
        assert_eq!(d.iter().map(|d| d.span.line).collect::<Vec<_>>(), [2]);
        // Lines after a comment keep their numbers.
        let d = cycles(&sources(&[("m.html", "{#\n\n#}{% macro a() %}\n{{ self::a() }}{% endmacro %}")]));
        assert_eq!(d.iter().map(|d| d.span.line).collect::<Vec<_>>(), [4]);
    }

    #[test]
    fn the_default_theme_does_not_recurse() {
        let s: BTreeMap<String, (PathBuf, String)> = super::super::templates::DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), (PathBuf::from(*n), t.to_string())))
            .collect();
        assert_eq!(cycles(&s), Vec::<Diagnostic>::new());
        // Calls that do not come back are fine.
        let ok = sources(&[("m.html", "{% macro a() %}{{ self::b() }}{% endmacro %}{% macro b() %}x{% endmacro %}")]);
        assert!(cycles(&ok).is_empty());
    }
}
