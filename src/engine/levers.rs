//! Levers: one-click "what ifs" on a scenario, each the scenario it would become (B), with what it
//! would save before it is applied, ranked by that saving; a lever that cannot act on the scenario
//! says why. They are the levers the article the project grew from names (sections 8 and 9.2):
//! cleaner electricity, more efficient hardware and serving, smaller models and shorter
//! generations, continual learning instead of retraining, efficient sites.
//!
//! Each B is a scenario of the public format, estimated by the same engine: a lever's saving is
//! the model's difference between the two totals (point estimates), nothing else. Market-based
//! accounting with a renewable share is a lever that saves nothing location-based: its B carries
//! market-based factors, and it reports the market-based figure beside the location-based one
//! (GHG Protocol scope 2 dual reporting), never as a cut of it.

use super::resolve::{Value, PRECISIONS};
use super::{estimate_with, order, Estimate, Options, Scenario};
use crate::data::Catalog;
use serde::Serialize;

/// Retraining from scratch once per this many months is the cadence the retraining lever weighs
/// against continual fine-tuning (about the release cadence of the open model families of
/// 2023–2024: Llama 2 in July 2023, Llama 3 in April 2024, Llama 3.1 in July 2024).
pub const RETRAIN_MONTHS: f64 = 6.0;
const DAYS_PER_MONTH: f64 = 365.25 / 12.0;
/// The largest batch a reader may type (params.rs bounds `inference.batch`).
const MAX_BATCH: f64 = 65536.0;

/// What the reader sets for the levers that take a choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// The share of electricity covered by renewable purchases (market-based lever), in [0, 1].
    pub renewable_share: f64,
    /// The region of the region-of-choice lever (a `grids.json` id); `None`: not chosen yet.
    pub region: Option<String>,
}

impl Default for Config {
    /// The catalogue's renewable share (defaults.json `renewable_share`), no region chosen.
    fn default() -> Config {
        Config {
            renewable_share: Catalog::get().defaults.renewable_share.value,
            region: None,
        }
    }
}

/// What a lever changes, for the page's sentence about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    /// Every phase moved to this grid region.
    Region { id: String, g_per_kwh: f64 },
    /// Serving moved from one accelerator to another (ids).
    Accelerator { from: String, to: String },
    /// Serving precision, with the memory the weights take in each.
    Precision {
        from: String,
        to: String,
        weights_gb_from: f64,
        weights_gb_to: f64,
    },
    /// A count (batch, layers, tokens) from one value to another.
    Count { from: f64, to: f64 },
    /// A: retraining from scratch `runs` times over the deployment (every `months`); B: one
    /// pre-training, then fine-tuned `runs` times.
    Retrain { months: f64, runs: f64 },
    /// Training PUE from one value to another; `preset` is the published run that reports it.
    Pue { from: f64, to: f64, preset: String },
    /// Market-based factors of `share` renewable purchases: the operational emissions
    /// location-based (the same in A and B) and market-based in B.
    Market {
        share: f64,
        location_kg: f64,
        market_kg: f64,
    },
}

/// Why a lever does not apply to the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicable {
    /// The scenario already runs there.
    AlreadyThere,
    /// No newer generation of the same maker is in the catalogue.
    NewestHardware,
    /// Serving already uses as few bits or fewer.
    PrecisionAlready,
    /// The KV caches already fill the memory: a larger batch would not be decoded together.
    MemoryCapsBatch,
    BatchAtMaximum,
    OneLayer,
    OneToken,
    NoPrompt,
    /// Nothing is served.
    NoServing,
    /// The deployment is shorter than one retraining period.
    ShortDeployment,
    /// The training site's PUE is already as low (or counts the devices alone, PUE 1).
    PueAlreadyLow,
    /// The region-of-choice lever before a region is picked (or an unknown id).
    NoRegionChosen,
    /// The engine refuses the changed scenario (an architecture that cannot be halved).
    Invalid,
}

/// A lever's effect: the pair it makes (A to pin, B to edit) and the totals of each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// What is pinned as A: the scenario itself, except for the retraining lever (the scenario
    /// retrained every [`RETRAIN_MONTHS`]).
    pub a: Scenario,
    pub b: Scenario,
    pub a_co2e_kg: f64,
    pub b_co2e_kg: f64,
    /// A − B: positive when B emits less.
    pub saving_kg: f64,
    /// The saving as a share of A.
    pub saving_share: f64,
    pub detail: Detail,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lever {
    /// Also the page's `data-testid="lever-<id>"`.
    pub id: &'static str,
    pub effect: Result<Effect, NotApplicable>,
}

