//! Folder and tag pages, colliding names, permalinks and the plain notes
//! site: the vault in `tests/fixtures/obsidian/pages` (helper "pages" of
//! issue 21). Files whose names a case-insensitive or Windows checkout
//! cannot hold (`A: B.md`, `Case.md` beside `case.md`) are written by the
//! tests.

use crate::crawl::broken_references;
use crate::support::{prose_links, SiteTest};

fn vault() -> SiteTest {
    let mut t = SiteTest::from_fixture("obsidian/pages");
    t.write("content/A: B.md", "# A: B\n\nThe colon one.\n");
    t.write("content/Case.md", "# Upper\n\nlinks to [[index]].\n");
    t.write("content/case.md", "# Lower\n\nlinks to [[index]].\n");
    t.build();
    assert_eq!(t.errors(), Vec::<String>::new(), "{:?}", t.diagnostics());
    t
}

/// The `href`s of the links in a page's prose, in order.
fn hrefs(html: &str) -> Vec<String> {
    prose_links(html).into_iter().map(|(_, href)| href).collect()
}

/// The `href`s of a listing's items (folder, tag or home page).
fn listed(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse(".item-list .item-title a").unwrap();
    doc.select(&sel).filter_map(|a| a.value().attr("href").map(str::to_owned)).collect()
}

fn codes(t: &SiteTest, code: &str) -> Vec<String> {
    t.diagnostics().into_iter().filter(|d| d.contains(&format!(" {code} "))).collect()
}

// Obsidian Help, "Manage notes" (en/Files and folders/Manage notes.md): notes live in folders;
// as Obsidian Publish and Quartz show a folder, its `index.md` is the folder's own page. `Guides/index.md` is served at
// /guides/: its text, then the listing of the folder's notes and subfolders, not itself.
#[test]
fn a_folders_index_note_is_the_folders_page() {
    let t = vault();
    assert!(!t.root().join("public/guides/index/index.html").exists(), "no /guides/index/ page");
    let main = t.main("guides/index.html");
    let intro = main.find("GUIDES-INTRO").expect("the note's text");
    let listing = main.find("sec-folders").expect("the folder's listing");
    assert!(intro < listing, "text first, then the listing");
    assert_eq!(listed(&main), ["/guides/deep/", "/guides/setup/"]);
    // Its link to a sibling note resolves from inside the folder.
    assert_eq!(hrefs(&main), ["/guides/setup/"]);
    // The breadcrumbs do not name the folder twice.
    let page = t.page("guides/index.html");
    assert_eq!(page.matches("<li><a href=\"/guides/\"").count(), 1, "the folder is not its own parent");
}

// Obsidian Help, "Internal links" (en/Linking notes and files/Internal links.md): `[[path]]`
// and `[text](path.md)` reach the same note; for a folder's index, the folder's page.
#[test]
fn links_to_a_folders_index_go_to_the_folder() {
    let t = vault();
    let home = t.main("index.html");
    assert_eq!(&hrefs(&home)[..2], ["/guides/", "/guides/"]);
    // The content folder's own index stays the home page (links from notes reach `/`).
    assert_eq!(hrefs(&t.main("case/index.html")), ["/"]);
}

// Obsidian Help, "Tags" (en/Editing and formatting/Tags.md): a tag gathers the notes that carry
// it, nested tags included. A note at `tags/plugin.md` is merged with the generated page of
// #plugin (as Quartz does): its text, then the tagged pages, not itself; `tags.md` likewise
// with /tags/.
#[test]
fn a_tag_note_merges_with_the_tags_listing() {
    let t = vault();
    let main = t.main("tags/plugin/index.html");
    let intro = main.find("PLUGIN-INTRO").expect("the note's text");
    let listing = main.find("sec-tagged").expect("the tag's listing");
    assert!(intro < listing, "{main}");
    assert_eq!(listed(&main), ["/guides/deep/inner/", "/guides/setup/"]);
    let tags = t.main("tags/index.html");
    assert!(tags.contains("TAGS-INTRO"), "{tags}");
    assert!(tags.contains("href=\"/tags/guide/\"") && tags.contains("href=\"/tags/plugin/\""), "{tags}");
    assert_eq!(codes(&t, "url-collision").iter().filter(|d| d.contains("tags")).count(), 0);
}

