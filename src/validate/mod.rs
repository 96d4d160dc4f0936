//! Validation: topology → findings, by the rules of the catalog (`aws-rules.md` §1).
//!
//! `run` builds the lookups once (`context.rs`), runs every registered rule (`registry.rs`), and
//! sorts the findings — errors first, then by code, resources and message — so the same document
//! always gives the same report, whatever the order of its lists. Each rule family is a module
//! (`cidr`, `routes`, `gateways`, `peering`, `dns`, `state`, `vpn`, `dx`, `endpoints`,
//! `security_groups`, `nacl`, `mtu`, `advise`, `tgw`, `quotas`); `acl.rs` evaluates security
//! groups and ACLs for one packet; `catalog.rs` lists every public code, implemented or planned.
//! The document's suppressions are applied last (`suppress.rs`).

mod acl;
mod advise;
pub mod catalog;
mod cidr;
mod context;
mod dns;
mod dx;
mod endpoints;
mod finding;
mod gateways;
mod intervals;
mod mtu;
mod nacl;
mod peering;
mod plan;
mod quotas;
pub mod registry;
mod routes;
mod sarif;
mod security_groups;
mod state;
mod suppress;
mod text;
mod tgw;
mod vpn;

pub use finding::{Finding, Report, Severity, Summary, Suppressed};
pub use plan::{suggest_cidr, CidrQuery, CidrSuggestion, PlanError, MAX_COUNT};
pub use sarif::{file_uri, render_sarif};
pub use suppress::SUPPRESSION_UNUSED;
pub use text::render_text;

use crate::model::Topology;

/// Run every rule over the topology; findings come out in a deterministic order.
pub fn run(topo: &Topology) -> Report {
    run_observed(topo, &mut |_| {})
}

/// [`run`], calling `after_each` with a rule's code (the first of a shared function's codes)
/// after each rule function and with `"context"` after the lookups are built: the rule profile
/// (`cargo bench --bench rules`) reads a clock there. No clock in here: WASM has none. Never
/// inlined, so that a profiler can count exactly one run (`callgrind --toggle-collect`).
#[inline(never)]
pub fn run_observed(topo: &Topology, after_each: &mut dyn FnMut(&'static str)) -> Report {
    let ctx = context::Ctx::new(topo);
    after_each("context");
    let mut findings = Vec::new();
    registry::run_all(&ctx, &mut findings, after_each);
    sort(&mut findings);
    findings.dedup();
    if !topo.suppressions.is_empty() {
        suppress::apply(&topo.suppressions, &mut findings);
        sort(&mut findings);
    }
    Report::from_findings(findings)
}

fn sort(findings: &mut [Finding]) {
    crate::sort::sort_by(findings, |a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.resources.cmp(&b.resources))
            .then_with(|| a.message.cmp(&b.message))
    });
}
