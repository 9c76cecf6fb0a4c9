use super::*;
use crate::config::{MarkdownConfig, RawHtml};
use crate::highlight::Highlighter;

/// A path encoder as `render` gives one (spaces and `%` encoded).
fn encode(p: &str) -> String {
    p.replace('%', "%25").replace(' ', "%20")
}

fn cfg() -> MarkdownConfig {
    MarkdownConfig::default()
}

fn render_with(body: &str, c: &MarkdownConfig, links: &[LinkTarget]) -> Rendered {
    let s = scan(body, &options(c));
    let inputs = Inputs {
        links,
        headings: &s.headings,
        blocks: &s.blocks,
        embeds: &|_| None,
        tag_base: "/tags/",
        encode_path: encode,
        offset: 0,
        embedded: false,
        title_heading: false,
    };
    to_html(body, c, &inputs, &Highlighter::with_default_themes(), None)
}

fn html(body: &str, links: &[LinkTarget]) -> String {
    render_with(body, &cfg(), links).html
}

#[test]
fn scan_finds_links_with_context() {
    let body = "Intro. IREN signed with [[microsoft|Microsoft]] in 2025. Next one.\n\nSee [deal](../deals/x.md#terms) and [web](https://example.com).\n";
    let s = scan(body, &options(&cfg()));
    let got: Vec<(LinkForm, &str, &str)> =
        s.links.iter().map(|l| (l.form, l.target.as_str(), l.context.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (LinkForm::Wiki, "microsoft", "IREN signed with Microsoft in 2025."),
            (LinkForm::Markdown, "../deals/x.md#terms", "See deal and web."),
        ]
    );
    assert_eq!(&body[s.links[0].range.clone()], "[[microsoft|Microsoft]]");
}

#[test]
fn long_context_is_cut_to_200_chars() {
    let long = "word ".repeat(100);
    let body = format!("{long}[[x]] {long}");
    let s = scan(&body, &options(&cfg()));
    let c = &context::context_text(&s.links[0].context);
    assert!(c.chars().count() <= 202, "{}", c.len());
    assert!(c.starts_with('…') && c.ends_with('…'));
}

#[test]
fn headings_get_unique_ids() {
    let s = scan("# Title\n## Financing\n## Financing\n### Risks {#risk}\n", &options(&cfg()));
    let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["title", "financing", "financing-1", "risk"]);
    // A number is taken only where it is free, as GitHub numbers them: the
    // third `Example` cannot be `example-1`, which the first heading has,
    // nor `risk`, which an id written out has.
    let s = scan("## Example 1\n## Example\n## Example\n## A {#risk}\n## Risk\n", &options(&cfg()));
    let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["example-1", "example", "example-2", "risk", "risk-1"]);
    // The theme's ids are taken; a number after one is free even where it
    // looks like a footnote's (`fn-1-1`), so the numbering ends.
    let s = scan("## Main\n## Main\n## Fn 1\n## Fn 1\n", &options(&cfg()));
    let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["main-1", "main-2", "fn-1-1", "fn-1-2"]);
}

#[test]
fn every_amount_form_renders_unchanged() {
    for amount in [
        "US$3.65B",
        "$550 million",
        "A$1.2bn",
        "C$3.5B",
        "CAD 3.5B",
        "€500M",
        "~US$130M",
        "up to $1.4B",
        "at least US$3B",
        "undisclosed",
        "$1.5M per MW per year",
        "$5 and $6",
    ] {
        let out = html(&format!("IREN raised {amount} in total."), &[]);
        assert_eq!(out, format!("<p>IREN raised {amount} in total.</p>\n"), "{amount}");
    }
}

#[test]
fn links_are_rewritten_or_shown_broken() {
    let body = "A [[iren]] and [[nope]].";
    let links = [
        LinkTarget { offset: 2, href: Some("/companies/iren/".into()), text: None },
        LinkTarget { offset: 15, href: None, text: None },
    ];
    assert_eq!(
        html(body, &links),
        "<p>A <a href=\"/companies/iren/\">iren</a> and <span class=\"broken-link\">nope</span>.</p>\n"
    );
}

