//! Suppressions: the document's list of accepted findings, applied after every rule has run.
//!
//! A suppressed finding stays in the report (marked `suppressed: {reason}`) so nobody loses
//! sight of it; it only leaves the counts that decide the exit code. A suppression that matches
//! nothing is itself reported (`SUPPRESSION_UNUSED`, info): the finding it was written for is
//! fixed, or the code or resource id has a typo, and either way the entry should go.
//!
//! `SUPPRESSION_UNUSED` is vpcmap's own code, not a catalog rule: the catalog (`aws-rules.md`)
//! has no code for it, and catalog codes describe AWS networks, not vpcmap documents.

use super::catalog::CATALOG;
use super::{Finding, Severity, Suppressed};
use crate::model::Suppression;

/// The code of the finding for a suppression that matches no finding.
pub const SUPPRESSION_UNUSED: &str = "SUPPRESSION_UNUSED";

fn matches(suppression: &Suppression, finding: &Finding) -> bool {
    finding.code == suppression.code
        && suppression
            .resource
            .as_ref()
            .is_none_or(|id| finding.resources.iter().any(|r| r == id))
}

/// Mark every finding the suppressions match (the first matching suppression's reason wins)
/// and append one `SUPPRESSION_UNUSED` per suppression that matched nothing.
pub(crate) fn apply(suppressions: &[Suppression], findings: &mut Vec<Finding>) {
    let mut used = vec![false; suppressions.len()];
    for finding in findings.iter_mut() {
        for (idx, suppression) in suppressions.iter().enumerate() {
            if matches(suppression, finding) {
                used[idx] = true;
                if finding.suppressed.is_none() {
                    finding.suppressed = Some(Suppressed {
                        reason: suppression.reason.clone(),
                    });
                }
            }
        }
    }
    for (suppression, used) in suppressions.iter().zip(used) {
        if used {
            continue;
        }
        let what = match &suppression.resource {
            Some(id) => format!("{} for {id}", suppression.code),
            None => suppression.code.clone(),
        };
        let known = CATALOG.iter().any(|e| e.code == suppression.code)
            || suppression.code == SUPPRESSION_UNUSED;
        let message = if known {
            format!("the suppression of {what} matches no finding")
        } else {
            format!(
                "the suppression of {what} matches no finding: {} is not a vpcmap rule code",
                suppression.code
            )
        };
        findings.push(Finding {
            code: SUPPRESSION_UNUSED.to_string(),
            severity: Severity::Info,
            message,
            resources: suppression.resource.iter().cloned().collect(),
            hint: Some(if known {
                "remove the suppression: what it accepted is gone (or check the resource id)"
                    .to_string()
            } else {
                "fix the code (docs/rules.md lists them) or remove the suppression".to_string()
            }),
            suppressed: None,
        });
    }
}
