//! The topology model: every AWS network resource vpcmap knows, in one place.
//!
//! `Topology` is what every importer produces and every stage consumes. Its serde form *is* the
//! native document format (`"format": "vpcmap/1"`): camelCase keys, ids as plain strings, CIDRs as
//! text, empty lists and unknown values left out, so a person can write one by hand. Later stages
//! add behaviour (rules, traces, layout), never types: new resource kinds land here first.
//!
//! Field docs name the AWS field the value comes from, so an importer author knows where to look.

pub mod cidr;
pub mod ids;
pub mod references;
mod route;
pub mod schema;

pub use cidr::{Cidr, Cidr4, Cidr6, CidrParseError};
pub use ids::*;
pub use route::{Destination, RouteOrigin, RouteState, RouteTarget};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The `format` tag of a native document.
pub const FORMAT: &str = "vpcmap/1";

fn is_false(value: &bool) -> bool {
    !*value
}

/// A whole network: regions, accounts and every resource in them.
///
/// Lists are kept in document order; stages that need lookups build their own indexes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Topology {
    /// Always `"vpcmap/1"`.
    pub format: String,
    /// A title for the document (shown above the diagram).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Account>,
    /// Regions with a display label; a region used by a resource need not be listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpcs: Vec<Vpc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Subnet>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route_tables: Vec<RouteTable>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub internet_gateways: Vec<InternetGateway>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nat_gateways: Vec<NatGateway>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpc_peering_connections: Vec<VpcPeeringConnection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpn_gateways: Vec<VpnGateway>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer_gateways: Vec<CustomerGateway>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpn_connections: Vec<VpnConnection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dx_connections: Vec<DxConnection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub virtual_interfaces: Vec<VirtualInterface>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dx_gateways: Vec<DxGateway>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dx_gateway_associations: Vec<DxGatewayAssociation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpc_endpoints: Vec<VpcEndpoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefix_lists: Vec<PrefixList>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<SecurityGroup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network_acls: Vec<NetworkAcl>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit_gateways: Vec<TransitGateway>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_attachments: Vec<TransitGatewayAttachment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_route_tables: Vec<TransitGatewayRouteTable>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<Instance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network_interfaces: Vec<NetworkInterface>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_prem_networks: Vec<OnPremNetwork>,
    /// Resources the document refers to but does not describe, because they exist outside it:
    /// a peer account's VPC, another account's Direct Connect connection, an instance in a file
    /// that was not exported. References to them are accepted (any other dangling reference is
    /// refused as a typo); the AWS and Terraform importers list every such id they meet, so a
    /// converted document reads back as it was imported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external: Vec<ExternalRef>,
    /// Ids that are known only after `terraform apply`: the placeholders a plan's import gives
    /// the resources it creates, each with the Terraform address it stands for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub planned: Vec<PlannedId>,
    /// Findings the authors reviewed and accept: validation reports them as suppressed, with the
    /// reason, and they do not count toward the exit code. Not an AWS resource.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// Quota values AWS has raised for an account or Region (validation uses them instead of the
    /// defaults of catalog §1.14).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotas: Vec<QuotaOverride>,
    /// What the diagram's user decided by hand (boxes dragged, sibling order): the layout
    /// respects it. Written by the editor; not an AWS resource.
    #[serde(default, skip_serializing_if = "LayoutHints::is_empty")]
    pub layout: LayoutHints,
}

/// Hand-made layout decisions, keyed by resource id (a region's key is its name, e.g.
/// `us-east-1`; the outside-AWS column is `on-premises`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LayoutHints {
    /// Boxes the user dragged: the box's top-left corner, relative to its parent box's top-left
    /// corner (so moving a parent carries its pinned children along).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pins: BTreeMap<String, Pin>,
    /// Preferred order of siblings: ids listed here come first, in this order, before the
    /// layout's own ordering of the rest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<String>,
}

impl LayoutHints {
    pub fn is_empty(&self) -> bool {
        self.pins.is_empty() && self.order.is_empty()
    }
}

/// A pinned position in diagram units (the SVG's user units).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub x: f64,
    pub y: f64,
}

