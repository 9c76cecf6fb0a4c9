//! Markdown links in a vault resolved as Obsidian resolves them (percent
//! escapes, no `.md`, relative, from the vault root, by name), folder and
//! tag pages as link targets, and the vault's quieter warnings: a missing
//! target, a plain `![[img.png]]`, orphans. The fixture is
//! `tests/fixtures/obsidian/links` (`links: warn`); the same fixture under
//! `links: error` shows what a knowledge base keeps.

use pivotbook::diag::Severity;

use crate::support::SiteTest;

const LINKING: &str = "sources/linking/index.html";

fn vault(policy: &str) -> SiteTest {
    let mut t = SiteTest::from_fixture("obsidian/links");
    t.write("pivotbook.yaml", &format!("title: Links vault\nlinks: {policy}\n"));
    t.build();
    t
}

/// The links of a page's text as (text, href), a broken one with no href.
fn links(html: &str) -> Vec<(String, Option<String>)> {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse(".prose a:not(.anchor), .prose span.broken-link").unwrap();
    doc.select(&sel).map(|a| (a.text().collect(), a.value().attr("href").map(str::to_owned))).collect()
}

fn href_of(t: &SiteTest, text: &str) -> Option<String> {
    let all = links(&t.main(LINKING));
    all.iter().find(|(t, _)| t == text).unwrap_or_else(|| panic!("no link `{text}` in {all:?}")).1.clone()
}

/// The images of a page's text as (src, alt).
fn images(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse(".prose img").unwrap();
    doc.select(&sel)
        .map(|i| (i.value().attr("src").unwrap_or("").to_owned(), i.value().attr("alt").unwrap_or("").to_owned()))
        .collect()
}

/// Diagnostics as (severity, code, line, col) for one file, with the message.
fn diags_of(t: &SiteTest, file: &str) -> Vec<(Severity, &'static str, u32, u32, String)> {
    t.report()
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.span.path.to_string_lossy() == file && d.code != "orphan-page")
        .map(|d| (d.severity, d.code, d.span.line, d.span.col, d.message.clone()))
        .collect()
}

#[test]
fn markdown_links_find_notes_as_wikilinks_do() {
    let t = vault("warn");
    // Obsidian Help, "Internal links" (en/Linking notes and files/Internal links.md), "Supported formats
    // for internal links": a markdown link is URL-encoded (`%20`) and may omit `.md`.
    assert_eq!(href_of(&t, "pct").as_deref(), Some("/target-note/"));
    assert_eq!(href_of(&t, "noext").as_deref(), Some("/projects/other/"));
    // Same page, "Settings" (en/User interface/Settings.md), "New link format": "shortest path when
    // possible" writes the bare name of a note in another folder, "absolute path in vault" its path
    // from the vault root.
    assert_eq!(href_of(&t, "byname").as_deref(), Some("/projects/other/"));
    assert_eq!(href_of(&t, "abs").as_deref(), Some("/projects/deep/leaf/"));
    // CommonMark's `<…>` destination holds spaces as written.
    assert_eq!(href_of(&t, "angle").as_deref(), Some("/target-note/#second-heading"));
}

#[test]
fn markdown_links_reach_headings_chains_and_blocks() {
    let t = vault("warn");
    // Obsidian Help, "Internal links", "Link to a heading in a note" and "Link to a block in a note":
    // `#Heading`, `#Heading#Sub` and `#^block-id`, here percent-encoded as a markdown link writes them.
    assert_eq!(href_of(&t, "h").as_deref(), Some("/projects/other/#plan-b"));
    assert_eq!(href_of(&t, "chain").as_deref(), Some("/projects/other/#details"));
    assert_eq!(href_of(&t, "blk").as_deref(), Some("/projects/other/#block-key-point"));
}

#[test]
fn an_anchor_written_as_github_writes_it_finds_its_heading() {
    // GitHub's heading anchors: the text lower-cased, punctuation dropped, each space a `-`, a repeat
    // numbered (github-slugger; html-pipeline's TOC filter). A table of contents written for GitHub
    // (atulsingh-nikki/obsidian-notes) links `#21-image-pair-notation` for `2.1. Image Pair Notation`.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: error\n//- content/notes/guide.md\n# Guide\n\n[a](#21-image-pair-notation) [b](#c17-compatible-helper) [c](#setup-1) [d](other.md#über_uns--now) [e](#nowhere)\n\n## 2.1. Image Pair Notation\n\n## C++17-Compatible Helper\n\n## Setup\n\n## Setup\n//- content/notes/other.md\n# Other\n\n[[guide]]\n\n## Über_uns  now!\n",
    );
    t.check(false);
    let d: Vec<_> = t.report().diagnostics.items().iter().map(|d| (d.code, d.span.line, d.span.col)).collect();
    assert_eq!(d, vec![("missing-heading", 3, 100)]);
    let guide = std::fs::read_to_string(t.root().join("content/notes/guide.md")).unwrap();
    t.write("content/notes/guide.md", &guide.replace(" [e](#nowhere)", ""));
    t.build();
    let html = t.main("notes/guide/index.html");
    let found: Vec<_> =
        links(&html).into_iter().filter_map(|(_, href)| href).filter(|h| !h.contains("anchor")).collect();
    assert_eq!(
        &found[..4],
        [
            "/notes/guide/#2-1-image-pair-notation",
            "/notes/guide/#c-17-compatible-helper",
            "/notes/guide/#setup-1",
            "/notes/other/#%C3%BCber-uns-now"
        ]
    );
}

