//! AWS describe-* JSON → topology.
//!
//! Inputs are the JSON the AWS CLI prints, one describe call per file or several merged in one
//! object, for one region (optionally tagged `"Region"`) or many (`{"Regions": {…},
//! "DirectConnect": {…}}`), given as files or as a snapshot folder laid out like Batfish's
//! (`aws_configs/<region>/*.json`, `aws_configs/accounts/<account>/<region>/*.json`, or flat).
//! Describe output never states its region; `region.rs` says where each input's region comes
//! from. No evidence, or contradicting evidence, for a resource that needs a region (a VPC, a
//! transit gateway) is an [`ImportError::Region`] that names the file and the resource and says
//! how to fix it. Accounts come from `OwnerId`, else from `accounts/<id>/` folders.
//!
//! What comes out, and why it is shaped so:
//! - **Order**: inputs are sorted by path, then read kind by kind (`KINDS`), each file in
//!   document order, so the same snapshot gives the same topology however its files were
//!   listed (a browser hands dropped files over in any order).
//! - **Duplicates**: a resource seen twice (a shared transit gateway in two accounts' exports, a
//!   peering seen from both sides) keeps its first copy; a note names both files.
//! - **States**: resources in terminal states (`deleted`, `failed`, `rejected`, …) are imported
//!   with their state, because validation reports them (a route to a deleted peering is the
//!   finding a user needs). The one exception is a terminated instance: it has no subnet left,
//!   so there is nothing to place; it is skipped with a note.
//! - **Unknown input**: files and keys vpcmap does not model (load balancers, RDS, …) are
//!   skipped with one note per file and key; only when no input holds anything vpcmap knows is
//!   that an error. Dangling references (a route to a gateway outside the export, another
//!   account's VPC) are normal in real exports: each comes back as a note and as an entry of
//!   the document's `external` list (so the converted document loads), not as an error.
//! - **Secrets**: pre-shared keys (`TunnelOptions[].PreSharedKey`, the `<pre_shared_key>` of
//!   `CustomerGatewayConfiguration`) and BGP auth keys are never read, so they cannot leak into
//!   the document, a note or an error message.
//!
//! `ec2.rs` and `dx.rs` map one list item each; `read.rs` is the JSON cursor behind every error
//! path; `derive.rs` joins across files and derives the on-premises networks.

pub(super) mod derive;
mod dx;
mod ec2;
pub(super) mod read;
mod region;

use super::{ImportError, Imported, Note};
use crate::model::*;
use derive::{TgwRows, VpcAttribute};
use read::At;
use region::Evidence;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Where an input sits: its region and account, when known.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope {
    /// Given by folder or key, or the one region its folder's evidence names.
    pub region: Option<String>,
    /// The region was given (folder or key), not inferred.
    pub given: bool,
    /// The regions its folder's evidence names when there are several (`region` is then `None`).
    pub candidates: Vec<String>,
    pub account: Option<String>,
}

/// One object holding describe outputs: a file, or one region of a multi-region file.
struct Source<'a> {
    file: &'a str,
    /// The object (as a value, for the JSON cursor).
    value: &'a Value,
    /// JSONPath of the object inside the file (`$`, `$.Regions.us-east-1`, `$.DirectConnect`).
    base: String,
    object: &'a Map<String, Value>,
    /// Region given by folder or key; evidence fills it in otherwise.
    region_hint: Option<String>,
    account: Option<String>,
    /// Inputs of one folder share region evidence.
    group: String,
}

/// The describe keys vpcmap reads, in the order they are read: containers before what they
/// contain, so a region inferred for a VPC is known when its transit gateway is read.
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

/// Kinds whose model region is optional: when their folder is ambiguous they are kept without
/// one (it is filled from what they attach to, or a note says it stayed unknown).
const OPTIONAL_REGION: &[&str] = &[
    "InternetGateways",
    "VpnGateways",
    "CustomerGateways",
    "VpnConnections",
    "PrefixLists",
    "connections",
    "virtualInterfaces",
];

const REGION_FIX: &str = "put the files in a folder named after the region (e.g. aws_configs/us-east-1/) or add \"Region\": \"us-east-1\" to the file";

const SEVERAL_FIX: &str = "put each region's files in a folder named after it (aws_configs/<region>/) or add \"Region\" to each file";

/// The canonical spelling of a describe key (`VirtualInterfaces` → `virtualInterfaces`).
fn canonical_key(key: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .copied()
        .find(|kind| kind.eq_ignore_ascii_case(key))
}