#[test]
fn headings_have_anchors_and_toc() {
    let r = render_with("## Why it matters\ntext\n", &cfg(), &[]);
    assert_eq!(
        r.html,
        "<h2 id=\"why-it-matters\">Why it matters<a class=\"anchor\" href=\"#why-it-matters\" aria-label=\"Link to this section\">#</a></h2>\n<p>text</p>\n"
    );
    assert_eq!(r.toc, vec![TocEntry { level: 2, id: "why-it-matters".into(), text: "Why it matters".into() }]);
}

#[test]
fn code_is_highlighted_with_classes() {
    let out = html("```rust\nlet x = 1;\n```\n", &[]);
    assert!(out.starts_with("<pre class=\"code\"><code class=\"language-rust\"><span class=\"hl-"), "{out}");
    assert!(!out.contains("style="));
    let plain = html("```\n<b>\n```\n", &[]);
    assert_eq!(plain, "<pre class=\"code\"><code>&lt;b&gt;\n</code></pre>\n");
}

#[test]
fn raw_html_is_sanitized_by_default() {
    let out = html(
        "Hi <script>alert(1)</script> <img src=x onerror=alert(1) alt=\"a\"> <a href=\"javascript:alert(1)\">x</a>\n",
        &[],
    );
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("onerror"), "{out}");
    assert!(!out.contains("javascript:"), "{out}");
    let mut c = cfg();
    c.raw_html = RawHtml::Escape;
    let out = render_with("a <b>x</b>\n", &c, &[]).html;
    assert_eq!(out, "<p>a &lt;b&gt;x&lt;/b&gt;</p>\n");
    c.raw_html = RawHtml::Allow;
    let out = render_with("a <b>x</b>\n", &c, &[]).html;
    assert_eq!(out, "<p>a <b>x</b></p>\n");
}

#[test]
fn an_inline_tag_that_would_swallow_the_page_is_text_unless_closed_in_its_block() {
    for (tag, end) in [("<script>", "</script>"), ("<title>", "</title>"), ("<template v-slot:x>", "</template>")] {
        let out = html(&format!("- use {tag} here\n\nNext *para*.\n\n## Later\n\nMore.\n"), &[]);
        let shown = tag.replace('<', "&lt;").replace('>', "&gt;");
        assert!(out.starts_with(&format!("<ul>\n<li>use {shown} here</li>")), "{tag}: {out}");
        assert!(
            out.contains("<p>Next <em>para</em>.</p>") && out.contains(">Later") && out.contains("<p>More.</p>"),
            "{out}"
        );
        // Closed in its paragraph, a title is HTML; a script or template,
        // whose content the sanitiser drops, is text, as GitHub shows it.
        let out = html(&format!("a {tag}x{end} b\n\nNext.\n"), &[]);
        let text = format!("a {shown}x{} b", end.replace('<', "&lt;").replace('>', "&gt;"));
        assert_eq!(out.contains(&text), tag != "<title>", "{tag}: {out}");
        assert!(out.contains("<p>Next.</p>"), "{tag}: {out}");
    }
    // A `<template>` alone on its line is an HTML block: sanitised, its tags are text too.
    let out = html("<template x>\n\nNext.\n\n## Later\n", &[]);
    assert!(out.starts_with("&lt;template x&gt;") && out.contains("<p>Next.</p>") && out.contains(">Later"), "{out}");
    // Written closed, an iframe is closed after it, in a paragraph or an HTML block.
    let mut c = cfg();
    c.raw_html = RawHtml::Allow;
    let out = render_with("<div>\n<iframe src=\"https://e.com/v\" />\n</div>\n\nAfter.\n", &c, &[]).html;
    assert!(out.contains("<iframe src=\"https://e.com/v\" /></iframe>\n</div>"), "{out}");
    let out = render_with("a <iframe src=\"x\"/> b\n", &c, &[]).html;
    assert_eq!(out, "<p>a <iframe src=\"x\"/></iframe> b</p>\n");
}

