//! The results document (docs/scenario.md, "Results document"), exactly as specified, plus
//! additions (water, embodied and operational totals, the fleet, notices, sensitivity, the tool
//! and data versions, and every resolved input with its origin). Names carry their units.

use super::model::{Bound, Breakdown};
use super::params;
use super::resolve::{Assumption, Origin, Value};
use super::scenario::FieldError;
use super::uncertainty::{Percentiles, Sensitivity, Uncertainty};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TrainingResults {
    pub flops: f64,
    pub accelerator_hours: f64,
    pub wall_clock_days: f64,
    pub energy_kwh: f64,
    pub co2e_kg: f64,
    pub embodied_co2e_kg: f64,
    pub water_l: f64,
    /// Of `water_l`: cooling water at the site (IT energy × WUE) and water consumed generating
    /// the electricity (facility energy × the off-site factor).
    pub water_onsite_l: f64,
    pub water_offsite_l: f64,
    /// Market-based emissions (contractual factor), beside the location-based `co2e_kg`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub co2e_market_kg: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FineTuningResults {
    pub flops: f64,
    pub accelerator_hours: f64,
    pub energy_kwh: f64,
    pub co2e_kg: f64,
    pub embodied_co2e_kg: f64,
    pub water_l: f64,
    /// Of `water_l`: cooling water at the site (IT energy × WUE) and water consumed generating
    /// the electricity (facility energy × the off-site factor).
    pub water_onsite_l: f64,
    pub water_offsite_l: f64,
    /// Market-based emissions (contractual factor), beside the location-based `co2e_kg`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub co2e_market_kg: Option<f64>,
    /// A reinforcement-learning run split into its rollouts and its policy updates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rl: Option<RlResults>,
}

/// The two parts of a reinforcement-learning run; each pair adds up to the fine-tuning total.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RlResults {
    pub rollout_sequences: f64,
    pub rollout_generated_tokens: f64,
    pub rollout_flops: f64,
    pub rollout_accelerator_hours: f64,
    pub rollout_energy_kwh: f64,
    pub update_flops: f64,
    pub update_accelerator_hours: f64,
    pub update_energy_kwh: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InferenceResults {
    pub flops_per_query: f64,
    /// `energy_per_query_wh` step by step: accelerators, + host, + idle capacity, + PUE overhead.
    pub energy_per_query_ladder_wh: super::model::Ladder,
    pub accelerator_energy_per_output_token_j: f64,
    pub energy_per_query_wh: f64,
    pub co2e_per_query_g: f64,
    pub energy_kwh: f64,
    pub co2e_kg: f64,
    pub embodied_co2e_kg: f64,
    pub water_l: f64,
    /// Of `water_l`: cooling water at the site (IT energy × WUE) and water consumed generating
    /// the electricity (facility energy × the off-site factor).
    pub water_onsite_l: f64,
    pub water_offsite_l: f64,
    pub water_per_query_ml: f64,
    /// The per-query figures for 1,000 queries: energy_per_query_wh, co2e_per_query_g and
    /// water_per_query_ml in units a thousand times larger.
    pub per_1000_queries: PerThousandQueries,
    /// Replicas the traffic needs, their busy fraction, and one replica's decode behaviour.
    pub replicas: f64,
    pub busy_fraction: f64,
    pub effective_batch: f64,
    pub decode_bound: Bound,
    pub tokens_per_second_per_replica: f64,
    pub seconds_per_query: f64,
    /// Market-based emissions (contractual factor), beside the location-based `co2e_kg`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub co2e_market_kg: Option<f64>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct PerThousandQueries {
    pub energy_kwh: f64,
    pub co2e_kg: f64,
    pub water_l: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TotalResults {
    pub energy_kwh: f64,
    /// Operational plus embodied, all phases.
    pub co2e_kg: f64,
    pub operational_co2e_kg: f64,
    pub embodied_co2e_kg: f64,
    pub water_l: f64,
    /// Of `water_l`: cooling water at the site (IT energy × WUE) and water consumed generating
    /// the electricity (facility energy × the off-site factor).
    pub water_onsite_l: f64,
    pub water_offsite_l: f64,
    /// Operational emissions, market-based where a phase has a market-based factor and
    /// location-based where it has none (GHG Protocol scope 2 dual reporting); absent when no
    /// phase has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operational_co2e_market_kg: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ranges {
    pub total_co2e_kg: Percentiles,
    pub total_energy_kwh: Percentiles,
}

/// One resolved input as the results document gives it: enough to reproduce a number without
/// the page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputRecord {
    pub value: Value,
    pub unit: &'static str,
    /// `scenario` (the reader's), `preset`, `catalog`, `derived` or `default`.
    pub origin: &'static str,
    /// The public source (preset and catalog values), how it was derived, or why it is the default.
    pub source: String,
}

