//! Money that means something: which family an amount belongs to, whether
//! a total counts it, and whose figure it is.
//!
//! The rules, in one place (the generated page "How totals are counted"
//! states them for readers, from [`RULES`]):
//!
//! - **Families.** Every amount kind belongs to one [`Family`] (capital
//!   raised, contracts and leases, guarantees, acquisitions, purchases) or
//!   to none (`joint-venture`, `corporate`, `other`). Sums never cross a
//!   family or a currency.
//! - **Packages.** An amount may be a part (`part_of`) of a package in the
//!   same deal or in another one. A package that is counted is counted once
//!   and its parts are not; the parts of a package that is not counted (a
//!   facility's ceiling, a proposal) are counted in its place.
//! - **Basis.** Only agreed amounts are summed. A limit ("up to") is summed
//!   as its own figure ("available under facilities, up to"); proposals,
//!   options and estimates are listed, never summed.
//! - **State.** Closed and completed deals make the headline figures;
//!   announced ones a separate figure; terminated and superseded ones
//!   nothing.
//! - **Whose money.** A company's figures come from its role in each deal,
//!   read through the amount's family ([`Heading::for_role`]): a borrower
//!   raised the money, a lender provided it, a landlord earns the rent, a
//!   tenant owes it, a guarantor guarantees it. `party:` on an amount names
//!   the one party on its side whose figure it is.
//!
//! [`Ledger::build`] resolves every amount once (after `links`), checks the
//! packages (`check` reports the problems), and [`Figures`] sums a set of
//! amounts under these rules. This module reads the model and the link
//! graph; it renders nothing.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::diag::{suggest, Diagnostic};
use crate::links::LinkGraph;
use crate::load::EntityKind;
use crate::model::amount::{format_money, AmountForm, Bound, Currency};
use crate::model::fields::Basis;
use crate::model::{DealKind, DealState, Model, PageData, PageId, PartyTarget, Role, Verification};

/// What an amount is summed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Debt and equity raised (notes, loans, facilities, converts, packages; shares, preferred, IPOs).
    Raised,
    /// The value of contracts and leases, revenue to a provider or landlord.
    Contracts,
    /// Backstops and guarantees of another party's obligations.
    Guarantees,
    /// Acquisitions and mergers.
    Acquisitions,
    /// Purchases of GPUs, servers and sites.
    Purchases,
}

impl Family {
    /// Every family, in the order pages show them.
    pub const ALL: [Family; 5] =
        [Family::Raised, Family::Contracts, Family::Guarantees, Family::Acquisitions, Family::Purchases];

    /// The family of an amount kind; `None` for kinds that are never summed.
    pub fn of(kind: DealKind) -> Option<Family> {
        use DealKind::*;
        Some(match kind {
            Financing | ConvertibleNotes | SecuredNotes | TermLoan | CreditFacility => Family::Raised,
            PreferredEquity | Equity | Ipo | ShareSale | Warrant => Family::Raised,
            Contract | Lease => Family::Contracts,
            Backstop | Guarantee => Family::Guarantees,
            Acquisition | Merger => Family::Acquisitions,
            GpuPurchase | Site => Family::Purchases,
            JointVenture | Corporate | Other => return None,
        })
    }

    /// The spelling in exports (`raised`).
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Raised => "raised",
            Family::Contracts => "contracts",
            Family::Guarantees => "guarantees",
            Family::Acquisitions => "acquisitions",
            Family::Purchases => "purchases",
        }
    }

    /// A label for pages.
    pub fn label(self) -> &'static str {
        match self {
            Family::Raised => "Capital raised",
            Family::Contracts => "Contracts and leases",
            Family::Guarantees => "Guarantees",
            Family::Acquisitions => "Acquisitions and mergers",
            Family::Purchases => "Purchases",
        }
    }

    /// The kinds of the family, as their front matter spellings.
    pub fn kinds(self) -> Vec<&'static str> {
        DealKind::ALL.iter().copied().filter(|k| DealKind::parse(k).and_then(Family::of) == Some(self)).collect()
    }
}

/// Whether a kind of capital raised is debt (the rest of the family is equity).
pub fn is_debt(kind: DealKind) -> bool {
    use DealKind::*;
    matches!(kind, Financing | ConvertibleNotes | SecuredNotes | TermLoan | CreditFacility)
}

