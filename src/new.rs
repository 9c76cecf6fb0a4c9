//! `pivotbook new company|deal|topic|note "Title"`: a new page from a template.
//!
//! The file goes in the kind's folder (`companies/`, `deals/`, `topics/`,
//! `notes/`) under a slug made from the title, with front matter naming every
//! field of the kind: required fields are filled where the title or today's
//! date can fill them and left empty otherwise (the build then says what is
//! missing, at its line); optional fields are listed commented out, with
//! their allowed values. An existing file, or one that would become the same
//! page, is never overwritten.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::model::{slugify, url_for, Category, DealKind, DealState, Role, Verification};

/// The kinds of page `new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// A company profile (`companies/`).
    Company,
    /// A deal or event (`deals/`).
    Deal,
    /// A topic (`topics/`).
    Topic,
    /// A free note (`notes/`).
    Note,
}

impl NewKind {
    /// The folder of the content folder the kind lives in.
    pub fn folder(self) -> &'static str {
        match self {
            NewKind::Company => "companies",
            NewKind::Deal => "deals",
            NewKind::Topic => "topics",
            NewKind::Note => "notes",
        }
    }
}

/// Today's date in the local time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The text of a new page of `kind` titled `title`, dated `today`.
pub fn template(kind: NewKind, title: &str, today: &str) -> String {
    let t = quote(title);
    let sources =
        "sources:\n  # - {url: \"https://…\", title: \"…\", published: YYYY-MM-DD, publisher: \"…\", note: \"…\"}\n";
    let tail = "# unverified: [field, …]   # fields whose values are not confirmed yet\n\
                # reviewed: YYYY-MM-DD     # the day you last re-read it against its sources\n\
                # updates:                 # what changed, dated\n\
                #   - {date: YYYY-MM-DD, text: \"…\"}\n\
                # draft: true              # leave the page out of the site\n\
                # redirect_from: [/old/path/]\n";
    let front = match kind {
        NewKind::Company => format!(
            "name: {t}\n\
             # short_name: \"…\"        # the name used in tables and links\n\
             former_names: []\n\
             aliases: []\n\
             tickers: []               # - {{symbol: ABC, exchange: Nasdaq}}\n\
             # headquarters: {{city: \"…\", country: \"…\"}}\n\
             # founded: YYYY\n\
             # website: \"https://…\"\n\
             category:                 # one of: {categories}\n\
             summary:                  # one line on the company's pivot\n\
             sites: []                 # - {{name: \"…\", capacity: \"… MW\", mw: 100, note: \"…\"}}\n\
             topics: []\n\
             {sources}{tail}",
            categories = Category::ALL.join(", "),
        ),
        NewKind::Deal => format!(
            "title: {t}\n\
             date: {today}              # announcement date: YYYY-MM-DD, YYYY-MM, YYYY or unknown\n\
             # date_note: \"…\"\n\
             kinds: []                 # one or more of: {kinds}\n\
             state: announced          # one of: {states}\n\
             # superseded_by: <deal slug>\n\
             verification: verified    # one of: {verifications}\n\
             parties:\n  \
             # - {{company: <company slug>, role: <role>, entity: \"…\"}}\n  \
             # - {{name: \"A bank\", role: lender}}\n  \
             # roles: {roles}\n\
             amounts:\n  \
             # - {{kind: <kind>, amount: \"US$1.0B\", note: \"…\"}}   # or amount: undisclosed\n  \
             # - {{id: package, kind: financing, amount: \"US$3.65B\"}}   # a package; its parts say part_of\n  \
             # - {{id: notes, part_of: package, kind: secured-notes, amount: \"US$2.10B\"}}\n  \
             # - {{kind: warrant, amount: \"up to US$2.1B\", basis: option}}   # basis: {bases}\n  \
             # - {{kind: term-loan, amount: \"US$1.0B\", party: <party>}}   # whose figure it is, when roles mislead\n\
             # expected:                # what is still to happen, by when\n  \
             # - {{what: closing, by: YYYY-MM, note: \"…\"}}\n\
             # term: \"…\"\n\
             # capacity: {{text: \"… MW\", mw: 100, critical_it: true}}\n\
             # gpu_model: \"…\"\n\
             # site: \"…\"\n\
             # summary: \"…\"\n\
             topics: []\n\
             aliases: []\n\
             {sources}{tail}",
            kinds = DealKind::ALL.join(", "),
            states = DealState::ALL.join(", "),
            verifications = Verification::ALL.join(", "),
            roles = Role::ALL.join(", "),
            bases = crate::model::fields::Basis::ALL.join(", "),
        ),
        NewKind::Topic => format!(
            "title: {t}\n\
             description:              # one line on what the topic covers\n\
             aliases: []\n\
             {sources}{tail}"
        ),
        NewKind::Note => format!(
            "title: {t}\n\
             # description: \"…\"\n\
             date: {today}\n\
             companies: []\n\
             topics: []\n\
             tags: []\n\
             aliases: []\n\
             # cssclasses: [wide]        # classes for the page's <body>\n\
             {sources}{tail}"
        ),
    };
    format!("---\n{front}---\n\n")
}

