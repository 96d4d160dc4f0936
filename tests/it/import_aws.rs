//! AWS import over the real Batfish snapshots (every one imports; counts match the files) and
//! small hand-made inputs for each accepted shape and each error.

use serde_json::Value;
use std::path::Path;
use vpcmap::import::{self, InputFile};

fn import_dir(dir: &Path) -> import::Imported {
    import::import(&crate::read_inputs(dir)).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Count list items under `key` across the snapshot's JSON files, straight from the JSON.
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
                // Instances without a subnet (terminated) are not part of the network.
                Some(inner) => items
                    .iter()
                    .flat_map(|r| {
                        r.get(inner)
                            .and_then(Value::as_array)
                            .cloned()
                            .unwrap_or_default()
                    })
                    .filter(|i| i.get("SubnetId").is_some())
                    .count(),
            }
        })
        .sum()
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
        let topo = import_dir(&configs).topology;
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
            topo.instances.len(),
            count(&configs, "Reservations", Some("Instances")),
            "{name}: instances"
        );
        assert!(
            topo.vpcs.iter().all(|v| !v.region.is_empty()),
            "{name}: every VPC has a region"
        );
        // The whole pipeline runs on it.
        let layout = vpcmap::layout::run(&topo);
        assert_eq!(vpcmap::layout::check::violations(&layout), vec![], "{name}");
        let _ = vpcmap::validate::run(&topo);
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
        topo.instances.len(),
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

#[test]
fn secrets_never_reach_the_model_or_the_notes() {
    for dir in [
        "batfish-hybrid-cloud/aws_configs",
        "batfish/test-vpn-gateway/aws_configs",
        "batfish/test-public-private-subnet/aws_configs",
    ] {
        let imported = import_dir(&crate::shared_fixtures().join(dir));
        let text = vpcmap::import::native::to_string(&imported.topology)
            + &imported
                .notes
                .iter()
                .map(|n| n.to_string())
                .collect::<String>();
        for secret in ["REDACTED-psk", "pre_shared_key", "PreSharedKey"] {
            assert!(!text.contains(secret), "{dir}: {secret} leaked");
        }
    }
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
}

#[test]
fn nacl_entries_and_peering_regions() {
    let topo =
        import_dir(&crate::shared_fixtures().join("batfish/test-vpc-peering/aws_configs")).topology;
    let acl = &topo.network_acls[0];
    assert!(acl.entries.iter().any(|e| e.rule_number == 32767));
    let pcx = &topo.vpc_peering_connections[0];
    assert!(pcx.requester.region.is_some() && pcx.accepter.region.is_some());
}

fn fixture_inputs(rel: &str) -> Vec<InputFile> {
    let path = crate::repo_root().join("tests/fixtures/aws").join(rel);
    if path.is_dir() {
        crate::read_inputs(&path)
    } else {
        vec![InputFile::new(
            format!("tests/fixtures/aws/{rel}"),
            std::fs::read_to_string(path).unwrap(),
        )]
    }
}

#[test]
fn merged_single_region_object_with_region_key() {
    let imported = import::import(&fixture_inputs("merged-us-west-1.json")).unwrap();
    let vpc = &imported.topology.vpcs[0];
    assert_eq!(vpc.region, "us-west-1");
    assert_eq!(
        vpc.cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        vec!["10.60.0.0/16", "10.61.0.0/16"]
    );
    assert_eq!(vpc.other_cidrs[0].state, "disassociated");
    assert_eq!(vpc.account.as_ref().unwrap().as_str(), "111122223333");
    assert_eq!(imported.notes.len(), 1, "{:?}", imported.notes);
    assert!(imported.notes[0].message.contains("skipped LoadBalancers"));
}

#[test]
fn multi_region_object_with_camel_case_direct_connect() {
    let topo = import::import(&fixture_inputs("multi-region.json"))
        .unwrap()
        .topology;
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
    let vif = &topo.virtual_interfaces[0];
    assert_eq!(vif.asn, Some(4_200_000_001), "asnLong wins when asn is 0");
    assert_eq!(vif.vpn_gateway, None, "empty string means none");
    assert_eq!(
        vif.dx_gateway.as_ref().unwrap().as_str(),
        "11111111-2222-3333-4444-555555555555"
    );
    assert!(!topo.dx_connections[0].hosted);
    assert_eq!(topo.dx_gateway_associations[0].gateway, "vgw-e1");
    assert!(topo
        .on_prem_networks
        .iter()
        .any(|s| s.virtual_interfaces.iter().any(|v| v.as_str() == "dxvif-1")));
}

#[test]
fn vpc_attribute_files_set_the_dns_attributes() {
    let topo = import::import(&fixture_inputs("attributes"))
        .unwrap()
        .topology;
    assert_eq!(topo.vpcs[0].region, "eu-central-1");
    assert_eq!(topo.vpcs[0].enable_dns_support, Some(true));
    assert_eq!(topo.vpcs[0].enable_dns_hostnames, Some(false));
}

#[test]
fn bad_cidr_names_file_and_json_path() {
    let text = r#"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-east-1a"},
        {"SubnetId": "subnet-2", "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/33", "AvailabilityZone": "us-east-1a"}]}"#;
    let err =
        import::import(&[InputFile::new("aws_configs/us-east-1/Subnets.json", text)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "aws_configs/us-east-1/Subnets.json: $.Subnets[1].CidrBlock: expected an IPv4 CIDR such as 10.0.0.0/16, found \"10.0.0.0/33\""
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
}

#[test]
fn a_file_that_is_not_aws_output_is_refused() {
    let err = import::import(&[InputFile::new(
        "package.json",
        r#"{"name": "x", "version": "1.0.0"}"#,
    )])
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("package.json: not a vpcmap document or an AWS describe-* output"),
        "{err}"
    );
}

#[test]
fn a_vpc_whose_region_cannot_be_told_is_an_error_saying_how_to_fix_it() {
    let err = import::import(&[InputFile::new(
        "export/Vpcs.json",
        r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
    )])
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("export/Vpcs.json: vpc-1: cannot tell which region"),
        "{text}"
    );
    assert!(text.contains("aws_configs/us-east-1/"), "{text}");
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
        err.contains("several regions (eu-west-1, us-east-1)"),
        "{err}"
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
fn deeply_nested_json_is_an_error_not_a_crash() {
    let text = "[".repeat(100_000) + &"]".repeat(100_000);
    let err = import::import(&[InputFile::new("deep.json", text)]).unwrap_err();
    assert!(err.to_string().starts_with("deep.json:1:"), "{err}");
}
