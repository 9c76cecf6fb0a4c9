//! `SiteTest`: builds a small site in a temporary folder and asserts on the
//! result (modelled on mdBook's `BookTest`).

use std::path::{Path, PathBuf};
use std::process::Command;

use pivotbook::build::{self, Report};
use pivotbook::config::Overrides;
use pivotbook::diag::Diagnostic;
use pivotbook::model::PartialDate;

/// A site in a temporary folder.
pub struct SiteTest {
    pub dir: tempfile::TempDir,
    pub report: Option<Report>,
}

/// The fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

impl SiteTest {
    /// A site from one string with `//- path` headers before each file.
    pub fn from_str(fixture: &str) -> SiteTest {
        let t = SiteTest { dir: tempfile::tempdir().unwrap(), report: None };
        let mut path: Option<String> = None;
        let mut text = String::new();
        let flush = |path: &Option<String>, text: &mut String| {
            if let Some(p) = path {
                t.write(p, text);
            }
            text.clear();
        };
        for line in fixture.lines() {
            if let Some(p) = line.strip_prefix("//- ") {
                flush(&path, &mut text);
                path = Some(p.trim().to_string());
            } else {
                text.push_str(line);
                text.push('\n');
            }
        }
        flush(&path, &mut text);
        std::fs::create_dir_all(t.root().join("content")).unwrap();
        t
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn from_fixture(name: &str) -> SiteTest {
        let t = SiteTest { dir: tempfile::tempdir().unwrap(), report: None };
        copy_dir(&fixtures().join(name), t.root());
        t
    }

    /// A copy of the real knowledge base (content/ and pivotbook.yaml).
    pub fn real_content() -> SiteTest {
        let t = SiteTest { dir: tempfile::tempdir().unwrap(), report: None };
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("content"), &t.root().join("content"));
        if repo.join("pivotbook.yaml").exists() {
            std::fs::copy(repo.join("pivotbook.yaml"), t.root().join("pivotbook.yaml")).unwrap();
        }
        t
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file of the site (for changes between builds).
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    fn run(&mut self, write: bool, base_url: Option<&str>, strict: bool) -> &mut Self {
        let opts = build::Options {
            overrides: Overrides { base_url: base_url.map(str::to_owned), ..Overrides::default() },
            strict,
            write,
            ..check_options(self.root())
        };
        self.report = Some(build::run(&opts).expect("the build could run"));
        self
    }

    /// Builds into `public/`.
    pub fn build(&mut self) -> &mut Self {
        self.run(true, None, false)
    }

    /// Builds into `public/` with `--strict` (warnings fail the build).
    pub fn build_strict(&mut self) -> &mut Self {
        self.run(true, None, true)
    }

    /// Builds with a base URL.
    pub fn build_with_base(&mut self, base: &str) -> &mut Self {
        self.run(true, Some(base), false)
    }

    /// Checks without writing.
    pub fn check(&mut self, strict: bool) -> &mut Self {
        self.run(false, None, strict)
    }

    pub fn report(&self) -> &Report {
        self.report.as_ref().expect("built")
    }

    /// Diagnostics as `path:line:col code message`.
    pub fn diagnostics(&self) -> Vec<String> {
        located(self.report().diagnostics.items())
    }

    /// The errors only, as `path:line code`.
    pub fn errors(&self) -> Vec<String> {
        self.report()
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.severity == pivotbook::diag::Severity::Error)
            .map(|d| format!("{}:{} {}", d.span.path.display(), d.span.line, d.code))
            .collect()
    }

    /// Asserts the build had no diagnostics at all.
    pub fn assert_clean(&self) -> &Self {
        assert_eq!(self.diagnostics(), Vec::<String>::new());
        assert!(self.report().written, "the site was not written");
        self
    }

    /// A file of the output.
    pub fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The `<main>` element of an output page.
    pub fn main(&self, rel: &str) -> String {
        let page = self.page(rel);
        let start = page.find("<main").expect("a <main>");
        let end = page.rfind("</main>").expect("a </main>") + "</main>".len();
        page[start..end].to_string()
    }

    /// Runs the binary in the site root.
    pub fn run_cli(&self, args: &[&str]) -> (i32, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_pivotbook"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// The links of a page's text (`.prose`, heading anchors aside) as (text, href), in order.
pub fn prose_links(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse(".prose a:not(.anchor)").unwrap();
    doc.select(&sel).map(|a| (a.text().collect(), a.value().attr("href").unwrap_or("").to_owned())).collect()
}

/// The day the tests' builds take as today, so `expected` milestones age
/// the same on any machine.
pub const TODAY: PartialDate = PartialDate { year: 2026, month: Some(12), day: Some(4) };

/// The options of a check (nothing written, not strict) of the site at
/// `root`, on [`TODAY`], for tests that run the pipeline themselves.
pub fn check_options(root: &Path) -> build::Options {
    build::Options {
        root: root.to_path_buf(),
        overrides: Overrides::default(),
        drafts: false,
        strict: false,
        write: false,
        today: Some(TODAY),
        stale_after: None,
    }
}

/// Diagnostics as `path:line:col code message`.
pub fn located(items: &[Diagnostic]) -> Vec<String> {
    items
        .iter()
        .map(|d| format!("{}:{}:{} {} {}", d.span.path.display(), d.span.line, d.span.col, d.code, d.message))
        .collect()
}

/// Asserts that folders `left` and `right` hold the same files, byte for
/// byte; `context` ends the message of a file that differs.
pub fn assert_same_files(left: &Path, right: &Path, context: &str) {
    let (left, right) = (tree(left), tree(right));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&left), names(&right), "{context}");
    for ((name, a), (_, b)) in left.iter().zip(&right) {
        assert!(a == b, "{name} differs {context}");
    }
}

/// Every file under a folder, relative, sorted, with contents.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

/// `text` with what differs between runs replaced: the site's temporary
/// folder by `[ROOT]` and durations (`in 0.05s`) by `[TIME]`.
pub fn redact(text: &str, root: &Path) -> String {
    let mut out = text.to_string();
    for r in [root.canonicalize().ok(), Some(root.to_path_buf())].into_iter().flatten() {
        out = out.replace(&*r.to_string_lossy(), "[ROOT]");
    }
    let mut redacted = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find(" in ") {
        redacted.push_str(&rest[..at + 4]);
        rest = &rest[at + 4..];
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if digits > 0 && rest[digits..].starts_with('s') && rest[..digits].contains('.') {
            redacted.push_str("[TIME]");
            rest = &rest[digits + 1..];
        }
    }
    redacted.push_str(rest);
    redacted
}
