//! Reference checks: every id a resource names must be declared in the document.
//!
//! Native documents are refused when a reference dangles (a typo in a hand-written file must not
//! silently draw a broken diagram). AWS snapshots routinely name resources outside the export (a
//! peer account's VPC, an instance in another file), so the AWS importer reports the same
//! problems as notes instead. Peering sides are not checked: the peer VPC may live in an account
//! the document does not cover, which is why a side carries its own region and CIDRs.

use super::*;
use crate::idmap::IdMap;

/// A set of ids: only ever asked "is this id declared", so a hash set (no iteration) will do.
type IdSet<'a> = IdMap<'a, ()>;

/// One dangling reference or duplicate id, located by JSON path in the native form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

struct Ids<'a> {
    vpcs: IdSet<'a>,
    subnets: IdSet<'a>,
    route_tables: IdSet<'a>,
    igws: IdSet<'a>,
    nats: IdSet<'a>,
    peerings: IdSet<'a>,
    vgws: IdSet<'a>,
    cgws: IdSet<'a>,
    dx_connections: IdSet<'a>,
    vifs: IdSet<'a>,
    dx_gateways: IdSet<'a>,
    endpoints: IdSet<'a>,
    groups: IdSet<'a>,
    tgws: IdSet<'a>,
    tgw_route_tables: IdSet<'a>,
    instances: IdSet<'a>,
    enis: IdSet<'a>,
}

fn set<'a, T: 'a>(items: &'a [T], id: impl Fn(&'a T) -> &'a str) -> IdSet<'a> {
    items.iter().map(|item| (id(item), ())).collect()
}

fn need(
    out: &mut Vec<Problem>,
    path: impl FnOnce() -> String,
    owner: &str,
    id: &str,
    known: &IdSet<'_>,
    list: &str,
) {
    if !known.contains_key(id) {
        out.push(Problem {
            path: path(),
            message: format!(
                "{owner} refers to {id}, which the document does not declare (expected an id from {list})"
            ),
        });
    }
}

