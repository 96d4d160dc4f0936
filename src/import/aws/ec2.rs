//! EC2 describe-* items → model resources, one function per item shape (§3.1 of the catalog).
//!
//! Each function reads one list item and returns the resource, or an error that names the JSON
//! path of the value it could not read. Region and account come from the caller (`Scope`),
//! because describe output never states its region.

use super::read::At;
use super::Scope;
use crate::import::ImportError;
use crate::model::*;

type R<T> = Result<T, ImportError>;

fn is_state(at: &At, key: &str, wanted: &str) -> R<bool> {
    Ok(at
        .str(key)?
        .is_none_or(|state| state.eq_ignore_ascii_case(wanted)))
}

/// `<key>.State` of a CIDR association, lower case; `None` when not printed (= associated).
fn association_state(assoc: &At, key: &str) -> R<Option<String>> {
    Ok(assoc
        .get(key)
        .map(|s| s.str("State"))
        .transpose()?
        .flatten()
        .map(|state| state.to_ascii_lowercase()))
}

pub(super) fn vpc(at: &At, scope: &Scope, region: String) -> R<Vpc> {
    let id = at.req_str("VpcId")?;
    let primary = at.cidr4("CidrBlock")?;
    let mut cidrs: Vec<Cidr4> = primary.into_iter().collect();
    let mut other_cidrs = Vec::new();
    for assoc in at.list("CidrBlockAssociationSet")? {
        let Some(cidr) = assoc.cidr4("CidrBlock")? else {
            continue;
        };
        match association_state(&assoc, "CidrBlockState")?.as_deref() {
            None | Some("associated") => {
                if !cidrs.contains(&cidr) {
                    cidrs.push(cidr);
                }
            }
            Some(other) => {
                cidrs.retain(|c| c != &cidr);
                other_cidrs.push(CidrAssociation {
                    cidr: Cidr(ipnet::IpNet::V4(cidr.0)),
                    state: other.to_string(),
                });
            }
        }
    }
    let mut ipv6_cidrs = Vec::new();
    let mut ipv6_amazon_provided = Vec::new();
    for assoc in at.list("Ipv6CidrBlockAssociationSet")? {
        let Some(cidr) = assoc.cidr6("Ipv6CidrBlock")? else {
            continue;
        };
        match association_state(&assoc, "Ipv6CidrBlockState")?.as_deref() {
            None | Some("associated") => {
                if assoc.str("Ipv6Pool")?.as_deref() == Some("Amazon") {
                    ipv6_amazon_provided.push(cidr);
                }
                ipv6_cidrs.push(cidr);
            }
            Some(other) => other_cidrs.push(CidrAssociation {
                cidr: Cidr(ipnet::IpNet::V6(cidr.0)),
                state: other.to_string(),
            }),
        }
    }
    Ok(Vpc {
        name: at.name_tag(),
        region,
        account: at
            .str("OwnerId")?
            .or_else(|| scope.account.clone())
            .map(AccountId),
        cidrs,
        other_cidrs,
        ipv6_cidrs,
        ipv6_amazon_provided,
        internet_gateway_block_mode: at
            .get("BlockPublicAccessStates")
            .map(|b| b.str("InternetGatewayBlockMode"))
            .transpose()?
            .flatten(),
        enable_dns_support: None,
        enable_dns_hostnames: None,
        is_default: at.bool("IsDefault")?.unwrap_or(false),
        state: at
            .str("State")?
            .filter(|s| !s.eq_ignore_ascii_case("available")),
        id: VpcId(id),
    })
}

pub(super) fn subnet(at: &At) -> R<Subnet> {
    let mut ipv6_cidrs = Vec::new();
    for assoc in at.list("Ipv6CidrBlockAssociationSet")? {
        if let Some(cidr) = assoc.cidr6("Ipv6CidrBlock")? {
            ipv6_cidrs.push(cidr);
        }
    }
    Ok(Subnet {
        id: SubnetId(at.req_str("SubnetId")?),
        name: at.name_tag(),
        vpc: VpcId(at.req_str("VpcId")?),
        az: at.str("AvailabilityZone")?,
        az_id: at.str("AvailabilityZoneId")?,
        cidr: at.cidr4("CidrBlock")?,
        ipv6_cidrs,
        map_public_ip_on_launch: at.bool("MapPublicIpOnLaunch")?.unwrap_or(false),
        ipv6_native: at.bool("Ipv6Native")?.unwrap_or(false),
        available_ip_address_count: at
            .u64("AvailableIpAddressCount")?
            .and_then(|n| u32::try_from(n).ok()),
    })
}

