//! The physics: from resolved [`Inputs`] to energy, carbon and water. Pure arithmetic on plain
//! numbers, no allocation, so the Monte Carlo can call it thousands of times.
//!
//! E = E_train + E_finetune + E_inference (facility energy: IT energy × PUE);
//! CO2e = E × grid intensity + embodied (device manufacturing spread over its service life,
//! charged for the hours used); water = IT energy × on-site WUE (cooling) + facility energy ×
//! the off-site factor of the grid (generating the electricity; Li, Yang, Islam & Ren, arXiv
//! 2304.03271, §3.1).

use super::architecture::{forward_flops_per_token, ModelInputs};
use super::resolve::{Inputs, JobInputs, Rollout, ServeInputs};
use super::units::*;

pub const HOURS_PER_YEAR: f64 = 8760.0;
const SECONDS_PER_DAY: f64 = 86_400.0;
/// The hidden size at which `expert_parallel_overhead_s` is stated (defaults.json says so).
pub const ROUTING_REFERENCE_WIDTH: f64 = 4096.0;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct JobResult {
    /// Market-based emissions, where a market-based factor applies.
    pub co2e_market: Option<KgCo2e>,
    pub flops: Flops,
    pub device_hours: DeviceHours,
    pub wall_clock_days: f64,
    pub it_energy: KilowattHours,
    pub energy: KilowattHours,
    pub co2e: KgCo2e,
    pub embodied: KgCo2e,
    /// On-site (cooling) + off-site (electricity generation) water.
    pub water: Water,
    /// The rollouts' share of the above, for a reinforcement-learning run (zero otherwise).
    pub rollout: RolloutResult,
}

/// Water consumed, on the site and generating its electricity.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Water {
    /// Cooling water evaporated at the data centre: IT energy × WUE.
    pub onsite: Litres,
    /// Water consumed by the power plants: facility energy × off-site factor.
    pub offsite: Litres,
}

impl Water {
    fn of(it_energy: KilowattHours, energy: KilowattHours, wue: f64, offsite: f64) -> Water {
        Water {
            onsite: Litres(it_energy.0 * wue),
            offsite: Litres(energy.0 * offsite),
        }
    }

    pub fn total(&self) -> Litres {
        self.onsite + self.offsite
    }
}

impl std::ops::Add for Water {
    type Output = Water;
    fn add(self, o: Water) -> Water {
        Water {
            onsite: self.onsite + o.onsite,
            offsite: self.offsite + o.offsite,
        }
    }
}

/// What the rollouts of a reinforcement-learning run cost: included in the job's totals, the
/// rest of which are the policy updates.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RolloutResult {
    pub sequences: f64,
    pub generated_tokens: f64,
    pub flops: Flops,
    pub device_hours: DeviceHours,
    /// Facility energy (IT energy × PUE).
    pub energy: KilowattHours,
}

/// Rollouts on a serving replica (the serving model, [`serve`]), in synchronous rounds of one
/// batch per replica that last until the round's longest generation ends. A decode step's time is
/// `a + c·batch`: the part that does not grow with the batch (the weights read, per-layer
/// overheads) is paid for every step up to the longest output, the part per sequence only for the
/// tokens generated. So a round of `b` sequences of mean length `g` and longest `L` takes
/// prefill + L·a + b·g·c, against g·(a + c·b) if finished sequences were replaced at once
/// (continuous batching). The tail's extra steps draw the power of a batch-one step. Returns the
/// result and the accelerators' energy in kWh (before host and PUE).
fn rollout(model: &ModelInputs, r: &Rollout) -> (RolloutResult, f64) {
    let full = serve(model, &r.serve, false, 1.0);
    let one = serve(
        model,
        &ServeInputs {
            batch: 1.0,
            ..r.serve
        },
        false,
        1.0,
    );
    let b = full.effective_batch;
    let c = if b > 1.0 {
        ((full.decode_step_seconds.0 - one.decode_step_seconds.0) / (b - 1.0)).max(0.0)
    } else {
        0.0
    };
    let a = one.decode_step_seconds.0 - c;
    let g = r.serve.output_tokens;
    // The round: b·(prefill + g·step(b)/b) = b·prefill + g·a + b·g·c, plus the tail's steps.
    let tail = (r.longest - g).max(0.0) * a;
    let per_sequence = full.seconds_per_query.0 + tail / b;
    let n = r.serve.devices;
    let tail_j = tail * n * one.decode_power_w.0 / b;
    let acc_j = r.sequences * (full.accelerator_energy_per_query.0 + tail_j);
    let result = RolloutResult {
        sequences: r.sequences,
        generated_tokens: r.sequences * g,
        flops: Flops(r.sequences * full.flops_per_query.0),
        device_hours: DeviceHours(r.sequences * per_sequence * n / 3600.0),
        energy: KilowattHours(0.0),
    };
    (result, Joules(acc_j).to_kwh().0)
}

/// Serving energy per query as the steps of a widening boundary (Elsworth et al. 2025,
/// arXiv 2508.15734, Fig. 2): the active accelerators, plus their host (CPUs, memory,
/// network), plus the provisioned capacity that waits idle, times the data centre's overhead
/// (PUE). The steps add up to the facility energy per query.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Ladder {
    pub accelerators_wh: f64,
    pub host_wh: f64,
    pub idle_wh: f64,
    pub overhead_wh: f64,
}

impl Ladder {
    pub fn total_wh(&self) -> f64 {
        self.accelerators_wh + self.host_wh + self.idle_wh + self.overhead_wh
    }
}

