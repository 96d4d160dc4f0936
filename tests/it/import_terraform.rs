//! Terraform import: every public fixture with the counts its NOTICE lists, the hand-made plan
//! with every network type (modules, count, for_each, unknown ids resolved through the
//! configuration), error paths, secrets and determinism.

use std::collections::BTreeMap;
use vpcmap::import::{self, terraform, InputFile};
use vpcmap::Topology;

fn shared(name: &str) -> InputFile {
    let path = crate::shared_fixtures().join("terraform").join(name);
    InputFile::new(name, std::fs::read_to_string(path).unwrap())
}

fn local(name: &str) -> InputFile {
    let path = crate::repo_root()
        .join("tests/fixtures/terraform")
        .join(name);
    InputFile::new(name, std::fs::read_to_string(path).unwrap())
}

/// The 28 types NOTICE.md counts.
const NOTICE_TYPES: &[&str] = &[
    "aws_vpc",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_subnet",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_internet_gateway",
    "aws_nat_gateway",
    "aws_vpc_peering_connection",
    "aws_vpc_peering_connection_accepter",
    "aws_vpn_gateway",
    "aws_vpn_gateway_attachment",
    "aws_customer_gateway",
    "aws_vpn_connection",
    "aws_vpn_connection_route",
    "aws_dx_gateway",
    "aws_dx_gateway_association",
    "aws_dx_private_virtual_interface",
    "aws_dx_connection",
    "aws_vpc_endpoint",
    "aws_vpc_endpoint_route_table_association",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_network_acl",
    "aws_ec2_transit_gateway",
    "aws_ec2_transit_gateway_vpc_attachment",
    "aws_instance",
];

/// Per file: the NOTICE's network counts, its "managed instances in all", and the model lists
/// the import gives (implicit main route tables included; resources whose container is
/// trimmed out of the file are skipped with a note).
const FIXTURES: &[(&str, &str, usize, &str)] = &[
    (
        "plan-tfcompliance-vpc-module-nat-vgw.json",
        "aws_vpc 1, aws_subnet 6, aws_route_table 4, aws_route 4, aws_route_table_association 6, aws_internet_gateway 1, aws_nat_gateway 3, aws_vpn_gateway 1",
        29,
        "vpcs=1 subnets=6 routeTables=5 internetGateways=1 natGateways=3 vpnGateways=1",
    ),
    (
        "plan-tfcompliance-cgw-vgw.json",
        "aws_vpc 1, aws_subnet 1, aws_internet_gateway 1, aws_nat_gateway 1, aws_vpn_gateway 1, aws_customer_gateway 1, aws_security_group 2, aws_security_group_rule 1",
        9,
        "vpcs=1 subnets=1 routeTables=1 internetGateways=1 natGateways=1 vpnGateways=1 customerGateways=1 securityGroups=2",
    ),
    (
        "plan-tfcompliance-nacl-module.json",
        "aws_vpc 1, aws_subnet 2, aws_network_acl 1",
        4,
        "vpcs=1 subnets=2 routeTables=1 networkAcls=1",
    ),
    (
        "plan-regula-nested-modules.json",
        "aws_vpc 4, aws_security_group 3",
        7,
        "vpcs=4 routeTables=4 securityGroups=3",
    ),
    (
        "plan-checkov-two-vpcs.json",
        "aws_vpc 2, aws_subnet 4, aws_route_table 1, aws_route 1, aws_route_table_association 2, aws_internet_gateway 1, aws_security_group 2, aws_security_group_rule 2, aws_instance 2",
        55,
        "vpcs=2 subnets=4 routeTables=3 internetGateways=1 securityGroups=2 instances=2 networkInterfaces=1",
    ),
    (
        "state-show-infracost-instances.json",
        "aws_instance 6",
        14,
        "vpcs=1 routeTables=1 instances=6 external=2",
    ),
    (
        "tfstate-v4-inframap-repeated-modules.json",
        "aws_internet_gateway 1, aws_nat_gateway 1, aws_security_group 2, aws_security_group_rule 4, aws_instance 7",
        16,
        "internetGateways=1",
    ),
    (
        "tfstate-v4-driftctl-route-table-assoc.json",
        "aws_route_table_association 4",
        4,
        "",
    ),
    ("tfstate-v4-driftctl-routes-ipv6.json", "aws_route 2", 2, ""),
    (
        "tfstate-v3-inframap-module.json",
        "aws_security_group 5, aws_instance 1",
        12,
        "securityGroups=5 instances=1 external=4",
    ),
];

