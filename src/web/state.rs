//! The page's model, without the page: what an edit does to the scenario, what the engine answers
//! to a form that may hold text that is not a number, and the comparison (A pinned, B edited).
//! Plain data and functions, compiled and tested natively; `ui.rs` holds them in signals and the
//! components only wire those to the DOM (the shape of Leptos's todomvc example).

use crate::data::Catalog;
use crate::engine::params::{Kind, PARAMS};
use crate::engine::{self, levers, resolve, Estimate, FieldError, Scenario};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A shared, immutable value whose equality is identity: memos holding it notify on every new
/// value without comparing whole estimates.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The engine's answer to the current form.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Ok(Shared<Estimate>),
    Err(Vec<FieldError>),
}

/// Fields whose text is not a number, by path, with the message kept for the record.
pub type ParseErrors = BTreeMap<&'static str, String>;

/// The text a field shows for a scenario: its number as typed back, its id, or nothing.
pub fn text_of(s: &Scenario, path: &str, kind: Kind) -> String {
    match kind {
        Kind::Number | Kind::Count => s
            .number(path)
            .map(super::input::fmt_input)
            .unwrap_or_default(),
        Kind::Choice(_) | Kind::Text => s.text(path).unwrap_or_default().to_string(),
        Kind::Bool => String::new(),
    }
}

/// The engine's answer to the form: an estimate when every field parses and validates, else
/// every error at once: the fields whose text is not a number, then the engine's validation of
/// the rest (a field that does not parse keeps its last number in the scenario, so the engine's
/// word on it would be about a value the reader no longer sees).
pub fn outcome(s: &Scenario, pending: &ParseErrors) -> Outcome {
    if pending.is_empty() {
        return match engine::estimate(s) {
            Ok(e) => Outcome::Ok(Shared(Arc::new(e))),
            Err(errors) => Outcome::Err(errors),
        };
    }
    let mut errors: Vec<FieldError> = pending
        .iter()
        .map(|(p, m)| FieldError::new(*p, m.clone()))
        .collect();
    errors.extend(
        resolve::validate(s, Catalog::get())
            .into_iter()
            .filter(|e| !pending.contains_key(e.path.as_str())),
    );
    Outcome::Err(errors)
}

/// What the defaults of the form depend on: the scenario without the reader's numbers and
/// choices, the preset and fine-tuning method kept.
pub fn without_values(s: &Scenario) -> Scenario {
    let mut d = s.clone();
    for p in PARAMS {
        match p.kind {
            Kind::Number | Kind::Count => {
                d.set_number(p.path, None);
            }
            Kind::Choice(_) if p.path != "model.preset" && p.path != "fine_tuning.method" => {
                d.set_text(p.path, None);
            }
            _ => {}
        }
    }
    d
}

/// A new preset picked: the scenario that follows, and the fields whose text must be emptied.
#[derive(Debug, Clone, PartialEq)]
pub struct PresetChange {
    pub scenario: Scenario,
    pub cleared: Vec<&'static str>,
}

/// Picking a preset (`None`: no preset). Its architecture and training run come from the preset,
/// so the reader's model and pre-training values are cleared rather than silently mixed with it;
/// with `example` (the opening example still on the page), so are the example's choices the
/// reader left as they were. A larger model may not fit the serving replica the reader chose,
/// which is then derived.
pub fn choose_preset(s: &Scenario, id: Option<String>, example: bool) -> PresetChange {
    let mut cleared: Vec<&'static str> = PARAMS
        .iter()
        .map(|p| p.path)
        .filter(|p| (p.starts_with("model.") && *p != "model.preset") || p.starts_with("training."))
        .collect();
    let mut s = s.clone();
    if example {
        let (without, dropped) = engine::example::without_choices(&s);
        s = without;
        for p in dropped {
            if !cleared.contains(&p) {
                cleared.push(p);
            }
        }
    }
    s.set_text("model.preset", id);
    for p in &cleared {
        s.set_number(p, None);
        s.set_text(p, None);
    }
    if levers::let_replica_fit(&mut s) {
        cleared.push("inference.accelerators");
    }
    PresetChange {
        scenario: s,
        cleared,
    }
}

/// The comparison: A pinned (or nothing), B the scenario being edited. B lives in the form;
/// these say what each button does to the pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pair {
    pub a: Option<Scenario>,
}

impl Pair {
    /// Pins `b` (the form as it is) as A; the reader goes on editing B.
    pub fn pin(&mut self, b: &Scenario) {
        self.a = Some(b.clone());
    }

    pub fn unpin(&mut self) {
        self.a = None;
    }

    /// A and B change places: the new B, for the form (nothing when nothing is pinned).
    pub fn swap(&mut self, b: &Scenario) -> Option<Scenario> {
        let a = self.a.take()?;
        self.a = Some(b.clone());
        Some(a)
    }

    /// B back to A: the new B, for the form.
    pub fn reset(&self) -> Option<Scenario> {
        self.a.clone()
    }

