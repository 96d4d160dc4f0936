//! Quality checks as code, shared by tests (and later benchmarks and the ELK comparison).
//!
//! `violations` lists what breaks the layout contract: siblings overlapping, children outside
//! their parent, edges that are not orthogonal or do not touch their ends. `metrics` counts what
//! makes a layout better or worse: crossings, edge length, bends, area.

use super::geom::Rect;
use super::types::{Layout, LayoutNode, NodeKind};
use std::collections::BTreeMap;

/// One broken invariant, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation(pub String);

/// Counts that score a layout.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    pub nodes: usize,
    pub edges: usize,
    pub crossings: usize,
    pub edge_length: f64,
    pub bends: usize,
    pub area: f64,
    /// width / height
    pub aspect: f64,
    /// (edge, box) pairs where the edge runs through the inside of a leaf box (a gateway, an
    /// instance, a subnet) that is neither of its ends nor an ancestor of them.
    pub through_boxes: usize,
    /// Pairs of segments of two edges with no end box in common that lie on one line and share
    /// a stretch longer than `TOL`: drawn, the two edges are one line there, and a reader cannot
    /// tell which goes where. Edges that share an end (a hub's peerings leaving through one
    /// port, every internet gateway's route into the internet) may merge on the way to it like
    /// a bus: whichever branch a reader follows leads to that box, so they do not count.
    pub shared_runs: usize,
}

const TOL: f64 = 0.25;

fn rect_of(node: &super::types::LayoutNode) -> Rect {
    Rect {
        x: node.x,
        y: node.y,
        w: node.width,
        h: node.height,
    }
}

/// Every violation of the layout contract.
pub fn violations(layout: &Layout) -> Vec<Violation> {
    let mut out = Vec::new();
    let rects: BTreeMap<&str, Rect> = layout
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), rect_of(n)))
        .collect();
    let mut children: BTreeMap<Option<&str>, Vec<&super::types::LayoutNode>> = BTreeMap::new();
    for node in &layout.nodes {
        if node.width <= 0.0 || node.height <= 0.0 {
            out.push(Violation(format!("{} has no area", node.id)));
        }
        children
            .entry(node.parent.as_deref())
            .or_default()
            .push(node);
        match &node.parent {
            Some(parent) => match rects.get(parent.as_str()) {
                Some(parent_rect) if !parent_rect.contains(&rect_of(node), 1.0) => out.push(
                    Violation(format!("{} is not inside its parent {parent}", node.id)),
                ),
                Some(_) => {}
                None => out.push(Violation(format!(
                    "{} names a missing parent {parent}",
                    node.id
                ))),
            },
            None => {
                if node.x < 0.0
                    || node.y < 0.0
                    || node.x + node.width > layout.width + TOL
                    || node.y + node.height > layout.height + TOL
                {
                    out.push(Violation(format!("{} is outside the drawing", node.id)));
                }
            }
        }
    }
    for siblings in children.values() {
        // Sort by x so the scan stops early: O(n log n + overlapping candidates).
        let mut sorted: Vec<(Rect, &str)> = siblings
            .iter()
            .map(|n| (rect_of(n), n.id.as_str()))
            .collect();
        sorted.sort_by(|a, b| a.0.x.total_cmp(&b.0.x));
        for i in 0..sorted.len() {
            for j in i + 1..sorted.len() {
                if sorted[j].0.x >= sorted[i].0.right() {
                    break;
                }
                if sorted[i].0.overlaps(&sorted[j].0) {
                    out.push(Violation(format!(
                        "{} overlaps its sibling {}",
                        sorted[i].1, sorted[j].1
                    )));
                }
            }
        }
    }
    for edge in &layout.edges {
        if edge.points.len() < 2 {
            out.push(Violation(format!(
                "edge {} has fewer than two points",
                edge.id
            )));
            continue;
        }
        for pair in edge.points.windows(2) {
            if (pair[0][0] - pair[1][0]).abs() > 1e-9 && (pair[0][1] - pair[1][1]).abs() > 1e-9 {
                out.push(Violation(format!(
                    "edge {} has a diagonal segment",
                    edge.id
                )));
            }
        }
        for (end, point) in [
            (&edge.source, edge.points[0]),
            (&edge.target, edge.points[edge.points.len() - 1]),
        ] {
            match rects.get(end.as_str()) {
                Some(rect) if !rect.on_border(point[0], point[1], TOL) => out.push(Violation(
                    format!("edge {} does not touch the border of {end}", edge.id),
                )),
                Some(_) => {}
                None => out.push(Violation(format!(
                    "edge {} names a missing node {end}",
                    edge.id
                ))),
            }
        }
    }
    out
}

