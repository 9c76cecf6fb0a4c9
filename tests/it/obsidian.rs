//! Obsidian vaults and GitHub-flavoured notes: the fixture vault in
//! `tests/fixtures/obsidian/vault` built and asserted on its HTML, and the
//! strictness of links (`links: warn`, ambiguity, unpublished notes).

use crate::support::{prose_links, SiteTest};

fn vault() -> SiteTest {
    let mut t = SiteTest::from_fixture("obsidian/vault");
    t.build();
    assert_eq!(t.errors(), Vec::<String>::new(), "{:?}", t.diagnostics());
    t
}

/// The `href`s of the links of a page's body, in order.
fn hrefs(html: &str) -> Vec<String> {
    prose_links(html).into_iter().map(|(_, href)| href).collect()
}

#[test]
fn wikilinks_resolve_like_obsidian() {
    let t = vault();
    let main = t.main("linking/index.html");
    assert_eq!(
        hrefs(&main),
        vec![
            "/targets/physics-note/",
            "/targets/physics-note/",
            "/targets/physics-note/",
            "/targets/physics-note/",
            "/targets/physics-note/",
            "/targets/physics-note/#laws-of-motion",
            "/targets/physics-note/#first-law-1",
            "/targets/physics-note/#q-a-b",
            "/targets/physics-note/#block-laws-para",
            "/targets/physics-note/#block-item-one",
            "/linking/#linking",
            "/%C3%BCn%C3%AFcode-n%C3%B6te/",
            "/%C3%BCn%C3%AFcode-n%C3%B6te/",
            "/folder-a/same-name/",
            "/attachments/paper.pdf",
            "/attachments/diagram.png",
        ]
    );
    assert!(main.contains(">the physics</a>"), "display text");
    assert!(main.contains(">Physics Note › Laws of motion</a>"), "heading links read as title › heading: {main}");
    let target = t.main("targets/physics-note/index.html");
    assert!(target.contains("<p id=\"block-laws-para\">Newton's laws.</p>"), "{target}");
    assert!(target.contains("<li id=\"block-item-one\">first item</li>"), "{target}");
    assert!(!target.contains("^laws-para"));
    assert!(t.root().join("public/attachments/paper.pdf").is_file());
}

