//! Site settings: `pivotbook.yaml` at the root → [`Config`].
//!
//! Every setting has its documented default here, in one place; a missing
//! file means all defaults, and an unknown key is an error with a
//! did-you-mean. Paths are resolved against the root. Command-line options
//! are applied by the caller ([`Config::with_overrides`]); this module never
//! reads the environment or the command line. A content folder with an
//! `.obsidian/` folder (a vault) defaults to `links: warn` when the file does
//! not set `links`, to `markdown.math: true` when it does not set that, and
//! to ignoring the notes of the vault's templates folder (as
//! Obsidian's Templates and Templater settings name it) when the file does
//! not set `ignore`; `ignore:` patterns are compiled here, each bad one a
//! located error.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Span};
use crate::kinds::{KindDecl, Kinds};

mod direction;
pub use direction::is_rtl;

/// How raw HTML in markdown bodies is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep safe tags and attributes; drop scripts, event handlers and
    /// `javascript:` URLs (default).
    #[default]
    Sanitize,
    /// Pass raw HTML through untouched (trusted content only).
    Allow,
    /// Show raw HTML as text.
    Escape,
}

/// What a link to a page that does not exist is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    /// An error (default).
    #[default]
    Error,
    /// A warning, for vaults that keep links to notes not yet written: the
    /// link is shown as an unresolved span, and an ambiguous name resolves
    /// to the note Obsidian opens.
    Warn,
}

/// Markdown options.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Raw HTML handling.
    pub raw_html: RawHtml,
    /// `$…$` math. Off by default: in this knowledge base `$` is money.
    pub math: bool,
    /// Curly quotes and dashes.
    pub smart_punctuation: bool,
    /// syntect theme for light mode code highlighting.
    pub highlight_theme: String,
    /// syntect theme for dark mode code highlighting.
    pub highlight_theme_dark: String,
    /// Show a table of contents when a page has at least this many headings.
    pub toc_min_headings: usize,
    /// Math macros for every page, KaTeX's way: `R: \mathbb{R}`, arguments
    /// as `#1`…`#9`.
    pub math_macros: std::collections::BTreeMap<String, String>,
    /// Every page's macro definitions as pulldown-latex reads them: those
    /// of `math_macros`, then those of the content folder's `preamble.sty`
    /// (set when the content is loaded).
    #[serde(skip)]
    pub math_preamble: Arc<str>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            raw_html: RawHtml::Sanitize,
            math: false,
            smart_punctuation: false,
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
            toc_min_headings: 3,
            math_macros: Default::default(),
            math_preamble: Arc::from(""),
        }
    }
}

/// `pivotbook.yaml` as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// One-line description (home page, meta tags).
    pub description: String,
    /// Where the site is served: `https://owner.github.io/repo/`, or a path
    /// such as `/repo/`. Default `/`.
    pub base_url: String,
    /// Language tag for `<html lang>`.
    pub language: String,
    /// Author or maintainer shown in the footer.
    pub author: String,
    /// Theme folder name under `themes/` (the default theme is built in).
    pub theme: String,
    /// Content folder, relative to the root.
    pub content: PathBuf,
    /// Output folder, relative to the root.
    pub output: PathBuf,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Broken and ambiguous wikilinks: errors, or warnings.
    pub links: LinkPolicy,
    /// Whether the file sets `links` (else a vault's content folder warns).
    #[serde(skip)]
    pub links_given: bool,
    /// Whether the file sets `markdown.math` (else a vault has math on).
    #[serde(skip)]
    pub math_given: bool,
    /// Files and folders of the content folder left out of the site,
    /// as gitignore patterns relative to it (`Templates/`, `"*.excalidraw.md"`).
    pub ignore: Vec<String>,
    /// Whether the file sets `ignore` (else the notes of a vault's templates folder are left out).
    #[serde(skip)]
    pub ignore_given: bool,
    /// Custom domain for GitHub Pages: written to a `CNAME` file.
    pub cname: Option<String>,
    /// Kinds of page beyond the built-in ones (see [`crate::kinds`]).
    pub kinds: Vec<KindDecl>,
    /// Notes a newcomer should read first, in order (`notes/overview`, or
    /// a note's name as a wikilink takes it): the notes index lists them as
    /// a numbered "Suggested reading order", then the other notes.
    pub reading_order: Vec<String>,
    /// How many entries the notes index and a declared kind's index list on
    /// one page; the rest go on numbered pages (`notes/page/2/`). `0` lists
    /// them all on one page.
    pub paginate: usize,
    /// Where each `reading_order` entry is written.
    #[serde(skip)]
    pub reading_order_spans: Vec<Span>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "pivotbook".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            author: String::new(),
            theme: "default".into(),
            content: PathBuf::from("content"),
            output: PathBuf::from("public"),
            markdown: MarkdownConfig::default(),
            links: LinkPolicy::Error,
            links_given: false,
            math_given: false,
            ignore_given: false,
            ignore: Vec::new(),
            cname: None,
            kinds: Vec::new(),
            reading_order: Vec::new(),
            paginate: 100,
            reading_order_spans: Vec::new(),
        }
    }
}

