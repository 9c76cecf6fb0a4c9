//! Topic pages, free notes and the home page intro.
//!
//! A topic (`topics/<slug>.md`) has a title and a one-line description, and
//! rejects unknown fields. A free note may have no front matter at all: its
//! title then comes from its first `# heading`, else its file name.
//!
//! A free note's front matter is its author's (Obsidian's properties, read
//! leniently: see [`crate::yaml`]): a value that does not decode is skipped
//! with a warning, a date and time gives its date, `topics:` and
//! `companies:` entries may be `"[[links]]"`, and every key no reader
//! takes is kept as a [`Property`], whose `[[links]]` `links` resolves.

use std::ops::Range;

use serde::Serialize;

use super::fields::Text;
use super::{read_date, read_sources, Page, PageData, PartialDate, Ref};
use crate::diag::Span;
use crate::yaml::{FrontMatter, RawProperty};

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
    /// Whether the title is the body's first `# heading`, which the page
    /// then shows as its title and not again in its text.
    #[serde(skip)]
    pub title_heading: bool,
}

/// A property of a free note that none of pivotbook's fields takes
/// (`categories: ["[[Books]]"]`, `rating: 4`), shown on the note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The key as written.
    pub key: String,
    /// Where the key is written.
    pub span: Span,
    /// Its values: one, or a list's items.
    pub values: Vec<PropValue>,
}

/// One value of a [`Property`], as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropValue {
    /// The value as text (a number or boolean as YAML wrote it).
    pub text: String,
    /// Where it is written.
    pub span: Span,
    /// The `[[links]]` in it, in order.
    pub links: Vec<PropLink>,
}

/// A `[[Target]]` or `[[Target|text]]` inside a property value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropLink {
    /// Byte range of the whole link in the value's text (with a leading `!`).
    pub range: Range<usize>,
    /// The target as written, anchor included (`Books#Fiction`).
    pub target: String,
    /// The text after `|`, if any.
    pub label: Option<String>,
}

impl Property {
    pub(super) fn from_raw(raw: RawProperty) -> Property {
        let values =
            raw.values.into_iter().map(|(text, span)| PropValue { links: prop_links(&text), text, span }).collect();
        Property { key: raw.key, span: raw.span, values }
    }
}

/// The wikilinks in a property value (Obsidian: a link in a property is
/// written in quotes, `"[[Link]]"`, and may sit inside other text).
pub(crate) fn prop_links(text: &str) -> Vec<PropLink> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find("[[").map(|i| at + i) {
        let Some(close) = text[open + 2..].find("]]").map(|i| open + 2 + i) else { break };
        let inner = &text[open + 2..close];
        if inner.contains("[[") || inner.contains('\n') {
            at = open + 2;
            continue;
        }
        let (target, label) = match inner.split_once('|') {
            Some((t, l)) => (t.trim(), Some(l.trim().to_string()).filter(|l| !l.is_empty())),
            None => (inner.trim(), None),
        };
        if !target.is_empty() {
            let start = if text[..open].ends_with('!') { open - 1 } else { open };
            out.push(PropLink { range: start..close + 2, target: target.to_string(), label });
        }
        at = close + 2;
    }
    out
}

/// Page references (`topics:`, `companies:`) of a free note: a `"[[link]]"`
/// entry names its target (anchor and text dropped).
fn read_note_refs(fm: &mut FrontMatter, key: &str) -> Vec<Ref> {
    fm.list::<Text>(key)
        .into_iter()
        .map(|(i, t)| {
            let text = match prop_links(t.0.trim()).as_slice() {
                [one] if one.range == (0..t.0.trim().len()) => {
                    one.target.split('#').next().unwrap_or("").trim().to_string()
                }
                _ => t.0,
            };
            Ref { text, span: fm.span(&format!("{key}.{i}")) }
        })
        .collect()
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
/// (blank lines aside), as a reader sees it (`# **A** [[b|B]]` is "A B").
pub fn first_heading(body: &str) -> Option<String> {
    let line = body.lines().find(|l| !l.trim().is_empty())?;
    let text = line.strip_prefix("# ")?.trim().trim_end_matches('#').trim();
    crate::markdown::inline_text(text)
}

/// A free note's fields. In a vault (`vault`), as Obsidian and Quartz
/// show a note, its title is its `title:` or else its file name, not its
/// first heading (a vault of notes each opening with `# Problem` is not a
/// list of "Problem"s; a first heading that is the file name is shown once,
/// as the title); and `sources:` of plain values (`- "[[Lesson
/// One]]"`) is left to be the user's own property, as Obsidian reads it: a
/// cited source is a mapping (`url:`, `title:`).
pub(super) fn read_note(fm: &mut FrontMatter, page: &mut Page, body: &str, vault: bool) {
    let title: Option<String> = fm.opt::<Text>("title").map(|t| t.0);
    let titled = title.is_some();
    // In a vault, a first heading that is the file name is the title, shown
    // once; so is a folder's `index.md`'s, whose file name says nothing.
    let stem = page.file_stem.to_lowercase();
    let named = !vault || ["index", "_index", "readme"].contains(&stem.as_str());
    let heading = match titled {
        true => None,
        false => first_heading(body).filter(|h| named || h.to_lowercase() == stem),
    };
    let title_heading = heading.is_some();
    if let Some(t) = title.or(heading) {
        page.title = t.clone();
        page.short_title = t;
    }
    page.description = fm.opt("description");
    if let Some(t) = fm.opt::<Text>("date") {
        // Obsidian's "Date & time" property: the date is what a note's page shows.
        page.date = PartialDate::of_date_time(&t.0).or_else(|| read_date(fm, "date", t.0.trim()));
    }
    page.companies = read_note_refs(fm, "companies");
    page.topics = read_note_refs(fm, "topics");
    page.tags = fm.list::<Text>("tags").into_iter().map(|(_, t)| t.0).collect();
    page.names = fm.list::<Text>("aliases").into_iter().map(|(_, s)| s.0).collect();
    if !(vault && fm.holds_plain_values("sources")) {
        page.sources = read_sources(fm);
    }
    page.css_classes = read_css_classes(fm);
    super::slug::read_permalink(fm, page);
    page.data = PageData::Note(Note { titled, title_heading });
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
    fn property_links_are_found_inside_text() {
        let l = super::prop_links("[[Books]]");
        assert_eq!((l[0].range.clone(), l[0].target.as_str(), l[0].label.as_deref()), (0..9, "Books", None));
        let l = super::prop_links("see ![[A#h|the a]] and [[B]], not [[ ]] or [[C");
        assert_eq!(l.len(), 2);
        assert_eq!((l[0].range.clone(), l[0].target.as_str(), l[0].label.as_deref()), (4..18, "A#h", Some("the a")));
        assert_eq!(l[1].target, "B");
        assert!(super::prop_links("plain").is_empty());
    }

    #[test]
    fn first_heading_is_a_title() {
        assert_eq!(super::first_heading("\n# Hello world #\ntext").as_deref(), Some("Hello world"));
        assert_eq!(super::first_heading("text\n# Later"), None);
        assert_eq!(super::first_heading("## Sub"), None);
    }
}
