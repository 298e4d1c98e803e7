//! The page's layout: the header, the form, the results column and the methodology, wired to
//! one [`Ui`] (the state, `ui.rs`); and the document settings (language, theme) it follows.

use super::form::Form;
use super::i18n::{tr, Lang};
use super::methodology::Methodology;
use super::results::Results;
use super::theme::ThemePref;
use super::ui::Ui;
use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn App() -> impl IntoView {
    // The address's query, if any, gives the scenario and the page settings (src/web/share.rs).
    let start = super::share::start();
    let ui = Ui::new(start.scenario, start.compare, start.example);
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
        <a class="skip" href="#results-nav">{ui.t("page.skip")}</a>
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
                <ResultsMenu ui=ui />
                <super::compare::Compare ui=ui />
                <Results ui=ui />
                <super::compare::Levers ui=ui />
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

#[component]
fn ResultsMenu(ui: Ui) -> impl IntoView {
    // An entry moves the focus to its part (which scrolls it into view, inside the results
    // column on wide screens), so the next Tab continues from there.
    let go = |id: &'static str| {
        move |ev: web_sys::MouseEvent| {
            let target = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(id))
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = target {
                ev.prevent_default();
                let _ = el.focus();
            }
        }
    };
    // Nothing served: no per-query figures to go to. A memo, so an edit that changes only the
    // numbers does not touch the menu.
    let unserved = Memo::new(move |_| {
        ui.shown.with(|e| {
            e.as_ref().is_some_and(|e| {
                let i = &e.0.resolved.inputs.inference;
                i.queries_per_day == 0.0 || i.days == 0.0
            })
        })
    });
    view! {
        <nav class="results-menu" id="results-nav" tabindex="-1" aria-label=ui.t("menu.aria") data-testid="results-menu">
            {super::RESULTS_MENU
                .into_iter()
                .map(|(id, key)| {
                    let hidden = move || id == "res-per-query" && unserved.get();
                    view! { <a href=format!("#{id}") data-testid=format!("menu-{id}") hidden=hidden on:click=go(id)>{ui.t(key)}</a> }
                })
                .collect_view()}
        </nav>
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
