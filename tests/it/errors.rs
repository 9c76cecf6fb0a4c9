//! Bad input: each case is a small site under `tests/fixtures/invalid/<case>/`
//! and the diagnostics it must produce (code, file and line). The build must
//! fail with exit 1, never panic, and leave the previous output untouched;
//! the binary must say the same on stderr. Cases that cannot be committed as
//! files (unreadable files, symbolic link loops) are in `robust.rs`.

use crate::support::{fixtures, tree, SiteTest};

/// (case, expected `path:line code` of every error, in order).
const CASES: &[(&str, &[&str])] = &[
    ("unclosed-front-matter", &["content/notes/a.md:1 unclosed-front-matter"]),
    ("yaml-syntax", &["content/companies/acme.md:4 yaml-syntax"]),
    ("tab-indent", &["content/companies/acme.md:4 yaml-syntax"]),
    ("duplicate-key", &["content/topics/t.md:3 yaml-syntax"]),
    ("wrong-type", &["content/companies/acme.md:5 invalid-field"]),
    ("unknown-field", &["content/companies/acme.md:4 unknown-field"]),
    ("bad-enum", &["content/companies/acme.md:3 invalid-field"]),
    ("impossible-date", &["content/deals/d.md:3 invalid-date"]),
    ("bad-amount", &["content/deals/d.md:9 invalid-amount", "content/deals/d.md:10 invalid-amount"]),
    ("missing-party", &["content/deals/d.md:7 broken-link"]),
    ("not-utf8", &["content/notes/a.md:2 not-utf8"]),
    ("binary", &["content/notes/a.md:0 binary-file"]),
    ("url-collision", &["content/notes/iren.md:0 url-collision"]),
    ("broken-link", &["content/notes/a.md:4 broken-link"]),
    ("config-unknown-key", &["pivotbook.yaml:2 invalid-config"]),
    ("config-bad-base-url", &["pivotbook.yaml:0 invalid-config"]),
    ("template-error", &["templates/note.html:3 template"]),
    ("alias-bomb", &["content/notes/a.md:1 yaml-syntax"]),
    ("number-too-large", &["content/deals/d.md:8 number-too-large"]),
    ("url-collision-spaces", &["content/notes/a-b.md:0 url-collision"]),
    ("missing-heading", &["content/notes/a.md:3 missing-heading"]),
    ("ambiguous-link", &["content/notes/test.md:3 ambiguous-link"]),
    ("link-outside-content", &["content/notes/a.md:3 link-outside-content"]),
    ("absolute-path-link", &["content/notes/a.md:3 absolute-path"]),
    ("config-yaml-syntax", &["pivotbook.yaml:2 yaml-syntax"]),
    ("template-render-error", &["templates/note.html:4 template"]),
    ("html-too-deep", &["content/notes/a.md:3 html-too-deep"]),
    ("yaml-too-deep", &["content/notes/a.md:3 yaml-syntax"]),
    // Every output path has one owner, checked before the first write.
    ("redirect-onto-static", &["content/notes/a.md:3 redirect-collision"]),
    ("redirect-onto-404", &["content/notes/a.md:4 redirect-collision"]),
    ("redirect-name-too-long", &["content/notes/a.md:3 invalid-output-path"]),
    (
        "asset-onto-theme-file",
        &["content/mermaid-init.js:0 url-collision", "content/vendor/mermaid.min.js:0 url-collision"],
    ),
    ("page-onto-tags", &["content/tags.md:0 url-collision"]),
];

/// (case, text that one of its error messages must contain): both files of a
/// collision are named, a template error names the page being rendered.
const MESSAGES: &[(&str, &str)] = &[
    ("url-collision", "`content/notes/IREN.md` and `content/notes/iren.md` both become the page /notes/iren/"),
    ("url-collision-spaces", "`content/notes/a b.md` and `content/notes/a-b.md` both become the page /notes/a-b/"),
    ("template-error", "Failed to parse 'note.html'"),
    ("template-render-error", "failed to render /notes/a/"),
    ("ambiguous-link", "`companies/iren`, `notes/iren`"),
    ("number-too-large", "the number 18446744073709551616 is too large"),
    ("html-too-deep", "raw HTML nests 600 levels deep here; at most 512 are allowed"),
    ("redirect-onto-static", "would write /style.css/index.html under the file /style.css"),
    ("redirect-onto-404", "would write /404.html/index.html under the file /404.html"),
    ("redirect-name-too-long", "a name in it is 300 bytes long; at most 255 are allowed"),
    ("page-onto-tags", "this page would replace the tag index, generated at /tags/"),
];

#[test]
fn every_invalid_case_is_reported_at_its_line() {
    let mut failures = Vec::new();
    for (case, want) in CASES {
        let mut t = SiteTest::from_fixture(&format!("invalid/{case}"));
        t.write("public/.pivotbook-output", "");
        t.write("public/index.html", "previous site");
        let before = tree(&t.root().join("public"));
        t.build();
        let got = t.errors();
        if got != *want {
            failures.push(format!("{case}: want {want:?}, got {got:?} ({:?})", t.diagnostics()));
        }
        for (_, text) in MESSAGES.iter().filter(|(c, _)| c == case) {
            if !t.report().diagnostics.items().iter().any(|d| d.message.contains(text)) {
                failures.push(format!("{case}: no message contains {text:?} ({:?})", t.diagnostics()));
            }
        }
        assert!(!t.report().written, "{case}: wrote a site");
        assert_eq!(before, tree(&t.root().join("public")), "{case}: previous output changed");
        // The binary: exit 1, the first error located on stderr, no panic.
        let (code, _, err) = t.run_cli(&["build"]);
        let (path, line) = want[0].split_once(' ').unwrap().0.rsplit_once(':').unwrap();
        let at = if line == "0" { format!("--> {path}\n") } else { format!("--> {path}:{line}:") };
        if code != 1 || !err.contains(&at) || err.contains("panicked") {
            failures.push(format!("{case}: exit {code}, want 1 and `{at}` in:\n{err}"));
        }
        assert_eq!(before, tree(&t.root().join("public")), "{case}: the binary changed the previous output");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_has_a_case() {
    let mut dirs: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    dirs.sort();
    let mut cases: Vec<String> = CASES.iter().map(|(c, _)| c.to_string()).collect();
    cases.sort();
    assert_eq!(dirs, cases);
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let mut t = SiteTest::from_str(
        "//- content/notes/a.md\n[[x1]]\n//- content/notes/b.md\n---\ndate: 2025-13\n---\n[[x2]]\n//- content/companies/c.md\n---\nname: C\n---\n",
    );
    t.build();
    let codes: Vec<&str> = t
        .report()
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == pivotbook::diag::Severity::Error)
        .map(|d| d.code)
        .collect();
    assert_eq!(
        codes,
        ["missing-field", "missing-field", "missing-field", "broken-link", "invalid-date", "broken-link"]
    );
}
