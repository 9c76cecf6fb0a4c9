//! The layout of the whole graph, computed at build time: ForceAtlas2 with
//! Barnes–Hut repulsion (`O(n log n)` per iteration) from the `fa2` crate,
//! run single-threaded for a fixed number of iterations, then scaled into
//! `0..=SCALE` and rounded to integers, so the same graph always gives the
//! same bytes.
//!
//! Two levels keep it cheap at 10,000 pages: the most linked nodes (the
//! core: companies and topics, in a knowledge base) are laid out first, on
//! their own, from seeded positions; every other node then starts at the
//! mean of its already placed neighbours (with a little seeded jitter), and
//! a few iterations over the whole graph settle it.
//!
//! Repulsion is approximated more coarsely than Gephi's default (Barnes–Hut
//! θ of [`THETA`] instead of 1.2): a far cell's push falls off with distance,
//! and on clustered graphs of 1,200 and 2,500 nodes (30 seeds each, measured
//! with `examples/layout_quality.rs`) the layout's quality stayed the same
//! while it took a fifth to a quarter less time.
//!
//! Each run takes the nodes in Z order of their starting positions (and the
//! edges sorted by them), which keeps Barnes–Hut's walks through its tree in
//! cache: at 117,000 nodes the layout took a third less time.

use fa2::{FA2Data, FA2Settings};

/// The layout's version: raise it whenever the layout changes, so that a
/// previous build's positions are not reused.
pub const VERSION: u32 = 3;
/// Positions are integers in `0..=SCALE` on the longer axis.
pub const SCALE: f64 = 10_000.0;
/// Iterations over the core (fixed, for byte-identical output).
pub const CORE_ITERATIONS: usize = 100;
/// Iterations over the whole graph, once every node is placed.
pub const ITERATIONS: usize = 12;
/// Barnes–Hut's opening criterion: a cell is taken as one mass when its
/// width over its distance is below this.
const THETA: f32 = 1.5;
/// Nodes in the core at most.
const CORE: usize = 800;
/// The seed of the starting positions.
const SEED: u64 = 0x5eed_9a9b_0b00_c0de;

/// splitmix64: a small, fixed pseudo-random sequence for the starting
/// positions (and `examples/layout_quality.rs`'s made-up graphs).
pub fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A number in `[-1, 1)` from the sequence.
fn unit(state: &mut u64) -> f64 {
    (splitmix(state) >> 11) as f64 / (1u64 << 52) as f64 - 1.0
}

/// Lays out `n` nodes joined by `edges` (pairs of node numbers below `n`;
/// direction is ignored). Returns one integer position per node, inside
/// `0..=SCALE`; a graph of one node sits in the middle.
pub fn layout(n: usize, edges: &[(u32, u32)]) -> Vec<(i32, i32)> {
    if n == 0 {
        return Vec::new();
    }
    let edges: Vec<(u32, u32)> =
        edges.iter().copied().filter(|&(a, b)| a != b && (a as usize) < n && (b as usize) < n).collect();
    let mut neighbours: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(a, b) in &edges {
        neighbours[a as usize].push(b);
        neighbours[b as usize].push(a);
    }
    // The core: the most linked nodes (ties by number).
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(neighbours[i as usize].len()), i));
    let core_len = n.min(CORE);
    let mut in_core = vec![u32::MAX; n];
    for (k, &i) in order[..core_len].iter().enumerate() {
        in_core[i as usize] = k as u32;
    }
    let mut seed = SEED;
    let side = (core_len as f32).sqrt() * 10.0;
    let mut pos: Vec<Option<(f32, f32)>> = vec![None; n];
    let core_start: Vec<(f32, f32)> =
        (0..core_len).map(|_| (unit(&mut seed) as f32 * side, unit(&mut seed) as f32 * side)).collect();
    let core_edges: Vec<(u32, u32)> = edges
        .iter()
        .filter_map(|&(a, b)| {
            let (ka, kb) = (in_core[a as usize], in_core[b as usize]);
            (ka != u32::MAX && kb != u32::MAX).then_some((ka, kb))
        })
        .collect();
    for (k, p) in run(&core_start, &core_edges, CORE_ITERATIONS).into_iter().enumerate() {
        pos[order[k] as usize] = Some(p);
    }
    // Every other node, most linked first, at the mean of its placed neighbours.
    let spread = side / (core_len as f32).sqrt().max(1.0);
    for &i in &order[core_len..] {
        let placed: Vec<(f32, f32)> = neighbours[i as usize].iter().filter_map(|&j| pos[j as usize]).collect();
        let (jx, jy) = (unit(&mut seed) as f32 * spread, unit(&mut seed) as f32 * spread);
        pos[i as usize] = Some(if placed.is_empty() {
            (unit(&mut seed) as f32 * side * 1.2, unit(&mut seed) as f32 * side * 1.2)
        } else {
            let k = placed.len() as f32;
            let (sx, sy) = placed.iter().fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
            (sx / k + jx, sy / k + jy)
        });
    }
    let start: Vec<(f32, f32)> = pos.into_iter().map(|p| p.unwrap_or_default()).collect();
    let positions = if n > core_len { run(&start, &edges, ITERATIONS) } else { start };
    quantise(&positions)
}

