//! Phase 3 of 5: sizes and local arrangement, bottom-up.
//!
//! Leaves get a size from their text (estimated, see `geom::text_width`); containers flow their
//! bands under a header, inside padding: a row band puts children side by side, a column band
//! stacks them, a shelf band wraps rows of a count-dependent length (stable under edits). Positions are relative to the
//! parent, so a container's size is known before anything is absolute — which is what pins
//! need: a pinned child sits at its pin (relative to its parent, as the editor wrote it), its
//! flowed siblings step out of its way, and the parent grows to hold it.
//!
//! Pre:  the ordered tree of phase 2.
//! Post: every node has `w`, `h` and (except the root) `rx`, `ry` relative to its tree parent;
//!       siblings do not overlap and children lie inside their parent with `PAD` to spare.
//!       Pinned children of virtual groups are left for phase 4.

use super::geom::{text_width, Rect};
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
/// Height of an internet marker (the tag over each internet gateway).
pub const MARKER_H: f64 = 30.0;

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
        // An internet marker is a small tag over its gateway, not a full box.
        Some(NodeKind::Internet) => ((ICON + text + 12.0).max(96.0), MARKER_H),
        _ => ((ICON + text + 12.0).max(120.0), 42.0),
    }
}

/// Size every node and arrange its children, children before parents.
pub fn run(tree: &mut Tree) {
    for idx in post_order(tree) {
        if tree.nodes[idx].bands.is_empty() {
            let node = &mut tree.nodes[idx];
            (node.w, node.h) = leaf_size(node.kind, &node.label, node.detail.as_deref());
            continue;
        }
        arrange(tree, idx);
    }
}

/// Flow the unpinned children of `idx` through its bands, put the pinned ones where pinned,
/// push flowed children out of the pinned ones' way, and size `idx` to hold them all.
fn arrange(tree: &mut Tree, idx: usize) {
    let kind = tree.nodes[idx].kind;
    let virtual_group = kind.is_none();
    let pad = if virtual_group { 0.0 } else { PAD };
    let top = if virtual_group {
        0.0
    } else {
        header(kind).max(pad)
    };
    let bands = tree.nodes[idx].bands.clone();
    // A pinned child of a virtual group hangs from the drawing itself: phase 4 places it.
    let in_flow = |tree: &Tree, child: usize| tree.nodes[child].pin.is_none();

    // The flow's extent first: AZ columns stretch their subnets to it.
    let mut flow_w: f64 = 0.0;
    let mut breaks = Vec::new();
    for band in &bands {
        let sizes: Vec<(f64, f64)> = band
            .children
            .iter()
            .filter(|&&c| in_flow(tree, c))
            .map(|&c| (tree.nodes[c].w, tree.nodes[c].h))
            .collect();
        let (w, band_breaks) = match band.dir {
            Dir::Row => (
                sum_with_gaps(sizes.iter().map(|s| s.0), band.gap),
                Vec::new(),
            ),
            Dir::Column => (max(sizes.iter().map(|s| s.0)), Vec::new()),
            Dir::Shelf => {
                let (w, _, b) = shelf(&sizes, shelf_columns(sizes.len(), virtual_group));
                (w, b)
            }
        };
        breaks.push(band_breaks);
        flow_w = flow_w.max(w);
    }
    let title_w = if is_container_kind(kind) && !virtual_group {
        let node = &tree.nodes[idx];
        text_span(&node.label, node.detail.as_deref())
    } else {
        0.0
    };
    let min_w = if kind == Some(NodeKind::Subnet) {
        180.0
    } else {
        0.0
    };
    let inner_w = flow_w.max(title_w).max(min_w - 2.0 * pad);

    let mut y = top;
    let mut flowed = Vec::new();
    for (band, row_starts) in bands.iter().zip(&breaks) {
        let children: Vec<usize> = band
            .children
            .iter()
            .copied()
            .filter(|&c| in_flow(tree, c))
            .collect();
        if children.is_empty() {
            continue;
        }
        // Stretch subnets to their AZ column's width, and AZ columns to their row's height, so
        // a VPC reads as a grid — the way engineers draw it.
        if kind == Some(NodeKind::Az) {
            for &child in &children {
                tree.nodes[child].w = inner_w;
            }
        }
        match band.dir {
            Dir::Row => {
                let band_h = max(children.iter().map(|&c| tree.nodes[c].h));
                let mut x = if band.end {
                    let band_w = sum_with_gaps(children.iter().map(|&c| tree.nodes[c].w), band.gap);
                    pad + (inner_w - band_w).max(0.0)
                } else {
                    pad
                };
                for &child in &children {
                    let node = &mut tree.nodes[child];
                    if node.kind == Some(NodeKind::Az) {
                        node.h = band_h;
                    }
                    let offset = if band.center {
                        (band_h - node.h) / 2.0
                    } else {
                        0.0
                    };
                    (node.rx, node.ry) = (x, y + offset);
                    x += node.w + band.gap;
                }
                y += band_h + GAP;
            }
            Dir::Column => {
                for &child in &children {
                    let node = &mut tree.nodes[child];
                    (node.rx, node.ry) = (pad, y);
                    y += node.h + band.gap;
                }
                y += GAP - band.gap;
            }
            Dir::Shelf => {
                let mut x = pad;
                let mut row_h: f64 = 0.0;
                for (i, &child) in children.iter().enumerate() {
                    if row_starts.contains(&i) {
                        y += row_h + GAP;
                        x = pad;
                        row_h = 0.0;
                    }
                    let node = &mut tree.nodes[child];
                    (node.rx, node.ry) = (x, y);
                    x += node.w + GAP;
                    row_h = row_h.max(node.h);
                }
                y += row_h + GAP;
            }
        }
        flowed.extend(children.into_iter().map(|c| (c, band.dir)));
    }
    let flow_h = if flowed.is_empty() { top } else { y - GAP };

    if !virtual_group {
        settle(tree, idx, pad, top, &flowed);
    }
    let (mut w, mut h) = (inner_w + 2.0 * pad, flow_h + pad);
    if !virtual_group {
        for band in &bands {
            for &child in &band.children {
                let c = &tree.nodes[child];
                w = w.max(c.rx + c.w + pad);
                h = h.max(c.ry + c.h + pad);
            }
        }
    }
    if virtual_group && tree.nodes[idx].id.starts_with("wrap:") {
        let (right, bottom) = centre_markers(tree, idx);
        (w, h) = (w.max(right), bottom);
    }
    let node = &mut tree.nodes[idx];
    node.w = w;
    node.h = h;
}

