//! The input limits: how large, how deep and how many an input may be before vpcmap refuses it
//! with an error instead of working on it for minutes (or running out of memory or stack).
//!
//! Every limit sits well above what AWS itself allows, so a real export never reaches one: they
//! are there for files from strangers (a colleague's export, a plan from a pull request) and for
//! mistakes (the wrong file dropped on the design tool). README "Limits" lists them.
//!
//! - **Bytes**: [`MAX_FILE_BYTES`] per file and [`MAX_TOTAL_BYTES`] per import, checked before
//!   parsing.
//! - **Nesting**: [`MAX_DEPTH`] levels of JSON arrays and objects, serde_json's own recursion
//!   limit (the `unbounded_depth` feature must stay off), reported as an error with the file, line
//!   and column; Terraform 0.11 flat-map keys rebuild nesting too and have their own bound.
//! - **Counts and lengths**, checked on the imported topology (so every importer shares them):
//!   [`MAX_RESOURCES`] resources, [`MAX_ROUTES_PER_TABLE`] routes in one route table (VPC or
//!   transit gateway), [`MAX_NAME_CHARS`] characters in a name or description.

use super::ImportError;
use crate::model::Topology;

/// Largest single input accepted. A whole-account describe export is a few MB; 128 MiB leaves
/// room for 50 MB exports while refusing accidental multi-GB files before parsing them.
pub const MAX_FILE_BYTES: usize = 128 * 1024 * 1024;

/// Largest total of one import (a snapshot folder, several dropped files).
pub const MAX_TOTAL_BYTES: usize = 256 * 1024 * 1024;

/// Deepest nesting of JSON arrays and objects: serde_json's recursion limit. The formats vpcmap
/// reads nest less than 20 levels; the bound keeps a hostile document from overflowing the stack
/// (in WASM that would kill the page).
pub const MAX_DEPTH: usize = 128;

/// Most resources in one topology (VPCs, subnets, route tables, gateways, groups, ACLs,
/// instances, interfaces, …; routes and rules are counted apart). AWS's default quotas allow a
/// few thousand per Region; a 50 MB export holds about 100,000.
pub const MAX_RESOURCES: usize = 500_000;

/// Most routes in one route table. AWS allows at most 1,000 (VPC route tables, quota raised to
/// its maximum) or 10,000 (transit gateway route tables); the limit is the larger.
pub const MAX_ROUTES_PER_TABLE: usize = 10_000;

/// Longest name (a `Name` tag, a document title) or description, in characters. AWS caps tag
/// values at 256 and security-group descriptions at 255.
pub const MAX_NAME_CHARS: usize = 1_024;

