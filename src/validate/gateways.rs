//! Rule family `gateways`: internet, virtual private and NAT gateways of a VPC (catalog §1.4).
//!
//! One internet gateway and one virtual private gateway per VPC; a public NAT gateway needs a
//! way to the internet, a private one must not be sent there. Subnet routing comes from
//! `routes::subnet_tables` (explicit association, else the main table).

use super::context::Ctx;
use super::routes::{best_route, dest_span, subnet_tables};
use super::{Finding, Severity};
use crate::model::*;
use std::collections::BTreeMap;

fn is_terminal(state: Option<&str>) -> bool {
    state.is_some_and(|s| {
        matches!(
            s.to_ascii_lowercase().as_str(),
            "deleted" | "deleting" | "failed"
        )
    })
}

/// ## What it checks
/// More than one internet gateway attached to one VPC.
/// ## Why it matters
/// A VPC has at most one internet gateway (a fixed quota); AWS refuses the second attachment.
/// ## Fix
/// Detach all but one. (Source: [VUG-quotas] gateways.)
pub(super) fn gw_igw_multiple(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut by_vpc: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for igw in &ctx.topo.internet_gateways {
        if let Some(vpc) = &igw.vpc {
            by_vpc
                .entry(vpc.as_str())
                .or_default()
                .push(igw.id.as_str());
        }
    }
    for (vpc, mut igws) in by_vpc {
        if igws.len() < 2 {
            continue;
        }
        crate::sort::sort(&mut igws);
        let mut resources = vec![vpc.to_string()];
        resources.extend(igws.iter().map(|id| id.to_string()));
        out.push(ctx.finding(
            "GW_IGW_MULTIPLE",
            Severity::Error,
            format!(
                "{} has {} internet gateways attached ({}); a VPC has at most one",
                ctx.label(vpc),
                igws.len(),
                igws.join(", ")
            ),
            resources,
            Some(format!(
                "keep {} and detach the others, moving their routes to it",
                igws[0]
            )),
        ));
    }
}

/// ## What it checks
/// More than one virtual private gateway attached to one VPC, or one gateway attached to more
/// than one VPC.
/// ## Why it matters
/// A VGW attaches to one VPC at a time, and a VPC has one VGW.
/// ## Fix
/// Detach the extra attachments; use a transit gateway to share VPN or Direct Connect between
/// VPCs. (Source: [VPN-quotas], [API-ec2] AttachVpnGateway.)
pub(super) fn gw_vgw_multiple(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut by_vpc: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for vgw in &ctx.topo.vpn_gateways {
        let mut attached: Vec<&str> = vgw
            .attachments
            .iter()
            .filter(|a| a.is_attached())
            .map(|a| a.vpc.as_str())
            .collect();
        crate::sort::sort(&mut attached);
        attached.dedup();
        for vpc in &attached {
            by_vpc.entry(vpc).or_default().push(vgw.id.as_str());
        }
        if attached.len() > 1 {
            let mut resources = vec![vgw.id.to_string()];
            resources.extend(attached.iter().map(|v| v.to_string()));
            out.push(ctx.finding(
                "GW_VGW_MULTIPLE",
                Severity::Error,
                format!(
                    "{} is attached to {} VPCs ({}); a virtual private gateway attaches to one VPC at a time",
                    ctx.label(vgw.id.as_str()),
                    attached.len(),
                    attached.join(", ")
                ),
                resources,
                Some(format!("keep the attachment to {} and detach the others, or use a transit gateway", attached[0])),
            ));
        }
    }
    for (vpc, mut vgws) in by_vpc {
        if vgws.len() < 2 {
            continue;
        }
        crate::sort::sort(&mut vgws);
        let mut resources = vec![vpc.to_string()];
        resources.extend(vgws.iter().map(|v| v.to_string()));
        out.push(ctx.finding(
            "GW_VGW_MULTIPLE",
            Severity::Error,
            format!(
                "{} has {} virtual private gateways attached ({}); a VPC has one",
                ctx.label(vpc),
                vgws.len(),
                vgws.join(", ")
            ),
            resources,
            Some(format!(
                "keep {} and move the VPN connections and virtual interfaces of the others to it",
                vgws[0]
            )),
        ));
    }
}

