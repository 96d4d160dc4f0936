//! Validation of route tables, gateways, the remaining peering rules and DNS (catalog §1.1–1.5,
//! §1.11): every rule fires on its case and stays quiet on its near miss (`*_ok.json`).
//!
//! Cases live in `tests/fixtures/validate/<family>/`; every case asserts the whole finding list
//! (`CODE severity resources…`), as in `validate.rs`, whose helpers these tests share.

use crate::validate::{check, only};

// ---- VPC blocks and subnets (catalog §1.1, §1.2) ------------------------------------------------

#[test]
fn blocks_added_against_a_peer_or_a_dx_gateway() {
    check(
        "cidr/peering_add_overlap.json",
        &[
            "PEERING_CIDR_OVERLAP error pcx-ab vpc-a vpc-b",
            "VPC_CIDR_PEERING_ADD_OVERLAP error vpc-a pcx-ab",
        ],
    );
    check(
        "cidr/peering_add_apart_ok.json",
        &["PEERING_PARTIAL_ROUTE info pcx-ab vpc-b"],
    );
    let report = check(
        "cidr/dxgw_add_overlap.json",
        &[
            "DX_VPC_CIDR_OVERLAP error dxgw-1 vpc-a vpc-b",
            "VPC_CIDR_DXGW_ADD_OVERLAP error vpc-b vpc-a dxgw-1",
        ],
    );
    let added = report
        .findings
        .iter()
        .find(|f| f.code == "VPC_CIDR_DXGW_ADD_OVERLAP")
        .unwrap();
    assert_eq!(
        added.message,
        "vpc-b has the block 10.0.128.0/17, which overlaps 10.0.0.0/16 of app (vpc-a), behind the same Direct Connect gateway corp (dxgw-1)"
    );
    check("cidr/dxgw_apart_ok.json", &[]);
}

#[test]
fn vpc_without_a_region() {
    let report = check(
        "cidr/region_unknown.json",
        &["VPC_REGION_UNKNOWN error vpc-a"],
    );
    assert_eq!(
        report.findings[0].hint.as_deref(),
        Some("set \"region\" to the region of its subnets' zone us-east-1a")
    );
    check("routes/local_routes_ok.json", &[]);
}

#[test]
fn ipv6_only_subnets() {
    check(
        "subnets/ipv6_only.json",
        &["SUBNET_IPV6_ONLY_NO_IPV4 info subnet-v6"],
    );
    check("subnets/s6_subnet_ipv6_ok.json", &[]);
}

#[test]
fn reserved_addresses_of_a_subnet() {
    let report = check(
        "subnets/reserved_address.json",
        &[
            "SUBNET_RESERVED_ADDRESS error eni-1 subnet-a1",
            "SUBNET_RESERVED_ADDRESS error i-0abc subnet-a1",
            "SUBNET_RESERVED_ADDRESS error nat-a subnet-a1",
        ],
    );
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "eni-1 has the address 10.0.1.3, which in app-a (subnet-a1) is reserved by AWS for future use",
            "i-0abc has the address 10.0.1.255, which in app-a (subnet-a1) is the last address, reserved by AWS",
            "nat-a has the address 10.0.1.1, which in app-a (subnet-a1) is the VPC router's address",
        ]
    );
    check("subnets/first_usable_addresses_ok.json", &[]);
}

#[test]
fn subnet_capacity_and_implicit_associations() {
    check(
        "subnets/subnet_full.json",
        &["SUBNET_CAPACITY info subnet-a1"],
    );
    check("subnets/subnet_one_left_ok.json", &[]);
    check(
        "subnets/route_table_implicit.json",
        &["SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a1 rtb-a"],
    );
    check(
        "subnets/nacl_implicit.json",
        &["SUBNET_NACL_IMPLICIT info subnet-a1 acl-default"],
    );
    check("subnets/nacl_explicit_ok.json", &[]);
}

// ---- Route tables (catalog §1.3) ---------------------------------------------------------------

