//! Layout → PNG bytes: the SVG of `svg.rs` rasterised with resvg, so the CLI needs no browser.
//!
//! resvg reads CSS selectors but not custom properties or media queries, so the SVG is written
//! without its `<style>` and resvg is handed the stylesheet with one theme's colours resolved
//! (`theme::resolved_style`): a PNG has no viewer to ask for `prefers-color-scheme`, so `Auto`
//! draws the light theme. Text needs fonts: [`Fonts::system`] loads the system's through fontdb
//! and makes the first common sans-serif family the `sans-serif` the stylesheet falls back to.
//! Without any font the picture is still drawn, without its text, and [`Png::warnings`] says so
//! (the library prints nothing; the CLI passes the warning on).
//!
//! Native only: the module sits behind the `png` Cargo feature and resvg is not a dependency of
//! the wasm32 builds at all (the browser draws its PNG on a canvas).

use super::svg::{svg_with, SvgOptions, Theme};
use super::theme::resolved_style;
use crate::layout::Layout;
use resvg::{tiny_skia, usvg};
use std::fmt;
use std::sync::Arc;

/// The largest image drawn, in pixels per side and in total (4 bytes each): beyond this the
/// caller asked for a scale no screen or printer needs, and the memory would be gigabytes.
pub const MAX_SIDE: u32 = 32_000;
pub const MAX_PIXELS: u64 = 1 << 27;

/// The families tried, in order, as the diagram's `sans-serif` (the stylesheet asks for
/// `system-ui, …, Arial, sans-serif`, which Linux systems rarely have by those names). Arial's
/// metrics first: the layout sizes boxes for them, and DejaVu Sans runs about 10% wider.
const SANS_FAMILIES: [&str; 7] = [
    "Liberation Sans",
    "Arial",
    "Helvetica",
    "Roboto",
    "Noto Sans",
    "DejaVu Sans",
    "Segoe UI",
];

/// The fonts text is drawn with.
#[derive(Clone, Debug)]
pub struct Fonts {
    database: Arc<usvg::fontdb::Database>,
}

impl Fonts {
    /// The system's fonts (fontdb reads the usual font directories; nothing else reads files).
    pub fn system() -> Fonts {
        let mut database = usvg::fontdb::Database::new();
        database.load_system_fonts();
        let mut families: Vec<String> = database
            .faces()
            .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
            .collect();
        crate::sort::sort(&mut families);
        families.dedup();
        let sans = SANS_FAMILIES
            .iter()
            .find(|wanted| families.iter().any(|family| family == *wanted))
            .map(|family| family.to_string())
            .or_else(|| families.first().cloned());
        if let Some(sans) = sans {
            database.set_sans_serif_family(sans);
        }
        Fonts {
            database: Arc::new(database),
        }
    }

    /// No fonts at all: shapes only (for tests, and a machine without fonts behaves so).
    pub fn none() -> Fonts {
        Fonts {
            database: Arc::new(usvg::fontdb::Database::new()),
        }
    }

    /// True when no font face is known, so no text can be drawn.
    pub fn is_empty(&self) -> bool {
        self.database.is_empty()
    }
}

/// A PNG image and what the caller should know about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Things that made the picture less than it should be (no fonts: no text).
    pub warnings: Vec<String>,
}

/// Why no PNG could be made.
#[derive(Clone, Debug, PartialEq)]
pub enum PngError {
    /// The scale is not a finite number above zero.
    Scale(f32),
    /// The image would be larger than [`MAX_SIDE`] per side or [`MAX_PIXELS`] in all.
    TooLarge { width: u64, height: u64 },
    /// resvg refused our SVG (a bug in `svg.rs`, reported rather than hidden).
    Svg(String),
    /// The pixels could not be encoded as PNG.
    Encode(String),
}

impl fmt::Display for PngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PngError::Scale(scale) => {
                write!(
                    f,
                    "scale: expected a number above 0, such as 2, found {scale}"
                )
            }
            PngError::TooLarge { width, height } => write!(
                f,
                "a {width}×{height} pixel image is over the limit of {MAX_SIDE} pixels per side \
                 and {MAX_PIXELS} pixels in all; use a smaller scale"
            ),
            PngError::Svg(message) => write!(f, "the diagram's SVG could not be read: {message}"),
            PngError::Encode(message) => write!(f, "the PNG could not be encoded: {message}"),
        }
    }
}

impl std::error::Error for PngError {}

/// Draw `layout` as a PNG `scale` times the SVG's size (`options` as for [`svg_with`]; its
/// `omit_style` is ignored and `Auto` means light).
pub fn png(
    layout: &Layout,
    options: &SvgOptions,
    scale: f32,
    fonts: &Fonts,
) -> Result<Png, PngError> {
    if !scale.is_finite() || scale <= 0.0 {
        return Err(PngError::Scale(scale));
    }
    let theme = match options.theme {
        Theme::Dark => Theme::Dark,
        Theme::Auto | Theme::Light => Theme::Light,
    };
    let svg_options = SvgOptions {
        theme,
        omit_style: true,
        ..options.clone()
    };
    let svg_text = svg_with(layout, &svg_options);

    let usvg_options = usvg::Options {
        fontdb: Arc::clone(&fonts.database),
        font_family: "sans-serif".to_string(),
        style_sheet: Some(resolved_style(theme)),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(&svg_text, &usvg_options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let width = (f64::from(size.width()) * f64::from(scale)).ceil();
    let height = (f64::from(size.height()) * f64::from(scale)).ceil();
    // Both are finite and positive here (usvg refuses a size <= 0), so the casts are exact
    // up to the limits checked next.
    let (width, height) = (width.max(1.0) as u64, height.max(1.0) as u64);
    if width > u64::from(MAX_SIDE)
        || height > u64::from(MAX_SIDE)
        || width.saturating_mul(height) > MAX_PIXELS
    {
        return Err(PngError::TooLarge { width, height });
    }
    let (width, height) = (width as u32, height as u32);
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(PngError::TooLarge {
        width: u64::from(width),
        height: u64::from(height),
    })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))?;
    let mut warnings = Vec::new();
    if fonts.is_empty() {
        warnings.push(
            "no fonts found on this system, so the PNG has no text (install a font package such \
             as fonts-dejavu-core)"
                .to_string(),
        );
    }
    Ok(Png {
        bytes,
        width,
        height,
        warnings,
    })
}