/// Runs ForceAtlas2 from `start` for `iterations`; the start again if the
/// numbers went wrong.
fn run(start: &[(f32, f32)], edges: &[(u32, u32)], iterations: usize) -> Vec<(f32, f32)> {
    if start.len() < 2 {
        return start.to_vec();
    }
    // The layout runs on the nodes in Z order of their starting positions,
    // so nodes near each other in the plane are near in memory: Barnes–Hut
    // walks its tree from one node after another, and each walk then finds
    // most of the tree where the walk before left it.
    let order = z_order(start);
    let mut rank = vec![0u32; start.len()];
    for (k, &i) in order.iter().enumerate() {
        rank[i as usize] = k as u32;
    }
    let mut data = FA2Data::<f32>::with_capacity(start.len(), edges.len());
    for &i in &order {
        let (x, y) = start[i as usize];
        data.add_node_with_position(x, y);
    }
    let mut ranked: Vec<(u32, u32)> = edges.iter().map(|&(a, b)| (rank[a as usize], rank[b as usize])).collect();
    ranked.sort_unstable();
    for (a, b) in ranked {
        data.add_edge(a as usize, b as usize);
    }
    let settings = FA2Settings::<f32>::from_graph_order(start.len()).with_barnes_hut_theta(THETA).parallel(false);
    let mut runner = settings.build(data);
    runner.run(iterations);
    let ranked_out: Vec<(f32, f32)> = runner.data().positions().collect();
    let out: Vec<(f32, f32)> = rank.iter().map(|&k| ranked_out[k as usize]).collect();
    if out.iter().all(|(x, y)| x.is_finite() && y.is_finite()) {
        out
    } else {
        start.to_vec()
    }
}

