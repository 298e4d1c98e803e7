//! The page's frame and one estimate's results as HTML, without the page: what a first visit
//! paints before the calculator's code runs. `make dist` writes the opening scenario's into
//! index.html (examples/site_assets.rs, tools/site.mjs); for a link with a scenario of its own,
//! the first part of the wasm writes the link's in its place (`web::start`), before the
//! calculator (a part loaded after it) takes over.
//!
//! The markup is that of `src/web/app.rs` and `src/web/results.rs` (same elements and classes, so
//! the same CSS lays it out the same); the page removes it when it mounts. The browser tests check
//! its numbers are the live page's and that nothing moves when the page takes over.

use crate::engine::Estimate;
use crate::web::figures;
use crate::web::i18n::{fmt_water_l, tr_frame as tr, Lang};
use crate::web::input::{fmt_energy_kwh, fmt_mass_kg};
use crate::web::share::html_escape as esc;
use std::fmt::Write as _;

/// Both languages' frames in the `<div id="prerender">` that index.html holds (the inline script
/// in index.html shows one of them).
pub fn html(e: &Estimate) -> String {
    format!(
        "<div id=\"prerender\">{}{}</div>",
        page(e, Lang::En),
        page(e, Lang::Zh)
    )
}

/// A number of the opening scenario: hidden (its space kept) when the address holds a scenario
/// of its own, so a link never shows the default's numbers as if they were its own.
fn num(s: &str) -> String {
    format!("<span data-pr-num>{}</span>", esc(s))
}

