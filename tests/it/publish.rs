//! The public surface for GitHub Pages: feeds, redirects, sitemap, robots,
//! `.nojekyll`, `CNAME`, and the site served under a subpath by a real HTTP
//! server on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

use crate::build::BASIC;
use crate::support::SiteTest;

fn with_base(base: &str) -> SiteTest {
    let mut t = SiteTest::from_str(BASIC);
    t.write(
        "content/companies/acme.md",
        &std::fs::read_to_string(t.root().join("content/companies/acme.md")).unwrap().replacen(
            "---\nname:",
            "---\nredirect_from: [/companies/acme-coin/, old/acme]\nname:",
            1,
        ),
    );
    t.write("pivotbook.yaml", "title: Test KB\ncname: kb.example.com\n");
    t.build_with_base(base).assert_clean();
    t
}

#[test]
fn atom_feeds_are_valid_and_use_first_instants_for_partial_dates() {
    let t = with_base("https://owner.github.io/repo/");
    let site = t.page("atom.xml");
    let doc = roxmltree::Document::parse(&site).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    for required in ["title", "id", "updated"] {
        assert!(feed.children().any(|c| c.has_tag_name(required)), "feed needs <{required}>");
    }
    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name("entry")).collect();
    let titles: Vec<&str> =
        entries.iter().map(|e| e.children().find(|c| c.has_tag_name("title")).unwrap().text().unwrap()).collect();
    assert_eq!(
        titles,
        ["Acme takes a US$1.5B loan", "Why miners pivot", "Globex leases Acme's campus", "Acme's cancelled contract"]
    );
    let updated =
        |i: usize| entries[i].children().find(|c| c.has_tag_name("updated")).unwrap().text().unwrap().to_string();
    assert_eq!(updated(1), "2026-01-01T00:00:00Z", "2026-01 uses the month's first instant");
    assert_eq!(updated(2), "2025-11-01T00:00:00Z");
    assert!(site.contains("Nov 2025"), "the text keeps the date as written");
    for e in &entries {
        for required in ["id", "title", "updated", "link", "author"] {
            assert!(e.children().any(|c| c.has_tag_name(required)), "entry needs <{required}>");
        }
        assert!(e
            .children()
            .find(|c| c.has_tag_name("id"))
            .unwrap()
            .text()
            .unwrap()
            .starts_with("https://owner.github.io/repo/"));
    }
    // A company's and a topic's feed, linked from their pages.
    roxmltree::Document::parse(&t.page("companies/acme/atom.xml")).unwrap();
    roxmltree::Document::parse(&t.page("topics/gpu-financing/atom.xml")).unwrap();
    assert!(t.page("companies/acme/index.html").contains("href=\"/repo/companies/acme/atom.xml\""));
    assert!(t.page("index.html").contains("href=\"/repo/atom.xml\""));
    assert!(
        !t.root().join("public/companies/globex/atom.xml").exists()
            || t.page("companies/globex/atom.xml").contains("<entry>")
    );
}

#[test]
fn a_feed_holds_the_newest_hundred_entries_in_order() {
    // 130 dated notes, two on each of 65 days: the feed keeps the 100
    // newest, newest first, and a day's two notes by address.
    let mut t = SiteTest::from_str("//- pivotbook.yaml\ntitle: Feeds\n");
    let date = |i: usize| format!("2025-{:02}-{:02}", 1 + (i % 65) / 28, 1 + (i % 65) % 28);
    for i in 0..130 {
        t.write(
            &format!("content/notes/n{i:03}.md"),
            &format!("---\ntitle: Note {i:03}\ndate: {}\n---\nText.\n", date(i)),
        );
    }
    t.build_with_base("https://example.org/");
    let mut expected: Vec<usize> = (0..130).collect();
    expected.sort_by(|a, b| date(*b).cmp(&date(*a)).then(a.cmp(b)));
    expected.truncate(100);
    let site = t.page("atom.xml");
    let doc = roxmltree::Document::parse(&site).expect("well-formed XML");
    let titles: Vec<String> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .map(|e| e.children().find(|c| c.has_tag_name("title")).unwrap().text().unwrap().to_string())
        .collect();
    let want: Vec<String> = expected.iter().map(|i| format!("Note {i:03}")).collect();
    assert_eq!(titles, want);
    assert_eq!((titles[0].as_str(), titles[1].as_str()), ("Note 064", "Note 129"));
}

