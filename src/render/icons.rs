//! Small icons drawn for vpcmap from a few SVG primitives (no third-party icon pack), one per
//! node kind that is drawn as a small box. Each is a path in a 20×20 box, placed left of the label.

use crate::layout::NodeKind;

/// Path data for a kind's icon, in a 20×20 box with its origin at the top-left.
pub fn icon_path(kind: NodeKind) -> Option<&'static str> {
    Some(match kind {
        // A globe: circle, equator, meridian.
        NodeKind::Internet => {
            "M10 1a9 9 0 1 0 0 18a9 9 0 1 0 0-18M1 10h18M10 1c-4 4-4 14 0 18M10 1c4 4 4 14 0 18"
        }
        // A door: frame with an arrow out.
        NodeKind::InternetGateway => "M3 2h9v16h-9zM8 10h10M15 7l3 3l-3 3",
        // Two arrows merging into one.
        NodeKind::NatGateway => "M2 5h6l4 5h6M2 15h6l4-5M15 7l3 3l-3 3",
        // A padlock.
        NodeKind::VpnGateway => "M4 9h12v9h-12zM6.5 9v-3a3.5 3.5 0 0 1 7 0v3M10 12v3",
        // A building.
        NodeKind::CustomerGateway | NodeKind::Onprem => {
            "M3 18v-14h8v14M11 8h6v10M5.5 7h3M5.5 10h3M5.5 13h3M13.5 11h1.5M13.5 14h1.5M1 18h18"
        }
        // A hub with spokes.
        NodeKind::TransitGateway => {
            "M10 7a3 3 0 1 0 0 6a3 3 0 1 0 0-6M10 1v6M10 13v6M1 10h6M13 10h6"
        }
        // A gateway arch with a link.
        NodeKind::DxGateway => "M2 18v-10a8 8 0 0 1 16 0v10M6 18v-9a4 4 0 0 1 8 0v9",
        // A plug (cross-connect at a location).
        NodeKind::DxConnection => "M6 2v5M14 2v5M4 7h12v4a6 6 0 0 1-12 0zM10 17v2",
        // A plug into a socket.
        NodeKind::VpcEndpoint => "M2 10h5M7 6h5v8h-5zM12 8h6M12 12h6",
        // A server.
        NodeKind::Instance => "M3 3h14v6h-14zM3 11h14v6h-14zM6 6h.01M6 14h.01",
        // A database cylinder.
        NodeKind::Service => {
            "M3 4c0-2 14-2 14 0v12c0 2-14 2-14 0zM3 4c0 2 14 2 14 0M3 10c0 2 14 2 14 0"
        }
        NodeKind::Region | NodeKind::Account | NodeKind::Vpc | NodeKind::Az | NodeKind::Subnet => {
            return None
        }
    })
}
