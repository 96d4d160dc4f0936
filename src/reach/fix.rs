//! Fixes for blocked paths: the smallest change that makes a trace succeed, verified.
//!
//! Where a walk stops, it proposes one change that would let the packet past that point: a
//! route to a peering, transit gateway, gateway or NAT gateway that already exists and leads
//! towards the destination; a security-group rule for exactly this flow; an ACL entry numbered
//! just before the entry that denies. `find` applies the change to a copy of the document and
//! traces again, repeating for the next stop, and keeps the list only if the final trace
//! succeeds in both directions — so every fix vpcmap shows has been checked. Changes that need a
//! new resource (a peering, an endpoint, a public IP) are not proposed: those are design choices.

use super::endpoint::{End, Place};
use super::flow::{cidr4_holds, cidr6_holds, Flow};
use super::net::Net;
use super::Query;
use crate::model::*;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// One change to a document, as the editor applies it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum Change {
    #[serde(rename_all = "camelCase")]
    AddRoute {
        route_table: String,
        destination: String,
        target: String,
    },
    #[serde(rename_all = "camelCase")]
    AddSecurityGroupRule {
        group: String,
        /// `ingress` or `egress`.
        direction: String,
        protocol: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from_port: Option<i32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to_port: Option<i32>,
        /// A CIDR or a prefix list id.
        peer: String,
    },
    #[serde(rename_all = "camelCase")]
    AddNetworkAclEntry {
        network_acl: String,
        rule_number: u32,
        egress: bool,
        /// A protocol number as text, or `-1`.
        protocol: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from_port: Option<i32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to_port: Option<i32>,
        cidr: String,
    },
    #[serde(rename_all = "camelCase")]
    AddTransitGatewayRoute {
        route_table: String,
        destination: String,
        attachment: String,
    },
}

impl Change {
    /// The change in words: "add a route 10.2.0.0/16 → pcx-ab to rtb-a".
    pub fn describe(&self) -> String {
        match self {
            Change::AddRoute {
                route_table,
                destination,
                target,
            } => format!("add a route {destination} → {target} to {route_table}"),
            Change::AddSecurityGroupRule {
                group,
                direction,
                protocol,
                from_port,
                to_port,
                peer,
            } => {
                let what = describe_ports(protocol, *from_port, *to_port);
                let side = if direction == "ingress" { "from" } else { "to" };
                format!("allow {direction} {what} {side} {peer} in {group}")
            }
            Change::AddNetworkAclEntry {
                network_acl,
                rule_number,
                egress,
                protocol,
                from_port,
                to_port,
                cidr,
            } => {
                let direction = if *egress { "outbound" } else { "inbound" };
                let name = super::flow::Protocol::parse(protocol)
                    .map(|p| p.name())
                    .unwrap_or_else(|| protocol.clone());
                let what = describe_ports(&name, *from_port, *to_port);
                format!("add {direction} entry #{rule_number} allow {what} {cidr} to {network_acl}")
            }
            Change::AddTransitGatewayRoute {
                route_table,
                destination,
                attachment,
            } => format!("add a route {destination} → {attachment} to {route_table}"),
        }
    }
}

fn describe_ports(protocol: &str, from: Option<i32>, to: Option<i32>) -> String {
    let protocol = if protocol == "-1" {
        "all traffic"
    } else {
        protocol
    };
    match (from, to) {
        (Some(a), Some(b)) if a == b => format!("{protocol} {a}"),
        (Some(a), Some(b)) => format!("{protocol} {a}-{b}"),
        _ => protocol.to_string(),
    }
}

