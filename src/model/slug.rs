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
            // Some lower-case forms add a combining mark (`İ` → `i̇`): keep
            // only letters and digits, so a slug is its own slug.
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
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
            ("İstanbul", "istanbul"),
            ("???", "-"),
            ("", "-"),
        ] {
            assert_eq!(slugify(input), want, "{input}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Any text, with the characters whose case mapping is unusual
        /// (`İ` lower-cases to two characters, `ẞ`, `ǅ`, `ﬓ`) and separators
        /// drawn often.
        fn names() -> impl Strategy<Value = String> {
            let special = prop::sample::select(vec!['İ', 'ẞ', 'ß', 'Σ', 'ǅ', 'ﬓ', 'Å', '-', '.', ' ', '/', '\\']);
            prop::collection::vec(prop_oneof![any::<char>(), special], 0..16).prop_map(|v| v.into_iter().collect())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn slugs_are_url_safe_nonempty_and_idempotent(s in names()) {
                let slug = slugify(&s);
                prop_assert!(!slug.is_empty());
                prop_assert!(slug.chars().all(|c| c == '-' || c.is_alphanumeric()), "{slug:?}");
                prop_assert!(!slug.contains(".."));
                prop_assert!(slug == "-" || !(slug.starts_with('-') || slug.ends_with('-') || slug.contains("--")), "{slug:?}");
                prop_assert_eq!(slugify(&slug), slug.clone(), "not idempotent");
                prop_assert_eq!(slugify(&s.to_ascii_uppercase()), slugify(&s.to_ascii_lowercase()), "case matters");
            }

            #[test]
            fn names_that_differ_only_in_punctuation_share_a_slug(words in prop::collection::vec("[a-zA-Z0-9é]{1,8}", 1..5), sep in "[ _.,/-]{1,3}") {
                prop_assert_eq!(slugify(&words.join(&sep)), slugify(&words.join(" ")));
            }

            #[test]
            fn urls_stay_inside_the_site(parts in prop::collection::vec(any::<String>(), 1..6)) {
                let parts: Vec<String> = parts.into_iter().map(|p| p.replace(['/', '\\', '\0'], "")).collect();
                let mut rel = std::path::PathBuf::new();
                for p in &parts {
                    rel.push(p);
                }
                rel.set_extension("md");
                let url = url_for(&rel);
                prop_assert!(url.is_empty() || url.ends_with('/'), "{url:?}");
                prop_assert!(!url.starts_with('/'));
                for seg in url.trim_end_matches('/').split('/').filter(|_| !url.is_empty()) {
                    prop_assert!(!seg.is_empty() && seg != "." && seg != "..", "{url:?}");
                }
            }
        }
    }

    #[test]
    fn urls_keep_folders() {
        assert_eq!(url_for(Path::new("notes/a/b.md")), "notes/a/b/");
        assert_eq!(url_for(Path::new("companies/IREN.md")), "companies/iren/");
        assert_eq!(url_for(Path::new("Core Scientific.md")), "core-scientific/");
    }
}
