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