/// Every lever's id, in the order of the table (before ranking).
pub const IDS: &[&str] = &[
    "region-best",
    "region-worst",
    "region-choice",
    "market-renewable",
    "hardware-newer",
    "precision-fp8",
    "precision-int8",
    "precision-int4",
    "batch-larger",
    "model-smaller",
    "output-shorter",
    "prompt-shorter",
    "retrain-continual",
    "training-pue",
];

/// Lets the serving replica be derived when the reader's no longer holds the model (a larger
/// model, a device with less memory); whether it had to.
pub fn let_replica_fit(s: &mut Scenario) -> bool {
    if s.inference.accelerators.is_none() {
        return false;
    }
    match super::resolve::resolve(s, Catalog::get()) {
        Err(errors) if errors.iter().any(|e| e.path == "inference.accelerators") => {
            s.inference.accelerators = None;
            true
        }
        _ => false,
    }
}

/// The point estimate of B (no Monte Carlo: a lever's saving is the model's difference).
fn point(s: &Scenario) -> Option<Estimate> {
    estimate_with(
        s,
        &Options {
            samples: 0,
            ..Options::default()
        },
    )
    .ok()
}

fn text(e: &Estimate, path: &str) -> String {
    match e.resolved.assumption(path).map(|a| &a.value) {
        Some(Value::Text(t)) => t.to_string(),
        _ => String::new(),
    }
}

/// Bytes per weight at a serving precision (as the engine's resolve counts them).
fn weight_bytes(precision: &str) -> f64 {
    match precision {
        "fp32" => 4.0,
        "fp16" | "bf16" => 2.0,
        "fp8" | "int8" => 1.0,
        _ => 0.5,
    }
}

/// Scenario `s` moved, every phase, to grid region `r`; `None` when it already runs there.
fn to_region(
    s: &Scenario,
    e: &Estimate,
    r: &crate::data::GridRegion,
) -> Option<(Scenario, Detail)> {
    let x = &e.resolved.inputs;
    let g = r.g_per_kwh.value;
    let there = x.training.grid_g_per_kwh == g
        && x.inference.grid_g_per_kwh == g
        && x.fine_tuning.is_none_or(|f| f.grid_g_per_kwh == g);
    if there {
        return None;
    }
    let mut b = s.clone();
    for phase in ["training", "fine_tuning", "inference"] {
        b.set_number(&format!("{phase}.grid_g_per_kwh"), None);
    }
    b.training.region = Some(r.id.to_string());
    b.inference.region = Some(r.id.to_string());
    if b.fine_tuning.region.is_some() {
        b.fine_tuning.region = Some(r.id.to_string());
    }
    let detail = Detail::Region {
        id: r.id.to_string(),
        g_per_kwh: g,
    };
    Some((b, detail))
}

/// Scenario `s` with market-based factors of `share` renewable purchases in every phase: the
/// purchased share at 0 gCO2e/kWh, the rest at the phase's grid (defaults.json
/// `renewable_share` says why this is a lower bound).
fn with_renewables(s: &Scenario, e: &Estimate, share: f64) -> Scenario {
    let x = &e.resolved.inputs;
    let mut b = s.clone();
    // No purchases: the grid's own figure, so that market-based equals location-based.
    let market = |g: f64| {
        Some(if share > 0.0 {
            as_shown(g * (1.0 - share))
        } else {
            g
        })
    };
    b.training.market_g_per_kwh = market(x.training.grid_g_per_kwh);
    b.inference.market_g_per_kwh = market(x.inference.grid_g_per_kwh);
    if let Some(f) = &x.fine_tuning {
        b.fine_tuning.market_g_per_kwh = market(f.grid_g_per_kwh);
    }
    b
}

/// A figure a lever writes into a scenario, as the form shows it (four significant digits, as
/// `web::input::fmt_input` writes it): the lever's share link then carries `101.6`, the value the
/// reader sees and the engine uses, not `101.64000000000001`.
pub fn as_shown(v: f64) -> f64 {
    if !v.is_finite() || v == 0.0 {
        return v;
    }
    let a = v.abs();
    let text = if (1e-3..1e7).contains(&a) {
        let decimals = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
        format!("{v:.decimals$}")
    } else {
        format!("{v:.3e}")
    };
    text.parse().unwrap_or(v)
}

