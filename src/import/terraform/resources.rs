//! Terraform resource instances → model resources, one small function per resource type.
//!
//! Types are read in `TYPES` order — containers before what they contain, standalone rules and
//! associations after the resources they attach to — so a route finds its table and a rule its
//! group. What Terraform leaves implicit is made explicit the way AWS would: every route table
//! gets the `local` routes of its VPC's blocks, a VPC without a declared main route table gets
//! one with only those routes, and a transit gateway with default association or propagation
//! gets its default route table. Values that are unknown until apply are left out (a subnet
//! without a CIDR, a route without a target), each with a note, so validation never reasons
//! from a guess.
//!
//! Secrets are never read: `tunnel*_preshared_key` of VPN connections and `bgp_auth_key` of
//! virtual interfaces are not looked at.

use super::resolve::{placeholder, Resolver};
use crate::import::aws::read::At;
use crate::import::{ImportError, Note};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::str::FromStr;

type R<T> = Result<T, ImportError>;

const VPC: &[&str] = &["aws_vpc", "aws_default_vpc"];
const SUBNET: &[&str] = &["aws_subnet", "aws_default_subnet"];
const RTB: &[&str] = &["aws_route_table", "aws_default_route_table"];
const IGW: &[&str] = &["aws_internet_gateway"];
const PCX: &[&str] = &[
    "aws_vpc_peering_connection",
    "aws_vpc_peering_connection_accepter",
];
const VGW: &[&str] = &["aws_vpn_gateway"];
const CGW: &[&str] = &["aws_customer_gateway"];
const VPN: &[&str] = &["aws_vpn_connection"];
const DXCON: &[&str] = &["aws_dx_connection", "aws_dx_lag"];
const DXGW: &[&str] = &["aws_dx_gateway"];
const VPCE: &[&str] = &["aws_vpc_endpoint"];
const SG: &[&str] = &["aws_security_group", "aws_default_security_group"];
const ACL: &[&str] = &["aws_network_acl", "aws_default_network_acl"];
const TGW: &[&str] = &["aws_ec2_transit_gateway"];
const TGW_ATTACH: &[&str] = &[
    "aws_ec2_transit_gateway_vpc_attachment",
    "aws_ec2_transit_gateway_peering_attachment",
    "aws_ec2_transit_gateway_peering_attachment_accepter",
    "aws_vpn_connection",
];
const TGW_RTB: &[&str] = &[
    "aws_ec2_transit_gateway_route_table",
    "aws_ec2_transit_gateway",
];

/// Route target arguments of `aws_route` (and of inline `route` blocks), with the types their
/// references may name.
const ROUTE_TARGETS: &[(&str, &[&str])] = &[
    (
        "gateway_id",
        &[
            "aws_internet_gateway",
            "aws_vpn_gateway",
            "aws_vpc_endpoint",
        ],
    ),
    ("nat_gateway_id", &["aws_nat_gateway"]),
    ("transit_gateway_id", TGW),
    ("vpc_peering_connection_id", PCX),
    ("vpc_endpoint_id", VPCE),
    ("network_interface_id", &["aws_network_interface"]),
    ("instance_id", &["aws_instance"]),
    (
        "egress_only_gateway_id",
        &["aws_egress_only_internet_gateway"],
    ),
    ("local_gateway_id", &[]),
    ("carrier_gateway_id", &[]),
    ("core_network_arn", &[]),
];

/// Every type the importer reads, in the order it reads them. Anything else is skipped with
/// one note per type and file.
pub(super) const TYPES: &[&str] = &[
    "aws_vpc",
    "aws_default_vpc",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_vpc_ipv6_cidr_block_association",
    "aws_subnet",
    "aws_default_subnet",
    "aws_route_table",
    "aws_default_route_table",
    "aws_internet_gateway",
    "aws_internet_gateway_attachment",
    "aws_nat_gateway",
    "aws_vpc_peering_connection",
    "aws_vpc_peering_connection_accepter",
    "aws_vpc_peering_connection_options",
    "aws_vpn_gateway",
    "aws_vpn_gateway_attachment",
    "aws_customer_gateway",
    "aws_ec2_transit_gateway",
    "aws_ec2_transit_gateway_route_table",
    "aws_vpn_connection",
    "aws_vpn_connection_route",
    "aws_dx_connection",
    "aws_dx_lag",
    "aws_dx_gateway",
    "aws_dx_private_virtual_interface",
    "aws_dx_transit_virtual_interface",
    "aws_dx_public_virtual_interface",
    "aws_dx_gateway_association",
    "aws_vpc_endpoint",
    "aws_security_group",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_network_acl",
    "aws_default_network_acl",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_ec2_transit_gateway_vpc_attachment",
    "aws_ec2_transit_gateway_peering_attachment",
    "aws_ec2_transit_gateway_peering_attachment_accepter",
    "aws_ec2_transit_gateway_route",
    "aws_ec2_transit_gateway_route_table_association",
    "aws_ec2_transit_gateway_route_table_propagation",
    "aws_instance",
    "aws_network_interface",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_vpn_gateway_route_propagation",
    "aws_vpc_endpoint_route_table_association",
    "aws_vpc_endpoint_subnet_association",
];

/// Types read only as the targets of references (their ids), not modelled themselves.
const REFERENCE_ONLY: &[&str] = &["aws_egress_only_internet_gateway"];

/// The default route table of a transit gateway with default association or propagation.
struct TgwDefault {
    table: String,
    associate: bool,
    propagate: bool,
}

pub(super) struct Mapped {
    pub topology: Topology,
    pub notes: Vec<Note>,
    /// Placeholder ids that made it into the topology, with the address they stand for and
    /// the model fields that are unknown too.
    pub pending: Vec<(String, String, Vec<String>)>,
}

/// Terraform arguments whose "known after apply" leaves a model field empty, per type.
const UNKNOWN_FIELDS: &[(&str, &str, &str)] = &[
    ("aws_vpc", "cidr_block", "cidrs"),
    ("aws_subnet", "cidr_block", "cidr"),
    ("aws_subnet", "availability_zone", "az"),
    ("aws_security_group", "ingress", "ingress"),
    ("aws_security_group", "egress", "egress"),
    ("aws_default_security_group", "ingress", "ingress"),
    ("aws_default_security_group", "egress", "egress"),
    ("aws_network_acl", "ingress", "entries"),
    ("aws_network_acl", "egress", "entries"),
    ("aws_network_acl", "subnet_ids", "subnets"),
    ("aws_default_network_acl", "ingress", "entries"),
    ("aws_default_network_acl", "egress", "entries"),
    ("aws_vpc_endpoint", "route_table_ids", "routeTables"),
    ("aws_vpc_endpoint", "subnet_ids", "subnets"),
    ("aws_instance", "private_ip", "privateIp"),
];

struct B<'r, 'a> {
    r: &'r Resolver<'a>,
    topo: Topology,
    notes: Vec<Note>,
    pending: Vec<(String, String, Vec<String>)>,
    vpc_region: BTreeMap<String, Option<String>>,
    vpc_main: BTreeMap<String, (String, bool)>,
    vpc_address: BTreeMap<String, String>,
    tgw_region: BTreeMap<String, Option<String>>,
    tgw_default: BTreeMap<String, TgwDefault>,
    /// Ids that stand for another resource's id (a peering accepter's, a VPN's attachment).
    alias: BTreeMap<String, String>,
    vpn_attachment: BTreeMap<String, String>,
    /// The AWS-managed prefix list of each gateway endpoint (`prefix_list_id`).
    endpoint_prefix_list: BTreeMap<String, String>,
}

pub(super) fn map(r: &Resolver) -> R<Mapped> {
    let mut b = B {
        r,
        topo: Topology::new(),
        notes: Vec::new(),
        pending: Vec::new(),
        vpc_region: BTreeMap::new(),
        vpc_main: BTreeMap::new(),
        vpc_address: BTreeMap::new(),
        tgw_region: BTreeMap::new(),
        tgw_default: BTreeMap::new(),
        alias: BTreeMap::new(),
        vpn_attachment: BTreeMap::new(),
        endpoint_prefix_list: BTreeMap::new(),
    };
    b.skipped();
    for rtype in TYPES {
        for (idx, res) in r.resources.iter().enumerate() {
            if res.rtype == *rtype {
                b.read(rtype, idx)?;
            }
        }
    }
    b.finish();
    Ok(Mapped {
        topology: b.topo,
        notes: b.notes,
        pending: b.pending,
    })
}

fn tag_name(at: &At) -> Option<String> {
    ["tags", "tags_all"].iter().find_map(|key| {
        at.value
            .get(*key)?
            .get("Name")?
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    })
}

/// The region in an ARN (`arn:aws:ec2:eu-west-1:…`).
fn arn_region(arn: &str) -> Option<String> {
    arn.split(':')
        .nth(3)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
}

/// `eu-west-1a` → `eu-west-1`.
fn zone_region(zone: &str) -> Option<String> {
    let region = zone.trim_end_matches(|c: char| c.is_ascii_lowercase());
    (region.len() < zone.len() && region.ends_with(|c: char| c.is_ascii_digit()))
        .then(|| region.to_string())
}

