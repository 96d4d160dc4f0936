//! Rule family `cidr`: VPC and subnet address blocks (catalog §1.1, §1.2).
//!
//! These are the checks AWS applies when a block is created or associated, so nearly all are
//! errors: a document that fails them describes a network AWS would refuse to build.

use super::context::Ctx;
use super::intervals::overlapping_pairs;
use super::{Finding, Severity};
use crate::model::{Cidr4, Cidr6, Subnet, Vpc};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

fn net(a: u8, b: u8, c: u8, d: u8, len: u8) -> Cidr4 {
    // Constant, valid prefixes: `new` only fails for lengths above 32.
    Cidr4(Ipv4Net::new(Ipv4Addr::new(a, b, c, d), len).unwrap_or_default())
}

fn rfc1918() -> [Cidr4; 3] {
    [
        net(10, 0, 0, 0, 8),
        net(172, 16, 0, 0, 12),
        net(192, 168, 0, 0, 16),
    ]
}

/// "pick a CIDR that does not overlap {what}, e.g. 10.7.0.0/16": the example is a free block of
/// the same size inside 10.0.0.0/8 that no VPC of the document uses.
fn free_block_hint(ctx: &Ctx, like: &Cidr4, what: &str) -> String {
    match ctx.free_block_like(like) {
        Some(block) => format!("pick a CIDR that does not overlap {what}, e.g. {block}"),
        None => format!("pick a CIDR that does not overlap {what} or another VPC"),
    }
}

/// The IPv4 blocks a VPC has for subnets: the associated ones plus those still `associating` or
/// `disassociating`, which the catalog counts as present (conventions of §1).
fn present_cidrs(vpc: &Vpc) -> impl Iterator<Item = Cidr4> + '_ {
    vpc.cidrs.iter().copied().chain(
        vpc.other_cidrs
            .iter()
            .filter(|association| {
                matches!(
                    association.state.to_ascii_lowercase().as_str(),
                    "associating" | "disassociating"
                )
            })
            .filter_map(|association| association.cidr.v4()),
    )
}

/// ## What it checks
/// Every IPv4 VPC block, primary or secondary, is between /16 and /28.
/// ## Why it matters
/// AWS refuses other sizes when the VPC is created or the block associated.
/// ## Fix
/// Use a /16 (65,536 addresses) down to a /28 (16 addresses); split a larger range into /16s.
/// (Source: [VUG-cidr], [VUG-ip].)
pub(super) fn vpc_cidr_size(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpc in &ctx.topo.vpcs {
        for cidr in &vpc.cidrs {
            let len = cidr.prefix_len();
            if !(16..=28).contains(&len) {
                out.push(ctx.finding(
                    "VPC_CIDR_SIZE",
                    Severity::Error,
                    format!(
                        "{} has the block {cidr}, but VPC blocks must be between /16 and /28",
                        ctx.label(vpc.id.as_str())
                    ),
                    vec![vpc.id.to_string()],
                    Some(if len < 16 {
                        format!(
                            "split it into /16 blocks, e.g. {}/16",
                            cidr.network().network()
                        )
                    } else {
                        format!("use at least a /28, e.g. {}/28", cidr.network().network())
                    }),
                ));
            }
        }
    }
}

/// ## What it checks
/// A block written with host bits set, such as `100.68.0.18/18`.
/// ## Why it matters
/// AWS silently stores the network address (`100.68.0.0/18`); the document should say what AWS
/// will have, or a reader plans with addresses the VPC does not own.
/// ## Fix
/// Write the canonical form the message gives. (Source: [VUG-cidr].)
pub(super) fn vpc_cidr_not_canonical(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpc in &ctx.topo.vpcs {
        for cidr in vpc.cidrs.iter().filter(|c| !c.is_canonical()) {
            out.push(ctx.finding(
                "VPC_CIDR_NOT_CANONICAL",
                Severity::Info,
                format!(
                    "{} has the block {cidr}, which AWS stores as {}",
                    ctx.label(vpc.id.as_str()),
                    cidr.network()
                ),
                vec![vpc.id.to_string()],
                Some(format!("write {} instead", cidr.network())),
            ));
        }
    }
}

/// A finding for every VPC block that overlaps `range`.
fn blocks_overlapping(
    ctx: &Ctx,
    out: &mut Vec<Finding>,
    range: Cidr4,
    code: &str,
    severity: Severity,
    why: &str,
) {
    for vpc in &ctx.topo.vpcs {
        for cidr in vpc.cidrs.iter().filter(|c| c.overlaps(&range)) {
            out.push(ctx.finding(
                code,
                severity,
                format!(
                    "{} has the block {cidr}, which overlaps {range}, {why}",
                    ctx.label(vpc.id.as_str())
                ),
                vec![vpc.id.to_string()],
                Some(free_block_hint(ctx, cidr, &range.to_string())),
            ));
        }
    }
}

/// ## What it checks
/// A VPC block overlapping the link-local range 169.254.0.0/16.
/// ## Why it matters
/// Link-local addresses cannot be assigned to a VPC (RFC 5735); AWS refuses the block.
/// ## Fix
/// Pick a block elsewhere; the hint names a free one inside 10.0.0.0/8.
/// (Source: [VUG-cidr] restriction table.)
pub(super) fn vpc_cidr_link_local(ctx: &Ctx, out: &mut Vec<Finding>) {
    let why = "the link-local range that cannot be assigned to a VPC";
    blocks_overlapping(
        ctx,
        out,
        net(169, 254, 0, 0, 16),
        "VPC_CIDR_LINK_LOCAL",
        Severity::Error,
        why,
    );
}

