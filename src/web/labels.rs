//! The words of the form: a label per field, the sections and groups the fields appear in, and
//! how an assumption's origin is said. The engine's `params::PARAMS` stays the one place for
//! units, bounds and help text; this module only names and arranges.
//!
//! Pure data and functions, no DOM: compiled and tested natively too.

use crate::engine::resolve::{Origin, Value};
use crate::engine::uncertainty::Factor;

/// A group of fields inside a section; `advanced` groups start folded (`<details>`).
pub struct Group {
    pub title: &'static str,
    pub note: &'static str,
    pub advanced: bool,
    pub paths: &'static [&'static str],
}

pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub groups: &'static [Group],
}

const fn open(title: &'static str, paths: &'static [&'static str]) -> Group {
    Group {
        title,
        note: "",
        advanced: false,
        paths,
    }
}

const fn folded(title: &'static str, note: &'static str, paths: &'static [&'static str]) -> Group {
    Group {
        title,
        note,
        advanced: true,
        paths,
    }
}

/// Every field of `params::PARAMS`, each exactly once (a test checks).
pub const SECTIONS: &[Section] = &[
    Section {
        id: "model",
        title: "Model",
        intro: "Pick a published model to fill in its architecture and training run, or describe your own.",
        groups: &[
            open("", &["model.preset", "model.params", "model.active_params"]),
            open("Architecture", &["model.layers", "model.d_model", "model.heads", "model.kv_heads", "model.context", "model.vocab"]),
            folded("Scenario name", "", &["name"]),
        ],
    },
    Section {
        id: "training",
        title: "Pre-training",
        intro: "The run that produced the base model.",
        groups: &[
            open("", &["training.tokens", "training.accelerator", "training.accelerators", "training.mfu"]),
            folded("Measured device-hours and power", "Measured figures replace the estimate.", &["training.accelerator_hours", "training.power_w"]),
        ],
    },
    Section {
        id: "fine_tuning",
        title: "Fine-tuning",
        intro: "Adapting the model to a task: all weights (full) or low-rank adapters (LoRA).",
        groups: &[
            open("", &["fine_tuning.method", "fine_tuning.tokens", "fine_tuning.epochs"]),
            folded(
                "Fine-tuning hardware",
                "By default the pre-training hardware.",
                &["fine_tuning.accelerator", "fine_tuning.accelerators", "fine_tuning.mfu", "fine_tuning.accelerator_hours", "fine_tuning.power_w"],
            ),
        ],
    },
    Section {
        id: "inference",
        title: "Inference and deployment",
        intro: "Serving the model: one replica's hardware and batch, the traffic and how long it runs.",
        groups: &[
            open("Hardware", &["inference.accelerator", "inference.accelerators", "inference.precision", "inference.batch"]),
            open("Traffic", &["inference.prompt_tokens", "inference.output_tokens", "inference.queries_per_day", "inference.days"]),
            folded("Measured power", "By default the draw follows utilisation, between idle and TDP.", &["inference.power_w"]),
        ],
    },
    Section {
        id: "site",
        title: "Data centre and grid",
        intro: "Where the electricity comes from and how efficient the buildings are. An explicit grid intensity overrides the region.",
        groups: &[
            open("Pre-training site", &["training.region", "training.grid_g_per_kwh", "training.pue", "training.wue_l_per_kwh"]),
            open("Serving site", &["inference.region", "inference.grid_g_per_kwh", "inference.pue", "inference.wue_l_per_kwh"]),
            folded(
                "Fine-tuning site",
                "By default the pre-training site.",
                &["fine_tuning.region", "fine_tuning.grid_g_per_kwh", "fine_tuning.pue", "fine_tuning.wue_l_per_kwh"],
            ),
        ],
    },
    Section {
        id: "embodied",
        title: "Embodied hardware",
        intro: "Manufacturing the accelerators and servers, spread over their service life and charged for the hours used.",
        groups: &[open("", &["embodied.include", "embodied.lifetime_years"])],
    },
];

