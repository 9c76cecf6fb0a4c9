//! Aggregates computed once per build: each company's deals, each topic's
//! pages, deals by year, and money totals.
//!
//! Totals mean something: amounts are summed per amount kind and per
//! currency (a contract's value is never added to a loan), undisclosed
//! amounts are counted, not summed, rates are never summed, and terminated or
//! superseded deals are left out so no commitment counts twice. A total that
//! includes an approximate, bounded or unverified figure is marked so.
//!
//! Vaults are browsed by tag and by folder (`catalog/vault`).
//!
//! This module reads the model and the link graph; it renders nothing.

pub mod vault;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::links::LinkGraph;
use crate::load::EntityKind;
use crate::model::amount::{format_money, AmountForm, Bound, Currency};
use crate::model::{DealKind, Model, PageData, PageId, Role, Verification};

/// The sum of one amount kind in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Total {
    /// Amount kind.
    pub kind: DealKind,
    /// Currency.
    pub currency: Currency,
    /// Sum of the disclosed values.
    pub value: u64,
    /// How many amounts were summed.
    pub count: usize,
    /// Some summed figure was approximate.
    pub approximate: bool,
    /// Some summed figure was a floor (`at least`).
    pub has_lower_bound: bool,
    /// Some summed figure was a ceiling (`up to`).
    pub has_upper_bound: bool,
    /// Some summed figure came from an unverified deal.
    pub has_unverified: bool,
}

impl Total {
    /// `US$3.65B`, with `~` when approximate or bounded.
    pub fn display(&self) -> String {
        let mark = if self.approximate || self.has_lower_bound || self.has_upper_bound { "~" } else { "" };
        format!("{mark}{}", format_money(self.value, self.currency))
    }
}

/// Totals over a set of deals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// One row per (kind, currency), sorted.
    pub rows: Vec<Total>,
    /// Amounts that are undisclosed, per kind.
    pub undisclosed: BTreeMap<DealKind, usize>,
    /// Deals left out because terminated or superseded.
    pub excluded_deals: usize,
}

impl Totals {
    /// Adds every amount of a deal.
    pub fn add_deal(&mut self, model: &Model, deal: PageId) {
        let PageData::Deal(d) = &model.page(deal).data else { return };
        if !d.state.counts() {
            self.excluded_deals += 1;
            return;
        }
        let unverified = d.verification == Verification::Unverified;
        for a in &d.amounts {
            match &a.form {
                AmountForm::Money { value, currency, approximate, bound } => {
                    // Rows stay sorted by (kind, currency): find or insert in place.
                    let at = match self.rows.binary_search_by_key(&(a.kind, *currency), |r| (r.kind, r.currency)) {
                        Ok(i) => i,
                        Err(i) => {
                            self.rows.insert(
                                i,
                                Total {
                                    kind: a.kind,
                                    currency: *currency,
                                    value: 0,
                                    count: 0,
                                    approximate: false,
                                    has_lower_bound: false,
                                    has_upper_bound: false,
                                    has_unverified: false,
                                },
                            );
                            i
                        }
                    };
                    let row = &mut self.rows[at];
                    row.value = row.value.saturating_add(*value);
                    row.count += 1;
                    row.approximate |= *approximate;
                    row.has_lower_bound |= *bound == Bound::AtLeast;
                    row.has_upper_bound |= *bound == Bound::UpTo;
                    row.has_unverified |= unverified;
                }
                AmountForm::Undisclosed => *self.undisclosed.entry(a.kind).or_default() += 1,
                AmountForm::Rate { .. } => {}
            }
        }
    }
}

/// A company's part in a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participation {
    /// The deal.
    pub deal: PageId,
    /// The company's role, if stated.
    pub role: Option<Role>,
}

/// Everything computed once.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Per company page: its deals, newest first.
    pub company_deals: HashMap<PageId, Vec<Participation>>,
    /// Per company page: totals of its deals.
    pub company_totals: HashMap<PageId, Totals>,
    /// Per topic page: pages tagged with it, by kind then title.
    pub topic_pages: HashMap<PageId, Vec<PageId>>,
    /// All deals, newest first (undated last).
    pub deals_by_date: Vec<PageId>,
    /// Totals over every deal.
    pub all_totals: Totals,
    /// Deals with a US$ amount, largest first.
    pub largest: Vec<(PageId, u64)>,
    /// The site feed's entries: dated deals and notes, newest first.
    pub site_feed: Vec<PageId>,
    /// Per company and topic page with dated entries: its feed's entries.
    pub page_feeds: HashMap<PageId, Vec<PageId>>,
    /// Tags and every level of nested tags, by key.
    pub tags: BTreeMap<String, vault::Tag>,
    /// Folders holding pages; the first is the content folder itself.
    pub folders: Vec<vault::Folder>,
}

