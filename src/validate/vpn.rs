//! Rule family `vpn`: Site-to-Site VPN connections, their tunnels, customer gateways and the
//! virtual private or transit gateways they end on (catalog §1.6).
//!
//! A VPN connection always has two tunnels to one customer gateway (CGW) and ends on a VGW
//! (attached to one VPC) or a TGW. Checks walk the connections once and group by gateway through
//! `Ctx::hybrid`; overlaps between sites are found by sorting and sweeping (`intervals.rs`).
//! Connections in a terminal state are left to `STATE_IGNORED`.

use super::context::Ctx;
use super::intervals::overlapping_pairs;
use super::state::is_terminal;
use super::{Finding, Severity};
use crate::model::*;
use ipnet::{Ipv4Net, Ipv6Net};
use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

/// Not in a terminal state.
pub(super) fn is_live(state: &Option<String>) -> bool {
    state.as_deref().is_none_or(|s| !is_terminal(s))
}

fn live_vpns<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = &'a VpnConnection> {
    ctx.topo
        .vpn_connections
        .iter()
        .filter(|vpn| is_live(&vpn.state))
}

/// The gateway a connection ends on, as `(id, is_vgw)`; `None` when it names none or both.
fn target(vpn: &VpnConnection) -> Option<(&str, bool)> {
    match (&vpn.vpn_gateway, &vpn.transit_gateway) {
        (Some(vgw), None) => Some((vgw.as_str(), true)),
        (None, Some(tgw)) => Some((tgw.as_str(), false)),
        _ => None,
    }
}

/// The tunnel is reported `DOWN` (a design without telemetry counts as up).
pub(super) fn tunnel_down(tunnel: &VpnTunnel) -> bool {
    tunnel
        .status
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("down"))
}

/// The on-premises prefixes a connection leads to: its `available` static routes and the
/// declared ranges of the sites behind its customer gateway.
pub(super) fn onprem_prefixes<'a>(ctx: &Ctx<'a>, vpn: &'a VpnConnection) -> Vec<Cidr> {
    let mut prefixes: Vec<Cidr> = vpn
        .routes
        .iter()
        .filter(|route| route.state.is_none())
        .map(|route| route.cidr)
        .collect();
    for site in ctx
        .hybrid
        .sites_by_cgw
        .get(vpn.customer_gateway.as_str())
        .into_iter()
        .flatten()
    {
        prefixes.extend(site.cidrs.iter().copied());
    }
    crate::sort::sort(&mut prefixes);
    prefixes.dedup();
    prefixes
}

/// ## What it checks
/// A connection that names both a virtual private gateway and a transit gateway, or neither
/// (and no Cloud WAN core network).
/// ## Why it matters
/// CreateVpnConnection takes exactly one target gateway; such a document cannot be built.
/// ## Fix
/// Keep one target: a VGW for one VPC, a TGW to share the VPN between VPCs.
/// (Source: [API-ec2] CreateVpnConnection.)
pub(super) fn vpn_target_exclusive(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx) {
        let targets = usize::from(vpn.vpn_gateway.is_some())
            + usize::from(vpn.transit_gateway.is_some())
            + usize::from(vpn.core_network.is_some());
        if targets == 1 {
            continue;
        }
        let mut resources = vec![vpn.id.to_string()];
        resources.extend(vpn.vpn_gateway.iter().map(ToString::to_string));
        resources.extend(vpn.transit_gateway.iter().map(ToString::to_string));
        let (what, hint) = if targets == 0 {
            (
                "names no target gateway".to_string(),
                "set vpnGateway (one VPC) or transitGateway (several VPCs) on the connection",
            )
        } else {
            (
                format!("names {} target gateways", targets),
                "keep one target: the VGW for a single VPC, or the transit gateway to share the VPN",
            )
        };
        out.push(ctx.finding(
            "VPN_TARGET_EXCLUSIVE",
            Severity::Error,
            format!(
                "{} {what}: a VPN connection ends on exactly one virtual private gateway, transit gateway or core network",
                ctx.label(vpn.id.as_str())
            ),
            resources,
            Some(hint.to_string()),
        ));
    }
}

/// ## What it checks
/// A live connection whose virtual private gateway (in the document) has no `attached` VPC.
/// ## Why it matters
/// A VGW carries traffic only for the VPC it is attached to; without one, no VPC uses the VPN.
/// ## Fix
/// Attach the VGW to the VPC that needs the VPN. (Source: [VPN-how], [VPN-setup].)
pub(super) fn vpn_vgw_not_attached(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx) {
        let Some(vgw_id) = &vpn.vpn_gateway else {
            continue;
        };
        let Some(vgw) = ctx.hybrid.vgws.get(vgw_id.as_str()) else {
            continue;
        };
        if !is_live(&vgw.state) || vgw.attached_vpc().is_some() {
            continue;
        }
        let hint = match vgw.attachments.first() {
            Some(attachment) => format!(
                "wait for the attachment to {} to finish, or attach {vgw_id} to the VPC that needs the VPN",
                attachment.vpc
            ),
            None => format!("attach {vgw_id} to the VPC that needs the VPN"),
        };
        out.push(ctx.finding(
            "VPN_VGW_NOT_ATTACHED",
            Severity::Error,
            format!(
                "{} ends on {}, which is not attached to any VPC: no VPC can use the VPN",
                ctx.label(vpn.id.as_str()),
                ctx.label(vgw_id.as_str())
            ),
            vec![vpn.id.to_string(), vgw_id.to_string()],
            Some(hint),
        ));
    }
}

/// ## What it checks
/// A connection modelled with tunnels, but not exactly two.
/// ## Why it matters
/// AWS builds every Site-to-Site VPN connection with two tunnels, each with its own outside
/// address, so that one can fail or be maintained while the other carries traffic.
/// ## Fix
/// Describe both tunnels (`Options.TunnelOptions[]`, `VgwTelemetry[]`). (Source: [VPN-tunnels].)
pub(super) fn vpn_tunnel_count(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx) {
        let n = vpn.tunnels.len();
        if n == 0 || n == 2 {
            continue;
        }
        out.push(ctx.finding(
            "VPN_TUNNEL_COUNT",
            Severity::Error,
            format!(
                "{} has {n} tunnel{}: every Site-to-Site VPN connection has exactly two",
                ctx.label(vpn.id.as_str()),
                if n == 1 { "" } else { "s" }
            ),
            vec![vpn.id.to_string()],
            Some(if n < 2 {
                "add the second tunnel (its outside address and inside CIDR) to the connection"
                    .to_string()
            } else {
                "keep the two tunnels AWS created; more tunnels need another VPN connection"
                    .to_string()
            }),
        ));
    }
}

/// The /30 inside CIDRs AWS reserves for its own use.
const RESERVED_INSIDE: [&str; 7] = [
    "169.254.0.0/30",
    "169.254.1.0/30",
    "169.254.2.0/30",
    "169.254.3.0/30",
    "169.254.4.0/30",
    "169.254.5.0/30",
    "169.254.169.252/30",
];

fn link_local() -> Ipv4Net {
    Ipv4Net::new(Ipv4Addr::new(169, 254, 0, 0), 16).unwrap_or_default()
}

