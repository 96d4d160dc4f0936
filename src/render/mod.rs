//! Render: layout → SVG text (one self-contained document, light and dark themes in one file).
//!
//! `svg.rs` writes the document, `theme.rs` holds the stylesheet, `icons.rs` our own icons, and
//! `escape.rs` the one escaping function all text goes through.

mod escape;
mod icons;
mod svg;
mod theme;

pub use escape::escape;
pub use svg::{svg, svg_with, Badge, Mark, SvgOptions, Theme};
pub use theme::STYLE;
