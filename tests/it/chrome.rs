//! The reader's chrome that Rust makes: wikilinks written without display
//! text show their target's short title (and " › Heading" for a heading link), in
//! page bodies and in the sentences backlinks quote; and the theme's two
//! menus, which mark the page and the section it is in. The fixture is
//! `tests/fixtures/site/kb`, with one heading link added.

use crate::support::{prose_links, SiteTest};

/// The kb fixture, IREN's page also linking a heading of Microsoft's.
fn kb() -> SiteTest {
    let mut t = SiteTest::from_fixture("site/kb");
    let iren = std::fs::read_to_string(t.root().join("content/companies/iren.md")).unwrap();
    t.write(
        "content/companies/iren.md",
        &iren.replace("It rents compute to [[Microsoft]].", "It rents compute to [[Microsoft]] ([[microsoft#Buyer]])."),
    );
    let msft = std::fs::read_to_string(t.root().join("content/companies/microsoft.md")).unwrap();
    t.write("content/companies/microsoft.md", &format!("{msft}\n## Buyer\n\nIt buys.\n"));
    t.build_strict();
    t.assert_clean();
    t
}

/// The sentence the backlink from `from` quotes.
fn backlink_context(html: &str, from: &str) -> String {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse(".backlink-list li").unwrap();
    let a = scraper::Selector::parse("a").unwrap();
    let p = scraper::Selector::parse(".context").unwrap();
    let li = doc
        .select(&sel)
        .find(|li| li.select(&a).next().and_then(|a| a.value().attr("href")) == Some(from))
        .unwrap_or_else(|| panic!("no backlink from {from} in {html}"));
    li.select(&p).next().map(|p| p.text().collect()).unwrap_or_default()
}

#[test]
fn wikilinks_without_text_show_the_target_title_and_heading() {
    let t = kb();
    let links = prose_links(&t.main("companies/iren/index.html"));
    let want = [
        ("IREN closes a GPU financing for its Microsoft contract", "/deals/iren-gpu-financing-2026/"),
        ("Microsoft", "/companies/microsoft/"),
        ("Microsoft › Buyer", "/companies/microsoft/#buyer"),
    ];
    for (text, href) in want {
        assert!(links.iter().any(|(t, h)| t == text && h == href), "no link {text:?} → {href} in {links:?}");
    }
    // Display text written by the author stays as written.
    let home = prose_links(&t.main("index.html"));
    assert!(home.iter().any(|(t, _)| t == "GPU financing"), "{home:?}");
}

#[test]
fn backlink_sentences_show_titles_not_paths() {
    let t = kb();
    let deal = t.main("deals/iren-gpu-financing-2026/index.html");
    assert_eq!(
        backlink_context(&deal, "/companies/iren/"),
        "IREN funds its GPUs with debt; see IREN closes a GPU financing for its Microsoft contract."
    );
    let msft = t.main("companies/microsoft/index.html");
    assert_eq!(backlink_context(&msft, "/companies/iren/"), "It rents compute to Microsoft (Microsoft › Buyer).");
}

/// Each link of the two menus (the row, and the one behind "Menu") as
/// `title`, `title [current]` or `title [section]`.
fn menus(html: &str) -> [Vec<String>; 2] {
    let doc = scraper::Html::parse_document(html);
    ["header nav .nav-row a", "header nav .site-menu a"].map(|s| {
        let sel = scraper::Selector::parse(s).unwrap();
        doc.select(&sel)
            .map(|a| {
                let title: String = a.text().collect();
                match (a.value().attr("aria-current"), a.value().attr("class")) {
                    (Some("page"), None) => format!("{title} [current]"),
                    (None, Some("in-section")) => format!("{title} [section]"),
                    (None, None) => title,
                    other => panic!("{title}: {other:?}"),
                }
            })
            .collect()
    })
}

