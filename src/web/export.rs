//! Exports and import: the scenario as JSON (and back, from a file or pasted text), the results
//! as CSV, the carbon statement in Markdown and LaTeX (with the share link), and each chart as PNG
//! (the canvas as drawn) and SVG (drawn again with plotters' SVG backend at the canvas's CSS size).
//! Every download is a Blob behind an object URL, revoked after the click. wasm32 only.

use super::backend::PageBackend;
use super::chart_view::{self, ChartKind, Figure};
use super::i18n::{self, tr};
use super::share;
use super::ui::Ui;
use crate::charts::{ChartError, Theme};
use crate::engine::{report, resolve, Estimate, Scenario};
use leptos::prelude::*;
use plotters::prelude::{RGBColor, SVGBackend};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// The charts that can be exported: id and the catalogue key of the name.
const CHARTS: [(ChartKind, &str); 4] = [
    (ChartKind::Split, "export.chart_split"),
    (ChartKind::Cumulative, "export.chart_cumulative"),
    (ChartKind::Context, "export.chart_context"),
    (ChartKind::Uncertainty, "export.chart_uncertainty"),
];

/// A status line: the catalogue key of its text and what follows it untranslated (an error's
/// English), so that it follows the language.
pub type Status = RwSignal<Option<(&'static str, String)>>;

fn say(status: Status, key: &'static str) {
    status.set(Some((key, String::new())));
}

fn failed(status: Status, e: &JsValue) {
    status.set(Some(("export.failed", js_message(e))));
}

const MAX_IMPORT_BYTES: f64 = 1_000_000.0;

/// Clicks a hidden `<a download>` for `href`, inside the reader's click so the browser counts it
/// as the reader's own download (an asynchronous one may be blocked as an automatic download).
fn click_download(href: &str, name: &str) -> Result<(), JsValue> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.unchecked_into();
    a.set_href(href);
    a.set_download(name);
    a.set_hidden(true);
    let body = doc.body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    Ok(())
}

/// Offers `blob` as a download named `name`.
fn download_blob(blob: &web_sys::Blob, name: &str) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let clicked = click_download(&url, name);
    // Revoked a moment later: some browsers read the URL after the click returns.
    let _ = set_timeout_with_handle(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(2),
    );
    clicked
}

fn download_text(text: &str, mime: &str, name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    download_blob(&blob, name)
}

fn js_message(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}

fn canvas_of(kind: ChartKind) -> Option<web_sys::HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .query_selector(&format!("canvas[data-testid=\"{}\"]", kind.testid()))
        .ok()??
        .dyn_into()
        .ok()
}

/// The chart drawn as SVG at `css_w` CSS pixels, by the code that draws the canvas.
fn chart_svg(ui: Ui, kind: ChartKind, css_w: f64) -> Result<String, ChartError> {
    let l = ui.lang.get_untracked();
    let dark = ui.is_dark_untracked();
    let mut theme = if dark { Theme::dark() } else { Theme::light() }.for_svg();
    theme.font_family = l.chart_font().to_string();
    let w = css_w.round().max(1.0) as u32;
    let fig = Figure::of_page(kind, ui, l).ok_or(ChartError::NoData)?;
    let h = fig.height(css_w, &theme).round().max(1.0) as u32;
    let mut out = String::new();
    fig.draw(
        PageBackend::Svg(SVGBackend::with_string(&mut out, (w, h))),
        &theme,
        css_w,
    )?;
    Ok(out)
}

/// Height in CSS pixels of the PNG's footer: the scenario's name and the site's attribution.
const PNG_FOOTER_CSS: f64 = 30.0;

