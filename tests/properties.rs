//! Property tests: any valid scenario gives finite, non-negative results; physics-monotone inputs
//! never lower the cost; no input text panics the parser or the engine.

use llm_footprint::engine::{estimate_with, Estimate, Options, Scenario};
use proptest::prelude::*;

const FAST: Options = Options {
    samples: 50,
    seed: 3,
};

fn est(s: &Scenario) -> Option<Estimate> {
    estimate_with(s, &FAST).ok()
}

prop_compose! {
    fn scenario()(
        preset in prop::sample::select(vec!["llama-2-70b", "llama-3.1-8b", "gpt-3-175b", "mixtral-8x7b", "bloom-176b"]),
        tokens in 1e9f64..2e13,
        mfu in 0.05f64..1.0,
        pue in 1.0f64..2.5,
        grid in 0.0f64..1200.0,
        batch in 1u32..1024,
        prompt in 0u32..32_000,
        output in 1u32..4000,
        qpd in 0.0f64..1e8,
        days in 0.0f64..3650.0,
        acc in prop::sample::select(vec!["h100", "a100-80gb", "h200", "mi300x", "b200"]),
        precision in prop::sample::select(vec!["fp16", "bf16", "fp8", "int8", "int4"]),
        method in prop::sample::select(vec!["none", "full", "lora", "rl"]),
        rl_samples in 1u32..64,
        rl_generated in 1u32..40_000,
        rl_batch in 1u32..4096,
        embodied in any::<bool>(),
    ) -> Scenario {
        let mut s = Scenario::default();
        s.model.preset = Some(preset.into());
        s.training.tokens = Some(tokens);
        s.training.mfu = Some(mfu);
        s.training.pue = Some(pue);
        s.training.grid_g_per_kwh = Some(grid);
        s.inference.batch = Some(batch.into());
        s.inference.prompt_tokens = Some(prompt.into());
        s.inference.output_tokens = Some(output.into());
        s.inference.queries_per_day = Some(qpd);
        s.inference.days = Some(days);
        s.inference.accelerator = Some(acc.into());
        s.inference.precision = Some(precision.into());
        s.fine_tuning.method = Some(method.into());
        if method == "rl" {
            s.fine_tuning.rl_samples_per_prompt = Some(rl_samples.into());
            s.fine_tuning.rl_generated_tokens = Some(rl_generated.into());
            s.fine_tuning.rl_rollout_batch = Some(rl_batch.into());
        }
        s.embodied.include = Some(embodied);
        s
    }
}

