//! Exports beside the SVG: PNG (resvg) and draw.io (mxGraph XML), through the library and the CLI.

use resvg::tiny_skia::Pixmap;
use serde_json::json;
use std::collections::BTreeMap;
use std::process::Command;
use vpcmap::layout::Layout;
use vpcmap::render::png::{Fonts, PngError};
use vpcmap::render::{drawio, DrawioOptions, Theme};

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// The IHDR chunk's width and height (it is always the first chunk, at byte 8).
fn ihdr_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// The `width`/`height` attributes of the SVG root, which the PNG must be `scale` times.
fn svg_size(svg: &str) -> (f64, f64) {
    let root = &svg[..svg.find('>').unwrap()];
    let attr = |name: &str| {
        let start = root.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        root[start..start + root[start..].find('"').unwrap()]
            .parse::<f64>()
            .unwrap()
    };
    (attr("width"), attr("height"))
}

/// Pixels by RGBA value.
fn histogram(pixmap: &Pixmap) -> BTreeMap<[u8; 4], usize> {
    let mut counts = BTreeMap::new();
    for pixel in pixmap.data().chunks_exact(4) {
        *counts
            .entry([pixel[0], pixel[1], pixel[2], pixel[3]])
            .or_default() += 1;
    }
    counts
}

/// Pixels much darker than the light background: text, icons, lines.
fn n_dark(pixmap: &Pixmap) -> usize {
    pixmap
        .data()
        .chunks_exact(4)
        .filter(|p| u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) < 200)
        .count()
}

fn system_fonts() -> Fonts {
    let fonts = Fonts::system();
    assert!(
        !fonts.is_empty(),
        "this machine has no fonts; install fonts-dejavu-core to run the PNG text tests"
    );
    fonts
}

#[test]
fn png_of_the_sample_is_the_svg_scaled_and_not_blank() {
    let topo = vpcmap::sample::topology();
    let (svg_w, svg_h) = svg_size(&vpcmap::render_document(
        &topo,
        Some("light"),
        true,
        None,
        false,
    ));
    let fonts = system_fonts();
    for scale in [1.0_f32, 2.0] {
        let png = vpcmap::render_png(&topo, Some("light"), true, scale, &fonts).unwrap();
        assert_eq!(&png.bytes[..8], &PNG_SIGNATURE);
        let expected = (
            (svg_w * f64::from(scale)).ceil() as u32,
            (svg_h * f64::from(scale)).ceil() as u32,
        );
        assert_eq!(ihdr_size(&png.bytes), expected, "scale {scale}");
        assert_eq!((png.width, png.height), expected);
        assert!(png.warnings.is_empty(), "{:?}", png.warnings);

        let pixmap = Pixmap::decode_png(&png.bytes).unwrap();
        let colours = histogram(&pixmap);
        let n_pixels = (pixmap.width() * pixmap.height()) as usize;
        let (background, n_background) = colours.iter().max_by_key(|(_, n)| **n).unwrap();
        assert_eq!(*background, [0xff, 0xff, 0xff, 0xff], "light background");
        assert!(*n_background < n_pixels * 9 / 10, "mostly empty");
        // Region, VPC, subnet fills and lines in several colours, plus anti-aliased text.
        assert!(colours.len() > 200, "{} colours", colours.len());
        // Each theme colour of a box fill is somewhere in the picture: the CSS was applied.
        for fill in [[0xfa, 0xf8, 0xfe], [0xe9, 0xf6, 0xec], [0xee, 0xf3, 0xfb]] {
            assert!(
                colours.keys().any(|c| c[..3] == fill),
                "fill {fill:02x?} missing: the stylesheet's colours did not reach resvg"
            );
        }
    }
}

#[test]
fn png_text_is_drawn_with_fonts_and_missing_fonts_only_warn() {
    let topo = vpcmap::sample::topology();
    let with_text = vpcmap::render_png(&topo, None, false, 1.0, &system_fonts()).unwrap();
    let without = vpcmap::render_png(&topo, None, false, 1.0, &Fonts::none()).unwrap();
    assert_eq!(&without.bytes[..8], &PNG_SIGNATURE);
    assert_eq!(
        (without.width, without.height),
        (with_text.width, with_text.height)
    );
    assert_eq!(without.warnings.len(), 1, "{:?}", without.warnings);
    assert!(without.warnings[0].contains("no fonts"));
    // Text is dark: the names and CIDRs of ~40 boxes add thousands of dark pixels (about 4,300
    // in Liberation Sans, against ~400 dark pixels of icons and badges without text).
    let dark_with = n_dark(&Pixmap::decode_png(&with_text.bytes).unwrap());
    let dark_without = n_dark(&Pixmap::decode_png(&without.bytes).unwrap());
    assert!(
        dark_with > dark_without * 4 && dark_with > dark_without + 2000,
        "text pixels: {dark_with} with fonts, {dark_without} without"
    );
}

