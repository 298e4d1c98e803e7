//! Fits the serving model's constants on ML.ENERGY's measurements (src/data/serving_runs.json)
//! and prints them beside the catalog's, with the fit's error:
//! `cargo run --release --example serving_fit`. Add `-- --rows` for every configuration's
//! energy, throughput and power against the measured ones, `-- --check` to score the catalog's
//! constants without fitting, `-- --leave-one-model-out` to fit without each model in turn and
//! predict it (the error of a prediction rather than of the fit), `-- --hold NAME=VALUE` to keep
//! a constant. The fitted values belong in defaults.json (`serving_model`,
//! `inference_memory_bw_efficiency`); tests/serving.rs holds the error they give.
//!
//! Loss: per configuration the squared log errors of energy per output token and of output
//! throughput, plus a steep penalty on energy errors beyond 1.5x (the bound is 1.6x),
//! minimised by Nelder-Mead over the logs of the constants from the catalog's values.

#[path = "../tests/common/mod.rs"]
mod common;

use common::serving::{cases, summary, Case};
use llm_footprint::data::Catalog;
use llm_footprint::engine::model::serve;
use llm_footprint::engine::resolve::{ServeInputs, ServingConstants};

/// The fitted constants, by their names in defaults.json. The dense-weight and KV-cache bandwidth
/// shares are held at the measured HBM ceiling (their `source` says why), so they are not here.
const NAMES: [&str; N] = [
    "serving_model.low_precision_compute_factor",
    "serving_model.step_overhead_s_per_layer",
    "serving_model.expert_parallel_overhead_s_per_layer",
    "serving_model.token_overhead_s_per_layer",
    "serving_model.expert_overhead_s",
    "serving_model.power_floor",
    "serving_model.power_per_memory_utilisation",
    "serving_model.power_per_compute_utilisation",
    "serving_model.expert_bw_efficiency",
    "serving_model.link_efficiency",
    "serving_model.low_precision_quant_overhead_s_per_layer",
    "serving_model.low_precision_expert_bw_factor",
];

const N: usize = 12;

/// Which constants are fractions (fitted through their logit, so they stay in 0..1); the others
/// are positive times and slopes (fitted through their log).
const FRACTION: [bool; N] = [
    true, false, false, false, false, true, false, false, true, true, false, true,
];

fn catalog() -> ServingConstants {
    ServingConstants::of(&Catalog::get().defaults)
}

fn values(k: &ServingConstants) -> [f64; N] {
    [
        k.low_precision_compute_factor,
        k.step_overhead_s,
        k.expert_parallel_overhead_s,
        k.token_overhead_s,
        k.expert_overhead_s,
        k.power_floor,
        k.power_per_memory,
        k.power_per_compute,
        k.expert_bw_efficiency,
        k.link_efficiency,
        k.low_precision_quant_overhead_s,
        k.low_precision_expert_bw_factor,
    ]
}

fn constants(v: &[f64; N]) -> ServingConstants {
    ServingConstants {
        low_precision_compute_factor: v[0],
        step_overhead_s: v[1],
        expert_parallel_overhead_s: v[2],
        token_overhead_s: v[3],
        expert_overhead_s: v[4],
        power_floor: v[5],
        power_per_memory: v[6],
        power_per_compute: v[7],
        expert_bw_efficiency: v[8],
        link_efficiency: v[9],
        low_precision_quant_overhead_s: v[10],
        low_precision_expert_bw_factor: v[11],
        ..catalog()
    }
}

/// A case's replica with the constants `v` in place of the catalog's, set as the engine sets them.
fn with(c: &Case, v: &[f64; N]) -> ServeInputs {
    let mut s = c.inputs.inference;
    constants(v).apply(&mut s);
    s
}

/// Every case re-estimated with `v`.
fn score(cs: &mut [Case], v: &[f64; N]) {
    for c in cs.iter_mut() {
        let r = serve(&c.inputs.model, &with(c, v), false, 1.0);
        c.row.set_estimate(&r);
    }
}

