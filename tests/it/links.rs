//! Link resolution, checked on small sites: each wikilink form, and each
//! kind of broken link with its file:line:col and hint.

use crate::support::SiteTest;

const TARGETS: &str = r#"
//- content/companies/iren.md
---
name: IREN Limited
short_name: IREN
former_names: [Iris Energy Limited]
aliases: [Iris Energy]
tickers:
  - {symbol: IRENX, exchange: Nasdaq}
category: miner
summary: S.
sources:
  - {url: "https://example.com/x", title: X}
---
## Financing
Text.
//- content/companies/core-scientific.md
---
name: Core Scientific, Inc.
category: miner
summary: S.
sources:
  - {url: "https://example.com/x", title: X}
---
Core.
//- content/notes/Core Scientific notes.md
See [[iren]].
"#;

fn site_with(note: &str) -> SiteTest {
    let mut t = SiteTest::from_str(TARGETS);
    t.write("content/notes/test.md", note);
    t.check(false);
    t
}

fn href_of(link: &str) -> String {
    let mut t = SiteTest::from_str(TARGETS);
    t.write("content/notes/test.md", &format!("x {link}\n"));
    t.build();
    let errors: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan-page")).collect();
    assert_eq!(errors, Vec::<String>::new(), "{link}");
    let main = t.main("notes/test/index.html");
    let start = main.find("<p>x <a href=\"").unwrap_or_else(|| panic!("{link}: {main}")) + "<p>x <a href=\"".len();
    main[start..].split('"').next().unwrap().to_string()
}

#[test]
fn wikilink_forms_resolve() {
    for (link, want) in [
        ("[[iren]]", "/companies/iren/"),
        ("[[IREN]]", "/companies/iren/"),
        ("[[iren|IREN Ltd]]", "/companies/iren/"),
        ("[[companies/iren]]", "/companies/iren/"),
        ("[[Iris Energy]]", "/companies/iren/"),
        ("[[iris energy limited]]", "/companies/iren/"),
        ("[[IRENX]]", "/companies/iren/"),
        ("[[IREN Limited]]", "/companies/iren/"),
        ("[[iren#Financing]]", "/companies/iren/#financing"),
        ("[[iren#financing]]", "/companies/iren/#financing"),
        ("[[Core Scientific]]", "/companies/core-scientific/"),
        ("[[Core Scientific notes]]", "/notes/core-scientific-notes/"),
        ("[text](../companies/iren.md)", "/companies/iren/"),
        ("[text](../companies/iren.md#financing)", "/companies/iren/#financing"),
        ("[text](Core%20Scientific%20notes.md)", "/notes/core-scientific-notes/"),
        ("[text](/deals/)", "/deals/"),
    ] {
        assert_eq!(href_of(link), want, "{link}");
    }
}

#[test]
fn broken_links_are_located_with_hints() {
    let t = site_with("---\ntitle: T\n---\nLine one.\nSee [[irne]] and [[iren#Finance]].\n");
    let d = &t.report().diagnostics;
    let errs: Vec<_> = d.items().iter().filter(|d| d.code != "orphan-page").collect();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert_eq!((errs[0].code, errs[0].span.line, errs[0].span.col), ("broken-link", 5, 5));
    assert_eq!(errs[0].help.as_deref(), Some("did you mean `companies/iren`?"));
    assert_eq!((errs[1].code, errs[1].span.line, errs[1].span.col), ("missing-heading", 5, 18));
    assert_eq!(errs[1].help.as_deref(), Some("headings there include: Financing"));
}

#[test]
fn a_missing_path_suggests_the_pages_of_its_file_name_nearest_it() {
    // rootsongjc/kubernetes-handbook links `../concepts/pod/index.md`-style paths; each broken one
    // listed the site's `index` pages alphabetically, none of them the one meant.
    let mut t =
        SiteTest::from_str("//- content/notes/test.md\nSee [a](../guide/setup/index.md) and [b](../ops/other.md).\n");
    for page in ["guide/install", "guide/upgrade", "api/auth", "api/keys", "blog/one", "blog/two"] {
        t.write(&format!("content/{page}/index.md"), "[[test]]\n");
    }
    t.write("content/ops/others.md", "[[test]]\n");
    t.check(false);
    let d = &t.report().diagnostics;
    let help: Vec<_> = d.items().iter().filter(|d| d.code == "broken-link").map(|d| d.help.as_deref()).collect();
    assert_eq!(
        help,
        vec![Some("did you mean `guide/install/index`, `guide/upgrade/index`?"), Some("did you mean `ops/others`?")]
    );
}

