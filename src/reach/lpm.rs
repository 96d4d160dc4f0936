//! Route selection: which route of a VPC route table or transit gateway route table a packet
//! takes, with AWS's tie-breaks (§2.1 of the catalog).
//!
//! VPC router: a destination inside the VPC's blocks takes the local route (even over a more
//! specific propagated route), unless a more specific route sends it to a middlebox (NAT
//! gateway, network interface, instance). Otherwise the longest prefix wins; on an equal prefix a
//! static route beats a prefix-list route, which beats a propagated one. The local route exists
//! whether or not a hand-written document lists it, as it does in every AWS route table.
//!
//! Transit gateway: longest prefix, then static over propagated, and among propagated routes
//! VPC, then Direct Connect gateway, then Connect, then VPN (§2.1, [TGW-how]).

use super::flow::{cidr4_holds, cidr6_holds, cidr_holds, Flow};
use super::net::{vpc_holds, Net};
use crate::model::*;
use std::net::IpAddr;

/// The AWS service a flow goes to, when it goes to one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ServiceRef {
    pub service: String,
    pub region: String,
}

impl ServiceRef {
    /// `com.amazonaws.us-east-1.dynamodb`
    pub fn aws_name(&self) -> String {
        format!("com.amazonaws.{}.{}", self.region, self.service)
    }
}

/// The route a VPC router picked, and why.
pub(crate) struct Choice<'a> {
    /// The route as listed; `None` for the implicit local route of a table that does not list it.
    pub route: Option<&'a Route>,
    pub local: bool,
    pub why: Why,
}

/// Why a route won, kept as numbers so that a matrix, which never shows it, never formats it.
#[derive(Clone, Copy)]
pub(crate) enum Why {
    Middlebox { len: u8, block_len: u8 },
    Local,
    Only,
    Tie { tier: u8, ties: usize },
    Longest { len: u8, list: bool, beaten: usize },
}

impl Why {
    pub fn text(&self) -> String {
        match *self {
            Why::Middlebox { len, block_len } => format!(
                "/{len} route to a middlebox is more specific than the local route (/{block_len})"
            ),
            Why::Local => "the destination is inside the VPC: the local route wins over any propagated or less specific route".to_string(),
            Why::Only => "the only route that matches".to_string(),
            Why::Tie { tier, ties } => {
                let kind = match tier {
                    3 => "a static route",
                    2 => "a prefix-list route",
                    _ => "a propagated route",
                };
                format!("{kind} wins over {ties} other route(s) of the same prefix (static > prefix list > propagated)")
            }
            Why::Longest { len, list, beaten } => {
                let shown = if list {
                    "the prefix list's range".to_string()
                } else {
                    format!("/{len}")
                };
                format!("longest prefix: {shown} beats {beaten} less specific matching route(s)")
            }
        }
    }
}

impl Choice<'_> {
    /// The route's destination as written (for the implicit local route, the VPC block).
    pub fn destination(&self, vpc: &Vpc, addr: Option<IpAddr>) -> String {
        match self.route {
            Some(route) => route.destination.to_string(),
            None => addr.map(|a| vpc_block_text(vpc, a)).unwrap_or_default(),
        }
    }

    pub fn target(&self) -> String {
        match self.route {
            Some(route) => route.target.to_string(),
            None => "local".to_string(),
        }
    }
}

/// Does a route's destination cover the flow's destination? Returns the matched prefix length.
fn route_match(
    net: &Net,
    route: &Route,
    addr: Option<IpAddr>,
    service: Option<&ServiceRef>,
) -> Option<u8> {
    match (&route.destination, addr) {
        (Destination::Ipv4(cidr), Some(addr)) => cidr4_holds(cidr, addr).then(|| cidr.prefix_len()),
        (Destination::Ipv6(cidr), Some(addr)) => cidr6_holds(cidr, addr).then(|| cidr.prefix_len()),
        // A service whose ranges the document does not list: only a default route surely holds it.
        (Destination::Ipv4(cidr), None) => (cidr.prefix_len() == 0).then_some(0),
        (Destination::Ipv6(_), None) => None,
        (Destination::PrefixList(id), addr) => {
            if let Some(addr) = addr {
                if let Some(list) = net.prefix_lists.get(id.as_str()) {
                    return list
                        .cidrs
                        .iter()
                        .filter(|c| cidr_holds(c, addr))
                        .map(|c| c.0.prefix_len())
                        .max();
                }
            }
            // Without the list's entries, a list stands for a service when it is named for it or
            // is the route of that service's gateway endpoint. Its entries are service ranges,
            // more specific than any default route: a nominal length of 1 says so.
            let service = service?;
            let named = net
                .prefix_lists
                .get(id.as_str())
                .and_then(|list| list.name.as_deref())
                .is_some_and(|name| name == service.aws_name());
            let via_endpoint = match &route.target {
                RouteTarget::VpcEndpoint(endpoint) => net
                    .endpoints
                    .get(endpoint.as_str())
                    .and_then(|e| e.service_parts())
                    .is_some_and(|(region, name)| {
                        region == service.region && name == service.service
                    }),
                _ => false,
            };
            (named || via_endpoint).then_some(1)
        }
    }
}

