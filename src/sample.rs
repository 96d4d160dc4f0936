//! The built-in sample: two regions, four VPCs, peering, VPN, Direct Connect and a DynamoDB
//! gateway endpoint. The design tool opens it, the README pictures it, and golden tests draw it.

use crate::model::Topology;

/// The sample as a native document.
pub const SAMPLE_JSON: &str = include_str!("../samples/two-regions.json");

/// The sample, parsed. The text is checked by a test, so parsing cannot fail in practice; an
/// empty topology is the degraded answer if it ever did.
pub fn topology() -> Topology {
    crate::import::native::parse("samples/two-regions.json", SAMPLE_JSON)
        .unwrap_or_else(|_| Topology::new())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_parses_with_all_references_declared() {
        let parsed = crate::import::native::parse("sample", super::SAMPLE_JSON);
        assert!(parsed.is_ok(), "{:?}", parsed.err());
    }
}
