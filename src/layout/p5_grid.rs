//! Phase 5's search graph: the *channel grid* the router walks on.
//!
//! Every box contributes four channel lines, its borders pushed out by `CHANNEL` (half the gap
//! between siblings, so a line runs down the middle of every gap), and every box an edge ends at
//! adds its two centre lines (its default ports). A line runs only across its box's parent,
//! that is across the parent and everything inside it (gateways stick out over their VPC's
//! border) plus `CHANNEL`; top-level boxes' lines run across the whole drawing. A line that ran
//! everywhere would add a node wherever it crosses any other line, so the lines of every VPC in
//! a column of regions would cross inside every region of that column, and the graph — and the
//! search over it — would grow with the square of the drawing. Clipped to their parents, lines
//! meet only near where they come from, and the graph grows about linearly.
//!
//! A clipped line still ends on a line of its parent's level (the parent's own channel line, or
//! a sibling's line at the edge of the parent's extent), so every part of the graph joins the
//! rest, and a step along a line can still never jump a whole box: the box's own lines cross
//! every line that passes over it.
//!
//! Nodes are where a vertical and a horizontal line cross; two nodes are neighbours when they
//! are next to each other on one line. Each node and each link between neighbours has one *fine*
//! point (the node itself, or the link's midpoint) that carries what the search needs: the
//! innermost box containing it, whether it lies in a container's title, and which earlier edges
//! ran along it. A link is blocked by a box when its midpoint or either end lies in the box.

use super::geom::{round1, text_width, Rect};
use super::p3_size::{header, DETAIL_PX, LABEL_PX};
use super::types::{LayoutNode, NodeKind};

/// How far outside a box its channel lines run: half the gap between siblings (`p3_size::GAP`),
/// so the lines of two neighbours meet in the middle of the gap between them.
pub(super) const CHANNEL: f64 = 8.0;
/// Keep ports this far from a box's corners.
const CORNER: f64 = 6.0;

/// The graph never has more nodes than this (about 100 MB of search memory; the generated
/// 1,000-VPC drawing needs well under a tenth). A larger drawing gets Z routes, so memory stays
/// bounded whatever the input.
const MAX_GRID_NODES: usize = 4_000_000;

pub(super) const RIGHT: usize = 0;
pub(super) const LEFT: usize = 1;
pub(super) const DOWN: usize = 2;
pub(super) const UP: usize = 3;

/// No neighbour that way.
const NONE: u32 = u32::MAX;

/// A fine point is in a title of some container.
pub(super) const IN_TITLE: u8 = 1;

#[derive(PartialEq)]
pub(super) struct Slot {
    pub rect: Rect,
    pub parent: Option<usize>,
    pub leaf: bool,
}

/// One channel line, in tenths of a unit: every coordinate is `round1`ed, so tenths are exact
/// integers, which sort, merge and key maps without float care.
#[derive(Clone, Copy)]
struct Line {
    at: i64,
    lo: i64,
    hi: i64,
}

fn tenths(v: f64) -> i64 {
    (v * 10.0).round() as i64
}

/// Lines on one coordinate that overlap or touch become one.
fn merge(mut lines: Vec<Line>) -> Vec<Line> {
    crate::sort::sort_by(&mut lines, |a, b| (a.at, a.lo).cmp(&(b.at, b.lo)));
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        match out.last_mut() {
            Some(last) if last.at == line.at && line.lo <= last.hi => {
                last.hi = last.hi.max(line.hi)
            }
            _ => out.push(line),
        }
    }
    out
}

/// `[x0, y0, x1, y1]`.
type Extent = [f64; 4];

fn grow(e: Extent, by: f64) -> Extent {
    [e[0] - by, e[1] - by, e[2] + by, e[3] + by]
}

