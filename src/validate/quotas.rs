//! Quotas (catalog §1.14): counts the document reaches against AWS's default quotas.
//!
//! Adjustable quotas give warnings — the account may well have an increase — and the document
//! records increases in `quotas` (`{code, value, account?, region?}`), which replace the default
//! for that scope. Hard limits give errors, and no entry in `quotas` lifts them. Every count is one
//! pass over a list into a `BTreeMap`, so a 5,000-VPC document costs a few milliseconds here.

use super::context::Ctx;
use super::{Finding, Severity};
use crate::idmap::IdMap;
use crate::model::*;
use std::collections::BTreeMap;

/// One quota as a finding needs it.
struct Quota {
    code: &'static str,
    /// The default.
    default: u64,
    /// `true`: a hard limit; `quotas` entries do not lift it.
    hard: bool,
    /// What is counted, plural: "VPCs", "subnets".
    what: &'static str,
    /// The scope in words: "per Region", "per VPC".
    per: &'static str,
}

impl Quota {
    const fn adjustable(
        code: &'static str,
        default: u64,
        what: &'static str,
        per: &'static str,
    ) -> Quota {
        Quota {
            code,
            default,
            hard: false,
            what,
            per,
        }
    }
    const fn hard(
        code: &'static str,
        default: u64,
        what: &'static str,
        per: &'static str,
    ) -> Quota {
        Quota {
            code,
            default,
            hard: true,
            what,
            per,
        }
    }
}

/// The value in force for a quota in a scope: the most specific `quotas` entry, else the default.
fn limit(ctx: &Ctx, quota: &Quota, account: Option<&AccountId>, region: Option<&str>) -> u64 {
    if quota.hard {
        return quota.default;
    }
    let mut best: Option<(u8, u64)> = None;
    for entry in ctx.topo.quotas.iter().filter(|q| q.code == quota.code) {
        let account_fits = entry.account.as_ref().is_none_or(|a| Some(a) == account);
        let region_fits = entry.region.as_deref().is_none_or(|r| Some(r) == region);
        if !(account_fits && region_fits) {
            continue;
        }
        let specificity = u8::from(entry.account.is_some()) + u8::from(entry.region.is_some());
        if best.is_none_or(|(s, _)| specificity > s) {
            best = Some((specificity, entry.value));
        }
    }
    best.map(|(_, value)| value).unwrap_or(quota.default)
}

/// Report `count` against the quota for `subject` (a resource id, or a scope like
/// `us-east-1`), naming `resources()` (the subject first): a list built only for a finding,
/// since nearly every count is under its quota.
#[allow(clippy::too_many_arguments)]
fn check(
    ctx: &Ctx,
    out: &mut Vec<Finding>,
    quota: &Quota,
    count: u64,
    subject: &str,
    resources: &dyn Fn() -> Vec<String>,
    account: Option<&AccountId>,
    region: Option<&str>,
) {
    let allowed = limit(ctx, quota, account, region);
    if count <= allowed {
        return;
    }
    let (severity, hint) = if quota.hard {
        (
            Severity::Error,
            format!(
                "{allowed} {} {} is a hard limit AWS does not raise: split the design (another VPC, Region or gateway)",
                quota.what, quota.per
            ),
        )
    } else {
        let scope = match (account, region) {
            (Some(account), Some(region)) => {
                format!(", \"account\": \"{account}\", \"region\": \"{region}\"")
            }
            (None, Some(region)) => format!(", \"region\": \"{region}\""),
            (Some(account), None) => format!(", \"account\": \"{account}\""),
            (None, None) => String::new(),
        };
        (
            Severity::Warning,
            format!(
                "request an increase (Service Quotas), then record it: add {{\"code\": \"{}\", \"value\": {count}{scope}}} to \"quotas\"",
                quota.code
            ),
        )
    };
    let which = if allowed == quota.default {
        "default quota"
    } else {
        "recorded quota"
    };
    let message = format!(
        "{} has {count} {}, over the {which} of {allowed} {}",
        subject_label(ctx, subject),
        quota.what,
        quota.per
    );
    out.push(ctx.finding(quota.code, severity, message, resources(), Some(hint)));
}

fn subject_label(ctx: &Ctx, subject: &str) -> String {
    if subject.contains(':') || subject.contains(' ') {
        subject.to_string()
    } else {
        ctx.label(subject)
    }
}

/// `account/region` scope key and its display text.
fn scope_text(account: Option<&AccountId>, region: &str) -> String {
    match account {
        Some(account) => format!("account {account} in {region}"),
        None => format!("Region {region}"),
    }
}

/// Count items per key, keeping the first few ids of each group for the finding.
struct Counter<'a, K: Ord> {
    groups: BTreeMap<K, (u64, Vec<&'a str>)>,
}

impl<'a, K: Ord> Counter<'a, K> {
    fn new() -> Self {
        Counter {
            groups: BTreeMap::new(),
        }
    }
    fn add(&mut self, key: K, id: &'a str, weight: u64) {
        let entry = self.groups.entry(key).or_insert((0, Vec::new()));
        entry.0 += weight;
        keep_smallest(&mut entry.1, id);
    }
}

/// Keep the five smallest ids, so the finding names the same ones whatever the order.
fn keep_smallest<'a>(ids: &mut Vec<&'a str>, id: &'a str) {
    if let Err(at) = ids.binary_search(&id) {
        if at < 5 {
            ids.insert(at, id);
            ids.truncate(5);
        }
    }
}

/// `Counter` for keys that are resource ids, with a hashed index: per-VPC counts see every
/// subnet, table and ACL of the document, and a `BTreeMap` over `vpc-…` ids was most of their
/// time. It only sums; the ids a finding names are gathered afterwards for the few keys over
/// their quota (`smallest_ids`). Groups stay in first-seen order; the findings are sorted at
/// the end of the run.
struct IdCounter<'a> {
    index: crate::idmap::IdMap<'a, usize>,
    groups: Vec<(&'a str, u64)>,
}

