//! The results column: headline totals with their range, the split by phase, per-query figures,
//! break-even, the published figure beside ours, equivalents, notices and the charts. It shows
//! the last valid estimate; while the form holds an error a note says so.

use super::app::{Outcome, Ui};
use super::chart_view::{ChartFigure, ChartKind};
use super::input::{field_id, fmt_count, fmt_energy_kwh, fmt_mass_kg, fmt_sig, fmt_water_l};
use super::labels;
use crate::charts::{fmt_days, fmt_percent, fmt_tokens};
use crate::engine::model::Bound;
use crate::engine::params;
use crate::engine::Estimate;
use leptos::prelude::*;

/// A reactive text from the shown estimate (empty before the first one).
fn show(
    ui: Ui,
    f: impl Fn(&Estimate) -> String + Copy + Send + Sync + 'static,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || {
        ui.shown
            .with(|s| s.as_ref().map(|e| f(&e.0)).unwrap_or_default())
    }
}

/// A raw number for `data-value`, so tests can compare without parsing formatted text.
fn raw(
    ui: Ui,
    f: impl Fn(&Estimate) -> f64 + Copy + Send + Sync + 'static,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    show(ui, move |e| format!("{}", f(e)))
}

#[component]
pub fn Results(ui: Ui) -> impl IntoView {
    let breakeven = show(ui, |e| match e.results.breakeven_days {
        Some(d) => format!("day {}", fmt_days(d)),
        None => format!(
            "not within {} days",
            fmt_days(e.resolved.inputs.inference.days)
        ),
    });
    let breakeven_raw = show(ui, |e| {
        e.results
            .breakeven_days
            .map(|d| d.to_string())
            .unwrap_or_default()
    });
    let breakeven_text = show(ui, |e| {
        let up = fmt_mass_kg(e.breakdown.upfront_co2e.0);
        let per_day = fmt_mass_kg(e.breakdown.inference_co2e_per_day.0);
        match e.results.breakeven_days {
            Some(_) => format!("Serving emits {per_day} a day; by then it has matched the {up} of training, fine-tuning and their hardware."),
            None => format!("Serving emits {per_day} a day: it does not reach the {up} of training and fine-tuning within the deployment."),
        }
    });

    view! {
        <section class="results" data-testid="results" aria-labelledby="results-title">
            <h2 id="results-title">"Footprint"</h2>
            <p class="scenario-name">
                {move || ui.scenario.with(|s| s.name.as_ref().map(|n| format!("{n} · ")))}
                {show(ui, |e| e.resolved.preset.map(|p| format!("{} ({}, {})", p.name, p.org, p.year)).unwrap_or_else(|| "Custom model".into()))}
            </p>
            <div class="stale" data-testid="stale-note" role="status" hidden=move || !ui.stale()>
                <p>"Showing the last valid result. Correct the value below to update it:"</p>
                <ul>
                    {move || {
                        ui.outcome.with(|o| match o {
                            Outcome::Err(errors) => errors
                                .iter()
                                .map(|e| {
                                    let known = params::param(&e.path).is_some();
                                    let href = format!("#{}", field_id(&e.path));
                                    let message = e.message.clone();
                                    if known {
                                        view! { <li><a href=href>{message}</a></li> }.into_any()
                                    } else {
                                        view! { <li>{message}</li> }.into_any()
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
                    <p class="kpi-label">"Carbon, CO₂e"</p>
                    <p class="kpi-value" data-testid="total-co2e" data-value=raw(ui, |e| e.results.total.co2e_kg)>
                        {show(ui, |e| fmt_mass_kg(e.results.total.co2e_kg))}
                    </p>
                    <p class="kpi-sub">
                        "90% range (p5–p95): "
                        <span data-testid="range-co2e" data-p5=raw(ui, |e| e.results.ranges.total_co2e_kg.p5) data-p95=raw(ui, |e| e.results.ranges.total_co2e_kg.p95)>
                            {show(ui, |e| {
                                let r = e.results.ranges.total_co2e_kg;
                                format!("{} – {}", fmt_mass_kg(r.p5), fmt_mass_kg(r.p95))
                            })}
                        </span>
                    </p>
                </div>
                <div class="kpi">
                    <p class="kpi-label">"Energy"</p>
                    <p class="kpi-value" data-testid="total-energy" data-value=raw(ui, |e| e.results.total.energy_kwh)>
                        {show(ui, |e| fmt_energy_kwh(e.results.total.energy_kwh))}
                    </p>
                    <p class="kpi-sub">"at the facility (IT × PUE)"</p>
                </div>
                <div class="kpi">
                    <p class="kpi-label">"Water"</p>
                    <p class="kpi-value" data-testid="total-water" data-value=raw(ui, |e| e.results.total.water_l)>
                        {show(ui, |e| fmt_water_l(e.results.total.water_l))}
                    </p>
                    <p class="kpi-sub">"on-site cooling"</p>
                </div>
            </div>

            <ChartFigure ui=ui kind=ChartKind::Split caption="Emissions by phase: operational emissions of each phase and the hardware's manufacturing." />
            <PhaseTable ui=ui />

            <div class="cards">
                <div class="card">
                    <h3>"Per query"</h3>
                    <dl class="facts">
                        <dt>"Energy"</dt>
                        <dd data-testid="per-query-energy" data-value=raw(ui, |e| e.results.inference.energy_per_query_wh)>
                            {show(ui, |e| format!("{} Wh", fmt_sig(e.results.inference.energy_per_query_wh, 3)))}
                        </dd>
                        <dt>"Carbon"</dt>
                        <dd data-testid="per-query-co2e">{show(ui, |e| format!("{} g CO₂e", fmt_sig(e.results.inference.co2e_per_query_g, 3)))}</dd>
                        <dt>"Water"</dt>
                        <dd>{show(ui, |e| format!("{} mL", fmt_sig(e.results.inference.water_per_query_ml, 3)))}</dd>
                        <dt>"Accelerator energy per output token"</dt>
                        <dd>{show(ui, |e| format!("{} J", fmt_sig(e.results.inference.accelerator_energy_per_output_token_j, 3)))}</dd>
                    </dl>
                    <p class="small">
                        {show(ui, |e| {
                            let i = &e.results.inference;
                            let bound = match i.decode_bound {
                                Bound::Memory => "memory-bandwidth bound",
                                Bound::Compute => "compute bound",
                            };
                            format!(
                                "Decoding is {bound} at an effective batch of {}; one replica makes {} tokens/s. The traffic needs {} replica(s), busy {} of the time.",
                                fmt_sig(i.effective_batch, 3),
                                fmt_sig(i.tokens_per_second_per_replica, 3),
                                fmt_count(i.replicas),
                                fmt_percent(i.busy_fraction)
                            )
                        })}
                    </p>
                </div>
                <div class="card">
                    <h3>"Break-even"</h3>
                    <p class="big" data-testid="breakeven" data-value=breakeven_raw>{breakeven}</p>
                    <p class="small">{breakeven_text}</p>
                </div>
            </div>

            <ChartFigure ui=ui kind=ChartKind::Cumulative caption="Cumulative emissions: what training and fine-tuning cost up front, then inference day by day." />
            <Reported ui=ui />
            <Equivalents ui=ui />
            <Notices ui=ui />
            <ChartFigure ui=ui kind=ChartKind::Context caption="Forward FLOPs per token as the context grows: the dense part is fixed, attention grows linearly per token (quadratically per sequence)." />
            <p class="small">
                {show(ui, |e| format!(
                    "At this model's context of {} tokens, attention is {} of the forward FLOPs per token.",
                    fmt_tokens(e.resolved.inputs.model.context),
                    fmt_percent(e.attention_share)
                ))}
            </p>
            <ChartFigure ui=ui kind=ChartKind::Uncertainty caption="Uncertainty: the spread of 2,000 Monte Carlo runs of the total, and how far each uncertain input alone moves it." />
        </section>
    }
}

#[component]
fn PhaseTable(ui: Ui) -> impl IntoView {
    let rows = move || {
        ui.shown.with(|s| {
            let Some(e) = s else { return Vec::new() };
            let r = &e.0.results;
            vec![
                (
                    "Pre-training",
                    Some(r.training.energy_kwh),
                    r.training.co2e_kg,
                    Some(r.training.water_l),
                ),
                (
                    "Fine-tuning",
                    Some(r.fine_tuning.energy_kwh),
                    r.fine_tuning.co2e_kg,
                    Some(r.fine_tuning.water_l),
                ),
                (
                    "Inference",
                    Some(r.inference.energy_kwh),
                    r.inference.co2e_kg,
                    Some(r.inference.water_l),
                ),
                ("Embodied hardware", None, r.total.embodied_co2e_kg, None),
                (
                    "Total",
                    Some(r.total.energy_kwh),
                    r.total.co2e_kg,
                    Some(r.total.water_l),
                ),
            ]
        })
    };
    view! {
        <table class="phase-table" aria-label="Energy, carbon and water by phase">
            <thead>
                <tr><th scope="col">"Phase"</th><th scope="col">"Energy"</th><th scope="col">"CO₂e"</th><th scope="col">"Water"</th></tr>
            </thead>
            <tbody>
                {move || {
                    rows()
                        .into_iter()
                        .map(|(name, energy, co2e, water)| {
                            let dash = || "—".to_string();
                            view! {
                                <tr class:total=name == "Total">
                                    <th scope="row">{name}</th>
                                    <td>{energy.map(fmt_energy_kwh).unwrap_or_else(dash)}</td>
                                    <td>{fmt_mass_kg(co2e)}</td>
                                    <td>{water.map(fmt_water_l).unwrap_or_else(dash)}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

#[component]
fn Reported(ui: Ui) -> impl IntoView {
    move || {
        ui.shown.with(|s| {
            let e = s.as_ref()?;
            let c = e.0.reported.as_ref()?;
            let name = e.0.resolved.preset.map(|p| p.name.clone()).unwrap_or_else(|| c.preset.clone());
            let opt = |v: Option<f64>, f: fn(f64) -> String| v.map(f).unwrap_or_else(|| "not published".into());
            let hours = |h: f64| fmt_count(h);
            let mwh = |m: f64| fmt_energy_kwh(m * 1000.0);
            let tonnes = |t: f64| fmt_mass_kg(t * 1000.0);
            Some(view! {
                <section class="card reported" aria-labelledby="reported-title">
                    <h3 id="reported-title">{format!("Published figure for {name}")}</h3>
                    <table>
                        <thead>
                            <tr><th scope="col">"Pre-training"</th><th scope="col">"Published"</th><th scope="col">"This estimate"</th></tr>
                        </thead>
                        <tbody>
                            <tr><th scope="row">"Device-hours"</th><td>{opt(c.reported_accelerator_hours, hours)}</td><td>{hours(c.estimated_accelerator_hours)}</td></tr>
                            <tr><th scope="row">"Energy"</th><td>{opt(c.reported_energy_mwh, mwh)}</td><td>{mwh(c.estimated_energy_mwh)}</td></tr>
                            <tr><th scope="row">"CO₂e (operational)"</th><td>{opt(c.reported_co2e_t, tonnes)}</td><td>{tonnes(c.estimated_co2e_t)}</td></tr>
                        </tbody>
                    </table>
                    <p class="small"><strong>"Scope of the published figure: "</strong>{c.scope.clone()}</p>
                    <p class="small source">"Source: "{c.source.clone()}</p>
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
            <h3 id="equiv-title">"For scale"</h3>
            <p class="small">"The total is about as much as:"</p>
            <ul class="equivalents">
                {move || {
                    items()
                        .into_iter()
                        .map(|q| {
                            view! {
                                <li>
                                    <span class="eq-value">{fmt_count(q.value)}</span>
                                    " × "
                                    <span class="eq-label">{q.label}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <details class="default">
                <summary>"Sources of these comparisons"</summary>
                <ul class="sources">
                    {move || {
                        items()
                            .into_iter()
                            .map(|q| view! { <li class="source"><strong>{q.label}": "</strong>{q.source}</li> })
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
            <h3 id="notices-title">"Notes on this scenario"</h3>
            <ul>
                {move || {
                    notices()
                        .into_iter()
                        .map(|n| {
                            let field = labels::long_label(&n.path);
                            view! { <li><strong>{field}": "</strong>{n.message}</li> }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
