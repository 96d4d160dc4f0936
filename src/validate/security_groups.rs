//! Rule family `security-groups` (catalog §1.9): the static checks on security groups — where
//! they are used, what their rules say and whom they reference. Whether a given flow passes is
//! the tracer's business (`SG_BLOCKS_FLOW`).

use super::context::Ctx;
use super::{Finding, Severity};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// ## What it checks
/// An instance or network interface that uses a security group (in the document) of a VPC other
/// than its subnet's.
/// ## Why it matters
/// A security group belongs to one VPC and can be used only by resources in it; AWS refuses it.
/// ## Fix
/// Use a group of the resource's own VPC (copy the rules). (Source: [VUG-sg], [VUG-sgs].)
pub(super) fn sg_vpc_mismatch(ctx: &Ctx, out: &mut Vec<Finding>) {
    // `Ctx::subnets`, rather than a table of every subnet built here (the first copy of a
    // duplicated id wins, as everywhere in `Ctx`; imported documents have no duplicates).
    let users = ctx
        .topo
        .instances
        .iter()
        .map(|i| (i.id.as_str(), i.subnet.as_str(), &i.security_groups))
        .chain(
            ctx.topo
                .network_interfaces
                .iter()
                .map(|e| (e.id.as_str(), e.subnet.as_str(), &e.security_groups)),
        );
    for (user, subnet, groups) in users {
        let Some(vpc) = ctx.subnets.get(subnet).map(|s| s.vpc.as_str()) else {
            continue;
        };
        for group in groups {
            let Some(sg) = ctx.hybrid.security_groups.get(group.as_str()) else {
                continue;
            };
            if sg.vpc.as_str() == vpc {
                continue;
            }
            out.push(ctx.finding(
                "SG_VPC_MISMATCH",
                Severity::Error,
                format!(
                    "{} in {} uses {}, a security group of {}",
                    ctx.label(user),
                    ctx.label(vpc),
                    ctx.label(group.as_str()),
                    ctx.label(sg.vpc.as_str())
                ),
                vec![user.to_string(), group.to_string(), vpc.to_string()],
                Some(format!("use a security group of {vpc} with the same rules")),
            ));
        }
    }
}

