//! Rule family `peering`: VPC peering connections and the routes that use them (catalog §1.5).
//!
//! Peering is the most misunderstood AWS connection: it is not transitive, a pair of VPCs can have
//! only one, and both sides must route. Overlap checks compare only the two VPCs of each peering
//! (never all VPC pairs), so the family is linear in the number of peerings and routes.

use super::context::Ctx;
use super::intervals::overlapping_pairs;
use super::{Finding, Severity};
use crate::model::*;
use std::collections::BTreeMap;

/// Peering states in which AWS still counts the connection (for duplicates and overlap).
fn is_live(status: &str) -> bool {
    matches!(
        status,
        "initiating-request" | "pending-acceptance" | "provisioning" | "active"
    )
}

/// ## What it checks
/// Requester and accepter are the same VPC (**unconfirmed** in stored AWS text; the API refuses it).
/// ## Why it matters
/// A VPC reaches its own addresses through its local route; the peering cannot exist.
/// ## Fix
/// Remove the peering. (Source: none stored; catalog §1.5, §5 item 6.)
pub(super) fn peering_self(ctx: &Ctx, out: &mut Vec<Finding>) {
    for pcx in &ctx.topo.vpc_peering_connections {
        if pcx.requester.vpc == pcx.accepter.vpc {
            out.push(ctx.finding(
                "PEERING_SELF",
                Severity::Error,
                format!("{} peers {} with itself", ctx.label(pcx.id.as_str()), ctx.label(pcx.requester.vpc.as_str())),
                vec![pcx.id.to_string(), pcx.requester.vpc.to_string()],
                Some("remove the peering: a VPC reaches its own addresses through its local route".to_string()),
            ));
        }
    }
}

/// ## What it checks
/// Any IPv4 block of one side overlaps (or equals) any IPv4 block of the other side, primary or
/// secondary, or their IPv6 blocks overlap. A side's blocks are its VPC's when the document has the
/// VPC, else the blocks the peering carries for that side. Only the two VPCs of each peering are
/// compared (their lists are short), never all pairs of VPCs; `failed` peerings are checked too,
/// since overlap is the usual reason for that state.
/// ## Why it matters
/// AWS sets such a peering to `failed` at once, even if only non-overlapping blocks were meant to be
/// used. The 2025 whitepaper words it as "primary overlap"; the Peering Guide says any block, and
/// that strict reading is kept.
/// ## Fix
/// Re-address one VPC; the hint names a free block inside 10.0.0.0/8.
/// (Source: [PG-basics], [PG-invalid], [API-ec2] CreateVpcPeeringConnection, [WP-conn].)
pub(super) fn peering_cidr_overlap(ctx: &Ctx, out: &mut Vec<Finding>) {
    for pcx in &ctx.topo.vpc_peering_connections {
        if pcx.requester.vpc == pcx.accepter.vpc
            || !matches!(pcx.status_code().as_str(), s if is_live(s) || s == "failed")
        {
            continue;
        }
        let left = ctx.side_cidrs(&pcx.requester);
        let right = ctx.side_cidrs(&pcx.accepter);
        let mut overlapping: Vec<(Cidr4, Cidr4)> = Vec::new();
        let ranges: Vec<(u32, u32)> = left.iter().chain(right.iter()).map(Cidr4::range).collect();
        for (i, j) in overlapping_pairs(&ranges) {
            // Only pairs across the two sides count here; within one VPC it is another rule.
            if i < left.len() && j >= left.len() {
                overlapping.push((left[i], right[j - left.len()]));
            }
        }
        let left6 = ctx.side_ipv6_cidrs(&pcx.requester);
        let right6 = ctx.side_ipv6_cidrs(&pcx.accepter);
        let overlapping6: Vec<(Cidr6, Cidr6)> = left6
            .iter()
            .flat_map(|a| {
                right6
                    .iter()
                    .filter(move |b| a.overlaps(b))
                    .map(move |b| (*a, *b))
            })
            .collect();
        if overlapping.is_empty() && overlapping6.is_empty() {
            continue;
        }
        let pairs: Vec<String> = overlapping
            .iter()
            .map(|(a, b)| format!("{a} and {b}"))
            .chain(overlapping6.iter().map(|(a, b)| format!("{a} and {b}")))
            .collect();
        let hint = overlapping
            .first()
            .and_then(|(_, b)| ctx.free_block_like(b))
            .map_or_else(
                || {
                    format!(
                        "re-address {} so that no block overlaps the other VPC",
                        pcx.accepter.vpc
                    )
                },
                |free| {
                    format!(
                        "re-address {} with a CIDR that does not overlap {}, e.g. {free}",
                        pcx.accepter.vpc, pcx.requester.vpc
                    )
                },
            );
        out.push(ctx.finding(
            "PEERING_CIDR_OVERLAP",
            Severity::Error,
            format!(
                "{} joins {} and {}, whose blocks overlap ({}): AWS refuses a peering between overlapping VPCs",
                ctx.label(pcx.id.as_str()),
                ctx.label(pcx.requester.vpc.as_str()),
                ctx.label(pcx.accepter.vpc.as_str()),
                pairs.join("; ")
            ),
            vec![pcx.id.to_string(), pcx.requester.vpc.to_string(), pcx.accepter.vpc.to_string()],
            Some(hint),
        ));
    }
}

