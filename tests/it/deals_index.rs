//! The deals index and the tables of deals (issue 22): `/deals/` is one
//! table of every deal, newest first, whose rows carry what its filters
//! and amount sort read (kind families, companies, state, year, the
//! headline in US dollars); index pages show a few figures and link to
//! `/totals/` instead of every figure; topic pages list their deals newest
//! first; every cell of a deal table names its column (for phones).

use crate::support::SiteTest;

const SITE: &str = r#"
//- pivotbook.yaml
title: Deals
//- content/companies/acme.md
---
name: Acme Mining
category: miner
summary: A miner.
sources: [{url: "https://example.com/m", title: M}]
---
[[deals/loan]], [[deals/lease]] and [[deals/land]], on [[topics/power]].
//- content/companies/globex.md
---
name: Globex
category: hyperscaler
summary: A hyperscaler.
sources: [{url: "https://example.com/h", title: H}]
---
[[deals/venture]].
//- content/topics/power.md
---
title: Power
description: Power deals.
---
Deals on power.
//- content/deals/loan.md
---
title: Acme borrows
date: 2024-02-10
kinds: [term-loan]
state: closed
verification: verified
parties: [{company: acme, role: borrower}, {name: "Some bank", role: lender}]
amounts: [{kind: term-loan, amount: "US$1.5B"}]
topics: [power]
sources: [{url: "https://example.com/a", title: A}]
---
Text.
//- content/deals/lease.md
---
title: Globex leases from Acme
date: 2025-05-01
kinds: [lease]
state: announced
verification: verified
parties: [{company: acme, role: landlord}, {company: globex, role: tenant}]
amounts: [{kind: lease, amount: "~US$4B"}]
topics: [power]
sources: [{url: "https://example.com/b", title: B}]
---
Text.
//- content/deals/land.md
---
title: Acme buys land in Canada
date: 2025-11
kinds: [site]
state: closed
verification: verified
parties: [{company: acme, role: buyer}]
amounts: [{kind: site, amount: "CAD 58M"}]
topics: [power]
sources: [{url: "https://example.com/c", title: C}]
---
Text.
//- content/deals/venture.md
---
title: A joint venture
date: unknown
kinds: [joint-venture]
state: terminated
verification: verified
parties: [{company: globex, role: partner}]
amounts: [{kind: joint-venture, amount: "undisclosed"}]
sources: [{url: "https://example.com/d", title: D}]
---
Text.
"#;

fn built() -> SiteTest {
    let mut site = SiteTest::from_str(SITE);
    site.build().assert_clean();
    site
}

/// The `<tr …>` start tags of the table with this id, in order.
fn rows<'a>(page: &'a str, table: &str) -> Vec<&'a str> {
    let start = page.find(&format!("<table class=\"deals all-deals\" id=\"{table}\"")).expect("the table");
    let end = start + page[start..].find("</table>").expect("a closed table");
    let body = &page[start..end];
    let body = &body[body.find("<tbody>").expect("a body")..];
    body.split("<tr").skip(1).map(|r| &r[..r.find('>').unwrap()]).collect()
}