/// Whether an amount is on the side that raises, earns, guarantees or pays
/// (the amount's subject), or on the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Subject,
    Counterparty,
}

/// Under which heading a company's figure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Heading {
    /// Money the company raised (borrower, issuer).
    Raised,
    /// Money it lent or invested (lender, investor).
    InvestedOrLent,
    /// Contracts and leases it earns from (provider, landlord).
    ContractedRevenue,
    /// Contracts and leases it pays (customer, tenant).
    CommittedSpend,
    /// Obligations of others it guarantees (guarantor).
    Guaranteed,
    /// What it paid for acquisitions (acquirer, buyer).
    PaidForAcquisitions,
    /// What it was acquired or sold for (target, seller).
    SoldInAcquisitions,
    /// What it spent on GPUs and sites (buyer).
    Purchases,
    /// What it sold (supplier, seller).
    Sales,
}

impl Heading {
    /// Every heading, in the order pages show them.
    pub const ALL: [Heading; 9] = [
        Heading::Raised,
        Heading::InvestedOrLent,
        Heading::ContractedRevenue,
        Heading::CommittedSpend,
        Heading::Guaranteed,
        Heading::PaidForAcquisitions,
        Heading::SoldInAcquisitions,
        Heading::Purchases,
        Heading::Sales,
    ];

    /// The heading a party with `role` shows an amount of `kind` under, if any.
    pub fn for_role(kind: DealKind, role: Role) -> Option<Heading> {
        use Role::*;
        let family = Family::of(kind)?;
        Some(match (family, role) {
            (Family::Raised, Borrower | Issuer) => Heading::Raised,
            (Family::Raised, Lender | Investor) => Heading::InvestedOrLent,
            // A lease is the landlord's and the tenant's; a contract the provider's and
            // the customer's. An end customer named on a lease is not its tenant.
            (Family::Contracts, Landlord) => Heading::ContractedRevenue,
            (Family::Contracts, Tenant) => Heading::CommittedSpend,
            (Family::Contracts, Provider) if kind == DealKind::Contract => Heading::ContractedRevenue,
            (Family::Contracts, Customer) if kind == DealKind::Contract => Heading::CommittedSpend,
            (Family::Guarantees, Guarantor) => Heading::Guaranteed,
            (Family::Acquisitions, Acquirer | Buyer) => Heading::PaidForAcquisitions,
            (Family::Acquisitions, Target | Seller) => Heading::SoldInAcquisitions,
            (Family::Purchases, Buyer) => Heading::Purchases,
            (Family::Purchases, Seller | Supplier) => Heading::Sales,
            _ => return None,
        })
    }

    /// The heading of a family's subject (who raised, earns, guarantees, pays).
    pub fn subject(family: Family) -> Heading {
        match family {
            Family::Raised => Heading::Raised,
            Family::Contracts => Heading::ContractedRevenue,
            Family::Guarantees => Heading::Guaranteed,
            Family::Acquisitions => Heading::PaidForAcquisitions,
            Family::Purchases => Heading::Purchases,
        }
    }

    fn side(self) -> Side {
        match self {
            Heading::Raised
            | Heading::ContractedRevenue
            | Heading::Guaranteed
            | Heading::PaidForAcquisitions
            | Heading::Purchases => Side::Subject,
            _ => Side::Counterparty,
        }
    }

    /// The spelling in exports (`invested-or-lent`).
    pub fn as_str(self) -> &'static str {
        match self {
            Heading::Raised => "raised",
            Heading::InvestedOrLent => "invested-or-lent",
            Heading::ContractedRevenue => "contracted-revenue",
            Heading::CommittedSpend => "committed-spend",
            Heading::Guaranteed => "guaranteed",
            Heading::PaidForAcquisitions => "paid-for-acquisitions",
            Heading::SoldInAcquisitions => "sold-in-acquisitions",
            Heading::Purchases => "purchases",
            Heading::Sales => "sales",
        }
    }

    /// A label for pages.
    pub fn label(self) -> &'static str {
        match self {
            Heading::Raised => "Raised",
            Heading::InvestedOrLent => "Invested or lent",
            Heading::ContractedRevenue => "Contracted revenue",
            Heading::CommittedSpend => "Committed spend",
            Heading::Guaranteed => "Guaranteed",
            Heading::PaidForAcquisitions => "Paid for acquisitions",
            Heading::SoldInAcquisitions => "Sold or acquired for",
            Heading::Purchases => "Purchases (GPUs, sites)",
            Heading::Sales => "Sales to buyers",
        }
    }

    /// The family the heading belongs to.
    pub fn family(self) -> Family {
        match self {
            Heading::Raised | Heading::InvestedOrLent => Family::Raised,
            Heading::ContractedRevenue | Heading::CommittedSpend => Family::Contracts,
            Heading::Guaranteed => Family::Guarantees,
            Heading::PaidForAcquisitions | Heading::SoldInAcquisitions => Family::Acquisitions,
            Heading::Purchases | Heading::Sales => Family::Purchases,
        }
    }
}

