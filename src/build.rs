//! The driver: load → model → links → catalog → render → write.
//!
//! [`run`] runs the whole pipeline for `build` and `check` and returns a
//! [`Report`]: every diagnostic of the run (sorted), the number of pages,
//! and stage timings. Content problems never stop the pipeline early where
//! later stages can still find more; nothing is written unless the site is
//! free of errors (and, with `--strict`, of warnings). Pages are rendered in
//! parallel and each is handed to the staging folder as soon as it exists.
//!
//! Errors returned as `Err` are the ones that stop the command itself (exit
//! 2): a missing root or content folder, an output folder that may not be
//! replaced, a failed write.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::config::Overrides;
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::highlight::Highlighter;
use crate::load;
use crate::model::PageId;
use crate::pipeline::{self, Prepared, Theme};
use crate::render;
use crate::search;
use crate::write::{Discard, OutputLock, Sink, Stage};

/// What to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Site root.
    pub root: PathBuf,
    /// Command-line overrides of the config.
    pub overrides: Overrides,
    /// Include drafts.
    pub drafts: bool,
    /// Warnings are fatal.
    pub strict: bool,
    /// Write the site (false for `check`).
    pub write: bool,
    /// The date `expected` milestones are checked against (default: today).
    pub today: Option<crate::model::PartialDate>,
    /// Warn about pages not reviewed for this many days.
    pub stale_after: Option<u32>,
}

/// How a run went.
#[derive(Debug, Default)]
pub struct Report {
    /// Every diagnostic, sorted.
    pub diagnostics: Diagnostics,
    /// Pages rendered.
    pub pages: usize,
    /// Files written (pages, assets, static files).
    pub files: usize,
    /// Of those, files kept unchanged from the previous output.
    pub reused: usize,
    /// Whether the output folder was replaced.
    pub written: bool,
    /// The output folder.
    pub out_dir: PathBuf,
    /// Time per stage.
    pub timings: Vec<(&'static str, Duration)>,
    /// Lines of code highlighted: found in the run's line memo, and parsed.
    pub code_lines: (u64, u64),
}

impl Report {
    /// Whether the run failed (exit 1).
    pub fn failed(&self, strict: bool) -> bool {
        self.diagnostics.is_fatal(strict)
    }
}

struct Clock {
    last: Instant,
    timings: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.timings.push((name, now - self.last));
        self.last = now;
    }
}

