//! Robustness: files that cannot be committed as fixtures (unreadable files,
//! symbolic link loops), inputs that must simply work (empty files, a BOM,
//! CRLF, deep folders, Unicode names, self links, cycles), script that must
//! never reach the output, and paths that must never leave it.

use std::path::Path;

use crate::build::BASIC;
use crate::support::{tree, SiteTest};

/// Errors of the last build as `path:line code`.
/// Every file under the site root except the output, with contents.
fn outside_output(t: &SiteTest) -> Vec<(String, Vec<u8>)> {
    tree(t.root()).into_iter().filter(|(p, _)| !p.starts_with("public/")).collect()
}

fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// (case, how to break the site, expected errors).
type Setup = fn(&Path);
const RUNTIME_CASES: &[(&str, Setup, &[&str])] = &[
    (
        "folder symlink loop",
        |c| std::os::unix::fs::symlink("..", c.join("notes/loop")).unwrap(),
        &["content/notes/loop:0 symlink-loop"],
    ),
    (
        "file symlink to itself",
        |c| std::os::unix::fs::symlink("self.md", c.join("notes/self.md")).unwrap(),
        &["content/notes/self.md:0 unreadable"],
    ),
    (
        "dangling symlink",
        |c| std::os::unix::fs::symlink("gone.md", c.join("notes/dangling.md")).unwrap(),
        &["content/notes/dangling.md:0 broken-symlink"],
    ),
];

#[test]
fn a_dangling_symlink_is_left_out_of_a_vault_with_a_warning() {
    // kirillkravt/my-digital-garden-content keeps links to scripts that are not in the repository.
    let mut t = SiteTest::from_str("//- pivotbook.yaml\nlinks: warn\n//- content/Note.md\nx\n");
    let found =
        |t: &SiteTest| -> Vec<String> { t.diagnostics().into_iter().filter(|d| !d.contains("orphan-page")).collect() };
    std::os::unix::fs::symlink("toolkit.sh", t.root().join("content/uch-analytics")).unwrap();
    t.build();
    assert_eq!(
        found(&t),
        ["content/uch-analytics:0:0 broken-symlink a symbolic link to `toolkit.sh`, which does not exist; it is left out"]
    );
    assert!(t.root().join("public/note/index.html").exists() && !t.root().join("public/uch-analytics").exists());
    t.write("pivotbook.yaml", "links: warn\nignore: [uch-*]\n");
    t.build();
    assert_eq!(found(&t), Vec::<String>::new(), "a path `ignore:` leaves out is not looked at");
}

#[test]
fn files_that_cannot_be_read_are_errors_and_keep_the_previous_site() {
    for (case, setup, want) in RUNTIME_CASES {
        let mut t = SiteTest::from_str(BASIC);
        t.build().assert_clean();
        let before = tree(&t.root().join("public"));
        setup(&t.root().join("content"));
        t.build();
        assert_eq!(t.errors(), *want, "{case}: {:?}", t.diagnostics());
        assert_eq!(before, tree(&t.root().join("public")), "{case}: previous output changed");
        let (code, _, err) = t.run_cli(&["build"]);
        assert!(code == 1 && !err.contains("panicked"), "{case}: exit {code}\n{err}");
    }
}

