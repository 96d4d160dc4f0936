//! Which region and account each describe output belongs to.
//!
//! Describe output never states its region (it comes from the CLI profile), so the importer reads
//! it from context, most explicit first:
//!
//! 1. a path segment that is a region name (`aws_configs/us-east-1/Vpcs.json`), or the
//!    `"Region"` / `"Regions": {<region>: …}` keys of a merged object;
//! 2. evidence about one resource: a VPC's subnets' availability zones and the `VpcInfo.Region` a
//!    peering states for it; a transit gateway's VPC attachments;
//! 3. evidence shared by the files of one folder: availability-zone names, `AvailabilityZones.json`,
//!    endpoint service names (`com.amazonaws.<region>.s3`), Direct Connect `region` fields.
//!
//! Region names are recognised by shape (`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$`), not by a
//! list, so a region launched after this release still works.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `us-isob-east-1`, `cn-north-1`.
pub(crate) fn looks_like_region(text: &str) -> bool {
    let lower = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase());
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [area, direction, number] => {
            area.len() == 2 && lower(area) && lower(direction) && digits(number)
        }
        [area, partition, direction, number] => {
            area.len() == 2
                && lower(area)
                && (*partition == "gov" || (partition.starts_with("iso") && lower(partition)))
                && lower(direction)
                && digits(number)
        }
        _ => false,
    }
}

/// The innermost folder of `path` named like a region; the file name itself never counts.
pub(crate) fn region_from_path(path: &str) -> Option<String> {
    path.split(['/', '\\'])
        .rev()
        .skip(1)
        .find(|segment| looks_like_region(segment))
        .map(str::to_string)
}

/// The account folder of a Batfish-style path: `…/accounts/<id>/…`.
pub(crate) fn account_from_path(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split(['/', '\\']).collect();
    segments
        .windows(2)
        .find(|pair| pair[0] == "accounts" && !pair[1].is_empty())
        .map(|pair| pair[1].to_string())
}

/// `us-east-1a` → `us-east-1`; local and Wavelength zones (`us-east-1-bos-1a`,
/// `us-east-1-wl1-bos-wlz-1`) → their parent region.
pub(crate) fn region_from_az(az: &str) -> Option<String> {
    let trimmed = az.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let mut parts: Vec<&str> = trimmed.split('-').collect();
    while parts.len() >= 3 {
        let candidate = parts.join("-");
        if looks_like_region(&candidate) {
            return Some(candidate);
        }
        parts.pop();
    }
    None
}

/// `com.amazonaws.us-east-1.s3` → `us-east-1` (also `…vpce.us-east-1.vpce-svc-…`).
pub(crate) fn region_from_service(name: &str) -> Option<String> {
    name.split('.')
        .find(|part| looks_like_region(part))
        .map(str::to_string)
}

/// The folder of a path (`a/b/Vpcs.json` → `a/b`): inputs of one folder share region evidence.
pub(crate) fn parent_dir(path: &str) -> &str {
    match path.rfind(['/', '\\']) {
        Some(idx) => &path[..idx],
        None => "",
    }
}

/// Region evidence gathered from every input before any resource is read.
#[derive(Default)]
pub(super) struct Evidence {
    /// Folder (group) → regions its data mentions.
    pub group: BTreeMap<String, BTreeSet<String>>,
    /// VPC id → regions its subnets' zones and the peerings that name it point to.
    pub vpc: BTreeMap<String, BTreeSet<String>>,
    /// Transit gateway id → VPCs attached to it (a VPC attachment never crosses regions).
    pub tgw_vpcs: BTreeMap<String, Vec<String>>,
}

/// The list under `key`, in either spelling (`Subnets`, `subnets`); anything else reads as empty,
/// because this pass only gathers hints and the main pass reports malformed values.
fn list<'a>(object: &'a Map<String, Value>, key: &str) -> &'a [Value] {
    object
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .and_then(|(_, v)| v.as_array())
        .map_or(&[], Vec::as_slice)
}

fn text<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|key| value.get(key))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

