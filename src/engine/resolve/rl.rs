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
fn sourced(c: &mut Ctx, path: &'static str, s: &crate::data::Sourced, what: &str) -> f64 {
    c.number_or(path, false, s.value, cat_origin(s, what))
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
        "grpo",
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
        c.notices.push(crate::engine::FieldError::new(
            "fine_tuning.rl_max_generated_tokens",
            format!("fine_tuning.rl_max_generated_tokens: the longest output ({longest}) is shorter than the mean ({generated}); the mean is taken as the longest"),
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
        Origin::Derived { how },
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
