//! The link graph, read back the way `graph.js` and `graph-local.js` read
//! it: one node per page (numbered as the search index numbers them, with
//! the right kind), every edge a link the page really has and every
//! backlink an edge, bounded integer positions, per-page neighbours equal
//! to the links and backlinks, the `/graph/` page, and byte-identical files
//! between builds, with or without a previous output.

use std::collections::{BTreeMap, BTreeSet};

use pivotbook::graph::{LOCAL_BUNDLE, LOCAL_MAX};
use serde_json::Value;

use crate::support::{tree, SiteTest};

/// The graph files of a built site.
fn graph_files(site: &SiteTest) -> Vec<(String, Vec<u8>)> {
    tree(&site.root().join("public"))
        .into_iter()
        .filter(|(p, _)| p.starts_with("graph/") && p.ends_with(".json"))
        .collect()
}

/// Every page of the search bundles: (URL, title, kind), by number.
fn search_pages(site: &SiteTest) -> Vec<Value> {
    let meta: Value = serde_json::from_str(&site.page("search/meta.json")).unwrap();
    let bundles = meta["pages"].as_u64().unwrap().div_ceil(meta["bundle"].as_u64().unwrap());
    (0..bundles)
        .flat_map(|b| {
            let v: Value = serde_json::from_str(&site.page(&format!("search/d/{b}.json"))).unwrap();
            v.as_array().unwrap().clone()
        })
        .collect()
}

/// The edges of `graph.json`, decoded.
fn edges(whole: &Value) -> Vec<(usize, usize)> {
    let flat: Vec<usize> = whole["edges"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
    let mut from = 0;
    flat.chunks(2)
        .map(|c| {
            from += c[0];
            (from, c[1])
        })
        .collect()
}

/// The `href`s of a page's `<main>`.
fn hrefs(html: &str) -> BTreeSet<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("main a[href]").unwrap();
    doc.select(&sel)
        .filter_map(|a| a.value().attr("href"))
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_graph_has_every_page_and_only_real_links() {
    let mut site = SiteTest::from_fixture("site/kb");
    site.build().assert_clean();
    let whole: Value = serde_json::from_str(&site.page("graph/graph.json")).unwrap();
    assert_eq!(whole["format"], pivotbook::graph::FORMAT);
    let pages = search_pages(&site);
    let n = whole["nodes"].as_u64().unwrap() as usize;
    assert_eq!(n, pages.len(), "one node per page");
    // 4 companies, 3 deals, 3 topics, 2 notes; the home page is no node.
    assert_eq!(n, 12);
    // Kinds, by number, as the search index has them.
    let kinds: Vec<char> = whole["kinds"].as_str().unwrap().chars().collect();
    for (i, p) in pages.iter().enumerate() {
        let want = match p[2].as_str().unwrap() {
            "company" => 'c',
            "deal" => 'd',
            "topic" => 't',
            _ => 'n',
        };
        assert_eq!(kinds[i], want, "{}", p[0]);
    }
    // Positions: two bounded integers per node.
    let xy = whole["xy"].as_array().unwrap();
    assert_eq!(xy.len(), 2 * n);
    assert!(xy.iter().all(|v| v.as_u64().is_some_and(|x| x <= 10_000)), "positions are integers in 0..=10000");
    // Every edge is a link on its page; every backlink listed on a page is an edge.
    let url = |i: usize| pages[i][0].as_str().unwrap().to_string();
    let rel = |u: &str| format!("{}index.html", u.trim_start_matches('/'));
    let list = edges(&whole);
    // By hand, from the fixture's links and front matter references (parties,
    // `companies:`, `topics:`), once per pair: iren 4, microsoft 2, coreweave 1,
    // hut-8 2; the financing 4, the contract 3, the lease 2; the topics 1 each;
    // hosting-versus-cloud 6, convertible-debt-wave 5.
    assert_eq!(list.len(), 32, "edges");
    let set: BTreeSet<(usize, usize)> = list.iter().copied().collect();
    assert_eq!(set.len(), list.len(), "edges once each");
    let number: BTreeMap<String, usize> = (0..n).map(|i| (url(i), i)).collect();
    // The backlinks each page lists (front matter references included).
    let sel = scraper::Selector::parse("section.backlinks li > a").unwrap();
    let mut listed: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (i, p) in pages.iter().enumerate() {
        let doc = scraper::Html::parse_document(&site.page(&rel(p[0].as_str().unwrap())));
        // The home page is no node of the graph.
        for a in doc.select(&sel).filter(|a| a.value().attr("href") != Some("/")) {
            listed.insert((number[a.value().attr("href").unwrap()], i));
        }
    }
    // Every edge but the six from a deal to its parties, which a company page
    // shows in its table of deals rather than under "Mentioned in".
    assert_eq!(listed.len(), 32 - 6);
    for &(from, to) in &listed {
        assert!(set.contains(&(from, to)), "the backlink {} -> {} is no edge", url(from), url(to));
    }
    // Every edge is a link on its page, or a front matter reference its target lists.
    let mut links_of: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut front = 0;
    for &(a, b) in &list {
        assert_ne!(a, b, "no loops");
        let links = links_of.entry(a).or_insert_with(|| hrefs(&site.page(&rel(&url(a)))));
        if !links.contains(&url(b)) {
            assert!(
                listed.contains(&(a, b)),
                "{} -> {} is neither a link of the page nor a listed backlink",
                url(a),
                url(b)
            );
            front += 1;
        }
    }
    assert!(front < list.len() / 2, "{front} of {} edges are not links on their pages", list.len());
}

#[test]
fn each_page_carries_its_node_and_its_neighbours_match_links_and_backlinks() {
    let mut site = SiteTest::from_fixture("site/kb");
    // A hub: IREN gets more neighbours than a small graph shows (a ring of notes
    // that each link it, so none is an orphan).
    for i in 0..=LOCAL_MAX {
        let next = (i + 1) % (LOCAL_MAX + 1);
        site.write(
            &format!("content/notes/hub-{i}.md"),
            &format!("---\ntitle: Hub {i}\n---\n[[iren]], [[hub-{next}]].\n"),
        );
    }
    site.build().assert_clean();
    let whole: Value = serde_json::from_str(&site.page("graph/graph.json")).unwrap();
    let pages = search_pages(&site);
    let n = pages.len();
    let mut want: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); n];
    for (a, b) in edges(&whole) {
        *want[a].entry(pages[b][0].as_str().unwrap().to_string()).or_default() |= 1;
        *want[b].entry(pages[a][0].as_str().unwrap().to_string()).or_default() |= 2;
    }
    let mut capped = 0;
    for (i, p) in pages.iter().enumerate() {
        let url = p[0].as_str().unwrap();
        let html = site.page(&format!("{}index.html", url.trim_start_matches('/')));
        assert!(html.contains(&format!("data-node=\"{i}\"")), "{url} does not carry its node number {i}");
        assert!(html.contains("src=\"/graph-local.js\""), "{url}");
        // Link previews load on use, through pivotbook.js.
        assert!(html.contains("src=\"/pivotbook.js\""), "{url}");
        // Outside <main>: search does not index the small graph's words on every page.
        let main_start = html.find("<main").unwrap();
        let main_end = html.find("</main>").unwrap();
        let graph_at = html.find("class=\"wrap local-graph\"").unwrap();
        assert!(graph_at < main_start || graph_at > main_end, "{url}: the small graph is inside <main>");
        let bundle: Value =
            serde_json::from_str(&site.page(&format!("graph/n/{}.json", i as u32 / LOCAL_BUNDLE))).unwrap();
        let nodes = bundle["nodes"].as_array().unwrap();
        let entry: Vec<u64> = bundle["pages"][i % LOCAL_BUNDLE as usize]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let path = |k: u64| format!("/{}", nodes[k as usize][0].as_str().unwrap());
        assert_eq!(path(entry[0]), url);
        let got: BTreeMap<String, u64> = entry[2..].chunks(2).map(|c| (path(c[0]), c[1])).collect();
        assert_eq!(got.len() + entry[1] as usize, want[i].len(), "{url}: shown plus left out");
        if want[i].len() <= LOCAL_MAX {
            assert_eq!(got, want[i], "{url}");
        } else {
            capped += 1;
            assert_eq!(got.len(), LOCAL_MAX);
            assert!(got.iter().all(|(u, d)| want[i].get(u) == Some(d)), "{url}");
        }
        // Titles and kinds of the neighbours, as the search index has them.
        for c in entry[2..].chunks(2) {
            let node = &nodes[c[0] as usize];
            let p = pages.iter().find(|p| p[0].as_str() == Some(path(c[0]).as_str())).unwrap();
            assert_eq!(node[1], p[1]);
        }
    }
    assert_eq!(capped, 1, "IREN alone (38 neighbours) has more than {LOCAL_MAX}");
    // Generated pages have no small graph.
    assert!(!site.page("companies/index.html").contains("data-node="));
}