/// Crossings, length, bends and area.
pub fn metrics(layout: &Layout) -> Metrics {
    let mut segments: Vec<(usize, [f64; 2], [f64; 2])> = Vec::new();
    let mut metrics = Metrics {
        nodes: layout.nodes.len(),
        edges: layout.edges.len(),
        area: layout.width * layout.height,
        aspect: if layout.height > 0.0 {
            layout.width / layout.height
        } else {
            0.0
        },
        ..Metrics::default()
    };
    for (idx, edge) in layout.edges.iter().enumerate() {
        metrics.bends += edge.points.len().saturating_sub(2);
        for pair in edge.points.windows(2) {
            metrics.edge_length +=
                (pair[0][0] - pair[1][0]).abs() + (pair[0][1] - pair[1][1]).abs();
            segments.push((idx, pair[0], pair[1]));
        }
    }
    metrics.through_boxes = through_boxes(layout);
    metrics.shared_runs = shared_runs(layout, &segments);
    // Orthogonal segments cross when one is horizontal, the other vertical, and each spans the
    // other's fixed coordinate strictly inside.
    let (horizontal, vertical): (Vec<_>, Vec<_>) =
        segments.iter().partition(|(_, a, b)| a[1] == b[1]);
    for (h_edge, a, b) in &horizontal {
        let (x0, x1) = (a[0].min(b[0]), a[0].max(b[0]));
        for (v_edge, c, d) in &vertical {
            if h_edge == v_edge {
                continue;
            }
            let (y0, y1) = (c[1].min(d[1]), c[1].max(d[1]));
            if c[0] > x0 && c[0] < x1 && a[1] > y0 && a[1] < y1 {
                metrics.crossings += 1;
            }
        }
    }
    metrics
}

/// A segment on its line: where it starts and ends along the line, and its edge's index.
type Run = (f64, f64, usize);

/// See [`Metrics::shared_runs`]. Segments are grouped by their line (horizontal at y, vertical at
/// x; zero-length ones have no line), then each group is swept by start: O(n log n) plus the
/// overlapping pairs.
fn shared_runs(layout: &Layout, segments: &[(usize, [f64; 2], [f64; 2])]) -> usize {
    let bus = |a: usize, b: usize| {
        let (a, b) = (&layout.edges[a], &layout.edges[b]);
        a.source == b.source || a.source == b.target || a.target == b.source || a.target == b.target
    };
    // Key: (vertical?, the fixed coordinate's bits); f64 keys through `to_bits` are exact, which
    // is what "on one line" means for coordinates the layout computed the same way.
    let mut lines: BTreeMap<(bool, u64), Vec<Run>> = BTreeMap::new();
    for &(edge, a, b) in segments {
        let (vertical, fixed, lo, hi) = if a[1] == b[1] && a[0] != b[0] {
            (false, a[1], a[0].min(b[0]), a[0].max(b[0]))
        } else if a[0] == b[0] && a[1] != b[1] {
            (true, a[0], a[1].min(b[1]), a[1].max(b[1]))
        } else {
            continue;
        };
        // -0.0 and 0.0 are one line.
        let fixed = if fixed == 0.0 { 0.0 } else { fixed };
        lines
            .entry((vertical, fixed.to_bits()))
            .or_default()
            .push((lo, hi, edge));
    }
    let mut count = 0;
    for runs in lines.values_mut() {
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (i, &(_, hi, edge)) in runs.iter().enumerate() {
            for &(lo_j, hi_j, edge_j) in &runs[i + 1..] {
                if lo_j >= hi - TOL {
                    break;
                }
                if edge_j != edge && hi.min(hi_j) - lo_j > TOL && !bus(edge, edge_j) {
                    count += 1;
                }
            }
        }
    }
    count
}

fn through_boxes(layout: &Layout) -> usize {
    let index: BTreeMap<&str, usize> = layout
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let parent_of = |i: usize| {
        layout.nodes[i]
            .parent
            .as_deref()
            .and_then(|p| index.get(p).copied())
    };
    let has_children: std::collections::BTreeSet<usize> =
        (0..layout.nodes.len()).filter_map(parent_of).collect();
    let chain = |id: &str| {
        let mut out = Vec::new();
        let mut at = index.get(id).copied();
        while let Some(i) = at {
            out.push(i);
            at = parent_of(i);
        }
        out
    };
    let mut count = 0;
    for edge in &layout.edges {
        let own: Vec<usize> = chain(&edge.source)
            .into_iter()
            .chain(chain(&edge.target))
            .collect();
        for (i, node) in layout.nodes.iter().enumerate() {
            if has_children.contains(&i) || own.contains(&i) {
                continue;
            }
            // Shrunk by a unit, so a route along a gap between touching boxes does not count.
            let inside = Rect {
                x: node.x + 1.0,
                y: node.y + 1.0,
                w: node.width - 2.0,
                h: node.height - 2.0,
            };
            let crosses = edge.points.windows(2).any(|pair| {
                let segment = Rect {
                    x: pair[0][0].min(pair[1][0]),
                    y: pair[0][1].min(pair[1][1]),
                    w: (pair[0][0] - pair[1][0]).abs().max(1e-6),
                    h: (pair[0][1] - pair[1][1]).abs().max(1e-6),
                };
                segment.overlaps(&inside)
            });
            if crosses {
                count += 1;
            }
        }
    }
    count
}