#[test]
fn local_links_are_detected() {
    assert!(is_local("../x.md"));
    assert!(is_local("x.md#a:b"));
    assert!(is_local("#top"));
    assert!(!is_local("https://x.com"));
    assert!(!is_local("mailto:a@b.c"));
}

#[test]
fn script_urls_are_stripped_even_without_raw_html() {
    let out = html("[x](javascript:alert(1)) ![y](javascript:alert(2)) [ok](https://e.com)\n", &[]);
    assert!(!out.to_lowercase().contains("javascript:"), "{out}");
    assert!(out.contains("<span class=\"broken-link\">x</span>"), "{out}");
    assert!(out.contains("href=\"https://e.com\""));
    assert!(is_safe_scheme("mailto:a@b.c") && !is_safe_scheme("data:x") && !is_safe_scheme(" JAVASCRIPT:x"));
    // Obsidian's other schemes open the reader's apps (help: "Obsidian URI").
    for ok in ["obsidian://open?vault=v&file=n", "zotero://select/items/1", "hook://x", "web+app:x", "https://x"] {
        assert!(is_safe_scheme(ok), "{ok}");
    }
    for bad in [
        "JavaScript:alert(1)",
        "vbscript:x",
        "DATA:text/html,x",
        "file:///etc/passwd",
        "java\tscript:x",
        "1x:y",
        ":x",
        "x",
    ] {
        assert!(!is_safe_scheme(bad), "{bad}");
    }
}

#[test]
fn pictures_written_into_a_note_as_data_urls_show_and_nothing_else_under_data_does() {
    // Some tools paste images as `data:` URLs (a public vault has fourteen);
    // Obsidian and browsers show them, and a raster picture runs nothing.
    let png = "data:image/png;base64,iVBORw0KGgo=";
    let out = html(&format!("![chart]({png}) [open]({png}) ![s](data:image/svg+xml,<svg/>)\n"), &[]);
    assert!(out.contains(&format!("<img src=\"{png}\" alt=\"chart\"")), "{out}");
    assert!(out.contains("<span class=\"broken-link\">open</span>"), "a link to it is still refused: {out}");
    assert!(!out.contains("svg+xml") && out.contains("<span class=\"broken-link\">s</span>"), "{out}");
    for ok in
        ["data:image/png;base64,x", "DATA:IMAGE/JPEG;base64,x", "data:image/webp,x", "data:image/gif;x", "https://x"]
    {
        assert!(is_safe_image_source(ok), "{ok}");
    }
    for bad in
        ["data:image/svg+xml,<svg/>", "data:image/png", "data:text/html,x", "data:image/pngx;base64,x", "javascript:x"]
    {
        assert!(!is_safe_image_source(bad), "{bad}");
    }
}

#[test]
fn own_markup_survives_the_sanitiser_and_scripts_do_not() {
    let body = "> [!faq]- Why <b>bold</b>?\n> Answer <script>alert(1)</script> ==mark== #tag\n\n![[x.png]]\n";
    let embeds = |_: usize| Some(Embed { html: "<audio controls src=\"/x.mp3\"></audio>".into(), block: false });
    let c = cfg();
    let s = scan(body, &options(&c));
    let inputs = Inputs {
        links: &[],
        headings: &s.headings,
        blocks: &s.blocks,
        embeds: &embeds,
        tag_base: "/tags/",
        encode_path: encode,
        offset: 0,
        embedded: false,
        title_heading: false,
    };
    let out = to_html(body, &c, &inputs, &Highlighter::with_default_themes(), None).html;
    assert!(out.contains("<details class=\"callout callout-question\" data-callout=\"faq\">"), "{out}");
    assert!(out.contains("<b>bold</b>") && !out.contains("<script"), "{out}");
    assert!(
        out.contains("<mark>mark</mark>") && out.contains("<a class=\"tag\" href=\"/tags/tag/\">#tag</a>"),
        "{out}"
    );
    assert!(out.contains("<audio controls src=\"/x.mp3\"></audio>"), "{out}");
    assert!(!out.contains('\u{FFFF}'), "{out}");
}

