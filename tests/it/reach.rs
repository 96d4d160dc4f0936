//! Trace and matrix: one hand-made topology per semantic rule of catalog §2, each way.
//!
//! Every case starts from `base()` — two peered VPCs in us-east-1 with one instance each — and
//! changes one thing, so each test reads as "this one fact decides the path".

use serde_json::{json, Value};
use vpcmap::reach::{self, Query, Trace};
use vpcmap::Topology;

/// VPC A 10.0.0.0/16 (subnet a1, instance i-a 10.0.1.10, public subnet ap with an IGW and a NAT
/// gateway) peered with VPC B 10.1.0.0/16 (subnet b1, instance i-b 10.1.1.10). Routes both ways
/// over pcx-ab; sg-a allows all egress; sg-b allows TCP 443 in from A.
fn base() -> Value {
    json!({
        "format": "vpcmap/1",
        "vpcs": [
            { "id": "vpc-a", "name": "alpha", "region": "us-east-1", "cidrs": ["10.0.0.0/16"] },
            { "id": "vpc-b", "name": "beta", "region": "us-east-1", "cidrs": ["10.1.0.0/16"] }
        ],
        "subnets": [
            { "id": "subnet-a1", "vpc": "vpc-a", "az": "us-east-1a", "cidr": "10.0.1.0/24" },
            { "id": "subnet-ap", "vpc": "vpc-a", "az": "us-east-1a", "cidr": "10.0.0.0/24", "mapPublicIpOnLaunch": true },
            { "id": "subnet-b1", "vpc": "vpc-b", "az": "us-east-1a", "cidr": "10.1.1.0/24" }
        ],
        "routeTables": [
            { "id": "rtb-a", "vpc": "vpc-a", "main": true, "routes": [
                { "destination": "10.0.0.0/16", "target": "local" },
                { "destination": "10.1.0.0/16", "target": "pcx-ab" },
                { "destination": "0.0.0.0/0", "target": "nat-a" } ] },
            { "id": "rtb-ap", "vpc": "vpc-a", "subnets": ["subnet-ap"], "routes": [
                { "destination": "10.0.0.0/16", "target": "local" },
                { "destination": "0.0.0.0/0", "target": "igw-a" } ] },
            { "id": "rtb-b", "vpc": "vpc-b", "main": true, "routes": [
                { "destination": "10.1.0.0/16", "target": "local" },
                { "destination": "10.0.0.0/16", "target": "pcx-ab" } ] }
        ],
        "internetGateways": [ { "id": "igw-a", "vpc": "vpc-a" } ],
        "natGateways": [ { "id": "nat-a", "vpc": "vpc-a", "subnet": "subnet-ap", "privateIp": "10.0.0.10", "publicIp": "198.51.100.20" } ],
        "vpcPeeringConnections": [
            { "id": "pcx-ab", "requester": { "vpc": "vpc-a" }, "accepter": { "vpc": "vpc-b" } }
        ],
        "securityGroups": [
            { "id": "sg-a", "vpc": "vpc-a", "ingress": [], "egress": [ { "protocol": "-1", "cidrs": ["0.0.0.0/0"] } ] },
            { "id": "sg-b", "vpc": "vpc-b",
              "ingress": [ { "protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrs": ["10.0.0.0/16"] } ],
              "egress": [ { "protocol": "-1", "cidrs": ["0.0.0.0/0"] } ] }
        ],
        "instances": [
            { "id": "i-a", "name": "app", "subnet": "subnet-a1", "privateIp": "10.0.1.10", "securityGroups": ["sg-a"] },
            { "id": "i-b", "name": "db", "subnet": "subnet-b1", "privateIp": "10.1.1.10", "securityGroups": ["sg-b"] }
        ]
    })
}

fn topo(doc: &Value) -> Topology {
    vpcmap::import::native::parse("test.json", &doc.to_string()).unwrap()
}

fn query(from: &str, to: &str, protocol: Option<&str>, port: Option<u16>) -> Query {
    Query {
        from: from.to_string(),
        to: to.to_string(),
        protocol: protocol.map(str::to_string),
        port,
    }
}

fn run(doc: &Value, from: &str, to: &str, protocol: Option<&str>, port: Option<u16>) -> Trace {
    reach::trace(&topo(doc), &query(from, to, protocol, port)).unwrap()
}

fn https(doc: &Value, from: &str, to: &str) -> Trace {
    run(doc, from, to, Some("tcp"), Some(443))
}

/// The blocking code, or "reachable".
fn verdict(trace: &Trace) -> String {
    match &trace.blocked {
        None if trace.reachable => "reachable".to_string(),
        None => "unreachable without a stop".to_string(),
        Some(blocked) => blocked.code.clone(),
    }
}

fn hop_resources(trace: &Trace) -> Vec<&str> {
    trace.hops.iter().map(|h| h.resource.as_str()).collect()
}

fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match parent {
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        Value::Object(map) => {
            map.insert(key.to_string(), value);
        }
        _ => panic!("{pointer}: not a container"),
    }
}

fn push(doc: &mut Value, pointer: &str, value: Value) {
    if doc.pointer(pointer).is_none() {
        set(doc, pointer, json!([]));
    }
    doc.pointer_mut(pointer)
        .unwrap()
        .as_array_mut()
        .unwrap()
        .push(value);
}

// §2.2 peering

#[test]
fn peered_instances_reach_each_other_on_an_allowed_port() {
    let trace = https(&base(), "i-a", "i-b");
    assert_eq!(verdict(&trace), "reachable");
    assert_eq!(
        hop_resources(&trace),
        ["sg-a", "rtb-a", "pcx-ab", "sg-b", "i-b"]
    );
    let reply = trace.reply.as_ref().unwrap();
    assert!(reply.reachable);
    assert_eq!(
        reply
            .hops
            .iter()
            .map(|h| h.resource.as_str())
            .collect::<Vec<_>>(),
        ["rtb-b", "pcx-ab", "i-a"]
    );
    // The route hop says why it won.
    assert!(trace.hops[1].detail.contains("10.1.0.0/16 → pcx-ab"));
}

#[test]
fn security_group_ingress_blocks_a_port_it_does_not_allow_and_the_fix_is_verified() {
    let trace = run(&base(), "i-a", "i-b", Some("tcp"), Some(22));
    let blocked = trace.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "ENI_SG_RULES_MISMATCH");
    assert_eq!(blocked.rule.as_deref(), Some("SG_BLOCKS_FLOW"));
    assert_eq!(blocked.resource, "sg-b");
    assert_eq!(
        blocked.fix.as_deref(),
        Some("allow ingress tcp 22 from 10.0.1.10/32 in sg-b")
    );
    // Applying the changes really makes it reachable.
    let mut fixed = topo(&base());
    for change in &blocked.changes {
        assert!(reach::apply(&mut fixed, change));
    }
    let again = reach::trace(&fixed, &query("i-a", "i-b", Some("tcp"), Some(22))).unwrap();
    assert!(again.reachable);
}

#[test]
fn all_traffic_needs_a_rule_for_all_traffic() {
    // sg-b allows TCP 443 only: "all traffic" is not allowed.
    assert_eq!(
        verdict(&run(&base(), "i-a", "i-b", None, None)),
        "ENI_SG_RULES_MISMATCH"
    );
}

