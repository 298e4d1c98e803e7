//! The scenario form, generated from `engine::params::PARAMS` and arranged by `labels::SECTIONS`.
//! Every field has a label, its unit, the value it takes when empty (as placeholder), that
//! default's source, the typical range, and a message beside it when the value is refused.

use super::i18n::{self, tr, trf, Lang};
use super::input::field_id;
use super::labels::{Group, Section, SECTIONS};
use super::ui::Ui;
use crate::data::Catalog;
use crate::engine::params::{self, ChoiceSource, Kind, ParamDef};
use crate::engine::resolve::{Value, FINE_TUNE_METHODS, PRECISIONS};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};

/// The value of the input or select an event came from; `None` for anything else.
pub fn target_value(ev: &web_sys::Event) -> Option<String> {
    let t = ev.target()?;
    if let Some(i) = t.dyn_ref::<HtmlInputElement>() {
        return Some(i.value());
    }
    t.dyn_ref::<HtmlSelectElement>()
        .map(HtmlSelectElement::value)
}

fn target_checked(ev: &web_sys::Event) -> Option<bool> {
    ev.target()?
        .dyn_ref::<HtmlInputElement>()
        .map(HtmlInputElement::checked)
}

#[component]
pub fn Form(ui: Ui) -> impl IntoView {
    view! {
        <form class="form" novalidate aria-label=ui.t("form.aria") on:submit=|ev| ev.prevent_default()>
            <div class="form-errors" role="alert" hidden=move || ui.other_errors().is_empty()>
                {move || ui.other_errors().into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}
            </div>
            <div class="example-note" data-testid="example-note" hidden=move || !ui.example.get()>
                <p>{ui.t("example.note")}</p>
                <button type="button" class="button-quiet" data-testid="example-clear" on:click=move |_| ui.drop_example()>
                    {ui.t("example.clear")}
                </button>
            </div>
            {SECTIONS.iter().map(|s| view! { <FormSection section=s ui=ui /> }).collect_view()}
        </form>
    }
}

#[component]
fn FormSection(section: &'static Section, ui: Ui) -> impl IntoView {
    let heading = format!("sec-{}-title", section.id);
    view! {
        <section class="section" id=format!("sec-{}", section.id) tabindex="-1" aria-labelledby=heading>
            <h2 id=heading.clone()>{move || tr(ui.lang.get(), &format!("section.{}.title", section.id))}</h2>
            <p class="intro">{move || tr(ui.lang.get(), &format!("section.{}.intro", section.id))}</p>
            {section.groups.iter().map(|g| view! { <FieldGroup group=g ui=ui /> }).collect_view()}
        </section>
    }
}

#[component]
fn FieldGroup(group: &'static Group, ui: Ui) -> impl IntoView {
    let fields = move || {
        group
            .paths
            .iter()
            .filter_map(|p| params::param(p))
            .map(|def| view! { <Field def=def ui=ui /> })
            .collect_view()
    };
    // Fields of other fine-tuning methods stay in the page, hidden.
    let hidden = move || {
        !ui.scenario
            .with(|s| group.shown.applies(s.fine_tuning.method.as_deref()))
    };
    if !group.advanced {
        let title = (!group.title.is_empty())
            .then(|| view! { <h3 class="group-title">{ui.t(group.title)}</h3> });
        let note = (!group.note.is_empty())
            .then(|| view! { <p class="group-note">{ui.t(group.note)}</p> });
        // Either, not `into_any`: a view built once needs no (compiled) rebuild.
        return Either::Left(view! {
            <div class="group" hidden=hidden>
                {title}
                {note}
                <div class="fields">{fields()}</div>
            </div>
        });
    }
    // Folded groups open by themselves when one of their fields is refused or set, so nothing
    // the reader must see stays hidden.
    let details = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        let needs_open = group.paths.iter().any(|p| {
            ui.error(p).is_some()
                || ui
                    .scenario
                    .with(|s| s.number(p).is_some() || (s.text(p).is_some() && *p != "name"))
        });
        if let (true, Some(el)) = (needs_open, details.get()) {
            el.set_open(true);
        }
    });
    let note =
        (!group.note.is_empty()).then(|| view! { <p class="group-note">{ui.t(group.note)}</p> });
    Either::Right(view! {
        <details class="group folded" node_ref=details hidden=hidden>
            <summary>{ui.t(group.title)}</summary>
            {note}
            <div class="fields">{fields()}</div>
        </details>
    })
}