impl<'a> IdCounter<'a> {
    fn new() -> Self {
        IdCounter {
            index: crate::idmap::IdMap::new(),
            groups: Vec::new(),
        }
    }
    fn add(&mut self, key: &'a str, weight: u64) {
        let next = self.groups.len();
        let at = *self.index.entry(key).or_insert(next);
        if at == next {
            self.groups.push((key, 0));
        }
        if let Some((_, count)) = self.groups.get_mut(at) {
            *count += weight;
        }
    }
    /// The five smallest ids of each group `wanted` marks, from the pairs that were counted.
    fn smallest_ids(&self, items: &[(&VpcId, &'a str, u64)], wanted: &[bool]) -> Vec<Vec<&'a str>> {
        let mut ids = vec![Vec::new(); self.groups.len()];
        for (key, id, _) in items {
            if let Some(&at) = self.index.get(key.as_str()) {
                if wanted.get(at).copied().unwrap_or(false) {
                    keep_smallest(&mut ids[at], id);
                }
            }
        }
        ids
    }
}

fn vpc_scope<'a>(ctx: &Ctx<'a>, vpc: &str) -> (Option<&'a AccountId>, Option<&'a str>) {
    match ctx.vpcs.get(vpc) {
        Some(vpc) => (vpc.account.as_ref(), Some(vpc.region.as_str())),
        None => (None, None),
    }
}

/// Per (account, Region) counts: VPCs, security groups, prefix lists, gateway endpoints, customer
/// gateways, virtual private gateways, VPN connections.
pub(super) fn per_region(ctx: &Ctx, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    type Key = (Option<AccountId>, String);
    let region_of_vpc = |id: &VpcId| {
        ctx.vpcs
            .get(id.as_str())
            .map(|v| (v.account.clone(), v.region.clone()))
    };
    let mut run = |quota: Quota, items: Vec<(Key, &str, u64)>| {
        let mut counter: Counter<'_, Key> = Counter::new();
        for (key, id, weight) in items {
            counter.add(key, id, weight);
        }
        for ((account, region), (count, ids)) in &counter.groups {
            let subject = scope_text(account.as_ref(), region);
            check(
                ctx,
                out,
                &quota,
                *count,
                &subject,
                &|| ids.iter().map(|id| id.to_string()).collect(),
                account.as_ref(),
                Some(region),
            );
        }
    };
    run(
        Quota::adjustable("QUOTA_VPCS_PER_REGION", 5, "VPCs", "per Region"),
        topo.vpcs
            .iter()
            .map(|v| ((v.account.clone(), v.region.clone()), v.id.as_str(), 1))
            .collect(),
    );
    run(
        Quota::adjustable("QUOTA_SG_PER_REGION", 2500, "security groups", "per Region"),
        topo.security_groups
            .iter()
            .filter_map(|g| region_of_vpc(&g.vpc).map(|k| (k, g.id.as_str(), 1)))
            .collect(),
    );
    run(
        Quota::adjustable(
            "QUOTA_PREFIX_LISTS",
            100,
            "customer-managed prefix lists",
            "per Region",
        ),
        topo.prefix_lists
            .iter()
            .filter(|p| !aws_managed(p))
            .filter_map(|p| p.region.clone().map(|r| ((None, r), p.id.as_str(), 1)))
            .collect(),
    );
    run(
        Quota::adjustable(
            "QUOTA_GATEWAY_ENDPOINTS",
            20,
            "gateway endpoints",
            "per Region",
        ),
        topo.vpc_endpoints
            .iter()
            .filter(|e| e.endpoint_type == EndpointType::Gateway)
            .filter_map(|e| region_of_vpc(&e.vpc).map(|k| (k, e.id.as_str(), 1)))
            .collect(),
    );
    run(
        Quota::adjustable(
            "QUOTA_CGW_PER_REGION",
            50,
            "customer gateways",
            "per Region",
        ),
        topo.customer_gateways
            .iter()
            .filter_map(|g| g.region.clone().map(|r| ((None, r), g.id.as_str(), 1)))
            .collect(),
    );
    run(
        Quota::adjustable(
            "QUOTA_VGW_PER_REGION",
            5,
            "virtual private gateways",
            "per Region",
        ),
        topo.vpn_gateways
            .iter()
            .filter(|g| !terminal(&g.state))
            .filter_map(|g| g.region.clone().map(|r| ((None, r), g.id.as_str(), 1)))
            .collect(),
    );
    let vpns: Vec<&VpnConnection> = topo
        .vpn_connections
        .iter()
        .filter(|v| !terminal(&v.state))
        .collect();
    run(
        Quota::adjustable(
            "QUOTA_VPN_PER_REGION",
            50,
            "Site-to-Site VPN connections",
            "per Region",
        ),
        vpns.iter()
            .filter_map(|v| v.region.clone().map(|r| ((None, r), v.id.as_str(), 1)))
            .collect(),
    );
    run(
        Quota::adjustable(
            "QUOTA_VPN_PER_REGION",
            10,
            "accelerated VPN connections",
            "per Region",
        ),
        vpns.iter()
            .filter(|v| v.enable_acceleration)
            .filter_map(|v| v.region.clone().map(|r| ((None, r), v.id.as_str(), 1)))
            .collect(),
    );
}

/// Per-VPC counts: subnets, blocks, gateways, route tables, ACLs, peerings, endpoints, addresses.
pub(super) fn per_vpc<'a>(ctx: &Ctx<'a>, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    type Items<'a> = Vec<(&'a VpcId, &'a str, u64)>;
    // `counts`, when given, are the per-VPC counts of `items` (the shared groups of `Ctx`
    // already hold them); `items` is asked for only when some VPC is over.
    let mut run =
        |quota: Quota, counts: Option<Vec<(&str, u64)>>, items: &dyn Fn() -> Items<'a>| {
            // Most VPCs are far below every quota, and most quotas have no recorded increase (so
            // no VPC's account and Region matter): decide first, then gather the finding's ids.
            let recorded = ctx.topo.quotas.iter().any(|q| q.code == quota.code);
            let is_over = |vpc: &str, count: u64| {
                if recorded {
                    let (account, region) = vpc_scope(ctx, vpc);
                    count > limit(ctx, &quota, account, region)
                } else {
                    count > quota.default
                }
            };
            if let Some(counts) = &counts {
                if !counts.iter().any(|&(vpc, count)| is_over(vpc, count)) {
                    return;
                }
            }
            let items = items();
            let mut counter = IdCounter::new();
            for &(vpc, _, weight) in &items {
                counter.add(vpc.as_str(), weight);
            }
            let over: Vec<bool> = counter
                .groups
                .iter()
                .map(|&(vpc, count)| is_over(vpc, count))
                .collect();
            if !over.contains(&true) {
                return;
            }
            let ids = counter.smallest_ids(&items, &over);
            for (at, &(vpc, count)) in counter.groups.iter().enumerate() {
                if !over[at] {
                    continue;
                }
                let (account, region) = vpc_scope(ctx, vpc);
                let resources = || {
                    let mut resources = vec![vpc.to_string()];
                    resources.extend(ids[at].iter().map(|id| id.to_string()));
                    resources
                };
                check(ctx, out, &quota, count, vpc, &resources, account, region);
            }
        };
    run(
        Quota::adjustable("QUOTA_SUBNETS_PER_VPC", 200, "subnets", "per VPC"),
        Some(
            ctx.subnet_groups
                .iter()
                .map(|(vpc, subnets)| (vpc, subnets.len() as u64))
                .collect(),
        ),
        &|| {
            topo.subnets
                .iter()
                .map(|s| (&s.vpc, s.id.as_str(), 1))
                .collect()
        },
    );
    run(
        Quota::adjustable("QUOTA_ROUTE_TABLES_PER_VPC", 200, "route tables", "per VPC"),
        Some(
            ctx.tables_by_vpc
                .iter()
                .map(|(vpc, tables)| (vpc, tables.len() as u64))
                .collect(),
        ),
        &|| {
            topo.route_tables
                .iter()
                .map(|t| (&t.vpc, t.id.as_str(), 1))
                .collect()
        },
    );
    run(
        Quota::adjustable("QUOTA_NACLS_PER_VPC", 200, "network ACLs", "per VPC"),
        None,
        &|| {
            topo.network_acls
                .iter()
                .map(|a| (&a.vpc, a.id.as_str(), 1))
                .collect()
        },
    );
    // One internet gateway per VPC (QUOTA_IGW_PER_VPC) is GW_IGW_MULTIPLE of the gateway family.
    run(
        Quota::adjustable(
            "QUOTA_INTERFACE_ENDPOINTS",
            50,
            "interface and Gateway Load Balancer endpoints",
            "per VPC",
        ),
        None,
        &|| {
            topo.vpc_endpoints
                .iter()
                .filter(|e| {
                    matches!(
                        e.endpoint_type,
                        EndpointType::Interface | EndpointType::GatewayLoadBalancer
                    )
                })
                .map(|e| (&e.vpc, e.id.as_str(), 1))
                .collect()
        },
    );
    // Peerings in state active count against both VPCs (the shared index lists each under
    // both; a VPC peered with itself counts it twice, as the two sides do).
    let active = || {
        let mut active = Vec::new();
        for (vpc, peerings) in ctx.active_peerings_by_vpc.iter() {
            for pcx in peerings {
                let side = if pcx.requester.vpc.as_str() == vpc {
                    &pcx.requester.vpc
                } else {
                    &pcx.accepter.vpc
                };
                active.push((side, pcx.id.as_str(), 1));
            }
        }
        active
    };
    run(
        Quota::adjustable(
            "QUOTA_PEERING_ACTIVE",
            50,
            "active peering connections",
            "per VPC",
        ),
        Some(
            ctx.active_peerings_by_vpc
                .iter()
                .map(|(vpc, peerings)| (vpc, peerings.len() as u64))
                .collect(),
        ),
        &active,
    );
    run(
        Quota::adjustable("QUOTA_NAU", 64_000, "network address units", "per VPC"),
        None,
        &|| address_unit_items(ctx),
    );
}

