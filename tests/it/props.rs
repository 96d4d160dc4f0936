//! Properties over generated topologies (issue 9): convert → import round-trips, validation is
//! deterministic and blind to input order, every end reaches itself, and a route whose
//! destination no flow uses changes no verdict of the matrix.
//!
//! The topologies are `sample::generated(n)` with random damage (routes removed, peerings left
//! pending, groups emptied, names changed), so blocked paths and findings of many kinds occur.

use proptest::prelude::*;
use vpcmap::import::{self, native, InputFile};
use vpcmap::reach::{self, MatrixQuery, Query};
use vpcmap::Topology;

fn damaged(n_vpcs: usize, damage: &[(u16, u8)]) -> Topology {
    let mut topo = vpcmap::sample::generated(n_vpcs);
    for &(at, kind) in damage {
        let at = usize::from(at);
        match kind % 4 {
            0 => {
                let table = at % topo.route_tables.len();
                let routes = &mut topo.route_tables[table].routes;
                if routes.len() > 1 {
                    routes.remove(1 + at % (routes.len() - 1));
                }
            }
            1 if !topo.vpc_peering_connections.is_empty() => {
                let index = at % topo.vpc_peering_connections.len();
                topo.vpc_peering_connections[index].status = Some("pending-acceptance".into());
            }
            2 => {
                let index = at % topo.subnets.len();
                topo.subnets[index].name = Some(format!("renamed <{at}> \u{202e}"));
            }
            _ => {
                let index = at % topo.security_groups.len();
                topo.security_groups[index].ingress.clear();
            }
        }
    }
    topo
}

/// A deterministic permutation of `items` from `seed` (a Fisher–Yates shuffle on an LCG).
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (state >> 33) as usize % (i + 1);
        items.swap(i, j);
    }
}

/// The same network with every resource list, every route list and every rule list reordered.
fn reordered(topo: &Topology, seed: u64) -> Topology {
    let mut t = topo.clone();
    shuffle(&mut t.vpcs, seed);
    shuffle(&mut t.subnets, seed + 1);
    shuffle(&mut t.route_tables, seed + 2);
    for table in &mut t.route_tables {
        shuffle(&mut table.routes, seed + 3);
        shuffle(&mut table.subnets, seed + 4);
    }
    shuffle(&mut t.internet_gateways, seed + 5);
    shuffle(&mut t.nat_gateways, seed + 6);
    shuffle(&mut t.vpc_peering_connections, seed + 7);
    shuffle(&mut t.security_groups, seed + 8);
    for group in &mut t.security_groups {
        shuffle(&mut group.ingress, seed + 9);
        shuffle(&mut group.egress, seed + 10);
    }
    shuffle(&mut t.network_acls, seed + 11);
    shuffle(&mut t.instances, seed + 12);
    shuffle(&mut t.vpn_gateways, seed + 13);
    shuffle(&mut t.customer_gateways, seed + 14);
    shuffle(&mut t.vpn_connections, seed + 15);
    shuffle(&mut t.on_prem_networks, seed + 16);
    t
}

fn ends(topo: &Topology) -> Vec<String> {
    let mut ends: Vec<String> = topo.subnets.iter().map(|s| s.id.to_string()).collect();
    ends.extend(topo.instances.iter().map(|i| i.id.to_string()));
    ends.extend(topo.on_prem_networks.iter().map(|o| o.id.to_string()));
    ends
}

