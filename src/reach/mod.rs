//! Reachability: can A reach B, hop by hop, and what would fix it (catalog §2).
//!
//! `trace` follows one flow through the model — security groups, network ACLs, route tables
//! (longest prefix with AWS's tie-breaks, `lpm.rs`), peerings, gateways, VPN, Direct Connect,
//! gateway endpoints and transit gateways (`walk.rs`) — then follows the reply back. Each hop
//! names what decided it; a blocked path names the first blocking component with a Reachability
//! Analyzer explanation code where one fits, and `fix.rs` proposes the smallest change (a route,
//! a rule, an ACL entry) and keeps it only if re-tracing with the change applied succeeds.
//!
//! `matrix` runs the same walk, without recording hops, for every pair of subnets, on-premises
//! networks, the internet and the AWS services the document uses.
//!
//! Like Reachability Analyzer, vpcmap sends no packets: the answer is only as good as the
//! document. Unlike it, vpcmap checks the reply direction too, works across Regions, on
//! on-premises endpoints and on designs that do not exist yet.

mod endpoint;
mod fix;
mod flow;
mod lpm;
mod matrix;
mod net;
mod text;
mod walk;

#[cfg(test)]
mod tests;

pub use fix::{apply, Change};

/// The catalog codes a trace reports as the rule behind a blocked path (`Blocked::rule`), with
/// what they find: rules about one flow, which a static check cannot decide. `docs/rules.md`
/// lists them as checked by trace; a test keeps this list equal to the codes `walk.rs` sets.
pub const TRACE_RULES: &[(&str, &str)] = &[
    (
        "DX_ALLOWED_PREFIX_NARROW",
        "Traffic to a VPC block the gateway association does not advertise",
    ),
    (
        "DX_NO_VGW_TO_VGW",
        "Traffic between two VPCs through one Direct Connect gateway",
    ),
    (
        "DX_NO_VIF_TO_VIF",
        "Traffic between two on-premises networks through Direct Connect",
    ),
    (
        "ENDPOINT_NOT_REACHABLE_FROM_DX",
        "Direct Connect traffic to a service through a gateway endpoint",
    ),
    (
        "ENDPOINT_NOT_REACHABLE_FROM_PEER",
        "Peered-VPC traffic to a service through a gateway endpoint",
    ),
    (
        "ENDPOINT_NOT_REACHABLE_FROM_VPN",
        "VPN traffic to a service through a gateway endpoint",
    ),
    (
        "ENDPOINT_PROTOCOL",
        "Non-TCP traffic to a service through a gateway endpoint",
    ),
    (
        "NACL_BLOCKS_FLOW",
        "A network ACL entry (or the final deny) drops the flow",
    ),
    (
        "NACL_STATELESS_RETURN",
        "A network ACL drops the reply of an allowed request",
    ),
    (
        "PEERING_CIDR_OVERLAP",
        "Traffic over a peering between overlapping VPCs",
    ),
    (
        "PEERING_EDGE_TO_EDGE",
        "Traffic over a peering on to the peer's gateways",
    ),
    (
        "PEERING_TRANSITIVE",
        "Traffic over a peering to a third network",
    ),
    ("ROUTE_BLACKHOLE", "The flow's route is a blackhole"),
    (
        "ROUTE_PCX_NOT_ACTIVE",
        "The flow's route points at a peering that is not active",
    ),
    ("SG_BLOCKS_FLOW", "No security group rule allows the flow"),
    (
        "VPN_TUNNEL_DOWN",
        "Every tunnel of the flow's VPN connection is down",
    ),
];
pub use flow::Protocol;
pub use matrix::{matrix, Matrix, MatrixCell, MatrixEndpoint, MatrixQuery};
pub use text::{render_matrix_csv, render_text};

use crate::model::Topology;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What to trace: `from` and `to` as the CLI takes them (an instance, network interface or
/// subnet id, an IP address, `internet`, an on-premises network's id, name or CIDR, or
/// `service:dynamodb` / `service:s3`, optionally `@region`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Query {
    pub from: String,
    pub to: String,
    /// `tcp`, `udp`, `icmp`, `all` or an IP protocol number; default `all`, or `tcp` when the
    /// destination is an AWS service (gateway endpoints carry TCP and ICMP only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Destination port (TCP/UDP) or ICMP type; default every port (443 for a service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

/// A query that names nothing the document has, or a protocol vpcmap cannot read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// `from`, `to`, `protocol` or `port`.
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--{}: {}", self.field, self.message)
    }
}

impl std::error::Error for QueryError {}

/// One end of a trace as resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointRef {
    pub id: String,
    /// `instance`, `network-interface`, `subnet`, `address`, `internet`, `onprem`, `service`, `vpc`.
    pub kind: String,
    pub label: String,
    /// The address the flow uses at this end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// One step of a path: the resource, what it did, and the rule or route that decided it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub resource: String,
    pub kind: String,
    /// `allow`, `route`, `cross`, `translate`, `deliver`, `deny`, `drop`.
    pub action: String,
    pub detail: String,
}

/// Why a path stops.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocked {
    /// A Reachability Analyzer explanation code where one fits, else a catalog rule code.
    pub code: String,
    /// The catalog rule behind it, when there is one (`PEERING_TRANSITIVE`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The component that blocks.
    pub resource: String,
    pub message: String,
    /// The smallest change found that makes the whole trace succeed, in words; only given when
    /// re-tracing with `changes` applied succeeded.
    pub fix: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

/// One direction of a trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leg {
    pub reachable: bool,
    pub hops: Vec<Hop>,
    pub blocked: Option<Blocked>,
}

/// The answer to a query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// Both directions work (the reply, when vpcmap can follow it).
    pub reachable: bool,
    pub from: EndpointRef,
    pub to: EndpointRef,
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    pub hops: Vec<Hop>,
    /// The first blocking component: on the way there, else on the way back.
    pub blocked: Option<Blocked>,
    /// The reply direction; `null` when the forward path is blocked or the reply cannot be
    /// followed (a peer VPC outside the document).
    #[serde(rename = "return")]
    pub reply: Option<Leg>,
}

/// Trace one flow, with a verified fix when it is blocked.
pub fn trace(topo: &Topology, query: &Query) -> Result<Trace, QueryError> {
    let mut trace = trace_only(topo, query)?;
    if !trace.reachable {
        if let Some((text, changes)) = fix::find(topo, query) {
            if let Some(blocked) = trace.blocked.as_mut() {
                blocked.fix = Some(text);
                blocked.changes = changes;
            }
        }
    }
    Ok(trace)
}

/// A topology indexed once for many traces (an editor between edits, benchmarks).
pub struct Index<'a> {
    net: net::Net<'a>,
}

impl<'a> Index<'a> {
    pub fn new(topo: &'a Topology) -> Index<'a> {
        Index {
            net: net::Net::new(topo),
        }
    }

    /// Trace one flow both ways, without searching for a fix.
    pub fn trace(&self, query: &Query) -> Result<Trace, QueryError> {
        let resolved = endpoint::resolve_query(&self.net, query)?;
        Ok(walk::run(&self.net, &resolved, true))
    }
}

/// Trace without looking for a fix.
pub(crate) fn trace_only(topo: &Topology, query: &Query) -> Result<Trace, QueryError> {
    Index::new(topo).trace(query)
}
