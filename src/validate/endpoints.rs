//! Rule family `endpoints`: gateway VPC endpoints for S3 and DynamoDB (catalog §1.8).
//!
//! A gateway endpoint is a route target, not an interface: associating route tables makes AWS
//! add `pl-<service> → vpce-…` to each, and only subnets using those tables reach the service
//! through it — never traffic from a peered VPC, a VPN, Direct Connect or a transit gateway.
//! The service's address ranges come from the AWS-managed prefix list of the endpoint's Region
//! (`prefixLists`, matched by id from the route or by name `com.amazonaws.<region>.<service>`);
//! rules that need them stay quiet when the document does not have the list.

use super::acl::{nacl_allows, sg_egress_allows, Packet};
use super::context::Ctx;
use super::vpn::is_live;
use super::{Finding, Severity};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// Services that have gateway endpoints (S3 Express One Zone has one too, since 2023).
const GATEWAY_SERVICES: [&str; 3] = ["s3", "dynamodb", "s3express"];

fn gateway_endpoints<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = &'a VpcEndpoint> {
    ctx.topo
        .vpc_endpoints
        .iter()
        .filter(|e| e.endpoint_type == EndpointType::Gateway && is_live(&e.state))
}

/// The short service name (`s3`, `dynamodb`) of an endpoint.
fn service(endpoint: &VpcEndpoint) -> &str {
    endpoint
        .service_parts()
        .map_or(endpoint.service.as_str(), |(_, s)| s)
}

/// The AWS-managed prefix list of the endpoint's service: the one its routes name, else the one
/// named like the service.
fn prefix_list<'a>(ctx: &Ctx<'a>, endpoint: &VpcEndpoint) -> Option<&'a PrefixList> {
    let from_routes = endpoint.route_tables.iter().find_map(|table| {
        let table = ctx
            .tables_by_vpc
            .get(endpoint.vpc.as_str())?
            .iter()
            .find(|t| t.id == *table)?;
        table
            .routes
            .iter()
            .find_map(|route| match &route.destination {
                Destination::PrefixList(id) if route.target.id() == endpoint.id.as_str() => {
                    ctx.hybrid.prefix_lists.get(id.as_str()).copied()
                }
                _ => None,
            })
    });
    from_routes.or_else(|| {
        ctx.topo
            .prefix_lists
            .iter()
            .filter(|pl| pl.name.as_deref() == Some(endpoint.service.as_str()))
            .min_by_key(|pl| pl.id.as_str())
    })
}

fn entries(list: Option<&PrefixList>) -> Vec<Cidr4> {
    list.map(|pl| pl.cidrs.iter().filter_map(Cidr::v4).collect())
        .unwrap_or_default()
}

/// ## What it checks
/// A gateway endpoint whose service name (`com.amazonaws.<region>.<service>`) names a Region
/// other than its VPC's.
/// ## Why it matters
/// A gateway endpoint exists only in its Region and serves only that Region's buckets and
/// tables; AWS refuses a service of another Region.
/// ## Fix
/// Use the service of the VPC's Region; reach other Regions through the IGW/NAT or an interface
/// endpoint. (Source: [PL-ddb], [VUG-gwe-2021].)
pub(super) fn endpoint_region_mismatch(ctx: &Ctx, out: &mut Vec<Finding>) {
    for endpoint in gateway_endpoints(ctx) {
        let (Some((region, service)), Some(vpc)) = (
            endpoint.service_parts(),
            ctx.vpcs.get(endpoint.vpc.as_str()),
        ) else {
            continue;
        };
        if region == vpc.region {
            continue;
        }
        out.push(ctx.finding(
            "ENDPOINT_REGION_MISMATCH",
            Severity::Error,
            format!(
                "{} in {} ({}) is for {}, a service of {region}: a gateway endpoint serves only its own Region",
                ctx.label(endpoint.id.as_str()),
                ctx.label(vpc.id.as_str()),
                vpc.region,
                endpoint.service
            ),
            vec![endpoint.id.to_string(), vpc.id.to_string()],
            Some(format!(
                "use com.amazonaws.{}.{service}; reach {region} through the internet gateway or NAT, or an interface endpoint",
                vpc.region
            )),
        ));
    }
}