/// ## What it checks
/// A VPC block overlapping 172.17.0.0/16, Docker's default bridge network.
/// ## Why it matters
/// AWS accepts it but warns that some services (Cloud9, SageMaker) conflict with that range.
/// ## Fix
/// Pick a block elsewhere; the hint names a free one inside 10.0.0.0/8. (Source: [VUG-cidr].)
pub(super) fn vpc_cidr_docker_range(ctx: &Ctx, out: &mut Vec<Finding>) {
    let why = "Docker's default bridge network used by services such as Cloud9 and SageMaker";
    blocks_overlapping(
        ctx,
        out,
        net(172, 17, 0, 0, 16),
        "VPC_CIDR_DOCKER_RANGE",
        Severity::Warning,
        why,
    );
}

/// ## What it checks
/// A VPC block outside RFC 1918 (10/8, 172.16/12, 192.168/16).
/// ## Why it matters
/// Allowed, but the addresses are never reachable from the internet directly, and a peer resolves
/// the VPC's DNS names to private addresses only with the peering's DNS option.
/// ## Fix
/// Nothing if intended; otherwise use an RFC 1918 block. (Source: [VUG-cidr], [VUG-ip], [PG-basics].)
pub(super) fn vpc_cidr_public_range(ctx: &Ctx, out: &mut Vec<Finding>) {
    let private = rfc1918();
    for vpc in &ctx.topo.vpcs {
        for cidr in vpc.cidrs.iter() {
            if !private.iter().any(|range| cidr.within(range)) {
                out.push(ctx.finding(
                    "VPC_CIDR_PUBLIC_RANGE",
                    Severity::Info,
                    format!(
                        "{} uses {cidr}, which is outside the private ranges of RFC 1918: instances are not reachable from the internet by these addresses, and peered VPCs resolve its DNS names only with the peering's DNS option",
                        ctx.label(vpc.id.as_str())
                    ),
                    vec![vpc.id.to_string()],
                    None,
                ));
            }
        }
    }
}

/// ## What it checks
/// Two IPv4 blocks of the same VPC overlap.
/// ## Why it matters
/// AWS refuses to associate a block that overlaps one already associated.
/// ## Fix
/// Remove the later block or replace it with one that overlaps none of the others.
/// (Source: [VUG-cidr].)
pub(super) fn vpc_cidr_secondary_overlap(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpc in &ctx.topo.vpcs {
        let ranges: Vec<(u32, u32)> = vpc.cidrs.iter().map(Cidr4::range).collect();
        for (i, j) in overlapping_pairs(&ranges) {
            out.push(ctx.finding(
                "VPC_CIDR_SECONDARY_OVERLAP",
                Severity::Error,
                format!(
                    "{} has overlapping blocks {} and {}",
                    ctx.label(vpc.id.as_str()),
                    vpc.cidrs[i],
                    vpc.cidrs[j]
                ),
                vec![vpc.id.to_string()],
                Some(format!(
                    "remove {} or replace it with a block that does not overlap {}",
                    vpc.cidrs[j], vpc.cidrs[i]
                )),
            ));
        }
    }
}

/// The ranges a secondary block may not come from, given the VPC's primary block, and the
/// reason, per the association-restriction table of [VUG-cidr].
fn forbidden_for_secondary(primary: &Cidr4) -> (Vec<Cidr4>, &'static str) {
    let [ten, one72, one92] = rfc1918();
    let one98 = net(198, 19, 0, 0, 16);
    if primary.within(&ten) {
        (vec![one72, one92, one98], "10.0.0.0/8")
    } else if primary.within(&one72) {
        (
            vec![ten, one92, net(172, 31, 0, 0, 16), one98],
            "172.16.0.0/12",
        )
    } else if primary.within(&one92) {
        (vec![ten, one72, one98], "192.168.0.0/16")
    } else if primary.within(&one98) {
        (vec![ten, one72, one92], "198.19.0.0/16")
    } else {
        (
            vec![ten, one72, one92, one98],
            "a public range or 100.64.0.0/10",
        )
    }
}

/// ## What it checks
/// A secondary IPv4 block from a range the association-restriction table forbids, keyed by
/// the range that holds the primary block: primary in 10/8 forbids 172.16/12, 192.168/16 and
/// 198.19/16; primary in 172.16/12 forbids 10/8, 192.168/16, 172.31/16 and 198.19/16; primary in
/// 192.168/16 forbids 10/8, 172.16/12 and 198.19/16; primary in 198.19/16 forbids RFC 1918;
/// a public or 100.64/10 primary forbids RFC 1918 and 198.19/16. Also 10.0.0.0/16 when another
/// block of the VPC lies in 10.0.0.0/15: this follows the 2023 text ("any associated CIDR"), not the
/// 2021 one ("the primary"); the block being checked does not count itself, which keeps scenario
/// C5 (10.5.0.0/16 + 10.0.5.0/24) valid.
/// ## Why it matters
/// AWS refuses the association.
/// ## Fix
/// Take the secondary block from the primary's own RFC 1918 range, a public range or
/// 100.64.0.0/10. (Source: [VUG-cidr] table, [VUG-subnets-2021].)
pub(super) fn vpc_cidr_secondary_restricted(ctx: &Ctx, out: &mut Vec<Finding>) {
    let ten_15 = net(10, 0, 0, 0, 15);
    let ten_16 = net(10, 0, 0, 0, 16);
    for vpc in &ctx.topo.vpcs {
        let Some(primary) = vpc.primary_cidr() else {
            continue;
        };
        let (forbidden, primary_range) = forbidden_for_secondary(primary);
        for (idx, secondary) in vpc.cidrs.iter().enumerate().skip(1) {
            let reason = if let Some(range) =
                forbidden.iter().find(|range| secondary.overlaps(range))
            {
                Some(format!("blocks in {range} may not be added to a VPC whose primary block {primary} is in {primary_range}"))
            } else if secondary.overlaps(&ten_16)
                && vpc
                    .cidrs
                    .iter()
                    .enumerate()
                    .any(|(other, cidr)| other != idx && cidr.overlaps(&ten_15))
            {
                Some("blocks in 10.0.0.0/16 may not be added while another block of the VPC is in 10.0.0.0/15".to_string())
            } else {
                None
            };
            if let Some(reason) = reason {
                out.push(ctx.finding(
                    "VPC_CIDR_SECONDARY_RESTRICTED",
                    Severity::Error,
                    format!("{} cannot have the secondary block {secondary}: {reason}", ctx.label(vpc.id.as_str())),
                    vec![vpc.id.to_string()],
                    Some(if primary_range.starts_with("a public") {
                        "take the secondary block from a public range or 100.64.0.0/10".to_string()
                    } else {
                        format!("take the secondary block from the primary block's range ({primary_range}), a public range or 100.64.0.0/10")
                    }),
                ));
            }
        }
    }
}