/// The containers' titles, one per container in `boxes`' order: `Grid::new` marks them, and with
/// the boxes and the edges' ends they decide the whole grid, so equal lists mean an equal grid
/// (`p5_route::Memo`).
pub(super) fn titles(boxes: &[Slot], nodes: &[LayoutNode]) -> Vec<Rect> {
    boxes
        .iter()
        .zip(nodes)
        .filter(|(b, _)| !b.leaf)
        .map(|(b, node)| title_rect(node, &b.rect))
        .collect()
}

fn title_rect(node: &LayoutNode, rect: &Rect) -> Rect {
    let title_w = text_width(&node.label, LABEL_PX).max(
        node.detail
            .as_deref()
            .map_or(0.0, |d| text_width(d, DETAIL_PX)),
    ) + if node.kind == NodeKind::Onprem {
        50.0
    } else {
        24.0
    };
    Rect {
        x: rect.x,
        y: rect.y + 2.0,
        w: title_w.min(rect.w),
        h: (header(Some(node.kind)).min(rect.h) - 6.0).max(0.0),
    }
}

/// Nodes that share one coordinate (a vertical or a horizontal line), as runs of an index
/// sorted by (that coordinate, the other), with the other coordinate beside each entry so that
/// searching a run reads contiguous memory.
struct Runs {
    /// Each run's coordinate, and where it starts in `order` (one more start closes the last).
    at: Vec<f64>,
    starts: Vec<usize>,
    order: Vec<u32>,
    along: Vec<f64>,
}

/// A run: its nodes, and each one's coordinate along the line.
type Run<'a> = (&'a [u32], &'a [f64]);

impl Runs {
    fn new(order: Vec<u32>, points: &[[f64; 2]], vertical: bool) -> Runs {
        let (across, along) = if vertical { (0, 1) } else { (1, 0) };
        let mut at: Vec<f64> = Vec::new();
        let mut starts: Vec<usize> = Vec::new();
        for (k, &node) in order.iter().enumerate() {
            let v = points[node as usize][across];
            if at.last() != Some(&v) {
                at.push(v);
                starts.push(k);
            }
        }
        starts.push(order.len());
        let along = order.iter().map(|&k| points[k as usize][along]).collect();
        Runs {
            at,
            starts,
            order,
            along,
        }
    }

    fn run(&self, r: usize) -> Run<'_> {
        let range = self.starts[r]..self.starts[r + 1];
        (&self.order[range.clone()], &self.along[range])
    }

    /// The runs whose coordinate lies in `lo..=hi`.
    fn within(&self, lo: f64, hi: f64) -> impl Iterator<Item = Run<'_>> {
        let a = self.at.partition_point(|&v| v < lo);
        let b = self.at.partition_point(|&v| v <= hi);
        (a..b.max(a)).map(|r| self.run(r))
    }

    /// The nodes of the run at exactly `at` (rounded as lines are) within `lo..=hi` along it.
    fn at(&self, at: f64, lo: f64, hi: f64) -> &[u32] {
        let at = round1(at);
        match self.at.binary_search_by(|v| v.total_cmp(&at)) {
            Ok(r) => {
                let (nodes, along) = self.run(r);
                let a = along.partition_point(|&v| v < lo);
                let b = along.partition_point(|&v| v <= hi);
                &nodes[a..b.max(a)]
            }
            Err(_) => &[],
        }
    }
}

pub(super) struct Grid {
    /// Per node: where it is.
    points: Vec<[f64; 2]>,
    /// Per node: its neighbour to the right, left, below and above, or `NONE`.
    next: Vec<[u32; 4]>,
    /// Nodes by vertical line (sorted by y within one) and by horizontal line (sorted by x).
    columns: Runs,
    rows: Runs,
    /// Per fine point: 1 + the innermost box containing it (border included), or 0.
    pub owner: Vec<u32>,
    pub flags: Vec<u8>,
    /// Per fine point: the bundle key (never 0) of the first edge that ran along it
    /// horizontally (resp. vertically), or 0.
    pub used_h: Vec<u32>,
    pub used_v: Vec<u32>,
}

