//! Rule family `nacl` (catalog §1.10): the static checks on network ACLs — associations, rule
//! numbers, rules that can never match, IPv6 coverage. Flows through ACLs are the tracer's
//! (`NACL_BLOCKS_FLOW`, `NACL_STATELESS_RETURN`). An ACL has at most 40 entries per direction
//! (quota), so comparing its entries pairwise stays small.

use super::context::Ctx;
use super::{Finding, Severity};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// The `*` default-deny entries AWS adds (32767 for IPv4, 32768 for IPv6).
fn is_default_deny(entry: &NaclEntry) -> bool {
    entry.rule_number >= 32767 && entry.action == RuleAction::Deny
}

/// ## What it checks
/// A subnet listed in the associations of more than one network ACL.
/// ## Why it matters
/// A subnet has exactly one network ACL at a time.
/// ## Fix
/// Keep one association (replacing an association moves the subnet). (Source: [VUG-nacl].)
pub(super) fn nacl_subnet_multi(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut by_subnet: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for nacl in &ctx.topo.network_acls {
        for subnet in &nacl.subnets {
            by_subnet
                .entry(subnet.as_str())
                .or_default()
                .insert(nacl.id.as_str());
        }
    }
    for (subnet, nacls) in by_subnet {
        if nacls.len() < 2 {
            continue;
        }
        let ids: Vec<String> = nacls.iter().map(ToString::to_string).collect();
        let mut resources = vec![subnet.to_string()];
        resources.extend(ids.iter().cloned());
        out.push(ctx.finding(
            "NACL_SUBNET_MULTI",
            Severity::Error,
            format!(
                "{} is associated with {} network ACLs ({}): a subnet has one",
                ctx.label(subnet),
                ids.len(),
                ids.join(", ")
            ),
            resources,
            Some(format!("keep one association for {subnet}")),
        ));
    }
}

/// ## What it checks
/// An entry whose rule number is outside 1–32766, other than AWS's `*` deny entries
/// (32767 IPv4, 32768 IPv6) (`NACL_RULE_NUMBER`), and two entries with the same number in the
/// same direction (`NACL_DUPLICATE_RULE_NUMBER`; AWS's default ACL numbers IPv4 and IPv6 rules
/// apart, 100 and 101, because numbers identify entries per direction).
/// ## Why it matters
/// CreateNetworkAclEntry refuses both.
/// ## Fix
/// Renumber the entry within 1–32766, leaving gaps (100, 110, …) for later rules.
/// (Source: [VUG-nacl], [API-ec2] CreateNetworkAclEntry.)
pub(super) fn nacl_rule_numbers(ctx: &Ctx, out: &mut Vec<Finding>) {
    for nacl in &ctx.topo.network_acls {
        let mut seen: BTreeMap<(bool, u32), usize> = BTreeMap::new();
        for entry in &nacl.entries {
            *seen.entry((entry.egress, entry.rule_number)).or_default() += 1;
            if (1..=32766).contains(&entry.rule_number) || is_default_deny(entry) {
                continue;
            }
            out.push(ctx.finding(
                "NACL_RULE_NUMBER",
                Severity::Error,
                format!(
                    "{} has the {} rule number {}, outside 1–32766",
                    ctx.label(nacl.id.as_str()),
                    if entry.egress { "outbound" } else { "inbound" },
                    entry.rule_number
                ),
                vec![nacl.id.to_string()],
                Some("number custom rules from 1 to 32766 (32767 and above are AWS's)".to_string()),
            ));
        }
        for ((egress, number), n) in seen {
            if n < 2 {
                continue;
            }
            out.push(ctx.finding(
                "NACL_DUPLICATE_RULE_NUMBER",
                Severity::Error,
                format!(
                    "{} has {n} {} rules numbered {number}: a number identifies one rule per direction",
                    ctx.label(nacl.id.as_str()),
                    if egress { "outbound" } else { "inbound" }
                ),
                vec![nacl.id.to_string()],
                Some(format!("renumber all but one of the rules numbered {number}")),
            ));
        }
    }
}

/// ## What it checks
/// A custom (non-default) network ACL associated with subnets that has no numbered rules (only
/// the `*` deny entries, or none).
/// ## Why it matters
/// A new custom ACL denies all inbound and outbound traffic until rules are added.
/// ## Fix
/// Add allow rules for the traffic the subnets need, in both directions (stateless).
/// (Source: [VUG-nacl].)
pub(super) fn nacl_custom_deny_all(ctx: &Ctx, out: &mut Vec<Finding>) {
    for nacl in ctx
        .topo
        .network_acls
        .iter()
        .filter(|n| !n.is_default && !n.subnets.is_empty())
        // A plan whose rules are known only at apply has not said "no rules".
        .filter(|n| !ctx.topo.is_unknown(n.id.as_str(), "entries"))
    {
        if nacl.entries.iter().any(|e| !is_default_deny(e)) {
            continue;
        }
        let mut resources = vec![nacl.id.to_string()];
        resources.extend(nacl.subnets.iter().map(ToString::to_string));
        out.push(ctx.finding(
            "NACL_CUSTOM_DENY_ALL",
            Severity::Warning,
            format!(
                "{} is a custom network ACL with no rules: it denies all traffic to and from {}",
                ctx.label(nacl.id.as_str()),
                nacl.subnets.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ),
            resources,
            Some("add allow rules for the traffic the subnets need, inbound and outbound (including ephemeral ports for replies)".to_string()),
        ));
    }
}