/// Which figure a summed amount belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// Agreed amounts of closed and completed deals: the headline figures.
    Closed,
    /// Agreed amounts of announced deals, not yet closed.
    Announced,
    /// Ceilings of facilities ("up to"), never added to what was raised.
    Limit,
}

impl Tier {
    /// The spelling in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Closed => "closed",
            Tier::Announced => "announced",
            Tier::Limit => "limit",
        }
    }

    /// A label for pages, after the family or heading.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Closed => "closed and completed deals",
            Tier::Announced => "announced, not yet closed",
            Tier::Limit => "available under facilities, up to",
        }
    }
}

/// An amount of the site: a deal and the amount's position in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AmountAt {
    /// The deal.
    pub deal: PageId,
    /// Position in the deal's `amounts`.
    pub index: usize,
}

/// Whether, and how, totals count an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Summed into the figure of its tier.
    Summed(Tier),
    /// Proposed, option or estimate: listed, never summed.
    Unsummed(Basis),
    /// A part of a package that is counted.
    InPackage,
    /// Its deal was terminated or superseded.
    DealEnded,
    /// Its kind has no family.
    NoFamily,
    /// Not disclosed (counted as such, not summed).
    Undisclosed,
    /// A rate, never summed.
    Rate,
}

impl Status {
    /// The spelling in exports (`counted`, `announced`, `limit`, `proposed`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Summed(Tier::Closed) => "counted",
            Status::Summed(Tier::Announced) => "announced",
            Status::Summed(Tier::Limit) => "limit",
            Status::Unsummed(b) => b.as_str(),
            Status::InPackage => "in-package",
            Status::DealEnded => "deal-ended",
            Status::NoFamily => "no-family",
            Status::Undisclosed => "undisclosed",
            Status::Rate => "rate",
        }
    }

    /// Whether the site's totals include the amount (in any figure).
    pub fn counted(self) -> bool {
        matches!(self, Status::Summed(_))
    }

    /// Why the amount is not summed, for readers; `None` when it is.
    pub fn reason(self) -> Option<&'static str> {
        Some(match self {
            Status::Summed(_) => return None,
            Status::Unsummed(Basis::Proposed) => "proposed: not summed",
            Status::Unsummed(Basis::Option) => "an option: not summed",
            Status::Unsummed(_) => "an estimate: not summed",
            Status::InPackage => "part of its package, which is counted",
            Status::DealEnded => "deal ended: not counted",
            Status::NoFamily => "not a kind that is summed",
            Status::Undisclosed => "not disclosed",
            Status::Rate => "a rate: not summed",
        })
    }
}

