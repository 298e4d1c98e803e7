//! The page's words in English and Simplified Chinese: one catalogue per language (`en.rs`,
//! `zh.rs`, `(key, text)` tables with the same keys; tests check that none is missing, doubled or
//! unused), the [`Lang`] the reader chose, and the language-dependent formatting of numbers.
//!
//! The engine stays English (its `params.rs` help texts serve the CLI); the page takes every
//! label, help text and message from here. Engine range errors are rebuilt in the reader's
//! language from the field's `ParamDef` bounds; other engine messages are shown in English inside
//! a translated frame.
//!
//! Numbers (also said in the methodology, key `m.numbers_p`): physical quantities use SI units on
//! a readable rung in both languages (g…kt of CO₂e, Wh…GWh, mL…m³), three significant digits,
//! commas between thousands (the grouping mainland Chinese technical writing uses too). Large
//! plain counts are words: "4.5 million" in English, 万/亿 in Chinese ("450 万", "1.2 亿"), as
//! a Chinese reader expects.
//!
//! Pure data and functions, no DOM, except the small wasm-only part that reads the first
//! language from the address or the browser.
//!
//! For the share link (`share.rs`): the language travels as `lang=zh|en`, read at start by
//! [`initial_lang`]; write `Lang::code()` of the [`use_lang`] signal.

mod en;
mod zh;