/// Runs the pipeline.
pub fn run(opts: &Options) -> Result<Report> {
    let mut clock = Clock { last: Instant::now(), timings: Vec::new() };
    let mut report = Report::default();
    // One build at a time writes an output folder: the lock is taken before
    // the previous site is read, and finishes what an interrupted build left
    // halfway. The previous site is listed while the pages are parsed and
    // linked (not while the content loads: two walks at once slowed loading
    // 100,000 notes from 1.2 s to 3.0 s).
    let mut lock = None;
    let mut survey = None;
    let mut lock_err = None;
    let prepared = pipeline::prepare_for_build(opts, |site| {
        if !opts.write {
            return;
        }
        match OutputLock::acquire(&site.output_dir, &site.root, &site.content_dir) {
            Ok(l) => {
                survey = crate::write::Survey::start(l.out());
                lock = Some(l);
            }
            Err(e) => lock_err = Some(e),
        }
    })?;
    if let Some(e) = lock_err {
        return Err(e);
    }
    let (found, mut diags) = prepared;
    let Some((mut p, theme)) = found else {
        report.diagnostics = diags;
        finish(&mut report, clock);
        return Ok(report);
    };
    report.out_dir = p.site.output_dir.clone();
    if let Some(n) = lock.as_ref().map(OutputLock::finished).filter(|n| *n > 0) {
        let out = p.site.output_dir.strip_prefix(&p.site.root).unwrap_or(&p.site.output_dir);
        diags.push(
            Diagnostic::warning(
                "interrupted-build",
                Span::file(out),
                format!(
                    "a previous build stopped while it was replacing the site in `{}`, leaving old and new files mixed; this build finished {} first",
                    out.display(),
                    if n == 1 { "it" } else { "them" }
                ),
            )
            .with_help("nothing to do: the folder held the previous build's complete site before this build wrote its own"),
        );
    }
    diags.extend(p.diagnostics().into_vec());
    report.diagnostics = diags;
    clock.timings.extend(p.timings.iter().copied());
    clock.last = Instant::now();
    let Some(theme) = theme else {
        finish(&mut report, clock);
        return Ok(report);
    };
    let will_write = opts.write && !report.diagnostics.is_fatal(opts.strict);
    let stage = match lock {
        Some(lock) if will_write => Some(Stage::begin(lock, survey)?),
        _ => None,
    };
    // `check` throws pages away, so it does not highlight.
    let hl = match &stage {
        Some(s) => {
            let mut hl = Highlighter::new(theme.palette.clone());
            hl.reuse_previous(Sink::previous(s, "syntax.css").as_deref());
            hl
        }
        None => Highlighter::disabled(theme.palette.clone()),
    };
    let sink: &dyn Sink = match &stage {
        Some(s) => s,
        None => &Discard,
    };
    // The search index's page bundles are written as soon as their pages are all rendered.
    let collector = search::Collector::streaming(p.search_numbers.iter().flatten().count() as u32);
    let streamed = std::sync::atomic::AtomicUsize::new(0);
    let stream_err = std::sync::Mutex::new(None);
    let index = |n: u32, id: PageId, bytes: &[u8]| {
        let Some(stage) = &stage else { return };
        let Ok(html) = std::str::from_utf8(bytes) else { return };
        for (rel, bytes) in collector.add(n, search::PageInfo::of(&p.site, p.model.page(id)), html) {
            streamed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if let Err(e) = stage.write(&rel, &bytes) {
                stream_err.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(e);
            }
        }
    };
    // The link graph is made and laid out on a thread of its own while pages
    // render (it needs only the links), and let go as soon as its files are written.
    let prepared = &p;
    let (results, graphed) = std::thread::scope(|scope| {
        let grapher = stage.as_ref().map(|stage| {
            scope.spawn(move || -> Result<(usize, Duration)> {
                const GRAPH: &str = "graph/graph.json";
                let g = crate::graph::Graph::new(&prepared.model, &prepared.graph, &prepared.numbered_pages());
                let previous = Sink::previous(stage, GRAPH);
                let mut n = 0;
                g.write_files(previous.as_deref(), |rel, bytes| {
                    n += 1;
                    stage.write_over(rel, bytes, previous.as_deref().filter(|_| rel == GRAPH)).map(drop)
                })?;
                Ok((n, thread_cpu_time()))
            })
        });
        let results = pipeline::render(&p, &theme, &hl, &p.plan, sink, false, &index);
        let graphed = grapher.map(std::thread::ScopedJoinHandle::join).transpose();
        (results, graphed)
    });
    let Ok(graphed) = graphed else { anyhow::bail!("the graph layout stopped unexpectedly") };
    let (graph_files, graph_time) = graphed.transpose()?.unwrap_or_default();
    if let Some(e) = stream_err.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    let mut mermaid = false;
    let (mut render_time, mut write_time) = (Duration::ZERO, Duration::ZERO);
    for r in results? {
        mermaid |= r.mermaid;
        render_time += r.render;
        write_time += r.write;
        report.diagnostics.extend(r.diag);
    }
    report.pages = p.plan.iter().filter(|(rel, _)| rel.ends_with(".html")).count();
    report.code_lines = hl.line_counts();
    clock.lap("render+write");
    clock.timings.push(("  render (thread time)", render_time));
    clock.timings.push(("  write (thread time)", write_time));
    clock.timings.push(("  graph (thread CPU time)", graph_time));
    if let Some(stage) = stage {
        if report.diagnostics.is_fatal(opts.strict) {
            drop(stage);
        } else {
            // The pages are written: the link graph (its backlink sentences) is
            // not needed while the search index is assembled.
            p.graph = crate::links::LinkGraph::default();
            let index_files = collector.finish_into(&|rel, bytes| stage.write(rel, bytes))?;
            clock.lap("search index");
            let site = &p.site;
            let statics = static_files(
                &p.corpus,
                &theme.templates,
                theme.palette.stylesheet(),
                site.config.cname.as_deref(),
                mermaid,
            )?;
            statics.par_iter().try_for_each(|f| match &f.from {
                Origin::Bytes(bytes) => stage.write(&f.rel, bytes),
                Origin::File(path) => stage.copy(&f.rel, path),
            })?;
            report.files = p.plan.len() + streamed.into_inner() + index_files + graph_files + statics.len();
            report.reused = stage.reused();
            stage.commit()?;
            report.written = true;
        }
    }
    clock.lap("commit");
    finish(&mut report, clock);
    Ok(report)
}

