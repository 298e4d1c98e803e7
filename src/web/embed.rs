//! Embedding: the compact card a link with `embed=1` shows (headline numbers, the split chart,
//! the key assumptions, a link to the full calculator; no form), which posts its height to the
//! page that frames it, and the dialog on the full page that hands out the iframe snippet with a
//! live preview. wasm32 only.

use super::chart_view::{ChartFigure, ChartKind};
use super::i18n::{tr, trf, Lang};
use super::input::{fmt_energy_kwh, fmt_mass_kg, fmt_sig, fmt_water_l};
use super::results::co2e_range;
use super::share::{self, LinkNotices, Notice};
use super::ui::{Ui, ALL_CHARTS};
use crate::data::Catalog;
use crate::engine::resolve::Value;
use crate::engine::Estimate;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The message type the card posts to its parent.
const HEIGHT_MESSAGE: &str = "llm-footprint:height";

fn accelerator_name(e: &Estimate, path: &str) -> String {
    match e.resolved.assumption(path).map(|a| &a.value) {
        Some(Value::Text(id)) => Catalog::get()
            .accelerator(id)
            .map(|a| a.name.to_string())
            .unwrap_or_else(|| id.to_string()),
        _ => "—".into(),
    }
}

/// The devices of a phase and where they run: "in" its region, else "at" the grid intensity a
/// preset gives its site.
fn training_line(e: &Estimate, lang: Lang) -> String {
    let count = count_of(e, "training.accelerators");
    let accelerator = accelerator_name(e, "training.accelerator");
    let devices = [
        ("count", count.as_str()),
        ("accelerator", accelerator.as_str()),
    ];
    let region = e.resolved.assumption("training.region");
    let grid = e.resolved.assumption("training.grid_g_per_kwh");
    match (region.map(|a| &a.value), grid.map(|a| &a.value)) {
        (Some(Value::Text(id)), _) => {
            let name = Catalog::get()
                .region(id)
                .map(|r| r.name.to_string())
                .unwrap_or_else(|| id.to_string());
            trf(
                lang,
                "embed.devices_in",
                &[devices[0], devices[1], ("region", &name)],
            )
        }
        (_, Some(Value::Number(g))) => trf(
            lang,
            "embed.devices_at",
            &[devices[0], devices[1], ("grid", &fmt_sig(*g, 3))],
        ),
        _ => trf(lang, "embed.devices", &devices),
    }
}

fn serving_line(e: &Estimate, lang: Lang) -> String {
    trf(
        lang,
        "embed.serving_line",
        &[
            ("count", &count_of(e, "inference.accelerators")),
            ("accelerator", &accelerator_name(e, "inference.accelerator")),
            ("batch", &count_of(e, "inference.batch")),
        ],
    )
}

/// What one query is and how many there are: tokens in and out, traffic, days and the grid.
fn query_line(e: &Estimate, lang: Lang) -> String {
    let i = &e.resolved.inputs.inference;
    trf(
        lang,
        "embed.query_line",
        &[
            ("prompt", &count_of(e, "inference.prompt_tokens")),
            ("output", &count_of(e, "inference.output_tokens")),
            ("per_day", &fmt_sig(i.queries_per_day, 3)),
            ("days", &count_of(e, "inference.days")),
            ("grid", &fmt_sig(i.grid_g_per_kwh, 3)),
        ],
    )
}

/// The data the numbers come from: the newest data-file version and the tool.
fn data_line(_: &Estimate, lang: Lang) -> String {
    let cat = Catalog::get();
    let newest = [
        &cat.hardware.version,
        &cat.grids.version,
        &cat.defaults.version,
        &cat.presets.version,
        &cat.equivalences.version,
    ]
    .into_iter()
    .max()
    .map_or("", |v| &**v)
    .to_string();
    trf(
        lang,
        "embed.data_line",
        &[("version", &newest), ("tool", env!("CARGO_PKG_VERSION"))],
    )
}

fn count_of(e: &Estimate, path: &str) -> String {
    match e.resolved.assumption(path).map(|a| &a.value) {
        // Counts are exact: 1,024 devices, not 1,020.
        Some(Value::Number(v)) => fmt_sig(*v, (v.abs().max(1.0).log10().floor() as i32 + 1).max(3)),
        _ => "—".into(),
    }
}