#[test]
fn renamed_pages_keep_their_old_urls() {
    let t = with_base("https://owner.github.io/repo/");
    for old in ["companies/acme-coin/index.html", "old/acme/index.html"] {
        let page = t.page(old);
        assert!(page.contains("<meta http-equiv=\"refresh\" content=\"0; url=/repo/companies/acme/\">"), "{page}");
        assert!(page.contains("<link rel=\"canonical\" href=\"https://owner.github.io/repo/companies/acme/\">"));
    }
}

#[test]
fn bad_and_colliding_redirects_are_errors() {
    let mut t = SiteTest::from_str(BASIC);
    let acme = std::fs::read_to_string(t.root().join("content/companies/acme.md")).unwrap();
    t.write(
        "content/companies/acme.md",
        &acme.replacen("---\nname:", "---\nredirect_from: [../../etc, /companies/globex/]\nname:", 1),
    );
    t.build();
    let d: Vec<String> = t.diagnostics();
    assert_eq!(
        d,
        vec![
            "content/companies/acme.md:2:17 invalid-redirect `../../etc` is not a site path this page can be reached from".to_string(),
            "content/companies/acme.md:2:28 redirect-collision /companies/globex/ is already a page of the site".to_string(),
        ]
    );
}

#[test]
fn pages_surface_files() {
    let t = with_base("https://owner.github.io/repo/");
    assert!(t.root().join("public/.nojekyll").is_file());
    assert_eq!(t.page("CNAME"), "kb.example.com\n");
    assert_eq!(t.page("robots.txt"), "User-agent: *\nAllow: /\nSitemap: https://owner.github.io/repo/sitemap.xml\n");
    let sitemap = t.page("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(locs.contains(&"https://owner.github.io/repo/companies/acme/"));
    assert!(!locs.iter().any(|l| l.contains("acme-coin")), "redirects are not in the sitemap");
    assert!(sitemap.contains("<lastmod>2025-11</lastmod>"));
    let page = t.page("deals/acme-loan/index.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://owner.github.io/repo/deals/acme-loan/\">"));
}

#[test]
fn a_cname_file_of_the_content_is_published_unless_cname_is_set() {
    // A site moved from Jekyll or Hugo may keep its GitHub Pages `CNAME` among its files.
    let mut t = SiteTest::from_str(BASIC);
    t.write("content/CNAME", "kb.example.org\n");
    t.build().assert_clean();
    assert_eq!(t.page("CNAME"), "kb.example.org\n");
    t.write("pivotbook.yaml", "cname: kb.example.com\n");
    t.build();
    assert_eq!(t.errors(), ["content/CNAME:0 url-collision"], "pivotbook writes it for `cname:`");
}

