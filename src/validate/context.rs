//! Lookups shared by the rules, built once per `validate::run`.
//!
//! Rules ask "what is this id called", "which CIDRs does this peering side have", "which route
//! tables does this VPC have"; answering each from the topology's lists would make the rules
//! quadratic, so the answers are indexed here, in `BTreeMap`s so nothing depends on hash order.

use super::{plan, Finding, Severity};
use crate::idmap::{IdGroups, IdMap};
use crate::model::*;
use ipnet::Ipv4Net;
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;

pub(crate) struct Ctx<'a> {
    pub topo: &'a Topology,
    pub vpcs: IdMap<'a, &'a Vpc>,
    pub peerings: IdMap<'a, &'a VpcPeeringConnection>,
    /// Route tables by VPC id, in document order.
    pub tables_by_vpc: IdGroups<'a, &'a RouteTable>,
    /// Subnets by VPC id, VPCs in first-seen order, each list in document order.
    pub subnet_groups: IdGroups<'a, &'a Subnet>,
    /// Active peerings by the VPC id of each side (a peering of a VPC with itself is listed twice
    /// under it, as AWS counts both sides), each list sorted by peering id: the walk the quota
    /// rules (`QUOTA_PEERING_ACTIVE`, `PEERING_NAU`) each used to repeat.
    pub active_peerings_by_vpc: IdGroups<'a, &'a VpcPeeringConnection>,
    /// Resources by id (first copy wins), for rules that follow a reference from a route or an
    /// attachment: a scan of the list per route made route checks quadratic.
    pub subnets: IdMap<'a, &'a Subnet>,
    pub igws: IdMap<'a, &'a InternetGateway>,
    pub nats: IdMap<'a, &'a NatGateway>,
    pub endpoints: IdMap<'a, &'a VpcEndpoint>,
    pub enis: IdMap<'a, &'a NetworkInterface>,
    pub instances: IdMap<'a, &'a Instance>,
    /// Name tags by id (a later resource with the same id wins, as in `Topology::names`).
    names: IdMap<'a, &'a str>,
    /// Every IPv4 range the document uses, merged and sorted, for free-block hints. Built once:
    /// hints are written per finding, and a document can have thousands of findings.
    used_v4: Vec<(u32, u32)>,
    /// Every route to a peering the document has, in document order (tables, then their
    /// routes): five peering rules walk this list, and each used to find the peering of every
    /// route again.
    pub peering_routes: Vec<PeeringRoute<'a>>,
    /// Hybrid lookups (VPN, Direct Connect, endpoints): see `Hybrid`.
    pub hybrid: Hybrid<'a>,
}

/// Where `item` sits in `items`, when it is one of them: the index of a resource a rule holds
/// by reference, for per-resource tables (`Vec`s) where a map keyed by id would read the id's
/// bytes (a cache miss at 1000 VPCs) to hash and compare it.
pub(crate) fn index_in<T>(items: &[T], item: &T) -> Option<usize> {
    let size = std::mem::size_of::<T>().max(1);
    let offset = (item as *const T as usize).checked_sub(items.as_ptr() as usize)?;
    let at = offset / size;
    items
        .get(at)
        .filter(|found| std::ptr::eq(*found, item))
        .map(|_| at)
}

/// A route whose target is a peering the document has.
#[derive(Clone, Copy)]
pub(crate) struct PeeringRoute<'a> {
    pub table: &'a RouteTable,
    pub route: &'a Route,
    pub pcx: &'a VpcPeeringConnection,
    /// The side of `pcx` that is not the table's VPC; `None` when the table's VPC is neither
    /// side (`RTB_PCX_VPC_MISMATCH` names that).
    pub far: Option<&'a PeeringSide>,
    /// Whether the table's VPC is the requester's, the accepter's (both for a VPC peered with
    /// itself), and the same for the far side's VPC: the id comparisons each rule would repeat.
    pub near_is: [bool; 2],
    pub far_is: [bool; 2],
    /// The far side's VPC, when the document has it.
    pub far_vpc: Option<&'a Vpc>,
}

