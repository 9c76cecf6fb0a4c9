//! The notes index (`/notes/`): each note's summary (its `description:`,
//! else its first paragraph as text, wikilinks shown by their targets'
//! titles, cut at a word), date and tags, and the site's suggested reading
//! order (`reading_order:` in `pivotbook.yaml`) first as an `<ol>`, the
//! other notes after it by title; and that order's checks; a long list
//! cut into pages (`paginate:`). The fixture is `tests/fixtures/site/kb`
//! with two notes added.

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

/// The pager of a list page: each link's text, address and whether it is
/// the page shown, and whether a gap comes before it.
fn pager(html: &str) -> Vec<(String, String, bool, bool)> {
    let doc = scraper::Html::parse_fragment(html);
    let s = |q: &str| scraper::Selector::parse(q).unwrap();
    doc.select(&s("nav.pager li"))
        .map(|li| {
            let a = li.select(&s("a")).next().expect("a link");
            let text = a.text().collect::<String>();
            let current = a.value().attr("aria-current") == Some("page");
            (
                text,
                a.value().attr("href").unwrap_or("").to_string(),
                current,
                li.select(&s("span[aria-hidden]")).next().is_some(),
            )
        })
        .collect()
}

fn titles(html: &str, sel: &str) -> Vec<String> {
    items(html, sel).into_iter().map(|i| i.0).collect()
}

/// The kb fixture with notes `Note 01` to `Note <n>` besides its own
/// four, each linking the next (the last the first), so none is an orphan.
fn kb_with_notes(n: usize, config: &str) -> SiteTest {
    let t = kb(config);
    for i in 1..=n {
        let next = i % n + 1;
        t.write(
            &format!("content/notes/n{i:02}.md"),
            &format!("---\ntitle: Note {i:02}\n---\nText of note {i}; see [[n{next:02}]].\n"),
        );
    }
    t
}

#[test]
fn a_long_list_is_cut_into_pages_each_with_a_pager() {
    // Four notes of the fixture and five more, one in the reading order:
    // eight listed by title, three to a page.
    let mut t = kb_with_notes(5, "paginate: 3\nreading_order:\n  - notes/overview\n");
    t.build_strict();
    t.assert_clean();
    let first = t.main("notes/index.html");
    assert_eq!(titles(&first, "ol.reading-order"), ["Overview"]);
    assert_eq!(
        titles(&first, "ul.note-list"),
        ["Hosting versus cloud: landlord or GPU seller?", "Long read", "Note 01"]
    );
    let second = t.main("notes/page/2/index.html");
    assert!(!second.contains("reading-order"), "the reading order is on the first page only: {second}");
    assert_eq!(titles(&second, "ul.note-list"), ["Note 02", "Note 03", "Note 04"]);
    let third = t.main("notes/page/3/index.html");
    assert_eq!(titles(&third, "ul.note-list"), ["Note 05", "The convertible-debt wave"]);
    assert!(!t.root().join("public/notes/page/4").exists());
    assert!(!t.root().join("public/notes/page/1").exists(), "the first page is the index itself");
    let link = |text: &str, href: &str, current: bool| (text.to_string(), href.to_string(), current, false);
    assert_eq!(
        pager(&second),
        [
            link("Previous page", "/notes/", false),
            link("1", "/notes/", false),
            link("2", "/notes/page/2/", true),
            link("3", "/notes/page/3/", false),
            link("Next page", "/notes/page/3/", false),
        ]
    );
    assert_eq!(pager(&first)[0], link("1", "/notes/", true));
    assert_eq!(pager(&third).last().unwrap(), &link("3", "/notes/page/3/", true));
    assert!(third.contains("Page 3 of 3: entries 7 to 8 of 8."), "{third}");
    // Each page has its own title and address, and says where its neighbours are.
    let page = t.page("notes/page/2/index.html");
    assert!(page.contains("<title>Notes, page 2 of 3 · Fixture KB</title>"), "{page}");
    assert!(page.contains("<link rel=\"canonical\" href=\"/notes/page/2/\">"), "{page}");
    assert!(
        page.contains("<link rel=\"prev\" href=\"/notes/\">\n<link rel=\"next\" href=\"/notes/page/3/\">"),
        "{page}"
    );
    assert!(t.page("notes/index.html").contains("<title>Notes · Fixture KB</title>"));
    let crumbs: Vec<&str> =
        page.split("<nav class=\"breadcrumbs\"").nth(1).unwrap().split("</nav>").next().unwrap().lines().collect();
    assert!(crumbs.iter().any(|l| l.contains("<a href=\"/notes/\">Notes</a>")), "{crumbs:?}");
    assert!(
        crumbs.iter().any(|l| l.contains("<a href=\"/notes/page/2/\" aria-current=\"page\">Page 2</a>")),
        "{crumbs:?}"
    );
}

#[test]
fn a_long_pager_links_the_ends_and_the_pages_near_this_one() {
    // Four notes of the fixture and eight more, one to a page: twelve pages.
    let mut t = kb_with_notes(8, "paginate: 1\n");
    t.build_strict();
    t.assert_clean();
    let numbers = |rel: &str| -> Vec<(String, bool)> {
        pager(&t.main(rel)).into_iter().filter(|l| !l.0.ends_with("page")).map(|l| (l.0, l.3)).collect()
    };
    let n = |s: &str, gap: bool| (s.to_string(), gap);
    assert_eq!(
        numbers("notes/page/6/index.html"),
        [n("1", false), n("4", true), n("5", false), n("6", false), n("7", false), n("8", false), n("12", true)]
    );
    assert_eq!(numbers("notes/index.html"), [n("1", false), n("2", false), n("3", false), n("12", true)]);
    // Only the further pages are in the sitemap, once each, and there is no 13th.
    t.build_with_base("https://example.org/");
    let sitemap = t.page("sitemap.xml");
    assert_eq!(sitemap.matches("<loc>https://example.org/notes/page/").count(), 11, "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/notes/page/12/</loc>"));
    assert!(!t.root().join("public/notes/page/13").exists());
}

#[test]
fn paginate_0_lists_every_note_on_one_page() {
    let mut t = kb_with_notes(5, "paginate: 0\n");
    t.build_strict();
    t.assert_clean();
    let main = t.main("notes/index.html");
    assert_eq!(titles(&main, "ul.note-list").len(), 9);
    assert!(!main.contains("class=\"pager") && !t.root().join("public/notes/page").exists(), "{main}");
    // The default, 100 to a page, leaves this list on one page too.
    let mut t = kb_with_notes(5, "");
    t.build_strict();
    assert_eq!(titles(&t.main("notes/index.html"), "ul.note-list").len(), 9);
    assert!(!t.root().join("public/notes/page").exists());
}

#[test]
fn a_note_at_a_further_page_s_address_is_a_located_error() {
    let mut t = kb_with_notes(3, "paginate: 2\n");
    t.write("content/notes/page/2.md", "---\ntitle: Second\n---\nA note where the index's second page goes.\n");
    t.build();
    assert_eq!(t.errors(), ["content/notes/page/2.md:0 url-collision"]);
}
