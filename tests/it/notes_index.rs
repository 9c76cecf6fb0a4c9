//! The notes index (`/notes/`): each note's summary (its `description:`,
//! else its first paragraph as text, wikilinks shown by their targets'
//! titles, cut at a word), date and tags, and the site's suggested reading
//! order (`reading_order:` in `pivotbook.yaml`) first as an `<ol>`, the
//! other notes after it by title; and that order's checks. The fixture is
//! `tests/fixtures/site/kb` with two notes added.

use crate::support::SiteTest;

/// The kb fixture with an overview (a `description:`) and a long read
/// (a callout and a list before its first paragraph), and `config` added
/// to its `pivotbook.yaml`.
fn kb(config: &str) -> SiteTest {
    let t = SiteTest::from_fixture("site/kb");
    t.write(
        "content/notes/overview.md",
        "---\ntitle: Overview\ndescription: \"Start here: what the pivot is.\"\ndate: 2026-10\ntags: [guide]\n---\nThe first paragraph, not the summary; see [[long-read]].\n",
    );
    let long = "word ".repeat(40);
    t.write(
        "content/notes/long-read.md",
        &format!(
            "---\ntitle: Long read\n---\n> [!note] A callout first.\n\n- a list item\n\nRead [[hosting-versus-cloud]] and [[convertible-debt-wave|the wave]] first, as both set out the terms this note uses. Then {long}end.\n\nBack to the [[overview]].\n"
        ),
    );
    let yaml = std::fs::read_to_string(t.root().join("pivotbook.yaml")).unwrap();
    t.write("pivotbook.yaml", &format!("{yaml}{config}"));
    t
}

/// Per list item of `sel` in `html`: the title, the summary and the tags.
fn items(html: &str, sel: &str) -> Vec<(String, String, Vec<String>)> {
    let doc = scraper::Html::parse_fragment(html);
    let s = |q: &str| scraper::Selector::parse(q).unwrap();
    let text = |e: scraper::ElementRef| e.text().collect::<String>();
    doc.select(&s(&format!("{sel} > li")))
        .map(|li| {
            let title = li.select(&s(".item-title a")).next().map(text).unwrap_or_default();
            let summary = li.select(&s(".item-desc")).next().map(text).unwrap_or_default();
            let tags = li.select(&s(".tags a")).map(text).collect();
            (title, summary, tags)
        })
        .collect()
}

#[test]
fn the_reading_order_comes_first_then_the_other_notes_by_title() {
    let mut t = kb("reading_order:\n  - notes/overview\n  - \"[[hosting-versus-cloud]]\"\n");
    t.build_strict();
    t.assert_clean();
    let main = t.main("notes/index.html");
    assert!(main.contains("<h2 id=\"sec-reading-order\">Suggested reading order</h2>"), "{main}");
    let first = items(&main, "ol.reading-order");
    let titles: Vec<&str> = first.iter().map(|i| i.0.as_str()).collect();
    assert_eq!(titles, ["Overview", "Hosting versus cloud: landlord or GPU seller?"]);
    // A description is the summary, and tags link their pages.
    assert_eq!(first[0].1, "Start here: what the pivot is.");
    assert_eq!(first[0].2, ["guide"]);
    assert!(main.contains("href=\"/tags/guide/\""), "{main}");
    // Without one, the first paragraph is.
    assert_eq!(first[1].1, "A miner can lease its halls or sell GPU hours.");
    assert_eq!(first[1].2, ["analysis"]);
    let rest = items(&main, "ul.note-list");
    let titles: Vec<&str> = rest.iter().map(|i| i.0.as_str()).collect();
    assert_eq!(titles, ["Long read", "The convertible-debt wave"]);
    // Past the callout and the list; a plain wikilink shows its target's
    // title; the text is cut after its first whole sentence, which is over
    // half of 200 characters.
    assert_eq!(
        rest[0].1,
        "Read Hosting versus cloud: landlord or GPU seller? and the wave first, as both set out the terms this note uses."
    );
    assert_eq!(rest[1].1, "Miners borrowed against their own shares.");
    assert_eq!(rest[1].2, ["analysis", "financing"]);
}

#[test]
fn a_long_first_sentence_is_cut_at_a_word() {
    let long = "word ".repeat(60);
    let mut t = kb("");
    t.write(
        "content/notes/long-read.md",
        &format!("---\ntitle: Long read\n---\nIt goes {long}on.\n\nBack to the [[overview]].\n"),
    );
    t.build_strict();
    t.assert_clean();
    let main = t.main("notes/index.html");
    assert!(!main.contains("Suggested reading order"), "{main}");
    let rest: Vec<_> = items(&main, "ul.note-list").into_iter().filter(|i| i.0 == "Long read").collect();
    let want = format!("It goes {}…", "word ".repeat(60).chars().take(200 - 8).collect::<String>().trim_end());
    let want = want[..want.rfind(' ').unwrap()].to_string() + "…";
    assert_eq!(rest[0].1, want);
    assert!(rest[0].1.chars().count() <= 201);
}

#[test]
fn reading_order_mistakes_are_located_errors_with_a_did_you_mean() {
    let mut t = kb(
        "reading_order:\n  - notes/hostng-versus-cloud\n  - companies/iren\n  - notes/overview\n  - /notes/overview/\n",
    );
    t.build();
    let diags = t.diagnostics();
    let n = std::fs::read_to_string(t.root().join("pivotbook.yaml")).unwrap().lines().count();
    let line = |back: usize| n - back;
    assert_eq!(
        diags,
        [
            format!("pivotbook.yaml:{}:5 reading-order `notes/hostng-versus-cloud` in `reading_order` is no note of the site", line(3)),
            format!("pivotbook.yaml:{}:5 reading-order `companies/iren` is a page of kind `company`, not a note: the reading order lists notes", line(2)),
            format!("pivotbook.yaml:{}:5 reading-order `/notes/overview/` names the same note as entry 3 (`notes/overview`)", line(0)),
        ]
    );
    assert_eq!(t.errors().len(), 3);
    let help: Vec<String> = t.report().diagnostics.items().iter().filter_map(|d| d.help.clone()).collect();
    assert!(help[0].contains("did you mean `notes/hosting-versus-cloud`?"), "{help:?}");
    assert!(!t.report().written);
}

#[test]
fn under_links_warn_reading_order_mistakes_are_warnings() {
    let mut t = kb("links: warn\nreading_order:\n  - notes/nothing-here\n  - notes/overview\n");
    t.build();
    assert_eq!(t.errors(), Vec::<String>::new());
    assert_eq!(t.diagnostics().len(), 1, "{:?}", t.diagnostics());
    assert!(t.report().written);
    let first = items(&t.main("notes/index.html"), "ol.reading-order");
    assert_eq!(first.iter().map(|i| i.0.as_str()).collect::<Vec<_>>(), ["Overview"]);
}
