//! Route destinations and targets, written as AWS writes them.
//!
//! In the native format a route is `{"destination": "10.1.0.0/16", "target": "pcx-12ab"}`: the
//! destination's form (IPv4, IPv6, `pl-…`) and the target's kind (by its id prefix) are read from
//! the text, exactly as in describe-route-tables where the field name carries the kind.

use super::cidr::{Cidr4, Cidr6, CidrParseError};
use super::ids::*;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// What a route matches: `DestinationCidrBlock`, `DestinationIpv6CidrBlock` or
/// `DestinationPrefixListId`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Destination {
    Ipv4(Cidr4),
    Ipv6(Cidr6),
    PrefixList(PrefixListId),
}

impl Destination {
    /// A prefix-list destination, if `id` is one a native document can carry: it starts with
    /// `pl-` and has no surrounding space (the native parser trims), so the importers of other
    /// formats never build a route that the converted document would refuse or change.
    pub fn prefix_list(id: String) -> Option<Destination> {
        (id.starts_with("pl-") && id.trim() == id)
            .then_some(Destination::PrefixList(PrefixListId(id)))
    }
}

impl FromStr for Destination {
    type Err = CidrParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        if text.starts_with("pl-") {
            Ok(Destination::PrefixList(PrefixListId(text.to_string())))
        } else if text.contains(':') {
            text.parse().map(Destination::Ipv6)
        } else {
            text.parse::<Cidr4>()
                .map(Destination::Ipv4)
                .map_err(|_| CidrParseError {
                    expected: "an IPv4 CIDR, an IPv6 CIDR or a prefix list id (pl-…)",
                    found: s.to_string(),
                })
        }
    }
}

impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Destination::Ipv4(cidr) => cidr.fmt(f),
            Destination::Ipv6(cidr) => cidr.fmt(f),
            Destination::PrefixList(id) => id.fmt(f),
        }
    }
}

/// Where a route sends traffic. The kind comes from the id's prefix, as in AWS.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RouteTarget {
    /// `GatewayId: "local"`: the VPC's own CIDRs.
    Local,
    InternetGateway(InternetGatewayId),
    /// `EgressOnlyInternetGatewayId` (`eigw-…`).
    EgressOnlyInternetGateway(String),
    NatGateway(NatGatewayId),
    VpcPeering(PeeringId),
    VpnGateway(VpnGatewayId),
    TransitGateway(TransitGatewayId),
    /// A gateway endpoint (`GatewayId: "vpce-…"`).
    VpcEndpoint(VpcEndpointId),
    NetworkInterface(NetworkInterfaceId),
    /// A NAT instance or appliance (`InstanceId`).
    Instance(InstanceId),
    /// Targets vpcmap does not model (local gateway `lgw-`, carrier gateway `cagw-`, core
    /// network ARNs): kept verbatim so nothing is lost on export.
    Other(String),
}

impl RouteTarget {
    /// Classify a target id by its prefix.
    pub fn from_id(id: &str) -> RouteTarget {
        let id = id.trim();
        let owned = || id.to_string();
        if id == "local" {
            RouteTarget::Local
        } else if id.starts_with("igw-") {
            RouteTarget::InternetGateway(InternetGatewayId(owned()))
        } else if id.starts_with("eigw-") {
            RouteTarget::EgressOnlyInternetGateway(owned())
        } else if id.starts_with("nat-") {
            RouteTarget::NatGateway(NatGatewayId(owned()))
        } else if id.starts_with("pcx-") {
            RouteTarget::VpcPeering(PeeringId(owned()))
        } else if id.starts_with("vgw-") {
            RouteTarget::VpnGateway(VpnGatewayId(owned()))
        } else if id.starts_with("tgw-") {
            RouteTarget::TransitGateway(TransitGatewayId(owned()))
        } else if id.starts_with("vpce-") {
            RouteTarget::VpcEndpoint(VpcEndpointId(owned()))
        } else if id.starts_with("eni-") {
            RouteTarget::NetworkInterface(NetworkInterfaceId(owned()))
        } else if id.starts_with("i-") {
            RouteTarget::Instance(InstanceId(owned()))
        } else {
            RouteTarget::Other(owned())
        }
    }

    /// The target's id as AWS prints it.
    pub fn id(&self) -> &str {
        match self {
            RouteTarget::Local => "local",
            RouteTarget::InternetGateway(id) => id.as_str(),
            RouteTarget::EgressOnlyInternetGateway(id) => id,
            RouteTarget::NatGateway(id) => id.as_str(),
            RouteTarget::VpcPeering(id) => id.as_str(),
            RouteTarget::VpnGateway(id) => id.as_str(),
            RouteTarget::TransitGateway(id) => id.as_str(),
            RouteTarget::VpcEndpoint(id) => id.as_str(),
            RouteTarget::NetworkInterface(id) => id.as_str(),
            RouteTarget::Instance(id) => id.as_str(),
            RouteTarget::Other(id) => id,
        }
    }
}

impl fmt::Display for RouteTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Destination {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Destination {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(de::Error::custom)
    }
}

impl JsonSchema for Destination {
    fn schema_name() -> Cow<'static, str> {
        "Destination".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "IPv4 CIDR, IPv6 CIDR, or prefix list id (pl-…)"
        })
    }
}

impl Serialize for RouteTarget {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for RouteTarget {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        if text.trim().is_empty() {
            return Err(de::Error::custom(
                "expected a route target id (local, igw-…, nat-…, pcx-…, vgw-…, tgw-…, vpce-…, eni-…, i-…), found \"\"",
            ));
        }
        Ok(RouteTarget::from_id(&text))
    }
}

impl JsonSchema for RouteTarget {
    fn schema_name() -> Cow<'static, str> {
        "RouteTarget".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "description": "local, or the id of an igw-, eigw-, nat-, pcx-, vgw-, tgw-, vpce-, eni- or i- resource"
        })
    }
}

/// `Route.State`
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum RouteState {
    #[default]
    Active,
    /// The target is gone or not usable; matching traffic is dropped.
    Blackhole,
    /// VPC Route Server (2025+): the route is not installed.
    Filtered,
}

impl RouteState {
    pub fn is_active(&self) -> bool {
        *self == RouteState::Active
    }
}

/// `Route.Origin`: how the route got into the table, which decides ties (§2.1 of the catalog).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
pub enum RouteOrigin {
    /// The local routes AWS creates with the table.
    CreateRouteTable,
    /// A static route.
    #[default]
    CreateRoute,
    /// Propagated from a virtual private gateway (VPN/Direct Connect BGP or VPN static routes).
    EnableVgwRoutePropagation,
    /// Advertised by a VPC Route Server.
    Advertisement,
}

impl RouteOrigin {
    pub fn is_create_route(&self) -> bool {
        *self == RouteOrigin::CreateRoute
    }
    pub fn is_propagated(&self) -> bool {
        matches!(
            self,
            RouteOrigin::EnableVgwRoutePropagation | RouteOrigin::Advertisement
        )
    }
}
