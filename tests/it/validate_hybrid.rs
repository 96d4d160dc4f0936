//! Validation of the hybrid families: Site-to-Site VPN (`vpn/`), Direct Connect (`dx/`), gateway
//! endpoints (`endpoints/`), MTU and advice (`advise/`), security groups and network ACLs
//! (`sgnacl/`), and the real Batfish exports.
//!
//! Same form as `validate.rs`: small native documents in `tests/fixtures/validate/<family>/`, one
//! idea each, a name ending in `_ok` for a near miss; every case asserts the whole list of
//! findings (`CODE severity resource…`), so a false positive anywhere fails too. Scenario ids
//! (V4, D3, E11 …) refer to §4 of `aws-rules.md`. The shared checks (every rule fires somewhere,
//! no near miss warns, shuffled input gives the same report) in `validate.rs` cover these cases.

use crate::fixture;
use vpcmap::validate::{self, Report, Severity};

fn compact(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.code, f.severity, f.resources.join(" ")))
        .collect()
}

/// Validate `tests/fixtures/validate/<name>`, compare its compact lines with `expected`, and
/// check what every finding must satisfy: registered with its severity, a resource, one line,
/// a hint (for warnings and errors).
#[track_caller]
fn check(name: &str, expected: &[&str]) -> Report {
    let report = validate::run(&fixture(&format!("validate/{name}")));
    for finding in &report.findings {
        let rule = validate::registry::rule(&finding.code)
            .unwrap_or_else(|| panic!("{} is emitted but not registered", finding.code));
        assert_eq!(finding.severity, rule.severity, "{}", finding.code);
        assert!(!finding.resources.is_empty(), "{finding:?}");
        assert!(!finding.message.contains('\n'), "{finding:?}");
        // A warning or error says what to do; an info may only state a fact.
        assert!(
            finding.hint.is_some() || finding.severity == Severity::Info,
            "{finding:?}"
        );
    }
    assert_eq!(
        compact(&report),
        expected,
        "{name}\n{}",
        validate::render_text(&report)
    );
    report
}

fn message<'a>(report: &'a Report, code: &str) -> &'a str {
    let found: Vec<_> = report.findings.iter().filter(|f| f.code == code).collect();
    assert_eq!(found.len(), 1, "{code}: {found:?}");
    &found[0].message
}

// ---- Site-to-Site VPN (catalog §1.6) -----------------------------------------------------------

#[test]
fn redundant_vpns_are_clean() {
    check("vpn/redundant_vgw_ok.json", &[]);
    check("vpn/redundant_tgw_ok.json", &[]);
    check("vpn/v1_static_routes_ok.json", &[]);
}

#[test]
fn vpn_target_is_exactly_one_gateway() {
    check(
        "vpn/target_both.json",
        &[
            "VPN_TARGET_EXCLUSIVE error vpn-1 vgw-a tgw-x",
            "VPN_SINGLE_CGW warning tgw-x cgw-1 vpn-1",
        ],
    );
    // vpn-1 leaves vgw-a, so vgw-a's one remaining connection ends on one device.
    check(
        "vpn/target_none.json",
        &[
            "VPN_TARGET_EXCLUSIVE error vpn-1",
            "VPN_SINGLE_CGW warning vgw-a cgw-2 vpn-2",
        ],
    );
}

#[test]
fn vpn_on_a_detached_gateway() {
    check(
        "vpn/vgw_not_attached.json",
        &[
            "VPN_VGW_NOT_ATTACHED error vpn-1 vgw-a",
            "VPN_VGW_NOT_ATTACHED error vpn-2 vgw-a",
        ],
    );
    check("vpn/vgw_attached_ok.json", &[]);
}

#[test]
fn vpn_has_two_tunnels() {
    let report = check(
        "vpn/tunnel_count_one.json",
        &["VPN_TUNNEL_COUNT error vpn-1"],
    );
    assert_eq!(
        message(&report, "VPN_TUNNEL_COUNT"),
        "vpn-1 has 1 tunnel: every Site-to-Site VPN connection has exactly two"
    );
    // A design that does not describe its tunnels is not judged.
    check("vpn/tunnel_count_unknown_ok.json", &[]);
}

#[test]
fn v6_tunnel_inside_cidrs() {
    check(
        "vpn/v6_inside_cidrs_bad.json",
        &[
            "VPN_TUNNEL_INSIDE_CIDR_INVALID error vpn-2",
            "VPN_TUNNEL_INSIDE_CIDR_INVALID error vpn-2",
            "VPN_TUNNEL_INSIDE_CIDR_RESERVED error vpn-1",
            "VPN_TUNNEL_INSIDE_CIDR_RESERVED error vpn-1",
        ],
    );
    check("vpn/v6_inside_cidrs_next_to_reserved_ok.json", &[]);
}

#[test]
fn v7_duplicate_inside_cidrs() {
    check(
        "vpn/v7_inside_cidr_duplicate_vgw.json",
        &["VPN_TUNNEL_INSIDE_CIDR_DUPLICATE error vpn-1 vpn-2 vgw-a"],
    );
    check(
        "vpn/inside_cidr_duplicate_in_one_connection.json",
        &["VPN_TUNNEL_INSIDE_CIDR_DUPLICATE error vpn-1"],
    );
    // On a transit gateway, duplicates across connections are allowed.
    check("vpn/v7_inside_cidr_duplicate_tgw_ok.json", &[]);
}

#[test]
fn ipv6_tunnel_inside_cidrs() {
    check(
        "vpn/inside_ipv6_invalid.json",
        &[
            "VPN_TUNNEL_INSIDE_IPV6_INVALID error vpn-1",
            "VPN_TUNNEL_INSIDE_IPV6_INVALID error vpn-1 vpn-2 tgw-a",
            "VPN_TUNNEL_INSIDE_IPV6_INVALID error vpn-2",
        ],
    );
    check("vpn/inside_ipv6_ok.json", &[]);
}

#[test]
fn v12_customer_gateway_asns() {
    check(
        "vpn/cgw_asn_invalid.json",
        &[
            "VPN_CGW_ASN_INVALID error cgw-1",
            "VPN_CGW_ASN_INVALID error cgw-2",
        ],
    );
    // `BgpAsnExtended` admits 2,147,483,648–4,294,967,295, the 4.2 G private range included.
    check("vpn/cgw_asn_extended_ok.json", &[]);
    let report = check(
        "vpn/cgw_asn_reserved.json",
        &["VPN_CGW_RESERVED_ASN error cgw-1"],
    );
    assert_eq!(
        message(&report, "VPN_CGW_RESERVED_ASN"),
        "dc-router-1 (cgw-1) has the BGP ASN 7224, which AWS reserves in every Region"
    );
    // 9059 is reserved in eu-west-1 only.
    check("vpn/cgw_asn_reserved_elsewhere_ok.json", &[]);
    // The customer gateway options page: 7224 everywhere, 10124 in ap-northeast-1, 17943 in
    // ap-southeast-1 (docs/catalog-review.md).
    let reserved = |region: &str, asn: u64| {
        let mut topology = fixture("validate/vpn/cgw_asn_reserved.json");
        topology.customer_gateways[0].region = Some(region.to_string());
        topology.customer_gateways[0].bgp_asn = Some(asn);
        compact(&validate::run(&topology))
            .into_iter()
            .filter(|line| line.starts_with("VPN_CGW_RESERVED_ASN"))
            .count()
    };
    assert_eq!(reserved("eu-central-1", 7224), 1);
    assert_eq!(reserved("ap-northeast-1", 10124), 1);
    assert_eq!(reserved("us-east-1", 10124), 0);
    assert_eq!(reserved("ap-southeast-1", 17943), 1);
    assert_eq!(reserved("eu-west-1", 9059), 1);
    assert_eq!(reserved("eu-west-1", 65000), 0);
}

