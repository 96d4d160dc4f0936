//! Rule family `dx`: Direct Connect connections, virtual interfaces (VIFs), Direct Connect
//! gateways (DXGWs) and their associations with virtual private and transit gateways
//! (catalog §1.7).
//!
//! A connection carries VIFs: private (to a VGW or a DXGW), transit (to a DXGW associated with
//! TGWs), public (AWS public prefixes). A DXGW is global and joins VIFs to VGWs *or* TGWs; it
//! never carries traffic between two of its associations. Lookups come from `Ctx::hybrid`;
//! overlaps between VPCs or allowed prefixes of one DXGW are found by sorting and sweeping.

use super::context::Ctx;
use super::intervals::overlapping_pairs;
use super::vpn::{amazon_asn_ok, is_live, onprem_prefixes};
use super::{Finding, Severity};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

fn live_vifs<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = &'a VirtualInterface> {
    ctx.topo
        .virtual_interfaces
        .iter()
        .filter(|vif| is_live(&vif.state))
}

fn type_name(vif: &VirtualInterface) -> &'static str {
    match vif.vif_type {
        VifType::Private => "private",
        VifType::Public => "public",
        VifType::Transit => "transit",
    }
}

/// The VPC behind a VGW (attached), if the document has both.
fn vpc_of_vgw<'a>(ctx: &Ctx<'a>, vgw: &str) -> Option<&'a Vpc> {
    let vpc = ctx.hybrid.vgws.get(vgw)?.attached_vpc()?;
    ctx.vpcs.get(vpc.as_str()).copied()
}

/// The declared on-premises ranges behind a VIF (its sites' CIDRs), sorted.
fn vif_prefixes(ctx: &Ctx, vif: &str) -> Vec<Cidr> {
    let mut prefixes: Vec<Cidr> = ctx
        .hybrid
        .sites_by_vif
        .get(vif)
        .into_iter()
        .flatten()
        .flat_map(|site| site.cidrs.iter().copied())
        .collect();
    crate::sort::sort(&mut prefixes);
    prefixes.dedup();
    prefixes
}

/// ## What it checks
/// A VIF whose `vlan` is outside 1–4094.
/// ## Why it matters
/// 802.1Q tags run from 1 to 4094; AWS refuses others, and a VLAN cannot be changed later.
/// ## Fix
/// Create the VIF with a free VLAN of its connection. (Source: [DX-vif].)
pub(super) fn dx_vlan_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vif in live_vifs(ctx) {
        let Some(vlan) = vif.vlan else {
            continue;
        };
        if (1..=4094).contains(&vlan) {
            continue;
        }
        out.push(ctx.finding(
            "DX_VLAN_INVALID",
            Severity::Error,
            format!(
                "{} has VLAN {vlan}, outside 1–4094",
                ctx.label(vif.id.as_str())
            ),
            vec![vif.id.to_string()],
            Some("create the virtual interface with a VLAN from 1 to 4094 that its connection does not use yet".to_string()),
        ));
    }
}

/// ## What it checks
/// Two VIFs on the same connection (or LAG) with the same VLAN.
/// ## Why it matters
/// The VLAN tag is how the connection tells its VIFs apart; AWS refuses a duplicate.
/// ## Fix
/// Give one of them another VLAN (a new VIF). (Source: [DX-vif].)
pub(super) fn dx_vlan_duplicate(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut by_vlan: BTreeMap<(&str, u32), Vec<&str>> = BTreeMap::new();
    for vif in live_vifs(ctx) {
        if let (Some(connection), Some(vlan)) = (&vif.connection, vif.vlan) {
            by_vlan
                .entry((connection.as_str(), vlan))
                .or_default()
                .push(vif.id.as_str());
        }
    }
    for ((connection, vlan), mut vifs) in by_vlan {
        if vifs.len() < 2 {
            continue;
        }
        crate::sort::sort(&mut vifs);
        let mut resources: Vec<String> = vifs.iter().map(ToString::to_string).collect();
        resources.push(connection.to_string());
        out.push(ctx.finding(
            "DX_VLAN_DUPLICATE",
            Severity::Error,
            format!(
                "{} on {} share VLAN {vlan}: VLANs must be unique on a connection",
                vifs.join(" and "),
                ctx.label(connection)
            ),
            resources,
            Some(format!(
                "recreate {} with a VLAN {connection} does not use",
                vifs[vifs.len() - 1]
            )),
        ));
    }
}

/// ## What it checks
/// A VIF whose customer BGP ASN is 0 or above 4,294,967,294 (`asnLong`; the User Guide's
/// 1–2,147,483,647 is the old 2-byte-field range, `asn` reads 0 when only `asnLong` is set).
/// ## Why it matters
/// CreateVirtualInterface refuses it.
/// ## Fix
/// Use the router's public ASN or a private one (64,512–65,534). (Source: [DX-create-vif],
/// [API-dx].)
pub(super) fn dx_customer_asn_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vif in live_vifs(ctx) {
        let Some(asn) = vif.asn else {
            continue;
        };
        if (1..=4_294_967_294).contains(&asn) {
            continue;
        }
        out.push(ctx.finding(
            "DX_CUSTOMER_ASN_INVALID",
            Severity::Error,
            format!(
                "{} has the customer BGP ASN {asn}, outside 1–4,294,967,294",
                ctx.label(vif.id.as_str())
            ),
            vec![vif.id.to_string()],
            Some("use the router's ASN, or a private ASN such as 65000".to_string()),
        ));
    }
}

/// ## What it checks
/// A Direct Connect gateway whose `amazonSideAsn` is outside 64,512–65,534 and
/// 4,200,000,000–4,294,967,294.
/// ## Why it matters
/// CreateDirectConnectGateway refuses it.
/// ## Fix
/// Create the gateway with a private ASN (default 64512). (Source: [DX-dxgw], [API-dx].)
pub(super) fn dx_amazon_asn_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    for dxgw in ctx.topo.dx_gateways.iter().filter(|g| is_live(&g.state)) {
        let Some(asn) = dxgw.amazon_side_asn else {
            continue;
        };
        if amazon_asn_ok(asn, false) {
            continue;
        }
        out.push(ctx.finding(
            "DX_AMAZON_ASN_INVALID",
            Severity::Error,
            format!(
                "{} has the Amazon-side ASN {asn}, outside 64,512–65,534 and 4,200,000,000–4,294,967,294",
                ctx.label(dxgw.id.as_str())
            ),
            vec![dxgw.id.to_string()],
            Some("create the Direct Connect gateway with a private ASN, e.g. 64513".to_string()),
        ));
    }
}

/// Live associations whose gateway is a transit gateway, with that TGW when the document has it.
fn tgw_associations<'c, 'a>(
    ctx: &'c Ctx<'a>,
    dxgw: &str,
) -> impl Iterator<Item = &'a DxGatewayAssociation> + 'c {
    ctx.hybrid
        .assocs_by_dxgw
        .get(dxgw)
        .into_iter()
        .flatten()
        .copied()
        .filter(|a| a.gateway.starts_with("tgw-"))
}

