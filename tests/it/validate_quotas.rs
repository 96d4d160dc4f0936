//! Validation of the transit gateway (`tgw/`) and quota (`quotas/`) families.
//!
//! Same form as `validate.rs`: one idea per document, the whole finding list asserted. Quota
//! cases lower adjustable quotas with the document's `quotas` entries, so small documents reach
//! them — which also tests that recorded quotas replace the defaults; hard limits are reached at
//! their real sizes, since no entry lifts them.

use crate::fixture;
use vpcmap::validate::{self, Report};

fn compact(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.code, f.severity, f.resources.join(" ")))
        .collect()
}

#[track_caller]
fn check(name: &str, expected: &[&str]) -> Report {
    let report = validate::run(&fixture(&format!("validate/{name}")));
    for finding in &report.findings {
        let info = finding.severity == validate::Severity::Info;
        assert!(finding.hint.is_some() || info, "{finding:?} has no hint");
    }
    assert_eq!(
        compact(&report),
        expected,
        "{name}\n{}",
        validate::render_text(&report)
    );
    report
}

#[test]
fn transit_gateway_near_miss_is_clean() {
    // Every zone covered, both attachments associated, a deliberate blackhole route (no
    // attachment named), a private ASN.
    check(
        "tgw/tgw_ok.json",
        &[
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-1 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-2 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-61-1 rtb-61",
        ],
    );
}

#[test]
fn transit_gateway_rules_fire_one_idea_each() {
    check(
        "tgw/attachment_az_missing.json",
        &[
            "TGW_ATTACHMENT_AZ_MISSING error subnet-60-2 tgw-attach-60 tgw-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-1 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-2 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-61-1 rtb-61",
        ],
    );
    check(
        "tgw/duplicate_vpc_attachment.json",
        &[
            "TGW_DUPLICATE_VPC_ATTACHMENT error tgw-attach-60b tgw-attach-60 vpc-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-1 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-2 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-61-1 rtb-61",
        ],
    );
    check(
        "tgw/identical_vpc_cidr.json",
        &[
            "TGW_IDENTICAL_VPC_CIDR error vpc-62 vpc-61 tgw-attach-62",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-1 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-2 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-61-1 rtb-61",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-62-1 rtb-62",
        ],
    );
    check(
        "tgw/ipv6_only_subnet.json",
        &[
            "TGW_IPV6_ONLY_SUBNET error tgw-attach-61 subnet-61-v6",
            "SUBNET_IPV6_ONLY_NO_IPV4 info subnet-61-v6",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-1 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-2 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-61-1 rtb-61",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-61-v6 rtb-61",
        ],
    );
    check(
        "tgw/asn_invalid.json",
        &[
            "TGW_ASN_INVALID error tgw-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-1 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-2 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-61-1 rtb-61",
        ],
    );
    check(
        "tgw/route_blackhole.json",
        &[
            "TGW_ROUTE_BLACKHOLE error tgw-rtb-60 tgw-attach-gone",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-1 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-2 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-61-1 rtb-61",
        ],
    );
    check(
        "tgw/attachment_no_association.json",
        &[
            "TGW_ATTACHMENT_NO_ASSOCIATION error tgw-attach-61 tgw-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-1 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-60-2 rtb-60",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-61-1 rtb-61",
        ],
    );
}

#[test]
fn per_vpc_quotas() {
    let report = check(
        "quotas/vpc_counts.json",
        &[
            "GW_IGW_MULTIPLE error vpc-1 igw-1a igw-1b",
            "GW_NAT_PUBLIC_NO_IGW warning nat-1 vpc-1",
            "QUOTA_INTERFACE_ENDPOINTS warning vpc-1 vpce-1",
            "QUOTA_NACLS_PER_VPC warning vpc-1 acl-1a acl-1b",
            "QUOTA_NAT_PER_AZ warning nat-1",
            "QUOTA_NAU warning vpc-1 i-1 i-2 nat-1 vpce-1",
            "QUOTA_PEERING_ACTIVE warning vpc-1 pcx-12",
            "QUOTA_PEERING_ACTIVE warning vpc-2 pcx-12",
            "QUOTA_ROUTE_TABLES_PER_VPC warning vpc-1 rtb-1 rtb-1b",
            "QUOTA_SUBNETS_PER_VPC warning vpc-1 subnet-1-1 subnet-1-2",
            "QUOTA_VPC_IPV4_CIDRS warning vpc-1",
            "QUOTA_VPC_IPV6_CIDRS warning vpc-1",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-1-1 rtb-1",
        ],
    );
    // Network address units: one per instance, six per NAT gateway and endpoint interface.
    let nau = report
        .findings
        .iter()
        .find(|f| f.code == "QUOTA_NAU")
        .unwrap();
    assert!(
        nau.message
            .starts_with("vpc-1 has 14 network address units"),
        "{}",
        nau.message
    );
    let subnets = report
        .findings
        .iter()
        .find(|f| f.code == "QUOTA_SUBNETS_PER_VPC")
        .unwrap();
    assert_eq!(
        subnets.message,
        "vpc-1 has 2 subnets, over the recorded quota of 1 per VPC"
    );
    assert!(subnets.hint.as_deref().unwrap().contains(
        "{\"code\": \"QUOTA_SUBNETS_PER_VPC\", \"value\": 2, \"region\": \"us-east-1\"}"
    ));
}