/// src/web/app.rs's `ResultsMenu`, as it renders.
fn results_menu(l: Lang) -> String {
    let mut h = format!(
        r#"<nav class="results-menu" id="results-nav" tabindex="-1" aria-label="{}">"#,
        esc(tr(l, "menu.aria"))
    );
    for (id, key) in super::RESULTS_MENU {
        let _ = write!(h, r##"<a href="#{id}">{}</a>"##, esc(tr(l, key)));
    }
    h + "</nav>"
}

/// The frame and results of `src/web/app.rs` (`App`, `Settings`), the pin button of
/// `src/web/compare.rs` and `src/web/results.rs` (`Results` down to the phase table), for one
/// language.
pub fn page(e: &Estimate, l: Lang) -> String {
    let t = |k: &str| esc(tr(l, k));
    let r = &e.results;
    let html_lang = l.html_lang();
    let pressed = |b: Lang| if b == l { "true" } else { "false" };
    let mut h = String::new();
    let _ = write!(
        h,
        r##"<div data-pr-lang="{code}" lang="{html_lang}">"##,
        code = l.code()
    );
    let _ = write!(
        h,
        r##"<a class="skip" href="#results-nav">{}</a>"##,
        t("page.skip")
    );
    let _ = write!(
        h,
        concat!(
            r#"<header class="page-header"><div class="wrap"><div class="header-top">"#,
            r#"<p class="eyebrow" lang="en">llm-footprint</p>"#,
            r#"<div class="settings" role="group" aria-label="{settings}">"#,
            r#"<div class="lang-switch" role="group" aria-label="{language}">"#,
            r#"<button type="button" class="lang-button" lang="en" aria-pressed="{en}">EN</button>"#,
            r#"<button type="button" class="lang-button" lang="zh-CN" aria-pressed="{zh}">中文</button>"#,
            r#"</div><label class="theme-switch"><span>{theme}</span><select>"#,
            r#"<option value="auto" selected>{auto}</option><option value="light">{light}</option>"#,
            r#"<option value="dark">{dark}</option></select></label></div></div>"#,
            r#"<h1>{title}</h1><p class="lede">{lede}</p></div></header>"#,
        ),
        settings = t("page.settings"),
        language = t("page.language"),
        en = pressed(Lang::En),
        zh = pressed(Lang::Zh),
        theme = t("page.theme"),
        auto = t("theme.auto"),
        light = t("theme.light"),
        dark = t("theme.dark"),
        title = t("page.title"),
        lede = t("page.lede"),
    );
    let mass = |kg: f64| num(&fmt_mass_kg(kg));
    let energy = |kwh: f64| num(&fmt_energy_kwh(kwh));
    let water = |litres: f64| num(&fmt_water_l(l, litres));
    let _ = write!(
        h,
        concat!(
            r#"<main class="wrap layout"><div class="form-col"><div class="mini-summary">"#,
            r#"<span class="mini-total">{total} CO₂e · {energy}</span>"#,
            r##"<span class="mini-stale" hidden>{stale}</span><a href="#results">{to_results}</a>"##,
            r#"</div></div><div class="results-col">{menu}"#,
            // src/web/compare.rs: the pin button above the results (the comparison is hidden
            // until a scenario is pinned).
            r#"<div class="compare-bar"><button type="button" class="button">{pin}</button>"#,
            r#"<span class="small">{pin_help}</span></div>"#,
        ),
        menu = results_menu(l),
        total = mass(r.total.co2e_kg),
        energy = energy(r.total.energy_kwh),
        stale = t("page.mini_stale"),
        to_results = t("page.mini_results"),
        pin = t("cmp.pin"),
        pin_help = t("cmp.pin_help"),
    );
    let preset = e
        .resolved
        .preset
        .map(|p| format!("{} ({}, {})", p.name, p.org, p.year))
        .unwrap_or_else(|| tr(l, "res.custom").into());
    // As results::co2e_range writes it (wasm only, so not callable here).
    let range = &r.ranges.total_co2e_kg;
    let _ = write!(
        h,
        concat!(
            r#"<section class="results" id="results" tabindex="-1" aria-labelledby="results-title">"#,
            r#"<h2 id="results-title">{title}</h2><p class="scenario-name">{preset}</p>"#,
            r#"<div class="kpis"><div class="kpi kpi-main"><p class="kpi-label">{carbon}</p>"#,
            r#"<p class="kpi-value">{co2e}</p><p class="kpi-sub">{range_label}{range}</p></div>"#,
            r#"<div class="kpi"><p class="kpi-label">{energy_label}</p><p class="kpi-value">{energy}</p>"#,
            r#"<p class="kpi-sub">{energy_sub}</p></div>"#,
            r#"<div class="kpi"><p class="kpi-label">{water_label}</p><p class="kpi-value">{water}</p>"#,
            r#"<p class="kpi-sub">{water_sub}</p></div></div>"#,
        ),
        title = t("res.title"),
        preset = num(&preset),
        carbon = t("res.carbon"),
        co2e = mass(r.total.co2e_kg),
        range_label = t("res.range"),
        range = num(&format!(
            "{} – {}",
            fmt_mass_kg(range.p5),
            fmt_mass_kg(range.p95)
        )),
        energy_label = t("res.energy"),
        energy = energy(r.total.energy_kwh),
        energy_sub = t("res.energy_sub"),
        water_label = t("res.water"),
        water = water(r.total.water_l),
        water_sub = t("res.water_sub"),
    );
    let _ = write!(
        h,
        concat!(
            r#"<table class="phase-table" aria-label="{label}"><thead><tr><th scope="col">{phase}</th>"#,
            r#"<th scope="col">{energy}</th><th scope="col">CO₂e</th><th scope="col">{water}</th></tr>"#,
            r#"</thead><tbody>"#,
        ),
        label = t("res.phase_table"),
        phase = t("res.phase"),
        energy = t("res.energy"),
        water = t("res.water"),
    );
    let mut rows = vec![
        (
            "phase.training",
            Some(r.training.energy_kwh),
            r.training.co2e_kg,
            Some(r.training.water_l),
        ),
        (
            "phase.fine_tuning",
            Some(r.fine_tuning.energy_kwh),
            r.fine_tuning.co2e_kg,
            Some(r.fine_tuning.water_l),
        ),
    ];
    rows.extend(figures::rl_rows(&r.fine_tuning));
    rows.extend([
        (
            "phase.inference",
            Some(r.inference.energy_kwh),
            r.inference.co2e_kg,
            Some(r.inference.water_l),
        ),
        ("phase.embodied", None, r.total.embodied_co2e_kg, None),
        (
            "phase.total",
            Some(r.total.energy_kwh),
            r.total.co2e_kg,
            Some(r.total.water_l),
        ),
    ]);
    for (key, kwh, kg, litres) in rows {
        let class = match key {
            "phase.total" => r#" class="total""#,
            "phase.rollout" | "phase.update" => r#" class="sub""#,
            _ => "",
        };
        let _ = write!(
            h,
            r#"<tr{class}><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            t(key),
            kwh.map(energy).unwrap_or_else(|| "—".into()),
            mass(kg),
            litres.map(water).unwrap_or_else(|| "—".into()),
        );
    }
    h.push_str("</tbody></table></section></div></main></div>");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_has_every_word_and_the_estimates_numbers() {
        let e = crate::engine::estimate(&crate::web::opening_scenario()).unwrap();
        let h = html(&e);
        // `tr_frame` writes "?" for a word missing from the frame's table (i18n `FRAME`).
        assert!(
            !h.contains(">?<") && !h.contains("\"?\""),
            "a word is missing: {h}"
        );
        assert!(h.contains(&fmt_mass_kg(e.results.total.co2e_kg)));
        assert!(h.contains("lang=\"zh-CN\"") && h.contains("data-pr-lang=\"en\""));
    }
}
