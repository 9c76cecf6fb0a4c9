//! The link graph: every page of the site as a node, every link and front
//! matter reference between two pages as an edge, laid out at build time.
//!
//! [`Graph::new`] takes the pages in the order the search index numbers them
//! (sorted output paths), so a node's number is its search page number.
//! [`Graph::files`] lays the graph out (`graph/layout`, on the driver's graph
//! thread, overlapping the render threads) and writes:
//!
//! - `graph/graph.json`: the format and layout versions, the legend (each
//!   kind's letter and name, from the kinds' registry: `c`ompany, `d`eal,
//!   `t`opic, `n`ote and the site's own), the kind of each node (one letter
//!   each), the edges
//!   as pairs of node numbers, sorted by source, the source delta-coded
//!   (`[Δfrom,to,…]`), and last the integer positions (`[x0,y0,x1,y1,…]`).
//!   A rebuild whose previous output has the same head (all but the
//!   positions) keeps that file, since the layout depends on nothing else;
//! - `graph/labels.json`: each node's path and title, by number, which
//!   `/graph/` fetches after its first frame for its labels, tips and
//!   search box (a file of its own, so a retitled page never forces a new
//!   layout, and the graph does not depend on the search index's format);
//! - `graph/n/<b>.json`: the neighbours of pages `b*LOCAL_BUNDLE..`, read by
//!   the small graph on each page: a table of the nodes they name (path,
//!   title, kind letter) and, per page, `[self, left out, node, direction, …]`
//!   with direction 1 (this page links to it), 2 (it links here) or 3 (both);
//!   at most [`LOCAL_MAX`] neighbours each, the most linked first.
//!
//! Every list is sorted and positions are integers, so the files are
//! byte-identical between builds.

pub mod layout;

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::links::LinkGraph;
use crate::model::{Model, PageId};

/// The version of the graph files (`graph.js` checks it).
pub const FORMAT: u32 = 2;
/// Pages per `graph/n/` bundle.
pub const LOCAL_BUNDLE: u32 = 32;
/// Neighbours shown at most around one page.
pub const LOCAL_MAX: usize = 30;

/// One page of the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Site path without the base path (`companies/iren/`).
    pub path: String,
    /// Title.
    pub title: String,
    /// `c`, `d`, `t` or `n`.
    pub kind: char,
}

/// The pages and the links between them.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Nodes, by number.
    pub nodes: Vec<Node>,
    /// Directed edges (from, to), sorted, once each, never a loop.
    pub edges: Vec<(u32, u32)>,
    /// Each kind's letter and name, as `graph.js` shows them.
    pub legend: Vec<(char, &'static str)>,
}

