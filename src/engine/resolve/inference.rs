//! Serving: the replica (devices, precision, the batch), the traffic and the deployment, power
//! and the site. The roofline and fleet physics are `model::serve`.

use super::site::{Inherit, Phase};
use super::training::Training;
use super::{
    embodied_origin, fallback, kv_bytes, peak_at, precision_bytes, Assumption, Ctx, ModelInputs,
    Origin, ServeInputs, Value,
};
use crate::data::{Accelerator, Catalog, Defaults};
use crate::engine::scenario::{FieldError, Problem};

pub(super) fn resolve(
    c: &mut Ctx,
    model: &ModelInputs,
    training: &Option<Training>,
) -> Option<ServeInputs> {
    let i_acc_id = c.text_or(
        "inference.accelerator",
        true,
        fallback::INFERENCE_ACCELERATOR.into(),
        Origin::Default {
            why: "the most deployed serving GPU of 2024–2025".into(),
        },
    );
    let i_acc = c.accelerator("inference.accelerator", &i_acc_id);
    let precision = c.text_or(
        "inference.precision",
        true,
        fallback::PRECISION.into(),
        Origin::Default {
            why: "the usual serving precision".into(),
        },
    );
    let bpp = precision_bytes(&precision);
    let d = &c.cat.defaults;
    let usable = d.usable_memory_fraction.value;
    let weight_bytes = model.params * bpp;
    let a = i_acc?;
    {
        let mem = a.memory_gb.value * 1e9;
        let devices = match c.number("inference.accelerators", true) {
            Some(n) => {
                if weight_bytes > n * mem * usable {
                    let need = (weight_bytes / (mem * usable)).ceil();
                    let (need_gb, have_gb) = (weight_bytes / 1e9, n * mem * usable / 1e9);
                    c.errors.push(FieldError::with(
                        "inference.accelerators",
                        format!(
                            "inference.accelerators: the weights need {need_gb:.0} GB at {precision}, but {n} × {} hold {have_gb:.0} GB usable; use at least {need} devices or a lower precision",
                            a.name
                        ),
                        Problem::WeightsDoNotFit { need_gb, have_gb, need_devices: need },
                    ));
                }
                n
            }
            None => {
                let n = replica_devices(c.cat, a, weight_bytes);
                let why = "the smallest power of two whose memory holds the weights with a quarter left for the KV cache".into();
                c.record(
                    "inference.accelerators",
                    Value::Number(n),
                    Origin::Derived { how: why },
                );
                n
            }
        };
        let used = peak_at(a, &precision).map_or("fp32", |(_, u)| u);
        if used != &*precision {
            let n = super::precision_fallback("inference.precision", a, &precision, used);
            c.notices.push(n);
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
                why: "the calculator's example of a chat service".into(),
            },
        );
        let output = c.number_or(
            "inference.output_tokens",
            true,
            fallback::OUTPUT_TOKENS,
            Origin::Default {
                why: "the calculator's example of a chat service".into(),
            },
        );
        let reasoning = c.number_or(
            "inference.reasoning_tokens",
            true,
            0.0,
            Origin::Default {
                why: "no hidden reasoning unless given".into(),
            },
        );
        let cached = c.number_or(
            "inference.cached_prompt_tokens",
            true,
            0.0,
            Origin::Default {
                why: "no prefix-cache hits unless given".into(),
            },
        );
        if cached > prompt {
            c.notices.push(FieldError::with(
                "inference.cached_prompt_tokens",
                format!("inference.cached_prompt_tokens: {cached} cached tokens exceed the {prompt}-token prompt; the whole prompt is taken as cached"),
                Problem::CachedOverPrompt { cached, prompt },
            ));
        }
        let qpd = c.number_or(
            "inference.queries_per_day",
            true,
            fallback::QUERIES_PER_DAY,
            Origin::Default {
                why: "the calculator's example of a chat service".into(),
            },
        );
        // Only where something is served: a training-only scenario has nothing to extrapolate.
        let fitted = c.cat.defaults.serving_model.fitted_devices_max.value;
        if devices > fitted && qpd > 0.0 {
            c.notices.push(FieldError::with(
                "inference.accelerators",
                format!("inference.accelerators: {devices} devices per replica, more than the {fitted} of any measured replica the serving model was fitted on; its serving figures are an extrapolation"),
                Problem::BeyondFit { devices, fitted },
            ));
        }
        let days = c.number_or(
            "inference.days",
            true,
            fallback::DAYS,
            Origin::Default {
                why: "a year of service".into(),
            },
        );
        // Only a mixture-of-experts model on several devices has a choice to make.
        let expert_parallel = if model.experts > 0.0 && devices > 1.0 {
            let why = "ML.ENERGY's mixture-of-experts replicas run vLLM with --enable-expert-parallel (github.com/ml-energy/benchmark at c1d6557, configs/vllm)".into();
            c.text_or(
                "inference.parallelism",
                false,
                "expert".into(),
                Origin::Default { why },
            ) == "expert"
        } else {
            // Irrelevant: serve adds the routing term only for experts over several devices.
            true
        };
        let fixed_power = c.number("inference.power_w", true);
        // A preset's grid is its training run's: serving inherits only a site the reader chose.
        let chosen = training.as_ref().filter(|t| t.region_set);
        let inherit = chosen.map(|t| Inherit {
            site: t.site,
            why: "defaults to the training site you chose",
            efficiency: false,
        });
        let site = c.site(Phase::Inference, true, inherit);
        let o = embodied_origin(a);
        c.assumptions.push(Assumption {
            path: "inference.embodied_kg_per_device",
            value: Value::Number(a.embodied_kg.value),
            origin: o,
        });
        Some(ServeInputs {
            batch,
            prompt_tokens: prompt,
            cached_prompt_tokens: cached.min(prompt),
            output_tokens: output,
            reasoning_tokens: reasoning,
            queries_per_day: qpd,
            days,
            fixed_power_w: fixed_power,
            pue: site.pue,
            wue_l_per_kwh: site.wue_l_per_kwh,
            grid_g_per_kwh: site.grid_g_per_kwh,
            market_g_per_kwh: site.market_g_per_kwh,
            water_offsite_l_per_kwh: site.water_offsite_l_per_kwh,
            embodied_kg_per_device: a.embodied_kg.value,
            expert_parallel,
            ..replica(c.cat, a, &precision, devices)
        })
    }
}

