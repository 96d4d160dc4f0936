//! Shared pieces of the fuzz targets: splitting one fuzz input into a set of files, the checks
//! every successful import must pass, the pipeline run on any topology, and [`Recipe`], the
//! structure-aware generator of topologies behind the `pipeline` target.
//!
//! The checks are the crate's invariants ("no input panics the core", "same document, same
//! bytes", "convert → import is lossless"): a target fails when vpcmap panics, overflows its
//! stack, hangs past libFuzzer's timeout, or breaks one of these assertions.

use arbitrary::Arbitrary;
use serde_json::{json, Value};
use vpcmap::import::{native, InputFile};
use vpcmap::reach::{MatrixQuery, Query};
use vpcmap::Topology;

/// Split a fuzz input into files: pieces separated by NUL bytes; a piece whose first line looks
/// like a path (`aws_configs/us-east-1/Vpcs.json`) takes it as its path, so snapshot folders
/// (regions, accounts) are fuzzed too. Invalid UTF-8 is replaced, as a browser's `File.text()`
/// does.
pub fn split_files(data: &[u8]) -> Vec<InputFile> {
    let text = String::from_utf8_lossy(data);
    let mut files = Vec::new();
    for (idx, piece) in text.split('\0').enumerate().take(16) {
        let (path, body) = match piece.split_once('\n') {
            Some((first, rest))
                if !first.trim_start().starts_with(['{', '[']) && first.len() < 200 =>
            {
                (first.to_string(), rest)
            }
            _ => (format!("file{idx}.json"), piece),
        };
        files.push(InputFile::new(path, body));
    }
    files
}

/// With `VPCMAP_FUZZ_LAST_INPUT=PATH` set, every input is written to PATH before it runs. A stack
/// overflow kills the process before libFuzzer can save the input as an artifact; this leaves
/// the culprit on disk (`scripts/fuzz` sets it for its runs). Costs a small file write per input.
pub fn remember(data: &[u8]) {
    static PATH: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let path = PATH.get_or_init(|| std::env::var_os("VPCMAP_FUZZ_LAST_INPUT").map(Into::into));
    if let Some(path) = path {
        // Best effort: a full disk must not turn into a fuzz crash.
        let _ = std::fs::write(path, data);
    }
}

/// Join files into one fuzz input, the inverse of [`split_files`] (used to write seeds).
pub fn join_files(files: &[(String, String)]) -> Vec<u8> {
    let pieces: Vec<String> = files
        .iter()
        .map(|(path, text)| format!("{path}\n{text}"))
        .collect();
    pieces.join("\0").into_bytes()
}

/// What every successful import must give: a native document that converts and re-imports to
/// the same topology, byte for byte; then the pipeline runs on it.
pub fn check_imported(topology: &Topology) {
    let text = native::to_string(topology);
    match native::parse("converted.json", &text) {
        Ok(again) => {
            assert_eq!(
                native::to_string(&again),
                text,
                "convert → import changed the document"
            );
        }
        Err(err) => panic!("convert → import failed: {err}\n{text}"),
    }
    pipeline(topology, &[]);
}

