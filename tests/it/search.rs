//! The search index, read back the way `search.js` reads it: known queries
//! find their pages, every word must match, the last word matches as a
//! prefix, the bytes a query fetches stay small, and the index is the same
//! between builds.

use std::collections::HashMap;

use pivotbook::search::{file_key, shard_key, terms, FORMAT};
use serde_json::Value;

use crate::support::{tree, SiteTest};

/// A reader of the built index, as `search.js` does it.
struct Reader<'a> {
    site: &'a SiteTest,
    meta: Value,
    fetched: std::cell::Cell<usize>,
}

impl<'a> Reader<'a> {
    fn new(site: &'a SiteTest) -> Reader<'a> {
        let text = site.page("search/meta.json");
        let meta: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(meta["format"], FORMAT);
        Reader { site, meta, fetched: std::cell::Cell::new(text.len()) }
    }

    fn fetch(&self, rel: &str) -> Option<Value> {
        let path = self.site.root().join("public").join(rel);
        let text = std::fs::read_to_string(path).ok()?;
        self.fetched.set(self.fetched.get() + text.len());
        Some(serde_json::from_str(&text).unwrap())
    }

    fn postings(&self, word: &str, is_prefix: bool) -> HashMap<u64, u64> {
        let split: Vec<&str> = self.meta["split"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let mut key = shard_key(word, false);
        if split.contains(&key.as_str()) {
            key = shard_key(word, true);
        }
        let mut out = HashMap::new();
        let Some(shard) = self.fetch(&format!("search/t/{}.json", file_key(&key))) else { return out };
        for (term, list) in shard.as_object().unwrap() {
            let long = word.chars().count() >= 3 || word.chars().all(pivotbook::search::is_unspaced);
            if term == word || (is_prefix && long && term.starts_with(word)) {
                let list = list.as_array().unwrap();
                let mut page = 0;
                for pair in list.chunks(2) {
                    page += pair[0].as_u64().unwrap();
                    *out.entry(page).or_default() += pair[1].as_u64().unwrap();
                }
            }
        }
        out
    }

    /// URLs of the results, best first.
    fn query(&self, q: &str) -> Vec<String> {
        let words: Vec<String> = terms(q).collect();
        let n = words.len();
        let maps: Vec<HashMap<u64, u64>> =
            words.iter().enumerate().map(|(i, w)| self.postings(w, i + 1 == n)).collect();
        let Some(first) = maps.first() else { return Vec::new() };
        let pages = self.meta["pages"].as_f64().unwrap();
        let mut scored: Vec<(f64, u64)> = first
            .keys()
            .filter_map(|page| {
                let mut score = 0.0;
                for m in &maps {
                    let c = *m.get(page)? as f64;
                    let df = m.len() as f64;
                    score += (1.0 + (pages - df + 0.5) / (df + 0.5)).ln() * (c * 2.2) / (c + 1.2);
                }
                Some((score, *page))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let bundle = self.meta["bundle"].as_u64().unwrap();
        scored
            .iter()
            .take(10)
            .map(|(_, page)| {
                let b = self.fetch(&format!("search/d/{}.json", page / bundle)).unwrap();
                b[(page % bundle) as usize][0].as_str().unwrap().to_string()
            })
            .collect()
    }
}

#[test]
fn known_queries_find_their_pages() {
    let mut site = SiteTest::real_content();
    site.build().assert_clean();
    let r = Reader::new(&site);
    for (q, want, within) in [
        ("IREN", "/companies/iren/", 3),
        ("iren microsoft", "/deals/microsoft-iren-ai-cloud-contract/", 3),
        ("micros", "/companies/microsoft/", 5),
        ("CoreWeave", "/companies/coreweave/", 3),
        ("GPU financing", "/topics/gpu-financing/", 10),
        ("Abernathy", "/deals/abernathy-jv-secured-notes/", 5),
    ] {
        let found = r.query(q);
        let at = found.iter().position(|u| u == want);
        assert!(at.is_some_and(|i| i < within), "{q:?}: {want} not in the first {within} of {found:?}");
        assert!(r.fetched.get() < 1_000_000, "{q:?} fetched {} bytes", r.fetched.get());
        r.fetched.set(0);
    }
    assert!(r.query("zzzqqq").is_empty());
    // Every word must match.
    assert!(r.query("IREN zzzqqq").is_empty());
    // Snippet text: the page's own sentences, blocks apart, no labels, title or table of contents.
    let meta = &r.meta;
    let (bundle, text) = (meta["bundle"].as_u64().unwrap(), meta["text"].as_u64().unwrap());
    let n = (0..meta["pages"].as_u64().unwrap())
        .find(|&n| {
            let b = r.fetch(&format!("search/d/{}.json", n / bundle)).unwrap();
            b[(n % bundle) as usize][0] == "/companies/microsoft/"
        })
        .expect("Microsoft in the bundles");
    let blocks = r.fetch(&format!("search/s/{}.json", n / text)).unwrap()[(n % text) as usize].clone();
    let blocks: Vec<&str> = blocks.as_array().unwrap().iter().map(|b| b.as_str().unwrap()).collect();
    assert!(blocks.iter().any(|b| b.starts_with("Cloud hyperscaler that buys")), "{blocks:?}");
    assert!(
        blocks.iter().all(|b| !b.contains("Short name") && !b.contains("Microsoft Corporation") && b != &"Contents"),
        "{blocks:?}"
    );
    assert!(blocks.concat().chars().count() <= 802, "{blocks:?}");
    // Each page's kind, as runs: the filter needs no bundle.
    let kinds: Vec<&str> = meta["kinds"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    let runs: Vec<u64> = meta["runs"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    let kind_of = |page: u64| runs.chunks(2).take_while(|r| r[0] <= page).last().map(|r| kinds[r[1] as usize]);
    assert_eq!(kind_of(n), Some("company"));
    // Kind and title of a result come from the bundle.
    let bundle: Value = serde_json::from_str(&site.page("search/d/0.json")).unwrap();
    let iren = bundle.as_array().unwrap().iter().find(|e| e[0] == "/companies/iren/").expect("IREN in bundle 0");
    assert_eq!(iren[2], "company");
}

#[test]
fn the_index_respects_the_base_path_and_is_byte_identical_between_builds() {
    let mut site = SiteTest::real_content();
    site.build_with_base("https://example.org/kb/");
    let first: Vec<(String, Vec<u8>)> =
        tree(&site.root().join("public")).into_iter().filter(|(p, _)| p.starts_with("search/")).collect();
    assert!(first.len() > 100);
    site.build_with_base("https://example.org/kb/");
    let second: Vec<(String, Vec<u8>)> =
        tree(&site.root().join("public")).into_iter().filter(|(p, _)| p.starts_with("search/")).collect();
    assert!(first == second, "the search index changed between two builds");
    let r = Reader::new(&site);
    assert_eq!(r.query("IREN").first().map(String::as_str), Some("/kb/companies/iren/"));
    let page = site.page("search/index.html");
    assert!(page.contains("src=\"/kb/search.js\" data-base=\"/kb/\""), "{page}");
    assert!(page.contains("<noscript>") && page.contains("href=\"/kb/companies/\""));
    assert!(site.page("index.html").contains("action=\"/kb/search/\""));
}

/// Chinese, Japanese and Thai put no space between words, and Korean words
/// take their endings without one: a run of such characters is indexed as
/// the pairs of neighbours it is made of (Lucene's `CJKBigramFilter`), so a
/// word inside a clause is found, and shards are keyed by one character.
/// Hindi's vowel signs and Thai's tone marks stay in their words.
/// Before, a run was one term: Navirl/sonoQuartz's 4,173 Japanese pages
/// made 21,678 shard files and 72,170 typo files, and no word in a
/// sentence could be found.
#[test]
fn words_are_found_inside_unspaced_sentences_and_with_their_marks() {
    let mut site = SiteTest::from_str(concat!(
        "//- content/notes/ja.md\n---\ntitle: 日本語のノート\n---\nこのノートでは全文検索機能について説明します。猫。\n",
        "//- content/notes/zh.md\n---\ntitle: 中文笔记\n---\n我们使用数据库来保存所有的页面。GPU服务器很贵。\n",
        "//- content/notes/ko.md\n---\ntitle: 한국어 노트\n---\n전문 검색을 지원하는 정적 사이트입니다.\n",
        "//- content/notes/hi.md\n---\ntitle: हिन्दी\n---\nइस साइट में पूरे पाठ की खोज होती है।\n",
        "//- content/notes/th.md\n---\ntitle: ไทย\n---\nเว็บไซต์นี้รองรับการค้นหาข้อความทั้งหมด\n",
    ));
    // Eight thousand pairs starting with の: a shard over the size limit, split by their second character.
    let many: String = (0..8000u32).map(|i| format!("の{} ", char::from_u32(0x4E00 + i).unwrap())).collect();
    site.write("content/notes/many.md", &format!("---\ntitle: Many\n---\n{many}\n"));
    site.build();
    assert!(site.errors().is_empty(), "{:?}", site.errors());
    let r = Reader::new(&site);
    for (q, want) in [
        ("の丁", "/notes/many/"),
        ("検索機能", "/notes/ja/"),
        ("ノート", "/notes/ja/"),
        ("数据库", "/notes/zh/"),
        ("gpu 服务器", "/notes/zh/"),
        ("검색", "/notes/ko/"),
        ("猫", "/notes/ja/"),
        // A vowel sign (ो) or a tone mark (้) is part of its word.
        ("खोज", "/notes/hi/"),
        ("ค้นหา", "/notes/th/"),
    ] {
        assert_eq!(r.query(q), [want], "{q}");
    }
    assert!(r.query("検索数据").is_empty(), "every pair must match");
    let shards: Vec<&str> = r.meta["shards"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(shards.contains(&"検") && shards.contains(&"数") && shards.contains(&"gp"), "{shards:?}");
    assert!(
        shards.iter().all(|k| k.chars().count() == 2 || k.chars().all(pivotbook::search::is_unspaced)),
        "{shards:?}"
    );
    assert!(r.meta["split"].as_array().unwrap().iter().any(|k| k == "の"), "{}", r.meta["split"]);
    let split_files = std::fs::read_dir(site.root().join("public/search/t"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with(&file_key("の")))
        .count();
    assert!((2..=16).contains(&split_files), "{split_files} files for the shard of の");
    let typo_keys: Value = serde_json::from_str(&site.page("search/v/keys.json")).unwrap();
    assert!(typo_keys.as_array().unwrap().iter().all(|k| !k
        .as_str()
        .unwrap()
        .chars()
        .any(pivotbook::search::is_unspaced)));
}