/// Preference among routes of equal prefix: static CIDR routes, then prefix-list routes, then
/// propagated routes.
fn tier(route: &Route) -> u8 {
    if route.origin.is_propagated() {
        1
    } else if matches!(route.destination, Destination::PrefixList(_)) {
        2
    } else {
        3
    }
}

fn is_middlebox(target: &RouteTarget) -> bool {
    matches!(
        target,
        RouteTarget::NatGateway(_) | RouteTarget::NetworkInterface(_) | RouteTarget::Instance(_)
    )
}

/// Pick the route for a flow in `vpc`'s table (`None`: the VPC has no table in the document, so
/// only its local route exists). `None` result: no route matches.
pub(crate) fn choose<'a>(
    net: &Net<'a>,
    vpc: &Vpc,
    table: Option<&'a RouteTable>,
    flow: &Flow,
    service: Option<&ServiceRef>,
) -> Option<Choice<'a>> {
    let routes: &'a [Route] = table.map(|t| t.routes.as_slice()).unwrap_or(&[]);
    let addr = flow.dst;
    let listed_local = routes.iter().find(|route| {
        route.target == RouteTarget::Local && route_match(net, route, addr, None).is_some()
    });
    if let Some(addr) = addr.filter(|a| vpc_holds(vpc, *a)) {
        let block_len = vpc_block_len(vpc, addr);
        // Only middlebox routes may be more specific than the local route.
        let middlebox = routes
            .iter()
            .filter(|route| route.state != RouteState::Filtered && is_middlebox(&route.target))
            .filter_map(|route| {
                route_match(net, route, Some(addr), None)
                    .filter(|len| *len > block_len)
                    .map(|len| (len, route))
            })
            .max_by_key(|(len, _)| *len);
        if let Some((len, route)) = middlebox {
            return Some(Choice {
                route: Some(route),
                local: false,
                why: Why::Middlebox { len, block_len },
            });
        }
        return Some(Choice {
            route: listed_local,
            local: true,
            why: Why::Local,
        });
    }
    let mut best: Option<(u8, u8, &Route)> = None;
    let mut matched = 0usize;
    for route in routes {
        if route.state == RouteState::Filtered || route.target == RouteTarget::Local {
            continue;
        }
        let Some(len) = route_match(net, route, addr, service) else {
            continue;
        };
        matched += 1;
        let rank = (len, tier(route));
        if best.is_none_or(|(l, t, _)| rank > (l, t)) {
            best = Some((len, tier(route), route));
        }
    }
    let (len, route_tier, route) = best?;
    let ties = routes
        .iter()
        .filter(|r| {
            r.state != RouteState::Filtered
                && r.target != RouteTarget::Local
                && !std::ptr::eq(*r, route)
                && route_match(net, r, addr, service) == Some(len)
        })
        .count();
    let why = if matched == 1 {
        Why::Only
    } else if ties > 0 {
        Why::Tie {
            tier: route_tier,
            ties,
        }
    } else {
        Why::Longest {
            len,
            list: matches!(route.destination, Destination::PrefixList(_)),
            beaten: matched - 1,
        }
    };
    Some(Choice {
        route: Some(route),
        local: false,
        why,
    })
}

fn vpc_block_len(vpc: &Vpc, addr: IpAddr) -> u8 {
    vpc.cidrs
        .iter()
        .filter(|c| cidr4_holds(c, addr))
        .map(|c| c.prefix_len())
        .chain(
            vpc.ipv6_cidrs
                .iter()
                .filter(|c| cidr6_holds(c, addr))
                .map(|c| c.prefix_len()),
        )
        .max()
        .unwrap_or(0)
}

pub(crate) fn vpc_block_text(vpc: &Vpc, addr: IpAddr) -> String {
    vpc.cidrs
        .iter()
        .find(|c| cidr4_holds(c, addr))
        .map(|c| c.to_string())
        .or_else(|| {
            vpc.ipv6_cidrs
                .iter()
                .find(|c| cidr6_holds(c, addr))
                .map(|c| c.to_string())
        })
        .unwrap_or_default()
}

/// What a transit gateway route matched: a listed route's destination or a propagated prefix.
#[derive(Clone, Copy)]
pub(crate) enum TgwDestination<'a> {
    Listed(&'a Destination),
    Propagated(Cidr),
}

