//! Layout: goldens for small documents and the sample, the quality checks on generated
//! topologies of many shapes (property test), and determinism.

use proptest::prelude::*;
use serde_json::{json, Value};
use vpcmap::layout::{self, check};

fn layout_json(topo: &vpcmap::Topology) -> String {
    serde_json::to_string_pretty(&layout::run(topo)).unwrap() + "\n"
}

#[test]
fn golden_layouts() {
    crate::golden::check(
        "sample/layout.json",
        &layout_json(&vpcmap::sample::topology()),
    );
    for case in ["one-vpc", "vpn-site", "empty"] {
        let topo = crate::fixture(&format!("layout/{case}.json"));
        crate::golden::check(&format!("{case}/layout.json"), &layout_json(&topo));
    }
}

#[test]
fn the_sample_passes_every_quality_check() {
    let layout = layout::run(&vpcmap::sample::topology());
    assert_eq!(check::violations(&layout), vec![]);
    // Every drawable connection of the sample is routed.
    let kinds: Vec<String> = layout
        .edges
        .iter()
        .map(|e| {
            serde_json::to_value(e.kind)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for kind in ["peering", "vpn", "dx", "endpoint", "route"] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "no {kind} edge in {kinds:?}"
        );
    }
    let metrics = check::metrics(&layout);
    assert_eq!(metrics.through_boxes, 0, "an edge runs through a box");
    // The endpoint's route runs down past the peering between prod and shared-services: it
    // moves aside instead of along the peering's line.
    assert_eq!(metrics.shared_runs, 0, "two edges drawn as one line");
    assert!(
        metrics.aspect > 0.5 && metrics.aspect < 3.0,
        "aspect {}",
        metrics.aspect
    );
}

#[test]
fn nesting_is_region_vpc_az_subnet() {
    let layout = layout::run(&vpcmap::sample::topology());
    let parent = |id: &str| {
        layout
            .nodes
            .iter()
            .find(|n| n.id == id)
            .and_then(|n| n.parent.clone())
    };
    assert_eq!(
        parent("subnet-0prodappa").as_deref(),
        Some("az:vpc-0a1f0prod:us-east-1a")
    );
    assert_eq!(
        parent("az:vpc-0a1f0prod:us-east-1a").as_deref(),
        Some("vpc-0a1f0prod")
    );
    assert_eq!(parent("vpc-0a1f0prod").as_deref(), Some("region:us-east-1"));
    assert_eq!(parent("igw-0prod").as_deref(), Some("vpc-0a1f0prod"));
    assert_eq!(parent("i-0prodapp1").as_deref(), Some("subnet-0prodappa"));
    assert_eq!(parent("cgw-0corp").as_deref(), Some("corp-dc"));
    // Public subnets sit above private ones in their AZ column.
    let y = |id: &str| layout.nodes.iter().find(|n| n.id == id).unwrap().y;
    assert!(y("subnet-0prodpuba") < y("subnet-0prodappa"));
}

#[test]
fn same_document_same_bytes() {
    let topo = vpcmap::sample::topology();
    assert_eq!(layout_json(&topo), layout_json(&topo.clone()));
}