impl<'a> PeeringRoute<'a> {
    fn list(
        topo: &'a Topology,
        vpcs: &IdMap<'a, &'a Vpc>,
        peerings: &IdMap<'a, &'a VpcPeeringConnection>,
    ) -> Vec<PeeringRoute<'a>> {
        let mut list = Vec::new();
        for table in &topo.route_tables {
            for route in &table.routes {
                let RouteTarget::VpcPeering(id) = &route.target else {
                    continue;
                };
                let Some(pcx) = peerings.get(id.as_str()) else {
                    continue;
                };
                let near_is = [
                    pcx.requester.vpc == table.vpc,
                    pcx.accepter.vpc == table.vpc,
                ];
                let far = match near_is {
                    [true, _] => Some(&pcx.accepter),
                    [false, true] => Some(&pcx.requester),
                    [false, false] => None,
                };
                let far_is = far.map_or([false; 2], |far| {
                    [pcx.requester.vpc == far.vpc, pcx.accepter.vpc == far.vpc]
                });
                list.push(PeeringRoute {
                    table,
                    route,
                    pcx,
                    far,
                    near_is,
                    far_is,
                    far_vpc: far.and_then(|far| vpcs.get(far.vpc.as_str()).copied()),
                });
            }
        }
        list
    }
}

/// Lookups for the hybrid families (`vpn`, `dx`, `endpoints`, `mtu`, `advise`): resources by id,
/// and the joins those rules ask for again and again (which VPNs end on a gateway, which sites
/// sit behind a customer gateway, which route table a subnet uses).
pub(crate) struct Hybrid<'a> {
    pub vgws: IdMap<'a, &'a VpnGateway>,
    pub cgws: IdMap<'a, &'a CustomerGateway>,
    pub tgws: IdMap<'a, &'a TransitGateway>,
    pub tgw_attachments: IdMap<'a, &'a TransitGatewayAttachment>,
    pub dx_connections: IdMap<'a, &'a DxConnection>,
    pub prefix_lists: IdMap<'a, &'a PrefixList>,
    pub security_groups: IdMap<'a, &'a SecurityGroup>,
    /// Live VPN connections (not in a terminal state) by their VGW or TGW id. Every list here is
    /// sorted by id.
    pub vpns_by_gateway: BTreeMap<&'a str, Vec<&'a VpnConnection>>,
    /// Live VPN connections by their customer gateway.
    pub vpns_by_cgw: IdMap<'a, Vec<&'a VpnConnection>>,
    /// Live virtual interfaces by id.
    pub vifs: IdMap<'a, &'a VirtualInterface>,
    /// Live VGWs by the VPC they are attached to, and live TGW VPC attachments by VPC.
    pub vgws_by_vpc: IdMap<'a, Vec<&'a VpnGateway>>,
    pub tgw_attachments_by_vpc: IdMap<'a, Vec<&'a TransitGatewayAttachment>>,
    /// Subnets by VPC.
    pub subnets_by_vpc: IdMap<'a, Vec<&'a Subnet>>,
    /// On-premises networks by the customer gateways and virtual interfaces that reach them.
    pub sites_by_cgw: IdMap<'a, Vec<&'a OnPremNetwork>>,
    pub sites_by_vif: IdMap<'a, Vec<&'a OnPremNetwork>>,
    /// Live virtual interfaces by their connection, VGW (private VIF straight to a VGW) and
    /// Direct Connect gateway.
    pub vifs_by_connection: IdMap<'a, Vec<&'a VirtualInterface>>,
    pub vifs_by_vgw: BTreeMap<&'a str, Vec<&'a VirtualInterface>>,
    pub vifs_by_dxgw: BTreeMap<&'a str, Vec<&'a VirtualInterface>>,
    /// Live Direct Connect gateway associations by gateway and by the VGW/TGW they associate.
    pub assocs_by_dxgw: IdMap<'a, Vec<&'a DxGatewayAssociation>>,
    pub assocs_by_gateway: BTreeMap<&'a str, Vec<&'a DxGatewayAssociation>>,
    /// The route table each subnet uses: its explicit association, else its VPC's main table.
    pub table_of_subnet: IdMap<'a, &'a RouteTable>,
    /// Subnets by the route table they use (explicitly or through the main table).
    pub subnets_of_table: IdMap<'a, Vec<&'a Subnet>>,
    /// The network ACL each subnet uses: its explicit association, else its VPC's default ACL.
    pub nacl_of_subnet: IdMap<'a, &'a NetworkAcl>,
    /// Live gateway endpoints by the route tables they are associated with.
    pub endpoints_by_table: BTreeMap<&'a str, Vec<&'a VpcEndpoint>>,
}

fn live(state: &Option<String>) -> bool {
    state
        .as_deref()
        .is_none_or(|s| !super::state::is_terminal(s))
}

