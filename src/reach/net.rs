//! The lookups a trace needs, built once per topology.
//!
//! A trace asks "which route table does this subnet use", "which ACL", "which VPN connections
//! sit on this gateway" at every hop, and a matrix asks it for every pair of endpoints, so the
//! answers are indexed here once (`BTreeMap`s: nothing depends on hash order). Built in one pass
//! over each list; first copy of an id wins, as in the importers.

use super::flow::cidr_holds;
use crate::model::*;
use std::collections::BTreeMap;
use std::net::IpAddr;

type ByKey<'a, T> = BTreeMap<&'a str, T>;

pub(crate) struct Net<'a> {
    pub topo: &'a Topology,
    pub vpcs: ByKey<'a, &'a Vpc>,
    pub subnets: ByKey<'a, &'a Subnet>,
    /// Explicit subnet associations.
    table_of_subnet: ByKey<'a, &'a RouteTable>,
    main_table: ByKey<'a, &'a RouteTable>,
    /// Gateway route tables (edge associations), by gateway id.
    pub edge_table: ByKey<'a, &'a RouteTable>,
    acl_of_subnet: ByKey<'a, &'a NetworkAcl>,
    default_acl: ByKey<'a, &'a NetworkAcl>,
    pub groups: ByKey<'a, &'a SecurityGroup>,
    pub enis: ByKey<'a, &'a NetworkInterface>,
    pub instances: ByKey<'a, &'a Instance>,
    pub igws: ByKey<'a, &'a InternetGateway>,
    pub igw_of_vpc: ByKey<'a, &'a InternetGateway>,
    pub nats: ByKey<'a, &'a NatGateway>,
    pub peerings: ByKey<'a, &'a VpcPeeringConnection>,
    pub vgws: ByKey<'a, &'a VpnGateway>,
    pub vpns_by_vgw: ByKey<'a, Vec<&'a VpnConnection>>,
    pub vpns_by_cgw: ByKey<'a, Vec<&'a VpnConnection>>,
    pub vpns: ByKey<'a, &'a VpnConnection>,
    pub vifs: ByKey<'a, &'a VirtualInterface>,
    pub vifs_by_vgw: ByKey<'a, Vec<&'a VirtualInterface>>,
    pub vifs_by_dxgw: ByKey<'a, Vec<&'a VirtualInterface>>,
    pub dx_assocs_by_gateway: ByKey<'a, Vec<&'a DxGatewayAssociation>>,
    pub dx_assocs_by_dxgw: ByKey<'a, Vec<&'a DxGatewayAssociation>>,
    pub onprem: ByKey<'a, &'a OnPremNetwork>,
    pub onprem_by_cgw: ByKey<'a, Vec<&'a OnPremNetwork>>,
    pub onprem_by_vif: ByKey<'a, Vec<&'a OnPremNetwork>>,
    pub endpoints: ByKey<'a, &'a VpcEndpoint>,
    pub prefix_lists: ByKey<'a, &'a PrefixList>,
    pub tgws: ByKey<'a, &'a TransitGateway>,
    pub tgw_attachments: ByKey<'a, &'a TransitGatewayAttachment>,
    /// Attachments by the resource they attach (VPC, VPN connection, DX gateway, peer TGW).
    pub attachments_by_resource: ByKey<'a, Vec<&'a TransitGatewayAttachment>>,
    pub tgw_tables: ByKey<'a, &'a TransitGatewayRouteTable>,
    pub tgw_tables_by_tgw: ByKey<'a, Vec<&'a TransitGatewayRouteTable>>,
    /// Prefix lists that stand for an AWS service, by `com.amazonaws.<region>.<service>`: lists
    /// named for it, and lists routed to one of its gateway endpoints.
    pub service_lists: BTreeMap<String, Vec<PrefixListId>>,
    names: BTreeMap<String, String>,
}

fn index<'a, T>(items: &'a [T], key: impl Fn(&'a T) -> &'a str) -> ByKey<'a, &'a T> {
    let mut map = BTreeMap::new();
    for item in items {
        map.entry(key(item)).or_insert(item);
    }
    map
}

