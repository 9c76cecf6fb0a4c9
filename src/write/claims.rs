//! Every output path has one owner, known before the first write.
//!
//! The driver lists every path the site will have (rendered pages,
//! redirects, generated and theme files, content assets, and the folders
//! whose files are only named while rendering) as [`Claim`]s; [`check`]
//! reports, before anything is written: two owners of one path, a file
//! where another path needs a folder (a redirect from `/style.css` makes
//! `style.css/index.html`), and a name no filesystem takes (a segment over
//! 255 bytes, a NUL). Each problem is located at the claim that can be
//! changed (a content file, a `redirect_from` entry); generated files are
//! never the ones at fault. It does no I/O.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Span};

/// The longest file name (one path segment) most filesystems take, in bytes.
pub const MAX_NAME: usize = 255;

/// The longest path below the output folder accepted, in bytes (Linux's
/// `PATH_MAX` is 4096 for the whole path, output folder included).
pub const MAX_PATH: usize = 3072;

/// One output path and who writes it.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Path in the output folder, `/`-separated; ending in `/` for a folder
    /// whose files are all this owner's (named only while rendering).
    pub rel: String,
    /// Who writes it, for messages: "the page `content/notes/a.md`".
    pub owner: String,
    /// Where the claim is made, for a claim that can be changed (a content
    /// file, a front matter entry); `None` for generated and theme files.
    pub at: Option<Span>,
    /// The diagnostic code for a problem located here.
    pub code: &'static str,
}

impl Claim {
    /// A path pivotbook itself writes (generated or theme file).
    pub fn generated(rel: impl Into<String>, owner: impl Into<String>) -> Claim {
        Claim { rel: rel.into(), owner: owner.into(), at: None, code: "url-collision" }
    }

    /// A path written because of something in the site's files.
    pub fn located(rel: impl Into<String>, owner: impl Into<String>, at: Span, code: &'static str) -> Claim {
        Claim { rel: rel.into(), owner: owner.into(), at: Some(at), code }
    }
}

/// The problems with a set of claims: one diagnostic per claim at fault.
/// Claims are taken in order: of two located claims on one path, the later
/// is reported (so list pages before redirects before assets).
pub fn check(claims: &[Claim]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // Path (a folder claim without its `/`) → the first claim of it.
    let mut owners: HashMap<&str, &Claim> = HashMap::with_capacity(claims.len());
    let mut valid = Vec::with_capacity(claims.len());
    for c in claims {
        if let Some(problem) = impossible(&c.rel) {
            if let Some(at) = &c.at {
                diags.push(
                    Diagnostic::error(
                        "invalid-output-path",
                        at.clone(),
                        format!("{} would write /{}: {problem}", c.owner, shorten(&c.rel)),
                    )
                    .with_help("shorten or rename it: the output folder could not hold that file"),
                );
            }
            continue;
        }
        let key = c.rel.trim_end_matches('/');
        match owners.get(key) {
            Some(first) => {
                if let Some(d) = collision(first, c, &format!("/{}", c.rel), false) {
                    diags.push(d);
                }
            }
            None => {
                owners.insert(key, c);
                valid.push(c);
            }
        }
    }
    // A path whose parent folder is another claim's file, or inside another
    // claim's folder.
    for c in valid {
        let key = c.rel.trim_end_matches('/');
        let parents = key.match_indices('/').map(|(i, _)| &key[..i]);
        for parent in parents {
            let Some(first) = owners.get(parent) else { continue };
            if first.rel.ends_with('/') {
                if let Some(d) = collision(first, c, &format!("/{} inside /{}/", c.rel, parent), false) {
                    diags.push(d);
                }
            } else if c.at.is_none() && first.at.is_some() {
                // The file is at fault: a generated page needs its place as a folder.
                if let Some(d) = collision(
                    c,
                    first,
                    &format!("the file /{parent}, where {} writes /{}", c.owner, shorten(&c.rel)),
                    true,
                ) {
                    diags.push(d);
                }
            } else if let Some(d) = collision(first, c, &format!("/{} under the file /{parent}", c.rel), false) {
                diags.push(d);
            }
            break;
        }
    }
    diags
}

