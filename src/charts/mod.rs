//! Charts drawn with plotters, generic over its `DrawingBackend`: the page draws them on a canvas
//! (`plotters-canvas`), the tests (tests/charts_svg.rs) and the page's SVG downloads to SVG.
//!
//! Each chart takes a plain input struct of numbers and already-translated strings, a [`Theme`],
//! and a drawing area, and draws into the whole area. Each also has a `*_summary` function that
//! says the same thing in text, for a `<figcaption>` or a hidden table.
//!
//! Architecture invariant: this module knows nothing of the engine, the DOM or languages. It
//! depends only on plotters; the page converts an estimate into these inputs.
//!
//! Robustness: whatever the numbers (zero, negative, NaN, infinite, huge, empty), drawing returns
//! `Ok` or a [`ChartError`] and never panics. Invalid input clears the area to the background
//! before the error is returned, so a canvas never keeps a stale chart.
//!
//! Fonts: natively, plotters without its `ttf`/`ab_glyph` features measures text with a crude
//! built-in estimate and needs no font file; in wasm it measures in the DOM. The charts lay out
//! their own labels with an estimate of text width (`text_width`, sized for DejaVu Sans, the
//! widest common sans-serif), so both backends place text the same way and nothing collides.

mod context;
mod cumulative;
mod format;
mod split;
mod theme;
mod uncertainty;

pub use context::{context_summary, draw_context, ContextChart, ContextPoint};
pub use cumulative::{cumulative_summary, draw_cumulative, CumulativeChart};
pub use format::{fmt_days, fmt_percent, fmt_si, fmt_tokens, MassScale, MassUnits};
pub use split::{
    draw_split, draw_split_pair, split_pair_summary, split_summary, SplitChart, SplitPairChart,
    SplitSegment,
};
pub use theme::{contrast_ratio, Theme, EMBODIED, FINE_TUNING, INFERENCE, TRAINING};
pub use uncertainty::{
    draw_histogram, draw_tornado, histogram_summary, tornado_summary, HistogramChart, Quantiles,
    SensitivityRow, TornadoChart,
};

use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fmt;

/// Why a chart was not drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartError {
    /// A number was NaN, infinite, negative where it cannot be, or absurdly large. Names the field.
    InvalidInput(&'static str),
    /// Nothing to draw (no points, no samples, no rows).
    NoData,
    /// The area is smaller than any chart can be read in (under 160 x 100 CSS pixels).
    AreaTooSmall,
    /// The backend failed (e.g. a canvas call threw).
    Drawing(String),
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::InvalidInput(field) => write!(f, "invalid chart input: {field}"),
            ChartError::NoData => write!(f, "no data to chart"),
            ChartError::AreaTooSmall => write!(f, "chart area too small"),
            ChartError::Drawing(e) => write!(f, "drawing failed: {e}"),
        }
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Drawing(e.to_string())
    }
}

/// A chart said in words: a caption and a two-column table (label, value), for screen readers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextSummary {
    pub caption: String,
    pub rows: Vec<(String, String)>,
}

impl fmt::Display for TextSummary {
    /// The caption on the first line, then one `label: value` line per row.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.caption)?;
        for (k, v) in &self.rows {
            write!(f, "\n{k}: {v}")?;
        }
        Ok(())
    }
}

/// Largest magnitude accepted for any input number: far beyond any real footprint, small enough
/// that sums and products of a few of them stay finite.
const MAX_VALUE: f64 = 1e100;

/// `v` if it is finite, not negative and not absurd; otherwise an error naming `field`.
fn non_negative(v: f64, field: &'static str) -> Result<f64, ChartError> {
    if v.is_finite() && (0.0..=MAX_VALUE).contains(&v) {
        Ok(v)
    } else {
        Err(ChartError::InvalidInput(field))
    }
}

