//! The estimation engine: scenario in, footprint out. No browser, no I/O, no clock: the page, the
//! CLI and the tests are its front ends.
//!
//! Flow: JSON or link text → [`Scenario`] (parsed, unknown fields refused) → [`resolve`]
//! (validated, defaults filled, origins recorded) → [`model::evaluate`] (the physics) →
//! [`uncertainty::monte_carlo`] → [`Estimate`] (results document, chart series, equivalents).

pub mod architecture;
pub mod compare;
pub mod example;
pub mod levers;
pub mod link;
pub mod model;
pub mod order;
pub mod params;
pub mod report;
pub mod resolve;
pub mod results;
pub mod scenario;
pub mod uncertainty;
pub mod units;
pub mod utilisation;

pub use model::Breakdown;
pub use resolve::{Assumption, Origin, Resolved};
pub use results::Results;
use scenario::Problem;
pub use scenario::{FieldError, Scenario};

use crate::data::Catalog;
use uncertainty::{GridKnowledge, Uncertainty};

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Monte Carlo samples (0 skips the uncertainty analysis; ranges then equal the estimate).
    pub samples: usize,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            samples: 2000,
            seed: 0x5EED_CAFE,
        }
    }
}

/// A point of the FLOPs-per-token curve: forward FLOPs per token at a context length.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ContextPoint {
    pub context: f64,
    pub dense_flops: f64,
    pub attention_flops: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Equivalent {
    pub id: String,
    pub label: String,
    pub label_zh: String,
    pub value: f64,
    /// Read when shown (see `data::Source`).
    pub source: resolve::Words,
}

/// A preset's published training footprint beside our estimate of the same run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Comparison {
    pub preset: String,
    pub reported_accelerator_hours: Option<f64>,
    pub reported_energy_mwh: Option<f64>,
    pub reported_co2e_t: Option<f64>,
    pub estimated_accelerator_hours: f64,
    pub estimated_energy_mwh: f64,
    pub estimated_co2e_t: f64,
    pub scope: String,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Estimate {
    /// The scenario's name, if it has one (statements are titled with it).
    pub name: Option<String>,
    pub results: Results,
    pub breakdown: Breakdown,
    pub resolved: Resolved,
    pub uncertainty: Uncertainty,
    pub equivalents: Vec<Equivalent>,
    pub context_curve: Vec<ContextPoint>,
    pub attention_share: f64,
    pub reported: Option<Comparison>,
}

impl Estimate {
    /// The results document as it leaves the calculator: with every resolved input.
    pub fn document(&self) -> Results {
        self.results.with_inputs(&self.resolved.assumptions)
    }
}

/// Estimates with the default options.
pub fn estimate(s: &Scenario) -> Result<Estimate, Vec<FieldError>> {
    estimate_with(s, &Options::default())
}

