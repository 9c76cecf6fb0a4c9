//! Field types shared by every entity kind: enumerations with their accepted
//! values, sources, references to other pages, and scalars that YAML may
//! type as numbers (`date: 2025`).
//!
//! These are the "as written" shapes that serde decodes; validation that
//! needs more than a type (a date that exists, a URL that is absolute) is
//! done by the kind modules, which know where the value sits.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines a string enumeration with its accepted spellings, a human label,
/// and serde impls whose errors list the accepted values (for did-you-mean).
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $s:literal / $label:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vm])* $var,)+ }

        impl $name {
            /// Every accepted spelling, in declaration order.
            pub const ALL: &'static [&'static str] = &[$($s,)+];

            /// The spelling used in front matter and URLs.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $s,)+ }
            }

            /// A human label for pages.
            pub fn label(self) -> &'static str {
                match self { $($name::$var => $label,)+ }
            }

            /// Parses an accepted spelling.
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$var),)+ _ => None }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| serde::de::Error::unknown_variant(&s, $name::ALL))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// What a company is, for the companies table.
    Category {
        /// A bitcoin miner.
        Miner = "miner" / "Miner",
        /// Mining and AI/HPC together.
        Hybrid = "hybrid" / "Miner / AI hybrid",
        /// A GPU cloud ("neocloud").
        AiCloud = "ai-cloud" / "AI cloud",
        /// A hyperscale cloud.
        Hyperscaler = "hyperscaler" / "Hyperscaler",
        /// A chip designer.
        Chipmaker = "chipmaker" / "Chipmaker",
        /// A server or hardware vendor.
        Hardware = "hardware" / "Hardware vendor",
        /// A bank or credit fund.
        Lender = "lender" / "Lender",
        /// An investor.
        Investor = "investor" / "Investor",
        /// An AI model developer.
        AiLab = "ai-lab" / "AI lab",
        /// A data-center developer or landlord.
        DataCenter = "data-center" / "Data-center developer",
        /// A power utility.
        Utility = "utility" / "Utility",
        /// A software company.
        Software = "software" / "Software",
        /// Anything else.
        Other = "other" / "Other",
    }
}

string_enum! {
    /// The kind of a deal, and of each of its amounts. Totals are summed per
    /// kind, so a contract's value is never added to a loan.
    DealKind {
        /// A financing package as a whole.
        Financing = "financing" / "Financing",
        /// Convertible notes.
        ConvertibleNotes = "convertible-notes" / "Convertible notes",
        /// Secured notes or bonds.
        SecuredNotes = "secured-notes" / "Secured notes",
        /// A term loan (including delayed-draw).
        TermLoan = "term-loan" / "Term loan",
        /// A revolving or other credit facility.
        CreditFacility = "credit-facility" / "Credit facility",
        /// Preferred equity.
        PreferredEquity = "preferred-equity" / "Preferred equity",
        /// A services or cloud contract's value.
        Contract = "contract" / "Contract",
        /// A lease's value.
        Lease = "lease" / "Lease",
        /// A backstop of another party's obligations.
        Backstop = "backstop" / "Backstop",
        /// A guarantee.
        Guarantee = "guarantee" / "Guarantee",
        /// An acquisition.
        Acquisition = "acquisition" / "Acquisition",
        /// A merger.
        Merger = "merger" / "Merger",
        /// An equity investment or stake.
        Equity = "equity" / "Equity",
        /// Warrants or rights to buy shares.
        Warrant = "warrant" / "Warrant",
        /// A purchase of GPUs or servers.
        GpuPurchase = "gpu-purchase" / "GPU purchase",
        /// An initial public offering.
        Ipo = "ipo" / "IPO",
        /// A share sale.
        ShareSale = "share-sale" / "Share sale",
        /// A joint venture.
        JointVenture = "joint-venture" / "Joint venture",
        /// A site, land or power deal.
        Site = "site" / "Site / land",
        /// A corporate event (rename, redomicile).
        Corporate = "corporate" / "Corporate",
        /// Anything else.
        Other = "other" / "Other",
    }
}

string_enum! {
    /// A party's role in a deal.
    Role {
        /// Borrows.
        Borrower = "borrower" / "borrower",
        /// Lends.
        Lender = "lender" / "lender",
        /// Arranges a financing.
        Arranger = "arranger" / "arranger",
        /// Rents capacity.
        Tenant = "tenant" / "tenant",
        /// Lets capacity.
        Landlord = "landlord" / "landlord",
        /// Buys a service.
        Customer = "customer" / "customer",
        /// Provides a service.
        Provider = "provider" / "provider",
        /// Guarantees.
        Guarantor = "guarantor" / "guarantor",
        /// Buys.
        Buyer = "buyer" / "buyer",
        /// Sells.
        Seller = "seller" / "seller",
        /// Issues securities.
        Issuer = "issuer" / "issuer",
        /// Invests.
        Investor = "investor" / "investor",
        /// Is acquired.
        Target = "target" / "target",
        /// Acquires.
        Acquirer = "acquirer" / "acquirer",
        /// A partner.
        Partner = "partner" / "partner",
        /// Supplies goods.
        Supplier = "supplier" / "supplier",
        /// Underwrites.
        Underwriter = "underwriter" / "underwriter",
        /// Rates the debt.
        RatingAgency = "rating-agency" / "rating agency",
        /// Anything else.
        Other = "other" / "other",
    }
}

