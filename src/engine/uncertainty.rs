//! Uncertainty: a seeded Monte Carlo over the uncertain inputs, giving p5/p50/p95 of the totals,
//! and a one-at-a-time sensitivity ranking (which input moves the total most).
//!
//! Each uncertain input is scaled by a log-normal factor whose 90% interval is [1/r, r]. The
//! spreads `r` are the calculator's stated judgement, set from the spread of the published
//! figures in the data files (see each `why`), not fitted distributions; the methodology shows
//! them. Inputs the reader measured (device-hours) get narrow spreads.

use super::model::evaluate;
use super::order;
use super::resolve::{Inputs, ServeInputs};

/// z of the 95th percentile of the standard normal.
const Z95: f64 = 1.644_853_626_951_472_2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    TrainingEfficiency,
    TrainingPower,
    Pue,
    TrainingGrid,
    InferenceGrid,
    Embodied,
    ServingEfficiency,
    ServingPower,
    AchievedBatch,
    FleetUtilisation,
    HostOverhead,
}

pub struct FactorDef {
    pub factor: Factor,
    /// The path of the main scenario field it perturbs (for labels and links to the form).
    pub path: &'static str,
    pub why: &'static str,
}

pub const FACTORS: &[FactorDef] = &[
    FactorDef { factor: Factor::TrainingEfficiency, path: "training.mfu", why: "MFU ×/÷ 1.6 when the MFU model predicts it (19 of 22 published runs left out of its fit came within that: docs/validation.md), ×/÷ 1.3 when the reader gives it, ×/÷ 1.05 when device-hours were measured or published" },
    FactorDef { factor: Factor::TrainingPower, path: "training.power_w", why: "average draw ×/÷ 1.15 (measured averages sit 10–25% under TDP: Patterson et al. 2021 Table 4)" },
    FactorDef { factor: Factor::Pue, path: "training.pue", why: "PUE overhead (PUE − 1) ×/÷ 1.5 (hyperscale 1.08–1.2 to industry 1.56)" },
    FactorDef { factor: Factor::TrainingGrid, path: "training.grid_g_per_kwh", why: "region averages ×/÷ 1.25 (annual average vs the hours actually used; US 2024 figures 384–409 g/kWh across Ember and Electricity Maps); explicit values ×/÷ 1.1" },
    FactorDef { factor: Factor::InferenceGrid, path: "inference.grid_g_per_kwh", why: "as for training" },
    FactorDef { factor: Factor::Embodied, path: "embodied.lifetime_years", why: "embodied carbon per device ×/÷ 2 (published per-GPU figures with their server share run from 318 kg, Chien et al. 2023, to 877 kg, EcoLogits' H100)" },
    FactorDef { factor: Factor::ServingEfficiency, path: "inference.accelerator", why: "serving speed (every time of a step: compute, memory, links, overheads) ×/÷ 1.33; with the draw's ×/÷ 1.24 it gives the ×/÷ 1.43 within which 90 % of the serving model's predictions of measured energy per token fall (docs/validation.md)" },
    FactorDef { factor: Factor::ServingPower, path: "inference.power_w", why: "serving draw ×/÷ 1.24 (with the speed's ×/÷ 1.33: see there)" },
    FactorDef { factor: Factor::AchievedBatch, path: "inference.batch", why: "batch actually achieved ×/÷ 1.5 (traffic rarely fills the configured batch)" },
    FactorDef { factor: Factor::FleetUtilisation, path: "inference.queries_per_day", why: "fleet busy fraction ×/÷ 1.4 (capped at 1)" },
    FactorDef { factor: Factor::HostOverhead, path: "inference.accelerators", why: "host energy share ×/÷ 1.5" },
];

/// The serving model's spreads, from its predictions of ML.ENERGY's measurements with each model
/// left out of the fit (`cargo run --release --example serving_fit -- --leave-one-model-out`):
/// 90 % of 437 predictions fall within ×/÷ 1.43 in throughput, ×/÷ 1.31 in power and ×/÷ 1.43
/// in energy per token. Throughput and power errors partly cancel in energy, so both are drawn at
/// 0.80 of their own spread: drawn independently they give the energy's ×/÷ 1.43.
const SERVING_SPEED_SPREAD: f64 = 1.33;
const SERVING_POWER_SPREAD: f64 = 1.24;

/// The 90 % spread of accelerator energy per token the two serving factors give together.
pub fn serving_energy_spread() -> f64 {
    SERVING_SPEED_SPREAD
        .ln()
        .hypot(SERVING_POWER_SPREAD.ln())
        .exp()
}

