//! The page's state and layout. One scenario signal is the truth; the estimate, the last valid
//! estimate, the errors and the defaults are memos derived from it. The raw text of each field is
//! kept beside it, so that "7e10" stays "7e10" while it is typed and a bad value stays visible.

use super::chart_view::theme_signal;
use super::form::Form;
use super::i18n::{self, tr, Lang};
use super::methodology::Methodology;
use super::results::Results;
use super::theme::ThemePref;
use crate::data::Catalog;
use crate::engine::params::{Kind, PARAMS};
use crate::engine::resolve::{self, Assumption, Origin, Resolved};
use crate::engine::{self, Estimate, FieldError, Scenario};
use leptos::either::Either;
use leptos::prelude::*;
use std::collections::{BTreeMap, HashMap};
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
#[derive(Clone, PartialEq)]
pub enum Outcome {
    Ok(Shared<Estimate>),
    Err(Vec<FieldError>),
}

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
}

fn text_of(s: &Scenario, path: &str, kind: Kind) -> String {
    match kind {
        Kind::Number | Kind::Count => s
            .number(path)
            .map(super::input::fmt_input)
            .unwrap_or_default(),
        Kind::Choice(_) | Kind::Text => s.text(path).unwrap_or_default().to_string(),
        Kind::Bool => String::new(),
    }
}