/// Every path the site will have, with its owner, for
/// [`crate::write::claims::check`]: generated files first, then the theme's,
/// pages, their feeds, redirects and content files (of two located claims
/// on one path, the later is reported).
pub(crate) fn claims(p: &Prepared, theme: &Theme) -> Result<Vec<crate::write::claims::Claim>> {
    use crate::write::claims::Claim;
    let (plan, model, corpus, site) = (&p.plan, &p.model, &p.corpus, &p.site);
    let templates = &theme.templates;
    let mut claims = Vec::new();
    let page_file = |id: PageId| &corpus.docs[model.page(id).doc].display;
    for (rel, job) in plan {
        if !matches!(job, render::Job::Page(_) | render::Job::PageFeed(_) | render::Job::Redirect(..)) {
            claims.push(Claim::generated(rel.clone(), "pivotbook (a generated page)"));
        }
    }
    for rel in [
        crate::write::MARKER,
        crate::write::JOURNAL,
        "search/meta.json",
        "graph/graph.json",
        "graph/labels.json",
        "search/d/",
        "search/t/",
        "search/s/",
        "graph/n/",
    ] {
        claims.push(Claim::generated(rel, "pivotbook (a generated file)"));
    }
    // Mermaid's files are claimed whether or not a page has a diagram.
    for f in theme_files(corpus, templates, "", site.config.cname.as_deref(), true)? {
        let owner = match &f.from {
            Origin::File(path) => format!("the theme's `{}`", path.strip_prefix(&site.root).unwrap_or(path).display()),
            Origin::Bytes(_) => "pivotbook (a theme or generated file)".to_string(),
        };
        claims.push(Claim::generated(f.rel, owner));
    }
    let located = |id: PageId, what: &str, span: Span, code| {
        Claim::located(String::new(), format!("{what} `{}`", page_file(id).display()), span, code)
    };
    for (rel, job) in plan {
        let claim = match *job {
            render::Job::Page(id) => located(id, "the page", Span::file(page_file(id)), "url-collision"),
            render::Job::PageFeed(id) => located(id, "the feed of", Span::file(page_file(id)), "url-collision"),
            _ => continue,
        };
        claims.push(Claim { rel: rel.clone(), ..claim });
    }
    for (rel, job) in plan {
        if let render::Job::Redirect(id, n) = *job {
            let (_, span) = &model.page(id).redirect_from[n];
            let claim = located(id, "a `redirect_from` entry of", span.clone(), "redirect-collision");
            claims.push(Claim { rel: rel.clone(), ..claim });
        }
    }
    for a in &corpus.assets {
        let file = a.source.strip_prefix(&site.root).unwrap_or(&a.source);
        let rel = a.rel.to_string_lossy().replace('\\', "/");
        claims.push(Claim::located(rel, format!("the file `{}`", file.display()), Span::file(file), "url-collision"));
    }
    Ok(claims)
}