/// The editor's layouts go through one memo (`run_reusing`), which keeps the last routes. Over
/// a run of edits, each layout must be the one a fresh `run` gives, and the edits that move no
/// box must reuse the routes.
#[test]
fn a_layout_reusing_the_last_routes_is_the_layout_of_the_document() {
    let mut memo = layout::Memo::default();
    let mut topo = vpcmap::sample::topology();
    let mut step = |topo: &vpcmap::Topology, what: &str| {
        let reusing = layout::run_reusing(topo, &mut memo);
        assert_eq!(reusing, layout::run(topo), "after {what}");
        memo.reused()
    };
    assert!(!step(&topo, "the first layout"));
    assert!(step(&topo, "the same document"));
    topo.vpcs[0].name = Some("prod2".into());
    assert!(step(&topo, "a rename that keeps the VPC's width"));
    topo.route_tables[0].routes.push(
        serde_json::from_value(json!({"destination": "0.0.0.0/0", "target": "local"})).unwrap(),
    );
    assert!(step(&topo, "a route added"));
    topo.vpcs[0].name = Some("a production VPC with a name far wider than its boxes".into());
    step(&topo, "a rename that widens the VPC");
    let subnet = json!({"id": "subnet-new", "vpc": topo.vpcs[0].id.to_string(),
        "az": "us-east-1a", "cidr": "10.10.200.0/24"});
    topo.subnets.push(serde_json::from_value(subnet).unwrap());
    assert!(!step(&topo, "a subnet added"));
    topo.vpc_peering_connections.pop();
    assert!(!step(&topo, "a peering removed"));
    assert!(step(&topo, "the same document again"));
}

#[test]
fn editing_one_region_leaves_the_other_region_s_boxes_in_place() {
    let before = layout::run(&vpcmap::sample::topology());
    let mut topo = vpcmap::sample::topology();
    // A new VPC in eu-west-1 (the second region, drawn to the right of us-east-1).
    topo.vpcs.push(
        serde_json::from_value(
            json!({"id": "vpc-new", "region": "eu-west-1", "cidrs": ["10.50.0.0/16"]}),
        )
        .unwrap(),
    );
    let after = layout::run(&topo);
    for node in before
        .nodes
        .iter()
        .filter(|n| n.id == "region:us-east-1" || n.parent.as_deref() == Some("region:us-east-1"))
    {
        let moved = after.nodes.iter().find(|m| m.id == node.id).unwrap();
        assert_eq!(
            (moved.x, moved.width, moved.height),
            (node.x, node.width, node.height),
            "{} changed",
            node.id
        );
    }
}

#[test]
fn input_order_in_another_region_does_not_move_a_region_s_boxes() {
    let before = layout::run(&vpcmap::sample::topology());
    let mut topo = vpcmap::sample::topology();
    // The eu-west-1 VPCs and subnets first, in reverse: us-east-1 must not notice.
    let (mut eu, us): (Vec<_>, Vec<_>) =
        topo.vpcs.into_iter().partition(|v| v.region == "eu-west-1");
    let eu_ids: Vec<String> = eu.iter().map(|v| v.id.to_string()).collect();
    eu.reverse();
    topo.vpcs = eu.into_iter().chain(us).collect();
    let (mut eu, us): (Vec<_>, Vec<_>) = topo
        .subnets
        .into_iter()
        .partition(|s| eu_ids.contains(&s.vpc.to_string()));
    eu.reverse();
    topo.subnets = eu.into_iter().chain(us).collect();
    let after = layout::run(&topo);
    let origin = |l: &layout::Layout| {
        let r = l.nodes.iter().find(|n| n.id == "region:us-east-1").unwrap();
        (r.x, r.y)
    };
    let (bx, by) = origin(&before);
    let (ax, ay) = origin(&after);
    let in_us_east = |l: &layout::Layout, id: &str| {
        let mut at = l.nodes.iter().find(|n| n.id == id);
        while let Some(n) = at {
            if n.id == "region:us-east-1" {
                return true;
            }
            at = n
                .parent
                .as_deref()
                .and_then(|p| l.nodes.iter().find(|m| m.id == p));
        }
        false
    };
    for node in before.nodes.iter().filter(|n| in_us_east(&before, &n.id)) {
        let moved = after.nodes.iter().find(|m| m.id == node.id).unwrap();
        assert_eq!(
            (moved.x - ax, moved.y - ay, moved.width, moved.height),
            (node.x - bx, node.y - by, node.width, node.height),
            "{} moved inside its region",
            node.id
        );
    }
}