/// All reference problems, in document order.
pub fn check(topo: &Topology) -> Vec<Problem> {
    let ids = Ids {
        vpcs: set(&topo.vpcs, |r| r.id.as_str()),
        subnets: set(&topo.subnets, |r| r.id.as_str()),
        route_tables: set(&topo.route_tables, |r| r.id.as_str()),
        igws: set(&topo.internet_gateways, |r| r.id.as_str()),
        nats: set(&topo.nat_gateways, |r| r.id.as_str()),
        peerings: set(&topo.vpc_peering_connections, |r| r.id.as_str()),
        vgws: set(&topo.vpn_gateways, |r| r.id.as_str()),
        cgws: set(&topo.customer_gateways, |r| r.id.as_str()),
        dx_connections: set(&topo.dx_connections, |r| r.id.as_str()),
        vifs: set(&topo.virtual_interfaces, |r| r.id.as_str()),
        dx_gateways: set(&topo.dx_gateways, |r| r.id.as_str()),
        endpoints: set(&topo.vpc_endpoints, |r| r.id.as_str()),
        groups: set(&topo.security_groups, |r| r.id.as_str()),
        tgws: set(&topo.transit_gateways, |r| r.id.as_str()),
        tgw_route_tables: set(&topo.transit_gateway_route_tables, |r| r.id.as_str()),
        instances: set(&topo.instances, |r| r.id.as_str()),
        enis: set(&topo.network_interfaces, |r| r.id.as_str()),
    };
    let mut out = Vec::new();
    duplicates(topo, &mut out);
    for (i, subnet) in topo.subnets.iter().enumerate() {
        need(
            &mut out,
            || format!("$.subnets[{i}].vpc"),
            subnet.id.as_str(),
            subnet.vpc.as_str(),
            &ids.vpcs,
            "vpcs",
        );
    }
    for (i, table) in topo.route_tables.iter().enumerate() {
        let owner = table.id.as_str();
        need(
            &mut out,
            || format!("$.routeTables[{i}].vpc"),
            owner,
            table.vpc.as_str(),
            &ids.vpcs,
            "vpcs",
        );
        for (j, subnet) in table.subnets.iter().enumerate() {
            need(
                &mut out,
                || format!("$.routeTables[{i}].subnets[{j}]"),
                owner,
                subnet.as_str(),
                &ids.subnets,
                "subnets",
            );
        }
        for (j, vgw) in table.propagating_vgws.iter().enumerate() {
            need(
                &mut out,
                || format!("$.routeTables[{i}].propagatingVgws[{j}]"),
                owner,
                vgw.as_str(),
                &ids.vgws,
                "vpnGateways",
            );
        }
        for (j, route) in table.routes.iter().enumerate() {
            let (known, list) = match &route.target {
                RouteTarget::InternetGateway(_) => (&ids.igws, "internetGateways"),
                RouteTarget::NatGateway(_) => (&ids.nats, "natGateways"),
                RouteTarget::VpcPeering(_) => (&ids.peerings, "vpcPeeringConnections"),
                RouteTarget::VpnGateway(_) => (&ids.vgws, "vpnGateways"),
                RouteTarget::TransitGateway(_) => (&ids.tgws, "transitGateways"),
                RouteTarget::VpcEndpoint(_) => (&ids.endpoints, "vpcEndpoints"),
                RouteTarget::NetworkInterface(_) => (&ids.enis, "networkInterfaces"),
                RouteTarget::Instance(_) => (&ids.instances, "instances"),
                RouteTarget::Local
                | RouteTarget::EgressOnlyInternetGateway(_)
                | RouteTarget::Other(_) => continue,
            };
            if !known.contains_key(route.target.id()) {
                out.push(Problem {
                    path: format!("$.routeTables[{i}].routes[{j}].target"),
                    message: format!(
                        "{owner} routes to {}, which the document does not declare (expected an id from {list})",
                        route.target
                    ),
                });
            }
        }
    }
    for (i, igw) in topo.internet_gateways.iter().enumerate() {
        if let Some(vpc) = &igw.vpc {
            need(
                &mut out,
                || format!("$.internetGateways[{i}].vpc"),
                igw.id.as_str(),
                vpc.as_str(),
                &ids.vpcs,
                "vpcs",
            );
        }
    }
    for (i, nat) in topo.nat_gateways.iter().enumerate() {
        need(
            &mut out,
            || format!("$.natGateways[{i}].vpc"),
            nat.id.as_str(),
            nat.vpc.as_str(),
            &ids.vpcs,
            "vpcs",
        );
        need(
            &mut out,
            || format!("$.natGateways[{i}].subnet"),
            nat.id.as_str(),
            nat.subnet.as_str(),
            &ids.subnets,
            "subnets",
        );
    }
    for (i, vgw) in topo.vpn_gateways.iter().enumerate() {
        for (j, attachment) in vgw.attachments.iter().enumerate() {
            need(
                &mut out,
                || format!("$.vpnGateways[{i}].attachments[{j}].vpc"),
                vgw.id.as_str(),
                attachment.vpc.as_str(),
                &ids.vpcs,
                "vpcs",
            );
        }
    }
    for (i, vpn) in topo.vpn_connections.iter().enumerate() {
        let owner = vpn.id.as_str();
        need(
            &mut out,
            || format!("$.vpnConnections[{i}].customerGateway"),
            owner,
            vpn.customer_gateway.as_str(),
            &ids.cgws,
            "customerGateways",
        );
        if let Some(vgw) = &vpn.vpn_gateway {
            need(
                &mut out,
                || format!("$.vpnConnections[{i}].vpnGateway"),
                owner,
                vgw.as_str(),
                &ids.vgws,
                "vpnGateways",
            );
        }
        if let Some(tgw) = &vpn.transit_gateway {
            need(
                &mut out,
                || format!("$.vpnConnections[{i}].transitGateway"),
                owner,
                tgw.as_str(),
                &ids.tgws,
                "transitGateways",
            );
        }
    }
    for (i, vif) in topo.virtual_interfaces.iter().enumerate() {
        let owner = vif.id.as_str();
        if let Some(connection) = &vif.connection {
            need(
                &mut out,
                || format!("$.virtualInterfaces[{i}].connection"),
                owner,
                connection.as_str(),
                &ids.dx_connections,
                "dxConnections",
            );
        }
        if let Some(vgw) = &vif.vpn_gateway {
            need(
                &mut out,
                || format!("$.virtualInterfaces[{i}].vpnGateway"),
                owner,
                vgw.as_str(),
                &ids.vgws,
                "vpnGateways",
            );
        }
        if let Some(dxgw) = &vif.dx_gateway {
            need(
                &mut out,
                || format!("$.virtualInterfaces[{i}].dxGateway"),
                owner,
                dxgw.as_str(),
                &ids.dx_gateways,
                "dxGateways",
            );
        }
    }
    for (i, assoc) in topo.dx_gateway_associations.iter().enumerate() {
        let owner = assoc.id.as_str();
        need(
            &mut out,
            || format!("$.dxGatewayAssociations[{i}].dxGateway"),
            owner,
            assoc.dx_gateway.as_str(),
            &ids.dx_gateways,
            "dxGateways",
        );
        if assoc.gateway.starts_with("vgw-") {
            need(
                &mut out,
                || format!("$.dxGatewayAssociations[{i}].gateway"),
                owner,
                &assoc.gateway,
                &ids.vgws,
                "vpnGateways",
            );
        } else if assoc.gateway.starts_with("tgw-") {
            need(
                &mut out,
                || format!("$.dxGatewayAssociations[{i}].gateway"),
                owner,
                &assoc.gateway,
                &ids.tgws,
                "transitGateways",
            );
        }
    }
    for (i, endpoint) in topo.vpc_endpoints.iter().enumerate() {
        let owner = endpoint.id.as_str();
        need(
            &mut out,
            || format!("$.vpcEndpoints[{i}].vpc"),
            owner,
            endpoint.vpc.as_str(),
            &ids.vpcs,
            "vpcs",
        );
        for (j, table) in endpoint.route_tables.iter().enumerate() {
            need(
                &mut out,
                || format!("$.vpcEndpoints[{i}].routeTables[{j}]"),
                owner,
                table.as_str(),
                &ids.route_tables,
                "routeTables",
            );
        }
        for (j, subnet) in endpoint.subnets.iter().enumerate() {
            need(
                &mut out,
                || format!("$.vpcEndpoints[{i}].subnets[{j}]"),
                owner,
                subnet.as_str(),
                &ids.subnets,
                "subnets",
            );
        }
    }
    for (i, group) in topo.security_groups.iter().enumerate() {
        need(
            &mut out,
            || format!("$.securityGroups[{i}].vpc"),
            group.id.as_str(),
            group.vpc.as_str(),
            &ids.vpcs,
            "vpcs",
        );
    }
    for (i, acl) in topo.network_acls.iter().enumerate() {
        need(
            &mut out,
            || format!("$.networkAcls[{i}].vpc"),
            acl.id.as_str(),
            acl.vpc.as_str(),
            &ids.vpcs,
            "vpcs",
        );
        for (j, subnet) in acl.subnets.iter().enumerate() {
            need(
                &mut out,
                || format!("$.networkAcls[{i}].subnets[{j}]"),
                acl.id.as_str(),
                subnet.as_str(),
                &ids.subnets,
                "subnets",
            );
        }
    }
    for (i, attachment) in topo.transit_gateway_attachments.iter().enumerate() {
        let owner = attachment.id.as_str();
        need(
            &mut out,
            || format!("$.transitGatewayAttachments[{i}].transitGateway"),
            owner,
            attachment.transit_gateway.as_str(),
            &ids.tgws,
            "transitGateways",
        );
        if let Some(table) = &attachment.route_table {
            need(
                &mut out,
                || format!("$.transitGatewayAttachments[{i}].routeTable"),
                owner,
                table.as_str(),
                &ids.tgw_route_tables,
                "transitGatewayRouteTables",
            );
        }
        for (j, subnet) in attachment.subnets.iter().enumerate() {
            need(
                &mut out,
                || format!("$.transitGatewayAttachments[{i}].subnets[{j}]"),
                owner,
                subnet.as_str(),
                &ids.subnets,
                "subnets",
            );
        }
    }
    for (i, table) in topo.transit_gateway_route_tables.iter().enumerate() {
        need(
            &mut out,
            || format!("$.transitGatewayRouteTables[{i}].transitGateway"),
            table.id.as_str(),
            table.transit_gateway.as_str(),
            &ids.tgws,
            "transitGateways",
        );
    }
    for (i, instance) in topo.instances.iter().enumerate() {
        let owner = instance.id.as_str();
        need(
            &mut out,
            || format!("$.instances[{i}].subnet"),
            owner,
            instance.subnet.as_str(),
            &ids.subnets,
            "subnets",
        );
        for (j, group) in instance.security_groups.iter().enumerate() {
            need(
                &mut out,
                || format!("$.instances[{i}].securityGroups[{j}]"),
                owner,
                group.as_str(),
                &ids.groups,
                "securityGroups",
            );
        }
    }
    for (i, eni) in topo.network_interfaces.iter().enumerate() {
        need(
            &mut out,
            || format!("$.networkInterfaces[{i}].subnet"),
            eni.id.as_str(),
            eni.subnet.as_str(),
            &ids.subnets,
            "subnets",
        );
    }
    for (i, site) in topo.on_prem_networks.iter().enumerate() {
        for (j, cgw) in site.customer_gateways.iter().enumerate() {
            need(
                &mut out,
                || format!("$.onPremNetworks[{i}].customerGateways[{j}]"),
                site.id.as_str(),
                cgw.as_str(),
                &ids.cgws,
                "customerGateways",
            );
        }
        for (j, vif) in site.virtual_interfaces.iter().enumerate() {
            need(
                &mut out,
                || format!("$.onPremNetworks[{i}].virtualInterfaces[{j}]"),
                site.id.as_str(),
                vif.as_str(),
                &ids.vifs,
                "virtualInterfaces",
            );
        }
    }
    out
}

