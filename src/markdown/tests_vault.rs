//! Obsidian's markdown as Obsidian shows it: block ids after structures,
//! task statuses, callout metadata, emoji tags, image sizes, web embeds
//! and footnotes at the end.

use super::*;
use crate::config::MarkdownConfig;
use crate::highlight::Highlighter;

fn render(body: &str) -> String {
    let c = MarkdownConfig::default();
    let headings = scan(body, options(&c)).headings;
    let inputs = Inputs {
        links: &[],
        headings: &headings,
        embeds: &|_| None,
        tag_base: "/tags/",
        encode_path: |p| crate::percent::encode_path(p),
        offset: 0,
        embedded: false,
    };
    to_html(body, &c, &inputs, &Highlighter::new(), None).html
}

fn blocks(body: &str) -> Vec<(String, String)> {
    scan(body, options(&MarkdownConfig::default()))
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
    assert!(html.contains("<li class=\"task-list-item\" data-task=\"?\"><input type=\"checkbox\" disabled checked> ask</li>"), "{html}");
    assert!(html.contains("<li id=\"block-h\" class=\"task-list-item\" data-task=\"/\"><input type=\"checkbox\" disabled checked> half</li>"), "{html}");
    assert!(html.contains("data-task=\"-\"><input type=\"checkbox\" disabled checked> <em>gone</em></li>"), "{html}");
    assert!(!html.contains("[?]") && !html.contains("[-]"), "{html}");
}
