//! How the numbers are made: the formulas (as in `engine::model` and `engine::resolve`, with their
//! sources), the uncertainty spreads, how numbers are written, and a table of every value in use
//! with its origin. All words come from the message catalogues (`i18n`).

use super::i18n;
use super::ui::Ui;
use crate::engine::params;
use crate::engine::uncertainty::FACTORS;
use leptos::prelude::*;

#[component]
pub fn Methodology(ui: Ui) -> impl IntoView {
    let rows = move || {
        let l = ui.lang.get();
        ui.settled.with(|s| {
            let Some(e) = s else { return Vec::new() };
            e.0.resolved
                .assumptions
                .iter()
                .map(|a| {
                    let unit = params::unit_of(a.path);
                    let value = i18n::value_text(l, &a.value);
                    let value = if unit.is_empty() {
                        value
                    } else {
                        format!("{value} {}", i18n::unit(l, unit))
                    };
                    let (kind, source) = i18n::origin_text(l, &a.origin);
                    (i18n::long_label(l, a.path), a.path, value, kind, source)
                })
                .collect::<Vec<_>>()
        })
    };
    let version = move || {
        ui.settled.with(|s| {
            s.as_ref()
                .map(|e| e.0.results.data_version.clone())
                .unwrap_or_default()
        })
    };
    let t = move |key: &'static str| ui.t(key);

    view! {
        <section class="methodology" aria-labelledby="method-title">
            <div class="wrap">
                <h2 id="method-title">{t("m.title")}</h2>
                <p class="lede">{t("m.lede")}</p>
                <div class="formulas">
                    <article>
                        <h3>{t("m.attention")}</h3>
                        <p class="formula">"Attention(Q, K, V) = softmax(QKᵀ / √d"<sub>"k"</sub>") · V"</p>
                        <p>{t("m.attention_p")}</p>
                    </article>
                    <article>
                        <h3>{t("m.flops")}</h3>
                        <p class="formula">"C"<sub>"fwd"</sub>"(n) = 2·N"<sub>"active"</sub>" + 2·L·d·(n + 1)"</p>
                        <p>{t("m.flops_p")}</p>
                        <p>{t("m.params_p")}</p>
                    </article>
                    <article>
                        <h3>{t("m.training")}</h3>
                        <p class="formula">{t("m.f_flops")}</p>
                        <p class="formula">{t("m.f_time")}</p>
                        <p>{t("m.training_p")}</p>
                    </article>
                    <article>
                        <h3>{t("m.serving")}</h3>
                        <p class="formula">{t("m.f_prefill")}</p>
                        <p class="formula">{t("m.f_decode")}</p>
                        <p>{t("m.serving_p")}</p>
                    </article>
                    <article>
                        <h3>{t("m.power")}</h3>
                        <p class="formula">{t("m.f_power")}</p>
                        <p>{t("m.power_p")}</p>
                    </article>
                    <article>
                        <h3>{t("m.energy")}</h3>
                        <p class="formula">{t("m.f_energy")}</p>
                        <p class="formula">{t("m.f_carbon")}</p>
                        <p>{t("m.energy_p")}</p>
                        <p>{t("m.grid_p")}</p>
                        <p>{t("m.embodied_p")}</p>
                    </article>
                    <article>
                        <h3>{t("m.uncertainty")}</h3>
                        <p>{t("m.uncertainty_p")}</p>
                        <ul class="factors">
                            {move || {
                                let l = ui.lang.get();
                                FACTORS
                                    .iter()
                                    .map(|f| view! { <li><strong>{i18n::factor_label(l, f.factor)}{i18n::colon(l)}</strong>{i18n::factor_why(l, f.factor)}</li> })
                                    .collect_view()
                            }}
                        </ul>
                    </article>
                    <article>
                        <h3>{t("m.numbers")}</h3>
                        <p>{t("m.numbers_p")}</p>
                    </article>
                </div>

                <h3 id="assumptions-title">{t("m.assumptions")}</h3>
                <div class="table-scroll" role="region" aria-labelledby="assumptions-title" tabindex="0">
                    <table class="assumptions">
                        <thead>
                            <tr>
                                <th scope="col">{t("m.input")}</th>
                                <th scope="col">{t("m.value")}</th>
                                <th scope="col">{t("m.origin")}</th>
                                <th scope="col">{t("m.source")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || {
                                rows()
                                    .into_iter()
                                    .map(|(label, path, value, kind, source)| {
                                        view! {
                                            <tr>
                                                <th scope="row">{label}<br /><code>{path}</code></th>
                                                <td class="num">{value}</td>
                                                <td>{kind}</td>
                                                <td class="source" lang="en">{source}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
                <p class="small">{t("m.data_version")} <span data-testid="data-version">{version}</span></p>
            </div>
        </section>
    }
}
