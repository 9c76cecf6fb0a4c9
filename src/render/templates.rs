//! Loading templates: the default theme embedded in the binary, a theme
//! folder under `themes/`, and the site's own `templates/` overrides.
//!
//! Later sources replace earlier ones by file name, so a site overrides any
//! template by putting one with the same name in `templates/`. Templates are
//! compiled once per run. A template that does not parse is a diagnostic at
//! its file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diag::{to_u32, Diagnostic, Span};

/// The default theme's templates, embedded at compile time.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    ("macros.html", include_str!("../../themes/default/templates/macros.html")),
    ("body.html", include_str!("../../themes/default/templates/body.html")),
    ("prose.html", include_str!("../../themes/default/templates/prose.html")),
    ("nav.html", include_str!("../../themes/default/templates/nav.html")),
    ("home.html", include_str!("../../themes/default/templates/home.html")),
    ("company.html", include_str!("../../themes/default/templates/company.html")),
    ("companies.html", include_str!("../../themes/default/templates/companies.html")),
    ("deal.html", include_str!("../../themes/default/templates/deal.html")),
    ("deals.html", include_str!("../../themes/default/templates/deals.html")),
    ("topic.html", include_str!("../../themes/default/templates/topic.html")),
    ("topics.html", include_str!("../../themes/default/templates/topics.html")),
    ("note.html", include_str!("../../themes/default/templates/note.html")),
    ("notes.html", include_str!("../../themes/default/templates/notes.html")),
    ("tags.html", include_str!("../../themes/default/templates/tags.html")),
    ("tag.html", include_str!("../../themes/default/templates/tag.html")),
    ("folder.html", include_str!("../../themes/default/templates/folder.html")),
    ("404.html", include_str!("../../themes/default/templates/404.html")),
    ("atom.xml", include_str!("../../themes/default/templates/atom.xml")),
    ("redirect.html", include_str!("../../themes/default/templates/redirect.html")),
    ("search.html", include_str!("../../themes/default/templates/search.html")),
    ("graph.html", include_str!("../../themes/default/templates/graph.html")),
    ("totals.html", include_str!("../../themes/default/templates/totals.html")),
    ("timeline.html", include_str!("../../themes/default/templates/timeline.html")),
];

/// The default theme's static files, embedded at compile time.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_str!("../../themes/default/static/style.css").as_bytes()),
    ("pivotbook.js", include_str!("../../themes/default/static/pivotbook.js").as_bytes()),
    ("search.js", include_str!("../../themes/default/static/search.js").as_bytes()),
    ("search-dialog.js", include_str!("../../themes/default/static/search-dialog.js").as_bytes()),
    ("search.css", include_str!("../../themes/default/static/search.css").as_bytes()),
    ("graph.js", include_str!("../../themes/default/static/graph.js").as_bytes()),
    ("graph-local.js", include_str!("../../themes/default/static/graph-local.js").as_bytes()),
    ("preview.js", include_str!("../../themes/default/static/preview.js").as_bytes()),
    ("deals.js", include_str!("../../themes/default/static/deals.js").as_bytes()),
    // d3-zoom, d3-selection and d3-quadtree from npm, bundled (see the licence file).
    ("vendor/d3-graph.min.js", include_str!("../../themes/default/static/vendor/d3-graph.min.js").as_bytes()),
    ("vendor/d3-graph.LICENSE", include_str!("../../themes/default/static/vendor/d3-graph.LICENSE").as_bytes()),
    // The favicon: linked from every page, and at the root for browsers that ask for /favicon.ico.
    ("favicon.svg", include_str!("../../themes/default/static/favicon.svg").as_bytes()),
    ("favicon.ico", include_bytes!("../../themes/default/static/favicon.ico")),
];

/// The theme's icon files, in the order pages prefer them, with their media
/// types. A file of the same name at the top of the content folder replaces
/// the theme's, so a site or vault publishes its own icon (Obsidian's help
/// vault has a `favicon.ico`); a content file at the path of any other theme
/// or generated file is an error (`url-collision`).
pub const ICONS: &[(&str, &str)] = &[("favicon.svg", "image/svg+xml"), ("favicon.ico", "image/x-icon")];

