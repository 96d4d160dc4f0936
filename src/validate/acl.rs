//! Packet checks against security groups and network ACLs, for the rules that must ask "does
//! this traffic get through?" without a full trace (`endpoints`, `mtu`).
//!
//! Security groups are allow-only and unioned over the groups of an interface; network ACLs are
//! evaluated by ascending rule number, first match wins, and the `*` rule denies the rest
//! (catalog §2.5). Answers are `None` when the document does not say enough (a group it does
//! not contain, an ACL without entries): rules then stay quiet rather than guess.

use crate::model::*;
use std::net::Ipv4Addr;

/// One IPv4 packet as the checks see it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Packet {
    /// IP protocol number: 6 TCP, 17 UDP, 1 ICMP.
    pub protocol: u8,
    /// Destination port (TCP/UDP).
    pub port: Option<u16>,
    /// ICMP type and code.
    pub icmp: Option<(i32, i32)>,
}

impl Packet {
    pub fn tcp(port: u16) -> Packet {
        Packet {
            protocol: 6,
            port: Some(port),
            icmp: None,
        }
    }
    pub fn icmp(icmp_type: i32, code: i32) -> Packet {
        Packet {
            protocol: 1,
            port: None,
            icmp: Some((icmp_type, code)),
        }
    }
}

fn protocol_number(text: &str) -> Option<i32> {
    match text.trim().to_ascii_lowercase().as_str() {
        "-1" | "all" => Some(-1),
        "tcp" => Some(6),
        "udp" => Some(17),
        "icmp" => Some(1),
        "icmpv6" => Some(58),
        other => other.parse().ok(),
    }
}

fn in_range(value: i32, from: Option<i32>, to: Option<i32>) -> bool {
    let from = from.filter(|v| *v >= 0);
    let to = to.filter(|v| *v >= 0);
    match (from, to) {
        (None, None) => true,
        (Some(f), None) => value >= f,
        (None, Some(t)) => value <= t,
        (Some(f), Some(t)) => f <= value && value <= t,
    }
}

/// Protocol and ports of an SG rule or ACL entry match the packet (for rules outside this
/// module that look at one rule at a time).
pub(super) fn rule_matches(
    protocol: &str,
    from: Option<i32>,
    to: Option<i32>,
    packet: &Packet,
) -> bool {
    matches(protocol, from, to, packet)
}

/// Protocol and ports of an SG rule or ACL entry match the packet. For protocol `-1`, or a
/// protocol other than TCP/UDP/ICMP, the ports do not matter (AWS ignores them).
fn matches(protocol: &str, from: Option<i32>, to: Option<i32>, packet: &Packet) -> bool {
    let Some(number) = protocol_number(protocol) else {
        return false;
    };
    if number == -1 {
        return true;
    }
    if number != i32::from(packet.protocol) {
        return false;
    }
    match (packet.port, packet.icmp) {
        (Some(port), _) if number == 6 || number == 17 => in_range(i32::from(port), from, to),
        // For ICMP, `FromPort` is the type and `ToPort` the code; -1 means all.
        (_, Some((icmp_type, code))) if number == 1 => {
            from.is_none_or(|f| f < 0 || f == icmp_type) && to.is_none_or(|t| t < 0 || t == code)
        }
        _ => true,
    }
}

/// Whether the union of `groups`' egress rules lets `packet` out to every block of `targets`
/// (or to the prefix list `prefix_list` by reference). `None` when a group is not in the
/// document, or nothing names the groups.
pub(super) fn sg_egress_allows(
    groups: &[SecurityGroupId],
    by_id: &crate::idmap::IdMap<&SecurityGroup>,
    packet: &Packet,
    targets: &[Cidr4],
    prefix_list: Option<&str>,
) -> Option<bool> {
    if groups.is_empty() {
        return None;
    }
    let mut rules: Vec<&SgRule> = Vec::new();
    for group in groups {
        rules.extend(by_id.get(group.as_str())?.egress.iter());
    }
    let allowing: Vec<&&SgRule> = rules
        .iter()
        .filter(|rule| matches(&rule.protocol, rule.from_port, rule.to_port, packet))
        .collect();
    if let Some(list) = prefix_list {
        if allowing
            .iter()
            .any(|rule| rule.prefix_lists.iter().any(|p| p.as_str() == list))
        {
            return Some(true);
        }
    }
    let cidrs: Vec<Cidr4> = allowing
        .iter()
        .flat_map(|r| r.cidrs.iter().copied())
        .collect();
    if targets.is_empty() {
        // The destination's blocks are unknown: only an allow-all destination is sure to match.
        return Some(cidrs.iter().any(|c| c.prefix_len() == 0));
    }
    Some(
        targets
            .iter()
            .all(|target| cidrs.iter().any(|c| target.within(c))),
    )
}