/// A serving replica of `devices` × `a` at `precision`: the device's rates and the serving
/// engine's fitted constants, with no traffic and a neutral site (the caller sets those). Serving
/// and reinforcement-learning rollouts share it.
pub(super) fn replica(
    cat: &Catalog,
    a: &Accelerator,
    precision: &str,
    devices: f64,
) -> ServeInputs {
    let d = &cat.defaults;
    let bpp = precision_bytes(precision);
    // 4-bit weights are dequantised to 16 bits in the matrix kernels (Marlin-style weight-only
    // GEMMs), so they compute at the 16-bit peak; 8-bit weights run 8-bit GEMMs.
    let matmul = if bpp < 1.0 { "bf16" } else { precision };
    let peak16 = peak_at(a, "bf16").map_or(0.0, |(v, _)| v);
    let (peak, used) = peak_at(a, matmul).unwrap_or((0.0, "bf16"));
    let mut s = ServeInputs {
        devices,
        peak_flops: peak,
        // 8-bit weights on a device without 8-bit products are dequantised into 16-bit ones
        // (weight-only kernels, as vLLM's Marlin FP8 on Ampere): none of the 8-bit terms apply.
        eight_bit_products: bpp == 1.0 && matches!(used, "fp8" | "int8"),
        attention_peak_flops: peak16,
        mem_bw_bytes_s: a.memory_bw_tb_s.value * 1e12,
        // Vendors state the link both ways together; a ring all-reduce sends one way at a time.
        link_bw_bytes_s: a.link_gb_s.value * 1e9 / 2.0,
        mem_bytes: a.memory_gb.value * 1e9,
        bytes_per_param: bpp,
        kv_bytes_per_value: kv_bytes(precision),
        batch: 1.0,
        prompt_tokens: 0.0,
        cached_prompt_tokens: 0.0,
        output_tokens: 1.0,
        reasoning_tokens: 0.0,
        queries_per_day: 0.0,
        days: 0.0,
        idle_w: a.idle_w.value,
        tdp_w: a.tdp_w.value,
        fixed_power_w: None,
        host_fraction: d.inference_host_fraction.value,
        expert_parallel: true,
        usable_memory_fraction: d.usable_memory_fraction.value,
        serving_utilisation: d.serving_utilisation.value,
        pue: 1.0,
        wue_l_per_kwh: 0.0,
        grid_g_per_kwh: 0.0,
        market_g_per_kwh: None,
        water_offsite_l_per_kwh: 0.0,
        embodied_kg_per_device: a.embodied_kg.value,
        // The fitted constants, set below.
        ..ServeInputs::default()
    };
    ServingConstants::of(d).apply(&mut s);
    s
}

