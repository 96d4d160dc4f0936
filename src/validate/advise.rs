//! Rule family `advice` (catalog §1.15): design advice from what the document states.
//!
//! Site-to-Site VPN is quick to set up over the internet, with modest bandwidth (up to
//! 1.25 Gbps per standard tunnel, 5 Gbps per `large` tunnel) and the internet's variability;
//! Direct Connect is dedicated and private. Where a site states what it needs
//! (`OnPremNetwork.requiredBandwidthMbps`, `latencySensitive` — designer's fields, not AWS
//! output) the advice weighs its paths against it; single points of failure and cheaper paths
//! to S3/DynamoDB are reported from the topology alone.

use super::context::Ctx;
use super::vpn::{is_live, tunnel_down, vifs_reaching_gateway};
use super::{Finding, Severity};
use crate::model::*;
use std::collections::BTreeSet;

/// Per-tunnel bandwidth in Mbit/s (`TunnelBandwidth`: standard 1.25 Gbps, large 5 Gbps).
fn tunnel_mbps(vpn: &VpnConnection) -> u64 {
    if vpn
        .tunnel_bandwidth
        .as_deref()
        .is_some_and(|b| b.eq_ignore_ascii_case("large"))
    {
        5000
    } else {
        1250
    }
}

/// The live VPN connections and VIFs of a site.
fn site_links<'a>(
    ctx: &Ctx<'a>,
    site: &OnPremNetwork,
) -> (Vec<&'a VpnConnection>, Vec<&'a VirtualInterface>) {
    let mut vpns: Vec<&VpnConnection> = site
        .customer_gateways
        .iter()
        .flat_map(|cgw| {
            ctx.hybrid
                .vpns_by_cgw
                .get(cgw.as_str())
                .into_iter()
                .flatten()
                .copied()
        })
        .collect();
    let mut vifs: Vec<&VirtualInterface> = site
        .virtual_interfaces
        .iter()
        .filter_map(|vif| ctx.hybrid.vifs.get(vif.as_str()).copied())
        .collect();
    crate::sort::sort_by_key(&mut vpns, |v| v.id.as_str());
    vpns.dedup_by_key(|v| v.id.as_str());
    crate::sort::sort_by_key(&mut vifs, |v| v.id.as_str());
    vifs.dedup_by_key(|v| v.id.as_str());
    (vpns, vifs)
}

/// What the site's VPNs can carry at once, in Mbit/s: one tunnel per virtual private gateway
/// (no ECMP there), every working tunnel of BGP connections on a transit gateway (ECMP).
fn vpn_capacity(vpns: &[&VpnConnection]) -> u64 {
    let ecmp: u64 = vpns
        .iter()
        .filter(|v| v.transit_gateway.is_some() && !v.static_routes_only)
        .map(|v| {
            let up = v.tunnels.iter().filter(|t| !tunnel_down(t)).count().max(1);
            u64::try_from(up).unwrap_or(1) * tunnel_mbps(v)
        })
        .sum();
    let single = vpns.iter().map(|v| tunnel_mbps(v)).max().unwrap_or(0);
    ecmp.max(single)
}

/// ## What it checks
/// A site reached only over Site-to-Site VPN whose stated `requiredBandwidthMbps` exceeds what
/// its VPN tunnels can carry: 1,250 Mbit/s per standard tunnel (5,000 with `large` tunnels), one
/// tunnel at a time on a virtual private gateway, all working tunnels with ECMP on a transit
/// gateway with BGP.
/// ## Why it matters
/// The VPN will be the bottleneck.
/// ## Fix
/// Use Direct Connect, or several BGP VPN connections on a transit gateway with ECMP (or large
/// tunnels). (Source: [VPN-quotas], [API-ec2] `TunnelBandwidth`, issue seed.)
pub(super) fn advise_vpn_bandwidth(ctx: &Ctx, out: &mut Vec<Finding>) {
    for site in &ctx.topo.on_prem_networks {
        let Some(needed) = site.required_bandwidth_mbps else {
            continue;
        };
        let (vpns, vifs) = site_links(ctx, site);
        if vpns.is_empty() || !vifs.is_empty() {
            continue;
        }
        let capacity = vpn_capacity(&vpns);
        if u64::from(needed) <= capacity {
            continue;
        }
        let mut resources = vec![site.id.to_string()];
        resources.extend(vpns.iter().map(|v| v.id.to_string()));
        out.push(ctx.finding(
            "ADVISE_VPN_BANDWIDTH",
            Severity::Info,
            format!(
                "{} needs {needed} Mbit/s, but its Site-to-Site VPN carries about {capacity} Mbit/s (IPsec over the internet)",
                ctx.label(site.id.as_str())
            ),
            resources,
            Some("use Direct Connect (dedicated 1–400 Gbps), or several BGP VPN connections on a transit gateway with ECMP, or large (5 Gbps) tunnels".to_string()),
        ));
    }
}