/// ## What it checks
/// A tunnel's IPv4 inside CIDR that is not a /30 inside `169.254.0.0/16`
/// (`VPN_TUNNEL_INSIDE_CIDR_INVALID`), or that is one of the reserved blocks
/// `169.254.0.0/30` … `169.254.5.0/30` and `169.254.169.252/30`
/// (`VPN_TUNNEL_INSIDE_CIDR_RESERVED`).
/// ## Why it matters
/// CreateVpnConnection refuses such a `TunnelInsideCidr`.
/// ## Fix
/// Pick another /30 from `169.254.0.0/16`, e.g. `169.254.10.0/30`, or let AWS choose.
/// (Source: [VPN-tunnels], [API-ec2] `TunnelInsideCidr`.)
pub(super) fn vpn_tunnel_inside_cidr(ctx: &Ctx, out: &mut Vec<Finding>) {
    let reserved: Vec<Ipv4Net> = RESERVED_INSIDE
        .iter()
        .filter_map(|text| text.parse().ok())
        .collect();
    for vpn in live_vpns(ctx) {
        for cidr in vpn.tunnels.iter().filter_map(|t| t.inside_cidr) {
            let net = cidr.network();
            if net.prefix_len() != 30 || !link_local().contains(&net) {
                out.push(ctx.finding(
                    "VPN_TUNNEL_INSIDE_CIDR_INVALID",
                    Severity::Error,
                    format!(
                        "{} has the tunnel inside CIDR {cidr}, which is not a /30 inside 169.254.0.0/16",
                        ctx.label(vpn.id.as_str())
                    ),
                    vec![vpn.id.to_string()],
                    Some("use a /30 from 169.254.0.0/16 outside the reserved blocks, e.g. 169.254.10.0/30".to_string()),
                ));
            } else if reserved.contains(&net) {
                out.push(ctx.finding(
                    "VPN_TUNNEL_INSIDE_CIDR_RESERVED",
                    Severity::Error,
                    format!(
                        "{} has the tunnel inside CIDR {cidr}, which AWS reserves",
                        ctx.label(vpn.id.as_str())
                    ),
                    vec![vpn.id.to_string()],
                    Some("use another /30 from 169.254.0.0/16 (not 169.254.0.0/30–169.254.5.0/30 or 169.254.169.252/30), e.g. 169.254.10.0/30".to_string()),
                ));
            }
        }
    }
}

/// ## What it checks
/// Two tunnels of connections on the same virtual private gateway with the same IPv4 inside
/// CIDR, or the two tunnels of one connection sharing a block (on any gateway).
/// ## Why it matters
/// Inside CIDRs must be unique per VGW; within one connection the customer device could not
/// tell its two BGP sessions apart. (On a transit gateway, duplicates across connections are
/// allowed; that warning-level case is not reported here.)
/// ## Fix
/// Give each tunnel its own /30. (Source: [VPN-tunnels].)
pub(super) fn vpn_tunnel_inside_cidr_duplicate(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut on_vgw: BTreeMap<(&str, Ipv4Net), BTreeSet<&str>> = BTreeMap::new();
    for vpn in live_vpns(ctx) {
        let mut own: BTreeMap<Ipv4Net, usize> = BTreeMap::new();
        for net in vpn
            .tunnels
            .iter()
            .filter_map(|t| t.inside_cidr)
            .map(|c| c.network())
        {
            *own.entry(net).or_default() += 1;
            if let Some((gateway, true)) = target(vpn) {
                on_vgw
                    .entry((gateway, net))
                    .or_default()
                    .insert(vpn.id.as_str());
            }
        }
        for (net, n) in own {
            if n > 1 {
                out.push(ctx.finding(
                    "VPN_TUNNEL_INSIDE_CIDR_DUPLICATE",
                    Severity::Error,
                    format!(
                        "both tunnels of {} use the inside CIDR {net}",
                        ctx.label(vpn.id.as_str())
                    ),
                    vec![vpn.id.to_string()],
                    Some("give each tunnel its own /30 from 169.254.0.0/16".to_string()),
                ));
            }
        }
    }
    for ((vgw, net), vpns) in on_vgw {
        if vpns.len() < 2 {
            continue;
        }
        let ids: Vec<String> = vpns.iter().map(ToString::to_string).collect();
        let mut resources = ids.clone();
        resources.push(vgw.to_string());
        out.push(ctx.finding(
            "VPN_TUNNEL_INSIDE_CIDR_DUPLICATE",
            Severity::Error,
            format!(
                "{} on {} use the same tunnel inside CIDR {net}: inside CIDRs must be unique per virtual private gateway",
                ids.join(" and "),
                ctx.label(vgw)
            ),
            resources,
            Some(format!("give the tunnels of {} another /30 from 169.254.0.0/16", ids[ids.len() - 1])),
        ));
    }
}

/// ## What it checks
/// A tunnel's IPv6 inside CIDR that is not a /126 inside `fd00::/8`, or that another connection
/// on the same transit gateway also uses.
/// ## Why it matters
/// CreateVpnConnection refuses it.
/// ## Fix
/// Use a unique /126 from `fd00::/8`, or let AWS choose. (Source: [VPN-tunnels], [API-ec2].)
pub(super) fn vpn_tunnel_inside_ipv6_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    let ula: Ipv6Net = "fd00::/8".parse().unwrap_or_default();
    let mut on_tgw: BTreeMap<(&str, Ipv6Net), BTreeSet<&str>> = BTreeMap::new();
    for vpn in live_vpns(ctx) {
        for cidr in vpn.tunnels.iter().filter_map(|t| t.inside_ipv6_cidr) {
            let net = cidr.network();
            if net.prefix_len() != 126 || !ula.contains(&net) {
                out.push(ctx.finding(
                    "VPN_TUNNEL_INSIDE_IPV6_INVALID",
                    Severity::Error,
                    format!(
                        "{} has the IPv6 tunnel inside CIDR {cidr}, which is not a /126 inside fd00::/8",
                        ctx.label(vpn.id.as_str())
                    ),
                    vec![vpn.id.to_string()],
                    Some("use a /126 from fd00::/8, e.g. fd00:0:0:10::/126, or let AWS choose".to_string()),
                ));
            }
            if let Some(tgw) = &vpn.transit_gateway {
                on_tgw
                    .entry((tgw.as_str(), net))
                    .or_default()
                    .insert(vpn.id.as_str());
            }
        }
    }
    for ((tgw, net), vpns) in on_tgw {
        if vpns.len() < 2 {
            continue;
        }
        let ids: Vec<String> = vpns.iter().map(ToString::to_string).collect();
        let mut resources = ids.clone();
        resources.push(tgw.to_string());
        out.push(ctx.finding(
            "VPN_TUNNEL_INSIDE_IPV6_INVALID",
            Severity::Error,
            format!(
                "{} on {} use the same IPv6 tunnel inside CIDR {net}: it must be unique per transit gateway",
                ids.join(" and "),
                ctx.label(tgw)
            ),
            resources,
            Some(format!("give the tunnels of {} another /126 from fd00::/8", ids[ids.len() - 1])),
        ));
    }
}

