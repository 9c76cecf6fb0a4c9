//! serve against a clean build, over seeded random edits: after every edit
//! the session must report the diagnostics a clean build of the edited
//! content reports, and when they hold no error, serve's folder (with the
//! link graph settled, as serve's background layout leaves it) must hold
//! the same files as the build, byte for byte. The hand-written tests in
//! `incremental` pin which outputs an edit renders; this one looks for the
//! edit whose consequences serve misses.
//!
//! Each edit toggles one passage of one file between two versions (so any
//! sequence of edits can be applied), and the versions are chosen to reach
//! what serve keeps between edits: titles and aliases that links resolve
//! against, headings that anchors and embeds name, embeds that close and
//! open cycles, tags and redirects that change the plan, amounts and parties
//! that the money ledger reads, dates, milestones, drafts (a full reload),
//! files that do not parse or load, and a file saved again unchanged.
//!
//! Two sites: the `site/kb` fixture with a few pages added, and a vault
//! whose tag and folder listings are cut into pages of two entries.
//!
//! `cargo test` runs three seeds of 20 steps on each. A longer search:
//! `PB_SEEDS=30 PB_STEPS=30 cargo test --test it serve_random -- --nocapture`
//! (seeds 1 to 30).

use std::path::{Path, PathBuf};

use pivotbook::build::Options;
use pivotbook::diag::Diagnostic;
use pivotbook::incremental::{self, Session, Step};
use pivotbook::write::Live;

use crate::support::{assert_same_files, located, SiteTest, TODAY};

/// Notes added to the `site/kb` fixture: embeds, block references and a
/// deal with a milestone.
const EXTRA: &[(&str, &str)] = &[
    (
        "content/notes/quotes.md",
        "---\ntitle: \"Quotes\"\ndate: 2026-10\ntopics: [gpu-financing]\ntags: [quotes]\n---\nA claim worth quoting. ^claim\n\n\
         ## Embedded\n\nText shown where this part is embedded.\n\nThe part's last line.\n\n![[convertible-debt-wave#Why]]\n\n## Elsewhere\n\nSee [[hosting-versus-cloud]].\n",
    ),
    (
        "content/deals/hut-8-expansion.md",
        "---\ntitle: \"Hut 8 expands River Bend\"\ndate: 2026-03-01\nkinds: [lease]\nstate: announced\n\
         parties:\n  - {company: hut-8, role: landlord}\n  - {company: coreweave, role: tenant}\n\
         amounts:\n  - {kind: lease, amount: \"US$1.2B\"}\nexpected:\n  - {what: \"first rent\", by: 2026-09}\n\
         sources: [{url: \"https://example.org/expansion\", title: \"expansion\"}]\n---\nA second hall for [[CoreWeave]].\n",
    ),
];