    /// A lever clicked: the scenario as it is becomes A, the lever's scenario B.
    pub fn apply(&mut self, a: Scenario, b: Scenario) -> Scenario {
        self.a = Some(a);
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opening() -> Scenario {
        crate::web::opening_scenario()
    }

    #[test]
    fn a_preset_clears_the_readers_model_and_training_values_only() {
        let mut s = opening();
        s.model.layers = Some(40.0);
        s.training.mfu = Some(0.3);
        s.inference.batch = Some(16.0);
        let c = choose_preset(&s, Some("gpt-3-175b".into()), false);
        assert_eq!(c.scenario.model.preset.as_deref(), Some("gpt-3-175b"));
        assert_eq!(c.scenario.model.layers, None);
        assert_eq!(c.scenario.training.mfu, None);
        assert_eq!(
            c.scenario.inference.batch,
            Some(16.0),
            "serving is the reader's"
        );
        assert!(c.cleared.contains(&"model.layers"));
        assert!(c.cleared.contains(&"training.mfu"));
        assert!(!c.cleared.contains(&"model.preset"));
        assert!(!c.cleared.contains(&"inference.batch"));
    }

    #[test]
    fn a_larger_preset_gets_a_replica_it_fits_in() {
        // Four H100s hold Llama 2 70B but not GPT-3 175B in bf16.
        let c = choose_preset(&opening(), Some("gpt-3-175b".into()), false);
        assert_eq!(c.scenario.inference.accelerators, None);
        assert!(c.cleared.contains(&"inference.accelerators"));
        assert!(engine::estimate(&c.scenario).is_ok());
        // A smaller one keeps the reader's replica.
        let c = choose_preset(&opening(), Some("llama-2-7b".into()), false);
        assert_eq!(c.scenario.inference.accelerators, Some(4.0));
        assert!(!c.cleared.contains(&"inference.accelerators"));
    }

    #[test]
    fn no_preset_means_no_preset() {
        let c = choose_preset(&opening(), None, false);
        assert_eq!(c.scenario.model.preset, None);
        assert!(engine::estimate(&c.scenario).is_ok());
    }

    #[test]
    fn another_preset_or_your_own_model_leaves_the_examples_choices_behind() {
        let mut s = opening();
        s.inference.region = Some("de".into()); // the reader's
        for id in [Some("gpt-3-175b".to_string()), None] {
            let c = choose_preset(&s, id.clone(), true);
            let left = engine::example::choices(&c.scenario);
            assert!(
                left.is_empty() || left == ["model.preset"],
                "{id:?} kept {left:?}"
            );
            assert_eq!(c.scenario.inference.region.as_deref(), Some("de"));
            assert_eq!(
                c.scenario.fine_tuning.method, None,
                "LoRA was the example's"
            );
            assert!(
                c.cleared.contains(&"inference.batch") && c.cleared.contains(&"fine_tuning.method")
            );
            assert!(engine::estimate(&c.scenario).is_ok());
            assert_eq!(c.scenario.model.preset, id);
        }
    }

    #[test]
    fn parse_errors_come_first_and_hide_the_engines_word_on_the_same_field() {
        let mut s = opening();
        s.training.mfu = Some(3.0); // the engine refuses it ...
        s.inference.batch = Some(0.0); // ... and this
        let mut pending = ParseErrors::new();
        pending.insert("training.mfu", "training.mfu: `abc` is not a number".into());
        let Outcome::Err(errors) = outcome(&s, &pending) else {
            panic!("a form with text that is not a number has no result");
        };
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["training.mfu", "inference.batch"]);
        assert!(errors[0].message.contains("not a number"));
    }

    #[test]
    fn a_valid_form_gives_an_estimate_and_an_invalid_one_the_engines_errors() {
        let none = ParseErrors::new();
        assert!(matches!(outcome(&opening(), &none), Outcome::Ok(_)));
        let mut s = opening();
        s.training.mfu = Some(3.0);
        let Outcome::Err(errors) = outcome(&s, &none) else {
            panic!("an MFU of 3 is refused");
        };
        assert_eq!(errors[0].path, "training.mfu");
    }

    #[test]
    fn defaults_keep_the_preset_and_method_and_drop_the_readers_values() {
        let mut s = opening();
        s.training.mfu = Some(0.3);
        let d = without_values(&s);
        assert_eq!(d.model.preset.as_deref(), Some("llama-2-70b"));
        assert_eq!(d.fine_tuning.method.as_deref(), Some("lora"));
        assert_eq!(d.training.mfu, None);
        assert_eq!(d.inference.region, None);
        assert_eq!(d.inference.batch, None);
    }

    #[test]
    fn field_texts_follow_the_scenario() {
        let s = opening();
        let kind = |path: &str| PARAMS.iter().find(|p| p.path == path).unwrap().kind;
        assert_eq!(
            text_of(&s, "inference.batch", kind("inference.batch")),
            "64"
        );
        assert_eq!(
            text_of(&s, "model.preset", kind("model.preset")),
            "llama-2-70b"
        );
        assert_eq!(text_of(&s, "training.mfu", kind("training.mfu")), "");
    }

    #[test]
    fn pin_swap_reset_and_unpin() {
        let a = opening();
        let mut b = opening();
        b.inference.batch = Some(8.0);
        let mut pair = Pair::default();
        assert_eq!(pair.swap(&b), None, "nothing to swap with");
        assert_eq!(pair.a, None, "and nothing is pinned by trying");
        assert_eq!(pair.reset(), None);
        pair.pin(&a);
        assert_eq!(pair.a.as_ref(), Some(&a));
        // Swapping gives the form A and pins B.
        assert_eq!(pair.swap(&b), Some(a.clone()));
        assert_eq!(pair.a.as_ref(), Some(&b));
        // Reset gives the form A again.
        assert_eq!(pair.reset(), Some(b.clone()));
        assert_eq!(pair.apply(a.clone(), b.clone()), b);
        assert_eq!(pair.a.as_ref(), Some(&a));
        pair.unpin();
        assert_eq!(pair, Pair::default());
    }
}
