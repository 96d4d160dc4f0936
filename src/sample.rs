//! The built-in sample: two regions, four VPCs, peering, VPN, Direct Connect and a DynamoDB
//! gateway endpoint. The design tool opens it, the README pictures it, and golden tests draw it.

use crate::model::Topology;

/// The sample as a native document.
pub const SAMPLE_JSON: &str = include_str!("../samples/two-regions.json");

/// The sample, parsed. The text is checked by a test, so parsing cannot fail in practice; an
/// empty topology is the degraded answer if it ever did.
pub fn topology() -> Topology {
    crate::import::native::parse("samples/two-regions.json", SAMPLE_JSON)
        .unwrap_or_else(|_| Topology::new())
}

/// Regions the generated topologies spread over, 250 VPCs each.
const GENERATED_REGIONS: [&str; 20] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "sa-east-1",
    "me-south-1",
    "af-south-1",
];

/// The peering graph and sites of a generated topology.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// 250 VPCs per region; peerings in a chain plus, for every other VPC, one to the seventh
    /// after it; every 50th VPC peers with the same VPC of the next region; every 100th has a
    /// VPN to a site of its own. Regular and nearly planar: what the benchmarks used first.
    Chain,
    /// The layout issue's benchmark shape: 25 VPCs per region (more once 20 regions are full),
    /// each region a hub VPC peered with every other VPC of the region plus a seeded random
    /// mesh (about one more peering per spoke, inside the region); neighbouring regions' hubs
    /// peered; every hub has a VPN to one of two data centres, and every other region's hub
    /// is behind one Direct Connect gateway reached over a private VIF from a third site.
    HubMesh,
}

/// A generated topology of `n_vpcs` VPCs in the [`Shape::Chain`] shape.
pub fn generated(n_vpcs: usize) -> Topology {
    generated_shape(n_vpcs, Shape::Chain)
}

