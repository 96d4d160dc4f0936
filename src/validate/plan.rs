//! Free-block search: the CIDR planner (`vpcmap suggest-cidr`, `suggestCidr` in JS) and the
//! "e.g. 10.7.0.0/16" of overlap hints.
//!
//! A suggested block overlaps nothing the document routes to or might have to: every VPC block
//! (primary, secondary, and blocks still associating or failed — suggesting one would only move
//! the conflict), every peering side's blocks (a peer in another account), on-premises networks,
//! VPN static routes and Direct Connect gateway allowed prefixes. With a region, only that
//! region's VPCs and the VPCs peered with them are avoided, plus every hybrid range (on-premises
//! is reachable from every region): VPCs elsewhere that share no peering may reuse a block.
//! Intervals are merged and sorted once, then candidates jump past each blocking interval, so a
//! search costs O(used log used + blocks found), never a scan of the address space.

use crate::model::{Cidr4, Topology};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::net::Ipv4Addr;

/// The most blocks one query may ask for: the answer is meant for people and scripts, and a
/// bound keeps it small.
pub const MAX_COUNT: usize = 4096;

/// A `suggest-cidr` question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CidrQuery {
    /// The size of the blocks wanted, e.g. 16 for /16.
    pub prefix_len: u8,
    /// The range to search; 10.0.0.0/8 when absent.
    #[serde(default)]
    pub within: Option<Cidr4>,
    /// Only avoid this region's VPCs (and their peers), plus every hybrid range.
    #[serde(default)]
    pub region: Option<String>,
    /// How many blocks to return; 1 when absent.
    #[serde(default)]
    pub count: Option<usize>,
}

/// The answer: up to `count` free blocks, lowest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CidrSuggestion {
    pub prefix_len: u8,
    /// The range searched (canonical).
    pub within: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// How many blocks were asked for.
    pub count: usize,
    /// Free blocks, lowest address first; fewer than `count` when the range is full.
    pub blocks: Vec<String>,
}

/// A query that cannot be answered, with what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// The prefix length is over 32, or shorter than the range searched.
    PrefixLen { prefix_len: u8, within: Ipv4Net },
    /// `count` is 0 or over [`MAX_COUNT`].
    Count(usize),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::PrefixLen { prefix_len, within } if *prefix_len > 32 => write!(
                f,
                "prefix length: expected 0 to 32, found {prefix_len} (searching {within})"
            ),
            PlanError::PrefixLen { prefix_len, within } => write!(
                f,
                "prefix length: a /{prefix_len} does not fit in {within}; expected /{} or longer",
                within.prefix_len()
            ),
            PlanError::Count(count) => {
                write!(f, "count: expected 1 to {MAX_COUNT}, found {count}")
            }
        }
    }
}

impl std::error::Error for PlanError {}

fn ten_slash_8() -> Ipv4Net {
    Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), 8).unwrap_or_default()
}

/// Free blocks for a query, lowest first.
pub fn suggest_cidr(topo: &Topology, query: &CidrQuery) -> Result<CidrSuggestion, PlanError> {
    let within = query.within.map_or_else(ten_slash_8, |c| c.network());
    let count = query.count.unwrap_or(1);
    if query.prefix_len > 32 || query.prefix_len < within.prefix_len() {
        return Err(PlanError::PrefixLen {
            prefix_len: query.prefix_len,
            within,
        });
    }
    if count == 0 || count > MAX_COUNT {
        return Err(PlanError::Count(count));
    }
    let used = used_ranges_in(topo, query.region.as_deref());
    let blocks = free_blocks(&used, within, query.prefix_len, count);
    Ok(CidrSuggestion {
        prefix_len: query.prefix_len,
        within: within.to_string(),
        region: query.region.clone(),
        count,
        blocks: blocks.iter().map(Ipv4Net::to_string).collect(),
    })
}

/// Every IPv4 range the document already uses, as sorted, merged `[start, end]` intervals.
pub(crate) fn used_ranges(topo: &Topology) -> Vec<(u32, u32)> {
    used_ranges_in(topo, None)
}

