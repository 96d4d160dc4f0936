//! Network diff: resources, findings and reachability of hand-made before/after pairs, and the
//! CLI contract of `vpcmap diff` (formats and exit codes).

use std::process::Command;
use vpcmap::diff::{self, Change};
use vpcmap::import::{self, InputFile};

fn local(name: &str) -> InputFile {
    let path = crate::repo_root()
        .join("tests/fixtures/terraform/diff")
        .join(name);
    InputFile::new(name, std::fs::read_to_string(path).unwrap())
}

fn plan_diff() -> diff::Diff {
    let sides = import::import_plan(&[local("plan-peering-change.json")]).unwrap();
    diff::run(&sides.before.topology, &sides.after.topology)
}

#[test]
fn plan_diff_lists_resources_findings_and_reachability() {
    let diff = plan_diff();
    let resources: Vec<String> = diff
        .resources
        .iter()
        .map(|r| {
            format!("{} {} {}", r.change.mark(), r.id, r.fields.join(","))
                .trim_end()
                .to_string()
        })
        .collect();
    assert_eq!(
        resources,
        [
            "+ vpc-(aws_vpc.c)",
            "+ subnet-(aws_subnet.b2)",
            "+ rtb-(aws_vpc.c.main_route_table_id)",
            "~ rtb-0a routes",
            "~ rtb-0b routes",
            "- igw-0a",
            "+ pcx-(aws_vpc_peering_connection.ab)",
            "+ pcx-(aws_vpc_peering_connection.ac)",
        ]
    );
    let introduced: Vec<String> = diff
        .introduced
        .iter()
        .map(|f| format!("{} {}", f.code, f.resources.join(" ")))
        .collect();
    assert_eq!(
        introduced,
        [
            "PEERING_CIDR_OVERLAP pcx-(aws_vpc_peering_connection.ac) vpc-0a vpc-(aws_vpc.c)",
            "PEERING_ROUTE_MISSING pcx-(aws_vpc_peering_connection.ac) vpc-(aws_vpc.c)",
            "PEERING_ROUTE_MISSING pcx-(aws_vpc_peering_connection.ac) vpc-0a",
            // db-b2 has no association: the main table, which has no route back to app.
            "PEERING_ROUTE_MISSING_RETURN rtb-0bmain pcx-(aws_vpc_peering_connection.ab) rtb-0a",
            "SUBNET_ROUTE_TABLE_IMPLICIT subnet-(aws_subnet.b2) rtb-0bmain",
        ]
    );
    assert_eq!(diff.summary.introduced_errors, 1);
    let reach: Vec<String> = diff.reachability.iter().map(diff::reach_sentence).collect();
    assert_eq!(
        reach,
        [
            "subnet db-b2 (subnet-(aws_subnet.b2)) can now reach subnet db-b (subnet-0b1)",
            "subnet app-a (subnet-0a1) can now reach subnet db-b (subnet-0b1) over pcx-(aws_vpc_peering_connection.ab) (was blocked: IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS)",
            "subnet db-b (subnet-0b1) can now reach subnet db-b2 (subnet-(aws_subnet.b2))",
            "subnet db-b (subnet-0b1) can now reach subnet app-a (subnet-0a1) over pcx-(aws_vpc_peering_connection.ab) (was blocked: NO_ROUTE_TO_DESTINATION)",
        ]
    );
    let statuses = diff.statuses();
    assert_eq!(statuses.get("igw-0a"), Some(&Change::Removed));
    assert_eq!(statuses.get("rtb-0a"), Some(&Change::Changed));
}

#[test]
fn the_reverse_diff_swaps_added_and_removed_and_introduced_and_resolved() {
    let sides = import::import_plan(&[local("plan-peering-change.json")]).unwrap();
    let forward = diff::run(&sides.before.topology, &sides.after.topology);
    let back = diff::run(&sides.after.topology, &sides.before.topology);
    assert_eq!(back.summary.added, forward.summary.removed);
    assert_eq!(back.summary.removed, forward.summary.added);
    assert_eq!(back.resolved, forward.introduced);
    assert_eq!(back.summary.introduced_errors, 0);
    assert_eq!(back.reachability.len(), forward.reachability.len());
    assert!(back.reachability.iter().all(|r| !r.after && r.before));
    let same = diff::run(&sides.after.topology, &sides.after.topology);
    assert_eq!(same, diff::Diff::default());
}

