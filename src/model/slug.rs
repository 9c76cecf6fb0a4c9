//! Slugs and site paths: how a file's path becomes its URL.
//!
//! `content/notes/a/B c.md` → `notes/a/b-c/`: every folder is kept, so two
//! notes with one name in different folders never collide. Only letters and
//! digits (any script) survive; everything else becomes `-`. The result can
//! never climb out of the output folder: `..`, `/` and `\` cannot appear in a
//! segment.

use std::path::{Component, Path};

/// Lower-cases `s` and joins its runs of letters and digits with `-`.
/// Never empty: a name with no letters or digits becomes `-`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('-');
    }
    out
}

/// The site path of a markdown file at `rel` in the content folder, ending
/// in `/` (`companies/iren.md` → `companies/iren/`).
pub fn url_for(rel: &Path) -> String {
    let stemmed = rel.with_extension("");
    let mut url = String::new();
    for c in stemmed.components() {
        if let Component::Normal(seg) = c {
            url.push_str(&slugify(&seg.to_string_lossy()));
            url.push('/');
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for (input, want) in [
            ("IREN", "iren"),
            ("Core Scientific", "core-scientific"),
            ("a b", "a-b"),
            ("a-b", "a-b"),
            ("  Hut 8 / Corp.  ", "hut-8-corp"),
            ("Übersicht Größe", "übersicht-größe"),
            ("../../etc", "etc"),
            ("???", "-"),
            ("", "-"),
        ] {
            assert_eq!(slugify(input), want, "{input}");
        }
    }

    #[test]
    fn urls_keep_folders() {
        assert_eq!(url_for(Path::new("notes/a/b.md")), "notes/a/b/");
        assert_eq!(url_for(Path::new("companies/IREN.md")), "companies/iren/");
        assert_eq!(url_for(Path::new("Core Scientific.md")), "core-scientific/");
    }
}