#[test]
fn an_anchor_written_with_the_headings_html_finds_it() {
    // Ludobico/Obsidian-Vault colours its headings (`## <font color="#ffc000">인물</font>`) and links
    // them by their source, tags and all, with `#` inside the tag.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/a.md\n[[b#<font color=\"#ffc000\">인물</font>#의상]] [[b#<b>Nope</b>]]\n//- content/b.md\n## <font color=\"#ffc000\">인물</font>\n\n### 의상\n",
    );
    t.build();
    let d: Vec<_> = t.report().diagnostics.items().iter().map(|d| (d.code, d.span.col)).collect();
    assert_eq!(d, [("orphan-page", 0), ("missing-heading", 42)], "only the heading that is not there: {d:?}");
    let main = t.main("a/index.html");
    assert!(main.contains("href=\"/b/#%EC%9D%98%EC%83%81\""), "the link goes to 의상: {main}");
}

/// The column and help of each warning of `code` (an anchor's).
fn anchor_warnings(t: &SiteTest, code: &str) -> Vec<(u32, String)> {
    let items = t.report().diagnostics.items();
    items.iter().filter(|d| d.code == code).map(|d| (d.span.col, d.help.clone().unwrap_or_default())).collect()
}

#[test]
fn an_anchor_that_is_a_blocks_id_without_its_caret_says_so() {
    // WngWai/obsidian_quartz links `[prop.test()](package-stats.md#26daec)` to a line `^26daec`.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/a.md\n[x](b.md#26daec) [y](b.md#nothing)\n//- content/b.md\nA line.\n\n^26daec\n\n## Something\n",
    );
    t.build();
    let d = anchor_warnings(&t, "missing-heading");
    assert_eq!(
        d,
        [
            (1, "a block there has the id `^26daec`: write `#^26daec` to link it".to_string()),
            (18, "headings there include: Something".to_string())
        ]
    );
}

#[test]
fn a_headings_block_id_and_one_after_a_formula_or_picture_are_linked_and_embedded() {
    // yiran-frank-mao/science_done_right_quartz: `### Higher Categories ^f2a96d`,
    // `…$$^8f2f00` and `![…](https://…png)^bls`, each linked from other notes.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\nmarkdown:\n  math: true\n//- content/a.md\n[[b#^f2a96d]] [[b#^m1]] [[b#^bls]] [[b#Higher Categories]]\n\n![[b#^f2a96d]]\n//- content/b.md\n# B\n\n## Higher Categories ^f2a96d\n\nBicategories.\n\n## Next\n\nDefined by$$f(A)=x$$^m1\n\n![plot](https://example.org/p.png)^bls\n",
    );
    t.build();
    let d: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan")).collect();
    assert!(d.is_empty(), "{d:#?}");
    let b = t.main("b/index.html");
    assert!(b.contains("<h2 id=\"higher-categories\"><span id=\"block-f2a96d\"></span>Higher Categories<a"), "{b}");
    assert!(b.contains("<p id=\"block-m1\">Defined by<math") && b.contains("<p id=\"block-bls\"><img"), "{b}");
    let prose = &b[b.find("<div class=\"prose\">").unwrap()..b.find("</div>").unwrap()];
    assert!(!prose.contains('^'), "{prose}");
    let a = t.main("a/index.html");
    for href in ["/b/#block-f2a96d", "/b/#block-m1", "/b/#block-bls", "/b/#higher-categories"] {
        assert!(a.contains(&format!("href=\"{href}\"")), "{href} in {a}");
    }
    // Embedded, the heading's block id stands for its section.
    assert!(a.contains("Bicategories.") && !a.contains("Defined by"), "{a}");
}

#[test]
fn an_id_ending_a_line_inside_a_paragraph_is_no_block_and_a_link_to_it_says_why() {
    // yiran-frank-mao/science_done_right_quartz: `>[!definition] Vector Space ^f4b63e` above the
    // callout's text, linked 44 times.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/a.md\n[[b#^f4b63e]] [[b#^zz]]\n//- content/b.md\n>[!definition] Vector Space ^f4b63e\n>Let V be a set.\n",
    );
    t.build();
    let d = anchor_warnings(&t, "missing-block");
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(d[0].1.starts_with("`^f4b63e` there ends a line inside a paragraph, not the paragraph"), "{d:?}");
    assert_eq!(d[1], (15, String::new()));
    assert!(t.main("b/index.html").contains("Vector Space ^f4b63e"), "the id stays text");
}