/// The config file's name at the site root.
pub const CONFIG_FILE: &str = "pivotbook.yaml";

/// Overrides from the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--content DIR`.
    pub content: Option<PathBuf>,
    /// `--out DIR`.
    pub output: Option<PathBuf>,
    /// `--base-url URL`.
    pub base_url: Option<String>,
}

/// A loaded, checked configuration with absolute paths.
#[derive(Debug, Clone)]
pub struct Site {
    /// Settings as written (after overrides).
    pub config: Config,
    /// The site root.
    pub root: PathBuf,
    /// Absolute content folder.
    pub content_dir: PathBuf,
    /// Absolute output folder.
    pub output_dir: PathBuf,
    /// Path part of the base URL, always starting and ending with `/`.
    pub base_path: String,
    /// Scheme and host of the base URL (`https://x.github.io`), if absolute.
    pub origin: Option<String>,
    /// The kinds of page: the built-in ones and those `kinds:` declares.
    pub kinds: Arc<Kinds>,
    /// What `ignore:` leaves out, matched against paths relative to the content folder.
    pub ignore: Arc<Gitignore>,
    /// A vault's templates folders (`Templates`), whose notes are left out when `ignore:` is not set.
    pub vault_templates: Vec<String>,
}

/// The templates folders a vault's settings name: the Templates core
/// plugin's (`.obsidian/templates.json`, `folder`) and Templater's
/// (`.obsidian/plugins/templater-obsidian/data.json`, `templates_folder`),
/// each a folder inside the content folder, `/`-separated without slashes
/// at its ends. A file that is missing, over 1 MiB or not such JSON names none.
pub fn vault_template_folders(content_dir: &Path) -> Vec<String> {
    const LIMIT: u64 = 1 << 20;
    let settings = [("templates.json", "folder"), ("plugins/templater-obsidian/data.json", "templates_folder")];
    let mut folders: Vec<String> = Vec::new();
    for (file, key) in settings {
        let path = content_dir.join(".obsidian").join(file);
        let mut bytes = Vec::new();
        let read = std::fs::File::open(&path).and_then(|f| {
            use std::io::Read;
            f.take(LIMIT + 1).read_to_end(&mut bytes)
        });
        if !matches!(read, Ok(n) if n as u64 <= LIMIT) {
            continue;
        }
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) else { continue };
        let Some(folder) = json.get(key).and_then(|v| v.as_str()).map(|f| f.trim_matches('/').replace('\\', "/"))
        else {
            continue;
        };
        let inside =
            !folder.is_empty() && Path::new(&folder).components().all(|c| matches!(c, std::path::Component::Normal(_)));
        if inside && !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    folders
}

/// An `ignore:` pattern for the notes of one folder of the content folder,
/// its glob characters escaped: `Storage/Templates` →
/// `/Storage/Templates/**/*.md`. Its other files stay (a vault may keep the
/// `.base` files its notes embed beside its templates).
fn folder_pattern(folder: &str) -> String {
    let mut p = String::from("/");
    for c in folder.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\' | '!' | '#') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push_str("/**/*.md");
    p
}

/// Compiles `ignore:` patterns; the error names the index of the bad one.
fn ignore_matcher(root: &Path, patterns: &[String]) -> Result<Gitignore, (usize, String)> {
    let mut b = GitignoreBuilder::new(root);
    for (i, p) in patterns.iter().enumerate() {
        b.add_line(None, p).map_err(|e| (i, e.to_string()))?;
    }
    b.build().map_err(|e| (0, e.to_string()))
}

const IGNORE_HELP: &str =
    "write gitignore patterns relative to the content folder, e.g. `Templates/`, `\"*.excalidraw.md\"`, `Daily/**`";

