//! Phase 2 of 4: sizes, bottom-up.
//!
//! Leaves get a size from their text (estimated, see `geom::text_width`); containers wrap their
//! bands with a header and padding. Shelf bands choose their row breaks here, aiming at a 16:10
//! box, because the break points decide the size.
//!
//! Pre:  the tree of phase 1.
//! Post: every node has `w`, `h`; every shelf band has its row breaks. No positions yet.

use super::geom::text_width;
use super::p1_tree::{Dir, Tree};
use super::types::NodeKind;

/// Padding inside a container, and the gap between siblings.
pub const PAD: f64 = 14.0;
pub const GAP: f64 = 16.0;
/// Label and detail font sizes (the renderer uses the same).
pub const LABEL_PX: f64 = 13.0;
pub const DETAIL_PX: f64 = 11.0;
/// Room for an icon left of a small node's label.
pub const ICON: f64 = 30.0;

/// Height of the title area of a container (zero for virtual groups).
pub fn header(kind: Option<NodeKind>) -> f64 {
    match kind {
        None => 0.0,
        Some(NodeKind::Region) => 40.0,
        Some(NodeKind::Vpc) | Some(NodeKind::Onprem) => 44.0,
        Some(NodeKind::Az) => 26.0,
        Some(NodeKind::Subnet) => 42.0,
        Some(_) => 0.0,
    }
}

fn is_container_kind(kind: Option<NodeKind>) -> bool {
    matches!(
        kind,
        None | Some(
            NodeKind::Region
                | NodeKind::Vpc
                | NodeKind::Az
                | NodeKind::Subnet
                | NodeKind::Onprem
                | NodeKind::Account
        )
    )
}

fn text_span(label: &str, detail: Option<&str>) -> f64 {
    text_width(label, LABEL_PX).max(detail.map_or(0.0, |d| text_width(d, DETAIL_PX)))
}

fn leaf_size(kind: Option<NodeKind>, label: &str, detail: Option<&str>) -> (f64, f64) {
    let text = text_span(label, detail);
    match kind {
        Some(NodeKind::Subnet) => ((text + 2.0 * PAD).max(180.0), 50.0),
        Some(NodeKind::Az) => ((text + 2.0 * PAD).max(180.0), 40.0),
        Some(NodeKind::Vpc | NodeKind::Region | NodeKind::Onprem | NodeKind::Account) => {
            ((text + 2.0 * PAD).max(200.0), 64.0)
        }
        Some(NodeKind::Instance) => ((ICON + text + 10.0).max(110.0), 36.0),
        _ => ((ICON + text + 12.0).max(120.0), 42.0),
    }
}

/// Size every node, children before parents.
pub fn run(tree: &mut Tree) {
    let order = post_order(tree);
    for idx in order {
        let node = &tree.nodes[idx];
        if node.bands.is_empty() {
            let (w, h) = leaf_size(node.kind, &node.label, node.detail.as_deref());
            let node = &mut tree.nodes[idx];
            node.w = w;
            node.h = h;
            continue;
        }
        let kind = node.kind;
        let header = header(kind);
        let virtual_group = kind.is_none();
        let pad = if virtual_group { 0.0 } else { PAD };
        let mut inner_w: f64 = 0.0;
        let mut inner_h: f64 = 0.0;
        let mut breaks = Vec::new();
        for band in node.bands.clone() {
            let sizes: Vec<(f64, f64)> = band
                .children
                .iter()
                .map(|&c| (tree.nodes[c].w, tree.nodes[c].h))
                .collect();
            let (w, h, band_breaks) = match band.dir {
                Dir::Row => (
                    sum_with_gaps(sizes.iter().map(|s| s.0), band.gap),
                    max(sizes.iter().map(|s| s.1)),
                    Vec::new(),
                ),
                Dir::Column => (
                    max(sizes.iter().map(|s| s.0)),
                    sum_with_gaps(sizes.iter().map(|s| s.1), band.gap),
                    Vec::new(),
                ),
                Dir::Shelf => shelf(&sizes, if kind.is_none() { 3.0 } else { 1.6 }),
            };
            breaks.push(band_breaks);
            inner_w = inner_w.max(w);
            inner_h += h;
        }
        inner_h += GAP * (node.bands.len().saturating_sub(1)) as f64;
        let title_w = if is_container_kind(kind) && !virtual_group {
            text_span(&node.label, node.detail.as_deref())
        } else {
            0.0
        };
        let top = if virtual_group { 0.0 } else { header.max(pad) };
        let min_w = if matches!(kind, Some(NodeKind::Subnet)) {
            180.0
        } else {
            0.0
        };
        let node = &mut tree.nodes[idx];
        node.w = (inner_w.max(title_w) + 2.0 * pad).max(min_w);
        node.h = top + inner_h + pad;
        node.shelf_breaks = breaks;
    }
}

fn post_order(tree: &Tree) -> Vec<usize> {
    let mut out = Vec::with_capacity(tree.nodes.len());
    let mut stack = vec![(tree.root, false)];
    while let Some((idx, expanded)) = stack.pop() {
        if expanded {
            out.push(idx);
            continue;
        }
        stack.push((idx, true));
        for band in tree.nodes[idx].bands.iter().rev() {
            for &child in band.children.iter().rev() {
                stack.push((child, false));
            }
        }
    }
    out
}

fn sum_with_gaps(values: impl Iterator<Item = f64>, gap: f64) -> f64 {
    let mut total = 0.0;
    let mut n = 0usize;
    for v in values {
        total += v;
        n += 1;
    }
    total + gap * n.saturating_sub(1) as f64
}

fn max(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, f64::max)
}

/// Break children into rows aiming at a block of the given aspect (width / height): returns
/// (width, height, row starts). Regions aim wide (3:1) so they sit side by side like a map.
pub fn shelf(sizes: &[(f64, f64)], aspect: f64) -> (f64, f64, Vec<usize>) {
    if sizes.is_empty() {
        return (0.0, 0.0, Vec::new());
    }
    let area: f64 = sizes.iter().map(|(w, h)| (w + GAP) * (h + GAP)).sum();
    let widest = max(sizes.iter().map(|s| s.0));
    let target = (area * aspect).sqrt().max(widest);
    let mut breaks = Vec::new();
    let (mut row_w, mut row_h) = (0.0f64, 0.0f64);
    let (mut total_w, mut total_h) = (0.0f64, 0.0f64);
    for (i, &(w, h)) in sizes.iter().enumerate() {
        let next = if row_w == 0.0 { w } else { row_w + GAP + w };
        if row_w > 0.0 && next > target {
            breaks.push(i);
            total_w = total_w.max(row_w);
            total_h += row_h + GAP;
            row_w = w;
            row_h = h;
        } else {
            row_w = next;
            row_h = row_h.max(h);
        }
    }
    total_w = total_w.max(row_w);
    total_h += row_h;
    (total_w, total_h, breaks)
}

#[cfg(test)]
mod tests {
    use super::shelf;

    #[test]
    fn shelf_wraps_many_equal_boxes_into_a_wide_block() {
        let sizes = vec![(100.0, 100.0); 16];
        let (w, h, breaks) = shelf(&sizes, 1.6);
        assert!(!breaks.is_empty());
        assert!(w >= h, "{w} x {h}");
        assert!(w / h < 3.0, "{w} x {h}");
    }

    #[test]
    fn one_box_is_its_own_size() {
        assert_eq!(shelf(&[(50.0, 20.0)], 1.6), (50.0, 20.0, vec![]));
    }
}