#[test]
fn v10_v11_amazon_side_asns() {
    check(
        "vpn/v11_amazon_asn_invalid.json",
        &["VPN_AMAZON_ASN_INVALID error vgw-a"],
    );
    check("vpn/amazon_asn_legacy_ok.json", &[]);
    check(
        "vpn/v10_asn_collision.json",
        &["VPN_ASN_COLLISION error vpn-1 cgw-1 vgw-a"],
    );
    // A static connection runs no BGP; the VGW prefers its static route over vpn-2's BGP.
    check(
        "vpn/asn_same_static_ok.json",
        &["VPN_ROUTE_PREFERENCE info vgw-a vpn-1 vpn-2"],
    );
}

#[test]
fn v15_cloudhub() {
    check(
        "vpn/v15_cloudhub_asn_duplicate.json",
        &["VPN_CLOUDHUB_ASN_DUPLICATE warning vgw-a cgw-1 cgw-2"],
    );
    check(
        "vpn/v15_cloudhub_overlap.json",
        &["VPN_CLOUDHUB_OVERLAP warning vgw-a cgw-1 cgw-2"],
    );
    check("vpn/v15_cloudhub_ok.json", &[]);
    // Two devices advertising the same prefixes is redundancy, not an overlap (V16).
    check("vpn/v16_same_prefixes_two_devices_ok.json", &[]);
}

#[test]
fn v4_on_premises_overlaps_the_vpc() {
    let report = check(
        "vpn/v4_onprem_overlap.json",
        &[
            "VPN_ONPREM_OVERLAP error vpn-1 vpc-a vgw-a",
            "VPN_ONPREM_OVERLAP error vpn-2 vpc-a vgw-a",
        ],
    );
    assert!(report.findings[0].message.starts_with(
        "the on-premises prefix 10.0.8.0/24 behind vpn-1 overlaps 10.0.0.0/16 of app (vpc-a)"
    ));
    check("vpn/v4_onprem_next_to_vpc_ok.json", &[]);
}

#[test]
fn v2_v3_routes_to_and_from_on_premises() {
    check(
        "vpn/v3_static_no_routes.json",
        &["VPN_STATIC_NO_ROUTES error vpn-1"],
    );
    let report = check(
        "vpn/v2_no_vpc_route.json",
        &["VPN_NO_VPC_ROUTE warning vgw-a vpc-a vpn-1 vpn-2"],
    );
    assert_eq!(
        report.findings[0].hint.as_deref(),
        Some("enable route propagation from vgw-a on rtb-a, or add routes for the on-premises prefixes → vgw-a")
    );
    check("vpn/v2_static_vpc_route_ok.json", &[]);
}

#[test]
fn v13_v14_gateway_capabilities() {
    check(
        "vpn/v13_ipv6_on_vgw.json",
        &["VPN_IPV6_ON_VGW error vpn-1 vgw-a"],
    );
    check(
        "vpn/v14_acceleration_on_vgw.json",
        &["VPN_ACCELERATION_ON_VGW error vpn-1 vgw-a"],
    );
    check("vpn/v14_acceleration_on_tgw_ok.json", &[]);
    // IPv6 outside addresses exist on transit gateways (and Cloud WAN) only.
    let ipv6_outside = |name: &str| {
        let mut topology = fixture(&format!("validate/vpn/{name}"));
        let last = topology.vpn_connections.len() - 1;
        topology.vpn_connections[last].outside_ip_address_type = Some("Ipv6".into());
        compact(&validate::run(&topology))
            .into_iter()
            .filter(|line| line.starts_with("VPN_IPV6_ON_VGW"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ipv6_outside("v13_ipv6_on_vgw.json"),
        [
            "VPN_IPV6_ON_VGW error vpn-1 vgw-a",
            "VPN_IPV6_ON_VGW error vpn-2 vgw-a"
        ]
    );
    assert_eq!(
        ipv6_outside("v14_acceleration_on_tgw_ok.json"),
        Vec::<String>::new()
    );
}

#[test]
fn v5_tunnels_down() {
    let report = check(
        "vpn/v5_tunnels_down.json",
        &[
            // Of the gateway's four tunnels one is left.
            "ADVISE_HYBRID_SPOF warning vgw-a vpn-1",
            "VPN_TUNNEL_DOWN warning vpn-1 cgw-1",
            "VPN_TUNNEL_DOWN warning vpn-2 cgw-2",
        ],
    );
    assert_eq!(
        report.findings[1].message,
        "1 of the 2 tunnels of vpn-1 is down (203.0.113.1): the connection has no redundancy"
    );
    assert_eq!(
        report.findings[2].message,
        "every tunnel of vpn-2 is down (203.0.113.3, 203.0.113.4): no traffic passes the VPN"
    );
    check("vpn/v5_tunnels_up_ok.json", &[]);
}

#[test]
fn v16_one_customer_gateway_is_a_single_point_of_failure() {
    check(
        "vpn/v16_single_cgw.json",
        &["VPN_SINGLE_CGW warning vgw-a cgw-1 vpn-1 vpn-2"],
    );
}

#[test]
fn private_ip_vpn_and_customer_gateway_addresses() {
    check(
        "vpn/private_ip_no_transport.json",
        &["VPN_PRIVATE_IP_REQUIREMENTS error vpn-1"],
    );
    check("vpn/private_ip_over_dx_ok.json", &[]);
    check(
        "vpn/cgw_ip_invalid.json",
        &[
            "VPN_CGW_IP_INVALID error cgw-1",
            "VPN_CGW_IP_INVALID error cgw-2",
        ],
    );
    check("vpn/cgw_certificate_without_ip_ok.json", &[]);
}

#[test]
fn v9_tunnel_options() {
    let report = check(
        "vpn/v9_tunnel_options_out_of_range.json",
        &[
            "VPN_TUNNEL_OPTION_RANGE error vpn-1",
            "VPN_TUNNEL_OPTION_RANGE error vpn-1",
        ],
    );
    assert_eq!(
        report.findings[0].message,
        "tunnel 203.0.113.1 of vpn-1 has options AWS refuses: phase 2 lifetime 3600 s (900–3600, below phase 1's 3000); replay window 4096 packets (64–2048); DPD timeout 10 s (30 or more)"
    );
    check("vpn/v9_tunnel_options_ok.json", &[]);
}

/// `Options.TunnelOptions[]` of describe-vpn-connections reach the rule; the key never does.
#[test]
fn tunnel_options_are_imported_without_the_key() {
    let text = r#"{"VpnConnections": [{"VpnConnectionId": "vpn-1", "CustomerGatewayId": "cgw-1",
        "VpnGatewayId": "vgw-1", "State": "available", "Options": {"StaticRoutesOnly": false,
        "TunnelOptions": [
          {"OutsideIpAddress": "203.0.113.1", "TunnelInsideCidr": "169.254.10.0/30",
           "PreSharedKey": "secretkey123", "Phase1LifetimeSeconds": 28800,
           "Phase2LifetimeSeconds": 28800, "DpdTimeoutSeconds": 30,
           "Phase1DHGroupNumbers": [{"Value": 2}, {"Value": 14}],
           "IkeVersions": [{"Value": "ikev1"}, {"Value": "ikev2"}]},
          {"OutsideIpAddress": "203.0.113.2", "TunnelInsideCidr": "169.254.10.4/30"}]}}]}"#;
    let imported = vpcmap::import::import(&[vpcmap::InputFile::new(
        "us-east-1/VpnConnections.json".to_string(),
        text.to_string(),
    )])
    .unwrap();
    let tunnels = &imported.topology.vpn_connections[0].tunnels;
    let options = tunnels[0].options.as_ref().unwrap();
    assert_eq!(options.phase1_dh_group_numbers, [2, 14]);
    assert_eq!(options.ike_versions, ["ikev1", "ikev2"]);
    assert_eq!(tunnels[1].options, None);
    let native = vpcmap::import::native::to_string(&imported.topology);
    assert!(!native.contains("secretkey123"), "{native}");
    let report = validate::run(&imported.topology);
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"VPN_TUNNEL_OPTION_RANGE"), "{codes:?}");
}

