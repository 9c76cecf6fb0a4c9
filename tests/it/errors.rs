//! Bad input: each case is a small site under `tests/fixtures/invalid/<case>/`
//! and the diagnostics it must produce (code, file and line). The build must
//! fail with exit 1, never panic, and leave the previous output untouched.

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
        let got: Vec<String> = t
            .report()
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.severity == pivotbook::diag::Severity::Error)
            .map(|d| format!("{}:{} {}", d.span.path.display(), d.span.line, d.code))
            .collect();
        if got != *want {
            failures.push(format!("{case}: want {want:?}, got {got:?} ({:?})", t.diagnostics()));
        }
        assert!(!t.report().written, "{case}: wrote a site");
        assert_eq!(before, tree(&t.root().join("public")), "{case}: previous output changed");
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
