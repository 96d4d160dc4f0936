//! Transit gateways (catalog §1.13): attachments, their zones and associations, ASNs, routes.

use super::context::Ctx;
use super::{Finding, Severity};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

fn live(state: &Option<String>) -> bool {
    state.as_deref().is_none_or(|s| {
        !matches!(
            s.to_ascii_lowercase().as_str(),
            "deleted" | "deleting" | "failed" | "rejected"
        )
    })
}

fn vpc_attachments(topo: &Topology) -> impl Iterator<Item = &TransitGatewayAttachment> {
    topo.transit_gateway_attachments
        .iter()
        .filter(|a| a.resource_type == "vpc" && live(&a.state))
}

/// ## What it checks
/// A subnet whose route table sends traffic to a transit gateway, in a zone where the VPC's
/// attachment to that transit gateway has no subnet.
/// ## Why it matters
/// A VPC attachment carries traffic only from the zones of its subnets; from any other zone the
/// transit gateway is unreachable (Reachability Analyzer: `TGW_ATTACH_VPC_AZ_RESTRICTION`).
/// ## Fix
/// Add a subnet of that zone to the attachment. (Source: [TGW-vpc] in aws-rules.md.)
pub(super) fn attachment_az_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    // No attachment with subnets, nothing to check: skip indexing every subnet.
    if !vpc_attachments(topo).any(|att| !att.subnets.is_empty()) {
        return;
    }
    let zone: crate::idmap::IdMap<&str> = topo
        .subnets
        .iter()
        .filter_map(|s| s.az.as_deref().map(|az| (s.id.as_str(), az)))
        .collect();
    let mut explicit: BTreeMap<&str, &RouteTable> = BTreeMap::new();
    let mut main: BTreeMap<&str, &RouteTable> = BTreeMap::new();
    for table in &topo.route_tables {
        for subnet in &table.subnets {
            explicit.entry(subnet.as_str()).or_insert(table);
        }
        if table.main {
            main.entry(table.vpc.as_str()).or_insert(table);
        }
    }
    for att in vpc_attachments(topo) {
        if att.subnets.is_empty() {
            continue;
        }
        let zones: BTreeSet<&str> = att
            .subnets
            .iter()
            .filter_map(|s| zone.get(s.as_str()).copied())
            .collect();
        for subnet in topo
            .subnets
            .iter()
            .filter(|s| s.vpc.as_str() == att.resource)
        {
            let Some(az) = subnet.az.as_deref() else {
                continue;
            };
            if zones.contains(az) {
                continue;
            }
            let table = explicit
                .get(subnet.id.as_str())
                .or_else(|| main.get(subnet.vpc.as_str()));
            let uses_tgw = table.is_some_and(|t| {
                t.routes
                    .iter()
                    .any(|r| r.target.id() == att.transit_gateway.as_str())
            });
            if uses_tgw {
                out.push(ctx.finding(
                    "TGW_ATTACHMENT_AZ_MISSING",
                    Severity::Error,
                    format!(
                        "{} in {az} routes to {}, but attachment {} has no subnet in {az}: traffic from that zone is not forwarded",
                        ctx.label(subnet.id.as_str()),
                        ctx.label(att.transit_gateway.as_str()),
                        ctx.label(att.id.as_str())
                    ),
                    vec![subnet.id.to_string(), att.id.to_string(), att.transit_gateway.to_string()],
                    Some(format!("add a subnet of {az} to {}", att.id)),
                ));
            }
        }
    }
}

/// ## What it checks
/// Two live VPC attachments of one transit gateway to the same VPC.
/// ## Why it matters
/// A VPC attaches to a transit gateway once; AWS refuses the second attachment.
/// ## Fix
/// Keep one attachment and give it a subnet in every zone. (Source: [TGW-quotas].)
pub(super) fn duplicate_vpc_attachment(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<(&str, &str), &TransitGatewayAttachment> = BTreeMap::new();
    for att in vpc_attachments(ctx.topo) {
        let key = (att.transit_gateway.as_str(), att.resource.as_str());
        match seen.get(&key) {
            Some(first) => out.push(ctx.finding(
                "TGW_DUPLICATE_VPC_ATTACHMENT",
                Severity::Error,
                format!(
                    "{} is attached to {} twice ({} and {})",
                    ctx.label(&att.resource),
                    ctx.label(att.transit_gateway.as_str()),
                    first.id,
                    att.id
                ),
                vec![
                    att.id.to_string(),
                    first.id.to_string(),
                    att.resource.clone(),
                ],
                Some(format!("delete {} and keep {}", att.id, first.id)),
            )),
            None => {
                seen.insert(key, att);
            }
        }
    }
}

