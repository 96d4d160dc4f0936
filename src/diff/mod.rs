//! Network diff: what a change does to a network, as data.
//!
//! `run(before, after)` compares two topologies — two snapshots, a snapshot and a plan, or a
//! Terraform plan's prior and planned states — and returns a [`Diff`]: resources added, removed
//! and changed (by id, with the changed fields named), validation findings the change
//! introduces and resolves (compared by rule code and resources, so a reworded message is not a
//! change), and reachability changes between endpoints (subnets, on-premises networks, the
//! internet, services). Renderers (`text.rs`: plain text and Markdown for a PR comment) and the
//! diagram's status map ([`Diff::statuses`]) are functions of the `Diff`; the CLI only prints
//! and picks the exit code (1 when an error finding is introduced).
//!
//! Resources are compared on their native-format JSON, so a change is exactly what
//! `vpcmap convert` would show differing; kinds come out in the document's order of lists and
//! ids in sorted order, so the same pair always gives the same diff.

mod text;

pub use text::{headline, reach_sentence, render_markdown, render_text};

use crate::model::Topology;
use crate::reach;
use crate::validate::{self, Finding, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What happened to a resource.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    /// The one-character mark of text output (`+`, `-`, `~`).
    pub fn mark(self) -> char {
        match self {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
        }
    }
}

/// One resource that differs between the two sides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ResourceChange {
    pub id: String,
    /// What it is, in words: `subnet`, `route table`, …
    pub kind: String,
    /// Its `Name` tag (after the change, else before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub change: Change,
    /// For a change: the fields that differ (`routes`, `cidr`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

/// A pair of endpoints whose reachability differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReachChange {
    pub from: String,
    pub to: String,
    /// Display labels of the two endpoints.
    pub from_label: String,
    pub to_label: String,
    pub before: bool,
    pub after: bool,
    /// The resources the path goes through on the side where it is reachable (peerings,
    /// gateways), or where it stops on the other side.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// Why it is blocked on the side where it is not reachable (a finding code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Counts for the headline and the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DiffSummary {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub introduced: usize,
    /// Introduced findings of severity error: a non-zero count fails CI.
    pub introduced_errors: usize,
    pub resolved: usize,
    pub reachable_now: usize,
    pub unreachable_now: usize,
}

/// The result of [`run`]; the `--format json` output of `vpcmap diff`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diff {
    pub resources: Vec<ResourceChange>,
    /// Findings after the change that were not there before.
    pub introduced: Vec<Finding>,
    /// Findings before the change that are gone after it.
    pub resolved: Vec<Finding>,
    pub reachability: Vec<ReachChange>,
    pub summary: DiffSummary,
}

impl Diff {
    /// Every resource id with its change, for the diagram.
    pub fn statuses(&self) -> BTreeMap<String, Change> {
        self.resources
            .iter()
            .map(|r| (r.id.clone(), r.change))
            .collect()
    }
}

/// The lists of the native format, with the word for one item. Keys are the camelCase
/// serde names of `Topology`'s fields.
const KINDS: &[(&str, &str)] = &[
    ("vpcs", "VPC"),
    ("subnets", "subnet"),
    ("routeTables", "route table"),
    ("internetGateways", "internet gateway"),
    ("natGateways", "NAT gateway"),
    ("vpcPeeringConnections", "peering connection"),
    ("vpnGateways", "virtual private gateway"),
    ("customerGateways", "customer gateway"),
    ("vpnConnections", "VPN connection"),
    ("dxConnections", "Direct Connect connection"),
    ("virtualInterfaces", "virtual interface"),
    ("dxGateways", "Direct Connect gateway"),
    (
        "dxGatewayAssociations",
        "Direct Connect gateway association",
    ),
    ("vpcEndpoints", "VPC endpoint"),
    ("prefixLists", "prefix list"),
    ("securityGroups", "security group"),
    ("networkAcls", "network ACL"),
    ("transitGateways", "transit gateway"),
    ("transitGatewayAttachments", "transit gateway attachment"),
    ("transitGatewayRouteTables", "transit gateway route table"),
    ("instances", "instance"),
    ("networkInterfaces", "network interface"),
    ("onPremNetworks", "on-premises network"),
];

fn items_by_id<'a>(doc: &'a Value, key: &str) -> BTreeMap<&'a str, &'a Value> {
    doc.get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| Some((item.get("id")?.as_str()?, item)))
                .collect()
        })
        .unwrap_or_default()
}

