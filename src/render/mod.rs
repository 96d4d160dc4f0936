//! Render: layout → SVG text. (Being built.)

use crate::layout::Layout;

/// Render a layout as one self-contained SVG document.
pub fn svg(_layout: &Layout) -> String {
    String::new()
}