#[test]
fn a_note_titled_by_its_first_heading_shows_it_once_and_links_to_it_land_on_the_title() {
    // In a knowledge base, a note without `title:` is titled by its first heading.
    let site = "//- content/a.md\n[[b#My Title]] [[c]]\n\n![[b]]\n//- content/b.md\n# My Title\n\nBody text.\n\n## Part\n//- content/c.md\n---\ntitle: Chosen\n---\n# Chosen\n\nKept, as written under a title of its own.\n";
    let mut t = SiteTest::from_str(site);
    t.build();
    let b = t.main("b/index.html");
    assert_eq!(b.matches("<h1").count(), 1, "{b}");
    assert!(b.contains("<h1 id=\"my-title\">My Title</h1>") && b.contains("Body text."), "{b}");
    let a = t.main("a/index.html");
    assert!(a.contains("<a href=\"/b/#my-title\">My Title › My Title</a>"), "{a}");
    // Embedded, the note keeps its heading (without an id).
    assert!(a.contains("<h1>My Title</h1>") && a.contains("Body text."), "{a}");
    // A note with a `title:` keeps the heading its text starts with.
    assert_eq!(t.main("c/index.html").matches("<h1").count(), 2);

    // In a vault, a note is titled by its file name, as Obsidian's inline title and Publish's page
    // title show it ("Displays the filename as an editable title", its help, "Settings"), the heading
    // stays in the body, and a link shows its text as written ("Internal links").
    let mut t = SiteTest::from_str(&format!("//- pivotbook.yaml\nlinks: warn\n{site}"));
    t.build();
    let b = t.main("b/index.html");
    assert!(b.contains("<h1>b</h1>") && b.contains("<h1 id=\"my-title\">My Title<a"), "{b}");
    let a = t.main("a/index.html");
    assert!(a.contains("<a href=\"/b/#my-title\">b &gt; My Title</a> <a href=\"/c/\">c</a>"), "{a}");
    assert!(t.page("c/index.html").contains("<title>Chosen"), "a `title:` still titles it");
}

#[test]
fn images_are_found_by_name_and_plain_embeds_take_their_file_name_as_alt() {
    let t = vault("warn");
    // Obsidian Help, "Accepted file formats" (en/Files and folders/Accepted file formats.md): images are
    // files of the vault; "Internal links": `![a](chart.png)` finds the one in `Attachments/` by name.
    // "Embed files" (en/Linking notes and files/Embed files.md): `![[Engelbart.jpg]]` has no alt text.
    assert_eq!(
        images(&t.main(LINKING)),
        vec![
            ("/Attachments/chart.png".to_string(), "A chart".to_string()),
            ("/Attachments/chart.png".to_string(), "chart".to_string()),
            ("/Attachments/chart.png".to_string(), String::new()),
        ]
    );
    // `![no file](nothere.png)` and `![typo](chart.pgn)` find no file: their alt text shows as broken links.
    let alt: Vec<_> = diags_of(&t, "content/Sources/Linking.md").into_iter().filter(|d| d.1 == "missing-alt").collect();
    assert_eq!(
        alt,
        vec![(Severity::Warning, "missing-alt", 12, 20, "image `Attachments/chart.png` has no alt text".to_string())],
        "a plain ![[chart.png]] (12:1) is no diagnostic in a vault; ![](…) stays a warning"
    );
}

// Navirl/sonoQuartz pastes its images as `![](../images/x.png)`: 2,736 of them.
#[test]
fn in_a_vault_more_than_five_images_without_alt_text_are_one_warning() {
    let site = |policy: &str, n: usize| {
        let images: String = (1..=n).map(|i| format!("![](p{i}.png)\n\n")).collect();
        let files: String = (1..=n).map(|i| format!("//- content/p{i}.png\nPNG\n")).collect();
        let mut t = SiteTest::from_str(&format!(
            "//- pivotbook.yaml\nlinks: {policy}\n//- content/b.md\n![](p1.png)\n//- content/a.md\n{images}{files}"
        ));
        t.build();
        let alt: Vec<(u32, String)> = t
            .report()
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.code == "missing-alt")
            .map(|d| (d.span.line, d.message.clone()))
            .collect();
        alt
    };
    assert_eq!(
        site("warn", 6),
        [(
            1,
            "7 images have no alt text: content/a.md:1, content/a.md:3, content/a.md:5, content/a.md:7, content/a.md:9 and 2 more".to_string()
        )]
    );
    assert_eq!(site("warn", 4).len(), 5, "five or fewer stay one warning each");
    assert_eq!(site("error", 6).len(), 7, "a knowledge base reports each");
}

#[test]
fn a_knowledge_base_still_wants_alt_text() {
    let t = vault("error");
    let alt: Vec<_> = diags_of(&t, "content/Sources/Linking.md")
        .into_iter()
        .filter(|d| d.1 == "missing-alt")
        .map(|d| (d.0, d.2, d.3))
        .collect();
    assert_eq!(alt, vec![(Severity::Warning, 12, 1), (Severity::Error, 12, 20)]);
    assert!(!t.report().written, "an error stops the build");
}

