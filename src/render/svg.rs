//! Layout → one self-contained SVG document.
//!
//! No script, no external reference, every piece of text through `escape`. Nodes are drawn
//! parents first (so children paint over their containers), edges after all nodes, finding
//! badges last. Every node is a `<g>` with `data-id` / `data-kind` (the web front end selects by
//! them) and a `<title>` (read by screen readers and shown as a tooltip). Every node, edge and
//! badge `<g>` is put in place by a `transform` (the last attribute of its tag: a node's and a
//! badge's corner, an edge's first point) and draws in its own coordinates, so an item that
//! only moved differs in that one attribute, which the editor's redraw then sets instead of
//! parsing the item and laying its texts out again (`www/src/svg-patch.js`). Numbers are
//! written at the layout's one-decimal precision, so the same layout always gives the same bytes.

use super::escape::{escape, escape_into};
use super::icons::icon_path;
use super::theme::STYLE;
use crate::layout::geom::Rect;
use crate::layout::{Layout, LayoutEdge, LayoutNode, NodeKind};
use crate::validate::Severity;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Colour scheme of the SVG.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the viewer's `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

/// A finding badge: a dot on the node of a resource a finding names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    pub resource: String,
    pub severity: Severity,
}

/// A status drawn on a node or edge: what a change does to it, or that its id is not known yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// New in the change (green).
    Added,
    /// Gone after the change (red, faded).
    Removed,
    /// Still there, with different settings (outlined).
    Changed,
    /// Its id is known only after `terraform apply` (dashed).
    Planned,
}

impl Mark {
    /// The CSS class on the node's or edge's `<g>`.
    pub fn class(self) -> &'static str {
        match self {
            Mark::Added => "vm-added",
            Mark::Removed => "vm-removed",
            Mark::Changed => "vm-changed",
            Mark::Planned => "vm-planned",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Mark::Added => "added",
            Mark::Removed => "removed",
            Mark::Changed => "changed",
            Mark::Planned => "known after apply",
        }
    }
}

/// Rendering options.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SvgOptions {
    pub theme: Theme,
    /// Badges to draw; several on one node collapse into one of the highest severity.
    pub badges: Vec<Badge>,
    /// The diagram's accessible title (default: "AWS network diagram").
    pub title: Option<String>,
    /// Leave out the embedded `<style>`: for pages that style the diagram with `STYLE` themselves
    /// (a strict Content-Security-Policy blocks inline styles).
    pub omit_style: bool,
    /// Marks by node or edge id (a diff's status, or "known after apply"); several marks on one
    /// id all apply.
    pub marks: BTreeMap<String, Vec<Mark>>,
}

/// ` vm-added vm-planned` for an id, and the words for its tooltip.
fn mark_classes(marks: &BTreeMap<String, Vec<Mark>>, id: &str) -> (String, String) {
    let Some(list) = marks.get(id) else {
        return (String::new(), String::new());
    };
    let classes: String = list.iter().map(|m| format!(" {}", m.class())).collect();
    let words: Vec<&str> = list.iter().map(|m| m.words()).collect();
    (classes, format!(" [{}]", words.join(", ")))
}

pub(super) fn num(v: f64) -> String {
    let mut out = String::new();
    push_num(&mut out, v);
    out
}

/// Write `v` at the layout's one-decimal precision: tenths as an integer, written digit by
/// digit, the same text as `{}` of the rounded f64 ("12", "12.5", "-0.5", never "-0"), without
/// float formatting (or any `fmt` machinery) in the WASM. Layout coordinates are finite and far
/// inside i64; a non-finite value would draw as 0.
fn push_num(out: &mut String, v: f64) {
    let tenths = (v * 10.0).round() as i64;
    if tenths < 0 {
        out.push('-');
    }
    let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = whole;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
    if tenth != 0 {
        out.push('.');
        out.push(char::from(b'0' + tenth as u8));
    }
}

/// Appends to the SVG text: literal markup (`s`), numbers (`n`) and escaped text (`e`). The
/// items (nodes, edges, badges) are written with it rather than `write!`: it is most of the
/// redraw an editor makes after every edit, and the `fmt` machinery (dynamic calls, padding
/// checks, a `String` per number and per escaped text) was most of the SVG's time.
struct Out<'a>(&'a mut String);