#[test]
fn scan_finds_embeds_blocks_tags_and_skips_comments() {
    let body = "Intro #one. ^b1\n\n%% [[Hidden]] #hidden %%\n\n- item ^b2\n\n![[Pic.png|Alt|200]] and `#code`\n";
    let s = scan(body, &options(&cfg()));
    assert_eq!(s.tags, vec!["one"]);
    let blocks: Vec<(&str, &str)> = s.blocks.iter().map(|b| (b.id.as_str(), body[b.range.clone()].trim())).collect();
    assert_eq!(blocks[0], ("b1", "Intro #one. ^b1"));
    assert_eq!(blocks[1].0, "b2");
    assert_eq!(s.links.len(), 1, "the commented link is no link");
    let e = &s.links[0];
    assert_eq!((e.form, e.target.as_str(), e.alt.as_str()), (LinkForm::Embed, "Pic.png", "Alt"));
    assert_eq!(&body[e.range.clone()], "![[Pic.png|Alt|200]]", "offsets are the body's as written");
    assert_eq!(e.display.as_ref().and_then(|d| d.width), Some(200));
}

#[test]
fn raw_html_nested_too_deep_is_found_and_escaped_not_sanitized() {
    let n = MAX_HTML_DEPTH + 1;
    let body = format!("Intro.\n\n{}x{}\n", "<div>".repeat(n), "</div>".repeat(n));
    let s = scan(&body, &options(&cfg()));
    assert_eq!(s.deep_html, Some(("Intro.\n\n".len(), n)));
    let out = html(&body, &[]);
    assert!(out.starts_with("<p>Intro.</p>\n&lt;div&gt;&lt;div&gt;"), "{}", &out[..60]);
    // Shallow nesting, and void or self-closed tags, are sanitised as usual.
    let ok = format!(
        "{}<br><img src=a.png alt=a/><hr/>x{}\n",
        "<div>".repeat(MAX_HTML_DEPTH),
        "</div>".repeat(MAX_HTML_DEPTH)
    );
    assert_eq!(scan(&ok, &options(&cfg())).deep_html, None);
    assert!(html(&ok, &[]).starts_with("<div><div>"));
}

#[test]
fn many_links_on_one_line_keep_their_context_and_strays() {
    let body = format!("{}[[ stray\n", (0..3000).map(|i| format!("[[a{i}]] word ")).collect::<String>());
    let s = scan(&body, &options(&cfg()));
    assert_eq!(s.links.len(), 3000);
    let c = &context::context_text(&s.links[1500].context);
    assert!(c.starts_with('…') && c.ends_with('…') && c.contains("word a1500 word") && c.chars().count() <= 202, "{c}");
    let first = context::context_text(&s.links[0].context);
    assert!(first.starts_with("a0 word a1 word"), "{first}");
    assert_eq!(s.stray, vec![body.rfind("[[").unwrap()]);
}

#[test]
fn an_id_ending_a_list_items_own_text_before_its_nested_list_names_the_item() {
    // Lawrencium77/Obsidian-Notes links `Cache Memories#^31fa6d` to an item written so.
    let body =
        "* Writes.\n* The simplest is **write-through**: ^wt\n\t* It writes at once.\n\t* Simple.\n* Another: ^wb\n";
    let s = scan(body, &options(&cfg()));
    let ids: Vec<(&str, &str)> = s.blocks.iter().map(|b| (b.id.as_str(), &body[b.range.clone()])).collect();
    assert_eq!(
        ids,
        vec![
            ("wt", "* The simplest is **write-through**: ^wt\n\t* It writes at once.\n\t* Simple.\n"),
            ("wb", "* Another: ^wb\n")
        ]
    );
    let h = html(body, &[]);
    assert!(h.contains("<li id=\"block-wt\">The simplest is <strong>write-through</strong>:\n<ul>"), "{h}");
    assert!(h.contains("<li id=\"block-wb\">Another:</li>") && !h.contains('^'), "{h}");
}

