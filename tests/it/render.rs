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