fn spread(x: &Inputs, f: Factor) -> f64 {
    match f {
        Factor::TrainingEfficiency if x.training.measured_hours.is_some() => 1.05,
        Factor::TrainingEfficiency => x.training.mfu_spread,
        Factor::TrainingPower => 1.15,
        Factor::ServingPower => SERVING_POWER_SPREAD,
        Factor::Pue | Factor::HostOverhead | Factor::AchievedBatch => 1.5,
        Factor::TrainingGrid | Factor::InferenceGrid => 1.25,
        Factor::Embodied => 2.0,
        Factor::ServingEfficiency => SERVING_SPEED_SPREAD,
        Factor::FleetUtilisation => 1.4,
    }
}

/// The serving replica and, for reinforcement learning, the rollouts' (they run on the serving
/// model too).
fn serving_replicas(x: &mut Inputs) -> impl Iterator<Item = &mut ServeInputs> {
    let rollout = x.fine_tuning.as_mut().and_then(|j| j.rollout.as_mut());
    std::iter::once(&mut x.inference).chain(rollout.map(|r| &mut r.serve))
}

/// Scales one input by `m` (a factor around 1).
fn apply(x: &mut Inputs, f: Factor, m: f64) {
    let jobs = std::iter::once(&mut x.training).chain(x.fine_tuning.as_mut());
    match f {
        Factor::TrainingEfficiency => {
            for j in jobs {
                match j.measured_hours.as_mut() {
                    Some(h) => *h *= m,
                    None => j.mfu = (j.mfu * m).min(1.0),
                }
            }
        }
        Factor::TrainingPower => jobs.for_each(|j| j.power_w *= m),
        Factor::Pue => {
            for j in jobs {
                j.pue = 1.0 + (j.pue - 1.0) * m;
            }
            x.inference.pue = 1.0 + (x.inference.pue - 1.0) * m;
        }
        Factor::TrainingGrid => jobs.for_each(|j| j.grid_g_per_kwh *= m),
        Factor::InferenceGrid => x.inference.grid_g_per_kwh *= m,
        Factor::Embodied => {
            jobs.for_each(|j| j.embodied_kg_per_device *= m);
            x.inference.embodied_kg_per_device *= m;
        }
        Factor::ServingEfficiency => {
            for s in serving_replicas(x) {
                s.compute_efficiency = (s.compute_efficiency * m).min(1.0);
                s.attention_efficiency = (s.attention_efficiency * m).min(1.0);
                s.memory_bw_efficiency = (s.memory_bw_efficiency * m).min(1.0);
                s.kv_bw_efficiency = (s.kv_bw_efficiency * m).min(1.0);
                s.expert_bw_efficiency = (s.expert_bw_efficiency * m).min(1.0);
                s.link_efficiency = (s.link_efficiency * m).min(1.0);
                // The engine's overheads are time too: the whole step scales, as the spread's
                // source (the fit's throughput errors) does.
                s.step_overhead_s /= m;
                s.expert_parallel_overhead_s /= m;
                s.token_overhead_s /= m;
                s.expert_overhead_s /= m;
                s.quant_overhead_s /= m;
            }
        }
        Factor::ServingPower => {
            for s in serving_replicas(x) {
                s.idle_w *= m;
                s.tdp_w *= m;
                if let Some(w) = s.fixed_power_w.as_mut() {
                    *w *= m;
                }
            }
        }
        Factor::AchievedBatch => x.inference.batch = (x.inference.batch * m).max(1.0),
        Factor::FleetUtilisation => {
            x.inference.serving_utilisation = (x.inference.serving_utilisation * m).clamp(0.01, 1.0)
        }
        Factor::HostOverhead => x.inference.host_fraction *= m,
    }
}

/// Ties the grid spread to how the intensity was given: explicit values are known better.
#[derive(Debug, Clone, Copy, Default)]
pub struct GridKnowledge {
    pub training_explicit: bool,
    pub inference_explicit: bool,
}

