//! The scenario document, version 1 (shared/scenario-v1.md): what the form edits, the share link
//! carries, the JSON export writes and the CLI reads. Every field is optional; unknown fields are
//! refused by name. This module only parses and prints; `validate` checks ranges and `resolve`
//! fills defaults.

use serde::{Deserialize, Serialize};

/// The scenario as written by a person: every field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub model: Model,
    #[serde(default, skip_serializing_if = "is_default")]
    pub training: Training,
    #[serde(default, skip_serializing_if = "is_default")]
    pub fine_tuning: FineTuning,
    #[serde(default, skip_serializing_if = "is_default")]
    pub inference: Inference,
    #[serde(default, skip_serializing_if = "is_default")]
    pub embodied: Embodied,
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_params: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub d_model: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heads: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kv_heads: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocab: Option<f64>,
}

/// Where and on what a job runs: the fields training and fine-tuning share.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerators: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfu: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerator_hours: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_w: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pue: Option<f64>,
    /// Added to v1: on-site water usage effectiveness, L/kWh of IT energy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wue_l_per_kwh: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_g_per_kwh: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FineTuning {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epochs: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerators: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfu: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerator_hours: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_w: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pue: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wue_l_per_kwh: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_g_per_kwh: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerators: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queries_per_day: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power_w: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pue: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wue_l_per_kwh: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_g_per_kwh: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Embodied {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_years: Option<f64>,
}

/// A problem with one field, named by its dotted path (`training.mfu`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub path: String,
    pub message: String,
}

impl FieldError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl Scenario {
    /// Parses scenario JSON. Unknown fields and wrong types are reported with their path.
    pub fn from_json(text: &str) -> Result<Scenario, FieldError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, Scenario>(de) {
            Ok(s) => Ok(s),
            Err(e) => {
                let path = e.path().to_string();
                let inner = e.into_inner().to_string();
                let path = if path == "." { String::new() } else { path };
                let message = match inner.strip_prefix("unknown field ") {
                    Some(rest) => {
                        let name = rest.split(',').next().unwrap_or(rest).trim_matches('`');
                        // serde_path_to_error already ends the path with the unknown key.
                        let full = if path.is_empty()
                            || path == name
                            || path.ends_with(&format!(".{name}"))
                        {
                            if path.is_empty() {
                                name.to_string()
                            } else {
                                path.clone()
                            }
                        } else {
                            format!("{path}.{name}")
                        };
                        return Err(FieldError::new(
                            full.clone(),
                            format!("unknown field `{full}`"),
                        ));
                    }
                    None if path.is_empty() => format!("scenario: {inner}"),
                    None => format!("{path}: {inner}"),
                };
                Err(FieldError::new(path, message))
            }
        }
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_example_parses() {
        let text = r#"{
          "version": 1, "name": "Llama 2 70B, served for a year",
          "model": { "preset": "llama-2-70b", "params": 7.0e10, "active_params": 7.0e10,
            "layers": 80, "d_model": 8192, "heads": 64, "kv_heads": 8, "context": 4096, "vocab": 32000 },
          "training": { "tokens": 2.0e12, "accelerator": "a100-80gb", "accelerators": 2048, "mfu": 0.43,
            "accelerator_hours": null, "power_w": null, "pue": 1.1, "region": "us", "grid_g_per_kwh": null },
          "fine_tuning": { "method": "lora", "tokens": 1.0e8, "epochs": 3 },
          "inference": { "accelerator": "h100", "accelerators": 4, "precision": "bf16", "batch": 64,
            "prompt_tokens": 400, "output_tokens": 350, "queries_per_day": 1.0e6, "days": 365,
            "power_w": null, "pue": 1.2, "region": "us", "grid_g_per_kwh": null },
          "embodied": { "include": true, "lifetime_years": 5 } }"#;
        let s = Scenario::from_json(text).unwrap();
        assert_eq!(s.model.layers, Some(80.0));
        assert_eq!(s.fine_tuning.method.as_deref(), Some("lora"));
        assert_eq!(s.training.accelerator_hours, None);
    }

    #[test]
    fn an_empty_document_is_a_valid_scenario() {
        assert_eq!(Scenario::from_json("{}").unwrap(), Scenario::default());
    }

    #[test]
    fn unknown_fields_are_named_with_their_path() {
        let e = Scenario::from_json(r#"{"training": {"tokenz": 1}}"#).unwrap_err();
        assert_eq!(e.path, "training.tokenz");
        assert!(
            e.message.contains("unknown field `training.tokenz`"),
            "{}",
            e.message
        );
        let e = Scenario::from_json(r#"{"colour": 1}"#).unwrap_err();
        assert_eq!(e.path, "colour");
    }

    #[test]
    fn wrong_types_name_the_field() {
        let e = Scenario::from_json(r#"{"inference": {"batch": "lots"}}"#).unwrap_err();
        assert_eq!(e.path, "inference.batch");
        assert!(e.message.starts_with("inference.batch:"), "{}", e.message);
    }

    #[test]
    fn serialising_skips_unset_fields() {
        let mut s = Scenario::default();
        s.model.preset = Some("gpt-3-175b".into());
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"model":{"preset":"gpt-3-175b"}}"#
        );
    }
}