/// Apply a change to a document; `false` when what it names is not there or it does not parse.
pub fn apply(topo: &mut Topology, change: &Change) -> bool {
    match change {
        Change::AddRoute {
            route_table,
            destination,
            target,
        } => {
            let Ok(destination) = destination.parse::<Destination>() else {
                return false;
            };
            let Some(table) = topo
                .route_tables
                .iter_mut()
                .find(|t| t.id.as_str() == route_table)
            else {
                return false;
            };
            table.routes.push(Route {
                destination,
                target: RouteTarget::from_id(target),
                state: RouteState::Active,
                origin: RouteOrigin::CreateRoute,
            });
            true
        }
        Change::AddSecurityGroupRule {
            group,
            direction,
            protocol,
            from_port,
            to_port,
            peer,
        } => {
            let Some(sg) = topo
                .security_groups
                .iter_mut()
                .find(|g| g.id.as_str() == group)
            else {
                return false;
            };
            let mut rule = SgRule {
                protocol: protocol.clone(),
                from_port: *from_port,
                to_port: *to_port,
                cidrs: Vec::new(),
                ipv6_cidrs: Vec::new(),
                prefix_lists: Vec::new(),
                groups: Vec::new(),
            };
            if peer.starts_with("pl-") {
                rule.prefix_lists.push(PrefixListId(peer.clone()));
            } else if let Ok(v4) = peer.parse::<Cidr4>() {
                rule.cidrs.push(v4);
            } else if let Ok(v6) = peer.parse::<Cidr6>() {
                rule.ipv6_cidrs.push(v6);
            } else {
                return false;
            }
            if direction == "ingress" {
                sg.ingress.push(rule);
            } else {
                sg.egress.push(rule);
            }
            true
        }
        Change::AddNetworkAclEntry {
            network_acl,
            rule_number,
            egress,
            protocol,
            from_port,
            to_port,
            cidr,
        } => {
            let Some(acl) = topo
                .network_acls
                .iter_mut()
                .find(|a| a.id.as_str() == network_acl)
            else {
                return false;
            };
            let (v4, v6) = match (cidr.parse::<Cidr4>(), cidr.parse::<Cidr6>()) {
                (Ok(v4), _) => (Some(v4), None),
                (_, Ok(v6)) => (None, Some(v6)),
                _ => return false,
            };
            let icmp = matches!(protocol.as_str(), "1" | "58");
            acl.entries.push(NaclEntry {
                rule_number: *rule_number,
                egress: *egress,
                action: RuleAction::Allow,
                protocol: protocol.clone(),
                cidr: v4,
                ipv6_cidr: v6,
                from_port: if icmp { None } else { *from_port },
                to_port: if icmp { None } else { *to_port },
                icmp_type: if icmp { *from_port } else { None },
                icmp_code: if icmp { Some(-1) } else { None },
            });
            true
        }
        Change::AddTransitGatewayRoute {
            route_table,
            destination,
            attachment,
        } => {
            let Ok(destination) = destination.parse::<Destination>() else {
                return false;
            };
            let Some(table) = topo
                .transit_gateway_route_tables
                .iter_mut()
                .find(|t| t.id.as_str() == route_table)
            else {
                return false;
            };
            table.routes.push(TgwRoute {
                destination,
                attachment: Some(TgwAttachmentId(attachment.clone())),
                state: RouteState::Active,
            });
            true
        }
    }
}

/// How many stops in a row `find` tries to get past (route out, route back, a group, two ACLs…).
const MAX_CHANGES: usize = 6;

/// The changes that make the query's trace succeed, in words and as data; `None` when vpcmap
/// finds no such change set.
pub(crate) fn find(topo: &Topology, query: &Query) -> Option<(String, Vec<Change>)> {
    let mut doc = topo.clone();
    let mut changes: Vec<Change> = Vec::new();
    for _ in 0..=MAX_CHANGES {
        let net = Net::new(&doc);
        let resolved = super::endpoint::resolve_query(&net, query).ok()?;
        let outcome = super::walk::run_with_candidate(&net, &resolved, false);
        if outcome.trace.reachable {
            if changes.is_empty() {
                return None;
            }
            let words: Vec<String> = changes.iter().map(Change::describe).collect();
            return Some((words.join("; then "), changes));
        }
        let change = outcome.candidate?;
        if changes.contains(&change) {
            return None;
        }
        drop(net);
        if !apply(&mut doc, &change) {
            return None;
        }
        changes.push(change);
    }
    None
}