#[test]
fn vpn_information() {
    check(
        "vpn/tgw_static_no_ecmp.json",
        &["VPN_ECMP_STATIC info tgw-a vpn-1"],
    );
    let report = check(
        "vpn/v17_route_preference.json",
        &["VPN_ROUTE_PREFERENCE info vgw-a vpn-1 vpn-2"],
    );
    assert_eq!(
        message(&report, "VPN_ROUTE_PREFERENCE"),
        "vgw-a learns 192.168.0.0/16 from a VPN static route and VPN BGP: it uses a VPN static route, the others are backups"
    );
    check(
        "vpn/connection_pending.json",
        &["VPN_CONNECTION_STATE info vpn-1"],
    );
}

// ---- Direct Connect (catalog §1.7) -------------------------------------------------------------

#[test]
fn d1_d2_resilient_direct_connect_is_clean() {
    check("dx/d1_private_vifs_ok.json", &[]);
    check("dx/d2_dxgw_ok.json", &[]);
    check("dx/transit_ok.json", &[]);
    // Two VIFs on one connection, but a VPN backs them up: no single point of failure.
    check("dx/vlans_apart_one_connection_vpn_backup_ok.json", &[]);
}

#[test]
fn d14_vlans() {
    check(
        "dx/d14_vlan_invalid.json",
        &[
            "DX_VLAN_INVALID error dxvif-1",
            "DX_VLAN_INVALID error dxvif-2",
        ],
    );
    check(
        "dx/d14_vlan_duplicate.json",
        &[
            "DX_VLAN_DUPLICATE error dxvif-1 dxvif-2 dxcon-1",
            "DX_SINGLE_CONNECTION warning vgw-a dxcon-1",
        ],
    );
}

#[test]
fn d8_asns() {
    check(
        "dx/customer_asn_invalid.json",
        &["DX_CUSTOMER_ASN_INVALID error dxvif-1"],
    );
    check("dx/customer_asn_4byte_ok.json", &[]);
    // 7224 is a legacy VGW default, never valid for a Direct Connect gateway.
    check(
        "dx/dxgw_asn_invalid.json",
        &["DX_AMAZON_ASN_INVALID error dxgw-1"],
    );
    check(
        "dx/d8_tgw_asn_collision.json",
        &["DX_TGW_ASN_COLLISION error dxassoc-t tgw-a dxgw-1"],
    );
    check(
        "dx/multi_region_tgw_asn.json",
        &["DX_MULTI_REGION_TGW_ASN warning dxgw-1 tgw-a tgw-w"],
    );
    check("dx/multi_region_tgw_asn_unique_ok.json", &[]);
}

#[test]
fn d7_d11_vif_targets_and_gateway_kinds() {
    check(
        "dx/vif_target_private.json",
        &[
            "DX_VIF_TARGET_INVALID error dxvif-1 vgw-a dxgw-1",
            "DX_VIF_TARGET_INVALID error dxvif-2",
            "DX_SINGLE_CONNECTION warning dxgw-1 dxcon-1",
            "DX_SINGLE_CONNECTION warning vgw-a dxcon-1",
        ],
    );
    check(
        "dx/d11_vif_target_transit_public.json",
        &[
            "DX_VIF_TARGET_INVALID error dxvif-1 vgw-a",
            "DX_VIF_TARGET_INVALID error dxvif-2 vgw-a",
        ],
    );
    check(
        "dx/d7_dxgw_mixed.json",
        &["DX_DXGW_MIXED error dxgw-1 tgw-a dxvif-1 dxvif-2 vgw-z"],
    );
}

#[test]
fn d16_vgw_associations() {
    check(
        "dx/vgw_multi_dxgw.json",
        &["DX_VGW_MULTI_DXGW error vgw-a dxgw-1 dxgw-2"],
    );
    check(
        "dx/d16_vgw_not_attached.json",
        &["DX_VGW_NOT_ATTACHED error vgw-b dxgw-1 dxassoc-b"],
    );
    check(
        "dx/association_state.json",
        &[
            "DX_ASSOCIATION_STATE info dxassoc-b dxgw-1 vgw-b",
            // rtb-b propagates from vgw-b before its association exists.
            "DX_PROPAGATION_BEFORE_ASSOCIATION info rtb-b vgw-b dxassoc-b dxgw-1",
        ],
    );
}

#[test]
fn d2_d3_vpcs_behind_one_dx_gateway() {
    let report = check(
        "dx/d3_vpc_cidr_overlap.json",
        &[
            "DX_VPC_CIDR_OVERLAP error dxgw-1 vpc-a vpc-b",
            "VPC_CIDR_DXGW_ADD_OVERLAP error vpc-b vpc-a dxgw-1",
        ],
    );
    assert_eq!(
        report.findings[0].message,
        "app (vpc-a) and data (vpc-b), both behind corp-dxgw (dxgw-1), have overlapping blocks (10.0.0.0/16 and 10.0.128.0/17)"
    );
    check(
        "dx/d2_route_to_other_vpc_through_dxgw.json",
        &["DX_NO_VGW_TO_VGW error rtb-a vgw-a dxgw-1 vpc-b"],
    );
    // With an on-premises supernet on the same VIF the VPCs do reach each other: a warning.
    check(
        "dx/d2_supernet_hairpin.json",
        &[
            "DX_SUPERNET_HAIRPIN warning dxgw-1 dxvif-1 vpc-a vpc-b",
            "DX_SUPERNET_HAIRPIN warning dxgw-1 dxvif-2 vpc-a vpc-b",
        ],
    );
}

#[test]
fn d4_d5_d6_allowed_prefixes() {
    check(
        "dx/d4_allowed_prefix_narrow.json",
        &[
            "DX_ALLOWED_PREFIX_NARROW warning dxassoc-a vgw-a vpc-a",
            "DX_ALLOWED_PREFIX_NARROW warning dxassoc-b vgw-b vpc-b",
        ],
    );
    check("dx/d4_allowed_prefix_wide_ok.json", &[]);
    check(
        "dx/d5_tgw_allowed_prefix_semantics.json",
        &["DX_ALLOWED_PREFIX_TGW_SEMANTICS info dxassoc-t tgw-a vpc-a"],
    );
    check(
        "dx/d6_allowed_prefix_overlap.json",
        &["DX_ALLOWED_PREFIX_OVERLAP error dxgw-1 dxassoc-t dxassoc-w"],
    );
}