/// The chart drawn again at 2× (or the screen's ratio, if more) on a canvas of its own, with a
/// footer naming the scenario and the site, so a pasted image says what it shows and whence.
fn png_canvas(ui: Ui, kind: ChartKind, css_w: f64) -> Result<web_sys::HtmlCanvasElement, JsValue> {
    let l = ui.lang.get_untracked();
    let dark = ui.is_dark_untracked();
    let scale = chart_view::device_pixel_ratio().max(2.0);
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let new_canvas = || -> Result<web_sys::HtmlCanvasElement, JsValue> {
        Ok(doc.create_element("canvas")?.dyn_into()?)
    };
    let chart = new_canvas()?;
    let fig = Figure::of_page(kind, ui, l).ok_or("no result")?;
    chart_view::draw_at(&fig, &chart, css_w, dark, l, scale)
        .map_err(|err| JsValue::from_str(&err.to_string()))?;
    let out = new_canvas()?;
    let footer = (PNG_FOOTER_CSS * scale).round();
    out.set_width(chart.width());
    out.set_height(chart.height() + footer as u32);
    let ctx: web_sys::CanvasRenderingContext2d =
        out.get_context("2d")?.ok_or("no 2D context")?.dyn_into()?;
    let theme = if dark { Theme::dark() } else { Theme::light() };
    let css = |c: RGBColor| format!("rgb({},{},{})", c.0, c.1, c.2);
    ctx.set_fill_style_str(&css(theme.background));
    ctx.fill_rect(0.0, 0.0, f64::from(out.width()), f64::from(out.height()));
    ctx.draw_image_with_html_canvas_element(&chart, 0.0, 0.0)?;
    ctx.set_fill_style_str(&css(theme.muted_text));
    ctx.set_font(&format!("{}px {}", (12.0 * scale).round(), l.chart_font()));
    ctx.set_text_baseline("middle");
    let name = ui.scenario.with_untracked(|s| super::share::title_of(s, l));
    let y = f64::from(chart.height()) + footer / 2.0;
    ctx.fill_text(&name, 10.0 * scale, y)?;
    ctx.set_text_align("end");
    let site = web_sys::window()
        .and_then(|w| {
            Some(format!(
                "{}{}",
                w.location().host().ok()?,
                w.location().pathname().ok()?
            ))
        })
        .unwrap_or_default();
    ctx.fill_text(
        &format!("llm-footprint · {site}"),
        f64::from(out.width()) - 10.0 * scale,
        y,
    )?;
    Ok(out)
}

pub fn export_png(ui: Ui, kind: ChartKind, status: Status) {
    let Some(css_w) = canvas_of(kind).map(|c| c.get_bounding_client_rect().width()) else {
        say(status, "export.no_result");
        return;
    };
    let canvas = match png_canvas(ui, kind, css_w.max(200.0)) {
        Ok(c) => c,
        Err(e) => return failed(status, &e),
    };
    let name = format!("llm-footprint-{}.png", kind.id());
    // Synchronous (toDataURL, not toBlob) so the download stays within the reader's click; the
    // bytes go into a Blob because Chromium does not download an anchor's data: URL.
    let result = canvas.to_data_url_with_type("image/png").and_then(|url| {
        let b64 = url.split_once(',').map(|(_, b)| b).unwrap_or("");
        let window = web_sys::window().ok_or("no window")?;
        let binary = window.atob(b64)?;
        let bytes: Vec<u8> = binary.chars().map(|c| c as u32 as u8).collect();
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type("image/png");
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)?;
        download_blob(&blob, &name)
    });
    if let Err(e) = result {
        failed(status, &e);
    }
}

pub fn export_svg(ui: Ui, kind: ChartKind, status: Status) {
    let chart = kind.id();
    if ui.shown.with_untracked(Option::is_none) {
        say(status, "export.no_result");
        return;
    }
    let css_w = canvas_of(kind)
        .map(|c| c.get_bounding_client_rect().width())
        .filter(|w| w.is_finite() && *w >= 200.0)
        .unwrap_or(720.0);
    let result = chart_svg(ui, kind, css_w)
        .map_err(|err| JsValue::from_str(&err.to_string()))
        .and_then(|svg| {
            download_text(&svg, "image/svg+xml", &format!("llm-footprint-{chart}.svg"))
        });
    if let Err(e) = result {
        failed(status, &e);
    }
}

/// Reads scenario JSON (or the page's export of one) into the page; the message to show either
/// way: the reader's error after the translated key, or the data versions when the export was
/// computed with other data than this page's (its numbers may then differ).
fn import_text(ui: Ui, json: &str) -> (&'static str, String) {
    if json.trim().is_empty() {
        return ("export.empty", String::new());
    }
    match Scenario::from_export_pair(json) {
        Ok((s, a, made_with)) => {
            // What the form could not show or mend (another format version, a value out of its
            // range) is refused before it replaces the reader's work.
            let cat = crate::data::Catalog::get();
            let lang = ui.lang.get_untracked();
            if let Some(e) = a
                .iter()
                .chain(std::iter::once(&s))
                .flat_map(|x| resolve::validate(x, cat))
                .next()
            {
                let why = match s.version.or(a.as_ref().and_then(|a| a.version)) {
                    Some(v) if v != 1 => {
                        i18n::trf(lang, "export.other_version", &[("v", &v.to_string())])
                    }
                    _ => i18n::engine_error(lang, &e),
                };
                return ("export.not_imported", why);
            }
            // An export of a comparison pins its A again; a single scenario leaves the pin.
            match a {
                Some(a) => ui.apply(a, s),
                None => ui.load(s),
            }
            let now = crate::data::Catalog::get().data_version();
            match made_with {
                Some(v) if v != now => ("export.imported_other_data", format!("{v} → {now}")),
                _ => ("export.imported", String::new()),
            }
        }
        Err(e) => (
            "export.not_imported",
            i18n::engine_error(ui.lang.get_untracked(), &e),
        ),
    }
}

