//! vpcmap reads AWS network documents and returns findings and diagrams.
//!
//! ```text
//!   import ──► model::Topology ─┬─► validate ──► validate::Report (findings)
//!                               ├─► reach    ──► reach::Trace, reach::Matrix
//!                               └─► layout   ──► layout::Layout ──► render ──► SVG text
//! ```
//!
//! Every stage is a pure function of its input; `wasm.rs` and `bin/` are the only edges that
//! know about JavaScript, files, standard output or exit codes. See ARCHITECTURE.md.

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
    let layout = layout::run(topo);
    let badges = if with_findings {
        validate::run(topo)
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
    render::svg_with(
        &layout,
        &render::SvgOptions {
            theme,
            badges,
            title,
            omit_style,
        },
    )
}
