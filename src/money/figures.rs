//! Summing amounts under the rules: [`Figures`] adds deals (the site's, a
//! year's) or a company's share of them into one [`Figure`] per family (or
//! heading), tier and currency, listing what is left unsummed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{amount, AmountAt, Family, Heading, Ledger, Status, Tier};
use crate::links::LinkGraph;
use crate::model::amount::{format_money, AmountForm, Bound, Currency};
use crate::model::{Model, PageData, PageId, Verification};

/// One summed figure: a family (or a company's heading), a tier and a currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// The family.
    pub family: Family,
    /// For a company's figure: its heading.
    pub heading: Option<Heading>,
    /// Closed, announced or limit.
    pub tier: Tier,
    /// Currency.
    pub currency: Currency,
    /// Sum of the values.
    pub value: u64,
    /// The amounts summed.
    #[serde(skip)]
    pub amounts: Vec<AmountAt>,
    /// Some summed figure was approximate.
    pub approximate: bool,
    /// Some summed figure was a floor (`at least`).
    pub has_lower_bound: bool,
    /// Some summed figure was a ceiling (`up to`).
    pub has_upper_bound: bool,
    /// Some summed figure came from an unverified deal.
    pub has_unverified: bool,
    /// The sum does not fit in 64 bits: `value` is the largest that does.
    pub overflow: bool,
}

impl Figure {
    /// `US$3.65B`, with `~` when approximate or bounded.
    pub fn display(&self) -> String {
        let mark = if self.overflow {
            "more than "
        } else if self.approximate || self.has_lower_bound || self.has_upper_bound {
            "~"
        } else {
            ""
        };
        format!("{mark}{}", format_money(self.value, self.currency))
    }

    /// A stable id: `raised.closed.USD`, or with the heading for a company.
    pub fn id(&self) -> String {
        let head = self.heading.map_or(self.family.as_str(), Heading::as_str);
        format!("{head}.{}.{}", self.tier.as_str(), self.currency.code())
    }

    /// What it is, in words: "Capital raised, closed and completed deals".
    pub fn label(&self) -> String {
        let head = self.heading.map_or(self.family.label(), Heading::label);
        format!("{head}, {}", self.tier.label(self.family))
    }
}

/// The figures of a set of deals, or of one company.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Summed figures, sorted by family (or heading), tier and currency.
    pub rows: Vec<Figure>,
    /// Proposals, options and estimates: listed, never summed.
    pub unsummed: Vec<AmountAt>,
    /// Amounts not disclosed, per family.
    pub undisclosed: BTreeMap<Family, usize>,
    /// Deals left out because terminated or superseded.
    pub excluded_deals: usize,
}

impl Figures {
    /// Adds a deal's amounts as the site's totals count them.
    pub fn add_deal(&mut self, model: &Model, ledger: &Ledger, deal: PageId) {
        let PageData::Deal(d) = &model.page(deal).data else { return };
        if !d.state.counts() {
            self.excluded_deals += 1;
            return;
        }
        for index in 0..d.amounts.len() {
            self.add(model, ledger, AmountAt { deal, index }, None);
        }
    }

    /// Adds a company's share of a deal: the amounts attributed to it.
    pub fn add_company_deal(
        &mut self,
        model: &Model,
        graph: &LinkGraph,
        ledger: &Ledger,
        deal: PageId,
        company: PageId,
    ) {
        let PageData::Deal(d) = &model.page(deal).data else { return };
        if !d.state.counts() {
            self.excluded_deals += 1;
            return;
        }
        for (index, heading) in ledger.attributed(model, graph, deal, company) {
            self.add(model, ledger, AmountAt { deal, index }, Some(heading));
        }
    }

    fn add(&mut self, model: &Model, ledger: &Ledger, at: AmountAt, heading: Option<Heading>) {
        let Some(a) = amount(model, at) else { return };
        let Some(family) = Family::of(a.kind) else { return };
        let unverified = match &model.page(at.deal).data {
            PageData::Deal(d) => d.verification == Verification::Unverified,
            _ => false,
        };
        match (ledger.status(at), &a.form) {
            (Status::Summed(tier), &AmountForm::Money { value, currency, approximate, bound }) => {
                let key = (family, heading, tier, currency);
                let at_row = match self.rows.binary_search_by_key(&key, |r| (r.family, r.heading, r.tier, r.currency)) {
                    Ok(i) => i,
                    Err(i) => {
                        self.rows.insert(
                            i,
                            Figure {
                                family,
                                heading,
                                tier,
                                currency,
                                value: 0,
                                amounts: Vec::new(),
                                approximate: false,
                                has_lower_bound: false,
                                has_upper_bound: false,
                                has_unverified: false,
                                overflow: false,
                            },
                        );
                        i
                    }
                };
                let row = &mut self.rows[at_row];
                match row.value.checked_add(value) {
                    Some(v) => row.value = v,
                    None => {
                        row.value = u64::MAX;
                        row.overflow = true;
                    }
                }
                row.amounts.push(at);
                row.approximate |= approximate;
                row.has_lower_bound |= bound == Bound::AtLeast;
                row.has_upper_bound |= bound == Bound::UpTo && tier != Tier::Limit;
                row.has_unverified |= unverified;
            }
            (Status::Unsummed(_), _) => self.unsummed.push(at),
            (Status::Undisclosed, _) => *self.undisclosed.entry(family).or_default() += 1,
            _ => {}
        }
    }

    /// The figure of a family (or heading), tier and currency, if any.
    pub fn get(&self, family: Family, heading: Option<Heading>, tier: Tier, currency: Currency) -> Option<&Figure> {
        self.rows.iter().find(|r| (r.family, r.heading, r.tier, r.currency) == (family, heading, tier, currency))
    }
}
