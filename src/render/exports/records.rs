//! The export's record types: what `data/*.json` and `data/*.csv` hold,
//! field by field. Their doc comments are the schema's descriptions. What
//! the front matter already defines as a record of its own (a ticker, a
//! place, a site) is exported as the model's type, not copied.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::fields::{Place, SiteInfo, Ticker};

/// `data/companies.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompaniesFile {
    /// The export format's version.
    pub schema_version: u32,
    /// Every company, by id.
    pub companies: Vec<CompanyRecord>,
}

/// `data/deals.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DealsFile {
    /// The export format's version.
    pub schema_version: u32,
    /// Every deal, by id.
    pub deals: Vec<DealRecord>,
}

/// `data/topics.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicsFile {
    /// The export format's version.
    pub schema_version: u32,
    /// Every topic, by id.
    pub topics: Vec<TopicRecord>,
}

/// A company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyRecord {
    /// The page id: its path without slashes around it, e.g. `companies/iren`.
    pub id: String,
    /// The page's address on the site (with the site's base path).
    pub url: String,
    /// Legal or full name.
    pub name: String,
    /// The name used in tables and links, when shorter.
    pub short_name: Option<String>,
    /// Names it had before.
    pub former_names: Vec<String>,
    /// Other names it goes by.
    pub aliases: Vec<String>,
    /// Stock listings.
    pub tickers: Vec<Ticker>,
    /// Headquarters.
    pub headquarters: Option<Place>,
    /// When it was founded: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub founded: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// What kind of company it is (e.g. `miner`, `hyperscaler`).
    pub category: Option<String>,
    /// One line on the company.
    pub summary: String,
    /// Its sites, as the sources word them.
    pub sites: Vec<SiteInfo>,
    /// Ids of the topics it is filed under.
    pub topics: Vec<String>,
    /// Ids of the deals it is a party to, newest first.
    pub deals: Vec<String>,
    /// Disclosed totals of those deals, per amount kind and currency (terminated and superseded deals left out).
    pub figures: Vec<FigureRecord>,
    /// Where its facts come from.
    pub sources: Vec<SourceRecord>,
}

/// A summed figure: the site's (per family) or a company's (per heading),
/// for one tier and one currency, with the amounts behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureRecord {
    /// A stable id: `<family or heading>.<tier>.<currency>`, e.g. `raised.closed.USD`.
    pub id: String,
    /// What it is, in words.
    pub label: String,
    /// The family: `raised`, `contracts`, `guarantees`, `acquisitions` or `purchases`.
    pub family: String,
    /// For a company's figure, its heading: `raised`, `invested-or-lent`, `contracted-revenue`,
    /// `committed-spend`, `guaranteed`, `paid-for-acquisitions`, `sold-in-acquisitions`,
    /// `purchases` or `sales`.
    pub heading: Option<String>,
    /// `closed` (agreed amounts of closed and completed deals), `announced` (agreed amounts of
    /// announced deals) or `limit` (facility ceilings, never added to what was raised).
    pub tier: String,
    /// ISO 4217 currency code.
    pub currency: String,
    /// The sum, in whole currency units.
    pub value: u64,
    /// Whether some summed figure was approximate or a bound, so the sum is too.
    pub approximate: bool,
    /// The amounts summed, as `<deal slug>#<amount id>` (the ids in `data/deals.json`).
    pub amounts: Vec<String>,
}

/// `data/totals.json`: every figure the site shows for the whole knowledge base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TotalsFile {
    /// The version of this format.
    pub schema_version: u32,
    /// Every site-level figure, by family, tier and currency.
    pub figures: Vec<FigureRecord>,
    /// Proposals, options and estimates, listed and never summed (`<deal slug>#<amount id>`).
    pub unsummed: Vec<String>,
    /// Deals left out because terminated or superseded.
    pub excluded_deals: usize,
}

/// A source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    /// Address.
    pub url: String,
    /// Title.
    pub title: String,
    /// Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
}