fn counts(file: &InputFile) -> BTreeMap<String, usize> {
    let value: serde_json::Value = serde_json::from_str(&file.text).unwrap();
    terraform::resource_counts(&[(file.path.as_str(), value)]).unwrap()
}

/// `vpcs=1 subnets=6 …`: the non-empty lists of a topology, in document order.
fn lists(topo: &Topology) -> String {
    let doc = serde_json::to_value(topo).unwrap();
    doc.as_object()
        .unwrap()
        .iter()
        .filter(|(key, value)| value.is_array() && *key != "planned")
        .map(|(key, value)| format!("{key}={}", value.as_array().unwrap().len()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The same list written in document order, for comparison with `lists` (JSON objects here
/// come back with sorted keys).
fn sorted(expected: &str) -> String {
    let mut items: Vec<&str> = expected.split_whitespace().collect();
    items.sort_unstable();
    items.join(" ")
}

#[test]
fn every_public_fixture_has_the_counts_its_notice_lists() {
    for (name, notice, total, _) in FIXTURES {
        let counts = counts(&shared(name));
        let network: Vec<String> = NOTICE_TYPES
            .iter()
            .filter_map(|t| counts.get(*t).map(|n| (t, n)))
            .map(|(t, n)| format!("{t} {n}"))
            .collect();
        let mut expected: Vec<&str> = notice.split(", ").collect();
        expected.sort_by_key(|item| {
            NOTICE_TYPES
                .iter()
                .position(|t| item.split(' ').next() == Some(*t))
        });
        assert_eq!(network, expected, "{name}");
        assert_eq!(
            counts.values().sum::<usize>(),
            *total,
            "{name}: managed instances"
        );
    }
}

#[test]
fn every_public_fixture_imports_validates_and_gives_its_model() {
    for (name, _, _, model) in FIXTURES {
        let imported = import::import(&[shared(name)]).unwrap();
        assert_eq!(lists(&imported.topology), sorted(model), "{name}");
        // Validation runs on every import, and no placeholder gets an error of its own.
        let report = vpcmap::validate::run(&imported.topology);
        assert_eq!(report.summary.errors, 0, "{name}: {:#?}", report.findings);
        let layout = vpcmap::layout::run(&imported.topology);
        assert!(
            vpcmap::layout::check::violations(&layout).is_empty(),
            "{name}"
        );
    }
}

fn route_targets(topo: &Topology, table: &str) -> Vec<String> {
    topo.route_tables
        .iter()
        .find(|t| t.id.as_str() == table)
        .unwrap_or_else(|| panic!("no table {table}"))
        .routes
        .iter()
        .map(|r| format!("{} -> {}", r.destination, r.target))
        .collect()
}

#[test]
fn terraform_aws_modules_vpc_resolves_count_index_references_through_the_configuration() {
    let imported = import::import(&[shared("plan-tfcompliance-vpc-module-nat-vgw.json")]).unwrap();
    let topo = &imported.topology;
    assert_eq!(topo.vpcs[0].region, "eu-west-1");
    // `element(aws_nat_gateway.this.*.id, count.index)`: table [1] routes to NAT [1].
    assert_eq!(
        route_targets(topo, "rtb-(module.vpc.aws_route_table.private[1])"),
        [
            "10.0.0.0/16 -> local",
            "0.0.0.0/0 -> nat-(module.vpc.aws_nat_gateway.this[1])"
        ]
    );
    let public = topo
        .route_tables
        .iter()
        .find(|t| t.id.as_str() == "rtb-(module.vpc.aws_route_table.public[0])")
        .unwrap();
    assert_eq!(public.subnets.len(), 3);
    let nat = &topo.nat_gateways[2];
    assert_eq!(
        nat.subnet.as_str(),
        "subnet-(module.vpc.aws_subnet.public[2])"
    );
    // Every placeholder is listed as known after apply and named in a note.
    assert!(topo
        .planned
        .iter()
        .any(|p| p.id == "subnet-(module.vpc.aws_subnet.private[0])"
            && p.address == "module.vpc.aws_subnet.private[0]"));
    for planned in &topo.planned {
        assert!(
            imported
                .notes
                .iter()
                .any(|n| n.message.contains(&planned.address) && n.message.contains("after apply")),
            "{planned:?}"
        );
    }
    assert!(imported
        .notes
        .iter()
        .any(|n| n.message.contains("skipped 3 aws_eip instances")));
}

#[test]
fn raw_states_keep_real_ids_and_report_what_the_trimmed_files_lack() {
    let routes = import::import(&[shared("tfstate-v4-driftctl-routes-ipv6.json")]).unwrap();
    let notes: Vec<String> = routes.notes.iter().map(|n| n.to_string()).collect();
    assert_eq!(
        notes,
        [
            "tfstate-v4-driftctl-routes-ipv6.json: aws_route.route1: skipped: route table rtb-0232602f0f07748fc is not in the input",
            "tfstate-v4-driftctl-routes-ipv6.json: aws_route.route_v6: skipped: route table rtb-0232602f0f07748fc is not in the input",
        ]
    );
    let v3 = import::import(&[shared("tfstate-v3-inframap-module.json")]).unwrap();
    // Flat-map attributes (`ingress.#`, `ingress.<hash>.cidr_blocks.0`) rebuilt into rules.
    let group = v3
        .topology
        .security_groups
        .iter()
        .find(|g| !g.ingress.is_empty())
        .unwrap();
    assert!(group.id.as_str().starts_with("sg-"));
    assert!(!group.ingress[0].protocol.is_empty());
    assert!(v3.topology.planned.is_empty());
    let state = import::import(&[shared("state-show-infracost-instances.json")]).unwrap();
    assert!(state.notes.iter().any(|n| n
        .message
        .contains("vpc-1b20b966: managed by two Terraform resources")));
}

fn every_type() -> import::Imported {
    import::import(&[local("plan-every-type.json")]).unwrap()
}

#[test]
fn hand_made_plan_maps_every_network_type() {
    let imported = every_type();
    let topo = &imported.topology;
    assert_eq!(
        lists(topo),
        sorted(
            "vpcs=2 subnets=4 routeTables=3 internetGateways=1 vpcPeeringConnections=1 vpnGateways=1 \
         customerGateways=1 vpnConnections=2 dxConnections=1 virtualInterfaces=2 dxGateways=1 \
         dxGatewayAssociations=1 vpcEndpoints=2 prefixLists=1 securityGroups=1 networkAcls=1 transitGateways=1 \
         transitGatewayAttachments=3 transitGatewayRouteTables=2 instances=1 onPremNetworks=3"
        )
    );
    let hub = &topo.vpcs[0];
    assert_eq!(hub.id.as_str(), "vpc-(aws_vpc.hub)");
    // The secondary block comes from aws_vpc_ipv4_cidr_block_association.
    assert_eq!(hub.cidrs.len(), 2);
    // for_each keys, module for_each keys and count indexes in the placeholders.
    let subnets: Vec<&str> = topo.subnets.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        subnets,
        [
            "subnet-(aws_subnet.hub[\"a\"])",
            "subnet-(aws_subnet.hub[\"b\"])",
            "subnet-(module.spoke[\"a\"].aws_subnet.app[0])",
            "subnet-(module.spoke[\"a\"].aws_subnet.app[1])",
        ]
    );
    assert_eq!(
        topo.subnets[2].vpc.as_str(),
        "vpc-(module.spoke[\"a\"].aws_vpc.this)"
    );
    // Main route table association, each.key associations, IGW/peering/TGW routes; the route
    // to the accepter's id is the peering's; the spoke table is found through a module output.
    let hub_rt = &topo.route_tables[0];
    assert!(hub_rt.main);
    assert_eq!(hub_rt.subnets.len(), 2);
    assert_eq!(
        hub_rt.propagating_vgws[0].as_str(),
        "vgw-(aws_vpn_gateway.hub)"
    );
    assert_eq!(
        route_targets(topo, "rtb-(aws_route_table.hub)"),
        [
            "10.0.0.0/16 -> local",
            "10.1.0.0/16 -> local",
            "0.0.0.0/0 -> igw-(aws_internet_gateway.hub)",
            "10.20.0.0/16 -> pcx-(aws_vpc_peering_connection.hub_spoke)",
            "172.16.0.0/12 -> tgw-(aws_ec2_transit_gateway.core)",
            // AWS's own route for the gateway endpoint, which Terraform never declares.
            "pl-(aws_vpc_endpoint.s3.prefix_list_id) -> vpce-(aws_vpc_endpoint.s3)",
        ]
    );
    assert_eq!(
        route_targets(topo, "rtb-(module.spoke[\"a\"].aws_route_table.app)"),
        [
            "10.20.0.0/16 -> local",
            "10.0.0.0/16 -> pcx-(aws_vpc_peering_connection.hub_spoke)"
        ]
    );
    // The spoke VPC's main route table is implicit.
    assert!(topo.route_tables[2].main);
    // Peering: accepter makes it active, options set the accepter's DNS flag; the peer VPC
    // comes through `module.spoke["a"].vpc_id`.
    let pcx = &topo.vpc_peering_connections[0];
    assert!(pcx.is_active());
    assert_eq!(
        pcx.accepter.vpc.as_str(),
        "vpc-(module.spoke[\"a\"].aws_vpc.this)"
    );
    assert_eq!(
        pcx.accepter.allow_dns_resolution_from_remote_vpc,
        Some(true)
    );
    // VPN: attachment, static route; the VPN to the TGW gets an attachment in the default table.
    assert_eq!(
        topo.vpn_gateways[0].attached_vpc().unwrap().as_str(),
        "vpc-(aws_vpc.hub)"
    );
    assert_eq!(
        topo.vpn_connections[0].routes[0].cidr.to_string(),
        "192.168.0.0/16"
    );
    let tgw_rt: Vec<String> = topo
        .transit_gateway_route_tables
        .iter()
        .flat_map(|t| {
            t.routes.iter().map(move |r| {
                format!(
                    "{}: {} -> {}",
                    t.id,
                    r.destination,
                    r.attachment.as_ref().map_or("blackhole", |a| a.as_str())
                )
            })
        })
        .collect();
    assert_eq!(
        tgw_rt,
        [
            "tgw-rtb-(aws_ec2_transit_gateway.core.association_default_route_table_id): 10.99.0.0/16 -> blackhole",
            "tgw-rtb-(aws_ec2_transit_gateway_route_table.core): 192.168.0.0/16 -> tgw-attach-(aws_vpn_connection.tgw_office.transit_gateway_attachment_id)",
        ]
    );
    let vpc_attach = &topo.transit_gateway_attachments[1];
    assert_eq!(vpc_attach.resource, "vpc-(aws_vpc.hub)");
    assert_eq!(vpc_attach.subnets.len(), 2);
    assert_eq!(
        vpc_attach.route_table.as_ref().unwrap().as_str(),
        "tgw-rtb-(aws_ec2_transit_gateway_route_table.core)"
    );
    assert_eq!(topo.transit_gateway_attachments[2].resource_type, "peering");
    // Direct Connect.
    assert_eq!(
        topo.dx_gateway_associations[0].gateway,
        "tgw-(aws_ec2_transit_gateway.core)"
    );
    assert_eq!(
        topo.virtual_interfaces[1]
            .dx_gateway
            .as_ref()
            .unwrap()
            .as_str(),
        "dxgw-(aws_dx_gateway.dx)"
    );
    assert_eq!(
        topo.virtual_interfaces[0]
            .vpn_gateway
            .as_ref()
            .unwrap()
            .as_str(),
        "vgw-(aws_vpn_gateway.hub)"
    );
    // Endpoints, security group rules of all three kinds, NACL rule, instance.
    assert_eq!(
        topo.vpc_endpoints[0].route_tables[0].as_str(),
        "rtb-(aws_route_table.hub)"
    );
    assert_eq!(topo.vpc_endpoints[1].subnets.len(), 2);
    let sg = &topo.security_groups[0];
    assert_eq!(sg.ingress.len(), 3);
    assert_eq!(sg.egress.len(), 2);
    assert_eq!(sg.egress[0].from_port, None);
    let acl = &topo.network_acls[0];
    assert_eq!(acl.subnets.len(), 2);
    assert_eq!(acl.entries.len(), 3);
    assert_eq!(acl.entries[1].from_port, None, "ports only for TCP and UDP");
    assert_eq!(
        topo.instances[0].subnet.as_str(),
        "subnet-(aws_subnet.hub[\"a\"])"
    );
    assert_eq!(
        topo.instances[0].security_groups[0].as_str(),
        "sg-(aws_security_group.web)"
    );
    assert!(imported
        .notes
        .iter()
        .all(|n| !n.message.contains("could not be resolved")));
}

#[test]
fn secrets_never_leave_the_importer_and_output_is_deterministic() {
    let first = import::native::to_string(&every_type().topology);
    assert!(!first.contains("SECRET"), "a pre-shared or BGP key leaked");
    assert_eq!(first, import::native::to_string(&every_type().topology));
    // The converted document is a valid native document in its own right.
    let reread = import::import(&[InputFile::new("converted.json", first.clone())]).unwrap();
    assert_eq!(import::native::to_string(&reread.topology), first);
}

#[test]
fn bad_values_say_file_path_and_what_was_expected() {
    let text = local("plan-every-type.json")
        .text
        .replacen("\"10.0.1.0/24\"", "\"10.0.1.0/33\"", 1);
    let err = import::import(&[InputFile::new("bad-plan.json", text)]).unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with(
            "bad-plan.json: $.planned_values.root_module.resources[2].values.cidr_block: "
        ),
        "{message}"
    );
    let mixed = import::import(&[
        local("plan-every-type.json"),
        InputFile::new("Vpcs.json", r#"{"Vpcs": []}"#),
    ])
    .unwrap_err();
    assert!(mixed.to_string().contains("cannot be combined"), "{mixed}");
    let state = import::import_plan(&[shared("tfstate-v4-driftctl-routes-ipv6.json")]).unwrap_err();
    assert!(
        state.to_string().contains("not a Terraform plan"),
        "{state}"
    );
}

#[test]
fn raw_v4_state_with_real_ids_for_tgw_vpn_dx_and_a_cross_account_accepter() {
    let imported = import::import(&[local("tfstate-v4-tgw-vpn-dx.json")]).unwrap();
    let topo = &imported.topology;
    assert!(topo.planned.is_empty(), "a state knows every id");
    assert_eq!(topo.vpcs[0].region, "us-east-2", "from the ARN");
    // Default association and propagation put both attachments in the default table.
    let table = &topo.transit_gateway_route_tables[0];
    assert_eq!(table.id.as_str(), "tgw-rtb-0default");
    let propagations: Vec<&str> = table.propagations.iter().map(|a| a.as_str()).collect();
    assert_eq!(propagations, ["tgw-attach-0vpn", "tgw-attach-0shared"]);
    let attachments: Vec<String> = topo
        .transit_gateway_attachments
        .iter()
        .map(|a| {
            format!(
                "{} {} {} {}",
                a.id,
                a.resource_type,
                a.resource,
                a.route_table.as_ref().unwrap()
            )
        })
        .collect();
    assert_eq!(
        attachments,
        [
            "tgw-attach-0vpn vpn vpn-0dc tgw-rtb-0default",
            "tgw-attach-0shared vpc vpc-0shared tgw-rtb-0default"
        ]
    );
    assert_eq!(
        table.routes[0].attachment.as_ref().unwrap().as_str(),
        "tgw-attach-0vpn"
    );
    // The accepter of another account's request is the whole peering.
    let pcx = &topo.vpc_peering_connections[0];
    assert_eq!(
        (
            pcx.requester.vpc.as_str(),
            pcx.requester.account.as_ref().unwrap().as_str()
        ),
        ("vpc-0partner", "777788889999")
    );
    assert_eq!(pcx.accepter.vpc.as_str(), "vpc-0shared");
    assert!(pcx.is_active());
    // AWS's association id, not Terraform's.
    assert_eq!(
        topo.dx_gateway_associations[0].id.as_str(),
        "a1b2c3d4-0000-4444-8888-000011112222"
    );
    let tunnels: Vec<String> = topo.vpn_connections[0]
        .tunnels
        .iter()
        .map(|t| {
            format!(
                "{} {}",
                t.outside_ip.as_deref().unwrap(),
                t.status.as_deref().unwrap()
            )
        })
        .collect();
    assert_eq!(tunnels, ["3.3.3.1 UP", "3.3.3.2 DOWN"]);
    assert!(!import::native::to_string(topo).contains("SECRET"));
}

#[test]
fn cli_converts_and_validates_terraform_input() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vpcmap"))
        .args(["convert", "tests/fixtures/terraform/plan-every-type.json"])
        .current_dir(crate::repo_root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["format"], "vpcmap/1");
    assert_eq!(doc["planned"][0]["address"], "aws_vpc.hub");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "note: tests/fixtures/terraform/plan-every-type.json: aws_vpc.hub: id known after apply; shown as vpc-(aws_vpc.hub)\n"
        ),
        "{stderr}"
    );
}