/// (file under `content/`, one version, the other). Each version is in its
/// file exactly once while it is there; `b` may contain `a`.
type Toggle = (&'static str, &'static str, &'static str);

/// The passages of the knowledge base.
const TOGGLES: &[Toggle] = &[
    // Body text, also inside a section another page embeds.
    ("notes/hosting-versus-cloud.md", "A miner can lease", "A miner may lease"),
    ("notes/hosting-versus-cloud.md", "sells GPU hours to", "rents GPU hours to"),
    ("notes/quotes.md", "Text shown where", "Words shown where"),
    // Titles, names and aliases that links resolve against.
    (
        "notes/hosting-versus-cloud.md",
        "title: \"Hosting versus cloud: landlord or GPU seller?\"",
        "title: \"Hosting or cloud?\"",
    ),
    ("companies/iren.md", "name: IREN Limited\nshort_name: IREN\n", "name: IREN Holdings\nshort_name: IREN Co\n"),
    ("companies/iren.md", "aliases: [Iris Energy, IREN Ltd]", "aliases: [Iris Energy, IREN Ltd, Childress Co]"),
    ("notes/convertible-debt-wave.md", "issued notes.", "issued notes, as [[Childress Co]] did."),
    ("notes/quotes.md", "title: \"Quotes\"", "title: \"Quotations\""),
    // An alias that a company's title also is: links to the company that
    // resolved before become ambiguous, though nothing in those pages changed.
    ("notes/quotes.md", "tags: [quotes]\n", "tags: [quotes]\naliases: [Sayings, Hut 8]\n"),
    ("topics/gpu-financing.md", "How [[iren]] pays", "How [[Sayings]] and [[hut-8]] pay"),
    // Links, to pages, headings and blocks; headings renamed under them.
    (
        "notes/convertible-debt-wave.md",
        "see [[hosting-versus-cloud]].",
        "see [[hosting-versus-cloud]] and [[coreweave]].",
    ),
    ("notes/convertible-debt-wave.md", "Miners borrowed", "Miners, as [[quotes#Elsewhere]] notes, borrowed"),
    ("notes/quotes.md", "## Elsewhere\n", "## Further afield\n"),
    ("notes/hosting-versus-cloud.md", "## Landlords\n", "## Landlords\n\nQuoted: [[quotes#^claim]].\n"),
    ("notes/quotes.md", "quoting. ^claim", "quoting. ^claim-2"),
    // Embeds: `quotes#Embedded` embeds `convertible-debt-wave#Why`; the
    // first edit embeds it back (a cycle), the second makes the embed a link.
    ("notes/convertible-debt-wave.md", "## Why\n", "## Why\n\n![[quotes#Embedded]]\n"),
    ("notes/quotes.md", "![[convertible-debt-wave#Why]]", "a link to [[convertible-debt-wave#Why]]"),
    ("notes/quotes.md", "## Embedded\n", "## Embedded part\n"),
    // Tags, topics, dates and redirects: the catalog and the plan.
    ("notes/hosting-versus-cloud.md", "tags: [analysis]", "tags: [analysis, fresh]"),
    ("notes/convertible-debt-wave.md", "Cheap coupons", "Cheap #leveraged coupons"),
    ("notes/hosting-versus-cloud.md", "topics: [ai-cloud-contracts, gpu-financing]", "topics: [ai-cloud-contracts]"),
    ("notes/convertible-debt-wave.md", "date: 2026-11", "date: 2026-09"),
    ("notes/quotes.md", "date: 2026-10\n", "date: 2026-10\nredirect_from: [\"/old-quotes/\"]\n"),
    // Money: an amount (its package no longer adds up), a party, a state.
    ("deals/iren-gpu-financing-2026.md", "amount: \"US$3.65B\"", "amount: \"US$3.75B\""),
    ("deals/iren-gpu-financing-2026.md", "{name: \"Noteholders\", role: lender}", "{company: hut-8, role: lender}"),
    ("deals/hut-8-expansion.md", "state: announced", "state: closed"),
    ("deals/hut-8-expansion.md", "amount: \"US$1.2B\"", "amount: \"US$1.4B\""),
    // A milestone reviewed after its date.
    ("deals/hut-8-expansion.md", "kinds: [lease]\n", "kinds: [lease]\nreviewed: 2026-10-02\n"),
    // A draft: the set of pages changes, which serve loads again whole.
    ("notes/quotes.md", "topics: [gpu-financing]\n", "topics: [gpu-financing]\ndraft: true\n"),
    // Front matter that does not parse, is not closed; a binary file. The
    // last two fail to load: serve keeps the text last read.
    ("topics/gpu-financing.md", "title: GPU financing", "title: [GPU financing"),
    ("topics/gpu-financing.md", "they serve.\"\n---\n", "they serve.\"\n--\n"),
    ("topics/gpu-financing.md", "for its chips.", "for its chips.\0"),
];

/// The codes of a markdown file that cannot be loaded as a page.
const LOAD_ERRORS: &[&str] = &[" binary-file ", " not-utf8 "];

/// splitmix64: the test's own seeded sequence.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// Toggles passage `k` (noting in `on` which passages are at their second
/// version); returns the file and a description of the edit.
fn toggle(root: &Path, toggles: &[Toggle], k: usize, on: &mut [bool]) -> (PathBuf, String) {
    let (rel, a, b) = toggles[k];
    let path = root.join("content").join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let (from, to) = if on[k] { (b, a) } else { (a, b) };
    assert_eq!(text.matches(from).count(), 1, "{rel}: {from:?} is not there once in\n{text}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    on[k] = !on[k];
    (path, format!("{rel}: {from:?} -> {to:?}"))
}

fn load(root: &Path) -> Session {
    // The day `SiteTest`'s builds take.
    let opts = Options { root: root.to_path_buf(), today: Some(TODAY), ..Options::default() };
    let (session, diags) = incremental::load(&opts).unwrap();
    session.unwrap_or_else(|| panic!("{:?}", diags.items()))
}

/// Diagnostics as `path:line:col code message`, sorted.
fn lines(items: &[Diagnostic]) -> Vec<String> {
    let mut v = located(items);
    v.sort();
    v
}

/// The session's diagnostics against a clean build's; with no errors, also
/// serve's folder, once the graph is laid out, against the build's output.
/// Returns whether the folders were compared.
fn compare(t: &mut SiteTest, session: &mut Session, out: &mut Live, history: &[String]) -> bool {
    let _ = std::fs::remove_dir_all(t.root().join("public"));
    t.build();
    let ctx = || format!("after the edits:\n  {}", history.join("\n  "));
    let (served, built) = (lines(session.diagnostics().items()), lines(t.report().diagnostics.items()));
    let unloaded =
        |v: &[String]| v.iter().filter(|l| LOAD_ERRORS.iter().any(|c| l.contains(c))).cloned().collect::<Vec<_>>();
    if unloaded(&built).is_empty() {
        assert_eq!(served, built, "{}", ctx());
    } else {
        // serve keeps a file's last good text while it cannot be loaded, so
        // the build's errors of links to the page it no longer has are not
        // serve's; the file's own error is, and nothing is written.
        assert_eq!(unloaded(&served), unloaded(&built), "{}", ctx());
    }
    if session.diagnostics().error_count() > 0 {
        return false;
    }
    if let Some(job) = session.graph_job() {
        session.write_graph(out, job.run()).unwrap();
    }
    assert_same_files(out.dir(), &t.root().join("public"), &format!("from a clean build {}", ctx()));
    true
}

/// Runs `steps` seeded edits (one or two files at a time, now and then a
/// file saved again unchanged) and compares after each: the diagnostics
/// always, the folders when there is no error. Returns how many times the
/// folders were compared.
fn run(site: fn() -> SiteTest, toggles: &[Toggle], seed: u64, steps: usize) -> usize {
    let mut t = site();
    let mut rng = Rng(seed);
    let mut session = load(t.root());
    let mut out = Live::new(None, t.root(), &t.root().join("content")).unwrap();
    assert!(session.write_all(&mut out).unwrap().written, "{:?}", lines(session.diagnostics().items()));
    let mut history = Vec::new();
    let mut compared = 0;
    let mut on = vec![false; toggles.len()];
    let mut deck: Vec<usize> = Vec::new();
    for _ in 0..steps {
        let mut paths = Vec::new();
        let edits = match rng.below(8) {
            0 => 0,
            1 => 2,
            _ => 1,
        };
        if edits == 0 {
            // Saved again with the same bytes.
            let (rel, _, _) = toggles[rng.below(toggles.len())];
            let path = t.root().join("content").join(rel);
            std::fs::write(&path, std::fs::read(&path).unwrap()).unwrap();
            history.push(format!("{rel}: saved again"));
            paths.push(path);
        }
        for _ in 0..edits {
            // With errors, take one passage back, as a writer fixes a mistake.
            let back: Vec<usize> = (0..toggles.len()).filter(|&k| on[k]).collect();
            let k = if session.diagnostics().error_count() > 0 && !back.is_empty() {
                back[rng.below(back.len())]
            } else {
                // Every passage once, in a seeded order, before any twice.
                if deck.is_empty() {
                    deck = (0..toggles.len()).collect();
                    for i in (1..deck.len()).rev() {
                        deck.swap(i, rng.below(i + 1));
                    }
                }
                deck.pop().unwrap()
            };
            let (path, what) = toggle(t.root(), toggles, k, &mut on);
            history.push(what);
            paths.push(path);
        }
        match session.apply(&paths, &mut out).unwrap() {
            Step::Full(_) => {
                // What serve does: load the site again into the same folder.
                session = load(t.root());
                session.write_all(&mut out).unwrap();
            }
            Step::Unchanged | Step::Updated(_) => {}
        }
        compared += usize::from(compare(&mut t, &mut session, &mut out, &history));
    }
    compared
}

/// Runs the seeds (1, 2 and 3, or 1 to `PB_SEEDS`) of `PB_STEPS` steps
/// (20); returns how many times the folders were compared.
fn search(site: fn() -> SiteTest, toggles: &[Toggle]) -> usize {
    let seeds: Vec<u64> = match std::env::var("PB_SEEDS") {
        Ok(v) => (1..=v.parse::<u64>().unwrap()).collect(),
        Err(_) => vec![1, 2, 3],
    };
    let steps = std::env::var("PB_STEPS").map(|v| v.parse().unwrap()).unwrap_or(20);
    let mut compared = 0;
    for seed in seeds {
        let c = run(site, toggles, seed, steps);
        eprintln!("seed {seed}: {c} compared");
        compared += c;
    }
    compared
}

fn knowledge_base() -> SiteTest {
    let t = SiteTest::from_fixture("site/kb");
    for (rel, text) in EXTRA {
        t.write(rel, text);
    }
    t
}

#[test]
fn served_output_equals_a_clean_build_after_random_edits() {
    let compared = search(knowledge_base, TOGGLES);
    // Most states are free of errors (36 of the 60 by default): the
    // folders are compared often enough to mean something.
    assert!(compared >= 30, "only {compared} states were compared");
}

/// A vault whose tag and folder listings are two entries to a page.
const VAULT: &str = r#"
//- pivotbook.yaml
title: V
paginate: 2
//- content/guides/alpha.md
---
title: "Alpha"
tags: [x]
---
Alpha text links [[Beta]]. #inline
//- content/guides/beta.md
---
title: "Beta"
date: 2026-01-01
tags: [x]
---
Beta text.
//- content/guides/gamma.md
---
title: "Gamma"
tags: [x, y/sub]
---
Gamma text.
//- content/guides/setup/delta.md
---
title: "Delta"
tags: [y]
---
Delta text links [[Alpha]].
//- content/notes/epsilon.md
---
title: "Epsilon"
---
Epsilon links [[Alpha]] and [[Gamma]].
//- content/notes/zeta.md
---
title: "Zeta"
tags: [y/sub]
---
Zeta text.
"#;

/// The passages of the vault: tags (front matter, inline, nested) that move
/// notes across the listings' pages and add or remove a tag's further page
/// or a whole tag; titles and dates that reorder the listings; links,
/// anchors and an embed; a draft.
const VAULT_TOGGLES: &[Toggle] = &[
    ("guides/alpha.md", "tags: [x]", "tags: [x, y/sub]"),
    ("guides/beta.md", "tags: [x]", "tags: [y]"),
    ("guides/setup/delta.md", "tags: [y]", "tags: [y, x]"),
    ("notes/zeta.md", "tags: [y/sub]", "tags: [y/sub, x]"),
    ("notes/epsilon.md", "title: \"Epsilon\"", "title: \"Epsilon\"\ntags: [x]"),
    ("guides/alpha.md", "#inline", "#inline #x/deep"),
    ("notes/epsilon.md", "Epsilon links", "Epsilon #w links"),
    ("guides/gamma.md", "title: \"Gamma\"", "title: \"Aardvark\""),
    ("guides/beta.md", "date: 2026-01-01", "date: 2025-06-01"),
    ("notes/zeta.md", "Zeta text.", "Zeta text links [[Delta]]."),
    ("notes/epsilon.md", "[[Gamma]]", "[[Gamma#Part]]"),
    ("guides/gamma.md", "Gamma text.", "Gamma text.\n\n## Part\n\nMore."),
    ("guides/beta.md", "Beta text.", "Beta text: ![[Gamma#Part]]"),
    ("guides/alpha.md", "title: \"Alpha\"", "title: \"Alpha\"\ndraft: true"),
];

#[test]
fn served_vault_with_paged_listings_equals_a_clean_build_after_random_edits() {
    let compared = search(|| SiteTest::from_str(VAULT), VAULT_TOGGLES);
    assert!(compared >= 30, "only {compared} states were compared");
}