/// ## What it checks
/// A rule that references a security group (in the document, or whose VPC the reference names)
/// of another VPC that no peering joins to the rule's VPC (a peering in another Region or not
/// active yet is left to `PEERING_SG_REF_CROSS_REGION` and `PEERING_SG_REF_NOT_ACTIVE`).
/// Inbound rules referencing groups of VPCs that share a transit gateway are not judged:
/// transit gateways can reference groups (`SecurityGroupReferencingSupport`), an option the
/// model does not carry. Outbound rules are: AWS supports group references over a transit
/// gateway in inbound rules only (docs/catalog-review.md).
/// ## Why it matters
/// A rule can reference groups of its own VPC or of an actively peered VPC in the same Region
/// only; otherwise AWS refuses it (or it is stale and matches nothing).
/// ## Fix
/// Use the other VPC's CIDR in the rule, or peer the VPCs. (Source: [VUG-sg-rules], [PG-sg].)
pub(super) fn sg_ref_not_peered(ctx: &Ctx, out: &mut Vec<Finding>) {
    // Any live peering counts: a cross-Region or not-yet-active one is the peering family's
    // `PEERING_SG_REF_CROSS_REGION` / `PEERING_SG_REF_NOT_ACTIVE`, not this rule.
    // Both indexes are built at the first reference to another VPC's group: most documents
    // reference groups of their own VPC or none.
    type Indexes<'a> = (
        BTreeSet<(&'a str, &'a str)>,
        BTreeMap<&'a str, BTreeSet<&'a str>>,
    );
    let build = || -> Indexes {
        let mut peered: BTreeSet<(&str, &str)> = BTreeSet::new();
        for pcx in &ctx.topo.vpc_peering_connections {
            if super::state::is_terminal(&pcx.status_code()) {
                continue;
            }
            let (a, b) = (pcx.requester.vpc.as_str(), pcx.accepter.vpc.as_str());
            peered.insert((a.min(b), a.max(b)));
        }
        let mut on_tgw: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for attachment in ctx
            .topo
            .transit_gateway_attachments
            .iter()
            .filter(|a| a.resource_type == "vpc")
        {
            on_tgw
                .entry(attachment.resource.as_str())
                .or_default()
                .insert(attachment.transit_gateway.as_str());
        }
        (peered, on_tgw)
    };
    let mut indexes: Option<Indexes> = None;
    for sg in &ctx.topo.security_groups {
        let mut reported: BTreeSet<&str> = BTreeSet::new();
        let rules = (sg.ingress.iter().map(|rule| (rule, true)))
            .chain(sg.egress.iter().map(|rule| (rule, false)));
        for (rule, inbound) in rules {
            for reference in &rule.groups {
                let other_vpc = reference.vpc.as_ref().map(VpcId::as_str).or_else(|| {
                    ctx.hybrid
                        .security_groups
                        .get(reference.group.as_str())
                        .map(|g| g.vpc.as_str())
                });
                let Some(other_vpc) = other_vpc else {
                    continue;
                };
                let (a, b) = (sg.vpc.as_str(), other_vpc);
                if a == b {
                    continue;
                }
                let (peered, on_tgw) = indexes.get_or_insert_with(build);
                if peered.contains(&(a.min(b), a.max(b))) {
                    continue;
                }
                let shared_tgw = match (on_tgw.get(a), on_tgw.get(b)) {
                    (Some(x), Some(y)) => !x.is_disjoint(y),
                    _ => false,
                };
                if (shared_tgw && inbound) || !reported.insert(reference.group.as_str()) {
                    continue;
                }
                out.push(ctx.finding(
                    "SG_REF_NOT_PEERED",
                    Severity::Error,
                    format!(
                        "{} references {} of {}, which is not peered with {} in the same Region{}",
                        ctx.label(sg.id.as_str()),
                        ctx.label(reference.group.as_str()),
                        ctx.label(other_vpc),
                        ctx.label(sg.vpc.as_str()),
                        if shared_tgw {
                            " (their transit gateway carries group references in inbound rules only)"
                        } else {
                            ""
                        }
                    ),
                    vec![sg.id.to_string(), reference.group.to_string(), other_vpc.to_string()],
                    Some(format!("use {other_vpc}'s CIDR in the rule instead of its group, or peer the VPCs (same Region)")),
                ));
            }
        }
    }
}

/// ## What it checks
/// A security group without outbound rules.
/// ## Why it matters
/// New groups start with allow-all egress; without any outbound rule, nothing leaves the
/// interfaces that use only this group (responses to inbound traffic still do: stateful).
/// ## Fix
/// Add the outbound rules the workload needs (e.g. TCP 443 to the services it calls).
/// (Source: [VUG-sg-rules].)
pub(super) fn sg_no_egress(ctx: &Ctx, out: &mut Vec<Finding>) {
    for sg in ctx
        .topo
        .security_groups
        .iter()
        .filter(|s| s.egress.is_empty())
        // A plan whose egress rules are known only at apply has not said "no rules".
        .filter(|s| !ctx.topo.is_unknown(s.id.as_str(), "egress"))
    {
        out.push(ctx.finding(
            "SG_NO_EGRESS",
            Severity::Warning,
            format!(
                "{} has no outbound rules: interfaces that use only it cannot start any outbound connection",
                ctx.label(sg.id.as_str())
            ),
            vec![sg.id.to_string(), sg.vpc.to_string()],
            Some("add the outbound rules the workload needs, or the default allow-all rule (-1 → 0.0.0.0/0)".to_string()),
        ));
    }
}

fn allows_port(rule: &SgRule, port: i32) -> bool {
    let protocol = rule.protocol.to_ascii_lowercase();
    match protocol.as_str() {
        "-1" | "all" => true,
        "tcp" | "6" => {
            rule.from_port.is_none_or(|f| f < 0 || f <= port)
                && rule.to_port.is_none_or(|t| t < 0 || port <= t)
        }
        _ => false,
    }
}

