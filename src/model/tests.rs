use std::path::Path;

use super::*;
use crate::load::read_doc;

fn page(rel: &str, text: &str) -> (Option<Page>, Vec<Diagnostic>) {
    let doc = read_doc(
        Path::new(rel),
        &Path::new("content").join(rel),
        text.as_bytes().to_vec(),
        &crate::kinds::Kinds::default(),
    )
    .unwrap();
    let (page, diags) = read_page(0, &doc, &crate::kinds::Kinds::default(), crate::config::LinkPolicy::Error, false);
    (page.ok(), diags)
}

fn codes(d: &[Diagnostic]) -> Vec<(&'static str, u32)> {
    d.iter().map(|d| (d.code, d.span.line)).collect()
}

const DEAL: &str = "---
title: IREN closes US$3.65B GPU financing
date: 2026-06-01
kinds: [financing]
state: closed
parties:
  - {company: iren, role: borrower, entity: IE US Hardware 3 LLC}
  - {name: Private placement investors, role: lender}
amounts:
  - {kind: financing, amount: US$3.65B}
  - {kind: secured-notes, amount: \"US$2.10B\", note: notes}
  - {kind: contract, value: 9700000000, currency: USD, approximate: true}
capacity: {text: 200 MW critical IT, mw: 200, critical_it: true}
sources:
  - {url: \"https://example.com/a\", title: A, published: 2026-06}
---
Body.
";

#[test]
fn a_full_deal_reads() {
    let (p, d) = page("deals/x.md", DEAL);
    assert!(d.is_empty(), "{d:?}");
    let p = p.unwrap();
    assert_eq!(p.url, "deals/x/");
    assert_eq!(p.date.unwrap().to_string(), "2026-06-01");
    let PageData::Deal(deal) = p.data else { panic!("not a deal") };
    assert_eq!(deal.parties.len(), 2);
    assert_eq!(deal.amounts.len(), 3);
    assert_eq!(deal.amounts[2].text, "~US$9.7B");
    assert_eq!(p.sources[0].published.unwrap().to_string(), "2026-06");
}

#[test]
fn bad_values_point_at_their_line() {
    let bad = DEAL
        .replace("date: 2026-06-01", "date: 2026-02-30")
        .replace("state: closed", "state: clossed")
        .replace("amount: US$3.65B", "amount: US$3.65Q")
        .replace("role: lender", "role: lendr");
    let (_, d) = page("deals/x.md", &bad);
    assert_eq!(
        codes(&d),
        vec![("invalid-date", 3), ("invalid-field", 5), ("invalid-field", 8), ("invalid-amount", 10)]
    );
    let state = d.iter().find(|x| x.span.line == 5).unwrap();
    assert_eq!(state.help.as_deref(), Some("did you mean `closed`?"));
}

#[test]
fn unknown_fields_are_errors_for_entities_and_warnings_for_notes() {
    let (_, d) = page("topics/t.md", "---\ntitle: T\ndescription: D\ndescripton: x\n---\n");
    assert_eq!(codes(&d), vec![("unknown-field", 4)]);
    assert_eq!(d[0].severity, Severity::Error);
    assert_eq!(d[0].help.as_deref(), Some("did you mean `description`?"));
    let (_, d) = page("notes/n.md", "---\ntitle: T\ncolour: red\n---\n");
    assert_eq!(d[0].severity, Severity::Warning);
}

#[test]
fn missing_required_fields_are_named() {
    let (_, d) = page("companies/c.md", "---\nname: C\n---\n");
    let msgs: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert!(msgs.contains(&"missing required field `category`"), "{msgs:?}");
    assert!(msgs.contains(&"missing required field `summary`"), "{msgs:?}");
    assert!(msgs.contains(&"a company needs at least one source"), "{msgs:?}");
}

#[test]
fn notes_without_front_matter_take_their_title_from_a_heading() {
    let (p, d) = page("notes/a b.md", "# My note\ntext");
    assert!(d.is_empty());
    let p = p.unwrap();
    assert_eq!((p.title.as_str(), p.url.as_str()), ("My note", "notes/a-b/"));
    let (p, _) = page("notes/plain.md", "text only");
    assert_eq!(p.unwrap().title, "plain");
}

#[test]
fn drafts_are_skipped() {
    let (p, d) = page("notes/d.md", "---\ndraft: true\n---\n");
    assert!(p.is_none() && d.is_empty());
}

/// A free note's `draft` or `publish` in quotes means what it spells, as
/// Quartz reads it; any other value that is not a boolean leaves the note
/// out with a warning, never publishes it.
#[test]
fn a_notes_publish_flags_written_as_text_never_publish_what_may_be_held_back() {
    for (front, published, warned) in [
        ("draft: \"true\"", false, false),
        ("draft: ' TRUE '", false, false),
        ("draft: \"false\"", true, false),
        ("draft: yes", false, true),
        ("draft: no", false, true),
        ("draft: 0", false, true),
        ("draft: [true]", false, true),
        ("draft:", true, false),
        ("publish: 'false'", false, false),
        ("publish: \"True\"", true, false),
        ("publish: maybe", false, true),
    ] {
        let (p, d) = page("notes/n.md", &format!("---\n{front}\n---\n"));
        assert_eq!(p.is_some(), published, "{front}");
        let expected: Vec<(&str, u32)> = if warned { vec![("invalid-property", 2)] } else { vec![] };
        assert_eq!(codes(&d), expected, "{front}");
        assert!(d.iter().all(|d| d.severity == Severity::Warning && d.message.contains("so the page is left out")));
    }
    // A deal's front matter is read strictly: text is an error, and the build stops.
    let (_, d) = page("deals/x.md", &DEAL.replace("date: 2026-06-01", "date: 2026-06-01\ndraft: \"true\""));
    assert!(d.iter().any(|d| d.code == "invalid-field" && d.severity == Severity::Error), "{d:?}");
}

#[test]
fn unverified_must_name_fields() {
    let (p, d) = page("topics/t.md", "---\ntitle: T\ndescription: D\nunverified: [description, nope]\n---\n");
    assert_eq!(p.unwrap().unverified, vec!["description"]);
    assert_eq!(codes(&d), vec![("unknown-field", 4)]);
}

#[test]
fn an_undated_deal_says_unknown() {
    let (p, d) = page("deals/x.md", &DEAL.replace("date: 2026-06-01", "date: unknown\ndate_note: pages undated"));
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(p.unwrap().date, None);
}

/// The registry's `required` marks (which `new` writes its templates from)
/// are the fields each kind's reader asks for.
#[test]
fn registry_required_fields_are_the_ones_readers_ask_for() {
    let kinds = crate::kinds::Kinds::default();
    for (rel, kind) in [
        ("companies/x.md", EntityKind::Company),
        ("deals/x.md", EntityKind::Deal),
        ("topics/x.md", EntityKind::Topic),
        ("notes/x.md", EntityKind::Note),
        ("_index.md", EntityKind::Home),
    ] {
        let (_, diags) = page(rel, "---\ndraft: false\n---\n");
        let mut asked: Vec<&str> = diags
            .iter()
            .filter_map(|d| d.message.strip_prefix("missing required field `")?.strip_suffix('`'))
            .collect();
        asked.sort_unstable();
        let mut marked: Vec<&str> =
            kinds.def(kind).fields.iter().filter(|f| f.required).map(|f| f.name.as_ref()).collect();
        marked.sort_unstable();
        assert_eq!(asked, marked, "{rel}");
    }
}

/// Colliding slugs are settled by path, whatever order the files come in:
/// `A - B` keeps `a-b/`, `a-b-2.md` keeps its own, `A: B` gets `a-b-3/`.
#[test]
fn colliding_urls_are_settled_by_path_not_by_reading_order() {
    let doc = |rel: &str| {
        read_doc(Path::new(rel), &Path::new("content").join(rel), b"Text.\n".to_vec(), &crate::kinds::Kinds::default())
            .unwrap()
    };
    let names = ["A: B.md", "a-b-2.md", "A - B.md"];
    let mut seen = Vec::new();
    for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2]] {
        let corpus = Corpus { docs: order.iter().map(|i| doc(names[*i])).collect(), ..Corpus::default() };
        let (model, diags) = build(&corpus, false);
        let mut urls: Vec<(String, String)> = model.pages.iter().map(|p| (p.path_key.clone(), p.url.clone())).collect();
        urls.sort();
        assert_eq!(
            urls,
            [("A - B".into(), "a-b/".into()), ("A: B".into(), "a-b-3/".into()), ("a-b-2".into(), "a-b-2/".into())]
        );
        assert_eq!(codes(&diags), [("url-collision", 0)]);
        assert_eq!(diags[0].severity, Severity::Warning);
        seen.push(diags[0].message.clone());
    }
    seen.dedup();
    assert_eq!(seen, ["`A - B.md` and `A: B.md` both become /a-b/: `A: B.md` is served at /a-b-3/"]);
}
