//! The one table of implemented rules: code, title, severity, family and the function.
//!
//! Like ruff's `codes.rs`: adding a rule is one row here plus its function in its family module.
//! Codes come from the catalog (`catalog.rs`, from `aws-rules.md`) and never change; a test checks
//! that every row's code is in the catalog, and `docs/rules.md` is generated from both.

use super::context::Ctx;
use super::{
    advise, cidr, dns, dx, endpoints, gateways, mtu, nacl, peering, quotas, routes,
    security_groups, state, tgw, vpn, Finding, Severity,
};

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
    ("VPC_IPV6_CIDR_SIZE", Error, "cidr", cidr::vpc_ipv6_cidr_size, "Amazon-provided IPv6 block other than /56"),
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
    ("SUBNET_KIND", Info, "cidr", cidr::subnet_kind, "Subnet named public or private while its route table makes it the other kind"),
    ("RTB_MAIN_MISSING", Error, "routes", routes::rtb_main_missing, "VPC without exactly one main route table"),
    ("RTB_SUBNET_MULTI_ASSOC", Error, "routes", routes::rtb_subnet_multi_assoc, "Subnet associated with several route tables"),
    ("RTB_VPC_MISMATCH", Error, "routes", routes::rtb_vpc_mismatch, "Route table associated with another VPC's subnet or gateway"),
    ("RTB_GATEWAY_TABLE_INVALID", Error, "routes", routes::rtb_gateway_table_invalid, "Gateway route table with a route AWS refuses there"),
    ("RTB_MIDDLEBOX_ASYMMETRIC", Warning, "routes", routes::rtb_middlebox_asymmetric, "Traffic through a middlebox one way only"),
    ("RTB_MIDDLEBOX_SG_REFERENCE", Warning, "routes", routes::rtb_middlebox_sg_reference, "Security-group reference across a middlebox"),
    ("RTB_TRANSIT_INGRESS_TGW", Info, "routes", routes::rtb_transit_ingress_tgw, "Gateway route table in a VPC attached to a transit gateway"),
    ("RTB_ASSOC_STATE", Info, "routes", routes::rtb_assoc_state, "Route table association not associated"),
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
    ("GW_NAT_PROTOCOL", Info, "gateways", gateways::gw_nat_protocol, "NAT gateway subnet ACL drops replies on the remapped ports 1024–65535"),
    ("GW_BPA_BLOCKS_IGW", Warning, "gateways", gateways::gw_bpa_blocks_igw, "Internet gateway routes in a VPC whose Block Public Access blocks them"),
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
    ("PEERING_PEER_AMAZON_DNS", Info, "peering", peering::peering_peer_amazon_dns, "Rule allowing DNS to a peer VPC's Amazon DNS server"),
    ("PEERING_NAU", Info, "peering", quotas::peering_nau, "Intra-Region peered VPCs over the peered network address usage quota"),
    ("PEERING_INTER_REGION_ENCRYPTED", Info, "peering", advise::advise_peering_no_spof, "VPN between VPCs of two Regions where peering is encrypted anyway"),
    ("DNS_HOSTNAMES_WITHOUT_SUPPORT", Warning, "dns", dns::dns_hostnames_without_support, "DNS hostnames without DNS support"),
    ("DNS_PRIVATE_ZONE_NEEDS_BOTH", Error, "dns", dns::dns_private_zone_needs_both, "Interface endpoint private DNS without both VPC DNS attributes"),
    ("STATE_IGNORED", Info, "advice", state::state_ignored, "Resource in a terminal state"),
    ("TGW_ATTACHMENT_AZ_MISSING", Error, "tgw", tgw::attachment_az_missing, "Subnet routing to a transit gateway from a zone its attachment does not cover"),
    ("TGW_DUPLICATE_VPC_ATTACHMENT", Error, "tgw", tgw::duplicate_vpc_attachment, "VPC attached twice to one transit gateway"),
    ("TGW_IDENTICAL_VPC_CIDR", Error, "tgw", tgw::identical_vpc_cidr, "Attached VPCs with identical blocks"),
    ("TGW_IPV6_ONLY_SUBNET", Error, "tgw", tgw::ipv6_only_subnet, "Attachment subnet without IPv4"),
    ("TGW_ASN_INVALID", Error, "tgw", tgw::asn_invalid, "Transit gateway ASN not private"),
    ("TGW_ROUTE_BLACKHOLE", Error, "tgw", tgw::route_blackhole, "Transit gateway route to a gone attachment"),
    ("TGW_ATTACHMENT_NO_ASSOCIATION", Error, "tgw", tgw::attachment_no_association, "Attachment without route table association"),
    ("TGW_ECMP_NEEDS_BGP", Info, "tgw", tgw::ecmp_needs_bgp, "Several VPN connections on a transit gateway with VPN ECMP off"),
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
    ("QUOTA_INTERFACE_ENDPOINTS", Warning, "quotas", quotas::per_vpc, "More interface endpoints per VPC than the quota"),
    ("QUOTA_PEERING_ACTIVE", Warning, "quotas", quotas::per_vpc, "More active peerings per VPC than the quota"),
    ("QUOTA_NAU", Warning, "quotas", quotas::per_vpc, "More network address units per VPC than the quota"),
    ("QUOTA_VPC_IPV4_CIDRS", Warning, "quotas", quotas::vpc_blocks_and_nat, "More IPv4 blocks per VPC than the quota"),
    ("QUOTA_VPC_IPV6_CIDRS", Warning, "quotas", quotas::vpc_blocks_and_nat, "More IPv6 blocks per VPC than the quota"),
    ("QUOTA_NAT_PER_AZ", Warning, "quotas", quotas::vpc_blocks_and_nat, "More NAT gateways per zone than the quota"),
    ("QUOTA_EIGW_PER_VPC", Error, "quotas", quotas::eigw_per_vpc, "Routes to more than one egress-only internet gateway in a VPC"),
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
    ("QUOTA_TGW", Warning, "quotas", quotas::transit_gateways, "More transit gateways, tables, routes or attachments than the quotas"),
    // ---- vpn (catalog §1.6) ----
    ("VPN_TARGET_EXCLUSIVE", Error, "vpn", vpn::vpn_target_exclusive, "VPN connection with no target gateway, or several"),
    ("VPN_VGW_NOT_ATTACHED", Error, "vpn", vpn::vpn_vgw_not_attached, "VPN on a virtual private gateway attached to no VPC"),
    ("VPN_TUNNEL_COUNT", Error, "vpn", vpn::vpn_tunnel_count, "VPN connection without exactly two tunnels"),
    ("VPN_TUNNEL_INSIDE_CIDR_INVALID", Error, "vpn", vpn::vpn_tunnel_inside_cidr, "Tunnel inside CIDR not a /30 in 169.254.0.0/16"),
    ("VPN_TUNNEL_INSIDE_CIDR_RESERVED", Error, "vpn", vpn::vpn_tunnel_inside_cidr, "Tunnel inside CIDR that AWS reserves"),
    ("VPN_TUNNEL_INSIDE_CIDR_DUPLICATE", Error, "vpn", vpn::vpn_tunnel_inside_cidr_duplicate, "Tunnel inside CIDR used twice on one virtual private gateway"),
    ("VPN_TUNNEL_INSIDE_IPV6_INVALID", Error, "vpn", vpn::vpn_tunnel_inside_ipv6_invalid, "IPv6 tunnel inside CIDR not a unique /126 in fd00::/8"),
    ("VPN_TUNNEL_OPTION_RANGE", Error, "vpn", vpn::vpn_tunnel_option_range, "Tunnel IKE/IPsec option out of range"),
    ("VPN_CGW_ASN_INVALID", Error, "vpn", vpn::vpn_cgw_asn, "Customer gateway ASN out of range"),
    ("VPN_CGW_RESERVED_ASN", Error, "vpn", vpn::vpn_cgw_asn, "Customer gateway ASN reserved by AWS in its region"),
    ("VPN_AMAZON_ASN_INVALID", Error, "vpn", vpn::vpn_amazon_asn_invalid, "Virtual private gateway ASN out of range"),
    ("VPN_ASN_COLLISION", Error, "vpn", vpn::vpn_asn_collision, "BGP VPN whose two ends share an ASN"),
    ("VPN_CLOUDHUB_ASN_DUPLICATE", Warning, "vpn", vpn::vpn_cloudhub_asn_duplicate, "Sites on one virtual private gateway sharing a BGP ASN"),
    ("VPN_CLOUDHUB_OVERLAP", Warning, "vpn", vpn::vpn_cloudhub_overlap, "Sites on one virtual private gateway with overlapping prefixes"),
    ("VPN_ONPREM_OVERLAP", Error, "vpn", vpn::vpn_onprem_overlap, "On-premises prefix overlapping the VPC behind the VPN"),
    ("VPN_STATIC_NO_ROUTES", Error, "vpn", vpn::vpn_static_no_routes, "Static VPN without static routes"),
    ("VPN_NO_VPC_ROUTE", Warning, "vpn", vpn::vpn_no_vpc_route, "No route table routes to the VPN's gateway"),
    ("VPN_IPV6_ON_VGW", Error, "vpn", vpn::vpn_ipv6_on_vgw, "IPv6 over a VPN on a virtual private gateway"),
    ("VPN_TUNNEL_DOWN", Warning, "vpn", vpn::vpn_tunnel_down, "VPN tunnel down"),
    ("VPN_SINGLE_CGW", Warning, "vpn", vpn::vpn_single_cgw, "Every VPN of a gateway on one customer device"),
    ("VPN_ACCELERATION_ON_VGW", Error, "vpn", vpn::vpn_acceleration_on_vgw, "Accelerated VPN on a virtual private gateway"),
    ("VPN_PRIVATE_IP_REQUIREMENTS", Error, "vpn", vpn::vpn_private_ip_requirements, "Private-IP VPN without a transit gateway's Direct Connect transport"),
    ("VPN_CGW_IP_INVALID", Error, "vpn", vpn::vpn_cgw_ip_invalid, "Customer gateway address unusable for its VPNs"),
    ("VPN_ECMP_STATIC", Info, "vpn", vpn::vpn_ecmp_static, "Several VPN connections without ECMP"),
    ("VPN_ROUTE_PREFERENCE", Info, "vpn", vpn::vpn_route_preference, "Prefix learned by a virtual private gateway over several kinds of path"),
    ("VPN_CONNECTION_STATE", Info, "vpn", vpn::vpn_connection_state, "VPN connection not available yet"),
    ("VPN_PROPAGATION_STALE", Info, "vpn", vpn::vpn_propagation_stale, "Static backup for a propagated VPN route that does not take over while the connection is UP"),
    // ---- dx (catalog §1.7) ----
    ("DX_VLAN_INVALID", Error, "dx", dx::dx_vlan_invalid, "VIF VLAN outside 1–4094"),
    ("DX_VLAN_DUPLICATE", Error, "dx", dx::dx_vlan_duplicate, "Two VIFs with one VLAN on a connection"),
    ("DX_CUSTOMER_ASN_INVALID", Error, "dx", dx::dx_customer_asn_invalid, "VIF customer ASN out of range"),
    ("DX_AMAZON_ASN_INVALID", Error, "dx", dx::dx_amazon_asn_invalid, "Direct Connect gateway ASN out of range"),
    ("DX_TGW_ASN_COLLISION", Error, "dx", dx::dx_tgw_asn_collision, "Transit gateway and its Direct Connect gateway share an ASN"),
    ("DX_MULTI_REGION_TGW_ASN", Warning, "dx", dx::dx_multi_region_tgw_asn, "Transit gateways of several Regions share an ASN on one Direct Connect gateway"),
    ("DX_VIF_TARGET_INVALID", Error, "dx", dx::dx_vif_target_invalid, "VIF attached to the wrong kind of gateway"),
    ("DX_DXGW_MIXED", Error, "dx", dx::dx_dxgw_mixed, "Direct Connect gateway serving transit and private sides"),
    ("DX_VGW_MULTI_DXGW", Error, "dx", dx::dx_vgw_multi_dxgw, "Virtual private gateway on several Direct Connect gateways"),
    ("DX_VGW_NOT_ATTACHED", Error, "dx", dx::dx_vgw_not_attached, "Associated virtual private gateway attached to no VPC"),
    ("DX_VPC_CIDR_OVERLAP", Error, "dx", dx::dx_vpc_cidr_overlap, "Overlapping VPCs behind one Direct Connect gateway"),
    ("DX_NO_VGW_TO_VGW", Error, "dx", dx::dx_no_vgw_to_vgw, "Route from one VPC to another through a Direct Connect gateway"),
    ("DX_SUPERNET_HAIRPIN", Warning, "dx", dx::dx_supernet_hairpin, "On-premises supernet lets VPCs behind a Direct Connect gateway reach each other"),
    ("DX_ALLOWED_PREFIX_NARROW", Warning, "dx", dx::dx_allowed_prefix_narrow, "Allowed prefixes narrower than the VPC: nothing advertised"),
    ("DX_ALLOWED_PREFIX_TGW_SEMANTICS", Info, "dx", dx::dx_allowed_prefix_tgw_semantics, "Transit gateway allowed prefix narrower than a VPC"),
    ("DX_ALLOWED_PREFIX_OVERLAP", Error, "dx", dx::dx_allowed_prefix_overlap, "Overlapping allowed prefixes of two transit gateways"),
    ("DX_ROUTES_OVER_LIMIT", Error, "dx", dx::dx_routes_over_limit, "Too many prefixes on one VIF's BGP session"),
    ("DX_TGW_PREFIXES_OVER_LIMIT", Error, "dx", dx::dx_tgw_prefixes_over_limit, "More than 200 allowed prefixes for a transit gateway"),
    ("DX_MTU_INVALID", Error, "dx", dx::dx_mtu_invalid, "VIF MTU not supported for its type"),
    ("DX_JUMBO_NOT_CAPABLE", Error, "dx", dx::dx_jumbo_not_capable, "Jumbo MTU on a connection without jumbo frames"),
    ("DX_MTU_FALLBACK", Warning, "dx", dx::dx_mtu_fallback, "Jumbo MTU that falls back to 1500"),
    ("DX_BGP_DOWN", Warning, "dx", dx::dx_bgp_down, "VIF or BGP session down"),
    ("DX_SINGLE_CONNECTION", Warning, "dx", dx::dx_single_connection, "Every VIF of a gateway on one connection or location"),
    ("DX_HOSTED_VIF_LIMIT", Error, "dx", dx::dx_hosted_vif_limit, "Hosted connection with more than one VIF"),
    ("DX_VIF_PER_CONNECTION", Error, "dx", dx::dx_vif_per_connection, "Too many VIFs on a dedicated connection"),
    ("DX_ASSOCIATION_STATE", Info, "dx", dx::dx_association_state, "Direct Connect gateway association not associated"),
    ("DX_SPEEDS", Info, "dx", dx::dx_speeds, "Connection speed AWS does not offer"),
    ("DX_PUBLIC_PREFIX_OWNERSHIP", Info, "dx", dx::dx_public_prefix_ownership, "Public VIF advertising non-public prefixes"),
    ("DX_PROPAGATION_BEFORE_ASSOCIATION", Info, "dx", dx::dx_propagation_before_association, "Route propagation from a VGW whose DX gateway association is not yet associated"),
    ("DX_PEER_LINK_LOCAL", Warning, "dx", dx::dx_peer_link_local, "Link-local VIF peer address used by VPC traffic"),
    ("DX_NOT_ENCRYPTED", Info, "dx", advise::dx_not_encrypted, "Site needing encryption reached over Direct Connect without MACsec or a VPN over it"),
    // ---- endpoints (catalog §1.8) ----
    ("ENDPOINT_REGION_MISMATCH", Error, "endpoints", endpoints::endpoint_region_mismatch, "Gateway endpoint for another Region's service"),
    ("ENDPOINT_SERVICE_UNSUPPORTED", Error, "endpoints", endpoints::endpoint_service_unsupported, "Gateway endpoint for a service without gateway endpoints"),
    ("ENDPOINT_DNS_DISABLED", Error, "endpoints", endpoints::endpoint_dns_disabled, "Gateway endpoint in a VPC with DNS attributes off"),
    ("ENDPOINT_ROUTE_MISSING", Error, "endpoints", endpoints::endpoint_route_missing, "Associated route table without the endpoint route"),
    ("ENDPOINT_ROUTE_SHADOWED", Warning, "endpoints", endpoints::endpoint_route_shadowed, "More specific route taking part of the service past the endpoint"),
    ("ENDPOINT_DUPLICATE_SERVICE_ROUTE", Error, "endpoints", endpoints::endpoint_duplicate_service_route, "Two endpoints for one service on one route table"),
    ("ENDPOINT_SG_EGRESS_BLOCKED", Error, "endpoints", endpoints::endpoint_sg_egress_blocked, "Security groups allow no HTTPS to the endpoint's service"),
    ("ENDPOINT_NACL_BLOCKED", Error, "endpoints", endpoints::endpoint_nacl_blocked, "Network ACL blocks the endpoint's service ranges"),
    ("ENDPOINT_IPV6_UNSUPPORTED", Error, "endpoints", endpoints::endpoint_ipv6_unsupported, "IPv6-only subnet on an IPv4 gateway endpoint"),
    ("ENDPOINT_NOT_REACHABLE_FROM_PEER", Error, "endpoints", endpoints::endpoint_not_reachable_from_peer, "Route through a peering to the peer's gateway endpoint"),
    ("ENDPOINT_NOT_REACHABLE_FROM_TGW", Error, "endpoints", endpoints::endpoint_not_reachable_from_tgw, "Transit gateway route to a VPC's gateway endpoint"),
    ("ENDPOINT_STATE", Warning, "endpoints", endpoints::endpoint_state, "VPC endpoint not available"),
    ("ENDPOINT_POLICY_NON_DEFAULT", Info, "endpoints", endpoints::endpoint_policy_non_default, "Endpoint policy other than full access"),
    ("ENDPOINT_S3_SOURCEIP_POLICY", Warning, "endpoints", endpoints::endpoint_s3_sourceip_policy, "S3 endpoint policy on aws:SourceIp"),
    ("ENDPOINT_SUBNET_SEPARATION", Info, "endpoints", endpoints::endpoint_subnet_separation, "Subnets whose route tables skip the gateway endpoint"),
    ("ENDPOINT_ROUTE_NOT_EDITABLE", Info, "endpoints", endpoints::endpoint_route_not_editable, "Endpoint route in a table the endpoint does not list"),
    // ---- mtu (catalog §1.12) and advice (catalog §1.15) ----
    ("MTU_PATH_REDUCTION", Info, "mtu", mtu::mtu_path_reduction, "Site reached over paths with different MTUs"),
    ("MTU_PMTUD_BLOCKED", Warning, "mtu", mtu::mtu_pmtud_blocked, "Network ACL drops the ICMP that Path MTU Discovery needs"),
    ("ADVISE_VPN_BANDWIDTH", Info, "advice", advise::advise_vpn_bandwidth, "Site needs more bandwidth than its VPN carries"),
    ("ADVISE_DX_PRIVATE_PATH", Info, "advice", advise::advise_dx_private_path, "Latency-sensitive site reached only over the internet"),
    ("ADVISE_HYBRID_SPOF", Warning, "advice", advise::advise_hybrid_spof, "On-premises connectivity on one VPN tunnel"),
    ("ADVISE_USE_GATEWAY_ENDPOINT", Info, "advice", advise::advise_use_gateway_endpoint, "S3/DynamoDB through a NAT gateway instead of a free endpoint"),
    ("ADVISE_INTERFACE_ENDPOINT_FOR_HYBRID", Info, "advice", advise::advise_interface_endpoint_for_hybrid, "On-premises cannot use the VPC's gateway endpoints"),
    ("ADVISE_PEERING_NO_SPOF", Info, "advice", advise::advise_peering_no_spof, "VPN appliance between two VPCs that a peering could join"),
    // ---- security-groups (catalog §1.9) and nacl (catalog §1.10) ----
    ("SG_VPC_MISMATCH", Error, "security-groups", security_groups::sg_vpc_mismatch, "Security group of another VPC"),
    ("SG_REF_NOT_PEERED", Error, "security-groups", security_groups::sg_ref_not_peered, "Rule referencing a group of an unpeered VPC"),
    ("SG_NO_EGRESS", Warning, "security-groups", security_groups::sg_no_egress, "Security group without outbound rules"),
    ("SG_OPEN_ADMIN_PORTS", Warning, "security-groups", security_groups::sg_open_admin_ports, "SSH or RDP open to the internet"),
    ("SG_RULE_FORMAT", Error, "security-groups", security_groups::sg_rule_format, "Malformed security-group rule"),
    ("SG_NAME_INVALID", Error, "security-groups", security_groups::sg_name_invalid, "Security group name AWS refuses"),
    ("SG_NO_INGRESS", Info, "security-groups", security_groups::sg_no_ingress, "Route target whose security groups accept nothing"),
    ("SG_STATEFUL", Info, "security-groups", security_groups::sg_stateful, "Inbound ephemeral-port rule for replies a stateful group allows anyway"),
    ("SG_DNS_NOT_FILTERED", Info, "security-groups", security_groups::sg_dns_not_filtered, "Network ACL rule trying to filter DNS to the Amazon DNS server"),
    ("NACL_SUBNET_MULTI", Error, "nacl", nacl::nacl_subnet_multi, "Subnet on several network ACLs"),
    ("NACL_RULE_NUMBER", Error, "nacl", nacl::nacl_rule_numbers, "Network ACL rule number outside 1–32766"),
    ("NACL_DUPLICATE_RULE_NUMBER", Error, "nacl", nacl::nacl_rule_numbers, "Two network ACL rules with one number"),
    ("NACL_CUSTOM_DENY_ALL", Warning, "nacl", nacl::nacl_custom_deny_all, "Custom network ACL without rules"),
    ("NACL_IPV6_MISSING", Warning, "nacl", nacl::nacl_ipv6_missing, "Network ACL without IPv6 rules in an IPv6 VPC"),
    ("NACL_RULE_SHADOWED", Info, "nacl", nacl::nacl_rule_shadowed, "Network ACL rule that never matches"),
    ("NACL_PROTOCOL_PORTS", Info, "nacl", nacl::nacl_protocol_ports, "Network ACL rule whose ports are ignored"),
    ("NACL_SEMANTICS", Info, "nacl", nacl::nacl_semantics, "Network ACL deny inside its own subnet (ACLs never see traffic within a subnet)"),
}

