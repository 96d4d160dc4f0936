//! Findings as SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure DevOps) read.
//!
//! One run; the tool's `rules` are the whole registry (id = code, `shortDescription` = title,
//! `defaultConfiguration.level` = the registry severity), so a viewer can show a rule that did not
//! fire. A finding has no line in a file: its location is *logical* — one `logicalLocation` per
//! resource id, primary first — plus, when the caller knows the one input file, a
//! `physicalLocation` naming it so services that need a file can place the result. Levels map
//! error → `error`, warning → `warning`, info → `note`.

use super::{registry, Finding, Report, Severity};
use serde_json::{json, Map, Value};

/// The `$schema` of the log: the OASIS 2.1.0 schema.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Render a report as a SARIF log. `artifact_uri` is the input file (a relative or absolute
/// URI reference, already encoded by [`file_uri`]) when the caller read exactly one file.
pub fn render_sarif(report: &Report, artifact_uri: Option<&str>) -> Value {
    let mut rules: Vec<Value> = registry::RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "shortDescription": {"text": rule.title},
                "defaultConfiguration": {"level": level(rule.severity)},
                "properties": {"family": rule.family},
            })
        })
        .collect();
    // Codes the findings use that are not registry rows (vpcmap's own, e.g. an unused
    // suppression) still get a descriptor, so every `ruleId` has one. Results carry no
    // `ruleIndex`: it would shift whenever a rule is added, and `ruleId` is enough.
    for finding in &report.findings {
        if !rules.iter().any(|rule| rule["id"] == finding.code.as_str()) {
            rules.push(json!({
                "id": finding.code,
                "defaultConfiguration": {"level": level(finding.severity)},
            }));
        }
    }
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| result(finding, artifact_uri))
        .collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "vpcmap",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn result(finding: &Finding, artifact_uri: Option<&str>) -> Value {
    let mut text = finding.message.clone();
    if let Some(hint) = &finding.hint {
        text.push_str("\nHint: ");
        text.push_str(hint);
    }
    let mut location = Map::new();
    if let Some(uri) = artifact_uri {
        location.insert(
            "physicalLocation".to_string(),
            json!({"artifactLocation": {"uri": uri}}),
        );
    }
    // `logicalLocations` must hold unique items: a resource named twice is listed once.
    let mut logical: Vec<Value> = Vec::with_capacity(finding.resources.len());
    for id in &finding.resources {
        let location = json!({"name": id, "kind": "resource"});
        if !logical.contains(&location) {
            logical.push(location);
        }
    }
    if !logical.is_empty() {
        location.insert("logicalLocations".to_string(), Value::Array(logical));
    }
    let mut result = Map::new();
    result.insert("ruleId".to_string(), json!(finding.code));
    result.insert("level".to_string(), json!(level(finding.severity)));
    result.insert("message".to_string(), json!({"text": text}));
    if !location.is_empty() {
        result.insert(
            "locations".to_string(),
            Value::Array(vec![Value::Object(location)]),
        );
    }
    if let Some(hint) = &finding.hint {
        result.insert("properties".to_string(), json!({"hint": hint}));
    }
    if let Some(suppressed) = &finding.suppressed {
        // The suppression is written in the document the finding is about: `inSource`.
        result.insert(
            "suppressions".to_string(),
            json!([{"kind": "inSource", "justification": suppressed.reason}]),
        );
    }
    Value::Object(result)
}

/// A file path as a SARIF URI reference: `/` separators, and every byte outside the unreserved
/// set (and `/`, `:`) percent-encoded, so `my snapshot/a.json` becomes `my%20snapshot/a.json`.
pub fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::file_uri;

    #[test]
    fn file_paths_become_uri_references() {
        assert_eq!(
            file_uri("samples/two-regions.json"),
            "samples/two-regions.json"
        );
        assert_eq!(file_uri("my snapshot\\a.json"), "my%20snapshot/a.json");
        assert_eq!(file_uri("é.json"), "%C3%A9.json");
    }
}