/// The target of a route: whichever target field is present.
fn route_target(at: &At) -> R<Option<RouteTarget>> {
    for key in [
        "GatewayId",
        "NatGatewayId",
        "VpcPeeringConnectionId",
        "TransitGatewayId",
        "NetworkInterfaceId",
        "InstanceId",
        "EgressOnlyInternetGatewayId",
        "LocalGatewayId",
        "CarrierGatewayId",
        "CoreNetworkArn",
    ] {
        if let Some(id) = at.str(key)? {
            // An ENI that fronts a NAT instance is printed with both ids; the ENI is the hop.
            if key == "InstanceId" && at.str("NetworkInterfaceId")?.is_some() {
                continue;
            }
            // By the id's prefix, whatever the key, as the native reader does: a local or
            // carrier gateway (`lgw-`, `cagw-`) or an ARN becomes `Other`, and an id that looks
            // like a known kind stays that kind, so convert → import gives the same model.
            return Ok(Some(RouteTarget::from_id(&id)));
        }
    }
    // A target kind newer than this importer (AWS adds them: `CoreNetworkArn` in 2022,
    // `OdbNetworkArn` in 2025) is kept verbatim (`Other`, unless its prefix names a known kind)
    // rather than failing a whole snapshot.
    let newer = at.value.as_object().and_then(|route| {
        route.iter().find_map(|(key, value)| {
            let is_target = (key.ends_with("Id") || key.ends_with("Arn"))
                && !matches!(key.as_str(), "DestinationPrefixListId" | "InstanceOwnerId");
            value
                .as_str()
                .filter(|id| is_target && !id.is_empty())
                .map(RouteTarget::from_id)
        })
    });
    Ok(newer)
}

pub(super) fn route_table(at: &At) -> R<RouteTable> {
    let id = at.req_str("RouteTableId")?;
    let mut main = false;
    let mut subnets = Vec::new();
    let mut gateways = Vec::new();
    let mut other_associations = Vec::new();
    for assoc in at.list("Associations")? {
        let state = assoc
            .get("AssociationState")
            .map(|s| s.str("State"))
            .transpose()?
            .flatten();
        if let Some(state) = state.filter(|s| !s.eq_ignore_ascii_case("associated")) {
            other_associations.push(RouteTableAssociation {
                id: assoc.str("RouteTableAssociationId")?,
                target: assoc.str("SubnetId")?.or(assoc.str("GatewayId")?),
                main: assoc.bool("Main")?.unwrap_or(false),
                state: state.to_ascii_lowercase(),
            });
            continue;
        }
        if assoc.bool("Main")?.unwrap_or(false) {
            main = true;
        }
        if let Some(subnet) = assoc.str("SubnetId")? {
            subnets.push(SubnetId(subnet));
        }
        if let Some(gateway) = assoc.str("GatewayId")? {
            gateways.push(gateway);
        }
    }
    let mut routes = Vec::new();
    for route in at.list("Routes")? {
        let destination = if let Some(cidr) = route.cidr4("DestinationCidrBlock")? {
            Destination::Ipv4(cidr)
        } else if let Some(cidr) = route.cidr6("DestinationIpv6CidrBlock")? {
            Destination::Ipv6(cidr)
        } else if let Some(list) = route.str("DestinationPrefixListId")? {
            Destination::prefix_list(list.clone()).ok_or_else(|| {
                route.error(format!(
                    "DestinationPrefixListId: expected a prefix list id (pl-…), found {list:?}"
                ))
            })?
        } else {
            return Err(route.error("expected DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId"));
        };
        let Some(target) = route_target(&route)? else {
            return Err(route.error("expected a route target (GatewayId, NatGatewayId, VpcPeeringConnectionId, TransitGatewayId, NetworkInterfaceId, InstanceId, …)"));
        };
        let state = match route
            .str("State")?
            .map(|s| s.to_ascii_lowercase())
            .as_deref()
        {
            Some("blackhole") => RouteState::Blackhole,
            Some("filtered") => RouteState::Filtered,
            _ => RouteState::Active,
        };
        let origin = match route.str("Origin")?.as_deref() {
            Some("CreateRouteTable") => RouteOrigin::CreateRouteTable,
            Some("EnableVgwRoutePropagation") => RouteOrigin::EnableVgwRoutePropagation,
            Some("Advertisement") => RouteOrigin::Advertisement,
            _ => RouteOrigin::CreateRoute,
        };
        routes.push(Route {
            destination,
            target,
            state,
            origin,
        });
    }
    let mut propagating_vgws = Vec::new();
    for vgw in at.list("PropagatingVgws")? {
        propagating_vgws.push(VpnGatewayId(vgw.req_str("GatewayId")?));
    }
    Ok(RouteTable {
        id: RouteTableId(id),
        name: at.name_tag(),
        vpc: VpcId(at.req_str("VpcId")?),
        main,
        subnets,
        gateways,
        propagating_vgws,
        other_associations,
        routes,
    })
}