/// ## What it checks
/// A transit gateway associated with a Direct Connect gateway that has the same Amazon-side ASN.
/// ## Why it matters
/// The association fails: the two BGP speakers must have different ASNs (both default to 64512).
/// ## Fix
/// Use a different ASN on the DX gateway (a new one) or the transit gateway. (Source: [DX-tgw-assoc].)
pub(super) fn dx_tgw_asn_collision(ctx: &Ctx, out: &mut Vec<Finding>) {
    for dxgw in ctx.topo.dx_gateways.iter().filter(|g| is_live(&g.state)) {
        let Some(dxgw_asn) = dxgw.amazon_side_asn else {
            continue;
        };
        for assoc in tgw_associations(ctx, dxgw.id.as_str()) {
            let Some(tgw) = ctx.hybrid.tgws.get(assoc.gateway.as_str()) else {
                continue;
            };
            if tgw.amazon_side_asn != Some(dxgw_asn) {
                continue;
            }
            out.push(ctx.finding(
                "DX_TGW_ASN_COLLISION",
                Severity::Error,
                format!(
                    "{} and {} both have the ASN {dxgw_asn}: their association fails",
                    ctx.label(tgw.id.as_str()),
                    ctx.label(dxgw.id.as_str())
                ),
                vec![
                    assoc.id.to_string(),
                    tgw.id.to_string(),
                    dxgw.id.to_string(),
                ],
                Some(format!(
                    "give {} an ASN other than {dxgw_asn} (e.g. {})",
                    dxgw.id,
                    if dxgw_asn == 64513 { 64514 } else { 64513 }
                )),
            ));
        }
    }
}

/// ## What it checks
/// Transit gateways in different Regions, associated with one Direct Connect gateway, that share
/// an ASN.
/// ## Why it matters
/// AWS asks for a unique ASN per transit gateway there; with equal ASNs BGP loop prevention
/// drops one Region's routes in the other.
/// ## Fix
/// Give each Region's transit gateway its own ASN. (Source: [DX-tgw-assoc].)
pub(super) fn dx_multi_region_tgw_asn(ctx: &Ctx, out: &mut Vec<Finding>) {
    for dxgw in &ctx.topo.dx_gateways {
        let mut by_asn: BTreeMap<u64, BTreeMap<&str, &str>> = BTreeMap::new();
        for assoc in tgw_associations(ctx, dxgw.id.as_str()) {
            let Some(tgw) = ctx.hybrid.tgws.get(assoc.gateway.as_str()) else {
                continue;
            };
            if let Some(asn) = tgw.amazon_side_asn {
                by_asn
                    .entry(asn)
                    .or_default()
                    .insert(tgw.id.as_str(), tgw.region.as_str());
            }
        }
        for (asn, tgws) in by_asn {
            let regions: BTreeSet<&str> = tgws.values().copied().collect();
            if regions.len() < 2 {
                continue;
            }
            let ids: Vec<String> = tgws.keys().map(ToString::to_string).collect();
            let mut resources = vec![dxgw.id.to_string()];
            resources.extend(ids.iter().cloned());
            out.push(ctx.finding(
                "DX_MULTI_REGION_TGW_ASN",
                Severity::Warning,
                format!(
                    "{} joins transit gateways of {} Regions that share the ASN {asn} ({})",
                    ctx.label(dxgw.id.as_str()),
                    regions.len(),
                    ids.join(", ")
                ),
                resources,
                Some(format!(
                    "give each Region's transit gateway its own ASN ({} needs another one)",
                    ids[ids.len() - 1]
                )),
            ));
        }
    }
}

/// ## What it checks
/// A private VIF with neither or both of a VGW and a Direct Connect gateway; a transit VIF
/// without a Direct Connect gateway (or with a VGW); a public VIF attached to a VGW or a Direct
/// Connect gateway.
/// ## Why it matters
/// Each VIF type has one kind of target; AWS refuses the others.
/// ## Fix
/// Private VIF: one VGW or one DX gateway; transit VIF: a DX gateway; public VIF: neither.
/// (Source: [DX-vif], [DX-vgw-assoc].)
pub(super) fn dx_vif_target_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vif in live_vifs(ctx) {
        let (vgw, dxgw) = (vif.vpn_gateway.is_some(), vif.dx_gateway.is_some());
        let problem = match vif.vif_type {
            VifType::Private if vgw && dxgw => {
                Some("names both a virtual private gateway and a Direct Connect gateway")
            }
            VifType::Private if !vgw && !dxgw => {
                Some("names neither a virtual private gateway nor a Direct Connect gateway")
            }
            VifType::Transit if !dxgw || vgw => {
                Some("must be attached to a Direct Connect gateway, and only to one")
            }
            VifType::Public if vgw || dxgw => {
                Some("is attached to a gateway, which public virtual interfaces never are")
            }
            _ => None,
        };
        let Some(problem) = problem else {
            continue;
        };
        let mut resources = vec![vif.id.to_string()];
        resources.extend(vif.vpn_gateway.iter().map(ToString::to_string));
        resources.extend(vif.dx_gateway.iter().map(ToString::to_string));
        out.push(ctx.finding(
            "DX_VIF_TARGET_INVALID",
            Severity::Error,
            format!(
                "{}, a {} virtual interface, {problem}",
                ctx.label(vif.id.as_str()),
                type_name(vif)
            ),
            resources,
            Some(match vif.vif_type {
                VifType::Private => "attach the private VIF to one VGW, or to one Direct Connect gateway to reach VGWs in several Regions".to_string(),
                VifType::Transit => "attach the transit VIF to the Direct Connect gateway that is associated with the transit gateway".to_string(),
                VifType::Public => "remove the gateway: a public VIF reaches AWS public prefixes directly".to_string(),
            }),
        ));
    }
}

/// ## What it checks
/// A Direct Connect gateway with a transit side (a TGW association or a transit VIF) and a
/// private side (a VGW association or a private VIF) at once.
/// ## Why it matters
/// A DX gateway serves transit gateways over transit VIFs, or VGWs over private VIFs, never both;
/// AWS refuses the association or attachment that would mix them.
/// ## Fix
/// Use a second Direct Connect gateway for the other kind. (Source: [DX-vgw-assoc], [DX-tgw-assoc].)
pub(super) fn dx_dxgw_mixed(ctx: &Ctx, out: &mut Vec<Finding>) {
    for dxgw in &ctx.topo.dx_gateways {
        let id = dxgw.id.as_str();
        let mut transit: Vec<String> = Vec::new();
        let mut private: Vec<String> = Vec::new();
        for assoc in ctx.hybrid.assocs_by_dxgw.get(id).into_iter().flatten() {
            if assoc.gateway.starts_with("tgw-") {
                transit.push(assoc.gateway.clone());
            } else {
                private.push(assoc.gateway.clone());
            }
        }
        for vif in ctx.hybrid.vifs_by_dxgw.get(id).into_iter().flatten() {
            match vif.vif_type {
                VifType::Transit => transit.push(vif.id.to_string()),
                VifType::Private => private.push(vif.id.to_string()),
                VifType::Public => {}
            }
        }
        if transit.is_empty() || private.is_empty() {
            continue;
        }
        let mut resources = vec![id.to_string()];
        resources.extend(transit.iter().cloned());
        resources.extend(private.iter().cloned());
        out.push(ctx.finding(
            "DX_DXGW_MIXED",
            Severity::Error,
            format!(
                "{} serves transit gateways ({}) and virtual private gateways or private VIFs ({}): a Direct Connect gateway serves one kind",
                ctx.label(id),
                transit.join(", "),
                private.join(", ")
            ),
            resources,
            Some(format!("move {} to a second Direct Connect gateway", private.join(", "))),
        ));
    }
}