/// VPC CIDR blocks, NAT gateways per zone.
pub(super) fn vpc_blocks_and_nat(ctx: &Ctx, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    for vpc in &topo.vpcs {
        let (account, region) = (vpc.account.as_ref(), Some(vpc.region.as_str()));
        let v4 = vpc.cidrs.len()
            + vpc
                .other_cidrs
                .iter()
                .filter(|c| c.cidr.v4().is_some() && c.state == "associating")
                .count();
        let quota = Quota::adjustable(
            "QUOTA_VPC_IPV4_CIDRS",
            5,
            "IPv4 blocks (the primary counts)",
            "per VPC",
        );
        check(
            ctx,
            out,
            &quota,
            v4 as u64,
            vpc.id.as_str(),
            &|| vec![vpc.id.to_string()],
            account,
            region,
        );
        let quota = Quota::adjustable("QUOTA_VPC_IPV6_CIDRS", 5, "IPv6 blocks", "per VPC");
        check(
            ctx,
            out,
            &quota,
            vpc.ipv6_cidrs.len() as u64,
            vpc.id.as_str(),
            &|| vec![vpc.id.to_string()],
            account,
            region,
        );
    }
    let zone_of: crate::idmap::IdMap<(&str, &VpcId)> = topo
        .subnets
        .iter()
        .filter_map(|s| s.az.as_deref().map(|az| (s.id.as_str(), (az, &s.vpc))))
        .collect();
    let mut counter: Counter<&str> = Counter::new();
    for nat in topo.nat_gateways.iter().filter(|n| !terminal(&n.state)) {
        if let Some((az, _)) = zone_of.get(nat.subnet.as_str()) {
            counter.add(az, nat.id.as_str(), 1);
        }
    }
    let quota = Quota::adjustable(
        "QUOTA_NAT_PER_AZ",
        5,
        "NAT gateways",
        "per availability zone",
    );
    for (az, (count, ids)) in &counter.groups {
        let region = az.trim_end_matches(|c: char| c.is_ascii_lowercase());
        check(
            ctx,
            out,
            &quota,
            *count,
            &format!("zone {az}"),
            &|| ids.iter().map(|id| id.to_string()).collect(),
            None,
            Some(region),
        );
    }
}