/// Whether `rel` is one of the theme's icons (see [`ICONS`]).
pub fn is_icon(rel: &str) -> bool {
    ICONS.iter().any(|(icon, _)| *icon == rel)
}

/// The icons the content folder has its own of, with their media types, in
/// the order pages prefer them.
pub fn own_icons(corpus: &crate::load::Corpus) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    ICONS.iter().copied().filter(|(icon, _)| corpus.has_asset(icon))
}

/// The icon every page links, and its media type: the content's own (an SVG
/// before an ICO), else the theme's SVG.
pub fn icon(corpus: &crate::load::Corpus) -> (&'static str, &'static str) {
    own_icons(corpus).next().unwrap_or(ICONS[0])
}

/// What a page with a mermaid diagram needs: mermaid's script (from its
/// npm package, with its licence) and the few lines that start it. Written
/// only when some page has a diagram.
pub const MERMAID_STATIC: &[(&str, &str)] = &[
    ("vendor/mermaid.min.js", include_str!("../../themes/default/static/vendor/mermaid.min.js")),
    ("vendor/mermaid.LICENSE", include_str!("../../themes/default/static/vendor/mermaid.LICENSE")),
    ("mermaid-init.js", include_str!("../../themes/default/static/mermaid-init.js")),
];

/// Compiled templates, with the file each came from (for messages).
#[derive(Debug)]
pub struct Templates {
    /// The compiled set.
    pub tera: Tera,
    /// Template name → file it was read from (`<theme default>` if built in).
    pub origin: BTreeMap<String, PathBuf>,
    /// Static files of the theme folder, if the theme is not the built-in one.
    pub theme_static: Option<PathBuf>,
    /// Template name → its text, to locate render errors.
    pub text: BTreeMap<String, String>,
}

impl Templates {
    /// Where a render error of `template` is: the first line, in that
    /// template or else in any other (a parent it extends, a macro file),
    /// that holds what the error names (a variable, a filter, a function or
    /// a test). Tera gives no position for render errors; without a match the
    /// span is the template's file.
    pub fn locate(&self, template: &str, msg: &str) -> Span {
        let path = |name: &str| self.origin.get(name).cloned().unwrap_or_else(|| PathBuf::from(name));
        let needles = render_error_needles(msg);
        let order = std::iter::once(template).chain(self.text.keys().map(String::as_str).filter(|n| *n != template));
        for name in order {
            let Some(text) = self.text.get(name) else { continue };
            for (i, line) in text.lines().enumerate() {
                if let Some(col) = needles.iter().find_map(|n| line.find(n.as_str())) {
                    let col = line[..col].chars().count() + 1;
                    return Span::at(path(name), to_u32(i + 1), to_u32(col), 1);
                }
            }
        }
        Span::file(path(template))
    }
}

/// The template text a Tera render error is about: `Variable `x` not found`
/// → `x`; `Filter `f`` → `| f` and `|f`; `Function `f`` → `f(`; `Test `t``
/// → `is t`.
fn render_error_needles(msg: &str) -> Vec<String> {
    let named = |prefix: &str| -> Option<&str> { msg.split(prefix).nth(1)?.split('`').next() };
    let mut out = Vec::new();
    if let Some(v) = named("Variable `") {
        out.push(v.to_string());
    }
    for f in [named("Filter `"), named("Filter call '").and_then(|s| s.split('\'').next())].into_iter().flatten() {
        out.extend([format!("| {f}"), format!("|{f}")]);
    }
    if let Some(f) = named("Function `") {
        out.push(format!("{f}("));
    }
    if let Some(t) = named("Test `") {
        out.push(format!("is {t}"));
    }
    out.retain(|n| !n.trim().is_empty());
    out
}

