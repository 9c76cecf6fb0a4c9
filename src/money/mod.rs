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

mod figures;
mod ledger;

use serde::Serialize;

use crate::model::fields::Basis;
use crate::model::{DealKind, PageId, Role};

pub use figures::{Figure, Figures};
pub use ledger::{amount, Ledger};

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
pub(crate) enum Side {
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

    pub(crate) fn side(self) -> Side {
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

    /// A label for pages, after the family or heading: a ceiling of
    /// capital raised is what is available under facilities; of any other
    /// family, a ceiling ("up to") of a contract, guarantee or purchase.
    pub fn label(self, family: Family) -> &'static str {
        match (self, family) {
            (Tier::Closed, _) => "closed and completed deals",
            (Tier::Announced, _) => "announced, not yet closed",
            (Tier::Limit, Family::Raised) => "available under facilities, up to",
            (Tier::Limit, _) => "ceilings (up to), not added to agreed figures",
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

/// The rules, as the page "How totals are counted" states them.
pub const RULES: &[&str] = &[
    "Every amount belongs to one family: capital raised (debt and equity), contracts and leases, guarantees, acquisitions and mergers, or purchases. Joint ventures, corporate events and other amounts belong to none and are never summed. Sums never cross a family or a currency.",
    "A package (a financing and its tranches, a facility and its draws) is counted once. Its parts are shown under it and are not added to it; the draws on a facility whose ceiling is not counted are counted in its place.",
    "Only agreed amounts count as raised. A facility's ceiling (\u{201c}up to\u{201d}) is its own figure, available under facilities, never added to what was raised. Proposals, options (warrants, upsize options, rights of first offer) and estimates are listed with a label and never summed.",
    "Closed and completed deals make the headline figures. Announced deals make a separate figure. Terminated and superseded deals are left out.",
    "A company shows only its own money, by its role in each deal: a borrower or issuer raised the amount, a lender or investor provided it, a landlord or provider earns a lease or contract, a tenant or customer commits to pay it, a guarantor guarantees it, an acquirer or buyer pays and a target, seller or supplier receives. When several parties hold one side (two suppliers, a syndicate of lenders) and the page does not say whose the amount is, it is none of theirs.",
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
        // Debt is capital raised: `is_debt` names no kind outside the family.
        for k in DealKind::ALL {
            let kind = DealKind::parse(k).unwrap();
            assert_eq!(is_debt(kind), is_debt(kind) && Family::of(kind) == Some(Family::Raised), "{k}");
        }
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
