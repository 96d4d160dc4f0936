//! Unit tests of the model's serde form (the native format).

use super::*;

#[test]
fn route_targets_are_classified_by_prefix() {
    assert_eq!(RouteTarget::from_id("local"), RouteTarget::Local);
    assert!(matches!(
        RouteTarget::from_id("pcx-1"),
        RouteTarget::VpcPeering(_)
    ));
    assert!(matches!(
        RouteTarget::from_id("vpce-1"),
        RouteTarget::VpcEndpoint(_)
    ));
    assert!(matches!(
        RouteTarget::from_id("eigw-1"),
        RouteTarget::EgressOnlyInternetGateway(_)
    ));
    assert!(matches!(
        RouteTarget::from_id("lgw-1"),
        RouteTarget::Other(_)
    ));
}

#[test]
fn destinations_parse_each_form() {
    assert!(matches!(
        "10.0.0.0/8".parse::<Destination>(),
        Ok(Destination::Ipv4(_))
    ));
    assert!(matches!(
        "::/0".parse::<Destination>(),
        Ok(Destination::Ipv6(_))
    ));
    assert!(matches!(
        "pl-02cd2c6b".parse::<Destination>(),
        Ok(Destination::PrefixList(_))
    ));
    assert!("10.0.0.0/40".parse::<Destination>().is_err());
}

#[test]
fn a_minimal_document_round_trips_and_omits_defaults() {
    let text = r#"{"format":"vpcmap/1","vpcs":[{"id":"vpc-a","region":"us-east-1","cidrs":["10.0.0.0/16"]}],"routeTables":[{"id":"rtb-a","vpc":"vpc-a","main":true,"routes":[{"destination":"10.0.0.0/16","target":"local"}]}]}"#;
    let topo: Topology = serde_json::from_str(text).unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(topo.vpcs[0].cidrs[0].to_string(), "10.0.0.0/16");
    assert_eq!(topo.route_tables[0].routes[0].target, RouteTarget::Local);
    let back = serde_json::to_string(&topo).unwrap_or_else(|e| unreachable!("{e}"));
    assert_eq!(back, text);
}

#[test]
fn unknown_fields_are_refused() {
    let text = r#"{"format":"vpcmap/1","vpcs":[{"id":"vpc-a","region":"us-east-1","cidrs":[],"cidr":"10.0.0.0/16"}]}"#;
    assert!(serde_json::from_str::<Topology>(text).is_err());
}
