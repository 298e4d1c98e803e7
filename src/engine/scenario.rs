//! The scenario document, version 1 (docs/scenario.md): what the form edits, the share link
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
    /// Added to v1 (as every field below in this struct): the architecture of today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_dim: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ffn_dim: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ffn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embeddings: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experts: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experts_per_token: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_experts: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert_ffn_dim: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dense_layers: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kv_lora_rank: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q_lora_rank: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rope_head_dim: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sliding_window: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_layers: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoder_layers: Option<f64>,
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
    /// Added to v1: the market-based emission factor (after renewable purchases), reported
    /// beside the location-based one, never instead of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_g_per_kwh: Option<f64>,
    /// Added to v1: water consumed off-site generating the electricity, L per kWh of facility
    /// energy (after PUE); by default from the region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub water_offsite_l_per_kwh: Option<f64>,
    /// Added to v1: the data-centre operator whose published fleet WUE is the on-site default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Added to v1: tokens per training sequence (the attention cost of training).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_length: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_overhead: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub development_factor: Option<f64>,
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
    /// Added to v1: the market-based emission factor (after renewable purchases), reported
    /// beside the location-based one, never instead of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_g_per_kwh: Option<f64>,
    /// Added to v1: water consumed off-site generating the electricity, L per kWh of facility
    /// energy (after PUE); by default from the region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub water_offsite_l_per_kwh: Option<f64>,
    /// Added to v1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence_length: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_overhead: Option<f64>,
    /// Added to v1: reinforcement-learning post-training (`method = "rl"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rl_algorithm: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rl_prompts: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rl_samples_per_prompt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rl_prompt_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rl_generated_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rl_max_generated_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rl_rollout_batch: Option<f64>,
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
    /// How a mixture-of-experts model spreads over several devices: `expert` or `tensor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cached_prompt_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tokens: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning_tokens: Option<f64>,
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
    /// Added to v1: the market-based emission factor (after renewable purchases), reported
    /// beside the location-based one, never instead of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_g_per_kwh: Option<f64>,
    /// Added to v1: water consumed off-site generating the electricity, L per kWh of facility
    /// energy (after PUE); by default from the region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub water_offsite_l_per_kwh: Option<f64>,
    /// Added to v1: the data-centre operator whose published fleet WUE is the on-site default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Embodied {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_years: Option<f64>,
}

/// What is wrong with a field, as a value: the page renders it in the reader's language from
/// these, the command prints `message` (English). No front end reads the message back.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// Outside the field's bounds (`params::PARAMS` holds them), or not a whole number.
    Range { got: f64 },
    /// Greater than the field that bounds it (`model.kv_heads` over `model.heads`).
    Exceeds {
        limit_path: String,
        limit: f64,
        got: f64,
    },
    /// Not one of the field's ids.
    UnknownChoice { got: String },
    /// Longer than the field allows.
    TooLong { max: f64 },
    /// The weights do not fit the serving replica's memory.
    WeightsDoNotFit {
        need_gb: f64,
        have_gb: f64,
        need_devices: f64,
    },
    /// A precision the device does not compute natively (a notice): it computes at `used`.
    NoNativePrecision {
        device: String,
        wanted: String,
        used: String,
    },
    /// More cached prompt tokens than the prompt has (a notice): the whole prompt is cached.
    CachedOverPrompt { cached: f64, prompt: f64 },
    /// A longest output shorter than the mean (a notice): the mean is taken as the longest.
    LongestUnderMean { longest: f64, mean: f64 },
    /// A replica of more devices than any the serving model was fitted on (a notice).
    BeyondFit { devices: f64, fitted: f64 },
    /// Serving above any reported AI service's yearly energy (a notice).
    TrafficEnergy { twh_year: f64 },
    /// More serving replicas than any reported deployment (a notice).
    TrafficReplicas { replicas: f64 },
    /// A field this format does not have.
    UnknownField,
    /// A link's number field whose text is not a number (or, for a yes/no field, not 0 or 1).
    NotANumber { got: String },
    /// A link naming the same field twice (the first value is kept).
    Twice,
    /// A link's `v=` (link version) or `ex=` (example version) that this calculator does not know.
    UnknownVersion { got: String },
    /// Anything else (JSON syntax, a wrong type): the message says it.
    Other,
}

