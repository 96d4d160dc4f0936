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
