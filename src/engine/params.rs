//! Every input of the scenario, defined once: its path (also its share-link key), unit, bounds,
//! kind, and a one-line help text. Validation, the form, the share link and the CLI all read this
//! table, so a bound lives in exactly one place.

use super::scenario::Scenario;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A number in `[min, max]` (or `(min, max]` when `min_exclusive`).
    Number,
    /// A whole number.
    Count,
    /// One of a catalog's ids or a fixed list.
    Choice(ChoiceSource),
    Bool,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ChoiceSource {
    Preset,
    Accelerator,
    Region,
    /// A data-centre operator of `water.json`.
    Operator,
    Precision,
    FineTuneMethod,
    /// A fixed list of ids, shown through the catalogue keys `choice.{id}`.
    Fixed(&'static [&'static str]),
}

/// Feed-forward kinds: gated (SwiGLU/GeGLU, three matrices) or plain (two).
pub const FFN_KINDS: &[&str] = &["gated", "plain"];
/// Whether the output projection reuses the input embedding.
pub const EMBEDDINGS: &[&str] = &["tied", "untied"];
/// Reinforcement-learning algorithms: GRPO (no critic) or PPO (with a critic).
pub const RL_ALGORITHMS: &[&str] = &["grpo", "ppo"];
/// How a mixture-of-experts replica spreads over its devices: whole experts per device (tokens
/// routed between devices) or a slice of every expert per device.
pub const PARALLELISMS: &[&str] = &["expert", "tensor"];
/// Number formats of a training run's matrix multiplies.
pub const TRAINING_PRECISIONS: &[&str] = &["bf16", "fp16", "fp8", "fp32"];

#[derive(Debug, Clone, Copy)]
pub struct ParamDef {
    pub path: &'static str,
    pub kind: Kind,
    pub unit: &'static str,
    pub min: f64,
    pub max: f64,
    pub min_exclusive: bool,
    /// Shown as the typical range beside the field.
    pub typical: &'static str,
    pub help: &'static str,
}

const fn num(
    path: &'static str,
    unit: &'static str,
    min: f64,
    max: f64,
    typical: &'static str,
    help: &'static str,
) -> ParamDef {
    ParamDef {
        path,
        kind: Kind::Number,
        unit,
        min,
        max,
        min_exclusive: false,
        typical,
        help,
    }
}

const fn pos(
    path: &'static str,
    unit: &'static str,
    max: f64,
    typical: &'static str,
    help: &'static str,
) -> ParamDef {
    ParamDef {
        path,
        kind: Kind::Number,
        unit,
        min: 0.0,
        max,
        min_exclusive: true,
        typical,
        help,
    }
}

const fn count(
    path: &'static str,
    unit: &'static str,
    min: f64,
    max: f64,
    typical: &'static str,
    help: &'static str,
) -> ParamDef {
    ParamDef {
        path,
        kind: Kind::Count,
        unit,
        min,
        max,
        min_exclusive: false,
        typical,
        help,
    }
}

const fn choice(path: &'static str, src: ChoiceSource, help: &'static str) -> ParamDef {
    ParamDef {
        path,
        kind: Kind::Choice(src),
        unit: "",
        min: 0.0,
        max: 0.0,
        min_exclusive: false,
        typical: "",
        help,
    }
}