/// ## What it checks
/// A public NAT gateway (not deleted or failed) in a VPC without an attached internet gateway,
/// or in a subnet whose route table has no route to one.
/// ## Why it matters
/// Its internet traffic cannot leave. Only a warning statically: a public NAT gateway may also
/// legitimately forward to a transit or virtual private gateway (the tracer decides per path).
/// ## Fix
/// Put the NAT gateway in a public subnet (one with `0.0.0.0/0 → igw-…`). (Source: [VUG-nat].)
pub(super) fn gw_nat_public_no_igw(ctx: &Ctx, out: &mut Vec<Finding>) {
    let tables = subnet_tables(ctx);
    let mut igw_of: BTreeMap<&str, &InternetGateway> = BTreeMap::new();
    for igw in &ctx.topo.internet_gateways {
        if let Some(vpc) = &igw.vpc {
            let entry = igw_of.entry(vpc.as_str()).or_insert(igw);
            if igw.id.as_str() < entry.id.as_str() {
                *entry = igw;
            }
        }
    }
    for nat in &ctx.topo.nat_gateways {
        if nat.connectivity != NatConnectivity::Public || is_terminal(nat.state.as_deref()) {
            continue;
        }
        let igw = igw_of.get(nat.vpc.as_str()).copied();
        let table = tables.get(nat.subnet.as_str());
        let (problem, hint) = match (igw, table) {
            (None, _) => (
                format!(
                    "{} has no internet gateway attached",
                    ctx.label(nat.vpc.as_str())
                ),
                format!(
                    "attach an internet gateway to {} and route 0.0.0.0/0 to it from {}'s subnet",
                    nat.vpc, nat.id
                ),
            ),
            (Some(igw), Some(table))
                if !table.routes.iter().any(
                    |r| matches!(&r.target, RouteTarget::InternetGateway(id) if id == &igw.id),
                ) =>
            {
                (
                    format!(
                        "its subnet {} uses {}, which has no route to {}",
                        ctx.label(nat.subnet.as_str()),
                        ctx.label(table.id.as_str()),
                        igw.id
                    ),
                    format!(
                        "add a route 0.0.0.0/0 → {} to {}, or move {} to a public subnet",
                        igw.id, table.id, nat.id
                    ),
                )
            }
            _ => continue,
        };
        out.push(ctx.finding(
            "GW_NAT_PUBLIC_NO_IGW",
            Severity::Warning,
            format!(
                "{} is a public NAT gateway, but {problem}: its internet traffic cannot leave",
                ctx.label(nat.id.as_str())
            ),
            vec![nat.id.to_string(), nat.vpc.to_string()],
            Some(hint),
        ));
    }
}

/// ## What it checks
/// A route sends destination D to a private NAT gateway while the route table of the NAT
/// gateway's subnet sends D (by longest prefix) to an internet gateway.
/// ## Why it matters
/// A private NAT gateway has no public address; the internet gateway drops its traffic.
/// ## Fix
/// Route D from the NAT gateway's subnet to a transit or virtual private gateway, or use a
/// public NAT gateway for internet access. (Source: [VUG-nat].)
pub(super) fn gw_nat_private_to_igw(ctx: &Ctx, out: &mut Vec<Finding>) {
    let tables = subnet_tables(ctx);
    let private: BTreeMap<&str, &NatGateway> = ctx
        .topo
        .nat_gateways
        .iter()
        .filter(|n| n.connectivity == NatConnectivity::Private)
        .map(|n| (n.id.as_str(), n))
        .collect();
    for table in &ctx.topo.route_tables {
        for route in &table.routes {
            let RouteTarget::NatGateway(id) = &route.target else {
                continue;
            };
            let (Some(nat), Some(span)) = (private.get(id.as_str()), dest_span(&route.destination))
            else {
                continue;
            };
            let Some(nat_table) = tables.get(nat.subnet.as_str()) else {
                continue;
            };
            let Some(next) = best_route(nat_table, span) else {
                continue;
            };
            if let RouteTarget::InternetGateway(igw) = &next.target {
                out.push(ctx.finding(
                    "GW_NAT_PRIVATE_TO_IGW",
                    Severity::Error,
                    format!(
                        "{} sends {} to the private NAT gateway {}, whose subnet's table {} sends it on to {igw}: an internet gateway drops a private NAT gateway's traffic",
                        ctx.label(table.id.as_str()),
                        route.destination,
                        ctx.label(nat.id.as_str()),
                        ctx.label(nat_table.id.as_str())
                    ),
                    vec![nat.id.to_string(), table.id.to_string(), nat_table.id.to_string(), igw.to_string()],
                    Some(format!(
                        "route {} from {} to a transit or virtual private gateway, or use a public NAT gateway for internet traffic",
                        route.destination, nat_table.id
                    )),
                ));
            }
        }
    }
}