#[test]
fn missing_targets_are_warnings_in_a_vault_and_errors_otherwise() {
    // Obsidian Help, "Internal links": a link to a note that does not exist yet is allowed (Obsidian
    // creates the note when it is clicked), so in a vault it is a warning.
    let want = |sev: Severity| {
        vec![
            (sev, "broken-link", 14, 101, "no page is named `tags/nosuch`".to_string()),
            (sev, "broken-link", 16, 10, "no page at `Sources/Gone.md`, nor one named `Gone` anywhere".to_string()),
            (sev, "broken-link", 16, 27, "no page at `Sources/Othr.md`, nor one named `Othr` anywhere".to_string()),
            (
                sev,
                "missing-file",
                16,
                44,
                "no file at `Sources/nothere.png` in the content folder, nor one named `nothere.png` anywhere"
                    .to_string(),
            ),
            (
                sev,
                "broken-link",
                16,
                69,
                "no page at `Sources/(https:/example.com/x.md`, nor one named `x` anywhere".to_string(),
            ),
            (
                sev,
                "missing-file",
                18,
                24,
                "no file at `Sources/chart.pgn` in the content folder, nor one named `chart.pgn` anywhere".to_string(),
            ),
        ]
    };
    let warn = vault("warn");
    let found: Vec<_> =
        diags_of(&warn, "content/Sources/Linking.md").into_iter().filter(|d| d.1 != "missing-alt").collect();
    assert_eq!(found, want(Severity::Warning));
    assert!(warn.report().written, "{:?}", warn.diagnostics());
    assert_eq!(
        links(&warn.main(LINKING)).iter().filter(|(_, h)| h.is_none()).count(),
        6,
        "shown as text (4 links, 2 images)"
    );
    let error = vault("error");
    let found: Vec<_> =
        diags_of(&error, "content/Sources/Linking.md").into_iter().filter(|d| d.1 != "missing-alt").collect();
    assert_eq!(found, want(Severity::Error));
}

#[test]
fn broken_markdown_links_suggest_the_nearest_page() {
    let t = vault("warn");
    let help = |line: u32, col: u32| {
        t.report().diagnostics.items().iter().find(|d| (d.span.line, d.span.col) == (line, col)).unwrap().help.clone()
    };
    // As for wikilinks: the nearest names, and a web address without its scheme said as such.
    assert_eq!(help(16, 27).as_deref(), Some("did you mean `Projects/Other`?"));
    assert_eq!(help(16, 44).as_deref(), Some("put the file in the content folder, or fix the path"));
    assert_eq!(help(18, 24).as_deref(), Some("did you mean `Attachments/chart.png`?"));
    assert_eq!(
        help(16, 69).as_deref(),
        Some("a web address must start with its scheme (`https://…`) to be a link to the web")
    );
}

#[test]
fn a_link_out_of_the_content_folder_is_an_error_even_in_a_vault() {
    // Obsidian Help, "Internal links": links are within the vault; leaving it is refused (Safety).
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/a/b/Note.md\nUp: [climb](../../../x.md) and [ok](../../Other.md).\n//- content/Other.md\nx\n",
    );
    t.check(false);
    let d: Vec<_> = diags_of(&t, "content/a/b/Note.md").into_iter().map(|d| (d.0, d.1, d.2, d.3)).collect();
    assert_eq!(d, vec![(Severity::Error, "link-outside-content", 1, 5)]);
}

#[test]
fn a_link_with_a_dot_dot_too_many_links_inside_with_a_warning_in_a_vault_and_is_an_error_elsewhere() {
    // RFC 3986, 5.2.4: a `..` that would climb above the root is dropped from a URL's path.
    // TrshPuppy/obsidian-notes writes 18 such links, each meaning the note the path finds without
    // its extra `..`.
    let fixture = |policy: &str| {
        SiteTest::from_str(&format!(
            "//- pivotbook.yaml\nlinks: {policy}\n//- content/a/b/Note.md\n[up](../../../net/DHCP.md) [near](../../../a/c/Near.md) [none](../../../x.md)\n//- content/net/DHCP.md\nx\n//- content/a/c/Near.md\ny\n"
        ))
    };
    let mut t = fixture("warn");
    t.check(false);
    let d = diags_of(&t, "content/a/b/Note.md");
    let codes: Vec<_> = d.iter().map(|d| (d.0, d.1, d.3)).collect();
    assert_eq!(
        codes,
        vec![
            (Severity::Warning, "link-outside-content", 1),
            (Severity::Warning, "link-outside-content", 28),
            (Severity::Error, "link-outside-content", 57)
        ]
    );
    let help = |t: &SiteTest, col: u32| {
        t.report().diagnostics.items().iter().find(|d| d.span.col == col && d.span.line == 1).unwrap().help.clone()
    };
    assert_eq!(
        help(&t, 1).as_deref(),
        Some("it has more `..` than there are folders above it; without them it links to `net/DHCP.md`: write `../../net/DHCP.md`")
    );
    assert_eq!(
        help(&t, 28).as_deref(),
        Some("it has more `..` than there are folders above it; without them it links to `a/c/Near.md`: write `../c/Near.md`")
    );
    assert_eq!(help(&t, 57).as_deref(), Some("link only to files inside the content folder"));

    // Without the page that does not exist, the vault builds and the links lead where the help says.
    t.write("content/a/b/Note.md", "[up](../../../net/DHCP.md) [near](../../../a/c/Near.md)\n");
    t.build();
    let html = t.main("a/b/note/index.html");
    let found: Vec<_> = links(&html).into_iter().map(|(_, href)| href).collect();
    assert_eq!(found, vec![Some("/net/dhcp/".to_string()), Some("/a/c/near/".to_string())]);

    // A knowledge base (`links: error`) keeps them errors, with the path that stays inside.
    let mut t = fixture("error");
    t.check(false);
    let d = diags_of(&t, "content/a/b/Note.md");
    assert!(d.iter().all(|d| d.0 == Severity::Error && d.1 == "link-outside-content"), "{d:?}");
    assert_eq!(
        help(&t, 1).as_deref(),
        Some("it has more `..` than there are folders above it; did you mean `../../net/DHCP.md`?")
    );
}

