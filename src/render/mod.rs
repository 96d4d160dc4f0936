//! Render: layout → SVG text (one self-contained document, light and dark themes in one file),
//! a PNG of that SVG (native builds with the `png` feature) and a draw.io (mxGraph XML) file.
//!
//! `svg.rs` writes the document, `theme.rs` holds the stylesheet, `icons.rs` our own icons, and
//! `escape.rs` the one escaping function all text goes through. `png.rs` rasterises the SVG with
//! resvg; `drawio.rs` writes the same boxes and edges as editable draw.io cells.

mod drawio;
mod escape;
mod icons;
#[cfg(all(feature = "png", not(target_arch = "wasm32")))]
pub mod png;
mod svg;
mod theme;

pub use drawio::{drawio, DrawioOptions};
pub use escape::escape;
pub use svg::{svg, svg_with, Badge, Mark, SvgOptions, Theme};
pub use theme::STYLE;