#[test]
fn main_route_table() {
    check(
        "routes/main_missing.json",
        &["RTB_MAIN_MISSING error vpc-a subnet-a1"],
    );
    // Every subnet is associated explicitly: the export left the main table out, nothing is lost.
    check("routes/main_missing_all_explicit_ok.json", &[]);
    let report = check(
        "routes/main_twice.json",
        &["RTB_MAIN_MISSING error vpc-a rtb-a rtb-a2"],
    );
    assert_eq!(
        only(&report, "RTB_MAIN_MISSING").hint.as_deref(),
        Some("keep rtb-a as the main table and associate the others with subnets explicitly")
    );
    check(
        "routes/main_is_gateway_table.json",
        &["RTB_MAIN_MISSING error vpc-a rtb-a"],
    );
}

#[test]
fn subnet_associated_with_two_tables() {
    check(
        "routes/subnet_two_tables.json",
        &["RTB_SUBNET_MULTI_ASSOC error subnet-a1 rtb-a rtb-a2"],
    );
    check("routes/subnets_one_table_each_ok.json", &[]);
}

#[test]
fn associations_across_vpcs() {
    check(
        "routes/vpc_mismatch.json",
        &[
            "RTB_VPC_MISMATCH error rtb-a subnet-b1 vpc-a vpc-b",
            "RTB_VPC_MISMATCH error rtb-edge igw-b vpc-a vpc-b",
        ],
    );
    check("routes/vpc_match_ok.json", &[]);
}

#[test]
fn gateway_route_tables() {
    let report = check(
        "routes/gateway_table_invalid.json",
        &[
            "RTB_GATEWAY_TABLE_INVALID error rtb-igw",
            "RTB_GATEWAY_TABLE_INVALID error rtb-igw",
            "RTB_GATEWAY_TABLE_INVALID error rtb-igw",
            "RTB_GATEWAY_TABLE_INVALID error rtb-vgw",
        ],
    );
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(
        messages
            .contains(&"rtb-igw, the gateway route table of igw-a, has route propagation enabled"),
        "{messages:#?}"
    );
    check("routes/gateway_table_ok.json", &[]);
}

// ---- Middleboxes -------------------------------------------------------------------------------

#[test]
fn middlebox_routes_must_be_symmetric() {
    let report = check(
        "routes/middlebox_asymmetric.json",
        &["RTB_MIDDLEBOX_ASYMMETRIC warning rtb-a2 eni-fw rtb-a"],
    );
    assert_eq!(
        report.findings[0].hint.as_deref(),
        Some("add 10.0.1.0/24 → eni-fw to rtb-a2")
    );
    check("routes/middlebox_symmetric_ok.json", &[]);
    // The appliance in the source subnet: both directions are routed through it, but from inside.
    check(
        "routes/middlebox_in_source_subnet.json",
        &[
            "RTB_MIDDLEBOX_ASYMMETRIC warning eni-fw rtb-a",
            "RTB_MIDDLEBOX_ASYMMETRIC warning eni-fw rtb-a2",
        ],
    );
    check(
        "routes/ingress_inspection_bypassed.json",
        &["RTB_MIDDLEBOX_ASYMMETRIC warning rtb-a eni-fw rtb-edge"],
    );
    check("routes/ingress_inspection_ok.json", &[]);
}

#[test]
fn group_references_through_a_middlebox() {
    check(
        "routes/middlebox_sg_reference.json",
        &[
            "RTB_MIDDLEBOX_SG_REFERENCE warning sg-b sg-a eni-fw",
            "SG_NO_EGRESS warning sg-a vpc-a",
            "SG_NO_EGRESS warning sg-b vpc-a",
        ],
    );
    check("routes/middlebox_sg_cidr_ok.json", &[]);
}

#[test]
fn gateway_route_tables_do_not_see_transit_gateway_traffic() {
    check(
        "routes/gateway_table_with_tgw.json",
        &["RTB_TRANSIT_INGRESS_TGW info rtb-edge tgw-attach-a"],
    );
    check("routes/gateway_table_ok.json", &[]);
}

// ---- Local routes and routes inside the VPC ----------------------------------------------------

#[test]
fn local_routes() {
    let report = check(
        "routes/local_missing.json",
        &["ROUTE_LOCAL_MISSING error rtb-a vpc-a"],
    );
    assert_eq!(
        only(&report, "ROUTE_LOCAL_MISSING").hint.as_deref(),
        Some("add 10.5.0.0/16 → local, 2600:1f14:1:100::/56 → local to rtb-a")
    );
    check("routes/local_routes_ok.json", &[]);
    check(
        "routes/local_replaced.json",
        &["ROUTE_LOCAL_REPLACED info rtb-a eni-fw"],
    );
}