impl Graph {
    /// The graph of `pages` (node `i` is `pages[i]`); edges come from the
    /// backlinks, which hold every body link and front matter reference
    /// between two different pages once.
    pub fn new(model: &Model, links: &LinkGraph, pages: &[PageId]) -> Graph {
        let mut number = vec![u32::MAX; model.pages.len()];
        for (i, id) in pages.iter().enumerate() {
            number[id.0 as usize] = i as u32;
        }
        let nodes = pages
            .iter()
            .map(|&id| {
                let p = model.page(id);
                Node { path: p.url.clone(), title: p.title.clone(), kind: model.kinds.def(p.kind).letter }
            })
            .collect();
        let mut edges = Vec::new();
        for (to, &id) in pages.iter().enumerate() {
            for b in &links.backlinks[id.0 as usize] {
                let from = number[b.from.0 as usize];
                if from != u32::MAX && from != to as u32 {
                    edges.push((from, to as u32));
                }
            }
        }
        edges.sort_unstable();
        edges.dedup();
        // The home page is drawn as a note (same letter): one entry per letter.
        let mut legend: Vec<(char, &'static str)> = Vec::new();
        for k in model.kinds.all() {
            if !legend.iter().any(|(c, _)| *c == k.letter) {
                legend.push((k.letter, k.label));
            }
        }
        Graph { nodes, edges, legend }
    }

    /// The neighbours of node `i`: (node, direction bits: 1 out, 2 in), the
    /// most linked first (then by number), all of them.
    pub fn neighbours(&self, i: u32, adjacency: &Adjacency) -> Vec<(u32, u8)> {
        let (out, inc) = (&adjacency.out[i as usize], &adjacency.inc[i as usize]);
        // Both lists are sorted (as the edges are): one merge gives each neighbour once.
        let mut list = Vec::with_capacity(out.len() + inc.len());
        let (mut a, mut b) = (0, 0);
        loop {
            match (out.get(a), inc.get(b)) {
                (Some(&x), Some(&y)) if x == y => {
                    list.push((x, 3));
                    (a, b) = (a + 1, b + 1);
                }
                (Some(&x), y) if y.is_none_or(|&y| x < y) => {
                    list.push((x, 1));
                    a += 1;
                }
                (_, Some(&y)) => {
                    list.push((y, 2));
                    b += 1;
                }
                _ => break,
            }
        }
        list.sort_unstable_by_key(|&(j, _)| (std::cmp::Reverse(adjacency.degree(j)), j));
        list
    }

    /// Lays the graph out and returns its files, by path. `previous` is the
    /// `graph/graph.json` of the previous build (by this version), if any:
    /// when it holds the same nodes and edges its layout is reused as it is,
    /// being what the layout would compute again.
    pub fn files(&self, previous: Option<&[u8]>) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        let _ = self.write_files(previous, |rel, bytes| {
            files.push((rel.to_string(), bytes.to_vec()));
            Ok::<(), ()>(())
        });
        files
    }

    /// As [`Graph::files`], handing each file to `emit` as soon as it is
    /// made (the driver writes it at once, so none is held).
    pub fn write_files<E>(
        &self,
        previous: Option<&[u8]>,
        mut emit: impl FnMut(&str, &[u8]) -> Result<(), E>,
    ) -> Result<(), E> {
        let head = self.whole_head();
        let whole: Vec<u8> = match previous {
            Some(p) if p.starts_with(head.as_bytes()) && p.ends_with(b"]}\n") => p.to_vec(),
            _ => {
                let positions = layout::layout(self.nodes.len(), &self.edges);
                let (mut out, mut number) = (head, itoa::Buffer::new());
                for (i, (x, y)) in positions.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(number.format(*x));
                    out.push(',');
                    out.push_str(number.format(*y));
                }
                out.push_str("]}\n");
                out.into_bytes()
            }
        };
        emit("graph/graph.json", &whole)?;
        drop(whole);
        // Each node's path and title as JSON, made once for every file that names it.
        let names: Vec<(String, String)> =
            self.nodes.iter().map(|n| (json_string(&n.path), json_string(&n.title))).collect();
        emit("graph/labels.json", labels_json(&names).as_bytes())?;
        let adjacency = Adjacency::new(self);
        let n = self.nodes.len() as u32;
        for b in 0..n.div_ceil(LOCAL_BUNDLE) {
            let range = b * LOCAL_BUNDLE..((b + 1) * LOCAL_BUNDLE).min(n);
            emit(&format!("graph/n/{b}.json"), self.local_json(range, &adjacency, &names).as_bytes())?;
        }
        Ok(())
    }

    /// `graph.json` up to its positions, which come last: everything the
    /// layout depends on (the layout's version, node count and edges).
    fn whole_head(&self) -> String {
        let mut out = String::with_capacity(16 * self.nodes.len() + 12 * self.edges.len());
        let _ = write!(
            out,
            "{{\"format\":{FORMAT},\"layout\":{},\"nodes\":{},\"local\":{LOCAL_BUNDLE},\"legend\":[",
            layout::VERSION,
            self.nodes.len(),
        );
        for (i, (letter, name)) in self.legend.iter().enumerate() {
            let sep = if i > 0 { "," } else { "" };
            let _ = write!(out, "{sep}[\"{letter}\",{}]", serde_json::Value::from(*name));
        }
        out.push_str("],\"kinds\":\"");
        out.extend(self.nodes.iter().map(|n| n.kind));
        out.push_str("\",\"edges\":[");
        let (mut last, mut number) = (0, itoa::Buffer::new());
        for (i, (from, to)) in self.edges.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(number.format(from - last));
            out.push(',');
            out.push_str(number.format(*to));
            last = *from;
        }
        out.push_str("],\"xy\":[");
        out
    }

    fn local_json(&self, range: std::ops::Range<u32>, adjacency: &Adjacency, names: &[(String, String)]) -> String {
        let mut table: Vec<u32> = Vec::new();
        let mut slot: HashMap<u32, usize, foldhash::fast::RandomState> = HashMap::default();
        let mut index = |j: u32, table: &mut Vec<u32>| {
            *slot.entry(j).or_insert_with(|| {
                table.push(j);
                table.len() - 1
            })
        };
        let mut pages = String::new();
        let mut number = itoa::Buffer::new();
        for i in range {
            let list = self.neighbours(i, adjacency);
            let more = list.len().saturating_sub(LOCAL_MAX);
            if !pages.is_empty() {
                pages.push(',');
            }
            pages.push('[');
            pages.push_str(number.format(index(i, &mut table)));
            pages.push(',');
            pages.push_str(number.format(more));
            for (j, dir) in list.into_iter().take(LOCAL_MAX) {
                pages.push(',');
                pages.push_str(number.format(index(j, &mut table)));
                pages.push(',');
                pages.push_str(number.format(dir));
            }
            pages.push(']');
        }
        let mut out = String::from("{\"format\":1,\"nodes\":[");
        for (k, &j) in table.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            let (path, title) = &names[j as usize];
            let _ = write!(out, "[{path},{title},\"{}\"]", self.nodes[j as usize].kind);
        }
        out.push_str("],\"pages\":[");
        out.push_str(&pages);
        out.push_str("]}\n");
        out
    }
}

