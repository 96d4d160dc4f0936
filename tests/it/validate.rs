//! Validation: every implemented rule fires on a case and stays quiet on its near miss; the
//! sample's findings; determinism; the catalog against `aws-rules.md`; the generated rules page.
//!
//! Cases are small native documents in `tests/fixtures/validate/<family>/`, one idea each; a name
//! ending in `_ok` is a near miss that must not fire. Scenario ids (U1, C4, S2 …) refer to §4 of
//! `aws-rules.md`. Every case asserts the *whole* list of findings, so a false positive anywhere
//! fails the test, not only a missing one.

use crate::{fixture, repo_root, shared_fixtures};
use std::path::Path;
use vpcmap::validate::{
    self,
    catalog::CATALOG,
    registry::{RULES, UNREPORTED},
    Report,
};
use vpcmap::Topology;

/// Findings as compact lines: `CODE severity resource…`, in report order.
pub(crate) fn compact(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.code, f.severity, f.resources.join(" ")))
        .collect()
}

/// Validate a topology and check what every finding must satisfy whatever the case: its code is
/// registered, it has the registry's severity, it names a resource and its message is one line.
pub(crate) fn run(topo: &Topology) -> Report {
    let report = validate::run(topo);
    for finding in &report.findings {
        if finding.code == validate::SUPPRESSION_UNUSED {
            // vpcmap's own code (about the document's suppressions), not a registry rule.
            continue;
        }
        let rule = validate::registry::rule(&finding.code)
            .unwrap_or_else(|| panic!("{} is emitted but not registered", finding.code));
        assert_eq!(finding.severity, rule.severity, "{}", finding.code);
        assert!(!finding.resources.is_empty(), "{finding:?}");
        assert!(!finding.message.contains('\n'), "{finding:?}");
    }
    report
}

/// Validate `tests/fixtures/validate/<name>` and compare its compact lines with `expected`.
#[track_caller]
pub(crate) fn check(name: &str, expected: &[&str]) -> Report {
    let report = run(&fixture(&format!("validate/{name}")));
    assert_eq!(
        compact(&report),
        expected,
        "{name}\n{}",
        validate::render_text(&report)
    );
    report
}

pub(crate) fn only<'a>(report: &'a Report, code: &str) -> &'a validate::Finding {
    let found: Vec<_> = report.findings.iter().filter(|f| f.code == code).collect();
    assert_eq!(found.len(), 1, "{code}: {found:?}");
    found[0]
}

// ---- VPC blocks (catalog §1.1) -----------------------------------------------------------------

#[test]
fn c1_vpc_block_sizes() {
    check(
        "cidr/c1_vpc_block_too_large.json",
        &["VPC_CIDR_SIZE error vpc-a"],
    );
    check(
        "cidr/c1_vpc_block_too_small.json",
        &["VPC_CIDR_SIZE error vpc-a"],
    );
    check("cidr/c1_vpc_block_sizes_ok.json", &[]);
}

#[test]
fn c12_non_canonical_block_is_reported_with_its_canonical_form() {
    let report = check(
        "cidr/c12_not_canonical.json",
        &[
            "VPC_CIDR_NOT_CANONICAL info vpc-a",
            "VPC_CIDR_PUBLIC_RANGE info vpc-a",
        ],
    );
    let finding = only(&report, "VPC_CIDR_NOT_CANONICAL");
    assert_eq!(
        finding.message,
        "vpc-a has the block 100.68.0.18/18, which AWS stores as 100.68.0.0/18"
    );
    check("cidr/c12_canonical_ok.json", &[]);
}

#[test]
fn c9_link_local_block() {
    check(
        "cidr/c9_link_local.json",
        &[
            "VPC_CIDR_LINK_LOCAL error vpc-a",
            "VPC_CIDR_PUBLIC_RANGE info vpc-a",
        ],
    );
    check(
        "cidr/c9_next_to_link_local_ok.json",
        &["VPC_CIDR_PUBLIC_RANGE info vpc-a"],
    );
}

#[test]
fn docker_range_with_a_free_block_in_the_hint() {
    let report = check(
        "cidr/docker_range.json",
        &["VPC_CIDR_DOCKER_RANGE warning vpc-a"],
    );
    let finding = only(&report, "VPC_CIDR_DOCKER_RANGE");
    assert!(
        finding
            .message
            .starts_with("build (vpc-a) has the block 172.17.0.0/16"),
        "{}",
        finding.message
    );
    assert_eq!(
        finding.hint.as_deref(),
        Some("pick a CIDR that does not overlap 172.17.0.0/16, e.g. 10.0.0.0/16")
    );
    check("cidr/docker_range_ok.json", &[]);
}

#[test]
fn public_range_block() {
    check(
        "cidr/public_range.json",
        &["VPC_CIDR_PUBLIC_RANGE info vpc-a"],
    );
    check("cidr/public_range_ok.json", &[]);
}

