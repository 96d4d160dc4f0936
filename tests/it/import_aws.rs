//! AWS import over the real Batfish snapshots (every one imports; counts match the files) and
//! small hand-made inputs for each accepted shape and each error.

use serde_json::Value;
use std::path::Path;
use vpcmap::import::{self, InputFile};

pub(crate) fn import_dir(dir: &Path) -> import::Imported {
    import::import(&crate::read_inputs(dir)).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Count list items under `key` (or `key[].inner[]`) across the snapshot's JSON files, straight
/// from the JSON.
fn count(dir: &Path, key: &str, inner: Option<&str>) -> usize {
    crate::read_inputs(dir)
        .iter()
        .map(|file| {
            let value: Value = serde_json::from_str(&file.text).unwrap();
            let items = value
                .get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            match inner {
                None => items.len(),
                Some(inner) => items
                    .iter()
                    .map(|r| r.get(inner).and_then(Value::as_array).map_or(0, Vec::len))
                    .sum(),
            }
        })
        .sum()
}

/// Instances in the topology plus the terminated ones skipped with a note: every
/// `Reservations[].Instances[]` entry is accounted for.
fn instances_accounted(imported: &import::Imported) -> usize {
    imported.topology.instances.len()
        + imported
            .notes
            .iter()
            .filter(|n| {
                n.message
                    .contains("has no subnet (state terminated) and is skipped")
            })
            .count()
}

#[test]
fn every_batfish_snapshot_imports_with_matching_counts() {
    let root = crate::shared_fixtures().join("batfish");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 17);
    for dir in dirs {
        let configs = dir.join("aws_configs");
        let imported = import_dir(&configs);
        let topo = &imported.topology;
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(
            topo.vpcs.len(),
            count(&configs, "Vpcs", None),
            "{name}: VPCs"
        );
        assert_eq!(
            topo.subnets.len(),
            count(&configs, "Subnets", None),
            "{name}: subnets"
        );
        assert_eq!(
            instances_accounted(&imported),
            count(&configs, "Reservations", Some("Instances")),
            "{name}: instances"
        );
        assert!(
            topo.instances
                .iter()
                .all(|i| i.state.as_deref() != Some("terminated")),
            "{name}: only terminated instances are skipped, and all of them"
        );
        assert!(
            topo.vpcs.iter().all(|v| !v.region.is_empty()),
            "{name}: every VPC has a region"
        );
        // The whole pipeline runs on it.
        let layout = vpcmap::layout::run(topo);
        assert_eq!(vpcmap::layout::check::violations(&layout), vec![], "{name}");
        let _ = vpcmap::validate::run(topo);
    }
}

#[test]
fn hybrid_cloud_imports_both_regions() {
    let configs = crate::shared_fixtures()
        .join("batfish-hybrid-cloud")
        .join("aws_configs");
    let imported = import_dir(&configs);
    let topo = &imported.topology;
    assert_eq!(topo.region_names(), vec!["us-east-2", "us-west-2"]);
    assert_eq!(topo.vpcs.len(), count(&configs, "Vpcs", None));
    assert_eq!(topo.subnets.len(), count(&configs, "Subnets", None));
    assert_eq!(
        instances_accounted(&imported),
        count(&configs, "Reservations", Some("Instances"))
    );
    assert_eq!(topo.transit_gateways.len(), 2);
    let vpc2 = topo
        .vpcs
        .iter()
        .find(|v| v.name.as_deref() == Some("vpc-2"))
        .unwrap();
    assert_eq!(vpc2.region, "us-east-2");
    assert_eq!(vpc2.cidrs[0].to_string(), "10.30.0.0/16");
    // A route with a transit gateway target.
    let table = topo
        .route_tables
        .iter()
        .find(|t| t.id.as_str() == "rtb-06227a9df13216f67")
        .unwrap();
    assert!(table
        .routes
        .iter()
        .any(|r| r.destination.to_string() == "10.20.0.0/16"
            && r.target.id() == "tgw-06b348adabd13452d"));
    // Skipped files are notes, not failures.
    assert!(imported
        .notes
        .iter()
        .any(|n| n.message.contains("skipped DBInstances")));
    // VPN connections on a TGW with their tunnels; an on-premises site derived from the CGW.
    assert!(topo
        .vpn_connections
        .iter()
        .all(|v| v.transit_gateway.is_some() && v.tunnels.len() == 2));
    assert!(!topo.on_prem_networks.is_empty());
    let layout = vpcmap::layout::run(topo);
    assert_eq!(vpcmap::layout::check::violations(&layout), vec![]);
    assert_eq!(
        layout
            .edges
            .iter()
            .filter(|e| e.kind == vpcmap::layout::EdgeKind::TgwAttachment)
            .count(),
        4
    );
}