fn parse_list<T: FromStr>(at: &At, key: &str) -> R<Vec<T>>
where
    T::Err: std::fmt::Display,
{
    let mut out = Vec::new();
    for item in at.list(key)? {
        match item.value.as_str() {
            Some(text) => out.push(
                text.parse()
                    .map_err(|e: T::Err| item.error(e.to_string()))?,
            ),
            None => return Err(item.error("expected a string")),
        }
    }
    Ok(out)
}

/// The first element of a one-block list (`requester = [{…}]`) or the object itself.
fn block<'a>(at: &At<'a>, key: &str) -> R<Option<At<'a>>> {
    match at.get(key) {
        Some(inner) if inner.value.is_array() => Ok(inner.items()?.into_iter().next()),
        other => Ok(other),
    }
}

fn nacl_protocol(text: &str) -> String {
    match text.to_ascii_lowercase().as_str() {
        "tcp" => "6".into(),
        "udp" => "17".into(),
        "icmp" => "1".into(),
        "icmpv6" => "58".into(),
        "all" => "-1".into(),
        other => other.to_string(),
    }
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Drop later copies of an id from each list, with a note: two Terraform resources can manage
/// one AWS object (`aws_default_vpc` declared in two modules).
macro_rules! dedupe_lists {
    ($self:ident, $($list:ident),* $(,)?) => {$({
        let mut seen = BTreeSet::new();
        let mut dropped = Vec::new();
        $self.topo.$list.retain(|item| {
            let fresh = seen.insert(item.id.to_string());
            if !fresh {
                dropped.push(item.id.to_string());
            }
            fresh
        });
        for id in dropped {
            let file = $self.r.files.first().map_or("(terraform)", |(file, _)| *file);
            $self.notes.push(Note {
                file: file.to_string(),
                message: format!("{id}: managed by two Terraform resources; the first is kept"),
            });
        }
    })*};
}

impl<'r, 'a> B<'r, 'a> {
    fn dedupe(&mut self) {
        dedupe_lists!(
            self,
            vpcs,
            subnets,
            route_tables,
            internet_gateways,
            nat_gateways,
            vpc_peering_connections,
            vpn_gateways,
            customer_gateways,
            vpn_connections,
            dx_connections,
            virtual_interfaces,
            dx_gateways,
            dx_gateway_associations,
            vpc_endpoints,
            security_groups,
            network_acls,
            transit_gateways,
            transit_gateway_attachments,
            transit_gateway_route_tables,
            instances,
            network_interfaces,
        );
    }

    fn res(&self, idx: usize) -> Option<&'a super::source::TfResource> {
        self.r.resources.get(idx)
    }

    fn address(&self, idx: usize) -> String {
        self.res(idx)
            .map_or_else(String::new, |r| r.address.clone())
    }

    fn note(&mut self, idx: usize, message: impl std::fmt::Display) {
        self.notes.push(Note {
            file: self.r.file(idx).to_string(),
            message: format!("{}: {message}", self.address(idx)),
        });
    }

    fn unknown(&self, idx: usize, key: &str) -> bool {
        self.res(idx).is_some_and(|r| r.unknown.contains(key))
    }

    /// Why an argument has no value: unknown until apply, or absent.
    fn missing(&self, idx: usize, key: &str) -> &'static str {
        if self.unknown(idx, key) {
            "is known only after apply and its reference could not be resolved"
        } else {
            "is not set"
        }
    }

    /// Why a plain value is absent: unknown until apply, or not set.
    fn missing_value(&self, idx: usize, key: &str) -> &'static str {
        if self.unknown(idx, key) {
            "is known only after apply"
        } else {
            "is not set"
        }
    }

    /// The resource's own id, recorded as pending when it is a placeholder.
    fn own_id(&mut self, idx: usize) -> String {
        let id = self.r.id(idx).to_string();
        if self.r.pending.get(idx).copied().unwrap_or(false) {
            let mut fields: Vec<String> = Vec::new();
            if let Some(res) = self.res(idx) {
                for (rtype, arg, field) in UNKNOWN_FIELDS {
                    let field = field.to_string();
                    if res.rtype == *rtype && res.unknown.contains(*arg) && !fields.contains(&field)
                    {
                        fields.push(field);
                    }
                }
            }
            self.pending.push((id.clone(), self.address(idx), fields));
        }
        id
    }

    fn region(&self, idx: usize, at: &At) -> R<Option<String>> {
        if let Some(region) = at.str("arn")?.as_deref().and_then(arn_region) {
            return Ok(Some(region));
        }
        if let Some(region) = at
            .str("availability_zone")?
            .as_deref()
            .and_then(zone_region)
        {
            return Ok(Some(region));
        }
        Ok(self.res(idx).and_then(|res| {
            self.r
                .files
                .get(res.file)
                .and_then(|(_, config)| config.region(&res.module_path, &res.rtype, &res.name))
        }))
    }

    fn skipped(&mut self) {
        let mut counts: BTreeMap<(usize, &str), (usize, usize)> = BTreeMap::new();
        for (idx, res) in self.r.resources.iter().enumerate() {
            if !TYPES.contains(&res.rtype.as_str()) {
                counts
                    .entry((res.file, res.rtype.as_str()))
                    .or_insert((idx, 0))
                    .1 += 1;
            }
        }
        for ((_, rtype), (first, count)) in counts {
            let why = if REFERENCE_ONLY.contains(&rtype) {
                "not modelled as a resource; routes to it are kept"
            } else {
                "not a network resource vpcmap models"
            };
            self.notes.push(Note {
                file: self.r.file(first).to_string(),
                message: format!(
                    "skipped {count} {rtype} instance{}: {why}",
                    if count == 1 { "" } else { "s" }
                ),
            });
        }
    }

    fn read(&mut self, rtype: &str, idx: usize) -> R<()> {
        let Some(at) = self.r.at(idx) else {
            return Ok(());
        };
        match rtype {
            "aws_vpc" | "aws_default_vpc" => self.vpc(idx, &at, rtype == "aws_default_vpc"),
            "aws_vpc_ipv4_cidr_block_association" | "aws_vpc_ipv6_cidr_block_association" => {
                self.cidr_association(idx, &at)
            }
            "aws_subnet" | "aws_default_subnet" => self.subnet(idx, &at),
            "aws_route_table" | "aws_default_route_table" => {
                self.route_table(idx, &at, rtype == "aws_default_route_table")
            }
            "aws_internet_gateway" => self.internet_gateway(idx, &at),
            "aws_internet_gateway_attachment" => self.igw_attachment(idx),
            "aws_nat_gateway" => self.nat_gateway(idx, &at),
            "aws_vpc_peering_connection" => self.peering(idx, &at),
            "aws_vpc_peering_connection_accepter" => self.peering_accepter(idx, &at),
            "aws_vpc_peering_connection_options" => self.peering_options(idx, &at),
            "aws_vpn_gateway" => self.vpn_gateway(idx, &at),
            "aws_vpn_gateway_attachment" => self.vgw_attachment(idx),
            "aws_customer_gateway" => self.customer_gateway(idx, &at),
            "aws_vpn_connection" => self.vpn_connection(idx, &at),
            "aws_vpn_connection_route" => self.vpn_connection_route(idx, &at),
            "aws_dx_connection" | "aws_dx_lag" => self.dx_connection(idx, &at),
            "aws_dx_gateway" => self.dx_gateway(idx, &at),
            "aws_dx_private_virtual_interface" => self.vif(idx, &at, VifType::Private),
            "aws_dx_transit_virtual_interface" => self.vif(idx, &at, VifType::Transit),
            "aws_dx_public_virtual_interface" => self.vif(idx, &at, VifType::Public),
            "aws_dx_gateway_association" => self.dx_association(idx, &at),
            "aws_vpc_endpoint" => self.endpoint(idx, &at),
            "aws_security_group" | "aws_default_security_group" => self.security_group(idx, &at),
            "aws_security_group_rule" => self.sg_rule_resource(idx, &at),
            "aws_vpc_security_group_ingress_rule" => self.vpc_sg_rule(idx, &at, false),
            "aws_vpc_security_group_egress_rule" => self.vpc_sg_rule(idx, &at, true),
            "aws_network_acl" | "aws_default_network_acl" => {
                self.network_acl(idx, &at, rtype == "aws_default_network_acl")
            }
            "aws_network_acl_rule" => self.nacl_rule(idx, &at),
            "aws_network_acl_association" => self.nacl_association(idx),
            "aws_ec2_transit_gateway" => self.transit_gateway(idx, &at),
            "aws_ec2_transit_gateway_route_table" => self.tgw_route_table(idx, &at),
            "aws_ec2_transit_gateway_vpc_attachment" => self.tgw_vpc_attachment(idx, &at),
            "aws_ec2_transit_gateway_peering_attachment" => self.tgw_peering(idx, &at, false),
            "aws_ec2_transit_gateway_peering_attachment_accepter" => {
                self.tgw_peering(idx, &at, true)
            }
            "aws_ec2_transit_gateway_route" => self.tgw_route(idx, &at),
            "aws_ec2_transit_gateway_route_table_association" => self.tgw_association(idx, false),
            "aws_ec2_transit_gateway_route_table_propagation" => self.tgw_association(idx, true),
            "aws_instance" => self.instance(idx, &at),
            "aws_network_interface" => self.network_interface(idx, &at),
            "aws_route" => self.route(idx, &at),
            "aws_route_table_association" => self.route_table_association(idx),
            "aws_main_route_table_association" => self.main_association(idx),
            "aws_vpn_gateway_route_propagation" => self.vgw_propagation(idx),
            "aws_vpc_endpoint_route_table_association" => self.endpoint_association(idx, true),
            "aws_vpc_endpoint_subnet_association" => self.endpoint_association(idx, false),
            _ => Ok(()),
        }
    }

    /// A required reference; `None` (with a note saying why the resource is skipped) if absent.
    fn need(&mut self, idx: usize, arg: &str, types: &[&str]) -> R<Option<String>> {
        let found = self.r.one(idx, arg, types)?;
        if found.is_none() {
            let why = self.missing(idx, arg);
            self.note(idx, format!("skipped: {arg} {why}"));
        }
        Ok(found)
    }

    fn vpc_of_subnet(&self, subnet: &str) -> Option<VpcId> {
        self.topo
            .subnets
            .iter()
            .find(|s| s.id.as_str() == subnet)
            .map(|s| s.vpc.clone())
    }

    fn route_table_mut(&mut self, id: &str) -> Option<&mut RouteTable> {
        self.topo
            .route_tables
            .iter_mut()
            .find(|t| t.id.as_str() == id)
    }

    fn security_group_mut(&mut self, id: &str) -> Option<&mut SecurityGroup> {
        self.topo
            .security_groups
            .iter_mut()
            .find(|g| g.id.as_str() == id)
    }

    fn vpc(&mut self, idx: usize, at: &At, is_default: bool) -> R<()> {
        let id = self.own_id(idx);
        let cidr = at.cidr4("cidr_block")?;
        if cidr.is_none() {
            let why = self.missing_value(idx, "cidr_block");
            self.note(
                idx,
                format!("cidr_block {why}: the VPC has no IPv4 block in the model"),
            );
        }
        let region = self.region(idx, at)?;
        self.vpc_region.insert(id.clone(), region);
        self.vpc_address.insert(id.clone(), self.address(idx));
        if let Some(main) = at
            .str("main_route_table_id")?
            .or(at.str("default_route_table_id")?)
        {
            self.vpc_main.insert(id.clone(), (main, false));
        }
        self.topo.vpcs.push(Vpc {
            id: VpcId(id),
            name: tag_name(at),
            region: String::new(),
            account: at.str("owner_id")?.map(AccountId),
            cidrs: cidr.into_iter().collect(),
            other_cidrs: Vec::new(),
            ipv6_cidrs: at.cidr6("ipv6_cidr_block")?.into_iter().collect(),
            // `assign_generated_ipv6_cidr_block` asks Amazon for the block.
            ipv6_amazon_provided: match at.bool("assign_generated_ipv6_cidr_block")? {
                Some(true) => at.cidr6("ipv6_cidr_block")?.into_iter().collect(),
                _ => Vec::new(),
            },
            // Block Public Access is a Region-wide `aws_vpc_block_public_access_options`, not
            // an argument of the VPC.
            internet_gateway_block_mode: None,
            enable_dns_support: at.bool("enable_dns_support")?,
            enable_dns_hostnames: at.bool("enable_dns_hostnames")?,
            is_default,
            state: None,
        });
        Ok(())
    }

    fn cidr_association(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(vpc_id) = self.need(idx, "vpc_id", VPC)? else {
            return Ok(());
        };
        let v4 = at.cidr4("cidr_block")?;
        let v6 = at.cidr6("ipv6_cidr_block")?;
        let Some(vpc) = self.topo.vpcs.iter_mut().find(|v| v.id.as_str() == vpc_id) else {
            self.note(idx, format!("skipped: {vpc_id} is not in the input"));
            return Ok(());
        };
        if v4.is_none() && v6.is_none() {
            self.note(idx, "skipped: its block is known only after apply");
            return Ok(());
        }
        if let Some(cidr) = v4 {
            push_unique(&mut vpc.cidrs, cidr);
        }
        if let Some(cidr) = v6 {
            push_unique(&mut vpc.ipv6_cidrs, cidr);
        }
        Ok(())
    }

    fn subnet(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(vpc) = self.need(idx, "vpc_id", VPC)? else {
            return Ok(());
        };
        let id = self.own_id(idx);
        let cidr = at.cidr4("cidr_block")?;
        if cidr.is_none() && at.cidr6("ipv6_cidr_block")?.is_none() {
            let why = self.missing_value(idx, "cidr_block");
            self.note(
                idx,
                format!("cidr_block {why}: the subnet has no block in the model"),
            );
        }
        self.topo.subnets.push(Subnet {
            id: SubnetId(id),
            name: tag_name(at),
            vpc: VpcId(vpc),
            az: at.str("availability_zone")?,
            az_id: at.str("availability_zone_id")?,
            cidr,
            ipv6_cidrs: at.cidr6("ipv6_cidr_block")?.into_iter().collect(),
            map_public_ip_on_launch: at.bool("map_public_ip_on_launch")?.unwrap_or(false),
            ipv6_native: at.bool("ipv6_native")?.unwrap_or(false),
            available_ip_address_count: None,
        });
        Ok(())
    }

    fn destination(at: &At, keys: [&str; 3]) -> R<Option<Destination>> {
        if let Some(cidr) = at.cidr4(keys[0])? {
            return Ok(Some(Destination::Ipv4(cidr)));
        }
        if let Some(cidr) = at.cidr6(keys[1])? {
            return Ok(Some(Destination::Ipv6(cidr)));
        }
        match at.str(keys[2])? {
            None => Ok(None),
            Some(id) => Destination::prefix_list(id.clone())
                .map(Some)
                .ok_or_else(|| {
                    at.error(format!(
                        "{}: expected a prefix list id (pl-…), found {id:?}",
                        keys[2]
                    ))
                }),
        }
    }

    fn alias_of(&self, id: String) -> String {
        self.alias.get(&id).cloned().unwrap_or(id)
    }

    fn route_table(&mut self, idx: usize, at: &At, is_default: bool) -> R<()> {
        let mut vpc = self.r.one(idx, "vpc_id", VPC)?;
        if vpc.is_none() && is_default {
            // `default_route_table_id = aws_vpc.x.default_route_table_id` names the VPC.
            vpc = self
                .r
                .refs(idx, "default_route_table_id", VPC, false)
                .first()
                .map(|found| self.r.id(*found).to_string());
        }
        let Some(vpc) = vpc else {
            let why = self.missing(idx, "vpc_id");
            self.note(idx, format!("skipped: vpc_id {why}"));
            return Ok(());
        };
        let id = match at.str("default_route_table_id")? {
            Some(id) if is_default => id,
            _ => self.own_id(idx),
        };
        if is_default {
            self.vpc_main.insert(vpc.clone(), (id.clone(), true));
        }
        let mut routes = Vec::new();
        for item in at.list("route")? {
            let destination = Self::destination(
                &item,
                [
                    "cidr_block",
                    "ipv6_cidr_block",
                    "destination_prefix_list_id",
                ],
            )?;
            let mut target = None;
            for (arg, _) in ROUTE_TARGETS {
                if let Some(value) = item.str(arg)? {
                    target = Some(value);
                    break;
                }
            }
            match (destination, target) {
                (Some(destination), Some(target)) => routes.push(Route {
                    destination,
                    target: RouteTarget::from_id(&self.alias_of(target)),
                    state: RouteState::default(),
                    origin: RouteOrigin::default(),
                }),
                _ => self.note(
                    idx,
                    format!(
                        "{}: route skipped: its destination or target is known only after apply",
                        item.path
                    ),
                ),
            }
        }
        let propagating_vgws = self
            .r
            .many(idx, "propagating_vgws", VGW)?
            .into_iter()
            .map(VpnGatewayId)
            .collect();
        if self.route_table_mut(&id).is_some() {
            self.note(idx, format!("skipped: {id} is already declared"));
            return Ok(());
        }
        self.topo.route_tables.push(RouteTable {
            id: RouteTableId(id),
            name: tag_name(at),
            vpc: VpcId(vpc),
            main: is_default,
            subnets: Vec::new(),
            gateways: Vec::new(),
            propagating_vgws,
            other_associations: Vec::new(),
            routes,
        });
        Ok(())
    }

    fn route(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(table) = self.need(idx, "route_table_id", RTB)? else {
            return Ok(());
        };
        let destination = Self::destination(
            at,
            [
                "destination_cidr_block",
                "destination_ipv6_cidr_block",
                "destination_prefix_list_id",
            ],
        )?;
        let Some(destination) = destination else {
            self.note(idx, "skipped: its destination is known only after apply");
            return Ok(());
        };
        let mut target = None;
        for (arg, types) in ROUTE_TARGETS {
            if let Some(found) = self.r.one(idx, arg, types)? {
                target = Some(found);
                break;
            }
        }
        let Some(target) = target else {
            self.note(
                idx,
                "skipped: its target is known only after apply and no reference names it",
            );
            return Ok(());
        };
        let target = RouteTarget::from_id(&self.alias_of(target));
        let Some(route_table) = self.route_table_mut(&table) else {
            self.note(
                idx,
                format!("skipped: route table {table} is not in the input"),
            );
            return Ok(());
        };
        push_unique(
            &mut route_table.routes,
            Route {
                destination,
                target,
                state: RouteState::default(),
                origin: RouteOrigin::default(),
            },
        );
        Ok(())
    }

    fn route_table_association(&mut self, idx: usize) -> R<()> {
        let Some(table) = self.need(idx, "route_table_id", RTB)? else {
            return Ok(());
        };
        let subnet = self.r.one(idx, "subnet_id", SUBNET)?;
        let gateway = self.r.one(
            idx,
            "gateway_id",
            &["aws_internet_gateway", "aws_vpn_gateway"],
        )?;
        if subnet.is_none() && gateway.is_none() {
            self.note(idx, "skipped: neither subnet_id nor gateway_id is known");
            return Ok(());
        }
        // A subnet has one route table: a new association replaces the old one.
        if let Some(subnet) = &subnet {
            for other in &mut self.topo.route_tables {
                other.subnets.retain(|s| s.as_str() != subnet);
            }
        }
        let Some(route_table) = self.route_table_mut(&table) else {
            self.note(
                idx,
                format!("skipped: route table {table} is not in the input"),
            );
            return Ok(());
        };
        if let Some(subnet) = subnet {
            push_unique(&mut route_table.subnets, SubnetId(subnet));
        }
        if let Some(gateway) = gateway {
            push_unique(&mut route_table.gateways, gateway);
        }
        Ok(())
    }

    fn main_association(&mut self, idx: usize) -> R<()> {
        let (Some(vpc), Some(table)) = (
            self.need(idx, "vpc_id", VPC)?,
            self.need(idx, "route_table_id", RTB)?,
        ) else {
            return Ok(());
        };
        if self.route_table_mut(&table).is_none() {
            self.note(
                idx,
                format!("skipped: route table {table} is not in the input"),
            );
            return Ok(());
        }
        for route_table in &mut self.topo.route_tables {
            if route_table.vpc.as_str() == vpc {
                route_table.main = route_table.id.as_str() == table;
            }
        }
        self.vpc_main.insert(vpc, (table, true));
        Ok(())
    }

    fn internet_gateway(&mut self, idx: usize, at: &At) -> R<()> {
        let vpc = self.r.one(idx, "vpc_id", VPC)?;
        let region = if vpc.is_none() {
            self.region(idx, at)?
        } else {
            None
        };
        let id = self.own_id(idx);
        self.topo.internet_gateways.push(InternetGateway {
            id: InternetGatewayId(id),
            name: tag_name(at),
            vpc: vpc.map(VpcId),
            region,
        });
        Ok(())
    }

    fn igw_attachment(&mut self, idx: usize) -> R<()> {
        let (Some(igw), Some(vpc)) = (
            self.need(idx, "internet_gateway_id", IGW)?,
            self.need(idx, "vpc_id", VPC)?,
        ) else {
            return Ok(());
        };
        match self
            .topo
            .internet_gateways
            .iter_mut()
            .find(|g| g.id.as_str() == igw)
        {
            Some(gateway) => {
                gateway.vpc = Some(VpcId(vpc));
                gateway.region = None;
            }
            None => self.note(idx, format!("skipped: {igw} is not in the input")),
        }
        Ok(())
    }

    fn nat_gateway(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(subnet) = self.need(idx, "subnet_id", SUBNET)? else {
            return Ok(());
        };
        let Some(vpc) = self.vpc_of_subnet(&subnet) else {
            self.note(
                idx,
                format!("skipped: its subnet {subnet} is not in the input, so its VPC is unknown"),
            );
            return Ok(());
        };
        let id = self.own_id(idx);
        self.topo.nat_gateways.push(NatGateway {
            id: NatGatewayId(id),
            name: tag_name(at),
            vpc,
            subnet: SubnetId(subnet),
            connectivity: if at.str("connectivity_type")?.as_deref() == Some("private") {
                NatConnectivity::Private
            } else {
                NatConnectivity::Public
            },
            private_ip: at.ip4("private_ip")?,
            public_ip: at.ip4("public_ip")?,
            state: None,
        });
        Ok(())
    }

    /// `accept_status` when known; else active when auto-accepted, pending otherwise.
    fn peering_status(at: &At) -> R<Option<String>> {
        Ok(match at.str("accept_status")? {
            Some(status) if status.eq_ignore_ascii_case("active") => None,
            Some(status) => Some(status),
            None if at.bool("auto_accept")?.unwrap_or(false) => None,
            None => Some("pending-acceptance".into()),
        })
    }

    fn dns_option(at: &At, side: &str) -> R<Option<bool>> {
        match block(at, side)? {
            Some(options) => options.bool("allow_remote_vpc_dns_resolution"),
            None => Ok(None),
        }
    }

    fn peering(&mut self, idx: usize, at: &At) -> R<()> {
        let (Some(vpc), Some(peer)) = (
            self.need(idx, "vpc_id", VPC)?,
            self.need(idx, "peer_vpc_id", VPC)?,
        ) else {
            return Ok(());
        };
        let id = self.own_id(idx);
        self.topo
            .vpc_peering_connections
            .push(VpcPeeringConnection {
                id: PeeringId(id),
                name: tag_name(at),
                requester: PeeringSide {
                    vpc: VpcId(vpc),
                    region: None,
                    account: None,
                    cidrs: Vec::new(),
                    ipv6_cidrs: Vec::new(),
                    allow_dns_resolution_from_remote_vpc: Self::dns_option(at, "requester")?,
                },
                accepter: PeeringSide {
                    vpc: VpcId(peer),
                    region: at.str("peer_region")?,
                    account: at.str("peer_owner_id")?.map(AccountId),
                    cidrs: Vec::new(),
                    ipv6_cidrs: Vec::new(),
                    allow_dns_resolution_from_remote_vpc: Self::dns_option(at, "accepter")?,
                },
                status: Self::peering_status(at)?,
            });
        Ok(())
    }

    fn peering_accepter(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(pcx) = self.need(
            idx,
            "vpc_peering_connection_id",
            &["aws_vpc_peering_connection"],
        )?
        else {
            return Ok(());
        };
        self.alias.insert(self.r.id(idx).to_string(), pcx.clone());
        let status = Self::peering_status(at)?;
        if let Some(peering) = self
            .topo
            .vpc_peering_connections
            .iter_mut()
            .find(|p| p.id.as_str() == pcx)
        {
            peering.status = status;
            return Ok(());
        }
        // The requester lives in another configuration: the accepter's view is all there is.
        let (Some(vpc), Some(peer)) = (
            self.need(idx, "vpc_id", VPC)?,
            self.need(idx, "peer_vpc_id", VPC)?,
        ) else {
            return Ok(());
        };
        let side = |vpc: String, region: Option<String>, account: Option<String>| PeeringSide {
            vpc: VpcId(vpc),
            region,
            account: account.map(AccountId),
            cidrs: Vec::new(),
            ipv6_cidrs: Vec::new(),
            allow_dns_resolution_from_remote_vpc: None,
        };
        self.topo
            .vpc_peering_connections
            .push(VpcPeeringConnection {
                id: PeeringId(pcx),
                name: tag_name(at),
                requester: side(peer, at.str("peer_region")?, at.str("peer_owner_id")?),
                accepter: side(vpc, None, None),
                status,
            });
        Ok(())
    }

    fn peering_options(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(pcx) = self.need(idx, "vpc_peering_connection_id", PCX)? else {
            return Ok(());
        };
        let pcx = self.alias_of(pcx);
        let requester = Self::dns_option(at, "requester")?;
        let accepter = Self::dns_option(at, "accepter")?;
        match self
            .topo
            .vpc_peering_connections
            .iter_mut()
            .find(|p| p.id.as_str() == pcx)
        {
            Some(peering) => {
                if requester.is_some() {
                    peering.requester.allow_dns_resolution_from_remote_vpc = requester;
                }
                if accepter.is_some() {
                    peering.accepter.allow_dns_resolution_from_remote_vpc = accepter;
                }
            }
            None => self.note(idx, format!("skipped: {pcx} is not in the input")),
        }
        Ok(())
    }

    fn vpn_gateway(&mut self, idx: usize, at: &At) -> R<()> {
        let vpc = self.r.one(idx, "vpc_id", VPC)?;
        let region = self.region(idx, at)?;
        let id = self.own_id(idx);
        self.topo.vpn_gateways.push(VpnGateway {
            id: VpnGatewayId(id),
            name: tag_name(at),
            region,
            amazon_side_asn: at.u64("amazon_side_asn")?,
            attachments: vpc
                .map(|vpc| VgwAttachment {
                    vpc: VpcId(vpc),
                    state: None,
                })
                .into_iter()
                .collect(),
            state: None,
        });
        Ok(())
    }

    fn vgw_attachment(&mut self, idx: usize) -> R<()> {
        let (Some(vgw), Some(vpc)) = (
            self.need(idx, "vpn_gateway_id", VGW)?,
            self.need(idx, "vpc_id", VPC)?,
        ) else {
            return Ok(());
        };
        match self
            .topo
            .vpn_gateways
            .iter_mut()
            .find(|g| g.id.as_str() == vgw)
        {
            Some(gateway) => push_unique(
                &mut gateway.attachments,
                VgwAttachment {
                    vpc: VpcId(vpc),
                    state: None,
                },
            ),
            None => self.note(idx, format!("skipped: {vgw} is not in the input")),
        }
        Ok(())
    }

    fn vgw_propagation(&mut self, idx: usize) -> R<()> {
        let (Some(vgw), Some(table)) = (
            self.need(idx, "vpn_gateway_id", VGW)?,
            self.need(idx, "route_table_id", RTB)?,
        ) else {
            return Ok(());
        };
        match self.route_table_mut(&table) {
            Some(route_table) => push_unique(&mut route_table.propagating_vgws, VpnGatewayId(vgw)),
            None => self.note(
                idx,
                format!("skipped: route table {table} is not in the input"),
            ),
        }
        Ok(())
    }

    fn customer_gateway(&mut self, idx: usize, at: &At) -> R<()> {
        let region = self.region(idx, at)?;
        let id = self.own_id(idx);
        self.topo.customer_gateways.push(CustomerGateway {
            id: CustomerGatewayId(id),
            name: tag_name(at),
            region,
            bgp_asn: at.u64("bgp_asn")?.or(at.u64("bgp_asn_extended")?),
            ip_address: at.str("ip_address")?,
            certificate_arn: at.str("certificate_arn")?,
            state: None,
        });
        Ok(())
    }

    fn vpn_connection(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(cgw) = self.need(idx, "customer_gateway_id", CGW)? else {
            return Ok(());
        };
        let vgw = self.r.one(idx, "vpn_gateway_id", VGW)?;
        let tgw = self.r.one(idx, "transit_gateway_id", TGW)?;
        let mut routes = Vec::new();
        for route in at.list("routes")? {
            if let Some(cidr) = route.cidr("destination_cidr_block")? {
                routes.push(VpnStaticRoute {
                    cidr,
                    state: route.str("state")?.filter(|s| s != "available"),
                });
            }
        }
        let telemetry = at.list("vgw_telemetry")?;
        let mut tunnels = Vec::new();
        for n in 1..=2 {
            let outside_ip = at.str(&format!("tunnel{n}_address"))?;
            let inside_cidr = at.cidr4(&format!("tunnel{n}_inside_cidr"))?;
            let inside_ipv6_cidr = at.cidr6(&format!("tunnel{n}_inside_ipv6_cidr"))?;
            if outside_ip.is_none() && inside_cidr.is_none() && inside_ipv6_cidr.is_none() {
                continue;
            }
            let mut status = None;
            for row in &telemetry {
                if row.str("outside_ip_address")? == outside_ip && outside_ip.is_some() {
                    status = row.str("status")?;
                }
            }
            // FIXME(issue 7): tunnel IKE/IPsec options (`tunnel1_ike_versions`, …) are not read.
            tunnels.push(VpnTunnel {
                outside_ip,
                inside_cidr,
                inside_ipv6_cidr,
                status,
                options: None,
            });
        }
        let region = self.region(idx, at)?;
        let id = self.own_id(idx);
        if let Some(tgw) = &tgw {
            let attachment = at.str("transit_gateway_attachment_id")?.unwrap_or_else(|| {
                placeholder(
                    "tgw-attach",
                    &format!("{}.transit_gateway_attachment_id", self.address(idx)),
                )
            });
            if self.r.pending.get(idx).copied().unwrap_or(false) || attachment.ends_with(')') {
                self.pending.push((
                    attachment.clone(),
                    format!("{}.transit_gateway_attachment_id", self.address(idx)),
                    Vec::new(),
                ));
            }
            self.vpn_attachment.insert(id.clone(), attachment.clone());
            self.add_tgw_attachment(tgw, attachment, "vpn", id.clone(), Vec::new(), true, true);
        }
        self.topo.vpn_connections.push(VpnConnection {
            id: VpnConnectionId(id),
            name: tag_name(at),
            region,
            customer_gateway: CustomerGatewayId(cgw),
            vpn_gateway: vgw.map(VpnGatewayId),
            transit_gateway: tgw.map(TransitGatewayId),
            core_network: at.str("core_network_arn")?,
            outside_ip_address_type: at.str("outside_ip_address_type")?,
            transport_attachment: at
                .str("transport_transit_gateway_attachment_id")?
                .map(TgwAttachmentId),
            tunnel_bandwidth: at.str("tunnel_bandwidth")?,
            static_routes_only: at.bool("static_routes_only")?.unwrap_or(false),
            routes,
            tunnels,
            enable_acceleration: at.bool("enable_acceleration")?.unwrap_or(false),
            state: None,
        });
        Ok(())
    }

    fn vpn_connection_route(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(vpn) = self.need(idx, "vpn_connection_id", VPN)? else {
            return Ok(());
        };
        let Some(cidr) = at.cidr("destination_cidr_block")? else {
            self.note(idx, "skipped: destination_cidr_block is not known");
            return Ok(());
        };
        match self
            .topo
            .vpn_connections
            .iter_mut()
            .find(|v| v.id.as_str() == vpn)
        {
            Some(connection) => {
                push_unique(&mut connection.routes, VpnStaticRoute { cidr, state: None })
            }
            None => self.note(idx, format!("skipped: {vpn} is not in the input")),
        }
        Ok(())
    }

    fn dx_connection(&mut self, idx: usize, at: &At) -> R<()> {
        let region = self.region(idx, at)?;
        let id = self.own_id(idx);
        self.topo.dx_connections.push(DxConnection {
            id: DxConnectionId(id),
            name: at.str("name")?.or_else(|| tag_name(at)),
            region,
            location: at.str("location")?,
            bandwidth: at.str("bandwidth")?.or(at.str("connections_bandwidth")?),
            hosted: false,
            jumbo_frame_capable: at.bool("jumbo_frame_capable")?,
            encryption_mode: at.str("encryption_mode")?,
            state: None,
        });
        Ok(())
    }

    fn dx_gateway(&mut self, idx: usize, at: &At) -> R<()> {
        let id = self.own_id(idx);
        self.topo.dx_gateways.push(DxGateway {
            id: DxGatewayId(id),
            name: at.str("name")?,
            account: at.str("owner_account_id")?.map(AccountId),
            amazon_side_asn: at.u64("amazon_side_asn")?,
            state: None,
        });
        Ok(())
    }

    fn vif(&mut self, idx: usize, at: &At, vif_type: VifType) -> R<()> {
        let connection = self.r.one(idx, "connection_id", DXCON)?;
        let vpn_gateway = self.r.one(idx, "vpn_gateway_id", VGW)?;
        let dx_gateway = self.r.one(idx, "dx_gateway_id", DXGW)?;
        let region = self.region(idx, at)?;
        let id = self.own_id(idx);
        self.topo.virtual_interfaces.push(VirtualInterface {
            id: VirtualInterfaceId(id),
            name: at.str("name")?,
            vif_type,
            connection: connection.map(DxConnectionId),
            region,
            vlan: at.u64("vlan")?.and_then(|v| u32::try_from(v).ok()),
            asn: at.u64("bgp_asn")?,
            amazon_side_asn: at.u64("amazon_side_asn")?,
            amazon_address: at.str("amazon_address")?,
            customer_address: at.str("customer_address")?,
            mtu: at.u64("mtu")?.and_then(|v| u32::try_from(v).ok()),
            vpn_gateway: vpn_gateway.map(VpnGatewayId),
            dx_gateway: dx_gateway.map(DxGatewayId),
            route_filter_prefixes: parse_list(at, "route_filter_prefixes")?,
            bgp_status: Vec::new(),
            state: None,
        });
        Ok(())
    }

    fn dx_association(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(dx_gateway) = self.need(idx, "dx_gateway_id", DXGW)? else {
            return Ok(());
        };
        let gateway = match self.r.one(
            idx,
            "associated_gateway_id",
            &["aws_vpn_gateway", "aws_ec2_transit_gateway"],
        )? {
            Some(gateway) => Some(gateway),
            None => self.r.one(idx, "vpn_gateway_id", VGW)?,
        };
        let Some(gateway) = gateway else {
            let why = self.missing(idx, "associated_gateway_id");
            self.note(idx, format!("skipped: associated_gateway_id {why}"));
            return Ok(());
        };
        let id = self.own_id(idx);
        self.topo
            .dx_gateway_associations
            .push(DxGatewayAssociation {
                id: DxAssociationId(id),
                dx_gateway: DxGatewayId(dx_gateway),
                gateway,
                region: at.str("associated_gateway_region")?,
                allowed_prefixes: parse_list(at, "allowed_prefixes")?,
                state: None,
            });
        Ok(())
    }

    fn endpoint(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(vpc) = self.need(idx, "vpc_id", VPC)? else {
            return Ok(());
        };
        let Some(service) = at.str("service_name")? else {
            self.note(idx, "skipped: service_name is not known");
            return Ok(());
        };
        let endpoint_type = match at.str("vpc_endpoint_type")?.as_deref() {
            None | Some("Gateway") => EndpointType::Gateway,
            Some("Interface") => EndpointType::Interface,
            Some("GatewayLoadBalancer") => EndpointType::GatewayLoadBalancer,
            Some(_) => EndpointType::Other,
        };
        let route_tables = self
            .r
            .many(idx, "route_table_ids", RTB)?
            .into_iter()
            .map(RouteTableId)
            .collect();
        let subnets = self
            .r
            .many(idx, "subnet_ids", SUBNET)?
            .into_iter()
            .map(SubnetId)
            .collect();
        let id = self.own_id(idx);
        if endpoint_type == EndpointType::Gateway {
            let prefix_list = match at.str("prefix_list_id")? {
                Some(known) => known,
                None => {
                    let address = format!("{}.prefix_list_id", self.address(idx));
                    self.pending
                        .push((placeholder("pl", &address), address.clone(), Vec::new()));
                    placeholder("pl", &address)
                }
            };
            self.endpoint_prefix_list.insert(id.clone(), prefix_list);
        }
        self.topo.vpc_endpoints.push(VpcEndpoint {
            id: VpcEndpointId(id),
            name: tag_name(at),
            vpc: VpcId(vpc),
            endpoint_type,
            service,
            route_tables,
            subnets,
            policy: at.str("policy")?,
            private_dns_enabled: at.bool("private_dns_enabled")?,
            ip_address_type: at.str("ip_address_type")?,
            state: at
                .str("state")?
                .filter(|s| !s.eq_ignore_ascii_case("available")),
        });
        Ok(())
    }

    fn endpoint_association(&mut self, idx: usize, route_table: bool) -> R<()> {
        let Some(endpoint) = self.need(idx, "vpc_endpoint_id", VPCE)? else {
            return Ok(());
        };
        let other = if route_table {
            self.need(idx, "route_table_id", RTB)?
        } else {
            self.need(idx, "subnet_id", SUBNET)?
        };
        let Some(other) = other else {
            return Ok(());
        };
        match self
            .topo
            .vpc_endpoints
            .iter_mut()
            .find(|e| e.id.as_str() == endpoint)
        {
            Some(found) if route_table => push_unique(&mut found.route_tables, RouteTableId(other)),
            Some(found) => push_unique(&mut found.subnets, SubnetId(other)),
            None => self.note(idx, format!("skipped: {endpoint} is not in the input")),
        }
        Ok(())
    }

    /// One rule from an inline `ingress`/`egress` block or an `aws_security_group_rule`.
    fn sg_rule(at: &At, own: &str, source: Option<String>) -> R<SgRule> {
        let protocol = at
            .protocol("protocol")?
            .unwrap_or_else(|| "-1".into())
            .to_ascii_lowercase();
        let all = protocol == "-1" || protocol == "all";
        let mut groups: Vec<GroupRef> = at
            .strings("security_groups")?
            .into_iter()
            .chain(source)
            .map(|group| GroupRef {
                group: SecurityGroupId(group),
                account: None,
                vpc: None,
                peering: None,
            })
            .collect();
        if at.bool("self")?.unwrap_or(false) {
            groups.push(GroupRef {
                group: SecurityGroupId(own.to_string()),
                account: None,
                vpc: None,
                peering: None,
            });
        }
        Ok(SgRule {
            protocol: if all { "-1".into() } else { protocol },
            from_port: if all { None } else { at.i32("from_port")? },
            to_port: if all { None } else { at.i32("to_port")? },
            cidrs: parse_list(at, "cidr_blocks")?,
            ipv6_cidrs: parse_list(at, "ipv6_cidr_blocks")?,
            prefix_lists: at
                .strings("prefix_list_ids")?
                .into_iter()
                .map(PrefixListId)
                .collect(),
            groups,
        })
    }

    fn security_group(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(vpc) = self.need(idx, "vpc_id", VPC)? else {
            return Ok(());
        };
        let id = self.own_id(idx);
        let mut ingress = Vec::new();
        for rule in at.list("ingress")? {
            push_unique(&mut ingress, Self::sg_rule(&rule, &id, None)?);
        }
        let mut egress = Vec::new();
        for rule in at.list("egress")? {
            push_unique(&mut egress, Self::sg_rule(&rule, &id, None)?);
        }
        self.topo.security_groups.push(SecurityGroup {
            id: SecurityGroupId(id),
            name: at.str("name")?.or_else(|| tag_name(at)),
            vpc: VpcId(vpc),
            description: at.str("description")?,
            ingress,
            egress,
        });
        Ok(())
    }

    fn add_sg_rule(&mut self, idx: usize, group: &str, egress: bool, rule: SgRule) {
        match self.security_group_mut(group) {
            Some(found) if egress => push_unique(&mut found.egress, rule),
            Some(found) => push_unique(&mut found.ingress, rule),
            None => self.note(
                idx,
                format!("skipped: security group {group} is not in the input"),
            ),
        }
    }

    fn sg_rule_resource(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(group) = self.need(idx, "security_group_id", SG)? else {
            return Ok(());
        };
        let source = self.r.one(idx, "source_security_group_id", SG)?;
        let rule = Self::sg_rule(at, &group, source)?;
        let egress = at.str("type")?.as_deref() == Some("egress");
        self.add_sg_rule(idx, &group, egress, rule);
        Ok(())
    }

    fn vpc_sg_rule(&mut self, idx: usize, at: &At, egress: bool) -> R<()> {
        let Some(group) = self.need(idx, "security_group_id", SG)? else {
            return Ok(());
        };
        let referenced = self.r.one(idx, "referenced_security_group_id", SG)?;
        let protocol = at
            .protocol("ip_protocol")?
            .unwrap_or_else(|| "-1".into())
            .to_ascii_lowercase();
        let all = protocol == "-1" || protocol == "all";
        let rule = SgRule {
            protocol: if all { "-1".into() } else { protocol },
            from_port: if all { None } else { at.i32("from_port")? },
            to_port: if all { None } else { at.i32("to_port")? },
            cidrs: at.cidr4("cidr_ipv4")?.into_iter().collect(),
            ipv6_cidrs: at.cidr6("cidr_ipv6")?.into_iter().collect(),
            prefix_lists: at
                .str("prefix_list_id")?
                .map(PrefixListId)
                .into_iter()
                .collect(),
            groups: referenced
                .map(|group| GroupRef {
                    group: SecurityGroupId(group),
                    account: None,
                    vpc: None,
                    peering: None,
                })
                .into_iter()
                .collect(),
        };
        self.add_sg_rule(idx, &group, egress, rule);
        Ok(())
    }

    fn nacl_entry(at: &At, egress: bool, number_key: &str, action_key: &str) -> R<NaclEntry> {
        let rule_number = at
            .u64(number_key)?
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| at.error(format!("expected a field {number_key:?} (a rule number)")))?;
        let action = match at
            .str(action_key)?
            .map(|s| s.to_ascii_lowercase())
            .as_deref()
        {
            Some("allow") => RuleAction::Allow,
            Some("deny") => RuleAction::Deny,
            _ => return Err(at.error(format!("expected {action_key} \"allow\" or \"deny\""))),
        };
        let protocol = nacl_protocol(&at.protocol("protocol")?.unwrap_or_else(|| "-1".into()));
        // Terraform fills unused arguments with 0: ports mean something for TCP and UDP only,
        // ICMP type and code for ICMP only (as in describe-network-acls).
        let ports = protocol == "6" || protocol == "17";
        let icmp = protocol == "1" || protocol == "58";
        Ok(NaclEntry {
            rule_number,
            egress,
            action,
            cidr: at.cidr4("cidr_block")?,
            ipv6_cidr: at.cidr6("ipv6_cidr_block")?,
            from_port: if ports { at.i32("from_port")? } else { None },
            to_port: if ports { at.i32("to_port")? } else { None },
            icmp_type: if icmp { at.i32("icmp_type")? } else { None },
            icmp_code: if icmp { at.i32("icmp_code")? } else { None },
            protocol,
        })
    }

    fn network_acl(&mut self, idx: usize, at: &At, is_default: bool) -> R<()> {
        let mut vpc = self.r.one(idx, "vpc_id", VPC)?;
        if vpc.is_none() && is_default {
            vpc = self
                .r
                .refs(idx, "default_network_acl_id", VPC, false)
                .first()
                .map(|found| self.r.id(*found).to_string());
        }
        let Some(vpc) = vpc else {
            let why = self.missing(idx, "vpc_id");
            self.note(idx, format!("skipped: vpc_id {why}"));
            return Ok(());
        };
        let mut entries = Vec::new();
        for (key, egress) in [("ingress", false), ("egress", true)] {
            for rule in at.list(key)? {
                entries.push(Self::nacl_entry(&rule, egress, "rule_no", "action")?);
            }
        }
        if entries.is_empty() && (self.unknown(idx, "ingress") || self.unknown(idx, "egress")) {
            self.note(
                idx,
                "its rules are known only after apply: the NACL has no entries in the model",
            );
        }
        let subnets = self.r.many(idx, "subnet_ids", SUBNET)?;
        for other in &mut self.topo.network_acls {
            other.subnets.retain(|s| !subnets.contains(&s.0));
        }
        let id = self.own_id(idx);
        self.topo.network_acls.push(NetworkAcl {
            id: NetworkAclId(id),
            name: tag_name(at),
            vpc: VpcId(vpc),
            is_default,
            subnets: subnets.into_iter().map(SubnetId).collect(),
            entries,
        });
        Ok(())
    }

    fn nacl_rule(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(acl) = self.need(idx, "network_acl_id", ACL)? else {
            return Ok(());
        };
        let egress = at.bool("egress")?.unwrap_or(false);
        let entry = Self::nacl_entry(at, egress, "rule_number", "rule_action")?;
        match self
            .topo
            .network_acls
            .iter_mut()
            .find(|a| a.id.as_str() == acl)
        {
            Some(found) => push_unique(&mut found.entries, entry),
            None => self.note(
                idx,
                format!("skipped: network ACL {acl} is not in the input"),
            ),
        }
        Ok(())
    }

    fn nacl_association(&mut self, idx: usize) -> R<()> {
        let (Some(acl), Some(subnet)) = (
            self.need(idx, "network_acl_id", ACL)?,
            self.need(idx, "subnet_id", SUBNET)?,
        ) else {
            return Ok(());
        };
        if !self.topo.network_acls.iter().any(|a| a.id.as_str() == acl) {
            self.note(
                idx,
                format!("skipped: network ACL {acl} is not in the input"),
            );
            return Ok(());
        }
        for found in &mut self.topo.network_acls {
            found.subnets.retain(|s| s.as_str() != subnet);
            if found.id.as_str() == acl {
                found.subnets.push(SubnetId(subnet.clone()));
            }
        }
        Ok(())
    }

    fn transit_gateway(&mut self, idx: usize, at: &At) -> R<()> {
        let id = self.own_id(idx);
        let region = self.region(idx, at)?;
        self.tgw_region.insert(id.clone(), region);
        let enabled = |key: &str| -> R<bool> { Ok(at.str(key)?.as_deref() != Some("disable")) };
        let associate = enabled("default_route_table_association")?;
        let propagate = enabled("default_route_table_propagation")?;
        if associate || propagate {
            let table = match at
                .str("association_default_route_table_id")?
                .or(at.str("propagation_default_route_table_id")?)
            {
                Some(table) => table,
                None => {
                    let address =
                        format!("{}.association_default_route_table_id", self.address(idx));
                    let table = placeholder("tgw-rtb", &address);
                    self.pending.push((table.clone(), address, Vec::new()));
                    table
                }
            };
            self.topo
                .transit_gateway_route_tables
                .push(TransitGatewayRouteTable {
                    id: TgwRouteTableId(table.clone()),
                    name: Some(format!(
                        "{} default",
                        tag_name(at).unwrap_or_else(|| id.clone())
                    )),
                    transit_gateway: TransitGatewayId(id.clone()),
                    propagations: Vec::new(),
                    routes: Vec::new(),
                });
            self.tgw_default.insert(
                id.clone(),
                TgwDefault {
                    table,
                    associate,
                    propagate,
                },
            );
        }
        self.topo.transit_gateways.push(TransitGateway {
            id: TransitGatewayId(id),
            name: tag_name(at),
            region: String::new(),
            account: at.str("owner_id")?.map(AccountId),
            amazon_side_asn: at.u64("amazon_side_asn")?,
            vpn_ecmp_support: at
                .str("vpn_ecmp_support")?
                .map(|v| v.eq_ignore_ascii_case("enable")),
            state: None,
        });
        Ok(())
    }

    fn tgw_route_table(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(tgw) = self.need(idx, "transit_gateway_id", TGW)? else {
            return Ok(());
        };
        let id = self.own_id(idx);
        if self
            .topo
            .transit_gateway_route_tables
            .iter()
            .any(|t| t.id.as_str() == id)
        {
            return Ok(());
        }
        self.topo
            .transit_gateway_route_tables
            .push(TransitGatewayRouteTable {
                id: TgwRouteTableId(id),
                name: tag_name(at),
                transit_gateway: TransitGatewayId(tgw),
                propagations: Vec::new(),
                routes: Vec::new(),
            });
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn add_tgw_attachment(
        &mut self,
        tgw: &str,
        id: String,
        resource_type: &str,
        resource: String,
        subnets: Vec<SubnetId>,
        associate: bool,
        propagate: bool,
    ) {
        let mut route_table = None;
        if let Some(default) = self.tgw_default.get(tgw) {
            if default.associate && associate {
                route_table = Some(TgwRouteTableId(default.table.clone()));
            }
            if default.propagate && propagate {
                let table = default.table.clone();
                if let Some(found) = self
                    .topo
                    .transit_gateway_route_tables
                    .iter_mut()
                    .find(|t| t.id.as_str() == table)
                {
                    push_unique(&mut found.propagations, TgwAttachmentId(id.clone()));
                }
            }
        }
        self.topo
            .transit_gateway_attachments
            .push(TransitGatewayAttachment {
                id: TgwAttachmentId(id),
                name: None,
                transit_gateway: TransitGatewayId(tgw.to_string()),
                resource_type: resource_type.to_string(),
                resource,
                subnets,
                route_table,
                state: None,
            });
    }

    fn tgw_vpc_attachment(&mut self, idx: usize, at: &At) -> R<()> {
        let (Some(tgw), Some(vpc)) = (
            self.need(idx, "transit_gateway_id", TGW)?,
            self.need(idx, "vpc_id", VPC)?,
        ) else {
            return Ok(());
        };
        let subnets = self
            .r
            .many(idx, "subnet_ids", SUBNET)?
            .into_iter()
            .map(SubnetId)
            .collect();
        let associate = at
            .bool("transit_gateway_default_route_table_association")?
            .unwrap_or(true);
        let propagate = at
            .bool("transit_gateway_default_route_table_propagation")?
            .unwrap_or(true);
        let id = self.own_id(idx);
        self.add_tgw_attachment(&tgw, id, "vpc", vpc, subnets, associate, propagate);
        if let Some(last) = self.topo.transit_gateway_attachments.last_mut() {
            last.name = tag_name(at);
        }
        Ok(())
    }

    fn tgw_peering(&mut self, idx: usize, at: &At, accepter: bool) -> R<()> {
        if accepter {
            let Some(attachment) = self.need(
                idx,
                "transit_gateway_attachment_id",
                &["aws_ec2_transit_gateway_peering_attachment"],
            )?
            else {
                return Ok(());
            };
            self.alias
                .insert(self.r.id(idx).to_string(), attachment.clone());
            if self
                .topo
                .transit_gateway_attachments
                .iter()
                .any(|a| a.id.as_str() == attachment)
            {
                return Ok(());
            }
            let (Some(tgw), Some(peer)) = (
                self.need(idx, "transit_gateway_id", TGW)?,
                self.need(idx, "peer_transit_gateway_id", TGW)?,
            ) else {
                return Ok(());
            };
            self.add_tgw_attachment(&tgw, attachment, "peering", peer, Vec::new(), false, false);
            return Ok(());
        }
        let (Some(tgw), Some(peer)) = (
            self.need(idx, "transit_gateway_id", TGW)?,
            self.need(idx, "peer_transit_gateway_id", TGW)?,
        ) else {
            return Ok(());
        };
        let id = self.own_id(idx);
        self.add_tgw_attachment(&tgw, id, "peering", peer, Vec::new(), false, false);
        if let Some(last) = self.topo.transit_gateway_attachments.last_mut() {
            last.name = tag_name(at);
        }
        Ok(())
    }

    /// The TGW route table an argument names: a declared table, or a gateway's default table
    /// (`aws_ec2_transit_gateway.x.association_default_route_table_id`).
    fn tgw_table(&mut self, idx: usize) -> R<Option<String>> {
        let Some(found) = self.need(idx, "transit_gateway_route_table_id", TGW_RTB)? else {
            return Ok(None);
        };
        Ok(Some(match self.tgw_default.get(&found) {
            Some(default) => default.table.clone(),
            None => found,
        }))
    }

    fn tgw_attachment_ref(&mut self, idx: usize) -> R<Option<String>> {
        let found = self.need(idx, "transit_gateway_attachment_id", TGW_ATTACH)?;
        Ok(found.map(|id| {
            let id = self.alias_of(id);
            self.vpn_attachment.get(&id).cloned().unwrap_or(id)
        }))
    }

    fn tgw_route(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(table) = self.tgw_table(idx)? else {
            return Ok(());
        };
        let Some(text) = at.str("destination_cidr_block")? else {
            self.note(idx, "skipped: destination_cidr_block is not known");
            return Ok(());
        };
        let destination = Destination::from_str(&text).map_err(|e| {
            at.get("destination_cidr_block").map_or_else(
                || at.error(e.to_string()),
                |inner| inner.error(e.to_string()),
            )
        })?;
        let blackhole = at.bool("blackhole")?.unwrap_or(false);
        let attachment = if blackhole {
            None
        } else {
            self.tgw_attachment_ref(idx)?
        };
        if !blackhole && attachment.is_none() {
            return Ok(());
        }
        match self
            .topo
            .transit_gateway_route_tables
            .iter_mut()
            .find(|t| t.id.as_str() == table)
        {
            Some(found) => push_unique(
                &mut found.routes,
                TgwRoute {
                    destination,
                    attachment: attachment.map(TgwAttachmentId),
                    state: if blackhole {
                        RouteState::Blackhole
                    } else {
                        RouteState::default()
                    },
                },
            ),
            None => self.note(
                idx,
                format!("skipped: transit gateway route table {table} is not in the input"),
            ),
        }
        Ok(())
    }

    fn tgw_association(&mut self, idx: usize, propagation: bool) -> R<()> {
        let (Some(attachment), Some(table)) = (self.tgw_attachment_ref(idx)?, self.tgw_table(idx)?)
        else {
            return Ok(());
        };
        if propagation {
            match self
                .topo
                .transit_gateway_route_tables
                .iter_mut()
                .find(|t| t.id.as_str() == table)
            {
                Some(found) => push_unique(&mut found.propagations, TgwAttachmentId(attachment)),
                None => self.note(
                    idx,
                    format!("skipped: transit gateway route table {table} is not in the input"),
                ),
            }
            return Ok(());
        }
        match self
            .topo
            .transit_gateway_attachments
            .iter_mut()
            .find(|a| a.id.as_str() == attachment)
        {
            Some(found) => found.route_table = Some(TgwRouteTableId(table)),
            None => self.note(
                idx,
                format!("skipped: attachment {attachment} is not in the input"),
            ),
        }
        Ok(())
    }

    fn instance(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(subnet) = self.need(idx, "subnet_id", SUBNET)? else {
            return Ok(());
        };
        let security_groups = self
            .r
            .many(idx, "vpc_security_group_ids", SG)?
            .into_iter()
            .map(SecurityGroupId)
            .collect();
        let id = self.own_id(idx);
        self.topo.instances.push(Instance {
            id: InstanceId(id),
            name: tag_name(at),
            subnet: SubnetId(subnet),
            private_ip: at.ip4("private_ip")?,
            public_ip: at.ip4("public_ip")?,
            security_groups,
            state: at.str("instance_state")?.filter(|s| s != "running"),
        });
        Ok(())
    }

    fn network_interface(&mut self, idx: usize, at: &At) -> R<()> {
        let Some(subnet) = self.need(idx, "subnet_id", SUBNET)? else {
            return Ok(());
        };
        let mut private_ips: Vec<Ipv4Addr> = at.ip4("private_ip")?.into_iter().collect();
        for ip in parse_list::<Ipv4Addr>(at, "private_ips")? {
            push_unique(&mut private_ips, ip);
        }
        let security_groups = self
            .r
            .many(idx, "security_groups", SG)?
            .into_iter()
            .map(SecurityGroupId)
            .collect();
        let mut instance = None;
        for attachment in at.list("attachment")? {
            instance = instance.or(attachment.str("instance")?.map(InstanceId));
        }
        let id = self.own_id(idx);
        self.topo.network_interfaces.push(NetworkInterface {
            id: NetworkInterfaceId(id),
            name: tag_name(at),
            subnet: SubnetId(subnet),
            private_ips,
            public_ip: None,
            ipv6_addresses: Vec::new(),
            security_groups,
            instance,
            interface_type: at.str("interface_type")?,
            description: at.str("description")?,
        });
        Ok(())
    }

    /// AWS adds a route to the service's prefix list in every route table a gateway endpoint is
    /// associated with; Terraform never declares it, so it is added here (with the prefix list,
    /// named after the service).
    fn endpoint_routes(&mut self) {
        let mut added: Vec<(String, String, String, String)> = Vec::new();
        for endpoint in &self.topo.vpc_endpoints {
            let Some(prefix_list) = self.endpoint_prefix_list.get(endpoint.id.as_str()) else {
                continue;
            };
            for table in &endpoint.route_tables {
                added.push((
                    table.to_string(),
                    endpoint.id.to_string(),
                    prefix_list.clone(),
                    endpoint.service.clone(),
                ));
            }
        }
        for (table, endpoint, prefix_list, service) in added {
            if !self
                .topo
                .prefix_lists
                .iter()
                .any(|p| p.id.as_str() == prefix_list)
            {
                let region = service
                    .strip_prefix("com.amazonaws.")
                    .and_then(|rest| rest.split_once('.'))
                    .map(|(region, _)| region.to_string());
                self.topo.prefix_lists.push(PrefixList {
                    id: PrefixListId(prefix_list.clone()),
                    name: Some(service),
                    region,
                    cidrs: Vec::new(),
                    max_entries: None,
                });
            }
            // A plan's prefix list id that no native document could carry gives no route.
            let Some(destination) = Destination::prefix_list(prefix_list) else {
                continue;
            };
            let Some(route_table) = self.route_table_mut(&table) else {
                continue;
            };
            let target = RouteTarget::VpcEndpoint(VpcEndpointId(endpoint));
            if route_table.routes.iter().any(|r| r.target == target) {
                continue;
            }
            route_table.routes.push(Route {
                destination,
                target,
                state: RouteState::default(),
                origin: RouteOrigin::default(),
            });
        }
    }

    /// Regions, local routes, main route tables, on-premises networks.
    fn finish(&mut self) {
        self.dedupe();
        let mut zone_of_vpc: BTreeMap<String, String> = BTreeMap::new();
        for subnet in &self.topo.subnets {
            if let Some(region) = subnet.az.as_deref().and_then(zone_region) {
                zone_of_vpc.entry(subnet.vpc.to_string()).or_insert(region);
            }
        }
        let mut unknown_region = Vec::new();
        for vpc in &mut self.topo.vpcs {
            let region = self
                .vpc_region
                .get(vpc.id.as_str())
                .cloned()
                .flatten()
                .or_else(|| zone_of_vpc.get(vpc.id.as_str()).cloned());
            vpc.region = region.unwrap_or_else(|| {
                unknown_region.push(vpc.id.to_string());
                "unknown".into()
            });
        }
        for tgw in &mut self.topo.transit_gateways {
            tgw.region = self
                .tgw_region
                .get(tgw.id.as_str())
                .cloned()
                .flatten()
                .unwrap_or_else(|| {
                    unknown_region.push(tgw.id.to_string());
                    "unknown".into()
                });
        }
        for id in unknown_region {
            self.notes.push(Note {
                file: "(terraform)".into(),
                message: format!("{id}: region unknown (no provider region, ARN or availability zone): shown in region \"unknown\""),
            });
        }
        // A VPC always has a main route table; Terraform declares it only when it manages it.
        let declared_main: BTreeSet<String> = self
            .topo
            .route_tables
            .iter()
            .filter(|t| t.main)
            .map(|t| t.vpc.to_string())
            .collect();
        let mut implicit = Vec::new();
        for vpc in &self.topo.vpcs {
            if declared_main.contains(vpc.id.as_str()) {
                continue;
            }
            let id = match self.vpc_main.get(vpc.id.as_str()) {
                Some((id, _)) => id.clone(),
                None => {
                    let address = format!(
                        "{}.main_route_table_id",
                        self.vpc_address
                            .get(vpc.id.as_str())
                            .cloned()
                            .unwrap_or_else(|| vpc.id.to_string())
                    );
                    self.pending
                        .push((placeholder("rtb", &address), address.clone(), Vec::new()));
                    placeholder("rtb", &address)
                }
            };
            if let Some(existing) = self
                .topo
                .route_tables
                .iter()
                .position(|t| t.id.as_str() == id)
            {
                implicit.push((existing, None));
                continue;
            }
            implicit.push((
                usize::MAX,
                Some(RouteTable {
                    id: RouteTableId(id),
                    name: Some(format!(
                        "{} main",
                        vpc.name.clone().unwrap_or_else(|| vpc.id.to_string())
                    )),
                    vpc: vpc.id.clone(),
                    main: true,
                    subnets: Vec::new(),
                    gateways: Vec::new(),
                    propagating_vgws: Vec::new(),
                    other_associations: Vec::new(),
                    routes: Vec::new(),
                }),
            ));
        }
        for (existing, table) in implicit {
            match table {
                Some(table) => self.topo.route_tables.push(table),
                None => {
                    if let Some(found) = self.topo.route_tables.get_mut(existing) {
                        found.main = true;
                    }
                }
            }
        }
        let blocks: BTreeMap<String, Vec<Destination>> = self
            .topo
            .vpcs
            .iter()
            .map(|vpc| {
                let mut blocks: Vec<Destination> =
                    vpc.cidrs.iter().copied().map(Destination::Ipv4).collect();
                blocks.extend(vpc.ipv6_cidrs.iter().copied().map(Destination::Ipv6));
                (vpc.id.to_string(), blocks)
            })
            .collect();
        for table in &mut self.topo.route_tables {
            let Some(blocks) = blocks.get(table.vpc.as_str()) else {
                continue;
            };
            let mut routes: Vec<Route> = blocks
                .iter()
                .filter(|block| !table.routes.iter().any(|r| &r.destination == *block))
                .map(|block| Route {
                    destination: block.clone(),
                    target: RouteTarget::Local,
                    state: RouteState::default(),
                    origin: RouteOrigin::CreateRouteTable,
                })
                .collect();
            routes.append(&mut table.routes);
            table.routes = routes;
        }
        self.endpoint_routes();
        crate::import::aws::derive::fill_regions(&mut self.topo);
        crate::import::aws::derive::on_prem_networks(&mut self.topo);
    }
}