fn by_id<'a, T>(items: &'a [T], id: impl Fn(&'a T) -> &'a str) -> IdMap<'a, &'a T> {
    let mut map = IdMap::with_capacity(items.len());
    for item in items {
        // The first copy of an id wins, as in the importer.
        map.entry(id(item)).or_insert(item);
    }
    map
}

impl<'a> Hybrid<'a> {
    fn new(topo: &'a Topology, subnet_groups: &IdGroups<'a, &'a Subnet>) -> Hybrid<'a> {
        let mut hybrid = Hybrid {
            vgws: by_id(&topo.vpn_gateways, |r| r.id.as_str()),
            cgws: by_id(&topo.customer_gateways, |r| r.id.as_str()),
            tgws: by_id(&topo.transit_gateways, |r| r.id.as_str()),
            tgw_attachments: by_id(&topo.transit_gateway_attachments, |r| r.id.as_str()),
            dx_connections: by_id(&topo.dx_connections, |r| r.id.as_str()),
            prefix_lists: by_id(&topo.prefix_lists, |r| r.id.as_str()),
            security_groups: by_id(&topo.security_groups, |r| r.id.as_str()),
            vpns_by_gateway: BTreeMap::new(),
            vpns_by_cgw: IdMap::new(),
            vifs: IdMap::new(),
            vgws_by_vpc: IdMap::new(),
            tgw_attachments_by_vpc: IdMap::new(),
            subnets_by_vpc: IdMap::with_capacity(topo.vpcs.len()),
            sites_by_cgw: IdMap::new(),
            sites_by_vif: IdMap::new(),
            vifs_by_connection: IdMap::new(),
            vifs_by_vgw: BTreeMap::new(),
            vifs_by_dxgw: BTreeMap::new(),
            assocs_by_dxgw: IdMap::new(),
            assocs_by_gateway: BTreeMap::new(),
            table_of_subnet: IdMap::with_capacity(topo.subnets.len()),
            subnets_of_table: IdMap::with_capacity(topo.route_tables.len()),
            nacl_of_subnet: IdMap::with_capacity(topo.subnets.len()),
            endpoints_by_table: BTreeMap::new(),
        };
        for vpn in topo.vpn_connections.iter().filter(|v| live(&v.state)) {
            let gateways = [
                vpn.vpn_gateway.as_ref().map(VpnGatewayId::as_str),
                vpn.transit_gateway.as_ref().map(TransitGatewayId::as_str),
            ];
            for gateway in gateways.into_iter().flatten() {
                hybrid.vpns_by_gateway.entry(gateway).or_default().push(vpn);
            }
            hybrid
                .vpns_by_cgw
                .entry(vpn.customer_gateway.as_str())
                .or_default()
                .push(vpn);
        }
        for vgw in topo.vpn_gateways.iter().filter(|g| live(&g.state)) {
            if let Some(vpc) = vgw.attached_vpc() {
                hybrid
                    .vgws_by_vpc
                    .entry(vpc.as_str())
                    .or_default()
                    .push(vgw);
            }
        }
        for attachment in topo
            .transit_gateway_attachments
            .iter()
            .filter(|a| a.resource_type == "vpc" && live(&a.state))
        {
            hybrid
                .tgw_attachments_by_vpc
                .entry(attachment.resource.as_str())
                .or_default()
                .push(attachment);
        }
        // The same groups as `Ctx::subnet_groups` (sorted by id below): one insert per VPC.
        for (vpc, subnets) in subnet_groups.iter() {
            hybrid.subnets_by_vpc.insert(vpc, subnets.clone());
        }
        for site in &topo.on_prem_networks {
            for cgw in &site.customer_gateways {
                hybrid
                    .sites_by_cgw
                    .entry(cgw.as_str())
                    .or_default()
                    .push(site);
            }
            for vif in &site.virtual_interfaces {
                hybrid
                    .sites_by_vif
                    .entry(vif.as_str())
                    .or_default()
                    .push(site);
            }
        }
        for vif in topo.virtual_interfaces.iter().filter(|v| live(&v.state)) {
            hybrid.vifs.entry(vif.id.as_str()).or_insert(vif);
            if let Some(connection) = &vif.connection {
                hybrid
                    .vifs_by_connection
                    .entry(connection.as_str())
                    .or_default()
                    .push(vif);
            }
            if let Some(vgw) = &vif.vpn_gateway {
                hybrid
                    .vifs_by_vgw
                    .entry(vgw.as_str())
                    .or_default()
                    .push(vif);
            }
            if let Some(dxgw) = &vif.dx_gateway {
                hybrid
                    .vifs_by_dxgw
                    .entry(dxgw.as_str())
                    .or_default()
                    .push(vif);
            }
        }
        for assoc in topo.dx_gateway_associations.iter().filter(|a| {
            a.state.as_deref().is_none_or(|s| {
                !s.eq_ignore_ascii_case("disassociated") && !super::state::is_terminal(s)
            })
        }) {
            hybrid
                .assocs_by_dxgw
                .entry(assoc.dx_gateway.as_str())
                .or_default()
                .push(assoc);
            hybrid
                .assocs_by_gateway
                .entry(assoc.gateway.as_str())
                .or_default()
                .push(assoc);
        }
        let mut main_of_vpc: IdMap<&RouteTable> = IdMap::with_capacity(topo.vpcs.len());
        for table in &topo.route_tables {
            if table.main {
                // Lowest id wins when a broken document has two: independent of list order.
                let entry = main_of_vpc.entry(table.vpc.as_str()).or_insert(table);
                if table.id.as_str() < entry.id.as_str() {
                    *entry = table;
                }
            }
            for subnet in &table.subnets {
                let entry = hybrid
                    .table_of_subnet
                    .entry(subnet.as_str())
                    .or_insert(table);
                if table.id.as_str() < entry.id.as_str() {
                    *entry = table;
                }
            }
        }
        let mut default_nacl: IdMap<&NetworkAcl> = IdMap::with_capacity(topo.vpcs.len());
        for nacl in &topo.network_acls {
            if nacl.is_default {
                let entry = default_nacl.entry(nacl.vpc.as_str()).or_insert(nacl);
                if nacl.id.as_str() < entry.id.as_str() {
                    *entry = nacl;
                }
            }
            for subnet in &nacl.subnets {
                let entry = hybrid.nacl_of_subnet.entry(subnet.as_str()).or_insert(nacl);
                if nacl.id.as_str() < entry.id.as_str() {
                    *entry = nacl;
                }
            }
        }
        // Subnets without an explicit association use their VPC's main table and default ACL;
        // one entry per subnet and map (a `contains_key` then an `insert` hashed each id twice).
        for subnet in &topo.subnets {
            let id = subnet.id.as_str();
            let table = match hybrid.table_of_subnet.entry(id) {
                Entry::Occupied(explicit) => Some(*explicit.get()),
                Entry::Vacant(slot) => main_of_vpc
                    .get(subnet.vpc.as_str())
                    .map(|main| *slot.insert(main)),
            };
            if let Entry::Vacant(slot) = hybrid.nacl_of_subnet.entry(id) {
                if let Some(nacl) = default_nacl.get(subnet.vpc.as_str()) {
                    slot.insert(nacl);
                }
            }
            if let Some(table) = table {
                hybrid
                    .subnets_of_table
                    .entry(table.id.as_str())
                    .or_default()
                    .push(subnet);
            }
        }
        for endpoint in topo
            .vpc_endpoints
            .iter()
            .filter(|e| e.endpoint_type == EndpointType::Gateway && live(&e.state))
        {
            for table in &endpoint.route_tables {
                hybrid
                    .endpoints_by_table
                    .entry(table.as_str())
                    .or_default()
                    .push(endpoint);
            }
        }
        // Lists sorted by id, so that no finding depends on the document's order.
        hybrid
            .vpns_by_cgw
            .for_each_value_mut(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
            .vgws_by_vpc
            .for_each_value_mut(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
            .tgw_attachments_by_vpc
            .for_each_value_mut(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
            .subnets_by_vpc
            .for_each_value_mut(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
            .vpns_by_gateway
            .values_mut()
            .for_each(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
            .sites_by_cgw
            .for_each_value_mut(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
            .sites_by_vif
            .for_each_value_mut(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
            .vifs_by_connection
            .for_each_value_mut(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        for map in [&mut hybrid.vifs_by_vgw, &mut hybrid.vifs_by_dxgw] {
            map.values_mut()
                .for_each(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        }
        hybrid
            .assocs_by_dxgw
            .for_each_value_mut(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
            .assocs_by_gateway
            .values_mut()
            .for_each(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
            .subnets_of_table
            .for_each_value_mut(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
            .endpoints_by_table
            .values_mut()
            .for_each(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
        hybrid
    }
}

impl<'a> Ctx<'a> {
    pub fn new(topo: &'a Topology) -> Ctx<'a> {
        let mut tables_by_vpc = IdGroups::new();
        for table in &topo.route_tables {
            tables_by_vpc.push(table.vpc.as_str(), table);
        }
        let mut subnet_groups = IdGroups::new();
        for subnet in &topo.subnets {
            subnet_groups.push(subnet.vpc.as_str(), subnet);
        }
        let mut active_peerings_by_vpc = IdGroups::new();
        for pcx in topo
            .vpc_peering_connections
            .iter()
            .filter(|p| p.is_active())
        {
            active_peerings_by_vpc.push(pcx.requester.vpc.as_str(), pcx);
            active_peerings_by_vpc.push(pcx.accepter.vpc.as_str(), pcx);
        }
        active_peerings_by_vpc
            .for_each_group_mut(|v| crate::sort::sort_by_key(v, |p| p.id.as_str()));
        // Here the last copy of a duplicated id wins (`collect`); `by_id` keeps the first.
        // Import refuses duplicate ids, so only topologies built in code can tell.
        let vpcs: IdMap<&Vpc> = topo.vpcs.iter().map(|vpc| (vpc.id.as_str(), vpc)).collect();
        let peerings: IdMap<&VpcPeeringConnection> = topo
            .vpc_peering_connections
            .iter()
            .map(|pcx| (pcx.id.as_str(), pcx))
            .collect();
        let hybrid = Hybrid::new(topo, &subnet_groups);
        Ctx {
            topo,
            peering_routes: PeeringRoute::list(topo, &vpcs, &peerings),
            vpcs,
            peerings,
            tables_by_vpc,
            subnet_groups,
            active_peerings_by_vpc,
            subnets: by_id(&topo.subnets, |r| r.id.as_str()),
            igws: by_id(&topo.internet_gateways, |r| r.id.as_str()),
            nats: by_id(&topo.nat_gateways, |r| r.id.as_str()),
            endpoints: by_id(&topo.vpc_endpoints, |r| r.id.as_str()),
            enis: by_id(&topo.network_interfaces, |r| r.id.as_str()),
            instances: by_id(&topo.instances, |r| r.id.as_str()),
            names: {
                let mut names = IdMap::with_capacity(topo.vpcs.len() + topo.subnets.len());
                topo.for_each_name(|id, name| {
                    names.insert(id, name);
                });
                names
            },
            used_v4: plan::used_ranges(topo),
            hybrid,
        }
    }

    /// `name (id)` when the resource has a Name tag, else the id: how messages name things.
    pub fn label(&self, id: &str) -> String {
        match self.names.get(id) {
            Some(name) if *name != id => format!("{name} ({id})"),
            _ => id.to_string(),
        }
    }

    /// The IPv4 blocks of one side of a peering: the VPC's own when the document has the VPC,
    /// else what the peering reports for that side.
    pub fn side_cidrs(&self, side: &'a PeeringSide) -> &'a [Cidr4] {
        match self.vpcs.get(side.vpc.as_str()) {
            Some(vpc) => &vpc.cidrs,
            None => &side.cidrs,
        }
    }

    /// A block of the same size as `like` inside 10.0.0.0/8 that overlaps nothing the document
    /// uses: the "e.g. 10.7.0.0/16" of overlap hints.
    pub fn free_block_like(&self, like: &Cidr4) -> Option<Ipv4Net> {
        plan::suggest_like(&self.used_v4, like)
    }

    pub fn side_ipv6_cidrs(&self, side: &'a PeeringSide) -> &'a [Cidr6] {
        match self.vpcs.get(side.vpc.as_str()) {
            Some(vpc) => &vpc.ipv6_cidrs,
            None => &side.ipv6_cidrs,
        }
    }

    pub fn finding(
        &self,
        code: &str,
        severity: Severity,
        message: String,
        resources: Vec<String>,
        hint: Option<String>,
    ) -> Finding {
        Finding {
            code: code.to_string(),
            severity,
            message,
            resources,
            hint,
            suppressed: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::index_in;

    #[test]
    fn index_in_finds_members_by_address_and_refuses_strangers() {
        let items = [String::from("a"), String::from("a"), String::from("b")];
        assert_eq!(index_in(&items, &items[1]), Some(1));
        assert_eq!(index_in(&items, &items[2]), Some(2));
        // Equal to a member but not one of them.
        let stranger = String::from("a");
        assert_eq!(index_in(&items, &stranger), None);
        assert_eq!(index_in(&items[..1], &items[2]), None);
        // Zero-sized items: every address is the first.
        let units = [(), ()];
        assert_eq!(index_in(&units, &units[0]), Some(0));
    }
}