/// ## What it checks
/// A gateway endpoint for a service other than S3 or DynamoDB (or S3 Express One Zone).
/// ## Why it matters
/// Only these services have gateway endpoints; others are reached through interface endpoints.
/// ## Fix
/// Create an interface endpoint for the service. (Source: [PL-gwe].)
pub(super) fn endpoint_service_unsupported(ctx: &Ctx, out: &mut Vec<Finding>) {
    for endpoint in gateway_endpoints(ctx) {
        if GATEWAY_SERVICES.contains(&service(endpoint)) {
            continue;
        }
        out.push(ctx.finding(
            "ENDPOINT_SERVICE_UNSUPPORTED",
            Severity::Error,
            format!(
                "{} is a gateway endpoint for {}: only S3 and DynamoDB have gateway endpoints",
                ctx.label(endpoint.id.as_str()),
                endpoint.service
            ),
            vec![endpoint.id.to_string(), endpoint.vpc.to_string()],
            Some(format!(
                "create an interface endpoint for {} instead",
                endpoint.service
            )),
        ));
    }
}

/// ## What it checks
/// A VPC with a gateway endpoint whose `enableDnsSupport` or `enableDnsHostnames` is explicitly
/// false. (A document without the attributes is not judged; DHCP options are not modelled, so
/// the Amazon DNS server is assumed.)
/// ## Why it matters
/// Clients find the service by its public DNS name; the current DynamoDB page asks for both
/// attributes with the Amazon DNS server, or the lookups that lead to the endpoint fail.
/// ## Fix
/// Turn both attributes on (or run a resolver that returns the service's public addresses).
/// (Source: [PL-ddb], [VUG-gwe-2021].)
pub(super) fn endpoint_dns_disabled(ctx: &Ctx, out: &mut Vec<Finding>) {
    for endpoint in gateway_endpoints(ctx) {
        let Some(vpc) = ctx.vpcs.get(endpoint.vpc.as_str()) else {
            continue;
        };
        let off: Vec<&str> = [
            ("enableDnsSupport", vpc.enable_dns_support),
            ("enableDnsHostnames", vpc.enable_dns_hostnames),
        ]
        .into_iter()
        .filter(|(_, value)| *value == Some(false))
        .map(|(name, _)| name)
        .collect();
        if off.is_empty() {
            continue;
        }
        out.push(ctx.finding(
            "ENDPOINT_DNS_DISABLED",
            Severity::Error,
            format!(
                "{} has {} off, so clients using the Amazon DNS server cannot resolve {} through {}",
                ctx.label(vpc.id.as_str()),
                off.join(" and "),
                endpoint.service,
                ctx.label(endpoint.id.as_str())
            ),
            vec![endpoint.id.to_string(), vpc.id.to_string()],
            Some(format!("turn on {} for {}", off.join(" and "), vpc.id)),
        ));
    }
}

/// ## What it checks
/// A route table the endpoint lists in `RouteTableIds` that has no route to the endpoint.
/// (The other half of the catalog row — a subnet that should use the endpoint but whose table
/// is not listed — is reported as `ENDPOINT_SUBNET_SEPARATION`, since which subnets talk to the
/// service is not in the document.)
/// ## Why it matters
/// AWS adds `pl-<service> → vpce-…` to every associated table; without it the subnets send the
/// service's traffic elsewhere. A document like this is a broken or hand-edited export.
/// ## Fix
/// Re-associate the table with the endpoint (routes to endpoints are not edited directly).
/// (Source: [PL-gwe], [VUG-gwe-2021].)
pub(super) fn endpoint_route_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    for endpoint in gateway_endpoints(ctx) {
        let tables = ctx
            .tables_by_vpc
            .get(endpoint.vpc.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for table_id in &endpoint.route_tables {
            let Some(table) = tables.iter().find(|t| t.id == *table_id) else {
                continue;
            };
            if table
                .routes
                .iter()
                .any(|r| r.target.id() == endpoint.id.as_str())
            {
                continue;
            }
            out.push(ctx.finding(
                "ENDPOINT_ROUTE_MISSING",
                Severity::Error,
                format!(
                    "{} is associated with {}, but the table has no route to it: its subnets do not use the endpoint",
                    ctx.label(endpoint.id.as_str()),
                    ctx.label(table.id.as_str())
                ),
                vec![endpoint.id.to_string(), table.id.to_string()],
                Some(format!(
                    "re-associate {} with {} (AWS then adds the prefix-list route), or remove it from the endpoint's route tables",
                    table.id, endpoint.id
                )),
            ));
        }
    }
}