/// Upper bounds are generous physical limits, there to refuse typos (1e40 tokens), not opinions.
pub const PARAMS: &[ParamDef] = &[
    ParamDef {
        path: "name",
        kind: Kind::Text,
        unit: "",
        min: 0.0,
        max: 200.0,
        min_exclusive: false,
        typical: "",
        help: "A name for this scenario.",
    },
    choice(
        "model.preset",
        ChoiceSource::Preset,
        "A published model whose architecture and training run fill the defaults.",
    ),
    pos(
        "model.params",
        "parameters",
        1e15,
        "1e8 – 2e12",
        "Total parameters. Derived from the architecture when left empty.",
    ),
    pos(
        "model.active_params",
        "parameters",
        1e15,
        "= params unless mixture-of-experts",
        "Parameters used per token (mixture-of-experts models).",
    ),
    count(
        "model.layers",
        "layers",
        1.0,
        10_000.0,
        "12 – 126",
        "Transformer blocks.",
    ),
    count(
        "model.d_model",
        "",
        1.0,
        1_000_000.0,
        "768 – 18432",
        "Hidden size (model width).",
    ),
    count(
        "model.heads",
        "heads",
        1.0,
        100_000.0,
        "12 – 128",
        "Attention (query) heads.",
    ),
    count(
        "model.kv_heads",
        "heads",
        1.0,
        100_000.0,
        "1 – heads (grouped-query attention)",
        "Key/value heads; fewer than heads with grouped-query attention. Sets the KV-cache size.",
    ),
    count(
        "model.context",
        "tokens",
        1.0,
        100_000_000.0,
        "2048 – 131072",
        "Longest context served: sets the KV cache and serving attention.",
    ),
    count(
        "model.vocab",
        "tokens",
        1.0,
        10_000_000.0,
        "32000 – 256000",
        "Vocabulary size (embedding parameters).",
    ),
    count(
        "model.head_dim",
        "",
        1.0,
        100_000.0,
        "64 – 256",
        "Width of one attention head; default d_model / heads.",
    ),
    choice(
        "model.ffn",
        ChoiceSource::Fixed(FFN_KINDS),
        "Feed-forward block: gated (SwiGLU/GeGLU, three matrices) or plain (two).",
    ),
    count(
        "model.ffn_dim",
        "",
        1.0,
        10_000_000.0,
        "4·d plain, 2.7–3.5·d gated",
        "Hidden width of a dense feed-forward block.",
    ),
    choice(
        "model.embeddings",
        ChoiceSource::Fixed(EMBEDDINGS),
        "Tied: the output projection reuses the input embedding; untied: it has its own.",
    ),
    count(
        "model.experts",
        "experts",
        0.0,
        100_000.0,
        "0 (dense), 8 – 256",
        "Routed experts per mixture-of-experts layer; 0 for a dense model.",
    ),
    count(
        "model.experts_per_token",
        "experts",
        0.0,
        10_000.0,
        "1 – 8",
        "Routed experts each token uses.",
    ),
    count(
        "model.shared_experts",
        "experts",
        0.0,
        10_000.0,
        "0 – 2",
        "Experts every token uses besides the routed ones.",
    ),
    count(
        "model.expert_ffn_dim",
        "",
        1.0,
        10_000_000.0,
        "1408 – 14336",
        "Hidden width of one expert.",
    ),
    count(
        "model.dense_layers",
        "layers",
        0.0,
        10_000.0,
        "0 – 3",
        "Leading layers with a dense feed-forward block in a mixture-of-experts model.",
    ),
    count(
        "model.kv_lora_rank",
        "",
        0.0,
        1_000_000.0,
        "0, 512 (DeepSeek)",
        "Multi-head latent attention: width of the cached latent; 0 for ordinary attention.",
    ),
    count(
        "model.q_lora_rank",
        "",
        0.0,
        1_000_000.0,
        "0, 1536 (DeepSeek-V3)",
        "Multi-head latent attention: low-rank width of the queries (0: full rank).",
    ),
    count(
        "model.rope_head_dim",
        "",
        0.0,
        100_000.0,
        "0, 64 (DeepSeek)",
        "Multi-head latent attention: rotary key width per head, cached beside the latent.",
    ),
    count(
        "model.sliding_window",
        "tokens",
        0.0,
        100_000_000.0,
        "0 (none), 4096",
        "Tokens a sliding-window layer attends to; 0 when every layer attends globally.",
    ),
    count(
        "model.local_layers",
        "layers",
        0.0,
        10_000.0,
        "all, or every other layer",
        "Layers that use the sliding window.",
    ),
    count(
        "model.encoder_layers",
        "layers",
        0.0,
        10_000.0,
        "0 (decoder-only)",
        "Encoder layers of an encoder-decoder model such as T5.",
    ),
    pos(
        "training.tokens",
        "tokens",
        1e16,
        "3e11 – 1.5e13",
        "Tokens seen in pre-training, all epochs.",
    ),
    count(
        "training.sequence_length",
        "tokens",
        1.0,
        100_000_000.0,
        "2048 – 8192",
        "Tokens per pre-training sequence; training attention grows with it.",
    ),
    choice(
        "training.precision",
        ChoiceSource::Fixed(TRAINING_PRECISIONS),
        "Number format of the training matrix multiplies (bf16, or fp8 as DeepSeek-V3); sets the peak rate.",
    ),
    choice(
        "training.accelerator",
        ChoiceSource::Accelerator,
        "Accelerator used for pre-training.",
    ),
    count(
        "training.accelerators",
        "devices",
        1.0,
        10_000_000.0,
        "256 – 16384",
        "Devices running the job at once (sets the wall-clock time).",
    ),
    ParamDef {
        path: "training.mfu",
        kind: Kind::Number,
        unit: "",
        // 0.1 %: far under any published run (the lowest, 11 %), and a floor that keeps the
        // device-hours finite (an MFU of 1e-320 gave infinite hours and no message).
        min: 0.001,
        max: 1.0,
        min_exclusive: false,
        typical: "0.2 – 0.55",
        help: "Model FLOPs utilisation: achieved model FLOP/s over the dense peak.",
    },
    pos(
        "training.accelerator_hours",
        "device-hours",
        1e12,
        "1e5 – 3e7",
        "Measured device-hours; when given they replace the FLOPs / MFU estimate.",
    ),
    pos(
        "training.power_w",
        "W",
        10_000.0,
        "250 – 1200",
        "Average draw of one accelerator; the host overhead adds host power unless the figure already includes it.",
    ),
    num(
        "training.host_overhead",
        "",
        0.0,
        5.0,
        "0 – 0.8",
        "Power of host CPUs, memory and network as a fraction of the devices' power; 0 counts the devices alone.",
    ),
    num(
        "training.development_factor",
        "",
        1.0,
        100.0,
        "1 – 5.6",
        "Energy of the whole development (experiments, ablations, failed runs) over the final run; 1 = the final run.",
    ),
    num(
        "training.pue",
        "",
        1.0,
        5.0,
        "1.08 – 1.6",
        "Data-centre power usage effectiveness (facility energy / IT energy).",
    ),
    num(
        "training.wue_l_per_kwh",
        "L/kWh",
        0.0,
        20.0,
        "0 – 2",
        "On-site water use per kWh of IT energy (water usage effectiveness).",
    ),
    choice(
        "training.region",
        ChoiceSource::Region,
        "Electricity grid of the training site.",
    ),
    num(
        "training.grid_g_per_kwh",
        "gCO2e/kWh",
        0.0,
        2000.0,
        "0 – 900",
        "Grid carbon intensity; overrides the region.",
    ),
    num(
        "training.market_g_per_kwh",
        "gCO2e/kWh",
        0.0,
        2000.0,
        "0 – 900",
        "Market-based emission factor (contractual, after renewable purchases): reported beside the location-based figure.",
    ),
    num(
        "training.water_offsite_l_per_kwh",
        "L/kWh",
        0.0,
        50.0,
        "1 – 6",
        "Water consumed off-site generating the electricity, per kWh of facility energy; defaults from the region.",
    ),
    choice(
        "training.operator",
        ChoiceSource::Operator,
        "Data-centre operator: its published fleet WUE becomes the on-site default.",
    ),
    choice(
        "fine_tuning.method",
        ChoiceSource::FineTuneMethod,
        "none, full (all weights), lora (low-rank adapters on frozen weights) or rl (reinforcement learning: generated rollouts, then policy updates).",
    ),
    pos(
        "fine_tuning.tokens",
        "tokens",
        1e15,
        "1e6 – 1e10",
        "Tokens in the fine-tuning set (per epoch).",
    ),
    pos(
        "fine_tuning.epochs",
        "epochs",
        10_000.0,
        "1 – 5",
        "Passes over the fine-tuning set.",
    ),
    choice(
        "fine_tuning.rl_algorithm",
        ChoiceSource::Fixed(RL_ALGORITHMS),
        "grpo (no critic; a reference model's forward pass) or ppo (a critic as large as the policy, trained beside it).",
    ),
    count(
        "fine_tuning.rl_prompts",
        "prompts",
        1.0,
        1e12,
        "1e4 – 1e6",
        "Prompts sampled over the whole run (steps × prompts per step).",
    ),
    count(
        "fine_tuning.rl_samples_per_prompt",
        "samples",
        1.0,
        10_000.0,
        "4 – 64",
        "Outputs generated per prompt (GRPO's group size).",
    ),
    count(
        "fine_tuning.rl_prompt_tokens",
        "tokens",
        0.0,
        10_000_000.0,
        "100 – 2000",
        "Tokens per prompt.",
    ),
    count(
        "fine_tuning.rl_generated_tokens",
        "tokens",
        1.0,
        10_000_000.0,
        "500 – 20000",
        "Mean tokens generated per output over the run (reasoning runs grow them as they train).",
    ),
    count(
        "fine_tuning.rl_max_generated_tokens",
        "tokens",
        1.0,
        10_000_000.0,
        "4096 – 65536",
        "Longest generation allowed: a rollout round lasts until its longest output ends.",
    ),
    count(
        "fine_tuning.rl_rollout_batch",
        "sequences",
        1.0,
        65_536.0,
        "64 – 1024",
        "Sequences one rollout replica decodes together.",
    ),
    count(
        "fine_tuning.sequence_length",
        "tokens",
        1.0,
        100_000_000.0,
        "512 – 8192",
        "Tokens per fine-tuning sequence; default: the pre-training length.",
    ),
    choice(
        "fine_tuning.accelerator",
        ChoiceSource::Accelerator,
        "Accelerator for fine-tuning; default: the training one.",
    ),
    count(
        "fine_tuning.accelerators",
        "devices",
        1.0,
        10_000_000.0,
        "8 – 256",
        "Devices running the fine-tuning job.",
    ),
    ParamDef {
        path: "fine_tuning.mfu",
        kind: Kind::Number,
        unit: "",
        // 0.1 %: far under any published run (the lowest, 11 %), and a floor that keeps the
        // device-hours finite (an MFU of 1e-320 gave infinite hours and no message).
        min: 0.001,
        max: 1.0,
        min_exclusive: false,
        typical: "0.2 – 0.5",
        help: "Model FLOPs utilisation while fine-tuning.",
    },
    pos(
        "fine_tuning.accelerator_hours",
        "device-hours",
        1e12,
        "10 – 1e5",
        "Measured device-hours for fine-tuning.",
    ),
    pos(
        "fine_tuning.power_w",
        "W",
        10_000.0,
        "250 – 1200",
        "Average draw of one device including host share.",
    ),
    num(
        "fine_tuning.host_overhead",
        "",
        0.0,
        5.0,
        "0 – 0.8",
        "Host power as a fraction of the devices' power while fine-tuning.",
    ),
    num(
        "fine_tuning.pue",
        "",
        1.0,
        5.0,
        "1.08 – 1.6",
        "Power usage effectiveness of the fine-tuning site.",
    ),
    num(
        "fine_tuning.wue_l_per_kwh",
        "L/kWh",
        0.0,
        20.0,
        "0 – 2",
        "On-site water use per kWh of IT energy.",
    ),
    choice(
        "fine_tuning.region",
        ChoiceSource::Region,
        "Electricity grid of the fine-tuning site.",
    ),
    num(
        "fine_tuning.grid_g_per_kwh",
        "gCO2e/kWh",
        0.0,
        2000.0,
        "0 – 900",
        "Grid carbon intensity; overrides the region.",
    ),
    num(
        "fine_tuning.market_g_per_kwh",
        "gCO2e/kWh",
        0.0,
        2000.0,
        "0 – 900",
        "Market-based emission factor of the fine-tuning site.",
    ),
    num(
        "fine_tuning.water_offsite_l_per_kwh",
        "L/kWh",
        0.0,
        50.0,
        "1 – 6",
        "Water consumed off-site generating the electricity, per kWh of facility energy; defaults from the region.",
    ),
    choice(
        "inference.accelerator",
        ChoiceSource::Accelerator,
        "Accelerator serving the model.",
    ),
    count(
        "inference.accelerators",
        "devices",
        1.0,
        4096.0,
        "1 – 16",
        "Devices in one serving replica (the weights split across them).",
    ),
    choice(
        "inference.precision",
        ChoiceSource::Precision,
        "Weight precision; sets bytes moved and the peak rate (KV caches stay 16-bit, vLLM's default). A preset whose weights are released in one format only starts from it (DeepSeek-V3: fp8).",
    ),
    choice(
        "inference.parallelism",
        ChoiceSource::Fixed(PARALLELISMS),
        "How a mixture-of-experts model spreads over several devices: expert (each device holds whole experts; tokens are routed between devices, as vLLM's --enable-expert-parallel; adds a routing time per expert layer) or tensor (each device holds a slice of every expert, vLLM's default). Not modelled: the larger expert products that make expert parallelism pay at scale.",
    ),
    count(
        "inference.batch",
        "sequences",
        1.0,
        65_536.0,
        "1 – 512",
        "Sequences decoded together on one replica: the main efficiency lever.",
    ),
    count(
        "inference.prompt_tokens",
        "tokens",
        0.0,
        100_000_000.0,
        "100 – 4000",
        "Prompt tokens per query.",
    ),
    count(
        "inference.output_tokens",
        "tokens",
        1.0,
        10_000_000.0,
        "100 – 1000",
        "Generated tokens per query.",
    ),
    count(
        "inference.reasoning_tokens",
        "tokens",
        0.0,
        10_000_000.0,
        "0 – 10000",
        "Hidden thinking tokens per query, generated like output before the answer; reasoning models produce 10–25× the answer.",
    ),
    count(
        "inference.cached_prompt_tokens",
        "tokens",
        0.0,
        100_000_000.0,
        "0 – 4000",
        "Prompt tokens found in the prefix cache: kept in the context but not prefilled again (at most the prompt).",
    ),
    num(
        "inference.queries_per_day",
        "queries/day",
        0.0,
        1e13,
        "1e3 – 1e9",
        "Queries the deployment serves each day.",
    ),
    num(
        "inference.days",
        "days",
        0.0,
        36_500.0,
        "30 – 1095",
        "How long the deployment runs.",
    ),
    pos(
        "inference.power_w",
        "W",
        10_000.0,
        "300 – 1200",
        "Fixed average draw per device incl. host; by default it follows utilisation.",
    ),
    num(
        "inference.pue",
        "",
        1.0,
        5.0,
        "1.08 – 1.6",
        "Power usage effectiveness of the serving site.",
    ),
    num(
        "inference.wue_l_per_kwh",
        "L/kWh",
        0.0,
        20.0,
        "0 – 2",
        "On-site water use per kWh of IT energy.",
    ),
    choice(
        "inference.region",
        ChoiceSource::Region,
        "Electricity grid of the serving site.",
    ),
    num(
        "inference.grid_g_per_kwh",
        "gCO2e/kWh",
        0.0,
        2000.0,
        "0 – 900",
        "Grid carbon intensity; overrides the region.",
    ),
    num(
        "inference.market_g_per_kwh",
        "gCO2e/kWh",
        0.0,
        2000.0,
        "0 – 900",
        "Market-based emission factor of the serving site.",
    ),
    num(
        "inference.water_offsite_l_per_kwh",
        "L/kWh",
        0.0,
        50.0,
        "1 – 6",
        "Water consumed off-site generating the electricity, per kWh of facility energy; defaults from the region.",
    ),
    choice(
        "inference.operator",
        ChoiceSource::Operator,
        "Data-centre operator: its published fleet WUE becomes the on-site default.",
    ),
    ParamDef {
        path: "embodied.include",
        kind: Kind::Bool,
        unit: "",
        min: 0.0,
        max: 1.0,
        min_exclusive: false,
        typical: "",
        help: "Count the manufacturing footprint of the hardware.",
    },
    ParamDef {
        path: "embodied.lifetime_years",
        kind: Kind::Number,
        unit: "years",
        min: 0.25,
        max: 30.0,
        min_exclusive: false,
        typical: "3 – 6",
        help: "Service life over which a device's manufacturing footprint is spread.",
    },
];