#[test]
fn c11_overlapping_blocks_of_one_vpc() {
    // The scenario's blocks lie in 10.0.0.0/16 while the primary is in 10.0.0.0/15, so the
    // association-restriction table forbids the secondary as well: two independent refusals.
    check(
        "cidr/c11_blocks_overlap.json",
        &[
            "VPC_CIDR_SECONDARY_OVERLAP error vpc-a",
            "VPC_CIDR_SECONDARY_RESTRICTED error vpc-a",
        ],
    );
    check(
        "cidr/c11_blocks_overlap_outside_10_0.json",
        &["VPC_CIDR_SECONDARY_OVERLAP error vpc-a"],
    );
    check("cidr/c11_blocks_apart_ok.json", &[]);
}

#[test]
fn c2_c4_c6_c7_c8_secondary_block_restrictions() {
    check(
        "cidr/secondary_restricted.json",
        &[
            "VPC_CIDR_SECONDARY_RESTRICTED error vpc-c2a",
            "VPC_CIDR_SECONDARY_RESTRICTED error vpc-c2b",
            "VPC_CIDR_SECONDARY_RESTRICTED error vpc-c4",
            "VPC_CIDR_SECONDARY_RESTRICTED error vpc-c6",
            "VPC_CIDR_SECONDARY_RESTRICTED error vpc-c7",
            "VPC_CIDR_SECONDARY_RESTRICTED error vpc-c8",
            "VPC_CIDR_SECONDARY_RESTRICTED error vpc-public",
            "VPC_CIDR_PUBLIC_RANGE info vpc-c7",
            "VPC_CIDR_PUBLIC_RANGE info vpc-c8",
            "VPC_CIDR_PUBLIC_RANGE info vpc-public",
        ],
    );
}

#[test]
fn c3_c5_c8_permitted_secondary_blocks() {
    check(
        "cidr/secondary_restricted_ok.json",
        &[
            "VPC_CIDR_PUBLIC_RANGE info vpc-c3a",
            "VPC_CIDR_PUBLIC_RANGE info vpc-c3b",
            "VPC_CIDR_PUBLIC_RANGE info vpc-c8",
            "VPC_CIDR_PUBLIC_RANGE info vpc-c8",
        ],
    );
}

#[test]
fn vpc_block_association_states() {
    check(
        "cidr/vpc_cidr_state.json",
        &["VPC_CIDR_STATE info vpc-a", "VPC_CIDR_STATE info vpc-a"],
    );
    check("cidr/vpc_cidr_state_ok.json", &[]);
}

#[test]
fn vpc_ipv6_blocks_overlap() {
    check(
        "cidr/vpc_ipv6_overlap.json",
        &["VPC_IPV6_OVERLAP error vpc-a"],
    );
    check("cidr/vpc_ipv6_apart_ok.json", &[]);
}

// ---- Subnets (catalog §1.2) --------------------------------------------------------------------

#[test]
fn s1_s2_subnet_inside_its_vpc() {
    check("subnets/s1_subnet_inside_ok.json", &[]);
    let report = check(
        "subnets/s2_subnet_outside_vpc.json",
        &["SUBNET_OUTSIDE_VPC error subnet-1 vpc-a"],
    );
    assert_eq!(
        validate::render_text(&report),
        "error[SUBNET_OUTSIDE_VPC]: app-a (subnet-1) has the block 10.1.0.0/24, which is not inside any block of app (vpc-a) (10.0.0.0/16)\n\
         \x20 resources: subnet-1, vpc-a\n\
         \x20 hint: pick a block inside 10.0.0.0/16, or add a secondary block to the VPC that contains 10.1.0.0/24\n\
         \n\
         1 error, 0 warnings, 0 info\n"
    );
    check("subnets/s2_subnet_in_secondary_block_ok.json", &[]);
    // A block still being associated counts as present (catalog conventions, §1).
    check(
        "subnets/subnet_in_associating_block_ok.json",
        &["VPC_CIDR_STATE info vpc-a"],
    );
}

#[test]
fn s3_s5_subnet_overlap() {
    check(
        "subnets/s3_subnet_overlap.json",
        &["SUBNET_OVERLAP error subnet-1 subnet-2 vpc-a"],
    );
    check("subnets/s5_subnets_split_ok.json", &[]);
    check("subnets/subnet_overlap_other_vpc_ok.json", &[]);
}

#[test]
fn s4_subnet_size() {
    check(
        "subnets/s4_subnet_too_small.json",
        &["SUBNET_CIDR_SIZE error subnet-1 vpc-a"],
    );
    check("subnets/s4_subnet_smallest_ok.json", &[]);
}

