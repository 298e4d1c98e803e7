//! The published training runs of src/data/runs.json: the MFU each achieved (training FLOPs of
//! the engine over its published device-hours × peak), the MFU model fitted on them
//! (ln MFU = ln baseline[accelerator class] + size_exponent · ln(active / 1e10) + ln moe_factor ·
//! [mixture-of-experts], least squares), and each run's hours predicted from its card's facts
//! with the model fitted on the other runs (leave-one-out), so no run validates itself.

use llm_footprint::data::Catalog;
use llm_footprint::engine::{estimate_with, Estimate, Options, Scenario};
use serde_json::Value;

pub const RUNS: &str = include_str!("../../src/data/runs.json");

pub struct Run {
    pub id: String,
    pub model: String,
    pub scenario: Value,
    pub hours: Option<f64>,
    pub class: String,
    pub active: f64,
    pub moe: bool,
    /// Achieved MFU (`None` without published hours).
    pub mfu: Option<f64>,
    pub doc: Value,
}

/// Runs on the same silicon share a baseline: the H800 and H200 are H100s with other
/// interconnect or memory, the A100 40 GB an A100 with less memory.
pub fn class(accelerator: &str) -> &'static str {
    match accelerator {
        "h100" | "h200" | "h800" => "H100",
        "a100-40gb" | "a100-80gb" => "A100",
        "v100" => "V100",
        "tpu-v3" => "TPU v3",
        _ => "other",
    }
}

pub fn estimate(s: &Value) -> Estimate {
    let scenario: Scenario =
        serde_json::from_value(s.clone()).unwrap_or_else(|e| panic!("run scenario {s}: {e}"));
    let opts = Options {
        samples: 0,
        seed: 1,
    };
    estimate_with(&scenario, &opts).unwrap_or_else(|e| panic!("run scenario {s}: {e:?}"))
}

pub fn runs() -> Vec<Run> {
    let doc: Value = serde_json::from_str(RUNS).expect("runs.json parses");
    let cat = Catalog::get();
    let mut out = Vec::new();
    for r in doc["runs"].as_array().expect("runs") {
        let scenario = r["scenario"].clone();
        let preset = scenario["model"]["preset"].as_str();
        let hours = r["accelerator_hours"]["value"].as_f64().or_else(|| {
            r["preset_hours"].as_bool().filter(|b| *b)?;
            cat.preset(preset?)?.reported.as_ref()?.accelerator_hours
        });
        let e = estimate(&scenario);
        let x = &e.resolved.inputs;
        let acc = e
            .resolved
            .assumption("training.accelerator")
            .map(|a| match &a.value {
                llm_footprint::engine::resolve::Value::Text(t) => t.to_string(),
                _ => String::new(),
            })
            .unwrap_or_default();
        let mfu = hours.map(|h| {
            let mut measured = scenario.clone();
            measured["training"]["accelerator_hours"] = h.into();
            let m = estimate(&measured);
            m.results.training.flops / (h * 3600.0 * x.training.peak_flops)
        });
        out.push(Run {
            id: r["id"].as_str().unwrap_or("?").to_string(),
            model: r["model"].as_str().unwrap_or("?").to_string(),
            scenario,
            hours,
            class: class(&acc).to_string(),
            active: x.model.active_params,
            moe: x.model.experts > 0.0,
            mfu,
            doc: r.clone(),
        });
    }
    out
}

pub struct Fit {
    pub classes: Vec<(String, f64)>,
    pub size_exponent: f64,
    pub moe_factor: f64,
}

impl Fit {
    pub fn baseline(&self, class: &str) -> Option<f64> {
        self.classes
            .iter()
            .find(|(c, _)| c == class)
            .map(|(_, b)| *b)
    }

    pub fn predict(&self, r: &Run) -> Option<f64> {
        let moe = if r.moe { self.moe_factor } else { 1.0 };
        Some(self.baseline(&r.class)? * (r.active / 1e10).powf(self.size_exponent) * moe)
    }
}

/// Least squares on the logs; `None` if the runs cannot determine every coefficient.
pub fn fit(runs: &[&Run]) -> Option<Fit> {
    let mut classes: Vec<String> = runs.iter().map(|r| r.class.clone()).collect();
    classes.sort();
    classes.dedup();
    let k = classes.len() + 2;
    let rows: Vec<(Vec<f64>, f64)> = runs
        .iter()
        .filter_map(|r| {
            let mut x: Vec<f64> = classes.iter().map(|c| f64::from(*c == r.class)).collect();
            x.push((r.active / 1e10).ln());
            x.push(f64::from(r.moe));
            Some((x, r.mfu?.ln()))
        })
        .collect();
    let mut a = vec![vec![0.0; k + 1]; k];
    for (x, y) in &rows {
        for (row, xi) in a.iter_mut().zip(x) {
            for (cell, xj) in row.iter_mut().zip(x) {
                *cell += xi * xj;
            }
            row[k] += xi * y;
        }
    }
    let b = solve(a)?;
    Some(Fit {
        classes: classes.into_iter().zip(b.iter().map(|v| v.exp())).collect(),
        size_exponent: b[k - 2],
        moe_factor: b[k - 1].exp(),
    })
}

/// Gauss-Jordan elimination with partial pivoting of an augmented k × (k+1) system.
fn solve(mut a: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let k = a.len();
    for c in 0..k {
        let p = (c..k).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[p][c].abs() < 1e-12 {
            return None;
        }
        a.swap(c, p);
        let pivot = a[c].clone();
        for (r, row) in a.iter_mut().enumerate() {
            if r != c {
                let f = row[c] / pivot[c];
                for (x, p) in row.iter_mut().zip(&pivot).skip(c) {
                    *x -= f * p;
                }
            }
        }
    }
    Some((0..k).map(|i| a[i][k] / a[i][i]).collect())
}

/// Runs with published hours.
pub fn timed(runs: &[Run]) -> Vec<&Run> {
    runs.iter().filter(|r| r.mfu.is_some()).collect()
}

/// Each timed run's MFU predicted by the model fitted without it (`None` where the others leave
/// its accelerator class or its kind undetermined).
pub fn leave_one_out(runs: &[Run]) -> Vec<(&Run, Option<f64>)> {
    let t = timed(runs);
    t.iter()
        .map(|r| {
            let others: Vec<&Run> = t.iter().copied().filter(|o| o.id != r.id).collect();
            let f = fit(&others);
            (*r, f.and_then(|f| f.predict(r)))
        })
        .collect()
}
