//! Phase 2, second step: reorder siblings to shorten and uncross the edges between them.
//!
//! A layer sweep with barycenters, where the layers are the rows a shelf (or row) band will
//! wrap into: phase 3 breaks a shelf into rows of `p3_size::shelf_columns(n)` children, so the
//! slot of every child — row and column — is known from its index alone, before any size is.
//! Only the edges whose two ends meet under one container count for its band (an edge between
//! two VPCs counts for their region; a cross-region peering for neither region), so an edit in one
//! region cannot reorder another. Each sweep visits the rows top to bottom and back, and sorts
//! the movable children of a row by the mean column of their neighbours; a sweep's order is kept
//! only when it shortens the band's edges (the sum of column distances) — an unchanged document
//! that is already good keeps its order, which in an editor is worth more than one fewer crossing.
//!
//! Fixed in their slots: children with no edge inside the band (so appending an unconnected VPC
//! moves nothing), children the user ordered (`LayoutHints.order`, placed by `p2_order`), and
//! pinned children (out of the flow altogether). Column bands are left alone: public subnets stay
//! above private ones.
//!
//! Pre:  the tree of phase 1, hints applied (`p2_order`).
//! Post: each band's `children` is a permutation of what it was; nothing is sized or placed.

use super::p1_tree::{hint_key, Dir, Tree};
use super::p3_size::shelf_columns;
use std::collections::{BTreeMap, BTreeSet};

/// Sweeps per band (each one down and up the rows); most bands settle in two.
const SWEEPS: usize = 4;
/// One estimated crossing weighs as much as this many columns of edge length.
const CROSSING: usize = 4;

/// Reorder the children of every drawn container's row and shelf bands.
pub fn run(tree: &mut Tree, order: &[String]) {
    let hinted: BTreeSet<&str> = order.iter().map(String::as_str).collect();
    let index: BTreeMap<&str, usize> = tree
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    // For every edge whose ends meet under a drawn container: the two children of that container
    // holding the ends.
    let mut pairs: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for edge in &tree.edges {
        let (Some(&s), Some(&t)) = (
            index.get(edge.source.as_str()),
            index.get(edge.target.as_str()),
        ) else {
            continue;
        };
        if let Some((container, a, b)) = meeting(tree, s, t) {
            pairs.entry(container).or_default().push((a, b));
        }
    }
    for (container, links) in pairs {
        if tree.nodes[container].kind.is_none() {
            continue;
        }
        for band_idx in 0..tree.nodes[container].bands.len() {
            let band = &tree.nodes[container].bands[band_idx];
            if band.dir == Dir::Column {
                continue;
            }
            let flowed: Vec<usize> = band
                .children
                .iter()
                .copied()
                .filter(|&c| tree.nodes[c].pin.is_none())
                .collect();
            let columns = match band.dir {
                Dir::Shelf => shelf_columns(flowed.len(), false),
                _ => flowed.len(),
            };
            let fixed: Vec<bool> = flowed
                .iter()
                .map(|&c| hinted.contains(hint_key(&tree.nodes[c].id)))
                .collect();
            let slot_of: BTreeMap<usize, usize> =
                flowed.iter().enumerate().map(|(i, &c)| (c, i)).collect();
            let local: Vec<(usize, usize)> = links
                .iter()
                .filter_map(|(a, b)| Some((*slot_of.get(a)?, *slot_of.get(b)?)))
                .collect();
            let Some(new_order) = sweep(flowed.len(), columns, &local, &fixed) else {
                continue;
            };
            let reordered: Vec<usize> = new_order.iter().map(|&i| flowed[i]).collect();
            // Write the flowed children back into their places among the pinned ones.
            let band = &mut tree.nodes[container].bands[band_idx];
            let mut next = reordered.into_iter();
            for child in band.children.iter_mut() {
                if slot_of.contains_key(child) {
                    if let Some(c) = next.next() {
                        *child = c;
                    }
                }
            }
        }
    }
}

/// The container under which the two ends meet, and its two children that hold them (none when
/// one end contains the other).
fn meeting(tree: &Tree, s: usize, t: usize) -> Option<(usize, usize, usize)> {
    let chain = |mut at: usize| {
        let mut out = vec![at];
        while let Some(parent) = tree.nodes[at].parent {
            out.push(parent);
            at = parent;
        }
        out
    };
    let (chain_s, chain_t) = (chain(s), chain(t));
    let on_t: BTreeSet<usize> = chain_t.iter().copied().collect();
    let lca_pos = chain_s.iter().position(|n| on_t.contains(n))?;
    let lca = chain_s[lca_pos];
    let lca_pos_t = chain_t.iter().position(|&n| n == lca)?;
    if lca_pos == 0 || lca_pos_t == 0 {
        return None;
    }
    // Below a region these are VPCs or the wrappers holding them with their internet markers:
    // either way, what sits in the region's band.
    Some((lca, chain_s[lca_pos - 1], chain_t[lca_pos_t - 1]))
}