#[test]
fn s6_subnet_ipv6_rules() {
    check(
        "subnets/s6_subnet_ipv6_not_64.json",
        &["SUBNET_IPV6_SIZE error subnet-1"],
    );
    check("subnets/s6_subnet_ipv6_ok.json", &[]);
    check(
        "subnets/subnet_ipv6_outside_vpc.json",
        &["SUBNET_IPV6_OUTSIDE_VPC error subnet-1 vpc-a"],
    );
    check(
        "subnets/subnet_ipv6_no_vpc_ipv6.json",
        &[
            "SUBNET_IPV6_NO_VPC_IPV6 error subnet-1 vpc-a",
            "SUBNET_IPV6_NO_VPC_IPV6 error subnet-2 vpc-a",
            "SUBNET_IPV6_ONLY_NO_IPV4 info subnet-2",
        ],
    );
    check(
        "subnets/subnet_ipv6_overlap.json",
        &["SUBNET_OVERLAP error subnet-1 subnet-2 vpc-a"],
    );
}

#[test]
fn subnet_availability_zone() {
    check(
        "subnets/subnet_az_missing.json",
        &["SUBNET_AZ_MISSING error subnet-1"],
    );
    check("subnets/subnet_az_id_only_ok.json", &[]);
    check(
        "subnets/subnet_az_region_mismatch.json",
        &["SUBNET_AZ_REGION_MISMATCH error subnet-1 vpc-a"],
    );
    check("subnets/subnet_az_local_zone_ok.json", &[]);
}

// ---- Peering (catalog §1.5) --------------------------------------------------------------------

#[test]
fn p1_a_correct_peering_is_clean() {
    check("peering/p1_peering_ok.json", &[]);
}

#[test]
fn u1_u2_peering_cidr_overlap() {
    let report = check(
        "peering/u1_matching_blocks.json",
        &["PEERING_CIDR_OVERLAP error pcx-11112222 vpc-a vpc-b"],
    );
    assert_eq!(
        only(&report, "PEERING_CIDR_OVERLAP").hint.as_deref(),
        Some("re-address vpc-b with a CIDR that does not overlap vpc-a, e.g. 10.1.0.0/16")
    );
    // As AWS leaves it: the peering `failed`, routes to it blackholes.
    check(
        "peering/u1_matching_blocks_failed.json",
        &[
            "PEERING_CIDR_OVERLAP error pcx-11112222 vpc-a vpc-b",
            "ROUTE_PCX_NOT_ACTIVE error rtb-a pcx-11112222",
            "ROUTE_PCX_NOT_ACTIVE error rtb-b pcx-11112222",
            "STATE_IGNORED info pcx-11112222",
        ],
    );
    check(
        "peering/u2_overlapping_blocks.json",
        &["PEERING_CIDR_OVERLAP error pcx-11112222 vpc-a vpc-b"],
    );
}

#[test]
fn u3_u4_any_block_and_ipv6_count_for_overlap() {
    // Each secondary overlaps the other VPC's: AWS would have refused to add either.
    check(
        "peering/u3_secondary_blocks_overlap.json",
        &[
            "PEERING_CIDR_OVERLAP error pcx-11112222 vpc-a vpc-b",
            "VPC_CIDR_PEERING_ADD_OVERLAP error vpc-a pcx-11112222",
            "VPC_CIDR_PEERING_ADD_OVERLAP error vpc-b pcx-11112222",
        ],
    );
    check(
        "peering/u3_secondary_blocks_apart_ok.json",
        &[
            "PEERING_PARTIAL_ROUTE info pcx-11112222 vpc-a",
            "PEERING_PARTIAL_ROUTE info pcx-11112222 vpc-b",
        ],
    );
    check(
        "peering/u4_ipv6_distinct_ipv4_overlap.json",
        &["PEERING_CIDR_OVERLAP error pcx-11112222 vpc-a vpc-b"],
    );
    check(
        "peering/ipv6_blocks_overlap.json",
        &["PEERING_CIDR_OVERLAP error pcx-11112222 vpc-a vpc-b"],
    );
}

#[test]
fn peering_overlap_uses_the_side_cidrs_for_a_vpc_outside_the_document() {
    check(
        "peering/remote_side_overlap.json",
        &["PEERING_CIDR_OVERLAP error pcx-x vpc-a vpc-other"],
    );
    check("peering/remote_side_apart_ok.json", &[]);
}

#[test]
fn peering_with_itself() {
    check(
        "peering/peering_self.json",
        &["PEERING_SELF error pcx-1 vpc-a"],
    );
}

#[test]
fn u10_duplicate_peering() {
    check(
        "peering/u10_duplicate.json",
        &[
            "PEERING_DUPLICATE error pcx-11112222 pcx-33334444 vpc-a vpc-b",
            "PEERING_NOT_ACTIVE warning pcx-33334444",
            "PEERING_PENDING_EXPIRY info pcx-33334444",
        ],
    );
    check(
        "peering/u10_old_peering_deleted_ok.json",
        &["STATE_IGNORED info pcx-33334444"],
    );
}

