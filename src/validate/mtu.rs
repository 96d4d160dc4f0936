//! Rule family `mtu`: packet sizes along hybrid paths (catalog §1.12).
//!
//! Inside a VPC frames are up to 9001 bytes; an internet gateway carries 1500, a Site-to-Site
//! VPN 1446 (no jumbo frames, no Path MTU Discovery inside the tunnel), a Direct Connect VIF its
//! `mtu` (1500 unless jumbo). Static checks: a site whose paths have different MTUs (the largest
//! packet changes on failover), and ACLs that drop the ICMP "fragmentation needed" messages
//! Path MTU Discovery depends on. Per-flow warnings belong to traces.

use super::acl::{nacl_allows, Packet};
use super::context::Ctx;
use super::{Finding, Severity};
use crate::model::*;
use std::collections::BTreeMap;

/// The MTU of a Site-to-Site VPN tunnel.
pub(super) const VPN_MTU: u32 = 1446;

/// Every path to a site as `(MTU, resource id)`: its live VPN connections (1446) and its live
/// VIFs (their `mtu`, 1500 by default). Sorted by MTU, then id.
pub(super) fn site_paths(ctx: &Ctx, site: &OnPremNetwork) -> Vec<(u32, String)> {
    let mut paths: Vec<(u32, String)> = Vec::new();
    for cgw in &site.customer_gateways {
        for vpn in ctx
            .hybrid
            .vpns_by_cgw
            .get(cgw.as_str())
            .into_iter()
            .flatten()
        {
            paths.push((VPN_MTU, vpn.id.to_string()));
        }
    }
    for vif in &site.virtual_interfaces {
        if let Some(vif) = ctx.hybrid.vifs.get(vif.as_str()) {
            paths.push((vif.mtu.unwrap_or(1500), vif.id.to_string()));
        }
    }
    crate::sort::sort(&mut paths);
    paths.dedup();
    paths
}

/// ## What it checks
/// An on-premises site reached over paths with different MTUs — e.g. a jumbo Direct Connect VIF
/// (9001/8500) or a standard one (1500) with a Site-to-Site VPN (1446) as backup.
/// ## Why it matters
/// When traffic moves to the other path the largest packet changes; TCP adapts through MSS
/// clamping, but UDP or ICMP flows with the don't-fragment bit set are dropped without notice
/// on the VPN (no Path MTU Discovery there).
/// ## Fix
/// Size application packets for the smallest MTU (1446 with a VPN), or set the instances' MTU.
/// (Source: [EC2-mtu], [VPN-quotas], [DX-mtu].)
pub(super) fn mtu_path_reduction(ctx: &Ctx, out: &mut Vec<Finding>) {
    for site in &ctx.topo.on_prem_networks {
        let paths = site_paths(ctx, site);
        let (Some(smallest), Some(largest)) = (paths.first(), paths.last()) else {
            continue;
        };
        if smallest.0 == largest.0 {
            continue;
        }
        let mut resources = vec![site.id.to_string()];
        resources.extend(paths.iter().map(|(_, id)| id.clone()));
        resources.dedup();
        out.push(ctx.finding(
            "MTU_PATH_REDUCTION",
            Severity::Info,
            format!(
                "the largest packet to {} is {} bytes over {} but {} over {}: it shrinks when traffic fails over",
                ctx.label(site.id.as_str()),
                largest.0,
                ctx.label(&largest.1),
                smallest.0,
                ctx.label(&smallest.1)
            ),
            resources,
            Some(format!(
                "size UDP and ICMP payloads for {} bytes (TCP adapts through MSS clamping), or set the instances' MTU to {}",
                smallest.0, smallest.0
            )),
        ));
    }
}

/// The route targets after which the path MTU is smaller than inside the VPC (9001): the
/// internet (1500), VPN and Direct Connect gateways (1446–1500), transit gateways (8500), and
/// inter-Region peerings (8500; a peering within a Region keeps 9001).
fn shrinks(ctx: &Ctx, target: &RouteTarget) -> bool {
    match target {
        RouteTarget::InternetGateway(_)
        | RouteTarget::EgressOnlyInternetGateway(_)
        | RouteTarget::NatGateway(_)
        | RouteTarget::VpnGateway(_)
        | RouteTarget::TransitGateway(_) => true,
        RouteTarget::VpcPeering(id) => ctx
            .peerings
            .get(id.as_str())
            .is_some_and(|pcx| super::peering::inter_region(ctx, pcx).is_some()),
        _ => false,
    }
}

/// ## What it checks
/// A subnet whose route table sends traffic to a hop with a smaller MTU (internet or NAT
/// gateway, virtual private gateway, transit gateway, inter-Region peering), while its network ACL (with entries in the
/// document) denies inbound ICMP type 3 code 4 ("fragmentation needed") from that destination.
/// ## Why it matters
/// Path MTU Discovery needs that ICMP message back; without it, large packets with the
/// don't-fragment bit set vanish and connections hang after the handshake.
/// ## Fix
/// Allow inbound ICMP type 3 code 4 in the ACL. (Source: [VUG-nacl] path MTU discovery, [EC2-mtu].)
pub(super) fn mtu_pmtud_blocked(ctx: &Ctx, out: &mut Vec<Finding>) {
    let frag_needed = Packet::icmp(3, 4);
    // (ACL, destination) → subnets, so that one finding covers every subnet of the ACL.
    let mut blocked: BTreeMap<(&str, String), Vec<&str>> = BTreeMap::new();
    for subnet in &ctx.topo.subnets {
        let (Some(table), Some(nacl)) = (ctx.subnet_table(subnet), ctx.subnet_nacl(subnet)) else {
            continue;
        };
        let Some((dest, target)) = table
            .routes
            .iter()
            .find_map(|route| match &route.destination {
                Destination::Ipv4(dest) if shrinks(ctx, &route.target) => {
                    (nacl_allows(nacl, false, &frag_needed, dest.network().network())
                        == Some(false))
                    .then_some((dest, &route.target))
                }
                _ => None,
            })
        else {
            continue;
        };
        blocked
            .entry((nacl.id.as_str(), format!("{dest} → {target}")))
            .or_default()
            .push(subnet.id.as_str());
    }
    for ((nacl, route), mut subnets) in blocked {
        crate::sort::sort(&mut subnets);
        let mut resources = vec![nacl.to_string()];
        resources.extend(subnets.iter().map(ToString::to_string));
        out.push(ctx.finding(
            "MTU_PMTUD_BLOCKED",
            Severity::Warning,
            format!(
                "{} denies inbound ICMP \"fragmentation needed\" (type 3 code 4) to {}, which route {route} to a smaller MTU: Path MTU Discovery fails",
                ctx.label(nacl),
                subnets.join(", ")
            ),
            resources,
            Some(format!("allow inbound ICMP type 3 code 4 from 0.0.0.0/0 in {nacl}, numbered before its deny rules")),
        ));
    }
}