/// The ranges to avoid: every VPC's when `region` is `None`, else those of the region's VPCs
/// and the VPCs peered with them; hybrid ranges always.
fn used_ranges_in(topo: &Topology, region: Option<&str>) -> Vec<(u32, u32)> {
    // The VPCs whose blocks count: all, or the region's plus their peers (either side).
    let selected: Option<BTreeSet<&str>> = region.map(|region| {
        let mut ids: BTreeSet<&str> = topo
            .vpcs
            .iter()
            .filter(|vpc| vpc.region == region)
            .map(|vpc| vpc.id.as_str())
            .collect();
        let peers: Vec<&str> = topo
            .vpc_peering_connections
            .iter()
            .filter_map(|pcx| {
                let (a, b) = (pcx.requester.vpc.as_str(), pcx.accepter.vpc.as_str());
                match (ids.contains(a), ids.contains(b)) {
                    (true, false) => Some(b),
                    (false, true) => Some(a),
                    _ => None,
                }
            })
            .collect();
        ids.extend(peers);
        ids
    });
    let counts = |vpc: &str| selected.as_ref().is_none_or(|ids| ids.contains(vpc));
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for vpc in topo.vpcs.iter().filter(|vpc| counts(vpc.id.as_str())) {
        ranges.extend(vpc.cidrs.iter().map(Cidr4::range));
        ranges.extend(
            vpc.other_cidrs
                .iter()
                .filter_map(|association| association.cidr.v4())
                .map(|cidr| cidr.range()),
        );
    }
    for pcx in &topo.vpc_peering_connections {
        for side in [&pcx.requester, &pcx.accepter] {
            if counts(side.vpc.as_str()) {
                ranges.extend(side.cidrs.iter().map(Cidr4::range));
            }
        }
    }
    let hybrid = topo
        .on_prem_networks
        .iter()
        .flat_map(|site| site.cidrs.iter())
        .chain(
            topo.vpn_connections
                .iter()
                .flat_map(|vpn| vpn.routes.iter().map(|route| &route.cidr)),
        )
        .chain(
            topo.dx_gateway_associations
                .iter()
                .flat_map(|association| association.allowed_prefixes.iter()),
        );
    ranges.extend(hybrid.filter_map(|c| c.v4()).map(|c| c.range()));
    crate::sort::sort(&mut ranges);
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1.saturating_add(1) => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The first block of `prefix_len` inside `within` that overlaps no used range.
pub(crate) fn first_free_block(
    used: &[(u32, u32)],
    within: Ipv4Net,
    prefix_len: u8,
) -> Option<Ipv4Net> {
    free_blocks(used, within, prefix_len, 1).into_iter().next()
}

/// Up to `count` aligned blocks of `prefix_len` inside `within`, lowest first, overlapping no
/// used range (`used` sorted and merged, as [`used_ranges`] gives it).
pub(crate) fn free_blocks(
    used: &[(u32, u32)],
    within: Ipv4Net,
    prefix_len: u8,
    count: usize,
) -> Vec<Ipv4Net> {
    let mut found = Vec::new();
    if prefix_len < within.prefix_len() || prefix_len > 32 {
        return found;
    }
    let size = 1u64 << (32 - u32::from(prefix_len));
    let mut candidate = u64::from(u32::from(within.network()));
    let last = u64::from(u32::from(within.broadcast()));
    while found.len() < count && candidate + size - 1 <= last {
        let end = candidate + size - 1;
        // The first used range that ends at or after the candidate's start.
        let idx = used.partition_point(|&(_, used_end)| u64::from(used_end) < candidate);
        match used.get(idx) {
            Some(&(used_start, used_end)) if u64::from(used_start) <= end => {
                // Jump past the blocking range, to the next aligned candidate.
                let next = u64::from(used_end) + 1;
                candidate = next.div_ceil(size) * size;
            }
            _ => {
                let block = u32::try_from(candidate)
                    .ok()
                    .and_then(|start| Ipv4Net::new(Ipv4Addr::from(start), prefix_len).ok());
                match block {
                    Some(block) => found.push(block),
                    None => break,
                }
                candidate += size;
            }
        }
    }
    found
}

/// A free block of the same size as `like` inside 10.0.0.0/8, for hints; `used` comes from
/// [`used_ranges`].
pub(crate) fn suggest_like(used: &[(u32, u32)], like: &Cidr4) -> Option<Ipv4Net> {
    first_free_block(used, ten_slash_8(), like.prefix_len().max(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn skips_used_blocks_and_stays_aligned() {
        let used = vec![
            (
                u32::from(Ipv4Addr::new(10, 0, 0, 0)),
                u32::from(Ipv4Addr::new(10, 1, 255, 255)),
            ),
            (
                u32::from(Ipv4Addr::new(10, 2, 128, 0)),
                u32::from(Ipv4Addr::new(10, 2, 128, 255)),
            ),
        ];
        assert_eq!(
            first_free_block(&used, net("10.0.0.0/8"), 16),
            Some(net("10.3.0.0/16"))
        );
        assert_eq!(
            first_free_block(&used, net("10.0.0.0/8"), 24),
            Some(net("10.2.0.0/24"))
        );
    }

    #[test]
    fn several_blocks_come_lowest_first_around_used_ranges() {
        let used = vec![(
            u32::from(Ipv4Addr::new(10, 1, 0, 0)),
            u32::from(Ipv4Addr::new(10, 1, 0, 0)),
        )];
        let blocks = free_blocks(&used, net("10.0.0.0/14"), 16, 5);
        assert_eq!(
            blocks,
            vec![net("10.0.0.0/16"), net("10.2.0.0/16"), net("10.3.0.0/16")]
        );
        // The last block of the whole address space does not overflow.
        assert_eq!(
            free_blocks(&[], net("255.255.255.0/24"), 25, 9),
            vec![net("255.255.255.0/25"), net("255.255.255.128/25")]
        );
    }

    #[test]
    fn a_full_range_has_no_free_block() {
        let used = vec![(
            u32::from(Ipv4Addr::new(10, 0, 0, 0)),
            u32::from(Ipv4Addr::new(10, 255, 255, 255)),
        )];
        assert_eq!(first_free_block(&used, net("10.0.0.0/8"), 16), None);
    }
}
