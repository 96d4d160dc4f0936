//! Rule family `routes`: route tables, their associations and their routes (catalog §1.3).
//!
//! The VPC router's rules (§2.1 of the catalog) decide most of these: one main table per VPC, one
//! table per subnet, a `local` route per VPC block that nothing but a middlebox route may undercut,
//! longest prefix first and static before propagated on a tie. Every check reads one table at a
//! time (plus the id lookups of `Ctx`), so the family is linear in the number of routes, except
//! the shadowing check, which compares the routes of one table with each other (tables hold at
//! most a few hundred routes).
//!
//! Addresses of both families are compared on one axis, `(family, start, end)` with IPv4 widened
//! to `u128`, so each rule is written once for IPv4 and IPv6.

use super::context::Ctx;
use super::{Finding, Severity};
use crate::model::*;
use std::collections::BTreeMap;

/// An address range of either family: `(4 | 6, first, last)`.
pub(super) type Span = (u8, u128, u128);

pub(super) fn span4(cidr: &Cidr4) -> Span {
    let (start, end) = cidr.range();
    (4, u128::from(start), u128::from(end))
}

pub(super) fn span6(cidr: &Cidr6) -> Span {
    let (start, end) = cidr.range();
    (6, start, end)
}

pub(super) fn span_of(cidr: &Cidr) -> Span {
    match (cidr.v4(), cidr.v6()) {
        (Some(v4), _) => span4(&v4),
        (None, Some(v6)) => span6(&v6),
        (None, None) => (0, 0, 0),
    }
}

/// The range a route matches; `None` for a prefix-list destination.
pub(super) fn dest_span(dest: &Destination) -> Option<Span> {
    match dest {
        Destination::Ipv4(cidr) => Some(span4(cidr)),
        Destination::Ipv6(cidr) => Some(span6(cidr)),
        Destination::PrefixList(_) => None,
    }
}

pub(super) fn within(inner: Span, outer: Span) -> bool {
    inner.0 == outer.0 && inner.1 >= outer.1 && inner.2 <= outer.2
}

pub(super) fn overlaps(a: Span, b: Span) -> bool {
    a.0 == b.0 && a.1 <= b.2 && b.1 <= a.2
}

/// A VPC's associated blocks of both families, IPv4 primary first, with their canonical
/// network (written out only when a finding names it: rules ask for every table).
pub(super) fn vpc_blocks(vpc: &Vpc) -> Vec<(Span, ipnet::IpNet)> {
    vpc.cidrs
        .iter()
        .map(|c| (span4(c), ipnet::IpNet::V4(c.network())))
        .chain(
            vpc.ipv6_cidrs
                .iter()
                .map(|c| (span6(c), ipnet::IpNet::V6(c.network()))),
        )
        .collect()
}

/// The table each subnet uses: its explicit association, else its VPC's main table (a subnet
/// associated twice uses the lowest table id). One lookup for every family:
/// `Hybrid::table_of_subnet`, built once per run.
pub(super) fn subnet_tables<'c, 'a>(ctx: &'c Ctx<'a>) -> SubnetTables<'c, 'a> {
    SubnetTables {
        index: &ctx.hybrid.table_of_subnet,
    }
}

/// Subnet id → its route table.
pub(super) struct SubnetTables<'c, 'a> {
    index: &'c crate::idmap::IdMap<'a, &'a RouteTable>,
}

impl<'a> SubnetTables<'_, 'a> {
    pub(super) fn get(&self, subnet: &str) -> Option<&'a RouteTable> {
        self.index.get(subnet).copied()
    }
}

/// The route that wins for `span` in `table` by longest prefix among routes that contain all of
/// it, static before propagated on a tie (§2.1); prefix-list routes are not expanded.
pub(super) fn best_route(table: &RouteTable, span: Span) -> Option<&Route> {
    // The first route with the least (size, propagated, target id), the target id read only
    // on a tie: this runs for every source block of every peering route's far table.
    let mut best: Option<(&Route, u128, bool)> = None;
    for route in &table.routes {
        if route.state == RouteState::Filtered {
            continue;
        }
        let Some(dest) = dest_span(&route.destination).filter(|dest| within(span, *dest)) else {
            continue;
        };
        let (size, propagated) = (dest.2 - dest.1, route.origin.is_propagated());
        let better = match best {
            None => true,
            Some((held, held_size, held_propagated)) => {
                match (size, propagated).cmp(&(held_size, held_propagated)) {
                    std::cmp::Ordering::Less => true,
                    std::cmp::Ordering::Equal => route.target.id() < held.target.id(),
                    std::cmp::Ordering::Greater => false,
                }
            }
        };
        if better {
            best = Some((route, size, propagated));
        }
    }
    best.map(|(route, _, _)| route)
}

/// `best_route` for many questions about one table: the routes grouped by size, each group
/// sorted by start, so a question costs one binary search per distinct prefix length instead of
/// a pass over the table (a hub VPC's tables hold a route per spoke, and every spoke asks).
/// Same answers as `best_route`: equal-size CIDR ranges are equal or disjoint, so at most one
/// range per size contains the span, and ties keep `best_route`'s order.
/// A table of at most `SMALL_TABLE` routes is not indexed: a pass over a few routes costs less
/// than sorting them (a generated VPC's tables hold ten), and allocates nothing.
pub(super) struct Lpm<'a> {
    table: &'a RouteTable,
    /// (range size, routes of that size by (family, start, tie-break)), smallest size first;
    /// `None` for a small table.
    groups: Option<SizeGroups<'a>>,
}

type SizeGroups<'a> = Vec<(u128, Vec<(Span, &'a Route)>)>;

const SMALL_TABLE: usize = 32;

impl<'a> Lpm<'a> {
    pub(super) fn new(table: &'a RouteTable) -> Lpm<'a> {
        if table.routes.len() <= SMALL_TABLE {
            return Lpm {
                table,
                groups: None,
            };
        }
        Lpm::indexed(table)
    }

    /// The index whatever the table's size.
    fn indexed(table: &'a RouteTable) -> Lpm<'a> {
        let mut routes: Vec<(Span, &Route)> = table
            .routes
            .iter()
            .filter(|route| route.state != RouteState::Filtered)
            .filter_map(|route| Some((dest_span(&route.destination)?, route)))
            .collect();
        crate::sort::sort_by_key(&mut routes, |(dest, route)| {
            (
                dest.2 - dest.1,
                dest.0,
                dest.1,
                route.origin.is_propagated(),
                route.target.id(),
            )
        });
        let mut groups: Vec<(u128, Vec<(Span, &Route)>)> = Vec::new();
        for (dest, route) in routes {
            let size = dest.2 - dest.1;
            match groups.last_mut() {
                Some((last, group)) if *last == size => group.push((dest, route)),
                _ => groups.push((size, vec![(dest, route)])),
            }
        }
        Lpm {
            table,
            groups: Some(groups),
        }
    }

    pub(super) fn best(&self, span: Span) -> Option<&'a Route> {
        let Some(groups) = &self.groups else {
            return best_route(self.table, span);
        };
        let wanted = span.2 - span.1;
        for (size, group) in groups {
            if *size < wanted {
                continue;
            }
            // The first route whose (family, start) is the greatest not after the span's.
            let after = group.partition_point(|(d, _)| (d.0, d.1) <= (span.0, span.1));
            let Some(at) = after.checked_sub(1) else {
                continue;
            };
            let Some(&(dest, _)) = group.get(at) else {
                continue;
            };
            let first = group[..at]
                .iter()
                .rposition(|(d, _)| (d.0, d.1) != (dest.0, dest.1))
                .map_or(0, |i| i + 1);
            if within(span, dest) {
                return group.get(first).map(|(_, route)| *route);
            }
        }
        None
    }
}

fn is_middlebox(target: &RouteTarget) -> bool {
    matches!(
        target,
        RouteTarget::NetworkInterface(_) | RouteTarget::VpcEndpoint(_)
    )
}

/// ## What it checks
/// A VPC whose route tables (in the document) include more than one main table, a main table
/// that is also edge-associated with a gateway, or no main table while a subnet of the VPC has no
/// explicit association (so its routes are unknown). VPCs without any route table in the
/// document are not judged (a design may leave routing out), nor a missing main table when every
/// subnet is explicitly associated: AWS always has one, and exports often leave it out.
/// ## Why it matters
/// Every VPC has exactly one main table; subnets without an explicit association use it. A
/// gateway route table cannot be the main table.
/// ## Fix
/// Mark exactly one table `"main": true`, one without gateway associations. (Source: [VUG-rt].)
pub(super) fn rtb_main_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (vpc, tables) in ctx.tables_by_vpc.iter() {
        // The common case, decided before anything is allocated.
        let mut main_tables = tables.iter().filter(|t| t.main);
        if let (Some(only), None) = (main_tables.next(), main_tables.next()) {
            if only.gateways.is_empty() {
                continue;
            }
        }
        let mut mains: Vec<&RouteTable> = tables.iter().filter(|t| t.main).copied().collect();
        crate::sort::sort_by_key(&mut mains, |t| t.id.as_str());
        let vpc_label = ctx.label(vpc);
        let orphans: Vec<&Subnet> = ctx
            .hybrid
            .subnets_by_vpc
            .get(vpc)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter(|s| !ctx.has_explicit_table(s))
            .copied()
            .collect();
        if mains.is_empty() && !orphans.is_empty() {
            let candidate = tables
                .iter()
                .filter(|t| t.gateways.is_empty())
                .min_by_key(|t| t.id.as_str());
            out.push(ctx.finding(
                "RTB_MAIN_MISSING",
                Severity::Error,
                format!(
                    "{vpc_label} has no main route table, so {} (without an explicit association) has no known routes",
                    orphans.iter().map(|s| ctx.label(s.id.as_str())).collect::<Vec<_>>().join(", ")
                ),
                std::iter::once(vpc.to_string())
                    .chain(orphans.iter().map(|s| s.id.to_string()))
                    .collect(),
                Some(match candidate {
                    Some(table) => format!("mark {} as the main table (\"main\": true)", table.id),
                    None => "add a main route table with the VPC's local routes".to_string(),
                }),
            ));
        } else if mains.len() > 1 {
            let ids: Vec<String> = mains.iter().map(|t| t.id.to_string()).collect();
            let mut resources = vec![vpc.to_string()];
            resources.extend(ids.iter().cloned());
            out.push(ctx.finding(
                "RTB_MAIN_MISSING",
                Severity::Error,
                format!(
                    "{vpc_label} has {} main route tables ({}); a VPC has exactly one",
                    mains.len(),
                    ids.join(", ")
                ),
                resources,
                Some(format!(
                    "keep {} as the main table and associate the others with subnets explicitly",
                    ids[0]
                )),
            ));
        }
        for table in mains.iter().filter(|t| !t.gateways.is_empty()) {
            out.push(ctx.finding(
                "RTB_MAIN_MISSING",
                Severity::Error,
                format!(
                    "{} is the main route table of {vpc_label} and also a gateway route table (associated with {}); a gateway route table cannot be main",
                    ctx.label(table.id.as_str()),
                    table.gateways.join(", ")
                ),
                vec![vpc.to_string(), table.id.to_string()],
                Some("make another table main, or move the gateway association to a table of its own".to_string()),
            ));
        }
    }
}

