//! The serving model against ML.ENERGY's measurements: every configuration of
//! src/data/serving_runs.json run through the engine (`model::serve`) and compared with the
//! measured GPU energy per output token. Shared by tests/serving.rs and docs/validation.md.

use llm_footprint::engine::{estimate_with, Options, Scenario};
use serde_json::{json, Value};

pub const DATA: &str = include_str!("../../src/data/serving_runs.json");

pub struct Row {
    pub task: String,
    pub model: String,
    pub accelerator: String,
    pub devices: f64,
    pub precision: String,
    pub batch: f64,
    pub output_tokens: f64,
    pub measured_j: f64,
    pub estimated_j: f64,
    pub measured_tokens_per_s: f64,
    pub estimated_tokens_per_s: f64,
}

impl Row {
    /// Estimated over measured energy per output token.
    pub fn ratio(&self) -> f64 {
        self.estimated_j / self.measured_j
    }
    /// The error as a factor ≥ 1 either way (1.6 = 60 % high or 1/1.6 low).
    pub fn factor(&self) -> f64 {
        let r = self.ratio();
        r.max(1.0 / r)
    }
}

pub fn rows() -> Vec<Row> {
    let doc: Value = serde_json::from_str(DATA).expect("serving_runs.json parses");
    let mut out = Vec::new();
    for r in doc["runs"].as_array().into_iter().flatten() {
        let task = r["task"].as_str().unwrap_or("?");
        let model_id = r["model"].as_str().unwrap_or("?");
        let prompt = doc["prompt_tokens"][task]["value"]
            .as_f64()
            .unwrap_or(f64::NAN);
        let model = doc["architectures"][model_id]["model"].clone();
        let batch = r["avg_batch_size"]
            .as_f64()
            .unwrap_or(f64::NAN)
            .round()
            .max(1.0);
        let output = r["avg_output_len"]
            .as_f64()
            .unwrap_or(f64::NAN)
            .round()
            .max(1.0);
        let s = json!({
            "model": model,
            "inference": {
                "accelerator": r["accelerator"], "accelerators": r["accelerators"],
                "precision": r["precision"], "batch": batch,
                "prompt_tokens": prompt, "output_tokens": output
            },
            "embodied": { "include": false }
        });
        let scenario: Scenario =
            serde_json::from_value(s.clone()).unwrap_or_else(|e| panic!("serving run {s}: {e}"));
        let est = estimate_with(
            &scenario,
            &Options {
                samples: 0,
                seed: 1,
            },
        )
        .unwrap_or_else(|e| panic!("serving run {s}: {e:?}"));
        let i = &est.results.inference;
        out.push(Row {
            task: task.to_string(),
            model: model_id.to_string(),
            accelerator: r["accelerator"].as_str().unwrap_or("?").to_string(),
            devices: r["accelerators"].as_f64().unwrap_or(f64::NAN),
            precision: r["precision"].as_str().unwrap_or("?").to_string(),
            batch,
            output_tokens: output,
            measured_j: r["energy_per_token_j"].as_f64().unwrap_or(f64::NAN),
            estimated_j: i.accelerator_energy_per_output_token_j,
            measured_tokens_per_s: r["output_tokens_per_s"].as_f64().unwrap_or(f64::NAN),
            estimated_tokens_per_s: if i.seconds_per_query > 0.0 {
                output / i.seconds_per_query * est.breakdown.inference.effective_batch
            } else {
                0.0
            },
        });
    }
    out
}

/// The median and the largest error factor (≥ 1) of a set of rows.
pub fn summary<'a>(rows: impl Iterator<Item = &'a Row>) -> (f64, f64, usize, usize) {
    let mut f: Vec<f64> = rows.map(Row::factor).collect();
    f.sort_by(|a, b| a.total_cmp(b));
    let n = f.len();
    let outside = f.iter().filter(|x| **x > 1.6).count();
    let median = if n == 0 { f64::NAN } else { f[n / 2] };
    (median, f.last().copied().unwrap_or(f64::NAN), outside, n)
}