fn loss(cs: &mut [Case], v: &[f64; N]) -> f64 {
    score(cs, v);
    let bound = 1.5f64.ln();
    let fitted = || cs.iter().filter(|c| c.row.fitted);
    let n = fitted().count() as f64;
    fitted()
        .map(|c| {
            let le = c.row.ratio().ln();
            let lt = (c.row.estimated_tokens_per_s / c.row.measured_tokens_per_s).ln();
            let over = (le.abs() - bound).max(0.0);
            le * le + lt * lt + 20.0 * over * over
        })
        .sum::<f64>()
        / n
}

fn from_free(x: &[f64; N]) -> [f64; N] {
    let mut v = [0.0; N];
    for i in 0..N {
        v[i] = if FRACTION[i] {
            1.0 / (1.0 + (-x[i]).exp())
        } else {
            x[i].exp()
        };
    }
    v
}

fn to_free(v: &[f64; N]) -> [f64; N] {
    let mut x = [0.0; N];
    for i in 0..N {
        let c = v[i].clamp(1e-6, 1.0 - 1e-6);
        x[i] = if FRACTION[i] {
            (c / (1.0 - c)).ln()
        } else {
            v[i].max(1e-12).ln()
        };
    }
    x
}

/// Nelder-Mead (Nelder & Mead 1965, Computer Journal 7(4)) over unbounded transforms of the
/// constants.
fn nelder_mead(f: &mut dyn FnMut(&[f64; N]) -> f64, start: [f64; N], iters: usize) -> [f64; N] {
    let to = from_free;
    let mut simplex: Vec<([f64; N], f64)> = Vec::new();
    let x0 = to_free(&start);
    simplex.push((x0, f(&to(&x0))));
    for i in 0..N {
        let mut x = x0;
        x[i] += 0.2;
        simplex.push((x, f(&to(&x))));
    }
    for _ in 0..iters {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let worst = simplex[N];
        let mut centre = [0.0; N];
        for (x, _) in &simplex[..N] {
            for i in 0..N {
                centre[i] += x[i] / N as f64;
            }
        }
        let at = |t: f64| -> [f64; N] {
            let mut x = [0.0; N];
            for i in 0..N {
                x[i] = centre[i] + t * (worst.0[i] - centre[i]);
            }
            x
        };
        let xr = at(-1.0);
        let fr = f(&to(&xr));
        if fr < simplex[0].1 {
            let xe = at(-2.0);
            let fe = f(&to(&xe));
            simplex[N] = if fe < fr { (xe, fe) } else { (xr, fr) };
        } else if fr < simplex[N - 1].1 {
            simplex[N] = (xr, fr);
        } else {
            let xc = at(0.5);
            let fc = f(&to(&xc));
            if fc < worst.1 {
                simplex[N] = (xc, fc);
            } else {
                let best = simplex[0].0;
                for s in simplex.iter_mut().skip(1) {
                    for (x, b) in s.0.iter_mut().zip(best) {
                        *x = b + 0.5 * (*x - b);
                    }
                    s.1 = f(&to(&s.0));
                }
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    to(&simplex[0].0)
}

fn print_rows(cs: &[Case], v: &[f64; N]) {
    println!("task\tmodel\tdevices\tprecision\tbatch\tout\tenergy\tthroughput\tpower\tstep ms (measured)");
    for c in cs {
        let r = &c.row;
        let t = r.estimated_tokens_per_s / r.measured_tokens_per_s;
        let step = serve(&c.inputs.model, &with(c, v), false, 1.0)
            .decode_step_seconds
            .0;
        println!(
            "{}{}\t{}\t{}x{}\t{}\t{}\t{}\t{:.2}\t{:.2}\t{:.2}\t{:.1} ({:.1})",
            if r.fitted { "" } else { "(not fitted) " },
            r.task,
            r.model,
            r.devices,
            r.accelerator,
            r.precision,
            r.batch,
            r.output_tokens,
            r.ratio(),
            t,
            r.ratio() * t,
            step * 1e3,
            r.batch / r.measured_tokens_per_s * 1e3
        );
    }
}

fn report(label: &str, cs: &mut [Case], v: &[f64; N]) {
    let l = loss(cs, v);
    let (median, worst, outside, n) = summary(cs.iter().map(|c| &c.row).filter(|r| r.fitted));
    println!(
        "{label}: loss {l:.4}, median error {:.1} %, worst {worst:.2}x, {outside} of {n} outside 1.6x",
        100.0 * (median - 1.0)
    );
}

/// Nelder-Mead from `start` with the `held` constants kept at their values.
fn fit(cs: &mut [Case], start: [f64; N], held: &[(usize, f64)], restarts: usize) -> [f64; N] {
    let hold = |v: &mut [f64; N]| held.iter().for_each(|&(i, x)| v[i] = x);
    let mut f = |v: &[f64; N]| {
        let mut v = *v;
        hold(&mut v);
        loss(cs, &v)
    };
    let mut v = start;
    hold(&mut v);
    // Restarts from the best point escape the simplex's collapse in many dimensions.
    for _ in 0..restarts {
        v = nelder_mead(&mut f, v, 3000);
    }
    hold(&mut v);
    v
}

/// Leave one model out: fit on the other models' rows, predict the held-out model's.
fn leave_one_model_out(cs: &mut [Case], start: [f64; N], held: &[(usize, f64)]) {
    let fitted: Vec<bool> = cs.iter().map(|c| c.row.fitted).collect();
    let mut models: Vec<String> = cs.iter().map(|c| c.row.model.clone()).collect();
    models.sort();
    models.dedup();
    let mut predicted: Vec<f64> = Vec::new();
    // Each held-out row's |ln| errors of throughput and of power (energy is their quotient).
    let (mut thr, mut pow): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for m in &models {
        for (c, f) in cs.iter_mut().zip(&fitted) {
            c.row.fitted = *f && c.row.model != *m;
        }
        let v = fit(cs, start, held, 4);
        score(cs, &v);
        let mine: Vec<f64> = cs
            .iter()
            .zip(&fitted)
            .filter(|(c, f)| **f && c.row.model == *m)
            .map(|(c, _)| c.row.factor())
            .collect();
        for c in cs
            .iter()
            .zip(&fitted)
            .filter(|(c, f)| **f && c.row.model == *m)
        {
            let r = &c.0.row;
            let t = r.estimated_tokens_per_s / r.measured_tokens_per_s;
            thr.push(t.ln().abs());
            pow.push((r.ratio() * t).ln().abs());
        }
        let worst = mine.iter().copied().fold(1.0, f64::max);
        println!("held out {m:48} {} rows, worst {worst:.2}x", mine.len());
        predicted.extend(mine);
    }
    for (c, f) in cs.iter_mut().zip(&fitted) {
        c.row.fitted = *f;
    }
    predicted.sort_by(|a, b| a.total_cmp(b));
    let n = predicted.len();
    let outside = predicted.iter().filter(|x| **x > 1.6).count();
    println!(
        "leave one model out: median error {:.1} %, worst {:.2}x, {outside} of {n} outside 1.6x",
        100.0 * (predicted[n / 2] - 1.0),
        predicted[n - 1]
    );
    // The spreads of src/engine/uncertainty.rs: 90 % of predictions fall within ×/÷ these.
    let q90 = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[(0.9 * (v.len() - 1) as f64).round() as usize].exp()
    };
    println!(
        "90 % of predictions within: energy ×/÷ {:.2}, throughput ×/÷ {:.2}, power ×/÷ {:.2}",
        q90(&mut predicted.iter().map(|x| x.ln()).collect()),
        q90(&mut thr),
        q90(&mut pow)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut cs = cases();
    let start = values(&catalog());
    report("catalog", &mut cs, &start);
    // `--hold NAME=VALUE` keeps a constant at VALUE instead of fitting it.
    let held: Vec<(usize, f64)> = args
        .windows(2)
        .filter(|w| w[0] == "--hold")
        .filter_map(|w| {
            let (name, value) = w[1].split_once('=')?;
            Some((NAMES.iter().position(|n| *n == name)?, value.parse().ok()?))
        })
        .collect();
    if args.iter().any(|a| a == "--leave-one-model-out") {
        leave_one_model_out(&mut cs, start, &held);
        return;
    }
    let v = if args.iter().any(|a| a == "--check") {
        start
    } else {
        let v = fit(&mut cs, start, &held, 4);
        report("fitted", &mut cs, &v);
        for ((name, was), now) in NAMES.iter().zip(start).zip(v) {
            println!("{name:52} {was:.4e} -> {now:.4e}");
        }
        v
    };
    if args.iter().any(|a| a == "--rows") {
        score(&mut cs, &v);
        print_rows(&cs, &v);
    }
}
