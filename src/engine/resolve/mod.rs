//! From a parsed [`Scenario`] to validated, fully resolved numbers ([`Inputs`]): every field is
//! checked against its bound (`params::PARAMS`), every id against its catalog, and every missing
//! value is filled in a stated order — the reader's value, then the preset's, then the catalog's or
//! the documented default — with a record ([`Assumption`]) of where each number came from.
//! One module per phase: `model` (the architecture and parameter counts), `training` (pre-training
//! and fine-tuning jobs), `inference` (serving); the physics they feed is `architecture.rs` and
//! `model.rs`.
//!
//! Precedence rules that matter:
//! - A preset's hardware-bound values (`power_w`, its host boundary, and the MFU implied by its
//!   reported device-hours) apply only while the job runs on the preset's accelerator.
//! - A preset's explicit grid intensity applies only while the region is the preset's, and it is
//!   the training run's: serving takes its own region (the reader's training site if the reader
//!   named one, else the world average) unless the preset names a serving site.
//! - Typing a preset's own value into an architecture field changes nothing: a preset's published
//!   parameter counts are scaled by what the new architecture implies, not replaced by it.
//! - Without a preset there is no preset: the architecture comes from the parameter count by a
//!   published width-to-depth rule (`architecture::shape_for`), the training tokens from the
//!   compute-optimal 20 per parameter, and power, PUE and grid from the calculator's own defaults.

mod inference;
mod model;
mod rl;
mod site;
mod training;
mod words;

use super::params::{self, Kind, PARAMS};
use super::scenario::{FieldError, Problem, Scenario};
use crate::data::{Accelerator, Catalog, Preset, Sourced};
use serde::Serialize;
use std::borrow::Cow;

pub use super::architecture::{forward_flops_per_token, ModelInputs};
pub use inference::ServingConstants;
pub use model::{derived_counts, ARCHITECTURE};
pub use training::{implied_mfu, HOST_IN_SYSTEM_POWER};
pub use words::Words;

/// Documented defaults that are choices of scenario, not physical constants.
pub mod fallback {
    /// Devices in a training job when neither the reader nor the preset says (sets wall-clock only).
    pub const TRAINING_ACCELERATORS: f64 = 1024.0;
    /// Training tokens for a preset that never published them (Mistral 7B, Mixtral): Llama 2's
    /// 2T tokens (Touvron et al. 2023, arXiv 2307.09288, Table 1) as a stated stand-in.
    pub const TRAINING_TOKENS: f64 = 2.0e12;
    /// Training tokens per parameter for a model of the reader's own: the compute-optimal ratio
    /// of Hoffmann et al. 2022 (arXiv 2203.15556), about 20.
    pub const TOKENS_PER_PARAMETER: f64 = 20.0;
    /// Parameters when the reader describes no model at all: a 7B model, the most common open size.
    pub const PARAMS: f64 = 7.0e9;
    pub const TRAINING_ACCELERATOR: &str = "h100";
    /// Context and vocabulary of a model of the reader's own: Llama 2's (arXiv 2307.09288, Table 1).
    pub const CONTEXT: f64 = 4096.0;
    pub const VOCAB: f64 = 32000.0;
    pub const TRAINING_PRECISION: &str = "bf16";
    pub const REGION: &str = "world";
    pub const FINE_TUNE_METHOD: &str = "none";
    pub const FINE_TUNE_TOKENS: f64 = 1.0e8;
    pub const FINE_TUNE_EPOCHS: f64 = 3.0;
    pub const INFERENCE_ACCELERATOR: &str = "h100";
    pub const PRECISION: &str = "bf16";
    pub const BATCH: f64 = 32.0;
    pub const PROMPT_TOKENS: f64 = 400.0;
    pub const OUTPUT_TOKENS: f64 = 350.0;
    pub const QUERIES_PER_DAY: f64 = 1.0e6;
    pub const DAYS: f64 = 365.0;
    /// When choosing the default replica size, weights may fill at most this share of usable
    /// memory, leaving the rest for the KV cache.
    pub const WEIGHT_SHARE_OF_MEMORY: f64 = 0.75;
}