/// Every block the document names anywhere, so a new route can be chosen to overlap none.
fn blocks(topo: &Topology) -> Vec<ipnet::IpNet> {
    let text = native::to_string(topo);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut out = Vec::new();
    fn walk(value: &serde_json::Value, out: &mut Vec<ipnet::IpNet>) {
        match value {
            serde_json::Value::String(s) => {
                // Default routes and 0.0.0.0/0 rules stand for the internet, whose stand-in
                // address the property checks apart.
                if let Ok(net) = s.parse::<ipnet::IpNet>() {
                    if net.prefix_len() > 0 {
                        out.push(net);
                    }
                } else if let Ok(addr) = s.parse::<std::net::IpAddr>() {
                    out.push(ipnet::IpNet::from(addr));
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    walk(&value, &mut out);
    out
}

fn overlaps(a: &ipnet::IpNet, b: &ipnet::IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

#[test]
fn every_fixture_round_trips_through_convert() -> Result<(), String> {
    // Native documents, AWS snapshots and Terraform files: import → convert → import gives the
    // same topology, and converting again gives the same bytes.
    let mut checked = 0;
    let mut inputs: Vec<Vec<InputFile>> = Vec::new();
    let shared = crate::shared_fixtures();
    for dir in ["batfish", "batfish-hybrid-cloud"] {
        let Ok(entries) = std::fs::read_dir(shared.join(dir)) else {
            continue;
        };
        let mut dirs: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        if dir == "batfish-hybrid-cloud" {
            dirs = vec![shared.join(dir)];
        }
        for snapshot in dirs {
            inputs.push(crate::read_inputs(&snapshot));
        }
    }
    let mut singles = Vec::new();
    for dir in [
        crate::repo_root().join("tests/fixtures"),
        shared.join("terraform"),
        crate::repo_root().join("samples"),
    ] {
        singles.extend(crate::read_inputs(&dir));
    }
    inputs.extend(singles.into_iter().map(|file| vec![file]));
    for files in inputs {
        let Ok(imported) = import::import(&files) else {
            continue;
        };
        let text = native::to_string(&imported.topology);
        let again = native::parse("converted.json", &text)
            .map_err(|err| format!("{}: {err}", files[0].path))?;
        assert_eq!(again, imported.topology, "{}", files[0].path);
        assert_eq!(native::to_string(&again), text, "{}", files[0].path);
        checked += 1;
    }
    assert!(checked >= 100, "only {checked} inputs imported");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn convert_then_import_gives_the_same_topology(n in 1usize..24, damage in prop::collection::vec((any::<u16>(), any::<u8>()), 0..16)) {
        let topo = damaged(n, &damage);
        let text = native::to_string(&topo);
        let again = native::parse("converted.json", &text).unwrap();
        prop_assert_eq!(&again, &topo);
        prop_assert_eq!(native::to_string(&again), text);
    }

    #[test]
    fn findings_are_deterministic_and_blind_to_input_order(
        n in 2usize..20,
        damage in prop::collection::vec((any::<u16>(), any::<u8>()), 0..16),
        seed in any::<u64>(),
    ) {
        let topo = damaged(n, &damage);
        let first = vpcmap::validate::run(&topo);
        prop_assert_eq!(&first, &vpcmap::validate::run(&topo));
        let shuffled = vpcmap::validate::run(&reordered(&topo, seed));
        prop_assert_eq!(
            serde_json::to_string_pretty(&first).unwrap(),
            serde_json::to_string_pretty(&shuffled).unwrap()
        );
    }

    #[test]
    fn every_end_reaches_itself_over_any_protocol(
        n in 2usize..16,
        damage in prop::collection::vec((any::<u16>(), any::<u8>()), 0..12),
        protocol in prop::sample::select(vec!["tcp", "udp", "icmp", "all"]),
        port in 1u16..65535,
    ) {
        let topo = damaged(n, &damage);
        let mut selves: Vec<String> = topo.subnets.iter().map(|s| s.id.to_string()).collect();
        selves.extend(topo.instances.iter().filter_map(|i| i.private_ip.map(|ip| ip.to_string())));
        for end in selves {
            let port = (protocol != "all").then_some(if protocol == "icmp" { 8 } else { port });
            let query = Query { from: end.clone(), to: end.clone(), protocol: Some(protocol.to_string()), port };
            let trace = reach::trace(&topo, &query).unwrap();
            prop_assert!(trace.reachable, "{} → itself over {}: {:?}", end, protocol, trace.blocked);
        }
    }

    #[test]
    fn a_route_no_flow_uses_changes_no_verdict(
        n in 2usize..10,
        damage in prop::collection::vec((any::<u16>(), any::<u8>()), 0..10),
        table in any::<u16>(),
        target in any::<u16>(),
        prefix in (any::<u8>(), any::<u8>(), 10u8..=32),
    ) {
        let topo = damaged(n, &damage);
        // A destination in 100.64.0.0/10 (shared address space) that overlaps no block or
        // address of the document, the internet's stand-in address included.
        let (b, c, len) = prefix;
        let destination: ipnet::IpNet = format!("100.{}.{c}.0/{len}", 64 + b % 64).parse::<ipnet::Ipv4Net>().unwrap().trunc().into();
        let known = blocks(&topo);
        prop_assume!(known.iter().all(|block| !overlaps(block, &destination)));
        prop_assume!(!destination.contains(&"198.51.100.1".parse::<std::net::IpAddr>().unwrap()));
        let mut targets: Vec<String> = topo.internet_gateways.iter().map(|g| g.id.to_string()).collect();
        targets.extend(topo.nat_gateways.iter().map(|g| g.id.to_string()));
        targets.extend(topo.vpc_peering_connections.iter().map(|p| p.id.to_string()));
        targets.extend(topo.vpn_gateways.iter().map(|g| g.id.to_string()));
        prop_assume!(!targets.is_empty());
        let mut changed = topo.clone();
        let index = usize::from(table) % changed.route_tables.len();
        let added = reach::Change::AddRoute {
            route_table: changed.route_tables[index].id.to_string(),
            destination: destination.to_string(),
            target: targets[usize::from(target) % targets.len()].clone(),
        };
        prop_assert!(reach::apply(&mut changed, &added));
        let query = MatrixQuery { protocol: Some("tcp".into()), port: Some(443) };
        let before = reach::matrix(&topo, &query).unwrap();
        let after = reach::matrix(&changed, &query).unwrap();
        prop_assert_eq!(before.cells.len(), after.cells.len());
        for (was, now) in before.cells.iter().zip(&after.cells) {
            prop_assert_eq!((&was.from, &was.to), (&now.from, &now.to));
            prop_assert!(!was.reachable || now.reachable, "{} → {} lost by {:?}", was.from, was.to, added);
            prop_assert_eq!(was.reachable, now.reachable, "{} → {} changed by {:?}", was.from, was.to, added);
        }
        // And one traced pair, with its hops.
        let ends = ends(&topo);
        let (from, to) = (&ends[usize::from(table) % ends.len()], &ends[usize::from(target) % ends.len()]);
        let q = Query { from: from.clone(), to: to.clone(), protocol: Some("tcp".into()), port: Some(443) };
        prop_assert_eq!(reach::trace(&topo, &q).unwrap().reachable, reach::trace(&changed, &q).unwrap().reachable);
    }
}
