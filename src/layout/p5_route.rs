//! Phase 5 of 5: edges as orthogonal polylines from the border of one box to the border of another.
//!
//! Each edge is searched (A*) on a coarse grid laid over the drawing. A grid point costs nothing
//! in open space or inside an ancestor of either end (an edge must leave its own VPC), a little
//! inside a stranger container (another VPC, an AZ column), much inside a stranger's leaf box or
//! any container's title, and more where an earlier edge already runs the same way; every bend
//! costs too. So edges run through the gaps between boxes, around gateways and labels, and apart
//! from each other. The search is bounded; an edge that exceeds the bound (huge drawings, boxed-in
//! ends) gets the v0 Z route through the channel halfway between its ends instead, so a route
//! always exists. Edges are routed shortest first (short edges have the fewest ways round), and
//! the grid is coarsened for very large drawings so the work stays near-linear in the drawing.
//!
//! Pre:  every emitted node has its final absolute box; parents come before children.
//! Post: every edge whose two ends were drawn has ≥ 2 points, consecutive points share x or y,
//!       the first point lies on the source's border and the last on the target's.

use super::geom::{round1, text_width, Rect};
use super::p1_tree::EdgeSpec;
use super::p3_size::{header, DETAIL_PX, LABEL_PX};
use super::types::{LayoutEdge, LayoutNode, NodeKind};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// Search-state maps are keyed by small integers and never iterated: a multiplicative hash is
/// plenty and several times faster than SipHash.
#[derive(Default)]
struct StateHasher(u64);

impl Hasher for StateHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type StateMap<V> = HashMap<usize, V, BuildHasherDefault<StateHasher>>;

/// Finest grid step, in user units: half the gap between sibling boxes, so a grid line always
/// runs between two siblings.
const CELL: f64 = 8.0;
/// The grid never has more points than this; larger drawings get a coarser step.
const MAX_CELLS: f64 = 2_000_000.0;
/// Search states an edge may expand before it falls back to a Z route: a base plus a multiple of
/// its length in grid steps.
const EDGE_EXPANSIONS: usize = 50_000;
const EXPANSIONS_PER_STEP: usize = 200;
/// Search states all edges together may expand; once spent, the rest get Z routes. This bounds
/// the phase at any size (a drawing with thousands of edges stays well under a second), and the
/// shortest-first order spends it where a detour matters most.
const TOTAL_EXPANSIONS: usize = 1_000_000;
/// The heuristic's weight. Above 1 the search heads for the target greedily and expands fewer
/// states, but its detours looked worse on the sample; the total budget already bounds the time.
const GREED: u32 = 1;
/// Keep ports this far from a box's corners.
const CORNER: f64 = 6.0;

// Costs per grid step (one step in open space costs 1).
const BEND: u32 = 4;
const TITLE: u32 = 60;
const SAME_WAY: u32 = 12;
const ACROSS: u32 = 2;
/// A step on a box's outline: crossing one is cheap, running along one hides the edge.
const BORDER: u32 = 6;

const OPEN: u8 = 0;
const USED_H: u8 = 1;
const USED_V: u8 = 2;
const IN_TITLE: u8 = 4;
const ON_BORDER: u8 = 8;

/// What crossing a stranger's box costs per step, by kind: regions are wide open land, a VPC
/// or AZ interior is passable, a subnet or a leaf box (a gateway, an instance) is to be avoided.
fn stranger_cost(kind: NodeKind, leaf: bool) -> u32 {
    match kind {
        NodeKind::Region | NodeKind::Account => 0,
        NodeKind::Vpc | NodeKind::Az | NodeKind::Onprem if !leaf => 3,
        NodeKind::Subnet if !leaf => 12,
        _ => 40,
    }
}

struct Slot {
    rect: Rect,
    parent: Option<usize>,
    kind: NodeKind,
    leaf: bool,
}

struct Grid {
    step: f64,
    cols: i64,
    rows: i64,
    /// Per grid point: 1 + the index of the innermost box containing it, or 0.
    owner: Vec<u32>,
    flags: Vec<u8>,
}