/// ## What it checks
/// In a table associated with a gateway endpoint, a route to another target whose destination
/// overlaps an entry of the service's prefix list and is at least as specific as that entry
/// (e.g. `54.123.165.0/24 → igw` inside `54.123.160.0/19`). A wider route such as `0.0.0.0/0`
/// does not shadow the endpoint.
/// ## Why it matters
/// The longest prefix wins, so that part of the service bypasses the endpoint.
/// ## Fix
/// Remove or narrow the route. (Source: [VUG-gwe-2021], [VUG-rt] prefix-list priority.)
pub(super) fn endpoint_route_shadowed(ctx: &Ctx, out: &mut Vec<Finding>) {
    for endpoint in gateway_endpoints(ctx) {
        let service_blocks = entries(prefix_list(ctx, endpoint));
        if service_blocks.is_empty() {
            continue;
        }
        for table in ctx
            .tables_by_vpc
            .get(endpoint.vpc.as_str())
            .into_iter()
            .flatten()
            .filter(|t| endpoint.route_tables.contains(&t.id))
        {
            let shadowing: Vec<String> = table
                .routes
                .iter()
                .filter(|r| r.target != RouteTarget::Local && r.target.id() != endpoint.id.as_str())
                .filter_map(|r| match &r.destination {
                    Destination::Ipv4(dest) => service_blocks
                        .iter()
                        .any(|e| dest.overlaps(e) && dest.prefix_len() >= e.prefix_len())
                        .then(|| format!("{dest} → {}", r.target)),
                    _ => None,
                })
                .collect();
            if shadowing.is_empty() {
                continue;
            }
            out.push(ctx.finding(
                "ENDPOINT_ROUTE_SHADOWED",
                Severity::Warning,
                format!(
                    "in {}, {} {} more specific than {}'s ranges: that part of {} bypasses the endpoint",
                    ctx.label(table.id.as_str()),
                    shadowing.join(", "),
                    if shadowing.len() == 1 { "is" } else { "are" },
                    ctx.label(endpoint.id.as_str()),
                    service(endpoint)
                ),
                vec![table.id.to_string(), endpoint.id.to_string()],
                Some("remove the more specific routes, or narrow them so they leave the service's ranges".to_string()),
            ));
        }
    }
}

/// ## What it checks
/// Two live gateway endpoints for the same service associated with the same route table.
/// ## Why it matters
/// A table can hold one endpoint route per service; AWS refuses the second association. Two
/// endpoints for one service in a VPC must use different tables.
/// ## Fix
/// Associate each endpoint with its own tables. (Source: [VUG-gwe-2021].)
pub(super) fn endpoint_duplicate_service_route(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (table, endpoints) in &ctx.hybrid.endpoints_by_table {
        let mut by_service: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for endpoint in endpoints {
            by_service
                .entry(endpoint.service.as_str())
                .or_default()
                .push(endpoint.id.as_str());
        }
        for (service_name, ids) in by_service {
            if ids.len() < 2 {
                continue;
            }
            let mut resources = vec![table.to_string()];
            resources.extend(ids.iter().map(ToString::to_string));
            out.push(ctx.finding(
                "ENDPOINT_DUPLICATE_SERVICE_ROUTE",
                Severity::Error,
                format!(
                    "{} is associated with {} gateway endpoints for {service_name} ({}): a route table can use one per service",
                    ctx.label(table),
                    ids.len(),
                    ids.join(", ")
                ),
                resources,
                Some(format!("associate {} with other route tables", ids[1..].join(", "))),
            ));
        }
    }
}

/// The clients in a subnet: instances, and interfaces that are not AWS-managed nor attached to
/// an instance the document has, as `(id, security groups)`.
fn clients_by_subnet<'a>(
    ctx: &Ctx<'a>,
) -> BTreeMap<&'a str, Vec<(&'a str, &'a [SecurityGroupId])>> {
    let mut clients: BTreeMap<&str, Vec<(&str, &[SecurityGroupId])>> = BTreeMap::new();
    let instances = &ctx.instances;
    for instance in &ctx.topo.instances {
        clients
            .entry(instance.subnet.as_str())
            .or_default()
            .push((instance.id.as_str(), &instance.security_groups));
    }
    for eni in &ctx.topo.network_interfaces {
        let managed = eni
            .interface_type
            .as_deref()
            .is_some_and(|t| t != "interface");
        let on_instance = eni
            .instance
            .as_ref()
            .is_some_and(|i| instances.contains_key(i.as_str()));
        if !managed && !on_instance {
            clients
                .entry(eni.subnet.as_str())
                .or_default()
                .push((eni.id.as_str(), &eni.security_groups));
        }
    }
    for list in clients.values_mut() {
        crate::sort::sort_by_key(list, |(id, _)| *id);
    }
    clients
}

