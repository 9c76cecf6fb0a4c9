//! Money amounts as contributors write them in front matter, e.g. `US$3.65B`.
//!
//! One grammar, case-insensitive, surrounding whitespace ignored:
//!
//! | Part            | Accepted                                                                 |
//! |-----------------|--------------------------------------------------------------------------|
//! | not disclosed   | `undisclosed`, `not disclosed`                                           |
//! | approximate     | `~`, `≈`, `c.`, `about`, `around`, `approximately`, `approx.`, `roughly`, `nearly` |
//! | upper bound     | `up to`, `as much as`, `no more than`                                    |
//! | lower bound     | `at least`, `more than`, `over`, `in excess of`, `>`, `>=`, `≥`          |
//! | currency before | `US$` `USD` `$`, `A$` `AU$` `AUD`, `C$` `CA$` `CAD`, `€` `EUR`, `£` `GBP`, `¥` `JPY`, `HK$` `HKD`, `CHF`, `S$` `SGD`, `₩` `KRW`, `CN¥` `CNY` `RMB` |
//! | number          | `550`, `1,632.4`, `17.00` (commas only in groups of three)               |
//! | multiplier      | `K` `thousand`, `M` `mn` `mm` `million`, `B` `bn` `billion`, `T` `tn` `trillion` (space optional) |
//! | currency after  | a three-letter code instead of a prefix: `3.5B CAD`, `500 million USD`   |
//! | rate            | a number followed by ` per ` or `/`: `$1.5M per MW per year`, `$12/MWh`   |
//!
//! Examples: `US$3.65B`, `~US$130M`, `up to ~$2B`, `at least US$3B`,
//! `USD 2.1 billion`, `£200m`, `undisclosed`.
//!
//! Values are computed exactly with integers, in whole currency units.
//! This module deliberately does not convert between currencies, does not
//! accept ranges (`$1-2B`), does not keep fractions of a unit (`$17.50` is
//! an error, `$17.00` is 17), does not use floating point, and does not
//! extract a value from rates (they are kept as text by the caller).

use std::fmt;

use serde::{Serialize, Serializer};

/// Brief list of accepted forms, used as help on most errors.
const HELP: &str = "write e.g. US$3.65B, $550 million, ~€500M, up to $1.4B, at least US$3B \
                    or undisclosed; or give `value` and `currency` fields";

/// Known currencies: ISO code and display symbol.
#[rustfmt::skip]
const KNOWN: [(&str, &str); 11] = [
    ("USD", "US$"), ("AUD", "A$"), ("CAD", "C$"), ("EUR", "€"), ("GBP", "£"), ("JPY", "¥"),
    ("CNY", "CN¥"), ("HKD", "HK$"), ("CHF", "CHF "), ("KRW", "₩"), ("SGD", "S$"),
];

/// Currency markers accepted before the number, longest first where they overlap.
#[rustfmt::skip]
const PREFIXES: [(&str, &str); 25] = [
    ("US$", "USD"), ("USD", "USD"), ("AU$", "AUD"), ("A$", "AUD"), ("AUD", "AUD"),
    ("CA$", "CAD"), ("C$", "CAD"), ("CAD", "CAD"), ("HK$", "HKD"), ("HKD", "HKD"),
    ("S$", "SGD"), ("SGD", "SGD"), ("€", "EUR"), ("EUR", "EUR"), ("£", "GBP"), ("GBP", "GBP"),
    ("CN¥", "CNY"), ("¥", "JPY"), ("JPY", "JPY"), ("CHF", "CHF"), ("₩", "KRW"), ("KRW", "KRW"),
    ("CNY", "CNY"), ("RMB", "CNY"), ("$", "USD"),
];

/// Qualifiers meaning the figure is approximate.
#[rustfmt::skip]
const APPROX: [&str; 9] = [
    "~", "≈", "c.", "about", "around", "approximately", "approx.", "roughly", "nearly",
];

