//! Lookups shared by the rules, built once per `validate::run`.
//!
//! Rules ask "what is this id called", "which CIDRs does this peering side have", "which route
//! tables does this VPC have"; answering each from the topology's lists would make the rules
//! quadratic, so the answers are indexed here: by id in `IdMap`s (never walked) and `IdGroups`
//! or `BTreeMap`s (walked, so nothing depends on hash order), and by a resource's place in its
//! list in `Vec`s, for the references every run follows (a subnet's VPC and table, a table's
//! subnets, a peering's routes), which then cost an address computation instead of hashing an
//! id whose bytes are a cache miss away.

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
    /// hints are written per finding, and a document can have thousands of findings. Built at
    /// the first hint: most documents need none.
    used_v4: std::cell::OnceCell<Vec<(u32, u32)>>,
    /// Every route to a peering the document has, in document order (tables, then their
    /// routes): five peering rules walk this list, and each used to find the peering of every
    /// route again.
    pub peering_routes: Vec<PeeringRoute<'a>>,
    /// `peering_routes`' places by their peering's place in `topo.vpc_peering_connections`
    /// (the copy `peerings` resolves a route's id to), in document order.
    pub routes_of_peering: Groups<u32>,
    /// The VPC of each subnet and of each route table (`vpcs` of its `vpc`), by the resource's
    /// place in its list (`index_in`): rules that check a subnet or a table against its VPC follow
    /// an index instead of hashing the VPC id again, a cache miss per lookup at 1000 VPCs.
    pub vpc_of_subnet: Vec<Option<&'a Vpc>>,
    pub vpc_of_table: Vec<Option<&'a Vpc>>,
    /// The requester's and accepter's VPC of each peering, by its place in the list.
    peering_vpcs: Vec<[Option<&'a Vpc>; 2]>,
    /// Hybrid lookups (VPN, Direct Connect, endpoints): see `Hybrid`.
    pub hybrid: Hybrid<'a>,
}

