//! Link resolution against a hand-written table: for each link, the note it
//! sits in, the page Obsidian opens, and the documentation that says so.
//! The vault is `tests/fixtures/obsidian/resolution` (built with
//! `links: warn`, so that an ambiguous name opens what Obsidian opens, with
//! a warning); each case becomes a note of its own in the folder given, and
//! the one link of that note is checked. Expected pages are written by
//! hand, never taken from pivotbook's output.

use crate::support::SiteTest;

/// Where the documentation says so. Paraphrased; "help" is Obsidian's own
/// help site (help.obsidian.md), read through its published mirrors.
const IL_FORMATS: &str = "help: Internal links, 'Supported formats': wikilink and Markdown link are equivalent; Markdown destinations are URL-encoded";
const IL_FILE: &str =
    "help: Internal links, 'Link to a file': a link to a file that is not a note includes its extension";
const IL_HEADING: &str = "help: Internal links, 'Link to a heading in a note': `#` then the heading text";
const IL_SAME: &str = "help: Internal links, 'Link to a heading in a note': `[[#` links to a heading of the same note";
const IL_NESTED: &str = "help: Internal links, 'Link to a heading in a note': chain subheadings with more `#`";
const IL_BLOCK: &str =
    "help: Internal links, 'Link to a block': `#^` then the block id; paragraphs and list items are blocks";
const IL_DISPLAY: &str =
    "help: Internal links, 'Change the link display text': text after `|` is shown, the target is unchanged";
const IL_CHARS: &str = "help: Internal links, note 'Invalid characters': `# | ^ : %% [[ ]]` cannot stand in a link, so a heading's `:` is left out of the link";
const IL_MD_EXT: &str = "Obsidian help's Internal links, as summarised by deepwiki (victor-software-house/obsidian-help 3.1): `[[target]]` and `[[target.md]]` open the same file";
const IL_PATH: &str =
    "help (via the Obsidian-markdown skill summary of it): `[[folder/Note]]` picks one of several notes with a name";
const ALIASES: &str =
    "help: Aliases (pointed to by forum.obsidian.md/t/22192): a note's `aliases` property lets links use another name";
const EMBED: &str = "help: Internal links, 'Link to a file' tip: `!` before an internal link embeds the linked file; the embed points at the same target";
const NEAREST_ROOT: &str = "not in Obsidian's help; observed on Obsidian 1.13.7 through getFirstLinkpathDest (markdown-vault-mcp pull request 1380): a file whose path is the name wins, even from a folder holding another";
const OWN_FOLDER: &str = "not in Obsidian's help; observed on Obsidian 1.13.7 (markdown-vault-mcp pull request 1380): else the file in the linking note's own folder wins, then the shortest path";
const PATH_ORDER: &str =
    "not in Obsidian's help; observed on Obsidian 1.13.7 (markdown-vault-mcp pull request 1380): the shortest path wins";
const CASE: &str = "not in Obsidian's help; trip2g.com/dev/obsidian_links: names are matched case-insensitively";
const UNICODE: &str = "not stated in the help; Obsidian matches the file name as written, any script";
const MISSING: &str = "help: Internal links: a link to a note that does not exist is unresolved (Obsidian creates the note when followed)";
const UNPUBLISHED: &str =
    "not in the help; Obsidian Publish leaves out notes that are not published, so links to them do not resolve";
const FIRST_HEADING: &str = "not in the help: with two headings of one text, Obsidian opens the first";

/// One row: the link as written, the folder of the note it sits in ("" for
/// the vault's root), the file Obsidian opens with the anchor pivotbook
/// gives it (`SELF` for the note itself; `None`: unresolved), and the source.
struct Case {
    link: &'static str,
    from: &'static str,
    opens: Option<&'static str>,
    source: &'static str,
}

const fn case(link: &'static str, from: &'static str, opens: Option<&'static str>, source: &'static str) -> Case {
    Case { link, from, opens, source }
}