/// Validate, trace the given pairs (or a few ends against each other), a matrix on small
/// topologies, lay out and render, and check that a second run gives the same bytes.
pub fn pipeline(topology: &Topology, pairs: &[(u8, u8, u8, u16)]) {
    let report = vpcmap::validate::run(topology);
    let again = vpcmap::validate::run(topology);
    assert_eq!(
        report.findings, again.findings,
        "validate is not deterministic"
    );
    let _ = vpcmap::validate::render_text(&report);

    let ends = ends(topology);
    let protocols = ["tcp", "udp", "icmp", "all", "6"];
    let default_pairs: Vec<(u8, u8, u8, u16)> = (0..ends.len().min(3) as u8)
        .map(|i| (i, i + 1, 0, 443))
        .collect();
    let pairs = if pairs.is_empty() {
        &default_pairs[..]
    } else {
        pairs
    };
    for &(from, to, protocol, port) in pairs.iter().take(4) {
        let query = Query {
            from: ends[usize::from(from) % ends.len()].clone(),
            to: ends[usize::from(to) % ends.len()].clone(),
            protocol: Some(protocols[usize::from(protocol) % protocols.len()].to_string()),
            port: Some(port),
        };
        if let Ok(trace) = vpcmap::reach::trace(topology, &query) {
            let _ = vpcmap::reach::render_text(&trace);
            if let Some(blocked) = &trace.blocked {
                // A fix is shown only after re-tracing with it applied succeeded.
                if blocked.fix.is_some() && !blocked.changes.is_empty() {
                    let mut fixed = topology.clone();
                    for change in &blocked.changes {
                        assert!(
                            vpcmap::reach::apply(&mut fixed, change),
                            "a proposed change does not apply"
                        );
                    }
                    let retraced = vpcmap::reach::trace(&fixed, &query);
                    assert!(
                        retraced.is_ok_and(|t| t.reachable),
                        "a proposed fix does not make the trace succeed"
                    );
                }
            }
        }
    }
    if topology.subnets.len() <= 6 {
        if let Ok(matrix) = vpcmap::reach::matrix(
            topology,
            &MatrixQuery {
                protocol: Some("tcp".into()),
                port: Some(22),
            },
        ) {
            let _ = vpcmap::reach::render_matrix_csv(&matrix);
        }
    }

    let svg = vpcmap::render_document(topology, None, true, None, false);
    assert_eq!(
        svg,
        vpcmap::render_document(topology, None, true, None, false),
        "render is not deterministic"
    );
    assert!(!svg.contains("<script"), "a name became markup");
}

fn ends(topology: &Topology) -> Vec<String> {
    let mut ends: Vec<String> = topology.subnets.iter().map(|s| s.id.to_string()).collect();
    ends.extend(topology.instances.iter().map(|i| i.id.to_string()));
    ends.extend(topology.on_prem_networks.iter().map(|o| o.id.to_string()));
    ends.push("internet".into());
    ends.push("service:s3".into());
    ends.push("10.0.0.5".into());
    ends
}

/// A topology generator: VPCs with subnets, route tables, gateways, groups and ACLs, joined by
/// peerings, a transit gateway and VPN sites. Ids are built from indexes, so most recipes give
/// documents whose references resolve (the rest are refused by the importer, which is fine);
/// names come from the fuzzer, so hostile text reaches every renderer.
#[derive(Arbitrary, Debug)]
pub struct Recipe {
    pub name: Option<String>,
    pub vpcs: Vec<VpcRecipe>,
    pub peerings: Vec<(u8, u8, bool)>,
    pub tgw: Option<Vec<(u8, bool)>>,
    pub sites: Vec<SiteRecipe>,
    pub pairs: Vec<(u8, u8, u8, u16)>,
}

#[derive(Arbitrary, Debug)]
pub struct VpcRecipe {
    pub name: Option<String>,
    pub region: u8,
    pub cidr: (u8, u8, u8),
    pub extra_cidr: Option<(u8, u8, u8)>,
    pub subnets: Vec<SubnetRecipe>,
    pub tables: Vec<Vec<RouteRecipe>>,
    pub igw: bool,
    pub nat: Option<u8>,
    pub ingress: Vec<RuleRecipe>,
    pub egress: Vec<RuleRecipe>,
    pub acl: Vec<AclRecipe>,
    pub endpoint: Option<(bool, u8)>,
}

#[derive(Arbitrary, Debug)]
pub struct SubnetRecipe {
    pub name: Option<String>,
    pub octet: u8,
    pub prefix: u8,
    pub az: u8,
    pub table: Option<u8>,
    pub instance: Option<(u8, Option<String>)>,
}

#[derive(Arbitrary, Debug)]
pub struct RouteRecipe {
    pub destination: (u8, u8, u8, u8),
    pub target: u8,
    pub blackhole: bool,
}

#[derive(Arbitrary, Debug)]
pub struct RuleRecipe {
    pub protocol: u8,
    pub ports: (i16, i16),
    pub cidr: (u8, u8, u8),
}

#[derive(Arbitrary, Debug)]
pub struct AclRecipe {
    pub rule_number: u16,
    pub egress: bool,
    pub allow: bool,
    pub protocol: u8,
    pub cidr: (u8, u8, u8),
    pub ports: (i16, i16),
}