/// describe-vpc-attribute prints one bare object per call: `{"VpcId", "EnableDnsSupport": {…}}`.
fn is_attribute_object(object: &Map<String, Value>) -> bool {
    object.contains_key("VpcId") && object.keys().any(|k| k.starts_with("Enable"))
}

/// The attribute keys vpcmap models; others (`EnableNetworkAddressUsageMetrics`) get a note.
const DNS_ATTRIBUTES: &[&str] = &["VpcId", "EnableDnsSupport", "EnableDnsHostnames"];

fn join(regions: &BTreeSet<String>) -> String {
    regions.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// A `"Region"` value or a `"Regions"` key: must name a region.
fn region_name(file: &str, path: &str, value: Option<&str>) -> Result<String, ImportError> {
    match value {
        Some(name) if region::looks_like_region(name) => Ok(name.to_string()),
        other => Err(ImportError::Invalid {
            file: file.to_string(),
            path: path.to_string(),
            message: format!(
                "expected a region name such as us-east-1, found {}",
                other.map_or("something else".to_string(), |name| format!("{name:?}"))
            ),
        }),
    }
}

/// Split the inputs into describe objects, each with its region hint, account and folder.
fn sources<'a>(
    files: &'a [(&'a str, Value)],
    notes: &mut Vec<Note>,
) -> Result<Vec<Source<'a>>, ImportError> {
    let mut sources = Vec::new();
    for (path, value) in files {
        let path: &'a str = path;
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
        let account = region::account_from_path(path);
        let folder_region = region::region_from_path(path);
        let key_region = match object.get("Region") {
            None => None,
            Some(value) => Some(region_name(path, "$.Region", value.as_str())?),
        };
        if let (Some(folder), Some(key)) = (&folder_region, &key_region) {
            if folder != key {
                return Err(ImportError::Region {
                    file: path.to_string(),
                    resource: "$.Region".into(),
                    message: format!("the folder says {folder} but \"Region\" says {key}; move the file or correct \"Region\""),
                });
            }
        }
        if let Some(regions) = object.get("Regions") {
            let Some(regions) = regions.as_object() else {
                return Err(ImportError::Invalid {
                    file: path.to_string(),
                    path: "$.Regions".into(),
                    message: format!(
                        "expected an object keyed by region name, found {}",
                        read::kind(regions)
                    ),
                });
            };
            for (name, inner_value) in regions {
                let base = format!("$.Regions.{name}");
                let region = region_name(path, &base, Some(name))?;
                let Some(inner) = inner_value.as_object() else {
                    return Err(ImportError::Invalid {
                        file: path.to_string(),
                        path: base,
                        message: format!(
                            "expected an object of describe outputs, found {}",
                            read::kind(inner_value)
                        ),
                    });
                };
                sources.push(Source {
                    file: path,
                    value: inner_value,
                    group: format!("{path}#{region}"),
                    base,
                    object: inner,
                    region_hint: Some(region),
                    account: account.clone(),
                });
            }
        }
        if let Some(dx_value) = object.get("DirectConnect") {
            let Some(dx) = dx_value.as_object() else {
                return Err(ImportError::Invalid {
                    file: path.to_string(),
                    path: "$.DirectConnect".into(),
                    message: format!(
                        "expected an object of Direct Connect describe outputs, found {}",
                        read::kind(dx_value)
                    ),
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
            group: region::parent_dir(path).to_string(),
        });
    }
    Ok(sources)
}

/// Note the keys vpcmap skips; count the ones it reads.
fn recognise(sources: &[Source], notes: &mut Vec<Note>) -> usize {
    let mut recognised = 0usize;
    for source in sources {
        let attribute = is_attribute_object(source.object);
        if attribute {
            recognised += 1;
        }
        for key in source.object.keys() {
            if attribute {
                if !DNS_ATTRIBUTES.contains(&key.as_str()) {
                    notes.push(Note {
                        file: source.file.to_string(),
                        message: format!(
                            "skipped the VPC attribute {key}: vpcmap does not model it"
                        ),
                    });
                }
            } else if canonical_key(key).is_some() {
                recognised += 1;
            } else if !META.contains(&key.as_str()) {
                notes.push(Note {
                    file: source.file.to_string(),
                    message: format!("skipped {key}: vpcmap does not model it"),
                });
            }
        }
    }
    recognised
}

fn scope_of(source: &Source, evidence: &Evidence) -> Scope {
    if let Some(region) = &source.region_hint {
        return Scope {
            region: Some(region.clone()),
            given: true,
            candidates: Vec::new(),
            account: source.account.clone(),
        };
    }
    let found: Vec<String> = evidence
        .group
        .get(&source.group)
        .map(|set| set.iter().cloned().collect())
        .unwrap_or_default();
    let (region, candidates) = match found.as_slice() {
        [one] => (Some(one.clone()), Vec::new()),
        _ => (None, found),
    };
    Scope {
        region,
        given: false,
        candidates,
        account: source.account.clone(),
    }
}

/// Everything the reading pass accumulates.
struct State<'e> {
    topo: Topology,
    notes: Vec<Note>,
    /// `(kind, id)` → the file of its first copy.
    seen: BTreeMap<(&'static str, String), String>,
    evidence: &'e Evidence,
    vpc_regions: BTreeMap<String, String>,
    attributes: Vec<VpcAttribute>,
    tgw_rows: TgwRows,
    /// Optional-region resources read from an ambiguous folder: `(file, id, candidates)`.
    unclear: Vec<(String, String, Vec<String>)>,
}

impl State<'_> {
    fn note(&mut self, file: &str, message: String) {
        self.notes.push(Note {
            file: file.to_string(),
            message,
        });
    }

    /// True for the first copy of an id; later copies get a note naming both files.
    fn first(&mut self, kind: &'static str, id: &str, file: &str) -> bool {
        match self.seen.get(&(kind, id.to_string())) {
            None => {
                self.seen.insert((kind, id.to_string()), file.to_string());
                true
            }
            Some(first_file) => {
                let message = if first_file == file {
                    format!("{id} appears more than once in this file; the first copy is kept")
                } else {
                    format!("{id} appears again (first in {first_file}); the first copy is kept")
                };
                self.note(file, message);
                false
            }
        }
    }

    fn vpc_region(&self, id: &str, file: &str, scope: &Scope) -> Result<String, ImportError> {
        let error = |message: String| ImportError::Region {
            file: file.to_string(),
            resource: id.to_string(),
            message,
        };
        if let (true, Some(region)) = (scope.given, &scope.region) {
            return Ok(region.clone());
        }
        if let Some(own) = self.evidence.vpc.get(id) {
            if own.len() > 1 {
                return Err(error(format!(
                    "its subnets' availability zones and the peerings that name it point to several regions ({}); {SEVERAL_FIX}",
                    join(own)
                )));
            }
            if let Some(region) = own.first() {
                return Ok(region.clone());
            }
        }
        self.folder_region(scope, "VPC", error)
    }

    fn tgw_region(&self, id: &str, file: &str, scope: &Scope) -> Result<String, ImportError> {
        let error = |message: String| ImportError::Region {
            file: file.to_string(),
            resource: id.to_string(),
            message,
        };
        if let (true, Some(region)) = (scope.given, &scope.region) {
            return Ok(region.clone());
        }
        let from_vpcs: BTreeSet<String> = self
            .evidence
            .tgw_vpcs
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|vpc| self.vpc_regions.get(vpc).cloned())
            .collect();
        if from_vpcs.len() > 1 {
            return Err(error(format!(
                "its VPC attachments point to several regions ({}); {SEVERAL_FIX}",
                join(&from_vpcs)
            )));
        }
        if let Some(region) = from_vpcs.first() {
            return Ok(region.clone());
        }
        self.folder_region(scope, "transit gateway", error)
    }

    fn folder_region(
        &self,
        scope: &Scope,
        what: &str,
        error: impl Fn(String) -> ImportError,
    ) -> Result<String, ImportError> {
        if let Some(region) = &scope.region {
            return Ok(region.clone());
        }
        if scope.candidates.is_empty() {
            Err(error(format!(
                "cannot tell which region this {what} is in (describe output does not say): {REGION_FIX}"
            )))
        } else {
            Err(error(format!(
                "cannot tell which region this {what} is in: the files in its folder mention several regions ({}); {SEVERAL_FIX}",
                scope.candidates.join(", ")
            )))
        }
    }
}