/// A deterministic 64-bit xorshift, so a generated mesh is the same on every machine.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// A generated topology of `n_vpcs` VPCs for benchmarks and scale tests: per VPC five subnets
/// over two zones (two public, three private), three route tables (main, public, private), an
/// internet gateway, a NAT gateway, a security group and an instance; peerings (routed both
/// ways) and sites as `shape` says. Blocks are /22s of 10.0.0.0/8, so up to 16,384 VPCs never
/// overlap. Deterministic: the same `n_vpcs` and shape give the same document.
pub fn generated_shape(n_vpcs: usize, shape: Shape) -> Topology {
    use serde_json::{json, Value};
    let n = n_vpcs.min(16_384);
    let per_region = match shape {
        Shape::Chain => 250,
        Shape::HubMesh => n.div_ceil(GENERATED_REGIONS.len()).max(25),
    };
    let region_index = |i: usize| (i / per_region) % GENERATED_REGIONS.len();
    let region_of = |i: usize| GENERATED_REGIONS[region_index(i)];
    let block = |i: usize| format!("10.{}.{}.0/22", i / 64, (i % 64) * 4);
    let subnet_block = |i: usize, s: usize| {
        let third = (i % 64) * 4 + s / 2;
        format!("10.{}.{}.{}/25", i / 64, third, (s % 2) * 128)
    };
    let mut links: Vec<(usize, usize)> = Vec::new();
    // The site (index into `site_cidrs`) each VPC's VGW has a VPN to, and whether its VGW is
    // associated with the Direct Connect gateway.
    let mut vpn_site: Vec<Option<usize>> = vec![None; n];
    let mut on_dx = vec![false; n];
    let site_cidrs: Vec<String> = match shape {
        Shape::Chain => {
            for (i, site) in vpn_site.iter_mut().enumerate() {
                let same_region = |j: usize| j < n && region_of(j) == region_of(i);
                if same_region(i + 1) {
                    links.push((i, i + 1));
                }
                if i % 2 == 0 && same_region(i + 7) {
                    links.push((i, i + 7));
                }
                if i % 50 == 0 && i + per_region < n {
                    links.push((i, i + per_region));
                }
                if i % 100 == 0 {
                    *site = Some(i / 100);
                }
            }
            (0..n.div_ceil(100))
                .map(|k| format!("172.16.{}.0/24", k % 256))
                .collect()
        }
        Shape::HubMesh => {
            let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
            for hub in (0..n).step_by(per_region) {
                let end = (hub + per_region).min(n);
                let mut region_links: Vec<(usize, usize)> =
                    (hub + 1..end).map(|spoke| (hub, spoke)).collect();
                let spokes = end - hub - 1;
                for spoke in hub + 1..end {
                    // Nine spokes in ten get one more peering, to a random other spoke.
                    if spokes < 2 || xorshift(&mut seed) % 10 == 9 {
                        continue;
                    }
                    let other = hub + 1 + (xorshift(&mut seed) % spokes as u64) as usize;
                    let link = (spoke.min(other), spoke.max(other));
                    if other != spoke && !region_links.contains(&link) {
                        region_links.push(link);
                    }
                }
                links.extend(region_links);
                let next_hub = hub + per_region;
                if next_hub < n && region_index(next_hub) != region_index(hub) {
                    links.push((hub, next_hub));
                }
                let r = region_index(hub);
                vpn_site[hub] = Some(r % 2);
                on_dx[hub] = r % 2 == 0;
            }
            vec![
                "172.16.0.0/16".into(),
                "172.17.0.0/16".into(),
                "172.18.0.0/16".into(),
            ]
        }
    };
    let mut peer_routes: Vec<Vec<Value>> = vec![Vec::new(); n];
    let mut peerings = Vec::new();
    for (k, &(a, b)) in links.iter().enumerate() {
        let id = format!("pcx-{k}");
        peerings.push(json!({ "id": id, "requester": { "vpc": format!("vpc-{a}") }, "accepter": { "vpc": format!("vpc-{b}") } }));
        peer_routes[a].push(json!({ "destination": block(b), "target": id }));
        peer_routes[b].push(json!({ "destination": block(a), "target": id }));
    }
    let (mut vpcs, mut subnets, mut tables, mut igws, mut nats) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut groups, mut instances, mut vgws, mut cgws, mut vpns) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut site_cgws: Vec<Vec<String>> = vec![Vec::new(); site_cidrs.len()];
    let mut dx_associations = Vec::new();
    for (i, routes) in peer_routes.iter().enumerate() {
        let region = region_of(i);
        let vpc = format!("vpc-{i}");
        vpcs.push(
            json!({ "id": vpc, "name": format!("vpc {i}"), "region": region, "cidrs": [block(i)] }),
        );
        for s in 0..5 {
            let az = format!("{region}{}", if s % 2 == 0 { 'a' } else { 'b' });
            subnets.push(json!({ "id": format!("subnet-{i}-{s}"), "vpc": vpc, "az": az, "cidr": subnet_block(i, s), "mapPublicIpOnLaunch": s < 2 }));
        }
        let local = json!({ "destination": block(i), "target": "local" });
        let mut public = vec![
            local.clone(),
            json!({ "destination": "0.0.0.0/0", "target": format!("igw-{i}") }),
        ];
        let mut private = vec![
            local.clone(),
            json!({ "destination": "0.0.0.0/0", "target": format!("nat-{i}") }),
        ];
        public.extend(routes.iter().cloned());
        private.extend(routes.iter().cloned());
        let vgw = format!("vgw-{i}");
        if vpn_site[i].is_some() || on_dx[i] {
            vgws.push(json!({ "id": vgw, "region": region, "attachments": [{ "vpc": vpc }] }));
        }
        if let Some(site) = vpn_site[i] {
            let cidr = &site_cidrs[site];
            private.push(json!({ "destination": cidr, "target": vgw }));
            // One router per site: its customer gateways in every region share its address.
            let cgw = format!("cgw-{i}");
            cgws.push(json!({ "id": cgw, "region": region, "bgpAsn": 65000,
                "ipAddress": format!("203.0.113.{}", site % 250 + 1) }));
            vpns.push(json!({ "id": format!("vpn-{i}"), "region": region, "customerGateway": cgw, "vpnGateway": vgw,
                "staticRoutesOnly": true, "routes": [{ "cidr": cidr }], "tunnels": [{ "status": "UP" }, { "status": "UP" }] }));
            site_cgws[site].push(cgw);
        }
        if on_dx[i] {
            private.push(json!({ "destination": site_cidrs[2], "target": vgw }));
            dx_associations.push(
                json!({ "id": format!("dxgw-assoc-{i}"), "dxGateway": "dxgw-0",
                "gateway": vgw, "region": region, "allowedPrefixes": [block(i)] }),
            );
        }
        tables.push(
            json!({ "id": format!("rtb-{i}-main"), "vpc": vpc, "main": true, "routes": [local] }),
        );
        tables.push(json!({ "id": format!("rtb-{i}-public"), "vpc": vpc, "subnets": [format!("subnet-{i}-0"), format!("subnet-{i}-1")], "routes": public }));
        tables.push(json!({ "id": format!("rtb-{i}-private"), "vpc": vpc,
            "subnets": [format!("subnet-{i}-2"), format!("subnet-{i}-3"), format!("subnet-{i}-4")], "routes": private }));
        igws.push(json!({ "id": format!("igw-{i}"), "vpc": vpc }));
        nats.push(
            json!({ "id": format!("nat-{i}"), "vpc": vpc, "subnet": format!("subnet-{i}-0") }),
        );
        groups.push(json!({ "id": format!("sg-{i}"), "vpc": vpc,
            "ingress": [{ "protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrs": ["10.0.0.0/8"] }],
            "egress": [{ "protocol": "-1", "cidrs": ["0.0.0.0/0"] }] }));
        instances.push(json!({ "id": format!("i-{i}"), "subnet": format!("subnet-{i}-2"), "securityGroups": [format!("sg-{i}")] }));
    }
    let site_id = |k: usize| match shape {
        Shape::Chain => format!("site-{}", k * 100),
        Shape::HubMesh => ["dc-a", "dc-b", "dx-site"][k].to_string(),
    };
    let mut sites: Vec<Value> = site_cidrs
        .iter()
        .zip(&site_cgws)
        .enumerate()
        .filter(|(_, (_, cgws))| !cgws.is_empty())
        .map(|(k, (cidr, cgws))| json!({ "id": site_id(k), "cidrs": [cidr], "customerGateways": cgws }))
        .collect();
    let mut doc = json!({
        "format": crate::model::FORMAT, "name": format!("generated, {n} VPCs"),
        "vpcs": vpcs, "subnets": subnets, "routeTables": tables, "internetGateways": igws, "natGateways": nats,
        "vpcPeeringConnections": peerings, "vpnGateways": vgws, "customerGateways": cgws, "vpnConnections": vpns,
        "securityGroups": groups, "instances": instances,
        // An account built for this scale has raised these quotas.
        "quotas": [
            { "code": "QUOTA_VPCS_PER_REGION", "value": per_region },
            { "code": "QUOTA_NAT_PER_AZ", "value": per_region },
        ],
    });
    if shape == Shape::HubMesh {
        // A hub peers with every VPC of its region and the two neighbouring regions' hubs.
        let quota = json!({ "code": "QUOTA_PEERING_ACTIVE", "value": per_region + 2 });
        if let Some(quotas) = doc["quotas"].as_array_mut() {
            quotas.push(quota);
        }
    }
    if !dx_associations.is_empty() {
        let first_region = GENERATED_REGIONS[0];
        sites.push(
            json!({ "id": site_id(2), "cidrs": [site_cidrs[2]], "virtualInterfaces": ["dxvif-0"] }),
        );
        doc["dxConnections"] = json!([{ "id": "dxcon-0", "region": first_region, "location": "EqDC2", "bandwidth": "10Gbps" }]);
        doc["virtualInterfaces"] = json!([{ "id": "dxvif-0", "type": "private", "connection": "dxcon-0",
            "region": first_region, "vlan": 101, "asn": 65010, "dxGateway": "dxgw-0" }]);
        doc["dxGateways"] = json!([{ "id": "dxgw-0", "name": "dxgw", "amazonSideAsn": 64513 }]);
        doc["dxGatewayAssociations"] = Value::Array(dx_associations);
    }
    doc["onPremNetworks"] = Value::Array(sites);
    crate::import::native::from_value("generated", doc).unwrap_or_else(|_| Topology::new())
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_topologies_parse_and_scale() {
        let topo = super::generated(300);
        assert_eq!(topo.vpcs.len(), 300);
        assert_eq!(topo.subnets.len(), 1500);
        assert_eq!(topo.route_tables.len(), 900);
        // Two regions: a chain and a mesh link per other VPC, plus the cross-region links.
        assert!(
            topo.vpc_peering_connections.len() > 400,
            "{}",
            topo.vpc_peering_connections.len()
        );
        assert_eq!(topo.region_names(), ["us-east-1", "us-east-2"]);
    }

    #[test]
    fn hub_mesh_topologies_have_a_hub_per_region_a_mesh_and_sites() {
        use super::{generated_shape, Shape};
        let topo = generated_shape(200, Shape::HubMesh);
        assert_eq!(topo.vpcs.len(), 200);
        // 25 VPCs per region: eight regions, each hub (its first VPC) peered with its 24 spokes.
        assert_eq!(topo.region_names().len(), 8);
        let ends = |p: &crate::model::VpcPeeringConnection| {
            (p.requester.vpc.to_string(), p.accepter.vpc.to_string())
        };
        let links: Vec<(String, String)> = topo.vpc_peering_connections.iter().map(ends).collect();
        for hub in (0..200).step_by(25) {
            let spokes = links
                .iter()
                .filter(|(a, _)| *a == format!("vpc-{hub}"))
                .count();
            // 24 spokes and, but for the last region, the next region's hub.
            assert!(spokes >= 24, "vpc-{hub} peers with {spokes}");
        }
        // The mesh: spokes peered with spokes, about one per spoke.
        let hubs: Vec<String> = (0..200).step_by(25).map(|i| format!("vpc-{i}")).collect();
        let mesh = links
            .iter()
            .filter(|(a, b)| !hubs.contains(a) && !hubs.contains(b))
            .count();
        assert!(
            (120..=192).contains(&mesh),
            "{mesh} spoke-to-spoke peerings"
        );
        assert_eq!(topo.vpn_connections.len(), 8);
        assert_eq!(topo.dx_gateway_associations.len(), 4);
        assert_eq!(topo.on_prem_networks.len(), 3);
        // Deterministic, and without errors of its own.
        assert_eq!(
            crate::import::native::to_string(&topo),
            crate::import::native::to_string(&generated_shape(200, Shape::HubMesh))
        );
        let report = crate::validate::run(&topo);
        let errors: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.severity == crate::validate::Severity::Error)
            .map(|f| f.code.clone())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn the_sample_parses_with_all_references_declared() {
        let parsed = crate::import::native::parse("sample", super::SAMPLE_JSON);
        assert!(parsed.is_ok(), "{:?}", parsed.err());
    }
}
