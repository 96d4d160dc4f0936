//! Lookups shared by the rules, built once per `validate::run`.
//!
//! Rules ask "what is this id called", "which CIDRs does this peering side have", "which route
//! tables does this VPC have"; answering each from the topology's lists would make the rules
//! quadratic, so the answers are indexed here, in `BTreeMap`s so nothing depends on hash order.

use super::{plan, Finding, Severity};
use crate::model::*;
use ipnet::Ipv4Net;
use std::collections::BTreeMap;

pub(crate) struct Ctx<'a> {
    pub topo: &'a Topology,
    pub vpcs: BTreeMap<&'a str, &'a Vpc>,
    pub peerings: BTreeMap<&'a str, &'a VpcPeeringConnection>,
    /// Route tables by VPC id, in document order.
    pub tables_by_vpc: BTreeMap<&'a str, Vec<&'a RouteTable>>,
    names: BTreeMap<String, String>,
    /// Every IPv4 range the document uses, merged and sorted, for free-block hints. Built once:
    /// hints are written per finding, and a document can have thousands of findings.
    used_v4: Vec<(u32, u32)>,
    /// The route table of each subnet, as an index into `topo.route_tables`
    /// (`routes::subnet_tables`), built on first use: several families ask for it. Owned keys
    /// keep `Ctx` covariant in `'a`.
    pub subnet_tables: std::cell::OnceCell<BTreeMap<String, usize>>,
}

impl<'a> Ctx<'a> {
    pub fn new(topo: &'a Topology) -> Ctx<'a> {
        let mut tables_by_vpc: BTreeMap<&str, Vec<&RouteTable>> = BTreeMap::new();
        for table in &topo.route_tables {
            tables_by_vpc
                .entry(table.vpc.as_str())
                .or_default()
                .push(table);
        }
        Ctx {
            topo,
            vpcs: topo.vpcs.iter().map(|vpc| (vpc.id.as_str(), vpc)).collect(),
            peerings: topo
                .vpc_peering_connections
                .iter()
                .map(|pcx| (pcx.id.as_str(), pcx))
                .collect(),
            tables_by_vpc,
            names: topo.names(),
            used_v4: plan::used_ranges(topo),
            subnet_tables: std::cell::OnceCell::new(),
        }
    }

    /// `name (id)` when the resource has a Name tag, else the id: how messages name things.
    pub fn label(&self, id: &str) -> String {
        match self.names.get(id) {
            Some(name) if name != id => format!("{name} ({id})"),
            _ => id.to_string(),
        }
    }

    /// The IPv4 blocks of one side of a peering: the VPC's own when the document has the VPC,
    /// else what the peering reports for that side.
    pub fn side_cidrs(&self, side: &'a PeeringSide) -> &'a [Cidr4] {
        match self.vpcs.get(side.vpc.as_str()) {
            Some(vpc) => &vpc.cidrs,
            None => &side.cidrs,
        }
    }

    /// A block of the same size as `like` inside 10.0.0.0/8 that overlaps nothing the document
    /// uses: the "e.g. 10.7.0.0/16" of overlap hints.
    pub fn free_block_like(&self, like: &Cidr4) -> Option<Ipv4Net> {
        plan::suggest_like(&self.used_v4, like)
    }

    pub fn side_ipv6_cidrs(&self, side: &'a PeeringSide) -> &'a [Cidr6] {
        match self.vpcs.get(side.vpc.as_str()) {
            Some(vpc) => &vpc.ipv6_cidrs,
            None => &side.ipv6_cidrs,
        }
    }

    pub fn finding(
        &self,
        code: &str,
        severity: Severity,
        message: String,
        resources: Vec<String>,
        hint: Option<String>,
    ) -> Finding {
        Finding {
            code: code.to_string(),
            severity,
            message,
            resources,
            hint,
            suppressed: None,
        }
    }
}
