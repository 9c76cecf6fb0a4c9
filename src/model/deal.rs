//! Deal pages: `deals/<slug>.md` front matter → [`Deal`].
//!
//! A deal has parties (company pages or plain names, with roles), one or more
//! amounts each with its own kind (so a lease's value and a backstop of it
//! are two amounts), a state kept apart from its verification, and the
//! capacity, term, site and GPU model as the source words them. Amount text
//! is parsed by the grammar in `amount`.

use serde::Serialize;

use super::amount::{from_value, parse_amount, AmountForm};
use super::fields::{AmountRaw, Capacity, DealKind, DealState, PartyRaw, Role, Text, Verification};
use super::{read_date, read_refs, read_sources, Page, PageData, Ref};
use crate::yaml::FrontMatter;

/// The fields a deal page accepts.
pub(super) const FIELDS: &[&str] = &[
    "title",
    "date",
    "date_note",
    "kinds",
    "state",
    "superseded_by",
    "verification",
    "parties",
    "amounts",
    "term",
    "capacity",
    "gpu_model",
    "site",
    "summary",
    "topics",
    "aliases",
    "sources",
    "unverified",
    "draft",
    "publish",
    "redirect_from",
];

/// Who a party is.
#[derive(Debug, Clone)]
pub enum PartyTarget {
    /// A company page (resolved by `links`).
    Company(Ref),
    /// A counterparty without a page.
    Name(String),
}

/// A party to a deal.
#[derive(Debug, Clone)]
pub struct Party {
    /// Who.
    pub target: PartyTarget,
    /// Role, when stated.
    pub role: Option<Role>,
    /// The entity that signed.
    pub entity: Option<String>,
}

/// One amount of a deal.
#[derive(Debug, Clone, Serialize)]
pub struct DealAmount {
    /// What it is; totals are per kind.
    pub kind: DealKind,
    /// The parsed figure.
    pub form: AmountForm,
    /// The text as written (what pages show).
    pub text: String,
    /// A remark.
    pub note: Option<String>,
}

/// A deal or event.
#[derive(Debug, Clone)]
pub struct Deal {
    /// Kinds of the deal.
    pub kinds: Vec<DealKind>,
    /// Where it stands.
    pub state: DealState,
    /// The deal that replaces or ends it.
    pub superseded_by: Option<Ref>,
    /// Whether its facts were confirmed.
    pub verification: Verification,
    /// The parties.
    pub parties: Vec<Party>,
    /// The amounts.
    pub amounts: Vec<DealAmount>,
    /// A remark about the date.
    pub date_note: Option<String>,
    /// Term as worded.
    pub term: Option<String>,
    /// Capacity.
    pub capacity: Option<Capacity>,
    /// GPU model.
    pub gpu_model: Option<String>,
    /// Site.
    pub site: Option<String>,
}