impl Grid {
    /// The channel grid for routing edges between `ends`, or `None` when it would have more
    /// than `MAX_GRID_NODES` nodes. Boxes come parents first; `titles` are theirs (`titles`).
    pub fn new(
        boxes: &[Slot],
        titles: &[Rect],
        ends: &[usize],
        pairs: &[(usize, usize)],
    ) -> Option<Grid> {
        // A route only ever runs inside an ancestor of one of its ends (every other box is a
        // wall), so only the children of such ancestors need channels: the subnets and
        // instances inside a stranger AZ column add no line.
        let mut route_inside = vec![false; boxes.len()];
        for &end in ends {
            let mut at = Some(end);
            while let Some(idx) = at {
                if route_inside[idx] {
                    break;
                }
                route_inside[idx] = true;
                at = boxes[idx].parent;
            }
        }
        // Each box's extent: the box and everything inside it (children come after parents).
        let mut extent: Vec<Extent> = boxes
            .iter()
            .map(|b| [b.rect.x, b.rect.y, b.rect.right(), b.rect.bottom()])
            .collect();
        for idx in (0..boxes.len()).rev() {
            if let Some(p) = boxes[idx].parent.filter(|&p| p < idx) {
                let (e, c) = (extent[p], extent[idx]);
                extent[p] = [
                    e[0].min(c[0]),
                    e[1].min(c[1]),
                    e[2].max(c[2]),
                    e[3].max(c[3]),
                ];
            }
        }
        let whole = grow(
            extent.iter().fold(
                [
                    f64::INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::NEG_INFINITY,
                ],
                |a, e| {
                    [
                        a[0].min(e[0]),
                        a[1].min(e[1]),
                        a[2].max(e[2]),
                        a[3].max(e[3]),
                    ]
                },
            ),
            CHANNEL,
        );
        let across = |idx: usize| {
            boxes[idx]
                .parent
                .map_or(whole, |p| grow(extent[p], CHANNEL))
        };
        let mut vertical = Vec::with_capacity(boxes.len() * 2 + ends.len());
        let mut horizontal = Vec::with_capacity(boxes.len() * 2 + ends.len());
        let mut add = |idx: usize, xs: &[f64], ys: &[f64]| {
            let [x0, y0, x1, y1] = across(idx).map(|v| tenths(round1(v)));
            for &x in xs {
                vertical.push(Line {
                    at: tenths(round1(x)),
                    lo: y0,
                    hi: y1,
                });
            }
            for &y in ys {
                horizontal.push(Line {
                    at: tenths(round1(y)),
                    lo: x0,
                    hi: x1,
                });
            }
        };
        for (idx, b) in boxes.iter().enumerate() {
            if b.parent.is_some_and(|p| !route_inside[p]) {
                continue;
            }
            let r = &b.rect;
            add(
                idx,
                &[r.x - CHANNEL, r.right() + CHANNEL],
                &[r.y - CHANNEL, r.bottom() + CHANNEL],
            );
        }
        for &end in ends {
            let r = &boxes[end].rect;
            add(end, &[r.cx()], &[r.cy()]);
        }
        // Each edge's own two L routes (and its straight one, when the ends line up): the
        // centre lines of both ends, from one end to the other. Clipped to their parents, the
        // ends' centre lines would not reach each other, and an edge from a router in a data
        // centre to a gateway in a VPC would step round every container border on the way.
        for &(s, t) in pairs {
            let (a, b) = (&boxes[s].rect, &boxes[t].rect);
            let (x0, x1) = (a.cx().min(b.cx()), a.cx().max(b.cx()));
            let (y0, y1) = (a.cy().min(b.cy()), a.cy().max(b.cy()));
            let [x0, x1, y0, y1] = [x0, x1, y0, y1].map(|v| tenths(round1(v)));
            for y in [a.cy(), b.cy()] {
                horizontal.push(Line {
                    at: tenths(round1(y)),
                    lo: x0,
                    hi: x1,
                });
            }
            for x in [a.cx(), b.cx()] {
                vertical.push(Line {
                    at: tenths(round1(x)),
                    lo: y0,
                    hi: y1,
                });
            }
        }
        let (vertical, horizontal) = (merge(vertical), merge(horizontal));

        // Sweep left to right: the horizontal lines that span the current x, by y; each
        // vertical line there crosses those within its span. Nodes come out sorted by (x, y).
        let line_of = |h: &u32| horizontal[*h as usize];
        let mut by_start: Vec<u32> = (0..horizontal.len() as u32).collect();
        crate::sort::sort_by(&mut by_start, |a, b| line_of(a).lo.cmp(&line_of(b).lo));
        let mut by_end = by_start.clone();
        crate::sort::sort_by(&mut by_end, |a, b| line_of(a).hi.cmp(&line_of(b).hi));
        let (mut started, mut ended) = (0, 0);
        // The open lines, by the rank of their y among all horizontal lines': one bit per rank
        // says a line is open there, and `open_line` which one. Listing the set bits of a span
        // a word at a time is as fast as a search tree, and much less code in the WASM.
        let mut ys: Vec<i64> = horizontal.iter().map(|h| h.at).collect();
        ys.dedup();
        let rank = |y: i64| ys.partition_point(|&v| v < y);
        let mut open = vec![0u64; ys.len().div_ceil(64)];
        let mut open_line = vec![0u32; ys.len()];
        let mut crossings: Vec<(i64, i64, u32, u32)> = Vec::new();
        for (v, line) in vertical.iter().enumerate() {
            while ended < by_end.len() && horizontal[by_end[ended] as usize].hi < line.at {
                let h = by_end[ended];
                let r = rank(horizontal[h as usize].at);
                if open_line[r] == h {
                    open[r / 64] &= !(1 << (r % 64));
                }
                ended += 1;
            }
            while started < by_start.len() && horizontal[by_start[started] as usize].lo <= line.at {
                let h = by_start[started];
                if horizontal[h as usize].hi >= line.at {
                    let r = rank(horizontal[h as usize].at);
                    open[r / 64] |= 1 << (r % 64);
                    open_line[r] = h;
                }
                started += 1;
            }
            let (first, end) = (rank(line.lo), rank(line.hi + 1));
            let mut r = first;
            while r < end {
                let word = open[r / 64] >> (r % 64);
                if word == 0 {
                    r = (r / 64 + 1) * 64;
                    continue;
                }
                r += word.trailing_zeros() as usize;
                if r >= end {
                    break;
                }
                crossings.push((line.at, ys[r], v as u32, open_line[r]));
                r += 1;
                if crossings.len() > MAX_GRID_NODES {
                    return None;
                }
            }
        }

        let n = crossings.len();
        let points: Vec<[f64; 2]> = crossings
            .iter()
            .map(|&(x, y, _, _)| [x as f64 / 10.0, y as f64 / 10.0])
            .collect();
        let mut next = vec![[NONE; 4]; n];
        for k in 1..n {
            let (a, b) = (&crossings[k - 1], &crossings[k]);
            if a.2 == b.2 {
                next[k - 1][DOWN] = k as u32;
                next[k][UP] = (k - 1) as u32;
            }
        }
        // Nodes by row: bucket them by horizontal line, which are in (y, x) order and on one
        // y disjoint, keeping the sweep's x order inside each line.
        let mut row_start = vec![0u32; horizontal.len() + 1];
        for c in &crossings {
            row_start[c.3 as usize + 1] += 1;
        }
        for h in 0..horizontal.len() {
            row_start[h + 1] += row_start[h];
        }
        let mut by_row = vec![0u32; n];
        for (k, c) in crossings.iter().enumerate() {
            let slot = &mut row_start[c.3 as usize];
            by_row[*slot as usize] = k as u32;
            *slot += 1;
        }
        for pair in by_row.windows(2) {
            let (a, b) = (pair[0] as usize, pair[1] as usize);
            if crossings[a].3 == crossings[b].3 {
                next[a][RIGHT] = b as u32;
                next[b][LEFT] = a as u32;
            }
        }
        let columns = Runs::new((0..n as u32).collect(), &points, true);
        let rows = Runs::new(by_row, &points, false);

        let mut grid = Grid {
            points,
            next,
            columns,
            rows,
            owner: vec![0; 3 * n],
            flags: vec![0; 3 * n],
            used_h: vec![0; 3 * n],
            used_v: vec![0; 3 * n],
        };
        // Parents come first, so a child's paint covers its parent's.
        let mut painted = Vec::new();
        let mut titles = titles.iter();
        for (idx, b) in boxes.iter().enumerate() {
            let owner = idx as u32 + 1;
            grid.fine_points_in(&b.rect, &mut painted);
            for &p in &painted {
                grid.owner[p] = owner;
            }
            // One title per container, in order: only a container takes the next one.
            if let Some(title) = if b.leaf { None } else { titles.next() } {
                grid.fine_points_in(title, &mut painted);
                for &p in &painted {
                    grid.flags[p] |= IN_TITLE;
                }
            }
        }
        Some(grid)
    }

