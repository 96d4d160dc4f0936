//! Phase 2, second step: reorder siblings to shorten and uncross the edges between them.
//!
//! A layer sweep with barycenters, where the layers are the rows a shelf (or row) band will
//! wrap into: phase 3 breaks a shelf into rows of `p3_size::shelf_columns(n)` children, so the
//! slot of every child — row and column — is known from its index alone, before any size is.
//! Only the edges whose two ends meet under one container count for its band (an edge between
//! two VPCs counts for their region; a cross-region peering for neither region), so an edit in one
//! region cannot reorder another. The sweeps start twice: from the current order and from its
//! serpentine (every other row turned round, so a chain in document order folds back at a row's
//! end). Each sweep visits the rows top to bottom and back, and sorts the movable children of a
//! row by the mean column of their neighbours. An order is kept only when it is cheaper by
//! `spread`, an estimate of the router's crossings and the links' lengths on the slot grid — an
//! unchanged document that is already good keeps its order, which in an editor is worth more
//! than one fewer crossing.
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

/// How bad an order is (`order[slot] = item`): the links' estimated crossings, weighted above
/// the sum of their lengths in slots (rows + columns apart).
///
/// The estimate routes every link the way phase 5 does between the boxes of a shelf, on a grid
/// of gaps: two neighbours in a row meet through the gap between them; two boxes in one row
/// through the row gap above it; boxes in adjacent rows through the row gap between those rows;
/// boxes farther apart down the column gap beside the upper end, with a run in the row gap at
/// each end. Runs in one row gap take their lanes in the order that crosses least (a link's stub
/// into a box crosses every run in a lane between it and that box); a run down a column gap
/// crosses the runs it passes in row gaps and the neighbour links in that column gap.
/// The old estimate (links between one pair of rows whose columns come in opposite orders) took
/// nested runs for crossings and interleaved ones for clear, and so preferred orders that the
/// router drew with twice the crossings.
fn spread(order: &[usize], columns: usize, links: &[(usize, usize)]) -> usize {
    let mut slot = vec![0; order.len()];
    for (s, &item) in order.iter().enumerate() {
        slot[item] = s;
    }
    let mut grid = Grid::new(order.len().div_ceil(columns), columns);
    let mut length = 0;
    for &(a, b) in links {
        let (sa, sb) = (slot[a].min(slot[b]), slot[a].max(slot[b]));
        let (r1, c1, r2, c2) = (sa / columns, sa % columns, sb / columns, sb % columns);
        length += (r2 - r1) + c1.abs_diff(c2);
        grid.add(r1, c1, r2, c2);
    }
    CROSSING * grid.crossings() + length
}

/// One link's run along a row gap, in half-columns (column `c`'s centre is `2c + 1`, the gap
/// right of it `2c + 2`) so that centres and gaps are both integers.
struct Run {
    from: usize,
    to: usize,
    /// The link's stubs from this run into a box: (half-column, whether the box is above).
    stubs: [(usize, bool); 2],
    stub_count: usize,
}

/// A link's run down a column gap (`x` in half-columns) between two row gaps.
struct Drop {
    x: usize,
    from_gap: usize,
    to_gap: usize,
}

/// The modelled routes of a band's links: runs by row gap (gap `g` above row `g`), drops, and
/// how many neighbour links pass each gap between two columns of a row. Vecs by index, not maps:
/// the viewer's WASM pays for every map type.
struct Grid {
    runs: Vec<Vec<Run>>,
    drops: Vec<Drop>,
    /// By `row * width + half-column`.
    neighbours: Vec<usize>,
    width: usize,
}

impl Grid {
    fn new(rows: usize, columns: usize) -> Self {
        let width = 2 * columns + 1;
        Grid {
            runs: (0..=rows).map(|_| Vec::new()).collect(),
            drops: Vec::new(),
            neighbours: vec![0; rows * width],
            width,
        }
    }