#[test]
fn u5_transitive_route_through_a_peering() {
    let report = check(
        "peering/u5_transitive.json",
        &["PEERING_TRANSITIVE error rtb-b pcx-aaaabbbb vpc-a vpc-c"],
    );
    assert_eq!(
        validate::render_text(&report),
        "error[PEERING_TRANSITIVE]: rtb-b sends 10.2.0.0/16 to pcx-aaaabbbb, but 10.2.0.0/16 is not inside hub (vpc-a): VPC peering is not transitive, so the traffic is dropped\n\
         \x20 resources: rtb-b, pcx-aaaabbbb, vpc-a, vpc-c\n\
         \x20 hint: peer vpc-b with spoke-c (vpc-c) directly and route 10.2.0.0/16 to that peering, or connect them through a transit gateway\n\
         \n\
         1 error, 0 warnings, 0 info\n"
    );
    check("peering/u5_direct_peering_ok.json", &[]);
}

#[test]
fn p3_route_to_a_peer_subnet_or_secondary_block_is_not_transitive() {
    // Routing a peer's secondary block and one subnet is partial peering (info), not transitive.
    check(
        "peering/p3_route_to_peer_secondary_and_subnet_ok.json",
        &["PEERING_PARTIAL_ROUTE info pcx-11112222 vpc-a"],
    );
}

#[test]
fn transitive_route_to_a_peer_outside_the_document() {
    check(
        "peering/transitive_remote_side.json",
        &["PEERING_TRANSITIVE error rtb-a pcx-x vpc-other"],
    );
}

#[test]
fn u11_route_to_a_pending_peering() {
    check(
        "peering/u11_route_to_pending_peering.json",
        &[
            "ROUTE_PCX_NOT_ACTIVE error rtb-a pcx-11112222",
            "ROUTE_PCX_NOT_ACTIVE error rtb-b pcx-11112222",
            "PEERING_NOT_ACTIVE warning pcx-11112222",
            "PEERING_PENDING_EXPIRY info pcx-11112222",
        ],
    );
    check(
        "peering/provisioning_peering.json",
        &["PEERING_NOT_ACTIVE warning pcx-11112222"],
    );
}

#[test]
fn routes_to_a_deleted_peering_are_errors_and_not_also_transitive() {
    check(
        "peering/route_to_deleted_peering.json",
        &[
            "ROUTE_PCX_NOT_ACTIVE error rtb-a pcx-11112222",
            "ROUTE_PCX_NOT_ACTIVE error rtb-a pcx-11112222",
            "ROUTE_PCX_NOT_ACTIVE error rtb-b pcx-11112222",
            "STATE_IGNORED info pcx-11112222",
        ],
    );
}

#[test]
fn p2_peering_without_routes_on_one_side() {
    let report = check(
        "peering/p2_route_missing_one_side.json",
        &["PEERING_ROUTE_MISSING warning pcx-11112222 vpc-b"],
    );
    assert_eq!(
        only(&report, "PEERING_ROUTE_MISSING").hint.as_deref(),
        Some("add a route 10.0.0.0/16 → pcx-11112222 to rtb-b")
    );
}

#[test]
fn terminal_states_are_reported_once() {
    check(
        "peering/rejected_peering_without_routes.json",
        &["STATE_IGNORED info pcx-11112222"],
    );
}

// ---- Every case, the sample, determinism, scale ------------------------------------------------

/// Every case under `tests/fixtures/validate`, as `(relative name, topology)`, sorted.
fn all_cases() -> Vec<(String, Topology)> {
    let dir = repo_root().join("tests").join("fixtures").join("validate");
    let mut names = Vec::new();
    collect(&dir, &dir, &mut names);
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let topo = fixture(&format!("validate/{name}"));
            (name, topo)
        })
        .collect()
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(base, &path, out);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            let name = path.strip_prefix(base).unwrap().to_string_lossy();
            out.push(name.replace('\\', "/"));
        }
    }
}

#[test]
fn every_rule_fires_on_some_case_and_no_near_miss_has_an_error() {
    let mut fired: Vec<String> = Vec::new();
    for (name, topo) in all_cases() {
        let report = run(&topo);
        if name.ends_with("_ok.json") {
            assert_eq!(report.summary.errors, 0, "{name} is a near miss");
            assert_eq!(report.summary.warnings, 0, "{name} is a near miss");
        }
        fired.extend(report.findings.into_iter().map(|f| f.code));
    }
    for rule in RULES {
        assert!(
            fired.iter().any(|code| code == rule.code),
            "no case in tests/fixtures/validate fires {}",
            rule.code
        );
    }
}

