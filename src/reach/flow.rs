//! The packet a trace follows, and the security-group and network-ACL rules that filter it.
//!
//! A flow is concrete: one source address, one destination address, one protocol and (for TCP
//! and UDP) one destination port, or "every port" when none is given. A rule passes a flow only
//! if it passes all of it, so `--protocol all` asks whether *all* traffic gets through and a rule
//! for TCP 443 alone does not pass it. ICMP flows carry an ICMP type in the port field (echo
//! request, 8, unless given), as AWS's rules put the type in `FromPort`.
//!
//! Security groups are allow-only and stateful: the union of every rule of every group decides
//! (§2.5 of the catalog). Network ACLs are stateless and ordered: the lowest-numbered matching
//! entry decides, and a subnet whose ACL the document does not give allows everything, as the
//! default ACL AWS creates does.

use crate::model::*;
use std::net::IpAddr;

/// The IP protocol of a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// Every protocol (`-1` in AWS rules).
    All,
    /// One IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, …).
    Number(u8),
}

pub(crate) const TCP: u8 = 6;
pub(crate) const UDP: u8 = 17;
pub(crate) const ICMP: u8 = 1;
pub(crate) const ICMPV6: u8 = 58;

/// The reply's destination port. Clients pick an ephemeral port; 49152 lies in every common
/// ephemeral range (IANA 49152–65535, Linux 32768–60999, AWS's advice 1024–65535), so an ACL
/// that allows any of them allows the reply.
pub(crate) const EPHEMERAL_PORT: u16 = 49152;

impl Protocol {
    /// Parse `tcp`, `udp`, `icmp`, `icmpv6`, `all`/`-1`, or a protocol number 0–255.
    pub fn parse(text: &str) -> Option<Protocol> {
        let text = text.trim().to_ascii_lowercase();
        match text.as_str() {
            "all" | "-1" | "any" => Some(Protocol::All),
            "tcp" => Some(Protocol::Number(TCP)),
            "udp" => Some(Protocol::Number(UDP)),
            "icmp" => Some(Protocol::Number(ICMP)),
            "icmpv6" | "icmp6" => Some(Protocol::Number(ICMPV6)),
            number => number.parse::<u8>().ok().map(Protocol::Number),
        }
    }

    pub fn has_ports(&self) -> bool {
        matches!(self, Protocol::Number(TCP) | Protocol::Number(UDP))
    }

    pub fn is_icmp(&self) -> bool {
        matches!(self, Protocol::Number(ICMP) | Protocol::Number(ICMPV6))
    }

    /// The name AWS's rules use: `tcp`, `udp`, `icmp`, `icmpv6`, `-1`, or the number.
    pub fn name(&self) -> String {
        match self {
            Protocol::All => "all".to_string(),
            Protocol::Number(TCP) => "tcp".to_string(),
            Protocol::Number(UDP) => "udp".to_string(),
            Protocol::Number(ICMP) => "icmp".to_string(),
            Protocol::Number(ICMPV6) => "icmpv6".to_string(),
            Protocol::Number(n) => n.to_string(),
        }
    }
}

/// One direction of traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Flow {
    pub src: IpAddr,
    /// `None` only for an AWS service whose address ranges the document does not list.
    pub dst: Option<IpAddr>,
    pub protocol: Protocol,
    /// Destination port (TCP/UDP) or ICMP type; `None` means every port.
    pub port: Option<u16>,
}

impl Flow {
    /// `tcp 443`, `all traffic`, `icmp type 8`: how messages describe the flow.
    pub fn describe(&self) -> String {
        match (self.protocol, self.port) {
            (Protocol::All, _) => "all traffic".to_string(),
            (p, Some(port)) if p.is_icmp() => format!("{} type {port}", p.name()),
            (p, Some(port)) if p.has_ports() => format!("{} {port}", p.name()),
            (p, _) if p.has_ports() => format!("{} (every port)", p.name()),
            (p, _) => p.name(),
        }
    }

    /// The protocol and port range a rule needs to pass this flow, as AWS writes them.
    pub fn rule_ports(&self) -> (String, Option<i32>, Option<i32>) {
        match (self.protocol, self.port) {
            (Protocol::All, _) => ("-1".to_string(), None, None),
            (p, Some(port)) if p.has_ports() || p.is_icmp() => {
                (p.name(), Some(i32::from(port)), Some(i32::from(port)))
            }
            (p, _) if p.has_ports() => (p.name(), Some(0), Some(65535)),
            (p, _) => (p.name(), None, None),
        }
    }
}

