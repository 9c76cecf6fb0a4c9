//! Money that means something (`money`): a package counted once, a
//! facility's draws counted in its place, proposals and options never
//! summed, a lease and its backstop in separate families, and each company
//! showing only its own figures. The fixture `money/ledger` has one deal
//! per case; every expected figure below is computed by hand from it.

use serde_json::Value;

use crate::support::SiteTest;

const B: u64 = 1_000_000_000;
const M: u64 = 1_000_000;

/// `(id, value, amounts behind it)` of a list of figure records.
fn figures(list: &Value) -> Vec<(String, u64, Vec<String>)> {
    list.as_array()
        .expect("a list of figures")
        .iter()
        .map(|f| {
            let mut amounts: Vec<String> =
                f["amounts"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect();
            amounts.sort();
            (f["id"].as_str().unwrap().to_string(), f["value"].as_u64().unwrap(), amounts)
        })
        .collect()
}

fn fig(id: &str, value: u64, amounts: &[&str]) -> (String, u64, Vec<String>) {
    (id.to_string(), value, amounts.iter().map(|s| s.to_string()).collect())
}

fn json(site: &SiteTest, rel: &str) -> Value {
    serde_json::from_str(&site.page(rel)).unwrap()
}

fn built() -> SiteTest {
    let mut site = SiteTest::from_fixture("money/ledger");
    site.build().assert_clean();
    site
}

#[test]
fn site_totals_count_each_package_once_and_only_agreed_money() {
    let site = built();
    let totals = json(&site, "data/totals.json");
    assert_eq!(
        figures(&totals["figures"]),
        vec![
            // The US$3.65B package once (not its 2.10B + 1.55B tranches), plus the two
            // draws on the facility: 3.65B + 800M + 100M.
            fig(
                "raised.closed.USD",
                3_650 * M + 800 * M + 100 * M,
                &["a-package#package", "d1-draw#draw", "d2-draw#draw"]
            ),
            // The facility's ceiling is its own figure, never added to what was raised.
            fig("raised.limit.USD", 5 * B, &["f-facility#facility"]),
            // The lease alone; its 9B backstop is a guarantee, and the announced
            // contract is its own figure.
            fig("contracts.closed.USD", 7 * B, &["l-lease#lease"]),
            fig("contracts.announced.USD", 9_700 * M, &["c-contract#contract"]),
            fig("guarantees.closed.USD", 9 * B, &["l-lease#backstop"]),
            fig("purchases.closed.USD", 250 * M, &["g-gpus#order", "g-gpus#servers"]),
        ]
    );
    // The proposal and the option are listed, never summed.
    assert_eq!(totals["unsummed"], serde_json::json!(["p-proposal#1", "w-option#1"]));
}

#[test]
fn companies_show_only_their_own_money_under_their_role() {
    let site = built();
    let companies = json(&site, "data/companies.json");
    let of = |id: &str| {
        let c = companies["companies"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap();
        figures(&c["figures"])
    };
    assert_eq!(
        of("companies/acme"),
        vec![
            fig("raised.closed.USD", 4_550 * M, &["a-package#package", "d1-draw#draw", "d2-draw#draw"]),
            fig("raised.limit.USD", 5 * B, &["f-facility#facility"]),
            fig("contracted-revenue.closed.USD", 7 * B, &["l-lease#lease"]),
            fig("contracted-revenue.announced.USD", 9_700 * M, &["c-contract#contract"]),
            fig("purchases.closed.USD", 250 * M, &["g-gpus#order", "g-gpus#servers"]),
        ]
    );
    // Megacorp is the customer of Acme's financing (not its borrower), holds an option,
    // guarantees the lease and owes the contract. It is one of two suppliers of the GPU
    // order, whose split is not known, so the order is neither supplier's.
    assert_eq!(
        of("companies/megacorp"),
        vec![
            fig("committed-spend.announced.USD", 9_700 * M, &["c-contract#contract"]),
            fig("guaranteed.closed.USD", 9 * B, &["l-lease#backstop"]),
        ]
    );
    // The servers are Cloudco's alone (`party: cloudco`).
    assert_eq!(
        of("companies/cloudco"),
        vec![
            fig("committed-spend.closed.USD", 7 * B, &["l-lease#lease"]),
            fig("sales.closed.USD", 50 * M, &["g-gpus#servers"]),
        ]
    );
    // The end customer named on a lease does not owe its rent.
    assert_eq!(of("companies/labco"), vec![]);
    assert_eq!(
        of("companies/fund"),
        vec![
            fig("invested-or-lent.closed.USD", 900 * M, &["d1-draw#draw", "d2-draw#draw"]),
            fig("invested-or-lent.limit.USD", 5 * B, &["f-facility#facility"]),
        ]
    );
}

#[test]
fn every_amount_is_exported_with_its_package_basis_family_and_whether_it_counts() {
    let site = built();
    let deals = json(&site, "data/deals.json");
    let mut rows = Vec::new();
    for d in deals["deals"].as_array().unwrap() {
        for a in d["amounts"].as_array().unwrap() {
            rows.push(format!(
                "{}#{} {} {} {} {} {}",
                d["id"].as_str().unwrap().trim_start_matches("deals/"),
                a["id"].as_str().unwrap(),
                a["family"].as_str().unwrap_or("-"),
                a["basis"].as_str().unwrap(),
                a["part_of"].as_str().unwrap_or("-"),
                a["counted"],
                a["status"].as_str().unwrap(),
            ));
        }
    }
    assert_eq!(
        rows,
        [
            "a-package#package raised agreed - true counted",
            "a-package#notes raised agreed a-package#package false in-package",
            "a-package#loan raised agreed a-package#package false in-package",
            "c-contract#contract contracts agreed - true announced",
            "d1-draw#draw raised agreed f-facility#facility true counted",
            "d2-draw#draw raised agreed f-facility#facility true counted",
            // "up to" makes a limit without saying so.
            "f-facility#facility raised limit - true limit",
            "g-gpus#order purchases agreed - true counted",
            "g-gpus#servers purchases agreed - true counted",
            "l-lease#lease contracts agreed - true counted",
            "l-lease#backstop guarantees agreed - true counted",
            "p-proposal#1 raised proposed - false proposed",
            "w-option#1 raised option - false option",
        ]
    );
    let csv = site.page("data/deals.csv");
    assert!(csv.lines().next().unwrap().contains("amount_id,amount_kind"), "{csv}");
    assert!(
        csv.contains(
            ",notes,secured-notes,US$2.10B,money,2100000000,USD,false,exact,raised,agreed,a-package#package,false"
        ),
        "{csv}"
    );
}

/// The rows of a chart's data table, as text cells.
fn chart_rows(page: &str, id: &str) -> Vec<Vec<String>> {
    let start = page.find(&format!("<figure class=\"chart\" id=\"{id}\"")).unwrap_or_else(|| panic!("no {id}"));
    let fig = &page[start..];
    let fig = &fig[..fig.find("</figure>").unwrap()];
    let doc = scraper::Html::parse_fragment(fig);
    let tr = scraper::Selector::parse("tbody tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    doc.select(&tr)
        .map(|r| r.select(&cell).map(|c| c.text().collect::<String>().trim().to_string()).collect())
        .collect()
}

#[test]
fn charts_draw_headline_amounts_and_never_stack_families() {
    let site = built();
    let home = site.page("index.html");
    // Ranked by headline: the lease's 7.0B, not its 9B backstop; the option and the
    // proposal are not ranked; a facility by its ceiling.
    assert_eq!(
        chart_rows(&home, "chart-largest"),
        [
            ["Megacorp signs a US$9.7B cloud contract with Acme", "US$9.7B"],
            ["Acme leases a campus to Cloudco for Labco, with a Megacorp backstop", "US$7B"],
            ["Acme signs a preferred-equity facility of up to US$5.0B with Fund", "US$5B"],
            ["Acme closes a US$3.65B package of notes and a term loan", "US$3.65B"],
            ["Acme makes its first draw on the Fund facility", "US$800M"],
            ["Acme buys US$200M of GPUs from Megacorp and Cloudco", "US$200M"],
            ["Acme makes its second draw on the Fund facility", "US$100M"],
        ]
    );
    // Closed deals' agreed amounts, each package once: draws, then the lease, then the package.
    assert_eq!(
        chart_rows(&home, "chart-cumulative"),
        [
            ["2025-07-01", "US$800M", "US$0M"],
            ["2025-09-01", "US$900M", "US$0M"],
            ["2025-12-17", "US$900M", "US$7B"],
            ["2026-01-15", "US$4.55B", "US$7B"],
        ]
    );
    let deals = site.page("deals/index.html");
    // Capital raised per quarter (debt | equity); contracts in a chart of their own.
    assert_eq!(
        chart_rows(&deals, "chart-quarters-raised"),
        [["Q3 2025", "—", "US$900M"], ["Q1 2026", "US$3.65B", "—"]]
    );
    assert_eq!(chart_rows(&deals, "chart-quarters-contracts"), [["Q4 2025", "US$7B"]]);
}

#[test]
fn the_deal_panel_shows_parts_under_their_package_and_badges_for_basis() {
    let site = built();
    let deal = site.main("deals/a-package/index.html");
    let package =
        deal.find("<li class=\"amount-depth-0\"><span class=\"amount\">US$3.65B</span>").expect("the package");
    let notes = deal.find("<li class=\"amount-depth-1\">").expect("a part");
    assert!(package < notes, "{deal}");
    assert!(deal.contains("part of its package, which is counted"), "{deal}");
    let facility = site.main("deals/f-facility/index.html");
    assert!(facility.contains("<span class=\"badge badge-basis badge-limit\">Up to</span>"), "{facility}");
    // The draws held by other deals are listed under the facility, with their deals.
    assert!(facility.contains("in <a href=\"/deals/d1-draw/\">"), "{facility}");
    let option = site.main("deals/w-option/index.html");
    assert!(option.contains("badge-option\">Option</span>") && option.contains("an option: not summed"), "{option}");
}

#[test]
fn the_totals_page_lists_the_amounts_behind_every_home_figure() {
    let site = built();
    let home = site.main("index.html");
    let totals = site.main("totals/index.html");
    let json = json(&site, "data/totals.json");
    for f in json["figures"].as_array().unwrap() {
        let id = f["id"].as_str().unwrap();
        // The home page links each closed figure to its section on /totals/,
        // which lists every figure ...
        if id.contains(".closed.") {
            assert!(home.contains(&format!("href=\"/totals/#{id}\"")), "home lacks {id}");
        }
        // ... which names every amount summed into it.
        let start = totals.find(&format!("<h3 id=\"{id}\">")).unwrap_or_else(|| panic!("totals lacks {id}"));
        let section = &totals[start..totals[start..].find("</section>").map_or(totals.len(), |e| start + e)];
        for a in f["amounts"].as_array().unwrap() {
            assert!(section.contains(&format!("<code>{}</code>", a.as_str().unwrap())), "{id}: {a}");
        }
    }
    assert!(home.contains("<a href=\"/totals/\">How totals are counted</a>"), "{home}");
    assert!(totals.contains("Proposed, not yet agreed") && totals.contains("<code>p-proposal#1</code>"), "{totals}");
    assert!(totals.contains("Parts of a package that is counted") && totals.contains("<code>a-package#notes</code>"));
}

#[test]
fn check_reports_packages_that_do_not_hold_together() {
    let mut site = SiteTest::from_str(
        r#"
//- content/companies/acme.md
---
name: Acme
category: miner
summary: "x"
sources: [{url: "https://example.org/a", title: "a"}]
---
[[deals/one]] [[deals/two]]
//- content/deals/one.md
---
title: "One"
date: 2026-01-01
kinds: [financing]
state: closed
parties:
  - {company: acme, role: borrower}
amounts:
  - {id: package, kind: financing, amount: "US$3.65B"}
  - {id: notes, part_of: package, kind: secured-notes, amount: "US$2.0B"}
  - {id: eur, part_of: package, kind: term-loan, amount: "€1.0B"}
  - {id: loan, part_of: pakage, kind: term-loan, amount: "US$1.0B"}
  - {id: a, part_of: b, kind: term-loan, amount: "US$1M"}
  - {id: b, part_of: a, kind: term-loan, amount: "US$1M"}
  - {id: new, kind: convertible-notes, amount: "US$1.0B", basis: proposed}
  - {kind: term-loan, amount: "US$5M", party: acne}
  - {id: small, kind: financing, amount: "US$1.0B"}
  - {id: half, part_of: small, kind: term-loan, amount: "US$500M"}
sources: [{url: "https://example.org/one", title: "one"}]
---
[[acme]]
//- content/deals/two.md
---
title: "Two"
date: 2026-02-01
kinds: [secured-notes]
state: closed
parties:
  - {company: acme, role: landlord}
amounts:
  - {kind: secured-notes, amount: "US$1.0B", part_of: "one#pakage"}
  - {kind: secured-notes, amount: "US$1.0B", part_of: "on#package"}
sources: [{url: "https://example.org/two", title: "two"}]
---
[[acme]]
"#,
    );
    site.check(false);
    let d = site.diagnostics();
    let expect = [
        "content/deals/one.md:11:24 part-currency amount `eur` is in EUR, but its package `package` is in USD",
        "content/deals/one.md:12:25 unknown-amount `part_of: pakage` names no amount of this deal",
        "content/deals/one.md:14:22 part-of-cycle `part_of` of amount `b` closes a cycle of packages",
        "content/deals/one.md:15:5 proposed-on-closed-deal amount `new` is `proposed`, but the deal is closed",
        "content/deals/one.md:16:47 unknown-party `acne` is not a party of this deal",
        "content/deals/one.md:17:5 parts-do-not-add-up the parts of `small` add up to US$500M, but the package is US$1B (more than 2% apart)",
        "content/deals/two.md:9:5 debt-without-borrower amount `1` is debt (secured-notes), but no party borrows or issues it",
        "content/deals/two.md:9:55 unknown-amount deal `deals/one` has no amount with id `pakage`",
        "content/deals/two.md:10:5 debt-without-borrower amount `2` is debt (secured-notes), but no party borrows or issues it",
        "content/deals/two.md:10:55 broken-link no page is named `on`",
    ];
    for e in expect {
        assert!(d.iter().any(|x| x == e), "missing `{e}` in:\n{}", d.join("\n"));
    }
    let helps: Vec<String> = site
        .report()
        .diagnostics
        .items()
        .iter()
        .filter_map(|d| d.help.clone())
        .filter(|h| h.contains("did you mean"))
        .collect();
    assert!(helps.iter().any(|h| h.contains("`package`")), "{helps:?}");
    assert!(helps.iter().any(|h| h.contains("`deals/one`")), "a misspelt deal gets a did-you-mean: {helps:?}");
}
