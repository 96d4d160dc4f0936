//! Phase 3 of 4: positions, top-down.
//!
//! A node at (x, y) places its bands under its header, one after another; a row band puts its
//! children side by side, a column band stacks them, a shelf band follows the row breaks of
//! phase 2. AZ columns are stretched to the height of their row and subnets to the width of their
//! column, so a VPC reads as a grid — the way engineers draw it.
//!
//! Pre:  sizes and shelf breaks (phase 2).
//! Post: every node has absolute `x`, `y`; siblings do not overlap and children lie inside their
//!       parent with `PAD` to spare (virtual groups have no padding of their own).

use super::p1_tree::{Dir, Tree};
use super::p2_size::{header, GAP, PAD};
use super::types::NodeKind;

/// Margin around the whole drawing.
pub const MARGIN: f64 = 24.0;

pub fn run(tree: &mut Tree) {
    let root = tree.root;
    tree.nodes[root].x = MARGIN;
    tree.nodes[root].y = MARGIN;
    let mut stack = vec![root];
    while let Some(idx) = stack.pop() {
        place_children(tree, idx);
        for band in &tree.nodes[idx].bands {
            stack.extend(band.children.iter().copied());
        }
    }
}

fn place_children(tree: &mut Tree, idx: usize) {
    let kind = tree.nodes[idx].kind;
    let virtual_group = kind.is_none();
    let pad = if virtual_group { 0.0 } else { PAD };
    let top = if virtual_group {
        0.0
    } else {
        header(kind).max(pad)
    };
    let (x0, mut y) = (tree.nodes[idx].x + pad, tree.nodes[idx].y + top);
    let inner_w = tree.nodes[idx].w - 2.0 * pad;
    let bands = tree.nodes[idx].bands.clone();
    let breaks = tree.nodes[idx].shelf_breaks.clone();
    for (band_idx, band) in bands.iter().enumerate() {
        // Stretch AZ columns to a common height, and subnets to their column's width.
        if kind == Some(NodeKind::Az) {
            for &child in &band.children {
                tree.nodes[child].w = inner_w;
            }
        }
        let band_h = match band.dir {
            Dir::Row => band
                .children
                .iter()
                .map(|&c| tree.nodes[c].h)
                .fold(0.0, f64::max),
            _ => 0.0,
        };
        if band.dir == Dir::Row {
            for &child in &band.children {
                if tree.nodes[child].kind == Some(NodeKind::Az) {
                    tree.nodes[child].h = band_h;
                }
            }
        }
        match band.dir {
            Dir::Row => {
                let mut x = x0;
                for &child in &band.children {
                    let offset = if band.center {
                        (band_h - tree.nodes[child].h) / 2.0
                    } else {
                        0.0
                    };
                    tree.nodes[child].x = x;
                    tree.nodes[child].y = y + offset;
                    x += tree.nodes[child].w + band.gap;
                }
                y += band_h + GAP;
            }
            Dir::Column => {
                for &child in &band.children {
                    tree.nodes[child].x = x0;
                    tree.nodes[child].y = y;
                    y += tree.nodes[child].h + band.gap;
                }
            }
            Dir::Shelf => {
                let row_starts = breaks.get(band_idx).cloned().unwrap_or_default();
                let mut x = x0;
                let mut row_h: f64 = 0.0;
                for (i, &child) in band.children.iter().enumerate() {
                    if row_starts.contains(&i) {
                        y += row_h + GAP;
                        x = x0;
                        row_h = 0.0;
                    }
                    tree.nodes[child].x = x;
                    tree.nodes[child].y = y;
                    x += tree.nodes[child].w + GAP;
                    row_h = row_h.max(tree.nodes[child].h);
                }
                y += row_h + GAP;
            }
        }
    }
}
