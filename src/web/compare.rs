//! Two scenarios side by side and the levers that make the second. The pin button pins the form
//! as A; the reader keeps editing B, and the comparison shows A and B, B − A and B/A (the engine's
//! `compare`), saying when the 90 % ranges overlap instead of printing a bare ratio. The levers
//! (the engine's `levers`, worked out from the settled estimate, so an edit's frame is spent on
//! its numbers) each say what they would save before they are clicked; a click pins the form as
//! A and puts the lever's scenario in the form as B. wasm32 only.

use super::i18n::{fmt_water_l, tr, trf, Lang};
use super::input::{fmt_energy_kwh, fmt_mass_kg, fmt_sig};
use super::ui::Ui;
use crate::charts::{fmt_days, fmt_percent};
use crate::data::Catalog;
use crate::engine::compare::{fmt_ratio, Comparison, Delta};
use crate::engine::levers::{self, Detail, Lever, NotApplicable};
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

/// A lever's title and sentence keys (literal, so the catalogue tests see them used).
fn keys(id: &str) -> (&'static str, &'static str) {
    match id {
        "region-best" => ("lever.region_best", "lever.region_what"),
        "region-worst" => ("lever.region_worst", "lever.region_what"),
        "hardware-newer" => ("lever.hardware", "lever.hardware_what"),
        "precision-fp8" | "precision-int8" | "precision-int4" => {
            ("lever.precision", "lever.precision_what")
        }
        "batch-larger" => ("lever.batch", "lever.batch_what"),
        "model-smaller" => ("lever.smaller", "lever.smaller_what"),
        "output-shorter" => ("lever.output", "lever.output_what"),
        "prompt-shorter" => ("lever.prompt", "lever.prompt_what"),
        "retrain-continual" => ("lever.retrain", "lever.retrain_what"),
        _ => ("lever.pue", "lever.pue_what"),
    }
}

fn why_key(w: NotApplicable) -> &'static str {
    match w {
        NotApplicable::AlreadyThere => "lever.no_already_there",
        NotApplicable::NewestHardware => "lever.no_newest",
        NotApplicable::PrecisionAlready => "lever.no_precision",
        NotApplicable::MemoryCapsBatch => "lever.no_memory",
        NotApplicable::BatchAtMaximum => "lever.no_batch_max",
        NotApplicable::OneLayer => "lever.no_one_layer",
        NotApplicable::OneToken => "lever.no_one_token",
        NotApplicable::NoPrompt => "lever.no_prompt",
        NotApplicable::NoServing => "lever.no_serving",
        NotApplicable::ShortDeployment => "lever.no_short",
        NotApplicable::PueAlreadyLow => "lever.no_pue",
        NotApplicable::Invalid => "lever.no_invalid",
    }
}

fn region_name(id: &str, l: Lang) -> String {
    Catalog::get()
        .region(id)
        .map(|r| {
            if l == Lang::Zh {
                r.name_zh.to_string()
            } else {
                r.name.to_string()
            }
        })
        .unwrap_or_else(|| id.to_string())
}

fn accelerator_name(id: &str) -> String {
    Catalog::get()
        .accelerator(id)
        .map(|a| a.name.to_string())
        .unwrap_or_else(|| id.to_string())
}

/// The values a lever's title and sentence fill in.
fn fill(d: &Detail, l: Lang) -> Vec<(&'static str, String)> {
    let count = |v: f64| fmt_sig(v, (v.abs().max(1.0).log10().floor() as i32 + 1).max(3));
    match d {
        Detail::Region { id, g_per_kwh } => vec![
            ("region", region_name(id, l)),
            ("grid", fmt_sig(*g_per_kwh, 3)),
        ],
        Detail::Accelerator { from, to } => {
            vec![
                ("from", accelerator_name(from)),
                ("to", accelerator_name(to)),
            ]
        }
        Detail::Precision {
            from,
            to,
            weights_gb_from,
            weights_gb_to,
        } => vec![
            ("from", from.clone()),
            ("to", to.clone()),
            ("from_gb", format!("{} GB", fmt_sig(*weights_gb_from, 3))),
            ("to_gb", format!("{} GB", fmt_sig(*weights_gb_to, 3))),
        ],
        Detail::Count { from, to } => vec![("from", count(*from)), ("to", count(*to))],
        Detail::Retrain { months, runs } => {
            vec![("months", count(*months)), ("runs", count(*runs))]
        }
        Detail::Pue { from, to, preset } => vec![
            ("from", fmt_sig(*from, 3)),
            ("to", fmt_sig(*to, 3)),
            (
                "preset",
                Catalog::get()
                    .preset(preset)
                    .map(|p| p.name.to_string())
                    .unwrap_or_else(|| preset.clone()),
            ),
        ],
    }
}

/// One lever as the page shows it: (id, title, sentence, saving, applies, saving share, kg).
type Shown = (&'static str, String, String, String, bool, f64, f64);

fn shown(lever: &Lever, l: Lang) -> Shown {
    let (title_key, what_key) = keys(lever.id);
    match &lever.effect {
        Ok(e) => {
            let values = fill(&e.detail, l);
            let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let amount = fmt_mass_kg(e.saving_kg.abs());
            let share = fmt_percent(e.saving_share.abs());
            let key = if e.saving_kg >= 0.0 {
                "lever.saves"
            } else {
                "lever.adds"
            };
            (
                lever.id,
                trf(l, title_key, &pairs),
                trf(l, what_key, &pairs),
                trf(l, key, &[("share", &share), ("amount", &amount)]),
                true,
                e.saving_share,
                e.saving_kg,
            )
        }
        Err(why) => (
            lever.id,
            trf(
                l,
                title_key,
                &[("to", lever.id.strip_prefix("precision-").unwrap_or(""))],
            ),
            String::new(),
            tr(l, why_key(*why)).to_string(),
            false,
            0.0,
            0.0,
        ),
    }
}

/// The levers for the scenario in the form, worked out from the settled estimate.
#[component]
pub fn Levers(ui: Ui) -> impl IntoView {
    let t = move |key: &'static str| ui.t(key);
    let list = Memo::new(move |_| {
        ui.settled.with(|e| {
            let e = e.as_ref()?;
            Some(ui.scenario.with_untracked(|s| levers::levers(s, &e.0)))
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
        let found = levers::levers(&s, &e.0)
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
                .map(|lever| shown(lever, l))
                .map(|(id, title, what, saving, applies, share, kg)| {
                    view! {
                        <li class="lever" class:lever-off=!applies>
                            <button type="button" class="lever-button" data-testid=format!("lever-{id}")
                                data-saving=share.to_string() data-saving-kg=kg.to_string() disabled=!applies
                                on:click=move |_| click(id)>
                                <span class="lever-title">{title}</span>
                                <span class="lever-saving" class:lever-adds=share < 0.0>{saving}</span>
                                <span class="lever-what small">{what}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card levers" data-testid="levers" aria-labelledby="levers-title">
            <h3 id="levers-title">{t("lever.title")}</h3>
            <p class="small">{t("lever.intro")}</p>
            <p class="small" hidden=ui.flag(|ui| !ui.stale())>{t("lever.stale")}</p>
            <ol class="lever-list">{items}</ol>
        </section>
    }
}