/// How many entries a prefix-list reference costs in a route table or security group: AWS-managed
/// lists by their weight (S3 and DynamoDB 1, CloudFront 55), customer-managed lists by their
/// maximum entries.
fn list_weight(ctx: &Ctx, id: &PrefixListId) -> u64 {
    match ctx.topo.prefix_lists.iter().find(|p| &p.id == id) {
        Some(list)
            if aws_managed(list)
                && list
                    .name
                    .as_deref()
                    .is_some_and(|n| n.contains("cloudfront")) =>
        {
            55
        }
        Some(list) if aws_managed(list) => 1,
        Some(list) => u64::from(list.max_entries.unwrap_or(list.cidrs.len() as u32)),
        None => 1,
    }
}

fn aws_managed(list: &PrefixList) -> bool {
    list.name
        .as_deref()
        .is_some_and(|n| n.starts_with("com.amazonaws."))
}

fn terminal(state: &Option<String>) -> bool {
    state.as_deref().is_some_and(|s| {
        matches!(
            s.to_ascii_lowercase().as_str(),
            "deleted" | "deleting" | "failed" | "rejected" | "expired"
        )
    })
}

/// Routes per route table (non-propagated, per family, prefix lists by weight) and propagated
/// routes per table.
pub(super) fn routes(ctx: &Ctx, out: &mut Vec<Finding>) {
    let per_table = Quota::adjustable(
        "QUOTA_ROUTES_PER_TABLE",
        50,
        "non-propagated routes of one address family",
        "per route table",
    );
    let propagated = Quota::hard(
        "QUOTA_PROPAGATED_ROUTES",
        100,
        "propagated routes",
        "per route table",
    );
    for table in &ctx.topo.route_tables {
        let (account, region) = vpc_scope(ctx, table.vpc.as_str());
        let (mut v4, mut v6, mut bgp) = (0u64, 0u64, 0u64);
        for route in &table.routes {
            if route.origin.is_propagated() {
                bgp += 1;
                continue;
            }
            match &route.destination {
                Destination::Ipv4(_) => v4 += 1,
                Destination::Ipv6(_) => v6 += 1,
                Destination::PrefixList(id) => v4 += list_weight(ctx, id),
            }
        }
        let resources = || vec![table.id.to_string(), table.vpc.to_string()];
        check(
            ctx,
            out,
            &per_table,
            v4.max(v6),
            table.id.as_str(),
            &resources,
            account,
            region,
        );
        check(
            ctx,
            out,
            &propagated,
            bgp,
            table.id.as_str(),
            &resources,
            account,
            region,
        );
    }
}

