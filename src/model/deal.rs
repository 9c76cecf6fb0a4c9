//! Deal pages: `deals/<slug>.md` front matter → [`Deal`].
//!
//! A deal has parties (company pages or plain names, with roles), one or more
//! amounts each with its own kind (so a lease's value and a backstop of it
//! are two amounts), a state kept apart from its verification, and the
//! capacity, term, site and GPU model as the source words them. Amount text
//! is parsed by the grammar in `amount`.

use super::amount::{from_value, parse_amount, AmountForm};
use super::fields::{AmountRaw, Basis, Capacity, DealKind, DealState, PartyRaw, Role, Text, Verification};
use super::{read_date, read_refs, read_sources, Page, PageData, Ref};
use crate::yaml::FrontMatter;

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
#[derive(Debug, Clone)]
pub struct DealAmount {
    /// What it is; its family (`money::Family`) decides what it is summed with.
    pub kind: DealKind,
    /// The parsed figure.
    pub form: AmountForm,
    /// The text as written (what pages show).
    pub text: String,
    /// A remark.
    pub note: Option<String>,
    /// Its name in the deal (`package`), or its 1-based position when unnamed.
    pub id: String,
    /// Whether `id` was written (an unnamed amount cannot be referred to).
    pub named: bool,
    /// The package it is a part of, unresolved.
    pub part_of: Option<PartOf>,
    /// Agreed, proposed, option, limit or estimate.
    pub basis: Basis,
    /// Whose figure it is, when the roles alone would attribute it wrongly.
    pub party: Option<Ref>,
    /// Where the amount is written.
    pub span: crate::diag::Span,
}

/// `part_of` as written: an amount of this deal (`package`) or of another
/// (`other-deal#facility`); `links` resolves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartOf {
    /// The other deal, when one is named.
    pub deal: Option<Ref>,
    /// The package's `id`.
    pub id: String,
    /// Where `part_of` is written.
    pub span: crate::diag::Span,
}

/// Whether `id` is a valid amount id: lower-case letters, digits and `-`,
/// starting with a letter (numbers are kept for unnamed amounts).
fn valid_id(id: &str) -> bool {
    id.len() <= 40
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
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
    /// What is still expected, and by when.
    pub expected: Vec<Expected>,
}

/// Something a deal still expects (closing, first rent, energisation, a
/// draw), by a date the source gives; `check` warns once the date passed
/// and the page was not reviewed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// What is expected.
    pub what: String,
    /// By when.
    pub by: super::PartialDate,
    /// A remark.
    pub note: Option<String>,
    /// Where it is written.
    pub span: crate::diag::Span,
}

/// Reads a deal's fields into `page` (the fields it accepts are its entry in `kinds`).
pub(super) fn read(fm: &mut FrontMatter, page: &mut Page) {
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
    let kinds_help = format!("one or more of: {}", DealKind::ALL.join(", "));
    if kinds.is_empty() && !fm.has("kinds") {
        fm.req::<Vec<DealKind>>("kinds", &kinds_help);
    } else if kinds.is_empty() && fm.span("kinds.0") == fm.span("kinds") {
        // `kinds: []` (an element that failed to decode was reported at its own line).
        fm.push(
            crate::diag::Diagnostic::error("missing-field", fm.key_span("kinds"), "a deal needs at least one kind")
                .with_help(kinds_help),
        );
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
    check_money(fm, state, &parties, &amounts);
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
        expected: read_expected(fm),
    };
    page.data = PageData::Deal(Box::new(deal));
}

fn read_expected(fm: &mut FrontMatter) -> Vec<Expected> {
    let mut out = Vec::new();
    for (i, e) in fm.list::<super::fields::ExpectedRaw>("expected") {
        let at = format!("expected.{i}");
        if let Some(by) = read_date(fm, &format!("{at}.by"), e.by.0.trim()) {
            out.push(Expected { what: e.what, by, note: e.note, span: fm.span(&at) });
        }
    }
    out
}

