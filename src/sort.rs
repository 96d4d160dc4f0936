//! One stable sort for the whole crate, so the WASM carries one copy of it.
//!
//! Every `slice::sort_by` call site monomorphizes the standard library's driftsort for its element
//! and closure types, about 2 KB of WebAssembly each. These helpers sort a list of indices through
//! one non-generic function, then move the items into that order: the same stable result as
//! `sort_by`, with the sort itself compiled once. Only the small permutation step is per type.

use std::cmp::Ordering;

/// The stable order of `len` items under `cmp` (which compares items by index).
fn stable_order(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Stable sort by a comparator, as `slice::sort_by`.
///
/// Most lists the rules sort are short and already in order (ids listed as they were declared),
/// so an ordered list returns after one pass, and otherwise the items are moved into their
/// order in place by following the permutation's cycles: no allocation but the index list.
pub(crate) fn sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if items
        .windows(2)
        .all(|pair| !matches!(pair, [a, b] if cmp(a, b) == Ordering::Greater))
    {
        return;
    }
    let mut order = {
        let view: &[T] = items;
        stable_order(view.len(), &mut |a, b| match (view.get(a), view.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    // Item `order[i]` belongs at `i`. Walk each cycle once, swapping the item that belongs at
    // `slot` into it, and mark finished slots by pointing them at themselves.
    for start in 0..order.len() {
        let mut slot = start;
        loop {
            let from = order.get(slot).copied().unwrap_or(start);
            if let Some(done) = order.get_mut(slot) {
                *done = slot;
            }
            if from == start {
                break;
            }
            items.swap(slot, from);
            slot = from;
        }
    }
}

/// Stable sort by a key, as `slice::sort_by_key`.
pub(crate) fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Stable sort in `Ord` order, as `slice::sort` (equal items are interchangeable, so this also
/// stands in for `sort_unstable`).
pub(crate) fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_equal_items_in_order() {
        let mut seed = 7_u32;
        let mut items: Vec<(u32, usize)> = (0..500)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed % 17, i)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        sort_by_key(&mut items, |item| item.0);
        assert_eq!(items, expected);
        let mut words = vec!["b", "a", "c", "a"];
        sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
        let mut one = vec![1];
        sort_by(&mut one, |a: &i32, b| b.cmp(a));
        assert_eq!(one, [1]);
    }
}