/// Qualifiers giving a bound; `>=` before `>`.
#[rustfmt::skip]
const BOUNDS: [(&str, Bound); 10] = [
    ("up to", Bound::UpTo), ("as much as", Bound::UpTo), ("no more than", Bound::UpTo),
    ("at least", Bound::AtLeast), ("more than", Bound::AtLeast), ("over", Bound::AtLeast),
    ("in excess of", Bound::AtLeast), (">=", Bound::AtLeast), ("≥", Bound::AtLeast),
    (">", Bound::AtLeast),
];

/// Multiplier words and their powers of ten; whole words before letters.
#[rustfmt::skip]
const MULTIPLIERS: [(&str, u32); 12] = [
    ("thousand", 3), ("million", 6), ("billion", 9), ("trillion", 12), ("mn", 6), ("mm", 6),
    ("bn", 9), ("tn", 12), ("k", 3), ("m", 6), ("b", 9), ("t", 12),
];
/// How a disclosed figure relates to the true value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    /// The figure is the value (possibly approximate).
    Exact,
    /// The true value is at least the figure: "at least", "more than", "over".
    AtLeast,
    /// The true value is at most the figure: "up to", "as much as".
    UpTo,
}

/// What an amount's text turned out to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum AmountForm {
    /// A figure that can be summed with others of the same currency.
    Money {
        /// The amount in whole currency units.
        value: u64,
        /// The currency of `value`.
        currency: Currency,
        /// Whether the text marked the figure as approximate ("~", "about").
        approximate: bool,
        /// Whether the figure is exact, a lower bound or an upper bound.
        bound: Bound,
    },
    /// "undisclosed" / "not disclosed".
    Undisclosed,
    /// A rate such as "$1.5M per MW per year": kept as text, never summed.
    Rate {
        /// The currency written before the number, if any.
        currency: Option<Currency>,
    },
}

/// ISO 4217 code, upper case: "USD", "AUD", "CAD", "EUR", "GBP", "JPY", "CNY", "HKD", "CHF", "KRW", "SGD".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// The currency for an ISO code (case-insensitive), only from the known list.
    pub fn from_code(code: &str) -> Option<Currency> {
        let (known, _) = KNOWN.iter().find(|(k, _)| k.eq_ignore_ascii_case(code))?;
        let bytes = <[u8; 3]>::try_from(known.as_bytes()).ok()?;
        Some(Currency(bytes))
    }

    /// The upper-case ISO code, e.g. "USD".
    pub fn code(&self) -> &'static str {
        self.entry().0
    }

    /// The symbol written before a figure, e.g. "US$" (CHF includes a trailing space).
    pub fn symbol(&self) -> &'static str {
        self.entry().1
    }

    /// This currency's row in [`KNOWN`] (always present for a constructed value).
    fn entry(&self) -> (&'static str, &'static str) {
        let found = KNOWN.iter().find(|(k, _)| k.as_bytes() == self.0);
        found.map_or(("", ""), |e| *e)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// Why an amount could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountError {
    /// What is wrong, quoting the input.
    pub message: String,
    /// The accepted forms, briefly.
    pub help: Option<String>,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AmountError {}

/// Builds an error with help.
fn err(message: String, help: &str) -> AmountError {
    AmountError { message, help: Some(help.to_string()) }
}

/// An `Err` built with [`err`].
fn fail<T>(message: String, help: &str) -> Result<T, AmountError> {
    Err(err(message, help))
}

/// Quotes user input for an error message, shortening very long input.
fn quote(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().nth(60).is_some() {
        out.push('…');
    }
    format!("'{out}'")
}

/// Strips `prefix` from `s`, ignoring ASCII case; safe on any char boundary.
fn strip_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    s.get(prefix.len()..).filter(|_| head.eq_ignore_ascii_case(prefix))
}

