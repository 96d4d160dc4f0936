//! The checked-in JSON Schema (`docs/vpcmap.schema.json`) must match the model types.

#[test]
fn checked_in_schema_is_current() {
    let path = crate::repo_root().join("docs").join("vpcmap.schema.json");
    let fresh = vpcmap::model::schema::json_schema() + "\n";
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != fresh {
        std::fs::write(&path, &fresh).unwrap();
        panic!("docs/vpcmap.schema.json was stale and has been rewritten; commit the new file");
    }
}

#[test]
fn schema_describes_the_top_level_lists() {
    let schema: serde_json::Value =
        serde_json::from_str(&vpcmap::model::schema::json_schema()).unwrap();
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "format",
        "vpcs",
        "subnets",
        "routeTables",
        "vpcPeeringConnections",
        "vpnConnections",
        "dxGateways",
        "vpcEndpoints",
        "onPremNetworks",
    ] {
        assert!(props.contains_key(key), "schema lacks {key}");
    }
    assert_eq!(schema["required"], serde_json::json!(["format"]));
}
