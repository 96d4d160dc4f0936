//! The two ends of a trace: what `--from` and `--to` name, placed in the model.
//!
//! An instance or network interface is placed in its subnet with its groups and addresses; a
//! subnet stands for a host in it (its first assignable address, `.4`, since AWS reserves the
//! first four); an IP address is placed by the interface, subnet, on-premises network or peer
//! VPC that holds it, and a public address that none holds is on the internet. A service is
//! regional: `service:s3` means the S3 of the other end's Region unless `@region` says otherwise.

use super::flow::{Flow, Protocol, ICMP, ICMPV6};
use super::lpm::ServiceRef;
use super::net::Net;
use super::{EndpointRef, Query, QueryError};
use crate::model::*;
use std::net::{IpAddr, Ipv4Addr};

/// Where an end of a flow sits.
#[derive(Clone, Debug)]
pub(crate) enum Place<'a> {
    /// An instance or network interface: a subnet plus security groups.
    Nic {
        subnet: &'a Subnet,
        vpc: &'a Vpc,
        groups: &'a [SecurityGroupId],
        public_ip: Option<IpAddr>,
    },
    /// A host in a subnet whose network interface the document does not give: no security
    /// groups are evaluated for it.
    Subnet {
        subnet: &'a Subnet,
        vpc: &'a Vpc,
    },
    Internet,
    OnPrem(&'a OnPremNetwork),
    Service(ServiceRef),
    /// A peer VPC the document does not contain (another account's), known by its peering.
    ExternalVpc {
        vpc: &'a str,
        peering: &'a VpcPeeringConnection,
    },
    /// Reply leg only: back to the NAT gateway that translated the forward flow, then on to
    /// the original source.
    NatReturn {
        nat: &'a NatGateway,
        subnet: &'a Subnet,
        vpc: &'a Vpc,
        then: Box<End<'a>>,
    },
}

/// One end of a flow: what it is and the address the flow uses there.
#[derive(Clone, Debug)]
pub(crate) struct End<'a> {
    pub id: String,
    pub kind: &'static str,
    pub place: Place<'a>,
    pub addr: Option<IpAddr>,
}

impl<'a> End<'a> {
    /// The subnet and VPC of an end inside a VPC.
    pub fn in_vpc(&self) -> Option<(&'a Subnet, &'a Vpc)> {
        match &self.place {
            Place::Nic { subnet, vpc, .. }
            | Place::Subnet { subnet, vpc }
            | Place::NatReturn { subnet, vpc, .. } => Some((subnet, vpc)),
            _ => None,
        }
    }

    pub fn reference(&self, net: &Net) -> EndpointRef {
        EndpointRef {
            id: self.id.clone(),
            kind: self.kind.to_string(),
            label: match &self.place {
                Place::Internet => "the internet".to_string(),
                Place::Service(service) => service.aws_name(),
                _ => net.label(&self.id),
            },
            address: self.addr.map(|a| a.to_string()),
        }
    }
}

/// A resolved query.
pub(crate) struct Resolved<'a> {
    pub src: End<'a>,
    pub dst: End<'a>,
    pub flow: Flow,
}

/// An address that stands for "somewhere on the internet" (TEST-NET-2, never assigned).
pub(crate) const INTERNET_V4: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 10);

const EXPECTED: &str = "expected an instance id (i-…), a network interface id (eni-…), a subnet id (subnet-…), an IP address, `internet`, an on-premises network's id, name or CIDR, or service:dynamodb / service:s3 (optionally @region)";