#[test]
fn a_wikilink_written_as_a_relative_path_finds_its_note_or_file_from_the_notes_folder() {
    // Obsidian's "New link format" setting (en/User interface/Settings.md) offers "Relative path to
    // file"; LesleyLai/digital-garden writes `[[./aliasing|aliasing]]` and `![[../assets/x.png|600]]`.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/Concepts/Start.md\n[[./Sibling|sib]] [[../Other/Note]] ![[../assets/chart.png|300]] [[./Missing]] ![[../assets/gone.png]]\n//- content/Concepts/Sibling.md\nx\n//- content/Other/Note.md\n# The note\n//- content/assets/chart.png\nnot really a PNG\n",
    );
    t.check(false);
    let d: Vec<_> = diags_of(&t, "content/Concepts/Start.md").into_iter().map(|d| (d.1, d.3, d.4)).collect();
    assert_eq!(
        d,
        vec![
            ("broken-link", 66, "no page at `./Missing` from this note's folder".to_string()),
            ("missing-file", 80, "no file at `../assets/gone.png` from this note's folder".to_string()),
        ]
    );
    t.write("content/Concepts/Start.md", "[[./Sibling|sib]] [[../Other/Note]] ![[../assets/chart.png|300]]\n");
    t.build();
    let html = t.main("concepts/start/index.html");
    let found: Vec<_> = links(&html).into_iter().collect();
    assert_eq!(
        found,
        vec![
            ("sib".to_string(), Some("/concepts/sibling/".to_string())),
            // "By default, Obsidian will show the link text as it appears" (its help, "Internal links").
            ("../Other/Note".to_string(), Some("/other/note/".to_string()))
        ]
    );
    assert_eq!(images(&html), vec![("/assets/chart.png".to_string(), "chart".to_string())]);
}

#[test]
fn a_wikilink_path_not_from_the_top_is_read_from_the_notes_folder_then_as_the_end_of_a_path() {
    // Soushi888/alternef-digital-garden links `[[distributed-systems/agent-vs-actor-models]]` from
    // `knowledge/…/networking/index.md` to `knowledge/…/networking/distributed-systems/…`. Obsidian
    // finds a partial path by the end of a file's path; a path from the vault's top still comes first.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/k/net/index.md\n[[sub/Leaf]] [[deep/Far]] [[two/Same]] [[k/net/sub/Leaf]]\n//- content/k/net/sub/Leaf.md\nx\n//- content/a/b/deep/Far.md\ny\n//- content/p/two/Same.md\nz\n//- content/q/r/two/Same.md\nw\n",
    );
    t.build();
    let d: Vec<_> = diags_of(&t, "content/k/net/index.md").into_iter().map(|d| (d.1, d.3, d.4)).collect();
    assert_eq!(d, vec![("ambiguous-link", 27, "`two/Same` matches 2 pages: `p/two/Same`, `q/r/two/Same`".to_string())]);
    let html = t.main("k/net/index.html");
    let found: Vec<_> = links(&html).into_iter().map(|(_, href)| href.unwrap_or_default()).collect();
    assert_eq!(found, ["/k/net/sub/leaf/", "/a/b/deep/far/", "/p/two/same/", "/k/net/sub/leaf/"]);
}

#[test]
fn a_path_from_the_top_finds_a_note_or_file_from_the_content_folders_top() {
    // GitHub reads a link starting with `/` in a repository's markdown from the repository's top;
    // Macana, which publishes Obsidian vaults, reads it from the vault's. A site path (a page's
    // address) still comes first.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/a/b/Note.md\n[md](/net/Other%20Note.md) [bare](/net/Other%20Note) [page](/net/other-note/) ![chart](/pics/chart.png) [gone](/net/Gone.md)\n//- content/net/Other Note.md\nx\n//- content/pics/chart.png\nnot really a PNG\n",
    );
    t.check(false);
    let d = diags_of(&t, "content/a/b/Note.md");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].1, d[0].3), ("broken-link", 105));
    assert_eq!(
        d[0].4,
        "no page at site path `/net/Gone.md`, nor a page or file at `net/Gone.md` in the content folder"
    );
    t.write("content/a/b/Note.md", "[md](/net/Other%20Note.md) [bare](/net/Other%20Note) ![chart](/pics/chart.png)\n");
    t.build();
    let html = t.main("a/b/note/index.html");
    let found: Vec<_> = links(&html).into_iter().map(|(_, href)| href).collect();
    assert_eq!(found, vec![Some("/net/other-note/".to_string()), Some("/net/other-note/".to_string())]);
    assert_eq!(images(&html), vec![("/pics/chart.png".to_string(), "chart".to_string())]);
}