/// ## What it checks
/// A VPC block association in state `associating`, `disassociating`, `failing` or `failed`
/// (`disassociated` blocks are history and say nothing).
/// ## Why it matters
/// Only associated blocks carry traffic; subnets may still use an associating one.
/// ## Fix
/// Wait for the association to settle, or remove the failed one.
/// (Source: [VUG-cidr], [API-ec2] `VpcCidrBlockState`.)
pub(super) fn vpc_cidr_state(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpc in &ctx.topo.vpcs {
        for association in vpc.other_cidrs.iter().filter(|association| {
            matches!(
                association.state.to_ascii_lowercase().as_str(),
                "associating" | "disassociating" | "failing" | "failed"
            )
        }) {
            out.push(ctx.finding(
                "VPC_CIDR_STATE",
                Severity::Info,
                format!(
                    "{} has the block {} in state {}: only associated blocks carry traffic",
                    ctx.label(vpc.id.as_str()),
                    association.cidr,
                    association.state
                ),
                vec![vpc.id.to_string()],
                None,
            ));
        }
    }
}

/// ## What it checks
/// Two IPv6 blocks of one VPC overlap (derived from the IPv4 rule; **unconfirmed** as an explicit
/// AWS statement).
/// ## Why it matters
/// Overlapping blocks make the VPC's local routes ambiguous; AWS allocates Amazon-provided blocks
/// disjoint, so an overlap means a hand-edited or broken document.
/// ## Fix
/// Remove one of the blocks. (Source: none stated; catalog §1.1.)
pub(super) fn vpc_ipv6_overlap(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpc in &ctx.topo.vpcs {
        let ranges: Vec<(u128, u128)> = vpc.ipv6_cidrs.iter().map(|c| c.range()).collect();
        for (i, j) in overlapping_pairs(&ranges) {
            out.push(ctx.finding(
                "VPC_IPV6_OVERLAP",
                Severity::Error,
                format!(
                    "{} has overlapping IPv6 blocks {} and {}",
                    ctx.label(vpc.id.as_str()),
                    vpc.ipv6_cidrs[i],
                    vpc.ipv6_cidrs[j]
                ),
                vec![vpc.id.to_string()],
                Some(format!("remove {}", vpc.ipv6_cidrs[j])),
            ));
        }
    }
}

/// ## What it checks
/// A subnet's IPv4 block is between /16 and /28.
/// ## Why it matters
/// CreateSubnet refuses other sizes.
/// ## Fix
/// Use a block between /16 and /28 (a /24 gives 251 usable addresses).
/// (Source: [VUG-subnet-size], [API-ec2] CreateSubnet.)
pub(super) fn subnet_cidr_size(ctx: &Ctx, out: &mut Vec<Finding>) {
    for subnet in &ctx.topo.subnets {
        let Some(cidr) = &subnet.cidr else { continue };
        if !(16..=28).contains(&cidr.prefix_len()) {
            out.push(
                ctx.finding(
                    "SUBNET_CIDR_SIZE",
                    Severity::Error,
                    format!(
                        "{} has the block {cidr}, but subnet blocks must be between /16 and /28",
                        ctx.label(subnet.id.as_str())
                    ),
                    vec![subnet.id.to_string(), subnet.vpc.to_string()],
                    Some(
                        "use a block between /16 and /28 (a /24 gives 251 usable addresses)"
                            .to_string(),
                    ),
                ),
            );
        }
    }
}