/// ## What it checks
/// More than one peering in a live state (`initiating-request`, `pending-acceptance`,
/// `provisioning`, `active`) between the same two VPCs, in either direction.
/// ## Why it matters
/// AWS allows one peering between two VPCs at a time.
/// ## Fix
/// Keep one (the active one, named first) and delete the others, moving their routes to it.
/// (Source: [PG-basics].)
pub(super) fn peering_duplicate(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut by_pair: BTreeMap<(&str, &str), Vec<&VpcPeeringConnection>> = BTreeMap::new();
    for pcx in &ctx.topo.vpc_peering_connections {
        if !is_live(&pcx.status_code()) {
            continue;
        }
        let (a, b) = (pcx.requester.vpc.as_str(), pcx.accepter.vpc.as_str());
        by_pair.entry((a.min(b), a.max(b))).or_default().push(pcx);
    }
    for ((a, b), mut peerings) in by_pair {
        if peerings.len() < 2 {
            continue;
        }
        // The active one first (the one to keep), then by id: the same text whatever the order.
        crate::sort::sort_by_key(&mut peerings, |pcx| (!pcx.is_active(), pcx.id.as_str()));
        let ids: Vec<String> = peerings.iter().map(|p| p.id.to_string()).collect();
        let mut resources = ids.clone();
        resources.extend([a.to_string(), b.to_string()]);
        out.push(ctx.finding(
            "PEERING_DUPLICATE",
            Severity::Error,
            format!(
                "{} and {} have {} peering connections ({}); AWS allows one between two VPCs",
                ctx.label(a),
                ctx.label(b),
                peerings.len(),
                ids.join(", ")
            ),
            resources,
            Some(format!(
                "keep {} and delete the others, moving their routes to it",
                ids[0]
            )),
        ));
    }
}

/// Every route that targets a peering the document has, with its table and the peering.
fn peering_routes<'c, 'a>(
    ctx: &'c Ctx<'a>,
) -> impl Iterator<Item = (&'a RouteTable, &'a Route, &'a VpcPeeringConnection)> + 'c {
    ctx.topo.route_tables.iter().flat_map(move |table| {
        table
            .routes
            .iter()
            .filter_map(move |route| match &route.target {
                RouteTarget::VpcPeering(id) => ctx
                    .peerings
                    .get(id.as_str())
                    .map(|pcx| (table, route, *pcx)),
                _ => None,
            })
    })
}

/// For a route in `vpc`'s table that targets `pcx`, the far side of the peering.
fn far_side<'a>(pcx: &'a VpcPeeringConnection, vpc: &VpcId) -> Option<&'a PeeringSide> {
    if &pcx.requester.vpc == vpc {
        Some(&pcx.accepter)
    } else if &pcx.accepter.vpc == vpc {
        Some(&pcx.requester)
    } else {
        None
    }
}

