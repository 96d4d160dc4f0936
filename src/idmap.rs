//! `IdMap`: a lookup table keyed by resource id, for indexes that are only ever asked "what is
//! this id", never walked.
//!
//! Validation follows ids from routes, attachments and associations hundreds of thousands of
//! times per run; in a `BTreeMap<&str, _>` each lookup costs a dozen string comparisons over
//! ids that share long prefixes (`subnet-…`, `rtb-…`), which was a third of the run time at 1000
//! VPCs. A hash map answers in one pass over the key. It has no iteration on purpose: hash
//! order must never reach output, and without `iter` it cannot. The hash is fixed (no random
//! seed), so the same input does the same work on every run and in WASM, and it takes ids eight
//! bytes at a time: byte-at-a-time FNV-1a was 12% of a validation run at 1000 VPCs, spent on
//! the 21–24 bytes of each `subnet-0…` id.

use std::collections::hash_map::{Entry, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// A folded-multiply hash over 8-byte words (each word is mixed by the high and low halves of
/// a 64×64→128-bit product, as foldhash and wyhash do): a difference anywhere in a word reaches
/// every bit. Not collision-resistant (neither was the FNV-1a it replaced): ids crafted to
/// collide make their own document slow to validate, never wrong, within the input limits.
#[derive(Clone, Copy, Default)]
pub(crate) struct IdHash(u64);

const MULTIPLIER: u64 = 0xf135_7aea_2e62_a9c5;

impl IdHash {
    fn add(&mut self, word: u64) {
        let product = u128::from(self.0 ^ word) * u128::from(MULTIPLIER);
        // Truncations on purpose: the two halves of the product.
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for IdHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut le = [0u8; 8];
            le.copy_from_slice(word);
            self.add(u64::from_le_bytes(le));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut le = [0u8; 8];
            le[..rest.len()].copy_from_slice(rest);
            // The length tells "ab" from "ab\0".
            self.add(u64::from_le_bytes(le) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }
}

/// Values by id; see the module doc for why it cannot be iterated.
pub(crate) struct IdMap<'a, V> {
    map: HashMap<&'a str, V, BuildHasherDefault<IdHash>>,
}

impl<V> Default for IdMap<'_, V> {
    fn default() -> Self {
        IdMap {
            map: HashMap::default(),
        }
    }
}

impl<'a, V> IdMap<'a, V> {
    pub(crate) fn new() -> Self {
        Self::default()
    }
    /// Room for `n` ids without growing: building a table of every subnet spent as long
    /// rehashing as inserting.
    pub(crate) fn with_capacity(n: usize) -> Self {
        IdMap {
            map: HashMap::with_capacity_and_hasher(n, BuildHasherDefault::default()),
        }
    }
    pub(crate) fn get(&self, id: &str) -> Option<&V> {
        self.map.get(id)
    }
    pub(crate) fn contains_key(&self, id: &str) -> bool {
        self.map.contains_key(id)
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub(crate) fn insert(&mut self, id: &'a str, value: V) -> Option<V> {
        self.map.insert(id, value)
    }
    pub(crate) fn entry(&mut self, id: &'a str) -> Entry<'_, &'a str, V> {
        self.map.entry(id)
    }
    /// Every value, for in-place changes whose result does not depend on the visiting order
    /// (sorting each list, say).
    pub(crate) fn for_each_value_mut(&mut self, f: impl FnMut(&mut V)) {
        self.map.values_mut().for_each(f);
    }
}

/// Items grouped by an id, the groups in the order their ids were first seen: a "by VPC" index
/// that can be walked (its order is the document's, never a hash's) and asked by id in one hash
/// lookup, where a `BTreeMap<&str, Vec<_>>` paid a dozen comparisons of long shared-prefix ids
/// per question. Each group keeps its items in insertion order.
pub(crate) struct IdGroups<'a, T> {
    index: IdMap<'a, usize>,
    groups: Vec<(&'a str, Vec<T>)>,
}

impl<T> Default for IdGroups<'_, T> {
    fn default() -> Self {
        IdGroups {
            index: IdMap::new(),
            groups: Vec::new(),
        }
    }
}

