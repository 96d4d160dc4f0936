//! The reachability matrix: which subnets, on-premises networks, the internet and the AWS
//! services of the document can reach which, for one protocol and port.
//!
//! Every ordered pair runs the same two-way walk as `trace`, without recording hops, over one
//! index built once — so a cell means exactly what a trace between the two would say.
//! Services are destinations only (they answer, they do not open connections); a service
//! appears once per Region that has a gateway endpoint for it.

use super::endpoint::{subnet_host, End, Place, INTERNET_V4};
use super::flow::{Flow, Protocol, TCP};
use super::lpm::ServiceRef;
use super::net::Net;
use super::{QueryError, Topology};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The flow a matrix is computed for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixQuery {
    /// As `Query::protocol`; default `all` (TCP 443 towards services).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixEndpoint {
    pub id: String,
    /// `subnet`, `onprem`, `internet`, `service`.
    pub kind: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    pub from: String,
    pub to: String,
    pub reachable: bool,
    /// Why not: the blocking code, as a trace would give it.
    pub code: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    pub endpoints: Vec<MatrixEndpoint>,
    /// Every ordered pair of distinct endpoints, sources in endpoint order.
    pub cells: Vec<MatrixCell>,
}

/// The endpoints of the matrix, in document order: subnets, on-premises networks, the
/// internet, then services.
fn endpoints<'a>(net: &Net<'a>) -> Vec<End<'a>> {
    let topo = net.topo;
    let mut ends = Vec::new();
    for subnet in &topo.subnets {
        if let Some(vpc) = net.vpcs.get(subnet.vpc.as_str()).copied() {
            ends.push(End {
                id: subnet.id.to_string(),
                kind: "subnet",
                place: Place::Subnet { subnet, vpc },
                addr: subnet_host(subnet),
            });
        }
    }
    for site in &topo.on_prem_networks {
        let addr = site.cidrs.iter().find_map(|c| c.v4()).map(|c| {
            IpAddr::V4(std::net::Ipv4Addr::from(
                u32::from(c.network().network()).saturating_add(1),
            ))
        });
        if addr.is_some() {
            ends.push(End {
                id: site.id.to_string(),
                kind: "onprem",
                place: Place::OnPrem(site),
                addr,
            });
        }
    }
    ends.push(End {
        id: "internet".to_string(),
        kind: "internet",
        place: Place::Internet,
        addr: Some(IpAddr::V4(INTERNET_V4)),
    });
    let mut services: Vec<ServiceRef> = Vec::new();
    for endpoint in &topo.vpc_endpoints {
        if let Some((region, service)) = endpoint.service_parts() {
            let service = ServiceRef {
                service: service.to_string(),
                region: region.to_string(),
            };
            if (service.service == "s3" || service.service == "dynamodb")
                && !services.contains(&service)
            {
                services.push(service);
            }
        }
    }
    for service in services {
        let aws_name = service.aws_name();
        let addr = topo
            .prefix_lists
            .iter()
            .filter(|list| list.name.as_deref() == Some(aws_name.as_str()))
            .flat_map(|list| list.cidrs.iter())
            .find_map(|c| c.v4())
            .map(|c| {
                IpAddr::V4(std::net::Ipv4Addr::from(
                    u32::from(c.network().network()).saturating_add(4),
                ))
            });
        ends.push(End {
            id: format!("service:{}@{}", service.service, service.region),
            kind: "service",
            place: Place::Service(service),
            addr,
        });
    }
    ends
}

/// Compute the matrix.
pub fn matrix(topo: &Topology, query: &MatrixQuery) -> Result<Matrix, QueryError> {
    let protocol = match &query.protocol {
        Some(text) => Some(Protocol::parse(text).ok_or_else(|| QueryError {
            field: "protocol",
            message: format!("expected tcp, udp, icmp, icmpv6, all or an IP protocol number 0-255, found {text:?}"),
        })?),
        None => None,
    };
    if let (Some(port), Some(p)) = (query.port, protocol) {
        if !p.has_ports() && !p.is_icmp() {
            return Err(QueryError {
                field: "port",
                message: format!(
                    "a port ({port}) applies to tcp, udp and icmp, not to {}",
                    p.name()
                ),
            });
        }
    }
    let net = Net::new(topo);
    let ends = endpoints(&net);
    let mut cells = Vec::with_capacity(ends.len().saturating_mul(ends.len().saturating_sub(1)));
    for src in &ends {
        let Some(src_addr) = src.addr else { continue };
        if matches!(src.place, Place::Service(_)) {
            continue;
        }
        for dst in &ends {
            if std::ptr::eq(src, dst) {
                continue;
            }
            if src_addr.is_ipv4() != dst.addr.is_none_or(|a| a.is_ipv4()) {
                continue;
            }
            let to_service = matches!(dst.place, Place::Service(_));
            let flow_protocol = protocol.unwrap_or(if to_service {
                Protocol::Number(TCP)
            } else {
                Protocol::All
            });
            let port = match query.port {
                Some(port) => Some(port),
                None if flow_protocol.is_icmp() => Some(8),
                None if to_service && flow_protocol.has_ports() => Some(443),
                None => None,
            };
            let flow = Flow {
                src: src_addr,
                dst: dst.addr,
                protocol: flow_protocol,
                port,
            };
            let walked = super::walk::walk_both(&net, src, dst, flow, false);
            let code = walked.first_stop().map(|stop| stop.code.to_string());
            cells.push(MatrixCell {
                from: src.id.clone(),
                to: dst.id.clone(),
                reachable: code.is_none(),
                code,
            });
        }
    }
    let endpoints = ends
        .iter()
        .map(|end| MatrixEndpoint {
            id: end.id.clone(),
            kind: end.kind.to_string(),
            label: end.reference(&net).label,
        })
        .collect();
    Ok(Matrix {
        protocol: protocol
            .map(|p| p.name())
            .unwrap_or_else(|| "all".to_string()),
        port: query.port,
        endpoints,
        cells,
    })
}
