//! Data exports for analysts: the knowledge base as JSON and CSV under
//! `/data/`, with a JSON Schema for each JSON file.
//!
//! The record types here are the export's contract, kept apart from the
//! model on purpose (like the views of `view.rs` are for templates): the
//! model may change, the export changes only with [`SCHEMA_VERSION`]. Their
//! doc comments become the schema's descriptions (schemars). Records are
//! sorted by id and serialised field by field, so the files are byte-identical
//! between builds. References to other pages are page ids (`companies/iren`),
//! the same in every file.

mod records;

use crate::reads::Aggregate;
use schemars::JsonSchema;
use serde::Serialize;

pub use records::*;

use super::Renderer;
use crate::load::EntityKind;
use crate::model::amount::{AmountForm, Bound};
use crate::model::{PageData, PageId, PartyTarget, Source};
use crate::money::{AmountAt, Family, Figure, Ledger};

/// The version of the export format; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

/// One file under `/data/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Export {
    /// `data/companies.json`.
    CompaniesJson,
    /// `data/deals.json`.
    DealsJson,
    /// `data/topics.json`.
    TopicsJson,
    /// `data/companies.csv`: one row per company.
    CompaniesCsv,
    /// `data/deals.csv`: one row per amount of a deal (a deal without amounts has one row).
    DealsCsv,
    /// `data/companies.schema.json`.
    CompaniesSchema,
    /// `data/deals.schema.json`.
    DealsSchema,
    /// `data/topics.schema.json`.
    TopicsSchema,
    /// `data/totals.json`: the site's figures and the amounts behind each.
    TotalsJson,
    /// `data/totals.schema.json`.
    TotalsSchema,
}

impl Export {
    /// Every export file.
    pub const ALL: [Export; 10] = [
        Export::CompaniesJson,
        Export::DealsJson,
        Export::TopicsJson,
        Export::CompaniesCsv,
        Export::DealsCsv,
        Export::CompaniesSchema,
        Export::DealsSchema,
        Export::TopicsSchema,
        Export::TotalsJson,
        Export::TotalsSchema,
    ];

    /// The kind whose pages it exports (`None` for the totals), and its
    /// format's name, as the kind's index page offers it for download.
    pub fn of(self) -> (Option<EntityKind>, &'static str) {
        match self {
            Export::CompaniesJson => (Some(EntityKind::Company), "JSON"),
            Export::DealsJson => (Some(EntityKind::Deal), "JSON"),
            Export::TopicsJson => (Some(EntityKind::Topic), "JSON"),
            Export::CompaniesCsv => (Some(EntityKind::Company), "CSV"),
            Export::DealsCsv => (Some(EntityKind::Deal), "CSV"),
            Export::CompaniesSchema => (Some(EntityKind::Company), "JSON Schema"),
            Export::DealsSchema => (Some(EntityKind::Deal), "JSON Schema"),
            Export::TopicsSchema => (Some(EntityKind::Topic), "JSON Schema"),
            Export::TotalsJson => (None, "JSON"),
            Export::TotalsSchema => (None, "JSON Schema"),
        }
    }

    /// Its path in the output folder.
    pub fn rel(self) -> &'static str {
        match self {
            Export::CompaniesJson => "data/companies.json",
            Export::DealsJson => "data/deals.json",
            Export::TopicsJson => "data/topics.json",
            Export::CompaniesCsv => "data/companies.csv",
            Export::DealsCsv => "data/deals.csv",
            Export::CompaniesSchema => "data/companies.schema.json",
            Export::DealsSchema => "data/deals.schema.json",
            Export::TopicsSchema => "data/topics.schema.json",
            Export::TotalsJson => "data/totals.json",
            Export::TotalsSchema => "data/totals.schema.json",
        }
    }
}

fn id_of(url: &str) -> String {
    url.trim_matches('/').to_string()
}

fn sources(list: &[Source]) -> Vec<SourceRecord> {
    list.iter()
        .map(|s| SourceRecord {
            url: s.url.clone(),
            title: s.title.clone(),
            published: s.published.map(|d| d.to_string()),
            publisher: s.publisher.clone(),
        })
        .collect()
}