pub fn param(path: &str) -> Option<&'static ParamDef> {
    PARAMS.iter().find(|p| p.path == path)
}

impl ParamDef {
    /// The allowed range in words, for messages: `in (0, 1]`, `a whole number in [1, 4096]`.
    pub fn range_text(&self) -> String {
        let lo = if self.min_exclusive { "(" } else { "[" };
        let r = format!("{lo}{}, {}]", fmt_bound(self.min), fmt_bound(self.max));
        match self.kind {
            Kind::Count => format!("a whole number in {r}"),
            _ => format!("in {r}"),
        }
    }

    /// Checks a number against the bounds: the error names the field and the range.
    pub fn check_field(&self, v: f64) -> Result<(), super::scenario::FieldError> {
        self.check(v).map_err(|m| {
            super::scenario::FieldError::with(
                self.path,
                m,
                super::scenario::Problem::Range { got: v },
            )
        })
    }

    /// Checks a number against the bounds; the message names the field and the range.
    pub fn check(&self, v: f64) -> Result<(), String> {
        // Formatted only for a message: validation runs on every edit.
        let shown = || fmt_bound(v);
        if !v.is_finite() {
            return Err(format!(
                "{} must be a finite number ({}), got {}",
                self.path,
                self.range_text(),
                shown()
            ));
        }
        let below = if self.min_exclusive {
            v <= self.min
        } else {
            v < self.min
        };
        let not_whole = self.kind == Kind::Count && v.fract() != 0.0;
        if below || v > self.max || not_whole {
            let unit = if self.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", self.unit)
            };
            return Err(format!(
                "{} must be {}{unit}, got {}",
                self.path,
                self.range_text(),
                shown()
            ));
        }
        Ok(())
    }
}

