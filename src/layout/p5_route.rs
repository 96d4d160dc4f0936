//! Phase 5 of 5: edges as orthogonal polylines from the border of one box to the border of another.
//!
//! Edges are searched (A*) on a sparse *channel grid* (`p5_grid`), not on a dense cell grid:
//! its lines run down the middle of the gaps round every box, and through the centre of every
//! box an edge ends at (its default port), each only across the box's parent. A route is a walk
//! along these lines, so one step crosses a whole gap or a whole box side at once. Step costs are
//! the segment's length, times more inside a container's title, plus a bend cost and a cost for
//! crossing an earlier edge (except one to the same box: edges like every internet gateway's to
//! the internet read as one bus). Running along a line an earlier edge uses costs nothing more:
//! `nudge` spreads such segments apart afterwards, and a cost for sharing made routes take
//! detours that cross more (4–26 % more crossings on the six benchmark graphs). Boxes that are neither an end of the edge nor an ancestor of one are walls: the
//! route goes round every stranger box (leaf or container), so no edge runs through an unrelated
//! box. When no such route exists (pins can box an end in), a second search lets the edge
//! through stranger containers at a cost per unit, and leaf boxes at a much higher one; an edge
//! whose ends nest, or that exceeds the search bound, gets the v0 Z route through the channel
//! halfway between its ends, so every edge is drawn and the run stays bounded.
//!
//! Edges are routed shortest first (short edges have the fewest ways round). Afterwards,
//! `nudge` spreads the segments that share a channel line across the free width of their
//! channel, so parallel edges to different places run apart instead of on top of each other.
//!
//! Pre:  every emitted node has its final absolute box; parents come before children.
//! Post: every edge whose two ends were drawn has ≥ 2 points, consecutive points share x or y,
//!       the first point lies on the source's border and the last on the target's.

use super::geom::{round1, Rect};
use super::p1_tree::EdgeSpec;
use super::p5_grid::{titles, Grid, Slot, CHANNEL, DOWN, IN_TITLE, LEFT, RIGHT, UP};
use super::types::{LayoutEdge, LayoutNode, NodeKind};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// Costs are integers in quarter units of length.
const UNIT: f64 = 4.0;

// Costs, in user units of length (one unit of open ground costs 1).
const BEND: u32 = 12;
/// The heuristic's weight: above 1 the search heads for the target greedily and expands a
/// fraction of the states (4× fewer at 200 VPCs) for routes a few bends longer.
const GREED: f64 = 2.0;
/// Crossing an earlier edge at right angles.
const ACROSS: u32 = 24;
/// Extra cost per unit inside a container's title.
const TITLE: u32 = 20;
/// In the relaxed search: extra cost per unit inside a stranger container, and a stranger leaf.
const RELAXED_CONTAINER: u32 = 4;
const RELAXED_LEAF: u32 = 60;

/// Search states one edge may expand, as a multiple of the grid's node count (and at least
/// `MIN_EXPANSIONS`); all edges together get `TOTAL_PER_NODE` times the node count (plus the
/// same minimum per edge). Past either bound an edge gets the Z route. The grid grows about
/// linearly with the drawing, so the bounds keep the phase near-linear too.
const EDGE_PER_NODE: usize = 2;
const MIN_EXPANSIONS: usize = 20_000;
const TOTAL_PER_NODE: usize = 40;

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

/// Reusable search memory: one slot per (node, direction) state, valid when its stamp is the
/// current search's, so a search costs what it expands, not the grid's size.
struct Scratch {
    stamp: Vec<u32>,
    best: Vec<u32>,
    came_from: Vec<u32>,
    goal_stamp: Vec<u32>,
    /// Per box: the current search's stamp when the box is an end or an ancestor of one.
    own: Vec<u32>,
    goal_port: Vec<([f64; 2], usize)>,
    start_port: Vec<[f64; 2]>,
    current: u32,
}

impl Scratch {
    fn new(nodes: usize, boxes: usize) -> Scratch {
        Scratch {
            own: vec![0; boxes],
            stamp: vec![0; nodes * 4],
            best: vec![0; nodes * 4],
            came_from: vec![u32::MAX; nodes * 4],
            goal_stamp: vec![0; nodes],
            goal_port: vec![([0.0, 0.0], 0); nodes],
            start_port: vec![[0.0, 0.0]; nodes],
            current: 0,
        }
    }
    fn best(&self, state: usize) -> Option<u32> {
        (self.stamp[state] == self.current).then(|| self.best[state])
    }
}

/// The last routing's inputs and routes. Routing is most of a layout's time, and most edits in
/// an editor (a name, a CIDR, a route, a rule) move no box and no edge end: their search has
/// the same inputs, so it would find the same routes. The inputs compared are everything the
/// search and `nudge` read: the boxes, each edge's ends and bundle, and the grid. With the same
/// boxes, ends and container titles the grid is the same and is not even built; when only a
/// title changed (a rename), the grid is built and its title flags compared, since a wider
/// title often covers no further grid point. The edges' ids and labels are not among the
/// inputs: `finish` attaches those afterwards.
#[derive(Default)]
pub struct Memo {
    boxes: Vec<Slot>,
    ends: Vec<(usize, usize, u32)>,
    titles: Vec<Rect>,
    flags: Vec<u8>,
    routes: Vec<Route>,
    reused: bool,
}