#[test]
fn rule_and_entry_quotas() {
    check(
        "quotas/rules.json",
        &[
            "QUOTA_NACL_RULES warning acl-2",
            "QUOTA_ROUTES_PER_TABLE warning rtb-2 vpc-2",
            "QUOTA_SG_PER_ENI warning eni-2 sg-2a sg-2b",
            "QUOTA_SG_RULES warning sg-2a",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-2-1 rtb-2",
        ],
    );
}

#[test]
fn regional_quotas() {
    check(
        "quotas/regional.json",
        &[
            "QUOTA_GATEWAY_ENDPOINTS warning vpce-3",
            "QUOTA_PREFIX_LISTS warning pl-0c",
            "QUOTA_PREFIX_LISTS warning pl-0c",
            "QUOTA_SG_PER_REGION warning sg-3 sg-4",
            "QUOTA_VPCS_PER_REGION warning vpc-3 vpc-4",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-3-1 rtb-3",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-4-1 rtb-4",
        ],
    );
}

#[test]
fn vpn_quotas() {
    check(
        "quotas/vpn.json",
        &[
            "QUOTA_VPN_ROUTES error vpn-5",
            "QUOTA_CGW_PER_REGION warning cgw-5",
            "QUOTA_VGW_PER_REGION warning vgw-5",
            "QUOTA_VPN_PER_REGION warning vpn-5",
            "QUOTA_VPN_PER_VGW warning vgw-5 vpn-5",
            "VPN_SINGLE_CGW warning vgw-5 cgw-5 vpn-5",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-5-1 rtb-5",
        ],
    );
}

#[test]
fn direct_connect_quotas() {
    let report = validate::run(&fixture("validate/quotas/dx.json"));
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    for code in [
        "QUOTA_DXGW_PER_TGW",
        "QUOTA_DX_TGW_PER_DXGW",
        "QUOTA_DX_VGW_PER_DXGW",
        "QUOTA_DXGW_PER_ACCOUNT",
        "QUOTA_DX_CONNECTIONS",
        "QUOTA_DX_VIF_PER_DXGW",
    ] {
        assert_eq!(
            codes.iter().filter(|c| **c == code).count(),
            1,
            "{code}: {codes:?}"
        );
    }
    // Hard limits at their real sizes: 21 VGWs on one DX gateway.
    let vgws = report
        .findings
        .iter()
        .find(|f| f.code == "QUOTA_DX_VGW_PER_DXGW")
        .unwrap();
    assert_eq!(vgws.message, "dxgw-1 has 21 virtual private gateway associations, over the default quota of 20 per Direct Connect gateway");
    // Five ids at most, the smallest, whatever the order of the lists.
    assert_eq!(
        vgws.resources,
        ["dxgw-1", "vgw-d0", "vgw-d1", "vgw-d10", "vgw-d11", "vgw-d12"]
    );
}

#[test]
fn size_and_transit_gateway_quotas() {
    check(
        "quotas/sizes.json",
        &[
            "QUOTA_ENDPOINT_POLICY_SIZE error vpce-30",
            "QUOTA_PROPAGATED_ROUTES error rtb-30 vpc-30",
            "PEERING_NOT_ACTIVE warning pcx-30",
            "QUOTA_PEERING_PENDING warning pcx-30",
            "QUOTA_TGW warning tgw-30",
            "QUOTA_TGW warning tgw-30",
            "QUOTA_TGW warning tgw-30 tgw-31",
            "QUOTA_TGW warning tgw-30 tgw-31 tgw-attach-p1 tgw-attach-p2",
            "ENDPOINT_POLICY_NON_DEFAULT info vpce-30",
            "ENDPOINT_SUBNET_SEPARATION info rtb-30 vpce-30 subnet-30-1",
            "PEERING_PENDING_EXPIRY info pcx-30",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-30-1 rtb-30",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-31-1 rtb-31",
        ],
    );
}

#[test]
fn recorded_increases_silence_adjustable_quotas() {
    // Seven VPCs in us-east-1 against a default of five, with an increase to ten recorded.
    check(
        "quotas/increases_recorded_ok.json",
        &[
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-40-0 rtb-40",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-40-1 rtb-40",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-40-2 rtb-40",
        ],
    );
    let mut topo = fixture("validate/quotas/increases_recorded_ok.json");
    topo.quotas.clear();
    let report = validate::run(&topo);
    let quotas: Vec<String> = compact(&report)
        .into_iter()
        .filter(|line| line.starts_with("QUOTA"))
        .collect();
    assert_eq!(
        quotas,
        ["QUOTA_VPCS_PER_REGION warning vpc-40 vpc-41 vpc-42 vpc-43 vpc-44"]
    );
    // An entry for another Region does not apply.
    topo.quotas.push(vpcmap::model::QuotaOverride {
        code: "QUOTA_VPCS_PER_REGION".into(),
        value: 10,
        account: None,
        region: Some("eu-west-1".into()),
    });
    assert_eq!(validate::run(&topo).summary.warnings, 1);
}