/// The live gateway endpoints a subnet uses (through its route table).
fn endpoints_of_subnet<'c, 'a>(ctx: &'c Ctx<'a>, subnet: &str) -> &'c [&'a VpcEndpoint] {
    ctx.hybrid
        .table_of_subnet
        .get(subnet)
        .and_then(|table| ctx.hybrid.endpoints_by_table.get(table.id.as_str()))
        .map_or(&[], Vec::as_slice)
}

/// ## What it checks
/// An instance or interface in a subnet that uses a gateway endpoint whose security groups (all
/// in the document) allow no outbound TCP 443 to the service: neither to its prefix list id nor
/// to blocks covering every prefix-list entry (to `0.0.0.0/0` when the entries are unknown).
/// ## Why it matters
/// Security groups filter traffic to the endpoint like any other; requests to the service are
/// dropped at the source.
/// ## Fix
/// Add an outbound rule TCP 443 → the service's prefix list. (Source: [PL-ddb], [VUG-gwe-2021].)
pub(super) fn endpoint_sg_egress_blocked(ctx: &Ctx, out: &mut Vec<Finding>) {
    let https = Packet::tcp(443);
    // (endpoint, groups) → clients, so one finding covers every client with the same groups.
    let mut blocked: BTreeMap<(&str, Vec<&str>), Vec<&str>> = BTreeMap::new();
    let mut lists: BTreeMap<&str, (Vec<Cidr4>, Option<&str>)> = BTreeMap::new();
    for (subnet, clients) in clients_by_subnet(ctx) {
        for endpoint in endpoints_of_subnet(ctx, subnet) {
            let (blocks, list_id) = lists.entry(endpoint.id.as_str()).or_insert_with(|| {
                let list = prefix_list(ctx, endpoint);
                (entries(list), list.map(|pl| pl.id.as_str()))
            });
            for (client, groups) in &clients {
                let allowed = sg_egress_allows(
                    groups,
                    &ctx.hybrid.security_groups,
                    &https,
                    blocks,
                    *list_id,
                );
                if allowed == Some(false) {
                    let mut group_ids: Vec<&str> = groups.iter().map(|g| g.as_str()).collect();
                    crate::sort::sort(&mut group_ids);
                    blocked
                        .entry((endpoint.id.as_str(), group_ids))
                        .or_default()
                        .push(client);
                }
            }
        }
    }
    for ((endpoint, groups), mut clients) in blocked {
        crate::sort::sort(&mut clients);
        let list = lists
            .get(endpoint)
            .and_then(|(_, id)| *id)
            .unwrap_or("the service's prefix list");
        let mut resources = vec![clients[0].to_string(), endpoint.to_string()];
        resources.extend(groups.iter().map(ToString::to_string));
        let shown: Vec<String> = clients.iter().take(3).map(|c| ctx.label(c)).collect();
        let more = clients.len().saturating_sub(3);
        out.push(ctx.finding(
            "ENDPOINT_SG_EGRESS_BLOCKED",
            Severity::Error,
            format!(
                "{}{} cannot reach {} through {}: {} allow no outbound TCP 443 to it",
                shown.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() },
                ctx.topo
                    .vpc_endpoints
                    .iter()
                    .find(|e| e.id.as_str() == endpoint)
                    .map_or(endpoint, |e| e.service.as_str()),
                ctx.label(endpoint),
                groups.join(", ")
            ),
            resources,
            Some(format!(
                "add an outbound rule TCP 443 → {list} to {}",
                groups[0]
            )),
        ));
    }
}