/// A placeholder id of a resource a Terraform plan creates (`subnet-(aws_subnet.app[0])`): AWS
/// assigns the real id at apply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlannedId {
    /// The placeholder id used in the document.
    pub id: String,
    /// The Terraform address, e.g. `module.vpc.aws_subnet.private[0]`.
    pub address: String,
    /// Fields of the resource (native names: `cidrs`, `entries`, `egress`, …) that are known
    /// only after apply too: left empty in the document, not meant as empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
}

/// A resource outside the document, by id and the list it would be declared in.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExternalRef {
    pub id: String,
    /// The document list the resource would be declared in, e.g. `vpcs` or `dxConnections`.
    pub kind: ExternalKind,
}

/// The kinds of resource a reference can name: the document's list names.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum ExternalKind {
    Vpcs,
    Subnets,
    RouteTables,
    InternetGateways,
    NatGateways,
    VpcPeeringConnections,
    VpnGateways,
    CustomerGateways,
    DxConnections,
    VirtualInterfaces,
    DxGateways,
    VpcEndpoints,
    SecurityGroups,
    TransitGateways,
    TransitGatewayRouteTables,
    Instances,
    NetworkInterfaces,
}

impl ExternalKind {
    /// The document list this kind is declared in, as the native format spells it.
    pub fn list(self) -> &'static str {
        match self {
            Self::Vpcs => "vpcs",
            Self::Subnets => "subnets",
            Self::RouteTables => "routeTables",
            Self::InternetGateways => "internetGateways",
            Self::NatGateways => "natGateways",
            Self::VpcPeeringConnections => "vpcPeeringConnections",
            Self::VpnGateways => "vpnGateways",
            Self::CustomerGateways => "customerGateways",
            Self::DxConnections => "dxConnections",
            Self::VirtualInterfaces => "virtualInterfaces",
            Self::DxGateways => "dxGateways",
            Self::VpcEndpoints => "vpcEndpoints",
            Self::SecurityGroups => "securityGroups",
            Self::TransitGateways => "transitGateways",
            Self::TransitGatewayRouteTables => "transitGatewayRouteTables",
            Self::Instances => "instances",
            Self::NetworkInterfaces => "networkInterfaces",
        }
    }
}

/// One accepted finding: every finding with `code` that names `resource` (every finding with
/// `code` when `resource` is absent) is reported as suppressed, with `reason`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Suppression {
    /// A rule code, e.g. `VPC_CIDR_PUBLIC_RANGE`.
    pub code: String,
    /// A resource id the finding names (any of its resources); absent means every finding of
    /// the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Why the finding is accepted; shown beside it in every report.
    pub reason: String,
}

/// A raised quota: `{"code": "QUOTA_VPCS_PER_REGION", "value": 20, "region": "us-east-1"}`.
/// Without `account` or `region` it applies to every account or Region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuotaOverride {
    /// The quota's catalog code, `QUOTA_…` (or `PEERING_NAU`, the peered network address
    /// usage quota).
    pub code: String,
    /// The value in force.
    pub value: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// An AWS account. Only needed to give an account a display name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Account {
    pub id: AccountId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A region, e.g. `us-east-1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Region {
    /// The region code, e.g. `eu-west-1`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A VPC. `Vpcs[]` in describe-vpcs, plus describe-vpc-attribute for the DNS attributes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Vpc {
    /// `VpcId`
    pub id: VpcId,
    /// The `Name` tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Not in describe output: the CLI profile's region, taken from the snapshot's folder or key.
    pub region: String,
    /// `OwnerId`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    /// Usable IPv4 blocks, primary (`CidrBlock`) first, then the `associated` entries of
    /// `CidrBlockAssociationSet`.
    pub cidrs: Vec<Cidr4>,
    /// Blocks of `CidrBlockAssociationSet` in any state other than `associated`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_cidrs: Vec<CidrAssociation>,
    /// `Ipv6CidrBlockAssociationSet[].Ipv6CidrBlock` in state `associated`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_cidrs: Vec<Cidr6>,
    /// The blocks of `ipv6Cidrs` that Amazon provided (`Ipv6Pool: Amazon`; Terraform's
    /// `assign_generated_ipv6_cidr_block`), which AWS always allocates as /56. Blocks from
    /// BYOIP or IPAM pools are not listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_amazon_provided: Vec<Cidr6>,
    /// `BlockPublicAccessStates.InternetGatewayBlockMode`: `off`, `block-bidirectional` or
    /// `block-ingress` (VPC Block Public Access in force for this VPC); `None` when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet_gateway_block_mode: Option<String>,
    /// `enableDnsSupport`; `None` when not given (AWS's default is true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_dns_support: Option<bool>,
    /// `enableDnsHostnames`; `None` when not given (AWS's default is false except default VPCs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_dns_hostnames: Option<bool>,
    /// `IsDefault`
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_default: bool,
    /// `State` (pending | available); `None` means available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl Vpc {
    /// The primary block (`CidrBlock`), if the VPC has any IPv4 block.
    pub fn primary_cidr(&self) -> Option<&Cidr4> {
        self.cidrs.first()
    }
}

/// A VPC CIDR block that is not (or no longer) `associated`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CidrAssociation {
    pub cidr: Cidr,
    /// `CidrBlockState.State`: associating | disassociating | disassociated | failing | failed.
    pub state: String,
}

/// A subnet. `Subnets[]` in describe-subnets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Subnet {
    pub id: SubnetId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub vpc: VpcId,
    /// `AvailabilityZone`, e.g. `us-east-1a`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub az: Option<String>,
    /// `AvailabilityZoneId`, e.g. `use1-az1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub az_id: Option<String>,
    /// `CidrBlock`; absent only for IPv6-only subnets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<Cidr4>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_cidrs: Vec<Cidr6>,
    /// `MapPublicIpOnLaunch`
    #[serde(default, skip_serializing_if = "is_false")]
    pub map_public_ip_on_launch: bool,
    /// `Ipv6Native`
    #[serde(default, skip_serializing_if = "is_false")]
    pub ipv6_native: bool,
    /// `AvailableIpAddressCount`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_ip_address_count: Option<u32>,
}