/// Creates the page and returns its path. Refuses a title with nothing to
/// make a slug of, an existing file, and a file that would be the same page
/// as an existing one (`Core Scientific.md` beside `core-scientific.md`).
pub fn create(content_dir: &Path, kind: NewKind, title: &str, today: &str) -> Result<PathBuf> {
    let title = title.trim();
    let slug = slugify(title);
    if !title.chars().any(char::is_alphanumeric) {
        bail!("the title `{title}` has no letters or digits to make a file name from");
    }
    let dir = content_dir.join(kind.folder());
    let rel = PathBuf::from(kind.folder()).join(format!("{slug}.md"));
    let url = url_for(&rel);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = PathBuf::from(kind.folder()).join(e.file_name());
            if name.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")) && url_for(&name) == url {
                bail!(
                    "`{}` already exists and would be the same page; edit it, or choose another title",
                    dir.join(e.file_name()).display()
                );
            }
        }
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let path = dir.join(format!("{slug}.md"));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("cannot create `{}`", path.display()))?;
    f.write_all(template(kind, title, today).as_bytes())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_field_of_each_kind() {
        for (kind, fields) in [
            (NewKind::Company, crate::model::fields_of(crate::load::EntityKind::Company)),
            (NewKind::Deal, crate::model::fields_of(crate::load::EntityKind::Deal)),
            (NewKind::Topic, crate::model::fields_of(crate::load::EntityKind::Topic)),
            (NewKind::Note, crate::model::fields_of(crate::load::EntityKind::Note)),
        ] {
            let text = template(kind, "X", "2026-01-02");
            for f in fields {
                if *f == "publish" || *f == "cssclass" {
                    continue; // Obsidian's spellings of `draft` and (older) of `cssclasses`.
                }
                assert!(
                    text.lines().any(|l| l.trim_start_matches("# ").starts_with(&format!("{f}:"))),
                    "{kind:?} template lacks `{f}`:\n{text}"
                );
            }
        }
    }

    #[test]
    fn quotes_titles_and_dates_today() {
        let text = template(NewKind::Deal, "A \"quoted\": deal", "2026-01-02");
        assert!(text.contains("title: \"A \\\"quoted\\\": deal\"\n"), "{text}");
        assert!(text.contains("date: 2026-01-02 "), "{text}");
    }

    #[test]
    fn refuses_to_overwrite_and_same_page() {
        let dir = tempfile::tempdir().unwrap();
        let p = create(dir.path(), NewKind::Note, "My Note", "2026-01-02").unwrap();
        assert_eq!(p, dir.path().join("notes/my-note.md"));
        let err = create(dir.path(), NewKind::Note, "My note", "2026-01-02").unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        std::fs::write(dir.path().join("notes/Other Thing.md"), "x").unwrap();
        assert!(create(dir.path(), NewKind::Note, "other thing", "2026-01-02").is_err());
        assert!(create(dir.path(), NewKind::Note, "!!!", "2026-01-02").is_err());
    }
}
