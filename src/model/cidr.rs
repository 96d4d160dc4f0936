//! CIDR blocks as the model stores them, on top of `ipnet`.
//!
//! A block keeps the text the user wrote (`100.68.0.18/18` stays as written) because AWS
//! rewrites non-canonical blocks silently and the validator reports that (`VPC_CIDR_NOT_CANONICAL`);
//! all arithmetic goes through [`Cidr4::network`], the canonical form. Parsing errors say what was
//! expected, so the importers can put the JSON path in front of them.

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// An IPv4 block such as `10.0.0.0/16`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr4(pub Ipv4Net);

/// An IPv6 block such as `2600:1f14:abc:de00::/56`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr6(pub Ipv6Net);

/// A block of either family (allowed prefixes, prefix-list entries, on-premises ranges).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr(pub IpNet);

impl Cidr4 {
    /// The canonical block (host bits cleared).
    pub fn network(&self) -> Ipv4Net {
        self.0.trunc()
    }
    pub fn prefix_len(&self) -> u8 {
        self.0.prefix_len()
    }
    pub fn is_canonical(&self) -> bool {
        self.0.addr() == self.0.network()
    }
    /// First and last address as integers, for interval arithmetic.
    pub fn range(&self) -> (u32, u32) {
        let net = self.network();
        (u32::from(net.network()), u32::from(net.broadcast()))
    }
    pub fn overlaps(&self, other: &Cidr4) -> bool {
        let (a0, a1) = self.range();
        let (b0, b1) = other.range();
        a0 <= b1 && b0 <= a1
    }
    /// `self ⊆ other`.
    pub fn within(&self, other: &Cidr4) -> bool {
        let (a0, a1) = self.range();
        let (b0, b1) = other.range();
        b0 <= a0 && a1 <= b1
    }
    pub fn contains_addr(&self, addr: Ipv4Addr) -> bool {
        self.network().contains(&addr)
    }
    /// Number of addresses in the block.
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix_len()))
    }
}

impl Cidr6 {
    pub fn network(&self) -> Ipv6Net {
        self.0.trunc()
    }
    pub fn prefix_len(&self) -> u8 {
        self.0.prefix_len()
    }
    pub fn range(&self) -> (u128, u128) {
        let net = self.network();
        (u128::from(net.network()), u128::from(net.broadcast()))
    }
    pub fn overlaps(&self, other: &Cidr6) -> bool {
        let (a0, a1) = self.range();
        let (b0, b1) = other.range();
        a0 <= b1 && b0 <= a1
    }
    pub fn within(&self, other: &Cidr6) -> bool {
        let (a0, a1) = self.range();
        let (b0, b1) = other.range();
        b0 <= a0 && a1 <= b1
    }
    pub fn contains_addr(&self, addr: Ipv6Addr) -> bool {
        self.network().contains(&addr)
    }
}

impl Cidr {
    pub fn v4(&self) -> Option<Cidr4> {
        match self.0 {
            IpNet::V4(net) => Some(Cidr4(net)),
            IpNet::V6(_) => None,
        }
    }
    pub fn v6(&self) -> Option<Cidr6> {
        match self.0 {
            IpNet::V6(net) => Some(Cidr6(net)),
            IpNet::V4(_) => None,
        }
    }
}

/// Why a string is not a CIDR block; the message names what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CidrParseError {
    pub expected: &'static str,
    pub found: String,
}

impl fmt::Display for CidrParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, found {:?}", self.expected, self.found)
    }
}

impl std::error::Error for CidrParseError {}

impl FromStr for Cidr4 {
    type Err = CidrParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // `Ipv4Net::from_str` already rejects prefix lengths above 32 and malformed octets.
        Ipv4Net::from_str(s.trim())
            .map(Cidr4)
            .map_err(|_| CidrParseError {
                expected: "an IPv4 CIDR such as 10.0.0.0/16",
                found: s.to_string(),
            })
    }
}

impl FromStr for Cidr6 {
    type Err = CidrParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ipv6Net::from_str(s.trim())
            .map(Cidr6)
            .map_err(|_| CidrParseError {
                expected: "an IPv6 CIDR such as 2600:1f14::/56",
                found: s.to_string(),
            })
    }
}

impl FromStr for Cidr {
    type Err = CidrParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IpNet::from_str(s.trim())
            .map(Cidr)
            .map_err(|_| CidrParseError {
                expected: "an IPv4 or IPv6 CIDR such as 10.0.0.0/16",
                found: s.to_string(),
            })
    }
}

macro_rules! cidr_text_impls {
    ($($ty:ident => $pattern:expr, $desc:expr;)*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = Cow::<str>::deserialize(deserializer)?;
                text.parse().map_err(de::Error::custom)
            }
        }
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "pattern": $pattern, "description": $desc })
            }
        }
    )*};
}

cidr_text_impls! {
    Cidr4 => r"^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$", "IPv4 CIDR block, e.g. 10.0.0.0/16";
    Cidr6 => r"^[0-9A-Fa-f:]+/\d{1,3}$", "IPv6 CIDR block, e.g. 2600:1f14:abc:de00::/56";
    Cidr => r"^[0-9A-Fa-f:.]+/\d{1,3}$", "IPv4 or IPv6 CIDR block";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c4(s: &str) -> Cidr4 {
        s.parse().unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn rejects_prefix_over_32_with_a_message() {
        let err = "10.0.0.0/33".parse::<Cidr4>().err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("expected an IPv4 CIDR such as 10.0.0.0/16, found \"10.0.0.0/33\"")
        );
    }

    #[test]
    fn keeps_non_canonical_text_but_computes_on_the_network() {
        let block = c4("100.68.0.18/18");
        assert!(!block.is_canonical());
        assert_eq!(block.to_string(), "100.68.0.18/18");
        assert_eq!(block.network().to_string(), "100.68.0.0/18");
    }

    #[test]
    fn overlap_and_containment() {
        assert!(c4("10.0.0.0/16").overlaps(&c4("10.0.128.0/17")));
        assert!(!c4("10.0.0.0/16").overlaps(&c4("10.1.0.0/16")));
        assert!(c4("10.0.1.0/24").within(&c4("10.0.0.0/16")));
        assert!(!c4("10.0.0.0/16").within(&c4("10.0.1.0/24")));
        assert_eq!(c4("10.0.0.0/28").size(), 16);
    }
}
