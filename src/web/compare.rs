//! Two scenarios side by side and the levers that make the second. The pin button pins the form
//! as A; the reader keeps editing B, and the comparison shows A and B, B − A and B/A (the engine's
//! `compare`), saying when the 90 % ranges overlap instead of printing a bare ratio. The levers
//! (the engine's `levers`, worked out from the settled estimate, so an edit's frame is spent on
//! its numbers) each say what they would save before they are clicked; a click pins the form as
//! A and puts the lever's scenario in the form as B. wasm32 only.

use super::chart_view::{ChartFigure, ChartKind};
use super::export;
use super::form;
use super::i18n::{fmt_water_l, tr, trf, Lang};
use super::input::{fmt_energy_kwh, fmt_mass_kg, fmt_sig};
use super::lever_text;
use super::ui::Ui;
use crate::charts::{fmt_days, fmt_percent};
use crate::engine::compare::{fmt_ratio, Comparison, Delta};
use crate::engine::levers::{self, Config};
use crate::engine::params::ChoiceSource;
use crate::engine::Scenario;
use leptos::prelude::*;

/// B/A in words: the ratio, qualified when the ranges overlap.
pub fn ratio_text(c: &Comparison, l: Lang) -> String {
    let r = c.co2e_kg.ratio.map(fmt_ratio).unwrap_or_else(|| "–".into());
    if c.ranges_overlap {
        trf(l, "cmp.ratio_overlap", &[("ratio", &r)])
    } else {
        r
    }
}

/// A signed difference: "+12.3 t", "−4.5 kWh".
fn signed(v: f64, f: &dyn Fn(f64) -> String) -> String {
    if v > 0.0 {
        format!("+{}", f(v))
    } else if v < 0.0 {
        format!("−{}", f(-v))
    } else {
        f(0.0)
    }
}

fn breakeven(d: Option<f64>, l: Lang) -> String {
    match d {
        Some(d) if d < 1.0 => tr(l, "res.breakeven_first_day").to_string(),
        Some(d) => trf(l, "res.breakeven_day", &[("day", &fmt_days(d.ceil()))]),
        None => tr(l, "cmp.beyond").to_string(),
    }
}

/// The table's rows: label key, the quantity and how its numbers are written.
fn rows(c: &Comparison, l: Lang) -> Vec<(&'static str, [String; 4])> {
    let cells = |d: &Delta, f: &dyn Fn(f64) -> String| {
        [
            f(d.a),
            f(d.b),
            signed(d.difference, f),
            d.ratio.map(fmt_ratio).unwrap_or_else(|| "–".into()),
        ]
    };
    let range = |r: &crate::engine::compare::Range| {
        format!("{} – {}", fmt_mass_kg(r.p5), fmt_mass_kg(r.p95))
    };
    let wh = |v: f64| format!("{} Wh", fmt_sig(v, 3));
    let g = |v: f64| format!("{} g", fmt_sig(v, 3));
    vec![
        ("cmp.co2e", cells(&c.co2e_kg, &fmt_mass_kg)),
        (
            "cmp.range",
            [
                range(&c.co2e_range_a_kg),
                range(&c.co2e_range_b_kg),
                String::new(),
                String::new(),
            ],
        ),
        ("res.energy", cells(&c.energy_kwh, &fmt_energy_kwh)),
        ("res.water", cells(&c.water_l, &|v| fmt_water_l(l, v))),
        ("cmp.per_query_energy", cells(&c.energy_per_query_wh, &wh)),
        ("cmp.per_query_co2e", cells(&c.co2e_per_query_g, &g)),
        (
            "res.breakeven",
            [
                breakeven(c.breakeven_days_a, l),
                breakeven(c.breakeven_days_b, l),
                String::new(),
                String::new(),
            ],
        ),
    ]
}

