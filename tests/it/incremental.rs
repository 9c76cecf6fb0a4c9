//! serve's invalidation is derived from what each render job read: after
//! an edit, exactly the outputs that read something it changed are rendered
//! again. The expectations are worked out by hand from the small sites below.

use std::path::PathBuf;

use pivotbook::build::Options;
use pivotbook::incremental::{self, Session, Step};
use pivotbook::write::Live;

use crate::support::SiteTest;

const SITE: &str = r#"
//- pivotbook.yaml
title: T
//- content/notes/a.md
---
title: "Alpha"
---
Alpha embeds a section of beta:

![[b#Part]]

And links [[c]].
//- content/notes/b.md
---
title: "Beta"
---
Beta links [[a]].

## Part

Embedded text.

## Other

Not embedded.
//- content/notes/c.md
---
title: "Gamma"
---
Gamma links [[b]].

More about gamma.
//- content/notes/d.md
---
title: "Delta"
---
Delta links [[c]] and [[a]].
"#;

fn start(t: &SiteTest) -> (Session, Live) {
    let opts = Options { root: t.root().to_path_buf(), ..Options::default() };
    let (session, diags) = incremental::load(&opts).unwrap();
    let mut session = session.unwrap_or_else(|| panic!("{:?}", diags.items()));
    assert_eq!(diags.error_count(), 0, "{:?}", diags.items());
    let mut out = Live::new(None, t.root(), &t.root().join("content")).unwrap();
    assert!(session.write_all(&mut out).unwrap().written);
    (session, out)
}

/// Edits `rel` and returns the HTML outputs rendered again whose bytes changed, and how many outputs were rendered.
fn edit(t: &SiteTest, s: &mut Session, out: &mut Live, rel: &str, from: &str, to: &str) -> (Vec<String>, usize) {
    let path: PathBuf = t.root().join("content").join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    match s.apply(&[path], out).unwrap() {
        Step::Updated(w) => {
            assert!(w.written);
            let mut html: Vec<String> = w.changed.into_iter().filter(|c| c.ends_with(".html")).collect();
            html.sort();
            (html, w.rendered)
        }
        other => panic!("expected an update, got {other:?}"),
    }
}

#[test]
fn a_body_edit_renders_the_page_and_the_pages_embedding_that_part_again() {
    let t = SiteTest::from_str(SITE);
    let (mut s, mut out) = start(&t);
    // Outside the embedded section: only beta itself shows it, but alpha read
    // beta's body for the embed, so it is rendered (its bytes stay the same).
    let (changed, rendered) = edit(&t, &mut s, &mut out, "notes/b.md", "Not embedded.", "Still not embedded.");
    assert_eq!(changed, ["notes/b/index.html"]);
    assert_eq!(rendered, 2);
    // Inside it: alpha's bytes change too.
    let (changed, rendered) = edit(&t, &mut s, &mut out, "notes/b.md", "Embedded text.", "Embedded words.");
    assert_eq!(changed, ["notes/a/index.html", "notes/b/index.html"]);
    assert_eq!(rendered, 2);
    // Gamma's body changes only gamma's bytes. Beta renders again: its
    // backlink from gamma quotes `[[b]]`, shown by title, which reads
    // gamma's links. (An edit to that sentence would change beta's bytes.)
    let (changed, rendered) = edit(&t, &mut s, &mut out, "notes/c.md", "More about gamma.", "Still more.");
    assert_eq!(changed, ["notes/c/index.html"]);
    assert_eq!(rendered, 2);
}

#[test]
fn the_notes_index_renders_again_when_a_lead_changes_and_only_then() {
    let t = SiteTest::from_str(SITE);
    let (mut s, mut out) = start(&t);
    // The notes index shows each note's first paragraph (its lead) as its
    // summary. The edits in the test above, all below a lead, leave the index
    // alone (2 outputs rendered there, the index not among them); an edit to
    // alpha's lead changes alpha and the index, and no other page quotes it.
    let (changed, rendered) =
        edit(&t, &mut s, &mut out, "notes/a.md", "Alpha embeds a section of beta:", "Alpha embeds part of beta:");
    assert_eq!(changed, ["notes/a/index.html", "notes/index.html"]);
    let index = std::fs::read_to_string(out.dir().join("notes/index.html")).unwrap();
    assert!(index.contains("Alpha embeds part of beta:"), "{index}");
    // Alpha, the index (its lead) and gamma, whose backlink from alpha quotes
    // `[[c]]` and so reads alpha's links (its bytes stay the same).
    assert_eq!(rendered, 3);
}

#[test]
fn a_title_edit_renders_every_output_that_shows_the_title() {
    let t = SiteTest::from_str(SITE);
    let (mut s, mut out) = start(&t);
    let (changed, _) = edit(&t, &mut s, &mut out, "notes/c.md", "title: \"Gamma\"", "title: \"Gamma Prime\"");
    // Gamma itself; beta lists gamma among its backlinks, by title; the
    // notes index lists it; alpha and delta link to it as `[[c]]`, which
    // shows its title.
    assert_eq!(
        changed,
        ["notes/a/index.html", "notes/b/index.html", "notes/c/index.html", "notes/d/index.html", "notes/index.html"]
    );
}

#[test]
fn a_new_alias_relinks_a_property_link_to_it() {
    // Obsidian Help, "Properties": a property may hold a link, `"[[Omega]]"`.
    let site = SITE.replace("title: T\n", "title: T\nlinks: warn\n");
    let t = SiteTest::from_str(&format!("{site}//- content/notes/e.md\n---\nup: \"[[Omega]]\"\n---\nEpsilon.\n"));
    let (mut s, mut out) = start(&t);
    // Delta takes the name: epsilon's property now links it, and delta gains a backlink.
    let (changed, _) =
        edit(&t, &mut s, &mut out, "notes/d.md", "title: \"Delta\"", "title: \"Delta\"\naliases: [Omega]");
    assert_eq!(changed, ["notes/d/index.html", "notes/e/index.html"]);
    let epsilon = std::fs::read_to_string(out.dir().join("notes/e/index.html")).unwrap();
    assert!(epsilon.contains(r#"<a href="/notes/d/">Omega</a>"#), "{epsilon}");
}

#[test]
fn a_new_backlink_renders_the_linked_page_again() {
    let t = SiteTest::from_str(SITE);
    let (mut s, mut out) = start(&t);
    // Gamma now links delta: delta's backlinks gain gamma; nothing else
    // shows it (beta's backlink from gamma keeps its sentence, though beta
    // renders again: that sentence's `[[b]]` reads gamma's links).
    let (changed, rendered) = edit(&t, &mut s, &mut out, "notes/c.md", "More about gamma.", "More in [[d]].");
    assert_eq!(changed, ["notes/c/index.html", "notes/d/index.html"]);
    assert_eq!(rendered, 3);
}

const MONEY_SITE: &str = r#"
//- pivotbook.yaml
title: T
//- content/companies/acme.md
---
name: Acme
category: miner
summary: "A miner."
reviewed: 2026-12-04
sources:
  - {url: "https://example.com/acme", title: "Acme"}
---
A miner; see [[acme-loan]] and [[n]].
//- content/deals/acme-loan.md
---
title: "Acme loan"
date: 2025-03
kinds: [term-loan]
state: closed
verification: verified
parties:
  - {company: acme, role: borrower}
amounts:
  - {kind: term-loan, amount: "US$100M"}
reviewed: 2026-12-04
sources:
  - {url: "https://example.com/a", title: "A", published: 2025-03-01}
---
[[Acme]] borrows.
//- content/notes/n.md
---
title: "Nu"
---
A note on [[Acme]].
"#;

#[test]
fn a_note_title_edit_leaves_pages_that_read_only_the_ledger_alone() {
    let t = SiteTest::from_str(MONEY_SITE);
    let (mut s, mut out) = start(&t);
    let (changed, rendered) = edit(&t, &mut s, &mut out, "notes/n.md", "title: \"Nu\"", "title: \"Nu Prime\"");
    // Nu itself, the notes index, Acme (its backlink from Nu) and the loan
    // (its backlink from Acme quotes `[[n]]`, shown by title). A title is
    // no amount: the ledger stays the same, so the pages that read it
    // (home, the indexes, the totals, the timeline, the exports) are not
    // rendered again; before, every catalog rebuild counted as a change to
    // the ledger, and at 10,000 notes a title edit rendered 1,700 files.
    assert_eq!(
        changed,
        ["companies/acme/index.html", "deals/acme-loan/index.html", "notes/index.html", "notes/n/index.html"]
    );
    assert_eq!(rendered, 4);
}

const ORDER_SITE: &str = r#"
//- pivotbook.yaml
title: T
//- content/notes/a.md
---
title: "Alpha"
date: 2026-01-01
tags: [t]
---
Alpha.
//- content/notes/b.md
---
title: "Beta"
date: 2026-02-01
tags: [t]
---
Beta.
//- content/notes/c.md
---
title: "Gamma"
date: 2026-03-01
tags: [t]
---
Gamma.
"#;

/// Where each of `titles` first appears in the output `rel`, in order.
fn order(out: &Live, rel: &str, titles: &[&str]) -> Vec<String> {
    let text = std::fs::read_to_string(out.dir().join(rel)).unwrap();
    let mut found: Vec<(usize, &str)> =
        titles.iter().map(|t| (text.find(t).unwrap_or_else(|| panic!("{rel} lacks {t}")), *t)).collect();
    found.sort();
    found.into_iter().map(|(_, t)| t.to_string()).collect()
}

#[test]
fn an_edit_that_moves_a_page_in_the_catalogs_orders_reorders_its_lists() {
    // serve keeps the catalog's orders (by title, by date) between edits and
    // moves only the edited page: Alpha renamed Zeta and dated last must
    // move to the end of the tag's list and the front of the site feed.
    let t = SiteTest::from_str(ORDER_SITE);
    let (mut s, mut out) = start(&t);
    assert_eq!(order(&out, "tags/t/index.html", &["Alpha", "Beta", "Gamma"]), ["Alpha", "Beta", "Gamma"]);
    assert_eq!(order(&out, "atom.xml", &["Alpha", "Beta", "Gamma"]), ["Gamma", "Beta", "Alpha"]);
    edit(&t, &mut s, &mut out, "notes/a.md", "title: \"Alpha\"\ndate: 2026-01-01", "title: \"Zeta\"\ndate: 2026-04-01");
    assert_eq!(order(&out, "tags/t/index.html", &["Zeta", "Beta", "Gamma"]), ["Beta", "Gamma", "Zeta"]);
    assert_eq!(order(&out, "atom.xml", &["Zeta", "Beta", "Gamma"]), ["Zeta", "Gamma", "Beta"]);
    // A second edit moves it back: the orders kept after the first are right.
    edit(&t, &mut s, &mut out, "notes/a.md", "title: \"Zeta\"", "title: \"Aleph\"");
    assert_eq!(order(&out, "tags/t/index.html", &["Aleph", "Beta", "Gamma"]), ["Aleph", "Beta", "Gamma"]);
}

#[test]
fn a_title_edit_renders_only_the_pages_of_the_notes_index_whose_entries_changed() {
    // Two notes to a page: Alpha and Beta on the first, Delta and Gamma on
    // the second.
    let t = SiteTest::from_str(&SITE.replacen("title: T\n", "title: T\npaginate: 2\n", 1));
    let (mut s, mut out) = start(&t);
    let dir = out.dir().to_path_buf();
    let page = |rel: &str| std::fs::read_to_string(dir.join(rel)).unwrap();
    assert!(page("notes/page/2/index.html").contains(">Gamma</a>"));
    // Gamma keeps its place: of the index, only the second page shows it.
    let (changed, rendered) = edit(&t, &mut s, &mut out, "notes/c.md", "title: \"Gamma\"", "title: \"Gamma Prime\"");
    assert_eq!(
        changed,
        [
            "notes/a/index.html",
            "notes/b/index.html",
            "notes/c/index.html",
            "notes/d/index.html",
            "notes/page/2/index.html"
        ]
    );
    // Those five were all that was rendered: not the index's first page.
    assert_eq!(rendered, 5);
    // Renamed Aardvark it moves to the first page, and Beta to the second.
    let (changed, _) = edit(&t, &mut s, &mut out, "notes/c.md", "title: \"Gamma Prime\"", "title: \"Aardvark\"");
    assert!(
        changed.contains(&"notes/index.html".to_string()) && changed.contains(&"notes/page/2/index.html".to_string())
    );
    assert_eq!(order(&out, "notes/index.html", &["Aardvark", "Alpha"]), ["Aardvark", "Alpha"]);
    assert!(!page("notes/index.html").contains(">Beta</a>"));
    assert_eq!(order(&out, "notes/page/2/index.html", &["Beta", "Delta"]), ["Beta", "Delta"]);
    assert!(!page("notes/page/2/index.html").contains(">Aardvark</a>"));
}

/// `SITE` one entry to a page, with the notes titled as in `tags` tagged so.
fn tagged(tags: &[(&str, &str)]) -> SiteTest {
    let mut site = SITE.replacen("title: T\n", "title: T\npaginate: 1\n", 1);
    for (title, tag) in tags {
        let line = format!("title: \"{title}\"\n");
        site = site.replacen(&line, &format!("{line}tags: [{tag}]\n"), 1);
    }
    SiteTest::from_str(&site)
}

#[test]
fn a_tag_edit_that_crosses_a_page_boundary_adds_and_removes_the_tag_s_further_page() {
    // One entry to a page: #x lists Alpha alone until Gamma takes the tag too
    // (the set of tags stays the same: Delta keeps #y).
    let t = tagged(&[("Alpha", "x"), ("Gamma", "y"), ("Delta", "y")]);
    let (mut s, mut out) = start(&t);
    let dir = out.dir().to_path_buf();
    assert!(!dir.join("tags/x/page/2/index.html").exists());
    let (changed, _) = edit(&t, &mut s, &mut out, "notes/c.md", "tags: [y]", "tags: [x, y]");
    assert!(changed.contains(&"tags/x/page/2/index.html".to_string()), "{changed:?}");
    let second = std::fs::read_to_string(dir.join("tags/x/page/2/index.html")).unwrap();
    assert!(second.contains(">Gamma</a>") && !second.contains(">Alpha</a>"), "{second}");
    // Taken away again, the further page goes with it.
    edit(&t, &mut s, &mut out, "notes/c.md", "tags: [x, y]", "tags: [y]");
    assert!(!dir.join("tags/x/page/2/index.html").exists());
}

#[test]
fn a_title_edit_renders_only_the_page_of_a_tag_s_listing_that_shows_the_note() {
    // One entry to a page: #x lists Alpha, then Beta.
    let t = tagged(&[("Alpha", "x"), ("Beta", "x")]);
    let (mut s, mut out) = start(&t);
    // Beta keeps its place: of the tag's pages, only the second shows it.
    let (changed, rendered) = edit(&t, &mut s, &mut out, "notes/b.md", "title: \"Beta\"", "title: \"Beta Prime\"");
    assert!(changed.contains(&"tags/x/page/2/index.html".to_string()), "{changed:?}");
    assert!(!changed.contains(&"tags/x/index.html".to_string()), "{changed:?}");
    // Rendered: Beta's page, Alpha's (it embeds Beta) and Gamma's (it links Beta), the notes
    // index's pages listing Beta (2) and Gamma (4, its summary names Beta), and the tag's second.
    assert_eq!(rendered, 6, "{changed:?}");
}

#[test]
fn a_note_that_moves_in_a_tag_s_listing_renders_only_the_pages_it_moved_across() {
    // One entry to a page: #x lists Alpha, Beta, Delta (pages 1, 2, 3).
    let t = tagged(&[("Alpha", "x"), ("Beta", "x"), ("Delta", "x")]);
    let (mut s, mut out) = start(&t);
    // Beta becomes Zulu: #x lists Alpha, Delta, Zulu; its second and third pages change.
    let (changed, rendered) = edit(&t, &mut s, &mut out, "notes/b.md", "title: \"Beta\"", "title: \"Zulu\"");
    let tags: Vec<&String> = changed.iter().filter(|c| c.starts_with("tags/")).collect();
    assert_eq!(tags, ["tags/x/page/2/index.html", "tags/x/page/3/index.html"]);
    // Rendered: Zulu's page, Alpha's (it embeds it), Gamma's (it links it), the notes index's
    // pages 2 to 4 (Alpha, Delta, Gamma, Zulu: Zulu moved from 2 to 4, Gamma's summary names
    // it) and the tag's pages 2 and 3; not its first.
    assert_eq!(rendered, 8, "{changed:?}");
}

#[test]
fn a_new_tag_renders_its_pages_and_what_shows_the_edited_page_not_every_page() {
    let t = SiteTest::from_str(SITE);
    for i in 0..20 {
        t.write(&format!("content/notes/e{i:02}.md"), &format!("---\ntitle: \"Extra {i:02}\"\n---\nNothing here.\n"));
    }
    let (mut s, mut out) = start(&t);
    // Gamma takes a tag the site did not have: a new plan, with /tags/ and /tags/z/.
    let (changed, rendered) =
        edit(&t, &mut s, &mut out, "notes/c.md", "title: \"Gamma\"\n", "title: \"Gamma\"\ntags: [z]\n");
    assert!(changed.contains(&"tags/z/index.html".to_string()), "{changed:?}");
    assert!(changed.contains(&"notes/c/index.html".to_string()), "{changed:?}");
    // Rendered: the tag index and #z's page (new jobs), Gamma's page, the three that show Gamma
    // (Alpha and Delta link it, Beta lists it among its backlinks) and the notes index (it shows
    // each note's tags); not the twenty others, nor the home page, search, graph or 404.
    assert_eq!(rendered, 7, "{changed:?}");
}

#[test]
fn a_date_edit_writes_the_sitemap_again() {
    let site = SITE.replacen("title: T\n", "title: T\nbase_url: https://example.org/\n", 1).replacen(
        "title: \"Beta\"\n",
        "title: \"Beta\"\ndate: 2026-11\n",
        1,
    );
    let t = SiteTest::from_str(&site);
    let (mut s, mut out) = start(&t);
    let sitemap = |out: &Live| std::fs::read_to_string(out.dir().join("sitemap.xml")).unwrap();
    assert!(sitemap(&out).contains("/notes/b/</loc><lastmod>2026-11</lastmod>"), "{}", sitemap(&out));
    edit(&t, &mut s, &mut out, "notes/b.md", "date: 2026-11", "date: 2024-01-02");
    assert!(sitemap(&out).contains("/notes/b/</loc><lastmod>2024-01-02</lastmod>"), "{}", sitemap(&out));
}

/// The codes of the session's diagnostics, with the file each is in.
fn codes(s: &Session) -> Vec<String> {
    s.diagnostics().items().iter().map(|d| format!("{} {}", d.code, d.span.path.display())).collect()
}

#[test]
fn the_graph_is_laid_out_again_only_after_an_edit_to_a_title_or_to_which_pages_link() {
    let t = SiteTest::from_str(SITE);
    let (mut s, mut out) = start(&t);
    assert!(s.graph_job().is_none(), "the whole site's write laid the graph out");
    edit(&t, &mut s, &mut out, "notes/c.md", "More about gamma.", "Still more.");
    assert!(s.graph_job().is_none(), "a body edit away from links");
    // Beta's backlink from gamma quotes a new sentence: the same edge.
    edit(&t, &mut s, &mut out, "notes/c.md", "Gamma links [[b]].", "Gamma still links [[b]].");
    assert!(s.graph_job().is_none(), "a new sentence around a link");
    edit(&t, &mut s, &mut out, "notes/c.md", "title: \"Gamma\"", "title: \"Gamma Prime\"");
    assert!(s.graph_job().is_some(), "a new title");
    assert!(s.graph_job().is_none(), "the job was handed out");
    edit(&t, &mut s, &mut out, "notes/d.md", "and [[a]].", "and [[a]] and [[b]].");
    assert!(s.graph_job().is_some(), "a new link");
    edit(&t, &mut s, &mut out, "notes/d.md", "and [[a]] and [[b]].", "and [[a]].");
    assert!(s.graph_job().is_some(), "a link taken away");
}

#[test]
fn an_edit_that_closes_or_opens_an_embed_cycle_updates_its_warnings() {
    let t = SiteTest::from_str(SITE);
    let (mut s, mut out) = start(&t);
    let cycles = |s: &Session| codes(s).into_iter().filter(|c| c.starts_with("embed-cycle")).collect::<Vec<_>>();
    assert!(cycles(&s).is_empty());
    // Delta embeds gamma: no cycle yet.
    edit(&t, &mut s, &mut out, "notes/d.md", "Delta links [[c]]", "Delta links ![[c]]");
    assert!(cycles(&s).is_empty(), "{:?}", cycles(&s));
    // Gamma embeds delta back: both embeds close the cycle.
    edit(&t, &mut s, &mut out, "notes/c.md", "More about gamma.", "More about gamma: ![[d]]");
    assert_eq!(cycles(&s), ["embed-cycle content/notes/c.md", "embed-cycle content/notes/d.md"]);
    // Delta links gamma again instead: no cycle.
    edit(&t, &mut s, &mut out, "notes/d.md", "Delta links ![[c]]", "Delta links [[c]]");
    assert!(cycles(&s).is_empty(), "{:?}", cycles(&s));
}

#[test]
fn an_edit_checks_that_page_s_milestones_against_the_same_day() {
    let t = SiteTest::from_str(
        r#"
//- pivotbook.yaml
title: T
//- content/deals/late.md
---
title: "Late deal"
date: 2026-02-03
kinds: [lease]
parties: [{company: acme, role: landlord}]
expected:
  - {what: "first rent", by: 2026-09}
sources: [{url: "https://example.org/late", title: "late"}]
---
Text.
//- content/deals/other.md
---
title: "Other deal"
date: 2026-02-03
kinds: [lease]
parties: [{company: acme, role: tenant}]
expected:
  - {what: "handover", by: 2026-10}
sources: [{url: "https://example.org/other", title: "other"}]
---
Links [[late]].
//- content/companies/acme.md
---
name: Acme
category: miner
summary: "A miner."
sources: [{url: "https://example.org/acme", title: "acme"}]
---
[[other]]
"#,
    );
    let opts = Options { root: t.root().to_path_buf(), today: "2026-12-01".parse().ok(), ..Options::default() };
    let (s, _) = incremental::load(&opts).unwrap();
    let mut s = s.unwrap();
    let mut out = Live::new(None, t.root(), &t.root().join("content")).unwrap();
    assert!(s.write_all(&mut out).unwrap().written, "{:?}", s.diagnostics().items());
    let passed =
        |s: &Session| codes(s).into_iter().filter(|c| c.starts_with("expected-date-passed")).collect::<Vec<_>>();
    assert_eq!(
        passed(&s),
        ["expected-date-passed content/deals/late.md", "expected-date-passed content/deals/other.md"]
    );
    // A review after the date silences the late deal's warning, and only its.
    edit(&t, &mut s, &mut out, "deals/late.md", "kinds: [lease]\n", "kinds: [lease]\nreviewed: 2026-11-02\n");
    assert_eq!(passed(&s), ["expected-date-passed content/deals/other.md"]);
    edit(&t, &mut s, &mut out, "deals/late.md", "reviewed: 2026-11-02\n", "");
    assert_eq!(passed(&s).len(), 2);
}

/// Edits `rel` and applies it, whether or not the site then has errors (which hold its writes back).
fn change(t: &SiteTest, s: &mut Session, out: &mut Live, rel: &str, from: &str, to: &str) {
    let path: PathBuf = t.root().join("content").join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    assert!(matches!(s.apply(&[path], out).unwrap(), Step::Updated(_)));
}

#[test]
fn a_renamed_or_re_headed_page_relinks_the_pages_that_name_or_anchor_it() {
    let site = format!(
        "{SITE}//- content/notes/e.md\n---\ntitle: \"Epsilon\"\n---\nEpsilon names [[Gamma]] and links [[b#Part]].\n"
    );
    let t = SiteTest::from_str(&site);
    let (mut s, mut out) = start(&t);
    let broken = |s: &Session| codes(s).into_iter().filter(|c| c.starts_with("broken")).collect::<Vec<_>>();
    // Gamma's old title is what epsilon names: its link breaks.
    change(&t, &mut s, &mut out, "notes/c.md", "title: \"Gamma\"", "title: \"Gamma Prime\"");
    assert_eq!(broken(&s), ["broken-link content/notes/e.md"]);
    change(&t, &mut s, &mut out, "notes/c.md", "title: \"Gamma Prime\"", "title: \"Gamma\"");
    assert!(broken(&s).is_empty(), "{:?}", broken(&s));
    // A name written by an edit is found too: delta now names beta, then beta is renamed.
    change(&t, &mut s, &mut out, "notes/d.md", "and [[a]].", "and [[a]] and [[Beta]].");
    change(&t, &mut s, &mut out, "notes/b.md", "title: \"Beta\"", "title: \"Beta Two\"");
    assert_eq!(broken(&s), ["broken-link content/notes/d.md"]);
    change(&t, &mut s, &mut out, "notes/b.md", "title: \"Beta Two\"", "title: \"Beta\"");
    // Beta's heading renamed: epsilon's and alpha's links to it break.
    change(&t, &mut s, &mut out, "notes/b.md", "## Part", "## Piece");
    let missing = codes(&s).into_iter().filter(|c| c.starts_with("missing-heading")).collect::<Vec<_>>();
    assert_eq!(missing, ["missing-heading content/notes/a.md", "missing-heading content/notes/e.md"]);
}

#[test]
fn a_file_saved_again_unchanged_changes_nothing_unless_its_last_read_failed() {
    let t = SiteTest::from_str(SITE);
    let (mut s, mut out) = start(&t);
    let path = t.root().join("content/notes/c.md");
    let text = std::fs::read(&path).unwrap();
    // The same bytes written again (an editor's second event for one save).
    std::fs::write(&path, &text).unwrap();
    assert!(matches!(s.apply(std::slice::from_ref(&path), &mut out).unwrap(), Step::Unchanged));
    // A file that could not be read, then written back as it was: read again, its error gone.
    std::fs::write(&path, b"\xff\xfe not text").unwrap();
    s.apply(std::slice::from_ref(&path), &mut out).unwrap();
    assert!(codes(&s).iter().any(|c| c.ends_with("c.md")), "{:?}", codes(&s));
    std::fs::write(&path, &text).unwrap();
    assert!(matches!(s.apply(std::slice::from_ref(&path), &mut out).unwrap(), Step::Updated(_)));
    assert!(codes(&s).iter().all(|c| !c.ends_with("c.md")), "{:?}", codes(&s));
}

#[test]
fn an_edit_to_the_math_preamble_reloads_the_whole_site() {
    let t = SiteTest::from_str(
        "//- pivotbook.yaml\nmarkdown:\n  math: true\n//- content/preamble.sty\n\\newcommand{\\R}{\\mathbb{R}}\n//- content/a.md\n$\\R$\n",
    );
    let (mut s, mut out) = start(&t);
    let path = t.root().join("content/preamble.sty");
    std::fs::write(&path, "\\newcommand{\\R}{\\mathbb{Q}}\n").unwrap();
    assert!(matches!(s.apply(&[path], &mut out).unwrap(), Step::Full("the math preamble changed")));
}