/// ASNs AWS reserves for customer gateways, with the Region they are reserved in (`None`: every
/// Region), as the Site-to-Site VPN guide's customer gateway options page lists them: 7224 in
/// all Regions, 9059 in eu-west-1, 10124 in ap-northeast-1, 17943 in ap-southeast-1. (The page
/// prints 17943, although Singapore's legacy Amazon-side default is 17493; the page is followed.
/// The old EC2 API text named only 7224 in us-east-1 and 9059 in eu-west-1: docs/catalog-review.md.)
const RESERVED_CGW_ASNS: [(u64, Option<&str>); 4] = [
    (7224, None),
    (9059, Some("eu-west-1")),
    (10124, Some("ap-northeast-1")),
    (17943, Some("ap-southeast-1")),
];

/// ## What it checks
/// A customer gateway ASN outside 1–4,294,967,295 (`BgpAsn` 1–2,147,483,647, `BgpAsnExtended`
/// 2,147,483,648–4,294,967,295) (`VPN_CGW_ASN_INVALID`), or an ASN AWS reserves in the customer
/// gateway's Region: 7224 in every Region, 9059 in eu-west-1, 10124 in ap-northeast-1, 17943 in
/// ap-southeast-1 (`VPN_CGW_RESERVED_ASN`).
/// ## Why it matters
/// CreateCustomerGateway refuses both.
/// ## Fix
/// Use the device's own public ASN, or a private one (64,512–65,534). (Source: [VPN-cgw],
/// [API-ec2] CreateCustomerGateway.)
pub(super) fn vpn_cgw_asn(ctx: &Ctx, out: &mut Vec<Finding>) {
    for cgw in ctx
        .topo
        .customer_gateways
        .iter()
        .filter(|c| is_live(&c.state))
    {
        let Some(asn) = cgw.bgp_asn else {
            continue;
        };
        if asn == 0 || asn > u64::from(u32::MAX) {
            out.push(ctx.finding(
                "VPN_CGW_ASN_INVALID",
                Severity::Error,
                format!(
                    "{} has the BGP ASN {asn}, outside 1–4,294,967,295",
                    ctx.label(cgw.id.as_str())
                ),
                vec![cgw.id.to_string()],
                Some("use the device's ASN, or a private ASN such as 65000".to_string()),
            ));
            continue;
        }
        let region = cgw.region.as_deref().unwrap_or_default();
        if let Some((_, reserved_in)) = RESERVED_CGW_ASNS.iter().find(|(reserved, in_region)| {
            *reserved == asn && in_region.is_none_or(|in_region| in_region == region)
        }) {
            out.push(ctx.finding(
                "VPN_CGW_RESERVED_ASN",
                Severity::Error,
                format!(
                    "{} has the BGP ASN {asn}, which AWS reserves {}",
                    ctx.label(cgw.id.as_str()),
                    match reserved_in {
                        Some(region) => format!("in {region}"),
                        None => "in every Region".to_string(),
                    }
                ),
                vec![cgw.id.to_string()],
                Some("use another ASN, e.g. a private one such as 65000".to_string()),
            ));
        }
    }
}

/// The Amazon-side ASN ranges for virtual private gateways, transit gateways and Direct Connect
/// gateways, plus the legacy defaults of VGWs created before mid-2018.
pub(super) fn amazon_asn_ok(asn: u64, legacy_allowed: bool) -> bool {
    (64_512..=65_534).contains(&asn)
        || (4_200_000_000..=4_294_967_294).contains(&asn)
        || (legacy_allowed && [7224, 9059, 10124, 17493].contains(&asn))
}

/// ## What it checks
/// A virtual private gateway whose `AmazonSideAsn` is outside 64,512–65,534 and
/// 4,200,000,000–4,294,967,294, other than the legacy defaults 7224, 9059, 10124 and 17493
/// that VGWs created before 2018-06-30 carry.
/// ## Why it matters
/// CreateVpnGateway refuses it, and the ASN cannot be changed after creation.
/// ## Fix
/// Create the VGW with a private ASN, or the default 64512. (Source: [API-ec2] CreateVpnGateway,
/// [VPN-how].)
pub(super) fn vpn_amazon_asn_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vgw in ctx.topo.vpn_gateways.iter().filter(|g| is_live(&g.state)) {
        let Some(asn) = vgw.amazon_side_asn else {
            continue;
        };
        if amazon_asn_ok(asn, true) {
            continue;
        }
        out.push(ctx.finding(
            "VPN_AMAZON_ASN_INVALID",
            Severity::Error,
            format!(
                "{} has the Amazon-side ASN {asn}, outside 64,512–65,534 and 4,200,000,000–4,294,967,294",
                ctx.label(vgw.id.as_str())
            ),
            vec![vgw.id.to_string()],
            Some("create the virtual private gateway with a private ASN, e.g. the default 64512 (the ASN cannot be changed later)".to_string()),
        ));
    }
}

/// The Amazon-side ASN of the gateway a connection ends on, if known.
fn gateway_asn(ctx: &Ctx, vpn: &VpnConnection) -> Option<u64> {
    match target(vpn)? {
        (id, true) => ctx.hybrid.vgws.get(id)?.amazon_side_asn,
        (id, false) => ctx.hybrid.tgws.get(id)?.amazon_side_asn,
    }
}

/// ## What it checks
/// A dynamic (BGP) connection whose customer gateway has the same ASN as the Amazon side of its
/// VGW (or, derived, of its TGW).
/// ## Why it matters
/// BGP needs two different autonomous systems; the session never comes up.
/// ## Fix
/// Give the customer gateway another ASN (a new CGW: the ASN cannot be edited).
/// (Source: [VPN-setup].)
pub(super) fn vpn_asn_collision(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx).filter(|v| !v.static_routes_only) {
        let Some(cgw) = ctx.hybrid.cgws.get(vpn.customer_gateway.as_str()) else {
            continue;
        };
        let (Some(cgw_asn), Some(amazon_asn)) = (cgw.bgp_asn, gateway_asn(ctx, vpn)) else {
            continue;
        };
        if cgw_asn != amazon_asn {
            continue;
        }
        let Some((gateway, _)) = target(vpn) else {
            continue;
        };
        out.push(ctx.finding(
            "VPN_ASN_COLLISION",
            Severity::Error,
            format!(
                "{} uses BGP between {} and {}, which both have the ASN {cgw_asn}: the BGP session cannot come up",
                ctx.label(vpn.id.as_str()),
                ctx.label(cgw.id.as_str()),
                ctx.label(gateway)
            ),
            vec![vpn.id.to_string(), cgw.id.to_string(), gateway.to_string()],
            Some(format!(
                "create a customer gateway with another ASN (e.g. {}) and move the connection to it",
                if cgw_asn == 65000 { 65001 } else { 65000 }
            )),
        ));
    }
}

