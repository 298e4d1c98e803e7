//! A lever in words, in the reader's language: its title, the sentence saying what it changes,
//! and what it would save (or, for market-based accounting, the market-based figure beside the
//! location-based one). The page's levers and `llm-footprint levers --table` both print these,
//! so the command says what the page says. No DOM: compiled and tested natively.

use super::i18n::{tr, trf, Lang};
use super::input::{fmt_mass_kg, fmt_sig};
use crate::charts::fmt_percent;
use crate::data::Catalog;
use crate::engine::levers::{Detail, Lever, NotApplicable};

/// A lever's title and sentence keys (literal, so the catalogue tests see them used).
fn keys(id: &str) -> (&'static str, &'static str) {
    match id {
        "region-best" => ("lever.region_best", "lever.region_what"),
        "region-worst" => ("lever.region_worst", "lever.region_what"),
        "region-choice" => ("lever.region_choice", "lever.region_what"),
        "market-renewable" => ("lever.market", "lever.market_what"),
        "hardware-newer" => ("lever.hardware", "lever.hardware_what"),
        "precision-fp8" | "precision-int8" | "precision-int4" => {
            ("lever.precision", "lever.precision_what")
        }
        "batch-larger" => ("lever.batch", "lever.batch_what"),
        "model-smaller" => ("lever.smaller", "lever.smaller_what"),
        "output-shorter" => ("lever.output", "lever.output_what"),
        "prompt-shorter" => ("lever.prompt", "lever.prompt_what"),
        "retrain-continual" => ("lever.retrain", "lever.retrain_what"),
        _ => ("lever.pue", "lever.pue_what"),
    }
}

fn why_key(w: NotApplicable) -> &'static str {
    match w {
        NotApplicable::AlreadyThere => "lever.no_already_there",
        NotApplicable::NewestHardware => "lever.no_newest",
        NotApplicable::PrecisionAlready => "lever.no_precision",
        NotApplicable::MemoryCapsBatch => "lever.no_memory",
        NotApplicable::BatchAtMaximum => "lever.no_batch_max",
        NotApplicable::OneLayer => "lever.no_one_layer",
        NotApplicable::OneToken => "lever.no_one_token",
        NotApplicable::NoPrompt => "lever.no_prompt",
        NotApplicable::NoServing => "lever.no_serving",
        NotApplicable::ShortDeployment => "lever.no_short",
        NotApplicable::PueAlreadyLow => "lever.no_pue",
        NotApplicable::NoRegionChosen => "lever.no_region",
        NotApplicable::Invalid => "lever.no_invalid",
    }
}

pub fn region_name(id: &str, l: Lang) -> String {
    Catalog::get()
        .region(id)
        .map(|r| {
            if l == Lang::Zh {
                r.name_zh.to_string()
            } else {
                r.name.to_string()
            }
        })
        .unwrap_or_else(|| id.to_string())
}

fn accelerator_name(id: &str) -> String {
    Catalog::get()
        .accelerator(id)
        .map(|a| a.name.to_string())
        .unwrap_or_else(|| id.to_string())
}