#[test]
fn d9_prefix_limits() {
    check(
        "dx/d9_routes_over_limit.json",
        &[
            "DX_ROUTES_OVER_LIMIT error dxvif-1",
            "DX_ROUTES_OVER_LIMIT error dxvif-2",
        ],
    );
    check("dx/d9_routes_at_limit_ok.json", &[]);
    check(
        "dx/tgw_prefixes_over_limit.json",
        &[
            "DX_TGW_PREFIXES_OVER_LIMIT error dxassoc-t tgw-a",
            "DX_ALLOWED_PREFIX_TGW_SEMANTICS info dxassoc-t tgw-a vpc-a",
        ],
    );
}

#[test]
fn d10_mtu() {
    check(
        "dx/d10_private_mtu_invalid.json",
        &[
            "DX_MTU_INVALID error dxvif-1",
            "MTU_PATH_REDUCTION info onprem-dc dxvif-2 dxvif-1",
        ],
    );
    check(
        "dx/d10_transit_mtu_invalid.json",
        &[
            "DX_MTU_INVALID error dxvif-1",
            "MTU_PATH_REDUCTION info onprem-dc dxvif-2 dxvif-1",
        ],
    );
    // 9001 (User Guide) and 8500 (API reference since 2024) are both accepted on private VIFs.
    check(
        "dx/private_mtu_jumbo_ok.json",
        &["MTU_PATH_REDUCTION info onprem-dc dxvif-1 dxvif-2"],
    );
    check(
        "dx/jumbo_not_capable.json",
        &[
            "DX_JUMBO_NOT_CAPABLE error dxvif-1 dxcon-1",
            "MTU_PATH_REDUCTION info onprem-dc dxvif-2 dxvif-1",
        ],
    );
    check(
        "dx/d10_mtu_fallback_static_route.json",
        &[
            "DX_MTU_FALLBACK warning dxvif-1 vgw-a rtb-a",
            "DX_MTU_FALLBACK warning dxvif-2 vgw-a rtb-a",
        ],
    );
    check(
        "dx/d10_mtu_fallback_vpn.json",
        &[
            "DX_MTU_FALLBACK warning dxvif-1 vgw-a vpn-1",
            "DX_MTU_FALLBACK warning dxvif-2 vgw-a vpn-1",
            "VPN_ROUTE_PREFERENCE info vgw-a dxvif-1 dxvif-2 vpn-1",
        ],
    );
}

#[test]
fn dx_state_and_resiliency() {
    let report = check(
        "dx/bgp_down.json",
        &[
            "DX_BGP_DOWN warning dxvif-1 dxcon-1",
            "DX_BGP_DOWN warning dxvif-2 dxcon-2",
        ],
    );
    assert_eq!(
        report.findings[1].message,
        "dxvif-2 has 1 of 2 BGP peers not up: it carries no traffic"
    );
    check(
        "dx/single_connection.json",
        &["DX_SINGLE_CONNECTION warning vgw-a dxcon-1"],
    );
    let report = check(
        "dx/single_location.json",
        &["DX_SINGLE_CONNECTION warning vgw-a dxcon-1 dxcon-2"],
    );
    assert!(report.findings[0]
        .message
        .contains("rides 2 connections at one location, EqDC2"));
}

#[test]
fn d12_vifs_per_connection() {
    check(
        "dx/d12_hosted_vif_limit.json",
        &["DX_HOSTED_VIF_LIMIT error dxcon-1 dxvif-1 dxvif-2"],
    );
    check(
        "dx/vif_per_connection_transit.json",
        &[
            "DX_VIF_PER_CONNECTION error dxcon-2",
            "DX_SINGLE_CONNECTION warning dxgw-1 dxcon-2",
        ],
    );
}

#[test]
fn dx_information() {
    check("dx/speeds.json", &["DX_SPEEDS info dxcon-1"]);
    check(
        "dx/public_prefix_ownership.json",
        &["DX_PUBLIC_PREFIX_OWNERSHIP info dxvif-pub"],
    );
    check("dx/public_prefix_owned_ok.json", &[]);
}

// ---- Gateway endpoints (catalog §1.8) ----------------------------------------------------------

#[test]
fn e1_a_private_subnet_on_a_dynamodb_endpoint_is_clean() {
    check("endpoints/e1_dynamodb_endpoint_ok.json", &[]);
    check("endpoints/interface_endpoint_ok.json", &[]);
}

#[test]
fn e2_subnets_whose_tables_skip_the_endpoint() {
    let report = check(
        "endpoints/e2_subnet_without_endpoint.json",
        &["ENDPOINT_SUBNET_SEPARATION info rtb-b vpce-ddb subnet-b"],
    );
    assert_eq!(
        report.findings[0].hint.as_deref(),
        Some("associate rtb-b with vpce-ddb if its subnets should use the endpoint")
    );
    // A public subnet reaches the service through its internet gateway.
    // (Its Name tag says private while its route table makes it public.)
    check(
        "endpoints/e2_public_subnet_without_endpoint_ok.json",
        &["SUBNET_KIND info subnet-b rtb-b"],
    );
    check(
        "endpoints/route_missing.json",
        &["ENDPOINT_ROUTE_MISSING error vpce-ddb rtb-a"],
    );
}

#[test]
fn e3_e4_region_service_and_dns() {
    check(
        "endpoints/e3_region_mismatch.json",
        &["ENDPOINT_REGION_MISMATCH error vpce-ddb vpc-a"],
    );
    check(
        "endpoints/service_unsupported.json",
        &["ENDPOINT_SERVICE_UNSUPPORTED error vpce-sqs vpc-a"],
    );
    let report = check(
        "endpoints/e4_dns_disabled.json",
        &["ENDPOINT_DNS_DISABLED error vpce-ddb vpc-a"],
    );
    assert_eq!(
        report.findings[0].message,
        "app (vpc-a) has enableDnsHostnames off, so clients using the Amazon DNS server cannot resolve com.amazonaws.us-east-1.dynamodb through dynamodb (vpce-ddb)"
    );
    check("endpoints/e4_dns_attributes_not_given_ok.json", &[]);
}

#[test]
fn e5_e6_security_groups_and_acls_on_the_way_to_the_service() {
    let report = check(
        "endpoints/e5_sg_egress_blocked.json",
        &["ENDPOINT_SG_EGRESS_BLOCKED error i-app vpce-ddb sg-app"],
    );
    assert_eq!(
        report.findings[0].hint.as_deref(),
        Some("add an outbound rule TCP 443 → pl-ddb to sg-app")
    );
    check("endpoints/e5_sg_default_egress_ok.json", &[]);
    check("endpoints/e5_sg_egress_to_service_cidrs_ok.json", &[]);
    check(
        "endpoints/e6_nacl_blocked.json",
        &["ENDPOINT_NACL_BLOCKED error acl-a vpce-ddb subnet-a"],
    );
    check("endpoints/e6_nacl_service_cidrs_ok.json", &[]);
}