pub(super) fn internet_gateway(at: &At, scope: &Scope) -> R<InternetGateway> {
    let mut vpc = None;
    for attachment in at.list("Attachments")? {
        // Real output prints an attached IGW as "available"; the enum also has "attached".
        let state = attachment
            .str("State")?
            .unwrap_or_default()
            .to_ascii_lowercase();
        if state.is_empty() || state == "available" || state == "attached" {
            vpc = attachment.str("VpcId")?.map(VpcId);
        }
    }
    Ok(InternetGateway {
        id: InternetGatewayId(at.req_str("InternetGatewayId")?),
        name: at.name_tag(),
        region: if vpc.is_none() {
            scope.region.clone()
        } else {
            None
        },
        vpc,
    })
}

pub(super) fn nat_gateway(at: &At) -> R<NatGateway> {
    let address = at.list("NatGatewayAddresses")?.into_iter().next();
    let connectivity = match at.str("ConnectivityType")?.as_deref() {
        Some("private") => NatConnectivity::Private,
        _ => NatConnectivity::Public,
    };
    Ok(NatGateway {
        id: NatGatewayId(at.req_str("NatGatewayId")?),
        name: at.name_tag(),
        vpc: VpcId(at.req_str("VpcId")?),
        subnet: SubnetId(at.req_str("SubnetId")?),
        connectivity,
        private_ip: address
            .as_ref()
            .map(|a| a.ip4("PrivateIp"))
            .transpose()?
            .flatten(),
        public_ip: address
            .as_ref()
            .map(|a| a.ip4("PublicIp"))
            .transpose()?
            .flatten(),
        state: at
            .str("State")?
            .filter(|s| !s.eq_ignore_ascii_case("available")),
    })
}

fn peering_side(at: &At) -> R<PeeringSide> {
    let mut cidrs: Vec<Cidr4> = Vec::new();
    for block in at.list("CidrBlockSet")? {
        if let Some(cidr) = block.cidr4("CidrBlock")? {
            cidrs.push(cidr);
        }
    }
    if let Some(primary) = at.cidr4("CidrBlock")? {
        if !cidrs.contains(&primary) {
            cidrs.insert(0, primary);
        }
    }
    let mut ipv6_cidrs = Vec::new();
    for block in at.list("Ipv6CidrBlockSet")? {
        if let Some(cidr) = block.cidr6("Ipv6CidrBlock")? {
            ipv6_cidrs.push(cidr);
        }
    }
    Ok(PeeringSide {
        vpc: VpcId(at.req_str("VpcId")?),
        region: at.str("Region")?,
        account: at.str("OwnerId")?.map(AccountId),
        cidrs,
        ipv6_cidrs,
        allow_dns_resolution_from_remote_vpc: at
            .get("PeeringOptions")
            .map(|o| o.bool("AllowDnsResolutionFromRemoteVpc"))
            .transpose()?
            .flatten(),
    })
}

pub(super) fn peering(at: &At) -> R<VpcPeeringConnection> {
    let requester = at
        .get("RequesterVpcInfo")
        .ok_or_else(|| at.error("expected RequesterVpcInfo"))?;
    let accepter = at
        .get("AccepterVpcInfo")
        .ok_or_else(|| at.error("expected AccepterVpcInfo"))?;
    let status = at
        .get("Status")
        .map(|s| s.str("Code"))
        .transpose()?
        .flatten();
    Ok(VpcPeeringConnection {
        id: PeeringId(at.req_str("VpcPeeringConnectionId")?),
        name: at.name_tag(),
        requester: peering_side(&requester)?,
        accepter: peering_side(&accepter)?,
        status: status
            .map(|s| s.to_ascii_lowercase())
            .filter(|s| s != "active"),
    })
}