/// Keep the first copy of a resource (by its `id`) in `topo.<list>`; evaluates to the id.
macro_rules! keep {
    ($state:expr, $list:ident, $kind:literal, $file:expr, $item:expr) => {{
        let item = $item;
        let id = item.id.to_string();
        if $state.first($kind, &id, $file) {
            $state.topo.$list.push(item);
        }
        id
    }};
}

/// Read one list item of describe key `kind`.
fn read_item(
    kind: &str,
    item: &At,
    file: &str,
    scope: &Scope,
    st: &mut State,
) -> Result<(), ImportError> {
    let id = match kind {
        "Vpcs" => {
            let id = item.req_str("VpcId")?;
            let region = st.vpc_region(&id, file, scope)?;
            st.vpc_regions
                .entry(id.clone())
                .or_insert_with(|| region.clone());
            keep!(st, vpcs, "vpc", file, ec2::vpc(item, scope, region)?)
        }
        "Subnets" => keep!(st, subnets, "subnet", file, ec2::subnet(item)?),
        "RouteTables" => keep!(st, route_tables, "rtb", file, ec2::route_table(item)?),
        "InternetGateways" => keep!(
            st,
            internet_gateways,
            "igw",
            file,
            ec2::internet_gateway(item, scope)?
        ),
        "NatGateways" => keep!(st, nat_gateways, "nat", file, ec2::nat_gateway(item)?),
        "VpcPeeringConnections" => keep!(
            st,
            vpc_peering_connections,
            "pcx",
            file,
            ec2::peering(item)?
        ),
        "VpnGateways" => keep!(
            st,
            vpn_gateways,
            "vgw",
            file,
            ec2::vpn_gateway(item, scope)?
        ),
        "CustomerGateways" => keep!(
            st,
            customer_gateways,
            "cgw",
            file,
            ec2::customer_gateway(item, scope)?
        ),
        "VpnConnections" => keep!(
            st,
            vpn_connections,
            "vpn",
            file,
            ec2::vpn_connection(item, scope)?
        ),
        "VpcEndpoints" => keep!(st, vpc_endpoints, "vpce", file, ec2::vpc_endpoint(item)?),
        "PrefixLists" => keep!(st, prefix_lists, "pl", file, ec2::prefix_list(item, scope)?),
        "SecurityGroups" => keep!(st, security_groups, "sg", file, ec2::security_group(item)?),
        "NetworkAcls" => keep!(st, network_acls, "acl", file, ec2::network_acl(item)?),
        "Reservations" => {
            for instance in item.list("Instances")? {
                match ec2::instance(&instance)? {
                    Some(instance) => {
                        keep!(st, instances, "i", file, instance);
                    }
                    None => {
                        let id = instance.str("InstanceId")?.unwrap_or_default();
                        let state = instance
                            .get("State")
                            .map(|s| s.str("Name"))
                            .transpose()?
                            .flatten()
                            .unwrap_or_else(|| "unknown".into());
                        st.note(
                            file,
                            format!(
                                "{}: instance {id} has no subnet (state {state}) and is skipped",
                                instance.path
                            ),
                        );
                    }
                }
            }
            String::new()
        }
        "NetworkInterfaces" => match ec2::network_interface(item)? {
            Some(eni) => keep!(st, network_interfaces, "eni", file, eni),
            None => {
                let id = item.str("NetworkInterfaceId")?.unwrap_or_default();
                st.note(
                    file,
                    format!(
                        "{}: network interface {id} has no subnet and is skipped",
                        item.path
                    ),
                );
                id
            }
        },
        "TransitGateways" => {
            let id = item.req_str("TransitGatewayId")?;
            let region = st.tgw_region(&id, file, scope)?;
            keep!(
                st,
                transit_gateways,
                "tgw",
                file,
                ec2::transit_gateway(item, scope, region)?
            )
        }
        "TransitGatewayAttachments" => keep!(
            st,
            transit_gateway_attachments,
            "tgw-attach",
            file,
            ec2::tgw_attachment(item)?
        ),
        "TransitGatewayVpcAttachments" => {
            st.tgw_rows.vpc_attachments.push(ec2::tgw_attachment(item)?);
            String::new()
        }
        "TransitGatewayRouteTables" => keep!(
            st,
            transit_gateway_route_tables,
            "tgw-rtb",
            file,
            ec2::tgw_route_table(item)?
        ),
        "TransitGatewayStaticRoutes" => {
            let (table, routes) = ec2::tgw_static_routes(item)?;
            st.tgw_rows
                .static_routes
                .push((file.to_string(), table, routes));
            String::new()
        }
        "TransitGatewayPropagations" => {
            let (table, attachments) = ec2::tgw_propagations(item)?;
            st.tgw_rows
                .propagations
                .push((file.to_string(), table, attachments));
            String::new()
        }
        "connections" => keep!(
            st,
            dx_connections,
            "dxcon",
            file,
            dx::connection(item, scope)?
        ),
        "virtualInterfaces" => keep!(
            st,
            virtual_interfaces,
            "dxvif",
            file,
            dx::virtual_interface(item, scope)?
        ),
        "directConnectGateways" => keep!(st, dx_gateways, "dxgw", file, dx::gateway(item, scope)?),
        "directConnectGatewayAssociations" => keep!(
            st,
            dx_gateway_associations,
            "dxgw-assoc",
            file,
            dx::association(item)?
        ),
        "VpcAttributes" => {
            st.attributes.push(attribute(item, file)?);
            String::new()
        }
        _ => String::new(),
    };
    if scope.region.is_none() && !scope.candidates.is_empty() && OPTIONAL_REGION.contains(&kind) {
        st.unclear
            .push((file.to_string(), id, scope.candidates.clone()));
    }
    Ok(())
}

