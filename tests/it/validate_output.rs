//! Validation output beyond the finding list: SARIF 2.1.0, suppressions, the CIDR planner.
//!
//! SARIF is checked against the required properties of the 2.1.0 schema (what a code-scanning
//! service refuses a log without) and against a golden log.

use crate::{fixture, golden};
use serde_json::Value;
use vpcmap::validate::{self, registry::RULES};

/// Every property the SARIF 2.1.0 schema marks required, on every object of the kinds we emit,
/// plus the enumerations we use (levels, suppression kinds).
fn assert_sarif_shape(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "vpcmap");
    assert!(driver["version"].is_string());
    let rules = driver["rules"].as_array().unwrap();
    for rule in rules {
        // reportingDescriptor: `id` required; the rest optional but typed.
        assert!(rule["id"].is_string(), "{rule}");
        if let Some(text) = rule.get("shortDescription") {
            assert!(text["text"].is_string(), "{rule}");
        }
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["none", "note", "warning", "error"].contains(&level));
    }
    for result in runs[0]["results"].as_array().unwrap() {
        // result: `message` required, with `text`.
        assert!(result["message"]["text"].is_string(), "{result}");
        let id = result["ruleId"].as_str().unwrap();
        assert!(
            rules.iter().any(|r| r["id"] == id),
            "{id} has no descriptor"
        );
        assert!(["note", "warning", "error"].contains(&result["level"].as_str().unwrap()));
        for location in result["locations"].as_array().into_iter().flatten() {
            let logical = location["logicalLocations"].as_array();
            let names: Vec<&str> = logical
                .into_iter()
                .flatten()
                .map(|l| l["name"].as_str().unwrap())
                .collect();
            // `uniqueItems` in the schema.
            let mut unique = names.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{result}");
            if let Some(physical) = location.get("physicalLocation") {
                assert!(physical["artifactLocation"]["uri"].is_string());
            }
        }
        if let Some(suppressions) = result.get("suppressions") {
            for suppression in suppressions.as_array().unwrap() {
                // suppression: `kind` required.
                let kind = suppression["kind"].as_str().unwrap();
                assert!(["inSource", "external"].contains(&kind));
            }
        }
    }
}

/// The log with the tool's rules cut down to those the results use, so the golden does not
/// change whenever a rule is added to the registry.
fn without_unused_rules(mut log: Value) -> Value {
    let used: Vec<Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].clone())
        .collect();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap();
    rules.retain(|rule| used.contains(&rule["id"]));
    log["runs"][0]["tool"]["driver"]["version"] = Value::from("VERSION");
    log
}

#[test]
fn sarif_has_the_required_shape_and_every_registered_rule() {
    let report = validate::run(&vpcmap::sample::topology());
    let log = validate::render_sarif(&report, Some("samples/two-regions.json"));
    assert_sarif_shape(&log);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), RULES.len());
    for (descriptor, rule) in rules.iter().zip(RULES) {
        assert_eq!(descriptor["id"], rule.code);
        assert_eq!(descriptor["shortDescription"]["text"], rule.title);
    }
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    let first = &results[0];
    assert_eq!(first["ruleId"], "PEERING_TRANSITIVE");
    assert_eq!(first["level"], "error");
    let names: Vec<&str> = first["locations"][0]["logicalLocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, report.findings[0].resources);
}

#[test]
fn sarif_golden_maps_every_severity() {
    // Errors, warnings and info: every level of the mapping.
    let report = validate::run(&fixture("validate/peering/u10_duplicate.json"));
    let mut findings = report.findings.clone();
    findings.extend(validate::run(&fixture("validate/cidr/public_range.json")).findings);
    let report = validate::Report::from_findings(findings);
    let log = validate::render_sarif(&report, Some("tests/fixtures/my%20case.json"));
    assert_sarif_shape(&log);
    let levels: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "warning", "note", "note"]);
    let text = serde_json::to_string_pretty(&without_unused_rules(log)).unwrap() + "\n";
    golden::check("sarif/findings.sarif.json", &text);
}

#[test]
fn sarif_without_a_file_has_only_logical_locations() {
    let report = validate::run(&fixture("validate/peering/u5_transitive.json"));
    let log = validate::render_sarif(&report, None);
    assert_sarif_shape(&log);
    let location = &log["runs"][0]["results"][0]["locations"][0];
    assert!(location.get("physicalLocation").is_none());
    assert_eq!(location["logicalLocations"][0]["name"], "rtb-b");
}