#[test]
fn a_group_reference_rule_admits_members_of_the_group() {
    let mut doc = base();
    set(
        &mut doc,
        "/securityGroups/1/ingress",
        json!([{ "protocol": "tcp", "fromPort": 5432, "toPort": 5432, "groups": [{ "group": "sg-a" }] }]),
    );
    assert_eq!(
        verdict(&run(&doc, "i-a", "i-b", Some("tcp"), Some(5432))),
        "reachable"
    );
    // A subnet has no interface, so it is no member of sg-a.
    assert_eq!(
        verdict(&run(&doc, "subnet-a1", "i-b", Some("tcp"), Some(5432))),
        "ENI_SG_RULES_MISMATCH"
    );
}

#[test]
fn a_group_without_rules_is_reported_as_such() {
    let mut doc = base();
    set(&mut doc, "/securityGroups/0/egress", json!([]));
    assert_eq!(verdict(&https(&doc, "i-a", "i-b")), "SG_HAS_NO_RULES");
}

#[test]
fn peering_is_not_transitive() {
    // C 10.2.0.0/16 peers with B; A routes C's block to pcx-ab: B does not forward it.
    let mut doc = base();
    push(
        &mut doc,
        "/vpcs",
        json!({ "id": "vpc-c", "region": "us-east-1", "cidrs": ["10.2.0.0/16"] }),
    );
    push(
        &mut doc,
        "/subnets",
        json!({ "id": "subnet-c1", "vpc": "vpc-c", "az": "us-east-1a", "cidr": "10.2.1.0/24" }),
    );
    push(
        &mut doc,
        "/vpcPeeringConnections",
        json!({ "id": "pcx-bc", "requester": { "vpc": "vpc-b" }, "accepter": { "vpc": "vpc-c" } }),
    );
    push(
        &mut doc,
        "/routeTables/0/routes",
        json!({ "destination": "10.2.0.0/16", "target": "pcx-ab" }),
    );
    let trace = https(&doc, "i-a", "subnet-c1");
    let blocked = trace.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR");
    assert_eq!(blocked.rule.as_deref(), Some("PEERING_TRANSITIVE"));
    assert_eq!(blocked.resource, "pcx-ab");
    // No route or rule fixes this: it needs a peering A–C, which vpcmap does not invent.
    assert_eq!(blocked.fix, None);
}

#[test]
fn peering_never_carries_traffic_to_the_peer_s_internet_gateway() {
    // B sends everything to the peering, hoping to use A's NAT/IGW: edge-to-edge is refused.
    let mut doc = base();
    push(
        &mut doc,
        "/routeTables/2/routes",
        json!({ "destination": "0.0.0.0/0", "target": "pcx-ab" }),
    );
    let trace = https(&doc, "i-b", "internet");
    let blocked = trace.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR");
    assert_eq!(blocked.rule.as_deref(), Some("PEERING_EDGE_TO_EDGE"));
}

#[test]
fn a_peering_that_is_not_active_drops_traffic() {
    let mut doc = base();
    set(
        &mut doc,
        "/vpcPeeringConnections/0/status",
        json!("pending-acceptance"),
    );
    let trace = https(&doc, "i-a", "i-b");
    let blocked = trace.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "BAD_STATE");
    assert_eq!(blocked.rule.as_deref(), Some("ROUTE_PCX_NOT_ACTIVE"));
}

#[test]
fn a_missing_return_route_blocks_the_reply_and_the_fix_adds_it() {
    let mut doc = base();
    set(
        &mut doc,
        "/routeTables/2/routes",
        json!([{ "destination": "10.1.0.0/16", "target": "local" }]),
    );
    let trace = https(&doc, "i-a", "i-b");
    assert!(!trace.reachable);
    let reply = trace.reply.as_ref().unwrap();
    assert!(
        !reply.reachable,
        "the forward leg works, the reply does not"
    );
    let blocked = trace.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "NO_ROUTE_TO_DESTINATION");
    assert_eq!(blocked.resource, "rtb-b");
    assert_eq!(
        blocked.fix.as_deref(),
        Some("add a route 10.0.0.0/16 → pcx-ab to rtb-b")
    );
}

#[test]
fn a_missing_forward_route_is_fixed_through_the_existing_peering() {
    let mut doc = base();
    set(
        &mut doc,
        "/routeTables/0/routes",
        json!([{ "destination": "10.0.0.0/16", "target": "local" }]),
    );
    let trace = https(&doc, "i-a", "i-b");
    let blocked = trace.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "NO_ROUTE_TO_DESTINATION");
    assert_eq!(blocked.resource, "rtb-a");
    assert_eq!(
        blocked.fix.as_deref(),
        Some("add a route 10.1.0.0/16 → pcx-ab to rtb-a")
    );
}

#[test]
fn overlapping_peers_keep_traffic_local() {
    // B re-addressed into A's block: A's local route wins over the peering route.
    let mut doc = base();
    set(&mut doc, "/vpcs/1/cidrs", json!(["10.0.0.0/16"]));
    set(&mut doc, "/subnets/2/cidr", json!("10.0.200.0/24"));
    set(&mut doc, "/instances/1/privateIp", json!("10.0.200.10"));
    let trace = https(&doc, "i-a", "i-b");
    let blocked = trace.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "VPC_LOCAL_ROUTE_CIDR_RESTRICTION");
    assert_eq!(blocked.rule.as_deref(), Some("PEERING_CIDR_OVERLAP"));
}

// §2.1 route selection

#[test]
fn the_longest_prefix_wins_and_a_blackhole_drops() {
    let mut doc = base();
    push(
        &mut doc,
        "/routeTables/0/routes",
        json!({ "destination": "10.1.1.0/24", "target": "pcx-ab", "state": "blackhole" }),
    );
    let trace = https(&doc, "i-a", "i-b");
    let blocked = trace.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "BAD_STATE_ROUTE");
    assert_eq!(blocked.rule.as_deref(), Some("ROUTE_BLACKHOLE"));
    // A /24 elsewhere in B is unaffected: the /16 still carries it.
    push(
        &mut doc,
        "/subnets",
        json!({ "id": "subnet-b2", "vpc": "vpc-b", "az": "us-east-1a", "cidr": "10.1.2.0/24" }),
    );
    assert_eq!(verdict(&https(&doc, "i-a", "subnet-b2")), "reachable");
}

#[test]
fn the_local_route_wins_over_a_more_specific_propagated_route() {
    let mut doc = base();
    push(
        &mut doc,
        "/vpnGateways",
        json!({ "id": "vgw-a", "attachments": [{ "vpc": "vpc-a" }] }),
    );
    push(
        &mut doc,
        "/routeTables/0/routes",
        json!({ "destination": "10.0.1.0/24", "target": "vgw-a", "origin": "EnableVgwRoutePropagation" }),
    );
    // i-a and subnet-a1 share 10.0.1.0/24; trace from the public subnet into it.
    let trace = https(&doc, "subnet-ap", "i-a");
    assert_eq!(
        verdict(&trace),
        "SG_HAS_NO_RULES",
        "local delivery reached i-a's groups"
    );
    assert!(trace.hops.iter().any(|h| h.detail.contains("→ local")));
}

