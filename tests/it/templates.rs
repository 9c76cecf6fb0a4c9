//! The template contract (`templates`): the two tables of
//! `docs/content/reference/templates.md` ("The template table": each
//! template's variables; "View types": each view's fields) against what
//! templates really receive. Every job of four sites is asked for its
//! template and context through `Renderer::context` (what `render` itself
//! hands Tera): the fixtures `site/kb` (the model's kinds, totals, timeline,
//! feeds), `obsidian/vault` (tags, tag and folder pages), `obsidian/properties` (a note's own properties), `kinds/custom` (a
//! declared kind's page and index) and a small inline site (a
//! `redirect_from`, and the fields the fixtures leave out). A template's row must name exactly its context's keys;
//! a view's row exactly the keys of each object of that type, as deep as
//! the data goes; and every row of both tables must be met by some site.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pivotbook::highlight::Highlighter;
use pivotbook::load::EntityKind;
use pivotbook::render::{Job, Renderer};
use serde_json::Value;

use crate::support::{fixtures, SiteTest};

/// The rows standing for a declared kind's templates (named after the kind).
const KIND_PAGE: &str = "<name>.html";
const KIND_INDEX: &str = "<plural>.html";

/// A table's rows: name → `(name, type)` of each variable or field, as written.
type Rows = BTreeMap<String, Vec<(String, String)>>;

/// The two tables of the templates reference.
#[derive(Debug)]
struct Tables {
    templates: Rows,
    views: Rows,
}

/// The `` `name`: `Type` `` pairs of a cell.
fn pairs(cell: &str) -> Result<Vec<(String, String)>, String> {
    // "", name, ": ", type, ", ", name, ": ", type, ""
    let parts: Vec<&str> = cell.trim().split('`').collect();
    let malformed = || format!("`{}` is not a list of `name`: `Type`", cell.trim());
    if parts.len() < 5 || parts.len() % 4 != 1 || !parts[0].is_empty() {
        return Err(malformed());
    }
    let count = parts.len() / 4;
    let mut out = Vec::new();
    for (i, chunk) in parts[1..].chunks(4).enumerate() {
        let sep = if i + 1 == count { "" } else { ", " };
        if chunk[1] != ": " || chunk[3] != sep {
            return Err(malformed());
        }
        out.push((chunk[0].to_string(), chunk[2].to_string()));
    }
    Ok(out)
}

/// The rows of the table under `## heading`: the first cell (a code span)
/// and the pairs of the cell at `col`.
fn table(doc: &str, heading: &str, col: usize) -> Result<Rows, String> {
    let doc = format!("\n{doc}");
    let start = doc.find(&format!("\n## {heading}\n")).ok_or(format!("no section `## {heading}`"))?;
    let section = &doc[start + heading.len() + 5..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut rows = Rows::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        let name = cells[0].trim().trim_matches('`').to_string();
        let cell = cells.get(col).ok_or(format!("the row of `{name}` has no column {col}"))?;
        let pairs = pairs(cell).map_err(|e| format!("the row of `{name}`: {e}"))?;
        if rows.insert(name.clone(), pairs).is_some() {
            return Err(format!("`{name}` has two rows"));
        }
    }
    if rows.is_empty() {
        return Err(format!("the table under `## {heading}` has no rows"));
    }
    Ok(rows)
}

fn parse(doc: &str) -> Result<Tables, String> {
    Ok(Tables { templates: table(doc, "The template table", 1)?, views: table(doc, "View types", 2)? })
}

/// A type's element type: `Option<Vec<&'static str>>` → `str`.
fn inner(ty: &str) -> &str {
    let mut t = ty.trim();
    loop {
        let before = t;
        t = t.trim_start_matches('&').trim_start_matches("'static ").trim_start_matches("'a ").trim();
        for (open, close) in [("Vec<", ">"), ("Option<", ">"), ("[", "]")] {
            if let Some(rest) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
                t = rest;
            }
        }
        if t == before {
            return t;
        }
    }
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

/// Holds contexts to the tables; collects what does not match, and which
/// rows were met.
struct Checker<'t> {
    tables: &'t Tables,
    templates_met: BTreeSet<String>,
    views_met: BTreeSet<String>,
    problems: Vec<String>,
}

