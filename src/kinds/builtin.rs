//! The built-in kinds' entries of the registry: companies, deals, topics,
//! notes and the home page, with every front matter field each accepts.
//!
//! These field lists are what `model` accepts (an unknown key is reported
//! against them) and what `pivotbook new` writes its templates from; the
//! kinds' readers in `model/` decode and check the values.

use std::borrow::Cow;

use super::{FieldDef, FieldType as T, Fill, IndexDef, KindDef};
use crate::load::EntityKind;
use crate::model::{Category, DealKind, DealState, Role, Verification};

fn field(name: &'static str, ty: T, help: &'static str) -> FieldDef {
    FieldDef {
        name: Cow::Borrowed(name),
        ty,
        required: false,
        help: Cow::Borrowed(help),
        fill: Fill::Nothing,
        in_template: true,
    }
}

fn required(name: &'static str, ty: T, help: &'static str) -> FieldDef {
    FieldDef { required: true, ..field(name, ty, help) }
}

fn filled(name: &'static str, ty: T, fill: Fill) -> FieldDef {
    FieldDef { fill, ..field(name, ty, "") }
}

/// Read, but not written by `new`: Obsidian's spellings (`publish` for
/// `draft`, the older `cssclass`).
fn quiet(name: &'static str, ty: T) -> FieldDef {
    FieldDef { in_template: false, ..field(name, ty, "") }
}

/// `sources`, then the fields every kind but the home page shares, in the
/// order `model` lists them (`extra` goes before `reviewed`).
fn common(out: &mut Vec<FieldDef>, extra: &[FieldDef]) {
    out.extend([
        field(
            "sources",
            T::Records("{url: \"https://…\", title: \"…\", published: YYYY-MM-DD, publisher: \"…\", note: \"…\"}"),
            "",
        ),
        field("unverified", T::List, "fields whose values are not confirmed yet"),
        field("draft", T::Boolean, "leave the page out of the site"),
        quiet("publish", T::Boolean),
        field("redirect_from", T::List, "old site paths of the page"),
    ]);
    out.extend_from_slice(extra);
    out.extend([
        field("reviewed", T::Date, "the day you last re-read it against its sources"),
        field("updates", T::Records("{date: YYYY-MM-DD, text: \"…\"}"), "what changed, dated"),
    ]);
}

fn company_fields() -> Vec<FieldDef> {
    let mut f = vec![
        FieldDef { required: true, ..filled("name", T::Text, Fill::Title) },
        field("short_name", T::Text, "the name used in tables and links"),
        field("former_names", T::List, ""),
        field("aliases", T::List, ""),
        field("tickers", T::Records("{symbol: ABC, exchange: Nasdaq}"), ""),
        field("headquarters", T::Record("{city: \"…\", country: \"…\"}"), ""),
        field("founded", T::Date, ""),
        field("website", T::Url, ""),
        required("category", T::OneOf(Category::ALL), ""),
        required("summary", T::Text, "one line on the company's pivot"),
        field("sites", T::Records("{name: \"…\", capacity: \"… MW\", mw: 100, note: \"…\"}"), ""),
        field("topics", T::Pages, ""),
    ];
    common(&mut f, &[]);
    f
}