/// "Default: 4096 — preset llama-2-70b" and the full source, for the hint under a field.
fn default_hint(ui: Ui, def: &'static ParamDef) -> impl IntoView {
    move || {
        let l = ui.lang.get();
        let a = ui.default_of(def.path)?;
        let value = match (&a.value, def.kind) {
            (Value::Text(id), Kind::Choice(src)) => choice_name(src, id, l),
            (v, _) => {
                let v = i18n::value_text(l, v);
                if def.unit.is_empty() {
                    v
                } else {
                    format!("{v} {}", i18n::unit(l, def.unit))
                }
            }
        };
        let (kind, source) = i18n::origin_text(l, &a.origin);
        let head = trf(l, "field.default", &[("value", &value), ("kind", &kind)]);
        Some(if source.is_empty() {
            Either::Left(view! { <p class="default">{head}</p> })
        } else {
            Either::Right(view! {
                <details class="default">
                    <summary tabindex="-1">{head}</summary>
                    <p class="source">{source}</p>
                </details>
            })
        })
    }
}

/// The name of a catalog id, as pickers show it.
fn choice_name(src: ChoiceSource, id: &str, l: Lang) -> String {
    let cat = Catalog::get();
    match src {
        ChoiceSource::Preset => cat.preset(id).map(|p| p.name.to_string()),
        ChoiceSource::Accelerator => cat.accelerator(id).map(|a| a.name.to_string()),
        ChoiceSource::Region => cat
            .region(id)
            .map(|r| format!("{} — {:.0} g/kWh", region_name(r, l), r.g_per_kwh.value)),
        ChoiceSource::Operator => cat.operator(id).map(operator_name),
        ChoiceSource::Precision => None,
        ChoiceSource::FineTuneMethod => Some(method_name(id, l).to_string()),
        ChoiceSource::Fixed(_) => Some(fixed_name(id, l).to_string()),
    }
    .unwrap_or_else(|| id.to_string())
}

/// An operator as pickers show it: its name and published fleet WUE.
fn operator_name(o: &crate::data::Operator) -> String {
    format!("{} — {} L/kWh", o.name, o.wue_l_per_kwh.value)
}

fn region_name(r: &crate::data::GridRegion, l: Lang) -> &str {
    match l {
        Lang::Zh if !r.name_zh.is_empty() => &r.name_zh,
        _ => &r.name,
    }
}

/// The words for an id of a fixed list (precisions are shown as they are written).
fn fixed_name(id: &str, l: Lang) -> &str {
    match id {
        "gated" => tr(l, "choice.gated"),
        "plain" => tr(l, "choice.plain"),
        "tied" => tr(l, "choice.tied"),
        "untied" => tr(l, "choice.untied"),
        "grpo" => tr(l, "choice.grpo"),
        "ppo" => tr(l, "choice.ppo"),
        "expert" => tr(l, "choice.expert"),
        "tensor" => tr(l, "choice.tensor"),
        other => other,
    }
}

fn method_name(id: &str, l: Lang) -> &str {
    match id {
        "none" => tr(l, "method.none"),
        "full" => tr(l, "method.full"),
        "lora" => tr(l, "method.lora"),
        "rl" => tr(l, "method.rl"),
        other => other,
    }
}