/// ## What it checks
/// A subnet explicitly associated with more than one route table.
/// ## Why it matters
/// A subnet uses one route table at a time; AWS replaces the association rather than adding one.
/// ## Fix
/// Keep one association. (Source: [VUG-rt], [VUG-rt-work].)
pub(super) fn rtb_subnet_multi_assoc(ctx: &Ctx, out: &mut Vec<Finding>) {
    // First the subnets named by two tables (rare; `Hybrid::multi_assoc`, found while the
    // associations were indexed); then their tables, in order.
    if ctx.hybrid.multi_assoc.is_empty() {
        return;
    }
    let shared: std::collections::BTreeSet<&str> = ctx.hybrid.multi_assoc.iter().copied().collect();
    let mut by_subnet: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for table in &ctx.topo.route_tables {
        for subnet in table.subnets.iter().filter(|s| shared.contains(s.as_str())) {
            by_subnet
                .entry(subnet.as_str())
                .or_default()
                .push(table.id.as_str());
        }
    }
    for (subnet, mut tables) in by_subnet {
        crate::sort::sort(&mut tables);
        tables.dedup();
        if tables.len() < 2 {
            continue;
        }
        let mut resources = vec![subnet.to_string()];
        resources.extend(tables.iter().map(|t| t.to_string()));
        out.push(ctx.finding(
            "RTB_SUBNET_MULTI_ASSOC",
            Severity::Error,
            format!(
                "{} is associated with {} route tables ({}); a subnet uses one route table at a time",
                ctx.label(subnet),
                tables.len(),
                tables.join(", ")
            ),
            resources,
            Some(format!(
                "keep one association, e.g. with {}, and remove {subnet} from the others",
                tables[0]
            )),
        ));
    }
}

/// ## What it checks
/// A route table associated with a subnet of another VPC, or edge-associated with an internet
/// or virtual private gateway attached to another VPC.
/// ## Why it matters
/// Associations are only with subnets and gateways of the table's own VPC.
/// ## Fix
/// Associate the subnet or gateway with a table of its own VPC. (Source: [VUG-rt-work].)
pub(super) fn rtb_vpc_mismatch(ctx: &Ctx, out: &mut Vec<Finding>) {
    let subnets = &ctx.subnets;
    for table in &ctx.topo.route_tables {
        for subnet in table
            .subnets
            .iter()
            .filter_map(|id| subnets.get(id.as_str()))
        {
            if subnet.vpc != table.vpc {
                out.push(ctx.finding(
                    "RTB_VPC_MISMATCH",
                    Severity::Error,
                    format!(
                        "{} of {} is associated with {}, a subnet of {}",
                        ctx.label(table.id.as_str()),
                        ctx.label(table.vpc.as_str()),
                        ctx.label(subnet.id.as_str()),
                        ctx.label(subnet.vpc.as_str())
                    ),
                    vec![
                        table.id.to_string(),
                        subnet.id.to_string(),
                        table.vpc.to_string(),
                        subnet.vpc.to_string(),
                    ],
                    Some(format!(
                        "associate {} with a route table of {}",
                        subnet.id, subnet.vpc
                    )),
                ));
            }
        }
        for gateway in &table.gateways {
            // The first copy of an id, as a scan of the list would find.
            let attached = if gateway.starts_with("igw-") {
                ctx.igws
                    .get(gateway.as_str())
                    .and_then(|igw| igw.vpc.clone())
            } else {
                ctx.hybrid
                    .vgws
                    .get(gateway.as_str())
                    .and_then(|vgw| vgw.attached_vpc().cloned())
            };
            if let Some(vpc) = attached.filter(|vpc| vpc != &table.vpc) {
                out.push(ctx.finding(
                    "RTB_VPC_MISMATCH",
                    Severity::Error,
                    format!(
                        "{} of {} is edge-associated with {gateway}, which is attached to {}",
                        ctx.label(table.id.as_str()),
                        ctx.label(table.vpc.as_str()),
                        ctx.label(vpc.as_str())
                    ),
                    vec![
                        table.id.to_string(),
                        gateway.clone(),
                        table.vpc.to_string(),
                        vpc.to_string(),
                    ],
                    Some(format!(
                        "edge-associate {gateway} with a route table of {vpc}"
                    )),
                ));
            }
        }
    }
}

/// ## What it checks
/// A route table of a VPC in the document without a route for each associated VPC block (IPv4
/// and IPv6) whose target is `local` (or a middlebox that replaced it, `ROUTE_LOCAL_REPLACED`).
/// ## Why it matters
/// AWS adds one local route per block to every table and never removes it; a table without one
/// comes from a broken export or a hand-written document that leaves out intra-VPC routing.
/// ## Fix
/// Add `{"destination": "<block>", "target": "local"}` for each block. (Source: [VUG-rt], [VUG-cidr].)
pub(super) fn route_local_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        let Some(vpc) = ctx.table_vpc(table) else {
            continue;
        };
        let missing: Vec<String> = vpc_blocks(vpc)
            .into_iter()
            .filter(|(block, _)| {
                !table.routes.iter().any(|route| {
                    dest_span(&route.destination) == Some(*block)
                        && (route.target == RouteTarget::Local || is_middlebox(&route.target))
                })
            })
            .map(|(_, net)| net.to_string())
            .collect();
        if missing.is_empty() {
            continue;
        }
        out.push(ctx.finding(
            "ROUTE_LOCAL_MISSING",
            Severity::Error,
            format!(
                "{} has no local route for {} of {}: AWS adds one per VPC block to every table",
                ctx.label(table.id.as_str()),
                missing.join(", "),
                ctx.label(vpc.id.as_str())
            ),
            vec![table.id.to_string(), vpc.id.to_string()],
            Some(format!(
                "add {} to {}",
                missing
                    .iter()
                    .map(|block| format!("{block} → local"))
                    .collect::<Vec<_>>()
                    .join(", "),
                table.id
            )),
        ));
    }
}