#[derive(Arbitrary, Debug)]
pub struct SiteRecipe {
    pub name: Option<String>,
    pub cidr: (u8, u8, u8),
    pub vpc: u8,
    pub via_tgw: bool,
    pub static_routes: bool,
}

const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-south-1"];
const PROTOCOLS: [&str; 5] = ["-1", "tcp", "udp", "icmp", "6"];

fn cidr((a, b, prefix): (u8, u8, u8)) -> String {
    let prefix = 8 + u32::from(prefix) % 25;
    let raw = u32::from_be_bytes([10, a, b, 0]);
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix)
    };
    let [o1, o2, o3, o4] = (raw & mask).to_be_bytes();
    format!("{o1}.{o2}.{o3}.{o4}/{prefix}")
}

impl Recipe {
    /// The native document this recipe describes, with at most a handful of each resource so one
    /// pipeline run stays in milliseconds.
    pub fn document(&self) -> Value {
        let mut vpcs = Vec::new();
        let mut subnets = Vec::new();
        let mut tables = Vec::new();
        let mut igws = Vec::new();
        let mut nats = Vec::new();
        let mut groups = Vec::new();
        let mut acls = Vec::new();
        let mut instances = Vec::new();
        let mut endpoints = Vec::new();
        let n_vpcs = self.vpcs.len().min(5);
        let peerings: Vec<(usize, usize, bool)> = self
            .peerings
            .iter()
            .take(6)
            .filter(|(a, b, _)| n_vpcs > 0 && a != b)
            .map(|&(a, b, active)| (usize::from(a) % n_vpcs, usize::from(b) % n_vpcs, active))
            .filter(|(a, b, _)| a != b)
            .collect();
        let tgw_attached: Vec<(usize, bool)> = match &self.tgw {
            Some(list) if n_vpcs > 0 => list
                .iter()
                .take(5)
                .map(|&(v, ok)| (usize::from(v) % n_vpcs, ok))
                .collect(),
            _ => Vec::new(),
        };
        let n_sites = self.sites.len().min(3);
        for (v, vpc) in self.vpcs.iter().take(5).enumerate() {
            let vpc_id = format!("vpc-{v}");
            let region = REGIONS[usize::from(vpc.region) % REGIONS.len()];
            let mut cidrs = vec![cidr(vpc.cidr)];
            if let Some(extra) = vpc.extra_cidr {
                cidrs.push(cidr(extra));
            }
            vpcs.push(json!({"id": vpc_id, "name": vpc.name, "region": region, "cidrs": cidrs}));
            let mut targets = vec!["local".to_string()];
            if vpc.igw {
                igws.push(json!({"id": format!("igw-{v}"), "vpc": vpc_id}));
                targets.push(format!("igw-{v}"));
            }
            for (p, (a, b, _)) in peerings.iter().enumerate() {
                if *a == v || *b == v {
                    targets.push(format!("pcx-{p}"));
                }
            }
            if tgw_attached.iter().any(|(t, _)| *t == v) {
                targets.push("tgw-0".into());
            }
            let n_subnets = vpc.subnets.len().min(4);
            if let (Some(at), true) = (vpc.nat, n_subnets > 0) {
                nats.push(json!({"id": format!("nat-{v}"), "vpc": vpc_id, "subnet": format!("subnet-{v}-{}", usize::from(at) % n_subnets)}));
                targets.push(format!("nat-{v}"));
            }
            if n_sites > 0 {
                targets.push(format!("vgw-{v}"));
            }
            let n_tables = vpc.tables.len().clamp(1, 3);
            for t in 0..n_tables {
                let routes: Vec<Value> = vpc
                    .tables
                    .get(t)
                    .map(|routes| routes.iter().take(6).collect::<Vec<_>>())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|route| {
                        let (a, b, c, prefix) = route.destination;
                        let destination = if a % 4 == 0 {
                            "0.0.0.0/0".to_string()
                        } else {
                            cidr((b, c, prefix))
                        };
                        let target = &targets[usize::from(route.target) % targets.len()];
                        let mut value = json!({"destination": destination, "target": target});
                        if route.blackhole {
                            value["state"] = json!("blackhole");
                        }
                        value
                    })
                    .chain(
                        cidrs
                            .iter()
                            .map(|c| json!({"destination": c, "target": "local"})),
                    )
                    .collect();
                let associated: Vec<String> = vpc
                    .subnets
                    .iter()
                    .take(n_subnets)
                    .enumerate()
                    .filter(|(_, s)| {
                        s.table
                            .is_some_and(|x| usize::from(x) % n_tables == t && t > 0)
                    })
                    .map(|(s, _)| format!("subnet-{v}-{s}"))
                    .collect();
                tables.push(json!({"id": format!("rtb-{v}-{t}"), "vpc": vpc_id, "main": t == 0, "subnets": associated, "routes": routes}));
            }
            let rule = |r: &RuleRecipe| json!({"protocol": PROTOCOLS[usize::from(r.protocol) % PROTOCOLS.len()], "fromPort": r.ports.0, "toPort": r.ports.1, "cidrs": [cidr(r.cidr)]});
            groups.push(json!({
                "id": format!("sg-{v}"), "vpc": vpc_id,
                "ingress": vpc.ingress.iter().take(4).map(rule).collect::<Vec<_>>(),
                "egress": vpc.egress.iter().take(4).map(rule).collect::<Vec<_>>(),
            }));
            if !vpc.acl.is_empty() {
                let entries: Vec<Value> = vpc
                    .acl
                    .iter()
                    .take(6)
                    .map(|e| {
                        json!({
                            "ruleNumber": 1 + u32::from(e.rule_number) % 32766, "egress": e.egress,
                            "action": if e.allow { "allow" } else { "deny" },
                            "protocol": PROTOCOLS[usize::from(e.protocol) % PROTOCOLS.len()],
                            "cidr": cidr(e.cidr), "fromPort": e.ports.0, "toPort": e.ports.1,
                        })
                    })
                    .collect();
                let members: Vec<String> =
                    (0..n_subnets).map(|s| format!("subnet-{v}-{s}")).collect();
                acls.push(json!({"id": format!("acl-{v}"), "vpc": vpc_id, "isDefault": true, "subnets": members, "entries": entries}));
            }
            for (s, subnet) in vpc.subnets.iter().take(n_subnets).enumerate() {
                let base = vpc.cidr;
                let subnet_cidr = cidr((
                    base.0,
                    base.1.wrapping_add(subnet.octet),
                    16 + subnet.prefix % 13,
                ));
                let az = format!("{region}{}", ['a', 'b', 'c'][usize::from(subnet.az) % 3]);
                subnets.push(json!({"id": format!("subnet-{v}-{s}"), "name": subnet.name, "vpc": vpc_id, "az": az, "cidr": subnet_cidr}));
                if let Some((host, name)) = &subnet.instance {
                    let ip = subnet_cidr
                        .split('/')
                        .next()
                        .unwrap_or("10.0.0.0")
                        .rsplit_once('.')
                        .map(|(net, _)| format!("{net}.{}", 4 + host % 200))
                        .unwrap_or_default();
                    instances.push(json!({"id": format!("i-{v}-{s}"), "name": name, "subnet": format!("subnet-{v}-{s}"), "privateIp": ip, "securityGroups": [format!("sg-{v}")]}));
                }
            }
            if let Some((gateway, table)) = vpc.endpoint {
                let service = if gateway {
                    format!("com.amazonaws.{region}.s3")
                } else {
                    format!("com.amazonaws.{region}.dynamodb")
                };
                endpoints.push(json!({"id": format!("vpce-{v}"), "vpc": vpc_id, "type": "gateway", "service": service, "routeTables": [format!("rtb-{v}-{}", usize::from(table) % n_tables)]}));
            }
        }
        let peering_docs: Vec<Value> = peerings
            .iter()
            .enumerate()
            .map(|(p, (a, b, active))| json!({"id": format!("pcx-{p}"), "requester": {"vpc": format!("vpc-{a}")}, "accepter": {"vpc": format!("vpc-{b}")}, "status": if *active { "active" } else { "pending-acceptance" }}))
            .collect();
        let mut doc = json!({
            "format": "vpcmap/1", "name": self.name, "vpcs": vpcs, "subnets": subnets, "routeTables": tables,
            "internetGateways": igws, "natGateways": nats, "vpcPeeringConnections": peering_docs,
            "securityGroups": groups, "networkAcls": acls, "instances": instances, "vpcEndpoints": endpoints,
        });
        if !tgw_attached.is_empty() {
            let region = doc["vpcs"][0]["region"].clone();
            doc["transitGateways"] = json!([{"id": "tgw-0", "region": region}]);
            let attachments: Vec<Value> = tgw_attached.iter().enumerate().map(|(a, (v, _))| json!({
                "id": format!("tgw-attach-{a}"), "transitGateway": "tgw-0", "resourceType": "vpc",
                "resource": format!("vpc-{v}"), "subnets": [format!("subnet-{v}-0")], "routeTable": "tgw-rtb-0",
            })).collect();
            let propagations: Vec<String> = tgw_attached
                .iter()
                .enumerate()
                .filter(|(_, (_, ok))| *ok)
                .map(|(a, _)| format!("tgw-attach-{a}"))
                .collect();
            doc["transitGatewayAttachments"] = json!(attachments);
            doc["transitGatewayRouteTables"] = json!([{"id": "tgw-rtb-0", "transitGateway": "tgw-0", "propagations": propagations}]);
        }
        if n_sites > 0 && n_vpcs > 0 {
            let mut vgws = Vec::new();
            for v in 0..n_vpcs {
                vgws.push(
                    json!({"id": format!("vgw-{v}"), "attachments": [{"vpc": format!("vpc-{v}")}]}),
                );
            }
            let mut cgws = Vec::new();
            let mut vpns = Vec::new();
            let mut onprem = Vec::new();
            for (s, site) in self.sites.iter().take(n_sites).enumerate() {
                cgws.push(json!({"id": format!("cgw-{s}"), "bgpAsn": 65000 + s, "ipAddress": format!("198.51.100.{}", s + 1)}));
                let mut vpn = json!({"id": format!("vpn-{s}"), "customerGateway": format!("cgw-{s}"), "staticRoutesOnly": site.static_routes,
                    "routes": if site.static_routes { json!([{"cidr": format!("172.16.{}.0/24", s)}]) } else { json!([]) },
                    "tunnels": [{"outsideIp": "203.0.113.1", "status": "UP"}, {"outsideIp": "203.0.113.2", "status": "DOWN"}]});
                if site.via_tgw && !tgw_attached.is_empty() {
                    vpn["transitGateway"] = json!("tgw-0");
                } else {
                    vpn["vpnGateway"] = json!(format!("vgw-{}", usize::from(site.vpc) % n_vpcs));
                }
                vpns.push(vpn);
                let (_, b, prefix) = site.cidr;
                onprem.push(json!({"id": format!("onprem-{s}"), "name": site.name, "cidrs": [format!("172.16.{b}.0/{}", 16 + prefix % 9).replace(&format!(".{b}.0/16"), ".0.0/16")], "customerGateways": [format!("cgw-{s}")]}));
            }
            doc["vpnGateways"] = json!(vgws);
            doc["customerGateways"] = json!(cgws);
            doc["vpnConnections"] = json!(vpns);
            doc["onPremNetworks"] = json!(onprem);
        }
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Most recipes must import, or the pipeline target would spend its time on refusals.
    #[test]
    fn most_recipes_import() {
        let mut state: u64 = 0x9e3779b97f4a7c15;
        let (mut ok, mut total) = (0, 0);
        let mut reasons = std::collections::BTreeMap::new();
        for _ in 0..300 {
            let bytes: Vec<u8> = (0..2048)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (state >> 56) as u8
                })
                .collect();
            let Ok(recipe) = Recipe::arbitrary(&mut arbitrary::Unstructured::new(&bytes)) else {
                continue;
            };
            total += 1;
            match native::from_value("recipe.json", recipe.document()) {
                Ok(topology) => {
                    ok += 1;
                    pipeline(&topology, &recipe.pairs);
                }
                Err(err) => {
                    *reasons
                        .entry(err.to_string().chars().take(90).collect::<String>())
                        .or_insert(0) += 1
                }
            }
        }
        assert!(
            ok * 2 > total,
            "{ok} of {total} recipes import: {reasons:#?}"
        );
    }
}
