//! A diff as plain text (for a terminal or a CI log) and as Markdown (for a pull-request
//! comment). Both say the same things in the same order: the headline counts, then resources,
//! findings introduced and resolved, and reachability changes.

use super::{Change, Diff, ReachChange, ResourceChange};
use crate::validate::Finding;
use std::fmt::Write;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `3 added, 1 removed, 2 changed; 1 finding introduced (1 error), 0 resolved; 2 reachability changes`
pub fn headline(diff: &Diff) -> String {
    let s = diff.summary;
    let mut out = format!(
        "{} added, {} removed, {} changed; {} introduced",
        s.added,
        s.removed,
        s.changed,
        plural(s.introduced, "finding", "findings"),
    );
    if s.introduced_errors > 0 {
        let _ = write!(out, " ({})", plural(s.introduced_errors, "error", "errors"));
    }
    let _ = write!(out, ", {} resolved", s.resolved);
    let _ = write!(
        out,
        "; {}",
        plural(
            diff.reachability.len(),
            "reachability change",
            "reachability changes"
        )
    );
    out
}

fn resource_line(r: &ResourceChange) -> String {
    let mut line = match &r.name {
        Some(name) => format!("{} {name} ({})", r.kind, r.id),
        None => format!("{} {}", r.kind, r.id),
    };
    if r.change == Change::Changed && !r.fields.is_empty() {
        let _ = write!(line, ": {}", r.fields.join(", "));
    }
    line
}

fn finding_line(f: &Finding) -> String {
    format!("{}[{}]: {}", f.severity, f.code, f.message)
}

/// "subnet app-a can now reach subnet db-b over pcx-1"
pub fn reach_sentence(r: &ReachChange) -> String {
    let mut line = if r.after {
        format!("{} can now reach {}", r.from_label, r.to_label)
    } else {
        format!("{} can no longer reach {}", r.from_label, r.to_label)
    };
    if !r.via.is_empty() {
        let _ = write!(
            line,
            " {} {}",
            if r.after { "over" } else { "(was over" },
            r.via.join(", ")
        );
        if !r.after {
            line.push(')');
        }
    }
    if let Some(code) = &r.code {
        let _ = write!(
            line,
            " ({} {code})",
            if r.after {
                "was blocked:"
            } else {
                "now blocked:"
            }
        );
    }
    line
}

/// Plain text: one line per item, each starting with a mark or a severity.
pub fn render_text(diff: &Diff) -> String {
    let mut out = format!("network diff: {}\n", headline(diff));
    if !diff.resources.is_empty() {
        out.push_str("\nresources:\n");
        for r in &diff.resources {
            let _ = writeln!(out, "  {} {}", r.change.mark(), resource_line(r));
        }
    }
    for (title, findings) in [
        ("findings introduced", &diff.introduced),
        ("findings resolved", &diff.resolved),
    ] {
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}:");
        for f in findings {
            let _ = writeln!(out, "  {}", finding_line(f));
            if let Some(hint) = &f.hint {
                let _ = writeln!(out, "    hint: {hint}");
            }
        }
    }
    if !diff.reachability.is_empty() {
        out.push_str("\nreachability:\n");
        for r in &diff.reachability {
            let _ = writeln!(
                out,
                "  {} {}",
                if r.after { '+' } else { '-' },
                reach_sentence(r)
            );
        }
    }
    out
}

/// Markdown text is inserted into tables and lists: keep it on one line, without table breaks.
fn md(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Markdown for a pull-request comment.
pub fn render_markdown(diff: &Diff) -> String {
    let verdict = if diff.summary.introduced_errors > 0 {
        "❌ this change introduces errors"
    } else if diff.resources.is_empty() {
        "✅ no network change"
    } else {
        "✅ no new errors"
    };
    let mut out = format!(
        "### vpcmap network review\n\n**{verdict}** — {}\n",
        md(&headline(diff))
    );
    if !diff.introduced.is_empty() {
        out.push_str("\n#### Findings introduced\n\n| severity | code | message | hint |\n|---|---|---|---|\n");
        for f in &diff.introduced {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                f.severity,
                f.code,
                md(&f.message),
                md(f.hint.as_deref().unwrap_or(""))
            );
        }
    }
    if !diff.resolved.is_empty() {
        out.push_str("\n#### Findings resolved\n\n");
        for f in &diff.resolved {
            let _ = writeln!(out, "- ~~{} `{}`~~ {}", f.severity, f.code, md(&f.message));
        }
    }
    if !diff.reachability.is_empty() {
        out.push_str("\n#### Reachability\n\n");
        for r in &diff.reachability {
            let _ = writeln!(
                out,
                "- {} {}",
                if r.after { "🟢" } else { "🔴" },
                md(&reach_sentence(r))
            );
        }
    }
    if !diff.resources.is_empty() {
        out.push_str("\n<details><summary>Resources</summary>\n\n| | kind | resource | fields |\n|---|---|---|---|\n");
        for r in &diff.resources {
            let label = match &r.name {
                Some(name) => format!("{} (`{}`)", md(name), md(&r.id)),
                None => format!("`{}`", md(&r.id)),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                match r.change {
                    Change::Added => "➕",
                    Change::Removed => "➖",
                    Change::Changed => "✏️",
                },
                r.kind,
                label,
                r.fields.join(", ")
            );
        }
        out.push_str("\n</details>\n");
    }
    out
}