/// ## What it checks
/// The route for a whole VPC block targets a network interface or a Gateway Load Balancer
/// endpoint instead of `local`.
/// ## Why it matters
/// Allowed (middlebox inspection of traffic inside the VPC) and restorable; worth knowing, since
/// every packet between the table's subnets and that block now passes the appliance.
/// ## Fix
/// Nothing if intended; restore the target to `local` otherwise. (Source: [VUG-rt], [VUG-rt-work].)
pub(super) fn route_local_replaced(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        let Some(vpc) = ctx.table_vpc(table) else {
            continue;
        };
        for (block, text) in vpc_blocks(vpc) {
            let replaced = table.routes.iter().find(|route| {
                dest_span(&route.destination) == Some(block) && is_middlebox(&route.target)
            });
            if let Some(route) = replaced {
                out.push(ctx.finding(
                    "ROUTE_LOCAL_REPLACED",
                    Severity::Info,
                    format!(
                        "{} sends the VPC block {text} to {} instead of local: traffic inside the VPC passes that appliance",
                        ctx.label(table.id.as_str()),
                        ctx.label(route.target.id())
                    ),
                    vec![table.id.to_string(), route.target.id().to_string()],
                    None,
                ));
            }
        }
    }
}

/// ## What it checks
/// A static route whose destination lies inside (or equals) a block of the table's own VPC,
/// other than the allowed middlebox form: exactly a subnet's block of this VPC to a NAT gateway,
/// network interface or Gateway Load Balancer endpoint, or a whole block whose local route was
/// replaced. Inside the primary block (or an IPv6 block) it is `ROUTE_MORE_SPECIFIC_THAN_LOCAL`;
/// inside a secondary IPv4 block it is `VPC_CIDR_ROUTE_CONFLICT`, because AWS refuses to
/// associate a block that contains an existing route's destination as much as it refuses the
/// route afterwards.
/// ## Why it matters
/// The local route covers every address of the VPC; AWS refuses routes that would undercut it.
/// ## Fix
/// Remove the route, or (for inspection) route exactly a subnet's block to the appliance.
/// (Source: [VUG-rt] rules & considerations, [VUG-rt-options], [VUG-cidr].)
pub(super) fn route_more_specific_than_local(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        let Some(vpc) = ctx.table_vpc(table) else {
            continue;
        };
        let blocks = vpc_blocks(vpc);
        // Asked only of a route inside the VPC's blocks, which most tables have none of (the
        // local route is skipped): the lookup is a cache miss.
        let exact_subnet_block = |dest: Span| {
            let subnets = ctx
                .hybrid
                .subnets_by_vpc
                .get(vpc.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            subnets.iter().any(|s| {
                s.cidr.iter().any(|c| span4(c) == dest)
                    || s.ipv6_cidrs.iter().any(|c| span6(c) == dest)
            })
        };
        for route in &table.routes {
            if route.target == RouteTarget::Local || route.origin.is_propagated() {
                continue;
            }
            let Some(dest) = dest_span(&route.destination) else {
                continue;
            };
            let Some((idx, (block, text))) = blocks
                .iter()
                .enumerate()
                .find(|(_, (block, _))| within(dest, *block))
            else {
                continue;
            };
            let middlebox_target =
                is_middlebox(&route.target) || matches!(route.target, RouteTarget::NatGateway(_));
            let replaced_local = dest == *block && is_middlebox(&route.target);
            let exact_subnet = exact_subnet_block(dest);
            if replaced_local || (exact_subnet && middlebox_target) {
                continue;
            }
            // A route to a peer whose blocks overlap this VPC's: `PEERING_CIDR_OVERLAP` names
            // the cause, and re-addressing one VPC removes both findings.
            if let RouteTarget::VpcPeering(id) = &route.target {
                let peer_overlaps = ctx.peerings.get(id.as_str()).is_some_and(|pcx| {
                    let far = if pcx.requester.vpc == vpc.id {
                        &pcx.accepter
                    } else {
                        &pcx.requester
                    };
                    ctx.side_cidrs(far).iter().any(|c| overlaps(dest, span4(c)))
                        || ctx
                            .side_ipv6_cidrs(far)
                            .iter()
                            .any(|c| overlaps(dest, span6(c)))
                });
                if peer_overlaps {
                    continue;
                }
            }
            let secondary = idx > 0 && dest.0 == 4;
            let (code, why) = if secondary {
                ("VPC_CIDR_ROUTE_CONFLICT", format!("which lies inside {}'s secondary block {text}: AWS refuses to associate a block containing an existing route's destination, and refuses the route once the block is there", ctx.label(vpc.id.as_str())))
            } else {
                ("ROUTE_MORE_SPECIFIC_THAN_LOCAL", format!("which lies inside {}'s block {text}: only a subnet's exact block may be routed past the local route, and only to a NAT gateway, network interface or Gateway Load Balancer endpoint", ctx.label(vpc.id.as_str())))
            };
            out.push(ctx.finding(
                code,
                Severity::Error,
                format!(
                    "{} routes {} to {}, {why}",
                    ctx.label(table.id.as_str()),
                    route.destination,
                    route.target
                ),
                vec![table.id.to_string(), vpc.id.to_string()],
                Some(if exact_subnet {
                    format!(
                        "remove the route, or point it at a NAT gateway, network interface or Gateway Load Balancer endpoint instead of {}",
                        route.target
                    )
                } else {
                    format!(
                        "remove the route {} → {}: the local route already delivers {} inside the VPC",
                        route.destination, route.target, route.destination
                    )
                }),
            ));
        }
    }
}

/// ## What it checks
/// A propagated route (from a virtual private gateway: VPN or Direct Connect) whose destination
/// overlaps a block of the table's VPC.
/// ## Why it matters
/// The local route wins for every VPC address, even against a more specific propagated route:
/// that part of the on-premises range is unreachable from the VPC.
/// ## Fix
/// Re-address the on-premises range or stop advertising it. (Source: [VPN-routing].)
pub(super) fn route_propagated_under_local(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        let Some(vpc) = ctx.table_vpc(table) else {
            continue;
        };
        for route in table.routes.iter().filter(|r| r.origin.is_propagated()) {
            let Some(dest) = dest_span(&route.destination) else {
                continue;
            };
            if let Some((_, text)) = vpc_blocks(vpc)
                .into_iter()
                .find(|(block, _)| overlaps(dest, *block))
            {
                out.push(ctx.finding(
                    "ROUTE_PROPAGATED_UNDER_LOCAL",
                    Severity::Warning,
                    format!(
                        "{} learns {} from {}, which overlaps {}'s block {text}: the local route wins for those addresses, so that part of the remote network is unreachable",
                        ctx.label(table.id.as_str()),
                        route.destination,
                        route.target,
                        ctx.label(vpc.id.as_str())
                    ),
                    vec![table.id.to_string(), route.target.id().to_string(), vpc.id.to_string()],
                    Some(format!(
                        "re-address the remote network or stop advertising {} over {}",
                        route.destination, route.target
                    )),
                ));
            }
        }
    }
}

fn reserved_ranges() -> [(Span, &'static str); 2] {
    let v4: Cidr4 = "169.254.168.0/22"
        .parse()
        .unwrap_or(Cidr4(Default::default()));
    let v6: Cidr6 = "fd00:ec2::/32".parse().unwrap_or(Cidr6(Default::default()));
    [
        (span4(&v4), "169.254.168.0/22"),
        (span6(&v6), "fd00:ec2::/32"),
    ]
}

/// ## What it checks
/// A route whose destination equals or lies inside 169.254.168.0/22 or fd00:ec2::/32.
/// ## Why it matters
/// Those ranges are reserved for the instance metadata service, Amazon DNS and other services
/// of the instance; AWS refuses routes to them (a larger block containing them is accepted, but
/// packets to the reserved part are never forwarded).
/// ## Fix
/// Remove the route. (Source: [VUG-rt].)
pub(super) fn route_reserved_destination(ctx: &Ctx, out: &mut Vec<Finding>) {
    let reserved = reserved_ranges();
    for table in &ctx.topo.route_tables {
        for route in &table.routes {
            let Some(dest) = dest_span(&route.destination) else {
                continue;
            };
            if let Some((_, range)) = reserved.iter().find(|(range, _)| within(dest, *range)) {
                out.push(ctx.finding(
                    "ROUTE_RESERVED_DESTINATION",
                    Severity::Error,
                    format!(
                        "{} routes {} to {}, inside {range}, which is reserved for the instance metadata service and Amazon DNS",
                        ctx.label(table.id.as_str()),
                        route.destination,
                        route.target
                    ),
                    vec![table.id.to_string()],
                    Some(format!("remove the route {} → {}", route.destination, route.target)),
                ));
            }
        }
    }
}

/// The destination as AWS compares it: the address range for CIDRs (so `10.0.0.1/16` and
/// `10.0.0.0/16` are one), the id for prefix lists. A key, not text: tables are grouped by it
/// for every route of the document.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum DestKey<'a> {
    Range(Span),
    List(&'a str),
}

fn dest_key(dest: &Destination) -> DestKey<'_> {
    match dest {
        Destination::Ipv4(cidr) => DestKey::Range(span4(cidr)),
        Destination::Ipv6(cidr) => DestKey::Range(span6(cidr)),
        Destination::PrefixList(id) => DestKey::List(id.as_str()),
    }
}