/// Like [`strip_ci`], but a prefix ending in a letter must end a word.
/// Returns the remainder with leading spaces removed.
fn strip_word<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = strip_ci(s, prefix)?;
    let wordy = prefix.ends_with(|c: char| c.is_ascii_alphabetic());
    if wordy && rest.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    Some(rest.trim_start())
}

/// Strips leading qualifiers: returns (approximate, bound, rest).
fn strip_qualifiers<'a>(s: &'a str, quoted: &str) -> Result<(bool, Bound, &'a str), AmountError> {
    let mut rest = s;
    let mut approximate = false;
    let mut bound = Bound::Exact;
    loop {
        if let Some(r) = APPROX.iter().find_map(|p| strip_word(rest, p)) {
            approximate = true;
            rest = r;
            continue;
        }
        let found = BOUNDS.iter().find_map(|(p, b)| Some((*b, strip_word(rest, p)?)));
        if let Some((b, r)) = found {
            if bound != Bound::Exact {
                let help = "keep one of `up to` or `at least`, and put the rest in the note";
                return fail(format!("{quoted} has more than one bound"), help);
            }
            bound = b;
            rest = r;
            continue;
        }
        return Ok((approximate, bound, rest));
    }
}

/// Strips a currency marker before the number: (currency, was a bare `$`, rest).
fn strip_currency(s: &str) -> (Option<Currency>, bool, &str) {
    for (marker, code) in PREFIXES {
        if let Some(rest) = strip_word(s, marker) {
            return (Currency::from_code(code), marker == "$", rest);
        }
    }
    (None, false, s)
}

/// Whether the text is a rate: a number followed somewhere by `/` or the word `per`.
fn is_rate(norm: &str) -> bool {
    let start = norm.find(|c: char| c.is_ascii_digit());
    let tail = start.and_then(|i| norm.get(i..)).map_or("", |t| t);
    let per = |w: &str| w.eq_ignore_ascii_case("per");
    tail.contains('/') || tail.split(|c: char| !c.is_alphanumeric()).any(per)
}

/// Exact value of `int`.`frac` × 10^`exp` in whole units.
fn compute(int: &str, frac: &str, exp: u32, quoted: &str) -> Result<u64, AmountError> {
    let too_large = || {
        let help = "amounts must be below about 18 quintillion units; check the number";
        err(format!("{quoted}: number too large"), help)
    };
    let fraction = || {
        let help = "amounts are whole units: round (e.g. $17), or put the exact figure in the note";
        err(format!("{quoted} has a fraction of a currency unit"), help)
    };
    let frac = frac.trim_end_matches('0');
    let int_digits = int.bytes().filter(u8::is_ascii_digit).map(|b| (b, false));
    let mut mantissa: u128 = 0;
    for (b, in_frac) in int_digits.chain(frac.bytes().map(|b| (b, true))) {
        let digit = u128::from(b.wrapping_sub(b'0'));
        match mantissa.checked_mul(10).and_then(|m| m.checked_add(digit)) {
            Some(m) => mantissa = m,
            None if in_frac => {
                let help = "write at most a few decimals, e.g. US$159.375M";
                return fail(format!("{quoted} has too many decimal places"), help);
            }
            None => return Err(too_large()),
        }
    }
    let scale = u32::try_from(frac.len()).map_err(|_| fraction())?;
    let value = if scale <= exp {
        let factor = 10u128.checked_pow(exp - scale).ok_or_else(too_large)?;
        mantissa.checked_mul(factor).ok_or_else(too_large)?
    } else {
        match 10u128.checked_pow(scale - exp) {
            Some(div) if mantissa.is_multiple_of(div) => mantissa / div,
            _ => return Err(fraction()),
        }
    };
    u64::try_from(value).map_err(|_| too_large())
}