fn attribute(at: &At, file: &str) -> Result<VpcAttribute, ImportError> {
    Ok(VpcAttribute {
        file: file.to_string(),
        vpc: at.req_str("VpcId")?,
        dns_support: at.bool("EnableDnsSupport")?,
        dns_hostnames: at.bool("EnableDnsHostnames")?,
    })
}

/// Import parsed AWS describe outputs, each with its path.
pub fn import(files: Vec<(&str, Value)>) -> Result<Imported, ImportError> {
    let mut files = files;
    // Stable: two inputs with one path keep their given order.
    crate::sort::sort_by(&mut files, |a, b| a.0.cmp(b.0));
    let mut notes = Vec::new();
    let sources = sources(&files, &mut notes)?;
    if recognise(&sources, &mut notes) == 0 {
        let file = files
            .first()
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        return Err(ImportError::Unrecognized {
            file,
            message: "not a vpcmap document or an AWS describe-* output: expected \"format\": \"vpcmap/1\" or a top-level key such as Vpcs, Subnets, RouteTables, VpcPeeringConnections, VpnConnections or virtualInterfaces".into(),
        });
    }

    let mut evidence = Evidence::default();
    for source in &sources {
        evidence.collect(&source.group, source.region_hint.as_deref(), source.object);
    }
    let scopes: Vec<Scope> = sources.iter().map(|s| scope_of(s, &evidence)).collect();

    let mut st = State {
        topo: Topology::new(),
        notes,
        seen: BTreeMap::new(),
        evidence: &evidence,
        vpc_regions: BTreeMap::new(),
        attributes: Vec::new(),
        tgw_rows: TgwRows {
            vpc_attachments: Vec::new(),
            static_routes: Vec::new(),
            propagations: Vec::new(),
        },
        unclear: Vec::new(),
    };
    for &kind in KINDS {
        for (source, scope) in sources.iter().zip(&scopes) {
            let root = At::root(source.file, source.base.clone(), source.value);
            if kind == "VpcAttributes" && is_attribute_object(source.object) {
                st.attributes.push(attribute(&root, source.file)?);
                continue;
            }
            let Some(key) = source
                .object
                .keys()
                .find(|k| canonical_key(k) == Some(kind))
            else {
                continue;
            };
            let Some(list) = root.get(key) else {
                continue;
            };
            for item in list.items()? {
                read_item(kind, &item, source.file, scope, &mut st)?;
            }
        }
    }

    let State {
        mut topo,
        mut notes,
        attributes,
        tgw_rows,
        unclear,
        ..
    } = st;
    derive::apply_vpc_attributes(&mut topo, attributes, &mut notes);
    derive::merge_tgw(&mut topo, tgw_rows, &mut notes);
    derive::fill_regions(&mut topo);
    let missing: BTreeSet<String> = derive::without_region(&topo).into_iter().collect();
    for (file, id, candidates) in unclear {
        if missing.contains(&id) {
            notes.push(Note {
                file,
                message: format!(
                    "{id}: region left unknown: the files in its folder mention several regions ({}) and nothing it attaches to says which; {SEVERAL_FIX}",
                    candidates.join(", ")
                ),
            });
        }
    }
    derive::on_prem_networks(&mut topo);
    super::shared_id_error(&topo)?;
    super::record_external(&mut topo, "(snapshot)", &mut notes);
    Ok(Imported {
        topology: topo,
        notes,
    })
}