impl<'t> Checker<'t> {
    fn new(tables: &'t Tables) -> Checker<'t> {
        Checker { tables, templates_met: BTreeSet::new(), views_met: BTreeSet::new(), problems: Vec::new() }
    }

    /// Checks the context `ctx` of the job writing `rel` against the row `row`.
    fn check(&mut self, row: &str, rel: &str, ctx: &Value) {
        let Some(vars) = self.tables.templates.get(row) else {
            self.problems.push(format!("{rel}: template `{row}` has no row in the template table"));
            return;
        };
        self.templates_met.insert(row.to_string());
        let documented: BTreeSet<String> = vars.iter().map(|(n, _)| n.clone()).collect();
        if documented != keys(ctx) {
            self.problems
                .push(format!("{rel}: `{row}` is documented with {documented:?} but receives {:?}", keys(ctx)));
        }
        for (name, ty) in vars {
            if let Some(v) = ctx.get(name) {
                self.value(inner(ty), &format!("{rel}: {row} `{name}`"), v, 0);
            }
        }
    }

    /// Checks a value of the (element) type `ty` where it is a view: each
    /// object's keys against the view's row, then its fields.
    fn value(&mut self, ty: &str, at: &str, v: &Value, depth: usize) {
        let Some(fields) = self.tables.views.get(ty) else { return };
        if depth > 8 {
            return;
        }
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(ty, &format!("{at}[{i}]"), item, depth + 1);
                }
            }
            Value::Object(o) => {
                self.views_met.insert(ty.to_string());
                let documented: BTreeSet<String> = fields.iter().map(|(n, _)| n.clone()).collect();
                if documented != keys(v) {
                    self.problems.push(format!("{at}: `{ty}` is documented with {documented:?} but has {:?}", keys(v)));
                }
                for (name, fty) in fields {
                    if let Some(f) = o.get(name) {
                        self.value(inner(fty), &format!("{at}.{name}"), f, depth + 1);
                    }
                }
            }
            Value::Null => {}
            other => self.problems.push(format!("{at}: `{ty}` is documented as a view but is {other}")),
        }
    }

    /// Rows no context met.
    fn unmet(&self) -> Vec<String> {
        let t = self.tables.templates.keys().filter(|k| !self.templates_met.contains(*k));
        let v = self.tables.views.keys().filter(|k| !self.views_met.contains(*k));
        t.map(|k| format!("template `{k}`")).chain(v.map(|k| format!("view `{k}`"))).collect()
    }
}

/// Every job of the site at `root` with a template: its output path, the
/// table row that documents it, the template rendering it, and its context.
fn contexts(root: &Path) -> Vec<(String, String, String, Value)> {
    let opts = crate::support::check_options(root);
    let (prepared, diags) = pivotbook::pipeline::prepare(&opts, |_| {}).expect("the pipeline could run");
    let (p, theme) = prepared.unwrap_or_else(|| panic!("{}: config unreadable: {diags:?}", root.display()));
    assert!(!p.has_errors(), "{}: {:?}", root.display(), p.diagnostics());
    let theme = theme.expect("the theme compiles");
    let hl = Highlighter::with_default_themes();
    let mut r = Renderer::new(&p.site, &p.corpus, &p.model, &p.graph, &p.catalog, &theme.templates, &hl);
    r.set_graph_nodes(&p.search_numbers);
    let mut out = Vec::new();
    for (rel, job) in &p.plan {
        let Some((template, ctx)) = r.context(*job).unwrap_or_else(|d| panic!("{rel}: {d:?}")) else { continue };
        // A declared kind's templates are named after it: their rows stand for every kind.
        let row = match job {
            Job::Page(id) if matches!(p.model.page(*id).kind, EntityKind::Custom(_)) => KIND_PAGE,
            Job::Index(EntityKind::Custom(_), _) => KIND_INDEX,
            _ => template,
        };
        // The navigation partial, as rendered for this page.
        if let Some(url) = ctx.pointer("/page/url").and_then(Value::as_str) {
            let nav = r.nav_received(url).expect("the nav context serialises");
            out.push((format!("{rel} (nav)"), "nav.html".into(), "nav.html".into(), nav));
        }
        out.push((rel.clone(), row.to_string(), template.to_string(), ctx));
    }
    out
}