const CASES: &[Case] = &[
    case("[[Alpha]]", "", Some("Alpha.md"), NEAREST_ROOT),
    case("[[Alpha]]", "projects", Some("Alpha.md"), NEAREST_ROOT),
    case("[[projects/Alpha]]", "", Some("projects/Alpha.md"), IL_PATH),
    case("[[projects/Alpha]]", "projects", Some("projects/Alpha.md"), IL_PATH),
    case("[[alpha]]", "", Some("Alpha.md"), CASE),
    case("[[ALPHA]]", "deep", Some("Alpha.md"), CASE),
    case("[[Alpha.md]]", "", Some("Alpha.md"), IL_MD_EXT),
    case("[[Alpha|shown text]]", "", Some("Alpha.md"), IL_DISPLAY),
    case("[[Alpha#Overview]]", "", Some("Alpha.md#overview"), IL_HEADING),
    case("[[Alpha#Overview|see the overview]]", "", Some("Alpha.md#overview"), IL_DISPLAY),
    case("[[Alpha#Overview#Details]]", "", Some("Alpha.md#details"), IL_NESTED),
    case("[[Alpha#Second#Details]]", "", Some("Alpha.md#details-1"), IL_NESTED),
    case("[[Alpha#Details]]", "", Some("Alpha.md#details"), FIRST_HEADING),
    case("[[Alpha#^para1]]", "", Some("Alpha.md#block-para1"), IL_BLOCK),
    case("[[Alpha#^list-1]]", "", Some("Alpha.md#block-list-1"), IL_BLOCK),
    case("[[Alpha#^para1|that paragraph]]", "projects", Some("Alpha.md#block-para1"), IL_BLOCK),
    case("[[#Local heading]]", "", Some("SELF#local-heading"), IL_SAME),
    case("[[#Local heading]]", "projects", Some("SELF#local-heading"), IL_SAME),
    case("[[#^local-block]]", "", Some("SELF#block-local-block"), IL_BLOCK),
    case("[[Beta]]", "", Some("archive/Beta.md"), PATH_ORDER),
    case("[[Beta]]", "projects", Some("projects/Beta.md"), OWN_FOLDER),
    case("[[Beta]]", "deep", Some("archive/Beta.md"), PATH_ORDER),
    case("[[projects/Beta]]", "", Some("projects/Beta.md"), IL_PATH),
    case("[[archive/Beta]]", "projects", Some("archive/Beta.md"), IL_PATH),
    case("[[Gamma Ray]]", "", Some("projects/Gamma Ray.md"), IL_FORMATS),
    case("[[gamma ray]]", "", Some("projects/Gamma Ray.md"), CASE),
    case("[[projects/Gamma Ray]]", "deep", Some("projects/Gamma Ray.md"), IL_PATH),
    case("[[Gamma Ray|γ rays]]", "", Some("projects/Gamma Ray.md"), IL_DISPLAY),
    case("[[Café Crème]]", "", Some("notes/Café Crème.md"), UNICODE),
    case("[[café crème]]", "projects", Some("notes/Café Crème.md"), CASE),
    case("[[Ünder]]", "", Some("notes/Naïve/Ünder.md"), UNICODE),
    case("[[notes/Naïve/Ünder]]", "", Some("notes/Naïve/Ünder.md"), IL_PATH),
    case("[[Fourth Letter]]", "", Some("topics-x/Delta.md"), ALIASES),
    case("[[fourth letter]]", "projects", Some("topics-x/Delta.md"), ALIASES),
    case("[[Δ]]", "", Some("topics-x/Delta.md"), ALIASES),
    case("[[Delta]]", "", Some("topics-x/Delta.md"), IL_FORMATS),
    case("[[Fourth Letter#Intro]]", "", Some("topics-x/Delta.md#intro"), ALIASES),
    case("[[Zeta#Q A & B]]", "", Some("Zeta.md#q-a-b"), IL_CHARS),
    case("[[Linker3]]", "", Some("deep/nested/Linker3.md"), IL_FORMATS),
    case("[[deep/nested/Linker3]]", "projects", Some("deep/nested/Linker3.md"), IL_PATH),
    case("[[diagram.png]]", "", Some("assets/diagram.png"), IL_FILE),
    case("[[assets/diagram.png]]", "projects", Some("assets/diagram.png"), IL_FILE),
    case("[[report.pdf]]", "", Some("docs/report.pdf"), IL_FILE),
    case("[[voice.mp3]]", "deep", Some("media/voice.mp3"), IL_FILE),
    case("[[logo.svg]]", "", Some("assets/logo.svg"), IL_FILE),
    case("[[icon.png]]", "", Some("assets/icon.png"), PATH_ORDER),
    case("[[other/icon.png]]", "", Some("other/icon.png"), IL_FILE),
    case("[[Missing Note]]", "", None, MISSING),
    case("[[projects/Missing]]", "projects", None, MISSING),
    case("[[Draft]]", "", None, UNPUBLISHED),
    case("[Alpha](Alpha.md)", "", Some("Alpha.md"), IL_FORMATS),
    case("[Gamma](projects/Gamma%20Ray.md)", "", Some("projects/Gamma Ray.md"), IL_FORMATS),
    case("[Gamma](Gamma%20Ray.md)", "projects", Some("projects/Gamma Ray.md"), IL_FORMATS),
    case("[Up](../Alpha.md)", "projects", Some("Alpha.md"), IL_FORMATS),
    case("[Overview](Alpha.md#Overview)", "", Some("Alpha.md#overview"), IL_HEADING),
    case("![[Alpha]]", "deep", Some("Alpha.md"), EMBED),
    case("![[Alpha#Second]]", "", Some("Alpha.md#second"), EMBED),
    case("![[diagram.png|A diagram|300]]", "", Some("assets/diagram.png"), EMBED),
    case("![[report.pdf]]", "projects", Some("docs/report.pdf"), EMBED),
];