#[test]
fn a_static_route_beats_a_propagated_route_of_the_same_prefix() {
    let mut doc = base();
    push(
        &mut doc,
        "/vpnGateways",
        json!({ "id": "vgw-a", "attachments": [{ "vpc": "vpc-a" }] }),
    );
    // Propagated 10.1.0.0/16 → vgw listed first; the static peering route must still win.
    let routes = json!([
        { "destination": "10.0.0.0/16", "target": "local" },
        { "destination": "10.1.0.0/16", "target": "vgw-a", "origin": "EnableVgwRoutePropagation" },
        { "destination": "10.1.0.0/16", "target": "pcx-ab" }
    ]);
    set(&mut doc, "/routeTables/0/routes", routes);
    let trace = https(&doc, "i-a", "i-b");
    assert_eq!(verdict(&trace), "reachable");
    assert!(
        trace.hops[1].detail.contains("static route wins"),
        "{}",
        trace.hops[1].detail
    );
}

#[test]
fn a_subnet_uses_its_explicit_table_else_the_main_one() {
    // subnet-ap's own table has no peering route; subnet-a1 uses the main table, which has one.
    let doc = base();
    assert_eq!(verdict(&https(&doc, "subnet-a1", "i-b")), "reachable");
    let trace = https(&doc, "subnet-ap", "i-b");
    assert_eq!(trace.blocked.as_ref().unwrap().resource, "igw-a");
    assert_eq!(trace.hops[0].resource, "rtb-ap");
}

// §2.5 network ACLs

fn with_acl(entries: Value) -> Value {
    let mut doc = base();
    doc["networkAcls"] =
        json!([{ "id": "acl-b", "vpc": "vpc-b", "subnets": ["subnet-b1"], "entries": entries }]);
    doc
}

#[test]
fn acl_entries_are_ordered_and_the_first_match_decides() {
    let doc = with_acl(json!([
        { "ruleNumber": 90, "egress": false, "action": "deny", "protocol": "6", "cidr": "10.0.1.0/24", "fromPort": 443, "toPort": 443 },
        { "ruleNumber": 100, "egress": false, "action": "allow", "protocol": "-1", "cidr": "0.0.0.0/0" },
        { "ruleNumber": 100, "egress": true, "action": "allow", "protocol": "-1", "cidr": "0.0.0.0/0" }
    ]));
    let trace = https(&doc, "i-a", "i-b");
    let blocked = trace.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "SUBNET_ACL_RESTRICTION");
    assert_eq!(blocked.rule.as_deref(), Some("NACL_BLOCKS_FLOW"));
    assert!(blocked.message.contains("#90 deny"), "{}", blocked.message);
    assert_eq!(
        blocked.fix.as_deref(),
        Some("add inbound entry #89 allow tcp 443 10.0.1.10/32 to acl-b")
    );
    // From the other subnet of A the deny does not match, and the allow decides.
    let mut other = doc.clone();
    set(&mut other, "/instances/0/subnet", json!("subnet-ap"));
    set(&mut other, "/instances/0/privateIp", json!("10.0.0.50"));
    set(
        &mut other,
        "/routeTables/1/routes",
        json!([
        { "destination": "10.0.0.0/16", "target": "local" },
        { "destination": "10.1.0.0/16", "target": "pcx-ab" } ]),
    );
    assert_eq!(verdict(&https(&other, "i-a", "i-b")), "reachable");
}

#[test]
fn acls_are_stateless_the_reply_needs_ephemeral_ports() {
    let doc = with_acl(json!([
        { "ruleNumber": 100, "egress": false, "action": "allow", "protocol": "6", "cidr": "10.0.0.0/16", "fromPort": 443, "toPort": 443 },
        { "ruleNumber": 100, "egress": true, "action": "allow", "protocol": "6", "cidr": "10.0.0.0/16", "fromPort": 443, "toPort": 443 }
    ]));
    let trace = https(&doc, "i-a", "i-b");
    assert!(!trace.reachable);
    let reply = trace.reply.as_ref().unwrap();
    let blocked = reply.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "SUBNET_ACL_RESTRICTION");
    assert_eq!(blocked.rule.as_deref(), Some("NACL_STATELESS_RETURN"));
    assert!(blocked.message.contains("outbound"));
    assert_eq!(
        trace.blocked.as_ref().unwrap().fix.as_deref(),
        Some("add outbound entry #110 allow tcp 1024-65535 10.0.1.10/32 to acl-b")
    );
}

// Internet gateways and NAT gateways

#[test]
fn a_private_host_reaches_the_internet_through_the_nat_gateway_and_back() {
    let trace = https(&base(), "i-a", "internet");
    assert_eq!(verdict(&trace), "reachable");
    assert_eq!(
        hop_resources(&trace),
        ["sg-a", "rtb-a", "nat-a", "rtb-ap", "igw-a", "internet"]
    );
    let reply: Vec<&str> = trace
        .reply
        .as_ref()
        .unwrap()
        .hops
        .iter()
        .map(|h| h.resource.as_str())
        .collect();
    assert_eq!(reply, ["igw-a", "nat-a", "rtb-ap", "i-a"]);
}

#[test]
fn the_internet_gateway_needs_a_public_address() {
    let mut doc = base();
    set(&mut doc, "/routeTables/0/routes/2/target", json!("igw-a"));
    let trace = https(&doc, "i-a", "internet");
    assert_eq!(verdict(&trace), "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS");
    set(&mut doc, "/instances/0/publicIp", json!("198.51.100.30"));
    assert_eq!(verdict(&https(&doc, "i-a", "internet")), "reachable");
}

#[test]
fn the_internet_reaches_only_public_addresses_and_only_through_open_groups() {
    let mut doc = base();
    push(
        &mut doc,
        "/instances",
        json!({ "id": "i-web", "subnet": "subnet-ap", "privateIp": "10.0.0.20", "publicIp": "198.51.100.40", "securityGroups": ["sg-web"] }),
    );
    push(
        &mut doc,
        "/securityGroups",
        json!({ "id": "sg-web", "vpc": "vpc-a",
        "ingress": [{ "protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrs": ["0.0.0.0/0"] }], "egress": [] }),
    );
    let trace = https(&doc, "internet", "i-web");
    assert_eq!(verdict(&trace), "reachable");
    assert_eq!(hop_resources(&trace), ["igw-a", "sg-web", "i-web"]);
    // The reply leaves through the public subnet's table to the IGW.
    let reply: Vec<&str> = trace
        .reply
        .as_ref()
        .unwrap()
        .hops
        .iter()
        .map(|h| h.resource.as_str())
        .collect();
    assert_eq!(reply, ["rtb-ap", "igw-a", "internet"]);
    // Same by its public address.
    assert_eq!(
        verdict(&https(&doc, "internet", "198.51.100.40")),
        "reachable"
    );
    // A private instance cannot be addressed from the internet.
    assert_eq!(
        verdict(&https(&doc, "internet", "i-a")),
        "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
    );
    // Port 22 is not open.
    assert_eq!(
        verdict(&run(&doc, "internet", "i-web", Some("tcp"), Some(22))),
        "ENI_SG_RULES_MISMATCH"
    );
}