use crate::engine::params::{self, Kind, ParamDef};
use crate::engine::resolve::{Origin, Value};
use crate::engine::scenario::{FieldError, Problem};
use crate::engine::uncertainty::Factor;
use crate::web::input::fmt_sig;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The value of `lang=` in the share link.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The value of `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Font families for text drawn on canvases: the page's stack, with CJK faces early in
    /// Chinese so that no glyph falls back to a box.
    pub fn chart_font(self) -> &'static str {
        match self {
            Lang::En => "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"Noto Sans CJK SC\", sans-serif",
            Lang::Zh => "system-ui, \"Noto Sans CJK SC\", \"Noto Sans SC\", \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Source Han Sans SC\", sans-serif",
        }
    }

    /// The prerendered frame's words (see `tr_frame`).
    fn frame(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => en::FRAME,
            Lang::Zh => zh::FRAME,
        }
    }

    /// Every other word of the page.
    fn rest(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => en::MESSAGES,
            Lang::Zh => zh::MESSAGES,
        }
    }

    fn messages(self) -> impl Iterator<Item = &'static (&'static str, &'static str)> {
        self.frame().iter().chain(self.rest())
    }
}

/// The language named by a share link's `lang=` value; `None` for anything else.
pub fn lang_from_param(v: &str) -> Option<Lang> {
    match v.trim().to_ascii_lowercase().as_str() {
        "en" => Some(Lang::En),
        "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
        _ => None,
    }
}

/// The language for a browser's `navigator.language`: any Chinese (`zh`, `zh-CN`, `zh-TW`) is
/// Chinese, everything else English.
pub fn lang_from_navigator(v: &str) -> Lang {
    if v.trim().to_ascii_lowercase().starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The text of `key` in `lang`; the English text when missing (tests keep that from happening),
/// the key itself as a last resort.
pub fn tr(lang: Lang, key: &str) -> &'static str {
    // A key in no table is a bug (a test looks for them); show a mark rather than nothing.
    find(lang, key)
        .or_else(|| find(Lang::En, key))
        .unwrap_or("?")
}

/// `key`'s text in `lang` by a binary search of the keys in order (about ten comparisons, where
/// scanning the ~580 entries cost about 0.4 ms an edit).
fn find(lang: Lang, key: &str) -> Option<&'static str> {
    let (frame, rest) = (lang.frame(), lang.rest());
    let entry = |i: u16| {
        let i = usize::from(i);
        frame.get(i).or_else(|| rest.get(i - frame.len()))
    };
    let order = keys_in_order(lang);
    let at = order
        .binary_search_by(|&i| entry(i).map_or("", |e| e.0).cmp(key))
        .ok()?;
    entry(order[at]).map(|e| e.1)
}

/// Positions in `lang`'s entries (the frame's, then the rest) in the order of their keys; sorted
/// once, at the first look-up.
fn keys_in_order(lang: Lang) -> &'static [u16] {
    static ORDER: [std::sync::OnceLock<Vec<u16>>; 2] =
        [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    ORDER[lang as usize].get_or_init(|| {
        let keys: Vec<&str> = lang.messages().map(|(k, _)| *k).collect();
        let order =
            crate::engine::order::sorted_positions(keys.len(), &|a, b| keys[a].cmp(keys[b]));
        order
            .into_iter()
            .filter_map(|i| u16::try_from(i).ok())
            .collect()
    })
}

/// `tr` for the prerendered frame's words only: the wasm's first part calls this, not `tr`, so
/// the rest of the page's words stay in the part loaded after it.
pub fn tr_frame(lang: Lang, key: &str) -> &'static str {
    let find = |l: Lang| l.frame().iter().find(|(k, _)| *k == key).map(|(_, t)| *t);
    find(lang).or_else(|| find(Lang::En)).unwrap_or("?")
}

fn has(lang: Lang, key: &str) -> bool {
    find(lang, key).is_some()
}

/// Fills `{name}` placeholders of a template.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, v) in values {
        out = out.replace(&format!("{{{name}}}"), v);
    }
    out
}

/// The colon after a term that introduces its explanation: `": "`, full-width `"："` in Chinese.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ": ",
        Lang::Zh => "：",
    }
}

/// `tr` then `fill`.
pub fn trf(lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
    fill(tr(lang, key), values)
}

/// A field's label without its unit; for paths outside `PARAMS` (values the engine derives), the
/// label of the last part (`training.embodied_kg_per_device`), else the path.
pub fn label(lang: Lang, path: &str) -> String {
    let exact = format!("label.{path}");
    if has(lang, &exact) {
        return tr(lang, &exact).to_string();
    }
    let field = format!("label.{}", path.rsplit('.').next().unwrap_or(path));
    if has(lang, &field) {
        return tr(lang, &field).to_string();
    }
    path.to_string()
}

/// The label with the phase it belongs to, for tables that list fields of every section.
pub fn long_label(lang: Lang, path: &str) -> String {
    let phase = match path.split('.').next().unwrap_or("") {
        "model" => tr(lang, "phase.model"),
        "training" => tr(lang, "phase.training"),
        "fine_tuning" => tr(lang, "phase.fine_tuning"),
        "inference" => tr(lang, "phase.inference"),
        "embodied" => tr(lang, "phase.embodied_short"),
        _ => "",
    };
    let l = label(lang, path);
    if phase.is_empty() {
        l
    } else {
        format!("{phase}{}{l}", colon(lang))
    }
}

pub fn help(lang: Lang, def: &ParamDef) -> &'static str {
    let key = format!("help.{}", def.path);
    if has(lang, &key) {
        tr(lang, &key)
    } else {
        def.help
    }
}

/// A unit of `params::PARAMS` in the reader's language (symbols such as `W` stay as they are).
pub fn unit(lang: Lang, unit: &str) -> String {
    let key = format!("unit.{unit}");
    if has(lang, &key) {
        tr(lang, &key).to_string()
    } else {
        unit.to_string()
    }
}

/// The typical range beside a field: numbers as `params.rs` writes them, words translated.
pub fn typical(lang: Lang, def: &ParamDef) -> String {
    let key = format!("typical.{}", def.path);
    if has(lang, &key) {
        tr(lang, &key).to_string()
    } else {
        def.typical.to_string()
    }
}

fn factor_key(f: Factor) -> String {
    format!("{f:?}")
}

/// A name for each uncertain input of the Monte Carlo.
pub fn factor_label(lang: Lang, f: Factor) -> &'static str {
    tr(lang, &format!("factor.{}", factor_key(f)))
}

/// Why the input's spread is what it is.
pub fn factor_why(lang: Lang, f: Factor) -> &'static str {
    tr(lang, &format!("why.{}", factor_key(f)))
}

/// An assumption's value as text: numbers as the form writes them, ids as they are.
pub fn value_text(lang: Lang, v: &Value) -> String {
    match v {
        Value::Number(n) => super::input::fmt_input(*n),
        Value::Text(t) => t.to_string(),
        Value::Bool(b) => tr(lang, if *b { "value.yes" } else { "value.no" }).to_string(),
    }
}

/// Where a value came from, in two parts: a short kind ("preset llama-2-70b", "data",
/// "derived", "calculator default", "your value") and the full source or reason (English, as the
/// catalogs and the engine give it).
pub fn origin_text(lang: Lang, o: &Origin) -> (String, String) {
    match o {
        Origin::Scenario => (tr(lang, "origin.scenario").into(), String::new()),
        Origin::Preset { preset, source } => (
            trf(lang, "origin.preset", &[("preset", preset)]),
            source.to_string(),
        ),
        Origin::Catalog { source } => (tr(lang, "origin.data").into(), source.to_string()),
        Origin::Derived { how } => (tr(lang, "origin.derived").into(), how.to_string()),
        Origin::Default { why } => (tr(lang, "origin.default").into(), default_why(lang, why)),
    }
}

/// A default's reason in the reader's language: the engine gives it in English, and the
/// catalogues hold the reasons readers meet under `default_why:` + the English (the others stay
/// English).
fn default_why(lang: Lang, why: &impl std::fmt::Display) -> String {
    let key = format!("default_why:{why}");
    find(lang, &key).map_or_else(|| key["default_why:".len()..].to_string(), str::to_string)
}

/// A plain count: `12,345`, then `4.5 million` / `450 万`, `2.1 billion` / `21 亿`.
pub fn fmt_count(lang: Lang, v: f64) -> String {
    if lang == Lang::En || !v.is_finite() {
        return super::input::fmt_count(v);
    }
    let a = v.abs();
    if a >= 1e12 {
        format!("{} 万亿", fmt_sig(v / 1e12, 3))
    } else if a >= 1e8 {
        format!("{} 亿", fmt_sig(v / 1e8, 3))
    } else if a >= 1e5 {
        format!("{} 万", fmt_sig(v / 1e4, 3))
    } else {
        super::input::fmt_count(v)
    }
}

/// Litres as mL, L or m³; past a million m³, `million m³` in English and `万 m³` in Chinese.
pub fn fmt_water_l(lang: Lang, l: f64) -> String {
    if lang == Lang::Zh && l.is_finite() && l.abs() >= 1e8 {
        return format!("{} 万 m³", fmt_sig(l / 1e7, 3));
    }
    super::input::fmt_water_l(l)
}

/// The range of a field in words: `in [0.001, 1]`, `a whole number in [1, 4096]`.
pub fn range_text(lang: Lang, def: &ParamDef) -> String {
    let lo = if def.min_exclusive { "(" } else { "[" };
    let r = format!(
        "{lo}{}, {}]",
        params::fmt_bound(def.min),
        params::fmt_bound(def.max)
    );
    let key = if def.kind == Kind::Count {
        "range.count"
    } else {
        "range.number"
    };
    trf(lang, key, &[("range", &r)])
}

fn unit_suffix(lang: Lang, def: &ParamDef) -> String {
    if def.unit.is_empty() {
        String::new()
    } else {
        trf(lang, "err.unit", &[("unit", &unit(lang, def.unit))])
    }
}

/// The message for a number field whose text is not a number.
pub fn parse_error(lang: Lang, path: &str, typed: &str) -> String {
    let shown: String = typed.trim().chars().take(30).collect();
    let problem = match super::input::parse_number(typed) {
        Err(m) if m.ends_with("too large") => trf(lang, "err.too_large", &[("text", &shown)]),
        Err(m) if m.contains("with a point") => trf(
            lang,
            "err.decimal_comma",
            &[("text", &shown), ("fixed", &shown.replace(',', "."))],
        ),
        _ => trf(lang, "err.not_number", &[("text", &shown)]),
    };
    match params::param(path) {
        Some(def) => trf(
            lang,
            "err.parse",
            &[
                ("label", &label(lang, path)),
                ("message", &problem),
                ("range", &range_text(lang, def)),
                ("unit", &unit_suffix(lang, def)),
            ],
        ),
        None => problem,
    }
}

/// An engine `FieldError` in the reader's language, rendered from its [`Problem`]: a range
/// error from the field's bounds, label and value; a field over the one that bounds it, an unknown
/// id, a text too long, weights that do not fit, each from their values. Anything else keeps the
/// engine's English inside a translated frame naming the field.
pub fn engine_error(lang: Lang, e: &FieldError) -> String {
    let path = e.path.as_str();
    let Some(def) = params::param(path) else {
        return e.message.clone();
    };
    let l = label(lang, path);
    match &e.problem {
        Problem::Range { got } => range_error(lang, path, def, &params::fmt_bound(*got)),
        Problem::Exceeds {
            limit_path, limit, ..
        } => trf(
            lang,
            "err.exceeds",
            &[
                ("label", &l),
                ("limit", &label(lang, limit_path)),
                ("value", &params::fmt_bound(*limit)),
            ],
        ),
        Problem::UnknownChoice { got } => {
            trf(lang, "err.unknown_choice", &[("label", &l), ("value", got)])
        }
        Problem::TooLong { max } => trf(
            lang,
            "err.too_long",
            &[("label", &l), ("max", &params::fmt_bound(*max))],
        ),
        Problem::WeightsDoNotFit {
            need_gb,
            have_gb,
            need_devices,
        } => trf(
            lang,
            "err.weights",
            &[
                ("need", &format!("{need_gb:.0}")),
                ("have", &format!("{have_gb:.0}")),
                ("devices", &params::fmt_bound(*need_devices)),
            ],
        ),
        Problem::NoNativePrecision { .. }
        | Problem::BeyondFit { .. }
        | Problem::TrafficEnergy { .. }
        | Problem::TrafficReplicas { .. }
        | Problem::CachedOverPrompt { .. }
        | Problem::LongestUnderMean { .. } => {
            let m = notice(lang, e).unwrap_or_else(|| e.message.clone());
            trf(lang, "err.other", &[("label", &l), ("message", &m)])
        }
        // The link's own problems (they reach this only through `link_notice`'s fallback).
        Problem::UnknownField
        | Problem::Other
        | Problem::NotANumber { .. }
        | Problem::Twice
        | Problem::UnknownVersion { .. } => {
            trf(lang, "err.other", &[("label", &l), ("message", &e.message)])
        }
    }
}

/// An engine notice in the reader's language where it is a structured value (`None`: the
/// engine's English stands).
pub fn notice(lang: Lang, e: &FieldError) -> Option<String> {
    match &e.problem {
        Problem::NoNativePrecision {
            device,
            wanted,
            used,
        } => Some(trf(
            lang,
            "note.precision",
            &[("device", device), ("wanted", wanted), ("used", used)],
        )),
        Problem::BeyondFit { devices, fitted } => Some(trf(
            lang,
            "note.beyond_fit",
            &[
                ("devices", &params::fmt_bound(*devices)),
                ("fitted", &params::fmt_bound(*fitted)),
            ],
        )),
        Problem::TrafficEnergy { twh_year } => Some(trf(
            lang,
            "note.traffic_energy",
            &[("twh", &fmt_sig(*twh_year, 3))],
        )),
        Problem::TrafficReplicas { replicas } => Some(trf(
            lang,
            "note.traffic_replicas",
            &[("replicas", &fmt_count(lang, *replicas))],
        )),
        Problem::CachedOverPrompt { cached, prompt } => Some(trf(
            lang,
            "note.cached",
            &[
                ("cached", &params::fmt_bound(*cached)),
                ("prompt", &params::fmt_bound(*prompt)),
            ],
        )),
        Problem::LongestUnderMean { longest, mean } => Some(trf(
            lang,
            "note.longest",
            &[
                ("longest", &params::fmt_bound(*longest)),
                ("mean", &params::fmt_bound(*mean)),
            ],
        )),
        _ => None,
    }
}

fn range_error(lang: Lang, path: &str, def: &ParamDef, value: &str) -> String {
    trf(
        lang,
        "err.range",
        &[
            ("label", &label(lang, path)),
            ("range", &range_text(lang, def)),
            ("unit", &unit_suffix(lang, def)),
            ("value", value),
        ],
    )
}

/// A notice of `engine::link::decode` in the reader's language: a value outside its range or
/// not among a field's ids is rendered like the form's error, then "ignored"; an unknown key and a
/// shortened text from their values; a notice about the pinned scenario (an `a.` key) as the same
/// notice about A. Anything else stays the engine's English (the box around it, "Ignored from the
/// link", is translated).
pub fn link_notice(lang: Lang, e: &FieldError) -> String {
    if let Some(path) = e.path.strip_prefix(crate::engine::link::COMPARE_PREFIX) {
        let inner = FieldError {
            path: path.to_string(),
            // The decoder's English says "A: " itself; the frame below says it in `lang`.
            message: e
                .message
                .strip_prefix("A: ")
                .unwrap_or(&e.message)
                .to_string(),
            problem: e.problem.clone(),
        };
        let message = link_notice(lang, &inner);
        return trf(lang, "share.pinned_notice", &[("message", &message)]);
    }
    let ignored = |m: &str| trf(lang, "share.range_ignored", &[("message", m)]);
    match (&e.problem, params::param(&e.path)) {
        (Problem::Range { got }, Some(def)) => {
            ignored(&range_error(lang, &e.path, def, &params::fmt_bound(*got)))
        }
        (Problem::UnknownChoice { .. }, Some(_)) => ignored(&engine_error(lang, e)),
        (Problem::TooLong { max }, Some(_)) => trf(
            lang,
            "share.shortened",
            &[
                ("label", &label(lang, &e.path)),
                ("max", &params::fmt_bound(*max)),
            ],
        ),
        (Problem::UnknownField, _) => trf(lang, "share.unknown_key", &[("key", &e.path)]),
        (Problem::NotANumber { got }, Some(def)) => {
            let key = if def.kind == Kind::Bool {
                "share.not_a_bool"
            } else {
                "share.not_a_number"
            };
            trf(lang, key, &[("label", &label(lang, &e.path)), ("got", got)])
        }
        (Problem::Twice, Some(_)) => trf(lang, "share.twice", &[("label", &label(lang, &e.path))]),
        (Problem::UnknownVersion { got }, _) => {
            let key = if e.path == crate::engine::link::EXAMPLE_KEY {
                "share.unknown_example"
            } else {
                "share.unknown_version"
            };
            trf(lang, key, &[("got", got)])
        }
        _ => e.message.clone(),
    }
}

/// What the pre-training energy counts, in words: the power per accelerator, the host on top
/// (or why there is none), the PUE and the development factor.
pub fn training_boundary(lang: Lang, e: &crate::engine::Estimate) -> String {
    let t = &e.resolved.inputs.training;
    let system = e
        .resolved
        .assumption("training.host_overhead")
        .is_some_and(|a| {
            matches!(&a.origin, Origin::Default { why }
                if why == crate::engine::resolve::HOST_IN_SYSTEM_POWER)
        });
    let host = if t.host_overhead > 0.0 {
        trf(
            lang,
            "bnd.host",
            &[("pct", &fmt_sig(100.0 * t.host_overhead, 2))],
        )
    } else if system {
        tr(lang, "bnd.system").to_string()
    } else {
        tr(lang, "bnd.alone").to_string()
    };
    let dev = if t.development_factor > 1.0 {
        trf(
            lang,
            "bnd.dev",
            &[("factor", &fmt_sig(t.development_factor, 3))],
        )
    } else {
        String::new()
    };
    trf(
        lang,
        "bnd.training",
        &[
            ("power", &fmt_sig(t.power_w, 3)),
            ("host", &host),
            ("pue", &fmt_sig(t.pue, 3)),
            ("dev", &dev),
        ],
    )
}

/// The language the page opens in: `lang=` in the address, else the browser's language.
#[cfg(target_arch = "wasm32")]
pub fn initial_lang() -> Lang {
    let Some(w) = web_sys::window() else {
        return Lang::En;
    };
    let from_link = w
        .location()
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("lang"))
        .and_then(|v| lang_from_param(&v));
    from_link.unwrap_or_else(|| {
        w.navigator()
            .language()
            .map(|l| lang_from_navigator(&l))
            .unwrap_or_default()
    })
}

/// The reader's language as a signal, provided by the app at start (English outside it).
#[cfg(target_arch = "wasm32")]
pub fn use_lang() -> leptos::prelude::RwSignal<Lang> {
    use leptos::prelude::*;
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::En))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::params::PARAMS;
    use crate::engine::uncertainty::FACTORS;
    use std::collections::BTreeSet;

    const LANGS: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The page's source, where keys are used.
    const SOURCES: &[&str] = &[
        include_str!("../app.rs"),
        include_str!("../ui.rs"),
        include_str!("../state.rs"),
        include_str!("../form.rs"),
        include_str!("../results.rs"),
        include_str!("../chart_view.rs"),
        include_str!("../methodology.rs"),
        include_str!("../figures.rs"),
        include_str!("../labels.rs"),
        include_str!("../share.rs"),
        include_str!("../embed.rs"),
        include_str!("../compare.rs"),
        include_str!("../lever_text.rs"),
        include_str!("../export.rs"),
        include_str!("../prerender.rs"),
        include_str!("../mod.rs"),
        include_str!("mod.rs"),
    ];

    fn keys(lang: Lang) -> Vec<&'static str> {
        lang.messages().map(|(k, _)| *k).collect()
    }

    #[test]
    fn the_search_finds_every_entry_and_nothing_else() {
        for lang in LANGS {
            for (k, text) in lang.messages() {
                assert!(std::ptr::eq(tr(lang, k), *text), "{lang:?} {k}");
            }
            assert_eq!(keys_in_order(lang).len(), keys(lang).len());
            assert!(!has(lang, "no.such.key") && !has(lang, "") && !has(lang, "~"));
        }
        let unknown = "no.such.key"; // a variable: the scan below looks for literal keys
        assert_eq!(tr(Lang::Zh, unknown), "?");
    }

    #[test]
    fn no_key_is_doubled_and_both_languages_have_the_same_keys() {
        for lang in LANGS {
            let k = keys(lang);
            let set: BTreeSet<_> = k.iter().collect();
            assert_eq!(set.len(), k.len(), "{lang:?} has a key twice");
        }
        let en: BTreeSet<_> = keys(Lang::En).into_iter().collect();
        let zh: BTreeSet<_> = keys(Lang::Zh).into_iter().collect();
        assert_eq!(
            en.difference(&zh).collect::<Vec<_>>(),
            Vec::<&&str>::new(),
            "missing in zh"
        );
        assert_eq!(
            zh.difference(&en).collect::<Vec<_>>(),
            Vec::<&&str>::new(),
            "missing in en"
        );
    }

    #[test]
    fn the_frames_words_are_the_same_keys_in_both_languages() {
        let frame = |l: Lang| l.frame().iter().map(|(k, _)| *k).collect::<BTreeSet<_>>();
        assert_eq!(frame(Lang::En), frame(Lang::Zh));
        for l in LANGS {
            for (k, t) in l.frame() {
                assert_eq!(tr_frame(l, k), *t);
                assert_eq!(tr(l, k), *t, "tr finds the frame's words too");
            }
        }
        assert_eq!(tr_frame(Lang::Zh, "page.title"), tr(Lang::Zh, "page.title"));
        assert_eq!(
            tr_frame(Lang::En, "res.breakeven_none"),
            "?",
            "only the frame's words"
        );
    }

    #[test]
    fn no_text_is_empty_and_placeholders_match_across_languages() {
        let holes = |t: &str| -> BTreeSet<String> {
            t.split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
                .collect()
        };
        for (k, en_text) in Lang::En.messages() {
            let zh_text = tr(Lang::Zh, k);
            assert!(
                !en_text.trim().is_empty() && !zh_text.trim().is_empty(),
                "{k} is empty"
            );
            assert_eq!(holes(en_text), holes(zh_text), "{k}: placeholders differ");
        }
    }

    /// Every key literal passed to `tr`/`trf` in the page's source exists.
    #[test]
    fn every_key_the_page_asks_for_exists() {
        let all: BTreeSet<_> = keys(Lang::En).into_iter().collect();
        let mut asked = 0;
        for src in SOURCES {
            for call in ["tr(", "trf(", " t(", "{t("] {
                for (i, _) in src.match_indices(call) {
                    // `push_str(` is not `tr(`.
                    let before = src[..i].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue;
                    }
                    let rest = &src[i + call.len()..];
                    let Some(q) = rest.find('"') else { continue };
                    if rest[..q].contains([')', '[', '&']) || q > 40 {
                        continue;
                    }
                    let Some(end) = rest[q + 1..].find('"') else {
                        continue;
                    };
                    let key = &rest[q + 1..q + 1 + end];
                    if key.contains(['{', ' ']) || key.ends_with('.') {
                        continue;
                    }
                    asked += 1;
                    assert!(
                        all.contains(key),
                        "the page asks for {key:?}, which no catalogue has"
                    );
                }
            }
        }
        assert!(asked > 100, "only {asked} keys found: is the scan broken?");
    }

    /// The default reasons the engine gives over every preset (as it is, fine-tuned, RL) and the
    /// calculator's own example, with and without a region.
    fn engine_default_whys() -> BTreeSet<String> {
        let mut links = vec![
            "v=1".to_string(),
            "v=1&ex=1".into(),
            "v=1&ex=1&training.region=fr&fine_tuning.method=full".into(),
            "v=1&preset=llama-2-70b&training.region=fr&inference.operator=aws".into(),
        ];
        for p in crate::data::Catalog::get().presets.presets.iter() {
            for extra in ["", "&fine_tuning.method=full", "&fine_tuning.method=rl"] {
                links.push(format!("v=1&preset={}{extra}", p.id));
            }
        }
        let mut out = BTreeSet::new();
        for l in links {
            let s = crate::engine::link::decode(&l).scenario;
            let Ok(e) = crate::engine::estimate_with(
                &s,
                &crate::engine::Options {
                    samples: 0,
                    seed: 1,
                },
            ) else {
                continue;
            };
            for a in &e.resolved.assumptions {
                if let Origin::Default { why } = &a.origin {
                    out.insert(why.to_string());
                }
            }
        }
        out
    }

    /// Every key is used: literal keys appear in the source, built keys name a real parameter,
    /// unit, factor or section.
    #[test]
    fn no_key_is_unused() {
        let units: BTreeSet<_> = PARAMS.iter().map(|p| p.unit).collect();
        let factors: BTreeSet<_> = FACTORS.iter().map(|f| factor_key(f.factor)).collect();
        let sections: BTreeSet<_> = crate::web::labels::SECTIONS.iter().map(|s| s.id).collect();
        let whys = engine_default_whys();
        for key in keys(Lang::En) {
            if let Some(why) = key.strip_prefix("default_why:") {
                assert_eq!(
                    tr(Lang::En, key),
                    why,
                    "{key}: the English is the key's own"
                );
                assert!(
                    whys.contains(why),
                    "{key}: no preset scenario gives this reason"
                );
                continue;
            }
            let (head, tail) = key.split_once('.').unwrap_or((key, ""));
            let used = match head {
                "label" => {
                    params::param(tail).is_some()
                        || ["embodied_kg_per_device", "fine_tuning.rl_replica_devices"]
                            .contains(&tail)
                }
                "help" => params::param(tail).is_some(),
                "typical" => params::param(tail).is_some_and(|p| !p.typical.is_empty()),
                "unit" => units.contains(tail),
                "factor" | "why" => factors.contains(tail),
                "menu" => tail == "aria" || crate::web::RESULTS_MENU.iter().any(|(_, k)| *k == key),
                "section" => tail.rsplit_once('.').is_some_and(|(id, part)| {
                    sections.contains(id) && ["title", "intro"].contains(&part)
                }),
                _ => SOURCES.iter().any(|s| s.contains(&format!("\"{key}\""))),
            };
            assert!(used, "{key} is in the catalogue but the page never uses it");
        }
    }

    #[test]
    fn every_param_has_a_label_and_help_in_both_languages_and_every_unit_a_word() {
        for lang in LANGS {
            for p in PARAMS {
                assert!(
                    has(lang, &format!("label.{}", p.path)),
                    "{lang:?}: no label for {}",
                    p.path
                );
                assert!(
                    has(lang, &format!("help.{}", p.path)),
                    "{lang:?}: no help for {}",
                    p.path
                );
                if !p.unit.is_empty() {
                    assert!(
                        has(lang, &format!("unit.{}", p.unit)),
                        "{lang:?}: no word for {}",
                        p.unit
                    );
                }
            }
            for f in FACTORS {
                assert!(has(lang, &format!("factor.{}", factor_key(f.factor))));
                assert!(has(lang, &format!("why.{}", factor_key(f.factor))));
            }
        }
        // The page says the spreads the engine draws (the engine's texts are the English).
        for f in FACTORS {
            assert_eq!(factor_why(Lang::En, f.factor), f.why, "{:?}", f.factor);
        }
    }

    #[test]
    fn the_chinese_page_is_chinese() {
        let han = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        // Texts that are formulas or symbols in both languages.
        let same = [
            "unit.W",
            "unit.L/kWh",
            "unit.gCO2e/kWh",
            "unit.tokens",
            "err.other",
        ];
        for (k, t) in Lang::Zh.messages() {
            let formula = k.starts_with("m.f_") || *k == "chart.attention";
            assert!(
                han(t) || same.contains(k) || formula,
                "{k} is not translated: {t}"
            );
        }
    }

    #[test]
    fn language_from_the_link_and_the_browser() {
        assert_eq!(lang_from_param("zh"), Some(Lang::Zh));
        assert_eq!(lang_from_param("EN"), Some(Lang::En));
        assert_eq!(lang_from_param("fr"), None);
        assert_eq!(lang_from_navigator("zh-CN"), Lang::Zh);
        assert_eq!(lang_from_navigator("zh-TW"), Lang::Zh);
        assert_eq!(lang_from_navigator("en-GB"), Lang::En);
        assert_eq!(lang_from_navigator("de"), Lang::En);
    }

    #[test]
    fn range_errors_are_rebuilt_in_chinese() {
        let mfu = params::param("training.mfu").unwrap();
        let e = mfu.check_field(3.0).unwrap_err();
        assert_eq!(
            engine_error(Lang::Zh, &e),
            "模型算力利用率（MFU）必须在 [0.001, 1] 之间，当前为 3"
        );
        assert_eq!(
            engine_error(Lang::En, &e),
            "Model FLOPs utilisation (MFU) must be in [0.001, 1], got 3"
        );
        let batch = params::param("inference.batch").unwrap();
        let e = batch.check_field(2.5).unwrap_err();
        assert_eq!(
            engine_error(Lang::Zh, &e),
            "批大小必须为 [1, 65536] 之间的整数（单位：条序列），当前为 2.5"
        );
        // Not a structured problem: the English message in a translated frame.
        let other = FieldError::new("inference.accelerators", "the model does not fit");
        assert_eq!(
            engine_error(Lang::Zh, &other),
            "每个副本的设备数：the model does not fit"
        );
    }

    #[test]
    fn the_training_boundary_says_what_is_counted() {
        let est = |json: &str| {
            crate::engine::estimate(&crate::engine::Scenario::from_json(json).unwrap()).unwrap()
        };
        // Meta's convention: GPU power alone, no PUE on top.
        let meta = training_boundary(Lang::En, &est(r#"{"model":{"preset":"llama-3.1-405b"}}"#));
        assert_eq!(
            meta,
            "Pre-training counts 700 W per accelerator (the accelerators alone, no host), × PUE 1."
        );
        // Patterson et al.'s measured system power includes the host.
        let gpt3 = training_boundary(Lang::En, &est(r#"{"model":{"preset":"gpt-3-175b"}}"#));
        assert!(gpt3.contains("host included"), "{gpt3}");
        // A run of the reader's own, in Chinese, with its development.
        let own = training_boundary(
            Lang::Zh,
            &est(
                r#"{"model":{"params":7e9},"training":{"accelerator":"h100","development_factor":2}}"#,
            ),
        );
        assert!(
            own.contains("700 W") && own.contains("38") && own.contains("× 2"),
            "{own}"
        );
    }

    #[test]
    fn link_notices_about_the_pinned_scenario_follow_the_readers_language() {
        let d = crate::engine::link::decode(
            "v=1&preset=llama-2-7b&a.v=1&a.training.mfu=3&a.bogus=1&a.inference.region=atlantis&inference.region=mars",
        );
        let find = |p: &str| d.notices.iter().find(|n| n.path == p).unwrap();
        let said = |p: &str, l: Lang| link_notice(l, find(p));
        assert_eq!(
            said("a.training.mfu", Lang::Zh),
            "A（固定的情景）：模型算力利用率（MFU）必须在 [0.001, 1] 之间，当前为 3；已忽略"
        );
        assert_eq!(
            said("a.training.mfu", Lang::En),
            "A (pinned): Model FLOPs utilisation (MFU) must be in [0.001, 1], got 3; ignored"
        );
        assert_eq!(
            said("a.bogus", Lang::Zh),
            "A（固定的情景）：“bogus”不是情景字段；已忽略"
        );
        let region = said("a.inference.region", Lang::Zh);
        assert!(
            region.starts_with("A（固定的情景）：") && region.contains("“atlantis”不在可选范围内"),
            "{region}"
        );
        // B's own notice of the same kind, without the frame.
        let b = said("inference.region", Lang::Zh);
        assert!(
            !b.contains('A') && b.contains("“mars”") && b.ends_with("已忽略"),
            "{b}"
        );
        let long = format!("v=1&a.v=1&a.name={}", "x".repeat(500));
        let d = crate::engine::link::decode(&long);
        let zh = link_notice(Lang::Zh, &d.notices[0]);
        assert!(
            zh.starts_with("A（固定的情景）：") && zh.contains("已截短为"),
            "{zh}"
        );
    }

    #[test]
    fn the_engines_notices_are_in_the_readers_language() {
        let d = crate::engine::link::decode(
            "v=1&preset=deepseek-v3&inference.prompt_tokens=100&inference.cached_prompt_tokens=300\
             &fine_tuning.method=rl&fine_tuning.rl_generated_tokens=5000&fine_tuning.rl_max_generated_tokens=1000",
        );
        let e = crate::engine::estimate(&d.scenario).unwrap();
        let find = |p: &str| e.results.notices.iter().find(|n| n.path == p).unwrap();
        let cached = find("inference.cached_prompt_tokens");
        assert_eq!(
            notice(Lang::Zh, cached).unwrap(),
            "缓存的 300 个 token 超过了 100 个 token 的提示词；按整个提示词都已缓存计算"
        );
        assert!(cached.message.ends_with(&notice(Lang::En, cached).unwrap()));
        assert_eq!(
            notice(Lang::Zh, find("inference.accelerators")).unwrap(),
            "每个副本 16 台设备，多于推理模型拟合所用实测副本的最多 8 台；其推理数字属于外推"
        );
        let d =
            crate::engine::link::decode("v=1&preset=llama-3.1-8b&inference.queries_per_day=1e13");
        let e = crate::engine::estimate(&d.scenario).unwrap();
        let traffic: Vec<String> = e
            .results
            .notices
            .iter()
            .filter(|n| n.path == "inference.queries_per_day")
            .filter_map(|n| notice(Lang::Zh, n))
            .collect();
        assert_eq!(traffic.len(), 2, "{traffic:?}");
        assert!(
            traffic.iter().all(|t| t.contains("请检查流量")),
            "{traffic:?}"
        );
        let longest = find("fine_tuning.rl_max_generated_tokens");
        assert_eq!(
            notice(Lang::Zh, longest).unwrap(),
            "最长输出（1000 个 token）短于平均输出（5000）；按平均值作为最长输出计算"
        );
    }

    #[test]
    fn link_notices_are_rebuilt_in_the_readers_language() {
        let d = crate::engine::link::decode("training.mfu=3&bogus=1&training.tokens=abc");
        let find = |p: &str| d.notices.iter().find(|n| n.path == p).unwrap();
        let mfu = find("training.mfu");
        assert_eq!(
            link_notice(Lang::Zh, mfu),
            "模型算力利用率（MFU）必须在 [0.001, 1] 之间，当前为 3；已忽略"
        );
        assert_eq!(
            link_notice(Lang::En, mfu),
            "Model FLOPs utilisation (MFU) must be in [0.001, 1], got 3; ignored"
        );
        let bogus = find("bogus");
        assert_eq!(link_notice(Lang::Zh, bogus), "“bogus”不是情景字段；已忽略");
        let tokens = find("training.tokens");
        let zh = link_notice(Lang::Zh, tokens);
        assert!(
            zh.contains("“abc”不是数字；已忽略")
                && zh.contains(&label(Lang::Zh, "training.tokens")),
            "{zh}"
        );
        let en = link_notice(Lang::En, tokens);
        assert!(en.ends_with("`abc` is not a number; ignored"), "{en}");

        let d = crate::engine::link::decode(
            "v=1&training.mfu=0.4&training.mfu=0.5&embodied.include=maybe",
        );
        let find = |p: &str| d.notices.iter().find(|n| n.path == p).unwrap();
        let twice = link_notice(Lang::Zh, find("training.mfu"));
        assert!(twice.ends_with("出现了两次；保留第一个值"), "{twice}");
        let yes_no = link_notice(Lang::Zh, find("embodied.include"));
        assert!(yes_no.contains("“maybe”不是 0 或 1"), "{yes_no}");
        for (link, key, wanted) in [
            ("v=2&preset=gpt-3-175b", "v", "链接版本“2”"),
            ("v=1&ex=9", "ex", "示例“9”"),
        ] {
            let d = crate::engine::link::decode(link);
            let n = d.notices.iter().find(|n| n.path == key).unwrap();
            let zh = link_notice(Lang::Zh, n);
            assert!(zh.contains(wanted), "{zh}");
            assert!(!link_notice(Lang::En, n).is_empty());
        }
    }

    #[test]
    fn parse_errors_name_the_field_and_range() {
        let zh = parse_error(Lang::Zh, "training.mfu", "abc");
        assert!(
            zh.starts_with("模型算力利用率（MFU）：“abc”不是数字"),
            "{zh}"
        );
        assert!(zh.contains("[0.001, 1]"), "{zh}");
        let comma = parse_error(Lang::Zh, "training.pue", "1,2");
        assert!(comma.contains("“1,2”：小数请用小数点，如 1.2"), "{comma}");
        let en = parse_error(Lang::En, "training.mfu", "abc");
        assert!(
            en.contains("is not a number") && en.contains("[0.001, 1]"),
            "{en}"
        );
    }

    #[test]
    fn chinese_counts_use_wan_and_yi() {
        assert_eq!(fmt_count(Lang::Zh, 1.2e8), "1.2 亿");
        assert_eq!(fmt_count(Lang::Zh, 4.5e6), "450 万");
        assert_eq!(fmt_count(Lang::Zh, 12_345.0), "12,345");
        assert_eq!(fmt_count(Lang::En, 4.5e6), "4.5 million");
        assert_eq!(fmt_water_l(Lang::Zh, 2.5e9), "250 万 m³");
        assert_eq!(fmt_water_l(Lang::En, 2.5e9), "2.5 million m³");
    }
}