/// The CPU time the calling thread has used.
fn thread_cpu_time() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to fill in.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn finish(report: &mut Report, clock: Clock) {
    report.diagnostics.sort();
    report.timings = clock.timings;
}

/// A file of the site that is not rendered.
#[derive(Debug)]
pub struct StaticFile {
    /// Path in the output folder, `/`-separated.
    pub rel: String,
    /// Its bytes, or the file they are copied from.
    pub from: Origin,
}

/// Where a [`StaticFile`]'s bytes come from.
#[derive(Debug)]
pub enum Origin {
    /// These bytes.
    Bytes(std::borrow::Cow<'static, [u8]>),
    /// This file.
    File(PathBuf),
}

/// Every file of the site besides the rendered ones: the content folder's
/// files, the default theme's static files, `syntax.css`, `.nojekyll`
/// (GitHub Pages serves files as they are) and `CNAME`, the theme's
/// `static/` folder, and mermaid's script when a page has a diagram. One
/// entry per path; where two claim a path, the later in that order wins, so
/// a content file never replaces a theme or generated file (`build`
/// reports it before writing anything), except the theme's icons, which the
/// content's own replace (`render::templates::ICONS`).
pub fn static_files(
    corpus: &load::Corpus,
    templates: &render::templates::Templates,
    syntax_css: &str,
    cname: Option<&str>,
    mermaid: bool,
) -> Result<Vec<StaticFile>> {
    let mut files: Vec<StaticFile> = corpus
        .assets
        .iter()
        .map(|a| StaticFile { rel: a.rel.to_string_lossy().replace('\\', "/"), from: Origin::File(a.source.clone()) })
        .collect();
    files.extend(theme_files(corpus, templates, syntax_css, cname, mermaid)?);
    // The last claim of a path wins.
    let mut seen = std::collections::HashSet::new();
    let mut unique: Vec<StaticFile> = files.into_iter().rev().filter(|f| seen.insert(f.rel.clone())).collect();
    unique.reverse();
    Ok(unique)
}

/// The theme's and generated static files of [`static_files`], in order
/// (a later one replaces an earlier one at the same path), without the
/// theme's icons that the content has its own of.
fn theme_files(
    corpus: &load::Corpus,
    templates: &render::templates::Templates,
    syntax_css: &str,
    cname: Option<&str>,
    mermaid: bool,
) -> Result<Vec<StaticFile>> {
    use std::borrow::Cow;
    let mut files: Vec<StaticFile> = Vec::new();
    let mut add_text =
        |rel: &str, text: Cow<'static, [u8]>| files.push(StaticFile { rel: rel.into(), from: Origin::Bytes(text) });
    for (name, bytes) in render::templates::DEFAULT_STATIC {
        add_text(name, Cow::Borrowed(bytes));
    }
    add_text("syntax.css", Cow::Owned(syntax_css.as_bytes().to_vec()));
    add_text(".nojekyll", Cow::Borrowed(b""));
    if let Some(cname) = cname {
        add_text("CNAME", Cow::Owned(format!("{cname}\n").into_bytes()));
    }
    if let Some(dir) = &templates.theme_static {
        for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let e = e.with_context(|| format!("cannot read `{}`", dir.display()))?;
            if e.file_type().is_file() {
                let rel =
                    e.path().strip_prefix(dir).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
                files.push(StaticFile { rel, from: Origin::File(e.path().to_path_buf()) });
            }
        }
    }
    if mermaid {
        for (name, text) in render::templates::MERMAID_STATIC {
            files.push(StaticFile { rel: name.to_string(), from: Origin::Bytes(Cow::Borrowed(text.as_bytes())) });
        }
    }
    let own: Vec<&str> = render::templates::own_icons(corpus).map(|(icon, _)| icon).collect();
    files.retain(|f| !own.contains(&f.rel.as_str()));
    Ok(files)
}
