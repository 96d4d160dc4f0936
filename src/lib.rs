//! vpcmap reads AWS network documents and returns findings and diagrams.
//!
//! ```text
//!   import ──► model::Topology ─┬─► validate ──► validate::Report (findings)
//!                               ├─► reach    ──► reach::Trace, reach::Matrix
//!                               └─► layout   ──► layout::Layout ──► render ──► SVG text
//!   two topologies ──► diff ──► diff::Diff (resources, findings, reachability; a marked SVG)
//! ```
//!
//! Every stage is a pure function of its input; `wasm.rs` and `bin/` are the only edges that
//! know about JavaScript, files, standard output or exit codes. See ARCHITECTURE.md.

pub mod diff;
mod idmap;
pub mod import;
pub mod layout;
pub mod model;
pub mod reach;
pub mod render;
pub mod sample;
mod sort;
pub mod validate;
mod wasm;

pub use import::{import, ImportError, InputFile};
pub use model::Topology;

/// Lay out and draw a topology in one call, optionally with badges for its validation findings.
/// The CLI's `render` and the browser's `renderSvg` share it, so both give the same SVG.
pub fn render_document(
    topo: &Topology,
    theme: Option<&str>,
    with_findings: bool,
    title: Option<String>,
    omit_style: bool,
) -> String {
    render_marked(
        topo,
        theme,
        with_findings,
        title,
        omit_style,
        std::collections::BTreeMap::new(),
    )
}

/// Draw a change: the union of both sides (removed resources stay, in red; added ones are
/// green; changed ones outlined), laid out from the before side's order so unchanged boxes keep
/// their places. Finding badges are the after side's.
pub fn render_diff(
    before: &Topology,
    after: &Topology,
    change: &diff::Diff,
    theme: Option<&str>,
    omit_style: bool,
) -> String {
    let union = diff::union(before, after);
    let mut marks: std::collections::BTreeMap<String, Vec<render::Mark>> =
        std::collections::BTreeMap::new();
    for (id, status) in change.statuses() {
        let mark = match status {
            diff::Change::Added => render::Mark::Added,
            diff::Change::Removed => render::Mark::Removed,
            diff::Change::Changed => render::Mark::Changed,
        };
        marks.entry(id).or_default().push(mark);
    }
    // Route tables and network ACLs are not boxes: their changes show on their subnets.
    let mut subnet_changes: Vec<String> = Vec::new();
    for table in &union.route_tables {
        if marks.contains_key(table.id.as_str()) {
            subnet_changes.extend(table.subnets.iter().map(|s| s.to_string()));
        }
    }
    for acl in &union.network_acls {
        if marks.contains_key(acl.id.as_str()) {
            subnet_changes.extend(acl.subnets.iter().map(|s| s.to_string()));
        }
    }
    for subnet in subnet_changes {
        marks
            .entry(subnet)
            .or_insert_with(|| vec![render::Mark::Changed]);
    }
    let title = Some(format!("Network change: {}", diff::headline(change)));
    render_marked(&union, theme, true, title, omit_style, marks)
}

fn render_marked(
    topo: &Topology,
    theme: Option<&str>,
    with_findings: bool,
    title: Option<String>,
    omit_style: bool,
    marks: std::collections::BTreeMap<String, Vec<render::Mark>>,
) -> String {
    let report = with_findings.then(|| validate::run(topo));
    let (layout, options) = diagram(
        topo,
        theme,
        report.as_ref(),
        title,
        omit_style,
        marks,
        &mut layout::Memo::default(),
    );
    render::svg_with(&layout, &options)
}

/// The validation report and the SVG drawn with its badges, from one validation: what the
/// editor needs after every edit (`render_document` with findings would validate a second time).
/// `memo` carries the routes from one edit to the next ([`layout::run_reusing`]).
pub fn render_checked(
    topo: &Topology,
    theme: Option<&str>,
    title: Option<String>,
    omit_style: bool,
    memo: &mut layout::Memo,
) -> (validate::Report, String) {
    let report = validate::run(topo);
    let (layout, options) = diagram(
        topo,
        theme,
        Some(&report),
        title,
        omit_style,
        std::collections::BTreeMap::new(),
        memo,
    );
    let svg = render::svg_with(&layout, &options);
    (report, svg)
}

/// The layout and SVG options `render_document` draws: planned marks, badges for the findings of
/// `report` (none without one), theme.
fn diagram(
    topo: &Topology,
    theme: Option<&str>,
    report: Option<&validate::Report>,
    title: Option<String>,
    omit_style: bool,
    mut marks: std::collections::BTreeMap<String, Vec<render::Mark>>,
    memo: &mut layout::Memo,
) -> (layout::Layout, render::SvgOptions) {
    for planned in &topo.planned {
        marks
            .entry(planned.id.clone())
            .or_default()
            .push(render::Mark::Planned);
    }
    let layout = layout::run_reusing(topo, memo);
    let badges = if let Some(report) = report {
        report
            .findings
            .iter()
            // Accepted findings get no badge: the diagram shows what still needs attention.
            .filter(|finding| finding.suppressed.is_none())
            .flat_map(|finding| {
                finding.resources.iter().map(|resource| render::Badge {
                    resource: resource.clone(),
                    severity: finding.severity,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let theme = match theme {
        Some("light") => render::Theme::Light,
        Some("dark") => render::Theme::Dark,
        _ => render::Theme::Auto,
    };
    let title = title.or_else(|| topo.name.clone());
    (
        layout,
        render::SvgOptions {
            theme,
            badges,
            title,
            omit_style,
            marks,
        },
    )
}

/// As [`render_document`], as a PNG `scale` times the SVG's size (`theme` "dark", else light).
#[cfg(all(feature = "png", not(target_arch = "wasm32")))]
pub fn render_png(
    topo: &Topology,
    theme: Option<&str>,
    with_findings: bool,
    scale: f32,
    fonts: &render::png::Fonts,
) -> Result<render::png::Png, render::png::PngError> {
    let report = with_findings.then(|| validate::run(topo));
    let (layout, options) = diagram(
        topo,
        theme,
        report.as_ref(),
        None,
        false,
        std::collections::BTreeMap::new(),
        &mut layout::Memo::default(),
    );
    render::png::png(&layout, &options, scale, fonts)
}

/// Lay out a topology and write it as a draw.io (mxGraph XML) file: `vpcmap render --format
/// drawio` and the browser's `toDrawio`.
pub fn render_drawio(topo: &Topology, options: &render::DrawioOptions) -> String {
    let mut options = options.clone();
    if options.title.is_none() {
        options.title = topo.name.clone();
    }
    render::drawio(&layout::run(topo), &options)
}