impl Ui {
    fn new(initial: Scenario) -> Ui {
        let texts: HashMap<&'static str, RwSignal<String>> = PARAMS
            .iter()
            .map(|p| (p.path, RwSignal::new(text_of(&initial, p.path, p.kind))))
            .collect();
        let scenario = RwSignal::new(initial);
        let parse_errors = RwSignal::new(BTreeMap::<&'static str, String>::new());
        let outcome = Memo::new(move |_| {
            let pending = parse_errors.get();
            scenario.with(|s| {
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
            })
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
        let without_values = Memo::new(move |_| {
            scenario.with(|s| {
                let mut d = s.clone();
                for p in PARAMS {
                    match p.kind {
                        Kind::Number | Kind::Count => {
                            d.set_number(p.path, None);
                        }
                        Kind::Choice(_)
                            if p.path != "model.preset" && p.path != "fine_tuning.method" =>
                        {
                            d.set_text(p.path, None);
                        }
                        _ => {}
                    }
                }
                d
            })
        });
        let defaults = Memo::new(move |_| {
            without_values.with(|d| {
                resolve::resolve(d, Catalog::get())
                    .ok()
                    .map(|r| Shared(Arc::new(r)))
            })
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
        // A new model: its architecture and training run come from the preset, so the reader's
        // model and pre-training values are cleared rather than silently mixed with it.
        let cleared: Vec<&'static str> = PARAMS
            .iter()
            .map(|p| p.path)
            .filter(|p| {
                (p.starts_with("model.") && *p != "model.preset") || p.starts_with("training.")
            })
            .collect();
        let mut s = self.scenario.get_untracked();
        s.set_text(path, v);
        for p in &cleared {
            s.set_number(p, None);
            s.set_text(p, None);
        }
        // A larger model may not fit the serving replica the reader chose: let it be derived.
        let mut also = None;
        if let Err(errors) = resolve::resolve(&s, Catalog::get()) {
            if errors.iter().any(|e| e.path == "inference.accelerators") {
                s.inference.accelerators = None;
                also = Some("inference.accelerators");
            }
        }
        for p in cleared.iter().copied().chain(also) {
            self.text(p).set(String::new());
        }
        self.parse_errors
            .update(|m| m.retain(|p, _| !cleared.contains(p) && Some(*p) != also));
        self.scenario.set(s);
    }

    pub fn set_include_embodied(&self, on: bool) {
        self.scenario.update(|s| s.embodied.include = Some(on));
    }

    /// Replaces the whole scenario (an imported file): every field's text follows it.
    pub fn load(&self, s: Scenario) {
        for p in PARAMS {
            self.text(p.path).set(text_of(&s, p.path, p.kind));
        }
        self.parse_errors.set(BTreeMap::new());
        self.scenario.set(s);
    }
}

#[component]
pub fn App() -> impl IntoView {
    // The address's query, if any, gives the scenario and the page settings (src/web/share.rs).
    let start = super::share::start();
    let ui = Ui::new(start.scenario);
    provide_context(ui.lang);
    follow_settings(ui);
    let page = RwSignal::new(start.page);
    // The theme and language the reader picks travel in the share link (src/web/share.rs); the
    // language only once it was in the link or the reader changed it.
    let first_lang = ui.lang.get_untracked();
    Effect::new(move |_| {
        let theme = ui.theme.get().code();
        let lang = ui.lang.get();
        let stale = page.with_untracked(|p| {
            let lang_code =
                (p.lang.is_some() || lang != first_lang).then(|| lang.code().to_string());
            (p.theme != theme || (lang_code.is_some() && p.lang != lang_code)).then_some(lang_code)
        });
        if let Some(lang_code) = stale {
            page.update(|p| {
                p.theme = theme;
                if lang_code.is_some() {
                    p.lang = lang_code;
                }
            });
        }
    });
    let link = super::share::Link::follow(ui, page);
    if page.with_untracked(|p| p.embed) {
        // Either, not `into_any`: the page is built once and never needs a (compiled) rebuild.
        return Either::Left(
            view! { <super::embed::EmbedCard ui=ui link=link notices=start.notices /> },
        );
    }
    super::share::sync_address(link);
    let link_notices = start.notices;
    Either::Right(view! {
        <a class="skip" href="#results">{ui.t("page.skip")}</a>
        <header class="page-header">
            <div class="wrap">
                <div class="header-top">
                    <p class="eyebrow" lang="en">"llm-footprint"</p>
                    <Settings ui=ui />
                </div>
                <h1>{ui.t("page.title")}</h1>
                <p class="lede">{ui.t("page.lede")}</p>
                <super::share::LinkNotices notices=link_notices />
            </div>
        </header>
        <main class="wrap layout">
            <div class="form-col">
                // Phones see the form before the results: a bar keeps the total in sight.
                <div class="mini-summary">
                    <span class="mini-total">
                        {ui.show(|e| super::input::fmt_mass_kg(e.results.total.co2e_kg))}
                        " CO₂e · "
                        {ui.show(|e| super::input::fmt_energy_kwh(e.results.total.energy_kwh))}
                    </span>
                    <span class="mini-stale" hidden=move || !ui.stale()>{ui.t("page.mini_stale")}</span>
                    <a href="#results">{ui.t("page.mini_results")}</a>
                </div>
                <Form ui=ui />
            </div>
            <div class="results-col">
                <Results ui=ui />
                <super::share::SharePanel ui=ui link=link />
                <super::export::ExportPanel ui=ui link=link />
            </div>
        </main>
        <Methodology ui=ui />
        <footer class="page-footer">
            <div class="wrap">
                <p>
                    {ui.t("page.data")}
                    {move || ui.settled.with(|s| s.as_ref().map(|e| e.0.results.data_version.clone()).unwrap_or_default())}
                </p>
            </div>
        </footer>
    })
}

/// Runs `f` in the next animation frame, once however often it is asked before then (`pending`
/// remembers that the frame is booked). An edit's numbers are painted in its own frame; what
/// follows from them (the charts, [`Ui::settled`]) comes in the next, once for all the edits of
/// one frame.
pub fn once_next_frame(pending: StoredValue<bool>, f: impl FnOnce() + 'static) {
    if !pending.get_value() {
        pending.set_value(true);
        request_animation_frame(move || {
            pending.set_value(false);
            f();
        });
    }
}

/// Keeps the document in step with the reader's settings: `<html lang>`, the title, and
/// `<html data-theme>` (absent for auto, so the CSS follows `prefers-color-scheme`).
fn follow_settings(ui: Ui) {
    Effect::new(move |_| {
        let lang = ui.lang.get();
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", lang.html_lang());
        }
        doc.set_title(tr(lang, "doc.title"));
    });
    Effect::new(move |_| {
        let theme = ui.theme.get();
        let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        let _ = match theme.code() {
            Some(code) => html.set_attribute("data-theme", code),
            None => html.remove_attribute("data-theme"),
        };
    });
}

/// The language switch (EN / 中文, buttons with `aria-pressed`) and the theme picker.
#[component]
fn Settings(ui: Ui) -> impl IntoView {
    let lang_button = move |l: Lang, text: &'static str, html_lang: &'static str| {
        view! {
            <button
                type="button"
                class="lang-button"
                lang=html_lang
                data-testid=format!("lang-{}", l.code())
                aria-pressed=move || if ui.lang.get() == l { "true" } else { "false" }
                on:click=move |_| ui.lang.set(l)
            >
                {text}
            </button>
        }
    };
    let themes = [
        (ThemePref::Auto, "auto", "theme.auto"),
        (ThemePref::Light, "light", "theme.light"),
        (ThemePref::Dark, "dark", "theme.dark"),
    ];
    view! {
        <div class="settings" role="group" aria-label=ui.t("page.settings")>
            <div class="lang-switch" role="group" aria-label=ui.t("page.language")>
                {lang_button(Lang::En, "EN", "en")}
                {lang_button(Lang::Zh, "中文", "zh-CN")}
            </div>
            <label class="theme-switch">
                <span>{ui.t("page.theme")}</span>
                <select
                    data-testid="theme"
                    on:change=move |ev| {
                        let v = super::form::target_value(&ev).unwrap_or_default();
                        ui.theme.set(super::theme::theme_from_param(&v).unwrap_or_default());
                    }
                >
                    {themes
                        .into_iter()
                        .map(|(t, value, key)| {
                            view! {
                                <option value=value prop:selected=move || ui.theme.get() == t>
                                    {ui.t(key)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}
