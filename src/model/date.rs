//! Partial calendar dates as contributors write them: `2025`, `2025-11` or
//! `2025-11-03`.
//!
//! The parser is strict: a four-digit year (1000 to 9999), a two-digit month
//! and a two-digit day that exists in that month (leap years included). It
//! deliberately does not accept other layouts (`2025/11/03`, `2025-1-3`,
//! `Nov 2025`), times of day or time zones, and it does no date arithmetic
//! beyond what the knowledge base needs (first day, quarter, display). The
//! calendar itself (leap years, month lengths, month names) is jiff's; this
//! module adds the partial forms and the messages that explain a refusal.

use std::fmt;

use serde::{Serialize, Serializer};

/// The accepted forms, shown as `help` on every parse error.
const HELP: &str = "write a date as YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no day";

/// A real calendar date that may be partial: "2025", "2025-11" or "2025-11-03".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year, 1000 to 9999.
    pub year: u16,
    /// The month, 1 to 12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only set together with `month`).
    pub day: Option<u8>,
}

/// How much of a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// Only the year: "2025".
    Year,
    /// Year and month: "2025-11".
    Month,
    /// A full date: "2025-11-03".
    Day,
}

/// Why a date could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// What is wrong, quoting the input.
    pub message: String,
    /// The accepted forms.
    pub help: Option<String>,
}

impl DateError {
    fn new(message: String) -> DateError {
        DateError { message, help: Some(HELP.to_string()) }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

/// Quotes user input for an error message, shortening very long input.
fn quote(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    format!("'{out}'")
}

/// The value of a string of ASCII digits; `None` if empty, not digits or too large.
fn digits_value(s: &str) -> Option<u16> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u16, |acc, b| {
        if b.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(u16::from(b - b'0'))
        } else {
            None
        }
    })
}

/// The calendar day, when `year-month-day` exists (jiff's Gregorian
/// calendar: leap years, month lengths).
fn civil(year: u16, month: u8, day: u8) -> Option<jiff::civil::Date> {
    jiff::civil::Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// Number of days in `month` (1 to 12) of `year`; 0 for an invalid month.
fn days_in_month(year: u16, month: u8) -> u8 {
    civil(year, month, 1).map_or(0, |d| d.days_in_month().unsigned_abs())
}

/// The month's name in `format` (`%b` abbreviated, `%B` in full), or its
/// number if out of range.
fn month_format(month: u8, format: &str) -> String {
    civil(2000, month, 1).map_or_else(|| month.to_string(), |d| d.strftime(format).to_string())
}

/// The month's abbreviation ("Nov"), or its number if out of range.
fn month_abbrev(month: u8) -> String {
    month_format(month, "%b")
}

/// The month's full name ("November"), or its number if out of range.
pub fn month_name(month: u8) -> String {
    month_format(month, "%B")
}

impl PartialDate {
    /// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD", trimming surrounding whitespace.
    pub fn parse(s: &str) -> Result<PartialDate, DateError> {
        let t = s.trim();
        let q = quote(t);
        if t.is_empty() {
            return Err(DateError::new("the date is empty".to_string()));
        }
        if let Some(bad) = t.chars().find(|c| !c.is_ascii_digit() && *c != '-') {
            let message = if bad == '/' || bad == '.' {
                format!("{q} uses '{bad}' between its parts; use '-'")
            } else if bad == 'T' || bad == 't' || bad == ':' || (bad == ' ' && t.contains(':')) {
                format!("{q} includes a time of day; only the date is accepted")
            } else if bad.is_alphabetic() {
                format!("{q} is not a date: month names and words are not accepted")
            } else {
                format!("{q} is not a date: unexpected character '{bad}'")
            };
            return Err(DateError::new(message));
        }
        let mut parts = t.split('-');
        let year_s = parts.next().map_or("", |y| y);
        let month_s = parts.next();
        let day_s = parts.next();
        if parts.next().is_some() {
            return Err(DateError::new(format!("{q} has too many parts; a date has at most year, month and day")));
        }
        let year = match digits_value(year_s) {
            Some(y) if year_s.len() == 4 => y,
            _ => {
                return Err(DateError::new(format!("{q}: the year must have exactly 4 digits")));
            }
        };
        if year < 1000 {
            return Err(DateError::new(format!("{q}: year {year_s} is out of range (1000 to 9999)")));
        }
        let month = match month_s {
            None => None,
            Some(m_s) => {
                let m = match digits_value(m_s) {
                    Some(m) if m_s.len() == 2 => m,
                    _ => {
                        return Err(DateError::new(format!("{q}: the month must have two digits, 01 to 12")));
                    }
                };
                match u8::try_from(m) {
                    Ok(m) if (1..=12).contains(&m) => Some(m),
                    _ => {
                        return Err(DateError::new(format!("{q}: there is no month {m_s}; months run from 01 to 12")));
                    }
                }
            }
        };
        let day = match (month, day_s) {
            (_, None) => None,
            (None, Some(_)) => None,
            (Some(month), Some(d_s)) => {
                let d = match digits_value(d_s) {
                    Some(d) if d_s.len() == 2 => d,
                    _ => {
                        return Err(DateError::new(format!("{q}: the day must have two digits, e.g. 03")));
                    }
                };
                if d == 0 {
                    return Err(DateError::new(format!("{t} is not a real date: days start at 01")));
                }
                match u8::try_from(d).ok().filter(|&d| civil(year, month, d).is_some()) {
                    Some(d) => Some(d),
                    None => {
                        let (name, dim) = (month_name(month), days_in_month(year, month));
                        return Err(DateError::new(format!("{t} is not a real date: {name} {year} has {dim} days")));
                    }
                }
            }
        };
        Ok(PartialDate { year, month, day })
    }

    /// The date of a date and time as Obsidian's "Date & time" property
    /// writes it (`2024-01-15T10:30`, `2024-01-15 10:30:00`, with or without
    /// an offset): the date as written, its time of day dropped. `None` for
    /// anything else, plain dates included.
    pub fn of_date_time(s: &str) -> Option<PartialDate> {
        let t = s.trim();
        let (date, rest) = (t.get(..10)?, t.get(10..)?);
        if !rest.starts_with(['T', 't', ' ']) {
            return None;
        }
        let written = t.parse::<jiff::civil::DateTime>().is_ok() || t.parse::<jiff::Timestamp>().is_ok();
        written.then(|| PartialDate::parse(date).ok()).flatten().filter(|d| d.day.is_some())
    }

    /// The first day of the period: (year, month, day), month and day defaulting to 1.
    pub fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month.map_or(1, |m| m), self.day.map_or(1, |d| d))
    }

    /// The last day of the period: a year's 31 December, a month's last day.
    pub fn last_day(&self) -> (u16, u8, u8) {
        match (self.month, self.day) {
            (Some(m), Some(d)) => (self.year, m, d),
            // A hand-built month out of range ends on the 28th, as any month can.
            (Some(m), None) => (self.year, m, Some(days_in_month(self.year, m)).filter(|&n| n > 0).unwrap_or(28)),
            (None, _) => (self.year, 12, 31),
        }
    }

    /// The calendar quarter (1 to 4) when the month is known.
    pub fn quarter(&self) -> Option<u8> {
        match self.month {
            Some(m) if (1..=12).contains(&m) => Some((m - 1) / 3 + 1),
            _ => None,
        }
    }

    /// How much of the date is known.
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            (None, _) => DatePrecision::Year,
        }
    }

    /// A reader-friendly form: "3 Nov 2025", "Nov 2025" or "2025".
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", month_abbrev(m), self.year),
            (Some(m), None) => format!("{} {}", month_abbrev(m), self.year),
            (None, _) => self.year.to_string(),
        }
    }
}

