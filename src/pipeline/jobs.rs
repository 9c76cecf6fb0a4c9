//! The render loop `build` and `serve` share: jobs rendered in parallel,
//! each file handed to the output ([`Sink`]) as soon as it exists, so pages
//! are never all held in memory. A page with a fenced code block is given
//! its previous HTML (when the output holds this version's), so unchanged
//! blocks are not highlighted again; the bytes are handed back to the sink,
//! which then does not read them a second time.

use std::time::{Duration, Instant};

use anyhow::Result;
use rayon::prelude::*;

use super::{Prepared, Theme};
use crate::diag::Diagnostic;
use crate::highlight::Highlighter;
use crate::model::PageId;
use crate::render::{Job, Renderer};
use crate::write::Sink;

/// The most jobs a thread renders without giving others a chance to take
/// some: rayon otherwise leaves runs of thousands of pages unsplit, and at
/// the end of the loop one thread renders the last run while the other waits.
const MAX_LEN: usize = 16;

/// What rendering one job did.
#[derive(Debug)]
pub struct Rendered {
    /// Its output path.
    pub rel: String,
    /// A template failure (then nothing was written).
    pub diag: Option<Diagnostic>,
    /// Whether the output's bytes changed.
    pub changed: bool,
    /// Whether the page shows a mermaid diagram (its script must be written).
    pub mermaid: bool,
    /// Time spent rendering.
    pub render: Duration,
    /// Time spent writing.
    pub write: Duration,
    /// What the job read (recorded only when asked).
    pub reads: Vec<crate::reads::Read>,
}

/// Renders `jobs` into `out`. `index` is called, on the rendering thread,
/// with each page the search index numbers, its number and its bytes.
/// With `track`, each job's reads are recorded (`serve` keeps them).
pub fn render<S: Sink + ?Sized>(
    p: &Prepared,
    theme: &Theme,
    hl: &Highlighter,
    jobs: &[(String, Job)],
    out: &S,
    track: bool,
    index: &(dyn Fn(u32, PageId, &[u8]) + Sync),
) -> Result<Vec<Rendered>> {
    let mut renderer = Renderer::new(&p.site, &p.corpus, &p.model, &p.graph, &p.catalog, &theme.templates, hl);
    renderer.set_graph_nodes(&p.search_numbers);
    jobs.par_iter()
        .with_max_len(MAX_LEN)
        .map(|(rel, job)| {
            // Only a page with a fenced code block can reuse anything.
            let previous = match job {
                Job::Page(id) if p.corpus.docs[p.model.page(*id).doc].fenced => out.previous(rel),
                _ => None,
            };
            let t0 = Instant::now();
            let run = || renderer.render(*job, previous.as_deref().and_then(|b| std::str::from_utf8(b).ok()));
            let (file, reads) = if track { crate::reads::track(run) } else { (run(), Vec::new()) };
            let render = t0.elapsed();
            let f = match file {
                Ok(f) => f,
                Err(d) => {
                    let write = Duration::ZERO;
                    return Ok(Rendered {
                        rel: rel.clone(),
                        diag: Some(d),
                        changed: false,
                        mermaid: false,
                        render,
                        write,
                        reads,
                    });
                }
            };
            let t1 = Instant::now();
            let changed = out.put(&f.rel, &f.bytes, previous.as_deref().filter(|_| f.rel == *rel))?;
            let write = t1.elapsed();
            if let Job::Page(id) = job {
                if let Some(n) = p.search_numbers[id.0 as usize] {
                    index(n, *id, &f.bytes);
                }
            }
            Ok(Rendered { rel: rel.clone(), diag: None, changed, mermaid: f.mermaid, render, write, reads })
        })
        .collect()
}