pub(crate) fn resolve_query<'a>(net: &Net<'a>, query: &Query) -> Result<Resolved<'a>, QueryError> {
    let src_service = parse_service(&query.from);
    let dst_service = parse_service(&query.to);
    let mut src = match &src_service {
        Some(_) => None,
        None => Some(resolve(net, &query.from, "from")?),
    };
    let mut dst = match &dst_service {
        Some(_) => None,
        None => Some(resolve(net, &query.to, "to")?),
    };
    if let Some(spec) = &dst_service {
        dst = Some(service_end(net, spec, src.as_ref(), "to")?);
    }
    if let Some(spec) = &src_service {
        src = Some(service_end(net, spec, dst.as_ref(), "from")?);
    }
    let (Some(src), Some(dst)) = (src, dst) else {
        return Err(QueryError {
            field: "from",
            message: "two services cannot be traced to each other".to_string(),
        });
    };
    let to_service = matches!(dst.place, Place::Service(_));
    let (protocol, port) = flow_shape(
        parse_protocol(query.protocol.as_deref())?,
        query.port,
        to_service,
    )?;
    // A source named by its public address sends from its private one.
    let src_addr = match &src.place {
        Place::Nic { .. } if src.addr.is_some_and(|a| a.is_ipv4() && is_public(a)) => {
            private_of(net, &src).or(src.addr)
        }
        _ => src.addr,
    };
    let Some(src_addr) = src_addr else {
        return Err(QueryError {
            field: "from",
            message: format!("{} has no address to send from", src.id),
        });
    };
    if let (Some(IpAddr::V4(_)), IpAddr::V6(_)) | (Some(IpAddr::V6(_)), IpAddr::V4(_)) =
        (dst.addr, src_addr)
    {
        return Err(QueryError {
            field: "to",
            message: format!(
                "{} ({}) and {} ({}) are of different address families",
                src.id,
                src_addr,
                dst.id,
                dst.addr.map(|a| a.to_string()).unwrap_or_default()
            ),
        });
    }
    let flow = Flow {
        src: src_addr,
        dst: dst.addr,
        protocol,
        port,
    };
    Ok(Resolved { src, dst, flow })
}

/// A `--protocol` value: `None` when not given.
pub(crate) fn parse_protocol(text: Option<&str>) -> Result<Option<Protocol>, QueryError> {
    let Some(text) = text else {
        return Ok(None);
    };
    Protocol::parse(text).map(Some).ok_or_else(|| QueryError {
        field: "protocol",
        message: format!(
            "expected tcp, udp, icmp, icmpv6, all or an IP protocol number 0-255, found {text:?}"
        ),
    })
}

/// The protocol and port of a flow from what the query gives: all traffic by default, TCP 443
/// towards a service (gateway endpoints carry TCP and ICMP only), ICMP echo request for ICMP.
pub(crate) fn flow_shape(
    protocol: Option<Protocol>,
    port: Option<u16>,
    to_service: bool,
) -> Result<(Protocol, Option<u16>), QueryError> {
    let protocol = match protocol {
        Some(protocol) => protocol,
        None if to_service => Protocol::Number(super::flow::TCP),
        None => Protocol::All,
    };
    let port = match (port, protocol) {
        (Some(port), p) if p.has_ports() || p.is_icmp() => Some(port),
        (Some(port), p) => {
            return Err(QueryError {
                field: "port",
                message: format!(
                    "a port ({port}) applies to tcp, udp and icmp (as the ICMP type), not to {}",
                    p.name()
                ),
            })
        }
        (None, Protocol::Number(ICMP | ICMPV6)) => Some(8),
        (None, p) if p.has_ports() && to_service => Some(443),
        (None, _) => None,
    };
    Ok((protocol, port))
}

fn parse_service(spec: &str) -> Option<(String, Option<String>)> {
    let rest = spec.trim().strip_prefix("service:")?;
    let (name, region) = match rest.split_once('@') {
        Some((name, region)) => (name, Some(region.to_string())),
        None => (rest, None),
    };
    Some((name.to_ascii_lowercase(), region))
}