#[test]
fn a_vpc_without_internet_gateway_has_no_internet_path_and_the_fix_uses_the_nat_gateway() {
    let mut doc = base();
    set(
        &mut doc,
        "/routeTables/0/routes",
        json!([
        { "destination": "10.0.0.0/16", "target": "local" },
        { "destination": "10.1.0.0/16", "target": "pcx-ab" } ]),
    );
    let trace = https(&doc, "i-a", "internet");
    let blocked = trace.blocked.as_ref().unwrap();
    assert_eq!(blocked.code, "NO_ROUTE_TO_DESTINATION");
    assert_eq!(
        blocked.fix.as_deref(),
        Some("add a route 0.0.0.0/0 → nat-a to rtb-a")
    );
    assert_eq!(
        verdict(&https(&doc, "i-b", "internet")),
        "NO_ROUTE_TO_DESTINATION"
    );
    assert_eq!(https(&doc, "i-b", "internet").blocked.unwrap().fix, None);
}

// §2.3 on premises over VPN and Direct Connect

fn with_vpn(static_routes: bool, tunnels: Value) -> Value {
    let mut doc = base();
    doc["vpnGateways"] = json!([{ "id": "vgw-a", "attachments": [{ "vpc": "vpc-a" }] }]);
    doc["customerGateways"] =
        json!([{ "id": "cgw-1", "bgpAsn": 65010, "ipAddress": "203.0.113.10" }]);
    doc["vpnConnections"] = json!([{ "id": "vpn-1", "customerGateway": "cgw-1", "vpnGateway": "vgw-a",
        "staticRoutesOnly": static_routes, "routes": if static_routes { json!([{ "cidr": "192.168.0.0/16" }]) } else { json!([]) },
        "tunnels": tunnels }]);
    doc["onPremNetworks"] = json!([{ "id": "dc", "name": "Data center", "cidrs": ["192.168.0.0/16"], "customerGateways": ["cgw-1"] }]);
    push(
        &mut doc,
        "/routeTables/0/routes",
        json!({ "destination": "192.168.0.0/16", "target": "vgw-a" }),
    );
    doc
}

#[test]
fn a_subnet_reaches_on_premises_over_the_vpn_and_back() {
    let doc = with_vpn(true, json!([{ "status": "UP" }, { "status": "DOWN" }]));
    let trace = https(&doc, "i-a", "dc");
    assert_eq!(verdict(&trace), "reachable");
    assert_eq!(
        hop_resources(&trace),
        ["sg-a", "rtb-a", "vgw-a", "vpn-1", "dc"]
    );
    assert!(trace.hops[3].detail.contains("1 of 2 tunnel(s) up"));
    // Named by CIDR or by address too, and dynamic (BGP) routing reaches the same site.
    assert_eq!(verdict(&https(&doc, "i-a", "192.168.0.0/16")), "reachable");
    assert_eq!(verdict(&https(&doc, "i-a", "192.168.7.7")), "reachable");
    let bgp = with_vpn(false, json!([{ "status": "UP" }]));
    assert_eq!(verdict(&https(&bgp, "i-a", "dc")), "reachable");
    // From on premises into the VPC: sg-a admits nothing.
    assert_eq!(verdict(&https(&doc, "dc", "i-a")), "SG_HAS_NO_RULES");
    assert_eq!(verdict(&https(&doc, "dc", "subnet-a1")), "reachable");
}

#[test]
fn on_premises_traffic_cannot_use_a_gateway_endpoint() {
    let doc = with_vpn(true, json!([{ "status": "UP" }]));
    let blocked = https(&doc, "dc", "service:s3@us-east-1").blocked.unwrap();
    assert_eq!(
        blocked.rule.as_deref(),
        Some("ENDPOINT_NOT_REACHABLE_FROM_VPN")
    );
    // The same site behind a Direct Connect virtual interface: the Direct Connect code.
    let mut dx = doc.clone();
    dx["virtualInterfaces"] =
        json!([{ "id": "dxvif-1", "type": "private", "vlan": 101, "vpnGateway": "vgw-a" }]);
    dx["onPremNetworks"][0]["virtualInterfaces"] = json!(["dxvif-1"]);
    let blocked = https(&dx, "dc", "service:s3@us-east-1").blocked.unwrap();
    assert_eq!(
        blocked.rule.as_deref(),
        Some("ENDPOINT_NOT_REACHABLE_FROM_DX")
    );
}

#[test]
fn a_vpn_with_every_tunnel_down_carries_nothing() {
    let doc = with_vpn(true, json!([{ "status": "DOWN" }, { "status": "DOWN" }]));
    let blocked = https(&doc, "i-a", "dc").blocked.unwrap();
    assert_eq!(blocked.code, "BAD_STATE_VPN");
    assert_eq!(blocked.rule.as_deref(), Some("VPN_TUNNEL_DOWN"));
}

#[test]
fn a_peered_vpc_cannot_use_the_peer_s_vpn() {
    let mut doc = with_vpn(true, json!([{ "status": "UP" }]));
    push(
        &mut doc,
        "/routeTables/2/routes",
        json!({ "destination": "192.168.0.0/16", "target": "pcx-ab" }),
    );
    let blocked = https(&doc, "i-b", "dc").blocked.unwrap();
    assert_eq!(blocked.code, "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR");
    assert_eq!(blocked.rule.as_deref(), Some("PEERING_EDGE_TO_EDGE"));
}

#[test]
fn an_on_premises_range_inside_the_vpc_is_unreachable() {
    let mut doc = with_vpn(true, json!([{ "status": "UP" }]));
    set(&mut doc, "/onPremNetworks/0/cidrs", json!(["10.0.1.0/24"]));
    // 10.0.1.77 is A's own address: the local route keeps it in the VPC.
    let trace = https(&doc, "subnet-ap", "dc");
    assert_eq!(verdict(&trace), "VPC_LOCAL_ROUTE_CIDR_RESTRICTION");
}

fn with_dx(allowed: &str) -> Value {
    let mut doc = base();
    doc["vpnGateways"] = json!([{ "id": "vgw-a", "attachments": [{ "vpc": "vpc-a" }] }, { "id": "vgw-b", "attachments": [{ "vpc": "vpc-b" }] }]);
    doc["dxConnections"] = json!([{ "id": "dxcon-1", "location": "EqDC2", "bandwidth": "1Gbps" }]);
    doc["dxGateways"] = json!([{ "id": "dxgw-1", "amazonSideAsn": 64513 }]);
    doc["virtualInterfaces"] = json!([{ "id": "dxvif-1", "type": "private", "connection": "dxcon-1", "vlan": 101, "asn": 65010, "dxGateway": "dxgw-1", "bgpStatus": ["up"] }]);
    doc["dxGatewayAssociations"] = json!([
        { "id": "assoc-a", "dxGateway": "dxgw-1", "gateway": "vgw-a", "allowedPrefixes": [allowed] },
        { "id": "assoc-b", "dxGateway": "dxgw-1", "gateway": "vgw-b", "allowedPrefixes": ["10.1.0.0/16"] }
    ]);
    doc["onPremNetworks"] =
        json!([{ "id": "dc", "cidrs": ["192.168.0.0/16"], "virtualInterfaces": ["dxvif-1"] }]);
    push(
        &mut doc,
        "/routeTables/0/routes",
        json!({ "destination": "192.168.0.0/16", "target": "vgw-a", "origin": "EnableVgwRoutePropagation" }),
    );
    doc
}

#[test]
fn direct_connect_through_a_dx_gateway_reaches_on_premises() {
    let doc = with_dx("10.0.0.0/16");
    let trace = https(&doc, "i-a", "dc");
    assert_eq!(verdict(&trace), "reachable");
    assert_eq!(
        hop_resources(&trace),
        ["sg-a", "rtb-a", "vgw-a", "dxvif-1", "dxgw-1", "dc"]
    );
}