#[test]
fn the_graph_page_respects_the_base_path_and_the_files_are_byte_identical() {
    let mut site = SiteTest::from_fixture("site/kb");
    site.build_with_base("https://example.org/kb/");
    let first = graph_files(&site);
    // graph.json and one bundle of neighbours (12 pages, 32 to a bundle).
    assert_eq!(
        first.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["graph/graph.json", "graph/labels.json", "graph/n/0.json"]
    );
    // Again with the previous output in place (its layout is reused) ...
    site.build_with_base("https://example.org/kb/");
    assert!(first == graph_files(&site), "the graph changed between two builds");
    // ... and from nothing (laid out afresh).
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    site.build_with_base("https://example.org/kb/");
    assert!(first == graph_files(&site), "a fresh layout differs from the kept one");
    let page = site.page("graph/index.html");
    assert!(page.contains("src=\"/kb/graph.js\" data-base=\"/kb/\""), "{page}");
    assert!(page.contains("src=\"/kb/vendor/d3-graph.min.js\""));
    assert!(page.contains("<canvas id=\"graph-canvas\""));
    assert!(page.contains("needs JavaScript") && page.contains("href=\"/kb/companies/\""));
    assert!(site.page("vendor/d3-graph.LICENSE").contains("d3-zoom"));
    let iren = site.page("companies/iren/index.html");
    assert!(iren.contains("src=\"/kb/graph-local.js\" data-base=\"/kb/\""), "{iren}");
    assert!(iren.contains("<aside class=\"wrap local-graph\" data-node=\""), "{iren}");
}

#[test]
fn the_scripts_read_the_bundle_size_the_build_writes() {
    let local = include_str!("../../themes/default/static/graph-local.js");
    assert!(local.contains(&format!("var LOCAL = {LOCAL_BUNDLE};")), "graph-local.js and LOCAL_BUNDLE disagree");
}