#[test]
fn brackets_around_a_link_and_brackets_in_math_are_no_stray_wikilinks() {
    // A citation pasted in brackets (`[[T1068](https://…)]`, as MITRE ATT&CK pages are quoted),
    // and `[[` inside a formula, are not the start of a wikilink; an unclosed `[[x` is.
    let body = "A tactic [[T1068](https://attack.mitre.org/techniques/T1068/)] here.\n\n$$T(n) = [[T(n-3)+2]+2]$$\n\nOpen [[x and [[Typo](https://x.org/) too\n";
    let math = MarkdownConfig { math: true, ..cfg() };
    let open = body.find("[[x").unwrap();
    assert_eq!(scan(body, &options(&math)).stray, vec![open, body.rfind("[[").unwrap()]);
    let s = scan(body, &options(&cfg()));
    assert_eq!(s.stray.len(), 3, "without math the formula's `[[` is text: {:?}", s.stray);
    // An inline footnote opening with a link (ActuarialNotes): `^[` then `[Study Note](…)`.
    let body = "Models.^[[Study Note](https://example.com/n.pdf) - Tom] More.\n";
    assert_eq!(scan(body, &options(&cfg())).stray, Vec::<usize>::new());
}

#[test]
fn an_escaped_bracket_and_empty_brackets_are_no_stray_wikilinks() {
    // WngWai/obsidian_quartz writes pandas' and R's double-bracket indexing in prose.
    let body = "df\\[[col1, col2]]\\[[i1, i2]] and list[[]] but \\\\[[open and [[also\n";
    let s = scan(body, &options(&cfg()));
    assert_eq!(s.stray, vec![body.find("\\\\[[").unwrap() + 2, body.rfind("[[").unwrap()], "{:?}", s.stray);
    assert!(s.links.is_empty());
}

#[test]
fn only_the_first_link_to_a_target_keeps_its_sentence() {
    let body = "First [[iren]] here. Then [[iren]] again, and [[hut-8]]. ![[iren]] too.\n";
    let s = scan(body, &options(&cfg()));
    let got: Vec<(&str, String)> =
        s.links.iter().map(|l| (l.target.as_str(), context::context_text(&l.context))).collect();
    let want = [("iren", "First iren here."), ("iren", ""), ("hut-8", "Then iren again, and hut-8."), ("iren", "")];
    assert_eq!(got, want.map(|(t, c)| (t, c.to_string())));
}

#[test]
fn a_context_marks_the_wikilinks_written_without_text() {
    let body = "Intro. See [[deals/x]] and [[iren#Risks]], not [[hut-8|Hut 8]] or [y](y.md).\n";
    let s = scan(body, &options(&cfg()));
    let parts = context_parts(&s.links[0].context);
    assert_eq!(
        parts,
        [
            ContextPart::Text("See "),
            ContextPart::Link { offset: body.find("[[deals").unwrap(), target: "deals/x" },
            ContextPart::Text(" and "),
            ContextPart::Link { offset: body.find("[[iren").unwrap(), target: "iren#Risks" },
            ContextPart::Text(", not Hut 8 or y."),
        ]
    );
    assert_eq!(context::context_text(&s.links[0].context), "See deals/x and iren > Risks, not Hut 8 or y.");
    // The author's text never makes a marked link of its own.
    let sneaky = scan("A \u{E000}1\u{E001}x\u{E002} [[b]].\n", &options(&cfg()));
    assert_eq!(context_parts(&sneaky.links[0].context)[0], ContextPart::Text("A 1x "));
}

#[test]
fn a_long_context_is_never_cut_inside_a_wikilink() {
    let words = "word ".repeat(60);
    let long_target = "t".repeat(80);
    let body = format!("{words}[[{long_target}]] {words}[[x]] {words}");
    let s = scan(&body, &options(&cfg()));
    let x = s.links.iter().find(|l| l.target == "x").unwrap();
    let parts = context_parts(&x.context);
    assert!(parts.iter().any(|p| matches!(p, ContextPart::Link { target: "x", .. })), "{parts:?}");
    for p in parts {
        if let ContextPart::Text(t) = p {
            assert!(!t.contains(['\u{E000}', '\u{E001}', '\u{E002}']), "a marker left in {t:?}");
        }
    }
}