/// The serving engine's fitted constants (defaults.json `inference_*` efficiencies and
/// `serving_model`), and how they set a replica's inputs. The fit (examples/serving_fit.rs)
/// varies them through the same `apply`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServingConstants {
    pub compute_efficiency: f64,
    pub memory_bw_efficiency: f64,
    pub kv_bw_efficiency: f64,
    pub low_precision_compute_factor: f64,
    pub step_overhead_s: f64,
    pub expert_parallel_overhead_s: f64,
    pub token_overhead_s: f64,
    pub expert_overhead_s: f64,
    pub power_floor: f64,
    pub power_per_memory: f64,
    pub power_per_compute: f64,
    pub expert_bw_efficiency: f64,
    pub link_efficiency: f64,
    pub low_precision_quant_overhead_s: f64,
    pub low_precision_expert_bw_factor: f64,
}

impl ServingConstants {
    pub fn of(d: &Defaults) -> Self {
        let sm = &d.serving_model;
        ServingConstants {
            compute_efficiency: d.inference_compute_efficiency.value,
            memory_bw_efficiency: d.inference_memory_bw_efficiency.value,
            kv_bw_efficiency: sm.kv_cache_bw_efficiency.value,
            low_precision_compute_factor: sm.low_precision_compute_factor.value,
            step_overhead_s: sm.step_overhead_s_per_layer.value,
            expert_parallel_overhead_s: sm.expert_parallel_overhead_s_per_layer.value,
            token_overhead_s: sm.token_overhead_s_per_layer.value,
            expert_overhead_s: sm.expert_overhead_s.value,
            power_floor: sm.power_floor.value,
            power_per_memory: sm.power_per_memory_utilisation.value,
            power_per_compute: sm.power_per_compute_utilisation.value,
            expert_bw_efficiency: sm.expert_bw_efficiency.value,
            link_efficiency: sm.link_efficiency.value,
            low_precision_quant_overhead_s: sm.low_precision_quant_overhead_s_per_layer.value,
            low_precision_expert_bw_factor: sm.low_precision_expert_bw_factor.value,
        }
    }

    /// Sets the fitted inputs of `s`, a replica whose `eight_bit_products` is already set.
    pub fn apply(&self, s: &mut ServeInputs) {
        let eight_bit = s.eight_bit_products;
        let low = |factor: f64| if eight_bit { factor } else { 1.0 };
        // 8-bit GEMMs reach a smaller share of their (doubled) peak: scales and conversions.
        s.compute_efficiency =
            (self.compute_efficiency * low(self.low_precision_compute_factor)).min(1.0);
        s.attention_efficiency = self.compute_efficiency;
        s.memory_bw_efficiency = self.memory_bw_efficiency.min(1.0);
        s.kv_bw_efficiency = self.kv_bw_efficiency.min(1.0);
        // Block-scaled 8-bit experts load scales beside weights in many small grouped GEMMs.
        s.expert_bw_efficiency =
            (self.expert_bw_efficiency * low(self.low_precision_expert_bw_factor)).min(1.0);
        s.link_efficiency = self.link_efficiency.min(1.0);
        s.step_overhead_s = self.step_overhead_s;
        s.expert_parallel_overhead_s = self.expert_parallel_overhead_s;
        s.token_overhead_s = self.token_overhead_s;
        s.expert_overhead_s = self.expert_overhead_s;
        // 8-bit weights quantise each token's activations before every product.
        s.quant_overhead_s = if eight_bit {
            self.low_precision_quant_overhead_s
        } else {
            0.0
        };
        s.power_floor = self.power_floor.min(1.0);
        s.power_per_memory = self.power_per_memory;
        s.power_per_compute = self.power_per_compute;
    }
}

/// The smallest power of two of `a` whose usable memory holds `weight_bytes` with a quarter left
/// for the KV cache (at most 4096).
pub(super) fn replica_devices(cat: &Catalog, a: &Accelerator, weight_bytes: f64) -> f64 {
    let usable = a.memory_gb.value * 1e9 * cat.defaults.usable_memory_fraction.value;
    let mut n = 1.0;
    while weight_bytes > fallback::WEIGHT_SHARE_OF_MEMORY * n * usable && n < 4096.0 {
        n *= 2.0;
    }
    n
}
