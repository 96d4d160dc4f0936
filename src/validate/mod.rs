//! Validation: topology → findings. (Being built: registry and first rule families.)

mod finding;

pub use finding::{Finding, Report, Severity, Summary};

use crate::model::Topology;

/// Run every rule over the topology; findings come out in a deterministic order.
pub fn run(_topo: &Topology) -> Report {
    Report::default()
}

/// Render a report as plain text. (Being built.)
pub fn render_text(report: &Report) -> String {
    format!("{} findings", report.findings.len())
}