// Obsidian Help, "Manage notes" (en/Files and folders/Manage notes.md, "System character
// limitation"): a note's name may hold punctuation, and names differ by case. `A - B.md`, `A: B.md` and `a-b-2.md` all slug
// near `a-b`: by path, `A - B` keeps /a-b/, `a-b-2` has its own, and `A: B` gets the first
// free suffix, /a-b-3/; `Case.md` keeps /case/ and `case.md` gets /case-2/. Each renamed
// file is a warning naming both, and links by name still reach each note.
#[test]
fn names_colliding_after_slugging_get_distinct_urls() {
    let t = vault();
    for page in ["a-b", "a-b-2", "a-b-3", "case", "case-2"] {
        assert!(t.root().join(format!("public/{page}/index.html")).exists(), "{page}");
    }
    assert!(t.main("a-b/index.html").contains("The dash one."));
    assert!(t.main("a-b-3/index.html").contains("The colon one."));
    assert!(t.main("case/index.html").contains("Upper"));
    assert!(t.main("case-2/index.html").contains("Lower"));
    assert_eq!(&hrefs(&t.main("index.html"))[2..5], ["/a-b/", "/a-b-3/", "/a-b-2/"]);
    let warned = codes(&t, "url-collision");
    assert_eq!(
        warned,
        [
            "content/A: B.md:0:0 url-collision `A - B.md` and `A: B.md` both become /a-b/: `A: B.md` is served at /a-b-3/",
            "content/case.md:0:0 url-collision `Case.md` and `case.md` both become /case/: `case.md` is served at /case-2/",
        ]
    );
    let severities: Vec<_> =
        t.report().diagnostics.items().iter().filter(|d| d.code == "url-collision").map(|d| d.severity).collect();
    assert!(severities.iter().all(|s| *s == pivotbook::diag::Severity::Warning), "{severities:?}");
}

// Obsidian Help, "Permalinks" (en/Obsidian Publish/Permalinks.md): `permalink: go/here` serves
// the note at /go/here/, and links to it go there. Its own path is not generated (pivotbook
// writes no redirect there). A permalink that is not a path inside the site is a located
// warning and ignored.
// Kohnnn/keith-digital-garden, a Quartz site, keeps `Notes.md` beside its `Notes/` folder, with
// `permalink: /notes`: the address of pivotbook's generated index of notes.
#[test]
fn in_a_vault_a_page_at_a_kinds_index_address_keeps_it_and_the_index_is_left_out() {
    let files = "//- content/Notes.md\n---\npermalink: /notes\n---\n# Notes\n\nNOTES-INTRO [[Notes/a]]\n//- content/Notes/a.md\nA [[Notes]]\n//- content/b.md\nB [[a]]\n";
    let mut t = SiteTest::from_str(&format!("//- pivotbook.yaml\nlinks: warn\n{files}"));
    t.build();
    assert_eq!(
        codes(&t, "url-collision"),
        ["content/Notes.md:0:0 url-collision this page takes /notes/, the address of the generated index of notes"]
    );
    let main = t.main("notes/index.html");
    assert!(main.contains("NOTES-INTRO"), "{main}");
    assert_eq!(listed(&main), ["/notes/a/"], "the folder's listing, after the note's text");
    assert_eq!(hrefs(&t.main("notes/a/index.html")), ["/notes/"]);
    // A knowledge base keeps its index: the page is an error there.
    let mut t = SiteTest::from_str(&format!("//- pivotbook.yaml\nlinks: error\n{files}"));
    t.build();
    assert!(t.errors().iter().any(|e| e == "content/Notes.md:0 url-collision"), "{:?}", t.errors());
}

// jdwh08/foxnote-quartzsite keeps a note on graphs, `Graph.md`, at the top:
// pivotbook's graph page is /graph/. Two notes want it here, with the
// search page's address taken by a permalink.
#[test]
fn in_a_vault_a_page_at_the_search_or_graph_address_is_moved_aside_and_links_by_name_reach_it() {
    let files = "//- content/Graph.md\nGRAPH-NOTE [[graph]] [[Search]]\n//- content/graph-2.md\nTAKEN\n//- content/Other/graph.md\nNOT AT THE TOP\n//- content/Search.md\n---\npermalink: /search\n---\nSEARCH-NOTE [[Graph]]\n";
    let mut t = SiteTest::from_str(&format!("//- pivotbook.yaml\nlinks: warn\n{files}"));
    t.build();
    assert_eq!(
        codes(&t, "url-collision"),
        [
            "content/Graph.md:0:0 url-collision `Graph.md` would be /graph/, the address of the generated graph page: it is served at /graph-3/",
            "content/Search.md:0:0 url-collision `Search.md` would be /search/, the address of the generated search page: it is served at /search-2/",
        ]
    );
    let graph = t.page("graph/index.html");
    assert!(graph.contains("graph-canvas") && !graph.contains("GRAPH-NOTE"), "the graph page stays");
    assert!(t.page("search/index.html").contains("search-form"), "the search page stays");
    assert!(t.main("graph-2/index.html").contains("TAKEN"));
    assert!(t.main("other/graph/index.html").contains("NOT AT THE TOP"));
    assert_eq!(hrefs(&t.main("graph-3/index.html")), ["/graph-3/", "/search-2/"]);
    assert_eq!(hrefs(&t.main("search-2/index.html")), ["/graph-3/"]);
    // Elsewhere the address stays the generated page's, and the note is an error.
    let mut t = SiteTest::from_str(&format!("//- pivotbook.yaml\nlinks: error\n{files}"));
    t.build();
    assert!(t.errors().iter().any(|e| e == "content/Graph.md:0 url-collision"), "{:?}", t.errors());
}