#[test]
fn a_wikilink_without_text_shows_the_text_given_for_it() {
    let body = "See [[deals/x]], [[iren#Risks]] and [[hut-8|Hut 8]].\n";
    let links = [
        LinkTarget { offset: 4, href: Some("/deals/x/".into()), text: Some("A deal".into()) },
        LinkTarget { offset: 17, href: Some("/iren/#risks".into()), text: None },
        LinkTarget { offset: 36, href: Some("/hut-8/".into()), text: Some("Hut 8 Corp".into()) },
    ];
    let out = html(body, &links);
    assert!(out.contains(r#"<a href="/deals/x/">A deal</a>"#), "{out}");
    assert!(out.contains(r#"<a href="/iren/#risks">iren &gt; Risks</a>"#), "{out}");
    assert!(out.contains(r#"<a href="/hut-8/">Hut 8</a>"#), "{out}");
}

#[test]
fn has_fence_is_true_for_every_fenced_block() {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let fenced = |body: &str| {
        Parser::new_ext(body, parse_options(&cfg()))
            .any(|e| matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))))
    };
    for body in [
        "```rust\nlet x = 1;\n```\n",
        "~~~\nplain\n~~~\n",
        "- item\n\n  ````md\n  ```\n  ````\n",
        "> ```\n> quoted\n",
        "text\n```",
    ] {
        assert!(fenced(body) && has_fence(body), "{body:?}");
    }
    for body in ["`code` and ``more``", "~~struck~~ and ~x~", "    indented code\n", ""] {
        assert!(!fenced(body) && !has_fence(body), "{body:?}");
    }
}

#[test]
fn email_autolinks_and_app_schemes_are_links_not_paths() {
    // Obsidian's help ("Obsidian URI") links into apps; CommonMark's autolinks take emails.
    let body =
        "Write to <a@b.org>, [open the note](obsidian://open?vault=v&file=n) or [zotero](zotero://select/items/1).\n";
    let s = scan(body, &options(&cfg()));
    assert!(s.links.is_empty(), "{:?}", s.links);
    assert!(s.unsafe_urls.is_empty(), "{:?}", s.unsafe_urls);
    let out = html(body, &[]);
    assert!(out.contains("<a href=\"mailto:a@b.org\">a@b.org</a>"), "{out}");
    assert!(out.contains("<a href=\"obsidian://open?vault=v&amp;file=n\">open the note</a>"), "{out}");
    assert!(out.contains("<a href=\"zotero://select/items/1\">zotero</a>"), "{out}");
    // Still refused: a script, and a file on the reader's disk.
    let s = scan("[x](javascript:alert(1)) [y](file:///etc/passwd)\n", &options(&cfg()));
    assert_eq!(s.unsafe_urls.len(), 2, "{:?}", s.unsafe_urls);
}

#[test]
fn the_lead_is_the_first_plain_paragraph_outside_lists_quotes_and_math() {
    let lead = |body: &str| {
        let c = MarkdownConfig { math: true, ..cfg() };
        context::context_text(&scan(body, &options(&c)).lead)
    };
    assert_eq!(
        lead("# Title\n\n> [!note] A callout.\n\n- an item\n\nThe *first* one,\nwith `code`.\n\nNot this."),
        "The first one, with code."
    );
    assert_eq!(lead("See [[deals/x]] and [[y|why]]."), "See deals/x and why.");
    assert_eq!(lead("$x^2$ is math.\n\n## $y$\n\nPlain words."), "Plain words.");
    assert_eq!(lead("| a |\n|---|\n| b |\n\n[^1]: a note"), "");
}

#[test]
fn a_wikilink_on_prose_a_table_took_as_a_row_is_told_apart() {
    // jeppeklh/datamatiker-noter-quartz2: a sentence right after a table, no blank line between.
    let body =
        "| a | b |\n| - | - |\n| 1 | [[x\\|y]] |\nSee [[Data|the data]] here.\n\nx | y\n- | -\n1 | 2\n[[u|v]] w\n";
    let s = scan(body, &options(&cfg()));
    let see = body.find("[[Data").unwrap();
    assert_eq!(s.stray, vec![see, body.find("[[u|").unwrap()]);
    // The second table's first line has no `|` before it: its rows need none either.
    assert_eq!(s.stray_in_table, vec![see]);
}

#[test]
fn a_script_or_style_left_open_is_closed_at_the_end_of_its_html_block() {
    // sub-surface/digital-garden: a JSX-like `<script … />` ended a note, and the footnotes went with it.
    let body =
        "Text with a note[^1].\n\n[^1]: The footnote text.\n\n<div><style>p {}\n\nAfter.\n\n<script>\nvar x = 1;\n";
    let sanitized = html(body, &[]);
    assert!(sanitized.contains("<p>After.</p>") && sanitized.contains("The footnote text."), "{sanitized}");
    let mut c = cfg();
    c.raw_html = crate::config::RawHtml::Allow;
    let allowed = render_with(body, &c, &[]).html;
    assert!(allowed.contains("<div><style>p {}\n</style>\n<p>After.</p>"), "{allowed}");
    assert!(
        allowed.contains("<script>\nvar x = 1;\n</script>\n") && allowed.contains("The footnote text."),
        "{allowed}"
    );
    // A closed one is left as it is.
    let closed = render_with("<script>\nvar y;\n</script>\n\nNext.\n", &c, &[]).html;
    assert_eq!(closed, "<script>\nvar y;\n</script>\n<p>Next.</p>\n");
}

#[test]
fn a_tag_or_comment_left_open_at_the_end_of_its_html_block_is_closed_there() {
    // A random body: `<img src=` ending an HTML block took the footnotes section's start as its value.
    let body = "Text[^1].\n\n[^1]: A note\n\n</title>\n<img src=\"x\n\nAfter.\n\n<!-- never closed\n";
    let sanitized = html(body, &[]);
    assert!(sanitized.contains("<p>After.</p>") && sanitized.contains("<section class=\"footnotes\""), "{sanitized}");
    let mut c = cfg();
    c.raw_html = RawHtml::Allow;
    let allowed = render_with(body, &c, &[]).html;
    assert!(allowed.contains("<img src=\"x\n\">\n") && allowed.contains("<!-- never closed\n-->\n"), "{allowed}");
    assert!(allowed.contains("<p>After.</p>") && allowed.contains("<section class=\"footnotes\""), "{allowed}");
}

#[test]
fn inline_tags_held_and_released_open_and_close_others_in_turn() {
    let mut c = cfg();
    c.raw_html = RawHtml::Allow;
    for (body, want) in [
        ("a <title> b <textarea> c\n\nNext.\n", "<p>a &lt;title&gt; b &lt;textarea&gt; c</p>\n<p>Next.</p>\n"),
        ("a <title> b <textarea> c </textarea> d\n", "<p>a &lt;title&gt; b <textarea> c </textarea> d</p>\n"),
        ("a <title> b </title> <iframe> c\n", "<p>a <title> b </title> &lt;iframe&gt; c</p>\n"),
    ] {
        assert_eq!(render_with(body, &c, &[]).html, want, "{body}");
    }
    // Thousands in one paragraph: read in a loop, not by recursion.
    let many = format!("a {}", "<title>x</title><iframe>".repeat(5000));
    let out = render_with(&many, &c, &[]).html;
    assert_eq!(out.matches("&lt;iframe&gt;").count(), 5000);
}

#[test]
fn table_alignment_and_align_survive_the_sanitiser_and_no_other_style_does() {
    let out = html(
        "Some <b>raw</b> HTML.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n<p align=\"center\" style=\"color: red\">x</p>\n",
        &[],
    );
    assert!(out.contains("<th style=\"text-align: left\">a</th><th style=\"text-align: right\">b</th>"), "{out}");
    assert!(out.contains("<td style=\"text-align: left\">1</td>"), "{out}");
    assert!(out.contains("<p align=\"center\">x</p>"), "{out}");
    let out = html(
        "<table><tr><td style=\"text-align: center; background: url(x)\" align=\"middle\">c</td></tr></table>\n",
        &[],
    );
    assert!(out.contains("<td>c</td>"), "a style doing more than aligning is dropped: {out}");
}
