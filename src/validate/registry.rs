//! The one table of implemented rules: code, title, severity, family and the function.
//!
//! Like ruff's `codes.rs`: adding a rule is one row here plus its function in its family module.
//! Codes come from the catalog (`catalog.rs`, from `aws-rules.md`) and never change; a test checks
//! that every row's code is in the catalog, and `docs/rules.md` is generated from both.

use super::context::Ctx;
use super::{cidr, peering, quotas, state, tgw, Finding, Severity};

/// A rule function: reads the topology through the context, appends findings.
pub(crate) type Check = fn(&Ctx, &mut Vec<Finding>);

/// One implemented rule. A function may emit several codes (e.g. `subnet_az` emits
/// `SUBNET_AZ_MISSING` and `SUBNET_AZ_REGION_MISMATCH`); each code has its own row, and the
/// function runs once.
pub struct Rule {
    pub code: &'static str,
    pub title: &'static str,
    /// The severity the rule reports with (some catalog rows allow two; this is the static one).
    pub severity: Severity,
    pub family: &'static str,
    pub(crate) check: Check,
}

macro_rules! rules {
    ($(($code:literal, $sev:ident, $family:literal, $check:path, $title:literal),)*) => {
        /// Every implemented rule, grouped by family.
        pub static RULES: &[Rule] = &[
            $(Rule { code: $code, title: $title, severity: Severity::$sev, family: $family, check: $check },)*
        ];
    };
}

