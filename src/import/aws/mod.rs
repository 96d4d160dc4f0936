//! AWS describe-* JSON → topology.
//!
//! Inputs are the JSON the AWS CLI prints, one describe call per file or several merged in one
//! object, for one region (optionally tagged `"Region"`) or many (`{"Regions": {…},
//! "DirectConnect": {…}}`). Describe output never states its region, so each input gets one:
//! from a path segment that names a region (`aws_configs/us-east-1/…`), from the `Region`/`Regions`
//! key, else from evidence in the files of the same folder (availability-zone names, endpoint
//! service names, `AvailabilityZones.json`). No evidence, or contradicting evidence, is an error
//! that says how to fix it. Accounts come from `accounts/<id>/` folders or `OwnerId`.
//!
//! Everything is read in a fixed order (kind by kind, then file by file), so the topology does not
//! depend on hash order; a resource seen twice keeps its first copy and a note says so. Keys
//! vpcmap does not model (load balancers, RDS, …) are skipped with a note. Derived resources:
//! describe output has no on-premises network, so one is made per customer gateway that has VPN
//! connections (`onprem-<cgw>`, its ranges from the VPN static routes) and one per private or
//! transit virtual interface (`onprem-<vif>`). Pre-shared keys are never read.

mod dx;
mod ec2;
mod read;

use super::{ImportError, Imported, Note};
use crate::model::*;
use read::At;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Where an input sits: its region and account, when known.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope {
    pub region: Option<String>,
    pub account: Option<String>,
}

/// One object holding describe outputs: a file, or one region of a multi-region file.
struct Source<'a> {
    file: &'a str,
    /// The object (as a value, for the JSON cursor).
    value: &'a Value,
    /// JSONPath of the object inside the file (`$`, `$.Regions.us-east-1`, `$.DirectConnect`).
    base: String,
    object: &'a serde_json::Map<String, Value>,
    /// Region given by folder or key; evidence fills it in otherwise.
    region_hint: Option<String>,
    account: Option<String>,
    /// Inputs of one folder share region evidence.
    group: String,
}

/// The describe keys vpcmap reads, in the order they are read.
const KINDS: &[&str] = &[
    "Vpcs",
    "Subnets",
    "RouteTables",
    "InternetGateways",
    "NatGateways",
    "VpcPeeringConnections",
    "VpnGateways",
    "CustomerGateways",
    "VpnConnections",
    "VpcEndpoints",
    "PrefixLists",
    "SecurityGroups",
    "NetworkAcls",
    "Reservations",
    "NetworkInterfaces",
    "TransitGateways",
    "TransitGatewayAttachments",
    "TransitGatewayVpcAttachments",
    "TransitGatewayRouteTables",
    "TransitGatewayStaticRoutes",
    "TransitGatewayPropagations",
    "connections",
    "virtualInterfaces",
    "directConnectGateways",
    "directConnectGatewayAssociations",
    "VpcAttributes",
];

/// Keys that carry no resources (pagination, context) and are skipped silently.
const META: &[&str] = &[
    "Region",
    "Regions",
    "DirectConnect",
    "NextToken",
    "ResponseMetadata",
    "AvailabilityZones",
];

/// The canonical spelling of a describe key (`VirtualInterfaces` → `virtualInterfaces`).
fn canonical_key(key: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .copied()
        .find(|kind| kind.eq_ignore_ascii_case(key))
}

/// A region-like path segment: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`.
pub(crate) fn region_from_path(path: &str) -> Option<String> {
    path.split(['/', '\\'])
        .rev()
        .skip(1)
        .find(|seg| looks_like_region(seg))
        .map(str::to_string)
}

fn looks_like_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].chars().all(|c| c.is_ascii_lowercase())
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
}

/// The account folder of a Batfish-style path: `…/accounts/<id>/…`.
pub(crate) fn account_from_path(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split(['/', '\\']).collect();
    segments
        .windows(2)
        .find(|w| w[0] == "accounts")
        .map(|w| w[1].to_string())
}