/// ## What it checks
/// A subnet's IPv4 block lies inside one block of its VPC (associated, or still associating).
/// ## Why it matters
/// AWS requires the subnet block to equal or be a subset of a VPC block; a block spanning two VPC
/// blocks is refused too.
/// ## Fix
/// Pick a block inside the VPC's blocks, or associate a secondary block that contains it.
/// (Source: [VUG-subnet-size].)
pub(super) fn subnet_outside_vpc(ctx: &Ctx, out: &mut Vec<Finding>) {
    for subnet in &ctx.topo.subnets {
        let (Some(cidr), Some(vpc)) = (&subnet.cidr, ctx.subnet_vpc(subnet)) else {
            continue;
        };
        // Every VPC has a primary block: none means it is not known yet (a Terraform plan whose
        // VPC takes its block from IPAM at apply), not that the subnet is outside it.
        if vpc.cidrs.is_empty() {
            continue;
        }
        if !present_cidrs(vpc).any(|block| cidr.within(&block)) {
            out.push(ctx.finding(
                "SUBNET_OUTSIDE_VPC",
                Severity::Error,
                format!(
                    "{} has the block {cidr}, which is not inside any block of {} ({})",
                    ctx.label(subnet.id.as_str()),
                    ctx.label(vpc.id.as_str()),
                    join(&vpc.cidrs)
                ),
                vec![subnet.id.to_string(), vpc.id.to_string()],
                Some(format!(
                    "pick a block inside {}, or add a secondary block to the VPC that contains {cidr}",
                    join(&vpc.cidrs)
                )),
            ));
        }
    }
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// ## What it checks
/// Two subnets of the same VPC whose IPv4 (or IPv6) blocks overlap. Blocks are sorted and swept,
/// so a VPC with hundreds of subnets costs O(n log n).
/// ## Why it matters
/// AWS refuses to create the second subnet.
/// ## Fix
/// Give one subnet a block no other subnet of the VPC uses.
/// (Source: [VUG-subnet-size], [API-ec2] CreateSubnet.)
pub(super) fn subnet_overlap(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (vpc_id, subnets) in ctx.subnet_groups.iter() {
        let v4 = subnets
            .iter()
            .filter_map(|s| s.cidr.as_ref().map(|c| (*s, c, c.range())));
        report_subnet_overlaps(ctx, out, vpc_id, v4.collect(), |b| {
            format!("give {b} a block that no other subnet of the VPC uses")
        });
        let v6 = subnets
            .iter()
            .flat_map(|s| s.ipv6_cidrs.iter().map(move |c| (*s, c, c.range())));
        report_subnet_overlaps(ctx, out, vpc_id, v6.collect(), |b| {
            format!("give {b} its own /64")
        });
    }
}

/// One `SUBNET_OVERLAP` per overlapping pair among `blocks` (subnet, block, range). Sorted by
/// range, then id, so each pair names its subnets in the same order whatever the document's order.
fn report_subnet_overlaps<C: std::fmt::Display, T: Ord + Copy>(
    ctx: &Ctx,
    out: &mut Vec<Finding>,
    vpc_id: &str,
    mut blocks: Vec<(&Subnet, &C, (T, T))>,
    hint: impl Fn(&str) -> String,
) {
    crate::sort::sort_by(&mut blocks, |a, b| {
        (a.2, a.0.id.as_str()).cmp(&(b.2, b.0.id.as_str()))
    });
    let ranges: Vec<(T, T)> = blocks.iter().map(|(_, _, range)| *range).collect();
    for (i, j) in overlapping_pairs(&ranges) {
        let (a, a_cidr, _) = blocks[i];
        let (b, b_cidr, _) = blocks[j];
        out.push(ctx.finding(
            "SUBNET_OVERLAP",
            Severity::Error,
            format!(
                "{} ({a_cidr}) and {} ({b_cidr}) overlap in {}",
                ctx.label(a.id.as_str()),
                ctx.label(b.id.as_str()),
                ctx.label(vpc_id)
            ),
            vec![a.id.to_string(), b.id.to_string(), vpc_id.to_string()],
            Some(hint(b.id.as_str())),
        ));
    }
}

/// ## What it checks
/// Subnet IPv6 blocks are /64 (2023 text: "fixed prefix length of /64"; IPAM-allocated subnets
/// may differ, **unconfirmed**).
/// ## Why it matters
/// AWS refuses other lengths for Amazon-provided blocks.
/// ## Fix
/// Use a /64 from the VPC's block. (Source: [VUG-subnet-size], [VUG-ip].)
pub(super) fn subnet_ipv6_size(ctx: &Ctx, out: &mut Vec<Finding>) {
    for subnet in &ctx.topo.subnets {
        for cidr in subnet.ipv6_cidrs.iter().filter(|c| c.prefix_len() != 64) {
            out.push(ctx.finding(
                "SUBNET_IPV6_SIZE",
                Severity::Error,
                format!(
                    "{} has the IPv6 block {cidr}, but subnet IPv6 blocks are /64",
                    ctx.label(subnet.id.as_str())
                ),
                vec![subnet.id.to_string()],
                Some(format!(
                    "use a /64 from the VPC's block, e.g. {}/64",
                    cidr.network().network()
                )),
            ));
        }
    }
}

/// ## What it checks
/// A subnet IPv6 block lies inside one of its VPC's IPv6 blocks (`SUBNET_IPV6_OUTSIDE_VPC`); a
/// dual-stack or IPv6-only subnet is in a VPC with an IPv6 block at all (`SUBNET_IPV6_NO_VPC_IPV6`).
/// ## Why it matters
/// A subnet's IPv6 block is carved from the VPC's; without one there is nothing to carve.
/// ## Fix
/// Pick a /64 inside the VPC's block, or associate an Amazon-provided /56 with the VPC first.
/// (Source: [VUG-cidr], [VUG-subnets].)
pub(super) fn subnet_ipv6_vpc(ctx: &Ctx, out: &mut Vec<Finding>) {
    for subnet in &ctx.topo.subnets {
        let Some(vpc) = ctx.subnet_vpc(subnet) else {
            continue;
        };
        let wants_ipv6 = !subnet.ipv6_cidrs.is_empty() || subnet.ipv6_native;
        if wants_ipv6 && vpc.ipv6_cidrs.is_empty() {
            out.push(ctx.finding(
                "SUBNET_IPV6_NO_VPC_IPV6",
                Severity::Error,
                format!(
                    "{} has IPv6 but {} has no IPv6 block",
                    ctx.label(subnet.id.as_str()),
                    ctx.label(vpc.id.as_str())
                ),
                vec![subnet.id.to_string(), vpc.id.to_string()],
                Some(format!("associate an Amazon-provided /56 with {}", vpc.id)),
            ));
            continue;
        }
        for cidr in &subnet.ipv6_cidrs {
            if !vpc.ipv6_cidrs.iter().any(|block| cidr.within(block)) {
                out.push(ctx.finding(
                    "SUBNET_IPV6_OUTSIDE_VPC",
                    Severity::Error,
                    format!(
                        "{} has the IPv6 block {cidr}, which is not inside any IPv6 block of {}",
                        ctx.label(subnet.id.as_str()),
                        ctx.label(vpc.id.as_str())
                    ),
                    vec![subnet.id.to_string(), vpc.id.to_string()],
                    Some(format!("pick a /64 inside {}", join(&vpc.ipv6_cidrs))),
                ));
            }
        }
    }
}

/// ## What it checks
/// Every subnet names its availability zone (`SUBNET_AZ_MISSING`), and a named zone is in its
/// VPC's region (`SUBNET_AZ_REGION_MISMATCH`; local zones such as `us-east-1-bos-1a` count as the
/// region's). A zone given only by id (`use1-az1`) cannot be placed and is accepted.
/// ## Why it matters
/// A subnet lies entirely in one AZ, and AZ names are prefixed by their region.
/// ## Fix
/// Set `az` to a zone of the VPC's region. (Source: [VUG-subnets].)
pub(super) fn subnet_az(ctx: &Ctx, out: &mut Vec<Finding>) {
    for subnet in &ctx.topo.subnets {
        match (&subnet.az, &subnet.az_id) {
            // A subnet a Terraform plan creates without a zone gets one from AWS at apply.
            (None, None) if ctx.topo.planned.iter().any(|p| p.id == subnet.id.as_str()) => {}
            (None, None) => out.push(ctx.finding(
                "SUBNET_AZ_MISSING",
                Severity::Error,
                format!("{} has no availability zone", ctx.label(subnet.id.as_str())),
                vec![subnet.id.to_string()],
                Some(match ctx.subnet_vpc(subnet) {
                    Some(vpc) => format!("set \"az\", e.g. {}a", vpc.region),
                    None => "set \"az\", e.g. us-east-1a".to_string(),
                }),
            )),
            (Some(az), _) => {
                let Some(vpc) = ctx.subnet_vpc(subnet) else {
                    continue;
                };
                if !az_in_region(az, &vpc.region) {
                    out.push(ctx.finding(
                        "SUBNET_AZ_REGION_MISMATCH",
                        Severity::Error,
                        format!(
                            "{} is in {az}, which is not in {}'s region {}",
                            ctx.label(subnet.id.as_str()),
                            ctx.label(vpc.id.as_str()),
                            vpc.region
                        ),
                        vec![subnet.id.to_string(), vpc.id.to_string()],
                        Some(format!("use an AZ of {}, e.g. {}a", vpc.region, vpc.region)),
                    ));
                }
            }
            (None, Some(_)) => {}
        }
    }
}

/// `us-east-1a` and local zones such as `us-east-1-bos-1a` are in `us-east-1`.
fn az_in_region(az: &str, region: &str) -> bool {
    match az.strip_prefix(region) {
        Some(rest) => rest.starts_with(|c: char| c.is_ascii_lowercase()) || rest.starts_with('-'),
        None => false,
    }
}

/// ## What it checks
/// An active peering where a *secondary* IPv4 block of one VPC overlaps a block of the peer:
/// raised on the VPC that holds the secondary block (the peering itself is
/// `PEERING_CIDR_OVERLAP`).
/// ## Why it matters
/// AWS refuses to add a block that overlaps an active peer, so such a block was added in a
/// way AWS does not allow, or the document was edited by hand.
/// ## Fix
/// Remove the secondary block or re-address it outside the peer's blocks. (Source: [VUG-cidr].)
pub(super) fn vpc_cidr_peering_add_overlap(ctx: &Ctx, out: &mut Vec<Finding>) {
    for pcx in ctx
        .topo
        .vpc_peering_connections
        .iter()
        .filter(|p| p.is_active())
    {
        if pcx.requester.vpc == pcx.accepter.vpc {
            continue;
        }
        for (side, far) in [
            (&pcx.requester, &pcx.accepter),
            (&pcx.accepter, &pcx.requester),
        ] {
            let Some(vpc) = ctx.side_vpc(side) else {
                continue;
            };
            let far_cidrs = ctx.side_cidrs(far);
            for secondary in vpc.cidrs.iter().skip(1) {
                if let Some(other) = far_cidrs.iter().find(|c| c.overlaps(secondary)) {
                    out.push(ctx.finding(
                        "VPC_CIDR_PEERING_ADD_OVERLAP",
                        Severity::Error,
                        format!(
                            "{} has the secondary block {secondary}, which overlaps {other} of {}, its peer over the active {}: AWS refuses to add such a block",
                            ctx.label(vpc.id.as_str()),
                            ctx.label(far.vpc.as_str()),
                            ctx.label(pcx.id.as_str())
                        ),
                        vec![vpc.id.to_string(), pcx.id.to_string()],
                        Some(free_block_hint(ctx, secondary, &other.to_string())),
                    ));
                }
            }
        }
    }
}

/// ## What it checks
/// Two VPCs associated (through their attached virtual private gateways) with the same Direct
/// Connect gateway whose IPv4 blocks overlap; raised on the VPC that sorts second (the same
/// condition as `DX_VPC_CIDR_OVERLAP`, seen from the VPC).
/// ## Why it matters
/// AWS refuses to add a block that overlaps another VPC behind the same Direct Connect
/// gateway, and on-premises routing could not tell the two apart.
/// ## Fix
/// Re-address one VPC; the hint names a free block. (Source: [VUG-cidr], [DX-vgw-assoc].)
pub(super) fn vpc_cidr_dxgw_add_overlap(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut by_dxgw: std::collections::BTreeMap<&str, Vec<&Vpc>> = Default::default();
    for association in &ctx.topo.dx_gateway_associations {
        if association.state.as_deref().is_some_and(|s| {
            !matches!(
                s.to_ascii_lowercase().as_str(),
                "associated" | "associating" | "updating"
            )
        }) {
            continue;
        }
        let vpc = ctx
            .hybrid
            .vgws
            .get(association.gateway.as_str())
            .and_then(|g| g.attached_vpc())
            .and_then(|v| ctx.vpcs.get(v.as_str()));
        if let Some(vpc) = vpc {
            by_dxgw
                .entry(association.dx_gateway.as_str())
                .or_default()
                .push(vpc);
        }
    }
    for (dxgw, mut vpcs) in by_dxgw {
        crate::sort::sort_by_key(&mut vpcs, |v| v.id.as_str());
        vpcs.dedup_by_key(|v| v.id.as_str());
        for (i, first) in vpcs.iter().enumerate() {
            for second in vpcs.iter().skip(i + 1) {
                let pair = second
                    .cidrs
                    .iter()
                    .find_map(|b| first.cidrs.iter().find(|a| a.overlaps(b)).map(|a| (a, b)));
                let Some((a, b)) = pair else { continue };
                out.push(ctx.finding(
                    "VPC_CIDR_DXGW_ADD_OVERLAP",
                    Severity::Error,
                    format!(
                        "{} has the block {b}, which overlaps {a} of {}, behind the same Direct Connect gateway {}",
                        ctx.label(second.id.as_str()),
                        ctx.label(first.id.as_str()),
                        ctx.label(dxgw)
                    ),
                    vec![second.id.to_string(), first.id.to_string(), dxgw.to_string()],
                    Some(free_block_hint(ctx, b, &a.to_string())),
                ));
            }
        }
    }
}

/// ## What it checks
/// A VPC whose region is empty.
/// ## Why it matters
/// Peering (inter- or intra-region), endpoint services and Direct Connect rules all need it; a
/// model requirement, not an AWS rule.
/// ## Fix
/// Set `"region"`, e.g. `us-east-1`. (Source: catalog §1.1.)
pub(super) fn vpc_region_unknown(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpc in ctx.topo.vpcs.iter().filter(|v| v.region.trim().is_empty()) {
        let zone = ctx
            .topo
            .subnets
            .iter()
            .filter(|s| s.vpc == vpc.id)
            .find_map(|s| s.az.clone());
        out.push(ctx.finding(
            "VPC_REGION_UNKNOWN",
            Severity::Error,
            format!("{} has no region", ctx.label(vpc.id.as_str())),
            vec![vpc.id.to_string()],
            Some(match zone {
                Some(az) => format!("set \"region\" to the region of its subnets' zone {az}"),
                None => "set \"region\", e.g. \"us-east-1\"".to_string(),
            }),
        ));
    }
}

/// ## What it checks
/// An IPv6-only subnet (`Ipv6Native`).
/// ## Why it matters
/// It has no IPv4: no IPv4-only feature works there (gateway endpoints per the 2023 docs, NAT
/// gateways except NAT64, Site-to-Site VPN on a VGW, transit gateway attachment subnets).
/// ## Fix
/// Nothing if intended. (Source: [VUG-subnets], [VUG-gwe-2021], [TGW-vpc].)
pub(super) fn subnet_ipv6_only_no_ipv4(ctx: &Ctx, out: &mut Vec<Finding>) {
    for subnet in ctx.topo.subnets.iter().filter(|s| s.ipv6_native) {
        out.push(ctx.finding(
            "SUBNET_IPV6_ONLY_NO_IPV4",
            Severity::Info,
            format!(
                "{} is IPv6-only: IPv4-only features (gateway endpoints, NAT gateways except NAT64, VPN on a virtual private gateway, transit gateway attachments) do not work there",
                ctx.label(subnet.id.as_str())
            ),
            vec![subnet.id.to_string()],
            None,
        ));
    }
}

/// Why `addr` is reserved in `cidr`, if it is: the network address, the VPC router (+1), the
/// Amazon DNS server (+2), future use (+3) and the last address.
fn reserved_v4(cidr: &Cidr4, addr: Ipv4Addr) -> Option<&'static str> {
    if !cidr.contains_addr(addr) {
        return None;
    }
    let (start, end) = cidr.range();
    let n = u32::from(addr);
    match n.checked_sub(start) {
        Some(0) => Some("the network address"),
        Some(1) => Some("the VPC router's address"),
        Some(2) => Some("the Amazon DNS server's address"),
        Some(3) => Some("reserved by AWS for future use"),
        _ if n == end => Some("the last address, reserved by AWS"),
        _ => None,
    }
}

