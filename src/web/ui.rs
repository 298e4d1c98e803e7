//! The page's state in signals: one scenario signal is the truth (B when two are compared); the
//! estimate, the last valid estimate, the errors and the defaults are memos derived from it. The
//! raw text of each field is kept beside it, so that "7e10" stays "7e10" while it is typed and a
//! bad value stays visible. What an edit does is worked out by plain functions in `state.rs`,
//! tested natively; the components receive a [`Ui`] and call its methods.

use super::chart_view::theme_signal;
use super::i18n::{self, tr, Lang};
use super::state::{self, Outcome, Pair, Shared};
use super::theme::ThemePref;
use crate::data::Catalog;
use crate::engine::compare::{self, Comparison};
use crate::engine::params::PARAMS;
use crate::engine::resolve::{self, Assumption, Origin, Resolved};
use crate::engine::{self, Estimate, FieldError, Scenario};
use leptos::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Bits of [`Ui::drawn`], one per chart.
pub const ALL_CHARTS: u8 = 0b1111;

/// Handles to the page's state; `Copy`, so every closure can hold one.
#[derive(Clone, Copy)]
pub struct Ui {
    pub scenario: RwSignal<Scenario>,
    /// The text of every field as typed (ids for pickers), by path.
    texts: StoredValue<HashMap<&'static str, RwSignal<String>>>,
    /// Fields whose text is not a number, with the message to show.
    parse_errors: RwSignal<BTreeMap<&'static str, String>>,
    pub outcome: Memo<Outcome>,
    /// The current form's errors (none when it has a result). A memo of its own, so the fields'
    /// error messages are not worked out again on every valid edit.
    errors: Memo<Vec<FieldError>>,
    /// The last estimate that succeeded: what the results show.
    pub shown: Memo<Option<Shared<Estimate>>>,
    /// [`Ui::shown`] one animation frame later, for what is off to the side of the results (the
    /// methodology's table of values, the defaults beside fields): an edit's frame then paints
    /// only its numbers, and the rest follows in the next frame with the charts. Several edits in
    /// one frame settle once.
    pub settled: RwSignal<Option<Shared<Estimate>>>,
    /// The scenario resolved without the reader's numbers and choices (preset and fine-tuning
    /// method kept): the defaults of fields the reader has overridden.
    defaults: Memo<Option<Shared<Resolved>>>,
    /// Whether the reader's system asks for dark colours (`prefers-color-scheme`); what the page
    /// shows also depends on [`Ui::theme`], see [`Ui::is_dark`].
    pub dark: RwSignal<bool>,
    /// The reader's language (also provided as context, see `i18n::use_lang`).
    pub lang: RwSignal<Lang>,
    /// The reader's theme choice: auto (follow the system), light or dark.
    pub theme: RwSignal<ThemePref>,
    /// Charts drawn at least once (bits); the page is marked ready when all are.
    pub drawn: StoredValue<u8>,
    /// The comparison: A pinned, or nothing (B is [`Ui::scenario`]).
    pub pair: RwSignal<Pair>,
    /// A's estimate (none when nothing is pinned, or A cannot be estimated).
    pub pinned: Memo<Option<Shared<Estimate>>>,
    /// A beside the shown B.
    pub compared: Memo<Option<Comparison>>,
    /// The opening example is still on the page ([`crate::engine::example`]): its choices are
    /// labelled, a preset change drops them, and the share link names the example.
    pub example: RwSignal<bool>,
    /// The fields still holding the example's choices (empty once the example is gone).
    example_choices: Memo<Vec<&'static str>>,
}

