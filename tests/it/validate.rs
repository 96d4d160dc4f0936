//! Validation: every implemented rule fires on a case and stays quiet on its near miss; the
//! sample's findings; determinism; and the generated rules page.
//!
//! Cases are small native documents built with `json!` so each reads as one idea; scenario ids
//! (U1, C4, S2 …) refer to §4 of `aws-rules.md`.

use serde_json::{json, Value};
use vpcmap::validate::{self, catalog::CATALOG, registry::RULES};

fn vpc(id: &str, region: &str, cidrs: &[&str]) -> Value {
    json!({"id": id, "region": region, "cidrs": cidrs})
}

fn doc(parts: Value) -> vpcmap::Topology {
    let mut document = json!({"format": "vpcmap/1"});
    for (key, value) in parts.as_object().unwrap() {
        document[key] = value.clone();
    }
    vpcmap::import::native::from_value("case.json", document).unwrap()
}

/// Findings as compact lines: `CODE severity resource…`.
fn lines(topo: &vpcmap::Topology) -> Vec<String> {
    validate::run(topo)
        .findings
        .iter()
        .map(|f| format!("{} {} {}", f.code, f.severity, f.resources.join(" ")))
        .collect()
}

fn codes(topo: &vpcmap::Topology) -> Vec<String> {
    validate::run(topo)
        .findings
        .into_iter()
        .map(|f| f.code)
        .collect()
}

fn has(topo: &vpcmap::Topology, code: &str) -> bool {
    codes(topo).iter().any(|c| c == code)
}

// ---- VPC blocks ------------------------------------------------------------------------------

#[test]
fn c1_vpc_cidr_size() {
    assert!(has(
        &doc(json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/15"])]})),
        "VPC_CIDR_SIZE"
    ));
    assert!(has(
        &doc(json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/29"])]})),
        "VPC_CIDR_SIZE"
    ));
    assert!(!has(
        &doc(json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"])]})),
        "VPC_CIDR_SIZE"
    ));
    assert!(!has(
        &doc(json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/28"])]})),
        "VPC_CIDR_SIZE"
    ));
}

#[test]
fn c12_non_canonical_block_is_reported_with_its_canonical_form() {
    let report = validate::run(&doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["100.68.0.18/18"])]}),
    ));
    let finding = report
        .findings
        .iter()
        .find(|f| f.code == "VPC_CIDR_NOT_CANONICAL")
        .unwrap();
    assert!(
        finding.message.contains("100.68.0.0/18"),
        "{}",
        finding.message
    );
    assert!(!has(
        &doc(json!({"vpcs": [vpc("vpc-a", "us-east-1", &["100.68.0.0/18"])]})),
        "VPC_CIDR_NOT_CANONICAL"
    ));
}

#[test]
fn c9_link_local_docker_and_public_ranges() {
    assert!(has(
        &doc(json!({"vpcs": [vpc("vpc-a", "r-1", &["169.254.0.0/16"])]})),
        "VPC_CIDR_LINK_LOCAL"
    ));
    assert!(has(
        &doc(json!({"vpcs": [vpc("vpc-a", "r-1", &["172.17.0.0/16"])]})),
        "VPC_CIDR_DOCKER_RANGE"
    ));
    assert!(!has(
        &doc(json!({"vpcs": [vpc("vpc-a", "r-1", &["172.18.0.0/16"])]})),
        "VPC_CIDR_DOCKER_RANGE"
    ));
    assert!(has(
        &doc(json!({"vpcs": [vpc("vpc-a", "r-1", &["203.0.113.0/24"])]})),
        "VPC_CIDR_PUBLIC_RANGE"
    ));
    assert!(!has(
        &doc(json!({"vpcs": [vpc("vpc-a", "r-1", &["192.168.0.0/16"])]})),
        "VPC_CIDR_PUBLIC_RANGE"
    ));
}

#[test]
fn c11_overlapping_blocks_of_one_vpc() {
    assert!(has(
        &doc(json!({"vpcs": [vpc("vpc-a", "r-1", &["10.0.0.0/16", "10.0.128.0/17"])]})),
        "VPC_CIDR_SECONDARY_OVERLAP"
    ));
    assert!(!has(
        &doc(json!({"vpcs": [vpc("vpc-a", "r-1", &["10.0.0.0/16", "10.1.0.0/16"])]})),
        "VPC_CIDR_SECONDARY_OVERLAP"
    ));
}

