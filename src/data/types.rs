//! The catalog types. This file is also compiled into `build.rs`, which reads the JSON files into
//! these types and writes them out as one `static`: the page carries the data, not a JSON parser
//! for it (the `Deserialize` impls are generic, so code exists only where something parses: the
//! build script, and natively the tests, which compare the two).

use std::borrow::Cow;

use serde::{Deserialize, Deserializer};

/// Text in a catalog: borrowed from the binary in the compiled-in catalog, owned when parsed.
pub type Text = Cow<'static, str>;
/// A list in a catalog, likewise.
pub type List<T> = Cow<'static, [T]>;

/// A `Sourced` value's source (or derivation, or note). Parsed, it is the text; compiled in
/// (`build.rs`), it is a row of the table `SOURCES`, read only where a source is shown
/// (`Source::as_str`), so the page's first part, which computes but shows no source, carries
/// none of them (ARCHITECTURE.md, "The wasm's parts").
#[derive(Debug, Clone)]
pub enum Source {
    Table(u16),
    Text(Text),
}

impl Source {
    /// The source's text. The page's first part never calls this (see above). `SOURCES` is the
    /// generated table beside `CATALOG` (empty in `build.rs`, which only holds texts).
    pub fn as_str(&self) -> &str {
        match self {
            Source::Table(row) => super::SOURCES.get(usize::from(*row)).copied().unwrap_or(""),
            Source::Text(t) => t,
        }
    }
}

impl PartialEq for Source {
    fn eq(&self, other: &Source) -> bool {
        self.as_str() == other.as_str()
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Source, D::Error> {
        Text::deserialize(d).map(Source::Text)
    }
}

/// A number with its provenance. `source` names a document (paper, datasheet, dataset and version);
/// `derivation` says how a derived number was computed from sourced ones.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced {
    pub value: f64,
    pub source: Source,
    #[serde(default)]
    pub derivation: Option<Source>,
    #[serde(default)]
    pub year: Option<u32>,
    #[serde(default)]
    pub note: Option<Source>,
}

/// Dense (no sparsity) peak rates in TFLOP/s (TOP/s for int8/int4) per precision; `None` where the
/// device has no native support for that precision.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accelerator {
    pub id: Text,
    pub name: Text,
    pub vendor: Text,
    pub year: u32,
    pub peak_tflops: PeakRates,
    pub tdp_w: Sourced,
    /// Draw when powered but doing no work.
    pub idle_w: Sourced,
    /// Where `idle_w` comes from: `measured` (a published measurement of this device),
    /// `borrowed` (another device's measurement: same die or generation) or `scaled` (one H200
    /// measurement scaled by TDP).
    pub idle_basis: Text,
    /// Default average draw of one device during training (the `*.power_w` default).
    pub train_power_w: Sourced,
    /// What `train_power_w` covers: `device` (the accelerator alone: TDP or a measured device
    /// draw; the host overhead is added) or `system` (measured system power per device, host
    /// included, as Patterson et al. 2021 report; no host overhead is added).
    pub power_basis: Text,
    pub memory_gb: Sourced,
    pub memory_bw_tb_s: Sourced,
    /// The device's link to the others of its server, both directions together, GB/s (NVLink,
    /// Infinity Fabric, ICI, PCIe): a serving replica's all-reduces cross it.
    pub link_gb_s: Sourced,
    /// Model FLOPs utilisation this generation reaches on the reference run of the MFU model
    /// (`Defaults::training_mfu`): a dense model of the reference size on the reference cluster.
    pub default_mfu: Sourced,
    /// Manufacturing footprint of one device including its share of the server (kgCO2e):
    /// `embodied_device_kg + embodied_host_kg` (checked by `build.rs`).
    pub embodied_kg: Sourced,
    /// The accelerator, its memory and its share of the baseboard (kgCO2e).
    pub embodied_device_kg: Sourced,
    /// The device's share of the host: CPUs, host memory, storage, chassis, power (kgCO2e).
    pub embodied_host_kg: Sourced,
    /// Where `embodied_device_kg` comes from: `first_party` (the maker's product carbon
    /// footprint), `study` (a published third-party LCA) or `proxy` (a die-area proxy).
    pub embodied_basis: Text,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HardwareCatalog {
    pub version: Text,
    pub about: Text,
    pub accelerators: List<Accelerator>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridRegion {
    /// ISO 3166-1 alpha-2 in lower case, `world`, a US grid (`us-pjm`) or a cloud region
    /// (`aws-us-east-1`, `azure-eastus`, `gcp-us-central1`).
    pub id: Text,
    /// `world`, `country`, `grid` (a grid region within a country) or `cloud`.
    pub kind: Text,
    pub name: Text,
    pub name_zh: Text,
    /// A cloud region's grid: the id of the row whose value it copies.
    #[serde(default)]
    pub grid: Option<Text>,
    pub g_per_kwh: Sourced,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridCatalog {
    pub version: Text,
    pub about: Text,
    /// What every intensity counts: `life-cycle` (upstream and construction included).
    pub basis: Text,
    pub regions: List<GridRegion>,
}

/// Off-site water of one region's electricity.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaterRegion {
    /// A `grids.json` region id.
    pub id: Text,
    /// Litres consumed generating one kWh delivered to the facility.
    pub l_per_kwh: Sourced,
}

/// A data-centre operator's published fleet on-site water use.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    pub id: Text,
    pub name: Text,
    /// Litres per kWh of IT energy.
    pub wue_l_per_kwh: Sourced,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaterCatalog {
    pub version: Text,
    pub about: Text,
    /// Off-site water for a region without a row of its own.
    pub world: Sourced,
    pub regions: List<WaterRegion>,
    pub operators: List<Operator>,
}

/// Defaults for everything the scenario leaves out that is not hardware- or preset-specific.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub version: Text,
    pub about: Text,
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
    /// Host (CPUs, memory, network) power during training, as a fraction of the accelerators'.
    pub training_host_overhead: Sourced,
    /// Share of electricity covered by renewable purchases, the market-based lever's default.
    pub renewable_share: Sourced,
    /// How achieved MFU varies with the run (fitted on published runs).
    pub training_mfu: MfuModel,
    /// The serving model's overheads and power curve (fitted on ML.ENERGY's measurements).
    pub serving_model: ServingModel,
    /// Defaults of a reinforcement-learning post-training run (DeepSeek-R1-Zero's published setup).
    pub rl: RlDefaults,
}

