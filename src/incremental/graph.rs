//! The link graph in `serve`: a whole-site view refreshed in the
//! background. After an edit's pages are written, [`Session::graph_job`]
//! says whether the graph (pages, titles, links) changed; the caller lays it
//! out on a thread of its own ([`GraphJob::run`]) and hands the files back
//! to [`Session::write_graph`], which writes them unless a newer edit made
//! them stale. Settled, the files are what `build` writes.

use anyhow::Result;

use super::{Session, Written};
use crate::graph::Graph;
use crate::write::Live;

/// A layout to compute off the serve loop.
#[derive(Debug)]
pub struct GraphJob {
    generation: u64,
    graph: Graph,
    previous: Option<Vec<u8>>,
}

/// A finished [`GraphJob`].
#[derive(Debug)]
pub struct GraphFiles {
    generation: u64,
    graph: Graph,
    files: Vec<(String, Vec<u8>)>,
}

impl GraphJob {
    /// Lays the graph out (keeping the previous layout when only titles
    /// changed) and makes its files.
    pub fn run(self) -> GraphFiles {
        let files = self.graph.files(self.previous.as_deref());
        GraphFiles { generation: self.generation, graph: self.graph, files }
    }
}

/// What `serve` keeps of the graph.
#[derive(Debug, Default)]
pub(super) struct GraphState {
    /// The graph whose files are on disk.
    written: Graph,
    /// Its `graph/graph.json`.
    whole: Vec<u8>,
    /// Every graph file's path.
    pub(super) paths: Vec<String>,
    /// Bumped for every job; a job's files are written only if still current.
    generation: u64,
}

impl Session {
    /// The link graph of the current model, nodes numbered as in the search index.
    fn link_graph(&self) -> Graph {
        Graph::new(&self.p.model, &self.p.graph, &self.p.numbered_pages())
    }

    /// Lays out and writes the whole graph now (when the whole site is written).
    pub(super) fn write_graph_now(&mut self, out: &mut Live) -> Result<Written> {
        self.graph_stale = false;
        self.graph_state.generation += 1;
        let job = GraphJob {
            generation: self.graph_state.generation,
            graph: self.link_graph(),
            previous: Some(std::mem::take(&mut self.graph_state.whole)),
        };
        self.write_graph(out, job.run())
    }

    /// The layout to compute when the graph changed since its files were
    /// written (only an edit that changed a title, a kind or which pages
    /// link to which can have changed it).
    pub fn graph_job(&mut self) -> Option<GraphJob> {
        if self.has_errors() || !self.graph_stale {
            return None;
        }
        self.graph_stale = false;
        let graph = self.link_graph();
        if graph.nodes == self.graph_state.written.nodes && graph.edges == self.graph_state.written.edges {
            return None;
        }
        self.graph_state.generation += 1;
        Some(GraphJob {
            generation: self.graph_state.generation,
            graph,
            previous: Some(self.graph_state.whole.clone()),
        })
    }

    /// Writes a finished job's files (only the changed ones), unless a newer
    /// job was started or the site has errors.
    pub fn write_graph(&mut self, out: &mut Live, done: GraphFiles) -> Result<Written> {
        let mut w = Written::default();
        if done.generation != self.graph_state.generation || self.has_errors() {
            return Ok(w);
        }
        let mut paths = Vec::with_capacity(done.files.len());
        for (rel, bytes) in &done.files {
            if out.write(rel, bytes, None)? {
                w.changed.push(rel.clone());
            }
            out.written.insert(rel.clone());
            paths.push(rel.clone());
        }
        w.rendered = done.files.len();
        w.written = true;
        self.graph_state.whole =
            done.files.into_iter().find(|(rel, _)| rel == "graph/graph.json").map(|(_, b)| b).unwrap_or_default();
        self.graph_state.paths = paths;
        self.graph_state.written = done.graph;
        Ok(w)
    }
}
