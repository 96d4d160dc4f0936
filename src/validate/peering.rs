//! Rule family `peering`: VPC peering connections and the routes that use them (catalog §1.5).
//!
//! Peering is the most misunderstood AWS connection: it is not transitive, a pair of VPCs can have
//! only one, and both sides must route. Overlap checks compare only the two VPCs of each peering
//! (never all VPC pairs), so the family is linear in the number of peerings and routes.

use super::context::{index_in, Ctx, PeeringRoute};
use super::intervals::overlapping_pairs;
use super::routes::{dest_span, overlaps, span4, span6, within, Lpm, Span};
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
            || !matches!(pcx.status_code().as_ref(), s if is_live(s) || s == "failed")
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

/// The peering routes whose peering is live and whose table's VPC is one of its sides, with the
/// far side: what the transitive and edge-to-edge rules ask about. A route to a dead peering is
/// `ROUTE_PCX_NOT_ACTIVE` already; where it would lead is moot.
fn live_routes_to_peers<'c, 'a>(
    ctx: &'c Ctx<'a>,
) -> impl Iterator<
    Item = (
        &'a RouteTable,
        &'a Route,
        &'a VpcPeeringConnection,
        FarSide<'a>,
    ),
> + 'c {
    ctx.peering_routes.iter().filter_map(|r| {
        let side = r.far.filter(|_| is_live(&r.pcx.status_code()))?;
        Some((
            r.table,
            r.route,
            r.pcx,
            FarSide {
                side,
                vpc: r.far_vpc,
            },
        ))
    })
}

/// The far side of a peering route with its VPC, when the document has it (`PeeringRoute`).
#[derive(Clone, Copy)]
struct FarSide<'a> {
    side: &'a PeeringSide,
    vpc: Option<&'a Vpc>,
}