/// The diagnostic for two claims that cannot both be written, located at
/// the one that can be changed (the later when both can). `what` is the
/// path it would write, or (with `names_other`) a phrase that already
/// names the other claim.
fn collision(first: &Claim, second: &Claim, what: &str, names_other: bool) -> Option<Diagnostic> {
    let (at_fault, other) = match (&first.at, &second.at) {
        (_, Some(_)) => (second, first),
        (Some(_), None) => (first, second),
        (None, None) => return None,
    };
    let at = at_fault.at.clone()?;
    let help = match other.at {
        Some(_) => "rename one of them: every output path has one owner",
        None => "rename or move it: pivotbook writes that path itself",
    };
    Some(
        Diagnostic::error(
            at_fault.code,
            at,
            match names_other {
                true => format!("{} would write {what}", at_fault.owner),
                false => format!("{} would write {}, which {} writes", at_fault.owner, shorten(what), other.owner),
            },
        )
        .with_help(help),
    )
}

/// Why no filesystem would take `rel`, if so.
fn impossible(rel: &str) -> Option<String> {
    if rel.len() > MAX_PATH {
        return Some(format!("the path is {} bytes long; at most {MAX_PATH} are accepted", rel.len()));
    }
    let key = rel.trim_end_matches('/');
    for segment in key.split('/') {
        if segment.len() > MAX_NAME {
            return Some(format!("a name in it is {} bytes long; at most {MAX_NAME} are allowed", segment.len()));
        }
        if segment.is_empty() || segment == "." || segment == ".." || segment.contains('\0') {
            return Some(format!("`{}` is not a file name", segment.escape_debug()));
        }
    }
    None
}

/// A path cut to a readable length for a message.
fn shorten(path: &str) -> String {
    const KEEP: usize = 80;
    if path.chars().count() <= KEEP {
        return path.to_string();
    }
    let head: String = path.chars().take(KEEP / 2).collect();
    let tail: String = path.chars().rev().take(KEEP / 2).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, file: &str) -> Claim {
        Claim::located(rel, format!("the page `{file}`"), Span::file(file), "url-collision")
    }

    fn check_claims(claims: &[Claim], want: &[&str]) {
        let got: Vec<String> =
            check(claims).iter().map(|d| format!("{} {}: {}", d.span.path.display(), d.code, d.message)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn one_owner_per_path() {
        let style = Claim::generated("style.css", "the theme");
        let redirect = Claim::located(
            "style.css/index.html",
            "the redirect from /style.css/",
            Span::at("content/notes/b.md", 3, 16, 12),
            "redirect-collision",
        );
        check_claims(
            &[style.clone(), redirect],
            &["content/notes/b.md redirect-collision: the redirect from /style.css/ would write /style.css/index.html under the file /style.css, which the theme writes"],
        );
        check_claims(
            &[style, page("style.css", "content/style.css")],
            &["content/style.css url-collision: the page `content/style.css` would write /style.css, which the theme writes"],
        );
        check_claims(
            &[Claim::generated("search/d/", "the search index"), page("search/d/0.json", "content/search/d/0.json")],
            &["content/search/d/0.json url-collision: the page `content/search/d/0.json` would write /search/d/0.json inside /search/d/, which the search index writes"],
        );
        check_claims(
            &[page("a/index.html", "content/a.md"), page("a/index.html/index.html", "content/b.md")],
            &["content/b.md url-collision: the page `content/b.md` would write /a/index.html/index.html under the file /a/index.html, which the page `content/a.md` writes"],
        );
        check_claims(
            &[page("tags", "content/tags"), Claim::generated("tags/index.html", "pivotbook")],
            &["content/tags url-collision: the page `content/tags` would write the file /tags, where pivotbook writes /tags/index.html"],
        );
        // Generated files among themselves are pivotbook's business.
        check_claims(&[Claim::generated("a", "x"), Claim::generated("a", "y")], &[]);
        check_claims(&[page("a/b/index.html", "content/a.md"), page("a/c/index.html", "content/c.md")], &[]);
    }

    #[test]
    fn impossible_names() {
        let long = "x".repeat(300);
        let got = check(&[page(&format!("{long}/index.html"), "content/a.md")]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].code, "invalid-output-path");
        assert!(
            got[0].message.ends_with("a name in it is 300 bytes long; at most 255 are allowed"),
            "{}",
            got[0].message
        );
        assert!(check(&[page(&format!("{}/index.html", "x".repeat(255)), "content/a.md")]).is_empty());
        assert_eq!(check(&[page("a\0b", "content/a.md")]).len(), 1);
    }
}