/// Splits the leading number (digits, commas, points) off `s` and checks its
/// shape; returns (whole part with commas, fraction digits, rest).
fn split_number<'a>(s: &'a str, quoted: &str, has_currency: bool) -> Result<(&'a str, &'a str, &'a str), AmountError> {
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'));
    let (number, rest) = match end.and_then(|i| Some((s.get(..i)?, s.get(i..)?))) {
        Some(split) => split,
        None => (s, ""),
    };
    if !number.bytes().any(|b| b.is_ascii_digit()) {
        if has_currency {
            return fail(format!("no number in {quoted}"), HELP);
        }
        return fail(format!("{quoted} is not an amount"), HELP);
    }
    let (int, frac) = match number.split_once('.') {
        Some((i, f)) => (i, f),
        None => (number, ""),
    };
    if frac.contains(['.', ',']) {
        let help = "write one decimal point, and commas only before it, e.g. US$1,632.4M";
        let msg = format!("{quoted}: more than one '.', or a ',' after the '.'");
        return fail(msg, help);
    }
    if int.is_empty() {
        let help = "write a digit before the decimal point, e.g. $0.5B";
        return fail(format!("{quoted}: the number starts with '.'"), help);
    }
    if number.ends_with('.') {
        let help = "drop the '.' or add digits, e.g. $17 or $17.5M";
        return fail(format!("{quoted}: no digits after the decimal point"), help);
    }
    let mut groups = int.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    if int.contains(',') && !(first_ok && groups.all(|g| g.len() == 3)) {
        let help = "write e.g. US$1,632.4M, or leave the commas out";
        let msg = format!("{quoted}: digits between commas must come in groups of three");
        return fail(msg, help);
    }
    Ok((int, frac, rest.trim_start()))
}

/// Parses an amount as written in front matter; see the module docs for the grammar.
pub fn parse_amount(text: &str) -> Result<AmountForm, AmountError> {
    let norm = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let quoted = quote(&norm);
    if norm.is_empty() {
        return fail("the amount is empty".to_string(), HELP);
    }
    if norm.eq_ignore_ascii_case("undisclosed") || norm.eq_ignore_ascii_case("not disclosed") {
        return Ok(AmountForm::Undisclosed);
    }
    if is_rate(&norm) {
        let qualified = strip_qualifiers(&norm, &quoted).ok();
        let currency = qualified.and_then(|(_, _, rest)| strip_currency(rest).0);
        return Ok(AmountForm::Rate { currency });
    }
    let (approximate, bound, rest) = strip_qualifiers(&norm, &quoted)?;
    let (prefix, bare_dollar, rest) = strip_currency(rest);
    let (int, frac, rest) = split_number(rest, &quoted, prefix.is_some())?;
    let multiplier = MULTIPLIERS.iter().find_map(|(w, e)| Some((*e, strip_word(rest, w)?)));
    let (exp, rest) = match multiplier {
        Some(found) => found,
        None => (0, rest),
    };
    let rmb = rest.eq_ignore_ascii_case("RMB");
    let suffix = Currency::from_code(if rmb { "CNY" } else { rest });
    let rest = if suffix.is_some() { "" } else { rest };
    if !rest.is_empty() {
        let words = ["to ", "and ", "or "];
        if rest.starts_with(['-', '–', '—']) || words.iter().any(|w| strip_ci(rest, w).is_some()) {
            let help = "write `up to $2B` or `at least $1B`, or put the range in the note";
            let msg = format!("{quoted} looks like a range; ranges are not accepted");
            return fail(msg, help);
        }
        let help = "move words into the amount's note; the amount itself is e.g. US$3.65B";
        let msg = format!("unexpected {} after the amount in {quoted}", quote(rest));
        return fail(msg, help);
    }
    let currency = match (prefix, suffix) {
        (Some(p), None) => p,
        (None, Some(s)) => s,
        (Some(_), Some(s)) if bare_dollar && s.symbol().ends_with('$') => s,
        (Some(p), Some(s)) => {
            let help = "write the currency once, e.g. US$1B or 1B USD";
            return fail(format!("{quoted} names two currencies ({p} and {s})"), help);
        }
        (None, None) => {
            let help = "write the currency, e.g. US$3.5B, or give `value` and `currency` fields";
            return fail(format!("no currency in {quoted}"), help);
        }
    };
    let value = compute(int, frac, exp, &quoted)?;
    Ok(AmountForm::Money { value, currency, approximate, bound })
}