#[test]
fn unknown_blocks_are_left_out_and_validation_does_not_guess() {
    // The spoke VPC takes its block from IPAM at apply: Terraform knows it only then.
    let mut plan: serde_json::Value =
        serde_json::from_str(&local("plan-every-type.json").text).unwrap();
    let spoke = &mut plan["planned_values"]["root_module"]["child_modules"][0]["resources"][0];
    assert_eq!(spoke["address"], "module.spoke[\"a\"].aws_vpc.this");
    spoke["values"]
        .as_object_mut()
        .unwrap()
        .remove("cidr_block");
    for change in plan["resource_changes"].as_array_mut().unwrap() {
        if change["address"] == "module.spoke[\"a\"].aws_vpc.this" {
            change["change"]["after_unknown"]["cidr_block"] = true.into();
        }
    }
    let imported = import::import(&[InputFile::new("ipam.json", plan.to_string())]).unwrap();
    let vpc = &imported.topology.vpcs[1];
    assert!(vpc.cidrs.is_empty());
    assert!(imported.notes.iter().any(|n| n.message
        == "module.spoke[\"a\"].aws_vpc.this: cidr_block is known only after apply: the VPC has no IPv4 block in the model"));
    assert!(imported
        .topology
        .is_unknown("vpc-(module.spoke[\"a\"].aws_vpc.this)", "cidrs"));
    let report = vpcmap::validate::run(&imported.topology);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.code != "SUBNET_OUTSIDE_VPC"),
        "{:#?}",
        report.findings
    );
}

