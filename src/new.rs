//! `pivotbook new <kind> "Title"`: a new page of any kind of the site, from
//! a template made from the kind's field definitions (its entry in
//! [`crate::kinds`], the same fields `model` accepts).
//!
//! The file goes in the kind's folder under a slug made from the title.
//! Its front matter names every field of the kind, in the kind's order:
//! fields `new` can fill (the title, today's date) are filled; required
//! fields are left empty (the build then says what is missing, at its line)
//! and lists written empty; other fields are listed commented out with an
//! example value; each with its help and allowed values as a comment. An
//! existing file, or one that would become the same page, is never
//! overwritten.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::kinds::{FieldDef, FieldType, Fill, KindDef, Kinds};
use crate::model::{slugify, url_for};

/// Today's date in the local time zone, `YYYY-MM-DD` (the clock is read by `freshness` alone).
pub fn today() -> String {
    crate::freshness::today().to_string()
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The kind `name` names among the site's kinds, or an error listing them.
pub fn kind<'k>(kinds: &'k Kinds, name: &str) -> Result<&'k KindDef> {
    match kinds.by_name(name) {
        Some(k) => Ok(k),
        None => {
            let names = kinds.names();
            let hint = crate::diag::suggest(name, names.iter().copied()).map(|h| format!("; {h}")).unwrap_or_default();
            bail!("there is no kind of page `{name}` (kinds: {}){hint}", names.join(", "))
        }
    }
}

/// The front matter line(s) of one field.
fn field_lines(f: &FieldDef, title: &str, today: &str) -> String {
    let (written, value) = match (f.fill, f.ty) {
        (Fill::Title, _) => (true, quote(title)),
        (Fill::Today, _) => (true, today.to_string()),
        // A list of records: its shape as a commented item below.
        (Fill::Nothing, FieldType::Records(_)) => (true, String::new()),
        (Fill::Nothing, ty) if ty.is_list() => (true, "[]".to_string()),
        (Fill::Nothing, _) if f.required => (true, String::new()),
        (Fill::Nothing, ty) => (false, ty.example().into_owned()),
    };
    let mut line =
        format!("{}{}:{}{value}", if written { "" } else { "# " }, f.name, if value.is_empty() { "" } else { " " });
    let choices = match f.ty {
        FieldType::OneOf(values) => format!("one of: {}", values.join(", ")),
        FieldType::ManyOf(values) => format!("one or more of: {}", values.join(", ")),
        _ => String::new(),
    };
    let comment: Vec<&str> = [f.help.as_ref(), choices.as_str()].into_iter().filter(|c| !c.is_empty()).collect();
    if !comment.is_empty() {
        line = format!("{line:<26} # {}", comment.join("; "));
    }
    if let FieldType::Records(example) = f.ty {
        line.push_str(&format!("\n  # - {example}"));
    }
    line
}

/// The text of a new page of `kind` titled `title`, dated `today`.
pub fn template(kind: &KindDef, title: &str, today: &str) -> String {
    let front: String =
        kind.fields.iter().filter(|f| f.in_template).map(|f| field_lines(f, title, today) + "\n").collect();
    format!("---\n{front}---\n\n")
}

/// Creates the page and returns its path. Refuses a title with nothing to
/// make a slug of, an existing file, and a file that would be the same page
/// as an existing one (`Core Scientific.md` beside `core-scientific.md`).
pub fn create(content_dir: &Path, kind: &KindDef, title: &str, today: &str) -> Result<PathBuf> {
    let title = title.trim();
    let slug = slugify(title);
    if !title.chars().any(char::is_alphanumeric) {
        bail!("the title `{title}` has no letters or digits to make a file name from");
    }
    let Some(folder) = kind.folder else { bail!("pages of the kind `{}` are not made by `new`", kind.name) };
    let dir = content_dir.join(folder);
    let rel = PathBuf::from(folder).join(format!("{slug}.md"));
    let url = url_for(&rel);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = PathBuf::from(folder).join(e.file_name());
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

    fn builtin(name: &str) -> KindDef {
        Kinds::default().by_name(name).unwrap().clone()
    }

    #[test]
    fn names_every_field_of_each_kind() {
        for kind in Kinds::default().all().filter(|k| k.name != "home") {
            let text = template(kind, "X", "2026-01-02");
            for f in kind.fields.iter().filter(|f| f.in_template) {
                assert!(
                    text.lines().any(|l| l.trim_start_matches("# ").starts_with(&format!("{}:", f.name))),
                    "{} template lacks `{}`:\n{text}",
                    kind.name,
                    f.name
                );
            }
        }
    }

    #[test]
    fn fills_what_it_can_and_comments_the_rest() {
        let text = template(&builtin("topic"), "A \"quoted\": topic", "2026-01-02");
        let head: Vec<&str> = text.lines().take(4).collect();
        assert_eq!(
            head,
            [
                "---",
                "title: \"A \\\"quoted\\\": topic\"",
                "description:               # one line on what the topic covers",
                "aliases: []",
            ]
        );
        let deal = template(&builtin("deal"), "X", "2026-01-02");
        assert!(deal.contains("\ndate: 2026-01-02           # announcement date"), "{deal}");
        assert!(deal.contains("\nkinds: []"), "{deal}");
        assert!(deal.contains("\n# state: announced"), "{deal}");
        assert!(deal.contains("\nsources:\n  # - {url: "), "{deal}");
    }

    #[test]
    fn unknown_kinds_are_named_with_a_hint() {
        let err = kind(&Kinds::default(), "compnay").unwrap_err().to_string();
        assert_eq!(
            err,
            "there is no kind of page `compnay` (kinds: company, deal, topic, note); did you mean `company`?"
        );
    }

    #[test]
    fn refuses_to_overwrite_and_same_page() {
        let dir = tempfile::tempdir().unwrap();
        let note = builtin("note");
        let p = create(dir.path(), &note, "My Note", "2026-01-02").unwrap();
        assert_eq!(p, dir.path().join("notes/my-note.md"));
        let err = create(dir.path(), &note, "My note", "2026-01-02").unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        std::fs::write(dir.path().join("notes/Other Thing.md"), "x").unwrap();
        assert!(create(dir.path(), &note, "other thing", "2026-01-02").is_err());
        assert!(create(dir.path(), &note, "!!!", "2026-01-02").is_err());
    }
}
