//! Topic pages, free notes and the home page intro.
//!
//! A topic (`topics/<slug>.md`) has a title and a one-line description, and
//! rejects unknown fields. A free note may have no front matter at all: its
//! title then comes from its first `# heading`, else its file name; unknown
//! fields in a note are warnings, since notes come from other tools too.

use serde::Serialize;

use super::fields::Text;
use super::{read_date, read_refs, read_sources, Page, PageData};
use crate::yaml::FrontMatter;

/// A topic.
#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    /// One line.
    pub description: String,
}

/// A free note.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    /// Whether the title came from front matter.
    pub titled: bool,
}

pub(super) fn read_topic(fm: &mut FrontMatter, page: &mut Page) {
    if let Some(t) = fm.req::<String>("title", "give the topic a title") {
        page.title = t.clone();
        page.short_title = t;
    }
    let description: String = fm.req("description", "add a one-line description").unwrap_or_default();
    page.description = Some(description.clone()).filter(|d| !d.is_empty());
    page.names = fm.list::<String>("aliases").into_iter().map(|(_, s)| s).collect();
    page.sources = read_sources(fm);
    page.data = PageData::Topic(Topic { description });
}

/// The text of the first ATX `# ` heading, if the body starts with one
/// (blank lines aside).
fn first_heading(body: &str) -> Option<String> {
    let line = body.lines().find(|l| !l.trim().is_empty())?;
    let text = line.strip_prefix("# ")?.trim().trim_end_matches('#').trim();
    (!text.is_empty()).then(|| text.to_string())
}

pub(super) fn read_note(fm: &mut FrontMatter, page: &mut Page, body: &str) {
    let title: Option<String> = fm.opt::<Text>("title").map(|t| t.0);
    let titled = title.is_some();
    if let Some(t) = title.or_else(|| first_heading(body)) {
        page.title = t.clone();
        page.short_title = t;
    }
    page.description = fm.opt("description");
    if let Some(t) = fm.opt::<Text>("date") {
        page.date = read_date(fm, "date", t.0.trim());
    }
    page.companies = read_refs(fm, "companies");
    page.topics = read_refs(fm, "topics");
    page.tags = fm.list::<Text>("tags").into_iter().map(|(_, t)| t.0).collect();
    page.names = fm.list::<String>("aliases").into_iter().map(|(_, s)| s).collect();
    page.sources = read_sources(fm);
    page.css_classes = read_css_classes(fm);
    super::slug::read_permalink(fm, page);
    page.data = PageData::Note(Note { titled });
}

/// `cssclasses: [a, b]` (or Obsidian's older `cssclass: a b`): the names
/// that are valid CSS class names; others are reported.
fn read_css_classes(fm: &mut FrontMatter) -> Vec<String> {
    let mut out = Vec::new();
    for field in ["cssclasses", "cssclass"] {
        let written: Vec<(String, String)> =
            fm.list::<Text>(field).into_iter().map(|(i, t)| (format!("{field}.{i}"), t.0)).collect();
        for (at, value) in written {
            for class in value.split_whitespace() {
                let ok = class.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
                    && !class.starts_with(|c: char| c.is_ascii_digit());
                if ok {
                    out.push(class.to_string());
                } else {
                    fm.error(
                        &at,
                        "invalid-field",
                        format!("`{class}` is not a CSS class name"),
                        Some("use letters, digits, `-` and `_`, not starting with a digit".into()),
                    );
                }
            }
        }
    }
    out
}

pub(super) fn read_home(fm: &mut FrontMatter, page: &mut Page, body: &str) {
    if let Some(t) = fm.opt::<String>("title").or_else(|| first_heading(body).filter(|_| page.file_stem != "_index")) {
        page.title = t.clone();
        page.short_title = t;
    }
    page.description = fm.opt("description");
    page.tags = fm.list::<Text>("tags").into_iter().map(|(_, t)| t.0).collect();
    page.names = fm.list::<String>("aliases").into_iter().map(|(_, s)| s).collect();
    page.css_classes = read_css_classes(fm);
    page.data = PageData::Home;
}

#[cfg(test)]
mod tests {
    #[test]
    fn first_heading_is_a_title() {
        assert_eq!(super::first_heading("\n# Hello world #\ntext").as_deref(), Some("Hello world"));
        assert_eq!(super::first_heading("text\n# Later"), None);
        assert_eq!(super::first_heading("## Sub"), None);
    }
}