/// ## What it checks
/// A VPC attached to a transit gateway with a block identical to a block of another VPC already
/// attached to it.
/// ## Why it matters
/// The transit gateway does not propagate the second VPC's identical route, so the second VPC is
/// unreachable through it.
/// ## Fix
/// Re-address one VPC; `vpcmap suggest-cidr` finds a free block. (Source: [TGW-vpc].)
pub(super) fn identical_vpc_cidr(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<(&str, ipnet::Ipv4Net), &str> = BTreeMap::new();
    for att in vpc_attachments(ctx.topo) {
        let Some(vpc) = ctx.vpcs.get(att.resource.as_str()) else {
            continue;
        };
        for cidr in &vpc.cidrs {
            let key = (att.transit_gateway.as_str(), cidr.network());
            match seen.get(&key) {
                Some(first) if *first != vpc.id.as_str() => out.push(ctx.finding(
                    "TGW_IDENTICAL_VPC_CIDR",
                    Severity::Error,
                    format!(
                        "{} and {} are both attached to {} with {}: the later one's routes are not propagated",
                        ctx.label(first),
                        ctx.label(vpc.id.as_str()),
                        ctx.label(att.transit_gateway.as_str()),
                        cidr.network()
                    ),
                    vec![vpc.id.to_string(), first.to_string(), att.id.to_string()],
                    ctx.free_block_like(cidr).map(|free| format!("re-address {}, e.g. to {free}", vpc.id)),
                )),
                Some(_) => {}
                None => {
                    seen.insert(key, vpc.id.as_str());
                }
            }
        }
    }
}

/// ## What it checks
/// An attachment subnet without an IPv4 block.
/// ## Why it matters
/// Transit gateway attachments need IPv4 addresses in their subnets; IPv6-only subnets cannot
/// be used.
/// ## Fix
/// Use a dual-stack subnet of the same zone. (Source: [TGW-vpc].)
pub(super) fn ipv6_only_subnet(ctx: &Ctx, out: &mut Vec<Finding>) {
    for att in vpc_attachments(ctx.topo) {
        for subnet_id in &att.subnets {
            let subnet = ctx.subnets.get(subnet_id.as_str()).copied();
            if subnet.is_some_and(|s| s.cidr.is_none()) {
                out.push(ctx.finding(
                    "TGW_IPV6_ONLY_SUBNET",
                    Severity::Error,
                    format!(
                        "attachment {} uses {}, which has no IPv4 block",
                        ctx.label(att.id.as_str()),
                        ctx.label(subnet_id.as_str())
                    ),
                    vec![att.id.to_string(), subnet_id.to_string()],
                    Some("pick a subnet with an IPv4 block in the same zone".to_string()),
                ));
            }
        }
    }
}

/// ## What it checks
/// A transit gateway's Amazon-side ASN outside 64,512–65,534 and 4,200,000,000–4,294,967,294.
/// ## Why it matters
/// AWS accepts only private ASNs for a transit gateway.
/// ## Fix
/// Pick a private ASN that no on-premises router uses. (Source: [API-ec2]
/// `TransitGatewayRequestOptions`.)
pub(super) fn asn_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    for tgw in &ctx.topo.transit_gateways {
        let Some(asn) = tgw.amazon_side_asn else {
            continue;
        };
        let private =
            (64_512..=65_534).contains(&asn) || (4_200_000_000..=4_294_967_294).contains(&asn);
        if !private {
            out.push(
                ctx.finding(
                    "TGW_ASN_INVALID",
                    Severity::Error,
                    format!(
                        "{} has Amazon-side ASN {asn}, not a private ASN",
                        ctx.label(tgw.id.as_str())
                    ),
                    vec![tgw.id.to_string()],
                    Some(
                        "use an ASN in 64512–65534 or 4200000000–4294967294 (default 64512)"
                            .to_string(),
                    ),
                ),
            );
        }
    }
}

