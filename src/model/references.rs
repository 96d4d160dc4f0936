//! Reference checks: every id a resource names must be declared in the document.
//!
//! Native documents are refused when a reference dangles (a typo in a hand-written file must not
//! silently draw a broken diagram). AWS snapshots routinely name resources outside the export (a
//! peer account's VPC, an instance in another file), so the AWS importer reports the same
//! problems as notes instead. Peering sides are not checked: the peer VPC may live in an account
//! the document does not cover, which is why a side carries its own region and CIDRs.

use super::*;
use crate::idmap::IdMap;

/// A set of ids, only ever asked "is this id declared": hashed, so no order to leak.
type IdSet<'a> = IdMap<'a, ()>;

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

/// One list of the document whose resources have ids.
struct Declared<'a> {
    /// The list's name in the native format, as in `$.subnets[3].id`.
    list: &'static str,
    /// The kind a reference to one of them names, for lists a reference can name.
    kind: Option<ExternalKind>,
    /// Whether the ids take part in the duplicate check.
    unique: bool,
    ids: Vec<&'a str>,
}

/// Every list with ids, in the duplicate check's order. One table for both checks, so each
/// resource type's ids are gathered once, by one small loop per type.
fn declared(topo: &Topology) -> Vec<Declared<'_>> {
    fn list<'a, T>(
        list: &'static str,
        kind: Option<ExternalKind>,
        items: &'a [T],
        id: fn(&'a T) -> &'a str,
    ) -> Declared<'a> {
        Declared {
            list,
            kind,
            unique: true,
            ids: items.iter().map(id).collect(),
        }
    }
    use ExternalKind as K;
    vec![
        list("vpcs", Some(K::Vpcs), &topo.vpcs, |r| r.id.as_str()),
        list("subnets", Some(K::Subnets), &topo.subnets, |r| {
            r.id.as_str()
        }),
        list(
            "routeTables",
            Some(K::RouteTables),
            &topo.route_tables,
            |r| r.id.as_str(),
        ),
        list(
            "internetGateways",
            Some(K::InternetGateways),
            &topo.internet_gateways,
            |r| r.id.as_str(),
        ),
        list(
            "natGateways",
            Some(K::NatGateways),
            &topo.nat_gateways,
            |r| r.id.as_str(),
        ),
        list(
            "vpcPeeringConnections",
            Some(K::VpcPeeringConnections),
            &topo.vpc_peering_connections,
            |r| r.id.as_str(),
        ),
        list(
            "vpnGateways",
            Some(K::VpnGateways),
            &topo.vpn_gateways,
            |r| r.id.as_str(),
        ),
        list(
            "customerGateways",
            Some(K::CustomerGateways),
            &topo.customer_gateways,
            |r| r.id.as_str(),
        ),
        list("vpnConnections", None, &topo.vpn_connections, |r| {
            r.id.as_str()
        }),
        list(
            "dxConnections",
            Some(K::DxConnections),
            &topo.dx_connections,
            |r| r.id.as_str(),
        ),
        list(
            "virtualInterfaces",
            Some(K::VirtualInterfaces),
            &topo.virtual_interfaces,
            |r| r.id.as_str(),
        ),
        list("dxGateways", Some(K::DxGateways), &topo.dx_gateways, |r| {
            r.id.as_str()
        }),
        list(
            "vpcEndpoints",
            Some(K::VpcEndpoints),
            &topo.vpc_endpoints,
            |r| r.id.as_str(),
        ),
        list(
            "securityGroups",
            Some(K::SecurityGroups),
            &topo.security_groups,
            |r| r.id.as_str(),
        ),
        list("networkAcls", None, &topo.network_acls, |r| r.id.as_str()),
        list(
            "transitGateways",
            Some(K::TransitGateways),
            &topo.transit_gateways,
            |r| r.id.as_str(),
        ),
        list("instances", Some(K::Instances), &topo.instances, |r| {
            r.id.as_str()
        }),
        list(
            "networkInterfaces",
            Some(K::NetworkInterfaces),
            &topo.network_interfaces,
            |r| r.id.as_str(),
        ),
        list("onPremNetworks", None, &topo.on_prem_networks, |r| {
            r.id.as_str()
        }),
        // Referenced by TGW attachments, but never part of the duplicate check.
        Declared {
            unique: false,
            ..list(
                "transitGatewayRouteTables",
                Some(K::TransitGatewayRouteTables),
                &topo.transit_gateway_route_tables,
                |r| r.id.as_str(),
            )
        },
    ]
}