#[test]
fn c2_to_c8_secondary_block_restrictions() {
    let restricted = |cidrs: &[&str]| {
        has(
            &doc(json!({"vpcs": [vpc("vpc-a", "r-1", cidrs)]})),
            "VPC_CIDR_SECONDARY_RESTRICTED",
        )
    };
    assert!(restricted(&["10.0.0.0/16", "172.16.0.0/16"]), "C2");
    assert!(restricted(&["10.0.0.0/16", "192.168.0.0/16"]), "C2");
    assert!(!restricted(&["10.0.0.0/16", "100.64.0.0/16"]), "C3");
    assert!(!restricted(&["10.0.0.0/16", "203.0.113.0/24"]), "C3");
    assert!(restricted(&["10.1.0.0/16", "10.0.5.0/24"]), "C4");
    assert!(!restricted(&["10.5.0.0/16", "10.0.5.0/24"]), "C5");
    assert!(restricted(&["172.20.0.0/16", "172.31.0.0/16"]), "C6");
    assert!(restricted(&["192.168.0.0/16", "198.19.0.0/16"]), "C7");
    assert!(restricted(&["198.19.0.0/16", "10.0.0.0/16"]), "C8");
    assert!(!restricted(&["198.19.0.0/16", "100.64.0.0/16"]), "C8");
}

#[test]
fn vpc_block_states_and_ipv6_overlap() {
    let topo = doc(
        json!({"vpcs": [{"id": "vpc-a", "region": "r-1", "cidrs": ["10.0.0.0/16"],
        "otherCidrs": [{"cidr": "10.1.0.0/16", "state": "associating"}],
        "ipv6Cidrs": ["2600:1f14:1:100::/56", "2600:1f14:1:100::/60"]}]}),
    );
    assert!(has(&topo, "VPC_CIDR_STATE"));
    assert!(has(&topo, "VPC_IPV6_OVERLAP"));
    let clean = doc(
        json!({"vpcs": [{"id": "vpc-a", "region": "r-1", "cidrs": ["10.0.0.0/16"], "ipv6Cidrs": ["2600:1f14:1:100::/56", "2600:1f14:1:200::/56"]}]}),
    );
    assert!(!has(&clean, "VPC_IPV6_OVERLAP") && !has(&clean, "VPC_CIDR_STATE"));
}

// ---- Subnets ---------------------------------------------------------------------------------

fn subnet(id: &str, cidr: &str) -> Value {
    json!({"id": id, "vpc": "vpc-a", "az": "us-east-1a", "cidr": cidr})
}

#[test]
fn s1_s2_subnet_inside_its_vpc() {
    let inside = doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"])], "subnets": [subnet("subnet-1", "10.0.0.0/24")]}),
    );
    assert_eq!(lines(&inside), Vec::<String>::new(), "S1 is clean");
    let outside = doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"])], "subnets": [subnet("subnet-1", "10.1.0.0/24")]}),
    );
    assert_eq!(
        lines(&outside),
        vec!["SUBNET_OUTSIDE_VPC error subnet-1 vpc-a"]
    );
    let in_secondary = doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16", "10.1.0.0/16"])], "subnets": [subnet("subnet-1", "10.1.0.0/24")]}),
    );
    assert!(!has(&in_secondary, "SUBNET_OUTSIDE_VPC"));
}

#[test]
fn s3_s5_subnet_overlap() {
    let overlapping = doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"])],
        "subnets": [subnet("subnet-1", "10.0.0.0/24"), subnet("subnet-2", "10.0.0.128/25")]}),
    );
    assert_eq!(
        lines(&overlapping),
        vec!["SUBNET_OVERLAP error subnet-1 subnet-2 vpc-a"]
    );
    let split = doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/24"])],
        "subnets": [subnet("subnet-1", "10.0.0.0/25"), subnet("subnet-2", "10.0.0.128/25")]}),
    );
    assert!(lines(&split).is_empty(), "S5: {:?}", lines(&split));
}

#[test]
fn s4_subnet_size() {
    let small = doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"])], "subnets": [subnet("subnet-1", "10.0.0.0/29")]}),
    );
    assert!(has(&small, "SUBNET_CIDR_SIZE"));
    let fine = doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"])], "subnets": [subnet("subnet-1", "10.0.0.0/28")]}),
    );
    assert!(!has(&fine, "SUBNET_CIDR_SIZE"));
}