impl Config {
    /// Reads `<root>/pivotbook.yaml` (defaults when missing). Problems with
    /// the file are diagnostics; an unreadable file is one too.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error("not-utf8", Span::file(CONFIG_FILE), "the config file is not valid UTF-8")
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(Diagnostic::error("unreadable", Span::file(CONFIG_FILE), format!("cannot read: {e}")))
            }
        };
        let text = crate::diag::unify_line_ends(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string());
        check_kind_entries(&text)?;
        let mut config: Config = crate::yaml::parse_config(&text, Path::new(CONFIG_FILE))?;
        let fm = crate::yaml::FrontMatter::parse(&text, Path::new(CONFIG_FILE), 1)?;
        config.links_given = fm.has("links");
        config.math_given = fm.has("markdown.math");
        config.ignore_given = fm.has("ignore");
        config.reading_order_spans =
            (0..config.reading_order.len()).map(|i| fm.span(&format!("reading_order.{i}"))).collect();
        if let Err((i, message)) = ignore_matcher(Path::new(""), &config.ignore) {
            return Err(Diagnostic::error(
                "invalid-config",
                fm.span(&format!("ignore.{i}")),
                format!("bad `ignore` pattern: {message}"),
            )
            .with_help(IGNORE_HELP));
        }
        // The kinds are checked here, where each declaration's line is known.
        if let Err(e) = Kinds::new(&config.kinds) {
            let span = crate::yaml::FrontMatter::parse(&text, Path::new(CONFIG_FILE), 1)
                .map_or_else(|_| Span::file(CONFIG_FILE), |fm| fm.span(&e.at));
            return Err(Diagnostic::error("invalid-config", span, e.message).with_opt_help(e.help));
        }
        Ok(config)
    }

    /// Applies command-line overrides and resolves paths against `root`.
    pub fn with_overrides(mut self, root: &Path, o: &Overrides) -> Result<Site, Diagnostic> {
        if let Some(c) = &o.content {
            self.content = c.clone();
        }
        if let Some(out) = &o.output {
            self.output = out.clone();
        }
        if let Some(b) = &o.base_url {
            self.base_url = b.clone();
        }
        let (origin, base_path) = split_base_url(&self.base_url).map_err(|msg| {
            Diagnostic::error(
                "invalid-config",
                Span::file(CONFIG_FILE),
                format!("bad base_url `{}`: {msg}", self.base_url),
            )
            .with_help("use an absolute URL such as `https://owner.github.io/repo/` or a path such as `/repo/`")
        })?;
        let plain_name = !self.theme.is_empty()
            && Path::new(&self.theme).components().count() == 1
            && matches!(Path::new(&self.theme).components().next(), Some(std::path::Component::Normal(_)));
        if !plain_name {
            return Err(Diagnostic::error(
                "invalid-config",
                Span::file(CONFIG_FILE),
                format!("bad theme `{}`: a theme is a folder name under themes/", self.theme),
            )
            .with_help("write the folder's name, e.g. `theme: mytheme` for themes/mytheme/"));
        }
        if let Some(c) = &self.cname {
            if c.is_empty() || c.contains(['/', ':', ' ', '\\']) || c.contains(char::is_control) || !c.contains('.') {
                return Err(Diagnostic::error("invalid-config", Span::file(CONFIG_FILE), format!("bad cname `{c}`"))
                    .with_help("give the bare domain, e.g. `cname: kb.example.com`"));
            }
        }
        let content_dir = root.join(&self.content);
        let vault = content_dir.join(".obsidian").is_dir();
        if !self.links_given && vault {
            // An Obsidian vault keeps links to notes not written yet.
            self.links = LinkPolicy::Warn;
        }
        if !self.math_given && vault {
            // Obsidian renders `$…$` and `$$…$$` as math in every note.
            self.markdown.math = true;
        }
        let vault_templates =
            if vault && !self.ignore_given { vault_template_folders(&content_dir) } else { Vec::new() };
        let patterns: Vec<String> =
            self.ignore.iter().cloned().chain(vault_templates.iter().map(|f| folder_pattern(f))).collect();
        let ignore = ignore_matcher(&content_dir, &patterns).map_err(|(_, message)| {
            Diagnostic::error("invalid-config", Span::file(CONFIG_FILE), format!("bad `ignore` pattern: {message}"))
                .with_help(IGNORE_HELP)
        })?;
        let kinds = Kinds::new(&self.kinds).map_err(|e| {
            Diagnostic::error("invalid-config", Span::file(CONFIG_FILE), format!("{}: {}", e.at, e.message))
                .with_opt_help(e.help)
        })?;
        Ok(Site {
            kinds: Arc::new(kinds),
            content_dir,
            ignore: Arc::new(ignore),
            vault_templates,
            output_dir: root.join(&self.output),
            root: root.to_path_buf(),
            config: self,
            base_path,
            origin,
        })
    }
}