/// ## What it checks
/// Two or more customer gateways with dynamic connections on one virtual private gateway that
/// share a BGP ASN.
/// ## Why it matters
/// VPN CloudHub (site-to-site through the VGW) needs a unique ASN per site: BGP loop prevention
/// drops routes that carry the receiver's own ASN.
/// ## Fix
/// Give each site's customer gateway its own ASN. (Source: [VPN-cloudhub].)
pub(super) fn vpn_cloudhub_asn_duplicate(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (gateway, vpns) in &ctx.hybrid.vpns_by_gateway {
        if !ctx.hybrid.vgws.contains_key(gateway) {
            continue;
        }
        let mut by_asn: BTreeMap<u64, BTreeSet<&str>> = BTreeMap::new();
        for vpn in vpns.iter().filter(|v| !v.static_routes_only) {
            let Some(cgw) = ctx.hybrid.cgws.get(vpn.customer_gateway.as_str()) else {
                continue;
            };
            if let Some(asn) = cgw.bgp_asn {
                by_asn.entry(asn).or_default().insert(cgw.id.as_str());
            }
        }
        for (asn, cgws) in by_asn {
            if cgws.len() < 2 {
                continue;
            }
            let ids: Vec<String> = cgws.iter().map(ToString::to_string).collect();
            let mut resources = vec![gateway.to_string()];
            resources.extend(ids.iter().cloned());
            out.push(ctx.finding(
                "VPN_CLOUDHUB_ASN_DUPLICATE",
                Severity::Warning,
                format!(
                    "{} has BGP connections from {} customer gateways with the same ASN {asn} ({}): sites cannot reach each other through it (VPN CloudHub)",
                    ctx.label(gateway),
                    ids.len(),
                    ids.join(", ")
                ),
                resources,
                Some(format!("give {} a unique ASN per site", ids[1..].join(", "))),
            ));
        }
    }
}

/// ## What it checks
/// On one virtual private gateway, the prefixes of different sites (static routes and declared
/// site ranges behind different customer gateways) overlap. Customer gateways of one declared
/// site, and identical prefixes (redundant devices advertising the same ranges), are not
/// counted as conflicts.
/// ## Why it matters
/// VPN CloudHub routes between sites by prefix; overlapping sites make traffic go to the wrong one.
/// ## Fix
/// Re-address one site, or advertise only non-overlapping prefixes. (Source: [VPN-cloudhub].)
pub(super) fn vpn_cloudhub_overlap(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (gateway, vpns) in &ctx.hybrid.vpns_by_gateway {
        if !ctx.hybrid.vgws.contains_key(gateway) {
            continue;
        }
        let mut prefixes: Vec<(Cidr4, &str)> = Vec::new();
        for vpn in vpns {
            for prefix in onprem_prefixes(ctx, vpn) {
                if let Some(v4) = prefix.v4() {
                    prefixes.push((v4, vpn.customer_gateway.as_str()));
                }
            }
        }
        crate::sort::sort(&mut prefixes);
        prefixes.dedup();
        let ranges: Vec<(u32, u32)> = prefixes.iter().map(|(c, _)| c.range()).collect();
        let mut reported: BTreeSet<(&str, &str)> = BTreeSet::new();
        for (i, j) in overlapping_pairs(&ranges) {
            let ((a, cgw_a), (b, cgw_b)) = (prefixes[i], prefixes[j]);
            if cgw_a == cgw_b || a.network() == b.network() || same_site(ctx, cgw_a, cgw_b) {
                continue;
            }
            let pair = (cgw_a.min(cgw_b), cgw_a.max(cgw_b));
            if !reported.insert(pair) {
                continue;
            }
            out.push(ctx.finding(
                "VPN_CLOUDHUB_OVERLAP",
                Severity::Warning,
                format!(
                    "on {}, the site behind {} ({a}) overlaps the site behind {} ({b}): traffic for the overlap may go to the wrong site",
                    ctx.label(gateway),
                    ctx.label(cgw_a),
                    ctx.label(cgw_b)
                ),
                vec![gateway.to_string(), pair.0.to_string(), pair.1.to_string()],
                Some(format!("re-address one site, or advertise prefixes that do not overlap instead of {a} and {b}")),
            ));
        }
    }
}

fn same_site(ctx: &Ctx, cgw_a: &str, cgw_b: &str) -> bool {
    let sites_a = ctx.hybrid.sites_by_cgw.get(cgw_a);
    let sites_b = ctx.hybrid.sites_by_cgw.get(cgw_b);
    match (sites_a, sites_b) {
        (Some(a), Some(b)) => a.iter().any(|s| b.iter().any(|t| s.id == t.id)),
        _ => false,
    }
}

/// ## What it checks
/// An on-premises prefix of a connection on a virtual private gateway (an available static
/// route, or a declared range of the site behind its customer gateway) that overlaps a block
/// of the VPC the VGW is attached to.
/// ## Why it matters
/// The VPC's local route always wins, even over a more specific propagated route, so that part
/// of the on-premises network is unreachable from the VPC.
/// ## Fix
/// Re-address one side; AWS recommends non-overlapping ranges between VPCs and on-premises.
/// (Source: [VPN-routing], [VPN-what].)
pub(super) fn vpn_onprem_overlap(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx) {
        let Some((gateway, true)) = target(vpn) else {
            continue;
        };
        let Some(vpc) = ctx
            .hybrid
            .vgws
            .get(gateway)
            .and_then(|vgw| vgw.attached_vpc())
            .and_then(|vpc| ctx.vpcs.get(vpc.as_str()))
        else {
            continue;
        };
        for prefix in onprem_prefixes(ctx, vpn) {
            let Some(v4) = prefix.v4() else {
                continue;
            };
            let Some(block) = vpc.cidrs.iter().find(|block| block.overlaps(&v4)) else {
                continue;
            };
            out.push(ctx.finding(
                "VPN_ONPREM_OVERLAP",
                Severity::Error,
                format!(
                    "the on-premises prefix {v4} behind {} overlaps {block} of {}: the VPC's local route wins, so that part of on-premises is unreachable",
                    ctx.label(vpn.id.as_str()),
                    ctx.label(vpc.id.as_str())
                ),
                vec![vpn.id.to_string(), vpc.id.to_string(), gateway.to_string()],
                Some(format!(
                    "re-address the on-premises range or the VPC so that {v4} and {block} do not overlap"
                )),
            ));
        }
    }
}

/// ## What it checks
/// A static-routing connection (`StaticRoutesOnly: true`) with no `available` static route.
/// ## Why it matters
/// The gateway sends to the customer gateway only the prefixes it knows; with no static route it
/// knows none, and no traffic goes to on-premises.
/// ## Fix
/// Add the on-premises prefixes as static routes of the connection, or use BGP.
/// (Source: [VPN-routing].)
pub(super) fn vpn_static_no_routes(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx).filter(|v| v.static_routes_only) {
        if vpn.routes.iter().any(|route| route.state.is_none()) {
            continue;
        }
        out.push(ctx.finding(
            "VPN_STATIC_NO_ROUTES",
            Severity::Error,
            format!(
                "{} uses static routing but has no available static route: no traffic is sent to on-premises",
                ctx.label(vpn.id.as_str())
            ),
            vec![vpn.id.to_string()],
            Some(format!("add the on-premises prefixes as static routes of {} (e.g. 192.168.0.0/16), or switch to BGP", vpn.id)),
        ));
    }
}