#[component]
pub fn ExportPanel(ui: Ui, link: share::Link) -> impl IntoView {
    let status: Status = RwSignal::new(None);
    let import_status: Status = RwSignal::new(None);
    let t = move |key: &'static str| ui.t(key);
    let shown = move |s: Status| {
        move || {
            s.get()
                .map(|(key, rest)| format!("{}{rest}", tr(ui.lang.get(), key)))
        }
    };
    let pasted = NodeRef::<leptos::html::Textarea>::new();

    let with_estimate = move |f: fn(&Estimate, &str) -> (String, &'static str, &'static str)| {
        move |_| {
            status.set(None);
            let Some(e) = ui.shown.get_untracked() else {
                say(status, "export.no_result");
                return;
            };
            let link = link.now(false);
            let (body, mime, name) = f(&e.0, &link);
            if let Err(err) = download_text(&body, mime, name) {
                failed(status, &err);
            }
        }
    };
    let export_json = move |_| {
        status.set(None);
        let shown = ui.shown.get_untracked();
        let pinned = ui.pinned.get_untracked();
        let json = ui.scenario.with_untracked(|s| {
            ui.pair.with_untracked(|pair| {
                report::export_json(
                    s,
                    shown.as_ref().map(|e| &*e.0),
                    pair.a.as_ref().map(|a| (a, pinned.as_ref().map(|e| &*e.0))),
                )
            })
        });
        if let Err(err) = download_text(&json, "application/json", "llm-footprint-scenario.json") {
            failed(status, &err);
        }
    };
    let import_pasted = move |_| {
        let json = pasted
            .get_untracked()
            .map(|t| t.value())
            .unwrap_or_default();
        import_status.set(Some(import_text(ui, &json)));
    };
    let import_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        if file.size() > MAX_IMPORT_BYTES {
            say(import_status, "export.too_big");
            return;
        }
        let promise = file.text();
        leptos::task::spawn_local(async move {
            let msg = match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(t) => match t.as_string() {
                    Some(json) => import_text(ui, &json),
                    None => ("export.unreadable", String::new()),
                },
                Err(_) => ("export.unreadable", String::new()),
            };
            let _ = import_status.try_set(Some(msg));
        });
    };

    let chart_buttons = CHARTS
        .iter()
        .map(|&(kind, name)| {
            let id = kind.id();
            view! {
                <li class="export-chart">
                    <span class="export-chart-name">{t(name)}</span>
                    <button type="button" class="button-quiet" data-testid=format!("export-png-{id}") on:click=move |_| export_png(ui, kind, status)>"PNG"</button>
                    <button type="button" class="button-quiet" data-testid=format!("export-svg-{id}") on:click=move |_| export_svg(ui, kind, status)>"SVG"</button>
                </li>
            }
        })
        .collect_view();

    view! {
        <section class="card export" id="export" tabindex="-1" aria-labelledby="export-title">
            <h3 id="export-title">{t("export.title")}</h3>
            <div class="export-group">
                <h4>{t("export.scenario")}</h4>
                <button type="button" class="button-quiet" data-testid="export-json" on:click=export_json>{t("export.json")}</button>
            </div>
            <div class="export-group">
                <h4>{t("export.results")}</h4>
                <button type="button" class="button-quiet" data-testid="export-csv"
                    on:click=with_estimate(|e, _| (report::csv(e), "text/csv", "llm-footprint-results.csv"))>{t("export.csv")}</button>
                <button type="button" class="button-quiet" data-testid="export-markdown"
                    on:click=with_estimate(|e, l| (report::statement_markdown(e, Some(l)), "text/markdown", "llm-footprint-statement.md"))>{t("export.markdown")}</button>
                <button type="button" class="button-quiet" data-testid="export-latex"
                    on:click=with_estimate(|e, l| (report::statement_latex(e, Some(l)), "application/x-tex", "llm-footprint-statement.tex"))>{t("export.latex")}</button>
            </div>
            <div class="export-group">
                <h4>{t("export.charts")}</h4>
                <ul class="export-charts">{chart_buttons}</ul>
            </div>
            <p class="small" role="status" data-testid="export-status">{shown(status)}</p>
            <div class="export-group import">
                <h4>{t("export.import")}</h4>
                <label class="small" for="import-file">{t("export.import_file")}</label>
                <input id="import-file" type="file" accept=".json,application/json" data-testid="import-file" on:change=import_file />
                <label class="small" for="import-text">{t("export.import_paste")}</label>
                <textarea id="import-text" class="import-text" rows="4" spellcheck="false" data-testid="import-text" node_ref=pasted></textarea>
                <button type="button" class="button-quiet" data-testid="import-json" on:click=import_pasted>{t("export.import_button")}</button>
                <p class="small" role="status" data-testid="import-status">{shown(import_status)}</p>
            </div>
        </section>
    }
}
