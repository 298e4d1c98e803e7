//! The four charts on canvases. Each canvas is sized to its box times `devicePixelRatio` (crisp
//! on high-DPI screens), redrawn when its box is resized (a `ResizeObserver`, disconnected on
//! cleanup), when the colour scheme changes and when the shown estimate changes. Each figure says
//! the same in text: a caption and a visually hidden table from the charts' summaries.

use super::backend::PageBackend;
use super::figures;
use super::ui::{Ui, ALL_CHARTS};
use crate::charts::{
    self, ChartError, ContextChart, CumulativeChart, HistogramChart, SplitChart, SplitPairChart,
    TextSummary, Theme, TornadoChart,
};
use crate::engine::Estimate;
use crate::web::i18n::Lang;
use leptos::prelude::*;
use plotters::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Split,
    Cumulative,
    Context,
    Uncertainty,
    /// The split of A and B, in the comparison.
    Compare,
}

impl ChartKind {
    /// The chart's name in export file names (`llm-footprint-split.svg`).
    pub fn id(self) -> &'static str {
        match self {
            ChartKind::Split => "split",
            ChartKind::Cumulative => "cumulative",
            ChartKind::Context => "context",
            ChartKind::Uncertainty => "uncertainty",
            ChartKind::Compare => "compare",
        }
    }

    /// The canvas's `data-testid` (also how the exports find it).
    pub fn testid(self) -> &'static str {
        match self {
            ChartKind::Split => "chart-split",
            ChartKind::Cumulative => "chart-cumulative",
            ChartKind::Context => "chart-context",
            ChartKind::Uncertainty => "chart-uncertainty",
            ChartKind::Compare => "chart-compare",
        }
    }

    fn bit(self) -> u8 {
        match self {
            ChartKind::Split => 1,
            ChartKind::Cumulative => 2,
            ChartKind::Context => 4,
            ChartKind::Uncertainty => 8,
            ChartKind::Compare => 16,
        }
    }

    /// The caption's catalogue key.
    fn caption_key(self) -> &'static str {
        match self {
            ChartKind::Split => "cap.split",
            ChartKind::Cumulative => "cap.cumulative",
            ChartKind::Context => "cap.context",
            ChartKind::Uncertainty => "cap.uncertainty",
            ChartKind::Compare => "cap.compare",
        }
    }
}

/// Whether the reader's system asks for dark colours, kept current by a `change` listener.
pub fn theme_signal() -> RwSignal<bool> {
    let dark = RwSignal::new(false);
    let Some(mql) = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
    else {
        return dark;
    };
    dark.set(mql.matches());
    let target = mql.clone();
    let on_change = Closure::<dyn Fn()>::new(move || {
        let _ = dark.try_set(target.matches());
    });
    if mql
        .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())
        .is_ok()
    {
        let keep = SendWrapper::new((mql, on_change));
        on_cleanup(move || {
            let (mql, cb) = &*keep;
            let _ = mql.remove_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
        });
    }
    dark
}

pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r > 0.0)
        .unwrap_or(1.0)
        .clamp(1.0, 4.0)
}

/// What one chart shows: its input, derived from the estimate. Each chart keeps the figure it last
/// drew, so it is redrawn (and its table rebuilt) only when what it shows has changed: a serving
/// edit leaves the context-length chart alone.
#[derive(Clone, PartialEq)]
pub enum Figure {
    Split(SplitChart),
    Cumulative(CumulativeChart),
    Context(ContextChart),
    Uncertainty(HistogramChart, TornadoChart),
    Pair(SplitPairChart),
}

impl Figure {
    /// The figure of `kind` for the shown estimate `e` (B) and the pinned one `a`; the
    /// comparison's needs `a`.
    pub fn of(kind: ChartKind, e: &Estimate, a: Option<&Estimate>, l: Lang) -> Option<Figure> {
        Some(match kind {
            ChartKind::Split => Figure::Split(figures::split(e, l)),
            ChartKind::Cumulative => Figure::Cumulative(figures::cumulative(e, l)),
            ChartKind::Context => Figure::Context(figures::context(e, l)),
            ChartKind::Uncertainty => {
                Figure::Uncertainty(figures::histogram(e, l), figures::tornado(e, l))
            }
            ChartKind::Compare => Figure::Pair(figures::split_pair(a?, e, l)),
        })
    }

    /// [`Figure::of`] the page's shown and pinned estimates (without subscribing).
    pub fn of_page(kind: ChartKind, ui: Ui, l: Lang) -> Option<Figure> {
        ui.shown.with_untracked(|b| {
            ui.pinned.with_untracked(|a| {
                let a = a.as_ref().map(|a| &*a.0);
                b.as_ref().and_then(|b| Figure::of(kind, &b.0, a, l))
            })
        })
    }

