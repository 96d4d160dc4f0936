//! Rule family `dns`: the VPC's DNS attributes (catalog §1.11).
//!
//! Attributes come from describe-vpc-attribute; when a document does not give one, AWS's default
//! is assumed (support on; hostnames off except in default VPCs) and nothing is judged from it.

use super::context::Ctx;
use super::{Finding, Severity};

/// ## What it checks
/// `enableDnsHostnames` is true while `enableDnsSupport` is false (both given explicitly).
/// ## Why it matters
/// Without DNS support the Amazon DNS server answers nothing: the hostnames are assigned but
/// never resolve.
/// ## Fix
/// Turn on `enableDnsSupport`, or off `enableDnsHostnames`. (Source: [VUG-dns].)
pub(super) fn dns_hostnames_without_support(ctx: &Ctx, out: &mut Vec<Finding>) {
    for vpc in &ctx.topo.vpcs {
        if vpc.enable_dns_hostnames == Some(true) && vpc.enable_dns_support == Some(false) {
            out.push(ctx.finding(
                "DNS_HOSTNAMES_WITHOUT_SUPPORT",
                Severity::Warning,
                format!(
                    "{} has DNS hostnames on but DNS support off: Amazon DNS answers no query, so the hostnames never resolve",
                    ctx.label(vpc.id.as_str())
                ),
                vec![vpc.id.to_string()],
                Some(format!(
                    "aws ec2 modify-vpc-attribute --vpc-id {} --enable-dns-support",
                    vpc.id
                )),
            ));
        }
    }
}

/// ## What it checks
/// An interface endpoint with private DNS (`PrivateDnsEnabled`) in a VPC whose
/// `enableDnsSupport` or `enableDnsHostnames` is explicitly false.
/// ## Why it matters
/// Private DNS works through a private hosted zone, which needs both attributes: without them
/// the service's name resolves to its public addresses and traffic bypasses the endpoint (AWS
/// refuses to turn private DNS on in such a VPC).
/// ## Fix
/// Turn both attributes on. (Source: [VUG-dns].)
pub(super) fn dns_private_zone_needs_both(ctx: &Ctx, out: &mut Vec<Finding>) {
    for endpoint in ctx.topo.vpc_endpoints.iter().filter(|e| {
        e.endpoint_type == crate::model::EndpointType::Interface
            && e.private_dns_enabled == Some(true)
    }) {
        let Some(vpc) = ctx.vpcs.get(endpoint.vpc.as_str()) else {
            continue;
        };
        let off: Vec<&str> = [
            ("enableDnsSupport", vpc.enable_dns_support),
            ("enableDnsHostnames", vpc.enable_dns_hostnames),
        ]
        .into_iter()
        .filter(|(_, value)| *value == Some(false))
        .map(|(name, _)| name)
        .collect();
        if off.is_empty() {
            continue;
        }
        out.push(ctx.finding(
            "DNS_PRIVATE_ZONE_NEEDS_BOTH",
            Severity::Error,
            format!(
                "{} has private DNS on, but {} has {} off: private DNS needs both DNS attributes, so {} resolves to its public addresses",
                ctx.label(endpoint.id.as_str()),
                ctx.label(vpc.id.as_str()),
                off.join(" and "),
                endpoint.service
            ),
            vec![endpoint.id.to_string(), vpc.id.to_string()],
            Some(
                off.iter()
                    .map(|name| {
                        format!(
                            "aws ec2 modify-vpc-attribute --vpc-id {} --{}",
                            vpc.id,
                            if *name == "enableDnsSupport" { "enable-dns-support" } else { "enable-dns-hostnames" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ));
    }
}