/// A route table. `RouteTables[]` in describe-route-tables.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteTable {
    pub id: RouteTableId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub vpc: VpcId,
    /// Has an association with `Main: true`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub main: bool,
    /// `Associations[].SubnetId` (explicit subnet associations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<SubnetId>,
    /// `Associations[].GatewayId` (edge associations with an internet or virtual private gateway).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateways: Vec<String>,
    /// `PropagatingVgws[].GatewayId`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub propagating_vgws: Vec<VpnGatewayId>,
    /// `Associations[]` whose `AssociationState.State` is not `associated` (associating,
    /// disassociating, disassociated, failed): they are not in `subnets`/`gateways` or `main`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_associations: Vec<RouteTableAssociation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<Route>,
}

/// A route table association that is not (or no longer) `associated`. `RouteTables[].Associations[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteTableAssociation {
    /// `RouteTableAssociationId`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `SubnetId` or `GatewayId`; `None` for the main association.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// `Main`
    #[serde(default, skip_serializing_if = "is_false")]
    pub main: bool,
    /// `AssociationState.State`
    pub state: String,
}

/// One route. `RouteTables[].Routes[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Route {
    /// `DestinationCidrBlock`, `DestinationIpv6CidrBlock` or `DestinationPrefixListId`.
    pub destination: Destination,
    /// The target id (`local`, `igw-…`, `nat-…`, `pcx-…`, `vgw-…`, `tgw-…`, `vpce-…`, `eni-…`, `i-…`).
    pub target: RouteTarget,
    /// `State`; active unless said otherwise.
    #[serde(default, skip_serializing_if = "RouteState::is_active")]
    pub state: RouteState,
    /// `Origin`; `CreateRoute` unless said otherwise.
    #[serde(default, skip_serializing_if = "RouteOrigin::is_create_route")]
    pub origin: RouteOrigin,
}

/// An internet gateway. `InternetGateways[]` in describe-internet-gateways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InternetGateway {
    pub id: InternetGatewayId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The VPC it is attached to (`Attachments[].VpcId`); an IGW attaches to one VPC at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<VpcId>,
    /// Needed only when the gateway is detached (otherwise its VPC's region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// Public or private NAT gateway (`ConnectivityType`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NatConnectivity {
    #[default]
    Public,
    Private,
}

impl NatConnectivity {
    fn is_public(&self) -> bool {
        *self == NatConnectivity::Public
    }
}

