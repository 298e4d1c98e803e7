//! The opening example: the scenario the page shows before the reader has chosen anything
//! (Llama 2 70B, fine-tuned with LoRA, served a million queries a day for a year on 4 × H100 in
//! the US). Its choices beyond the preset are the example's, not the calculator's defaults: the
//! page labels them, drops them when another preset is picked, and a share link names them with
//! `ex=1` instead of repeating them (see [`crate::engine::link`]).
//!
//! Frozen: links carrying `ex=1` mean this scenario. A different opening example gets `ex=2`.

use super::params::{Kind, ParamDef, PARAMS};
use super::scenario::Scenario;
use std::sync::OnceLock;

/// The value `ex` takes in a link for this example.
pub const VERSION: &str = "1";

pub fn opening() -> Scenario {
    let mut s = Scenario::default();
    s.model.preset = Some("llama-2-70b".into());
    s.fine_tuning.method = Some("lora".into());
    let i = &mut s.inference;
    i.accelerator = Some("h100".into());
    i.accelerators = Some(4.0);
    i.precision = Some("bf16".into());
    i.batch = Some(64.0);
    i.prompt_tokens = Some(400.0);
    i.output_tokens = Some(350.0);
    i.queries_per_day = Some(1.0e6);
    i.days = Some(365.0);
    i.pue = Some(1.2);
    i.region = Some("us".into());
    s.embodied.include = Some(true);
    s.embodied.lifetime_years = Some(5.0);
    s
}

/// A field's value as the link writes it (`None`: not set).
pub fn field_text(s: &Scenario, p: &ParamDef) -> Option<String> {
    match p.kind {
        Kind::Number | Kind::Count => s.number(p.path).map(super::link::fmt_number),
        Kind::Choice(_) | Kind::Text => s.text(p.path).map(str::to_string),
        Kind::Bool => s
            .embodied
            .include
            .map(|v| if v { "1" } else { "0" }.to_string()),
    }
}

/// The example, built once: the page asks after every edit (no formatting, no allocation).
pub fn example() -> &'static Scenario {
    static EXAMPLE: OnceLock<Scenario> = OnceLock::new();
    EXAMPLE.get_or_init(opening)
}

/// The fields the example sets, in the order of the parameter table.
pub fn fields() -> &'static [&'static ParamDef] {
    static FIELDS: OnceLock<Vec<&'static ParamDef>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let ex = example();
        PARAMS.iter().filter(|p| is_set(ex, p)).collect()
    })
}

fn is_set(s: &Scenario, p: &ParamDef) -> bool {
    match p.kind {
        Kind::Number | Kind::Count => s.number(p.path).is_some(),
        Kind::Choice(_) | Kind::Text => s.text(p.path).is_some(),
        Kind::Bool => s.embodied.include.is_some(),
    }
}

/// Whether `s` holds the example's value in field `p`.
pub fn holds_choice(s: &Scenario, p: &ParamDef) -> bool {
    let ex = example();
    match p.kind {
        Kind::Number | Kind::Count => s.number(p.path) == ex.number(p.path),
        Kind::Choice(_) | Kind::Text => s.text(p.path) == ex.text(p.path),
        Kind::Bool => s.embodied.include == ex.embodied.include,
    }
}

/// The fields of `s` that still hold the example's choice (the preset included).
pub fn choices(s: &Scenario) -> Vec<&'static str> {
    fields()
        .iter()
        .filter(|p| holds_choice(s, p))
        .map(|p| p.path)
        .collect()
}

/// `s` without the example's choices that it still holds (the reader's own values kept).
pub fn without_choices(s: &Scenario) -> (Scenario, Vec<&'static str>) {
    let mut out = s.clone();
    let cleared: Vec<&'static str> = choices(s)
        .into_iter()
        .filter(|p| *p != "model.preset")
        .collect();
    for p in &cleared {
        out.set_number(p, None);
        out.set_text(p, None);
    }
    if cleared.contains(&"embodied.include") {
        out.embodied.include = None;
    }
    (out, cleared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_holds_its_choices_until_the_reader_changes_them() {
        let mut s = opening();
        let all = choices(&s);
        assert!(all.contains(&"inference.region") && all.contains(&"fine_tuning.method"));
        s.inference.region = Some("de".into());
        s.inference.batch = None;
        let now = choices(&s);
        assert!(!now.contains(&"inference.region") && !now.contains(&"inference.batch"));
        assert_eq!(now.len(), all.len() - 2);
    }

    #[test]
    fn dropping_the_example_keeps_the_preset_and_the_readers_values() {
        let mut s = opening();
        s.inference.region = Some("de".into());
        let (d, cleared) = without_choices(&s);
        assert_eq!(d.model.preset.as_deref(), Some("llama-2-70b"));
        assert_eq!(d.inference.region.as_deref(), Some("de"));
        assert_eq!(d.fine_tuning.method, None);
        assert_eq!(d.embodied.include, None);
        assert!(cleared.contains(&"inference.pue") && !cleared.contains(&"inference.region"));
        assert!(choices(&d) == vec!["model.preset"]);
    }
}