/// ## What it checks
/// A network ACL (with entries) of a VPC that has an IPv6 block, serving subnets, that has no
/// IPv6 allow entry in one direction.
/// ## Why it matters
/// A default ACL gets allow rules for IPv6 when the VPC gets IPv6, but only if it was never
/// modified; custom ACLs never do: IPv6 traffic of those subnets is denied.
/// ## Fix
/// Add IPv6 rules (e.g. `::/0`) mirroring the IPv4 ones. (Source: [VUG-nacl].)
pub(super) fn nacl_ipv6_missing(ctx: &Ctx, out: &mut Vec<Finding>) {
    for nacl in &ctx.topo.network_acls {
        let Some(vpc) = ctx.vpcs.get(nacl.vpc.as_str()) else {
            continue;
        };
        let serves = !nacl.subnets.is_empty() || nacl.is_default;
        if vpc.ipv6_cidrs.is_empty() || nacl.entries.is_empty() || !serves {
            continue;
        }
        let missing: Vec<&str> = [(false, "inbound"), (true, "outbound")]
            .into_iter()
            .filter(|(egress, _)| {
                !nacl.entries.iter().any(|e| {
                    e.egress == *egress && e.ipv6_cidr.is_some() && e.action == RuleAction::Allow
                })
            })
            .map(|(_, name)| name)
            .collect();
        if missing.is_empty() {
            continue;
        }
        out.push(ctx.finding(
            "NACL_IPV6_MISSING",
            Severity::Warning,
            format!(
                "{} has no {} IPv6 allow rule, but {} has IPv6: its subnets' IPv6 traffic is denied",
                ctx.label(nacl.id.as_str()),
                missing.join(" or "),
                ctx.label(vpc.id.as_str())
            ),
            vec![nacl.id.to_string(), vpc.id.to_string()],
            Some("add IPv6 rules (e.g. ::/0) mirroring the IPv4 ones, in both directions".to_string()),
        ));
    }
}

fn protocol_of(entry: &NaclEntry) -> Option<i32> {
    entry.protocol.trim().parse().ok()
}

/// The port (or ICMP type) range of an entry, all when not given.
fn range(from: Option<i32>, to: Option<i32>) -> (i32, i32) {
    (
        from.filter(|v| *v >= 0).unwrap_or(0),
        to.filter(|v| *v >= 0).unwrap_or(65535),
    )
}

/// `earlier` matches every packet `later` matches.
fn covers(earlier: &NaclEntry, later: &NaclEntry) -> bool {
    let addresses = match (earlier.cidr, later.cidr, earlier.ipv6_cidr, later.ipv6_cidr) {
        (Some(a), Some(b), _, _) => b.within(&a),
        (_, _, Some(a), Some(b)) => b.within(&a),
        _ => false,
    };
    let (Some(p_earlier), Some(p_later)) = (protocol_of(earlier), protocol_of(later)) else {
        return false;
    };
    if !addresses || !(p_earlier == -1 || p_earlier == p_later) {
        return false;
    }
    match p_earlier {
        6 | 17 => {
            let (a0, a1) = range(earlier.from_port, earlier.to_port);
            let (b0, b1) = range(later.from_port, later.to_port);
            a0 <= b0 && b1 <= a1
        }
        1 | 58 => {
            let all = |t: Option<i32>| t.is_none_or(|t| t < 0);
            (all(earlier.icmp_type) || earlier.icmp_type == later.icmp_type)
                && (all(earlier.icmp_code) || earlier.icmp_code == later.icmp_code)
        }
        _ => true,
    }
}