/// Decodes each entry of `kinds:` on its own, so that a problem in one (an
/// unknown key, a wrong type) is reported at its line with a did-you-mean,
/// which decoding the whole file cannot locate inside a list.
fn check_kind_entries(text: &str) -> Result<(), Diagnostic> {
    let mut fm = crate::yaml::FrontMatter::parse(text, Path::new(CONFIG_FILE), 1)?;
    if !fm.has("kinds") {
        return Ok(());
    }
    let _ = fm.list::<KindDecl>("kinds");
    let keys = fm.keys();
    let known: Vec<&str> = keys.iter().map(String::as_str).collect();
    match fm.finish(&known, crate::diag::Severity::Error).into_iter().next() {
        Some(mut d) => {
            d.code = "invalid-config";
            Err(d)
        }
        None => Ok(()),
    }
}

/// Splits a base URL into its origin and its path (normalised to `/…/`).
pub fn split_base_url(url: &str) -> Result<(Option<String>, String), String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok((None, "/".into()));
    }
    if url.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>' || c == '\\') {
        return Err("it contains spaces or characters not allowed in a URL".into());
    }
    if url.contains('?') || url.contains('#') {
        return Err("a base URL has no query or fragment".into());
    }
    let (origin, path) = if let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
        let scheme_len = url.len() - rest.len();
        let host_end = rest.find('/').unwrap_or(rest.len());
        let host = &rest[..host_end];
        if host.is_empty() || host.starts_with(':') || host.starts_with('.') {
            return Err("it has no host".into());
        }
        (Some(url[..scheme_len + host_end].to_string()), &rest[host_end..])
    } else if url.starts_with('/') {
        (None, url)
    } else {
        return Err("it must start with http://, https:// or /".into());
    };
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err("it must not contain `.` or `..` segments".into());
    }
    let mut p = String::from("/");
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        p.push_str(seg);
        p.push('/');
    }
    Ok((origin, p))
}

impl Site {
    /// The absolute URL of a site path (`companies/iren/`), for canonical
    /// links and feeds; a root-relative URL when the base URL has no origin.
    pub fn absolute_url(&self, rel: &str) -> String {
        format!("{}{}{}", self.origin.as_deref().unwrap_or(""), self.base_path, rel)
    }