/// Items grouped by a resource's place in its list (a subnet's route table, a VPC's subnets):
/// every group in one `Vec`, so building them allocates twice, not once per group.
pub(crate) struct Groups<T> {
    /// Where each group starts in `items`; one more entry than there are groups.
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> Groups<T> {
    /// `n` groups from `(group, item)` pairs, each group in the pairs' order; pairs naming a
    /// group past `n` are left out.
    fn new(n: usize, pairs: &[(u32, T)]) -> Groups<T> {
        let mut starts = vec![0u32; n + 1];
        for &(group, _) in pairs {
            if let Some(count) = starts.get_mut(group as usize + 1) {
                *count += 1;
            }
        }
        for at in 1..starts.len() {
            starts[at] += starts[at - 1];
        }
        let mut next = starts.clone();
        let mut items: Vec<Option<T>> = vec![None; pairs.len()];
        for &(group, item) in pairs {
            if let Some(slot) = next.get_mut(group as usize) {
                if let Some(place) = items.get_mut(*slot as usize) {
                    *place = Some(item);
                }
                *slot += 1;
            }
        }
        Groups {
            starts,
            items: items.into_iter().flatten().collect(),
        }
    }

    /// The items of group `at` (none for a group past the end).
    pub(crate) fn get(&self, at: usize) -> &[T] {
        match (self.starts.get(at), self.starts.get(at + 1)) {
            (Some(&start), Some(&end)) => {
                self.items.get(start as usize..end as usize).unwrap_or(&[])
            }
            _ => &[],
        }
    }

    fn for_each_group_mut(&mut self, mut f: impl FnMut(&mut [T])) {
        for pair in self.starts.windows(2) {
            if let Some(group) = self.items.get_mut(pair[0] as usize..pair[1] as usize) {
                f(group);
            }
        }
    }
}

/// Each item's VPC by the item's position in `items`, from `groups` (the items by VPC id): `None`
/// where the VPC is not in the document.
fn vpc_by_position<'a, T>(
    items: &'a [T],
    groups: &IdGroups<'a, &'a T>,
    vpcs: &IdMap<&'a Vpc>,
) -> Vec<Option<&'a Vpc>> {
    let mut out = vec![None; items.len()];
    for (vpc, members) in groups.iter() {
        let Some(vpc) = vpcs.get(vpc).copied() else {
            continue;
        };
        for member in members {
            if let Some(slot) = index_in(items, *member).and_then(|at| out.get_mut(at)) {
                *slot = Some(vpc);
            }
        }
    }
    out
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
        peering_vpcs: &[[Option<&'a Vpc>; 2]],
        vpc_of_table: &[Option<&'a Vpc>],
    ) -> Vec<PeeringRoute<'a>> {
        // Two VPC ids are equal when both resolve to one VPC of the document, different when
        // one resolves and the other does not; only ids of two absent VPCs are compared.
        fn same(a: (&VpcId, Option<&Vpc>), b: (&VpcId, Option<&Vpc>)) -> bool {
            match (a.1, b.1) {
                (Some(x), Some(y)) => std::ptr::eq(x, y),
                (None, None) => a.0 == b.0,
                _ => false,
            }
        }
        let mut list = Vec::new();
        for (table_at, table) in topo.route_tables.iter().enumerate() {
            let table_vpc = (&table.vpc, vpc_of_table.get(table_at).copied().flatten());
            for route in &table.routes {
                let RouteTarget::VpcPeering(id) = &route.target else {
                    continue;
                };
                let Some(pcx) = peerings.get(id.as_str()) else {
                    continue;
                };
                let sides = index_in(&topo.vpc_peering_connections, *pcx)
                    .and_then(|at| peering_vpcs.get(at))
                    .copied();
                let [requester_vpc, accepter_vpc] = sides.unwrap_or_else(|| {
                    [
                        vpcs.get(pcx.requester.vpc.as_str()).copied(),
                        vpcs.get(pcx.accepter.vpc.as_str()).copied(),
                    ]
                });
                let requester = (&pcx.requester.vpc, requester_vpc);
                let accepter = (&pcx.accepter.vpc, accepter_vpc);
                let near_is = [same(requester, table_vpc), same(accepter, table_vpc)];
                let far = match near_is {
                    [true, _] => Some(&pcx.accepter),
                    [false, true] => Some(&pcx.requester),
                    [false, false] => None,
                };
                // The far side equals itself; the other side equals it for a VPC peered with
                // itself.
                let far_is = match near_is {
                    [true, _] => [same(requester, accepter), true],
                    [false, true] => [true, same(accepter, requester)],
                    [false, false] => [false; 2],
                };
                // The far side is the accepter unless only the accepter is the near side.
                let far_vpc = match near_is {
                    [true, _] => accepter_vpc,
                    [false, true] => requester_vpc,
                    [false, false] => None,
                };
                list.push(PeeringRoute {
                    table,
                    route,
                    pcx,
                    far,
                    near_is,
                    far_is,
                    far_vpc,
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
    /// The same answers by the subnet's place in `topo.subnets` (`index_in`): the table it
    /// uses, and whether a table names it (an explicit association, not the main table's).
    pub table_by_subnet: Vec<Option<&'a RouteTable>>,
    /// Subnet ids that tables of two different ids name (`RTB_SUBNET_MULTI_ASSOC`), in the
    /// order found, with repeats.
    pub multi_assoc: Vec<&'a str>,
    pub explicit_table: Vec<bool>,
    /// Subnets by the route table they use (explicitly or through the main table), by the
    /// table's place in `topo.route_tables`, each group sorted by id.
    pub subnets_of_table: Groups<&'a Subnet>,
    /// The network ACL each subnet uses: its explicit association, else its VPC's default ACL.
    pub nacl_of_subnet: IdMap<'a, &'a NetworkAcl>,
    /// The same by the subnet's place in `topo.subnets`, and whether an ACL names it.
    pub nacl_by_subnet: Vec<Option<&'a NetworkAcl>>,
    pub explicit_nacl: Vec<bool>,
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
            table_by_subnet: Vec::with_capacity(topo.subnets.len()),
            multi_assoc: Vec::new(),
            explicit_table: Vec::with_capacity(topo.subnets.len()),
            subnets_of_table: Groups::new(0, &[]),
            nacl_of_subnet: IdMap::with_capacity(topo.subnets.len()),
            nacl_by_subnet: Vec::with_capacity(topo.subnets.len()),
            explicit_nacl: Vec::with_capacity(topo.subnets.len()),
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
                match hybrid.table_of_subnet.entry(subnet.as_str()) {
                    Entry::Vacant(slot) => {
                        slot.insert(table);
                    }
                    Entry::Occupied(mut slot) => {
                        if slot.get().id != table.id {
                            hybrid.multi_assoc.push(subnet.as_str());
                        }
                        if table.id.as_str() < slot.get().id.as_str() {
                            slot.insert(table);
                        }
                    }
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
        // What the documents' associations say about each subnet, before the implicit ones are
        // added below: a table (or ACL) naming the subnet's id.
        for subnet in &topo.subnets {
            let id = subnet.id.as_str();
            let table = hybrid.table_of_subnet.get(id).copied();
            hybrid.explicit_table.push(table.is_some());
            hybrid.table_by_subnet.push(table);
            let nacl = hybrid.nacl_of_subnet.get(id).copied();
            hybrid.explicit_nacl.push(nacl.is_some());
            hybrid.nacl_by_subnet.push(nacl);
        }
        // Subnets without an explicit association use their VPC's main table and default ACL
        // (one map entry per such subnet and map; a later copy of a duplicated id finds the
        // earlier copy's entry).
        let mut users: Vec<(u32, &Subnet)> = Vec::with_capacity(topo.subnets.len());
        for (at, subnet) in topo.subnets.iter().enumerate() {
            let id = subnet.id.as_str();
            let explicit = hybrid.explicit_table.get(at).copied().unwrap_or(false);
            if !explicit {
                let table = match hybrid.table_of_subnet.entry(id) {
                    Entry::Occupied(earlier) => Some(*earlier.get()),
                    Entry::Vacant(slot) => main_of_vpc
                        .get(subnet.vpc.as_str())
                        .map(|main| *slot.insert(main)),
                };
                if let Some(place) = hybrid.table_by_subnet.get_mut(at) {
                    *place = table;
                }
            }
            if !hybrid.explicit_nacl.get(at).copied().unwrap_or(false) {
                let nacl = match hybrid.nacl_of_subnet.entry(id) {
                    Entry::Occupied(earlier) => Some(*earlier.get()),
                    Entry::Vacant(slot) => default_nacl
                        .get(subnet.vpc.as_str())
                        .map(|nacl| *slot.insert(nacl)),
                };
                if let Some(place) = hybrid.nacl_by_subnet.get_mut(at) {
                    *place = nacl;
                }
            }
            let table_at = hybrid
                .table_by_subnet
                .get(at)
                .copied()
                .flatten()
                .and_then(|table| index_in(&topo.route_tables, table));
            if let Some(table_at) = table_at {
                users.push((table_at as u32, subnet));
            }
        }
        hybrid.subnets_of_table = Groups::new(topo.route_tables.len(), &users);
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
            .for_each_group_mut(|v| crate::sort::sort_by_key(v, |r| r.id.as_str()));
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
        // One lookup per VPC id, through the groups by VPC, rather than one per subnet or table.
        let vpc_of_subnet = vpc_by_position(&topo.subnets, &subnet_groups, &vpcs);
        let vpc_of_table = vpc_by_position(&topo.route_tables, &tables_by_vpc, &vpcs);
        let peering_vpcs: Vec<[Option<&Vpc>; 2]> = topo
            .vpc_peering_connections
            .iter()
            .map(|pcx| {
                [
                    vpcs.get(pcx.requester.vpc.as_str()).copied(),
                    vpcs.get(pcx.accepter.vpc.as_str()).copied(),
                ]
            })
            .collect();
        let peering_routes =
            PeeringRoute::list(topo, &vpcs, &peerings, &peering_vpcs, &vpc_of_table);
        let by_peering: Vec<(u32, u32)> = peering_routes
            .iter()
            .enumerate()
            .filter_map(|(at, route)| {
                let pcx = index_in(&topo.vpc_peering_connections, route.pcx)?;
                Some((pcx as u32, at as u32))
            })
            .collect();
        Ctx {
            vpc_of_subnet,
            vpc_of_table,
            topo,
            routes_of_peering: Groups::new(topo.vpc_peering_connections.len(), &by_peering),
            peering_vpcs,
            peering_routes,
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
            used_v4: std::cell::OnceCell::new(),
            hybrid,
        }
    }

    /// The VPC of a peering side (`vpcs` of its `vpc`): by the place of its peering in
    /// `topo.vpc_peering_connections` (from the side's address, as `index_in`), hashed only
    /// for a side from elsewhere.
    pub fn side_vpc(&self, side: &PeeringSide) -> Option<&'a Vpc> {
        let list = &self.topo.vpc_peering_connections;
        let size = std::mem::size_of::<VpcPeeringConnection>().max(1);
        let found = (side as *const PeeringSide as usize)
            .checked_sub(list.as_ptr() as usize)
            .and_then(|offset| {
                let at = offset / size;
                let pcx = list.get(at)?;
                if std::ptr::eq(&pcx.requester, side) {
                    Some((at, 0))
                } else if std::ptr::eq(&pcx.accepter, side) {
                    Some((at, 1))
                } else {
                    None
                }
            });
        match found {
            Some((at, k)) => self
                .peering_vpcs
                .get(at)
                .and_then(|sides| sides.get(k).copied().flatten()),
            None => self.vpcs.get(side.vpc.as_str()).copied(),
        }
    }

    /// The VPC of a subnet (`vpcs` of its `vpc`): by its place in `topo.subnets`, hashed only
    /// for a subnet from elsewhere.
    pub fn subnet_vpc(&self, subnet: &Subnet) -> Option<&'a Vpc> {
        match index_in(&self.topo.subnets, subnet) {
            Some(at) => self.vpc_of_subnet.get(at).copied().flatten(),
            None => self.vpcs.get(subnet.vpc.as_str()).copied(),
        }
    }

    /// The VPC of a route table, as `subnet_vpc`.
    pub fn table_vpc(&self, table: &RouteTable) -> Option<&'a Vpc> {
        match index_in(&self.topo.route_tables, table) {
            Some(at) => self.vpc_of_table.get(at).copied().flatten(),
            None => self.vpcs.get(table.vpc.as_str()).copied(),
        }
    }

    /// The route table a subnet uses (`Hybrid::table_of_subnet`), by its place in the list.
    pub fn subnet_table(&self, subnet: &Subnet) -> Option<&'a RouteTable> {
        match index_in(&self.topo.subnets, subnet) {
            Some(at) => self.hybrid.table_by_subnet.get(at).copied().flatten(),
            None => self.hybrid.table_of_subnet.get(subnet.id.as_str()).copied(),
        }
    }

    /// The network ACL a subnet uses (`Hybrid::nacl_of_subnet`), by its place in the list.
    pub fn subnet_nacl(&self, subnet: &Subnet) -> Option<&'a NetworkAcl> {
        match index_in(&self.topo.subnets, subnet) {
            Some(at) => self.hybrid.nacl_by_subnet.get(at).copied().flatten(),
            None => self.hybrid.nacl_of_subnet.get(subnet.id.as_str()).copied(),
        }
    }

    /// Whether a route table of the document names the subnet (else it uses the main table).
    pub fn has_explicit_table(&self, subnet: &Subnet) -> bool {
        match index_in(&self.topo.subnets, subnet) {
            Some(at) => self.hybrid.explicit_table.get(at).copied().unwrap_or(false),
            None => self
                .topo
                .route_tables
                .iter()
                .any(|t| t.subnets.iter().any(|s| s == &subnet.id)),
        }
    }

    /// Whether a network ACL of the document names the subnet.
    pub fn has_explicit_nacl(&self, subnet: &Subnet) -> bool {
        match index_in(&self.topo.subnets, subnet) {
            Some(at) => self.hybrid.explicit_nacl.get(at).copied().unwrap_or(false),
            None => self
                .topo
                .network_acls
                .iter()
                .any(|a| a.subnets.iter().any(|s| s == &subnet.id)),
        }
    }

    /// The subnets that use a route table of `topo.route_tables` (explicitly or as the main
    /// table), sorted by id; none for a table from elsewhere.
    pub fn table_users(&self, table: &RouteTable) -> &[&'a Subnet] {
        index_in(&self.topo.route_tables, table)
            .map_or(&[], |at| self.hybrid.subnets_of_table.get(at))
    }

    /// The routes to `pcx` (those naming its id) from tables of its requester's VPC (`side` 0)
    /// or its accepter's (1), in document order: `routes_of_peering` of the copy `peerings`
    /// resolves the id to, whose `near_is` answer for `pcx` unless a duplicated id made `pcx`
    /// another copy.
    pub fn routes_from_side<'c>(
        &'c self,
        pcx: &'a VpcPeeringConnection,
        side: usize,
    ) -> impl Iterator<Item = &'c PeeringRoute<'a>> + 'c {
        let resolved = self.peerings.get(pcx.id.as_str()).copied();
        let same_copy = resolved.is_some_and(|c| std::ptr::eq(c, pcx));
        let routes = resolved
            .and_then(|c| index_in(&self.topo.vpc_peering_connections, c))
            .map_or(&[][..], |at| self.routes_of_peering.get(at));
        let side_vpc = if side == 0 {
            &pcx.requester.vpc
        } else {
            &pcx.accepter.vpc
        };
        routes
            .iter()
            .filter_map(move |&at| self.peering_routes.get(at as usize))
            .filter(move |route| match same_copy {
                true => route.near_is.get(side).copied().unwrap_or(false),
                false => &route.table.vpc == side_vpc,
            })
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
        match self.side_vpc(side) {
            Some(vpc) => &vpc.cidrs,
            None => &side.cidrs,
        }
    }

    /// A block of the same size as `like` inside 10.0.0.0/8 that overlaps nothing the document
    /// uses: the "e.g. 10.7.0.0/16" of overlap hints.
    pub fn free_block_like(&self, like: &Cidr4) -> Option<Ipv4Net> {
        let used = self.used_v4.get_or_init(|| plan::used_ranges(self.topo));
        plan::suggest_like(used, like)
    }

    pub fn side_ipv6_cidrs(&self, side: &'a PeeringSide) -> &'a [Cidr6] {
        match self.side_vpc(side) {
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