/// `graph/labels.json`: `{"format":F,"labels":[[path,title],…]}`, by node
/// number, from each node's path and title as JSON.
fn labels_json(names: &[(String, String)]) -> String {
    let mut out = format!("{{\"format\":{FORMAT},\"labels\":[");
    for (i, (path, title)) in names.iter().enumerate() {
        let sep = if i > 0 { "," } else { "" };
        let _ = write!(out, "{sep}[{path},{title}]");
    }
    out.push_str("]}\n");
    out
}

/// A string as JSON, safe to read as HTML too (as the other generated JSON).
fn json_string(s: &str) -> String {
    let json = serde_json::to_string(s).expect("strings serialise");
    String::from_utf8(crate::render::exports::html_safe(json)).unwrap_or_default()
}

/// Each node's outgoing and incoming neighbours.
#[derive(Debug)]
pub struct Adjacency {
    out: Vec<Vec<u32>>,
    inc: Vec<Vec<u32>>,
}

impl Adjacency {
    /// The adjacency lists of a graph.
    pub fn new(g: &Graph) -> Adjacency {
        let mut out = vec![Vec::new(); g.nodes.len()];
        let mut inc = vec![Vec::new(); g.nodes.len()];
        for &(a, b) in &g.edges {
            out[a as usize].push(b);
            inc[b as usize].push(a);
        }
        Adjacency { out, inc }
    }

