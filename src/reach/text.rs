//! Plain-text renderings of a trace and a matrix: what the CLI prints, fit for a terminal, a CI
//! log or a screen reader.

use super::{Blocked, Hop, Matrix, Trace};
use std::fmt::Write;

/// ```text
/// trace web (i-0a1) → db (i-0b2), tcp 5432
///   1. sg-web              allow      egress rule tcp 5432 10.20.0.0/16
///   …
/// reachable: yes
/// ```
pub fn render_text(trace: &Trace) -> String {
    let mut out = String::new();
    let what = match trace.port {
        Some(port) => format!("{} {port}", trace.protocol),
        None => trace.protocol.clone(),
    };
    let _ = writeln!(
        out,
        "trace {} → {}, {what}",
        end_text(&trace.from),
        end_text(&trace.to)
    );
    hops_text(&mut out, &trace.hops);
    let forward_blocked = trace.reply.is_none() && trace.blocked.is_some();
    if forward_blocked {
        if let Some(blocked) = &trace.blocked {
            blocked_text(&mut out, blocked);
        }
    }
    if let Some(reply) = &trace.reply {
        let _ = writeln!(out, "return:");
        hops_text(&mut out, &reply.hops);
        if let Some(blocked) = &reply.blocked {
            blocked_text(&mut out, blocked);
        }
    }
    let _ = writeln!(
        out,
        "reachable: {}",
        if trace.reachable { "yes" } else { "no" }
    );
    out
}

fn end_text(end: &super::EndpointRef) -> String {
    match &end.address {
        Some(addr) if *addr != end.id => format!("{} [{addr}]", end.label),
        _ => end.label.clone(),
    }
}

fn hops_text(out: &mut String, hops: &[Hop]) {
    let width = hops
        .iter()
        .map(|h| h.resource.chars().count())
        .max()
        .unwrap_or(0);
    for (index, hop) in hops.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>2}. {:<width$}  {:<9}  {}",
            index + 1,
            hop.resource,
            hop.action,
            hop.detail
        );
    }
}

fn blocked_text(out: &mut String, blocked: &Blocked) {
    let rule = blocked
        .rule
        .as_ref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "blocked[{}{rule}] at {}: {}",
        blocked.code, blocked.resource, blocked.message
    );
    match &blocked.fix {
        Some(fix) => {
            let _ = writeln!(
                out,
                "  = fix: {fix} (checked by tracing again with the change)"
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  = no route, rule or ACL entry alone fixes this path: it needs another connection or resource"
            );
        }
    }
}

/// One CSV row per ordered pair: `from,to,reachable,code`.
pub fn render_matrix_csv(matrix: &Matrix) -> String {
    let mut out = String::from("from,to,reachable,code\n");
    for cell in &matrix.cells {
        let _ = writeln!(
            out,
            "{},{},{},{}",
            csv_field(&cell.from),
            csv_field(&cell.to),
            cell.reachable,
            cell.code.as_deref().unwrap_or("")
        );
    }
    out
}

/// Quote a field that holds a comma, a quote or a line break (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