#[test]
fn e7_e8_e11_endpoint_routes() {
    check(
        "endpoints/e7_route_shadowed.json",
        &[
            "ENDPOINT_ROUTE_SHADOWED warning rtb-a vpce-ddb",
            "SUBNET_KIND info subnet-a rtb-a",
        ],
    );
    // Its subnet `private-a` routes 0.0.0.0/0 to the internet gateway: public, whatever its name.
    check(
        "endpoints/e8_default_route_does_not_shadow_ok.json",
        &["SUBNET_KIND info subnet-a rtb-a"],
    );
    // The second endpoint's route cannot be in the table the first one's holds.
    check(
        "endpoints/e11_duplicate_service_route.json",
        &[
            "ENDPOINT_DUPLICATE_SERVICE_ROUTE error rtb-a vpce-ddb vpce-ddb2",
            "ENDPOINT_ROUTE_MISSING error vpce-ddb2 rtb-a",
        ],
    );
    check("endpoints/e11_two_endpoints_two_tables_ok.json", &[]);
}

#[test]
fn e12_ipv6_only_subnets() {
    check(
        "endpoints/e12_ipv6_only_subnet.json",
        &[
            "ENDPOINT_IPV6_UNSUPPORTED error subnet-v6 vpce-ddb",
            "SUBNET_IPV6_ONLY_NO_IPV4 info subnet-v6",
        ],
    );
    check(
        "endpoints/e12_dualstack_endpoint_ok.json",
        &["SUBNET_IPV6_ONLY_NO_IPV4 info subnet-v6"],
    );
}

#[test]
fn e9_endpoints_are_not_reachable_from_peers_or_transit_gateways() {
    check(
        "endpoints/e9_endpoint_from_peer.json",
        &[
            "ENDPOINT_NOT_REACHABLE_FROM_PEER error rtb-peer vpce-ddb pcx-ab",
            "PEERING_EDGE_TO_EDGE error rtb-peer pcx-ab vpc-a vpce-ddb",
        ],
    );
    check(
        "endpoints/e9_endpoint_from_peer_cidr.json",
        &[
            "ENDPOINT_NOT_REACHABLE_FROM_PEER error rtb-peer vpce-ddb pcx-ab",
            "PEERING_TRANSITIVE error rtb-peer pcx-ab vpc-a",
        ],
    );
    check("endpoints/e9_peer_routes_only_the_vpc_ok.json", &[]);
    check(
        "endpoints/endpoint_from_tgw.json",
        &["ENDPOINT_NOT_REACHABLE_FROM_TGW error tgw-rtb-a vpce-ddb tgw-attach-a"],
    );
    check("endpoints/tgw_routes_only_the_vpc_ok.json", &[]);
}

#[test]
fn e13_e14_endpoint_state_and_policies() {
    check(
        "endpoints/endpoint_pending.json",
        &["ENDPOINT_STATE warning vpce-ddb vpc-a"],
    );
    check(
        "endpoints/e13_policy_non_default.json",
        &["ENDPOINT_POLICY_NON_DEFAULT info vpce-ddb"],
    );
    check("endpoints/e13_default_policy_ok.json", &[]);
    check(
        "endpoints/e14_s3_sourceip_policy.json",
        &[
            "ENDPOINT_S3_SOURCEIP_POLICY warning vpce-s3",
            "ENDPOINT_POLICY_NON_DEFAULT info vpce-s3",
        ],
    );
}

// ---- MTU (catalog §1.12) and advice (catalog §1.15) --------------------------------------------

#[test]
fn mtu_shrinks_when_a_site_fails_over_to_its_vpn() {
    let report = check(
        "advise/mtu_vpn_backup_of_dx.json",
        &[
            "MTU_PATH_REDUCTION info onprem-dc vpn-1 vpn-2 dxvif-1 dxvif-2",
            "VPN_ROUTE_PREFERENCE info vgw-a dxvif-1 dxvif-2 vpn-1 vpn-2",
        ],
    );
    assert_eq!(
        message(&report, "MTU_PATH_REDUCTION"),
        "the largest packet to dc (onprem-dc) is 1500 bytes over dxvif-2 but 1446 over vpn-1: it shrinks when traffic fails over"
    );
    check("advise/mtu_vpn_only_ok.json", &[]);
}

#[test]
fn acls_that_drop_fragmentation_needed() {
    check(
        "advise/pmtud_blocked.json",
        &[
            "MTU_PMTUD_BLOCKED warning acl-web subnet-pub",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-pub rtb-a",
        ],
    );
    check(
        "advise/pmtud_allowed_ok.json",
        &["SUBNET_ROUTE_TABLE_IMPLICIT info subnet-pub rtb-a"],
    );
    // An inter-Region peering is a smaller hop too (8500 bytes); one within the Region is not.
    let over_peering = |peer_region: &str| -> Vec<String> {
        let path = crate::repo_root().join("tests/fixtures/validate/advise/pmtud_blocked.json");
        let mut doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let region = doc["vpcs"][0]["region"].clone();
        doc["vpcs"].as_array_mut().unwrap().push(serde_json::json!(
            {"id": "vpc-peer", "region": peer_region, "cidrs": ["10.9.0.0/16"]}
        ));
        doc["vpcPeeringConnections"] = serde_json::json!([{
            "id": "pcx-peer",
            "requester": {"vpc": "vpc-a", "region": region},
            "accepter": {"vpc": "vpc-peer", "region": peer_region}
        }]);
        doc["routeTables"][0]["routes"][1] =
            serde_json::json!({"destination": "10.9.0.0/16", "target": "pcx-peer"});
        let topology = vpcmap::import::native::from_value("doc.json", doc).unwrap();
        compact(&validate::run(&topology))
            .into_iter()
            .filter(|line| line.starts_with("MTU_PMTUD_BLOCKED"))
            .collect()
    };
    assert_eq!(
        over_peering("eu-west-1"),
        ["MTU_PMTUD_BLOCKED warning acl-web subnet-pub"]
    );
    assert_eq!(over_peering("us-east-1"), Vec::<String>::new());
}

#[test]
fn stated_bandwidth_against_the_vpn() {
    let report = check(
        "advise/vpn_bandwidth_vgw.json",
        &["ADVISE_VPN_BANDWIDTH info onprem-dc vpn-1 vpn-2"],
    );
    assert_eq!(
        message(&report, "ADVISE_VPN_BANDWIDTH"),
        "dc (onprem-dc) needs 2000 Mbit/s, but its Site-to-Site VPN carries about 1250 Mbit/s (IPsec over the internet)"
    );
    check("advise/vpn_bandwidth_enough_ok.json", &[]);
    // Four tunnels with BGP on a transit gateway share the load (ECMP): 5,000 Mbit/s.
    check("advise/vpn_bandwidth_tgw_ecmp_ok.json", &[]);
    check("advise/vpn_bandwidth_large_tunnels_ok.json", &[]);
    check(
        "advise/vpn_bandwidth_with_dx_ok.json",
        &[
            "MTU_PATH_REDUCTION info onprem-dc vpn-1 vpn-2 dxvif-1 dxvif-2",
            "VPN_ROUTE_PREFERENCE info vgw-a dxvif-1 dxvif-2 vpn-1 vpn-2",
        ],
    );
}

#[test]
fn latency_sensitive_sites() {
    check(
        "advise/latency_sensitive_vpn_only.json",
        &["ADVISE_DX_PRIVATE_PATH info onprem-dc vpn-1 vpn-2"],
    );
    check(
        "advise/latency_sensitive_with_dx.json",
        &[
            "MTU_PATH_REDUCTION info onprem-dc vpn-1 vpn-2 dxvif-1 dxvif-2",
            "VPN_ROUTE_PREFERENCE info vgw-a dxvif-1 dxvif-2 vpn-1 vpn-2",
        ],
    );
}