fn reserved_v6(cidr: &Cidr6, addr: std::net::Ipv6Addr) -> Option<&'static str> {
    if !cidr.contains_addr(addr) {
        return None;
    }
    let (start, end) = cidr.range();
    let n = u128::from(addr);
    match n.checked_sub(start) {
        Some(0..=3) => Some("one of the first four addresses, reserved by AWS"),
        _ if n == end => Some("the last address, reserved by AWS"),
        _ => None,
    }
}

/// ## What it checks
/// A modelled address (a NAT gateway's, an instance's or a network interface's private IPv4 or
/// IPv6 address) that is one of its subnet's reserved addresses: the first four and the last
/// of the block (IPv4 and IPv6 alike).
/// ## Why it matters
/// AWS reserves them (network, VPC router, Amazon DNS, future use, last) and never assigns them.
/// ## Fix
/// Use another address of the subnet. (Source: [VUG-subnet-size].)
pub(super) fn subnet_reserved_address(ctx: &Ctx, out: &mut Vec<Finding>) {
    let subnets = &ctx.subnets;
    let mut addresses: Vec<(&str, &str, std::net::IpAddr)> = Vec::new();
    for nat in &ctx.topo.nat_gateways {
        addresses.extend(
            nat.private_ip
                .map(|ip| (nat.id.as_str(), nat.subnet.as_str(), ip.into())),
        );
    }
    for instance in &ctx.topo.instances {
        addresses.extend(
            instance
                .private_ip
                .map(|ip| (instance.id.as_str(), instance.subnet.as_str(), ip.into())),
        );
    }
    for eni in &ctx.topo.network_interfaces {
        let ids = (eni.id.as_str(), eni.subnet.as_str());
        addresses.extend(
            eni.private_ips
                .iter()
                .map(|ip| (ids.0, ids.1, (*ip).into())),
        );
        addresses.extend(
            eni.ipv6_addresses
                .iter()
                .map(|ip| (ids.0, ids.1, (*ip).into())),
        );
    }
    for (owner, subnet_id, addr) in addresses {
        let Some(subnet) = subnets.get(subnet_id) else {
            continue;
        };
        let why = match addr {
            std::net::IpAddr::V4(v4) => subnet.cidr.as_ref().and_then(|c| reserved_v4(c, v4)),
            std::net::IpAddr::V6(v6) => subnet.ipv6_cidrs.iter().find_map(|c| reserved_v6(c, v6)),
        };
        if let Some(why) = why {
            out.push(ctx.finding(
                "SUBNET_RESERVED_ADDRESS",
                Severity::Error,
                format!(
                    "{} has the address {addr}, which in {} is {why}",
                    ctx.label(owner),
                    ctx.label(subnet_id)
                ),
                vec![owner.to_string(), subnet_id.to_string()],
                Some(format!(
                    "use another address of {}: AWS never assigns the first four or the last",
                    subnet_id
                )),
            ));
        }
    }
}