impl InputRecord {
    fn of(a: &Assumption) -> InputRecord {
        let (origin, source) = match &a.origin {
            Origin::Scenario => ("scenario", String::new()),
            Origin::Preset { preset, source } => ("preset", format!("{preset}: {source}")),
            Origin::Catalog { source } => ("catalog", source.to_string()),
            Origin::Derived { how } => ("derived", how.to_string()),
            Origin::Default { why } => ("default", why.to_string()),
        };
        let unit = params::unit_of(a.path);
        InputRecord {
            value: a.value.clone(),
            unit,
            origin,
            source,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Results {
    pub version: u32,
    /// The program that computed this document, and its version.
    pub tool: String,
    pub training: TrainingResults,
    pub fine_tuning: FineTuningResults,
    pub inference: InferenceResults,
    pub total: TotalResults,
    pub breakeven_days: Option<f64>,
    pub ranges: Ranges,
    pub sensitivity: Vec<Sensitivity>,
    pub notices: Vec<FieldError>,
    pub data_version: String,
    /// Every resolved input by path, in path order: filled by [`Results::with_inputs`] for the
    /// documents that leave the page (the CLI's JSON, the export), not on every keystroke.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub inputs: BTreeMap<&'static str, InputRecord>,
}

impl Results {
    pub fn new(
        b: &Breakdown,
        u: &Uncertainty,
        notices: Vec<FieldError>,
        data_version: String,
    ) -> Results {
        let (t, f, i) = (&b.training, &b.fine_tuning, &b.inference);
        // The share of the phase's water that one query's facility energy carries.
        let water_per_query_ml = if i.energy_per_query.0 > 0.0 && i.energy.0 > 0.0 {
            i.water.total().0 * 1000.0 * i.energy_per_query.to_kwh().0 / i.energy.0
        } else {
            0.0
        };
        let embodied = t.embodied.0 + f.embodied.0 + i.embodied.0;
        Results {
            version: 1,
            tool: concat!("llm-footprint ", env!("CARGO_PKG_VERSION")).to_string(),
            training: TrainingResults {
                flops: t.flops.0,
                accelerator_hours: t.device_hours.0,
                wall_clock_days: t.wall_clock_days,
                energy_kwh: t.energy.0,
                co2e_kg: t.co2e.0,
                embodied_co2e_kg: t.embodied.0,
                water_l: t.water.total().0,
                water_onsite_l: t.water.onsite.0,
                water_offsite_l: t.water.offsite.0,
                co2e_market_kg: t.co2e_market.map(|k| k.0),
            },
            fine_tuning: FineTuningResults {
                flops: f.flops.0,
                accelerator_hours: f.device_hours.0,
                energy_kwh: f.energy.0,
                co2e_kg: f.co2e.0,
                embodied_co2e_kg: f.embodied.0,
                water_l: f.water.total().0,
                water_onsite_l: f.water.onsite.0,
                water_offsite_l: f.water.offsite.0,
                co2e_market_kg: f.co2e_market.map(|k| k.0),
                rl: (f.rollout.sequences > 0.0).then(|| {
                    let r = &f.rollout;
                    RlResults {
                        rollout_sequences: r.sequences,
                        rollout_generated_tokens: r.generated_tokens,
                        rollout_flops: r.flops.0,
                        rollout_accelerator_hours: r.device_hours.0,
                        rollout_energy_kwh: r.energy.0,
                        update_flops: f.flops.0 - r.flops.0,
                        update_accelerator_hours: f.device_hours.0 - r.device_hours.0,
                        update_energy_kwh: f.energy.0 - r.energy.0,
                    }
                }),
            },
            inference: InferenceResults {
                flops_per_query: i.flops_per_query.0,
                energy_per_query_ladder_wh: i.ladder,
                accelerator_energy_per_output_token_j: i.accelerator_energy_per_output_token.0,
                energy_per_query_wh: i.energy_per_query.to_wh(),
                co2e_per_query_g: i.co2e_per_query_g,
                energy_kwh: i.energy.0,
                co2e_kg: i.co2e.0,
                embodied_co2e_kg: i.embodied.0,
                water_l: i.water.total().0,
                water_onsite_l: i.water.onsite.0,
                water_offsite_l: i.water.offsite.0,
                water_per_query_ml,
                per_1000_queries: PerThousandQueries {
                    // Per query ×1000 in units ×1000: the same numbers.
                    energy_kwh: i.energy_per_query.to_wh(),
                    co2e_kg: i.co2e_per_query_g,
                    water_l: water_per_query_ml,
                },
                replicas: i.replicas,
                busy_fraction: i.busy_fraction,
                effective_batch: i.effective_batch,
                decode_bound: i.decode_bound,
                tokens_per_second_per_replica: i.replica_tokens_per_s,
                seconds_per_query: i.seconds_per_query.0,
                co2e_market_kg: i.co2e_market.map(|k| k.0),
            },
            total: TotalResults {
                energy_kwh: b.total_energy.0,
                co2e_kg: b.total_co2e.0,
                operational_co2e_kg: b.total_co2e.0 - embodied,
                embodied_co2e_kg: embodied,
                water_l: b.total_water.total().0,
                water_onsite_l: b.total_water.onsite.0,
                water_offsite_l: b.total_water.offsite.0,
                operational_co2e_market_kg: [t.co2e_market, f.co2e_market, i.co2e_market]
                    .iter()
                    .any(Option::is_some)
                    .then(|| {
                        t.co2e_market.unwrap_or(t.co2e).0
                            + f.co2e_market.unwrap_or(f.co2e).0
                            + i.co2e_market.unwrap_or(i.co2e).0
                    }),
            },
            breakeven_days: b.breakeven_days,
            ranges: Ranges {
                total_co2e_kg: u.total_co2e_kg,
                total_energy_kwh: u.total_energy_kwh,
            },
            sensitivity: u.sensitivity.clone(),
            notices,
            data_version,
            inputs: BTreeMap::new(),
        }
    }

    /// The results document with every resolved input, its origin and source.
    pub fn with_inputs(&self, assumptions: &[Assumption]) -> Results {
        Results {
            inputs: assumptions
                .iter()
                .map(|a| (a.path, InputRecord::of(a)))
                .collect(),
            ..self.clone()
        }
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
