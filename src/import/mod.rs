//! Import: any supported input → [`Topology`] plus notes.
//!
//! Inputs are `(path, text)` pairs: the core never touches the file system (the CLI reads files,
//! the browser reads dropped files), but paths matter, because AWS describe output does not say
//! which region or account it came from and a snapshot's folders do (`aws_configs/us-east-1/…`,
//! `accounts/<id>/<region>/…`).
//!
//! Detection is by content, not file name: a JSON object with a `format` key is a native document;
//! one with `format_version` and `planned_values`/`values`/`resource_changes`, or `version` with
//! `terraform_version`/`resources`/`modules`, is Terraform's (`terraform/`); anything else is
//! offered to the AWS importer, which recognises describe-* outputs by their top-level keys
//! (`Vpcs`, `Subnets`, …) and reports files it does not know as notes.

pub mod aws;
mod error;
pub mod limits;
mod maps_only;
pub mod native;
pub mod terraform;

pub(crate) use error::strip_position;
pub use error::{ImportError, Note};

use crate::model::Topology;

pub use limits::MAX_FILE_BYTES;

/// One input file: a path (for messages and region/account inference) and its text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InputFile {
    pub path: String,
    pub text: String,
}

impl InputFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> InputFile {
        InputFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// A successful import: the topology and what was skipped or assumed on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub topology: Topology,
    pub notes: Vec<Note>,
}

/// The kinds of input vpcmap recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Native,
    Aws,
    Terraform,
}

/// Classify one parsed input by its content.
pub fn kind_of(value: &serde_json::Value) -> InputKind {
    if value.get("format").is_some() {
        InputKind::Native
    } else if terraform::is_terraform(value) {
        InputKind::Terraform
    } else {
        InputKind::Aws
    }
}

/// The two sides of a Terraform plan: the state before it and the state after apply.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanSides {
    pub before: Imported,
    pub after: Imported,
}

/// Import `terraform show -json` plans as their prior state and their planned state, so a plan
/// alone can be diffed. Every input must be a plan.
pub fn import_plan(files: &[InputFile]) -> Result<PlanSides, ImportError> {
    let parsed = parse_all(files)?;
    for (path, value) in &parsed {
        if !terraform::is_plan(value) {
            return Err(ImportError::Conflict {
                message: format!(
                    "{path}: not a Terraform plan (`terraform show -json PLANFILE`); to compare two inputs give both"
                ),
            });
        }
    }
    let sides = PlanSides {
        before: terraform::import(&parsed, terraform::Side::Prior)?,
        after: terraform::import(&parsed, terraform::Side::Planned)?,
    };
    let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    let label = limits::files_label(&paths);
    limits::check(&sides.before.topology, limits::Origin::Imported(&label))?;
    limits::check(&sides.after.topology, limits::Origin::Imported(&label))?;
    Ok(sides)
}

fn parse_all(files: &[InputFile]) -> Result<Vec<(&str, serde_json::Value)>, ImportError> {
    if files.is_empty() {
        return Err(ImportError::NoInput);
    }
    limits::check_bytes(files)?;
    let mut parsed = Vec::with_capacity(files.len());
    for file in files {
        let value: serde_json::Value =
            serde_json::from_str(&file.text).map_err(|e| error::syntax_error(&file.path, &e))?;
        parsed.push((file.path.as_str(), value));
    }
    Ok(parsed)
}

/// Import AWS describe-* outputs only: a vpcmap document among them is refused.
pub fn import_aws(files: &[InputFile]) -> Result<Imported, ImportError> {
    limits::check_bytes(files)?;
    for file in files {
        let looks_native = serde_json::from_str::<serde_json::Value>(&file.text)
            .ok()
            .is_some_and(|value| value.get("format").is_some());
        if looks_native {
            return Err(ImportError::Conflict {
                message: format!(
                    "{}: this is a vpcmap document, not AWS describe-* output",
                    file.path
                ),
            });
        }
    }
    import(files)
}

