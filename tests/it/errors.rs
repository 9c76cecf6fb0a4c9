//! Bad input: each case is a small site under `tests/fixtures/invalid/<case>/`
//! and the diagnostics it must produce: a snapshot of what the binary prints
//! (`tests/it/snapshots/it__errors__diagnostics__<case>.snap`). The build
//! must fail with exit 1, never panic, and leave the previous output
//! untouched. Cases that cannot be committed as files (unreadable files,
//! symbolic link loops) are in `robust.rs`.

use crate::support::{fixtures, redact, tree, SiteTest};

/// The invalid fixture cases, sorted.
fn cases() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    dirs.sort();
    dirs
}

/// Each case's diagnostics are the snapshot `diagnostics__<case>`: what
/// `pivotbook build` prints on stderr (every diagnostic with its
/// `path:line:col`, code, snippet and help, then the summary).
#[test]
fn every_invalid_case_is_reported_at_its_line() {
    for case in cases() {
        let mut t = SiteTest::from_fixture(&format!("invalid/{case}"));
        t.write("public/.pivotbook-output", "");
        t.write("public/index.html", "previous site");
        let before = tree(&t.root().join("public"));
        t.build();
        assert!(t.report().diagnostics.error_count() > 0, "{case}: no error ({:?})", t.diagnostics());
        assert!(!t.report().written, "{case}: wrote a site");
        assert_eq!(before, tree(&t.root().join("public")), "{case}: previous output changed");
        // The binary: exit 1, every diagnostic located on stderr, no panic.
        let (code, _, err) = t.run_cli(&["build"]);
        assert!(!err.contains("panicked"), "{case}: {err}");
        assert_eq!(code, 1, "{case}: {err}");
        insta::assert_snapshot!(format!("diagnostics__{case}"), redact(&err, t.root()));
        assert_eq!(before, tree(&t.root().join("public")), "{case}: the binary changed the previous output");
    }
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
    assert_eq!(codes, ["missing-field", "missing-field", "missing-field", "broken-link", "broken-link"]);
    // A free note's bad date is skipped with a warning: its front matter is the user's own.
    let warned = t.report().diagnostics.items().iter().any(|d| d.code == "invalid-date" && d.span.line == 2);
    assert!(warned, "{:?}", t.diagnostics());
}