/// ## What it checks
/// A live public NAT gateway whose subnet's network ACL (with entries in the document) drops
/// inbound TCP from the internet to a port in 1024–65535, the range the NAT gateway remaps
/// source ports to. (The rest of the catalog row — TCP, UDP and ICMP only — is a fact about
/// every NAT gateway, left to the trace.)
/// ## Why it matters
/// Replies to connections through the NAT gateway come back to one of those ports and pass the
/// NAT subnet's ACL first: ACLs are stateless, so a denied reply breaks those connections.
/// ## Fix
/// Allow inbound TCP (and UDP) 1024–65535 from 0.0.0.0/0 in the NAT subnet's ACL.
/// (Source: [VUG-nat], [VUG-nacl].)
pub(super) fn gw_nat_protocol(ctx: &Ctx, out: &mut Vec<Finding>) {
    use super::acl::{nacl_allows, Packet};
    // An address on the internet (TEST-NET-3): ACL entries match by block, so any public
    // address stands for "the internet" unless the ACL names it.
    let internet = std::net::Ipv4Addr::new(203, 0, 113, 10);
    for nat in &ctx.topo.nat_gateways {
        if nat.connectivity != NatConnectivity::Public || is_terminal(nat.state.as_deref()) {
            continue;
        }
        let Some(nacl) = ctx.hybrid.nacl_of_subnet.get(nat.subnet.as_str()) else {
            continue;
        };
        let denied = [1024u16, 32768, 49152, 65535]
            .into_iter()
            .find(|port| nacl_allows(nacl, false, &Packet::tcp(*port), internet) == Some(false));
        let Some(port) = denied else {
            continue;
        };
        out.push(ctx.finding(
            "GW_NAT_PROTOCOL",
            Severity::Info,
            format!(
                "{} remaps source ports to 1024–65535, but {} of its subnet {} drops inbound TCP from the internet to port {port}: replies to connections through the NAT gateway are lost",
                ctx.label(nat.id.as_str()),
                ctx.label(nacl.id.as_str()),
                ctx.label(nat.subnet.as_str())
            ),
            vec![nat.id.to_string(), nacl.id.to_string(), nat.subnet.to_string()],
            Some(format!(
                "add an inbound allow for TCP and UDP 1024-65535 from 0.0.0.0/0 to {}",
                nacl.id
            )),
        ));
    }
}

/// ## What it checks
/// A VPC whose Block Public Access mode (`BlockPublicAccessStates.InternetGatewayBlockMode`)
/// is `block-bidirectional` or `block-ingress` while subnets route to its internet gateway —
/// with `block-ingress`, other than the subnets of public NAT gateways, which keep outbound
/// access.
/// ## Why it matters
/// `block-bidirectional` blocks all traffic to and from internet and egress-only internet
/// gateways in the Region; `block-ingress` blocks internet traffic to the VPCs, and only
/// traffic through NAT gateways and egress-only gateways still works. The routes say
/// "internet", but the traffic is dropped unless an exclusion covers the VPC or subnet.
/// ## Fix
/// Add a Block Public Access exclusion for the VPC or subnet, or move internet access behind a
/// NAT gateway. (Source: [API-ec2] `BlockPublicAccessStates` and `VpcBlockPublicAccessOptions`,
/// read for the catalog row marked unconfirmed: the modes are `off | block-bidirectional |
/// block-ingress` with the effects above; how exclusions show in the VPC's state is not stated,
/// hence "unless an exclusion covers it".)
pub(super) fn gw_bpa_blocks_igw(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpc in &ctx.topo.vpcs {
        let Some(mode) = vpc.internet_gateway_block_mode.as_deref() else {
            continue;
        };
        let ingress_only = mode.eq_ignore_ascii_case("block-ingress");
        if !ingress_only && !mode.eq_ignore_ascii_case("block-bidirectional") {
            continue;
        }
        let nat_subnets: Vec<&str> = ctx
            .topo
            .nat_gateways
            .iter()
            .filter(|n| n.vpc == vpc.id && n.connectivity == NatConnectivity::Public)
            .map(|n| n.subnet.as_str())
            .collect();
        let mut igw: Option<&str> = None;
        let mut subnets: Vec<&str> = Vec::new();
        for subnet in ctx
            .hybrid
            .subnets_by_vpc
            .get(vpc.id.as_str())
            .into_iter()
            .flatten()
        {
            if ingress_only && nat_subnets.contains(&subnet.id.as_str()) {
                continue;
            }
            let Some(table) = ctx.subnet_table(subnet) else {
                continue;
            };
            let to_igw = table.routes.iter().find_map(|r| match &r.target {
                RouteTarget::InternetGateway(id) if r.state == RouteState::Active => {
                    Some(id.as_str())
                }
                _ => None,
            });
            if let Some(id) = to_igw {
                igw.get_or_insert(id);
                subnets.push(subnet.id.as_str());
            }
        }
        let Some(igw) = igw else {
            continue;
        };
        crate::sort::sort(&mut subnets);
        let mut resources = vec![vpc.id.to_string(), igw.to_string()];
        resources.extend(subnets.iter().map(|s| s.to_string()));
        out.push(ctx.finding(
            "GW_BPA_BLOCKS_IGW",
            Severity::Warning,
            format!(
                "{} has VPC Block Public Access in {mode} mode, yet {} to {}: that internet traffic is blocked whatever the routes say, unless an exclusion covers it",
                ctx.label(vpc.id.as_str()),
                match subnets.as_slice() {
                    [one] => format!("{} routes", ctx.label(one)),
                    many => format!("{} subnets ({}) route", many.len(), many.join(", ")),
                },
                ctx.label(igw)
            ),
            resources,
            Some(format!(
                "aws ec2 create-vpc-block-public-access-exclusion --vpc-id {} --internet-gateway-exclusion-mode {}, or reach the internet through a NAT gateway",
                vpc.id,
                if ingress_only { "allow-bidirectional" } else { "allow-egress" }
            )),
        ));
    }
}
