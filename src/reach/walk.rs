//! The walk: one flow through the model, hop by hop, then its reply.
//!
//! Each function is one kind of component (subnet boundary, route table, internet gateway, NAT
//! gateway, peering, virtual private gateway, VPN, Direct Connect, transit gateway, gateway
//! endpoint) and either hands the packet on or stops it with a `Stop`: a Reachability Analyzer
//! explanation code, the component, a message, and a candidate change for `fix.rs` to verify.
//!
//! The rules that make peering, VGWs and gateway endpoints non-transitive fall out of where
//! route tables are consulted: only traffic leaving a subnet (or a NAT gateway or a transit
//! gateway attachment) is routed by a VPC route table; traffic arriving over a peering, a VGW or
//! an endpoint is only ever delivered inside the VPC's own blocks.
//!
//! The reply is a second walk from the destination back to the source (or to the NAT gateway
//! that translated it) with security groups skipped, since they are stateful, and the
//! destination port set to an ephemeral port, since ACLs are not.

use super::endpoint::{is_public, private_of, subnet_host, End, Place, Resolved};
use super::fix::{self, Change};
use super::flow::{
    acl_verdict, describe_acl_entry, describe_sg_rule, sg_allowing, AclVerdict, Flow, Protocol,
    SgPeer, EPHEMERAL_PORT, ICMP,
};
use super::lpm::{self, ServiceRef};
use super::net::{vpc_holds, Net};
use super::{Blocked, Hop, Leg, Trace};
use crate::model::*;
use std::net::{IpAddr, Ipv4Addr};

/// Why a walk stopped.
pub(crate) struct Stop {
    pub code: &'static str,
    pub rule: Option<&'static str>,
    pub resource: String,
    pub message: String,
    /// A change that would let the packet past this point, for `fix.rs` to verify.
    pub change: Option<Change>,
}

type Step = Result<(), Box<Stop>>;

/// `stop(code, resource, format!(…))`, with the message written only when hops are recorded:
/// a matrix walks a million pairs and reads only the codes.
macro_rules! stop {
    ($walker:expr, $code:expr, $resource:expr, $($message:tt)+) => {
        stop(
            $code,
            $resource,
            if $walker.record { format!($($message)+) } else { String::new() },
        )
    };
}

fn stop(code: &'static str, resource: &str, message: String) -> Box<Stop> {
    Box::new(Stop {
        code,
        rule: None,
        resource: resource.to_string(),
        message,
        change: None,
    })
}

/// Stands for "the public address the source was given" when the document does not say which.
const SOME_PUBLIC_V4: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 77);

/// Guards against routing loops (a route to a NAT gateway whose subnet routes back, a TGW
/// peering mesh): no real path needs this many routing decisions.
const MAX_ROUTING_STEPS: u32 = 32;

pub(crate) struct Walker<'n, 'a> {
    net: &'n Net<'a>,
    record: bool,
    pub hops: Vec<Hop>,
    steps: u32,
    /// The reply leg: security groups are stateful and not evaluated again.
    reply: bool,
    /// Groups of the source's interface, for group-reference rules at the destination.
    src_groups: &'a [SecurityGroupId],
    /// Groups of the destination's interface, for group-reference egress rules at the source.
    dst_groups: &'a [SecurityGroupId],
    /// Prefix lists that stand for the destination service.
    service_lists: &'n [PrefixListId],
    /// Forward-leg facts the reply needs.
    nat: Option<&'a NatGateway>,
    exited_igw: bool,
    via_endpoint: bool,
}

impl<'n, 'a> Walker<'n, 'a> {
    fn new(net: &'n Net<'a>, record: bool, reply: bool) -> Walker<'n, 'a> {
        Walker {
            net,
            record,
            hops: Vec::new(),
            steps: 0,
            reply,
            src_groups: &[],
            dst_groups: &[],
            service_lists: &[],
            nat: None,
            exited_igw: false,
            via_endpoint: false,
        }
    }

    /// Record a hop, its detail written only when hops are recorded. Generic over the detail's
    /// closure, so this is one copy per call site (33): the push is [`Walker::push_hop`], once.
    fn hop(&mut self, resource: &str, kind: &str, action: &str, detail: impl FnOnce() -> String) {
        if self.record {
            let detail = detail();
            self.push_hop(resource, kind, action, detail);
        }
    }

    fn push_hop(&mut self, resource: &str, kind: &str, action: &str, detail: String) {
        self.hops.push(Hop {
            resource: resource.to_string(),
            kind: kind.to_string(),
            action: action.to_string(),
            detail,
        });
    }

    fn label(&self, id: &str) -> String {
        self.net.label(id)
    }

    /// Send `flow` from `src` to `dst`.
    pub fn start(&mut self, src: &End<'a>, dst: &End<'a>, flow: Flow) -> Step {
        if let Place::Nic { groups, .. } = &src.place {
            self.src_groups = groups;
        }
        if let Place::Nic { groups, .. } = &dst.place {
            self.dst_groups = groups;
        }
        if let Place::Service(service) = &dst.place {
            let net = self.net;
            self.service_lists = net
                .service_lists
                .get(&service.aws_name())
                .map(|lists| lists.as_slice())
                .unwrap_or(&[]);
        }
        match &src.place {
            Place::Nic {
                subnet,
                vpc,
                groups,
                public_ip,
            } => self.leave_subnet(
                subnet,
                vpc,
                Some(groups),
                public_ip.is_some(),
                flow,
                dst,
                Some(src),
            ),
            Place::Subnet { subnet, vpc } => self.leave_subnet(
                subnet,
                vpc,
                None,
                subnet.map_public_ip_on_launch,
                flow,
                dst,
                Some(src),
            ),
            Place::Internet => self.enter_from_internet(flow, dst),
            Place::OnPrem(site) => self.enter_from_onprem(site, flow, dst),
            Place::Service(service) if self.reply => self.service_reply(service, flow, dst),
            Place::Service(service) => Err(stop!(self, "NO_PATH", &src.id, "{} does not open connections into a VPC; trace from the VPC to the service instead",
                    service.aws_name())),
            Place::ExternalVpc { vpc, .. } => Err(stop!(self, "UNKNOWN_RESOURCE", vpc, "{vpc} is outside the document: its route tables and filters are unknown")),
            Place::NatReturn { nat, .. } => Err(stop(
                "NO_PATH",
                nat.id.as_str(),
                "a NAT gateway does not originate traffic".to_string(),
            )),
        }
    }

    /// Leave a subnet: security-group egress (for an interface), then, unless the destination
    /// is in the same subnet, the ACL's outbound entries and the subnet's route table.
    #[allow(clippy::too_many_arguments)]
    fn leave_subnet(
        &mut self,
        subnet: &'a Subnet,
        vpc: &'a Vpc,
        groups: Option<&'a [SecurityGroupId]>,
        public: bool,
        flow: Flow,
        dst: &End<'a>,
        src: Option<&End<'a>>,
    ) -> Step {
        if let (Some(groups), false) = (groups, self.reply) {
            let resource = src.map(|s| s.id.clone()).unwrap_or_default();
            self.security_groups(groups, false, &flow, &resource)?;
        }
        if let Some((dst_subnet, _)) = dst.in_vpc() {
            if dst_subnet.id == subnet.id && !matches!(dst.place, Place::NatReturn { .. }) {
                self.hop(subnet.id.as_str(), "subnet", "route", || {
                    "source and destination share the subnet: no route table or network ACL applies"
                        .to_string()
                });
                return self.arrive_in_subnet(subnet, flow, dst, true);
            }
        }
        self.acl(subnet, true, &flow)?;
        self.route_from_subnet(subnet, vpc, public, flow, dst)
    }

    fn route_from_subnet(
        &mut self,
        subnet: &'a Subnet,
        vpc: &'a Vpc,
        public: bool,
        flow: Flow,
        dst: &End<'a>,
    ) -> Step {
        let table = self.net.table_of(subnet);
        self.route(vpc, table, Some(subnet), public, flow, dst)
    }