fn reference() -> Tables {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content/reference/templates.md");
    let doc = std::fs::read_to_string(&path).expect("the templates reference exists");
    parse(&doc).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A small site with what the fixtures lack: a page that moved (a
/// redirect), a company's sites, a deal's capacity and expected milestone,
/// a page's dated updates, and a notes index, a tag's page and a folder's
/// page each on two pages.
fn inline_site() -> SiteTest {
    SiteTest::from_str(
        r#"
//- pivotbook.yaml
title: Moved
paginate: 1
//- content/notes/one.md
---
title: One
tags: [shared]
---
See [[two]] and [[guide-a]].
//- content/notes/two.md
---
title: Two
tags: [shared]
---
See [[one]] and [[guide-b]].
//- content/guides/guide-a.md
# Guide A
See [[guide-b]].
//- content/guides/guide-b.md
# Guide B
See [[guide-a]].
//- content/companies/acme.md
---
name: Acme Mining
category: miner
summary: "A miner building halls."
sources:
  - {url: "https://example.com/acme", title: "Acme"}
sites:
  - {name: "Abilene, Texas", capacity: "200 MW campus", mw: 200, note: "first phase"}
updates:
  - {date: 2026-03-04, text: "Abilene's first hall online."}
redirect_from:
  - /companies/acme-old/
---
Acme mines; see [[acme-hall]].
//- content/deals/acme-hall.md
---
title: "Acme leases a hall"
date: 2025-12
kinds: [lease]
state: closed
parties:
  - {company: acme, role: landlord}
amounts:
  - {kind: lease, amount: "US$1.0B"}
capacity: {text: "200 MW critical IT", mw: 200, critical_it: true}
expected:
  - {what: "hall delivered", by: 2027-06, note: "per the lease"}
sources:
  - {url: "https://example.com/hall", title: "Hall"}
---
[[Acme Mining]] leases a hall.
"#,
    )
}

#[test]
fn the_template_tables_match_what_templates_receive() {
    let tables = reference();
    let mut checker = Checker::new(&tables);
    let inline = inline_site();
    let roots = [
        fixtures().join("site/kb"),
        fixtures().join("obsidian/vault"),
        fixtures().join("obsidian/properties"),
        fixtures().join("kinds/custom"),
        inline.root().to_path_buf(),
    ];
    let mut used = BTreeSet::new();
    for root in &roots {
        for (rel, row, template, ctx) in contexts(root) {
            checker.check(&row, &rel, &ctx);
            used.insert((row, template));
        }
    }
    // The declared kind's page used its own template, its index the notes' (fallback).
    assert!(used.contains(&(KIND_PAGE.to_string(), "person.html".to_string())), "{used:?}");
    assert!(used.contains(&(KIND_INDEX.to_string(), "notes.html".to_string())), "{used:?}");
    assert!(checker.problems.is_empty(), "the templates reference is wrong:\n{}", checker.problems.join("\n"));
    let unmet = checker.unmet();
    assert!(unmet.is_empty(), "rows no fixture site exercises: {}", unmet.join(", "));
}

/// The parser reads both tables, and a wrong row fails the check, naming it.
#[test]
fn the_check_reports_a_wrong_row() {
    let doc = "intro\n\n## The template table\n\n| template | variables |\n|---|---|\n\
        | `404.html` | `site`: `SiteView`, `page`: `PageView`, `extra`: `Option<String>` |\n\
        | `search.html` | `site`: `SiteView`, `page`: `PageView`, `search_script`: `String` |\n\n\
        ## View types\n\n| type | defined in | fields |\n|---|---|---|\n\
        | `LinkView` | `src/render/view.rs` | `title`: `String`, `url`: `String` |\n\
        | `DateView` | `src/render/view.rs` | `iso`: `String` |\n";
    let tables = parse(doc).expect("the tables parse");
    assert_eq!(tables.templates["search.html"][2], ("search_script".to_string(), "String".to_string()));
    assert_eq!(tables.views["LinkView"].len(), 2);
    let mut checker = Checker::new(&tables);
    for (rel, row, _, ctx) in contexts(&fixtures().join("site/kb")) {
        if row == "404.html" || row == "search.html" {
            checker.check(&row, &rel, &ctx);
            // `page.breadcrumbs` holds `LinkView`s: reach it through a view row.
            checker.value("LinkView", &format!("{rel}: breadcrumbs"), &ctx["page"]["breadcrumbs"], 0);
        }
    }
    let problems = checker.problems.join("\n");
    // The planted variable, and the view missing its `kind`.
    assert!(problems.contains("404.html: `404.html` is documented with"), "{problems}");
    assert!(problems.contains("\"extra\""), "{problems}");
    assert!(problems.contains("`LinkView` is documented with"), "{problems}");
    assert!(!problems.contains("search.html: `search.html`"), "{problems}");
    // `DateView` was never met, nor `SiteView` (not a row here) checked.
    assert_eq!(checker.unmet(), ["view `DateView`"]);
}

#[test]
fn malformed_rows_are_named() {
    let doc = "## The template table\n\n| `a.html` | `site` `SiteView` |\n\n## View types\n\n| `X` | f | `a`: `u8` |\n";
    let e = parse(doc).unwrap_err();
    assert!(e.contains("the row of `a.html`"), "{e}");
    assert_eq!(inner("Option<Vec<&'static str>>"), "str");
    assert_eq!(inner("&'static [&'static str]"), "str");
    assert_eq!(inner("Vec<Vec<String>>"), "String");
}
