//! Reinforcement-learning post-training (`fine_tuning.method = "rl"`): the rollouts (every
//! prompt's samples generated on a serving replica of the fine-tuning accelerators, costed by the
//! serving model) and the policy updates on what they generated (training FLOPs over the same
//! tokens, plus the reference model's forward pass and, for PPO, the critic's training).

use super::inference::{replica, replica_devices};
use super::{cat_origin, precision_bytes, Ctx, ModelInputs, Origin, Rollout, Value};
use crate::data::Accelerator;

/// What an RL run adds to a fine-tuning job: the update tokens, their sequence length, the
/// passes per token, and the rollouts.
pub(super) struct Rl {
    pub tokens: f64,
    pub sequence_length: f64,
    pub pass_factor: f64,
    pub rollout: Rollout,
}

/// Forward-pass equivalents per updated token. GRPO: the policy's forward and backward (3) and the
/// frozen reference model's forward for the KL term (1); PPO adds a critic "of comparable size as
/// the policy" trained beside it (3 more). Shao et al. 2024 (DeepSeekMath, arXiv 2402.03300)
/// §4.1.1: GRPO drops PPO's value model and keeps the KL to a reference model.
pub fn pass_factor(algorithm: &str) -> f64 {
    match algorithm {
        "ppo" => 7.0,
        _ => 4.0,
    }
}

/// The reader's value, else the defaults file's with its source.
fn sourced(
    c: &mut Ctx,
    path: &'static str,
    s: &'static crate::data::Sourced,
    what: &'static str,
) -> f64 {
    c.number_or(path, false, s.value, cat_origin(s, what.into()))
}

