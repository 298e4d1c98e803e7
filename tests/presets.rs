//! Every preset, held to its sources: its architecture gives its published parameter counts, it
//! reproduces its published training footprint when opened as it is, and typing its own values
//! into the architecture changes nothing.

mod common;

use common::presets::{counts, opened, reproduced};
use llm_footprint::data::Catalog;
use llm_footprint::engine::resolve::ARCHITECTURE;
use llm_footprint::engine::{estimate_with, Options, Scenario};

#[test]
fn every_architecture_gives_its_published_parameter_counts_within_3_percent() {
    let rows = counts();
    assert_eq!(rows.len(), Catalog::get().presets.presets.len());
    for c in rows {
        check_preset(&c.id);
    }
}

#[test]
fn every_preset_reproduces_its_published_training_footprint_within_2_percent() {
    let rows = reproduced();
    // Every preset with a published footprint has at least its hours or its emissions checked.
    let with_reported = Catalog::get()
        .presets
        .presets
        .iter()
        .filter(|p| p.reported.is_some())
        .count();
    assert!(
        with_reported >= 14,
        "{with_reported} presets report a footprint"
    );
    for id in Catalog::get()
        .presets
        .presets
        .iter()
        .filter(|p| p.reported.is_some())
        .map(|p| p.id.to_string())
    {
        assert!(rows.iter().any(|r| r.id == id), "{id} has nothing checked");
    }
    let bad: Vec<String> = rows
        .iter()
        .filter(|r| r.error().is_nan() || r.error().abs() > 0.02)
        .map(|r| {
            format!(
                "{} {}: published {} estimated {} ({:+.1}%)",
                r.id,
                r.quantity,
                r.published,
                r.estimated,
                100.0 * r.error()
            )
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn typing_a_presets_own_architecture_changes_nothing() {
    let opts = Options {
        samples: 0,
        seed: 1,
    };
    for p in Catalog::get().presets.presets.iter() {
        let base = opened(p);
        let own = p.scenario();
        for path in ARCHITECTURE.iter().chain(["model.context"].iter()) {
            let mut s = Scenario::default();
            s.model.preset = Some(p.id.to_string());
            let resolved = base.resolved.assumption(path).map(|a| a.value.clone());
            match resolved {
                Some(llm_footprint::engine::resolve::Value::Number(v)) => {
                    s.set_number(path, Some(v));
                }
                Some(llm_footprint::engine::resolve::Value::Text(t)) => {
                    s.set_text(path, Some(t.into_owned()));
                }
                _ => panic!("{}: {path} was not resolved", p.id),
            }
            let e = estimate_with(&s, &opts).unwrap_or_else(|e| panic!("{}: {path}: {e:?}", p.id));
            assert_eq!(
                e.breakdown, base.breakdown,
                "{}: typing its own {path} changed the estimate",
                p.id
            );
        }
        // And the preset's own published counts are what it opens with.
        assert_eq!(
            Some(base.resolved.inputs.model.params),
            own.model.params,
            "{}",
            p.id
        );
    }
}

#[test]
fn a_presets_grid_is_its_training_runs_not_its_serving_sites() {
    // Llama 3.1 trained on Meta's US grid; serving a query is charged to the world average
    // unless the reader names a serving region.
    let p = Catalog::get().preset("llama-3.1-405b").unwrap();
    let e = opened(p);
    let world = Catalog::get().region("world").unwrap().g_per_kwh.value;
    assert_eq!(e.resolved.inputs.inference.grid_g_per_kwh, world);
    assert!(e.resolved.inputs.training.grid_g_per_kwh < 500.0);
    // The per-query figure is grams, not kilograms.
    let g = e.results.inference.co2e_per_query_g;
    assert!(g > 0.01 && g < 20.0, "{g} g per query");
}

/// One test per preset, so that a preset that leaves its sources fails under its own name: its
/// architecture gives its published counts (±3 %), and opened as it is it reproduces its published
/// training footprint (±2 %).
fn check_preset(id: &str) {
    let c = counts().into_iter().find(|c| c.id == id).expect("a preset");
    for (what, published, derived) in [
        ("total", c.published_total, c.derived_total),
        ("active", c.published_active, c.derived_active),
    ] {
        let err = derived / published - 1.0;
        assert!(
            err.abs() <= 0.03,
            "{id}: {what} parameters {derived:.4e} vs {published:.4e}"
        );
    }
    for r in reproduced().into_iter().filter(|r| r.id == id) {
        let e = r.error();
        assert!(
            e.abs() <= 0.02,
            "{id} {}: published {} estimated {} ({:+.1}%)",
            r.quantity,
            r.published,
            r.estimated,
            100.0 * e
        );
    }
}

macro_rules! preset_tests {
    ($($name:ident => $id:literal),* $(,)?) => {
        $(#[test] fn $name() { check_preset($id); })*
        /// Every preset of the catalog has its own test above.
        #[test]
        fn every_preset_has_its_own_test() {
            let listed = [$($id),*];
            for p in Catalog::get().presets.presets.iter() {
                assert!(listed.contains(&&*p.id), "{} has no test of its own", p.id);
            }
        }
    };
}

preset_tests! {
    gpt_3_175b => "gpt-3-175b",
    opt_175b => "opt-175b",
    bloom_176b => "bloom-176b",
    llama_7b => "llama-7b",
    llama_13b => "llama-13b",
    llama_33b => "llama-33b",
    llama_65b => "llama-65b",
    llama_2_7b => "llama-2-7b",
    llama_2_13b => "llama-2-13b",
    llama_2_70b => "llama-2-70b",
    llama_3_1_8b => "llama-3.1-8b",
    llama_3_1_70b => "llama-3.1-70b",
    llama_3_1_405b => "llama-3.1-405b",
    mistral_7b => "mistral-7b",
    mixtral_8x7b => "mixtral-8x7b",
    deepseek_v3 => "deepseek-v3",
    qwen2_5_72b => "qwen2.5-72b",
    gemma_2_9b => "gemma-2-9b",
    falcon_40b => "falcon-40b",
    t5_11b => "t5-11b",
}

#[test]
fn a_preset_released_in_8_bits_only_is_served_in_8_bits() {
    // DeepSeek-V3 publishes FP8 weights alone: a reader serving it starts from those, at half
    // the bytes of the 16-bit default (and so on fewer devices, at less energy a query).
    let p = Catalog::get().preset("deepseek-v3").unwrap();
    let e = opened(p);
    let s = &e.resolved.inputs.inference;
    assert_eq!(s.bytes_per_param, 1.0);
    let mut bf16 = Scenario::default();
    bf16.model.preset = Some(p.id.to_string());
    bf16.inference.precision = Some("bf16".into());
    let opts = Options {
        samples: 0,
        seed: 1,
    };
    let b = estimate_with(&bf16, &opts).unwrap();
    assert_eq!(b.resolved.inputs.inference.bytes_per_param, 2.0);
    assert!(b.resolved.inputs.inference.devices > s.devices);
    let (fp8_wh, bf16_wh) = (
        e.results.inference.energy_per_query_wh,
        b.results.inference.energy_per_query_wh,
    );
    assert!(fp8_wh < bf16_wh, "{fp8_wh} Wh (fp8) vs {bf16_wh} Wh (bf16)");
}