impl Ui {
    pub fn new(initial: Scenario, a: Option<Scenario>, example: bool) -> Ui {
        let texts: HashMap<&'static str, RwSignal<String>> = PARAMS
            .iter()
            .map(|p| {
                (
                    p.path,
                    RwSignal::new(state::text_of(&initial, p.path, p.kind)),
                )
            })
            .collect();
        let scenario = RwSignal::new(initial);
        let parse_errors = RwSignal::new(BTreeMap::<&'static str, String>::new());
        let outcome = Memo::new(move |_| {
            let pending = parse_errors.get();
            scenario.with(|s| state::outcome(s, &pending))
        });
        let errors = Memo::new(move |_| {
            outcome.with(|o| match o {
                Outcome::Err(errors) => errors.clone(),
                Outcome::Ok(_) => Vec::new(),
            })
        });
        let shown = Memo::new(
            move |prev: Option<&Option<Shared<Estimate>>>| match outcome.get() {
                Outcome::Ok(e) => Some(e),
                Outcome::Err(_) => prev.cloned().flatten(),
            },
        );
        // What the defaults depend on (the preset and fine-tuning method, not the reader's
        // numbers): a memo, so an edit of a number resolves nothing again.
        let without_values = Memo::new(move |_| scenario.with(state::without_values));
        let defaults = Memo::new(move |_| {
            without_values.with(|d| {
                resolve::resolve(d, Catalog::get())
                    .ok()
                    .map(|r| Shared(Arc::new(r)))
            })
        });
        let pair = RwSignal::new(Pair { a });
        let pinned = Memo::new(move |_| {
            pair.with(|p| {
                p.a.as_ref()
                    .and_then(|a| engine::estimate(a).ok())
                    .map(|e| Shared(Arc::new(e)))
            })
        });
        let compared = Memo::new(move |_| {
            pinned.with(|a| {
                shown.with(|b| {
                    a.as_ref()
                        .zip(b.as_ref())
                        .map(|(a, b)| compare::compare(&a.0.results, &b.0.results))
                })
            })
        });
        let example = RwSignal::new(example);
        let example_choices = Memo::new(move |_| {
            if example.get() {
                scenario.with(engine::example::choices)
            } else {
                Vec::new()
            }
        });
        let settled = RwSignal::new(shown.get_untracked());
        let pending = StoredValue::new(false);
        Effect::new(move |_| {
            shown.track();
            once_next_frame(pending, move || settled.set(shown.get_untracked()));
        });
        Ui {
            scenario,
            settled,
            texts: StoredValue::new(texts),
            parse_errors,
            outcome,
            errors,
            shown,
            defaults,
            dark: theme_signal(),
            lang: RwSignal::new(i18n::initial_lang()),
            theme: RwSignal::new(super::theme::initial_theme()),
            drawn: StoredValue::new(0),
            pair,
            pinned,
            compared,
            example,
            example_choices,
        }
    }

    /// The text signal of a field.
    pub fn text(&self, path: &'static str) -> RwSignal<String> {
        match self
            .texts
            .try_with_value(|m| m.get(path).copied())
            .flatten()
        {
            Some(s) => s,
            // Every path of PARAMS has one; an unknown path gets a detached signal.
            None => RwSignal::new(String::new()),
        }
    }

    /// A catalogue text that follows the reader's language. Every such text on the page goes
    /// through this one closure type, so the page carries one copy of the code that renders it.
    pub fn t(self, key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || tr(self.lang.get(), key)
    }

    /// A text from the shown estimate (reactive; empty before the first one). `show`, `say` and
    /// `raw` take plain functions, not closures, so every text of a kind is one closure type and
    /// the page carries one copy of the code that renders them.
    pub fn show(
        self,
        f: fn(&Estimate) -> String,
    ) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || {
            self.shown
                .with(|s| s.as_ref().map(|e| f(&e.0)).unwrap_or_default())
        }
    }