#[test]
fn s6_subnet_ipv6_rules() {
    let base = |subnet_v6: &str, vpc_v6: Option<&str>| {
        let mut v = vpc("vpc-a", "us-east-1", &["10.0.0.0/16"]);
        if let Some(block) = vpc_v6 {
            v["ipv6Cidrs"] = json!([block]);
        }
        doc(
            json!({"vpcs": [v], "subnets": [{"id": "subnet-1", "vpc": "vpc-a", "az": "us-east-1a", "cidr": "10.0.0.0/24", "ipv6Cidrs": [subnet_v6]}]}),
        )
    };
    assert!(has(
        &base("2600:1f14:1:100::/60", Some("2600:1f14:1:100::/56")),
        "SUBNET_IPV6_SIZE"
    ));
    assert!(has(
        &base("2600:1f14:9:100::/64", Some("2600:1f14:1:100::/56")),
        "SUBNET_IPV6_OUTSIDE_VPC"
    ));
    assert!(has(
        &base("2600:1f14:1:100::/64", None),
        "SUBNET_IPV6_NO_VPC_IPV6"
    ));
    assert!(lines(&base("2600:1f14:1:100::/64", Some("2600:1f14:1:100::/56"))).is_empty());
}

#[test]
fn subnet_availability_zone() {
    let missing = doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"])], "subnets": [{"id": "subnet-1", "vpc": "vpc-a", "cidr": "10.0.0.0/24"}]}),
    );
    assert!(has(&missing, "SUBNET_AZ_MISSING"));
    let wrong = doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"])], "subnets": [{"id": "subnet-1", "vpc": "vpc-a", "az": "eu-west-1a", "cidr": "10.0.0.0/24"}]}),
    );
    assert!(has(&wrong, "SUBNET_AZ_REGION_MISMATCH"));
    let local_zone = doc(
        json!({"vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"])], "subnets": [{"id": "subnet-1", "vpc": "vpc-a", "az": "us-east-1-bos-1a", "cidr": "10.0.0.0/24"}]}),
    );
    assert!(lines(&local_zone).is_empty());
}

// ---- Peering ---------------------------------------------------------------------------------

fn pcx(id: &str, a: &str, b: &str, status: Option<&str>) -> Value {
    let mut p = json!({"id": id, "requester": {"vpc": a}, "accepter": {"vpc": b}});
    if let Some(status) = status {
        p["status"] = json!(status);
    }
    p
}

fn table(id: &str, vpc: &str, routes: &[(&str, &str)]) -> Value {
    let routes: Vec<Value> = routes
        .iter()
        .map(|(d, t)| json!({"destination": d, "target": t}))
        .collect();
    json!({"id": id, "vpc": vpc, "main": true, "routes": routes})
}

/// P1: two peered VPCs routing to each other.
fn p1(a_cidrs: &[&str], b_cidrs: &[&str]) -> Value {
    json!({
        "vpcs": [vpc("vpc-a", "us-east-1", a_cidrs), vpc("vpc-b", "us-east-1", b_cidrs)],
        "vpcPeeringConnections": [pcx("pcx-11112222", "vpc-a", "vpc-b", None)],
        "routeTables": [
            table("rtb-a", "vpc-a", &[(a_cidrs[0], "local"), (b_cidrs[0], "pcx-11112222")]),
            table("rtb-b", "vpc-b", &[(b_cidrs[0], "local"), (a_cidrs[0], "pcx-11112222")])
        ]
    })
}

#[test]
fn p1_a_correct_peering_is_clean() {
    assert_eq!(
        lines(&doc(p1(&["10.0.0.0/16"], &["172.31.0.0/16"]))),
        Vec::<String>::new()
    );
}

#[test]
fn u1_u2_u3_peering_cidr_overlap() {
    let u1 = doc(p1(&["10.0.0.0/16"], &["10.0.0.0/16"]));
    assert!(lines(&u1).contains(&"PEERING_CIDR_OVERLAP error pcx-11112222 vpc-a vpc-b".to_string()));
    assert!(
        has(
            &doc(p1(&["10.0.0.0/16"], &["10.0.128.0/17"])),
            "PEERING_CIDR_OVERLAP"
        ),
        "U2"
    );
    assert!(
        has(
            &doc(p1(
                &["10.0.0.0/16", "10.2.0.0/16"],
                &["10.3.0.0/16", "10.2.0.0/16"]
            )),
            "PEERING_CIDR_OVERLAP"
        ),
        "U3: secondary blocks count"
    );
    assert!(!has(
        &doc(p1(
            &["10.0.0.0/16", "10.2.0.0/16"],
            &["10.3.0.0/16", "10.4.0.0/16"]
        )),
        "PEERING_CIDR_OVERLAP"
    ));
}