/// ## What it checks
/// A subnet whose `AvailableIpAddressCount` is 0.
/// ## Why it matters
/// Usable addresses are 2^(32−n) − 5 (a /24 has 251); a full subnet can launch no instance,
/// endpoint interface or NAT gateway.
/// ## Fix
/// Free addresses, or add a subnet (a secondary VPC block if needed).
/// (Source: [VUG-subnet-size], [API-ec2] `AvailableIpAddressCount`.)
pub(super) fn subnet_capacity(ctx: &Ctx, out: &mut Vec<Finding>) {
    for subnet in ctx
        .topo
        .subnets
        .iter()
        .filter(|s| s.available_ip_address_count == Some(0))
    {
        let usable = subnet
            .cidr
            .map(|c| (1u64 << (32 - u32::from(c.prefix_len()))).saturating_sub(5));
        out.push(ctx.finding(
            "SUBNET_CAPACITY",
            Severity::Info,
            format!(
                "{} has no free IPv4 address left{}",
                ctx.label(subnet.id.as_str()),
                usable.map_or_else(String::new, |n| format!(
                    " (all {n} usable addresses are in use)"
                ))
            ),
            vec![subnet.id.to_string()],
            Some("free addresses, or add a subnet for new resources".to_string()),
        ));
    }
}

