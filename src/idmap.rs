//! `IdMap`: a lookup table keyed by resource id, for indexes that are only ever asked "what is
//! this id", never walked.
//!
//! Validation follows ids from routes, attachments and associations hundreds of thousands of
//! times per run; in a `BTreeMap<&str, _>` each lookup costs a dozen string comparisons over
//! ids that share long prefixes (`subnet-…`, `rtb-…`), which was a third of the run time at 1000
//! VPCs. A hash map answers in one pass over the key. It has no iteration on purpose: hash
//! order must never reach output, and without `iter` it cannot. The hash is FNV-1a: fixed, so
//! the same input does the same work on every run and in WASM, and fast on short keys.

use std::collections::hash_map::{Entry, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over the bytes written.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Values by id; see the module doc for why it cannot be iterated.
pub(crate) struct IdMap<'a, V> {
    map: HashMap<&'a str, V, BuildHasherDefault<Fnv>>,
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
    fn the_hash_is_fnv_1a() {
        // Published FNV-1a 64-bit test vectors.
        let hash = |s: &str| {
            let mut h = Fnv::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }
}