#[test]
fn routes_inside_the_vpc_blocks() {
    let report = check(
        "routes/more_specific_than_local.json",
        &[
            "ROUTE_MORE_SPECIFIC_THAN_LOCAL error rtb-a vpc-a",
            "ROUTE_MORE_SPECIFIC_THAN_LOCAL error rtb-a vpc-a",
            "VPC_CIDR_ROUTE_CONFLICT error rtb-a vpc-a",
        ],
    );
    assert_eq!(
        only(&report, "VPC_CIDR_ROUTE_CONFLICT").hint.as_deref(),
        Some("remove the route 10.5.0.0/24 → vgw-a: the local route already delivers 10.5.0.0/24 inside the VPC")
    );
    // Exact subnet blocks to an appliance, and a supernet of the VPC, are allowed.
    check("routes/middlebox_subnet_route_ok.json", &[]);
}

#[test]
fn propagated_routes_under_the_local_route() {
    check(
        "routes/propagated_under_local.json",
        &["ROUTE_PROPAGATED_UNDER_LOCAL warning rtb-a vgw-a vpc-a"],
    );
    check("routes/propagated_apart_ok.json", &[]);
}

#[test]
fn reserved_destinations() {
    check(
        "routes/reserved_destination.json",
        &["ROUTE_RESERVED_DESTINATION error rtb-a"],
    );
    check("routes/next_to_reserved_ok.json", &[]);
}

// ---- Route priority ----------------------------------------------------------------------------

#[test]
fn duplicate_and_tied_routes() {
    check(
        "routes/duplicate_static.json",
        &[
            "ROUTE_DUPLICATE_STATIC error rtb-a",
            "ADVISE_USE_GATEWAY_ENDPOINT info rtb-a nat-a vpc-a",
        ],
    );
    // A static and a propagated route for one destination are legal: the static one wins.
    let report = check(
        "routes/static_and_propagated.json",
        &["ROUTE_STATIC_OVER_PROPAGATED info rtb-a"],
    );
    assert_eq!(
        only(&report, "ROUTE_STATIC_OVER_PROPAGATED").message,
        "app-rt has a static route 192.168.0.0/16 → vgw-a and a propagated one → vgw-a: the static route wins"
            .replace("app-rt", "rtb-a")
    );
}

#[test]
fn shadowed_routes() {
    check("routes/shadowed.json", &["ROUTE_SHADOWED info rtb-a"]);
    check("routes/partly_covered_ok.json", &[]);
}

// ---- Targets -----------------------------------------------------------------------------------

#[test]
fn targets_of_another_vpc() {
    let report = check(
        "routes/target_of_another_vpc.json",
        &[
            "ROUTE_TARGET_MISSING error rtb-a igw-b",
            "ROUTE_TARGET_MISSING error rtb-a nat-b",
            "ROUTE_TARGET_MISSING error rtb-a pcx-bc",
        ],
    );
    assert_eq!(
        report.findings[0].message,
        "rtb-a of app (vpc-a) routes 0.0.0.0/0 to igw-b, which is attached to vpc-b"
    );
    check("routes/target_of_own_vpc_ok.json", &[]);
}

#[test]
fn blackhole_and_filtered_routes() {
    check(
        "routes/blackhole.json",
        &["ROUTE_BLACKHOLE error rtb-a igw-a"],
    );
    check("routes/filtered.json", &["ROUTE_FILTERED info rtb-a"]);
    // The same route active is clean.
    check("routes/target_of_own_vpc_ok.json", &[]);
}

#[test]
fn address_family_of_targets() {
    check(
        "routes/family_mismatch.json",
        &[
            "ROUTE_FAMILY_MISMATCH error rtb-a eigw-a",
            "ROUTE_FAMILY_MISMATCH error rtb-a nat-a",
            "ROUTE_FAMILY_MISMATCH error rtb-a vgw-a",
            "VPN_CGW_IP_INVALID error cgw-1",
            "VPN_SINGLE_CGW warning vgw-a cgw-1 vpn-1",
        ],
    );
    // NAT64, an egress-only IGW for IPv6, a NAT gateway for IPv4.
    check(
        "routes/family_match_ok.json",
        &["ADVISE_USE_GATEWAY_ENDPOINT info rtb-a nat-a vpc-a"],
    );
}