#[test]
fn both_menus_mark_the_page_and_the_section_it_is_in() {
    let t = kb();
    let plain = ["Companies", "Deals", "Topics", "Notes", "Graph"];
    let marked = |i: usize, mark: &str| -> Vec<String> {
        plain.iter().enumerate().map(|(k, p)| if k == i { format!("{p} [{mark}]") } else { p.to_string() }).collect()
    };
    for (page, want) in [
        ("index.html", plain.map(String::from).to_vec()),
        ("companies/index.html", marked(0, "current")),
        ("companies/iren/index.html", marked(0, "section")),
        ("deals/index.html", marked(1, "current")),
        ("graph/index.html", marked(4, "current")),
    ] {
        let [row, menu] = menus(&t.page(page));
        assert_eq!(row, want, "{page}");
        assert_eq!(menu, want, "{page}: the menu behind the button");
    }
}

/// A site's own `nav.html` makes both menus of every page, from the links'
/// `current` and `in_section` alone; one that fails is an error located in
/// it, and nothing is published.
#[test]
fn a_sites_own_nav_partial_makes_the_menus_and_its_errors_are_located() {
    let mut t = kb();
    t.write(
        "templates/nav.html",
        "{% for i in items %}<li><a href=\"{{ i.url }}\"{% if i.current %} aria-current=\"page\"{% endif %}>{{ i.title | upper }}{% if i.in_section %} (here){% endif %}</a></li>{% endfor %}",
    );
    t.build_strict();
    t.assert_clean();
    let [row, menu] = menus(&t.page("companies/iren/index.html"));
    assert_eq!(row, ["COMPANIES (here)", "DEALS", "TOPICS", "NOTES", "GRAPH"]);
    assert_eq!(menu, row);
    let [row, _] = menus(&t.page("deals/index.html"));
    assert_eq!(row, ["COMPANIES", "DEALS [current]", "TOPICS", "NOTES", "GRAPH"]);

    t.write("templates/nav.html", "{% for i in items %}{{ i.nowhere.at_all }}{% endfor %}");
    t.build();
    let d = t.diagnostics().join("\n");
    assert!(d.contains("nav.html") && d.contains("nowhere"), "{d}");
    assert!(!t.report().written, "nothing is published");
}

/// The `lang` attribute alone leaves a page laid out left to right (W3C,
/// "Structural markup and right-to-left text in HTML"): a site in Persian,
/// or in Punjabi written in Arabic script, gets `dir="rtl"` on every page,
/// redirects included; the theme's stylesheet mirrors through logical
/// properties, with no physical left or right left in it but the graph's
/// overlay on its canvas.
#[test]
fn a_right_to_left_language_sets_the_pages_direction() {
    for (language, rtl) in [("fa", true), ("pa-Arab", true), ("en", false), ("ku-Latn", false)] {
        let mut t = SiteTest::from_str(&format!(
            "//- pivotbook.yaml\nlanguage: {language}\n//- content/notes/a.md\n---\nredirect_from: [/old/]\n---\nمتن [[b]]\n//- content/notes/b.md\nB [[a]]\n"
        ));
        t.build();
        for page in ["notes/a/index.html", "old/index.html", "index.html"] {
            let html = t.page(page);
            let tag = html.lines().find(|l| l.starts_with("<html")).unwrap_or_default().to_string();
            let want = if rtl {
                format!("<html lang=\"{language}\" dir=\"rtl\">")
            } else {
                format!("<html lang=\"{language}\">")
            };
            assert_eq!(tag, want, "{language} {page}");
        }
    }
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/style.css")).unwrap();
    let physical: Vec<&str> = css
        .lines()
        .filter(|l| !l.trim_start().starts_with("/*"))
        .filter(|l| ["left", "right"].iter().any(|w| l.contains(w)))
        .collect();
    assert_eq!(physical, [".graph-frame .graph-links { position: absolute; top: 0; left: 0; pointer-events: none; }"]);
}