#[test]
fn peering_overlap_uses_the_peering_side_cidrs_for_a_vpc_outside_the_document() {
    let topo = doc(json!({
        "vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"])],
        "vpcPeeringConnections": [{"id": "pcx-x", "requester": {"vpc": "vpc-a"},
            "accepter": {"vpc": "vpc-other", "account": "444455556666", "cidrs": ["10.0.64.0/18"]}}],
        "routeTables": [table("rtb-a", "vpc-a", &[("10.0.0.0/16", "local")])]
    }));
    assert!(has(&topo, "PEERING_CIDR_OVERLAP"));
}

#[test]
fn u10_duplicate_peering() {
    let mut parts = p1(&["10.0.0.0/16"], &["10.1.0.0/16"]);
    parts["vpcPeeringConnections"]
        .as_array_mut()
        .unwrap()
        .push(pcx(
            "pcx-33334444",
            "vpc-b",
            "vpc-a",
            Some("pending-acceptance"),
        ));
    assert!(has(&doc(parts.clone()), "PEERING_DUPLICATE"));
    parts["vpcPeeringConnections"][1]["status"] = json!("deleted");
    assert!(
        !has(&doc(parts), "PEERING_DUPLICATE"),
        "a deleted peering does not count"
    );
}

#[test]
fn peering_with_itself() {
    let topo = doc(
        json!({"vpcs": [vpc("vpc-a", "r-1", &["10.0.0.0/16"])], "vpcPeeringConnections": [pcx("pcx-1", "vpc-a", "vpc-a", None)]}),
    );
    assert!(has(&topo, "PEERING_SELF"));
}

/// U5: A–B and A–C peered; B routes C's block to its peering with A.
fn u5(b_routes_c_via: &str) -> Value {
    json!({
        "vpcs": [vpc("vpc-a", "us-east-1", &["10.0.0.0/16"]), vpc("vpc-b", "us-east-1", &["10.1.0.0/16"]), vpc("vpc-c", "us-east-1", &["10.2.0.0/16"])],
        "vpcPeeringConnections": [pcx("pcx-aaaabbbb", "vpc-a", "vpc-b", None), pcx("pcx-aaaacccc", "vpc-a", "vpc-c", None), pcx("pcx-bbbbcccc", "vpc-b", "vpc-c", None)],
        "routeTables": [
            table("rtb-a", "vpc-a", &[("10.0.0.0/16", "local"), ("10.1.0.0/16", "pcx-aaaabbbb"), ("10.2.0.0/16", "pcx-aaaacccc")]),
            table("rtb-b", "vpc-b", &[("10.1.0.0/16", "local"), ("10.0.0.0/16", "pcx-aaaabbbb"), ("10.2.0.0/16", b_routes_c_via)]),
            table("rtb-c", "vpc-c", &[("10.2.0.0/16", "local"), ("10.0.0.0/16", "pcx-aaaacccc"), ("10.1.0.0/16", "pcx-bbbbcccc")])
        ]
    })
}

#[test]
fn u5_transitive_route_through_a_peering() {
    let report = validate::run(&doc(u5("pcx-aaaabbbb")));
    let finding = report
        .findings
        .iter()
        .find(|f| f.code == "PEERING_TRANSITIVE")
        .unwrap();
    assert_eq!(
        finding.resources,
        vec!["rtb-b", "pcx-aaaabbbb", "vpc-a", "vpc-c"]
    );
    assert!(
        finding.hint.as_deref().unwrap().contains("vpc-c"),
        "{:?}",
        finding.hint
    );
    assert!(
        !has(&doc(u5("pcx-bbbbcccc")), "PEERING_TRANSITIVE"),
        "a direct peering is fine"
    );
}