/// Every snapshot folder under the shared fixtures: the 17 Batfish ones and hybrid-cloud.
pub(crate) fn every_snapshot() -> Vec<std::path::PathBuf> {
    let root = crate::shared_fixtures();
    let mut dirs: Vec<_> = std::fs::read_dir(root.join("batfish"))
        .unwrap()
        .map(|e| e.unwrap().path().join("aws_configs"))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.push(root.join("batfish-hybrid-cloud").join("aws_configs"));
    dirs
}

/// The topology as a native document, followed by every note: all the text an import emits.
fn emitted_text(imported: &import::Imported) -> String {
    vpcmap::import::native::to_string(&imported.topology)
        + &imported
            .notes
            .iter()
            .map(|n| n.to_string() + "\n")
            .collect::<String>()
}

#[test]
fn secrets_never_reach_the_model_or_the_notes() {
    let mut with_vpns = 0;
    for dir in every_snapshot() {
        let imported = import_dir(&dir);
        with_vpns += usize::from(!imported.topology.vpn_connections.is_empty());
        let text = emitted_text(&imported);
        for secret in ["REDACTED-psk", "pre_shared_key", "PreSharedKey", "REDACTED"] {
            assert!(!text.contains(secret), "{}: {secret} leaked", dir.display());
        }
    }
    // The snapshots whose VpnConnections.json carry a (redacted) key in their XML.
    assert!(with_vpns >= 4, "{with_vpns}");
}

#[test]
fn vpn_tunnels_come_from_the_cgw_configuration_when_options_are_missing() {
    let topo =
        import_dir(&crate::shared_fixtures().join("batfish/test-vpn-gateway/aws_configs")).topology;
    let vpn = &topo.vpn_connections[0];
    assert_eq!(vpn.tunnels.len(), 2);
    assert!(vpn
        .tunnels
        .iter()
        .all(|t| t.inside_cidr.is_some_and(|c| c.prefix_len() == 30)));
    assert!(vpn.tunnels.iter().all(|t| t.status.is_some()));
    // Hybrid cloud: same shape (empty TunnelOptions), tunnels joined to telemetry by outside IP.
    let topo =
        import_dir(&crate::shared_fixtures().join("batfish-hybrid-cloud/aws_configs")).topology;
    let vpn = topo
        .vpn_connections
        .iter()
        .find(|v| v.id.as_str() == "vpn-01c45673532d3e33e")
        .unwrap();
    let tunnels: Vec<(Option<&str>, Option<&str>)> = vpn
        .tunnels
        .iter()
        .map(|t| (t.outside_ip.as_deref(), t.status.as_deref()))
        .collect();
    assert_eq!(
        tunnels,
        vec![
            (Some("3.19.24.131"), Some("UP")),
            (Some("52.14.53.162"), Some("UP"))
        ]
    );
    assert!(vpn.tunnels.iter().all(|t| t.inside_cidr.is_some()));
}

