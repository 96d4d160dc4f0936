//! Ids for every instance, and the ids an argument refers to when its value is unknown.
//!
//! An instance's id is its `id` attribute when known; otherwise a placeholder made from the AWS
//! id prefix of its type and its Terraform address — `subnet-(module.vpc.aws_subnet.private[0])`
//! — deterministic, unique within a plan, and of the right kind wherever the model reads a
//! kind from an id's prefix (route targets). An argument whose value is unknown is resolved
//! through the configuration (`config.rs`): each listed reference is followed through module
//! variables and outputs to a resource of an expected type in the same module instance, and
//! the instance is picked by an explicit key (`aws_route_table.public[0]`), else by being the
//! only one, else by the referring instance's own key (the `count.index` idiom of
//! `terraform-aws-modules/vpc`). A list argument (`subnet_ids = aws_subnet.private[*].id`)
//! takes every instance. A reference through a `local.` value (locals are not in plan JSON)
//! falls back to the one resource of the wanted type in the same module instance, if there is
//! exactly one. Anything else stays unresolved, and the caller says so in a note.

use super::address;
use super::config::Config;
use super::source::TfResource;
use crate::import::aws::read::At;
use crate::import::ImportError;
use serde_json::Value;
use std::collections::BTreeMap;

/// How deep variables and outputs are followed (modules rarely nest more than three levels).
const MAX_DEPTH: usize = 12;

/// How many variables and outputs one argument's resolution may visit in all. Depth alone does
/// not bound the walk: expressions of several references that refer back to each other branch
/// at every level (8 references, 12 levels: 8^12 steps). Real plans need a few dozen.
const MAX_FOLLOW_STEPS: usize = 4_096;

/// The AWS id prefix of a resource type's placeholder id.
pub(super) fn id_prefix(rtype: &str) -> Option<&'static str> {
    Some(match rtype {
        "aws_vpc" | "aws_default_vpc" => "vpc",
        "aws_subnet" | "aws_default_subnet" => "subnet",
        "aws_route_table" | "aws_default_route_table" => "rtb",
        "aws_internet_gateway" => "igw",
        "aws_egress_only_internet_gateway" => "eigw",
        "aws_nat_gateway" => "nat",
        "aws_vpc_peering_connection" | "aws_vpc_peering_connection_accepter" => "pcx",
        "aws_vpn_gateway" => "vgw",
        "aws_customer_gateway" => "cgw",
        "aws_vpn_connection" => "vpn",
        "aws_dx_connection" => "dxcon",
        "aws_dx_lag" => "dxlag",
        "aws_dx_gateway" => "dxgw",
        "aws_dx_gateway_association" => "dxgwassoc",
        "aws_dx_private_virtual_interface"
        | "aws_dx_transit_virtual_interface"
        | "aws_dx_public_virtual_interface" => "dxvif",
        "aws_vpc_endpoint" => "vpce",
        "aws_security_group" | "aws_default_security_group" => "sg",
        "aws_network_acl" | "aws_default_network_acl" => "acl",
        "aws_ec2_transit_gateway" => "tgw",
        "aws_ec2_transit_gateway_vpc_attachment"
        | "aws_ec2_transit_gateway_peering_attachment"
        | "aws_ec2_transit_gateway_peering_attachment_accepter" => "tgw-attach",
        "aws_ec2_transit_gateway_route_table" => "tgw-rtb",
        "aws_instance" => "i",
        "aws_network_interface" => "eni",
        _ => return None,
    })
}

/// A placeholder id: `subnet-(module.vpc.aws_subnet.private[0])`.
pub(super) fn placeholder(prefix: &str, address: &str) -> String {
    format!("{prefix}-({address})")
}

pub(super) struct Resolver<'a> {
    pub resources: &'a [TfResource],
    pub files: &'a [(&'a str, Config<'a>)],
    /// Follow the configuration for unknown arguments (the planned side of a plan only: the
    /// prior side's values are all known).
    use_config: bool,
    ids: Vec<String>,
    /// Whether `ids[i]` is a placeholder.
    pub pending: Vec<bool>,
    by_name: BTreeMap<(usize, &'a str, &'a str), Vec<usize>>,
}