/// ## What it checks
/// A site marked `latencySensitive` that is reached only over Site-to-Site VPN.
/// ## Why it matters
/// A VPN runs over the internet, whose latency and jitter vary; Direct Connect is a dedicated
/// private path (not encrypted by default: add MACsec or a VPN over it if needed).
/// ## Fix
/// Add Direct Connect for this site, keeping the VPN as backup. (Source: [DX-vif], [DX-macsec],
/// issue seed.)
pub(super) fn advise_dx_private_path(ctx: &Ctx, out: &mut Vec<Finding>) {
    for site in ctx
        .topo
        .on_prem_networks
        .iter()
        .filter(|s| s.latency_sensitive)
    {
        let (vpns, vifs) = site_links(ctx, site);
        if vpns.is_empty() || !vifs.is_empty() {
            continue;
        }
        let mut resources = vec![site.id.to_string()];
        resources.extend(vpns.iter().map(|v| v.id.to_string()));
        out.push(ctx.finding(
            "ADVISE_DX_PRIVATE_PATH",
            Severity::Info,
            format!(
                "{} is latency-sensitive but reached only over Site-to-Site VPN, whose latency varies with the internet",
                ctx.label(site.id.as_str())
            ),
            resources,
            Some("add a Direct Connect connection (dedicated and private, not encrypted by default: use MACsec or a VPN over it if needed) and keep the VPN as backup".to_string()),
        ));
    }
}

/// ## What it checks
/// A virtual private or transit gateway whose on-premises connectivity hangs on one VPN
/// tunnel: no Direct Connect VIF reaches it, and across its live VPN connections exactly one
/// tunnel is not down (the other is down, or not modelled). A single connection or VIF on
/// Direct Connect is `DX_SINGLE_CONNECTION`, a single customer device `VPN_SINGLE_CGW`.
/// ## Why it matters
/// One tunnel is a single point of failure: AWS maintenance or a fault on that tunnel cuts
/// on-premises off.
/// ## Fix
/// Bring the second tunnel up, and add a second connection (another device) or Direct Connect.
/// (Source: [VPN-redundant], [VPN-health], [DX-resiliency].)
pub(super) fn advise_hybrid_spof(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (gateway, vpns) in &ctx.hybrid.vpns_by_gateway {
        if !vifs_reaching_gateway(ctx, gateway).is_empty() {
            continue;
        }
        let working: Vec<(&VpnConnection, &VpnTunnel)> = vpns
            .iter()
            .flat_map(|v| v.tunnels.iter().map(move |t| (*v, t)))
            .filter(|(_, t)| !tunnel_down(t))
            .collect();
        let [(vpn, tunnel)] = working[..] else {
            continue;
        };
        out.push(ctx.finding(
            "ADVISE_HYBRID_SPOF",
            Severity::Warning,
            format!(
                "on-premises connectivity of {} hangs on one VPN tunnel ({} of {}): a single point of failure",
                ctx.label(gateway),
                tunnel.outside_ip.as_deref().unwrap_or("?"),
                ctx.label(vpn.id.as_str())
            ),
            vec![gateway.to_string(), vpn.id.to_string()],
            Some(format!("bring up the second tunnel of {}, and add a second connection to another customer device or Direct Connect", vpn.id)),
        ));
    }
}

