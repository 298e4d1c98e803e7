//! Pre-training and fine-tuning jobs: tokens and sequence length, hardware and precision, the
//! utilisation (the reader's, the one a preset's reported hours imply on its own hardware, or the
//! MFU model's), power and its boundary (host overhead), the development around the final run,
//! and the site.

use super::site::{Inherit, Phase, Site};
use super::{cat_origin, embodied_origin, fallback, peak_at, Ctx, JobInputs, ModelInputs, Origin};
use super::{Value, Words};
use crate::data::{Accelerator, Catalog, Preset};
use crate::engine::{params, utilisation};
use std::borrow::Cow;

/// Why a job's host overhead is 0 when its power is a measured system power: the page tells
/// this boundary apart by it.
pub const HOST_IN_SYSTEM_POWER: &str =
    "0: the device's figure is measured system power, host included";

/// A resolved pre-training job and what fine-tuning inherits from it.
pub(super) struct Training {
    pub job: JobInputs,
    /// Its site, which fine-tuning inherits (and serving, where the reader chose it).
    pub site: Site,
    pub accelerator: Cow<'static, str>,
    /// The number format of the run: fine-tuning on the same hardware keeps it, and RL rollouts
    /// generate at it.
    pub precision: Cow<'static, str>,
    pub region_set: bool,
}

pub(super) fn pre_training(
    c: &mut Ctx,
    model: &ModelInputs,
    base_preset: Option<&'static Preset>,
) -> Option<Training> {
    let tokens = match c.preset {
        Some(_) => c.number_or(
            "training.tokens",
            true,
            fallback::TRAINING_TOKENS,
            Origin::Default {
                why: "not published for this model: Llama 2's 2T tokens as a stand-in".into(),
            },
        ),
        None => {
            let how =
                "20 tokens per parameter, compute-optimal (Hoffmann et al. 2022, arXiv 2203.15556)";
            c.number_or(
                "training.tokens",
                false,
                fallback::TOKENS_PER_PARAMETER * model.params,
                Origin::Derived { how: how.into() },
            )
        }
    };
    let seq_how = "= model.context: no training sequence length given";
    let sequence_length = c.number_or(
        "training.sequence_length",
        true,
        model.context,
        Origin::Derived {
            how: seq_how.into(),
        },
    );
    let preset_acc = c.base.training.accelerator.clone();
    let why = "common large-model training GPU".into();
    let acc_id = c.text_or(
        "training.accelerator",
        true,
        "a100-80gb".into(),
        Origin::Default { why },
    );
    let acc = c.accelerator("training.accelerator", &acc_id);
    let on_preset_hw = preset_acc.as_deref() == Some(&*acc_id);
    let devices = c.number_or(
        "training.accelerators",
        true,
        fallback::TRAINING_ACCELERATORS,
        Origin::Default {
            why: "affects only the wall-clock time".into(),
        },
    );
    let why = "the usual training format".into();
    let precision = c.text_or(
        "training.precision",
        true,
        fallback::TRAINING_PRECISION.into(),
        Origin::Default { why },
    );
    let peak = acc.map_or(0.0, |a| peak(c, a, &precision));
    let measured_hours = c.number("training.accelerator_hours", false);
    let mut mfu_spread = spread::READER;
    let mfu = match c.number("training.mfu", false) {
        Some(v) => v,
        None => {
            let preset_precision = c.base.training.precision.as_deref();
            let same_run = on_preset_hw
                && *precision == *preset_precision.unwrap_or(fallback::TRAINING_PRECISION);
            let implied = base_preset
                .filter(|_| same_run)
                .and_then(cached_implied_mfu);
            match (implied, acc) {
                (Some((mfu, how)), _) => {
                    mfu_spread = spread::PUBLISHED;
                    let how = Words::from(how);
                    c.record("training.mfu", Value::Number(mfu), Origin::Derived { how });
                    mfu
                }
                (None, Some(a)) => {
                    mfu_spread = spread::MODEL;
                    expected(c, "training.mfu", a, model, devices)
                }
                (None, None) => 0.4,
            }
        }
    };
    let (power_w, host_overhead) = power(c, "training", acc, on_preset_hw, None);
    let development_factor = c.number_or(
        "training.development_factor",
        false,
        1.0,
        Origin::Default {
            why:
                "the final run as published; whole developments have used 1.2–5.6× (see the field)"
                    .into(),
        },
    );
    let site = c.site(Phase::Training, true, None);
    let embodied = acc.map_or(0.0, |a| {
        let o = embodied_origin(a);
        c.record(
            "training.embodied_kg_per_device",
            Value::Number(a.embodied_kg.value),
            o,
        );
        a.embodied_kg.value
    });
    Some(Training {
        job: JobInputs {
            tokens,
            sequence_length,
            pass_factor: 3.0,
            devices,
            peak_flops: peak,
            mfu,
            mfu_spread,
            measured_hours,
            power_w,
            host_overhead,
            development_factor,
            pue: site.pue,
            wue_l_per_kwh: site.wue_l_per_kwh,
            grid_g_per_kwh: site.grid_g_per_kwh,
            market_g_per_kwh: site.market_g_per_kwh,
            water_offsite_l_per_kwh: site.water_offsite_l_per_kwh,
            embodied_kg_per_device: embodied,
            rollout: None,
        },
        site,
        accelerator: acc_id,
        precision,
        region_set: c.user.training.region.is_some() || c.user.training.grid_g_per_kwh.is_some(),
    })
    .filter(|_| acc.is_some())
}