fn bound_str(b: Bound) -> &'static str {
    match b {
        Bound::Exact => "exact",
        Bound::AtLeast => "at-least",
        Bound::UpTo => "up-to",
    }
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = html_safe(serde_json::to_string_pretty(value).expect("export records always serialise"));
    out.push(b'\n');
    out
}

/// JSON with `<`, `>` and `&` written as `\u003c`, `\u003e` and `\u0026`:
/// the same data, but never markup should a browser sniff the file as HTML.
/// (Those characters only ever occur inside JSON strings.)
pub fn html_safe(json: String) -> Vec<u8> {
    if !json.contains(['<', '>', '&']) {
        return json.into_bytes();
    }
    json.replace('&', "\\u0026").replace('<', "\\u003c").replace('>', "\\u003e").into_bytes()
}

fn schema<T: JsonSchema>(file: &str) -> Vec<u8> {
    let mut s = schemars::schema_for!(T);
    s.insert("$id".into(), format!("pivotbook-data/v{SCHEMA_VERSION}/{file}").into());
    json(&s)
}

fn csv<T: Serialize>(rows: &[T]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("export rows always serialise");
    }
    w.into_inner().expect("writing to memory cannot fail")
}

impl Renderer<'_> {
    /// The bytes of one export file.
    pub(super) fn export(&self, e: Export) -> Vec<u8> {
        match e {
            Export::CompaniesJson => json(&self.companies_file()),
            Export::DealsJson => json(&self.deals_file()),
            Export::TopicsJson => json(&self.topics_file()),
            Export::CompaniesCsv => csv(&company_rows(&self.companies_file())),
            Export::DealsCsv => csv(&deal_rows(&self.deals_file())),
            Export::CompaniesSchema => schema::<CompaniesFile>("companies.schema.json"),
            Export::DealsSchema => schema::<DealsFile>("deals.schema.json"),
            Export::TopicsSchema => schema::<TopicsFile>("topics.schema.json"),
            Export::TotalsJson => json(&self.totals_file()),
            Export::TotalsSchema => schema::<TotalsFile>("totals.schema.json"),
        }
    }

    fn figure_record(&self, f: &Figure) -> FigureRecord {
        FigureRecord {
            id: f.id(),
            label: f.label(),
            family: f.family.as_str().to_string(),
            heading: f.heading.map(|h| h.as_str().to_string()),
            tier: f.tier.as_str().to_string(),
            currency: f.currency.code().to_string(),
            value: f.value,
            approximate: f.approximate || f.has_lower_bound || f.has_upper_bound,
            amounts: crate::catalog::amount_names(self.model, &f.amounts),
        }
    }

    /// The site's figures, with the amounts behind each.
    pub fn totals_file(&self) -> TotalsFile {
        let t = &self.catalog(Aggregate::AllTotals).all_totals;
        let mut unsummed = crate::catalog::amount_names(self.model, &t.unsummed);
        unsummed.sort();
        TotalsFile {
            schema_version: SCHEMA_VERSION,
            figures: t.rows.iter().map(|f| self.figure_record(f)).collect(),
            unsummed,
            excluded_deals: t.excluded_deals,
        }
    }

    fn ids(&self, ids: &[PageId]) -> Vec<String> {
        ids.iter().map(|id| id_of(&self.model.page(*id).url)).collect()
    }

    fn sorted_ids(&self, kind: EntityKind) -> Vec<PageId> {
        let mut ids: Vec<PageId> = self.model.ids_of(kind).collect();
        ids.sort_by(|a, b| self.model.page(*a).url.cmp(&self.model.page(*b).url));
        ids
    }

    /// Every company as a record.
    pub fn companies_file(&self) -> CompaniesFile {
        let companies = self
            .sorted_ids(EntityKind::Company)
            .into_iter()
            .filter_map(|id| {
                let p = self.model.page(id);
                let PageData::Company(c) = &p.data else { return None };
                let deals: Vec<PageId> = self
                    .catalog(Aggregate::CompanyDeals(Some(id)))
                    .company_deals
                    .get(&id)
                    .map(|v| v.iter().map(|x| x.deal).collect())
                    .unwrap_or_default();
                Some(CompanyRecord {
                    id: id_of(&p.url),
                    url: self.site.url(&p.url),
                    name: cell(&c.name.clone()),
                    short_name: c.short_name.clone(),
                    former_names: c.former_names.clone(),
                    aliases: c.aliases.clone(),
                    tickers: c.tickers.clone(),
                    headquarters: c.headquarters.clone(),
                    founded: c.founded.map(|d| d.to_string()),
                    website: c.website.clone(),
                    category: c.category.map(|c| c.as_str().to_string()),
                    summary: c.summary.clone(),
                    sites: c.sites.clone(),
                    topics: self.ids(&self.refs(id).topics),
                    deals: self.ids(&deals),
                    figures: self
                        .catalog(Aggregate::CompanyTotals(None))
                        .company_totals
                        .get(&id)
                        .map(|t| t.rows.iter().map(|f| self.figure_record(f)).collect())
                        .unwrap_or_default(),
                    sources: sources(&p.sources),
                })
            })
            .collect();
        CompaniesFile { schema_version: SCHEMA_VERSION, companies }
    }

    /// Every deal as a record.
    pub fn deals_file(&self) -> DealsFile {
        let deals = self
            .sorted_ids(EntityKind::Deal)
            .into_iter()
            .filter_map(|id| {
                let p = self.model.page(id);
                let PageData::Deal(d) = &p.data else { return None };
                let refs = self.refs(id);
                let parties = d
                    .parties
                    .iter()
                    .zip(&refs.parties)
                    .map(|(party, page)| {
                        let name = match (&party.target, page) {
                            (_, Some(c)) => self.model.page(*c).short_title.clone(),
                            (PartyTarget::Name(n), None) => n.clone(),
                            (PartyTarget::Company(r), None) => r.text.clone(),
                        };
                        PartyRecord {
                            company: page.map(|c| id_of(&self.model.page(c).url)),
                            name,
                            role: party.role.map(|r| r.as_str().to_string()),
                            entity: party.entity.clone(),
                        }
                    })
                    .collect();
                let amounts = d
                    .amounts
                    .iter()
                    .enumerate()
                    .map(|(index, a)| {
                        let at = AmountAt { deal: id, index };
                        let status = self.catalog(Aggregate::Ledger).ledger.status(at);
                        let (form, value, currency, approximate, bound) = match &a.form {
                            AmountForm::Money { value, currency, approximate, bound } => {
                                ("money", Some(*value), Some(currency.code()), *approximate, Some(bound_str(*bound)))
                            }
                            AmountForm::Undisclosed => ("undisclosed", None, None, false, None),
                            AmountForm::Rate { currency } => ("rate", None, currency.map(|c| c.code()), false, None),
                        };
                        AmountRecord {
                            id: a.id.clone(),
                            kind: a.kind.as_str().to_string(),
                            family: Family::of(a.kind).map(|f| f.as_str().to_string()),
                            basis: a.basis.as_str().to_string(),
                            part_of: self
                                .catalog(Aggregate::Ledger)
                                .ledger
                                .parent
                                .get(&at)
                                .map(|p| Ledger::name(self.model, *p)),
                            counted: status.counted(),
                            status: status.as_str().to_string(),
                            text: a.text.clone(),
                            form: form.into(),
                            value,
                            currency: currency.map(str::to_string),
                            approximate,
                            bound: bound.map(str::to_string),
                            note: a.note.clone(),
                        }
                    })
                    .collect();
                Some(DealRecord {
                    id: id_of(&p.url),
                    url: self.site.url(&p.url),
                    title: p.title.clone(),
                    date: p.date.map(|d| d.to_string()),
                    date_note: d.date_note.clone(),
                    kinds: d.kinds.iter().map(|k| k.as_str().to_string()).collect(),
                    state: d.state.as_str().to_string(),
                    superseded_by: refs.superseded_by.map(|s| id_of(&self.model.page(s).url)),
                    verification: d.verification.as_str().to_string(),
                    parties,
                    amounts,
                    term: d.term.clone(),
                    capacity: d.capacity.as_ref().map(|c| c.text.clone()),
                    capacity_mw: d.capacity.as_ref().and_then(|c| c.mw),
                    gpu_model: d.gpu_model.clone(),
                    site: d.site.clone(),
                    topics: self.ids(&refs.topics),
                    sources: sources(&p.sources),
                })
            })
            .collect();
        DealsFile { schema_version: SCHEMA_VERSION, deals }
    }

    /// Every topic as a record.
    pub fn topics_file(&self) -> TopicsFile {
        let topics = self
            .sorted_ids(EntityKind::Topic)
            .into_iter()
            .filter_map(|id| {
                let p = self.model.page(id);
                let PageData::Topic(t) = &p.data else { return None };
                Some(TopicRecord {
                    id: id_of(&p.url),
                    url: self.site.url(&p.url),
                    title: p.title.clone(),
                    description: t.description.clone(),
                    pages: self.ids(
                        self.catalog(Aggregate::TopicPages(Some(id)))
                            .topic_pages
                            .get(&id)
                            .map(Vec::as_slice)
                            .unwrap_or_default(),
                    ),
                })
            })
            .collect();
        TopicsFile { schema_version: SCHEMA_VERSION, topics }
    }
}

