//! Obsidian's markdown as Obsidian shows it, on the fixture vault
//! `tests/fixtures/obsidian/markdown`: block ids of structures, task
//! statuses, callout metadata, emoji tags, footnotes at the end, image
//! sizes and web embeds.

use crate::support::SiteTest;

fn vault() -> SiteTest {
    let mut t = SiteTest::from_fixture("obsidian/markdown");
    t.build();
    assert_eq!(t.errors(), Vec::<String>::new(), "{:?}", t.diagnostics());
    t
}

/// The values of `attr` on the elements `css` selects.
fn attrs(html: &str, css: &str, attr: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_owned)).collect()
}

/// The body of a page (without backlinks and the rest of the chrome).
fn prose(t: &SiteTest, page: &str) -> String {
    select(&t.main(page), "div.prose").concat()
}

fn select(html: &str, css: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel).map(|e| e.html()).collect()
}

// Obsidian Help, "Internal links" (en/Linking notes and files/Internal links.md), "Link to a block
// in a note": for structured blocks (lists, quotations, callouts, tables) the id goes on a line of
// its own, with a blank line before and after, and belongs to the whole structure.
#[test]
fn an_id_on_its_own_line_names_the_structure_before_it() {
    let t = vault();
    let main = prose(&t, "structures/index.html");
    assert_eq!(select(&main, "#block-list-id > ul > li").len(), 2, "{main}");
    assert_eq!(select(&main, "#block-tbl > table td").len(), 2, "{main}");
    assert_eq!(select(&main, "blockquote#block-quote-id > p").len(), 1, "{main}");
    assert_eq!(select(&main, "div.callout#block-call .callout-content").len(), 1, "{main}");
    assert_eq!(select(&main, "p#block-para").len(), 1, "{main}");
    // An id ending a callout's one-line first paragraph names the callout.
    assert_eq!(
        select(&main, "div.callout-warning#block-warn .callout-title-text").concat().matches("Single line").count(),
        1
    );
    assert_eq!(select(&main, "div.callout-tip p#block-tip-body").len(), 1, "{main}");
    assert!(!main.contains('^'), "no id is left as text: {main}");
    assert!(!main.contains("<p></p>"), "{main}");
    let links = t.main("embedder/index.html");
    for id in ["list-id", "tbl", "quote-id", "call", "pic-id", "warn", "tip-body"] {
        assert!(links.contains(&format!("<a href=\"/structures/#block-{id}\">")), "{id}: {links}");
    }
    // Every `#^id` resolved: no diagnostic names an id or a broken link.
    let diags = t.diagnostics();
    assert!(!diags.iter().any(|d| d.contains('^') || d.contains("broken")), "{diags:?}");
}

// Obsidian Help, "Internal links" (en/Linking notes and files/Internal links.md): a block id may
// follow an embed directly (`![[img.png]]^id`, as the help vault's "Collaborate on a shared vault").
#[test]
fn an_id_right_after_an_embed_is_linkable() {
    let t = vault();
    let main = t.main("structures/index.html");
    assert_eq!(select(&main, "p#block-pic-id > img[src='/attachments/pic.png']").len(), 1, "{main}");
}

// Obsidian Help, "Embed files" (en/Linking notes and files/Embed files.md): embedding a block
// (`![[Note#^id]]`) shows that block; a callout's block shows as the callout.
#[test]
fn embedding_a_structure_by_its_id_shows_it_whole() {
    let t = vault();
    let main = t.main("embedder/index.html");
    let embeds = select(&main, "div.embed-note");
    assert_eq!(embeds.len(), 5, "{main}");
    assert_eq!(
        select(&embeds[0], "div.callout.callout-info[data-callout-metadata='wide'] .callout-content p").len(),
        1
    );
    assert!(!embeds[0].contains("[!info"), "{}", embeds[0]);
    assert_eq!(select(&embeds[1], "ul > li").len(), 2, "{}", embeds[1]);
    assert_eq!(select(&embeds[2], "table tbody td").len(), 2, "{}", embeds[2]);
    // A block in a callout's first paragraph embeds as the callout, never as `<p>[!tip] …`.
    assert_eq!(
        select(&embeds[3], "div.callout-warning .callout-title-text").concat().matches("Single line").count(),
        1
    );
    assert_eq!(select(&embeds[4], "div.callout-tip .callout-content p").concat().matches("Tip body.").count(), 1);
    assert!(!main.contains("[!"), "{main}");
    assert!(!main.contains("id=\"block-"), "an embed writes no ids: {main}");
}

// Obsidian Help, "Basic formatting syntax" (en/Editing and formatting/Basic formatting syntax.md),
// "Task lists": any character in the brackets marks the task complete.
#[test]
fn tasks_with_any_status_are_checked_and_tagged() {
    let t = vault();
    let main = t.main("formatting/index.html");
    let items = select(&main, "li[data-task]");
    let statuses: Vec<String> = ["?", "/", "-", ">"].iter().map(|s| format!("data-task=\"{s}\"")).collect();
    assert_eq!(items.len(), 4, "{main}");
    for (item, status) in items.iter().zip(&statuses) {
        assert!(item.contains(status), "{item}");
        assert_eq!(select(item, "input[type=checkbox][disabled][checked]").len(), 1, "{item}");
    }
    assert!(!main.contains("[?]") && !main.contains("[/]") && !main.contains("[&gt;]"), "{main}");
    assert_eq!(select(&main, "input[type=checkbox]").len(), 6, "[x] and [ ] as before");
}