fn all_finite_non_negative(e: &Estimate) -> Result<(), String> {
    let v = serde_json::to_value(&e.results).map_err(|x| x.to_string())?;
    fn walk(path: &str, v: &serde_json::Value) -> Result<(), String> {
        match v {
            serde_json::Value::Number(n) => {
                let x = n.as_f64().unwrap_or(f64::NAN);
                if x.is_finite() && x >= 0.0 {
                    Ok(())
                } else {
                    Err(format!("{path} = {x}"))
                }
            }
            serde_json::Value::Object(m) => m
                .iter()
                .try_for_each(|(k, v)| walk(&format!("{path}.{k}"), v)),
            serde_json::Value::Array(a) => a.iter().try_for_each(|v| walk(path, v)),
            _ => Ok(()),
        }
    }
    walk("results", &v)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn results_are_finite_and_non_negative(s in scenario()) {
        if let Some(e) = est(&s) {
            prop_assert!(all_finite_non_negative(&e).is_ok(), "{:?}", all_finite_non_negative(&e));
            let r = &e.results.ranges.total_co2e_kg;
            prop_assert!(r.p5 <= r.p50 && r.p50 <= r.p95);
        }
    }

    #[test]
    fn more_tokens_never_cost_less(s in scenario(), k in 1.0f64..10.0) {
        let mut more = s.clone();
        more.training.tokens = s.training.tokens.map(|t| (t * k).min(1e16));
        if let (Some(a), Some(b)) = (est(&s), est(&more)) {
            prop_assert!(b.results.training.energy_kwh >= a.results.training.energy_kwh * (1.0 - 1e-12));
            prop_assert!(b.results.total.co2e_kg >= a.results.total.co2e_kg * (1.0 - 1e-12));
        }
    }

    #[test]
    fn dirtier_grids_never_cost_less(s in scenario(), extra in 0.0f64..500.0) {
        let mut dirty = s.clone();
        dirty.training.grid_g_per_kwh = s.training.grid_g_per_kwh.map(|g| (g + extra).min(2000.0));
        dirty.inference.grid_g_per_kwh = Some(800.0 + extra);
        let mut clean = s.clone();
        clean.inference.grid_g_per_kwh = Some(800.0);
        if let (Some(a), Some(b)) = (est(&clean), est(&dirty)) {
            prop_assert!(b.results.total.co2e_kg >= a.results.total.co2e_kg * (1.0 - 1e-12));
        }
    }

    #[test]
    fn more_parameters_never_cost_less(s in scenario(), k in 1.0f64..4.0) {
        let Some(a) = est(&s) else { return Ok(()) };
        // Fix the replica size: a bigger model on more devices can be faster per token.
        let mut s = s;
        s.inference.accelerators = Some(64.0);
        let mut big = s.clone();
        let p = a.resolved.inputs.model.params;
        big.model.params = Some(p * k);
        big.model.active_params = Some(a.resolved.inputs.model.active_params * k);
        let mut same = s.clone();
        same.model.params = Some(p);
        same.model.active_params = Some(a.resolved.inputs.model.active_params);
        if let (Some(a), Some(b)) = (est(&same), est(&big)) {
            prop_assert!(b.results.training.energy_kwh >= a.results.training.energy_kwh * (1.0 - 1e-12));
            prop_assert!(b.results.inference.accelerator_energy_per_output_token_j >= a.results.inference.accelerator_energy_per_output_token_j * (1.0 - 1e-9));
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in prop_oneof![".{0,200}", "[\\[\\]{}\",:a-z0-9 .eE+-]{0,60}"]) {
        let path = Scenario::from_json(&text).err().map(|e| e.path);
        prop_assert_eq!(path, reference_path(&text), "{}", text);
    }

    #[test]
    fn arbitrary_numbers_never_panic(path in prop::sample::select(llm_footprint::engine::params::PARAMS.iter().map(|p| p.path).collect::<Vec<_>>()),
                                     v in prop_oneof![any::<f64>(), -1e20f64..1e20, Just(f64::NAN), Just(f64::INFINITY), Just(0.0)]) {
        let mut s = Scenario::default();
        if !s.set_number(path, Some(v)) {
            s.set_text(path, Some(format!("{v}")));
        }
        match estimate_with(&s, &FAST) {
            Ok(e) => prop_assert!(all_finite_non_negative(&e).is_ok()),
            Err(errs) => prop_assert!(errs.iter().all(|e| !e.path.is_empty() && e.message.contains(&e.path))),
        }
    }
}

#[test]
fn larger_batches_cut_energy_per_token_until_memory_caps_them() {
    let mut last = f64::INFINITY;
    for b in [1.0, 4.0, 16.0, 64.0, 256.0] {
        let mut s = Scenario::default();
        s.model.preset = Some("llama-3.1-8b".into());
        s.inference.accelerator = Some("h100".into());
        s.inference.accelerators = Some(1.0);
        s.inference.batch = Some(b);
        let e = estimate_with(&s, &FAST).unwrap();
        let j = e.results.inference.accelerator_energy_per_output_token_j;
        assert!(j < last, "batch {b}: {j} J/token not below {last}");
        last = j;
    }
}

#[test]
fn attention_share_grows_with_context() {
    let mut s = Scenario::default();
    s.model.preset = Some("llama-2-70b".into());
    let e = estimate_with(&s, &FAST).unwrap();
    let shares: Vec<f64> = e
        .context_curve
        .iter()
        .map(|p| p.attention_flops / (p.dense_flops + p.attention_flops))
        .collect();
    assert!(shares.windows(2).all(|w| w[1] > w[0]));
    assert!(
        shares[0] < 0.01 && *shares.last().unwrap() > 0.5,
        "{shares:?}"
    );
}

/// What `serde_path_to_error` names for a bad document (the reference `Scenario::from_json`'s own
/// position-based path must agree with).
fn reference_path(text: &str) -> Option<String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let e = match serde_path_to_error::deserialize::<_, Scenario>(&mut *de) {
        // It does not look past the document; trailing text is the whole document's error.
        Ok(_) => return de.end().err().map(|_| String::new()),
        Err(e) => e,
    };
    // Where it cannot tell (between a value and the next key) it writes `?`; the scanner names
    // the object instead, which says more.
    let mut path = String::new();
    for segment in e.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => path.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Unknown => {}
            other => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&other.to_string());
            }
        }
    }
    // It names the object of a duplicated key; the scanner names the key, which says more.
    let inner = e
        .inner()
        .to_string()
        .replacen("duplicate field ", "unknown field ", 1);
    match inner.strip_prefix("unknown field ") {
        Some(rest) => {
            let name = rest.split('`').nth(1).unwrap_or(rest);
            Some(if path.is_empty() {
                name.to_string()
            } else if path == name || path.ends_with(&format!(".{name}")) {
                path
            } else {
                format!("{path}.{name}")
            })
        }
        None => Some(path),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// A valid document with one fragment spliced in somewhere: whatever breaks is named by the
    /// same path `serde_path_to_error` gives.
    #[test]
    fn a_bad_field_is_named_like_serde_path_to_error(
        s in scenario(),
        at in 0.0f64..1.0,
        cut in 0usize..3,
        fragment in prop::sample::select(vec![
            "\"x\"", "1", "-1", "[", "]", "{", "}", ",", ":", "\"tokenz\": 1,", "\"batch\": \"lots\",",
            "null", "true", "[1, 2]", "{\"a\": [1, {\"b\": 2}]}", "\"k\\\"ey\": 1,", "1e999", "\"é\"",
            "\"precision\": \"fp7\",", "\"method\": 3,", "\n", " ", "1.", "2e", "tru", "\"a\":", "[[", "{}", "\"\\u00e9t\u{e9}\": 1,", "-", "\"", "\\",
        ]),
        pretty in any::<bool>(),
    ) {
        let text = if pretty { s.to_json_pretty() } else { serde_json::to_string(&s).unwrap() };
        let mut at = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let end = (at + cut).min(text.len());
        let end = (end..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap();
        let bad = format!("{}{}{}", &text[..at], fragment, &text[end..]);
        match (Scenario::from_json(&bad), reference_path(&bad)) {
            (Ok(_), None) => {}
            (Err(e), Some(p)) => prop_assert_eq!(e.path, p, "{}", bad),
            (a, b) => prop_assert!(false, "{bad}: {a:?} vs {b:?}"),
        }
    }
}

#[test]
fn an_extreme_but_valid_scenario_gets_a_plausibility_note() {
    let s = Scenario::from_json(
        r#"{"model":{"preset":"llama-3.1-405b"},"inference":{"queries_per_day":1e12}}"#,
    )
    .unwrap();
    let e = llm_footprint::engine::estimate(&s).unwrap();
    assert!(
        e.results
            .notices
            .iter()
            .any(|n| n.message.contains("TWh a year")),
        "{:?}",
        e.results.notices
    );
    // Within the fit's replicas (405B takes 16 H100, beyond them: a notice of its own).
    let ordinary = Scenario::from_json(r#"{"model":{"preset":"llama-3.1-70b"}}"#).unwrap();
    let e = llm_footprint::engine::estimate(&ordinary).unwrap();
    assert!(e.results.notices.is_empty(), "{:?}", e.results.notices);
}

#[test]
fn a_vanishing_mfu_is_refused_not_turned_into_infinite_hours() {
    // 1e-320 was inside (0, 1]: infinite device-hours, every total "–" and no message.
    for (path, json) in [
        (
            "training.mfu",
            r#"{"model":{"preset":"llama-2-70b"},"training":{"mfu":1e-320}}"#,
        ),
        (
            "fine_tuning.mfu",
            r#"{"model":{"preset":"llama-2-70b"},"fine_tuning":{"method":"full","tokens":1e9,"mfu":1e-320}}"#,
        ),
    ] {
        let s = Scenario::from_json(json).unwrap();
        let errors = llm_footprint::engine::estimate(&s).unwrap_err();
        assert!(errors.iter().any(|e| e.path == path), "{errors:?}");
    }
}