/// Whether the network ACL lets `packet` through in one direction (`egress`: leaving the
/// subnet towards `peer`; else entering it from `peer`). First match by rule number; no match
/// is the `*` deny. `None` for an ACL with no entries in the document (not described).
pub(super) fn nacl_allows(
    nacl: &NetworkAcl,
    egress: bool,
    packet: &Packet,
    peer: Ipv4Addr,
) -> Option<bool> {
    if nacl.entries.is_empty() {
        return None;
    }
    let mut entries: Vec<&NaclEntry> = nacl
        .entries
        .iter()
        .filter(|e| e.egress == egress && e.cidr.is_some())
        .collect();
    crate::sort::sort_by_key(&mut entries, |e| e.rule_number);
    for entry in entries {
        let Some(cidr) = entry.cidr else {
            continue;
        };
        if !cidr.contains_addr(peer) {
            continue;
        }
        let (from, to) = match packet.icmp {
            Some(_) => (entry.icmp_type, entry.icmp_code),
            None => (entry.from_port, entry.to_port),
        };
        if matches(&entry.protocol, from, to, packet) {
            return Some(entry.action == RuleAction::Allow);
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        n: u32,
        egress: bool,
        action: RuleAction,
        protocol: &str,
        cidr: &str,
        ports: Option<(i32, i32)>,
    ) -> NaclEntry {
        NaclEntry {
            rule_number: n,
            egress,
            action,
            protocol: protocol.to_string(),
            cidr: cidr.parse().ok(),
            ipv6_cidr: None,
            from_port: ports.map(|p| p.0),
            to_port: ports.map(|p| p.1),
            icmp_type: None,
            icmp_code: None,
        }
    }

    fn nacl(entries: Vec<NaclEntry>) -> NetworkAcl {
        NetworkAcl {
            id: NetworkAclId("acl-1".to_string()),
            name: None,
            vpc: VpcId("vpc-1".to_string()),
            is_default: false,
            subnets: Vec::new(),
            entries,
        }
    }

    #[test]
    fn first_match_by_rule_number_wins() {
        // Scenario N2: rule 90 denies SSH, rule 100 allows all TCP.
        let acl = nacl(vec![
            entry(
                100,
                false,
                RuleAction::Allow,
                "6",
                "0.0.0.0/0",
                Some((0, 65535)),
            ),
            entry(
                90,
                false,
                RuleAction::Deny,
                "6",
                "0.0.0.0/0",
                Some((22, 22)),
            ),
        ]);
        let peer = Ipv4Addr::new(198, 51, 100, 7);
        assert_eq!(
            nacl_allows(&acl, false, &Packet::tcp(22), peer),
            Some(false)
        );
        assert_eq!(
            nacl_allows(&acl, false, &Packet::tcp(443), peer),
            Some(true)
        );
        // Nothing outbound: the `*` rule denies.
        assert_eq!(
            nacl_allows(&acl, true, &Packet::tcp(443), peer),
            Some(false)
        );
        assert_eq!(
            nacl_allows(&nacl(vec![]), true, &Packet::tcp(443), peer),
            None
        );
    }

    #[test]
    fn security_group_egress_to_a_prefix_list_or_covering_blocks() {
        let rule = |cidrs: &[&str], lists: &[&str]| SgRule {
            protocol: "tcp".to_string(),
            from_port: Some(443),
            to_port: Some(443),
            cidrs: cidrs.iter().filter_map(|c| c.parse().ok()).collect(),
            ipv6_cidrs: Vec::new(),
            prefix_lists: lists.iter().map(|l| PrefixListId(l.to_string())).collect(),
            groups: Vec::new(),
        };
        let group = SecurityGroup {
            id: SecurityGroupId("sg-1".to_string()),
            name: None,
            vpc: VpcId("vpc-1".to_string()),
            description: None,
            ingress: Vec::new(),
            egress: vec![rule(&["52.94.0.0/16"], &["pl-1"])],
        };
        let by_id: crate::idmap::IdMap<&SecurityGroup> = [("sg-1", &group)].into_iter().collect();
        let groups = [SecurityGroupId("sg-1".to_string())];
        let entries: Vec<Cidr4> = ["52.94.0.0/22", "52.119.224.0/20"]
            .iter()
            .filter_map(|c| c.parse().ok())
            .collect();
        let https = Packet::tcp(443);
        assert_eq!(
            sg_egress_allows(&groups, &by_id, &https, &entries, Some("pl-1")),
            Some(true)
        );
        // Without the prefix list, 52.94.0.0/16 covers only one of the two entries.
        assert_eq!(
            sg_egress_allows(&groups, &by_id, &https, &entries, Some("pl-2")),
            Some(false)
        );
        assert_eq!(
            sg_egress_allows(&groups, &by_id, &Packet::tcp(80), &entries, Some("pl-1")),
            Some(false)
        );
        let unknown = [SecurityGroupId("sg-404".to_string())];
        assert_eq!(
            sg_egress_allows(&unknown, &by_id, &https, &entries, None),
            None
        );
    }
}
