//! The real knowledge base's integrity: what every page of `content/` must
//! have, checked through the library on the files as committed.

use std::path::Path;

use pivotbook::load::{self, EntityKind};
use pivotbook::model::{self, PageData};

fn real() -> (load::Corpus, model::Model) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (corpus, diags) = load::load(root, &root.join("content"), Default::default());
    assert!(diags.is_empty(), "{diags:?}");
    let (model, diags) = model::build(&corpus, false);
    assert!(diags.is_empty(), "{diags:#?}");
    (corpus, model)
}

#[test]
fn every_deal_has_a_date_kind_parties_and_a_source() {
    let (corpus, model) = real();
    let mut problems = Vec::new();
    for p in &model.pages {
        let PageData::Deal(d) = &p.data else { continue };
        let path = corpus.docs[p.doc].display.display().to_string();
        if p.date.is_none() && d.date_note.is_none() {
            problems.push(format!("{path}: no date, and no date_note saying why"));
        }
        if d.kinds.is_empty() {
            problems.push(format!("{path}: no kind"));
        }
        if d.parties.is_empty() {
            problems.push(format!("{path}: no parties"));
        }
        if p.sources.is_empty() {
            problems.push(format!("{path}: no source"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_knowledge_base_is_big_enough() {
    let (_, model) = real();
    let count = |k| model.ids_of(k).count();
    assert!(count(EntityKind::Company) >= 20, "companies: {}", count(EntityKind::Company));
    assert!(count(EntityKind::Deal) >= 40, "deals: {}", count(EntityKind::Deal));
    assert!(count(EntityKind::Topic) >= 10, "topics: {}", count(EntityKind::Topic));
    assert!(count(EntityKind::Note) >= 10, "notes: {}", count(EntityKind::Note));
}

#[test]
fn every_page_cites_sources_and_companies_are_linked_from_a_deal_or_note() {
    let (corpus, model) = real();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (graph, diags) = pivotbook::links::resolve(&model, &corpus, pulldown_cmark_options());
    assert!(diags.is_empty(), "every link resolves and nothing is an orphan: {diags:#?}");
    let mut problems = Vec::new();
    for (i, p) in model.pages.iter().enumerate() {
        let path = corpus.docs[p.doc].display.display().to_string();
        if matches!(p.kind, EntityKind::Company | EntityKind::Deal) && p.sources.is_empty() {
            problems.push(format!("{path}: no sources"));
        }
        if p.kind == EntityKind::Company {
            let linked = graph.backlinks[i]
                .iter()
                .any(|b| matches!(model.page(b.from).kind, EntityKind::Deal | EntityKind::Note));
            if !linked {
                problems.push(format!("{path}: no deal or note links to it"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(root.join("CONTRIBUTING.md").is_file(), "CONTRIBUTING.md explains how to add pages");
}

fn pulldown_cmark_options() -> pulldown_cmark::Options {
    pivotbook::markdown::options(&pivotbook::config::MarkdownConfig::default())
}

#[test]
fn every_deal_and_company_is_reviewed_and_its_dates_are_in_order() {
    let (corpus, model) = real();
    let mut problems = Vec::new();
    for p in &model.pages {
        if !matches!(p.kind, EntityKind::Company | EntityKind::Deal) {
            continue;
        }
        let path = corpus.docs[p.doc].display.display().to_string();
        let Some(reviewed) = p.reviewed else {
            problems.push(format!("{path}: no `reviewed:` date"));
            continue;
        };
        // A change is recorded when it happened, so never after the review that recorded it.
        for u in p.updates.iter().filter(|u| u.date.first_day() > reviewed.last_day()) {
            problems.push(format!("{path}: update dated {} after the page's review on {reviewed}", u.date));
        }
        if let (PageData::Deal(d), Some(date)) = (&p.data, p.date) {
            // A milestone still expected comes after the deal was announced.
            for e in d.expected.iter().filter(|e| e.by.last_day() < date.first_day()) {
                problems.push(format!("{path}: `{}` expected by {}, before the deal's date {date}", e.what, e.by));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