#[test]
fn one_tunnel_up_is_a_single_point_of_failure() {
    check(
        "advise/one_tunnel_up.json",
        &[
            "ADVISE_HYBRID_SPOF warning vgw-a vpn-1",
            "VPN_SINGLE_CGW warning vgw-a cgw-1 vpn-1",
            "VPN_TUNNEL_DOWN warning vpn-1 cgw-1",
        ],
    );
    // With Direct Connect beside it, the VPN is a backup: the tunnel is down, nothing more.
    check(
        "advise/one_tunnel_up_with_dx.json",
        &[
            "VPN_TUNNEL_DOWN warning vpn-1 cgw-1",
            "MTU_PATH_REDUCTION info onprem-dc vpn-1 dxvif-1 dxvif-2",
            "VPN_ROUTE_PREFERENCE info vgw-a dxvif-1 dxvif-2 vpn-1",
        ],
    );
}

#[test]
fn cheaper_and_reachable_paths_to_s3_and_dynamodb() {
    check(
        "advise/nat_without_endpoints.json",
        &["ADVISE_USE_GATEWAY_ENDPOINT info rtb-app nat-a vpc-a"],
    );
    check("advise/nat_with_both_endpoints_ok.json", &[]);
    check(
        "advise/hybrid_vpc_with_gateway_endpoints.json",
        &["ADVISE_INTERFACE_ENDPOINT_FOR_HYBRID info vpc-a vgw-a"],
    );
}

// ---- Security groups (catalog §1.9) and network ACLs (catalog §1.10) ---------------------------

#[test]
fn security_group_placement_and_references() {
    check(
        "sgnacl/base_ok.json",
        &["SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a"],
    );
    check(
        "sgnacl/sg_vpc_mismatch.json",
        &[
            "SG_REF_NOT_PEERED error sg-db sg-web vpc-a",
            "SG_VPC_MISMATCH error i-db sg-web vpc-b",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-b rtb-b",
        ],
    );
    check(
        "sgnacl/sg_ref_not_peered.json",
        &[
            "SG_REF_NOT_PEERED error sg-db sg-web vpc-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-b rtb-b",
        ],
    );
    check(
        "sgnacl/sg_ref_peered_ok.json",
        &[
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-b rtb-b",
        ],
    );
    // Over a shared transit gateway a reference is allowed in inbound rules only.
    let over_tgw = |outbound: bool| -> Vec<String> {
        let path = crate::repo_root().join("tests/fixtures/validate/sgnacl/sg_ref_not_peered.json");
        let mut doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        doc["transitGateways"] = serde_json::json!([{"id": "tgw-1", "region": "us-east-1"}]);
        doc["transitGatewayAttachments"] = serde_json::json!([
            {"id": "tgw-attach-a", "transitGateway": "tgw-1", "resourceType": "vpc", "resource": "vpc-a"},
            {"id": "tgw-attach-b", "transitGateway": "tgw-1", "resourceType": "vpc", "resource": "vpc-b"}
        ]);
        if outbound {
            let db = &mut doc["securityGroups"][1];
            db["egress"] = db["ingress"].take();
            db["ingress"] = serde_json::json!([]);
        }
        let topology = vpcmap::import::native::from_value("doc.json", doc).unwrap();
        compact(&validate::run(&topology))
            .into_iter()
            .filter(|line| line.starts_with("SG_REF_NOT_PEERED"))
            .collect()
    };
    assert_eq!(over_tgw(false), Vec::<String>::new());
    assert_eq!(
        over_tgw(true),
        ["SG_REF_NOT_PEERED error sg-db sg-web vpc-a"]
    );
}

#[test]
fn security_group_rules() {
    check(
        "sgnacl/sg_no_egress.json",
        &[
            "SG_NO_EGRESS warning sg-web vpc-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
        ],
    );
    let report = check(
        "sgnacl/sg_open_admin_ports.json",
        &[
            "SG_OPEN_ADMIN_PORTS warning sg-web vpc-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
        ],
    );
    assert_eq!(
        report.findings[0].message,
        "web (sg-web) allows RDP (3389) and SSH (22) from anywhere"
    );
    check(
        "sgnacl/sg_admin_ports_from_office_ok.json",
        &["SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a"],
    );
    check(
        "sgnacl/sg_rule_format.json",
        &[
            "SG_RULE_FORMAT error sg-web",
            "SG_RULE_FORMAT error sg-web",
            "SG_RULE_FORMAT error sg-web",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
        ],
    );
    check(
        "sgnacl/sg_rule_format_ok.json",
        &["SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a"],
    );
    check(
        "sgnacl/sg_name_invalid.json",
        &[
            "SG_NAME_INVALID error sg-2 sg-3 vpc-a",
            "SG_NAME_INVALID error sg-4",
            "SG_NAME_INVALID error sg-web",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
        ],
    );
    check(
        "sgnacl/sg_name_ok.json",
        &["SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a"],
    );
}

#[test]
fn network_acl_associations_and_numbers() {
    check(
        "sgnacl/nacl_subnet_multi.json",
        &[
            "NACL_SUBNET_MULTI error subnet-a acl-a acl-b",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
        ],
    );
    check(
        "sgnacl/nacl_rule_numbers.json",
        &[
            "NACL_DUPLICATE_RULE_NUMBER error acl-a",
            "NACL_RULE_NUMBER error acl-a",
            "NACL_RULE_SHADOWED info acl-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
        ],
    );
    check(
        "sgnacl/nacl_custom_deny_all.json",
        &[
            "NACL_CUSTOM_DENY_ALL warning acl-c subnet-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
        ],
    );
    check(
        "sgnacl/nacl_custom_unused_ok.json",
        &["SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a"],
    );
}

#[test]
fn n2_n5_network_acl_rules() {
    check(
        "sgnacl/n5_nacl_ipv6_missing.json",
        &[
            "NACL_IPV6_MISSING warning acl-a vpc-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
        ],
    );
    check(
        "sgnacl/nacl_ipv6_rules_ok.json",
        &["SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a"],
    );
    let report = check(
        "sgnacl/n2_nacl_rule_shadowed.json",
        &[
            "NACL_RULE_SHADOWED info acl-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
        ],
    );
    assert_eq!(
        report.findings[0].message,
        "inbound rule 100 of acl-a never matches: rule 90 before it matches everything it would"
    );
    // N2 as AWS documents it: the deny comes first, so nothing is dead.
    check(
        "sgnacl/n2_nacl_deny_first_ok.json",
        &["SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a"],
    );
    check(
        "sgnacl/nacl_protocol_ports.json",
        &[
            "NACL_PROTOCOL_PORTS info acl-a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-a rtb-a",
        ],
    );
}

// ---- The real exports --------------------------------------------------------------------------