/// A NAT gateway. `NatGateways[]` in describe-nat-gateways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NatGateway {
    pub id: NatGatewayId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub vpc: VpcId,
    pub subnet: SubnetId,
    #[serde(default, skip_serializing_if = "NatConnectivity::is_public")]
    pub connectivity: NatConnectivity,
    /// `NatGatewayAddresses[0].PrivateIp`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Ipv4Addr>,
    /// `NatGatewayAddresses[0].PublicIp`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    /// `State`; `None` means available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A VPC peering connection. `VpcPeeringConnections[]` in describe-vpc-peering-connections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VpcPeeringConnection {
    pub id: PeeringId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `RequesterVpcInfo`
    pub requester: PeeringSide,
    /// `AccepterVpcInfo`
    pub accepter: PeeringSide,
    /// `Status.Code`; `None` means active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl VpcPeeringConnection {
    /// Status code, lower case; a peering without one is active. Borrowed when the document
    /// already writes it in lower case, as exports do: rules ask once per route.
    pub fn status_code(&self) -> std::borrow::Cow<'_, str> {
        let status = self.status.as_deref().unwrap_or("active");
        if status.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(status.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(status)
        }
    }
    pub fn is_active(&self) -> bool {
        // Asked for every peering route by many rules: no lower-cased copy.
        self.status
            .as_deref()
            .is_none_or(|s| s.eq_ignore_ascii_case("active"))
    }
    /// The other side's VPC, if `vpc` is one of the two sides.
    pub fn peer_of(&self, vpc: &VpcId) -> Option<&VpcId> {
        if &self.requester.vpc == vpc {
            Some(&self.accepter.vpc)
        } else if &self.accepter.vpc == vpc {
            Some(&self.requester.vpc)
        } else {
            None
        }
    }
}

/// One side of a peering connection. Region, owner and CIDRs are needed only for a VPC the
/// document does not contain (another account's); otherwise the VPC's own values are used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeeringSide {
    pub vpc: VpcId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    /// `CidrBlockSet[].CidrBlock` as the peering reports it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cidrs: Vec<Cidr4>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_cidrs: Vec<Cidr6>,
    /// `PeeringOptions.AllowDnsResolutionFromRemoteVpc`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_dns_resolution_from_remote_vpc: Option<bool>,
}

/// A virtual private gateway. `VpnGateways[]` in describe-vpn-gateways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VpnGateway {
    pub id: VpnGatewayId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `AmazonSideAsn`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_side_asn: Option<u64>,
    /// `VpcAttachments[]`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<VgwAttachment>,
    /// `State`; `None` means available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl VpnGateway {
    /// The VPC the gateway is attached to (`State: attached`), if any.
    pub fn attached_vpc(&self) -> Option<&VpcId> {
        self.attachments
            .iter()
            .find(|attachment| attachment.is_attached())
            .map(|attachment| &attachment.vpc)
    }
}

/// `VpnGateways[].VpcAttachments[]`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VgwAttachment {
    pub vpc: VpcId,
    /// attaching | attached | detaching | detached; `None` means attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl VgwAttachment {
    pub fn is_attached(&self) -> bool {
        self.state
            .as_deref()
            .is_none_or(|state| state.eq_ignore_ascii_case("attached"))
    }
}

/// A customer gateway: the on-premises end of a Site-to-Site VPN. `CustomerGateways[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerGateway {
    pub id: CustomerGatewayId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `BgpAsn` (a string in describe output) or `BgpAsnExtended`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bgp_asn: Option<u64>,
    /// `IpAddress`: the device's outside address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// `CertificateArn`: a certificate-authenticated device may have no fixed address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A Site-to-Site VPN connection. `VpnConnections[]` in describe-vpn-connections.
