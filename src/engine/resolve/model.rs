//! The model: its architecture, field by field (reader, then preset, then a stated rule), and its
//! parameter counts. A preset's published counts stand while the architecture is its own; when
//! the reader changes the architecture they are scaled by what the formulas of `architecture.rs`
//! say the change does, so typing a preset's own value changes nothing.

use super::{fallback, Ctx, ModelInputs, Origin, Value};
use crate::engine::architecture::shape_for;
use crate::engine::scenario::Scenario;

/// Every architecture path: touching one re-derives the parameter counts.
pub const ARCHITECTURE: &[&str] = &[
    "model.layers",
    "model.d_model",
    "model.heads",
    "model.kv_heads",
    "model.head_dim",
    "model.vocab",
    "model.ffn",
    "model.ffn_dim",
    "model.embeddings",
    "model.experts",
    "model.experts_per_token",
    "model.shared_experts",
    "model.expert_ffn_dim",
    "model.dense_layers",
    "model.kv_lora_rank",
    "model.q_lora_rank",
    "model.rope_head_dim",
    "model.sliding_window",
    "model.local_layers",
    "model.encoder_layers",
];

/// Where one architecture value came from.
enum From {
    Reader,
    Preset,
    Rule(&'static str),
}

/// The architecture a scenario describes (falling back on `base`, a preset's scenario), with
/// each value's origin. Parameter counts are left at 0: see [`resolve`].
fn shape(s: &Scenario, base: Option<&Scenario>) -> (ModelInputs, Vec<(&'static str, f64, From)>) {
    let mut seen = Vec::with_capacity(ARCHITECTURE.len() + 2);
    let mut get = |path: &'static str, rule: &'static str, default: f64| -> f64 {
        let (v, from) = match (s.number(path), base.and_then(|b| b.number(path))) {
            (Some(v), _) => (v, From::Reader),
            (None, Some(v)) => (v, From::Preset),
            (None, None) => (default, From::Rule(rule)),
        };
        seen.push((path, v, from));
        v
    };
    // A model of the reader's own: Llama 2's vocabulary and context, and a shape from the
    // parameter count (architecture::shape_for).
    let vocab = get("model.vocab", "32,000 tokens (Llama 2's)", fallback::VOCAB);
    let target = s.model.params.unwrap_or(fallback::PARAMS);
    let (l0, d0) = shape_for(target, vocab);
    let shape_rule = "from model.params: d_model = 128 × layers, the width-to-depth ratio of GPT-3 and Llama 2 (architecture::shape_for)";
    let layers = get("model.layers", shape_rule, l0);
    let d = get(
        "model.d_model",
        shape_rule,
        if s.model.layers.is_some() {
            128.0 * layers
        } else {
            d0
        },
    );
    let heads = get(
        "model.heads",
        "d_model / 128 (128-wide heads)",
        (d / 128.0).round().max(1.0),
    );
    let kv_heads = get("model.kv_heads", "= heads (multi-head attention)", heads).min(heads);
    let head_dim = get("model.head_dim", "d_model / heads", d / heads);
    let context = get(
        "model.context",
        "4096 tokens (Llama 2's)",
        fallback::CONTEXT,
    );
    let text = |path: &str| s.text(path).or_else(|| base.and_then(|b| b.text(path)));
    let gated = text("model.ffn") != Some("plain");
    let ffn_rule = if gated {
        "8·d/3 rounded up to a multiple of 256 (LLaMA's rule for SwiGLU)"
    } else {
        "4·d"
    };
    let ffn_default = if gated {
        (8.0 * d / 3.0 / 256.0).ceil() * 256.0
    } else {
        4.0 * d
    };
    let ffn_dim = get("model.ffn_dim", ffn_rule, ffn_default);
    let experts = get("model.experts", "0: a dense model", 0.0);
    let moe = experts > 0.0;
    let per_token = if moe { 1.0 } else { 0.0 };
    let m = ModelInputs {
        params: 0.0,
        active_params: 0.0,
        layers,
        d_model: d,
        heads,
        kv_heads,
        head_dim,
        context,
        vocab,
        ffn_dim,
        ffn_matrices: if gated { 3.0 } else { 2.0 },
        embedding_matrices: if text("model.embeddings") == Some("tied") {
            1.0
        } else {
            2.0
        },
        experts,
        experts_per_token: get(
            "model.experts_per_token",
            if moe {
                "one expert per token"
            } else {
                "0: a dense model"
            },
            per_token,
        ),
        shared_experts: get("model.shared_experts", "none", 0.0),
        expert_ffn_dim: get("model.expert_ffn_dim", "= ffn_dim", ffn_dim),
        dense_layers: get("model.dense_layers", "none", 0.0),
        kv_lora_rank: get("model.kv_lora_rank", "0: ordinary attention", 0.0),
        q_lora_rank: get("model.q_lora_rank", "0: full-rank queries", 0.0),
        rope_head_dim: get("model.rope_head_dim", "0", 0.0),
        sliding_window: get("model.sliding_window", "0: global attention", 0.0),
        local_layers: 0.0,
        encoder_layers: get("model.encoder_layers", "0: decoder-only", 0.0),
    };
    let local = get("model.local_layers", "every layer", layers);
    (
        ModelInputs {
            local_layers: local,
            ..m
        },
        seen,
    )
}

pub(super) fn resolve(c: &mut Ctx) -> ModelInputs {
    let (mut m, seen) = shape(c.user, Some(&c.base));
    for (path, v, from) in seen {
        let origin = match from {
            From::Reader => Origin::Scenario,
            From::Preset => c.preset_origin(path),
            From::Rule(how) => Origin::Derived { how: how.into() },
        };
        c.record(path, Value::Number(v), origin);
    }
    for (path, default) in [("model.ffn", "gated"), ("model.embeddings", "untied")] {
        let why = "neither the reader nor the preset says: the usual choice since LLaMA";
        c.text_or(
            path,
            true,
            default.into(),
            Origin::Default { why: why.into() },
        );
    }
    let derived = m.param_count();
    let touched = ARCHITECTURE
        .iter()
        .any(|p| c.user.number(p).is_some() || c.user.text(p).is_some());
    // The preset's own architecture, for scaling its published counts.
    let own = touched.then(|| shape(&c.base, None).0.param_count());
    let scaled = |published: f64, ours: f64, of_own: f64| {
        if of_own > 0.0 {
            published * ours / of_own
        } else {
            ours
        }
    };
    let how = "from the architecture: attention, feed-forward (and experts) per layer, plus the embeddings (architecture.rs)";
    m.params = match (c.user.model.params, c.base.model.params, own) {
        (Some(v), _, _) => {
            c.record("model.params", Value::Number(v), Origin::Scenario);
            v
        }
        (None, Some(p), None) => c.number("model.params", true).unwrap_or(p),
        (None, Some(p), Some(own)) => {
            let v = scaled(p, derived.total, own.total);
            let how =
                "the preset's published count × (this architecture's count / the preset's own)";
            c.record("model.params", Value::Number(v), derived_how(how));
            v
        }
        (None, None, _) => {
            c.record(
                "model.params",
                Value::Number(derived.total),
                derived_how(how),
            );
            derived.total
        }
    };
    let share = if derived.total > 0.0 {
        (derived.active / derived.total).clamp(0.0, 1.0)
    } else {
        1.0
    };
    m.active_params = match (c.user.model.active_params, c.base.model.active_params) {
        (Some(v), _) => {
            c.record("model.active_params", Value::Number(v), Origin::Scenario);
            v
        }
        (None, Some(a)) if c.user.model.params.is_none() => match own {
            None => c.number("model.active_params", true).unwrap_or(a),
            Some(own) => {
                let v = scaled(a, derived.active, own.active);
                let how = "the preset's published active count × (this architecture's / the preset's own)";
                c.record("model.active_params", Value::Number(v), derived_how(how));
                v
            }
        },
        _ => {
            let v = m.params * share;
            let how: super::Words = if share < 1.0 {
                format!("model.params × {share:.4}, the architecture's active share").into()
            } else {
                "= model.params (dense)".into()
            };
            c.record(
                "model.active_params",
                Value::Number(v),
                Origin::Derived { how },
            );
            v
        }
    };
    if m.active_params > m.params * (1.0 + 1e-9) {
        let e = super::exceeds(
            "model.active_params",
            "model.params",
            m.params,
            m.active_params,
        );
        c.errors.push(e);
    }
    m
}

fn derived_how(how: &'static str) -> Origin {
    Origin::Derived { how: how.into() }
}

/// The architecture-derived counts of a scenario on its own (no reader values): the preset table
/// of the tests and the notes.
pub fn derived_counts(s: &Scenario) -> crate::engine::architecture::ParamCount {
    shape(s, None).0.param_count()
}

/// A preset's own model: its architecture with its published counts (the run its reported hours
/// describe).
pub(super) fn preset_model(s: &Scenario) -> ModelInputs {
    let (mut m, _) = shape(s, None);
    let n = m.param_count();
    m.params = s.model.params.unwrap_or(n.total);
    m.active_params = match s.model.active_params {
        Some(a) => a,
        None if n.total > 0.0 => m.params * n.active / n.total,
        None => m.params,
    };
    m
}