/// What every case note holds besides its link.
const TAIL: &str = "\n\n## Local heading\n\nA local paragraph. ^local-block\n";

#[test]
fn links_open_what_obsidian_opens() {
    let mut t = SiteTest::from_fixture("obsidian/resolution");
    let mut notes = Vec::new();
    for (n, c) in CASES.iter().enumerate() {
        let dir = if c.from.is_empty() { String::new() } else { format!("{}/", c.from) };
        let rel = format!("{dir}Case {n:02}.md");
        t.write(&format!("content/{rel}"), &format!("{}{TAIL}", c.link));
        notes.push(rel);
    }
    t.build();
    assert!(t.report().written, "{:?}", t.diagnostics());
    let sel =
        scraper::Selector::parse(".prose a:not(.anchor), .prose img, .prose object, .prose .broken-link").unwrap();
    let mut wrong = Vec::new();
    for (c, rel) in CASES.iter().zip(&notes) {
        let url = pivotbook::model::url_for(std::path::Path::new(rel));
        let main = t.main(&format!("{url}index.html"));
        let doc = scraper::Html::parse_fragment(&main);
        let first = doc.select(&sel).next();
        let got = first.and_then(|e| {
            let v = e.value();
            v.attr("href").or(v.attr("src")).or(v.attr("data")).map(str::to_owned)
        });
        let want = c.opens.map(|o| {
            let (file, anchor) = o.split_once('#').map_or((o, None), |(f, a)| (f, Some(a)));
            let encode = pivotbook::render::encode_path;
            let path = if file == "SELF" {
                format!("/{}", encode(&url))
            } else if file.ends_with(".md") {
                format!("/{}", encode(&pivotbook::model::url_for(std::path::Path::new(file))))
            } else {
                format!("/{}", encode(file))
            };
            match anchor {
                Some(a) => format!("{path}#{a}"),
                None => path,
            }
        });
        if got != want {
            wrong.push(format!("{} in {:?}: got {got:?}, want {want:?} ({})", c.link, c.from, c.source));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let d = t.diagnostics();
    for must in [
        "ambiguous-link `Beta` matches 2 pages: `archive/Beta`, `projects/Beta`",
        "ambiguous-link `icon.png` matches 2 files",
        "broken-link no page is named `Missing Note`",
        "unpublished-link `Draft` is not published",
    ] {
        assert!(d.iter().any(|x| x.contains(must)), "{must}: {d:?}");
    }
}