#[test]
fn ambiguous_links_name_every_candidate() {
    let mut t = SiteTest::from_str(TARGETS);
    t.write("content/notes/iren.md", "A note called iren; [[companies/iren]].\n");
    t.write("content/notes/test.md", "x [[iren]]\n");
    t.check(false);
    let d = t.diagnostics();
    assert!(
        d.iter()
            .any(|d| d
                == "content/notes/test.md:1:3 ambiguous-link `iren` matches 2 pages: `companies/iren`, `notes/iren`"),
        "{d:?}"
    );
}

#[test]
fn paths_out_of_content_and_missing_files_are_errors() {
    let t = site_with("[a](../../../etc/passwd)\n\n![chart](missing.png)\n\n![](nothere.png)\n");
    let codes: Vec<(&str, u32)> = t
        .report()
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.code != "orphan-page")
        .map(|d| (d.code, d.span.line))
        .collect();
    assert_eq!(codes, vec![("link-outside-content", 1), ("missing-file", 3), ("missing-alt", 5), ("missing-file", 5)]);
}

#[test]
fn front_matter_references_must_resolve_to_the_right_kind() {
    let mut t = SiteTest::from_str(TARGETS);
    t.write("content/topics/t.md", "---\ntitle: T\ndescription: D\n---\nx\n");
    t.write("content/notes/test.md", "---\ncompanies: [iren, t, nobody]\ntopics: [t]\n---\n");
    t.write(
        "content/companies/k.md",
        "---\nname: K\ncategory: miner\nsummary: S.\nsources:\n  - {url: \"https://example.com/k\", title: K}\ntopics: [t, iren]\n---\n",
    );
    t.check(false);
    let d: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan")).collect();
    // A free note's `companies:` may name any page, as an Obsidian property
    // does (shown with the note's properties); a company's may not.
    assert_eq!(
        d,
        vec![
            "content/companies/k.md:7:13 wrong-kind `iren` is a company, but a topic is expected here".to_string(),
            "content/notes/test.md:2:22 broken-link no page is named `nobody`".to_string(),
        ]
    );
}

#[test]
fn orphans_are_warnings_and_backlinks_skip_self() {
    let t = site_with("Links to itself: [[test]].\n");
    let orphans: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("orphan-page")).collect();
    assert_eq!(
        orphans,
        vec![
            "content/companies/core-scientific.md:0:0 orphan-page no other page links to `companies/core-scientific`".to_string(),
            "content/notes/Core Scientific notes.md:0:0 orphan-page no other page links to `notes/Core Scientific notes`".to_string(),
            "content/notes/test.md:0:0 orphan-page no other page links to `notes/test`".to_string(),
        ]
    );
}

#[test]
fn wikilinks_in_tables_need_an_escaped_pipe() {
    let mut t = SiteTest::from_str(TARGETS);
    t.write(
        "content/notes/test.md",
        "| a | b |\n|---|---|\n| [[iren\\|IREN]] | x |\n| [[iren|IREN]] | y |\n\n`[[not a link]]`\n",
    );
    t.check(false);
    let d: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan")).collect();
    assert_eq!(
        d,
        vec!["content/notes/test.md:4:3 broken-wikilink `[[` starts no link here: the wikilink was not recognised"
            .to_string()]
    );
    t.write("content/notes/test.md", "| a | b |\n|---|---|\n| [[iren\\|IREN]] | x |\n");
    t.build();
    assert!(t.main("notes/test/index.html").contains("<td><a href=\"/companies/iren/\">IREN</a></td>"));
}

