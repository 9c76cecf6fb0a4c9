//! Link paths: splitting off `#anchors`, decoding `%20` escapes, and
//! resolving `.` and `..` without leaving the content folder.

use std::path::{Component, Path, PathBuf};

pub(super) fn split_anchor(s: &str) -> (&str, Option<&str>) {
    match s.split_once('#') {
        Some((a, b)) => (a.trim(), Some(b.trim()).filter(|b| !b.is_empty())),
        None => (s.trim(), None),
    }
}

/// Decodes `%20`-style escapes; invalid escapes are kept as written.
pub(super) fn percent_decode(s: &str) -> String {
    crate::percent::decode_lenient(s)
}

/// Resolves `.` and `..`; `None` when the path climbs above its start.
pub(super) fn normalize(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => out.push(s),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize(Path::new("notes/../deals/x.md")), Some(PathBuf::from("deals/x.md")));
        assert_eq!(normalize(Path::new("notes/../../etc/passwd")), None);
        assert_eq!(normalize(Path::new("/etc/passwd")), None);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn splits_anchors() {
        assert_eq!(split_anchor("iren#Financing"), ("iren", Some("Financing")));
        assert_eq!(split_anchor("iren#"), ("iren", None));
        assert_eq!(split_anchor("#top"), ("", Some("top")));
    }
}