/// The options of a picker: (id, text).
pub fn options(src: ChoiceSource, l: Lang) -> Vec<(String, String)> {
    let cat = Catalog::get();
    match src {
        ChoiceSource::Preset => cat
            .presets
            .presets
            .iter()
            .map(|p| {
                (
                    p.id.to_string(),
                    format!("{} ({}, {})", p.name, p.org, p.year),
                )
            })
            .collect(),
        ChoiceSource::Accelerator => cat
            .hardware
            .accelerators
            .iter()
            .map(|a| (a.id.to_string(), a.name.to_string()))
            .collect(),
        ChoiceSource::Region => {
            let r = &cat.grids.regions;
            // World, countries, grid regions, then cloud regions; by name within each.
            let rank = |k: &str| {
                ["world", "country", "grid", "cloud"]
                    .iter()
                    .position(|x| *x == k)
            };
            let order = crate::engine::order::sorted_positions(r.len(), &|a, b| {
                rank(&r[a].kind)
                    .cmp(&rank(&r[b].kind))
                    .then_with(|| r[a].name.cmp(&r[b].name))
            });
            order
                .into_iter()
                .map(|i| {
                    let g = &r[i];
                    (
                        g.id.to_string(),
                        format!("{} — {:.0} g/kWh", region_name(g, l), g.g_per_kwh.value),
                    )
                })
                .collect()
        }
        ChoiceSource::Operator => cat
            .water
            .operators
            .iter()
            .map(|o| (o.id.to_string(), operator_name(o)))
            .collect(),
        ChoiceSource::Precision => PRECISIONS
            .iter()
            .map(|p| (p.to_string(), p.to_string()))
            .collect(),
        ChoiceSource::FineTuneMethod => FINE_TUNE_METHODS
            .iter()
            .map(|m| (m.to_string(), method_name(m, l).to_string()))
            .collect(),
        ChoiceSource::Fixed(list) => list
            .iter()
            .map(|m| (m.to_string(), fixed_name(m, l).to_string()))
            .collect(),
    }
}