/// The ids used by two resources (of any kinds), as [`check`] reports them. Importers of other
/// formats keep the first copy of a repeated resource, so what is left here is two different
/// resources sharing an id, which no later stage can tell apart.
pub fn duplicate_ids(topo: &Topology) -> Vec<Problem> {
    let mut out = Vec::new();
    duplicates(topo, &mut out);
    out
}

/// Ids must be unique across the whole document: findings, layout nodes and DOM ids key on them.
fn duplicates<'a>(topo: &'a Topology, out: &mut Vec<Problem>) {
    let mut seen: IdSet<'a> = IdMap::new();
    let mut visit = |list: &str, ids: Vec<&'a str>| {
        for (i, id) in ids.into_iter().enumerate() {
            if seen.insert(id, ()).is_some() {
                out.push(Problem {
                    path: format!("$.{list}[{i}].id"),
                    message: format!("the id {id} is used twice (expected every id to be unique)"),
                });
            }
        }
    };
    visit("vpcs", topo.vpcs.iter().map(|r| r.id.as_str()).collect());
    visit(
        "subnets",
        topo.subnets.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "routeTables",
        topo.route_tables.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "internetGateways",
        topo.internet_gateways
            .iter()
            .map(|r| r.id.as_str())
            .collect(),
    );
    visit(
        "natGateways",
        topo.nat_gateways.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "vpcPeeringConnections",
        topo.vpc_peering_connections
            .iter()
            .map(|r| r.id.as_str())
            .collect(),
    );
    visit(
        "vpnGateways",
        topo.vpn_gateways.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "customerGateways",
        topo.customer_gateways
            .iter()
            .map(|r| r.id.as_str())
            .collect(),
    );
    visit(
        "vpnConnections",
        topo.vpn_connections.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "dxConnections",
        topo.dx_connections.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "virtualInterfaces",
        topo.virtual_interfaces
            .iter()
            .map(|r| r.id.as_str())
            .collect(),
    );
    visit(
        "dxGateways",
        topo.dx_gateways.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "vpcEndpoints",
        topo.vpc_endpoints.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "securityGroups",
        topo.security_groups.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "networkAcls",
        topo.network_acls.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "transitGateways",
        topo.transit_gateways
            .iter()
            .map(|r| r.id.as_str())
            .collect(),
    );
    visit(
        "instances",
        topo.instances.iter().map(|r| r.id.as_str()).collect(),
    );
    visit(
        "networkInterfaces",
        topo.network_interfaces
            .iter()
            .map(|r| r.id.as_str())
            .collect(),
    );
    visit(
        "onPremNetworks",
        topo.on_prem_networks
            .iter()
            .map(|r| r.id.as_str())
            .collect(),
    );
}
