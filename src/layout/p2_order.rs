//! Phase 2 of 5: the order of siblings inside each band.
//!
//! The user's word comes first: ids listed in `LayoutHints.order` lead their band, in the listed
//! order; the others follow in the order phase 1 gave them (document order, public subnets above
//! private ones). The sort is stable, so a document without hints keeps phase 1's order exactly
//! and an edit elsewhere never reshuffles a band.
//!
//! Pre:  the tree of phase 1.
//! Post: each band's `children` is a permutation of what it was; nothing is sized or placed.

use super::p1_tree::{hint_key, Tree};
use std::collections::BTreeMap;

/// Put the listed ids first among their siblings, in the listed order.
pub fn run(tree: &mut Tree, order: &[String]) {
    if order.is_empty() {
        return;
    }
    // The first mention of an id wins, so a repeated id cannot move it twice.
    let mut rank: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, id) in order.iter().enumerate() {
        rank.entry(id.as_str()).or_insert(i);
    }
    let keys: Vec<usize> = tree
        .nodes
        .iter()
        .map(|node| rank.get(hint_key(&node.id)).copied().unwrap_or(usize::MAX))
        .collect();
    for node in &mut tree.nodes {
        for band in &mut node.bands {
            band.children.sort_by_key(|&child| keys[child]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::p1_tree;
    use crate::model::Topology;

    fn topo(order: &[&str]) -> Topology {
        let mut doc = serde_json::json!({
            "format": "vpcmap/1",
            "vpcs": [
                {"id": "vpc-a", "region": "r-1", "cidrs": ["10.0.0.0/16"]},
                {"id": "vpc-b", "region": "r-1", "cidrs": ["10.1.0.0/16"]},
                {"id": "vpc-c", "region": "r-1", "cidrs": ["10.2.0.0/16"]},
                {"id": "vpc-d", "region": "r-2", "cidrs": ["10.3.0.0/16"]}
            ]
        });
        doc["layout"] = serde_json::json!({ "order": order });
        crate::import::native::from_value("test", doc).unwrap_or_default()
    }

    fn band_ids(order: &[&str], parent: &str) -> Vec<String> {
        let mut tree = p1_tree::build(&topo(order));
        let order: Vec<String> = order.iter().map(|s| s.to_string()).collect();
        super::run(&mut tree, &order);
        let parent = tree.nodes.iter().find(|n| n.id == parent);
        parent
            .map(|p| {
                p.bands[0]
                    .children
                    .iter()
                    .map(|&c| tree.nodes[c].id.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn listed_ids_come_first_in_the_listed_order() {
        assert_eq!(
            band_ids(&["vpc-c", "vpc-b"], "region:r-1"),
            ["vpc-c", "vpc-b", "vpc-a"]
        );
    }

    #[test]
    fn no_hints_keep_document_order() {
        assert_eq!(band_ids(&[], "region:r-1"), ["vpc-a", "vpc-b", "vpc-c"]);
    }

    #[test]
    fn regions_go_by_their_name() {
        assert_eq!(
            band_ids(&["r-2"], "group:regions"),
            ["region:r-2", "region:r-1"]
        );
    }
}