/// Text for a CSV cell that a spreadsheet cannot run: a cell starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
/// (`=HYPERLINK(…)`), so it gets a leading `'`, as spreadsheet makers advise.
pub fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The CSV twin of `data/companies.json`.
pub fn company_rows(file: &CompaniesFile) -> Vec<CompanyRow> {
    file.companies
        .iter()
        .map(|c| CompanyRow {
            id: cell(&c.id.clone()),
            name: c.name.clone(),
            short_name: cell(&c.short_name.clone().unwrap_or_default()),
            category: cell(&c.category.clone().unwrap_or_default()),
            tickers: cell(
                &c.tickers.iter().map(|t| format!("{}:{}", t.exchange, t.symbol)).collect::<Vec<_>>().join("; "),
            ),
            country: cell(&c.headquarters.as_ref().map(|h| h.country.clone()).unwrap_or_default()),
            city: cell(&c.headquarters.as_ref().and_then(|h| h.city.clone()).unwrap_or_default()),
            founded: cell(&c.founded.clone().unwrap_or_default()),
            website: cell(&c.website.clone().unwrap_or_default()),
            deals: c.deals.len(),
            figures: c.figures.iter().map(|f| format!("{}={}", f.id, f.value)).collect::<Vec<_>>().join("; "),
        })
        .collect()
}

