//! The calculator page: a Leptos (client-side) app that edits one [`Scenario`] signal, derives the
//! estimate from it with memos, and touches the outside world only in effects (the canvases, the
//! theme, the `data-ready` flag).
//!
//! - [`input`], [`labels`], [`figures`], [`i18n`], [`theme`]: pure helpers (parsing what the
//!   reader types, the form's layout, chart inputs from an estimate, the page's words in English
//!   and Chinese, the theme choice); compiled and tested natively too.
//! - [`state`]: the page's model without the page (what an edit, a preset change or a button of
//!   the comparison does; the engine's answer to a form that may hold text that is not a
//!   number); native and tested. `ui` holds it in signals (wasm32).
//! - `app` (layout), `form`, `results`, `compare`, `chart_view`, `methodology`: the components,
//!   wasm32 only; each receives the `ui::Ui` handle it needs. [`share`] (the address, links, the embed snippet; its pure half native too),
//!   `embed` (the `embed=1` card and the embed dialog), `export` (downloads and import).
//!
//! Architecture invariant: nothing here computes a footprint; the engine does. Nothing read from
//! the DOM or typed by the reader is unwrapped: a panic in wasm kills the page.
//!
//! [`Scenario`]: crate::engine::Scenario

pub mod figures;
pub mod i18n;
pub mod input;
pub mod labels;
pub mod lever_text;
pub mod prerender;
pub mod share;
pub mod state;
pub mod theme;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod backend;
#[cfg(target_arch = "wasm32")]
mod chart_view;
#[cfg(target_arch = "wasm32")]
mod compare;
#[cfg(target_arch = "wasm32")]
mod embed;
#[cfg(target_arch = "wasm32")]
mod export;
#[cfg(target_arch = "wasm32")]
mod form;
#[cfg(target_arch = "wasm32")]
mod methodology;
#[cfg(target_arch = "wasm32")]
mod results;
#[cfg(target_arch = "wasm32")]
mod ui;

use crate::engine::Scenario;

/// The results' menu: the id of each part and its label's key. First in the results column
/// (src/web/app.rs) and copied into the prerendered frame (`prerender`), so Share and
/// Export are a few Tab presses away.
pub const RESULTS_MENU: [(&str, &str); 6] = [
    ("res-per-query", "menu.per_query"),
    ("res-charts", "menu.charts"),
    ("share", "menu.share"),
    ("embed", "menu.embed"),
    ("export", "menu.export"),
    // Phones show the results first: this leads back to the form.
    ("sec-model", "menu.form"),
];

/// The scenario the page opens on: Llama 2 70B, LoRA fine-tuning, and the deployment of the
/// scenario-v1 example (docs/scenario.md).
pub fn opening_scenario() -> Scenario {
    crate::engine::example::opening()
}

/// Starts the page. The calculator is a part of the wasm loaded after this first one
/// (`#[wasm_split]`, cut by tools/split.mjs), so a link's own numbers show as soon as the engine
/// is here, while the rest of the page is still on its way.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    console_error_panic_hook::set_once();
    show_link_result();
    wasm_bindgen_futures::spawn_local(async {
        if mount_app().await.is_err() {
            say_app_did_not_load();
        }
    });
}

/// A link with a scenario of its own finds the default's numbers hidden in the prerendered frame
/// (index.html's inline script marks it `pr-link`): this writes the link's numbers in their place.
/// A link whose scenario does not resolve keeps them hidden; the calculator says why.
#[cfg(target_arch = "wasm32")]
fn show_link_result() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = doc.document_element() else {
        return;
    };
    let marks = root.class_list();
    if !marks.contains("pr-link") || marks.contains("pr-embed") {
        return;
    }
    let Ok(e) = crate::engine::estimate(&share::start().scenario) else {
        return;
    };
    if let Some(frame) = doc.get_element_by_id("prerender") {
        frame.set_outer_html(&prerender::html(&e));
        let _ = marks.remove_1("pr-link");
    }
}

/// The calculator's part did not arrive (offline before a first full visit, or a failed
/// download): the frame says so at its top, in the reader's language, instead of waiting forever.
#[cfg(target_arch = "wasm32")]
fn say_app_did_not_load() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(note) = doc.create_element("p") else {
        return;
    };
    note.set_class_name("link-notices load-failed");
    let _ = note.set_attribute("role", "alert");
    note.set_text_content(Some(i18n::tr_frame(
        i18n::initial_lang(),
        "page.load_failed",
    )));
    if let Some(body) = doc.body() {
        let _ = body.prepend_with_node_1(&note);
    }
}

/// Mounts the calculator on the page's `<body>`.
#[cfg(target_arch = "wasm32")]
#[leptos::wasm_split::wasm_split(app, wasm_split_path = ::leptos::wasm_split, fallible)]
fn mount_app() -> Result<(), leptos::wasm_split::SplitLoaderError> {
    leptos::mount::mount_to_body(app::App);
    // The frame and default results that `make dist` wrote into the HTML (tools/site.mjs) give
    // way to the live page in the same task, so no frame shows both.
    if let Some(prerendered) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("prerender"))
    {
        prerendered.remove();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_opens_on_a_valid_scenario_with_a_published_figure() {
        let e = crate::engine::estimate(&opening_scenario()).unwrap();
        assert!(e.results.total.co2e_kg > 0.0);
        assert!(
            e.results.fine_tuning.co2e_kg > 0.0,
            "LoRA fine-tuning is part of the opening scenario"
        );
        assert!(
            e.reported.is_some(),
            "Llama 2 70B has a published footprint to show beside ours"
        );
    }
}