/// ## What it checks
/// A virtual private gateway with live VPN connections, attached to a VPC none of whose route
/// tables routes anything to it or propagates its routes.
/// ## Why it matters
/// Subnets send on-premises traffic to the VGW only through a route (static or propagated).
/// ## Fix
/// Enable route propagation from the VGW on the subnets' route tables, or add static routes for
/// the on-premises prefixes. (Source: [VPN-setup] configure routing, [VPN-routing].)
pub(super) fn vpn_no_vpc_route(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (gateway, vpns) in &ctx.hybrid.vpns_by_gateway {
        let Some(vgw) = ctx.hybrid.vgws.get(gateway) else {
            continue;
        };
        let Some(vpc) = vgw.attached_vpc() else {
            continue;
        };
        let tables = ctx
            .tables_by_vpc
            .get(vpc.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let routed = tables.iter().any(|table| {
            table
                .propagating_vgws
                .iter()
                .any(|g| g.as_str() == *gateway)
                || table
                    .routes
                    .iter()
                    .any(|route| route.target.id() == *gateway)
        });
        if routed {
            continue;
        }
        let table_hint = tables
            .iter()
            .min_by_key(|t| (!t.main, t.id.as_str()))
            .map_or_else(
                || "the subnets' route tables".to_string(),
                |t| t.id.to_string(),
            );
        let mut resources = vec![gateway.to_string(), vpc.to_string()];
        resources.extend(vpns.iter().map(|v| v.id.to_string()));
        out.push(ctx.finding(
            "VPN_NO_VPC_ROUTE",
            Severity::Warning,
            format!(
                "no route table of {} routes to {} or propagates its routes: subnets cannot send traffic over its VPN",
                ctx.label(vpc.as_str()),
                ctx.label(gateway)
            ),
            resources,
            Some(format!("enable route propagation from {gateway} on {table_hint}, or add routes for the on-premises prefixes → {gateway}")),
        ));
    }
}

/// ## What it checks
/// A connection on a virtual private gateway with an IPv6 tunnel inside CIDR, an IPv6 static
/// route, or IPv6 outside (tunnel endpoint) addresses (`OutsideIpAddressType: Ipv6`).
/// ## Why it matters
/// VPN connections on a VGW carry IPv4 only; IPv6 inside the tunnels needs a transit gateway (and
/// cannot be enabled on an existing connection), and IPv6 customer gateway addresses are
/// "supported only for VPN connections on a transit gateway or Cloud WAN" (customer gateway
/// options page; docs/catalog-review.md).
/// ## Fix
/// Carry IPv6 over a VPN on a transit gateway, or over Direct Connect. (Source: [VPN-what],
/// [VPN-ipv6].)
pub(super) fn vpn_ipv6_on_vgw(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx) {
        let Some((gateway, true)) = target(vpn) else {
            continue;
        };
        let ipv6 = vpn
            .tunnels
            .iter()
            .filter_map(|t| t.inside_ipv6_cidr.map(|c| c.to_string()))
            .chain(
                vpn.routes
                    .iter()
                    .filter(|r| r.cidr.v6().is_some())
                    .map(|r| r.cidr.to_string()),
            )
            .next()
            .or_else(|| outside_type_is(vpn, "Ipv6").then(|| "IPv6 outside addresses".to_string()));
        let Some(ipv6) = ipv6 else {
            continue;
        };
        out.push(ctx.finding(
            "VPN_IPV6_ON_VGW",
            Severity::Error,
            format!(
                "{} on {} uses IPv6 ({ipv6}): VPN connections on a virtual private gateway carry IPv4 only",
                ctx.label(vpn.id.as_str()),
                ctx.label(gateway)
            ),
            vec![vpn.id.to_string(), gateway.to_string()],
            Some("create an IPv6 VPN connection on a transit gateway, or carry IPv6 over Direct Connect".to_string()),
        ));
    }
}

/// ## What it checks
/// A connection with a tunnel whose telemetry says `DOWN` (one of two, or both).
/// ## Why it matters
/// With one tunnel down the connection has no redundancy (AWS sends a "single tunnel" notice
/// when that lasts); with both down nothing passes. Traces that use the VPN stop there.
/// ## Fix
/// Bring the tunnel up on the customer gateway (IKE/IPsec settings, UDP 500/4500 and ESP allowed).
/// (Source: [VPN-health], [API-ec2] `VgwTelemetry`.)
pub(super) fn vpn_tunnel_down(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx) {
        let down: Vec<&VpnTunnel> = vpn.tunnels.iter().filter(|t| tunnel_down(t)).collect();
        if down.is_empty() {
            continue;
        }
        let all = down.len() == vpn.tunnels.len();
        let which: Vec<&str> = down
            .iter()
            .map(|t| t.outside_ip.as_deref().unwrap_or("?"))
            .collect();
        out.push(ctx.finding(
            "VPN_TUNNEL_DOWN",
            Severity::Warning,
            if all {
                format!(
                    "every tunnel of {} is down ({}): no traffic passes the VPN",
                    ctx.label(vpn.id.as_str()),
                    which.join(", ")
                )
            } else {
                format!(
                    "{} of the {} tunnels of {} {} down ({}): the connection has no redundancy",
                    down.len(),
                    vpn.tunnels.len(),
                    ctx.label(vpn.id.as_str()),
                    if down.len() == 1 { "is" } else { "are" },
                    which.join(", ")
                )
            },
            vec![vpn.id.to_string(), vpn.customer_gateway.to_string()],
            Some(format!(
                "bring the tunnel{} up on {}: check the IKE/IPsec settings and that UDP 500, UDP 4500 and ESP reach {}",
                if down.len() == 1 { "" } else { "s" },
                vpn.customer_gateway,
                which.join(" and ")
            )),
        ));
    }
}

/// ## What it checks
/// A virtual private or transit gateway all of whose live VPN connections end on one customer
/// gateway, and that no Direct Connect virtual interface reaches (with Direct Connect as the
/// primary path, the VPN is the backup and its one device is not the only way on-premises).
/// ## Why it matters
/// The two tunnels protect against a failure on AWS's side, not against the loss of the one
/// customer device: it is a single point of failure.
/// ## Fix
/// Add a second VPN connection to a second customer gateway device that advertises the same
/// prefixes. (Source: [VPN-redundant].)
pub(super) fn vpn_single_cgw(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (gateway, vpns) in &ctx.hybrid.vpns_by_gateway {
        let cgws: BTreeSet<&str> = vpns.iter().map(|v| v.customer_gateway.as_str()).collect();
        let [cgw] = cgws.into_iter().collect::<Vec<_>>()[..] else {
            continue;
        };
        if !vifs_reaching_gateway(ctx, gateway).is_empty() {
            continue;
        }
        let mut resources = vec![gateway.to_string(), cgw.to_string()];
        resources.extend(vpns.iter().map(|v| v.id.to_string()));
        out.push(ctx.finding(
            "VPN_SINGLE_CGW",
            Severity::Warning,
            format!(
                "every VPN connection of {} ends on one customer gateway, {}: that device is a single point of failure",
                ctx.label(gateway),
                ctx.label(cgw)
            ),
            resources,
            Some(format!("add a second VPN connection on {gateway} to a second customer gateway device that advertises the same prefixes")),
        ));
    }
}