/// ## What it checks
/// An inbound rule allowing TCP 22 (SSH) or 3389 (RDP) — or all traffic — from `0.0.0.0/0` or
/// `::/0`.
/// ## Why it matters
/// Administrative ports open to the whole internet are scanned and attacked within minutes.
/// ## Fix
/// Allow them only from your administration network, or use Session Manager or EC2 Instance
/// Connect instead. (Source: [VUG-sg], [VUG-sg-rules].)
pub(super) fn sg_open_admin_ports(ctx: &Ctx, out: &mut Vec<Finding>) {
    for sg in &ctx.topo.security_groups {
        let mut open: BTreeSet<&str> = BTreeSet::new();
        for rule in &sg.ingress {
            let from_anywhere = rule.cidrs.iter().any(|c| c.prefix_len() == 0)
                || rule.ipv6_cidrs.iter().any(|c| c.prefix_len() == 0);
            if !from_anywhere {
                continue;
            }
            if allows_port(rule, 22) {
                open.insert("SSH (22)");
            }
            if allows_port(rule, 3389) {
                open.insert("RDP (3389)");
            }
        }
        if open.is_empty() {
            continue;
        }
        let what: Vec<&str> = open.into_iter().collect();
        out.push(ctx.finding(
            "SG_OPEN_ADMIN_PORTS",
            Severity::Warning,
            format!(
                "{} allows {} from anywhere",
                ctx.label(sg.id.as_str()),
                what.join(" and ")
            ),
            vec![sg.id.to_string(), sg.vpc.to_string()],
            Some("allow administrative ports only from your administration network, or use Session Manager / EC2 Instance Connect".to_string()),
        ));
    }
}

/// ## What it checks
/// A rule whose protocol is not `tcp`, `udp`, `icmp`, `icmpv6`, a number 0–255 or `-1`; a TCP or
/// UDP rule without a port range or with `FromPort` above `ToPort` or outside 0–65535; a
/// single-address rule written with another prefix than /32 or /128 is not checkable (CIDRs are
/// blocks) and is not reported.
/// ## Why it matters
/// AuthorizeSecurityGroupIngress/Egress refuses such rules.
/// ## Fix
/// Give TCP/UDP rules a port range (0–65535 for all). (Source: [VUG-sg-rules], [API-ec2] `IpPermission`.)
pub(super) fn sg_rule_format(ctx: &Ctx, out: &mut Vec<Finding>) {
    for sg in &ctx.topo.security_groups {
        for (direction, rules) in [("inbound", &sg.ingress), ("outbound", &sg.egress)] {
            for rule in rules.iter() {
                let protocol = rule.protocol.trim().to_ascii_lowercase();
                let named = matches!(
                    protocol.as_str(),
                    "tcp" | "udp" | "icmp" | "icmpv6" | "-1" | "all"
                );
                let number = protocol.parse::<i32>().ok();
                let problem = if !named
                    && !number.is_some_and(|n| (0..=255).contains(&n) || n == -1)
                {
                    Some(format!("has the protocol {:?}, which is not tcp, udp, icmp, icmpv6, a number 0–255 or -1", rule.protocol))
                } else if matches!(protocol.as_str(), "tcp" | "udp" | "6" | "17") {
                    match (rule.from_port, rule.to_port) {
                        (Some(from), Some(to))
                            if (0..=65535).contains(&from)
                                && (0..=65535).contains(&to)
                                && from <= to =>
                        {
                            None
                        }
                        (Some(from), Some(to)) => Some(format!(
                            "has the port range {from}–{to}, which is not within 0–65535 in order"
                        )),
                        _ => Some(format!("is a {protocol} rule without a port range")),
                    }
                } else {
                    None
                };
                let Some(problem) = problem else {
                    continue;
                };
                out.push(ctx.finding(
                    "SG_RULE_FORMAT",
                    Severity::Error,
                    format!("an {direction} rule of {} {problem}", ctx.label(sg.id.as_str())),
                    vec![sg.id.to_string()],
                    Some("use tcp/udp with a port range (0–65535 for all ports), icmp/icmpv6, a protocol number, or -1 for all".to_string()),
                ));
            }
        }
    }
}

