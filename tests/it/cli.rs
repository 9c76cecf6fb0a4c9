//! The binary: exit codes, summaries and diagnostic formats.

use crate::build::BASIC;
use crate::support::SiteTest;

#[test]
fn exit_codes() {
    let t = SiteTest::from_str(BASIC);
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("built "), "{err}");
    t.write("content/notes/orphan.md", "No links here.\n");
    assert_eq!(t.run_cli(&["check"]).0, 0, "a warning is not fatal");
    assert_eq!(t.run_cli(&["check", "--strict"]).0, 1, "unless --strict");
    t.write("content/notes/bad.md", "[[nowhere]]\n");
    let (code, _, err) = t.run_cli(&["build"]);
    assert_eq!(code, 1);
    assert!(err.contains("error[broken-link]: no page is named `nowhere`"), "{err}");
    assert!(err.contains("--> content/notes/bad.md:1:1"), "{err}");
    assert_eq!(t.run_cli(&["build", "--root", "does-not-exist"]).0, 2);
    assert_eq!(t.run_cli(&["build", "--no-such-flag"]).0, 2);
}

#[test]
fn refuses_to_replace_a_foreign_folder() {
    let t = SiteTest::from_str(BASIC);
    t.write("mine/keep.txt", "precious");
    let (code, _, err) = t.run_cli(&["build", "--out", "mine"]);
    assert_eq!(code, 2);
    assert!(err.contains("refusing to replace"), "{err}");
    assert_eq!(std::fs::read_to_string(t.root().join("mine/keep.txt")).unwrap(), "precious");
    assert_eq!(t.run_cli(&["build", "--out", "."]).0, 2);
    assert_eq!(t.run_cli(&["build", "--out", "content"]).0, 2);
}

#[test]
fn github_and_json_formats() {
    let t = SiteTest::from_str(BASIC);
    t.write("content/notes/bad.md", "text\n[[nowhere]]\n");
    let (code, out, _) = t.run_cli(&["check", "--format", "github"]);
    assert_eq!(code, 1);
    assert!(
        out.lines()
            .any(|l| l == "::error file=content/notes/bad.md,line=2,col=1::no page is named `nowhere` [broken-link]"),
        "{out}"
    );
    let (_, out, _) = t.run_cli(&["check", "--format", "json"]);
    let line = out.lines().find(|l| l.contains("broken-link")).unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(v["code"], "broken-link");
    assert_eq!(v["span"]["line"], 2);
}

#[test]
fn timings_list_each_stage() {
    let t = SiteTest::from_str(BASIC);
    let (code, _, err) = t.run_cli(&["build", "--timings"]);
    assert_eq!(code, 0);
    for stage in ["load", "parse", "link", "render+write", "commit", "pages"] {
        assert!(err.contains(stage), "{stage}: {err}");
    }
}