impl<'a> Resolver<'a> {
    pub fn new(
        resources: &'a [TfResource],
        files: &'a [(&'a str, Config<'a>)],
        use_config: bool,
    ) -> Resolver<'a> {
        let mut ids = Vec::with_capacity(resources.len());
        let mut pending = Vec::with_capacity(resources.len());
        let mut by_name: BTreeMap<(usize, &str, &str), Vec<usize>> = BTreeMap::new();
        for (idx, res) in resources.iter().enumerate() {
            // A Direct Connect gateway association's `id` is Terraform's own; AWS's is apart.
            let id_keys: &[&str] = if res.rtype == "aws_dx_gateway_association" {
                &["dx_gateway_association_id", "id"]
            } else {
                &["id"]
            };
            let known = id_keys.iter().find_map(|key| {
                res.values
                    .get(*key)
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            });
            match (known, id_prefix(&res.rtype)) {
                (Some(id), _) => {
                    ids.push(id);
                    pending.push(false);
                }
                (None, Some(prefix)) => {
                    ids.push(placeholder(prefix, &res.address));
                    pending.push(true);
                }
                (None, None) => {
                    ids.push(res.address.clone());
                    pending.push(false);
                }
            }
            by_name
                .entry((res.file, res.rtype.as_str(), res.name.as_str()))
                .or_default()
                .push(idx);
        }
        Resolver {
            resources,
            files,
            use_config,
            ids,
            pending,
            by_name,
        }
    }

    pub fn id(&self, idx: usize) -> &str {
        self.ids.get(idx).map_or("", String::as_str)
    }

    pub fn file(&self, idx: usize) -> &'a str {
        self.resources
            .get(idx)
            .and_then(|res| self.files.get(res.file))
            .map_or("", |(name, _)| name)
    }

    pub fn at(&self, idx: usize) -> Option<At<'a>> {
        let res = self.resources.get(idx)?;
        Some(res.at(self.file(idx)))
    }

    /// The resources an argument refers to (through the configuration only).
    pub fn refs(&self, idx: usize, arg: &str, types: &[&str], all: bool) -> Vec<usize> {
        let Some(res) = self.resources.get(idx) else {
            return Vec::new();
        };
        if !self.use_config {
            return Vec::new();
        }
        let Some((_, config)) = self.files.get(res.file) else {
            return Vec::new();
        };
        let refs = config.argument_refs(&res.module_path, &res.rtype, &res.name, arg);
        let mut steps = 0;
        let found = self.follow(
            res.file,
            config,
            &res.module,
            &res.module_path,
            res.index.as_ref(),
            &refs,
            types,
            all,
            0,
            &mut steps,
        );
        if !found.is_empty() || all || !refs.iter().any(|r| r.starts_with("local.")) {
            return found;
        }
        // Local values are not in the plan's JSON, so `vpc_id = local.vpc_id` (as in
        // terraform-aws-modules/vpc) cannot be followed; the one resource of the wanted type in
        // the same module instance is what such a local names in practice.
        let local: Vec<usize> = self
            .resources
            .iter()
            .enumerate()
            .filter(|(_, other)| {
                other.file == res.file
                    && other.module == res.module
                    && types.contains(&other.rtype.as_str())
            })
            .map(|(idx, _)| idx)
            .collect();
        if local.len() == 1 {
            local
        } else {
            Vec::new()
        }
    }

    /// One id argument: its known value, else the id of the one resource it refers to.
    pub fn one(
        &self,
        idx: usize,
        arg: &str,
        types: &[&str],
    ) -> Result<Option<String>, ImportError> {
        if let Some(at) = self.at(idx) {
            if let Some(value) = at.str(arg)? {
                return Ok(Some(value));
            }
        }
        Ok(self
            .refs(idx, arg, types, false)
            .first()
            .map(|found| self.id(*found).to_string()))
    }

    /// A list-of-ids argument: its known value, else the ids of every resource it refers to.
    pub fn many(&self, idx: usize, arg: &str, types: &[&str]) -> Result<Vec<String>, ImportError> {
        if let Some(at) = self.at(idx) {
            if at.get(arg).is_some() {
                return at.strings(arg);
            }
        }
        Ok(self
            .refs(idx, arg, types, true)
            .into_iter()
            .map(|found| self.id(found).to_string())
            .collect())
    }

    #[allow(clippy::too_many_arguments)]
    fn follow(
        &self,
        file: usize,
        config: &Config,
        module: &str,
        path: &[String],
        self_index: Option<&Value>,
        refs: &[String],
        types: &[&str],
        all: bool,
        depth: usize,
        steps: &mut usize,
    ) -> Vec<usize> {
        if depth > MAX_DEPTH || *steps >= MAX_FOLLOW_STEPS {
            return Vec::new();
        }
        *steps += 1;
        for reference in refs {
            let segments = address::segments(reference);
            let found = match segments.as_slice() {
                ["var", var, ..] if !path.is_empty() => {
                    let next = config.variable_refs(path, var);
                    self.follow(
                        file,
                        config,
                        &address::parent_module(module),
                        &path[..path.len() - 1],
                        None,
                        &next,
                        types,
                        all,
                        depth + 1,
                        steps,
                    )
                }
                ["module", call, output, ..] => {
                    let (name, _) = address::name_and_key(call);
                    let mut child_path = path.to_vec();
                    child_path.push(name.to_string());
                    let next = config.output_refs(&child_path, output);
                    self.follow(
                        file,
                        config,
                        &address::join(module, &format!("module.{call}")),
                        &child_path,
                        None,
                        &next,
                        types,
                        all,
                        depth + 1,
                        steps,
                    )
                }
                [rtype, name, ..] if types.contains(rtype) => {
                    let (name, key) = address::name_and_key(name);
                    self.pick(file, module, rtype, name, key.as_ref(), self_index, all)
                }
                _ => Vec::new(),
            };
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    #[allow(clippy::too_many_arguments)]
    fn pick(
        &self,
        file: usize,
        module: &str,
        rtype: &str,
        name: &str,
        key: Option<&Value>,
        self_index: Option<&Value>,
        all: bool,
    ) -> Vec<usize> {
        let Some(candidates) = self.by_name.get(&(file, rtype, name)) else {
            return Vec::new();
        };
        // A module called with count or for_each is named without its key in references.
        let keyed_module = format!("{module}[");
        let in_module: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|idx| {
                self.resources.get(*idx).is_some_and(|res| {
                    res.module == module || res.module.starts_with(&keyed_module)
                })
            })
            .collect();
        let index_of = |idx: &usize| self.resources.get(*idx).and_then(|r| r.index.as_ref());
        if let Some(key) = key {
            return in_module
                .into_iter()
                .filter(|idx| index_of(idx) == Some(key))
                .collect();
        }
        if all || in_module.len() <= 1 {
            return in_module;
        }
        match self_index {
            Some(own) => in_module
                .into_iter()
                .filter(|idx| index_of(idx) == Some(own))
                .take(1)
                .collect(),
            None => Vec::new(),
        }
    }
}