/// ## What it checks
/// A virtual private gateway associated with more than one Direct Connect gateway.
/// (A private VIF attached to two DX gateways cannot be written in the model: a VIF has one.)
/// ## Why it matters
/// CreateDirectConnectGatewayAssociation refuses a VGW that is already associated.
/// ## Fix
/// Keep one association; one DX gateway reaches VGWs in every Region. (Source: [DX-vgw-assoc].)
pub(super) fn dx_vgw_multi_dxgw(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (gateway, assocs) in &ctx.hybrid.assocs_by_gateway {
        if !gateway.starts_with("vgw-") {
            continue;
        }
        let dxgws: BTreeSet<&str> = assocs.iter().map(|a| a.dx_gateway.as_str()).collect();
        if dxgws.len() < 2 {
            continue;
        }
        let ids: Vec<String> = dxgws.iter().map(ToString::to_string).collect();
        let mut resources = vec![gateway.to_string()];
        resources.extend(ids.iter().cloned());
        out.push(ctx.finding(
            "DX_VGW_MULTI_DXGW",
            Severity::Error,
            format!(
                "{} is associated with {} Direct Connect gateways ({}): a virtual private gateway can be associated with one",
                ctx.label(gateway),
                ids.len(),
                ids.join(", ")
            ),
            resources,
            Some(format!("keep the association with {} and remove the others", ids[0])),
        ));
    }
}

/// ## What it checks
/// A VGW associated with a Direct Connect gateway but not attached to a VPC.
/// ## Why it matters
/// The association needs an attached VGW (detaching it also removes the association); nothing
/// behind it can be reached.
/// ## Fix
/// Attach the VGW to its VPC. (Source: [DX-vgw-assoc].)
pub(super) fn dx_vgw_not_attached(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (gateway, assocs) in &ctx.hybrid.assocs_by_gateway {
        let Some(vgw) = ctx.hybrid.vgws.get(gateway) else {
            continue;
        };
        if vgw.attached_vpc().is_some() || !is_live(&vgw.state) {
            continue;
        }
        for assoc in assocs {
            out.push(ctx.finding(
                "DX_VGW_NOT_ATTACHED",
                Severity::Error,
                format!(
                    "{} is associated with {} but attached to no VPC: nothing is reachable behind it",
                    ctx.label(gateway),
                    ctx.label(assoc.dx_gateway.as_str())
                ),
                vec![gateway.to_string(), assoc.dx_gateway.to_string(), assoc.id.to_string()],
                Some(format!("attach {gateway} to its VPC")),
            ));
        }
    }
}

/// The VPCs behind the VGW associations of one DX gateway, with their VGW, sorted by VPC id.
fn vpcs_behind<'a>(ctx: &Ctx<'a>, dxgw: &str) -> Vec<(&'a Vpc, &'a str)> {
    let mut vpcs: Vec<(&Vpc, &str)> = ctx
        .hybrid
        .assocs_by_dxgw
        .get(dxgw)
        .into_iter()
        .flatten()
        .filter_map(|assoc| {
            vpc_of_vgw(ctx, assoc.gateway.as_str()).map(|vpc| (vpc, assoc.gateway.as_str()))
        })
        .collect();
    crate::sort::sort_by_key(&mut vpcs, |(vpc, _)| vpc.id.as_str());
    vpcs.dedup_by_key(|(vpc, _)| vpc.id.as_str());
    vpcs
}

/// ## What it checks
/// Two VPCs reached through one Direct Connect gateway (through their VGWs) whose IPv4 blocks
/// overlap, secondary blocks included.
/// ## Why it matters
/// AWS refuses the association (and later the block): the DX gateway could not tell the VPCs'
/// routes apart.
/// ## Fix
/// Re-address one VPC, or use a separate Direct Connect gateway. (Source: [DX-vgw-assoc], [VUG-cidr].)
pub(super) fn dx_vpc_cidr_overlap(ctx: &Ctx, out: &mut Vec<Finding>) {
    for dxgw in &ctx.topo.dx_gateways {
        let vpcs = vpcs_behind(ctx, dxgw.id.as_str());
        let blocks: Vec<(Cidr4, usize)> = vpcs
            .iter()
            .enumerate()
            .flat_map(|(i, (vpc, _))| vpc.cidrs.iter().map(move |c| (*c, i)))
            .collect();
        let ranges: Vec<(u32, u32)> = blocks.iter().map(|(c, _)| c.range()).collect();
        let mut reported: BTreeSet<(usize, usize)> = BTreeSet::new();
        for (i, j) in overlapping_pairs(&ranges) {
            let ((a, vpc_a), (b, vpc_b)) = (blocks[i], blocks[j]);
            if vpc_a == vpc_b || !reported.insert((vpc_a.min(vpc_b), vpc_a.max(vpc_b))) {
                continue;
            }
            let (first, second) = (vpcs[vpc_a.min(vpc_b)].0, vpcs[vpc_a.max(vpc_b)].0);
            let hint = match ctx.free_block_like(&b) {
                Some(free) => format!(
                    "re-address {} with a block that overlaps no VPC on {}, e.g. {free}, or use a second Direct Connect gateway",
                    second.id, dxgw.id
                ),
                None => format!("re-address {}, or use a second Direct Connect gateway", second.id),
            };
            out.push(ctx.finding(
                "DX_VPC_CIDR_OVERLAP",
                Severity::Error,
                format!(
                    "{} and {}, both behind {}, have overlapping blocks ({a} and {b})",
                    ctx.label(first.id.as_str()),
                    ctx.label(second.id.as_str()),
                    ctx.label(dxgw.id.as_str())
                ),
                vec![
                    dxgw.id.to_string(),
                    first.id.to_string(),
                    second.id.to_string(),
                ],
                Some(hint),
            ));
        }
    }
}

/// For each DX gateway: the on-premises supernets (declared ranges of the sites behind one
/// attached VIF) that cover blocks of at least two VPCs behind the gateway, with those VPCs.
fn hairpins<'a>(ctx: &Ctx<'a>, dxgw: &str) -> Vec<(Cidr4, &'a VirtualInterface, Vec<&'a Vpc>)> {
    let vpcs = vpcs_behind(ctx, dxgw);
    let mut found = Vec::new();
    if vpcs.len() < 2 {
        return found;
    }
    for vif in ctx.hybrid.vifs_by_dxgw.get(dxgw).into_iter().flatten() {
        for prefix in vif_prefixes(ctx, vif.id.as_str()) {
            let Some(v4) = prefix.v4() else {
                continue;
            };
            let covered: Vec<&Vpc> = vpcs
                .iter()
                .map(|(vpc, _)| *vpc)
                .filter(|vpc| vpc.cidrs.iter().any(|block| block.within(&v4)))
                .collect();
            if covered.len() >= 2 {
                found.push((v4, *vif, covered));
            }
        }
    }
    found
}