/// Checks an amount against the deal: a proposal on a closed deal, debt
/// with nobody who raised it, a `party` that is not a party of the deal.
fn check_money(fm: &mut FrontMatter, state: DealState, parties: &[Party], amounts: &[DealAmount]) {
    let names: Vec<&str> = parties
        .iter()
        .map(|p| match &p.target {
            PartyTarget::Company(r) => r.text.as_str(),
            PartyTarget::Name(n) => n.as_str(),
        })
        .collect();
    let raiser = parties.iter().any(|p| matches!(p.role, Some(Role::Borrower | Role::Issuer)));
    for a in amounts {
        let span = a.span.clone();
        if a.basis == Basis::Proposed && matches!(state, DealState::Closed | DealState::Completed) {
            fm.push(
                crate::diag::Diagnostic::warning(
                    "proposed-on-closed-deal",
                    span.clone(),
                    format!("amount `{}` is `proposed`, but the deal is {}", a.id, state.as_str()),
                )
                .with_help("give the final, agreed figure (drop `basis: proposed`), or set the deal's `state` back to `announced`"),
            );
        }
        if let Some(p) = &a.party {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(&p.text)) {
                let help = crate::diag::suggest(&p.text, names.iter().copied())
                    .or_else(|| Some("`party` names one of the deal's `parties` (its company slug or name)".into()));
                fm.push(
                    crate::diag::Diagnostic::error(
                        "unknown-party",
                        p.span.clone(),
                        format!("`{}` is not a party of this deal", p.text),
                    )
                    .with_opt_help(help),
                );
            }
        } else if crate::money::Family::of(a.kind) == Some(crate::money::Family::Raised)
            && crate::money::is_debt(a.kind)
            && !raiser
        {
            fm.push(
                crate::diag::Diagnostic::error(
                    "debt-without-borrower",
                    span,
                    format!("amount `{}` is debt ({}), but no party borrows or issues it", a.id, a.kind.as_str()),
                )
                .with_help(
                    "give the party that raised it `role: borrower` or `role: issuer`, or name it with `party:`",
                ),
            );
        }
    }
}

fn read_parties(fm: &mut FrontMatter) -> Vec<Party> {
    let mut parties = Vec::new();
    let raw: Vec<(usize, PartyRaw)> = fm.list("parties");
    let help = "list the parties: `- {company: <slug>, role: borrower}` or `- {name: \"A bank\", role: lender}`";
    if raw.is_empty() && !fm.has("parties") {
        fm.req::<Vec<PartyRaw>>("parties", help);
    } else if raw.is_empty() && fm.span("parties.0") == fm.span("parties") {
        fm.push(
            crate::diag::Diagnostic::error("missing-field", fm.key_span("parties"), "a deal needs at least one party")
                .with_help(help),
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
        let (form, text) = match parsed {
            Ok(p) => p,
            Err((path, e)) => {
                fm.error(&path, "invalid-amount", e.message, e.help);
                continue;
            }
        };
        let named = a.id.is_some();
        let id = match a.id {
            Some(id) if valid_id(&id) => id,
            Some(id) => {
                fm.error(
                    &format!("{at}.id"),
                    "invalid-field",
                    format!("`{id}` is not an amount id"),
                    Some(
                        "use lower-case letters, digits and `-`, starting with a letter: `package`, `notes-2031`"
                            .into(),
                    ),
                );
                (i + 1).to_string()
            }
            None => (i + 1).to_string(),
        };
        let part_of = a.part_of.map(|text| {
            let span = fm.span(&format!("{at}.part_of"));
            match text.split_once('#') {
                Some((deal, id)) => PartOf {
                    deal: Some(Ref { text: deal.trim().to_string(), span: span.clone() }),
                    id: id.trim().to_string(),
                    span,
                },
                None => PartOf { deal: None, id: text.trim().to_string(), span },
            }
        });
        // "up to" is a ceiling unless the contributor says otherwise.
        let upper = matches!(form, AmountForm::Money { bound: super::amount::Bound::UpTo, .. });
        let basis = a.basis.unwrap_or(if upper { Basis::Limit } else { Basis::Agreed });
        let party = a.party.map(|text| Ref { text, span: fm.span(&format!("{at}.party")) });
        let span = fm.span(&at);
        out.push(DealAmount { kind: a.kind, form, text, note: a.note, id, named, part_of, basis, party, span });
    }
    check_amounts(fm, &out);
    out
}

/// Checks that need only this deal's amounts: ids are unique, and a
/// `part_of` without a deal names an amount here that is not the amount itself.
fn check_amounts(fm: &mut FrontMatter, amounts: &[DealAmount]) {
    let mut seen: Vec<&str> = Vec::new();
    for a in amounts.iter().filter(|a| a.named) {
        if seen.contains(&a.id.as_str()) {
            fm.push(
                crate::diag::Diagnostic::error(
                    "duplicate-id",
                    a.span.clone(),
                    format!("two amounts of this deal have the id `{}`", a.id),
                )
                .with_help("give each amount of a deal its own id"),
            );
        }
        seen.push(&a.id);
    }
    for a in amounts {
        let Some(p) = &a.part_of else { continue };
        let span = p.span.clone();
        if p.deal.is_some() {
            continue;
        }
        if p.id == a.id && a.named {
            fm.push(crate::diag::Diagnostic::error(
                "part-of-cycle",
                span,
                format!("amount `{}` is a part of itself", a.id),
            ));
        } else if !seen.contains(&p.id.as_str()) {
            let help = crate::diag::suggest(&p.id, seen.iter().copied()).or_else(|| {
                Some("name the package's `id` in this deal, or `other-deal#id` for an amount of another deal".into())
            });
            fm.push(
                crate::diag::Diagnostic::error(
                    "unknown-amount",
                    span,
                    format!("`part_of: {}` names no amount of this deal", p.id),
                )
                .with_opt_help(help),
            );
        }
    }
}