/// `us-east-1a` → `us-east-1`; local zones (`us-east-1-bos-1a`) → `us-east-1`.
pub(crate) fn region_from_az(az: &str) -> Option<String> {
    let trimmed = az.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let mut parts: Vec<&str> = trimmed.split('-').collect();
    while parts.len() > 3 {
        parts.pop();
        if looks_like_region(&parts.join("-")) {
            return Some(parts.join("-"));
        }
    }
    let candidate = parts.join("-");
    looks_like_region(&candidate).then_some(candidate)
}

fn parent_dir(path: &str) -> String {
    match path.rfind(['/', '\\']) {
        Some(idx) => path[..idx].to_string(),
        None => String::new(),
    }
}

/// Regions the data of one source mentions.
fn evidence(source: &Source, out: &mut BTreeSet<String>) {
    let get = |key: &str| {
        source
            .object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    };
    if let Some(Value::Array(subnets)) = get("Subnets") {
        for subnet in subnets {
            if let Some(region) = subnet
                .get("AvailabilityZone")
                .and_then(Value::as_str)
                .and_then(region_from_az)
            {
                out.insert(region);
            }
        }
    }
    if let Some(Value::Array(zones)) = get("AvailabilityZones") {
        for zone in zones {
            if let Some(region) = zone.get("RegionName").and_then(Value::as_str) {
                out.insert(region.to_string());
            }
        }
    }
    if let Some(Value::Array(endpoints)) = get("VpcEndpoints") {
        for endpoint in endpoints {
            let service = endpoint
                .get("ServiceName")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if let Some(region) = service
                .strip_prefix("com.amazonaws.")
                .and_then(|rest| rest.split('.').next())
            {
                if looks_like_region(region) {
                    out.insert(region.to_string());
                }
            }
        }
    }
}

