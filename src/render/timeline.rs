//! `/timeline/`: every deal in date order, oldest first, grouped by year
//! and month, each with its headline amount, state and companies; and
//! `updates.xml`, the feed of every page's dated "what changed" entries.
//! Both are generated from the pages, so neither can fall behind them.
//!
//! The timeline's views are defined here, beside the only code that fills
//! them; they are part of the template contract like those of `view.rs`.

use crate::reads::Aggregate;
use serde::Serialize;

use super::context::{TemplateContext, TimelineContext};
use super::site_files::timestamp;
use super::view::{AmountView, DateView, EntryView, LinkView};
use super::Renderer;
use crate::model::{PageData, PageId};

use crate::model::TIMELINE_PATH;

/// The output path of the updates feed.
pub const UPDATES_FEED: &str = "updates.xml";

/// `timeline.html`'s own variable.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    /// How many deals it lists.
    pub count: usize,
    /// Years, oldest first; undated deals last, as `Undated`.
    pub years: Vec<TimelineYearView>,
}

/// A year of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineYearView {
    /// `2025`, or `Undated`.
    pub year: String,
    /// Its months, oldest first (deals dated by year only come first, as `Date not given`).
    pub months: Vec<TimelineMonthView>,
}

/// A month of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineMonthView {
    /// `June 2026`, or `Date not given`.
    pub label: String,
    /// Anchor (`2026-06`).
    pub id: String,
    /// Its deals, oldest first.
    pub deals: Vec<TimelineEntryView>,
}

/// A deal on the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntryView {
    /// The deal.
    pub link: LinkView,
    /// Its date.
    pub date: Option<DateView>,
    /// Its kind labels.
    pub kinds: Vec<&'static str>,
    /// Its headline amount.
    pub headline: Option<AmountView>,
    /// State label.
    pub state: &'static str,
    /// State spelling.
    pub state_id: &'static str,
    /// The companies with a page among its parties.
    pub companies: Vec<LinkView>,
}

impl Renderer<'_> {
    /// The URL of `/timeline/`, when the site has deals.
    pub(super) fn timeline_url(&self) -> Option<String> {
        self.model.ids_of(crate::load::EntityKind::Deal).next().map(|_| self.site.url(TIMELINE_PATH))
    }

    fn timeline_entry(&self, deal: PageId) -> Option<TimelineEntryView> {
        let p = self.model.page(deal);
        let PageData::Deal(d) = &p.data else { return None };
        let mut companies: Vec<LinkView> = Vec::new();
        for id in self.refs(deal).parties.iter().flatten() {
            let link = self.link(*id);
            if !companies.iter().any(|c| c.url == link.url) {
                companies.push(link);
            }
        }
        Some(TimelineEntryView {
            link: self.link(deal),
            date: p.date.map(DateView::from),
            kinds: d.kinds.iter().map(|k| k.label()).collect(),
            headline: self.headline_view(deal),
            state: d.state.label(),
            state_id: d.state.as_str(),
            companies,
        })
    }

    pub(super) fn timeline_context(&self) -> TemplateContext<'_> {
        let page = self.generated_page("timeline", "Timeline of every deal", TIMELINE_PATH);
        // `deals_by_date` is newest first with undated deals last: dated ones reversed, then undated.
        let (dated, undated): (Vec<PageId>, Vec<PageId>) = self
            .catalog(Aggregate::DealsByDate)
            .deals_by_date
            .iter()
            .partition(|d| self.model.page(**d).date.is_some());
        let mut years: Vec<TimelineYearView> = Vec::new();
        for deal in dated.into_iter().rev() {
            let Some(date) = self.model.page(deal).date else { continue };
            let year = date.year.to_string();
            let (label, id) = match date.month {
                Some(m) => {
                    (format!("{} {}", crate::model::date::month_name(m), date.year), format!("{}-{m:02}", date.year))
                }
                None => ("Date not given".to_string(), format!("{}", date.year)),
            };
            if years.last().is_none_or(|y| y.year != year) {
                years.push(TimelineYearView { year, months: Vec::new() });
            }
            let Some(y) = years.last_mut() else { continue };
            if y.months.last().is_none_or(|m| m.id != id) {
                y.months.push(TimelineMonthView { label, id, deals: Vec::new() });
            }
            if let Some(m) = y.months.last_mut() {
                m.deals.extend(self.timeline_entry(deal));
            }
        }
        if !undated.is_empty() {
            let deals = undated.into_iter().filter_map(|d| self.timeline_entry(d)).collect();
            let month = TimelineMonthView { label: "Date not given".into(), id: "undated".into(), deals };
            years.push(TimelineYearView { year: "Undated".into(), months: vec![month] });
        }
        let count = self.catalog(Aggregate::DealsByDate).deals_by_date.len();
        TemplateContext::Timeline(TimelineContext {
            site: &self.site_view,
            page,
            timeline: TimelineView { count, years },
            totals_url: self.totals_url(),
        })
    }

    /// `updates.xml`: every page's "what changed" entries, newest first.
    pub(super) fn updates_feed_context(&self) -> TemplateContext<'_> {
        let entries: Vec<EntryView> = self
            .catalog(Aggregate::SiteUpdates)
            .site_updates
            .iter()
            .filter_map(|(id, n)| {
                let p = self.model.page(*id);
                let u = p.updates.get(*n)?;
                Some(EntryView {
                    title: format!("{}: updated", p.title),
                    id: format!("{}#update-{}-{n}", self.id_for(&p.url), u.date),
                    url: self.site.absolute_url(&p.url),
                    updated: timestamp(u.date),
                    date: DateView::from(u.date),
                    kind: self.model.kinds.name(p.kind),
                    summary: u.text.clone(),
                })
            })
            .collect();
        self.atom_context(format!("Updates · {}", self.site.config.title), UPDATES_FEED, TIMELINE_PATH, entries)
    }
}