impl<'a> FarSide<'a> {
    /// `Ctx::side_cidrs` without the lookup.
    fn cidrs(&self) -> &'a [Cidr4] {
        self.vpc.map_or(&self.side.cidrs, |vpc| &vpc.cidrs)
    }
    fn ipv6_cidrs(&self) -> &'a [Cidr6] {
        self.vpc
            .map_or(&self.side.ipv6_cidrs, |vpc| &vpc.ipv6_cidrs)
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
    for (table, route, pcx, far_side) in live_routes_to_peers(ctx) {
        let far = far_side.side;
        let inside = match &route.destination {
            Destination::Ipv4(dest) => {
                let cidrs = far_side.cidrs();
                if cidrs.is_empty() {
                    continue; // The peer's blocks are unknown: nothing to decide.
                }
                cidrs.iter().any(|block| dest.within(block))
            }
            Destination::Ipv6(dest) => {
                let cidrs = far_side.ipv6_cidrs();
                if cidrs.is_empty() {
                    continue;
                }
                cidrs.iter().any(|block| dest.within(block))
            }
            Destination::PrefixList(_) => continue,
        };
        if inside || edge_gateway(ctx, &owner_of, table, route, far_side).is_some() {
            // Inside the peer, or the peer's gateway is what the route relies on:
            // `PEERING_EDGE_TO_EDGE` says so more precisely.
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
    for &PeeringRoute {
        table, route, pcx, ..
    } in &ctx.peering_routes
    {
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
            status.as_ref(),
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
                Some(match status.as_ref() {
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
        for (k, (side, far)) in [
            (&pcx.requester, &pcx.accepter),
            (&pcx.accepter, &pcx.requester),
        ]
        .into_iter()
        .enumerate()
        {
            // A table of this side's VPC routes to the peering (`Ctx::routes_from_side`).
            if ctx.routes_from_side(pcx, k).next().is_some() {
                continue;
            }
            if ctx.side_vpc(side).is_none() {
                continue;
            }
            let tables = ctx
                .tables_by_vpc
                .get(side.vpc.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
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

/// The region of one side: its VPC's when the document has the VPC, else what the peering says.
fn side_region<'a>(ctx: &Ctx<'a>, side: &'a PeeringSide) -> Option<&'a str> {
    match ctx.side_vpc(side) {
        Some(vpc) if !vpc.region.is_empty() => Some(vpc.region.as_str()),
        _ => side.region.as_deref(),
    }
}

/// Both regions, when both are known and differ.
pub(super) fn inter_region<'a>(
    ctx: &Ctx<'a>,
    pcx: &'a VpcPeeringConnection,
) -> Option<(&'a str, &'a str)> {
    let a = side_region(ctx, &pcx.requester)?;
    let b = side_region(ctx, &pcx.accepter)?;
    (a != b).then_some((a, b))
}

/// ## What it checks
/// A route in VPC Y's table sends destination D to a live peering Y↔X, D is outside X, no
/// other VPC of the document owns D (that is `PEERING_TRANSITIVE`), and one of X's route tables
/// sends D on through X's internet gateway, NAT gateway, virtual private gateway (VPN or Direct
/// Connect) or gateway endpoint — or Y routes a prefix list to the peering that X routes to a
/// gateway endpoint. This is the "use the peer's gateway" design.
/// ## Why it matters
/// Edge-to-edge routing through a peering is not supported: AWS drops the traffic at X.
/// ## Fix
/// Give Y its own gateway (internet gateway, NAT gateway, VPN, endpoint) or connect both VPCs
/// to a transit gateway with a shared egress VPC. (Source: [PG-basics] edge-to-edge,
/// [PG-invalid], [VUG-nat], [VUG-gwe-2021].)
pub(super) fn peering_edge_to_edge(ctx: &Ctx, out: &mut Vec<Finding>) {
    let owner_of = owners_of_cidrs(ctx);
    for (table, route, pcx, far_side) in live_routes_to_peers(ctx) {
        let far = far_side.side;
        let gateway = edge_gateway(ctx, &owner_of, table, route, far_side);
        let Some((far_table, gateway)) = gateway else {
            continue;
        };
        out.push(ctx.finding(
            "PEERING_EDGE_TO_EDGE",
            Severity::Error,
            format!(
                "{} sends {} to {}, relying on {}'s {gateway} (routed by {}): a peering cannot be used to reach the peer's internet gateway, NAT, VPN, Direct Connect or gateway endpoint",
                ctx.label(table.id.as_str()),
                route.destination,
                ctx.label(pcx.id.as_str()),
                ctx.label(far.vpc.as_str()),
                far_table.id
            ),
            vec![table.id.to_string(), pcx.id.to_string(), far.vpc.to_string(), gateway.to_string()],
            Some(format!(
                "give {} its own gateway for {}, or connect both VPCs through a transit gateway",
                table.vpc, route.destination
            )),
        ));
    }
}

/// The far VPC's table and gateway (internet, egress-only, NAT, virtual private gateway or
/// endpoint) that would carry `route`'s destination on, when the destination is one only such a
/// gateway reaches (see [`edge_destination`]).
fn edge_gateway<'a>(
    ctx: &Ctx<'a>,
    owner_of: &[(Cidr4, &str)],
    table: &'a RouteTable,
    route: &'a Route,
    far: FarSide<'a>,
) -> Option<(&'a RouteTable, &'a str)> {
    // Most routes to a peer go inside it: decided before the far VPC's tables are looked up.
    if !matches!(route.destination, Destination::PrefixList(_))
        && !edge_destination(far, owner_of, table, &route.destination)
    {
        return None;
    }
    let far_tables = ctx.tables_by_vpc.get(far.side.vpc.as_str())?;
    let is_edge = |target: &RouteTarget| {
        matches!(
            target,
            RouteTarget::InternetGateway(_)
                | RouteTarget::EgressOnlyInternetGateway(_)
                | RouteTarget::NatGateway(_)
                | RouteTarget::VpnGateway(_)
                | RouteTarget::VpcEndpoint(_)
        )
    };
    match &route.destination {
        Destination::PrefixList(id) => far_tables.iter().find_map(|t| {
            t.routes
                .iter()
                .find_map(|r| match (&r.destination, &r.target) {
                    (Destination::PrefixList(other), RouteTarget::VpcEndpoint(e))
                        if other == id =>
                    {
                        Some((*t, e.as_str()))
                    }
                    _ => None,
                })
        }),
        dest => {
            let span = dest_span(dest)?;
            far_tables.iter().find_map(|t| {
                t.routes
                    .iter()
                    .filter(|r| is_edge(&r.target))
                    .filter(|r| dest_span(&r.destination).is_some_and(|d| within(span, d)))
                    .min_by_key(|r| r.target.id())
                    .map(|r| (*t, r.target.id()))
            })
        }
    }
}

/// A CIDR destination outside the far VPC and owned by no other VPC of the document: the case
/// edge-to-edge covers (a destination inside a third VPC is `PEERING_TRANSITIVE`).
fn edge_destination(
    far_side: FarSide,
    owner_of: &[(Cidr4, &str)],
    table: &RouteTable,
    dest: &Destination,
) -> bool {
    let far = far_side.side;
    match dest {
        Destination::Ipv4(dest) => {
            let cidrs = far_side.cidrs();
            !cidrs.is_empty()
                && !cidrs.iter().any(|block| dest.within(block))
                && !owner_of.iter().any(|(block, vpc)| {
                    dest.within(block) && *vpc != far.vpc.as_str() && *vpc != table.vpc.as_str()
                })
        }
        Destination::Ipv6(dest) => {
            let cidrs = far_side.ipv6_cidrs();
            !cidrs.is_empty() && !cidrs.iter().any(|block| dest.within(block))
        }
        Destination::PrefixList(_) => false,
    }
}

/// ## What it checks
/// For a route in VPC A's table T that sends part of peer B to an active peering P: the route
/// table of each B subnet in that part (explicit, else B's main table) must send the blocks of
/// A's subnets that use T back to P, by longest prefix. Only judged when B has some route to P
/// (none at all is `PEERING_ROUTE_MISSING`) and both sides are in the document.
/// ## Why it matters
/// Replies follow B's routes, not the request's path (AWS does no reverse-path forwarding): a
/// missing or different return route loses them. Static check, so a warning; a trace of one
/// flow says error.
/// ## Fix
/// Add A's block → P to the B subnet's route table. (Source: [VUG-rt-options], [PG-routing], [PG-ts].)
pub(super) fn peering_route_missing_return(ctx: &Ctx, out: &mut Vec<Finding>) {
    // Each lookup below is a cache miss or two at 1000 VPCs, so every answer that repeats is
    // worked out once, and resources are followed by their place in their lists (`index_in`,
    // `Ctx::subnet_table`, `Ctx::table_users`), which never reads an id: the peering routes,
    // each VPC's subnets with their tables, each source table's blocks, each far table's
    // longest-prefix index.
    let topo = ctx.topo;
    let routes = &ctx.peering_routes;
    // Per peering, whether some table of its requester's / accepter's VPC routes to it (a table
    // of any other VPC cannot be a far side).
    let mut routes_to: Vec<[bool; 2]> = vec![[false; 2]; topo.vpc_peering_connections.len()];
    for route in routes {
        if let Some(sides) =
            index_in(&topo.vpc_peering_connections, route.pcx).and_then(|at| routes_to.get_mut(at))
        {
            sides[0] |= route.near_is[0];
            sides[1] |= route.near_is[1];
        }
    }
    let mut reported: BTreeMap<(&str, &str, &str), ()> = BTreeMap::new();
    // Far VPCs and tables are asked about again and again (every spoke asks its hub's).
    let mut far_subnets: Vec<Option<Vec<(&Subnet, &RouteTable)>>> = vec![None; topo.vpcs.len()];
    let mut lpms: Vec<Option<Lpm>> = Vec::new();
    lpms.resize_with(topo.route_tables.len(), || None);
    // The blocks of the current table's subnets (a table's routes come one after another), in
    // one buffer reused from table to table; none when the table's VPC is not in the document.
    let mut sources_of: Option<&RouteTable> = None;
    let mut sources: Vec<(Span, Block)> = Vec::new();
    let mut far_tables: Vec<(usize, &RouteTable)> = Vec::new();
    for &PeeringRoute {
        table,
        route,
        pcx,
        far,
        far_is,
        far_vpc,
        ..
    } in routes
    {
        if !pcx.is_active() {
            continue;
        }
        let (Some(far), Some(dest)) = (far, dest_span(&route.destination)) else {
            continue;
        };
        let far_routes_back = index_in(&topo.vpc_peering_connections, pcx)
            .and_then(|at| routes_to.get(at))
            .is_some_and(|sides| (far_is[0] && sides[0]) || (far_is[1] && sides[1]));
        if !far_routes_back {
            continue;
        }
        if !sources_of.is_some_and(|of| std::ptr::eq(of, table)) {
            sources.clear();
            // A subnet of the table's VPC is one whose VPC resolves to the table's (the VPC
            // is in the document here, and the map holds one VPC per id).
            if let Some(vpc) = ctx.table_vpc(table) {
                let own = ctx
                    .table_users(table)
                    .iter()
                    .filter(|s| ctx.subnet_vpc(s).is_some_and(|v| std::ptr::eq(v, vpc)));
                for subnet in own {
                    sources.extend(subnet.cidr.iter().map(|c| (span4(c), Block::V4(c))));
                    sources.extend(subnet.ipv6_cidrs.iter().map(|c| (span6(c), Block::V6(c))));
                }
            }
            sources_of = Some(table);
        }
        // This table's subnet blocks in the route's family; their text is only written for a
        // finding.
        if !sources.iter().any(|(span, _)| span.0 == dest.0) {
            continue;
        }
        // A far VPC the document does not have has no subnets to reply from.
        let Some(far_subnets) = far_vpc
            .and_then(|vpc| index_in(&topo.vpcs, vpc))
            .and_then(|at| far_subnets.get_mut(at))
            .map(|cached| {
                &*cached.get_or_insert_with(|| {
                    ctx.hybrid
                        .subnets_by_vpc
                        .get(far.vpc.as_str())
                        .map(Vec::as_slice)
                        .unwrap_or(&[])
                        .iter()
                        .filter_map(|s| Some((*s, ctx.subnet_table(s)?)))
                        .collect()
                })
            })
        else {
            continue;
        };
        // Each far table once, in the order of the far subnets: findings are sorted at the end,
        // so only the set matters, and a VPC has few tables (a scan beats sorting ids).
        far_tables.clear();
        for (subnet, far_table) in far_subnets.iter() {
            let reached = subnet.cidr.iter().any(|c| overlaps(span4(c), dest))
                || subnet.ipv6_cidrs.iter().any(|c| overlaps(span6(c), dest));
            if reached && !far_tables.iter().any(|(_, t)| std::ptr::eq(*t, *far_table)) {
                if let Some(at) = index_in(&topo.route_tables, *far_table) {
                    far_tables.push((at, far_table));
                }
            }
        }
        let sources = sources.as_slice();
        for &(at, far_table) in &far_tables {
            let Some(lpm) = lpms
                .get_mut(at)
                .map(|lpm| &*lpm.get_or_insert_with(|| Lpm::new(far_table)))
            else {
                continue;
            };
            let returns = |span: Span| {
                lpm.best(span).is_some_and(
                    |r| matches!(&r.target, RouteTarget::VpcPeering(id) if id == &pcx.id),
                )
            };
            let lost = |(span, _): &&(Span, Block)| span.0 == dest.0 && !returns(*span);
            if !sources.iter().any(|source| lost(&source)) {
                continue;
            }
            if reported
                .insert(
                    (table.id.as_str(), far_table.id.as_str(), pcx.id.as_str()),
                    (),
                )
                .is_some()
            {
                continue;
            }
            let mut missing: Vec<String> = sources
                .iter()
                .filter(lost)
                .map(|(_, block)| block.to_string())
                .collect();
            crate::sort::sort(&mut missing);
            missing.dedup();
            out.push(ctx.finding(
                "PEERING_ROUTE_MISSING_RETURN",
                Severity::Warning,
                format!(
                    "{} sends {} to {}, but {} in {} does not route {} back to {}: replies are lost",
                    ctx.label(table.id.as_str()),
                    route.destination,
                    ctx.label(pcx.id.as_str()),
                    ctx.label(far_table.id.as_str()),
                    ctx.label(far.vpc.as_str()),
                    missing.join(", "),
                    pcx.id
                ),
                vec![far_table.id.to_string(), pcx.id.to_string(), table.id.to_string()],
                Some(format!(
                    "add {} to {}",
                    missing
                        .iter()
                        .map(|block| format!("{block} → {}", pcx.id))
                        .collect::<Vec<_>>()
                        .join(", "),
                    far_table.id
                )),
            ));
        }
    }
}

/// A subnet block of either family, written out only when a finding names it.
enum Block<'a> {
    V4(&'a Cidr4),
    V6(&'a Cidr6),
}

impl std::fmt::Display for Block<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Block::V4(c) => c.fmt(f),
            Block::V6(c) => c.fmt(f),
        }
    }
}

/// ## What it checks
/// A VPC A peered (live) with two VPCs whose blocks overlap, while A's routes for the shared
/// range point at only one of the two peerings.
/// ## Why it matters
/// AWS does no reverse-path forwarding: replies from A to the other peer's addresses in the
/// shared range go to the wrong VPC.
/// ## Fix
/// Route the other peer's subnets (or single addresses) with more specific routes to its
/// peering. (Source: [PG-partial] routing for response traffic, [PG-routing].)
pub(super) fn peering_response_misroute(ctx: &Ctx, out: &mut Vec<Finding>) {
    // By VPC in first-seen order (findings are sorted at the end), each peer with its blocks
    // looked up once: a VPC with k peers compares k² pairs.
    let mut by_vpc: crate::idmap::IdGroups<(&VpcPeeringConnection, &PeeringSide, &[Cidr4])> =
        crate::idmap::IdGroups::new();
    for pcx in &ctx.topo.vpc_peering_connections {
        if !is_live(&pcx.status_code()) || pcx.requester.vpc == pcx.accepter.vpc {
            continue;
        }
        by_vpc.push(
            pcx.requester.vpc.as_str(),
            (pcx, &pcx.accepter, ctx.side_cidrs(&pcx.accepter)),
        );
        by_vpc.push(
            pcx.accepter.vpc.as_str(),
            (pcx, &pcx.requester, ctx.side_cidrs(&pcx.requester)),
        );
    }
    let mut peers = Vec::new();
    for (vpc, group) in by_vpc.iter() {
        if group.len() < 2 {
            continue;
        }
        let Some(tables) = ctx.tables_by_vpc.get(vpc) else {
            continue;
        };
        peers.clear();
        peers.extend_from_slice(group);
        crate::sort::sort_by_key(&mut peers, |(pcx, _, _)| pcx.id.as_str());
        for (i, &(p1, b1, cidrs1)) in peers.iter().enumerate() {
            for &(p2, b2, cidrs2) in peers.iter().skip(i + 1) {
                if b1.vpc == b2.vpc {
                    // Two peerings with one VPC are `PEERING_DUPLICATE`.
                    continue;
                }
                let shared = cidrs1.iter().find_map(|x| {
                    cidrs2
                        .iter()
                        .find(|y| x.overlaps(y))
                        .map(|y| (span4(x).1.max(span4(y).1), span4(x).2.min(span4(y).2)))
                });
                let Some((start, end)) = shared else { continue };
                let shared_span: Span = (4, start, end);
                let routed_to = |pcx: &VpcPeeringConnection| {
                    tables.iter().any(|t| {
                        t.routes.iter().any(|r| {
                            matches!(&r.target, RouteTarget::VpcPeering(id) if id == &pcx.id)
                                && dest_span(&r.destination)
                                    .is_some_and(|d| overlaps(d, shared_span))
                        })
                    })
                };
                let (to1, to2) = (routed_to(p1), routed_to(p2));
                if to1 == to2 {
                    continue;
                }
                let (used, other, other_side) = if to1 { (p1, p2, b2) } else { (p2, p1, b1) };
                out.push(ctx.finding(
                    "PEERING_RESPONSE_MISROUTE",
                    Severity::Warning,
                    format!(
                        "{} is peered with {} and {}, whose blocks overlap, and routes the shared range only to {}: replies to {} go to the wrong VPC",
                        ctx.label(vpc),
                        ctx.label(b1.vpc.as_str()),
                        ctx.label(b2.vpc.as_str()),
                        used.id,
                        ctx.label(other_side.vpc.as_str())
                    ),
                    vec![vpc.to_string(), used.id.to_string(), other.id.to_string()],
                    Some(format!(
                        "route the subnets of {} that talk to {vpc} to {} with more specific routes",
                        other_side.vpc, other.id
                    )),
                ));
            }
        }
    }
}

/// ## What it checks
/// An active peering that one side routes to, but whose IPv4 routes there (merged) cover only
/// part of the peer's blocks.
/// ## Why it matters
/// Supported (partial peering), but the rest of the peer is unreachable from that side; worth
/// stating which part is.
/// ## Fix
/// Nothing if intended; otherwise route every peer block. (Source: [PG-partial], [PG-full].)
pub(super) fn peering_partial_route(ctx: &Ctx, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    // The IPv4 ranges one side routes to the peering, in a buffer reused for every side.
    let mut routed: Vec<(u128, u128)> = Vec::new();
    for pcx in topo
        .vpc_peering_connections
        .iter()
        .filter(|p| p.is_active())
    {
        for (k, (side, far)) in [
            (&pcx.requester, &pcx.accepter),
            (&pcx.accepter, &pcx.requester),
        ]
        .into_iter()
        .enumerate()
        {
            routed.clear();
            let mut own_table = None;
            for r in ctx.routes_from_side(pcx, k) {
                own_table = Some(r.table);
                if let Some(d) = dest_span(&r.route.destination).filter(|d| d.0 == 4) {
                    routed.push((d.1, d.2));
                }
            }
            // No route, or no table of this side's VPC: nothing is routed from this side.
            let Some(own_table) = own_table else {
                continue;
            };
            if routed.is_empty() {
                continue;
            }
            let far_cidrs = ctx.side_cidrs(far);
            // The table's VPC is `side.vpc`.
            let own_cidrs = ctx
                .table_vpc(own_table)
                .map(|v| v.cidrs.as_slice())
                .unwrap_or(&[]);
            // Overlapping VPCs are `PEERING_CIDR_OVERLAP`; which part is routed is moot.
            let overlapping = far_cidrs
                .iter()
                .any(|f| own_cidrs.iter().any(|o| f.overlaps(o)));
            if far_cidrs.is_empty() || overlapping {
                continue;
            }
            crate::sort::sort(&mut routed);
            let covered = |block: &Cidr4| {
                let (_, mut next, last) = span4(block);
                for (s, e) in &routed {
                    if *s > next {
                        break;
                    }
                    if *e >= last {
                        return true;
                    }
                    next = next.max(e + 1);
                }
                false
            };
            let unrouted: Vec<String> = far_cidrs
                .iter()
                .filter(|b| !covered(b))
                .map(|b| b.network().to_string())
                .collect();
            if unrouted.is_empty() {
                continue;
            }
            out.push(ctx.finding(
                "PEERING_PARTIAL_ROUTE",
                Severity::Info,
                format!(
                    "{} routes only part of {} over {}: {} is not (fully) routed",
                    ctx.label(side.vpc.as_str()),
                    ctx.label(far.vpc.as_str()),
                    ctx.label(pcx.id.as_str()),
                    unrouted.join(", ")
                ),
                vec![pcx.id.to_string(), side.vpc.to_string()],
                None,
            ));
        }
    }
}

/// ## What it checks
/// One side routes IPv6 to an active peering while the other VPC (in the document) has no IPv6
/// block, or no IPv6 route back to the peering.
/// ## Why it matters
/// IPv6 over a peering needs a block in each VPC and IPv6 routes on both sides.
/// ## Fix
/// Associate an IPv6 block with the other VPC and route the first VPC's IPv6 block to the
/// peering there. (Source: [PG-basics], [PG-full], [VUG-rt-options].)
pub(super) fn peering_ipv6_incomplete(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut reported: Vec<(&str, &str)> = Vec::new();
    for &PeeringRoute {
        table,
        route,
        pcx,
        far,
        ..
    } in &ctx.peering_routes
    {
        if !pcx.is_active() || !matches!(route.destination, Destination::Ipv6(_)) {
            continue;
        }
        let Some(far) = far else {
            continue;
        };
        let Some(far_vpc) = ctx.vpcs.get(far.vpc.as_str()) else {
            continue;
        };
        let returns = ctx.tables_by_vpc.get(far.vpc.as_str()).is_some_and(|ts| {
            ts.iter().any(|t| {
                t.routes.iter().any(|r| {
                    matches!(r.destination, Destination::Ipv6(_))
                        && matches!(&r.target, RouteTarget::VpcPeering(id) if id == &pcx.id)
                })
            })
        });
        let problem = if far_vpc.ipv6_cidrs.is_empty() {
            "has no IPv6 block"
        } else if !returns {
            "has no IPv6 route back to the peering"
        } else {
            continue;
        };
        if reported.contains(&(pcx.id.as_str(), far.vpc.as_str())) {
            continue;
        }
        reported.push((pcx.id.as_str(), far.vpc.as_str()));
        let own_ipv6 = ctx
            .vpcs
            .get(table.vpc.as_str())
            .and_then(|v| v.ipv6_cidrs.first())
            .map_or_else(|| "the IPv6 block".to_string(), |c| c.to_string());
        out.push(ctx.finding(
            "PEERING_IPV6_INCOMPLETE",
            Severity::Warning,
            format!(
                "{} routes IPv6 ({}) to {}, but {} {problem}: IPv6 over a peering needs blocks and routes on both sides",
                ctx.label(table.id.as_str()),
                route.destination,
                ctx.label(pcx.id.as_str()),
                ctx.label(far.vpc.as_str())
            ),
            vec![pcx.id.to_string(), far.vpc.to_string(), table.id.to_string()],
            Some(if far_vpc.ipv6_cidrs.is_empty() {
                format!("associate an IPv6 block with {} and route {own_ipv6} → {} there", far.vpc, pcx.id)
            } else {
                format!("add {own_ipv6} → {} to {}'s route tables", pcx.id, far.vpc)
            }),
        ));
    }
}

/// ## What it checks
/// A security-group rule referencing a group in another VPC: through a peering in another state
/// than `active` (`PEERING_SG_REF_NOT_ACTIVE`; a deleted, rejected, expired or failed one makes
/// the rule stale, `SG_RULE_STALE`), or in a VPC of another region (`PEERING_SG_REF_CROSS_REGION`).
/// The referenced group's VPC comes from the group (in the document) or the rule's `vpc`; the
/// peering from the rule's `peering` or the one between the two VPCs.
/// ## Why it matters
/// Group references work only across an active peering in the same region; a stale rule
/// matches nothing until the VPCs peer again.
/// ## Fix
/// Reference the peer's CIDR instead, or activate the peering. (Source: [PG-sg], [PG-basics]
/// inter-Region, [VUG-sg-rules].)
pub(super) fn peering_sg_ref(ctx: &Ctx, out: &mut Vec<Finding>) {
    let groups = &ctx.hybrid.security_groups;
    for sg in &ctx.topo.security_groups {
        let rules = sg.ingress.iter().chain(sg.egress.iter());
        for reference in rules.flat_map(|rule| rule.groups.iter()) {
            let ref_vpc = groups
                .get(reference.group.as_str())
                .map(|g| &g.vpc)
                .or(reference.vpc.as_ref());
            let Some(ref_vpc) = ref_vpc.filter(|v| *v != &sg.vpc) else {
                continue;
            };
            let pcx = match &reference.peering {
                Some(id) => ctx.peerings.get(id.as_str()).copied(),
                None => ctx
                    .topo
                    .vpc_peering_connections
                    .iter()
                    .find(|p| p.peer_of(&sg.vpc) == Some(ref_vpc)),
            };
            let Some(pcx) = pcx else { continue };
            let status = pcx.status_code();
            let (code, severity, why, hint) = if status == "active" {
                let Some((a, b)) = inter_region(ctx, pcx) else {
                    continue;
                };
                (
                    "PEERING_SG_REF_CROSS_REGION",
                    Severity::Error,
                    format!("whose VPC {} is in another region ({a} and {b}): group references do not cross regions", ctx.label(ref_vpc.as_str())),
                    format!("reference {}'s CIDR instead of {}", ref_vpc, reference.group),
                )
            } else if is_live(&status) {
                (
                    "PEERING_SG_REF_NOT_ACTIVE",
                    Severity::Error,
                    format!(
                        "across {}, which is {status}: a reference needs an active peering",
                        ctx.label(pcx.id.as_str())
                    ),
                    format!("accept {} first, or reference {}'s CIDR", pcx.id, ref_vpc),
                )
            } else {
                (
                    "SG_RULE_STALE",
                    Severity::Warning,
                    format!(
                        "across {}, which is {status}: the rule is stale and matches nothing",
                        ctx.label(pcx.id.as_str())
                    ),
                    format!("remove the rule, or reference {}'s CIDR", ref_vpc),
                )
            };
            out.push(ctx.finding(
                code,
                severity,
                format!(
                    "{} references {} in {}, {why}",
                    ctx.label(sg.id.as_str()),
                    reference.group,
                    ctx.label(ref_vpc.as_str())
                ),
                vec![
                    sg.id.to_string(),
                    reference.group.to_string(),
                    pcx.id.to_string(),
                ],
                Some(hint),
            ));
        }
    }
}

/// ## What it checks
/// A peering side with `AllowDnsResolutionFromRemoteVpc` on while a VPC of the peering (in the
/// document) has `enableDnsSupport` or `enableDnsHostnames` explicitly off.
/// ## Why it matters
/// AWS requires both attributes on in both VPCs to set the option.
/// ## Fix
/// Turn both attributes on in both VPCs. (Source: [PG-modify], [VUG-dns].)
pub(super) fn peering_dns_option_needs_vpc_dns(ctx: &Ctx, out: &mut Vec<Finding>) {
    for pcx in &ctx.topo.vpc_peering_connections {
        let option_on = [&pcx.requester, &pcx.accepter]
            .iter()
            .any(|s| s.allow_dns_resolution_from_remote_vpc == Some(true));
        if !option_on {
            continue;
        }
        for side in [&pcx.requester, &pcx.accepter] {
            let Some(vpc) = ctx.vpcs.get(side.vpc.as_str()) else {
                continue;
            };
            let off: Vec<&str> = [
                (vpc.enable_dns_support, "enableDnsSupport"),
                (vpc.enable_dns_hostnames, "enableDnsHostnames"),
            ]
            .iter()
            .filter(|(value, _)| *value == Some(false))
            .map(|(_, name)| *name)
            .collect();
            if off.is_empty() {
                continue;
            }
            out.push(ctx.finding(
                "PEERING_DNS_OPTION_NEEDS_VPC_DNS",
                Severity::Error,
                format!(
                    "{} allows DNS resolution from the remote VPC, but {} has {} off: both VPCs need DNS support and DNS hostnames",
                    ctx.label(pcx.id.as_str()),
                    ctx.label(vpc.id.as_str()),
                    off.join(" and ")
                ),
                vec![pcx.id.to_string(), vpc.id.to_string()],
                Some(format!("turn on {} for {}", off.join(" and "), vpc.id)),
            ));
        }
    }
}

/// ## What it checks
/// An active peering where a side's `AllowDnsResolutionFromRemoteVpc` is not on while it
/// matters: the peering is inter-region (the option is needed even for private hostnames), or
/// the remote VPC has a block outside RFC 1918.
/// ## Why it matters
/// Without it, the peer's public DNS hostnames resolve to public addresses and traffic leaves
/// through the internet gateway instead of the peering.
/// ## Fix
/// Turn the option on for that side (from that side's region). (Source: [PG-basics], [VUG-dns].)
pub(super) fn peering_dns_resolution_off(ctx: &Ctx, out: &mut Vec<Finding>) {
    let private: [Cidr4; 3] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
        .map(|t| t.parse().unwrap_or(Cidr4(Default::default())));
    for pcx in ctx
        .topo
        .vpc_peering_connections
        .iter()
        .filter(|p| p.is_active())
    {
        let regions = inter_region(ctx, pcx);
        // The option on side S lets S's VPC resolve the *remote* VPC's hostnames.
        for (side, remote) in [
            (&pcx.requester, &pcx.accepter),
            (&pcx.accepter, &pcx.requester),
        ] {
            if side.allow_dns_resolution_from_remote_vpc == Some(true)
                || ctx.side_vpc(side).is_none()
            {
                continue;
            }
            let public_block = ctx
                .side_cidrs(remote)
                .iter()
                .find(|c| !private.iter().any(|p| c.within(p)));
            let why = match (regions, public_block) {
                (Some((a, b)), _) => format!("the peering is inter-region ({a} and {b}), so {}'s private DNS hostnames do not resolve across it", ctx.label(remote.vpc.as_str())),
                (None, Some(block)) => format!("{} uses {block}, outside RFC 1918, so its hostnames resolve to public addresses", ctx.label(remote.vpc.as_str())),
                (None, None) => continue,
            };
            out.push(ctx.finding(
                "PEERING_DNS_RESOLUTION_OFF",
                Severity::Info,
                format!(
                    "{} does not let {} resolve the peer's DNS names to private addresses: {why}",
                    ctx.label(pcx.id.as_str()),
                    ctx.label(side.vpc.as_str())
                ),
                vec![pcx.id.to_string(), side.vpc.to_string()],
                Some(format!(
                    "turn on AllowDnsResolutionFromRemoteVpc for {}'s side of {}",
                    side.vpc, pcx.id
                )),
            ));
        }
    }
}

/// ## What it checks
/// An active inter-region peering.
/// ## Why it matters
/// Packets over an inter-region peering are limited to 8500 bytes (the EC2 MTU page; the 2023
/// Peering Guide said 1500); jumbo frames of 9001 bytes are fragmented or, with Don't Fragment,
/// dropped.
/// ## Fix
/// Nothing; set the instances' MTU per route if they use jumbo frames. (Source: [EC2-mtu],
/// [PG-basics].)
pub(super) fn peering_inter_region_mtu(ctx: &Ctx, out: &mut Vec<Finding>) {
    for pcx in ctx
        .topo
        .vpc_peering_connections
        .iter()
        .filter(|p| p.is_active())
    {
        if let Some((a, b)) = inter_region(ctx, pcx) {
            out.push(ctx.finding(
                "PEERING_INTER_REGION_MTU",
                Severity::Info,
                format!(
                    "{} joins {a} and {b}: inter-region peering carries packets of at most 8500 bytes, not the 9001 of jumbo frames inside a region",
                    ctx.label(pcx.id.as_str())
                ),
                vec![pcx.id.to_string()],
                None,
            ));
        }
    }
}

/// ## What it checks
/// A peering request (`pending-acceptance`) from an account the document does not list (only
/// judged when the document lists accounts), to a different account.
/// ## Why it matters
/// Accepting a request from an unknown account connects your VPC to a stranger's ("peer
/// phishing").
/// ## Fix
/// Reject it unless you know the requester. (Source: [PG-accept].)
pub(super) fn peering_unknown_accepter(ctx: &Ctx, out: &mut Vec<Finding>) {
    if ctx.topo.accounts.is_empty() {
        return;
    }
    for pcx in &ctx.topo.vpc_peering_connections {
        let (Some(requester), Some(accepter)) = (&pcx.requester.account, &pcx.accepter.account)
        else {
            continue;
        };
        if pcx.status_code() != "pending-acceptance"
            || requester == accepter
            || ctx.topo.accounts.iter().any(|a| &a.id == requester)
        {
            continue;
        }
        out.push(ctx.finding(
            "PEERING_UNKNOWN_ACCEPTER",
            Severity::Warning,
            format!(
                "{} is a request from account {requester}, which the document does not list: accepting it connects {} to a VPC you may not know",
                ctx.label(pcx.id.as_str()),
                ctx.label(pcx.accepter.vpc.as_str())
            ),
            vec![pcx.id.to_string(), pcx.accepter.vpc.to_string()],
            Some(format!("reject {} unless you know account {requester}", pcx.id)),
        ));
    }
}

/// ## What it checks
/// A peering in state `pending-acceptance`.
/// ## Why it matters
/// An unaccepted request expires 7 days after it was made (and stays visible 2 more days).
/// ## Fix
/// Accept it in time, or let it expire. (Source: [PG-basics], [PG-quotas], [API-ec2].)
pub(super) fn peering_pending_expiry(ctx: &Ctx, out: &mut Vec<Finding>) {
    for pcx in &ctx.topo.vpc_peering_connections {
        if pcx.status_code() == "pending-acceptance" {
            out.push(ctx.finding(
                "PEERING_PENDING_EXPIRY",
                Severity::Info,
                format!(
                    "{} expires 7 days after it was requested unless it is accepted",
                    ctx.label(pcx.id.as_str())
                ),
                vec![pcx.id.to_string()],
                None,
            ));
        }
    }
}

/// ## What it checks
/// An inter-region peering request still `pending-acceptance` (or `initiating-request`).
/// ## Why it matters
/// It is accepted in the accepter's region (and account), not where it was requested; looking
/// for it in the requester's console finds nothing to accept.
/// ## Fix
/// Accept it from the accepter's region. (Source: [PG-create], [PG-accept].)
pub(super) fn peering_request_region(ctx: &Ctx, out: &mut Vec<Finding>) {
    for pcx in &ctx.topo.vpc_peering_connections {
        if !matches!(
            pcx.status_code().as_ref(),
            "pending-acceptance" | "initiating-request"
        ) {
            continue;
        }
        let Some((from, to)) = inter_region(ctx, pcx) else {
            continue;
        };
        out.push(ctx.finding(
            "PEERING_REQUEST_REGION",
            Severity::Info,
            format!(
                "{} was requested from {from} and is accepted in {to}, the accepter's region",
                ctx.label(pcx.id.as_str())
            ),
            vec![pcx.id.to_string()],
            Some(format!(
                "aws ec2 accept-vpc-peering-connection --region {to} --vpc-peering-connection-id {}",
                pcx.id
            )),
        ));
    }
}

/// The Amazon DNS server of a VPC: the base of its primary block plus two.
fn amazon_dns_of(vpc: &Vpc) -> Option<std::net::Ipv4Addr> {
    let base = u32::from(vpc.primary_cidr()?.network().network());
    Some(std::net::Ipv4Addr::from(base.checked_add(2)?))
}

/// ## What it checks
/// A security-group egress rule or network ACL outbound entry that allows DNS (port 53, or all
/// traffic) to exactly the Amazon DNS server of a peered VPC (`/32` of its primary block's
/// base + 2): a design that means to query the peer's resolver.
/// ## Why it matters
/// Instances cannot query the Amazon DNS server of a peer VPC: the queries go unanswered
/// whatever the rules allow.
/// ## Fix
/// Use the VPC's own resolver with the peering's DNS resolution option (private hostnames of
/// the peer then resolve to private addresses), or Route 53 Resolver endpoints. (Source: [PG-basics].)
pub(super) fn peering_peer_amazon_dns(ctx: &Ctx, out: &mut Vec<Finding>) {
    use super::acl::Packet;
    // (the rule's owner: group or ACL, its VPC, the address it names)
    let mut uses: Vec<(&str, &VpcId, std::net::Ipv4Addr)> = Vec::new();
    let dns = Packet {
        protocol: 17,
        port: Some(53),
        icmp: None,
    };
    for group in &ctx.topo.security_groups {
        for rule in &group.egress {
            if !super::acl::rule_matches(&rule.protocol, rule.from_port, rule.to_port, &dns) {
                continue;
            }
            for cidr in rule.cidrs.iter().filter(|c| c.prefix_len() == 32) {
                uses.push((group.id.as_str(), &group.vpc, cidr.network().network()));
            }
        }
    }
    for nacl in &ctx.topo.network_acls {
        for entry in nacl
            .entries
            .iter()
            .filter(|e| e.egress && e.action == RuleAction::Allow)
        {
            let Some(cidr) = entry.cidr.filter(|c| c.prefix_len() == 32) else {
                continue;
            };
            if super::acl::rule_matches(&entry.protocol, entry.from_port, entry.to_port, &dns) {
                uses.push((nacl.id.as_str(), &nacl.vpc, cidr.network().network()));
            }
        }
    }
    // The resolvers and peered pairs are indexed only for rules that name a single address.
    if uses.is_empty() {
        return;
    }
    let mut resolvers: BTreeMap<std::net::Ipv4Addr, &Vpc> = BTreeMap::new();
    for vpc in &ctx.topo.vpcs {
        if let Some(addr) = amazon_dns_of(vpc) {
            resolvers.entry(addr).or_insert(vpc);
        }
    }
    let mut peered: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    for pcx in ctx
        .topo
        .vpc_peering_connections
        .iter()
        .filter(|p| p.is_active())
    {
        let (a, b) = (pcx.requester.vpc.as_str(), pcx.accepter.vpc.as_str());
        peered.insert((a.min(b), a.max(b)));
    }
    if peered.is_empty() {
        return;
    }
    let mut seen: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    for (owner, vpc, addr) in uses {
        let Some(peer) = resolvers.get(&addr) else {
            continue;
        };
        let (a, b) = (vpc.as_str(), peer.id.as_str());
        if a == b || !peered.contains(&(a.min(b), a.max(b))) || !seen.insert((owner, b)) {
            continue;
        }
        out.push(ctx.finding(
            "PEERING_PEER_AMAZON_DNS",
            Severity::Info,
            format!(
                "{} allows DNS to {addr}, the Amazon DNS server of the peer {}, but instances cannot query a peer VPC's Amazon DNS server",
                ctx.label(owner),
                ctx.label(b)
            ),
            vec![owner.to_string(), b.to_string(), vpc.to_string()],
            Some(format!(
                "query {}'s own resolver and turn on DNS resolution from the remote VPC on the peering, or use Route 53 Resolver endpoints",
                vpc
            )),
        ));
    }
}
