//! The published reinforcement-learning runs of src/data/rl_runs.json, each predicted by the
//! engine from its paper's setup (tests/rl_runs.rs holds them to their tolerance; the validation
//! page lists them).

use llm_footprint::engine::{estimate, Scenario};
use serde_json::Value;

const RUNS: &str = include_str!("../../src/data/rl_runs.json");

pub fn runs() -> Vec<Value> {
    let doc: Value = serde_json::from_str(RUNS).expect("rl_runs.json parses");
    doc["runs"].as_array().expect("runs").clone()
}

/// A run with a setup, as the engine predicts it.
pub struct Predicted {
    pub id: String,
    pub name: String,
    pub published: f64,
    pub estimated: f64,
    pub rollout_hours: f64,
    pub tolerance: f64,
}

/// Every run of the file with a setup.
pub fn predicted() -> Vec<Predicted> {
    runs()
        .iter()
        .filter(|r| !r["scenario"].is_null())
        .map(|r| {
            let s: Scenario = serde_json::from_value(r["scenario"].clone()).expect("scenario");
            let e = estimate(&s).unwrap_or_else(|e| panic!("{}: {e:?}", r["id"]));
            let f = &e.results.fine_tuning;
            Predicted {
                id: r["id"].as_str().unwrap().to_string(),
                name: r["name"].as_str().unwrap().to_string(),
                published: r["reported"]["accelerator_hours"].as_f64().unwrap(),
                estimated: f.accelerator_hours,
                rollout_hours: f.rl.as_ref().map_or(0.0, |x| x.rollout_accelerator_hours),
                tolerance: r["tolerance"]
                    .as_f64()
                    .expect("a predicted run states its tolerance"),
            }
        })
        .collect()
}
