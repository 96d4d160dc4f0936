//! Rule `STATE_IGNORED`: resources in a terminal state (deleted, deleting, failed, rejected,
//! expired) are reported once, so a snapshot's leftovers are visible but do not pose as design.

use super::context::Ctx;
use super::{Finding, Severity};

/// A state in which a resource carries nothing (`deleted`, `deleting`, `failed`, `rejected`,
/// `expired`); other rules skip such resources.
pub(super) fn is_terminal(state: &str) -> bool {
    matches!(
        state.to_ascii_lowercase().as_str(),
        "deleted" | "deleting" | "failed" | "rejected" | "expired"
    )
}

/// ## What it checks
/// A peering, VPN connection, NAT gateway, virtual private gateway or VPC endpoint in a terminal
/// state (`deleted`, `deleting`, `failed`, `rejected`, `expired`), reported once per resource.
/// ## Why it matters
/// Such a resource carries no traffic; checks that assume it works skip it, so the snapshot's
/// leftovers are visible without posing as design.
/// ## Fix
/// Nothing, or remove it from the document. (Source: catalog "About", conventions.)
pub(super) fn state_ignored(ctx: &Ctx, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    let mut terminal: Vec<(&str, String)> = Vec::new();
    terminal.extend(
        topo.vpc_peering_connections
            .iter()
            .map(|r| (r.id.as_str(), r.status_code().into_owned())),
    );
    terminal.extend(
        topo.vpn_connections
            .iter()
            .filter_map(|r| Some((r.id.as_str(), r.state.clone()?))),
    );
    terminal.extend(
        topo.nat_gateways
            .iter()
            .filter_map(|r| Some((r.id.as_str(), r.state.clone()?))),
    );
    terminal.extend(
        topo.vpn_gateways
            .iter()
            .filter_map(|r| Some((r.id.as_str(), r.state.clone()?))),
    );
    terminal.extend(
        topo.vpc_endpoints
            .iter()
            .filter_map(|r| Some((r.id.as_str(), r.state.clone()?))),
    );
    for (id, state) in terminal {
        if is_terminal(&state) {
            out.push(ctx.finding(
                "STATE_IGNORED",
                Severity::Info,
                format!("{} is {state}; it carries no traffic and is left out of the checks that need it", ctx.label(id)),
                vec![id.to_string()],
                None,
            ));
        }
    }
}
