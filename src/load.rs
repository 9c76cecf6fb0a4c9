//! Reading `content/`: the only module that reads the content folder.
//!
//! [`load`] walks the folder in sorted order, reads every markdown file into
//! a [`SourceDoc`] (raw text, split into front matter and body, with the line
//! numbers needed to locate diagnostics) and lists every other file as an
//! [`Asset`] to be copied; a file's kind is the one whose folder it sits in,
//! by the site's registry of kinds ([`crate::kinds::Kinds::of_path`]). Hidden files and folders (`.git`, `.obsidian`) are
//! skipped, and so is what the config's `ignore:` patterns match (the
//! markdown files left out are kept by path, so that a link to one says
//! why it does not resolve). Unreadable files, invalid UTF-8, binary files
//! and symlink loops are diagnostics, never failures of the whole run.
//!
//! It does not interpret front matter (that is `model`), and it does not
//! load assets into memory: they are copied by `write`.
//!
//! A build does not hold every note's body (800 MB at 100,000 notes): past
//! [`HELD_BUDGET`] it loads as [`Bodies::OnDisk`], which keeps of each file only its front
//! matter and the body's first line (where a note's `# Title` may be), and
//! the link scan and the renderer read a body back with [`Corpus::body`],
//! which checks that the file is the one loaded (same length and hash,
//! [`Stamp`]) and otherwise gives a located error rather than a page of
//! stale or mixed text. `serve` loads with [`Bodies::Held`].

mod body;
mod front;
mod preamble;

use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use ignore::gitignore::Gitignore;

use crate::config::{LinkPolicy, Site};
use crate::diag::{Diagnostic, Span};
use crate::kinds::Kinds;

pub use body::Stamp;
pub use preamble::{math_preamble, PREAMBLE_FILE};

/// What a markdown file is, from the folder it sits in: the identity of a
/// kind, whose data (folder, names, fields, templates) is its entry in the
/// registry, [`crate::kinds::Kinds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    /// `companies/<slug>.md`.
    Company,
    /// `deals/<slug>.md`.
    Deal,
    /// `topics/<slug>.md`.
    Topic,
    /// Any other markdown file.
    Note,
    /// `_index.md` (or a vault's `index.md`) at the top: the home page.
    Home,
    /// The n-th kind the site declares in `pivotbook.yaml`.
    Custom(u16),
}

/// One markdown file, as written.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// Path relative to the content folder (`companies/iren.md`).
    pub rel: PathBuf,
    /// Path shown in diagnostics, relative to the site root.
    pub display: PathBuf,
    /// Kind, from the folder.
    pub kind: EntityKind,
    /// The whole text (BOM removed, CRLF and lone CR turned into LF), or,
    /// once the body is let go ([`SourceDoc::release_body`]), the text up
    /// to the end of the body's first non-blank line ([`SourceDoc::lead`]).
    text: String,
    /// Byte range of the YAML between the `---` lines, if any.
    pub front: Option<Range<usize>>,
    /// File line of the first YAML line.
    pub front_line: u32,
    /// Byte range of the markdown body.
    pub body: Range<usize>,
    /// File line on which the body starts.
    pub body_line: u32,
    /// The file's bytes as read, to tell whether it changed since.
    pub stamp: Stamp,
    /// Whether the body has a fenced code block (``` or ~~~), known
    /// without its text (a page with one may reuse highlighted blocks).
    pub fenced: bool,
    /// The first line is `---` and no line closes it: no front matter, the
    /// whole file is the body (its `---` a rule, as Obsidian shows it), and
    /// `model` says so.
    pub unclosed_front: bool,
    /// The file opens with TOML front matter (`+++`, as Zola and Hugo
    /// write it), which is left out of the body unread; `model` says so.
    pub toml_front: bool,
    /// Where [`SourceDoc::lead`] ends.
    lead_end: usize,
    /// Whether `text` no longer holds the whole body.
    dropped: bool,
}

/// Whether [`load`] keeps each markdown file's body in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// Kept (`serve`, which scans and renders again after each edit).
    Held,
    /// Read back from disk when needed ([`Corpus::body`]).
    OnDisk,
    /// Kept when the content's markdown comes to at most this many bytes
    /// in all, else read back from disk: a build, with [`HELD_BUDGET`].
    OnDiskBeyond(u64),
}

/// The most markdown a build keeps in memory ([`Bodies::OnDiskBeyond`]):
/// a 10,000-note knowledge base (about 85 MB) is scanned and rendered
/// without reading each file twice more; a 100,000-note one is not held.
pub const HELD_BUDGET: u64 = 128 << 20;