/// Posts the card's height to the framing page (to itself when not framed: harmless).
fn post_height(card: &web_sys::Element) {
    let Some(w) = web_sys::window() else { return };
    let rect = card.get_bounding_client_rect();
    let height = (rect.bottom() + w.scroll_y().unwrap_or(0.0)).ceil();
    if !height.is_finite() || height <= 0.0 {
        return;
    }
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"type".into(), &HEIGHT_MESSAGE.into());
    let _ = js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from_f64(height));
    if let Ok(Some(parent)) = w.parent() {
        let _ = parent.post_message(&msg, "*");
    }
}

/// Posts the height now and whenever the card's box changes.
fn report_height(card: web_sys::Element) {
    post_height(&card);
    let target = card.clone();
    let on_resize = Closure::<dyn Fn()>::new(move || post_height(&target));
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&card);
        let keep = SendWrapper::new((observer, on_resize));
        on_cleanup(move || keep.0.disconnect());
    }
}

/// The page in embed mode: the card only.
#[component]
pub fn EmbedCard(ui: Ui, link: share::Link, notices: Vec<Notice>) -> impl IntoView {
    // Only the split chart is drawn here: count the others as drawn, so the page still says ready.
    ui.drawn.set_value(ALL_CHARTS & !1);
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-embed", "true");
    }
    let card = NodeRef::<leptos::html::Article>::new();
    Effect::new(move |_| {
        if let Some(el) = card.get() {
            report_height(el.into());
        }
    });
    let t = move |key: &'static str| ui.t(key);
    let full = move || link.url(false);
    let title = move || ui.scenario.with(|s| share::title_of(s, ui.lang.get()));
    view! {
        <main class="embed">
            <article class="embed-card" data-testid="embed-card" node_ref=card aria-labelledby="embed-title">
                <header class="embed-head">
                    <p class="eyebrow">"llm-footprint"</p>
                    <h1 id="embed-title" class="embed-title">{title}</h1>
                </header>
                <LinkNotices notices=notices />
                <super::compare::CompareCard ui=ui />
                <div class="embed-kpis">
                    <div class="kpi kpi-main">
                        <p class="kpi-label">{t("embed.co2e")}</p>
                        <p class="kpi-value" data-testid="total-co2e" data-value=ui.raw(|e| e.results.total.co2e_kg)>
                            {ui.show(|e| fmt_mass_kg(e.results.total.co2e_kg))}
                        </p>
                        <p class="kpi-sub">
                            {t("embed.range")}
                            <span data-testid="range-co2e">
                                {ui.show(co2e_range)}
                            </span>
                        </p>
                    </div>
                    <div class="kpi">
                        <p class="kpi-label">{t("embed.energy")}</p>
                        <p class="kpi-value" data-testid="total-energy">{ui.show(|e| fmt_energy_kwh(e.results.total.energy_kwh))}</p>
                    </div>
                    <div class="kpi">
                        <p class="kpi-label">{t("embed.water")}</p>
                        <p class="kpi-value" data-testid="total-water">{ui.show(|e| fmt_water_l(e.results.total.water_l))}</p>
                    </div>
                    <div class="kpi kpi-query">
                        <p class="kpi-label">{t("embed.per_query")}</p>
                        <p class="kpi-value kpi-small" data-testid="per-query-energy">
                            {ui.show(|e| format!(
                                "{} Wh · {} g CO₂e",
                                fmt_sig(e.results.inference.energy_per_query_wh, 3),
                                fmt_sig(e.results.inference.co2e_per_query_g, 3)
                            ))}
                        </p>
                    </div>
                </div>
                <ChartFigure ui=ui kind=ChartKind::Split caption="embed.split_caption" />
                <section class="embed-assumptions" aria-label=t("embed.assumptions")>
                    <dl class="facts">
                        <dt>{t("embed.model")}</dt>
                        <dd>{ui.say(|e, l| e.resolved.preset.map(|p| p.name.to_string()).unwrap_or_else(|| tr(l, "share.custom_model").into()))}</dd>
                        <dt>{t("embed.training")}</dt>
                        <dd>{ui.say(training_line)}</dd>
                        <dt>{t("embed.serving")}</dt>
                        <dd>{ui.say(serving_line)}</dd>
                        <dt>{t("embed.query")}</dt>
                        <dd data-testid="embed-query">{ui.say(query_line)}</dd>
                        <dt>{t("embed.data")}</dt>
                        <dd>{ui.say(data_line)}</dd>
                    </dl>
                </section>
                <p class="embed-foot">
                    <a data-testid="open-full" href=full target="_blank" rel="noopener">{t("embed.open_full")}</a>
                </p>
            </article>
        </main>
    }
}