    /// One routing decision in a VPC route table, then on to the route's target.
    fn route(
        &mut self,
        vpc: &'a Vpc,
        table: Option<(&'a RouteTable, bool)>,
        from: Option<&'a Subnet>,
        public: bool,
        flow: Flow,
        dst: &End<'a>,
    ) -> Step {
        self.steps += 1;
        let table_id = table.map(|(t, _)| t.id.as_str()).unwrap_or(vpc.id.as_str());
        if self.steps > MAX_ROUTING_STEPS {
            return Err(stop!(
                self,
                "ROUTING_LOOP",
                table_id,
                "the path loops: more than {MAX_ROUTING_STEPS} routing decisions"
            ));
        }
        let service = service_of(dst);
        let Some(choice) = lpm::choose(self.net, vpc, table.map(|(t, _)| t), &flow, service) else {
            let whose = match (from, table) {
                (Some(subnet), Some((_, true))) => {
                    format!(
                        " (the main table, used by {})",
                        self.label(subnet.id.as_str())
                    )
                }
                (Some(subnet), Some((_, false))) => {
                    format!(" of {}", self.label(subnet.id.as_str()))
                }
                _ => String::new(),
            };
            let what = match table {
                Some((t, _)) => format!("route table {}{whose}", self.label(t.id.as_str())),
                None => format!(
                    "{} (no route table in the document)",
                    self.label(vpc.id.as_str())
                ),
            };
            let mut blocked = stop!(
                self,
                "NO_ROUTE_TO_DESTINATION",
                table_id,
                "{what} has no route to {}",
                describe_dst(dst, &flow)
            );
            blocked.change =
                table.and_then(|(t, _)| fix::route_candidate(self.net, vpc, t, &flow, dst, public));
            return Err(blocked);
        };
        self.hop(table_id, "route-table", "route", || {
            format!(
                "{} → {}: {}",
                choice.destination(vpc, flow.dst),
                choice.target(),
                choice.why.text()
            )
        });
        if choice.local {
            return self.arrive_in_vpc(vpc, flow, dst, from);
        }
        let Some(route) = choice.route else {
            return self.arrive_in_vpc(vpc, flow, dst, from);
        };
        if route.state == RouteState::Blackhole {
            let mut blocked = stop!(self, "BAD_STATE_ROUTE", table_id, "the route {} → {} in {} is a blackhole (its target is gone or not usable): matching traffic is dropped",
                    route.destination,
                    route.target,
                    self.label(table_id));
            blocked.rule = Some("ROUTE_BLACKHOLE");
            return Err(blocked);
        }
        match &route.target {
            RouteTarget::Local => self.arrive_in_vpc(vpc, flow, dst, from),
            RouteTarget::InternetGateway(id) => self.igw_egress(vpc, id.as_str(), public, flow, dst),
            RouteTarget::NatGateway(id) => self.nat(vpc, id.as_str(), from, flow, dst),
            RouteTarget::VpcPeering(id) => self.peering(vpc, id.as_str(), flow, dst),
            RouteTarget::VpnGateway(id) => self.vgw_egress(vpc, id.as_str(), flow, dst),
            RouteTarget::TransitGateway(id) => self.tgw_from_vpc(vpc, id.as_str(), from, flow, dst),
            RouteTarget::VpcEndpoint(id) => self.gateway_endpoint(vpc, id.as_str(), flow, dst),
            RouteTarget::EgressOnlyInternetGateway(id) => self.egress_only(id, flow, dst),
            RouteTarget::NetworkInterface(_) | RouteTarget::Instance(_) | RouteTarget::Other(_) => {
                Err(stop!(self, "UNSUPPORTED_COMPONENT", route.target.id(), "the route sends traffic to {}, an appliance or target whose forwarding vpcmap does not model",
                        self.label(route.target.id())))
            }
        }
    }

    /// A packet for an address inside `vpc`'s blocks: delivered to the destination's subnet if the
    /// destination is here, else stopped (the local route keeps it in this VPC).
    fn arrive_in_vpc(
        &mut self,
        vpc: &'a Vpc,
        flow: Flow,
        dst: &End<'a>,
        from: Option<&'a Subnet>,
    ) -> Step {
        match &dst.place {
            Place::NatReturn {
                nat,
                subnet,
                vpc: nat_vpc,
                then,
            } if nat_vpc.id == vpc.id => {
                if from.is_none_or(|f| f.id != subnet.id) {
                    self.acl(subnet, false, &flow)?;
                }
                let original = then.addr;
                self.hop(nat.id.as_str(), "nat-gateway", "translate", || {
                    format!(
                        "reply translated back to the original source {}",
                        original.map(|a| a.to_string()).unwrap_or_default()
                    )
                });
                let onward = Flow {
                    dst: original,
                    ..flow
                };
                let then: End<'a> = (**then).clone();
                return self.leave_subnet(subnet, vpc, None, false, onward, &then, None);
            }
            Place::Nic {
                subnet,
                vpc: dst_vpc,
                ..
            }
            | Place::Subnet {
                subnet,
                vpc: dst_vpc,
            } if dst_vpc.id == vpc.id => {
                let same = from.is_some_and(|f| f.id == subnet.id);
                return self.arrive_in_subnet(subnet, flow, dst, same);
            }
            _ => {}
        }
        let addr = flow.dst.map(|a| a.to_string()).unwrap_or_default();
        let mut blocked = stop!(self, "VPC_LOCAL_ROUTE_CIDR_RESTRICTION", vpc.id.as_str(), "{addr} lies inside {}'s own blocks, so the local route keeps it there; {} is elsewhere",
                self.label(vpc.id.as_str()),
                dst.id);
        if dst.in_vpc().is_some() {
            blocked.rule = Some("PEERING_CIDR_OVERLAP");
        }
        Err(blocked)
    }

    /// The last steps: the destination subnet's ACL inbound entries, then the destination's
    /// security groups.
    fn arrive_in_subnet(
        &mut self,
        subnet: &'a Subnet,
        flow: Flow,
        dst: &End<'a>,
        same: bool,
    ) -> Step {
        if !same {
            self.acl(subnet, false, &flow)?;
        }
        if let (Place::Nic { groups, .. }, false) = (&dst.place, self.reply) {
            self.security_groups(groups, true, &flow, &dst.id)?;
        }
        let subnet_label = self.label(subnet.id.as_str());
        self.hop(&dst.id, dst.kind, "deliver", || {
            format!("delivered in {subnet_label}")
        });
        Ok(())
    }

    fn security_groups(
        &mut self,
        groups: &'a [SecurityGroupId],
        ingress: bool,
        flow: &Flow,
        nic: &str,
    ) -> Step {
        let direction = if ingress { "ingress" } else { "egress" };
        let resolved: Vec<&'a SecurityGroup> = groups
            .iter()
            .filter_map(|id| self.net.groups.get(id.as_str()).copied())
            .collect();
        if resolved.is_empty() {
            self.hop(nic, "security-group", "allow", || {
                if groups.is_empty() {
                    format!("{direction}: the document gives no security group for {nic}; not evaluated")
                } else {
                    format!("{direction}: the groups of {nic} are not in the document; not evaluated")
                }
            });
            return Ok(());
        }
        let (addr, other_groups) = if ingress {
            (Some(flow.src), self.src_groups)
        } else {
            (flow.dst, self.dst_groups)
        };
        let peer = SgPeer {
            addr,
            groups: other_groups,
            prefix_lists: self.service_lists,
        };
        let net = self.net;
        let holds = |id: &PrefixListId, a: IpAddr| net.prefix_list_holds(id, a);
        if let Some((group, index)) = sg_allowing(&resolved, ingress, &peer, flow, &holds) {
            let rules = if ingress {
                &group.ingress
            } else {
                &group.egress
            };
            let rule_text = rules.get(index).map(describe_sg_rule).unwrap_or_default();
            let group_id = group.id.as_str();
            self.hop(group_id, "security-group", "allow", || {
                format!("{direction} rule {rule_text}")
            });
            return Ok(());
        }
        let first = resolved.first().map(|g| g.id.as_str()).unwrap_or_default();
        let no_rules = resolved.iter().all(|g| {
            if ingress {
                g.ingress.is_empty()
            } else {
                g.egress.is_empty()
            }
        });
        let names: Vec<String> = resolved.iter().map(|g| self.label(g.id.as_str())).collect();
        let other = match addr {
            Some(a) => a.to_string(),
            None => "the service".to_string(),
        };
        let mut blocked = stop!(
            self,
            if no_rules {
                "SG_HAS_NO_RULES"
            } else {
                "ENI_SG_RULES_MISMATCH"
            },
            first,
            "no {direction} rule of {} allows {} {} {other}",
            names.join(", "),
            flow.describe(),
            if ingress { "from" } else { "to" }
        );
        blocked.rule = Some("SG_BLOCKS_FLOW");
        blocked.change = fix::sg_candidate(first, ingress, flow, addr, self.service_lists);
        Err(blocked)
    }

    fn acl(&mut self, subnet: &'a Subnet, egress: bool, flow: &Flow) -> Step {
        let Some(acl) = self.net.acl_of(subnet) else {
            return Ok(());
        };
        let peer = if egress { flow.dst } else { Some(flow.src) };
        let direction = if egress { "outbound" } else { "inbound" };
        match acl_verdict(acl, egress, peer, flow) {
            AclVerdict::Allowed(entry) => {
                let text = entry.map(describe_acl_entry).unwrap_or_default();
                self.hop(acl.id.as_str(), "network-acl", "allow", || {
                    format!("{direction} {text}")
                });
                Ok(())
            }
            AclVerdict::Denied(entry) => {
                let by = match entry {
                    Some(entry) => format!("entry {}", describe_acl_entry(entry)),
                    None => "no entry allows it (the final * entry denies)".to_string(),
                };
                let peer_text = peer
                    .map(|a| a.to_string())
                    .unwrap_or_else(|| "the service".to_string());
                let mut blocked = stop!(
                    self,
                    "SUBNET_ACL_RESTRICTION",
                    acl.id.as_str(),
                    "network ACL {} of {} denies {direction} {} {} {peer_text}: {by}",
                    self.label(acl.id.as_str()),
                    self.label(subnet.id.as_str()),
                    flow.describe(),
                    if egress { "to" } else { "from" }
                );
                // On the reply leg the request got through: the ACL forgot that replies need
                // their own entry (ACLs are stateless).
                blocked.rule = Some(if self.reply {
                    "NACL_STATELESS_RETURN"
                } else {
                    "NACL_BLOCKS_FLOW"
                });
                blocked.change = fix::acl_candidate(acl, egress, entry, flow, peer, self.reply);
                Err(blocked)
            }
        }
    }

    fn igw_egress(
        &mut self,
        vpc: &'a Vpc,
        igw_id: &str,
        public: bool,
        flow: Flow,
        dst: &End<'a>,
    ) -> Step {
        let Some(igw) = self.net.igws.get(igw_id) else {
            return Err(stop!(
                self,
                "BAD_STATE",
                igw_id,
                "the route names {igw_id}, which the document does not have"
            ));
        };
        if igw.vpc.as_ref() != Some(&vpc.id) {
            return Err(stop!(
                self,
                "BAD_STATE",
                igw_id,
                "{} is not attached to {}",
                self.label(igw_id),
                self.label(vpc.id.as_str())
            ));
        }
        let v6 = matches!(flow.src, IpAddr::V6(_));
        if !public && !v6 {
            return Err(stop!(self, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", igw_id, "{} has no public IPv4 address, so {} cannot carry its traffic to the internet (use a NAT gateway, or give it a public or Elastic IP)",
                    flow.src,
                    self.label(igw_id)));
        }
        self.exited_igw = true;
        self.hop(igw_id, "internet-gateway", "cross", || {
            "to the internet, source translated to its public address".to_string()
        });
        self.over_internet(flow, dst, igw_id)
    }

    /// A packet on the internet: delivered if the destination is the internet or a service's
    /// public endpoint, or sent in through the destination VPC's internet gateway.
    fn over_internet(&mut self, flow: Flow, dst: &End<'a>, via: &str) -> Step {
        match &dst.place {
            Place::Internet => {
                self.hop("internet", "internet", "deliver", || {
                    "delivered on the internet".to_string()
                });
                Ok(())
            }
            Place::Service(service) => {
                let name = service.aws_name();
                self.hop(&dst.id, "service", "deliver", || {
                    format!("delivered to the public endpoint of {name} over the internet")
                });
                Ok(())
            }
            Place::Nic { .. } | Place::Subnet { .. } | Place::NatReturn { .. }
                if flow.dst.is_some_and(is_public) =>
            {
                self.enter_from_internet(flow, dst)
            }
            _ => Err(stop!(
                self,
                "NO_ROUTE_TO_DESTINATION",
                via,
                "{} is not reachable over the internet: it is not a public address",
                describe_dst(dst, &flow)
            )),
        }
    }

    /// From the internet into a VPC, through its internet gateway, to a public address.
    fn enter_from_internet(&mut self, flow: Flow, dst: &End<'a>) -> Step {
        let (vpc, has_public) = match &dst.place {
            Place::Nic { vpc, public_ip, .. } => (*vpc, public_ip.is_some()),
            Place::Subnet { vpc, subnet } => (*vpc, subnet.map_public_ip_on_launch),
            Place::NatReturn { vpc, nat, .. } => (*vpc, nat.connectivity == NatConnectivity::Public),
            Place::Internet | Place::Service(_) => {
                self.hop(&dst.id, dst.kind, "deliver", || "delivered over the internet".to_string());
                return Ok(());
            }
            Place::OnPrem(site) => {
                return Err(stop(
                    "NO_PATH",
                    site.id.as_str(),
                    "on-premises networks are reached over VPN or Direct Connect, not from the internet through AWS".to_string(),
                ))
            }
            Place::ExternalVpc { vpc, .. } => {
                return Err(stop!(self, "UNKNOWN_RESOURCE", vpc, "{vpc} is outside the document"))
            }
        };
        let Some(igw) = self.net.igw_of_vpc.get(vpc.id.as_str()) else {
            return Err(stop!(
                self,
                "NO_ROUTE_TO_DESTINATION",
                vpc.id.as_str(),
                "{} has no internet gateway: nothing on the internet can reach it",
                self.label(vpc.id.as_str())
            ));
        };
        let v6 = flow.dst.is_some_and(|a| a.is_ipv6());
        if !has_public && !v6 {
            return Err(stop!(
                self,
                "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                igw.id.as_str(),
                "{} has no public IPv4 address, so the internet cannot address it",
                dst.id
            ));
        }
        let private = match &dst.place {
            Place::NatReturn { nat, subnet, .. } => nat
                .private_ip
                .map(IpAddr::V4)
                .or_else(|| subnet_host(subnet)),
            Place::Nic { subnet, .. } | Place::Subnet { subnet, .. } => dst
                .addr
                .filter(|a| !is_public(*a) || a.is_ipv6())
                .or_else(|| private_of(self.net, dst))
                .or_else(|| subnet_host(subnet)),
            _ => flow.dst,
        };
        let inbound = Flow {
            dst: private,
            ..flow
        };
        let igw_id = igw.id.as_str();
        self.hop(igw_id, "internet-gateway", "cross", || {
            format!(
                "from the internet; destination translated to its private address {}",
                private.map(|a| a.to_string()).unwrap_or_default()
            )
        });
        self.gateway_ingress(vpc, igw_id, inbound, dst)
    }

    /// Traffic entering a VPC from an internet or virtual private gateway: the gateway route
    /// table edge-associated with it, if any, then local delivery.
    fn gateway_ingress(&mut self, vpc: &'a Vpc, gateway: &str, flow: Flow, dst: &End<'a>) -> Step {
        if let Some(table) = self.net.edge_table.get(gateway).copied() {
            if let Some(choice) = lpm::choose(self.net, vpc, Some(table), &flow, None) {
                if !choice.local {
                    let target = choice
                        .route
                        .map(|r| r.target.to_string())
                        .unwrap_or_default();
                    return Err(stop!(self, "UNSUPPORTED_COMPONENT", table.id.as_str(), "gateway route table {} redirects the traffic to {target}, an appliance vpcmap does not follow",
                            self.label(table.id.as_str())));
                }
                let table_id = table.id.as_str();
                self.hop(table_id, "route-table", "route", || {
                    format!(
                        "gateway route table: {} → local",
                        choice.destination(vpc, flow.dst)
                    )
                });
            }
        }
        self.arrive_in_vpc(vpc, flow, dst, None)
    }

    fn egress_only(&mut self, id: &str, flow: Flow, dst: &End<'a>) -> Step {
        if !flow.src.is_ipv6() {
            return Err(stop(
                "NO_ROUTE_TO_DESTINATION",
                id,
                "an egress-only internet gateway carries IPv6 only".to_string(),
            ));
        }
        self.exited_igw = true;
        self.hop(id, "egress-only-internet-gateway", "cross", || {
            "to the internet (IPv6, outbound only)".to_string()
        });
        self.over_internet(flow, dst, id)
    }

    fn nat(
        &mut self,
        vpc: &'a Vpc,
        nat_id: &str,
        from: Option<&'a Subnet>,
        flow: Flow,
        dst: &End<'a>,
    ) -> Step {
        let Some(nat) = self.net.nats.get(nat_id).copied() else {
            return Err(stop!(
                self,
                "BAD_STATE",
                nat_id,
                "the route names {nat_id}, which the document does not have"
            ));
        };
        if let Some(state) = nat
            .state
            .as_deref()
            .filter(|s| !s.eq_ignore_ascii_case("available"))
        {
            return Err(stop!(
                self,
                "BAD_STATE",
                nat_id,
                "{} is {state}, not available",
                self.label(nat_id)
            ));
        }
        let Some(subnet) = self.net.subnets.get(nat.subnet.as_str()).copied() else {
            return Err(stop!(
                self,
                "BAD_STATE",
                nat_id,
                "{} sits in {}, which the document does not have",
                self.label(nat_id),
                nat.subnet
            ));
        };
        if nat.vpc != vpc.id {
            return Err(stop!(
                self,
                "BAD_STATE",
                nat_id,
                "{} is in another VPC",
                self.label(nat_id)
            ));
        }
        if from.is_none_or(|f| f.id != subnet.id) {
            self.acl(subnet, false, &flow)?;
        }
        let Some(translated) = nat
            .private_ip
            .map(IpAddr::V4)
            .or_else(|| subnet_host(subnet))
        else {
            return Err(stop!(
                self,
                "BAD_STATE",
                nat_id,
                "{} has no address",
                self.label(nat_id)
            ));
        };
        let kind = match nat.connectivity {
            NatConnectivity::Public => "public",
            NatConnectivity::Private => "private",
        };
        self.hop(nat_id, "nat-gateway", "translate", || {
            format!(
                "{kind} NAT gateway: source {} becomes {translated}",
                flow.src
            )
        });
        self.nat = Some(nat);
        self.src_groups = &[];
        let onward = Flow {
            src: translated,
            ..flow
        };
        self.acl(subnet, true, &onward)?;
        let public = nat.connectivity == NatConnectivity::Public;
        self.route_from_subnet(subnet, vpc, public, onward, dst)
    }

    fn peering(&mut self, vpc: &'a Vpc, pcx_id: &str, flow: Flow, dst: &End<'a>) -> Step {
        let Some(pcx) = self.net.peerings.get(pcx_id).copied() else {
            return Err(stop!(
                self,
                "BAD_STATE",
                pcx_id,
                "the route names {pcx_id}, which the document does not have"
            ));
        };
        if !pcx.is_active() {
            let mut blocked = stop!(
                self,
                "BAD_STATE",
                pcx_id,
                "{} is {}, not active: traffic routed to it is dropped",
                self.label(pcx_id),
                pcx.status_code()
            );
            blocked.rule = Some("ROUTE_PCX_NOT_ACTIVE");
            return Err(blocked);
        }
        let Some(peer_id) = pcx.peer_of(&vpc.id) else {
            return Err(stop!(
                self,
                "BAD_STATE",
                pcx_id,
                "{} does not connect {}",
                self.label(pcx_id),
                self.label(vpc.id.as_str())
            ));
        };
        let peer_label = self.label(peer_id.as_str());
        self.hop(pcx_id, "vpc-peering", "cross", || {
            format!("to {peer_label}")
        });
        let addr = flow.dst;
        match self.net.vpcs.get(peer_id.as_str()).copied() {
            Some(peer) => {
                if !addr.is_some_and(|a| vpc_holds(peer, a)) {
                    return Err(self.not_in_peer(pcx_id, &peer_label, dst, &flow));
                }
                self.arrive_in_vpc(peer, flow, dst, None)
            }
            None => {
                let side = if pcx.requester.vpc == *peer_id {
                    &pcx.requester
                } else {
                    &pcx.accepter
                };
                let holds = addr.is_some_and(|a| {
                    side.cidrs.iter().any(|c| super::flow::cidr4_holds(c, a))
                        || side
                            .ipv6_cidrs
                            .iter()
                            .any(|c| super::flow::cidr6_holds(c, a))
                });
                if !holds {
                    return Err(self.not_in_peer(pcx_id, &peer_label, dst, &flow));
                }
                match &dst.place {
                    Place::ExternalVpc { vpc, .. } if *vpc == peer_id.as_str() => {
                        self.hop(&dst.id, "vpc", "deliver", || {
                            format!("delivered to {peer_label} (outside the document: its filters are not evaluated)")
                        });
                        Ok(())
                    }
                    _ => Err(stop!(
                        self,
                        "VPC_LOCAL_ROUTE_CIDR_RESTRICTION",
                        peer_id.as_str(),
                        "the address lies in {peer_label}'s blocks; {} is elsewhere",
                        dst.id
                    )),
                }
            }
        }
    }

    fn not_in_peer(&self, pcx_id: &str, peer_label: &str, dst: &End<'a>, flow: &Flow) -> Box<Stop> {
        let edge = matches!(
            dst.place,
            Place::Internet | Place::Service(_) | Place::OnPrem(_)
        );
        let why = if edge {
            "peering never carries traffic on to the peer's internet gateway, NAT gateway, VPN, Direct Connect or gateway endpoint (no edge-to-edge routing)"
        } else {
            "peering is not transitive: it delivers only to addresses inside the peer VPC's own blocks"
        };
        let mut blocked = stop!(
            self,
            "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR",
            pcx_id,
            "{} is not inside {peer_label}, the other side of {}: {why}",
            describe_dst(dst, flow),
            self.label(pcx_id)
        );
        blocked.rule = Some(if edge {
            "PEERING_EDGE_TO_EDGE"
        } else {
            "PEERING_TRANSITIVE"
        });
        blocked
    }

    fn vgw_egress(&mut self, vpc: &'a Vpc, vgw_id: &str, flow: Flow, dst: &End<'a>) -> Step {
        let Some(vgw) = self.net.vgws.get(vgw_id).copied() else {
            return Err(stop!(
                self,
                "BAD_STATE",
                vgw_id,
                "the route names {vgw_id}, which the document does not have"
            ));
        };
        if vgw.attached_vpc() != Some(&vpc.id) {
            return Err(stop!(
                self,
                "BAD_STATE_ATTACHMENT",
                vgw_id,
                "{} is not attached to {}",
                self.label(vgw_id),
                self.label(vpc.id.as_str())
            ));
        }
        if !vpc_holds(vpc, flow.src) {
            let mut blocked = stop!(self, "VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS", vgw_id, "{} carries only traffic from addresses of {}; {} is not one (no transit through a VPC to a VPN or Direct Connect)",
                    self.label(vgw_id),
                    self.label(vpc.id.as_str()),
                    flow.src);
            blocked.rule = Some("PEERING_EDGE_TO_EDGE");
            return Err(blocked);
        }
        self.hop(vgw_id, "vpn-gateway", "cross", || {
            "to the virtual private gateway".to_string()
        });
        let Some(addr) = flow.dst else {
            return Err(stop(
                "NO_ROUTE_TO_DESTINATION",
                vgw_id,
                "the virtual private gateway leads only to on-premises networks".to_string(),
            ));
        };
        let net = self.net;
        // Direct Connect first (DX BGP > VPN static > VPN BGP on equal prefixes).
        if let Some((vif, site)) = net.site_behind_vifs(net.vifs_by_vgw.get(vgw_id), addr) {
            return self.via_vif(vif, None, site, dst);
        }
        for assoc in net
            .dx_assocs_by_gateway
            .get(vgw_id)
            .into_iter()
            .flatten()
            .copied()
        {
            if !state_ok(&assoc.state, "associated") {
                continue;
            }
            let vifs = net.vifs_by_dxgw.get(assoc.dx_gateway.as_str());
            if let Some((vif, site)) = net.site_behind_vifs(vifs, addr) {
                return self.via_vif(vif, Some(assoc), site, dst);
            }
            // Another VPC behind the same DX gateway: DX gateways never carry VGW-to-VGW traffic.
            if let Some((_, other_vpc)) = dst.in_vpc() {
                let behind_same = net
                    .dx_assocs_by_dxgw
                    .get(assoc.dx_gateway.as_str())
                    .into_iter()
                    .flatten()
                    .any(|other| {
                        net.vgws
                            .get(other.gateway.as_str())
                            .and_then(|g| g.attached_vpc())
                            == Some(&other_vpc.id)
                    });
                if behind_same {
                    let mut blocked = stop!(self, "NO_ROUTE_TO_DESTINATION", assoc.dx_gateway.as_str(), "Direct Connect gateway {} does not carry traffic between the VPCs associated with it ({} → {})",
                            self.label(assoc.dx_gateway.as_str()),
                            self.label(vpc.id.as_str()),
                            self.label(other_vpc.id.as_str()));
                    blocked.rule = Some("DX_NO_VGW_TO_VGW");
                    return Err(blocked);
                }
            }
        }
        let vpns: Vec<&'a VpnConnection> = net.vpns_by_vgw.get(vgw_id).cloned().unwrap_or_default();
        for vpn in vpns.iter().copied().filter(|v| v.static_routes_only) {
            let routed = vpn
                .routes
                .iter()
                .any(|r| state_ok(&r.state, "available") && r.cidr.0.contains(&addr));
            if routed {
                let site = net.site_behind_cgw(vpn.customer_gateway.as_str(), addr);
                return self.via_vpn(vpn, site, dst, addr);
            }
        }
        for vpn in vpns.iter().copied().filter(|v| !v.static_routes_only) {
            let site = net.site_behind_cgw(vpn.customer_gateway.as_str(), addr);
            if site.is_some() {
                return self.via_vpn(vpn, site, dst, addr);
            }
        }
        Err(stop!(self, "NO_ROUTE_TO_DESTINATION", vgw_id, "{} knows no route to {addr}: no VPN static route, BGP-advertised on-premises network or Direct Connect interface covers it",
                self.label(vgw_id)))
    }

    fn via_vpn(
        &mut self,
        vpn: &'a VpnConnection,
        site: Option<&'a OnPremNetwork>,
        dst: &End<'a>,
        addr: IpAddr,
    ) -> Step {
        self.vpn_up(vpn)?;
        match site {
            Some(site) => self.deliver_onprem(site, dst, addr),
            None => match &dst.place {
                Place::OnPrem(site) if site.cidrs.iter().any(|c| c.0.contains(&addr)) => self.deliver_onprem(site, dst, addr),
                _ => Err(stop!(self, "NO_ROUTE_TO_DESTINATION", vpn.id.as_str(), "{} routes {addr} to its customer gateway, but no on-premises network of the document holds it", self.label(vpn.id.as_str()))),
            },
        }
    }

    fn vpn_up(&mut self, vpn: &'a VpnConnection) -> Step {
        let id = vpn.id.as_str();
        if !state_ok(&vpn.state, "available") {
            let mut blocked = stop!(
                self,
                "BAD_STATE_VPN",
                id,
                "{} is {}, not available",
                self.label(id),
                vpn.state.as_deref().unwrap_or_default()
            );
            blocked.rule = Some("VPN_TUNNEL_DOWN");
            return Err(blocked);
        }
        let known: Vec<&str> = vpn
            .tunnels
            .iter()
            .filter_map(|t| t.status.as_deref())
            .collect();
        let up = vpn
            .tunnels
            .iter()
            .filter(|t| {
                t.status
                    .as_deref()
                    .is_none_or(|s| s.eq_ignore_ascii_case("up"))
            })
            .count();
        if !vpn.tunnels.is_empty() && up == 0 {
            let mut blocked = stop!(
                self,
                "BAD_STATE_VPN",
                id,
                "every tunnel of {} is down",
                self.label(id)
            );
            blocked.rule = Some("VPN_TUNNEL_DOWN");
            return Err(blocked);
        }
        let total = vpn.tunnels.len();
        self.hop(id, "vpn-connection", "cross", || {
            if known.is_empty() {
                "Site-to-Site VPN (tunnel status not given: assumed up)".to_string()
            } else {
                format!("Site-to-Site VPN, {up} of {total} tunnel(s) up")
            }
        });
        Ok(())
    }

    fn via_vif(
        &mut self,
        vif: &'a VirtualInterface,
        assoc: Option<&'a DxGatewayAssociation>,
        site: &'a OnPremNetwork,
        dst: &End<'a>,
    ) -> Step {
        self.vif_up(vif)?;
        if let Some(assoc) = assoc {
            let dxgw = assoc.dx_gateway.as_str();
            self.hop(dxgw, "dx-gateway", "cross", || {
                "Direct Connect gateway".to_string()
            });
        }
        match dst.addr.or_else(|| site.cidrs.first().map(|c| c.0.addr())) {
            Some(addr) => self.deliver_onprem(site, dst, addr),
            None => Err(stop(
                "NO_ROUTE_TO_DESTINATION",
                site.id.as_str(),
                "the on-premises network lists no ranges".to_string(),
            )),
        }
    }

    fn vif_up(&mut self, vif: &'a VirtualInterface) -> Step {
        let id = vif.id.as_str();
        if !state_ok(&vif.state, "available") {
            return Err(stop!(
                self,
                "BAD_STATE",
                id,
                "virtual interface {} is {}, not available",
                self.label(id),
                vif.state.as_deref().unwrap_or_default()
            ));
        }
        if !vif.bgp_status.is_empty()
            && !vif.bgp_status.iter().any(|s| s.eq_ignore_ascii_case("up"))
        {
            return Err(stop!(
                self,
                "BAD_STATE",
                id,
                "every BGP session of virtual interface {} is down",
                self.label(id)
            ));
        }
        let vlan = vif.vlan.map(|v| format!(", VLAN {v}")).unwrap_or_default();
        let kind = match vif.vif_type {
            VifType::Private => "private",
            VifType::Public => "public",
            VifType::Transit => "transit",
        };
        self.hop(id, "virtual-interface", "cross", || {
            format!("Direct Connect {kind} virtual interface{vlan}")
        });
        Ok(())
    }

    fn deliver_onprem(&mut self, site: &'a OnPremNetwork, dst: &End<'a>, addr: IpAddr) -> Step {
        match &dst.place {
            Place::OnPrem(target) if target.id == site.id => {
                self.hop(site.id.as_str(), "onprem", "deliver", || {
                    format!("delivered to {addr} on premises")
                });
                Ok(())
            }
            _ => Err(stop!(
                self,
                "NO_ROUTE_TO_DESTINATION",
                site.id.as_str(),
                "the traffic reaches on-premises network {} instead of {}",
                self.label(site.id.as_str()),
                dst.id
            )),
        }
    }

    fn tgw_from_vpc(
        &mut self,
        vpc: &'a Vpc,
        tgw_id: &str,
        from: Option<&'a Subnet>,
        flow: Flow,
        dst: &End<'a>,
    ) -> Step {
        let net = self.net;
        let Some(tgw) = net.tgws.get(tgw_id).copied() else {
            return Err(stop!(
                self,
                "BAD_STATE",
                tgw_id,
                "the route names {tgw_id}, which the document does not have"
            ));
        };
        if !state_ok(&tgw.state, "available") {
            return Err(stop!(
                self,
                "BAD_STATE",
                tgw_id,
                "{} is not available",
                self.label(tgw_id)
            ));
        }
        let Some(att) = net
            .attachment(tgw_id, vpc.id.as_str())
            .filter(|a| a.resource_type == "vpc")
        else {
            return Err(stop!(
                self,
                "UNASSOCIATED_COMPONENT",
                tgw_id,
                "{} is not attached to {}",
                self.label(vpc.id.as_str()),
                self.label(tgw_id)
            ));
        };
        self.attachment_ok(att)?;
        if let Some(az) = from.and_then(|s| s.az.as_deref()) {
            let in_az = att
                .subnets
                .iter()
                .filter_map(|s| net.subnets.get(s.as_str()))
                .any(|s| s.az.as_deref() == Some(az));
            if !att.subnets.is_empty() && !in_az {
                return Err(stop!(self, "TGW_ATTACH_VPC_AZ_RESTRICTION", att.id.as_str(), "attachment {} has no subnet in {az}, the zone of the source: traffic from that zone cannot use it", self.label(att.id.as_str())));
            }
        }
        let att_id = att.id.as_str();
        self.hop(tgw_id, "transit-gateway", "cross", || {
            format!("into the transit gateway through {att_id}")
        });
        self.tgw_by_attachment(tgw_id, att, flow, dst)
    }

    fn attachment_ok(&self, att: &TransitGatewayAttachment) -> Step {
        if state_ok(&att.state, "available") {
            Ok(())
        } else {
            Err(stop!(
                self,
                "BAD_STATE_ATTACHMENT",
                att.id.as_str(),
                "attachment {} is {}, not available",
                self.label(att.id.as_str()),
                att.state.as_deref().unwrap_or_default()
            ))
        }
    }

    /// Route in the transit gateway route table associated with the attachment traffic came in by.
    fn tgw_by_attachment(
        &mut self,
        tgw_id: &str,
        att: &'a TransitGatewayAttachment,
        flow: Flow,
        dst: &End<'a>,
    ) -> Step {
        let table = att
            .route_table
            .as_ref()
            .and_then(|id| self.net.tgw_tables.get(id.as_str()).copied());
        let Some(table) = table else {
            return Err(stop!(
                self,
                "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION",
                att.id.as_str(),
                "attachment {} is associated with no transit gateway route table of the document",
                self.label(att.id.as_str())
            ));
        };
        self.tgw_route(tgw_id, table, flow, dst)
    }

    fn tgw_route(
        &mut self,
        tgw_id: &str,
        table: &'a TransitGatewayRouteTable,
        flow: Flow,
        dst: &End<'a>,
    ) -> Step {
        self.steps += 1;
        let table_id = table.id.as_str();
        if self.steps > MAX_ROUTING_STEPS {
            return Err(stop!(
                self,
                "ROUTING_LOOP",
                table_id,
                "the path loops: more than {MAX_ROUTING_STEPS} routing decisions"
            ));
        }
        let net = self.net;
        let Some(choice) = lpm::choose_tgw(net, table, &flow) else {
            let mut blocked = stop!(
                self,
                "TGW_RTB_CANNOT_ROUTE",
                table_id,
                "transit gateway route table {} has no route to {}",
                self.label(table_id),
                describe_dst(dst, &flow)
            );
            blocked.change = fix::tgw_route_candidate(net, tgw_id, table, &flow, dst);
            return Err(blocked);
        };
        let target = choice.attachment_id.unwrap_or("blackhole");
        self.hop(table_id, "transit-gateway-route-table", "route", || {
            format!("{} → {target}: {}", choice.destination, choice.why())
        });
        let Some(att) = choice.attachment else {
            if choice.attachment_id.is_none() {
                return Err(stop!(
                    self,
                    "TGW_RTB_BAD_STATE_ROUTE",
                    table_id,
                    "the route {} in {} is a blackhole: matching traffic is dropped",
                    choice.destination,
                    self.label(table_id)
                ));
            }
            return Err(stop!(
                self,
                "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT",
                table_id,
                "the route {} → {target} names an attachment the document does not have",
                choice.destination
            ));
        };
        self.attachment_ok(att)?;
        let addr = flow.dst;
        match att.resource_type.as_str() {
            "vpc" => {
                let Some(vpc) = net.vpcs.get(att.resource.as_str()).copied() else {
                    return Err(stop!(
                        self,
                        "UNKNOWN_RESOURCE",
                        att.resource.as_str(),
                        "{} is not in the document",
                        att.resource
                    ));
                };
                let vpc_label = self.label(vpc.id.as_str());
                self.hop(
                    att.id.as_str(),
                    "transit-gateway-attachment",
                    "cross",
                    || format!("into {vpc_label}"),
                );
                if addr.is_some_and(|a| vpc_holds(vpc, a)) {
                    return self.arrive_in_vpc(vpc, flow, dst, None);
                }
                // Not for this VPC: routed by the attachment subnet's table (central egress, inspection).
                let subnet = att
                    .subnets
                    .iter()
                    .filter_map(|s| net.subnets.get(s.as_str()).copied())
                    .next();
                match subnet {
                    Some(subnet) => self.route_from_subnet(subnet, vpc, false, flow, dst),
                    None => Err(stop!(self, "NO_ROUTE_TO_DESTINATION", att.id.as_str(), "{} is not inside {vpc_label}, and the attachment lists no subnet to route it on from", describe_dst(dst, &flow))),
                }
            }
            "vpn" => {
                let Some(vpn) = net.vpns.get(att.resource.as_str()).copied() else {
                    return Err(stop!(
                        self,
                        "UNKNOWN_RESOURCE",
                        att.resource.as_str(),
                        "{} is not in the document",
                        att.resource
                    ));
                };
                let Some(addr) = addr else {
                    return Err(stop(
                        "NO_ROUTE_TO_DESTINATION",
                        att.id.as_str(),
                        "a VPN leads only to on-premises networks".to_string(),
                    ));
                };
                let site = net.site_behind_cgw(vpn.customer_gateway.as_str(), addr);
                self.via_vpn(vpn, site, dst, addr)
            }
            "direct-connect-gateway" => {
                let dxgw = att.resource.as_str();
                self.hop(dxgw, "dx-gateway", "cross", || {
                    "Direct Connect gateway".to_string()
                });
                let Some(addr) = addr else {
                    return Err(stop(
                        "NO_ROUTE_TO_DESTINATION",
                        dxgw,
                        "Direct Connect leads only to on-premises networks".to_string(),
                    ));
                };
                if let Some((vif, site)) = net.site_behind_vifs(net.vifs_by_dxgw.get(dxgw), addr) {
                    return self.via_vif(vif, None, site, dst);
                }
                Err(stop!(
                    self,
                    "NO_ROUTE_TO_DESTINATION",
                    dxgw,
                    "no virtual interface of Direct Connect gateway {} reaches {addr}",
                    self.label(dxgw)
                ))
            }
            "peering" => {
                let peer_tgw = if att.transit_gateway.as_str() == tgw_id {
                    att.resource.as_str()
                } else {
                    att.transit_gateway.as_str()
                };
                let peer_label = self.label(peer_tgw);
                self.hop(
                    att.id.as_str(),
                    "transit-gateway-attachment",
                    "cross",
                    || format!("over the transit gateway peering to {peer_label}"),
                );
                // The peer side's association is on its own copy of the attachment; without
                // one, the first table of the peer that routes the destination stands in.
                let peer_table = net
                    .topo
                    .transit_gateway_attachments
                    .iter()
                    .find(|a| a.id == att.id && a.transit_gateway.as_str() == peer_tgw)
                    .and_then(|a| a.route_table.as_ref())
                    .and_then(|id| net.tgw_tables.get(id.as_str()).copied())
                    .or_else(|| {
                        net.tgw_tables_by_tgw
                            .get(peer_tgw)
                            .into_iter()
                            .flatten()
                            .copied()
                            .find(|t| lpm::choose_tgw(net, t, &flow).is_some())
                    });
                match peer_table {
                    Some(t) => self.tgw_route(peer_tgw, t, flow, dst),
                    None => Err(stop!(
                        self,
                        "TGW_RTB_CANNOT_ROUTE",
                        peer_tgw,
                        "no route table of {peer_label} routes {}",
                        describe_dst(dst, &flow)
                    )),
                }
            }
            other => Err(stop!(
                self,
                "UNSUPPORTED_COMPONENT",
                att.id.as_str(),
                "attachments of type {other} are not followed by vpcmap"
            )),
        }
    }

    fn gateway_endpoint(&mut self, vpc: &'a Vpc, id: &str, flow: Flow, dst: &End<'a>) -> Step {
        let Some(endpoint) = self.net.endpoints.get(id).copied() else {
            return Err(stop!(
                self,
                "BAD_STATE",
                id,
                "the route names {id}, which the document does not have"
            ));
        };
        if endpoint.endpoint_type != EndpointType::Gateway {
            return Err(stop!(
                self,
                "UNSUPPORTED_COMPONENT",
                id,
                "{} is not a gateway endpoint",
                self.label(id)
            ));
        }
        if endpoint.vpc != vpc.id || !state_ok(&endpoint.state, "available") {
            return Err(stop!(
                self,
                "BAD_STATE",
                id,
                "{} is not an available endpoint of {}",
                self.label(id),
                self.label(vpc.id.as_str())
            ));
        }
        if !vpc_holds(vpc, flow.src) {
            let mut blocked = stop!(
                self,
                "VPCE_GATEWAY_EGRESS_SOURCE_ADDRESS_RESTRICTION",
                id,
                "gateway endpoint {} serves only addresses of its own VPC; {} is not one",
                self.label(id),
                flow.src
            );
            blocked.rule = Some("ENDPOINT_NOT_REACHABLE_FROM_PEER");
            return Err(blocked);
        }
        let tcp_or_icmp = matches!(
            flow.protocol,
            Protocol::Number(super::flow::TCP) | Protocol::Number(ICMP)
        );
        if !tcp_or_icmp || flow.src.is_ipv6() {
            let mut blocked = stop!(
                self,
                "VPCE_GATEWAY_PROTOCOL_RESTRICTION",
                id,
                "gateway endpoints carry IPv4 TCP and ICMP only, not {}",
                flow.describe()
            );
            blocked.rule = Some("ENDPOINT_PROTOCOL");
            return Err(blocked);
        }
        let service_name = endpoint.service.clone();
        self.hop(id, "vpc-endpoint", "cross", || {
            format!("gateway endpoint for {service_name}")
        });
        self.via_endpoint = true;
        match &dst.place {
            Place::Service(service)
                if endpoint.service_parts()
                    == Some((service.region.as_str(), service.service.as_str())) =>
            {
                let name = service.aws_name();
                self.hop(&dst.id, "service", "deliver", || {
                    format!("delivered to {name}")
                });
                Ok(())
            }
            _ => Err(stop!(
                self,
                "NO_ROUTE_TO_DESTINATION",
                id,
                "{} leads only to {}",
                self.label(id),
                endpoint.service
            )),
        }
    }

    /// From an on-premises network into a VPC: Direct Connect first, then VPN, through a VGW or
    /// a transit gateway; the first path that delivers wins.
    fn enter_from_onprem(&mut self, site: &'a OnPremNetwork, flow: Flow, dst: &End<'a>) -> Step {
        let net = self.net;
        let Some((_, target_vpc)) = dst.in_vpc() else {
            let mut blocked = stop!(
                self,
                "NO_PATH",
                site.id.as_str(),
                "vpcmap follows on-premises traffic into VPCs only; {} is not in a VPC",
                dst.id
            );
            blocked.rule = match dst.place {
                Place::OnPrem(_) => Some("DX_NO_VIF_TO_VIF"),
                // A gateway endpoint serves only its VPC: not traffic from VPN or Direct
                // Connect, whichever way the site is connected.
                Place::Service(_) if !site.virtual_interfaces.is_empty() => {
                    Some("ENDPOINT_NOT_REACHABLE_FROM_DX")
                }
                Place::Service(_) => Some("ENDPOINT_NOT_REACHABLE_FROM_VPN"),
                _ => None,
            };
            return Err(blocked);
        };
        let mut first_error: Option<(Box<Stop>, Vec<Hop>)> = None;
        let paths = onprem_paths(net, site);
        for path in &paths {
            let leads_here = match path.gateway {
                Gateway::Vgw(vgw) => vgw.attached_vpc() == Some(&target_vpc.id),
                Gateway::Tgw(_) => true,
            };
            if !leads_here {
                continue;
            }
            let mark = self.hops.len();
            let steps = self.steps;
            match self.follow_onprem_path(path, flow, dst, target_vpc) {
                Ok(()) => return Ok(()),
                Err(blocked) => {
                    let hops = self.hops.split_off(mark);
                    self.steps = steps;
                    if first_error.is_none() {
                        first_error = Some((blocked, hops));
                    }
                }
            }
        }
        if let Some((blocked, hops)) = first_error {
            self.hops.extend(hops);
            return Err(blocked);
        }
        Err(stop!(
            self,
            "NO_ROUTE_TO_DESTINATION",
            site.id.as_str(),
            "on-premises network {} has no VPN or Direct Connect path to {}",
            self.label(site.id.as_str()),
            self.label(target_vpc.id.as_str())
        ))
    }

    fn follow_onprem_path(
        &mut self,
        path: &OnPremPath<'a>,
        flow: Flow,
        dst: &End<'a>,
        target_vpc: &'a Vpc,
    ) -> Step {
        match path.link {
            Link::Vpn(vpn) => self.vpn_up(vpn)?,
            Link::Vif(vif, assoc) => {
                self.vif_up(vif)?;
                if let Some(assoc) = assoc {
                    let dxgw = assoc.dx_gateway.as_str();
                    if !state_ok(&assoc.state, "associated") {
                        return Err(stop!(
                            self,
                            "BAD_STATE",
                            assoc.id.as_str(),
                            "the association of {} is not associated",
                            self.label(dxgw)
                        ));
                    }
                    let addr = flow.dst;
                    let allowed = assoc.allowed_prefixes.is_empty()
                        || addr.is_some_and(|a| {
                            assoc.allowed_prefixes.iter().any(|p| p.0.contains(&a))
                        });
                    if !allowed {
                        let prefixes: Vec<String> = assoc
                            .allowed_prefixes
                            .iter()
                            .map(|p| p.to_string())
                            .collect();
                        let mut blocked = stop!(self, "NO_ROUTE_TO_DESTINATION", assoc.id.as_str(), "the association of Direct Connect gateway {} advertises only {} on premises; {} is not inside them",
                                self.label(dxgw),
                                prefixes.join(", "),
                                addr.map(|a| a.to_string()).unwrap_or_default());
                        blocked.rule = Some("DX_ALLOWED_PREFIX_NARROW");
                        return Err(blocked);
                    }
                    self.hop(dxgw, "dx-gateway", "cross", || {
                        "Direct Connect gateway".to_string()
                    });
                }
            }
        }
        match path.gateway {
            Gateway::Vgw(vgw) => {
                let vgw_id = vgw.id.as_str();
                if !flow.dst.is_some_and(|a| vpc_holds(target_vpc, a)) {
                    return Err(stop!(
                        self,
                        "VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                        vgw_id,
                        "{} delivers only to addresses of {}",
                        self.label(vgw_id),
                        self.label(target_vpc.id.as_str())
                    ));
                }
                let vpc_label = self.label(target_vpc.id.as_str());
                self.hop(vgw_id, "vpn-gateway", "cross", || {
                    format!("into {vpc_label}")
                });
                self.gateway_ingress(target_vpc, vgw_id, flow, dst)
            }
            Gateway::Tgw(tgw_id) => {
                let resource = match path.link {
                    Link::Vpn(vpn) => vpn.id.as_str(),
                    Link::Vif(_, Some(assoc)) => assoc.dx_gateway.as_str(),
                    Link::Vif(vif, None) => vif.id.as_str(),
                };
                let Some(att) = self.net.attachment(tgw_id, resource) else {
                    return Err(stop!(
                        self,
                        "UNASSOCIATED_COMPONENT",
                        tgw_id,
                        "{resource} has no attachment to {}",
                        self.label(tgw_id)
                    ));
                };
                self.attachment_ok(att)?;
                let att_id = att.id.as_str();
                self.hop(tgw_id, "transit-gateway", "cross", || {
                    format!("into the transit gateway through {att_id}")
                });
                self.tgw_by_attachment(tgw_id, att, flow, dst)
            }
        }
    }

    /// A reply from an AWS service: back through the gateway endpoint the request used, else
    /// over the internet to the public address the request came from.
    fn service_reply(&mut self, service: &ServiceRef, flow: Flow, dst: &End<'a>) -> Step {
        if self.via_endpoint {
            let name = service.aws_name();
            self.hop(&service_id(service), "service", "cross", || {
                format!("reply from {name} through the gateway endpoint")
            });
            return match dst.in_vpc() {
                Some((_, vpc)) => self.arrive_in_vpc(vpc, flow, dst, None),
                None => Err(stop(
                    "NO_PATH",
                    &dst.id,
                    "the reply has nowhere to go".to_string(),
                )),
            };
        }
        self.enter_from_internet(flow, dst)
    }
}

fn service_id(service: &ServiceRef) -> String {
    format!("service:{}@{}", service.service, service.region)
}

#[derive(Clone, Copy)]
enum Gateway<'a> {
    Vgw(&'a VpnGateway),
    Tgw(&'a str),
}

#[derive(Clone, Copy)]
enum Link<'a> {
    Vpn(&'a VpnConnection),
    Vif(&'a VirtualInterface, Option<&'a DxGatewayAssociation>),
}

struct OnPremPath<'a> {
    link: Link<'a>,
    gateway: Gateway<'a>,
}

/// Every way out of an on-premises network into AWS, Direct Connect before VPN.
fn onprem_paths<'a>(net: &Net<'a>, site: &'a OnPremNetwork) -> Vec<OnPremPath<'a>> {
    let mut paths = Vec::new();
    for vif in site
        .virtual_interfaces
        .iter()
        .filter_map(|id| net.vifs.get(id.as_str()).copied())
    {
        if let Some(vgw) = vif
            .vpn_gateway
            .as_ref()
            .and_then(|id| net.vgws.get(id.as_str()).copied())
        {
            paths.push(OnPremPath {
                link: Link::Vif(vif, None),
                gateway: Gateway::Vgw(vgw),
            });
        }
        if let Some(dxgw) = &vif.dx_gateway {
            for assoc in net
                .dx_assocs_by_dxgw
                .get(dxgw.as_str())
                .into_iter()
                .flatten()
                .copied()
            {
                if let Some(vgw) = net.vgws.get(assoc.gateway.as_str()).copied() {
                    paths.push(OnPremPath {
                        link: Link::Vif(vif, Some(assoc)),
                        gateway: Gateway::Vgw(vgw),
                    });
                } else if let Some(tgw) = net.tgws.get(assoc.gateway.as_str()) {
                    paths.push(OnPremPath {
                        link: Link::Vif(vif, Some(assoc)),
                        gateway: Gateway::Tgw(tgw.id.as_str()),
                    });
                }
            }
        }
    }
    for cgw in &site.customer_gateways {
        for vpn in net
            .vpns_by_cgw
            .get(cgw.as_str())
            .into_iter()
            .flatten()
            .copied()
        {
            if let Some(vgw) = vpn
                .vpn_gateway
                .as_ref()
                .and_then(|id| net.vgws.get(id.as_str()).copied())
            {
                paths.push(OnPremPath {
                    link: Link::Vpn(vpn),
                    gateway: Gateway::Vgw(vgw),
                });
            }
            if let Some(tgw) = vpn
                .transit_gateway
                .as_ref()
                .and_then(|id| net.tgws.get(id.as_str()))
            {
                paths.push(OnPremPath {
                    link: Link::Vpn(vpn),
                    gateway: Gateway::Tgw(tgw.id.as_str()),
                });
            }
        }
    }
    paths
}

/// A state field that is absent or equal to `good` (case-insensitively).
fn state_ok(state: &Option<String>, good: &str) -> bool {
    state
        .as_deref()
        .is_none_or(|s| s.eq_ignore_ascii_case(good))
}

fn service_of<'e>(dst: &'e End) -> Option<&'e ServiceRef> {
    match &dst.place {
        Place::Service(service) => Some(service),
        _ => None,
    }
}