/// The CSV twin of `data/deals.json`: one row per amount.
pub fn deal_rows(file: &DealsFile) -> Vec<DealRow> {
    let mut rows = Vec::new();
    for d in &file.deals {
        let base = DealRow {
            deal: d.id.clone(),
            date: d.date.clone().unwrap_or_default(),
            title: cell(&d.title),
            kinds: d.kinds.join("; "),
            state: d.state.clone(),
            verification: d.verification.clone(),
            parties: cell(
                &d.parties.iter().map(|p| p.company.clone().unwrap_or(p.name.clone())).collect::<Vec<_>>().join("; "),
            ),
            amount_id: String::new(),
            amount_kind: String::new(),
            amount_text: String::new(),
            amount_form: String::new(),
            value: None,
            currency: String::new(),
            approximate: false,
            bound: String::new(),
            family: String::new(),
            basis: String::new(),
            part_of: String::new(),
            counted: false,
        };
        if d.amounts.is_empty() {
            rows.push(base);
            continue;
        }
        for a in &d.amounts {
            rows.push(DealRow {
                amount_id: a.id.clone(),
                amount_kind: a.kind.clone(),
                family: a.family.clone().unwrap_or_default(),
                basis: a.basis.clone(),
                part_of: a.part_of.clone().unwrap_or_default(),
                counted: a.counted,
                amount_text: cell(&a.text),
                amount_form: a.form.clone(),
                value: a.value,
                currency: a.currency.clone().unwrap_or_default(),
                approximate: a.approximate,
                bound: a.bound.clone().unwrap_or_default(),
                ..base.clone()
            });
        }
    }
    rows
}