/// Build the form from a plain number and a currency code, as in front matter `value: 3650000000` + `currency: USD`.
pub fn from_value(value: u64, currency: &str) -> Result<AmountForm, AmountError> {
    match Currency::from_code(currency.trim()) {
        Some(currency) => Ok(AmountForm::Money { value, currency, approximate: false, bound: Bound::Exact }),
        None => {
            let help = "use one of USD, AUD, CAD, EUR, GBP, JPY, CNY, HKD, CHF, KRW, SGD";
            fail(format!("unknown currency {}", quote(currency)), help)
        }
    }
}

/// Short human form for totals, at most 3 significant digits, rounded half up:
/// `US$3.65B`, `US$550M`, `US$12.5K`, `US$17`, `US$2T`.
pub fn format_money(value: u64, currency: Currency) -> String {
    let symbol = currency.symbol();
    let value = u128::from(value);
    if value < 1000 {
        return format!("{symbol}{value}");
    }
    // Round half up to three significant digits. Values stay below 2^64 × 10
    // in u128, so nothing can overflow; saturating operations make that plain.
    let log10 = |n: u128| n.checked_ilog10().map_or(0, |l| l);
    let step = 10u128.saturating_pow(log10(value).saturating_sub(2));
    let half_up = u128::from((value % step).saturating_mul(2) >= step);
    let rounded = (value / step).saturating_add(half_up).saturating_mul(step);
    let exp = (log10(rounded) / 3 * 3).min(12);
    let unit = 10u128.saturating_pow(exp);
    let suffix = ["", "K", "M", "B", "T"].get(exp as usize / 3).map_or("", |s| *s);
    let (whole, frac) = (rounded / unit, rounded % unit);
    if frac == 0 {
        return format!("{symbol}{whole}{suffix}");
    }
    let width = exp as usize; // frac < 10^exp: exactly `exp` digits once zero-padded
    let frac_text = format!("{frac:0width$}");
    format!("{symbol}{whole}.{}{suffix}", frac_text.trim_end_matches('0'))
}
#[cfg(test)]
mod tests {
    use super::*;

    /// One line per result: money as "CODE value [~]Bound = format_money".
    fn render(result: Result<AmountForm, AmountError>) -> String {
        match result {
            Ok(AmountForm::Money { value: v, currency: c, approximate: a, bound: b }) => {
                let approx = if a { "~" } else { "" };
                format!("{c} {v} {approx}{b:?} = {}", format_money(v, c))
            }
            Ok(AmountForm::Undisclosed) => "undisclosed".to_string(),
            Ok(AmountForm::Rate { currency: Some(c) }) => format!("rate {c}"),
            Ok(AmountForm::Rate { currency: None }) => "rate".to_string(),
            Err(e) => {
                let help = e.help.as_deref().map_or("NO HELP", |h| h);
                format!("error: {} | {help}", e.message)
            }
        }
    }

    /// Results must match exactly; for "error: X", "message | help" must contain X
    /// (every error must have help).
    fn check(input: &str, expected: &str) {
        let got = render(parse_amount(input));
        match expected.strip_prefix("error: ") {
            Some(part) => {
                let ok = got.starts_with("error: ") && got.contains(part);
                assert!(ok && !got.ends_with("| NO HELP"), "{input:?}: {got}");
            }
            None => assert_eq!(got, expected, "input {input:?}"),
        }
    }