#[test]
fn script_urls_are_errors_and_never_reach_the_output() {
    let mut t = SiteTest::from_str(TARGETS);
    t.write("content/notes/test.md", "[x](javascript:alert(1)) [y](JavaScript:void) ![z](data:text/html;base64,xx) [ok](https://example.com) [[iren]] ![p](data:image/png;base64,AA==) [q](data:image/png;base64,AA==)\n");
    t.check(false);
    let codes: Vec<(&str, u32, u32)> = t
        .report()
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.code != "orphan-page")
        .map(|d| (d.code, d.span.line, d.span.col))
        .collect();
    // A raster picture written in as a `data:` URL shows; a link to one does not.
    assert_eq!(
        codes,
        vec![("unsafe-link", 1, 1), ("unsafe-link", 1, 26), ("unsafe-link", 1, 47), ("unsafe-link", 1, 146)]
    );
}

#[test]
fn under_links_warn_a_refused_url_is_a_warning_and_the_page_builds_without_it() {
    // A vault's web clippings keep `javascript:void(0)` links, and a pasted
    // screenshot may point at the author's disk.
    let mut t = SiteTest::from_str(TARGETS);
    t.write("pivotbook.yaml", "links: warn\n");
    t.write(
        "content/notes/test.md",
        "[x](javascript:void(0)) ![shot](file:///home/me/shot.png) ![](file:///a.png) [[iren]]\n",
    );
    t.build();
    assert!(t.report().written && t.errors().is_empty(), "{:?}", t.diagnostics());
    let refused: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("unsafe-link")).collect();
    let at: Vec<&str> = refused.iter().filter_map(|d| d.split(' ').next()).collect();
    assert_eq!(at, ["content/notes/test.md:1:1", "content/notes/test.md:1:25", "content/notes/test.md:1:59"]);
    let main = t.main("notes/test/index.html");
    assert!(main.contains("<span class=\"broken-link\">x</span> <span class=\"broken-link\">shot</span> <span class=\"broken-link\">image</span>"), "{main}");
    assert!(!main.contains("javascript:") && !main.contains("file:"), "{main}");
}

/// A build lets each page's scan go as soon as its backlink contributions
/// are made (`links::link_all_once`); serve keeps the scans to relink after
/// an edit (`links::link_all`). Both must give the same link graph: the
/// backlinks with their sentences, and the headings, blocks, leads and tags
/// taken out of the scans.
#[test]
fn a_build_links_pages_as_serve_does() {
    use pivotbook::pipeline;
    for fixture in ["site/kb", "obsidian/vault"] {
        let opts = crate::support::check_options(&crate::support::fixtures().join(fixture));
        let graph = |(prepared, _): pipeline::Outcome| prepared.expect("the config is read").0.graph;
        let kept = graph(pipeline::prepare(&opts, |_| {}).expect("the pipeline runs"));
        let once = graph(pipeline::prepare_for_build(&opts, |_| {}).expect("the pipeline runs"));
        let sentences = kept.backlinks.iter().flatten().filter(|b| !b.context.is_empty()).count();
        assert!(sentences > 0, "{fixture}: the fixture has backlinks with sentences");
        assert!(kept.headings.iter().any(|h| !h.is_empty()), "{fixture}: the fixture has headings");
        assert_eq!(format!("{once:?}"), format!("{kept:?}"), "{fixture}");
    }
}