#[test]
fn prefix_list_destinations() {
    check(
        "routes/prefix_list_missing.json",
        &[
            "ROUTE_PREFIX_LIST_MISSING error rtb-a pl-02cd2c6b",
            "ROUTE_PREFIX_LIST_MISSING error rtb-a pl-west",
        ],
    );
    check("routes/prefix_list_ok.json", &[]);
    check(
        "routes/prefix_list_conflict.json",
        &["ROUTE_PREFIX_LIST_CONFLICT warning rtb-a pl-partners pl-vendors"],
    );
}

#[test]
fn propagation_and_public_addresses() {
    check(
        "routes/propagation_vgw_not_attached.json",
        &[
            "ROUTE_PROPAGATION_VGW_NOT_ATTACHED warning rtb-a vgw-b",
            "ROUTE_PROPAGATION_VGW_NOT_ATTACHED warning rtb-a vgw-loose",
        ],
    );
    check("routes/propagation_vgw_attached_ok.json", &[]);
    let report = check(
        "routes/public_ip_without_igw_route.json",
        &["ROUTE_NO_DEFAULT_FOR_PUBLIC_IP info subnet-a1 rtb-a"],
    );
    assert_eq!(
        only(&report, "ROUTE_NO_DEFAULT_FOR_PUBLIC_IP")
            .hint
            .as_deref(),
        Some("add a route 0.0.0.0/0 → igw-a to rtb-a, or turn off MapPublicIpOnLaunch")
    );
    check("routes/public_ip_with_igw_route_ok.json", &[]);
}

// ---- Gateways (catalog §1.4) -------------------------------------------------------------------

#[test]
fn one_internet_gateway_per_vpc() {
    check(
        "gateways/igw_multiple.json",
        &["GW_IGW_MULTIPLE error vpc-a igw-a igw-b"],
    );
    check("gateways/igw_one_per_vpc_ok.json", &[]);
}

#[test]
fn one_virtual_private_gateway_per_vpc_and_vpc_per_gateway() {
    check(
        "gateways/vgw_multiple.json",
        &[
            "GW_VGW_MULTIPLE error vgw-1 vpc-a vpc-b",
            "GW_VGW_MULTIPLE error vpc-a vgw-1 vgw-2",
        ],
    );
    // A detached attachment does not count.
    check("gateways/vgw_one_per_vpc_ok.json", &[]);
}

#[test]
fn public_nat_gateway_needs_an_internet_gateway_route() {
    let report = check(
        "gateways/nat_public_no_igw.json",
        &[
            "GW_NAT_PUBLIC_NO_IGW warning nat-a vpc-a",
            "GW_NAT_PUBLIC_NO_IGW warning nat-b vpc-b",
            "STATE_IGNORED info nat-gone",
        ],
    );
    assert_eq!(
        report.findings[0].hint.as_deref(),
        Some("add a route 0.0.0.0/0 → igw-a to rtb-a, or move nat-a to a public subnet")
    );
    check("gateways/nat_public_in_public_subnet_ok.json", &[]);
}

#[test]
fn private_nat_gateway_traffic_to_an_internet_gateway() {
    check(
        "gateways/nat_private_to_igw.json",
        &["GW_NAT_PRIVATE_TO_IGW error nat-p rtb-a rtb-nat igw-a"],
    );
    // The NAT subnet's more specific route sends the range to the transit gateway instead.
    check("gateways/nat_private_to_tgw_ok.json", &[]);
}

// ---- Peering (catalog §1.5) --------------------------------------------------------------------

#[test]
fn edge_to_edge_through_a_peering() {
    let report = check(
        "peering/edge_to_edge.json",
        &[
            "PEERING_EDGE_TO_EDGE error rtb-a pcx-ab vpc-b igw-b",
            "PEERING_EDGE_TO_EDGE error rtb-a pcx-ab vpc-b vpce-s3b",
        ],
    );
    assert_eq!(
        report.findings[0].hint.as_deref(),
        Some("give vpc-a its own gateway for 0.0.0.0/0, or connect both VPCs through a transit gateway")
    );
    check("peering/edge_own_gateways_ok.json", &[]);
}

