//! Obsidian's markdown as Obsidian shows it: block ids after structures,
//! task statuses, callout metadata, emoji tags, image sizes, web embeds
//! and footnotes at the end.

use super::*;
use crate::config::MarkdownConfig;
use crate::highlight::Highlighter;

fn render(body: &str) -> String {
    render_with(body, &MarkdownConfig::default())
}

fn render_with(body: &str, c: &MarkdownConfig) -> String {
    let s = scan(body, &options(c));
    let inputs = Inputs {
        links: &[],
        headings: &s.headings,
        blocks: &s.blocks,
        embeds: &|_| None,
        tag_base: "/tags/",
        encode_path: |p| crate::percent::encode_path(p),
        offset: 0,
        embedded: false,
        title_heading: false,
    };
    to_html(body, c, &inputs, &Highlighter::with_default_themes(), None).html
}

fn blocks(body: &str) -> Vec<(String, String)> {
    scan(body, &options(&MarkdownConfig::default()))
        .blocks
        .into_iter()
        .map(|b| (b.id, body[b.range].to_string()))
        .collect()
}

#[test]
fn an_id_on_its_own_line_belongs_to_the_structure_before() {
    let body = "- a\n- b\n\n^list\n\n| x |\n|---|\n| 1 |\n\n^table\n\n> quote\n\n^quote\n\n> [!info|wide] T\n> body\n\n^call\n\ntext ^para\n";
    let got = blocks(body);
    let ids: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(ids, ["list", "table", "quote", "call", "para"]);
    assert_eq!(got[0].1, "- a\n- b\n\n^list\n");
    assert!(got[3].1.starts_with("> [!info|wide] T") && got[3].1.ends_with("^call\n"), "{:?}", got[3]);
    let html = render(body);
    assert!(html.contains("<div class=\"block-id\" id=\"block-list\">\n<ul>"), "{html}");
    assert!(html.contains("<div class=\"block-id\" id=\"block-table\">\n<table>"), "{html}");
    assert!(html.contains("<blockquote id=\"block-quote\">"), "{html}");
    assert!(html.contains("<div id=\"block-call\" class=\"callout callout-info\" data-callout=\"info\" data-callout-metadata=\"wide\""), "{html}");
    assert!(html.contains("<p id=\"block-para\">text</p>"), "{html}");
    assert!(!html.contains('^'), "{html}");
    assert_eq!(html.matches("</div>").count(), 2 + 2, "{html}");
}

#[test]
fn an_id_after_an_embed_is_read() {
    assert_eq!(blocks("![[img.png]]^img\n").first().map(|b| b.0.as_str()), Some("img"));
    assert_eq!(blocks("![[img.png]] ^img\n").first().map(|b| b.0.as_str()), Some("img"));
    assert!(blocks("![[img.png]]x^img\n").is_empty());
}

#[test]
fn tasks_with_any_status() {
    let html = render("- [?] ask\n- [/] half ^h\n- [x] done\n- [ ] todo\n- [-] *gone*\n");
    assert!(
        html.contains(
            "<li class=\"task-list-item\" data-task=\"?\"><input type=\"checkbox\" disabled checked> ask</li>"
        ),
        "{html}"
    );
    assert!(html.contains("<li id=\"block-h\" class=\"task-list-item\" data-task=\"/\"><input type=\"checkbox\" disabled checked> half</li>"), "{html}");
    assert!(html.contains("data-task=\"-\"><input type=\"checkbox\" disabled checked> <em>gone</em></li>"), "{html}");
    assert!(!html.contains("[?]") && !html.contains("[-]"), "{html}");
    let html = render("- [!] #urgent call ==now==\n");
    assert!(html.contains("data-task=\"!\"><input type=\"checkbox\" disabled checked> <a class=\"tag\""), "{html}");
}