pub fn estimate_with(s: &Scenario, opts: &Options) -> Result<Estimate, Vec<FieldError>> {
    let cat = Catalog::get();
    let resolved = resolve::resolve(s, cat)?;
    let x = &resolved.inputs;
    let breakdown = model::evaluate(x);
    // Every field is within its bounds, yet extremes together could still overflow: a result
    // that is not a number is refused like an out-of-range field, so the page keeps the last one.
    let (c, e) = (breakdown.total_co2e.0, breakdown.total_energy.0);
    if !(c.is_finite() && e.is_finite()) {
        return Err(vec![FieldError::new(
            "scenario",
            "scenario: the result overflows (not a finite number); bring the largest values down"
                .to_string(),
        )]);
    }
    let grid = GridKnowledge {
        training_explicit: s.training.grid_g_per_kwh.is_some(),
        inference_explicit: s.inference.grid_g_per_kwh.is_some(),
    };
    let uncertainty = if opts.samples > 0 {
        uncertainty::monte_carlo(x, grid, opts.samples, opts.seed)
    } else {
        let c = breakdown.total_co2e.0;
        let e = breakdown.total_energy.0;
        Uncertainty {
            total_co2e_kg: uncertainty::Percentiles {
                p5: c,
                p50: c,
                p95: c,
            },
            total_energy_kwh: uncertainty::Percentiles {
                p5: e,
                p50: e,
                p95: e,
            },
            samples_kg: vec![c],
            sensitivity: Vec::new(),
        }
    };
    let mut notices = resolved.notices.clone();
    notices.extend(plausibility(&breakdown, x));
    let results = Results::new(&breakdown, &uncertainty, notices, cat.data_version());
    let equivalents = equivalents(cat, breakdown.total_co2e.0, breakdown.total_energy.0);
    let context_curve = context_curve(&x.model);
    let (dense, attention) =
        architecture::forward_flops_per_token(&x.model, x.training.sequence_length);
    let reported = resolved.preset.and_then(|p| {
        let r = p.reported.as_ref()?;
        let t = &breakdown.training;
        Some(Comparison {
            preset: p.id.to_string(),
            reported_accelerator_hours: r.accelerator_hours,
            reported_energy_mwh: r.energy_mwh,
            reported_co2e_t: r.co2e_t,
            estimated_accelerator_hours: t.device_hours.0,
            estimated_energy_mwh: t.energy.0 / 1000.0,
            estimated_co2e_t: t.co2e.0 / 1000.0,
            scope: r.scope.to_string(),
            source: r.source.to_string(),
        })
    });
    Ok(Estimate {
        name: s.name.clone(),
        results,
        breakdown,
        resolved,
        uncertainty,
        equivalents,
        context_curve,
        attention_share: attention / (dense + attention),
        reported,
    })
}

/// Notes on a scenario that is valid but beyond anything deployed: serving above a terawatt-hour
/// a year (Google's whole 2023 data-centre use was about 24 TWh) or a million replicas.
fn plausibility(b: &Breakdown, x: &resolve::Inputs) -> Vec<FieldError> {
    let mut out = Vec::new();
    let days = x.inference.days;
    let twh_year = if days > 0.0 {
        b.inference.energy.0 / 1e9 * 365.0 / days
    } else {
        0.0
    };
    if twh_year > 1.0 {
        out.push(FieldError::with(
            "inference.queries_per_day",
            format!("inference.queries_per_day: serving would use {twh_year:.1} TWh a year, more than any AI service has reported; check the traffic"),
            Problem::TrafficEnergy { twh_year },
        ));
    }
    if b.inference.replicas > 1e6 {
        out.push(FieldError::with(
            "inference.queries_per_day",
            format!(
                "inference.queries_per_day: the traffic needs {} serving replicas, more than any deployment has reported; check the traffic and the batch",
                params::fmt_bound(b.inference.replicas)
            ),
            Problem::TrafficReplicas {
                replicas: b.inference.replicas,
            },
        ));
    }
    out
}

/// Forward FLOPs per token from 128 tokens to a million (or 4× the model's context), doubling.
pub fn context_curve(m: &architecture::ModelInputs) -> Vec<ContextPoint> {
    let top = (4.0 * m.context).max(1_048_576.0);
    let mut out = Vec::new();
    let mut n = 128.0;
    while n <= top {
        let (dense, attention) = architecture::forward_flops_per_token(m, n);
        out.push(ContextPoint {
            context: n,
            dense_flops: dense,
            attention_flops: attention,
        });
        n *= 2.0;
    }
    out
}

fn equivalents(cat: &'static Catalog, co2e_kg: f64, energy_kwh: f64) -> Vec<Equivalent> {
    let e = &cat.equivalences;
    let mut out: Vec<Equivalent> = e
        .carbon
        .iter()
        .map(|q| Equivalent {
            id: q.id.to_string(),
            label: q.label.to_string(),
            label_zh: q.label_zh.to_string(),
            value: co2e_kg / q.kg_co2e_per_unit.value,
            source: resolve::Words::default().then_source(&q.kg_co2e_per_unit.source),
        })
        .collect();
    out.push(Equivalent {
        id: "household_year".into(),
        label: e.household_label.to_string(),
        label_zh: e.household_label_zh.to_string(),
        value: energy_kwh / e.household_kwh_per_year.value,
        source: resolve::Words::default().then_source(&e.household_kwh_per_year.source),
    });
    out
}