    /// A link between (row `r1`, column `c1`) and (`r2`, `c2`), `r1 <= r2`. Row gap `g` lies above
    /// row `g`.
    fn add(&mut self, r1: usize, c1: usize, r2: usize, c2: usize) {
        let (x1, x2) = (2 * c1 + 1, 2 * c2 + 1);
        let mut run = |gap: usize, a: usize, b: usize, stubs: &[(usize, bool)]| {
            let mut fixed = [(0, false); 2];
            for (slot, stub) in fixed.iter_mut().zip(stubs) {
                *slot = *stub;
            }
            let Some(runs) = self.runs.get_mut(gap) else {
                return;
            };
            runs.push(Run {
                from: a.min(b),
                to: a.max(b),
                stubs: fixed,
                stub_count: stubs.len().min(2),
            });
        };
        if r1 == r2 {
            if c1.abs_diff(c2) == 1 {
                if let Some(count) = self.neighbours.get_mut(r1 * self.width + x1.min(x2) + 1) {
                    *count += 1;
                }
            } else {
                // Over the top of the row: both stubs go down into their boxes.
                run(r1, x1, x2, &[(x1, false), (x2, false)]);
            }
        } else if r2 == r1 + 1 {
            run(r2, x1, x2, &[(x1, true), (x2, false)]);
        } else {
            // Down the column gap beside the upper end, on the side of the lower one.
            let x = if c2 > c1 { x1 + 1 } else { x1 - 1 };
            run(r1 + 1, x1, x, &[(x1, true)]);
            run(r2, x2, x, &[(x2, false)]);
            self.drops.push(Drop {
                x,
                from_gap: r1 + 1,
                to_gap: r2,
            });
        }
    }

    fn crossings(&self) -> usize {
        let inside = |x: usize, run: &Run| x > run.from && x < run.to;
        // A stub of `b` crosses `a` when `a` lies between `b`'s run and the box the stub enters.
        let stubs_across = |upper: &Run, lower: &Run| {
            let up = lower.stubs[..lower.stub_count]
                .iter()
                .filter(|&&(x, above)| above && inside(x, upper))
                .count();
            let down = upper.stubs[..upper.stub_count]
                .iter()
                .filter(|&&(x, above)| !above && inside(x, lower))
                .count();
            up + down
        };
        let mut total = 0;
        for runs in &self.runs {
            for (i, a) in runs.iter().enumerate() {
                for b in &runs[i + 1..] {
                    if a.to <= b.from || b.to <= a.from {
                        continue;
                    }
                    total += stubs_across(a, b).min(stubs_across(b, a));
                }
            }
        }
        for drop in &self.drops {
            for gap in drop.from_gap + 1..drop.to_gap {
                if let Some(runs) = self.runs.get(gap) {
                    total += runs.iter().filter(|run| inside(drop.x, run)).count();
                }
            }
            for row in drop.from_gap..drop.to_gap {
                total += self
                    .neighbours
                    .get(row * self.width + drop.x)
                    .copied()
                    .unwrap_or(0);
            }
        }
        total
    }
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
    let identity: Vec<usize> = (0..n).collect();
    let initial = spread(&identity, columns, links);
    // Two starts: the current order, and the same with every other row turned round, so that a
    // chain in document order (VPC 1 peers with 2, 2 with 3, …) folds back at the end of each
    // row instead of crossing the whole shelf to start the next one. The sweeps then improve on
    // each, and the best of all wins.
    let serpentine = serpentine(&identity, columns, &movable);
    let mut best = (initial, None);
    for start in [identity, serpentine] {
        let (cost, order) = descend(start, columns, links, &neighbours, &movable);
        if cost < best.0 {
            best = (cost, Some(order));
        }
    }
    best.1
}