/// In a wrapper (`p1_tree::wrap`: a row of internet markers above the box holding their
/// gateways), move each marker over its gateway so the stub between them is one straight line,
/// and sit the markers on the holder's top border: with no gap between them, no edge can run
/// between a marker and its VPC and cross the stub. Returns the wrapper's right and bottom.
fn centre_markers(tree: &mut Tree, wrapper: usize) -> (f64, f64) {
    let bands = &tree.nodes[wrapper].bands;
    let (Some(markers), Some(&holder)) = (
        bands.first().map(|b| b.children.clone()),
        bands.get(1).and_then(|b| b.children.first()),
    ) else {
        return (0.0, 0.0);
    };
    let markers_h = max(markers.iter().map(|&m| tree.nodes[m].h));
    tree.nodes[holder].ry = markers_h;
    let holder_node = &tree.nodes[holder];
    let (hx, holder_w) = (holder_node.rx, holder_node.w);
    // The gateways: the holder itself (a detached gateway), or its strip's children.
    let gateways: Vec<(String, f64, f64)> =
        std::iter::once((holder_node.id.clone(), 0.0, holder_w))
            .chain(holder_node.bands.first().into_iter().flat_map(|band| {
                band.children.iter().map(|&c| {
                    let g = &tree.nodes[c];
                    (g.id.clone(), g.rx, g.w)
                })
            }))
            .collect();
    let mut right: f64 = 0.0;
    for marker in markers {
        let node = &tree.nodes[marker];
        let gateway = node.id.strip_prefix("internet:").unwrap_or_default();
        let Some((_, gx, gw)) = gateways.iter().find(|(id, _, _)| id == gateway) else {
            continue;
        };
        let x = (hx + gx + (gw - node.w) / 2.0).max(0.0);
        let node = &mut tree.nodes[marker];
        (node.rx, node.ry) = (x, markers_h - node.h);
        right = right.max(x + node.w);
    }
    let holder_node = &tree.nodes[holder];
    (
        right.max(holder_node.rx + holder_node.w),
        holder_node.ry + holder_node.h,
    )
}

/// Pinned children go where pinned (kept clear of the title and padding); earlier pins win over
/// later ones that overlap them. Then each flowed child, in flow order, moves right (rows and
/// shelves) or down (columns) past whatever settled box it meets, so nothing overlaps and the
/// flow keeps its order.
fn settle(tree: &mut Tree, idx: usize, pad: f64, top: f64, flowed: &[(usize, Dir)]) {
    let pinned: Vec<(usize, Dir)> = tree.nodes[idx]
        .bands
        .iter()
        .flat_map(|band| band.children.iter().map(move |&c| (c, band.dir)))
        .filter(|&(c, _)| tree.nodes[c].pin.is_some())
        .collect();
    if pinned.is_empty() {
        return;
    }
    let mut settled: Vec<Rect> = Vec::new();
    for &(child, dir) in &pinned {
        // A wrapper's pin is one child's (`TreeNode::pin_child`): offset by where it sits.
        let (ox, oy) = tree.nodes[child]
            .pin_child
            .map_or((0.0, 0.0), |c| (tree.nodes[c].rx, tree.nodes[c].ry));
        let node = &mut tree.nodes[child];
        let (px, py) = node.pin.unwrap_or_default();
        (node.rx, node.ry) = if node.pin_child.is_some() {
            // The markers above a pinned VPC may reach into the title, not past the border.
            ((px.max(pad) - ox).max(2.0), (py.max(top) - oy).max(2.0))
        } else {
            (px.max(pad), py.max(top))
        };
        let rect = clear_of(rect_of(node), &settled, 0.0, dir);
        (node.rx, node.ry) = (rect.x, rect.y);
        settled.push(rect);
    }
    for &(child, dir) in flowed {
        let node = &mut tree.nodes[child];
        let rect = clear_of(rect_of(node), &settled, GAP, dir);
        (node.rx, node.ry) = (rect.x, rect.y);
        settled.push(rect);
    }
}

