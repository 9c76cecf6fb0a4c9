//! Renders one page-shaped template (the chrome of the default theme's
//! `base.html` around a note: head, menu, breadcrumbs, meta, contents,
//! body, backlinks, footer) with Tera 1.20 and Tera 2.4 from the same JSON
//! data, 3,000 pages a round, and prints each engine's time per page,
//! context conversion included. Both render the same text; Tera 1 escapes
//! `/` as `&#x2F;` and Tera 2 does not.
use std::time::Instant;

const TPL: &str = r##"<!doctype html>
<html lang="{{ site.language }}">
<head>
<title>{% if page.title and page.title != site.title %}{{ page.title }} · {% endif %}{{ site.title }}</title>
<meta name="description" content="{% if page.description %}{{ page.description }}{% else %}{{ site.description }}{% endif %}">
<link rel="canonical" href="{{ page.permalink }}">
<meta name="generator" content="{{ site.generator }}">
<link rel="icon" href="{{ site.base_path }}favicon.svg" type="image/svg+xml">
<meta property="og:type" content="{{ page.og_type }}">
<meta property="og:title" content="{{ page.title }}">
<meta property="og:url" content="{{ page.permalink }}">
{%- for href in site.stylesheets %}<link rel="stylesheet" href="{{ href }}">{% endfor %}
{%- if page.has_code %}<link rel="stylesheet" href="{{ site.syntax_stylesheet }}">{% endif %}
</head>
<body class="kind-{{ page.kind }}">
<nav class="site-nav" aria-label="Main">
<ul class="nav-row">
{%- for item in site.nav %}
<li><a href="{{ item.url }}"{% if item.url == page.url %} aria-current="page"{% endif %}>{{ item.title }}</a></li>
{%- endfor %}
</ul>
</nav>
<ol>
{%- for crumb in page.breadcrumbs %}
<li><a href="{{ crumb.url }}">{{ crumb.title }}</a></li>
{%- endfor %}
</ol>
<main id="main">
<h1>{{ page.title }}</h1>
<dl class="meta">
{%- if page.date %}<div><dt>Date</dt><dd><time datetime="{{ page.date.iso }}">{{ page.date.human }}</time></dd></div>{% endif %}
{%- if page.topics %}<div><dt>Topics</dt><dd><ul class="tags">{% for t in page.topics %}<li><a href="{{ t.url }}">{{ t.title }}</a></li>{% endfor %}</ul></dd></div>{% endif %}
</dl>
<nav class="toc"><ol>{% for h in page.toc %}<li><a href="#{{ h.url }}">{{ h.title }}</a></li>{% endfor %}</ol></nav>
<div class="prose">{{ page.body | safe }}</div>
<section class="backlinks"><h2>Backlinks</h2><ul>
{%- for b in page.backlinks %}
<li><a href="{{ b.url }}">{{ b.title }}</a>{% if b.context %}<p class="ctx">{{ b.context }}</p>{% endif %}</li>
{%- endfor %}
</ul></section>
</main>
<footer><p>Built with {{ site.generator }}{% if page.source_path %} · Source file: <code>{{ page.source_path }}</code>{% endif %}</p></footer>
</body>
</html>
"##;

fn data(i: usize) -> serde_json::Value {
    let links = |n: usize, p: &str| -> Vec<serde_json::Value> {
        (0..n).map(|k| serde_json::json!({"url": format!("/{p}/item-{k}/"), "title": format!("Item {k} & more <{i}>"), "context": format!("A sentence that mentions the page {k} in passing, with some words around it.")})).collect()
    };
    serde_json::json!({
        "site": {"language": "en", "title": "Bench", "description": "A knowledge base", "generator": "pivotbook 0.1.0", "base_path": "/",
                 "stylesheets": ["/style.css"], "syntax_stylesheet": "/syntax.css",
                 "nav": [{"url": "/companies/", "title": "Companies"}, {"url": "/deals/", "title": "Deals"}, {"url": "/topics/", "title": "Topics"}, {"url": "/notes/", "title": "Notes"}, {"url": "/graph/", "title": "Graph"}]},
        "page": {"title": format!("Note {i}"), "description": "", "permalink": format!("/notes/note-{i}/"), "url": format!("/notes/note-{i}/"), "og_type": "article", "kind": "note",
                 "has_code": true, "date": {"iso": "2025-04", "human": "Apr 2025"}, "topics": links(2, "topics"), "toc": links(6, "h"),
                 "breadcrumbs": links(3, "b"), "body": "<p>".repeat(1) + &"word ".repeat(1500) + "</p>", "backlinks": links(15, "notes"), "source_path": format!("content/notes/note-{i}.md")}
    })
}

fn main() {
    // Tera 1 is given its context as pivotbook gives it (a JSON value, here
    // cloned, as serialising the view would build it); Tera 2 converts the
    // same value into its own.
    let n = 3000;
    let values: Vec<serde_json::Value> = (0..n).map(data).collect();
    let mut t1 = tera1::Tera::default();
    t1.add_raw_template("page.html", TPL).unwrap();
    t1.autoescape_on(vec![".html"]);
    let mut t2 = tera2::Tera::default();
    t2.add_raw_template("page.html", TPL).unwrap();
    t2.autoescape_on(vec![".html"]);
    for round in 0..3 {
        let s = Instant::now();
        let mut bytes = 0;
        for v in &values {
            let ctx = tera1::Context::from_value(v.clone()).unwrap();
            bytes += t1.render("page.html", &ctx).unwrap().len();
        }
        let a = s.elapsed();
        let s = Instant::now();
        let mut bytes2 = 0;
        for v in &values {
            let ctx = tera2::Context::from_serialize(v).unwrap();
            bytes2 += t2.render("page.html", &ctx).unwrap().len();
        }
        let b = s.elapsed();
        println!(
            "round {round}: tera1 {:.1} µs/page ({bytes} B), tera2 {:.1} µs/page ({bytes2} B)",
            a.as_secs_f64() * 1e6 / n as f64,
            b.as_secs_f64() * 1e6 / n as f64
        );
    }
    let v = &values[1];
    let o1 = t1.render("page.html", &tera1::Context::from_value(v.clone()).unwrap()).unwrap();
    let o2 = t2.render("page.html", &tera2::Context::from_serialize(v).unwrap()).unwrap();
    println!("same text apart from escaping '/': {}", o1.replace("&#x2F;", "/") == o2);
}
