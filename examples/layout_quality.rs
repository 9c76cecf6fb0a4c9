//! How good and how costly the graph's layout is, on the graph of a built
//! site: reads `graph/graph.json` (its nodes and edges; the positions in it
//! are ignored), lays the graph out again with `graph::layout` (best time of
//! three) and prints the layout's time and three measures of it:
//!
//! - **linked / random**: the mean distance between linked nodes over the
//!   mean distance between random pairs (lower: links are short);
//! - **neighbour share**: of each linked node's k nearest nodes on the
//!   plane (k its degree, at most 10), the share it links to or from
//!   (higher: neighbours on the plane are neighbours in the graph);
//! - **crowded**: the share of nodes with another node within 10 units
//!   (a thousandth of the layout's span), drawn on top of each other.
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
            positions = pivotbook::graph::layout::layout(n, &edges);
            best = best.min(start.elapsed().as_secs_f64());
        }
        let m = measure(&positions, &edges);
        println!(
            "{path}: {n} nodes, {} edges: layout {:.1} ms; linked/random {:.3}, neighbour share {:.3}, crowded {:.3}",
            edges.len(),
            best * 1e3,
            m.0,
            m.1,
            m.2
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

/// splitmix64, from `state`.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The made-up graph of `--clustered`.
fn clustered(n: usize, seed: u64) -> Vec<(u32, u32)> {
    let mut state = 11 + seed;
    let mut r = |m: usize| (splitmix(&mut state) % m as u64) as u32;
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

fn dist(a: (i32, i32), b: (i32, i32)) -> f64 {
    (f64::from(a.0 - b.0).powi(2) + f64::from(a.1 - b.1).powi(2)).sqrt()
}

/// (linked / random, neighbour share, crowded) of `p`.
fn measure(p: &[(i32, i32)], edges: &[(u32, u32)]) -> (f64, f64, f64) {
    let n = p.len();
    let mut neighbours: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a != b {
            neighbours[a as usize].push(b);
            neighbours[b as usize].push(a);
        }
    }
    for list in &mut neighbours {
        list.sort_unstable();
        list.dedup();
    }
    let linked =
        edges.iter().map(|&(a, b)| dist(p[a as usize], p[b as usize])).sum::<f64>() / edges.len().max(1) as f64;
    // A fixed sequence of random pairs.
    let mut state = 7u64;
    let mut next = || splitmix(&mut state) as usize % n;
    let random = (0..20_000).map(|_| dist(p[next()], p[next()])).sum::<f64>() / 20_000.0;
    let (mut share, mut counted, mut crowded) = (0.0, 0usize, 0usize);
    let mut near: Vec<(f64, u32)> = Vec::with_capacity(n);
    for i in 0..n {
        near.clear();
        near.extend((0..n).filter(|&j| j != i).map(|j| (dist(p[i], p[j]), j as u32)));
        if near.iter().any(|&(d, _)| d < 10.0) {
            crowded += 1;
        }
        let k = neighbours[i].len().min(10);
        if k == 0 {
            continue;
        }
        near.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let hits = near[..k].iter().filter(|&&(_, j)| neighbours[i].binary_search(&j).is_ok()).count();
        share += hits as f64 / k as f64;
        counted += 1;
    }
    (linked / random, share / counted.max(1) as f64, crowded as f64 / n as f64)
}
