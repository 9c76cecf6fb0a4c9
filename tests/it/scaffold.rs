//! `pivotbook init` and `pivotbook new`: a scaffold that builds, and pages
//! created where they belong.

use crate::support::SiteTest;

#[test]
fn init_scaffolds_a_site_that_builds_without_warnings() {
    let t = SiteTest::from_str("");
    let (code, out, err) = t.run_cli(&["init", "kb"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("kb/.github/workflows/pages.yml"), "{out}");
    let (code, _, err) = t.run_cli(&["build", "--root", "kb", "--strict"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
    for page in
        ["companies/example-co", "deals/example-co-gpu-financing", "topics/gpu-financing", "notes/getting-started"]
    {
        assert!(t.root().join("kb/public").join(page).join("index.html").is_file(), "{page}");
    }
    let (code, _, err) = t.run_cli(&["init", "kb"]);
    assert_eq!(code, 2);
    assert!(err.contains("not empty"), "{err}");
}

#[test]
fn new_creates_each_kind_in_its_folder_and_refuses_to_overwrite() {
    let t = SiteTest::from_str("");
    assert_eq!(t.run_cli(&["init", "kb"]).0, 0);
    for (kind, folder) in [("company", "companies"), ("deal", "deals"), ("topic", "topics"), ("note", "notes")] {
        let (code, out, err) = t.run_cli(&["new", kind, "Acme: Big Plans!", "--root", "kb"]);
        assert_eq!(code, 0, "{err}");
        let path = t.root().join("kb/content").join(folder).join("acme-big-plans.md");
        assert_eq!(out.trim(), format!("kb/content/{folder}/acme-big-plans.md"), "{out}");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("---\n"), "{text}");
        let (code, _, err) = t.run_cli(&["new", kind, "acme big plans", "--root", "kb"]);
        assert_eq!(code, 2, "{kind}: {err}");
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "overwritten");
    }
}

#[test]
fn a_new_note_builds_and_a_new_company_names_what_to_fill_in() {
    let t = SiteTest::from_str("");
    assert_eq!(t.run_cli(&["init", "kb"]).0, 0);
    assert_eq!(t.run_cli(&["new", "note", "Fresh thoughts", "--root", "kb"]).0, 0);
    let (code, _, err) = t.run_cli(&["check", "--root", "kb"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(t.run_cli(&["new", "company", "Acme Mining", "--root", "kb"]).0, 0);
    let (code, _, err) = t.run_cli(&["check", "--root", "kb"]);
    assert_eq!(code, 1);
    assert!(err.contains("missing required field `category`"), "{err}");
    assert!(err.contains("missing required field `summary`"), "{err}");
    assert!(err.contains("a company needs at least one source"), "{err}");
    let path = t.root().join("kb/content/companies/acme-mining.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let filled = text
        .lines()
        .map(|l| match l {
            l if l.starts_with("category:") => "category: miner".to_string(),
            l if l.starts_with("summary:") => "summary: \"A miner.\"".to_string(),
            l if l.starts_with("  # - {url:") => "  - {url: \"https://example.org/a\", title: \"A\"}".to_string(),
            l => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, filled + "\n").unwrap();
    let (code, _, err) = t.run_cli(&["check", "--root", "kb"]);
    assert_eq!(code, 0, "{err}");
}
