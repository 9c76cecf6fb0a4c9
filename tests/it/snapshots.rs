//! Snapshot tests (insta): the `<main>` element of chosen pages of every
//! fixture site under `tests/fixtures/<feature>/<case>/`, one tag per line.
//! The diagnostics of the invalid fixtures are snapshotted in `errors.rs`.
//!
//! The snapshots are the files in `tests/it/snapshots/`; review a change
//! with `cargo insta review`, or write them all again with
//! `INSTA_UPDATE=always cargo test --test it snapshots` and read the diff.

use crate::support::{fixtures, SiteTest};

/// The pages snapshotted from each fixture site (invalid sites excepted).
/// Every fixture site must be listed: a new one needs its pages here.
const PAGES: &[(&str, &[&str])] = &[
    ("kinds/custom", &["people/ada/index.html", "people/index.html"]),
    (
        "money/ledger",
        &[
            "companies/labco/index.html",
            "deals/a-package/index.html",
            "deals/d1-draw/index.html",
            "deals/f-facility/index.html",
            "deals/w-option/index.html",
        ],
    ),
    ("obsidian/links", &["sources/linking/index.html"]),
    ("obsidian/markdown", &["embedder/index.html", "formatting/index.html", "structures/index.html"]),
    ("obsidian/pages", &["guides/index.html", "tags/plugin/index.html", "tags/index.html", "go/here/index.html"]),
    ("obsidian/properties", &["reading-list/index.html", "people/index.html"]),
    (
        "obsidian/resolution",
        &["alpha/index.html", "projects/index.html", "zeta/index.html", "notes/café-crème/index.html"],
    ),
    (
        "obsidian/vault",
        &[
            "callouts/index.html",
            "diagrams/index.html",
            "embeds/index.html",
            "formatting/index.html",
            "linking/index.html",
            "tagged/index.html",
            "targets/physics-note/index.html",
            "tags/project/index.html",
        ],
    ),
    (
        "site/kb",
        &[
            "companies/coreweave/index.html",
            "deals/iren-gpu-financing-2026/index.html",
            "notes/hosting-versus-cloud/index.html",
            "topics/convertible-notes/index.html",
        ],
    ),
];

/// `<feature>/<case>` of every fixture site but the invalid ones, sorted.
fn fixture_sites() -> Vec<String> {
    let mut sites = Vec::new();
    for feature in std::fs::read_dir(fixtures()).unwrap().map(|e| e.unwrap()) {
        let feature = feature.file_name().into_string().unwrap();
        if feature == "invalid" {
            continue;
        }
        for case in std::fs::read_dir(fixtures().join(&feature)).unwrap().map(|e| e.unwrap()) {
            sites.push(format!("{feature}/{}", case.file_name().into_string().unwrap()));
        }
    }
    sites.sort();
    sites
}

/// An HTML fragment with one tag per line, so a snapshot diff shows what changed.
pub fn one_tag_per_line(html: &str) -> String {
    html.replace("><", ">\n<")
}

/// A snapshot name from a fixture and a page: `money_ledger__deals_a-package`.
fn name(site: &str, page: &str) -> String {
    let page = page.trim_end_matches("index.html").trim_end_matches('/');
    let page = if page.is_empty() { "home" } else { page };
    format!("{}__{}", site.replace('/', "_"), page.replace('/', "_"))
}

#[test]
fn main_fragments_of_every_fixture_site() {
    let sites = fixture_sites();
    let listed: Vec<&str> = PAGES.iter().map(|(s, _)| *s).collect();
    assert_eq!(sites, listed, "every fixture site (and only those) has pages snapshotted in PAGES");
    for (site, pages) in PAGES {
        let mut t = SiteTest::from_fixture(site);
        t.build();
        assert!(t.report().written, "{site}: {:?}", t.diagnostics());
        for page in *pages {
            insta::assert_snapshot!(name(site, page), one_tag_per_line(&t.main(page)));
        }
    }
}