impl<'a, T> IdGroups<'a, T> {
    pub(crate) fn new() -> Self {
        Self::default()
    }
    pub(crate) fn push(&mut self, id: &'a str, item: T) {
        let next = self.groups.len();
        let at = *self.index.entry(id).or_insert(next);
        if at == next {
            self.groups.push((id, Vec::new()));
        }
        if let Some((_, items)) = self.groups.get_mut(at) {
            items.push(item);
        }
    }
    pub(crate) fn get(&self, id: &str) -> Option<&Vec<T>> {
        let at = *self.index.get(id)?;
        self.groups.get(at).map(|(_, items)| items)
    }
    /// The groups in first-seen order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'a str, &Vec<T>)> + '_ {
        self.groups.iter().map(|(id, items)| (*id, items))
    }
    pub(crate) fn for_each_group_mut(&mut self, f: impl FnMut(&mut Vec<T>)) {
        self.groups.iter_mut().map(|(_, items)| items).for_each(f);
    }
}

/// Later pairs replace earlier ones, as `BTreeMap::from_iter` does.
impl<'a, V> FromIterator<(&'a str, V)> for IdMap<'a, V> {
    fn from_iter<I: IntoIterator<Item = (&'a str, V)>>(items: I) -> Self {
        IdMap {
            map: items.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_inserts_and_keeps_the_first_entry_when_asked() {
        let mut map: IdMap<u32> = [("vpc-1", 1), ("vpc-2", 2), ("vpc-1", 3)]
            .into_iter()
            .collect();
        assert_eq!(map.get("vpc-1"), Some(&3));
        map.entry("vpc-2").or_insert(9);
        map.entry("vpc-3").or_insert(4);
        assert_eq!((map.get("vpc-2"), map.get("vpc-3")), (Some(&2), Some(&4)));
        assert!(map.contains_key("vpc-3") && !map.contains_key("vpc-4"));
        map.for_each_value_mut(|v| *v *= 10);
        assert_eq!(map.get("vpc-3"), Some(&40));
    }

    #[test]
    fn groups_keep_first_seen_order_and_insertion_order() {
        let mut groups: IdGroups<u32> = IdGroups::new();
        for (id, item) in [("vpc-b", 1), ("vpc-a", 2), ("vpc-b", 3)] {
            groups.push(id, item);
        }
        let walked: Vec<(&str, Vec<u32>)> = groups.iter().map(|(id, v)| (id, v.clone())).collect();
        assert_eq!(walked, [("vpc-b", vec![1, 3]), ("vpc-a", vec![2])]);
        assert_eq!(groups.get("vpc-b"), Some(&vec![1, 3]));
        assert!(groups.get("vpc-c").is_none());
        groups.for_each_group_mut(|v| v.reverse());
        assert_eq!(groups.get("vpc-b"), Some(&vec![3, 1]));
    }

    #[test]
    fn the_hash_is_fixed_and_tells_similar_ids_apart() {
        let hash = |s: &str| {
            let mut h = IdHash::default();
            h.write(s.as_bytes());
            h.finish()
        };
        // Fixed: no per-process seed, so a run does the same work natively and in WASM.
        assert_eq!(hash("subnet-0a1b2c3d"), hash("subnet-0a1b2c3d"));
        let ids = [
            "",
            "a",
            "ab",
            "ab\0",
            "subnet-1",
            "subnet-2",
            "subnet-10",
            "subnet-01",
            "subnet-0123456789abcdef0",
            "subnet-0123456789abcdef1",
            "rtb-0123456789abcdef0",
        ];
        let mut hashes: Vec<u64> = ids.iter().map(|id| hash(id)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), ids.len());
        // Sequential ids spread over both the bucket bits (low) and hashbrown's tag (top 7).
        let ids: Vec<String> = (0..256).map(|i| format!("subnet-{i:017x}")).collect();
        let tags: std::collections::BTreeSet<u64> = ids.iter().map(|id| hash(id) >> 57).collect();
        let buckets: std::collections::BTreeSet<u64> =
            ids.iter().map(|id| hash(id) & 255).collect();
        assert!(tags.len() > 100, "{} distinct tags", tags.len());
        assert!(buckets.len() > 140, "{} distinct buckets", buckets.len());
    }
}
