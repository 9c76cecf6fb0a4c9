//! Company pages: `companies/<slug>.md` front matter → [`Company`].
//!
//! Unknown fields are errors. A company's names, former names, aliases and
//! ticker symbols all become names a wikilink may use (`[[Iris Energy]]`
//! finds IREN).

use serde::Serialize;

use super::fields::{Category, Place, SiteInfo, Text, Ticker};
use super::{read_date, read_refs, read_sources, Page, PageData, PartialDate};
use crate::yaml::FrontMatter;

/// A company profile.
#[derive(Debug, Clone, Serialize)]
pub struct Company {
    /// Legal or full name.
    pub name: String,
    /// Name used in tables and links.
    pub short_name: Option<String>,
    /// Names it had before.
    pub former_names: Vec<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// Listings.
    pub tickers: Vec<Ticker>,
    /// Headquarters.
    pub headquarters: Option<Place>,
    /// Year (or date) founded.
    pub founded: Option<PartialDate>,
    /// Website.
    pub website: Option<String>,
    /// What it is.
    pub category: Option<Category>,
    /// One line.
    pub summary: String,
    /// Its sites.
    pub sites: Vec<SiteInfo>,
}

/// Reads a company's fields into `page` (the fields it accepts are its entry in `kinds`).
pub(super) fn read(fm: &mut FrontMatter, page: &mut Page) {
    let name: String = fm.req("name", "give the company's full name, e.g. `name: IREN Limited`").unwrap_or_default();
    let short_name: Option<String> = fm.opt("short_name");
    let category: Option<Category> = fm.req("category", &format!("one of: {}", Category::ALL.join(", ")));
    let summary: String = fm.req("summary", "add a one-line summary of the company's pivot").unwrap_or_default();
    let former_names: Vec<String> = fm.list("former_names").into_iter().map(|(_, s)| s).collect();
    let aliases: Vec<String> = fm.list("aliases").into_iter().map(|(_, s)| s).collect();
    let tickers: Vec<Ticker> = fm.list("tickers").into_iter().map(|(_, t)| t).collect();
    let founded = fm.opt::<Text>("founded").and_then(|t| read_date(fm, "founded", t.0.trim()));
    let website: Option<String> = fm.opt("website");
    if let Some(w) = &website {
        if !(w.starts_with("https://") || w.starts_with("http://")) {
            fm.error("website", "invalid-url", format!("`{w}` is not an absolute http(s) URL"), None);
        }
    }
    let company = Company {
        headquarters: fm.opt("headquarters"),
        sites: fm.list("sites").into_iter().map(|(_, s)| s).collect(),
        name,
        short_name,
        former_names,
        aliases,
        tickers,
        founded,
        website,
        category,
        summary,
    };
    if !company.name.is_empty() {
        page.title = company.name.clone();
        page.short_title = company.short_name.clone().unwrap_or_else(|| company.name.clone());
    }
    page.description = Some(company.summary.clone()).filter(|s| !s.is_empty());
    page.names = company
        .short_name
        .iter()
        .chain(&company.former_names)
        .chain(&company.aliases)
        .cloned()
        .chain(company.tickers.iter().map(|t| t.symbol.clone()))
        .collect();
    page.topics = read_refs(fm, "topics");
    page.sources = read_sources(fm);
    if page.sources.is_empty() {
        fm.error(
            "",
            "missing-field",
            "a company needs at least one source".into(),
            Some("add `sources:` with the pages its facts come from".into()),
        );
    }
    page.data = PageData::Company(Box::new(company));
}