impl Memo {
    /// Whether the last layout through this memo reused its routes.
    pub fn reused(&self) -> bool {
        self.reused
    }
}

/// Route every edge whose two ends have a box, reusing `memo`'s routes when the search's inputs
/// are the ones it holds (and remembering this run's otherwise).
pub fn run(edges: &[EdgeSpec], nodes: &[LayoutNode], memo: &mut Memo) -> Vec<LayoutEdge> {
    memo.reused = false;
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut has_children = vec![false; nodes.len()];
    let parents: Vec<Option<usize>> = nodes
        .iter()
        .map(|n| n.parent.as_deref().and_then(|p| index.get(p).copied()))
        .collect();
    for p in parents.iter().flatten() {
        has_children[*p] = true;
    }
    let boxes: Vec<Slot> = nodes
        .iter()
        .zip(&parents)
        .enumerate()
        .map(|(i, (n, &parent))| Slot {
            rect: Rect {
                x: n.x,
                y: n.y,
                w: n.width,
                h: n.height,
            },
            parent,
            leaf: !has_children[i]
                && !matches!(
                    n.kind,
                    NodeKind::Region | NodeKind::Vpc | NodeKind::Az | NodeKind::Account
                ),
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
    let mut ends: Vec<usize> = routable.iter().flat_map(|&(_, s, t)| [s, t]).collect();
    ends.sort_unstable();
    ends.dedup();
    let pairs: Vec<(usize, usize)> = routable.iter().map(|&(_, s, t)| (s, t)).collect();

    // Edges of one kind to one box (every internet gateway's route to the internet) may run
    // on one line, drawn as one bus; any other sharing costs, and is nudged apart afterwards.
    let bundles: Vec<u32> = routable
        .iter()
        .map(|&(i, _, t)| {
            (t as u32)
                .wrapping_mul(8)
                .wrapping_add(edges[i].kind as u32 + 1)
        })
        .collect();
    let edge_ends: Vec<(usize, usize, u32)> = routable
        .iter()
        .zip(&bundles)
        .map(|(&(_, s, t), &bundle)| (s, t, bundle))
        .collect();
    let titles = titles(&boxes, nodes);
    let same_ends = memo.boxes == boxes && memo.ends == edge_ends;
    if same_ends && memo.titles == titles {
        memo.reused = true;
        return finish(edges, &routable, memo.routes.clone());
    }
    let Some(mut grid) = Grid::new(&boxes, &titles, &ends, &pairs) else {
        let routes: Vec<Route> = routable
            .iter()
            .map(|&(_, s, t)| Route {
                points: z_route(&boxes[s].rect, &boxes[t].rect),
                grid: false,
            })
            .collect();
        return finish(edges, &routable, routes);
    };
    if same_ends && memo.flags == grid.flags {
        memo.titles = titles;
        memo.reused = true;
        return finish(edges, &routable, memo.routes.clone());
    }
    let n_nodes = grid.node_count();
    let mut scratch = Scratch::new(n_nodes, boxes.len());
    let edge_limit = (EDGE_PER_NODE * n_nodes).max(MIN_EXPANSIONS);
    let mut budget = TOTAL_PER_NODE * n_nodes + MIN_EXPANSIONS * routable.len();

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

    let mut routes: Vec<Route> = vec![Route::default(); routable.len()];
    for k in order {
        let (_, s, t) = routable[k];
        let mut search = Search {
            grid: &grid,
            boxes: &boxes,
            scratch: &mut scratch,
            s,
            t,
            bundle: bundles[k],
            source_chain: ancestors_or_self(&boxes, s),
            target_chain: ancestors_or_self(&boxes, t),
        };
        let nested = search.source_chain.contains(&t) || search.target_chain.contains(&s);
        let found = if nested {
            None
        } else {
            search
                .run(false, edge_limit, &mut budget)
                .or_else(|| search.run(true, edge_limit, &mut budget))
        };
        let route = match found {
            Some(nodes) => {
                mark(&mut grid, &nodes, bundles[k]);
                Route {
                    points: nodes.points,
                    grid: true,
                }
            }
            None => Route {
                points: z_route(&boxes[s].rect, &boxes[t].rect),
                grid: false,
            },
        };
        routes[k] = route;
    }
    nudge(&mut routes, &boxes, &bundles);

    *memo = Memo {
        flags: grid.flags,
        boxes,
        ends: edge_ends,
        titles,
        routes: routes.clone(),
        reused: false,
    };
    finish(edges, &routable, routes)
}

/// Round, simplify and label the routes.
fn finish(
    edges: &[EdgeSpec],
    routable: &[(usize, usize, usize)],
    routes: Vec<Route>,
) -> Vec<LayoutEdge> {
    routable
        .iter()
        .zip(routes)
        .map(|(&(i, _, _), route)| {
            let mut points = route.points;
            for point in &mut points {
                point[0] = round1(point[0]);
                point[1] = round1(point[1]);
            }
            let mut points = simplify(points);
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

#[derive(Clone, Default)]
struct Route {
    points: Vec<[f64; 2]>,
    /// Found on the grid (its inner segments run on channel lines), not a Z route.
    grid: bool,
}

/// A found path: its grid nodes and its points (border, nodes…, border).
struct Found {
    nodes: Vec<usize>,
    points: Vec<[f64; 2]>,
}

/// Record a path's segments, so later edges that cross them pay for it (unless of one bundle).
fn mark(grid: &mut Grid, found: &Found, key: u32) {
    for pair in found.nodes.windows(2) {
        let (points, horizontal) = grid.step_points(pair[0], pair[1]);
        let used = if horizontal {
            &mut grid.used_h
        } else {
            &mut grid.used_v
        };
        for p in points {
            if used[p] == 0 {
                used[p] = key;
            }
        }
    }
}

struct Search<'a> {
    grid: &'a Grid,
    boxes: &'a [Slot],
    scratch: &'a mut Scratch,
    s: usize,
    t: usize,
    /// Edges of one bundle cross each other at no cost and take one slot in `nudge`.
    bundle: u32,
    source_chain: Vec<usize>,
    target_chain: Vec<usize>,
}

impl Search<'_> {
    /// Extra cost per unit of length at a fine point, or `None` where the edge may not go.
    fn penalty(&self, fine: usize, relaxed: bool) -> Option<u32> {
        let owner = self.grid.owner[fine];
        let mut cost = 0;
        if owner > 0 {
            let b = owner as usize - 1;
            if b == self.s || b == self.t {
                return None;
            }
            if self.scratch.own[b] != self.scratch.current {
                if !relaxed {
                    return None;
                }
                cost += if self.boxes[b].leaf {
                    RELAXED_LEAF
                } else {
                    RELAXED_CONTAINER
                };
            }
        }
        // A stranger's title lies inside the stranger, refused above unless relaxed; what is
        // left is the title of an ancestor, which a route may cross but should not run along.
        if self.grid.flags[fine] & IN_TITLE != 0 {
            cost += TITLE;
        }
        Some(cost)
    }

    fn run(&mut self, relaxed: bool, limit: usize, budget: &mut usize) -> Option<Found> {
        let grid = self.grid;
        let target = self.boxes[self.t].rect;
        self.scratch.current = self.scratch.current.wrapping_add(1);
        if self.scratch.current == 0 {
            self.scratch.stamp.iter_mut().for_each(|s| *s = 0);
            self.scratch.goal_stamp.iter_mut().for_each(|s| *s = 0);
            self.scratch.own.iter_mut().for_each(|s| *s = 0);
            self.scratch.current = 1;
        }
        let current = self.scratch.current;
        for &b in self.source_chain.iter().chain(&self.target_chain) {
            self.scratch.own[b] = current;
        }
        let mut n_goals = 0;
        for (node, border, dir) in grid.ring(&target) {
            if self.penalty(grid.fine_of_node(node), relaxed).is_none() {
                continue;
            }
            self.scratch.goal_stamp[node] = current;
            self.scratch.goal_port[node] = (border, opposite(dir));
            n_goals += 1;
        }
        if n_goals == 0 {
            return None;
        }
        let (hx0, hx1, hy0, hy1) = (
            target.x - CHANNEL,
            target.right() + CHANNEL,
            target.y - CHANNEL,
            target.bottom() + CHANNEL,
        );
        let heuristic = |node: usize| -> u32 {
            let [x, y] = grid.point(node);
            let dx = (hx0 - x).max(x - hx1).max(0.0);
            let dy = (hy0 - y).max(y - hy1).max(0.0);
            ((dx + dy) * UNIT * GREED) as u32
        };
        let mut heap: BinaryHeap<Reverse<(u32, u32, u32)>> = BinaryHeap::new();
        for (node, border, dir) in grid.ring(&self.boxes[self.s].rect) {
            let Some(pen) = self.penalty(grid.fine_of_node(node), relaxed) else {
                continue;
            };
            let cost = ((CHANNEL * f64::from(1 + pen)) * UNIT) as u32;
            let state = node * 4 + dir;
            if self.scratch.best(state).is_none_or(|g| cost < g) {
                self.scratch.stamp[state] = current;
                self.scratch.best[state] = cost;
                self.scratch.came_from[state] = u32::MAX;
                self.scratch.start_port[node] = border;
                heap.push(Reverse((
                    cost.saturating_add(heuristic(node)),
                    u32::MAX - cost,
                    state as u32,
                )));
            }
        }
        let limit = limit.min(*budget);
        let mut expansions = 0;
        // The best finished route: its cost and last state.
        let mut done: Option<(u32, usize)> = None;
        while let Some(Reverse((f, inv_g, state))) = heap.pop() {
            let (g, state) = (u32::MAX - inv_g, state as usize);
            if done.is_some_and(|(cost, _)| f >= cost) {
                break;
            }
            if self.scratch.best(state).is_some_and(|b| b < g) {
                continue;
            }
            expansions += 1;
            if expansions > limit {
                *budget -= limit;
                return None;
            }
            let (node, dir) = (state / 4, state % 4);
            if self.scratch.goal_stamp[node] == current {
                let (_, inward) = self.scratch.goal_port[node];
                let bend = if inward == dir { 0 } else { BEND };
                let cost = g.saturating_add(((CHANNEL + f64::from(bend)) * UNIT) as u32);
                if done.is_none_or(|(c, _)| cost < c) {
                    done = Some((cost, state));
                }
            }
            for next_dir in [RIGHT, LEFT, DOWN, UP] {
                if next_dir == opposite(dir) {
                    continue;
                }
                let Some((next, mid, far, length)) = grid.step(node, next_dir) else {
                    continue;
                };
                let Some(pen_mid) = self.penalty(mid, relaxed) else {
                    continue;
                };
                let Some(pen_far) = self.penalty(far, relaxed) else {
                    continue;
                };
                let horizontal = next_dir < 2;
                // An earlier edge running the other way at `far` is crossed here.
                let across = if horizontal {
                    &grid.used_v
                } else {
                    &grid.used_h
                };
                let key = self.bundle;
                let per_unit = 1 + pen_mid.max(pen_far);
                let mut extra = if next_dir == dir { 0 } else { BEND };
                if across[far] != 0 && across[far] != key {
                    extra += ACROSS;
                }
                let step = ((length * f64::from(per_unit) + f64::from(extra)) * UNIT) as u32;
                let next_g = g.saturating_add(step);
                let next_state = next * 4 + next_dir;
                if self.scratch.best(next_state).is_none_or(|b| next_g < b) {
                    self.scratch.stamp[next_state] = current;
                    self.scratch.best[next_state] = next_g;
                    self.scratch.came_from[next_state] = state as u32;
                    heap.push(Reverse((
                        next_g.saturating_add(heuristic(next)),
                        u32::MAX - next_g,
                        next_state as u32,
                    )));
                }
            }
        }
        *budget -= expansions.min(*budget);
        let (_, end) = done?;
        Some(self.unwind(end))
    }

    fn unwind(&self, end: usize) -> Found {
        let mut nodes = vec![end / 4];
        let mut state = end;
        while self.scratch.came_from[state] != u32::MAX {
            state = self.scratch.came_from[state] as usize;
            nodes.push(state / 4);
        }
        nodes.reverse();
        let mut points = Vec::with_capacity(nodes.len() + 2);
        points.push(self.scratch.start_port[nodes[0]]);
        points.extend(nodes.iter().map(|&n| self.grid.point(n)));
        let last = nodes[nodes.len() - 1];
        points.push(self.scratch.goal_port[last].0);
        Found {
            nodes,
            points: simplify(points),
        }
    }
}

/// Spans on one line that overlap by no more than this only touch (as in `check`).
const TOUCH: f64 = 0.25;

/// Spread segments that share a channel line. Segments of different edges that lie on one line
/// and overlap are spread evenly across the free width around that line (up to the nearest box
/// border either side, keeping a margin, and half-way to the nearest parallel line that carries
/// segments of its own), in a stable order. An edge's first and last segments stay on their
/// ports; middles of other edges on their line move aside. Edges to the same target stay on
/// one line: they are drawn as one bus.
fn nudge(routes: &mut [Route], boxes: &[Slot], bundles: &[u32]) {
    for horizontal in [true, false] {
        let borders = borders(boxes, horizontal);
        // (line coordinate, lo, hi, route, segment index)
        let mut segments: Vec<(f64, f64, f64, usize, usize)> = Vec::new();
        // The first and last segments, which touch the ends' borders and stay where they are:
        // (line coordinate, lo, hi, bundle).
        let mut ends: Vec<(f64, f64, f64, u32)> = Vec::new();
        for (r, route) in routes.iter().enumerate() {
            if !route.grid {
                continue;
            }
            let n = route.points.len();
            for k in 0..n.saturating_sub(1) {
                let (a, b) = (route.points[k], route.points[k + 1]);
                let on_line = if horizontal {
                    a[1] == b[1]
                } else {
                    a[0] == b[0]
                };
                if !on_line || a == b {
                    continue;
                }
                let (line, lo, hi) = if horizontal {
                    (a[1], a[0].min(b[0]), a[0].max(b[0]))
                } else {
                    (a[0], a[1].min(b[1]), a[1].max(b[1]))
                };
                if k == 0 || k + 2 == n {
                    ends.push((line, lo, hi, bundles[r]));
                } else {
                    segments.push((line, lo, hi, r, k));
                }
            }
        }
        segments.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.3.cmp(&b.3))
        });
        ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut start = 0;
        while start < segments.len() {
            // A cluster: segments on one line whose spans chain into each other.
            let line = segments[start].0;
            let mut end = start + 1;
            let mut reach = segments[start].2;
            while end < segments.len() && segments[end].0 == line && segments[end].1 < reach {
                reach = reach.max(segments[end].2);
                end += 1;
            }
            let cluster = &segments[start..end];
            start = end;
            // Bundles: one slot per distinct target, in the order that crosses least.
            let mut targets: Vec<u32> = cluster.iter().map(|s| bundles[s.3]).collect();
            targets.sort_unstable();
            targets.dedup();
            let lo = cluster.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
            let hi = reach;
            // Bundles with a first or last segment on this stretch of the line keep the line
            // itself (an end segment cannot move off its port), and the others move aside.
            let mut fixed: Vec<u32> = ends[ends.partition_point(|e| e.0 < line)..]
                .iter()
                .take_while(|e| e.0 == line)
                .filter(|e| e.1 < hi - TOUCH && e.2 > lo + TOUCH)
                .map(|e| e.3)
                .collect();
            fixed.sort_unstable();
            fixed.dedup();
            targets.retain(|t| fixed.binary_search(t).is_err());
            if targets.len() + usize::from(!fixed.is_empty()) < 2 {
                continue;
            }
            order_slots(&mut targets, cluster, routes, bundles, horizontal);
            // The band the slots may use: up to a margin short of the nearest box border on
            // each side. The spread is centred on the line when the band allows and slides
            // towards the roomier side when one side is tight (a channel line often runs close
            // to one box of a column of uneven widths); centring in the narrower side's room
            // alone left such lines unspread.
            let (below, above) = free_width(&borders, line, lo, hi);
            let (near_below, near_above) = neighbour_room(&segments, line, lo, hi);
            let (below, above) = (below.min(near_below), above.min(near_above));
            let (low, high) = ((below - 2.0).max(0.0), (above - 2.0).max(0.0));
            if low + high <= 0.0 {
                continue;
            }
            let n = targets.len() as f64;
            let (first, step) = if fixed.is_empty() {
                let step = ((low + high) / (n - 1.0)).min(6.0);
                let spread = step * (n - 1.0);
                // Not `clamp`: rounding can put `high - spread` a hair below `-low`, and
                // `clamp` panics on such bounds.
                ((-spread / 2.0).min(high - spread).max(-low), step)
            } else if high >= low {
                // Slot 0 (nearest the lower side) next to the line, the rest further up.
                let step = (high / n).min(6.0);
                (step, step)
            } else {
                let step = (low / n).min(6.0);
                (-n * step, step)
            };
            let offset_of = |target: u32| match targets.iter().position(|&t| t == target) {
                Some(slot) => first + slot as f64 * step,
                None => 0.0,
            };
            let moves: Vec<(usize, usize, f64)> = cluster
                .iter()
                .map(|s| (s.3, s.4, offset_of(bundles[s.3])))
                .collect();
            for (r, k, offset) in moves {
                let axis = usize::from(horizontal);
                let points = &mut routes[r].points;
                points[k][axis] = line + offset;
                points[k + 1][axis] = line + offset;
            }
        }
    }
}