/// `order` with the movable items of every odd row in reverse, each in a movable item's slot.
fn serpentine(order: &[usize], columns: usize, movable: &[bool]) -> Vec<usize> {
    let mut out = order.to_vec();
    for (row, chunk) in out.chunks_mut(columns).enumerate() {
        if row % 2 == 0 {
            continue;
        }
        let slots: Vec<usize> = (0..chunk.len()).filter(|&s| movable[chunk[s]]).collect();
        let items: Vec<usize> = slots.iter().map(|&s| chunk[s]).collect();
        for (&s, &item) in slots.iter().zip(items.iter().rev()) {
            chunk[s] = item;
        }
    }
    out
}

/// Barycenter sweeps from `order`: the cheapest order met (the start included) and its cost.
fn descend(
    mut order: Vec<usize>,
    columns: usize,
    links: &[(usize, usize)],
    neighbours: &[Vec<usize>],
    movable: &[bool],
) -> (usize, Vec<usize>) {
    let n = order.len();
    let mut best = (spread(&order, columns, links), order.clone());
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
        if now < best.0 {
            best = (now, order.clone());
        } else {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::{serpentine, spread, sweep, CROSSING};

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
    fn nested_runs_over_a_row_are_clear_and_interleaved_ones_cross() {
        let identity = [0, 1, 2, 3];
        // Lengths 3 + 1, no crossing: the inner run takes the lane nearer the boxes.
        assert_eq!(spread(&identity, 4, &[(0, 3), (1, 2)]), 4);
        // Lengths 2 + 2 and one crossing, whichever lane each takes.
        assert_eq!(spread(&identity, 4, &[(0, 2), (1, 3)]), CROSSING + 4);
    }

    #[test]
    fn a_run_between_rows_crosses_a_straight_link_it_passes() {
        // Rows of three: 0 → 5 turns along the gap under the first row past 1 → 4, which goes
        // straight down.
        let identity = [0, 1, 2, 3, 4, 5];
        assert_eq!(spread(&identity, 3, &[(0, 5), (1, 4)]), CROSSING + 4);
        assert_eq!(spread(&identity, 3, &[(0, 3), (1, 4)]), 2);
    }

    #[test]
    fn a_link_down_a_column_gap_crosses_the_neighbours_it_passes() {
        // Rows of two: 0 (row 0) → 5 (row 2) runs down the gap between the columns, through the
        // link between the neighbours 2 and 3 in row 1.
        let identity = [0, 1, 2, 3, 4, 5];
        assert_eq!(spread(&identity, 2, &[(0, 5), (2, 3)]), CROSSING + 4);
        assert_eq!(spread(&identity, 2, &[(0, 5)]), 3);
    }

    #[test]
    fn a_chain_in_document_order_folds_back_at_the_end_of_each_row() {
        // 0-1-…-8 in rows of three: in reading order each row's last item links to the next
        // row's first, across the shelf; the serpentine start keeps every link between
        // neighbours.
        let links: Vec<(usize, usize)> = (0..8).map(|i| (i, i + 1)).collect();
        let order = sweep(9, 3, &links, &[false; 9]).unwrap_or_default();
        assert_eq!(order, [0, 1, 2, 5, 4, 3, 6, 7, 8]);
        assert_eq!(spread(&order, 3, &links), 8);
    }

    #[test]
    fn the_serpentine_turns_only_movable_items() {
        let movable = [true, true, true, true, false, true, true];
        assert_eq!(
            serpentine(&[0, 1, 2, 3, 4, 5, 6], 3, &movable),
            [0, 1, 2, 5, 4, 3, 6]
        );
        let movable = [true, true, true, true, true, false, true];
        assert_eq!(
            serpentine(&[0, 1, 2, 3, 4, 5, 6], 3, &movable),
            [0, 1, 2, 4, 3, 5, 6]
        );
    }

    #[test]
    fn no_links_no_change() {
        assert_eq!(sweep(9, 3, &[], &[false; 9]), None);
        assert_eq!(sweep(1, 1, &[(0, 0)], &[false]), None);
    }
}
