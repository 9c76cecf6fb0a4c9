//! A kind the site declares in `pivotbook.yaml`: read as a note (title,
//! description, date, tags, topics, sources…) plus its declared fields,
//! each checked against its declared type and, when required, for being
//! there. Problems are located at the value (or the front matter, for a
//! missing field), as for the built-in kinds.

use std::collections::BTreeMap;

use serde::Serialize;

use super::fields::Text;
use super::{note, read_date, Page, PageData};
use crate::kinds::{FieldType, KindDef};
use crate::yaml::FrontMatter;

/// The declared fields of a page of a declared kind, by name; what its
/// template sees as `fields`. A field the page leaves out is absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Custom {
    /// Each field's value: a string (text, date as written, URL), a number,
    /// a boolean or a list of strings.
    pub fields: BTreeMap<String, serde_json::Value>,
}

/// Reads a page of the declared kind `def` into `page`.
pub(super) fn read(fm: &mut FrontMatter, page: &mut Page, body: &str, def: &KindDef) {
    note::read_note(fm, page, body, false);
    let mut fields = BTreeMap::new();
    for f in def.declared() {
        let name = f.name.as_ref();
        let help = if f.help.is_empty() { format!("add `{name}:` to the front matter") } else { f.help.to_string() };
        // A required field left out, or written with no value, is reported once, at its line.
        if f.required && fm.req::<serde_yaml::Value>(name, &help).is_none() {
            continue;
        }
        let present = fm.has(name);
        let value = match f.ty {
            FieldType::Number => fm.opt::<f64>(name).and_then(serde_json::Number::from_f64).map(Into::into),
            FieldType::Boolean => fm.opt::<bool>(name).map(Into::into),
            FieldType::Date => fm.opt::<Text>(name).and_then(|t| {
                let text = t.0.trim().to_string();
                read_date(fm, name, &text).map(|_| text.into())
            }),
            FieldType::Url => fm.opt::<Text>(name).and_then(|t| {
                let url = t.0.trim().to_string();
                let ok = (url.starts_with("https://") || url.starts_with("http://"))
                    && url.len() > "https://".len()
                    && !url.contains(char::is_whitespace);
                if !ok {
                    let help = Some("write the full address, starting with https://".to_string());
                    fm.error(name, "invalid-url", format!("`{url}` is not an absolute http(s) URL"), help);
                }
                ok.then(|| url.into())
            }),
            FieldType::List => {
                let items: Vec<serde_json::Value> =
                    fm.list::<Text>(name).into_iter().map(|(_, t)| t.0.into()).collect();
                if f.required && items.is_empty() && fm.span(&format!("{name}.0")) == fm.span(name) {
                    let d = crate::diag::Diagnostic::error(
                        "missing-field",
                        fm.key_span(name),
                        format!("`{name}` needs at least one value"),
                    );
                    fm.push(d.with_help(help));
                }
                present.then(|| items.into())
            }
            _ => fm.opt::<Text>(name).map(|t| t.0.into()),
        };
        if let Some(v) = value {
            fields.insert(name.to_string(), v);
        }
    }
    page.data = PageData::Custom(Custom { fields });
}