/// Reads a deal's fields into `page`; returns the accepted field names.
pub(super) fn read(fm: &mut FrontMatter, page: &mut Page) -> &'static [&'static str] {
    if let Some(title) = fm.req::<String>("title", "give the deal a title") {
        page.title = title.clone();
        page.short_title = title;
    }
    if let Some(t) =
        fm.req::<Text>("date", "add the announcement date: YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no day, or `unknown` (explain in `date_note`)")
    {
        // `unknown` keeps an undated event honest: never invent a day.
        if t.0.trim() != "unknown" {
            page.date = read_date(fm, "date", t.0.trim());
        }
    }
    let kinds: Vec<DealKind> = fm.list("kinds").into_iter().map(|(_, k)| k).collect();
    if kinds.is_empty() && !fm.has("kinds") {
        fm.req::<Vec<DealKind>>("kinds", &format!("one or more of: {}", DealKind::ALL.join(", ")));
    }
    let state: DealState = fm.opt("state").unwrap_or(DealState::Announced);
    let superseded_by: Option<Ref> =
        fm.opt::<String>("superseded_by").map(|text| Ref { text, span: fm.span("superseded_by") });
    if state == DealState::Superseded && superseded_by.is_none() {
        fm.error(
            "state",
            "missing-field",
            "a superseded deal needs `superseded_by`".into(),
            Some("name the deal that replaces it: `superseded_by: <deal slug>`".into()),
        );
    }
    let parties = read_parties(fm);
    let amounts = read_amounts(fm);
    page.description = fm.opt("summary");
    page.names = fm.list::<String>("aliases").into_iter().map(|(_, s)| s).collect();
    page.topics = read_refs(fm, "topics");
    page.sources = read_sources(fm);
    if page.sources.is_empty() {
        fm.warn(
            "",
            "deal-without-source",
            "this deal cites no source".into(),
            Some("add `sources:` with the pages its facts come from".into()),
        );
    }
    let deal = Deal {
        kinds,
        state,
        superseded_by,
        verification: fm.opt("verification").unwrap_or(Verification::Verified),
        parties,
        amounts,
        date_note: fm.opt("date_note"),
        term: fm.opt::<Text>("term").map(|t| t.0),
        capacity: fm.opt("capacity"),
        gpu_model: fm.opt("gpu_model"),
        site: fm.opt("site"),
    };
    page.data = PageData::Deal(Box::new(deal));
    FIELDS
}

fn read_parties(fm: &mut FrontMatter) -> Vec<Party> {
    let mut parties = Vec::new();
    let raw: Vec<(usize, PartyRaw)> = fm.list("parties");
    if raw.is_empty() && !fm.has("parties") {
        fm.req::<Vec<PartyRaw>>(
            "parties",
            "list the parties: `- {company: <slug>, role: borrower}` or `- {name: \"A bank\", role: lender}`",
        );
    }
    for (i, p) in raw {
        let at = format!("parties.{i}");
        let target = match (p.company, p.name) {
            (Some(slug), None) => PartyTarget::Company(Ref { text: slug, span: fm.span(&format!("{at}.company")) }),
            (None, Some(name)) => PartyTarget::Name(name),
            (Some(_), Some(_)) => {
                fm.error(
                    &at,
                    "invalid-field",
                    "a party has either `company` or `name`, not both".into(),
                    Some("use `company` for a company with a page, `name` otherwise".into()),
                );
                continue;
            }
            (None, None) => {
                fm.error(&at, "missing-field", "a party needs `company` (a company page) or `name`".into(), None);
                continue;
            }
        };
        parties.push(Party { target, role: p.role, entity: p.entity });
    }
    parties
}

fn read_amounts(fm: &mut FrontMatter) -> Vec<DealAmount> {
    let mut out = Vec::new();
    for (i, a) in fm.list::<AmountRaw>("amounts") {
        let at = format!("amounts.{i}");
        let parsed = match (&a.amount, a.value, &a.currency) {
            (Some(text), None, None) => {
                parse_amount(&text.0).map(|f| (f, text.0.clone())).map_err(|e| (format!("{at}.amount"), e))
            }
            (None, Some(v), Some(c)) => from_value(v, c)
                .map(|f| {
                    let text = match &f {
                        AmountForm::Money { value, currency, .. } => super::amount::format_money(*value, *currency),
                        _ => v.to_string(),
                    };
                    let f = match f {
                        AmountForm::Money { value, currency, bound, .. } => {
                            AmountForm::Money { value, currency, approximate: a.approximate, bound }
                        }
                        other => other,
                    };
                    let text = if a.approximate { format!("~{text}") } else { text };
                    (f, text)
                })
                .map_err(|e| (format!("{at}.currency"), e)),
            _ => {
                fm.error(
                    &at,
                    "invalid-amount",
                    "an amount needs either `amount: \"US$3.65B\"` or both `value` and `currency`".into(),
                    Some("write `amount: undisclosed` when the figure is not public".into()),
                );
                continue;
            }
        };
        match parsed {
            Ok((form, text)) => out.push(DealAmount { kind: a.kind, form, text, note: a.note }),
            Err((path, e)) => fm.error(&path, "invalid-amount", e.message, e.help),
        }
    }
    out
}