fn spread_for(x: &Inputs, f: Factor, g: GridKnowledge) -> f64 {
    match f {
        Factor::TrainingGrid if g.training_explicit => 1.1,
        Factor::InferenceGrid if g.inference_explicit => 1.1,
        _ => spread(x, f),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Percentiles {
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sensitivity {
    pub factor: Factor,
    pub path: &'static str,
    /// Total CO2e with this input at its 5th and 95th percentile, the others at their median.
    pub low_kg: f64,
    pub high_kg: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Uncertainty {
    pub total_co2e_kg: Percentiles,
    pub total_energy_kwh: Percentiles,
    /// Total CO2e of every sample (kg), in no particular order, for the distribution chart.
    pub samples_kg: Vec<f64>,
    /// Largest swing first.
    pub sensitivity: Vec<Sensitivity>,
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut fastrand::Rng) -> f64 {
    let u1 = 1.0 - rng.f64(); // (0, 1]
    let u2 = rng.f64();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// The `q` quantile of the numbers in `v`, interpolating linearly between the two order
/// statistics around it (the same definition as indexing a sorted copy), found by selection.
///
/// `v` is reordered: the order statistic lands at its index with nothing greater before it and
/// nothing smaller after it. Selecting is linear on average where sorting is not; the page runs
/// this on every keystroke.
fn quantile_of(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let pos = q * (v.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    let (_, &mut at, above) = v.select_nth_unstable_by(i, f64::total_cmp);
    // The next order statistic is the least of what lies above.
    let next = above.iter().copied().min_by(f64::total_cmp).unwrap_or(at);
    at + (next - at) * frac
}

/// The 5th, 50th and 95th percentiles of `v` (reordered in the process). The distribution chart
/// computes its markers with this too when it is not given the engine's.
pub(crate) fn percentiles(v: &mut [f64]) -> Percentiles {
    Percentiles {
        p5: quantile_of(v, 0.05),
        p50: quantile_of(v, 0.5),
        p95: quantile_of(v, 0.95),
    }
}

/// The log-normal multipliers `exp(sigma × z)` of every draw, sample by sample (one per factor,
/// in `sigmas` order), from standard normal draws `z` of a generator seeded with `seed`.
///
/// The seed is fixed, so the draws are the same on every run: the page re-runs the analysis on
/// every keystroke, and the draws (and, while the spreads stay the same, the multipliers) are
/// kept from the last run instead of being drawn again. The numbers are exactly those of drawing
/// afresh.
fn with_multipliers<R>(
    seed: u64,
    samples: usize,
    sigmas: &[(Factor, f64)],
    use_them: impl FnOnce(&[f64]) -> R,
) -> R {
    struct Draws {
        seed: u64,
        samples: usize,
        factors: usize,
        z: Vec<f64>,
        sigma_bits: Vec<u64>,
        multipliers: Vec<f64>,
    }
    static LAST: std::sync::Mutex<Option<Draws>> = std::sync::Mutex::new(None);
    let mut last = LAST
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let factors = sigmas.len();
    let fresh = !matches!(&*last, Some(d) if d.seed == seed && d.samples == samples && d.factors == factors);
    if fresh {
        let mut rng = fastrand::Rng::with_seed(seed);
        let z = (0..samples * factors).map(|_| normal(&mut rng)).collect();
        *last = Some(Draws {
            seed,
            samples,
            factors,
            z,
            sigma_bits: Vec::new(),
            multipliers: Vec::new(),
        });
    }
    let d = last.as_mut().expect("filled above");
    let sigma_bits: Vec<u64> = sigmas.iter().map(|(_, s)| s.to_bits()).collect();
    if d.sigma_bits != sigma_bits || d.multipliers.len() != d.z.len() {
        d.multipliers =
            d.z.iter()
                .zip(sigmas.iter().cycle())
                .map(|(z, (_, sigma))| (sigma * z).exp())
                .collect();
        d.sigma_bits = sigma_bits;
    }
    use_them(&d.multipliers)
}

/// Runs `samples` draws with a fixed seed: the same scenario always gives the same range.
pub fn monte_carlo(base: &Inputs, grid: GridKnowledge, samples: usize, seed: u64) -> Uncertainty {
    let sigmas: Vec<(Factor, f64)> = FACTORS
        .iter()
        .map(|d| (d.factor, spread_for(base, d.factor, grid).ln() / Z95))
        .collect();
    let mut co2 = Vec::with_capacity(samples);
    let mut energy = Vec::with_capacity(samples);
    with_multipliers(seed, samples, &sigmas, |multipliers| {
        for draw in multipliers.chunks_exact(sigmas.len().max(1)) {
            let mut x = *base;
            for (&(f, _), &m) in sigmas.iter().zip(draw) {
                apply(&mut x, f, m);
            }
            let b = evaluate(&x);
            co2.push(b.total_co2e.0);
            energy.push(b.total_energy.0);
        }
    });
    let mut sensitivity: Vec<Sensitivity> = sigmas
        .iter()
        .map(|&(f, sigma)| {
            let at = |z: f64| {
                let mut x = *base;
                apply(&mut x, f, (sigma * z).exp());
                evaluate(&x).total_co2e.0
            };
            let (a, b) = (at(-Z95), at(Z95));
            let path = FACTORS
                .iter()
                .find(|d| d.factor == f)
                .map(|d| d.path)
                .unwrap_or("");
            Sensitivity {
                factor: f,
                path,
                low_kg: a.min(b),
                high_kg: a.max(b),
            }
        })
        .collect();
    // Widest swing first.
    order::sort_by_f64_key(&mut sensitivity, |s| -(s.high_kg - s.low_kg));

    Uncertainty {
        total_co2e_kg: percentiles(&mut co2),
        total_energy_kwh: percentiles(&mut energy),
        samples_kg: co2,
        sensitivity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_draws_have_unit_spread() {
        let mut rng = fastrand::Rng::with_seed(7);
        let xs: Vec<f64> = (0..20_000).map(|_| normal(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
        assert!(mean.abs() < 0.03, "mean {mean}");
        assert!((var - 1.0).abs() < 0.05, "variance {var}");
    }

    /// The analysis drawn afresh, for comparison with the kept draws.
    fn drawn_afresh(base: &Inputs, grid: GridKnowledge, samples: usize, seed: u64) -> Vec<f64> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut co2: Vec<f64> = (0..samples)
            .map(|_| {
                let mut x = *base;
                for d in FACTORS {
                    let sigma = spread_for(base, d.factor, grid).ln() / Z95;
                    apply(&mut x, d.factor, (sigma * normal(&mut rng)).exp());
                }
                evaluate(&x).total_co2e.0
            })
            .collect();
        order::sort_f64(&mut co2);
        co2
    }

    #[test]
    fn kept_draws_give_exactly_the_fresh_numbers() {
        let s =
            crate::engine::Scenario::from_json(r#"{"model":{"preset":"llama-2-70b"}}"#).unwrap();
        let a = crate::engine::resolve::resolve(&s, crate::data::Catalog::get())
            .unwrap()
            .inputs;
        let explicit = GridKnowledge {
            training_explicit: true,
            inference_explicit: true,
        };
        let neither = GridKnowledge {
            training_explicit: false,
            inference_explicit: false,
        };
        // Alternate seeds, sizes and spreads so every run meets a cache made by another.
        for (grid, samples, seed) in [
            (neither, 300, 1),
            (neither, 300, 1),
            (explicit, 300, 1),
            (neither, 200, 2),
            (explicit, 300, 1),
        ] {
            let mut kept = monte_carlo(&a, grid, samples, seed).samples_kg;
            order::sort_f64(&mut kept);
            assert_eq!(kept, drawn_afresh(&a, grid, samples, seed));
        }
    }

    #[test]
    fn percentiles_interpolate() {
        let mut xs: Vec<f64> = (0..=100).rev().map(f64::from).collect();
        let p = percentiles(&mut xs);
        assert_eq!((p.p5, p.p50, p.p95), (5.0, 50.0, 95.0));
        let mut four = [4.0, 1.0, 3.0, 2.0];
        // Position 0.5 × 3 = 1.5: halfway between the 2nd and 3rd smallest.
        assert_eq!(quantile_of(&mut four, 0.5), 2.5);
        assert_eq!(quantile_of(&mut [], 0.5), 0.0);
        assert_eq!(quantile_of(&mut [7.0], 0.95), 7.0);
    }

    /// Indexing a sorted copy: the definition the selection must match exactly.
    fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
        let pos = q * (sorted.len() - 1) as f64;
        let (i, frac) = (pos.floor() as usize, pos.fract());
        let next = sorted[(i + 1).min(sorted.len() - 1)];
        sorted[i] + (next - sorted[i]) * frac
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn selected_percentiles_are_the_sorted_ones(
            // Few distinct values as well as many, so ties are common.
            xs in proptest::collection::vec(
                prop_oneof![(-5i32..5).prop_map(f64::from), -1e9f64..1e9],
                1..400,
            ),
        ) {
            let mut sorted = xs.clone();
            order::sort_f64(&mut sorted);
            let mut v = xs.clone();
            let p = percentiles(&mut v);
            for (got, q) in [(p.p5, 0.05), (p.p50, 0.5), (p.p95, 0.95)] {
                prop_assert_eq!(got.to_bits(), quantile_sorted(&sorted, q).to_bits());
            }
            // Reordered, nothing lost.
            order::sort_f64(&mut v);
            prop_assert_eq!(v, sorted);
        }
    }
}