/// ## What it checks
/// An accelerated connection (`EnableAcceleration: true`) on a virtual private gateway.
/// ## Why it matters
/// Accelerated VPN (through AWS Global Accelerator) exists only on transit gateways; it cannot
/// be toggled on an existing connection.
/// ## Fix
/// Create the connection on a transit gateway, or without acceleration. (Source: [VPN-accel].)
pub(super) fn vpn_acceleration_on_vgw(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx).filter(|v| v.enable_acceleration) {
        let Some((gateway, true)) = target(vpn) else {
            continue;
        };
        out.push(ctx.finding(
            "VPN_ACCELERATION_ON_VGW",
            Severity::Error,
            format!(
                "{} is accelerated but ends on {}: acceleration is available only on transit gateways",
                ctx.label(vpn.id.as_str()),
                ctx.label(gateway)
            ),
            vec![vpn.id.to_string(), gateway.to_string()],
            Some("create the connection on a transit gateway, or turn acceleration off".to_string()),
        ));
    }
}

fn outside_type_is(vpn: &VpnConnection, wanted: &str) -> bool {
    vpn.outside_ip_address_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case(wanted))
}

/// ## What it checks
/// A private-IP connection (`OutsideIpAddressType: PrivateIpv4`) that does not end on a transit
/// gateway, or has no transport attachment, or whose transport attachment (in the document) is
/// not a Direct Connect gateway attachment.
/// ## Why it matters
/// A private-IP VPN runs over a Direct Connect transit VIF, through a transit gateway's DX
/// gateway attachment; anything else is refused.
/// ## Fix
/// End the connection on the transit gateway and name its Direct Connect gateway attachment as
/// the transport. (Source: [API-ec2], [VPN-privip].)
pub(super) fn vpn_private_ip_requirements(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx).filter(|v| outside_type_is(v, "PrivateIpv4")) {
        let problem = if vpn.transit_gateway.is_none() {
            Some("does not end on a transit gateway".to_string())
        } else if let Some(attachment) = &vpn.transport_attachment {
            ctx.hybrid
                .tgw_attachments
                .get(attachment.as_str())
                .filter(|a| a.resource_type != "direct-connect-gateway")
                .map(|a| format!("runs over {}, a {} attachment", attachment, a.resource_type))
        } else {
            Some("names no transport attachment".to_string())
        };
        let Some(problem) = problem else {
            continue;
        };
        let mut resources = vec![vpn.id.to_string()];
        resources.extend(vpn.transport_attachment.iter().map(ToString::to_string));
        out.push(ctx.finding(
            "VPN_PRIVATE_IP_REQUIREMENTS",
            Severity::Error,
            format!(
                "{} uses private outside addresses but {problem}: a private-IP VPN runs over a Direct Connect gateway attachment of a transit gateway",
                ctx.label(vpn.id.as_str())
            ),
            resources,
            Some("end the connection on the transit gateway and set its transport attachment to the transit gateway's Direct Connect gateway attachment".to_string()),
        ));
    }
}

/// RFC 1918 or RFC 6598 (shared address space).
fn is_private_or_shared(ip: Ipv4Addr) -> bool {
    let octets = ip.octets();
    ip.is_private() || (octets[0] == 100 && (64..128).contains(&octets[1]))
}

/// ## What it checks
/// For a customer gateway used by a live connection: no `IpAddress` and no certificate; an
/// address that is not an IPv4 address; a private (RFC 1918/6598) address for a public
/// connection, or a public one for a private-IP connection; a loopback, link-local, multicast
/// or unspecified address for any connection. IPv6 outside addresses are not checked.
/// ## Why it matters
/// The tunnels are built to this static address; AWS refuses addresses it cannot reach the
/// device on. Behind NAT, use the NAT's public address and allow UDP 500 and 4500.
/// ## Fix
/// Give the customer gateway the device's static outside address. (Source: [VPN-cgw],
/// [API-ec2] CreateCustomerGateway.)
pub(super) fn vpn_cgw_ip_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut private_use: BTreeMap<&str, bool> = BTreeMap::new();
    for vpn in live_vpns(ctx) {
        if outside_type_is(vpn, "Ipv6") {
            continue;
        }
        let private = outside_type_is(vpn, "PrivateIpv4");
        *private_use
            .entry(vpn.customer_gateway.as_str())
            .or_insert(private) |= private;
    }
    for (cgw_id, private) in private_use {
        let Some(cgw) = ctx.hybrid.cgws.get(cgw_id) else {
            continue;
        };
        let problem = match cgw.ip_address.as_deref().map(str::trim) {
            None | Some("") if cgw.certificate_arn.is_none() => {
                Some("has no outside IP address (and no certificate)".to_string())
            }
            None | Some("") => None,
            Some(text) => match text.parse::<Ipv4Addr>() {
                Err(_) => Some(format!("has the outside address {text:?}, which is not an IPv4 address")),
                Ok(ip) if ip.is_loopback() || ip.is_link_local() || ip.is_multicast() || ip.is_unspecified() || ip.is_broadcast() => {
                    Some(format!("has the outside address {ip}, which cannot terminate a tunnel"))
                }
                Ok(ip) if !private && is_private_or_shared(ip) => Some(format!(
                    "has the private outside address {ip}, but its VPN connections run over the internet"
                )),
                Ok(ip) if private && !is_private_or_shared(ip) => Some(format!(
                    "has the public outside address {ip}, but its VPN connections use private outside addresses"
                )),
                Ok(_) => None,
            },
        };
        let Some(problem) = problem else {
            continue;
        };
        out.push(ctx.finding(
            "VPN_CGW_IP_INVALID",
            Severity::Error,
            format!("{} {problem}", ctx.label(cgw_id)),
            vec![cgw_id.to_string()],
            Some(if private {
                "use the device's RFC 1918 or RFC 6598 address on the Direct Connect side".to_string()
            } else {
                "use the device's static public address (behind NAT: the NAT's public address, with UDP 500 and 4500 forwarded)".to_string()
            }),
        ));
    }
}

/// ## What it checks
/// A transit gateway with two or more live connections of which some use static routing.
/// (The other half of the catalog row — a VGW uses one tunnel at a time across all its
/// connections — is a fact about every VGW with two connections, which is the redundant design
/// AWS recommends; it is left to the trace's hints rather than reported on every such VGW.)
/// ## Why it matters
/// Only a transit gateway with BGP spreads traffic over several tunnels (ECMP); static
/// connections get no ECMP, so more connections add redundancy, not bandwidth.
/// ## Fix
/// For more bandwidth, use BGP on every connection of the transit gateway with VPN ECMP
/// support enabled, or Direct Connect. (Source: [VPN-routing], [VPN-quotas].)
pub(super) fn vpn_ecmp_static(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (gateway, vpns) in &ctx.hybrid.vpns_by_gateway {
        if vpns.len() < 2 || !ctx.hybrid.tgws.contains_key(gateway) {
            continue;
        }
        let statics: Vec<&&VpnConnection> = vpns.iter().filter(|v| v.static_routes_only).collect();
        if statics.is_empty() {
            continue;
        }
        let mut resources = vec![gateway.to_string()];
        resources.extend(statics.iter().map(|v| v.id.to_string()));
        out.push(ctx.finding(
            "VPN_ECMP_STATIC",
            Severity::Info,
            format!(
                "{} has {} VPN connections, {} with static routing: traffic is spread over several tunnels (ECMP) only with BGP",
                ctx.label(gateway),
                vpns.len(),
                statics.len()
            ),
            resources,
            Some("for more bandwidth use BGP on every connection with VPN ECMP support enabled on the transit gateway, or Direct Connect".to_string()),
        ));
    }
}

