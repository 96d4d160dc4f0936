//! Overlap detection by sorting and sweeping, never by comparing all pairs.
//!
//! A VPC with 200 subnets, or a document with thousands of VPC blocks, must validate in
//! milliseconds; sorting the intervals by start and sweeping keeps the cost at
//! O(n log n + number of overlapping pairs).

/// Every pair `(i, j)` (with `i < j` in input order) whose closed intervals `[start, end]` overlap.
/// Pairs come out sorted, so callers get a deterministic order.
pub(crate) fn overlapping_pairs<T: Ord + Copy>(intervals: &[(T, T)]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..intervals.len()).collect();
    crate::sort::sort_by_key(&mut order, |&i| (intervals[i].0, intervals[i].1, i));
    let mut active: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    for &i in &order {
        let (start, _) = intervals[i];
        // Drop intervals that ended before this one starts.
        active.retain(|&j| intervals[j].1 >= start);
        for &j in &active {
            pairs.push((i.min(j), i.max(j)));
        }
        active.push(i);
    }
    crate::sort::sort(&mut pairs);
    pairs
}

#[cfg(test)]
mod tests {
    use super::overlapping_pairs;

    #[test]
    fn finds_exactly_the_overlapping_pairs() {
        let intervals = [(10u32, 20u32), (30, 40), (15, 16), (40, 50), (0, 5)];
        assert_eq!(overlapping_pairs(&intervals), vec![(0, 2), (1, 3)]);
    }

    #[test]
    fn nested_and_identical_intervals_overlap() {
        let intervals = [(0u32, 100u32), (10, 20), (10, 20)];
        assert_eq!(overlapping_pairs(&intervals), vec![(0, 1), (0, 2), (1, 2)]);
    }

    #[test]
    fn disjoint_intervals_give_nothing() {
        let intervals: Vec<(u32, u32)> = (0..1000).map(|i| (i * 10, i * 10 + 9)).collect();
        assert!(overlapping_pairs(&intervals).is_empty());
    }
}