/// ## What it checks
/// A group name (`GroupName`) that starts with `sg-`, is longer than 255 characters, uses a
/// character outside `a–z A–Z 0–9`, space and `._-:/()#,@[]+=&;{}!$*`, or is used by another
/// group of the same VPC.
/// ## Why it matters
/// CreateSecurityGroup refuses it.
/// ## Fix
/// Rename the group (a new group: names cannot be edited). (Source: [VUG-sg].)
pub(super) fn sg_name_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    const ALLOWED: &str = " ._-:/()#,@[]+=&;{}!$*";
    let mut by_name: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for sg in &ctx.topo.security_groups {
        let Some(name) = &sg.name else {
            continue;
        };
        by_name
            .entry((sg.vpc.as_str(), name.as_str()))
            .or_default()
            .push(sg.id.as_str());
        let problem = if name.to_ascii_lowercase().starts_with("sg-") {
            Some("starts with \"sg-\"".to_string())
        } else if name.chars().count() > 255 {
            Some("is longer than 255 characters".to_string())
        } else {
            name.chars()
                .find(|c| !(c.is_ascii_alphanumeric() || ALLOWED.contains(*c)))
                .map(|c| format!("contains {c:?}"))
        };
        if let Some(problem) = problem {
            out.push(ctx.finding(
                "SG_NAME_INVALID",
                Severity::Error,
                format!("the name of {} {problem}", ctx.label(sg.id.as_str())),
                vec![sg.id.to_string()],
                Some("use up to 255 of a–z, A–Z, 0–9, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with sg-".to_string()),
            ));
        }
    }
    for ((vpc, name), mut ids) in by_name {
        if ids.len() < 2 {
            continue;
        }
        crate::sort::sort(&mut ids);
        let mut resources: Vec<String> = ids.iter().map(ToString::to_string).collect();
        resources.push(vpc.to_string());
        out.push(ctx.finding(
            "SG_NAME_INVALID",
            Severity::Error,
            format!(
                "{} security groups of {} are named {name:?} ({}): names are unique per VPC",
                ids.len(),
                ctx.label(vpc),
                ids.join(", ")
            ),
            resources,
            Some(format!("give {} another name", ids[1..].join(", "))),
        ));
    }
}

/// ## What it checks
/// A network interface or instance that is a route target (a middlebox, a NAT instance)
/// whose security groups, all in the document, have no inbound rules.
/// ## Why it matters
/// A group without inbound rules (the default for a new group) accepts nothing initiated from
/// outside: the traffic the route sends to the appliance is dropped at its interface.
/// ## Fix
/// Add inbound rules for the traffic the appliance forwards (e.g. all traffic from the VPC's
/// blocks). (Source: [VUG-sg-rules].)
pub(super) fn sg_no_ingress(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for table in &ctx.topo.route_tables {
        for route in &table.routes {
            let (target, groups) = match &route.target {
                RouteTarget::NetworkInterface(id) => match ctx.enis.get(id.as_str()) {
                    Some(eni) => (id.as_str(), &eni.security_groups),
                    None => continue,
                },
                RouteTarget::Instance(id) => match ctx.instances.get(id.as_str()) {
                    Some(instance) => (id.as_str(), &instance.security_groups),
                    None => continue,
                },
                _ => continue,
            };
            if groups.is_empty() || !seen.insert(target) {
                continue;
            }
            let known: Option<Vec<&SecurityGroup>> = groups
                .iter()
                .map(|g| ctx.hybrid.security_groups.get(g.as_str()).copied())
                .collect();
            let Some(known) = known else {
                continue;
            };
            let closed = known
                .iter()
                .all(|g| g.ingress.is_empty() && !ctx.topo.is_unknown(g.id.as_str(), "ingress"));
            if !closed {
                continue;
            }
            let mut resources = vec![target.to_string()];
            resources.extend(groups.iter().map(|g| g.to_string()));
            resources.push(table.id.to_string());
            out.push(ctx.finding(
                "SG_NO_INGRESS",
                Severity::Info,
                format!(
                    "{} is the target of {} in {}, but its security groups ({}) have no inbound rules: the traffic routed to it is dropped",
                    ctx.label(target),
                    route.destination,
                    ctx.label(table.id.as_str()),
                    groups.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(", ")
                ),
                resources,
                Some(format!(
                    "add an inbound rule to {} for the traffic it forwards (e.g. all traffic from {}'s blocks)",
                    groups[0], table.vpc
                )),
            ));
        }
    }
}

/// An ephemeral-port range, as an inbound rule written for return traffic uses: from 1024 or
/// higher up to 60999 or higher.
fn ephemeral_range(rule: &SgRule) -> bool {
    let protocol = rule.protocol.to_ascii_lowercase();
    matches!(protocol.as_str(), "tcp" | "6" | "udp" | "17")
        && rule.from_port.is_some_and(|f| f >= 1024)
        && rule.to_port.is_some_and(|t| t >= 60999)
}