/// How many entries a feed holds at most.
pub const FEED_LIMIT: usize = 100;

/// Dated pages, newest first (then by URL), at most [`FEED_LIMIT`].
fn feed(model: &Model, ids: impl IntoIterator<Item = PageId>) -> Vec<PageId> {
    let mut ids: Vec<PageId> = ids.into_iter().filter(|id| model.page(*id).date.is_some()).collect();
    ids.sort_by(|a, b| {
        let (pa, pb) = (model.page(*a), model.page(*b));
        pb.date.cmp(&pa.date).then_with(|| pa.url.cmp(&pb.url))
    });
    ids.dedup();
    ids.truncate(FEED_LIMIT);
    ids
}

/// Computes the catalog.
pub fn build(model: &Model, graph: &LinkGraph) -> Catalog {
    let mut c = Catalog::default();
    let mut deals: Vec<PageId> = model.ids_of(EntityKind::Deal).collect();
    deals.sort_by(|a, b| {
        let (pa, pb) = (model.page(*a), model.page(*b));
        pb.date.cmp(&pa.date).then_with(|| pa.url.cmp(&pb.url))
    });
    for &deal in &deals {
        c.all_totals.add_deal(model, deal);
        let PageData::Deal(d) = &model.page(deal).data else { continue };
        for (party, company) in d.parties.iter().zip(&graph.refs[deal.0 as usize].parties) {
            if let Some(company) = company {
                let list = c.company_deals.entry(*company).or_default();
                if !list.iter().any(|p| p.deal == deal) {
                    list.push(Participation { deal, role: party.role });
                    c.company_totals.entry(*company).or_default().add_deal(model, deal);
                }
            }
        }
        if d.state.counts() {
            let usd = d.amounts.iter().filter_map(|a| match a.form {
                AmountForm::Money { value, currency, .. } if currency.code() == "USD" => Some(value),
                _ => None,
            });
            if let Some(max) = usd.max() {
                c.largest.push((deal, max));
            }
        }
    }
    c.largest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (i, refs) in graph.refs.iter().enumerate() {
        for t in &refs.topics {
            c.topic_pages.entry(*t).or_default().push(PageId(i as u32));
        }
    }
    for list in c.topic_pages.values_mut() {
        list.sort_by(|a, b| {
            let (pa, pb) = (model.page(*a), model.page(*b));
            (pa.kind, &pa.title, &pa.url).cmp(&(pb.kind, &pb.title, &pb.url))
        });
    }
    c.deals_by_date = deals;
    let entry = |id: &PageId| matches!(model.page(*id).kind, EntityKind::Deal | EntityKind::Note);
    c.site_feed = feed(model, (0..model.pages.len() as u32).map(PageId).filter(entry));
    for id in model.ids_of(EntityKind::Company) {
        let deals = c.company_deals.get(&id).into_iter().flatten().map(|p| p.deal);
        let notes =
            graph.backlinks[id.0 as usize].iter().map(|b| b.from).filter(|f| model.page(*f).kind == EntityKind::Note);
        let entries = feed(model, deals.chain(notes));
        if !entries.is_empty() {
            c.page_feeds.insert(id, entries);
        }
    }
    for (topic, pages) in &c.topic_pages {
        let entries = feed(model, pages.iter().copied().filter(entry));
        if !entries.is_empty() {
            c.page_feeds.insert(*topic, entries);
        }
    }
    c.tags = vault::tags(model, graph);
    c.folders = vault::folders(model);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_mark_approximate_and_bounded() {
        let t = Total {
            kind: DealKind::Financing,
            currency: Currency::from_code("USD").expect("known"),
            value: 3_650_000_000,
            count: 1,
            approximate: false,
            has_lower_bound: false,
            has_upper_bound: false,
            has_unverified: false,
        };
        assert_eq!(t.display(), "US$3.65B");
        assert_eq!(Total { has_upper_bound: true, ..t }.display(), "~US$3.65B");
    }
}