fn item_name(item: &Value) -> Option<String> {
    item.get("name").and_then(Value::as_str).map(str::to_string)
}

fn changed_fields(before: &Value, after: &Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter(|key| before.get(*key) != after.get(*key))
        .map(|key| key.to_string())
        .collect()
}

/// One topology holding both sides, for a diagram of the change: every list in the before
/// side's order with each item replaced by its after version, then the items only the after
/// side has. Removed resources stay (the diagram draws them in red), and the layout, which
/// places boxes in list order, keeps unchanged boxes where the before picture had them as far
/// as the added ones allow.
pub fn union(before: &Topology, after: &Topology) -> Topology {
    let (Value::Object(old), Value::Object(mut new)) = (as_value(before), as_value(after)) else {
        return after.clone();
    };
    let keys: BTreeSet<String> = old.keys().chain(new.keys()).cloned().collect();
    for key in keys {
        let (Some(Value::Array(was)), now) = (old.get(&key), new.get(&key)) else {
            continue;
        };
        let now: Vec<Value> = match now {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        let id_of = |item: &Value| {
            item.get("id")
                .or_else(|| item.get("name"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let now_by_id: BTreeMap<String, &Value> = now
            .iter()
            .filter_map(|item| Some((id_of(item)?, item)))
            .collect();
        let mut merged: Vec<Value> = Vec::with_capacity(was.len() + now.len());
        let mut seen = BTreeSet::new();
        for item in was {
            let id = id_of(item);
            let chosen = id.as_ref().and_then(|id| now_by_id.get(id)).copied();
            merged.push(chosen.unwrap_or(item).clone());
            if let Some(id) = id {
                seen.insert(id);
            }
        }
        for item in now {
            if id_of(&item).is_none_or(|id| !seen.contains(&id)) && !merged.contains(&item) {
                merged.push(item);
            }
        }
        new.insert(key, Value::Array(merged));
    }
    crate::import::native::from_value("union", Value::Object(new)).unwrap_or_else(|_| after.clone())
}

/// A topology as a JSON tree. Through the text form on purpose: `serde_json::to_value` would
/// compile a second serializer for every model type, ~75 KB gzip of WASM for no gain here.
fn as_value(topo: &Topology) -> Value {
    serde_json::to_string(topo)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null)
}

/// Resources added, removed and changed, kind by kind.
pub fn resource_changes(before: &Topology, after: &Topology) -> Vec<ResourceChange> {
    let before_doc = as_value(before);
    let after_doc = as_value(after);
    let mut out = Vec::new();
    for (key, kind) in KINDS {
        let old = items_by_id(&before_doc, key);
        let new = items_by_id(&after_doc, key);
        let ids: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        for id in ids {
            let (change, fields, item) = match (old.get(id), new.get(id)) {
                (None, Some(item)) => (Change::Added, Vec::new(), *item),
                (Some(item), None) => (Change::Removed, Vec::new(), *item),
                (Some(was), Some(now)) if was != now => {
                    (Change::Changed, changed_fields(was, now), *now)
                }
                _ => continue,
            };
            out.push(ResourceChange {
                id: id.to_string(),
                kind: kind.to_string(),
                name: item_name(item),
                change,
                fields,
            });
        }
    }
    out
}

fn finding_key(finding: &Finding) -> (String, Vec<String>) {
    (finding.code.clone(), finding.resources.clone())
}

/// Findings only in `after` (introduced) and only in `before` (resolved).
pub fn finding_changes(before: &[Finding], after: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    let old: BTreeSet<_> = before.iter().map(finding_key).collect();
    let new: BTreeSet<_> = after.iter().map(finding_key).collect();
    let introduced = after
        .iter()
        .filter(|f| !old.contains(&finding_key(f)))
        .cloned()
        .collect();
    let resolved = before
        .iter()
        .filter(|f| !new.contains(&finding_key(f)))
        .cloned()
        .collect();
    (introduced, resolved)
}

/// Route hops worth naming in "can now reach … over …": what joins networks, not the subnets
/// and tables on the way.
const VIA_PREFIXES: &[&str] = &[
    "pcx-", "tgw-", "vgw-", "igw-", "eigw-", "nat-", "vpce-", "vpn-", "dxvif-", "dxcon-",
];

fn via(topo: &Topology, from: &str, to: &str) -> Vec<String> {
    let query = reach::Query {
        from: from.to_string(),
        to: to.to_string(),
        protocol: None,
        port: None,
    };
    let Ok(trace) = reach::trace_only(topo, &query) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for hop in &trace.hops {
        let joins = VIA_PREFIXES.iter().any(|p| hop.resource.starts_with(p))
            && !hop.resource.starts_with("tgw-rtb-")
            && !hop.resource.starts_with("tgw-attach-");
        if joins && !out.contains(&hop.resource) {
            out.push(hop.resource.clone());
        }
    }
    out
}

/// Pairs of endpoints (subnets, on-premises networks, the internet, services) whose
/// reachability differs, from `reach::matrix` of both sides with the default flow (all
/// traffic; TCP 443 to services). An endpoint on one side only counts as unreachable on the
/// other. Each change names the gateways and peerings of the path on its reachable side, and the
/// blocking code on the other.
pub fn reach_changes(before: &Topology, after: &Topology) -> Vec<ReachChange> {
    let query = reach::MatrixQuery::default();
    let (Ok(old), Ok(new)) = (reach::matrix(before, &query), reach::matrix(after, &query)) else {
        return Vec::new();
    };
    let mut labels: BTreeMap<&str, String> = BTreeMap::new();
    for end in old.endpoints.iter().chain(&new.endpoints) {
        labels
            .entry(end.id.as_str())
            .or_insert_with(|| endpoint_label(end));
    }
    let old_cells: BTreeMap<(&str, &str), &reach::MatrixCell> = old
        .cells
        .iter()
        .map(|c| ((c.from.as_str(), c.to.as_str()), c))
        .collect();
    let new_cells: BTreeMap<(&str, &str), &reach::MatrixCell> = new
        .cells
        .iter()
        .map(|c| ((c.from.as_str(), c.to.as_str()), c))
        .collect();
    let keys: BTreeSet<(&str, &str)> = old_cells.keys().chain(new_cells.keys()).copied().collect();
    let mut out = Vec::new();
    for (from, to) in keys {
        let was = old_cells.get(&(from, to));
        let now = new_cells.get(&(from, to));
        let before_ok = was.is_some_and(|c| c.reachable);
        let after_ok = now.is_some_and(|c| c.reachable);
        if before_ok == after_ok {
            continue;
        }
        let (via_side, blocked_cell) = if after_ok {
            (after, was)
        } else {
            (before, now)
        };
        let label = |id: &str| labels.get(id).cloned().unwrap_or_else(|| id.to_string());
        out.push(ReachChange {
            from: from.to_string(),
            to: to.to_string(),
            from_label: label(from),
            to_label: label(to),
            before: before_ok,
            after: after_ok,
            via: via(via_side, from, to),
            code: blocked_cell.and_then(|c| c.code.clone()),
        });
    }
    // Gains first, then losses; each in endpoint-id order.
    out.sort_by(|a, b| {
        b.after
            .cmp(&a.after)
            .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
    });
    out
}

fn endpoint_label(end: &reach::MatrixEndpoint) -> String {
    match end.kind.as_str() {
        "subnet" => format!("subnet {}", end.label),
        "onprem" => format!("on-premises {}", end.label),
        _ => end.label.clone(),
    }
}

/// Compare two topologies: resources, findings and reachability.
pub fn run(before: &Topology, after: &Topology) -> Diff {
    let resources = resource_changes(before, after);
    let before_report = validate::run(before);
    let after_report = validate::run(after);
    let (introduced, resolved) = finding_changes(&before_report.findings, &after_report.findings);
    let reachability = reach_changes(before, after);
    let count = |change: Change| resources.iter().filter(|r| r.change == change).count();
    let summary = DiffSummary {
        added: count(Change::Added),
        removed: count(Change::Removed),
        changed: count(Change::Changed),
        introduced: introduced.len(),
        introduced_errors: introduced
            .iter()
            // A suppressed finding was accepted by the document's authors: it does not fail CI.
            .filter(|f| f.severity == Severity::Error && f.suppressed.is_none())
            .count(),
        resolved: resolved.len(),
        reachable_now: 0,
        unreachable_now: 0,
    };
    let mut diff = Diff {
        resources,
        introduced,
        resolved,
        reachability,
        summary,
    };
    diff.summary.reachable_now = diff.reachability.iter().filter(|r| r.after).count();
    diff.summary.unreachable_now = diff.reachability.iter().filter(|r| !r.after).count();
    diff
}