/// The dense peak at a training precision; a notice when the device computes it at another.
fn peak(c: &mut Ctx, a: &Accelerator, precision: &str) -> f64 {
    let (v, used) = peak_at(a, precision).unwrap_or((0.0, "fp32"));
    if used != precision {
        let n = super::precision_fallback("training.precision", a, precision, used);
        c.notices.push(n);
    }
    v
}

/// The MFU model's expectation for this run, recorded with how it was reached.
fn expected(
    c: &mut Ctx,
    path: &'static str,
    a: &Accelerator,
    model: &ModelInputs,
    devices: f64,
) -> f64 {
    let (mfu, how) = utilisation::expected_mfu(c.cat, a, model, devices);
    let how = how.into();
    c.record(path, Value::Number(mfu), Origin::Derived { how });
    mfu
}

/// Average accelerator draw and host overhead for a job: the reader's; the preset's while on its
/// hardware (its own boundary, e.g. Meta's TDP-only convention); `inherit` (fine-tuning on the
/// training hardware); else the catalog's draw with the default host overhead, none where the
/// catalog's figure is a measured system power that already includes the host.
fn power(
    c: &mut Ctx,
    section: &'static str,
    acc: Option<&'static Accelerator>,
    from_preset: bool,
    inherit: Option<(f64, f64)>,
) -> (f64, f64) {
    let (power_path, host_path) = match section {
        "training" => ("training.power_w", "training.host_overhead"),
        _ => ("fine_tuning.power_w", "fine_tuning.host_overhead"),
    };
    let same = || Origin::Default {
        why: "same as pre-training".into(),
    };
    let power = match (c.number(power_path, from_preset), inherit, acc) {
        (Some(v), _, _) => v,
        (None, Some((w, _)), _) => {
            c.record(power_path, Value::Number(w), same());
            w
        }
        (None, None, Some(a)) => {
            let what = Words::join(&[&a.name, " average training draw"]);
            let o = cat_origin(&a.train_power_w, what);
            c.record(power_path, Value::Number(a.train_power_w.value), o);
            a.train_power_w.value
        }
        (None, None, None) => 0.0,
    };
    let system =
        acc.is_some_and(|a| a.power_basis == "system") && c.user.number(power_path).is_none();
    let host = match (c.number(host_path, from_preset), inherit) {
        (Some(v), _) => v,
        (None, Some((_, h))) => {
            c.record(host_path, Value::Number(h), same());
            h
        }
        (None, None) if system => {
            let why = HOST_IN_SYSTEM_POWER.into();
            c.record(host_path, Value::Number(0.0), Origin::Default { why });
            0.0
        }
        (None, None) => {
            let d = &c.cat.defaults.training_host_overhead;
            c.record(
                host_path,
                Value::Number(d.value),
                cat_origin(d, "host overhead".into()),
            );
            d.value
        }
    };
    (power, host)
}

/// 90 % spreads (×/÷) of a job's utilisation, by where it came from (see docs/validation.md).
mod spread {
    /// A figure the reader gives: their own, but rarely measured: ×/÷ 1.3.
    pub const READER: f64 = 1.3;
    /// Implied by published device-hours of the same run.
    pub const PUBLISHED: f64 = 1.05;
    /// The MFU model: 19 of 22 published runs left out of its fit came within ×/÷ 1.6 of their
    /// hours (docs/validation.md); the worst, OPT-175B with its restarts, ran 2.3× longer.
    pub const MODEL: f64 = 1.6;
}