/// The block of `vpc` (IPv4 or IPv6) that holds `addr`, as text.
fn block_holding(vpc: &Vpc, addr: IpAddr) -> Option<String> {
    vpc.cidrs
        .iter()
        .find(|c| cidr4_holds(c, addr))
        .map(|c| c.network().to_string())
        .or_else(|| {
            vpc.ipv6_cidrs
                .iter()
                .find(|c| cidr6_holds(c, addr))
                .map(|c| c.network().to_string())
        })
}

/// A route for a flow that `table` cannot route, to a connection `vpc` already has towards the
/// destination: a peering with the destination's VPC, a transit gateway both are attached to,
/// the attached VGW for on-premises ranges, the internet gateway (or a NAT gateway, for a
/// source without a public address) for the internet and public service endpoints.
pub(crate) fn route_candidate(
    net: &Net,
    vpc: &Vpc,
    table: &RouteTable,
    flow: &Flow,
    dst: &End,
    public: bool,
) -> Option<Change> {
    let add = |destination: String, target: &str| {
        Some(Change::AddRoute {
            route_table: table.id.to_string(),
            destination,
            target: target.to_string(),
        })
    };
    let addr = flow.dst;
    match &dst.place {
        Place::Nic { vpc: dst_vpc, .. }
        | Place::Subnet { vpc: dst_vpc, .. }
        | Place::NatReturn { vpc: dst_vpc, .. } => {
            let block = block_holding(dst_vpc, addr?)?;
            if let Some(pcx) = net
                .topo
                .vpc_peering_connections
                .iter()
                .find(|p| p.is_active() && p.peer_of(&vpc.id) == Some(&dst_vpc.id))
            {
                return add(block, pcx.id.as_str());
            }
            let tgw = shared_tgw(net, vpc.id.as_str(), dst_vpc.id.as_str())?;
            add(block, tgw)
        }
        Place::OnPrem(site) => {
            let addr = addr?;
            let block = site
                .cidrs
                .iter()
                .find(|c| c.0.contains(&addr))?
                .0
                .trunc()
                .to_string();
            if let Some(vgw) = net
                .topo
                .vpn_gateways
                .iter()
                .find(|g| g.attached_vpc() == Some(&vpc.id))
            {
                return add(block, vgw.id.as_str());
            }
            let tgw = net
                .topo
                .transit_gateway_attachments
                .iter()
                .find(|a| a.resource_type == "vpc" && a.resource == vpc.id.as_str())?;
            add(block, tgw.transit_gateway.as_str())
        }
        Place::Internet | Place::Service(_) => {
            let default = if flow.src.is_ipv6() {
                "::/0"
            } else {
                "0.0.0.0/0"
            };
            let igw = net.igw_of_vpc.get(vpc.id.as_str());
            if public || flow.src.is_ipv6() {
                return igw.and_then(|igw| add(default.to_string(), igw.id.as_str()));
            }
            // A private host reaches the internet through a public NAT gateway of its VPC,
            // one outside the table's own subnets (its subnet must route to the gateway).
            let nat = net.topo.nat_gateways.iter().find(|n| {
                n.vpc == vpc.id
                    && n.connectivity == NatConnectivity::Public
                    && !table.subnets.contains(&n.subnet)
            })?;
            add(default.to_string(), nat.id.as_str())
        }
        Place::ExternalVpc { peering, .. } => {
            let addr = addr?;
            let side = if peering.requester.vpc == vpc.id {
                &peering.accepter
            } else {
                &peering.requester
            };
            let block = side.cidrs.iter().find(|c| cidr4_holds(c, addr))?;
            add(block.network().to_string(), peering.id.as_str())
        }
    }
}

/// A transit gateway both VPCs are attached to.
fn shared_tgw<'a>(net: &Net<'a>, a: &str, b: &str) -> Option<&'a str> {
    let of = |vpc: &str| -> Vec<&'a str> {
        net.attachments_by_resource
            .get(vpc)
            .into_iter()
            .flatten()
            .filter(|att| att.resource_type == "vpc")
            .map(|att| att.transit_gateway.as_str())
            .collect()
    };
    let theirs = of(b);
    of(a).into_iter().find(|tgw| theirs.contains(tgw))
}

