//! The ledger: every amount of the site resolved once. Packages and their
//! parts are linked (across deals too), cycles and parts that do not hold
//! together are reported, each amount's [`Status`] is decided, each deal's
//! headline is found, and each company's share of a deal is read from the
//! parties' roles ([`Ledger::attributed`]).

use std::collections::{BTreeMap, HashMap};

use super::{AmountAt, Family, Heading, Side, Status, Tier};
use crate::diag::{suggest, Diagnostic};
use crate::links::LinkGraph;
use crate::load::EntityKind;
use crate::model::amount::{format_money, AmountForm};
use crate::model::fields::Basis;
use crate::model::{DealState, Model, PageData, PageId, PartyTarget};

/// Every amount of the site, resolved once.
#[derive(Debug, Default, PartialEq)]
pub struct Ledger {
    /// Per amount: its package, if it is a part of one that exists.
    pub parent: HashMap<AmountAt, AmountAt>,
    /// Per package: its parts, in deal then position order.
    pub parts: BTreeMap<AmountAt, Vec<AmountAt>>,
    /// Per amount: whether and how totals count it.
    pub status: HashMap<AmountAt, Status>,
    /// Per deal: its headline amount, if it has one ([`Ledger::headline`]).
    pub headline: HashMap<PageId, usize>,
}

impl Ledger {
    /// Resolves packages, decides every amount's status, and returns the
    /// problems found (unknown packages, cycles, parts that do not add up).
    pub fn build(model: &Model, graph: &LinkGraph) -> (Ledger, Vec<Diagnostic>) {
        let mut ledger = Ledger::default();
        let mut diags = Vec::new();
        let deals: Vec<PageId> = model.ids_of(EntityKind::Deal).collect();
        for &deal in &deals {
            let PageData::Deal(d) = &model.page(deal).data else { continue };
            let refs = graph.refs.get(deal.0 as usize);
            for (index, a) in d.amounts.iter().enumerate() {
                let Some(p) = &a.part_of else { continue };
                let (target, target_deal) = match &p.deal {
                    None => (deal, d),
                    Some(_) => {
                        // Unresolved deal names were reported by `links`.
                        let Some(other) = refs.and_then(|r| r.part_of.get(index).copied().flatten()) else { continue };
                        let PageData::Deal(od) = &model.page(other).data else { continue };
                        (other, od)
                    }
                };
                match target_deal.amounts.iter().position(|x| x.named && x.id == p.id) {
                    Some(i) => {
                        let parent = AmountAt { deal: target, index: i };
                        ledger.parent.insert(AmountAt { deal, index }, parent);
                    }
                    None if p.deal.is_some() => {
                        let ids: Vec<&str> =
                            target_deal.amounts.iter().filter(|x| x.named).map(|x| x.id.as_str()).collect();
                        let help = suggest(&p.id, ids.iter().copied()).unwrap_or_else(|| {
                            if ids.is_empty() {
                                "that deal names none of its amounts: give its package an `id`".into()
                            } else {
                                format!("its amounts' ids: {}", ids.join(", "))
                            }
                        });
                        diags.push(
                            Diagnostic::error(
                                "unknown-amount",
                                p.span.clone(),
                                format!("deal `{}` has no amount with id `{}`", model.page(target).path_key, p.id),
                            )
                            .with_help(help),
                        );
                    }
                    // Reported by the model, which sees the deal alone.
                    None => {}
                }
            }
        }
        ledger.break_cycles(model, &mut diags);
        for (&child, &parent) in &ledger.parent {
            ledger.parts.entry(parent).or_default().push(child);
        }
        for list in ledger.parts.values_mut() {
            list.sort();
        }
        for &deal in &deals {
            let n = match &model.page(deal).data {
                PageData::Deal(d) => d.amounts.len(),
                _ => 0,
            };
            for index in 0..n {
                ledger.decide(model, AmountAt { deal, index });
            }
            if let Some(h) = headline_of(model, deal, &ledger) {
                ledger.headline.insert(deal, h);
            }
        }
        ledger.check_packages(model, &mut diags);
        (ledger, diags)
    }

