//! Charts: SVG drawn at build time with plotters (its SVG backend, no system
//! fonts, so the output is byte-identical between builds), shown without
//! JavaScript.
//!
//! Each chart comes with a title, a text description and its data as a
//! table, so it is never the only way to read the figures. Colours follow the
//! theme: plotters draws with placeholder colours that [`themed`] turns into
//! `currentColor` (axes and text) and CSS classes (series), which the
//! stylesheet colours for light and dark schemes.
//!
//! Charts follow the rules of `money`: only US$ amounts (sums never mix
//! currencies), only agreed amounts of closed and completed deals, each
//! package once; capital raised (debt and equity, one family) and contract
//! value (contracts and leases) are separate charts or lines, never stacked
//! or summed together. A deal is drawn by its headline amount.

mod draw;

use crate::reads::Aggregate;
use draw::{month_of, month_ticks, tidy, usd, Bar, Width};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use serde::Serialize;

use super::Renderer;
use crate::model::amount::{AmountForm, Currency};
use crate::model::{DealKind, PageData, PageId};
use crate::money::{self, AmountAt, Status, Tier};

/// A chart as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Unique on its page; used for the SVG's `aria-labelledby`.
    pub id: String,
    /// Title (also the SVG's `<title>`).
    pub title: String,
    /// What the chart shows, in words (also the SVG's `<desc>`).
    pub description: String,
    /// The SVG markup.
    pub svg: String,
    /// The same data as a table.
    pub table: ChartTable,
    /// Colour keys: (label, series number 1-4), shown as HTML under the chart.
    pub legend: Vec<LegendView>,
}

/// One colour key of a chart.
#[derive(Debug, Clone, Serialize)]
pub struct LegendView {
    /// What the colour stands for.
    pub label: &'static str,
    /// Its series number (the `series-N` class).
    pub series: usize,
}

/// A chart's data as a table.
#[derive(Debug, Clone, Serialize)]
pub struct ChartTable {
    /// Column headings.
    pub head: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// The colour series amounts are drawn in: debt and equity (the two halves
/// of capital raised), contracts and leases, and every other family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Family {
    Debt,
    Equity,
    Contract,
    Other,
}

impl Family {
    const ALL: [Family; 4] = [Family::Debt, Family::Equity, Family::Contract, Family::Other];

    fn of(kind: DealKind) -> Family {
        match money::Family::of(kind) {
            Some(money::Family::Raised) if money::is_debt(kind) => Family::Debt,
            Some(money::Family::Raised) => Family::Equity,
            Some(money::Family::Contracts) => Family::Contract,
            _ => Family::Other,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Family::Debt => "Debt (notes, loans, facilities)",
            Family::Equity => "Equity (shares, IPOs, preferred)",
            Family::Contract => "Contracts and leases",
            Family::Other => "Other (guarantees, acquisitions, purchases)",
        }
    }

    /// A short label for an axis.
    fn short_label(self) -> &'static str {
        match self {
            Family::Debt => "Debt",
            Family::Equity => "Equity",
            Family::Contract => "Contracts",
            Family::Other => "Other",
        }
    }

    fn legend(families: &[Family]) -> Vec<LegendView> {
        families.iter().map(|f| LegendView { label: f.label(), series: *f as usize + 1 }).collect()
    }

    /// The placeholder colour plotters draws with; [`themed`] replaces it.
    fn placeholder(self) -> RGBColor {
        RGBColor(1, 0, self as u8 + 1)
    }
}

/// The fallback colours of the series (the stylesheet overrides them).
const SERIES: [&str; 4] = ["#1d4ed8", "#b45309", "#047857", "#6b21a8"];