fn service_end<'a>(
    net: &Net<'a>,
    (name, region): &(String, Option<String>),
    other: Option<&End<'a>>,
    field: &'static str,
) -> Result<End<'a>, QueryError> {
    if name != "dynamodb" && name != "s3" {
        return Err(QueryError {
            field,
            message: format!("expected service:dynamodb or service:s3, found service:{name}"),
        });
    }
    let region = match region {
        Some(region) => region.clone(),
        None => match other.and_then(|end| end.in_vpc()) {
            Some((_, vpc)) => vpc.region.clone(),
            None => {
                return Err(QueryError {
                    field,
                    message: format!(
                        "service:{name} is regional and the other end is not in a VPC: name the Region, e.g. service:{name}@us-east-1"
                    ),
                })
            }
        },
    };
    let service = ServiceRef {
        service: name.clone(),
        region,
    };
    Ok(service_place(net, service))
}

/// The service's address: the first host of its prefix list, when the document has the list.
pub(crate) fn service_address(net: &Net, service: &ServiceRef) -> Option<IpAddr> {
    let aws_name = service.aws_name();
    net.topo
        .prefix_lists
        .iter()
        .filter(|list| list.name.as_deref() == Some(aws_name.as_str()))
        .flat_map(|list| list.cidrs.iter())
        .find_map(|cidr| cidr.v4())
        .map(|cidr| IpAddr::V4(first_host(&cidr)))
}

/// The end for an AWS service.
pub(crate) fn service_place<'a>(net: &Net<'a>, service: ServiceRef) -> End<'a> {
    End {
        id: format!("service:{}@{}", service.service, service.region),
        kind: "service",
        addr: service_address(net, &service),
        place: Place::Service(service),
    }
}

/// The first address of a block that a host can have: `.4` in a subnet-sized block (AWS keeps
/// the first four), the block itself for a /32.
fn first_host(cidr: &Cidr4) -> Ipv4Addr {
    let net = cidr.network();
    let base = u32::from(net.network());
    let offset = match net.prefix_len() {
        32 => 0,
        31 | 30 => 1,
        _ => 4,
    };
    Ipv4Addr::from(base.saturating_add(offset))
}

pub(crate) fn subnet_host(subnet: &Subnet) -> Option<IpAddr> {
    if let Some(cidr) = &subnet.cidr {
        return Some(IpAddr::V4(first_host(cidr)));
    }
    subnet.ipv6_cidrs.first().map(|cidr| {
        let base = u128::from(cidr.network().network());
        IpAddr::V6(std::net::Ipv6Addr::from(base.saturating_add(4)))
    })
}

fn resolve<'a>(net: &Net<'a>, spec: &str, field: &'static str) -> Result<End<'a>, QueryError> {
    let spec = spec.trim();
    let not_found = |what: &str| QueryError {
        field,
        message: format!("{what}; {EXPECTED}"),
    };
    if spec.eq_ignore_ascii_case("internet") {
        return Ok(End {
            id: "internet".to_string(),
            kind: "internet",
            place: Place::Internet,
            addr: Some(IpAddr::V4(INTERNET_V4)),
        });
    }
    if let Some(instance) = net.instances.get(spec) {
        return instance_end(net, instance, None, field);
    }
    if let Some(eni) = net.enis.get(spec) {
        return eni_end(net, eni, None, field);
    }
    if let Some(subnet) = net.subnets.get(spec) {
        let vpc = subnet_vpc(net, subnet, field)?;
        return Ok(End {
            id: subnet.id.to_string(),
            kind: "subnet",
            place: Place::Subnet { subnet, vpc },
            addr: subnet_host(subnet),
        });
    }
    if let Some(site) = net.onprem.get(spec).copied().or_else(|| {
        net.topo.on_prem_networks.iter().find(|site| {
            site.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(spec))
        })
    }) {
        return onprem_end(site, None, field);
    }
    if let Ok(addr) = spec.parse::<IpAddr>() {
        return place_address(net, addr, field);
    }
    if let Ok(cidr) = spec.parse::<Cidr>() {
        let site = net.topo.on_prem_networks.iter().find(|site| {
            site.cidrs
                .iter()
                .any(|c| c.0.contains(&cidr.0) || c.0 == cidr.0)
        });
        return match site {
            Some(site) => onprem_end(site, Some(&cidr), field),
            None => Err(not_found(&format!(
                "no on-premises network of the document holds {spec}"
            ))),
        };
    }
    if spec.starts_with("i-") || spec.starts_with("eni-") || spec.starts_with("subnet-") {
        return Err(not_found(&format!("the document has no {spec}")));
    }
    Err(not_found(&format!(
        "nothing in the document is called {spec:?}"
    )))
}

