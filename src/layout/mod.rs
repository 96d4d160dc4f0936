//! Layout: topology → boxes and orthogonal edges, in numbered phases.
//!
//! `ls src/layout` is the algorithm: `p1_tree` (containment tree, edge list, pins), `p2_order`
//! (the user's sibling order), `p2_sweep` (barycenter sweeps that shorten and uncross the edges
//! between siblings), `p3_size` (bottom-up sizes and positions relative to the parent, pins
//! included), `p4_place` (absolute positions), `p5_grid` (the channel grid edges are
//! searched on) and `p5_route` (edge polylines). Each phase
//! states its pre- and post-conditions; `check.rs` verifies them on any output. The layout is a
//! pure function of the document — no randomness, no hash order — so the same document gives the
//! same bytes, and a change to one region leaves the boxes of other regions where they were
//! (regions are sized independently and packed in document order).

pub mod check;
pub mod geom;
mod p1_tree;
mod p2_order;
mod p2_sweep;
mod p3_size;
mod p4_place;
mod p5_grid;
mod p5_route;
mod types;

pub use p5_route::Memo;
pub use types::{EdgeKind, Layout, LayoutEdge, LayoutNode, NodeKind};

use crate::model::Topology;
use geom::round1;

/// Lay out a topology.
pub fn run(topo: &Topology) -> Layout {
    run_reusing(topo, &mut Memo::default())
}

/// Lay out a topology, reusing the routes `memo` holds from the previous layout when this one
/// has the same boxes and edge ends (an editor's memo across edits; see [`Memo`]). The result is
/// the one [`run`] gives: the memo only skips a search whose inputs it has seen.
pub fn run_reusing(topo: &Topology, memo: &mut Memo) -> Layout {
    let mut tree = p1_tree::build(topo);
    p2_order::run(&mut tree, &topo.layout.order);
    p2_sweep::run(&mut tree, &topo.layout.order);
    p3_size::run(&mut tree);
    p4_place::run(&mut tree);

    // Emit nodes in pre-order (parents first); virtual groups are skipped and their children
    // hang from the nearest real ancestor.
    let mut nodes = Vec::new();
    let mut stack: Vec<(usize, Option<String>)> = vec![(tree.root, None)];
    while let Some((idx, parent)) = stack.pop() {
        let node = &tree.nodes[idx];
        let next_parent = match node.kind {
            Some(kind) => {
                nodes.push(LayoutNode {
                    id: node.id.clone(),
                    kind,
                    label: node.label.clone(),
                    detail: node.detail.clone(),
                    variant: node.variant.clone(),
                    parent: parent.clone(),
                    x: round1(node.x),
                    y: round1(node.y),
                    width: round1(node.w),
                    height: round1(node.h),
                });
                Some(node.id.clone())
            }
            None => parent,
        };
        for band in node.bands.iter().rev() {
            for &child in band.children.iter().rev() {
                stack.push((child, next_parent.clone()));
            }
        }
    }
    let edges = p5_route::run(&tree.edges, &nodes, memo);
    let root = &tree.nodes[tree.root];
    let (width, height) = if nodes.is_empty() {
        (2.0 * p4_place::MARGIN, 2.0 * p4_place::MARGIN)
    } else {
        // Pinned top boxes may lie beyond the flow's extent.
        let (right, bottom) = nodes
            .iter()
            .filter(|n| n.parent.is_none())
            .fold((0.0f64, 0.0f64), |(r, b), n| {
                (r.max(n.x + n.width), b.max(n.y + n.height))
            });
        (
            round1((root.w + 2.0 * p4_place::MARGIN).max(right + p4_place::MARGIN)),
            round1((root.h + 2.0 * p4_place::MARGIN).max(bottom + p4_place::MARGIN)),
        )
    };
    Layout {
        width,
        height,
        nodes,
        edges,
    }
}
