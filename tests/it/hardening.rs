//! Hostile or careless input that must give a clear error, stay bounded, or
//! publish nothing harmful (issue "Hardening"): each case failed before.

use crate::build::BASIC;
use crate::support::SiteTest;

/// BASIC with one file's text changed.
fn basic_with(rel: &str, from: &str, to: &str) -> SiteTest {
    let t = SiteTest::from_str(BASIC);
    let p = t.root().join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} lacks {from}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    t
}

#[test]
fn a_million_errors_print_a_bounded_report() {
    let t = SiteTest::from_str(BASIC);
    t.write("content/notes/brackets.md", &"[[ ".repeat(3000));
    let (code, out, err) = t.run_cli(&["check"]);
    assert_eq!(code, 1);
    // 3,000 stray `[[` and the page's orphan warning: 50 printed, the rest counted.
    let printed = err.matches("error[broken-wikilink]").count() + err.matches("warning[orphan-page]").count();
    assert_eq!(printed, 50, "at most 50 a file");
    assert!(err.contains("… and 2951 more diagnostics not shown"), "{}", &err[err.len().saturating_sub(400)..]);
    assert!(err.len() < 200_000, "{} bytes on stderr", err.len());
    // Counted in full all the same.
    assert!(err.contains("3000 errors"), "{}", &err[err.len().saturating_sub(300)..]);
    assert!(out.is_empty());
}

#[test]
fn json_output_lists_every_diagnostic() {
    // Programs read `--format json`: the cap on printed diagnostics is for people.
    let t = SiteTest::from_str(BASIC);
    t.write("content/notes/brackets.md", &"[[ ".repeat(120));
    let (code, out, err) = t.run_cli(&["check", "--format", "json"]);
    assert_eq!(code, 1);
    let lines = out.lines().filter(|l| l.contains(r#""code":"broken-wikilink""#)).count();
    assert_eq!(lines, 120, "every stray `[[` is one JSON line");
    assert!(!err.contains("not shown"), "{err}");
}

#[test]
fn control_characters_in_titles_keep_feeds_xml() {
    let mut t = basic_with(
        "content/deals/acme-loan.md",
        "title: Acme takes a US$1.5B loan",
        "title: \"Acme \\x01takes\\x1b a loan\"",
    );
    t.build();
    assert!(t.errors().is_empty(), "{:?}", t.diagnostics());
    let feed = t.page("atom.xml");
    roxmltree::Document::parse(&feed).expect("atom.xml is XML");
    assert!(feed.contains("Acme \u{fffd}takes\u{fffd} a loan"), "{feed}");
}

#[test]
fn spreadsheet_formulas_in_titles_stay_text_in_csv() {
    let mut t = basic_with(
        "content/deals/acme-loan.md",
        "title: Acme takes a US$1.5B loan",
        "title: \"=HYPERLINK(\\\"https://evil.example\\\",\\\"x\\\")\"",
    );
    t.build();
    let csv = t.page("data/deals.csv");
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(!csv.contains(",=HYPERLINK(") && !csv.contains(",\"=HYPERLINK("), "{csv}");
}

#[test]
fn negative_or_nan_megawatts_and_a_cname_on_two_lines_are_refused() {
    for mw in ["-750", ".nan", ".inf"] {
        let mut t = basic_with(
            "content/deals/acme-loan.md",
            "topics: [gpu-financing]",
            &format!("capacity: {{text: \"x\", mw: {mw}}}\ntopics: [gpu-financing]"),
        );
        t.check(false);
        assert!(
            t.errors().iter().any(|e| e == "content/deals/acme-loan.md:12 invalid-field"),
            "{mw}: {:?}",
            t.diagnostics()
        );
    }
    let mut t =
        basic_with("pivotbook.yaml", "title: Test KB", "title: Test KB\ncname: \"kb.example.com\\nevil.example.com\"");
    t.check(false);
    assert_eq!(t.errors(), ["pivotbook.yaml:0 invalid-config"]);
}

#[test]
fn a_total_that_overflows_says_so() {
    let mut t = basic_with(
        "content/deals/acme-loan.md",
        "  - {kind: term-loan, amount: \"~US$500M\"}\n",
        "  - {kind: financing, amount: \"US$9,999,999T\"}\n  - {kind: financing, amount: \"US$9,999,999T\"}\n",
    );
    t.build();
    let d = t.diagnostics().join("\n");
    assert!(d.contains("total-overflow Capital raised, closed and completed deals does not fit in 64 bits"), "{d}");
    let totals = t.page("data/totals.json");
    assert!(totals.contains(&format!("\"value\": {}", u64::MAX)), "{totals}");
}

#[test]
fn a_non_utf8_file_name_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let mut t = SiteTest::from_str(BASIC);
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff-name.png");
    std::fs::write(t.root().join("content").join(name), b"png").unwrap();
    t.check(false);
    assert!(t.errors().iter().any(|e| e.ends_with(" invalid-file-name")), "{:?}", t.diagnostics());
}

#[test]
fn a_template_cannot_ask_for_a_huge_range() {
    let mut t = SiteTest::from_str(BASIC);
    t.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}{% for i in range(end=100000000) %}{{ i }}{% endfor %}{% endblock main %}",
    );
    t.build();
    let d = t.diagnostics().join("\n");
    assert!(d.contains("`range` would give 100000000 items; at most 10000 are allowed"), "{d}");
    assert!(!t.report().written);
}