/// A generated topology: regions × VPCs × AZs × subnets, random peerings, optional IGW/VPN.
fn generated(
    shape: &[(u8, u8, u8)],
    peerings: &[(usize, usize)],
    igw: bool,
    vpn: bool,
) -> vpcmap::Topology {
    let mut vpcs = Vec::new();
    let mut subnets = Vec::new();
    let mut igws = Vec::new();
    let mut n = 0u32;
    for (r, &(n_vpcs, n_azs, n_subnets)) in shape.iter().enumerate() {
        let region = format!("xx-test-{}", r + 1);
        for _ in 0..n_vpcs {
            n += 1;
            let vpc_id = format!("vpc-{n}");
            vpcs.push(json!({"id": vpc_id, "name": format!("vpc number {n}"), "region": region, "cidrs": [format!("10.{}.0.0/16", n % 250)]}));
            for s in 0..n_subnets {
                let az = format!("{region}{}", (b'a' + (s % n_azs.max(1))) as char);
                subnets.push(json!({"id": format!("subnet-{n}-{s}"), "vpc": vpc_id, "az": az, "cidr": format!("10.{}.{}.0/24", n % 250, s)}));
            }
            if igw && n % 2 == 0 {
                igws.push(json!({"id": format!("igw-{n}"), "vpc": vpc_id}));
            }
        }
    }
    let mut pcx = Vec::new();
    if n >= 2 {
        for (i, &(a, b)) in peerings.iter().enumerate() {
            let (a, b) = (a % n as usize + 1, b % n as usize + 1);
            if a != b {
                pcx.push(json!({"id": format!("pcx-{i}"), "requester": {"vpc": format!("vpc-{a}")}, "accepter": {"vpc": format!("vpc-{b}")}}));
            }
        }
    }
    let mut doc = json!({"format": "vpcmap/1", "vpcs": vpcs, "subnets": subnets, "internetGateways": igws, "vpcPeeringConnections": pcx});
    if vpn && n >= 1 {
        doc["vpnGateways"] = json!([{"id": "vgw-1", "attachments": [{"vpc": "vpc-1"}]}]);
        doc["customerGateways"] = json!([{"id": "cgw-1"}]);
        doc["vpnConnections"] =
            json!([{"id": "vpn-1", "customerGateway": "cgw-1", "vpnGateway": "vgw-1"}]);
        doc["onPremNetworks"] =
            json!([{"id": "site", "cidrs": ["192.168.0.0/16"], "customerGateways": ["cgw-1"]}]);
    }
    let doc: Value = doc;
    vpcmap::import::native::from_value("generated", doc).unwrap()
}

#[test]
fn a_thousand_vpcs_lay_out_cleanly() {
    // Four regions of 250 VPCs, each peered with the next: the scale the benchmarks time.
    let peerings: Vec<(usize, usize)> = (0..999).map(|i| (i, i + 1)).collect();
    let topo = generated(&[(250, 2, 4); 4], &peerings, true, true);
    assert_eq!(topo.vpcs.len(), 1000);
    let layout = layout::run(&topo);
    assert_eq!(check::violations(&layout), vec![]);
    assert_eq!(check::metrics(&layout).through_boxes, 0);
    assert_eq!(
        layout
            .edges
            .iter()
            .filter(|e| e.kind == layout::EdgeKind::Peering)
            .count(),
        999
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn generated_topologies_pass_the_quality_checks(
        shape in prop::collection::vec((0u8..=8, 1u8..=3, 0u8..=6), 0..=4),
        peerings in prop::collection::vec((0usize..64, 0usize..64), 0..12),
        igw in any::<bool>(),
        vpn in any::<bool>(),
    ) {
        let topo = generated(&shape, &peerings, igw, vpn);
        let layout = layout::run(&topo);
        prop_assert_eq!(check::violations(&layout), vec![]);
        // Edges go round every box they do not belong to.
        prop_assert_eq!(check::metrics(&layout).through_boxes, 0);
        // Every peering between two drawn VPCs is routed.
        let drawn: Vec<&str> = layout.edges.iter().map(|e| e.id.as_str()).collect();
        for pcx in &topo.vpc_peering_connections {
            prop_assert!(drawn.contains(&pcx.id.as_str()), "{} not routed", pcx.id);
        }
        prop_assert_eq!(layout.nodes.iter().filter(|n| n.kind == layout::NodeKind::Subnet).count(), topo.subnets.len());
    }
}

fn node<'a>(layout: &'a layout::Layout, id: &str) -> &'a layout::LayoutNode {
    layout.nodes.iter().find(|n| n.id == id).unwrap()
}