/// The destination as a finding writes it: the canonical network, or the prefix list id.
fn dest_text(dest: &Destination) -> String {
    match dest {
        Destination::Ipv4(cidr) => cidr.network().to_string(),
        Destination::Ipv6(cidr) => cidr.network().to_string(),
        Destination::PrefixList(id) => id.to_string(),
    }
}

/// ## What it checks
/// Two static (not propagated) routes of one table with the same destination (CIDR or prefix
/// list). The API's error name (`RouteAlreadyExists`) is **unconfirmed** from stored docs.
/// ## Why it matters
/// CreateRoute refuses a second route for a destination; a static and a propagated route with
/// the same destination are legal (`ROUTE_STATIC_OVER_PROPAGATED`).
/// ## Fix
/// Keep one of the routes (replace-route changes a target). (Source: catalog, unconfirmed.)
pub(super) fn route_duplicate_static(ctx: &Ctx, out: &mut Vec<Finding>) {
    // The static routes of a table sorted by destination (stable, so each destination's
    // routes keep their order), in one buffer for every table: a map of lists per table
    // allocated for every route.
    let mut by_dest: Vec<(DestKey, &Route)> = Vec::new();
    let mut routes: Vec<&Route> = Vec::new();
    for table in &ctx.topo.route_tables {
        by_dest.clear();
        // Local routes are AWS's own; one that collides with a static route is
        // `ROUTE_MORE_SPECIFIC_THAN_LOCAL`, not a duplicate.
        by_dest.extend(
            table
                .routes
                .iter()
                .filter(|r| !r.origin.is_propagated() && r.target != RouteTarget::Local)
                .map(|route| (dest_key(&route.destination), route)),
        );
        crate::sort::sort_by(&mut by_dest, |a, b| a.0.cmp(&b.0));
        for group in by_dest.chunk_by(|a, b| a.0 == b.0) {
            if group.len() < 2 {
                continue;
            }
            routes.clear();
            routes.extend(group.iter().map(|(_, route)| *route));
            let Some(first) = routes.first() else {
                continue;
            };
            let dest = dest_text(&first.destination);
            let mut targets: Vec<&str> = routes.iter().map(|r| r.target.id()).collect();
            crate::sort::sort(&mut targets);
            out.push(ctx.finding(
                "ROUTE_DUPLICATE_STATIC",
                Severity::Error,
                format!(
                    "{} has {} static routes for {dest} (to {}); a table holds one route per destination",
                    ctx.label(table.id.as_str()),
                    routes.len(),
                    targets.join(", ")
                ),
                vec![table.id.to_string()],
                Some(format!("keep one route for {dest}; use replace-route to change its target")),
            ));
        }
    }
}

/// Why a route's target cannot serve the table's VPC, if it cannot.
fn target_problem(ctx: &Ctx, table: &RouteTable, target: &RouteTarget) -> Option<String> {
    let topo = ctx.topo;
    let vpc = &table.vpc;
    let other = |owner: &VpcId| format!("belongs to {}", ctx.label(owner.as_str()));
    match target {
        RouteTarget::InternetGateway(id) => {
            let igw = ctx.igws.get(id.as_str())?;
            match &igw.vpc {
                Some(owner) if owner == vpc => None,
                Some(owner) => Some(format!("is attached to {}", ctx.label(owner.as_str()))),
                None => Some("is not attached to any VPC".to_string()),
            }
        }
        RouteTarget::VpnGateway(id) => {
            let vgw = ctx.hybrid.vgws.get(id.as_str())?;
            match vgw.attached_vpc() {
                Some(owner) if owner == vpc => None,
                Some(owner) => Some(format!("is attached to {}", ctx.label(owner.as_str()))),
                None => Some("is not attached to any VPC".to_string()),
            }
        }
        RouteTarget::NatGateway(id) => {
            let nat = ctx.nats.get(id.as_str())?;
            if &nat.vpc != vpc {
                Some(other(&nat.vpc))
            } else {
                None
            }
        }
        RouteTarget::VpcPeering(id) => {
            let pcx = ctx.peerings.get(id.as_str())?;
            pcx.peer_of(vpc).is_none().then(|| {
                format!(
                    "joins {} and {}, not {}",
                    ctx.label(pcx.requester.vpc.as_str()),
                    ctx.label(pcx.accepter.vpc.as_str()),
                    ctx.label(vpc.as_str())
                )
            })
        }
        RouteTarget::VpcEndpoint(id) => {
            let endpoint = ctx.endpoints.get(id.as_str())?;
            (&endpoint.vpc != vpc).then(|| other(&endpoint.vpc))
        }
        RouteTarget::NetworkInterface(id) => {
            let eni = ctx.enis.get(id.as_str())?;
            let subnet = ctx.subnets.get(eni.subnet.as_str())?;
            (&subnet.vpc != vpc).then(|| other(&subnet.vpc))
        }
        RouteTarget::Instance(id) => {
            let instance = ctx.instances.get(id.as_str())?;
            let subnet = ctx.subnets.get(instance.subnet.as_str())?;
            (&subnet.vpc != vpc).then(|| other(&subnet.vpc))
        }
        RouteTarget::TransitGateway(id) => {
            let attachments: Vec<&TransitGatewayAttachment> = topo
                .transit_gateway_attachments
                .iter()
                .filter(|a| &a.transit_gateway == id)
                .collect();
            // Without any attachment of the TGW in the document, nothing can be said.
            if attachments.is_empty() {
                return None;
            }
            let attached = attachments
                .iter()
                .any(|a| a.resource_type == "vpc" && a.resource == vpc.as_str());
            (!attached).then(|| format!("has no attachment to {}", ctx.label(vpc.as_str())))
        }
        RouteTarget::Local | RouteTarget::EgressOnlyInternetGateway(_) | RouteTarget::Other(_) => {
            None
        }
    }
}

/// ## What it checks
/// An active route whose target (in the document) cannot serve the table's VPC: an internet or
/// virtual private gateway attached elsewhere or not at all, a NAT gateway, endpoint, network
/// interface or instance of another VPC, a peering that does not involve this VPC, a transit
/// gateway with attachments but none to this VPC. A target the document lacks is not judged:
/// AWS snapshots often leave resources out (the importer notes them).
/// ## Why it matters
/// AWS refuses such a route (or turns it into a blackhole when the gateway is detached).
/// ## Fix
/// Point the route at a resource of this VPC. (Source: [VUG-rt-options], [API-ec2] Route.State.)
pub(super) fn route_target_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    // Routes to a peering the document has are `Ctx::peering_routes`, their sides resolved:
    // a peering that does not join the table's VPC has no far side. The order findings are
    // pushed in does not matter (they are sorted at the end).
    let to_peers = ctx
        .peering_routes
        .iter()
        .filter(|r| r.far.is_none())
        .map(|r| (r.table, r.route));
    let others = ctx.topo.route_tables.iter().flat_map(|table| {
        table
            .routes
            .iter()
            .filter(|r| !matches!(r.target, RouteTarget::VpcPeering(_)))
            .map(move |route| (table, route))
    });
    for (table, route) in to_peers.chain(others) {
        if route.state != RouteState::Active {
            continue;
        }
        let Some(problem) = target_problem(ctx, table, &route.target) else {
            continue;
        };
        out.push(ctx.finding(
            "ROUTE_TARGET_MISSING",
            Severity::Error,
            format!(
                "{} of {} routes {} to {}, which {problem}",
                ctx.label(table.id.as_str()),
                ctx.label(table.vpc.as_str()),
                route.destination,
                ctx.label(route.target.id())
            ),
            vec![table.id.to_string(), route.target.id().to_string()],
            Some(format!(
                "point {} at a target of {}, or attach {} to it",
                route.destination, table.vpc, route.target
            )),
        ));
    }
}