/// Bounds as people write them: 1, 0.25, 1e15.
pub fn fmt_bound(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "infinity".into()
        } else {
            "-infinity".into()
        }
    } else if v != 0.0 && (v.abs() >= 1e7 || v.abs() < 1e-4) {
        format!("{v:e}")
    } else {
        // Up to 6 significant decimals, trailing zeros removed.
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    }
}

/// The unit of a resolved input: its field's, or that of a value the engine derives outside
/// `PARAMS` (a device's embodied carbon, the devices of a rollout replica).
pub fn unit_of(path: &str) -> &'static str {
    match path {
        "training.embodied_kg_per_device" | "inference.embodied_kg_per_device" => "kgCO2e",
        "fine_tuning.rl_replica_devices" => "devices",
        p => param(p).map_or("", |d| d.unit),
    }
}

macro_rules! fields {
    ($($path:literal => $($f:ident).+ ;)*) => {
        impl Scenario {
            /// The number at a field path, if set.
            pub fn number(&self, path: &str) -> Option<f64> {
                match path { $($path => self.$($f).+,)* _ => None }
            }
            /// Sets (or clears, with `None`) the number at a field path. Returns false for a path
            /// that is not a numeric field.
            pub fn set_number(&mut self, path: &str, v: Option<f64>) -> bool {
                match path { $($path => { self.$($f).+ = v; true })* _ => false }
            }
        }
    };
}