#[test]
fn the_sample_has_exactly_its_one_deliberate_mistake() {
    let report = run(&vpcmap::sample::topology());
    // One error (the deliberate transitive route); the rest are true statements about the
    // design: shared-services routes all of prod to the peering while prod-public has no route
    // back; the inter-region peering's DNS option and MTU; subnets on their VPC's main table.
    assert_eq!(
        compact(&report),
        [
            "PEERING_TRANSITIVE error rtb-0prodapp pcx-0prodshared vpc-0b2e0shared vpc-0c3d0euprod",
            "PEERING_ROUTE_MISSING_RETURN warning rtb-0prodpub pcx-0prodshared rtb-0shrdmain",
            // Not mistakes: facts and advice about its hybrid design (Direct Connect primary,
            // VPN backup; a DynamoDB endpoint only), its inter-region peering and main tables.
            "ADVISE_INTERFACE_ENDPOINT_FOR_HYBRID info vpc-0a1f0prod vgw-0prod",
            "ADVISE_USE_GATEWAY_ENDPOINT info rtb-0prodapp nat-0proda vpc-0a1f0prod",
            "MTU_PATH_REDUCTION info corp-dc vpn-0corp dxvif-0corp",
            "PEERING_DNS_RESOLUTION_OFF info pcx-0shrdeu vpc-0b2e0shared",
            "PEERING_DNS_RESOLUTION_OFF info pcx-0shrdeu vpc-0c3d0euprod",
            "PEERING_INTER_REGION_MTU info pcx-0shrdeu",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-0eudba rtb-0eudata",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-0eudbb rtb-0eudata",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-0eupuba rtb-0eumain",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-0eupubb rtb-0eumain",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-0shrda rtb-0shrdmain",
            "SUBNET_ROUTE_TABLE_IMPLICIT info subnet-0shrdb rtb-0shrdmain",
            "VPN_ROUTE_PREFERENCE info vgw-0prod dxvif-0corp vpn-0corp",
        ]
    );
    let text = validate::render_text(&report);
    assert!(
        text.starts_with(
            "error[PEERING_TRANSITIVE]: prod-app (rtb-0prodapp) sends 10.30.0.0/16 to prod-to-shared (pcx-0prodshared), but 10.30.0.0/16 is not inside shared-services (vpc-0b2e0shared): VPC peering is not transitive, so the traffic is dropped\n\
             \x20 resources: rtb-0prodapp, pcx-0prodshared, vpc-0b2e0shared, vpc-0c3d0euprod\n\
             \x20 hint: peer vpc-0a1f0prod with eu-prod (vpc-0c3d0euprod) directly and route 10.30.0.0/16 to that peering, or connect them through a transit gateway\n\
             \n"
        ),
        "{text}"
    );
    assert!(text.ends_with("\n1 error, 1 warning, 13 info\n"), "{text}");
}

#[test]
fn an_empty_document_says_so() {
    let report = run(&Topology::new());
    assert_eq!(
        validate::render_text(&report),
        "0 errors, 0 warnings, 0 info — no findings\n"
    );
}

/// Fisher–Yates with a fixed linear congruential generator: repeatable shuffles, no dependency.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = usize::try_from((*seed >> 33) % (i as u64 + 1)).unwrap();
        items.swap(i, j);
    }
}

#[test]
fn findings_do_not_depend_on_the_order_of_lists() {
    let mut cases = all_cases();
    cases.push(("sample".to_string(), vpcmap::sample::topology()));
    for (name, topo) in cases {
        let expected = validate::run(&topo);
        for seed in 1..=4u64 {
            let mut seed = seed;
            let mut shuffled = topo.clone();
            shuffle(&mut shuffled.vpcs, &mut seed);
            shuffle(&mut shuffled.subnets, &mut seed);
            shuffle(&mut shuffled.vpc_peering_connections, &mut seed);
            shuffle(&mut shuffled.route_tables, &mut seed);
            for table in &mut shuffled.route_tables {
                shuffle(&mut table.routes, &mut seed);
            }
            assert_eq!(validate::run(&shuffled), expected, "{name}, seed {seed}");
        }
    }
}