/// Rewrites plotters' colours: black becomes `currentColor`, placeholder
/// colours become series classes; adds a title, a description and ARIA.
fn themed(svg: &str, id: &str, class: &str, title: &str, description: &str) -> String {
    let mut s = svg.replace("\"#000000\"", "\"currentColor\"");
    for (i, colour) in SERIES.iter().enumerate() {
        let placeholder = format!("\"#0100{:02X}\"", i + 1);
        s = s.replace(&format!("fill={placeholder}"), &format!("class=\"series-{}\" fill=\"{colour}\"", i + 1));
        s = s
            .replace(&format!("stroke={placeholder}"), &format!("class=\"series-{}-line\" stroke=\"{colour}\"", i + 1));
    }
    let open_end = s.find('>').unwrap_or(0);
    let (open, rest) = s.split_at(open_end);
    let open = open.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart-svg {class}\" "),
        1,
    );
    let open = without_attr(&without_attr(&open, "width"), "height");
    format!(
        "{open}><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        super::templates::escape_html(title),
        super::templates::escape_html(description),
        &rest[1..]
    )
}

/// `tag` without its attribute `name="…"` (the first one).
fn without_attr(tag: &str, name: &str) -> String {
    let needle = format!(" {name}=\"");
    let Some(start) = tag.find(&needle) else { return tag.to_string() };
    let value = start + needle.len();
    match tag[value..].find('"') {
        Some(end) => format!("{}{}", &tag[..start], &tag[value + end + 1..]),
        None => tag.to_string(),
    }
}

/// A drawing error is a bug in this module, never the user's; the chart is
/// then left out rather than failing the build.
type Drawn = Result<(), Box<dyn std::error::Error>>;

fn draw(size: (u32, u32), f: impl FnOnce(DrawingArea<SVGBackend, plotters::coord::Shift>) -> Drawn) -> Option<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        f(root).ok()?;
    }
    Some(out)
}

