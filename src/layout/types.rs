//! The layout's output shape: the contract between layout, render, the web front end and the
//! elk-compare benchmark. Coordinates are absolute (top-left origin, y down), in SVG user units.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A laid-out diagram: boxes and orthogonal edge polylines.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// Parents come before their children.
    pub nodes: Vec<LayoutNode>,
    pub edges: Vec<LayoutEdge>,
}

/// One box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LayoutNode {
    /// The AWS id where the resource has one (`vpc-…`); synthetic ids otherwise
    /// (`region:us-east-1`, `az:vpc-…:us-east-1a`, `internet`, `service:dynamodb@us-east-1`).
    pub id: String,
    pub kind: NodeKind,
    pub label: String,
    /// A second line (CIDRs, ASN), when the node has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A styling variant: `public` / `private` for subnets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub parent: Option<String>,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// What a box stands for. Serialized as a lowercase word (`internet-gateway`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    Region,
    Account,
    Vpc,
    Az,
    Subnet,
    InternetGateway,
    NatGateway,
    VpnGateway,
    CustomerGateway,
    TransitGateway,
    DxGateway,
    DxConnection,
    VpcEndpoint,
    Instance,
    Onprem,
    Service,
    Internet,
}

impl NodeKind {
    /// The kind's name as serialized (`vpc`, `internet-gateway`, …): the SVG's classes and
    /// `data-kind` use it.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Region => "region",
            NodeKind::Account => "account",
            NodeKind::Vpc => "vpc",
            NodeKind::Az => "az",
            NodeKind::Subnet => "subnet",
            NodeKind::InternetGateway => "internet-gateway",
            NodeKind::NatGateway => "nat-gateway",
            NodeKind::VpnGateway => "vpn-gateway",
            NodeKind::CustomerGateway => "customer-gateway",
            NodeKind::TransitGateway => "transit-gateway",
            NodeKind::DxGateway => "dx-gateway",
            NodeKind::DxConnection => "dx-connection",
            NodeKind::VpcEndpoint => "vpc-endpoint",
            NodeKind::Instance => "instance",
            NodeKind::Onprem => "onprem",
            NodeKind::Service => "service",
            NodeKind::Internet => "internet",
        }
    }
}

/// One edge, drawn as an orthogonal polyline from `source` to `target`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LayoutEdge {
    pub id: String,
    pub kind: EdgeKind,
    pub source: String,
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// At least two points; consecutive points share x or y.
    pub points: Vec<[f64; 2]>,
}

/// What an edge stands for.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    Peering,
    Vpn,
    Dx,
    Endpoint,
    TgwAttachment,
    Route,
}

impl EdgeKind {
    /// The kind's name as serialized (`peering`, `tgw-attachment`, …), as [`NodeKind::as_str`].
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Peering => "peering",
            EdgeKind::Vpn => "vpn",
            EdgeKind::Dx => "dx",
            EdgeKind::Endpoint => "endpoint",
            EdgeKind::TgwAttachment => "tgw-attachment",
            EdgeKind::Route => "route",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{EdgeKind, NodeKind};
    use schemars::JsonSchema;
    use serde::de::DeserializeOwned;

    /// Every name the derived schema lists for `T` reads back as a kind whose `as_str` is that
    /// name (the schema comes from the same serde attributes, so no variant list is kept here).
    fn names_round_trip<T: JsonSchema + DeserializeOwned>(as_str: fn(T) -> &'static str) {
        let schema = schemars::schema_for!(T);
        let names: Vec<String> = schema
            .get("enum")
            .and_then(|names| names.as_array())
            .map(|names| {
                names
                    .iter()
                    .filter_map(|name| name.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        assert!(names.len() > 5, "the schema lists the names: {names:?}");
        for name in names {
            let kind = serde_json::from_value::<T>(name.clone().into()).ok();
            assert_eq!(kind.map(as_str), Some(name.as_str()));
        }
    }

    #[test]
    fn kind_names_are_the_serialized_names() {
        names_round_trip(NodeKind::as_str);
        names_round_trip(EdgeKind::as_str);
    }
}
