//! The data exports under `/data/`: they validate against their own JSON
//! Schemas, read back into the export types byte for byte, agree with the
//! front matter of the fixture `site/kb` (read here independently of
//! pivotbook's model),
//! and their CSV twins hold the same rows.

use std::collections::BTreeMap;
use std::path::Path;

use pivotbook::render::exports::{self, CompaniesFile, CompanyRow, DealRow, DealsFile, TopicsFile, TotalsFile};
use serde_json::Value;

use crate::support::{fixtures, SiteTest};

/// Parses a file's front matter as plain YAML, without pivotbook.
fn front_matter(path: &Path) -> serde_yaml::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let rest = text.strip_prefix("---\n").unwrap_or_else(|| panic!("{}: no front matter", path.display()));
    let end = rest.find("\n---").unwrap();
    serde_yaml::from_str(&rest[..end]).unwrap()
}

fn content_files(kind: &str) -> BTreeMap<String, serde_yaml::Value> {
    let dir = fixtures().join("site/kb/content").join(kind);
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") && path.file_stem().is_some_and(|s| s != "_index") {
            let fm = front_matter(&path);
            if fm.get("draft").and_then(|d| d.as_bool()) != Some(true) {
                out.insert(format!("{kind}/{}", path.file_stem().unwrap().to_string_lossy()), fm);
            }
        }
    }
    out
}

fn str_of(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => panic!("not a scalar: {other:?}"),
    }
}

fn validate(site: &SiteTest, file: &str, schema: &str) -> Value {
    let schema: Value = serde_json::from_str(&site.page(&format!("data/{schema}"))).unwrap();
    let doc: Value = serde_json::from_str(&site.page(&format!("data/{file}"))).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{file}:\n{}", errors.join("\n"));
    doc
}

/// The typed file, after checking that writing it again gives the same bytes.
fn read_back<T: serde::de::DeserializeOwned + serde::Serialize>(site: &SiteTest, file: &str) -> T {
    let text = site.page(&format!("data/{file}"));
    let typed: T = serde_json::from_str(&text).unwrap();
    let again = exports::html_safe(serde_json::to_string_pretty(&typed).unwrap());
    assert_eq!(String::from_utf8(again).unwrap() + "\n", text, "{file} does not round-trip");
    typed
}

