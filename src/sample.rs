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

/// A generated topology of `n_vpcs` VPCs for benchmarks and scale tests: per VPC five subnets
/// over two zones (two public, three private), three route tables (main, public, private), an
/// internet gateway, a NAT gateway, a security group and an instance; peerings in a chain plus
/// a second mesh link for every other VPC (about three per VPC), routed both ways; every 50th
/// VPC peers with the same VPC of the next region; every 100th has a VGW and a VPN to a site of
/// its own. Blocks are /22s of 10.0.0.0/8, so up to 16,384 VPCs never overlap. Deterministic:
/// the same `n_vpcs` gives the same document.
pub fn generated(n_vpcs: usize) -> Topology {
    use serde_json::{json, Value};
    let n = n_vpcs.min(16_384);
    let per_region = 250;
    let region_of = |i: usize| GENERATED_REGIONS[(i / per_region) % GENERATED_REGIONS.len()];
    let block = |i: usize| format!("10.{}.{}.0/22", i / 64, (i % 64) * 4);
    let subnet_block = |i: usize, s: usize| {
        let third = (i % 64) * 4 + s / 2;
        format!("10.{}.{}.{}/25", i / 64, third, (s % 2) * 128)
    };
    let mut links: Vec<(usize, usize)> = Vec::new();
    for i in 0..n {
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
    }
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
    let (mut groups, mut instances, mut vgws, mut cgws, mut vpns, mut sites) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
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
        if i % 100 == 0 {
            let site = format!("172.16.{}.0/24", (i / 100) % 256);
            private.push(json!({ "destination": site, "target": format!("vgw-{i}") }));
            vgws.push(json!({ "id": format!("vgw-{i}"), "region": region, "attachments": [{ "vpc": vpc }] }));
            cgws.push(
                json!({ "id": format!("cgw-{i}"), "region": region, "bgpAsn": 65000,
                "ipAddress": format!("203.0.113.{}", (i / 100) % 250 + 1) }),
            );
            vpns.push(json!({ "id": format!("vpn-{i}"), "region": region, "customerGateway": format!("cgw-{i}"), "vpnGateway": format!("vgw-{i}"),
                "staticRoutesOnly": true, "routes": [{ "cidr": site }], "tunnels": [{ "status": "UP" }, { "status": "UP" }] }));
            sites.push(json!({ "id": format!("site-{i}"), "cidrs": [site], "customerGateways": [format!("cgw-{i}")] }));
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
    let doc = json!({
        "format": crate::model::FORMAT, "name": format!("generated, {n} VPCs"),
        "vpcs": vpcs, "subnets": subnets, "routeTables": tables, "internetGateways": igws, "natGateways": nats,
        "vpcPeeringConnections": peerings, "vpnGateways": vgws, "customerGateways": cgws, "vpnConnections": vpns,
        "securityGroups": groups, "instances": instances, "onPremNetworks": sites,
        // An account built for this scale has raised these quotas.
        "quotas": [
            { "code": "QUOTA_VPCS_PER_REGION", "value": per_region },
            { "code": "QUOTA_NAT_PER_AZ", "value": per_region },
        ],
    });
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
    fn the_sample_parses_with_all_references_declared() {
        let parsed = crate::import::native::parse("sample", super::SAMPLE_JSON);
        assert!(parsed.is_ok(), "{:?}", parsed.err());
    }
}
