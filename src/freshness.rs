//! Keeping the knowledge base current: a deal's `expected` milestones whose
//! date has passed with no review of the page since, and (on request, with
//! `check --stale-after`) pages not reviewed for a while.
//!
//! A page is "touched" on its `reviewed:` date and on the dates of its
//! `updates:`. A milestone expected by a partial date (`2027-06`) is due at
//! the end of that period. Both checks are warnings, so `check --strict`
//! fails on them in CI. "Today" is the build machine's date unless
//! `--today` fixes it (tests, reproducing a CI run).

use crate::diag::{Diagnostic, Span};
use crate::load::{Corpus, EntityKind};
use crate::model::{Model, Page, PageData, PartialDate};

/// A calendar day as (year, month, day), comparable.
type Day = (u16, u8, u8);

/// Today's date on this machine, in its time zone.
pub fn today() -> PartialDate {
    let d = jiff::Zoned::now().date();
    PartialDate { year: d.year() as u16, month: Some(d.month() as u8), day: Some(d.day() as u8) }
}

/// Days from `a` to `b` (negative when `b` is earlier).
fn days_between(a: Day, b: Day) -> i64 {
    let civil = |d: Day| jiff::civil::Date::new(d.0 as i16, d.1 as i8, d.2 as i8).ok();
    match (civil(a), civil(b)) {
        (Some(a), Some(b)) => (b - a).get_days().into(),
        _ => 0,
    }
}

/// The warnings for `model` on `today`, by page (as [`check_page`] gives
/// them); `stale_after` in days, if asked for.
pub fn check(model: &Model, corpus: &Corpus, today: PartialDate, stale_after: Option<u32>) -> Vec<Vec<Diagnostic>> {
    model.pages.iter().map(|p| check_page(p, corpus, today, stale_after)).collect()
}

/// One page's warnings on `today`: each depends on the page alone, so
/// `serve` checks again only the pages an edit changed.
pub fn check_page(p: &Page, corpus: &Corpus, today: PartialDate, stale_after: Option<u32>) -> Vec<Diagnostic> {
    let now = today.last_day();
    let mut out = dates_in_order(p, corpus);
    let touched = p.last_touched();
    if let PageData::Deal(d) = &p.data {
        for e in &d.expected {
            let due = e.by.last_day();
            let reviewed_since = touched.is_some_and(|t| t.first_day() > due);
            if due < now && !reviewed_since {
                out.push(
                    Diagnostic::warning(
                        "expected-date-passed",
                        e.span.clone(),
                        format!(
                            "`{}` was expected by {} and the page has not been reviewed since{}",
                            e.what,
                            e.by,
                            touched.map(|t| format!(" (last touched {t})")).unwrap_or_default()
                        ),
                    )
                    .with_help(format!(
                        "update the deal from later sources (state, amounts, text), then drop this `expected` entry, or add an `updates:` entry or `reviewed:` date after {}",
                        e.by
                    )),
                );
            }
        }
    }
    let Some(days) = stale_after else { return out };
    if !matches!(p.kind, EntityKind::Company | EntityKind::Deal | EntityKind::Topic) {
        return out;
    }
    let span = Span::file(&corpus.docs[p.doc].display);
    match touched {
        None => out.push(
            Diagnostic::warning("not-reviewed", span, format!("`{}` has never been reviewed", p.path_key))
                .with_help("re-read it against its sources and later news, then add `reviewed: <today>`"),
        ),
        Some(t) => {
            let age = days_between(t.last_day(), now);
            if age > i64::from(days) {
                out.push(
                    Diagnostic::warning(
                        "not-reviewed",
                        span,
                        format!("`{}` was last reviewed on {t}, {age} days ago (more than {days})", p.path_key),
                    )
                    .with_help("re-read it against its sources and later news, then update `reviewed:`"),
                );
            }
        }
    }
    out
}

/// A page's own dates that contradict each other: a change recorded after
/// the review that recorded it, a milestone expected before the deal itself.
fn dates_in_order(p: &Page, corpus: &Corpus) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(reviewed) = p.reviewed {
        for u in p.updates.iter().filter(|u| u.date.first_day() > reviewed.last_day()) {
            out.push(
                Diagnostic::warning(
                    "update-after-review",
                    Span::file(&corpus.docs[p.doc].display),
                    format!("`{}` records an update dated {}, after its review on {reviewed}", p.path_key, u.date),
                )
                .with_help("an update is written when the page is reviewed: move `reviewed:` to the day you wrote it, or fix the update's date"),
            );
        }
    }
    if let (PageData::Deal(d), Some(date)) = (&p.data, p.date) {
        for e in d.expected.iter().filter(|e| e.by.last_day() < date.first_day()) {
            out.push(
                Diagnostic::warning(
                    "expected-before-deal",
                    e.span.clone(),
                    format!("`{}` is expected by {}, before the deal's own date {date}", e.what, e.by),
                )
                .with_help("an `expected` entry is a milestone still to come after the deal: fix its date, or record it under `updates:` if it happened"),
            );
        }
    }
    out
}

/// Parses `--stale-after`: `90d`, `12w`, or a number of days.
pub fn parse_age(s: &str) -> Result<u32, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, 'd')) => (&s[..i], 1),
        Some((i, 'w')) => (&s[..i], 7),
        _ => (s, 1),
    };
    num.parse::<u32>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("`{s}` is not an age: write days (`90d` or `90`) or weeks (`12w`)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_days_and_weeks() {
        assert_eq!(parse_age("90d"), Ok(90));
        assert_eq!(parse_age("12w"), Ok(84));
        assert_eq!(parse_age("30"), Ok(30));
        assert!(parse_age("soon").is_err());
        assert!(parse_age("99999999999w").is_err());
    }

    #[test]
    fn counts_days_across_months() {
        assert_eq!(days_between((2026, 11, 30), (2026, 12, 4)), 4);
        assert_eq!(days_between((2026, 12, 4), (2026, 11, 30)), -4);
    }
}