fn group<'a, T>(items: &'a [T], keys: impl Fn(&'a T) -> Vec<&'a str>) -> ByKey<'a, Vec<&'a T>> {
    let mut map: ByKey<'a, Vec<&'a T>> = BTreeMap::new();
    for item in items {
        for key in keys(item) {
            map.entry(key).or_default().push(item);
        }
    }
    map
}

impl<'a> Net<'a> {
    pub fn new(topo: &'a Topology) -> Net<'a> {
        let mut table_of_subnet = BTreeMap::new();
        let mut main_table = BTreeMap::new();
        let mut edge_table = BTreeMap::new();
        for table in &topo.route_tables {
            for subnet in &table.subnets {
                table_of_subnet.entry(subnet.as_str()).or_insert(table);
            }
            if table.main {
                main_table.entry(table.vpc.as_str()).or_insert(table);
            }
            for gateway in &table.gateways {
                edge_table.entry(gateway.as_str()).or_insert(table);
            }
        }
        let mut acl_of_subnet = BTreeMap::new();
        let mut default_acl = BTreeMap::new();
        for acl in &topo.network_acls {
            for subnet in &acl.subnets {
                acl_of_subnet.entry(subnet.as_str()).or_insert(acl);
            }
            if acl.is_default {
                default_acl.entry(acl.vpc.as_str()).or_insert(acl);
            }
        }
        let mut igw_of_vpc = BTreeMap::new();
        for igw in &topo.internet_gateways {
            if let Some(vpc) = &igw.vpc {
                igw_of_vpc.entry(vpc.as_str()).or_insert(igw);
            }
        }
        let mut service_lists: BTreeMap<String, Vec<PrefixListId>> = BTreeMap::new();
        for list in &topo.prefix_lists {
            if let Some(name) = &list.name {
                service_lists
                    .entry(name.clone())
                    .or_default()
                    .push(list.id.clone());
            }
        }
        let endpoints = index(&topo.vpc_endpoints, |e| e.id.as_str());
        for table in &topo.route_tables {
            for route in &table.routes {
                if let (Destination::PrefixList(id), RouteTarget::VpcEndpoint(endpoint)) =
                    (&route.destination, &route.target)
                {
                    if let Some(endpoint) = endpoints.get(endpoint.as_str()) {
                        let lists = service_lists.entry(endpoint.service.clone()).or_default();
                        if !lists.contains(id) {
                            lists.push(id.clone());
                        }
                    }
                }
            }
        }
        Net {
            topo,
            service_lists,
            vpcs: index(&topo.vpcs, |v| v.id.as_str()),
            subnets: index(&topo.subnets, |s| s.id.as_str()),
            table_of_subnet,
            main_table,
            edge_table,
            acl_of_subnet,
            default_acl,
            groups: index(&topo.security_groups, |g| g.id.as_str()),
            enis: index(&topo.network_interfaces, |e| e.id.as_str()),
            instances: index(&topo.instances, |i| i.id.as_str()),
            igws: index(&topo.internet_gateways, |g| g.id.as_str()),
            igw_of_vpc,
            nats: index(&topo.nat_gateways, |n| n.id.as_str()),
            peerings: index(&topo.vpc_peering_connections, |p| p.id.as_str()),
            vgws: index(&topo.vpn_gateways, |g| g.id.as_str()),
            vpns_by_vgw: group(&topo.vpn_connections, |c| {
                c.vpn_gateway.iter().map(|g| g.as_str()).collect()
            }),
            vpns_by_cgw: group(&topo.vpn_connections, |c| vec![c.customer_gateway.as_str()]),
            vpns: index(&topo.vpn_connections, |c| c.id.as_str()),
            vifs: index(&topo.virtual_interfaces, |v| v.id.as_str()),
            vifs_by_vgw: group(&topo.virtual_interfaces, |v| {
                v.vpn_gateway.iter().map(|g| g.as_str()).collect()
            }),
            vifs_by_dxgw: group(&topo.virtual_interfaces, |v| {
                v.dx_gateway.iter().map(|g| g.as_str()).collect()
            }),
            dx_assocs_by_gateway: group(&topo.dx_gateway_associations, |a| {
                vec![a.gateway.as_str()]
            }),
            dx_assocs_by_dxgw: group(&topo.dx_gateway_associations, |a| {
                vec![a.dx_gateway.as_str()]
            }),
            onprem: index(&topo.on_prem_networks, |o| o.id.as_str()),
            onprem_by_cgw: group(&topo.on_prem_networks, |o| {
                o.customer_gateways.iter().map(|c| c.as_str()).collect()
            }),
            onprem_by_vif: group(&topo.on_prem_networks, |o| {
                o.virtual_interfaces.iter().map(|v| v.as_str()).collect()
            }),
            endpoints,
            prefix_lists: index(&topo.prefix_lists, |p| p.id.as_str()),
            tgws: index(&topo.transit_gateways, |t| t.id.as_str()),
            tgw_attachments: index(&topo.transit_gateway_attachments, |a| a.id.as_str()),
            attachments_by_resource: group(&topo.transit_gateway_attachments, |a| {
                vec![a.resource.as_str()]
            }),
            tgw_tables: index(&topo.transit_gateway_route_tables, |t| t.id.as_str()),
            tgw_tables_by_tgw: group(&topo.transit_gateway_route_tables, |t| {
                vec![t.transit_gateway.as_str()]
            }),
            names: topo.names(),
        }
    }

    /// `name (id)` when the resource has a Name tag, else the id.
    pub fn label(&self, id: &str) -> String {
        match self.names.get(id) {
            Some(name) if name != id => format!("{name} ({id})"),
            _ => id.to_string(),
        }
    }

    /// The route table a subnet uses: its explicit association, else its VPC's main table.
    /// The flag says whether it is the main table by default.
    pub fn table_of(&self, subnet: &Subnet) -> Option<(&'a RouteTable, bool)> {
        if let Some(table) = self.table_of_subnet.get(subnet.id.as_str()) {
            return Some((table, false));
        }
        self.main_table
            .get(subnet.vpc.as_str())
            .map(|table| (*table, true))
    }

    /// The network ACL of a subnet: its association, else the VPC's default ACL, else none (the
    /// document does not model ACLs for it; AWS's default ACL allows everything).
    pub fn acl_of(&self, subnet: &Subnet) -> Option<&'a NetworkAcl> {
        self.acl_of_subnet
            .get(subnet.id.as_str())
            .or_else(|| self.default_acl.get(subnet.vpc.as_str()))
            .copied()
    }