/// ## What it checks
/// A subnet that uses a gateway endpoint whose network ACL (with entries in the document) denies
/// outbound TCP 443 to a prefix-list entry of the service, or inbound return traffic from it
/// (TCP to port 49152, inside every client's ephemeral range).
/// ## Why it matters
/// ACLs are stateless and cannot name prefix lists: the service's CIDRs must be allowed both
/// ways, or requests through the endpoint fail.
/// ## Fix
/// Add ACL rules for the service's CIDRs: outbound TCP 443, inbound TCP 1024–65535.
/// (Source: [PL-ddb] (en_us), [VUG-gwe-2021] limitations.)
pub(super) fn endpoint_nacl_blocked(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut blocked: BTreeMap<(&str, &str, &'static str), (Cidr4, Vec<&str>)> = BTreeMap::new();
    for subnet in &ctx.topo.subnets {
        let Some(nacl) = ctx.subnet_nacl(subnet) else {
            continue;
        };
        for endpoint in endpoints_of_subnet(ctx, subnet.id.as_str()) {
            for block in entries(prefix_list(ctx, endpoint)) {
                let peer = block.network().network();
                let out_ok = nacl_allows(nacl, true, &Packet::tcp(443), peer);
                let in_ok = nacl_allows(nacl, false, &Packet::tcp(49152), peer);
                let direction = match (out_ok, in_ok) {
                    (Some(false), _) => "outbound TCP 443 to",
                    (_, Some(false)) => "inbound return traffic from",
                    _ => continue,
                };
                blocked
                    .entry((nacl.id.as_str(), endpoint.id.as_str(), direction))
                    .or_insert((block, Vec::new()))
                    .1
                    .push(subnet.id.as_str());
                break;
            }
        }
    }
    for ((nacl, endpoint, direction), (block, mut subnets)) in blocked {
        crate::sort::sort(&mut subnets);
        subnets.dedup();
        let mut resources = vec![nacl.to_string(), endpoint.to_string()];
        resources.extend(subnets.iter().map(ToString::to_string));
        out.push(ctx.finding(
            "ENDPOINT_NACL_BLOCKED",
            Severity::Error,
            format!(
                "{} denies {direction} {block}, a range of the service behind {}: {} cannot use the endpoint",
                ctx.label(nacl),
                ctx.label(endpoint),
                subnets.join(", ")
            ),
            resources,
            Some(format!(
                "allow outbound TCP 443 to {block} and inbound TCP 1024-65535 from it in {nacl} (ACLs cannot name prefix lists; add each of the service's CIDRs)"
            )),
        ));
    }
}

/// ## What it checks
/// An IPv6-only subnet (`Ipv6Native`) whose route table uses a gateway endpoint that is not
/// dual-stack or IPv6 (`IpAddressType` absent or `ipv4`).
/// ## Why it matters
/// An IPv4 gateway endpoint carries no IPv6: the subnet's requests to the service do not use it.
/// The 2021–2023 guides said gateway endpoints were IPv4 only; current pages and the API add
/// `IpAddressType` (dualstack) for gateway endpoints, so that setting is honoured.
/// ## Fix
/// Recreate the endpoint as dual-stack, or give the subnet IPv4. (Source: [VUG-gwe-2021],
/// [PL-gwe-live], [API-ec2].)
pub(super) fn endpoint_ipv6_unsupported(ctx: &Ctx, out: &mut Vec<Finding>) {
    for subnet in ctx.topo.subnets.iter().filter(|s| s.ipv6_native) {
        for endpoint in endpoints_of_subnet(ctx, subnet.id.as_str()) {
            let ipv4_only = endpoint
                .ip_address_type
                .as_deref()
                .is_none_or(|t| t.eq_ignore_ascii_case("ipv4"));
            if !ipv4_only {
                continue;
            }
            out.push(ctx.finding(
                "ENDPOINT_IPV6_UNSUPPORTED",
                Severity::Error,
                format!(
                    "{} is IPv6-only, but {} carries IPv4 only: the subnet's requests to {} do not use it",
                    ctx.label(subnet.id.as_str()),
                    ctx.label(endpoint.id.as_str()),
                    service(endpoint)
                ),
                vec![subnet.id.to_string(), endpoint.id.to_string()],
                Some(format!("recreate {} with IpAddressType dualstack, or give the subnet an IPv4 block", endpoint.id)),
            ));
        }
    }
}

/// Live gateway endpoints by VPC.
fn endpoints_by_vpc<'a>(ctx: &Ctx<'a>) -> BTreeMap<&'a str, Vec<&'a VpcEndpoint>> {
    let mut map: BTreeMap<&str, Vec<&VpcEndpoint>> = BTreeMap::new();
    for endpoint in gateway_endpoints(ctx) {
        map.entry(endpoint.vpc.as_str()).or_default().push(endpoint);
    }
    map.values_mut()
        .for_each(|v| crate::sort::sort_by_key(v, |e| e.id.as_str()));
    map
}

/// The endpoint among `endpoints` whose service a route destination points into: the service's
/// prefix list by id, or a block inside one of its entries.
fn endpoint_for_destination<'a>(
    ctx: &Ctx<'a>,
    endpoints: &[&'a VpcEndpoint],
    destination: &Destination,
) -> Option<&'a VpcEndpoint> {
    endpoints.iter().copied().find(|endpoint| {
        let list = prefix_list(ctx, endpoint);
        match destination {
            Destination::PrefixList(id) => list.is_some_and(|pl| pl.id == *id),
            Destination::Ipv4(dest) => entries(list).iter().any(|e| dest.within(e)),
            Destination::Ipv6(_) => false,
        }
    })
}

