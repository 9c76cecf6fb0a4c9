//! The pieces the charts are drawn from: the two widths each chart is drawn
//! at (wide for screens, narrow for phones, so labels stay at least 10 px at
//! 375 px), figures without needless decimals, time axes in months and
//! quarters (never decimal years), and labelled horizontal bars whose labels
//! wrap instead of being cut.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::model::PartialDate;

/// plotters writes `font-size` as the size given over 1.24: 15 gives 12.1 px
/// in the drawing, 11.2 px on a 375 px phone (narrow variant, 333 px wide).
pub(super) const FONT: f64 = 15.0;

/// A chart's drawing width: each chart is drawn at both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Width {
    /// For screens 48em wide and more.
    Wide,
    /// For phones; shown under 48em by the stylesheet.
    Narrow,
}

impl Width {
    pub(super) const BOTH: [Width; 2] = [Width::Wide, Width::Narrow];

    /// Pixels across.
    pub(super) fn px(self) -> u32 {
        match self {
            Width::Wide => 720,
            Width::Narrow => 360,
        }
    }

    /// The class the stylesheet shows or hides, and the id suffix.
    pub(super) fn class(self) -> (&'static str, &'static str) {
        match self {
            Width::Wide => ("chart-wide", ""),
            Width::Narrow => ("chart-narrow", "-n"),
        }
    }
}

/// The label font, in the theme's text colour (plotters' black).
pub(super) fn font() -> TextStyle<'static> {
    ("sans-serif", FONT).into_font().color(&BLACK)
}

/// `v` with at most one decimal, and none when it is a whole number: `2`, `2.5`.
pub(super) fn tidy(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// A US$ amount without needless decimals: `US$350M`, `US$2.1B`, `US$3.65B`, `US$12B`.
pub(super) fn usd(v: f64) -> String {
    if v >= 1e9 {
        let s = format!("{:.2}", v / 1e9);
        format!("US${}B", s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        format!("US${:.0}M", v / 1e6)
    }
}

/// Months since year 0 (January 2025 is 2025 × 12), with the day as a fraction.
pub(super) fn month_of(d: &PartialDate) -> f64 {
    let (y, m, day) = d.first_day();
    f64::from(y) * 12.0 + f64::from(m) - 1.0 + (f64::from(day) - 1.0) / 31.0
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The ticks of a time axis from month `from` to month `to`: at most `most`
/// of them, every 1, 3, 6 or 12 months (or more years), each labelled as a
/// month (`Jul 2025`), a quarter (`Q3 2025`) or a year (`2025`).
pub(super) fn month_ticks(from: f64, to: f64, most: usize) -> Vec<(f64, String)> {
    let (a, b) = (from.ceil() as i64, to.floor() as i64);
    let step = [1, 3, 6, 12, 24, 60].into_iter().find(|s| ((b - a) / s + 1) as usize <= most.max(1)).unwrap_or(120);
    let first = a + (step - a.rem_euclid(step)) % step;
    (0..)
        .map(|i| first + i * step)
        .take_while(|&m| m <= b)
        .map(|m| {
            let (y, mo) = (m.div_euclid(12), m.rem_euclid(12) as usize);
            let label = match step {
                1 => format!("{} {y}", MONTHS[mo]),
                3 | 6 => format!("Q{} {y}", mo / 3 + 1),
                _ => y.to_string(),
            };
            (m as f64, label)
        })
        .collect()
}

/// `text` in lines of at most `max` characters, broken between words (a
/// word longer than a line gets a line of its own).
pub(super) fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// One bar: its label and its stacked parts (series colour, value).
pub(super) struct Bar {
    pub(super) label: String,
    pub(super) parts: Vec<(RGBColor, f64)>,
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type Drawn = Result<(), Box<dyn std::error::Error>>;

/// Horizontal bars, each with its total as a label at its end. Labels go to
/// the left of their bar when `left` pixels are given, else above it,
/// wrapped to the width. Returns the drawing's height.
pub(super) fn bars_height(width: u32, bars: &[Bar], left: Option<u32>) -> u32 {
    let per_char = (FONT * 0.5) as usize;
    bars.iter()
        .map(|b| match left {
            Some(_) => 26,
            None => 24 + 17 * wrap(&b.label, (width as usize - 16) / per_char).len() as u32,
        })
        .sum::<u32>()
        + 16
}

/// Draws [`bars_height`]'s bars on `root`.
pub(super) fn draw_bars(root: &Area, width: u32, bars: &[Bar], left: Option<u32>) -> Drawn {
    let per_char = (FONT * 0.5) as usize;
    let max = bars.iter().map(|b| b.parts.iter().map(|p| p.1).sum::<f64>()).fold(0.0, f64::max);
    let x0 = 8 + left.unwrap_or(0) as i32;
    let room = f64::from(width as i32 - x0 - 8 - 76).max(40.0);
    let middle = Pos::new(HPos::Left, VPos::Center);
    let mut y = 8;
    for b in bars {
        if left.is_some() {
            root.draw(&Text::new(b.label.clone(), (8, y + 10), font().pos(middle)))?;
        } else {
            for line in wrap(&b.label, (width as usize - 16) / per_char) {
                root.draw(&Text::new(line, (8, y), font()))?;
                y += 17;
            }
        }
        let mut x = f64::from(x0);
        for &(colour, v) in &b.parts {
            let w = if max > 0.0 { v / max * room } else { 0.0 };
            if w > 0.0 {
                root.draw(&Rectangle::new([(x as i32, y + 2), ((x + w).round() as i32, y + 18)], colour.filled()))?;
            }
            x += w;
        }
        let total: f64 = b.parts.iter().map(|p| p.1).sum();
        let value = if total > 0.0 { usd(total) } else { "none".to_string() };
        root.draw(&Text::new(value, (x.round() as i32 + 6, y + 10), font().pos(middle)))?;
        y += if left.is_some() { 26 } else { 24 };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_have_no_needless_decimals() {
        assert_eq!(tidy(2.0), "2");
        assert_eq!(tidy(2.54), "2.5");
        assert_eq!(usd(350e6), "US$350M");
        assert_eq!(usd(842.5e6), "US$842M");
        assert_eq!(usd(2.1e9), "US$2.1B");
        assert_eq!(usd(12e9), "US$12B");
        assert_eq!(usd(3.65e9), "US$3.65B");
    }

    #[test]
    fn time_ticks_are_months_quarters_or_years() {
        let m = |y: i64, mo: i64| (y * 12 + mo - 1) as f64;
        let labels = |t: Vec<(f64, String)>| t.into_iter().map(|x| x.1).collect::<Vec<_>>();
        assert_eq!(labels(month_ticks(m(2025, 6), m(2025, 9), 8)), ["Jun 2025", "Jul 2025", "Aug 2025", "Sep 2025"]);
        assert_eq!(
            labels(month_ticks(m(2024, 11), m(2025, 12), 8)),
            ["Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"].map(String::from)
        );
        assert_eq!(labels(month_ticks(m(2021, 3), m(2026, 2), 6)), ["2022", "2023", "2024", "2025", "2026"]);
        for t in month_ticks(m(2019, 1), m(2026, 12), 5) {
            assert!(!t.1.contains('.'), "{}", t.1);
        }
    }

    #[test]
    fn long_labels_wrap_between_words_and_are_never_cut() {
        let lines = wrap("NVIDIA gets the right to invest up to US$2.1B in IREN", 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), "NVIDIA gets the right to invest up to US$2.1B in IREN");
    }
}