    /// The height in CSS pixels when the chart is `css_w` CSS pixels wide, drawn at `theme.scale`
    /// device pixels per CSS pixel.
    pub fn height(&self, css_w: f64, theme: &Theme) -> f64 {
        match self {
            Figure::Split(f) => {
                let px = (css_w * theme.scale).round().max(1.0) as u32;
                f64::from(f.preferred_height(px, theme)) / theme.scale
            }
            Figure::Pair(f) => {
                let px = (css_w * theme.scale).round().max(1.0) as u32;
                f64::from(f.preferred_height(px, theme)) / theme.scale
            }
            Figure::Cumulative(_) | Figure::Context(_) => figures::line_chart_height(css_w),
            Figure::Uncertainty(_, t) => {
                figures::histogram_height(css_w) + figures::tornado_height(t.rows.len(), css_w)
            }
        }
    }

    /// Draws the chart on `backend`, which is `css_w` CSS pixels wide (times `theme.scale`) and
    /// [`Figure::height`] tall. The same code draws the canvases and the SVG downloads.
    pub fn draw(&self, backend: PageBackend, theme: &Theme, css_w: f64) -> Result<(), ChartError> {
        let area = backend.into_drawing_area();
        match self {
            Figure::Split(f) => charts::draw_split(&area, f, theme)?,
            Figure::Pair(f) => charts::draw_split_pair(&area, f, theme)?,
            Figure::Cumulative(f) => charts::draw_cumulative(&area, f, theme)?,
            Figure::Context(f) => charts::draw_context(&area, f, theme)?,
            Figure::Uncertainty(h, t) => {
                let hist_px = (figures::histogram_height(css_w) * theme.scale)
                    .round()
                    .max(1.0);
                let (top, bottom) = area.split_vertically(hist_px as u32);
                charts::draw_histogram(&top, h, theme)?;
                charts::draw_tornado(&bottom, t, theme)?;
            }
        }
        area.present()?;
        Ok(())
    }

    /// The same in words, for screen readers.
    fn summaries(&self) -> Vec<TextSummary> {
        let r = match self {
            Figure::Split(f) => vec![charts::split_summary(f)],
            Figure::Pair(f) => vec![charts::split_pair_summary(f)],
            Figure::Cumulative(f) => vec![charts::cumulative_summary(f)],
            Figure::Context(f) => vec![charts::context_summary(f)],
            Figure::Uncertainty(h, t) => {
                vec![charts::histogram_summary(h), charts::tornado_summary(t)]
            }
        };
        r.into_iter().filter_map(Result::ok).collect()
    }
}

/// Sizes the canvas for `css_w` CSS pixels and draws the chart into it.
fn draw(
    fig: &Figure,
    canvas: &HtmlCanvasElement,
    css_w: f64,
    dark: bool,
    l: Lang,
) -> Result<(), ChartError> {
    draw_at(fig, canvas, css_w, dark, l, device_pixel_ratio())
}

/// [`draw`] at `scale` device pixels per CSS pixel (the PNG export draws at 2× or more).
pub fn draw_at(
    fig: &Figure,
    canvas: &HtmlCanvasElement,
    css_w: f64,
    dark: bool,
    l: Lang,
    scale: f64,
) -> Result<(), ChartError> {
    let mut theme = if dark { Theme::dark() } else { Theme::light() };
    theme.scale = scale;
    theme.font_family = l.chart_font().to_string();
    let css_h = fig.height(css_w, &theme);
    let px = |css: f64| (css * theme.scale).round().max(1.0) as u32;
    // Only a new size is set: setting it clears the canvas and resets all its state even when
    // unchanged, and every chart paints its whole background first anyway (charts::begin).
    let (w, h) = (px(css_w), px(css_h));
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    // Through the CSSOM: the page's Content-Security-Policy refuses inline style attributes.
    let style = web_sys::HtmlElement::style(canvas);
    let height = format!("{css_h:.1}px");
    if style.get_property_value("height").ok().as_deref() != Some(height.as_str()) {
        let _ = style.set_property("height", &height);
    }
    let backend =
        PageBackend::canvas(canvas).ok_or_else(|| ChartError::Drawing("no 2D context".into()))?;
    fig.draw(backend, &theme, css_w)
}

