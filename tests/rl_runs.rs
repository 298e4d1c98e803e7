//! Published reinforcement-learning runs (src/data/rl_runs.json) against the engine: each run's
//! setup, as its paper states it, predicts its published device-hours within the tolerance the
//! file states beside it. No engine constant is fitted on these runs: the rollouts run on the
//! serving model fitted on ML.ENERGY's measurements and the updates at the MFU the base model's
//! own pre-training hours imply.

mod common;

use common::rl::{predicted, runs};
use llm_footprint::engine::{estimate, Scenario};

#[test]
fn each_published_rl_run_reproduces_its_device_hours_within_its_tolerance() {
    let p = predicted();
    assert!(!p.is_empty(), "no RL run with a setup");
    for r in p {
        let (id, published, estimated, tol) = (r.id, r.published, r.estimated, r.tolerance);
        let ratio = estimated / published;
        println!("{id}: published {published} device-h, estimated {estimated:.0} ({ratio:.2}×)");
        assert!(
            ratio > 1.0 / tol && ratio < tol,
            "{id}: estimated {estimated:.0} device-hours for the published {published} ({ratio:.2}×, allowed ×/÷ {tol})"
        );
    }
}

#[test]
fn every_field_of_a_run_has_a_source_and_every_run_says_why_its_tolerance() {
    for r in runs() {
        let id = r["id"].as_str().unwrap();
        assert!(
            r["reported"]["source"]
                .as_str()
                .is_some_and(|s| !s.is_empty()),
            "{id}"
        );
        assert!(
            r["tolerance_why"].as_str().is_some_and(|s| s.len() > 20),
            "{id}"
        );
        let Some(s) = r["scenario"].as_object() else {
            continue;
        };
        for (section, fields) in s {
            for field in fields.as_object().unwrap().keys() {
                let path = format!("{section}.{field}");
                assert!(
                    r["sources"][&path].as_str().is_some_and(|s| !s.is_empty()),
                    "{id}: {path} has no source"
                );
            }
        }
    }
}

#[test]
fn the_rollouts_are_most_of_a_long_reasoning_run() {
    // DeepSeek-R1-Zero generates 8,000 tokens a sample on average: decoding them dominates.
    let s: Scenario = serde_json::from_value(runs()[0]["scenario"].clone()).unwrap();
    let e = estimate(&s).unwrap();
    let rl = e
        .results
        .fine_tuning
        .rl
        .as_ref()
        .expect("an RL run reports its split");
    assert!(rl.rollout_accelerator_hours > rl.update_accelerator_hours);
    assert_eq!(rl.rollout_sequences, 332_800.0 * 16.0);
}