/// ## What it checks
/// A static route in a VPC's table that sends a destination inside another VPC to the VPC's
/// VGW, when both VGWs are associated with the same Direct Connect gateway and no site on a VIF
/// of that gateway advertises a supernet of both (see `DX_SUPERNET_HAIRPIN`).
/// ## Why it matters
/// A Direct Connect gateway never carries traffic between its associated gateways: the route
/// leads nowhere.
/// ## Fix
/// Connect the VPCs with a peering or a transit gateway. (Source: [DX-dxgw], [DX-vgw-assoc].)
pub(super) fn dx_no_vgw_to_vgw(ctx: &Ctx, out: &mut Vec<Finding>) {
    // VGW → the DX gateways it is associated with; DX gateway → the VPCs behind it (hairpinned
    // VPCs left out). A DX gateway has at most 20 VGWs, so each route looks at few VPCs.
    let mut behind: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut vpcs_of: BTreeMap<&str, Vec<&Vpc>> = BTreeMap::new();
    for dxgw in &ctx.topo.dx_gateways {
        let hairpinned: Vec<(Cidr4, &VirtualInterface, Vec<&Vpc>)> =
            hairpins(ctx, dxgw.id.as_str());
        for (vpc, vgw) in vpcs_behind(ctx, dxgw.id.as_str()) {
            if hairpinned
                .iter()
                .any(|(_, _, covered)| covered.iter().any(|c| c.id == vpc.id))
            {
                continue;
            }
            behind.entry(vgw).or_default().push(dxgw.id.as_str());
            vpcs_of.entry(dxgw.id.as_str()).or_default().push(vpc);
        }
    }
    for table in &ctx.topo.route_tables {
        for route in table.routes.iter().filter(|r| !r.origin.is_propagated()) {
            let (RouteTarget::VpnGateway(vgw), Destination::Ipv4(dest)) =
                (&route.target, &route.destination)
            else {
                continue;
            };
            let Some(dxgws) = behind.get(vgw.as_str()) else {
                continue;
            };
            for dxgw in dxgws {
                let Some(other) =
                    vpcs_of.get(dxgw).into_iter().flatten().find(|vpc| {
                        vpc.id != table.vpc && vpc.cidrs.iter().any(|b| dest.within(b))
                    })
                else {
                    continue;
                };
                out.push(ctx.finding(
                    "DX_NO_VGW_TO_VGW",
                    Severity::Error,
                    format!(
                        "{} sends {dest} to {}, but {dest} is in {}, behind the same Direct Connect gateway {}: a Direct Connect gateway does not carry traffic between VPCs",
                        ctx.label(table.id.as_str()),
                        ctx.label(vgw.as_str()),
                        ctx.label(other.id.as_str()),
                        ctx.label(dxgw)
                    ),
                    vec![table.id.to_string(), vgw.to_string(), dxgw.to_string(), other.id.to_string()],
                    Some(format!(
                        "connect {} and {} with a peering or a transit gateway and route {dest} there",
                        table.vpc, other.id
                    )),
                ));
            }
        }
    }
}

/// ## What it checks
/// A site behind a VIF of a Direct Connect gateway that declares a supernet covering blocks of
/// two or more VPCs behind that gateway.
/// ## Why it matters
/// Since November 2021 such VPCs can reach each other through the Direct Connect location when
/// on-premises advertises a supernet on the same VIF: traffic between them no longer needs (or
/// passes) the data centre.
/// ## Fix
/// If unwanted: advertise more specific non-overlapping prefixes instead of the supernet, block
/// inter-VPC traffic with security groups, or use one DX gateway per VPC. (Source: [DX-dxgw].)
pub(super) fn dx_supernet_hairpin(ctx: &Ctx, out: &mut Vec<Finding>) {
    for dxgw in &ctx.topo.dx_gateways {
        for (supernet, vif, covered) in hairpins(ctx, dxgw.id.as_str()) {
            let names: Vec<String> = covered.iter().map(|v| ctx.label(v.id.as_str())).collect();
            let mut resources = vec![dxgw.id.to_string(), vif.id.to_string()];
            resources.extend(covered.iter().map(|v| v.id.to_string()));
            out.push(ctx.finding(
                "DX_SUPERNET_HAIRPIN",
                Severity::Warning,
                format!(
                    "on-premises advertises {supernet} over {}, covering {}: those VPCs can reach each other through the Direct Connect location",
                    ctx.label(vif.id.as_str()),
                    names.join(" and ")
                ),
                resources,
                Some(format!("if unintended, advertise more specific prefixes than {supernet} on {}, block the VPCs from each other with security groups, or use one Direct Connect gateway per VPC", vif.id)),
            ));
        }
    }
}

/// ## What it checks
/// A VGW association whose allowed prefixes are set but none is equal to or wider than some
/// block of the VPC behind the VGW.
/// ## Why it matters
/// For VGW associations the list is only a filter: AWS advertises the VPC's own blocks, and a
/// block no allowed prefix covers is never advertised, so on-premises has no route back to it.
/// ## Fix
/// Allow the VPC's block or a wider prefix. (Source: [DX-allowed].)
pub(super) fn dx_allowed_prefix_narrow(ctx: &Ctx, out: &mut Vec<Finding>) {
    for assocs in ctx.hybrid.assocs_by_gateway.values() {
        for assoc in assocs.iter().filter(|a| !a.allowed_prefixes.is_empty()) {
            let Some(vpc) = vpc_of_vgw(ctx, assoc.gateway.as_str()) else {
                continue;
            };
            let allowed: Vec<Cidr4> = assoc.allowed_prefixes.iter().filter_map(Cidr::v4).collect();
            let missing: Vec<String> = vpc
                .cidrs
                .iter()
                .filter(|block| !allowed.iter().any(|p| block.within(p)))
                .map(ToString::to_string)
                .collect();
            if missing.is_empty() {
                continue;
            }
            out.push(ctx.finding(
                "DX_ALLOWED_PREFIX_NARROW",
                Severity::Warning,
                format!(
                    "the allowed prefixes of {} ({}) cover no prefix as wide as {} of {}: {} is not advertised to on-premises",
                    ctx.label(assoc.id.as_str()),
                    assoc.allowed_prefixes.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                    missing.join(", "),
                    ctx.label(vpc.id.as_str()),
                    if missing.len() == 1 { "it" } else { "they" }
                ),
                vec![assoc.id.to_string(), assoc.gateway.to_string(), vpc.id.to_string()],
                Some(format!("add {} (or a wider prefix) to the allowed prefixes", missing.join(" and "))),
            ));
        }
    }
}

/// The VPCs attached to a transit gateway (live VPC attachments), sorted by id.
fn vpcs_on_tgw<'a>(ctx: &Ctx<'a>, tgw: &str) -> Vec<&'a Vpc> {
    let mut vpcs: Vec<&Vpc> = ctx
        .topo
        .transit_gateway_attachments
        .iter()
        .filter(|a| {
            a.transit_gateway.as_str() == tgw && a.resource_type == "vpc" && is_live(&a.state)
        })
        .filter_map(|a| ctx.vpcs.get(a.resource.as_str()).copied())
        .collect();
    crate::sort::sort_by_key(&mut vpcs, |v| v.id.as_str());
    vpcs.dedup_by_key(|v| v.id.as_str());
    vpcs
}