/// The declared ids of each kind a reference can name, plus the document's external ones: a
/// list searched by kind (17 of them), which needs no map type of its own.
struct Ids<'a>(Vec<(ExternalKind, IdSet<'a>)>);

impl<'a> Ids<'a> {
    fn of(topo: &'a Topology, declared: &[Declared<'a>]) -> Self {
        let mut map: Vec<(ExternalKind, IdSet<'a>)> = declared
            .iter()
            .filter_map(|list| {
                let ids = list.ids.iter().map(|id| (*id, ())).collect();
                list.kind.map(|kind| (kind, ids))
            })
            .collect();
        for external in &topo.external {
            if let Some((_, ids)) = map.iter_mut().find(|(kind, _)| *kind == external.kind) {
                ids.insert(external.id.as_str(), ());
            }
        }
        Ids(map)
    }

    fn knows(&self, kind: ExternalKind, id: &str) -> bool {
        self.0
            .iter()
            .any(|(listed, ids)| *listed == kind && ids.contains_key(id))
    }
}

/// Report `id` (named by `owner` at `path`) unless a `kind` resource has it. The path is
/// `fmt::Arguments`, written out only for a problem, rather than a closure: a generic closure
/// parameter compiled one copy of this function per call site, about forty.
fn need(
    out: &mut Vec<Problem>,
    path: std::fmt::Arguments<'_>,
    owner: &str,
    id: &str,
    ids: &Ids,
    kind: ExternalKind,
) {
    if !ids.knows(kind, id) {
        out.push(dangling(
            path.to_string(),
            format!("{owner} refers to {id}"),
            id,
            kind,
        ));
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
    let declared = declared(topo);
    let ids = Ids::of(topo, &declared);
    let mut out = Vec::new();
    duplicates(&declared, &mut out);
    for (i, subnet) in topo.subnets.iter().enumerate() {
        need(
            &mut out,
            format_args!("$.subnets[{i}].vpc"),
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
            format_args!("$.routeTables[{i}].vpc"),
            owner,
            table.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
        for (j, subnet) in table.subnets.iter().enumerate() {
            need(
                &mut out,
                format_args!("$.routeTables[{i}].subnets[{j}]"),
                owner,
                subnet.as_str(),
                &ids,
                ExternalKind::Subnets,
            );
        }
        for (j, vgw) in table.propagating_vgws.iter().enumerate() {
            need(
                &mut out,
                format_args!("$.routeTables[{i}].propagatingVgws[{j}]"),
                owner,
                vgw.as_str(),
                &ids,
                ExternalKind::VpnGateways,
            );
        }
        for (j, route) in table.routes.iter().enumerate() {
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
                    format!("$.routeTables[{i}].routes[{j}].target"),
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
                format_args!("$.internetGateways[{i}].vpc"),
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
            format_args!("$.natGateways[{i}].vpc"),
            nat.id.as_str(),
            nat.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
        need(
            &mut out,
            format_args!("$.natGateways[{i}].subnet"),
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
                format_args!("$.vpnGateways[{i}].attachments[{j}].vpc"),
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
            format_args!("$.vpnConnections[{i}].customerGateway"),
            owner,
            vpn.customer_gateway.as_str(),
            &ids,
            ExternalKind::CustomerGateways,
        );
        if let Some(vgw) = &vpn.vpn_gateway {
            need(
                &mut out,
                format_args!("$.vpnConnections[{i}].vpnGateway"),
                owner,
                vgw.as_str(),
                &ids,
                ExternalKind::VpnGateways,
            );
        }
        if let Some(tgw) = &vpn.transit_gateway {
            need(
                &mut out,
                format_args!("$.vpnConnections[{i}].transitGateway"),
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
                format_args!("$.virtualInterfaces[{i}].connection"),
                owner,
                connection.as_str(),
                &ids,
                ExternalKind::DxConnections,
            );
        }
        if let Some(vgw) = &vif.vpn_gateway {
            need(
                &mut out,
                format_args!("$.virtualInterfaces[{i}].vpnGateway"),
                owner,
                vgw.as_str(),
                &ids,
                ExternalKind::VpnGateways,
            );
        }
        if let Some(dxgw) = &vif.dx_gateway {
            need(
                &mut out,
                format_args!("$.virtualInterfaces[{i}].dxGateway"),
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
            format_args!("$.dxGatewayAssociations[{i}].dxGateway"),
            owner,
            assoc.dx_gateway.as_str(),
            &ids,
            ExternalKind::DxGateways,
        );
        if assoc.gateway.starts_with("vgw-") {
            need(
                &mut out,
                format_args!("$.dxGatewayAssociations[{i}].gateway"),
                owner,
                &assoc.gateway,
                &ids,
                ExternalKind::VpnGateways,
            );
        } else if assoc.gateway.starts_with("tgw-") {
            need(
                &mut out,
                format_args!("$.dxGatewayAssociations[{i}].gateway"),
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
            format_args!("$.vpcEndpoints[{i}].vpc"),
            owner,
            endpoint.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
        for (j, table) in endpoint.route_tables.iter().enumerate() {
            need(
                &mut out,
                format_args!("$.vpcEndpoints[{i}].routeTables[{j}]"),
                owner,
                table.as_str(),
                &ids,
                ExternalKind::RouteTables,
            );
        }
        for (j, subnet) in endpoint.subnets.iter().enumerate() {
            need(
                &mut out,
                format_args!("$.vpcEndpoints[{i}].subnets[{j}]"),
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
            format_args!("$.securityGroups[{i}].vpc"),
            group.id.as_str(),
            group.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
    }
    for (i, acl) in topo.network_acls.iter().enumerate() {
        need(
            &mut out,
            format_args!("$.networkAcls[{i}].vpc"),
            acl.id.as_str(),
            acl.vpc.as_str(),
            &ids,
            ExternalKind::Vpcs,
        );
        for (j, subnet) in acl.subnets.iter().enumerate() {
            need(
                &mut out,
                format_args!("$.networkAcls[{i}].subnets[{j}]"),
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
            format_args!("$.transitGatewayAttachments[{i}].transitGateway"),
            owner,
            attachment.transit_gateway.as_str(),
            &ids,
            ExternalKind::TransitGateways,
        );
        if let Some(table) = &attachment.route_table {
            need(
                &mut out,
                format_args!("$.transitGatewayAttachments[{i}].routeTable"),
                owner,
                table.as_str(),
                &ids,
                ExternalKind::TransitGatewayRouteTables,
            );
        }
        for (j, subnet) in attachment.subnets.iter().enumerate() {
            need(
                &mut out,
                format_args!("$.transitGatewayAttachments[{i}].subnets[{j}]"),
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
            format_args!("$.transitGatewayRouteTables[{i}].transitGateway"),
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
            format_args!("$.instances[{i}].subnet"),
            owner,
            instance.subnet.as_str(),
            &ids,
            ExternalKind::Subnets,
        );
        for (j, group) in instance.security_groups.iter().enumerate() {
            need(
                &mut out,
                format_args!("$.instances[{i}].securityGroups[{j}]"),
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
            format_args!("$.networkInterfaces[{i}].subnet"),
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
                format_args!("$.onPremNetworks[{i}].customerGateways[{j}]"),
                site.id.as_str(),
                cgw.as_str(),
                &ids,
                ExternalKind::CustomerGateways,
            );
        }
        for (j, vif) in site.virtual_interfaces.iter().enumerate() {
            need(
                &mut out,
                format_args!("$.onPremNetworks[{i}].virtualInterfaces[{j}]"),
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
    duplicates(&declared(topo), &mut out);
    out
}

/// Ids must be unique across the whole document: findings, layout nodes and DOM ids key on them.
fn duplicates<'a>(declared: &[Declared<'a>], out: &mut Vec<Problem>) {
    let mut seen: IdSet<'a> = IdMap::new();
    for Declared { list, ids, .. } in declared.iter().filter(|list| list.unique) {
        for (i, id) in ids.iter().enumerate() {
            if seen.insert(id, ()).is_some() {
                out.push(Problem {
                    path: format!("$.{list}[{i}].id"),
                    message: format!("the id {id} is used twice (expected every id to be unique)"),
                    dangling: None,
                });
            }
        }
    }
}