#[test]
fn nested_ranges_share_one_budget_per_render() {
    let page = |outer: u32| {
        format!(
            "{{% extends \"base.html\" %}}{{% block main %}}{{% for i in range(end={outer}) %}}{{% for j in range(end=10000) %}}.{{% endfor %}}{{% endfor %}}{{% endblock main %}}"
        )
    };
    // 9 + 9 × 10,000 = 90,009 items: within the 100,000 of one render.
    let mut t = SiteTest::from_str(BASIC);
    t.write("templates/404.html", &page(9));
    t.build();
    assert_eq!(t.report().diagnostics.error_count(), 0, "{:?}", t.diagnostics());
    // 10,000 × 10,000: refused once the budget is spent, not after 10^8 iterations.
    let mut t = SiteTest::from_str(BASIC);
    t.write("templates/404.html", &page(10000));
    t.build();
    let d = t.diagnostics().join("\n");
    assert!(d.contains("would give more than 100000 items in all"), "{d}");
    assert!(!t.report().written);
}

#[test]
fn command_line_mistakes_are_usage_errors_and_create_nothing() {
    let t = SiteTest::from_str(BASIC);
    let (code, _, err) = t.run_cli(&["build", "--base-url", "ftp://x y"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--base-url"), "{err}");
    let missing = t.root().join("no-such-site");
    let (code, _, err) = t.run_cli(&["new", "note", "Hello", "--root", missing.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(!missing.exists(), "new created the root");
}

#[test]
fn a_new_deal_does_not_pass_check_until_filled_in_and_errors_point_at_fields() {
    let t = SiteTest::from_str(BASIC);
    let (code, out, err) = t.run_cli(&["new", "deal", "Acme sells a campus"]);
    assert_eq!(code, 0, "{err}");
    let rel = out.trim().trim_start_matches("./").to_string();
    let text = std::fs::read_to_string(t.root().join(&rel)).unwrap();
    let line_of = |key: &str| text.lines().position(|l| l.starts_with(&format!("{key}:"))).unwrap() + 1;
    let (code, _, err) = t.run_cli(&["check"]);
    assert_eq!(code, 1, "{err}");
    for key in ["kinds", "parties"] {
        assert!(
            err.contains(&format!("{rel}:{}:", line_of(key))),
            "no error at `{key}` (line {}):\n{err}",
            line_of(key)
        );
    }
    let (_, out, _) = t.run_cli(&["new", "company", "Initech"]);
    let rel = out.trim().trim_start_matches("./").to_string();
    let text = std::fs::read_to_string(t.root().join(&rel)).unwrap();
    let line = text.lines().position(|l| l.starts_with("category:")).unwrap() + 1;
    let (_, _, err) = t.run_cli(&["check"]);
    assert!(err.contains(&format!("{rel}:{line}:")), "`category` is reported at its own line {line}:\n{err}");
}

#[test]
fn embeds_that_fan_out_stop_at_their_budget_with_a_located_error() {
    // a embeds b 30 times, b embeds c 30 times, c embeds d 30 times: d's 2 KB would be
    // repeated 27,000 times (54 MB) on a's page.
    let mut t = SiteTest::from_str(BASIC);
    let many = |to: &str| format!("{}\n", (0..30).map(|_| format!("![[{to}]]")).collect::<Vec<_>>().join("\n\n"));
    t.write("content/notes/a.md", &format!("# A\n\nSee [[why]].\n\n{}", many("b")));
    t.write("content/notes/b.md", &many("c"));
    t.write("content/notes/c.md", &many("d"));
    t.write("content/notes/d.md", &format!("{}\n", "Long text. ".repeat(200)));
    t.build();
    let errors: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("embeds-too-large")).collect();
    assert_eq!(errors.len(), 1, "{:?}", t.diagnostics());
    assert!(errors[0].starts_with("content/notes/c.md:"), "located at the embed that went over: {errors:?}");
    assert!(errors[0].contains("the embeds of `notes/a` add more than 4 MiB"), "{errors:?}");
    assert!(!t.report().written);
}

#[test]
fn a_wikilink_with_a_colon_names_a_page_not_a_scheme() {
    let mut t = SiteTest::from_str(BASIC);
    t.write("content/notes/Q3: Results.md", "# Q3: Results\n\nNumbers. Back to [[why]].\n");
    t.write(
        "content/notes/review.md",
        "# Review\n\nSee [[Q3: Results]] and [[notes/Q3: Results|the quarter]]. [[why]]\n",
    );
    t.build();
    assert!(t.errors().is_empty(), "{:?}", t.diagnostics());
    let review = t.main("notes/review/index.html");
    assert!(review.matches("href=\"/notes/q3-results/\"").count() == 2, "{review}");
}

#[test]
fn headings_never_take_the_pages_own_ids() {
    let mut t = SiteTest::from_str(BASIC);
    t.write(
        "content/notes/ids.md",
        "# Ids\n\n## Main\n\n## Search q\n\n## Sec facts\n\n## Main\n\nSee [[ids#Main]] and [[why]].\n",
    );
    t.build();
    assert!(t.errors().is_empty(), "{:?}", t.diagnostics());
    let page = t.page("notes/ids/index.html");
    for id in ["main", "search-q", "sec-facts", "main-1", "main-2"] {
        let count = page.matches(&format!("id=\"{id}\"")).count();
        assert!(count <= 1, "id {id} appears {count} times");
    }
    assert!(page.contains("<h2 id=\"main-1\">") && page.contains("<h2 id=\"main-2\">"), "both headings renamed");
    assert!(page.contains("href=\"/notes/ids/#main-1\""), "links follow the heading");
}

#[test]
fn a_page_whose_front_matter_fails_is_one_error_not_one_per_link() {
    let t = SiteTest::from_str(BASIC);
    let p = t.root().join("content/companies/acme.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replacen("category: miner", "category: [miner", 1)).unwrap();
    let mut t = t;
    t.check(false);
    // BASIC links Acme by its name from the home page, a deal's parties and a note: those resolve
    // to nothing without errors of their own. A link by a former name or alias, which only the
    // front matter that failed could give, is still reported.
    assert_eq!(
        t.errors(),
        ["content/companies/acme.md:8 yaml-syntax", "content/companies/globex.md:9 broken-link"],
        "{:?}",
        t.diagnostics()
    );
}

#[test]
fn years_written_as_other_numbers_and_second_documents_are_errors() {
    for date in ["1e3", "0x7EA", "+2026", "2026.0"] {
        let mut t = basic_with("content/deals/acme-loan.md", "date: 2026-06-01", &format!("date: {date}"));
        t.check(false);
        assert_eq!(t.errors(), ["content/deals/acme-loan.md:3 invalid-date"], "{date}: {:?}", t.diagnostics());
    }
    // Quoted or plain, a real date still reads.
    for date in ["2026", "\"2026-06\"", "2026-06-01"] {
        let mut t = basic_with("content/deals/acme-loan.md", "date: 2026-06-01", &format!("date: {date}"));
        t.check(false);
        assert!(t.errors().is_empty(), "{date}: {:?}", t.diagnostics());
    }
    // Front matter closed with `...`, then a second block.
    let t = SiteTest::from_str(BASIC);
    t.write("content/notes/two.md", "---\ntitle: One\n...\n\n---\ntitle: Two\n---\nBody. [[why]]\n");
    let mut t = t;
    t.check(false);
    assert_eq!(t.errors(), ["content/notes/two.md:5 second-front-matter"], "{:?}", t.diagnostics());
}

#[test]
fn html_and_svg_files_are_held_back_under_sanitize_with_a_warning() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>";
    let mut t = SiteTest::from_str(BASIC);
    t.write("content/notes/diagram.svg", svg);
    t.write("content/notes/page.html", "<script>alert(3)</script>");
    t.write("content/notes/draw.md", "# Draw\n\n![[diagram.svg|a diagram]] and [the page](page.html). [[why]]\n");
    t.build();
    assert!(t.errors().is_empty(), "a vault with such files still builds: {:?}", t.diagnostics());
    let mut held: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("held-back-file")).collect();
    held.sort();
    assert_eq!(held.len(), 2, "{held:?}");
    assert!(
        held[0].starts_with("content/notes/diagram.svg:") && held[1].starts_with("content/notes/page.html:"),
        "{held:?}"
    );
    assert!(!t.root().join("public/notes/diagram.svg").exists() && !t.root().join("public/notes/page.html").exists());
    let draw = t.main("notes/draw/index.html");
    assert!(
        !draw.contains("diagram.svg\"") && !draw.contains("page.html\""),
        "no link to a file that is not there: {draw}"
    );
    // Trusted sites may publish them as they are.
    let mut t = SiteTest::from_str(BASIC);
    t.write("pivotbook.yaml", "title: T\nmarkdown:\n  raw_html: allow\n");
    t.write("content/notes/diagram.svg", svg);
    t.write("content/notes/draw.md", "# Draw\n\n![[diagram.svg|a diagram]] [[why]]\n");
    t.build();
    assert!(t.root().join("public/notes/diagram.svg").exists(), "{:?}", t.diagnostics());
    // A plain drawing is published under sanitize too; one with a handler written `onclick =` is not.
    let mut t = SiteTest::from_str(BASIC);
    t.write(
        "content/notes/plain.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\" fill=\"red\"/><text>on time</text></svg>",
    );
    t.write("content/notes/sneaky.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect onclick =\"x()\"/></svg>");
    t.write("content/notes/draw.md", "# Draw\n\n![[plain.svg|a dot]] ![[sneaky.svg|a box]] [[why]]\n");
    t.build();
    assert!(t.root().join("public/notes/plain.svg").exists(), "{:?}", t.diagnostics());
    assert!(!t.root().join("public/notes/sneaky.svg").exists(), "{:?}", t.diagnostics());
}

#[test]
fn recursive_templates_are_errors_not_a_stack_overflow() {
    let t = SiteTest::from_str(BASIC);
    t.write("templates/loop.html", "{% macro again(n) %}{{ self::again(n=n) }}{% endmacro again %}\n");
    t.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% import \"loop.html\" as l %}{% block main %}{{ l::again(n=1) }}{% endblock main %}",
    );
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[template-recursion]: macro `again` of `loop.html` calls itself"), "{err}");
    assert!(err.contains("--> templates/loop.html:1:"), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(t.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".pivotbook"))
        .collect();
    assert!(leftovers.is_empty(), "a staging folder was left behind");
    // Templates that include each other.
    let t = SiteTest::from_str(BASIC);
    t.write("templates/a.html", "{% include \"b.html\" %}");
    t.write("templates/b.html", "{% include \"a.html\" %}");
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("template-recursion"), "{err}");
}

#[test]
fn an_svg_drawing_holding_an_svg_picture_as_a_data_url_is_published_and_one_linking_it_is_not() {
    // sourcegraph/handbook's D2 exports hold their drawing as `<image href="data:image/svg+xml;base64,…">`:
    // a browser runs no script in an image. As a link's target, it would be a document.
    let picture = "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"data:image/svg+xml;base64,PHN2Zy8+\" width=\"9\" height=\"9\"/></svg>";
    let linked = "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"data:image/svg+xml;base64,PHN2Zy8+\"><text>x</text></a></svg>";
    let mut t = SiteTest::from_str(BASIC);
    t.write("content/notes/d2.svg", picture);
    t.write("content/notes/linked.svg", linked);
    t.write("content/notes/draw.md", "# Draw\n\n![[d2.svg|a drawing]] ![[linked.svg|a link]] [[why]]\n");
    t.build();
    let held: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("held-back-file")).collect();
    assert_eq!(held.len(), 1, "{held:?}");
    assert!(held[0].starts_with("content/notes/linked.svg:"), "{held:?}");
    assert!(t.root().join("public/notes/d2.svg").exists() && !t.root().join("public/notes/linked.svg").exists());
}
