//! Keeping the knowledge base current (`freshness`, `render/timeline`): a
//! milestone whose date passed without a review warns, a later review or
//! update silences it, `--stale-after` lists pages not reviewed, and the
//! timeline and the updates feed are generated from the pages.

use crate::support::SiteTest;

const SITE: &str = r#"
//- content/companies/acme.md
---
name: Acme
category: miner
summary: "A miner."
reviewed: 2026-03-02
updates:
  - {date: 2026-03-02, text: "Renamed its AI unit."}
sources: [{url: "https://example.org/acme", title: "acme"}]
---
[[deals/late]] [[deals/revisited]] [[deals/undated]]
//- content/deals/late.md
---
title: "Late deal"
date: 2026-02-03
kinds: [lease]
state: closed
parties: [{company: acme, role: landlord}]
amounts: [{kind: lease, amount: "US$2B"}]
expected:
  - {what: "first rent", by: 2026-09, note: "per the release"}
  - {what: "second hall", by: 2027-03}
reviewed: 2026-08-31
sources: [{url: "https://example.org/late", title: "late"}]
---
[[acme]]
//- content/deals/revisited.md
---
title: "Revisited deal"
date: 2025-11
kinds: [term-loan]
state: closed
parties: [{company: acme, role: borrower}]
amounts: [{kind: term-loan, amount: "US$1B"}]
expected:
  - {what: "closing", by: 2026-06-30}
updates:
  - {date: 2026-07-01, text: "Closed on 1 July."}
sources: [{url: "https://example.org/rev", title: "rev"}]
---
[[acme]]
//- content/deals/undated.md
---
title: "Undated deal"
date: unknown
date_note: "The source gives no date."
kinds: [other]
parties: [{company: acme, role: partner}]
sources: [{url: "https://example.org/u", title: "u"}]
---
[[acme]]
"#;

#[test]
fn a_milestone_past_its_date_without_a_review_warns_at_its_line() {
    let mut site = SiteTest::from_str(SITE);
    site.check(false);
    // Today is 2026-12-04 in tests: September 2026 has passed and the page was last
    // reviewed on 31 August; March 2027 has not; the revisited deal was updated after its date.
    assert_eq!(
        site.diagnostics(),
        ["content/deals/late.md:9:5 expected-date-passed `first rent` was expected by 2026-09 and the page has not been reviewed since (last touched 2026-08-31)"]
    );
}

#[test]
fn dates_that_contradict_each_other_warn() {
    let mut site = SiteTest::from_str(&SITE.replace("reviewed: 2026-03-02", "reviewed: 2026-02-01").replace(
        "  - {what: \"second hall\", by: 2027-03}",
        "  - {what: \"second hall\", by: 2027-03}\n  - {what: \"signing\", by: 2026-01}",
    ));
    site.check(false);
    assert_eq!(
        site.diagnostics(),
        [
            "content/companies/acme.md:0:0 update-after-review `companies/acme` records an update dated 2026-03-02, after its review on 2026-02-01",
            "content/deals/late.md:9:5 expected-date-passed `first rent` was expected by 2026-09 and the page has not been reviewed since (last touched 2026-08-31)",
            "content/deals/late.md:11:5 expected-before-deal `signing` is expected by 2026-01, before the deal's own date 2026-02-03",
        ]
    );
}

#[test]
fn the_binary_takes_today_and_lists_pages_not_reviewed() {
    let site = SiteTest::from_str(SITE);
    // On 2026-09-30 the September milestone is not yet late.
    let (code, _, err) = site.run_cli(&["check", "--strict", "--today", "2026-09-30"]);
    assert_eq!(code, 0, "{err}");
    // On 2027-04-01 both milestones of the late deal are late.
    let (code, _, err) = site.run_cli(&["check", "--strict", "--today", "2027-04-01"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.matches("expected-date-passed").count(), 2, "{err}");
    // 100 days before 2026-12-04: Acme (touched 2026-03-02), the revisited deal (2026-07-01)
    // and the undated deal (never) are stale; the late deal (2026-08-31, 95 days) is not.
    let (code, _, err) = site.run_cli(&["check", "--today", "2026-12-04", "--stale-after", "100d"]);
    assert_eq!(code, 0, "warnings only: {err}");
    let stale: Vec<&str> = err.lines().filter(|l| l.contains("not-reviewed")).collect();
    assert_eq!(stale.len(), 3, "{err}");
    assert!(err.contains("`companies/acme` was last reviewed on 2026-03-02, 277 days ago (more than 100)"), "{err}");
    assert!(err.contains("`deals/undated` has never been reviewed"), "{err}");
    assert!(!err.contains("`deals/late` was last reviewed"), "{err}");
    let (code, _, err) = site.run_cli(&["check", "--stale-after", "soon"]);
    assert_eq!(code, 2, "a bad age is a usage error: {err}");
}

#[test]
fn pages_show_what_changed_and_the_site_feeds_it() {
    let mut site = SiteTest::from_str(SITE);
    site.build();
    let acme = site.main("companies/acme/index.html");
    assert!(
        acme.contains(
            "Last reviewed against its sources and later news on <time datetime=\"2026-03-02\">2 Mar 2026</time>."
        ),
        "{acme}"
    );
    assert!(acme.contains("<li><time datetime=\"2026-03-02\">2 Mar 2026</time>: Renamed its AI unit.</li>"), "{acme}");
    let late = site.main("deals/late/index.html");
    assert!(
        late.contains("<dt>Still expected</dt>")
            && late.contains("first rent, by <time datetime=\"2026-09\">Sep 2026</time>"),
        "{late}"
    );
    let feed = site.page("updates.xml");
    roxmltree::Document::parse(&feed).expect("valid XML");
    // Newest first: the deal's July update, then Acme's March one.
    let july = feed.find("Closed on 1 July.").expect("the deal's update");
    let march = feed.find("Renamed its AI unit.").expect("the company's update");
    assert!(july < march, "{feed}");
}

#[test]
fn the_timeline_lists_every_deal_oldest_first_with_its_headline() {
    let mut site = SiteTest::from_str(SITE);
    site.build();
    let t = site.main("timeline/index.html");
    assert!(t.contains("All 3 deals"), "{t}");
    let nov = t.find("<h3 id=\"month-2025-11\">November 2025</h3>").expect("November 2025");
    let feb = t.find("<h3 id=\"month-2026-02\">February 2026</h3>").expect("February 2026");
    let undated = t.find("<h2 id=\"year-Undated\">Undated</h2>").expect("undated last");
    assert!(nov < feb && feb < undated, "{t}");
    assert!(
        t.contains(
            "<a href=\"/deals/late/\">Late deal</a> <span class=\"muted\">·</span> <span class=\"amount\">US$2B</span>"
        ),
        "{t}"
    );
}