#[test]
fn return_routes_per_peer_subnet() {
    let report = check(
        "peering/route_missing_return.json",
        &["PEERING_ROUTE_MISSING_RETURN warning rtb-b2 pcx-ab rtb-a"],
    );
    assert_eq!(
        only(&report, "PEERING_ROUTE_MISSING_RETURN")
            .hint
            .as_deref(),
        Some("add 10.0.1.0/24 → pcx-ab to rtb-b2")
    );
    check("peering/route_return_per_subnet_ok.json", &[]);
}

#[test]
fn replies_to_overlapping_peers() {
    check(
        "peering/response_misroute.json",
        &[
            "PEERING_RESPONSE_MISROUTE warning vpc-a pcx-ab pcx-ac",
            "PEERING_ROUTE_MISSING warning pcx-ac vpc-a",
        ],
    );
    // Subnet routes per peering: supported, each peering carries part of the shared range.
    check(
        "peering/response_specific_routes_ok.json",
        &[
            "PEERING_PARTIAL_ROUTE info pcx-ab vpc-a",
            "PEERING_PARTIAL_ROUTE info pcx-ac vpc-a",
        ],
    );
}

#[test]
fn ipv6_over_a_peering_needs_both_sides() {
    check(
        "peering/ipv6_incomplete.json",
        &["PEERING_IPV6_INCOMPLETE warning pcx-ab vpc-b rtb-a"],
    );
    check("peering/ipv6_both_sides_ok.json", &[]);
}

#[test]
fn security_group_references_across_peerings() {
    check(
        "peering/sg_references.json",
        &[
            "PEERING_SG_REF_CROSS_REGION error sg-a sg-c pcx-ac",
            "PEERING_SG_REF_NOT_ACTIVE error sg-a sg-b pcx-ab",
            "SG_REF_NOT_PEERED error sg-a sg-d vpc-d",
            "PEERING_NOT_ACTIVE warning pcx-ab",
            "SG_NO_EGRESS warning sg-a vpc-a",
            "SG_NO_EGRESS warning sg-b vpc-b",
            "SG_NO_EGRESS warning sg-c vpc-c",
            "SG_RULE_STALE warning sg-a sg-d pcx-ad",
            "PEERING_INTER_REGION_MTU info pcx-ac",
            "PEERING_PENDING_EXPIRY info pcx-ab",
            "STATE_IGNORED info pcx-ad",
        ],
    );
    check("peering/sg_reference_same_region_ok.json", &[]);
}

#[test]
fn peering_dns_options() {
    check(
        "peering/dns_option_without_vpc_dns.json",
        &["PEERING_DNS_OPTION_NEEDS_VPC_DNS error pcx-ab vpc-b"],
    );
    check("peering/dns_option_with_vpc_dns_ok.json", &[]);
    check(
        "peering/dns_resolution_off_public_peer.json",
        &[
            "PEERING_DNS_RESOLUTION_OFF info pcx-ab vpc-a",
            "VPC_CIDR_PUBLIC_RANGE info vpc-b",
        ],
    );
    check(
        "peering/dns_resolution_on_public_peer_ok.json",
        &["VPC_CIDR_PUBLIC_RANGE info vpc-b"],
    );
}

#[test]
fn inter_region_peering_mtu() {
    let report = check(
        "peering/inter_region.json",
        &["PEERING_INTER_REGION_MTU info pcx-ab"],
    );
    assert!(only(&report, "PEERING_INTER_REGION_MTU")
        .message
        .contains("at most 8500 bytes"));
    // Same region: nothing to say.
    check("peering/p1_peering_ok.json", &[]);
}

#[test]
fn inter_region_requests_are_accepted_in_the_accepters_region() {
    let report = check(
        "peering/inter_region_request.json",
        &[
            "PEERING_NOT_ACTIVE warning pcx-ab",
            "PEERING_PENDING_EXPIRY info pcx-ab",
            "PEERING_REQUEST_REGION info pcx-ab",
        ],
    );
    assert_eq!(
        only(&report, "PEERING_REQUEST_REGION").hint.as_deref(),
        Some("aws ec2 accept-vpc-peering-connection --region eu-west-1 --vpc-peering-connection-id pcx-ab")
    );
    // Pending within one region: nothing region-specific to say.
    check(
        "peering/request_from_known_account.json",
        &[
            "PEERING_NOT_ACTIVE warning pcx-ab",
            "PEERING_PENDING_EXPIRY info pcx-ab",
        ],
    );
}