fields! {
    "model.params" => model.params;
    "model.active_params" => model.active_params;
    "model.layers" => model.layers;
    "model.d_model" => model.d_model;
    "model.heads" => model.heads;
    "model.kv_heads" => model.kv_heads;
    "model.context" => model.context;
    "model.vocab" => model.vocab;
    "model.head_dim" => model.head_dim;
    "model.ffn_dim" => model.ffn_dim;
    "model.experts" => model.experts;
    "model.experts_per_token" => model.experts_per_token;
    "model.shared_experts" => model.shared_experts;
    "model.expert_ffn_dim" => model.expert_ffn_dim;
    "model.dense_layers" => model.dense_layers;
    "model.kv_lora_rank" => model.kv_lora_rank;
    "model.q_lora_rank" => model.q_lora_rank;
    "model.rope_head_dim" => model.rope_head_dim;
    "model.sliding_window" => model.sliding_window;
    "model.local_layers" => model.local_layers;
    "model.encoder_layers" => model.encoder_layers;
    "training.sequence_length" => training.sequence_length;
    "training.host_overhead" => training.host_overhead;
    "training.development_factor" => training.development_factor;
    "fine_tuning.sequence_length" => fine_tuning.sequence_length;
    "fine_tuning.host_overhead" => fine_tuning.host_overhead;
    "fine_tuning.rl_prompts" => fine_tuning.rl_prompts;
    "fine_tuning.rl_samples_per_prompt" => fine_tuning.rl_samples_per_prompt;
    "fine_tuning.rl_prompt_tokens" => fine_tuning.rl_prompt_tokens;
    "fine_tuning.rl_generated_tokens" => fine_tuning.rl_generated_tokens;
    "fine_tuning.rl_max_generated_tokens" => fine_tuning.rl_max_generated_tokens;
    "fine_tuning.rl_rollout_batch" => fine_tuning.rl_rollout_batch;
    "training.tokens" => training.tokens;
    "training.accelerators" => training.accelerators;
    "training.mfu" => training.mfu;
    "training.accelerator_hours" => training.accelerator_hours;
    "training.power_w" => training.power_w;
    "training.pue" => training.pue;
    "training.wue_l_per_kwh" => training.wue_l_per_kwh;
    "training.grid_g_per_kwh" => training.grid_g_per_kwh;
    "fine_tuning.tokens" => fine_tuning.tokens;
    "fine_tuning.epochs" => fine_tuning.epochs;
    "fine_tuning.accelerators" => fine_tuning.accelerators;
    "fine_tuning.mfu" => fine_tuning.mfu;
    "fine_tuning.accelerator_hours" => fine_tuning.accelerator_hours;
    "fine_tuning.power_w" => fine_tuning.power_w;
    "fine_tuning.pue" => fine_tuning.pue;
    "fine_tuning.wue_l_per_kwh" => fine_tuning.wue_l_per_kwh;
    "fine_tuning.grid_g_per_kwh" => fine_tuning.grid_g_per_kwh;
    "inference.accelerators" => inference.accelerators;
    "inference.batch" => inference.batch;
    "inference.prompt_tokens" => inference.prompt_tokens;
    "inference.output_tokens" => inference.output_tokens;
    "inference.reasoning_tokens" => inference.reasoning_tokens;
    "inference.cached_prompt_tokens" => inference.cached_prompt_tokens;
    "inference.queries_per_day" => inference.queries_per_day;
    "inference.days" => inference.days;
    "inference.power_w" => inference.power_w;
    "inference.pue" => inference.pue;
    "inference.wue_l_per_kwh" => inference.wue_l_per_kwh;
    "inference.grid_g_per_kwh" => inference.grid_g_per_kwh;
    "training.market_g_per_kwh" => training.market_g_per_kwh;
    "fine_tuning.market_g_per_kwh" => fine_tuning.market_g_per_kwh;
    "inference.market_g_per_kwh" => inference.market_g_per_kwh;
    "training.water_offsite_l_per_kwh" => training.water_offsite_l_per_kwh;
    "fine_tuning.water_offsite_l_per_kwh" => fine_tuning.water_offsite_l_per_kwh;
    "inference.water_offsite_l_per_kwh" => inference.water_offsite_l_per_kwh;
    "embodied.lifetime_years" => embodied.lifetime_years;
}