pub(super) fn fine_tuning(
    c: &mut Ctx,
    t: &Option<Training>,
    model: &ModelInputs,
) -> Option<JobInputs> {
    let method = c.text_or(
        "fine_tuning.method",
        false,
        fallback::FINE_TUNE_METHOD.into(),
        Origin::Default {
            why: "no fine-tuning unless asked".into(),
        },
    );
    let t = t.as_ref()?;
    if method == "none" {
        return None;
    }
    let tj = &t.job;
    let rl = method == "rl";
    let same = Origin::Default {
        why: "same as pre-training".into(),
    };
    let supervised = (!rl).then(|| supervised(c, tj.sequence_length, &same));
    let acc_id = c.text_or(
        "fine_tuning.accelerator",
        false,
        t.accelerator.clone(),
        same.clone(),
    );
    let acc = c.accelerator("fine_tuning.accelerator", &acc_id);
    let same_hw = acc_id == t.accelerator;
    let devices = c.number_or("fine_tuning.accelerators", false, tj.devices, same.clone());
    let (mfu, mfu_spread) = match (c.number("fine_tuning.mfu", false), acc) {
        (Some(v), _) => (v, spread::READER),
        (None, _) if same_hw => {
            c.record("fine_tuning.mfu", Value::Number(tj.mfu), same.clone());
            (tj.mfu, tj.mfu_spread.max(spread::READER))
        }
        (None, Some(a)) => (
            expected(c, "fine_tuning.mfu", a, model, devices),
            spread::MODEL,
        ),
        (None, None) => (0.4, spread::MODEL),
    };
    let inherit = same_hw.then_some((tj.power_w, tj.host_overhead));
    let (power_w, host_overhead) = power(c, "fine_tuning", acc, false, inherit);
    let inherit = Inherit {
        site: t.site,
        why: "same as pre-training",
        efficiency: true,
    };
    let site = c.site(Phase::FineTuning, false, Some(inherit));
    let peak = match acc {
        Some(_) if same_hw => tj.peak_flops,
        Some(a) => peak_at(a, fallback::TRAINING_PRECISION).map_or(0.0, |(v, _)| v),
        None => 0.0,
    };
    let precision = if same_hw {
        &*t.precision
    } else {
        fallback::TRAINING_PRECISION
    };
    let rl = if rl {
        super::rl::resolve(c, model, acc, precision, devices)
    } else {
        None
    };
    let (tokens, sequence_length, pass_factor) = match (&rl, supervised) {
        (Some(r), _) => (r.tokens, r.sequence_length, r.pass_factor),
        (None, Some((tokens, seq))) => (tokens, seq, if method == "lora" { 2.0 } else { 3.0 }),
        // An RL run on an unknown accelerator: the error is already recorded.
        (None, None) => (0.0, 1.0, 3.0),
    };
    Some(JobInputs {
        tokens,
        sequence_length,
        pass_factor,
        devices,
        peak_flops: peak,
        mfu,
        mfu_spread,
        measured_hours: c.number("fine_tuning.accelerator_hours", false),
        power_w,
        host_overhead,
        development_factor: 1.0,
        pue: site.pue,
        wue_l_per_kwh: site.wue_l_per_kwh,
        grid_g_per_kwh: site.grid_g_per_kwh,
        market_g_per_kwh: site.market_g_per_kwh,
        water_offsite_l_per_kwh: site.water_offsite_l_per_kwh,
        embodied_kg_per_device: acc.map_or(0.0, |a| a.embodied_kg.value),
        rollout: rl.map(|r| r.rollout),
    })
}

/// Supervised fine-tuning's tokens (a set passed over `epochs` times) and sequence length; RL
/// derives both from its rollouts instead.
fn supervised(c: &mut Ctx, training_sequence: f64, same: &Origin) -> (f64, f64) {
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
    let seq = c.number_or(
        "fine_tuning.sequence_length",
        false,
        training_sequence,
        same.clone(),
    );
    (tokens * epochs, seq)
}

/// [`implied_mfu`] of each compiled-in preset, worked out once: resolving runs on every keystroke.
fn cached_implied_mfu(p: &Preset) -> Option<(f64, &'static str)> {
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
        .get(&*p.id)?
        .as_ref()
        .map(|(mfu, how)| (*mfu, how.as_str()))
}

/// The MFU a preset's reported device-hours imply on its own hardware and precision:
/// training FLOPs of the preset's own run / (hours × 3600 × peak). `None` if the preset has no
/// hours or the figure is outside (0, 1].
pub fn implied_mfu(p: &Preset, cat: &Catalog) -> Option<(f64, String)> {
    let hours = p.reported.as_ref()?.accelerator_hours?;
    let s = p.scenario();
    let acc = cat.accelerator(s.training.accelerator.as_deref()?)?;
    let model = super::model::preset_model(&s);
    let seq = s.training.sequence_length.unwrap_or(model.context);
    let (dense, attn) = super::forward_flops_per_token(&model, seq);
    let flops = 3.0 * (dense + attn) * s.training.tokens?;
    let precision = s
        .training
        .precision
        .as_deref()
        .unwrap_or(fallback::TRAINING_PRECISION);
    let (peak, _) = peak_at(acc, precision)?;
    let mfu = flops / (hours * 3600.0 * peak);
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