fn subnet_vpc<'a>(
    net: &Net<'a>,
    subnet: &Subnet,
    field: &'static str,
) -> Result<&'a Vpc, QueryError> {
    net.vpcs
        .get(subnet.vpc.as_str())
        .copied()
        .ok_or_else(|| QueryError {
            field,
            message: format!(
                "subnet {} names VPC {}, which the document does not have",
                subnet.id, subnet.vpc
            ),
        })
}

fn instance_end<'a>(
    net: &Net<'a>,
    instance: &'a Instance,
    addr: Option<IpAddr>,
    field: &'static str,
) -> Result<End<'a>, QueryError> {
    let subnet = net
        .subnets
        .get(instance.subnet.as_str())
        .copied()
        .ok_or_else(|| QueryError {
            field,
            message: format!(
                "instance {} is in subnet {}, which the document does not have",
                instance.id, instance.subnet
            ),
        })?;
    let vpc = subnet_vpc(net, subnet, field)?;
    // An instance's groups are on its network interfaces; the instance lists them too.
    let groups: &'a [SecurityGroupId] = if instance.security_groups.is_empty() {
        net.topo
            .network_interfaces
            .iter()
            .find(|eni| eni.instance.as_ref() == Some(&instance.id))
            .map(|eni| eni.security_groups.as_slice())
            .unwrap_or(&[])
    } else {
        &instance.security_groups
    };
    Ok(End {
        id: instance.id.to_string(),
        kind: "instance",
        place: Place::Nic {
            subnet,
            vpc,
            groups,
            public_ip: instance.public_ip.map(IpAddr::V4),
        },
        addr: addr
            .or(instance.private_ip.map(IpAddr::V4))
            .or_else(|| subnet_host(subnet)),
    })
}

fn eni_end<'a>(
    net: &Net<'a>,
    eni: &'a NetworkInterface,
    addr: Option<IpAddr>,
    field: &'static str,
) -> Result<End<'a>, QueryError> {
    let subnet = net
        .subnets
        .get(eni.subnet.as_str())
        .copied()
        .ok_or_else(|| QueryError {
            field,
            message: format!(
                "network interface {} is in subnet {}, which the document does not have",
                eni.id, eni.subnet
            ),
        })?;
    let vpc = subnet_vpc(net, subnet, field)?;
    Ok(End {
        id: eni.id.to_string(),
        kind: "network-interface",
        place: Place::Nic {
            subnet,
            vpc,
            groups: &eni.security_groups,
            public_ip: eni.public_ip.map(IpAddr::V4),
        },
        addr: addr
            .or(eni.private_ips.first().copied().map(IpAddr::V4))
            .or(eni.ipv6_addresses.first().copied().map(IpAddr::V6))
            .or_else(|| subnet_host(subnet)),
    })
}

pub(crate) fn onprem_end<'a>(
    site: &'a OnPremNetwork,
    cidr: Option<&Cidr>,
    field: &'static str,
) -> Result<End<'a>, QueryError> {
    let block = cidr
        .or_else(|| site.cidrs.iter().find(|c| c.v4().is_some()))
        .or(site.cidrs.first());
    let Some(block) = block else {
        return Err(QueryError {
            field,
            message: format!("on-premises network {} lists no address ranges", site.id),
        });
    };
    let addr = match block.0 {
        ipnet::IpNet::V4(v4) => IpAddr::V4(first_host(&Cidr4(v4))),
        ipnet::IpNet::V6(v6) => IpAddr::V6(std::net::Ipv6Addr::from(
            u128::from(v6.network()).saturating_add(1),
        )),
    };
    Ok(End {
        id: site.id.to_string(),
        kind: "onprem",
        place: Place::OnPrem(site),
        addr: Some(addr),
    })
}