#[test]
fn exports_validate_round_trip_and_match_the_content() {
    let mut site = SiteTest::from_fixture("site/kb");
    site.build().assert_clean();
    validate(&site, "companies.json", "companies.schema.json");
    validate(&site, "deals.json", "deals.schema.json");
    validate(&site, "topics.json", "topics.schema.json");
    validate(&site, "totals.json", "totals.schema.json");
    let companies: CompaniesFile = read_back(&site, "companies.json");
    let deals: DealsFile = read_back(&site, "deals.json");
    let topics: TopicsFile = read_back(&site, "topics.json");
    let totals: TotalsFile = read_back(&site, "totals.json");
    assert_eq!(totals.schema_version, exports::SCHEMA_VERSION);
    assert_eq!(companies.schema_version, exports::SCHEMA_VERSION);

    // Companies: one record per file, with the names, tickers and category written there.
    let files = content_files("companies");
    let ids: Vec<&String> = companies.companies.iter().map(|c| &c.id).collect();
    assert_eq!(ids, files.keys().collect::<Vec<_>>());
    for c in &companies.companies {
        let fm = &files[&c.id];
        assert_eq!(c.name, str_of(&fm["name"]), "{}", c.id);
        assert_eq!(c.category.as_deref(), fm.get("category").map(str_of).as_deref(), "{}", c.id);
        let tickers: Vec<String> = fm
            .get("tickers")
            .and_then(|t| t.as_sequence())
            .map(|s| s.iter().map(|t| str_of(&t["symbol"])).collect())
            .unwrap_or_default();
        assert_eq!(c.tickers.iter().map(|t| t.symbol.clone()).collect::<Vec<_>>(), tickers, "{}", c.id);
        for d in &c.deals {
            let deal = deals.deals.iter().find(|x| &x.id == d).unwrap_or_else(|| panic!("{}: no deal {d}", c.id));
            assert!(deal.parties.iter().any(|p| p.company.as_ref() == Some(&c.id)), "{d} does not name {}", c.id);
        }
    }

    // Deals: dates, states, parties and every amount as written.
    let files = content_files("deals");
    assert_eq!(deals.deals.iter().map(|d| &d.id).collect::<Vec<_>>(), files.keys().collect::<Vec<_>>());
    for d in &deals.deals {
        let fm = &files[&d.id];
        let date = str_of(&fm["date"]);
        assert_eq!(d.date.clone().unwrap_or_else(|| "unknown".into()), date, "{}", d.id);
        assert_eq!(d.state, str_of(&fm["state"]), "{}", d.id);
        assert_eq!(d.title, str_of(&fm["title"]), "{}", d.id);
        let parties = fm["parties"].as_sequence().unwrap();
        assert_eq!(d.parties.len(), parties.len(), "{}", d.id);
        for (p, raw) in d.parties.iter().zip(parties) {
            if let Some(company) = raw.get("company") {
                assert_eq!(p.company.as_deref(), Some(format!("companies/{}", str_of(company)).as_str()), "{}", d.id);
            }
            assert_eq!(p.role.as_deref(), raw.get("role").map(str_of).as_deref(), "{}", d.id);
        }
        let amounts = fm.get("amounts").and_then(|a| a.as_sequence()).cloned().unwrap_or_default();
        assert_eq!(d.amounts.len(), amounts.len(), "{}", d.id);
        for (a, raw) in d.amounts.iter().zip(&amounts) {
            assert_eq!(a.kind, str_of(&raw["kind"]), "{}", d.id);
            match (raw.get("amount"), raw.get("value")) {
                (Some(text), _) => assert_eq!(a.text, str_of(text), "{}", d.id),
                (None, Some(value)) => {
                    assert_eq!(a.value, value.as_u64(), "{}", d.id);
                    assert_eq!(a.currency.as_deref(), raw.get("currency").map(str_of).as_deref(), "{}", d.id);
                }
                (None, None) => panic!("{}: an amount with neither text nor value", d.id),
            }
        }
    }
    assert!(deals.deals.iter().any(|d| d.amounts.iter().any(|a| a.value.is_some_and(|v| v >= 1_000_000_000))));

    // Topics: one record per file; every page listed exists in some export or is a note.
    let files = content_files("topics");
    assert_eq!(topics.topics.iter().map(|t| &t.id).collect::<Vec<_>>(), files.keys().collect::<Vec<_>>());
    for t in &topics.topics {
        assert_eq!(t.title, str_of(&files[&t.id]["title"]));
        for p in &t.pages {
            let known = companies.companies.iter().any(|c| &c.id == p)
                || deals.deals.iter().any(|d| &d.id == p)
                || p.starts_with("notes/");
            assert!(known, "{}: lists unknown page {p}", t.id);
        }
    }

    // The CSV twins hold the same data, row for row.
    let csv_rows =
        |file: &str| csv::Reader::from_reader(std::io::Cursor::new(site.page(&format!("data/{file}")).into_bytes()));
    let company_rows: Vec<CompanyRow> = csv_rows("companies.csv").deserialize().map(Result::unwrap).collect();
    assert_eq!(company_rows, exports::company_rows(&companies));
    let deal_rows: Vec<DealRow> = csv_rows("deals.csv").deserialize().map(Result::unwrap).collect();
    assert_eq!(deal_rows, exports::deal_rows(&deals));
    let expected: usize = deals.deals.iter().map(|d| d.amounts.len().max(1)).sum();
    assert_eq!(deal_rows.len(), expected);

    // Linked from the index pages.
    for (index, file) in [("companies", "companies.csv"), ("deals", "deals.json"), ("topics", "topics.schema.json")] {
        assert!(site.main(&format!("{index}/index.html")).contains(&format!("href=\"/data/{file}\"")), "{index}");
    }
}

#[test]
fn schemas_reject_what_the_format_does_not_allow() {
    let mut site = SiteTest::from_fixture("site/kb");
    site.build();
    let schema: Value = serde_json::from_str(&site.page("data/deals.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut doc: Value = serde_json::from_str(&site.page("data/deals.json")).unwrap();
    assert!(validator.is_valid(&doc));
    doc["deals"][0]["amounts"][0]["value"] = Value::from("a lot");
    assert!(!validator.is_valid(&doc), "a string where a number belongs");
    doc["deals"][0]["amounts"][0]["value"] = Value::Null;
    doc["deals"][0]["surprise"] = Value::from(1);
    assert!(!validator.is_valid(&doc), "an unknown field");
    doc["deals"][0].as_object_mut().unwrap().remove("surprise");
    doc["deals"][0].as_object_mut().unwrap().remove("title");
    assert!(!validator.is_valid(&doc), "a missing field");
}

#[test]
fn an_asset_may_not_replace_a_generated_file() {
    // BASIC has deals, so `data/deals.json` is generated (a site without deals has none).
    let mut site = SiteTest::from_str(crate::build::BASIC);
    site.write("content/data/deals.json", "{}").write("content/style.css", "body{}");
    site.build();
    let diags = site.diagnostics().join("\n");
    assert!(diags.contains("content/data/deals.json") && diags.contains("url-collision"), "{diags}");
    assert!(diags.contains("content/style.css"), "{diags}");
    assert!(!site.report().written);
}