/// A transit gateway route to the attachment of the destination's VPC or VPN.
pub(crate) fn tgw_route_candidate(
    net: &Net,
    tgw: &str,
    table: &TransitGatewayRouteTable,
    flow: &Flow,
    dst: &End,
) -> Option<Change> {
    let addr = flow.dst?;
    let (destination, resource) = match &dst.place {
        Place::Nic { vpc, .. } | Place::Subnet { vpc, .. } | Place::NatReturn { vpc, .. } => {
            (block_holding(vpc, addr)?, vpc.id.as_str())
        }
        Place::OnPrem(site) => {
            let block = site
                .cidrs
                .iter()
                .find(|c| c.0.contains(&addr))?
                .0
                .trunc()
                .to_string();
            let vpn = site.customer_gateways.iter().find_map(|cgw| {
                net.vpns_by_cgw
                    .get(cgw.as_str())
                    .into_iter()
                    .flatten()
                    .find(|vpn| {
                        vpn.transit_gateway
                            .as_ref()
                            .is_some_and(|t| t.as_str() == tgw)
                    })
            })?;
            (block, vpn.id.as_str())
        }
        _ => return None,
    };
    let attachment = net.attachment(tgw, resource)?;
    if !vpc_or_vpn(attachment) {
        return None;
    }
    Some(Change::AddTransitGatewayRoute {
        route_table: table.id.to_string(),
        destination,
        attachment: attachment.id.to_string(),
    })
}

fn vpc_or_vpn(att: &TransitGatewayAttachment) -> bool {
    att.resource_type == "vpc" || att.resource_type == "vpn"
}

/// A rule in the first group of the interface for exactly this flow.
pub(crate) fn sg_candidate(
    group: &str,
    ingress: bool,
    flow: &Flow,
    peer: Option<IpAddr>,
    service_lists: &[PrefixListId],
) -> Option<Change> {
    let peer = match peer {
        Some(IpAddr::V4(a)) => format!("{a}/32"),
        Some(IpAddr::V6(a)) => format!("{a}/128"),
        None => service_lists.first()?.to_string(),
    };
    let (protocol, from_port, to_port) = flow.rule_ports();
    Some(Change::AddSecurityGroupRule {
        group: group.to_string(),
        direction: if ingress { "ingress" } else { "egress" }.to_string(),
        protocol,
        from_port,
        to_port,
        peer,
    })
}

/// An allow entry numbered just before the entry that denies (or after the last numbered entry
/// when only the final `*` entry denies). Replies get the whole ephemeral range, 1024–65535.
pub(crate) fn acl_candidate(
    acl: &NetworkAcl,
    egress: bool,
    denied_by: Option<&NaclEntry>,
    flow: &Flow,
    peer: Option<IpAddr>,
    reply: bool,
) -> Option<Change> {
    let used: Vec<u32> = acl
        .entries
        .iter()
        .filter(|e| e.egress == egress)
        .map(|e| e.rule_number)
        .collect();
    let rule_number = match denied_by.filter(|e| e.rule_number < 32767) {
        Some(entry) => (1..entry.rule_number).rev().find(|n| !used.contains(n))?,
        None => {
            let last = used
                .iter()
                .copied()
                .filter(|n| *n < 32767)
                .max()
                .unwrap_or(0);
            let next = (last / 10 + 1) * 10;
            let next = if last == 0 { 100 } else { next };
            (next..32767).find(|n| !used.contains(n))?
        }
    };
    let cidr = match peer {
        Some(IpAddr::V4(a)) => format!("{a}/32"),
        Some(IpAddr::V6(a)) => format!("{a}/128"),
        None => "0.0.0.0/0".to_string(),
    };
    let (protocol, mut from_port, mut to_port) = flow.rule_ports();
    if reply && flow.protocol.has_ports() {
        from_port = Some(1024);
        to_port = Some(65535);
    }
    let protocol = match super::flow::Protocol::parse(&protocol) {
        Some(super::flow::Protocol::Number(n)) => n.to_string(),
        _ => "-1".to_string(),
    };
    Some(Change::AddNetworkAclEntry {
        network_acl: acl.id.to_string(),
        rule_number,
        egress,
        protocol,
        from_port,
        to_port,
        cidr,
    })
}