/// The services (`s3`, `dynamodb`) that live gateway endpoints of a VPC serve.
/// By VPC id, in one pass over the endpoints (a pass per VPC or table was quadratic).
fn endpoint_services<'a>(ctx: &Ctx<'a>) -> crate::idmap::IdMap<'a, BTreeSet<&'a str>> {
    let mut services: crate::idmap::IdMap<BTreeSet<&str>> = crate::idmap::IdMap::new();
    for endpoint in ctx
        .topo
        .vpc_endpoints
        .iter()
        .filter(|e| e.endpoint_type == EndpointType::Gateway && is_live(&e.state))
    {
        if let Some((_, service)) = endpoint.service_parts() {
            services
                .entry(endpoint.vpc.as_str())
                .or_default()
                .insert(service);
        }
    }
    services
}

/// ## What it checks
/// A route table with subnets whose default route goes to a NAT gateway, in a VPC with no
/// gateway endpoint for S3 or for DynamoDB.
/// ## Why it matters
/// Private subnets then reach S3 and DynamoDB through the NAT gateway, which charges per GB; a
/// gateway endpoint is free and keeps the traffic off the NAT.
/// ## Fix
/// Create gateway endpoints for S3 and DynamoDB and associate the table.
/// (Source: [VUG-rt-options], [PL-gwe].)
pub(super) fn advise_use_gateway_endpoint(ctx: &Ctx, out: &mut Vec<Finding>) {
    let services = endpoint_services(ctx);
    let none = BTreeSet::new();
    for table in &ctx.topo.route_tables {
        if ctx.table_users(table).is_empty() {
            continue;
        }
        let Some(nat) = table
            .routes
            .iter()
            .find_map(|r| match (&r.destination, &r.target) {
                (Destination::Ipv4(dest), RouteTarget::NatGateway(nat))
                    if dest.prefix_len() == 0 =>
                {
                    Some(nat)
                }
                _ => None,
            })
        else {
            continue;
        };
        let have = services.get(table.vpc.as_str()).unwrap_or(&none);
        let missing: Vec<&str> = ["s3", "dynamodb"]
            .into_iter()
            .filter(|s| !have.contains(s))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let names = missing
            .iter()
            .map(|s| if *s == "s3" { "S3" } else { "DynamoDB" })
            .collect::<Vec<_>>()
            .join(" and ");
        out.push(ctx.finding(
            "ADVISE_USE_GATEWAY_ENDPOINT",
            Severity::Info,
            format!(
                "{} sends internet traffic through {}: if its subnets use {names}, they reach it through the NAT gateway, which charges per GB",
                ctx.label(table.id.as_str()),
                ctx.label(nat.as_str())
            ),
            vec![table.id.to_string(), nat.to_string(), table.vpc.to_string()],
            Some(format!(
                "create free gateway endpoints for {names} in {} and associate {} with them",
                table.vpc, table.id
            )),
        ));
    }
}

/// ## What it checks
/// A VPC with gateway endpoints that on-premises reaches: through its attached VGW (with live
/// VPN connections or Direct Connect VIFs), or through a transit gateway it is attached to that
/// has VPN connections or a Direct Connect gateway association.
/// ## Why it matters
/// On-premises clients cannot use a gateway endpoint (`ENDPOINT_NOT_REACHABLE_FROM_VPN`/`_DX`);
/// S3 and DynamoDB interface endpoints (PrivateLink, charged) are reachable over VPN and Direct
/// Connect, and from peered VPCs in other Regions.
/// ## Fix
/// Add an interface endpoint for on-premises clients, if they use the service.
/// (Source: [PL-ddb], [DDB-pl].)
pub(super) fn advise_interface_endpoint_for_hybrid(ctx: &Ctx, out: &mut Vec<Finding>) {
    let services_by_vpc = endpoint_services(ctx);
    for vpc in &ctx.topo.vpcs {
        let Some(services) = services_by_vpc
            .get(vpc.id.as_str())
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        let id = vpc.id.as_str();
        let mut gateways: Vec<&str> = ctx
            .hybrid
            .vgws_by_vpc
            .get(id)
            .into_iter()
            .flatten()
            .map(|g| g.id.as_str())
            .collect();
        gateways.extend(
            ctx.hybrid
                .tgw_attachments_by_vpc
                .get(id)
                .into_iter()
                .flatten()
                .map(|a| a.transit_gateway.as_str()),
        );
        let Some(gateway) = gateways.into_iter().find(|g| {
            ctx.hybrid.vpns_by_gateway.contains_key(g) || !vifs_reaching_gateway(ctx, g).is_empty()
        }) else {
            continue;
        };
        let names: Vec<&str> = services.iter().copied().collect();
        out.push(ctx.finding(
            "ADVISE_INTERFACE_ENDPOINT_FOR_HYBRID",
            Severity::Info,
            format!(
                "on-premises reaches {} through {}, but cannot use its gateway endpoints ({})",
                ctx.label(vpc.id.as_str()),
                ctx.label(gateway),
                names.join(", ")
            ),
            vec![vpc.id.to_string(), gateway.to_string()],
            Some(format!("if on-premises clients use {}, add interface endpoints (PrivateLink) for them in {}", names.join(" or "), vpc.id)),
        ));
    }
}