/// Estimated width in pixels of `text` at font size `size_px`: wide (CJK, full-width) characters
/// count one em, Latin letters about half an em. Errs on the wide side so labels do not collide.
fn text_width(text: &str, size_px: f64) -> f64 {
    // Widths of DejaVu Sans, the widest of the common sans-serif fonts (Linux's default);
    // Arial, Helvetica and Noto Sans are narrower, so layouts made with these never collide.
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '\'' | '|' => 0.28,
            ' ' | '.' | ',' | ':' | ';' | '!' | '(' | ')' | '[' | ']' | 'I' => 0.32,
            'f' | 't' | 'r' => 0.41,
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.95,
            'A'..='Z' | '–' | '—' | '&' | '#' => 0.72,
            '0'..='9' | '…' => 0.64,
            c if c.is_ascii() => 0.61,
            c if is_wide(c) => 1.0,
            _ => 0.65,
        })
        .sum();
    ems * size_px
}

/// East Asian wide characters (CJK ideographs, kana, Hangul, full-width forms and punctuation).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD)
}

/// `text` shortened with an ellipsis so that it fits in `max_px` at `size_px`.
fn fit_text(text: &str, size_px: f64, max_px: f64) -> String {
    if text_width(text, size_px) <= max_px {
        return text.to_owned();
    }
    let budget = max_px - text_width("…", size_px);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size_px);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    let trimmed = out.trim_end();
    if trimmed.is_empty() {
        return String::new();
    }
    format!("{trimmed}…")
}

/// Sizes for one drawing, in device pixels, derived from the area and the theme's scale.
/// Layout rules are written in CSS pixels and multiplied by `s`.
#[derive(Debug, Clone, Copy)]
struct Frame {
    /// Area size in device pixels.
    w: i32,
    h: i32,
    /// Device pixels per CSS pixel.
    s: f64,
    /// Width in CSS pixels, for choosing between narrow and wide layouts.
    css_w: f64,
    /// Font sizes in device pixels, as they should look.
    font: f64,
    small: f64,
    title: f64,
    /// Outer padding.
    pad: i32,
}

impl Frame {
    fn new<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<Frame, ChartError> {
        let (w, h) = area.dim_in_pixel();
        let f = Frame::for_width(w, theme);
        if f.css_w < 160.0 || f64::from(h) / f.s < 100.0 || w > 20_000 || h > 20_000 {
            return Err(ChartError::AreaTooSmall);
        }
        Ok(Frame { h: h as i32, ..f })
    }

    /// The sizes for an area `w` device pixels wide (and of unknown height).
    fn for_width(w: u32, theme: &Theme) -> Frame {
        let s = if theme.scale.is_finite() && theme.scale > 0.0 {
            theme.scale.clamp(0.25, 8.0)
        } else {
            1.0
        };
        let w = w.min(20_000);
        let css_w = f64::from(w) / s;
        // 12 px text on a phone, growing to 14 px on a wide desktop chart.
        let font = 12.0 + 2.0 * ((css_w - 400.0) / 500.0).clamp(0.0, 1.0);
        Frame {
            w: w as i32,
            h: 0,
            s,
            css_w,
            font: font * s,
            small: (font - 1.0) * s,
            title: (font + 3.0) * s,
            pad: (if css_w < 480.0 { 8.0 } else { 12.0 } * s).round() as i32,
        }
    }

    /// Height of the title drawn by [`begin`], with the gap under it.
    fn title_height(&self) -> i32 {
        self.pad + self.line(self.title) + self.px(4.0)
    }

    /// CSS pixels to device pixels.
    fn px(&self, css: f64) -> i32 {
        (css * self.s).round() as i32
    }

    /// Height of one line of text at `size`.
    fn line(&self, size: f64) -> i32 {
        (size * 1.35).round() as i32
    }
}

/// A text style at visual size `size` (device px), compensated by the theme's `text_scale`.
fn style(theme: &Theme, size: f64, color: RGBColor) -> TextStyle<'_> {
    font(theme, size, FontStyle::Normal).color(&color)
}