/// ## What it checks
/// A route in state `blackhole` (its target is gone, detached or not active). Routes to a
/// peering that is not active are `ROUTE_PCX_NOT_ACTIVE` instead, which says why.
/// ## Why it matters
/// Matching traffic is dropped; AWS documents no fallback to a shorter route.
/// ## Fix
/// Remove the route or point it at a working target. (Source: [API-ec2] Route.State,
/// [PG-routing], [CLI-ex] describe-route-tables.)
pub(super) fn route_blackhole(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        for route in table
            .routes
            .iter()
            .filter(|r| r.state == RouteState::Blackhole)
        {
            if let RouteTarget::VpcPeering(id) = &route.target {
                if ctx
                    .peerings
                    .get(id.as_str())
                    .is_some_and(|p| !p.is_active())
                {
                    continue;
                }
            }
            out.push(ctx.finding(
                "ROUTE_BLACKHOLE",
                Severity::Error,
                format!(
                    "{} routes {} to {}, but the route is a blackhole: its target is gone, detached or not active, and matching traffic is dropped",
                    ctx.label(table.id.as_str()),
                    route.destination,
                    ctx.label(route.target.id())
                ),
                vec![table.id.to_string(), route.target.id().to_string()],
                Some(format!(
                    "remove the route {} → {} or point it at a working target",
                    route.destination, route.target
                )),
            ));
        }
    }
}

/// ## What it checks
/// A route in state `filtered` (VPC Route Server, 2025+; semantics **unconfirmed**).
/// ## Why it matters
/// Treated as not installed: it does not carry traffic.
/// ## Fix
/// Nothing, or check the route server's configuration. (Source: [API-ec2].)
pub(super) fn route_filtered(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        for route in table
            .routes
            .iter()
            .filter(|r| r.state == RouteState::Filtered)
        {
            out.push(ctx.finding(
                "ROUTE_FILTERED",
                Severity::Info,
                format!(
                    "{} has the route {} → {} in state filtered: it is not installed and carries no traffic",
                    ctx.label(table.id.as_str()),
                    route.destination,
                    route.target
                ),
                vec![table.id.to_string()],
                None,
            ));
        }
    }
}

/// ## What it checks
/// A route whose target cannot carry its address family: an IPv6 destination to a NAT gateway
/// outside NAT64's 64:ff9b::/96, an IPv4 destination to an egress-only internet gateway, an IPv6
/// destination to a virtual private gateway that has VPN connections and no Direct Connect
/// (a VGW carries IPv6 only towards Direct Connect).
/// ## Why it matters
/// AWS refuses the route, or the traffic has nowhere to go.
/// ## Fix
/// Use a target of the right family: an egress-only IGW for IPv6 egress, a NAT gateway for
/// IPv4. (Source: [VUG-rt], [VUG-rt-options], [VUG-nat], [VUG-nat64], [VPN-what].)
pub(super) fn route_family_mismatch(ctx: &Ctx, out: &mut Vec<Finding>) {
    let nat64: Cidr6 = "64:ff9b::/96".parse().unwrap_or(Cidr6(Default::default()));
    for table in &ctx.topo.route_tables {
        for route in &table.routes {
            let problem = match (&route.destination, &route.target) {
                (Destination::Ipv6(dest), RouteTarget::NatGateway(_)) if !dest.within(&nat64) => {
                    Some(
                        "a NAT gateway carries IPv4 (and IPv6 only to NAT64's 64:ff9b::/96)"
                            .to_string(),
                    )
                }
                (Destination::Ipv4(_), RouteTarget::EgressOnlyInternetGateway(_)) => {
                    Some("an egress-only internet gateway carries IPv6 only".to_string())
                }
                (Destination::Ipv6(_), RouteTarget::VpnGateway(id)) => {
                    let has_vpn = ctx
                        .topo
                        .vpn_connections
                        .iter()
                        .any(|v| v.vpn_gateway.as_ref() == Some(id));
                    let has_dx = ctx
                        .topo
                        .virtual_interfaces
                        .iter()
                        .any(|v| v.vpn_gateway.as_ref() == Some(id))
                        || ctx
                            .topo
                            .dx_gateway_associations
                            .iter()
                            .any(|a| a.gateway == id.as_str());
                    (has_vpn && !has_dx).then(|| {
                        "a Site-to-Site VPN on a virtual private gateway carries no IPv6"
                            .to_string()
                    })
                }
                _ => None,
            };
            if let Some(problem) = problem {
                out.push(ctx.finding(
                    "ROUTE_FAMILY_MISMATCH",
                    Severity::Error,
                    format!(
                        "{} routes {} to {}, but {problem}",
                        ctx.label(table.id.as_str()),
                        route.destination,
                        ctx.label(route.target.id())
                    ),
                    vec![table.id.to_string(), route.target.id().to_string()],
                    Some(match route.destination {
                        Destination::Ipv6(_) => format!(
                            "route {} to an egress-only internet gateway, an internet gateway or a transit gateway instead",
                            route.destination
                        ),
                        _ => format!(
                            "route {} to a NAT gateway or an internet gateway instead",
                            route.destination
                        ),
                    }),
                ));
            }
        }
    }
}

/// ## What it checks
/// A prefix-list destination that names no prefix list of the document while the document has
/// prefix lists of the table's region (an export without prefix lists is not judged), or a
/// prefix list of another region.
/// ## Why it matters
/// A prefix list applies only in the region where it was created.
/// ## Fix
/// Use the region's prefix list id (`aws ec2 describe-prefix-lists`). (Source: [VUG-pl].)
pub(super) fn route_prefix_list_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        let Some(vpc) = ctx.table_vpc(table) else {
            continue;
        };
        let region = vpc.region.as_str();
        for route in &table.routes {
            let Destination::PrefixList(id) = &route.destination else {
                continue;
            };
            let list = ctx.topo.prefix_lists.iter().find(|pl| &pl.id == id);
            let problem = match list {
                Some(list) => match list.region.as_deref() {
                    Some(other) if other != region => {
                        Some(format!("is a prefix list of {other}, not of {region}"))
                    }
                    _ => None,
                },
                None if ctx
                    .topo
                    .prefix_lists
                    .iter()
                    .any(|pl| pl.region.as_deref().is_none_or(|r| r == region)) =>
                {
                    Some(format!("is not among the prefix lists of {region}"))
                }
                None => None,
            };
            if let Some(problem) = problem {
                out.push(ctx.finding(
                    "ROUTE_PREFIX_LIST_MISSING",
                    Severity::Error,
                    format!(
                        "{} routes {id} to {}, but {id} {problem}",
                        ctx.label(table.id.as_str()),
                        route.target
                    ),
                    vec![table.id.to_string(), id.to_string()],
                    Some(format!(
                        "use the prefix list id of {region} (aws ec2 describe-prefix-lists --region {region})"
                    )),
                ));
            }
        }
    }
}