impl SourceDoc {
    /// The front matter text ("" when there is none).
    pub fn front_text(&self) -> &str {
        self.front.clone().and_then(|r| self.text.get(r)).unwrap_or("")
    }

    /// The markdown body, while the text is held (see [`Corpus::body`] for
    /// a body that may have been dropped).
    pub fn body_text(&self) -> &str {
        debug_assert!(!self.dropped, "body of {} read after its text was dropped", self.display.display());
        self.text.get(self.body.clone()).unwrap_or("")
    }
}

/// A non-markdown file in the content folder (an image, a PDF...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to the content folder.
    pub rel: PathBuf,
    /// Absolute path to copy from.
    pub source: PathBuf,
}

/// Everything read from the content folder.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Markdown files, sorted by path.
    pub docs: Vec<SourceDoc>,
    /// Other files, sorted by path.
    pub assets: Vec<Asset>,
    /// HTML and SVG files not published (see [`hold_back_markup`]): links
    /// to them resolve, and show as text.
    pub held_back: Vec<Asset>,
    /// The site's kinds, by which each file's kind was found.
    pub kinds: Arc<Kinds>,
    /// What a link to a missing page is (`links:`), which also decides
    /// whether a free note's unknown keys are warned about.
    pub policy: LinkPolicy,
    /// Markdown files left out by `ignore:`, relative to the content folder
    /// (`Templates/Daily.md`), sorted.
    pub ignored: Vec<String>,
    /// The vault's templates folders left out without `ignore:` (see
    /// [`crate::config::vault_template_folders`]), for messages.
    pub vault_templates: Vec<String>,
    /// The content folder, where a dropped text is read back from.
    pub content_dir: PathBuf,
}

impl Corpus {
    /// Whether the content folder publishes a file (not markdown) at `rel`
    /// (`/`-separated, from the content folder).
    pub fn has_asset(&self, rel: &str) -> bool {
        self.assets.iter().any(|a| a.rel == Path::new(rel))
    }
}

/// A file's text as pages are read from: UTF-8, BOM removed, CRLF and lone
/// CR turned into LF, and a NUL (which HTML may not hold) turned into
/// U+FFFD, as CommonMark says.
fn decode(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    let text = String::from_utf8(bytes)?;
    let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
    let text = if text.contains('\0') { text.replace('\0', "\u{fffd}") } else { text };
    Ok(crate::diag::unify_line_ends(text))
}

/// Under `markdown.raw_html: sanitize`, files of the content folder that
/// could carry script past the sanitiser are not published: every HTML file,
/// and an SVG that holds a script, an event handler (`onload=`), a
/// `javascript:` or `data:text/html` URL, embedded HTML (`foreignObject`,
/// `iframe`…) or an animation of an attribute (or that is compressed, or
/// over 4 MiB, so it cannot be read through). Plain SVG drawings are
/// published. Each file held back is a located warning (a vault with such
/// attachments still builds); links to it show as text.
pub fn hold_back_markup(root: &Path, corpus: &mut Corpus) -> Vec<Diagnostic> {
    let ext = |a: &Asset, list: &[&str]| {
        a.rel.extension().and_then(|e| e.to_str()).is_some_and(|e| list.iter().any(|m| e.eq_ignore_ascii_case(m)))
    };
    let markup =
        |a: &Asset| ext(a, &["html", "htm", "xhtml", "svgz"]) || (ext(a, &["svg"]) && svg_can_script(&a.source));
    let (held, kept): (Vec<Asset>, Vec<Asset>) = std::mem::take(&mut corpus.assets).into_iter().partition(markup);
    corpus.assets = kept;
    let diags = held
        .iter()
        .map(|a| {
            Diagnostic::warning(
                "held-back-file",
                Span::file(a.source.strip_prefix(root).unwrap_or(&a.source)),
                "not published: this HTML file, or an SVG with script in it, could run script past the sanitiser (`markdown.raw_html: sanitize`)",
            )
            .with_help("convert it (an SVG to PNG), or set `markdown.raw_html: allow` if every contributor is trusted")
        })
        .collect();
    corpus.held_back = held;
    diags
}