/// The values a lever's title and sentence fill in.
fn fill(d: &Detail, l: Lang) -> Vec<(&'static str, String)> {
    let count = |v: f64| fmt_sig(v, (v.abs().max(1.0).log10().floor() as i32 + 1).max(3));
    match d {
        Detail::Region { id, g_per_kwh } => vec![
            ("region", region_name(id, l)),
            ("grid", fmt_sig(*g_per_kwh, 3)),
        ],
        Detail::Accelerator { from, to } => {
            vec![
                ("from", accelerator_name(from)),
                ("to", accelerator_name(to)),
            ]
        }
        Detail::Precision {
            from,
            to,
            weights_gb_from,
            weights_gb_to,
        } => vec![
            ("from", from.clone()),
            ("to", to.clone()),
            ("from_gb", format!("{} GB", fmt_sig(*weights_gb_from, 3))),
            ("to_gb", format!("{} GB", fmt_sig(*weights_gb_to, 3))),
        ],
        Detail::Count { from, to } => vec![("from", count(*from)), ("to", count(*to))],
        Detail::Retrain { months, runs } => {
            vec![("months", count(*months)), ("runs", count(*runs))]
        }
        Detail::Pue { from, to, preset } => vec![
            ("from", fmt_sig(*from, 3)),
            ("to", fmt_sig(*to, 3)),
            (
                "preset",
                Catalog::get()
                    .preset(preset)
                    .map(|p| p.name.to_string())
                    .unwrap_or_else(|| preset.clone()),
            ),
        ],
        Detail::Market {
            share,
            location_kg,
            market_kg,
        } => vec![
            ("share", fmt_percent(*share)),
            ("location", fmt_mass_kg(*location_kg)),
            ("market", fmt_mass_kg(*market_kg)),
        ],
    }
}

/// One lever as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub id: &'static str,
    pub title: String,
    pub what: String,
    /// What it saves or adds, or why it does not apply.
    pub saving: String,
    pub applies: bool,
    /// The saving as a share of A, and in kg (0 when it does not apply).
    pub share: f64,
    pub kg: f64,
}

pub fn shown(lever: &Lever, l: Lang) -> Shown {
    let (title_key, what_key) = keys(lever.id);
    match &lever.effect {
        Ok(e) => {
            let values = fill(&e.detail, l);
            let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let amount = fmt_mass_kg(e.saving_kg.abs());
            let share = fmt_percent(e.saving_share.abs());
            // Market-based accounting cuts no location-based carbon: it says its own figure.
            let saving = if matches!(e.detail, Detail::Market { .. }) {
                trf(l, "lever.market_figure", &pairs)
            } else {
                let key = if e.saving_kg >= 0.0 {
                    "lever.saves"
                } else {
                    "lever.adds"
                };
                trf(l, key, &[("share", &share), ("amount", &amount)])
            };
            Shown {
                id: lever.id,
                title: trf(l, title_key, &pairs),
                what: trf(l, what_key, &pairs),
                saving,
                applies: true,
                share: e.saving_share,
                kg: e.saving_kg,
            }
        }
        Err(why) => Shown {
            id: lever.id,
            title: trf(
                l,
                title_key,
                &[("to", lever.id.strip_prefix("precision-").unwrap_or(""))],
            ),
            what: String::new(),
            saving: tr(l, why_key(*why)).to_string(),
            applies: false,
            share: 0.0,
            kg: 0.0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::estimate;
    use crate::engine::levers::{levers, Config};

    #[test]
    fn every_lever_has_a_title_and_a_sentence_with_nothing_left_unfilled() {
        let s = crate::web::opening_scenario();
        let e = estimate(&s).unwrap();
        let config = Config {
            region: Some("fr".into()),
            ..Config::default()
        };
        for l in [Lang::En, Lang::Zh] {
            for lever in levers(&s, &e, &config) {
                let x = shown(&lever, l);
                for text in [&x.title, &x.what, &x.saving] {
                    assert!(!text.contains('{'), "{}: {text}", x.id);
                }
                assert!(!x.title.is_empty() && !x.saving.is_empty(), "{}", x.id);
            }
        }
    }

    #[test]
    fn market_based_accounting_says_both_figures_and_no_saving() {
        let s = crate::web::opening_scenario();
        let e = estimate(&s).unwrap();
        let all = levers(&s, &e, &Config::default());
        let m = all.iter().find(|l| l.id == "market-renewable").unwrap();
        let x = shown(m, Lang::En);
        assert!(x.applies);
        assert_eq!(x.kg, 0.0);
        assert!(!x.saving.contains("saves"), "{}", x.saving);
        let op = fmt_mass_kg(e.results.total.operational_co2e_kg);
        assert!(x.saving.contains(&op), "{} names {op}", x.saving);
        assert!(x.title.contains("76%"), "{}", x.title);
    }
}