/// A box's top-left relative to its parent's (the drawing's for a top box), at the layout's
/// precision of a tenth of a unit.
fn relative(layout: &layout::Layout, id: &str) -> (f64, f64) {
    let child = node(layout, id);
    let (x, y) = match &child.parent {
        Some(parent) => {
            let parent = node(layout, parent);
            (child.x - parent.x, child.y - parent.y)
        }
        None => (child.x, child.y),
    };
    let round = |v: f64| (v * 10.0).round() / 10.0;
    (round(x), round(y))
}

fn with_hints(pins: Value, order: Value) -> vpcmap::Topology {
    let mut doc: Value = serde_json::from_str(vpcmap::sample::SAMPLE_JSON).unwrap();
    doc["layout"] = json!({"pins": pins, "order": order});
    vpcmap::import::native::from_value("pinned", doc).unwrap()
}

#[test]
fn a_pinned_box_sits_where_pinned_relative_to_its_parent() {
    for (id, x, y) in [
        ("vpc-0b2e0shared", 600.0, 80.0),
        ("subnet-0shrda", 14.0, 200.0),
        ("az:vpc-0a1f0prod:us-east-1b", 500.0, 60.0),
        ("region:eu-west-1", 40.0, 900.0),
        ("corp-dc", 300.0, 10.0),
    ] {
        let key = id.strip_prefix("region:").unwrap_or(id);
        let topo = with_hints(json!({ key: {"x": x, "y": y} }), json!([]));
        let layout = layout::run(&topo);
        assert_eq!(relative(&layout, id), (x, y), "{id}");
        assert_eq!(check::violations(&layout), vec![], "pinning {id}");
        assert_eq!(check::metrics(&layout).through_boxes, 0, "pinning {id}");
    }
}

#[test]
fn every_internet_gateway_has_a_marker_right_above_it_joined_by_one_straight_stub() {
    let layout = layout::run(&vpcmap::sample::topology());
    let gateways: Vec<&layout::LayoutNode> = layout
        .nodes
        .iter()
        .filter(|n| n.kind == layout::NodeKind::InternetGateway)
        .collect();
    assert_eq!(gateways.len(), 2);
    for gateway in gateways {
        let marker = node(&layout, &format!("internet:{}", gateway.id));
        let vpc = node(&layout, gateway.parent.as_deref().unwrap());
        // In the VPC's region, on the VPC's top border, centred over the gateway.
        assert_eq!(marker.parent, vpc.parent);
        assert_eq!(
            marker.y + marker.height,
            vpc.y,
            "{} on {}",
            marker.id,
            vpc.id
        );
        let centre = |n: &layout::LayoutNode| n.x + n.width / 2.0;
        assert!((centre(marker) - centre(gateway)).abs() < 0.2);
        let edge = layout
            .edges
            .iter()
            .find(|e| e.source == gateway.id)
            .unwrap();
        assert_eq!(edge.target, marker.id);
        assert_eq!(edge.points.len(), 2, "one straight stub: {:?}", edge.points);
    }
    // A pin on a marker is ignored: it stays over its gateway.
    let pinned = with_hints(
        json!({"internet:igw-0prod": {"x": 900, "y": 900}}),
        json!([]),
    );
    assert_eq!(layout::run(&pinned), layout);
}

