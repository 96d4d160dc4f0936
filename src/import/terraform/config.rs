//! A plan's `configuration`: where an unknown id comes from, and which region a provider uses.
//!
//! Before apply, the id of every new resource is unknown, so `planned_values` cannot say which
//! route table a new route goes into. The configuration can: each resource's `expressions`
//! list the `references` of every argument (`"route_table_id": {"references":
//! ["aws_route_table.private", "count.index"]}`), module calls map variables to the caller's
//! expressions, and module outputs to the module's own. This file answers only "what does this
//! argument refer to"; picking the instance and its id is `resolve.rs`'s job.

use serde_json::Value;

/// One file's configuration and root variables (both absent for states).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Config<'a> {
    root: Option<&'a Value>,
    providers: Option<&'a Value>,
    variables: Option<&'a Value>,
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

impl<'a> Config<'a> {
    pub fn of(plan: &'a Value) -> Config<'a> {
        let configuration = plan.get("configuration");
        Config {
            root: configuration.and_then(|c| c.get("root_module")),
            providers: configuration.and_then(|c| c.get("provider_config")),
            variables: plan.get("variables"),
        }
    }

    /// The configuration of the module at `path` (module names from the root).
    fn module(&self, path: &[String]) -> Option<&'a Value> {
        let mut module = self.root?;
        for name in path {
            module = module.get("module_calls")?.get(name)?.get("module")?;
        }
        Some(module)
    }

    fn resource(&self, path: &[String], rtype: &str, name: &str) -> Option<&'a Value> {
        let address = format!("{rtype}.{name}");
        self.module(path)?
            .get("resources")?
            .as_array()?
            .iter()
            .find(|r| {
                r.get("address").and_then(Value::as_str) == Some(address.as_str())
                    && r.get("mode").and_then(Value::as_str) != Some("data")
            })
    }

    /// The references of a resource argument (`route_table_id`), in the order Terraform lists
    /// them.
    pub fn argument_refs(
        &self,
        path: &[String],
        rtype: &str,
        name: &str,
        arg: &str,
    ) -> Vec<String> {
        strings(
            self.resource(path, rtype, name)
                .and_then(|r| r.get("expressions"))
                .and_then(|e| e.get(arg))
                .and_then(|e| e.get("references")),
        )
    }

    /// The references behind `var.NAME` inside the module at `path`: the caller's expression for
    /// that argument of the module call.
    pub fn variable_refs(&self, path: &[String], var: &str) -> Vec<String> {
        let Some((last, parent)) = path.split_last() else {
            return Vec::new();
        };
        strings(
            self.module(parent)
                .and_then(|m| m.get("module_calls"))
                .and_then(|calls| calls.get(last))
                .and_then(|call| call.get("expressions"))
                .and_then(|e| e.get(var))
                .and_then(|e| e.get("references")),
        )
    }

    /// The references behind `module.NAME.OUTPUT` seen from the module at `path`.
    pub fn output_refs(&self, path: &[String], output: &str) -> Vec<String> {
        strings(
            self.module(path)
                .and_then(|m| m.get("outputs"))
                .and_then(|o| o.get(output))
                .and_then(|o| o.get("expression"))
                .and_then(|e| e.get("references")),
        )
    }

    /// The region of the provider a resource uses: its `provider_config_key` (`aws.west`,
    /// `vpc:aws`, `module.vpc:aws`), else the default `aws` provider; a constant or a root
    /// variable with a value.
    pub fn region(&self, path: &[String], rtype: &str, name: &str) -> Option<String> {
        let providers = self.providers?;
        let key = self
            .resource(path, rtype, name)
            .and_then(|r| r.get("provider_config_key"))
            .and_then(Value::as_str);
        let provider = key
            .and_then(|key| providers.get(key))
            .or_else(|| {
                // Modules name the root's provider as "<module>:aws" in older formats.
                key.and_then(|key| key.rsplit(':').next())
                    .and_then(|local| providers.get(local))
            })
            .or_else(|| providers.get("aws"))?;
        let region = provider.get("expressions")?.get("region")?;
        if let Some(text) = region.get("constant_value").and_then(Value::as_str) {
            return Some(text.to_string());
        }
        strings(region.get("references"))
            .iter()
            .find_map(|reference| {
                let var = reference.strip_prefix("var.")?;
                self.variables?
                    .get(var)?
                    .get("value")?
                    .as_str()
                    .map(str::to_string)
            })
    }
}