/// Why a catalog code is not reported by `validate` although it is not merely planned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreported {
    /// The document cannot decide it: the data is live-only, a secret the importers drop on
    /// purpose, or in no export at all. The text says which.
    NotDecidable(&'static str),
    /// The same limit is reported under another code (named in the text), so a second finding
    /// would only repeat the first.
    ReportedAs(&'static str),
    /// A document that breaks it cannot be imported: the importer refuses it with an error that
    /// says where (the text says which).
    ImportError(&'static str),
}

impl Unreported {
    /// The status `docs/rules.md` shows.
    pub fn status(&self) -> &'static str {
        match self {
            Unreported::NotDecidable(_) => "not decidable",
            Unreported::ReportedAs(_) => "reported as another code",
            Unreported::ImportError(_) => "import error",
        }
    }
    /// The one-line reason.
    pub fn reason(&self) -> &'static str {
        match self {
            Unreported::NotDecidable(reason)
            | Unreported::ReportedAs(reason)
            | Unreported::ImportError(reason) => reason,
        }
    }
}

/// Catalog codes that no rule reports, each with why (a test checks each is a catalog code
/// that neither the registry nor the tracer reports).
pub static UNREPORTED: &[(&str, Unreported)] = &[
    ("VPC_CIDR_INVALID", Unreported::ImportError("every importer parses each block as an IPv4 prefix and refuses the document (`file: $.path: expected an IPv4 CIDR, found …`), so a `Topology` cannot hold one")),
    ("VPC_CIDR_CLASSICLINK", Unreported::NotDecidable("needs a VPC's ClassicLink status (describe-vpc-classic-link), which no export here contains; EC2-Classic was retired in 2023")),
    ("VPC_CIDR_RESIZE", Unreported::NotDecidable("a limit on edits, not on a state: a document shows the blocks a VPC has, not how they changed (the editor offers add and remove block, never resize)")),
    ("GW_NAT_FROM_OUTSIDE", Unreported::ReportedAs("a peer's route through a peering to a VPC with a NAT gateway is `PEERING_EDGE_TO_EDGE` (also in traces); a VGW advertises only its VPC's blocks, so a document cannot send VPN or Direct Connect traffic to a NAT gateway")),
    ("PEERING_TAGS_LOCAL", Unreported::NotDecidable("a document holds one copy of each peering and cannot tell which account's or Region's tags that copy carries")),
    ("VPN_PSK_INVALID", Unreported::NotDecidable("needs the tunnels' pre-shared keys, which every importer drops on purpose as secrets (issue 9)")),
    ("VPN_THROUGHPUT", Unreported::ReportedAs("where a document states a site's bandwidth the per-tunnel limit is `ADVISE_VPN_BANDWIDTH`; the 1446-byte MTU without PMTUD is `MTU_PATH_REDUCTION`")),
    ("VPN_FIREWALL_PORTS", Unreported::NotDecidable("the firewall in front of a customer gateway is on premises; no AWS or Terraform export describes it")),
    ("DX_AUTHKEY_INVALID", Unreported::NotDecidable("needs the BGP MD5 `authKey`, which every importer drops on purpose as a secret (issue 9)")),
    ("DX_BGP_TIMERS", Unreported::NotDecidable("hold, keepalive, graceful-restart and BFD timers are set on the customer router; describe-virtual-interfaces does not report them")),
    ("DX_LOCAL_PREF", Unreported::NotDecidable("local-preference communities and AS_PATH prepends are set on the customer router's advertisements; no export contains them")),
    ("ENDPOINT_CONNECTION_RESET", Unreported::NotDecidable("concerns the moment an endpoint is created or changed (open TCP connections drop), not a state a document shows")),
    ("ENDPOINT_NOT_TRANSFERABLE", Unreported::NotDecidable("a limit on edits (an endpoint cannot move to another VPC or service), not on a state a document shows")),
    ("NACL_ELB_HEALTH", Unreported::NotDecidable("needs load balancers and their targets (describe-load-balancers, describe-target-health), which no importer reads")),
    ("DNS_RESOLVER_LIMIT", Unreported::NotDecidable("a packet rate per network interface; a document has no traffic volumes")),
    ("QUOTA_IGW_PER_VPC", Unreported::ReportedAs("the same hard limit (one internet gateway per VPC) is `GW_IGW_MULTIPLE`")),
    ("QUOTA_DX_VIFS", Unreported::ReportedAs("the hard VIF limits are `DX_VIF_PER_CONNECTION` (dedicated connections) and `DX_HOSTED_VIF_LIMIT` (hosted ones)")),
    ("QUOTA_DX_PREFIXES", Unreported::ReportedAs("the prefix limits per BGP session are `DX_ROUTES_OVER_LIMIT` (100 per family, 1,000 on a public VIF) and `DX_TGW_PREFIXES_OVER_LIMIT` (200 per transit gateway)")),
];

/// Run every rule function once (functions shared by several codes run once).
pub(crate) fn run_all(ctx: &Ctx, out: &mut Vec<Finding>, after_each: &mut dyn FnMut(&'static str)) {
    let mut done: Vec<Check> = Vec::new();
    for rule in RULES {
        // Function pointers compare by address; a shared function has one address.
        if done.iter().any(|f| std::ptr::fn_addr_eq(*f, rule.check)) {
            continue;
        }
        done.push(rule.check);
        (rule.check)(ctx, out);
        after_each(rule.code);
    }
}

/// The rule for a code, if implemented.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code == code)
}
