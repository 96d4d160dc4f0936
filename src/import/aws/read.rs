//! A cursor over describe-* JSON that knows where it is, so every error names the file and the
//! JSONPath of the bad value and says what was expected.
//!
//! Describe output is loose in practice: numbers printed as strings (`BgpAsn`), empty strings for
//! "none" (Direct Connect), camelCase or PascalCase keys (Direct Connect by the CLI vs. some
//! exporters). The accessors absorb those differences in one place.

use crate::import::ImportError;
use crate::model::{Cidr, Cidr4, Cidr6};
use serde_json::Value;
use std::str::FromStr;

#[derive(Clone)]
pub(crate) struct At<'a> {
    pub file: &'a str,
    pub path: String,
    pub value: &'a Value,
}

/// `virtualInterfaceId` → `VirtualInterfaceId`.
fn pascal(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

impl<'a> At<'a> {
    pub fn root(file: &'a str, path: String, value: &'a Value) -> At<'a> {
        At { file, path, value }
    }

    pub fn error(&self, message: impl Into<String>) -> ImportError {
        ImportError::Invalid {
            file: self.file.to_string(),
            path: self.path.clone(),
            message: message.into(),
        }
    }

    /// The value under `key`, or under its PascalCase spelling; `null` and `""` count as absent.
    pub fn get(&self, key: &str) -> Option<At<'a>> {
        let object = self.value.as_object()?;
        let (name, value) = match object.get(key) {
            Some(value) => (key.to_string(), value),
            None => {
                let alt = pascal(key);
                (alt.clone(), object.get(&alt)?)
            }
        };
        if value.is_null() || value.as_str() == Some("") {
            return None;
        }
        Some(At {
            file: self.file,
            path: format!("{}.{name}", self.path),
            value,
        })
    }

    /// A string. Ids, states and names are always strings in describe output, so a number here
    /// is a broken file, not a spelling to absorb (`"GatewayId": 7` must not become a target).
    pub fn str(&self, key: &str) -> Result<Option<String>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(at) => match at.value {
                Value::String(s) => Ok(Some(s.clone())),
                _ => Err(at.error(format!("expected a string, found {}", kind(at.value)))),
            },
        }
    }

    /// A protocol (`"6"`, `"tcp"`, `"-1"`): a string in describe output, a number in some
    /// hand-made exports; both read as text.
    pub fn protocol(&self, key: &str) -> Result<Option<String>, ImportError> {
        match self.get(key) {
            Some(At {
                value: Value::Number(n),
                ..
            }) => Ok(Some(n.to_string())),
            _ => self.str(key),
        }
    }

    pub fn req_str(&self, key: &str) -> Result<String, ImportError> {
        self.str(key)?
            .ok_or_else(|| self.error(format!("expected a field {key:?} (a string)")))
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(at) => match at.value {
                Value::Bool(b) => Ok(Some(*b)),
                Value::String(s) if s.eq_ignore_ascii_case("true") || s == "enable" => {
                    Ok(Some(true))
                }
                Value::String(s) if s.eq_ignore_ascii_case("false") || s == "disable" => {
                    Ok(Some(false))
                }
                // describe-vpc-attribute wraps booleans: {"Value": true}.
                Value::Object(_) => at.bool("Value"),
                _ => Err(at.error(format!("expected true or false, found {}", kind(at.value)))),
            },
        }
    }

    /// A non-negative integer, printed as a number or as a string (`"BgpAsn": "65000"`).
    pub fn u64(&self, key: &str) -> Result<Option<u64>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(at) => {
                let parsed = match at.value {
                    Value::Number(n) => n.as_u64(),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                };
                parsed.map(Some).ok_or_else(|| {
                    at.error(format!(
                        "expected a non-negative integer, found {}",
                        short(at.value)
                    ))
                })
            }
        }
    }

    pub fn i32(&self, key: &str) -> Result<Option<i32>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(at) => {
                let parsed = match at.value {
                    Value::Number(n) => n.as_i64().and_then(|v| i32::try_from(v).ok()),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                };
                parsed.map(Some).ok_or_else(|| {
                    at.error(format!("expected an integer, found {}", short(at.value)))
                })
            }
        }
    }

    fn parse<T: FromStr>(&self, key: &str) -> Result<Option<T>, ImportError>
    where
        T::Err: std::fmt::Display,
    {
        match self.get(key) {
            None => Ok(None),
            Some(at) => match at.value.as_str() {
                Some(text) => text
                    .parse()
                    .map(Some)
                    .map_err(|e: T::Err| at.error(e.to_string())),
                None => Err(at.error(format!("expected a string, found {}", kind(at.value)))),
            },
        }
    }

    pub fn cidr4(&self, key: &str) -> Result<Option<Cidr4>, ImportError> {
        self.parse(key)
    }
    pub fn cidr6(&self, key: &str) -> Result<Option<Cidr6>, ImportError> {
        self.parse(key)
    }
    pub fn cidr(&self, key: &str) -> Result<Option<Cidr>, ImportError> {
        self.parse(key)
    }
    pub fn ip4(&self, key: &str) -> Result<Option<std::net::Ipv4Addr>, ImportError> {
        match self.get(key) {
            None => Ok(None),
            Some(at) => match at.value.as_str().map(|s| s.parse()) {
                Some(Ok(ip)) => Ok(Some(ip)),
                _ => Err(at.error(format!(
                    "expected an IPv4 address, found {}",
                    short(at.value)
                ))),
            },
        }
    }

    /// The elements of the list under `key` (absent = empty).
    pub fn list(&self, key: &str) -> Result<Vec<At<'a>>, ImportError> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(at) => at.items(),
        }
    }

    /// The elements of this value, which must be a list.
    pub fn items(&self) -> Result<Vec<At<'a>>, ImportError> {
        match self.value {
            Value::Array(items) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, value)| At {
                    file: self.file,
                    path: format!("{}[{i}]", self.path),
                    value,
                })
                .collect()),
            other => Err(self.error(format!("expected a list, found {}", kind(other)))),
        }
    }

    /// A list of strings (`SubnetIds`, `RouteTableIds`).
    pub fn strings(&self, key: &str) -> Result<Vec<String>, ImportError> {
        self.list(key)?
            .into_iter()
            .map(|at| {
                at.value
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| at.error(format!("expected a string, found {}", kind(at.value))))
            })
            .collect()
    }

    /// The `Name` tag (`Tags: [{Key, Value}]`, or Direct Connect's `tags: [{key, value}]`).
    pub fn name_tag(&self) -> Option<String> {
        let tags = self.get("Tags").or_else(|| self.get("tags"))?;
        tags.value.as_array()?.iter().find_map(|tag| {
            let key = tag.get("Key").or_else(|| tag.get("key"))?.as_str()?;
            if key == "Name" {
                tag.get("Value")
                    .or_else(|| tag.get("value"))?
                    .as_str()
                    .map(str::to_string)
            } else {
                None
            }
        })
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A short rendering of a value for messages (never a whole object).
fn short(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() <= 60 => format!("{s:?}"),
        Value::Number(n) => n.to_string(),
        other => kind(other).to_string(),
    }
}