/// Import parsed AWS describe outputs, each with its path.
pub fn import(files: Vec<(&str, Value)>) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    for (path, value) in &files {
        let Some(object) = value.as_object() else {
            notes.push(Note {
                file: path.to_string(),
                message: format!(
                    "skipped: expected a JSON object, found {}",
                    read::kind(value)
                ),
            });
            continue;
        };
        let account = account_from_path(path);
        let folder_region = region_from_path(path);
        let key_region = object
            .get("Region")
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(regions) = object.get("Regions") {
            let Some(regions) = regions.as_object() else {
                return Err(ImportError::Invalid {
                    file: path.to_string(),
                    path: "$.Regions".into(),
                    message: "expected an object keyed by region name".into(),
                });
            };
            for (region, inner_value) in regions {
                let Some(inner) = inner_value.as_object() else {
                    return Err(ImportError::Invalid {
                        file: path.to_string(),
                        path: format!("$.Regions.{region}"),
                        message: "expected an object of describe outputs".into(),
                    });
                };
                sources.push(Source {
                    file: path,
                    value: inner_value,
                    base: format!("$.Regions.{region}"),
                    object: inner,
                    region_hint: Some(region.clone()),
                    account: account.clone(),
                    group: format!("{path}#{region}"),
                });
            }
        }
        if let Some(dx_value) = object.get("DirectConnect") {
            let Some(dx) = dx_value.as_object() else {
                return Err(ImportError::Invalid {
                    file: path.to_string(),
                    path: "$.DirectConnect".into(),
                    message: "expected an object of Direct Connect describe outputs".into(),
                });
            };
            sources.push(Source {
                file: path,
                value: dx_value,
                base: "$.DirectConnect".into(),
                object: dx,
                region_hint: key_region.clone(),
                account: account.clone(),
                group: format!("{path}#dx"),
            });
        }
        sources.push(Source {
            file: path,
            value,
            base: "$".into(),
            object,
            region_hint: key_region.or(folder_region),
            account,
            group: parent_dir(path),
        });
    }

    // Recognise keys; note the rest.
    let mut recognised = 0usize;
    for source in &sources {
        let is_attribute = source.object.contains_key("VpcId")
            && (source.object.contains_key("EnableDnsSupport")
                || source.object.contains_key("EnableDnsHostnames"));
        if is_attribute {
            recognised += 1;
            continue;
        }
        for key in source.object.keys() {
            if canonical_key(key).is_some() {
                recognised += 1;
            } else if !META.contains(&key.as_str()) {
                notes.push(Note {
                    file: source.file.to_string(),
                    message: format!("skipped {key}: vpcmap does not model it"),
                });
            }
        }
    }
    if recognised == 0 {
        let file = files
            .first()
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        return Err(ImportError::Unrecognized {
            file,
            message: "not a vpcmap document or an AWS describe-* output: expected \"format\": \"vpcmap/1\" or a top-level key such as Vpcs, Subnets, RouteTables, VpcPeeringConnections, VpnConnections or virtualInterfaces".into(),
        });
    }

    // Regions: a source's own hint, else the evidence of its folder.
    let mut group_evidence: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for source in &sources {
        let set = group_evidence.entry(source.group.as_str()).or_default();
        if let Some(hint) = &source.region_hint {
            set.insert(hint.clone());
        }
        evidence(source, set);
    }
    let scope_of = |source: &Source| -> Result<Scope, ImportError> {
        if let Some(region) = &source.region_hint {
            return Ok(Scope {
                region: Some(region.clone()),
                account: source.account.clone(),
            });
        }
        let found = group_evidence
            .get(source.group.as_str())
            .cloned()
            .unwrap_or_default();
        if found.len() > 1 {
            return Err(ImportError::Region {
                file: source.file.to_string(),
                resource: source.base.clone(),
                message: format!(
                    "the files in this folder mention several regions ({}); put each region's files in a folder named after it (aws_configs/<region>/) or add \"Region\" to each file",
                    found.into_iter().collect::<Vec<_>>().join(", ")
                ),
            });
        }
        Ok(Scope {
            region: found.into_iter().next(),
            account: source.account.clone(),
        })
    };

    let mut topo = Topology::new();
    let mut seen: BTreeSet<(&'static str, String)> = BTreeSet::new();
    let mut first = |kind: &'static str, id: &str, file: &str, notes: &mut Vec<Note>| -> bool {
        if seen.insert((kind, id.to_string())) {
            true
        } else {
            notes.push(Note {
                file: file.to_string(),
                message: format!("{id} appears more than once; the first copy is kept"),
            });
            false
        }
    };
    let mut vpc_attributes: Vec<(String, Option<bool>, Option<bool>)> = Vec::new();
    let mut tgw_vpc_attachments: Vec<TransitGatewayAttachment> = Vec::new();
    let mut static_routes: Vec<(String, Vec<TgwRoute>)> = Vec::new();
    let mut propagations: Vec<(String, Vec<TgwAttachmentId>)> = Vec::new();

    for &kind in KINDS {
        for source in &sources {
            let scope = scope_of(source)?;
            let root = At::root(source.file, source.base.clone(), source.value);
            // describe-vpc-attribute prints one bare object per call.
            if kind == "VpcAttributes" && source.object.contains_key("VpcId") {
                vpc_attributes.push((
                    root.req_str("VpcId")?,
                    root.bool("EnableDnsSupport")?,
                    root.bool("EnableDnsHostnames")?,
                ));
            }
            let Some((key, _)) = source
                .object
                .iter()
                .find(|(k, _)| canonical_key(k) == Some(kind))
            else {
                continue;
            };
            let list = root
                .get(key)
                .map(|at| at.items())
                .transpose()?
                .unwrap_or_default();
            for item in list {
                let file = source.file;
                match kind {
                    "Vpcs" => {
                        let id = item.req_str("VpcId")?;
                        let Some(region) = scope.region.clone() else {
                            return Err(ImportError::Region {
                                file: file.to_string(),
                                resource: id,
                                message: "cannot tell which region this VPC is in (describe output does not say): put the files in a folder named after the region (e.g. aws_configs/us-east-1/) or add \"Region\": \"us-east-1\" to the file".into(),
                            });
                        };
                        if first("vpc", &id, file, &mut notes) {
                            topo.vpcs.push(ec2::vpc(&item, &scope, region)?);
                        }
                    }
                    "Subnets" => push(
                        &mut topo.subnets,
                        ec2::subnet(&item)?,
                        |r| r.id.to_string(),
                        "subnet",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "RouteTables" => push(
                        &mut topo.route_tables,
                        ec2::route_table(&item)?,
                        |r| r.id.to_string(),
                        "rtb",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "InternetGateways" => push(
                        &mut topo.internet_gateways,
                        ec2::internet_gateway(&item, &scope)?,
                        |r| r.id.to_string(),
                        "igw",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "NatGateways" => push(
                        &mut topo.nat_gateways,
                        ec2::nat_gateway(&item)?,
                        |r| r.id.to_string(),
                        "nat",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "VpcPeeringConnections" => push(
                        &mut topo.vpc_peering_connections,
                        ec2::peering(&item)?,
                        |r| r.id.to_string(),
                        "pcx",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "VpnGateways" => push(
                        &mut topo.vpn_gateways,
                        ec2::vpn_gateway(&item, &scope)?,
                        |r| r.id.to_string(),
                        "vgw",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "CustomerGateways" => push(
                        &mut topo.customer_gateways,
                        ec2::customer_gateway(&item, &scope)?,
                        |r| r.id.to_string(),
                        "cgw",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "VpnConnections" => push(
                        &mut topo.vpn_connections,
                        ec2::vpn_connection(&item, &scope)?,
                        |r| r.id.to_string(),
                        "vpn",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "VpcEndpoints" => push(
                        &mut topo.vpc_endpoints,
                        ec2::vpc_endpoint(&item)?,
                        |r| r.id.to_string(),
                        "vpce",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "PrefixLists" => push(
                        &mut topo.prefix_lists,
                        ec2::prefix_list(&item, &scope)?,
                        |r| r.id.to_string(),
                        "pl",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "SecurityGroups" => push(
                        &mut topo.security_groups,
                        ec2::security_group(&item)?,
                        |r| r.id.to_string(),
                        "sg",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "NetworkAcls" => push(
                        &mut topo.network_acls,
                        ec2::network_acl(&item)?,
                        |r| r.id.to_string(),
                        "acl",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "Reservations" => {
                        for instance in item.list("Instances")? {
                            match ec2::instance(&instance)? {
                                Some(instance) => push(
                                    &mut topo.instances,
                                    instance,
                                    |r| r.id.to_string(),
                                    "i",
                                    file,
                                    &mut first,
                                    &mut notes,
                                ),
                                None => notes.push(Note {
                                    file: file.to_string(),
                                    message: format!(
                                        "{}: instance without a subnet (terminated?) skipped",
                                        instance.path
                                    ),
                                }),
                            }
                        }
                    }
                    "NetworkInterfaces" => {
                        if let Some(eni) = ec2::network_interface(&item)? {
                            push(
                                &mut topo.network_interfaces,
                                eni,
                                |r| r.id.to_string(),
                                "eni",
                                file,
                                &mut first,
                                &mut notes,
                            );
                        }
                    }
                    "TransitGateways" => {
                        let id = item.req_str("TransitGatewayId")?;
                        let Some(region) = scope.region.clone() else {
                            return Err(ImportError::Region { file: file.to_string(), resource: id, message: "cannot tell which region this transit gateway is in: put the files in a folder named after the region or add \"Region\"".into() });
                        };
                        if first("tgw", &id, file, &mut notes) {
                            topo.transit_gateways
                                .push(ec2::transit_gateway(&item, &scope, region)?);
                        }
                    }
                    "TransitGatewayAttachments" => push(
                        &mut topo.transit_gateway_attachments,
                        ec2::tgw_attachment(&item)?,
                        |r| r.id.to_string(),
                        "tgw-attach",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "TransitGatewayVpcAttachments" => {
                        tgw_vpc_attachments.push(ec2::tgw_attachment(&item)?)
                    }
                    "TransitGatewayRouteTables" => push(
                        &mut topo.transit_gateway_route_tables,
                        ec2::tgw_route_table(&item)?,
                        |r| r.id.to_string(),
                        "tgw-rtb",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "TransitGatewayStaticRoutes" => {
                        static_routes.push(ec2::tgw_static_routes(&item)?)
                    }
                    "TransitGatewayPropagations" => {
                        propagations.push(ec2::tgw_propagations(&item)?)
                    }
                    "connections" => push(
                        &mut topo.dx_connections,
                        dx::connection(&item, &scope)?,
                        |r| r.id.to_string(),
                        "dxcon",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "virtualInterfaces" => push(
                        &mut topo.virtual_interfaces,
                        dx::virtual_interface(&item, &scope)?,
                        |r| r.id.to_string(),
                        "dxvif",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "directConnectGateways" => push(
                        &mut topo.dx_gateways,
                        dx::gateway(&item, &scope)?,
                        |r| r.id.to_string(),
                        "dxgw",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "directConnectGatewayAssociations" => push(
                        &mut topo.dx_gateway_associations,
                        dx::association(&item)?,
                        |r| r.id.to_string(),
                        "dxgw-assoc",
                        file,
                        &mut first,
                        &mut notes,
                    ),
                    "VpcAttributes" => vpc_attributes.push((
                        item.req_str("VpcId")?,
                        item.bool("EnableDnsSupport")?,
                        item.bool("EnableDnsHostnames")?,
                    )),
                    _ => {}
                }
            }
        }
    }

    apply_vpc_attributes(&mut topo, vpc_attributes, &mut notes);
    merge_tgw(&mut topo, tgw_vpc_attachments, static_routes, propagations);
    derive_on_prem(&mut topo);
    for problem in references::check(&topo) {
        notes.push(Note {
            file: "(snapshot)".into(),
            message: format!("{}: {}", problem.path, problem.message),
        });
    }
    Ok(Imported {
        topology: topo,
        notes,
    })
}

#[allow(clippy::too_many_arguments)]
fn push<T>(
    list: &mut Vec<T>,
    item: T,
    id: impl Fn(&T) -> String,
    kind: &'static str,
    file: &str,
    first: &mut impl FnMut(&'static str, &str, &str, &mut Vec<Note>) -> bool,
    notes: &mut Vec<Note>,
) {
    if first(kind, &id(&item), file, notes) {
        list.push(item);
    }
}

fn apply_vpc_attributes(
    topo: &mut Topology,
    attributes: Vec<(String, Option<bool>, Option<bool>)>,
    notes: &mut Vec<Note>,
) {
    for (vpc_id, support, hostnames) in attributes {
        match topo.vpcs.iter_mut().find(|vpc| vpc.id.as_str() == vpc_id) {
            Some(vpc) => {
                if support.is_some() {
                    vpc.enable_dns_support = support;
                }
                if hostnames.is_some() {
                    vpc.enable_dns_hostnames = hostnames;
                }
            }
            None => notes.push(Note {
                file: "(snapshot)".into(),
                message: format!(
                    "VPC attributes for {vpc_id}, which no Vpcs output contains, were skipped"
                ),
            }),
        }
    }
}

/// Join the per-table and per-VPC-attachment outputs into the attachments and route tables.
fn merge_tgw(
    topo: &mut Topology,
    vpc_attachments: Vec<TransitGatewayAttachment>,
    static_routes: Vec<(String, Vec<TgwRoute>)>,
    propagations: Vec<(String, Vec<TgwAttachmentId>)>,
) {
    for vpc_attachment in vpc_attachments {
        match topo
            .transit_gateway_attachments
            .iter_mut()
            .find(|a| a.id == vpc_attachment.id)
        {
            Some(existing) => {
                if existing.subnets.is_empty() {
                    existing.subnets = vpc_attachment.subnets;
                }
            }
            None => topo.transit_gateway_attachments.push(vpc_attachment),
        }
    }
    for (table_id, routes) in static_routes {
        if let Some(table) = topo
            .transit_gateway_route_tables
            .iter_mut()
            .find(|t| t.id.as_str() == table_id)
        {
            table.routes.extend(routes);
        }
    }
    for (table_id, attachments) in propagations {
        if let Some(table) = topo
            .transit_gateway_route_tables
            .iter_mut()
            .find(|t| t.id.as_str() == table_id)
        {
            table.propagations.extend(attachments);
        }
    }
}

/// On-premises networks: one per customer gateway with VPN connections, one per private or
/// transit virtual interface (see the module doc).
fn derive_on_prem(topo: &mut Topology) {
    let mut sites: Vec<OnPremNetwork> = Vec::new();
    for cgw in &topo.customer_gateways {
        let vpns: Vec<&VpnConnection> = topo
            .vpn_connections
            .iter()
            .filter(|v| v.customer_gateway == cgw.id)
            .collect();
        if vpns.is_empty() {
            continue;
        }
        let mut cidrs: Vec<Cidr> = Vec::new();
        for route in vpns.iter().flat_map(|v| v.routes.iter()) {
            if !cidrs.contains(&route.cidr) {
                cidrs.push(route.cidr);
            }
        }
        sites.push(OnPremNetwork {
            id: OnPremId(format!("onprem-{}", cgw.id)),
            name: Some(
                cgw.name
                    .clone()
                    .unwrap_or_else(|| format!("on-premises via {}", cgw.id)),
            ),
            cidrs,
            customer_gateways: vec![cgw.id.clone()],
            virtual_interfaces: Vec::new(),
        });
    }
    for vif in topo
        .virtual_interfaces
        .iter()
        .filter(|v| v.vif_type != VifType::Public)
    {
        sites.push(OnPremNetwork {
            id: OnPremId(format!("onprem-{}", vif.id)),
            name: Some(format!(
                "on-premises via {}",
                vif.name.clone().unwrap_or_else(|| vif.id.to_string())
            )),
            cidrs: Vec::new(),
            customer_gateways: Vec::new(),
            virtual_interfaces: vec![vif.id.clone()],
        });
    }
    topo.on_prem_networks.extend(sites);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_paths() {
        assert_eq!(
            region_from_path("snap/aws_configs/us-east-1/Vpcs.json").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(
            region_from_path("a/accounts/111/us-gov-west-1/Vpcs.json").as_deref(),
            Some("us-gov-west-1")
        );
        assert_eq!(region_from_path("aws_configs/Vpcs.json"), None);
        assert_eq!(
            region_from_path("us-east-1.json"),
            None,
            "the file name itself is not a folder"
        );
        assert_eq!(
            account_from_path("x/accounts/123456789012/us-east-1/Vpcs.json").as_deref(),
            Some("123456789012")
        );
    }

    #[test]
    fn regions_from_availability_zones() {
        assert_eq!(region_from_az("us-east-1a").as_deref(), Some("us-east-1"));
        assert_eq!(
            region_from_az("ap-southeast-2c").as_deref(),
            Some("ap-southeast-2")
        );
        assert_eq!(
            region_from_az("us-east-1-bos-1a").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(region_from_az("nonsense"), None);
    }
}