/// `10.2.0.5 (subnet-b1)`: the destination as messages name it.
fn describe_dst(dst: &End, flow: &Flow) -> String {
    match (&dst.place, flow.dst) {
        (Place::Service(service), _) => service.aws_name(),
        (Place::Internet, Some(addr)) if addr != IpAddr::V4(super::endpoint::INTERNET_V4) => {
            format!("{addr} (the internet)")
        }
        (Place::Internet, _) => "the internet".to_string(),
        (_, Some(addr)) if addr.to_string() != dst.id => format!("{addr} ({})", dst.id),
        _ => dst.id.clone(),
    }
}

/// The reply's port: an ephemeral port for TCP/UDP, echo reply for an echo request.
fn reply_port(flow: &Flow) -> Option<u16> {
    match flow.protocol {
        p if p.has_ports() => Some(EPHEMERAL_PORT),
        p if p.is_icmp() => match flow.port {
            Some(8) => Some(0),
            Some(128) => Some(129),
            other => other,
        },
        _ => None,
    }
}

fn into_blocked(stop: Stop) -> (Blocked, Option<Change>) {
    (
        Blocked {
            code: stop.code.to_string(),
            rule: stop.rule.map(str::to_string),
            resource: stop.resource,
            message: stop.message,
            fix: None,
            changes: Vec::new(),
        },
        stop.change,
    )
}