/// The `fine_tuning.rl_*` defaults, each the published figure of one run or a stated assumption.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RlDefaults {
    pub prompts: Sourced,
    pub samples_per_prompt: Sourced,
    pub prompt_tokens: Sourced,
    pub generated_tokens: Sourced,
    pub max_generated_tokens: Sourced,
    pub rollout_batch: Sourced,
}

/// Constants of `model::serve` beyond the achieved efficiencies, fitted with them on
/// src/data/serving_runs.json.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServingModel {
    /// Multiplier of the compute efficiency at 8 bits and fewer.
    pub low_precision_compute_factor: Sourced,
    /// Fixed seconds per layer of a decode step.
    pub step_overhead_s_per_layer: Sourced,
    /// Extra seconds per layer of a decode step on a replica of several devices.
    pub expert_parallel_overhead_s_per_layer: Sourced,
    pub kv_cache_bw_efficiency: Sourced,
    /// Device-seconds per token and layer of a decode step.
    pub token_overhead_s_per_layer: Sourced,
    /// Device-seconds per token, routed expert and mixture-of-experts layer.
    pub expert_overhead_s: Sourced,
    /// Share of the idle-to-TDP range drawn by an active device doing nothing else.
    pub power_floor: Sourced,
    /// Share of the range per unit of memory-bandwidth utilisation.
    pub power_per_memory_utilisation: Sourced,
    /// Share of the range per unit of compute utilisation.
    pub power_per_compute_utilisation: Sourced,
    /// Achieved fraction of peak memory bandwidth reading routed experts.
    pub expert_bw_efficiency: Sourced,
    /// Achieved fraction of the device link's one-way bandwidth in decode all-reduces.
    pub link_efficiency: Sourced,
    /// Seconds per token and layer every device spends whole with 8-bit weights (quantising the
    /// activations before each product).
    pub low_precision_quant_overhead_s_per_layer: Sourced,
    /// Multiplier of `expert_bw_efficiency` for 8-bit routed experts (block-scaled grouped GEMMs).
    pub low_precision_expert_bw_factor: Sourced,
    /// The most devices of any replica the constants were fitted on: beyond it, a notice.
    pub fitted_devices_max: Sourced,
}

/// MFU = the accelerator's `default_mfu` × (active / reference_active_params)^size_exponent
/// × (devices / reference_devices)^cluster_exponent × moe_factor (mixture-of-experts runs).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MfuModel {
    pub reference_active_params: Sourced,
    pub reference_devices: Sourced,
    pub size_exponent: Sourced,
    pub cluster_exponent: Sourced,
    pub moe_factor: Sourced,
}