#[test]
fn p3_route_to_a_peer_subnet_or_secondary_block_is_not_transitive() {
    let mut parts = p1(&["10.0.0.0/16"], &["10.1.0.0/16", "10.9.0.0/16"]);
    parts["routeTables"][0]["routes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"destination": "10.9.4.0/24", "target": "pcx-11112222"}));
    assert!(!has(&doc(parts), "PEERING_TRANSITIVE"));
}

#[test]
fn u11_route_to_a_pending_peering() {
    let mut parts = p1(&["10.0.0.0/16"], &["10.1.0.0/16"]);
    parts["vpcPeeringConnections"][0]["status"] = json!("pending-acceptance");
    let found = lines(&doc(parts));
    assert!(
        found.contains(&"ROUTE_PCX_NOT_ACTIVE error rtb-a pcx-11112222".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"PEERING_NOT_ACTIVE warning pcx-11112222".to_string()),
        "{found:?}"
    );
}

#[test]
fn p2_peering_without_routes_on_one_side() {
    let mut parts = p1(&["10.0.0.0/16"], &["172.31.0.0/16"]);
    parts["routeTables"][1]["routes"] =
        json!([{"destination": "172.31.0.0/16", "target": "local"}]);
    assert_eq!(
        lines(&doc(parts)),
        vec!["PEERING_ROUTE_MISSING warning pcx-11112222 vpc-b"]
    );
}

#[test]
fn terminal_states_are_reported_once() {
    let mut parts = p1(&["10.0.0.0/16"], &["10.1.0.0/16"]);
    parts["vpcPeeringConnections"][0]["status"] = json!("deleted");
    let found = lines(&doc(parts));
    assert!(
        found.contains(&"STATE_IGNORED info pcx-11112222".to_string()),
        "{found:?}"
    );
}

// ---- The sample, determinism, the page ----------------------------------------------------------

#[test]
fn the_sample_has_exactly_its_one_deliberate_mistake() {
    let report = validate::run(&vpcmap::sample::topology());
    assert_eq!(
        report
            .findings
            .iter()
            .map(|f| format!("{} {} {}", f.code, f.severity, f.resources.join(" ")))
            .collect::<Vec<_>>(),
        vec![
            "PEERING_TRANSITIVE error rtb-0prodapp pcx-0prodshared vpc-0b2e0shared vpc-0c3d0euprod"
        ]
    );
    assert_eq!(report.summary.errors, 1);
    let text = validate::render_text(&report);
    assert!(
        text.starts_with("error[PEERING_TRANSITIVE]: prod-app (rtb-0prodapp) sends 10.30.0.0/16"),
        "{text}"
    );
    assert!(text.ends_with("1 error, 0 warnings, 0 info\n"), "{text}");
}

#[test]
fn findings_do_not_depend_on_input_order() {
    let mut parts = u5("pcx-aaaabbbb");
    let mut shuffled = parts.clone();
    for key in ["vpcs", "vpcPeeringConnections", "routeTables"] {
        shuffled[key].as_array_mut().unwrap().reverse();
    }
    parts["vpcs"]
        .as_array_mut()
        .unwrap()
        .push(vpc("vpc-d", "us-east-1", &["10.0.0.0/16"]));
    shuffled["vpcs"]
        .as_array_mut()
        .unwrap()
        .insert(0, vpc("vpc-d", "us-east-1", &["10.0.0.0/16"]));
    assert_eq!(validate::run(&doc(parts)), validate::run(&doc(shuffled)));
}

#[test]
fn every_registered_rule_is_in_the_catalog() {
    for rule in RULES {
        let entry = CATALOG.iter().find(|entry| entry.code == rule.code);
        assert!(entry.is_some(), "{} is not a catalog code", rule.code);
    }
    assert_eq!(CATALOG.len(), 250);
}

fn rules_page() -> String {
    let mut page = String::from(
        "# vpcmap rules\n\n\
         Generated from `src/validate/registry.rs` and the catalog (`src/validate/catalog.rs`, from\n\
         `aws-rules.md` §1) by `cargo test`; do not edit by hand. Codes are a public contract.\n\n",
    );
    let implemented = CATALOG
        .iter()
        .filter(|e| RULES.iter().any(|r| r.code == e.code))
        .count();
    page.push_str(&format!(
        "{implemented} of {} catalog codes are implemented.\n",
        CATALOG.len()
    ));
    let mut family = "";
    for entry in CATALOG {
        if entry.family != family {
            family = entry.family;
            page.push_str(&format!("\n## {family}\n\n| Code | Severity | Status | What it finds |\n|---|---|---|---|\n"));
        }
        let (status, title) = match RULES.iter().find(|r| r.code == entry.code) {
            Some(rule) => ("implemented", rule.title),
            None => ("planned", ""),
        };
        page.push_str(&format!(
            "| `{}` | {} | {status} | {title} |\n",
            entry.code, entry.severity
        ));
    }
    page
}

#[test]
fn docs_rules_md_is_current() {
    let path = crate::repo_root().join("docs").join("rules.md");
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
