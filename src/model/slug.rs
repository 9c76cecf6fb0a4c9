//! Slugs and site paths: how a file's path becomes its URL.
//!
//! `content/notes/a/B c.md` → `notes/a/b-c/`: every folder is kept, so two
//! notes with one name in different folders never collide. Only letters,
//! marks and digits (any script, [`is_word_char`]) survive; everything else
//! becomes `-`. The result can
//! never climb out of the output folder: `..`, `/` and `\` cannot appear in a
//! segment.
//!
//! Three more rules decide a page's address: a folder's `index.md` (or
//! `_index.md`, or outside a vault its `README.md`) is the folder's page
//! (`a/index.md` → `a/`); a note's
//! `permalink:` (Obsidian Publish's) replaces its path; and a file whose
//! address another file already has gets the first free `-2`, `-3`… after
//! its last segment ([`suffixed`]), the first file by path keeping it.

use std::path::{Component, Path};

use unicode_general_category::{get_general_category, GeneralCategory as G};

use super::fields::Text;
use super::Page;
use crate::yaml::FrontMatter;

/// Whether `c` is part of a word: a letter, a mark or a digit (Unicode's
/// `L`, `M` and `N`, as `[\p{L}\p{M}\p{N}]` in `search.js`), for slugs,
/// heading ids and search terms alike. The marks are the vowel signs of
/// Hindi or Bengali and Thai's tone marks (`्` and `ी` in `हिन्दी`): a
/// word of those scripts without them breaks apart.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(
        get_general_category(c),
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::NonspacingMark
            | G::SpacingMark
            | G::EnclosingMark
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
    )
}

/// `s` in Unicode's composed form (NFC): macOS often stores a file name
/// decomposed (`동` as three jamo, `é` as `e` and an accent), while text
/// typed elsewhere is composed, and the two must compare equal.
pub fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(s)
}

/// Lower-cases `s` and joins its runs of letters, marks and digits with `-`.
/// Never empty: a name with no letters or digits becomes `-`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if !is_word_char(c) {
            dash = true;
            continue;
        }
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        if c.is_ascii() {
            // The common case, without the lower-casing iterator.
            out.push(c.to_ascii_lowercase());
        } else {
            // A mark has no case and stays. Some lower-case forms of a
            // letter add one (`İ` → `i̇`): keep only the letters and digits
            // of those, so `İstanbul` is `istanbul`.
            let letter = c.is_alphanumeric();
            out.extend(c.to_lowercase().filter(|&l| if letter { l.is_alphanumeric() } else { is_word_char(l) }));
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

/// The site path of a folder's `index.md` or `_index.md` (any case): the
/// folder's own (`Guides/index.md` → `guides/`). `None` for any other file
/// and for the content folder's own index (the home page).
pub(super) fn folder_index_url(rel: &Path) -> Option<String> {
    let stem = rel.file_stem()?.to_str()?;
    let is_index = stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("_index");
    let parent = rel.parent().filter(|p| !p.as_os_str().is_empty())?;
    is_index.then(|| folder_url(parent))
}

/// A folder's own site path: its path as a page's (`a/3.1` is `a/3-1/`;
/// `with_extension` would take `.1` for an extension).
fn folder_url(folder: &Path) -> String {
    let mut page = folder.as_os_str().to_owned();
    page.push(".md");
    url_for(Path::new(&page))
}

/// The site path of a folder's `README.md` (any case): the folder's own
/// (`guide/README.md` → `guide/`). `None` for any other file and for the
/// content folder's own README.
pub(super) fn folder_readme_url(rel: &Path) -> Option<String> {
    let stem = rel.file_stem()?.to_str()?;
    let parent = rel.parent().filter(|p| !p.as_os_str().is_empty())?;
    stem.eq_ignore_ascii_case("readme").then(|| folder_url(parent))
}

/// `url` (`a/b/`) with `-n` after its last segment (`a/b-2/`).
pub(super) fn suffixed(url: &str, n: usize) -> String {
    format!("{}-{n}/", url.trim_end_matches('/'))
}

/// A `permalink:` as written (`publish/permalinks`, `/about/`) → the site
/// path it names (`publish/permalinks/`), kept as written but for the
/// slashes around it; or why it cannot be one. A permalink is a path inside
/// the site: no scheme or host, no `.` or `..` segment, and only letters,
/// digits, `-`, `_`, `.` and `~` in each segment (nothing a URL path would
/// have to escape). `/` alone is the home page (``).
pub(super) fn permalink(raw: &str) -> Result<String, String> {
    let t = raw.trim();
    if t.contains("://") || t.starts_with("//") {
        return Err(format!("`{t}` is an absolute URL, not a path inside the site"));
    }
    let segments: Vec<&str> = t.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        // `permalink: /` is the home page's address.
        return if t.is_empty() { Err("an empty permalink names no page".into()) } else { Ok(String::new()) };
    }
    for seg in &segments {
        if *seg == "." || *seg == ".." {
            return Err(format!("`{t}` has a `{seg}` segment: a permalink cannot climb out of the site"));
        }
        if let Some(c) = seg.chars().find(|&c| !(is_word_char(c) || "-_.~".contains(c))) {
            return Err(format!("`{t}` has `{}`, which a URL path would have to escape", c.escape_debug()));
        }
    }
    Ok(segments.iter().map(|s| format!("{s}/")).collect())
}