    /// The root-relative URL of a site path, under the base path.
    pub fn url(&self, rel: &str) -> String {
        let mut url = String::with_capacity(self.base_path.len() + rel.len());
        url.push_str(&self.base_path);
        url.push_str(rel);
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_split() {
        let ok = |u: &str| split_base_url(u).unwrap();
        assert_eq!(ok("https://o.github.io/repo"), (Some("https://o.github.io".into()), "/repo/".into()));
        assert_eq!(ok("https://example.com"), (Some("https://example.com".into()), "/".into()));
        assert_eq!(ok("/repo//sub/"), (None, "/repo/sub/".into()));
        assert_eq!(ok(""), (None, "/".into()));
        for bad in ["ftp://x", "repo/", "https:///x", "/a/../b", "https://x/ y", "/a?b"] {
            assert!(split_base_url(bad).is_err(), "{bad}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn any_base_url_is_refused_or_a_clean_base_path(url in any::<String>()) {
                if let Ok((origin, path)) = split_base_url(&url) {
                    prop_assert!(path.starts_with('/') && path.ends_with('/'), "{path:?}");
                    prop_assert!(!path.contains("//"), "{path:?}");
                    prop_assert!(!path.split('/').any(|s| s == ".." || s == "."), "{path:?}");
                    prop_assert!(!path.contains(|c: char| c.is_whitespace() || "\"<>\\?#".contains(c)), "{path:?}");
                    if let Some(o) = origin {
                        prop_assert!(o.starts_with("http://") || o.starts_with("https://"));
                        prop_assert!(!o[8..].contains('/'), "{o:?}");
                    }
                }
            }

            #[test]
            fn site_urls_join_base_and_path_with_single_slashes(
                host in "[a-z]{1,10}\\.(com|io)",
                segs in prop::collection::vec("[a-z0-9-]{1,8}", 0..4),
                slashes in "/{1,3}",
                page in prop::collection::vec("[a-z0-9-]{1,8}", 0..4),
            ) {
                let url = format!("https://{host}{slashes}{}", segs.join(&slashes));
                let (origin, base_path) = split_base_url(&url).unwrap();
                let site = Site {
                    config: Config::default(),
                    root: PathBuf::new(),
                    content_dir: PathBuf::new(),
                    output_dir: PathBuf::new(),
                    base_path,
                    origin,
                    kinds: Default::default(),
                    ignore: Arc::new(Gitignore::empty()),
                    vault_templates: Vec::new(),
                };
                let rel: String = page.iter().map(|p| format!("{p}/")).collect();
                let abs = site.absolute_url(&rel);
                let want_path: String = segs.iter().chain(&page).map(|s| format!("/{s}")).collect();
                prop_assert_eq!(abs.clone(), format!("https://{host}{want_path}/"));
                prop_assert_eq!(site.url(&rel), format!("{want_path}/"));
            }
        }
    }

    #[test]
    fn a_bad_ignore_pattern_is_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "title: x\nignore:\n  - Templates/\n  - \"[z-a]\"\n").unwrap();
        let e = Config::load(dir.path()).unwrap_err();
        assert_eq!((e.code, e.span.line), ("invalid-config", 4), "{e:?}");
        assert!(e.message.contains("bad `ignore` pattern"), "{e:?}");
    }

    #[test]
    fn a_vault_defaults_to_links_warn_and_math_unless_they_are_set() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/.obsidian")).unwrap();
        let site = Config::load(dir.path()).unwrap().with_overrides(dir.path(), &Overrides::default()).unwrap();
        assert_eq!(site.config.links, LinkPolicy::Warn);
        assert!(site.config.markdown.math, "Obsidian renders math in every note");
        std::fs::write(dir.path().join(CONFIG_FILE), "links: error\nmarkdown:\n  math: false\n").unwrap();
        let site = Config::load(dir.path()).unwrap().with_overrides(dir.path(), &Overrides::default()).unwrap();
        assert_eq!(site.config.links, LinkPolicy::Error);
        assert!(!site.config.markdown.math);
        std::fs::write(dir.path().join(CONFIG_FILE), "markdown:\n  smart_punctuation: true\n").unwrap();
        let site = Config::load(dir.path()).unwrap().with_overrides(dir.path(), &Overrides::default()).unwrap();
        assert!(site.config.markdown.math, "another markdown setting leaves math to the vault's default");
        std::fs::remove_dir(dir.path().join("content/.obsidian")).unwrap();
        let site = Config::load(dir.path()).unwrap().with_overrides(dir.path(), &Overrides::default()).unwrap();
        assert!(!site.config.markdown.math, "elsewhere `$` is money");
    }

    #[test]
    fn a_vaults_templates_folders_stay_inside_it_and_match_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let obsidian = dir.path().join(".obsidian");
        std::fs::create_dir_all(obsidian.join("plugins/templater-obsidian")).unwrap();
        std::fs::write(obsidian.join("templates.json"), r#"{"folder": "../outside"}"#).unwrap();
        std::fs::write(obsidian.join("plugins/templater-obsidian/data.json"), "not json").unwrap();
        assert_eq!(vault_template_folders(dir.path()), Vec::<String>::new());
        let huge = format!(r#"{{"folder": "T", "pad": "{}"}}"#, "x".repeat(1 << 20));
        std::fs::write(obsidian.join("templates.json"), huge).unwrap();
        assert_eq!(vault_template_folders(dir.path()), Vec::<String>::new(), "over 1 MiB is not read");
        std::fs::write(obsidian.join("templates.json"), r#"{"folder": "/T [draft]*/"}"#).unwrap();
        assert_eq!(vault_template_folders(dir.path()), ["T [draft]*"]);
        let pattern = folder_pattern("T [draft]*");
        assert_eq!(pattern, r"/T \[draft\]\*/**/*.md");
        let ignore = ignore_matcher(dir.path(), &[pattern]).unwrap();
        let ignored = |rel: &str| ignore.matched_path_or_any_parents(dir.path().join(rel), false).is_ignore();
        assert!(ignored("T [draft]*/Daily.md") && ignored("T [draft]*/People/Person.md"));
        assert!(!ignored("T [draft]*/Bases/Books.base"), "only its notes");
        assert!(!ignored("T d*/Daily.md") && !ignored("notes/T [draft]*/x.md"), "the glob characters are literal");
    }

    #[test]
    fn unknown_keys_are_errors_with_hint() {
        let e = crate::yaml::parse_config::<Config>("title: x\nbase_ulr: /x/\n", Path::new(CONFIG_FILE)).unwrap_err();
        assert_eq!(e.code, "invalid-config");
        assert_eq!(e.span.line, 2);
        assert_eq!(e.help.as_deref(), Some("did you mean `base_url`?"));
        let e = crate::yaml::parse_config::<Config>("markdown:\n  raw_html: sanitise\n", Path::new(CONFIG_FILE))
            .unwrap_err();
        assert!(e.help.unwrap().contains("sanitize"));
    }
}
