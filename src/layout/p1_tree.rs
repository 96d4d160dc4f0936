//! Phase 1 of 5: the containment tree and the list of edges to draw.
//!
//! Builds the picture network engineers draw: on-premises sites (with their customer gateways)
//! and Direct Connect locations and gateways in columns on the left, outside AWS; then the AWS
//! cloud: regions side by side, VPCs inside their region, availability zones as columns inside a
//! VPC, subnets stacked in their AZ (public above private), NAT gateways and instances inside
//! subnets, the VPC's gateways and endpoints in a strip at the right under its title (the
//! internet gateway last), and an internet marker right above each internet gateway.
//! Virtual groups (no `kind`) arrange columns and are not emitted as nodes.
//!
//! Pre:  a topology whose references were checked (dangling ones are skipped, never followed).
//! Post: `Tree` with every node's children grouped in bands, pins recorded from the document's
//!       `LayoutHints`; sizes and positions still zero.
//!       `edges` lists drawable edges (both ends present), deduplicated by id, in document order.

use super::types::{EdgeKind, NodeKind};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// How a band arranges its children.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// Side by side, left to right.
    Row,
    /// Stacked, top to bottom.
    Column,
    /// Rows that wrap to keep the container near a 16:10 aspect ratio.
    Shelf,
}

#[derive(Clone, Debug)]
pub struct Band {
    pub dir: Dir,
    pub children: Vec<usize>,
    /// Align children on their vertical centres (rows) instead of their tops.
    pub center: bool,
    /// Space between neighbouring children of a row or column band.
    pub gap: f64,
    /// Align a row band's children to the container's right edge instead of its left.
    pub end: bool,
}

/// Space between the columns of the drawing (on-premises, Direct Connect, the cloud): wide
/// channels for the VPN and Direct Connect edges that cross them, and room for their labels.
pub const COLUMN_GAP: f64 = 64.0;

#[derive(Clone, Debug)]
pub struct TreeNode {
    pub id: String,
    /// `None` for virtual groups.
    pub kind: Option<NodeKind>,
    pub label: String,
    pub detail: Option<String>,
    pub variant: Option<String>,
    pub parent: Option<usize>,
    pub bands: Vec<Band>,
    /// The user's pinned top-left, relative to the parent box's top-left (`LayoutHints.pins`).
    pub pin: Option<(f64, f64)>,
    /// On a virtual wrapper (a VPC and its internet markers): the pin is this child's, so the
    /// wrapper is placed where that child lands at the pin.
    pub pin_child: Option<usize>,
    // Filled by phase 3: size, and top-left relative to the tree parent's top-left.
    pub w: f64,
    pub h: f64,
    pub rx: f64,
    pub ry: f64,
    // Filled by phase 4 (absolute).
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug)]
pub struct EdgeSpec {
    pub id: String,
    pub kind: EdgeKind,
    pub source: String,
    pub target: String,
    pub label: Option<String>,
}

pub struct Tree {
    pub nodes: Vec<TreeNode>,
    pub root: usize,
    pub edges: Vec<EdgeSpec>,
}

impl Tree {
    fn add(
        &mut self,
        id: String,
        kind: Option<NodeKind>,
        label: String,
        detail: Option<String>,
    ) -> usize {
        self.nodes.push(TreeNode {
            id,
            kind,
            label,
            detail,
            variant: None,
            parent: None,
            bands: Vec::new(),
            pin: None,
            pin_child: None,
            w: 0.0,
            h: 0.0,
            rx: 0.0,
            ry: 0.0,
            x: 0.0,
            y: 0.0,
        });
        self.nodes.len() - 1
    }

    fn band(&mut self, parent: usize, dir: Dir, center: bool, children: Vec<usize>) {
        if children.is_empty() {
            return;
        }
        for &child in &children {
            self.nodes[child].parent = Some(parent);
        }
        self.nodes[parent].bands.push(Band {
            dir,
            children,
            center,
            gap: super::p3_size::GAP,
            end: false,
        });
    }
}