#[test]
fn links_in_raw_html_are_checked_rewritten_and_counted() {
    let note = concat!(
        "---\ntitle: Test\n---\n",
        "Text <img src=\"pics/chart.png\" width=\"300\" alt=\"Chart\"> and <a href=\"../companies/iren.md#financing\">IREN</a>.\n",
        "\n",
        "<p align=\"center\">\n",
        "  <img alt=\"Logo\"\n",
        "       src='pics/logo.png'>\n",
        "  <img src=pics/gone.png alt=\"Gone\"> <a href=\"#top\">top</a> <a href=\"//cdn.example/x\">cdn</a>\n",
        "</p>\n",
        "\n",
        "<a href=\"core-missing.md\">x</a> <!-- <img src=\"commented.png\"> -->\n",
    );
    let mut t = SiteTest::from_str(TARGETS);
    t.write("content/notes/test.md", note);
    t.write("content/notes/pics/chart.png", "PNG");
    t.write("content/notes/pics/logo.png", "PNG");
    t.build();
    let d: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan")).collect();
    // Each broken one at its value's line and column: the missing picture
    // is a missing file, the link a broken link; the anchor, the address
    // elsewhere and the comment are not checked.
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(d[0].starts_with("content/notes/test.md:9:12 missing-file no file at `notes/pics/gone.png`"), "{d:?}");
    assert!(d[1].starts_with("content/notes/test.md:12:10 broken-link"), "{d:?}");

    let mut t = SiteTest::from_str(TARGETS);
    let note = format!("{note}\n<img src=\"pics/café.png\" alt=\"Café\">\n");
    t.write("content/notes/test.md", &note.replace("gone", "logo").replace("core-missing", "Core Scientific notes"));
    t.write("content/notes/pics/chart.png", "PNG");
    t.write("content/notes/pics/logo.png", "PNG");
    t.write("content/notes/pics/café.png", "PNG");
    t.build();
    assert!(t.errors().is_empty(), "{:?}", t.diagnostics());
    let main = t.main("notes/test/index.html");
    for want in [
        "<img src=\"/notes/pics/chart.png\" width=\"300\" alt=\"Chart\">",
        "<a href=\"/companies/iren/#financing\">IREN</a>",
        // A tag over several lines, its value single-quoted in the source
        // (the sanitiser writes it again on one line).
        "<img alt=\"Logo\" src=\"/notes/pics/logo.png\">",
        "<img src=\"/notes/pics/logo.png\" alt=\"Gone\">",
        "<a href=\"#top\">top</a>",
        "<a href=\"/notes/core-scientific-notes/\">x</a>",
        // Percent-encoded, as a markdown link's address is.
        "<img src=\"/notes/pics/caf%C3%A9.png\" alt=\"Café\">",
    ] {
        assert!(main.contains(want), "{want}\n{main}");
    }
    // The link counts: IREN's page lists the note among its backlinks, with its sentence.
    let iren = t.main("companies/iren/index.html");
    assert!(iren.contains("<a href=\"/notes/test/\">Test</a>") && iren.contains("Text and IREN."), "{iren}");
}

#[test]
fn escaped_raw_html_has_no_links() {
    let mut t = SiteTest::from_str(TARGETS);
    t.write("pivotbook.yaml", "title: T\nmarkdown:\n  raw_html: escape\n");
    t.write(
        "content/notes/test.md",
        "---\ntitle: Test\n---\nA <img src=\"gone.png\"> and <a href=\"nothing.md\">x</a>.\n",
    );
    t.build();
    assert!(t.errors().is_empty(), "{:?}", t.diagnostics());
    assert!(t.main("notes/test/index.html").contains("A &lt;img src=\"gone.png\"&gt; and"));
}

#[test]
fn a_broken_link_in_raw_html_leads_nowhere_and_a_block_of_html_gives_its_links_their_sentence() {
    let mut t = SiteTest::from_str(concat!(
        "//- pivotbook.yaml\nlinks: warn\n",
        "//- content/notes/a.md\n",
        "<div align=\"center\">\n  <a href=\"b.md\">Go to B</a> for more.\n</div>\n\n",
        "<a href=\"b.md#nosuch\" target=\"_blank\">x</a> <img src=\"gone.png\" alt=\"Gone\">\n",
        "//- content/notes/b.md\n# B\n",
    ));
    t.build();
    let d: Vec<String> = t.diagnostics().into_iter().map(|d| d.split(' ').nth(1).unwrap().to_string()).collect();
    assert_eq!(d, ["orphan-page", "missing-heading", "missing-file"], "{:?}", t.diagnostics());
    let main = t.main("notes/a/index.html");
    // The sanitiser drops `target`; the broken link keeps its text and leads nowhere.
    assert!(main.contains("<p><a>x</a> <img src=\"gone.png\" alt=\"Gone\"></p>"), "{main}");
    assert!(main.contains("<a href=\"/notes/b/\">Go to B</a>"), "{main}");
    let b = t.main("notes/b/index.html");
    assert!(b.contains("<p class=\"context\">Go to B for more.</p>"), "{b}");
}