/// A deal or event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DealRecord {
    /// The page id, e.g. `deals/iren-microsoft-ai-cloud-contract`.
    pub id: String,
    /// The page's address on the site (with the site's base path).
    pub url: String,
    /// Title.
    pub title: String,
    /// Announcement date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; null when unknown.
    pub date: Option<String>,
    /// A remark about the date.
    pub date_note: Option<String>,
    /// Kinds of the deal (e.g. `financing`, `contract`).
    pub kinds: Vec<String>,
    /// Where it stands (e.g. `announced`, `closed`, `terminated`).
    pub state: String,
    /// Id of the deal that replaces or ends it.
    pub superseded_by: Option<String>,
    /// Whether its facts were confirmed (`verified` or `unverified`).
    pub verification: String,
    /// The parties.
    pub parties: Vec<PartyRecord>,
    /// The amounts, each of its own kind.
    pub amounts: Vec<AmountRecord>,
    /// Term, as worded.
    pub term: Option<String>,
    /// Capacity, as worded.
    pub capacity: Option<String>,
    /// Capacity in megawatts, when stated as one figure.
    pub capacity_mw: Option<f64>,
    /// GPU model.
    pub gpu_model: Option<String>,
    /// Site.
    pub site: Option<String>,
    /// Ids of the topics it is filed under.
    pub topics: Vec<String>,
    /// Where its facts come from.
    pub sources: Vec<SourceRecord>,
}

/// A party to a deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyRecord {
    /// Id of its company page; null for a party without a page.
    pub company: Option<String>,
    /// Its name (the company's short name when it has a page).
    pub name: String,
    /// Its role (e.g. `lender`, `customer`), when stated.
    pub role: Option<String>,
    /// The entity that signed, when stated.
    pub entity: Option<String>,
}

/// One amount of a deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AmountRecord {
    /// Its id in the deal (given, or its 1-based position); `<deal slug>#<id>` names it site-wide.
    pub id: String,
    /// What it is.
    pub kind: String,
    /// The family it is summed in (`raised`, `contracts`, `guarantees`, `acquisitions`,
    /// `purchases`), or none for kinds that are never summed.
    pub family: Option<String>,
    /// `agreed`, `proposed`, `option`, `limit` or `estimate`.
    pub basis: String,
    /// The package it is a part of, as `<deal slug>#<id>`.
    pub part_of: Option<String>,
    /// Whether the site's totals include it (in any figure).
    pub counted: bool,
    /// How: `counted`, `announced`, `limit`; or why not: `proposed`, `option`, `estimate`,
    /// `in-package`, `deal-ended`, `no-family`, `undisclosed`, `rate`.
    pub status: String,
    /// The amount as written in the source (what pages show).
    pub text: String,
    /// `money` (a figure that sums), `undisclosed` or `rate` (never summed).
    pub form: String,
    /// The figure in whole currency units (for `money`).
    pub value: Option<u64>,
    /// ISO 4217 currency code (for `money`, and for a `rate` that names one).
    pub currency: Option<String>,
    /// Whether the text marked the figure as approximate.
    pub approximate: bool,
    /// `exact`, `at-least` or `up-to` (for `money`).
    pub bound: Option<String>,
    /// A remark.
    pub note: Option<String>,
}

/// A topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicRecord {
    /// The page id, e.g. `topics/ai-cloud`.
    pub id: String,
    /// The page's address on the site (with the site's base path).
    pub url: String,
    /// Title.
    pub title: String,
    /// One line.
    pub description: String,
    /// Ids of the pages filed under it.
    pub pages: Vec<String>,
}

/// A row of `data/companies.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyRow {
    /// Page id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Category.
    pub category: String,
    /// Listings, `EXCHANGE:SYMBOL` joined by `; `.
    pub tickers: String,
    /// Headquarters country.
    pub country: String,
    /// Headquarters city.
    pub city: String,
    /// Founded.
    pub founded: String,
    /// Website.
    pub website: String,
    /// Number of deals.
    pub deals: usize,
    /// Its figures as `<id>=<value>`, joined by `; ` (ids as in `data/companies.json`).
    pub figures: String,
}

/// A row of `data/deals.csv`: one amount of a deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealRow {
    /// Deal page id.
    pub deal: String,
    /// Announcement date.
    pub date: String,
    /// Title.
    pub title: String,
    /// Kinds, joined by `; `.
    pub kinds: String,
    /// State.
    pub state: String,
    /// Verification.
    pub verification: String,
    /// Parties: company ids (or names without a page), joined by `; `.
    pub parties: String,
    /// Amount id in the deal (empty when the deal has no amount).
    pub amount_id: String,
    /// Amount kind (empty when the deal has no amount).
    pub amount_kind: String,
    /// Amount as written.
    pub amount_text: String,
    /// `money`, `undisclosed` or `rate`.
    pub amount_form: String,
    /// Figure in whole units (empty unless money).
    pub value: Option<u64>,
    /// Currency.
    pub currency: String,
    /// Approximate.
    pub approximate: bool,
    /// Bound.
    pub bound: String,
    /// Family.
    pub family: String,
    /// Basis.
    pub basis: String,
    /// The package it is a part of (`<deal slug>#<id>`).
    pub part_of: String,
    /// Whether the site's totals include it.
    pub counted: bool,
}
