//! The one table of implemented rules: code, title, severity, family and the function.
//!
//! Like ruff's `codes.rs`: adding a rule is one row here plus its function in its family module.
//! Codes come from the catalog (`catalog.rs`, from `aws-rules.md`) and never change; a test checks
//! that every row's code is in the catalog, and `docs/rules.md` is generated from both.

use super::context::Ctx;
use super::{cidr, dns, gateways, peering, routes, state, Finding, Severity};

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
    ("VPC_CIDR_PEERING_ADD_OVERLAP", Error, "cidr", cidr::vpc_cidr_peering_add_overlap, "Secondary block overlapping an active peer"),
    ("VPC_CIDR_DXGW_ADD_OVERLAP", Error, "cidr", cidr::vpc_cidr_dxgw_add_overlap, "Block overlapping another VPC behind the same Direct Connect gateway"),
    ("VPC_REGION_UNKNOWN", Error, "cidr", cidr::vpc_region_unknown, "VPC without a region"),
    ("VPC_CIDR_ROUTE_CONFLICT", Error, "cidr", routes::route_more_specific_than_local, "Secondary block containing a route's destination"),
    ("SUBNET_CIDR_SIZE", Error, "cidr", cidr::subnet_cidr_size, "Subnet block smaller than /28 or larger than /16"),
    ("SUBNET_OUTSIDE_VPC", Error, "cidr", cidr::subnet_outside_vpc, "Subnet block outside its VPC's blocks"),
    ("SUBNET_OVERLAP", Error, "cidr", cidr::subnet_overlap, "Two subnets of one VPC overlap"),
    ("SUBNET_IPV6_SIZE", Error, "cidr", cidr::subnet_ipv6_size, "Subnet IPv6 block not a /64"),
    ("SUBNET_IPV6_OUTSIDE_VPC", Error, "cidr", cidr::subnet_ipv6_vpc, "Subnet IPv6 block outside the VPC's IPv6 blocks"),
    ("SUBNET_IPV6_NO_VPC_IPV6", Error, "cidr", cidr::subnet_ipv6_vpc, "IPv6 subnet in a VPC without IPv6"),
    ("SUBNET_AZ_MISSING", Error, "cidr", cidr::subnet_az, "Subnet without an availability zone"),
    ("SUBNET_AZ_REGION_MISMATCH", Error, "cidr", cidr::subnet_az, "Subnet's availability zone not in its VPC's region"),
    ("SUBNET_IPV6_ONLY_NO_IPV4", Info, "cidr", cidr::subnet_ipv6_only_no_ipv4, "IPv6-only subnet"),
    ("SUBNET_RESERVED_ADDRESS", Error, "cidr", cidr::subnet_reserved_address, "Address reserved by AWS in its subnet"),
    ("SUBNET_CAPACITY", Info, "cidr", cidr::subnet_capacity, "Subnet without free addresses"),
    ("SUBNET_ROUTE_TABLE_IMPLICIT", Info, "cidr", cidr::subnet_route_table_implicit, "Subnet using the main route table implicitly"),
    ("SUBNET_NACL_IMPLICIT", Info, "cidr", cidr::subnet_nacl_implicit, "Subnet using the default network ACL implicitly"),
    ("RTB_MAIN_MISSING", Error, "routes", routes::rtb_main_missing, "VPC without exactly one main route table"),
    ("RTB_SUBNET_MULTI_ASSOC", Error, "routes", routes::rtb_subnet_multi_assoc, "Subnet associated with several route tables"),
    ("RTB_VPC_MISMATCH", Error, "routes", routes::rtb_vpc_mismatch, "Route table associated with another VPC's subnet or gateway"),
    ("RTB_GATEWAY_TABLE_INVALID", Error, "routes", routes::rtb_gateway_table_invalid, "Gateway route table with a route AWS refuses there"),
    ("RTB_MIDDLEBOX_ASYMMETRIC", Warning, "routes", routes::rtb_middlebox_asymmetric, "Traffic through a middlebox one way only"),
    ("RTB_MIDDLEBOX_SG_REFERENCE", Warning, "routes", routes::rtb_middlebox_sg_reference, "Security-group reference across a middlebox"),
    ("RTB_TRANSIT_INGRESS_TGW", Info, "routes", routes::rtb_transit_ingress_tgw, "Gateway route table in a VPC attached to a transit gateway"),
    ("ROUTE_LOCAL_MISSING", Error, "routes", routes::route_local_missing, "Route table without the local route of a VPC block"),
    ("ROUTE_LOCAL_REPLACED", Info, "routes", routes::route_local_replaced, "Local route replaced by a middlebox"),
    ("ROUTE_MORE_SPECIFIC_THAN_LOCAL", Error, "routes", routes::route_more_specific_than_local, "Route inside the VPC's block other than a middlebox subnet route"),
    ("ROUTE_PROPAGATED_UNDER_LOCAL", Warning, "routes", routes::route_propagated_under_local, "Propagated route overlapping the VPC (the local route wins)"),
    ("ROUTE_RESERVED_DESTINATION", Error, "routes", routes::route_reserved_destination, "Route to a reserved range (169.254.168.0/22, fd00:ec2::/32)"),
    ("ROUTE_DUPLICATE_STATIC", Error, "routes", routes::route_duplicate_static, "Two static routes for one destination"),
    ("ROUTE_TARGET_MISSING", Error, "routes", routes::route_target_missing, "Route target that does not serve the table's VPC"),
    ("ROUTE_BLACKHOLE", Error, "routes", routes::route_blackhole, "Blackhole route"),
    ("ROUTE_FILTERED", Info, "routes", routes::route_filtered, "Route filtered (not installed)"),
    ("ROUTE_FAMILY_MISMATCH", Error, "routes", routes::route_family_mismatch, "Target that cannot carry the route's address family"),
    ("ROUTE_PREFIX_LIST_MISSING", Error, "routes", routes::route_prefix_list_missing, "Prefix-list destination not in the table's region"),
    ("ROUTE_PREFIX_LIST_CONFLICT", Warning, "routes", routes::route_prefix_list_conflict, "Overlapping prefix-list routes to different targets"),
    ("ROUTE_SHADOWED", Info, "routes", routes::route_shadowed, "Route covered entirely by more specific routes"),
    ("ROUTE_STATIC_OVER_PROPAGATED", Info, "routes", routes::route_static_over_propagated, "Static route beating a propagated one"),
    ("ROUTE_PROPAGATION_VGW_NOT_ATTACHED", Warning, "routes", routes::route_propagation_vgw_not_attached, "Propagation from a gateway not attached to the VPC"),
    ("ROUTE_NO_DEFAULT_FOR_PUBLIC_IP", Info, "routes", routes::route_no_default_for_public_ip, "Public-IP subnet without an internet gateway route"),
    ("GW_IGW_MULTIPLE", Error, "gateways", gateways::gw_igw_multiple, "More than one internet gateway on a VPC"),
    ("GW_VGW_MULTIPLE", Error, "gateways", gateways::gw_vgw_multiple, "More than one virtual private gateway per VPC, or VPC per gateway"),
    ("GW_NAT_PUBLIC_NO_IGW", Warning, "gateways", gateways::gw_nat_public_no_igw, "Public NAT gateway without a way to an internet gateway"),
    ("GW_NAT_PRIVATE_TO_IGW", Error, "gateways", gateways::gw_nat_private_to_igw, "Private NAT gateway traffic sent to an internet gateway"),
    ("PEERING_SELF", Error, "peering", peering::peering_self, "Peering of a VPC with itself"),
    ("PEERING_CIDR_OVERLAP", Error, "peering", peering::peering_cidr_overlap, "Peered VPCs with overlapping blocks"),
    ("PEERING_DUPLICATE", Error, "peering", peering::peering_duplicate, "More than one peering between two VPCs"),
    ("PEERING_TRANSITIVE", Error, "peering", peering::peering_transitive, "Route through a peering to an address outside the peer"),
    ("PEERING_EDGE_TO_EDGE", Error, "peering", peering::peering_edge_to_edge, "Route through a peering to the peer's gateway"),
    ("ROUTE_PCX_NOT_ACTIVE", Error, "peering", peering::route_pcx_not_active, "Route to a peering that is not active"),
    ("PEERING_NOT_ACTIVE", Warning, "peering", peering::peering_not_active, "Peering still being set up"),
    ("PEERING_ROUTE_MISSING", Warning, "peering", peering::peering_route_missing, "Active peering with no route on one side"),
    ("PEERING_ROUTE_MISSING_RETURN", Warning, "peering", peering::peering_route_missing_return, "Peer subnet without the return route to the peering"),
    ("PEERING_RESPONSE_MISROUTE", Warning, "peering", peering::peering_response_misroute, "Replies to one of two overlapping peers go to the other"),
    ("PEERING_PARTIAL_ROUTE", Info, "peering", peering::peering_partial_route, "Routes cover only part of the peer"),
    ("PEERING_IPV6_INCOMPLETE", Warning, "peering", peering::peering_ipv6_incomplete, "IPv6 routed over a peering without IPv6 on the other side"),
    ("PEERING_SG_REF_CROSS_REGION", Error, "peering", peering::peering_sg_ref, "Security-group reference across regions"),
    ("PEERING_SG_REF_NOT_ACTIVE", Error, "peering", peering::peering_sg_ref, "Security-group reference across a peering not active"),
    ("SG_RULE_STALE", Warning, "peering", peering::peering_sg_ref, "Security-group reference across a deleted peering"),
    ("PEERING_DNS_OPTION_NEEDS_VPC_DNS", Error, "peering", peering::peering_dns_option_needs_vpc_dns, "Peering DNS option without VPC DNS attributes"),
    ("PEERING_DNS_RESOLUTION_OFF", Info, "peering", peering::peering_dns_resolution_off, "Peering DNS resolution off where it matters"),
    ("PEERING_INTER_REGION_MTU", Info, "peering", peering::peering_inter_region_mtu, "Inter-region peering: 8500-byte MTU"),
    ("PEERING_UNKNOWN_ACCEPTER", Warning, "peering", peering::peering_unknown_accepter, "Peering request from an account the document does not list"),
    ("PEERING_REQUEST_REGION", Info, "peering", peering::peering_request_region, "Inter-region request accepted in the accepter's region"),
    ("PEERING_PENDING_EXPIRY", Info, "peering", peering::peering_pending_expiry, "Peering request that expires after 7 days"),
    ("DNS_HOSTNAMES_WITHOUT_SUPPORT", Warning, "dns", dns::dns_hostnames_without_support, "DNS hostnames without DNS support"),
    ("STATE_IGNORED", Info, "advice", state::state_ignored, "Resource in a terminal state"),
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