/// ## What it checks
/// A route in VPC B that sends the service's prefix list, or a block inside its ranges, to a
/// peering with VPC A, where A has a gateway endpoint for that service.
/// ## Why it matters
/// A gateway endpoint serves only traffic from inside its VPC; from a peer it is edge-to-edge
/// routing, which AWS drops.
/// ## Fix
/// Create a gateway endpoint in B (same Region), or use an interface endpoint in A.
/// (Source: [PG-basics], [PG-invalid], [VUG-gwe-2021], [PL-ddb].)
pub(super) fn endpoint_not_reachable_from_peer(ctx: &Ctx, out: &mut Vec<Finding>) {
    let by_vpc = endpoints_by_vpc(ctx);
    if by_vpc.is_empty() {
        return;
    }
    // The routes to peerings the document has, in document order, each with its far side
    // (`peer_of` the table's VPC) resolved.
    for route_to_peer in &ctx.peering_routes {
        let (table, route) = (route_to_peer.table, route_to_peer.route);
        let RouteTarget::VpcPeering(pcx) = &route.target else {
            continue;
        };
        {
            let Some(peer) = route_to_peer.far.map(|far| &far.vpc) else {
                continue;
            };
            let Some(endpoints) = by_vpc.get(peer.as_str()) else {
                continue;
            };
            let Some(endpoint) = endpoint_for_destination(ctx, endpoints, &route.destination)
            else {
                continue;
            };
            out.push(ctx.finding(
                "ENDPOINT_NOT_REACHABLE_FROM_PEER",
                Severity::Error,
                format!(
                    "{} sends {} ({}) over {} to use {} in {}: gateway endpoints serve only their own VPC",
                    ctx.label(table.id.as_str()),
                    route.destination,
                    service(endpoint),
                    ctx.label(pcx.as_str()),
                    ctx.label(endpoint.id.as_str()),
                    ctx.label(peer.as_str())
                ),
                vec![table.id.to_string(), endpoint.id.to_string(), pcx.to_string()],
                Some(format!(
                    "create a gateway endpoint for {} in {} and associate {} with it, or use an interface endpoint in {peer}",
                    endpoint.service, table.vpc, table.id
                )),
            ));
        }
    }
}

/// ## What it checks
/// A static transit gateway route whose destination is the service's prefix list or a block
/// inside its ranges, pointing at the VPC attachment of a VPC with a gateway endpoint for it.
/// ## Why it matters
/// Traffic arriving through a transit gateway cannot use the VPC's gateway endpoint.
/// ## Fix
/// Use an interface endpoint in that VPC (reachable through the transit gateway).
/// (Source: [VUG-gwe-2021], [PL-ddb], [DDB-pl].)
pub(super) fn endpoint_not_reachable_from_tgw(ctx: &Ctx, out: &mut Vec<Finding>) {
    let by_vpc = endpoints_by_vpc(ctx);
    for table in &ctx.topo.transit_gateway_route_tables {
        for route in &table.routes {
            let Some(attachment) = route
                .attachment
                .as_ref()
                .and_then(|a| ctx.hybrid.tgw_attachments.get(a.as_str()))
            else {
                continue;
            };
            if attachment.resource_type != "vpc" {
                continue;
            }
            let Some(endpoints) = by_vpc.get(attachment.resource.as_str()) else {
                continue;
            };
            let Some(endpoint) = endpoint_for_destination(ctx, endpoints, &route.destination)
            else {
                continue;
            };
            out.push(ctx.finding(
                "ENDPOINT_NOT_REACHABLE_FROM_TGW",
                Severity::Error,
                format!(
                    "{} sends {} ({}) to {}, to use {}: traffic from a transit gateway cannot use a gateway endpoint",
                    ctx.label(table.id.as_str()),
                    route.destination,
                    service(endpoint),
                    ctx.label(attachment.id.as_str()),
                    ctx.label(endpoint.id.as_str())
                ),
                vec![table.id.to_string(), endpoint.id.to_string(), attachment.id.to_string()],
                Some(format!("create an interface endpoint for {} in {} and route to its addresses", endpoint.service, attachment.resource)),
            ));
        }
    }
}

