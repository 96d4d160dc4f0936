//! Validation: topology → findings, by the rules of the catalog (`aws-rules.md` §1).
//!
//! `run` builds the lookups once (`context.rs`), runs every registered rule (`registry.rs`), and
//! sorts the findings — errors first, then by code, resources and message — so the same document
//! always gives the same report, whatever the order of its lists. Each rule family is a module
//! (`cidr`, `peering`, `state`, `tgw`, `quotas`, …); `catalog.rs` lists every public code, implemented or planned.

pub mod catalog;
mod cidr;
mod context;
mod finding;
mod intervals;
mod peering;
mod plan;
mod quotas;
pub mod registry;
mod state;
mod text;
mod tgw;

pub use finding::{Finding, Report, Severity, Summary};
pub use text::render_text;

use crate::model::Topology;

/// Run every rule over the topology; findings come out in a deterministic order.
pub fn run(topo: &Topology) -> Report {
    let ctx = context::Ctx::new(topo);
    let mut findings = Vec::new();
    registry::run_all(&ctx, &mut findings);
    crate::sort::sort_by(&mut findings, |a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.resources.cmp(&b.resources))
            .then_with(|| a.message.cmp(&b.message))
    });
    findings.dedup();
    Report::from_findings(findings)
}