#[test]
fn allowed_prefixes_narrower_than_the_vpc_leave_on_premises_without_a_return_route() {
    let trace = https(&with_dx("10.0.200.0/24"), "i-a", "dc");
    assert!(!trace.reachable);
    let blocked = trace.reply.unwrap().blocked.unwrap();
    assert_eq!(blocked.rule.as_deref(), Some("DX_ALLOWED_PREFIX_NARROW"));
}

#[test]
fn a_dx_gateway_does_not_carry_traffic_between_its_vpcs() {
    let mut doc = with_dx("10.0.0.0/16");
    // Remove the peering routes; route B's block to the VGW instead.
    set(
        &mut doc,
        "/routeTables/0/routes/1",
        json!({ "destination": "10.1.0.0/16", "target": "vgw-a" }),
    );
    let blocked = https(&doc, "i-a", "i-b").blocked.unwrap();
    assert_eq!(blocked.rule.as_deref(), Some("DX_NO_VGW_TO_VGW"));
}

// §2.4 gateway endpoints

fn with_endpoint() -> Value {
    let mut doc = base();
    doc["vpcEndpoints"] = json!([{ "id": "vpce-ddb", "vpc": "vpc-a", "type": "gateway", "service": "com.amazonaws.us-east-1.dynamodb", "routeTables": ["rtb-a"] }]);
    doc["prefixLists"] = json!([{ "id": "pl-ddb", "name": "com.amazonaws.us-east-1.dynamodb", "cidrs": ["3.218.182.0/24"] }]);
    push(
        &mut doc,
        "/routeTables/0/routes",
        json!({ "destination": "pl-ddb", "target": "vpce-ddb" }),
    );
    doc
}

#[test]
fn a_gateway_endpoint_carries_tcp_from_its_own_vpc() {
    let doc = with_endpoint();
    let trace = run(&doc, "i-a", "service:dynamodb", None, None);
    assert_eq!(verdict(&trace), "reachable");
    assert_eq!(trace.protocol, "tcp");
    assert_eq!(trace.port, Some(443));
    assert_eq!(
        hop_resources(&trace),
        ["sg-a", "rtb-a", "vpce-ddb", "service:dynamodb@us-east-1"]
    );
    // UDP is not carried by gateway endpoints.
    assert_eq!(
        verdict(&run(
            &doc,
            "i-a",
            "service:dynamodb",
            Some("udp"),
            Some(443)
        )),
        "VPCE_GATEWAY_PROTOCOL_RESTRICTION"
    );
    // Without the endpoint route, the default route takes it out through NAT and the IGW.
    let mut no_route = doc.clone();
    no_route["routeTables"][0]["routes"]
        .as_array_mut()
        .unwrap()
        .pop();
    let trace = run(&no_route, "i-a", "service:dynamodb", None, None);
    assert_eq!(verdict(&trace), "reachable");
    assert!(hop_resources(&trace).contains(&"igw-a"));
}

#[test]
fn a_peered_vpc_cannot_use_the_gateway_endpoint() {
    let mut doc = with_endpoint();
    push(
        &mut doc,
        "/routeTables/2/routes",
        json!({ "destination": "3.218.182.0/24", "target": "pcx-ab" }),
    );
    let blocked = run(&doc, "i-b", "service:dynamodb@us-east-1", None, None)
        .blocked
        .unwrap();
    assert_eq!(blocked.code, "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR");
    assert_eq!(blocked.rule.as_deref(), Some("PEERING_EDGE_TO_EDGE"));
}

// Transit gateways

fn with_tgw() -> Value {
    let mut doc = base();
    doc["vpcPeeringConnections"] = json!([]);
    set(&mut doc, "/routeTables/0/routes/1/target", json!("tgw-1"));
    set(&mut doc, "/routeTables/2/routes/1/target", json!("tgw-1"));
    doc["transitGateways"] = json!([{ "id": "tgw-1", "region": "us-east-1" }]);
    doc["transitGatewayAttachments"] = json!([
        { "id": "tgw-attach-a", "transitGateway": "tgw-1", "resourceType": "vpc", "resource": "vpc-a", "subnets": ["subnet-a1"], "routeTable": "tgw-rtb-1" },
        { "id": "tgw-attach-b", "transitGateway": "tgw-1", "resourceType": "vpc", "resource": "vpc-b", "subnets": ["subnet-b1"], "routeTable": "tgw-rtb-1" }
    ]);
    doc["transitGatewayRouteTables"] = json!([{ "id": "tgw-rtb-1", "transitGateway": "tgw-1", "propagations": ["tgw-attach-a", "tgw-attach-b"], "routes": [] }]);
    doc
}

#[test]
fn a_transit_gateway_routes_by_propagation_both_ways() {
    let trace = https(&with_tgw(), "i-a", "i-b");
    assert_eq!(verdict(&trace), "reachable");
    assert_eq!(
        hop_resources(&trace),
        [
            "sg-a",
            "rtb-a",
            "tgw-1",
            "tgw-rtb-1",
            "tgw-attach-b",
            "sg-b",
            "i-b"
        ]
    );
    assert!(trace.hops[3].detail.contains("propagated"));
}

#[test]
fn a_transit_gateway_blackhole_and_missing_routes_stop_traffic() {
    let mut doc = with_tgw();
    set(
        &mut doc,
        "/transitGatewayRouteTables/0/routes",
        json!([{ "destination": "10.1.1.0/24", "state": "blackhole" }]),
    );
    assert_eq!(
        verdict(&https(&doc, "i-a", "i-b")),
        "TGW_RTB_BAD_STATE_ROUTE"
    );
    let mut doc = with_tgw();
    set(
        &mut doc,
        "/transitGatewayRouteTables/0/propagations",
        json!(["tgw-attach-a"]),
    );
    let blocked = https(&doc, "i-a", "i-b").blocked.unwrap();
    assert_eq!(blocked.code, "TGW_RTB_CANNOT_ROUTE");
    assert_eq!(
        blocked.fix.as_deref(),
        Some("add a route 10.1.0.0/16 → tgw-attach-b to tgw-rtb-1")
    );
}

#[test]
fn an_attachment_without_route_table_or_subnet_in_the_zone_carries_nothing() {
    let mut doc = with_tgw();
    set(
        &mut doc,
        "/transitGatewayAttachments/0/routeTable",
        Value::Null,
    );
    assert_eq!(
        verdict(&https(&doc, "i-a", "i-b")),
        "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION"
    );
    let mut doc = with_tgw();
    set(
        &mut doc,
        "/transitGatewayAttachments/0/subnets",
        json!(["subnet-ap"]),
    );
    set(&mut doc, "/subnets/1/az", json!("us-east-1b"));
    assert_eq!(
        verdict(&https(&doc, "i-a", "i-b")),
        "TGW_ATTACH_VPC_AZ_RESTRICTION"
    );
}