///
/// The pre-shared keys of the tunnels are never kept: they are secrets, and nothing vpcmap does
/// needs them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VpnConnection {
    pub id: VpnConnectionId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `CustomerGatewayId`
    pub customer_gateway: CustomerGatewayId,
    /// `VpnGatewayId` (exclusive with `transitGateway`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_gateway: Option<VpnGatewayId>,
    /// `TransitGatewayId`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_gateway: Option<TransitGatewayId>,
    /// `CoreNetworkArn`: the connection ends on an AWS Cloud WAN core network instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_network: Option<String>,
    /// `Options.OutsideIpAddressType`: `PublicIpv4` (the default), `PrivateIpv4` (over a Direct
    /// Connect transit VIF) or `Ipv6`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_ip_address_type: Option<String>,
    /// `Options.TransportTransitGatewayAttachmentId`: the Direct Connect gateway attachment a
    /// private-IP VPN runs over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_attachment: Option<TgwAttachmentId>,
    /// `Options.TunnelBandwidth`: `standard` (up to 1.25 Gbps per tunnel, the default) or
    /// `large` (up to 5 Gbps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tunnel_bandwidth: Option<String>,
    /// `Options.StaticRoutesOnly`
    #[serde(default, skip_serializing_if = "is_false")]
    pub static_routes_only: bool,
    /// `Routes[]`: static routes towards the customer gateway.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<VpnStaticRoute>,
    /// One entry per tunnel, from `Options.TunnelOptions[]` and `VgwTelemetry[]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tunnels: Vec<VpnTunnel>,
    /// `Options.EnableAcceleration`
    #[serde(default, skip_serializing_if = "is_false")]
    pub enable_acceleration: bool,
    /// `State`; `None` means available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// `VpnConnections[].Routes[]`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VpnStaticRoute {
    pub cidr: Cidr,
    /// pending | available | deleting | deleted; `None` means available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// One IPsec tunnel of a VPN connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VpnTunnel {
    /// `OutsideIpAddress`: AWS's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_ip: Option<String>,
    /// `TunnelInsideCidr` (a /30 in 169.254.0.0/16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inside_cidr: Option<Cidr4>,
    /// `TunnelInsideIpv6Cidr` (a /126 in fd00::/8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inside_ipv6_cidr: Option<Cidr6>,
    /// `VgwTelemetry[].Status`: UP or DOWN; `None` when unknown (a design).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The tunnel's IKE/IPsec options, when given (`Options.TunnelOptions[]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<TunnelOptions>,
}

/// IKE and IPsec options of one tunnel: `Options.TunnelOptions[]` in describe-vpn-connections,
/// without the pre-shared key (a secret, never kept). Absent values take AWS's defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TunnelOptions {
    /// `Phase1LifetimeSeconds` (900–28800, default 28800).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase1_lifetime_seconds: Option<u32>,
    /// `Phase2LifetimeSeconds` (900–3600 and below phase 1, default 3600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase2_lifetime_seconds: Option<u32>,
    /// `RekeyMarginTimeSeconds` (60 to half of phase 2, default 270).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rekey_margin_time_seconds: Option<u32>,
    /// `RekeyFuzzPercentage` (0–100, default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rekey_fuzz_percentage: Option<u32>,
    /// `ReplayWindowSize` (64–2048, default 1024).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replay_window_size: Option<u32>,
    /// `DpdTimeoutSeconds` (30 or more, default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpd_timeout_seconds: Option<u32>,
    /// `DpdTimeoutAction`: clear | none | restart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpd_timeout_action: Option<String>,
    /// `StartupAction`: add | start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_action: Option<String>,
    /// `IkeVersions[].Value`: ikev1, ikev2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ike_versions: Vec<String>,
    /// `Phase1EncryptionAlgorithms[].Value`, e.g. AES256.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phase1_encryption_algorithms: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phase2_encryption_algorithms: Vec<String>,
    /// `Phase1IntegrityAlgorithms[].Value`, e.g. SHA2-256.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phase1_integrity_algorithms: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phase2_integrity_algorithms: Vec<String>,
    /// `Phase1DHGroupNumbers[].Value`, e.g. 14.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phase1_dh_group_numbers: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phase2_dh_group_numbers: Vec<u32>,
}

/// A Direct Connect connection (dedicated, hosted, or a LAG). `connections[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DxConnection {
    pub id: DxConnectionId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `location`: the Direct Connect location code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `bandwidth`, e.g. `10Gbps`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bandwidth: Option<String>,
    /// `partnerName` is set for hosted connections.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hosted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jumbo_frame_capable: Option<bool>,
    /// `encryptionMode`: the MACsec mode, `no_encrypt`, `should_encrypt` (encrypts when it
    /// can, else carries traffic in the clear) or `must_encrypt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// Type of a Direct Connect virtual interface (`virtualInterfaceType`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum VifType {
    Private,
    Public,
    Transit,
}