#[test]
fn folder_and_tag_pages_are_link_targets() {
    let t = vault("warn");
    // Obsidian Help, "Tags" (en/Editing and formatting/Tags.md): a tag, nested or not, is something
    // to browse by; its page here is `/tags/<tag>/`. "File explorer" (en/Plugins/File explorer.md):
    // notes are browsed by folder; each folder's page here is its slugged path.
    assert_eq!(href_of(&t, "all").as_deref(), Some("/features/"));
    assert_eq!(href_of(&t, "rel").as_deref(), Some("/features/"));
    assert_eq!(href_of(&t, "tags/plugin").as_deref(), Some("/tags/plugin/"));
    assert_eq!(href_of(&t, "core").as_deref(), Some("/tags/plugin/core/"));
    assert_eq!(href_of(&t, "tags/nosuch"), None, "no page carries that tag");
    assert!(t.page("tags/plugin/core/index.html").contains("Second feature"));
}

#[test]
fn a_vault_folder_named_like_a_folder_of_this_computer_is_still_a_page() {
    // `/tmp/` is a folder of the vault here (and of the machine): the site's page wins; a path that is
    // only the machine's stays an error (Safety).
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/tmp/Scratch.md\nx\n//- content/Start.md\n[scratch](/tmp/), [[Scratch]], [pw](/etc/passwd).\n",
    );
    t.build();
    let d: Vec<_> = diags_of(&t, "content/Start.md").into_iter().map(|d| (d.0, d.1, d.3)).collect();
    assert_eq!(d, vec![(Severity::Error, "absolute-path", 32)]);
    t.write("content/Start.md", "[scratch](/tmp/), [[Scratch]].\n");
    t.build();
    assert_eq!(links(&t.main("start/index.html"))[0], ("scratch".to_string(), Some("/tmp/".to_string())));
}

#[test]
fn a_folder_note_is_the_page_a_folder_link_reaches() {
    // Obsidian Help, "Manage notes" (en/Files and folders/Manage notes.md): notes live in folders; a
    // note at the folder's address (`Projects.md` beside `Projects/`) is that folder's page here, so
    // a link to the folder is a link to the note, and a backlink.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/Projects.md\nThe folder note.\n//- content/Projects/Alpha.md\nAlpha.\n//- content/Start.md\n[all projects](Projects/), [[Projects/Alpha]].\n",
    );
    t.build();
    assert_eq!(links(&t.main("start/index.html"))[0], ("all projects".to_string(), Some("/projects/".to_string())));
    let orphans: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("orphan-page")).collect();
    assert_eq!(orphans, vec!["content/Start.md:0:0 orphan-page 1 page has no link from another page: `Start`"]);
}

#[test]
fn orphans_are_one_warning_in_a_vault_and_one_per_page_otherwise() {
    // Obsidian Help, "Graph view" (en/Plugins/Graph view.md): "Orphans" is a filter of the graph, not a
    // problem; a vault gets one warning counting them.
    let orphans = |t: &SiteTest| -> Vec<String> {
        t.diagnostics().into_iter().filter(|d| d.contains("orphan-page")).collect::<Vec<_>>()
    };
    assert_eq!(
        orphans(&vault("warn")),
        vec![
            "content/Features/A feature.md:0:0 orphan-page 3 pages have no link from another page: \
              `Features/A feature`, `Features/Second feature`, `Lonely`"
        ]
    );
    assert_eq!(
        orphans(&vault("error")),
        vec![
            "content/Features/A feature.md:0:0 orphan-page no other page links to `Features/A feature`",
            "content/Features/Second feature.md:0:0 orphan-page no other page links to `Features/Second feature`",
            "content/Lonely.md:0:0 orphan-page no other page links to `Lonely`",
        ]
    );
    let mut many = String::from("//- pivotbook.yaml\nlinks: warn\n");
    for n in 1..=7 {
        many.push_str(&format!("//- content/n{n}.md\nNote {n}.\n"));
    }
    let mut t = SiteTest::from_str(&many);
    t.check(false);
    assert_eq!(
        orphans(&t),
        vec![
            "content/n1.md:0:0 orphan-page 7 pages have no link from another page: \
              `n1`, `n2`, `n3`, `n4`, `n5` and 2 more"
        ]
    );
}

#[test]
fn an_unclosed_wikilink_is_a_warning_in_a_vault() {
    // Obsidian Help, "Internal links": `[[` opens a link only when `]]` closes it; Obsidian shows the
    // rest as text (a real note of the community hub writes `[[Simple Embeds](https://…)`).
    let text =
        "//- pivotbook.yaml\nlinks: POLICY\n//- content/Start.md\n- [[Simple Embeds](https://example.org/x) renders.\n";
    let mut t = SiteTest::from_str(&text.replace("POLICY", "warn"));
    t.build();
    let d: Vec<_> = diags_of(&t, "content/Start.md").into_iter().map(|d| (d.0, d.1, d.2, d.3)).collect();
    assert_eq!(d, vec![(Severity::Warning, "broken-wikilink", 1, 3)]);
    assert!(t.main("start/index.html").contains("renders."));
    let mut t = SiteTest::from_str(&text.replace("POLICY", "error"));
    t.check(false);
    let d: Vec<_> = diags_of(&t, "content/Start.md").into_iter().map(|d| (d.0, d.1)).collect();
    assert_eq!(d, vec![(Severity::Error, "broken-wikilink")]);
}

