//! The native format: a `Topology` serialized as JSON with `"format": "vpcmap/1"`.
//!
//! Parsing goes through `serde_path_to_error` so every error names the JSON path of the bad
//! value; then references between resources are checked ([`crate::model::references`]), because
//! a hand-written document that routes to a gateway it never declares is a typo, not a design.

use super::error::{json_path, strip_position, syntax_error, ImportError};
use super::maps_only::MapsOnly;
use crate::model::{references, Topology, FORMAT};
use serde::Deserialize;

/// Parse a native document.
///
/// A well-formed document goes straight from text into the model; only one that fails that
/// (bad JSON, a bad value, a key given twice, another format) is parsed again through
/// `serde_json::Value` and `serde_path_to_error` for the located error. The slow path builds a
/// map per JSON object and then walks it again tracking the path: at 1000 VPCs in the WASM core
/// that was most of `checkDocument`. Both paths read every document the same way: a direct parse
/// refuses a superset of what [`from_value`] refuses (a key given twice), so whatever it accepts
/// with the right `format`, `from_value` would have accepted and produced the same `Topology`.
pub fn parse(file: &str, text: &str) -> Result<Topology, ImportError> {
    if let Some(checked) = parse_direct(file, text) {
        return checked;
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| syntax_error(file, &e))?;
    from_value(file, value)
}

/// [`parse`]'s fast path alone: `None` unless `text` reads straight into a `Topology` of this
/// format, else that document's checks (limits, references). [`super::import`] tries it on a
/// lone file before decoding it generically to find out what kind of input it is.
pub(super) fn parse_direct(file: &str, text: &str) -> Option<Result<Topology, ImportError>> {
    let topology = serde_json::from_str::<Topology>(text).ok()?;
    (topology.format == FORMAT).then(|| checked(file, topology))
}

/// Parse an already-decoded native document.
pub fn from_value(file: &str, value: serde_json::Value) -> Result<Topology, ImportError> {
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(ImportError::Invalid {
                file: file.to_string(),
                path: "$.format".to_string(),
                message: format!(
                    "expected \"{FORMAT}\", found {other:?} (a newer vpcmap wrote this file?)"
                ),
            })
        }
        None => {
            return Err(ImportError::Invalid {
                file: file.to_string(),
                path: "$.format".to_string(),
                message: format!("expected \"{FORMAT}\""),
            })
        }
    }
    let topology: Topology =
        serde_path_to_error::deserialize(value).map_err(|err| ImportError::Invalid {
            file: file.to_string(),
            path: json_path(err.path()),
            message: strip_position(&err.inner().to_string()),
        })?;
    checked(file, topology)
}

/// The checks after a successful parse: input limits, then dangling references and duplicates.
fn checked(file: &str, topology: Topology) -> Result<Topology, ImportError> {
    super::limits::check(&topology, super::limits::Origin::Native(file))?;
    if let Some(problem) = references::check(&topology).into_iter().next() {
        return Err(ImportError::Invalid {
            file: file.to_string(),
            path: problem.path,
            message: problem.message,
        });
    }
    Ok(topology)
}

/// Parse a native document straight from its text into the model, without `serde_json::Value`
/// or path tracking, so an error names the line and column but no JSONPath. The viewer WASM
/// parses with it: leaving `serde_path_to_error` and `Value` out makes that binary about a third
/// smaller, and on an error the page asks the full core for [`parse`]'s located message. It
/// accepts no document that [`parse`] refuses; it refuses two more kinds (a key given twice, and
/// a resource written as an array of its fields: see [`super::maps_only`], which keeps each model
/// type's array-reading code out of the WASM).
pub fn parse_unlocated(file: &str, text: &str) -> Result<Topology, ImportError> {
    let mut json = serde_json::Deserializer::from_str(text);
    let read = Topology::deserialize(MapsOnly(&mut json)).and_then(|topology| {
        json.end()?;
        Ok(topology)
    });
    let topology = read.map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ImportError::Invalid {
            file: file.to_string(),
            path: format!("line {}, column {}", e.line(), e.column()),
            message: strip_position(&e.to_string()),
        },
        _ => syntax_error(file, &e),
    })?;
    if topology.format != FORMAT {
        return Err(ImportError::Invalid {
            file: file.to_string(),
            path: "$.format".to_string(),
            message: format!("expected \"{FORMAT}\", found {:?}", topology.format),
        });
    }
    if let Some(problem) = references::check(&topology).into_iter().next() {
        return Err(ImportError::Invalid {
            file: file.to_string(),
            path: problem.path,
            message: problem.message,
        });
    }
    Ok(topology)
}