/// Reads `*.html` and `*.xml` files from a folder (sorted), as (name, path, text).
fn read_dir(dir: &Path, root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for p in paths {
        if p.extension().is_none_or(|e| e != "html" && e != "xml") || !p.is_file() {
            continue;
        }
        let display = p.strip_prefix(root).unwrap_or(&p).to_path_buf();
        if let Some(d) = crate::load::link_outside(&inside, &p, &display) {
            diags.push(d);
            continue;
        }
        match std::fs::read_to_string(&p) {
            Ok(text) => {
                let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                out.push((name, display, text));
            }
            Err(e) => {
                diags.push(Diagnostic::error("unreadable", Span::file(display), format!("cannot read template: {e}")))
            }
        }
    }
    out
}

/// Loads the templates for a site at `root` with theme `theme`.
pub fn load(root: &Path, theme: &str) -> (Option<Templates>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut sources: BTreeMap<String, (PathBuf, String)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), (PathBuf::from(format!("<built-in theme>/{n}")), t.to_string())))
        .collect();
    let theme_dir = root.join("themes").join(theme);
    let theme_static = theme_dir.join("static");
    if theme_dir.is_dir() {
        for (n, p, t) in read_dir(&theme_dir.join("templates"), root, &mut diags) {
            sources.insert(n, (p, t));
        }
    } else if theme != "default" {
        diags.push(
            Diagnostic::error(
                "unknown-theme",
                Span::file(crate::config::CONFIG_FILE),
                format!("theme `{theme}` not found in themes/"),
            )
            .with_help("remove `theme` to use the built-in default theme"),
        );
    }
    for (n, p, t) in read_dir(&root.join("templates"), root, &mut diags) {
        sources.insert(n, (p, t));
    }
    let recursion = super::recursion::cycles(&sources);
    if !recursion.is_empty() {
        diags.extend(recursion);
        return (None, diags);
    }
    let mut tera = Tera::default();
    // A template may not read the build's environment (tokens, secrets on a CI runner).
    tera.register_function("get_env", |_: &std::collections::HashMap<String, tera::Value>| {
        Err(tera::Error::msg("`get_env` is not available: templates may not read the environment"))
    });
    tera.register_function("range", bounded_range);
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    let raw: Vec<(String, String)> = sources.iter().map(|(n, (_, t))| (n.clone(), t.clone())).collect();
    if let Err(e) = tera.add_raw_templates(raw) {
        diags.push(template_error(&e, &sources));
        return (None, diags);
    }
    let mut origin = BTreeMap::new();
    let mut text = BTreeMap::new();
    for (n, (p, t)) in sources {
        origin.insert(n.clone(), p);
        text.insert(n, t);
    }
    let theme_static = theme_dir.is_dir().then_some(theme_static).filter(|p| p.is_dir()).filter(|p| {
        // The theme's static folder (or the theme itself) may not be a link out of the site.
        let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let display = p.strip_prefix(root).unwrap_or(p).to_path_buf();
        match std::fs::canonicalize(p) {
            Ok(real) if real.starts_with(&inside) => true,
            _ => {
                diags.extend(crate::load::link_outside(&inside, p, &display));
                false
            }
        }
    });
    (Some(Templates { tera, origin, theme_static, text }), diags)
}

/// What [`escape_html`] writes for each byte it replaces (`None`: kept).
const ESCAPES: [Option<&str>; 256] = {
    let mut t = [None; 256];
    let mut b = 0;
    while b < 0x20 {
        if !matches!(b, b'\t' | b'\n' | b'\r') {
            t[b as usize] = Some("\u{fffd}");
        }
        b += 1;
    }
    t[b'&' as usize] = Some("&amp;");
    t[b'<' as usize] = Some("&lt;");
    t[b'>' as usize] = Some("&gt;");
    t[b'"' as usize] = Some("&quot;");
    t[b'\'' as usize] = Some("&#x27;");
    t
};