#[test]
fn a_file_without_read_permission_is_an_error() {
    if running_as_root() {
        // Root reads every file whatever its mode, so chmod 000 cannot make
        // one unreadable here; the dangling and self-referencing symlinks
        // above cover the same code path (a failed read of one file).
        eprintln!("skipped: running as root, where chmod 000 does not stop reads");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let mut t = SiteTest::from_str(BASIC);
    t.write("content/notes/secret.md", "x\n");
    let path = t.root().join("content/notes/secret.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    t.build();
    assert_eq!(t.errors(), ["content/notes/secret.md:0 unreadable"]);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// (path, text) of the files a case adds.
type Files = &'static [(&'static str, &'static str)];

/// (case, files, output page, text the page must contain).
const MUST_WORK: &[(&str, Files, &str, &str)] = &[
    ("zero-byte file", &[("content/notes/empty.md", "")], "notes/empty/index.html", "<h1>empty</h1>"),
    ("blank file", &[("content/notes/blank.md", "\n\n  \n")], "notes/blank/index.html", "<h1>blank</h1>"),
    (
        "BOM",
        &[("content/notes/bom.md", "\u{feff}---\ntitle: With BOM\n---\nText.\n")],
        "notes/bom/index.html",
        "<h1>With BOM</h1>",
    ),
    (
        "CRLF",
        &[("content/notes/crlf.md", "---\r\ntitle: Windows\r\n---\r\n## Part\r\n\r\nSee [[acme]].\r\n")],
        "notes/crlf/index.html",
        "<h2 id=\"part\">Part",
    ),
    (
        "only front matter",
        &[("content/notes/fm.md", "---\ntitle: Only front\n---\n")],
        "notes/fm/index.html",
        "<h1>Only front</h1>",
    ),
    (
        "front matter, no newline",
        &[("content/notes/fm.md", "---\ntitle: No newline\n---")],
        "notes/fm/index.html",
        "<h1>No newline</h1>",
    ),
    ("empty front matter", &[("content/notes/e.md", "---\n---\nBody.\n")], "notes/e/index.html", "<p>Body.</p>"),
    (
        "deep folders",
        &[("content/notes/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/deep.md", "Deep [[acme]].\n")],
        "notes/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/deep/index.html",
        "Deep <a href=\"/companies/acme/\"",
    ),
    (
        "spaces, Unicode and capitals",
        &[
            ("content/notes/Ünïcode Földer/Big Name ÄÖ.md", "See [[acme]].\n"),
            ("content/notes/x.md", "[[Big Name ÄÖ]]\n"),
        ],
        "notes/x/index.html",
        "href=\"/notes/%C3%BCn%C3%AFcode-f%C3%B6lder/big-name-%C3%A4%C3%B6/\"",
    ),
    (
        "links to the page itself",
        &[("content/notes/me.md", "## Top\n\n[[me]], [[me#Top]], [again](me.md) and [up](#top).\n")],
        "notes/me/index.html",
        "<a href=\"/notes/me/#top\">",
    ),
    (
        "link cycle",
        &[
            ("content/notes/a.md", "To [[b]].\n"),
            ("content/notes/b.md", "To [[c]].\n"),
            ("content/notes/c.md", "To [[a]].\n"),
        ],
        "notes/c/index.html",
        "To <a href=\"/notes/a/\">a</a>",
    ),
];

#[test]
fn unusual_but_valid_inputs_build() {
    let mut failures = Vec::new();
    for (case, files, page, want) in MUST_WORK {
        let mut t = SiteTest::from_str(BASIC);
        for (path, text) in *files {
            t.write(path, text);
        }
        t.build();
        if !t.errors().is_empty() || !t.report().written {
            failures.push(format!("{case}: {:?}", t.diagnostics()));
            continue;
        }
        let html = std::fs::read_to_string(t.root().join("public").join(page)).unwrap_or_default();
        if !html.contains(want) {
            failures.push(format!("{case}: {page} lacks {want:?}:\n{html}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn script_never_reaches_the_output() {
    let mut t = SiteTest::from_str(BASIC);
    t.write(
        "content/notes/xss.md",
        concat!(
            "---\ntitle: \"<script>alert('title')</script>\"\naliases: [\"<img src=x onerror=alert(1)>\"]\n",
            "tags: [\"<script>alert('tag')</script>\"]\n---\n",
            "Body <script>alert('body')</script> and <img src=https://img.example/x onerror=\"alert(2)\" alt=\"i\">\n\n",
            "<a href=\"javascript:alert(3)\">raw link</a> <a href=\"JaVaScRiPt:alert(4)\">mixed</a>\n\n",
            "<svg onload=alert(5)></svg> <iframe src=\"https://evil.example\"></iframe>\n\n",
            "<div style=\"background:url(javascript:alert(6))\">styled</div> See [[acme]] and [[tex]].\n\n",
            "## A heading {onload=alert(10) .ok}\n",
        ),
    );
    // TeX, with `markdown.math` on: its text and its annotation stay text.
    t.write(
        "content/notes/tex.md",
        concat!(
            "$x^{<img src=x onerror=alert(7)>}$ and $\\operatorname{<img src=y onerror=alert(8)>}$\n\n",
            "$$\\text{</math><script>alert(9)</script>}$$\n",
        ),
    );
    t.write("pivotbook.yaml", "title: Test\nmarkdown:\n  math: true\n");
    t.write(
        "content/companies/acme.md",
        &std::fs::read_to_string(t.root().join("content/companies/acme.md"))
            .unwrap()
            .replace("summary: A miner turning to AI hosting.", "summary: \"<script>alert('summary')</script>\""),
    );
    t.build();
    assert!(t.errors().is_empty(), "{:?}", t.diagnostics());
    // The theme's own scripts are the only ones allowed.
    let theme_scripts = [
        "<script src=\"/pivotbook.js\" defer></script>",
        "<script src=\"/search.js\" data-base=\"/\" defer></script>",
        "<script src=\"/graph-local.js\" data-base=\"/\" defer></script>",
        "<script src=\"/preview.js\" data-base=\"/\" defer></script>",
        "<script src=\"/graph.js\" data-base=\"/\" defer></script>",
        "<script src=\"/vendor/d3-graph.min.js\" defer></script>",
        "<script src=\"/deals.js\" defer></script>",
    ];
    for (path, bytes) in tree(&t.root().join("public")) {
        let text = theme_scripts.iter().fold(String::from_utf8_lossy(&bytes).to_lowercase(), |t, s| t.replace(s, ""));
        // The TeX page shows its formulas' source as (escaped) text, and the search index holds its
        // words (letters and digits only), so only tags are looked for there.
        let bad: &[&str] = if path.starts_with("notes/tex/") || path.starts_with("search/") {
            &["<script", "<img", "<iframe"]
        } else {
            &["<script", "onerror", "onload", "javascript:", "<iframe"]
        };
        for bad in bad {
            assert!(!text.contains(bad), "{path} contains {bad}");
        }
    }
    let tex = t.main("notes/tex/index.html");
    assert!(
        tex.contains("<annotation encoding=\"application/x-tex\">x^{&lt;img src=x onerror=alert(7)&gt;}</annotation>"),
        "{tex}"
    );
    let page = t.page("notes/xss/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(&#x27;title&#x27;)&lt;&#x2F;script&gt;") || page.contains("&lt;script&gt;")
    );
    assert!(t.main("notes/xss/index.html").contains("raw link"), "the link text stays");
}

#[test]
fn redirects_never_leave_the_output() {
    let bad = [
        "../../etc",
        "/a/../../b",
        "..",
        "./x",
        "a/./b",
        "%2e%2e/x",
        "a\\..\\..\\b",
        "https://evil.example/x",
        "?x",
        "/",
    ];
    for from in bad {
        let mut t = SiteTest::from_str(BASIC);
        t.write("content/notes/r.md", &format!("---\nredirect_from: [{from:?}]\n---\nSee [[acme]].\n"));
        let before = outside_output(&t);
        t.build();
        // In a free note a bad value is skipped with a warning; in any page it is never written.
        let found: Vec<(&str, u32)> = t
            .report()
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.code != "orphan-page")
            .map(|d| (d.code, d.span.line))
            .collect();
        assert_eq!(found, [("invalid-redirect", 2)], "{from}: {:?}", t.diagnostics());
        assert_eq!(before, outside_output(&t), "{from}: a file outside the output changed");
    }
}

#[test]
fn a_build_writes_nothing_outside_its_output() {
    let mut t = SiteTest::from_str(BASIC);
    t.write(
        "content/notes/odd.md",
        "---\naliases: [\"../../etc/passwd\", \"/tmp/x\"]\ntags: [\"../..\"]\n---\nSee [[acme]].\n",
    );
    t.write("content/notes/.. hidden.md", "x\n");
    t.write("content/.. weird/x.md", "See [[acme]].\n");
    let before = outside_output(&t);
    t.build();
    assert!(t.errors().is_empty(), "{:?}", t.diagnostics());
    assert_eq!(before, outside_output(&t));
    for (path, _) in tree(&t.root().join("public")) {
        assert!(!Path::new(&path).components().any(|c| c.as_os_str() == ".."), "{path}");
    }
}

#[test]
fn replacing_the_previous_output_never_follows_its_symlinks() {
    let mut t = SiteTest::from_str(BASIC);
    t.build().assert_clean();
    t.write("keep/precious.txt", "precious");
    let keep = t.root().join("keep");
    std::os::unix::fs::symlink(&keep, t.root().join("public/link-to-keep")).unwrap();
    std::os::unix::fs::symlink(&keep, t.root().join("public/notes/link-to-keep")).unwrap();
    t.build().assert_clean();
    assert!(!t.root().join("public/link-to-keep").exists(), "the old output is gone");
    assert_eq!(std::fs::read_to_string(keep.join("precious.txt")).unwrap(), "precious");
}

/// The checks of the `front_matter` fuzz target, run on its committed corpus
/// (which holds every input it ever crashed on, as `regress-*`): diagnostics
/// name a line of the file and never panic.
#[test]
fn front_matter_fuzz_corpus_passes() {
    const PATHS: [&str; 6] =
        ["companies/acme.md", "deals/acme-loan.md", "topics/ai.md", "notes/a b/Ünïcode.md", "_index.md", "x.md"];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/front_matter");
    let mut seen = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(e.unwrap().path()).unwrap();
        let Some((&selector, rest)) = data.split_first() else { continue };
        if selector == b'C' {
            // As `Config::load` reads it.
            let text = pivotbook::diag::unify_line_ends(String::from_utf8_lossy(rest).into_owned());
            if let Err(d) =
                pivotbook::yaml::parse_config::<pivotbook::config::Config>(&text, Path::new("pivotbook.yaml"))
            {
                assert!(d.span.line >= 1, "{d:?}");
            }
            continue;
        }
        seen += 1;
        let rel = Path::new(PATHS[usize::from(selector) % PATHS.len()]);
        let lines = rest.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u32 + 1;
        let Ok(doc) = pivotbook::load::read_doc(rel, rel, rest.to_vec(), &Default::default()) else { continue };
        let corpus = pivotbook::load::Corpus { docs: vec![doc], ..Default::default() };
        for d in pivotbook::model::build(&corpus, true).1 {
            assert!(d.span.line <= lines, "{d:?}");
        }
    }
    assert!(seen > 20, "the corpus is missing");
}

#[test]
fn a_named_pipe_in_the_content_folder_is_never_read() {
    // Reading a FIFO blocks until someone writes to it: the build must not.
    let mut t = SiteTest::from_str(BASIC);
    for name in ["content/notes/pipe.md", "content/notes/pipe.png"] {
        let path = std::ffi::CString::new(t.root().join(name).into_os_string().into_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo does not keep it.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    }
    t.build().assert_clean();
    assert!(!t.root().join("public/notes/pipe/index.html").exists());
}

#[test]
fn symbolic_links_out_of_the_site_are_errors_and_publish_nothing() {
    // A secret outside the site, reached by links from content, templates and the theme.
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "TOKEN=hunter2\n").unwrap();
    std::fs::create_dir_all(outside.path().join("dir")).unwrap();
    std::fs::write(outside.path().join("dir/note.md"), "# Leaked\n\nTOKEN=hunter2\n").unwrap();
    let mut t = SiteTest::from_str(BASIC);
    let c = t.root().join("content");
    std::os::unix::fs::symlink(&secret, c.join("notes/env.md")).unwrap();
    std::os::unix::fs::symlink(&secret, c.join("secret.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("dir"), c.join("imported")).unwrap();
    // A link inside the content folder is fine.
    std::fs::write(c.join("notes/real.md"), "# Real\n\nA note.\n").unwrap();
    std::os::unix::fs::symlink(c.join("notes/real.md"), c.join("notes/alias.txt")).unwrap();
    std::fs::create_dir_all(t.root().join("templates")).unwrap();
    std::os::unix::fs::symlink(&secret, t.root().join("templates/extra.html")).unwrap();
    t.build();
    let mut errors = t.errors();
    errors.sort();
    assert_eq!(
        errors,
        [
            "content/imported:0 symlink-outside",
            "content/notes/env.md:0 symlink-outside",
            "content/secret.txt:0 symlink-outside",
            "templates/extra.html:0 symlink-outside",
        ]
    );
    assert!(!t.report().written && !t.root().join("public").exists(), "nothing is published");
}

#[test]
fn templates_cannot_read_the_environment_and_themes_are_folder_names() {
    let mut t = SiteTest::from_str(BASIC);
    t.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}{{ get_env(name=\"HOME\") }}{% endblock main %}",
    );
    t.build();
    let d = t.diagnostics().join("\n");
    assert!(d.contains("template") && d.contains("`get_env` is not available"), "{d}");
    assert!(!t.report().written);
    for theme in ["/etc", "../other", "a/b"] {
        let mut t = SiteTest::from_str(BASIC);
        t.write("pivotbook.yaml", &format!("title: T\ntheme: \"{theme}\"\n"));
        t.build();
        assert_eq!(t.errors(), ["pivotbook.yaml:0 invalid-config"], "{theme}");
    }
}