/// The button and dialog that hand out the embed snippet, with a live preview while open.
#[component]
pub fn EmbedDialog(ui: Ui, link: share::Link) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let snippet_box = NodeRef::<leptos::html::Textarea>::new();
    let preview = NodeRef::<leptos::html::Iframe>::new();
    let open = RwSignal::new(false);
    // The key of the copy message, so that it follows the language.
    let status = RwSignal::new(None::<&'static str>);
    let t = move |key: &'static str| ui.t(key);
    let embed_url = move || link.url(true);
    // The title comes from the scenario's name or preset, which the link holds too: the snippet
    // follows the link (a frame after an edit), not every change of the scenario.
    let snippet_of = move |url: String| {
        let title = ui
            .scenario
            .with_untracked(|s| share::title_of(s, ui.lang.get()));
        share::embed_snippet(&url, &title)
    };
    let snippet = move || snippet_of(embed_url());

    // The preview frame posts its height like any embed: size the frame to it.
    let handle = leptos::leptos_dom::helpers::window_event_listener_untyped("message", move |ev| {
        let Some(ev) = ev.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        let data = ev.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok();
        if kind.and_then(|k| k.as_string()).as_deref() != Some(HEIGHT_MESSAGE) {
            return;
        }
        let Some(h) = js_sys::Reflect::get(&data, &"height".into())
            .ok()
            .and_then(|h| h.as_f64())
            .filter(|h| h.is_finite() && *h > 0.0 && *h < 10_000.0)
        else {
            return;
        };
        let Some(frame) = preview.get_untracked() else {
            return;
        };
        let from_frame = match (ev.source(), frame.content_window()) {
            (Some(src), Some(win)) => JsValue::from(src) == JsValue::from(win),
            _ => false,
        };
        if from_frame {
            let _ = frame.set_attribute("height", &format!("{}", h.ceil()));
        }
    });
    on_cleanup(move || handle.remove());

    let show_dialog = move |_| {
        status.set(None);
        open.set(true);
        if let Some(d) = dialog.get_untracked() {
            if d.show_modal().is_err() {
                d.set_open(true);
            }
        }
    };
    let close = move |_| {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
        open.set(false);
    };
    let copy = move |_| {
        let Some(el) = snippet_box.get_untracked() else {
            return;
        };
        share::copy_text(snippet_of(link.now(true)), move |ok| {
            if ok {
                let _ = status.try_set(Some("embed.copied"));
            } else {
                let _ = el.focus();
                el.select();
                let _ = status.try_set(Some("embed.copy_by_hand"));
            }
        });
    };
    view! {
        <button type="button" class="button" id="embed" data-testid="embed-open" on:click=show_dialog>{t("embed.embed_open")}</button>
        <dialog class="embed-dialog" node_ref=dialog aria-labelledby="embed-dialog-title" on:close=move |_| open.set(false)>
            <div class="embed-dialog-head">
                <h2 id="embed-dialog-title">{t("embed.embed_title")}</h2>
                <button type="button" class="button-quiet" data-testid="embed-close" on:click=close>{t("embed.close")}</button>
            </div>
            <p class="small">{t("embed.embed_help")}</p>
            <label for="embed-snippet">{t("embed.snippet_label")}</label>
            <textarea id="embed-snippet" class="embed-snippet" readonly rows="7" data-testid="embed-snippet" node_ref=snippet_box prop:value=snippet></textarea>
            <div class="share-row">
                <button type="button" class="button" data-testid="embed-copy" on:click=copy>{t("embed.copy_snippet")}</button>
                <span class="small" role="status">{move || status.get().map(|k| tr(ui.lang.get(), k))}</span>
            </div>
            <h3>{t("embed.preview")}</h3>
            {move || {
                open.get().then(|| view! {
                    <iframe class="embed-preview" data-testid="embed-preview" node_ref=preview src=embed_url
                        width="100%" height="420" title=t("embed.preview")></iframe>
                })
            }}
        </dialog>
    }
}
