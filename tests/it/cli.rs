//! The CLI contract: commands, output shapes and exit codes (0 ok, 1 error findings, 2 bad input).

use std::process::{Command, Output};

fn vpcmap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcmap"))
        .args(args)
        .current_dir(crate::repo_root())
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("vpcmap-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn validate_json_has_findings_and_summary_and_exit_code_follows_errors() {
    let out = vpcmap(&["validate", "samples/two-regions.json", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(report["findings"].is_array());
    let errors = report["summary"]["errors"].as_u64().unwrap();
    assert!(report["summary"]["warnings"].is_u64() && report["summary"]["info"].is_u64());
    // The sample carries one deliberate mistake (a transitive peering route).
    assert_eq!(errors, 1, "{}", stdout(&out));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn validate_clean_document_exits_zero() {
    let doc = r#"{"format":"vpcmap/1","vpcs":[{"id":"vpc-a","region":"us-east-1","cidrs":["10.0.0.0/16"]}]}"#;
    let path = temp_file("clean.json", doc);
    let out = vpcmap(&["validate", path.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn bad_cidr_exits_two_naming_file_and_json_path() {
    let doc = r#"{"format":"vpcmap/1","vpcs":[{"id":"vpc-a","region":"us-east-1","cidrs":["10.0.0.0/33"]}]}"#;
    let path = temp_file("bad-cidr.json", doc);
    let out = vpcmap(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad-cidr.json: $.vpcs[0].cidrs[0]: expected an IPv4 CIDR"),
        "{err}"
    );
}

#[test]
fn malformed_json_exits_two_with_line_and_column() {
    let path = temp_file("broken.json", "{\"format\": \"vpcmap/1\",\n \"vpcs\": [\n");
    let out = vpcmap(&["layout", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.json:3:"), "{}", stderr(&out));
}

#[test]
fn missing_file_exits_two() {
    let out = vpcmap(&["render", "no/such/file.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no/such/file.json: cannot read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn layout_prints_the_layout_contract() {
    let out = vpcmap(&["layout", "samples/two-regions.json"]);
    assert_eq!(out.status.code(), Some(0));
    let layout: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(layout["width"].as_f64().unwrap() > 0.0);
    let nodes = layout["nodes"].as_array().unwrap();
    assert!(nodes
        .iter()
        .any(|n| n["id"] == "vpc-0a1f0prod" && n["kind"] == "vpc"));
    assert!(layout["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "peering"));
}

#[test]
fn layout_check_scores_a_layout_and_fails_on_violations() {
    let layout = stdout(&vpcmap(&["layout", "samples/two-regions.json"]));
    let path = temp_file("layout.json", &layout);
    let out = vpcmap(&[
        "layout-check",
        path.to_str().unwrap(),
        "--time",
        "samples/two-regions.json",
        "--runs",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["violations"], 0);
    assert!(report["metrics"]["edges"].as_u64().unwrap() > 0);
    assert!(report["metrics"]["edgeLength"].as_f64().unwrap() > 0.0);
    assert!(report["layoutMs"].as_f64().unwrap() >= 0.0);
    // Two boxes on one spot: a violation, exit 1.
    let mut broken: serde_json::Value = serde_json::from_str(&layout).unwrap();
    let nodes = broken["nodes"].as_array_mut().unwrap();
    let (x, y) = (nodes[0]["x"].clone(), nodes[0]["y"].clone());
    for node in nodes.iter_mut().filter(|n| n["parent"].is_null()) {
        node["x"] = x.clone();
        node["y"] = y.clone();
    }
    let path = temp_file("overlapping-layout.json", &broken.to_string());
    let out = vpcmap(&["layout-check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(report["violations"].as_u64().unwrap() > 0);
}

#[test]
fn render_writes_an_svg_file() {
    let dir = std::env::temp_dir().join(format!("vpcmap-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_path = dir.join("sample.svg");
    let out = vpcmap(&[
        "render",
        "samples/two-regions.json",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = std::fs::read_to_string(&out_path).unwrap();
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..svg.len().min(80)]
    );
    assert!(svg.contains("shared-services"));
}

#[test]
fn convert_of_a_native_document_round_trips() {
    let out = vpcmap(&["convert", "samples/two-regions.json"]);
    assert_eq!(out.status.code(), Some(0));
    let converted = vpcmap::import::native::parse("converted", &stdout(&out)).unwrap();
    assert_eq!(converted, vpcmap::sample::topology());
}

#[test]
fn aws_snapshot_directory_validates() {
    let dir = crate::shared_fixtures()
        .join("batfish-hybrid-cloud")
        .join("aws_configs");
    let out = vpcmap(&["validate", dir.to_str().unwrap(), "--format", "json"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(report["summary"].is_object());
}

#[test]
fn aws_snapshot_converts_to_a_native_document() {
    let dir = crate::shared_fixtures()
        .join("batfish-hybrid-cloud")
        .join("aws_configs");
    let out = vpcmap(&["convert", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let topology = vpcmap::import::native::parse("converted", &stdout(&out)).unwrap();
    assert_eq!(topology.vpcs.len(), 4);
    assert_eq!(
        topology.region_names(),
        vec!["us-east-2".to_string(), "us-west-2".to_string()]
    );
}

#[test]
fn not_an_aws_output_exits_two() {
    let path = temp_file("random.json", r#"{"hello": [1, 2, 3]}"#);
    let out = vpcmap(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("random.json"), "{}", stderr(&out));
}

#[test]
fn schema_command_prints_the_schema() {
    let out = vpcmap(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(schema["properties"]["vpcs"].is_object());
}

#[test]
fn bad_arguments_exit_two() {
    let out = vpcmap(&["validate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn trace_exit_code_says_whether_the_path_works() {
    let ok = vpcmap(&[
        "trace",
        "samples/two-regions.json",
        "--from",
        "i-0prodapp1",
        "--to",
        "subnet-0shrda",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(stdout(&ok).ends_with("reachable: yes\n"));
    let blocked = vpcmap(&[
        "trace",
        "samples/two-regions.json",
        "--from",
        "i-0prodapp1",
        "--to",
        "subnet-0eupuba",
        "--protocol",
        "tcp",
        "--port",
        "443",
        "--format",
        "json",
    ]);
    assert_eq!(blocked.status.code(), Some(1));
    let trace: serde_json::Value = serde_json::from_str(&stdout(&blocked)).unwrap();
    assert_eq!(trace["reachable"], false);
    assert_eq!(trace["blocked"]["code"], "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR");
    assert!(trace["hops"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["resource"].is_string()
            && h["kind"].is_string()
            && h["action"].is_string()
            && h["detail"].is_string()));
    assert!(trace.get("return").is_some());
}

#[test]
fn trace_with_a_bad_query_exits_2_and_says_what_was_expected() {
    let out = vpcmap(&[
        "trace",
        "samples/two-regions.json",
        "--from",
        "i-0prodapp1",
        "--to",
        "nowhere",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .starts_with("vpcmap: --to: nothing in the document is called \"nowhere\"; expected"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn matrix_prints_json_or_csv() {
    let out = vpcmap(&[
        "matrix",
        "samples/two-regions.json",
        "--protocol",
        "tcp",
        "--port",
        "443",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let matrix: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(matrix["protocol"], "tcp");
    assert!(matrix["cells"].as_array().unwrap().len() > 100);
    let csv = vpcmap(&["matrix", "samples/two-regions.json", "--format", "csv"]);
    let text = stdout(&csv);
    assert!(text.starts_with("from,to,reachable,code\n"));
    assert!(
        text.contains("\nsubnet-0prodappa,subnet-0shrda,true,\n"),
        "{text}"
    );
}

/// The docs demo ships `vpcmap render www/demos/web-app.json` as www/demos/web-app.svg, and the
/// Node and browser tests check that `renderSvg` and `<vpc-map>`'s `toSVG()` give these same
/// bytes: the build-time picture and the live one cannot drift apart. Rewritten when stale.
#[test]
fn docs_demo_svg_is_what_render_writes() {
    let out_path = temp_file("web-app.svg", "");
    let out = vpcmap(&[
        "render",
        "www/demos/web-app.json",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fresh = std::fs::read_to_string(&out_path).unwrap();
    let committed_path = crate::repo_root().join("www/demos/web-app.svg");
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    if committed != fresh {
        std::fs::write(&committed_path, &fresh).unwrap();
        panic!("www/demos/web-app.svg was stale and has been rewritten; commit the new file");
    }
}