/// The result of a walk in both directions, plus the change `fix.rs` may try.
pub(crate) struct Outcome {
    pub trace: super::Trace,
    pub candidate: Option<Change>,
}

/// Both legs of a walk, before they become a `Trace`.
pub(crate) struct Walked {
    pub forward_hops: Vec<Hop>,
    pub forward: Step,
    /// `None` when the forward leg stopped or the reply cannot be followed.
    pub reply: Option<(Vec<Hop>, Step)>,
}

impl Walked {
    /// The first stop, on the way there or back.
    pub fn first_stop(&self) -> Option<&Stop> {
        match (&self.forward, &self.reply) {
            (Err(stopped), _) => Some(&**stopped),
            (Ok(()), Some((_, Err(stopped)))) => Some(&**stopped),
            _ => None,
        }
    }
}

/// Walk `flow` from `src` to `dst`, then its reply back.
pub(crate) fn walk_both<'a>(
    net: &Net<'a>,
    src: &End<'a>,
    dst: &End<'a>,
    flow: Flow,
    record: bool,
) -> Walked {
    let mut forward = Walker::new(net, record, false);
    let result = forward.start(src, dst, flow);
    if result.is_err() || matches!(dst.place, Place::ExternalVpc { .. }) {
        return Walked {
            forward_hops: forward.hops,
            forward: result,
            reply: None,
        };
    }
    let reply_src_addr = match &dst.place {
        Place::Nic { .. } => dst
            .addr
            .filter(|a| !is_public(*a) || a.is_ipv6())
            .or_else(|| private_of(net, dst))
            .or(dst.addr),
        _ => dst.addr,
    };
    // The reply goes to the address the destination saw: the NAT gateway's, the source's public
    // address after an internet gateway, or the source's own.
    let reply_dst: End<'a> = match forward.nat {
        Some(nat) => match net
            .subnets
            .get(nat.subnet.as_str())
            .copied()
            .zip(net.vpcs.get(nat.vpc.as_str()).copied())
        {
            Some((subnet, vpc)) => End {
                id: nat.id.to_string(),
                kind: "nat-gateway",
                addr: if forward.exited_igw {
                    Some(
                        nat.public_ip
                            .map(IpAddr::V4)
                            .unwrap_or(IpAddr::V4(SOME_PUBLIC_V4)),
                    )
                } else {
                    nat.private_ip
                        .map(IpAddr::V4)
                        .or_else(|| subnet_host(subnet))
                },
                place: Place::NatReturn {
                    nat,
                    subnet,
                    vpc,
                    then: Box::new(End {
                        addr: Some(flow.src),
                        ..src.clone()
                    }),
                },
            },
            None => src.clone(),
        },
        None if forward.exited_igw && !flow.src.is_ipv6() => {
            let public = match &src.place {
                Place::Nic { public_ip, .. } => public_ip.unwrap_or(IpAddr::V4(SOME_PUBLIC_V4)),
                _ => IpAddr::V4(SOME_PUBLIC_V4),
            };
            End {
                addr: Some(public),
                ..src.clone()
            }
        }
        None => End {
            addr: Some(flow.src),
            ..src.clone()
        },
    };
    let Some(reply_src_addr) = reply_src_addr else {
        return Walked {
            forward_hops: forward.hops,
            forward: result,
            reply: None,
        };
    };
    let reply_flow = Flow {
        src: reply_src_addr,
        dst: reply_dst.addr,
        protocol: flow.protocol,
        port: reply_port(&flow),
    };
    let mut back = Walker::new(net, record, true);
    back.via_endpoint = forward.via_endpoint;
    let reply_result = back.start(dst, &reply_dst, reply_flow);
    Walked {
        forward_hops: forward.hops,
        forward: result,
        reply: Some((back.hops, reply_result)),
    }
}

