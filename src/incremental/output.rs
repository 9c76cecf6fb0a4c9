//! serve's output folder: files are written one by one (never through the
//! build's staging swap), each only when its bytes changed, through a
//! temporary file renamed over the old one so the server never reads half a
//! page; files the site no longer has are deleted.

use std::collections::{BTreeSet, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use super::{Pending, Session, Written};
use crate::build::{Origin, StaticFile};
use crate::diag::Diagnostic;
use crate::highlight::Highlighter;
use crate::load::EntityKind;
use crate::model::PageId;
use crate::render::{Job, Renderer};
use crate::search;

/// One output of the plan.
type Planned = (String, Job);

/// A page's number in the search index, what a result shows of it, and its terms.
type Indexed = (u32, search::PageInfo, search::Counts);

/// What rendering one job did.
struct Rendered {
    /// Whether the file's bytes changed.
    changed: bool,
    /// A template failure.
    diag: Option<Diagnostic>,
    took: Duration,
    /// Whether the page shows a mermaid diagram.
    mermaid: bool,
    indexed: Option<Indexed>,
}

/// The folder serve writes to, and what it holds.
#[derive(Debug)]
pub struct Output {
    dir: PathBuf,
    /// Every file written, relative, `/`-separated.
    pub(super) written: HashSet<String>,
    /// Files that are not rendered pages (static files, assets, marker).
    statics: HashSet<String>,
    hl: Highlighter,
    /// Whether the folder is being served: then files are replaced through
    /// a temporary file and a rename, never written in place.
    live: bool,
    /// The temporary folder, removed when dropped.
    _temp: Option<tempfile::TempDir>,
    /// With `--out`, the folder's lock, held while serve runs: a build into
    /// it meanwhile stops with exit 2 instead of mixing its files with serve's.
    _lock: Option<crate::write::OutputLock>,
}

impl Output {
    /// `dir`, checked as `build` checks its output and emptied; or, without
    /// one, a new temporary folder that is removed when the output is dropped.
    pub fn new(dir: Option<&Path>, root: &Path, content: &Path) -> Result<Output> {
        let (dir, temp, lock) = match dir {
            Some(d) => {
                let lock = crate::write::OutputLock::acquire(d, root, content)?;
                let d = lock.out().to_path_buf();
                if d.exists() {
                    std::fs::remove_dir_all(&d).with_context(|| format!("cannot empty `{}`", d.display()))?;
                }
                std::fs::create_dir_all(&d).with_context(|| format!("cannot create `{}`", d.display()))?;
                (d, None, Some(lock))
            }
            None => {
                let t = tempfile::Builder::new()
                    .prefix("pivotbook-serve-")
                    .tempdir()
                    .context("cannot create a temporary folder")?;
                (t.path().to_path_buf(), Some(t), None)
            }
        };
        Ok(Output {
            dir,
            written: HashSet::new(),
            statics: HashSet::new(),
            hl: Highlighter::new(),
            live: false,
            _temp: temp,
            _lock: lock,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// From now on the folder is served: files are replaced atomically.
    pub fn set_live(&mut self) {
        self.live = true;
    }

    /// Writes `bytes` at `rel` unless the file already holds them; returns
    /// whether it wrote.
    pub(super) fn write(&self, rel: &str, bytes: &[u8]) -> Result<bool> {
        let path = self.dir.join(crate::write::safe_rel(rel)?);
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            return Ok(false);
        }
        let parent = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
        if !self.live {
            std::fs::write(&path, bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
            return Ok(true);
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".pivotbook-tmp-")
            .tempfile_in(parent)
            .with_context(|| format!("cannot write in `{}`", parent.display()))?;
        tmp.write_all(bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
        }
        tmp.persist(&path).with_context(|| format!("cannot write `{}`", path.display()))?;
        Ok(true)
    }

    /// Copies a file to `rel` unless it already holds the same bytes.
    pub(super) fn copy(&self, rel: &str, from: &Path) -> Result<bool> {
        let bytes = std::fs::read(from).with_context(|| format!("cannot read `{}`", from.display()))?;
        self.write(rel, &bytes)
    }

    /// Deletes a written file (and the folders it leaves empty).
    fn remove(&mut self, rel: &str) {
        let path = self.dir.join(rel);
        let _ = std::fs::remove_file(&path);
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != self.dir) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        self.written.remove(rel);
    }

    /// Deletes every written file that is not in `expected`; returns them.
    fn remove_stale(&mut self, expected: &HashSet<&str>) -> Vec<String> {
        let mut stale: Vec<String> = self.written.iter().filter(|r| !expected.contains(r.as_str())).cloned().collect();
        stale.sort();
        for rel in &stale {
            self.remove(rel);
        }
        stale
    }
}

/// Whether a markdown body may hold a fenced code block.
fn has_fence(body: &str) -> bool {
    body.contains("```") || body.contains("~~~")
}

impl Session {
    /// Renders every file of the site into `out` (writing only what
    /// changed) and deletes what the site no longer has. Nothing is written
    /// while the site has errors.
    pub fn write_all(&mut self, out: &mut Output) -> Result<Written> {
        if self.has_errors() {
            self.pending = Pending::All;
            return Ok(Written::default());
        }
        self.render_diags.clear();
        let jobs = self.plan.clone();
        let (mut w, indexed) = self.render(out, &jobs)?;
        let collector = search::Collector::default();
        for (n, info, counts) in indexed {
            collector.add_counts(n, info, counts);
        }
        self.search = collector.into_index();
        for (rel, bytes) in self.search.files() {
            if out.write(&rel, &bytes)? {
                w.changed.push(rel.clone());
            }
            out.written.insert(rel);
        }
        self.search.track_pages();
        let graph = self.write_graph_now(out)?;
        w.rendered += graph.rendered;
        w.changed.extend(graph.changed);
        let statics = self.write_statics(out)?;
        w.rendered += statics.rendered;
        w.changed.extend(statics.changed);
        w.changed.extend(self.remove_stale(out));
        self.pending = Pending::Nothing;
        w.written = true;
        Ok(w)
    }

    /// Writes the files that are not rendered (as `build` lists them) and
    /// serve's marker; deletes the ones the site no longer has.
    fn write_statics(&mut self, out: &mut Output) -> Result<Written> {
        let mut files = crate::build::static_files(
            &self.corpus,
            &self.templates,
            &self.syntax_css,
            self.site.config.cname.as_deref(),
            !self.mermaid_pages.is_empty(),
        )?;
        files.push(StaticFile {
            rel: crate::write::MARKER.into(),
            from: Origin::Bytes(crate::write::MARKER_TEXT.as_bytes().into()),
        });
        let written: Vec<bool> = files
            .par_iter()
            .map(|f| match &f.from {
                Origin::Bytes(bytes) => out.write(&f.rel, bytes),
                Origin::File(path) => out.copy(&f.rel, path),
            })
            .collect::<Result<_>>()?;
        let mut w = Written { rendered: files.len(), ..Written::default() };
        out.statics.clear();
        for (f, changed) in files.into_iter().zip(written) {
            if changed {
                w.changed.push(f.rel.clone());
            }
            out.written.insert(f.rel.clone());
            out.statics.insert(f.rel);
        }
        Ok(w)
    }

    /// Renders the outputs of `pages` (their page, feed and redirects), then
    /// the whole-site outputs the change shows on (indexes, home, site feed,
    /// sitemap), and any output not written yet; deletes what the site no
    /// longer has.
    pub(super) fn write_pages(&mut self, out: &mut Output, pages: &BTreeSet<PageId>) -> Result<Written> {
        let home = self.model.pages.iter().position(|p| p.kind == EntityKind::Home).map(|i| PageId(i as u32));
        let (page_jobs, site_jobs): (Vec<Planned>, Vec<Planned>) = self
            .plan
            .iter()
            .filter(|(rel, job)| {
                let wanted = match job {
                    Job::Page(id) | Job::PageFeed(id) | Job::Redirect(id, _) => pages.contains(id),
                    // The home page is also the page of `_index.md`, with its backlinks.
                    Job::Home if home.is_some_and(|h| pages.contains(&h)) => true,
                    job => self.site_change.needs(*job),
                };
                wanted || !out.written.contains(rel)
            })
            .cloned()
            .partition(|(_, job)| matches!(job, Job::Page(_) | Job::PageFeed(_) | Job::Redirect(..)));
        self.lap("select outputs");
        let had_mermaid = !self.mermaid_pages.is_empty();
        let (mut w, indexed) = self.render(out, &page_jobs)?;
        self.lap("render and write pages");
        let changes = self.search.update(indexed);
        for (rel, bytes) in changes.write {
            if out.write(&rel, &bytes)? {
                w.changed.push(rel.clone());
            }
            out.written.insert(rel);
        }
        for rel in changes.remove {
            out.remove(&rel);
            w.changed.push(rel);
        }
        self.lap("search index");
        let (site, _) = self.render(out, &site_jobs)?;
        w.rendered += site.rendered;
        w.changed.extend(site.changed);
        self.lap("render and write indexes");
        let has_mermaid = !self.mermaid_pages.is_empty();
        if had_mermaid != has_mermaid {
            w.changed.extend(self.write_statics(out)?.changed);
        }
        w.changed.extend(self.remove_stale(out));
        self.lap("remove stale files");
        w.written = true;
        Ok(w)
    }

    fn remove_stale(&self, out: &mut Output) -> Vec<String> {
        let statics = std::mem::take(&mut out.statics);
        let index = self.search.paths();
        let expected: HashSet<&str> = self
            .plan
            .iter()
            .map(|(rel, _)| rel.as_str())
            .chain(statics.iter().map(String::as_str))
            .chain(index.iter().map(String::as_str))
            .chain(self.graph_state.paths.iter().map(String::as_str))
            .collect();
        let stale = out.remove_stale(&expected);
        drop(expected);
        out.statics = statics;
        stale
    }

    /// Renders `jobs` in parallel, writing each file as it is rendered;
    /// gives the search terms of the pages the index holds.
    fn render(&mut self, out: &mut Output, jobs: &[(String, Job)]) -> Result<(Written, Vec<Indexed>)> {
        let mut renderer =
            Renderer::new(&self.site, &self.corpus, &self.model, &self.graph, &self.catalog, &self.templates, &out.hl);
        renderer.set_graph_nodes(self.search_numbers.clone());
        let results: Vec<Result<Rendered>> = jobs
            .par_iter()
            .map(|(rel, job)| {
                let t0 = Instant::now();
                let previous = match job {
                    Job::Page(id) if has_fence(self.corpus.docs[self.model.page(*id).doc].body_text()) => {
                        std::fs::read_to_string(out.dir.join(rel)).ok()
                    }
                    _ => None,
                };
                match renderer.render(*job, previous.as_deref()) {
                    Ok(f) => {
                        let indexed = match job {
                            Job::Page(id) => self.search_numbers[id.0 as usize].map(|n| {
                                let info = search::PageInfo::of(&self.site, self.model.page(*id));
                                let counts = search::page_counts(&info.title, &String::from_utf8_lossy(&f.bytes));
                                (n, info, counts)
                            }),
                            _ => None,
                        };
                        let changed = out.write(&f.rel, &f.bytes)?;
                        Ok(Rendered { changed, diag: None, took: t0.elapsed(), mermaid: f.mermaid, indexed })
                    }
                    Err(d) => Ok(Rendered {
                        changed: false,
                        diag: Some(d),
                        took: t0.elapsed(),
                        mermaid: false,
                        indexed: None,
                    }),
                }
            })
            .collect();
        let mut w = Written { rendered: jobs.len(), ..Written::default() };
        let mut slowest: Vec<(Duration, &str)> = Vec::new();
        let mut all_indexed = Vec::new();
        for ((rel, _), r) in jobs.iter().zip(results) {
            let Rendered { changed, diag, took, mermaid, indexed } = r?;
            slowest.push((took, rel));
            all_indexed.extend(indexed);
            if mermaid {
                self.mermaid_pages.insert(rel.clone());
            } else {
                self.mermaid_pages.remove(rel);
            }
            match diag {
                Some(d) => {
                    self.render_diags.insert(rel.clone(), d);
                }
                None => {
                    self.render_diags.remove(rel);
                    out.written.insert(rel.clone());
                }
            }
            if changed {
                w.changed.push(rel.clone());
            }
        }
        slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (took, rel) in slowest.into_iter().take(4) {
            self.timings.push((format!("  {rel}"), took));
        }
        Ok((w, all_indexed))
    }
}
