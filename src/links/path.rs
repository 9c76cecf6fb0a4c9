//! Markdown links and images (`[x](path)`, `![a](path)`), resolved as
//! Obsidian resolves them: the path percent-decoded, with or without `.md`,
//! first from the linking note's folder, then from the content folder's
//! root, then (a bare name) by file name anywhere, as a wikilink; a path
//! starting with `/` is a site path (a page, a generated index, a folder or
//! tag page) or else a path from the content folder's top, as GitHub reads
//! `/` in a repository and Obsidian publishers read it in a vault. A
//! relative path with more `..` than folders above it is an error; under
//! `links: warn`, when the path without its extra `..` (as RFC 3986 drops
//! them from a URL) finds a page or file, it links there with a warning.
//! Also the pieces: splitting off `#anchors`, decoding `%20` escapes, and
//! resolving `.` and `..` without leaving the content folder.

use std::path::{Component, Path, PathBuf};

use super::{fold, key, Resolver, Target, GENERATED};
use crate::config::LinkPolicy;
use crate::diag::{did_you_mean, Diagnostic, Span};
use crate::markdown::{FoundLink, LinkForm};
use crate::model::PageId;

impl Resolver<'_> {
    /// Resolves a markdown link or image.
    pub(super) fn resolve_path(
        &self,
        from: PageId,
        link: &FoundLink,
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Target {
        let raw = link.target.split('?').next().unwrap_or("");
        let (path, anchor) = split_anchor(raw);
        let path = percent_decode(path);
        let anchor = anchor.map(percent_decode);
        let anchor = anchor.as_deref();
        if link.form == LinkForm::Image && link.alt.trim().is_empty() {
            diags.push(
                self.broken("missing-alt", span.clone(), format!("image `{path}` has no alt text"))
                    .with_help("describe the image: ![what it shows](file.png)"),
            );
        }
        if path.is_empty() {
            return self.with_anchor(from, anchor, &span, diags);
        }
        if let Some(site) = path.strip_prefix('/') {
            return self.site_path(&path, site, anchor, span, diags);
        }
        let doc = &self.corpus.docs[self.model.page(from).doc];
        let base = doc.rel.parent().unwrap_or(Path::new(""));
        let Some(beside) = normalize(&base.join(&path)) else {
            return self.climbs_out(&path, base, anchor, span, diags);
        };
        // `.`, `..` and `../` name a folder, as `x/` does; the content
        // folder's top is the site's home.
        let last = Path::new(&path).components().next_back();
        let folder = path.ends_with('/') || matches!(last, Some(Component::CurDir | Component::ParentDir));
        if folder && beside.as_os_str().is_empty() {
            return self.site_path("/", "", anchor, span, diags);
        }
        // Obsidian's "relative path" form, then its "absolute path in vault" form.
        let root = normalize(Path::new(&path)).filter(|r| *r != beside);
        for rel in std::iter::once(&beside).chain(&root) {
            if let Some(t) = self.in_content(&slashed(rel), folder, anchor, &span, diags) {
                return t;
            }
        }
        // Its "shortest path" form: a name found anywhere, as a wikilink finds it.
        let written = path.trim_start_matches("./");
        let climbs = Path::new(written).components().any(|c| c == Component::ParentDir);
        if !folder && !climbs {
            if let Some(t) = self.named(written, anchor, &span, diags) {
                return t;
            }
        }
        diags.push(self.not_found(link, &slashed(&beside), folder, span));
        Target::Broken
    }

    /// A wikilink or embed written as a relative path (`[[./Note]]`,
    /// `![[../assets/chart.png|600]]`: Obsidian's "relative path to file"
    /// link format): the note or file it names from the linking page's
    /// folder, `None` when nothing is there (the caller says so).
    pub(super) fn relative_wiki(
        &self,
        from: PageId,
        raw: &str,
        anchor: Option<&str>,
        span: &Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Target> {
        let doc = &self.corpus.docs[self.model.page(from).doc];
        let base = doc.rel.parent().unwrap_or(Path::new(""));
        match normalize(&base.join(raw)) {
            Some(rel) => self.in_content(&slashed(&rel), false, anchor, span, diags),
            None => Some(self.climbs_out(raw, base, anchor, span.clone(), diags)),
        }
    }

    /// The page, folder page or file at a path of the content folder
    /// (`/`-separated): a note with or without `.md`, or another file.
    fn in_content(
        &self,
        rel: &str,
        folder: bool,
        anchor: Option<&str>,
        span: &Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Target> {
        if folder {
            // A folder note at the folder's address (`Folder.md` beside `Folder/`) is its page.
            let url = self.folder_page(rel)?;
            return Some(match self.names.index.urls.get(&url) {
                Some(id) => Target::Page(*id, None),
                None => Target::SitePath(url),
            });
        }
        let by_rel = |r: &str| self.names.index.by_rel.get(&key(r)).copied();
        let note = if rel.to_lowercase().ends_with(".md") { by_rel(rel) } else { by_rel(&format!("{rel}.md")) };
        if let Some(id) = note {
            return Some(self.with_anchor(id, anchor, span, diags));
        }
        // A file's `#anchor` (`chart.png#interface`) is the reader's: the file is what is linked.
        self.names.assets.contains(rel).then(|| Target::Asset(rel.to_string()))
    }

    /// The diagnostic for a markdown link that finds nothing: what it
    /// tried, and the nearest pages or files.
    fn not_found(&self, link: &FoundLink, beside: &str, folder: bool, span: Span) -> Diagnostic {
        let file = beside.rsplit('/').next().unwrap_or(beside);
        let stem = file.strip_suffix(".md").or_else(|| file.strip_suffix(".MD")).unwrap_or(file);
        if folder {
            return self
                .broken("broken-link", span, format!("no folder `{beside}/` in the content folder holds a page"))
                .with_help("link to a folder that holds notes, or to a note");
        }
        if stem.contains('.') && stem == file {
            let code = match link.form {
                LinkForm::Image | LinkForm::HtmlMedia => "missing-file",
                _ => "broken-link",
            };
            let lower = fold(file);
            let close = did_you_mean(&lower, self.names.assets_by_name.keys().map(String::as_str), 3);
            let paths: Vec<String> = close
                .iter()
                .filter_map(|n| self.names.assets_by_name.get(*n)?.first())
                .map(|p| format!("`{p}`"))
                .collect();
            let help = if let Some(web) = web_address(&link.target) {
                web
            } else if paths.is_empty() {
                "put the file in the content folder, or fix the path".to_string()
            } else {
                format!("did you mean {}?", paths.join(", "))
            };
            // A path with a folder is looked for there only: a file of that name elsewhere is no answer.
            let message = match self.names.assets_by_name.contains_key(&lower) {
                true => format!("no file at `{beside}` in the content folder (a file named `{file}` is elsewhere)"),
                false => format!("no file at `{beside}` in the content folder, nor one named `{file}` anywhere"),
            };
            return self.broken(code, span, message).with_help(help);
        }
        let at = if file == stem { format!("{beside}.md") } else { beside.to_string() };
        let help = web_address(&link.target).or_else(|| self.suggestions_near(stem, &at));
        let message = match self.names.index.lookup(stem).is_empty() {
            true => format!("no page at `{at}`, nor one named `{stem}` anywhere"),
            false => format!("no page at `{at}` (a page named `{stem}` is elsewhere)"),
        };
        self.broken("broken-link", span, message).with_opt_help(help)
    }

    /// A site path (`/deals/`, `/tags/plugin/`, `/Folder A/`): a page, a
    /// generated index, or a folder or tag page.
    fn site_path(
        &self,
        path: &str,
        site: &str,
        anchor: Option<&str>,
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Target {
        let site = if site.is_empty() || site.ends_with('/') { site.to_string() } else { format!("{site}/") };
        if let Some(id) = self.names.index.urls.get(&site) {
            return self.with_anchor(*id, anchor, &span, diags);
        }
        if GENERATED.contains(&site.as_str()) || self.model.kinds.indexed().any(|(_, i)| i.path == site) {
            return Target::SitePath(site);
        }
        if let Some(generated) = self.tag_page(&site).or_else(|| self.folder_page(&site)) {
            return Target::SitePath(generated);
        }
        // A path from the content folder's top: a note (with or without `.md`), or a file.
        let rel = site.trim_end_matches('/');
        if let Some(t) =
            normalize(Path::new(rel)).and_then(|r| self.in_content(&slashed(&r), false, anchor, &span, diags))
        {
            return t;
        }
        // Not a page of the site (a folder `home/` of the vault would be): a file of this computer?
        if Path::new(path).exists() {
            diags.push(
                Diagnostic::error(
                    "absolute-path",
                    span,
                    format!("`{path}` is a path on this computer, not a page of the site"),
                )
                .with_help("link to a page with [[name]] or a relative path to its .md file"),
            );
            return Target::Broken;
        }
        let stem = rel.strip_suffix(".md").unwrap_or(rel);
        diags.push(
            self.broken(
                "broken-link",
                span,
                format!("no page at site path `{path}`, nor a page or file at `{rel}` in the content folder"),
            )
            .with_opt_help(self.suggestions_near(stem, rel)),
        );
        Target::Broken
    }

    /// A relative `path`, written in folder `base`, that climbs above the
    /// content folder. Without its extra `..`, it may still find a page or
    /// file (a `..` too many is an easy slip, and browsers drop it): under
    /// `links: warn` it links there, with a warning; otherwise, or when it
    /// finds nothing, it is an error. Either way the help gives the path
    /// that stays inside.
    fn climbs_out(
        &self,
        path: &str,
        base: &Path,
        anchor: Option<&str>,
        span: Span,
        diags: &mut Vec<Diagnostic>,
    ) -> Target {
        let message = format!("`{path}` climbs out of the content folder");
        let found = clamp(&base.join(path)).and_then(|rel| {
            let rel = slashed(&rel);
            let mut quiet = Vec::new();
            let target = self.in_content(&rel, path.ends_with('/'), anchor, &span, &mut quiet)?;
            Some((rel, target, quiet))
        });
        let Some((rel, target, more)) = found else {
            diags.push(
                Diagnostic::error("link-outside-content", span, message)
                    .with_help("link only to files inside the content folder"),
            );
            return Target::Broken;
        };
        let inside = relative(base, &rel);
        let warned = self.names.policy == LinkPolicy::Warn;
        diags.push(self.broken("link-outside-content", span, message).with_help(if warned {
            format!(
                "it has more `..` than there are folders above it; without them it links to `{rel}`: write `{inside}`"
            )
        } else {
            format!("it has more `..` than there are folders above it; did you mean `{inside}`?")
        }));
        if !warned {
            return Target::Broken;
        }
        diags.extend(more);
        target
    }
}

/// The help for a broken link whose target reads as a web address
/// without its scheme: one with `://` further on, a scheme missing its
/// colon (`https//…`), or a host name under a common top-level domain
/// (`offsec.com`, `www.example.org/page`).
fn web_address(target: &str) -> Option<String> {
    const DOMAINS: [&str; 10] = ["com", "org", "net", "io", "dev", "edu", "gov", "info", "app", "co"];
    if target.contains("://") {
        return Some("a web address must start with its scheme (`https://…`) to be a link to the web".to_string());
    }
    if let Some(rest) = target.strip_prefix("https//").or_else(|| target.strip_prefix("http//")) {
        return Some(format!("a web address is written with a colon after its scheme: `https://{rest}`"));
    }
    let host = target.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let hostlike = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    let last = labels.last().map(|l| l.to_ascii_lowercase()).unwrap_or_default();
    (hostlike && (labels[0].eq_ignore_ascii_case("www") || DOMAINS.contains(&last.as_str())))
        .then(|| format!("a web address must start with its scheme to be a link to the web: `https://{target}`"))
}

/// A relative path with `/` between its parts.
fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

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
    dots(p, false)
}

/// The shortest relative path from folder `base` to `rel` (both from the
/// content folder's top, `rel` `/`-separated).
fn relative(base: &Path, rel: &str) -> String {
    let from: Vec<_> = base.components().filter_map(|c| c.as_os_str().to_str()).collect();
    let to: Vec<&str> = rel.split('/').collect();
    let (dirs, _) = to.split_at(to.len().saturating_sub(1));
    let common = from.iter().zip(dirs).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to[common..].join("/"));
    out
}

/// Resolves `.` and `..` as [`normalize`] does, but drops a `..` that
/// would climb above the start, as RFC 3986 (5.2.4) drops it from a URL's
/// path.
fn clamp(p: &Path) -> Option<PathBuf> {
    dots(p, true)
}

/// `p` with `.` and `..` resolved; a `..` above the start is dropped when
/// `drop_above`, else `None`. `None` too for a path from the root (or a drive).
fn dots(p: &Path, drop_above: bool) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => out.push(s),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() && !drop_above {
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
        assert_eq!(clamp(Path::new("a/b/../../../../x/./y.md")), Some(PathBuf::from("x/y.md")));
        assert_eq!(clamp(Path::new("/etc/passwd")), None);
        assert_eq!(relative(Path::new("a/b"), "x/y.md"), "../../x/y.md");
        assert_eq!(relative(Path::new("a/b"), "a/b/y.md"), "y.md");
        assert_eq!(relative(Path::new("a/b"), "a/c/y.md"), "../c/y.md");
        assert_eq!(relative(Path::new(""), "y.md"), "y.md");
    }

    #[test]
    fn a_target_that_reads_as_a_web_address_says_so() {
        let says = |t: &str| web_address(t).unwrap_or_default();
        assert!(says("offsec.com").ends_with("`https://offsec.com`"), "{}", says("offsec.com"));
        assert!(says("www.example.de/a/b").ends_with("`https://www.example.de/a/b`"));
        assert!(says("https//tryhackme.com/room").ends_with("`https://tryhackme.com/room`"));
        assert!(says("(https://x.org").contains("must start with its scheme"));
        for not in ["notes/x.md", "chart.png", "Other Note", "v1.2", "a..com", "report.pdf"] {
            assert_eq!(web_address(not), None, "{not}");
        }
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
