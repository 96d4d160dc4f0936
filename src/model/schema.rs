//! The JSON Schema of the native document format, generated from the model types.
//!
//! Checked in as `docs/vpcmap.schema.json` (a test fails when it is stale), so editors and
//! other tools can validate documents without running vpcmap.

use super::Topology;

/// The schema as pretty-printed JSON text.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Topology);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
