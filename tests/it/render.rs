//! Render: SVG goldens, accessibility and escaping of hostile text.

use serde_json::json;
use vpcmap::render::{svg, svg_with, Badge, SvgOptions, Theme};
use vpcmap::validate::Severity;

#[test]
fn golden_svgs() {
    crate::golden::check(
        "sample/diagram.svg",
        &svg(&vpcmap::layout::run(&vpcmap::sample::topology())),
    );
    for case in ["one-vpc", "vpn-site", "empty"] {
        let topo = crate::fixture(&format!("layout/{case}.json"));
        crate::golden::check(
            &format!("{case}/diagram.svg"),
            &svg(&vpcmap::layout::run(&topo)),
        );
    }
}

#[test]
fn svg_is_accessible_and_self_contained() {
    let text = svg(&vpcmap::layout::run(&vpcmap::sample::topology()));
    assert!(text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        text.contains("role=\"img\"")
            && text.contains("<title id=\"vm-title\">")
            && text.contains("<desc id=\"vm-desc\">")
    );
    assert!(text.contains("data-id=\"vpc-0a1f0prod\" data-kind=\"vpc\""));
    assert!(text.contains("prefers-color-scheme:dark"));
    for banned in [
        "<script",
        "href=",
        "xlink:",
        "url(",
        "@import",
        "javascript:",
    ] {
        assert!(!text.contains(banned), "SVG contains {banned}");
    }
}

#[test]
fn hostile_names_are_rendered_as_text() {
    let doc = json!({"format": "vpcmap/1", "vpcs": [{"id": "vpc-x\"><svg onload=alert(1)>", "name": "<script>alert(1)</script>\"'&\u{202e}", "region": "us-east-1", "cidrs": ["10.0.0.0/16"]}]});
    let topo = vpcmap::import::native::from_value("hostile", doc).unwrap();
    let text = svg(&vpcmap::layout::run(&topo));
    assert!(!text.contains("<script"), "{text}");
    assert!(!text.contains("<svg onload"), "{text}");
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
    assert!(!text.contains('\u{202e}'));
}

#[test]
fn badges_and_forced_theme() {
    let layout = vpcmap::layout::run(&vpcmap::sample::topology());
    let options = SvgOptions {
        theme: Theme::Dark,
        marks: Default::default(),
        badges: vec![
            Badge {
                resource: "rtb-0prodapp".into(),
                severity: Severity::Error,
            },
            Badge {
                resource: "vpc-0b2e0shared".into(),
                severity: Severity::Warning,
            },
            Badge {
                resource: "vpc-0b2e0shared".into(),
                severity: Severity::Error,
            },
        ],
        title: Some("Sample".into()),
        omit_style: false,
    };
    let text = svg_with(&layout, &options);
    assert!(text.contains("class=\"vm-root vm-theme-dark\""));
    // A route table is not drawn, so only the VPC gets a badge, at its worst severity.
    assert_eq!(text.matches("class=\"vm-badge ").count(), 1);
    assert!(text.contains("vm-badge vm-badge-error\" data-id=\"vpc-0b2e0shared\""));
}

#[test]
fn edge_labels_are_written_on_free_ground() {
    let text = svg(&vpcmap::layout::run(&vpcmap::sample::topology()));
    // The VPN label has a long horizontal stretch between the data center and the VPC.
    assert!(
        text.contains(">corp-vpn · 2/2 tunnels up</text>"),
        "VPN label missing"
    );
    assert!(text.contains("class=\"vm-edge-label\""));
}

/// The shape `www/src/svg-patch.js` cuts the SVG text by (it falls back to a whole redraw when the
/// shape is not there, so a break shows as slow redraws, not wrong pictures; this test makes it
/// show here): the root's children are the frame and the `vm-nodes` / `vm-edges` / `vm-badges`
/// containers; a container's children are all items `<g class="vm-node|vm-edge|vm-badge …"
/// data-id=…>` holding no `<g>`; an item's tag ends with the `transform` that places it;
/// and no attribute value holds a raw `>`.
#[test]
fn svg_items_are_flat_groups_the_editor_can_patch_one_by_one() {
    let layout = vpcmap::layout::run(&vpcmap::sample::topology());
    let badges = vec![Badge {
        resource: "vpc-0a1f0prod".into(),
        severity: Severity::Error,
    }];
    let hostile = json!({"format": "vpcmap/1", "vpcs": [{"id": "vpc-a>b", "name": "x > y </g> <g>", "region": "us-east-1", "cidrs": ["10.0.0.0/16"]}]});
    let hostile = vpcmap::import::native::from_value("hostile", hostile).unwrap();
    for text in [
        svg_with(
            &layout,
            &SvgOptions {
                badges,
                ..SvgOptions::default()
            },
        ),
        svg(&vpcmap::layout::run(&hostile)),
    ] {
        let tree = roxmltree::Document::parse(&text).unwrap();
        let mut items = 0;
        for child in tree.root_element().children().filter(|n| n.is_element()) {
            let class = child.attribute("class").unwrap_or("");
            let item_class = match class {
                "vm-nodes" => "vm-node",
                "vm-edges" => "vm-edge",
                "vm-badges" => "vm-badge",
                _ => {
                    assert!(
                        child.descendants().all(|d| !d.has_tag_name("g")),
                        "a frame element holds a group: {class}"
                    );
                    continue;
                }
            };
            for item in child.children().filter(|n| n.is_element()) {
                items += 1;
                let classes = item.attribute("class").unwrap_or("");
                assert!(item.has_tag_name("g") && item.attribute("data-id").is_some());
                assert_eq!(classes.split(' ').next(), Some(item_class), "{classes}");
                assert!(
                    item.descendants().skip(1).all(|d| !d.has_tag_name("g")),
                    "item {:?} holds a group",
                    item.attribute("data-id")
                );
                // Every item is placed by its tag's last attribute.
                let (name, value) = item
                    .attributes()
                    .next_back()
                    .map(|a| (a.name(), a.value()))
                    .unwrap();
                assert_eq!(name, "transform", "{classes}");
                let numbers = value
                    .strip_prefix("translate(")
                    .and_then(|v| v.strip_suffix(')'))
                    .unwrap();
                assert!(
                    numbers.split(' ').all(|n| n.parse::<f64>().is_ok()),
                    "{value}"
                );
            }
        }
        assert!(items > 0);
        // Inside tags, `>` only ever closes a tag: every one is escaped in attribute values.
        let mut in_value = false;
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' if !in_tag => in_tag = true,
                '"' if in_tag => in_value = !in_value,
                '>' if in_tag && in_value => panic!("a raw > inside an attribute value"),
                '>' if in_tag => in_tag = false,
                _ => {}
            }
        }
    }
}