/// ## What it checks
/// A subnet without an explicit route-table association, in a VPC whose main table the
/// document has.
/// ## Why it matters
/// It uses the main route table, and follows every change to it (and so does every new subnet).
/// ## Fix
/// Nothing if intended; associate a table explicitly to decouple it. (Source: [VUG-rt].)
pub(super) fn subnet_route_table_implicit(ctx: &Ctx, out: &mut Vec<Finding>) {
    for subnet in ctx
        .topo
        .subnets
        .iter()
        .filter(|s| !ctx.has_explicit_table(s))
    {
        // Without an explicit association the subnet's table is its VPC's main table.
        let Some(main) = ctx.subnet_table(subnet) else {
            continue;
        };
        out.push(ctx.finding(
            "SUBNET_ROUTE_TABLE_IMPLICIT",
            Severity::Info,
            format!(
                "{} has no explicit route table association and uses the main table {}: it follows every change to the main table",
                ctx.label(subnet.id.as_str()),
                ctx.label(main.id.as_str())
            ),
            vec![subnet.id.to_string(), main.id.to_string()],
            None,
        ));
    }
}

/// ## What it checks
/// A subnet associated with no network ACL of the document while its VPC's default ACL is in
/// the document.
/// ## Why it matters
/// The default network ACL applies (and follows every change to it).
/// ## Fix
/// Nothing if intended; associate a custom ACL to decouple it. (Source: [VUG-nacl].)
pub(super) fn subnet_nacl_implicit(ctx: &Ctx, out: &mut Vec<Finding>) {
    for subnet in ctx
        .topo
        .subnets
        .iter()
        .filter(|s| !ctx.has_explicit_nacl(s))
    {
        // Without an association the subnet's ACL is its VPC's default ACL (lowest id).
        let Some(default) = ctx.subnet_nacl(subnet) else {
            continue;
        };
        out.push(ctx.finding(
            "SUBNET_NACL_IMPLICIT",
            Severity::Info,
            format!(
                "{} has no network ACL association: the default ACL {} applies",
                ctx.label(subnet.id.as_str()),
                ctx.label(default.id.as_str())
            ),
            vec![subnet.id.to_string(), default.id.to_string()],
            None,
        ));
    }
}