impl std::str::FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<PartialDate, DateError> {
        PartialDate::parse(s)
    }
}

impl fmt::Display for PartialDate {
    /// ISO form as written: "2025", "2025-11" or "2025-11-03".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: u16, month: Option<u8>, day: Option<u8>) -> PartialDate {
        PartialDate { year, month, day }
    }

    /// `Ok(date)` must parse to exactly that date; `Err(text)` must fail with
    /// a message containing `text` and with help.
    fn check(input: &str, expected: Result<PartialDate, &str>) {
        let got = PartialDate::parse(input);
        match (&got, expected) {
            (Ok(g), Ok(e)) => assert_eq!(*g, e, "input {input:?}"),
            (Err(g), Err(e)) => {
                assert!(g.message.contains(e), "input {input:?}: {g:?}");
                assert_eq!(g.help.as_deref(), Some(HELP), "input {input:?}");
            }
            (g, e) => assert_eq!(format!("{g:?}"), format!("{e:?}"), "input {input:?}"),
        }
    }

    #[test]
    fn date_times_give_their_date() {
        for t in ["2024-01-15T10:30", "2024-01-15 10:30:00", "2024-01-15T10:30:00Z", "2024-01-15T23:30:00+05:00"] {
            assert_eq!(PartialDate::of_date_time(t), Some(d(2024, Some(1), Some(15))), "{t}");
        }
        for t in ["2024-01-15", "2024-01-15T", "2024-02-30T10:30", "2024-01-15 noon", "2024-01T10:30", "x"] {
            assert_eq!(PartialDate::of_date_time(t), None, "{t}");
        }
    }

    #[test]
    fn parse_table() {
        let long = "2".repeat(10_000);
        let cases: Vec<(&str, Result<PartialDate, &str>)> = vec![
            ("2025", Ok(d(2025, None, None))),
            ("2025-11", Ok(d(2025, Some(11), None))),
            ("2025-11-03", Ok(d(2025, Some(11), Some(3)))),
            ("  2025-11-03\n", Ok(d(2025, Some(11), Some(3)))),
            ("2024-02-29", Ok(d(2024, Some(2), Some(29)))),
            ("2000-02-29", Ok(d(2000, Some(2), Some(29)))),
            ("1000-01-01", Ok(d(1000, Some(1), Some(1)))),
            ("9999-12-31", Ok(d(9999, Some(12), Some(31)))),
            ("2025-02-29", Err("2025-02-29 is not a real date: February 2025 has 28 days")),
            ("1900-02-29", Err("February 1900 has 28 days")),
            ("2025-04-31", Err("April 2025 has 30 days")),
            ("2025-01-32", Err("January 2025 has 31 days")),
            ("2025-11-00", Err("days start at 01")),
            ("2025-1-3", Err("month must have two digits")),
            ("2025-11-3", Err("day must have two digits")),
            ("2025/11/03", Err("uses '/'")),
            ("2025.11.03", Err("uses '.'")),
            ("Nov 2025", Err("month names")),
            ("", Err("empty")),
            ("   ", Err("empty")),
            ("2025-13", Err("no month 13")),
            ("2025-00", Err("no month 00")),
            ("20251", Err("exactly 4 digits")),
            ("025", Err("exactly 4 digits")),
            ("0999", Err("out of range")),
            ("-2025", Err("exactly 4 digits")),
            ("2025-", Err("month must have two digits")),
            ("2025-11-", Err("day must have two digits")),
            ("2025-11-03-01", Err("too many parts")),
            ("2025-11-03x", Err("not a date")),
            ("2025-11-03T10:00", Err("time of day")),
            ("2025-11-03 10:00", Err("time of day")),
            ("2025-11-03!", Err("unexpected character '!'")),
            ("２０２５", Err("not a date")),
            ("2025-011", Err("month must have two digits")),
            (long.as_str(), Err("exactly 4 digits")),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn display_human_and_helpers() {
        let table = [
            ("2025", "2025", "2025", (2025, 1, 1), None, DatePrecision::Year),
            ("2025-11", "2025-11", "Nov 2025", (2025, 11, 1), Some(4), DatePrecision::Month),
            ("2025-11-03", "2025-11-03", "3 Nov 2025", (2025, 11, 3), Some(4), DatePrecision::Day),
            ("2024-01-31", "2024-01-31", "31 Jan 2024", (2024, 1, 31), Some(1), DatePrecision::Day),
            ("2024-06", "2024-06", "Jun 2024", (2024, 6, 1), Some(2), DatePrecision::Month),
            ("2024-07", "2024-07", "Jul 2024", (2024, 7, 1), Some(3), DatePrecision::Month),
        ];
        for (input, iso, human, first, quarter, precision) in table {
            let got = PartialDate::parse(input)
                .map(|p| (p.to_string(), p.human(), p.first_day(), p.quarter(), p.precision()));
            assert_eq!(got, Ok((iso.to_string(), human.to_string(), first, quarter, precision)));
        }
        // Hand-built out-of-range values must still display.
        let odd = d(5, Some(13), Some(40));
        assert_eq!(odd.to_string(), "0005-13-40");
        assert_eq!(odd.human(), "40 13 5");
        assert_eq!(odd.quarter(), None);
        assert_eq!(d(2025, Some(0), None).quarter(), None);
    }

    #[test]
    fn last_days_follow_the_calendar() {
        let table = [
            ("2024-02", (2024, 2, 29)),
            ("2025-02", (2025, 2, 28)),
            ("1900-02", (1900, 2, 28)),
            ("2025-04", (2025, 4, 30)),
            ("2025-12", (2025, 12, 31)),
            ("2025", (2025, 12, 31)),
            ("2025-04-07", (2025, 4, 7)),
        ];
        for (input, last) in table {
            assert_eq!(PartialDate::parse(input).map(|p| p.last_day()), Ok(last), "{input}");
        }
        assert_eq!(d(2025, Some(13), None).last_day(), (2025, 13, 28));
        assert_eq!((month_name(11), month_name(0), month_abbrev(9)), ("November".into(), "0".into(), "Sep".into()));
    }

    #[test]
    fn ordering_and_from_str() {
        let mut dates: Vec<PartialDate> =
            ["2025-11-03", "2025", "2024-12-31", "2025-11", "2025-01"].iter().filter_map(|s| s.parse().ok()).collect();
        dates.sort();
        let sorted: Vec<String> = dates.iter().map(|p| p.to_string()).collect();
        assert_eq!(sorted, ["2024-12-31", "2025", "2025-01", "2025-11", "2025-11-03"]);
    }
}