/// A problem with one field, named by its dotted path (`training.mfu`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    pub path: String,
    /// In English, naming the field and the allowed range.
    pub message: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError::with(path, message, Problem::Other)
    }

    pub fn with(
        path: impl Into<String>,
        message: impl Into<String>,
        problem: Problem,
    ) -> FieldError {
        FieldError {
            path: path.into(),
            message: message.into(),
            problem,
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The page's JSON export: the scenario beside the results document it gave.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Exported {
    scenario: Scenario,
    #[serde(default)]
    results: Option<Stamp>,
    /// The pinned scenario A of a comparison, with its results and the comparison.
    #[serde(default)]
    compare: Option<ExportedA>,
}

/// A's scenario; its results are skipped (an import recomputes them).
#[derive(Deserialize)]
struct ExportedA {
    scenario: Scenario,
}

/// What an import needs of an exported results document: which data computed it.
#[derive(Deserialize)]
struct Stamp {
    #[serde(default)]
    data_version: Option<String>,
}

impl Scenario {
    /// Parses scenario JSON. Unknown fields and wrong types are reported with their path.
    pub fn from_json(text: &str) -> Result<Scenario, FieldError> {
        parse(text, "")
    }

    /// Parses a scenario, or the page's export of one (`{"scenario": …, "results": …}`), with
    /// the data version of the results it carried.
    pub fn from_export_json(text: &str) -> Result<(Scenario, Option<String>), FieldError> {
        Scenario::from_export_pair(text).map(|(s, _, data)| (s, data))
    }

    /// As [`Scenario::from_export_json`], with the pinned scenario A when the export holds a
    /// comparison.
    pub fn from_export_pair(
        text: &str,
    ) -> Result<(Scenario, Option<Scenario>, Option<String>), FieldError> {
        let exported = text
            .trim_start()
            .strip_prefix('{')
            .is_some_and(|rest| rest.trim_start().starts_with("\"scenario\""));
        if !exported {
            return Scenario::from_json(text).map(|s| (s, None, None));
        }
        let doc: Exported = parse(text, "scenario.")?;
        Ok((
            doc.scenario,
            doc.compare.map(|c| c.scenario),
            doc.results.and_then(|r| r.data_version),
        ))
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Parses `T`, naming a bad field by its path (less `strip`, the wrapper's own prefix).
fn parse<T: serde::de::DeserializeOwned>(text: &str, strip: &str) -> Result<T, FieldError> {
    let e = match serde_json::from_str::<T>(text) {
        Ok(s) => return Ok(s),
        Err(e) => e,
    };
    let path = if e.line() == 0 {
        String::new()
    } else {
        let eof = e.classify() == serde_json::error::Category::Eof;
        json_path_at(text, byte_offset(text, e.line(), e.column()), eof)
    };
    let path = path
        .strip_prefix(strip)
        .map_or(path.clone(), str::to_string);
    let inner = e.to_string();
    if let Some(rest) = inner.strip_prefix("unknown field ") {
        let name = rest.split('`').nth(1).unwrap_or(rest);
        // The key has been read, so the path usually ends with it already.
        let full = if path.is_empty() {
            name.to_string()
        } else if path == name || path.ends_with(&format!(".{name}")) {
            path
        } else {
            format!("{path}.{name}")
        };
        let message = format!("unknown field `{full}`");
        return Err(FieldError::with(full, message, Problem::UnknownField));
    }
    let message = if path.is_empty() {
        format!("scenario: {inner}")
    } else {
        format!("{path}: {inner}")
    };
    Err(FieldError::new(path, message))
}

/// The byte offset of serde_json's one-based line and (byte) column.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .match_indices('\n')
        .nth(line.saturating_sub(2))
        .map_or(0, |(i, _)| i + 1);
    let line_start = if line <= 1 { 0 } else { line_start };
    (line_start + column).min(text.len())
}

/// Whether a number or literal (`scalar`, so far) goes on with `next` (`None`: the end of the
/// text). One that cannot end yet ("1.", "2e", "-", "tru") owns whatever follows, since serde_json
/// reports the bad token there.
fn scalar_continues(scalar: &[u8], next: Option<u8>) -> bool {
    if scalar[0] == b'-' || scalar[0].is_ascii_digit() {
        let has = |set: &[u8]| scalar.iter().any(|c| set.contains(c));
        matches!(scalar.last(), Some(b'-' | b'+' | b'.' | b'e' | b'E'))
            || next.is_some_and(|b| match b {
                b'0'..=b'9' => true,
                b'.' => !has(b".eE"),
                b'e' | b'E' => !has(b"eE"),
                _ => false,
            })
    } else {
        !matches!(scalar, b"true" | b"false" | b"null")
    }
}

/// The path (`inference.batch`, `a[2].b`) of the value a JSON reader is in at byte `end`: the
/// object keys and array indices open at that point. This names the field of a serde_json error
/// from its position, as `serde_path_to_error` would, without wrapping the deserializer (which
/// compiled every scenario type a second time into the page). serde_json reports a bad value where
/// the value ends, so a value keeps its name until something other than a separator follows it;
/// the property tests hold this to `serde_path_to_error`'s answers.
fn json_path_at(text: &str, end: usize, at_eof: bool) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        /// Before an object's key.
        Key,
        /// After a key, before its colon.
        Colon,
        /// Before a value.
        Value,
        /// Inside a number or literal that started at this byte.
        Scalar(usize),
        /// Inside a nested object or array, or a string the text ends in.
        Nested,
        /// After a complete value.
        Done,
    }
    enum Name {
        Key(String),
        Index(usize),
    }
    struct Frame {
        object: bool,
        /// The key or index of the value being read; `None` between values.
        name: Option<Name>,
        index: usize,
        at: At,
    }
    let bytes = &text.as_bytes()[..end.min(text.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut stopped = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if stack.is_empty() && !matches!(b, b'{' | b'[') && !b.is_ascii_whitespace() {
            // Not an object: the whole document is wrong.
            break;
        }
        if let Some(f) = stack.last_mut() {
            if let At::Scalar(start) = f.at {
                if scalar_continues(&bytes[start..i], Some(b)) {
                    i += 1;
                    continue;
                }
                f.at = At::Done;
            }
            let misplaced = !b.is_ascii_whitespace()
                && match f.at {
                    At::Key => !matches!(b, b'"' | b'}'),
                    At::Colon => b != b':',
                    // A value was due: the error is the value's.
                    At::Value => {
                        matches!(b, b',' | b'}' | b':') || (b == b']' && (f.object || f.index > 0))
                    }
                    At::Done => !matches!(b, b',' | b'}' | b']'),
                    At::Scalar(_) | At::Nested => false,
                };
            if misplaced {
                // serde_json stops here. Where a separator was due, the error is the container's.
                // (A trailing comma is the array's too.)
                if f.at != At::Value || (b == b']' && !f.object) {
                    f.name = None;
                }
                stopped = true;
                break;
            }
        }
        match b {
            b'{' | b'[' => {
                if let Some(f) = stack.last_mut() {
                    f.at = At::Nested;
                }
                let object = b == b'{';
                stack.push(Frame {
                    object,
                    name: (!object).then_some(Name::Index(0)),
                    index: 0,
                    at: if object { At::Key } else { At::Value },
                });
            }
            b'}' | b']' => {
                stack.pop();
                match stack.last_mut() {
                    Some(f) => f.at = At::Done,
                    // The document is complete: what follows is trailing text.
                    None => break,
                }
            }
            b',' => {
                if let Some(f) = stack.last_mut() {
                    if f.object {
                        f.name = None;
                        f.at = At::Key;
                    } else {
                        f.index += 1;
                        f.name = Some(Name::Index(f.index));
                        f.at = At::Value;
                    }
                }
            }
            b':' => {
                if let Some(f) = stack.last_mut() {
                    f.at = At::Value;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += match (bytes[i], bytes.get(i + 1)) {
                        (b'\\', Some(b'u')) => 6,
                        (b'\\', _) => 2,
                        _ => 1,
                    };
                }
                // serde_json reads four bytes after `\u` before it finds them bad: the error is
                // inside this string.
                if i > bytes.len() {
                    break;
                }
                let closed = i < bytes.len();
                if let Some(f) = stack.last_mut() {
                    if f.at != At::Key {
                        f.at = if closed { At::Done } else { At::Nested };
                    } else if closed {
                        // A key that does not decode (a bad escape) is where the error is.
                        match serde_json::from_str::<String>(&text[start..=i]) {
                            Ok(key) => f.name = Some(Name::Key(key)),
                            Err(_) => break,
                        }
                        f.at = At::Colon;
                    }
                }
            }
            b if b.is_ascii_whitespace() => {}
            _ => {
                if let Some(f) = stack.last_mut() {
                    f.at = At::Scalar(i);
                }
            }
        }
        i += 1;
    }
    if at_eof && !stopped {
        // The text ran out where a separator was due: the error is the container's.
        if let Some(f) = stack.last_mut() {
            let finished = match f.at {
                At::Scalar(start) => !scalar_continues(&bytes[start..], None),
                At::Done | At::Colon => true,
                // An array's next element has not begun.
                At::Value => !f.object,
                _ => false,
            };
            if finished {
                f.name = None;
            }
        }
    }
    let mut path = String::new();
    for name in stack.iter().filter_map(|f| f.name.as_ref()) {
        match name {
            Name::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Name::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
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
    fn syntax_errors_name_the_object_they_are_in() {
        let e =
            Scenario::from_json("{\n  \"training\": {\"tokens\": 1 \"mfu\": 0.4}\n}").unwrap_err();
        assert_eq!(e.path, "training");
        assert!(
            e.message
                .starts_with("training: expected `,` or `}` at line 2"),
            "{}",
            e.message
        );
        let e = Scenario::from_json(r#"{"inference": {"batch": 1.}}"#).unwrap_err();
        assert_eq!(e.path, "inference.batch");
        let e = Scenario::from_json(r#"{"model": {"preset": "x", "preset": "y"}}"#).unwrap_err();
        assert_eq!(e.path, "model.preset");
        // Text after the document is refused, not ignored.
        let e = Scenario::from_json(r#"{"model": {}} {"#).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("", "scenario: trailing characters at line 1 column 15")
        );
    }

    #[test]
    fn an_export_imports_back_with_its_data_version() {
        let doc = r#"{"scenario": {"version": 1, "model": {"preset": "llama-2-70b"}},
            "results": {"version": 1, "tool": "llm-footprint 0.1.0", "data_version": "hardware x",
                        "total": {"co2e_kg": 1}, "inputs": {}}}"#;
        let (s, data) = Scenario::from_export_json(doc).unwrap();
        assert_eq!(s.model.preset.as_deref(), Some("llama-2-70b"));
        assert_eq!(data.as_deref(), Some("hardware x"));
        // A bad field inside the export is named by its scenario path.
        let bad = r#"{"scenario": {"inference": {"batch": "lots"}}, "results": {}}"#;
        assert_eq!(
            Scenario::from_export_json(bad).unwrap_err().path,
            "inference.batch"
        );
        // A plain scenario still imports.
        let (s, data) = Scenario::from_export_json(r#"{"name": "x"}"#).unwrap();
        assert_eq!((s.name.as_deref(), data), (Some("x"), None));
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
