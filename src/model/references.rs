//! Reference checks: every id a resource names must be declared in the document.
//!
//! Native documents are refused when a reference dangles (a typo in a hand-written file must not
//! silently draw a broken diagram). AWS snapshots routinely name resources outside the export (a
//! peer account's VPC, an instance in another file), so the AWS importer reports the same
//! problems as notes instead. Peering sides are not checked: the peer VPC may live in an account
//! the document does not cover, which is why a side carries its own region and CIDRs.

use super::*;
use std::collections::{BTreeMap, BTreeSet};

/// One dangling reference or duplicate id, located by JSON path in the native form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
    /// What a dangling reference is, for importers that accept it (see [`Dangling`]).
    pub dangling: Option<Dangling>,
}

/// A reference to an id the document does not declare.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dangling {
    /// The reference in words: `rtb-1 routes to pcx-2`.
    pub what: String,
    /// The id and the list it was expected in: what an importer records in
    /// [`Topology::external`], so that the converted document keeps the reference.
    pub external: ExternalRef,
}

/// The declared ids of each kind a reference can name, plus the document's external ones.
struct Ids<'a>(BTreeMap<ExternalKind, BTreeSet<&'a str>>);

impl<'a> Ids<'a> {
    fn of(topo: &'a Topology) -> Self {
        fn ids<'a, T: 'a>(items: &'a [T], id: impl Fn(&'a T) -> &'a str) -> BTreeSet<&'a str> {
            items.iter().map(id).collect()
        }
        use ExternalKind as K;
        let mut map = BTreeMap::from([
            (K::Vpcs, ids(&topo.vpcs, |r| r.id.as_str())),
            (K::Subnets, ids(&topo.subnets, |r| r.id.as_str())),
            (K::RouteTables, ids(&topo.route_tables, |r| r.id.as_str())),
            (
                K::InternetGateways,
                ids(&topo.internet_gateways, |r| r.id.as_str()),
            ),
            (K::NatGateways, ids(&topo.nat_gateways, |r| r.id.as_str())),
            (
                K::VpcPeeringConnections,
                ids(&topo.vpc_peering_connections, |r| r.id.as_str()),
            ),
            (K::VpnGateways, ids(&topo.vpn_gateways, |r| r.id.as_str())),
            (
                K::CustomerGateways,
                ids(&topo.customer_gateways, |r| r.id.as_str()),
            ),
            (
                K::DxConnections,
                ids(&topo.dx_connections, |r| r.id.as_str()),
            ),
            (
                K::VirtualInterfaces,
                ids(&topo.virtual_interfaces, |r| r.id.as_str()),
            ),
            (K::DxGateways, ids(&topo.dx_gateways, |r| r.id.as_str())),
            (K::VpcEndpoints, ids(&topo.vpc_endpoints, |r| r.id.as_str())),
            (
                K::SecurityGroups,
                ids(&topo.security_groups, |r| r.id.as_str()),
            ),
            (
                K::TransitGateways,
                ids(&topo.transit_gateways, |r| r.id.as_str()),
            ),
            (
                K::TransitGatewayRouteTables,
                ids(&topo.transit_gateway_route_tables, |r| r.id.as_str()),
            ),
            (K::Instances, ids(&topo.instances, |r| r.id.as_str())),
            (
                K::NetworkInterfaces,
                ids(&topo.network_interfaces, |r| r.id.as_str()),
            ),
        ]);
        for external in &topo.external {
            map.entry(external.kind)
                .or_default()
                .insert(external.id.as_str());
        }
        Ids(map)
    }

    fn knows(&self, kind: ExternalKind, id: &str) -> bool {
        self.0.get(&kind).is_some_and(|ids| ids.contains(id))
    }
}

fn need(
    out: &mut Vec<Problem>,
    path: String,
    owner: &str,
    id: &str,
    ids: &Ids,
    kind: ExternalKind,
) {
    if !ids.knows(kind, id) {
        out.push(dangling(path, format!("{owner} refers to {id}"), id, kind));
    }
}

fn dangling(path: String, what: String, id: &str, kind: ExternalKind) -> Problem {
    let list = kind.list();
    Problem {
        path,
        message: format!(
            "{what}, which the document does not declare (expected an id from {list}, or {{\"id\": \"{id}\", \"kind\": \"{list}\"}} in \"external\" if it exists outside the document)"
        ),
        dangling: Some(Dangling {
            what,
            external: ExternalRef {
                id: id.to_string(),
                kind,
            },
        }),
    }
}