fn display(name: &Option<String>, id: &str) -> String {
    name.clone().unwrap_or_else(|| id.to_string())
}

fn join<T: std::fmt::Display>(items: &[T]) -> Option<String> {
    if items.is_empty() {
        None
    } else {
        Some(
            items
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
}

/// Subnets whose route table (explicit, else the VPC's main one) routes to an internet gateway.
fn public_subnets(topo: &Topology) -> BTreeSet<&str> {
    let mut table_of: BTreeMap<&str, &RouteTable> = BTreeMap::new();
    let mut main_of: BTreeMap<&str, &RouteTable> = BTreeMap::new();
    for table in &topo.route_tables {
        for subnet in &table.subnets {
            table_of.entry(subnet.as_str()).or_insert(table);
        }
        if table.main {
            main_of.entry(table.vpc.as_str()).or_insert(table);
        }
    }
    topo.subnets
        .iter()
        .filter(|subnet| {
            let table = table_of
                .get(subnet.id.as_str())
                .or_else(|| main_of.get(subnet.vpc.as_str()));
            table.is_some_and(|t| {
                t.routes
                    .iter()
                    .any(|r| matches!(r.target, RouteTarget::InternetGateway(_)))
            })
        })
        .map(|subnet| subnet.id.as_str())
        .collect()
}

fn service_label(service: &str) -> String {
    match service {
        "dynamodb" => "DynamoDB".to_string(),
        "s3" => "Amazon S3".to_string(),
        other => other.to_string(),
    }
}

/// Regions in the order the author gave them (the `regions` list), then in order of first
/// appearance: the document decides what is left and right, not the alphabet.
fn region_order(topo: &Topology) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    let mut push = |name: &str| {
        if !order.iter().any(|r| r == name) {
            order.push(name.to_string());
        }
    };
    topo.regions.iter().for_each(|r| push(&r.name));
    topo.vpcs.iter().for_each(|v| push(&v.region));
    topo.transit_gateways.iter().for_each(|t| push(&t.region));
    for name in topo.region_names() {
        push(&name);
    }
    order
}

/// Build the tree and edge list.
pub fn build(topo: &Topology) -> Tree {
    let mut tree = Tree {
        nodes: Vec::new(),
        root: 0,
        edges: Vec::new(),
    };
    let root = tree.add("root".into(), None, String::new(), None);
    tree.root = root;
    // The nodes an edge may join (resources and internet markers, not the layout's own groups
    // and columns), by tree index: their ids are looked up once, borrowed, when the edges are
    // filtered (a map of cloned ids cost a tenth of this phase).
    let mut joinable: Vec<usize> = Vec::new();

    // --- Outside AWS: on-premises sites holding their customer gateways. ---
    let mut outside = Vec::new();
    let mut placed_cgws: BTreeSet<&str> = BTreeSet::new();
    let cgws: BTreeMap<&str, &CustomerGateway> = topo
        .customer_gateways
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let cgw_node = |tree: &mut Tree, cgw: &CustomerGateway| {
        let detail = match (&cgw.ip_address, cgw.bgp_asn) {
            (Some(ip), Some(asn)) => Some(format!("{ip} · AS{asn}")),
            (Some(ip), None) => Some(ip.clone()),
            (None, Some(asn)) => Some(format!("AS{asn}")),
            (None, None) => None,
        };
        tree.add(
            cgw.id.to_string(),
            Some(NodeKind::CustomerGateway),
            display(&cgw.name, cgw.id.as_str()),
            detail,
        )
    };
    for site in &topo.on_prem_networks {
        let node = tree.add(
            site.id.to_string(),
            Some(NodeKind::Onprem),
            display(&site.name, site.id.as_str()),
            join(&site.cidrs),
        );
        joinable.push(node);
        let mut children = Vec::new();
        for cgw_id in &site.customer_gateways {
            if let Some(cgw) = cgws.get(cgw_id.as_str()) {
                if placed_cgws.insert(cgw_id.as_str()) {
                    let child = cgw_node(&mut tree, cgw);
                    joinable.push(child);
                    children.push(child);
                }
            }
        }
        tree.band(node, Dir::Column, false, children);
        outside.push(node);
    }
    for cgw in &topo.customer_gateways {
        if placed_cgws.insert(cgw.id.as_str()) {
            let node = cgw_node(&mut tree, cgw);
            joinable.push(node);
            outside.push(node);
        }
    }

    // --- Direct Connect locations and gateways. ---
    let mut dx_connections = Vec::new();
    for connection in &topo.dx_connections {
        let detail = match (&connection.location, &connection.bandwidth) {
            (Some(location), Some(bandwidth)) => Some(format!("{location} · {bandwidth}")),
            (Some(location), None) => Some(location.clone()),
            (None, bandwidth) => bandwidth.clone(),
        };
        let node = tree.add(
            connection.id.to_string(),
            Some(NodeKind::DxConnection),
            display(&connection.name, connection.id.as_str()),
            detail,
        );
        joinable.push(node);
        dx_connections.push(node);
    }
    let mut dx_gateways = Vec::new();
    for gateway in &topo.dx_gateways {
        let detail = gateway
            .amazon_side_asn
            .map(|asn| format!("Direct Connect gateway · AS{asn}"));
        let node = tree.add(
            gateway.id.to_string(),
            Some(NodeKind::DxGateway),
            display(&gateway.name, gateway.id.as_str()),
            detail,
        );
        joinable.push(node);
        dx_gateways.push(node);
    }

    // --- The AWS cloud: the regions. ---
    let cloud = tree.add("group:cloud".into(), None, String::new(), None);
    let regions_group = tree.add("group:regions".into(), None, String::new(), None);
    let public = public_subnets(topo);
    let labels: BTreeMap<&str, &str> = topo
        .regions
        .iter()
        .filter_map(|r| r.label.as_deref().map(|l| (r.name.as_str(), l)))
        .collect();
    let mut region_nodes = Vec::new();
    for region in region_order(topo) {
        let detail = labels.get(region.as_str()).map(|l| l.to_string());
        let node = tree.add(
            format!("region:{region}"),
            Some(NodeKind::Region),
            region.clone(),
            detail,
        );
        region_nodes.push((region, node));
    }
    let region_node: BTreeMap<&str, usize> =
        region_nodes.iter().map(|(r, n)| (r.as_str(), *n)).collect();
    let mut region_body: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut region_services: BTreeMap<usize, Vec<usize>> = BTreeMap::new();

    // VPCs with their AZ columns and subnets.
    let mut vpc_strip: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut subnet_children: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for nat in &topo.nat_gateways {
        let node = tree.add(
            nat.id.to_string(),
            Some(NodeKind::NatGateway),
            display(&nat.name, nat.id.as_str()),
            nat.public_ip.map(|ip| ip.to_string()),
        );
        joinable.push(node);
        subnet_children
            .entry(nat.subnet.to_string())
            .or_default()
            .push(node);
    }
    for instance in &topo.instances {
        let node = tree.add(
            instance.id.to_string(),
            Some(NodeKind::Instance),
            display(&instance.name, instance.id.as_str()),
            instance.private_ip.map(|ip| ip.to_string()),
        );
        joinable.push(node);
        subnet_children
            .entry(instance.subnet.to_string())
            .or_default()
            .push(node);
    }
    // Each internet gateway gets its own internet marker right above the box holding it (its
    // VPC, or itself when detached), joined by a short stub: what an engineer draws on a VPC's
    // border. One shared Internet box would pull an edge from every VPC across the whole region
    // (nine crossings in ten, measured on generated topologies).
    let mut vpc_igws: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut markers: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for igw in &topo.internet_gateways {
        let node = tree.add(
            igw.id.to_string(),
            Some(NodeKind::InternetGateway),
            display(&igw.name, igw.id.as_str()),
            igw.name.as_ref().map(|_| igw.id.to_string()),
        );
        joinable.push(node);
        let marker_id = format!("internet:{}", igw.id);
        let marker = tree.add(
            marker_id.clone(),
            Some(NodeKind::Internet),
            "Internet".into(),
            None,
        );
        joinable.push(marker);
        let holder = if let Some(vpc) = &igw.vpc {
            vpc_igws.entry(vpc.to_string()).or_default().push(node);
            vpc.to_string()
        } else if let Some(&region) = igw.region.as_deref().and_then(|r| region_node.get(r)) {
            let wrapped = wrap(&mut tree, node, vec![marker]);
            region_body.entry(region).or_default().push(wrapped);
            continue_edge(&mut tree, igw.id.as_str(), marker_id);
            continue;
        } else {
            continue;
        };
        markers.entry(holder).or_default().push(marker);
        continue_edge(&mut tree, igw.id.as_str(), marker_id);
    }
    for vgw in &topo.vpn_gateways {
        let detail = vgw.amazon_side_asn.map(|asn| format!("AS{asn}"));
        let node = tree.add(
            vgw.id.to_string(),
            Some(NodeKind::VpnGateway),
            display(&vgw.name, vgw.id.as_str()),
            detail,
        );
        joinable.push(node);
        if let Some(vpc) = vgw.attached_vpc() {
            vpc_strip.entry(vpc.to_string()).or_default().push(node);
        } else if let Some(&region) = vgw.region.as_deref().and_then(|r| region_node.get(r)) {
            region_body.entry(region).or_default().push(node);
        }
    }
    let vpc_region: BTreeMap<&str, &str> = topo
        .vpcs
        .iter()
        .map(|v| (v.id.as_str(), v.region.as_str()))
        .collect();
    let mut services: BTreeMap<String, usize> = BTreeMap::new();
    for endpoint in &topo.vpc_endpoints {
        let (service_region, service) = match endpoint.service_parts() {
            Some((region, service)) => (region.to_string(), service.to_string()),
            None => (
                vpc_region
                    .get(endpoint.vpc.as_str())
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
                endpoint.service.clone(),
            ),
        };
        let node = tree.add(
            endpoint.id.to_string(),
            Some(NodeKind::VpcEndpoint),
            display(&endpoint.name, endpoint.id.as_str()),
            Some(format!("{} endpoint", service_label(&service))),
        );
        joinable.push(node);
        vpc_strip
            .entry(endpoint.vpc.to_string())
            .or_default()
            .push(node);
        if endpoint.endpoint_type == EndpointType::Gateway {
            let service_id = format!("service:{service}@{service_region}");
            // A service node lives in the region of the endpoint's VPC (where it is reached).
            let home = vpc_region
                .get(endpoint.vpc.as_str())
                .and_then(|r| region_node.get(r))
                .copied();
            if let (false, Some(region)) = (services.contains_key(&service_id), home) {
                let node = tree.add(
                    service_id.clone(),
                    Some(NodeKind::Service),
                    service_label(&service),
                    Some(service_region.clone()),
                );
                joinable.push(node);
                services.insert(service_id.clone(), node);
                region_services.entry(region).or_default().push(node);
            }
            tree.edges.push(EdgeSpec {
                id: format!("endpoint:{}", endpoint.id),
                kind: EdgeKind::Endpoint,
                source: endpoint.id.to_string(),
                target: service_id,
                label: None,
            });
        }
    }
    let mut subnets_by_vpc: BTreeMap<&str, Vec<&Subnet>> = BTreeMap::new();
    for subnet in &topo.subnets {
        subnets_by_vpc
            .entry(subnet.vpc.as_str())
            .or_default()
            .push(subnet);
    }
    for vpc in &topo.vpcs {
        let Some(&region) = region_node.get(vpc.region.as_str()) else {
            continue;
        };
        let node = tree.add(
            vpc.id.to_string(),
            Some(NodeKind::Vpc),
            display(&vpc.name, vpc.id.as_str()),
            join(&vpc.cidrs),
        );
        joinable.push(node);
        let vpc_markers = markers.remove(vpc.id.as_str()).unwrap_or_default();
        let cell = if vpc_markers.is_empty() {
            node
        } else {
            wrap(&mut tree, node, vpc_markers)
        };
        region_body.entry(region).or_default().push(cell);
        // The gateways and endpoints sit at the right of the strip, the internet gateway last:
        // clear of the VPC's title, so the stub to its marker crosses no text.
        let mut strip = vpc_strip.remove(vpc.id.as_str()).unwrap_or_default();
        strip.extend(vpc_igws.remove(vpc.id.as_str()).unwrap_or_default());
        tree.band(node, Dir::Row, false, strip);
        if let Some(band) = tree.nodes[node].bands.last_mut() {
            band.end = true;
        }
        // AZ columns in name order; subnets without an AZ get their own column.
        let mut by_az: BTreeMap<String, Vec<&Subnet>> = BTreeMap::new();
        for subnet in subnets_by_vpc
            .get(vpc.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            let az = subnet
                .az
                .clone()
                .or_else(|| subnet.az_id.clone())
                .unwrap_or_else(|| "no AZ".to_string());
            by_az.entry(az).or_default().push(subnet);
        }
        let mut columns = Vec::new();
        for (az, mut subnets) in by_az {
            // Public subnets above private ones; document order within each group.
            crate::sort::sort_by_key(&mut subnets, |s| !public.contains(s.id.as_str()));
            let column = tree.add(
                format!("az:{}:{az}", vpc.id),
                Some(NodeKind::Az),
                az.clone(),
                None,
            );
            let mut children = Vec::new();
            for subnet in subnets {
                let mut detail: Vec<String> = subnet.cidr.iter().map(|c| c.to_string()).collect();
                detail.extend(subnet.ipv6_cidrs.iter().map(|c| c.to_string()));
                let kind_word = if public.contains(subnet.id.as_str()) {
                    "public"
                } else {
                    "private"
                };
                let detail = if detail.is_empty() {
                    kind_word.to_string()
                } else {
                    format!("{} · {kind_word}", detail.join(", "))
                };
                let child = tree.add(
                    subnet.id.to_string(),
                    Some(NodeKind::Subnet),
                    display(&subnet.name, subnet.id.as_str()),
                    Some(detail),
                );
                tree.nodes[child].variant = Some(kind_word.to_string());
                joinable.push(child);
                let inner = subnet_children
                    .remove(subnet.id.as_str())
                    .unwrap_or_default();
                tree.band(child, Dir::Shelf, false, inner);
                children.push(child);
            }
            tree.band(column, Dir::Column, false, children);
            columns.push(column);
        }
        tree.band(node, Dir::Row, false, columns);
    }
    for tgw in &topo.transit_gateways {
        let Some(&region) = region_node.get(tgw.region.as_str()) else {
            continue;
        };
        let detail = tgw
            .amazon_side_asn
            .map(|asn| format!("transit gateway · AS{asn}"));
        let node = tree.add(
            tgw.id.to_string(),
            Some(NodeKind::TransitGateway),
            display(&tgw.name, tgw.id.as_str()),
            detail,
        );
        joinable.push(node);
        region_body.entry(region).or_default().push(node);
    }
    for (_, region) in &region_nodes {
        let body = region_body.remove(region).unwrap_or_default();
        tree.band(*region, Dir::Shelf, false, body);
        let services = region_services.remove(region).unwrap_or_default();
        tree.band(*region, Dir::Row, false, services);
    }
    let regions: Vec<usize> = region_nodes
        .iter()
        .map(|(_, n)| *n)
        .filter(|n| !tree.nodes[*n].bands.is_empty())
        .collect();
    tree.band(regions_group, Dir::Shelf, false, regions);
    let mut cloud_children = Vec::new();
    if !tree.nodes[regions_group].bands.is_empty() {
        cloud_children.push(regions_group);
    }
    tree.band(cloud, Dir::Column, false, cloud_children);

    let mut columns = Vec::new();
    for (name, members) in [
        ("group:outside", outside),
        ("group:dx-connections", dx_connections),
        ("group:dx-gateways", dx_gateways),
    ] {
        if members.is_empty() {
            continue;
        }
        let group = tree.add(name.into(), None, String::new(), None);
        tree.band(group, Dir::Column, false, members);
        columns.push(group);
    }
    if !tree.nodes[cloud].bands.is_empty() {
        columns.push(cloud);
    }
    // Top-aligned, not centred: a taller cloud must not move the on-premises sites.
    tree.band(root, Dir::Row, false, columns);
    if let Some(band) = tree.nodes[root].bands.last_mut() {
        band.gap = COLUMN_GAP;
    }

    collect_edges(topo, &mut tree, &joinable);
    apply_pins(&mut tree, &topo.layout.pins);
    tree
}

/// The edge from an internet gateway to its internet marker.
fn continue_edge(tree: &mut Tree, igw: &str, marker: String) {
    tree.edges.push(EdgeSpec {
        id: format!("route:{igw}"),
        kind: EdgeKind::Route,
        source: igw.to_string(),
        target: marker,
        label: None,
    });
}

/// A virtual wrapper holding `holder` (a VPC, or a detached internet gateway) with its internet
/// markers in a row above it. Phase 3 centres each marker over its gateway.
fn wrap(tree: &mut Tree, holder: usize, markers: Vec<usize>) -> usize {
    let id = format!("wrap:{}", tree.nodes[holder].id);
    let wrapper = tree.add(id, None, String::new(), None);
    tree.band(wrapper, Dir::Row, false, markers);
    tree.band(wrapper, Dir::Column, false, vec![holder]);
    wrapper
}

/// The key a node goes by in `LayoutHints`: its resource id, a region's name, `on-premises` for
/// the outside-AWS column.
pub fn hint_key(id: &str) -> &str {
    match id {
        "group:outside" => "on-premises",
        _ => id
            .strip_prefix("region:")
            .or_else(|| id.strip_prefix("wrap:"))
            .unwrap_or(id),
    }
}

/// The farthest a pin may sit from its parent's corner: the editor's drags are hundreds of
/// units, and a bound keeps a hand-edited document from asking for a drawing the size of a city.
pub const MAX_PIN: f64 = 100_000.0;

/// Record each drawn box's pin. Pins on virtual groups (no box to drag) are ignored; negative or
/// huge coordinates are clamped into `0..=MAX_PIN` (phase 3 then keeps the box clear of its
/// parent's title and padding).
fn apply_pins(tree: &mut Tree, pins: &BTreeMap<String, Pin>) {
    if pins.is_empty() {
        return;
    }
    for idx in 0..tree.nodes.len() {
        let node = &tree.nodes[idx];
        if node.kind.is_none() {
            continue;
        }
        if let Some(pin) = pins.get(hint_key(&node.id)) {
            let clamp = |v: f64| {
                if v.is_finite() {
                    v.clamp(0.0, MAX_PIN)
                } else {
                    0.0
                }
            };
            let pin = (clamp(pin.x), clamp(pin.y));
            // A VPC or marker inside a wrapper pins the wrapper (the first pinned one wins), so
            // the VPC and its markers move as one.
            match node.parent {
                // A marker follows its gateway: it is not a box to drag.
                Some(_) if node.kind == Some(NodeKind::Internet) => {}
                Some(parent) if tree.nodes[parent].id.starts_with("wrap:") => {
                    let wrapper = &mut tree.nodes[parent];
                    if wrapper.pin.is_none() {
                        wrapper.pin = Some(pin);
                        wrapper.pin_child = Some(idx);
                    }
                }
                _ => tree.nodes[idx].pin = Some(pin),
            }
        }
    }
}

fn collect_edges(topo: &Topology, tree: &mut Tree, joinable: &[usize]) {
    let names = topo.names();
    let name_or_id = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_string());
    let mut edges = std::mem::take(&mut tree.edges);
    for pcx in &topo.vpc_peering_connections {
        edges.push(EdgeSpec {
            id: pcx.id.to_string(),
            kind: EdgeKind::Peering,
            source: pcx.requester.vpc.to_string(),
            target: pcx.accepter.vpc.to_string(),
            label: Some(name_or_id(pcx.id.as_str())),
        });
    }
    for vpn in &topo.vpn_connections {
        let gateway = vpn
            .vpn_gateway
            .as_ref()
            .map(|g| g.to_string())
            .or_else(|| vpn.transit_gateway.as_ref().map(|t| t.to_string()));
        let Some(gateway) = gateway else { continue };
        let up = vpn
            .tunnels
            .iter()
            .filter(|t| {
                t.status
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("up"))
            })
            .count();
        let known = vpn.tunnels.iter().filter(|t| t.status.is_some()).count();
        let mut label = name_or_id(vpn.id.as_str());
        if known > 0 {
            label.push_str(&format!(" · {up}/{} tunnels up", vpn.tunnels.len()));
        }
        edges.push(EdgeSpec {
            id: vpn.id.to_string(),
            kind: EdgeKind::Vpn,
            source: vpn.customer_gateway.to_string(),
            target: gateway,
            label: Some(label),
        });
    }
    let connection_of: BTreeMap<&str, &str> = topo
        .virtual_interfaces
        .iter()
        .filter_map(|vif| Some((vif.id.as_str(), vif.connection.as_ref()?.as_str())))
        .collect();
    for site in &topo.on_prem_networks {
        let mut seen = BTreeSet::new();
        for vif in &site.virtual_interfaces {
            if let Some(connection) = connection_of.get(vif.as_str()) {
                if seen.insert(*connection) {
                    edges.push(EdgeSpec {
                        id: format!("site:{}:{connection}", site.id),
                        kind: EdgeKind::Dx,
                        source: site.id.to_string(),
                        target: connection.to_string(),
                        label: None,
                    });
                }
            }
        }
    }
    for vif in &topo.virtual_interfaces {
        let Some(connection) = &vif.connection else {
            continue;
        };
        let target = vif
            .dx_gateway
            .as_ref()
            .map(|g| g.to_string())
            .or_else(|| vif.vpn_gateway.as_ref().map(|g| g.to_string()));
        let Some(target) = target else { continue };
        let label = match vif.vlan {
            Some(vlan) => format!("{} · VLAN {vlan}", name_or_id(vif.id.as_str())),
            None => name_or_id(vif.id.as_str()),
        };
        edges.push(EdgeSpec {
            id: vif.id.to_string(),
            kind: EdgeKind::Dx,
            source: connection.to_string(),
            target,
            label: Some(label),
        });
    }
    for association in &topo.dx_gateway_associations {
        edges.push(EdgeSpec {
            id: association.id.to_string(),
            kind: EdgeKind::Dx,
            source: association.dx_gateway.to_string(),
            target: association.gateway.clone(),
            label: join(&association.allowed_prefixes),
        });
    }
    for attachment in &topo.transit_gateway_attachments {
        if attachment.resource_type == "vpc" {
            edges.push(EdgeSpec {
                id: attachment.id.to_string(),
                kind: EdgeKind::TgwAttachment,
                source: attachment.resource.clone(),
                target: attachment.transit_gateway.to_string(),
                label: None,
            });
        }
    }
    let known: BTreeSet<&str> = joinable
        .iter()
        .filter_map(|&node| tree.nodes.get(node))
        .map(|node| node.id.as_str())
        .collect();
    let mut seen = BTreeSet::new();
    edges.retain(|edge| {
        edge.source != edge.target
            && known.contains(edge.source.as_str())
            && known.contains(edge.target.as_str())
            && seen.insert(edge.id.clone())
    });
    tree.edges = edges;
}