#[test]
fn cli_writes_sarif_naming_the_one_input_file() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vpcmap"))
        .args(["validate", "samples/two-regions.json", "--format", "sarif"])
        .current_dir(crate::repo_root())
        .output()
        .unwrap();
    // SARIF is a report format like the others: the exit code still follows error findings.
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_sarif_shape(&log);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "samples/two-regions.json"
    );
}

// ---- Suppressions --------------------------------------------------------------------------

/// `CODE severity resources… [suppressed]`, in report order.
fn compact(report: &validate::Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            let mut line = format!("{} {} {}", f.code, f.severity, f.resources.join(" "));
            if f.suppressed.is_some() {
                line.push_str(" suppressed");
            }
            line
        })
        .collect()
}

#[test]
fn suppressed_findings_are_reported_but_not_counted() {
    let report = validate::run(&fixture("validate/suppressions/suppressed.json"));
    assert_eq!(
        compact(&report),
        [
            "PEERING_TRANSITIVE error rtb-b pcx-aaaabbbb vpc-a vpc-c suppressed",
            "SUPPRESSION_UNUSED info ",
            "SUPPRESSION_UNUSED info rtb-c",
            "VPC_CIDR_PUBLIC_RANGE info vpc-p1 suppressed",
            "VPC_CIDR_PUBLIC_RANGE info vpc-p2 suppressed",
        ]
    );
    let summary = report.summary;
    assert_eq!(
        (
            summary.errors,
            summary.warnings,
            summary.info,
            summary.suppressed
        ),
        (0, 0, 2, 3)
    );
    let reason = report.findings[0].suppressed.as_ref().unwrap();
    assert_eq!(reason.reason, "the route is removed in change CHG-42");
    let unused: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == validate::SUPPRESSION_UNUSED)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        unused,
        [
            "the suppression of VPC_CIDR_PUBLIK_RANGE matches no finding: VPC_CIDR_PUBLIK_RANGE is not a vpcmap rule code",
            "the suppression of PEERING_TRANSITIVE for rtb-c matches no finding",
        ]
    );
    let text = validate::render_text(&report);
    assert!(
        text.starts_with(
            "error[PEERING_TRANSITIVE] (suppressed): rtb-b sends 10.2.0.0/16 to pcx-aaaabbbb"
        ),
        "{text}"
    );
    assert!(
        text.contains("\n  suppressed: the route is removed in change CHG-42\n"),
        "{text}"
    );
    assert!(
        text.ends_with("0 errors, 0 warnings, 2 info, 3 suppressed\n"),
        "{text}"
    );
}

#[test]
fn report_json_stays_backward_compatible() {
    let report = validate::run(&fixture("validate/suppressions/suppressed.json"));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["findings"][0]["suppressed"],
        serde_json::json!({"reason": "the route is removed in change CHG-42"})
    );
    assert_eq!(json["summary"]["suppressed"], 3);
    // A finding that is not suppressed has no `suppressed` key, as before.
    assert!(json["findings"][1].get("suppressed").is_none());
    // A report written before suppressions existed still reads.
    let old: validate::Report = serde_json::from_str(
        r#"{"findings": [], "summary": {"errors": 0, "warnings": 0, "info": 0}}"#,
    )
    .unwrap();
    assert_eq!(old.summary.suppressed, 0);
}

#[test]
fn suppressed_findings_carry_a_sarif_suppression() {
    let report = validate::run(&fixture("validate/suppressions/suppressed.json"));
    let log = validate::render_sarif(&report, None);
    assert_sarif_shape(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(
        results[0]["suppressions"],
        serde_json::json!([{"kind": "inSource", "justification": "the route is removed in change CHG-42"}])
    );
    assert!(results[1].get("suppressions").is_none());
    // An unused suppression without a resource has nothing to locate.
    assert_eq!(results[1]["ruleId"], validate::SUPPRESSION_UNUSED);
    assert!(results[1].get("locations").is_none());
    // vpcmap's own code has a descriptor too.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules
        .iter()
        .any(|r| r["id"] == validate::SUPPRESSION_UNUSED));
}

#[test]
fn a_suppressed_error_does_not_fail_the_cli() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vpcmap"))
        .args([
            "validate",
            "tests/fixtures/validate/suppressions/suppressed.json",
        ])
        .current_dir(crate::repo_root())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

// ---- The CIDR planner ------------------------------------------------------------------------