/// Security-group rules per group and direction, groups per interface, ACL entries.
pub(super) fn rules(ctx: &Ctx, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    let rules = Quota::adjustable(
        "QUOTA_SG_RULES",
        60,
        "inbound or outbound rules of one address family",
        "per security group",
    );
    // Without a recorded increase a count at or under the default needs no look at the
    // resource's account and Region (`check` would find the default and return).
    let recorded = |quota: &Quota| topo.quotas.iter().any(|q| q.code == quota.code);
    let rules_recorded = recorded(&rules);
    let mut rules_of: crate::idmap::IdMap<u64> =
        crate::idmap::IdMap::with_capacity(topo.security_groups.len());
    for group in &topo.security_groups {
        let mut worst = 0;
        for direction in [&group.ingress, &group.egress] {
            let (mut v4, mut v6) = (0u64, 0u64);
            for rule in direction.iter() {
                v4 += rule.cidrs.len() as u64 + rule.groups.len() as u64;
                v4 += rule
                    .prefix_lists
                    .iter()
                    .map(|p| list_weight(ctx, p))
                    .sum::<u64>();
                v6 += rule.ipv6_cidrs.len() as u64;
            }
            worst = worst.max(v4).max(v6);
        }
        rules_of.insert(group.id.as_str(), worst);
        if !rules_recorded && worst <= rules.default {
            continue;
        }
        let (account, region) = vpc_scope(ctx, group.vpc.as_str());
        check(
            ctx,
            out,
            &rules,
            worst,
            group.id.as_str(),
            &|| vec![group.id.to_string()],
            account,
            region,
        );
    }
    let per_eni = Quota::adjustable(
        "QUOTA_SG_PER_ENI",
        5,
        "security groups",
        "per network interface",
    );
    let per_eni_recorded = recorded(&per_eni);
    let mut interfaces: Vec<(&str, &[SecurityGroupId], &SubnetId)> = topo
        .network_interfaces
        .iter()
        .map(|e| (e.id.as_str(), e.security_groups.as_slice(), &e.subnet))
        .collect();
    let with_eni: crate::idmap::IdMap<()> = topo
        .network_interfaces
        .iter()
        .filter_map(|e| e.instance.as_ref().map(|i| (i.as_str(), ())))
        .collect();
    interfaces.extend(
        topo.instances
            .iter()
            .filter(|i| !with_eni.contains_key(i.id.as_str()))
            .map(|i| (i.id.as_str(), i.security_groups.as_slice(), &i.subnet)),
    );
    for (id, groups, subnet) in interfaces {
        let resources = || {
            let mut resources = vec![id.to_string()];
            resources.extend(groups.iter().map(|g| g.to_string()));
            resources
        };
        if per_eni_recorded || groups.len() as u64 > per_eni.default {
            // `Ctx::subnets` (the first copy of a duplicated id; imported documents have none).
            let vpc = ctx.subnets.get(subnet.as_str()).map(|s| &s.vpc);
            let (account, region) = vpc
                .map(|v| vpc_scope(ctx, v.as_str()))
                .unwrap_or((None, None));
            check(
                ctx,
                out,
                &per_eni,
                groups.len() as u64,
                id,
                &resources,
                account,
                region,
            );
        }
        // Rules per group × groups per interface may not pass 1,000 (a hard product).
        let most_rules = groups
            .iter()
            .filter_map(|g| rules_of.get(g.as_str()))
            .max()
            .copied()
            .unwrap_or(0);
        if most_rules * groups.len() as u64 > 1000 {
            out.push(ctx.finding(
                "QUOTA_SG_PER_ENI",
                Severity::Warning,
                format!(
                    "{} has {} groups of up to {most_rules} rules each: rules per group × groups per interface may not pass 1,000",
                    ctx.label(id),
                    groups.len()
                ),
                resources(),
                Some("merge groups or rules (a prefix list can stand for many CIDRs)".to_string()),
            ));
        }
    }
    let entries = Quota::adjustable(
        "QUOTA_NACL_RULES",
        20,
        "entries in one direction and family (the default deny counts)",
        "per network ACL",
    );
    for acl in &topo.network_acls {
        let (account, region) = vpc_scope(ctx, acl.vpc.as_str());
        let mut worst = 0u64;
        for egress in [false, true] {
            let v4 = acl
                .entries
                .iter()
                .filter(|e| e.egress == egress && e.ipv6_cidr.is_none())
                .count() as u64;
            let v6 = acl
                .entries
                .iter()
                .filter(|e| e.egress == egress && e.ipv6_cidr.is_some())
                .count() as u64;
            worst = worst.max(v4).max(v6);
        }
        check(
            ctx,
            out,
            &entries,
            worst,
            acl.id.as_str(),
            &|| vec![acl.id.to_string()],
            account,
            region,
        );
    }
}

/// Pending peering requests per requester account, endpoint policy size, prefix-list entries.
pub(super) fn requests_and_sizes(ctx: &Ctx, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    let mut pending: Counter<Option<&AccountId>> = Counter::new();
    for pcx in &topo.vpc_peering_connections {
        if pcx.status_code() == "pending-acceptance" {
            let account = pcx.requester.account.as_ref().or_else(|| {
                ctx.vpcs
                    .get(pcx.requester.vpc.as_str())
                    .and_then(|v| v.account.as_ref())
            });
            pending.add(account, pcx.id.as_str(), 1);
        }
    }
    let quota = Quota::adjustable(
        "QUOTA_PEERING_PENDING",
        25,
        "outstanding peering requests",
        "per account",
    );
    for (account, (count, ids)) in &pending.groups {
        let subject = match account {
            Some(a) => format!("account {a}"),
            None => "the account".to_string(),
        };
        check(
            ctx,
            out,
            &quota,
            *count,
            &subject,
            &|| ids.iter().map(|id| id.to_string()).collect(),
            *account,
            None,
        );
    }
    let policy = Quota::hard(
        "QUOTA_ENDPOINT_POLICY_SIZE",
        20_480,
        "characters of policy",
        "per endpoint policy",
    );
    for endpoint in &topo.vpc_endpoints {
        if let Some(text) = &endpoint.policy {
            let (account, region) = vpc_scope(ctx, endpoint.vpc.as_str());
            let resources = vec![endpoint.id.to_string()];
            check(
                ctx,
                out,
                &policy,
                text.chars().count() as u64,
                endpoint.id.as_str(),
                &|| resources.clone(),
                account,
                region,
            );
        }
    }
    let entries = Quota::adjustable("QUOTA_PREFIX_LISTS", 1000, "entries", "per prefix list");
    for list in topo.prefix_lists.iter().filter(|p| !aws_managed(p)) {
        let size = u64::from(list.max_entries.unwrap_or(0)).max(list.cidrs.len() as u64);
        check(
            ctx,
            out,
            &entries,
            size,
            list.id.as_str(),
            &|| vec![list.id.to_string()],
            None,
            list.region.as_deref(),
        );
    }
}