/// ## What it checks
/// Two prefix-list routes of one table, to different targets, whose lists (as the document
/// gives their entries) share addresses.
/// ## Why it matters
/// AWS picks one of the routes at random for the shared addresses and then keeps it.
/// ## Fix
/// Make the lists disjoint, or route the shared range with a more specific CIDR route.
/// (Source: [VUG-rt] route priority and prefix lists.)
pub(super) fn route_prefix_list_conflict(ctx: &Ctx, out: &mut Vec<Finding>) {
    let entries = |id: &PrefixListId| -> Vec<(Span, String)> {
        ctx.topo
            .prefix_lists
            .iter()
            .find(|pl| &pl.id == id)
            .map(|pl| {
                pl.cidrs
                    .iter()
                    .map(|c| (span_of(c), c.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    };
    for table in &ctx.topo.route_tables {
        let lists: Vec<(&Route, &PrefixListId)> = table
            .routes
            .iter()
            .filter_map(|route| match &route.destination {
                Destination::PrefixList(id) => Some((route, id)),
                _ => None,
            })
            .collect();
        for (i, (a, a_id)) in lists.iter().enumerate() {
            for (b, b_id) in lists.iter().skip(i + 1) {
                if a.target == b.target || a_id == b_id {
                    continue;
                }
                let (first, second) = if a_id.as_str() <= b_id.as_str() {
                    ((a, a_id), (b, b_id))
                } else {
                    ((b, b_id), (a, a_id))
                };
                let second_entries = entries(second.1);
                // The lowest overlapping pair of entries, whatever the order of the lists.
                let shared = entries(first.1)
                    .into_iter()
                    .flat_map(|(x, x_text)| {
                        second_entries
                            .iter()
                            .filter(move |(y, _)| overlaps(x, *y))
                            .map(move |(y, y_text)| ((x, *y), x_text.clone(), y_text.clone()))
                    })
                    .min();
                let Some((_, x_text, y_text)) = shared else {
                    continue;
                };
                out.push(ctx.finding(
                    "ROUTE_PREFIX_LIST_CONFLICT",
                    Severity::Warning,
                    format!(
                        "{} routes {} to {} and {} to {}, and the lists share addresses ({x_text} and {y_text}): AWS picks one route at random for them",
                        ctx.label(table.id.as_str()),
                        first.1,
                        first.0.target,
                        second.1,
                        second.0.target
                    ),
                    vec![table.id.to_string(), first.1.to_string(), second.1.to_string()],
                    Some("make the prefix lists disjoint, or add a more specific CIDR route for the shared range".to_string()),
                ));
            }
        }
    }
}

/// ## What it checks
/// An active CIDR route every address of which is matched by more specific routes of the same
/// table (identical prefixes are `ROUTE_STATIC_OVER_PROPAGATED` or `ROUTE_DUPLICATE_STATIC`).
/// ## Why it matters
/// Longest prefix wins, so the route never carries a packet; it is dead configuration that
/// misleads a reader.
/// ## Fix
/// Remove it, or remove the routes that cover it. (Source: [VUG-rt].)
pub(super) fn route_shadowed(ctx: &Ctx, out: &mut Vec<Finding>) {
    // Two buffers for every table and route, not two allocations per route.
    let mut spans: Vec<(&Route, Span)> = Vec::new();
    let mut inner: Vec<(u128, u128)> = Vec::new();
    for table in &ctx.topo.route_tables {
        spans.clear();
        spans.extend(
            table
                .routes
                .iter()
                .filter(|r| r.state != RouteState::Filtered)
                .filter_map(|r| Some((r, dest_span(&r.destination)?))),
        );
        for (route, span) in &spans {
            if route.state != RouteState::Active {
                continue;
            }
            inner.clear();
            inner.extend(
                spans
                    .iter()
                    .filter(|(_, other)| within(*other, *span) && other != span)
                    .map(|(_, other)| (other.1, other.2)),
            );
            if inner.is_empty() {
                continue;
            }
            crate::sort::sort(&mut inner);
            // Sweep: does the union of the inner ranges cover [span.1, span.2]?
            let mut next = span.1;
            let mut covered = false;
            for &(start, end) in &inner {
                if start > next {
                    break;
                }
                if end >= span.2 {
                    covered = true;
                    break;
                }
                next = next.max(end + 1);
            }
            if covered {
                out.push(ctx.finding(
                    "ROUTE_SHADOWED",
                    Severity::Info,
                    format!(
                        "{}'s route {} → {} never carries traffic: more specific routes of the table cover all of {}",
                        ctx.label(table.id.as_str()),
                        route.destination,
                        route.target,
                        route.destination
                    ),
                    vec![table.id.to_string()],
                    Some(format!("remove the route {} → {}", route.destination, route.target)),
                ));
            }
        }
    }
}

/// ## What it checks
/// A static and a propagated route of one table with the identical destination.
/// ## Why it matters
/// The static route wins (for every static target, a static VGW route included); the propagated
/// one is a standby at best.
/// ## Fix
/// Nothing if intended; remove the static route to use the propagated path.
/// (Source: [VUG-rt], [VPN-routing].)
pub(super) fn route_static_over_propagated(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        // Most tables have no propagated route: nothing to pair.
        if !table.routes.iter().any(|r| r.origin.is_propagated()) {
            continue;
        }
        let mut by_dest: BTreeMap<DestKey, (Vec<&Route>, Vec<&Route>)> = BTreeMap::new();
        for route in &table.routes {
            let entry = by_dest.entry(dest_key(&route.destination)).or_default();
            if route.origin.is_propagated() {
                entry.1.push(route);
            } else {
                entry.0.push(route);
            }
        }
        for (statics, propagated) in by_dest.into_values() {
            let (Some(winner), Some(loser)) = (
                statics.iter().min_by_key(|r| r.target.id()),
                propagated.iter().min_by_key(|r| r.target.id()),
            ) else {
                continue;
            };
            let dest = dest_text(&winner.destination);
            out.push(ctx.finding(
                "ROUTE_STATIC_OVER_PROPAGATED",
                Severity::Info,
                format!(
                    "{} has a static route {dest} → {} and a propagated one → {}: the static route wins",
                    ctx.label(table.id.as_str()),
                    winner.target,
                    loser.target
                ),
                vec![table.id.to_string()],
                None,
            ));
        }
    }
}

/// ## What it checks
/// Route propagation enabled from a virtual private gateway (in the document) that is not
/// attached to the table's VPC.
/// ## Why it matters
/// Nothing propagates: the VPN or Direct Connect routes never reach the table.
/// ## Fix
/// Attach the gateway to the VPC, or disable propagation from it. (Source: [VUG-rt-work], [VPN-setup].)
pub(super) fn route_propagation_vgw_not_attached(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        for id in &table.propagating_vgws {
            let Some(vgw) = ctx.hybrid.vgws.get(id.as_str()) else {
                continue;
            };
            if vgw.attached_vpc() == Some(&table.vpc) {
                continue;
            }
            out.push(ctx.finding(
                "ROUTE_PROPAGATION_VGW_NOT_ATTACHED",
                Severity::Warning,
                format!(
                    "{} propagates routes from {}, which is not attached to {}: nothing propagates",
                    ctx.label(table.id.as_str()),
                    ctx.label(id.as_str()),
                    ctx.label(table.vpc.as_str())
                ),
                vec![table.id.to_string(), id.to_string()],
                Some(format!(
                    "attach {id} to {}, or disable propagation from it",
                    table.vpc
                )),
            ));
        }
    }
}

/// ## What it checks
/// A subnet that gives instances public IPv4 addresses (`MapPublicIpOnLaunch`) while its route
/// table (explicit, else the main one) has no route to an internet gateway.
/// ## Why it matters
/// The public addresses cannot be used: nothing leaves or arrives through an internet gateway.
/// ## Fix
/// Add `0.0.0.0/0 → igw-…` to the table, or turn off auto-assigned public IPs. (Source: [VUG-subnets].)
pub(super) fn route_no_default_for_public_ip(ctx: &Ctx, out: &mut Vec<Finding>) {
    let tables = subnet_tables(ctx);
    for subnet in ctx
        .topo
        .subnets
        .iter()
        .filter(|s| s.map_public_ip_on_launch)
    {
        let Some(table) = tables.get(subnet.id.as_str()) else {
            continue;
        };
        if table
            .routes
            .iter()
            .any(|r| matches!(r.target, RouteTarget::InternetGateway(_)))
        {
            continue;
        }
        let igw = ctx
            .topo
            .internet_gateways
            .iter()
            .find(|g| g.vpc.as_ref() == Some(&subnet.vpc));
        out.push(ctx.finding(
            "ROUTE_NO_DEFAULT_FOR_PUBLIC_IP",
            Severity::Info,
            format!(
                "{} gives instances public IPv4 addresses, but its route table {} has no route to an internet gateway: the addresses cannot be used",
                ctx.label(subnet.id.as_str()),
                ctx.label(table.id.as_str())
            ),
            vec![subnet.id.to_string(), table.id.to_string()],
            Some(match igw {
                Some(igw) => format!("add a route 0.0.0.0/0 → {} to {}, or turn off MapPublicIpOnLaunch", igw.id, table.id),
                None => format!("attach an internet gateway to {} and route 0.0.0.0/0 to it from {}, or turn off MapPublicIpOnLaunch", subnet.vpc, table.id),
            }),
        ));
    }
}

/// ## What it checks
/// A gateway route table (edge-associated with an internet or virtual private gateway) with
/// route propagation enabled, a prefix-list destination, a destination outside the VPC's blocks
/// or larger than one of them, or a target other than `local`, a network interface or (for an
/// internet gateway's table) a Gateway Load Balancer endpoint; a VGW's table routing to an
/// endpoint drops the traffic.
/// ## Why it matters
/// Gateway route tables only steer traffic entering the VPC to an appliance; AWS refuses other
/// routes there.
/// ## Fix
/// Keep only `local` and appliance routes for the VPC's own blocks or subnets.
/// (Source: [VUG-rt] gateway route tables.)
pub(super) fn rtb_gateway_table_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in ctx
        .topo
        .route_tables
        .iter()
        .filter(|t| !t.gateways.is_empty())
    {
        let igw_table = table.gateways.iter().any(|g| g.starts_with("igw-"));
        let vgw_table = table.gateways.iter().any(|g| g.starts_with("vgw-"));
        let mut problems: Vec<(String, String)> = Vec::new();
        if !table.propagating_vgws.is_empty() {
            problems.push((
                "has route propagation enabled".to_string(),
                format!("disable route propagation on {}", table.id),
            ));
        }
        let blocks = ctx
            .vpcs
            .get(table.vpc.as_str())
            .map(|vpc| vpc_blocks(vpc))
            .unwrap_or_default();
        for route in &table.routes {
            let route_text = format!("{} → {}", route.destination, route.target);
            match dest_span(&route.destination) {
                None => problems.push((
                    format!("routes a prefix list ({route_text})"),
                    format!("remove {route_text}"),
                )),
                Some(dest)
                    if !blocks.is_empty() && !blocks.iter().any(|(b, _)| within(dest, *b)) =>
                {
                    problems.push((
                        format!(
                            "routes {} (outside the VPC's blocks or larger than one of them)",
                            route.destination
                        ),
                        format!("route only the VPC's blocks or subnets; remove {route_text}"),
                    ));
                }
                Some(_) => {}
            }
            let target_ok = match &route.target {
                RouteTarget::Local | RouteTarget::NetworkInterface(_) => true,
                RouteTarget::VpcEndpoint(id) => {
                    let kind = ctx
                        .topo
                        .vpc_endpoints
                        .iter()
                        .find(|e| &e.id == id)
                        .map(|e| e.endpoint_type);
                    igw_table
                        && !vgw_table
                        && kind.is_none_or(|k| k == EndpointType::GatewayLoadBalancer)
                }
                _ => false,
            };
            if !target_ok {
                let why = if vgw_table && matches!(route.target, RouteTarget::VpcEndpoint(_)) {
                    format!("routes to the endpoint {} (a virtual private gateway's table routing to a Gateway Load Balancer endpoint drops the traffic)", route.target)
                } else {
                    format!("targets {} (a gateway route table may target only local, a network interface or, for an internet gateway, a Gateway Load Balancer endpoint)", route.target)
                };
                problems.push((
                    why,
                    format!(
                        "point {} at local or an appliance's network interface",
                        route.destination
                    ),
                ));
            }
        }
        for (problem, hint) in problems {
            out.push(ctx.finding(
                "RTB_GATEWAY_TABLE_INVALID",
                Severity::Error,
                format!(
                    "{}, the gateway route table of {}, {problem}",
                    ctx.label(table.id.as_str()),
                    table.gateways.join(", ")
                ),
                vec![table.id.to_string()],
                Some(hint),
            ));
        }
    }
}

/// Where a middlebox target lives: the subnet of a network interface or of a (Gateway Load
/// Balancer) endpoint, when the document says.
fn middlebox_subnets<'a>(ctx: &Ctx<'a>, target: &RouteTarget) -> Vec<&'a str> {
    match target {
        RouteTarget::NetworkInterface(id) => ctx
            .topo
            .network_interfaces
            .iter()
            .filter(|e| &e.id == id)
            .map(|e| e.subnet.as_str())
            .collect(),
        RouteTarget::VpcEndpoint(id) => ctx
            .topo
            .vpc_endpoints
            .iter()
            .filter(|e| &e.id == id)
            .flat_map(|e| e.subnets.iter().map(SubnetId::as_str))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every subnet-to-subnet middlebox route inside one VPC: `(source subnet, its table, the
/// route, destination subnet)`, where the route sends exactly the destination's block to an
/// appliance (network interface or Gateway Load Balancer endpoint).
fn middlebox_pairs<'a>(
    ctx: &Ctx<'a>,
    tables: &SubnetTables<'_, 'a>,
) -> Vec<(&'a Subnet, &'a RouteTable, &'a Route, &'a Subnet)> {
    // Most documents steer nothing through an appliance: index subnet blocks only if some do.
    let steered = ctx
        .topo
        .route_tables
        .iter()
        .any(|t| t.routes.iter().any(|r| is_middlebox(&r.target)));
    if !steered {
        return Vec::new();
    }
    let mut by_block: BTreeMap<(&str, Span), &Subnet> = BTreeMap::new();
    for subnet in &ctx.topo.subnets {
        if let Some(cidr) = &subnet.cidr {
            by_block.insert((subnet.vpc.as_str(), span4(cidr)), subnet);
        }
    }
    let mut pairs = Vec::new();
    for source in &ctx.topo.subnets {
        let Some(table) = tables.get(source.id.as_str()) else {
            continue;
        };
        for route in table.routes.iter().filter(|r| is_middlebox(&r.target)) {
            let Some(dest) = dest_span(&route.destination) else {
                continue;
            };
            if let Some(target) = by_block.get(&(source.vpc.as_str(), dest)) {
                if target.id != source.id {
                    pairs.push((source, table, route, *target));
                }
            }
        }
    }
    pairs
}