/// How a virtual private gateway learned an on-premises prefix, in its order of preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Learned {
    DirectConnect,
    VpnStatic,
    VpnBgp,
}

impl Learned {
    fn text(self) -> &'static str {
        match self {
            Learned::DirectConnect => "Direct Connect (BGP)",
            Learned::VpnStatic => "a VPN static route",
            Learned::VpnBgp => "VPN BGP",
        }
    }
}

/// ## What it checks
/// The same on-premises prefix reaching one virtual private gateway by more than one kind of
/// path: Direct Connect (declared ranges of the sites behind VIFs to the VGW or its Direct
/// Connect gateway), VPN static routes, and VPN BGP (declared ranges behind customer gateways of
/// dynamic connections).
/// ## Why it matters
/// For equal prefixes the VGW prefers Direct Connect, then VPN static, then VPN BGP; the others
/// are backups only. Traffic may not take the path the designer expects.
/// ## Fix
/// Nothing if intended; otherwise advertise a more specific prefix on the preferred path.
/// (Source: [VPN-routing].)
pub(super) fn vpn_route_preference(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vgw in ctx.topo.vpn_gateways.iter().filter(|g| is_live(&g.state)) {
        let mut learned: BTreeMap<Cidr, BTreeMap<Learned, BTreeSet<String>>> = BTreeMap::new();
        for vpn in ctx
            .hybrid
            .vpns_by_gateway
            .get(vgw.id.as_str())
            .into_iter()
            .flatten()
        {
            for route in vpn.routes.iter().filter(|r| r.state.is_none()) {
                learned
                    .entry(route.cidr)
                    .or_default()
                    .entry(Learned::VpnStatic)
                    .or_default()
                    .insert(vpn.id.to_string());
            }
            if !vpn.static_routes_only {
                for site in ctx
                    .hybrid
                    .sites_by_cgw
                    .get(vpn.customer_gateway.as_str())
                    .into_iter()
                    .flatten()
                {
                    for cidr in &site.cidrs {
                        learned
                            .entry(*cidr)
                            .or_default()
                            .entry(Learned::VpnBgp)
                            .or_default()
                            .insert(vpn.id.to_string());
                    }
                }
            }
        }
        for vif in vifs_reaching_gateway(ctx, vgw.id.as_str()) {
            for site in ctx
                .hybrid
                .sites_by_vif
                .get(vif.id.as_str())
                .into_iter()
                .flatten()
            {
                for cidr in &site.cidrs {
                    learned
                        .entry(*cidr)
                        .or_default()
                        .entry(Learned::DirectConnect)
                        .or_default()
                        .insert(vif.id.to_string());
                }
            }
        }
        for (prefix, by_kind) in learned {
            if by_kind.len() < 2 {
                continue;
            }
            let kinds: Vec<Learned> = by_kind.keys().copied().collect();
            let winner = kinds[0];
            let mut resources = vec![vgw.id.to_string()];
            for ids in by_kind.values() {
                resources.extend(ids.iter().cloned());
            }
            let others: Vec<&str> = kinds[1..].iter().map(|k| k.text()).collect();
            out.push(ctx.finding(
                "VPN_ROUTE_PREFERENCE",
                Severity::Info,
                format!(
                    "{} learns {prefix} from {} and {}: it uses {}, the others are backups",
                    ctx.label(vgw.id.as_str()),
                    winner.text(),
                    others.join(" and "),
                    winner.text()
                ),
                resources,
                Some("nothing to do if intended; to prefer another path, advertise a more specific prefix on it".to_string()),
            ));
        }
    }
}

/// Live virtual interfaces that reach a VGW or TGW: private VIFs straight to a VGW, and VIFs on
/// a Direct Connect gateway the VGW or TGW is associated with. Sorted by id.
pub(super) fn vifs_reaching_gateway<'a>(ctx: &Ctx<'a>, vgw: &str) -> Vec<&'a VirtualInterface> {
    let mut vifs: Vec<&VirtualInterface> =
        ctx.hybrid.vifs_by_vgw.get(vgw).cloned().unwrap_or_default();
    for assoc in ctx.hybrid.assocs_by_gateway.get(vgw).into_iter().flatten() {
        vifs.extend(
            ctx.hybrid
                .vifs_by_dxgw
                .get(assoc.dx_gateway.as_str())
                .into_iter()
                .flatten(),
        );
    }
    crate::sort::sort_by_key(&mut vifs, |v| v.id.as_str());
    vifs.dedup_by_key(|v| v.id.as_str());
    vifs
}

/// ## What it checks
/// A connection in a state other than `available` that is not terminal (e.g. `pending`).
/// ## Why it matters
/// It carries no traffic until it is available.
/// ## Fix
/// Wait for it, or look at why it is stuck. (Source: [API-ec2].)
pub(super) fn vpn_connection_state(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx) {
        let Some(state) = &vpn.state else {
            continue;
        };
        if state.eq_ignore_ascii_case("available") {
            continue;
        }
        out.push(ctx.finding(
            "VPN_CONNECTION_STATE",
            Severity::Info,
            format!(
                "{} is {state}: it carries no traffic until it is available",
                ctx.label(vpn.id.as_str())
            ),
            vec![vpn.id.to_string()],
            Some("wait until the connection is available".to_string()),
        ));
    }
}