/// Every error and warning of the hybrid families over every shared snapshot, as
/// `snapshot: CODE severity resources`. AWS created these networks, so an error here must be
/// something the export itself got wrong; each line is explained.
#[test]
fn real_exports_have_only_the_explained_hybrid_findings() {
    let root = crate::shared_fixtures();
    let Ok(entries) = std::fs::read_dir(root.join("batfish")) else {
        return; // A lone checkout has no shared fixtures.
    };
    let mut dirs: Vec<_> = entries
        .map(|e| e.unwrap().path().join("aws_configs"))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.push(root.join("batfish-hybrid-cloud").join("aws_configs"));
    let families = ["vpn", "dx", "endpoints", "mtu", "advice"];
    let mut got = Vec::new();
    let mut sg_nacl_errors: Vec<String> = Vec::new();
    for dir in dirs {
        let name = dir
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let imported = vpcmap::import::import(&crate::read_inputs(&dir)).unwrap();
        let report = validate::run(&imported.topology);
        for finding in &report.findings {
            let rule = validate::registry::rule(&finding.code).unwrap();
            if finding.severity == Severity::Error
                && ["security-groups", "nacl"].contains(&rule.family)
            {
                sg_nacl_errors.push(format!("{name}: {}", finding.code));
            }
            if finding.severity > Severity::Info && families.contains(&rule.family) {
                got.push(format!(
                    "{name}: {} {} {}",
                    finding.code,
                    finding.severity,
                    finding.resources.join(" ")
                ));
            }
        }
    }
    got.sort();
    // Security groups and ACLs of the captures: warnings only (SSH open to the world in the
    // launch-wizard groups, `SG_OPEN_ADMIN_PORTS`), never an error.
    assert_eq!(sg_nacl_errors, Vec::<String>::new());
    assert_eq!(
        got,
        [
            // Each TGW's only VPN ends on one customer device (and there is no Direct Connect).
            "batfish-hybrid-cloud: VPN_SINGLE_CGW warning tgw-06b348adabd13452d cgw-0d7410421c0d7799e vpn-01c45673532d3e33e",
            "batfish-hybrid-cloud: VPN_SINGLE_CGW warning tgw-0888a76c8a371246d cgw-05bf71efb1a643f40 vpn-0dc7abdb974ff8a69",
            // Hand-written fixture: both TGW associations allow 10.0.0.0/8, which AWS refuses.
            "test-direct-connect-gateway-multi-region: DX_ALLOWED_PREFIX_OVERLAP error 7b2c4f8a-1234-4abc-9def-fedcba987654 dxgw-assoc-east dxgw-assoc-west",
            // Hand-written fixture: it lists one tunnel of the connection; AWS always builds two.
            "test-direct-connect-gateway: VPN_TUNNEL_COUNT error vpn-dx-test",
            // The captures' VPNs had both tunnels down when they were taken.
            "test-public-private-subnet: VPN_SINGLE_CGW warning vgw-070087240d6fa2989 cgw-0e0d620a3ae284684 vpn-05044757278685fd3",
            "test-public-private-subnet: VPN_TUNNEL_DOWN warning vpn-05044757278685fd3 cgw-0e0d620a3ae284684",
            "test-vpn-gateway: VPN_SINGLE_CGW warning vgw-0c09bd7fadac961bf cgw-07affe708bb0e5fb6 vpn-03701a53bba3c48b7",
            "test-vpn-gateway: VPN_TUNNEL_DOWN warning vpn-03701a53bba3c48b7 cgw-07affe708bb0e5fb6",
        ]
    );
}

/// Fisher–Yates with a fixed linear congruential generator: repeatable shuffles.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = usize::try_from((*seed >> 33) % (i as u64 + 1)).unwrap();
        items.swap(i, j);
    }
}