/// 1,000 VPCs of five subnets each, peered in a chain with routes both ways: no finding, and
/// (in release mode) a few milliseconds, because no check compares all pairs.
#[test]
fn a_thousand_vpcs_validate_cleanly() {
    use serde_json::{json, Value};
    let n = 1000;
    let mut vpcs = Vec::new();
    let mut subnets = Vec::new();
    let mut peerings = Vec::new();
    let mut tables: Vec<Value> = Vec::new();
    let block = |i: usize| format!("10.{}.{}.0/24", i / 256, i % 256);
    for i in 0..n {
        vpcs.push(json!({"id": format!("vpc-{i}"), "region": "us-east-1", "cidrs": [block(i)]}));
        for s in 0..5 {
            subnets.push(json!({"id": format!("subnet-{i}-{s}"), "vpc": format!("vpc-{i}"), "az": "us-east-1a",
                "cidr": format!("10.{}.{}.{}/28", i / 256, i % 256, s * 16)}));
        }
        let mut routes = vec![json!({"destination": block(i), "target": "local"})];
        if i > 0 {
            routes.push(json!({"destination": block(i - 1), "target": format!("pcx-{}", i - 1)}));
        }
        if i + 1 < n {
            peerings.push(json!({"id": format!("pcx-{i}"), "requester": {"vpc": format!("vpc-{i}")}, "accepter": {"vpc": format!("vpc-{}", i + 1)}}));
            routes.push(json!({"destination": block(i + 1), "target": format!("pcx-{i}")}));
        }
        let associated: Vec<String> = (0..5).map(|s| format!("subnet-{i}-{s}")).collect();
        tables.push(
            json!({"id": format!("rtb-{i}"), "vpc": format!("vpc-{i}"), "main": true, "subnets": associated, "routes": routes}),
        );
    }
    let document = json!({"format": "vpcmap/1", "vpcs": vpcs, "subnets": subnets,
        "vpcPeeringConnections": peerings, "routeTables": tables,
        "quotas": [{"code": "QUOTA_VPCS_PER_REGION", "value": n}]});
    let topo = vpcmap::import::native::from_value("large.json", document).unwrap();
    // Correctness at scale only: speed is measured by benchmarks, never by timed tests.
    let report = validate::run(&topo);
    assert_eq!(compact(&report), Vec::<String>::new());
}

// ---- Subnet kinds, NAT replies, a peer's DNS server, egress-only gateways -----------------------

#[test]
fn subnet_named_against_its_route_table() {
    let report = check(
        "cidr/subnet_kind_names_disagree.json",
        &[
            "SUBNET_KIND info subnet-a rtb-a",
            "SUBNET_KIND info subnet-b rtb-b",
        ],
    );
    assert_eq!(
        report.findings[0].message,
        "web-public-a (subnet-a) is named public but is private: its route table rtb-a has no route to an internet gateway"
    );
    assert_eq!(
        report.findings[0].hint.as_deref(),
        Some("add 0.0.0.0/0 → igw-a to rtb-a, or rename the subnet")
    );
    check("cidr/subnet_kind_names_agree_ok.json", &[]);
}

#[test]
fn nat_gateway_replies_dropped_by_its_subnet_acl() {
    let report = check(
        "gateways/nat_protocol_replies_denied.json",
        &[
            "ADVISE_USE_GATEWAY_ENDPOINT info rtb-app nat-a vpc-a",
            "GW_NAT_PROTOCOL info nat-a acl-pub subnet-pub",
        ],
    );
    assert!(only(&report, "GW_NAT_PROTOCOL")
        .message
        .contains("drops inbound TCP from the internet to port 1024"));
    check(
        "gateways/nat_protocol_replies_allowed_ok.json",
        &["ADVISE_USE_GATEWAY_ENDPOINT info rtb-app nat-a vpc-a"],
    );
}

#[test]
fn dns_rule_to_the_peer_vpcs_amazon_dns_server() {
    let report = check(
        "peering/peer_amazon_dns.json",
        &["PEERING_PEER_AMAZON_DNS info sg-app vpc-b vpc-a"],
    );
    assert!(only(&report, "PEERING_PEER_AMAZON_DNS")
        .message
        .contains("10.1.0.2, the Amazon DNS server of the peer shared (vpc-b)"));
    check("peering/own_amazon_dns_ok.json", &[]);
}

#[test]
fn two_egress_only_gateways_in_one_vpc() {
    check(
        "quotas/eigw_per_vpc.json",
        &["QUOTA_EIGW_PER_VPC error vpc-a eigw-1 eigw-2"],
    );
    check("quotas/eigw_per_vpc_one_ok.json", &[]);
}

#[test]
fn amazon_provided_ipv6_block_other_than_56() {
    check(
        "cidr/vpc_ipv6_amazon_block_not_56.json",
        &["VPC_IPV6_CIDR_SIZE error vpc-a"],
    );
    check("cidr/vpc_ipv6_amazon_block_56_ok.json", &[]);
}

#[test]
fn route_table_association_not_associated() {
    let report = check(
        "routes/rtb_assoc_failed.json",
        &["RTB_ASSOC_STATE info rtb-b subnet-b"],
    );
    assert_eq!(
        only(&report, "RTB_ASSOC_STATE").hint.as_deref(),
        Some("re-create the association: aws ec2 associate-route-table --route-table-id rtb-b --subnet-id subnet-b")
    );
    check("routes/rtb_assoc_associated_ok.json", &[]);
}

#[test]
fn block_public_access_against_internet_gateway_routes() {
    // block-ingress leaves NAT gateways their outbound access: only the web subnet is cut off.
    check(
        "gateways/bpa_block_ingress.json",
        &[
            "GW_BPA_BLOCKS_IGW warning vpc-a igw-a subnet-pub",
            "ADVISE_USE_GATEWAY_ENDPOINT info rtb-app nat-a vpc-a",
        ],
    );
    check(
        "gateways/bpa_block_bidirectional.json",
        &[
            "GW_BPA_BLOCKS_IGW warning vpc-a igw-a subnet-nat subnet-pub",
            "ADVISE_USE_GATEWAY_ENDPOINT info rtb-app nat-a vpc-a",
        ],
    );
    check(
        "gateways/bpa_off_ok.json",
        &["ADVISE_USE_GATEWAY_ENDPOINT info rtb-app nat-a vpc-a"],
    );
}