#[test]
fn image_sizes_and_web_embeds() {
    let html = render("![Engelbart|100x145](https://x.org/e.jpg) ![250](https://x.org/a/Big%20cat.png) ![plain](https://x.org/p.png)\n");
    assert!(
        html.contains(
            "<img src=\"https://x.org/e.jpg\" alt=\"Engelbart\" width=\"100\" height=\"145\" loading=\"lazy\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"https://x.org/a/Big%20cat.png\" alt=\"Big cat\" width=\"250\" loading=\"lazy\">"),
        "{html}"
    );
    assert!(html.contains("<img src=\"https://x.org/p.png\" alt=\"plain\" />"), "{html}");
    let html = render("![](https://www.youtube.com/watch?v=abc-123)\n\n![a tweet](https://x.com/u/status/1)\n");
    assert!(html.contains("<iframe src=\"https://www.youtube-nocookie.com/embed/abc-123\" title=\"YouTube video\" loading=\"lazy\" allowfullscreen></iframe><a href=\"https://www.youtube.com/watch?v=abc-123\">YouTube video</a>"), "{html}");
    assert!(html.contains("<a class=\"embed-web\" href=\"https://x.com/u/status/1\">a tweet</a>"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    let s = scan("![Chart|300](chart.png) ![300](dir/Sales%20Q1.png)", &options(&MarkdownConfig::default()));
    let alts: Vec<&str> = s.links.iter().map(|l| l.alt.as_str()).collect();
    assert_eq!(alts, ["Chart", "Sales Q1"]);
}

#[test]
fn a_tag_starting_a_block_is_linked_with_or_without_a_quote_in_the_body() {
    // Where words start is noted by the callouts pass, which a body without
    // a `>` skips only when there is no tag to link either.
    let html = render("#first of the paragraph\n\n- #item starts a list item\n");
    assert_eq!(html.matches("class=\"tag\"").count(), 2, "{html}");
    let html = render("#first of the paragraph\n\n> #quoted too\n");
    assert_eq!(html.matches("class=\"tag\"").count(), 2, "{html}");
    let html = render("> [!note] Title\n> Body\n\nno tag here\n");
    assert!(html.contains("data-callout=\"note\""), "{html}");
}

#[test]
fn emoji_and_unicode_tags() {
    let html = render("Launch #🚀 and #café and #日本語 then x#no and #1984 and `#code`\n");
    assert!(html.contains("<a class=\"tag\" href=\"/tags/%F0%9F%9A%80/\">#🚀</a>"), "{html}");
    assert!(html.contains("<a class=\"tag\" href=\"/tags/caf%C3%A9/\">#café</a>"), "{html}");
    assert!(html.contains("href=\"/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/\">#日本語</a>"), "{html}");
    assert_eq!(html.matches("class=\"tag\"").count(), 3, "{html}");
    assert!(!render("Press #\u{FE0F}\u{20E3} now\n").contains("class=\"tag\""), "the keycap emoji is no tag");
    assert!(render("#👩\u{200D}💻 at work\n").contains("href=\"/tags/%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB/\""));
    assert_eq!(tag_path("Rocket🚀/Ünï"), "rocket🚀/ünï/");
    assert_eq!(tag_path("🚀 — x"), "🚀-x/");
    // `c++`, `c#` and `c` are three tags, and no address holds a `#`.
    assert_eq!(
        [tag_path("C++"), tag_path("c#"), tag_path("c"), tag_path("F# notes")],
        ["c++/", "c-sharp/", "c/", "f-sharp-notes/"]
    );
}

#[test]
fn footnotes_go_to_the_end_in_order_of_reference() {
    let body = "[^b]: Bee, defined first.\n\nText[^a] and[^b] inline ^[Inline *note*.] again[^a] missing[^zz].\n\n[^a]: Ay.\n[^unused]: Never referenced.\n\n## Fn 1\n\nAfter.\n";
    let html = render(body);
    let section = html.find("<section class=\"footnotes\"").expect(&html);
    assert!(html[..section].contains("After."), "notes come last: {html}");
    assert!(html.contains("Text<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1\" aria-label=\"Footnote 1\">1</a></sup>"), "{html}");
    assert!(html.contains("and<sup class=\"footnote-reference\"><a href=\"#fn-2\" id=\"fnref-2\""), "{html}");
    assert!(html.contains("inline <sup class=\"footnote-reference\"><a href=\"#fn-3\" id=\"fnref-3\""), "{html}");
    assert!(html.contains("again<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1-2\""), "{html}");
    assert!(html.contains("missing[^zz]."), "an undefined reference stays text: {html}");
    let notes = &html[section..];
    let order: Vec<usize> =
        ["Ay.", "Bee,", "Inline <em>note</em>.", "Never referenced."].iter().map(|t| notes.find(t).expect(t)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{notes}");
    assert!(notes.contains("<li id=\"fn-1\">\n<p>Ay. <a href=\"#fnref-1\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> <a href=\"#fnref-1-2\""), "{notes}");
    assert!(notes.contains("<li id=\"fn-4\">"), "{notes}");
    assert!(html.contains("id=\"fn-1-1\""), "a heading does not take a footnote's id: {html}");
    assert!(!html.contains("footnote-definition"), "{html}");
    // An unclosed inline footnote stays text.
    assert!(render("a ^[open\n\nb]\n").contains("<p>a ^[open</p>"));
}

#[test]
fn an_id_in_a_callouts_first_paragraph_names_the_callout() {
    let got = blocks("> [!info] Title ^t1\n\n> [!info] Title\n> body ^t2\n");
    assert_eq!(got[0], ("t1".to_string(), "> [!info] Title ^t1\n".to_string()));
    assert_eq!(got[1], ("t2".to_string(), "> [!info] Title\n> body ^t2\n".to_string()));
    let html = render("> [!info] Title ^t1\n");
    assert!(html.starts_with("<div id=\"block-t1\" class=\"callout callout-info\""), "{html}");
    assert!(html.contains("<span class=\"callout-title-text\">Title</span>") && !html.contains('^'), "{html}");
    let html = render("> [!info] Title\n> body ^t2\n");
    assert!(html.contains("<p id=\"block-t2\">body</p>"), "{html}");
    // Not a paragraph of one line: the `^` is text, as in the scan.
    let html = render("> [!info] Title ^x\n> more\n");
    assert!(html.contains("Title ^x"), "{html}");
    assert!(blocks("> [!info] Title ^x\n> more\n").is_empty());
}

#[test]
fn quotes_nested_on_one_line_find_the_innermost_callout_and_each_lines_end() {
    // The quotes of one line share its end; the next line's quote finds its own.
    let html = render("> > [!info] Inner ^t3\n\n> [!tip] Next ^t4\n\n> plain\r\n> [!note] lazy\n");
    assert!(html.contains("<blockquote>\n<div id=\"block-t3\" class=\"callout callout-info\""), "{html}");
    assert!(html.contains("<div id=\"block-t4\" class=\"callout callout-tip\""), "{html}");
    assert!(html.contains("<span class=\"callout-title-text\">Next</span>"), "{html}");
    assert!(!html.contains("callout-note"), "not a quote's first line: {html}");
    // A thousand levels on one line render as a thousand quotes.
    let deep = render(&format!("{} x\n", ">".repeat(1000)));
    assert_eq!(deep.matches("<blockquote>").count(), 1000);
    assert_eq!(deep.matches("</blockquote>").count(), 1000);
}

#[test]
fn random_mixes_of_the_new_syntax_never_panic() {
    const PIECES: &[&str] = &[
        "> ",
        "[!info|x] ",
        "^id",
        "\n",
        "\n\n",
        "- [?] ",
        "1. [>] ",
        "^[",
        "]",
        "[^a]",
        "[^a]: ",
        "x",
        " ",
        "![250](https://youtu.be/x)",
        "![a|1x2](p.png)",
        "![[a.png]]",
        "## ",
        "`",
        "$x$",
        "#🚀",
        "| a |\n|---|\n",
        "   ",
        "```\n",
        "%%",
        "==",
        "&amp;",
        "<b>",
        "*",
        "[",
        "^",
        "\t",
        "é",
        // Raw HTML with links, over lines and before a character (`<é` once panicked).
        "<a href=\"b.md\">",
        "<img src=",
        "x.png>",
        "<",
        "![](n.md)",
        "[[",
        "]]",
        "$$",
        // Inline tags that would swallow the page, and bare addresses.
        "<script>",
        "</script>",
        "<title>",
        "<iframe src=x />",
        "https://e.org/_a",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut agree, mut disagree) = (0usize, Vec::new());
    for _ in 0..3000 {
        let len = (next() % 24) as usize;
        let body: String = (0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        let html = render(&body);
        let s = scan(&body, &options(&MarkdownConfig::default()));
        for b in &s.blocks {
            assert!(body.get(b.range.clone()).is_some(), "{body:?}: {b:?}");
        }
        assert!(html.matches("<section").count() <= 1, "{body:?}");
        let mut scanned: Vec<String> = s.blocks.iter().map(|b| block_anchor(&b.id)).collect();
        let mut rendered: Vec<String> = html
            .match_indices("id=\"block-")
            .map(|(i, _)| html[i + 4..].split('"').next().unwrap_or("").to_string())
            .collect();
        scanned.sort();
        rendered.sort();
        agree += usize::from(scanned == rendered);
        disagree.extend((scanned != rendered).then(|| format!("{body:?}: scan {scanned:?}, html {rendered:?}")));
        for tag in ["div", "blockquote", "li", "details"] {
            let (open, close) = (html.matches(&format!("<{tag}")).count(), html.matches(&format!("</{tag}>")).count());
            assert_eq!(open, close, "{tag} in {body:?}:\n{html}");
        }
    }
    // The scan and the renderer agree on every block id.
    assert!(disagree.is_empty(), "{agree} agree; {disagree:#?}");
}

#[test]
fn a_heading_ending_with_a_block_id_is_named_by_it_and_shows_no_caret() {
    let body = "## Higher Categories ^f2a96d\n\nText.\n\n# Code `x ^no`\n\n## *Stressed* ^s1\n\n# ^Hj2ACoqk\n";
    let s = scan(body, &options(&MarkdownConfig::default()));
    let ids: Vec<(&str, bool)> = s.blocks.iter().map(|b| (b.id.as_str(), b.heading)).collect();
    assert_eq!(ids, [("f2a96d", true), ("s1", true)]);
    assert_eq!(&body[s.blocks[0].range.clone()], "## Higher Categories ^f2a96d\n");
    let texts: Vec<(&str, &str)> = s.headings.iter().map(|h| (h.text.as_str(), h.id.as_str())).collect();
    assert_eq!(
        texts,
        [
            ("Higher Categories", "higher-categories"),
            ("Code x ^no", "code-x-no"),
            ("Stressed", "stressed"),
            ("^Hj2ACoqk", "hj2acoqk")
        ]
    );
    let html = render(body);
    assert!(
        html.contains("<h2 id=\"higher-categories\"><span id=\"block-f2a96d\"></span>Higher Categories<a class"),
        "{html}"
    );
    assert!(html.contains("<span id=\"block-s1\"></span><em>Stressed</em><a class"), "{html}");
    assert!(html.contains("<code>x ^no</code>") && !html.contains("block-no"), "{html}");
}

#[test]
fn an_id_may_follow_an_image_or_a_formula_without_a_space_but_not_end_inline_code() {
    let c = MarkdownConfig { math: true, ..MarkdownConfig::default() };
    let body = "Line $$x$$^m1\n\nShown ![plot](https://example.org/p.png)^i1\n\nIn `code ^c1`\n\nword^w1\n";
    let s = scan(body, &options(&c));
    let ids: Vec<&str> = s.blocks.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["m1", "i1"]);
}

#[test]
fn a_loose_items_last_paragraph_keeps_its_id_to_itself() {
    // The item ends where its paragraph does: one element gets the id.
    for body in ["- x\n\n  para ^id\n- y\n", "1. x\n\n    para ^id"] {
        let html = render(body);
        assert_eq!(html.matches("id=\"block-id\"").count(), 1, "{html}");
        assert!(html.contains("<p id=\"block-id\">para</p>"), "{html}");
    }
}

#[test]
fn a_wikilink_or_embed_over_a_line_break_is_text() {
    // WngWai/obsidian_quartz: numpy's output of a matrix, outside a code block.
    let body = "Output:\n[[ 1  2  3]\n [ 4  5  6]] and ![[a\nb.png]] but [[Real]].\n";
    let s = scan(body, &options(&MarkdownConfig::default()));
    let targets: Vec<&str> = s.links.iter().map(|l| l.target.as_str()).collect();
    assert_eq!(targets, ["Real"]);
    // Each `[[` that starts no link is reported, the two over line breaks among them.
    assert_eq!(s.stray, [8, 38]);
    let html = render(body);
    assert!(html.contains("<p>Output:\n[[ 1  2  3]\n [ 4  5  6]] and ![[a\nb.png]] but"), "{html}");
}

#[test]
fn a_wikilink_holding_a_bracket_is_text_and_no_stray() {
    // luweiagi/machine-learning-notes: `[[1, 2], [3, 4]]`, a nested list, in prose; no note's name holds a bracket.
    let body = "The matrix is [[1, 2], [3, 4]] and ![[a]b]] in Python, but [[Real]] and [[x]]].\n";
    let s = scan(body, &options(&MarkdownConfig::default()));
    let targets: Vec<&str> = s.links.iter().map(|l| l.target.as_str()).collect();
    assert_eq!(targets, ["Real", "x"]);
    assert_eq!(s.stray, Vec::<usize>::new());
    assert!(render(body).contains("<p>The matrix is [[1, 2], [3, 4]] and ![[a]b]] in Python"), "{}", render(body));
}

#[test]
fn an_id_on_its_own_line_after_a_formula_names_the_formula() {
    // LesleyLai/digital-garden embeds `![[limit definition of e#^b18ef4]]`, an id written after `$$…$$`.
    let body = "Intro.\n\n$$\ne = 1\n$$\n\n^b18ef4\n\nAfter.\n\n$$x$$ ^inline\n";
    let got = blocks(body);
    assert_eq!(got[0], ("b18ef4".to_string(), "$$\ne = 1\n$$\n\n^b18ef4\n".to_string()));
    assert_eq!(got[1].0, "inline");
    let html = render_with(body, &MarkdownConfig { math: true, ..MarkdownConfig::default() });
    assert!(html.contains("<div class=\"block-id\" id=\"block-b18ef4\">\n<p><math display=\"block\">"), "{html}");
    assert!(html.contains("</math></p>\n</div>\n<p>After.</p>"), "{html}");
    assert!(!html.contains("^b18ef4") && html.matches("block-b18ef4").count() == 1, "{html}");
}

#[test]
fn a_links_sentence_has_no_callout_marker_or_block_id() {
    // JuanBiancuzzo/Facultad-Apuntes: backlinks read "[!theorem]+ Theorem 5.2 … ^thm-1".
    let body = "> [!theorem]+ Theorem 5.2\n> Every variable has a [[B|distribution]] ^thm-1\n\nSee [[C]]. ^c1\n";
    let s = scan(body, &options(&MarkdownConfig::default()));
    let sentences: Vec<String> = s.links.iter().map(|l| context::context_text(&l.context)).collect();
    assert_eq!(sentences, ["Theorem 5.2 Every variable has a distribution", "See C."]);
}

#[test]
fn a_links_text_is_no_block_id() {
    // yshalsager/digital-garden writes `[[note#^id|^id]]`, which gave its paragraph that id too.
    assert_eq!(
        blocks("See [[other#^abc|^abc]]\n\nAfter [[x]] ^real\n"),
        [("real".to_string(), "After [[x]] ^real\n".to_string())]
    );
    assert!(!render("See [[other#^abc|^abc]]\n").contains("id=\"block-abc\""));
}

#[test]
fn a_comment_nothing_closes_hides_the_rest_and_is_noted() {
    // Obsidian hides what follows a `%%` that nothing closes; the scan notes where it opens.
    let body = "In printf, write %% to print a percent sign.\n\nSecond paragraph.\n";
    let s = scan(body, &options(&MarkdownConfig::default()));
    assert_eq!(s.unclosed_comment, Some(17));
    assert_eq!(render(body), "<p>In printf, write</p>\n");
    for closed in ["a %%x%% b\n", "`%%` in code\n", "a \\%\\% b\n", "ends hiding nothing %%\n\n"] {
        assert_eq!(scan(closed, &options(&MarkdownConfig::default())).unclosed_comment, None, "{closed}");
    }
}

#[test]
fn display_math_over_several_lines_is_one_formula() {
    // luweiagi/machine-learning-notes and phys-sim-book: `$$` blocks whose lines started with
    // `=` or `- `, or held a blank line, became headings, lists and separate paragraphs.
    let math = MarkdownConfig { math: true, ..MarkdownConfig::default() };
    let body = "Text\n$$\na\n=\n- b\n\nc\n$$\nAfter.\n\n> [!note]\n> $$\n> x\n> = y\n> $$\n\n```math\nz\n```\n";
    let html = render_with(body, &math);
    assert_eq!(html.matches("<math display=\"block\">").count(), 2, "{html}");
    assert!(!html.contains("<h1") && !html.contains("<ul>") && !html.contains("$$"), "{html}");
    assert!(html.contains("<p>Text</p>") && html.contains("<p>After.</p>"), "{html}");
    // A formula with a problem is reported where its `$$` is.
    let s = scan("One\n\n$$\n\\frac{a\n\n$$\n", &options(&math));
    assert_eq!(s.bad_math.iter().map(|(r, _)| r.start).collect::<Vec<_>>(), [5]);
    // A `math` fence is code, as Obsidian shows it; with math off `$$` is money.
    assert!(html.contains("<code class=\"language-math\">z"), "{html}");
    let html = render(body);
    assert!(html.contains("$$") && !html.contains("<math"), "{html}");
}