/// ## What it checks
/// Traffic steered through an appliance (network interface or Gateway Load Balancer endpoint)
/// in one direction only: subnet A's table sends B's exact block to appliance E, but B's table
/// does not send A's block back to E; or a gateway route table sends subnet S's block to E
/// while S's table sends `0.0.0.0/0` elsewhere. Also an appliance placed in the source or
/// destination subnet itself. (Whether the appliance's source/destination check is off is not
/// in the document.)
/// ## Why it matters
/// Asymmetric routing through a middlebox is unsupported: a stateful appliance sees half a
/// connection and drops it.
/// ## Fix
/// Route the return direction through the same appliance; keep the appliance in a subnet of
/// its own. (Source: [VUG-rt], [VUG-rt-options].)
pub(super) fn rtb_middlebox_asymmetric(ctx: &Ctx, out: &mut Vec<Finding>) {
    let tables = subnet_tables(ctx);
    for (source, table, route, target) in middlebox_pairs(ctx, &tables) {
        let Some(back_table) = tables.get(target.id.as_str()) else {
            continue;
        };
        let Some(source_block) = source.cidr.as_ref().map(span4) else {
            continue;
        };
        let back = best_route(back_table, source_block);
        if back.is_none_or(|r| r.target != route.target) {
            let back_target = back.map_or("nothing", |r| r.target.id());
            out.push(ctx.finding(
                "RTB_MIDDLEBOX_ASYMMETRIC",
                Severity::Warning,
                format!(
                    "{} sends {} ({}) through {}, but {} of {} sends replies to {} via {back_target}: the appliance sees one direction only",
                    ctx.label(table.id.as_str()),
                    route.destination,
                    ctx.label(target.id.as_str()),
                    route.target,
                    ctx.label(back_table.id.as_str()),
                    target.id,
                    source.cidr.map(|c| c.to_string()).unwrap_or_default()
                ),
                vec![back_table.id.to_string(), route.target.id().to_string(), table.id.to_string()],
                Some(format!(
                    "add {} → {} to {}",
                    source.cidr.map(|c| c.network().to_string()).unwrap_or_default(),
                    route.target,
                    back_table.id
                )),
            ));
        }
        let home = middlebox_subnets(ctx, &route.target);
        if home.contains(&source.id.as_str()) || home.contains(&target.id.as_str()) {
            out.push(ctx.finding(
                "RTB_MIDDLEBOX_ASYMMETRIC",
                Severity::Warning,
                format!(
                    "{} sends {} through {}, which sits in the source or destination subnet itself: the appliance must be in a subnet of its own",
                    ctx.label(table.id.as_str()),
                    route.destination,
                    route.target
                ),
                vec![route.target.id().to_string(), table.id.to_string()],
                Some(format!("move {} to a subnet other than {} and {}", route.target, source.id, target.id)),
            ));
        }
    }
    // Ingress inspection: a gateway table sends a subnet to an appliance; the subnet's way out
    // must pass the same appliance.
    let zero4: Span = (4, 0, u128::from(u32::MAX));
    for gateway_table in ctx
        .topo
        .route_tables
        .iter()
        .filter(|t| !t.gateways.is_empty())
    {
        for route in gateway_table
            .routes
            .iter()
            .filter(|r| is_middlebox(&r.target))
        {
            let Some(dest) = dest_span(&route.destination) else {
                continue;
            };
            for subnet in ctx.topo.subnets.iter().filter(|s| {
                s.vpc == gateway_table.vpc
                    && s.cidr.as_ref().is_some_and(|c| within(span4(c), dest))
            }) {
                let Some(table) = tables.get(subnet.id.as_str()) else {
                    continue;
                };
                let Some(out_route) = best_route(table, zero4) else {
                    continue;
                };
                if out_route.target == route.target {
                    continue;
                }
                out.push(ctx.finding(
                    "RTB_MIDDLEBOX_ASYMMETRIC",
                    Severity::Warning,
                    format!(
                        "{} (the gateway route table of {}) sends traffic for {} through {}, but {} sends 0.0.0.0/0 to {}: replies bypass the appliance",
                        ctx.label(gateway_table.id.as_str()),
                        gateway_table.gateways.join(", "),
                        ctx.label(subnet.id.as_str()),
                        route.target,
                        ctx.label(table.id.as_str()),
                        out_route.target
                    ),
                    vec![table.id.to_string(), route.target.id().to_string(), gateway_table.id.to_string()],
                    Some(format!("route 0.0.0.0/0 → {} in {}", route.target, table.id)),
                ));
            }
        }
    }
}