/// Escapes text for HTML attributes and content, and for XML (feeds).
/// Unlike Tera's default it leaves `/` alone, so URLs stay readable. Control
/// characters, which XML forbids (a feed with one is not XML), become U+FFFD.
/// Every byte replaced is ASCII, so the text is cut only between characters.
pub fn escape_html(input: &str) -> String {
    let bytes = input.as_bytes();
    let Some(first) = bytes.iter().position(|&b| ESCAPES[usize::from(b)].is_some()) else {
        return input.to_string();
    };
    let mut out = String::with_capacity(input.len() + 16);
    let mut kept = 0;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        if let Some(with) = ESCAPES[usize::from(b)] {
            out.push_str(&input[kept..i]);
            out.push_str(with);
            kept = i + 1;
        }
    }
    out.push_str(&input[kept..]);
    out
}

/// The most items `range(…)` may give a template; beyond, the render fails
/// with an error instead of filling memory (`range(end=100000000)`).
pub const MAX_RANGE: i64 = 10_000;

/// The most items all `range(…)` calls of one render may give together:
/// nested loops multiply (`range(end=10000)` inside `range(end=10000)` is
/// 10^8 iterations), so each call also draws on a budget per render.
pub const MAX_RANGE_PER_RENDER: i64 = 100_000;

