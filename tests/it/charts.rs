//! Charts: present where they belong, valid SVG with a title and a text
//! alternative, themed (no placeholder colours left), and their data tables
//! carrying the figures of the content.

use crate::support::SiteTest;

/// Every `<figure class="chart">` of a page: (id, the SVG, the figure's HTML).
fn charts(page: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<figure class=\"chart\" id=\"") {
        let fig = &rest[start..];
        let end = fig.find("</figure>").expect("a closed figure") + "</figure>".len();
        let fig = &fig[..end];
        let id = fig["<figure class=\"chart\" id=\"".len()..].split('"').next().unwrap().to_string();
        let svg_start = fig.find("<svg").expect("an SVG");
        let svg_end = fig.find("</svg>").expect("a closed SVG") + "</svg>".len();
        out.push((id, fig[svg_start..svg_end].to_string(), fig.to_string()));
        rest = &rest[start + end..];
    }
    out
}

fn assert_accessible_svg(id: &str, svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{id}: invalid SVG: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"), "{id}");
    let labelled = root.attribute("aria-labelledby").unwrap_or_default();
    for label in labelled.split_whitespace() {
        let node = doc.descendants().find(|n| n.attribute("id") == Some(label));
        let text = node.and_then(|n| n.text()).unwrap_or_default();
        assert!(!text.trim().is_empty(), "{id}: aria-labelledby `{label}` names no text");
    }
    assert_eq!(labelled.split_whitespace().count(), 2, "{id}: a title and a description");
    assert!(root.attribute("viewBox").is_some() && root.attribute("width").is_none(), "{id}: scales with the page");
    assert!(!svg.contains("#0100") && !svg.contains("#000000"), "{id}: a placeholder colour was left");
    assert!(doc.descendants().any(|n| n.attribute("class").is_some_and(|c| c.starts_with("series-"))), "{id}");
}

#[test]
fn the_knowledge_base_fixture_has_its_charts() {
    let mut site = SiteTest::from_fixture("site/kb");
    site.build().assert_clean();
    for (page, want) in [
        ("index.html", vec!["chart-largest", "chart-cumulative"]),
        ("deals/index.html", vec!["chart-quarters-raised", "chart-quarters-contracts"]),
        ("companies/iren/index.html", vec!["chart-company-deals"]),
    ] {
        let found = charts(&site.page(page));
        assert_eq!(found.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(), want, "{page}");
        for (id, svg, fig) in &found {
            assert_accessible_svg(id, svg);
            assert!(fig.contains("<details class=\"chart-data\">") && fig.contains("<th scope=\"row\">"), "{id}");
        }
    }
}

const DEALS: &str = r#"
//- content/companies/acme.md
---
name: Acme Mining
category: miner
summary: A miner.
sources: [{url: "https://example.com/m", title: M}]
---
//- content/companies/globex.md
---
name: Globex
category: hyperscaler
summary: A hyperscaler.
sources: [{url: "https://example.com/h", title: H}]
---
//- content/deals/loan.md
---
title: Acme borrows
date: 2025-02-10
kinds: [term-loan]
state: closed
verification: verified
parties: [{company: acme, role: borrower}]
amounts: [{kind: term-loan, amount: "US$1.5B"}]
sources: [{url: "https://example.com/a", title: A}]
---
Text.
//- content/deals/lease.md
---
title: Globex leases from Acme
date: 2025-05-01
kinds: [lease]
state: closed
verification: verified
parties: [{company: acme, role: landlord}, {company: globex, role: tenant}]
amounts: [{kind: lease, amount: "US$4B"}, {kind: backstop, amount: "A$2B"}]
sources: [{url: "https://example.com/b", title: B}]
---
Text.
//- content/deals/dead.md
---
title: A terminated deal
date: 2025-05-20
kinds: [contract]
state: terminated
verification: verified
parties: [{company: acme, role: provider}]
amounts: [{kind: contract, amount: "US$9B"}]
sources: [{url: "https://example.com/c", title: C}]
---
Text.
"#;

#[test]
fn chart_tables_hold_the_figures_by_quarter_and_never_mix_currencies_or_series() {
    let mut site = SiteTest::from_str(DEALS);
    site.build();
    let errors: Vec<String> = site.diagnostics().into_iter().filter(|d| !d.contains("orphan-page")).collect();
    assert_eq!(errors, Vec::<String>::new());
    let deals = site.page("deals/index.html");
    let raised = charts(&deals).into_iter().find(|c| c.0 == "chart-quarters-raised").expect("a capital chart").2;
    let contracts = charts(&deals).into_iter().find(|c| c.0 == "chart-quarters-contracts").expect("a contract chart").2;
    // Q1 has the loan (debt, no equity), Q2 the lease, in a chart of its own; the A$
    // backstop and the terminated US$9B are left out.
    assert!(
        raised.contains("<th scope=\"row\">Q1 2025</th><td class=\"num\">US$1.5B</td><td class=\"num\">—</td>"),
        "{raised}"
    );
    assert!(!raised.contains("Q2 2025</th>"), "{raised}");
    assert!(contracts.contains("<th scope=\"row\">Q2 2025</th><td class=\"num\">US$4B</td>"), "{contracts}");
    for chart in [&raised, &contracts] {
        assert!(!chart.contains("US$9") && !chart.contains("US$13") && !chart.contains("US$5.5"), "{chart}");
    }

    let home = site.page("index.html");
    let cumulative = charts(&home).into_iter().find(|c| c.0 == "chart-cumulative").expect("a cumulative chart").2;
    assert!(
        cumulative
            .contains("<th scope=\"row\">2025-05-01</th><td class=\"num\">US$1.5B</td><td class=\"num\">US$4B</td>"),
        "{cumulative}"
    );

    let acme = site.page("companies/acme/index.html");
    let timeline = charts(&acme).into_iter().find(|c| c.0 == "chart-company-deals").expect("a company chart").2;
    assert!(timeline.contains("Acme borrows") && timeline.contains("Globex leases from Acme"), "{timeline}");
    // Globex has one deal only: no chart for a single point.
    assert!(charts(&site.page("companies/globex/index.html")).is_empty());
}