/// Import one or more files of one kind (one native document, or a set of AWS outputs).
pub fn import(files: &[InputFile]) -> Result<Imported, ImportError> {
    if files.is_empty() {
        return Err(ImportError::NoInput);
    }
    // A lone vpcmap document goes straight into the model, as in the WASM core: decoding it
    // into `serde_json::Value` first (to tell the input's kind), then walking that with path
    // tracking, was over half of `vpcmap validate` at 1000 VPCs (callgrind: 228 M of 406 M
    // instructions). Any other input, or a document with an error to locate, takes the path
    // below, which reads it the same way.
    if let [file] = files {
        limits::check_bytes(files)?;
        if let Some(checked) = native::parse_direct(&file.path, &file.text) {
            return checked.map(|topology| Imported {
                topology,
                notes: Vec::new(),
            });
        }
    }
    let mut parsed: Vec<(&str, InputKind, serde_json::Value)> = parse_all(files)?
        .into_iter()
        .map(|(path, value)| (path, kind_of(&value), value))
        .collect();
    let terraform: Vec<&str> = parsed
        .iter()
        .filter(|(_, kind, _)| *kind == InputKind::Terraform)
        .map(|(path, _, _)| *path)
        .collect();
    if !terraform.is_empty() {
        if let Some((other, _, _)) = parsed
            .iter()
            .find(|(_, kind, _)| *kind != InputKind::Terraform)
        {
            return Err(ImportError::Conflict {
                message: format!(
                    "Terraform input ({}) cannot be combined with {other}, which is not Terraform's",
                    terraform.join(", ")
                ),
            });
        }
        let values: Vec<(&str, serde_json::Value)> = parsed
            .into_iter()
            .map(|(path, _, value)| (path, value))
            .collect();
        let imported = terraform::import(&values, terraform::Side::Planned)?;
        limits::check(
            &imported.topology,
            limits::Origin::Imported(&terraform.join(", ")),
        )?;
        return Ok(imported);
    }
    let native: Vec<&str> = parsed
        .iter()
        .filter(|(_, kind, _)| *kind == InputKind::Native)
        .map(|(path, _, _)| *path)
        .collect();
    match native.as_slice() {
        [] => {
            let paths: Vec<&str> = parsed.iter().map(|(path, _, _)| *path).collect();
            let label = limits::files_label(&paths);
            let values = parsed.into_iter().map(|(path, _, value)| (path, value));
            let imported = aws::import(values.collect())?;
            limits::check(&imported.topology, limits::Origin::Imported(&label))?;
            Ok(imported)
        }
        [_] if parsed.len() == 1 => {
            let (path, _, value) = parsed.remove(0);
            Ok(Imported {
                topology: native::from_value(path, value)?,
                notes: Vec::new(),
            })
        }
        _ => Err(ImportError::Conflict {
            message: format!(
                "a vpcmap document ({}) cannot be combined with other inputs; give it alone",
                native.join(", ")
            ),
        }),
    }
}

/// Every reference the import left dangling becomes a note and an entry of
/// [`Topology::external`](crate::model::Topology::external): exports routinely name resources
/// outside themselves (a peer account's VPC, another account's Direct Connect connection), and
/// recording them keeps the converted native document loadable, and equal to the import.
fn record_external(topology: &mut crate::model::Topology, file: &str, notes: &mut Vec<Note>) {
    let mut external = std::collections::BTreeSet::new();
    for problem in crate::model::references::check(topology) {
        match problem.dangling {
            Some(dangling) => {
                notes.push(Note {
                    file: file.to_string(),
                    message: format!(
                        "{}: {}, which the input does not include; recorded as external ({})",
                        problem.path,
                        dangling.what,
                        dangling.external.kind.list()
                    ),
                });
                external.insert(dangling.external);
            }
            None => notes.push(Note {
                file: file.to_string(),
                message: format!("{}: {}", problem.path, problem.message),
            }),
        }
    }
    topology.external = external.into_iter().collect();
}

/// Two different resources with one id (a VPC and a gateway both `vgw-e1`): refused, as in a
/// native document, since findings, traces and the diagram could not tell them apart.
fn shared_id_error(topo: &crate::model::Topology) -> Result<(), ImportError> {
    match crate::model::references::duplicate_ids(topo).into_iter().next() {
        None => Ok(()),
        Some(problem) => Err(ImportError::Conflict {
            message: format!(
                "two different resources share an id: {} (at {} of the converted document); rename one in the input",
                problem.message, problem.path
            ),
        }),
    }
}