/// Every out-of-range option of one tunnel, as short phrases.
fn tunnel_option_problems(o: &TunnelOptions) -> Vec<String> {
    let mut problems = Vec::new();
    let phase1 = o.phase1_lifetime_seconds.unwrap_or(28_800);
    let phase2 = o.phase2_lifetime_seconds.unwrap_or(3_600);
    if !(900..=28_800).contains(&phase1) {
        problems.push(format!("phase 1 lifetime {phase1} s (900–28800)"));
    }
    if !(900..=3_600).contains(&phase2) || phase2 >= phase1 {
        problems.push(format!(
            "phase 2 lifetime {phase2} s (900–3600, below phase 1's {phase1})"
        ));
    }
    if let Some(margin) = o.rekey_margin_time_seconds {
        if margin < 60 || margin > phase2 / 2 {
            problems.push(format!("rekey margin {margin} s (60–{})", phase2 / 2));
        }
    }
    if let Some(fuzz) = o.rekey_fuzz_percentage.filter(|f| *f > 100) {
        problems.push(format!("rekey fuzz {fuzz} % (0–100)"));
    }
    if let Some(window) = o.replay_window_size.filter(|w| !(64..=2048).contains(w)) {
        problems.push(format!("replay window {window} packets (64–2048)"));
    }
    if let Some(timeout) = o.dpd_timeout_seconds.filter(|t| *t < 30) {
        problems.push(format!("DPD timeout {timeout} s (30 or more)"));
    }
    let not_in = |value: &Option<String>, allowed: &[&str]| {
        value
            .as_deref()
            .filter(|v| !allowed.iter().any(|a| a.eq_ignore_ascii_case(v)))
            .map(ToString::to_string)
    };
    if let Some(action) = not_in(&o.dpd_timeout_action, &["clear", "none", "restart"]) {
        problems.push(format!(
            "DPD timeout action {action:?} (clear, none, restart)"
        ));
    }
    if let Some(action) = not_in(&o.startup_action, &["add", "start"]) {
        problems.push(format!("startup action {action:?} (add, start)"));
    }
    let outside = |values: &[String], allowed: &[&str]| -> Vec<String> {
        values
            .iter()
            .filter(|v| !allowed.iter().any(|a| a.eq_ignore_ascii_case(v)))
            .cloned()
            .collect()
    };
    const ENCRYPTION: [&str; 4] = ["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"];
    const INTEGRITY: [&str; 4] = ["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"];
    for (what, values, allowed) in [
        ("IKE version", &o.ike_versions, &["ikev1", "ikev2"][..]),
        (
            "phase 1 encryption",
            &o.phase1_encryption_algorithms,
            &ENCRYPTION[..],
        ),
        (
            "phase 2 encryption",
            &o.phase2_encryption_algorithms,
            &ENCRYPTION[..],
        ),
        (
            "phase 1 integrity",
            &o.phase1_integrity_algorithms,
            &INTEGRITY[..],
        ),
        (
            "phase 2 integrity",
            &o.phase2_integrity_algorithms,
            &INTEGRITY[..],
        ),
    ] {
        let bad = outside(values, allowed);
        if !bad.is_empty() {
            problems.push(format!(
                "{what} {} ({})",
                bad.join(", "),
                allowed.join(", ")
            ));
        }
    }
    for (what, groups, extra) in [
        ("phase 1 DH group", &o.phase1_dh_group_numbers, None),
        ("phase 2 DH group", &o.phase2_dh_group_numbers, Some(5)),
    ] {
        let bad: Vec<String> = groups
            .iter()
            .filter(|g| !(**g == 2 || (14..=24).contains(*g) || Some(**g) == extra))
            .map(ToString::to_string)
            .collect();
        if !bad.is_empty() {
            problems.push(format!(
                "{what} {} (2, {}14–24)",
                bad.join(", "),
                if extra.is_some() { "5, " } else { "" }
            ));
        }
    }
    problems
}

/// ## What it checks
/// A tunnel option outside what AWS accepts: phase 1 lifetime 900–28800 s; phase 2 lifetime
/// 900–3600 s and below phase 1; rekey margin 60 s to half of phase 2; rekey fuzz 0–100 %;
/// replay window 64–2048; DPD timeout at least 30 s; DPD action clear/none/restart; startup
/// action add/start; IKE versions ikev1/ikev2; encryption AES128, AES256, AES128-GCM-16,
/// AES256-GCM-16; integrity SHA1, SHA2-256/384/512; DH groups 2, 14–24 (phase 2 also 5).
/// Absent options take AWS's defaults. (The pre-shared key is never kept, so `VPN_PSK_INVALID`
/// cannot be checked.)
/// ## Why it matters
/// CreateVpnConnection / ModifyVpnTunnelOptions refuse such options.
/// ## Fix
/// Use values inside the ranges (or leave the defaults). (Source: [VPN-tunnels], [API-ec2]
/// `VpnTunnelOptionsSpecification`.)
pub(super) fn vpn_tunnel_option_range(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpn in live_vpns(ctx) {
        for (i, tunnel) in vpn.tunnels.iter().enumerate() {
            let Some(options) = &tunnel.options else {
                continue;
            };
            let problems = tunnel_option_problems(options);
            if problems.is_empty() {
                continue;
            }
            let which = tunnel
                .outside_ip
                .clone()
                .unwrap_or_else(|| format!("#{}", i + 1));
            out.push(ctx.finding(
                "VPN_TUNNEL_OPTION_RANGE",
                Severity::Error,
                format!(
                    "tunnel {which} of {} has options AWS refuses: {}",
                    ctx.label(vpn.id.as_str()),
                    problems.join("; ")
                ),
                vec![vpn.id.to_string()],
                Some("bring the options inside the ranges given in parentheses, or remove them to use AWS's defaults".to_string()),
            ));
        }
    }
}

/// ## What it checks
/// A route table with a route propagated from a virtual private gateway and a wider static
/// route (not a default route) to another kind of path — a transit gateway, a peering, an
/// interface or instance — that covers it: a design whose static route is the backup for the
/// VPN.
/// ## Why it matters
/// Propagated routes stay while the VPN connection is `UP`; if one tunnel is interrupted while
/// the connection stays up, the propagated route is not withdrawn, so traffic does not fail
/// over to the static route.
/// ## Fix
/// Keep both tunnels of the connection healthy (monitor each), or make the backup path dynamic
/// too (BGP on both). (Source: [VPN-setup].)
pub(super) fn vpn_propagation_stale(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in ctx
        .topo
        .route_tables
        .iter()
        .filter(|t| !t.propagating_vgws.is_empty())
    {
        let active = || {
            table
                .routes
                .iter()
                .filter(|r| r.state == RouteState::Active)
        };
        let backups: Vec<(&Cidr4, &Route)> = active()
            .filter(|r| r.origin == RouteOrigin::CreateRoute)
            .filter(|r| {
                matches!(
                    r.target,
                    RouteTarget::TransitGateway(_)
                        | RouteTarget::VpcPeering(_)
                        | RouteTarget::NetworkInterface(_)
                        | RouteTarget::Instance(_)
                )
            })
            .filter_map(|r| match &r.destination {
                Destination::Ipv4(cidr) if cidr.prefix_len() > 0 => Some((cidr, r)),
                _ => None,
            })
            .collect();
        if backups.is_empty() {
            continue;
        }
        // One finding per backup route: a BGP session can propagate a hundred prefixes.
        let mut reported: Vec<&Cidr4> = Vec::new();
        for route in active().filter(|r| r.origin == RouteOrigin::EnableVgwRoutePropagation) {
            let (Destination::Ipv4(prefix), RouteTarget::VpnGateway(vgw)) =
                (&route.destination, &route.target)
            else {
                continue;
            };
            let Some((backup, backup_route)) = backups
                .iter()
                .find(|(wide, _)| wide.prefix_len() < prefix.prefix_len() && prefix.within(wide))
            else {
                continue;
            };
            if reported.contains(backup) {
                continue;
            }
            reported.push(backup);
            out.push(ctx.finding(
                "VPN_PROPAGATION_STALE",
                Severity::Info,
                format!(
                    "{} has {prefix} propagated from {} and {backup} → {} as its backup, but a propagated route stays while the VPN connection is UP, even with a tunnel down: traffic may not fail over",
                    ctx.label(table.id.as_str()),
                    ctx.label(vgw.as_str()),
                    ctx.label(backup_route.target.id())
                ),
                vec![
                    table.id.to_string(),
                    vgw.to_string(),
                    backup_route.target.id().to_string(),
                ],
                Some(format!(
                    "monitor both tunnels of the VPN on {vgw}, or make the path through {} dynamic (BGP) as well",
                    backup_route.target.id()
                )),
            ));
        }
    }
}