/// A rule's protocol text: `tcp`, `6`, `-1`, `all`… (`None`: not a protocol AWS accepts).
fn rule_protocol(text: &str) -> Option<Protocol> {
    Protocol::parse(text)
}

/// Does a rule's port range (`None` or -1 meaning every port) cover the flow's port?
fn ports_cover(from: Option<i32>, to: Option<i32>, port: Option<u16>) -> bool {
    let low = match from {
        None | Some(-1) => 0,
        Some(n) => n,
    };
    let high = match to {
        None | Some(-1) => 65535,
        Some(n) => n,
    };
    match port {
        Some(port) => low <= i32::from(port) && i32::from(port) <= high,
        None => low <= 0 && high >= 65535,
    }
}

/// Does a rule for `protocol` with this port (or ICMP type) range pass the flow?
pub(crate) fn rule_passes(
    protocol: &str,
    from: Option<i32>,
    to: Option<i32>,
    icmp_type: Option<i32>,
    flow: &Flow,
) -> bool {
    let Some(rule) = rule_protocol(protocol) else {
        return false;
    };
    match (rule, flow.protocol) {
        (Protocol::All, _) => true,
        (Protocol::Number(_), Protocol::All) => false,
        (Protocol::Number(r), Protocol::Number(f)) if r != f => false,
        (Protocol::Number(_), p) if p.has_ports() => ports_cover(from, to, flow.port),
        (Protocol::Number(_), p) if p.is_icmp() => {
            // The ICMP type sits in FromPort (security groups) or IcmpTypeCode.Type (ACLs).
            match icmp_type {
                None | Some(-1) => true,
                Some(t) => flow.port.is_some_and(|port| i32::from(port) == t),
            }
        }
        _ => true,
    }
}

/// An address inside an IPv4 or IPv6 block.
pub(crate) fn cidr4_holds(cidr: &Cidr4, addr: IpAddr) -> bool {
    match addr {
        IpAddr::V4(v4) => cidr.contains_addr(v4),
        IpAddr::V6(_) => false,
    }
}

pub(crate) fn cidr6_holds(cidr: &Cidr6, addr: IpAddr) -> bool {
    match addr {
        IpAddr::V6(v6) => cidr.contains_addr(v6),
        IpAddr::V4(_) => false,
    }
}

pub(crate) fn cidr_holds(cidr: &Cidr, addr: IpAddr) -> bool {
    cidr.0.contains(&addr)
}

/// What a network ACL did with a flow: the entry that decided, or none (no ACL in the document).
pub(crate) enum AclVerdict<'a> {
    Allowed(Option<&'a NaclEntry>),
    Denied(Option<&'a NaclEntry>),
}

/// Evaluate an ACL in one direction (`egress`: leaving the subnet). `peer` is the address on the
/// other side: the destination when leaving, the source when entering.
pub(crate) fn acl_verdict<'a>(
    acl: &'a NetworkAcl,
    egress: bool,
    peer: Option<IpAddr>,
    flow: &Flow,
) -> AclVerdict<'a> {
    let mut entries: Vec<&NaclEntry> = acl
        .entries
        .iter()
        .filter(|entry| entry.egress == egress)
        .collect();
    crate::sort::sort_by_key(&mut entries, |entry| entry.rule_number);
    for entry in entries {
        let address_matches = match peer {
            Some(addr) => {
                entry.cidr.as_ref().is_some_and(|c| cidr4_holds(c, addr))
                    || entry
                        .ipv6_cidr
                        .as_ref()
                        .is_some_and(|c| cidr6_holds(c, addr))
            }
            // An AWS service whose ranges are unknown: only a catch-all entry surely matches.
            None => entry.cidr.is_some_and(|c| c.prefix_len() == 0),
        };
        if !address_matches {
            continue;
        }
        let icmp_type = entry.icmp_type;
        if !rule_passes(
            &entry.protocol,
            entry.from_port,
            entry.to_port,
            icmp_type,
            flow,
        ) {
            // A deny entry for another protocol or port does not decide this flow; neither does
            // an allow entry.
            continue;
        }
        return match entry.action {
            RuleAction::Allow => AclVerdict::Allowed(Some(entry)),
            RuleAction::Deny => AclVerdict::Denied(Some(entry)),
        };
    }
    // Imported ACLs carry the final `*` deny entries; hand-written ones may leave them out, and
    // an ACL with no entries for this direction at all denies (AWS always has the `*` entry).
    AclVerdict::Denied(None)
}

