//! Geometry helpers: rectangles, text-width estimates and rounding.
//!
//! Text is measured by estimate (an average glyph width for the 12 px sans-serif the SVG uses),
//! because the core has no font engine; the renderer's CSS keeps labels at that size so the
//! estimate holds.

/// Estimated width of `text` at the diagram's label size.
pub fn text_width(text: &str, px: f64) -> f64 {
    // Average advance of a bold sans-serif face is ~0.62 em (digits and lowercase ids); wide
    // glyphs are rare in ids and CIDRs, and an over-estimate only costs a little white space.
    text.chars().count() as f64 * px * 0.62
}

/// Round to one decimal place: layout JSON and SVG are byte-stable at that precision.
pub fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
    /// Interiors intersect (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
    /// `other` lies inside `self`, keeping `pad` on every side.
    pub fn contains(&self, other: &Rect, pad: f64) -> bool {
        other.x >= self.x + pad - 1e-6
            && other.y >= self.y + pad - 1e-6
            && other.right() <= self.right() - pad + 1e-6
            && other.bottom() <= self.bottom() - pad + 1e-6
    }
    /// The point lies on the border (within `tol`).
    pub fn on_border(&self, x: f64, y: f64, tol: f64) -> bool {
        let within_x = x >= self.x - tol && x <= self.right() + tol;
        let within_y = y >= self.y - tol && y <= self.bottom() + tol;
        let on_vertical = (x - self.x).abs() <= tol || (x - self.right()).abs() <= tol;
        let on_horizontal = (y - self.y).abs() <= tol || (y - self.bottom()).abs() <= tol;
        (on_vertical && within_y) || (on_horizontal && within_x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_and_containment() {
        let a = Rect {
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: 10.0,
        };
        let b = Rect {
            x: 10.0,
            y: 0.0,
            w: 10.0,
            h: 10.0,
        };
        assert!(!a.overlaps(&b), "touching is not overlapping");
        assert!(a.overlaps(&Rect {
            x: 5.0,
            y: 5.0,
            w: 10.0,
            h: 10.0
        }));
        assert!(a.contains(
            &Rect {
                x: 2.0,
                y: 2.0,
                w: 6.0,
                h: 6.0
            },
            2.0
        ));
        assert!(!a.contains(
            &Rect {
                x: 1.0,
                y: 2.0,
                w: 6.0,
                h: 6.0
            },
            2.0
        ));
        assert!(a.on_border(10.0, 5.0, 0.1) && !a.on_border(5.0, 5.0, 0.1));
    }

    #[test]
    fn rounding_is_to_one_decimal() {
        assert_eq!(round1(1.26), 1.3);
        assert_eq!(round1(-0.04), -0.0);
    }
}
