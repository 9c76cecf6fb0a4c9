//! Money on pages: a deal's amounts as a tree (each package followed by its
//! parts, with basis badges), figures grouped by family or heading, and the
//! page "How totals are counted" (`/totals/`), which lists the amounts
//! behind every figure. What counts is decided by `money`; this file only
//! turns it into views; the views of `/totals/` are defined here, beside
//! the only code that fills them (part of the template contract).

use crate::reads::Aggregate;
use std::collections::BTreeMap;

use serde::Serialize;

use super::context::{TemplateContext, TotalsContext};
use super::view::*;
use super::Renderer;
use crate::model::amount::{AmountForm, Bound};
use crate::model::fields::Basis;
use crate::model::{DealAmount, PageData, PageId};
use crate::money::{AmountAt, Family, Figures, Heading, Ledger, Status, Tier, RULES};

use crate::model::TOTALS_PATH;

impl Renderer<'_> {
    /// The URL of `/totals/`, when the site has deals (and so that page).
    pub(super) fn totals_url(&self) -> Option<String> {
        self.model.ids_of(crate::load::EntityKind::Deal).next().map(|_| self.site.url(TOTALS_PATH))
    }

    /// One amount as a view.
    pub(super) fn amount_view(&self, at: AmountAt, a: &DealAmount, depth: usize) -> AmountView {
        let status = self.catalog(Aggregate::Ledger).ledger.status(at);
        let package_deal = self
            .catalog(Aggregate::Ledger)
            .ledger
            .parent
            .get(&at)
            .filter(|p| p.deal != at.deal)
            .map(|p| self.link(p.deal));
        AmountView {
            id: a.id.clone(),
            kind: a.kind.as_str(),
            kind_label: a.kind.label(),
            family: Family::of(a.kind).map(Family::label),
            text: a.text.clone(),
            note: a.note.clone(),
            undisclosed: matches!(a.form, AmountForm::Undisclosed),
            rate: matches!(a.form, AmountForm::Rate { .. }),
            approximate: matches!(a.form, AmountForm::Money { approximate, bound, .. } if approximate || bound != Bound::Exact),
            basis: a.basis.as_str(),
            badge: (a.basis != Basis::Agreed).then(|| a.basis.label()),
            depth,
            counted: status.counted(),
            not_counted: status.reason(),
            package_deal,
            from_deal: None,
        }
    }

    /// A deal's amounts in tree order: each amount that is not a part of
    /// another amount of the deal, followed by its parts (indented), and for
    /// a package, the parts other deals hold (draws on a facility).
    pub(super) fn amount_views(&self, deal: PageId, with_other_deals: bool) -> Vec<AmountView> {
        let PageData::Deal(d) = &self.model.page(deal).data else { return Vec::new() };
        let ledger = &self.catalog(Aggregate::Ledger).ledger;
        let mut out = Vec::new();
        let mut stack: Vec<(AmountAt, usize)> = (0..d.amounts.len())
            .rev()
            .map(|index| AmountAt { deal, index })
            .filter(|at| ledger.parent.get(at).is_none_or(|p| p.deal != deal))
            .map(|at| (at, 0))
            .collect();
        while let Some((at, depth)) = stack.pop() {
            let Some(a) = crate::money::amount(self.model, at) else { continue };
            let mut view = self.amount_view(at, a, depth);
            if at.deal != deal {
                view.from_deal = Some(self.link(at.deal));
            }
            out.push(view);
            if depth >= 8 {
                continue;
            }
            let parts = ledger.parts.get(&at).map(Vec::as_slice).unwrap_or(&[]);
            for part in parts.iter().rev() {
                if part.deal == at.deal || (with_other_deals && at.deal == deal) {
                    stack.push((*part, depth + 1));
                }
            }
        }
        out
    }

    /// The headline amount of a deal, as a view.
    pub(super) fn headline_view(&self, deal: PageId) -> Option<AmountView> {
        let index = self.catalog(Aggregate::Ledger).ledger.headline(deal)?;
        let at = AmountAt { deal, index };
        crate::money::amount(self.model, at).map(|a| self.amount_view(at, a, 0))
    }

    fn amount_ref(&self, at: AmountAt) -> Option<AmountRefView> {
        let a = crate::money::amount(self.model, at)?;
        let PageData::Deal(d) = &self.model.page(at.deal).data else { return None };
        Some(AmountRefView {
            deal: self.link(at.deal),
            name: Ledger::name(self.model, at),
            amount: self.amount_view(at, a, 0),
            state: d.state.label(),
        })
    }

    /// The site's (or a year's) figures, one group per family that has any.
    pub(super) fn family_groups(&self, f: &Figures) -> Vec<FigureGroupView> {
        Family::ALL
            .iter()
            .filter_map(|&family| {
                let rows: Vec<TotalView> = f.rows.iter().filter(|r| r.family == family).map(TotalView::from).collect();
                let unsummed: Vec<AmountRefView> = f
                    .unsummed
                    .iter()
                    .filter(|at| {
                        crate::money::amount(self.model, **at).and_then(|a| Family::of(a.kind)) == Some(family)
                    })
                    .filter_map(|at| self.amount_ref(*at))
                    .collect();
                let undisclosed = f.undisclosed.get(&family).copied().unwrap_or(0);
                (!rows.is_empty() || !unsummed.is_empty() || undisclosed > 0).then(|| FigureGroupView {
                    id: family.as_str(),
                    label: family.label(),
                    rows,
                    unsummed,
                    undisclosed,
                })
            })
            .collect()
    }

    /// A company's figures, one group per heading that has any.
    pub(super) fn heading_groups(&self, company: PageId) -> Vec<FigureGroupView> {
        let Some(f) = self.catalog(Aggregate::CompanyTotals(Some(company))).company_totals.get(&company) else {
            return Vec::new();
        };
        // Unsummed amounts of the company, by the heading it holds them under.
        let mut unsummed: BTreeMap<Heading, Vec<AmountRefView>> = BTreeMap::new();
        for at in &f.unsummed {
            // `attributed` reads the deal's resolved parties.
            let _ = self.refs(at.deal);
            let heading = self
                .catalog(Aggregate::Ledger)
                .ledger
                .attributed(self.model, self.graph, at.deal, company)
                .into_iter()
                .find(|(i, _)| *i == at.index)
                .map(|(_, h)| h);
            if let (Some(h), Some(view)) = (heading, self.amount_ref(*at)) {
                unsummed.entry(h).or_default().push(view);
            }
        }
        Heading::ALL
            .iter()
            .filter_map(|&h| {
                let rows: Vec<TotalView> =
                    f.rows.iter().filter(|r| r.heading == Some(h)).map(TotalView::from).collect();
                let unsummed = unsummed.remove(&h).unwrap_or_default();
                (!rows.is_empty() || !unsummed.is_empty()).then(|| FigureGroupView {
                    id: h.as_str(),
                    label: h.label(),
                    rows,
                    unsummed,
                    undisclosed: 0,
                })
            })
            .collect()
    }

    /// A company's closed figures, for the companies table.
    pub(super) fn company_closed(&self, company: PageId) -> Vec<TotalView> {
        let Some(f) = self.catalog(Aggregate::CompanyTotals(Some(company))).company_totals.get(&company) else {
            return Vec::new();
        };
        f.rows.iter().filter(|r| r.tier == Tier::Closed).map(TotalView::from).collect()
    }

    /// `/totals/`: the rules, and for each of the site's figures the amounts behind it.
    pub(super) fn totals_context(&self) -> TemplateContext<'_> {
        let page = self.generated_page("totals", "How totals are counted", TOTALS_PATH);
        let figures: Vec<TotalsFigureView> = self
            .catalog(Aggregate::AllTotals)
            .all_totals
            .rows
            .iter()
            .map(|r| TotalsFigureView {
                figure: TotalView::from(r),
                amounts: r.amounts.iter().filter_map(|at| self.amount_ref(*at)).collect(),
            })
            .collect();
        // Amounts left out of every figure, by why.
        let mut left_out: BTreeMap<&'static str, Vec<AmountRefView>> = BTreeMap::new();
        for deal in &self.catalog(Aggregate::DealsByDate).deals_by_date {
            let PageData::Deal(d) = &self.model.page(*deal).data else { continue };
            for index in 0..d.amounts.len() {
                let at = AmountAt { deal: *deal, index };
                let status = self.catalog(Aggregate::Ledger).ledger.status(at);
                let why = match status {
                    Status::Summed(_) => continue,
                    Status::Unsummed(Basis::Proposed) => "Proposed, not yet agreed",
                    Status::Unsummed(Basis::Option) => "Options (warrants, upsize options, rights of first offer)",
                    Status::Unsummed(_) => "Estimates computed by the pages",
                    Status::InPackage => "Parts of a package that is counted",
                    Status::DealEnded => "Deals terminated or superseded",
                    Status::NoFamily => "Kinds that are never summed (joint ventures, corporate, other)",
                    Status::Undisclosed => "Not disclosed",
                    Status::Rate => "Rates",
                };
                left_out.entry(why).or_default().extend(self.amount_ref(at));
            }
        }
        let left_out: Vec<LeftOutView> =
            left_out.into_iter().map(|(why, amounts)| LeftOutView { why, amounts }).collect();
        TemplateContext::Totals(TotalsContext {
            site: &self.site_view,
            page,
            rules: RULES,
            figures,
            left_out,
            families: self.family_table(),
        })
    }

    /// Each family with its kinds and the headings of its two sides.
    fn family_table(&self) -> Vec<FamilyView> {
        Family::ALL
            .iter()
            .map(|&f| FamilyView {
                label: f.label(),
                kinds: f.kinds(),
                headings: Heading::ALL.iter().filter(|h| h.family() == f).map(|h| h.label()).collect(),
            })
            .collect()
    }
}

/// A site figure on `/totals/`, with the amounts behind it.
#[derive(Debug, Clone, Serialize)]
pub struct TotalsFigureView {
    /// The figure.
    pub figure: TotalView,
    /// The amounts summed.
    pub amounts: Vec<AmountRefView>,
}

/// Amounts no figure includes, for one reason.
#[derive(Debug, Clone, Serialize)]
pub struct LeftOutView {
    /// Why, in words.
    pub why: &'static str,
    /// The amounts.
    pub amounts: Vec<AmountRefView>,
}

/// A family on `/totals/`: its kinds and the headings companies show.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyView {
    /// Label.
    pub label: &'static str,
    /// Its amount kinds (front matter spellings).
    pub kinds: Vec<&'static str>,
    /// The company headings of its two sides.
    pub headings: Vec<&'static str>,
}