pub(super) fn resolve(
    c: &mut Ctx,
    model: &ModelInputs,
    acc: Option<&'static Accelerator>,
    precision: &str,
    devices: f64,
) -> Option<Rl> {
    let why = "DeepSeek-R1's algorithm (Nature 2025, Methods: GRPO)".into();
    let algorithm = c.text_or(
        "fine_tuning.rl_algorithm",
        false,
        "grpo".into(),
        Origin::Default { why },
    );
    let d = &c.cat.defaults.rl;
    let prompts = sourced(
        c,
        "fine_tuning.rl_prompts",
        &d.prompts,
        "DeepSeek-R1-Zero's prompts",
    );
    let samples = sourced(
        c,
        "fine_tuning.rl_samples_per_prompt",
        &d.samples_per_prompt,
        "DeepSeek-R1-Zero's group size",
    );
    let prompt_tokens = sourced(
        c,
        "fine_tuning.rl_prompt_tokens",
        &d.prompt_tokens,
        "prompt length",
    );
    let generated = sourced(
        c,
        "fine_tuning.rl_generated_tokens",
        &d.generated_tokens,
        "DeepSeek-R1-Zero's mean response length",
    );
    let longest = sourced(
        c,
        "fine_tuning.rl_max_generated_tokens",
        &d.max_generated_tokens,
        "DeepSeek-R1-Zero's length cap",
    );
    if longest < generated {
        c.notices.push(crate::engine::FieldError::with(
            "fine_tuning.rl_max_generated_tokens",
            format!("fine_tuning.rl_max_generated_tokens: the longest output ({longest}) is shorter than the mean ({generated}); the mean is taken as the longest"),
            crate::engine::scenario::Problem::LongestUnderMean { longest, mean: generated },
        ));
    }
    let batch = sourced(
        c,
        "fine_tuning.rl_rollout_batch",
        &d.rollout_batch,
        "DeepSeek-R1-Zero's rollout batch",
    );
    let a = acc?;
    // A rollout replica is a serving replica: the smallest that holds the weights, within the job.
    let weights = model.params * precision_bytes(precision);
    let replica_n = replica_devices(c.cat, a, weights).min(devices);
    let how = format!(
        "the smallest power of two of {} whose memory holds the weights at {precision} with a quarter left for the KV cache (at most the job's devices)",
        a.name
    );
    c.record(
        "fine_tuning.rl_replica_devices",
        Value::Number(replica_n),
        Origin::Derived { how: how.into() },
    );
    let sequences = prompts * samples;
    Some(Rl {
        tokens: sequences * (prompt_tokens + generated),
        sequence_length: prompt_tokens + generated,
        pass_factor: pass_factor(&algorithm),
        rollout: Rollout {
            sequences,
            longest: longest.max(generated),
            serve: super::ServeInputs {
                batch,
                prompt_tokens,
                output_tokens: generated,
                ..replica(c.cat, a, precision, replica_n)
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::engine::scenario::Problem;
    use crate::engine::{estimate, Estimate, Scenario};

    /// DeepSeek-V3 post-trained with RL, with `edit` applied to its fine-tuning section.
    fn rl(edit: impl Fn(&mut crate::engine::scenario::FineTuning)) -> Estimate {
        let mut s = Scenario::default();
        s.model.preset = Some("deepseek-v3".into());
        s.fine_tuning.method = Some("rl".into());
        edit(&mut s.fine_tuning);
        estimate(&s).expect("an RL scenario resolves")
    }

    fn hours(e: &Estimate) -> f64 {
        e.results.fine_tuning.accelerator_hours
    }

    #[test]
    fn more_samples_per_prompt_cost_more() {
        let base = rl(|_| {});
        let more = rl(|f| f.rl_samples_per_prompt = Some(32.0));
        // Twice the sequences: twice the rollouts and twice the updated tokens.
        assert!((hours(&more) / hours(&base) - 2.0).abs() < 1e-9);
        assert!(more.results.fine_tuning.energy_kwh > 1.99 * base.results.fine_tuning.energy_kwh);
    }

    #[test]
    fn longer_generations_and_longer_tails_cost_more() {
        let base = rl(|_| {});
        let longer = rl(|f| f.rl_generated_tokens = Some(16_000.0));
        assert!(hours(&longer) > 1.3 * hours(&base));
        // With the longest output no longer than the mean, no round waits on a tail.
        let no_tail = rl(|f| f.rl_max_generated_tokens = Some(8000.0));
        let (a, b) = (
            base.results.fine_tuning.rl.as_ref().unwrap(),
            no_tail.results.fine_tuning.rl.as_ref().unwrap(),
        );
        // The tail's steps run at a shrinking batch, so they cost less than full ones (0.56 today).
        assert!(
            b.rollout_accelerator_hours < 0.7 * a.rollout_accelerator_hours,
            "{} against {}",
            b.rollout_accelerator_hours,
            a.rollout_accelerator_hours
        );
        assert!((a.update_accelerator_hours / b.update_accelerator_hours - 1.0).abs() < 1e-12);
    }

    #[test]
    fn the_phase_reports_rollouts_and_updates_that_add_up() {
        let e = rl(|_| {});
        let f = &e.results.fine_tuning;
        let r = f.rl.as_ref().expect("an RL run reports its split");
        assert!(r.rollout_energy_kwh > 0.0 && r.update_energy_kwh > 0.0);
        let sum = r.rollout_energy_kwh + r.update_energy_kwh;
        assert!((sum / f.energy_kwh - 1.0).abs() < 1e-12);
        let h = r.rollout_accelerator_hours + r.update_accelerator_hours;
        assert!((h / f.accelerator_hours - 1.0).abs() < 1e-12);
        assert_eq!(r.rollout_generated_tokens, 332_800.0 * 16.0 * 8000.0);
        // Supervised fine-tuning has no split.
        let mut s = Scenario::default();
        s.fine_tuning.method = Some("full".into());
        assert_eq!(estimate(&s).unwrap().results.fine_tuning.rl, None);
    }

    #[test]
    fn ppo_trains_a_critic_grpo_does_not() {
        let grpo = rl(|_| {});
        let ppo = rl(|f| f.rl_algorithm = Some("ppo".into()));
        let (g, p) = (
            grpo.results.fine_tuning.rl.as_ref().unwrap(),
            ppo.results.fine_tuning.rl.as_ref().unwrap(),
        );
        assert!((p.update_flops / g.update_flops - 7.0 / 4.0).abs() < 1e-9);
        assert_eq!(p.rollout_flops, g.rollout_flops);
    }

    #[test]
    fn measured_hours_keep_the_estimated_split() {
        let est = rl(|_| {});
        let measured = rl(|f| f.accelerator_hours = Some(101_376.0));
        let (a, b) = (
            est.results.fine_tuning.rl.as_ref().unwrap(),
            measured.results.fine_tuning.rl.as_ref().unwrap(),
        );
        assert!((hours(&measured) - 101_376.0).abs() < 1e-6);
        let share = |r: &crate::engine::results::RlResults| {
            r.rollout_accelerator_hours / (r.rollout_accelerator_hours + r.update_accelerator_hours)
        };
        assert!((share(a) - share(b)).abs() < 1e-12);
    }

    #[test]
    fn bad_rl_values_name_the_field_and_its_range() {
        let bad = |json: &str| {
            let s = Scenario::from_json(json).expect("parses");
            match estimate(&s) {
                Err(e) => e,
                Ok(_) => panic!("accepted {json}"),
            }
        };
        let e = bad(r#"{"fine_tuning":{"method":"rl","rl_samples_per_prompt":0}}"#);
        assert_eq!(e[0].path, "fine_tuning.rl_samples_per_prompt");
        assert!(e[0].message.contains("[1, 10000]"), "{}", e[0].message);
        assert!(matches!(e[0].problem, Problem::Range { got } if got == 0.0));
        let e = bad(r#"{"fine_tuning":{"method":"rl","rl_prompts":2.5}}"#);
        assert!(e[0].message.contains("whole number"), "{}", e[0].message);
        let e = bad(r#"{"fine_tuning":{"method":"rl","rl_generated_tokens":-1}}"#);
        assert_eq!(e[0].path, "fine_tuning.rl_generated_tokens");
        let e = bad(r#"{"fine_tuning":{"method":"rl","rl_algorithm":"dpo"}}"#);
        assert_eq!(e[0].path, "fine_tuning.rl_algorithm");
        assert!(e[0].message.contains("grpo, ppo"), "{}", e[0].message);
        let e = bad(r#"{"fine_tuning":{"method":"rlhf"}}"#);
        assert!(
            e[0].message.contains("none, full, lora, rl"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn a_longest_output_under_the_mean_is_noticed_and_taken_as_the_mean() {
        let e = rl(|f| f.rl_max_generated_tokens = Some(1000.0));
        assert!(e
            .results
            .notices
            .iter()
            .any(|n| n.path == "fine_tuning.rl_max_generated_tokens"));
        let same = rl(|f| f.rl_max_generated_tokens = Some(8000.0));
        assert_eq!(hours(&e), hours(&same));
    }

    #[test]
    fn rollouts_follow_the_serving_efficiency_in_the_uncertainty() {
        // Nothing served: only the rollouts run on the serving model.
        let mut s = Scenario::default();
        s.model.preset = Some("deepseek-v3".into());
        s.fine_tuning.method = Some("rl".into());
        s.inference.queries_per_day = Some(0.0);
        let e = estimate(&s).unwrap();
        let swing = e
            .results
            .sensitivity
            .iter()
            .find(|x| x.factor == crate::engine::uncertainty::Factor::ServingEfficiency)
            .map(|x| (x.high_kg - x.low_kg).abs())
            .unwrap_or(0.0);
        assert!(
            swing > 1000.0,
            "serving efficiency moves an RL run by {swing} kg"
        );
    }
}