/// VPN connections per VGW and routes per VPN connection.
pub(super) fn vpn(ctx: &Ctx, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    let mut per_vgw: Counter<&str> = Counter::new();
    for vpn in topo.vpn_connections.iter().filter(|v| !terminal(&v.state)) {
        if let Some(vgw) = &vpn.vpn_gateway {
            per_vgw.add(vgw.as_str(), vpn.id.as_str(), 1);
        }
    }
    let quota = Quota::adjustable(
        "QUOTA_VPN_PER_VGW",
        10,
        "VPN connections",
        "per virtual private gateway",
    );
    for (vgw, (count, ids)) in &per_vgw.groups {
        let region = topo
            .vpn_gateways
            .iter()
            .find(|g| g.id.as_str() == *vgw)
            .and_then(|g| g.region.as_deref());
        let mut resources = vec![vgw.to_string()];
        resources.extend(ids.iter().map(|id| id.to_string()));
        check(
            ctx,
            out,
            &quota,
            *count,
            vgw,
            &|| resources.clone(),
            None,
            region,
        );
    }
    for vpn in topo.vpn_connections.iter().filter(|v| !terminal(&v.state)) {
        let region = vpn.region.as_deref();
        let on_vgw = vpn.vpn_gateway.is_some();
        let statics = vpn.routes.iter().filter(|r| !terminal(&r.state)).count() as u64;
        let advertised: u64 = topo
            .on_prem_networks
            .iter()
            .filter(|site| site.customer_gateways.contains(&vpn.customer_gateway))
            .map(|site| site.cidrs.len() as u64)
            .sum();
        let resources = vec![vpn.id.to_string()];
        if on_vgw {
            let quota = Quota::hard(
                "QUOTA_VPN_ROUTES",
                100,
                "static routes",
                "per VPN connection on a virtual private gateway",
            );
            check(
                ctx,
                out,
                &quota,
                statics,
                vpn.id.as_str(),
                &|| resources.clone(),
                None,
                region,
            );
        }
        if !vpn.static_routes_only {
            let (limit, per) = if on_vgw {
                (100, "per VPN connection on a virtual private gateway")
            } else {
                (1000, "per VPN connection on a transit gateway")
            };
            let quota = Quota::hard(
                "QUOTA_VPN_ROUTES",
                limit,
                "prefixes advertised by the customer gateway",
                per,
            );
            check(
                ctx,
                out,
                &quota,
                advertised,
                vpn.id.as_str(),
                &|| resources.clone(),
                None,
                region,
            );
        }
    }
}

/// Direct Connect: connections per location, DX gateways per account, associations and VIFs per
/// DX gateway, DX gateways per transit gateway. (Prefixes per BGP session are DX_ROUTES_OVER_LIMIT
/// of the dx family, and VIFs per connection DX_VIF_PER_CONNECTION: QUOTA_DX_PREFIXES and
/// QUOTA_DX_VIFS stay with them.)
pub(super) fn direct_connect(ctx: &Ctx, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    let mut per_location: Counter<(String, String)> = Counter::new();
    for connection in topo.dx_connections.iter().filter(|c| !terminal(&c.state)) {
        if let (Some(location), Some(region)) = (&connection.location, &connection.region) {
            per_location.add(
                (location.clone(), region.clone()),
                connection.id.as_str(),
                1,
            );
        }
    }
    let quota = Quota::adjustable(
        "QUOTA_DX_CONNECTIONS",
        10,
        "active connections",
        "per location and Region",
    );
    for ((location, region), (count, ids)) in &per_location.groups {
        check(
            ctx,
            out,
            &quota,
            *count,
            &format!("location {location} in {region}"),
            &|| ids.iter().map(|id| id.to_string()).collect(),
            None,
            Some(region),
        );
    }
    let mut per_account: Counter<Option<&AccountId>> = Counter::new();
    for gateway in &topo.dx_gateways {
        per_account.add(gateway.account.as_ref(), gateway.id.as_str(), 1);
    }
    let quota = Quota::adjustable(
        "QUOTA_DXGW_PER_ACCOUNT",
        200,
        "Direct Connect gateways",
        "per account",
    );
    for (account, (count, ids)) in &per_account.groups {
        let subject = account
            .map(|a| format!("account {a}"))
            .unwrap_or_else(|| "the account".to_string());
        check(
            ctx,
            out,
            &quota,
            *count,
            &subject,
            &|| ids.iter().map(|id| id.to_string()).collect(),
            *account,
            None,
        );
    }
    let live: Vec<&DxGatewayAssociation> = topo
        .dx_gateway_associations
        .iter()
        .filter(|a| !terminal(&a.state) && a.state.as_deref() != Some("disassociated"))
        .collect();
    let mut vgws: Counter<&str> = Counter::new();
    let mut tgws: Counter<&str> = Counter::new();
    let mut dxgws_per_tgw: Counter<&str> = Counter::new();
    for assoc in &live {
        if assoc.gateway.starts_with("vgw-") {
            vgws.add(assoc.dx_gateway.as_str(), assoc.gateway.as_str(), 1);
        } else if assoc.gateway.starts_with("tgw-") {
            tgws.add(assoc.dx_gateway.as_str(), assoc.gateway.as_str(), 1);
            dxgws_per_tgw.add(assoc.gateway.as_str(), assoc.dx_gateway.as_str(), 1);
        }
    }
    let report = |out: &mut Vec<Finding>, quota: Quota, counter: &Counter<&str>| {
        for (owner, (count, ids)) in &counter.groups {
            let mut resources = vec![owner.to_string()];
            resources.extend(ids.iter().map(|id| id.to_string()));
            check(
                ctx,
                out,
                &quota,
                *count,
                owner,
                &|| resources.clone(),
                None,
                None,
            );
        }
    };
    report(
        out,
        Quota::hard(
            "QUOTA_DX_VGW_PER_DXGW",
            20,
            "virtual private gateway associations",
            "per Direct Connect gateway",
        ),
        &vgws,
    );
    report(
        out,
        Quota::hard(
            "QUOTA_DX_TGW_PER_DXGW",
            6,
            "transit gateway associations",
            "per Direct Connect gateway",
        ),
        &tgws,
    );
    report(
        out,
        Quota::hard(
            "QUOTA_DXGW_PER_TGW",
            20,
            "Direct Connect gateways",
            "per transit gateway",
        ),
        &dxgws_per_tgw,
    );
    let mut vifs: Counter<&str> = Counter::new();
    for vif in topo
        .virtual_interfaces
        .iter()
        .filter(|v| !terminal(&v.state) && v.vif_type != VifType::Public)
    {
        if let Some(dxgw) = &vif.dx_gateway {
            vifs.add(dxgw.as_str(), vif.id.as_str(), 1);
        }
    }
    report(
        out,
        Quota::adjustable(
            "QUOTA_DX_VIF_PER_DXGW",
            30,
            "private or transit virtual interfaces",
            "per Direct Connect gateway",
        ),
        &vifs,
    );
}