#[test]
fn interface_endpoint_private_dns_needs_both_attributes() {
    let report = check(
        "dns/private_dns_without_hostnames.json",
        &["DNS_PRIVATE_ZONE_NEEDS_BOTH error vpce-ssm vpc-a"],
    );
    assert_eq!(
        only(&report, "DNS_PRIVATE_ZONE_NEEDS_BOTH").hint.as_deref(),
        Some("aws ec2 modify-vpc-attribute --vpc-id vpc-a --enable-dns-hostnames")
    );
    check("dns/private_dns_with_both_ok.json", &[]);
}

#[test]
fn transit_gateway_vpns_with_ecmp_disabled() {
    check(
        "tgw/vpn_ecmp_disabled.json",
        &["TGW_ECMP_NEEDS_BGP info tgw-a vpn-1 vpn-2"],
    );
    check("tgw/vpn_ecmp_enabled_ok.json", &[]);
}

#[test]
fn intra_region_peers_share_the_peered_address_usage_quota() {
    let inter_region = [
        "PEERING_DNS_RESOLUTION_OFF info pcx-ac vpc-a",
        "PEERING_DNS_RESOLUTION_OFF info pcx-ac vpc-c",
        "PEERING_INTER_REGION_MTU info pcx-ac",
    ];
    let mut expected = inter_region.to_vec();
    expected.extend([
        "PEERING_NAU info vpc-a vpc-b",
        "PEERING_NAU info vpc-b vpc-a",
    ]);
    check("peering/peered_nau_over_quota.json", &expected);
    // 24 units is at the quota: the inter-Region peer's 6 do not count.
    check(
        "peering/peered_nau_inter_region_not_counted_ok.json",
        &inter_region,
    );
    // The peered count uses the same units as QUOTA_NAU (two NAT gateways: 12).
    let mut topo = crate::fixture("validate/peering/peered_nau_over_quota.json");
    topo.quotas.push(vpcmap::model::QuotaOverride {
        code: "QUOTA_NAU".to_string(),
        value: 10,
        account: None,
        region: None,
    });
    let report = run(&topo);
    let about = |code: &str, vpc: &str| {
        report
            .findings
            .iter()
            .find(|f| f.code == code && f.resources[0] == vpc)
            .map(|f| f.message.clone())
            .unwrap()
    };
    assert!(about("QUOTA_NAU", "vpc-a").contains("has 12 network address units"));
    assert!(about("PEERING_NAU", "vpc-a")
        .contains("uses 24 network address units with its intra-Region peer (12 of its own)"));
}

// ---- The catalog and the registry --------------------------------------------------------------

#[test]
fn every_registered_rule_is_in_the_catalog_with_its_severity() {
    for rule in RULES {
        let entry = CATALOG.iter().find(|entry| entry.code == rule.code);
        let entry = entry.unwrap_or_else(|| panic!("{} is not a catalog code", rule.code));
        assert!(
            entry.severity.contains(&rule.severity.to_string()),
            "{}: registry says {}, catalog says {}",
            rule.code,
            rule.severity,
            entry.severity
        );
    }
    let mut codes: Vec<&str> = CATALOG.iter().map(|e| e.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), CATALOG.len(), "a catalog code is listed twice");
}

/// The codes of `aws-rules.md` §1, in order, with the text of their severity column.
fn codes_in_markdown(text: &str) -> Vec<(String, String)> {
    let start = text.find("## 1. Rule catalog").unwrap();
    let end = text.find("## 2. ").unwrap();
    let mut rows = Vec::new();
    for line in text[start..end].lines() {
        let Some(rest) = line.strip_prefix("| `") else {
            continue;
        };
        let cells: Vec<&str> = rest.split(" | ").collect();
        // `QUOTA_IGW_PER_VPC` / `QUOTA_EIGW_PER_VPC` share one row.
        for code in cells[0].split(" / ") {
            rows.push((code.trim_matches('`').to_string(), cells[1].to_string()));
        }
    }
    rows
}

#[test]
fn the_catalog_matches_aws_rules_md() {
    let path = shared_fixtures().join("..").join("aws-rules.md");
    let Ok(text) = std::fs::read_to_string(&path) else {
        // The catalog text lives beside the repository; a lone checkout has only `catalog.rs`.
        return;
    };
    let markdown = codes_in_markdown(&text);
    let ours: Vec<&str> = CATALOG.iter().map(|e| e.code).collect();
    let theirs: Vec<&str> = markdown.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(ours, theirs);
    for (entry, (_, severity)) in CATALOG.iter().zip(&markdown) {
        // Quota rows give a limit in that column; their severity comes from "Hard?".
        if entry.family != "quotas" {
            assert_eq!(entry.severity, severity, "{}", entry.code);
        }
    }
}