/// For each box, its nearest ancestor of the given kind (or itself, if of that kind).
pub fn ancestors_of_kind(layout: &Layout, kind: NodeKind) -> BTreeMap<&str, &LayoutNode> {
    // Parents come before children, so one pass suffices.
    let mut out: BTreeMap<&str, &LayoutNode> = BTreeMap::new();
    for node in &layout.nodes {
        let found = if node.kind == kind {
            Some(node)
        } else {
            node.parent.as_deref().and_then(|p| out.get(p).copied())
        };
        if let Some(ancestor) = found {
            out.insert(node.id.as_str(), ancestor);
        }
    }
    out
}

/// How far the boxes `keep` selects moved between two layouts of nearly the same document:
/// the mean distance between a box's top-left corners (boxes in only one layout are skipped),
/// and the box that moved most. With `frame`, positions are measured from each box's nearest
/// ancestor of that kind (a region, say), so a region that slid as a whole does not count.
pub fn mean_displacement(
    before: &Layout,
    after: &Layout,
    keep: impl Fn(&LayoutNode) -> bool,
    frame: Option<NodeKind>,
) -> (f64, Option<String>) {
    let after_by_id: BTreeMap<&str, &LayoutNode> =
        after.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let frames = frame.map(|kind| {
        (
            ancestors_of_kind(before, kind),
            ancestors_of_kind(after, kind),
        )
    });
    let origin = |which: usize, id: &str| match &frames {
        Some(maps) => {
            let map = if which == 0 { &maps.0 } else { &maps.1 };
            map.get(id).map_or((0.0, 0.0), |a| (a.x, a.y))
        }
        None => (0.0, 0.0),
    };
    let (mut total, mut count) = (0.0, 0usize);
    let mut worst: Option<(f64, String)> = None;
    for node in before.nodes.iter().filter(|n| keep(n)) {
        let Some(moved) = after_by_id.get(node.id.as_str()) else {
            continue;
        };
        let (bx, by) = origin(0, &node.id);
        let (ax, ay) = origin(1, &moved.id);
        let distance = ((moved.x - ax) - (node.x - bx)).hypot((moved.y - ay) - (node.y - by));
        total += distance;
        count += 1;
        if distance > worst.as_ref().map_or(0.0, |w| w.0) {
            worst = Some((distance, node.id.clone()));
        }
    }
    let mean = if count == 0 {
        0.0
    } else {
        total / count as f64
    };
    (mean, worst.map(|w| w.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::types::{EdgeKind, LayoutEdge};

    /// Peering edges along `paths`, each between two boxes of its own.
    fn edges(paths: &[&[[f64; 2]]]) -> Layout {
        Layout {
            width: 100.0,
            height: 100.0,
            nodes: Vec::new(),
            edges: paths
                .iter()
                .enumerate()
                .map(|(i, points)| LayoutEdge {
                    id: format!("e{i}"),
                    kind: EdgeKind::Peering,
                    source: format!("a{i}"),
                    target: format!("b{i}"),
                    label: None,
                    points: points.to_vec(),
                })
                .collect(),
        }
    }

    #[test]
    fn shared_runs_counts_collinear_overlaps_of_different_edges_only() {
        // Two edges along y = 10, sharing x 20..40: one shared run.
        let shared = edges(&[&[[0.0, 10.0], [40.0, 10.0]], &[[20.0, 10.0], [60.0, 10.0]]]);
        assert_eq!(metrics(&shared).shared_runs, 1);
        // The same on a vertical line, the second edge drawn the other way.
        let vertical = edges(&[&[[5.0, 0.0], [5.0, 50.0]], &[[5.0, 70.0], [5.0, 30.0]]]);
        assert_eq!(metrics(&vertical).shared_runs, 1);
        // Parallel lines apart, end-to-end touching, a crossing and one edge doubling back on
        // itself share nothing.
        let apart = edges(&[
            &[[0.0, 10.0], [40.0, 10.0]],
            &[[0.0, 12.0], [40.0, 12.0]],
            &[[40.0, 10.0], [80.0, 10.0]],
            &[[20.0, 0.0], [20.0, 30.0]],
            &[
                [0.0, 90.0],
                [50.0, 90.0],
                [50.0, 95.0],
                [10.0, 95.0],
                [10.0, 90.0],
                [30.0, 90.0],
            ],
        ]);
        assert_eq!(metrics(&apart).shared_runs, 0);
        // Two edges into one box, or out of one, or one's source the other's target, merge as
        // a bus.
        let mut bus = shared.clone();
        bus.edges[1].target = bus.edges[0].target.clone();
        assert_eq!(metrics(&bus).shared_runs, 0);
        let mut chained = shared.clone();
        chained.edges[1].source = chained.edges[0].target.clone();
        assert_eq!(metrics(&chained).shared_runs, 0);
    }
}