/// Transit gateways per account, route tables, static routes, attachments and peerings per TGW.
pub(super) fn transit_gateways(ctx: &Ctx, out: &mut Vec<Finding>) {
    let topo = ctx.topo;
    let mut per_account: Counter<Option<&AccountId>> = Counter::new();
    for tgw in topo.transit_gateways.iter().filter(|t| !terminal(&t.state)) {
        per_account.add(tgw.account.as_ref(), tgw.id.as_str(), 1);
    }
    for (account, (count, ids)) in &per_account.groups {
        let quota = Quota::adjustable("QUOTA_TGW", 5, "transit gateways", "per account");
        let subject = account
            .map(|a| format!("account {a}"))
            .unwrap_or_else(|| "the account".to_string());
        check(
            ctx,
            out,
            &quota,
            *count,
            &subject,
            &|| ids.iter().map(|id| id.to_string()).collect(),
            *account,
            None,
        );
    }
    for tgw in &topo.transit_gateways {
        let scope = (tgw.account.as_ref(), Some(tgw.region.as_str()));
        let tables: Vec<&TransitGatewayRouteTable> = topo
            .transit_gateway_route_tables
            .iter()
            .filter(|t| t.transit_gateway == tgw.id)
            .collect();
        let statics: u64 = tables.iter().map(|t| t.routes.len() as u64).sum();
        let attachments: Vec<&TransitGatewayAttachment> = topo
            .transit_gateway_attachments
            .iter()
            .filter(|a| a.transit_gateway == tgw.id && !terminal(&a.state))
            .collect();
        let peerings = attachments
            .iter()
            .filter(|a| a.resource_type == "peering")
            .count() as u64;
        let resources = vec![tgw.id.to_string()];
        for (quota, count) in [
            (
                Quota::adjustable("QUOTA_TGW", 20, "route tables", "per transit gateway"),
                tables.len() as u64,
            ),
            (
                Quota::adjustable("QUOTA_TGW", 10_000, "static routes", "per transit gateway"),
                statics,
            ),
            (
                Quota::adjustable("QUOTA_TGW", 5_000, "attachments", "per transit gateway"),
                attachments.len() as u64,
            ),
            (
                Quota::adjustable(
                    "QUOTA_TGW",
                    50,
                    "peering attachments",
                    "per transit gateway",
                ),
                peerings,
            ),
        ] {
            check(
                ctx,
                out,
                &quota,
                count,
                tgw.id.as_str(),
                &|| resources.clone(),
                scope.0,
                scope.1,
            );
        }
        // One peering attachment between any two transit gateways.
        let mut peers: Counter<&str> = Counter::new();
        for att in attachments.iter().filter(|a| a.resource_type == "peering") {
            peers.add(att.resource.as_str(), att.id.as_str(), 1);
        }
        for (peer, (count, ids)) in &peers.groups {
            if *count > 1 {
                let mut resources = vec![tgw.id.to_string(), peer.to_string()];
                resources.extend(ids.iter().map(|id| id.to_string()));
                out.push(ctx.finding(
                    "QUOTA_TGW",
                    Severity::Warning,
                    format!(
                        "{} has {count} peering attachments with {}: AWS allows one between two transit gateways",
                        ctx.label(tgw.id.as_str()),
                        ctx.label(peer)
                    ),
                    resources,
                    Some("keep one peering attachment and route every shared prefix over it".to_string()),
                ));
            }
        }
    }
}

/// ## What it checks
/// The route tables of one VPC routing to more than one egress-only internet gateway (the
/// model has no gateway list of its own for them: route targets are the evidence).
/// ## Why it matters
/// A VPC has at most one egress-only internet gateway attached, a hard limit.
/// ## Fix
/// Route `::/0` of every table to the one gateway. (Source: [VUG-quotas].)
pub(super) fn eigw_per_vpc(ctx: &Ctx, out: &mut Vec<Finding>) {
    let quota = Quota::hard(
        "QUOTA_EIGW_PER_VPC",
        1,
        "egress-only internet gateways routed to",
        "per VPC",
    );
    for (vpc, tables) in ctx.tables_by_vpc.iter() {
        let mut eigws: Vec<&str> = tables
            .iter()
            .flat_map(|t| t.routes.iter())
            .filter_map(|r| match &r.target {
                RouteTarget::EgressOnlyInternetGateway(id) => Some(id.as_str()),
                _ => None,
            })
            .collect();
        crate::sort::sort(&mut eigws);
        eigws.dedup();
        if eigws.len() < 2 {
            continue;
        }
        let Some(vpc) = ctx.vpcs.get(vpc) else {
            continue;
        };
        let (account, region) = vpc_scope(ctx, vpc.id.as_str());
        let mut resources = vec![vpc.id.to_string()];
        resources.extend(eigws.iter().map(|id| id.to_string()));
        check(
            ctx,
            out,
            &quota,
            eigws.len() as u64,
            vpc.id.as_str(),
            &|| resources.clone(),
            account,
            region,
        );
    }
}