pub const PRECISIONS: &[&str] = &["fp32", "fp16", "bf16", "fp8", "int8", "int4"];
pub const FINE_TUNE_METHODS: &[&str] = &["none", "full", "lora", "rl"];

/// A training-like job: pre-training or fine-tuning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobInputs {
    /// Tokens processed, all epochs.
    pub tokens: f64,
    /// Tokens per training sequence: the attention cost per token.
    pub sequence_length: f64,
    /// FLOPs per token as a multiple of the forward pass: 3 for full training (forward + backward
    /// of activations and weights), 2 for LoRA (no weight gradients of the frozen base).
    pub pass_factor: f64,
    pub devices: f64,
    /// Dense peak FLOP/s of one device at the training precision.
    pub peak_flops: f64,
    pub mfu: f64,
    /// The 90 % spread (×/÷) of the utilisation, for the uncertainty only: narrow where the
    /// hours were published, wide where the MFU model predicts them.
    pub mfu_spread: f64,
    pub measured_hours: Option<f64>,
    /// Average draw of one accelerator.
    pub power_w: f64,
    /// Host power (CPUs, memory, network) as a fraction of `power_w`.
    pub host_overhead: f64,
    /// The whole development over the final run (1: the final run only).
    pub development_factor: f64,
    pub pue: f64,
    pub wue_l_per_kwh: f64,
    pub grid_g_per_kwh: f64,
    /// Market-based factor, where the reader or the preset gives one.
    pub market_g_per_kwh: Option<f64>,
    /// Off-site water of the electricity, L per kWh of facility energy.
    pub water_offsite_l_per_kwh: f64,
    pub embodied_kg_per_device: f64,
    /// Reinforcement learning: the sequences generated before the updates (`None` otherwise).
    pub rollout: Option<Rollout>,
}