/// What bounds a decode step on the roofline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    #[default]
    Memory,
    Compute,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ServeResult {
    pub flops_per_query: Flops,
    pub prefill_seconds: Seconds,
    pub decode_step_seconds: Seconds,
    pub decode_bound: Bound,
    /// The batch actually decoded together (capped by KV-cache memory).
    pub effective_batch: f64,
    /// Output tokens per second of one replica while decoding.
    pub replica_tokens_per_s: f64,
    /// Replica-seconds one query occupies (prefill + its share of the decode steps).
    pub seconds_per_query: Seconds,
    pub replicas: f64,
    pub busy_fraction: f64,
    pub decode_power_w: Watts,
    pub accelerator_energy_per_query: Joules,
    pub accelerator_energy_per_output_token: Joules,
    /// Facility energy per query, idle capacity included.
    pub energy_per_query: Joules,
    /// The boundary ladder of `energy_per_query`: each step's share of it.
    pub ladder: Ladder,
    pub co2e_per_query_g: f64,
    pub energy: KilowattHours,
    pub it_energy: KilowattHours,
    pub co2e: KgCo2e,
    pub co2e_market: Option<KgCo2e>,
    pub embodied: KgCo2e,
    pub water: Water,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Breakdown {
    pub training: JobResult,
    pub fine_tuning: JobResult,
    pub inference: ServeResult,
    pub total_energy: KilowattHours,
    pub total_co2e: KgCo2e,
    pub total_water: Water,
    /// Training + fine-tuning emissions, embodied included: what inference has to catch up with.
    pub upfront_co2e: KgCo2e,
    /// Inference emissions per day of deployment, embodied included.
    pub inference_co2e_per_day: KgCo2e,
    /// The day serving has emitted as much as training, at this rate, within the deployment or
    /// beyond it; `None` when nothing is served.
    pub breakeven_at_rate_days: Option<f64>,
    /// [`Breakdown::breakeven_at_rate_days`] when it falls within the deployment.
    pub breakeven_days: Option<f64>,
}

/// Pre-training or fine-tuning: FLOPs = pass_factor × forward FLOPs per token (at the job's
/// sequence length) × tokens; time = FLOPs / (devices × peak × MFU), unless device-hours were
/// measured. IT energy = device-hours × power × (1 + host overhead). A development factor scales
/// the final run to the whole development (experiments, ablations, failed runs). A
/// reinforcement-learning run adds its rollouts ([`rollout`]) before the updates; measured hours
/// then keep the estimate's split between the two.
pub fn job(model: &ModelInputs, j: &JobInputs, embodied: bool, lifetime_years: f64) -> JobResult {
    let (dense, attention) = forward_flops_per_token(model, j.sequence_length);
    let dev = j.development_factor;
    let update_flops = dev * j.pass_factor * (dense + attention) * j.tokens;
    let rate = FlopsPerSecond(j.devices * j.peak_flops * j.mfu);
    let update_hours = j.devices * (Flops(update_flops) / rate).hours();
    let (mut ro, ro_acc_kwh) = j.rollout.map(|r| rollout(model, &r)).unwrap_or_default();
    let estimated = update_hours + dev * ro.device_hours.0;
    let device_hours = match j.measured_hours {
        Some(h) => DeviceHours(dev * h),
        None => DeviceHours(estimated),
    };
    // Measured hours scale both parts alike.
    let scale = if estimated > 0.0 {
        device_hours.0 / estimated
    } else {
        1.0
    };
    let host = 1.0 + j.host_overhead;
    let ro_it = KilowattHours(dev * scale * ro_acc_kwh * host);
    let update_it = Watts(j.power_w * host) * DeviceHours(scale * update_hours);
    let it_energy = if j.rollout.is_some() {
        update_it + ro_it
    } else {
        Watts(j.power_w * host) * device_hours
    };
    let energy = it_energy * j.pue;
    ro.device_hours = DeviceHours(dev * scale * ro.device_hours.0);
    ro.flops = Flops(dev * ro.flops.0);
    ro.energy = ro_it * j.pue;
    let embodied = if embodied {
        KgCo2e(j.embodied_kg_per_device * device_hours.0 / (lifetime_years * HOURS_PER_YEAR))
    } else {
        KgCo2e(0.0)
    };
    JobResult {
        co2e_market: j.market_g_per_kwh.map(|g| energy * GramsCo2ePerKwh(g)),
        flops: Flops(update_flops + ro.flops.0),
        device_hours,
        wall_clock_days: device_hours.0 / j.devices / 24.0,
        it_energy,
        energy,
        co2e: energy * GramsCo2ePerKwh(j.grid_g_per_kwh),
        embodied,
        water: Water::of(
            it_energy,
            energy,
            j.wue_l_per_kwh,
            j.water_offsite_l_per_kwh,
        ),
        rollout: ro,
    }
}

/// Bytes of KV cache of a sequence of `len` tokens (window layers keep at most the window).
pub fn kv_bytes(m: &ModelInputs, s: &ServeInputs, len: f64) -> f64 {
    m.kv_values(len) * s.kv_bytes_per_value
}

/// Seconds of the all-reduces of `tokens` tokens' activations in one pass over a replica of
/// several devices: two per layer (after attention and after the feed-forward or expert block,
/// as in Megatron-LM's tensor parallelism, Shoeybi et al. 2019, arXiv 1909.08053, §3; vLLM sums
/// expert-parallel outputs the same way), each 16-bit d_model values per token, a ring moving
/// 2(n − 1)/n of them through each device's link.
fn all_reduce(m: &ModelInputs, s: &ServeInputs, tokens: f64) -> f64 {
    let n = s.devices;
    if n <= 1.0 || s.link_bw_bytes_s <= 0.0 {
        return 0.0;
    }
    let bytes = 2.0 * m.layers * tokens * m.d_model * 2.0 * 2.0 * (n - 1.0) / n;
    bytes / (s.link_bw_bytes_s * s.link_efficiency)
}

/// Serving, calibrated on ML.ENERGY's measurements (src/data/serving_runs.json; the constants
/// are `serving_model` in defaults.json, their error in docs/validation.md).
///
/// Prefill computes the prompt tokens not found in the prefix cache (dense FLOPs plus causal
/// attention over the whole prompt). A decode step reads the weights the batch touches (all of a
/// dense model; a mixture-of-experts model's shared parts plus the experts its tokens route to)
/// and every sequence's KV cache, and computes the dense FLOPs plus attention over the context
/// per sequence. Memory and compute time add (decode kernels overlap little at these sizes; the
/// roofline of Williams et al. 2009, CACM 52(4), bounds each), plus the engine's overheads: a
/// fixed time per layer, the all-reduces of a replica of several devices over their link, a
/// routing time per mixture-of-experts layer when its experts are spread whole over the devices,
/// and a time per token (and per routed expert) split over the devices; with 8-bit weights, a time
/// per token every device repeats (quantising activations) and routed experts read at a lower
/// share of the bandwidth (block-scaled grouped GEMMs). Weight products run at the weights' precision
/// (4-bit weights dequantised to 16 bits), attention at 16 bits. Reasoning tokens are generated
/// like output tokens. Device power rises from an
/// active floor with memory and compute utilisation up to TDP (Fan, Weber & Barroso 2007, ISCA,
/// §4.1, with the floor and slopes fitted on measured draw).
pub fn serve(m: &ModelInputs, s: &ServeInputs, embodied: bool, lifetime_years: f64) -> ServeResult {
    let n = s.devices;
    let peak = n * s.peak_flops;
    let compute_rate = FlopsPerSecond(peak * s.compute_efficiency);
    // Attention multiplies 16-bit activations by 16-bit KV caches, whatever the weights' format.
    let attention_rate = FlopsPerSecond(n * s.attention_peak_flops * s.attention_efficiency);
    let bw = n * s.mem_bw_bytes_s;
    let mem_rate = BytesPerSecond(bw * s.memory_bw_efficiency);
    let p = s.prompt_tokens;
    let cached = s.cached_prompt_tokens.min(p);
    let o = s.output_tokens;
    // Everything generated: hidden reasoning, then the answer.
    let g = o + s.reasoning_tokens;

    // All experts' bytes must be resident. KV blocks are allocated as sequences grow (vLLM's
    // PagedAttention, Kwon et al. 2023, SOSP), so a sequence holds on average the prompt plus
    // half of what it generates.
    let weight_bytes = m.params * s.bytes_per_param;
    let kv_per_seq = kv_bytes(m, s, p + g / 2.0);
    let free = (n * s.mem_bytes * s.usable_memory_fraction - weight_bytes).max(0.0);
    let fit = if kv_per_seq > 0.0 {
        (free / kv_per_seq).floor()
    } else {
        s.batch
    };
    let batch = s.batch.min(fit).max(1.0);

    // Prefill of the uncached part of one prompt: tokens cached..p each attend to all before.
    let dense = m.dense_flops_per_token();
    let computed = p - cached;
    let prefill_attention = (p * m.attention_flops_per_token(p)
        - cached * m.attention_flops_per_token(cached))
    .max(0.0);
    let prefill_flops = computed * dense + prefill_attention;
    let prefill_compute =
        Flops(computed * dense) / compute_rate + Flops(prefill_attention) / attention_rate;
    let prefill_memory = Bytes(if computed > 0.0 { weight_bytes } else { 0.0 }) / mem_rate;
    let prefill_seconds =
        Seconds(prefill_compute.0.max(prefill_memory.0) + all_reduce(m, s, computed));

    // Decode at the mean context over the generation.
    let ctx = p + (g + 1.0) / 2.0;
    let (shared_read, experts_read) = m.weights_read_split(batch);
    let (shared_read, experts_read) = (
        shared_read * s.bytes_per_param,
        experts_read * s.bytes_per_param,
    );
    let kv_read = batch * kv_bytes(m, s, ctx);
    let step_bytes = shared_read + experts_read + kv_read;
    let attention = m.decode_attention_flops(ctx);
    let token_flops = dense + attention;
    let step_flops = batch * token_flops;
    // Paged KV blocks and the many small matrices of routed experts have their own shares.
    let kv_rate = BytesPerSecond(bw * s.kv_bw_efficiency);
    let expert_rate = BytesPerSecond(bw * s.expert_bw_efficiency);
    let t_mem = Bytes(shared_read) / mem_rate
        + Bytes(experts_read) / expert_rate
        + Bytes(kv_read) / kv_rate;
    let t_comp = Flops(batch * dense) / compute_rate + Flops(batch * attention) / attention_rate;
    let bound = if t_comp.0 > t_mem.0 {
        Bound::Compute
    } else {
        Bound::Memory
    };
    let moe_layers = if m.experts > 0.0 {
        (m.layers - m.dense_layers).max(0.0)
    } else {
        0.0
    };
    // Routing dispatches and combines each layer's hidden states: its time grows with their width.
    let expert_parallel = if n > 1.0 && s.expert_parallel {
        moe_layers * s.expert_parallel_overhead_s * m.d_model / ROUTING_REFERENCE_WIDTH
    } else {
        0.0
    };
    let per_token =
        m.layers * s.token_overhead_s + moe_layers * m.experts_per_token * s.expert_overhead_s;
    let fixed = m.layers * s.step_overhead_s + expert_parallel + all_reduce(m, s, batch);
    // Per-token work splits over the devices, except what every rank repeats on the whole token.
    let step = Seconds(
        t_mem.0 + t_comp.0 + fixed + batch * (per_token / n + m.layers * s.quant_overhead_s),
    );
    let decode_flops = g * token_flops;

    // Utilisation: achieved FLOP/s and bytes/s as fractions of the peaks.
    let util = |x: f64, rate: f64, t: f64| {
        if t > 0.0 {
            (x / (t * rate)).min(1.0)
        } else {
            0.0
        }
    };
    let power = |u_mem: f64, u_comp: f64| {
        let f =
            (s.power_floor + s.power_per_memory * u_mem + s.power_per_compute * u_comp).min(1.0);
        Watts(s.idle_w + (s.tdp_w - s.idle_w) * f)
    };
    let p_prefill = power(
        util(weight_bytes, bw, prefill_seconds.0),
        util(prefill_flops, peak, prefill_seconds.0),
    );
    let p_decode = power(util(step_bytes, bw, step.0), util(step_flops, peak, step.0));

    let decode_seconds = Seconds(g * step.0 / batch);
    let seconds_per_query = Seconds(prefill_seconds.0 + decode_seconds.0);
    let (acc_energy, it_per_query) = match s.fixed_power_w {
        // A measured draw per device (host share included) replaces the utilisation model.
        Some(w) => {
            let it = Watts(n * w) * seconds_per_query;
            (Joules(it.0 / (1.0 + s.host_fraction)), it)
        }
        None => {
            let acc = Joules(
                (Watts(n * p_prefill.0) * prefill_seconds).0
                    + (Watts(n * p_decode.0) * decode_seconds).0,
            );
            (acc, acc * (1.0 + s.host_fraction))
        }
    };

    // The fleet: enough replicas for the traffic at the target utilisation; their idle time
    // still draws idle power (host included).
    let busy_per_day = s.queries_per_day * seconds_per_query.0;
    let replicas = if s.queries_per_day > 0.0 {
        (busy_per_day / (SECONDS_PER_DAY * s.serving_utilisation))
            .ceil()
            .max(1.0)
    } else {
        0.0
    };
    let idle_seconds = (replicas * SECONDS_PER_DAY - busy_per_day).max(0.0);
    let idle_w = s
        .fixed_power_w
        .map(|w| w * s.idle_w / s.tdp_w)
        .unwrap_or(s.idle_w * (1.0 + s.host_fraction));
    let it_per_day = Joules(s.queries_per_day * it_per_query.0 + n * idle_w * idle_seconds);
    let it_energy = it_per_day.to_kwh() * s.days;
    let energy = it_energy * s.pue;
    let co2e = energy * GramsCo2ePerKwh(s.grid_g_per_kwh);
    let energy_per_query = if s.queries_per_day > 0.0 {
        Joules(it_per_day.0 * s.pue / s.queries_per_day)
    } else {
        it_per_query * s.pue
    };
    let wh = |j: f64| j / 3600.0;
    let idle_per_query = if s.queries_per_day > 0.0 {
        n * idle_w * idle_seconds / s.queries_per_day
    } else {
        0.0
    };
    let ladder = Ladder {
        accelerators_wh: wh(acc_energy.0),
        host_wh: wh(it_per_query.0 - acc_energy.0),
        idle_wh: wh(idle_per_query),
        overhead_wh: wh((it_per_query.0 + idle_per_query) * (s.pue - 1.0)),
    };
    let embodied_kg = if embodied {
        s.embodied_kg_per_device * replicas * n * s.days * 24.0 / (lifetime_years * HOURS_PER_YEAR)
    } else {
        0.0
    };

    ServeResult {
        flops_per_query: Flops(prefill_flops + decode_flops),
        prefill_seconds,
        decode_step_seconds: step,
        decode_bound: bound,
        effective_batch: batch,
        replica_tokens_per_s: if step.0 > 0.0 { batch / step.0 } else { 0.0 },
        seconds_per_query,
        replicas,
        busy_fraction: if replicas > 0.0 {
            busy_per_day / (replicas * SECONDS_PER_DAY)
        } else {
            0.0
        },
        decode_power_w: p_decode,
        accelerator_energy_per_query: acc_energy,
        accelerator_energy_per_output_token: Joules(acc_energy.0 / g),
        energy_per_query,
        ladder,
        co2e_per_query_g: energy_per_query.to_kwh().0 * s.grid_g_per_kwh,
        energy,
        it_energy,
        co2e,
        co2e_market: s.market_g_per_kwh.map(|g| energy * GramsCo2ePerKwh(g)),
        embodied: KgCo2e(embodied_kg),
        water: Water::of(
            it_energy,
            energy,
            s.wue_l_per_kwh,
            s.water_offsite_l_per_kwh,
        ),
    }
}

/// The whole footprint.
pub fn evaluate(x: &Inputs) -> Breakdown {
    let training = job(&x.model, &x.training, x.embodied, x.lifetime_years);
    let fine_tuning = x
        .fine_tuning
        .as_ref()
        .map(|j| job(&x.model, j, x.embodied, x.lifetime_years))
        .unwrap_or_default();
    let inference = serve(&x.model, &x.inference, x.embodied, x.lifetime_years);
    let upfront = training.co2e + training.embodied + fine_tuning.co2e + fine_tuning.embodied;
    let days = x.inference.days;
    let per_day = if days > 0.0 {
        KgCo2e((inference.co2e.0 + inference.embodied.0) / days)
    } else {
        KgCo2e(0.0)
    };
    let breakeven_at_rate_days = (per_day.0 > 0.0).then(|| upfront.0 / per_day.0);
    let breakeven_days = breakeven_at_rate_days.filter(|d| *d <= days);
    Breakdown {
        training,
        fine_tuning,
        inference,
        total_energy: training.energy + fine_tuning.energy + inference.energy,
        total_co2e: upfront + inference.co2e + inference.embodied,
        total_water: training.water + fine_tuning.water + inference.water,
        upfront_co2e: upfront,
        inference_co2e_per_day: per_day,
        breakeven_at_rate_days,
        breakeven_days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::architecture::tests::plain;

    fn gpt3() -> ModelInputs {
        // Brown et al. 2020, Table 2.1: 96 layers, d_model 12288, 96 heads, context 2048.
        ModelInputs {
            params: 175e9,
            active_params: 175e9,
            ..plain(96.0, 12288.0, 96.0, 50257.0)
        }
    }

    fn job_inputs() -> JobInputs {
        JobInputs {
            tokens: 300e9,
            sequence_length: 2048.0,
            pass_factor: 3.0,
            devices: 10_000.0,
            peak_flops: 125e12,
            mfu: 0.2,
            mfu_spread: 1.3,
            measured_hours: None,
            power_w: 330.0,
            host_overhead: 0.0,
            development_factor: 1.0,
            pue: 1.1,
            wue_l_per_kwh: 1.0,
            grid_g_per_kwh: 429.0,
            market_g_per_kwh: None,
            water_offsite_l_per_kwh: 0.0,
            embodied_kg_per_device: 100.0,
            rollout: None,
        }
    }

    fn serve_inputs() -> ServeInputs {
        ServeInputs {
            devices: 1.0,
            peak_flops: 989e12,
            attention_peak_flops: 989e12,
            mem_bw_bytes_s: 3.35e12,
            link_bw_bytes_s: 450e9,
            mem_bytes: 80e9,
            bytes_per_param: 2.0,
            kv_bytes_per_value: 2.0,
            batch: 1.0,
            prompt_tokens: 0.0,
            cached_prompt_tokens: 0.0,
            output_tokens: 100.0,
            reasoning_tokens: 0.0,
            queries_per_day: 1000.0,
            days: 10.0,
            idle_w: 70.0,
            tdp_w: 700.0,
            fixed_power_w: None,
            host_fraction: 0.0,
            compute_efficiency: 1.0,
            memory_bw_efficiency: 1.0,
            attention_efficiency: 1.0,
            kv_bw_efficiency: 1.0,
            expert_bw_efficiency: 1.0,
            link_efficiency: 1.0,
            step_overhead_s: 0.0,
            expert_parallel_overhead_s: 0.0,
            expert_parallel: true,
            token_overhead_s: 0.0,
            expert_overhead_s: 0.0,
            quant_overhead_s: 0.0,
            eight_bit_products: false,
            power_floor: 0.0,
            power_per_memory: 1.0,
            power_per_compute: 1.0,
            usable_memory_fraction: 1.0,
            serving_utilisation: 1.0,
            pue: 1.0,
            wue_l_per_kwh: 0.0,
            grid_g_per_kwh: 100.0,
            market_g_per_kwh: None,
            water_offsite_l_per_kwh: 0.0,
            embodied_kg_per_device: 0.0,
        }
    }

    fn llama8b() -> ModelInputs {
        ModelInputs {
            params: 8e9,
            active_params: 8e9,
            kv_heads: 8.0,
            context: 8192.0,
            embedding_matrices: 2.0,
            ..plain(32.0, 4096.0, 32.0, 128256.0)
        }
    }

    #[test]
    fn forward_flops_are_dense_plus_causal_attention() {
        let m = gpt3();
        let (dense, attn) = forward_flops_per_token(&m, 2048.0);
        // Tied embeddings: the output projection is a real matrix multiply, so all 2·N count.
        assert_eq!(dense, 2.0 * 175e9);
        assert_eq!(attn, 2.0 * 96.0 * 12288.0 * 2049.0);
        // Quadratic in total: doubling the context doubles the per-token attention term.
        let (_, attn2) = forward_flops_per_token(&m, 4097.0);
        assert!((attn2 / attn - 2.0).abs() < 1e-9);
    }

    #[test]
    fn training_time_is_flops_over_effective_rate() {
        let m = gpt3();
        let j = job_inputs();
        let r = job(&m, &j, false, 5.0);
        let (d, a) = forward_flops_per_token(&m, j.sequence_length);
        let flops = 3.0 * (d + a) * j.tokens;
        assert_eq!(r.flops.0, flops);
        let hours = flops / (j.peak_flops * j.mfu) / 3600.0;
        assert!((r.device_hours.0 / hours - 1.0).abs() < 1e-12);
        assert!((r.wall_clock_days - hours / j.devices / 24.0).abs() < 1e-9);
        assert!((r.energy.0 - hours * 0.330 * 1.1).abs() < 1e-6 * r.energy.0);
        assert!((r.co2e.0 - r.energy.0 * 0.429).abs() < 1e-6 * r.co2e.0);
        assert_eq!(r.water.onsite.0, r.it_energy.0);
        assert_eq!(r.water.offsite.0, 0.0);
        assert_eq!(r.embodied.0, 0.0);
    }

    #[test]
    fn measured_hours_replace_the_flops_estimate() {
        let mut j = job_inputs();
        j.measured_hours = Some(3_552_000.0);
        let r = job(&gpt3(), &j, true, 5.0);
        assert_eq!(r.device_hours.0, 3_552_000.0);
        // Embodied: 100 kg per device over 5 years, charged for the hours used.
        assert!((r.embodied.0 - 100.0 * 3_552_000.0 / (5.0 * 8760.0)).abs() < 1e-9);
    }

    #[test]
    fn lora_costs_two_thirds_of_full_fine_tuning() {
        let mut full = job_inputs();
        full.tokens = 1e9;
        let lora = JobInputs {
            pass_factor: 2.0,
            ..full
        };
        let (a, b) = (
            job(&gpt3(), &full, false, 5.0),
            job(&gpt3(), &lora, false, 5.0),
        );
        assert!((b.energy.0 / a.energy.0 - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn batch_one_decode_is_bound_by_reading_the_weights() {
        let m = llama8b();
        let s = serve_inputs();
        let r = serve(&m, &s, false, 5.0);
        assert_eq!(r.decode_bound, Bound::Memory);
        let kv = kv_bytes(&m, &s, 101.0 / 2.0);
        // Memory time plus compute time (they add); no overheads in these inputs.
        let flops = m.dense_flops_per_token() + m.decode_attention_flops(101.0 / 2.0);
        let expected = (16e9 + kv) / 3.35e12 + flops / 989e12;
        assert!((r.decode_step_seconds.0 / expected - 1.0).abs() < 1e-12);
        // 2·L·kv_heads·head_dim·2 bytes = 131,072 bytes per token for Llama 3 8B.
        assert_eq!(kv_bytes(&m, &s, 1.0), 131_072.0);
    }

    #[test]
    fn a_huge_batch_makes_decode_compute_bound_but_memory_caps_it() {
        let m = llama8b();
        let s = ServeInputs {
            batch: 4096.0,
            prompt_tokens: 10.0,
            output_tokens: 10.0,
            ..serve_inputs()
        };
        let r = serve(&m, &s, false, 5.0);
        // (80 GB − 16 GB) / (131,072 B × 15 tokens held on average) sequences fit: 4096 is kept.
        assert_eq!(r.effective_batch, 4096.0);
        assert_eq!(r.decode_bound, Bound::Compute);
        let long = ServeInputs {
            batch: 4096.0,
            prompt_tokens: 8000.0,
            output_tokens: 1000.0,
            ..serve_inputs()
        };
        let r = serve(&m, &long, false, 5.0);
        // Paged KV caches: a sequence holds its prompt and half its output on average.
        assert_eq!(r.effective_batch, (64e9f64 / (131_072.0 * 8500.0)).floor());
    }

    fn moe() -> ModelInputs {
        // Qwen3-30B-A3B's shape (config.json): 48 layers, 128 experts of width 768, top-8.
        let mut m = ModelInputs {
            kv_heads: 4.0,
            head_dim: 128.0,
            ffn_matrices: 3.0,
            embedding_matrices: 2.0,
            experts: 128.0,
            experts_per_token: 8.0,
            expert_ffn_dim: 768.0,
            ..plain(48.0, 2048.0, 32.0, 151936.0)
        };
        let c = m.param_count();
        (m.params, m.active_params) = (c.total, c.active);
        m
    }

    #[test]
    fn attention_runs_at_the_16_bit_rate_whatever_the_weights() {
        // 8-bit weights double the peak of the weight products, not of attention.
        let s = ServeInputs {
            batch: 64.0,
            prompt_tokens: 4000.0,
            ..serve_inputs()
        };
        let m = llama8b();
        let wide = serve(&m, &s, false, 5.0);
        let fp8 = serve(
            &m,
            &ServeInputs {
                peak_flops: 2.0 * s.peak_flops,
                ..s
            },
            false,
            5.0,
        );
        let dense = 64.0 * m.dense_flops_per_token() / 989e12;
        let saved = wide.decode_step_seconds.0 - fp8.decode_step_seconds.0;
        assert!(
            (saved / (dense / 2.0) - 1.0).abs() < 1e-9,
            "{saved} vs {dense}"
        );
    }

    #[test]
    fn more_reasoning_tokens_cost_more() {
        let s = ServeInputs {
            prompt_tokens: 200.0,
            batch: 32.0,
            ..serve_inputs()
        };
        let answer = serve(&llama8b(), &s, false, 5.0);
        let thinking = serve(
            &llama8b(),
            &ServeInputs {
                reasoning_tokens: 1000.0,
                ..s
            },
            false,
            5.0,
        );
        assert!(
            thinking.accelerator_energy_per_query.0 > 5.0 * answer.accelerator_energy_per_query.0
        );
        assert!(thinking.flops_per_query.0 > answer.flops_per_query.0);
    }

    #[test]
    fn cached_prompt_tokens_cost_less() {
        let s = ServeInputs {
            prompt_tokens: 4000.0,
            output_tokens: 100.0,
            ..serve_inputs()
        };
        let cold = serve(&llama8b(), &s, false, 5.0);
        let warm = serve(
            &llama8b(),
            &ServeInputs {
                cached_prompt_tokens: 3000.0,
                ..s
            },
            false,
            5.0,
        );
        assert!(warm.prefill_seconds.0 < 0.3 * cold.prefill_seconds.0);
        assert!(warm.accelerator_energy_per_query.0 < cold.accelerator_energy_per_query.0);
        // The cached tokens still sit in the context: decode reads their KV cache as before.
        assert_eq!(warm.decode_step_seconds, cold.decode_step_seconds);
    }

    #[test]
    fn moe_decode_reads_the_experts_the_batch_touches() {
        let m = moe();
        // One token: its 8 experts; 1000 tokens: nearly all 128 (128·(1 − (120/128)^1000)).
        assert!((m.experts_touched(1.0) - 8.0).abs() < 1e-9);
        assert!(m.experts_touched(1000.0) > 127.9);
        assert_eq!(m.weights_read(1.0), m.active_params);
        assert!((m.weights_read(4096.0) / m.params - 1.0).abs() < 1e-6);
        // Below batch × active parameters: tokens share the experts they route to.
        assert!(m.weights_read(8.0) < 8.0 * m.active_params);
        assert!(m.weights_read(8.0) > m.active_params);
    }

    #[test]
    fn all_reduces_cross_the_link_of_a_multi_device_replica() {
        // Two all-reduces per layer of batch × d_model 16-bit values; a ring moves 2(n − 1)/n.
        let m = llama8b();
        let s = ServeInputs {
            devices: 2.0,
            batch: 64.0,
            ..serve_inputs()
        };
        let bytes = 2.0 * 32.0 * 64.0 * 4096.0 * 2.0 * 2.0 * 0.5;
        assert!((all_reduce(&m, &s, 64.0) / (bytes / 450e9) - 1.0).abs() < 1e-12);
        assert_eq!(
            all_reduce(&m, &ServeInputs { devices: 1.0, ..s }, 64.0),
            0.0
        );
        // A slower link, a bigger batch: a longer step; a faster link: a shorter one.
        let base = serve(&m, &s, false, 5.0).decode_step_seconds.0;
        let pcie = ServeInputs {
            link_bw_bytes_s: 32e9,
            ..s
        };
        assert!(serve(&m, &pcie, false, 5.0).decode_step_seconds.0 > base);
        let bigger = ServeInputs { batch: 256.0, ..s };
        assert!(all_reduce(&m, &bigger, 256.0) > all_reduce(&m, &s, 64.0));
        let nvl5 = ServeInputs {
            link_bw_bytes_s: 900e9,
            ..s
        };
        assert!(serve(&m, &nvl5, false, 5.0).decode_step_seconds.0 < base);
    }

    #[test]
    fn routed_experts_stream_at_their_own_efficiency() {
        let s = ServeInputs {
            batch: 16.0,
            ..serve_inputs()
        };
        let slow = ServeInputs {
            expert_bw_efficiency: 0.5,
            ..s
        };
        let fast = serve(&moe(), &s, false, 5.0).decode_step_seconds.0;
        let (_, experts) = moe().weights_read_split(16.0);
        let extra = serve(&moe(), &slow, false, 5.0).decode_step_seconds.0 - fast;
        assert!(
            (extra / (experts * 2.0 / 3.35e12) - 1.0).abs() < 1e-9,
            "{extra}"
        );
        // A dense model has no routed experts: the efficiency changes nothing.
        let dense = serve(&llama8b(), &s, false, 5.0).decode_step_seconds.0;
        assert_eq!(
            serve(&llama8b(), &slow, false, 5.0).decode_step_seconds.0,
            dense
        );
    }

    #[test]
    fn every_device_repeats_the_quantisation_time() {
        // Per-token overheads split over the devices; quantising a token's activations does not.
        let m = llama8b();
        let step = |devices: f64, token: f64, quant: f64| {
            let s = ServeInputs {
                devices,
                batch: 64.0,
                token_overhead_s: token,
                quant_overhead_s: quant,
                link_bw_bytes_s: f64::INFINITY,
                ..serve_inputs()
            };
            serve(&m, &s, false, 5.0).decode_step_seconds.0
        };
        let split = |n: f64| step(n, 1e-6, 0.0) - step(n, 0.0, 0.0);
        let whole = |n: f64| step(n, 0.0, 1e-6) - step(n, 0.0, 0.0);
        assert!((split(1.0) / (64.0 * 32.0 * 1e-6) - 1.0).abs() < 1e-9);
        assert!((split(4.0) / (split(1.0) / 4.0) - 1.0).abs() < 1e-9);
        assert!((whole(4.0) / whole(1.0) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn routing_between_devices_grows_with_the_hidden_size() {
        let s = ServeInputs {
            devices: 4.0,
            batch: 16.0,
            expert_parallel_overhead_s: 1e-4,
            link_bw_bytes_s: f64::INFINITY,
            ..serve_inputs()
        };
        let routing = |m: &ModelInputs| {
            serve(m, &s, false, 5.0).decode_step_seconds.0
                - serve(
                    m,
                    &ServeInputs {
                        expert_parallel: false,
                        ..s
                    },
                    false,
                    5.0,
                )
                .decode_step_seconds
                .0
        };
        let m = moe();
        let layers = m.layers - m.dense_layers;
        let expected = layers * 1e-4 * m.d_model / ROUTING_REFERENCE_WIDTH;
        assert!(
            (routing(&m) / expected - 1.0).abs() < 1e-9,
            "{}",
            routing(&m)
        );
        // A dense model has no experts to route.
        assert_eq!(
            routing(&ModelInputs { experts: 0.0, ..m }),
            0.0,
            "a dense model"
        );
    }

    #[test]
    fn more_experts_touched_cost_more() {
        let s = ServeInputs {
            batch: 16.0,
            ..serve_inputs()
        };
        let base = serve(&moe(), &s, false, 5.0);
        let wider = ModelInputs {
            experts_per_token: 16.0,
            ..moe()
        };
        let wider = ModelInputs {
            active_params: wider.param_count().active,
            ..wider
        };
        assert!(wider.experts_touched(16.0) > moe().experts_touched(16.0));
        let r = serve(&wider, &s, false, 5.0);
        assert!(r.decode_step_seconds.0 > base.decode_step_seconds.0);
        assert!(r.accelerator_energy_per_query.0 > base.accelerator_energy_per_query.0);
    }

    #[test]
    fn power_stays_between_idle_and_tdp() {
        for batch in [1.0, 8.0, 64.0, 512.0] {
            let r = serve(
                &llama8b(),
                &ServeInputs {
                    batch,
                    prompt_tokens: 500.0,
                    ..serve_inputs()
                },
                false,
                5.0,
            );
            assert!(
                r.decode_power_w.0 >= 70.0 && r.decode_power_w.0 <= 700.0,
                "{:?}",
                r.decode_power_w
            );
        }
    }

    #[test]
    fn idle_capacity_is_charged_and_replicas_cover_the_traffic() {
        let s = ServeInputs {
            queries_per_day: 10.0,
            ..serve_inputs()
        };
        let r = serve(&llama8b(), &s, false, 5.0);
        assert_eq!(r.replicas, 1.0);
        // Nearly all of the day is idle at 70 W.
        let idle_kwh_per_day = 70.0 * (86_400.0 - 10.0 * r.seconds_per_query.0) / 3.6e6;
        assert!(r.energy.0 > 10.0 * idle_kwh_per_day * 0.999);
        let busy = ServeInputs {
            queries_per_day: 1e9,
            ..serve_inputs()
        };
        let r = serve(&llama8b(), &busy, false, 5.0);
        assert!(r.replicas * 86_400.0 >= 1e9 * r.seconds_per_query.0);
    }

    #[test]
    fn market_based_emissions_stand_beside_location_based_never_instead() {
        let j = JobInputs {
            market_g_per_kwh: Some(10.0),
            ..job_inputs()
        };
        let with = job(&gpt3(), &j, false, 5.0);
        let without = job(&gpt3(), &job_inputs(), false, 5.0);
        assert_eq!(with.co2e, without.co2e);
        assert_eq!(without.co2e_market, None);
        let m = with.co2e_market.unwrap();
        assert!((m.0 - with.energy.0 * 0.010).abs() < 1e-9 * m.0);
    }

    #[test]
    fn onsite_water_follows_it_energy_and_offsite_water_facility_energy() {
        let j = JobInputs {
            wue_l_per_kwh: 0.5,
            water_offsite_l_per_kwh: 3.0,
            pue: 1.1,
            ..job_inputs()
        };
        let base = job(&gpt3(), &j, false, 5.0);
        let w = base.water;
        assert!((w.onsite.0 - 0.5 * base.it_energy.0).abs() < 1e-9 * w.onsite.0);
        assert!((w.offsite.0 - 3.0 * base.energy.0).abs() < 1e-9 * w.offsite.0);
        // A worse PUE adds facility energy: off-site water grows with it, on-site does not.
        let leaky = job(&gpt3(), &JobInputs { pue: 1.5, ..j }, false, 5.0).water;
        assert_eq!(leaky.onsite, w.onsite);
        assert!((leaky.offsite.0 / w.offsite.0 - 1.5 / 1.1).abs() < 1e-12);
        // Serving: the same split, idle capacity included in both energies.
        let s = ServeInputs {
            pue: 1.2,
            wue_l_per_kwh: 1.0,
            water_offsite_l_per_kwh: 2.0,
            ..serve_inputs()
        };
        let r = serve(&llama8b(), &s, false, 5.0);
        assert!((r.water.onsite.0 - r.it_energy.0).abs() < 1e-9 * r.water.onsite.0);
        assert!((r.water.offsite.0 - 2.0 * r.energy.0).abs() < 1e-9 * r.water.offsite.0);
        assert_eq!(r.water.total(), r.water.onsite + r.water.offsite);
    }

    #[test]
    fn the_ladder_steps_add_up_to_the_energy_per_query() {
        for (batch, qpd, pue) in [(1.0, 10.0, 1.0), (64.0, 1e6, 1.2), (512.0, 1e9, 1.5)] {
            let s = ServeInputs {
                batch,
                queries_per_day: qpd,
                pue,
                host_fraction: 0.43,
                serving_utilisation: 0.9,
                prompt_tokens: 400.0,
                ..serve_inputs()
            };
            let r = serve(&llama8b(), &s, false, 5.0);
            let l = r.ladder;
            assert!(
                (l.total_wh() / r.energy_per_query.to_wh() - 1.0).abs() < 1e-9,
                "{l:?}"
            );
            assert!(l.accelerators_wh > 0.0 && l.host_wh > 0.0 && l.idle_wh >= 0.0);
            assert!((l.host_wh / l.accelerators_wh - 0.43).abs() < 1e-9);
        }
    }

    #[test]
    fn breakeven_is_upfront_over_daily_inference() {
        let x = Inputs {
            model: llama8b(),
            training: JobInputs {
                tokens: 1e12,
                peak_flops: 989e12,
                mfu: 0.4,
                devices: 1000.0,
                ..job_inputs()
            },
            fine_tuning: None,
            inference: ServeInputs {
                queries_per_day: 1e8,
                days: 3650.0,
                batch: 64.0,
                ..serve_inputs()
            },
            embodied: false,
            lifetime_years: 5.0,
        };
        let b = evaluate(&x);
        let d = b.breakeven_days.expect("breaks even within ten years");
        assert!((d - b.upfront_co2e.0 / b.inference_co2e_per_day.0).abs() < 1e-9);
        let short = Inputs {
            inference: ServeInputs {
                days: d / 2.0,
                ..x.inference
            },
            ..x
        };
        assert_eq!(evaluate(&short).breakeven_days, None);
    }
}
