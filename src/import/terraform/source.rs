//! The four Terraform JSON shapes, read into one flat list of managed resource instances.
//!
//! - **plan** (`terraform show -json PLANFILE`): `planned_values.root_module` for the state after
//!   apply, with `resource_changes[].change.after_unknown` saying which attributes are "known
//!   after apply"; `prior_state.values.root_module` (or, without one, `change.before`) for the
//!   state before;
//! - **state** (`terraform show -json` of a state): `values.root_module`;
//! - **raw v4** (`terraform.tfstate`, Terraform ≥ 0.12): `resources[].instances[].attributes`;
//! - **raw v3/v1** (Terraform ≤ 0.11): `modules[].resources["type.name(.N)"].primary.attributes`
//!   in the flat-map form (`"ingress.#": "1"`), rebuilt here into nested JSON so one mapper
//!   reads every shape.
//!
//! Data sources (`mode: "data"`) are reads, not resources the plan creates, and are left out.

use super::address;
use crate::import::aws::read::At;
use crate::import::ImportError;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

/// Which Terraform JSON a value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    Plan,
    State,
    RawV4,
    RawV3,
}

/// The shape of a Terraform JSON value, or `None` when it is not Terraform's.
pub(super) fn shape(value: &Value) -> Option<Shape> {
    let object = value.as_object()?;
    if object.contains_key("format_version") {
        if ["planned_values", "resource_changes", "prior_state"]
            .iter()
            .any(|key| object.contains_key(*key))
        {
            return Some(Shape::Plan);
        }
        if object.contains_key("values") || object.contains_key("terraform_version") {
            return Some(Shape::State);
        }
        return None;
    }
    let version = object.get("version")?.as_u64()?;
    let looks_raw = ["terraform_version", "resources", "modules", "lineage"]
        .iter()
        .any(|key| object.contains_key(*key));
    match version {
        4 if looks_raw => Some(Shape::RawV4),
        1..=3 if object.contains_key("modules") => Some(Shape::RawV3),
        _ => None,
    }
}

/// Which state a plan's resources describe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The state before the plan (`prior_state`).
    Prior,
    /// The state after apply (`planned_values`); for a state file, the state itself.
    Planned,
}

/// One managed resource instance.
#[derive(Clone, Debug)]
pub(super) struct TfResource {
    /// Index of the input file (for its name and configuration).
    pub file: usize,
    /// JSONPath of `values` in the file.
    pub path: String,
    /// The full address, `module.vpc.aws_subnet.private[0]`.
    pub address: String,
    /// The module instance address, `module.vpc` (empty at the root).
    pub module: String,
    /// Module names down from the root, keys dropped (the path in `configuration`).
    pub module_path: Vec<String>,
    pub rtype: String,
    pub name: String,
    /// `index` / `index_key`: a number for `count`, a string for `for_each`.
    pub index: Option<Value>,
    pub values: Value,
    /// Top-level attributes that are known only after apply.
    pub unknown: BTreeSet<String>,
}

impl TfResource {
    pub fn at<'a>(&'a self, file: &'a str) -> At<'a> {
        At::root(file, self.path.clone(), &self.values)
    }
}

/// Read one file's resources of one side.
pub(super) fn read(
    file_idx: usize,
    file: &str,
    value: &Value,
    shape: Shape,
    side: Side,
    out: &mut Vec<TfResource>,
) -> Result<(), ImportError> {
    let root = At::root(file, "$".into(), value);
    match (shape, side) {
        (Shape::Plan, Side::Planned) => {
            let unknown = after_unknown(&root)?;
            if let Some(module) = root
                .get("planned_values")
                .and_then(|at| at.get("root_module"))
            {
                walk(file_idx, &module, "", &unknown, out)?;
            }
        }
        (Shape::Plan, Side::Prior) => match root
            .get("prior_state")
            .and_then(|at| at.get("values"))
            .and_then(|at| at.get("root_module"))
        {
            Some(module) => walk(file_idx, &module, "", &BTreeMap::new(), out)?,
            None => before_values(file_idx, &root, out)?,
        },
        (Shape::State, _) => {
            if let Some(module) = root.get("values").and_then(|at| at.get("root_module")) {
                walk(file_idx, &module, "", &BTreeMap::new(), out)?;
            }
        }
        (Shape::RawV4, _) => raw_v4(file_idx, &root, out)?,
        (Shape::RawV3, _) => raw_v3(file_idx, &root, out)?,
    }
    Ok(())
}

fn object_or_empty(at: Option<At>) -> Result<Value, ImportError> {
    match at {
        None => Ok(Value::Object(Map::new())),
        Some(at) if at.value.is_object() => Ok(at.value.clone()),
        Some(at) => Err(at.error(format!(
            "expected an object of attribute values, found {}",
            crate::import::aws::read::kind(at.value)
        ))),
    }
}

fn index_of(at: &At, key: &str) -> Option<Value> {
    at.value.get(key).filter(|v| !v.is_null()).cloned()
}

