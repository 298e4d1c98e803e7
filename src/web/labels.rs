//! The layout of the form: the sections and groups the fields appear in. Titles and notes are
//! keys of the message catalogues (`i18n`); a section's are `section.{id}.title` and
//! `section.{id}.intro`. The engine's `params::PARAMS` stays the one place for units and bounds.
//!
//! Pure data and functions, no DOM: compiled and tested natively too.

/// A group of fields inside a section; `advanced` groups start folded (`<details>`). `title` and
/// `note` are catalogue keys (empty: none).
pub struct Group {
    pub title: &'static str,
    pub note: &'static str,
    pub advanced: bool,
    pub paths: &'static [&'static str],
    /// Which fine-tuning methods the group's fields apply to.
    pub shown: Shown,
}

/// Fields that apply to some fine-tuning methods only are shown for those alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Always,
    /// Reinforcement learning only (`fine_tuning.method = "rl"`).
    Rl,
    /// Every method but reinforcement learning (which derives its tokens from its rollouts).
    NotRl,
}

impl Shown {
    /// Whether a group is shown for the fine-tuning method chosen (`None`: the default, none).
    pub fn applies(self, method: Option<&str>) -> bool {
        let rl = method == Some("rl");
        match self {
            Shown::Always => true,
            Shown::Rl => rl,
            Shown::NotRl => !rl,
        }
    }
}

pub struct Section {
    pub id: &'static str,
    pub groups: &'static [Group],
}

const fn open(title: &'static str, paths: &'static [&'static str]) -> Group {
    Group {
        title,
        note: "",
        advanced: false,
        paths,
        shown: Shown::Always,
    }
}

const fn folded(title: &'static str, note: &'static str, paths: &'static [&'static str]) -> Group {
    Group {
        title,
        note,
        advanced: true,
        paths,
        shown: Shown::Always,
    }
}

/// An open group shown for some fine-tuning methods only.
const fn open_for(
    shown: Shown,
    title: &'static str,
    note: &'static str,
    paths: &'static [&'static str],
) -> Group {
    Group {
        title,
        note,
        advanced: false,
        paths,
        shown,
    }
}

