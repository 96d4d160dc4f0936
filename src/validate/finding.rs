//! The finding: what validation has to say about a topology that parsed.
//!
//! A finding is data, not an error. Text, JSON, SARIF and diagram badges are all renderers over
//! one `Vec<Finding>`, so every field must stand alone: the message names resources by their
//! `Name` tag and id, and the hint is a concrete next step.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is. Ordered `Info < Warning < Error`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A fact worth knowing (capacity, implicit behaviour).
    Info,
    /// AWS accepts it, but it is risky or probably not what was meant.
    Warning,
    /// AWS rejects it, or traffic cannot flow as modelled.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One thing validation found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// The stable rule code from the catalog, e.g. `PEERING_CIDR_OVERLAP`.
    pub code: String,
    pub severity: Severity,
    /// One line that stands alone.
    pub message: String,
    /// Resource ids, the primary one first.
    pub resources: Vec<String>,
    /// A concrete next step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Set when a suppression of the document accepts this finding; it is still reported, but
    /// not counted in `summary.errors`/`warnings`/`info` (so not in the exit code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppressed>,
}

/// Why a finding is suppressed: the `reason` of the document's suppression that matched it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Suppressed {
    pub reason: String,
}

/// Counts by severity of the findings that are not suppressed, and the number suppressed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    /// Findings a suppression accepted, whatever their severity.
    #[serde(default)]
    pub suppressed: usize,
}

/// The result of `validate::run`: findings in a deterministic order plus their counts. This is
/// the `--format json` output of `vpcmap validate` and the return value of `validate()` in JS.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

impl Report {
    pub fn from_findings(findings: Vec<Finding>) -> Report {
        let mut summary = Summary::default();
        for finding in &findings {
            if finding.suppressed.is_some() {
                summary.suppressed += 1;
                continue;
            }
            match finding.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.info += 1,
            }
        }
        Report { findings, summary }
    }
}