/// Reads one markdown file. `display` is the path for diagnostics.
pub fn read_doc(rel: &Path, display: &Path, bytes: Vec<u8>, kinds: &Kinds) -> Result<SourceDoc, Diagnostic> {
    let span = Span::file(display);
    // A few NUL bytes in text (a pasted PDF's source in a code block) are
    // shown as U+FFFD, as CommonMark has it; a file of many (an image or a
    // UTF-16 text named .md) is not markdown.
    let nuls = memchr::memchr_iter(0, &bytes).count();
    if nuls > 0 && nuls.saturating_mul(8) > bytes.len() {
        return Err(Diagnostic::error(
            "binary-file",
            span,
            "this .md file is binary (an eighth or more of it is NUL bytes)",
        )
        .with_help("rename it if it is not markdown: non-markdown files are copied as assets"));
    }
    let stamp = Stamp::of(&bytes);
    let text = decode(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let idx = crate::diag::LineIndex::new(&prefix);
        let (line, col) = idx.line_col(&prefix, valid);
        Diagnostic::error("not-utf8", Span::at(display, line, col, 1), "the file is not valid UTF-8")
            .with_help("save the file as UTF-8")
    })?;
    let front::Split { front, front_line, body, body_line, unclosed, toml } = front::split_front_matter(&text);
    // Front matter closed by `...` and then another `---` block: YAML's second
    // document, which would otherwise show as a rule and a heading.
    if front.as_ref().is_some_and(|f| text[f.end..].starts_with("...")) {
        for (line, l) in (body_line..).zip(text[body.clone()].lines()) {
            if l.trim() == "---" {
                return Err(Diagnostic::error(
                    "second-front-matter",
                    Span::at(display, line, 1, 3),
                    "a second front matter block after the `...` that closed the first: its fields would be ignored",
                )
                .with_help("put every field in one block between `---` lines"));
            }
            if !l.trim().is_empty() {
                break;
            }
        }
    }
    Ok(SourceDoc {
        rel: rel.to_path_buf(),
        display: display.to_path_buf(),
        kind: kinds.of_path(rel),
        fenced: crate::markdown::has_fence(text.get(body.clone()).unwrap_or("")),
        lead_end: body::lead_end(&text, &body),
        text,
        front,
        front_line,
        body,
        body_line,
        stamp,
        unclosed_front: unclosed,
        toml_front: toml,
        dropped: false,
    })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.') && s.len() > 1)
}

/// A located error when the symbolic link at `path` leads outside `inside`
/// (a canonical folder), or cannot be resolved.
pub fn link_outside(inside: &Path, path: &Path, display: &Path) -> Option<Diagnostic> {
    let target = match std::fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) => {
            return Some(Diagnostic::error(
                "unreadable",
                Span::file(display),
                format!("cannot follow this symbolic link: {e}"),
            ))
        }
    };
    if target.starts_with(inside) {
        return None;
    }
    Some(
        Diagnostic::error(
            "symlink-outside",
            Span::file(display),
            format!("this symbolic link leads outside its folder, to `{}`", target.display()),
        )
        .with_help("copy the file into the folder instead: only links to files inside it are followed"),
    )
}

/// Whether an SVG file may run script when opened (see [`hold_back_markup`]).
fn svg_can_script(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return true };
    if meta.len() > 4 << 20 {
        return true;
    }
    let Ok(bytes) = std::fs::read(path) else { return true };
    let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
    let tags =
        ["<script", "<foreignobject", "<iframe", "<embed", "<object", "<set", "<animate", "<handler", "<listener"];
    let urls = ["javascript:", "vbscript:", "data:text/html", "<!entity"];
    if tags.iter().chain(&urls).any(|t| text.contains(t)) {
        return true;
    }
    // A drawing held as an SVG data URL is safe as a picture (`<image
    // href="data:image/svg+xml;base64,…">`, as D2 exports write them: a
    // browser runs no script in an image), not elsewhere.
    let picture = |at: usize| {
        let tag = text[..at].rfind('<').map_or("", |open| &text[open + 1..at]);
        matches!(tag.split(|c: char| c.is_ascii_whitespace()).next(), Some("image" | "feimage"))
    };
    if text.match_indices("data:image/svg").any(|(at, _)| !picture(at)) {
        return true;
    }
    // An attribute named on… (onload=, onclick =, …).
    let b = text.as_bytes();
    let name = |c: &u8| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_';
    (1..b.len().saturating_sub(2)).any(|i| {
        (b[i - 1].is_ascii_whitespace() || b[i - 1] == b'/')
            && b[i..].starts_with(b"on")
            && b[i + 2..].first().is_some_and(name)
            && b[i + 2..].iter().skip_while(|c| name(c)).find(|c| !c.is_ascii_whitespace()) == Some(&b'=')
    })
}

/// Loads a site's content folder: [`load`] with its `ignore:` patterns and
/// its link policy, holding bodies or not.
pub fn load_site(site: &Site, bodies: Bodies) -> (Corpus, Vec<Diagnostic>) {
    let (mut corpus, diags) =
        load_ignoring(&site.root, &site.content_dir, site.kinds.clone(), &site.ignore, bodies, site.config.links);
    corpus.vault_templates = site.vault_templates.clone();
    (corpus, diags)
}

