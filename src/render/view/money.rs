//! The views of money and of the pages built around it: figures and their
//! groups, a deal's amounts, parties and rows, a company's page and its row
//! in the companies table. Part of the template contract ([`super`]).

use serde::Serialize;

use super::{BacklinkView, DateView, ExpectedView, LinkView};
use crate::model::{Capacity, Place, SiteInfo, Ticker};
use crate::money::Figure;

/// A summed figure (see `money`): the site's per family, a company's per heading.
#[derive(Debug, Clone, Serialize)]
pub struct TotalView {
    /// Stable id (`raised.closed.USD`), also the anchor on `/totals/`.
    pub id: String,
    /// Family spelling (`raised`).
    pub family: &'static str,
    /// Family label (`Capital raised`).
    pub family_label: &'static str,
    /// A company's heading label (`Committed spend`), if a company's figure.
    pub heading_label: Option<&'static str>,
    /// `closed`, `announced` or `limit`.
    pub tier: &'static str,
    /// The tier in words (`announced, not yet closed`).
    pub tier_label: &'static str,
    /// Family or heading and tier in words.
    pub label: String,
    /// ISO currency code.
    pub currency: String,
    /// `US$3.65B`, with `~` when approximate or bounded.
    pub display: String,
    /// How many amounts were summed.
    pub count: usize,
    /// Approximate or bounded.
    pub approximate: bool,
    /// Includes an unverified deal's figure.
    pub unverified: bool,
}

impl From<&Figure> for TotalView {
    fn from(t: &Figure) -> Self {
        TotalView {
            id: t.id(),
            family: t.family.as_str(),
            family_label: t.family.label(),
            heading_label: t.heading.map(|h| h.label()),
            tier: t.tier.as_str(),
            tier_label: t.tier.label(t.family),
            label: t.label(),
            currency: t.currency.code().to_string(),
            display: t.display(),
            count: t.amounts.len(),
            approximate: t.approximate || t.has_lower_bound || t.has_upper_bound,
            unverified: t.has_unverified,
        }
    }
}

/// Figures under one family (the site's) or one heading (a company's).
#[derive(Debug, Clone, Serialize)]
pub struct FigureGroupView {
    /// Family or heading spelling.
    pub id: &'static str,
    /// Its label.
    pub label: &'static str,
    /// Summed figures: closed, announced, limit; per currency.
    pub rows: Vec<TotalView>,
    /// Proposals, options and estimates: listed, never summed.
    pub unsummed: Vec<AmountRefView>,
    /// How many amounts are not disclosed.
    pub undisclosed: usize,
}

/// An amount named from elsewhere (an unsummed figure, a row on `/totals/`).
#[derive(Debug, Clone, Serialize)]
pub struct AmountRefView {
    /// Its deal.
    pub deal: LinkView,
    /// `deal-slug#id`.
    pub name: String,
    /// The amount.
    pub amount: AmountView,
    /// The deal's state label.
    pub state: &'static str,
}

/// A deal in a table.
#[derive(Debug, Clone, Serialize)]
pub struct DealRowView {
    /// The deal.
    pub link: LinkView,
    /// Date.
    pub date: Option<DateView>,
    /// Kind labels.
    pub kinds: Vec<&'static str>,
    /// Parties other than the company whose table this is.
    pub counterparties: Vec<PartyView>,
    /// The company's role, on a company's table.
    pub role: Option<&'static str>,
    /// Amounts as written, each package followed by its parts.
    pub amounts: Vec<AmountView>,
    /// The amount the deal is ranked by: its package, or its amount of its main kind.
    pub headline: Option<AmountView>,
    /// State label.
    pub state: &'static str,
    /// Whether it counts in totals.
    pub counted: bool,
    /// Whether it is verified.
    pub verified: bool,
}