#[test]
fn a_missing_image_shows_its_alt_text_as_a_broken_link() {
    // Obsidian Help, "Embed files" (en/Linking notes and files/Embed files.md): an embedded file that
    // does not exist shows as unresolved; the page must not ask the server for a file it never copied.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/Start.md\n![a chart](nothere.png) and ![](gone.jpg) and ![ok](https://example.org/x.png)\n",
    );
    t.build();
    let html = t.main("start/index.html");
    assert_eq!(images(&html), vec![("https://example.org/x.png".to_string(), "ok".to_string())]);
    let doc = scraper::Html::parse_fragment(&html);
    let sel = scraper::Selector::parse(".prose span.broken-link").unwrap();
    let broken: Vec<String> = doc.select(&sel).map(|s| s.text().collect()).collect();
    assert_eq!(broken, vec!["a chart", "gone.jpg"]);
}

#[test]
fn a_path_that_matches_files_differing_in_case_takes_the_first_by_path() {
    // `Img.png` and `img.png` are two files on Linux; Obsidian's links ignore case. The file
    // written as the link writes it wins; else the pick came from a hash set's order, which
    // changes from run to run, and is now the first by path.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/Note.md\n![[media/IMG.PNG|shot]] ![[media/img.png|again]]\n",
    );
    t.write("content/media/img.png", "lower").write("content/media/Img.png", "upper");
    t.build();
    let shown: Vec<String> = images(&t.main("note/index.html")).into_iter().map(|(src, _)| src).collect();
    assert_eq!(shown, ["/media/Img.png", "/media/img.png"], "{:?}", t.diagnostics());
}

/// A file name from macOS is often decomposed (NFD: `한` as three jamo, `é`
/// as `e` and an accent), while a link typed elsewhere is composed (NFC),
/// or the other way round. Links compare names in NFC, so each finds its
/// file. Guaqamole/digital-garden had 41 broken links of this kind.
#[test]
fn a_link_finds_a_file_whose_name_is_in_the_other_unicode_form() {
    let nfd_note = "\u{1103}\u{1169}\u{11BC}\u{110C}\u{1165}\u{11A8} 계획법"; // 동적 계획법, the first word decomposed
    let nfd_image = "cafe\u{301}.png"; // café.png, decomposed
    let mut t = SiteTest::from_str(&format!(
        "//- pivotbook.yaml\nlinks: warn\n//- content/{nfd_note}.md\nNOTE\n//- content/img/{nfd_image}\nPNG\n//- content/Résumé.md\nR\n//- content/a.md\n[[동적 계획법]] [x](<동적 계획법.md>) ![[café.png]] ![y](img/café.png) [[Re\u{301}sume\u{301}]]\n"
    ));
    t.build();
    let broken: Vec<String> = t
        .report()
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.code != "orphan-page")
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
    let main = t.main("a/index.html");
    assert_eq!(main.matches("class=\"broken-link\"").count(), 0, "{main}");
}

#[test]
fn a_file_name_answers_before_another_notes_slug() {
    // WngWai/obsidian_quartz links `[[Table]]` beside a note `table()`, whose slug is also `table`;
    // Obsidian opens the file named `Table`, with no ambiguity.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/index.md\n[[Table]] [[table()]] [[Tool]]\n//- content/a/Table.md\nx\n//- content/b/table().md\ny\n//- content/c/@tool.md\nz\n//- content/d/Tool.md\nw\n",
    );
    t.build();
    assert_eq!(diags_of(&t, "content/index.md"), vec![]);
    let found: Vec<_> = links(&t.main("index.html")).into_iter().map(|(_, href)| href.unwrap_or_default()).collect();
    assert_eq!(found, ["/a/table/", "/b/table/", "/d/tool/"]);
}

#[test]
fn a_markdown_link_to_a_note_after_an_exclamation_mark_embeds_it() {
    // k78ma/quartz writes `![](limit.md)`: Obsidian embeds any internal link with `!` before it,
    // in either link format (its help, "Embed files"), so a vault without wikilinks embeds this way.
    let mut t = SiteTest::from_str(concat!(
        "//- pivotbook.yaml\nlinks: warn\n",
        "//- content/sub/My limit.md\n# Limit\n\nThe limit text.\n\n## Part\n\nPart text. ^blk\n",
        "//- content/index.md\n",
        "Whole: ![](sub/My%20limit.md)\n\nHeading: ![x](<sub/My limit.md#Part>)\n\n",
        "Block: ![](My%20limit.md#^blk)\n\nMissing: ![](gone.md)\n\nPicture ![pic](pic.png)\n",
        "//- content/pic.png\nPNG\n",
    ));
    t.build();
    let d: Vec<_> = diags_of(&t, "content/index.md").into_iter().map(|d| (d.1, d.2, d.3)).collect();
    assert_eq!(d, vec![("broken-link", 7, 10)]);
    let main = t.main("index.html");
    for want in [
        // A vault's note is titled by its file name, as Obsidian shows it.
        "<p class=\"embed-source\"><a href=\"/sub/my-limit/\">My limit</a></p>\n<h1>Limit</h1>\n<p>The limit text.</p>",
        "<a href=\"/sub/my-limit/#part\">My limit › Part</a></p>\n<h2>Part</h2>\n<p>Part text.</p>\n</div>",
        "<a href=\"/sub/my-limit/#block-blk\">My limit</a></p>\n<p>Part text.</p>\n</div>",
        "<span class=\"broken-link\">![](gone.md)</span>",
        "<img src=\"/pic.png\" alt=\"pic\" />",
    ] {
        assert!(main.contains(want), "{want}\n{main}");
    }
    // The embedded note is linked: no orphan.
    assert!(t.main("sub/my-limit/index.html").contains("href=\"/\""), "a backlink from the embedding page");
}