rules! {
    ("VPC_CIDR_SIZE", Error, "cidr", cidr::vpc_cidr_size, "VPC block smaller than /28 or larger than /16"),
    ("VPC_CIDR_NOT_CANONICAL", Info, "cidr", cidr::vpc_cidr_not_canonical, "VPC block written with host bits set"),
    ("VPC_CIDR_LINK_LOCAL", Error, "cidr", cidr::vpc_cidr_link_local, "VPC block in 169.254.0.0/16"),
    ("VPC_CIDR_DOCKER_RANGE", Warning, "cidr", cidr::vpc_cidr_docker_range, "VPC block overlapping Docker's 172.17.0.0/16"),
    ("VPC_CIDR_PUBLIC_RANGE", Info, "cidr", cidr::vpc_cidr_public_range, "VPC block outside RFC 1918"),
    ("VPC_CIDR_SECONDARY_OVERLAP", Error, "cidr", cidr::vpc_cidr_secondary_overlap, "Two blocks of one VPC overlap"),
    ("VPC_CIDR_SECONDARY_RESTRICTED", Error, "cidr", cidr::vpc_cidr_secondary_restricted, "Secondary block from a range the primary block forbids"),
    ("VPC_CIDR_STATE", Info, "cidr", cidr::vpc_cidr_state, "VPC block not associated"),
    ("VPC_IPV6_OVERLAP", Error, "cidr", cidr::vpc_ipv6_overlap, "Two IPv6 blocks of one VPC overlap"),
    ("SUBNET_CIDR_SIZE", Error, "cidr", cidr::subnet_cidr_size, "Subnet block smaller than /28 or larger than /16"),
    ("SUBNET_OUTSIDE_VPC", Error, "cidr", cidr::subnet_outside_vpc, "Subnet block outside its VPC's blocks"),
    ("SUBNET_OVERLAP", Error, "cidr", cidr::subnet_overlap, "Two subnets of one VPC overlap"),
    ("SUBNET_IPV6_SIZE", Error, "cidr", cidr::subnet_ipv6_size, "Subnet IPv6 block not a /64"),
    ("SUBNET_IPV6_OUTSIDE_VPC", Error, "cidr", cidr::subnet_ipv6_vpc, "Subnet IPv6 block outside the VPC's IPv6 blocks"),
    ("SUBNET_IPV6_NO_VPC_IPV6", Error, "cidr", cidr::subnet_ipv6_vpc, "IPv6 subnet in a VPC without IPv6"),
    ("SUBNET_AZ_MISSING", Error, "cidr", cidr::subnet_az, "Subnet without an availability zone"),
    ("SUBNET_AZ_REGION_MISMATCH", Error, "cidr", cidr::subnet_az, "Subnet's availability zone not in its VPC's region"),
    ("PEERING_SELF", Error, "peering", peering::peering_self, "Peering of a VPC with itself"),
    ("PEERING_CIDR_OVERLAP", Error, "peering", peering::peering_cidr_overlap, "Peered VPCs with overlapping blocks"),
    ("PEERING_DUPLICATE", Error, "peering", peering::peering_duplicate, "More than one peering between two VPCs"),
    ("PEERING_TRANSITIVE", Error, "peering", peering::peering_transitive, "Route through a peering to an address outside the peer"),
    ("ROUTE_PCX_NOT_ACTIVE", Error, "peering", peering::route_pcx_not_active, "Route to a peering that is not active"),
    ("PEERING_NOT_ACTIVE", Warning, "peering", peering::peering_not_active, "Peering still being set up"),
    ("PEERING_ROUTE_MISSING", Warning, "peering", peering::peering_route_missing, "Active peering with no route on one side"),
    ("STATE_IGNORED", Info, "advice", state::state_ignored, "Resource in a terminal state"),
    ("TGW_ATTACHMENT_AZ_MISSING", Error, "tgw", tgw::attachment_az_missing, "Subnet routing to a transit gateway from a zone its attachment does not cover"),
    ("TGW_DUPLICATE_VPC_ATTACHMENT", Error, "tgw", tgw::duplicate_vpc_attachment, "VPC attached twice to one transit gateway"),
    ("TGW_IDENTICAL_VPC_CIDR", Error, "tgw", tgw::identical_vpc_cidr, "Attached VPCs with identical blocks"),
    ("TGW_IPV6_ONLY_SUBNET", Error, "tgw", tgw::ipv6_only_subnet, "Attachment subnet without IPv4"),
    ("TGW_ASN_INVALID", Error, "tgw", tgw::asn_invalid, "Transit gateway ASN not private"),
    ("TGW_ROUTE_BLACKHOLE", Error, "tgw", tgw::route_blackhole, "Transit gateway route to a gone attachment"),
    ("TGW_ATTACHMENT_NO_ASSOCIATION", Error, "tgw", tgw::attachment_no_association, "Attachment without route table association"),
    ("TGW_ECMP_NEEDS_BGP", Info, "tgw", tgw::ecmp_needs_bgp, "Parallel static VPNs to a transit gateway get no ECMP"),
    ("QUOTA_VPCS_PER_REGION", Warning, "quotas", quotas::per_region, "More VPCs per Region than the quota"),
    ("QUOTA_SG_PER_REGION", Warning, "quotas", quotas::per_region, "More security groups per Region than the quota"),
    ("QUOTA_PREFIX_LISTS", Warning, "quotas", quotas::per_region, "More prefix lists per Region, or entries per list, than the quota"),
    ("QUOTA_GATEWAY_ENDPOINTS", Warning, "quotas", quotas::per_region, "More gateway endpoints per Region than the quota"),
    ("QUOTA_CGW_PER_REGION", Warning, "quotas", quotas::per_region, "More customer gateways per Region than the quota"),
    ("QUOTA_VGW_PER_REGION", Warning, "quotas", quotas::per_region, "More virtual private gateways per Region than the quota"),
    ("QUOTA_VPN_PER_REGION", Warning, "quotas", quotas::per_region, "More VPN connections per Region than the quota"),
    ("QUOTA_SUBNETS_PER_VPC", Warning, "quotas", quotas::per_vpc, "More subnets per VPC than the quota"),
    ("QUOTA_ROUTE_TABLES_PER_VPC", Warning, "quotas", quotas::per_vpc, "More route tables per VPC than the quota"),
    ("QUOTA_NACLS_PER_VPC", Warning, "quotas", quotas::per_vpc, "More network ACLs per VPC than the quota"),
    ("QUOTA_IGW_PER_VPC", Error, "quotas", quotas::per_vpc, "More than one internet gateway on a VPC"),
    ("QUOTA_INTERFACE_ENDPOINTS", Warning, "quotas", quotas::per_vpc, "More interface endpoints per VPC than the quota"),
    ("QUOTA_PEERING_ACTIVE", Warning, "quotas", quotas::per_vpc, "More active peerings per VPC than the quota"),
    ("QUOTA_NAU", Warning, "quotas", quotas::per_vpc, "More network address units per VPC than the quota"),
    ("QUOTA_VPC_IPV4_CIDRS", Warning, "quotas", quotas::vpc_blocks_and_nat, "More IPv4 blocks per VPC than the quota"),
    ("QUOTA_VPC_IPV6_CIDRS", Warning, "quotas", quotas::vpc_blocks_and_nat, "More IPv6 blocks per VPC than the quota"),
    ("QUOTA_NAT_PER_AZ", Warning, "quotas", quotas::vpc_blocks_and_nat, "More NAT gateways per zone than the quota"),
    ("QUOTA_ROUTES_PER_TABLE", Warning, "quotas", quotas::routes, "More routes per table than the quota"),
    ("QUOTA_PROPAGATED_ROUTES", Error, "quotas", quotas::routes, "More than 100 propagated routes in a table"),
    ("QUOTA_SG_RULES", Warning, "quotas", quotas::rules, "More rules per security group than the quota"),
    ("QUOTA_SG_PER_ENI", Warning, "quotas", quotas::rules, "More security groups per interface than the quota"),
    ("QUOTA_NACL_RULES", Warning, "quotas", quotas::rules, "More entries per network ACL than the quota"),
    ("QUOTA_PEERING_PENDING", Warning, "quotas", quotas::requests_and_sizes, "More pending peering requests than the quota"),
    ("QUOTA_ENDPOINT_POLICY_SIZE", Error, "quotas", quotas::requests_and_sizes, "Endpoint policy over 20,480 characters"),
    ("QUOTA_VPN_PER_VGW", Warning, "quotas", quotas::vpn, "More VPN connections per VGW than the quota"),
    ("QUOTA_VPN_ROUTES", Error, "quotas", quotas::vpn, "More VPN routes than AWS allows"),
    ("QUOTA_DX_CONNECTIONS", Warning, "quotas", quotas::direct_connect, "More DX connections per location than the quota"),
    ("QUOTA_DXGW_PER_ACCOUNT", Warning, "quotas", quotas::direct_connect, "More DX gateways per account than the quota"),
    ("QUOTA_DX_VGW_PER_DXGW", Error, "quotas", quotas::direct_connect, "More than 20 VGWs on a DX gateway"),
    ("QUOTA_DX_TGW_PER_DXGW", Error, "quotas", quotas::direct_connect, "More than 6 transit gateways on a DX gateway"),
    ("QUOTA_DX_VIF_PER_DXGW", Warning, "quotas", quotas::direct_connect, "More VIFs per DX gateway than the quota"),
    ("QUOTA_DXGW_PER_TGW", Error, "quotas", quotas::direct_connect, "More than 20 DX gateways on a transit gateway"),
    ("QUOTA_DX_PREFIXES", Error, "quotas", quotas::direct_connect, "More than 100 prefixes on a VIF's BGP session"),
    ("QUOTA_TGW", Warning, "quotas", quotas::transit_gateways, "More transit gateways, tables, routes or attachments than the quotas"),
}

/// Run every rule function once (functions shared by several codes run once).
pub(crate) fn run_all(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut done: Vec<Check> = Vec::new();
    for rule in RULES {
        // Function pointers compare by address; a shared function has one address.
        if done.iter().any(|f| std::ptr::fn_addr_eq(*f, rule.check)) {
            continue;
        }
        done.push(rule.check);
        (rule.check)(ctx, out);
    }
}

/// The rule for a code, if implemented.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code == code)
}