fn deal_fields() -> Vec<FieldDef> {
    let mut f = vec![
        FieldDef { required: true, ..filled("title", T::Text, Fill::Title) },
        FieldDef {
            help: Cow::Borrowed("announcement date: YYYY-MM-DD, YYYY-MM, YYYY or unknown"),
            required: true,
            ..filled("date", T::Date, Fill::Today)
        },
        field("date_note", T::Text, "why the date is approximate or unknown"),
        required("kinds", T::ManyOf(DealKind::ALL), ""),
        field("state", T::OneOf(DealState::ALL), ""),
        field("superseded_by", T::Text, "the slug of the deal that replaces it"),
        field("verification", T::OneOf(Verification::ALL), ""),
        FieldDef {
            help: Cow::Owned(format!("roles: {}", Role::ALL.join(", "))),
            ..required("parties", T::Records("{company: <company slug>, role: <role>, entity: \"…\"}"), "")
        },
        FieldDef {
            help: Cow::Owned(format!("basis: {}", crate::model::fields::Basis::ALL.join(", "))),
            ..field("amounts", T::Records("{kind: <kind>, amount: \"US$1.0B\", part_of: <id>, basis: <basis>}"), "")
        },
        field("expected", T::Records("{what: closing, by: YYYY-MM, note: \"…\"}"), "what is still to happen, by when"),
        field("term", T::Text, ""),
        field("capacity", T::Record("{text: \"… MW\", mw: 100, critical_it: true}"), ""),
        field("gpu_model", T::Text, ""),
        field("site", T::Text, ""),
        field("summary", T::Text, ""),
        field("topics", T::Pages, ""),
        field("aliases", T::List, ""),
    ];
    common(&mut f, &[]);
    f
}

fn topic_fields() -> Vec<FieldDef> {
    let mut f = vec![
        FieldDef { required: true, ..filled("title", T::Text, Fill::Title) },
        required("description", T::Text, "one line on what the topic covers"),
        field("aliases", T::List, ""),
    ];
    common(&mut f, &[]);
    f
}

/// A note's fields; a declared kind's pages have these too.
pub(super) fn note_fields() -> Vec<FieldDef> {
    let mut f = vec![
        filled("title", T::Text, Fill::Title),
        field("description", T::Text, ""),
        filled("date", T::Date, Fill::Today),
        field("companies", T::Pages, ""),
        field("topics", T::Pages, ""),
        field("tags", T::List, ""),
        field("aliases", T::List, ""),
    ];
    common(&mut f, &[field("cssclasses", T::List, "classes for the page's <body>"), quiet("cssclass", T::List)]);
    f
}

fn home_fields() -> Vec<FieldDef> {
    vec![
        field("title", T::Text, ""),
        field("description", T::Text, ""),
        field("tags", T::List, ""),
        field("aliases", T::List, ""),
        field("cssclasses", T::List, ""),
        quiet("cssclass", T::List),
    ]
}

/// The built-in kinds, in the order of the site's navigation.
pub(super) fn kinds() -> Vec<KindDef> {
    let index = |path, title, template| Some(IndexDef { path, title, template });
    vec![
        KindDef {
            kind: EntityKind::Company,
            name: "company",
            plural: "companies",
            label: "Company",
            folder: Some("companies"),
            index: index("companies/", "Companies", "companies.html"),
            template: "company.html",
            letter: 'c',
            fields: company_fields(),
            declared: 0,
        },
        KindDef {
            kind: EntityKind::Deal,
            name: "deal",
            plural: "deals",
            label: "Deal",
            folder: Some("deals"),
            index: index("deals/", "Deals", "deals.html"),
            template: "deal.html",
            letter: 'd',
            fields: deal_fields(),
            declared: 0,
        },
        KindDef {
            kind: EntityKind::Topic,
            name: "topic",
            plural: "topics",
            label: "Topic",
            folder: Some("topics"),
            index: index("topics/", "Topics", "topics.html"),
            template: "topic.html",
            letter: 't',
            fields: topic_fields(),
            declared: 0,
        },
        // Notes live anywhere; `new` puts them in `notes/`, which is also where their index is.
        KindDef {
            kind: EntityKind::Note,
            name: "note",
            plural: "notes",
            label: "Note",
            folder: Some("notes"),
            index: index("notes/", "Notes", "notes.html"),
            template: "note.html",
            letter: 'n',
            fields: note_fields(),
            declared: 0,
        },
        KindDef {
            kind: EntityKind::Home,
            name: "home",
            plural: "home",
            label: "Home",
            folder: None,
            index: None,
            template: "note.html",
            letter: 'n',
            fields: home_fields(),
            declared: 0,
        },
    ]
}