/// A VPN connection between two VPCs of the document: its customer gateway's address is the
/// public address of an instance, interface or NAT gateway in another VPC (a software VPN
/// appliance). Yields (VPN, its VGW's VPC, the appliance's VPC, the appliance id).
fn vpns_between_vpcs<'a>(ctx: &Ctx<'a>) -> Vec<(&'a VpnConnection, &'a Vpc, &'a Vpc, &'a str)> {
    use std::collections::BTreeMap;
    use std::net::Ipv4Addr;
    let mut hosts: BTreeMap<Ipv4Addr, (&str, &str)> = BTreeMap::new();
    for instance in &ctx.topo.instances {
        if let Some(ip) = instance.public_ip {
            hosts
                .entry(ip)
                .or_insert((instance.id.as_str(), instance.subnet.as_str()));
        }
    }
    for eni in &ctx.topo.network_interfaces {
        if let Some(ip) = eni.public_ip {
            let owner = eni
                .instance
                .as_ref()
                .map_or(eni.id.as_str(), |i| i.as_str());
            hosts.entry(ip).or_insert((owner, eni.subnet.as_str()));
        }
    }
    for nat in &ctx.topo.nat_gateways {
        if let Some(ip) = nat.public_ip {
            hosts
                .entry(ip)
                .or_insert((nat.id.as_str(), nat.subnet.as_str()));
        }
    }
    let mut found = Vec::new();
    if hosts.is_empty() {
        return found;
    }
    for vpn in ctx
        .topo
        .vpn_connections
        .iter()
        .filter(|v| is_live(&v.state))
    {
        let Some(cgw) = ctx.hybrid.cgws.get(vpn.customer_gateway.as_str()) else {
            continue;
        };
        let Some(ip) = cgw
            .ip_address
            .as_deref()
            .and_then(|a| a.parse::<Ipv4Addr>().ok())
        else {
            continue;
        };
        let Some((host, subnet)) = hosts.get(&ip) else {
            continue;
        };
        let Some(host_vpc) = ctx
            .subnets
            .get(subnet)
            .and_then(|s| ctx.vpcs.get(s.vpc.as_str()).copied())
        else {
            continue;
        };
        let Some(vgw_vpc) = vpn
            .vpn_gateway
            .as_ref()
            .and_then(|g| ctx.hybrid.vgws.get(g.as_str()))
            .and_then(|g| g.attached_vpc())
            .and_then(|v| ctx.vpcs.get(v.as_str()).copied())
        else {
            continue;
        };
        let overlap = vgw_vpc
            .cidrs
            .iter()
            .any(|a| host_vpc.cidrs.iter().any(|b| a.overlaps(b)));
        // Peering is only an alternative between VPCs whose blocks do not overlap.
        if vgw_vpc.id != host_vpc.id && !overlap {
            found.push((vpn, vgw_vpc, host_vpc, *host));
        }
    }
    found
}