/// ## What it checks
/// Two subnets of one VPC whose traffic is routed through an appliance (as in
/// `RTB_MIDDLEBOX_ASYMMETRIC`) while a security group of an instance or interface in one
/// subnet references a group used in the other by id.
/// ## Why it matters
/// A group reference matches the private addresses of the group's members only for traffic
/// that arrives straight from them; through a middlebox it matches nothing.
/// ## Fix
/// Reference the other subnet's CIDR in the rule. (Source: [VUG-sg-rules], [VUG-rt-options].)
pub(super) fn rtb_middlebox_sg_reference(ctx: &Ctx, out: &mut Vec<Finding>) {
    let tables = subnet_tables(ctx);
    let mut groups_in: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for instance in &ctx.topo.instances {
        groups_in
            .entry(instance.subnet.as_str())
            .or_default()
            .extend(instance.security_groups.iter().map(SecurityGroupId::as_str));
    }
    for eni in &ctx.topo.network_interfaces {
        groups_in
            .entry(eni.subnet.as_str())
            .or_default()
            .extend(eni.security_groups.iter().map(SecurityGroupId::as_str));
    }
    for list in groups_in.values_mut() {
        crate::sort::sort(list);
        list.dedup();
    }
    let mut reported: Vec<(&str, &str)> = Vec::new();
    for (source, _, route, target) in middlebox_pairs(ctx, &tables) {
        let (Some(src_groups), Some(dst_groups)) = (
            groups_in.get(source.id.as_str()),
            groups_in.get(target.id.as_str()),
        ) else {
            continue;
        };
        for sg in ctx
            .topo
            .security_groups
            .iter()
            .filter(|g| dst_groups.contains(&g.id.as_str()))
        {
            let referenced = sg
                .ingress
                .iter()
                .flat_map(|rule| rule.groups.iter())
                .find(|r| src_groups.contains(&r.group.as_str()) && r.group != sg.id);
            let Some(reference) = referenced else {
                continue;
            };
            if reported.contains(&(sg.id.as_str(), reference.group.as_str())) {
                continue;
            }
            reported.push((sg.id.as_str(), reference.group.as_str()));
            out.push(ctx.finding(
                "RTB_MIDDLEBOX_SG_REFERENCE",
                Severity::Warning,
                format!(
                    "{} (in {}) allows traffic from the group {}, but traffic from {} reaches it through {}: a group reference does not match through a middlebox",
                    ctx.label(sg.id.as_str()),
                    ctx.label(target.id.as_str()),
                    reference.group,
                    ctx.label(source.id.as_str()),
                    route.target
                ),
                vec![sg.id.to_string(), reference.group.to_string(), route.target.id().to_string()],
                Some(format!(
                    "allow {} (the CIDR of {}) in {} instead of the group {}",
                    source.cidr.map(|c| c.to_string()).unwrap_or_default(),
                    source.id,
                    sg.id,
                    reference.group
                )),
            ));
        }
    }
}

/// ## What it checks
/// A VPC with a gateway route table (edge-associated with an internet or virtual private
/// gateway) that is also attached to a transit gateway.
/// ## Why it matters
/// Gateway route tables cannot intercept traffic arriving through a transit gateway: that
/// traffic skips the inspection the gateway table sets up.
/// ## Fix
/// Inspect transit gateway traffic with an appliance route in the transit gateway's route
/// tables (or its attachment subnets' tables). (Source: [VUG-rt].)
pub(super) fn rtb_transit_ingress_tgw(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen: Vec<&str> = Vec::new();
    for table in ctx
        .topo
        .route_tables
        .iter()
        .filter(|t| !t.gateways.is_empty())
    {
        let attachment = ctx
            .topo
            .transit_gateway_attachments
            .iter()
            .filter(|a| a.resource_type == "vpc" && a.resource == table.vpc.as_str())
            .min_by_key(|a| a.id.as_str());
        let Some(attachment) = attachment else {
            continue;
        };
        if seen.contains(&table.id.as_str()) {
            continue;
        }
        seen.push(table.id.as_str());
        out.push(ctx.finding(
            "RTB_TRANSIT_INGRESS_TGW",
            Severity::Info,
            format!(
                "{} steers traffic entering {} through {}, but traffic arriving over {} ({}) is not intercepted by gateway route tables",
                ctx.label(table.id.as_str()),
                ctx.label(table.vpc.as_str()),
                table.gateways.join(", "),
                attachment.transit_gateway,
                attachment.id
            ),
            vec![table.id.to_string(), attachment.id.to_string()],
            None,
        ));
    }
}

/// ## What it checks
/// A route table association whose state is not `associated` (associating, disassociating,
/// disassociated, failed).
/// ## Why it matters
/// Until it is `associated` the association does not apply: the subnet or gateway uses
/// another table (its VPC's main table) meanwhile, and a failed one never applies.
/// ## Fix
/// Wait for it to finish; re-create a failed association. (Source: [API-ec2]
/// `RouteTableAssociationState`.)
pub(super) fn rtb_assoc_state(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        for assoc in &table.other_associations {
            let what = match (&assoc.target, assoc.main) {
                (Some(target), _) => ctx.label(target),
                (None, true) => "the VPC (as its main table)".to_string(),
                (None, false) => "an unnamed resource".to_string(),
            };
            let mut resources = vec![table.id.to_string()];
            resources.extend(assoc.target.clone());
            let hint = if assoc.state == "failed" {
                format!(
                    "re-create the association: aws ec2 associate-route-table --route-table-id {}{}",
                    table.id,
                    assoc
                        .target
                        .as_deref()
                        .map(|t| if t.starts_with("subnet-") {
                            format!(" --subnet-id {t}")
                        } else {
                            format!(" --gateway-id {t}")
                        })
                        .unwrap_or_default()
                )
            } else {
                "wait for the association to finish; until then the VPC's main table applies"
                    .to_string()
            };
            out.push(ctx.finding(
                "RTB_ASSOC_STATE",
                Severity::Info,
                format!(
                    "the association of {} with {what} is in state {}: it does not apply",
                    ctx.label(table.id.as_str()),
                    assoc.state
                ),
                resources,
                Some(hint),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Destinations from a small pool, so routes share, nest and tie.
    const POOL: [&str; 12] = [
        "0.0.0.0/0",
        "10.0.0.0/8",
        "10.1.0.0/16",
        "10.1.0.0/16",
        "10.1.4.0/22",
        "10.1.4.0/24",
        "10.1.5.0/24",
        "10.2.0.0/16",
        "10.1.4.16/28",
        "::/0",
        "2600:1f00::/56",
        "2600:1f00::/64",
    ];
    const TARGETS: [&str; 4] = ["pcx-b", "pcx-a", "igw-1", "local"];

    fn table(routes: &[(usize, usize, u8)]) -> Result<RouteTable, serde_json::Error> {
        let routes: Vec<serde_json::Value> = routes
            .iter()
            .map(|&(dest, target, flags)| {
                serde_json::json!({
                    "destination": POOL[dest % POOL.len()],
                    "target": TARGETS[target % TARGETS.len()],
                    "origin": if flags & 1 == 1 { "EnableVgwRoutePropagation" } else { "CreateRoute" },
                    "state": if flags & 6 == 6 { "filtered" } else { "active" },
                })
            })
            .collect();
        let value = serde_json::json!({"id": "rtb-1", "vpc": "vpc-1", "routes": routes});
        serde_json::from_value(value)
    }

    proptest! {
        #[test]
        fn the_index_answers_as_a_scan_of_the_table(
            routes in proptest::collection::vec((0usize..12, 0usize..4, 0u8..8), 0..24),
            query in 0usize..12,
        ) {
            let table = table(&routes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let Some(span) = POOL[query].parse::<Destination>().ok().as_ref().and_then(dest_span) else {
                return Ok(());
            };
            let lpm = Lpm::indexed(&table);
            let scanned = best_route(&table, span).map(|r| r as *const Route);
            let indexed = lpm.best(span).map(|r| r as *const Route);
            prop_assert_eq!(scanned, indexed);
        }
    }
}
