//! Page kinds as data (`kinds`): the fixture `kinds/custom` declares a
//! `person` kind in its `pivotbook.yaml` (a required `role`, an optional
//! `joined` date) and gives it a template, `templates/person.html`; nothing
//! else in the site or in pivotbook knows of people. Each expectation below
//! is read off the fixture by hand.

use crate::support::SiteTest;

fn built() -> SiteTest {
    let mut site = SiteTest::from_fixture("kinds/custom");
    site.build().assert_clean();
    site
}

/// The `href`s of the links inside `<main>` of an output page, in order.
fn links(site: &SiteTest, rel: &str) -> Vec<String> {
    let main = scraper::Html::parse_fragment(&site.main(rel));
    let a = scraper::Selector::parse("a[href]").unwrap();
    main.select(&a).map(|e| e.value().attr("href").unwrap().to_string()).collect()
}

fn text_of(site: &SiteTest, rel: &str, css: &str) -> Vec<String> {
    let page = scraper::Html::parse_document(&site.page(rel));
    let sel = scraper::Selector::parse(css).unwrap();
    page.select(&sel).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

#[test]
fn a_person_page_is_rendered_by_its_template_with_its_fields() {
    let site = built();
    let ada = "people/ada/index.html";
    assert_eq!(text_of(&site, ada, "main h1"), ["Ada Lovelace"]);
    assert_eq!(text_of(&site, ada, "main p.role"), ["Analyst"]);
    assert_eq!(text_of(&site, ada, "main p.joined"), ["Joined 2024-03"]);
    // Grace gives no `joined`: the template leaves the line out.
    assert_eq!(text_of(&site, "people/grace/index.html", "main p.role"), ["Engineer"]);
    assert!(text_of(&site, "people/grace/index.html", "main p.joined").is_empty());
    // The breadcrumbs lead through the kind's index.
    assert_eq!(text_of(&site, ada, "nav.breadcrumbs a"), ["Home", "People", "Ada Lovelace"]);
}

#[test]
fn wikilinks_to_people_resolve_and_the_index_lists_them() {
    let site = built();
    // Ada's body: `[[people/grace]]`, `[[notes/plan]]`; then her backlinks (Grace, Plan, the home page's).
    let ada = links(&site, "people/ada/index.html");
    assert_eq!(&ada[..2], ["/people/grace/", "/notes/plan/"]);
    assert_eq!(links(&site, "notes/plan/index.html")[..2], ["/people/ada/", "/people/"]);
    // `/people/`: both people, by title, and nothing else.
    assert_eq!(text_of(&site, "people/index.html", "main h1"), ["People"]);
    let index = links(&site, "people/index.html");
    assert_eq!(index, ["/people/ada/", "/people/grace/"]);
    // The navigation names the kind's index after the built-in ones, of
    // the kinds the site has pages of (no companies, deals or topics here).
    assert_eq!(text_of(&site, "index.html", "header nav .nav-row a"), ["Notes", "People", "Graph"]);
}

#[test]
fn the_graph_names_the_kind() {
    let site = built();
    let graph: serde_json::Value = serde_json::from_str(&site.page("graph/graph.json")).unwrap();
    // Nodes in output path order: notes/plan/, people/ada/, people/grace/.
    assert_eq!(graph["kinds"], "npp");
    assert_eq!(
        graph["legend"],
        serde_json::json!([["c", "Company"], ["d", "Deal"], ["t", "Topic"], ["n", "Note"], ["p", "Person"]])
    );
    // The search bundle names each page's kind.
    let bundle: serde_json::Value = serde_json::from_str(&site.page("search/d/0.json")).unwrap();
    let kinds: Vec<&str> = bundle.as_array().unwrap().iter().map(|p| p[2].as_str().unwrap()).collect();
    assert_eq!(kinds, ["note", "person", "person"]);
}

#[test]
fn a_missing_or_mistyped_field_is_a_located_error() {
    let mut site = SiteTest::from_fixture("kinds/custom");
    site.write("content/people/bob.md", "---\ntitle: Bob\njoined: someday\n---\nSee [[people/eve]].\n");
    site.write("content/people/eve.md", "---\ntitle: Eve\nrole: Spy\nrank: 3\n---\nSee [[people/bob]].\n");
    site.check(false);
    assert_eq!(
        site.diagnostics(),
        [
            // No `role:` at all: at the front matter's opening line.
            "content/people/bob.md:1:1 missing-field missing required field `role`",
            "content/people/bob.md:3:9 invalid-date 'someday' is not a date: month names and words are not accepted",
            "content/people/eve.md:4:1 unknown-field unknown field `rank`",
        ]
    );
}

#[test]
fn new_writes_a_person_from_the_field_definitions() {
    let mut site = SiteTest::from_fixture("kinds/custom");
    let (code, out, err) = site.run_cli(&["new", "person", "Alan Turing"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "./content/people/alan-turing.md");
    let text = std::fs::read_to_string(site.root().join("content/people/alan-turing.md")).unwrap();
    let declared: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("# joined")).collect();
    assert_eq!(declared, ["# joined: YYYY-MM-DD", "role:                      # what the person does", "---", ""]);
    // The build asks for the one required field left empty, at its line.
    site.check(false);
    let errors = site.errors();
    assert_eq!(errors, ["content/people/alan-turing.md:19 missing-field"]);
    let (code, _, err) = site.run_cli(&["new", "persn", "X"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `person`?"), "{err}");
}

#[test]
fn bad_declarations_are_located_config_errors() {
    let mut site = SiteTest::from_fixture("kinds/custom");
    site.write("pivotbook.yaml", "title: Kinds\nkinds:\n  - name: person\n    plural: people\n    feilds: {}\n");
    site.check(false);
    assert_eq!(
        site.diagnostics(),
        ["pivotbook.yaml:5:5 invalid-config `kinds.0`: unknown field `feilds`, expected one of `name`, `plural`, `folder`, `title`, `letter`, `fields`"]
    );
    assert_eq!(site.report().diagnostics.items()[0].help.as_deref(), Some("did you mean `fields`?"));
    site.write("pivotbook.yaml", "kinds:\n  - name: person\n    folder: deals\n");
    site.check(false);
    assert_eq!(
        site.diagnostics(),
        ["pivotbook.yaml:3:13 invalid-config the folder `deals/` already holds the kind `deal`"]
    );
}

#[test]
fn without_its_template_a_kind_is_rendered_as_a_note() {
    let mut site = SiteTest::from_fixture("kinds/custom");
    std::fs::remove_file(site.root().join("templates/person.html")).unwrap();
    site.build().assert_clean();
    let ada = "people/ada/index.html";
    assert_eq!(text_of(&site, ada, "main article.note h1"), ["Ada Lovelace"]);
    assert!(text_of(&site, ada, "main p.role").is_empty());
}