pub(super) fn vpn_gateway(at: &At, scope: &Scope) -> R<VpnGateway> {
    let mut attachments = Vec::new();
    for attachment in at.list("VpcAttachments")? {
        let state = attachment.str("State")?.map(|s| s.to_ascii_lowercase());
        attachments.push(VgwAttachment {
            vpc: VpcId(attachment.req_str("VpcId")?),
            state: state.filter(|s| s != "attached"),
        });
    }
    Ok(VpnGateway {
        id: VpnGatewayId(at.req_str("VpnGatewayId")?),
        name: at.name_tag(),
        region: scope.region.clone(),
        amazon_side_asn: at.u64("AmazonSideAsn")?,
        attachments,
        state: at
            .str("State")?
            .filter(|s| !s.eq_ignore_ascii_case("available")),
    })
}

pub(super) fn customer_gateway(at: &At, scope: &Scope) -> R<CustomerGateway> {
    Ok(CustomerGateway {
        id: CustomerGatewayId(at.req_str("CustomerGatewayId")?),
        name: at.name_tag().or(at.str("DeviceName")?),
        region: scope.region.clone(),
        bgp_asn: match at.u64("BgpAsnExtended")? {
            Some(asn) => Some(asn),
            None => at.u64("BgpAsn")?,
        },
        ip_address: at.str("IpAddress")?,
        certificate_arn: at.str("CertificateArn")?,
        state: at
            .str("State")?
            .filter(|s| !s.eq_ignore_ascii_case("available")),
    })
}