    fn degree(&self, j: u32) -> usize {
        self.out[j as usize].len() + self.inc[j as usize].len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(u32, u32)]) -> Graph {
        let nodes = (0..n)
            .map(|i| Node {
                path: format!("notes/n{i}/"),
                title: format!("N<{i}>"),
                kind: if i == 0 { 'c' } else { 'n' },
            })
            .collect();
        let mut edges = edges.to_vec();
        edges.sort_unstable();
        Graph { nodes, edges, legend: vec![('c', "Company"), ('n', "Note")] }
    }

    #[test]
    fn whole_graph_json_is_compact_and_delta_coded() {
        let g = graph(3, &[(0, 1), (0, 2), (2, 0)]);
        let files = g.files(None);
        let whole = String::from_utf8(files[0].1.clone()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&whole).unwrap();
        assert_eq!(v["kinds"], "cnn");
        assert_eq!(v["edges"], serde_json::json!([0, 1, 0, 2, 2, 0]));
        assert_eq!(v["xy"].as_array().unwrap().len(), 6);
        assert_eq!(files[1].0, "graph/labels.json");
        assert_eq!(files[2].0, "graph/n/0.json");
        assert_eq!(files, g.files(None), "deterministic");
    }

    #[test]
    fn a_previous_layout_is_kept_only_for_the_same_nodes_and_edges() {
        let g = graph(3, &[(0, 1), (0, 2)]);
        let whole = g.files(None).swap_remove(0).1;
        let mut moved = whole.clone();
        let at = moved.windows(6).position(|w| w == b"\"xy\":[").unwrap() + 6;
        moved[at] = if moved[at] == b'1' { b'2' } else { b'1' };
        // The same graph keeps the previous positions, as they are.
        assert_eq!(g.files(Some(&moved))[0].1, moved);
        // Another edge: laid out afresh.
        let h = graph(3, &[(0, 1), (1, 2)]);
        let fresh = h.files(None).swap_remove(0).1;
        assert_eq!(h.files(Some(&moved))[0].1, fresh);
        assert_eq!(h.files(Some(b"garbage"))[0].1, fresh);
    }

    #[test]
    fn labels_name_every_node_by_number_html_safe() {
        let g = graph(3, &[(0, 1)]);
        let files = g.files(None);
        let text = String::from_utf8(files[1].1.clone()).unwrap();
        assert!(text.contains("N\\u003c2\\u003e"), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], FORMAT);
        assert_eq!(
            v["labels"],
            serde_json::json!([["notes/n0/", "N<0>"], ["notes/n1/", "N<1>"], ["notes/n2/", "N<2>"]])
        );
    }

    #[test]
    fn local_bundles_name_each_neighbour_with_its_direction() {
        let g = graph(4, &[(0, 1), (1, 0), (2, 1), (1, 3)]);
        let files = g.files(None);
        let v: serde_json::Value = serde_json::from_slice(&files[2].1).unwrap();
        let nodes = v["nodes"].as_array().unwrap();
        let pages = v["pages"].as_array().unwrap();
        assert_eq!(pages.len(), 4);
        // Page 1: itself, nothing left out, then 0 (both ways, degree 2), 2 (links here), 3 (linked to).
        let p1: Vec<u64> = pages[1].as_array().unwrap().iter().map(|x| x.as_u64().unwrap()).collect();
        let name = |k: u64| nodes[k as usize][0].as_str().unwrap().to_string();
        assert_eq!(name(p1[0]), "notes/n1/");
        assert_eq!(p1[1], 0);
        let rest: Vec<(String, u64)> = p1[2..].chunks(2).map(|c| (name(c[0]), c[1])).collect();
        assert_eq!(rest, [("notes/n0/".into(), 3), ("notes/n2/".into(), 2), ("notes/n3/".into(), 1)]);
        // Titles are HTML-safe JSON.
        assert!(String::from_utf8_lossy(&files[2].1).contains("N\\u003c0\\u003e"));
    }

    #[test]
    fn local_lists_are_capped_and_count_what_is_left_out() {
        let edges: Vec<(u32, u32)> = (1..=50).map(|i| (i, 0)).collect();
        let g = graph(51, &edges);
        let files = g.files(None);
        let v: serde_json::Value = serde_json::from_slice(&files[2].1).unwrap();
        let p0 = v["pages"][0].as_array().unwrap();
        assert_eq!(p0[1], 50 - LOCAL_MAX as u64);
        assert_eq!(p0.len(), 2 + 2 * LOCAL_MAX);
    }
}