/// ## What it checks
/// A Site-to-Site VPN between two VPCs of the document (the customer gateway is a software VPN
/// on an instance or behind a NAT gateway of the other VPC) whose blocks do not overlap, so a
/// peering could join them. For VPCs in two Regions it also reports
/// `PEERING_INTER_REGION_ENCRYPTED`.
/// ## Why it matters
/// The appliance is a single point of failure and a bandwidth bottleneck (1.25 Gbps per tunnel).
/// A peering uses the VPCs' own infrastructure: no gateway, no single point of failure, no
/// bandwidth bottleneck; and inter-Region peering traffic stays on the AWS backbone, encrypted,
/// so a VPN is not needed for encryption either.
/// ## Fix
/// Peer the two VPCs and route their blocks to the peering. (Source: [PG-what], seed.)
pub(super) fn advise_peering_no_spof(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (vpn, vgw_vpc, host_vpc, host) in vpns_between_vpcs(ctx) {
        let resources = vec![
            vpn.id.to_string(),
            vgw_vpc.id.to_string(),
            host_vpc.id.to_string(),
            host.to_string(),
        ];
        let hint = format!(
            "peer {} with {} and route each VPC's blocks to the peering instead of the VPN",
            vgw_vpc.id, host_vpc.id
        );
        out.push(ctx.finding(
            "ADVISE_PEERING_NO_SPOF",
            Severity::Info,
            format!(
                "{} joins {} to {} through a VPN appliance ({}): a VPC peering would need no appliance, with no single point of failure or bandwidth bottleneck",
                ctx.label(vpn.id.as_str()),
                ctx.label(vgw_vpc.id.as_str()),
                ctx.label(host_vpc.id.as_str()),
                ctx.label(host)
            ),
            resources.clone(),
            Some(hint.clone()),
        ));
        if vgw_vpc.region != host_vpc.region {
            out.push(ctx.finding(
                "PEERING_INTER_REGION_ENCRYPTED",
                Severity::Info,
                format!(
                    "{} encrypts traffic between {} in {} and {} in {}, but inter-Region peering traffic is already encrypted and stays on the AWS backbone",
                    ctx.label(vpn.id.as_str()),
                    ctx.label(vgw_vpc.id.as_str()),
                    vgw_vpc.region,
                    ctx.label(host_vpc.id.as_str()),
                    host_vpc.region
                ),
                resources,
                Some(hint),
            ));
        }
    }
}

/// ## What it checks
/// A site whose designer says its traffic must be encrypted (`encryptionRequired`) and that is
/// reached over a Direct Connect VIF whose connection is not in MACsec `must_encrypt` mode,
/// with no private-IP Site-to-Site VPN (a VPN over Direct Connect) among its connections.
/// ## Why it matters
/// Direct Connect is a private, dedicated path, but it is not encrypted by default; with
/// `should_encrypt` MACsec falls back to clear text when it cannot encrypt.
/// ## Fix
/// Turn MACsec on in `must_encrypt` mode on a connection that supports it, or run a private-IP
/// Site-to-Site VPN over a transit VIF. (Source: [DX-macsec], [VPN-privip]; the
/// `encryptionMode` values from the Direct Connect API reference, `Connection`.)
pub(super) fn dx_not_encrypted(ctx: &Ctx, out: &mut Vec<Finding>) {
    for site in ctx
        .topo
        .on_prem_networks
        .iter()
        .filter(|s| s.encryption_required)
    {
        let (vpns, vifs) = site_links(ctx, site);
        let over_dx = vpns.iter().any(|v| {
            v.outside_ip_address_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("PrivateIpv4"))
        });
        if over_dx {
            continue;
        }
        let clear = vifs.iter().find_map(|vif| {
            let connection = vif
                .connection
                .as_ref()
                .and_then(|c| ctx.hybrid.dx_connections.get(c.as_str()))?;
            let encrypted = connection
                .encryption_mode
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case("must_encrypt"));
            (!encrypted).then_some((*vif, *connection))
        });
        let Some((vif, connection)) = clear else {
            continue;
        };
        out.push(ctx.finding(
            "DX_NOT_ENCRYPTED",
            Severity::Info,
            format!(
                "{} needs encrypted traffic, but {} on {} does not guarantee it: Direct Connect is private but not encrypted by default, and the connection's MACsec mode is {}",
                ctx.label(site.id.as_str()),
                ctx.label(vif.id.as_str()),
                ctx.label(connection.id.as_str()),
                connection.encryption_mode.as_deref().unwrap_or("not set")
            ),
            vec![site.id.to_string(), vif.id.to_string(), connection.id.to_string()],
            Some(format!(
                "aws directconnect update-connection --connection-id {} --encryption-mode must_encrypt (on a MACsec-capable connection), or run a private-IP Site-to-Site VPN over a transit VIF",
                connection.id
            )),
        ));
    }
}