impl Evidence {
    /// Read the hints one describe object holds; `group` is its folder.
    pub fn collect(&mut self, group: &str, hint: Option<&str>, object: &Map<String, Value>) {
        let shared = self.group.entry(group.to_string()).or_default();
        shared.extend(hint.map(str::to_string));
        for subnet in list(object, "Subnets") {
            if let Some(region) = text(subnet, &["AvailabilityZone"]).and_then(region_from_az) {
                if let Some(vpc) = text(subnet, &["VpcId"]) {
                    self.vpc
                        .entry(vpc.to_string())
                        .or_default()
                        .insert(region.clone());
                }
                shared.insert(region);
            }
        }
        for zone in list(object, "AvailabilityZones") {
            shared.extend(text(zone, &["RegionName"]).map(str::to_string));
        }
        for endpoint in list(object, "VpcEndpoints") {
            shared.extend(text(endpoint, &["ServiceName"]).and_then(region_from_service));
        }
        // A Direct Connect connection or interface states the region it lands in.
        for key in ["connections", "virtualInterfaces"] {
            for item in list(object, key) {
                shared.extend(text(item, &["region", "Region"]).map(str::to_string));
            }
        }
        // A peering states each side's region; it says nothing about the folder, which may
        // describe either side.
        for peering in list(object, "VpcPeeringConnections") {
            for side in ["RequesterVpcInfo", "AccepterVpcInfo"] {
                let Some(info) = peering.get(side) else {
                    continue;
                };
                if let (Some(vpc), Some(region)) = (text(info, &["VpcId"]), text(info, &["Region"]))
                {
                    if looks_like_region(region) {
                        self.vpc
                            .entry(vpc.to_string())
                            .or_default()
                            .insert(region.to_string());
                    }
                }
            }
        }
        for key in ["TransitGatewayAttachments", "TransitGatewayVpcAttachments"] {
            for attachment in list(object, key) {
                let is_vpc = text(attachment, &["ResourceType"]).is_none_or(|t| t == "vpc");
                let vpc = text(attachment, &["VpcId"])
                    .or_else(|| text(attachment, &["ResourceId"]).filter(|_| is_vpc));
                if let (Some(tgw), Some(vpc)) = (text(attachment, &["TransitGatewayId"]), vpc) {
                    self.tgw_vpcs
                        .entry(tgw.to_string())
                        .or_default()
                        .push(vpc.to_string());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_by_shape() {
        for good in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "us-isob-east-1",
            "cn-north-1",
            "ap-southeast-7",
        ] {
            assert!(looks_like_region(good), "{good}");
        }
        for bad in [
            "us-east",
            "useast-1",
            "us-east-1a",
            "aws_configs",
            "a-b-c-d-1",
            "us-xyz-east-1",
            "US-EAST-1",
            "",
        ] {
            assert!(!looks_like_region(bad), "{bad}");
        }
    }

    #[test]
    fn regions_and_accounts_from_paths() {
        assert_eq!(
            region_from_path("snap/aws_configs/us-east-1/Vpcs.json").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(
            region_from_path("a/accounts/111/us-gov-west-1/Vpcs.json").as_deref(),
            Some("us-gov-west-1")
        );
        assert_eq!(
            region_from_path("C:\\export\\eu-west-1\\Subnets.json").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(region_from_path("aws_configs/Vpcs.json"), None);
        assert_eq!(
            region_from_path("us-east-1"),
            None,
            "the file name itself is not a folder"
        );
        assert_eq!(
            account_from_path("x/accounts/123456789012/us-east-1/Vpcs.json").as_deref(),
            Some("123456789012")
        );
        assert_eq!(account_from_path("x/us-east-1/Vpcs.json"), None);
        assert_eq!(parent_dir("a/b/Vpcs.json"), "a/b");
        assert_eq!(parent_dir("Vpcs.json"), "");
    }

    #[test]
    fn regions_from_availability_zones() {
        assert_eq!(region_from_az("us-east-1a").as_deref(), Some("us-east-1"));
        assert_eq!(
            region_from_az("ap-southeast-2c").as_deref(),
            Some("ap-southeast-2")
        );
        assert_eq!(
            region_from_az("us-gov-west-1a").as_deref(),
            Some("us-gov-west-1")
        );
        assert_eq!(
            region_from_az("us-east-1-bos-1a").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(
            region_from_az("us-east-1-wl1-bos-wlz-1").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(region_from_az("use1-az1"), None, "a zone id, not a name");
        assert_eq!(region_from_az("nonsense"), None);
        assert_eq!(region_from_az(""), None);
    }

    #[test]
    fn regions_from_service_names() {
        assert_eq!(
            region_from_service("com.amazonaws.eu-west-3.dynamodb").as_deref(),
            Some("eu-west-3")
        );
        assert_eq!(
            region_from_service("com.amazonaws.vpce.us-east-1.vpce-svc-0abc").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(region_from_service("aws.sagemaker.notebook"), None);
    }

    #[test]
    fn evidence_per_vpc_and_per_folder() {
        let value = serde_json::json!({
            "Subnets": [{"SubnetId": "s-1", "VpcId": "vpc-1", "AvailabilityZone": "eu-west-1b"}],
            "VpcPeeringConnections": [{"RequesterVpcInfo": {"VpcId": "vpc-2", "Region": "us-east-2"},
                                       "AccepterVpcInfo": {"VpcId": "vpc-1", "Region": "eu-west-1"}}],
            "TransitGatewayAttachments": [{"TransitGatewayId": "tgw-1", "ResourceType": "vpc", "ResourceId": "vpc-1"},
                                          {"TransitGatewayId": "tgw-1", "ResourceType": "vpn", "ResourceId": "vpn-1"}]
        });
        let mut evidence = Evidence::default();
        let object = value.as_object().cloned().unwrap_or_default();
        evidence.collect("flat", None, &object);
        let regions = |set: Option<&BTreeSet<String>>| {
            set.map(|s| s.iter().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        assert_eq!(regions(evidence.vpc.get("vpc-1")), vec!["eu-west-1"]);
        assert_eq!(regions(evidence.vpc.get("vpc-2")), vec!["us-east-2"]);
        assert_eq!(
            regions(evidence.group.get("flat")),
            vec!["eu-west-1"],
            "peerings do not place the folder"
        );
        assert_eq!(evidence.tgw_vpcs.get("tgw-1"), Some(&vec!["vpc-1".into()]));
    }
}