/// ## What it checks
/// An entry that can never match because a lower-numbered entry in the same direction matches
/// every packet it would (its block, protocol and port range are covered). AWS's `*` entries are
/// left out.
/// ## Why it matters
/// The first match wins: the later rule is dead, and often the one the author meant to apply.
/// ## Fix
/// Renumber it before the covering rule, or remove it. (Source: [VUG-nacl] first match wins.)
pub(super) fn nacl_rule_shadowed(ctx: &Ctx, out: &mut Vec<Finding>) {
    for nacl in &ctx.topo.network_acls {
        for egress in [false, true] {
            let mut entries: Vec<&NaclEntry> = nacl
                .entries
                .iter()
                .filter(|e| e.egress == egress && !is_default_deny(e))
                .collect();
            crate::sort::sort_by_key(&mut entries, |e| e.rule_number);
            for (i, later) in entries.iter().enumerate() {
                let Some(earlier) = entries[..i].iter().find(|earlier| {
                    earlier.rule_number < later.rule_number && covers(earlier, later)
                }) else {
                    continue;
                };
                out.push(ctx.finding(
                    "NACL_RULE_SHADOWED",
                    Severity::Info,
                    format!(
                        "{} rule {} of {} never matches: rule {} before it matches everything it would",
                        if egress { "outbound" } else { "inbound" },
                        later.rule_number,
                        ctx.label(nacl.id.as_str()),
                        earlier.rule_number
                    ),
                    vec![nacl.id.to_string()],
                    Some(format!(
                        "renumber rule {} below {}, or remove it",
                        later.rule_number, earlier.rule_number
                    )),
                ));
            }
        }
    }
}

/// ## What it checks
/// An entry whose protocol is `-1` or a number other than 6, 17 and 1 but that gives a port
/// range (ports are ignored: all are allowed), or protocol 58 (ICMPv6) with an IPv4 block (all
/// ICMP types are allowed).
/// ## Why it matters
/// The entry allows (or denies) more than it seems to.
/// ## Fix
/// Use protocol 6 or 17 for port-specific rules. (Source: [API-ec2] CreateNetworkAclEntry.)
pub(super) fn nacl_protocol_ports(ctx: &Ctx, out: &mut Vec<Finding>) {
    for nacl in &ctx.topo.network_acls {
        for entry in nacl.entries.iter().filter(|e| !is_default_deny(e)) {
            let Some(protocol) = protocol_of(entry) else {
                continue;
            };
            let with_ports = entry.from_port.is_some_and(|p| p > 0)
                || entry.to_port.is_some_and(|p| (0..65535).contains(&p));
            let what = if protocol == 58 && entry.cidr.is_some() {
                "protocol 58 (ICMPv6) with an IPv4 block, which matches every ICMP type"
            } else if ![6, 17, 1].contains(&protocol) && with_ports {
                "a port range on a protocol without ports, so every port matches"
            } else {
                continue;
            };
            out.push(ctx.finding(
                "NACL_PROTOCOL_PORTS",
                Severity::Info,
                format!(
                    "{} rule {} of {} has {what}",
                    if entry.egress { "outbound" } else { "inbound" },
                    entry.rule_number,
                    ctx.label(nacl.id.as_str())
                ),
                vec![nacl.id.to_string()],
                Some("use protocol 6 (TCP) or 17 (UDP) for a rule that should match only some ports".to_string()),
            ));
        }
    }
}

/// ## What it checks
/// A network ACL deny entry of its own (not the `*` rule) whose IPv4 block lies inside the
/// block of a subnet that uses the ACL: a rule meant to filter traffic within the subnet.
/// ## Why it matters
/// ACLs are evaluated when traffic enters or leaves a subnet, never within it: the rule does
/// not stop traffic between instances of the same subnet.
/// ## Fix
/// Use security groups to filter traffic within a subnet. (Source: [VUG-nacl].)
pub(super) fn nacl_semantics(ctx: &Ctx, out: &mut Vec<Finding>) {
    for nacl in &ctx.topo.network_acls {
        let denies: Vec<&NaclEntry> = nacl
            .entries
            .iter()
            .filter(|e| e.action == RuleAction::Deny && e.rule_number < 32767 && e.cidr.is_some())
            .collect();
        if denies.is_empty() {
            continue;
        }
        let subnets = ctx
            .hybrid
            .subnets_by_vpc
            .get(nacl.vpc.as_str())
            .into_iter()
            .flatten();
        for subnet in subnets.filter(|s| ctx.subnet_nacl(s).is_some_and(|a| a.id == nacl.id)) {
            let Some(block) = subnet.cidr else {
                continue;
            };
            let Some(entry) = denies
                .iter()
                .find(|e| e.cidr.is_some_and(|c| c.within(&block)))
            else {
                continue;
            };
            out.push(ctx.finding(
                "NACL_SEMANTICS",
                Severity::Info,
                format!(
                    "{} rule {} denies {}, inside its own subnet {}: network ACLs filter traffic entering or leaving a subnet, never traffic within it",
                    ctx.label(nacl.id.as_str()),
                    entry.rule_number,
                    entry.cidr.map(|c| c.to_string()).unwrap_or_default(),
                    ctx.label(subnet.id.as_str())
                ),
                vec![nacl.id.to_string(), subnet.id.to_string()],
                Some(format!(
                    "filter traffic between instances of {} with security groups",
                    subnet.id
                )),
            ));
        }
    }
}