/// ## What it checks
/// A transit-gateway association whose allowed prefix lies strictly inside a block of a VPC
/// attached to that transit gateway.
/// ## Why it matters
/// For TGW associations the allowed prefixes themselves are advertised to on-premises, not the
/// VPCs' blocks: on-premises learns only the narrower prefix and reaches only that part of the VPC.
/// ## Fix
/// Nothing if intended; else allow the VPC's whole block or a summary. (Source: [DX-allowed].)
pub(super) fn dx_allowed_prefix_tgw_semantics(ctx: &Ctx, out: &mut Vec<Finding>) {
    for dxgw in &ctx.topo.dx_gateways {
        for assoc in tgw_associations(ctx, dxgw.id.as_str()) {
            let vpcs = vpcs_on_tgw(ctx, assoc.gateway.as_str());
            // (narrow prefix, the VPC block it lies in, that VPC), one finding per association.
            let narrow: Vec<(Cidr4, Cidr4, &Vpc)> = assoc
                .allowed_prefixes
                .iter()
                .filter_map(Cidr::v4)
                .filter_map(|prefix| {
                    vpcs.iter().find_map(|vpc| {
                        vpc.cidrs
                            .iter()
                            .find(|b| prefix.within(b) && prefix.network() != b.network())
                            .map(|b| (prefix, *b, *vpc))
                    })
                })
                .collect();
            let Some((prefix, block, vpc)) = narrow.first() else {
                continue;
            };
            let mut resources = vec![assoc.id.to_string(), assoc.gateway.to_string()];
            let mut vpc_ids: Vec<&str> = narrow.iter().map(|(_, _, v)| v.id.as_str()).collect();
            vpc_ids.dedup();
            resources.extend(vpc_ids.iter().map(ToString::to_string));
            let more = if narrow.len() > 1 {
                format!(" (and {} more)", narrow.len() - 1)
            } else {
                String::new()
            };
            out.push(ctx.finding(
                "DX_ALLOWED_PREFIX_TGW_SEMANTICS",
                Severity::Info,
                format!(
                    "{} advertises {prefix}{more} to on-premises as written, not {block} of {}: on-premises reaches only that part of the VPC",
                    ctx.label(assoc.id.as_str()),
                    ctx.label(vpc.id.as_str())
                ),
                resources,
                Some(format!("nothing if intended; otherwise allow {block} or a summary of the transit gateway's VPCs")),
            ));
        }
    }
}

/// ## What it checks
/// Allowed prefixes of two transit-gateway associations on one Direct Connect gateway that
/// overlap.
/// ## Why it matters
/// AWS refuses overlapping allowed prefixes across the transit gateways of one DX gateway (so
/// `0.0.0.0/0` works only with a single transit gateway).
/// ## Fix
/// Allow disjoint summaries per transit gateway, e.g. one per Region. (Source: [DX-allowed].)
pub(super) fn dx_allowed_prefix_overlap(ctx: &Ctx, out: &mut Vec<Finding>) {
    for dxgw in &ctx.topo.dx_gateways {
        let assocs: Vec<&DxGatewayAssociation> = tgw_associations(ctx, dxgw.id.as_str()).collect();
        let prefixes: Vec<(Cidr4, usize)> = assocs
            .iter()
            .enumerate()
            .flat_map(|(i, a)| {
                a.allowed_prefixes
                    .iter()
                    .filter_map(Cidr::v4)
                    .map(move |c| (c, i))
            })
            .collect();
        let ranges: Vec<(u32, u32)> = prefixes.iter().map(|(c, _)| c.range()).collect();
        let mut reported: BTreeSet<(usize, usize)> = BTreeSet::new();
        for (i, j) in overlapping_pairs(&ranges) {
            let ((a, ia), (b, ib)) = (prefixes[i], prefixes[j]);
            if ia == ib || !reported.insert((ia.min(ib), ia.max(ib))) {
                continue;
            }
            let (first, second) = (assocs[ia.min(ib)], assocs[ia.max(ib)]);
            out.push(ctx.finding(
                "DX_ALLOWED_PREFIX_OVERLAP",
                Severity::Error,
                format!(
                    "on {}, the allowed prefixes of {} ({}) and {} ({}) overlap ({a} and {b}): AWS refuses overlapping prefixes across transit gateways",
                    ctx.label(dxgw.id.as_str()),
                    ctx.label(first.id.as_str()),
                    first.gateway,
                    ctx.label(second.id.as_str()),
                    second.gateway
                ),
                vec![dxgw.id.to_string(), first.id.to_string(), second.id.to_string()],
                Some(format!("allow disjoint prefixes per transit gateway, e.g. only the blocks of the VPCs on {}", second.gateway)),
            ));
        }
    }
}

/// ## What it checks
/// More than 100 IPv4 or 100 IPv6 on-premises prefixes (the declared ranges of the sites behind
/// it) for one private or transit VIF, or more than 1,000 route-filter prefixes on a public VIF.
/// ## Why it matters
/// Over the limit the BGP session goes idle: the VIF carries nothing.
/// ## Fix
/// Summarise the on-premises prefixes (or advertise a default route). (Source: [DX-quotas], [DX-vif].)
pub(super) fn dx_routes_over_limit(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vif in live_vifs(ctx) {
        let (v4, v6, limit) = if vif.vif_type == VifType::Public {
            let n = vif.route_filter_prefixes.len();
            (n, 0, 1000)
        } else {
            let prefixes = vif_prefixes(ctx, vif.id.as_str());
            let v4 = prefixes.iter().filter(|p| p.v4().is_some()).count();
            (v4, prefixes.len() - v4, 100)
        };
        let worst = v4.max(v6);
        if worst <= limit {
            continue;
        }
        out.push(ctx.finding(
            "DX_ROUTES_OVER_LIMIT",
            Severity::Error,
            format!(
                "{} is advertised {worst} {} prefixes, over the limit of {limit} for a {} virtual interface: its BGP session goes idle",
                ctx.label(vif.id.as_str()),
                if v4 >= v6 { "IPv4" } else { "IPv6" },
                type_name(vif)
            ),
            vec![vif.id.to_string()],
            Some(format!("summarise the on-premises prefixes to at most {limit}, or advertise a default route")),
        ));
    }
}

/// ## What it checks
/// A transit-gateway association with more than 200 allowed prefixes.
/// ## Why it matters
/// At most 200 prefixes per transit gateway are advertised from AWS to on-premises over a
/// transit VIF.
/// ## Fix
/// Summarise the VPC blocks into fewer, wider prefixes. (Source: [DX-quotas].)
pub(super) fn dx_tgw_prefixes_over_limit(ctx: &Ctx, out: &mut Vec<Finding>) {
    for dxgw in &ctx.topo.dx_gateways {
        for assoc in tgw_associations(ctx, dxgw.id.as_str()) {
            let n = assoc.allowed_prefixes.len();
            if n <= 200 {
                continue;
            }
            out.push(ctx.finding(
                "DX_TGW_PREFIXES_OVER_LIMIT",
                Severity::Error,
                format!(
                    "{} allows {n} prefixes from {}: at most 200 per transit gateway reach on-premises",
                    ctx.label(assoc.id.as_str()),
                    assoc.gateway
                ),
                vec![assoc.id.to_string(), assoc.gateway.to_string()],
                Some("summarise the VPC blocks into at most 200 wider prefixes (allocate them from per-Region supernets)".to_string()),
            ));
        }
    }
}

/// ## What it checks
/// A private VIF whose `mtu` is not 1500, 8500 or 9001, or a transit VIF whose `mtu` is not 1500
/// or 8500. (The User Guide lists 1500/9001 for private VIFs, the 2024+ API reference 1500/8500;
/// both are accepted.)
/// ## Why it matters
/// AWS supports only these MTUs.
/// ## Fix
/// Set the MTU to 1500, or to the jumbo value of the VIF type. (Source: [DX-mtu], [DX-vif], [API-dx].)
pub(super) fn dx_mtu_invalid(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vif in live_vifs(ctx) {
        let Some(mtu) = vif.mtu else {
            continue;
        };
        let allowed: &[u32] = match vif.vif_type {
            VifType::Private => &[1500, 8500, 9001],
            VifType::Transit => &[1500, 8500],
            VifType::Public => continue,
        };
        if allowed.contains(&mtu) {
            continue;
        }
        out.push(ctx.finding(
            "DX_MTU_INVALID",
            Severity::Error,
            format!(
                "{} has the MTU {mtu}; a {} virtual interface supports {}",
                ctx.label(vif.id.as_str()),
                type_name(vif),
                allowed.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ),
            vec![vif.id.to_string()],
            Some(format!(
                "set the MTU to 1500 or {}",
                if vif.vif_type == VifType::Transit {
                    8500
                } else {
                    9001
                }
            )),
        ));
    }
}