    #[rustfmt::skip]
    const CASES: &[(&str, &str)] = &[
        ("US$3.65B", "USD 3650000000 Exact = US$3.65B"), ("$550 million", "USD 550000000 Exact = US$550M"),
        ("A$1.2bn", "AUD 1200000000 Exact = A$1.2B"), ("C$3.5B", "CAD 3500000000 Exact = C$3.5B"),
        ("CAD 3.5B", "CAD 3500000000 Exact = C$3.5B"), ("€500M", "EUR 500000000 Exact = €500M"),
        ("~US$130M", "USD 130000000 ~Exact = US$130M"), ("up to $1.4B", "USD 1400000000 UpTo = US$1.4B"),
        ("at least US$3B", "USD 3000000000 AtLeast = US$3B"), ("undisclosed", "undisclosed"),
        ("US$1,632.4M", "USD 1632400000 Exact = US$1.63B"), ("$17.00", "USD 17 Exact = US$17"),
        ("USD 2.1 billion", "USD 2100000000 Exact = US$2.1B"), ("£200m", "GBP 200000000 Exact = £200M"),
        ("US$159.375M", "USD 159375000 Exact = US$159M"), ("about $625 million", "USD 625000000 ~Exact = US$625M"),
        ("approximately €1bn", "EUR 1000000000 ~Exact = €1B"), ("more than $1B", "USD 1000000000 AtLeast = US$1B"),
        ("$1.5M per MW per year", "rate USD"), ("US$12/MW-hour", "rate USD"), ("$12/MWh", "rate USD"),
        ("12 per MWh", "rate"), ("not disclosed", "undisclosed"), ("  Not  DISCLOSED ", "undisclosed"),
        ("up to ~$2B", "USD 2000000000 ~UpTo = US$2B"), ("3.5B CAD", "CAD 3500000000 Exact = C$3.5B"),
        ("500 million USD", "USD 500000000 Exact = US$500M"), ("$3.5B CAD", "CAD 3500000000 Exact = C$3.5B"),
        ("  us$3.65b ", "USD 3650000000 Exact = US$3.65B"), ("USD2.1B", "USD 2100000000 Exact = US$2.1B"),
        ("AU$1bn", "AUD 1000000000 Exact = A$1B"), ("CA$2B", "CAD 2000000000 Exact = C$2B"),
        ("GBP 1.25bn", "GBP 1250000000 Exact = £1.25B"), ("¥10bn", "JPY 10000000000 Exact = ¥10B"),
        ("HK$2.5bn", "HKD 2500000000 Exact = HK$2.5B"), ("CHF 300M", "CHF 300000000 Exact = CHF 300M"),
        ("S$1.1B", "SGD 1100000000 Exact = S$1.1B"), ("₩1.2tn", "KRW 1200000000000 Exact = ₩1.2T"),
        ("RMB 5bn", "CNY 5000000000 Exact = CN¥5B"), ("$1.5 trillion", "USD 1500000000000 Exact = US$1.5T"),
        ("$12.5K", "USD 12500 Exact = US$12.5K"), ("$5 thousand", "USD 5000 Exact = US$5K"),
        ("$2 mm", "USD 2000000 Exact = US$2M"), ("$3mn", "USD 3000000 Exact = US$3M"),
        ("$1,000,000", "USD 1000000 Exact = US$1M"), ("$0.0000001B", "USD 100 Exact = US$100"),
        ("≈ €40M", "EUR 40000000 ~Exact = €40M"), ("c. $5M", "USD 5000000 ~Exact = US$5M"),
        ("approx. $5M", "USD 5000000 ~Exact = US$5M"), ("nearly $1bn", "USD 1000000000 ~Exact = US$1B"),
        ("as much as $3B", "USD 3000000000 UpTo = US$3B"), ("no more than €2M", "EUR 2000000 UpTo = €2M"),
        ("over $1B", "USD 1000000000 AtLeast = US$1B"), (">= $1B", "USD 1000000000 AtLeast = US$1B"),
        ("≥$1B", "USD 1000000000 AtLeast = US$1B"), ("in excess of £1bn", "GBP 1000000000 AtLeast = £1B"),
        ("$18446744073709551615", "USD 18446744073709551615 Exact = US$18400000T"),
        // Errors: the rendered "error: message | help" must contain the text after "error: ".
        ("3.5B", "error: no currency in '3.5B' | write the currency, e.g. US$3.5B, or give `value` and `currency` fields"),
        ("$1-2B", "error: looks like a range; ranges are not accepted | write `up to $2B` or `at least $1B`, or put the range in the note"),
        ("", "error: the amount is empty"), ("$", "error: no number in '$'"),
        ("USD", "error: no number in 'USD'"), ("$1B to $2B", "error: looks like a range"),
        ("1,000", "error: no currency"), ("1,63M", "error: groups of three"),
        ("$1,0000", "error: groups of three"), ("$,100", "error: groups of three"),
        ("$99999999999999999999B", "error: number too large"), ("$18446744073709551616", "error: too large"),
        ("US$1B EUR", "error: two currencies (USD and EUR)"), ("$1B EUR", "error: two currencies"),
        ("US$3.65B notes", "error: unexpected 'notes' after the amount"), ("$1a5M", "error: unexpected 'a5M'"),
        ("$5M💥", "error: unexpected '💥'"), ("💥💥", "error: is not an amount"),
        ("n/a", "error: 'n/a' is not an amount"), ("EURO 5M", "error: is not an amount"),
        ("$17.50", "error: fraction of a currency unit"), ("$0.0000000001B", "error: fraction"),
        ("$1.2.3M", "error: more than one '.'"), ("$17.", "error: no digits after the decimal point"),
        ("$.5B", "error: starts with '.'"), ("up to at least $1B", "error: more than one bound"),
    ];