fn rules_page() -> String {
    let mut page = String::from(
        "# vpcmap rules\n\n\
         Generated from `src/validate/registry.rs` and the catalog (`src/validate/catalog.rs`, from\n\
         `aws-rules.md` §1) by `cargo test`; do not edit by hand. Codes are a public contract.\n\n",
    );
    let traced = |code: &str| vpcmap::reach::TRACE_RULES.iter().find(|(c, _)| *c == code);
    let unreported = |code: &str| UNREPORTED.iter().find(|(c, _)| *c == code).map(|(_, u)| u);
    let implemented = CATALOG
        .iter()
        .filter(|e| RULES.iter().any(|r| r.code == e.code) || traced(e.code).is_some())
        .count();
    let count = |status: &str| {
        UNREPORTED
            .iter()
            .filter(|(_, u)| u.status() == status)
            .count()
    };
    let planned = CATALOG.len() - implemented - UNREPORTED.len();
    page.push_str(&format!(
        "{implemented} of {} catalog codes are implemented (`implemented`: `vpcmap validate` \
         reports it; `trace`: `vpcmap trace` names it as the rule behind a blocked path). \
         The others: `not decidable` from a document, with the reason: {}; `reported as \
         another code` that has the same limit: {}; `import error`, a document that cannot be \
         read: {}; `planned`: {planned}.\n",
        CATALOG.len(),
        count("not decidable"),
        count("reported as another code"),
        count("import error"),
    ));
    let mut family = "";
    for entry in CATALOG {
        if entry.family != family {
            family = entry.family;
            page.push_str(&format!(
                "\n## {family}\n\n| Code | Severity | Family | Status | What it finds |\n|---|---|---|---|---|\n"
            ));
        }
        let (status, title) = match (
            RULES.iter().find(|r| r.code == entry.code),
            traced(entry.code),
            unreported(entry.code),
        ) {
            (Some(rule), _, _) => ("implemented", rule.title),
            (None, Some((_, title)), _) => ("trace", *title),
            (None, None, Some(why)) => (why.status(), why.reason()),
            (None, None, None) => ("planned", ""),
        };
        page.push_str(&format!(
            "| `{}` | {} | {} | {status} | {title} |\n",
            entry.code, entry.severity, entry.family
        ));
    }
    page
}

/// Every unreported code is a catalog code, listed once, and reported by no rule and no trace.
#[test]
fn unreported_codes_are_catalog_codes_nothing_reports() {
    let mut seen = std::collections::BTreeSet::new();
    for (code, why) in UNREPORTED {
        assert!(CATALOG.iter().any(|e| e.code == *code), "{code}");
        assert!(seen.insert(*code), "{code} listed twice");
        assert!(
            RULES.iter().all(|r| r.code != *code),
            "{code} is registered"
        );
        assert!(
            vpcmap::reach::TRACE_RULES.iter().all(|(c, _)| c != code),
            "{code} is traced"
        );
        assert!(
            !why.reason().is_empty() && !why.reason().contains('|'),
            "{code}"
        );
        if let vpcmap::validate::registry::Unreported::ReportedAs(reason) = why {
            // The code it is reported as must be a registered rule.
            assert!(
                RULES
                    .iter()
                    .any(|r| reason.contains(&format!("`{}`", r.code))),
                "{code}: {reason}"
            );
        }
    }
}

/// `TRACE_RULES` is exactly the set of codes the walk sets as `blocked.rule`, each in the catalog.
#[test]
fn trace_rules_list_matches_the_walk() {
    let walk = std::fs::read_to_string(repo_root().join("src/reach/walk.rs")).unwrap();
    let mut set: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    // Every `"CODE"` inside a `blocked.rule = …;` statement.
    for statement in walk.split("blocked.rule =").skip(1) {
        let statement = statement.split(';').next().unwrap_or("");
        for (i, piece) in statement.split('"').enumerate() {
            if i % 2 == 1 && CATALOG.iter().any(|e| e.code == piece) {
                set.insert(piece);
            }
        }
    }
    let listed: std::collections::BTreeSet<&str> =
        vpcmap::reach::TRACE_RULES.iter().map(|(c, _)| *c).collect();
    assert_eq!(set, listed);
}

#[test]
fn docs_rules_md_is_current() {
    let path = repo_root().join("docs").join("rules.md");
    let fresh = rules_page();
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != fresh {
        std::fs::write(&path, &fresh).unwrap();
        assert!(
            std::env::var_os("UPDATE_GOLDEN").is_some(),
            "docs/rules.md was stale and has been rewritten; commit it"
        );
    }
}