/// ## What it checks
/// A VIF with an MTU above 1500 on a connection that says `jumboFrameCapable: false`.
/// ## Why it matters
/// Jumbo frames need a jumbo-capable connection; AWS refuses the MTU.
/// ## Fix
/// Keep the MTU at 1500 or move the VIF to a jumbo-capable connection. (Source: [DX-mtu].)
pub(super) fn dx_jumbo_not_capable(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vif in live_vifs(ctx) {
        let (Some(mtu), Some(connection)) = (vif.mtu, &vif.connection) else {
            continue;
        };
        let Some(conn) = ctx.hybrid.dx_connections.get(connection.as_str()) else {
            continue;
        };
        if mtu <= 1500 || conn.jumbo_frame_capable != Some(false) {
            continue;
        }
        out.push(ctx.finding(
            "DX_JUMBO_NOT_CAPABLE",
            Severity::Error,
            format!(
                "{} has the MTU {mtu}, but {} is not jumbo-frame capable",
                ctx.label(vif.id.as_str()),
                ctx.label(connection.as_str())
            ),
            vec![vif.id.to_string(), connection.to_string()],
            Some("set the MTU to 1500, or move the VIF to a jumbo-capable connection".to_string()),
        ));
    }
}

/// ## What it checks
/// A private VIF with a jumbo MTU whose VGW (directly, or through its DX gateway) is reached from
/// the VPC by a static route, or whose on-premises ranges a VPN on the same VGW also leads to.
/// ## Why it matters
/// Jumbo frames apply only to propagated routes, and a prefix also learned from a VPN falls back
/// to 1500: the jumbo MTU will not be used.
/// ## Fix
/// Use propagated routes (enable propagation, remove the static ones), and do not advertise the
/// same prefixes over the VPN. (Source: [DX-mtu], [DX-vif].)
pub(super) fn dx_mtu_fallback(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vif in
        live_vifs(ctx).filter(|v| v.vif_type == VifType::Private && v.mtu.unwrap_or(1500) > 1500)
    {
        let mut vgws: Vec<&str> = vif.vpn_gateway.iter().map(|g| g.as_str()).collect();
        if let Some(dxgw) = &vif.dx_gateway {
            vgws.extend(
                ctx.hybrid
                    .assocs_by_dxgw
                    .get(dxgw.as_str())
                    .into_iter()
                    .flatten()
                    .filter(|a| a.gateway.starts_with("vgw-"))
                    .map(|a| a.gateway.as_str()),
            );
        }
        let site: Vec<Cidr4> = vif_prefixes(ctx, vif.id.as_str())
            .iter()
            .filter_map(Cidr::v4)
            .collect();
        for vgw in vgws {
            let mut reasons: Vec<String> = Vec::new();
            let mut resources = vec![vif.id.to_string(), vgw.to_string()];
            if let Some(vpc) = ctx.hybrid.vgws.get(vgw).and_then(|g| g.attached_vpc()) {
                let statics: Vec<&RouteTable> = ctx
                    .tables_by_vpc
                    .get(vpc.as_str())
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|t| {
                        t.routes
                            .iter()
                            .any(|r| r.target.id() == vgw && !r.origin.is_propagated())
                    })
                    .collect();
                if let Some(table) = statics.iter().min_by_key(|t| t.id.as_str()) {
                    reasons.push(format!(
                        "{} routes to it statically",
                        ctx.label(table.id.as_str())
                    ));
                    resources.push(table.id.to_string());
                }
            }
            for vpn in ctx.hybrid.vpns_by_gateway.get(vgw).into_iter().flatten() {
                let shared = onprem_prefixes(ctx, vpn)
                    .iter()
                    .filter_map(Cidr::v4)
                    .find(|p| site.iter().any(|s| s.overlaps(p)));
                if let Some(prefix) = shared {
                    reasons.push(format!(
                        "{} also leads to {prefix}",
                        ctx.label(vpn.id.as_str())
                    ));
                    resources.push(vpn.id.to_string());
                }
            }
            if reasons.is_empty() {
                continue;
            }
            out.push(ctx.finding(
                "DX_MTU_FALLBACK",
                Severity::Warning,
                format!(
                    "{} has the MTU {}, but traffic through {} falls back to 1500: {}",
                    ctx.label(vif.id.as_str()),
                    vif.mtu.unwrap_or(1500),
                    ctx.label(vgw),
                    reasons.join("; ")
                ),
                resources,
                Some(format!("use propagated routes from {vgw} instead of static ones, and keep the VPN's prefixes apart from the Direct Connect ones")),
            ));
        }
    }
}

/// ## What it checks
/// A VIF in a state that carries no traffic (`down`, `pending`, `verifying`, `confirming`,
/// `testing`, `unknown`…) or with a BGP peer whose status is not `up`.
/// ## Why it matters
/// Traffic over it stops; with other VIFs it is lost redundancy, as the only path an outage.
/// ## Fix
/// Check the physical link, the VLAN, the BGP peer addresses and keys on the router.
/// (Source: [API-dx].)
pub(super) fn dx_bgp_down(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vif in live_vifs(ctx) {
        let state_bad = vif
            .state
            .as_deref()
            .filter(|s| !s.eq_ignore_ascii_case("available"));
        let peers_down = vif
            .bgp_status
            .iter()
            .filter(|s| !s.eq_ignore_ascii_case("up"))
            .count();
        let what = match (state_bad, peers_down) {
            (Some(state), _) => format!("is {state}"),
            (None, 0) => continue,
            (None, n) => format!(
                "has {n} of {} BGP peer{} not up",
                vif.bgp_status.len(),
                if vif.bgp_status.len() == 1 { "" } else { "s" }
            ),
        };
        let mut resources = vec![vif.id.to_string()];
        resources.extend(vif.connection.iter().map(ToString::to_string));
        out.push(ctx.finding(
            "DX_BGP_DOWN",
            Severity::Warning,
            format!("{} {what}: it carries no traffic", ctx.label(vif.id.as_str())),
            resources,
            Some("check the link, the VLAN tag, the BGP peer addresses, ASN and MD5 key on the router".to_string()),
        ));
    }
}