/// What a subnet's Name tag claims it is, from its words (`app-public-a`, `priv_db`).
fn named_kind(name: &str) -> Option<bool> {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let public = words.iter().any(|w| matches!(*w, "public" | "pub"));
    let private = words.iter().any(|w| matches!(*w, "private" | "priv"));
    match (public, private) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// ## What it checks
/// A subnet whose Name tag says public (or private) while its route table makes it the other
/// kind: *public* = the table it uses has a route to an internet gateway; *private* = none;
/// *VPN-only* = a route to a virtual private gateway and none to an internet gateway. Subnets
/// whose name claims neither are classified silently (the diagram shows the kind): a fact about
/// every subnet would be noise.
/// ## Why it matters
/// AWS has no public flag on a subnet: only its route table decides. A "public" subnet without
/// an internet gateway route cannot be reached from the internet; a "private" one with such a
/// route exposes every instance that gets a public address.
/// ## Fix
/// Fix the route table (add or remove the internet gateway route), or rename the subnet.
/// (Source: [VUG-subnets].)
pub(super) fn subnet_kind(ctx: &Ctx, out: &mut Vec<Finding>) {
    use crate::model::{RouteState, RouteTarget};
    for subnet in &ctx.topo.subnets {
        let Some(claims_public) = subnet.name.as_deref().and_then(named_kind) else {
            continue;
        };
        let Some(table) = ctx.subnet_table(subnet) else {
            continue;
        };
        let active = || {
            table
                .routes
                .iter()
                .filter(|r| r.state == RouteState::Active)
        };
        let igw = active().find_map(|r| match &r.target {
            RouteTarget::InternetGateway(id) => Some(id.as_str()),
            _ => None,
        });
        let vgw = active().any(|r| matches!(r.target, RouteTarget::VpnGateway(_)));
        let kind = match (igw, vgw) {
            (Some(_), _) => "public",
            (None, true) => "VPN-only",
            (None, false) => "private",
        };
        let (message, hint) = match (claims_public, igw) {
            (true, None) => (
                format!(
                    "{} is named public but is {kind}: its route table {} has no route to an internet gateway",
                    ctx.label(subnet.id.as_str()),
                    ctx.label(table.id.as_str())
                ),
                match ctx
                    .topo
                    .internet_gateways
                    .iter()
                    .find(|g| g.vpc.as_ref() == Some(&subnet.vpc))
                {
                    Some(igw) => format!(
                        "add 0.0.0.0/0 → {} to {}, or rename the subnet",
                        igw.id, table.id
                    ),
                    None => format!("attach an internet gateway to {} and route 0.0.0.0/0 to it from {}, or rename the subnet", subnet.vpc, table.id),
                },
            ),
            (false, Some(igw)) => (
                format!(
                    "{} is named private but is public: its route table {} routes to the internet gateway {}",
                    ctx.label(subnet.id.as_str()),
                    ctx.label(table.id.as_str()),
                    ctx.label(igw)
                ),
                "associate the subnet with a table whose default route goes to a NAT gateway, or rename it".to_string(),
            ),
            _ => continue,
        };
        out.push(ctx.finding(
            "SUBNET_KIND",
            Severity::Info,
            message,
            vec![subnet.id.to_string(), table.id.to_string()],
            Some(hint),
        ));
    }
}

/// ## What it checks
/// An Amazon-provided IPv6 block of a VPC (`Ipv6Pool: Amazon`) that is not a /56. (Blocks
/// from BYOIP or IPAM pools may have other lengths, which the catalog leaves unconfirmed, so
/// they are not judged.)
/// ## Why it matters
/// Amazon allocates its IPv6 blocks as /56 and the size cannot be chosen: a document with
/// another size describes a block AWS cannot give.
/// ## Fix
/// Use the /56 AWS allocates, or take the block from a BYOIP or IPAM pool. (Source: [API-ec2]
/// `AmazonProvidedIpv6CidrBlock`: "an Amazon-provided IPv6 CIDR block with a /56 prefix
/// length … You cannot specify the range of IP addresses, or the size of the CIDR block",
/// checked in the CreateVpc/AssociateVpcCidrBlock reference.)
pub(super) fn vpc_ipv6_cidr_size(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpc in &ctx.topo.vpcs {
        for block in vpc
            .ipv6_amazon_provided
            .iter()
            .filter(|b| b.prefix_len() != 56)
        {
            out.push(ctx.finding(
                "VPC_IPV6_CIDR_SIZE",
                Severity::Error,
                format!(
                    "{} has the Amazon-provided IPv6 block {block}, but Amazon allocates IPv6 blocks only as /56",
                    ctx.label(vpc.id.as_str())
                ),
                vec![vpc.id.to_string()],
                Some(format!(
                    "aws ec2 associate-vpc-cidr-block --vpc-id {} --amazon-provided-ipv6-cidr-block (a /56), or allocate {block} from a BYOIP or IPAM pool",
                    vpc.id
                )),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{az_in_region, named_kind};

    #[test]
    fn az_names_belong_to_their_region() {
        assert!(az_in_region("us-east-1a", "us-east-1"));
        assert!(az_in_region("us-east-1-bos-1a", "us-east-1"));
        assert!(!az_in_region("us-east-11a", "us-east-1"));
        assert!(!az_in_region("eu-west-1a", "us-east-1"));
    }

    #[test]
    fn subnet_names_claim_a_kind_by_whole_words() {
        assert_eq!(named_kind("web-public-a"), Some(true));
        assert_eq!(named_kind("Pub_1"), Some(true));
        assert_eq!(named_kind("db private b"), Some(false));
        // Words, not substrings: "publisher" claims nothing; both words claim nothing.
        assert_eq!(named_kind("publisher-a"), None);
        assert_eq!(named_kind("public-to-private"), None);
    }
}