/// One amount of a deal.
#[derive(Debug, Clone, Serialize)]
pub struct AmountView {
    /// Its id in the deal (`package`, or its position).
    pub id: String,
    /// Kind.
    pub kind: &'static str,
    /// Kind label.
    pub kind_label: &'static str,
    /// Its family's label, if it has one.
    pub family: Option<&'static str>,
    /// As written (`~US$130M`).
    pub text: String,
    /// Remark.
    pub note: Option<String>,
    /// Not disclosed.
    pub undisclosed: bool,
    /// A rate (never summed).
    pub rate: bool,
    /// Approximate or bounded.
    pub approximate: bool,
    /// Basis spelling (`agreed`, `proposed`, `option`, `limit`, `estimate`).
    pub basis: &'static str,
    /// A badge for any basis but agreed (`Proposed`, `Up to`…).
    pub badge: Option<&'static str>,
    /// 0 for a package or a lone amount, 1 for its parts, and so on.
    pub depth: usize,
    /// Whether the site's totals include it.
    pub counted: bool,
    /// Why they do not, in words.
    pub not_counted: Option<&'static str>,
    /// For a part of a package in another deal: that deal.
    pub package_deal: Option<LinkView>,
    /// For a part listed under a package from another deal: the part's deal.
    pub from_deal: Option<LinkView>,
}

/// A party to a deal.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    /// Name shown.
    pub name: String,
    /// Company page, when it has one.
    pub url: Option<String>,
    /// Role label.
    pub role: Option<&'static str>,
    /// Signing entity.
    pub entity: Option<String>,
    /// The sources do not name it (the name's remark saying so is cut and
    /// shown as a badge).
    pub not_named: bool,
}

/// A deal page's own data.
#[derive(Debug, Clone, Serialize)]
pub struct DealView<'a> {
    /// Kind labels.
    pub kinds: Vec<&'static str>,
    /// State label and spelling.
    pub state: &'static str,
    /// State spelling (`superseded`).
    pub state_id: &'static str,
    /// Whether it counts in totals.
    pub counted: bool,
    /// The deal that supersedes or ends it.
    pub superseded_by: Option<LinkView>,
    /// Verified?
    pub verified: bool,
    /// Parties.
    pub parties: Vec<PartyView>,
    /// Amounts.
    pub amounts: Vec<AmountView>,
    /// The amount the deal is ranked by (its package, or its amount of its
    /// main kind) and its kind, in words (`US$3.65B financing`), for link
    /// previews.
    pub headline: Option<String>,
    /// Date remark.
    pub date_note: Option<&'a str>,
    /// Term.
    pub term: Option<&'a str>,
    /// Capacity.
    pub capacity: Option<&'a Capacity>,
    /// GPU model.
    pub gpu_model: Option<&'a str>,
    /// Site.
    pub site: Option<&'a str>,
    /// What is still expected, and by when.
    pub expected: Vec<ExpectedView>,
}

/// A company page's own data.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyView<'a> {
    /// Full name.
    pub name: &'a str,
    /// Short name.
    pub short_name: Option<&'a str>,
    /// Former names.
    pub former_names: &'a [String],
    /// Aliases.
    pub aliases: &'a [String],
    /// Tickers.
    pub tickers: &'a [Ticker],
    /// Headquarters.
    pub headquarters: Option<&'a Place>,
    /// Founded.
    pub founded: Option<DateView>,
    /// Website.
    pub website: Option<&'a str>,
    /// Category label.
    pub category: Option<&'static str>,
    /// One line.
    pub summary: &'a str,
    /// Sites.
    pub sites: &'a [SiteInfo],
    /// Its deals, newest first.
    pub deals: Vec<DealRowView>,
    /// Its own figures, by heading (what it raised, lent, earns, owes…).
    pub figures: Vec<FigureGroupView>,
    /// Deals left out of totals (terminated or superseded).
    pub excluded_deals: usize,
    /// Pages that mention it (not its deals).
    pub mentions: Vec<BacklinkView>,
}

/// A company in the companies table.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyRowView {
    /// The company.
    pub link: LinkView,
    /// `IREN (Nasdaq)`, joined.
    pub tickers: String,
    /// Category label.
    pub category: Option<&'static str>,
    /// Number of deals.
    pub deal_count: usize,
    /// Its closed figures, by heading (the companies table's short form).
    pub figures: Vec<TotalView>,
}