/// ## What it checks
/// A VGW or Direct Connect gateway whose VIFs all ride one connection, or several connections at
/// one Direct Connect location, when no VPN on the same gateway (or on a gateway associated with
/// the DX gateway) backs them up.
/// ## Why it matters
/// A fibre cut, device failure or location outage cuts on-premises off; AWS's resiliency models
/// use at least two connections, ideally at two locations.
/// ## Fix
/// Add a connection (at a second location), or a Site-to-Site VPN as backup. (Source: [DX-resiliency].)
pub(super) fn dx_single_connection(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut gateways: BTreeMap<&str, (Vec<&VirtualInterface>, Vec<&str>)> = BTreeMap::new();
    for (vgw, vifs) in &ctx.hybrid.vifs_by_vgw {
        gateways
            .entry(vgw)
            .or_default()
            .0
            .extend(vifs.iter().copied());
        gateways.entry(vgw).or_default().1.push(vgw);
    }
    for (dxgw, vifs) in &ctx.hybrid.vifs_by_dxgw {
        let entry = gateways.entry(dxgw).or_default();
        entry.0.extend(vifs.iter().copied());
        entry.1.extend(
            ctx.hybrid
                .assocs_by_dxgw
                .get(dxgw)
                .into_iter()
                .flatten()
                .map(|a| a.gateway.as_str()),
        );
    }
    for (gateway, (vifs, behind)) in gateways {
        if vifs.iter().any(|v| v.vif_type == VifType::Public)
            || behind
                .iter()
                .any(|g| ctx.hybrid.vpns_by_gateway.contains_key(g))
        {
            continue;
        }
        let Some(connections) = vifs
            .iter()
            .map(|v| v.connection.as_ref().map(DxConnectionId::as_str))
            .collect::<Option<BTreeSet<&str>>>()
        else {
            continue; // A VIF without a known connection: nothing to decide.
        };
        let locations: Option<BTreeSet<&str>> = connections
            .iter()
            .map(|c| {
                ctx.hybrid
                    .dx_connections
                    .get(c)
                    .and_then(|c| c.location.as_deref())
            })
            .collect();
        let what = if connections.len() == 1 {
            let connection = connections.iter().next().copied().unwrap_or_default();
            format!("rides one connection, {}", ctx.label(connection))
        } else if let Some(location) = locations
            .filter(|l| l.len() == 1)
            .and_then(|l| l.into_iter().next())
        {
            format!(
                "rides {} connections at one location, {location}",
                connections.len()
            )
        } else {
            continue;
        };
        let mut resources = vec![gateway.to_string()];
        resources.extend(connections.iter().map(ToString::to_string));
        out.push(ctx.finding(
            "DX_SINGLE_CONNECTION",
            Severity::Warning,
            format!(
                "every Direct Connect virtual interface of {} {what}, with no VPN as backup: a single point of failure",
                ctx.label(gateway)
            ),
            resources,
            Some(format!("add a second connection (at a second Direct Connect location) with a VIF to {gateway}, or a Site-to-Site VPN as backup")),
        ));
    }
}