/// The rollouts of a reinforcement-learning run: `sequences` generations of one prompt each, on
/// a serving replica of the job's accelerators (`serve`: its batch, prompt and mean generated
/// tokens), in rounds that last until their `longest` generation ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rollout {
    pub sequences: f64,
    pub longest: f64,
    pub serve: ServeInputs,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ServeInputs {
    pub devices: f64,
    /// Dense peak FLOP/s of one device for the weight matrix products: at the serving precision
    /// (or the nearest it supports); 16-bit for 4-bit weights, which are dequantised (weight-only).
    pub peak_flops: f64,
    /// Dense 16-bit peak FLOP/s of one device: attention runs on 16-bit activations and KV caches.
    pub attention_peak_flops: f64,
    pub mem_bw_bytes_s: f64,
    /// One device's link to the others of its replica (NVLink, Infinity Fabric, PCIe), bytes/s
    /// each way: tensor- and expert-parallel all-reduces cross it.
    pub link_bw_bytes_s: f64,
    pub mem_bytes: f64,
    pub bytes_per_param: f64,
    pub kv_bytes_per_value: f64,
    pub batch: f64,
    pub prompt_tokens: f64,
    /// Prompt tokens found in the prefix cache: in the context, but not prefilled again.
    pub cached_prompt_tokens: f64,
    pub output_tokens: f64,
    /// Hidden thinking tokens generated before the answer: decoded like output tokens.
    pub reasoning_tokens: f64,
    pub queries_per_day: f64,
    pub days: f64,
    pub idle_w: f64,
    pub tdp_w: f64,
    pub fixed_power_w: Option<f64>,
    pub host_fraction: f64,
    /// Achieved fractions of peak FLOP/s (at the serving precision) and of memory bandwidth.
    pub compute_efficiency: f64,
    pub memory_bw_efficiency: f64,
    /// Achieved fraction of peak memory bandwidth reading KV caches (paged, gathered blocks).
    pub kv_bw_efficiency: f64,
    /// Achieved fraction of peak memory bandwidth reading routed experts (grouped GEMMs).
    pub expert_bw_efficiency: f64,
    /// Achieved fraction of `link_bw_bytes_s` in a decode step's all-reduces.
    pub link_efficiency: f64,
    /// Achieved fraction of `attention_peak_flops` in attention (no 8-bit scaling there).
    pub attention_efficiency: f64,
    /// Fixed time per layer of a decode step (kernel launches, scheduling), seconds.
    pub step_overhead_s: f64,
    /// Extra time per mixture-of-experts layer of a decode step when its experts are spread
    /// whole over the replica's devices (expert parallelism): routing tokens to the devices of
    /// their experts. The all-reduces every multi-device replica does are costed apart, over
    /// `link_bw_bytes_s`.
    pub expert_parallel_overhead_s: f64,
    /// Whether a mixture-of-experts model's experts are spread whole over the devices (expert
    /// parallelism, with routing between them) rather than sliced (tensor parallelism).
    pub expert_parallel: bool,
    /// Time per token and layer of a decode step (sampling, norms, unfused element-wise work), device-seconds.
    pub token_overhead_s: f64,
    /// Time per token, routed expert and mixture-of-experts layer (routing, dispatch), device-seconds.
    pub expert_overhead_s: f64,
    /// Time per token and layer that every device of the replica spends whole: quantising the
    /// activations before 8-bit products (each tensor-parallel rank quantises all of them).
    pub quant_overhead_s: f64,
    /// Whether weight products run in 8 bits (8-bit weights on a device with 8-bit products);
    /// the 8-bit factors of `ServingConstants` apply only then.
    pub eight_bit_products: bool,
    /// Device power while serving: idle + (TDP − idle) × min(1, floor + per_memory × memory
    /// utilisation + per_compute × compute utilisation).
    pub power_floor: f64,
    pub power_per_memory: f64,
    pub power_per_compute: f64,
    pub usable_memory_fraction: f64,
    pub serving_utilisation: f64,
    pub pue: f64,
    pub wue_l_per_kwh: f64,
    pub grid_g_per_kwh: f64,
    pub market_g_per_kwh: Option<f64>,
    /// Off-site water of the electricity, L per kWh of facility energy.
    pub water_offsite_l_per_kwh: f64,
    pub embodied_kg_per_device: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Inputs {
    pub model: ModelInputs,
    pub training: JobInputs,
    pub fine_tuning: Option<JobInputs>,
    pub inference: ServeInputs,
    pub embodied: bool,
    pub lifetime_years: f64,
}

/// Where a resolved value came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The reader set it.
    Scenario,
    /// From the named preset (with that preset's source for the field).
    Preset {
        preset: Cow<'static, str>,
        source: Words,
    },
    /// From a catalog entry or the defaults file, with its source.
    Catalog { source: Words },
    /// Derived from other values; says how.
    Derived { how: Words },
    /// A documented default choice of the calculator.
    Default { why: Words },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    /// Borrowed from the compiled-in presets and the code where it can be.
    Text(Cow<'static, str>),
    Bool(bool),
}

/// One resolved input and its origin: the page's placeholders and the methodology's table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    pub path: &'static str,
    pub value: Value,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Resolved {
    pub inputs: Inputs,
    pub assumptions: Vec<Assumption>,
    /// Things the reader should know that are not errors (a precision the device lacks, a batch
    /// capped by memory).
    pub notices: Vec<FieldError>,
    pub preset: Option<&'static Preset>,
}

impl Resolved {
    pub fn assumption(&self, path: &str) -> Option<&Assumption> {
        self.assumptions.iter().find(|a| a.path == path)
    }
}

fn precision_bytes(p: &str) -> f64 {
    match p {
        "fp32" => 4.0,
        "fp16" | "bf16" => 2.0,
        "fp8" | "int8" => 1.0,
        _ => 0.5, // int4
    }
}

/// KV caches are kept in the activation type: vLLM's default `kv_cache_dtype="auto"` takes the
/// model's compute dtype, which is 16-bit for FP8 and MXFP4 checkpoints too (vLLM engine
/// arguments, `--kv-cache-dtype`: "auto" uses the model data type; an 8-bit cache is opt-in).
fn kv_bytes(p: &str) -> f64 {
    match p {
        "fp32" => 4.0,
        _ => 2.0,
    }
}

/// The dense peak at a precision, or at the nearest higher precision the device supports
/// (weight-only quantisation computes at the wider type). Returns the precision actually used.
pub fn peak_at(acc: &Accelerator, precision: &str) -> Option<(f64, &'static str)> {
    let p = &acc.peak_tflops;
    let chain: &[&'static str] = match precision {
        "fp32" => &["fp32"],
        "fp16" => &["fp16", "bf16", "fp32"],
        "bf16" => &["bf16", "fp16", "fp32"],
        "fp8" => &["fp8", "bf16", "fp16", "fp32"],
        "int8" => &["int8", "fp8", "bf16", "fp16", "fp32"],
        _ => &["int4", "int8", "fp8", "bf16", "fp16", "fp32"],
    };
    chain.iter().find_map(|name| {
        let v = match *name {
            "fp32" => &p.fp32,
            "fp16" => &p.fp16,
            "bf16" => &p.bf16,
            "fp8" => &p.fp8,
            "int8" => &p.int8,
            _ => &p.int4,
        };
        v.as_ref().map(|s| (s.value * 1e12, *name))
    })
}

/// The one notice for a precision a device does not compute natively: it runs at `used`.
fn precision_fallback(path: &'static str, a: &Accelerator, wanted: &str, used: &str) -> FieldError {
    FieldError::with(
        path,
        format!(
            "{path}: {} has no native {wanted}; computing at its {used} rate",
            a.name
        ),
        Problem::NoNativePrecision {
            device: a.name.to_string(),
            wanted: wanted.to_string(),
            used: used.to_string(),
        },
    )
}

/// Training runs in bf16 (fp16 on devices without it; fp32 as a last resort).
pub fn training_peak(acc: &Accelerator) -> f64 {
    peak_at(acc, "bf16").map(|(v, _)| v).unwrap_or(0.0)
}

/// What resolving carries along: the catalogs, the reader's scenario, the preset's, and what
/// was found so far.
struct Ctx<'a> {
    cat: &'static Catalog,
    user: &'a Scenario,
    preset: Option<&'static Preset>,
    /// The preset's scenario (empty without one), borrowed from the compiled-in presets.
    base: Cow<'static, Scenario>,
    errors: Vec<FieldError>,
    notices: Vec<FieldError>,
    assumptions: Vec<Assumption>,
}