    pub fn node_count(&self) -> usize {
        self.points.len()
    }

    /// The fine point of the link from `node` to its neighbour on the right or below.
    fn link(&self, node: usize, down: bool) -> usize {
        self.points.len() + 2 * node + usize::from(down)
    }

    /// Every fine point in `rect`, border included, into `out`.
    fn fine_points_in(&self, rect: &Rect, out: &mut Vec<usize>) {
        out.clear();
        if rect.w <= 0.0 || rect.h <= 0.0 {
            return;
        }
        let (x0, x1, y0, y1) = (rect.x, rect.right(), rect.y, rect.bottom());
        // Nodes, and the links below them, column by column; a link whose midpoint lies inside
        // starts inside or at the last node above the rect.
        for (column, along) in self.columns.within(x0, x1) {
            let first = along.partition_point(|&y| y < y0).saturating_sub(1);
            for (&k, &y) in column[first..].iter().zip(&along[first..]) {
                if y > y1 {
                    break;
                }
                let k = k as usize;
                if y >= y0 {
                    out.push(k);
                }
                let below = self.next[k][DOWN];
                if below != NONE {
                    let mid = (y + self.points[below as usize][1]) / 2.0;
                    if mid >= y0 && mid <= y1 {
                        out.push(self.link(k, true));
                    }
                }
            }
        }
        // The links to the right of nodes, row by row.
        for (row, along) in self.rows.within(y0, y1) {
            let first = along.partition_point(|&x| x < x0).saturating_sub(1);
            for (&k, &x) in row[first..].iter().zip(&along[first..]) {
                if x > x1 {
                    break;
                }
                let k = k as usize;
                let right = self.next[k][RIGHT];
                if right != NONE {
                    let mid = (x + self.points[right as usize][0]) / 2.0;
                    if mid >= x0 && mid <= x1 {
                        out.push(self.link(k, false));
                    }
                }
            }
        }
    }

