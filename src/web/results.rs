//! The results column: headline totals with their range, the split by phase, per-query figures,
//! break-even, the published figure beside ours, equivalents, notices and the charts. It shows
//! the last valid estimate; while the form holds an error a note says so.

use super::chart_view::{ChartFigure, ChartKind};
use super::figures;
use super::i18n::{self, fmt_count, fmt_water_l, tr, trf, Lang};
use super::input::{field_id, fmt_energy_kwh, fmt_mass_kg, fmt_sig};
use super::state::Outcome;
use super::ui::Ui;
use crate::charts::{fmt_days, fmt_percent, fmt_tokens};
use crate::engine::model::{Bound, Ladder};
use crate::engine::params;
use crate::engine::results::Results;
use crate::engine::Estimate;
use leptos::either::Either;
use leptos::prelude::*;

/// The 90% range of the total CO2e ("237 t – 467 t"), in the results and the embed card.
pub fn co2e_range(e: &Estimate) -> String {
    let r = e.results.ranges.total_co2e_kg;
    format!("{} – {}", fmt_mass_kg(r.p5), fmt_mass_kg(r.p95))
}

#[component]
pub fn Results(ui: Ui) -> impl IntoView {
    // When serving overtakes training; beyond the deployment, the day at this rate.
    let breakeven = ui.say(|e, l| {
        let Some(d) = e.breakdown.breakeven_at_rate_days else {
            return tr(l, "res.breakeven_none").to_string();
        };
        if d < 1.0 {
            tr(l, "res.breakeven_first_day").to_string()
        } else {
            // Beyond the deployment too: the day at this rate (the text below says so).
            trf(l, "res.breakeven_day", &[("day", &fmt_days(d.ceil()))])
        }
    });
    let breakeven_raw = ui.show(|e| {
        e.results
            .breakeven_days
            .map(|d| d.to_string())
            .unwrap_or_default()
    });
    let breakeven_text = ui.say(|e, l| {
        let b = &e.breakdown;
        let up = fmt_mass_kg(b.upfront_co2e.0);
        let per_day = fmt_mass_kg(b.inference_co2e_per_day.0);
        let days = e.resolved.inputs.inference.days;
        let Some(d) = b.breakeven_at_rate_days else {
            return String::new();
        };
        if d <= days {
            trf(
                l,
                "res.breakeven_yes",
                &[("per_day", &per_day), ("up", &up)],
            )
        } else {
            trf(
                l,
                "res.breakeven_no",
                &[
                    ("per_day", &per_day),
                    ("up", &up),
                    ("days", &fmt_days(days)),
                    ("years", &fmt_sig(d / 365.25, 3)),
                ],
            )
        }
    });

    view! {
        <section class="results" id="results" tabindex="-1" data-testid="results" aria-labelledby="results-title">
            <h2 id="results-title">{ui.t("res.title")}</h2>
            <p class="scenario-name">
                {move || ui.scenario.with(|s| s.name.as_ref().map(|n| format!("{n} · ")))}
                {ui.say(|e, l| e.resolved.preset.map(|p| format!("{} ({}, {})", p.name, p.org, p.year)).unwrap_or_else(|| tr(l, "res.custom").into()))}
            </p>
            <div class="stale" data-testid="stale-note" role="status" hidden=move || !ui.stale()>
                <p>{ui.t("res.stale")}</p>
                <ul>
                    {move || {
                        ui.outcome.with(|o| match o {
                            Outcome::Err(errors) => errors
                                .iter()
                                .map(|e| {
                                    let known = params::param(&e.path).is_some();
                                    let href = format!("#{}", field_id(&e.path));
                                    let message = ui.message(e);
                                    if known {
                                        Either::Left(view! { <li><a href=href>{message}</a></li> })
                                    } else {
                                        Either::Right(view! { <li>{message}</li> })
                                    }
                                })
                                .collect_view(),
                            Outcome::Ok(_) => Vec::new().collect_view(),
                        })
                    }}
                </ul>
            </div>

            <div class="kpis">
                <div class="kpi kpi-main">
                    <p class="kpi-label">{ui.t("res.carbon")}</p>
                    <p class="kpi-value" data-testid="total-co2e" data-value=ui.raw(|e| e.results.total.co2e_kg)>
                        {ui.show(|e| fmt_mass_kg(e.results.total.co2e_kg))}
                    </p>
                    <p class="kpi-sub">
                        {ui.t("res.range")}
                        <span data-testid="range-co2e" data-p5=ui.raw(|e| e.results.ranges.total_co2e_kg.p5) data-p95=ui.raw(|e| e.results.ranges.total_co2e_kg.p95)>
                            {ui.show(co2e_range)}
                        </span>
                    </p>
                </div>
                <div class="kpi">
                    <p class="kpi-label">{ui.t("res.energy")}</p>
                    <p class="kpi-value" data-testid="total-energy" data-value=ui.raw(|e| e.results.total.energy_kwh)>
                        {ui.show(|e| fmt_energy_kwh(e.results.total.energy_kwh))}
                    </p>
                    <p class="kpi-sub">{ui.t("res.energy_sub")}</p>
                </div>
                <div class="kpi">
                    <p class="kpi-label">{ui.t("res.water")}</p>
                    <p class="kpi-value" data-testid="total-water" data-value=ui.raw(|e| e.results.total.water_l)>
                        {ui.say(|e, l| fmt_water_l(l, e.results.total.water_l))}
                    </p>
                    <p class="kpi-sub">{ui.t("res.water_sub")}</p>
                </div>
            </div>

            // The table before its chart: the figures that change as the reader types sit together
            // under the totals, so an edit repaints one compact block (the chart follows a frame
            // later).
            <PhaseTable ui=ui />
            <ChartFigure ui=ui kind=ChartKind::Split />

            // The rest of the results, mostly below the fold: a layer of its own on wide screens
            // (style/main.css), so the figures that change down here do not widen what an edit
            // repaints up top.
            <div class="results-more">
                <div class="cards">
                    <div class="card" id="res-per-query" tabindex="-1">
                        <h3>{ui.t("res.per_query")}</h3>
                        <dl class="facts">
                            <dt>{ui.t("res.energy")}</dt>
                            <dd data-testid="per-query-energy" data-value=ui.raw(|e| e.results.inference.energy_per_query_wh)>
                                {ui.show(|e| format!("{} Wh", fmt_sig(e.results.inference.energy_per_query_wh, 3)))}
                            </dd>
                            <dt>{ui.t("res.carbon_short")}</dt>
                            <dd data-testid="per-query-co2e">{ui.show(|e| format!("{} g CO₂e", fmt_sig(e.results.inference.co2e_per_query_g, 3)))}</dd>
                            <dt>{ui.t("res.water")}</dt>
                            <dd>{ui.show(|e| format!("{} mL", fmt_sig(e.results.inference.water_per_query_ml, 3)))}</dd>
                            <dt>{ui.t("res.token_energy")}</dt>
                            <dd>{ui.show(|e| format!("{} J", fmt_sig(e.results.inference.accelerator_energy_per_output_token_j, 3)))}</dd>
                            <dt>{ui.t("res.per_1000")}</dt>
                            <dd data-testid="per-1000" data-value=ui.raw(|e| e.results.inference.per_1000_queries.energy_kwh)>
                                {ui.say(|e, l| {
                                    let k = &e.results.inference.per_1000_queries;
                                    // Breaks only between the three figures, never inside one.
                                    let keep = |s: String| s.replace(' ', "\u{a0}");
                                    format!(
                                        "{} · {} · {}",
                                        keep(fmt_energy_kwh(k.energy_kwh)),
                                        keep(format!("{} CO₂e", fmt_mass_kg(k.co2e_kg))),
                                        keep(fmt_water_l(l, k.water_l))
                                    )
                                })}
                            </dd>
                        </dl>
                        <p class="small">
                            {ui.say(|e, l| {
                                let i = &e.results.inference;
                                let bound = match i.decode_bound {
                                    Bound::Memory => tr(l, "res.bound_memory"),
                                    Bound::Compute => tr(l, "res.bound_compute"),
                                };
                                trf(
                                    l,
                                    "res.serving",
                                    &[
                                        ("bound", bound),
                                        ("batch", &fmt_sig(i.effective_batch, 3)),
                                        ("tps", &fmt_sig(i.tokens_per_second_per_replica, 3)),
                                        ("replicas", &fmt_count(l, i.replicas)),
                                        ("busy", &fmt_percent(i.busy_fraction)),
                                    ],
                                )
                            })}
                        </p>
                    </div>
                    <div class="card">
                        <h3>{ui.t("res.breakeven")}</h3>
                        <p class="big" data-testid="breakeven" data-value=breakeven_raw>{breakeven}</p>
                        <p class="small">{breakeven_text}</p>
                    </div>
                </div>

                <div class="cards">
                    <LadderCard ui=ui />
                    <WaterCard ui=ui />
                </div>
                <div id="res-charts" class="anchor" tabindex="-1"></div>
                <ChartFigure ui=ui kind=ChartKind::Cumulative />
                <Reported ui=ui />
                <p class="small" data-testid="training-boundary">
                    {ui.say(|e, l| i18n::training_boundary(l, e))}
                </p>
                <p class="small" data-testid="market-based">
                    {ui.say(|e, l| e.results.total.operational_co2e_market_kg.map(|m| trf(l, "res.market", &[("value", &fmt_mass_kg(m))])).unwrap_or_default())}
                </p>
                <Equivalents ui=ui />
                <Notices ui=ui />
                <ChartFigure ui=ui kind=ChartKind::Context />
                <p class="small">
                    {ui.say(|e, l| trf(
                        l,
                        "res.attention_share",
                        &[
                            ("context", &fmt_tokens(e.resolved.inputs.model.context)),
                            ("share", &fmt_percent(e.attention_share)),
                        ],
                    ))}
                </p>
                <ChartFigure ui=ui kind=ChartKind::Uncertainty />
            </div>
        </section>
    }
}