#[test]
fn vpn_tunnels_from_tunnel_options_as_the_cli_prints_them() {
    let imported = import::import(&fixture_inputs("vpn-tunnel-options")).unwrap();
    let topo = &imported.topology;
    let vpn = &topo.vpn_connections[0];
    assert_eq!(vpn.name.as_deref(), Some("SecondaryVPN"));
    assert_eq!(vpn.region.as_deref(), Some("us-east-1"));
    assert_eq!(
        vpn.transit_gateway.as_ref().map(|t| t.as_str()),
        Some("tgw-123ab")
    );
    assert!(vpn.static_routes_only);
    // Telemetry is listed in the other order; it is matched by outside address, not position.
    let tunnels: Vec<(String, String, String)> = vpn
        .tunnels
        .iter()
        .map(|t| {
            (
                t.outside_ip.clone().unwrap(),
                t.inside_cidr.unwrap().to_string(),
                t.status.clone().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        tunnels,
        vec![
            (
                "203.0.113.3".into(),
                "169.254.10.0/30".into(),
                "DOWN".into()
            ),
            ("203.0.113.5".into(), "169.254.11.0/30".into(), "UP".into()),
        ]
    );
    assert_eq!(
        topo.customer_gateways[0].bgp_asn,
        Some(65000),
        "BgpAsn is a string"
    );
    let site = &topo.on_prem_networks[0];
    assert_eq!(site.id.as_str(), "onprem-cgw-123ab");
    assert_eq!(site.name.as_deref(), Some("office-fw"));
    assert_eq!(
        site.cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        vec!["192.168.0.0/20"]
    );
    let text = emitted_text(&imported);
    assert!(!text.contains("SECRET"), "{text}");
}

#[test]
fn pascal_case_direct_connect_from_batfish() {
    let topo = import_dir(
        &crate::shared_fixtures().join("batfish/test-direct-connect-private-vif/aws_configs"),
    )
    .topology;
    let vif = topo
        .virtual_interfaces
        .iter()
        .find(|v| v.id.as_str() == "dxvif-priv01")
        .unwrap();
    assert_eq!(vif.vlan, Some(300));
    assert_eq!(vif.asn, Some(65010));
    assert_eq!(
        vif.vpn_gateway.as_ref().map(|g| g.as_str()),
        Some("vgw-priv01")
    );
    assert_eq!(vif.bgp_status, vec!["up"]);
    assert!(topo
        .on_prem_networks
        .iter()
        .any(|s| s.id.as_str() == "onprem-dxvif-priv01"));
}

#[test]
fn nacl_entries_and_peering_regions() {
    let topo =
        import_dir(&crate::shared_fixtures().join("batfish/test-vpc-peering/aws_configs")).topology;
    let acl = topo
        .network_acls
        .iter()
        .find(|a| a.id.as_str() == "acl-01dee4c0b49e0f2a2")
        .unwrap();
    let deny = acl
        .entries
        .iter()
        .find(|e| e.rule_number == 32767 && e.egress)
        .unwrap();
    assert_eq!(deny.action, vpcmap::model::RuleAction::Deny);
    assert_eq!(deny.protocol, "-1");
    assert_eq!(deny.cidr.unwrap().to_string(), "0.0.0.0/0");
    let pcx = topo
        .vpc_peering_connections
        .iter()
        .find(|p| p.id.as_str() == "pcx-0d5b836985ac8ca8c")
        .unwrap();
    assert_eq!(pcx.requester.vpc.as_str(), "vpc-0404e08ceddf7f650");
    assert_eq!(pcx.requester.region.as_deref(), Some("us-east-2"));
    assert_eq!(pcx.accepter.vpc.as_str(), "vpc-09095dbf2886404ee");
    assert_eq!(pcx.accepter.region.as_deref(), Some("us-east-2"));
    assert!(pcx.is_active());
}

#[test]
fn transit_gateway_static_routes_and_propagations_land_in_their_tables() {
    let batfish = crate::shared_fixtures().join("batfish");
    let topo = import_dir(&batfish.join("test-transit-gateway-peering/aws_configs")).topology;
    let routes: Vec<(String, Option<&str>)> = topo
        .transit_gateway_route_tables
        .iter()
        .flat_map(|t| t.routes.iter())
        .map(|r| {
            (
                r.destination.to_string(),
                r.attachment.as_ref().map(|a| a.as_str()),
            )
        })
        .collect();
    assert!(routes.contains(&(
        "192.168.0.0/16".to_string(),
        Some("tgw-attach-012e5d602f859dd80")
    )));
    let topo = import_dir(&batfish.join("test-transit-gateway-multi-table/aws_configs")).topology;
    let table = topo
        .transit_gateway_route_tables
        .iter()
        .find(|t| t.id.as_str() == "tgw-rtb-096a7119299ab1c42")
        .unwrap();
    assert_eq!(
        table.propagations[0].as_str(),
        "tgw-attach-07f5ec59e9f540021"
    );
    let attachment = topo
        .transit_gateway_attachments
        .iter()
        .find(|a| a.id.as_str() == "tgw-attach-07f5ec59e9f540021")
        .unwrap();
    assert_eq!(attachment.subnets[0].as_str(), "subnet-006a19c846f047bd7");
    assert_eq!(
        attachment.route_table.as_ref().map(|t| t.as_str()),
        Some("tgw-rtb-0fa40c8df355dce6e")
    );
}

#[test]
fn route_targets_of_every_kind_and_newer_ones_kept_verbatim() {
    let text = r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1",
        "Associations": [{"Main": true, "AssociationState": {"State": "associated"}},
                         {"SubnetId": "subnet-1", "AssociationState": {"State": "associated"}},
                         {"SubnetId": "subnet-old", "AssociationState": {"State": "disassociated"}},
                         {"GatewayId": "igw-1", "AssociationState": {"State": "associated"}}],
        "PropagatingVgws": [{"GatewayId": "vgw-1"}],
        "Routes": [
          {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
          {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "Origin": "CreateRoute", "State": "blackhole"},
          {"DestinationCidrBlock": "10.1.0.0/16", "VpcPeeringConnectionId": "pcx-1"},
          {"DestinationCidrBlock": "10.2.0.0/16", "TransitGatewayId": "tgw-1"},
          {"DestinationCidrBlock": "10.3.0.0/16", "InstanceId": "i-1", "InstanceOwnerId": "111122223333", "NetworkInterfaceId": "eni-1"},
          {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1"},
          {"DestinationPrefixListId": "pl-63a5400a", "GatewayId": "vpce-1"},
          {"DestinationCidrBlock": "172.16.0.0/12", "GatewayId": "vgw-1", "Origin": "EnableVgwRoutePropagation"},
          {"DestinationCidrBlock": "10.4.0.0/16", "CoreNetworkArn": "arn:aws:networkmanager::1:core-network/cn-1"},
          {"DestinationCidrBlock": "10.5.0.0/16", "OdbNetworkArn": "arn:aws:odb:us-east-1:1:odb-network/odb-1"}
        ]}]}"#;
    let imported = import::import(&[InputFile::new("us-east-1/RouteTables.json", text)]).unwrap();
    let table = &imported.topology.route_tables[0];
    assert!(table.main);
    assert_eq!(
        table.subnets.len(),
        1,
        "a disassociated subnet is not associated"
    );
    assert_eq!(table.gateways, vec!["igw-1"]);
    assert_eq!(table.propagating_vgws[0].as_str(), "vgw-1");
    let routes: Vec<String> = table
        .routes
        .iter()
        .map(|r| {
            format!(
                "{} {} {:?} {:?}",
                r.destination, r.target, r.state, r.origin
            )
        })
        .collect();
    assert_eq!(
        routes,
        vec![
            "10.0.0.0/16 local Active CreateRouteTable",
            "0.0.0.0/0 nat-1 Blackhole CreateRoute",
            "10.1.0.0/16 pcx-1 Active CreateRoute",
            "10.2.0.0/16 tgw-1 Active CreateRoute",
            "10.3.0.0/16 eni-1 Active CreateRoute",
            "::/0 eigw-1 Active CreateRoute",
            "pl-63a5400a vpce-1 Active CreateRoute",
            "172.16.0.0/12 vgw-1 Active EnableVgwRoutePropagation",
            "10.4.0.0/16 arn:aws:networkmanager::1:core-network/cn-1 Active CreateRoute",
            "10.5.0.0/16 arn:aws:odb:us-east-1:1:odb-network/odb-1 Active CreateRoute",
        ]
    );
}

#[test]
fn the_same_snapshot_in_any_file_order_gives_the_same_bytes() {
    let dir = crate::shared_fixtures().join("batfish-hybrid-cloud/aws_configs");
    let inputs = crate::read_inputs(&dir);
    let mut reversed = inputs.clone();
    reversed.reverse();
    let a = import::import(&inputs).unwrap();
    let b = import::import(&reversed).unwrap();
    assert_eq!(emitted_text(&a), emitted_text(&b));
}

/// A fixture file or folder under `tests/fixtures/aws/`, with paths relative to the repository
/// (as the CLI would print them), so error texts can be compared whole.
fn fixture_inputs(rel: &str) -> Vec<InputFile> {
    let root = crate::repo_root();
    let path = root.join("tests/fixtures/aws").join(rel);
    let files = if path.is_dir() {
        crate::read_inputs(&path)
    } else {
        vec![InputFile::new(
            path.to_string_lossy(),
            std::fs::read_to_string(&path).unwrap(),
        )]
    };
    let prefix = format!("{}/", root.display());
    files
        .into_iter()
        .map(|f| InputFile::new(f.path.trim_start_matches(&prefix), f.text))
        .collect()
}

#[test]
fn amazon_ipv6_pools_block_public_access_association_states_private_dns_and_vpn_ecmp() {
    let topo = import::import(&fixture_inputs("merged-new-fields.json"))
        .unwrap()
        .topology;
    let vpc = &topo.vpcs[0];
    assert_eq!(vpc.ipv6_cidrs.len(), 2);
    // Only the block from the `Amazon` pool is Amazon-provided.
    assert_eq!(
        vpc.ipv6_amazon_provided
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
        ["2600:1f18:aaaa:bb00::/56"]
    );
    assert_eq!(
        vpc.internet_gateway_block_mode.as_deref(),
        Some("block-ingress")
    );
    let table = &topo.route_tables[0];
    assert!(table.main && table.subnets.is_empty());
    assert_eq!(table.other_associations.len(), 1);
    let assoc = &table.other_associations[0];
    assert_eq!(
        (
            assoc.id.as_deref(),
            assoc.target.as_deref(),
            assoc.main,
            assoc.state.as_str()
        ),
        (Some("rtbassoc-1"), Some("subnet-n1"), false, "failed")
    );
    assert_eq!(topo.vpc_endpoints[0].private_dns_enabled, Some(true));
    assert_eq!(topo.transit_gateways[0].vpn_ecmp_support, Some(false));
}

#[test]
fn merged_single_region_object_with_region_key() {
    let imported = import::import(&fixture_inputs("merged-us-west-1.json")).unwrap();
    let vpc = &imported.topology.vpcs[0];
    assert_eq!(vpc.region, "us-west-1");
    assert_eq!(vpc.name.as_deref(), Some("merged"));
    assert_eq!(
        vpc.cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        vec!["10.60.0.0/16", "10.61.0.0/16"]
    );
    assert_eq!(vpc.other_cidrs[0].state, "disassociated");
    assert_eq!(vpc.account.as_ref().unwrap().as_str(), "111122223333");
    assert_eq!(
        imported.topology.subnets[0].az.as_deref(),
        Some("us-west-1b")
    );
    // The unknown extra key is a note, not a failure.
    assert_eq!(
        imported
            .notes
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>(),
        vec!["tests/fixtures/aws/merged-us-west-1.json: skipped LoadBalancers: vpcmap does not model it"]
    );
}

#[test]
fn multi_region_object_with_camel_case_direct_connect() {
    let imported = import::import(&fixture_inputs("multi-region.json")).unwrap();
    let topo = &imported.topology;
    let regions: Vec<(&str, &str)> = topo
        .vpcs
        .iter()
        .map(|v| (v.id.as_str(), v.region.as_str()))
        .collect();
    // Regions are read in key order (serde_json maps are sorted), so the result is stable.
    assert_eq!(
        regions,
        vec![("vpc-w1", "eu-west-1"), ("vpc-e1", "us-east-1")]
    );
    assert_eq!(topo.vpn_gateways[0].region.as_deref(), Some("us-east-1"));
    // An inter-region peering keeps both sides' regions.
    let pcx = &topo.vpc_peering_connections[0];
    assert_eq!(pcx.requester.region.as_deref(), Some("us-east-1"));
    assert_eq!(pcx.accepter.region.as_deref(), Some("eu-west-1"));
    let vif = &topo.virtual_interfaces[0];
    assert_eq!(vif.name.as_deref(), Some("private-vif"));
    assert_eq!(vif.region.as_deref(), Some("us-east-1"));
    assert_eq!(vif.vlan, Some(101));
    assert_eq!(vif.mtu, Some(9001));
    assert_eq!(vif.asn, Some(4_200_000_001), "asnLong wins when asn is 0");
    assert_eq!(vif.vpn_gateway, None, "empty string means none");
    assert_eq!(
        vif.dx_gateway.as_ref().unwrap().as_str(),
        "11111111-2222-3333-4444-555555555555"
    );
    assert_eq!(vif.bgp_status, vec!["up"]);
    assert_eq!(
        topo.dx_connections[0].encryption_mode.as_deref(),
        Some("must_encrypt")
    );
    assert_eq!(topo.dx_connections[0].name.as_deref(), Some("main-dx"));
    assert!(!topo.dx_connections[0].hosted, "partnerName \"\" is none");
    assert_eq!(topo.dx_gateways[0].name.as_deref(), Some("dxgw"));
    let association = &topo.dx_gateway_associations[0];
    assert_eq!(association.gateway, "vgw-e1");
    assert_eq!(association.region.as_deref(), Some("us-east-1"));
    assert_eq!(association.allowed_prefixes[0].to_string(), "10.1.0.0/16");
    assert!(topo
        .on_prem_networks
        .iter()
        .any(|s| s.virtual_interfaces.iter().any(|v| v.as_str() == "dxvif-1")));
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
    assert!(
        !emitted_text(&imported).contains("SECRET"),
        "BGP auth keys are not kept"
    );
}

#[test]
fn vpc_attribute_files_set_the_dns_attributes() {
    let imported = import::import(&fixture_inputs("attributes")).unwrap();
    let topo = &imported.topology;
    assert_eq!(topo.vpcs[0].region, "eu-central-1");
    assert_eq!(topo.vpcs[0].enable_dns_support, Some(true));
    assert_eq!(topo.vpcs[0].enable_dns_hostnames, Some(false));
    assert_eq!(
        imported
            .notes
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>(),
        vec!["tests/fixtures/aws/attributes/eu-central-1/address-usage.json: skipped the VPC attribute EnableNetworkAddressUsageMetrics: vpcmap does not model it"]
    );
}

#[test]
fn bad_cidr_names_file_and_json_path() {
    let err = import::import(&fixture_inputs("bad-cidr")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/fixtures/aws/bad-cidr/us-east-1/Subnets.json: $.Subnets[1].CidrBlock: expected an IPv4 CIDR such as 10.0.0.0/16, found \"10.0.0.0/33\""
    );
}

#[test]
fn wrong_types_name_the_path() {
    let err = import::import(&[InputFile::new(
        "us-east-1/Vpcs.json",
        r#"{"Vpcs": {"VpcId": "vpc-1"}}"#,
    )])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "us-east-1/Vpcs.json: $.Vpcs: expected a list, found an object"
    );
    let err = import::import(&[InputFile::new(
        "us-east-1/RouteTables.json",
        r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": 7}]}]}"#,
    )])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "us-east-1/RouteTables.json: $.RouteTables[0].Routes[0].GatewayId: expected a string, found a number"
    );
}