/// Order the slots of a cluster of segments sharing one channel line so that their turns cross
/// as few of the others as possible. A segment leaves the line at each end, towards the lower
/// side of the line (up, or left) or the higher; slot order runs from the lower side. With A's
/// slot before B's, B's turn towards the lower side at a point inside A's span crosses A, and
/// A's turn towards the higher side inside B's span crosses B. The order starts from the
/// bundle keys' and takes every adjacent swap that lowers the count (exact for the swapped pair),
/// so it is deterministic and the phase stays near-linear (clusters are small).
fn order_slots(
    targets: &mut [u32],
    cluster: &[(f64, f64, f64, usize, usize)],
    routes: &[Route],
    bundles: &[u32],
    horizontal: bool,
) {
    /// A segment on the line: its bundle, its span, and where it turns off the line at its two
    /// ends, each with whether it turns towards the lower side.
    struct Turns {
        bundle: u32,
        lo: f64,
        hi: f64,
        ends: [(f64, bool); 2],
    }
    impl Turns {
        /// How many of `other`'s turns towards the side given cross this segment.
        fn crossed_by(&self, other: &Turns, lower: bool) -> usize {
            let inside = |x: f64| self.lo < x && x < self.hi;
            other
                .ends
                .iter()
                .filter(|(x, side)| *side == lower && inside(*x))
                .count()
        }
        /// With this segment's slot below `other`'s: how many of its turns towards the higher
        /// side meet one of `other`'s towards the lower side at the same point. Both then run
        /// on one line between the two slots (two edges into facing ports of one row of boxes
        /// do this), which reads worse than a crossing.
        fn met_head_on_by(&self, other: &Turns) -> usize {
            let mut n = 0;
            for &(x, lower) in &self.ends {
                for &(y, other_lower) in &other.ends {
                    if !lower && other_lower && (x - y).abs() <= TOUCH {
                        n += 1;
                    }
                }
            }
            n
        }
    }
    let axis = usize::from(horizontal);
    let along = 1 - axis;
    let turns: Vec<Turns> = cluster
        .iter()
        .map(|&(line, lo, hi, r, k)| {
            let points = &routes[r].points;
            let side = |p: [f64; 2]| p[axis] < line;
            Turns {
                bundle: bundles[r],
                lo,
                hi,
                ends: [
                    (points[k][along], side(points[k - 1])),
                    (points[k + 1][along], side(points[k + 2])),
                ],
            }
        })
        .collect();
    // Crossings between the segments of bundle `a` and bundle `b` with `a`'s slot first, and
    // twice the turns that meet head on.
    let mut of_bundle: BTreeMap<u32, Vec<&Turns>> = BTreeMap::new();
    for t in &turns {
        of_bundle.entry(t.bundle).or_default().push(t);
    }
    let none: Vec<&Turns> = Vec::new();
    let cost = |a: u32, b: u32| -> usize {
        let mut n = 0;
        let (of_a, of_b) = (
            of_bundle.get(&a).unwrap_or(&none),
            of_bundle.get(&b).unwrap_or(&none),
        );
        for first in of_a {
            for second in of_b {
                n += first.crossed_by(second, true)
                    + second.crossed_by(first, false)
                    + 2 * first.met_head_on_by(second);
            }
        }
        n
    };
    order_by_pair_costs(targets, cost);
}