/// The levers for scenario `s`, whose estimate is `e`, with the reader's choices `config`:
/// applicable ones by saving (largest first), then those that do not apply, in table order.
pub fn levers(s: &Scenario, e: &Estimate, config: &Config) -> Vec<Lever> {
    let a_co2e = e.breakdown.total_co2e.0;
    let effect = |a: Scenario, b: Scenario, a_co2e: f64, detail: Detail| {
        let Some(eb) = point(&b) else {
            return Err(NotApplicable::Invalid);
        };
        let b_co2e = eb.breakdown.total_co2e.0;
        let saving = a_co2e - b_co2e;
        // The market lever's B knows its market-based figure only once estimated.
        let detail = match detail {
            Detail::Market {
                share, location_kg, ..
            } => Detail::Market {
                share,
                location_kg,
                market_kg: eb
                    .results
                    .total
                    .operational_co2e_market_kg
                    .unwrap_or(location_kg),
            },
            d => d,
        };
        Ok(Effect {
            a,
            b,
            a_co2e_kg: a_co2e,
            b_co2e_kg: b_co2e,
            saving_kg: saving,
            saving_share: if a_co2e > 0.0 { saving / a_co2e } else { 0.0 },
            detail,
        })
    };
    let same_a = |b: Scenario, detail: Detail| effect(s.clone(), b, a_co2e, detail);
    let x = &e.resolved.inputs;
    let serving = x.inference.queries_per_day > 0.0 && x.inference.days > 0.0;
    let cat = Catalog::get();

    let mut out: Vec<Lever> = IDS
        .iter()
        .map(|&id| {
            let effect = match id {
                "region-best" | "region-worst" | "region-choice" => {
                    // A cloud region only repeats its grid's value: best and worst pick among
                    // the grids; the reader may choose any region.
                    let regions = cat.grids.regions.iter().filter(|r| r.kind != "cloud");
                    let by_grid = |a: &&crate::data::GridRegion, b: &&crate::data::GridRegion| {
                        a.g_per_kwh.value.total_cmp(&b.g_per_kwh.value)
                    };
                    let pick = match id {
                        "region-best" => regions.min_by(by_grid),
                        "region-worst" => regions.max_by(by_grid),
                        _ => config.region.as_deref().and_then(|r| cat.region(r)),
                    };
                    match pick {
                        None if id == "region-choice" => Err(NotApplicable::NoRegionChosen),
                        None => Err(NotApplicable::Invalid),
                        Some(r) => to_region(s, e, r)
                            .map_or(Err(NotApplicable::AlreadyThere), |(b, d)| same_a(b, d)),
                    }
                }
                "market-renewable" => {
                    // A share the reader typed outside [0, 1] counts as its nearest bound.
                    let share = config.renewable_share;
                    let share = if share.is_finite() {
                        share.clamp(0.0, 1.0)
                    } else {
                        0.0
                    };
                    same_a(
                        with_renewables(s, e, share),
                        Detail::Market {
                            share,
                            location_kg: e.results.total.operational_co2e_kg,
                            market_kg: 0.0,
                        },
                    )
                }
                "hardware-newer" if !serving => Err(NotApplicable::NoServing),
                "hardware-newer" => {
                    let from = text(e, "inference.accelerator");
                    let newer = cat.accelerator(&from).and_then(|now| {
                        cat.hardware
                            .accelerators
                            .iter()
                            .filter(|d| d.vendor == now.vendor && d.year > now.year)
                            .max_by(|a, b| {
                                a.year
                                    .cmp(&b.year)
                                    .then(a.memory_bw_tb_s.value.total_cmp(&b.memory_bw_tb_s.value))
                            })
                    });
                    match newer {
                        None => Err(NotApplicable::NewestHardware),
                        Some(d) => {
                            let mut b = s.clone();
                            b.inference.accelerator = Some(d.id.to_string());
                            let_replica_fit(&mut b);
                            same_a(
                                b,
                                Detail::Accelerator {
                                    from,
                                    to: d.id.to_string(),
                                },
                            )
                        }
                    }
                }
                "precision-fp8" | "precision-int8" | "precision-int4" if !serving => {
                    Err(NotApplicable::NoServing)
                }
                "precision-fp8" | "precision-int8" | "precision-int4" => {
                    let to = &id["precision-".len()..];
                    let from = text(e, "inference.precision");
                    if !PRECISIONS.contains(&to) || weight_bytes(to) >= weight_bytes(&from) {
                        Err(NotApplicable::PrecisionAlready)
                    } else {
                        let mut b = s.clone();
                        b.inference.precision = Some(to.to_string());
                        let gb = |p: &str| x.model.params * weight_bytes(p) / 1e9;
                        same_a(
                            b,
                            Detail::Precision {
                                weights_gb_from: gb(&from),
                                weights_gb_to: gb(to),
                                from,
                                to: to.to_string(),
                            },
                        )
                    }
                }
                "batch-larger" if !serving => Err(NotApplicable::NoServing),
                "batch-larger" => {
                    let from = x.inference.batch;
                    if from >= MAX_BATCH {
                        Err(NotApplicable::BatchAtMaximum)
                    } else if e.breakdown.inference.effective_batch < from {
                        Err(NotApplicable::MemoryCapsBatch)
                    } else {
                        let to = (2.0 * from).min(MAX_BATCH);
                        let mut b = s.clone();
                        b.inference.batch = Some(to);
                        same_a(b, Detail::Count { from, to })
                    }
                }
                "model-smaller" => {
                    let from = x.model.layers;
                    if from < 2.0 {
                        Err(NotApplicable::OneLayer)
                    } else {
                        let to = (from / 2.0).floor();
                        let mut b = s.clone();
                        b.model.layers = Some(to);
                        // Counts the reader gave are halved with the depth.
                        let m = &mut b.model;
                        for v in [&mut m.params, &mut m.active_params] {
                            *v = v.map(|p| p / 2.0);
                        }
                        if point(&b).is_none() {
                            // Layer counts tied to the depth (MoE's dense layers, windowed
                            // layers, an encoder) are halved too.
                            let m = &mut b.model;
                            let halved = |v: f64| (v > 0.0).then(|| (v / 2.0).floor());
                            m.dense_layers = halved(x.model.dense_layers);
                            m.local_layers = halved(x.model.local_layers);
                            m.encoder_layers = halved(x.model.encoder_layers);
                        }
                        same_a(b, Detail::Count { from, to })
                    }
                }
                "output-shorter" | "prompt-shorter" if !serving => Err(NotApplicable::NoServing),
                "output-shorter" => {
                    let from = x.inference.output_tokens;
                    if from < 2.0 {
                        Err(NotApplicable::OneToken)
                    } else {
                        let to = (from / 2.0).round();
                        let mut b = s.clone();
                        b.inference.output_tokens = Some(to);
                        same_a(b, Detail::Count { from, to })
                    }
                }
                "prompt-shorter" => {
                    let from = x.inference.prompt_tokens;
                    if from < 1.0 {
                        Err(NotApplicable::NoPrompt)
                    } else {
                        let to = (from / 2.0).floor();
                        let mut b = s.clone();
                        b.inference.prompt_tokens = Some(to);
                        same_a(b, Detail::Count { from, to })
                    }
                }
                "retrain-continual" => {
                    retrain(s, e).map_or(Err(NotApplicable::ShortDeployment), |(a, b, runs)| {
                        match point(&a) {
                            None => Err(NotApplicable::Invalid),
                            Some(ea) => effect(
                                a,
                                b,
                                ea.breakdown.total_co2e.0,
                                Detail::Retrain {
                                    months: RETRAIN_MONTHS,
                                    runs,
                                },
                            ),
                        }
                    })
                }
                "training-pue" => {
                    let from = x.training.pue;
                    match efficient_pue() {
                        Some((to, preset)) if from > to => {
                            let mut b = s.clone();
                            b.training.pue = Some(to);
                            if b.fine_tuning.pue.is_some() {
                                b.fine_tuning.pue = Some(to);
                            }
                            same_a(b, Detail::Pue { from, to, preset })
                        }
                        _ => Err(NotApplicable::PueAlreadyLow),
                    }
                }
                _ => Err(NotApplicable::Invalid),
            };
            Lever { id, effect }
        })
        .collect();
    // Largest saving first; those that do not apply last, in table order.
    order::sort_by_f64_key(&mut out, |l| match &l.effect {
        Ok(e) => -e.saving_kg,
        Err(_) => f64::INFINITY,
    });
    out
}