fn bold(theme: &Theme, size: f64, color: RGBColor) -> TextStyle<'_> {
    font(theme, size, FontStyle::Bold).color(&color)
}

fn font(theme: &Theme, size: f64, font_style: FontStyle) -> FontDesc<'_> {
    let ts = if theme.text_scale.is_finite() && theme.text_scale > 0.0 {
        theme.text_scale
    } else {
        1.0
    };
    (theme.font_family.as_str(), size * ts, font_style).into_font()
}

/// Draws `text` anchored at `(x, y)` by `h`/`v`.
fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    (x, y): (i32, i32),
    (h, v): (HPos, VPos),
    style: &TextStyle,
) -> Result<(), ChartError> {
    if text.is_empty() {
        return Ok(());
    }
    area.draw(&Text::new(
        text.to_owned(),
        (x, y),
        style.pos(Pos::new(h, v)),
    ))?;
    Ok(())
}

/// Clears the area and draws the title at its top left; returns the height used.
fn begin<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    f: &Frame,
    title: &str,
) -> Result<i32, ChartError> {
    area.fill(&theme.background)?;
    if title.is_empty() {
        return Ok(f.pad);
    }
    let t = fit_text(title, f.title, f64::from(f.w - 2 * f.pad));
    text(
        area,
        &t,
        (f.pad, f.pad),
        (HPos::Left, VPos::Top),
        &bold(theme, f.title, theme.text),
    )?;
    Ok(f.title_height())
}

/// How a legend entry is marked.
#[derive(Debug, Clone, Copy)]
enum Mark {
    /// A filled square.
    Swatch(RGBColor),
    /// A short dashed line.
    Dashed(RGBColor),
}

/// Places legend entries left to right, wrapping at `width`; returns each entry's offset and
/// the total height.
fn legend_layout(f: &Frame, labels: &[&str], width: i32) -> (Vec<(i32, i32)>, i32) {
    let mark_w = f.px(22.0);
    let gap = f.px(14.0);
    let row_h = f.line(f.font);
    let (mut x, mut y) = (0, 0);
    let mut at = Vec::with_capacity(labels.len());
    for label in labels {
        let w = (mark_w as f64 + text_width(label, f.font)).ceil() as i32;
        if x > 0 && x + w > width {
            x = 0;
            y += row_h;
        }
        at.push((x, y));
        x += w + gap;
    }
    let height = if labels.is_empty() { 0 } else { y + row_h };
    (at, height)
}

/// Draws a legend with its top left at `(x0, y0)`, `width` wide; returns its height.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    f: &Frame,
    items: &[(Mark, &str)],
    (x0, y0): (i32, i32),
    width: i32,
) -> Result<i32, ChartError> {
    let labels: Vec<&str> = items.iter().map(|(_, l)| *l).collect();
    let (at, height) = legend_layout(f, &labels, width);
    let row_h = f.line(f.font);
    let label_style = style(theme, f.font, theme.text);
    for ((mark, label), (dx, dy)) in items.iter().zip(at) {
        let (x, cy) = (x0 + dx, y0 + dy + row_h / 2);
        let m = f.px(5.0);
        match *mark {
            Mark::Swatch(c) => {
                area.draw(&Rectangle::new(
                    [(x + f.px(3.0), cy - m), (x + f.px(3.0) + 2 * m, cy + m)],
                    c.filled(),
                ))?;
            }
            Mark::Dashed(c) => {
                area.draw(&PathElement::new(
                    vec![(x, cy), (x + f.px(7.0), cy)],
                    c.stroke_width(f.px(2.5) as u32),
                ))?;
                area.draw(&PathElement::new(
                    vec![(x + f.px(11.0), cy), (x + f.px(18.0), cy)],
                    c.stroke_width(f.px(2.5) as u32),
                ))?;
            }
        }
        let max_w = f64::from(width - dx - f.px(22.0)).max(0.0);
        let t = fit_text(label, f.font, max_w);
        text(
            area,
            &t,
            (x + f.px(22.0), cy),
            (HPos::Left, VPos::Center),
            &label_style,
        )?;
    }
    Ok(height)
}

