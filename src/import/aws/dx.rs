//! Direct Connect describe-* items → model resources (§3.2 of the catalog).
//!
//! The AWS CLI prints Direct Connect camelCase (`virtualInterfaceId`); some exporters (and
//! Batfish's fixtures) write PascalCase. `At::get` tries both spellings, so these functions name
//! the CLI's spelling only. Empty strings mean "none" and are read as absent.

use super::read::At;
use super::Scope;
use crate::import::ImportError;
use crate::model::*;

type R<T> = Result<T, ImportError>;

fn not_available(state: Option<String>) -> Option<String> {
    state.filter(|s| !s.eq_ignore_ascii_case("available"))
}

pub(super) fn connection(at: &At, scope: &Scope) -> R<DxConnection> {
    Ok(DxConnection {
        id: DxConnectionId(at.req_str("connectionId")?),
        name: at.str("connectionName")?.or_else(|| at.name_tag()),
        region: at.str("region")?.or_else(|| scope.region.clone()),
        location: at.str("location")?,
        bandwidth: at.str("bandwidth")?,
        hosted: at.str("partnerName")?.is_some(),
        jumbo_frame_capable: at.bool("jumboFrameCapable")?,
        encryption_mode: at.str("encryptionMode")?,
        state: not_available(at.str("connectionState")?),
    })
}

pub(super) fn virtual_interface(at: &At, scope: &Scope) -> R<VirtualInterface> {
    let vif_type = match at
        .str("virtualInterfaceType")?
        .map(|s| s.to_ascii_lowercase())
        .as_deref()
    {
        Some("private") => VifType::Private,
        Some("public") => VifType::Public,
        Some("transit") => VifType::Transit,
        other => {
            return Err(at.error(format!(
                "expected virtualInterfaceType private, public or transit, found {}",
                other.map_or("nothing".to_string(), |o| format!("{o:?}"))
            )))
        }
    };
    // `asn` is 0 when only a 4-byte `asnLong` is set.
    let asn = match at.u64("asnLong")? {
        Some(asn) if asn > 0 => Some(asn),
        _ => at.u64("asn")?.filter(|asn| *asn > 0),
    };
    let mut route_filter_prefixes = Vec::new();
    for prefix in at.list("routeFilterPrefixes")? {
        route_filter_prefixes.extend(prefix.cidr("cidr")?);
    }
    let mut bgp_status = Vec::new();
    for peer in at.list("bgpPeers")? {
        bgp_status.extend(peer.str("bgpStatus")?);
    }
    Ok(VirtualInterface {
        id: VirtualInterfaceId(at.req_str("virtualInterfaceId")?),
        name: at.str("virtualInterfaceName")?.or_else(|| at.name_tag()),
        vif_type,
        connection: at.str("connectionId")?.map(DxConnectionId),
        region: at.str("region")?.or_else(|| scope.region.clone()),
        vlan: at.u64("vlan")?.and_then(|v| u32::try_from(v).ok()),
        asn,
        amazon_side_asn: at.u64("amazonSideAsn")?,
        amazon_address: at.str("amazonAddress")?,
        customer_address: at.str("customerAddress")?,
        mtu: at.u64("mtu")?.and_then(|v| u32::try_from(v).ok()),
        vpn_gateway: at.str("virtualGatewayId")?.map(VpnGatewayId),
        dx_gateway: at.str("directConnectGatewayId")?.map(DxGatewayId),
        route_filter_prefixes,
        bgp_status,
        state: not_available(at.str("virtualInterfaceState")?),
    })
}

pub(super) fn gateway(at: &At, scope: &Scope) -> R<DxGateway> {
    Ok(DxGateway {
        id: DxGatewayId(at.req_str("directConnectGatewayId")?),
        name: at
            .str("directConnectGatewayName")?
            .or_else(|| at.name_tag()),
        account: at
            .str("ownerAccount")?
            .or_else(|| scope.account.clone())
            .map(AccountId),
        amazon_side_asn: at.u64("amazonSideAsn")?,
        state: not_available(at.str("directConnectGatewayState")?),
    })
}

pub(super) fn association(at: &At) -> R<DxGatewayAssociation> {
    let associated = at.get("associatedGateway");
    let gateway = match &associated {
        Some(gateway) => gateway.str("id")?,
        None => None,
    }
    .or(at.str("virtualGatewayId")?)
    .ok_or_else(|| at.error("expected associatedGateway.id (or the legacy virtualGatewayId)"))?;
    let region = match &associated {
        Some(gateway) => gateway.str("region")?,
        None => None,
    }
    .or(at.str("virtualGatewayRegion")?);
    let mut allowed_prefixes = Vec::new();
    for prefix in at.list("allowedPrefixesToDirectConnectGateway")? {
        allowed_prefixes.extend(prefix.cidr("cidr")?);
    }
    let state = at
        .str("associationState")?
        .filter(|s| !s.eq_ignore_ascii_case("associated"));
    Ok(DxGatewayAssociation {
        id: DxAssociationId(at.str("associationId")?.unwrap_or_else(|| {
            format!(
                "{}:{gateway}",
                at.str("directConnectGatewayId")
                    .ok()
                    .flatten()
                    .unwrap_or_default()
            )
        })),
        dx_gateway: DxGatewayId(at.req_str("directConnectGatewayId")?),
        gateway,
        region,
        allowed_prefixes,
        state,
    })
}