#[test]
fn callouts_and_alerts_become_accessible_markup() {
    let t = vault();
    let main = t.main("callouts/index.html");
    let doc = scraper::Html::parse_fragment(&main);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let callouts: Vec<(String, String, String)> = doc
        .select(&sel(".callout"))
        .map(|c| {
            let title = c.select(&sel(".callout-title-text")).next().map(|t| t.inner_html()).unwrap_or_default();
            (c.value().name().to_string(), c.value().attr("class").unwrap_or("").to_string(), title)
        })
        .collect();
    let want = [
        ("div", "callout callout-note", "Note"),
        ("div", "callout callout-tip", "Custom <em>title</em>"),
        ("details", "callout callout-question", "Folded question"),
        ("details", "callout callout-warning", "Open warning"),
        ("div", "callout callout-danger", "Nested"),
        ("div", "callout callout-note", "Note"),
        ("div", "callout callout-warning", "Caution"),
        ("div", "callout callout-note", "Unknown type"),
        ("div", "callout callout-info", "See <a href=\"/linking/\">Linking</a> first"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(callouts, want);
    assert!(main.contains("<details class=\"callout callout-question\" data-callout=\"faq\">\n<summary"), "folded");
    assert!(main.contains("data-callout=\"warning\" open>"), "open");
    assert!(main.contains("role=\"note\""));
    assert_eq!(doc.select(&sel("details .callout-content .callout-danger")).count(), 1, "nested");
    assert!(main.contains("<blockquote>\n<p>A plain quote, not a callout.</p>\n</blockquote>"));
    assert!(!main.contains("[!"), "markers are not shown");
}

#[test]
fn highlights_comments_footnotes_tasks_tables() {
    let t = vault();
    let main = t.main("formatting/index.html");
    assert!(main.contains("<mark>highlighted text</mark>"), "{main}");
    assert!(main.contains("<mark><strong>bold mark</strong></mark>"), "{main}");
    assert!(main.contains("not == spaced == or a==b."), "{main}");
    assert!(!main.contains("hidden") && !main.contains("No Such Note"), "comments never reach the output");
    assert!(main.contains("<code>code with %%percent%% and ==equals==</code>"));
    assert!(main.contains("<del>struck</del>"));
    assert!(main.contains("class=\"footnote-reference\"") && main.contains("The footnote text."));
    assert!(main.contains("type=\"checkbox\" checked"), "{main}");
    assert!(main.contains("<th style=\"text-align: center\">Centre</th>"));
    assert!(main.contains("<td style=\"text-align: right\">c</td>"));
    assert!(main.contains("<a class=\"tag\" href=\"/tags/project/alpha/\">#project/alpha</a>"), "{main}");
    assert!(main.contains("not#this") && main.contains("<code>#code</code>") && main.contains("#1984"));
    assert!(main.contains("<a href=\"https://example.com/#frag\">#inlink</a>"));
}

#[test]
fn embeds_transclude_notes_and_show_files() {
    let t = vault();
    let main = t.main("embeds/index.html");
    let doc = scraper::Html::parse_fragment(&main);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let notes: Vec<_> = doc.select(&sel("div.embed-note")).collect();
    assert_eq!(notes.len(), 3);
    assert!(notes[0].inner_html().contains("A different first law."), "whole note");
    let section = notes[1].inner_html();
    assert!(section.contains("<h2>Laws of motion</h2>") && section.contains("F = ma."), "{section}");
    assert!(!section.contains("Q: A"), "a section stops at the next heading of its level");
    assert!(notes[2].inner_html().contains("<p>Newton's laws.</p>") && !notes[2].inner_html().contains("F = ma"));
    assert!(!main.contains("<p><div"), "block embeds are not inside paragraphs");
    assert_eq!(doc.select(&sel("div.embed-note [id]")).count(), 0, "no duplicate ids from embedded notes");
    assert!(notes[0].inner_html().contains("<sup class=\"footnote-reference\">[src]</sup>"), "footnotes without ids");
    assert!(main.contains("<img src=\"/attachments/diagram.png\" alt=\"\" width=\"300\" loading=\"lazy\">"));
    assert!(main.contains("width=\"300\" height=\"200\""));
    assert!(main.contains("alt=\"A one-pixel diagram\""));
    assert!(main
        .contains("<audio class=\"embed-audio\" controls preload=\"metadata\" src=\"/attachments/voice%20memo.mp3\">"));
    assert!(main.contains("<video class=\"embed-video\" controls"));
    assert!(main.contains("<object class=\"embed-pdf\" data=\"/attachments/paper.pdf\" type=\"application/pdf\">"));
    assert!(main.contains("<p>Inline <img src=\"/attachments/diagram.png\" alt=\"An inline diagram\""));
    let warnings: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan-page")).collect();
    assert_eq!(
        warnings,
        vec![
            "content/Cycle A.md:3:1 embed-cycle embedding `Cycle B` here makes a cycle: it embeds this note again",
            "content/Cycle B.md:3:1 embed-cycle embedding `Cycle A` here makes a cycle: it embeds this note again",
            "content/Embeds.md:9:1 missing-alt image `attachments/diagram.png` has no alt text",
            "content/Embeds.md:11:1 missing-alt image `attachments/diagram.png` has no alt text",
        ]
    );
    let cycle = t.main("cycle-a/index.html");
    assert!(
        cycle.contains("<p>B embeds A:</p>\n<p><a class=\"embed-link\" href=\"/cycle-a/\">Cycle A</a></p>"),
        "{cycle}"
    );
}

const TWO_NAMES: &str = r#"
//- content/a/b/Same.md
Nested Same.
//- content/deep/Same.md
Deep Same.
//- content/deep/From.md
Links: [[Same]], [[Not yet written]], [[Plan]], [[Same#Nowhere]].
//- content/Plan.md
---
publish: false
---
Not ready.
"#;

#[test]
fn broken_ambiguous_and_unpublished_links_are_errors_by_default() {
    let mut t = SiteTest::from_str(TWO_NAMES);
    t.check(false);
    let d: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan")).collect();
    assert_eq!(
        d,
        vec![
            "content/deep/From.md:1:8 ambiguous-link `Same` matches 2 pages: `a/b/Same`, `deep/Same`",
            "content/deep/From.md:1:18 broken-link no page is named `Not yet written`",
            "content/deep/From.md:1:39 unpublished-link `Plan` is not published: `Plan` is a draft or has `publish: false`",
            "content/deep/From.md:1:49 ambiguous-link `Same` matches 2 pages: `a/b/Same`, `deep/Same`",
        ]
    );
    // The hint's example is one of the pages the name matches.
    let help = t.report().diagnostics.items().iter().find(|d| d.code == "ambiguous-link").and_then(|d| d.help.clone());
    assert_eq!(help.as_deref(), Some("write the page's path, e.g. [[a/b/Same]]"));
    assert!(t.report().failed(false));
}

#[test]
fn links_warn_downgrades_and_picks_the_note_obsidian_opens() {
    let mut t = SiteTest::from_str(TWO_NAMES);
    t.write("pivotbook.yaml", "links: warn\n");
    t.build();
    assert!(t.report().written, "{:?}", t.diagnostics());
    let severities: Vec<_> = t.report().diagnostics.items().iter().map(|d| d.severity).collect();
    assert!(severities.iter().all(|s| *s == pivotbook::diag::Severity::Warning));
    let main = t.main("deep/from/index.html");
    assert!(main.contains("<a href=\"/deep/same/\">Same</a>"), "the shortest path wins: {main}");
    assert!(main.contains("<span class=\"broken-link\">Not yet written</span>"), "{main}");
    assert!(main.contains("<span class=\"broken-link\">Plan</span>"), "{main}");
    let d = t.diagnostics();
    assert!(d.iter().any(|d| d.contains("missing-heading `deep/Same` has no heading `Nowhere`")), "{d:?}");
    assert!(d.iter().any(|d| d.contains("ambiguous-link `Same` matches 2 pages")), "{d:?}");
}

#[test]
fn tags_pages_list_front_matter_and_inline_tags_nested() {
    let t = vault();
    let index = t.main("tags/index.html");
    let doc = scraper::Html::parse_fragment(&index);
    let sel = scraper::Selector::parse(".tag-index a").unwrap();
    let tags: Vec<(String, String)> = doc
        .select(&sel)
        .map(|a| (a.text().collect::<String>(), a.value().attr("href").unwrap_or("").to_string()))
        .collect();
    let want = [
        ("#project", "/tags/project/"),
        ("#project/alpha", "/tags/project/alpha/"),
        ("#project/beta", "/tags/project/beta/"),
        ("#Reading", "/tags/reading/"),
        ("#status", "/tags/status/"),
    ];
    assert_eq!(tags, want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>());
    let project = t.main("tags/project/index.html");
    assert!(project.contains("href=\"/tags/project/alpha/\">#project/alpha</a> <span class=\"count\">2 pages</span>"));
    assert!(
        project.contains("<a href=\"/formatting/\">Formatting</a>")
            && project.contains("<a href=\"/tagged/\">Tagged</a>")
    );
    let alpha = t.main("tags/project/alpha/index.html");
    assert!(alpha.contains("Part of <a class=\"tag\" href=\"/tags/project/\">#project</a>"), "{alpha}");
    assert!(alpha.contains("/tagged/"), "inline #Project/Alpha is the same tag as #project/alpha");
    let status = t.main("tags/status/index.html");
    assert!(status.contains("<a href=\"/\">My vault</a>"), "the home note's inline tag: {status}");
    let tagged = t.page("tagged/index.html");
    assert!(tagged.contains(
        "<li><a href=\"/tags/project/beta/\">project/beta</a></li><li><a href=\"/tags/reading/\">Reading</a></li>"
    ));
}

#[test]
fn a_vault_builds_with_folder_pages_home_note_and_css_classes() {
    let t = vault();
    let home = t.main("index.html");
    assert!(home.contains("<h1>My vault</h1>"), "the vault's index note is the home page");
    assert!(home.contains("<a href=\"/linking/\">Linking</a>"));
    assert!(
        home.contains("<a href=\"/targets/\">Targets</a>")
            && home.contains("<a href=\"/ünïcode-nöte/\">Ünïcode Nöte</a>")
    );
    assert!(!home.contains("In this knowledge base"), "no empty company and deal counts in a vault");
    let targets = t.main("targets/index.html");
    assert!(
        targets.contains("<a href=\"/targets/deeper/\">Deeper</a>")
            && targets.contains("<a href=\"/targets/physics-note/\">Physics Note</a>")
    );
    let deeper = t.page("targets/deeper/index.html");
    assert!(deeper.contains("<a href=\"/targets/\">Targets</a>"), "breadcrumbs climb the folders");
    assert!(deeper.contains("<a href=\"/targets/deeper/leaf/\">Leaf</a>"));
    let leaf = t.page("targets/deeper/leaf/index.html");
    assert!(leaf.contains("<li><a href=\"/targets/deeper/\">Deeper</a></li>"), "{leaf}");
    assert!(leaf.contains("<a href=\"/\">home</a>"), "[[index]] is the home page");
    assert!(t.page("tagged/index.html").contains("<body class=\"kind-note wide cards\">"));
    assert!(!t.root().join("public/draft-plan").exists(), "publish: false is left out");
    let all = crate::support::tree(&t.root().join("public"));
    assert!(all.iter().all(|(_, bytes)| !String::from_utf8_lossy(bytes).contains("Not ready for the world")));
}

#[test]
fn the_vault_has_no_broken_references() {
    let t = vault();
    let broken = crate::crawl::broken_references(&t.root().join("public"), "/", "");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn content_flag_builds_any_folder_as_a_vault() {
    let t = SiteTest::from_fixture("obsidian/vault");
    std::fs::rename(t.root().join("content"), t.root().join("My Vault")).unwrap();
    let (code, _, stderr) = t.run_cli(&["build", "--content", "My Vault"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(t.page("targets/physics-note/index.html").contains("Newton's laws."));
    t.write("pivotbook.yaml", "content: My Vault\n");
    std::fs::remove_dir_all(t.root().join("public")).unwrap();
    let (code, _, stderr) = t.run_cli(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(t.page("index.html").contains("My vault"));
}

#[test]
fn mermaid_blocks_load_mermaid_only_where_needed() {
    let t = vault();
    let page = t.page("diagrams/index.html");
    assert!(
        page.contains("<pre class=\"mermaid\">graph TD\n  A[Start] --&gt; B{Is it &lt;ok&gt;?}\n"),
        "readable without JS"
    );
    assert!(page.contains("<script src=\"/vendor/mermaid.min.js\" defer></script>"));
    assert!(page.contains("<script src=\"/mermaid-init.js\" defer></script>"));
    assert!(page.contains("Money stays text: $5 and $6."), "math is off by default");
    assert!(!t.page("linking/index.html").contains("mermaid"), "no mermaid script on pages without a diagram");
    let js = std::fs::read(t.root().join("public/vendor/mermaid.min.js")).unwrap();
    assert!(js.len() > 1_000_000 && t.root().join("public/vendor/mermaid.LICENSE").is_file());
    let mut plain = SiteTest::from_str("//- content/a.md\nNo diagram.\n");
    plain.build();
    assert!(!plain.root().join("public/vendor/mermaid.min.js").exists(), "mermaid is written only when used");
}

#[test]
fn math_becomes_mathml_when_turned_on() {
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nmarkdown:\n  math: true\n//- content/m.md\nEnergy $E = mc^2$ and\n\n$$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$\n\nBad $\\frac{1}$.\n",
    );
    t.build();
    let main = t.main("m/index.html");
    assert!(main.contains("<math"), "{main}");
    assert!(main.contains("<msup>"), "{main}");
    assert!(main.contains("display=\"block\""), "{main}");
    assert!(main.contains("E = mc^2</annotation>"), "the source stays as an annotation: {main}");
    assert!(!main.contains("$E"), "{main}");
    let d: Vec<String> = t.diagnostics().into_iter().filter(|d| !d.contains("orphan")).collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].starts_with("content/m.md:5:5 invalid-math this formula does not parse"), "{d:?}");
    // The theme's own: pivotbook.js (which loads the link previews on use) and the small link graph's.
    assert_eq!(t.page("m/index.html").matches("<script").count(), 2, "no script for math, only the theme's own");
}