#[test]
fn dot_and_dot_dot_name_folders_and_the_top_is_the_home_page() {
    let mut t = SiteTest::from_str(concat!(
        "//- pivotbook.yaml\nlinks: warn\n",
        "//- content/index.md\nHome [[notes/a]].\n",
        "//- content/notes/a.md\n[here](.) [up](..) [up2](../) [up3](<../>) [b](b.md)\n",
        "//- content/notes/b.md\nB.\n",
    ));
    t.build();
    assert!(t.diagnostics().is_empty(), "{:?}", t.diagnostics());
    let main = t.main("notes/a/index.html");
    for want in
        ["<a href=\"/notes/\">here</a>", "<a href=\"/\">up</a>", "<a href=\"/\">up2</a>", "<a href=\"/\">up3</a>"]
    {
        assert!(main.contains(want), "{want}\n{main}");
    }
}

#[test]
fn a_path_with_a_folder_that_misses_says_a_file_of_that_name_is_elsewhere() {
    let t = site_with("[n](<../x/Core Scientific notes.md>)\n");
    let t2 = {
        let mut t = SiteTest::from_str(TARGETS);
        t.write("content/notes/test.md", "![chart](pics/chart.png)\n");
        t.write("content/other/chart.png", "PNG");
        t.check(false);
        t
    };
    let msgs = |t: &SiteTest| -> Vec<String> {
        t.report().diagnostics.items().iter().filter(|d| d.code != "orphan-page").map(|d| d.message.clone()).collect()
    };
    assert_eq!(
        msgs(&t2),
        ["no file at `notes/pics/chart.png` in the content folder (a file named `chart.png` is elsewhere)"]
    );
    assert!(
        msgs(&t).iter().any(|m| m.contains("(a page named `Core Scientific notes` is elsewhere)")),
        "{:?}",
        msgs(&t)
    );
}

#[test]
fn bare_web_addresses_are_links_outside_links_and_code() {
    let mut t = site_with(
        "# T\n\nSee https://example.com/a_b_(c). and www.example.org, [https://x.org](https://y.org), `https://code.org`, https://x.com/#frag #tag.\n\n| col |\n| --- |\n| https://cell.org |\n\n<a href=\"https://z.org\">https://inner.org</a>\n\nSee [[iren]].\n",
    );
    t.build();
    let p = t.main("notes/test/index.html");
    for a in [
        "<a href=\"https://example.com/a_b_(c)\">https://example.com/a_b_(c)</a>. and",
        "<a href=\"http://www.example.org\">www.example.org</a>,",
        "<a href=\"https://y.org\">https://x.org</a>",
        "<code>https://code.org</code>",
        "<a href=\"https://x.com/#frag\">https://x.com/#frag</a> <a class=\"tag\"",
        "<td><a href=\"https://cell.org\">https://cell.org</a></td>",
        "<a href=\"https://z.org\">https://inner.org</a>",
    ] {
        assert!(p.contains(a), "{a} in {p}");
    }
}

#[test]
fn a_folders_readme_is_its_page_unless_an_index_is_there() {
    // GitHub shows a folder's README.md as the folder, and mdBook makes it the folder's index.html.
    let mut t = SiteTest::from_str(
        "//- content/notes/test.md\nSee [the guide](../guide/README.md), [it again](../guide/) and [api](../api/readme.md).\n//- content/guide/README.md\n# Guide\n\nStart here.\n//- content/api/index.md\n# API\n\nThe index.\n//- content/api/readme.md\n# About the API\n\nMore.\n",
    );
    t.build();
    let errors: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan-page")).collect();
    assert_eq!(errors, Vec::<String>::new());
    assert!(t.main("guide/index.html").contains("Start here."));
    assert!(t.main("api/index.html").contains("The index."));
    assert!(t.main("api/readme/index.html").contains("More."));
    let main = t.main("notes/test/index.html");
    for href in ["href=\"/guide/\">the guide", "href=\"/guide/\">it again", "href=\"/api/readme/\">api"] {
        assert!(main.contains(href), "{href}: {main}");
    }
}
