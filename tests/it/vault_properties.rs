//! A vault's front matter is the user's own (issue 21): the fixture vault in
//! `tests/fixtures/obsidian/properties` (`links: warn`, `ignore:`), built and
//! asserted on its HTML and diagnostics, and small sites for the unknown-key
//! count and the `.obsidian/` default. Expectations are computed by hand
//! from the fixture files.

use crate::support::SiteTest;

fn vault() -> SiteTest {
    let mut t = SiteTest::from_fixture("obsidian/properties");
    t.build();
    assert_eq!(t.errors(), Vec::<String>::new(), "{:?}", t.diagnostics());
    t
}

/// The diagnostics of one file, as `line:col code`.
fn diags_of(t: &SiteTest, file: &str) -> Vec<String> {
    t.report()
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.span.path.to_string_lossy() == format!("content/{file}"))
        .map(|d| format!("{}:{} {} {:?}", d.span.line, d.span.col, d.code, d.severity))
        .collect()
}

/// `dt: dd` pairs of a page's properties table, links as `text->url`.
fn properties(main: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(main);
    let row = scraper::Selector::parse("dl.properties > div").unwrap();
    let dt = scraper::Selector::parse("dt").unwrap();
    let a = scraper::Selector::parse("dd a").unwrap();
    doc.select(&row)
        .map(|r| {
            let key: String = r.select(&dt).flat_map(|e| e.text()).collect();
            let text: String = r.text().collect::<String>();
            let links: Vec<String> = r
                .select(&a)
                .map(|l| format!("{}->{}", l.text().collect::<String>(), l.value().attr("href").unwrap_or("")))
                .collect();
            format!("{key}: {} [{}]", text.trim_start_matches(key.as_str()), links.join(" "))
        })
        .collect()
}

