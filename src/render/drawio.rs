//! Layout → a draw.io file (mxGraph XML) that opens editable in draw.io / diagrams.net.
//!
//! One `<mxfile><diagram><mxGraphModel><root>` holding the two cells draw.io always has (`0`, the
//! root, and `1`, the default layer), then every box in layout order (parents first) and every
//! edge. Regions, accounts, VPCs, availability zones, subnets, on-premises networks and any box
//! with children are containers (`container=1`): draw.io moves a container's children with it,
//! so a child's `parent` is its container's cell and its geometry is relative to that cell, as
//! draw.io expects. Edges hang from layer `1`, so their `<Array as="points">` (the routed
//! polyline's interior points) are absolute; `edgeStyle=orthogonalEdgeStyle` keeps them
//! orthogonal when the user drags a box.
//!
//! Cell ids are the layout's ids behind a prefix (`v:vpc-…`, `e:peering:pcx-…`), so the same
//! document gives the same file and a cell is easy to find by its AWS id. Labels are plain text
//! (`html=0`: draw.io would otherwise interpret them as HTML), name and CIDR on two lines, and
//! every attribute goes through `escape`: names come from strangers' exports.
//! Colours are the light theme's (or the dark one's), resolved from the SVG stylesheet.

use super::escape::escape;
use super::svg::{num, Theme};
use super::theme::{colour, palette};
use crate::layout::{EdgeKind, Layout, LayoutEdge, LayoutNode, NodeKind};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Options for [`drawio`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrawioOptions {
    /// Whose colours (`Auto` is light: draw.io files carry fixed colours).
    pub theme: Theme,
    /// The diagram page's name (default: "AWS network").
    pub title: Option<String>,
}

/// Write `layout` as a draw.io file.
pub fn drawio(layout: &Layout, options: &DrawioOptions) -> String {
    let colours = palette(options.theme);
    let c = |name: &str| colour(&colours, name);
    let mut out = String::with_capacity(512 + layout.nodes.len() * 400 + layout.edges.len() * 300);
    let title = options.title.as_deref().unwrap_or("AWS network");
    let _ = write!(
        out,
        r#"<mxfile host="vpcmap" agent="vpcmap {version}"><diagram id="vpcmap" name="{title}"><mxGraphModel dx="0" dy="0" grid="1" gridSize="10" guides="1" tooltips="1" connect="1" arrows="1" fold="1" page="0" pageScale="1" pageWidth="{w}" pageHeight="{h}" background="{bg}" math="0" shadow="0"><root><mxCell id="0"/><mxCell id="1" parent="0"/>"#,
        version = env!("CARGO_PKG_VERSION"),
        title = escape(title),
        w = num(layout.width),
        h = num(layout.height),
        bg = c("bg"),
    );
    out.push('\n');

    let mut has_children: BTreeSet<&str> = BTreeSet::new();
    for node in &layout.nodes {
        if let Some(parent) = &node.parent {
            has_children.insert(parent.as_str());
        }
    }
    let mut ids = CellIds::default();
    // Cells written so far by layout id: a parent is written before its children (the layout's
    // contract); a parent that is missing or comes later leaves the child on the layer.
    let mut written: BTreeMap<&str, (String, &LayoutNode)> = BTreeMap::new();
    for node in &layout.nodes {
        let cell = ids.fresh("v", &node.id);
        let parent = node.parent.as_deref().and_then(|p| written.get(p));
        let (parent_cell, origin) = match parent {
            Some((cell, parent_node)) => (cell.as_str(), (parent_node.x, parent_node.y)),
            None => ("1", (0.0, 0.0)),
        };
        let container = is_container(node) || has_children.contains(node.id.as_str());
        let _ = writeln!(
            out,
            r#"<mxCell id="{id}" value="{value}" style="{style}" vertex="1" parent="{parent}"><mxGeometry x="{x}" y="{y}" width="{w}" height="{h}" as="geometry"/></mxCell>"#,
            id = escape(&cell),
            value = label(&node.label, node.detail.as_deref()),
            style = node_style(node, container, &c),
            parent = escape(parent_cell),
            x = num(node.x - origin.0),
            y = num(node.y - origin.1),
            w = num(node.width),
            h = num(node.height),
        );
        written.insert(node.id.as_str(), (cell, node));
    }
    for edge in &layout.edges {
        write_edge(&mut out, edge, &mut ids, &written, &c);
    }
    out.push_str("</root></mxGraphModel></diagram></mxfile>\n");
    out
}

fn write_edge(
    out: &mut String,
    edge: &LayoutEdge,
    ids: &mut CellIds,
    written: &BTreeMap<&str, (String, &LayoutNode)>,
    c: &dyn Fn(&str) -> &'static str,
) {
    let cell = ids.fresh("e", &edge.id);
    let mut ends = String::new();
    for (attribute, node_id) in [("source", &edge.source), ("target", &edge.target)] {
        if let Some((end_cell, _)) = written.get(node_id.as_str()) {
            let _ = write!(ends, r#" {attribute}="{}""#, escape(end_cell));
        }
    }
    let _ = write!(
        out,
        r#"<mxCell id="{id}" value="{value}" style="{style}" edge="1" parent="1"{ends}><mxGeometry relative="1" as="geometry">"#,
        id = escape(&cell),
        value = edge.label.as_deref().map(escape).unwrap_or_default(),
        style = edge_style(edge.kind, c),
    );
    // The polyline's ends, for a reader that ignores `source`/`target` (or when an end is
    // missing); draw.io itself attaches the edge to the cells' borders.
    if let (Some(first), Some(last)) = (edge.points.first(), edge.points.last()) {
        let _ = write!(
            out,
            r#"<mxPoint x="{}" y="{}" as="sourcePoint"/><mxPoint x="{}" y="{}" as="targetPoint"/>"#,
            num(first[0]),
            num(first[1]),
            num(last[0]),
            num(last[1])
        );
    }
    if edge.points.len() > 2 {
        out.push_str(r#"<Array as="points">"#);
        for point in &edge.points[1..edge.points.len() - 1] {
            let _ = write!(
                out,
                r#"<mxPoint x="{}" y="{}"/>"#,
                num(point[0]),
                num(point[1])
            );
        }
        out.push_str("</Array>");
    }
    out.push_str("</mxGeometry></mxCell>\n");
}

/// The cell's text: the name, and the detail (CIDRs) on a second line. Each part is escaped on
/// its own, since `escape` turns a newline into a space and `&#10;` is the one draw.io keeps.
fn label(name: &str, detail: Option<&str>) -> String {
    match detail {
        Some(detail) => format!("{}&#10;{}", escape(name), escape(detail)),
        None => escape(name),
    }
}

fn is_container(node: &LayoutNode) -> bool {
    matches!(
        node.kind,
        NodeKind::Region
            | NodeKind::Account
            | NodeKind::Vpc
            | NodeKind::Az
            | NodeKind::Subnet
            | NodeKind::Onprem
    )
}

/// The mxGraph style of a box, in the colours of the SVG's stylesheet. Fixed words only, so the
/// style needs no escaping beyond what `escape` does to the whole attribute.
fn node_style(node: &LayoutNode, container: bool, c: &dyn Fn(&str) -> &'static str) -> String {
    let (fill, stroke, extra) = match node.kind {
        NodeKind::Region => (
            c("region-fill"),
            c("region"),
            "dashed=1;dashPattern=6 4;strokeWidth=1.5;",
        ),
        NodeKind::Vpc => (c("vpc-fill"), c("vpc"), "strokeWidth=1.5;"),
        NodeKind::Az => (
            "none",
            c("az"),
            "dashed=1;dashPattern=3 3;fontSize=11;fontStyle=0;",
        ),
        NodeKind::Subnet if node.variant.as_deref() == Some("public") => {
            (c("public"), c("public-line"), "")
        }
        NodeKind::Subnet => (c("private"), c("private-line"), ""),
        NodeKind::Onprem => (c("onprem"), c("onprem-line"), "strokeWidth=1.5;"),
        NodeKind::Internet | NodeKind::Service => (c("node"), c("node-line"), "strokeWidth=1.5;"),
        _ => (c("node"), c("node-line"), ""),
    };
    let font = if node.kind == NodeKind::Az {
        c("muted")
    } else {
        c("fg")
    };
    let placement = if container {
        "container=1;collapsible=0;verticalAlign=top;align=left;spacingLeft=8;spacingTop=2;"
    } else {
        "verticalAlign=middle;align=center;"
    };
    let size = if node.kind == NodeKind::Az {
        ""
    } else {
        "fontSize=12;fontStyle=1;"
    };
    format!(
        "rounded=1;arcSize={arc};absoluteArcSize=1;whiteSpace=wrap;html=0;{placement}{size}{extra}fillColor={fill};strokeColor={stroke};fontColor={font};",
        arc = if container { 12 } else { 10 },
    )
}

/// The mxGraph style of an edge: orthogonal, no arrowheads (links in a network go both ways),
/// dashed for VPN and endpoints as in the SVG.
fn edge_style(kind: EdgeKind, c: &dyn Fn(&str) -> &'static str) -> String {
    let (stroke, extra) = match kind {
        EdgeKind::Peering => (c("peering"), "strokeWidth=2;"),
        EdgeKind::Vpn => (c("vpn"), "strokeWidth=2;dashed=1;dashPattern=7 4;"),
        EdgeKind::Dx => (c("dx"), "strokeWidth=3;"),
        EdgeKind::Endpoint => (c("endpoint"), "strokeWidth=2;dashed=1;dashPattern=2 3;"),
        EdgeKind::TgwAttachment => (c("tgw"), "strokeWidth=2;"),
        EdgeKind::Route => (c("route"), "strokeWidth=1.5;"),
    };
    format!(
        "edgeStyle=orthogonalEdgeStyle;rounded=0;orthogonalLoop=1;html=0;endArrow=none;startArrow=none;{extra}strokeColor={stroke};fontColor={fg};fontSize=11;labelBackgroundColor={bg};",
        fg = c("fg"),
        bg = c("bg"),
    )
}

/// Deterministic, unique cell ids: `prefix:layout-id`, with `#2`, `#3`… should a layout id
/// repeat (it should not; a repeat must still not make two cells one).
#[derive(Default)]
struct CellIds {
    used: BTreeSet<String>,
}

impl CellIds {
    fn fresh(&mut self, prefix: &str, id: &str) -> String {
        let base = format!("{prefix}:{id}");
        let mut candidate = base.clone();
        let mut n = 1;
        while self.used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}#{n}");
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::{label, CellIds};

    #[test]
    fn labels_keep_their_line_break_and_escape_each_part() {
        assert_eq!(label("a<b", Some("10.0.0.0/16")), "a&lt;b&#10;10.0.0.0/16");
        assert_eq!(label("a\nb", None), "a b");
    }

    #[test]
    fn repeated_ids_get_a_suffix() {
        let mut ids = CellIds::default();
        assert_eq!(ids.fresh("v", "x"), "v:x");
        assert_eq!(ids.fresh("v", "x"), "v:x#2");
        assert_eq!(ids.fresh("e", "x"), "e:x");
    }
}