impl Grid {
    fn new(boxes: &[Slot], nodes: &[LayoutNode]) -> Grid {
        let (w, h) = boxes.iter().fold((0.0f64, 0.0f64), |(w, h), b| {
            (w.max(b.rect.right()), h.max(b.rect.bottom()))
        });
        let (w, h) = (w + 4.0 * CELL, h + 4.0 * CELL);
        let step = CELL.max(((w * h) / MAX_CELLS).sqrt().ceil());
        let cols = (w / step).ceil() as i64 + 1;
        let rows = (h / step).ceil() as i64 + 1;
        let n = (cols * rows) as usize;
        let mut grid = Grid {
            step,
            cols,
            rows,
            owner: vec![0; n],
            flags: vec![OPEN; n],
        };
        // Parents come first, so a child's paint covers its parent's.
        for (idx, b) in boxes.iter().enumerate() {
            grid.paint(&b.rect, |g, cell| g.owner[cell] = idx as u32 + 1);
            let r = b.rect;
            for line in [
                Rect {
                    x: r.x - 3.0,
                    y: r.y - 3.0,
                    w: r.w + 6.0,
                    h: 6.0,
                },
                Rect {
                    x: r.x - 3.0,
                    y: r.bottom() - 3.0,
                    w: r.w + 6.0,
                    h: 6.0,
                },
                Rect {
                    x: r.x - 3.0,
                    y: r.y - 3.0,
                    w: 6.0,
                    h: r.h + 6.0,
                },
                Rect {
                    x: r.right() - 3.0,
                    y: r.y - 3.0,
                    w: 6.0,
                    h: r.h + 6.0,
                },
            ] {
                grid.paint(&line, |g, cell| g.flags[cell] |= ON_BORDER);
            }
            if !b.leaf {
                let node = &nodes[idx];
                let title_w = text_width(&node.label, LABEL_PX).max(
                    node.detail
                        .as_deref()
                        .map_or(0.0, |d| text_width(d, DETAIL_PX)),
                ) + if b.kind == NodeKind::Onprem {
                    50.0
                } else {
                    24.0
                };
                let title = Rect {
                    x: b.rect.x,
                    y: b.rect.y + 2.0,
                    w: title_w.min(b.rect.w),
                    h: header(Some(b.kind)).min(b.rect.h) - 6.0,
                };
                grid.paint(&title, |g, cell| g.flags[cell] |= IN_TITLE);
            }
        }
        grid
    }

    /// Apply `f` to every grid point inside or on `rect`.
    fn paint(&mut self, rect: &Rect, mut f: impl FnMut(&mut Grid, usize)) {
        if rect.w <= 0.0 || rect.h <= 0.0 {
            return;
        }
        let i0 = (rect.x / self.step).ceil().max(0.0) as i64;
        let i1 = ((rect.right() / self.step).floor() as i64).min(self.cols - 1);
        let j0 = (rect.y / self.step).ceil().max(0.0) as i64;
        let j1 = ((rect.bottom() / self.step).floor() as i64).min(self.rows - 1);
        for j in j0..=j1 {
            for i in i0..=i1 {
                let cell = (j * self.cols + i) as usize;
                f(self, cell);
            }
        }
    }

    fn cell(&self, i: i64, j: i64) -> Option<usize> {
        (i >= 0 && j >= 0 && i < self.cols && j < self.rows).then(|| (j * self.cols + i) as usize)
    }

    fn point(&self, cell: usize) -> [f64; 2] {
        let cols = self.cols as usize;
        [
            (cell % cols) as f64 * self.step,
            (cell / cols) as f64 * self.step,
        ]
    }

    /// Grid points just outside `rect`, one ring per side, each with the border point it
    /// connects to by a perpendicular stub, and the outward direction.
    fn ring(&self, rect: &Rect) -> Vec<(usize, [f64; 2], usize)> {
        let s = self.step;
        let mut out = Vec::new();
        let span = |lo: f64, hi: f64| {
            let a = ((lo + CORNER) / s).ceil() as i64;
            let b = ((hi - CORNER) / s).floor() as i64;
            a..=b
        };
        let right = ((rect.right() + 2.0) / s).ceil() as i64;
        let left = ((rect.x - 2.0) / s).floor() as i64;
        let below = ((rect.bottom() + 2.0) / s).ceil() as i64;
        let above = ((rect.y - 2.0) / s).floor() as i64;
        for j in span(rect.y, rect.bottom()) {
            let y = j as f64 * s;
            if let Some(cell) = self.cell(right, j) {
                out.push((cell, [rect.right(), y], RIGHT));
            }
            if let Some(cell) = self.cell(left, j) {
                out.push((cell, [rect.x, y], LEFT));
            }
        }
        for i in span(rect.x, rect.right()) {
            let x = i as f64 * s;
            if let Some(cell) = self.cell(i, below) {
                out.push((cell, [x, rect.bottom()], DOWN));
            }
            if let Some(cell) = self.cell(i, above) {
                out.push((cell, [x, rect.y], UP));
            }
        }
        out
    }
}