    /// A node is its own fine point.
    pub fn fine_of_node(&self, node: usize) -> usize {
        node
    }

    pub fn point(&self, node: usize) -> [f64; 2] {
        self.points[node]
    }

    /// The neighbour of `node` in `dir`, with the fine points of the step (midpoint, far end)
    /// and its length.
    pub fn step(&self, node: usize, dir: usize) -> Option<(usize, usize, usize, f64)> {
        let next = self.next[node][dir];
        if next == NONE {
            return None;
        }
        let next = next as usize;
        let mid = match dir {
            RIGHT => self.link(node, false),
            LEFT => self.link(next, false),
            DOWN => self.link(node, true),
            _ => self.link(next, true),
        };
        let (a, b) = (self.points[node], self.points[next]);
        let length = (a[0] - b[0]).abs() + (a[1] - b[1]).abs();
        Some((next, mid, next, length))
    }

    /// The fine points of the step between neighbours `a` and `b`: `a`, the link, `b`; and
    /// whether the step is horizontal.
    pub fn step_points(&self, a: usize, b: usize) -> ([usize; 3], bool) {
        let horizontal = self.points[a][1] == self.points[b][1];
        let first = if horizontal {
            if self.points[a][0] < self.points[b][0] {
                a
            } else {
                b
            }
        } else if self.points[a][1] < self.points[b][1] {
            a
        } else {
            b
        };
        ([a, self.link(first, !horizontal), b], horizontal)
    }

