//! The complete rule catalog of `aws-rules.md` §1: every public code, its catalog severity and
//! family. Generated once from the catalog text; the registry marks which codes are implemented,
//! and `docs/rules.md` shows both, so users can see what is checked and what is still planned.

/// One catalog row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogEntry {
    pub code: &'static str,
    /// The severity as the catalog words it (some rules are "error (trace) / warning").
    pub severity: &'static str,
    /// The rule family (`peering`, `vpn`, …), as in `validate::registry`.
    pub family: &'static str,
}

/// Every code of the catalog, in catalog order.
pub const CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        code: "VPC_CIDR_INVALID",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_NOT_CANONICAL",
        severity: "info",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_SIZE",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_LINK_LOCAL",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_DOCKER_RANGE",
        severity: "warning",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_PUBLIC_RANGE",
        severity: "info",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_SECONDARY_OVERLAP",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_SECONDARY_RESTRICTED",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_CLASSICLINK",
        severity: "info",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_ROUTE_CONFLICT",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_RESIZE",
        severity: "info",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_PEERING_ADD_OVERLAP",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_DXGW_ADD_OVERLAP",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_CIDR_STATE",
        severity: "info",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_IPV6_CIDR_SIZE",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_IPV6_OVERLAP",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "VPC_REGION_UNKNOWN",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_CIDR_SIZE",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_OUTSIDE_VPC",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_OVERLAP",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_IPV6_SIZE",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_IPV6_OUTSIDE_VPC",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_IPV6_NO_VPC_IPV6",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_IPV6_ONLY_NO_IPV4",
        severity: "info",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_AZ_MISSING",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_AZ_REGION_MISMATCH",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_RESERVED_ADDRESS",
        severity: "error",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_CAPACITY",
        severity: "info",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_ROUTE_TABLE_IMPLICIT",
        severity: "info",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_NACL_IMPLICIT",
        severity: "info",
        family: "cidr",
    },
    CatalogEntry {
        code: "SUBNET_KIND",
        severity: "info",
        family: "cidr",
    },
    CatalogEntry {
        code: "RTB_MAIN_MISSING",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "RTB_SUBNET_MULTI_ASSOC",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "RTB_VPC_MISMATCH",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "RTB_ASSOC_STATE",
        severity: "info",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_LOCAL_MISSING",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_LOCAL_REPLACED",
        severity: "info",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_MORE_SPECIFIC_THAN_LOCAL",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_PROPAGATED_UNDER_LOCAL",
        severity: "warning",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_RESERVED_DESTINATION",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_DUPLICATE_STATIC",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_TARGET_MISSING",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_BLACKHOLE",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_FILTERED",
        severity: "info",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_PCX_NOT_ACTIVE",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_FAMILY_MISMATCH",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_PREFIX_LIST_MISSING",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_PREFIX_LIST_CONFLICT",
        severity: "warning",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_SHADOWED",
        severity: "info",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_STATIC_OVER_PROPAGATED",
        severity: "info",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_PROPAGATION_VGW_NOT_ATTACHED",
        severity: "warning",
        family: "routes",
    },
    CatalogEntry {
        code: "ROUTE_NO_DEFAULT_FOR_PUBLIC_IP",
        severity: "info",
        family: "routes",
    },
    CatalogEntry {
        code: "RTB_GATEWAY_TABLE_INVALID",
        severity: "error",
        family: "routes",
    },
    CatalogEntry {
        code: "RTB_MIDDLEBOX_ASYMMETRIC",
        severity: "warning",
        family: "routes",
    },
    CatalogEntry {
        code: "RTB_MIDDLEBOX_SG_REFERENCE",
        severity: "warning",
        family: "routes",
    },
    CatalogEntry {
        code: "RTB_TRANSIT_INGRESS_TGW",
        severity: "info",
        family: "routes",
    },
    CatalogEntry {
        code: "GW_IGW_MULTIPLE",
        severity: "error",
        family: "gateways",
    },
    CatalogEntry {
        code: "GW_VGW_MULTIPLE",
        severity: "error",
        family: "gateways",
    },
    CatalogEntry {
        code: "GW_NAT_PUBLIC_NO_IGW",
        severity: "error (trace to internet) / warning",
        family: "gateways",
    },
    CatalogEntry {
        code: "GW_NAT_PRIVATE_TO_IGW",
        severity: "error",
        family: "gateways",
    },
    CatalogEntry {
        code: "GW_NAT_FROM_OUTSIDE",
        severity: "error",
        family: "gateways",
    },
    CatalogEntry {
        code: "GW_NAT_PROTOCOL",
        severity: "info",
        family: "gateways",
    },
    CatalogEntry {
        code: "GW_BPA_BLOCKS_IGW",
        severity: "warning",
        family: "gateways",
    },
    CatalogEntry {
        code: "PEERING_CIDR_OVERLAP",
        severity: "error",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_SELF",
        severity: "error",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_DUPLICATE",
        severity: "error",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_TRANSITIVE",
        severity: "error",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_EDGE_TO_EDGE",
        severity: "error",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_NOT_ACTIVE",
        severity: "warning",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_PENDING_EXPIRY",
        severity: "info",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_ROUTE_MISSING",
        severity: "warning",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_ROUTE_MISSING_RETURN",
        severity: "error (trace) / warning (static)",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_RESPONSE_MISROUTE",
        severity: "warning",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_PARTIAL_ROUTE",
        severity: "info",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_IPV6_INCOMPLETE",
        severity: "warning",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_SG_REF_CROSS_REGION",
        severity: "error",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_SG_REF_NOT_ACTIVE",
        severity: "error",
        family: "peering",
    },
    CatalogEntry {
        code: "SG_RULE_STALE",
        severity: "warning",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_DNS_OPTION_NEEDS_VPC_DNS",
        severity: "error",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_DNS_RESOLUTION_OFF",
        severity: "info",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_PEER_AMAZON_DNS",
        severity: "info",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_INTER_REGION_MTU",
        severity: "info",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_INTER_REGION_ENCRYPTED",
        severity: "info",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_REQUEST_REGION",
        severity: "info",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_UNKNOWN_ACCEPTER",
        severity: "warning",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_TAGS_LOCAL",
        severity: "info",
        family: "peering",
    },
    CatalogEntry {
        code: "PEERING_NAU",
        severity: "info",
        family: "peering",
    },
    CatalogEntry {
        code: "VPN_TARGET_EXCLUSIVE",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_VGW_NOT_ATTACHED",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_TUNNEL_COUNT",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_TUNNEL_INSIDE_CIDR_INVALID",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_TUNNEL_INSIDE_CIDR_RESERVED",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_TUNNEL_INSIDE_CIDR_DUPLICATE",
        severity: "error (VGW) / warning (TGW)",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_TUNNEL_INSIDE_IPV6_INVALID",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_PSK_INVALID",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_TUNNEL_OPTION_RANGE",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_CGW_ASN_INVALID",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_CGW_RESERVED_ASN",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_AMAZON_ASN_INVALID",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_ASN_COLLISION",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_CLOUDHUB_ASN_DUPLICATE",
        severity: "warning",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_CLOUDHUB_OVERLAP",
        severity: "warning",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_ONPREM_OVERLAP",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_STATIC_NO_ROUTES",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_NO_VPC_ROUTE",
        severity: "error (trace) / warning",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_PROPAGATION_STALE",
        severity: "info",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_IPV6_ON_VGW",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_TUNNEL_DOWN",
        severity: "warning / error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_SINGLE_CGW",
        severity: "warning",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_ACCELERATION_ON_VGW",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_PRIVATE_IP_REQUIREMENTS",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_CGW_IP_INVALID",
        severity: "error",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_ECMP_STATIC",
        severity: "info",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_ROUTE_PREFERENCE",
        severity: "info",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_THROUGHPUT",
        severity: "info",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_FIREWALL_PORTS",
        severity: "info",
        family: "vpn",
    },
    CatalogEntry {
        code: "VPN_CONNECTION_STATE",
        severity: "info",
        family: "vpn",
    },
    CatalogEntry {
        code: "DX_VLAN_INVALID",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_VLAN_DUPLICATE",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_CUSTOMER_ASN_INVALID",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_AMAZON_ASN_INVALID",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_TGW_ASN_COLLISION",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_MULTI_REGION_TGW_ASN",
        severity: "warning",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_VIF_TARGET_INVALID",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_DXGW_MIXED",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_VGW_MULTI_DXGW",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_VGW_NOT_ATTACHED",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_VPC_CIDR_OVERLAP",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_NO_VGW_TO_VGW",
        severity: "error (trace)",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_SUPERNET_HAIRPIN",
        severity: "warning",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_NO_VIF_TO_VIF",
        severity: "error (trace)",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_ALLOWED_PREFIX_NARROW",
        severity: "warning",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_ALLOWED_PREFIX_TGW_SEMANTICS",
        severity: "info",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_ALLOWED_PREFIX_OVERLAP",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_PROPAGATION_BEFORE_ASSOCIATION",
        severity: "info",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_ROUTES_OVER_LIMIT",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_TGW_PREFIXES_OVER_LIMIT",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_MTU_INVALID",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_JUMBO_NOT_CAPABLE",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_MTU_FALLBACK",
        severity: "warning",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_AUTHKEY_INVALID",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_PEER_LINK_LOCAL",
        severity: "warning",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_PUBLIC_PREFIX_OWNERSHIP",
        severity: "info",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_BGP_DOWN",
        severity: "warning / error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_SINGLE_CONNECTION",
        severity: "warning",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_NOT_ENCRYPTED",
        severity: "info",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_HOSTED_VIF_LIMIT",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_VIF_PER_CONNECTION",
        severity: "error",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_ASSOCIATION_STATE",
        severity: "info",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_SPEEDS",
        severity: "info",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_BGP_TIMERS",
        severity: "info",
        family: "dx",
    },
    CatalogEntry {
        code: "DX_LOCAL_PREF",
        severity: "info",
        family: "dx",
    },
    CatalogEntry {
        code: "ENDPOINT_REGION_MISMATCH",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_SERVICE_UNSUPPORTED",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_DNS_DISABLED",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_ROUTE_MISSING",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_ROUTE_SHADOWED",
        severity: "warning",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_DUPLICATE_SERVICE_ROUTE",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_ROUTE_NOT_EDITABLE",
        severity: "info",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_SG_EGRESS_BLOCKED",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_NACL_BLOCKED",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_IPV6_UNSUPPORTED",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_NOT_REACHABLE_FROM_PEER",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_NOT_REACHABLE_FROM_VPN",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_NOT_REACHABLE_FROM_DX",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_NOT_REACHABLE_FROM_TGW",
        severity: "error",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_STATE",
        severity: "warning",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_POLICY_NON_DEFAULT",
        severity: "info",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_S3_SOURCEIP_POLICY",
        severity: "warning",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_PROTOCOL",
        severity: "info",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_CONNECTION_RESET",
        severity: "info",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_SUBNET_SEPARATION",
        severity: "info",
        family: "endpoints",
    },
    CatalogEntry {
        code: "ENDPOINT_NOT_TRANSFERABLE",
        severity: "info",
        family: "endpoints",
    },
    CatalogEntry {
        code: "SG_VPC_MISMATCH",
        severity: "error",
        family: "security-groups",
    },
    CatalogEntry {
        code: "SG_REF_NOT_PEERED",
        severity: "error",
        family: "security-groups",
    },
    CatalogEntry {
        code: "SG_NO_EGRESS",
        severity: "warning",
        family: "security-groups",
    },
    CatalogEntry {
        code: "SG_NO_INGRESS",
        severity: "info",
        family: "security-groups",
    },
    CatalogEntry {
        code: "SG_OPEN_ADMIN_PORTS",
        severity: "warning",
        family: "security-groups",
    },
    CatalogEntry {
        code: "SG_RULE_FORMAT",
        severity: "error",
        family: "security-groups",
    },
    CatalogEntry {
        code: "SG_NAME_INVALID",
        severity: "error",
        family: "security-groups",
    },
    CatalogEntry {
        code: "SG_BLOCKS_FLOW",
        severity: "error (trace)",
        family: "security-groups",
    },
    CatalogEntry {
        code: "SG_STATEFUL",
        severity: "info",
        family: "security-groups",
    },
    CatalogEntry {
        code: "SG_DNS_NOT_FILTERED",
        severity: "info",
        family: "security-groups",
    },
    CatalogEntry {
        code: "NACL_SUBNET_MULTI",
        severity: "error",
        family: "nacl",
    },
    CatalogEntry {
        code: "NACL_RULE_NUMBER",
        severity: "error",
        family: "nacl",
    },
    CatalogEntry {
        code: "NACL_DUPLICATE_RULE_NUMBER",
        severity: "error",
        family: "nacl",
    },
    CatalogEntry {
        code: "NACL_STATELESS_RETURN",
        severity: "error (trace) / warning",
        family: "nacl",
    },
    CatalogEntry {
        code: "NACL_CUSTOM_DENY_ALL",
        severity: "warning",
        family: "nacl",
    },
    CatalogEntry {
        code: "NACL_IPV6_MISSING",
        severity: "warning",
        family: "nacl",
    },
    CatalogEntry {
        code: "NACL_RULE_SHADOWED",
        severity: "info",
        family: "nacl",
    },
    CatalogEntry {
        code: "NACL_PROTOCOL_PORTS",
        severity: "info",
        family: "nacl",
    },
    CatalogEntry {
        code: "NACL_BLOCKS_FLOW",
        severity: "error (trace)",
        family: "nacl",
    },
    CatalogEntry {
        code: "NACL_SEMANTICS",
        severity: "info",
        family: "nacl",
    },
    CatalogEntry {
        code: "NACL_ELB_HEALTH",
        severity: "warning",
        family: "nacl",
    },
    CatalogEntry {
        code: "DNS_HOSTNAMES_WITHOUT_SUPPORT",
        severity: "warning",
        family: "dns",
    },
    CatalogEntry {
        code: "DNS_PRIVATE_ZONE_NEEDS_BOTH",
        severity: "error",
        family: "dns",
    },
    CatalogEntry {
        code: "DNS_RESOLVER_LIMIT",
        severity: "info",
        family: "dns",
    },
    CatalogEntry {
        code: "MTU_PATH_REDUCTION",
        severity: "info / warning",
        family: "mtu",
    },
    CatalogEntry {
        code: "MTU_PMTUD_BLOCKED",
        severity: "warning",
        family: "mtu",
    },
    CatalogEntry {
        code: "TGW_ATTACHMENT_AZ_MISSING",
        severity: "error (trace)",
        family: "tgw",
    },
    CatalogEntry {
        code: "TGW_DUPLICATE_VPC_ATTACHMENT",
        severity: "error",
        family: "tgw",
    },
    CatalogEntry {
        code: "TGW_IDENTICAL_VPC_CIDR",
        severity: "error",
        family: "tgw",
    },
    CatalogEntry {
        code: "TGW_IPV6_ONLY_SUBNET",
        severity: "error",
        family: "tgw",
    },
    CatalogEntry {
        code: "TGW_ASN_INVALID",
        severity: "error",
        family: "tgw",
    },
    CatalogEntry {
        code: "TGW_ROUTE_BLACKHOLE",
        severity: "error",
        family: "tgw",
    },
    CatalogEntry {
        code: "TGW_ATTACHMENT_NO_ASSOCIATION",
        severity: "error",
        family: "tgw",
    },
    CatalogEntry {
        code: "TGW_ECMP_NEEDS_BGP",
        severity: "info",
        family: "tgw",
    },
    CatalogEntry {
        code: "QUOTA_VPCS_PER_REGION",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_SUBNETS_PER_VPC",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_VPC_IPV4_CIDRS",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_VPC_IPV6_CIDRS",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_IGW_PER_VPC",
        severity: "error (hard limit)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_EIGW_PER_VPC",
        severity: "error (hard limit)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_NAT_PER_AZ",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_ROUTE_TABLES_PER_VPC",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_ROUTES_PER_TABLE",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_PROPAGATED_ROUTES",
        severity: "error (hard limit)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_SG_PER_REGION",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_SG_RULES",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_SG_PER_ENI",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_NACLS_PER_VPC",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_NACL_RULES",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_PREFIX_LISTS",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_PEERING_ACTIVE",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_PEERING_PENDING",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_GATEWAY_ENDPOINTS",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_INTERFACE_ENDPOINTS",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_ENDPOINT_POLICY_SIZE",
        severity: "error (hard limit)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_NAU",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_CGW_PER_REGION",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_VGW_PER_REGION",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_VPN_PER_REGION",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_VPN_PER_VGW",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_VPN_ROUTES",
        severity: "error (hard limit)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_DX_VIFS",
        severity: "error (hard limit)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_DX_CONNECTIONS",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_DXGW_PER_ACCOUNT",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_DX_VGW_PER_DXGW",
        severity: "error (hard limit)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_DX_TGW_PER_DXGW",
        severity: "error (hard limit)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_DX_VIF_PER_DXGW",
        severity: "warning (adjustable)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_DXGW_PER_TGW",
        severity: "error (hard limit)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_DX_PREFIXES",
        severity: "error (hard limit)",
        family: "quotas",
    },
    CatalogEntry {
        code: "QUOTA_TGW",
        severity: "warning / error",
        family: "quotas",
    },
    CatalogEntry {
        code: "ADVISE_VPN_BANDWIDTH",
        severity: "info",
        family: "advice",
    },
    CatalogEntry {
        code: "ADVISE_DX_PRIVATE_PATH",
        severity: "info",
        family: "advice",
    },
    CatalogEntry {
        code: "ADVISE_HYBRID_SPOF",
        severity: "warning",
        family: "advice",
    },
    CatalogEntry {
        code: "ADVISE_PEERING_NO_SPOF",
        severity: "info",
        family: "advice",
    },
    CatalogEntry {
        code: "ADVISE_USE_GATEWAY_ENDPOINT",
        severity: "info",
        family: "advice",
    },
    CatalogEntry {
        code: "ADVISE_INTERFACE_ENDPOINT_FOR_HYBRID",
        severity: "info",
        family: "advice",
    },
    CatalogEntry {
        code: "STATE_IGNORED",
        severity: "info",
        family: "advice",
    },
];