/// Where the topology came from, for the error: one native document (messages then carry its
/// JSONPath), or imported files (messages name the resource id).
pub(crate) enum Origin<'a> {
    Native(&'a str),
    Imported(&'a str),
}

/// A label for a set of input files: the one path, or "N files (first, …)".
pub(crate) fn files_label(paths: &[&str]) -> String {
    match paths {
        [one] => (*one).to_string(),
        [first, ..] => format!("{} files ({first}, …)", paths.len()),
        [] => String::from("input"),
    }
}

/// The error for one exceeded limit: `path` is the native document's JSONPath, `resource` the id.
fn over(origin: &Origin, path: String, resource: &str, message: String) -> ImportError {
    match origin {
        Origin::Native(file) => ImportError::Invalid {
            file: file.to_string(),
            path,
            message,
        },
        Origin::Imported(files) => ImportError::TooLarge {
            file: files.to_string(),
            message: if resource.is_empty() {
                message
            } else {
                format!("{resource}: {message}")
            },
        },
    }
}

/// Refuse a topology beyond any count or length limit; the first one found is reported.
pub(crate) fn check(topology: &Topology, origin: Origin) -> Result<(), ImportError> {
    let name_check = |key: &str, idx: usize, id: &str, field: &str, text: Option<&str>| {
        let n_chars = text.map_or(0, |text| text.chars().count());
        if n_chars > MAX_NAME_CHARS {
            return Err(over(
                &origin,
                format!("$.{key}[{idx}].{field}"),
                id,
                format!(
                    "expected a {field} of at most {MAX_NAME_CHARS} characters, found {n_chars}"
                ),
            ));
        }
        Ok(())
    };
    let t = topology;
    let mut n_resources = 0;
    // Each resource list with its native key; the ones with names are checked.
    macro_rules! named {
        ($list:expr, $key:literal) => {
            n_resources += $list.len();
            for (idx, res) in $list.iter().enumerate() {
                name_check($key, idx, res.id.as_str(), "name", res.name.as_deref())?;
            }
        };
    }
    named!(t.vpcs, "vpcs");
    named!(t.subnets, "subnets");
    named!(t.route_tables, "routeTables");
    named!(t.internet_gateways, "internetGateways");
    named!(t.nat_gateways, "natGateways");
    named!(t.vpc_peering_connections, "vpcPeeringConnections");
    named!(t.vpn_gateways, "vpnGateways");
    named!(t.customer_gateways, "customerGateways");
    named!(t.vpn_connections, "vpnConnections");
    named!(t.dx_connections, "dxConnections");
    named!(t.virtual_interfaces, "virtualInterfaces");
    named!(t.dx_gateways, "dxGateways");
    named!(t.vpc_endpoints, "vpcEndpoints");
    named!(t.prefix_lists, "prefixLists");
    named!(t.security_groups, "securityGroups");
    named!(t.network_acls, "networkAcls");
    named!(t.transit_gateways, "transitGateways");
    named!(t.transit_gateway_attachments, "transitGatewayAttachments");
    named!(t.transit_gateway_route_tables, "transitGatewayRouteTables");
    named!(t.instances, "instances");
    named!(t.network_interfaces, "networkInterfaces");
    named!(t.on_prem_networks, "onPremNetworks");
    n_resources += t.dx_gateway_associations.len() + t.accounts.len() + t.regions.len();
    n_resources += t.external.len();
    if let Some(name) = &t.name {
        let n_chars = name.chars().count();
        if n_chars > MAX_NAME_CHARS {
            return Err(over(
                &origin,
                "$.name".into(),
                "",
                format!("expected a document name of at most {MAX_NAME_CHARS} characters, found {n_chars}"),
            ));
        }
    }
    for (idx, group) in t.security_groups.iter().enumerate() {
        let description = group.description.as_deref();
        name_check(
            "securityGroups",
            idx,
            group.id.as_str(),
            "description",
            description,
        )?;
    }
    for (idx, interface) in t.network_interfaces.iter().enumerate() {
        let description = interface.description.as_deref();
        name_check(
            "networkInterfaces",
            idx,
            interface.id.as_str(),
            "description",
            description,
        )?;
    }
    if n_resources > MAX_RESOURCES {
        return Err(over(
            &origin,
            "$".into(),
            "",
            format!("expected at most {MAX_RESOURCES} resources, found {n_resources}"),
        ));
    }
    let routes = t
        .route_tables
        .iter()
        .enumerate()
        .map(|(idx, table)| ("routeTables", idx, table.id.as_str(), table.routes.len()))
        .chain(
            t.transit_gateway_route_tables
                .iter()
                .enumerate()
                .map(|(idx, table)| {
                    let id = table.id.as_str();
                    ("transitGatewayRouteTables", idx, id, table.routes.len())
                }),
        );
    for (key, idx, id, n_routes) in routes {
        if n_routes > MAX_ROUTES_PER_TABLE {
            return Err(over(
                &origin,
                format!("$.{key}[{idx}].routes"),
                id,
                format!(
                    "expected at most {MAX_ROUTES_PER_TABLE} routes in one route table, found {n_routes}"
                ),
            ));
        }
    }
    Ok(())
}

/// Refuse a file or a set of files over the byte limits, before parsing anything.
pub(crate) fn check_bytes(files: &[super::InputFile]) -> Result<(), ImportError> {
    let mut total = 0usize;
    for file in files {
        if file.text.len() > MAX_FILE_BYTES {
            return Err(ImportError::TooLarge {
                file: file.path.clone(),
                message: format!(
                    "{} bytes is over the limit of {MAX_FILE_BYTES} bytes per file",
                    file.text.len()
                ),
            });
        }
        total = total.saturating_add(file.text.len());
    }
    if total > MAX_TOTAL_BYTES {
        let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
        return Err(ImportError::TooLarge {
            file: files_label(&paths),
            message: format!(
                "{total} bytes in all is over the limit of {MAX_TOTAL_BYTES} bytes per import"
            ),
        });
    }
    Ok(())
}