/// `planned_values.root_module` or `values.root_module`, children included.
fn walk(
    file: usize,
    module_at: &At,
    module: &str,
    unknown: &BTreeMap<String, BTreeSet<String>>,
    out: &mut Vec<TfResource>,
) -> Result<(), ImportError> {
    for item in module_at.list("resources")? {
        if item.str("mode")?.as_deref() == Some("data") {
            continue;
        }
        let address = item.req_str("address")?;
        let values = item.get("values");
        let path = values
            .as_ref()
            .map_or_else(|| format!("{}.values", item.path), |at| at.path.clone());
        out.push(TfResource {
            file,
            path,
            module: module.to_string(),
            module_path: address::module_names(module),
            rtype: item.req_str("type")?,
            name: item.req_str("name")?,
            index: index_of(&item, "index"),
            values: object_or_empty(values)?,
            unknown: unknown.get(&address).cloned().unwrap_or_default(),
            address,
        });
    }
    for child in module_at.list("child_modules")? {
        let child_module = child.req_str("address")?;
        walk(file, &child, &child_module, unknown, out)?;
    }
    Ok(())
}

/// `resource_changes[].change.after_unknown`: the top-level attributes that are `true`.
fn after_unknown(root: &At) -> Result<BTreeMap<String, BTreeSet<String>>, ImportError> {
    let mut out = BTreeMap::new();
    for change in root.list("resource_changes")? {
        let Some(address) = change.str("address")? else {
            continue;
        };
        let Some(Value::Object(flags)) = change
            .value
            .get("change")
            .and_then(|c| c.get("after_unknown"))
        else {
            continue;
        };
        let keys: BTreeSet<String> = flags
            .iter()
            .filter(|(_, flag)| flag.as_bool() == Some(true))
            .map(|(key, _)| key.clone())
            .collect();
        out.insert(address, keys);
    }
    Ok(out)
}

/// A plan without `prior_state`: the `before` of every managed change that had one.
fn before_values(file: usize, root: &At, out: &mut Vec<TfResource>) -> Result<(), ImportError> {
    for change in root.list("resource_changes")? {
        if change.str("mode")?.as_deref() == Some("data") {
            continue;
        }
        let Some(before) = change.get("change").and_then(|c| c.get("before")) else {
            continue;
        };
        let module = change.str("module_address")?.unwrap_or_default();
        out.push(TfResource {
            file,
            path: before.path.clone(),
            address: change.req_str("address")?,
            module_path: address::module_names(&module),
            module,
            rtype: change.req_str("type")?,
            name: change.req_str("name")?,
            index: index_of(&change, "index"),
            values: object_or_empty(Some(before))?,
            unknown: BTreeSet::new(),
        });
    }
    Ok(())
}

fn raw_v4(file: usize, root: &At, out: &mut Vec<TfResource>) -> Result<(), ImportError> {
    for resource in root.list("resources")? {
        if resource.str("mode")?.as_deref() == Some("data") {
            continue;
        }
        let module = resource.str("module")?.unwrap_or_default();
        let rtype = resource.req_str("type")?;
        let name = resource.req_str("name")?;
        for instance in resource.list("instances")? {
            let index = index_of(&instance, "index_key");
            let (path, values) = match (instance.get("attributes"), instance.get("attributes_flat"))
            {
                (Some(attributes), _) => {
                    (attributes.path.clone(), object_or_empty(Some(attributes))?)
                }
                (None, Some(flat)) => (flat.path.clone(), unflatten_at(&flat)?),
                (None, None) => (
                    format!("{}.attributes", instance.path),
                    Value::Object(Map::new()),
                ),
            };
            out.push(TfResource {
                file,
                path,
                address: address::join(
                    &module,
                    &format!("{rtype}.{name}{}", address::key_suffix(index.as_ref())),
                ),
                module_path: address::module_names(&module),
                module: module.clone(),
                rtype: rtype.clone(),
                name: name.clone(),
                index,
                values,
                unknown: BTreeSet::new(),
            });
        }
    }
    Ok(())
}

fn raw_v3(file: usize, root: &At, out: &mut Vec<TfResource>) -> Result<(), ImportError> {
    for module_at in root.list("modules")? {
        let names = module_at.strings("path")?;
        let module = names
            .iter()
            .skip(1)
            .map(|name| format!("module.{name}"))
            .collect::<Vec<_>>()
            .join(".");
        let Some(resources) = module_at.get("resources") else {
            continue;
        };
        let Value::Object(entries) = resources.value else {
            return Err(resources.error("expected an object keyed \"type.name\""));
        };
        for (key, resource) in entries {
            if key.starts_with("data.") {
                continue;
            }
            let at = At::root(root.file, format!("{}[{key:?}]", resources.path), resource);
            let parts: Vec<&str> = key.split('.').collect();
            let (rtype, name, index) = match parts.as_slice() {
                [rtype, name] => (rtype.to_string(), name.to_string(), None),
                [rtype, name, n] => (
                    rtype.to_string(),
                    name.to_string(),
                    n.parse::<u64>().ok().map(Value::from),
                ),
                _ => return Err(at.error("expected a key \"type.name\" or \"type.name.N\"")),
            };
            let rtype = at.str("type")?.unwrap_or(rtype);
            let primary = at.get("primary");
            let mut values = match primary.as_ref().and_then(|p| p.get("attributes")) {
                Some(flat) => unflatten_at(&flat)?,
                None => Value::Object(Map::new()),
            };
            if let (Some(id), Value::Object(map)) = (
                primary.as_ref().map(|p| p.str("id")).transpose()?.flatten(),
                &mut values,
            ) {
                map.entry("id").or_insert(Value::String(id));
            }
            out.push(TfResource {
                file,
                path: format!("{}.primary.attributes", at.path),
                address: address::join(
                    &module,
                    &format!("{rtype}.{name}{}", address::key_suffix(index.as_ref())),
                ),
                module_path: names.iter().skip(1).cloned().collect(),
                module: module.clone(),
                rtype,
                name,
                index,
                values,
                unknown: BTreeSet::new(),
            });
        }
    }
    Ok(())
}