#[test]
fn a_pinned_vpc_takes_its_internet_marker_along() {
    let topo = with_hints(json!({"vpc-0a1f0prod": {"x": 700, "y": 400}}), json!([]));
    let layout = layout::run(&topo);
    assert_eq!(relative(&layout, "vpc-0a1f0prod"), (700.0, 400.0));
    let marker = node(&layout, "internet:igw-0prod");
    let vpc = node(&layout, "vpc-0a1f0prod");
    assert!(marker.y + marker.height <= vpc.y && marker.x > vpc.x);
    assert_eq!(check::violations(&layout), vec![]);
}

#[test]
fn siblings_step_out_of_a_pinned_box_s_way() {
    // Pin the shared VPC over the prod VPC's place: the prod VPC must move, not overlap.
    let topo = with_hints(json!({"vpc-0b2e0shared": {"x": 14, "y": 40}}), json!([]));
    let layout = layout::run(&topo);
    assert_eq!(relative(&layout, "vpc-0b2e0shared"), (14.0, 40.0));
    assert_ne!(relative(&layout, "vpc-0a1f0prod"), (14.0, 40.0));
    assert_eq!(check::violations(&layout), vec![]);
    // Two pins on one spot: the first keeps it, the second steps aside.
    let topo = with_hints(
        json!({"vpc-0a1f0prod": {"x": 20, "y": 50}, "vpc-0b2e0shared": {"x": 20, "y": 50}}),
        json!([]),
    );
    let layout = layout::run(&topo);
    assert_eq!(check::violations(&layout), vec![]);
    assert!(
        relative(&layout, "vpc-0a1f0prod") == (20.0, 50.0)
            || relative(&layout, "vpc-0b2e0shared") == (20.0, 50.0)
    );
}

#[test]
fn a_pin_in_the_parent_s_title_is_kept_inside_the_padding() {
    let topo = with_hints(
        json!({"vpc-0a1f0prod": {"x": -50, "y": 0}, "us-east-1": {"x": -10, "y": -10}}),
        json!([]),
    );
    let layout = layout::run(&topo);
    assert_eq!(check::violations(&layout), vec![]);
    let (x, y) = relative(&layout, "vpc-0a1f0prod");
    assert!(
        x >= 14.0 && y >= 40.0,
        "({x}, {y}) is in the region's title"
    );
    assert_eq!(relative(&layout, "region:us-east-1"), (0.0, 0.0));
}

#[test]
fn a_parent_grows_to_hold_a_pinned_child() {
    let before = layout::run(&vpcmap::sample::topology());
    let topo = with_hints(json!({"subnet-0eudba": {"x": 900, "y": 400}}), json!([]));
    let after = layout::run(&topo);
    assert_eq!(relative(&after, "subnet-0eudba"), (900.0, 400.0));
    assert_eq!(check::violations(&after), vec![]);
    let az = "az:vpc-0d4c0eudata:eu-west-1a";
    assert!(node(&after, az).width > node(&before, az).width);
    assert!(after.width > before.width);
}