fn suggest(query: validate::CidrQuery) -> Result<Vec<String>, validate::PlanError> {
    validate::suggest_cidr(&fixture("plan/regions.json"), &query).map(|s| s.blocks)
}

fn query(prefix_len: u8, count: usize) -> validate::CidrQuery {
    validate::CidrQuery {
        prefix_len,
        within: None,
        region: None,
        count: Some(count),
    }
}

#[test]
fn planner_avoids_every_block_the_document_uses() {
    // 10.0–10.3: VPC blocks (a secondary and an associating one included); 10.4, 10.5: VPCs in
    // other regions; 10.6: a peer outside the document; 10.7 on-premises; 10.8 a VPN static
    // route; 10.9 a Direct Connect allowed prefix.
    assert_eq!(
        suggest(query(16, 2)).unwrap(),
        ["10.10.0.0/16", "10.11.0.0/16"]
    );
    // Smaller blocks fit in no used range either.
    assert_eq!(suggest(query(24, 1)).unwrap(), ["10.10.0.0/24"]);
}

#[test]
fn planner_for_one_region_avoids_its_vpcs_their_peers_and_hybrid_ranges() {
    let mut q = query(16, 3);
    q.region = Some("us-east-1".to_string());
    // vpc-west (us-west-2, no peering with us-east-1) may reuse its block; vpc-eu is a peer of
    // vpc-east-a, so 10.5 stays taken.
    assert_eq!(
        suggest(q).unwrap(),
        ["10.4.0.0/16", "10.10.0.0/16", "10.11.0.0/16"]
    );
}

#[test]
fn planner_searches_within_and_reports_a_full_range() {
    let mut q = query(16, 4);
    q.within = Some("10.0.0.0/13".parse().unwrap());
    assert_eq!(suggest(q.clone()).unwrap(), Vec::<String>::new());
    q.within = Some("192.168.0.0/16".parse().unwrap());
    q.prefix_len = 20;
    q.count = Some(2);
    assert_eq!(suggest(q).unwrap(), ["192.168.0.0/20", "192.168.16.0/20"]);
}

#[test]
fn planner_refuses_impossible_questions() {
    let err = suggest(query(4, 1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "prefix length: a /4 does not fit in 10.0.0.0/8; expected /8 or longer"
    );
    assert_eq!(
        suggest(query(33, 1)).unwrap_err().to_string(),
        "prefix length: expected 0 to 32, found 33 (searching 10.0.0.0/8)"
    );
    assert_eq!(
        suggest(query(16, 0)).unwrap_err().to_string(),
        format!("count: expected 1 to {}, found 0", validate::MAX_COUNT)
    );
}

#[test]
fn cli_suggest_cidr_text_json_and_exit_codes() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_vpcmap"))
            .arg("suggest-cidr")
            .arg("tests/fixtures/plan/regions.json")
            .args(args)
            .current_dir(crate::repo_root())
            .output()
            .unwrap()
    };
    let out = run(&["--prefix-len", "16", "--count", "2"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "10.10.0.0/16\n10.11.0.0/16\n"
    );
    let out = run(&[
        "--prefix-len",
        "16",
        "--region",
        "us-east-1",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"prefixLen": 16, "within": "10.0.0.0/8", "region": "us-east-1",
            "count": 1, "blocks": ["10.4.0.0/16"]})
    );
    // Fewer free blocks than asked: what there is, a note, exit 1.
    let out = run(&[
        "--prefix-len",
        "16",
        "--within",
        "10.8.0.0/14",
        "--count",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "10.10.0.0/16\n10.11.0.0/16\n"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("only 2 free /16 blocks in 10.8.0.0/14"));
    // A question that cannot be answered is a usage error.
    let out = run(&["--prefix-len", "16", "--within", "10.0.0.0/33"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("vpcmap: --within: expected"));
}

#[test]
fn sarif_logical_locations_are_unique() {
    let finding = validate::Finding {
        code: "ROUTE_BLACKHOLE".to_string(),
        severity: validate::Severity::Error,
        message: "m".to_string(),
        resources: vec![
            "rtb-a".to_string(),
            "igw-a".to_string(),
            "rtb-a".to_string(),
        ],
        hint: None,
        suppressed: None,
    };
    let log = validate::render_sarif(&validate::Report::from_findings(vec![finding]), None);
    assert_sarif_shape(&log);
    let names: Vec<&str> = log["runs"][0]["results"][0]["locations"][0]["logicalLocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["rtb-a", "igw-a"]);
}