/// The deepest flat-map key accepted (`a.0.b.1…`, in dot-separated segments). The rebuilt value
/// nests one level per segment, and building and dropping it recurse: without a bound, one key
/// of 10,000 segments would overflow the stack. Real v3 states stay under ten.
pub const MAX_FLAT_KEY_SEGMENTS: usize = 64;

fn unflatten_at(at: &At) -> Result<Value, ImportError> {
    match at.value {
        Value::Object(flat) => {
            if let Some(key) = flat
                .keys()
                .find(|key| key.split('.').count() > MAX_FLAT_KEY_SEGMENTS)
            {
                let shown: String = key.chars().take(60).collect();
                return Err(at.error(format!(
                    "expected flat-map keys of at most {MAX_FLAT_KEY_SEGMENTS} dot-separated segments, found one of {} (\"{shown}…\")",
                    key.split('.').count()
                )));
            }
            Ok(unflatten(flat))
        }
        other => Err(at.error(format!(
            "expected an object of flat-map attributes, found {}",
            crate::import::aws::read::kind(other)
        ))),
    }
}

/// Rebuild nested JSON from Terraform 0.11's flat map: `"x.#"` marks a list (its elements keyed
/// by position or by a set hash), `"x.%"` a map whose keys may themselves hold dots (tags such
/// as `kubernetes.io/cluster/x`). Leaves stay strings; the readers accept numbers and booleans
/// written as strings.
pub(super) fn unflatten(flat: &Map<String, Value>) -> Value {
    let attrs: BTreeMap<&str, &Value> = flat.iter().map(|(k, v)| (k.as_str(), v)).collect();
    build(&attrs, "")
}

fn sub(prefix: &str, segment: &str) -> String {
    if prefix.is_empty() {
        segment.to_string()
    } else {
        format!("{prefix}.{segment}")
    }
}

/// The distinct next segments of the keys below `prefix`.
fn children<'a>(attrs: &BTreeMap<&'a str, &Value>, prefix: &str) -> Vec<&'a str> {
    let start = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}.")
    };
    let mut out: Vec<&str> = attrs
        .range::<str, _>((Bound::Included(start.as_str()), Bound::Unbounded))
        .take_while(|(key, _)| key.starts_with(&start))
        .map(|(key, _)| {
            let key: &'a str = key;
            let rest = &key[start.len()..];
            rest.split('.').next().unwrap_or(rest)
        })
        // An empty segment (`.x`, `a..b`, `a.`) names no attribute, and at the top level it
        // would make `build` ask for the same prefix again, forever (found by cargo fuzz
        // import_terraform: a stack overflow).
        .filter(|segment| !segment.is_empty())
        .collect();
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

fn build(attrs: &BTreeMap<&str, &Value>, prefix: &str) -> Value {
    let count_key = sub(prefix, "#");
    let map_key = sub(prefix, "%");
    if !prefix.is_empty() && attrs.contains_key(count_key.as_str()) {
        let mut segs: Vec<&str> = children(attrs, prefix)
            .into_iter()
            .filter(|seg| *seg != "#")
            .collect();
        crate::sort::sort_by_key(&mut segs, |seg| {
            (seg.parse::<u64>().unwrap_or(u64::MAX), seg.to_string())
        });
        return Value::Array(
            segs.iter()
                .map(|seg| build(attrs, &sub(prefix, seg)))
                .collect(),
        );
    }
    if !prefix.is_empty() && attrs.contains_key(map_key.as_str()) {
        let start = format!("{prefix}.");
        let map: Map<String, Value> = attrs
            .range::<str, _>((Bound::Included(start.as_str()), Bound::Unbounded))
            .take_while(|(key, _)| key.starts_with(&start))
            .filter(|(key, _)| **key != map_key)
            .map(|(key, value)| (key[start.len()..].to_string(), (*value).clone()))
            .collect();
        return Value::Object(map);
    }
    if let Some(leaf) = attrs.get(prefix) {
        return (*leaf).clone();
    }
    let mut map = Map::new();
    for seg in children(attrs, prefix) {
        map.insert(seg.to_string(), build(attrs, &sub(prefix, seg)));
    }
    Value::Object(map)
}