/// The other end of a flow as a security-group rule sees it.
pub(crate) struct SgPeer<'a> {
    pub addr: Option<IpAddr>,
    /// The groups of the other end's network interface (for group-reference rules).
    pub groups: &'a [SecurityGroupId],
    /// Prefix lists that stand for the other end (an AWS service's list).
    pub prefix_lists: &'a [PrefixListId],
}

/// The first rule among `groups` that passes the flow to/from `peer`, as (group, rule index).
pub(crate) fn sg_allowing<'a>(
    groups: &[&'a SecurityGroup],
    ingress: bool,
    peer: &SgPeer,
    flow: &Flow,
    prefix_list_holds: &dyn Fn(&PrefixListId, IpAddr) -> bool,
) -> Option<(&'a SecurityGroup, usize)> {
    for group in groups {
        let rules = if ingress {
            &group.ingress
        } else {
            &group.egress
        };
        for (index, rule) in rules.iter().enumerate() {
            if !rule_passes(
                &rule.protocol,
                rule.from_port,
                rule.to_port,
                rule.from_port,
                flow,
            ) {
                continue;
            }
            let by_address = peer.addr.is_some_and(|addr| {
                rule.cidrs.iter().any(|c| cidr4_holds(c, addr))
                    || rule.ipv6_cidrs.iter().any(|c| cidr6_holds(c, addr))
                    || rule
                        .prefix_lists
                        .iter()
                        .any(|pl| prefix_list_holds(pl, addr))
            }) || (peer.addr.is_none()
                && rule.cidrs.iter().any(|c| c.prefix_len() == 0));
            let by_list = rule
                .prefix_lists
                .iter()
                .any(|pl| peer.prefix_lists.contains(pl));
            let by_group = rule
                .groups
                .iter()
                .any(|group_ref| peer.groups.contains(&group_ref.group));
            if by_address || by_list || by_group {
                return Some((group, index));
            }
        }
    }
    None
}

/// `tcp 443 from 10.0.0.0/16`: one security-group rule in words.
pub(crate) fn describe_sg_rule(rule: &SgRule) -> String {
    let protocol = match rule_protocol(&rule.protocol) {
        Some(Protocol::All) | None => "all traffic".to_string(),
        Some(p) => {
            let ports = match (rule.from_port, rule.to_port) {
                (None | Some(-1), _) => String::new(),
                (Some(a), Some(b)) if a == b => format!(" {a}"),
                (Some(a), Some(b)) => format!(" {a}-{b}"),
                (Some(a), None) => format!(" {a}"),
            };
            format!("{}{ports}", p.name())
        }
    };
    let mut peers: Vec<String> = rule.cidrs.iter().map(|c| c.to_string()).collect();
    peers.extend(rule.ipv6_cidrs.iter().map(|c| c.to_string()));
    peers.extend(rule.prefix_lists.iter().map(|p| p.to_string()));
    peers.extend(rule.groups.iter().map(|g| g.group.to_string()));
    format!("{protocol} {}", peers.join(", "))
}

/// `#100 allow tcp 443 10.0.0.0/16`: one ACL entry in words.
pub(crate) fn describe_acl_entry(entry: &NaclEntry) -> String {
    let action = match entry.action {
        RuleAction::Allow => "allow",
        RuleAction::Deny => "deny",
    };
    let protocol = match rule_protocol(&entry.protocol) {
        Some(Protocol::All) | None => "all".to_string(),
        Some(p) => match (entry.from_port, entry.to_port) {
            (Some(a), Some(b)) if a == b => format!("{} {a}", p.name()),
            (Some(a), Some(b)) => format!("{} {a}-{b}", p.name()),
            _ => p.name(),
        },
    };
    let cidr = entry
        .cidr
        .map(|c| c.to_string())
        .or_else(|| entry.ipv6_cidr.map(|c| c.to_string()))
        .unwrap_or_default();
    let number = if entry.rule_number >= 32767 {
        "*".to_string()
    } else {
        entry.rule_number.to_string()
    };
    format!("#{number} {action} {protocol} {cidr}")
}