#[test]
fn a_file_that_is_not_aws_output_is_refused() {
    let err = import::import(&fixture_inputs("not-aws.json")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/fixtures/aws/not-aws.json: not a vpcmap document or an AWS describe-* output: expected \"format\": \"vpcmap/1\" or a top-level key such as Vpcs, Subnets, RouteTables, VpcPeeringConnections, VpnConnections or virtualInterfaces"
    );
    // Beside AWS output, the same file is only a note.
    let mut inputs = fixture_inputs("not-aws.json");
    inputs.extend(fixture_inputs("merged-us-west-1.json"));
    let imported = import::import(&inputs).unwrap();
    assert!(imported.notes.iter().any(|n| n.to_string()
        == "tests/fixtures/aws/not-aws.json: skipped name: vpcmap does not model it"));
}

#[test]
fn a_vpc_whose_region_cannot_be_told_is_an_error_saying_how_to_fix_it() {
    let err = import::import(&[InputFile::new(
        "export/Vpcs.json",
        r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
    )])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "export/Vpcs.json: vpc-1: cannot tell which region this VPC is in (describe output does not say): put the files in a folder named after the region (e.g. aws_configs/us-east-1/) or add \"Region\": \"us-east-1\" to the file"
    );
}

#[test]
fn a_vpc_in_a_folder_of_several_regions_is_an_error_naming_it() {
    let err = import::import(&fixture_inputs("ambiguous-region")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/fixtures/aws/ambiguous-region/Vpcs.json: vpc-nowhere: cannot tell which region this VPC is in: the files in its folder mention several regions (us-east-1, us-west-2); put each region's files in a folder named after it (aws_configs/<region>/) or add \"Region\" to each file"
    );
}

