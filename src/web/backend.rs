//! One drawing backend for the page: the canvas on screen or an SVG string for export.
//!
//! The charts are generic over plotters' `DrawingBackend`, so each backend they are drawn on gets
//! its own compiled copy of every chart. The page needs two (the canvases and the SVG download);
//! drawing both through this enum compiles the charts once and keeps about 30 KB out of the wasm.
//! Each method forwards to the backend in use; errors become text, as [`ChartError`] keeps them.
//!
//! Text on the canvas is drawn here rather than by plotters-canvas, which sets the context's font,
//! alignment and baseline before every label: setting `font` makes the browser parse a CSS font
//! string, and a chart has dozens of labels in a few fonts, so these are set only when they change.
//!
//! [`ChartError`]: crate::charts::ChartError

use plotters::backend::SVGBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::FontTransform;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub enum PageBackend<'a> {
    Canvas(CanvasBackend, CanvasText),
    Svg(SVGBackend<'a>),
}

/// The canvas's 2D context and the text settings last given to it.
pub struct CanvasText {
    ctx: CanvasRenderingContext2d,
    font: String,
    align: &'static str,
    baseline: &'static str,
}

impl PageBackend<'_> {
    /// Draws on `canvas`; `None` if it has no 2D context.
    pub fn canvas(canvas: &HtmlCanvasElement) -> Option<PageBackend<'static>> {
        let ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
        let text = CanvasText {
            ctx,
            font: String::new(),
            align: "",
            baseline: "",
        };
        Some(PageBackend::Canvas(backend, text))
    }
}

impl CanvasText {
    fn draw<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        let BackendColor {
            alpha,
            rgb: (r, g, b),
        } = style.color();
        if alpha == 0.0 {
            return Ok(());
        }
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        );
        if font != self.font {
            self.ctx.set_font(&font);
            self.font = font;
        }
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if align != self.align {
            self.ctx.set_text_align(align);
            self.align = align;
        }
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        if baseline != self.baseline {
            self.ctx.set_text_baseline(baseline);
            self.baseline = baseline;
        }
        // Shapes set their own fill colour, so this one is always set.
        self.ctx
            .set_fill_style_str(&format!("rgba({r},{g},{b},{alpha})"));
        let quarter_turns = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 1.0,
            FontTransform::Rotate180 => 2.0,
            FontTransform::Rotate270 => 3.0,
        };
        let drawn = if quarter_turns == 0.0 {
            self.ctx.fill_text(text, f64::from(x), f64::from(y))
        } else {
            self.ctx.save();
            let r = self
                .ctx
                .translate(f64::from(x), f64::from(y))
                .and_then(|()| self.ctx.rotate(quarter_turns * std::f64::consts::FRAC_PI_2))
                .and_then(|()| self.ctx.fill_text(text, 0.0, 0.0));
            self.ctx.restore();
            r
        };
        drawn.map_err(|e| DrawingErrorKind::DrawingError(BackendError(format!("fillText: {e:?}"))))
    }
}

/// What a backend reported, as text.
#[derive(Debug)]
pub struct BackendError(String);

impl std::fmt::Display for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BackendError {}

fn cast<E: std::error::Error + Send + Sync>(
    e: DrawingErrorKind<E>,
) -> DrawingErrorKind<BackendError> {
    match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(BackendError(e.to_string()))
        }
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    }
}

/// Calls the same method on whichever backend this is.
macro_rules! forward {
    ($self:ident, $b:ident => $call:expr) => {
        match $self {
            PageBackend::Canvas($b, _) => $call.map_err(cast),
            PageBackend::Svg($b) => $call.map_err(cast),
        }
    };
}

impl DrawingBackend for PageBackend<'_> {
    type ErrorType = BackendError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            PageBackend::Canvas(b, _) => b.get_size(),
            PageBackend::Svg(b) => b.get_size(),
        }
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.ensure_prepared())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.present())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_path(path, style))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.draw_circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.fill_polygon(vert, style))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        match self {
            PageBackend::Canvas(_, t) => t.draw(text, style, pos),
            PageBackend::Svg(b) => b.draw_text(text, style, pos).map_err(cast),
        }
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.estimate_text_size(text, style))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<BackendError>> {
        forward!(self, b => b.blit_bitmap(pos, size, src))
    }
}
