//! Phase 4 of 4: edges as orthogonal polylines between ports on box borders.
//!
//! Each edge leaves the side of its source that faces its target and enters the facing side of
//! the target. Edges sharing a side get evenly spread ports, ordered by where their other end is,
//! so they do not start on top of each other or cross at the port. The route is a Z (or a straight
//! line when the ports align): out, along a channel halfway between the boxes, and in. Channels
//! used by several edges are split into parallel lanes a few units apart.
//!
//! v0 does not yet route around unrelated boxes (the layout issue owns that); it guarantees:
//! Post: every edge has ≥ 2 points, consecutive points share x or y, the first point lies on the
//!       source's border and the last on the target's.

use super::geom::{round1, Rect};
use super::p1_tree::EdgeSpec;
use super::types::LayoutEdge;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Left,
    Right,
    Top,
    Bottom,
}

/// One edge end on a side: (far end's position along the side, edge index, is the source end).
type PortUse = (f64, usize, bool);

struct Plan {
    source_side: Side,
    target_side: Side,
}

fn plan(s: &Rect, t: &Rect) -> Plan {
    let (source_side, target_side) = if t.x >= s.right() {
        (Side::Right, Side::Left)
    } else if s.x >= t.right() {
        (Side::Left, Side::Right)
    } else if t.y >= s.bottom() {
        (Side::Bottom, Side::Top)
    } else if s.y >= t.bottom() {
        (Side::Top, Side::Bottom)
    } else {
        // Overlapping boxes (one inside the other): leave and enter on the right.
        (Side::Right, Side::Right)
    };
    Plan {
        source_side,
        target_side,
    }
}

fn port(rect: &Rect, side: Side, k: usize, n: usize) -> (f64, f64) {
    let f = (k as f64 + 1.0) / (n as f64 + 1.0);
    match side {
        Side::Left => (rect.x, rect.y + rect.h * f),
        Side::Right => (rect.right(), rect.y + rect.h * f),
        Side::Top => (rect.x + rect.w * f, rect.y),
        Side::Bottom => (rect.x + rect.w * f, rect.bottom()),
    }
}

/// Route every edge whose two ends have a rectangle.
pub fn run(edges: &[EdgeSpec], rects: &BTreeMap<String, Rect>) -> Vec<LayoutEdge> {
    let routable: Vec<(&EdgeSpec, Rect, Rect, Plan)> = edges
        .iter()
        .filter_map(|edge| {
            let s = *rects.get(&edge.source)?;
            let t = *rects.get(&edge.target)?;
            let p = plan(&s, &t);
            Some((edge, s, t, p))
        })
        .collect();

    // Ports: group the ends by (node, side), order by the far end's position along the side.
    let mut groups: BTreeMap<(String, Side), Vec<PortUse>> = BTreeMap::new();
    for (i, (edge, s, t, p)) in routable.iter().enumerate() {
        let along = |side: Side, other: &Rect| match side {
            Side::Left | Side::Right => other.cy(),
            Side::Top | Side::Bottom => other.cx(),
        };
        groups
            .entry((edge.source.clone(), p.source_side))
            .or_default()
            .push((along(p.source_side, t), i, true));
        groups
            .entry((edge.target.clone(), p.target_side))
            .or_default()
            .push((along(p.target_side, s), i, false));
    }
    let mut ends: BTreeMap<(usize, bool), (f64, f64)> = BTreeMap::new();
    for ((node, side), mut members) in groups {
        let Some(rect) = rects.get(&node) else {
            continue;
        };
        members.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let n = members.len();
        for (k, (_, edge_idx, is_source)) in members.into_iter().enumerate() {
            ends.insert((edge_idx, is_source), port(rect, side, k, n));
        }
    }

    // Channel coordinates, then lanes for channels shared by several edges.
    let mut channels: Vec<(bool, f64)> = Vec::with_capacity(routable.len());
    for (_, s, t, p) in routable.iter() {
        let horizontal = matches!(p.source_side, Side::Left | Side::Right);
        let mid = match (p.source_side, p.target_side) {
            (Side::Right, Side::Left) => (s.right() + t.x) / 2.0,
            (Side::Left, Side::Right) => (t.right() + s.x) / 2.0,
            (Side::Bottom, Side::Top) => (s.bottom() + t.y) / 2.0,
            (Side::Top, Side::Bottom) => (t.bottom() + s.y) / 2.0,
            _ => s.right().max(t.right()) + 12.0,
        };
        channels.push((horizontal, mid));
    }
    let mut lanes: BTreeMap<(bool, i64), Vec<usize>> = BTreeMap::new();
    for (i, (horizontal, mid)) in channels.iter().enumerate() {
        lanes
            .entry((*horizontal, (mid / 10.0).round() as i64))
            .or_default()
            .push(i);
    }
    let mut lane_offset = vec![0.0; routable.len()];
    for members in lanes.values() {
        let n = members.len() as f64;
        for (k, &i) in members.iter().enumerate() {
            lane_offset[i] = (k as f64 - (n - 1.0) / 2.0) * 5.0;
        }
    }

    routable
        .iter()
        .enumerate()
        .map(|(i, (edge, s, t, p))| {
            let (sx, sy) = ends.get(&(i, true)).copied().unwrap_or((s.cx(), s.cy()));
            let (tx, ty) = ends.get(&(i, false)).copied().unwrap_or((t.cx(), t.cy()));
            let (horizontal, mid) = channels[i];
            let mid = mid + lane_offset[i];
            let mut points = if horizontal {
                if (sy - ty).abs() < 0.05 && p.source_side != p.target_side {
                    vec![[sx, sy], [tx, sy]]
                } else {
                    vec![[sx, sy], [mid, sy], [mid, ty], [tx, ty]]
                }
            } else if (sx - tx).abs() < 0.05 {
                vec![[sx, sy], [sx, ty]]
            } else {
                vec![[sx, sy], [sx, mid], [tx, mid], [tx, ty]]
            };
            for point in &mut points {
                point[0] = round1(point[0]);
                point[1] = round1(point[1]);
            }
            points.dedup();
            LayoutEdge {
                id: edge.id.clone(),
                kind: edge.kind,
                source: edge.source.clone(),
                target: edge.target.clone(),
                label: edge.label.clone(),
                points,
            }
        })
        .collect()
}