// Obsidian Help, "Callouts" (en/Editing and formatting/Callouts.md): `> [!type|metadata]` keeps the
// type and passes the metadata on (`data-callout-metadata`).
#[test]
fn callout_metadata_keeps_the_type() {
    let t = vault();
    let main = t.main("formatting/index.html");
    let folded = select(&main, "details.callout.callout-tip[data-callout='tip'][data-callout-metadata='wide']");
    assert_eq!(folded.len(), 1, "{main}");
    assert!(folded[0].contains("Folded with metadata") && !folded[0].contains("|wide"));
}

// Obsidian Help, "Tags" (en/Editing and formatting/Tags.md), "Tag format": letters, numbers, `_`,
// `-`, `/` and "commonly accepted Unicode characters, including emojis"; not all digits.
#[test]
fn emoji_and_unicode_tags_link_to_their_pages() {
    let t = vault();
    let main = t.main("formatting/index.html");
    let tags = select(&main, "a.tag");
    assert_eq!(tags.len(), 3, "{tags:?}");
    assert!(tags[0].contains("href=\"/tags/%F0%9F%9A%80/\"") && tags[0].contains("#🚀"), "{}", tags[0]);
    assert!(tags[1].contains("href=\"/tags/caf%C3%A9/\""), "{}", tags[1]);
    assert!(tags[2].contains("href=\"/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/\""), "{}", tags[2]);
    assert!(main.contains("not x#this or #1984."));
    for dir in ["🚀", "café", "日本語"] {
        let page = t.main(&format!("tags/{dir}/index.html"));
        assert!(page.contains("/formatting/"), "{dir}: {page}");
    }
}

// Obsidian Help, "Basic formatting syntax" (en/Editing and formatting/Basic formatting syntax.md),
// "Footnotes": `[^1]` references, named ones shown as numbers, and inline footnotes `^[…]`. As
// GitHub and Obsidian's reading view show them: numbered in order of reference, at the end.
#[test]
fn footnotes_are_numbered_and_shown_at_the_end() {
    let t = vault();
    let main = t.main("formatting/index.html");
    let section = main.find("<section class=\"footnotes\"").expect("a footnotes section");
    assert!(main[..section].contains("Last paragraph."), "the notes come after the body");
    assert_eq!(attrs(&main, "sup.footnote-reference a", "href"), ["#fn-1", "#fn-2", "#fn-1"]);
    let notes = select(&main, "section.footnotes > ol > li");
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes[0].contains("The named note.") && notes[0].matches("footnote-backref").count() == 2);
    assert!(notes[0].contains("href=\"#fnref-1-2\""), "{}", notes[0]);
    assert!(notes[1].contains("Inline <em>note</em>."), "{}", notes[1]);
    assert!(notes[2].contains("A note nobody references.") && !notes[2].contains("backref"), "{}", notes[2]);
    assert!(main.contains("id=\"fnref-1\"") && main.contains("id=\"fnref-2\"") && main.contains("id=\"fnref-1-2\""));
}

// Obsidian Help, "Embed files" (en/Linking notes and files/Embed files.md), "Embed an image in a
// note": `![Engelbart|100x145](url)` and `![250](url)` set the size; "Embed a web page": a YouTube
// video plays; here any other web page is a plain link (no third-party script).
#[test]
fn image_sizes_and_web_embeds() {
    let t = vault();
    let main = t.main("formatting/index.html");
    let imgs = select(&main, "img");
    assert_eq!(imgs.len(), 2, "{imgs:?}");
    assert!(
        imgs[0].contains("alt=\"Engelbart\"")
            && imgs[0].contains("width=\"100\"")
            && imgs[0].contains("height=\"145\"")
    );
    assert!(imgs[1].contains("alt=\"Big Cat\"") && imgs[1].contains("width=\"250\"") && !imgs[1].contains("height"));
    let frames = select(&main, "iframe");
    assert_eq!(frames.len(), 1, "{main}");
    assert!(frames[0].contains("src=\"https://www.youtube-nocookie.com/embed/NnTvZWp5Q7o\""), "{}", frames[0]);
    assert!(frames[0].contains("title=\"") && frames[0].contains("loading=\"lazy\""), "{}", frames[0]);
    assert_eq!(select(&main, ".embed-youtube a[href='https://www.youtube.com/watch?v=NnTvZWp5Q7o']").len(), 1);
    let tweet = select(&main, "a.embed-web[href='https://twitter.com/obsdmd/status/1580548874246443010']");
    assert_eq!(tweet.len(), 1, "{main}");
    assert!(!main.contains("<script"), "{main}");
}
