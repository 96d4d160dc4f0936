//! Free-block search, used in hints ("pick a CIDR that does not overlap, e.g. 10.7.0.0/16").
//!
//! The CIDR planner command (a later issue) will grow from this; for now it finds the first
//! aligned block of a given size inside a range that overlaps none of the document's VPC blocks,
//! peering-side blocks or on-premises ranges.

use crate::model::{Cidr4, Topology};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// Every IPv4 range the document already uses, as sorted, merged `[start, end]` intervals.
pub(crate) fn used_ranges(topo: &Topology) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for vpc in &topo.vpcs {
        ranges.extend(vpc.cidrs.iter().map(Cidr4::range));
        // Blocks being associated (or failed) are avoided too: suggesting one would only move
        // the conflict.
        ranges.extend(
            vpc.other_cidrs
                .iter()
                .filter_map(|association| association.cidr.v4())
                .map(|cidr| cidr.range()),
        );
    }
    for pcx in &topo.vpc_peering_connections {
        for side in [&pcx.requester, &pcx.accepter] {
            ranges.extend(side.cidrs.iter().map(Cidr4::range));
        }
    }
    for site in &topo.on_prem_networks {
        ranges.extend(site.cidrs.iter().filter_map(|c| c.v4()).map(|c| c.range()));
    }
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
    if prefix_len < within.prefix_len() || prefix_len > 32 {
        return None;
    }
    let size = 1u64 << (32 - u32::from(prefix_len));
    let mut candidate = u64::from(u32::from(within.network()));
    let last = u64::from(u32::from(within.broadcast()));
    while candidate + size - 1 <= last {
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
                let addr = Ipv4Addr::from(u32::try_from(candidate).ok()?);
                return Ipv4Net::new(addr, prefix_len).ok();
            }
        }
    }
    None
}

/// A free block of the same size as `like` inside 10.0.0.0/8, for hints; `used` comes from
/// [`used_ranges`].
pub(crate) fn suggest_like(used: &[(u32, u32)], like: &Cidr4) -> Option<Ipv4Net> {
    let within = Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), 8).ok()?;
    first_free_block(used, within, like.prefix_len().max(8))
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
    fn a_full_range_has_no_free_block() {
        let used = vec![(
            u32::from(Ipv4Addr::new(10, 0, 0, 0)),
            u32::from(Ipv4Addr::new(10, 255, 255, 255)),
        )];
        assert_eq!(first_free_block(&used, net("10.0.0.0/8"), 16), None);
    }
}