impl Ctx<'_> {
    fn preset_origin(&self, path: &str) -> Origin {
        let (preset, source) = match self.preset {
            Some(p) => (Cow::Borrowed(&*p.id), p.source(path).map(Words::from)),
            None => (Cow::Borrowed(""), None),
        };
        Origin::Preset {
            preset,
            source: source.unwrap_or_default(),
        }
    }

    /// The preset's text at `path`: borrowed from a compiled-in preset.
    fn base_text(&self, path: &str) -> Option<Cow<'static, str>> {
        match &self.base {
            Cow::Borrowed(s) => s.text(path).map(Cow::Borrowed),
            Cow::Owned(s) => s.text(path).map(|t| Cow::Owned(t.to_string())),
        }
    }

    fn record(&mut self, path: &'static str, value: Value, origin: Origin) {
        self.assumptions.push(Assumption {
            path,
            value,
            origin,
        });
    }

    /// The reader's number, else the preset's (if `from_preset`), else `None`; records the origin.
    fn number(&mut self, path: &'static str, from_preset: bool) -> Option<f64> {
        if let Some(v) = self.user.number(path) {
            self.record(path, Value::Number(v), Origin::Scenario);
            return Some(v);
        }
        if from_preset {
            if let Some(v) = self.base.number(path) {
                let o = self.preset_origin(path);
                self.record(path, Value::Number(v), o);
                return Some(v);
            }
        }
        None
    }

    fn number_or(
        &mut self,
        path: &'static str,
        from_preset: bool,
        default: f64,
        origin: Origin,
    ) -> f64 {
        match self.number(path, from_preset) {
            Some(v) => v,
            None => {
                self.record(path, Value::Number(default), origin);
                default
            }
        }
    }

    fn text(&mut self, path: &'static str, from_preset: bool) -> Option<Cow<'static, str>> {
        if let Some(v) = self.user.text(path) {
            let v: Cow<'static, str> = Cow::Owned(v.to_string());
            self.record(path, Value::Text(v.clone()), Origin::Scenario);
            return Some(v);
        }
        if from_preset {
            if let Some(v) = self.base_text(path) {
                let o = self.preset_origin(path);
                self.record(path, Value::Text(v.clone()), o);
                return Some(v);
            }
        }
        None
    }

    fn text_or(
        &mut self,
        path: &'static str,
        from_preset: bool,
        default: Cow<'static, str>,
        origin: Origin,
    ) -> Cow<'static, str> {
        match self.text(path, from_preset) {
            Some(v) => v,
            None => {
                self.record(path, Value::Text(default.clone()), origin);
                default
            }
        }
    }

    fn accelerator(&mut self, path: &'static str, id: &str) -> Option<&'static Accelerator> {
        let cat = self.cat;
        let found = cat.accelerator(id);
        if found.is_none() && !self.errors.iter().any(|e| e.path == path) {
            self.errors.push(FieldError::with(
                path,
                format!(
                    "{path}: unknown accelerator `{id}`; known: {}",
                    known_ids(cat)
                ),
                Problem::UnknownChoice { got: short(id) },
            ));
        }
        found
    }
}