/// ## What it checks
/// A route in VPC X's table sends destination D to a live peering X↔Y while D is not inside any
/// block of Y (Y's VPC blocks when the document has Y, else the peering's blocks for that side): the
/// route relies on Y forwarding the traffic onward.
/// ## Why it matters
/// Peering is not transitive: AWS drops packets whose destination is not in the peer VPC
/// (Reachability Analyzer: `PCX_REQUIRES_ADDRESS_IN_VPC_CIDR`).
/// ## Fix
/// Peer X with the destination's VPC directly and route D to the new peering, or use a transit
/// gateway. (Source: [PG-basics], [PG-invalid], [RA-codes].)
pub(super) fn peering_transitive(ctx: &Ctx, out: &mut Vec<Finding>) {
    let owner_of = owners_of_cidrs(ctx);
    for (table, route, pcx) in peering_routes(ctx) {
        // A route to a dead peering is `ROUTE_PCX_NOT_ACTIVE` already; where it would lead is moot.
        if !is_live(&pcx.status_code()) {
            continue;
        }
        let Some(far) = far_side(pcx, &table.vpc) else {
            continue;
        };
        let inside = match &route.destination {
            Destination::Ipv4(dest) => {
                let cidrs = ctx.side_cidrs(far);
                if cidrs.is_empty() {
                    continue; // The peer's blocks are unknown: nothing to decide.
                }
                cidrs.iter().any(|block| dest.within(block))
            }
            Destination::Ipv6(dest) => {
                let cidrs = ctx.side_ipv6_cidrs(far);
                if cidrs.is_empty() {
                    continue;
                }
                cidrs.iter().any(|block| dest.within(block))
            }
            Destination::PrefixList(_) => continue,
        };
        if inside {
            continue;
        }
        let destination = route.destination.to_string();
        let real_owner = match &route.destination {
            Destination::Ipv4(dest) => owner_of
                .iter()
                .find(|(block, vpc)| {
                    dest.within(block) && *vpc != far.vpc.as_str() && *vpc != table.vpc.as_str()
                })
                .map(|(_, vpc)| *vpc),
            _ => None,
        };
        let hint = match real_owner {
            Some(owner) => format!(
                "peer {} with {} directly and route {destination} to that peering, or connect them through a transit gateway",
                table.vpc,
                ctx.label(owner)
            ),
            None => format!(
                "route {destination} to a target that can reach it (a direct peering, a transit gateway, a VPN), or remove the route"
            ),
        };
        let mut resources = vec![
            table.id.to_string(),
            pcx.id.to_string(),
            far.vpc.to_string(),
        ];
        if let Some(owner) = real_owner {
            resources.push(owner.to_string());
        }
        out.push(ctx.finding(
            "PEERING_TRANSITIVE",
            Severity::Error,
            format!(
                "{} sends {destination} to {}, but {destination} is not inside {}: VPC peering is not transitive, so the traffic is dropped",
                ctx.label(table.id.as_str()),
                ctx.label(pcx.id.as_str()),
                ctx.label(far.vpc.as_str())
            ),
            resources,
            Some(hint),
        ));
    }
}

/// Every VPC block with its VPC, sorted by block, to name where a destination really lives.
fn owners_of_cidrs<'a>(ctx: &Ctx<'a>) -> Vec<(Cidr4, &'a str)> {
    let mut owners: Vec<(Cidr4, &str)> = ctx
        .topo
        .vpcs
        .iter()
        .flat_map(|vpc| vpc.cidrs.iter().map(move |c| (*c, vpc.id.as_str())))
        .collect();
    crate::sort::sort(&mut owners);
    owners
}