/// ## What it checks
/// A hosted connection with more than one live VIF.
/// ## Why it matters
/// A hosted connection carries exactly one virtual interface.
/// ## Fix
/// Order another hosted connection for the second VIF. (Source: [DX-quotas], [DX-vif].)
pub(super) fn dx_hosted_vif_limit(ctx: &Ctx, out: &mut Vec<Finding>) {
    for conn in ctx
        .topo
        .dx_connections
        .iter()
        .filter(|c| c.hosted && is_live(&c.state))
    {
        let vifs = ctx
            .hybrid
            .vifs_by_connection
            .get(conn.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if vifs.len() <= 1 {
            continue;
        }
        let mut resources = vec![conn.id.to_string()];
        resources.extend(vifs.iter().map(|v| v.id.to_string()));
        out.push(ctx.finding(
            "DX_HOSTED_VIF_LIMIT",
            Severity::Error,
            format!(
                "{} is a hosted connection with {} virtual interfaces; a hosted connection carries one",
                ctx.label(conn.id.as_str()),
                vifs.len()
            ),
            resources,
            Some("order another hosted connection for each further virtual interface".to_string()),
        ));
    }
}

/// ## What it checks
/// A dedicated connection (or LAG) with more than 51 VIFs, more than 50 private and public VIFs,
/// or more than 4 transit VIFs (current quotas; the 2023 text said 50 + 1 transit).
/// ## Why it matters
/// AWS refuses VIFs beyond these (hard) limits.
/// ## Fix
/// Spread the VIFs over another connection. (Source: [DX-quotas], [DX-quotas-live].)
pub(super) fn dx_vif_per_connection(ctx: &Ctx, out: &mut Vec<Finding>) {
    for conn in ctx
        .topo
        .dx_connections
        .iter()
        .filter(|c| !c.hosted && is_live(&c.state))
    {
        let vifs = ctx
            .hybrid
            .vifs_by_connection
            .get(conn.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let transit = vifs
            .iter()
            .filter(|v| v.vif_type == VifType::Transit)
            .count();
        let other = vifs.len() - transit;
        let problem = if vifs.len() > 51 {
            format!("{} virtual interfaces (at most 51)", vifs.len())
        } else if other > 50 {
            format!("{other} private and public virtual interfaces (at most 50)")
        } else if transit > 4 {
            format!("{transit} transit virtual interfaces (at most 4)")
        } else {
            continue;
        };
        out.push(ctx.finding(
            "DX_VIF_PER_CONNECTION",
            Severity::Error,
            format!("{} carries {problem}", ctx.label(conn.id.as_str())),
            vec![conn.id.to_string()],
            Some("move some virtual interfaces to another connection".to_string()),
        ));
    }
}

/// ## What it checks
/// A Direct Connect gateway association that is not `associated` (associating, updating,
/// disassociating, disassociated).
/// ## Why it matters
/// Until it is associated, nothing behind it is reachable over Direct Connect; proposals expire
/// after 7 days.
/// ## Fix
/// Accept the proposal or wait for the update. (Source: [API-dx], [DX-vgw-assoc].)
pub(super) fn dx_association_state(ctx: &Ctx, out: &mut Vec<Finding>) {
    for assoc in &ctx.topo.dx_gateway_associations {
        let Some(state) = &assoc.state else {
            continue;
        };
        if state.eq_ignore_ascii_case("associated") {
            continue;
        }
        out.push(ctx.finding(
            "DX_ASSOCIATION_STATE",
            Severity::Info,
            format!(
                "{} between {} and {} is {state}: traffic does not use it yet",
                ctx.label(assoc.id.as_str()),
                ctx.label(assoc.dx_gateway.as_str()),
                ctx.label(assoc.gateway.as_str())
            ),
            vec![assoc.id.to_string(), assoc.dx_gateway.to_string(), assoc.gateway.to_string()],
            Some("accept the association proposal in the Direct Connect gateway's account, or wait for it to finish".to_string()),
        ));
    }
}

/// ## What it checks
/// A connection whose `bandwidth` is not a speed AWS offers: dedicated 1, 10, 100 or 400 Gbps
/// (400 reported after 2023); hosted 50–500 Mbps in steps, 1, 2, 5, 10 or 25 Gbps.
/// ## Why it matters
/// Speeds are fixed at ordering; a planned speed that does not exist cannot be bought as such.
/// ## Fix
/// Pick an offered speed, or a LAG of several connections. (Source: [DX-dedicated], [DX-hosted].)
pub(super) fn dx_speeds(ctx: &Ctx, out: &mut Vec<Finding>) {
    const DEDICATED: [&str; 4] = ["1gbps", "10gbps", "100gbps", "400gbps"];
    const HOSTED: [&str; 11] = [
        "50mbps", "100mbps", "200mbps", "300mbps", "400mbps", "500mbps", "1gbps", "2gbps", "5gbps",
        "10gbps", "25gbps",
    ];
    for conn in &ctx.topo.dx_connections {
        let Some(bandwidth) = &conn.bandwidth else {
            continue;
        };
        let key: String = bandwidth
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        let offered: &[&str] = if conn.hosted { &HOSTED } else { &DEDICATED };
        if offered.contains(&key.as_str()) {
            continue;
        }
        out.push(ctx.finding(
            "DX_SPEEDS",
            Severity::Info,
            format!(
                "{} has the bandwidth {bandwidth}, which is not a speed AWS offers for a {} connection",
                ctx.label(conn.id.as_str()),
                if conn.hosted { "hosted" } else { "dedicated" }
            ),
            vec![conn.id.to_string()],
            Some(if conn.hosted {
                "pick a hosted speed: 50, 100, 200, 300, 400 or 500 Mbps, or 1, 2, 5, 10 or 25 Gbps".to_string()
            } else {
                "pick a dedicated speed (1, 10, 100 or 400 Gbps), or bundle connections in a LAG".to_string()
            }),
        ));
    }
}

/// ## What it checks
/// A public VIF whose route-filter prefixes include private, shared or link-local ranges.
/// ## Why it matters
/// Over a public VIF you may advertise only public prefixes you own (registered with an RIR);
/// AWS filters the rest, and traffic from sources outside the advertised prefixes.
/// ## Fix
/// Advertise your public prefixes; reach private ranges over a private or transit VIF.
/// (Source: [DX-bgp].)
pub(super) fn dx_public_prefix_ownership(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vif in live_vifs(ctx).filter(|v| v.vif_type == VifType::Public) {
        let private: Vec<String> = vif
            .route_filter_prefixes
            .iter()
            .filter_map(Cidr::v4)
            .filter(|p| {
                let ip = p.network().network();
                let o = ip.octets();
                ip.is_private() || ip.is_link_local() || (o[0] == 100 && (64..128).contains(&o[1]))
            })
            .map(|p| p.to_string())
            .collect();
        if private.is_empty() {
            continue;
        }
        out.push(ctx.finding(
            "DX_PUBLIC_PREFIX_OWNERSHIP",
            Severity::Info,
            format!(
                "{} is a public virtual interface but advertises non-public prefixes ({}): AWS accepts only public prefixes you own",
                ctx.label(vif.id.as_str()),
                private.join(", ")
            ),
            vec![vif.id.to_string()],
            Some("advertise your own public prefixes on the public VIF; reach private ranges over a private or transit VIF".to_string()),
        ));
    }
}

/// ## What it checks
/// A route table that propagates routes from a virtual private gateway whose Direct Connect
/// gateway association is still `associating`.
/// ## Why it matters
/// AWS asks for route propagation to be enabled only after the VGW–DX gateway association
/// exists; enabled before, routes may propagate incorrectly.
/// ## Fix
/// Wait for the association to be `associated`, then disable and re-enable propagation on the
/// table. (Source: [DX-vgw-assoc-live].)
pub(super) fn dx_propagation_before_association(ctx: &Ctx, out: &mut Vec<Finding>) {
    for table in &ctx.topo.route_tables {
        for vgw in &table.propagating_vgws {
            let Some(assocs) = ctx.hybrid.assocs_by_gateway.get(vgw.as_str()) else {
                continue;
            };
            for assoc in assocs.iter().filter(|a| {
                a.state
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("associating"))
            }) {
                out.push(ctx.finding(
                    "DX_PROPAGATION_BEFORE_ASSOCIATION",
                    Severity::Info,
                    format!(
                        "{} propagates routes from {} while its association {} with {} is still associating: routes may propagate incorrectly",
                        ctx.label(table.id.as_str()),
                        ctx.label(vgw.as_str()),
                        assoc.id,
                        ctx.label(assoc.dx_gateway.as_str())
                    ),
                    vec![
                        table.id.to_string(),
                        vgw.to_string(),
                        assoc.id.to_string(),
                        assoc.dx_gateway.to_string(),
                    ],
                    Some(format!(
                        "once {} is associated, disable and re-enable propagation from {vgw} on {}",
                        assoc.id, table.id
                    )),
                ));
            }
        }
    }
}

/// The VPCs whose traffic a VIF carries: the VPC of its VGW, or those behind the VGWs and
/// transit gateways associated with its Direct Connect gateway.
fn vpcs_behind_vif<'a>(ctx: &Ctx<'a>, vif: &'a VirtualInterface) -> BTreeSet<&'a str> {
    let mut vpcs = BTreeSet::new();
    if let Some(vgw) = &vif.vpn_gateway {
        vpcs.extend(vpc_of_vgw(ctx, vgw.as_str()).map(|v| v.id.as_str()));
    }
    if let Some(dxgw) = &vif.dx_gateway {
        for assoc in ctx
            .hybrid
            .assocs_by_dxgw
            .get(dxgw.as_str())
            .into_iter()
            .flatten()
        {
            if assoc.gateway.starts_with("tgw-") {
                vpcs.extend(
                    vpcs_on_tgw(ctx, assoc.gateway.as_str())
                        .iter()
                        .map(|v| v.id.as_str()),
                );
            } else {
                vpcs.extend(vpc_of_vgw(ctx, assoc.gateway.as_str()).map(|v| v.id.as_str()));
            }
        }
    }
    vpcs
}

/// ## What it checks
/// A private or transit VIF whose customer router address is link-local (169.254.0.0/16, as AWS
/// assigns when none is given) while a security-group rule or route of a VPC behind it names
/// that address (a block of /16 or longer containing it): VPC traffic to or from the router
/// itself.
/// ## Why it matters
/// AWS advises RFC 1918 or other addressing instead of 169.254.0.0/16 peer addresses when the
/// customer router is a source or destination of VPC traffic.
/// ## Fix
/// Recreate the VIF with customer and Amazon addresses from a private block you own.
/// (Source: [DX-create-vif].)
pub(super) fn dx_peer_link_local(ctx: &Ctx, out: &mut Vec<Finding>) {
    let link_local =
        Cidr4(ipnet::Ipv4Net::new(std::net::Ipv4Addr::new(169, 254, 0, 0), 16).unwrap_or_default());
    for vif in live_vifs(ctx).filter(|v| v.vif_type != VifType::Public) {
        let Some(addr) = vif
            .customer_address
            .as_deref()
            .and_then(|a| a.split('/').next())
            .and_then(|a| a.trim().parse::<std::net::Ipv4Addr>().ok())
            .filter(|a| link_local.contains_addr(*a))
        else {
            continue;
        };
        let vpcs = vpcs_behind_vif(ctx, vif);
        if vpcs.is_empty() {
            continue;
        }
        let names = |c: &Cidr4| c.prefix_len() >= 16 && c.contains_addr(addr);
        let group = ctx.topo.security_groups.iter().find(|g| {
            vpcs.contains(g.vpc.as_str())
                && g.ingress
                    .iter()
                    .chain(&g.egress)
                    .any(|r| r.cidrs.iter().any(names))
        });
        let user = group.map(|g| (g.id.as_str(), g.vpc.as_str())).or_else(|| {
            ctx.topo
                .route_tables
                .iter()
                .find(|t| {
                    vpcs.contains(t.vpc.as_str())
                        && t.routes
                            .iter()
                            .any(|r| matches!(&r.destination, Destination::Ipv4(c) if names(c)))
                })
                .map(|t| (t.id.as_str(), t.vpc.as_str()))
        });
        let Some((user, vpc)) = user else {
            continue;
        };
        out.push(ctx.finding(
            "DX_PEER_LINK_LOCAL",
            Severity::Warning,
            format!(
                "{} peers from the link-local address {addr}, and {} in {} uses it as a source or destination of VPC traffic: AWS advises RFC 1918 or other addressing for that",
                ctx.label(vif.id.as_str()),
                ctx.label(user),
                ctx.label(vpc)
            ),
            vec![vif.id.to_string(), user.to_string(), vpc.to_string()],
            Some(format!(
                "recreate {} with customer and Amazon peer addresses from a private block you own (e.g. a /30 of RFC 1918)",
                vif.id
            )),
        ));
    }
}