#[test]
fn central_egress_through_a_transit_gateway_and_a_nat_gateway_in_another_vpc() {
    // B has no internet access of its own; the TGW sends 0.0.0.0/0 to A, whose attachment subnet
    // routes it to A's NAT gateway; A's public table routes B's block back to the TGW.
    let mut doc = with_tgw();
    push(
        &mut doc,
        "/routeTables/2/routes",
        json!({ "destination": "0.0.0.0/0", "target": "tgw-1" }),
    );
    set(
        &mut doc,
        "/transitGatewayRouteTables/0/routes",
        json!([{ "destination": "0.0.0.0/0", "attachment": "tgw-attach-a" }]),
    );
    push(
        &mut doc,
        "/routeTables/1/routes",
        json!({ "destination": "10.1.0.0/16", "target": "tgw-1" }),
    );
    push(
        &mut doc,
        "/transitGatewayAttachments/0/subnets",
        json!("subnet-ap"),
    );
    let trace = https(&doc, "i-b", "internet");
    assert_eq!(verdict(&trace), "reachable", "{:#?}", trace);
    assert!(hop_resources(&trace).contains(&"nat-a"));
}

// Query handling

#[test]
fn a_host_reaches_itself_and_its_own_subnet() {
    assert_eq!(
        verdict(&https(&base(), "subnet-a1", "subnet-a1")),
        "reachable"
    );
    let trace = run(&base(), "i-a", "subnet-a1", Some("tcp"), Some(80));
    assert_eq!(verdict(&trace), "reachable");
    assert_eq!(trace.hops[1].resource, "subnet-a1");
}

#[test]
fn bad_queries_say_what_was_expected() {
    let t = topo(&base());
    let err = reach::trace(&t, &query("i-nope", "i-b", None, None)).unwrap_err();
    assert_eq!(err.field, "from");
    assert!(
        err.to_string()
            .starts_with("--from: the document has no i-nope; expected an instance id"),
        "{err}"
    );
    let err = reach::trace(&t, &query("i-a", "i-b", Some("tcpp"), None)).unwrap_err();
    assert_eq!(err.to_string(), "--protocol: expected tcp, udp, icmp, icmpv6, all or an IP protocol number 0-255, found \"tcpp\"");
    let err = reach::trace(&t, &query("i-a", "i-b", Some("all"), Some(80))).unwrap_err();
    assert_eq!(err.field, "port");
    let err = reach::trace(&t, &query("i-a", "10.99.0.1", None, None)).unwrap_err();
    assert!(err.message.contains("10.99.0.1 is in no subnet"), "{err}");
    let err = reach::trace(&t, &query("internet", "service:s3", None, None)).unwrap_err();
    assert!(err.message.contains("name the Region"), "{err}");
    // Protocol numbers work like names.
    assert!(
        reach::trace(&t, &query("i-a", "i-b", Some("6"), Some(443)))
            .unwrap()
            .reachable
    );
}

#[test]
fn traces_are_deterministic_and_independent_of_list_order() {
    let doc = with_vpn(true, json!([{ "status": "UP" }]));
    let first = serde_json::to_string(&https(&doc, "i-a", "dc")).unwrap();
    assert_eq!(
        first,
        serde_json::to_string(&https(&doc, "i-a", "dc")).unwrap()
    );
    let mut reversed = doc.clone();
    for key in ["subnets", "routeTables", "securityGroups", "instances"] {
        reversed[key].as_array_mut().unwrap().reverse();
    }
    assert_eq!(
        first,
        serde_json::to_string(&https(&reversed, "i-a", "dc")).unwrap()
    );
}

#[test]
fn the_matrix_agrees_with_trace_for_every_pair() {
    let doc = with_endpoint();
    let t = topo(&doc);
    let matrix = reach::matrix(
        &t,
        &reach::MatrixQuery {
            protocol: Some("tcp".into()),
            port: Some(443),
        },
    )
    .unwrap();
    let ids: Vec<&str> = matrix.endpoints.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "subnet-a1",
            "subnet-ap",
            "subnet-b1",
            "internet",
            "service:dynamodb@us-east-1"
        ]
    );
    // Every ordered pair, services as destinations only.
    assert_eq!(matrix.cells.len(), 4 * 4);
    for cell in &matrix.cells {
        let trace = reach::trace(&t, &query(&cell.from, &cell.to, Some("tcp"), Some(443))).unwrap();
        assert_eq!(
            cell.reachable, trace.reachable,
            "{} → {}",
            cell.from, cell.to
        );
        assert_eq!(
            cell.code,
            trace.blocked.map(|b| b.code),
            "{} → {}",
            cell.from,
            cell.to
        );
    }
    let cell = |from: &str, to: &str| {
        matrix
            .cells
            .iter()
            .find(|c| c.from == from && c.to == to)
            .unwrap()
    };
    assert!(cell("subnet-a1", "subnet-b1").reachable);
    assert!(cell("subnet-a1", "service:dynamodb@us-east-1").reachable);
    assert!(!cell("internet", "subnet-b1").reachable);
    let csv = reach::render_matrix_csv(&matrix);
    assert!(
        csv.starts_with("from,to,reachable,code\nsubnet-a1,subnet-ap,true,\n"),
        "{csv}"
    );
}

#[test]
fn the_text_rendering_names_every_hop_and_the_verdict() {
    let text = reach::render_text(&https(&base(), "i-a", "i-b"));
    assert!(
        text.starts_with("trace app (i-a) [10.0.1.10] → db (i-b) [10.1.1.10], tcp 443\n"),
        "{text}"
    );
    assert!(text.contains("pcx-ab  cross"), "{text}");
    assert!(text.contains("\nreturn:\n"));
    assert!(text.ends_with("reachable: yes\n"));
    let blocked = reach::render_text(&run(&base(), "i-a", "i-b", Some("tcp"), Some(22)));
    assert!(
        blocked.contains("blocked[ENI_SG_RULES_MISMATCH (SG_BLOCKS_FLOW)] at sg-b"),
        "{blocked}"
    );
    assert!(blocked.contains("= fix: allow ingress tcp 22 from 10.0.1.10/32 in sg-b"));
}

// Real snapshots (Batfish's test networks). Each expectation is read off the exported route
// tables, security groups and ACLs; the comment gives that reading.

fn snapshot(path: &str) -> Topology {
    let files = crate::read_inputs(&crate::shared_fixtures().join(path));
    vpcmap::import(&files).unwrap().topology
}

fn snapshot_verdict(
    t: &Topology,
    from: &str,
    to: &str,
    protocol: &str,
    port: u16,
) -> (String, Trace) {
    let trace = reach::trace(t, &query(from, to, Some(protocol), Some(port))).unwrap();
    (verdict(&trace), trace)
}

