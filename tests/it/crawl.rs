//! Crawls built sites and fails on any internal link, asset or anchor that
//! does not resolve, with and without a subpath base URL.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use scraper::{Html, Selector};

use crate::build::BASIC;
use crate::support::SiteTest;

/// Every internal reference of the site at `out` served at `base` (a path
/// such as `/` or `/repo/`), with `origin` for absolute URLs: (page, URL
/// path, anchor). References outside the base path are returned as they are.
pub fn internal_references(out: &Path, base: &str, origin: &str) -> Vec<(String, String, Option<String>)> {
    let sel = Selector::parse("a[href], link[href], img[src], script[src], source[src]").unwrap();
    let mut refs = Vec::new();
    for e in walkdir::WalkDir::new(out).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let from = e.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
        let doc = Html::parse_document(&std::fs::read_to_string(e.path()).unwrap());
        for node in doc.select(&sel) {
            let v = node.value();
            let url = v.attr("href").or_else(|| v.attr("src")).unwrap_or("");
            let url = url.strip_prefix(origin).filter(|_| !origin.is_empty()).unwrap_or(url);
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
                || url.starts_with("//")
            {
                continue;
            }
            let (path, frag) = url.split_once('#').unwrap_or((url, ""));
            let page_url = format!("{base}{}", from.trim_end_matches("index.html"));
            let path = if path.is_empty() { page_url } else { path.to_string() };
            refs.push((from.clone(), path, (!frag.is_empty()).then(|| frag.to_string())));
        }
    }
    refs
}

/// Every broken internal reference in the site at `out` (see
/// [`internal_references`]), checked against the files.
pub fn broken_references(out: &Path, base: &str, origin: &str) -> Vec<String> {
    let ids_sel = Selector::parse("[id]").unwrap();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut broken = Vec::new();
    for (from, url, frag) in internal_references(out, base, origin) {
        let Some(rest) = url.strip_prefix(base) else {
            broken.push(format!("{from}: `{url}` is outside the base path {base}"));
            continue;
        };
        let rest = percent_decode(rest);
        let target = if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest };
        if !out.join(&target).is_file() {
            broken.push(format!("{from}: `{url}` → missing {target}"));
            continue;
        }
        let Some(frag) = frag else { continue };
        let known = ids.entry(target.clone()).or_insert_with(|| {
            let doc = Html::parse_document(&std::fs::read_to_string(out.join(&target)).unwrap_or_default());
            doc.select(&ids_sel).filter_map(|n| n.value().attr("id").map(str::to_owned)).collect()
        });
        if !known.contains(&frag) {
            broken.push(format!("{from}: `{url}#{frag}` → no id `{frag}` in {target}"));
        }
    }
    broken
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 1 {
            if let Some(v) =
                std::str::from_utf8(&b[i + 1..(i + 3).min(b.len())]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn crawl(mut t: SiteTest, base_url: Option<(&str, &str, &str)>) {
    match base_url {
        Some((url, _, _)) => t.build_with_base(url),
        None => t.build(),
    };
    assert!(t.report().written, "{:?}", t.diagnostics());
    let (base, origin) = base_url.map_or(("/", ""), |(_, b, o)| (b, o));
    let broken = broken_references(&t.root().join("public"), base, origin);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn fixture_site_has_no_broken_references() {
    crawl(SiteTest::from_str(BASIC), None);
    crawl(SiteTest::from_str(BASIC), Some(("https://owner.github.io/repo/", "/repo/", "https://owner.github.io")));
}

#[test]
fn knowledge_base_fixture_has_no_broken_references() {
    crawl(SiteTest::from_fixture("site/kb"), None);
    crawl(SiteTest::from_fixture("site/kb"), Some(("/pivotbook/", "/pivotbook/", "")));
}

#[test]
fn the_crawler_finds_broken_references() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<a href=\"/a/\">x</a><a href=\"#nope\">y</a><img src=\"/repo/x.png\" alt=\"\">",
    )
    .unwrap();
    let broken = broken_references(dir.path(), "/", "");
    assert_eq!(broken.len(), 3, "{broken:?}");
}