/// The tunnel inside CIDRs from the generated customer-gateway configuration (older captures
/// have no `TunnelOptions`). Only `<tunnel_inside_address>` of the VPN-gateway side is read;
/// nothing else of the XML is kept — it also holds the pre-shared keys.
fn inside_cidrs_from_xml(xml: &str) -> Vec<(String, Cidr4)> {
    let mut out = Vec::new();
    for tunnel in xml.split("<ipsec_tunnel>").skip(1) {
        let Some(vgw) = tunnel.split("<vpn_gateway>").nth(1) else {
            continue;
        };
        let outside = between(vgw, "<tunnel_outside_address>", "</tunnel_outside_address>")
            .and_then(|s| between(s, "<ip_address>", "</ip_address>"));
        let inside = between(vgw, "<tunnel_inside_address>", "</tunnel_inside_address>");
        let (Some(outside), Some(inside)) = (outside, inside) else {
            continue;
        };
        let ip = between(inside, "<ip_address>", "</ip_address>");
        let len = between(inside, "<network_cidr>", "</network_cidr>");
        if let (Some(ip), Some(len)) = (ip, len) {
            if let Ok(net) = format!("{}/{}", ip.trim(), len.trim()).parse::<ipnet::Ipv4Net>() {
                out.push((outside.trim().to_string(), Cidr4(net.trunc())));
            }
        }
    }
    out
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// The IKE/IPsec options of one `TunnelOptions[]` item, `None` when it sets none of them.
fn tunnel_options(at: &At) -> R<Option<TunnelOptions>> {
    let number = |key: &str| -> R<Option<u32>> {
        Ok(at.u64(key)?.map(|v| u32::try_from(v).unwrap_or(u32::MAX)))
    };
    let values = |key: &str| -> R<Vec<String>> {
        let mut out = Vec::new();
        for item in at.list(key)? {
            out.extend(item.str("Value")?);
        }
        Ok(out)
    };
    let numbers = |key: &str| -> R<Vec<u32>> {
        let mut out = Vec::new();
        for item in at.list(key)? {
            out.extend(
                item.u64("Value")?
                    .map(|v| u32::try_from(v).unwrap_or(u32::MAX)),
            );
        }
        Ok(out)
    };
    let options = TunnelOptions {
        phase1_lifetime_seconds: number("Phase1LifetimeSeconds")?,
        phase2_lifetime_seconds: number("Phase2LifetimeSeconds")?,
        rekey_margin_time_seconds: number("RekeyMarginTimeSeconds")?,
        rekey_fuzz_percentage: number("RekeyFuzzPercentage")?,
        replay_window_size: number("ReplayWindowSize")?,
        dpd_timeout_seconds: number("DpdTimeoutSeconds")?,
        dpd_timeout_action: at.str("DpdTimeoutAction")?,
        startup_action: at.str("StartupAction")?,
        ike_versions: values("IkeVersions")?,
        phase1_encryption_algorithms: values("Phase1EncryptionAlgorithms")?,
        phase2_encryption_algorithms: values("Phase2EncryptionAlgorithms")?,
        phase1_integrity_algorithms: values("Phase1IntegrityAlgorithms")?,
        phase2_integrity_algorithms: values("Phase2IntegrityAlgorithms")?,
        phase1_dh_group_numbers: numbers("Phase1DHGroupNumbers")?,
        phase2_dh_group_numbers: numbers("Phase2DHGroupNumbers")?,
    };
    Ok((options != TunnelOptions::default()).then_some(options))
}

pub(super) fn vpn_connection(at: &At, scope: &Scope) -> R<VpnConnection> {
    let options = at.get("Options");
    let option_str = |key: &str| match &options {
        Some(options) => options.str(key),
        None => Ok(None),
    };
    let mut tunnels: Vec<VpnTunnel> = Vec::new();
    if let Some(options) = &options {
        for tunnel in options.list("TunnelOptions")? {
            // `PreSharedKey` is deliberately never read: secrets are not modelled.
            tunnels.push(VpnTunnel {
                outside_ip: tunnel.str("OutsideIpAddress")?,
                inside_cidr: tunnel.cidr4("TunnelInsideCidr")?,
                inside_ipv6_cidr: tunnel.cidr6("TunnelInsideIpv6Cidr")?,
                status: None,
                options: tunnel_options(&tunnel)?,
            });
        }
    }
    if tunnels.is_empty() {
        if let Some(xml) = at.str("CustomerGatewayConfiguration")? {
            for (outside, inside) in inside_cidrs_from_xml(&xml) {
                tunnels.push(VpnTunnel {
                    outside_ip: Some(outside),
                    inside_cidr: Some(inside),
                    inside_ipv6_cidr: None,
                    status: None,
                    options: None,
                });
            }
        }
    }
    for telemetry in at.list("VgwTelemetry")? {
        let outside = telemetry.str("OutsideIpAddress")?;
        let status = telemetry.str("Status")?;
        match tunnels
            .iter_mut()
            .find(|t| t.outside_ip.is_some() && t.outside_ip == outside)
        {
            Some(tunnel) => tunnel.status = status,
            None => tunnels.push(VpnTunnel {
                outside_ip: outside,
                inside_cidr: None,
                inside_ipv6_cidr: None,
                status,
                options: None,
            }),
        }
    }
    let mut routes = Vec::new();
    for route in at.list("Routes")? {
        if let Some(cidr) = route.cidr("DestinationCidrBlock")? {
            routes.push(VpnStaticRoute {
                cidr,
                state: route
                    .str("State")?
                    .map(|s| s.to_ascii_lowercase())
                    .filter(|s| s != "available"),
            });
        }
    }
    Ok(VpnConnection {
        id: VpnConnectionId(at.req_str("VpnConnectionId")?),
        name: at.name_tag(),
        region: scope.region.clone(),
        customer_gateway: CustomerGatewayId(at.req_str("CustomerGatewayId")?),
        vpn_gateway: at.str("VpnGatewayId")?.map(VpnGatewayId),
        transit_gateway: at.str("TransitGatewayId")?.map(TransitGatewayId),
        core_network: at.str("CoreNetworkArn")?,
        outside_ip_address_type: option_str("OutsideIpAddressType")?,
        transport_attachment: option_str("TransportTransitGatewayAttachmentId")?
            .map(TgwAttachmentId),
        tunnel_bandwidth: option_str("TunnelBandwidth")?,
        static_routes_only: options
            .as_ref()
            .map(|o| o.bool("StaticRoutesOnly"))
            .transpose()?
            .flatten()
            .unwrap_or(false),
        routes,
        tunnels,
        enable_acceleration: options
            .as_ref()
            .map(|o| o.bool("EnableAcceleration"))
            .transpose()?
            .flatten()
            .unwrap_or(false),
        state: at
            .str("State")?
            .filter(|s| !s.eq_ignore_ascii_case("available")),
    })
}

pub(super) fn vpc_endpoint(at: &At) -> R<VpcEndpoint> {
    let endpoint_type = match at
        .str("VpcEndpointType")?
        .map(|s| s.to_ascii_lowercase())
        .as_deref()
    {
        Some("gateway") => EndpointType::Gateway,
        Some("interface") => EndpointType::Interface,
        Some("gatewayloadbalancer") => EndpointType::GatewayLoadBalancer,
        _ => EndpointType::Other,
    };
    Ok(VpcEndpoint {
        id: VpcEndpointId(at.req_str("VpcEndpointId")?),
        name: at.name_tag(),
        vpc: VpcId(at.req_str("VpcId")?),
        endpoint_type,
        service: at.req_str("ServiceName")?,
        route_tables: at
            .strings("RouteTableIds")?
            .into_iter()
            .map(RouteTableId)
            .collect(),
        subnets: at.strings("SubnetIds")?.into_iter().map(SubnetId).collect(),
        policy: at.str("PolicyDocument")?,
        private_dns_enabled: at.bool("PrivateDnsEnabled")?,
        ip_address_type: at.str("IpAddressType")?,
        state: at
            .str("State")?
            .map(|s| s.to_ascii_lowercase())
            .filter(|s| s != "available"),
    })
}

pub(super) fn prefix_list(at: &At, scope: &Scope) -> R<PrefixList> {
    let mut cidrs = Vec::new();
    for entry in at.list("Cidrs")? {
        let text = entry
            .value
            .as_str()
            .ok_or_else(|| entry.error("expected a CIDR string"))?;
        cidrs.push(
            text.parse::<Cidr>()
                .map_err(|e| entry.error(e.to_string()))?,
        );
    }
    Ok(PrefixList {
        id: PrefixListId(at.req_str("PrefixListId")?),
        name: at.str("PrefixListName")?,
        region: scope.region.clone(),
        cidrs,
        max_entries: at.u64("MaxEntries")?.and_then(|n| u32::try_from(n).ok()),
    })
}

fn sg_rule(at: &At) -> R<SgRule> {
    let mut cidrs = Vec::new();
    for range in at.list("IpRanges")? {
        cidrs.extend(range.cidr4("CidrIp")?);
    }
    let mut ipv6_cidrs = Vec::new();
    for range in at.list("Ipv6Ranges")? {
        ipv6_cidrs.extend(range.cidr6("CidrIpv6")?);
    }
    let mut prefix_lists = Vec::new();
    for list in at.list("PrefixListIds")? {
        prefix_lists.extend(list.str("PrefixListId")?.map(PrefixListId));
    }
    let mut groups = Vec::new();
    for pair in at.list("UserIdGroupPairs")? {
        groups.push(GroupRef {
            group: SecurityGroupId(pair.req_str("GroupId")?),
            account: pair.str("UserId")?.map(AccountId),
            vpc: pair.str("VpcId")?.map(VpcId),
            peering: pair.str("VpcPeeringConnectionId")?.map(PeeringId),
        });
    }
    Ok(SgRule {
        protocol: at
            .protocol("IpProtocol")?
            .unwrap_or_else(|| "-1".to_string())
            .to_ascii_lowercase(),
        from_port: at.i32("FromPort")?,
        to_port: at.i32("ToPort")?,
        cidrs,
        ipv6_cidrs,
        prefix_lists,
        groups,
    })
}

pub(super) fn security_group(at: &At) -> R<SecurityGroup> {
    Ok(SecurityGroup {
        id: SecurityGroupId(at.req_str("GroupId")?),
        name: at.str("GroupName")?,
        vpc: VpcId(at.req_str("VpcId")?),
        description: at.str("Description")?,
        ingress: at
            .list("IpPermissions")?
            .iter()
            .map(sg_rule)
            .collect::<R<_>>()?,
        egress: at
            .list("IpPermissionsEgress")?
            .iter()
            .map(sg_rule)
            .collect::<R<_>>()?,
    })
}

pub(super) fn network_acl(at: &At) -> R<NetworkAcl> {
    let mut entries = Vec::new();
    for entry in at.list("Entries")? {
        let rule_number = entry
            .u64("RuleNumber")?
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| entry.error("expected a RuleNumber"))?;
        let action = match entry
            .str("RuleAction")?
            .map(|s| s.to_ascii_lowercase())
            .as_deref()
        {
            Some("allow") => RuleAction::Allow,
            Some("deny") => RuleAction::Deny,
            _ => return Err(entry.error("expected RuleAction allow or deny")),
        };
        let ports = entry.get("PortRange");
        let icmp = entry.get("IcmpTypeCode");
        entries.push(NaclEntry {
            rule_number,
            egress: entry.bool("Egress")?.unwrap_or(false),
            action,
            protocol: entry
                .protocol("Protocol")?
                .unwrap_or_else(|| "-1".to_string()),
            cidr: entry.cidr4("CidrBlock")?,
            ipv6_cidr: entry.cidr6("Ipv6CidrBlock")?,
            from_port: ports.as_ref().map(|p| p.i32("From")).transpose()?.flatten(),
            to_port: ports.as_ref().map(|p| p.i32("To")).transpose()?.flatten(),
            icmp_type: icmp.as_ref().map(|p| p.i32("Type")).transpose()?.flatten(),
            icmp_code: icmp.as_ref().map(|p| p.i32("Code")).transpose()?.flatten(),
        });
    }
    let mut subnets = Vec::new();
    for assoc in at.list("Associations")? {
        subnets.extend(assoc.str("SubnetId")?.map(SubnetId));
    }
    Ok(NetworkAcl {
        id: NetworkAclId(at.req_str("NetworkAclId")?),
        name: at.name_tag(),
        vpc: VpcId(at.req_str("VpcId")?),
        is_default: at.bool("IsDefault")?.unwrap_or(false),
        subnets,
        entries,
    })
}