#[test]
fn rules_known_only_at_apply_are_not_reported_as_missing() {
    // The NACL's ingress/egress and the security groups' egress are unknown at plan time.
    for name in [
        "plan-tfcompliance-nacl-module.json",
        "plan-regula-nested-modules.json",
    ] {
        let imported = import::import(&[shared(name)]).unwrap();
        let report = vpcmap::validate::run(&imported.topology);
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
        assert!(
            !codes.contains(&"NACL_CUSTOM_DENY_ALL") && !codes.contains(&"SG_NO_EGRESS"),
            "{name}: {codes:?}"
        );
    }
    let nacl = import::import(&[shared("plan-tfcompliance-nacl-module.json")]).unwrap();
    assert!(nacl.topology.is_unknown(
        "acl-(module.vpc_module.aws_network_acl.vpc_subnet_acl)",
        "entries"
    ));
    // The same NACL with rules known to be empty is a deny-all.
    let mut plan: serde_json::Value =
        serde_json::from_str(&shared("plan-tfcompliance-nacl-module.json").text).unwrap();
    for change in plan["resource_changes"].as_array_mut().unwrap() {
        if change["type"] == "aws_network_acl" {
            let unknown = change["change"]["after_unknown"].as_object_mut().unwrap();
            unknown.remove("ingress");
            unknown.remove("egress");
        }
    }
    let known = import::import(&[InputFile::new("nacl.json", plan.to_string())]).unwrap();
    let report = vpcmap::validate::run(&known.topology);
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == "NACL_CUSTOM_DENY_ALL"));
}