/// The lowest PUE a published training run reports (counting the devices alone, PUE 1, is a
/// boundary and not a site), with the preset that reports it.
fn efficient_pue() -> Option<(f64, String)> {
    Catalog::get()
        .presets
        .presets
        .iter()
        .filter_map(|p| {
            let pue = p.scenario().training.pue?;
            (pue > 1.0).then(|| (pue, p.id.to_string()))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
}

/// A: the scenario retrained from scratch once per [`RETRAIN_MONTHS`] over the deployment (each
/// retrained model fine-tuned as the scenario says); B: trained once, then fine-tuned at every
/// period instead (the scenario's fine-tuning, or full fine-tuning at the calculator's defaults
/// when it has none). `None` when the deployment holds fewer than two periods.
fn retrain(s: &Scenario, e: &Estimate) -> Option<(Scenario, Scenario, f64)> {
    use super::resolve::fallback;
    let x = &e.resolved.inputs;
    let runs = (x.inference.days / (RETRAIN_MONTHS * DAYS_PER_MONTH)).ceil();
    if runs < 2.0 {
        return None;
    }
    let number = |path: &str| match e.resolved.assumption(path).map(|a| &a.value) {
        Some(Value::Number(v)) => Some(*v),
        _ => None,
    };
    let dev = number("training.development_factor").unwrap_or(1.0);
    let mut a = s.clone();
    a.training.development_factor = Some(dev * runs);
    let mut b = s.clone();
    let rl = x.fine_tuning.is_some_and(|f| f.rollout.is_some());
    if rl {
        // An RL run is repeated by its prompts (it has no epochs).
        let prompts = number("fine_tuning.rl_prompts").unwrap_or(1.0);
        a.fine_tuning.rl_prompts = Some(prompts * runs);
        b.fine_tuning.rl_prompts = Some(prompts * runs);
    } else if x.fine_tuning.is_some() {
        let epochs = number("fine_tuning.epochs").unwrap_or(fallback::FINE_TUNE_EPOCHS);
        a.fine_tuning.epochs = Some(epochs * runs);
        b.fine_tuning.epochs = Some(epochs * runs);
    } else {
        b.fine_tuning.method = Some("full".into());
        b.fine_tuning.tokens = Some(fallback::FINE_TUNE_TOKENS);
        b.fine_tuning.epochs = Some(fallback::FINE_TUNE_EPOCHS * (runs - 1.0));
    }
    Some((a, b, runs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::estimate;

    fn opening() -> Scenario {
        crate::web::opening_scenario()
    }

    fn lever<'a>(all: &'a [Lever], id: &str) -> &'a Lever {
        all.iter().find(|l| l.id == id).unwrap()
    }

    fn effect<'a>(all: &'a [Lever], id: &str) -> &'a Effect {
        match &lever(all, id).effect {
            Ok(e) => e,
            Err(why) => panic!("{id} does not apply: {why:?}"),
        }
    }

    #[test]
    fn a_written_factor_is_the_one_the_form_shows() {
        assert_eq!(as_shown(423.5 * (1.0 - 0.76)), 101.6);
        assert_eq!(as_shown(411.0 * 0.5), 205.5);
        assert_eq!(as_shown(0.123456), 0.1235);
        assert_eq!(as_shown(1234.56), 1235.0);
        assert_eq!(as_shown(0.0), 0.0);
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    fn all_of(s: &Scenario) -> (Estimate, Vec<Lever>) {
        let e = estimate(s).unwrap();
        let l = levers(s, &e, &Config::default());
        (e, l)
    }

    #[test]
    fn every_lever_is_listed_once_and_ranked_by_saving() {
        let (_, all) = all_of(&opening());
        let mut ids: Vec<&str> = all.iter().map(|l| l.id).collect();
        ids.sort_unstable();
        let mut want = IDS.to_vec();
        want.sort_unstable();
        assert_eq!(ids, want);
        let savings: Vec<f64> = all
            .iter()
            .filter_map(|l| l.effect.as_ref().ok().map(|e| e.saving_kg))
            .collect();
        assert!(savings.windows(2).all(|w| w[0] >= w[1]), "{savings:?}");
        let first_off = all
            .iter()
            .position(|l| l.effect.is_err())
            .unwrap_or(all.len());
        assert!(all[first_off..].iter().all(|l| l.effect.is_err()));
    }

    #[test]
    fn a_lever_saves_exactly_the_difference_of_the_two_estimates() {
        let s = opening();
        let (e, all) = all_of(&s);
        for l in &all {
            let Ok(x) = &l.effect else { continue };
            if l.id != "retrain-continual" {
                assert_eq!(x.a, s, "{}: A is the scenario as it is", l.id);
                assert_eq!(x.a_co2e_kg, e.breakdown.total_co2e.0);
            }
            let b = estimate(&x.b).unwrap();
            assert!(close(x.b_co2e_kg, b.breakdown.total_co2e.0), "{}", l.id);
            assert!(close(x.saving_kg, x.a_co2e_kg - x.b_co2e_kg), "{}", l.id);
            assert!(close(x.saving_share, x.saving_kg / x.a_co2e_kg), "{}", l.id);
        }
    }

    #[test]
    fn cleaner_electricity_saves_the_energy_times_the_grid_difference() {
        let s = opening();
        let (e, all) = all_of(&s);
        let best = effect(&all, "region-best");
        let Detail::Region { g_per_kwh, .. } = best.detail else {
            panic!("a region")
        };
        let b = &e.breakdown;
        let x = &e.resolved.inputs;
        // Operational CO2e = energy × grid in each phase; embodied does not move.
        let mut want = b.training.energy.0 * (x.training.grid_g_per_kwh - g_per_kwh) / 1000.0
            + b.inference.energy.0 * (x.inference.grid_g_per_kwh - g_per_kwh) / 1000.0;
        if let Some(f) = &x.fine_tuning {
            want += b.fine_tuning.energy.0 * (f.grid_g_per_kwh - g_per_kwh) / 1000.0;
        }
        assert!(close(best.saving_kg, want), "{} vs {want}", best.saving_kg);
        assert!(best.saving_kg > 0.0);
        let worst = effect(&all, "region-worst");
        assert!(worst.saving_kg < 0.0, "the dirtiest grid costs more");
        assert_eq!(all.last().map(|l| l.effect.is_ok()), Some(false));
    }

    #[test]
    fn already_in_the_cleanest_region_says_so() {
        let (_, all) = all_of(&opening());
        let Detail::Region { id, .. } = &effect(&all, "region-best").detail else {
            panic!()
        };
        let mut s = opening();
        s.model.preset = Some("llama-2-7b".into());
        s.training.region = Some(id.clone());
        s.inference.region = Some(id.clone());
        let (_, all) = all_of(&s);
        assert_eq!(
            lever(&all, "region-best").effect,
            Err(NotApplicable::AlreadyThere)
        );
    }

    #[test]
    fn newer_hardware_and_lower_precision_cut_serving_only() {
        let (e, all) = all_of(&opening());
        let hw = effect(&all, "hardware-newer");
        assert_eq!(
            hw.detail,
            Detail::Accelerator {
                from: "h100".into(),
                to: "b200".into()
            }
        );
        let eb = estimate(&hw.b).unwrap();
        assert_eq!(eb.breakdown.training, e.breakdown.training);
        assert!(eb.breakdown.inference.energy.0 < e.breakdown.inference.energy.0);
        // Newest already: says so.
        let mut s = opening();
        s.inference.accelerator = Some("b200".into());
        let (_, all2) = all_of(&s);
        assert_eq!(
            lever(&all2, "hardware-newer").effect,
            Err(NotApplicable::NewestHardware)
        );

        let int4 = effect(&all, "precision-int4");
        let Detail::Precision {
            weights_gb_from,
            weights_gb_to,
            ..
        } = int4.detail
        else {
            panic!()
        };
        // Llama 2 70B: 2 bytes a weight in bf16, half a byte in int4.
        assert!(close(weights_gb_to * 4.0, weights_gb_from));
        assert!(close(
            weights_gb_from,
            e.resolved.inputs.model.params * 2.0 / 1e9
        ));
        let fp8 = effect(&all, "precision-fp8");
        // Fewer weight bytes save more; whether fp8 saves at all is the calibrated serving
        // model's answer (fitted on ML.ENERGY: at batch 64 on H100 its fp8 decode is no cheaper
        // than bf16), so the lever shows that number, whatever its sign.
        assert!(int4.saving_kg >= fp8.saving_kg && int4.saving_kg > 0.0);
        let mut s = opening();
        s.inference.precision = Some("int4".into());
        let (_, all3) = all_of(&s);
        assert_eq!(
            lever(&all3, "precision-fp8").effect,
            Err(NotApplicable::PrecisionAlready)
        );
    }

    #[test]
    fn a_larger_batch_saves_serving_energy_unless_memory_caps_it() {
        let mut s = opening();
        s.inference.batch = Some(8.0);
        let (e, all) = all_of(&s);
        let x = effect(&all, "batch-larger");
        assert_eq!(
            x.detail,
            Detail::Count {
                from: 8.0,
                to: 16.0
            }
        );
        assert_eq!(x.b.inference.batch, Some(16.0));
        let eb = estimate(&x.b).unwrap();
        assert!(eb.breakdown.inference.energy.0 < e.breakdown.inference.energy.0);
        assert!(x.saving_kg > 0.0);
        s.inference.batch = Some(60000.0);
        let (_, all) = all_of(&s);
        assert_eq!(
            lever(&all, "batch-larger").effect,
            Err(NotApplicable::MemoryCapsBatch)
        );
    }

    #[test]
    fn shorter_outputs_and_prompts_and_a_smaller_model_cost_less() {
        let (e, all) = all_of(&opening());
        for id in ["output-shorter", "prompt-shorter", "model-smaller"] {
            let x = effect(&all, id);
            assert!(x.saving_kg > 0.0, "{id}");
        }
        assert_eq!(
            effect(&all, "output-shorter").detail,
            Detail::Count {
                from: 350.0,
                to: 175.0
            }
        );
        let small = effect(&all, "model-smaller");
        let eb = estimate(&small.b).unwrap();
        assert_eq!(
            eb.resolved.inputs.model.layers,
            e.resolved.inputs.model.layers / 2.0
        );
        // About half the parameters (the embeddings stay).
        let r = eb.resolved.inputs.model.params / e.resolved.inputs.model.params;
        assert!(r > 0.5 && r < 0.52, "{r}");
        let mut s = opening();
        s.inference.prompt_tokens = Some(0.0);
        let (_, all) = all_of(&s);
        assert_eq!(
            lever(&all, "prompt-shorter").effect,
            Err(NotApplicable::NoPrompt)
        );
    }

    #[test]
    fn continual_fine_tuning_saves_the_retrainings() {
        // A year is two six-month periods: one retraining from scratch saved, the fine-tuning
        // done either way.
        let (e, all) = all_of(&opening());
        let x = effect(&all, "retrain-continual");
        assert_eq!(
            x.detail,
            Detail::Retrain {
                months: 6.0,
                runs: 2.0
            }
        );
        let t = &e.breakdown.training;
        assert!(
            close(x.saving_kg, t.co2e.0 + t.embodied.0),
            "{} vs {}",
            x.saving_kg,
            t.co2e.0
        );
        // Half a year of serving: nothing to weigh.
        let mut s = opening();
        s.inference.days = Some(90.0);
        let (_, all) = all_of(&s);
        assert_eq!(
            lever(&all, "retrain-continual").effect,
            Err(NotApplicable::ShortDeployment)
        );
    }

    #[test]
    fn continual_rl_repeats_its_prompts_not_epochs() {
        // An RL run done at every retraining either way: the saving is the retrainings alone.
        let mut s = opening();
        s.fine_tuning.method = Some("rl".into());
        let (e, all) = all_of(&s);
        let x = effect(&all, "retrain-continual");
        let rl_prompts = |s: &Scenario| s.fine_tuning.rl_prompts;
        assert_eq!(rl_prompts(&x.a), Some(332_800.0 * 2.0));
        assert_eq!(rl_prompts(&x.b), Some(332_800.0 * 2.0));
        let t = &e.breakdown.training;
        assert!(
            close(x.saving_kg, t.co2e.0 + t.embodied.0),
            "{}",
            x.saving_kg
        );
    }

    #[test]
    fn a_lower_pue_site_scales_training_energy() {
        // GPT-3's site is PUE 1.1 already; a model of one's own trains at the default 1.25.
        let mut s = Scenario::default();
        s.model.params = Some(7e9);
        let (e, all) = all_of(&s);
        let x = effect(&all, "training-pue");
        let Detail::Pue { from, to, .. } = x.detail else {
            panic!()
        };
        assert_eq!((from, to), (e.resolved.inputs.training.pue, 1.1));
        let t = &e.breakdown.training;
        let want = t.co2e.0 * (1.0 - to / from);
        assert!(close(x.saving_kg, want), "{} vs {want}", x.saving_kg);
        // Meta counts the GPUs alone (PUE 1): no lower site.
        let (_, all) = all_of(&opening());
        assert_eq!(
            lever(&all, "training-pue").effect,
            Err(NotApplicable::PueAlreadyLow)
        );
    }

    #[test]
    fn a_region_of_choice_saves_the_energy_times_its_grid_difference() {
        let s = opening();
        let e = estimate(&s).unwrap();
        let none = levers(&s, &e, &Config::default());
        assert_eq!(
            lever(&none, "region-choice").effect,
            Err(NotApplicable::NoRegionChosen)
        );
        let pick = |r: &str| Config {
            region: Some(r.into()),
            ..Config::default()
        };
        let all = levers(&s, &e, &pick("fr"));
        let x = effect(&all, "region-choice");
        let g = Catalog::get().region("fr").unwrap().g_per_kwh.value;
        assert_eq!(
            x.detail,
            Detail::Region {
                id: "fr".into(),
                g_per_kwh: g
            }
        );
        let (b, i) = (&e.breakdown, &e.resolved.inputs);
        let mut want = b.training.energy.0 * (i.training.grid_g_per_kwh - g) / 1000.0
            + b.inference.energy.0 * (i.inference.grid_g_per_kwh - g) / 1000.0;
        if let Some(f) = &i.fine_tuning {
            want += b.fine_tuning.energy.0 * (f.grid_g_per_kwh - g) / 1000.0;
        }
        assert!(close(x.saving_kg, want), "{} vs {want}", x.saving_kg);
        assert!(x.saving_kg > 0.0, "France's grid is cleaner than the US's");
        assert_eq!(x.b.inference.region.as_deref(), Some("fr"));
        // Where the scenario already runs, and an id that is no region.
        let mut here = s.clone();
        for phase in [&mut here.training.region, &mut here.inference.region] {
            *phase = Some("fr".into());
        }
        let eh = estimate(&here).unwrap();
        assert_eq!(
            lever(&levers(&here, &eh, &pick("fr")), "region-choice").effect,
            Err(NotApplicable::AlreadyThere)
        );
        assert_eq!(
            lever(&levers(&s, &e, &pick("atlantis")), "region-choice").effect,
            Err(NotApplicable::NoRegionChosen)
        );
    }

    #[test]
    fn market_based_accounting_saves_nothing_location_based_and_says_the_market_figure() {
        let s = opening();
        let e = estimate(&s).unwrap();
        let share = |v: f64| Config {
            renewable_share: v,
            region: None,
        };
        let all = levers(&s, &e, &share(0.76));
        let x = effect(&all, "market-renewable");
        // Location-based carbon does not fall: the lever does not pretend it does.
        assert_eq!(x.saving_kg, 0.0);
        assert_eq!(x.b_co2e_kg, x.a_co2e_kg);
        let Detail::Market {
            share: got,
            location_kg,
            market_kg,
        } = x.detail
        else {
            panic!("a market detail")
        };
        assert_eq!(got, 0.76);
        let op = e.results.total.operational_co2e_kg;
        assert!(close(location_kg, op));
        // Every phase at (1 − share) of its grid, as the form shows it (four significant
        // digits): the operational emissions scale alike.
        let shown = (market_kg / (op * (1.0 - 0.76)) - 1.0).abs();
        assert!(shown < 5e-4, "{market_kg} vs {op}");
        // Its link carries the factors as the reader sees them.
        let link = crate::engine::link::encode(&x.b);
        for (k, v) in form_urlencoded::parse(link.as_bytes()) {
            if k.ends_with("market_g_per_kwh") {
                let significant = v.trim_start_matches(['0', '.']);
                let digits = significant.chars().filter(char::is_ascii_digit).count();
                assert!(digits <= 4 && v.parse::<f64>().is_ok(), "{k}={v} in {link}");
            }
        }
        assert!(link.contains("training.market_g_per_kwh="), "{link}");
        let eb = estimate(&x.b).unwrap();
        assert_eq!(eb.results.total.operational_co2e_market_kg, Some(market_kg));
        assert!(close(eb.results.total.operational_co2e_kg, op));
        // No purchases: market equals location; a share past 100 % counts as 100 %.
        let none = levers(&s, &e, &share(0.0));
        let Detail::Market { market_kg, .. } = effect(&none, "market-renewable").detail else {
            panic!()
        };
        assert!(close(market_kg, op));
        for bad in [1.5, f64::NAN] {
            let all = levers(&s, &e, &share(bad));
            let Detail::Market {
                share, market_kg, ..
            } = effect(&all, "market-renewable").detail
            else {
                panic!()
            };
            assert!(
                (0.0..=1.0).contains(&share) && market_kg >= 0.0,
                "{bad}: {share}"
            );
        }
    }

    #[test]
    fn the_default_renewable_share_is_the_catalogues() {
        let c = Config::default();
        assert_eq!(
            c.renewable_share,
            Catalog::get().defaults.renewable_share.value
        );
        assert!(c.renewable_share > 0.0 && c.renewable_share < 1.0);
    }
}
