//! Findings as plain text, like a compiler's diagnostics: one block per finding, then a summary.
//!
//! Plain (no colour, no box drawing) so it reads the same in a CI log, a terminal and a screen
//! reader; every line starts with a word that says what it is.

use super::Report;
use std::fmt::Write;

/// Render a report: `error[CODE]: message` (`error[CODE] (suppressed): …` with the reason on its
/// own line for an accepted finding), the resources, the hint, and a closing count.
pub fn render_text(report: &Report) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let _ = writeln!(
            out,
            "{}[{}]{}: {}",
            finding.severity,
            finding.code,
            if finding.suppressed.is_some() {
                " (suppressed)"
            } else {
                ""
            },
            finding.message
        );
        if !finding.resources.is_empty() {
            let _ = writeln!(out, "  resources: {}", finding.resources.join(", "));
        }
        if let Some(hint) = &finding.hint {
            let _ = writeln!(out, "  hint: {hint}");
        }
        if let Some(suppressed) = &finding.suppressed {
            let _ = writeln!(out, "  suppressed: {}", suppressed.reason);
        }
        out.push('\n');
    }
    let summary = report.summary;
    let _ = write!(
        out,
        "{} {}, {} {}, {} info",
        summary.errors,
        plural(summary.errors, "error", "errors"),
        summary.warnings,
        plural(summary.warnings, "warning", "warnings"),
        summary.info
    );
    if summary.suppressed > 0 {
        let _ = write!(out, ", {} suppressed", summary.suppressed);
    }
    if report.findings.is_empty() {
        out.push_str(" — no findings");
    }
    out.push('\n');
    out
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
