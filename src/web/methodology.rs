//! How the numbers are made: the formulas (as in `engine::model` and `engine::resolve`, with their
//! sources), the uncertainty spreads, and a table of every value in use with its origin.

use super::app::Ui;
use super::labels;
use crate::engine::params;
use crate::engine::uncertainty::FACTORS;
use leptos::prelude::*;

#[component]
pub fn Methodology(ui: Ui) -> impl IntoView {
    let rows = move || {
        ui.shown.with(|s| {
            let Some(e) = s else { return Vec::new() };
            e.0.resolved
                .assumptions
                .iter()
                .map(|a| {
                    let unit = params::param(a.path).map(|p| p.unit).unwrap_or(
                        if a.path.ends_with("embodied_kg_per_device") {
                            "kgCO2e"
                        } else {
                            ""
                        },
                    );
                    let value = labels::value_text(&a.value);
                    let value = if unit.is_empty() {
                        value
                    } else {
                        format!("{value} {unit}")
                    };
                    let (kind, source) = labels::origin_text(&a.origin);
                    (labels::long_label(a.path), a.path, value, kind, source)
                })
                .collect::<Vec<_>>()
        })
    };
    let version = move || {
        ui.shown.with(|s| {
            s.as_ref()
                .map(|e| e.0.results.data_version.clone())
                .unwrap_or_default()
        })
    };

    view! {
        <section class="methodology" aria-labelledby="method-title">
            <div class="wrap">
                <h2 id="method-title">"Methodology"</h2>
                <p class="lede">
                    "A physical model, not a fit: FLOPs from the architecture, time from the hardware's peak rate and achieved utilisation, "
                    "energy from power and time, carbon from the grid. Each formula names its source."
                </p>
                <div class="formulas">
                    <article>
                        <h3>"Attention"</h3>
                        <p class="formula">"Attention(Q, K, V) = softmax(QKᵀ / √d"<sub>"k"</sub>") · V"</p>
                        <p>"Every token compares itself with every earlier token: the scores QKᵀ and the weighted sum over V cost 2·d FLOPs per key each, per layer. Over a sequence of n tokens that is O(n²·d) per layer (Vaswani et al. 2017)."</p>
                    </article>
                    <article>
                        <h3>"FLOPs per token"</h3>
                        <p class="formula">"C"<sub>"fwd"</sub>"(n) = 2·N"<sub>"active"</sub>" + 2·L·d·(n + 1)"</p>
                        <p>"A multiply-add per active parameter, plus causal attention: token i sees i keys, on average (n + 1)/2 over a sequence, at 4·d FLOPs each per layer. Matches Kaplan et al. 2020, Table 1 (2·n"<sub>"layer"</sub>"·n"<sub>"ctx"</sub>"·d"<sub>"attn"</sub>"); masked blocks are skipped as FlashAttention does."</p>
                        <p>"Parameters from the architecture when not given: N = L·(2d² + 2d²·kv_heads/heads + 8d²) + vocab·d (Kaplan et al. 2020 §2.1, with grouped-query K/V)."</p>
                    </article>
                    <article>
                        <h3>"Training and fine-tuning"</h3>
                        <p class="formula">"FLOPs = 3 × C"<sub>"fwd"</sub>" × tokens"</p>
                        <p class="formula">"time = FLOPs / (devices × peak × MFU)"</p>
                        <p>"Backward costs twice the forward pass (activations and weights), hence 3×; LoRA skips the frozen weights' gradients, 2×. Fine-tuning tokens are counted per epoch × epochs. Measured device-hours, when given, replace the FLOPs / MFU estimate. Energy = average device power (with its host share) × device-hours × PUE."</p>
                    </article>
                    <article>
                        <h3>"Serving: the roofline"</h3>
                        <p class="formula">"prefill = [2N·p + 2·L·d·p(p + 1)] / (peak × efficiency)"</p>
                        <p class="formula">"decode step = max(bytes / bandwidth, FLOPs / peak)"</p>
                        <p>"The prompt (p tokens) is processed at once and is compute-bound. Each decode step reads the weights once for the whole batch plus every sequence's KV cache (2·L·kv_heads·(d/heads) values per token) and computes 2·N"<sub>"active"</sub>" + 4·L·d·context per sequence; it takes the longer of the memory time and the compute time (Williams, Waterman & Patterson 2009, the roofline model). The batch is capped by the memory left for KV caches."</p>
                    </article>
                    <article>
                        <h3>"Power"</h3>
                        <p class="formula">"P = P"<sub>"idle"</sub>" + (TDP − P"<sub>"idle"</sub>") × utilisation"</p>
                        <p>"A device's draw rises linearly with its utilisation between idle and TDP (Fan, Weber & Barroso 2007, §4.1). Host CPUs and memory add a share of the accelerator energy; the fleet has enough replicas for the traffic at the target utilisation, and idle replicas still draw idle power."</p>
                    </article>
                    <article>
                        <h3>"Energy, carbon, water"</h3>
                        <p class="formula">"E = E"<sub>"train"</sub>" + E"<sub>"finetune"</sub>" + E"<sub>"inference"</sub></p>
                        <p class="formula">"CO₂e = E"<sub>"IT"</sub>" × PUE × grid intensity + embodied"</p>
                        <p>"Energy is facility energy (IT energy × PUE). Embodied carbon is each device's manufacturing footprint spread over its service life and charged for the hours used. Water is IT energy × on-site WUE. Break-even is the day serving (embodied share included) has emitted as much as training and fine-tuning."</p>
                    </article>
                    <article>
                        <h3>"Uncertainty"</h3>
                        <p>"2,000 Monte Carlo runs with a fixed seed. Each uncertain input is scaled by a log-normal factor whose 90% interval is [1/r, r]; the spreads are the calculator's stated judgement, set from the spread of published figures:"</p>
                        <ul class="factors">
                            {FACTORS
                                .iter()
                                .map(|f| view! { <li><strong>{labels::factor_label(f.factor)}": "</strong>{f.why}</li> })
                                .collect_view()}
                        </ul>
                    </article>
                </div>

                <h3 id="assumptions-title">"Every value in use, and where it comes from"</h3>
                <div class="table-scroll" role="region" aria-labelledby="assumptions-title" tabindex="0">
                    <table class="assumptions">
                        <thead>
                            <tr>
                                <th scope="col">"Input"</th>
                                <th scope="col">"Value"</th>
                                <th scope="col">"Origin"</th>
                                <th scope="col">"Source or reason"</th>
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
                                                <td class="source">{source}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tbody>
                    </table>
                </div>
                <p class="small">"Data version: " <span data-testid="data-version">{version}</span></p>
            </div>
        </section>
    }
}