/// A Direct Connect virtual interface. `virtualInterfaces[]` in describe-virtual-interfaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VirtualInterface {
    pub id: VirtualInterfaceId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub vif_type: VifType,
    /// `connectionId`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<DxConnectionId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vlan: Option<u32>,
    /// Customer side BGP ASN (`asnLong` when set, else `asn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asn: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_side_asn: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtu: Option<u32>,
    /// `virtualGatewayId` (private VIF straight to a VGW).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_gateway: Option<VpnGatewayId>,
    /// `directConnectGatewayId`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dx_gateway: Option<DxGatewayId>,
    /// `routeFilterPrefixes[].cidr` (public VIFs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route_filter_prefixes: Vec<Cidr>,
    /// `bgpPeers[].bgpStatus` (up | down | unknown), one per peer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bgp_status: Vec<String>,
    /// `virtualInterfaceState`; `None` means available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A Direct Connect gateway (global). `directConnectGateways[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DxGateway {
    pub id: DxGatewayId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_side_asn: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A Direct Connect gateway's association with a virtual private gateway or a transit gateway.
/// `directConnectGatewayAssociations[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DxGatewayAssociation {
    pub id: DxAssociationId,
    pub dx_gateway: DxGatewayId,
    /// `associatedGateway.id`: a `vgw-…` or `tgw-…`.
    pub gateway: String,
    /// `associatedGateway.region`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `allowedPrefixesToDirectConnectGateway[].cidr`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_prefixes: Vec<Cidr>,
    /// `associationState`; `None` means associated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// `VpcEndpointType`
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum EndpointType {
    Gateway,
    Interface,
    GatewayLoadBalancer,
    Other,
}

/// A VPC endpoint. `VpcEndpoints[]` in describe-vpc-endpoints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VpcEndpoint {
    pub id: VpcEndpointId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub vpc: VpcId,
    #[serde(rename = "type")]
    pub endpoint_type: EndpointType,
    /// `ServiceName`, e.g. `com.amazonaws.us-east-1.dynamodb`.
    pub service: String,
    /// `RouteTableIds` (gateway endpoints).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route_tables: Vec<RouteTableId>,
    /// `SubnetIds` (interface endpoints).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<SubnetId>,
    /// `PolicyDocument` (JSON text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// `PrivateDnsEnabled` (interface endpoints): the service's public name resolves to the
    /// endpoint inside the VPC, through a private hosted zone AWS manages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_dns_enabled: Option<bool>,
    /// `IpAddressType`: ipv4 | dualstack | ipv6; `None` means IPv4 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl VpcEndpoint {
    /// The short service name (`dynamodb`, `s3`) and its region, from `com.amazonaws.<region>.<svc>`.
    pub fn service_parts(&self) -> Option<(&str, &str)> {
        let rest = self.service.strip_prefix("com.amazonaws.")?;
        let (region, service) = rest.split_once('.')?;
        Some((region, service))
    }
}

/// A prefix list (AWS-managed service ranges or customer-managed). `PrefixLists[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PrefixList {
    pub id: PrefixListId,
    /// `PrefixListName`, e.g. `com.amazonaws.us-east-1.dynamodb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `Cidrs` / entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cidrs: Vec<Cidr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_entries: Option<u32>,
}

/// A security group. `SecurityGroups[]` in describe-security-groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecurityGroup {
    pub id: SecurityGroupId,
    /// `GroupName`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub vpc: VpcId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `IpPermissions`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<SgRule>,
    /// `IpPermissionsEgress`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub egress: Vec<SgRule>,
}

/// One `IpPermission`: a protocol and port range, allowed from/to every listed peer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SgRule {
    /// `IpProtocol`: `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all.
    pub protocol: String,
    /// `FromPort` (ICMP type for ICMP); `None` or -1 means all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    /// `ToPort` (ICMP code for ICMP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    /// `IpRanges[].CidrIp`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cidrs: Vec<Cidr4>,
    /// `Ipv6Ranges[].CidrIpv6`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_cidrs: Vec<Cidr6>,
    /// `PrefixListIds[].PrefixListId`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefix_lists: Vec<PrefixListId>,
    /// `UserIdGroupPairs[]`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupRef>,
}

/// A security-group reference inside a rule (`UserIdGroupPairs[]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupRef {
    pub group: SecurityGroupId,
    /// `UserId`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    /// `VpcId` (set for groups in a peer VPC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc: Option<VpcId>,
    /// `VpcPeeringConnectionId`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peering: Option<PeeringId>,
}