fn place_address<'a>(
    net: &Net<'a>,
    addr: IpAddr,
    field: &'static str,
) -> Result<End<'a>, QueryError> {
    let topo = net.topo;
    if let Some(eni) = topo.network_interfaces.iter().find(|eni| {
        eni.private_ips.iter().any(|ip| IpAddr::V4(*ip) == addr)
            || eni.ipv6_addresses.iter().any(|ip| IpAddr::V6(*ip) == addr)
            || eni.public_ip.map(IpAddr::V4) == Some(addr)
    }) {
        // An interface attached to an instance is shown as the instance.
        if let Some(instance) = eni
            .instance
            .as_ref()
            .and_then(|id| net.instances.get(id.as_str()))
        {
            return instance_end(net, instance, Some(addr), field);
        }
        return eni_end(net, eni, Some(addr), field);
    }
    if let Some(instance) = topo.instances.iter().find(|i| {
        i.private_ip.map(IpAddr::V4) == Some(addr) || i.public_ip.map(IpAddr::V4) == Some(addr)
    }) {
        return instance_end(net, instance, Some(addr), field);
    }
    for subnet in &topo.subnets {
        let holds = subnet
            .cidr
            .as_ref()
            .is_some_and(|c| super::flow::cidr4_holds(c, addr))
            || subnet
                .ipv6_cidrs
                .iter()
                .any(|c| super::flow::cidr6_holds(c, addr));
        if holds {
            let vpc = subnet_vpc(net, subnet, field)?;
            return Ok(End {
                id: addr.to_string(),
                kind: "address",
                place: Place::Subnet { subnet, vpc },
                addr: Some(addr),
            });
        }
    }
    if let Some(site) = topo
        .on_prem_networks
        .iter()
        .find(|site| site.cidrs.iter().any(|c| c.0.contains(&addr)))
    {
        return Ok(End {
            id: site.id.to_string(),
            kind: "onprem",
            place: Place::OnPrem(site),
            addr: Some(addr),
        });
    }
    for peering in &topo.vpc_peering_connections {
        for side in [&peering.requester, &peering.accepter] {
            if net.vpcs.contains_key(side.vpc.as_str()) {
                continue;
            }
            let holds = side.cidrs.iter().any(|c| super::flow::cidr4_holds(c, addr))
                || side
                    .ipv6_cidrs
                    .iter()
                    .any(|c| super::flow::cidr6_holds(c, addr));
            if holds {
                return Ok(End {
                    id: side.vpc.to_string(),
                    kind: "vpc",
                    place: Place::ExternalVpc {
                        vpc: side.vpc.as_str(),
                        peering,
                    },
                    addr: Some(addr),
                });
            }
        }
    }
    if is_public(addr) {
        return Ok(End {
            id: "internet".to_string(),
            kind: "internet",
            place: Place::Internet,
            addr: Some(addr),
        });
    }
    Err(QueryError {
        field,
        message: format!(
            "{addr} is in no subnet, network interface, on-premises network or peer VPC of the document, and is not an internet address"
        ),
    })
}

/// Addresses the internet routes: not private, shared (100.64.0.0/10), link-local or loopback.
pub(crate) fn is_public(addr: IpAddr) -> bool {
    match addr {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || (o[0] == 100 && (64..128).contains(&o[1])))
        }
        IpAddr::V6(v6) => (v6.segments()[0] & 0xe000) == 0x2000,
    }
}

/// The private address of an interface end reached by its public address.
pub(crate) fn private_of(net: &Net, end: &End) -> Option<IpAddr> {
    if let Some(instance) = net.instances.get(end.id.as_str()) {
        return instance.private_ip.map(IpAddr::V4);
    }
    net.enis
        .get(end.id.as_str())
        .and_then(|eni| eni.private_ips.first().copied().map(IpAddr::V4))
}