    /// The grid nodes just outside `rect`, on the lines `CHANNEL` out from each side, with the
    /// border point each connects to by a perpendicular stub and the outward direction.
    pub fn ring(&self, rect: &Rect) -> Vec<(usize, [f64; 2], usize)> {
        let mut out = Vec::new();
        let (y0, y1) = (rect.y + CORNER, rect.bottom() - CORNER);
        for (x, border, dir) in [
            (rect.right() + CHANNEL, rect.right(), RIGHT),
            (rect.x - CHANNEL, rect.x, LEFT),
        ] {
            for &k in self.columns.at(x, y0, y1) {
                out.push((k as usize, [border, self.points[k as usize][1]], dir));
            }
        }
        let (x0, x1) = (rect.x + CORNER, rect.right() - CORNER);
        for (y, border, dir) in [
            (rect.bottom() + CHANNEL, rect.bottom(), DOWN),
            (rect.y - CHANNEL, rect.y, UP),
        ] {
            for &k in self.rows.at(y, x0, x1) {
                out.push((k as usize, [self.points[k as usize][0], border], dir));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(parent: Option<usize>, x: f64, y: f64, w: f64, h: f64, leaf: bool) -> Slot {
        Slot {
            rect: Rect { x, y, w, h },
            parent,
            leaf,
        }
    }

    fn layout_node(id: &str) -> LayoutNode {
        LayoutNode {
            id: id.into(),
            kind: NodeKind::Vpc,
            label: id.into(),
            detail: None,
            variant: None,
            parent: None,
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0,
        }
    }

    /// A region holding two VPCs side by side, each with one gateway, the two gateways the ends
    /// of one edge.
    fn two_vpcs() -> (Vec<Slot>, Vec<LayoutNode>) {
        let boxes = vec![
            slot(None, 0.0, 0.0, 1000.0, 400.0, false),
            slot(Some(0), 20.0, 20.0, 300.0, 300.0, false),
            slot(Some(1), 40.0, 60.0, 100.0, 100.0, true),
            slot(Some(0), 600.0, 20.0, 300.0, 300.0, false),
            slot(Some(3), 640.0, 200.0, 100.0, 50.0, true),
        ];
        let nodes = ["region", "a", "a-gw", "b", "b-gw"]
            .iter()
            .map(|id| layout_node(id))
            .collect();
        (boxes, nodes)
    }

    #[test]
    fn a_line_runs_only_across_its_boxs_parent() {
        let (boxes, nodes) = two_vpcs();
        // No L lines: only the channel lines count here.
        let grid = Grid::new(&boxes, &titles(&boxes, &nodes), &[2, 4], &[]);
        assert!(grid.is_some(), "a small grid");
        let Some(grid) = grid else {
            return;
        };
        let inside_b = |p: [f64; 2]| p[0] > 600.0 && p[0] < 900.0 && p[1] > 20.0 && p[1] < 320.0;
        let ys_in_b: Vec<f64> = grid
            .points
            .iter()
            .filter(|p| inside_b(**p))
            .map(|p| p[1])
            .collect();
        // `a-gw`'s lines (y 52 and 168) stop at `a`'s border; `b-gw`'s own (192, 258) do not.
        assert!(
            !ys_in_b.contains(&52.0) && !ys_in_b.contains(&168.0),
            "{ys_in_b:?}"
        );
        assert!(
            ys_in_b.contains(&192.0) && ys_in_b.contains(&258.0),
            "{ys_in_b:?}"
        );
        // The region's children's lines cross the whole region: `a`'s right channel (328)
        // meets `b`'s top one (12), and `b`'s left channel (592) `a`'s bottom one (328).
        assert!(grid.points.contains(&[328.0, 12.0]));
        assert!(grid.points.contains(&[592.0, 328.0]));
    }

    #[test]
    fn every_node_joins_its_neighbours_both_ways_along_one_line() {
        let (boxes, nodes) = two_vpcs();
        let grid = Grid::new(&boxes, &titles(&boxes, &nodes), &[2, 4], &[(2, 4)]);
        assert!(grid.is_some(), "a small grid");
        let Some(grid) = grid else {
            return;
        };
        for (k, next) in grid.next.iter().enumerate() {
            for dir in [RIGHT, LEFT, DOWN, UP] {
                if next[dir] == NONE {
                    continue;
                }
                let other = next[dir] as usize;
                assert_eq!(grid.next[other][dir ^ 1] as usize, k);
                let (a, b) = (grid.points[k], grid.points[other]);
                let along = if dir < 2 { b[0] - a[0] } else { b[1] - a[1] };
                let across = if dir < 2 { b[1] - a[1] } else { b[0] - a[0] };
                let forward = dir == RIGHT || dir == DOWN;
                assert!(across == 0.0 && (along > 0.0) == forward, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn each_edge_gets_its_l_routes_between_the_centres_of_its_ends() {
        let (boxes, nodes) = two_vpcs();
        let without = Grid::new(&boxes, &titles(&boxes, &nodes), &[2, 4], &[]);
        assert!(without.is_some(), "a small grid");
        let Some(without) = without else {
            return;
        };
        let with = Grid::new(&boxes, &titles(&boxes, &nodes), &[2, 4], &[(2, 4)]);
        assert!(with.is_some(), "a small grid");
        let Some(with) = with else {
            return;
        };
        // The corners of the two Ls: (a-gw's centre x, b-gw's centre y) and the other way.
        for corner in [[90.0, 225.0], [690.0, 110.0]] {
            assert!(!without.points.contains(&corner), "{corner:?}");
            assert!(with.points.contains(&corner), "{corner:?}");
        }
    }

    #[test]
    fn fine_points_in_a_rect_are_its_nodes_and_the_links_whose_midpoints_it_holds() {
        let (boxes, nodes) = two_vpcs();
        let grid = Grid::new(&boxes, &titles(&boxes, &nodes), &[2, 4], &[(2, 4)]);
        assert!(grid.is_some(), "a small grid");
        let Some(grid) = grid else {
            return;
        };
        let rect = Rect {
            x: 600.0,
            y: 20.0,
            w: 300.0,
            h: 300.0,
        };
        let mut found = Vec::new();
        grid.fine_points_in(&rect, &mut found);
        found.sort_unstable();
        // The same set, by brute force over every node and link.
        let inside = |p: [f64; 2]| {
            p[0] >= rect.x && p[0] <= rect.right() && p[1] >= rect.y && p[1] <= rect.bottom()
        };
        let mut expected = Vec::new();
        for k in 0..grid.node_count() {
            let p = grid.points[k];
            if inside(p) {
                expected.push(k);
            }
            for (dir, down) in [(RIGHT, false), (DOWN, true)] {
                let other = grid.next[k][dir];
                if other != NONE {
                    let q = grid.points[other as usize];
                    if inside([(p[0] + q[0]) / 2.0, (p[1] + q[1]) / 2.0]) {
                        expected.push(grid.link(k, down));
                    }
                }
            }
        }
        expected.sort_unstable();
        assert!(!expected.is_empty());
        assert_eq!(found, expected);
    }
}