pub(super) fn instance(at: &At) -> R<Option<Instance>> {
    // Terminated instances have no subnet; they are not part of the network.
    let Some(subnet) = at.str("SubnetId")? else {
        return Ok(None);
    };
    let mut security_groups = Vec::new();
    for group in at.list("SecurityGroups")? {
        security_groups.extend(group.str("GroupId")?.map(SecurityGroupId));
    }
    Ok(Some(Instance {
        id: InstanceId(at.req_str("InstanceId")?),
        name: at.name_tag(),
        subnet: SubnetId(subnet),
        private_ip: at.ip4("PrivateIpAddress")?,
        public_ip: at.ip4("PublicIpAddress")?,
        security_groups,
        state: at
            .get("State")
            .map(|s| s.str("Name"))
            .transpose()?
            .flatten()
            .filter(|s| s != "running"),
    }))
}

pub(super) fn network_interface(at: &At) -> R<Option<NetworkInterface>> {
    let Some(subnet) = at.str("SubnetId")? else {
        return Ok(None);
    };
    let mut private_ips = Vec::new();
    for address in at.list("PrivateIpAddresses")? {
        private_ips.extend(address.ip4("PrivateIpAddress")?);
    }
    if private_ips.is_empty() {
        private_ips.extend(at.ip4("PrivateIpAddress")?);
    }
    let mut ipv6_addresses = Vec::new();
    for address in at.list("Ipv6Addresses")? {
        if let Some(text) = address.str("Ipv6Address")? {
            ipv6_addresses.push(
                text.parse().map_err(|_| {
                    address.error(format!("expected an IPv6 address, found {text:?}"))
                })?,
            );
        }
    }
    let mut security_groups = Vec::new();
    for group in at.list("Groups")? {
        security_groups.extend(group.str("GroupId")?.map(SecurityGroupId));
    }
    Ok(Some(NetworkInterface {
        id: NetworkInterfaceId(at.req_str("NetworkInterfaceId")?),
        name: at.name_tag(),
        subnet: SubnetId(subnet),
        private_ips,
        public_ip: at
            .get("Association")
            .map(|a| a.ip4("PublicIp"))
            .transpose()?
            .flatten(),
        ipv6_addresses,
        security_groups,
        instance: at
            .get("Attachment")
            .map(|a| a.str("InstanceId"))
            .transpose()?
            .flatten()
            .map(InstanceId),
        interface_type: at.str("InterfaceType")?,
        description: at.str("Description")?,
    }))
}