    /// Reports and removes every `part_of` that closes a cycle.
    fn break_cycles(&mut self, model: &Model, diags: &mut Vec<Diagnostic>) {
        let mut starts: Vec<AmountAt> = self.parent.keys().copied().collect();
        starts.sort();
        for start in starts {
            let mut seen = vec![start];
            let mut at = start;
            while let Some(&next) = self.parent.get(&at) {
                if seen.contains(&next) {
                    let (deal, index) = (at.deal, at.index);
                    if let PageData::Deal(d) = &model.page(deal).data {
                        let a = &d.amounts[index];
                        let span = a.part_of.as_ref().map_or_else(|| a.span.clone(), |p| p.span.clone());
                        diags.push(
                            Diagnostic::error(
                                "part-of-cycle",
                                span,
                                format!("`part_of` of amount `{}` closes a cycle of packages", a.id),
                            )
                            .with_help("a package cannot be a part of one of its own parts: remove one `part_of`"),
                        );
                    }
                    self.parent.remove(&at);
                    break;
                }
                seen.push(next);
                at = next;
            }
        }
    }

    /// Decides an amount's status (its package's first).
    fn decide(&mut self, model: &Model, at: AmountAt) -> Status {
        if let Some(&s) = self.status.get(&at) {
            return s;
        }
        let PageData::Deal(d) = &model.page(at.deal).data else { return Status::NoFamily };
        let a = &d.amounts[at.index];
        let status = if !d.state.counts() {
            Status::DealEnded
        } else if Family::of(a.kind).is_none() {
            Status::NoFamily
        } else {
            match a.form {
                AmountForm::Undisclosed => Status::Undisclosed,
                AmountForm::Rate { .. } => Status::Rate,
                AmountForm::Money { .. } => match a.basis {
                    Basis::Limit => Status::Summed(Tier::Limit),
                    Basis::Proposed | Basis::Option | Basis::Estimate => Status::Unsummed(a.basis),
                    Basis::Agreed => {
                        let parent = self.parent.get(&at).copied();
                        let in_counted = parent.is_some_and(|p| {
                            matches!(self.decide(model, p), Status::Summed(Tier::Closed | Tier::Announced))
                        });
                        if in_counted {
                            Status::InPackage
                        } else if matches!(d.state, DealState::Closed | DealState::Completed) {
                            Status::Summed(Tier::Closed)
                        } else {
                            Status::Summed(Tier::Announced)
                        }
                    }
                },
            }
        };
        self.status.insert(at, status);
        status
    }

    /// Parts in another currency than their package, and parts that do not
    /// add up to it (within 2%), or that exceed a facility's ceiling.
    fn check_packages(&self, model: &Model, diags: &mut Vec<Diagnostic>) {
        for (package, parts) in &self.parts {
            let Some(p) = amount(model, *package) else { continue };
            let AmountForm::Money { value: whole, currency, .. } = p.form else { continue };
            let mut sum: u128 = 0;
            let mut all_money = true;
            for part in parts {
                let Some(a) = amount(model, *part) else { continue };
                match a.form {
                    AmountForm::Money { value, currency: c, .. } if c == currency => sum += u128::from(value),
                    AmountForm::Money { currency: c, .. } => {
                        all_money = false;
                        let span = a.part_of.as_ref().map_or_else(|| a.span.clone(), |x| x.span.clone());
                        diags.push(
                            Diagnostic::error(
                                "part-currency",
                                span,
                                format!(
                                    "amount `{}` is in {}, but its package `{}` is in {}",
                                    a.id,
                                    c.code(),
                                    p.id,
                                    currency.code()
                                ),
                            )
                            .with_help("a package and its parts share one currency: give the part in the package's currency, or drop `part_of`"),
                        );
                    }
                    _ => all_money = false,
                }
            }
            let whole = u128::from(whole);
            let off = sum.abs_diff(whole) * 100 > whole * 2;
            let where_ = if package.deal == parts[0].deal {
                String::new()
            } else {
                format!(" of `{}`", model.page(package.deal).path_key)
            };
            if p.basis == Basis::Limit {
                if sum * 100 > whole * 102 {
                    diags.push(
                        Diagnostic::warning(
                            "parts-exceed-limit",
                            p.span.clone(),
                            format!(
                                "the draws on `{}`{where_} add up to {}, more than its ceiling of {}",
                                p.id,
                                format_money(u64::try_from(sum).unwrap_or(u64::MAX), currency),
                                format_money(u64::try_from(whole).unwrap_or(u64::MAX), currency)
                            ),
                        )
                        .with_help("check the draws' figures, or raise the facility's ceiling if it was upsized"),
                    );
                }
            } else if all_money && off {
                diags.push(
                    Diagnostic::warning(
                        "parts-do-not-add-up",
                        p.span.clone(),
                        format!(
                            "the parts of `{}`{where_} add up to {}, but the package is {} (more than 2% apart)",
                            p.id,
                            format_money(u64::try_from(sum).unwrap_or(u64::MAX), currency),
                            format_money(u64::try_from(whole).unwrap_or(u64::MAX), currency)
                        ),
                    )
                    .with_help("check the tranches; a facility whose draws need not add up to it is `basis: limit`"),
                );
            }
        }
    }