/// Counts the canvas's drawings in `data-draws` (the page benchmark waits on it) and marks
/// `<body data-ready="true">` once every chart has been drawn (the browser tests wait on it).
fn mark_drawn(ui: Ui, bit: u8, canvas: &HtmlCanvasElement) {
    let draws = canvas
        .get_attribute("data-draws")
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0);
    let _ = canvas.set_attribute("data-draws", &draws.saturating_add(1).to_string());
    let Some(all) = ui.drawn.try_update_value(|m| {
        *m |= bit;
        *m
    }) else {
        return;
    };
    // The comparison's chart (drawn only while a scenario is pinned) is not waited for.
    if all & ALL_CHARTS == ALL_CHARTS {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-ready", "true");
        }
    }
}

/// Follows the width of `el` in CSS pixels.
fn observe_width(el: web_sys::Element, width: RwSignal<f64>) {
    let target = el.clone();
    let measure = move || {
        let w = target.get_bounding_client_rect().width();
        let old = width.try_get_untracked().unwrap_or(0.0);
        if w.is_finite() && (w - old).abs() >= 0.5 {
            let _ = width.try_set(w);
        }
    };
    measure();
    let on_resize = Closure::<dyn Fn()>::new(measure.clone());
    match web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        Ok(observer) => {
            observer.observe(&el);
            let keep = SendWrapper::new((observer, on_resize));
            on_cleanup(move || keep.0.disconnect());
        }
        // No ResizeObserver: follow the window instead.
        Err(_) => {
            let handle =
                leptos::leptos_dom::helpers::window_event_listener_untyped("resize", move |_| {
                    measure()
                });
            on_cleanup(move || handle.remove());
        }
    }
}

#[component]
pub fn ChartFigure(
    ui: Ui,
    kind: ChartKind,
    /// Overrides the caption: the catalogue key of the text to show.
    #[prop(optional)]
    caption: Option<&'static str>,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let wrap = NodeRef::<leptos::html::Div>::new();
    let width = RwSignal::new(0.0_f64);

    Effect::new(move |_| {
        if let Some(el) = wrap.get() {
            observe_width(el.into(), width);
        }
    });

    // The effect only notes that the chart may be out of date; the figure is worked out and drawn
    // in the next animation frame. An edit's numbers are then painted in the frame of the edit and
    // the charts in the one after; several edits within one frame (a held key) cost one drawing,
    // and a chart whose figure did not change (the context chart after a serving edit) is left.
    let shown_figure = RwSignal::new(None::<Figure>);
    let last = StoredValue::new(None::<(f64, bool)>);
    let pending = StoredValue::new(false);
    let redraw = move || {
        let w = width.get_untracked();
        let Some(c) = canvas.get_untracked() else {
            return;
        };
        if w < 1.0 {
            return;
        }
        let dark = ui.is_dark_untracked();
        let l = ui.lang.get_untracked();
        let Some(fig) = Figure::of_page(kind, ui, l) else {
            return;
        };
        let same_figure = shown_figure.with_untracked(|f| f.as_ref() == Some(&fig));
        if same_figure && last.get_value() == Some((w, dark)) {
            return;
        }
        match draw(&fig, &c, w, dark, l) {
            Ok(()) => {
                last.set_value(Some((w, dark)));
                mark_drawn(ui, kind.bit(), &c);
            }
            // Passing layouts (a full-page screenshot resizes the window to 1 px first) are
            // redrawn when the box grows again.
            Err(ChartError::AreaTooSmall) => last.set_value(None),
            Err(err) => {
                web_sys::console::warn_1(
                    &format!("{}: {err} (at {w:.0} CSS px)", kind.testid()).into(),
                );
                last.set_value(None);
                mark_drawn(ui, kind.bit(), &c);
            }
        }
        if !same_figure {
            shown_figure.set(Some(fig));
        }
    };
    Effect::new(move |_| {
        width.track();
        ui.is_dark();
        ui.lang.track();
        ui.shown.track();
        if kind == ChartKind::Compare {
            ui.pinned.track();
        }
        canvas.track();
        super::ui::once_next_frame(pending, redraw);
    });

    let summaries =
        move || shown_figure.with(|f| f.as_ref().map(Figure::summaries).unwrap_or_default());
    let caption = ui.t(caption.unwrap_or_else(|| kind.caption_key()));
    view! {
        <figure class="chart">
            <div class="canvas-wrap" node_ref=wrap>
                <canvas node_ref=canvas data-testid=kind.testid() aria-hidden="true"></canvas>
            </div>
            <figcaption>
                <span class="caption">{caption}</span>
                {move || {
                    summaries()
                        .into_iter()
                        .map(|t| {
                            view! {
                                // Wrapped: a table ignores the 1 px box and overflow of .sr-only.
                                <div class="sr-only">
                                <table>
                                    <caption>{t.caption.clone()}</caption>
                                    <tbody>
                                        {t
                                            .rows
                                            .into_iter()
                                            .map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </figcaption>
        </figure>
    }
}