/// A network ACL. `NetworkAcls[]` in describe-network-acls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkAcl {
    pub id: NetworkAclId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub vpc: VpcId,
    /// `IsDefault`
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_default: bool,
    /// `Associations[].SubnetId`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<SubnetId>,
    /// `Entries[]`, including the `*` default-deny entries (32767 / 32768) when imported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<NaclEntry>,
}

/// `RuleAction`
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleAction {
    Allow,
    Deny,
}

/// One network ACL entry. `NetworkAcls[].Entries[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NaclEntry {
    pub rule_number: u32,
    /// `Egress`: outbound when true.
    #[serde(default, skip_serializing_if = "is_false")]
    pub egress: bool,
    pub action: RuleAction,
    /// `Protocol`: `-1` for all, or a protocol number as text (`6` tcp, `17` udp, `1` icmp).
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<Cidr4>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr: Option<Cidr6>,
    /// `PortRange.From`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    /// `PortRange.To`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    /// `IcmpTypeCode.Type`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_type: Option<i32>,
    /// `IcmpTypeCode.Code`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_code: Option<i32>,
}

/// A transit gateway. `TransitGateways[]` in describe-transit-gateways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransitGateway {
    pub id: TransitGatewayId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountId>,
    /// `Options.AmazonSideAsn`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon_side_asn: Option<u64>,
    /// `Options.VpnEcmpSupport` (`enable` → true); `None` when not given (AWS's default is on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_ecmp_support: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A transit gateway attachment (VPC, VPN, Direct Connect gateway, peering, connect).
/// `TransitGatewayAttachments[]` joined with `TransitGatewayVpcAttachments[]` for subnets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransitGatewayAttachment {
    pub id: TgwAttachmentId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub transit_gateway: TransitGatewayId,
    /// `ResourceType`: vpc | vpn | direct-connect-gateway | peering | connect | …
    pub resource_type: String,
    /// `ResourceId`: the VPC, VPN connection, Direct Connect gateway or peer TGW.
    pub resource: String,
    /// `SubnetIds` of a VPC attachment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<SubnetId>,
    /// `Association.TransitGatewayRouteTableId`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_table: Option<TgwRouteTableId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A transit gateway route table with its routes and propagations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransitGatewayRouteTable {
    pub id: TgwRouteTableId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub transit_gateway: TransitGatewayId,
    /// Attachments whose routes propagate into this table (`TransitGatewayPropagations`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub propagations: Vec<TgwAttachmentId>,
    /// Static and blackhole routes (`TransitGatewayStaticRoutes`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<TgwRoute>,
}

/// A static transit gateway route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TgwRoute {
    pub destination: Destination,
    /// The attachment traffic goes to; `None` for a blackhole route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<TgwAttachmentId>,
    #[serde(default, skip_serializing_if = "RouteState::is_active")]
    pub state: RouteState,
}

/// An EC2 instance. `Reservations[].Instances[]` in describe-instances.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Instance {
    pub id: InstanceId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub subnet: SubnetId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Ipv4Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<SecurityGroupId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A network interface. `NetworkInterfaces[]` in describe-network-interfaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkInterface {
    pub id: NetworkInterfaceId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub subnet: SubnetId,
    /// `PrivateIpAddresses[].PrivateIpAddress`, primary first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub private_ips: Vec<Ipv4Addr>,
    /// `Association.PublicIp`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    /// `Ipv6Addresses[].Ipv6Address`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ipv6_addresses: Vec<Ipv6Addr>,
    /// `Groups[].GroupId`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<SecurityGroupId>,
    /// `Attachment.InstanceId`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<InstanceId>,
    /// `InterfaceType` (interface, nat_gateway, vpc_endpoint, transit_gateway, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An on-premises network: address ranges reached over a VPN (through its customer gateways)
/// or Direct Connect (through its virtual interfaces). Not an AWS resource: describe output has
/// no such object, so importers derive it from VPN static routes and BGP-advertised prefixes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OnPremNetwork {
    pub id: OnPremId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Address ranges of the site (advertised over BGP or routed statically).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cidrs: Vec<Cidr>,
    /// Customer gateways (VPN devices) at this site.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer_gateways: Vec<CustomerGatewayId>,
    /// Direct Connect virtual interfaces that reach this site.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub virtual_interfaces: Vec<VirtualInterfaceId>,
    /// The bandwidth the site needs to AWS, in Mbit/s, as the designer states it (not in any
    /// AWS output). Checked against what its VPN tunnels can carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_bandwidth_mbps: Option<u32>,
    /// The designer says traffic to this site is latency-sensitive, so the internet's
    /// variability of a Site-to-Site VPN matters (not in any AWS output).
    #[serde(default, skip_serializing_if = "is_false")]
    pub latency_sensitive: bool,
    /// The designer says traffic to this site must be encrypted in transit, so a Direct Connect
    /// path without MACsec or a VPN over it matters (not in any AWS output).
    #[serde(default, skip_serializing_if = "is_false")]
    pub encryption_required: bool,
}

