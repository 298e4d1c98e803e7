//! From a parsed [`Scenario`] to validated, fully resolved numbers ([`Inputs`]): every field is
//! checked against its bound (`params::PARAMS`), every id against its catalog, and every missing
//! value is filled in a stated order — the reader's value, then the preset's, then the catalog's or
//! the documented default — with a record ([`Assumption`]) of where each number came from.
//!
//! Precedence rules that matter:
//! - A preset's hardware-bound values (`power_w`, and the MFU implied by its reported device-hours)
//!   apply only while the job runs on the preset's accelerator.
//! - A preset's explicit grid intensity applies only while the region is the preset's.
//! - Without a preset, the model and training defaults are those of [`BASE_PRESET`].

use super::params::{self, Kind, PARAMS};
use super::scenario::{FieldError, Scenario};
use crate::data::{Accelerator, Catalog, Preset};
use serde::Serialize;

/// The preset whose model and training fields stand in when no preset is named (the example of
/// shared/scenario-v1.md).
pub const BASE_PRESET: &str = "llama-2-70b";

/// Documented defaults that are choices of scenario, not physical constants.
pub mod fallback {
    /// Devices in a training job when neither the reader nor the preset says (sets wall-clock only).
    pub const TRAINING_ACCELERATORS: f64 = 1024.0;
    /// Training tokens for a preset that never published them (Mistral 7B, Mixtral): Llama 2's
    /// 2T tokens (Touvron et al. 2023, arXiv 2307.09288, Table 1) as a stated stand-in.
    pub const TRAINING_TOKENS: f64 = 2.0e12;
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
pub const FINE_TUNE_METHODS: &[&str] = &["none", "full", "lora"];

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelInputs {
    pub params: f64,
    pub active_params: f64,
    pub layers: f64,
    pub d_model: f64,
    pub heads: f64,
    pub kv_heads: f64,
    pub context: f64,
    pub vocab: f64,
}

/// A training-like job: pre-training or fine-tuning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JobInputs {
    /// Tokens processed, all epochs.
    pub tokens: f64,
    /// FLOPs per token as a multiple of the forward pass: 3 for full training (forward + backward
    /// of activations and weights), 2 for LoRA (no weight gradients of the frozen base).
    pub pass_factor: f64,
    pub devices: f64,
    /// Dense peak FLOP/s of one device at the training precision.
    pub peak_flops: f64,
    pub mfu: f64,
    pub measured_hours: Option<f64>,
    pub power_w: f64,
    pub pue: f64,
    pub wue_l_per_kwh: f64,
    pub grid_g_per_kwh: f64,
    pub embodied_kg_per_device: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServeInputs {
    pub devices: f64,
    /// Dense peak FLOP/s of one device at the serving precision (or the nearest it supports).
    pub peak_flops: f64,
    pub mem_bw_bytes_s: f64,
    pub mem_bytes: f64,
    pub bytes_per_param: f64,
    pub kv_bytes_per_value: f64,
    pub batch: f64,
    pub prompt_tokens: f64,
    pub output_tokens: f64,
    pub queries_per_day: f64,
    pub days: f64,
    pub idle_w: f64,
    pub tdp_w: f64,
    pub fixed_power_w: Option<f64>,
    pub host_fraction: f64,
    pub compute_efficiency: f64,
    pub memory_bw_efficiency: f64,
    pub usable_memory_fraction: f64,
    pub serving_utilisation: f64,
    pub pue: f64,
    pub wue_l_per_kwh: f64,
    pub grid_g_per_kwh: f64,
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
    Preset { preset: String, source: String },
    /// From a catalog entry or the defaults file, with its source.
    Catalog { source: String },
    /// Derived from other values; says how.
    Derived { how: String },
    /// A documented default choice of the calculator.
    Default { why: String },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Text(String),
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

/// KV caches are kept at 16 bits unless the serving precision is 8 bits or fewer, where 8-bit KV
/// caches are common (vLLM `kv_cache_dtype=fp8`); caches are rarely quantised below 8 bits.
fn kv_bytes(p: &str) -> f64 {
    match p {
        "fp32" => 4.0,
        "fp16" | "bf16" => 2.0,
        _ => 1.0,
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

/// Training runs in bf16 (fp16 on devices without it; fp32 as a last resort).
pub fn training_peak(acc: &Accelerator) -> f64 {
    peak_at(acc, "bf16").map(|(v, _)| v).unwrap_or(0.0)
}

/// Parameters from the architecture: per layer, attention Q and O (d² each) plus K and V
/// (d² · kv_heads/heads each, grouped-query attention) and an MLP of 8d² (two d×4d matrices);
/// plus the vocab × d embedding (tied with the output). Kaplan et al. 2020 (arXiv 2001.08361)
/// §2.1 give N ≈ 12·L·d² for the non-embedding part with full multi-head attention.
pub fn params_from_architecture(layers: f64, d: f64, heads: f64, kv_heads: f64, vocab: f64) -> f64 {
    let attention = 2.0 * d * d + 2.0 * d * d * (kv_heads / heads);
    let mlp = 8.0 * d * d;
    layers * (attention + mlp) + vocab * d
}

/// Forward FLOPs per token at a context length: the dense term 2·N_active (a multiply-add per
/// parameter) plus causal attention: scores QKᵀ and the weighted sum over V cost 2·d FLOPs per
/// key each, per layer; under a causal mask token i sees i keys, so over a sequence of n tokens
/// the mean is (n+1)/2 keys: 4·d·(n+1)/2 = 2·d·(n+1) per layer. This matches Kaplan et al. 2020,
/// Table 1 (2·n_layer·n_ctx·d_attn), and masked blocks are skipped as FlashAttention does.
pub fn forward_flops_per_token(m: &ModelInputs, context: f64) -> (f64, f64) {
    let dense = 2.0 * m.active_params;
    let attention = 2.0 * m.layers * m.d_model * (context + 1.0);
    (dense, attention)
}

struct Ctx<'a> {
    cat: &'a Catalog,
    user: &'a Scenario,
    preset: Option<&'static Preset>,
    base: Scenario,
    errors: Vec<FieldError>,
    notices: Vec<FieldError>,
    assumptions: Vec<Assumption>,
}

impl Ctx<'_> {
    fn preset_id(&self) -> String {
        self.preset
            .map_or_else(|| BASE_PRESET.to_string(), |p| p.id.to_string())
    }

    fn preset_origin(&self, path: &str) -> Origin {
        let src = self
            .cat
            .preset(&self.preset_id())
            .and_then(|p| p.source(path))
            .map(str::to_string)
            .unwrap_or_default();
        Origin::Preset {
            preset: self.preset_id(),
            source: src,
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

    fn text(&mut self, path: &'static str, from_preset: bool) -> Option<String> {
        if let Some(v) = self.user.text(path) {
            self.record(path, Value::Text(v.to_string()), Origin::Scenario);
            return Some(v.to_string());
        }
        if from_preset {
            if let Some(v) = self.base.text(path).map(str::to_string) {
                let o = self.preset_origin(path);
                self.record(path, Value::Text(v.clone()), o);
                return Some(v);
            }
        }
        None
    }

    /// A site's PUE and WUE: the reader's, else the preset's, else the defaults file's.
    fn site_efficiency(&mut self, pue_path: &'static str, wue_path: &'static str) -> (f64, f64) {
        let cat = self.cat;
        let (pue, wue) = (&cat.defaults.pue, &cat.defaults.wue_l_per_kwh);
        (
            self.number_or(pue_path, true, pue.value, cat_origin(pue, "default PUE")),
            self.number_or(wue_path, true, wue.value, cat_origin(wue, "default WUE")),
        )
    }

    fn text_or(
        &mut self,
        path: &'static str,
        from_preset: bool,
        default: &str,
        origin: Origin,
    ) -> String {
        match self.text(path, from_preset) {
            Some(v) => v,
            None => {
                self.record(path, Value::Text(default.to_string()), origin);
                default.to_string()
            }
        }
    }

    fn accelerator(&mut self, path: &'static str, id: &str) -> Option<&'static Accelerator> {
        let cat: &'static Catalog = Catalog::get();
        let found = cat.accelerator(id);
        if found.is_none() && !self.errors.iter().any(|e| e.path == path) {
            self.errors.push(FieldError::new(
                path,
                format!(
                    "{path}: unknown accelerator `{id}`; known: {}",
                    known_ids(cat)
                ),
            ));
        }
        found
    }

    /// Grid intensity for a site: explicit value, else region. `inherit` gives the fallback site
    /// (value, origin) when neither the reader nor the preset names one.
    fn grid(
        &mut self,
        section: &'static str,
        from_preset: bool,
        inherit: Option<(f64, Origin)>,
    ) -> f64 {
        let (grid_path, region_path) = match section {
            "training" => ("training.grid_g_per_kwh", "training.region"),
            "fine_tuning" => ("fine_tuning.grid_g_per_kwh", "fine_tuning.region"),
            _ => ("inference.grid_g_per_kwh", "inference.region"),
        };
        if let Some(v) = self.user.number(grid_path) {
            self.record(grid_path, Value::Number(v), Origin::Scenario);
            return v;
        }
        let user_region = self.user.text(region_path).map(str::to_string);
        // A preset's explicit grid value belongs to the preset's site.
        if user_region.is_none() && from_preset {
            if let Some(v) = self.base.number(grid_path) {
                let o = self.preset_origin(grid_path);
                self.record(grid_path, Value::Number(v), o);
                return v;
            }
        }
        let region = match user_region {
            Some(r) => {
                self.record(region_path, Value::Text(r.clone()), Origin::Scenario);
                Some(r)
            }
            None if from_preset => self.text(region_path, true),
            None => None,
        };
        let region = match (region, inherit) {
            (Some(r), _) => r,
            (None, Some((v, origin))) => {
                self.record(grid_path, Value::Number(v), origin);
                return v;
            }
            (None, None) => {
                let why = "no region given: world average".to_string();
                self.record(
                    region_path,
                    Value::Text(fallback::REGION.into()),
                    Origin::Default { why },
                );
                fallback::REGION.to_string()
            }
        };
        match self.cat.region(&region) {
            Some(r) => {
                let v = r.g_per_kwh.value;
                let source = format!("{} ({}): {}", r.name, r.id, r.g_per_kwh.source);
                self.record(grid_path, Value::Number(v), Origin::Catalog { source });
                v
            }
            None => {
                self.errors.push(FieldError::new(
                    region_path,
                    format!("{region_path}: unknown region `{}`; use an ISO 3166 code in lower case (us, fr, cn, ...) or world", short(&region)),
                ));
                0.0
            }
        }
    }
}

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

fn cat_origin(s: &crate::data::Sourced, what: &str) -> Origin {
    let mut source = format!("{what}: {}", s.source);
    if let Some(d) = &s.derivation {
        source.push_str(&format!(" (derived: {d})"));
    }
    Origin::Catalog { source }
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
                    if let Err(m) = p.check(v) {
                        errors.push(FieldError::new(p.path, m));
                    }
                }
            }
            Kind::Choice(src) => {
                let Some(v) = s.text(p.path) else { continue };
                let ok = match src {
                    params::ChoiceSource::Preset => cat.preset(v).is_some(),
                    params::ChoiceSource::Accelerator => cat.accelerator(v).is_some(),
                    params::ChoiceSource::Region => cat.region(v).is_some(),
                    params::ChoiceSource::Precision => PRECISIONS.contains(&v),
                    params::ChoiceSource::FineTuneMethod => FINE_TUNE_METHODS.contains(&v),
                };
                if !ok {
                    let allowed = match src {
                        params::ChoiceSource::Preset => {
                            "a preset id (see `llm-footprint presets`)".to_string()
                        }
                        params::ChoiceSource::Accelerator => format!("one of {}", known_ids(cat)),
                        params::ChoiceSource::Region => {
                            "an ISO 3166 code in lower case (us, fr, cn, ...) or world".to_string()
                        }
                        params::ChoiceSource::Precision => {
                            format!("one of {}", PRECISIONS.join(", "))
                        }
                        params::ChoiceSource::FineTuneMethod => {
                            format!("one of {}", FINE_TUNE_METHODS.join(", "))
                        }
                    };
                    errors.push(FieldError::new(
                        p.path,
                        format!(
                            "{}: unknown value `{}`; must be {allowed}",
                            p.path,
                            short(v)
                        ),
                    ));
                }
            }
            Kind::Text => {
                if let Some(v) = s.text(p.path) {
                    if v.chars().count() > p.max as usize {
                        errors.push(FieldError::new(
                            p.path,
                            format!("{} must be at most {} characters", p.path, p.max),
                        ));
                    }
                }
            }
            Kind::Bool => {}
        }
    }
    if let (Some(a), Some(t)) = (s.model.active_params, s.model.params) {
        if a > t {
            errors.push(FieldError::new(
                "model.active_params",
                format!(
                    "model.active_params must not exceed model.params ({}), got {}",
                    params::fmt_bound(t),
                    params::fmt_bound(a)
                ),
            ));
        }
    }
    if let (Some(kv), Some(h)) = (s.model.kv_heads, s.model.heads) {
        if kv > h {
            errors.push(FieldError::new(
                "model.kv_heads",
                format!("model.kv_heads must not exceed model.heads ({h}), got {kv}"),
            ));
        }
    }
    errors
}

/// The MFU each preset's reported hours imply, worked out once for the embedded catalog:
/// resolving runs on every keystroke.
fn cached_implied_mfu(p: &Preset) -> Option<(f64, String)> {
    use std::collections::BTreeMap;
    type Cache = BTreeMap<&'static str, Option<(f64, String)>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cat = Catalog::get();
    CACHE
        .get_or_init(|| {
            cat.presets
                .presets
                .iter()
                .map(|q| (&*q.id, implied_mfu(q, cat)))
                .collect()
        })
        .get(&*p.id)
        .cloned()
        .flatten()
}

/// Validates and fills a scenario. Either every input resolved, or every problem found.
pub fn resolve(user: &Scenario, cat: &'static Catalog) -> Result<Resolved, Vec<FieldError>> {
    let mut errors = validate(user, cat);
    if !errors.is_empty() {
        return Err(errors);
    }
    let preset = user.model.preset.as_deref().and_then(|id| cat.preset(id));
    let base_preset = preset.or_else(|| cat.preset(BASE_PRESET));
    let base = base_preset
        .map(|p| p.scenario().into_owned())
        .unwrap_or_default();
    let mut c = Ctx {
        cat,
        user,
        preset,
        base,
        errors: Vec::new(),
        notices: Vec::new(),
        assumptions: Vec::new(),
    };
    if let Some(p) = preset {
        c.record(
            "model.preset",
            Value::Text(p.id.to_string()),
            Origin::Scenario,
        );
    }

    // ---- model
    let layers = c.number("model.layers", true).unwrap_or(1.0);
    let d_model = c.number("model.d_model", true).unwrap_or(1.0);
    let heads = c.number("model.heads", true).unwrap_or(1.0);
    let kv_heads = c.number("model.kv_heads", true).unwrap_or(heads).min(heads);
    let context = c.number("model.context", true).unwrap_or(2048.0);
    let vocab = c.number("model.vocab", true).unwrap_or(32000.0);
    let arch_touched = [
        "model.layers",
        "model.d_model",
        "model.heads",
        "model.kv_heads",
        "model.vocab",
    ]
    .iter()
    .any(|p| user.number(p).is_some());
    let derived = params_from_architecture(layers, d_model, heads, kv_heads, vocab);
    let derive_how = "L·(2d² + 2d²·kv_heads/heads + 8d²) + vocab·d (Kaplan et al. 2020 §2.1, with grouped-query K/V)".to_string();
    let params = match user.model.params {
        Some(v) => {
            c.record("model.params", Value::Number(v), Origin::Scenario);
            v
        }
        None if arch_touched || c.base.model.params.is_none() => {
            c.record(
                "model.params",
                Value::Number(derived),
                Origin::Derived {
                    how: derive_how.clone(),
                },
            );
            derived
        }
        None => c.number("model.params", true).unwrap_or(derived),
    };
    let active_params = match user.model.active_params {
        Some(v) => {
            c.record("model.active_params", Value::Number(v), Origin::Scenario);
            v
        }
        None => {
            let base_total = c.base.model.params.unwrap_or(params);
            let base_active = c.base.model.active_params.unwrap_or(base_total);
            if (params - base_total).abs() < f64::EPSILON * base_total.max(1.0)
                && c.base.model.active_params.is_some()
            {
                c.number("model.active_params", true).unwrap_or(params)
            } else {
                // Keep the preset's active share (1 for dense models) when the size changes.
                let share = (base_active / base_total).clamp(0.0, 1.0);
                let v = params * share;
                let how = if share < 1.0 {
                    format!("model.params × {share:.3} (the preset's active share)")
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
        }
    };
    if active_params > params * (1.0 + 1e-9) {
        c.errors.push(FieldError::new(
            "model.active_params",
            format!(
                "model.active_params must not exceed model.params ({}), got {}",
                params::fmt_bound(params),
                params::fmt_bound(active_params)
            ),
        ));
    }
    let model = ModelInputs {
        params,
        active_params,
        layers,
        d_model,
        heads,
        kv_heads,
        context,
        vocab,
    };

    // ---- training
    let t_tokens = c.number_or(
        "training.tokens",
        true,
        fallback::TRAINING_TOKENS,
        Origin::Default {
            why: "not published for this model: Llama 2's 2T tokens as a stand-in".into(),
        },
    );
    let preset_acc_id = c.base.training.accelerator.clone();
    let t_acc_id = c.text_or(
        "training.accelerator",
        true,
        "a100-80gb",
        Origin::Default {
            why: "common large-model training GPU".into(),
        },
    );
    let t_acc = c.accelerator("training.accelerator", &t_acc_id);
    let on_preset_hw = preset_acc_id.as_deref() == Some(t_acc_id.as_str());
    let t_devices = c.number_or(
        "training.accelerators",
        true,
        fallback::TRAINING_ACCELERATORS,
        Origin::Default {
            why: "affects only the wall-clock time".into(),
        },
    );
    let t_peak = t_acc.map(training_peak).unwrap_or(0.0);
    let measured_hours = c.number("training.accelerator_hours", false);
    let t_mfu = match c.number("training.mfu", false) {
        Some(v) => v,
        None => {
            let implied = base_preset
                .filter(|_| on_preset_hw)
                .and_then(cached_implied_mfu);
            match (implied, t_acc) {
                (Some((mfu, how)), _) => {
                    c.record("training.mfu", Value::Number(mfu), Origin::Derived { how });
                    mfu
                }
                (None, Some(a)) => {
                    let o = cat_origin(&a.default_mfu, &format!("default MFU for {}", a.name));
                    c.record("training.mfu", Value::Number(a.default_mfu.value), o);
                    a.default_mfu.value
                }
                (None, None) => 0.4,
            }
        }
    };
    let t_power = match c.number("training.power_w", on_preset_hw) {
        Some(v) => v,
        None => match t_acc {
            Some(a) => {
                let o = cat_origin(
                    &a.train_power_w,
                    &format!("{} average training draw", a.name),
                );
                c.record("training.power_w", Value::Number(a.train_power_w.value), o);
                a.train_power_w.value
            }
            None => 0.0,
        },
    };
    let d = &cat.defaults;
    let (t_pue, t_wue) = c.site_efficiency("training.pue", "training.wue_l_per_kwh");
    let t_grid = c.grid("training", true, None);
    let training = JobInputs {
        tokens: t_tokens,
        pass_factor: 3.0,
        devices: t_devices,
        peak_flops: t_peak,
        mfu: t_mfu,
        measured_hours,
        power_w: t_power,
        pue: t_pue,
        wue_l_per_kwh: t_wue,
        grid_g_per_kwh: t_grid,
        embodied_kg_per_device: t_acc.map(|a| a.embodied_kg.value).unwrap_or(0.0),
    };
    if let Some(a) = t_acc {
        let o = cat_origin(&a.embodied_kg, &format!("{} embodied", a.name));
        c.assumptions.push(Assumption {
            path: "training.embodied_kg_per_device",
            value: Value::Number(a.embodied_kg.value),
            origin: o,
        });
    }

    // ---- fine-tuning
    let method = c.text_or(
        "fine_tuning.method",
        false,
        fallback::FINE_TUNE_METHOD,
        Origin::Default {
            why: "no fine-tuning unless asked".into(),
        },
    );
    let fine_tuning = if method == "none" {
        None
    } else {
        let tokens = c.number_or(
            "fine_tuning.tokens",
            false,
            fallback::FINE_TUNE_TOKENS,
            Origin::Default {
                why: "a typical instruction-tuning set".into(),
            },
        );
        let epochs = c.number_or(
            "fine_tuning.epochs",
            false,
            fallback::FINE_TUNE_EPOCHS,
            Origin::Default {
                why: "a typical number of epochs".into(),
            },
        );
        let same = Origin::Default {
            why: "same as pre-training".into(),
        };
        let acc_id = c.text_or("fine_tuning.accelerator", false, &t_acc_id, same.clone());
        let acc = c.accelerator("fine_tuning.accelerator", &acc_id);
        let same_hw = acc_id == t_acc_id;
        let devices = c.number_or("fine_tuning.accelerators", false, t_devices, same.clone());
        let mfu = match (c.number("fine_tuning.mfu", false), acc) {
            (Some(v), _) => v,
            (None, _) if same_hw => {
                c.record("fine_tuning.mfu", Value::Number(t_mfu), same.clone());
                t_mfu
            }
            (None, Some(a)) => {
                let o = cat_origin(&a.default_mfu, &format!("default MFU for {}", a.name));
                c.record("fine_tuning.mfu", Value::Number(a.default_mfu.value), o);
                a.default_mfu.value
            }
            (None, None) => 0.4,
        };
        let power = match (c.number("fine_tuning.power_w", false), acc) {
            (Some(v), _) => v,
            (None, _) if same_hw => {
                c.record("fine_tuning.power_w", Value::Number(t_power), same.clone());
                t_power
            }
            (None, Some(a)) => {
                let o = cat_origin(
                    &a.train_power_w,
                    &format!("{} average training draw", a.name),
                );
                c.record(
                    "fine_tuning.power_w",
                    Value::Number(a.train_power_w.value),
                    o,
                );
                a.train_power_w.value
            }
            (None, None) => 0.0,
        };
        let pue = c.number_or("fine_tuning.pue", false, t_pue, same.clone());
        let wue = c.number_or("fine_tuning.wue_l_per_kwh", false, t_wue, same.clone());
        let grid = c.grid("fine_tuning", false, Some((t_grid, same)));
        Some(JobInputs {
            tokens: tokens * epochs,
            pass_factor: if method == "lora" { 2.0 } else { 3.0 },
            devices,
            peak_flops: acc.map(training_peak).unwrap_or(0.0),
            mfu,
            measured_hours: c.number("fine_tuning.accelerator_hours", false),
            power_w: power,
            pue,
            wue_l_per_kwh: wue,
            grid_g_per_kwh: grid,
            embodied_kg_per_device: acc.map(|a| a.embodied_kg.value).unwrap_or(0.0),
        })
    };

    // ---- inference
    let i_acc_id = c.text_or(
        "inference.accelerator",
        true,
        fallback::INFERENCE_ACCELERATOR,
        Origin::Default {
            why: "the most deployed serving GPU of 2024–2025".into(),
        },
    );
    let i_acc = c.accelerator("inference.accelerator", &i_acc_id);
    let precision = c.text_or(
        "inference.precision",
        true,
        fallback::PRECISION,
        Origin::Default {
            why: "the usual serving precision".into(),
        },
    );
    let bpp = precision_bytes(&precision);
    let usable = d.usable_memory_fraction.value;
    let weight_bytes = params * bpp;
    let mut inference = None;
    if let Some(a) = i_acc {
        let mem = a.memory_gb.value * 1e9;
        let devices = match c.number("inference.accelerators", true) {
            Some(n) => {
                if weight_bytes > n * mem * usable {
                    let need = (weight_bytes / (mem * usable)).ceil();
                    c.errors.push(FieldError::new(
                        "inference.accelerators",
                        format!(
                            "inference.accelerators: the weights need {:.0} GB at {precision}, but {} × {} hold {:.0} GB usable; use at least {need} devices or a lower precision",
                            weight_bytes / 1e9, n, a.name, n * mem * usable / 1e9
                        ),
                    ));
                }
                n
            }
            None => {
                let mut n = 1.0;
                while weight_bytes > fallback::WEIGHT_SHARE_OF_MEMORY * n * mem * usable
                    && n < 4096.0
                {
                    n *= 2.0;
                }
                let why = "the smallest power of two whose memory holds the weights with a quarter left for the KV cache".into();
                c.record(
                    "inference.accelerators",
                    Value::Number(n),
                    Origin::Derived { how: why },
                );
                n
            }
        };
        let (peak, used) = peak_at(a, &precision).unwrap_or((0.0, "fp32"));
        if used != precision {
            c.notices.push(FieldError::new("inference.precision", format!("inference.precision: {} has no native {precision}; computing at its {used} rate with {precision} weights", a.name)));
        }
        let batch = c.number_or(
            "inference.batch",
            true,
            fallback::BATCH,
            Origin::Default {
                why: "a moderate serving batch".into(),
            },
        );
        let prompt = c.number_or(
            "inference.prompt_tokens",
            true,
            fallback::PROMPT_TOKENS,
            Origin::Default {
                why: "scenario-v1.md example".into(),
            },
        );
        let output = c.number_or(
            "inference.output_tokens",
            true,
            fallback::OUTPUT_TOKENS,
            Origin::Default {
                why: "scenario-v1.md example".into(),
            },
        );
        let qpd = c.number_or(
            "inference.queries_per_day",
            true,
            fallback::QUERIES_PER_DAY,
            Origin::Default {
                why: "scenario-v1.md example".into(),
            },
        );
        let days = c.number_or(
            "inference.days",
            true,
            fallback::DAYS,
            Origin::Default {
                why: "a year of service".into(),
            },
        );
        let fixed_power = c.number("inference.power_w", true);
        let site = Origin::Default {
            why: "defaults to the training site".into(),
        };
        let (pue, wue) = c.site_efficiency("inference.pue", "inference.wue_l_per_kwh");
        let grid = c.grid("inference", true, Some((t_grid, site)));
        let o = cat_origin(&a.embodied_kg, &format!("{} embodied", a.name));
        c.assumptions.push(Assumption {
            path: "inference.embodied_kg_per_device",
            value: Value::Number(a.embodied_kg.value),
            origin: o,
        });
        inference = Some(ServeInputs {
            devices,
            peak_flops: peak,
            mem_bw_bytes_s: a.memory_bw_tb_s.value * 1e12,
            mem_bytes: mem,
            bytes_per_param: bpp,
            kv_bytes_per_value: kv_bytes(&precision),
            batch,
            prompt_tokens: prompt,
            output_tokens: output,
            queries_per_day: qpd,
            days,
            idle_w: a.idle_w.value,
            tdp_w: a.tdp_w.value,
            fixed_power_w: fixed_power,
            host_fraction: d.inference_host_fraction.value,
            compute_efficiency: d.inference_compute_efficiency.value,
            memory_bw_efficiency: d.inference_memory_bw_efficiency.value,
            usable_memory_fraction: usable,
            serving_utilisation: d.serving_utilisation.value,
            pue,
            wue_l_per_kwh: wue,
            grid_g_per_kwh: grid,
            embodied_kg_per_device: a.embodied_kg.value,
        });
    }

    // ---- embodied
    let include = match user.embodied.include {
        Some(v) => {
            c.record("embodied.include", Value::Bool(v), Origin::Scenario);
            v
        }
        None => {
            c.record(
                "embodied.include",
                Value::Bool(true),
                Origin::Default {
                    why: "manufacturing is part of the footprint".into(),
                },
            );
            true
        }
    };
    let lifetime = c.number_or(
        "embodied.lifetime_years",
        false,
        d.lifetime_years.value,
        cat_origin(&d.lifetime_years, "device service life"),
    );

    errors.append(&mut c.errors);
    match inference {
        Some(inference) if errors.is_empty() => Ok(Resolved {
            inputs: Inputs {
                model,
                training,
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

/// The MFU a preset's reported device-hours imply on its own hardware:
/// training FLOPs / (hours × 3600 × peak). `None` if the preset has no hours or the figure is
/// outside (0, 1].
pub fn implied_mfu(p: &Preset, cat: &Catalog) -> Option<(f64, String)> {
    let hours = p.reported.as_ref()?.accelerator_hours?;
    let s = p.scenario();
    let acc = cat.accelerator(s.training.accelerator.as_deref()?)?;
    let m = &s.model;
    let params = m.params?;
    let model = ModelInputs {
        params,
        active_params: m.active_params.unwrap_or(params),
        layers: m.layers?,
        d_model: m.d_model?,
        heads: m.heads?,
        kv_heads: m.kv_heads.or(m.heads)?,
        context: m.context.unwrap_or(2048.0),
        vocab: m.vocab.unwrap_or(32000.0),
    };
    let (dense, attn) = forward_flops_per_token(&model, model.context);
    let flops = 3.0 * (dense + attn) * s.training.tokens?;
    let mfu = flops / (hours * 3600.0 * training_peak(acc));
    (mfu > 0.0 && mfu <= 1.0).then(|| {
        (
            mfu,
            format!(
                "implied by {}'s reported {} device-hours on {}: training FLOPs / (hours × peak)",
                p.name,
                params::fmt_bound(hours),
                acc.name
            ),
        )
    })
}
