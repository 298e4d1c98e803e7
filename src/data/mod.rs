//! The catalogs: hardware, grid regions, data-centre defaults, model presets and equivalences.
//!
//! Every number is a [`Sourced`] value: the value, where it comes from, and (for derived numbers)
//! how it was derived. The JSON files sit beside this module and are embedded at build time, so the
//! page, the CLI and the tests read exactly the same figures. Nothing here computes a footprint:
//! that is `engine`'s job.

use serde::Deserialize;
use std::sync::OnceLock;

/// A number with its provenance. `source` names a document (paper, datasheet, dataset and version);
/// `derivation` says how a derived number was computed from sourced ones.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sourced {
    pub value: f64,
    pub source: String,
    #[serde(default)]
    pub derivation: Option<String>,
    #[serde(default)]
    pub year: Option<u32>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Dense (no sparsity) peak rates in TFLOP/s (TOP/s for int8/int4) per precision; `None` where the
/// device has no native support for that precision.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeakRates {
    #[serde(default)]
    pub fp32: Option<Sourced>,
    #[serde(default)]
    pub fp16: Option<Sourced>,
    #[serde(default)]
    pub bf16: Option<Sourced>,
    #[serde(default)]
    pub fp8: Option<Sourced>,
    #[serde(default)]
    pub int8: Option<Sourced>,
    #[serde(default)]
    pub int4: Option<Sourced>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accelerator {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub year: u32,
    pub peak_tflops: PeakRates,
    pub tdp_w: Sourced,
    /// Draw when powered but doing no work.
    pub idle_w: Sourced,
    /// Default average draw of one device during training, including its share of host, memory and
    /// network (the `*.power_w` default).
    pub train_power_w: Sourced,
    pub memory_gb: Sourced,
    pub memory_bw_tb_s: Sourced,
    /// Default model FLOPs utilisation for large-model training on this generation.
    pub default_mfu: Sourced,
    /// Manufacturing footprint of one device including its share of the server (kgCO2e).
    pub embodied_kg: Sourced,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HardwareCatalog {
    pub version: String,
    pub about: String,
    pub accelerators: Vec<Accelerator>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridRegion {
    /// ISO 3166-1 alpha-2 in lower case, or `world`.
    pub id: String,
    pub name: String,
    pub name_zh: String,
    pub g_per_kwh: Sourced,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridCatalog {
    pub version: String,
    pub about: String,
    pub regions: Vec<GridRegion>,
}

/// Defaults for everything the scenario leaves out that is not hardware- or preset-specific.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub version: String,
    pub about: String,
    /// Default PUE for training and inference sites.
    pub pue: Sourced,
    /// On-site water usage effectiveness, litres per kWh of IT energy.
    pub wue_l_per_kwh: Sourced,
    /// Host (CPU, DRAM, NIC) energy as a fraction of accelerator energy when serving.
    pub inference_host_fraction: Sourced,
    /// Fraction of peak compute a serving engine reaches in compute-bound work (prefill).
    pub inference_compute_efficiency: Sourced,
    /// Fraction of peak memory bandwidth reached in memory-bound decode steps.
    pub inference_memory_bw_efficiency: Sourced,
    /// Fraction of device memory usable for weights and KV cache (the rest: activations, runtime).
    pub usable_memory_fraction: Sourced,
    /// Service life over which embodied carbon is spread, years.
    pub lifetime_years: Sourced,
    /// Fraction of a serving fleet's capacity that is busy on average (provisioning headroom).
    pub serving_utilisation: Sourced,
}

/// A published footprint for a preset, shown as "reported" beside the estimate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reported {
    #[serde(default)]
    pub accelerator_hours: Option<f64>,
    #[serde(default)]
    pub energy_mwh: Option<f64>,
    #[serde(default)]
    pub co2e_t: Option<f64>,
    /// What the figures cover (e.g. "GPU TDP x hours, no PUE").
    pub scope: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub id: String,
    pub name: String,
    pub org: String,
    pub year: u32,
    /// A partial scenario (`model`, `training`, optionally `inference`) in scenario-v1 field names.
    pub scenario: crate::engine::scenario::Scenario,
    /// One source per number in `scenario`, keyed by field path (`model.params`, `training.tokens`).
    pub sources: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub reported: Option<Reported>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetCatalog {
    pub version: String,
    pub about: String,
    pub presets: Vec<Preset>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Equivalence {
    pub id: String,
    /// What one unit is, for people ("kilometre driven in an average petrol car").
    pub label: String,
    pub label_zh: String,
    /// Emissions of one unit, kgCO2e.
    pub kg_co2e_per_unit: Sourced,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquivalenceCatalog {
    pub version: String,
    pub about: String,
    /// Carbon equivalents.
    pub carbon: Vec<Equivalence>,
    /// Electricity use of an average household for a year, kWh.
    pub household_kwh_per_year: Sourced,
    pub household_label: String,
    pub household_label_zh: String,
}

/// All catalogs, parsed once.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub hardware: HardwareCatalog,
    pub grids: GridCatalog,
    pub defaults: Defaults,
    pub presets: PresetCatalog,
    pub equivalences: EquivalenceCatalog,
}

pub const HARDWARE_JSON: &str = include_str!("hardware.json");
pub const GRIDS_JSON: &str = include_str!("grids.json");
pub const DEFAULTS_JSON: &str = include_str!("defaults.json");
pub const PRESETS_JSON: &str = include_str!("presets.json");
pub const EQUIVALENCES_JSON: &str = include_str!("equivalences.json");

/// Natively (tests, CLI) a malformed file is reported with the path of the bad field.
#[cfg(not(target_arch = "wasm32"))]
fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| format!("{file}: {}: {}", e.path(), e.inner()))
}

/// In the page the files are the ones the native tests loaded, so path tracking would only add
/// code (about 40 KB of wasm): a plain parse.
#[cfg(target_arch = "wasm32")]
fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("{file}: {e}"))
}

impl Catalog {
    /// Parses the embedded files. Fails only if a data file is malformed, which the tests rule out.
    pub fn load() -> Result<Catalog, String> {
        Ok(Catalog {
            hardware: parse("hardware.json", HARDWARE_JSON)?,
            grids: parse("grids.json", GRIDS_JSON)?,
            defaults: parse("defaults.json", DEFAULTS_JSON)?,
            presets: parse("presets.json", PRESETS_JSON)?,
            equivalences: parse("equivalences.json", EQUIVALENCES_JSON)?,
        })
    }

    /// The embedded catalog, parsed on first use.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog::load().expect("embedded data files are checked by tests"))
    }

    pub fn accelerator(&self, id: &str) -> Option<&Accelerator> {
        self.hardware.accelerators.iter().find(|a| a.id == id)
    }

    pub fn region(&self, id: &str) -> Option<&GridRegion> {
        self.grids.regions.iter().find(|r| r.id == id)
    }

    pub fn preset(&self, id: &str) -> Option<&Preset> {
        self.presets.presets.iter().find(|p| p.id == id)
    }

    /// One string naming the version of every data file, shown beside results.
    pub fn data_version(&self) -> String {
        format!(
            "hardware {}, grids {}, defaults {}, presets {}, equivalences {}",
            self.hardware.version,
            self.grids.version,
            self.defaults.version,
            self.presets.version,
            self.equivalences.version
        )
    }
}
