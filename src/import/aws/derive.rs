//! After every file is read: joins across describe calls, and what describe output leaves out.
//!
//! - DNS attributes (describe-vpc-attribute, one call per attribute) are set on their VPCs.
//! - `TransitGatewayVpcAttachments` lend their subnets to the generic attachments;
//!   `TransitGatewayStaticRoutes` and `TransitGatewayPropagations` land in their route tables.
//! - Regions missing on region-scoped resources are filled from what they attach to
//!   (a VGW from its VPC, a VPN from its VGW or TGW, a CGW from its VPNs).
//! - On-premises networks: describe output has none, so one is derived per customer gateway that
//!   has VPN connections (`onprem-<cgw id>`, its ranges = the VPNs' static routes) and one per
//!   private or transit virtual interface (`onprem-<vif id>`, ranges unknown). Public VIFs reach
//!   AWS public endpoints, not a VPC, so they get none.
//!
//! Every join goes through a map keyed by id, so the pass is linear in the size of the snapshot.

use crate::import::Note;
use crate::model::*;
use std::collections::BTreeMap;

/// One describe-vpc-attribute result.
pub(super) struct VpcAttribute {
    pub file: String,
    pub vpc: String,
    pub dns_support: Option<bool>,
    pub dns_hostnames: Option<bool>,
}

/// Rows of the per-table transit gateway outputs, with the file they came from.
pub(super) struct TgwRows {
    pub vpc_attachments: Vec<TransitGatewayAttachment>,
    pub static_routes: Vec<(String, String, Vec<TgwRoute>)>,
    pub propagations: Vec<(String, String, Vec<TgwAttachmentId>)>,
}

pub(super) fn apply_vpc_attributes(
    topo: &mut Topology,
    attributes: Vec<VpcAttribute>,
    notes: &mut Vec<Note>,
) {
    let index: BTreeMap<String, usize> = topo
        .vpcs
        .iter()
        .enumerate()
        .map(|(idx, vpc)| (vpc.id.to_string(), idx))
        .collect();
    for attribute in attributes {
        let Some(vpc) = index
            .get(&attribute.vpc)
            .and_then(|&idx| topo.vpcs.get_mut(idx))
        else {
            notes.push(Note {
                file: attribute.file,
                message: format!(
                    "DNS attributes of {}, which no Vpcs output contains, were skipped",
                    attribute.vpc
                ),
            });
            continue;
        };
        if attribute.dns_support.is_some() {
            vpc.enable_dns_support = attribute.dns_support;
        }
        if attribute.dns_hostnames.is_some() {
            vpc.enable_dns_hostnames = attribute.dns_hostnames;
        }
    }
}

pub(super) fn merge_tgw(topo: &mut Topology, rows: TgwRows, notes: &mut Vec<Note>) {
    let mut attachment_index: BTreeMap<String, usize> = topo
        .transit_gateway_attachments
        .iter()
        .enumerate()
        .map(|(idx, a)| (a.id.to_string(), idx))
        .collect();
    for vpc_attachment in rows.vpc_attachments {
        let existing = attachment_index
            .get(vpc_attachment.id.as_str())
            .and_then(|&idx| topo.transit_gateway_attachments.get_mut(idx));
        match existing {
            Some(existing) => {
                if existing.subnets.is_empty() {
                    existing.subnets = vpc_attachment.subnets;
                }
            }
            None => {
                attachment_index.insert(
                    vpc_attachment.id.to_string(),
                    topo.transit_gateway_attachments.len(),
                );
                topo.transit_gateway_attachments.push(vpc_attachment);
            }
        }
    }
    let table_index: BTreeMap<String, usize> = topo
        .transit_gateway_route_tables
        .iter()
        .enumerate()
        .map(|(idx, t)| (t.id.to_string(), idx))
        .collect();
    let table = |file: &str, id: &str, what: &str, notes: &mut Vec<Note>| {
        let found = table_index.get(id).copied();
        if found.is_none() {
            notes.push(Note {
                file: file.to_string(),
                message: format!(
                    "{what} of {id}, which no TransitGatewayRouteTables output contains, were skipped"
                ),
            });
        }
        found
    };
    for (file, id, routes) in rows.static_routes {
        if let Some(idx) = table(&file, &id, "static routes", notes) {
            if let Some(t) = topo.transit_gateway_route_tables.get_mut(idx) {
                t.routes.extend(routes);
            }
        }
    }
    for (file, id, attachments) in rows.propagations {
        if let Some(idx) = table(&file, &id, "propagations", notes) {
            if let Some(t) = topo.transit_gateway_route_tables.get_mut(idx) {
                for attachment in attachments {
                    if !t.propagations.contains(&attachment) {
                        t.propagations.push(attachment);
                    }
                }
            }
        }
    }
}