/// Trace a resolved query in both directions.
pub(crate) fn run<'a>(net: &Net<'a>, resolved: &Resolved<'a>, record: bool) -> Trace {
    run_with_candidate(net, resolved, record).trace
}

pub(crate) fn run_with_candidate<'a>(
    net: &Net<'a>,
    resolved: &Resolved<'a>,
    record: bool,
) -> Outcome {
    let (src, dst, flow) = (&resolved.src, &resolved.dst, resolved.flow);
    let walked = walk_both(net, src, dst, flow, record);
    let mut trace = Trace {
        reachable: false,
        from: src.reference(net),
        to: dst.reference(net),
        protocol: flow.protocol.name(),
        port: flow.port,
        hops: walked.forward_hops,
        blocked: None,
        reply: None,
    };
    if let Err(stopped) = walked.forward {
        let (blocked, candidate) = into_blocked(*stopped);
        trace.blocked = Some(blocked);
        return Outcome { trace, candidate };
    }
    let Some((reply_hops, reply_result)) = walked.reply else {
        trace.reachable = true;
        return Outcome {
            trace,
            candidate: None,
        };
    };
    let (leg, candidate) = match reply_result {
        Ok(()) => (
            Leg {
                reachable: true,
                hops: reply_hops,
                blocked: None,
            },
            None,
        ),
        Err(stopped) => {
            let (blocked, candidate) = into_blocked(*stopped);
            trace.blocked = Some(blocked.clone());
            (
                Leg {
                    reachable: false,
                    hops: reply_hops,
                    blocked: Some(blocked),
                },
                candidate,
            )
        }
    };
    trace.reachable = leg.reachable;
    trace.reply = Some(leg);
    Outcome { trace, candidate }
}