#[test]
fn batfish_public_private_subnet() {
    let t = snapshot("batfish/test-public-private-subnet");
    // i-094a… sits in subnet-0cf7…, whose table rtb-0d20… sends 0.0.0.0/0 to the attached IGW;
    // it has public IP 13.58.55.60, and sg-0662… allows TCP 22 from 0.0.0.0/0. The ACLs allow all.
    let (v, trace) = snapshot_verdict(&t, "internet", "i-094a9e5b545a4fde4", "tcp", 22);
    assert_eq!(v, "reachable");
    assert_eq!(trace.hops[0].resource, "igw-0eac198308206c358");
    // i-099c… (subnet-0f26…) has no public address: the internet cannot address it.
    let (v, _) = snapshot_verdict(&t, "internet", "i-099cf38911942421c", "tcp", 22);
    assert_eq!(v, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS");
    // Its subnet uses the main table rtb-002f…, whose default route goes to vgw-0700…; that
    // VGW's only VPN is deleted, so it knows no route to an internet address.
    let (v, trace) = snapshot_verdict(&t, "i-099cf38911942421c", "internet", "tcp", 443);
    assert_eq!(v, "NO_ROUTE_TO_DESTINATION");
    assert_eq!(trace.blocked.unwrap().resource, "vgw-070087240d6fa2989");
    // Inside the VPC the local route carries SSH from the public host to the private one.
    let (v, _) = snapshot_verdict(&t, "i-094a9e5b545a4fde4", "i-099cf38911942421c", "tcp", 22);
    assert_eq!(v, "reachable");
}

#[test]
fn batfish_nat_gateway() {
    let t = snapshot("batfish/test-nat-gateway");
    // i-0a12… (subnet-06f4…) routes 0.0.0.0/0 to nat-07ab…, which sits in the public subnet
    // subnet-0428… whose table sends 0.0.0.0/0 to the IGW; the reply comes back the same way.
    let (v, trace) = snapshot_verdict(&t, "i-0a128d26e59be60f3", "internet", "tcp", 443);
    assert_eq!(v, "reachable");
    assert!(hop_resources(&trace).contains(&"nat-07ab4846da51f4612"));
    // i-0a73… (subnet-02ff…) uses the main table, which has only the local route. The fix sends
    // its default route to the existing NAT gateway, and re-tracing proves it.
    let (v, trace) = snapshot_verdict(&t, "i-0a73a1a6021c03ddb", "internet", "tcp", 443);
    assert_eq!(v, "NO_ROUTE_TO_DESTINATION");
    assert_eq!(
        trace.blocked.unwrap().fix.as_deref(),
        Some("add a route 0.0.0.0/0 → nat-07ab4846da51f4612 to rtb-0e169c4a1e0b27b55")
    );
    // The public host answers pings: sg-0253… allows ICMP type 8 from anywhere.
    let (v, _) = snapshot_verdict(&t, "internet", "i-0b31b509174d7f5de", "icmp", 8);
    assert_eq!(v, "reachable");
}

#[test]
fn batfish_vpc_peering_with_overlapping_peers() {
    let t = snapshot("batfish/test-vpc-peering");
    // VPC C (10.10.0.0/16) peers with A and B, which both use 192.168.0.0/16; C routes each
    // /24 to its own peering, and A and B route 10.10.0.0/16 back. SSH is open everywhere.
    let (v, _) = snapshot_verdict(&t, "i-06ba034d88c84ef07", "i-0b14080af811fda3d", "tcp", 22);
    assert_eq!(v, "reachable");
    let (v, _) = snapshot_verdict(&t, "i-06ba034d88c84ef07", "i-04a292ff83b3aa833", "tcp", 22);
    assert_eq!(v, "reachable");
    // A to B: B's 192.168.2.229 is inside A's own 192.168.0.0/16, so A's local route keeps it.
    let (v, _) = snapshot_verdict(&t, "i-0b14080af811fda3d", "i-04a292ff83b3aa833", "tcp", 22);
    assert_eq!(v, "VPC_LOCAL_ROUTE_CIDR_RESTRICTION");
    // A's default route to its (deleted) IGW is a blackhole.
    let (v, _) = snapshot_verdict(&t, "i-0b14080af811fda3d", "internet", "tcp", 443);
    assert_eq!(v, "BAD_STATE_ROUTE");
}

#[test]
fn batfish_gateway_endpoint() {
    let t = snapshot("batfish/test-vpc-endpoint-gateway");
    // Both tables route pl-63a5400a (S3, us-east-1) to the gateway endpoint vpce-0b73…, and the
    // private subnet has no other way out.
    let (v, trace) = snapshot_verdict(&t, "i-01c6c0647fdccc89e", "service:s3", "tcp", 443);
    assert_eq!(v, "reachable");
    assert!(hop_resources(&trace).contains(&"vpce-0b7357542bb7b83ec"));
    // The public subnet has a default route to the IGW too; the prefix list's S3 ranges are
    // more specific, so S3 traffic still takes the endpoint.
    let (v, trace) = snapshot_verdict(&t, "i-0464d440ca0ee9e34", "service:s3", "tcp", 443);
    assert_eq!(v, "reachable");
    assert!(hop_resources(&trace).contains(&"vpce-0b7357542bb7b83ec"));
    // There is no DynamoDB endpoint, and the private subnet has no default route.
    let (v, _) = snapshot_verdict(&t, "i-01c6c0647fdccc89e", "service:dynamodb", "tcp", 443);
    assert_eq!(v, "NO_ROUTE_TO_DESTINATION");
}

#[test]
fn batfish_transit_gateway() {
    let t = snapshot("batfish/test-transit-gateway");
    // Both VPCs route the other's block to tgw-044b…; both attachments are associated with, and
    // propagate into, tgw-rtb-0fa4…. i-06ba… is in us-east-2c, where VPC A's attachment has
    // its subnet.
    let (v, trace) = snapshot_verdict(&t, "i-06ba034d88c84ef07", "i-0b14080af811fda3d", "tcp", 22);
    assert_eq!(v, "reachable");
    assert!(hop_resources(&trace).contains(&"tgw-rtb-0fa40c8df355dce6e"));
    // i-075e… is in us-east-2a, where the attachment has no subnet: it cannot use the TGW.
    let (v, _) = snapshot_verdict(&t, "i-075e846ed41670385", "i-0b14080af811fda3d", "tcp", 22);
    assert_eq!(v, "TGW_ATTACH_VPC_AZ_RESTRICTION");
}

#[test]
fn batfish_hybrid_cloud() {
    let t = snapshot("batfish-hybrid-cloud/aws_configs");
    // us-east-2: VPC 10.30 and VPC 10.20 reach each other over tgw-06b3… (propagated routes;
    // each source's zone has an attachment subnet); sg-0e37… allows SSH and MySQL.
    let (v, _) = snapshot_verdict(
        &t,
        "i-04cd3db5124a05ee6",
        "i-01602d9efaed4409a",
        "tcp",
        3306,
    );
    assert_eq!(v, "reachable");
    // i-0160… has a public IP and its VPC an IGW: reachable from the internet on 22.
    let (v, _) = snapshot_verdict(&t, "internet", "i-01602d9efaed4409a", "tcp", 22);
    assert_eq!(v, "reachable");
    // VPC 10.30 has no route to us-west-2's 10.50 (and the TGW peering is being deleted).
    let (v, _) = snapshot_verdict(&t, "i-04cd3db5124a05ee6", "i-0a5d64b8b58c6dd09", "tcp", 22);
    assert_eq!(v, "NO_ROUTE_TO_DESTINATION");
    // The VPCs route the data center's 203.0.113.0/24 to the TGW, but the export does not list
    // the prefixes the VPN advertises over BGP, so the TGW table has no route vpcmap can see.
    let (v, _) = snapshot_verdict(&t, "i-04cd3db5124a05ee6", "203.0.113.5", "tcp", 22);
    assert_eq!(v, "TGW_RTB_CANNOT_ROUTE");
}

#[test]
fn transit_gateway_peering_carries_traffic_between_regions() {
    // B moves to eu-west-1 behind its own TGW; the two TGWs peer, each routes the other's VPC
    // to the peering attachment, and the peer side has its own association.
    let mut doc = with_tgw();
    set(&mut doc, "/vpcs/1/region", json!("eu-west-1"));
    set(&mut doc, "/subnets/2/az", json!("eu-west-1a"));
    set(&mut doc, "/routeTables/2/routes/1/target", json!("tgw-2"));
    push(
        &mut doc,
        "/transitGateways",
        json!({ "id": "tgw-2", "region": "eu-west-1" }),
    );
    set(
        &mut doc,
        "/transitGatewayAttachments",
        json!([
            { "id": "tgw-attach-a", "transitGateway": "tgw-1", "resourceType": "vpc", "resource": "vpc-a", "subnets": ["subnet-a1"], "routeTable": "tgw-rtb-1" },
            { "id": "tgw-attach-b", "transitGateway": "tgw-2", "resourceType": "vpc", "resource": "vpc-b", "subnets": ["subnet-b1"], "routeTable": "tgw-rtb-2" },
            { "id": "tgw-attach-peer", "transitGateway": "tgw-1", "resourceType": "peering", "resource": "tgw-2", "routeTable": "tgw-rtb-1" }
        ]),
    );
    set(
        &mut doc,
        "/transitGatewayRouteTables",
        json!([
            { "id": "tgw-rtb-1", "transitGateway": "tgw-1", "propagations": ["tgw-attach-a"],
              "routes": [{ "destination": "10.1.0.0/16", "attachment": "tgw-attach-peer" }] },
            { "id": "tgw-rtb-2", "transitGateway": "tgw-2", "propagations": ["tgw-attach-b"],
              "routes": [{ "destination": "10.0.0.0/16", "attachment": "tgw-attach-peer" }] }
        ]),
    );
    let trace = https(&doc, "i-a", "i-b");
    assert_eq!(verdict(&trace), "reachable", "{trace:#?}");
    assert_eq!(
        hop_resources(&trace),
        [
            "sg-a",
            "rtb-a",
            "tgw-1",
            "tgw-rtb-1",
            "tgw-attach-peer",
            "tgw-rtb-2",
            "tgw-attach-b",
            "sg-b",
            "i-b"
        ]
    );
    // A peering attachment that is not available carries nothing.
    set(
        &mut doc,
        "/transitGatewayAttachments/2/state",
        json!("pendingAcceptance"),
    );
    assert_eq!(verdict(&https(&doc, "i-a", "i-b")), "BAD_STATE_ATTACHMENT");
}

#[test]
fn ends_can_be_named_by_interface_address_and_site_name() {
    let mut doc = with_vpn(true, json!([{ "status": "UP" }]));
    doc["networkInterfaces"] = json!([{ "id": "eni-b", "subnet": "subnet-b1", "privateIps": ["10.1.1.20"], "securityGroups": ["sg-b"] }]);
    let trace = https(&doc, "i-a", "eni-b");
    assert_eq!(verdict(&trace), "reachable");
    assert_eq!(trace.to.kind, "network-interface");
    // By address: the interface that holds it, with its groups (sg-b refuses port 22).
    let trace = run(&doc, "10.0.1.10", "10.1.1.20", Some("tcp"), Some(22));
    assert_eq!(trace.from.id, "i-a");
    assert_eq!(trace.to.id, "eni-b");
    assert_eq!(verdict(&trace), "ENI_SG_RULES_MISMATCH");
    // An on-premises network by its name, case-insensitively.
    assert_eq!(https(&doc, "i-a", "data CENTER").to.id, "dc");
}

// Properties over generated topologies with random damage (routes removed, peerings not active,
// groups emptied), so that every kind of stop occurs.

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn damaged(n_vpcs: usize, damage: &[(u16, u8)]) -> Topology {
        let mut topo = vpcmap::sample::generated(n_vpcs);
        for &(at, kind) in damage {
            let at = usize::from(at);
            match kind % 3 {
                0 => {
                    let table = at % topo.route_tables.len();
                    let routes = &mut topo.route_tables[table].routes;
                    if routes.len() > 1 {
                        let index = 1 + at % (routes.len() - 1);
                        routes.remove(index);
                    }
                }
                1 if !topo.vpc_peering_connections.is_empty() => {
                    let index = at % topo.vpc_peering_connections.len();
                    topo.vpc_peering_connections[index].status = Some("pending-acceptance".into());
                }
                _ => {
                    let index = at % topo.security_groups.len();
                    topo.security_groups[index].ingress.clear();
                }
            }
        }
        topo
    }

    fn ends(topo: &Topology) -> Vec<String> {
        let mut ends: Vec<String> = topo.subnets.iter().map(|s| s.id.to_string()).collect();
        ends.extend(topo.instances.iter().map(|i| i.id.to_string()));
        ends.push("internet".to_string());
        ends
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

        #[test]
        fn every_end_reaches_itself(n in 2usize..20, damage in prop::collection::vec((any::<u16>(), any::<u8>()), 0..12)) {
            let topo = damaged(n, &damage);
            for subnet in &topo.subnets {
                let trace = reach::trace(&topo, &query(subnet.id.as_str(), subnet.id.as_str(), Some("tcp"), Some(443))).unwrap();
                prop_assert!(trace.reachable, "{} → itself: {:?}", subnet.id, trace.blocked);
            }
        }

        #[test]
        fn a_route_that_matches_neither_direction_changes_nothing(
            n in 2usize..20,
            damage in prop::collection::vec((any::<u16>(), any::<u8>()), 0..12),
            pair in (any::<u16>(), any::<u16>()),
            table in any::<u16>(),
        ) {
            let topo = damaged(n, &damage);
            let ends = ends(&topo);
            let (from, to) = (&ends[usize::from(pair.0) % ends.len()], &ends[usize::from(pair.1) % ends.len()]);
            let q = query(from, to, Some("tcp"), Some(443));
            let before = reach::trace(&topo, &q).unwrap();
            // 192.0.2.0/24 (TEST-NET-1) holds no address of the generated documents.
            let mut changed = topo.clone();
            let index = usize::from(table) % changed.route_tables.len();
            let target = changed.vpc_peering_connections.first().map(|p| p.id.to_string()).unwrap_or_else(|| "local".into());
            let added = reach::Change::AddRoute {
                route_table: changed.route_tables[index].id.to_string(),
                destination: "192.0.2.0/24".to_string(),
                target,
            };
            prop_assert!(reach::apply(&mut changed, &added));
            let after = reach::trace(&changed, &q).unwrap();
            prop_assert_eq!(before.reachable, after.reachable, "{} → {}", from, to);
            prop_assert_eq!(before.blocked.map(|b| b.code), after.blocked.map(|b| b.code));
        }

        #[test]
        fn a_fix_when_given_makes_the_trace_succeed(
            n in 2usize..12,
            damage in prop::collection::vec((any::<u16>(), any::<u8>()), 1..10),
            pair in (any::<u16>(), any::<u16>()),
        ) {
            let topo = damaged(n, &damage);
            let ends = ends(&topo);
            let (from, to) = (&ends[usize::from(pair.0) % ends.len()], &ends[usize::from(pair.1) % ends.len()]);
            let q = query(from, to, Some("tcp"), Some(443));
            let trace = reach::trace(&topo, &q).unwrap();
            if let Some(blocked) = trace.blocked.filter(|b| b.fix.is_some()) {
                let mut fixed = topo.clone();
                for change in &blocked.changes {
                    prop_assert!(reach::apply(&mut fixed, change));
                }
                prop_assert!(reach::trace(&fixed, &q).unwrap().reachable, "{} → {}: {:?}", from, to, blocked.fix);
            }
        }
    }
}