#[test]
fn a_heading_with_a_wikilink_is_found_by_the_text_obsidian_links_it_by() {
    // JuanBiancuzzo/Facultad-Apuntes links `[[T#Hueco Huecos]]` to `## [[Hueco|Huecos]]`:
    // Obsidian's link to such a heading has its brackets and pipe as spaces.
    let mut t = SiteTest::from_str(concat!(
        "//- pivotbook.yaml\nlinks: warn\n",
        "//- content/T.md\n## [[Hueco|Huecos]]\n\nx\n\n## Los [[Electrón|electrones]] libres\n\ny\n",
        "//- content/Hueco.md\nh\n//- content/Electrón.md\ne\n",
        "//- content/index.md\n[[T#Hueco Huecos]] [[T#Los Electrón electrones libres]] [[T#Huecos]]\n",
    ));
    t.build();
    assert_eq!(diags_of(&t, "content/index.md"), vec![]);
    let found: Vec<_> = links(&t.main("index.html")).into_iter().map(|(_, href)| href.unwrap_or_default()).collect();
    assert_eq!(found, ["/t/#huecos", "/t/#los-electrones-libres", "/t/#huecos"]);
}

#[test]
fn notes_embedding_each_others_blocks_make_no_cycle_unless_a_block_holds_the_embed() {
    // JuanBiancuzzo/Facultad-Apuntes: two notes embed a paragraph of each other; neither
    // paragraph holds an embed, so nothing repeats.
    let mut t = SiteTest::from_str(concat!(
        "//- pivotbook.yaml\nlinks: warn\n",
        "//- content/A.md\nPara A one ^a1\n\nFrom B: ![[B#^b1]]\n\n## Loop\n\nLoop A ![[B#Back]]\n",
        "//- content/B.md\nPara B one ^b1\n\nFrom A: ![[A#^a1]]\n\n## Back\n\nBack B ![[A#Loop]]\n",
    ));
    t.build();
    let cycles: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("embed-cycle")).collect();
    // The sections embed each other, each holding the embed of the other: a cycle, at both.
    assert_eq!(cycles.len(), 2, "{cycles:?}");
    assert!(
        cycles[0].starts_with("content/A.md:7:8 embed-cycle") && cycles[1].starts_with("content/B.md:7:8 embed-cycle"),
        "{cycles:?}"
    );
    assert!(t.main("a/index.html").contains("Para B one"), "the block is embedded");
}

#[test]
fn of_two_notes_of_one_name_a_link_opens_the_one_in_its_own_folder() {
    // Observed on Obsidian 1.13.7 (markdown-vault-mcp pull request 1380): the linking note's own
    // folder wins over a shorter path; a note whose path is the name wins over both.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/aa/Topic.md\nA.\n//- content/bbbb/Topic.md\nB.\n//- content/bbbb/Source.md\n[[Topic]]\n//- content/cc/Source.md\n[[Topic]]\n//- content/Root.md\nR.\n//- content/dd/Root.md\nD.\n//- content/dd/Other.md\n[[Root]]\n",
    );
    t.build();
    let href = |page: &str| links(&t.main(page)).into_iter().map(|(_, h)| h.unwrap_or_default()).collect::<Vec<_>>();
    assert_eq!(href("bbbb/source/index.html"), ["/bbbb/topic/"]);
    assert_eq!(href("cc/source/index.html"), ["/aa/topic/"], "elsewhere, the shortest path");
    assert_eq!(href("dd/other/index.html"), ["/root/"], "the note whose path is the name");
    let d = diags_of(&t, "content/bbbb/Source.md");
    assert_eq!(d.len(), 1, "still an ambiguity warning: {d:?}");
}

#[test]
fn a_comment_nothing_closes_is_a_located_warning() {
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/a.md\n# A\n\nWrite %% for a percent sign.\n\nHidden.\n",
    );
    t.build();
    let d: Vec<_> = diags_of(&t, "content/a.md").into_iter().map(|d| (d.1, d.2, d.3)).collect();
    assert_eq!(d, vec![("unclosed-comment", 3, 7)]);
    assert!(!t.main("a/index.html").contains("Hidden"));
}

#[test]
fn a_link_naming_a_notes_first_heading_is_told_the_notes_file_name() {
    // enigmaiiiiiiii/Learning-Record-Write-By-Obsidian links `[[数组]]`, the first heading of
    // `cpp-array.md`; Obsidian resolves a link by file name only, so it is broken there too.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/Start.md\nSee [[数组]] and [[Nothing]].\n//- content/lang/cpp-array.md\n# 数组\n\nText.\n",
    );
    t.check(false);
    let help: Vec<_> =
        t.report().diagnostics.items().iter().filter(|d| d.code == "broken-link").map(|d| d.help.clone()).collect();
    assert_eq!(
        help,
        vec![
            Some("`lang/cpp-array` opens with the heading `数组`, but a link names a note by its file name: [[cpp-array]]".to_string()),
            None
        ]
    );
}