/// The hybrid lists (VPNs, gateways, Direct Connect, endpoints, sites) in another order give the
/// same report, for every hybrid case (`validate.rs` shuffles the VPC-level lists).
#[test]
fn hybrid_findings_do_not_depend_on_the_order_of_lists() {
    let root = crate::repo_root().join("tests/fixtures/validate");
    for family in ["vpn", "dx", "endpoints", "advise", "sgnacl"] {
        let Ok(entries) = std::fs::read_dir(root.join(family)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        for name in names {
            let topo = fixture(&format!("validate/{family}/{name}"));
            let expected = validate::run(&topo);
            for seed in 1..=3u64 {
                let mut seed = seed;
                let mut t = topo.clone();
                shuffle(&mut t.vpn_connections, &mut seed);
                shuffle(&mut t.vpn_gateways, &mut seed);
                shuffle(&mut t.customer_gateways, &mut seed);
                shuffle(&mut t.transit_gateways, &mut seed);
                shuffle(&mut t.transit_gateway_attachments, &mut seed);
                shuffle(&mut t.dx_connections, &mut seed);
                shuffle(&mut t.virtual_interfaces, &mut seed);
                shuffle(&mut t.dx_gateways, &mut seed);
                shuffle(&mut t.dx_gateway_associations, &mut seed);
                shuffle(&mut t.vpc_endpoints, &mut seed);
                shuffle(&mut t.prefix_lists, &mut seed);
                shuffle(&mut t.security_groups, &mut seed);
                shuffle(&mut t.network_acls, &mut seed);
                shuffle(&mut t.on_prem_networks, &mut seed);
                shuffle(&mut t.route_tables, &mut seed);
                for vpn in &mut t.vpn_connections {
                    shuffle(&mut vpn.routes, &mut seed);
                }
                assert_eq!(validate::run(&t), expected, "{family}/{name}, seed {seed}");
            }
        }
    }
}

/// 1,000 VPCs, each with a VGW, two VPN connections to two customer gateways of its own site,
/// a private subnet with an instance on a DynamoDB gateway endpoint: the only findings are the
/// one advice per VPC that on-premises cannot use the endpoint. Correctness at scale only (the
/// hybrid lookups are maps, no check compares all pairs); speed is for the benchmarks.
#[test]
fn a_thousand_hybrid_vpcs_validate_cleanly() {
    use serde_json::json;
    let n = 1000;
    let mut doc = json!({"format": "vpcmap/1", "vpcs": [], "subnets": [], "routeTables": [],
        "vpnGateways": [], "customerGateways": [], "vpnConnections": [], "onPremNetworks": [],
        "vpcEndpoints": [], "securityGroups": [], "instances": [],
        "prefixLists": [{"id": "pl-ddb", "name": "com.amazonaws.us-east-1.dynamodb",
            "cidrs": ["52.94.0.0/22", "52.119.224.0/20"]}],
        // An account built for this scale has these increases.
        "quotas": [{"code": "QUOTA_VPCS_PER_REGION", "value": n}, {"code": "QUOTA_GATEWAY_ENDPOINTS", "value": n},
            {"code": "QUOTA_VGW_PER_REGION", "value": n}, {"code": "QUOTA_CGW_PER_REGION", "value": 2 * n},
            {"code": "QUOTA_VPN_PER_REGION", "value": 2 * n}, {"code": "QUOTA_SG_PER_REGION", "value": n}]});
    let push = |doc: &mut serde_json::Value, key: &str, value: serde_json::Value| {
        doc[key].as_array_mut().unwrap().push(value);
    };
    for i in 0..n {
        let (hi, lo) = (i / 256, i % 256);
        let vpc = format!("vpc-{i}");
        push(
            &mut doc,
            "vpcs",
            json!({"id": vpc, "region": "us-east-1", "cidrs": [format!("10.{hi}.{lo}.0/24")]}),
        );
        push(
            &mut doc,
            "subnets",
            json!({"id": format!("subnet-{i}"), "vpc": vpc, "az": "us-east-1a", "cidr": format!("10.{hi}.{lo}.0/26")}),
        );
        push(
            &mut doc,
            "routeTables",
            json!({"id": format!("rtb-{i}"), "vpc": vpc, "main": true,
            "subnets": [format!("subnet-{i}")],
            "propagatingVgws": [format!("vgw-{i}")],
            "routes": [{"destination": format!("10.{hi}.{lo}.0/24"), "target": "local"},
                       {"destination": "pl-ddb", "target": format!("vpce-{i}")}]}),
        );
        push(
            &mut doc,
            "vpnGateways",
            json!({"id": format!("vgw-{i}"), "amazonSideAsn": 64512, "attachments": [{"vpc": vpc}]}),
        );
        for k in 0..2 {
            let cgw = format!("cgw-{i}-{k}");
            push(
                &mut doc,
                "customerGateways",
                json!({"id": cgw, "bgpAsn": 65001 + k, "ipAddress": format!("198.51.{}.{}", 100 + k, i % 250 + 1)}),
            );
            push(
                &mut doc,
                "vpnConnections",
                json!({"id": format!("vpn-{i}-{k}"), "customerGateway": cgw, "vpnGateway": format!("vgw-{i}"),
                "tunnels": [{"outsideIp": "203.0.113.1", "insideCidr": format!("169.254.{}.{}/30", 10 + k, 0), "status": "UP"},
                            {"outsideIp": "203.0.113.2", "insideCidr": format!("169.254.{}.{}/30", 10 + k, 4), "status": "UP"}]}),
            );
        }
        push(
            &mut doc,
            "onPremNetworks",
            json!({"id": format!("site-{i}"), "cidrs": [format!("172.{}.{}.0/24", 16 + hi, lo)],
            "customerGateways": [format!("cgw-{i}-0"), format!("cgw-{i}-1")]}),
        );
        push(
            &mut doc,
            "vpcEndpoints",
            json!({"id": format!("vpce-{i}"), "vpc": vpc, "type": "gateway",
            "service": "com.amazonaws.us-east-1.dynamodb", "routeTables": [format!("rtb-{i}")]}),
        );
        push(
            &mut doc,
            "securityGroups",
            json!({"id": format!("sg-{i}"), "vpc": vpc,
            "egress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443, "prefixLists": ["pl-ddb"]}]}),
        );
        push(
            &mut doc,
            "instances",
            json!({"id": format!("i-{i}"), "subnet": format!("subnet-{i}"), "securityGroups": [format!("sg-{i}")]}),
        );
    }
    let topo = vpcmap::import::native::from_value("hybrid-large.json", doc).unwrap();
    let report = validate::run(&topo);
    let mut codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    codes.dedup();
    assert_eq!(codes, ["ADVISE_INTERFACE_ENDPOINT_FOR_HYBRID"]);
    assert_eq!(report.findings.len(), n);
}

// ---- Rules that state an AWS behaviour where the document relies on it -------------------------

#[test]
fn vpn_propagated_route_with_a_static_backup() {
    let report = check(
        "vpn/propagation_stale_backup.json",
        &["VPN_PROPAGATION_STALE info rtb-a vgw-a eni-sdwan"],
    );
    assert!(message(&report, "VPN_PROPAGATION_STALE").starts_with(
        "rtb-a has 172.16.1.0/24 propagated from vgw-a and 172.16.0.0/12 → eni-sdwan as its backup"
    ));
    // A propagated prefix no static route covers has no backup to fail over to.
    check("vpn/propagation_without_backup_ok.json", &[]);
}

#[test]
fn dx_link_local_peer_address_used_by_vpc_traffic() {
    let report = check(
        "dx/peer_link_local_used.json",
        &["DX_PEER_LINK_LOCAL warning dxvif-1 sg-mon vpc-a"],
    );
    assert!(message(&report, "DX_PEER_LINK_LOCAL").contains("169.254.10.1"));
    // The same link-local peering, but no rule or route of the VPC names the router.
    check("dx/peer_link_local_unused_ok.json", &[]);
}

#[test]
fn endpoint_route_in_a_table_the_endpoint_does_not_list() {
    let report = check(
        "endpoints/route_not_editable.json",
        &[
            "ENDPOINT_ROUTE_NOT_EDITABLE info rtb-b vpce-s3",
            "ENDPOINT_SUBNET_SEPARATION info rtb-b vpce-s3 subnet-b",
        ],
    );
    let finding = report
        .findings
        .iter()
        .find(|f| f.code == "ENDPOINT_ROUTE_NOT_EDITABLE")
        .unwrap();
    assert_eq!(
        finding.hint.as_deref(),
        Some("aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-s3 --add-route-table-ids rtb-b")
    );
    check("endpoints/route_tables_listed_ok.json", &[]);
}

#[test]
fn vpn_appliance_between_two_vpcs() {
    let report = check(
        "advise/vpn_between_vpcs.json",
        &[
            "ADVISE_PEERING_NO_SPOF info vpn-ab vpc-a vpc-b i-vpn",
            "PEERING_INTER_REGION_ENCRYPTED info vpn-ab vpc-a vpc-b i-vpn",
        ],
    );
    assert!(message(&report, "PEERING_INTER_REGION_ENCRYPTED")
        .contains("app (vpc-a) in us-east-1 and branch (vpc-b) in eu-west-1"));
    // In one Region there is no encryption argument, only the single point of failure.
    check(
        "advise/vpn_between_vpcs_same_region.json",
        &["ADVISE_PEERING_NO_SPOF info vpn-ab vpc-a vpc-b i-vpn"],
    );
    // The customer gateways are on premises: nothing in the document has their addresses.
    check("advise/vpn_to_a_site_ok.json", &[]);
}

#[test]
fn security_group_behaviours_where_the_design_relies_on_them() {
    check(
        "sgnacl/sg_no_ingress_on_route_target.json",
        &["SG_NO_INGRESS info eni-fw sg-fw rtb-a"],
    );
    check("sgnacl/sg_ingress_on_route_target_ok.json", &[]);
    // 1024-65535 from anywhere also opens RDP, which the admin-port rule reports.
    check(
        "sgnacl/sg_stateful_return_rule.json",
        &[
            "SG_OPEN_ADMIN_PORTS warning sg-app vpc-a",
            "SG_STATEFUL info sg-app vpc-a",
        ],
    );
    check("sgnacl/sg_service_port_ok.json", &[]);
    check(
        "sgnacl/sg_dns_not_filtered.json",
        &["SG_DNS_NOT_FILTERED info acl-a vpc-a"],
    );
    // Denying DNS to a resolver on the internet works.
    check("sgnacl/nacl_blocks_outside_dns_ok.json", &[]);
}

#[test]
fn nacl_deny_inside_its_own_subnet() {
    let report = check(
        "sgnacl/nacl_deny_inside_own_subnet.json",
        &["NACL_SEMANTICS info acl-a subnet-a"],
    );
    assert!(message(&report, "NACL_SEMANTICS").contains("10.0.1.128/25"));
    check("sgnacl/nacl_deny_other_subnet_ok.json", &[]);
}

#[test]
fn site_needing_encryption_over_direct_connect_without_macsec() {
    let report = check(
        "dx/not_encrypted_should_encrypt.json",
        &["DX_NOT_ENCRYPTED info onprem-dc dxvif-1 dxcon-1"],
    );
    assert!(message(&report, "DX_NOT_ENCRYPTED")
        .ends_with("the connection's MACsec mode is should_encrypt"));
    // MACsec that must encrypt, or a site that states no need, is quiet.
    check("dx/not_encrypted_macsec_must_ok.json", &[]);
    check("dx/not_encrypted_not_required_ok.json", &[]);
}