#[test]
fn the_preferred_order_leads_its_siblings() {
    let topo = with_hints(
        json!({}),
        json!(["vpc-0b2e0shared", "subnet-0prodappa", "eu-west-1"]),
    );
    let layout = layout::run(&topo);
    assert_eq!(check::violations(&layout), vec![]);
    // The shared VPC now comes before the prod VPC in us-east-1's shelf ...
    let (shared, prod) = (
        node(&layout, "vpc-0b2e0shared"),
        node(&layout, "vpc-0a1f0prod"),
    );
    assert!((shared.y, shared.x) < (prod.y, prod.x));
    // ... the private app subnet above the public one in its AZ column ...
    assert!(node(&layout, "subnet-0prodappa").y < node(&layout, "subnet-0prodpuba").y);
    // ... and eu-west-1 left of us-east-1.
    assert!(node(&layout, "region:eu-west-1").x < node(&layout, "region:us-east-1").x);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn one_pin_anywhere_is_honoured_and_keeps_the_invariants(
        shape in prop::collection::vec((1u8..=6, 1u8..=3, 1u8..=4), 1..=3),
        peerings in prop::collection::vec((0usize..64, 0usize..64), 0..8),
        which in any::<prop::sample::Index>(),
        x in 50u32..900,
        y in 50u32..900,
    ) {
        let topo = generated(&shape, &peerings, true, true);
        let plain = layout::run(&topo);
        // Internet markers follow their gateway (a pin on one is ignored); every other box pins.
        let pinnable: Vec<&layout::LayoutNode> =
            plain.nodes.iter().filter(|n| n.kind != layout::NodeKind::Internet).collect();
        let id = pinnable[which.index(pinnable.len())].id.clone();
        let mut doc = serde_json::to_value(&topo).unwrap();
        let key = id.strip_prefix("region:").unwrap_or(&id).to_string();
        doc["layout"] = json!({"pins": {key: {"x": x, "y": y}}});
        let pinned = layout::run(&vpcmap::import::native::from_value("pinned", doc).unwrap());
        prop_assert_eq!(check::violations(&pinned), vec![]);
        prop_assert_eq!(check::metrics(&pinned).through_boxes, 0);
        prop_assert_eq!(relative(&pinned, &id), (f64::from(x), f64::from(y)));
    }
}

/// The document without one VPC and what hangs from it (subnets, gateways, peerings).
fn without_vpc(topo: &vpcmap::Topology, vpc: &str) -> vpcmap::Topology {
    let mut doc = serde_json::to_value(topo).unwrap();
    let names_it = |item: &Value| {
        item["vpc"] == vpc || item["requester"]["vpc"] == vpc || item["accepter"]["vpc"] == vpc
    };
    doc["vpcs"]
        .as_array_mut()
        .unwrap()
        .retain(|v| v["id"] != vpc);
    for key in ["subnets", "internetGateways", "vpcPeeringConnections"] {
        if let Some(items) = doc[key].as_array_mut() {
            items.retain(|item| !names_it(item));
        }
    }
    vpcmap::import::native::from_value("edited", doc).unwrap()
}

/// The boxes of `region` (the region itself and everything inside it).
fn in_region(layout: &layout::Layout, region: &str) -> std::collections::BTreeSet<String> {
    check::ancestors_of_kind(layout, layout::NodeKind::Region)
        .into_iter()
        .filter(|(_, r)| r.id == region)
        .map(|(id, _)| id.to_string())
        .collect()
}

#[test]
fn adding_or_removing_a_vpc_moves_nothing_outside_its_region() {
    // Three regions of six VPCs, peered in a chain; edits in the middle region.
    let peerings: Vec<(usize, usize)> = (0..17).map(|i| (i, i + 1)).collect();
    let base = generated(&[(6, 2, 3); 3], &peerings, true, false);
    let before = layout::run(&base);
    let changed = "region:xx-test-2";
    let mut doc = serde_json::to_value(&base).unwrap();
    doc["vpcs"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "vpc-new", "region": "xx-test-2", "cidrs": ["10.200.0.0/16"]}));
    doc["subnets"].as_array_mut().unwrap().push(
        json!({"id": "subnet-new", "vpc": "vpc-new", "az": "xx-test-2a", "cidr": "10.200.0.0/24"}),
    );
    let added = vpcmap::import::native::from_value("added", doc).unwrap();
    for (case, topo) in [
        ("added", added),
        ("removed last", without_vpc(&base, "vpc-12")),
        ("removed middle", without_vpc(&base, "vpc-9")),
    ] {
        let after = layout::run(&topo);
        assert_eq!(check::violations(&after), vec![], "{case}");
        let inside = in_region(&before, changed);
        let (mean, worst) =
            check::mean_displacement(&before, &after, |n| !inside.contains(&n.id), None);
        assert_eq!(
            (mean, worst),
            (0.0, None),
            "{case}: boxes outside {changed} moved"
        );
    }
}