/// Give region-scoped resources without a region the region of what they attach to.
pub(in crate::import) fn fill_regions(topo: &mut Topology) {
    let vpc_region: BTreeMap<String, String> = topo
        .vpcs
        .iter()
        .map(|vpc| (vpc.id.to_string(), vpc.region.clone()))
        .collect();
    for vgw in topo.vpn_gateways.iter_mut().filter(|g| g.region.is_none()) {
        vgw.region = vgw
            .attachments
            .iter()
            .find_map(|a| vpc_region.get(a.vpc.as_str()).cloned());
    }
    let mut gateway_region: BTreeMap<String, String> = topo
        .vpn_gateways
        .iter()
        .filter_map(|g| Some((g.id.to_string(), g.region.clone()?)))
        .collect();
    gateway_region.extend(
        topo.transit_gateways
            .iter()
            .map(|t| (t.id.to_string(), t.region.clone())),
    );
    for vpn in topo
        .vpn_connections
        .iter_mut()
        .filter(|v| v.region.is_none())
    {
        let vgw = vpn.vpn_gateway.as_ref().map(|g| g.to_string());
        let tgw = vpn.transit_gateway.as_ref().map(|g| g.to_string());
        vpn.region = [vgw, tgw]
            .into_iter()
            .flatten()
            .find_map(|id| gateway_region.get(&id).cloned());
    }
    let mut cgw_region: BTreeMap<String, String> = BTreeMap::new();
    for vpn in &topo.vpn_connections {
        if let Some(region) = &vpn.region {
            cgw_region
                .entry(vpn.customer_gateway.to_string())
                .or_insert_with(|| region.clone());
        }
    }
    for cgw in topo
        .customer_gateways
        .iter_mut()
        .filter(|c| c.region.is_none())
    {
        cgw.region = cgw_region.get(cgw.id.as_str()).cloned();
    }
}

/// Ids of region-scoped resources that still have no region (for the ambiguity notes).
pub(super) fn without_region(topo: &Topology) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    ids.extend(
        topo.internet_gateways
            .iter()
            .filter(|g| g.vpc.is_none() && g.region.is_none())
            .map(|g| g.id.to_string()),
    );
    ids.extend(
        topo.vpn_gateways
            .iter()
            .filter(|g| g.region.is_none())
            .map(|g| g.id.to_string()),
    );
    ids.extend(
        topo.customer_gateways
            .iter()
            .filter(|g| g.region.is_none())
            .map(|g| g.id.to_string()),
    );
    ids.extend(
        topo.vpn_connections
            .iter()
            .filter(|v| v.region.is_none())
            .map(|v| v.id.to_string()),
    );
    ids.extend(
        topo.prefix_lists
            .iter()
            .filter(|p| p.region.is_none())
            .map(|p| p.id.to_string()),
    );
    ids.extend(
        topo.dx_connections
            .iter()
            .filter(|c| c.region.is_none())
            .map(|c| c.id.to_string()),
    );
    ids.extend(
        topo.virtual_interfaces
            .iter()
            .filter(|v| v.region.is_none())
            .map(|v| v.id.to_string()),
    );
    ids
}

pub(in crate::import) fn on_prem_networks(topo: &mut Topology) {
    let mut vpns_of: BTreeMap<&str, Vec<&VpnConnection>> = BTreeMap::new();
    for vpn in &topo.vpn_connections {
        vpns_of
            .entry(vpn.customer_gateway.as_str())
            .or_default()
            .push(vpn);
    }
    let mut sites: Vec<OnPremNetwork> = Vec::new();
    for cgw in &topo.customer_gateways {
        let Some(vpns) = vpns_of.get(cgw.id.as_str()) else {
            continue;
        };
        let mut cidrs: Vec<Cidr> = Vec::new();
        for route in vpns.iter().flat_map(|v| v.routes.iter()) {
            if !cidrs.contains(&route.cidr) {
                cidrs.push(route.cidr);
            }
        }
        sites.push(OnPremNetwork {
            id: OnPremId(format!("onprem-{}", cgw.id)),
            name: Some(
                cgw.name
                    .clone()
                    .unwrap_or_else(|| format!("on-premises via {}", cgw.id)),
            ),
            cidrs,
            customer_gateways: vec![cgw.id.clone()],
            virtual_interfaces: Vec::new(),
            required_bandwidth_mbps: None,
            latency_sensitive: false,
            encryption_required: false,
        });
    }
    for vif in topo
        .virtual_interfaces
        .iter()
        .filter(|v| v.vif_type != VifType::Public)
    {
        sites.push(OnPremNetwork {
            id: OnPremId(format!("onprem-{}", vif.id)),
            name: Some(format!(
                "on-premises via {}",
                vif.name.clone().unwrap_or_else(|| vif.id.to_string())
            )),
            cidrs: Vec::new(),
            customer_gateways: Vec::new(),
            virtual_interfaces: vec![vif.id.clone()],
            required_bandwidth_mbps: None,
            latency_sensitive: false,
            encryption_required: false,
        });
    }
    topo.on_prem_networks.extend(sites);
}