/// Orders `keys` to lower the sum of `cost(a, b)` over the pairs with `a` before `b`: bubble
/// passes first (at most one per slot, each adjacent swap strictly lowering the sum), then moves
/// of one key at a time to the slot that lowers it most, while one does: a move can pass several
/// keys where each single adjacent swap costs. A move changes only the pairs it reverses, so
/// each pair's cost is computed once. Ties keep the first order found: deterministic.
fn order_by_pair_costs(keys: &mut [u32], cost: impl Fn(u32, u32) -> usize) {
    let n = keys.len();
    // c[a][b]: the pair's cost with `keys`' a-th key (as they arrive) before the b-th.
    let c: Vec<Vec<i64>> = keys
        .iter()
        .map(|&a| {
            keys.iter()
                .map(|&b| i64::try_from(cost(a, b)).unwrap_or(i64::MAX / 4))
                .collect()
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    for _ in 0..n {
        let mut swapped = false;
        for i in 1..n {
            let (a, b) = (order[i - 1], order[i]);
            if c[b][a] < c[a][b] {
                order.swap(i - 1, i);
                swapped = true;
            }
        }
        if !swapped {
            break;
        }
    }
    for _ in 0..n * n {
        // (change in cost, from, to) of the best move so far
        let mut best: Option<(i64, usize, usize)> = None;
        for (from, &x) in order.iter().enumerate() {
            let mut delta = 0;
            for (to, &y) in order.iter().enumerate().skip(from + 1) {
                delta += c[y][x] - c[x][y];
                if delta < best.map_or(0, |b| b.0) {
                    best = Some((delta, from, to));
                }
            }
            delta = 0;
            for (to, &y) in order.iter().enumerate().take(from).rev() {
                delta += c[x][y] - c[y][x];
                if delta < best.map_or(0, |b| b.0) {
                    best = Some((delta, from, to));
                }
            }
        }
        let Some((_, from, to)) = best else { break };
        let x = order.remove(from);
        order.insert(to, x);
    }
    let arrived: Vec<u32> = keys.to_vec();
    for (slot, &k) in order.iter().enumerate() {
        keys[slot] = arrived[k];
    }
}

/// How far a line may move either way over `lo..hi` before it meets a box border: the distance
/// to the nearest border parallel to it (any box whose span along the line overlaps `lo..hi`).
/// Half the distance from `line` to the nearest parallel line (within `CHANNEL` either side)
/// that carries a segment overlapping `lo..hi`: that line's segments spread too, and each takes
/// only its half of the space between them. `segments` is sorted by line.
fn neighbour_room(
    segments: &[(f64, f64, f64, usize, usize)],
    line: f64,
    lo: f64,
    hi: f64,
) -> (f64, f64) {
    let (mut below, mut above) = (CHANNEL, CHANNEL);
    let start = segments.partition_point(|s| s.0 < line - 2.0 * CHANNEL);
    for s in &segments[start..] {
        if s.0 > line + 2.0 * CHANNEL {
            break;
        }
        if s.0 == line || s.2 <= lo || s.1 >= hi {
            continue;
        }
        let half = (s.0 - line) / 2.0;
        if half > 0.0 {
            above = above.min(half);
        } else {
            below = below.min(-half);
        }
    }
    (below, above)
}

/// The box borders parallel to one direction's lines, sorted by their coordinate across the
/// lines: `(coordinate, span start, span end)` along the line. Each box gives two.
fn borders(boxes: &[Slot], horizontal: bool) -> Vec<(f64, f64, f64)> {
    let mut out: Vec<(f64, f64, f64)> = boxes
        .iter()
        .flat_map(|b| {
            let r = &b.rect;
            let (a0, a1, c0, c1) = if horizontal {
                (r.x, r.right(), r.y, r.bottom())
            } else {
                (r.y, r.bottom(), r.x, r.right())
            };
            [(c0, a0, a1), (c1, a0, a1)]
        })
        .collect();
    crate::sort::sort_by(&mut out, |a, b| a.0.total_cmp(&b.0));
    out
}

/// How far `line` may move either way over `lo..hi`, at most `CHANNEL`, before it meets a box
/// border parallel to it (`borders` of the line's direction). Only borders within `CHANNEL` of
/// the line can be nearer than that, so only those are read: scanning every box for every line
/// made the phase quadratic (≈ 50 M instructions at 1,000 VPCs).
fn free_width(borders: &[(f64, f64, f64)], line: f64, lo: f64, hi: f64) -> (f64, f64) {
    let (mut below, mut above) = (CHANNEL, CHANNEL);
    let start = borders.partition_point(|b| b.0 < line - CHANNEL);
    for &(border, a0, a1) in &borders[start..] {
        if border > line + CHANNEL {
            break;
        }
        if a1 <= lo || a0 >= hi {
            continue;
        }
        let d = border - line;
        if d > 0.0 {
            above = above.min(d);
        } else {
            below = below.min(-d);
        }
    }
    (below, above)
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
        let routed = run(&[edge("a", "b")], &nodes, &mut Memo::default());
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
        let routed = run(&[edge("inner", "outer")], &nodes, &mut Memo::default());
        assert_eq!(routed[0].points.len(), 4);
    }

    #[test]
    fn a_route_goes_round_a_stranger_container_not_through_it() {
        // A VPC between the two ends: crossing its (empty) inside would be shortest.
        let nodes = vec![
            node("a", None, NodeKind::Vpc, 20.0, 100.0, 100.0, 60.0),
            node("other", None, NodeKind::Vpc, 160.0, 60.0, 100.0, 140.0),
            node("b", None, NodeKind::Vpc, 300.0, 100.0, 100.0, 60.0),
        ];
        let routed = run(&[edge("a", "b")], &nodes, &mut Memo::default());
        let wall = Rect {
            x: 160.0,
            y: 60.0,
            w: 100.0,
            h: 140.0,
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
    fn parallel_edges_to_different_boxes_are_nudged_apart() {
        // Two edges that both run through the one gap between two tall walls (one channel line,
        // y = 168), to two targets.
        let nodes = vec![
            node("a", None, NodeKind::Vpc, 20.0, 20.0, 60.0, 40.0),
            node("b", None, NodeKind::Vpc, 20.0, 80.0, 60.0, 40.0),
            node(
                "w1",
                None,
                NodeKind::NatGateway,
                120.0,
                -2000.0,
                60.0,
                2160.0,
            ),
            node("w2", None, NodeKind::NatGateway, 120.0, 176.0, 60.0, 2000.0),
            node("c", None, NodeKind::Vpc, 220.0, 240.0, 60.0, 40.0),
            node("d", None, NodeKind::Vpc, 220.0, 300.0, 60.0, 40.0),
        ];
        let routed = run(
            &[edge("a", "c"), edge("b", "d")],
            &nodes,
            &mut Memo::default(),
        );
        // The horizontal runs of the two edges through the gap (between y 160 and 176).
        let in_gap = |points: &[[f64; 2]]| -> Vec<f64> {
            points
                .windows(2)
                .filter(|p| p[0][1] == p[1][1] && p[0][1] > 160.0 && p[0][1] < 176.0)
                .filter(|p| p[0][0].min(p[1][0]) < 150.0 && p[0][0].max(p[1][0]) > 150.0)
                .map(|p| p[0][1])
                .collect()
        };
        let (first, second) = (in_gap(&routed[0].points), in_gap(&routed[1].points));
        assert_eq!((first.len(), second.len()), (1, 1), "{routed:?}");
        assert!((first[0] - second[0]).abs() >= 2.0, "{first:?} {second:?}");
    }

    #[test]
    fn segments_sharing_a_line_take_the_slots_that_do_not_cross() {
        // On the line y = 0: `wide` spans 0..100 and turns up at both ends; `narrow` spans
        // 20..80 and turns down at both ends. With `narrow` above, both of its turns cross
        // `wide`; with `wide` above, nothing crosses. Bundle keys put `narrow` first.
        let wide = vec![[0.0, -50.0], [0.0, 0.0], [100.0, 0.0], [100.0, -50.0]];
        let narrow = vec![[20.0, 50.0], [20.0, 0.0], [80.0, 0.0], [80.0, 50.0]];
        let mut routes = vec![
            Route {
                points: wide,
                grid: true,
            },
            Route {
                points: narrow,
                grid: true,
            },
        ];
        nudge(&mut routes, &[], &[2, 1]);
        let (wide_y, narrow_y) = (routes[0].points[1][1], routes[1].points[1][1]);
        assert!(wide_y < narrow_y, "wide at {wide_y}, narrow at {narrow_y}");
        // Each segment stays straight, and the turns still meet it.
        for route in &routes {
            assert_eq!(route.points[1][1], route.points[2][1]);
        }
    }

    /// A route along `points`, found on the grid.
    fn grid_route(points: &[[f64; 2]]) -> Route {
        Route {
            points: points.to_vec(),
            grid: true,
        }
    }

    #[test]
    fn a_segment_on_another_edges_end_segment_moves_aside() {
        // `stub` is one segment from a port along y = 0 (an end: it cannot move); `passing`
        // runs along the same line over 20..80 in its middle.
        let mut routes = vec![
            grid_route(&[[0.0, 0.0], [50.0, 0.0]]),
            grid_route(&[[20.0, -50.0], [20.0, 0.0], [80.0, 0.0], [80.0, -50.0]]),
        ];
        nudge(&mut routes, &[], &[1, 2]);
        assert_eq!(routes[0].points, vec![[0.0, 0.0], [50.0, 0.0]]);
        let y = routes[1].points[1][1];
        assert!(
            y.abs() >= 2.0,
            "passing stays on the stub's line: {:?}",
            routes[1].points
        );
        assert_eq!(routes[1].points[2][1], y);
    }

    #[test]
    fn turns_into_facing_ports_at_one_point_take_the_slots_that_part_them() {
        // On the line x = 0 both middles end at y = 100, where `rightwards` turns right and
        // `leftwards` left (into the facing ports of two boxes on one row). With `rightwards`
        // in the left slot the two would run along y = 100 between the slots; the other order
        // costs one crossing (`leftwards` turns right at y = 30, across `rightwards`).
        let mut routes = vec![
            grid_route(&[[-50.0, 0.0], [0.0, 0.0], [0.0, 100.0], [50.0, 100.0]]),
            grid_route(&[[50.0, 30.0], [0.0, 30.0], [0.0, 100.0], [-50.0, 100.0]]),
        ];
        nudge(&mut routes, &[], &[1, 2]);
        let (rightwards, leftwards) = (routes[0].points[1][0], routes[1].points[1][0]);
        assert!(
            leftwards < rightwards,
            "rightwards at x {rightwards}, leftwards at x {leftwards}"
        );
    }

    #[test]
    fn a_key_moves_past_several_others_where_each_adjacent_swap_costs() {
        // Pair costs (first, second) → cost; unlisted pairs cost nothing. From 1, 2, 3 no
        // adjacent swap saves (2 after 3 costs 1); moving 1 to the end saves all 5.
        let cost = |a: u32, b: u32| match (a, b) {
            (1, 3) => 5,
            (3, 2) => 1,
            _ => 0,
        };
        let mut keys = [1, 2, 3];
        order_by_pair_costs(&mut keys, cost);
        assert_eq!(keys, [2, 3, 1]);
        // An order no move improves stays as it is.
        let mut best = [2, 3, 1];
        order_by_pair_costs(&mut best, cost);
        assert_eq!(best, [2, 3, 1]);
    }

    #[test]
    fn a_line_close_to_a_box_on_one_side_spreads_to_the_other() {
        // Two edges' middles on y = 0, a box border 1 below the line (too close for any slot
        // there) and open ground above: both slots go above, apart.
        let wall = Slot {
            rect: Rect {
                x: 0.0,
                y: -41.0,
                w: 100.0,
                h: 40.0,
            },
            parent: None,
            leaf: true,
        };
        let mut routes = vec![
            grid_route(&[[10.0, 50.0], [10.0, 0.0], [90.0, 0.0], [90.0, 50.0]]),
            grid_route(&[[20.0, 50.0], [20.0, 0.0], [80.0, 0.0], [80.0, 50.0]]),
        ];
        nudge(&mut routes, &[wall], &[1, 2]);
        let (a, b) = (routes[0].points[1][1], routes[1].points[1][1]);
        assert!(a >= 0.0 && b >= 0.0, "into the box's margin: {a} {b}");
        assert!((a - b).abs() >= 2.0, "not spread: {a} {b}");
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

    #[test]
    fn free_width_from_the_sorted_borders_is_the_scan_of_every_box() {
        // Boxes and queries from a fixed linear congruential sequence, on the tenth-unit grid
        // layouts are rounded to, so borders often sit exactly on or CHANNEL from a line.
        let mut state: u64 = 7;
        let mut next = |range: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % range) as f64 / 10.0
        };
        let boxes: Vec<Slot> = (0..300)
            .map(|_| Slot {
                rect: Rect {
                    x: next(4000),
                    y: next(4000),
                    w: next(600) + 0.1,
                    h: next(600) + 0.1,
                },
                parent: None,
                leaf: true,
            })
            .collect();
        let scan = |horizontal: bool, line: f64, lo: f64, hi: f64| {
            let (mut below, mut above) = (CHANNEL, CHANNEL);
            for b in &boxes {
                let r = &b.rect;
                let (a0, a1, c0, c1) = if horizontal {
                    (r.x, r.right(), r.y, r.bottom())
                } else {
                    (r.y, r.bottom(), r.x, r.right())
                };
                if a1 <= lo || a0 >= hi {
                    continue;
                }
                for d in [c0 - line, c1 - line] {
                    if d > 0.0 {
                        above = above.min(d);
                    } else {
                        below = below.min(-d);
                    }
                }
            }
            (below, above)
        };
        for horizontal in [true, false] {
            let sorted = borders(&boxes, horizontal);
            for _ in 0..2000 {
                let (line, lo) = (next(4600), next(4600));
                let hi = lo + next(800) + 0.1;
                assert_eq!(
                    free_width(&sorted, line, lo, hi),
                    scan(horizontal, line, lo, hi),
                    "line {line} over {lo}..{hi}, horizontal {horizontal}"
                );
            }
        }
    }
}