/// ## What it checks
/// A security group with an inbound rule for an ephemeral port range (e.g. TCP 1024–65535)
/// from a block that its own outbound rules already allow traffic to: a rule written for the
/// replies of outbound connections, as a network ACL needs.
/// ## Why it matters
/// Security groups are stateful: replies to an allowed flow are allowed whatever the rules say.
/// The inbound rule is not needed for replies, and it opens those ports to new connections.
/// ## Fix
/// Remove the inbound rule unless something listens on those ports. (Source: [VUG-sg].)
pub(super) fn sg_stateful(ctx: &Ctx, out: &mut Vec<Finding>) {
    for sg in &ctx.topo.security_groups {
        let egress: Vec<&Cidr4> = sg.egress.iter().flat_map(|r| r.cidrs.iter()).collect();
        if egress.is_empty() {
            continue;
        }
        let mirrored = sg
            .ingress
            .iter()
            .filter(|r| ephemeral_range(r))
            .find_map(|r| {
                r.cidrs
                    .iter()
                    .find(|c| egress.iter().any(|e| c.within(e)))
                    .map(|c| (r, c))
            });
        let Some((rule, cidr)) = mirrored else {
            continue;
        };
        out.push(ctx.finding(
            "SG_STATEFUL",
            Severity::Info,
            format!(
                "{} allows inbound {} {}-{} from {cidr}, as if replies to its outbound traffic needed a rule; security groups are stateful, so replies are allowed anyway and the rule only opens those ports",
                ctx.label(sg.id.as_str()),
                rule.protocol,
                rule.from_port.unwrap_or_default(),
                rule.to_port.unwrap_or_default()
            ),
            vec![sg.id.to_string(), sg.vpc.to_string()],
            Some(format!(
                "remove the inbound {} {}-{} rule from {} unless a service listens on those ports",
                rule.protocol,
                rule.from_port.unwrap_or_default(),
                rule.to_port.unwrap_or_default(),
                sg.id
            )),
        ));
    }
}

/// ## What it checks
/// A network ACL deny entry of its own (not the `*` rule) for TCP or UDP on a port range that
/// includes 53 — a rule meant to filter DNS — whose block contains the Amazon DNS server of
/// the ACL's VPC (its primary block's base + 2) or 169.254.169.253.
/// ## Why it matters
/// Security groups and network ACLs cannot filter traffic to the Amazon DNS server: the
/// queries get through whatever the rule says.
/// ## Fix
/// Filter DNS with Route 53 Resolver DNS Firewall, or send queries to your own resolver (DHCP
/// options). (Source: [VUG-security], [VUG-nacl], [VUG-dns].)
pub(super) fn sg_dns_not_filtered(ctx: &Ctx, out: &mut Vec<Finding>) {
    let link_local_dns = std::net::Ipv4Addr::new(169, 254, 169, 253);
    for nacl in &ctx.topo.network_acls {
        let Some(vpc) = ctx.vpcs.get(nacl.vpc.as_str()) else {
            continue;
        };
        let resolver = vpc
            .primary_cidr()
            .and_then(|c| u32::from(c.network().network()).checked_add(2))
            .map(std::net::Ipv4Addr::from);
        let entry = nacl.entries.iter().find(|e| {
            let dns_rule = matches!(e.protocol.as_str(), "6" | "17" | "tcp" | "udp")
                && e.from_port.is_some_and(|f| (0..=53).contains(&f))
                && e.to_port.is_some_and(|t| (53..65535).contains(&t));
            e.action == RuleAction::Deny
                && e.rule_number < 32767
                && dns_rule
                && e.cidr.is_some_and(|c| {
                    c.contains_addr(link_local_dns) || resolver.is_some_and(|r| c.contains_addr(r))
                })
        });
        let Some(entry) = entry else {
            continue;
        };
        out.push(ctx.finding(
            "SG_DNS_NOT_FILTERED",
            Severity::Info,
            format!(
                "{} rule {} denies port 53 to {}, which holds the Amazon DNS server: network ACLs cannot filter traffic to it, so DNS queries still get through",
                ctx.label(nacl.id.as_str()),
                entry.rule_number,
                entry.cidr.map(|c| c.to_string()).unwrap_or_default()
            ),
            vec![nacl.id.to_string(), vpc.id.to_string()],
            Some("filter DNS with Route 53 Resolver DNS Firewall, or point the VPC's DHCP options at a resolver you control".to_string()),
        ));
    }
}