/// ## What it checks
/// A VPC endpoint (any type) in a state other than `available` that is not terminal
/// (pending, pendingAcceptance, …).
/// ## Why it matters
/// It carries no traffic until it is available.
/// ## Fix
/// Accept or wait for it. (Source: [API-ec2].)
pub(super) fn endpoint_state(ctx: &Ctx, out: &mut Vec<Finding>) {
    for endpoint in ctx.topo.vpc_endpoints.iter().filter(|e| is_live(&e.state)) {
        let Some(state) = &endpoint.state else {
            continue;
        };
        if state.eq_ignore_ascii_case("available") {
            continue;
        }
        out.push(ctx.finding(
            "ENDPOINT_STATE",
            Severity::Warning,
            format!(
                "{} is {state}: it carries no traffic until it is available",
                ctx.label(endpoint.id.as_str())
            ),
            vec![endpoint.id.to_string(), endpoint.vpc.to_string()],
            Some(if state.eq_ignore_ascii_case("pendingacceptance") {
                "ask the service owner to accept the endpoint connection".to_string()
            } else {
                "wait for the endpoint to become available, or look at why it is stuck".to_string()
            }),
        ));
    }
}

/// A policy equal to the default full-access one: one statement allowing every action on every
/// resource to every principal, without conditions.
fn is_default_policy(policy: &serde_json::Value) -> bool {
    let statements = match policy.get("Statement") {
        Some(serde_json::Value::Array(items)) => items.as_slice(),
        Some(single) => std::slice::from_ref(single),
        None => return false,
    };
    let star = |value: Option<&serde_json::Value>| match value {
        Some(serde_json::Value::String(s)) => s == "*",
        Some(serde_json::Value::Array(items)) => items.len() == 1 && items[0] == "*",
        Some(serde_json::Value::Object(map)) => {
            map.len() == 1 && map.get("AWS").is_some_and(|v| v == "*")
        }
        _ => false,
    };
    statements.len() == 1
        && statements[0].get("Effect").is_some_and(|e| e == "Allow")
        && statements[0].get("Condition").is_none()
        && star(statements[0].get("Principal"))
        && star(statements[0].get("Action"))
        && star(statements[0].get("Resource"))
}

/// ## What it checks
/// A gateway endpoint whose policy is not the default full-access policy (or not valid JSON).
/// ## Why it matters
/// The network path is open, but requests the policy does not allow are refused: access is the
/// endpoint policy ∩ IAM policies (∩ the bucket policy for S3; DynamoDB has no resource
/// policies). Policies are limited to 20,480 characters.
/// ## Fix
/// Nothing if intended; check the actions clients need are allowed. (Source: [PL-ddb], [VUG-ddb-2021].)
pub(super) fn endpoint_policy_non_default(ctx: &Ctx, out: &mut Vec<Finding>) {
    for endpoint in gateway_endpoints(ctx) {
        let Some(text) = &endpoint.policy else {
            continue;
        };
        let what = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(policy) if is_default_policy(&policy) => continue,
            Ok(_) => "a policy that is not the default full access",
            Err(_) => "a policy that is not valid JSON",
        };
        out.push(
            ctx.finding(
                "ENDPOINT_POLICY_NON_DEFAULT",
                Severity::Info,
                format!(
                "{} has {what}: some {} requests may be refused although the network path is open",
                ctx.label(endpoint.id.as_str()),
                service(endpoint)
            ),
                vec![endpoint.id.to_string()],
                Some(
                    "check that the policy allows the actions and resources the clients use"
                        .to_string(),
                ),
            ),
        );
    }
}

/// ## What it checks
/// An S3 gateway endpoint whose policy conditions on `aws:SourceIp`. (Bucket and IAM policies,
/// where the catalog row also looks, are not in the document.)
/// ## Why it matters
/// Requests through a gateway endpoint carry the clients' private addresses, which never match
/// `aws:SourceIp`: the condition silently denies (or never allows).
/// ## Fix
/// Use `aws:VpcSourceIp`, `aws:SourceVpce` or `aws:SourceVpc` instead. (Source: [VUG-s3-2021].)
pub(super) fn endpoint_s3_sourceip_policy(ctx: &Ctx, out: &mut Vec<Finding>) {
    for endpoint in gateway_endpoints(ctx).filter(|e| service(e) == "s3") {
        let Some(text) = &endpoint.policy else {
            continue;
        };
        if !text.to_ascii_lowercase().contains("\"aws:sourceip\"") {
            continue;
        }
        out.push(ctx.finding(
            "ENDPOINT_S3_SOURCEIP_POLICY",
            Severity::Warning,
            format!(
                "the policy of {} conditions on aws:SourceIp, which requests through a gateway endpoint never match",
                ctx.label(endpoint.id.as_str())
            ),
            vec![endpoint.id.to_string()],
            Some("condition on aws:VpcSourceIp, aws:SourceVpce or aws:SourceVpc instead".to_string()),
        ));
    }
}

