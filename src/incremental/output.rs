//! Writing serve's live folder (`write::Live`): the whole site, or the
//! outputs an edit touched, rendered by the pipeline's render loop; the
//! search index and the static files kept as `build` writes them; files
//! the site no longer has deleted.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Result;
use rayon::prelude::*;

use super::{deps, Pending, Session, Written};
use crate::build::{Origin, StaticFile};
use crate::model::PageId;
use crate::render::Job;
use crate::search;
use crate::write::{Live, Sink};

/// One output of the plan.
type Planned = (String, Job);

/// A page's number in the search index, what a result shows of it, and its terms.
type Indexed = (u32, search::PageInfo, search::Counts);

impl Session {
    /// Renders every file of the site into `out` (writing only what
    /// changed) and deletes what the site no longer has. Nothing is written
    /// while the site has errors.
    pub fn write_all(&mut self, out: &mut Live) -> Result<Written> {
        if self.has_errors() {
            self.pending = Pending::All;
            return Ok(Written::default());
        }
        self.p.diags.render.clear();
        // Serve's folder may hold pages highlighted with other themes (the
        // config changed): their blocks are reused only if its stylesheet is this one.
        self.hl.reuse_previous(Sink::previous(&*out, "syntax.css").as_deref());
        let jobs = self.p.plan.clone();
        let (mut w, indexed) = self.render(out, &jobs)?;
        let collector = search::Collector::default();
        for (n, info, counts) in indexed {
            collector.add_counts(n, info, counts);
        }
        self.search = collector.into_index();
        for (rel, bytes) in self.search.files() {
            if out.write(&rel, &bytes, None)? {
                w.changed.push(rel.clone());
            }
            out.written.insert(rel);
        }
        self.search.track_pages();
        let graph = self.write_graph_now(out)?;
        w.rendered += graph.rendered;
        w.changed.extend(graph.changed);
        let statics = self.write_statics(out)?;
        self.hl.reuse_previous(Some(self.theme.palette.stylesheet().as_bytes()));
        w.rendered += statics.rendered;
        w.changed.extend(statics.changed);
        w.changed.extend(self.remove_stale(out));
        self.pending = Pending::Nothing;
        w.written = true;
        Ok(w)
    }

