//! The reachability matrix: which subnets, on-premises networks, the internet and the AWS
//! services of the document can reach which, for one protocol and port.
//!
//! Every ordered pair runs the same two-way walk as `trace`, without recording hops, over one
//! index built once — so a cell means exactly what a trace between the two would say.
//! Services are destinations only (they answer, they do not open connections); a service
//! appears once per Region that has a gateway endpoint for it.

use super::endpoint::{
    flow_shape, onprem_end, parse_protocol, service_place, subnet_host, End, Place, INTERNET_V4,
};
use super::flow::Flow;
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
    // Sites without address ranges cannot be an end of a flow.
    ends.extend(
        topo.on_prem_networks
            .iter()
            .filter_map(|site| onprem_end(site, None, "to").ok()),
    );
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
    ends.extend(
        services
            .into_iter()
            .map(|service| service_place(net, service)),
    );
    ends
}

/// Compute the matrix.
pub fn matrix(topo: &Topology, query: &MatrixQuery) -> Result<Matrix, QueryError> {
    let protocol = parse_protocol(query.protocol.as_deref())?;
    // Refuse a port the flow cannot have before walking a million pairs.
    flow_shape(protocol, query.port, false)?;
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
            let (flow_protocol, port) = flow_shape(protocol, query.port, to_service)?;
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