/// All reference problems, in document order.
pub fn check(topo: &Topology) -> Vec<Problem> {
    let ids = Ids::of(topo);
    let mut out = Vec::new();
    duplicates(topo, &mut out);
    for (i, subnet) in topo.subnets.iter().enumerate() {
        need(
            &mut out,
            format!("$.subnets[{i}].vpc"),
            subnet.id.as_str(),
            subnet.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
    }
    for (i, table) in topo.route_tables.iter().enumerate() {
        let owner = table.id.as_str();
        need(
            &mut out,
            format!("$.routeTables[{i}].vpc"),
            owner,
            table.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
        for (j, subnet) in table.subnets.iter().enumerate() {
            need(
                &mut out,
                format!("$.routeTables[{i}].subnets[{j}]"),
                owner,
                subnet.as_str(),
                &ids,
                ExternalKind::Subnets,
            );
        }
        for (j, vgw) in table.propagating_vgws.iter().enumerate() {
            need(
                &mut out,
                format!("$.routeTables[{i}].propagatingVgws[{j}]"),
                owner,
                vgw.as_str(),
                &ids,
                ExternalKind::VpnGateways,
            );
        }
        for (j, route) in table.routes.iter().enumerate() {
            let path = format!("$.routeTables[{i}].routes[{j}].target");
            let kind = match &route.target {
                RouteTarget::InternetGateway(_) => ExternalKind::InternetGateways,
                RouteTarget::NatGateway(_) => ExternalKind::NatGateways,
                RouteTarget::VpcPeering(_) => ExternalKind::VpcPeeringConnections,
                RouteTarget::VpnGateway(_) => ExternalKind::VpnGateways,
                RouteTarget::TransitGateway(_) => ExternalKind::TransitGateways,
                RouteTarget::VpcEndpoint(_) => ExternalKind::VpcEndpoints,
                RouteTarget::NetworkInterface(_) => ExternalKind::NetworkInterfaces,
                RouteTarget::Instance(_) => ExternalKind::Instances,
                RouteTarget::Local
                | RouteTarget::EgressOnlyInternetGateway(_)
                | RouteTarget::Other(_) => continue,
            };
            let id = route.target.id();
            if !ids.knows(kind, id) {
                out.push(dangling(
                    path,
                    format!("{owner} routes to {}", route.target),
                    id,
                    kind,
                ));
            }
        }
    }
    for (i, igw) in topo.internet_gateways.iter().enumerate() {
        if let Some(vpc) = &igw.vpc {
            need(
                &mut out,
                format!("$.internetGateways[{i}].vpc"),
                igw.id.as_str(),
                vpc.as_str(),
                &ids,
                ExternalKind::Vpcs,
            );
        }
    }
    for (i, nat) in topo.nat_gateways.iter().enumerate() {
        need(
            &mut out,
            format!("$.natGateways[{i}].vpc"),
            nat.id.as_str(),
            nat.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
        need(
            &mut out,
            format!("$.natGateways[{i}].subnet"),
            nat.id.as_str(),
            nat.subnet.as_str(),
            &ids,
            ExternalKind::Subnets,
        );
    }
    for (i, vgw) in topo.vpn_gateways.iter().enumerate() {
        for (j, attachment) in vgw.attachments.iter().enumerate() {
            need(
                &mut out,
                format!("$.vpnGateways[{i}].attachments[{j}].vpc"),
                vgw.id.as_str(),
                attachment.vpc.as_str(),
                &ids,
                ExternalKind::Vpcs,
            );
        }
    }
    for (i, vpn) in topo.vpn_connections.iter().enumerate() {
        let owner = vpn.id.as_str();
        need(
            &mut out,
            format!("$.vpnConnections[{i}].customerGateway"),
            owner,
            vpn.customer_gateway.as_str(),
            &ids,
            ExternalKind::CustomerGateways,
        );
        if let Some(vgw) = &vpn.vpn_gateway {
            need(
                &mut out,
                format!("$.vpnConnections[{i}].vpnGateway"),
                owner,
                vgw.as_str(),
                &ids,
                ExternalKind::VpnGateways,
            );
        }
        if let Some(tgw) = &vpn.transit_gateway {
            need(
                &mut out,
                format!("$.vpnConnections[{i}].transitGateway"),
                owner,
                tgw.as_str(),
                &ids,
                ExternalKind::TransitGateways,
            );
        }
    }
    for (i, vif) in topo.virtual_interfaces.iter().enumerate() {
        let owner = vif.id.as_str();
        if let Some(connection) = &vif.connection {
            need(
                &mut out,
                format!("$.virtualInterfaces[{i}].connection"),
                owner,
                connection.as_str(),
                &ids,
                ExternalKind::DxConnections,
            );
        }
        if let Some(vgw) = &vif.vpn_gateway {
            need(
                &mut out,
                format!("$.virtualInterfaces[{i}].vpnGateway"),
                owner,
                vgw.as_str(),
                &ids,
                ExternalKind::VpnGateways,
            );
        }
        if let Some(dxgw) = &vif.dx_gateway {
            need(
                &mut out,
                format!("$.virtualInterfaces[{i}].dxGateway"),
                owner,
                dxgw.as_str(),
                &ids,
                ExternalKind::DxGateways,
            );
        }
    }
    for (i, assoc) in topo.dx_gateway_associations.iter().enumerate() {
        let owner = assoc.id.as_str();
        need(
            &mut out,
            format!("$.dxGatewayAssociations[{i}].dxGateway"),
            owner,
            assoc.dx_gateway.as_str(),
            &ids,
            ExternalKind::DxGateways,
        );
        if assoc.gateway.starts_with("vgw-") {
            need(
                &mut out,
                format!("$.dxGatewayAssociations[{i}].gateway"),
                owner,
                &assoc.gateway,
                &ids,
                ExternalKind::VpnGateways,
            );
        } else if assoc.gateway.starts_with("tgw-") {
            need(
                &mut out,
                format!("$.dxGatewayAssociations[{i}].gateway"),
                owner,
                &assoc.gateway,
                &ids,
                ExternalKind::TransitGateways,
            );
        }
    }
    for (i, endpoint) in topo.vpc_endpoints.iter().enumerate() {
        let owner = endpoint.id.as_str();
        need(
            &mut out,
            format!("$.vpcEndpoints[{i}].vpc"),
            owner,
            endpoint.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
        for (j, table) in endpoint.route_tables.iter().enumerate() {
            need(
                &mut out,
                format!("$.vpcEndpoints[{i}].routeTables[{j}]"),
                owner,
                table.as_str(),
                &ids,
                ExternalKind::RouteTables,
            );
        }
        for (j, subnet) in endpoint.subnets.iter().enumerate() {
            need(
                &mut out,
                format!("$.vpcEndpoints[{i}].subnets[{j}]"),
                owner,
                subnet.as_str(),
                &ids,
                ExternalKind::Subnets,
            );
        }
    }
    for (i, group) in topo.security_groups.iter().enumerate() {
        need(
            &mut out,
            format!("$.securityGroups[{i}].vpc"),
            group.id.as_str(),
            group.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
    }
    for (i, acl) in topo.network_acls.iter().enumerate() {
        need(
            &mut out,
            format!("$.networkAcls[{i}].vpc"),
            acl.id.as_str(),
            acl.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
        for (j, subnet) in acl.subnets.iter().enumerate() {
            need(
                &mut out,
                format!("$.networkAcls[{i}].subnets[{j}]"),
                acl.id.as_str(),
                subnet.as_str(),
                &ids,
                ExternalKind::Subnets,
            );
        }
    }
    for (i, attachment) in topo.transit_gateway_attachments.iter().enumerate() {
        let owner = attachment.id.as_str();
        need(
            &mut out,
            format!("$.transitGatewayAttachments[{i}].transitGateway"),
            owner,
            attachment.transit_gateway.as_str(),
            &ids,
            ExternalKind::TransitGateways,
        );
        if let Some(table) = &attachment.route_table {
            need(
                &mut out,
                format!("$.transitGatewayAttachments[{i}].routeTable"),
                owner,
                table.as_str(),
                &ids,
                ExternalKind::TransitGatewayRouteTables,
            );
        }
        for (j, subnet) in attachment.subnets.iter().enumerate() {
            need(
                &mut out,
                format!("$.transitGatewayAttachments[{i}].subnets[{j}]"),
                owner,
                subnet.as_str(),
                &ids,
                ExternalKind::Subnets,
            );
        }
    }
    for (i, table) in topo.transit_gateway_route_tables.iter().enumerate() {
        need(
            &mut out,
            format!("$.transitGatewayRouteTables[{i}].transitGateway"),
            table.id.as_str(),
            table.transit_gateway.as_str(),
            &ids,
            ExternalKind::TransitGateways,
        );
    }
    for (i, instance) in topo.instances.iter().enumerate() {
        let owner = instance.id.as_str();
        need(
            &mut out,
            format!("$.instances[{i}].subnet"),
            owner,
            instance.subnet.as_str(),
            &ids,
            ExternalKind::Subnets,
        );
        for (j, group) in instance.security_groups.iter().enumerate() {
            need(
                &mut out,
                format!("$.instances[{i}].securityGroups[{j}]"),
                owner,
                group.as_str(),
                &ids,
                ExternalKind::SecurityGroups,
            );
        }
    }
    for (i, eni) in topo.network_interfaces.iter().enumerate() {
        need(
            &mut out,
            format!("$.networkInterfaces[{i}].subnet"),
            eni.id.as_str(),
            eni.subnet.as_str(),
            &ids,
            ExternalKind::Subnets,
        );
    }
    for (i, site) in topo.on_prem_networks.iter().enumerate() {
        for (j, cgw) in site.customer_gateways.iter().enumerate() {
            need(
                &mut out,
                format!("$.onPremNetworks[{i}].customerGateways[{j}]"),
                site.id.as_str(),
                cgw.as_str(),
                &ids,
                ExternalKind::CustomerGateways,
            );
        }
        for (j, vif) in site.virtual_interfaces.iter().enumerate() {
            need(
                &mut out,
                format!("$.onPremNetworks[{i}].virtualInterfaces[{j}]"),
                site.id.as_str(),
                vif.as_str(),
                &ids,
                ExternalKind::VirtualInterfaces,
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
    let mut seen: BTreeSet<&'a str> = BTreeSet::new();
    let mut visit = |list: &str, ids: Vec<&'a str>| {
        for (i, id) in ids.into_iter().enumerate() {
            if !seen.insert(id) {
                out.push(Problem {
                    path: format!("$.{list}[{i}].id"),
                    message: format!("the id {id} is used twice (expected every id to be unique)"),
                    dangling: None,
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