/// ## What it checks
/// A VPC with a gateway endpoint for a service, some of whose subnets without an internet
/// gateway route use route tables that are not associated with any endpoint for that service.
/// ## Why it matters
/// Only subnets whose tables are associated use the endpoint; the others reach the service
/// through a NAT device (and pay for it), or not at all. Intended separation (different tables, different
/// endpoint policies) looks the same, hence information.
/// ## Fix
/// Associate their route tables with the endpoint if they should use it. (Source: [VUG-gwe-2021].)
pub(super) fn endpoint_subnet_separation(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (vpc, endpoints) in endpoints_by_vpc(ctx) {
        let services: BTreeSet<&str> = endpoints
            .iter()
            .filter(|e| GATEWAY_SERVICES.contains(&service(e)))
            .map(|e| e.service.as_str())
            .collect();
        for service_name in services {
            let tables_with: BTreeSet<&str> = endpoints
                .iter()
                .filter(|e| e.service == service_name)
                .flat_map(|e| e.route_tables.iter().map(|t| t.as_str()))
                .collect();
            let mut outside: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for subnet in ctx.hybrid.subnets_by_vpc.get(vpc).into_iter().flatten() {
                if let Some(table) = ctx.subnet_table(subnet) {
                    // A subnet with an internet-gateway route reaches the service that way.
                    let public = table
                        .routes
                        .iter()
                        .any(|r| matches!(r.target, RouteTarget::InternetGateway(_)));
                    if !public && !tables_with.contains(table.id.as_str()) {
                        outside
                            .entry(table.id.as_str())
                            .or_default()
                            .push(subnet.id.as_str());
                    }
                }
            }
            for (table, mut subnets) in outside {
                crate::sort::sort(&mut subnets);
                let endpoint = endpoints
                    .iter()
                    .find(|e| e.service == service_name)
                    .map_or("", |e| e.id.as_str());
                let mut resources = vec![table.to_string(), endpoint.to_string()];
                resources.extend(subnets.iter().map(ToString::to_string));
                out.push(ctx.finding(
                    "ENDPOINT_SUBNET_SEPARATION",
                    Severity::Info,
                    format!(
                        "{}, used by {}, is not associated with a gateway endpoint for {service_name}: those subnets reach it only through NAT, if at all",
                        ctx.label(table),
                        subnets.join(", ")
                    ),
                    resources,
                    Some(format!("associate {table} with {endpoint} if its subnets should use the endpoint")),
                ));
            }
        }
    }
}

/// ## What it checks
/// A route to a gateway endpoint of the table's own VPC in a route table that the endpoint
/// does not list in `RouteTableIds`: a hand-written endpoint route.
/// ## Why it matters
/// Endpoint routes cannot be added, edited or deleted through the route-table APIs; AWS adds
/// them only to the route tables associated with the endpoint, so this route cannot be built
/// as written.
/// ## Fix
/// Add the table to the endpoint's route tables (`modify-vpc-endpoint --add-route-table-ids`),
/// and AWS writes the route. (Source: [VUG-gwe-2021], [VUG-rt-options].)
pub(super) fn endpoint_route_not_editable(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        let mut reported: Vec<&str> = Vec::new();
        for route in &table.routes {
            let RouteTarget::VpcEndpoint(id) = &route.target else {
                continue;
            };
            let Some(endpoint) = ctx.endpoints.get(id.as_str()) else {
                continue;
            };
            if endpoint.endpoint_type != EndpointType::Gateway
                || endpoint.vpc != table.vpc
                || endpoint.route_tables.contains(&table.id)
                || reported.contains(&id.as_str())
            {
                continue;
            }
            reported.push(id.as_str());
            out.push(ctx.finding(
                "ENDPOINT_ROUTE_NOT_EDITABLE",
                Severity::Info,
                format!(
                    "{} has the route {} → {}, but the endpoint does not list the table: endpoint routes are written by AWS for the endpoint's route tables and cannot be added through the route-table APIs",
                    ctx.label(table.id.as_str()),
                    route.destination,
                    ctx.label(id.as_str())
                ),
                vec![table.id.to_string(), id.to_string()],
                Some(format!(
                    "aws ec2 modify-vpc-endpoint --vpc-endpoint-id {id} --add-route-table-ids {}",
                    table.id
                )),
            ));
        }
    }
}