/// ## What it checks
/// A route targets a peering whose status is not `active`.
/// ## Why it matters
/// Until the peering is active (and after it is deleted) the route is a blackhole.
/// ## Fix
/// Accept the pending peering, or remove the route / point it at a live peering.
/// (Source: [PG-routing], [PG-basics] lifecycle.)
pub(super) fn route_pcx_not_active(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (table, route, pcx) in peering_routes(ctx) {
        let status = pcx.status_code();
        if status == "active" {
            continue;
        }
        out.push(ctx.finding(
            "ROUTE_PCX_NOT_ACTIVE",
            Severity::Error,
            format!(
                "{} routes {} to {}, whose status is {status}: {}",
                ctx.label(table.id.as_str()),
                route.destination,
                ctx.label(pcx.id.as_str()),
                if is_live(&status) {
                    "the route is a blackhole until the peering is active"
                } else {
                    "the route is a blackhole, and the peering will not become active again"
                }
            ),
            vec![table.id.to_string(), pcx.id.to_string()],
            Some(if is_live(&status) {
                format!("accept {} in the accepter's account and region", pcx.id)
            } else {
                format!(
                    "remove the route, or create a new peering and point {} at it",
                    route.destination
                )
            }),
        ));
    }
}

/// ## What it checks
/// A peering still being set up (`initiating-request`, `pending-acceptance`, `provisioning`).
/// ## Why it matters
/// It carries no traffic yet; pending requests expire after 7 days.
/// ## Fix
/// Accept it in the accepter's account and region. (Source: [PG-basics].)
pub(super) fn peering_not_active(ctx: &Ctx, out: &mut Vec<Finding>) {
    for pcx in &ctx.topo.vpc_peering_connections {
        let status = pcx.status_code();
        if matches!(
            status.as_str(),
            "initiating-request" | "pending-acceptance" | "provisioning"
        ) {
            out.push(ctx.finding(
                "PEERING_NOT_ACTIVE",
                Severity::Warning,
                format!(
                    "{} is {status}: it carries no traffic yet",
                    ctx.label(pcx.id.as_str())
                ),
                vec![pcx.id.to_string()],
                Some(match status.as_str() {
                    "pending-acceptance" => match &pcx.accepter.account {
                        Some(account) => format!(
                            "accept it in the accepter's account ({account}) within 7 days of the request"
                        ),
                        None => "accept it in the accepter's account within 7 days of the request"
                            .to_string(),
                    },
                    _ => "wait for it to become active".to_string(),
                }),
            ));
        }
    }
}

/// ## What it checks
/// An active peering that no route table of one side points at, for each side whose VPC the
/// document has (a peer in another account is not judged).
/// ## Why it matters
/// Without routes on both sides the peering carries no traffic, or no replies.
/// ## Fix
/// Add a route for the peer's block to the peering in that side's tables.
/// (Source: [PG-basics] step 3, [PG-routing].)
pub(super) fn peering_route_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    for pcx in &ctx.topo.vpc_peering_connections {
        if !pcx.is_active() || pcx.requester.vpc == pcx.accepter.vpc {
            continue;
        }
        for (side, far) in [
            (&pcx.requester, &pcx.accepter),
            (&pcx.accepter, &pcx.requester),
        ] {
            if !ctx.vpcs.contains_key(side.vpc.as_str()) {
                continue;
            }
            let tables = ctx
                .tables_by_vpc
                .get(side.vpc.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let routed = tables.iter().any(|table| {
                table.routes.iter().any(
                    |route| matches!(&route.target, RouteTarget::VpcPeering(id) if id == &pcx.id),
                )
            });
            if routed {
                continue;
            }
            let far_cidrs = ctx.side_cidrs(far);
            // The main table (lowest id if several), else the lowest id: independent of order.
            let table_hint = tables
                .iter()
                .min_by_key(|t| (!t.main, t.id.as_str()))
                .map_or_else(|| "its route tables".to_string(), |t| t.id.to_string());
            out.push(ctx.finding(
                "PEERING_ROUTE_MISSING",
                Severity::Warning,
                format!(
                    "no route table of {} routes to {}: traffic from {} cannot use the peering",
                    ctx.label(side.vpc.as_str()),
                    ctx.label(pcx.id.as_str()),
                    side.vpc
                ),
                vec![pcx.id.to_string(), side.vpc.to_string()],
                Some(match far_cidrs.first() {
                    Some(block) => format!("add a route {block} → {} to {table_hint}", pcx.id),
                    None => format!(
                        "add a route to the peer's block → {} to {table_hint}",
                        pcx.id
                    ),
                }),
            ));
        }
    }
}