#[test]
fn deals_are_one_table_newest_first_with_what_filters_and_sorting_read() {
    let site = built();
    let deals = site.main("deals/index.html");
    assert_eq!(deals.matches("<table class=\"deals").count(), 1, "{deals}");
    assert_eq!(
        rows(&deals, "all-deals"),
        [
            // Newest first, a month-only date by its month, undated last.
            " data-family=\"purchases\" data-company=\"acme\" data-state=\"closed\" data-year=\"2025\"",
            " data-family=\"contracts\" data-company=\"acme globex\" data-state=\"announced\" data-year=\"2025\"",
            " data-family=\"raised\" data-company=\"acme\" data-state=\"closed\" data-year=\"2024\"",
            " data-family=\"other\" data-company=\"globex\" data-state=\"terminated\" data-year=\"undated\" class=\"excluded\"",
        ]
    );
    // The amount column sorts by the headline in dollars; Canadian dollars
    // and an undisclosed amount have no key, so they sort last.
    let keys: Vec<&str> = deals
        .split("class=\"num amount-cell\" data-label=\"Amount\" data-sort=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(keys, ["", "4000000000", "1500000000", ""]);
    // Companies with pages are links; other parties are counted.
    assert!(
        deals.contains("<a href=\"/companies/acme/\">Acme Mining</a> <span class=\"muted\">+1 other</span>"),
        "{deals}"
    );
    // The filters offer only what rows have, with counts; they stay hidden without JavaScript.
    assert!(deals.contains("<form class=\"deal-filters\" id=\"deal-filters\" aria-label=\"Filter the deals\" hidden>"));
    for option in [
        "<option value=\"raised\">Capital raised (1)</option>",
        "<option value=\"other\">Other (never summed) (1)</option>",
        "<option value=\"acme\">Acme Mining (3)</option>",
        "<option value=\"globex\">Globex (2)</option>",
        "<option value=\"terminated\">Terminated (1)</option>",
    ] {
        assert!(deals.contains(option), "{option} in {deals}");
    }
    assert!(!deals.contains("<option value=\"superseded\""), "{deals}");
    let years: Vec<&str> = deals.split("<option value=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    let years: Vec<&str> = years.into_iter().filter(|v| v.starts_with("20") || *v == "undated").collect();
    assert_eq!(years, ["2025", "2024", "undated"]);
    assert!(deals.contains("<p class=\"deal-count\" id=\"deal-count\" role=\"status\">4 deals, newest first</p>"));
    // The script is on this page only, and written.
    assert!(site.page("deals/index.html").contains("<script src=\"/deals.js\" defer></script>"));
    assert!(!site.page("index.html").contains("deals.js"));
    assert!(site.root().join("public/deals.js").is_file());
}

#[test]
fn index_pages_show_the_closed_figures_and_link_to_how_totals_are_counted() {
    let site = built();
    for page in ["index.html", "companies/index.html", "deals/index.html"] {
        let main = site.main(page);
        assert!(!main.contains("<table class=\"totals\""), "{page} still has the totals table");
        assert!(main.contains("<a href=\"/totals/\">How totals are counted</a>"), "{page}: {main}");
        // The closed loan is shown; the announced lease is not a closed figure.
        assert!(
            main.contains("<a href=\"/totals/#raised.closed.USD\"><span class=\"key-figure amount\">US$1.5B</span>"),
            "{page}: {main}"
        );
        assert!(!main.contains("/totals/#contracts.announced.USD"), "{page}: {main}");
    }
}

#[test]
fn topic_pages_list_their_deals_newest_first() {
    let site = built();
    let topic = site.main("topics/power/index.html");
    let land = topic.find("Acme buys land in Canada").expect("the land deal");
    let lease = topic.find("Globex leases from Acme").expect("the lease");
    let loan = topic.find("Acme borrows").expect("the loan");
    assert!(land < lease && lease < loan, "{topic}");
}

#[test]
fn every_cell_of_a_deal_table_names_its_column() {
    let site = built();
    for page in [
        "index.html",
        "deals/index.html",
        "companies/index.html",
        "companies/acme/index.html",
        "topics/power/index.html",
    ] {
        let main = site.main(page);
        for table in
            main.split("<table class=\"").skip(1).filter(|t| t.starts_with("deals") || t.starts_with("companies"))
        {
            let table = &table[..table.find("</table>").unwrap()];
            let cells = table.matches("<td").count() + table.matches("<th scope=\"row\"").count();
            assert!(cells > 0, "{page}");
            assert_eq!(table.matches(" data-label=\"").count(), cells, "{page}: {table}");
            assert!(main.contains("class=\"table-wrap table-flow\""), "{page}");
        }
    }
}