    /// Writes the files that are not rendered (as `build` lists them) and
    /// serve's marker; deletes the ones the site no longer has.
    fn write_statics(&mut self, out: &mut Live) -> Result<Written> {
        let mut files = crate::build::static_files(
            &self.p.corpus,
            &self.theme.templates,
            self.theme.palette.stylesheet(),
            self.p.site.config.cname.as_deref(),
            !self.mermaid_pages.is_empty(),
        )?;
        files.push(StaticFile {
            rel: crate::write::MARKER.into(),
            from: Origin::Bytes(crate::write::MARKER_TEXT.as_bytes().into()),
        });
        let written: Vec<bool> = files
            .par_iter()
            .map(|f| match &f.from {
                Origin::Bytes(bytes) => out.write(&f.rel, bytes, None),
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

    /// Renders again every output that read something `changes` changed
    /// (and any not written yet), updates the search index with the pages
    /// among them, and deletes what the site no longer has.
    pub(super) fn write_changed(&mut self, out: &mut Live, changes: &deps::Changes) -> Result<Written> {
        let touched = self.reads.touched(changes);
        // A new plan renders again the outputs whose job it added or changed; every other output
        // renders again when what it read changed (the pages, and so their order, their numbers
        // and the sitemap, change only with a full reload).
        let jobs: Vec<Planned> = if changes.plan || !self.p.diags.render.is_empty() {
            self.p
                .plan
                .iter()
                .filter(|(rel, _)| {
                    changes.replanned.contains(rel.as_str())
                        || !out.written.contains(rel)
                        || !self.reads.has(rel)
                        || touched.contains(rel.as_str())
                })
                .cloned()
                .collect()
        } else {
            // The same plan, every output of which was written (a failed one
            // is kept in `diags.render`) with its reads: only the touched ones.
            let mut at: Vec<u32> = touched.iter().filter_map(|rel| self.plan_pos.get(*rel).copied()).collect();
            at.sort_unstable();
            at.into_iter().map(|i| self.p.plan[i as usize].clone()).collect()
        };
        drop(touched);
        self.lap("select outputs");
        let had_mermaid = !self.mermaid_pages.is_empty();
        // The pages first, then the views over the whole site (the indexes,
        // exports and feeds): an edited page and the pages showing it are on
        // disk before a 10,000-entry index is made.
        let (pages, views): (Vec<Planned>, Vec<Planned>) = jobs.into_iter().partition(|(_, job)| job.is_one_page());
        let (mut w, mut indexed) = self.render(out, &pages)?;
        self.lap("render and write pages");
        let (more, more_indexed) = self.render(out, &views)?;
        w.rendered += more.rendered;
        w.changed.extend(more.changed);
        indexed.extend(more_indexed);
        indexed.sort_by_key(|(n, ..)| *n);
        self.lap("render and write the indexes");
        let updated = self.search.update(indexed);
        for (rel, bytes) in updated.write {
            if out.write(&rel, &bytes, None)? {
                w.changed.push(rel.clone());
            }
            out.written.insert(rel);
        }
        for rel in updated.remove {
            out.remove(&rel);
            w.changed.push(rel);
        }
        self.lap("search index");
        let has_mermaid = !self.mermaid_pages.is_empty();
        if had_mermaid != has_mermaid {
            w.changed.extend(self.write_statics(out)?.changed);
        }
        // A file goes stale only when the plan or the static files changed
        // (the search index removes its own files above).
        if changes.plan || had_mermaid != has_mermaid {
            w.changed.extend(self.remove_stale(out));
        }
        self.lap("remove stale files");
        w.written = true;
        Ok(w)
    }

    fn remove_stale(&self, out: &mut Live) -> Vec<String> {
        let statics = std::mem::take(&mut out.statics);
        let index = self.search.paths();
        let expected: HashSet<&str> = self
            .p
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
    fn render(&mut self, out: &mut Live, jobs: &[(String, Job)]) -> Result<(Written, Vec<Indexed>)> {
        let indexed = Mutex::new(Vec::new());
        let p = &self.p;
        let index = |n: u32, id: PageId, bytes: &[u8]| {
            let mut info = search::PageInfo::of(&p.site, p.model.page(id));
            let counts = search::page_counts(&mut info, &String::from_utf8_lossy(bytes));
            indexed.lock().unwrap_or_else(|e| e.into_inner()).push((n, info, counts));
        };
        let results = crate::pipeline::render(p, &self.theme, &self.hl, jobs, &*out, true, &index)?;
        let mut all_indexed = indexed.into_inner().unwrap_or_else(|e| e.into_inner());
        all_indexed.sort_by_key(|(n, ..)| *n);
        let mut w = Written { rendered: jobs.len(), ..Written::default() };
        let mut slowest: Vec<(Duration, String)> = Vec::new();
        for r in results {
            slowest.push((r.render + r.write, r.rel.clone()));
            if r.mermaid {
                self.mermaid_pages.insert(r.rel.clone());
            } else {
                self.mermaid_pages.remove(&r.rel);
            }
            if r.changed {
                w.changed.push(r.rel.clone());
            }
            self.reads.record(&r.rel, r.reads);
            match r.diag {
                Some(d) => {
                    self.p.diags.render.insert(r.rel, d);
                }
                None => {
                    self.p.diags.render.remove(&r.rel);
                    out.written.insert(r.rel);
                }
            }
        }
        slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (took, rel) in slowest.into_iter().take(4) {
            self.timings.push((format!("  {rel}"), took));
        }
        Ok((w, all_indexed))
    }
}