/// A dashed straight line in backend pixels.
fn dashed_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &Frame,
    from: (i32, i32),
    to: (i32, i32),
    style: ShapeStyle,
) -> Result<(), ChartError> {
    area.draw(&DashedPathElement::new(
        vec![from, to],
        f.px(6.0).max(1),
        f.px(4.0).max(1),
        style,
    ))?;
    Ok(())
}

/// Draws `s` on a box of the background colour, so it stays legible over lines and fills.
/// `(x, y)` is the anchor point as in [`text`].
#[allow(clippy::too_many_arguments)]
fn boxed_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    f: &Frame,
    s: &str,
    (x, y): (i32, i32),
    (h, v): (HPos, VPos),
    size: f64,
    color: RGBColor,
) -> Result<(), ChartError> {
    if s.is_empty() {
        return Ok(());
    }
    let w = text_width(s, size).ceil() as i32;
    let th = f.line(size);
    let x0 = match h {
        HPos::Left => x,
        HPos::Center => x - w / 2,
        HPos::Right => x - w,
    };
    let y0 = match v {
        VPos::Top => y,
        VPos::Center => y - th / 2,
        VPos::Bottom => y - th,
    };
    let m = f.px(3.0);
    area.draw(&Rectangle::new(
        [(x0 - m, y0), (x0 + w + m, y0 + th)],
        theme.background.mix(0.85).filled(),
    ))?;
    // The text keeps the caller's anchor, so an estimate off by a little moves only the box.
    text(area, s, (x, y), (h, v), &style(theme, size, color))
}

/// Where the plot goes below the header: the area less `top` above, room for the x-axis title
/// below, and the outer padding at the sides.
fn plot_area<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &Frame,
    top: i32,
    x_title: &str,
) -> DrawingArea<DB, Shift> {
    let bottom = if x_title.is_empty() {
        f.pad
    } else {
        f.pad + f.line(f.font)
    };
    area.margin(top.max(0), bottom, f.pad, f.pad)
}

/// The x-axis title, centred at the bottom of the area.
fn x_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    f: &Frame,
    title: &str,
) -> Result<(), ChartError> {
    let t = fit_text(title, f.font, f64::from(f.w - 2 * f.pad));
    text(
        area,
        &t,
        (f.w / 2, f.h - f.pad),
        (HPos::Center, VPos::Bottom),
        &style(theme, f.font, theme.text),
    )
}

/// The y-axis title, written across above the plot (easier to read than rotated text, and it
/// leaves the narrow screens their width); returns the height used.
fn y_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    f: &Frame,
    title: &str,
    y: i32,
) -> Result<i32, ChartError> {
    if title.is_empty() {
        return Ok(0);
    }
    let t = fit_text(title, f.small, f64::from(f.w - 2 * f.pad));
    text(
        area,
        &t,
        (f.pad, y),
        (HPos::Left, VPos::Top),
        &style(theme, f.small, theme.muted_text),
    )?;
    Ok(f.line(f.small) + f.px(4.0))
}

/// Width of the y tick labels for values up to `max`, formatted by `fmt`.
fn y_label_width(f: &Frame, max: f64, fmt: impl Fn(f64) -> String) -> i32 {
    [1.0, 0.9, 0.75, 0.6, 0.45, 0.3, 0.15]
        .iter()
        .map(|k| text_width(&fmt(max * k), f.small))
        .fold(text_width("0.0", f.small), f64::max)
        .ceil() as i32
        + f.px(12.0)
}

/// Number of tick labels that fit along `length_px` when each needs `per_label_css` CSS pixels.
fn label_count(f: &Frame, length_px: i32, per_label_css: f64) -> usize {
    ((f64::from(length_px) / f.s / per_label_css).floor() as usize).clamp(2, 10)
}