pub(super) fn transit_gateway(at: &At, scope: &Scope, region: String) -> R<TransitGateway> {
    Ok(TransitGateway {
        id: TransitGatewayId(at.req_str("TransitGatewayId")?),
        name: at.name_tag(),
        region,
        account: at
            .str("OwnerId")?
            .or_else(|| scope.account.clone())
            .map(AccountId),
        amazon_side_asn: at
            .get("Options")
            .map(|o| o.u64("AmazonSideAsn"))
            .transpose()?
            .flatten(),
        vpn_ecmp_support: at
            .get("Options")
            .map(|o| o.str("VpnEcmpSupport"))
            .transpose()?
            .flatten()
            .map(|v| v.eq_ignore_ascii_case("enable")),
        state: at
            .str("State")?
            .filter(|s| !s.eq_ignore_ascii_case("available")),
    })
}

pub(super) fn tgw_attachment(at: &At) -> R<TransitGatewayAttachment> {
    let association = at.get("Association");
    let associated = match &association {
        Some(assoc) => is_state(assoc, "State", "associated")?,
        None => false,
    };
    Ok(TransitGatewayAttachment {
        id: TgwAttachmentId(at.req_str("TransitGatewayAttachmentId")?),
        name: at.name_tag(),
        transit_gateway: TransitGatewayId(at.req_str("TransitGatewayId")?),
        resource_type: at.str("ResourceType")?.unwrap_or_else(|| "vpc".to_string()),
        resource: at
            .str("ResourceId")?
            .or(at.str("VpcId")?)
            .unwrap_or_default(),
        subnets: at.strings("SubnetIds")?.into_iter().map(SubnetId).collect(),
        route_table: if associated {
            association
                .map(|a| a.str("TransitGatewayRouteTableId"))
                .transpose()?
                .flatten()
                .map(TgwRouteTableId)
        } else {
            None
        },
        state: at
            .str("State")?
            .filter(|s| !s.eq_ignore_ascii_case("available")),
    })
}