/// The pin button, and while a scenario is pinned the comparison with its buttons. Its texts go
/// through `Ui::cmp`, `Ui::flag`, `Ui::title` and `Ui::t`, one closure type each, so the page
/// carries one copy of the code that renders each kind.
#[component]
pub fn Compare(ui: Ui) -> impl IntoView {
    let t = move |key: &'static str| ui.t(key);
    let status: export::Status = RwSignal::new(None);
    let status_text = move || {
        status
            .get()
            .map(|(key, rest)| format!("{}{rest}", tr(ui.lang.get(), key)))
    };
    let off = ui.flag(|ui| !ui.comparing());
    let table = move || {
        let l = ui.lang.get();
        ui.compared.with(|c| {
            c.as_ref()
                .map(|c| rows(c, l))
                .unwrap_or_default()
                .into_iter()
                .map(|(key, [a, b, d, r])| {
                    view! {
                        <tr>
                            <th scope="row">{tr(l, key)}</th>
                            <td>{a}</td>
                            <td>{b}</td>
                            <td>{d}</td>
                            <td>{r}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="compare-bar">
            <button type="button" class="button" data-testid="compare-pin" on:click=move |_| ui.pin()>
                <span hidden=ui.flag(|ui| ui.comparing())>{t("cmp.pin")}</span>
                <span hidden=off>{t("cmp.repin")}</span>
            </button>
            <span class="small" hidden=ui.flag(|ui| ui.comparing())>{t("cmp.pin_help")}</span>
        </div>
        <section class="card compare" data-testid="compare" aria-labelledby="compare-title" hidden=off>
            <h3 id="compare-title">{t("cmp.title")}</h3>
            <p class="compare-names">
                <span class="compare-tag">"A"</span>
                <span data-testid="compare-a-name">{ui.title(true)}</span>
                <span class="compare-tag compare-tag-b">"B"</span>
                <span data-testid="compare-b-name">{ui.title(false)}</span>
            </p>
            <p class="small" hidden=ui.flag(|ui| !ui.comparing() || ui.pinned.with(Option::is_some))>{t("cmp.a_invalid")}</p>
            <p class="compare-headline">
                <span class="small">{t("cmp.ratio_label")}</span>
                <strong class="compare-ratio" data-testid="compare-ratio"
                    data-value=ui.cmp(|c, _| c.co2e_kg.ratio.map(|r| r.to_string()).unwrap_or_default())
                    data-overlap=ui.cmp(|c, _| c.ranges_overlap.to_string())>
                    {ui.cmp(ratio_text)}
                </strong>
            </p>
            <p class="small" data-testid="compare-overlap">
                {ui.cmp(|c, l| tr(l, if c.ranges_overlap { "cmp.overlap" } else { "cmp.distinct" }).to_string())}
            </p>
            <div class="table-scroll">
                <table class="compare-table">
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            <th scope="col">{t("cmp.a")}</th>
                            <th scope="col">{t("cmp.b")}</th>
                            <th scope="col">"B − A"</th>
                            <th scope="col">"B/A"</th>
                        </tr>
                    </thead>
                    <tbody>{table}</tbody>
                </table>
            </div>
            <ChartFigure ui=ui kind=ChartKind::Compare />
            <div class="share-row">
                <span class="small">{t("export.chart_compare")}</span>
                <button type="button" class="button-quiet" data-testid="export-png-compare" on:click=move |_| export::export_png(ui, ChartKind::Compare, status)>"PNG"</button>
                <button type="button" class="button-quiet" data-testid="export-svg-compare" on:click=move |_| export::export_svg(ui, ChartKind::Compare, status)>"SVG"</button>
                <span class="small" role="status" data-testid="compare-export-status">{status_text}</span>
            </div>
            <div class="share-row">
                <button type="button" class="button-quiet" data-testid="compare-swap" on:click=move |_| ui.swap()>{t("cmp.swap")}</button>
                <button type="button" class="button-quiet" data-testid="compare-reset" on:click=move |_| ui.reset_to_a()>{t("cmp.reset")}</button>
                <button type="button" class="button-quiet" data-testid="compare-unpin" on:click=move |_| ui.unpin()>{t("cmp.unpin")}</button>
            </div>
        </section>
    }
}

/// A, B and the ratio in the embed card, when the link holds a comparison.
#[component]
pub fn CompareCard(ui: Ui) -> impl IntoView {
    let t = move |key: &'static str| ui.t(key);
    view! {
        <section class="embed-compare" data-testid="compare" aria-label=t("cmp.title") hidden=ui.flag(|ui| !ui.comparing())>
            <table class="compare-table">
                <tbody>
                    <tr>
                        <th scope="row"><span class="compare-tag">"A"</span>{ui.title(true)}</th>
                        <td data-testid="compare-a-co2e">{ui.cmp(|c, _| fmt_mass_kg(c.co2e_kg.a))}</td>
                    </tr>
                    <tr>
                        <th scope="row"><span class="compare-tag compare-tag-b">"B"</span>{ui.title(false)}</th>
                        <td data-testid="compare-b-co2e">{ui.cmp(|c, _| fmt_mass_kg(c.co2e_kg.b))}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t("cmp.ratio_label")}</th>
                        <td data-testid="compare-ratio">{ui.cmp(ratio_text)}</td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

/// The reader's share of renewable purchases, in percent as typed; `None` when it is not a
/// number in [0, 100].
fn share_typed(text: &str) -> Option<f64> {
    let v: f64 = text.trim().parse().ok()?;
    (0.0..=100.0).contains(&v).then_some(v / 100.0)
}

/// The levers for the scenario in the form, worked out from the settled estimate, with the
/// reader's region of choice and renewable share.
#[component]
pub fn Levers(ui: Ui) -> impl IntoView {
    let t = move |key: &'static str| ui.t(key);
    let config = RwSignal::new(Config::default());
    let list = Memo::new(move |_| {
        let config = config.get();
        ui.settled.with(|e| {
            let e = e.as_ref()?;
            Some(
                ui.scenario
                    .with_untracked(|s| levers::levers(s, &e.0, &config)),
            )
        })
    });
    // A click acts on the form as it is at that moment, never on a frame-old list.
    let click = move |id: &'static str| {
        if ui.stale() {
            return;
        }
        let Some(e) = ui.shown.get_untracked() else {
            return;
        };
        let s: Scenario = ui.scenario.get_untracked();
        let found = levers::levers(&s, &e.0, &config.get_untracked())
            .into_iter()
            .find(|l| l.id == id)
            .and_then(|l| l.effect.ok());
        if let Some(x) = found {
            ui.apply(x.a, x.b);
        }
    };
    let items = move || {
        let l = ui.lang.get();
        list.with(|levers| {
            levers
                .iter()
                .flatten()
                .map(|lever| lever_text::shown(lever, l))
                .map(|x| {
                    let id = x.id;
                    view! {
                        <li class="lever" class:lever-off=!x.applies class:lever-wide=id == "market-renewable">
                            <button type="button" class="lever-button" data-testid=format!("lever-{id}")
                                data-saving=x.share.to_string() data-saving-kg=x.kg.to_string() disabled=!x.applies
                                on:click=move |_| click(id)>
                                <span class="lever-title">{x.title}</span>
                                <span class="lever-saving" class:lever-adds=x.share < 0.0>{x.saving}</span>
                                <span class="lever-what small">{x.what}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let regions = move || {
        form::options(ChoiceSource::Region, ui.lang.get())
            .into_iter()
            .map(|(value, label)| {
                let v = value.clone();
                let on = move || config.with(|c| c.region.as_deref() == Some(v.as_str()));
                view! { <option value=value prop:selected=on>{label}</option> }
            })
            .collect_view()
    };
    let default_share = fmt_percent(Config::default().renewable_share);
    let share_help = move || {
        trf(
            ui.lang.get(),
            "lever.share_help",
            &[("share", &default_share)],
        )
    };
    let share_text = fmt_sig(100.0 * config.with_untracked(|c| c.renewable_share), 3);
    // A share that is not a number in [0, 100] keeps the last one and says so, as the form does.
    let share_bad = RwSignal::new(false);
    view! {
        <section class="card levers" data-testid="levers" aria-labelledby="levers-title">
            <h3 id="levers-title">{t("lever.title")}</h3>
            <p class="small">{t("lever.intro")}</p>
            <div class="lever-controls">
                <div class="field">
                    <label for="lever-region"><span class="label-text">{t("lever.region_choice")}</span></label>
                    <select id="lever-region" data-testid="choose-region"
                        on:change=move |ev| {
                            if let Some(v) = form::target_value(&ev) {
                                config.update(|c| c.region = (!v.is_empty()).then_some(v));
                            }
                        }>
                        <option value="" prop:selected=move || config.with(|c| c.region.is_none())>{t("lever.region_none")}</option>
                        {regions}
                    </select>
                </div>
                <div class="field">
                    <label for="lever-share">
                        <span class="label-text">{t("lever.share_label")}</span>
                        <span class="unit">"%"</span>
                    </label>
                    <input id="lever-share" type="text" inputmode="decimal"
                        data-testid="renewable-share" value=share_text aria-describedby="lever-share-help lever-share-error"
                        aria-invalid=move || share_bad.get().to_string()
                        on:input=move |ev| {
                            let text = form::target_value(&ev).unwrap_or_default();
                            match share_typed(&text) {
                                Some(v) => {
                                    share_bad.set(false);
                                    config.update(|c| c.renewable_share = v);
                                }
                                // An emptied box is the reader about to type: no message yet.
                                None => share_bad.set(!text.trim().is_empty()),
                            }
                        } />
                    <p class="error" id="lever-share-error" data-testid="renewable-share-error" aria-live="polite">
                        {move || if share_bad.get() { tr(ui.lang.get(), "lever.share_error") } else { "" }}
                    </p>
                    <p class="hint small" id="lever-share-help">{share_help}</p>
                </div>
            </div>
            <p class="small" hidden=ui.flag(|ui| !ui.stale())>{t("lever.stale")}</p>
            <ol class="lever-list">{items}</ol>
        </section>
    }
}