#[test]
fn png_theme_is_forced_and_auto_is_light() {
    let topo = crate::fixture("layout/one-vpc.json");
    let corner = |theme: Option<&str>| {
        let png = vpcmap::render_png(&topo, theme, false, 1.0, &Fonts::none()).unwrap();
        let pixmap = Pixmap::decode_png(&png.bytes).unwrap();
        pixmap.data()[..4].to_vec()
    };
    assert_eq!(corner(Some("dark")), vec![0x0f, 0x14, 0x19, 0xff]);
    assert_eq!(corner(Some("light")), vec![0xff, 0xff, 0xff, 0xff]);
    assert_eq!(corner(None), vec![0xff, 0xff, 0xff, 0xff]);
}

#[test]
fn png_refuses_bad_and_huge_scales_with_an_error() {
    let topo = vpcmap::sample::topology();
    for scale in [0.0, -1.0, f32::NAN, f32::INFINITY] {
        let err = vpcmap::render_png(&topo, None, false, scale, &Fonts::none()).unwrap_err();
        assert!(matches!(err, PngError::Scale(_)), "{err}");
    }
    let err = vpcmap::render_png(&topo, None, false, 100.0, &Fonts::none()).unwrap_err();
    assert!(matches!(err, PngError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("smaller scale"), "{err}");
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vpcmap"))
        .args(args)
        .current_dir(crate::repo_root())
        .output()
        .unwrap()
}

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("vpcmap-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn cli_renders_png_at_a_scale() {
    let path = temp_path("sample.png");
    let out = cli(&[
        "render",
        "samples/two-regions.json",
        "--format",
        "png",
        "--scale",
        "2",
        "--theme",
        "dark",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..8], &PNG_SIGNATURE);
    let (svg_w, svg_h) = svg_size(&vpcmap::render_document(
        &vpcmap::sample::topology(),
        None,
        true,
        None,
        false,
    ));
    assert_eq!(
        ihdr_size(&bytes),
        ((svg_w * 2.0).ceil() as u32, (svg_h * 2.0).ceil() as u32)
    );
    let pixmap = Pixmap::decode_png(&bytes).unwrap();
    assert_eq!(&pixmap.data()[..4], &[0x0f, 0x14, 0x19, 0xff], "dark theme");

    // To standard output as raw bytes, too.
    let out = cli(&[
        "render",
        "tests/fixtures/layout/one-vpc.json",
        "--format",
        "png",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(&out.stdout[..8], &PNG_SIGNATURE);

    for (args, expected) in [
        (
            vec!["render", "samples/two-regions.json", "--scale", "2"],
            "--scale applies to --format png only",
        ),
        (
            vec![
                "render",
                "samples/two-regions.json",
                "--format",
                "png",
                "--scale",
                "0",
            ],
            "scale: expected a number above 0",
        ),
    ] {
        let out = cli(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    }
}

// ---- draw.io ----

fn drawio_of(topo: &vpcmap::Topology) -> (Layout, String) {
    let layout = vpcmap::layout::run(topo);
    let text = drawio(&layout, &DrawioOptions::default());
    (layout, text)
}

fn attr_f64(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("{name} missing on {node:?}"))
        .parse()
        .unwrap()
}

/// Every structural promise of the draw.io file, checked on the parsed XML against the layout.
fn check_drawio(layout: &Layout, text: &str) {
    let xml = roxmltree::Document::parse(text).unwrap();
    let mxfile = xml.root_element();
    assert_eq!(mxfile.tag_name().name(), "mxfile");
    let path: Vec<&str> = ["diagram", "mxGraphModel", "root"].to_vec();
    let mut node = mxfile;
    for name in path {
        let children: Vec<_> = node.children().filter(|c| c.is_element()).collect();
        assert_eq!(children.len(), 1, "one <{name}>");
        assert_eq!(children[0].tag_name().name(), name);
        node = children[0];
    }
    let cells: Vec<roxmltree::Node> = node.children().filter(|c| c.is_element()).collect();
    assert!(cells.iter().all(|c| c.tag_name().name() == "mxCell"));
    assert_eq!(cells[0].attribute("id"), Some("0"));
    assert_eq!(cells[0].attribute("parent"), None);
    assert_eq!(cells[1].attribute("id"), Some("1"));
    assert_eq!(cells[1].attribute("parent"), Some("0"));

    let mut by_id: BTreeMap<&str, roxmltree::Node> = BTreeMap::new();
    for cell in &cells {
        let id = cell.attribute("id").unwrap();
        assert!(by_id.insert(id, *cell).is_none(), "cell id {id} twice");
    }
    for cell in &cells[1..] {
        let parent = cell.attribute("parent").unwrap();
        assert!(by_id.contains_key(parent), "parent {parent} of {cell:?}");
    }

    let geometry = |cell: roxmltree::Node| {
        let g = cell
            .children()
            .find(|c| c.has_tag_name("mxGeometry"))
            .unwrap();
        (
            attr_f64(g, "x"),
            attr_f64(g, "y"),
            attr_f64(g, "width"),
            attr_f64(g, "height"),
        )
    };
    let vertices: Vec<_> = cells
        .iter()
        .filter(|c| c.attribute("vertex") == Some("1"))
        .collect();
    assert_eq!(vertices.len(), layout.nodes.len(), "every box once");
    for node in &layout.nodes {
        let cell = by_id[format!("v:{}", node.id).as_str()];
        assert_eq!(cell.attribute("vertex"), Some("1"));
        let expected_label = match &node.detail {
            Some(detail) => format!("{}\n{}", node.label, detail),
            None => node.label.clone(),
        };
        let value = cell.attribute("value").unwrap();
        assert_eq!(
            value.replace('\u{fffd}', ""),
            expected_label.replace(
                |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'),
                "",
            )
        );
        let style = cell.attribute("style").unwrap();
        assert!(style.contains("html=0;"), "labels are text: {style}");
        let (x, y, w, h) = geometry(cell);
        assert!((w - node.width).abs() < 0.051 && (h - node.height).abs() < 0.051);
        match &node.parent {
            Some(parent) => {
                let parent_cell = by_id[format!("v:{parent}").as_str()];
                assert_eq!(cell.attribute("parent"), parent_cell.attribute("id"));
                assert!(
                    parent_cell
                        .attribute("style")
                        .unwrap()
                        .contains("container=1;"),
                    "{parent} is a container"
                );
                let (_, _, pw, ph) = geometry(parent_cell);
                assert!(
                    x >= 0.0 && y >= 0.0 && x + w <= pw + 0.051 && y + h <= ph + 0.051,
                    "{} at {x},{y} {w}×{h} inside {parent} {pw}×{ph}",
                    node.id
                );
                // Relative to the parent: adding the parent's absolute corner gives the layout's.
                let parent_node = layout.nodes.iter().find(|n| &n.id == parent).unwrap();
                assert!((parent_node.x + x - node.x).abs() < 0.051, "{}", node.id);
                assert!((parent_node.y + y - node.y).abs() < 0.051, "{}", node.id);
            }
            None => {
                assert_eq!(cell.attribute("parent"), Some("1"));
                assert!((x - node.x).abs() < 0.051 && (y - node.y).abs() < 0.051);
            }
        }
    }

    let edges: Vec<_> = cells
        .iter()
        .filter(|c| c.attribute("edge") == Some("1"))
        .collect();
    assert_eq!(edges.len(), layout.edges.len());
    for edge in &layout.edges {
        let cell = by_id[format!("e:{}", edge.id).as_str()];
        assert_eq!(cell.attribute("parent"), Some("1"));
        for end in ["source", "target"] {
            let id = cell.attribute(end).unwrap();
            assert_eq!(by_id[id].attribute("vertex"), Some("1"), "{end} {id}");
        }
        assert_eq!(
            cell.attribute("source").unwrap(),
            format!("v:{}", edge.source)
        );
        assert_eq!(
            cell.attribute("target").unwrap(),
            format!("v:{}", edge.target)
        );
        assert!(cell
            .attribute("style")
            .unwrap()
            .contains("edgeStyle=orthogonalEdgeStyle;"));
        let g = cell
            .children()
            .find(|c| c.has_tag_name("mxGeometry"))
            .unwrap();
        let points: Vec<[f64; 2]> = g
            .children()
            .find(|c| c.has_tag_name("Array") && c.attribute("as") == Some("points"))
            .map(|array| {
                array
                    .children()
                    .filter(|c| c.has_tag_name("mxPoint"))
                    .map(|p| [attr_f64(p, "x"), attr_f64(p, "y")])
                    .collect()
            })
            .unwrap_or_default();
        let interior = &edge.points[1..edge.points.len() - 1];
        assert_eq!(points.len(), interior.len(), "{}", edge.id);
        for (got, want) in points.iter().zip(interior) {
            assert!(
                (got[0] - want[0]).abs() < 0.051 && (got[1] - want[1]).abs() < 0.051,
                "{}: {got:?} vs {want:?}",
                edge.id
            );
        }
    }
}

#[test]
fn drawio_goldens() {
    for case in ["one-vpc", "vpn-site"] {
        let topo = crate::fixture(&format!("layout/{case}.json"));
        crate::golden::check(&format!("{case}/diagram.drawio"), &drawio_of(&topo).1);
    }
}

#[test]
fn drawio_of_the_sample_and_the_batfish_snapshot_keep_containment_and_edges() {
    let (layout, text) = drawio_of(&vpcmap::sample::topology());
    assert!(layout.edges.iter().any(|e| e.points.len() > 2));
    check_drawio(&layout, &text);
    assert_eq!(
        text,
        drawio_of(&vpcmap::sample::topology()).1,
        "deterministic"
    );

    let dir = crate::shared_fixtures().join("batfish-hybrid-cloud");
    if dir.is_dir() {
        let topo = vpcmap::import(&crate::read_inputs(&dir)).unwrap().topology;
        let (layout, text) = drawio_of(&topo);
        assert!(layout.nodes.len() > 20);
        check_drawio(&layout, &text);
    }
}

#[test]
fn drawio_keeps_hostile_names_as_text() {
    let name = "<script>alert(1)</script>\"'&\u{202e}x";
    let doc = json!({"format": "vpcmap/1",
        "vpcs": [
            {"id": "vpc-a\"><mxCell id=\"evil", "name": name, "region": "us-east-1", "cidrs": ["10.0.0.0/16"]},
            {"id": "vpc-b", "name": "b&b", "region": "us-east-1", "cidrs": ["10.1.0.0/16"]}],
        "subnets": [{"id": "subnet-a", "name": "</mxCell><mxCell vertex=\"1\">", "vpc": "vpc-a\"><mxCell id=\"evil", "az": "us-east-1a", "cidr": "10.0.0.0/24"}],
        "vpcPeeringConnections": [{"id": "pcx-1", "name": "p<&>\"", "requester": {"vpc": "vpc-a\"><mxCell id=\"evil"}, "accepter": {"vpc": "vpc-b"}}]});
    let topo = vpcmap::import::native::from_value("hostile", doc).unwrap();
    let (layout, text) = drawio_of(&topo);
    assert!(!text.contains("<script"), "{text}");
    assert!(!text.contains("<mxCell id=\"evil"), "{text}");
    assert!(!text.contains('\u{202e}'));
    check_drawio(&layout, &text);
    let xml = roxmltree::Document::parse(&text).unwrap();
    let vpc = xml
        .descendants()
        .find(|n| n.attribute("id") == Some("v:vpc-a\"><mxCell id=\"evil"))
        .unwrap();
    assert_eq!(
        vpc.attribute("value").unwrap(),
        "<script>alert(1)</script>\"'&\u{fffd}x\n10.0.0.0/16"
    );
    let n_cells = xml
        .descendants()
        .filter(|n| n.has_tag_name("mxCell"))
        .count();
    assert_eq!(n_cells, 2 + layout.nodes.len() + layout.edges.len());
}

#[test]
fn drawio_dark_theme_uses_the_dark_palette() {
    let layout = vpcmap::layout::run(&crate::fixture("layout/one-vpc.json"));
    let dark = drawio(
        &layout,
        &DrawioOptions {
            theme: Theme::Dark,
            title: Some("t & <t>".to_string()),
        },
    );
    assert!(dark.contains("background=\"#0f1419\""));
    assert!(dark.contains("fillColor=#17142a;"), "dark VPC fill");
    assert!(dark.contains("name=\"t &amp; &lt;t&gt;\""));
    let light = drawio(&layout, &DrawioOptions::default());
    assert!(light.contains("fillColor=#faf8fe;"), "light VPC fill");
}

#[test]
fn cli_renders_drawio() {
    let out = cli(&["render", "samples/two-regions.json", "--format", "drawio"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        vpcmap::render_drawio(&vpcmap::sample::topology(), &DrawioOptions::default())
    );
    let layout = vpcmap::layout::run(&vpcmap::sample::topology());
    check_drawio(&layout, &text);
    assert!(text.contains("name=\"Two regions with hybrid connectivity\""));
}