/// A published footprint for a preset, shown as "reported" beside the estimate.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reported {
    #[serde(default)]
    pub accelerator_hours: Option<f64>,
    #[serde(default)]
    pub energy_mwh: Option<f64>,
    #[serde(default)]
    pub co2e_t: Option<f64>,
    /// What the figures cover (e.g. "GPU TDP x hours, no PUE").
    pub scope: Text,
    pub source: Text,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub id: Text,
    pub name: Text,
    pub org: Text,
    pub year: u32,
    /// A partial scenario (`model`, `training`, optionally `inference`) in scenario-v1 field names,
    /// as compact JSON; [`Preset::scenario`] gives it parsed.
    #[serde(rename = "scenario", deserialize_with = "json_text")]
    pub scenario_json: Text,
    /// One source per number in `scenario`, as (field path, source) sorted by path
    /// (`model.params`, `training.tokens`).
    #[serde(deserialize_with = "sorted_entries")]
    pub sources: List<(Text, Text)>,
    #[serde(default)]
    pub reported: Option<Reported>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetCatalog {
    pub version: Text,
    pub about: Text,
    pub presets: List<Preset>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Equivalence {
    pub id: Text,
    /// What one unit is, for people ("kilometre driven in an average petrol car").
    pub label: Text,
    pub label_zh: Text,
    /// Emissions of one unit, kgCO2e.
    pub kg_co2e_per_unit: Sourced,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EquivalenceCatalog {
    pub version: Text,
    pub about: Text,
    /// Carbon equivalents.
    pub carbon: List<Equivalence>,
    /// Electricity use of an average household for a year, kWh.
    pub household_kwh_per_year: Sourced,
    pub household_label: Text,
    pub household_label_zh: Text,
}

/// All catalogs.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub hardware: HardwareCatalog,
    pub grids: GridCatalog,
    pub defaults: Defaults,
    pub presets: PresetCatalog,
    pub equivalences: EquivalenceCatalog,
    pub water: WaterCatalog,
    /// The rows by id, built with the catalog (see [`Index`]).
    pub index: Index,
}

/// Positions of each catalog's rows sorted by id, built once with the catalog (by `build.rs`
/// for the compiled-in one): resolving runs on every edit and looks up some twenty rows, each a
/// binary search instead of a scan of up to ~120 rows. Of rows sharing an id, the first counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub accelerators: List<u16>,
    pub regions: List<u16>,
    pub water_regions: List<u16>,
    pub operators: List<u16>,
    pub presets: List<u16>,
}

impl Index {
    fn sorted<'a>(ids: impl Iterator<Item = &'a str>) -> List<u16> {
        let ids: Vec<&str> = ids.collect();
        let mut at: Vec<u16> = (0..ids.len() as u16).collect();
        // Stable: of equal ids the first row stays first, and dedup keeps it.
        at.sort_by(|&a, &b| ids[a as usize].cmp(ids[b as usize]));
        at.dedup_by(|b, a| ids[*a as usize] == ids[*b as usize]);
        Cow::Owned(at)
    }

    pub fn of(
        hardware: &HardwareCatalog,
        grids: &GridCatalog,
        presets: &PresetCatalog,
        water: &WaterCatalog,
    ) -> Index {
        Index {
            accelerators: Index::sorted(hardware.accelerators.iter().map(|a| &*a.id)),
            regions: Index::sorted(grids.regions.iter().map(|r| &*r.id)),
            water_regions: Index::sorted(water.regions.iter().map(|r| &*r.id)),
            operators: Index::sorted(water.operators.iter().map(|o| &*o.id)),
            presets: Index::sorted(presets.presets.iter().map(|p| &*p.id)),
        }
    }

    /// The row of `rows` whose id is `id`, by `order` (one of this index's lists).
    pub fn find<'r, T>(
        order: &[u16],
        rows: &'r [T],
        id: &str,
        id_of: impl Fn(&T) -> &str,
    ) -> Option<&'r T> {
        let i = order
            .binary_search_by(|&at| id_of(&rows[at as usize]).cmp(id))
            .ok()?;
        rows.get(order[i] as usize)
    }
}

/// A JSON value kept as its compact text.
fn json_text<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(Cow::Owned(v.to_string()))
}

/// A JSON object of strings as (key, value) pairs, sorted by key.
fn sorted_entries<'de, D: Deserializer<'de>>(d: D) -> Result<List<(Text, Text)>, D::Error> {
    let map = std::collections::BTreeMap::<String, String>::deserialize(d)?;
    Ok(map
        .into_iter()
        .map(|(k, v)| (Cow::Owned(k), Cow::Owned(v)))
        .collect())
}

impl Catalog {
    /// Parses the six data files, each given by `text_of(file name)`. A malformed file is
    /// reported with the path of the bad field. `build.rs` parses the files on disk with this;
    /// natively, [`Catalog::load`] parses the embedded copies to check what was compiled in.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse_files(
        text_of: impl Fn(&str) -> Result<String, String>,
    ) -> Result<Catalog, String> {
        fn parse<T: serde::de::DeserializeOwned>(
            file: &str,
            text_of: &impl Fn(&str) -> Result<String, String>,
        ) -> Result<T, String> {
            let text = text_of(file)?;
            let de = &mut serde_json::Deserializer::from_str(&text);
            serde_path_to_error::deserialize(de)
                .map_err(|e| format!("{file}: {}: {}", e.path(), e.inner()))
        }
        let (hardware, grids, presets, water) = (
            parse("hardware.json", &text_of)?,
            parse("grids.json", &text_of)?,
            parse("presets.json", &text_of)?,
            parse("water.json", &text_of)?,
        );
        Ok(Catalog {
            index: Index::of(&hardware, &grids, &presets, &water),
            hardware,
            grids,
            defaults: parse("defaults.json", &text_of)?,
            presets,
            equivalences: parse("equivalences.json", &text_of)?,
            water,
        })
    }
}