/// Walks `content_dir` and reads every markdown file in parallel. `root` is
/// used to make display paths. Diagnostics are returned, not raised.
pub fn load(root: &Path, content_dir: &Path, kinds: Arc<Kinds>) -> (Corpus, Vec<Diagnostic>) {
    load_ignoring(root, content_dir, kinds, &Gitignore::empty(), Bodies::Held, LinkPolicy::default())
}

fn load_ignoring(
    root: &Path,
    content_dir: &Path,
    kinds: Arc<Kinds>,
    ignore: &Gitignore,
    bodies: Bodies,
    policy: LinkPolicy,
) -> (Corpus, Vec<Diagnostic>) {
    let mut ignored = Vec::new();
    let mut diags = Vec::new();
    let mut md = Vec::new();
    let mut assets = Vec::new();
    let display_of =
        |p: &Path| -> PathBuf { p.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| p.to_path_buf()) };
    let mut walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    // Symbolic links are followed only inside the content folder: one that
    // leads out (to /etc/passwd, /proc/self/environ, a secrets folder) would
    // publish what it points at.
    let inside = std::fs::canonicalize(content_dir).unwrap_or_else(|_| content_dir.to_path_buf());
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                // A symbolic link whose target is gone: an error, and in a
                // vault a warning, as Obsidian shows the vault without it.
                let gone = e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
                if let Some(link) = e.path().filter(|p| gone && p.is_symlink()) {
                    let rel = link.strip_prefix(content_dir).unwrap_or(link);
                    if !ignore.matched_path_or_any_parents(rel, false).is_ignore() {
                        let to = std::fs::read_link(link).map(|t| t.display().to_string()).unwrap_or_default();
                        let (message, span) =
                            (format!("a symbolic link to `{to}`, which does not exist"), Span::file(display_of(link)));
                        let d = match policy {
                            LinkPolicy::Error => Diagnostic::error("broken-symlink", span, message),
                            LinkPolicy::Warn => {
                                Diagnostic::warning("broken-symlink", span, message + "; it is left out")
                            }
                        };
                        diags.push(
                            d.with_help("restore what it points at, remove the link, or leave it out with `ignore:`"),
                        );
                    }
                    continue;
                }
                let path = e.path().map(display_of).unwrap_or_else(|| display_of(content_dir));
                let msg = if e.loop_ancestor().is_some() {
                    "symbolic link loop: this folder links back to one of its parents".to_string()
                } else {
                    format!("cannot read: {}", e.io_error().map_or_else(|| e.to_string(), |io| io.to_string()))
                };
                diags.push(Diagnostic::error(
                    if e.loop_ancestor().is_some() { "symlink-loop" } else { "unreadable" },
                    Span::file(path),
                    msg,
                ));
                continue;
            }
        };
        if entry.path_is_symlink() {
            if let Some(d) = link_outside(&inside, entry.path(), &display_of(entry.path())) {
                diags.push(d);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(content_dir).map(Path::to_path_buf) else { continue };
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            continue;
        }
        if rel.to_str().is_none() {
            // Published under a lossy name, two such files could take one address.
            diags.push(
                Diagnostic::error(
                    "invalid-file-name",
                    Span::file(display_of(entry.path())),
                    "this file's name is not valid UTF-8, so it has no address on the site",
                )
                .with_help("rename the file using UTF-8 (any letters, digits and punctuation)"),
            );
            continue;
        }
        let markdown = rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if ignore.matched_path_or_any_parents(&rel, false).is_ignore() {
            if markdown {
                ignored.push(rel.to_string_lossy().replace('\\', "/"));
            }
            continue;
        }
        if markdown {
            md.push((rel, entry.path().to_path_buf()));
        } else {
            assets.push(Asset { rel, source: entry.path().to_path_buf() });
        }
    }
    let loaded = AtomicU64::new(0);
    let results: Vec<Result<SourceDoc, Diagnostic>> = md
        .par_iter()
        .map(|(rel, abs)| {
            let display = display_of(abs);
            let bytes = std::fs::read(abs)
                .map_err(|e| Diagnostic::error("unreadable", Span::file(&display), format!("cannot read: {e}")))?;
            let mut doc = read_doc(rel, &display, bytes, &kinds)?;
            let len = doc.text.len() as u64;
            let over = |budget| loaded.fetch_add(len, Ordering::Relaxed) + len > budget;
            if bodies == Bodies::OnDisk || matches!(bodies, Bodies::OnDiskBeyond(b) if over(b)) {
                doc.release_body();
            }
            Ok(doc)
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(d) => docs.push(d),
            Err(d) => diags.push(d),
        }
    }
    // Over the budget, no body is kept (whichever were read first).
    if matches!(bodies, Bodies::OnDiskBeyond(b) if loaded.into_inner() > b) {
        docs.iter_mut().filter(|d| d.is_held()).for_each(SourceDoc::release_body);
    }
    let content_dir = content_dir.to_path_buf();
    let corpus = Corpus {
        docs,
        assets,
        held_back: Vec::new(),
        kinds,
        policy,
        ignored,
        vault_templates: Vec::new(),
        content_dir,
    };
    (corpus, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Result<SourceDoc, Diagnostic> {
        read_doc(Path::new("notes/a.md"), Path::new("content/notes/a.md"), text.as_bytes().to_vec(), &Kinds::default())
    }

    #[test]
    fn splits_front_matter_with_lines() {
        let d = doc("---\ntitle: x\n---\n# Hi\n").unwrap();
        assert_eq!(d.front_text(), "title: x\n");
        assert_eq!(d.front_line, 2);
        assert_eq!(d.body_text(), "# Hi\n");
        assert_eq!(d.body_line, 4);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let d = doc("# Hi\n---\n").unwrap();
        assert!(d.front.is_none());
        assert_eq!(d.body_line, 1);
        assert!(doc("").unwrap().body_text().is_empty());
    }

    #[test]
    fn bom_crlf_and_front_only() {
        let d = doc("\u{feff}---\r\ntitle: x\r\n---\r\n").unwrap();
        assert_eq!(d.front_text(), "title: x\n");
        assert_eq!(d.body_text(), "");
        let d = doc("---\ntitle: x\n---").unwrap();
        assert_eq!(d.front_text(), "title: x\n");
    }

    #[test]
    fn lone_carriage_returns_end_lines_as_yaml_and_markdown_say() {
        // Found by the front_matter fuzz target: YAML counted these lines,
        // pivotbook did not, and errors pointed past the end of the file.
        let d = doc("---\rtitle: x\r---\r# Hi\r").unwrap();
        assert_eq!((d.front_text(), d.body_text(), d.body_line), ("title: x\n", "# Hi\n", 4));
        let bad = doc("---\rtitle: x\r\rtags: {a: [\r---\r").unwrap();
        let e = crate::yaml::FrontMatter::parse(bad.front_text(), &bad.display, bad.front_line).unwrap_err();
        // At the bracket never closed.
        assert_eq!(e.span.line, 4, "{e:?}");
    }

    #[test]
    fn toml_front_matter_is_left_out_of_the_body_unread() {
        let d = doc("+++\ntitle = \"Page\"\n[extra]\ntoc = true\n+++\n\nBody.\n").unwrap();
        assert!(d.toml_front && d.front.is_none());
        assert_eq!((d.body_text(), d.body_line), ("\nBody.\n", 6));
        // Never closed, it is the body.
        let open = doc("+++\ntitle = 1\n").unwrap();
        assert!(!open.toml_front && open.body_text().starts_with("+++"));
    }

    #[test]
    fn errors_for_unclosed_binary_and_bad_utf8() {
        let unclosed = doc("---\ntitle: x\n").unwrap();
        assert!(unclosed.unclosed_front && unclosed.front.is_none());
        assert_eq!((unclosed.body_text(), unclosed.body_line), ("---\ntitle: x\n", 1));
        let bin = read_doc(Path::new("a.md"), Path::new("a.md"), vec![0, 1, 2], &Kinds::default()).unwrap_err();
        assert_eq!(bin.code, "binary-file");
        let utf16 = "# Hi\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(
            read_doc(Path::new("a.md"), Path::new("a.md"), utf16, &Kinds::default()).unwrap_err().code,
            "binary-file"
        );
        // A public vault's note quotes a PDF's source, with 5 NUL bytes in 7,259.
        let quoted = format!("# PDF\n\n```pdf\n%PDF-2.0\n{}stream\0x\n```\n", "% a comment line\n".repeat(4));
        let d = read_doc(Path::new("a.md"), Path::new("a.md"), quoted.into_bytes(), &Kinds::default()).unwrap();
        assert!(d.body_text().contains("stream\u{fffd}x"), "shown as U+FFFD, which HTML allows: {:?}", d.body_text());
        let bad =
            read_doc(Path::new("a.md"), Path::new("a.md"), b"ok\nab\xffc".to_vec(), &Kinds::default()).unwrap_err();
        assert_eq!((bad.code, bad.span.line, bad.span.col), ("not-utf8", 2, 3));
    }
}
