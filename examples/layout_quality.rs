//! How good and how costly the graph's layout is, on the graph of a built
//! site: reads `graph/graph.json` (its nodes and edges; the positions in it
//! are ignored), lays the graph out again with `graph::layout` (best time of
//! three) and prints the layout's time and its `layout::Quality`: linked over
//! random distance, neighbour share and the share of overlapping dots.
//!
//! `--clustered N` lays out a made-up graph instead: N nodes in clusters of
//! 25 (a knowledge base's topics), each node linking to 4 of its cluster and,
//! one in four, to a node anywhere, with one node in 20 a hub linked from 20
//! nodes anywhere (its companies); with SEEDS, that many such graphs (the
//! synthetic benchmark's links are random, so its graphs have no structure
//! for a layout to show).
//!
//! Usage: `cargo run --release --example layout_quality -- SITE/graph/graph.json ... | --clustered N [SEEDS]`

use std::time::Instant;

use pivotbook::graph::layout;

/// A graph: its name, node count and edges.
type Named = (String, usize, Vec<(u32, u32)>);

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: layout_quality GRAPH_JSON...");
        std::process::exit(2);
    }
    let graphs: Vec<Named> = if paths[0] == "--clustered" {
        let n = paths.get(1).and_then(|v| v.parse().ok()).expect("--clustered N");
        let seeds = paths.get(2).and_then(|v| v.parse().ok()).unwrap_or(1);
        (0..seeds).map(|seed| (format!("clustered {n} (seed {seed})"), n, clustered(n, seed))).collect()
    } else {
        paths.iter().map(|path| read(path)).collect()
    };
    for (path, n, edges) in graphs {
        let mut best = f64::MAX;
        let mut positions = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            positions = layout::layout(n, &edges);
            best = best.min(start.elapsed().as_secs_f64());
        }
        let q = layout::quality(&positions, &edges);
        println!(
            "{path}: {n} nodes, {} edges: layout {:.1} ms; linked/random {:.3}, neighbour share {:.3}, crowded {:.3}",
            edges.len(),
            best * 1e3,
            q.linked_over_random,
            q.neighbour_share,
            q.crowded
        );
    }
}

/// The nodes and edges of a site's `graph.json`.
fn read(path: &str) -> Named {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let n = json["nodes"].as_u64().expect("nodes") as usize;
    let flat: Vec<u32> =
        json["edges"].as_array().expect("edges").iter().map(|v| v.as_u64().expect("edge number") as u32).collect();
    let mut edges = Vec::with_capacity(flat.len() / 2);
    let mut from = 0;
    for pair in flat.chunks(2) {
        from += pair[0];
        edges.push((from, pair[1]));
    }
    (path.to_string(), n, edges)
}

/// The made-up graph of `--clustered`.
fn clustered(n: usize, seed: u64) -> Vec<(u32, u32)> {
    let mut state = 11 + seed;
    let mut r = |m: usize| (layout::splitmix(&mut state) % m as u64) as u32;
    let mut edges = Vec::new();
    for i in 0..n as u32 {
        let base = i / 25 * 25;
        let size = (n as u32 - base).min(25);
        for _ in 0..4 {
            edges.push((i, base + r(size as usize)));
        }
        if r(4) == 0 {
            edges.push((i, r(n)));
        }
        if i % 20 == 0 {
            for _ in 0..20 {
                edges.push((r(n), i));
            }
        }
    }
    edges.retain(|&(a, b)| a != b);
    edges.sort_unstable();
    edges.dedup();
    edges
}
