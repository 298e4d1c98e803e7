//! Colours, font and scale shared by every chart.
//!
//! The palette follows Okabe & Ito's colour-blind-safe set ("Color Universal Design", 2008), with
//! the light theme's colours darkened (and the dark theme's vermillion lightened) so that every
//! series colour reaches the 3:1 contrast WCAG 2.1 (1.4.11) asks of graphical objects against the
//! chart's background. The tests check those ratios.

use plotters::style::RGBColor;

/// Series colour roles, by index into [`Theme::palette`]. The split chart colours its segments in
/// input order, so passing training, fine-tuning, inference, embodied in that order keeps the
/// colours the same across charts.
pub const TRAINING: usize = 0;
/// Index of the fine-tuning colour.
pub const FINE_TUNING: usize = 1;
/// Index of the inference colour.
pub const INFERENCE: usize = 2;
/// Index of the embodied-hardware colour.
pub const EMBODIED: usize = 3;

/// How a chart looks: colours, font and pixel density.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    /// Titles, labels and values.
    pub text: RGBColor,
    /// Secondary text (axis tick labels, notes).
    pub muted_text: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    /// Series colours, used in role order (see [`TRAINING`] and the other role constants).
    pub palette: [RGBColor; 6],
    /// A CSS font-family list, e.g. `"Noto Sans CJK SC", sans-serif`.
    pub font_family: String,
    /// Device pixels per CSS pixel (the page passes `window.devicePixelRatio`). Layout is done in
    /// CSS pixels, so a chart on a 2x screen looks like the same chart at 1x, only sharper.
    pub scale: f64,
    /// Multiplies every font size handed to the backend. `CanvasBackend` draws text at the size it
    /// is given while `SVGBackend` writes `font-size = size / 1.24`; set 1.24 when drawing SVG that
    /// should look like the canvas (see [`Theme::for_svg`]).
    pub text_scale: f64,
}

impl Theme {
    /// Dark text on white.
    pub fn light() -> Self {
        Theme {
            background: RGBColor(0xFF, 0xFF, 0xFF),
            text: RGBColor(0x1F, 0x23, 0x28),
            muted_text: RGBColor(0x57, 0x60, 0x6A),
            grid: RGBColor(0xE4, 0xE7, 0xEB),
            axis: RGBColor(0x8C, 0x95, 0x9F),
            palette: [
                RGBColor(0x00, 0x72, 0xB2), // blue
                RGBColor(0xA8, 0x57, 0x7F), // reddish purple, darkened
                RGBColor(0xD5, 0x5E, 0x00), // vermillion
                RGBColor(0x00, 0x84, 0x5F), // bluish green, darkened
                RGBColor(0xB0, 0x6E, 0x00), // orange, darkened
                RGBColor(0x4D, 0x4D, 0x4D), // grey (Okabe-Ito's black, softened)
            ],
            font_family: "sans-serif".to_owned(),
            scale: 1.0,
            text_scale: 1.0,
        }
    }

    /// Light text on near-black.
    pub fn dark() -> Self {
        Theme {
            background: RGBColor(0x16, 0x18, 0x1D),
            text: RGBColor(0xE6, 0xED, 0xF3),
            muted_text: RGBColor(0xA5, 0xAF, 0xBA),
            grid: RGBColor(0x2E, 0x33, 0x3B),
            axis: RGBColor(0x6E, 0x77, 0x81),
            palette: [
                RGBColor(0x56, 0xB4, 0xE9), // sky blue
                RGBColor(0xCC, 0x79, 0xA7), // reddish purple
                RGBColor(0xE8, 0x74, 0x3A), // vermillion, lightened
                RGBColor(0x00, 0x9E, 0x73), // bluish green
                RGBColor(0xE6, 0x9F, 0x00), // orange
                RGBColor(0xF0, 0xE4, 0x42), // yellow
            ],
            font_family: "sans-serif".to_owned(),
            scale: 1.0,
            text_scale: 1.0,
        }
    }

    /// The same theme with font sizes compensated for `SVGBackend` (see [`Theme::text_scale`]).
    pub fn for_svg(mut self) -> Self {
        self.text_scale = 1.24;
        self
    }

    /// The colour of series `i`, cycling through the palette.
    pub fn series(&self, i: usize) -> RGBColor {
        self.palette[i % self.palette.len()]
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::light()
    }
}

/// WCAG 2.1 contrast ratio between two colours (1 to 21).
pub fn contrast_ratio(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// WCAG 2.1 relative luminance (sRGB).
fn relative_luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_of_black_on_white_is_21() {
        let r = contrast_ratio(RGBColor(0, 0, 0), RGBColor(255, 255, 255));
        assert!((r - 21.0).abs() < 1e-9);
    }

    #[test]
    fn series_colours_reach_3_to_1_on_their_background() {
        for theme in [Theme::light(), Theme::dark()] {
            for c in theme.palette {
                let r = contrast_ratio(c, theme.background);
                assert!(r >= 3.0, "{c:?} on {:?}: {r:.2}", theme.background);
            }
        }
    }

    #[test]
    fn text_reaches_4_5_to_1_on_its_background() {
        for theme in [Theme::light(), Theme::dark()] {
            assert!(contrast_ratio(theme.text, theme.background) >= 4.5);
            assert!(contrast_ratio(theme.muted_text, theme.background) >= 4.5);
        }
    }

    #[test]
    fn series_colours_are_distinct() {
        for theme in [Theme::light(), Theme::dark()] {
            for (i, a) in theme.palette.iter().enumerate() {
                for b in &theme.palette[i + 1..] {
                    assert_ne!(a, b);
                }
            }
        }
    }
}
