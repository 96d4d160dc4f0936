//! Phase 4 of 5: absolute positions, top-down.
//!
//! Phase 3 left every box relative to its parent; here each box lands at its parent's corner
//! plus its offset, the root at `MARGIN`. The boxes that hang from the drawing itself (regions,
//! on-premises sites, the internet: boxes whose parents are all virtual groups) are the one
//! place pins are absolute: a pinned one goes to its pin, measured from the drawing's top-left,
//! and the others step right (or down, in a column) out of its way, carrying their contents.
//!
//! Pre:  sizes and relative offsets (phase 3).
//! Post: every node has absolute `x`, `y`; no two drawn boxes overlap unless one contains the
//!       other, and children lie inside their parent with `PAD` to spare.

use super::geom::Rect;
use super::p1_tree::{Dir, Tree};
use super::p3_size::{clear_of, GAP};

/// Margin around the whole drawing.
pub const MARGIN: f64 = 24.0;

pub fn run(tree: &mut Tree) {
    let root = tree.root;
    tree.nodes[root].x = MARGIN;
    tree.nodes[root].y = MARGIN;
    // Virtual groups first, stopping at the first drawn box of each branch (the top boxes), in
    // drawing order.
    let mut top_boxes: Vec<(usize, Dir)> = Vec::new();
    let mut stack = vec![(root, Dir::Row)];
    while let Some((idx, dir)) = stack.pop() {
        if let Some(parent) = tree.nodes[idx].parent {
            let (x, y) = (tree.nodes[parent].x, tree.nodes[parent].y);
            let node = &mut tree.nodes[idx];
            node.x = x + node.rx;
            node.y = y + node.ry;
        }
        if tree.nodes[idx].kind.is_some() {
            top_boxes.push((idx, dir));
            continue;
        }
        for band in tree.nodes[idx].bands.iter().rev() {
            for &child in band.children.iter().rev() {
                stack.push((child, band.dir));
            }
        }
    }
    settle_top(tree, &top_boxes);
    let mut stack: Vec<usize> = top_boxes.iter().map(|&(idx, _)| idx).collect();
    while let Some(idx) = stack.pop() {
        let (x, y) = (tree.nodes[idx].x, tree.nodes[idx].y);
        let children: Vec<usize> = tree.nodes[idx]
            .bands
            .iter()
            .flat_map(|band| band.children.iter().copied())
            .collect();
        for child in children {
            let node = &mut tree.nodes[child];
            node.x = x + node.rx;
            node.y = y + node.ry;
            stack.push(child);
        }
    }
}

/// Pinned top boxes at their pins, earlier pins first; the flowed ones out of their way.
fn settle_top(tree: &mut Tree, top_boxes: &[(usize, Dir)]) {
    if top_boxes
        .iter()
        .all(|&(idx, _)| tree.nodes[idx].pin.is_none())
    {
        return;
    }
    let rect = |tree: &Tree, idx: usize| Rect {
        x: tree.nodes[idx].x,
        y: tree.nodes[idx].y,
        w: tree.nodes[idx].w,
        h: tree.nodes[idx].h,
    };
    let mut settled: Vec<Rect> = Vec::new();
    let (pinned, flowed): (Vec<_>, Vec<_>) = top_boxes
        .iter()
        .partition(|&&(i, _)| tree.nodes[i].pin.is_some());
    for ((idx, dir), gap) in pinned
        .into_iter()
        .map(|entry| (entry, 0.0))
        .chain(flowed.into_iter().map(|entry| (entry, GAP)))
    {
        if let Some((px, py)) = tree.nodes[idx].pin {
            tree.nodes[idx].x = px;
            tree.nodes[idx].y = py;
        }
        let moved = clear_of(rect(tree, idx), &settled, gap, dir);
        tree.nodes[idx].x = moved.x;
        tree.nodes[idx].y = moved.y;
        settled.push(moved);
    }
}