impl Renderer<'_> {
    /// US$ amounts that the headline figures sum (agreed, closed and
    /// completed deals, each package once): (deal, series, value).
    fn usd_amounts(&self, deals: impl Iterator<Item = PageId>) -> Vec<(PageId, Family, u64)> {
        let usd = Currency::from_code("USD");
        let mut out = Vec::new();
        for id in deals {
            let PageData::Deal(d) = &self.model.page(id).data else { continue };
            for (index, a) in d.amounts.iter().enumerate() {
                if self.catalog(Aggregate::Ledger).ledger.status(AmountAt { deal: id, index })
                    != Status::Summed(Tier::Closed)
                {
                    continue;
                }
                if let AmountForm::Money { value, currency, .. } = &a.form {
                    if Some(*currency) == usd {
                        out.push((id, Family::of(a.kind), *value));
                    }
                }
            }
        }
        out
    }

    /// A deal's headline as a US$ figure and its series, if it has one.
    fn headline_usd(&self, deal: PageId) -> Option<(Family, u64)> {
        let (value, index) = crate::catalog::headline_usd(self.model, &self.catalog(Aggregate::Ledger).ledger, deal)?;
        let PageData::Deal(d) = &self.model.page(deal).data else { return None };
        Some((Family::of(d.amounts.get(index)?.kind), value))
    }

    /// `/deals/`: disclosed US$ value by quarter, stacked by family of kind,
    /// one labelled bar per quarter from the first to the last with an amount.
    pub(super) fn quarterly_chart(&self, of: money::Family) -> Option<ChartView> {
        let mut quarters: std::collections::BTreeMap<(u16, u8), [f64; 4]> = Default::default();
        let mut undated = 0;
        let series: &[Family] = match of {
            money::Family::Raised => &[Family::Debt, Family::Equity],
            money::Family::Contracts => &[Family::Contract],
            _ => return None,
        };
        let amounts = self.usd_amounts(self.catalog(Aggregate::DealsByDate).deals_by_date.iter().copied());
        for (id, family, value) in amounts.into_iter().filter(|a| series.contains(&a.1)) {
            match self.model.page(id).date.and_then(|d| Some((d.year, d.quarter()?))) {
                Some(q) => quarters.entry(q).or_default()[family as usize] += value as f64,
                None => undated += 1,
            }
        }
        let (first, last) = (*quarters.keys().next()?, *quarters.keys().next_back()?);
        let mut keys = Vec::new();
        let mut q = first;
        while q <= last {
            keys.push(q);
            q = if q.1 == 4 { (q.0 + 1, 1) } else { (q.0, q.1 + 1) };
        }
        let label = |q: &(u16, u8)| format!("Q{} {}", q.1, q.0);
        let bars: Vec<Bar> = keys
            .iter()
            .map(|q| Bar {
                label: label(q),
                parts: series
                    .iter()
                    .map(|f| (f.placeholder(), quarters.get(q).map_or(0.0, |v| v[*f as usize])))
                    .collect(),
            })
            .collect();
        let svgs = Width::BOTH.map(|w| {
            let h = draw::bars_height(w.px(), &bars, Some(80));
            (w, draw((w.px(), h), |root| draw::draw_bars(&root, w.px(), &bars, Some(80))))
        });
        let mut head = vec!["Quarter".to_string()];
        head.extend(series.iter().map(|f| f.label().to_string()));
        let rows = keys
            .iter()
            .filter_map(|q| {
                let v = quarters.get(q)?;
                let mut row = vec![label(q)];
                row.extend(series.iter().map(|f| v[*f as usize]).map(|x| if x > 0.0 { usd(x) } else { "—".into() }));
                Some(row)
            })
            .collect();
        let what = match of {
            money::Family::Raised => "capital raised, debt and equity stacked (one family)",
            _ => "the value of contracts and leases",
        };
        let mut description = format!(
            "Horizontal bars, one per quarter, each labelled with its total: {what}, in agreed US$ amounts of closed and completed deals per quarter of announcement, each package counted once, from {} to {}.",
            label(&first),
            label(&last)
        );
        if undated > 0 {
            description.push_str(&format!(" {undated} amounts of deals dated only by year or undated are left out."));
        }
        description.push_str(" Amounts in other currencies are left out; the table below gives the figures.");
        let (id, title) = match of {
            money::Family::Raised => ("chart-quarters-raised", "Capital raised by quarter (US$)"),
            _ => ("chart-quarters-contracts", "Contract and lease value by quarter (US$)"),
        };
        self.chart(Family::legend(series), id, title, description, svgs, head, rows)
    }

    /// `/`: the largest deals by their headline US$ amount, each bar under
    /// its deal's whole title.
    pub(super) fn largest_chart(&self) -> Option<ChartView> {
        let top: Vec<(PageId, u64)> = self.catalog(Aggregate::Largest).largest.iter().take(10).copied().collect();
        if top.is_empty() {
            return None;
        }
        let titles: Vec<String> = top.iter().map(|(id, _)| self.model.page(*id).short_title.clone()).collect();
        let families: Vec<Family> =
            top.iter().map(|(id, _)| self.headline_usd(*id).map_or(Family::Other, |h| h.0)).collect();
        let bars: Vec<Bar> = top
            .iter()
            .zip(&titles)
            .zip(&families)
            .map(|(((_, v), t), f)| Bar { label: t.clone(), parts: vec![(f.placeholder(), *v as f64)] })
            .collect();
        let svgs = Width::BOTH.map(|w| {
            let h = draw::bars_height(w.px(), &bars, None);
            (w, draw((w.px(), h), |root| draw::draw_bars(&root, w.px(), &bars, None)))
        });
        let rows = top.iter().zip(&titles).map(|((_, v), t)| vec![t.clone(), usd(*v as f64)]).collect();
        let mut used = families.clone();
        used.sort();
        used.dedup();
        self.chart(
            Family::legend(&used),
            "chart-largest",
            "Largest deals (headline US$ amount of each)",
            format!(
                "Horizontal bars, each under its deal's title and labelled with its amount: the {} deals with the largest headline US$ amount (a deal's package, or its amount of its main kind; agreed amounts and facility ceilings, never options or proposals), largest first.",
                top.len()
            ),
            svgs,
            vec!["Deal".into(), "Headline amount".into()],
            rows,
        )
    }

    /// `/`: cumulative capital raised and contract value over time, as two series.
    pub(super) fn cumulative_chart(&self) -> Option<ChartView> {
        let mut points: Vec<(f64, String, Family, f64)> = self
            .usd_amounts(self.catalog(Aggregate::DealsByDate).deals_by_date.iter().copied())
            .into_iter()
            .filter(|(_, f, _)| matches!(f, Family::Debt | Family::Equity | Family::Contract))
            .filter_map(|(id, f, v)| {
                let d = self.model.page(id).date?;
                let f = if f == Family::Contract { Family::Contract } else { Family::Debt };
                Some((month_of(&d), d.to_string(), f, v as f64 / 1e9))
            })
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        // From the first month with an amount to the end of the last one.
        let (x0, x1) = (points.first()?.0.floor(), points.last()?.0.floor() + 1.0);
        let series = |fam: Family| -> Vec<(f64, f64)> {
            let mut sum = 0.0;
            let mut out = vec![(x0, 0.0)];
            for p in points.iter().filter(|p| p.2 == fam) {
                out.push((p.0, sum));
                sum += p.3;
                out.push((p.0, sum));
            }
            out.push((x1, sum));
            out
        };
        let (raised, contracts) = (series(Family::Debt), series(Family::Contract));
        let max = raised.last()?.1.max(contracts.last()?.1);
        let svgs = Width::BOTH.map(|w| {
            let ticks = month_ticks(x0, x1, if w == Width::Wide { 8 } else { 4 });
            let right = 84;
            let svg = draw((w.px(), 360), |root| {
                let mut chart = ChartBuilder::on(&root)
                    .margin(12)
                    .margin_right(right)
                    .x_label_area_size(52)
                    .y_label_area_size(if w == Width::Wide { 64 } else { 44 })
                    .build_cartesian_2d(x0..x1, 0.0..max * 1.08)?;
                chart
                    .configure_mesh()
                    .max_light_lines(1)
                    .disable_x_mesh()
                    .y_labels(6)
                    .x_labels(0)
                    .label_style(draw::font())
                    .axis_desc_style(draw::font())
                    .y_desc("US$ billions, cumulative")
                    .y_label_formatter(&|v| tidy(*v))
                    .draw()?;
                for (m, label) in &ticks {
                    let (px, py) = chart.backend_coord(&(*m, 0.0));
                    root.draw(&PathElement::new([(px, py), (px, py + 5)], BLACK))?;
                    let top = plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Center,
                        plotters::style::text_anchor::VPos::Top,
                    );
                    root.draw(&Text::new(label.clone(), (px, py + 8), draw::font().pos(top)))?;
                }
                for (line, fam) in [(&raised, Family::Debt), (&contracts, Family::Contract)] {
                    chart.draw_series(LineSeries::new(line.clone(), fam.placeholder().stroke_width(3)))?;
                    if let Some(&(x, y)) = line.last() {
                        let (px, py) = chart.backend_coord(&(x, y));
                        let mid = plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Left,
                            plotters::style::text_anchor::VPos::Center,
                        );
                        let other = if fam == Family::Debt { &contracts } else { &raised }.last().map_or(0.0, |c| c.1);
                        let dy = if y > other || (y == other && fam == Family::Debt) { -9 } else { 9 };
                        root.draw(&Text::new(usd(y * 1e9), (px + 6, py + dy), draw::font().pos(mid)))?;
                    }
                }
                root.present()?;
                Ok(())
            });
            (w, svg)
        });
        let (mut raised_sum, mut contract_sum) = (0.0, 0.0);
        let rows = points
            .iter()
            .map(|p| {
                if p.2 == Family::Contract {
                    contract_sum += p.3;
                } else {
                    raised_sum += p.3;
                }
                vec![p.1.clone(), usd(raised_sum * 1e9), usd(contract_sum * 1e9)]
            })
            .collect();
        self.chart(
            vec![
                LegendView { label: "Capital raised (debt and equity)", series: Family::Debt as usize + 1 },
                LegendView { label: "Contract and lease value", series: Family::Contract as usize + 1 },
            ],
            "chart-cumulative",
            "Cumulative capital raised and contract value (US$)",
            "Two step lines over announcement dates, never summed together, each labelled with its total at its end: capital raised (debt and equity) and the value of contracts and leases, each the running total of agreed US$ amounts of closed and completed deals, each package counted once (announced deals, facility ceilings, options and proposals are left out; see How totals are counted).".into(),
            svgs,
            vec!["Date".into(), "Capital raised, cumulative".into(), "Contract value, cumulative".into()],
            rows,
        )
    }

    /// A company page: its deals on a timeline, sized by their US$ amount,
    /// with a key to the circles' sizes.
    pub(super) fn company_chart(&self, company: PageId) -> Option<ChartView> {
        let deals = self.catalog(Aggregate::CompanyDeals(Some(company))).company_deals.get(&company)?;
        let mut dots: Vec<(f64, String, String, Family, f64)> = Vec::new();
        for p in deals {
            let page = self.model.page(p.deal);
            let Some(d) = page.date else { continue };
            let PageData::Deal(deal) = &page.data else { continue };
            let headline = self.headline_usd(p.deal);
            let value = headline.map_or(0, |h| h.1) as f64;
            let family =
                headline.map(|h| h.0).or_else(|| deal.kinds.first().map(|k| Family::of(*k))).unwrap_or(Family::Other);
            dots.push((month_of(&d), d.to_string(), page.short_title.clone(), family, value));
        }
        if dots.len() < 2 {
            return None;
        }
        dots.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
        let (x0, x1) = (dots.first()?.0.floor() - 1.0, dots.last()?.0.floor() + 2.0);
        let vmax = dots.iter().map(|d| d.4).fold(0.0, f64::max).max(1.0);
        let radius = |v: f64| if v > 0.0 { 4.0 + 18.0 * (v / vmax).sqrt() } else { 4.0 };
        // The key: the largest amount rounded down to one significant figure, and a tenth of it.
        let big = {
            let p = 10f64.powf(vmax.log10().floor());
            (vmax / p).floor() * p
        };
        let key: Vec<f64> = if vmax > 1.0 { vec![big / 10.0, big] } else { Vec::new() };
        let svgs = Width::BOTH.map(|w| {
            let ticks = month_ticks(x0, x1, if w == Width::Wide { 8 } else { 4 });
            let svg = draw((w.px(), 300), |root| {
                let (plot, below) = root.split_vertically(244);
                let mut chart = ChartBuilder::on(&plot)
                    .margin(16)
                    .x_label_area_size(36)
                    .y_label_area_size(if w == Width::Wide { 110 } else { 84 })
                    .build_cartesian_2d(x0..x1, (0u32..3u32).into_segmented())?;
                chart
                    .configure_mesh()
                    .max_light_lines(1)
                    .disable_y_mesh()
                    .x_labels(0)
                    .label_style(draw::font())
                    .y_labels(4)
                    // Four rows, 0..=3: no empty tick above them.
                    .y_label_formatter(&|v| match v {
                        SegmentValue::CenterOf(i) => {
                            Family::ALL.get(*i as usize).map(|f| f.short_label().to_string()).unwrap_or_default()
                        }
                        _ => String::new(),
                    })
                    .draw()?;
                let top = plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Top,
                );
                for (m, label) in &ticks {
                    let (px, py) = chart.backend_coord(&(*m, SegmentValue::Exact(0)));
                    plot.draw(&PathElement::new([(px, py), (px, py + 5)], BLACK))?;
                    plot.draw(&Text::new(label.clone(), (px, py + 8), draw::font().pos(top)))?;
                }
                chart.draw_series(dots.iter().map(|d| {
                    let style =
                        if d.4 > 0.0 { d.3.placeholder().mix(0.7).filled() } else { d.3.placeholder().stroke_width(2) };
                    Circle::new((d.0, SegmentValue::CenterOf(d.3 as u32)), radius(d.4) as i32, style)
                }))?;
                // The key to the circles' sizes, under the axis.
                let mid = plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                );
                let mut x = 16;
                below.draw(&Text::new("Area: US$ amount", (x, 28), draw::font().pos(mid)))?;
                x += if w == Width::Wide { 150 } else { 132 };
                for v in &key {
                    let r = radius(*v) as i32;
                    below.draw(&Circle::new((x + r, 28), r, Family::Other.placeholder().mix(0.5).filled()))?;
                    x += 2 * r + 6;
                    below.draw(&Text::new(usd(*v), (x, 28), draw::font().pos(mid)))?;
                    x += 78;
                }
                if w == Width::Wide {
                    below.draw(&Circle::new((x + 4, 28), 4, Family::Other.placeholder().stroke_width(2)))?;
                    below.draw(&Text::new("no US$ amount", (x + 14, 28), draw::font().pos(mid)))?;
                }
                root.present()?;
                Ok(())
            });
            (w, svg)
        });
        let rows = dots
            .iter()
            .map(|d| vec![d.1.clone(), d.2.clone(), if d.4 > 0.0 { usd(d.4) } else { "No US$ headline".into() }])
            .collect();
        self.chart(
            Vec::new(),
            "chart-company-deals",
            "Deals on a timeline",
            format!("Circles on a time axis, one per dated deal ({}), in rows by family of deal kind; the area of a filled circle grows with the deal's headline US$ amount (agreed or a facility ceiling; a key under the axis gives two sizes), and a hollow circle marks a deal without one.", dots.len()),
            svgs,
            vec!["Date".into(), "Deal".into(), "Headline US$ amount".into()],
            rows,
        )
    }

    /// A chart's view: each width's drawing themed (the wide one first); none
    /// when a drawing failed.
    #[allow(clippy::too_many_arguments)]
    fn chart(
        &self,
        legend: Vec<LegendView>,
        id: &str,
        title: &str,
        description: String,
        svgs: [(Width, Option<String>); 2],
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    ) -> Option<ChartView> {
        let mut svg = String::new();
        for (w, drawn) in svgs {
            let (class, suffix) = w.class();
            svg.push_str(&themed(&drawn?, &format!("{id}{suffix}"), class, title, &description));
        }
        Some(ChartView {
            id: id.into(),
            title: title.into(),
            svg,
            description,
            table: ChartTable { head, rows },
            legend,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theming_replaces_colours_and_adds_a_title() {
        let raw = "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect fill=\"#010001\"/><line stroke=\"#000000\"/>\n</svg>\n";
        let out = themed(raw, "c", "chart-wide", "A <b> title", "What it shows");
        assert!(out.starts_with(
            "<svg role=\"img\" aria-labelledby=\"c-title c-desc\" class=\"chart-svg chart-wide\" viewBox=\"0 0 10 10\""
        ));
        assert!(out.contains("<title id=\"c-title\">A &lt;b&gt; title</title><desc id=\"c-desc\">What it shows</desc>"));
        assert!(out.contains("class=\"series-1\" fill=\"#1d4ed8\""));
        assert!(out.contains("stroke=\"currentColor\""));
        assert!(!out.contains("#0100"));
    }

    #[test]
    fn labels_are_escaped_in_the_svg() {
        let svg = draw((200, 100), |root| {
            root.draw(&Text::new("<script>&", (10, 10), ("sans-serif", 10)))?;
            root.present()?;
            Ok(())
        })
        .unwrap();
        assert!(!svg.contains("<script>"), "{svg}");
    }
}