/// A note's `permalink:` (Obsidian Publish's): the page is served there,
/// and its own path is not generated; `permalink: /` makes it the home
/// page. One that is not a path inside the site is a located warning, and
/// the page keeps its own path.
pub(super) fn read_permalink(fm: &mut FrontMatter, page: &mut Page) {
    let Some(Text(raw)) = fm.opt::<Text>("permalink") else { return };
    match permalink(&raw) {
        Ok(url) => {
            page.slug = url.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
            if url.is_empty() {
                page.kind = crate::load::EntityKind::Home;
            }
            page.url = url;
            page.permalink = Some(fm.span("permalink"));
        }
        Err(why) => fm.warn(
            "permalink",
            "invalid-permalink",
            why,
            Some("write a path inside the site, such as `guides/setup`; the page keeps its own address".into()),
        ),
    }
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
            // Vowel signs and tone marks stay in their words.
            ("हिन्दी भाषा", "हिन्दी-भाषा"),
            ("ที่นี่", "ที่นี่"),
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
                prop_assert!(slug.chars().all(|c| c == '-' || is_word_char(c)), "{slug:?}");
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
    fn folder_indexes_are_their_folders() {
        assert_eq!(folder_index_url(Path::new("Guides/index.md")).as_deref(), Some("guides/"));
        assert_eq!(folder_index_url(Path::new("a/B c/_index.md")).as_deref(), Some("a/b-c/"));
        assert_eq!(folder_index_url(Path::new("a/Index.md")).as_deref(), Some("a/"));
        assert_eq!(folder_index_url(Path::new("index.md")), None);
        assert_eq!(folder_index_url(Path::new("a/indexes.md")), None);
        // DataTalksClub/mlops-zoomcamp's `03-orchestration/3.1/`: a dot in a folder is no extension.
        assert_eq!(folder_index_url(Path::new("o/3.1/index.md")).as_deref(), Some("o/3-1/"));
        assert_eq!(folder_readme_url(Path::new("o/3.1/README.md")).as_deref(), Some("o/3-1/"));
        assert_eq!(folder_readme_url(Path::new("README.md")), None);
        assert_eq!(suffixed("a/b-c/", 2), "a/b-c-2/");
    }

    #[test]
    fn permalinks() {
        assert_eq!(permalink("publish/permalinks").as_deref(), Ok("publish/permalinks/"));
        assert_eq!(permalink(" /about/ ").as_deref(), Ok("about/"));
        assert_eq!(permalink("v1.2/Über_uns~").as_deref(), Ok("v1.2/Über_uns~/"));
        assert_eq!(permalink("/").as_deref(), Ok(""));
        for bad in
            ["", " ", "../x", "a/./b", "https://example.com/a", "//host/a", "a b", "a?b", "a#b", "a%20b", "a\\b", "<x>"]
        {
            assert!(permalink(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn urls_keep_folders() {
        assert_eq!(url_for(Path::new("notes/a/b.md")), "notes/a/b/");
        assert_eq!(url_for(Path::new("companies/IREN.md")), "companies/iren/");
        assert_eq!(url_for(Path::new("Core Scientific.md")), "core-scientific/");
    }
}