#[test]
fn peering_requests_from_unknown_accounts() {
    check(
        "peering/request_from_unknown_account.json",
        &[
            "PEERING_NOT_ACTIVE warning pcx-ab",
            "PEERING_UNKNOWN_ACCEPTER warning pcx-ab vpc-b",
            "PEERING_PENDING_EXPIRY info pcx-ab",
        ],
    );
    check(
        "peering/request_from_known_account.json",
        &[
            "PEERING_NOT_ACTIVE warning pcx-ab",
            "PEERING_PENDING_EXPIRY info pcx-ab",
        ],
    );
}

// ---- DNS (catalog §1.11) -----------------------------------------------------------------------

#[test]
fn dns_hostnames_need_dns_support() {
    check(
        "dns/hostnames_without_support.json",
        &["DNS_HOSTNAMES_WITHOUT_SUPPORT warning vpc-a"],
    );
    check("dns/hostnames_with_default_support_ok.json", &[]);
}

// ---- Real snapshots ----------------------------------------------------------------------------

/// Every error and warning over the Batfish snapshots, as `snapshot: CODE severity resources`.
/// AWS built these networks, so no error may say "AWS refuses this": what remains are states
/// the snapshot caught (a blackhole route left behind by a detached gateway).
#[test]
fn batfish_snapshots_have_no_error_aws_would_have_refused() {
    let mut lines = Vec::new();
    let mut warnings = Vec::new();
    for dir in crate::import_aws::every_snapshot() {
        let topo = crate::import_aws::import_dir(&dir).topology;
        let name = dir
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        for finding in crate::validate::run(&topo).findings {
            match finding.severity {
                vpcmap::validate::Severity::Error => lines.push(format!(
                    "{name}: {} {} {}",
                    finding.code,
                    finding.severity,
                    finding.resources.join(" ")
                )),
                vpcmap::validate::Severity::Warning => warnings.push(finding.code),
                vpcmap::validate::Severity::Info => {}
            }
        }
    }
    // Every error is a state AWS accepted and left behind, or a design the snapshot was built to
    // show — none is a configuration AWS refuses:
    assert_eq!(
        lines,
        [
            // The snapshot's single VPN lists one tunnel (hand-trimmed test data).
            "test-direct-connect-gateway: VPN_TUNNEL_COUNT error vpn-dx-test",
            // Both transit gateway associations allow 10.0.0.0/8 on one DX gateway.
            "test-direct-connect-gateway-multi-region: DX_ALLOWED_PREFIX_OVERLAP error 7b2c4f8a-1234-4abc-9def-fedcba987654 dxgw-assoc-east dxgw-assoc-west",
            // subnet-0b5b… (us-east-2a) routes to the TGW; the attachment has a subnet only in 2c.
            "test-transit-gateway: TGW_ATTACHMENT_AZ_MISSING error subnet-0b5b8ddd5a69fcfcd tgw-attach-07f5ec59e9f540021 tgw-044be4464fcc69aff",
            // The asymmetric-paths network: two attachments with no route table association.
            "test-transit-gateway-asymmetric-paths: TGW_ATTACHMENT_NO_ASSOCIATION error tgw-attach-054bc7a8b8058e0b6 tgw-0a33c739a4f8978a8",
            "test-transit-gateway-asymmetric-paths: TGW_ATTACHMENT_NO_ASSOCIATION error tgw-attach-0ce5cf730c95980d9 tgw-01e19888e3ba041ac",
            "test-transit-gateway-multi-table: TGW_ATTACHMENT_AZ_MISSING error subnet-0b5b8ddd5a69fcfcd tgw-attach-07f5ec59e9f540021 tgw-044be4464fcc69aff",
            // The IGW the default route names was deleted: AWS leaves the route as a blackhole.
            "test-vpc-peering: ROUTE_BLACKHOLE error rtb-017c36290c9baf017 igw-0a2c9ae201b441bff",
        ]
    );
    // Warnings: SSH open to 0.0.0.0/0 in Batfish's test groups, one customer gateway per VPN,
    // tunnels reported DOWN.
    warnings.sort();
    warnings.dedup();
    assert_eq!(
        warnings,
        ["SG_OPEN_ADMIN_PORTS", "VPN_SINGLE_CGW", "VPN_TUNNEL_DOWN"]
    );
}