#[test]
fn contradicting_region_evidence_is_an_error() {
    let files = [
        InputFile::new(
            "export/Vpcs.json",
            r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
        ),
        InputFile::new(
            "export/Subnets.json",
            r#"{"Subnets": [{"SubnetId": "s-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-east-1a"}, {"SubnetId": "s-2", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "eu-west-1a"}]}"#,
        ),
    ];
    let err = import::import(&files).unwrap_err().to_string();
    assert!(
        err.starts_with("export/Vpcs.json: vpc-1: its subnets' availability zones and the peerings that name it point to several regions (eu-west-1, us-east-1)"),
        "{err}"
    );
    let err = import::import(&fixture_inputs("region-contradiction")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tests/fixtures/aws/region-contradiction/us-east-1/Vpcs.json: $.Region: the folder says us-east-1 but \"Region\" says us-west-2; move the file or correct \"Region\""
    );
}

#[test]
fn region_is_inferred_from_availability_zones_in_a_flat_folder() {
    let files = [
        InputFile::new(
            "flat/Vpcs.json",
            r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
        ),
        InputFile::new(
            "flat/Subnets.json",
            r#"{"Subnets": [{"SubnetId": "s-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "ap-south-1b"}]}"#,
        ),
    ];
    assert_eq!(
        import::import(&files).unwrap().topology.vpcs[0].region,
        "ap-south-1"
    );
}