/// The field's label, without its unit.
pub fn label(path: &str) -> &'static str {
    let field = path.rsplit('.').next().unwrap_or(path);
    match path {
        "name" => "Scenario name",
        "model.preset" => "Published model",
        "model.params" => "Parameters",
        "model.active_params" => "Active parameters per token",
        "model.layers" => "Layers",
        "model.d_model" => "Hidden size (d_model)",
        "model.heads" => "Attention heads",
        "model.kv_heads" => "Key/value heads",
        "model.context" => "Context length",
        "model.vocab" => "Vocabulary size",
        "training.tokens" => "Training tokens",
        "fine_tuning.method" => "Method",
        "fine_tuning.tokens" => "Fine-tuning tokens (per epoch)",
        "fine_tuning.epochs" => "Epochs",
        "inference.accelerators" => "Devices per replica",
        "inference.precision" => "Precision",
        "inference.batch" => "Batch size",
        "inference.prompt_tokens" => "Prompt tokens per query",
        "inference.output_tokens" => "Output tokens per query",
        "inference.queries_per_day" => "Queries per day",
        "inference.days" => "Deployment length",
        "inference.power_w" => "Fixed power per device",
        "embodied.include" => "Count hardware manufacturing (embodied carbon)",
        "embodied.lifetime_years" => "Device service life",
        _ => match field {
            "accelerator" => "Accelerator",
            "accelerators" => "Number of devices",
            "mfu" => "Model FLOPs utilisation (MFU)",
            "accelerator_hours" => "Measured device-hours",
            "power_w" => "Average power per device",
            "pue" => "Power usage effectiveness (PUE)",
            "wue_l_per_kwh" => "Water use per kWh (WUE)",
            "region" => "Grid region",
            "grid_g_per_kwh" => "Grid carbon intensity",
            "embodied_kg_per_device" => "Embodied carbon per device",
            _ => "",
        },
    }
}

/// The label with the phase it belongs to, for tables that list fields of every section.
pub fn long_label(path: &str) -> String {
    let phase = match path.split('.').next().unwrap_or("") {
        "model" => "Model",
        "training" => "Pre-training",
        "fine_tuning" => "Fine-tuning",
        "inference" => "Inference",
        "embodied" => "Embodied",
        _ => "",
    };
    let l = label(path);
    let l = if l.is_empty() { path } else { l };
    if phase.is_empty() {
        l.to_string()
    } else {
        format!("{phase}: {l}")
    }
}

/// A name for each uncertain input of the Monte Carlo.
pub fn factor_label(f: Factor) -> &'static str {
    match f {
        Factor::TrainingEfficiency => "Training MFU",
        Factor::TrainingPower => "Training power",
        Factor::Pue => "PUE overhead",
        Factor::TrainingGrid => "Training grid",
        Factor::InferenceGrid => "Serving grid",
        Factor::Embodied => "Embodied per device",
        Factor::ServingEfficiency => "Serving efficiency",
        Factor::ServingPower => "Serving power",
        Factor::AchievedBatch => "Achieved batch",
        Factor::FleetUtilisation => "Fleet utilisation",
        Factor::HostOverhead => "Host overhead",
    }
}

/// An assumption's value as text: numbers as the form writes them, ids and flags as they are.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Number(n) => super::input::fmt_input(*n),
        Value::Text(t) => t.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
    }
}

/// Where a value came from, in two parts: a short kind ("preset llama-2-70b", "catalog",
/// "derived", "default", "your value") and the full source or reason.
pub fn origin_text(o: &Origin) -> (String, String) {
    match o {
        Origin::Scenario => ("your value".into(), String::new()),
        Origin::Preset { preset, source } => (format!("preset {preset}"), source.clone()),
        Origin::Catalog { source } => ("data".into(), source.clone()),
        Origin::Derived { how } => ("derived".into(), how.clone()),
        Origin::Default { why } => ("calculator default".into(), why.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::params::PARAMS;

    #[test]
    fn every_param_appears_in_exactly_one_group() {
        for p in PARAMS {
            let n = SECTIONS
                .iter()
                .flat_map(|s| s.groups.iter())
                .flat_map(|g| g.paths.iter())
                .filter(|q| **q == p.path)
                .count();
            assert_eq!(n, 1, "{} appears {n} times in the form", p.path);
        }
    }

    #[test]
    fn every_grouped_path_is_a_param_with_a_label() {
        for s in SECTIONS {
            for g in s.groups {
                for path in g.paths {
                    assert!(
                        PARAMS.iter().any(|p| p.path == *path),
                        "{path} is not a parameter"
                    );
                    assert!(!label(path).is_empty(), "{path} has no label");
                }
            }
        }
    }
}