/// ## What it checks
/// A static transit gateway route in state `blackhole` that names an attachment: the
/// attachment is gone or not usable. (A blackhole route without an attachment is a deliberate
/// drop and is not reported.)
/// ## Why it matters
/// Matching traffic is dropped.
/// ## Fix
/// Point the route at a live attachment, or delete it. (Source: [TGW-how], [API-ec2].)
pub(super) fn route_blackhole(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.transit_gateway_route_tables {
        for route in &table.routes {
            if route.state != RouteState::Blackhole {
                continue;
            }
            let Some(att) = &route.attachment else {
                continue;
            };
            out.push(ctx.finding(
                "TGW_ROUTE_BLACKHOLE",
                Severity::Error,
                format!(
                    "route {} → {att} in {} is a blackhole: the attachment is gone or not available",
                    route.destination,
                    ctx.label(table.id.as_str())
                ),
                vec![table.id.to_string(), att.to_string()],
                Some(format!("point {} at a live attachment, or delete the route", route.destination)),
            ));
        }
    }
}

/// ## What it checks
/// A live attachment with no transit gateway route table association.
/// ## Why it matters
/// Traffic entering the transit gateway through it has no table to be routed by and is dropped
/// (Reachability Analyzer: `TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION`).
/// ## Fix
/// Associate the attachment with a route table. (Source: [TGW-how].)
pub(super) fn attachment_no_association(ctx: &Ctx, out: &mut Vec<Finding>) {
    for att in ctx
        .topo
        .transit_gateway_attachments
        .iter()
        .filter(|a| live(&a.state))
    {
        // A peering attachment's association sits on each side; the document may hold one side.
        if att.route_table.is_none() && att.resource_type != "peering" {
            out.push(ctx.finding(
                "TGW_ATTACHMENT_NO_ASSOCIATION",
                Severity::Error,
                format!(
                    "attachment {} ({} {}) is associated with no route table of {}",
                    ctx.label(att.id.as_str()),
                    att.resource_type,
                    att.resource,
                    ctx.label(att.transit_gateway.as_str())
                ),
                vec![att.id.to_string(), att.transit_gateway.to_string()],
                Some(format!(
                    "associate {} with a route table of {}",
                    att.id, att.transit_gateway
                )),
            ));
        }
    }
}

/// ## What it checks
/// A transit gateway with VPN ECMP support disabled (`Options.VpnEcmpSupport: disable`) and
/// two or more live VPN connections: a design counting on their tunnels together. (Several
/// connections using static routing are `VPN_ECMP_STATIC`.)
/// ## Why it matters
/// VPN ECMP needs dynamic routing and `VpnEcmpSupport: enable`; without it one tunnel carries
/// the traffic and the others are only standby.
/// ## Fix
/// Enable VPN ECMP support on the transit gateway and use BGP on every connection.
/// (Source: [TGW-quotas], [VPN-quotas].)
pub(super) fn ecmp_needs_bgp(ctx: &Ctx, out: &mut Vec<Finding>) {
    for tgw in ctx
        .topo
        .transit_gateways
        .iter()
        .filter(|t| t.vpn_ecmp_support == Some(false))
    {
        let Some(vpns) = ctx.hybrid.vpns_by_gateway.get(tgw.id.as_str()) else {
            continue;
        };
        if vpns.len() < 2 {
            continue;
        }
        let mut resources = vec![tgw.id.to_string()];
        resources.extend(vpns.iter().map(|v| v.id.to_string()));
        out.push(ctx.finding(
            "TGW_ECMP_NEEDS_BGP",
            Severity::Info,
            format!(
                "{} has {} VPN connections but VPN ECMP support disabled: one tunnel carries the traffic, the others stand by",
                ctx.label(tgw.id.as_str()),
                vpns.len()
            ),
            resources,
            Some(format!(
                "aws ec2 modify-transit-gateway --transit-gateway-id {} --options VpnEcmpSupport=enable (and use BGP on every connection)",
                tgw.id
            )),
        ));
    }
}