/// The ids a region field takes, as its messages say them.
const REGION_IDS: &str = "an ISO 3166 code in lower case (us, fr, cn, ...), a US grid (us-pjm, ...), a cloud region (aws-us-east-1, azure-eastus, gcp-us-central1, ...) or world";

fn known_ids(cat: &Catalog) -> String {
    cat.hardware
        .accelerators
        .iter()
        .map(|a| &*a.id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// At most 40 characters of reader text in a message.
fn short(s: &str) -> String {
    let t: String = s.chars().take(40).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// A catalog value's origin: `what` it is, its source and how it was derived.
fn cat_origin(s: &'static Sourced, what: Words) -> Origin {
    let source = what.then(&[": "]).then_source(&s.source);
    let source = match &s.derivation {
        Some(d) => source.then(&[" (derived: "]).then_source(d).then(&[")"]),
        None => source,
    };
    Origin::Catalog { source }
}

/// A device's embodied carbon, with what it stands on.
fn embodied_origin(a: &'static Accelerator) -> Origin {
    let what = [
        &*a.name,
        " embodied (",
        a.embodied_basis_words(),
        " + host share)",
    ];
    cat_origin(&a.embodied_kg, Words::join(&what))
}

/// `path` is over the field `of` that bounds it.
fn exceeds(path: &str, of: &str, limit: f64, got: f64) -> FieldError {
    let (l, g) = (params::fmt_bound(limit), params::fmt_bound(got));
    FieldError::with(
        path,
        format!("{path} must not exceed {of} ({l}), got {g}"),
        Problem::Exceeds {
            limit_path: of.to_string(),
            limit,
            got,
        },
    )
}

/// Whether `v` is one of a choice field's ids: the validation's and the link decoder's test.
pub fn choice_ok(src: params::ChoiceSource, v: &str, cat: &Catalog) -> bool {
    match src {
        params::ChoiceSource::Preset => cat.preset(v).is_some(),
        params::ChoiceSource::Accelerator => cat.accelerator(v).is_some(),
        params::ChoiceSource::Region => cat.region(v).is_some(),
        params::ChoiceSource::Operator => cat.operator(v).is_some(),
        params::ChoiceSource::Precision => PRECISIONS.contains(&v),
        params::ChoiceSource::FineTuneMethod => FINE_TUNE_METHODS.contains(&v),
        params::ChoiceSource::Fixed(list) => list.contains(&v),
    }
}

/// Checks every field the reader set against its bound and catalog.
pub fn validate(s: &Scenario, cat: &Catalog) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(v) = s.version {
        if v != 1 {
            errors.push(FieldError::new(
                "version",
                format!("version: this release reads scenario version 1, got {v}"),
            ));
        }
    }
    for p in PARAMS {
        match p.kind {
            Kind::Number | Kind::Count => {
                if let Some(v) = s.number(p.path) {
                    if let Err(e) = p.check_field(v) {
                        errors.push(e);
                    }
                }
            }
            Kind::Choice(src) => {
                let Some(v) = s.text(p.path) else { continue };
                if !choice_ok(src, v, cat) {
                    let allowed = match src {
                        params::ChoiceSource::Preset => {
                            "a preset id (see `llm-footprint presets`)".to_string()
                        }
                        params::ChoiceSource::Accelerator => format!("one of {}", known_ids(cat)),
                        params::ChoiceSource::Region => REGION_IDS.to_string(),
                        params::ChoiceSource::Operator => format!(
                            "one of {}",
                            cat.water
                                .operators
                                .iter()
                                .map(|o| &*o.id)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        params::ChoiceSource::Precision => {
                            format!("one of {}", PRECISIONS.join(", "))
                        }
                        params::ChoiceSource::FineTuneMethod => {
                            format!("one of {}", FINE_TUNE_METHODS.join(", "))
                        }
                        params::ChoiceSource::Fixed(list) => format!("one of {}", list.join(", ")),
                    };
                    errors.push(FieldError::with(
                        p.path,
                        format!(
                            "{}: unknown value `{}`; must be {allowed}",
                            p.path,
                            short(v)
                        ),
                        Problem::UnknownChoice { got: short(v) },
                    ));
                }
            }
            Kind::Text => {
                if let Some(v) = s.text(p.path) {
                    if v.chars().count() > p.max as usize {
                        errors.push(FieldError::with(
                            p.path,
                            format!("{} must be at most {} characters", p.path, p.max),
                            Problem::TooLong { max: p.max },
                        ));
                    }
                }
            }
            Kind::Bool => {}
        }
    }
    let m = &s.model;
    for (path, got, limit, of) in [
        (
            "model.active_params",
            m.active_params,
            m.params,
            "model.params",
        ),
        ("model.kv_heads", m.kv_heads, m.heads, "model.heads"),
        (
            "model.experts_per_token",
            m.experts_per_token,
            m.experts,
            "model.experts",
        ),
        (
            "model.local_layers",
            m.local_layers,
            m.layers,
            "model.layers",
        ),
        (
            "model.dense_layers",
            m.dense_layers,
            m.layers,
            "model.layers",
        ),
    ] {
        if let (Some(v), Some(l)) = (got, limit) {
            if v > l {
                errors.push(exceeds(path, of, l, v));
            }
        }
    }
    errors
}

/// Validates and fills a scenario. Either every input resolved, or every problem found.
pub fn resolve(user: &Scenario, cat: &'static Catalog) -> Result<Resolved, Vec<FieldError>> {
    let mut errors = validate(user, cat);
    if !errors.is_empty() {
        return Err(errors);
    }
    let preset = user.model.preset.as_deref().and_then(|id| cat.preset(id));
    static EMPTY: std::sync::OnceLock<Scenario> = std::sync::OnceLock::new();
    let base = preset.map_or_else(
        || Cow::Borrowed(EMPTY.get_or_init(Scenario::default)),
        |p| p.scenario(),
    );
    let mut c = Ctx {
        cat,
        user,
        preset,
        base,
        errors: Vec::new(),
        notices: Vec::new(),
        // Room for every input of a full scenario: the list never grows by copying.
        assumptions: Vec::with_capacity(128),
    };
    if let Some(p) = preset {
        c.record(
            "model.preset",
            Value::Text(Cow::Borrowed(&p.id)),
            Origin::Scenario,
        );
    }
    let model = model::resolve(&mut c);
    let training = training::pre_training(&mut c, &model, preset);
    let fine_tuning = training::fine_tuning(&mut c, &training, &model);
    let inference = inference::resolve(&mut c, &model, &training);
    let (include, lifetime) = embodied(&mut c);

    errors.append(&mut c.errors);
    match (inference, training) {
        (Some(inference), Some(training)) if errors.is_empty() => Ok(Resolved {
            inputs: Inputs {
                model,
                training: training.job,
                fine_tuning,
                inference,
                embodied: include,
                lifetime_years: lifetime,
            },
            assumptions: c.assumptions,
            notices: c.notices,
            preset,
        }),
        _ => Err(errors),
    }
}

/// Whether embodied carbon is counted, and the service life it is spread over.
fn embodied(c: &mut Ctx) -> (bool, f64) {
    let include = match c.user.embodied.include {
        Some(v) => {
            c.record("embodied.include", Value::Bool(v), Origin::Scenario);
            v
        }
        None => {
            let why = "manufacturing is part of the footprint".into();
            c.record(
                "embodied.include",
                Value::Bool(true),
                Origin::Default { why },
            );
            true
        }
    };
    let d = &c.cat.defaults.lifetime_years;
    let lifetime = c.number_or(
        "embodied.lifetime_years",
        false,
        d.value,
        cat_origin(d, "device service life".into()),
    );
    (include, lifetime)
}

#[cfg(test)]
mod tests {
    use super::{embodied_origin, Origin};
    use crate::data::Catalog;
    use crate::engine::scenario::Problem;
    use crate::engine::{estimate, Scenario};

    #[test]
    fn a_devices_embodied_origin_reads_as_one_sentence_with_its_derivation() {
        for a in Catalog::get().hardware.accelerators.iter() {
            let Origin::Catalog { source } = embodied_origin(a) else {
                panic!("{}", a.id)
            };
            let s = &a.embodied_kg;
            let mut want = format!(
                "{} embodied ({} + host share): {}",
                a.name,
                a.embodied_basis_words(),
                s.source
            );
            if let Some(d) = &s.derivation {
                want.push_str(&format!(" (derived: {d})"));
            }
            assert_eq!(source.to_string(), want, "{}", a.id);
        }
    }

    #[test]
    fn a_precision_the_device_lacks_gives_one_notice_for_training_and_serving() {
        let s = Scenario::from_json(
            r#"{"training":{"accelerator":"a100-80gb","precision":"fp8"},"inference":{"accelerator":"h100","precision":"int4"}}"#,
        )
        .unwrap();
        let e = estimate(&s).unwrap();
        let notice = |path: &str| {
            e.results
                .notices
                .iter()
                .find(|n| n.path == path)
                .unwrap_or_else(|| panic!("no notice for {path}"))
                .clone()
        };
        let (t, i) = (notice("training.precision"), notice("inference.precision"));
        assert_eq!(
            t.message,
            "training.precision: NVIDIA A100 SXM4 80 GB has no native fp8; computing at its bf16 rate"
        );
        assert_eq!(
            i.message,
            "inference.precision: NVIDIA H100 SXM5 80 GB has no native int4; computing at its int8 rate"
        );
        for n in [t, i] {
            assert!(matches!(n.problem, Problem::NoNativePrecision { .. }));
        }
    }
}