#[component]
fn PhaseTable(ui: Ui) -> impl IntoView {
    let rows = move || {
        let l = ui.lang.get();
        ui.shown.with(|s| {
            let Some(e) = s else { return Vec::new() };
            let r = &e.0.results;
            let f = &r.fine_tuning;
            let mut rows = vec![
                (
                    "phase.training",
                    Some(r.training.energy_kwh),
                    r.training.co2e_kg,
                    Some(r.training.water_l),
                ),
                (
                    "phase.fine_tuning",
                    Some(f.energy_kwh),
                    f.co2e_kg,
                    Some(f.water_l),
                ),
            ];
            rows.extend(figures::rl_rows(f));
            rows.extend([
                (
                    "phase.inference",
                    Some(r.inference.energy_kwh),
                    r.inference.co2e_kg,
                    Some(r.inference.water_l),
                ),
                ("phase.embodied", None, r.total.embodied_co2e_kg, None),
                (
                    "phase.total",
                    Some(r.total.energy_kwh),
                    r.total.co2e_kg,
                    Some(r.total.water_l),
                ),
            ]);
            rows.into_iter()
                .map(|(key, energy, co2e, water)| (key, l, energy, co2e, water))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <table class="phase-table" aria-label=ui.t("res.phase_table")>
            <thead>
                <tr><th scope="col">{ui.t("res.phase")}</th><th scope="col">{ui.t("res.energy")}</th><th scope="col">"CO₂e"</th><th scope="col">{ui.t("res.water")}</th></tr>
            </thead>
            <tbody>
                {move || {
                    rows()
                        .into_iter()
                        .map(|(key, l, energy, co2e, water)| {
                            let dash = || "—".to_string();
                            view! {
                                <tr class:total=key == "phase.total" class:sub=key == "phase.rollout" || key == "phase.update">
                                    <th scope="row">{tr(l, key)}</th>
                                    <td>{energy.map(fmt_energy_kwh).unwrap_or_else(dash)}</td>
                                    <td>{fmt_mass_kg(co2e)}</td>
                                    <td>{water.map(|w| fmt_water_l(l, w)).unwrap_or_else(dash)}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

/// The serving boundary ladder: each step's Wh per query and its share of the whole. This card
/// and the water card follow `Ui::settled` (one frame after an edit's numbers), as the
/// methodology does: far below the fold, they keep their work out of the edit's frame.
#[component]
fn LadderCard(ui: Ui) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="ladder-title">
            <h3 id="ladder-title">{ui.t("res.ladder")}</h3>
            <table class="ladder" data-testid="ladder">
                <thead>
                    <tr><th scope="col">{ui.t("res.step")}</th><th scope="col">"Wh"</th><th scope="col">{ui.t("res.share")}</th></tr>
                </thead>
                <tbody>
                    {ladder_row(ui, "res.ladder_acc", "ladder-acc", |l| l.accelerators_wh)}
                    {ladder_row(ui, "res.ladder_host", "ladder-host", |l| l.host_wh)}
                    {ladder_row(ui, "res.ladder_idle", "ladder-idle", |l| l.idle_wh)}
                    {ladder_row(ui, "res.ladder_pue", "ladder-pue", |l| l.overhead_wh)}
                    {ladder_row(ui, "res.ladder_total", "ladder-total", Ladder::total_wh)}
                </tbody>
            </table>
            <p class="small">{ui.t("res.ladder_note")}</p>
        </section>
    }
}

/// One step of the ladder; every row shares the closures' types (the step is a value).
fn ladder_row(
    ui: Ui,
    key: &'static str,
    testid: &'static str,
    step: fn(&Ladder) -> f64,
) -> impl IntoView {
    let of = move |f: fn(f64, f64) -> String| {
        move || {
            ui.settled.with(|s| {
                s.as_ref()
                    .map(|e| {
                        let l = &e.0.results.inference.energy_per_query_ladder_wh;
                        f(step(l), l.total_wh())
                    })
                    .unwrap_or_default()
            })
        }
    };
    let total = key == "res.ladder_total";
    view! {
        <tr data-testid=testid class:total=total>
            <th scope="row">{ui.t(key)}</th>
            <td data-value=of(|v, _| v.to_string())>{of(|v, _| fmt_sig(v, 3))}</td>
            <td>{of(|v, t| if t > 0.0 { fmt_percent(v / t) } else { String::new() })}</td>
        </tr>
    }
}

/// Water by phase, on the site (cooling) and off it (generating the electricity).
#[component]
fn WaterCard(ui: Ui) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="water-title">
            <h3 id="water-title">{ui.t("res.water_split")}</h3>
            <table class="water-split" data-testid="water-split">
                <thead>
                    <tr><th scope="col">{ui.t("res.phase")}</th><th scope="col">{ui.t("res.water_onsite")}</th><th scope="col">{ui.t("res.water_offsite")}</th></tr>
                </thead>
                <tbody>
                    {water_row(ui, "phase.training", "water-training", |r| (r.training.water_onsite_l, r.training.water_offsite_l))}
                    {water_row(ui, "phase.fine_tuning", "water-fine-tuning", |r| (r.fine_tuning.water_onsite_l, r.fine_tuning.water_offsite_l))}
                    {water_row(ui, "phase.inference", "water-inference", |r| (r.inference.water_onsite_l, r.inference.water_offsite_l))}
                    {water_row(ui, "phase.total", "water-total", |r| (r.total.water_onsite_l, r.total.water_offsite_l))}
                </tbody>
            </table>
            <p class="small">{ui.t("res.water_note")}</p>
        </section>
    }
}

fn water_row(
    ui: Ui,
    key: &'static str,
    testid: &'static str,
    split: fn(&Results) -> (f64, f64),
) -> impl IntoView {
    let of = move |f: fn((f64, f64), Lang) -> String| {
        move || {
            let l = ui.lang.get();
            ui.settled.with(|s| {
                s.as_ref()
                    .map(|e| f(split(&e.0.results), l))
                    .unwrap_or_default()
            })
        }
    };
    view! {
        <tr data-testid=testid class:total=key == "phase.total">
            <th scope="row">{ui.t(key)}</th>
            <td class="onsite" data-value=of(|w, _| w.0.to_string())>{of(|w, l| water_cell(l, w, w.0))}</td>
            <td class="offsite" data-value=of(|w, _| w.1.to_string())>{of(|w, l| water_cell(l, w, w.1))}</td>
        </tr>
    }
}

/// A phase that uses no water at all (fine-tuning left out) shows a dash, not "0 mL".
fn water_cell(l: Lang, (onsite, offsite): (f64, f64), v: f64) -> String {
    if onsite == 0.0 && offsite == 0.0 {
        "—".into()
    } else {
        fmt_water_l(l, v)
    }
}

#[component]
fn Reported(ui: Ui) -> impl IntoView {
    move || {
        let l = ui.lang.get();
        ui.shown.with(|s| {
            let e = s.as_ref()?;
            let c = e.0.reported.as_ref()?;
            let name = e.0.resolved.preset.map_or_else(|| c.preset.clone(), |p| p.name.to_string());
            let opt = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map(f).unwrap_or_else(|| tr(l, "rep.none").into());
            let hours = move |h: f64| fmt_count(l, h);
            let mwh = |m: f64| fmt_energy_kwh(m * 1000.0);
            let tonnes = |t: f64| fmt_mass_kg(t * 1000.0);
            Some(view! {
                <section class="card reported" aria-labelledby="reported-title">
                    <h3 id="reported-title">{trf(l, "rep.title", &[("name", &name)])}</h3>
                    <table>
                        <thead>
                            <tr><th scope="col">{tr(l, "phase.training")}</th><th scope="col">{tr(l, "rep.published")}</th><th scope="col">{tr(l, "rep.estimate")}</th></tr>
                        </thead>
                        <tbody>
                            <tr><th scope="row">{tr(l, "rep.hours")}</th><td>{opt(c.reported_accelerator_hours, &hours)}</td><td>{hours(c.estimated_accelerator_hours)}</td></tr>
                            <tr><th scope="row">{tr(l, "res.energy")}</th><td>{opt(c.reported_energy_mwh, &mwh)}</td><td>{mwh(c.estimated_energy_mwh)}</td></tr>
                            <tr><th scope="row">{tr(l, "rep.co2e")}</th><td>{opt(c.reported_co2e_t, &tonnes)}</td><td>{tonnes(c.estimated_co2e_t)}</td></tr>
                        </tbody>
                    </table>
                    <p class="small"><strong>{tr(l, "rep.scope")}</strong><span lang="en">{c.scope.clone()}</span></p>
                    <p class="small source">{tr(l, "rep.source")}<span lang="en">{c.source.clone()}</span></p>
                </section>
            })
        })
    }
}

#[component]
fn Equivalents(ui: Ui) -> impl IntoView {
    let items = move || {
        ui.shown.with(|s| {
            s.as_ref()
                .map(|e| e.0.equivalents.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card" aria-labelledby="equiv-title">
            <h3 id="equiv-title">{ui.t("eq.title")}</h3>
            <p class="small">{ui.t("eq.intro")}</p>
            <ul class="equivalents">
                {move || {
                    let l = ui.lang.get();
                    items()
                        .into_iter()
                        .map(|q| {
                            let label = if l == Lang::Zh { q.label_zh } else { q.label };
                            view! {
                                <li>
                                    <span class="eq-value">{fmt_count(l, q.value)}</span>
                                    " × "
                                    <span class="eq-label">{label}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <details class="default">
                <summary>{ui.t("eq.sources")}</summary>
                <ul class="sources">
                    {move || {
                        let l = ui.lang.get();
                        items()
                            .into_iter()
                            .map(move |q| {
                                let label = if l == Lang::Zh { q.label_zh } else { q.label };
                                view! { <li class="source"><strong>{label}{i18n::colon(l)}</strong><span lang="en">{q.source.to_string()}</span></li> }
                            })
                            .collect_view()
                    }}
                </ul>
            </details>
        </section>
    }
}

#[component]
fn Notices(ui: Ui) -> impl IntoView {
    let notices = move || {
        ui.shown.with(|s| {
            s.as_ref()
                .map(|e| e.0.results.notices.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card notices" aria-labelledby="notices-title" hidden=move || notices().is_empty()>
            <h3 id="notices-title">{ui.t("notes.title")}</h3>
            <ul>
                {move || {
                    let l = ui.lang.get();
                    notices()
                        .into_iter()
                        .map(|n| {
                            let field = i18n::long_label(l, &n.path);
                            // A structured note is rendered in the reader's language; the others
                            // stay the engine's English, the field named in the reader's.
                            let (text, lang) = match i18n::notice(l, &n) {
                                Some(t) => (t, l.code()),
                                None => (n.message, "en"),
                            };
                            view! { <li><strong>{field}{i18n::colon(l)}</strong><span lang=lang>{text}</span></li> }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