#[test]
fn empty_list_items_are_ignored_without_a_word() {
    // Obsidian Help, "Properties" (en/Editing and formatting/Properties.md): a list property
    // may be left with an empty item, as the editor writes it (`tags:` then `- `).
    let t = vault();
    assert_eq!(diags_of(&t, "Reading list.md"), vec!["10:5 broken-link Warning", "18:36 broken-link Warning"]);
    let main = t.main("reading-list/index.html");
    assert!(main.contains(r#"<ul class="tags"><li><a href="/tags/reading/">reading</a></li></ul>"#), "{main}");
}

#[test]
fn a_date_and_time_gives_its_date() {
    // Obsidian Help, "Properties": the "Date & time" type is written `2024-01-15T10:30`.
    let t = vault();
    assert!(t.main("reading-list/index.html").contains(r#"<time datetime="2024-01-15">"#));
    assert!(t.main("meeting/index.html").contains(r#"<time datetime="2024-03-02">"#), "a space before the time too");
    assert_eq!(diags_of(&t, "Meeting.md"), Vec::<String>::new());
    // A date property that is no date is skipped, with a warning at its value.
    assert_eq!(diags_of(&t, "Numbers.md"), vec!["3:7 invalid-date Warning"]);
    assert!(!t.main("numbers/index.html").contains("<time"));
}

#[test]
fn template_placeholders_are_skipped_with_a_warning_and_ignored_templates_say_nothing() {
    // Obsidian Help, "Properties": a template's properties hold `{{date}}` until a note is made from it.
    let t = vault();
    assert_eq!(
        diags_of(&t, "Placeholders.md"),
        vec!["2:10 invalid-property Warning", "3:7 invalid-property Warning", "4:8 invalid-property Warning"]
    );
    let main = t.main("placeholders/index.html");
    assert!(!main.contains("{{"), "{main}");
    assert_eq!(properties(&main), vec!["status: draft []"], "the property that parses is kept");
    // Templates/ is ignored: not loaded, not published, no diagnostic.
    assert_eq!(diags_of(&t, "Templates/Daily.md"), Vec::<String>::new());
    assert!(!t.root().join("public/templates/daily").exists());
}

#[test]
fn yaml_that_does_not_parse_is_one_warning_and_the_note_is_published() {
    // Obsidian Help, "Properties": properties are YAML; `- @alice` is not valid YAML (`@` is reserved).
    let t = vault();
    assert_eq!(diags_of(&t, "People.md"), vec!["4:5 yaml-syntax Warning"]);
    let main = t.main("people/index.html");
    // Titled by its file name, which its heading is: shown once, as the title, with the heading's id.
    assert!(main.contains("<h1 id=\"people\">People</h1>"), "titled from its heading, without properties: {main}");
    assert_eq!(main.matches("<h1").count(), 1, "{main}");
    // Links to it resolve (it used to be dropped, and every link to it reported).
    assert!(t.main("reading-list/index.html").contains(r#"<a href="/people/">People</a>"#));
}

#[test]
fn yaml_that_does_not_parse_stays_an_error_for_a_company() {
    // Obsidian Help, "Properties" names the free-form properties; the knowledge base's kinds keep their schemas.
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\nlinks: warn\n//- content/companies/acme.md\n---\nname: Acme\nx:\n  - @a\n---\n",
    );
    t.build();
    assert_eq!(t.errors(), vec!["content/companies/acme.md:4 yaml-syntax"]);
}

#[test]
fn topics_naming_a_note_are_a_property_link_and_a_backlink() {
    // Obsidian Help, "Properties": a link in a property is written in quotes, `"[[Link]]"`.
    let t = vault();
    let main = t.main("reading-list/index.html");
    assert!(properties(&main).contains(&"topics: Evergreen [Evergreen->/evergreen/]".to_string()), "{main}");
    let evergreen = t.main("evergreen/index.html");
    assert!(evergreen.contains(r#"<a href="/reading-list/">Reading list</a>"#), "a backlink: {evergreen}");
    assert!(evergreen.contains(r#"<p class="context">topics</p>"#), "with the property as context: {evergreen}");
    assert!(t.errors().is_empty(), "no wrong-kind error");
}

#[test]
fn custom_properties_are_shown_with_their_links() {
    // Obsidian Help, "Properties": text, list and number properties; links in text and list values.
    let t = vault();
    let main = t.main("reading-list/index.html");
    assert_eq!(
        properties(&main),
        vec![
            "categories: Books, Missing shelf [Books->/books/]",
            "rating: 4 []",
            "related: see the books too [the books->/books/]",
            "topics: Evergreen [Evergreen->/evergreen/]",
        ],
        "{main}"
    );
    // A property link counts as a backlink, its context the property's name.
    let books = t.main("books/index.html");
    assert!(books.contains(r#"<p class="context">categories</p>"#), "{books}");
    // A property link that resolves nowhere is a located warning under `links: warn`.
    let broken: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("Missing shelf")).collect();
    assert_eq!(broken, vec!["content/Reading list.md:10:5 broken-link no page is named `Missing shelf`"]);
    // Numbers in a text list are text.
    assert!(t.main("numbers/index.html").contains(r#"<a href="/tags/2024/">2024</a>"#));
}

#[test]
fn a_broken_property_link_is_an_error_under_links_error() {
    // Obsidian Help, "Internal links" (en/Linking notes and files/Internal links.md): a link to a note
    // that does not exist; the knowledge base's policy (`links: error`) makes it an error.
    let mut t = SiteTest::from_str("//- content/a.md\n---\nup: \"[[Nowhere]]\"\n---\n# A\n");
    t.build();
    assert_eq!(t.errors(), vec!["content/a.md:2 broken-link"]);
}

#[test]
fn an_unknown_key_is_warned_once_with_its_count_under_links_error() {
    // Obsidian Help, "Properties": any key is a property; outside a vault pivotbook names it once.
    let mut t = SiteTest::from_str(
        "//- content/a.md\n---\nratng: 4\n---\n# A\n[[b]] [[c]]\n\
         //- content/b.md\n---\ntitle: B\nratng: 5\n---\n[[a]]\n\
         //- content/c.md\n---\nratng: 1\n---\n[[a]]\n",
    );
    t.build();
    let unknown: Vec<String> = t.diagnostics().into_iter().filter(|d| d.contains("unknown-field")).collect();
    assert_eq!(
        unknown,
        vec!["content/a.md:2:1 unknown-field unknown field `ratng` (in 3 pages; reported here, at its first use)"]
    );
    // Still shown on the note.
    assert_eq!(properties(&t.main("b/index.html")), vec!["ratng: 5 []"]);
}

#[test]
fn unknown_keys_of_a_vault_note_are_not_warned_about() {
    // Obsidian Help, "Properties": the keys are the user's.
    let t = vault();
    assert!(!t.diagnostics().iter().any(|d| d.contains("unknown-field")), "{:?}", t.diagnostics());
    // Nor a vault's home note's.
    let mut t =
        SiteTest::from_str("//- pivotbook.yaml\nlinks: warn\n//- content/index.md\n---\nbanner: x.png\n---\n# Home\n");
    t.build();
    assert_eq!(t.diagnostics(), Vec::<String>::new());
    let mut t = SiteTest::from_str("//- content/index.md\n---\nbanner: x.png\n---\n# Home\n");
    t.build();
    assert_eq!(t.diagnostics(), vec!["content/index.md:2:1 unknown-field unknown field `banner`"]);
}

#[test]
fn ignore_leaves_out_folders_and_globs_and_links_to_them_are_broken() {
    // Obsidian Help, "Internal links": a link to a note that is not there is unresolved.
    let t = vault();
    assert!(!t.root().join("public/board-excalidraw").exists(), "*.excalidraw.md is ignored");
    assert!(!t.root().join("public/board.excalidraw").exists());
    let d = t.report().diagnostics.items().iter().find(|d| d.message == "no page is named `Daily`").cloned();
    let d = d.expect("the link to the ignored note is broken");
    assert_eq!((d.code, d.span.line), ("broken-link", 18));
    assert_eq!(d.help.as_deref(), Some("`Templates/Daily.md` is ignored by `ignore:` in pivotbook.yaml"));
}

#[test]
fn a_link_to_an_ignored_note_names_the_first_ignored_file_by_name_or_path() {
    let mut t = SiteTest::from_str(
        "//- pivotbook.yaml\ntitle: x\nignore: [\"Templates/\", \"old/\"]\n//- content/a.md\n# A\n\n[[Daily]] [[old/Daily]] [[Templates/Weekly]] [[Monthly]]\n//- content/Templates/Daily.md\nx\n//- content/Templates/Weekly.md\nx\n//- content/old/Daily.md\nx\n",
    );
    t.build();
    let help = |name: &str| {
        let d = t.report().diagnostics.items().iter().find(|d| d.message == format!("no page is named `{name}`"));
        d.and_then(|d| d.help.clone())
    };
    // Files are listed in order: `Templates/Daily.md` comes before `old/Daily.md`.
    assert_eq!(help("Daily").as_deref(), Some("`Templates/Daily.md` is ignored by `ignore:` in pivotbook.yaml"));
    assert_eq!(help("old/Daily").as_deref(), Some("`old/Daily.md` is ignored by `ignore:` in pivotbook.yaml"));
    assert_eq!(
        help("Templates/Weekly").as_deref(),
        Some("`Templates/Weekly.md` is ignored by `ignore:` in pivotbook.yaml")
    );
    assert!(!help("Monthly").unwrap_or_default().contains("ignored"));
}

#[test]
fn a_bad_ignore_pattern_is_a_located_config_error() {
    let mut t = SiteTest::from_str("//- pivotbook.yaml\ntitle: x\nignore:\n  - \"[z-a]\"\n//- content/a.md\n# A\n");
    t.build();
    assert_eq!(t.errors(), vec!["pivotbook.yaml:3 invalid-config"]);
}

#[test]
fn a_content_folder_with_dot_obsidian_defaults_to_links_warn() {
    // Obsidian Help, "Internal links": a vault keeps links to notes not written yet.
    let vault = "//- content/.obsidian/app.json\n{}\n//- content/a.md\n# A\n[[Not yet]]\n";
    let mut t = SiteTest::from_str(vault);
    t.build();
    assert_eq!(t.errors(), Vec::<String>::new());
    assert!(t.diagnostics().iter().any(|d| d.contains("broken-link")), "{:?}", t.diagnostics());
    let mut t = SiteTest::from_str(&format!("//- pivotbook.yaml\nlinks: error\n{vault}"));
    t.build();
    assert_eq!(t.errors(), vec!["content/a.md:2 broken-link"], "a `links:` written wins");
}

#[test]
fn a_vaults_templates_are_left_out_unless_ignore_is_set() {
    // Obsidian Help, "Templates" (en/Plugins/Templates.md): the plugin's settings name the
    // template folder; its notes hold `{{date}}` until a note is made from one. Templater's
    // settings name one too (`templates_folder`).
    let vault = "//- content/.obsidian/templates.json\n{\"folder\": \"Storage/Templates/\"}\n\
        //- content/.obsidian/plugins/templater-obsidian/data.json\n{\"templates_folder\": \"Tpl\", \"x\": 1}\n\
        //- content/Storage/Templates/Daily.md\n---\ndate: \"{{date}}\"\n---\n# {{date}}\n\
        //- content/Tpl/Meeting.md\n---\ncreated: \"{{date}}\"\n---\nAgenda\n\
        //- content/Storage/Templates/Bases/Books.base\nviews: []\n\
        //- content/Storage/Kept.md\nKept, beside [[Daily]]. ![[Books.base]]\n\
        //- content/Home.md\nSee [[Kept]] and [[Meeting]].\n";
    let mut t = SiteTest::from_str(vault);
    t.build();
    assert!(t.report().written && t.errors().is_empty(), "{:?}", t.diagnostics());
    assert!(!t.root().join("public/storage/templates/daily").exists() && !t.root().join("public/tpl").exists());
    assert!(t.root().join("public/storage/kept/index.html").is_file());
    // Only its notes: a vault may keep beside its templates the `.base` files its notes embed.
    assert!(t.root().join("public/Storage/Templates/Bases/Books.base").is_file());
    assert!(t.diagnostics().iter().all(|d| !d.contains("Books.base")), "{:?}", t.diagnostics());
    assert!(t.diagnostics().iter().all(|d| !d.contains("invalid-property")), "{:?}", t.diagnostics());
    let help = |t: &SiteTest, name: &str| {
        t.report().diagnostics.items().iter().find(|d| d.message.contains(name)).and_then(|d| d.help.clone())
    };
    assert_eq!(
        help(&t, "`Daily`").as_deref(),
        Some("`Storage/Templates/Daily.md` is in `Storage/Templates`, the vault's templates folder, whose notes are not published (set `ignore:` in pivotbook.yaml to choose what is)")
    );
    assert!(help(&t, "`Meeting`").is_some_and(|h| h.contains("in `Tpl`, the vault's templates folder")));

    // `ignore:` in pivotbook.yaml says what is left out, and the templates are notes again.
    t.write("pivotbook.yaml", "ignore: [\"*.canvas\"]\n");
    t.build();
    assert!(t.root().join("public/storage/templates/daily/index.html").is_file());
    assert!(t.diagnostics().iter().any(|d| d.contains("invalid-property")), "{:?}", t.diagnostics());
}

#[test]
fn a_first_line_of_dashes_never_closed_is_a_rule_in_a_vault_and_an_error_in_a_knowledge_base() {
    // antoniofrancaib/zettelkasten-content: a poem opens with a rule and has no other `---`.
    // Obsidian reads front matter only between two `---` lines; alone, it is a rule.
    let poem = "---\n\nA poem after a rule.\n";
    let mut t = SiteTest::from_str("//- pivotbook.yaml\nlinks: warn\n//- content/index.md\nSee [[poem]].\n");
    t.write("content/poem.md", poem);
    t.build();
    assert_eq!(diags_of(&t, "poem.md"), vec!["1:1 unclosed-front-matter Warning"]);
    let main = t.main("poem/index.html");
    assert!(
        main.contains("<hr />\n<p>A poem after a rule.</p>") || main.contains("<hr>\n<p>A poem after a rule.</p>"),
        "{main}"
    );
    assert!(t.main("index.html").contains("href=\"/poem/\""));

    let mut t = SiteTest::from_str("//- pivotbook.yaml\ntitle: KB\n//- content/notes/index.md\nSee [[poem]].\n");
    t.write("content/notes/poem.md", poem);
    t.build();
    // One error, at the file's first line; the link to it is not a second one.
    assert_eq!(t.errors(), vec!["content/notes/poem.md:1 unclosed-front-matter"], "{:?}", t.diagnostics());
}

#[test]
fn sources_of_plain_values_in_a_vault_are_the_users_property_and_its_links_count() {
    // Obsidian Help, "Properties": a property is any key; a list of `"[[links]]"` links its notes.
    let vault = "//- content/.obsidian/app.json\n{}\n//- content/Lesson One.md\n# L\n//- content/Quiz.md\n---\nsources:\n  - \"[[Lesson One]]\"\n---\nQ.\n//- content/Cited.md\n---\nsources:\n  - {url: \"https://example.com/a\", title: A}\n---\nSee [[Quiz]] and [[Cited]].\n";
    let mut t = SiteTest::from_str(vault);
    t.build();
    let d = t.diagnostics();
    assert!(!d.iter().any(|d| d.contains("invalid-property") || d.contains("sources")), "{d:?}");
    assert!(!d.iter().any(|d| d.contains("orphan") && d.contains("Lesson One")), "{d:?}");
    assert_eq!(properties(&t.main("quiz/index.html")), ["sources: Lesson One [Lesson One->/lesson-one/]"]);
    // A cited source, a mapping, is still read as one.
    assert!(t.main("cited/index.html").contains("https://example.com/a"));
    assert!(properties(&t.main("cited/index.html")).is_empty());
    // Outside a vault, `sources` is the knowledge base's citations and a plain value is reported.
    let mut t = SiteTest::from_str(&vault.replace("//- content/.obsidian/app.json\n{}\n", ""));
    t.build();
    assert!(
        t.diagnostics().iter().any(|d| d.contains("content/Quiz.md:3") && d.contains("sources.0")),
        "{:?}",
        t.diagnostics()
    );
}
