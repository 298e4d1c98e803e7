//! The serving model against ML.ENERGY's measurements: every configuration of
//! src/data/serving_runs.json run through the engine (`model::serve`) and compared with the
//! measured GPU energy per output token. Shared by tests/serving.rs and docs/validation.md.

use llm_footprint::data::Catalog;
use llm_footprint::engine::model::{serve, ServeResult};
use llm_footprint::engine::resolve::{resolve, Inputs};
use llm_footprint::engine::Scenario;
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
    /// False for the configurations `outside_the_fit` names (with its reason).
    pub fitted: bool,
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

/// One measured configuration and its resolved engine inputs (the fit re-runs `model::serve`
/// on these with other constants).
pub struct Case {
    pub row: Row,
    pub inputs: Inputs,
    pub measured_power_w: f64,
}

pub fn cases() -> Vec<Case> {
    let doc: Value = serde_json::from_str(DATA).expect("serving_runs.json parses");
    let mut out = Vec::new();
    for r in doc["runs"].as_array().into_iter().flatten() {
        let task = r["task"].as_str().unwrap_or("?");
        let prompt = doc["prompt_tokens"][task]["value"]
            .as_f64()
            .unwrap_or(f64::NAN);
        out.push(case(&doc, r, task, prompt, !outside_the_fit(&doc, r)));
    }
    out
}

/// The file's `out_of_fit` runs (another benchmark round, another serving stack), estimated
/// with the catalog's constants and never fitted.
pub fn out_of_fit_rows() -> Vec<Row> {
    let doc: Value = serde_json::from_str(DATA).expect("serving_runs.json parses");
    let o = &doc["out_of_fit"];
    let task = o["task"].as_str().unwrap_or("?");
    let prompt = o["prompt_tokens"]["value"].as_f64().unwrap_or(f64::NAN);
    o["runs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| case(&doc, r, task, prompt, false).row)
        .collect()
}

/// One run of the file as a scenario, resolved and estimated.
fn case(doc: &Value, r: &Value, task: &str, prompt: f64, fitted: bool) -> Case {
    let model_id = r["model"].as_str().unwrap_or("?");
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
    let tensor = doc["parallelism"]["tensor"]
        .as_array()
        .is_some_and(|t| t.contains(&r["model"]));
    let s = json!({
        "model": model,
        "inference": {
            "accelerator": r["accelerator"], "accelerators": r["accelerators"],
            "precision": r["precision"], "batch": batch,
            "prompt_tokens": prompt, "output_tokens": output,
            "parallelism": if tensor { "tensor" } else { "expert" }
        },
        "embodied": { "include": false }
    });
    let scenario: Scenario =
        serde_json::from_value(s.clone()).unwrap_or_else(|e| panic!("serving run {s}: {e}"));
    let inputs = resolve(&scenario, Catalog::get())
        .unwrap_or_else(|e| panic!("serving run {s}: {e:?}"))
        .inputs;
    let mut row = Row {
        task: task.to_string(),
        model: model_id.to_string(),
        accelerator: r["accelerator"].as_str().unwrap_or("?").to_string(),
        devices: r["accelerators"].as_f64().unwrap_or(f64::NAN),
        precision: r["precision"].as_str().unwrap_or("?").to_string(),
        batch,
        output_tokens: output,
        measured_j: r["energy_per_token_j"].as_f64().unwrap_or(f64::NAN),
        estimated_j: f64::NAN,
        measured_tokens_per_s: r["output_tokens_per_s"].as_f64().unwrap_or(f64::NAN),
        estimated_tokens_per_s: f64::NAN,
        fitted,
    };
    row.set_estimate(&serve(&inputs.model, &inputs.inference, false, 1.0));
    Case {
        row,
        inputs,
        measured_power_w: r["avg_power_w"].as_f64().unwrap_or(f64::NAN),
    }
}

impl Row {
    /// Takes the engine's energy per output token and the replica's output rate (its
    /// seconds per query are replica-seconds: a batch's queries share them).
    pub fn set_estimate(&mut self, r: &ServeResult) {
        self.estimated_j = r.accelerator_energy_per_output_token.0;
        self.estimated_tokens_per_s = if r.seconds_per_query.0 > 0.0 {
            self.output_tokens / r.seconds_per_query.0
        } else {
            0.0
        };
    }
}

/// Whether the file's `outside_the_fit` groups name this configuration.
fn outside_the_fit(doc: &Value, r: &Value) -> bool {
    doc["outside_the_fit"]["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|g| {
            g["task"] == r["task"]
                && g["accelerator"] == r["accelerator"]
                && g["accelerators"] == r["accelerators"]
                && g["models"]
                    .as_array()
                    .is_some_and(|m| m.contains(&r["model"]))
        })
}

/// Every configuration as the engine estimates it with the catalog's constants. The estimate
/// of the whole scenario (`estimate_with`) must give the same energy: checked by tests/serving.rs.
pub fn rows() -> Vec<Row> {
    cases().into_iter().map(|c| c.row).collect()
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