    /// Does a prefix list hold an address?
    pub fn prefix_list_holds(&self, id: &PrefixListId, addr: IpAddr) -> bool {
        self.prefix_lists
            .get(id.as_str())
            .is_some_and(|list| list.cidrs.iter().any(|c| cidr_holds(c, addr)))
    }

    /// The first of `vifs` with an on-premises network behind it that holds `addr`.
    pub fn site_behind_vifs(
        &self,
        vifs: Option<&Vec<&'a VirtualInterface>>,
        addr: IpAddr,
    ) -> Option<(&'a VirtualInterface, &'a OnPremNetwork)> {
        vifs.into_iter().flatten().copied().find_map(|vif| {
            self.onprem_by_vif
                .get(vif.id.as_str())
                .into_iter()
                .flatten()
                .copied()
                .find(|site| site.cidrs.iter().any(|c| c.0.contains(&addr)))
                .map(|site| (vif, site))
        })
    }

    /// The on-premises network behind a customer gateway that holds `addr`.
    pub fn site_behind_cgw(&self, cgw: &str, addr: IpAddr) -> Option<&'a OnPremNetwork> {
        self.onprem_by_cgw
            .get(cgw)
            .into_iter()
            .flatten()
            .copied()
            .find(|site| site.cidrs.iter().any(|c| c.0.contains(&addr)))
    }

    /// The transit gateway attachment of a resource on one transit gateway.
    pub fn attachment(&self, tgw: &str, resource: &str) -> Option<&'a TransitGatewayAttachment> {
        self.attachments_by_resource
            .get(resource)?
            .iter()
            .copied()
            .find(|att| att.transit_gateway.as_str() == tgw)
    }
}

/// Does a VPC's address space hold `addr` (associated IPv4 and IPv6 blocks)?
pub(crate) fn vpc_holds(vpc: &Vpc, addr: IpAddr) -> bool {
    vpc.cidrs.iter().any(|c| super::flow::cidr4_holds(c, addr))
        || vpc
            .ipv6_cidrs
            .iter()
            .any(|c| super::flow::cidr6_holds(c, addr))
}