#[test]
fn a_robots_file_of_the_content_replaces_the_generated_one() {
    // A Quartz site (LesleyLai/digital-garden) keeps its own `robots.txt` at the top of its content.
    let mut t = SiteTest::from_str(BASIC);
    t.build().assert_clean();
    assert!(t.page("robots.txt").starts_with("User-agent: *\nAllow: /\n"));
    t.write("content/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    t.build().assert_clean();
    assert_eq!(t.page("robots.txt"), "User-agent: *\nDisallow: /drafts/\n");
    t.write("content/notes/robots.txt", "not the site's\n");
    t.build().assert_clean();
    assert_eq!(t.page("robots.txt"), "User-agent: *\nDisallow: /drafts/\n", "only the top one is the site's");
}

#[test]
fn a_site_publishes_its_own_icon() {
    let icon = |t: &SiteTest| {
        let page = t.page("companies/acme/index.html");
        let at = page.find("<link rel=\"icon\"").expect("every page links an icon");
        page[at..at + page[at..].find('>').unwrap() + 1].to_string()
    };
    let mut t = SiteTest::from_str(BASIC);
    t.build_with_base("https://owner.github.io/repo/").assert_clean();
    assert_eq!(icon(&t), r#"<link rel="icon" href="/repo/favicon.svg" type="image/svg+xml">"#);
    let theirs = std::fs::read(t.root().join("public/favicon.ico")).unwrap();

    // Obsidian's help vault keeps a favicon.ico at its top: it replaces the
    // theme's, and pages link it, since the theme's SVG would be preferred.
    t.write("content/favicon.ico", "our icon");
    t.build_with_base("https://owner.github.io/repo/").assert_clean();
    assert_eq!(t.page("favicon.ico"), "our icon");
    assert_ne!(theirs, b"our icon");
    assert_eq!(icon(&t), r#"<link rel="icon" href="/repo/favicon.ico" type="image/x-icon">"#);

    // An SVG of its own comes first.
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>"#;
    t.write("content/favicon.svg", svg);
    t.build().assert_clean();
    assert_eq!(t.page("favicon.svg"), svg);
    assert_eq!(t.page("favicon.ico"), "our icon");
    assert_eq!(icon(&t), r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#);

    // Only at the top of the content folder, and only the icons: any other
    // theme file stays the theme's (`an_asset_may_not_replace_a_generated_file`).
    t.write("content/notes/favicon.ico", "a note's attachment");
    t.build().assert_clean();
    assert_eq!(t.page("favicon.ico"), "our icon");
    assert_eq!(t.page("notes/favicon.ico"), "a note's attachment");
}

/// Serves `root` at `http://127.0.0.1:PORT/<prefix>` for `requests` requests,
/// one at a time, then stops.
fn serve(root: PathBuf, prefix: &'static str, listener: TcpListener, requests: usize) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            if BufReader::new(&stream).read_line(&mut line).is_err() {
                continue;
            }
            let path =
                line.split_whitespace().nth(1).unwrap_or("/").split(['?', '#']).next().unwrap_or("/").to_string();
            let file = path.strip_prefix(prefix).map(|rest| {
                let rest =
                    if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() };
                root.join(rest)
            });
            let (status, body) = match file.filter(|f| f.is_file() && !path.contains("..")) {
                Some(f) => ("200 OK", std::fs::read(f).unwrap()),
                None => ("404 Not Found", b"not found".to_vec()),
            };
            let head = format!("HTTP/1.0 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&body));
        }
    })
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, out.split_once("\r\n\r\n").map(|x| x.1.to_string()).unwrap_or_default())
}

#[test]
fn a_subpath_site_served_over_http_has_no_broken_link() {
    let t = with_base("https://owner.github.io/REPO/");
    let out = t.root().join("public");
    let urls = crate::crawl::internal_references(&out, "/REPO/", "https://owner.github.io");
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = serve(out.clone(), "/REPO/", listener, urls.len() + 2);
    let mut broken = Vec::new();
    assert_eq!(get(port, "/REPO/").0, 200);
    assert_eq!(get(port, "/elsewhere/").0, 404, "the server only serves the subpath");
    for (from, url, anchor) in &urls {
        let (status, body) = get(port, url);
        if status != 200 {
            broken.push(format!("{from}: {url} -> {status}"));
        } else if let Some(a) = anchor {
            if !body.contains(&format!("id=\"{a}\"")) {
                broken.push(format!("{from}: {url}#{a} -> no such anchor"));
            }
        }
    }
    server.join().unwrap();
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert!(urls.len() > 50, "crawled {} references", urls.len());
}