const RIGHT: usize = 0;
const LEFT: usize = 1;
const DOWN: usize = 2;
const UP: usize = 3;
const STEPS: [(i64, i64); 4] = [(1, 0), (-1, 0), (0, 1), (0, -1)];

fn opposite(dir: usize) -> usize {
    dir ^ 1
}

fn ancestors_or_self(boxes: &[Slot], idx: usize) -> Vec<usize> {
    let mut out = vec![idx];
    let mut at = boxes[idx].parent;
    while let Some(p) = at {
        out.push(p);
        at = boxes[p].parent;
    }
    out
}

/// Route every edge whose two ends have a box.
pub fn run(edges: &[EdgeSpec], nodes: &[LayoutNode]) -> Vec<LayoutEdge> {
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut has_children = vec![false; nodes.len()];
    let boxes: Vec<Slot> = nodes
        .iter()
        .map(|n| {
            let parent = n.parent.as_deref().and_then(|p| index.get(p).copied());
            if let Some(p) = parent {
                has_children[p] = true;
            }
            Slot {
                rect: Rect {
                    x: n.x,
                    y: n.y,
                    w: n.width,
                    h: n.height,
                },
                parent,
                kind: n.kind,
                leaf: false,
            }
        })
        .collect::<Vec<_>>()
        .into_iter()
        .enumerate()
        .map(|(i, mut b)| {
            b.leaf = !has_children[i]
                && !matches!(
                    b.kind,
                    NodeKind::Region | NodeKind::Vpc | NodeKind::Az | NodeKind::Account
                );
            b
        })
        .collect();

    let routable: Vec<(usize, usize, usize)> = edges
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            Some((
                i,
                *index.get(e.source.as_str())?,
                *index.get(e.target.as_str())?,
            ))
        })
        .collect();
    if routable.is_empty() {
        return Vec::new();
    }
    let mut grid = Grid::new(&boxes, nodes);

    // Shortest first; ties in document order.
    let mut order: Vec<usize> = (0..routable.len()).collect();
    let length = |k: usize| {
        let (_, s, t) = routable[k];
        let (a, b) = (&boxes[s].rect, &boxes[t].rect);
        (a.cx() - b.cx()).abs() + (a.cy() - b.cy()).abs()
    };
    crate::sort::sort_by(&mut order, |&a, &b| {
        length(a).total_cmp(&length(b)).then(a.cmp(&b))
    });

    let mut points: Vec<Vec<[f64; 2]>> = vec![Vec::new(); routable.len()];
    let mut budget = TOTAL_EXPANSIONS;
    for k in order {
        let (_, s, t) = routable[k];
        let path = search(&grid, &boxes, s, t, &mut budget)
            .unwrap_or_else(|| z_route(&boxes[s].rect, &boxes[t].rect));
        mark(&mut grid, &path);
        points[k] = path;
    }

    routable
        .iter()
        .zip(points)
        .map(|(&(i, _, _), mut points)| {
            for point in &mut points {
                point[0] = round1(point[0]);
                point[1] = round1(point[1]);
            }
            points.dedup();
            if points.len() < 2 {
                // Both ends on one point (boxes touching): a zero-length stub keeps the contract.
                let p = points.first().copied().unwrap_or([0.0, 0.0]);
                points = vec![p, p];
            }
            let edge = &edges[i];
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

/// Record a path's segments so later edges keep off them.
fn mark(grid: &mut Grid, path: &[[f64; 2]]) {
    for pair in path.windows(2) {
        let horizontal = pair[0][1] == pair[1][1];
        let flag = if horizontal { USED_H } else { USED_V };
        let rect = Rect {
            x: pair[0][0].min(pair[1][0]),
            y: pair[0][1].min(pair[1][1]),
            w: (pair[0][0] - pair[1][0]).abs().max(0.01),
            h: (pair[0][1] - pair[1][1]).abs().max(0.01),
        };
        grid.paint(&rect, |g, cell| g.flags[cell] |= flag);
    }
}

/// A* from the ring around `s` to the ring around `t`; `None` when the bound is hit or the ends
/// nest (an edge between a box and its own ancestor has no outside to run through).
fn search(
    grid: &Grid,
    boxes: &[Slot],
    s: usize,
    t: usize,
    budget: &mut usize,
) -> Option<Vec<[f64; 2]>> {
    let source_chain = ancestors_or_self(boxes, s);
    let target_chain = ancestors_or_self(boxes, t);
    if source_chain.contains(&t) || target_chain.contains(&s) {
        return None;
    }
    let target = boxes[t].rect;
    let goals: StateMap<[f64; 2]> = grid
        .ring(&target)
        .into_iter()
        .map(|(cell, border, _)| (cell, border))
        .collect();
    let step_cost = |cell: usize, dir: usize| -> Option<u32> {
        let owner = grid.owner[cell];
        let mut cost = 1;
        if owner > 0 {
            let b = owner as usize - 1;
            if b == s || b == t {
                return None;
            }
            if !source_chain.contains(&b) && !target_chain.contains(&b) {
                cost += stranger_cost(boxes[b].kind, boxes[b].leaf);
            }
        }
        let flags = grid.flags[cell];
        if flags & IN_TITLE != 0 {
            cost += TITLE;
        }
        if flags & ON_BORDER != 0 {
            cost += BORDER;
        }
        let (same, across) = if dir < 2 {
            (USED_H, USED_V)
        } else {
            (USED_V, USED_H)
        };
        if flags & same != 0 {
            cost += SAME_WAY;
        }
        if flags & across != 0 {
            cost += ACROSS;
        }
        Some(cost)
    };
    let (ti0, ti1) = (
        (target.x / grid.step).floor() as i64,
        (target.right() / grid.step).ceil() as i64,
    );
    let (tj0, tj1) = (
        (target.y / grid.step).floor() as i64,
        (target.bottom() / grid.step).ceil() as i64,
    );
    let cols = grid.cols as usize;
    let heuristic = |cell: usize| -> u32 {
        let (i, j) = ((cell % cols) as i64, (cell / cols) as i64);
        let dx = (ti0 - i).max(i - ti1).max(0);
        let dy = (tj0 - j).max(j - tj1).max(0);
        (dx + dy - 1).max(0) as u32
    };

    // State = cell * 4 + direction of arrival.
    let mut best: StateMap<u32> = StateMap::default();
    let mut came_from: StateMap<usize> = StateMap::default();
    let mut starts: StateMap<[f64; 2]> = StateMap::default();
    let mut heap = BinaryHeap::new();
    for (cell, border, dir) in grid.ring(&boxes[s].rect) {
        let Some(cost) = step_cost(cell, dir) else {
            continue;
        };
        let state = cell * 4 + dir;
        if best.get(&state).is_none_or(|&g| cost < g) {
            best.insert(state, cost);
            starts.insert(cell, border);
            heap.push(Reverse((cost + GREED * heuristic(cell), cost, state)));
        }
    }
    let source = boxes[s].rect;
    let distance =
        ((source.cx() - target.cx()).abs() + (source.cy() - target.cy()).abs()) / grid.step;
    let limit = (EDGE_EXPANSIONS + EXPANSIONS_PER_STEP * distance as usize).min(*budget);
    let mut expansions = 0;
    while let Some(Reverse((_, g, state))) = heap.pop() {
        if best.get(&state).is_some_and(|&b| b < g) {
            continue;
        }
        let (cell, dir) = (state / 4, state % 4);
        if let Some(border) = goals.get(&cell) {
            *budget -= expansions;
            return Some(unwind(grid, &came_from, &starts, state, *border));
        }
        expansions += 1;
        if expansions > limit {
            *budget -= limit;
            return None;
        }
        let (i, j) = ((cell % cols) as i64, (cell / cols) as i64);
        for (next_dir, (di, dj)) in STEPS.iter().enumerate() {
            if next_dir == opposite(dir) {
                continue;
            }
            let Some(next) = grid.cell(i + di, j + dj) else {
                continue;
            };
            let Some(cost) = step_cost(next, next_dir) else {
                continue;
            };
            let next_g = g + cost + if next_dir == dir { 0 } else { BEND };
            let next_state = next * 4 + next_dir;
            if best.get(&next_state).is_none_or(|&b| next_g < b) {
                best.insert(next_state, next_g);
                came_from.insert(next_state, state);
                heap.push(Reverse((
                    next_g + GREED * heuristic(next),
                    next_g,
                    next_state,
                )));
            }
        }
    }
    *budget -= expansions.min(*budget);
    None
}

fn unwind(
    grid: &Grid,
    came_from: &StateMap<usize>,
    starts: &StateMap<[f64; 2]>,
    end: usize,
    target_border: [f64; 2],
) -> Vec<[f64; 2]> {
    let mut cells = vec![end / 4];
    let mut state = end;
    while let Some(&prev) = came_from.get(&state) {
        cells.push(prev / 4);
        state = prev;
    }
    cells.reverse();
    let mut points = Vec::with_capacity(cells.len() + 2);
    if let Some(border) = starts.get(&cells[0]) {
        points.push(*border);
    }
    points.extend(cells.iter().map(|&c| grid.point(c)));
    points.push(target_border);
    simplify(points)
}

/// Drop points that lie on the straight line through their neighbours.
fn simplify(points: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            if (a[0] == b[0] && b[0] == p[0]) || (a[1] == b[1] && b[1] == p[1]) {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// The v0 route: out of the side facing the target, along the channel halfway between the
/// boxes, and in. Used when the search gives up.
fn z_route(s: &Rect, t: &Rect) -> Vec<[f64; 2]> {
    if t.x >= s.right() || s.x >= t.right() {
        let (sx, tx) = if t.x >= s.right() {
            (s.right(), t.x)
        } else {
            (s.x, t.right())
        };
        let mid = (sx + tx) / 2.0;
        vec![[sx, s.cy()], [mid, s.cy()], [mid, t.cy()], [tx, t.cy()]]
    } else if t.y >= s.bottom() || s.y >= t.bottom() {
        let (sy, ty) = if t.y >= s.bottom() {
            (s.bottom(), t.y)
        } else {
            (s.y, t.bottom())
        };
        let mid = (sy + ty) / 2.0;
        vec![[s.cx(), sy], [s.cx(), mid], [t.cx(), mid], [t.cx(), ty]]
    } else {
        // Overlapping boxes (one inside the other): out of the right sides and round.
        let out = s.right().max(t.right()) + 12.0;
        vec![
            [s.right(), s.cy()],
            [out, s.cy()],
            [out, t.cy()],
            [t.right(), t.cy()],
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(
        id: &str,
        parent: Option<&str>,
        kind: NodeKind,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    ) -> LayoutNode {
        LayoutNode {
            id: id.into(),
            kind,
            label: id.into(),
            detail: None,
            variant: None,
            parent: parent.map(str::to_string),
            x,
            y,
            width: w,
            height: h,
        }
    }

    fn edge(source: &str, target: &str) -> EdgeSpec {
        EdgeSpec {
            id: format!("{source}-{target}"),
            kind: super::super::types::EdgeKind::Peering,
            source: source.into(),
            target: target.into(),
            label: None,
        }
    }

    #[test]
    fn a_route_goes_round_a_box_in_the_way() {
        let nodes = vec![
            node("a", None, NodeKind::Vpc, 20.0, 100.0, 100.0, 60.0),
            node("wall", None, NodeKind::NatGateway, 160.0, 40.0, 60.0, 180.0),
            node("b", None, NodeKind::Vpc, 260.0, 100.0, 100.0, 60.0),
        ];
        let routed = run(&[edge("a", "b")], &nodes);
        assert_eq!(routed.len(), 1);
        let wall = Rect {
            x: 160.0,
            y: 40.0,
            w: 60.0,
            h: 180.0,
        };
        for pair in routed[0].points.windows(2) {
            let seg = Rect {
                x: pair[0][0].min(pair[1][0]),
                y: pair[0][1].min(pair[1][1]),
                w: (pair[0][0] - pair[1][0]).abs().max(0.01),
                h: (pair[0][1] - pair[1][1]).abs().max(0.01),
            };
            assert!(!seg.overlaps(&wall), "{:?}", routed[0].points);
        }
    }

    #[test]
    fn an_edge_to_its_own_ancestor_falls_back_to_a_z_route() {
        let nodes = vec![
            node("outer", None, NodeKind::Vpc, 20.0, 20.0, 200.0, 200.0),
            node(
                "inner",
                Some("outer"),
                NodeKind::NatGateway,
                60.0,
                60.0,
                60.0,
                40.0,
            ),
        ];
        let routed = run(&[edge("inner", "outer")], &nodes);
        assert_eq!(routed[0].points.len(), 4);
    }

    #[test]
    fn collinear_points_are_dropped() {
        assert_eq!(
            simplify(vec![
                [0.0, 0.0],
                [5.0, 0.0],
                [10.0, 0.0],
                [10.0, 5.0],
                [10.0, 5.0]
            ]),
            vec![[0.0, 0.0], [10.0, 0.0], [10.0, 5.0]]
        );
    }
}