/// Node numbers sorted by the Z-order (Morton) key of their positions, ties by number.
fn z_order(positions: &[(f32, f32)]) -> Vec<u32> {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for &(x, y) in positions.iter().filter(|(x, y)| x.is_finite() && y.is_finite()) {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let span = (x1 - x0).max(y1 - y0);
    let cell = |v: f32, lo: f32| if span > 0.0 && v.is_finite() { ((v - lo) / span * 65535.0) as u32 } else { 0 };
    // Spreads the low 16 bits of `v` to the even bits.
    let spread = |mut v: u32| {
        v &= 0xffff;
        v = (v | (v << 8)) & 0x00ff_00ff;
        v = (v | (v << 4)) & 0x0f0f_0f0f;
        v = (v | (v << 2)) & 0x3333_3333;
        (v | (v << 1)) & 0x5555_5555
    };
    let mut keyed: Vec<(u32, u32)> = positions
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| (spread(cell(x, x0)) | spread(cell(y, y0)) << 1, i as u32))
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Scales positions into `0..=SCALE` (keeping the aspect ratio) and rounds them.
fn quantise(positions: &[(f32, f32)]) -> Vec<(i32, i32)> {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in positions {
        let (x, y) = (f64::from(x), f64::from(y));
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let span = (x1 - x0).max(y1 - y0);
    if !(span.is_finite() && span > 0.0) {
        let mid = (SCALE / 2.0) as i32;
        return positions.iter().map(|_| (mid, mid)).collect();
    }
    let k = SCALE / span;
    positions
        .iter()
        .map(|&(x, y)| (((f64::from(x) - x0) * k).round() as i32, ((f64::from(y) - y0) * k).round() as i32))
        .collect()
}

/// How well positions show a graph (`examples/layout_quality.rs` prints
/// these; the tests below hold the layout to the first).
#[derive(Debug, Clone, Copy)]
pub struct Quality {
    /// The mean distance between linked nodes over the mean distance
    /// between random pairs: lower, links are short.
    pub linked_over_random: f64,
    /// Of each linked node's k nearest nodes on the plane (k its degree, at
    /// most 10), the share it links to or from: higher, neighbours on the
    /// plane are neighbours in the graph.
    pub neighbour_share: f64,
    /// The share of nodes with another within 10 units (a thousandth of the
    /// span), drawn on top of each other.
    pub crowded: f64,
}

fn dist(a: (i32, i32), b: (i32, i32)) -> f64 {
    (f64::from(a.0 - b.0).powi(2) + f64::from(a.1 - b.1).powi(2)).sqrt()
}

/// The [`Quality`] of positions `p` for `edges`. Compares every pair of
/// nodes: for measuring, not for a build.
pub fn quality(p: &[(i32, i32)], edges: &[(u32, u32)]) -> Quality {
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
    let mut next = || splitmix(&mut state) as usize % n.max(1);
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
    Quality {
        linked_over_random: linked / random,
        neighbour_share: share / counted.max(1) as f64,
        crowded: crowded as f64 / n.max(1) as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `k` clusters of 30 nodes, each a ring with chords, and a link between neighbouring clusters.
    fn clusters(k: u32) -> (usize, Vec<(u32, u32)>) {
        let mut edges = Vec::new();
        for c in 0..k {
            let base = c * 30;
            for i in 0..30 {
                edges.push((base + i, base + (i + 1) % 30));
                edges.push((base + i, base + (i + 7) % 30));
            }
            edges.push((base, (base + 30) % (30 * k)));
        }
        ((30 * k) as usize, edges)
    }

    #[test]
    fn positions_are_bounded_integers_and_deterministic() {
        let (n, edges) = clusters(10);
        let p = layout(n, &edges);
        assert_eq!(p.len(), n);
        assert!(p.iter().all(|&(x, y)| (0..=SCALE as i32).contains(&x) && (0..=SCALE as i32).contains(&y)));
        // The longer axis spans the whole range.
        let max = p.iter().map(|&(x, y)| x.max(y)).max();
        assert_eq!(max, Some(SCALE as i32));
        assert_eq!(p, layout(n, &edges));
    }

    #[test]
    fn linked_nodes_are_nearer_than_unlinked_ones() {
        // 10 clusters fit in the core; 40 need the second level.
        for k in [10, 40] {
            linked_nearer(k);
        }
    }

    fn linked_nearer(k: u32) {
        let (n, edges) = clusters(k);
        let q = quality(&layout(n, &edges), &edges);
        assert!(q.linked_over_random < 0.5, "{k} clusters: {q:?}");
    }

    #[test]
    fn large_graphs_stay_finite_and_bounded() {
        let n = 3000;
        let edges: Vec<(u32, u32)> = (0..n as u32).map(|i| (i, (i * 7 + 1) % n as u32)).collect();
        let p = layout(n, &edges);
        assert_eq!(p.len(), n);
        assert!(p.iter().all(|&(x, y)| x >= 0 && y >= 0 && x <= SCALE as i32 && y <= SCALE as i32));
    }

    #[test]
    fn nodes_are_taken_in_z_order() {
        // The four corners: lower left, lower right, upper left, upper right.
        assert_eq!(z_order(&[(1.0, 1.0), (0.0, 0.0), (1.0, 0.0), (0.0, 1.0)]), [1, 2, 3, 0]);
        // Inside each quadrant before the next; ties by number.
        let p = [(0.9, 0.9), (0.1, 0.2), (0.2, 0.1), (0.6, 0.1), (0.1, 0.6), (0.1, 0.2)];
        assert_eq!(z_order(&p), [2, 1, 5, 3, 4, 0]);
        assert_eq!(z_order(&[(3.0, 3.0), (3.0, 3.0)]), [0, 1], "one point: by number");
    }

    #[test]
    fn tiny_graphs() {
        assert!(layout(0, &[]).is_empty());
        assert_eq!(layout(1, &[]), vec![(5000, 5000)]);
        let two = layout(2, &[(0, 1), (1, 1), (0, 9)]);
        assert_eq!(two.len(), 2);
        assert_ne!(two[0], two[1]);
    }
}