/// The instances some listed interface belongs to (they count through the interface).
fn instances_with_eni(topo: &Topology) -> IdMap<'_, ()> {
    topo.network_interfaces
        .iter()
        .filter_map(|e| e.instance.as_ref().map(|i| (i.as_str(), ())))
        .collect()
}

/// Each resource's network address units, with its VPC, as AWS counts them: one per private
/// address of an interface (an instance without a listed interface counts one), six per NAT
/// gateway, interface endpoint subnet and transit gateway attachment subnet. `QUOTA_NAU` counts
/// them per VPC, `PEERING_NAU` per VPC and its peers.
fn address_unit_items<'a>(ctx: &Ctx<'a>) -> Vec<(&'a VpcId, &'a str, u64)> {
    let topo = ctx.topo;
    let mut units = Vec::new();
    let subnet_vpc = |subnet: &str| ctx.subnets.get(subnet).map(|s| &s.vpc);
    let with_eni = instances_with_eni(topo);
    for eni in &topo.network_interfaces {
        if let Some(vpc) = subnet_vpc(eni.subnet.as_str()) {
            units.push((vpc, eni.id.as_str(), eni.private_ips.len().max(1) as u64));
        }
    }
    for instance in topo
        .instances
        .iter()
        .filter(|i| !with_eni.contains_key(i.id.as_str()))
    {
        if let Some(vpc) = subnet_vpc(instance.subnet.as_str()) {
            units.push((vpc, instance.id.as_str(), 1));
        }
    }
    for nat in &topo.nat_gateways {
        units.push((&nat.vpc, nat.id.as_str(), 6));
    }
    for endpoint in topo
        .vpc_endpoints
        .iter()
        .filter(|e| e.endpoint_type == EndpointType::Interface)
    {
        units.push((
            &endpoint.vpc,
            endpoint.id.as_str(),
            6 * endpoint.subnets.len().max(1) as u64,
        ));
    }
    for att in topo
        .transit_gateway_attachments
        .iter()
        .filter(|a| a.resource_type == "vpc")
    {
        if let Some(vpc) = ctx.vpcs.get(att.resource.as_str()) {
            units.push((
                &vpc.id,
                att.id.as_str(),
                6 * att.subnets.len().max(1) as u64,
            ));
        }
    }
    units
}

/// Network address units per VPC id (the sum of [`address_unit_items`]).
fn network_address_units<'a>(ctx: &Ctx<'a>) -> IdMap<'a, u64> {
    let mut units: IdMap<u64> = IdMap::new();
    for (vpc, _, weight) in address_unit_items(ctx) {
        *units.entry(vpc.as_str()).or_default() += weight;
    }
    units
}

/// The VPC on the other side of `pcx` from `vpc`; none for a peering of a VPC with itself.
fn far_side_vpc<'a>(pcx: &'a VpcPeeringConnection, vpc: &str) -> Option<&'a str> {
    let (a, b) = (pcx.requester.vpc.as_str(), pcx.accepter.vpc.as_str());
    match (a == vpc, b == vpc) {
        (true, false) => Some(b),
        (false, true) => Some(a),
        _ => None,
    }
}

/// ## What it checks
/// A VPC whose network address units plus those of its active peers in the same Region exceed
/// the "Peered Network Address Usage" quota (128,000 by default; a document's `quotas` entry
/// with the code `PEERING_NAU` replaces it). Inter-Region peers do not count.
/// ## Why it matters
/// Intra-Region peered VPCs share this quota: past it, AWS refuses new addresses (instances,
/// interfaces, endpoints) in any of them, even though each VPC is under its own 64,000.
/// ## Fix
/// Request an increase, or move workloads out of the peered group (a transit gateway
/// attachment does not count towards it). (Source: [VUG-quotas] NAU.)
pub(super) fn peering_nau(ctx: &Ctx, out: &mut Vec<Finding>) {
    let quota = Quota::adjustable(
        "PEERING_NAU",
        128_000,
        "network address units with its intra-Region peers",
        "per peered group",
    );
    let units = network_address_units(ctx);
    if units.is_empty() {
        return;
    }
    for (vpc, peerings) in ctx.active_peerings_by_vpc.iter() {
        let Some(this) = ctx.vpcs.get(vpc) else {
            continue;
        };
        // The VPC's intra-Region peers in the document.
        let mut group: Vec<&str> = peerings
            .iter()
            .filter_map(|pcx| {
                let other = far_side_vpc(pcx, vpc)?;
                let peer = ctx.vpcs.get(other)?;
                (peer.region == this.region).then_some(other)
            })
            .collect();
        if group.is_empty() {
            continue;
        }
        crate::sort::sort(&mut group);
        group.dedup();
        let own = units.get(vpc).copied().unwrap_or(0);
        let total = own
            + group
                .iter()
                .map(|p| units.get(p).copied().unwrap_or(0))
                .sum::<u64>();
        let Some(v) = ctx.vpcs.get(vpc) else {
            continue;
        };
        let allowed = limit(ctx, &quota, v.account.as_ref(), Some(v.region.as_str()));
        if total <= allowed {
            continue;
        }
        let mut resources = vec![vpc.to_string()];
        resources.extend(group.iter().map(|p| p.to_string()));
        out.push(ctx.finding(
            "PEERING_NAU",
            Severity::Info,
            format!(
                "{} uses {total} network address units with {} ({own} of its own), over the peered network address usage quota of {allowed}",
                ctx.label(vpc),
                match group.len() {
                    1 => "its intra-Region peer".to_string(),
                    n => format!("its {n} intra-Region peers"),
                }
            ),
            resources,
            Some(format!(
                "request an increase of \"Peered network address usage\" (Service Quotas), then record it: add {{\"code\": \"PEERING_NAU\", \"value\": {total}, \"region\": \"{}\"}} to \"quotas\"",
                v.region
            )),
        ));
    }
}