    /// A text from the shown estimate in the reader's language (reactive).
    pub fn say(
        self,
        f: fn(&Estimate, Lang) -> String,
    ) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || {
            let l = self.lang.get();
            self.shown
                .with(|s| s.as_ref().map(|e| f(&e.0, l)).unwrap_or_default())
        }
    }

    /// A raw number from the shown estimate, for `data-value` attributes (tests compare these
    /// without parsing formatted text).
    pub fn raw(
        self,
        f: fn(&Estimate) -> f64,
    ) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || {
            self.shown
                .with(|s| s.as_ref().map(|e| f(&e.0).to_string()).unwrap_or_default())
        }
    }

    /// A text of the comparison in the reader's language (reactive; empty while nothing is
    /// pinned). One closure type for every such text, as [`Ui::say`].
    pub fn cmp(
        self,
        f: fn(&Comparison, Lang) -> String,
    ) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || {
            let l = self.lang.get();
            self.compared
                .with(|c| c.as_ref().map(|c| f(c, l)).unwrap_or_default())
        }
    }

    /// A flag of the page's state (reactive), for `hidden` and `data-` attributes: one closure
    /// type for all of them.
    pub fn flag(self, f: fn(Ui) -> bool) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
        move || f(self)
    }

    /// The title of A (`a`) or of B, the form (reactive).
    pub fn title(self, a: bool) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || {
            let l = self.lang.get();
            if a {
                self.pair.with(|p| {
                    p.a.as_ref()
                        .map(|s| super::share::title_of(s, l))
                        .unwrap_or_default()
                })
            } else {
                self.scenario.with(|s| super::share::title_of(s, l))
            }
        }
    }

    /// Whether the page is drawn dark (reactive): the reader's choice, else the system's.
    pub fn is_dark(&self) -> bool {
        self.theme.get().is_dark(self.dark.get())
    }

    /// [`Ui::is_dark`] without subscribing.
    pub fn is_dark_untracked(&self) -> bool {
        self.theme
            .get_untracked()
            .is_dark(self.dark.get_untracked())
    }

    /// An error in the reader's language (reactive): typed text that is not a number, an engine
    /// range error rebuilt from the field's bounds, or the engine's words in a translated frame.
    pub fn message(&self, e: &FieldError) -> String {
        let lang = self.lang.get();
        let typed = self
            .parse_errors
            .with(|m| m.contains_key(e.path.as_str()))
            .then(|| PARAMS.iter().find(|p| p.path == e.path))
            .flatten();
        match typed {
            Some(p) => i18n::parse_error(lang, p.path, &self.text(p.path).get()),
            None => i18n::engine_error(lang, e),
        }
    }

    /// Whether the results are the last valid ones rather than the current form's.
    pub fn stale(&self) -> bool {
        self.errors.with(|e| !e.is_empty())
    }

    /// The messages about one field (reactive).
    pub fn error(&self, path: &str) -> Option<String> {
        self.errors.with(|errors| {
            let msgs: Vec<String> = errors
                .iter()
                .filter(|e| e.path == path)
                .map(|e| self.message(e))
                .collect();
            (!msgs.is_empty()).then(|| msgs.join(" "))
        })
    }

    /// Errors that belong to no field of the form (reactive).
    pub fn other_errors(&self) -> Vec<String> {
        self.errors.with(|errors| {
            errors
                .iter()
                .filter(|e| !PARAMS.iter().any(|p| p.path == e.path))
                .map(|e| self.message(e))
                .collect()
        })
    }

    /// The value a field takes when left empty, and where it comes from (reactive): the value in
    /// use when the reader has not set the field, else the default without the reader's values.
    pub fn default_of(&self, path: &str) -> Option<Assumption> {
        let in_use = self.settled.with(|s| {
            s.as_ref()
                .and_then(|e| e.0.resolved.assumption(path).cloned())
        });
        match in_use {
            Some(a) if a.origin != Origin::Scenario => Some(a),
            _ => self
                .defaults
                .with(|d| d.as_ref().and_then(|r| r.0.assumption(path).cloned()))
                .filter(|a| a.origin != Origin::Scenario),
        }
    }

    /// The reader typed `text` into a number field.
    pub fn type_number(&self, path: &'static str, text: String) {
        let parsed = super::input::parse_number(&text);
        self.text(path).set(text);
        match parsed {
            Ok(v) => {
                self.parse_errors.update(|m| {
                    m.remove(path);
                });
                self.scenario.update(|s| {
                    s.set_number(path, v);
                });
            }
            Err(_) => {
                // Kept in English for the record; shown through `message` in the reader's language.
                let msg = i18n::parse_error(Lang::En, path, &self.text(path).get_untracked());
                self.parse_errors.update(|e| {
                    e.insert(path, msg);
                });
            }
        }
    }

    /// The reader typed into a free-text field.
    pub fn type_text(&self, path: &'static str, text: String) {
        self.text(path).set(text.clone());
        let v = (!text.trim().is_empty()).then_some(text);
        self.scenario.update(|s| {
            s.set_text(path, v);
        });
    }

    /// The reader picked `id` (empty: the default) in a picker.
    pub fn choose(&self, path: &'static str, id: String) {
        let v = (!id.is_empty()).then(|| id.clone());
        self.text(path).set(id);
        if path != "model.preset" {
            self.scenario.update(|s| {
                s.set_text(path, v);
            });
            return;
        }
        let example = self.example.get_untracked();
        let change = self
            .scenario
            .with_untracked(|s| state::choose_preset(s, v, example));
        self.example.set(false);
        for p in &change.cleared {
            self.text(p).set(String::new());
        }
        self.parse_errors
            .update(|m| m.retain(|p, _| !change.cleared.contains(p)));
        self.scenario.set(change.scenario);
    }

    /// "Start from the defaults": the example's choices the reader left as they were go, the
    /// preset and the reader's own values stay.
    pub fn drop_example(&self) {
        let (s, cleared) = self
            .scenario
            .with_untracked(engine::example::without_choices);
        for p in &cleared {
            self.text(p).set(String::new());
        }
        self.example.set(false);
        self.scenario.set(s);
    }

    /// Whether `path` holds the opening example's choice (reactive; never the preset itself).
    pub fn is_example_choice(&self, path: &'static str) -> bool {
        path != "model.preset" && self.example_choices.with(|c| c.contains(&path))
    }

    pub fn set_include_embodied(&self, on: bool) {
        self.scenario.update(|s| s.embodied.include = Some(on));
    }

    /// Whether a scenario is pinned as A (reactive).
    pub fn comparing(&self) -> bool {
        self.pair.with(|p| p.a.is_some())
    }

    /// Pins the form as it is as A.
    pub fn pin(&self) {
        let b = self.scenario.get_untracked();
        self.pair.update(|p| p.pin(&b));
    }

    pub fn unpin(&self) {
        self.pair.update(Pair::unpin);
    }

    /// A and B change places: the form shows A, and B is pinned.
    pub fn swap(&self) {
        let b = self.scenario.get_untracked();
        let mut pair = self.pair.get_untracked();
        if let Some(new_b) = pair.swap(&b) {
            self.pair.set(pair);
            self.load(new_b);
        }
    }

    /// The form back to A.
    pub fn reset_to_a(&self) {
        if let Some(a) = self.pair.with_untracked(Pair::reset) {
            self.load(a);
        }
    }

    /// A lever clicked: `a` (the form as it is) pinned, the lever's `b` in the form.
    pub fn apply(&self, a: Scenario, b: Scenario) {
        let mut pair = self.pair.get_untracked();
        let b = pair.apply(a, b);
        self.pair.set(pair);
        self.load(b);
    }

    /// Replaces the whole scenario (an imported file): every field's text follows it.
    pub fn load(&self, s: Scenario) {
        for p in PARAMS {
            self.text(p.path).set(state::text_of(&s, p.path, p.kind));
        }
        self.parse_errors.set(BTreeMap::new());
        self.example.set(false);
        self.scenario.set(s);
    }
}

/// Runs `f` in the next animation frame, once however often it is asked before then (`pending`
/// remembers that the frame is booked). An edit's numbers are painted in its own frame; what
/// follows from them (the charts, [`Ui::settled`]) comes in the next, once for all the edits of
/// one frame.
pub fn once_next_frame(pending: StoredValue<bool>, f: impl FnOnce() + 'static) {
    if pending.get_value() {
        return;
    }
    pending.set_value(true);
    let job = Box::new(move || {
        pending.set_value(false);
        f();
    });
    let first = NEXT_FRAME.with_borrow_mut(|jobs| {
        jobs.push(job);
        jobs.len() == 1
    });
    if first {
        request_animation_frame(run_next_frame);
    }
}

thread_local! {
    /// What runs in the next animation frame, in the order asked: one frame callback for all of
    /// an edit's (the settled estimate, each chart, the address), not one each.
    static NEXT_FRAME: std::cell::RefCell<Vec<Box<dyn FnOnce()>>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn run_next_frame() {
    // Taken first: a job may book the frame after this one.
    for job in NEXT_FRAME.with_borrow_mut(std::mem::take) {
        job();
    }
}