string_enum! {
    /// Where a deal stands. Terminated and superseded deals are left out of
    /// totals, so a commitment is never counted twice.
    DealState {
        /// Announced, not yet closed.
        Announced = "announced" / "Announced",
        /// Closed (financing funded, contract signed).
        Closed = "closed" / "Closed",
        /// Completed (acquisition done, project delivered).
        Completed = "completed" / "Completed",
        /// Ended without completing.
        Terminated = "terminated" / "Terminated",
        /// Replaced by another deal.
        Superseded = "superseded" / "Superseded",
    }
}

impl DealState {
    /// Whether the deal's amounts count in totals.
    pub fn counts(self) -> bool {
        !matches!(self, DealState::Terminated | DealState::Superseded)
    }
}

string_enum! {
    /// Whether an amount is money agreed, or something less: only agreed
    /// amounts are summed (see `money`).
    Basis {
        /// Signed, priced or funded (the default).
        Agreed = "agreed" / "Agreed",
        /// Announced, not yet priced or signed.
        Proposed = "proposed" / "Proposed",
        /// A right that may never be used: warrants, upsize options, ROFOs.
        Option = "option" / "Option",
        /// A facility's ceiling ("up to"); its draws are what is raised.
        Limit = "limit" / "Up to",
        /// A figure the page computes (an expansion's increment).
        Estimate = "estimate" / "Estimate",
    }
}

string_enum! {
    /// Whether a deal's facts were confirmed on its sources.
    Verification {
        /// Seen on the cited sources.
        Verified = "verified" / "Verified",
        /// Not confirmed on a source page.
        Unverified = "unverified" / "Unverified",
    }
}

/// Megawatts: a finite number, zero or more (`-750` and `.nan` are refused).
fn megawatts<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    match Option::<f64>::deserialize(d)? {
        Some(mw) if !mw.is_finite() || mw < 0.0 => {
            Err(serde::de::Error::custom(format!("`{mw}` is not a capacity: give megawatts as a number, 0 or more")))
        }
        other => Ok(other),
    }
}

/// A scalar that YAML may have typed as a number or boolean; kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Any {
            S(String),
            U(u64),
            I(i64),
            F(f64),
            B(bool),
        }
        Ok(Text(match Any::deserialize(d).map_err(|_| serde::de::Error::custom("expected text or a number"))? {
            Any::S(s) => s,
            Any::U(n) => n.to_string(),
            Any::I(n) => n.to_string(),
            Any::F(n) => n.to_string(),
            Any::B(b) => b.to_string(),
        }))
    }
}

/// A cited source as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRaw {
    /// Absolute URL.
    pub url: String,
    /// Title of the page.
    pub title: String,
    /// Publication date, partial allowed; absent or `unknown` when undated.
    pub published: Option<Text>,
    /// Who published it.
    pub publisher: Option<String>,
    /// A remark about the source.
    pub note: Option<String>,
}

/// A ticker symbol on an exchange (also the export's record of a listing).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ticker {
    /// The symbol (`IREN`).
    pub symbol: String,
    /// The exchange (`Nasdaq`).
    pub exchange: String,
}

/// A headquarters location (also the export's record of a place).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// City (may include a state).
    pub city: Option<String>,
    /// Country.
    pub country: String,
}

/// A site (campus, data center) as written (also the export's record of a site).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteInfo {
    /// Site name and place.
    pub name: String,
    /// Capacity as the source words it.
    pub capacity: Option<String>,
    /// Capacity in MW, where a number is stated.
    #[serde(default, deserialize_with = "megawatts")]
    pub mw: Option<f64>,
    /// Anything else worth saying.
    pub note: Option<String>,
}

/// A deal's capacity: the source's words and, where stated, MW that sum.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// As the source words it.
    pub text: String,
    /// Megawatts, where a number is stated.
    #[serde(default, deserialize_with = "megawatts")]
    pub mw: Option<f64>,
    /// Whether `mw` is critical IT load.
    #[serde(default)]
    pub critical_it: bool,
}

/// A party as written: a company page (`company: slug`) or a plain name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyRaw {
    /// Slug (or any link name) of a company page.
    pub company: Option<String>,
    /// Name of a counterparty without a page.
    pub name: Option<String>,
    /// Role in the deal.
    pub role: Option<Role>,
    /// The subsidiary or entity that signed.
    pub entity: Option<String>,
}

/// An amount as written: `amount: "US$3.65B"`, or `value` + `currency`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountRaw {
    /// What this amount is (summed per kind).
    pub kind: DealKind,
    /// Text in the amount grammar.
    pub amount: Option<Text>,
    /// A plain number, with `currency`.
    pub value: Option<u64>,
    /// ISO code, with `value`.
    pub currency: Option<String>,
    /// With `value`: the figure is approximate.
    #[serde(default)]
    pub approximate: bool,
    /// A remark shown beside the amount.
    pub note: Option<String>,
    /// A short name, unique in the deal, that parts refer to.
    pub id: Option<String>,
    /// The package this amount is a part of: `id`, or `deal-slug#id`.
    pub part_of: Option<String>,
    /// Agreed (default), proposed, option, limit or estimate.
    pub basis: Option<Basis>,
    /// Whose figure it is (a party's company slug or name), when roles alone would mislead.
    pub party: Option<String>,
}

/// A dated entry of a page's "what changed" list, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateRaw {
    /// When the change happened (partial allowed).
    pub date: Text,
    /// What changed, in one sentence.
    pub text: String,
}

/// Something a deal still expects, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedRaw {
    /// What is expected: closing, first rent, energisation, a draw…
    pub what: String,
    /// By when, as the source says (partial allowed).
    pub by: Text,
    /// A remark.
    pub note: Option<String>,
}