    /// An amount's status (`NoFamily` for an amount that does not exist).
    pub fn status(&self, at: AmountAt) -> Status {
        self.status.get(&at).copied().unwrap_or(Status::NoFamily)
    }

    /// The deal's headline amount, if any.
    pub fn headline(&self, deal: PageId) -> Option<usize> {
        self.headline.get(&deal).copied()
    }

    /// A stable name for an amount: `deal-slug#id`.
    pub fn name(model: &Model, at: AmountAt) -> String {
        let page = model.page(at.deal);
        match amount(model, at) {
            Some(a) => format!("{}#{}", page.slug, a.id),
            None => page.slug.clone(),
        }
    }

    /// The amounts a company's figures take from a deal, with their headings.
    ///
    /// A party holds an amount under its role read through the amount's
    /// family. When several parties hold the same side (two suppliers, a
    /// syndicate of lenders), none of their shares is known, so the amount
    /// goes to none of them, unless `party` names the one it belongs to.
    pub fn attributed(&self, model: &Model, graph: &LinkGraph, deal: PageId, company: PageId) -> Vec<(usize, Heading)> {
        let PageData::Deal(d) = &model.page(deal).data else { return Vec::new() };
        let Some(refs) = graph.refs.get(deal.0 as usize) else { return Vec::new() };
        let mut out = Vec::new();
        for (index, a) in d.amounts.iter().enumerate() {
            let Some(family) = Family::of(a.kind) else { continue };
            let headings: Vec<Option<Heading>> =
                d.parties.iter().map(|p| p.role.and_then(|r| Heading::for_role(a.kind, r))).collect();
            // The party the amount names, if any, and its heading.
            let named = a.party.as_ref().and_then(|p| {
                d.parties.iter().position(|party| match &party.target {
                    PartyTarget::Company(r) => r.text.eq_ignore_ascii_case(&p.text),
                    PartyTarget::Name(n) => n.eq_ignore_ascii_case(&p.text),
                })
            });
            let named = named.map(|j| (j, headings[j].unwrap_or(Heading::subject(family))));
            let on_side = |side: Side| headings.iter().flatten().filter(|h| h.side() == side).count();
            let mine = (0..d.parties.len()).filter(|i| refs.parties.get(*i).copied().flatten() == Some(company));
            let heading = mine
                .filter_map(|i| match named {
                    Some((j, nh)) if j == i => Some(nh),
                    Some((_, nh)) => headings[i].filter(|h| h.side() != nh.side() && on_side(h.side()) == 1),
                    None => headings[i].filter(|h| on_side(h.side()) == 1),
                })
                .next();
            if let Some(h) = heading {
                out.push((index, h));
            }
        }
        out
    }
}

/// The amount at `at`, if it exists.
pub fn amount(model: &Model, at: AmountAt) -> Option<&crate::model::DealAmount> {
    match &model.page(at.deal).data {
        PageData::Deal(d) => d.amounts.get(at.index),
        _ => None,
    }
}

/// A deal's headline: the first amount of its first kind that is not a part
/// of another amount of the deal; failing that, the first such amount with a
/// family. A deal is ranked and drawn by it, never by its largest figure.
fn headline_of(model: &Model, deal: PageId, ledger: &Ledger) -> Option<usize> {
    let PageData::Deal(d) = &model.page(deal).data else { return None };
    let top = |i: &usize| ledger.parent.get(&AmountAt { deal, index: *i }).is_none_or(|p| p.deal != deal);
    let main = d.kinds.first().copied();
    let mut candidates = (0..d.amounts.len()).filter(top);
    let first_main = (0..d.amounts.len()).filter(top).find(|i| Some(d.amounts[*i].kind) == main);
    first_main.or_else(|| candidates.find(|i| Family::of(d.amounts[*i].kind).is_some()))
}