    #[test]
    fn parse_table() {
        for (input, expected) in CASES {
            check(input, expected);
        }
        // Very long inputs: quick, safe, message quoted in short form.
        let long = [
            (format!("${}", "9".repeat(10_000)), "error: number too large"),
            ("~".repeat(10_000), "error: is not an amount"),
            (format!("${}M", "1,000".repeat(2_000)), "error: groups of three"),
            (format!("$1.{}1", "0".repeat(10_000)), "error: too many decimal places"),
            (format!("US$1B {}", "x".repeat(10_000)), "error: unexpected 'xxxx"),
        ];
        for (input, expected) in &long {
            check(input, expected);
            assert!(render(parse_amount(input)).len() < 300, "long message");
        }
    }

    #[test]
    fn format_money_table() {
        let usd = Currency(*b"USD");
        #[rustfmt::skip]
        let cases = [
            (0, "US$0"), (17, "US$17"), (999, "US$999"), (1_000, "US$1K"), (1_005, "US$1.01K"),
            (12_500, "US$12.5K"), (999_500, "US$1M"), (550_000_000, "US$550M"),
            (999_950_000, "US$1B"), (1_632_400_000, "US$1.63B"), (3_650_000_000, "US$3.65B"),
            (2_000_000_000_000, "US$2T"), (123_456_000_000_000, "US$123T"),
        ];
        for (value, want) in cases {
            assert_eq!(format_money(value, usd), want, "value {value}");
        }
    }

    #[test]
    fn currency_and_from_value() {
        for (code, symbol) in KNOWN {
            let c = Currency::from_code(&code.to_lowercase());
            let got = c.map(|c| (c.code(), c.symbol(), c.to_string()));
            assert_eq!(got, Some((code, symbol, code.to_string())));
        }
        for bad in ["", "US", "USDX", "XYZ", "€", "$"] {
            assert_eq!(Currency::from_code(bad), None, "{bad:?}");
        }
        let usd = render(from_value(3_650_000_000, "usd"));
        assert_eq!(usd, "USD 3650000000 Exact = US$3.65B");
        assert_eq!(render(from_value(5, " CHF ")), "CHF 5 Exact = CHF 5");
        let bad = render(from_value(1, "XYZ"));
        assert!(bad.starts_with("error: unknown currency 'XYZ' | use one of USD"), "{bad}");
    }
}