/// Serialize a topology as a native document (pretty-printed, stable key order).
pub fn to_string(topology: &Topology) -> String {
    let mut topology = topology.clone();
    topology.format = FORMAT.to_string();
    // Serializing a plain data structure with string keys cannot fail.
    serde_json::to_string_pretty(&topology).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ExternalKind, ExternalRef};

    fn err_text(text: &str) -> String {
        match parse("doc.json", text) {
            Ok(_) => String::from("ok"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn bad_cidr_names_the_path_and_the_expectation() {
        let text =
            r#"{"format":"vpcmap/1","vpcs":[{"id":"vpc-a","region":"r","cidrs":["10.0.0.0/33"]}]}"#;
        assert_eq!(
            err_text(text),
            "doc.json: $.vpcs[0].cidrs[0]: expected an IPv4 CIDR such as 10.0.0.0/16, found \"10.0.0.0/33\""
        );
    }

    #[test]
    fn malformed_json_gives_line_and_column() {
        assert!(err_text("{\"format\": \"vpcmap/1\",\n  \"vpcs\": [}").starts_with("doc.json:2:"));
    }

    #[test]
    fn missing_format_is_refused() {
        assert_eq!(err_text("{}"), "doc.json: $.format: expected \"vpcmap/1\"");
    }

    #[test]
    fn unlocated_parse_gives_the_same_topology() {
        let text = crate::sample::SAMPLE_JSON;
        let located = parse("doc.json", text).map_err(|e| e.to_string());
        let unlocated = parse_unlocated("doc.json", text).map_err(|e| e.to_string());
        assert!(located.is_ok());
        assert_eq!(located, unlocated);
    }

    #[test]
    fn unlocated_parse_refuses_what_parse_refuses() {
        let bad_cidr =
            r#"{"format":"vpcmap/1","vpcs":[{"id":"vpc-a","region":"r","cidrs":["10.0.0.0/33"]}]}"#;
        let unlocated = |text| match parse_unlocated("doc.json", text) {
            Ok(_) => String::from("ok"),
            Err(e) => e.to_string(),
        };
        assert_eq!(
            unlocated(bad_cidr),
            "doc.json: line 1, column 79: expected an IPv4 CIDR such as 10.0.0.0/16, found \"10.0.0.0/33\""
        );
        assert_eq!(
            unlocated(r#"{"format":"vpcmap/2"}"#),
            "doc.json: $.format: expected \"vpcmap/1\", found \"vpcmap/2\""
        );
        let dangling = r#"{"format":"vpcmap/1","subnets":[{"id":"subnet-a","vpc":"vpc-x","az":"r-a","cidr":"10.0.0.0/24"}]}"#;
        assert!(err_text(dangling).contains("vpc-x"));
        assert_eq!(unlocated(dangling), err_text(dangling));
    }

    #[test]
    fn the_direct_parse_reads_documents_as_the_located_one_does() {
        let through_value = |text: &str| {
            serde_json::from_str(text)
                .map_err(|e| e.to_string())
                .and_then(|value| from_value("doc.json", value).map_err(|e| e.to_string()))
        };
        let sample = crate::sample::SAMPLE_JSON;
        let direct = parse("doc.json", sample).map_err(|e| e.to_string());
        assert!(direct.is_ok());
        assert_eq!(direct, through_value(sample));
        // A key given twice fails the direct parse; the located one keeps the last, as before.
        let twice = r#"{"format":"vpcmap/1","vpcs":[{"id":"vpc-a","id":"vpc-b","region":"r","cidrs":["10.0.0.0/16"]}]}"#;
        assert!(serde_json::from_str::<Topology>(twice).is_err());
        let parsed = parse("doc.json", twice).map_err(|e| e.to_string());
        assert_eq!(parsed, through_value(twice));
        assert_eq!(
            parsed.map(|topo| topo.vpcs[0].id.to_string()),
            Ok(String::from("vpc-b"))
        );
        assert_eq!(
            err_text(r#"{"format":"vpcmap/2"}"#),
            "doc.json: $.format: expected \"vpcmap/1\", found \"vpcmap/2\" (a newer vpcmap wrote this file?)"
        );
    }

    #[test]
    fn route_to_an_undeclared_gateway_is_refused() {
        let text = r#"{"format":"vpcmap/1","vpcs":[{"id":"vpc-a","region":"r","cidrs":["10.0.0.0/16"]}],
            "routeTables":[{"id":"rtb-1","vpc":"vpc-a","routes":[{"destination":"0.0.0.0/0","target":"igw-nope"}]}]}"#;
        assert_eq!(
            err_text(text),
            "doc.json: $.routeTables[0].routes[0].target: rtb-1 routes to igw-nope, which the document does not declare (expected an id from internetGateways, or {\"id\": \"igw-nope\", \"kind\": \"internetGateways\"} in \"external\" if it exists outside the document)"
        );
    }

    const ROUTE_TO_A_PEERING: &str = r#"{"format":"vpcmap/1","vpcs":[{"id":"vpc-a","region":"r","cidrs":["10.0.0.0/16"]}],
        "routeTables":[{"id":"rtb-1","vpc":"vpc-a","routes":[{"destination":"10.9.0.0/16","target":"pcx-elsewhere"}]}]"#;

    #[test]
    fn a_reference_listed_as_external_is_accepted() {
        let text = format!(
            r#"{ROUTE_TO_A_PEERING}, "external":[{{"id":"pcx-elsewhere","kind":"vpcPeeringConnections"}}]}}"#
        );
        let topology = parse("doc.json", &text).map_err(|e| e.to_string());
        assert_eq!(
            topology.map(|t| t.external),
            Ok(vec![ExternalRef {
                id: "pcx-elsewhere".into(),
                kind: ExternalKind::VpcPeeringConnections,
            }])
        );
        assert!(parse_unlocated("doc.json", &text).is_ok());
    }

    #[test]
    fn an_external_id_of_another_kind_does_not_satisfy_a_reference() {
        let text = format!(
            r#"{ROUTE_TO_A_PEERING}, "external":[{{"id":"pcx-elsewhere","kind":"vpcs"}}]}}"#
        );
        assert!(err_text(&text)
            .starts_with("doc.json: $.routeTables[0].routes[0].target: rtb-1 routes to pcx-elsewhere, which the document does not declare (expected an id from vpcPeeringConnections"));
    }

    #[test]
    fn an_external_kind_that_is_no_list_is_refused_with_its_path() {
        let text = format!(
            r#"{ROUTE_TO_A_PEERING}, "external":[{{"id":"pcx-elsewhere","kind":"peerings"}}]}}"#
        );
        let message = err_text(&text);
        assert!(
            message.starts_with(
                "doc.json: $.external[0].kind: unknown variant `peerings`, expected one of `vpcs`"
            ),
            "{message}"
        );
    }
}