/// How bad an order is (`order[slot] = item`): the links' estimated crossings — two links
/// between the same pair of rows whose columns come in opposite orders — weighted above the
/// sum of their column distances.
fn spread(order: &[usize], columns: usize, links: &[(usize, usize)]) -> usize {
    let mut slot = vec![0; order.len()];
    for (s, &item) in order.iter().enumerate() {
        slot[item] = s;
    }
    // (upper row, lower row, column at the upper end, column at the lower end)
    let mut placed: Vec<(usize, usize, usize, usize)> = links
        .iter()
        .map(|&(a, b)| {
            let (sa, sb) = if slot[a] <= slot[b] {
                (slot[a], slot[b])
            } else {
                (slot[b], slot[a])
            };
            (sa / columns, sb / columns, sa % columns, sb % columns)
        })
        .collect();
    let length: usize = placed.iter().map(|l| l.2.abs_diff(l.3)).sum();
    crate::sort::sort(&mut placed);
    let mut crossings = 0;
    for group in placed.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        for (i, x) in group.iter().enumerate() {
            for y in &group[i + 1..] {
                let (dx, dy) = (x.2 as isize - y.2 as isize, x.3 as isize - y.3 as isize);
                if dx * dy < 0 {
                    crossings += 1;
                }
            }
        }
    }
    CROSSING * crossings + length
}

/// Barycenter sweeps over `n` items laid out `columns` to a row. Returns the new order
/// (`order[slot] = item`) when it shortens the links, `None` to keep the current one.
fn sweep(n: usize, columns: usize, links: &[(usize, usize)], fixed: &[bool]) -> Option<Vec<usize>> {
    if n < 2 || columns < 2 || links.is_empty() {
        return None;
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in links {
        if a != b {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    let movable: Vec<bool> = (0..n)
        .map(|i| !fixed[i] && !neighbours[i].is_empty())
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    let initial = spread(&order, columns, links);
    let (mut best, mut best_order) = (initial, None);
    let rows = n.div_ceil(columns);
    for _ in 0..SWEEPS {
        // Down the rows, each ordered by its neighbours in the rows above (already swept); then
        // up, by the rows below. A child with no neighbour that way goes by all of them.
        let row_sequence = (0..rows)
            .map(|r| (r, true))
            .chain((0..rows).rev().map(|r| (r, false)));
        for (row, down) in row_sequence {
            let mut slot = vec![0; n];
            for (s, &item) in order.iter().enumerate() {
                slot[item] = s;
            }
            let slots: Vec<usize> = (row * columns..((row + 1) * columns).min(n))
                .filter(|&s| movable[order[s]])
                .collect();
            if slots.len() < 2 {
                continue;
            }
            let mean_column = |members: &mut dyn Iterator<Item = usize>| {
                let (mut total, mut count) = (0.0, 0usize);
                for m in members {
                    total += (slot[m] % columns) as f64;
                    count += 1;
                }
                (count > 0).then(|| total / count as f64)
            };
            let mut keyed: Vec<(f64, usize, usize)> = slots
                .iter()
                .map(|&s| {
                    let item = order[s];
                    let all = &neighbours[item];
                    let swept = mean_column(&mut all.iter().copied().filter(|&m| {
                        let other_row = slot[m] / columns;
                        if down {
                            other_row < row
                        } else {
                            other_row > row
                        }
                    }));
                    let mean = swept
                        .or_else(|| mean_column(&mut all.iter().copied()))
                        .unwrap_or((s % columns) as f64);
                    (mean, s, item)
                })
                .collect();
            crate::sort::sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for (&s, &(_, _, item)) in slots.iter().zip(&keyed) {
                order[s] = item;
            }
        }
        let now = spread(&order, columns, links);
        if now < best {
            best = now;
            best_order = Some(order.clone());
        } else {
            break;
        }
    }
    best_order
}

#[cfg(test)]
mod tests {
    use super::{spread, sweep};

    #[test]
    fn a_chain_that_wraps_a_row_is_folded_back() {
        // 0-1-2 | 3-4-5 in rows of three: the link 2-3 spans the whole width; the sweep turns
        // the second row round (a serpentine) so every link is at most one column long.
        let links = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)];
        let order = sweep(6, 3, &links, &[false; 6]).unwrap_or_default();
        assert_eq!(order.len(), 6);
        assert!(spread(&order, 3, &links) < spread(&[0, 1, 2, 3, 4, 5], 3, &links));
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 1, 2, 3, 4, 5], "a permutation");
    }

    #[test]
    fn a_band_already_at_its_best_keeps_its_order() {
        let links = [(0, 1), (1, 2), (3, 4)];
        assert_eq!(sweep(5, 5, &links, &[false; 5]), None);
    }

    #[test]
    fn unconnected_and_fixed_children_keep_their_slots() {
        // 0 and 5 are linked across the row; 1..4 are unconnected, 2 is also fixed.
        let links = [(0, 5), (3, 6), (4, 0)];
        let mut fixed = [false; 7];
        fixed[2] = true;
        if let Some(order) = sweep(7, 4, &links, &fixed) {
            assert_eq!(order[1], 1);
            assert_eq!(order[2], 2);
        }
    }

    #[test]
    fn no_links_no_change() {
        assert_eq!(sweep(9, 3, &[], &[false; 9]), None);
        assert_eq!(sweep(1, 1, &[(0, 0)], &[false]), None);
    }
}