pub(super) fn tgw_route_table(at: &At) -> R<TransitGatewayRouteTable> {
    Ok(TransitGatewayRouteTable {
        id: TgwRouteTableId(at.req_str("TransitGatewayRouteTableId")?),
        name: at.name_tag(),
        transit_gateway: TransitGatewayId(at.req_str("TransitGatewayId")?),
        propagations: Vec::new(),
        routes: Vec::new(),
    })
}

/// `TransitGatewayStaticRoutes[]`: `(route table id, routes)`.
pub(super) fn tgw_static_routes(at: &At) -> R<(String, Vec<TgwRoute>)> {
    let table = at.req_str("TransitGatewayRouteTableId")?;
    let mut routes = Vec::new();
    for route in at.list("Routes")? {
        let destination = if let Some(cidr) = route.cidr4("DestinationCidrBlock")? {
            Destination::Ipv4(cidr)
        } else if let Some(cidr) = route.cidr6("DestinationCidrBlock")? {
            Destination::Ipv6(cidr)
        } else if let Some(list) = route.str("PrefixListId")? {
            Destination::PrefixList(PrefixListId(list))
        } else {
            return Err(route.error("expected DestinationCidrBlock or PrefixListId"));
        };
        let attachment = route
            .list("TransitGatewayAttachments")?
            .first()
            .map(|a| a.str("TransitGatewayAttachmentId"))
            .transpose()?
            .flatten()
            .map(TgwAttachmentId);
        let state = match route
            .str("State")?
            .map(|s| s.to_ascii_lowercase())
            .as_deref()
        {
            Some("blackhole") => RouteState::Blackhole,
            _ => RouteState::Active,
        };
        routes.push(TgwRoute {
            destination,
            attachment,
            state,
        });
    }
    Ok((table, routes))
}

/// `TransitGatewayPropagations[]`: `(route table id, propagating attachment ids)`.
pub(super) fn tgw_propagations(at: &At) -> R<(String, Vec<TgwAttachmentId>)> {
    let table = at.req_str("TransitGatewayRouteTableId")?;
    let mut attachments = Vec::new();
    for propagation in at.list("TransitGatewayRouteTablePropagations")? {
        if is_state(&propagation, "State", "enabled")? {
            attachments.push(TgwAttachmentId(
                propagation.req_str("TransitGatewayAttachmentId")?,
            ));
        }
    }
    Ok((table, attachments))
}

#[cfg(test)]
mod tests {
    use super::inside_cidrs_from_xml;

    #[test]
    fn reads_inside_cidrs_but_nothing_secret_from_the_cgw_xml() {
        let xml = "<vpn_connection><ipsec_tunnel><customer_gateway><tunnel_inside_address><ip_address>169.254.59.18</ip_address><network_cidr>30</network_cidr></tunnel_inside_address></customer_gateway><vpn_gateway><tunnel_outside_address><ip_address>3.130.237.53</ip_address></tunnel_outside_address><tunnel_inside_address><ip_address>169.254.59.17</ip_address><network_cidr>30</network_cidr></tunnel_inside_address></vpn_gateway><ike><pre_shared_key>secret</pre_shared_key></ike></ipsec_tunnel></vpn_connection>";
        let tunnels = inside_cidrs_from_xml(xml);
        assert_eq!(tunnels.len(), 1);
        assert_eq!(tunnels[0].0, "3.130.237.53");
        assert_eq!(tunnels[0].1.to_string(), "169.254.59.16/30");
    }
}