/// Every amount of the site, resolved once.
#[derive(Debug, Default)]
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

    /// The amounts a company's figures take from a deal, with their headings:
    /// each amount under the company's role, read through its family; an
    /// amount with `party` goes, on its side, only to that party.
    pub fn attributed(&self, model: &Model, graph: &LinkGraph, deal: PageId, company: PageId) -> Vec<(usize, Heading)> {
        let PageData::Deal(d) = &model.page(deal).data else { return Vec::new() };
        let Some(refs) = graph.refs.get(deal.0 as usize) else { return Vec::new() };
        let mut out = Vec::new();
        for (index, a) in d.amounts.iter().enumerate() {
            let Some(family) = Family::of(a.kind) else { continue };
            // The party the amount names, if any, and its heading.
            let named = a.party.as_ref().and_then(|p| {
                d.parties.iter().enumerate().find(|(_, party)| match &party.target {
                    PartyTarget::Company(r) => r.text.eq_ignore_ascii_case(&p.text),
                    PartyTarget::Name(n) => n.eq_ignore_ascii_case(&p.text),
                })
            });
            let named_heading = named.map(|(_, party)| {
                party.role.and_then(|r| Heading::for_role(a.kind, r)).unwrap_or(Heading::subject(family))
            });
            let mut heading = None;
            for (i, party) in d.parties.iter().enumerate() {
                if refs.parties.get(i).copied().flatten() != Some(company) {
                    continue;
                }
                let h = match (named, named_heading) {
                    (Some((j, _)), Some(nh)) if j == i => Some(nh),
                    (Some(_), Some(nh)) => {
                        party.role.and_then(|r| Heading::for_role(a.kind, r)).filter(|h| h.side() != nh.side())
                    }
                    _ => party.role.and_then(|r| Heading::for_role(a.kind, r)),
                };
                if h.is_some() {
                    heading = h;
                    break;
                }
            }
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
}

impl Figure {
    /// `US$3.65B`, with `~` when approximate or bounded.
    pub fn display(&self) -> String {
        let mark = if self.approximate || self.has_lower_bound || self.has_upper_bound { "~" } else { "" };
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
        format!("{head}, {}", self.tier.label())
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
                            },
                        );
                        i
                    }
                };
                let row = &mut self.rows[at_row];
                row.value = row.value.saturating_add(value);
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

/// The rules, as the page "How totals are counted" states them.
pub const RULES: &[&str] = &[
    "Every amount belongs to one family: capital raised (debt and equity), contracts and leases, guarantees, acquisitions and mergers, or purchases. Joint ventures, corporate events and other amounts belong to none and are never summed. Sums never cross a family or a currency.",
    "A package (a financing and its tranches, a facility and its draws) is counted once. Its parts are shown under it and are not added to it; the draws on a facility whose ceiling is not counted are counted in its place.",
    "Only agreed amounts count as raised. A facility's ceiling (\u{201c}up to\u{201d}) is its own figure, available under facilities, never added to what was raised. Proposals, options (warrants, upsize options, rights of first offer) and estimates are listed with a label and never summed.",
    "Closed and completed deals make the headline figures. Announced deals make a separate figure. Terminated and superseded deals are left out.",
    "A company shows only its own money, by its role in each deal: a borrower or issuer raised the amount, a lender or investor provided it, a landlord or provider earns a lease or contract, a tenant or customer commits to pay it, a guarantor guarantees it, an acquirer or buyer pays and a target, seller or supplier receives.",
    "A figure marked \u{201c}~\u{201d} includes an approximate or bounded amount. A deal is ranked by its headline amount: its package, or its one amount of its main kind.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_family_or_none_on_purpose() {
        let none: Vec<&str> =
            DealKind::ALL.iter().copied().filter(|k| DealKind::parse(k).and_then(Family::of).is_none()).collect();
        assert_eq!(none, ["joint-venture", "corporate", "other"]);
        assert_eq!(Family::Raised.kinds().len(), 10);
    }

    #[test]
    fn roles_map_to_headings_through_the_family() {
        use Role::*;
        assert_eq!(Heading::for_role(DealKind::TermLoan, Borrower), Some(Heading::Raised));
        assert_eq!(Heading::for_role(DealKind::TermLoan, Customer), None);
        assert_eq!(Heading::for_role(DealKind::Lease, Tenant), Some(Heading::CommittedSpend));
        // An end customer named on a lease does not owe its rent.
        assert_eq!(Heading::for_role(DealKind::Lease, Customer), None);
        assert_eq!(Heading::for_role(DealKind::Contract, Customer), Some(Heading::CommittedSpend));
        assert_eq!(Heading::for_role(DealKind::Backstop, Guarantor), Some(Heading::Guaranteed));
        assert_eq!(Heading::for_role(DealKind::Lease, Guarantor), None);
        assert_eq!(Heading::for_role(DealKind::GpuPurchase, Supplier), Some(Heading::Sales));
        assert_eq!(Heading::for_role(DealKind::Other, Borrower), None);
        // Each family's subject heading belongs to it and is on the subject's side.
        for f in Family::ALL {
            assert_eq!(Heading::subject(f).family(), f);
            assert_eq!(Heading::subject(f).side(), Side::Subject);
        }
    }
}