impl Topology {
    /// An empty document with the format tag set.
    pub fn new() -> Self {
        Topology {
            format: FORMAT.to_string(),
            ..Topology::default()
        }
    }

    /// Whether a field of a resource is known only after `terraform apply` (see `planned`):
    /// rules skip what is not known rather than report it as missing.
    pub fn is_unknown(&self, id: &str, field: &str) -> bool {
        self.planned
            .iter()
            .any(|p| p.id == id && p.unknown.iter().any(|f| f == field))
    }

    pub fn vpc(&self, id: &VpcId) -> Option<&Vpc> {
        self.vpcs.iter().find(|vpc| &vpc.id == id)
    }

    pub fn subnet(&self, id: &SubnetId) -> Option<&Subnet> {
        self.subnets.iter().find(|subnet| &subnet.id == id)
    }

    /// Every region the document mentions, sorted: listed regions, VPC regions, and the regions
    /// of region-scoped resources outside VPCs.
    pub fn region_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.regions.iter().map(|r| r.name.clone()).collect();
        names.extend(self.vpcs.iter().map(|vpc| vpc.region.clone()));
        names.extend(self.transit_gateways.iter().map(|tgw| tgw.region.clone()));
        names.extend(self.vpn_gateways.iter().filter_map(|g| g.region.clone()));
        names.extend(
            self.customer_gateways
                .iter()
                .filter_map(|g| g.region.clone()),
        );
        names.extend(self.vpn_connections.iter().filter_map(|c| c.region.clone()));
        names.extend(self.dx_connections.iter().filter_map(|c| c.region.clone()));
        names.extend(
            self.virtual_interfaces
                .iter()
                .filter_map(|v| v.region.clone()),
        );
        crate::sort::sort(&mut names);
        names.dedup();
        names
    }

    /// The display name of any resource: its `Name` tag when it has one, else its id.
    /// Maps are built on each call; use it for messages, not in loops over large documents.
    pub fn names(&self) -> BTreeMap<String, String> {
        let mut names = BTreeMap::new();
        self.for_each_name(|id, name| {
            names.insert(id.to_string(), name.to_string());
        });
        names
    }

    /// Every `(id, Name tag)` pair, resource kind by kind (a later pair for the same id wins in
    /// `names`). Borrowed, for indexes that must not copy every name of a large document.
    pub fn for_each_name<'a>(&'a self, mut f: impl FnMut(&'a str, &'a str)) {
        self.each_name(&mut f);
    }

    /// [`Topology::for_each_name`]'s walk, compiled once rather than once per caller's closure.
    fn each_name<'a>(&'a self, f: &mut dyn FnMut(&'a str, &'a str)) {
        let mut add = |id: &'a str, name: &'a Option<String>| {
            if let Some(name) = name {
                f(id, name.as_str());
            }
        };
        self.vpcs.iter().for_each(|r| add(r.id.as_str(), &r.name));
        self.subnets
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.route_tables
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.internet_gateways
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.nat_gateways
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.vpc_peering_connections
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.vpn_gateways
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.customer_gateways
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.vpn_connections
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.dx_connections
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.virtual_interfaces
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.dx_gateways
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.vpc_endpoints
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.security_groups
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.network_acls
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.transit_gateways
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.instances
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
        self.on_prem_networks
            .iter()
            .for_each(|r| add(r.id.as_str(), &r.name));
    }
}

#[cfg(test)]
mod tests;
