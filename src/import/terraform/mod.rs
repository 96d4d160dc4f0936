//! Terraform JSON → topology: plans and states of the AWS provider's network resources.
//!
//! Reads `terraform show -json` of a plan (the state after apply, or with [`Side::Prior`] the
//! state before) or of a state, and raw `terraform.tfstate` files (version 4, and 3/1 from
//! Terraform 0.11), resources in child modules at any depth, with `count` and `for_each`
//! addresses. The pieces:
//! - `source.rs` recognises the shape and flattens it into one list of managed instances;
//! - `resolve.rs` gives every instance an id — a placeholder such as
//!   `subnet-(module.vpc.aws_subnet.private[0])` when Terraform knows it only after apply — and
//!   resolves unknown references through the plan's `configuration` (`config.rs`);
//! - `resources.rs` maps each resource type into the model.
//!
//! What comes out: every placeholder id is listed in [`Topology::planned`] and named in a note,
//! so a reader (and the diagram) can tell "known after apply" from real; unknown values are
//! left out rather than guessed; resource types vpcmap does not model are skipped with one
//! note per type and file; references to resources outside the input come back as notes, as
//! for AWS snapshots. The same files give the same topology, byte for byte.

mod address;
mod config;
mod resolve;
mod resources;
mod source;

pub use source::Side;

use super::{ImportError, Imported, Note};
use crate::model::PlannedId;
use config::Config;
use serde_json::Value;
use std::collections::BTreeMap;

/// Whether a JSON value is Terraform output vpcmap reads (a plan, a state, a raw tfstate).
pub fn is_terraform(value: &Value) -> bool {
    source::shape(value).is_some()
}

/// Whether a JSON value is `terraform show -json` of a plan.
pub fn is_plan(value: &Value) -> bool {
    source::shape(value) == Some(source::Shape::Plan)
}

/// The number of managed instances per resource type that the files hold (the planned side
/// for plans), child modules included: the inventory a plan or state is checked against.
pub fn resource_counts(files: &[(&str, Value)]) -> Result<BTreeMap<String, usize>, ImportError> {
    let mut counts = BTreeMap::new();
    for res in read_all(files, Side::Planned)? {
        *counts.entry(res.rtype).or_insert(0) += 1;
    }
    Ok(counts)
}

fn read_all(files: &[(&str, Value)], side: Side) -> Result<Vec<source::TfResource>, ImportError> {
    let mut resources = Vec::new();
    for (idx, (file, value)) in files.iter().enumerate() {
        let Some(shape) = source::shape(value) else {
            return Err(ImportError::Unrecognized {
                file: file.to_string(),
                message: "not a Terraform plan or state (expected \"format_version\" with \"planned_values\" or \"values\", or a terraform.tfstate with \"version\")".into(),
            });
        };
        source::read(idx, file, value, shape, side, &mut resources)?;
    }
    Ok(resources)
}

/// Import Terraform files (all of them Terraform's) as one topology.
pub(crate) fn import(files: &[(&str, Value)], side: Side) -> Result<Imported, ImportError> {
    let resources = read_all(files, side)?;
    let configs: Vec<(&str, Config)> = files
        .iter()
        .map(|(file, value)| (*file, Config::of(value)))
        .collect();
    let resolver = resolve::Resolver::new(&resources, &configs, side == Side::Planned);
    let mapped = resources::map(&resolver)?;
    let mut topology = mapped.topology;
    let mut notes = mapped.notes;
    let file = files.first().map_or("(terraform)", |(file, _)| *file);
    let mut planned: Vec<PlannedId> = Vec::new();
    for (id, address, unknown) in mapped.pending {
        if planned.iter().any(|p| p.id == id) {
            continue;
        }
        notes.push(Note {
            file: file.to_string(),
            message: format!("{address}: id known after apply; shown as {id}"),
        });
        planned.push(PlannedId {
            id,
            address,
            unknown,
        });
    }
    topology.planned = planned;
    super::shared_id_error(&topology)?;
    super::record_external(&mut topology, file, &mut notes);
    Ok(Imported { topology, notes })
}