#[test]
fn appending_a_vpc_moves_none_of_its_region_s_boxes() {
    let base = generated(&[(5, 2, 2); 2], &[(0, 1), (1, 2), (3, 4)], true, false);
    let before = layout::run(&base);
    let mut doc = serde_json::to_value(&base).unwrap();
    doc["vpcs"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "vpc-new", "region": "xx-test-1", "cidrs": ["10.200.0.0/16"]}));
    let after = layout::run(&vpcmap::import::native::from_value("added", doc).unwrap());
    assert_eq!(
        check::mean_displacement(&before, &after, |_| true, None),
        (0.0, None)
    );
}

#[test]
fn layout_bytes_are_the_same_on_every_run() {
    let topo = generated(
        &[(4, 3, 4), (3, 2, 2)],
        &[(0, 5), (1, 2), (3, 6), (2, 4)],
        true,
        true,
    );
    let first = layout_json(&topo);
    for _ in 0..3 {
        assert_eq!(layout_json(&topo), first);
    }
}

#[test]
fn the_benchmark_graphs_cross_less_than_elkjs_does_at_50_vpcs() {
    // `vpcmap sample --vpcs N`, the graphs scripts/elk-compare.sh and layout-compare.mjs score:
    // a chain of peerings with a chord to the seventh VPC on. elkjs leaves 24 crossings at 50
    // VPCs and 118 at 200 (README); phase 2's first estimate of the router's crossings let the
    // sweeps pick orders with 43 and 303.
    for (vpcs, most) in [(50, 23), (200, 140)] {
        let layout = layout::run(&vpcmap::sample::generated(vpcs));
        let metrics = check::metrics(&layout);
        assert!(
            metrics.crossings <= most,
            "{vpcs} VPCs: {} crossings, more than {most}",
            metrics.crossings
        );
        // Channels on this graph have room for every edge that passes: none on top of another.
        assert_eq!(metrics.shared_runs, 0, "{vpcs} VPCs");
    }
}

#[test]
fn the_hub_and_mesh_benchmark_graphs_cross_far_less_than_elkjs_does() {
    // `vpcmap sample --vpcs N --shape hub-mesh`, the shape the layout issue names for the
    // comparison (per region a hub VPC peered with every spoke plus a random mesh; several
    // regions; VPN and Direct Connect sites). elkjs leaves 369 crossings at 50 VPCs and 11,490
    // at 200 on these graphs (README, `SHAPE=hub-mesh scripts/elk-compare.sh`); vpcmap drew 273
    // and 1,298 when this test was written. The bounds leave a little room for layout changes,
    // not for a drawing that crosses like elkjs's. Shared runs (two edges with no end in
    // common drawn as one line): 4 and 19 since `nudge` spreads lines close to a box on one
    // side, moves off end segments and parts turns into facing ports; 29 and 108 before
    // (elkjs: 2 and 385).
    use vpcmap::sample::{generated_shape, Shape};
    for (vpcs, most, shared_most) in [(50, 300, 6), (200, 1_450, 22)] {
        let layout = layout::run(&generated_shape(vpcs, Shape::HubMesh));
        let metrics = check::metrics(&layout);
        assert!(
            metrics.crossings <= most,
            "{vpcs} VPCs: {} crossings, more than {most}",
            metrics.crossings
        );
        assert!(
            metrics.shared_runs <= shared_most,
            "{vpcs} VPCs: {} shared runs, more than {shared_most}",
            metrics.shared_runs
        );
        let violations = check::violations(&layout);
        assert!(
            violations.is_empty(),
            "{vpcs} VPCs: {:?}",
            &violations[..violations.len().min(5)]
        );
    }
}