/// Shared look of the axes and grid: horizontal grid lines only, muted tick labels.
fn style_mesh<'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mut m: MeshStyle<'a, 'b, X, Y, DB>,
    theme: &'b Theme,
    f: &Frame,
) -> MeshStyle<'a, 'b, X, Y, DB> {
    m.disable_x_mesh()
        .bold_line_style(theme.grid.stroke_width(f.px(1.0).max(1) as u32))
        .light_line_style(TRANSPARENT)
        .axis_style(theme.axis.stroke_width(f.px(1.0).max(1) as u32))
        .set_all_tick_mark_size(f.px(4.0))
        .label_style(style(theme, f.small, theme.muted_text));
    m
}

/// Backend pixel of a chart coordinate, relative to `area` (so it can be used with [`text`]).
fn rel(area_base: (i32, i32), p: (i32, i32)) -> (i32, i32) {
    (p.0 - area_base.0, p.1 - area_base.1)
}

/// Round tick positions (1, 2 or 5 times a power of ten) covering `lo..=hi`, at most about
/// `max` of them.
fn nice_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let raw = span / max.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil();
    let count = ((hi / step).floor() - first) as i64 + 1;
    if !(0..=50).contains(&count) {
        return Vec::new();
    }
    (0..count)
        .map(|i| {
            let t = (first + i as f64) * step;
            // -0 and 1e-17 both mean 0.
            if t.abs() < step * 1e-9 {
                0.0
            } else {
                t
            }
        })
        .collect()
}

/// Replaces `{key}` in a caller's template with `value`; a template without the placeholder is
/// returned as it is.
fn fill(template: &str, key: &str, value: &str) -> String {
    template.replace(&format!("{{{key}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_one_em() {
        assert_eq!(text_width("训练", 10.0), 20.0);
        assert!(text_width("Training", 10.0) < 50.0);
    }

    #[test]
    fn fit_text_adds_an_ellipsis_only_when_needed() {
        assert_eq!(fit_text("Inference", 10.0, 500.0), "Inference");
        let short = fit_text("Grid carbon intensity of the region", 10.0, 60.0);
        assert!(short.ends_with('…'), "{short}");
        assert!(text_width(&short, 10.0) <= 60.0);
        assert_eq!(fit_text("Inference", 10.0, 1.0), "");
    }

    #[test]
    fn legend_wraps_when_too_wide() {
        let f = Frame {
            w: 320,
            h: 200,
            s: 1.0,
            css_w: 320.0,
            font: 12.0,
            small: 11.0,
            title: 15.0,
            pad: 8,
        };
        let (at, h) = legend_layout(
            &f,
            &["Training", "Fine-tuning", "Inference", "Embodied"],
            200,
        );
        assert!(h > f.line(12.0), "expected more than one row");
        assert_eq!(at[0], (0, 0));
        assert!(at.iter().all(|&(x, _)| x < 200));
    }

    #[test]
    fn summary_prints_caption_then_rows() {
        let s = TextSummary {
            caption: "Split".into(),
            rows: vec![("Training".into(), "5 t (50%)".into())],
        };
        assert_eq!(s.to_string(), "Split\nTraining: 5 t (50%)");
    }

    #[test]
    fn nice_ticks_are_round() {
        assert_eq!(
            nice_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(nice_ticks(-0.3, 0.3, 3), vec![-0.2, 0.0, 0.2]);
        assert!(nice_ticks(1.0, 1.0, 5).is_empty());
        assert!(nice_ticks(0.0, f64::INFINITY, 5).is_empty());
    }

    #[test]
    fn templates_fill_placeholders() {
        assert_eq!(
            fill("Break-even: day {day}", "day", "12"),
            "Break-even: day 12"
        );
        assert_eq!(fill("Break-even", "day", "12"), "Break-even");
    }
}