fn rect_of(node: &super::p1_tree::TreeNode) -> Rect {
    Rect {
        x: node.rx,
        y: node.ry,
        w: node.w,
        h: node.h,
    }
}

/// Move `rect` right (or down, in a column) until it keeps `gap` from every settled box. Each
/// move passes one obstacle's far side, so this ends after at most one move per obstacle.
pub fn clear_of(mut rect: Rect, settled: &[Rect], gap: f64, dir: Dir) -> Rect {
    for _ in 0..=settled.len() {
        let hit = settled.iter().find(|other| {
            rect.overlaps(&Rect {
                x: other.x - gap,
                y: other.y - gap,
                w: other.w + 2.0 * gap,
                h: other.h + 2.0 * gap,
            })
        });
        let Some(other) = hit else { break };
        match dir {
            Dir::Column => rect.y = other.bottom() + gap,
            Dir::Row | Dir::Shelf => rect.x = other.right() + gap,
        }
    }
    rect
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

/// How many children a shelf row holds. It depends on the count alone, never on sizes, so
/// appending a child to a shelf leaves every earlier child where it was (and the shelf's width
/// too, unless the last row becomes the widest): that is what keeps a diagram still while the
/// user edits it. About √(n/3) per row suits VPCs (twice as wide as tall) and instances alike,
/// and keeps the first three stacked (a third VPC does not reflow a region of two);
/// regions sit side by side up to three, then in a square-ish grid.
pub fn shelf_columns(n: usize, regions: bool) -> usize {
    let columns = if regions && n <= 3 {
        n
    } else if regions {
        (n as f64).sqrt().ceil() as usize
    } else {
        (n as f64 / 3.0).sqrt().ceil() as usize
    };
    columns.max(1)
}

/// Break children into rows of `columns`: returns (width, height, row starts).
pub fn shelf(sizes: &[(f64, f64)], columns: usize) -> (f64, f64, Vec<usize>) {
    let columns = columns.max(1);
    let (mut total_w, mut total_h) = (0.0f64, 0.0f64);
    let mut breaks = Vec::new();
    for (row_idx, row) in sizes.chunks(columns).enumerate() {
        if row_idx > 0 {
            breaks.push(row_idx * columns);
            total_h += GAP;
        }
        total_w = total_w.max(sum_with_gaps(row.iter().map(|s| s.0), GAP));
        total_h += max(row.iter().map(|s| s.1));
    }
    (total_w, total_h, breaks)
}

#[cfg(test)]
mod tests {
    use super::super::geom::Rect;
    use super::super::p1_tree::Dir;
    use super::{clear_of, shelf, GAP};

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn a_box_steps_right_in_a_row_and_down_in_a_column_past_every_obstacle() {
        let settled = [rect(0.0, 0.0, 100.0, 50.0), rect(116.0, 0.0, 100.0, 50.0)];
        let moved = clear_of(rect(10.0, 10.0, 50.0, 20.0), &settled, GAP, Dir::Row);
        assert_eq!((moved.x, moved.y), (216.0 + GAP, 10.0));
        let moved = clear_of(rect(10.0, 10.0, 50.0, 20.0), &settled, GAP, Dir::Column);
        assert_eq!((moved.x, moved.y), (10.0, 50.0 + GAP));
        // Already clear: no move.
        let clear = rect(0.0, 100.0, 50.0, 20.0);
        assert_eq!(clear_of(clear, &settled, GAP, Dir::Row), clear);
    }

    #[test]
    fn shelf_wraps_many_equal_boxes_into_a_wide_block() {
        let sizes = vec![(200.0, 100.0); 16];
        let (w, h, breaks) = shelf(&sizes, super::shelf_columns(16, false));
        assert!(!breaks.is_empty());
        assert!(w / h > 0.5 && w / h < 2.0, "{w} x {h}");
    }

    #[test]
    fn one_box_is_its_own_size() {
        assert_eq!(shelf(&[(50.0, 20.0)], 1), (50.0, 20.0, vec![]));
    }

    #[test]
    fn appending_to_a_shelf_keeps_earlier_row_breaks() {
        let sizes = vec![(300.0, 120.0); 40];
        for n in 2..40 {
            let (k, k_next) = (
                super::shelf_columns(n, false),
                super::shelf_columns(n + 1, false),
            );
            if k == k_next {
                let (_, _, before) = shelf(&sizes[..n], k);
                let (_, _, after) = shelf(&sizes[..n + 1], k_next);
                assert!(after.starts_with(&before), "{n}: {before:?} then {after:?}");
            }
        }
        assert_eq!(super::shelf_columns(2, true), 2);
        assert_eq!(super::shelf_columns(4, true), 2);
    }
}