#[test]
fn a_permalink_is_the_notes_address() {
    let t = vault();
    assert!(t.main("go/here/index.html").contains("Served at its permalink."));
    assert!(!t.root().join("public/moved/index.html").exists(), "the note's own path is not generated");
    assert!(hrefs(&t.main("index.html")).contains(&"/go/here/".to_string()));
    assert_eq!(
        codes(&t, "invalid-permalink"),
        ["content/Bad permalink.md:3:12 invalid-permalink `../escape` has a `..` segment: a permalink cannot climb out of the site"]
    );
    assert!(t.main("bad-permalink/index.html").contains("Kept at its own address."));
}

// Obsidian Help, "Permalinks" (en/Obsidian Publish/Permalinks.md): a permalink names one note.
// Two notes claiming one is an error at the second's `permalink:` line, and so is a note
// claiming another's address; the build writes nothing.
#[test]
fn two_notes_claiming_one_permalink_is_an_error() {
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/One.md\n---\npermalink: same\n---\nOne [[Two]].\n\
         //- content/Two.md\n---\ntitle: Two\npermalink: /same/\n---\nTwo [[One]].\n",
    );
    t.build();
    assert_eq!(t.errors(), ["content/Two.md:3 url-collision"], "{:?}", t.diagnostics());
    assert!(!t.report().written);
    // A permalink takes its address from a note that only slugs to it: the note moves, with a warning.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/One.md\n---\npermalink: same\n---\nOne [[Same]].\n\
         //- content/Same.md\nThe note named Same [[One]].\n",
    );
    t.build();
    assert_eq!(t.errors(), Vec::<String>::new());
    assert!(t.main("same/index.html").contains("One"));
    assert!(t.main("same-2/index.html").contains("The note named Same"));
}

// Obsidian Help, "Publish your content" (en/Obsidian Publish/Publish your content.md): a vault
// publishes as notes. A site with no companies, deals or topics shows no knowledge-base
// chrome: no Companies/Deals menus or index pages, no note on figures, no link to /totals/,
// /timeline/ or /companies/, and every internal link resolves.
#[test]
fn a_vault_without_knowledge_base_kinds_is_a_plain_notes_site() {
    let t = vault();
    let out = t.root().join("public");
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        let rel = e.path().strip_prefix(&out).unwrap().display().to_string();
        for word in ["Companies", "Deals", "Topics", "figure", "Disclosed totals", "In this knowledge base"] {
            assert!(!html.contains(word), "{rel} has `{word}`");
        }
        for link in ["/totals/", "/timeline/", "/companies/", "/deals/", "/topics/"] {
            assert!(!html.contains(&format!("href=\"{link}")), "{rel} links to {link}");
        }
    }
    for gone in ["companies", "deals", "topics", "totals", "timeline"] {
        assert!(!out.join(gone).join("index.html").exists(), "/{gone}/ is generated");
    }
    // Nor are the knowledge base's data exports, which would hold empty lists.
    assert!(!out.join("data").exists(), "data/ is written for a vault");
    assert_eq!(broken_references(&out, "/", ""), Vec::<String>::new());
    let not_found = t.main("404.html");
    assert!(not_found.contains("href=\"/notes/\""), "{not_found}");
}

// The footer names the page's file relative to the content folder, even when the content
// folder is outside the root (`--content ~/Vault`): never the build machine's path.
#[test]
fn the_footer_names_the_source_relative_to_the_content_folder() {
    let t = vault();
    assert!(t.page("guides/setup/index.html").contains("Source file: <code>Guides/Setup.md</code>"));
    let vault = t.root().join("content");
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("pivotbook.yaml"), "links: warn\n").unwrap();
    let out = root.path().join("public");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_pivotbook"))
        .args(["build", "--root"])
        .arg(root.path())
        .arg("--content")
        .arg(&vault)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let page = std::fs::read_to_string(out.join("guides/setup/index.html")).unwrap();
    assert!(page.contains("Source file: <code>Guides/Setup.md</code>"), "{page}");
    assert!(!page.contains(&vault.display().to_string()), "the machine's path is shown");
}