#[component]
fn Field(def: &'static ParamDef, ui: Ui) -> impl IntoView {
    let path = def.path;
    let id = field_id(path);
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = format!("{hint_id} {err_id}");
    let testid = format!("field-{path}");
    let error = Memo::new(move |_| ui.error(path));
    let invalid = move || {
        if error.with(Option::is_some) {
            "true"
        } else {
            "false"
        }
    };
    let text = ui.text(path);
    let label = move || i18n::label(ui.lang.get(), path);
    // "Layers (layers)" says nothing twice: a unit already in the label is left out.
    let unit = move || {
        let l = ui.lang.get();
        let u = i18n::unit(l, def.unit);
        (!u.is_empty() && !i18n::label(l, path).to_lowercase().contains(&u))
            .then(|| view! { <span class="unit">{u}</span> })
    };
    let typical = (!def.typical.is_empty()).then(|| {
        view! {
            <span class="typical">
                {ui.t("field.typical")}
                {move || i18n::typical(ui.lang.get(), def)}
            </span>
        }
    });
    // The opening example's choices are labelled, so no one takes them for the defaults. A memo
    // per field: an edit that changes one field's tag then rebuilds that tag, not every field's.
    let is_example = Memo::new(move |_| ui.is_example_choice(path));
    let example_tag = move || {
        is_example.get().then(|| {
            view! {
                <span class="example-tag" data-testid=format!("example-{path}") title=ui.t("example.tag_title")>
                    {ui.t("example.tag")}
                </span>
            }
        })
    };
    let error_view = view! {
        <p class="error" id=err_id data-testid=format!("error-{path}") aria-live="polite">
            {move || error.get()}
        </p>
    };
    let hint = view! {
        <div class="hint" id=hint_id>
            <p class="help">{move || i18n::help(ui.lang.get(), def)} " " {typical}</p>
            {default_hint(ui, def)}
        </div>
    };

    // Either, not `into_any`: a field is built once and never needs a (compiled) rebuild.
    let control = match def.kind {
        Kind::Number | Kind::Count => EitherOf3::A(view! {
            <input
                type="text"
                inputmode=if def.kind == Kind::Count { "numeric" } else { "decimal" }
                autocomplete="off"
                spellcheck="false"
                id=id.clone()
                name=path
                data-testid=testid
                placeholder=move || {
                    ui.default_of(path).map(|a| i18n::value_text(ui.lang.get(), &a.value)).unwrap_or_default()
                }
                prop:value=move || text.get()
                aria-invalid=invalid
                aria-describedby=described
                on:input=move |ev| {
                    if let Some(v) = target_value(&ev) {
                        ui.type_number(path, v);
                    }
                }
            />
        }),
        Kind::Text => EitherOf3::B(view! {
            <input
                type="text"
                autocomplete="off"
                id=id.clone()
                name=path
                data-testid=testid
                maxlength="200"
                placeholder=ui.t("field.name_placeholder")
                prop:value=move || text.get()
                aria-invalid=invalid
                aria-describedby=described
                on:input=move |ev| {
                    if let Some(v) = target_value(&ev) {
                        ui.type_text(path, v);
                    }
                }
            />
        }),
        Kind::Choice(src) => {
            let first = move || {
                let l = ui.lang.get();
                if src == ChoiceSource::Preset {
                    return tr(l, "choice.preset_none").to_string();
                }
                match ui.default_of(path) {
                    Some(a) => match &a.value {
                        Value::Text(v) => {
                            trf(l, "choice.default_of", &[("name", &choice_name(src, v, l))])
                        }
                        _ => tr(l, "choice.default").to_string(),
                    },
                    // A preset may give its site's grid intensity rather than a region.
                    None if src == ChoiceSource::Region => {
                        let grid = path.replace("region", "grid_g_per_kwh");
                        match ui.default_of(&grid).map(|a| a.value) {
                            Some(Value::Number(g)) => {
                                trf(l, "choice.preset_site", &[("g", &format!("{g:.0}"))])
                            }
                            _ => tr(l, "choice.default").to_string(),
                        }
                    }
                    None => tr(l, "choice.default").to_string(),
                }
            };
            let opts = move || {
                options(src, ui.lang.get())
                    .into_iter()
                    .map(|(value, label)| {
                        let v = value.clone();
                        view! { <option value=value prop:selected=move || text.with(|t| *t == v)>{label}</option> }
                    })
                    .collect_view()
            };
            EitherOf3::C(view! {
                <select
                    id=id.clone()
                    name=path
                    data-testid=testid
                    aria-invalid=invalid
                    aria-describedby=described
                    on:change=move |ev| {
                        if let Some(v) = target_value(&ev) {
                            ui.choose(path, v);
                        }
                    }
                >
                    <option value="" prop:selected=move || text.with(String::is_empty)>{first}</option>
                    {opts}
                </select>
            })
        }
        Kind::Bool => {
            return Either::Left(view! {
                <div class="field check" class:has-error=move || error.with(Option::is_some)>
                    <div class="check-row">
                        <input
                            type="checkbox"
                            id=id.clone()
                            name=path
                            data-testid=testid
                            prop:checked=move || ui.scenario.with(|s| s.embodied.include.unwrap_or(true))
                            aria-describedby=described
                            on:change=move |ev| {
                                if let Some(on) = target_checked(&ev) {
                                    ui.set_include_embodied(on);
                                }
                            }
                        />
                        <label for=id>{label}</label>
                        {example_tag}
                    </div>
                    {error_view}
                    {hint}
                </div>
            });
        }
    };

    Either::Right(view! {
        <div class="field" class:wide=path == "model.preset" class:has-error=move || error.with(Option::is_some)>
            <label for=id>
                <span class="label-text">{label}</span>
                {unit}
                {example_tag}
            </label>
            {control}
            {error_view}
            {hint}
        </div>
    })
}