#[test]
fn each_vpc_and_tgw_of_a_flat_two_region_folder_finds_its_own_region() {
    let imported = import::import(&fixture_inputs("flat-two-regions")).unwrap();
    let topo = &imported.topology;
    let regions: Vec<(&str, &str)> = topo
        .vpcs
        .iter()
        .map(|v| (v.id.as_str(), v.region.as_str()))
        .collect();
    assert_eq!(
        regions,
        vec![
            ("vpc-east", "us-east-1"),      // its subnet's zone
            ("vpc-west", "us-west-2"),      // its subnet's zone
            ("vpc-peer-only", "eu-west-1"), // the peering's AccepterVpcInfo.Region
        ]
    );
    let tgw = &topo.transit_gateways[0];
    assert_eq!(tgw.region, "us-west-2", "from its VPC attachment");
    assert_eq!(tgw.amazon_side_asn, Some(64512));
    let attachment = &topo.transit_gateway_attachments[0];
    assert_eq!(attachment.resource, "vpc-west");
    assert_eq!(attachment.subnets[0].as_str(), "subnet-west");
    let pcx = &topo.vpc_peering_connections[0];
    assert_eq!(
        pcx.accepter.allow_dns_resolution_from_remote_vpc,
        Some(true)
    );
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
}

#[test]
fn a_resource_seen_twice_keeps_its_first_copy_with_a_note() {
    let files = [
        InputFile::new(
            "a/us-east-1/Vpcs.json",
            r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
        ),
        InputFile::new(
            "b/us-east-1/Vpcs.json",
            r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.9.0.0/16"}]}"#,
        ),
    ];
    let imported = import::import(&files).unwrap();
    assert_eq!(imported.topology.vpcs.len(), 1);
    assert_eq!(
        imported.topology.vpcs[0].cidrs[0].to_string(),
        "10.0.0.0/16"
    );
    assert_eq!(
        imported.notes[0].to_string(),
        "b/us-east-1/Vpcs.json: vpc-1 appears again (first in a/us-east-1/Vpcs.json); the first copy is kept"
    );
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let text = "[".repeat(100_000) + &"]".repeat(100_000);
    let err = import::import(&[InputFile::new("deep.json", text)]).unwrap_err();
    assert!(err.to_string().starts_with("deep.json:1:"), "{err}");
}