impl Out<'_> {
    fn s(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    fn n(&mut self, v: f64) -> &mut Self {
        push_num(self.0, v);
        self
    }

    fn e(&mut self, text: &str) -> &mut Self {
        escape_into(self.0, text);
        self
    }

    /// Close an item's open tag with the `transform` that places it at (`x`, `y`): the last
    /// attribute, where the editor's patch finds it.
    fn place(&mut self, x: f64, y: f64) -> &mut Self {
        self.s(r#"" transform="translate("#)
            .n(x)
            .s(" ")
            .n(y)
            .s(r#")">"#)
    }
}

fn kind_words(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Region => "Region",
        NodeKind::Account => "Account",
        NodeKind::Vpc => "VPC",
        NodeKind::Az => "Availability zone",
        NodeKind::Subnet => "Subnet",
        NodeKind::InternetGateway => "Internet gateway",
        NodeKind::NatGateway => "NAT gateway",
        NodeKind::VpnGateway => "Virtual private gateway",
        NodeKind::CustomerGateway => "Customer gateway",
        NodeKind::TransitGateway => "Transit gateway",
        NodeKind::DxGateway => "Direct Connect gateway",
        NodeKind::DxConnection => "Direct Connect connection",
        NodeKind::VpcEndpoint => "VPC endpoint",
        NodeKind::Instance => "Instance",
        NodeKind::Onprem => "On-premises network",
        NodeKind::Service => "AWS service",
        NodeKind::Internet => "Internet",
    }
}

fn is_container(layout_children: &BTreeMap<&str, usize>, node: &LayoutNode) -> bool {
    matches!(
        node.kind,
        NodeKind::Region | NodeKind::Vpc | NodeKind::Az | NodeKind::Onprem | NodeKind::Account
    ) || (node.kind == NodeKind::Subnet)
        || layout_children.contains_key(node.id.as_str())
}

/// Render with default options.
pub fn svg(layout: &Layout) -> String {
    svg_with(layout, &SvgOptions::default())
}

/// Render with options (theme, finding badges, title).
pub fn svg_with(layout: &Layout, options: &SvgOptions) -> String {
    let mut out = String::with_capacity(256 + layout.nodes.len() * 400 + layout.edges.len() * 200);
    let theme_class = match options.theme {
        Theme::Auto => "",
        Theme::Light => " vm-theme-light",
        Theme::Dark => " vm-theme-dark",
    };
    let title = options.title.as_deref().unwrap_or("AWS network diagram");
    let count = |kind: NodeKind| layout.nodes.iter().filter(|n| n.kind == kind).count();
    let desc = format!(
        "{} regions, {} VPCs, {} subnets, {} connections",
        count(NodeKind::Region),
        count(NodeKind::Vpc),
        count(NodeKind::Subnet),
        layout.edges.len()
    );
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="vm-root{theme_class}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="vm-title vm-desc"><title id="vm-title">{title}</title><desc id="vm-desc">{desc}</desc>{style}<rect class="vm-bg" x="0" y="0" width="{w}" height="{h}"/>"#,
        w = num(layout.width),
        h = num(layout.height),
        title = escape(title),
        desc = escape(&desc),
        style = if options.omit_style {
            String::new()
        } else {
            format!("<style>{STYLE}</style>")
        },
    );
    let mut n_children: BTreeMap<&str, usize> = BTreeMap::new();
    for node in &layout.nodes {
        if let Some(parent) = &node.parent {
            *n_children.entry(parent.as_str()).or_default() += 1;
        }
    }
    out.push_str(r#"<g class="vm-nodes">"#);
    for node in &layout.nodes {
        write_node(
            &mut out,
            node,
            is_container(&n_children, node),
            &mark_classes(&options.marks, &node.id),
        );
    }
    out.push_str("</g><g class=\"vm-edges\">");
    let mut obstacles = Obstacles::new(layout);
    for edge in &layout.edges {
        write_edge(
            &mut out,
            edge,
            &mut obstacles,
            &mark_classes(&options.marks, &edge.id),
        );
    }
    out.push_str("</g>");
    write_badges(&mut out, layout, &options.badges);
    out.push_str("</svg>\n");
    out
}

fn write_node(out: &mut String, node: &LayoutNode, container: bool, marks: &(String, String)) {
    let kind = node.kind.as_str();
    let mut w = Out(out);
    w.s(r#"<g class="vm-node vm-kind-"#).s(kind);
    if let Some(variant) = &node.variant {
        w.s(" vm-").e(variant);
    }
    w.s(&marks.0)
        .s(r#"" data-id=""#)
        .e(&node.id)
        .s(r#"" data-kind=""#)
        .s(kind)
        .place(node.x, node.y)
        .s("<title>")
        .e(kind_words(node.kind))
        .s(": ")
        .e(&node.label)
        .s(" (")
        .e(&node.id)
        .s(")");
    if let Some(detail) = &node.detail {
        w.s(" ").e(detail);
    }
    w.e(&marks.1)
        .s(r#"</title><rect class="vm-box" x="0" y="0" width=""#)
        .n(node.width)
        .s(r#"" height=""#)
        .n(node.height)
        .s(if container {
            r#"" rx="6"/>"#
        } else {
            r#"" rx="5"/>"#
        });
    let icon = icon_path(node.kind);
    let icon_at = |w: &mut Out, path: &str, x: f64, y: f64| {
        w.s(r#"<path class="vm-icon" transform="translate("#)
            .n(x)
            .s(",")
            .n(y)
            .s(r#")" d=""#)
            .s(path)
            .s(r#""/>"#);
    };
    let text = |w: &mut Out, class: &str, x: f64, y: f64, content: &str| {
        w.s(r#"<text class=""#)
            .s(class)
            .s(r#"" x=""#)
            .n(x)
            .s(r#"" y=""#)
            .n(y)
            .s(r#"">"#)
            .e(content)
            .s("</text>");
    };
    if container {
        // Title at the top-left; the on-premises icon sits before its name.
        let mut text_x = 12.0;
        if let Some(path) = icon.filter(|_| node.kind == NodeKind::Onprem) {
            icon_at(&mut w, path, 10.0, 10.0);
            text_x += 26.0;
        }
        let label_y = if node.kind == NodeKind::Az {
            17.0
        } else {
            20.0
        };
        text(&mut w, "vm-label", text_x, label_y, &node.label);
        if let Some(detail) = &node.detail {
            text(&mut w, "vm-detail", text_x, label_y + 15.0, detail);
        }
    } else {
        let mut text_x = 10.0;
        if let Some(path) = icon {
            icon_at(&mut w, path, 8.0, node.height / 2.0 - 10.0);
            text_x = 34.0;
        }
        let middle = node.height / 2.0;
        match &node.detail {
            Some(detail) => {
                text(&mut w, "vm-label", text_x, middle - 2.0, &node.label);
                text(&mut w, "vm-detail", text_x, middle + 12.0, detail);
            }
            None => text(&mut w, "vm-label", text_x, middle + 4.5, &node.label),
        }
    }
    w.s("</g>");
}

fn write_edge(
    out: &mut String,
    edge: &LayoutEdge,
    obstacles: &mut Obstacles,
    marks: &(String, String),
) {
    let kind = edge.kind.as_str();
    let mut w = Out(out);
    w.s(r#"<g class="vm-edge vm-edge-"#)
        .s(kind)
        .s(&marks.0)
        .s(r#"" data-id=""#)
        .e(&edge.id)
        .s(r#"" data-kind=""#)
        .s(kind)
        .s(r#"" data-source=""#)
        .e(&edge.source)
        .s(r#"" data-target=""#)
        .e(&edge.target);
    // Placed at its first point, so an edge whose route only moved differs in its transform.
    let [x0, y0] = edge.points.first().copied().unwrap_or([0.0, 0.0]);
    w.place(x0, y0).s("<title>").s(kind);
    if let Some(label) = &edge.label {
        w.s(" ").e(label);
    }
    w.s(": ")
        .e(&edge.source)
        .s(" → ")
        .e(&edge.target)
        .e(&marks.1)
        .s(r#"</title><path d=""#);
    for (i, point) in edge.points.iter().enumerate() {
        w.s(if i == 0 { "M" } else { " L" })
            .n(relative(point[0], x0))
            .s(" ")
            .n(relative(point[1], y0));
    }
    w.s(r#""/>"#);
    if let Some(label) = &edge.label {
        if let Some((x, y, anchor)) = obstacles.place(&edge.points, label) {
            w.s(r#"<text class="vm-edge-label" x=""#)
                .n(relative(x, x0))
                .s(r#"" y=""#)
                .n(relative(y, y0))
                .s(r#"" text-anchor=""#)
                .s(anchor)
                .s(r#"">"#)
                .e(label)
                .s("</text>");
        }
    }
    w.s("</g>");
}

/// `v` in coordinates whose origin is at `origin`, both at the precision they are written with,
/// so the translation plus the relative number draws exactly where `v` alone would.
fn relative(v: f64, origin: f64) -> f64 {
    ((v * 10.0).round() - (origin * 10.0).round()) / 10.0
}

fn seg_len(pair: &[[f64; 2]]) -> f64 {
    (pair[0][0] - pair[1][0]).abs() + (pair[0][1] - pair[1][1]).abs()
}

/// Edge-label height and the size of the tiles of the obstacle index, in user units.
const LABEL_H: f64 = 14.0;
const TILE: f64 = 256.0;

/// What an edge label must not cover: leaf boxes and subnets, the title rows of containers, and
/// labels placed before it. Indexed by tiles so placing all labels stays near-linear.
///
/// The tiles are a grid over the drawing, at most [`MAX_TILES`] a side; a rectangle beyond it
/// (a pin far out, a label past the edge) counts in the border tiles. Since the map from a
/// coordinate to its tile is monotone, two rectangles that overlap always share a tile, so
/// which tiles there are changes only the speed, never an answer. A grid, not a map keyed by
/// tile: one less map type in the WASM.
struct Obstacles {
    rects: Vec<Rect>,
    /// Per tile, row-major, the indices of the rectangles touching it.
    tiles: Vec<Vec<usize>>,
    columns: i64,
    rows: i64,
}

/// Tiles per side of [`Obstacles`]' grid at most.
const MAX_TILES: i64 = 512;

impl Obstacles {
    fn new(layout: &Layout) -> Obstacles {
        let tiles_for = |extent: f64| ((extent / TILE).floor() as i64).clamp(0, MAX_TILES - 1) + 1;
        let (columns, rows) = (tiles_for(layout.width), tiles_for(layout.height));
        let mut obstacles = Obstacles {
            rects: Vec::new(),
            tiles: (0..columns * rows).map(|_| Vec::new()).collect(),
            columns,
            rows,
        };
        for node in &layout.nodes {
            let title_only = matches!(
                node.kind,
                NodeKind::Region
                    | NodeKind::Account
                    | NodeKind::Vpc
                    | NodeKind::Az
                    | NodeKind::Onprem
            );
            obstacles.add(Rect {
                x: node.x,
                y: node.y,
                w: node.width,
                h: if title_only {
                    node.height
                        .min(if node.detail.is_some() { 40.0 } else { 26.0 })
                } else {
                    node.height
                },
            });
        }
        obstacles
    }

    /// The grid indices of the tiles `rect` touches (none when it is inside out).
    fn tiles_of(&self, rect: &Rect) -> impl Iterator<Item = usize> {
        let tile = |v: f64| (v / TILE).floor() as i64;
        let (i0, i1, j0, j1) = (
            tile(rect.x),
            tile(rect.right()),
            tile(rect.y),
            tile(rect.bottom()),
        );
        let (columns, rows) = (self.columns, self.rows);
        let inside_out = i1 < i0 || j1 < j0;
        let (i0, i1) = (i0.clamp(0, columns - 1), i1.clamp(0, columns - 1));
        (j0.clamp(0, rows - 1)..=j1.clamp(0, rows - 1))
            .filter(move |_| !inside_out)
            .flat_map(move |j| {
                (i0..=i1).map(move |i| usize::try_from(j * columns + i).unwrap_or(0))
            })
    }

    fn add(&mut self, rect: Rect) {
        let idx = self.rects.len();
        self.rects.push(rect);
        for tile in self.tiles_of(&rect) {
            if let Some(members) = self.tiles.get_mut(tile) {
                members.push(idx);
            }
        }
    }

    fn is_free(&self, rect: &Rect) -> bool {
        self.tiles_of(rect).all(|tile| {
            self.tiles.get(tile).is_none_or(|members| {
                members
                    .iter()
                    .all(|&i| self.rects.get(i).is_none_or(|other| !other.overlaps(rect)))
            })
        })
    }

    /// Where to write an edge's label: above a horizontal stretch with room for it (longest
    /// first, then off-centre), else beside a vertical stretch; always on free ground. `None`
    /// when nowhere is free: the edge's `<title>` still carries the label.
    fn place(&mut self, points: &[[f64; 2]], label: &str) -> Option<(f64, f64, &'static str)> {
        let text_w = crate::layout::geom::text_width(label, 11.0) * 0.85;
        let mut segments: Vec<&[[f64; 2]]> = points.windows(2).collect();
        crate::sort::sort_by(&mut segments, |a, b| seg_len(b).total_cmp(&seg_len(a)));
        let mut candidates: Vec<(Rect, f64, f64, &'static str)> = Vec::new();
        for pair in &segments {
            let ([x0, y0], [x1, y1]) = (pair[0], pair[1]);
            if y0 == y1 && seg_len(pair) >= text_w + 12.0 {
                let (lo, hi) = (x0.min(x1), x0.max(x1));
                for f in [0.5, 0.25, 0.75] {
                    let cx = (lo + (hi - lo) * f)
                        .clamp(lo + text_w / 2.0 + 4.0, hi - text_w / 2.0 - 4.0);
                    let rect = Rect {
                        x: cx - text_w / 2.0 - 2.0,
                        y: y0 - 4.0 - LABEL_H + 3.0,
                        w: text_w + 4.0,
                        h: LABEL_H,
                    };
                    candidates.push((rect, cx, y0 - 4.0, "middle"));
                }
            }
        }
        for pair in &segments {
            let ([x0, y0], [x1, y1]) = (pair[0], pair[1]);
            if x0 == x1 && seg_len(pair) >= LABEL_H + 16.0 {
                let cy = (y0 + y1) / 2.0;
                let right = Rect {
                    x: x0 + 4.0,
                    y: cy - LABEL_H / 2.0,
                    w: text_w + 4.0,
                    h: LABEL_H,
                };
                candidates.push((right, x0 + 6.0, cy + 4.0, "start"));
                let left = Rect {
                    x: x0 - 8.0 - text_w,
                    y: cy - LABEL_H / 2.0,
                    w: text_w + 4.0,
                    h: LABEL_H,
                };
                candidates.push((left, x0 - 6.0, cy + 4.0, "end"));
            }
        }
        let (rect, x, y, anchor) = candidates.into_iter().find(|c| self.is_free(&c.0))?;
        self.add(rect);
        Some((x, y, anchor))
    }
}

fn write_badges(out: &mut String, layout: &Layout, badges: &[Badge]) {
    if badges.is_empty() {
        return;
    }
    let mut worst: BTreeMap<&str, (Severity, usize)> = BTreeMap::new();
    for badge in badges {
        let entry = worst
            .entry(badge.resource.as_str())
            .or_insert((badge.severity, 0));
        entry.0 = entry.0.max(badge.severity);
        entry.1 += 1;
    }
    out.push_str(r#"<g class="vm-badges">"#);
    for node in &layout.nodes {
        let Some((severity, n)) = worst.get(node.id.as_str()) else {
            continue;
        };
        let word = severity.to_string();
        Out(out)
            .s(r#"<g class="vm-badge vm-badge-"#)
            .s(&word)
            .s(r#"" data-id=""#)
            .e(&node.id)
            .place(node.x + node.width - 4.0, node.y + 4.0)
            .s("<title>")
            .n(*n as f64)
            .s(" finding(s), worst: ")
            .s(&word)
            .s(r#"</title><circle cx="0" cy="0" r="8"/><text x="0" y="4" text-anchor="middle">!</text></g>"#);
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::{num, Obstacles, Rect};

    #[test]
    fn obstacles_beyond_the_grid_still_block_what_overlaps_them() {
        let layout = crate::layout::Layout {
            width: 300.0,
            height: 300.0,
            nodes: Vec::new(),
            edges: Vec::new(),
        };
        let mut obstacles = Obstacles::new(&layout);
        let rect = |x: f64, y: f64| Rect {
            x,
            y,
            w: 40.0,
            h: 14.0,
        };
        for (x, y) in [(1.0e6, 5.0), (-900.0, -900.0), (100.0, 100.0)] {
            assert!(obstacles.is_free(&rect(x, y)));
            obstacles.add(rect(x, y));
            assert!(!obstacles.is_free(&rect(x + 39.0, y + 13.0)));
            assert!(obstacles.is_free(&rect(x + 40.0, y)));
            assert!(obstacles.is_free(&rect(x, y + 14.0)));
        }
        let inside_out = Rect {
            x: 110.0,
            y: 100.0,
            w: -30.0,
            h: 14.0,
        };
        assert!(obstacles.is_free(&inside_out));
    }

    #[test]
    fn num_writes_tenths_as_display_of_the_rounded_float_would() {
        let values = [
            0.0, -0.0, 0.04, -0.04, -0.05, 0.05, 1.0, 12.25, 12.35, -3.96, 1234.5, -0.5,
        ];
        let steps = (-20_000..20_000).map(|i| f64::from(i) * 0.037);
        for v in values.into_iter().chain(steps) {
            let expected = format!("{}", (v * 10.0).round() / 10.0 + 0.0);
            assert_eq!(num(v), expected, "for {v}");
        }
    }
}