#[test]
fn a_state_and_a_plan_diff_like_the_plan_alone() {
    let before = import::import(&[local("before-state.json")])
        .unwrap()
        .topology;
    let after = import::import(&[local("plan-peering-change.json")])
        .unwrap()
        .topology;
    assert_eq!(diff::run(&before, &after), plan_diff());
}

fn vpcmap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vpcmap"))
        .args(args)
        .current_dir(crate::repo_root())
        .output()
        .unwrap()
}

#[test]
fn cli_diff_formats_and_exit_codes() {
    let plan = "tests/fixtures/terraform/diff/plan-peering-change.json";
    let out = vpcmap(&["diff", plan, "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(1), "an error finding is introduced");
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(
        markdown.starts_with("### vpcmap network review\n\n**❌ this change introduces errors**"),
        "{markdown}"
    );
    assert!(markdown.contains("| error | `PEERING_CIDR_OVERLAP` |"));
    let out = vpcmap(&["diff", plan, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["introducedErrors"], 1);
    assert_eq!(
        json["reachability"][1]["fromLabel"],
        "subnet app-a (subnet-0a1)"
    );
    assert_eq!(json["resources"][5]["change"], "removed");
    // The reverse change only resolves: exit 0.
    let out = vpcmap(&[
        "diff",
        plan,
        "tests/fixtures/terraform/diff/before-state.json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "network diff: 1 added, 5 removed, 2 changed; 0 findings introduced, 5 resolved"
        ),
        "{text}"
    );
    // Any two inputs: the sample against itself has nothing to say.
    let out = vpcmap(&[
        "diff",
        "samples/two-regions.json",
        "samples/two-regions.json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .starts_with("network diff: 0 added, 0 removed, 0 changed"));
    // One input must be a plan.
    let out = vpcmap(&["diff", "samples/two-regions.json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn diagram_of_a_diff_marks_changes_and_keeps_unchanged_boxes_in_place() {
    let sides = import::import_plan(&[local("plan-peering-change.json")]).unwrap();
    let (before, after) = (&sides.before.topology, &sides.after.topology);
    let change = diff::run(before, after);
    let svg = vpcmap::render_diff(before, after, &change, Some("light"), false);
    let class_of = |id: &str| {
        let at = svg
            .find(&format!("data-id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} not drawn"));
        let start = svg[..at].rfind("class=\"").unwrap();
        svg[start + 7..at - 2].to_string()
    };
    // The removed gateway is still drawn, in red; the new VPC and subnet are green and, being
    // planned, dashed; subnets whose route table changed are outlined.
    assert_eq!(
        class_of("igw-0a"),
        "vm-node vm-kind-internet-gateway vm-removed"
    );
    assert_eq!(
        class_of("vpc-(aws_vpc.c)"),
        "vm-node vm-kind-vpc vm-added vm-planned"
    );
    assert!(class_of("subnet-0a1").ends_with("vm-changed"));
    assert!(class_of("pcx-(aws_vpc_peering_connection.ab)").contains("vm-edge-peering vm-added"));
    assert!(!class_of("vpc-0b").contains("vm-changed"));
    // Both themes style the marks.
    assert_eq!(vpcmap::render::STYLE.matches("--vm-added:").count(), 3);
    // Unchanged boxes sit where the before picture had them.
    let old = vpcmap::layout::run(before);
    let new = vpcmap::layout::run(&diff::union(before, after));
    for id in ["vpc-0a", "subnet-0a1", "vpc-0b", "subnet-0b1", "igw-0a"] {
        let place = |layout: &vpcmap::layout::Layout| {
            let node = layout.nodes.iter().find(|n| n.id == id).unwrap();
            (node.x, node.y)
        };
        assert_eq!(place(&old), place(&new), "{id} moved");
    }
}
