//! Typed resource ids.
//!
//! Every AWS resource id is a string (`vpc-0a1b…`, `pcx-…`, a UUID for a Direct Connect gateway),
//! but mixing them up is the most common modelling bug, so each kind gets its own newtype. They
//! serialize as plain strings, which keeps the native format readable by hand.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_types {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_string())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    )*};
}

id_types! {
    /// A 12-digit AWS account id (`OwnerId`).
    AccountId;
    /// `vpc-…`
    VpcId;
    /// `subnet-…`
    SubnetId;
    /// `rtb-…`
    RouteTableId;
    /// `igw-…`
    InternetGatewayId;
    /// `nat-…`
    NatGatewayId;
    /// `pcx-…`
    PeeringId;
    /// `vgw-…`
    VpnGatewayId;
    /// `cgw-…`
    CustomerGatewayId;
    /// `vpn-…`
    VpnConnectionId;
    /// `dxcon-…` (or `dxlag-…`)
    DxConnectionId;
    /// `dxvif-…`
    VirtualInterfaceId;
    /// A Direct Connect gateway id (a UUID).
    DxGatewayId;
    /// A Direct Connect gateway association id.
    DxAssociationId;
    /// `vpce-…`
    VpcEndpointId;
    /// `pl-…`
    PrefixListId;
    /// `sg-…`
    SecurityGroupId;
    /// `acl-…`
    NetworkAclId;
    /// `tgw-…`
    TransitGatewayId;
    /// `tgw-attach-…`
    TgwAttachmentId;
    /// `tgw-rtb-…`
    TgwRouteTableId;
    /// `i-…`
    InstanceId;
    /// `eni-…`
    NetworkInterfaceId;
    /// The id of an on-premises network (a name chosen by the document's author).
    OnPremId;
}
