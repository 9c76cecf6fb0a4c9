//! The views of money and of the pages built around it: figures and their
//! groups, a deal's amounts, parties and rows, a company's page and its row
//! in the companies table, and the filters of `/deals/`. Part of the
//! template contract ([`super`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::{BacklinkView, DateView, ExpectedView, LinkView};
use crate::model::{Capacity, DealKind, DealState, Place, SiteInfo, Ticker};
use crate::money::{Family, Figure};

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
    /// State spelling (`closed`), for filters.
    pub state_id: &'static str,
    /// Whether it counts in totals.
    pub counted: bool,
    /// Whether it is verified.
    pub verified: bool,
    /// The families of its kinds (`raised`, `contracts`…), or `other` when
    /// none of its kinds is ever summed; for filters.
    pub families: Vec<&'static str>,
    /// Every party with a company page (the table's own company too), in
    /// the deal's order.
    pub companies: Vec<RowCompanyView>,
    /// Parties without a company page.
    pub other_parties: usize,
    /// The headline in whole US dollars, when it is a US$ figure: what the
    /// amount column sorts by (other headlines sort last).
    pub amount_usd: Option<u64>,
}

/// A company a deal row names, with the key filters use.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RowCompanyView {
    /// Its page's path under the companies' folder (`iren`).
    pub key: String,
    /// Its short title.
    pub title: String,
    /// Its page.
    pub url: String,
}

/// One choice of a filter on `/deals/`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FilterOptionView {
    /// The value rows carry (`raised`, `iren`, `closed`, `2025`, `undated`).
    pub value: String,
    /// What the choice reads.
    pub label: String,
    /// How many rows have it.
    pub count: usize,
}

/// The filters of `/deals/`, each with the values its rows carry.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct DealFiltersView {
    /// Kind families, in the order pages show them; `other` last.
    pub families: Vec<FilterOptionView>,
    /// Companies, by title.
    pub companies: Vec<FilterOptionView>,
    /// States, in their order (announced to superseded).
    pub states: Vec<FilterOptionView>,
    /// Years, newest first; `undated` last.
    pub years: Vec<FilterOptionView>,
}

impl DealFiltersView {
    /// The choices the rows offer: only values some row has, with counts.
    pub fn of(rows: &[DealRowView]) -> Self {
        let option = |value: &str, label: &str, count: usize| FilterOptionView {
            value: value.to_string(),
            label: label.to_string(),
            count,
        };
        let count = |f: &dyn Fn(&DealRowView) -> bool| rows.iter().filter(|r| f(r)).count();
        let mut families: Vec<FilterOptionView> = Family::ALL
            .iter()
            .map(|f| option(f.as_str(), f.label(), count(&|r| r.families.contains(&f.as_str()))))
            .collect();
        families.push(option(OTHER_FAMILY, "Other (never summed)", count(&|r| r.families.contains(&OTHER_FAMILY))));
        let mut companies: BTreeMap<(String, &str), (&str, usize)> = BTreeMap::new();
        for c in rows.iter().flat_map(|r| &r.companies) {
            companies.entry((c.title.to_lowercase(), &c.key)).or_insert((&c.title, 0)).1 += 1;
        }
        let states = DealState::ALL
            .iter()
            .filter_map(|s| DealState::parse(s))
            .map(|s| option(s.as_str(), s.label(), count(&|r| r.state_id == s.as_str())))
            .collect();
        let mut years: BTreeMap<std::cmp::Reverse<u16>, usize> = BTreeMap::new();
        for y in rows.iter().filter_map(|r| r.date.as_ref()) {
            *years.entry(std::cmp::Reverse(y.year)).or_default() += 1;
        }
        let mut years: Vec<FilterOptionView> =
            years.into_iter().map(|(y, n)| option(&y.0.to_string(), &y.0.to_string(), n)).collect();
        years.push(option("undated", "Undated", count(&|r| r.date.is_none())));
        let keep = |v: Vec<FilterOptionView>| v.into_iter().filter(|o| o.count > 0).collect();
        DealFiltersView {
            families: keep(families),
            companies: companies.into_iter().map(|((_, key), (title, n))| option(key, title, n)).collect(),
            states: keep(states),
            years: keep(years),
        }
    }
}

/// The family value of a deal none of whose kinds is summed.
pub const OTHER_FAMILY: &str = "other";

/// The families of a deal's kinds, in the order pages show them, or
/// [`OTHER_FAMILY`] alone.
pub fn families_of(kinds: &[DealKind]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> =
        Family::ALL.iter().filter(|f| kinds.iter().any(|k| Family::of(*k) == Some(**f))).map(|f| f.as_str()).collect();
    if out.is_empty() {
        out.push(OTHER_FAMILY);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(year: Option<u16>, state: &'static str, families: &[&'static str], companies: &[&str]) -> DealRowView {
        DealRowView {
            link: LinkView { title: "d".into(), url: "/deals/d/".into(), kind: "deal" },
            date: year.map(|y| DateView { iso: y.to_string(), human: y.to_string(), year: y }),
            kinds: Vec::new(),
            counterparties: Vec::new(),
            role: None,
            amounts: Vec::new(),
            headline: None,
            state: "",
            state_id: state,
            counted: true,
            verified: true,
            families: families.to_vec(),
            companies: companies
                .iter()
                .map(|c| RowCompanyView {
                    key: c.to_lowercase(),
                    title: c.to_string(),
                    url: format!("/companies/{c}/"),
                })
                .collect(),
            other_parties: 0,
            amount_usd: None,
        }
    }

    fn values(options: &[FilterOptionView]) -> Vec<(&str, &str, usize)> {
        options.iter().map(|o| (o.value.as_str(), o.label.as_str(), o.count)).collect()
    }

    #[test]
    fn filters_offer_the_values_rows_carry_in_page_order_with_counts() {
        let rows = [
            row(Some(2025), "closed", &["contracts", "raised"], &["Zeta", "acme"]),
            row(Some(2026), "announced", &["raised"], &["Zeta"]),
            row(None, "closed", &[OTHER_FAMILY], &[]),
            row(Some(2025), "terminated", &["raised"], &["Zeta"]),
        ];
        let f = DealFiltersView::of(&rows);
        // Families in the order pages show them, whatever the rows' order; "other" last.
        assert_eq!(
            values(&f.families),
            [
                ("raised", "Capital raised", 3),
                ("contracts", "Contracts and leases", 1),
                ("other", "Other (never summed)", 1)
            ]
        );
        // Companies by title, whatever the case.
        assert_eq!(values(&f.companies), [("acme", "acme", 1), ("zeta", "Zeta", 3)]);
        // States in their order; none a row lacks.
        assert_eq!(
            values(&f.states),
            [("announced", "Announced", 1), ("closed", "Closed", 2), ("terminated", "Terminated", 1)]
        );
        // Years newest first, undated last.
        assert_eq!(values(&f.years), [("2026", "2026", 1), ("2025", "2025", 2), ("undated", "Undated", 1)]);
        assert_eq!(DealFiltersView::of(&[]), DealFiltersView::default());
    }

    #[test]
    fn a_deal_whose_kinds_are_never_summed_is_of_the_other_family() {
        assert_eq!(families_of(&[DealKind::Lease, DealKind::TermLoan]), ["raised", "contracts"]);
        assert_eq!(families_of(&[DealKind::JointVenture]), [OTHER_FAMILY]);
        assert_eq!(families_of(&[]), [OTHER_FAMILY]);
    }
}
