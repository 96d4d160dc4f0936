//! Layout: topology → boxes and orthogonal edges. (Being built.)

mod types;

pub use types::{EdgeKind, Layout, LayoutEdge, LayoutNode, NodeKind};

use crate::model::Topology;

/// Lay out a topology.
pub fn run(_topo: &Topology) -> Layout {
    Layout::default()
}