/// Every field of `params::PARAMS`, each exactly once (a test checks).
pub const SECTIONS: &[Section] = &[
    Section {
        id: "model",
        groups: &[
            open("", &["model.preset", "model.params", "model.active_params"]),
            open(
                "group.architecture",
                &[
                    "model.layers",
                    "model.d_model",
                    "model.heads",
                    "model.kv_heads",
                    "model.context",
                    "model.vocab",
                ],
            ),
            folded(
                "group.architecture_more",
                "group.architecture_more_note",
                &[
                    "model.head_dim",
                    "model.ffn",
                    "model.ffn_dim",
                    "model.embeddings",
                    "model.sliding_window",
                    "model.local_layers",
                    "model.encoder_layers",
                ],
            ),
            folded(
                "group.moe",
                "group.moe_note",
                &[
                    "model.experts",
                    "model.experts_per_token",
                    "model.shared_experts",
                    "model.expert_ffn_dim",
                    "model.dense_layers",
                ],
            ),
            folded(
                "group.mla",
                "group.mla_note",
                &[
                    "model.kv_lora_rank",
                    "model.q_lora_rank",
                    "model.rope_head_dim",
                ],
            ),
            folded("group.scenario_name", "", &["name"]),
        ],
    },
    Section {
        id: "training",
        groups: &[
            open(
                "",
                &[
                    "training.tokens",
                    "training.sequence_length",
                    "training.accelerator",
                    "training.accelerators",
                    "training.precision",
                    "training.mfu",
                ],
            ),
            folded(
                "group.training_measured",
                "group.training_measured_note",
                &[
                    "training.accelerator_hours",
                    "training.power_w",
                    "training.host_overhead",
                ],
            ),
            folded(
                "group.development",
                "group.development_note",
                &["training.development_factor"],
            ),
        ],
    },
    Section {
        id: "fine_tuning",
        groups: &[
            open("", &["fine_tuning.method"]),
            open_for(
                Shown::NotRl,
                "",
                "",
                &["fine_tuning.tokens", "fine_tuning.epochs"],
            ),
            open_for(
                Shown::Rl,
                "group.rl",
                "group.rl_note",
                &[
                    "fine_tuning.rl_algorithm",
                    "fine_tuning.rl_prompts",
                    "fine_tuning.rl_samples_per_prompt",
                    "fine_tuning.rl_prompt_tokens",
                    "fine_tuning.rl_generated_tokens",
                    "fine_tuning.rl_max_generated_tokens",
                    "fine_tuning.rl_rollout_batch",
                ],
            ),
            folded(
                "group.ft_hardware",
                "group.ft_hardware_note",
                &[
                    "fine_tuning.accelerator",
                    "fine_tuning.accelerators",
                    "fine_tuning.mfu",
                    "fine_tuning.accelerator_hours",
                    "fine_tuning.power_w",
                    "fine_tuning.host_overhead",
                    "fine_tuning.sequence_length",
                ],
            ),
        ],
    },
    Section {
        id: "inference",
        groups: &[
            open(
                "group.inf_hardware",
                &[
                    "inference.accelerator",
                    "inference.accelerators",
                    "inference.precision",
                    "inference.parallelism",
                    "inference.batch",
                ],
            ),
            open(
                "group.traffic",
                &[
                    "inference.prompt_tokens",
                    "inference.output_tokens",
                    "inference.reasoning_tokens",
                    "inference.cached_prompt_tokens",
                    "inference.queries_per_day",
                    "inference.days",
                ],
            ),
            folded(
                "group.inf_power",
                "group.inf_power_note",
                &["inference.power_w"],
            ),
        ],
    },
    Section {
        id: "site",
        groups: &[
            open(
                "group.site_training",
                &[
                    "training.region",
                    "training.grid_g_per_kwh",
                    "training.market_g_per_kwh",
                    "training.pue",
                    "training.operator",
                    "training.wue_l_per_kwh",
                    "training.water_offsite_l_per_kwh",
                ],
            ),
            open(
                "group.site_serving",
                &[
                    "inference.region",
                    "inference.grid_g_per_kwh",
                    "inference.market_g_per_kwh",
                    "inference.pue",
                    "inference.operator",
                    "inference.wue_l_per_kwh",
                    "inference.water_offsite_l_per_kwh",
                ],
            ),
            folded(
                "group.site_ft",
                "group.site_ft_note",
                &[
                    "fine_tuning.region",
                    "fine_tuning.grid_g_per_kwh",
                    "fine_tuning.market_g_per_kwh",
                    "fine_tuning.pue",
                    "fine_tuning.wue_l_per_kwh",
                    "fine_tuning.water_offsite_l_per_kwh",
                ],
            ),
        ],
    },
    Section {
        id: "embodied",
        groups: &[open("", &["embodied.include", "embodied.lifetime_years"])],
    },
];

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
    fn rl_fields_are_shown_for_rl_alone_and_supervised_ones_for_the_rest() {
        let group_of = |path: &str| {
            SECTIONS
                .iter()
                .flat_map(|s| s.groups.iter())
                .find(|g| g.paths.contains(&path))
                .unwrap()
        };
        let rl = group_of("fine_tuning.rl_prompts");
        assert!(rl.shown.applies(Some("rl")));
        for m in [None, Some("none"), Some("full"), Some("lora")] {
            assert!(!rl.shown.applies(m), "{m:?}");
            assert!(group_of("fine_tuning.tokens").shown.applies(m));
        }
        assert!(!group_of("fine_tuning.epochs").shown.applies(Some("rl")));
        assert!(group_of("fine_tuning.method").shown.applies(Some("rl")));
    }

    #[test]
    fn group_titles_and_notes_are_catalogue_keys() {
        use crate::web::i18n::{tr, Lang};
        for s in SECTIONS {
            for g in s.groups {
                for key in [g.title, g.note].into_iter().filter(|k| !k.is_empty()) {
                    for lang in [Lang::En, Lang::Zh] {
                        assert_ne!(tr(lang, key), "?", "{key} is in no catalogue");
                    }
                }
            }
        }
    }

    #[test]
    fn every_grouped_path_is_a_param() {
        for s in SECTIONS {
            for g in s.groups {
                for path in g.paths {
                    assert!(
                        PARAMS.iter().any(|p| p.path == *path),
                        "{path} is not a parameter"
                    );
                }
            }
        }
    }
}
