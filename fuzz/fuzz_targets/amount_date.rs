//! Amount and date parsing: any text either parses or is a located error;
//! what parses can be displayed, and display never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pivotbook::model::amount::{format_money, from_value, parse_amount, AmountForm};
use pivotbook::model::PartialDate;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse_amount(text) {
        Ok(AmountForm::Money { value, currency, .. }) => {
            let shown = format_money(value, currency);
            assert!(shown.starts_with(currency.symbol()), "{shown}");
            // The same value, given as `value` + `currency`, is the same money.
            assert!(from_value(value, currency.code()).is_ok());
        }
        Ok(_) => {}
        Err(e) => {
            assert!(!e.to_string().is_empty());
        }
    }
    if let Ok(d) = PartialDate::parse(text) {
        let (y, m, day) = d.first_day();
        assert!((1..=12).contains(&m) && (1..=31).contains(&day), "{y}-{m}-{day}");
        let _ = (d.quarter(), d.precision(), d.human());
    }
    // A number taken from the bytes, with a code taken from the text.
    if data.len() >= 8 {
        let value = u64::from_le_bytes(data[..8].try_into().unwrap_or_default());
        if let Ok(AmountForm::Money { value, currency, .. }) = from_value(value, text.get(8..).unwrap_or("")) {
            let _ = format_money(value, currency);
        }
    }
});