/// The arguments behind `VPC_IPV6_CIDR_SIZE`, `DNS_PRIVATE_ZONE_NEEDS_BOTH` and
/// `TGW_ECMP_NEEDS_BGP`: an Amazon-generated IPv6 block, interface-endpoint private DNS and
/// the transit gateway's VPN ECMP option.
#[test]
fn generated_ipv6_private_dns_and_vpn_ecmp_arguments() {
    let resource = |kind: &str, name: &str, attributes: serde_json::Value| {
        serde_json::json!({"mode": "managed", "type": kind, "name": name,
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{"schema_version": 0, "attributes": attributes}]})
    };
    let state = serde_json::json!({"version": 4, "terraform_version": "1.6.6", "serial": 1,
        "lineage": "l", "outputs": {}, "resources": [
        resource("aws_vpc", "app", serde_json::json!({"id": "vpc-0app",
            "arn": "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0app", "cidr_block": "10.0.0.0/16",
            "assign_generated_ipv6_cidr_block": true, "ipv6_cidr_block": "2600:1f18:1:100::/56",
            "enable_dns_support": true, "enable_dns_hostnames": false})),
        resource("aws_subnet", "a", serde_json::json!({"id": "subnet-0a", "vpc_id": "vpc-0app",
            "cidr_block": "10.0.1.0/24", "availability_zone": "us-east-1a"})),
        resource("aws_vpc_endpoint", "ssm", serde_json::json!({"id": "vpce-0ssm", "vpc_id": "vpc-0app",
            "vpc_endpoint_type": "Interface", "service_name": "com.amazonaws.us-east-1.ssm",
            "subnet_ids": ["subnet-0a"], "private_dns_enabled": true})),
        resource("aws_ec2_transit_gateway", "hub", serde_json::json!({"id": "tgw-0hub",
            "arn": "arn:aws:ec2:us-east-1:111122223333:transit-gateway/tgw-0hub",
            "amazon_side_asn": 64512, "vpn_ecmp_support": "disable"})),
    ]});
    let imported = import::import(&[InputFile::new("state.json", state.to_string())]).unwrap();
    let topo = &imported.topology;
    assert_eq!(
        topo.vpcs[0]
            .ipv6_amazon_provided
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
        ["2600:1f18:1:100::/56"]
    );
    assert_eq!(topo.vpc_endpoints[0].private_dns_enabled, Some(true));
    assert_eq!(topo.transit_gateways[0].vpn_ecmp_support, Some(false));
    // And the rule reads it: private DNS with hostnames off.
    let codes: Vec<String> = vpcmap::validate::run(topo)
        .findings
        .into_iter()
        .map(|f| f.code)
        .collect();
    assert!(
        codes.iter().any(|c| c == "DNS_PRIVATE_ZONE_NEEDS_BOTH"),
        "{codes:?}"
    );
}