thread_local! {
    /// What is left of the current render's `range` budget (a render runs on one thread).
    static RANGE_LEFT: std::cell::Cell<i64> = const { std::cell::Cell::new(MAX_RANGE_PER_RENDER) };
    /// The length of this thread's last render: the next one's buffer starts
    /// a little larger, instead of growing from Tera's 2,000 bytes by
    /// doubling and copying (a page is 10 to 30 KB).
    static LAST_LEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// `context` as JSON, the form Tera takes it in.
pub fn context_json<C: serde::Serialize>(context: &C) -> Result<serde_json::Value, String> {
    serde_json::to_value(context).map_err(|e| format!("its context could not be built: {e}"))
}

/// Renders `template` with `context` (serialised into the JSON map Tera
/// takes) and the shared `site` (lent for this render and given back after
/// it, failed or not), into bytes (UTF-8: Tera writes nothing but strings,
/// so they are not checked again). An error is a message saying what failed.
pub fn render<C: serde::Serialize>(
    tera: &tera::Tera,
    template: &str,
    context: &C,
    shared: &super::context::Shared,
) -> Result<Vec<u8>, String> {
    let mut json = context_json(context)?;
    let Some(map) = json.as_object_mut() else { return Err("its context is not a map".into()) };
    map.insert("site".to_string(), shared.lend());
    let mut ctx = tera::Context::from_value(json).map_err(|e| format!("its context is not a map: {}", chain(&e)))?;
    let rendered = render_context(tera, template, &ctx);
    if let Some(site) = ctx.remove("site") {
        shared.give_back(site);
    }
    rendered
}

/// Renders `template` with `ctx` and a fresh `range` budget.
fn render_context(tera: &tera::Tera, template: &str, ctx: &tera::Context) -> Result<Vec<u8>, String> {
    RANGE_LEFT.with(|left| left.set(MAX_RANGE_PER_RENDER));
    let mut out = Vec::with_capacity(LAST_LEN.get().saturating_add(LAST_LEN.get() / 4).max(4096));
    tera.render_to(template, ctx, &mut out).map_err(|e| chain(&e))?;
    LAST_LEN.set(out.len());
    Ok(out)
}

/// Tera's `range`, bounded by [`MAX_RANGE`] per call and
/// [`MAX_RANGE_PER_RENDER`] per render.
fn bounded_range(args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let int = |name: &str, default: Option<i64>| -> tera::Result<i64> {
        match args.get(name) {
            Some(v) => v.as_i64().ok_or_else(|| tera::Error::msg(format!("`range`: `{name}` must be an integer"))),
            None => default.ok_or_else(|| tera::Error::msg(format!("`range` needs `{name}`"))),
        }
    };
    let (start, end, step) = (int("start", Some(0))?, int("end", None)?, int("step_by", Some(1))?);
    if step <= 0 {
        return Err(tera::Error::msg("`range`: `step_by` must be 1 or more"));
    }
    let count = if end > start { (end - start - 1) / step + 1 } else { 0 };
    if count > MAX_RANGE {
        return Err(tera::Error::msg(format!("`range` would give {count} items; at most {MAX_RANGE} are allowed")));
    }
    let left = RANGE_LEFT.with(|left| {
        let now = left.get() - count;
        left.set(now);
        now
    });
    if left < 0 {
        return Err(tera::Error::msg(format!(
            "the `range` calls of this render would give more than {MAX_RANGE_PER_RENDER} items in all (a `range` inside another loop runs once per item of it)"
        )));
    }
    Ok(tera::Value::Array((0..count).map(|i| tera::Value::from(start + i * step)).collect()))
}

/// Finds `--> L:C` in a Tera parse error.
fn position(msg: &str) -> Option<(u32, u32)> {
    let rest = msg.split("--> ").nth(1)?;
    let mut it = rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

/// The whole chain of a Tera error, one cause per line.
pub fn chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str("\n  ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

fn template_error(e: &tera::Error, sources: &BTreeMap<String, (PathBuf, String)>) -> Diagnostic {
    let msg = chain(e);
    let name = sources.keys().find(|n| msg.contains(&format!("'{n}'"))).cloned();
    let path = name
        .as_ref()
        .and_then(|n| sources.get(n))
        .map(|(p, _)| p.clone())
        .unwrap_or_else(|| PathBuf::from("templates"));
    let span = match position(&msg) {
        Some((l, c)) => Span::at(path, l, c, 1),
        None => Span::file(path),
    };
    let first = msg.lines().next().unwrap_or("").to_string();
    let detail: Vec<&str> = msg
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('|') && !l.starts_with("-->"))
        .collect();
    Diagnostic::error("template", span, first).with_opt_help((!detail.is_empty()).then(|| detail.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_replaces_markup_and_controls_and_keeps_the_rest() {
        assert_eq!(escape_html("a<b>&\"c\"'d' /x/ é ✓"), "a&lt;b&gt;&amp;&quot;c&quot;&#x27;d&#x27; /x/ é ✓");
        assert_eq!(
            escape_html("tab\tline\nret\r bell\u{7} nul\0 del\u{7f}"),
            "tab\tline\nret\r bell\u{fffd} nul\u{fffd} del\u{7f}"
        );
        assert_eq!(escape_html("plain text, unchanged"), "plain text, unchanged");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn builtin_theme_compiles() {
        let dir = tempfile::tempdir().unwrap();
        let (t, d) = load(dir.path(), "default");
        assert!(d.is_empty(), "{d:?}");
        assert!(t.unwrap().tera.get_template_names().any(|n| n == "company.html"));
    }

    #[test]
    fn render_errors_are_located_at_what_they_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        let note = "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title }}</p>\n<p>{{ page.nope }}</p>\n{% endblock main %}\n";
        std::fs::write(dir.path().join("templates/note.html"), note).unwrap();
        let t = load(dir.path(), "default").0.unwrap();
        let e = t.tera.render("note.html", &tera::Context::new()).unwrap_err();
        // A real error (here: the empty context lacks `site`) is located in some template.
        assert!(t.locate("note.html", &chain(&e)).line > 0, "{}", chain(&e));
        let msg =
            "Failed to render 'note.html'\n  Variable `page.nope` not found in context while rendering 'note.html'";
        let span = t.locate("note.html", msg);
        assert_eq!((span.line, span.col), (4, 7));
        let msg = "Failed to render 'note.html'\n  Filter call 'round' failed\n  Filter `round` was called on an incorrect value";
        std::fs::write(dir.path().join("templates/note.html"), "a\n\n{{ x|round }}\n").unwrap();
        let t = load(dir.path(), "default").0.unwrap();
        assert_eq!(t.locate("note.html", msg).line, 3);
        assert_eq!(t.locate("note.html", "something else").line, 0);
    }

    #[test]
    fn broken_override_is_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/note.html"), "ok\n{% if %}\n").unwrap();
        let (t, d) = load(dir.path(), "default");
        assert!(t.is_none());
        assert_eq!(d[0].span.path, PathBuf::from("templates/note.html"));
        assert_eq!(d[0].span.line, 2);
    }
}