macro_rules! text_fields {
    ($($path:literal => $($f:ident).+ ;)*) => {
        impl Scenario {
            /// The text (id or name) at a field path, if set.
            pub fn text(&self, path: &str) -> Option<&str> {
                match path { $($path => self.$($f).+.as_deref(),)* _ => None }
            }
            /// Sets (or clears) the text at a field path. Returns false for a non-text path.
            pub fn set_text(&mut self, path: &str, v: Option<String>) -> bool {
                match path { $($path => { self.$($f).+ = v; true })* _ => false }
            }
        }
    };
}

text_fields! {
    "name" => name;
    "model.preset" => model.preset;
    "model.ffn" => model.ffn;
    "model.embeddings" => model.embeddings;
    "training.precision" => training.precision;
    "training.accelerator" => training.accelerator;
    "training.region" => training.region;
    "training.operator" => training.operator;
    "fine_tuning.method" => fine_tuning.method;
    "fine_tuning.rl_algorithm" => fine_tuning.rl_algorithm;
    "fine_tuning.accelerator" => fine_tuning.accelerator;
    "fine_tuning.region" => fine_tuning.region;
    "inference.accelerator" => inference.accelerator;
    "inference.precision" => inference.precision;
    "inference.parallelism" => inference.parallelism;
    "inference.region" => inference.region;
    "inference.operator" => inference.operator;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_param_is_reachable_by_path() {
        let mut s = Scenario::default();
        for p in PARAMS {
            let ok = match p.kind {
                Kind::Number | Kind::Count => {
                    s.set_number(p.path, Some(1.0)) && s.number(p.path) == Some(1.0)
                }
                Kind::Choice(_) | Kind::Text => {
                    s.set_text(p.path, Some("x".into())) && s.text(p.path) == Some("x")
                }
                Kind::Bool => p.path == "embodied.include",
            };
            assert!(ok, "{} is not wired to a scenario field", p.path);
        }
    }

    #[test]
    fn paths_are_unique() {
        for (i, p) in PARAMS.iter().enumerate() {
            assert!(
                PARAMS[i + 1..].iter().all(|q| q.path != p.path),
                "{} twice",
                p.path
            );
        }
    }

    #[test]
    fn messages_name_the_field_and_range() {
        let mfu = param("training.mfu").unwrap();
        assert_eq!(
            mfu.check(3.0).unwrap_err(),
            "training.mfu must be in [0.001, 1], got 3"
        );
        assert!(mfu.check(0.0).is_err());
        assert!(mfu.check(1.0).is_ok());
        let batch = param("inference.batch").unwrap();
        assert_eq!(
            batch.check(2.5).unwrap_err(),
            "inference.batch must be a whole number in [1, 65536] sequences, got 2.5"
        );
        assert!(batch.check(f64::NAN).unwrap_err().contains("finite"));
    }

    #[test]
    fn bounds_print_as_people_write_them() {
        assert_eq!(fmt_bound(1e15), "1e15");
        assert_eq!(fmt_bound(0.25), "0.25");
        assert_eq!(fmt_bound(4096.0), "4096");
    }
}