impl std::fmt::Display for TgwDestination<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TgwDestination::Listed(destination) => destination.fmt(f),
            TgwDestination::Propagated(cidr) => cidr.fmt(f),
        }
    }
}

/// The route a transit gateway route table picked.
pub(crate) struct TgwChoice<'a> {
    pub destination: TgwDestination<'a>,
    pub len: u8,
    /// `None`: a blackhole route.
    pub attachment: Option<&'a TransitGatewayAttachment>,
    /// The attachment id as the route names it (it may be missing from the document).
    pub attachment_id: Option<&'a str>,
    pub propagated: bool,
}

impl TgwChoice<'_> {
    pub fn why(&self) -> String {
        let how = if self.propagated {
            "propagated by the attachment"
        } else {
            "static route"
        };
        format!("longest prefix /{}, {how}", self.len)
    }
}

/// Prefixes an attachment propagates into a transit gateway route table.
fn propagated_prefixes(net: &Net, att: &TransitGatewayAttachment) -> Vec<Cidr> {
    let mut out = Vec::new();
    match att.resource_type.as_str() {
        "vpc" => {
            if let Some(vpc) = net.vpcs.get(att.resource.as_str()) {
                out.extend(
                    vpc.cidrs
                        .iter()
                        .map(|c| Cidr(ipnet::IpNet::V4(c.network()))),
                );
                out.extend(
                    vpc.ipv6_cidrs
                        .iter()
                        .map(|c| Cidr(ipnet::IpNet::V6(c.network()))),
                );
            }
        }
        "vpn" => {
            if let Some(vpn) = net.vpns.get(att.resource.as_str()) {
                if vpn.static_routes_only {
                    out.extend(vpn.routes.iter().map(|r| r.cidr));
                } else if let Some(sites) = net.onprem_by_cgw.get(vpn.customer_gateway.as_str()) {
                    out.extend(sites.iter().flat_map(|site| site.cidrs.iter().copied()));
                }
            }
        }
        "direct-connect-gateway" => {
            for vif in net
                .vifs_by_dxgw
                .get(att.resource.as_str())
                .into_iter()
                .flatten()
            {
                for site in net.onprem_by_vif.get(vif.id.as_str()).into_iter().flatten() {
                    out.extend(site.cidrs.iter().copied());
                }
            }
        }
        _ => {}
    }
    out
}

fn propagated_tier(resource_type: &str) -> u8 {
    match resource_type {
        "vpc" => 5,
        "direct-connect-gateway" => 4,
        "connect" => 3,
        _ => 2,
    }
}

pub(crate) fn choose_tgw<'a>(
    net: &Net<'a>,
    table: &'a TransitGatewayRouteTable,
    flow: &Flow,
) -> Option<TgwChoice<'a>> {
    let addr = flow.dst?;
    // (prefix length, tier, destination, attachment id, propagated)
    let mut best: Option<(u8, u8, TgwDestination<'a>, Option<&'a str>, bool)> = None;
    let mut consider =
        |len: u8, tier: u8, dest: TgwDestination<'a>, att: Option<&'a str>, propagated: bool| {
            if best
                .as_ref()
                .is_none_or(|(l, t, ..)| (len, tier) > (*l, *t))
            {
                best = Some((len, tier, dest, att, propagated));
            }
        };
    for route in &table.routes {
        let len = match &route.destination {
            Destination::Ipv4(c) => cidr4_holds(c, addr).then(|| c.prefix_len()),
            Destination::Ipv6(c) => cidr6_holds(c, addr).then(|| c.prefix_len()),
            Destination::PrefixList(id) => net.prefix_lists.get(id.as_str()).and_then(|list| {
                list.cidrs
                    .iter()
                    .filter(|c| cidr_holds(c, addr))
                    .map(|c| c.0.prefix_len())
                    .max()
            }),
        };
        if let Some(len) = len {
            let att = if route.state == RouteState::Blackhole {
                None
            } else {
                route.attachment.as_ref().map(|a| a.as_str())
            };
            consider(
                len,
                6,
                TgwDestination::Listed(&route.destination),
                att,
                false,
            );
        }
    }
    for att_id in &table.propagations {
        let Some(att) = net.tgw_attachments.get(att_id.as_str()) else {
            continue;
        };
        for prefix in propagated_prefixes(net, att) {
            if cidr_holds(&prefix, addr) {
                consider(
                    prefix.0.prefix_len(),
                    propagated_tier(&att.resource_type),
                    TgwDestination::Propagated(prefix),
                    Some(att.id.as_str()),
                    true,
                );
            }
        }
    }
    let (len, _, destination, att_id, propagated) = best?;
    Some(TgwChoice {
        destination,
        len,
        attachment: att_id.and_then(|id| net.tgw_attachments.get(id).copied()),
        attachment_id: att_id,
        propagated,
    })
}