// Obsidian Help, "Permalinks" (en/Obsidian Publish/Permalinks.md), as the help vault's own
// `Home.md` uses it: `permalink: /` makes a note the home page.
#[test]
fn permalink_slash_is_the_home_page() {
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/Home.md\n---\npermalink: /\n---\n# Welcome\n\nHOME-TEXT, see [[Other]].\n\
         //- content/Other.md\nBack [[Home]].\n",
    );
    t.build();
    assert_eq!(t.errors(), Vec::<String>::new(), "{:?}", t.diagnostics());
    assert!(t.main("index.html").contains("HOME-TEXT"));
    assert!(!t.root().join("public/home/index.html").exists());
    assert_eq!(hrefs(&t.main("other/index.html")), ["/"]);
}

/// The vault with one entry to a page and a second note in `Guides/`.
fn paged_vault() -> SiteTest {
    let t = SiteTest::from_fixture("obsidian/pages");
    t.write("pivotbook.yaml", "title: Plain notes\nlinks: warn\npaginate: 1\n");
    t.write("content/Guides/Zeta.md", "# Zeta\n\nThe last guide.\n");
    t
}

/// The link texts of a page's pager and breadcrumbs.
fn nav_texts(html: &str, sel: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let s = scraper::Selector::parse(sel).unwrap();
    doc.select(&s).map(|a| a.text().collect::<String>()).collect()
}

// As Zola and Hugo do for taxonomy terms and sections, a long tag or folder listing is cut into
// pages (`paginate:`): the merged note and the nested tags or subfolders are on the first.
#[test]
fn long_tag_and_folder_listings_are_cut_into_pages() {
    let mut t = paged_vault();
    t.build();
    assert_eq!(t.errors(), Vec::<String>::new(), "{:?}", t.diagnostics());
    // #plugin lists Inner and Setup: the first with the tag's note, the second on page 2.
    let first = t.main("tags/plugin/index.html");
    assert!(first.contains("PLUGIN-INTRO"), "{first}");
    assert_eq!(listed(&first), ["/guides/deep/inner/"]);
    let second = t.main("tags/plugin/page/2/index.html");
    assert!(!second.contains("PLUGIN-INTRO"), "the note is the first page only: {second}");
    assert_eq!(listed(&second), ["/guides/setup/"]);
    assert!(second.contains("Page 2 of 2: entries 2 to 2 of 2."), "{second}");
    assert!(!t.root().join("public/tags/plugin/page/3").exists());
    let page = t.page("tags/plugin/page/2/index.html");
    assert!(page.contains("<title>#plugin, page 2 of 2 · Plain notes</title>"), "{page}");
    assert!(page.contains("<link rel=\"prev\" href=\"/tags/plugin/\">"), "{page}");
    assert_eq!(nav_texts(&page, "nav.breadcrumbs a"), ["Home", "Tags", "#plugin", "Page 2"]);
    assert_eq!(nav_texts(&page, "nav.pager a"), ["Previous page", "1", "2"]);
    // Guides/ holds Setup and Zeta, and the subfolder Deep, shown on the first page only.
    let first = t.main("guides/index.html");
    assert!(first.contains("GUIDES-INTRO") && first.contains("sec-folders"), "{first}");
    assert_eq!(listed(&first), ["/guides/deep/", "/guides/setup/"]);
    let second = t.main("guides/page/2/index.html");
    assert!(!second.contains("sec-folders") && !second.contains("GUIDES-INTRO"), "{second}");
    assert_eq!(listed(&second), ["/guides/zeta/"]);
    assert_eq!(nav_texts(&t.page("guides/page/2/index.html"), "nav.breadcrumbs a"), ["Home", "Guides", "Page 2"]);
    // A folder of one note, and the default of 100 to a page, make no further page.
    assert!(!t.root().join("public/guides/deep/page").exists());
    t.write("pivotbook.yaml", "title: Plain notes\nlinks: warn\n");
    t.build();
    assert!(!t.root().join("public/tags/plugin/page").exists() && !t.root().join("public/guides/page").exists());
    assert_eq!(listed(&t.main("tags/plugin/index.html")), ["/guides/deep/inner/", "/guides/setup/"]);
}

#[test]
fn a_further_page_where_a_nested_tag_is_is_a_located_error() {
    let mut t = paged_vault();
    // #plugin/page/2 is nested under #plugin, whose second page would be at its address.
    t.write("content/Guides/Zeta.md", "---\ntags: [plugin/page/2]\n---\n# Zeta\n\nThe last guide.\n");
    t.build();
    let errors = codes(&t, "url-collision");
    assert_eq!(errors.len(), 1, "{:?}", t.diagnostics());
    // Page 2 of #plugin (Inner, Setup, Zeta by title) would show Setup.
    assert!(errors[0].starts_with("content/Guides/Setup.md"), "{errors:?}");
    assert!(errors[0].contains("/tags/plugin/page/2/") && errors[0].contains("a tag's page"), "{errors:?}");
}
