//! Share links: a scenario as a readable, versioned query string holding only what the reader set
//! (`?v=1&preset=llama-2-70b&inference.batch=32`), and the decoder that turns any string — a
//! truncated, hostile or future link — into what is valid plus notices naming what was ignored.
//! The decoder never fails and never panics (property-tested in tests/links.rs).
//!
//! A comparison adds the pinned scenario A after B's keys, each key prefixed with `a.`
//! (`&a.v=1&a.preset=llama-2-70b`); `a.v` is always written, so an A with no field set is still a
//! comparison. A link without `a.` keys means what it meant before comparisons existed.

use super::example;
use super::params::{param, Kind, PARAMS};
use super::scenario::{FieldError, Problem, Scenario};
use crate::data::Catalog;

pub const LINK_VERSION: u32 = 1;

/// Page settings a link may carry besides the scenario; the engine passes them through.
pub const PAGE_KEYS: &[&str] = &["lang", "theme", "embed"];

/// `ex=1`: the link starts from the opening example ([`example`]) rather than from nothing.
pub const EXAMPLE_KEY: &str = "ex";

/// The prefix of the pinned scenario's keys in a comparison link.
pub const COMPARE_PREFIX: &str = "a.";

/// `model.preset` is written as `preset`, the one key everyone reads first.
fn key_for(path: &str) -> &str {
    if path == "model.preset" {
        "preset"
    } else {
        path
    }
}

fn path_for(key: &str) -> &str {
    if key == "preset" {
        "model.preset"
    } else {
        key
    }
}

/// The shortest text that reads back as the same number: `2e12`, `0.43`, `4096`.
pub fn fmt_number(v: f64) -> String {
    let plain = format!("{v}");
    let exp = format!("{v:e}");
    if exp.len() < plain.len() {
        exp
    } else {
        plain
    }
}

/// Encodes the fields the reader set, in the order of the parameter table.
pub fn encode(s: &Scenario) -> String {
    encode_on(s, false)
}

/// With `example`, the link names the opening example (`ex=1`) and holds only what the reader
/// changed from it: a choice of the example the reader emptied is written with no value.
pub fn encode_on(s: &Scenario, example: bool) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("v", &LINK_VERSION.to_string());
    if example {
        q.append_pair(EXAMPLE_KEY, example::VERSION);
    }
    for p in PARAMS {
        let theirs = example && example::fields().iter().any(|f| f.path == p.path);
        if theirs && example::holds_choice(s, p) {
            continue;
        }
        match example::field_text(s, p) {
            Some(v) => q.append_pair(key_for(p.path), &v),
            None if theirs => q.append_pair(key_for(p.path), ""),
            None => &mut q,
        };
    }
    q.finish()
}

/// B's link followed by A's keys (prefixed `a.`) when a scenario is pinned.
pub fn encode_pair(b: &Scenario, a: Option<&Scenario>) -> String {
    encode_pair_on(b, a, false)
}

/// [`encode_pair`], B's part written from the opening example with `example` ([`encode_on`]).
pub fn encode_pair_on(b: &Scenario, a: Option<&Scenario>, example: bool) -> String {
    let mut q = encode_on(b, example);
    if let Some(a) = a {
        let mut extra = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(encode(a).as_bytes()) {
            extra.append_pair(&format!("{COMPARE_PREFIX}{k}"), &v);
        }
        q.push('&');
        q.push_str(&extra.finish());
    }
    q
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decoded {
    pub scenario: Scenario,
    /// The pinned scenario A of a comparison link (keys `a.…`), if the link holds one.
    pub compare: Option<Scenario>,
    /// What was ignored and why, one per problem, each naming the key.
    pub notices: Vec<FieldError>,
    /// Page settings (`lang`, `theme`, `embed`) as given; the page validates their values.
    pub page: Vec<(String, String)>,
    /// The link starts from the opening example (`ex=1`): the fields it does not name hold the
    /// example's choices.
    pub example: bool,
}

/// At most 40 characters of untrusted text, for messages (rendered as text, never as markup).
fn quote(s: &str) -> String {
    let t: String = s.chars().filter(|c| !c.is_control()).take(40).collect();
    if s.chars().count() > 40 {
        format!("{t}…")
    } else {
        t
    }
}

/// The query part of a full URL or of a bare query string.
pub fn query_of(link: &str) -> &str {
    let no_fragment = link.split('#').next().unwrap_or("");
    match no_fragment.split_once('?') {
        Some((_, q)) => q,
        None if no_fragment.contains('=') => no_fragment,
        None => "",
    }
}

fn choice_ok(path: &str, v: &str) -> bool {
    match param(path).map(|p| p.kind) {
        Some(Kind::Choice(src)) => super::resolve::choice_ok(src, v, Catalog::get()),
        _ => false,
    }
}

/// Decodes a link (full URL or query string). Keeps every valid field; every other one becomes a
/// notice. Unknown versions keep nothing of the scenario (of A alone, for `a.v`).
pub fn decode(link: &str) -> Decoded {
    let query = query_of(link);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .take(500)
        .collect();
    let (a_pairs, pairs): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .partition(|(k, _)| k.starts_with(COMPARE_PREFIX));
    let mut out = decode_pairs(pairs, true);
    if out.notices.iter().any(|n| n.path == "v") || a_pairs.is_empty() {
        return out;
    }
    let a_pairs: Vec<(String, String)> = a_pairs
        .into_iter()
        .map(|(k, v)| (k[COMPARE_PREFIX.len()..].to_string(), v))
        .collect();
    let a = decode_pairs(a_pairs, false);
    let rejected = a.notices.iter().any(|n| n.path == "v");
    out.notices.extend(a.notices.into_iter().map(|mut n| {
        n.path = format!("{COMPARE_PREFIX}{}", n.path);
        n.message = format!("A: {}", n.message);
        n
    }));
    if !rejected {
        out.compare = Some(a.scenario);
    }
    out
}

/// One scenario's pairs; page settings only where `page_keys` (B's part of the link). An
/// unknown version keeps nothing but the page settings, with a notice at path `v`.
fn decode_pairs(pairs: Vec<(String, String)>, page_keys: bool) -> Decoded {
    let mut out = Decoded::default();
    let is_page = |k: &str| page_keys && PAGE_KEYS.contains(&k);
    let version = pairs.iter().find(|(k, _)| k == "v").map(|(_, v)| v.clone());
    match version.as_deref() {
        None | Some("1") => {}
        Some(v) => {
            out.notices.push(FieldError::with("v", format!("v: link version `{}` is not one this calculator reads (1); the scenario in it was ignored", quote(v)), Problem::UnknownVersion { got: quote(v) }));
            out.page = pairs.into_iter().filter(|(k, _)| is_page(k)).collect();
            return out;
        }
    }
    let base = pairs
        .iter()
        .find(|(k, _)| k == EXAMPLE_KEY)
        .map(|(_, v)| v.clone());
    out.example = base.as_deref() == Some(example::VERSION);
    if let Some(v) = base.filter(|_| !out.example) {
        out.notices.push(FieldError::with(EXAMPLE_KEY, format!("ex: example `{}` is not one this calculator knows (1); the link was read without it", quote(&v)), Problem::UnknownVersion { got: quote(&v) }));
    }
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in pairs {
        if key == "v" || key == EXAMPLE_KEY {
            continue;
        }
        if is_page(&key) {
            out.page.push((key, value));
            continue;
        }
        let path = path_for(&key);
        let Some(def) = param(path) else {
            if !key.is_empty() {
                out.notices.push(FieldError::with(
                    quote(&key),
                    format!("`{}` is not a scenario field; ignored", quote(&key)),
                    Problem::UnknownField,
                ));
            }
            continue;
        };
        if seen.iter().any(|s| s == path) {
            out.notices.push(FieldError::with(
                path,
                format!("{path} appears twice; the first value was kept"),
                Problem::Twice,
            ));
            continue;
        }
        seen.push(path.to_string());
        if out.example && value.is_empty() {
            continue; // the example's choice emptied: the calculator's default
        }
        let s = &mut out.scenario;
        match def.kind {
            Kind::Number | Kind::Count => match value.trim().parse::<f64>() {
                Ok(v) => match def.check(v) {
                    Ok(()) => {
                        s.set_number(path, Some(v));
                    }
                    Err(m) => out.notices.push(FieldError::with(
                        path,
                        format!("{m}; ignored"),
                        Problem::Range { got: v },
                    )),
                },
                Err(_) => out.notices.push(FieldError::with(
                    path,
                    format!("{path}: `{}` is not a number; ignored", quote(&value)),
                    Problem::NotANumber { got: quote(&value) },
                )),
            },
            Kind::Choice(_) => {
                if choice_ok(path, &value) {
                    s.set_text(path, Some(value));
                } else {
                    out.notices.push(FieldError::with(
                        path,
                        format!("{path}: unknown value `{}`; ignored", quote(&value)),
                        Problem::UnknownChoice { got: quote(&value) },
                    ));
                }
            }
            Kind::Text => {
                let clean: String = value
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(def.max as usize)
                    .collect();
                if clean.chars().count() < value.chars().count() {
                    out.notices.push(FieldError::with(
                        path,
                        format!("{path} was shortened to {} characters", def.max),
                        Problem::TooLong { max: def.max },
                    ));
                }
                s.set_text(path, Some(clean));
            }
            Kind::Bool => match value.as_str() {
                "1" | "true" => s.embodied.include = Some(true),
                "0" | "false" => s.embodied.include = Some(false),
                other => out.notices.push(FieldError::with(
                    path,
                    format!("{path}: `{}` is not 0 or 1; ignored", quote(other)),
                    Problem::NotANumber { got: quote(other) },
                )),
            },
        }
    }
    if out.example {
        fill_from_example(&mut out.scenario, &seen);
    }
    out
}

/// The example's choice in every field the link does not name.
fn fill_from_example(s: &mut Scenario, named: &[String]) {
    let ex = example::example();
    for p in example::fields()
        .iter()
        .filter(|p| !named.iter().any(|n| n == p.path))
    {
        match p.kind {
            Kind::Number | Kind::Count => {
                if let Some(v) = ex.number(p.path) {
                    s.set_number(p.path, Some(v));
                }
            }
            Kind::Choice(_) | Kind::Text => {
                if let Some(v) = ex.text(p.path) {
                    s.set_text(p.path, Some(v.to_string()));
                }
            }
            Kind::Bool => {
                if ex.embodied.include.is_some() {
                    s.embodied.include = ex.embodied.include;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_short() {
        assert_eq!(fmt_number(2e12), "2e12");
        assert_eq!(fmt_number(0.43), "0.43");
        assert_eq!(fmt_number(4096.0), "4096");
        assert_eq!(fmt_number(7.05e10), "7.05e10");
    }

    #[test]
    fn a_readable_link() {
        let mut s = Scenario::default();
        s.model.preset = Some("llama-2-70b".into());
        s.inference.batch = Some(32.0);
        assert_eq!(encode(&s), "v=1&preset=llama-2-70b&inference.batch=32");
    }

    #[test]
    fn a_link_from_the_example_holds_only_what_the_reader_changed() {
        let mut s = example::opening();
        assert_eq!(encode_on(&s, true), "v=1&ex=1");
        s.inference.region = Some("de".into());
        s.inference.batch = None;
        let q = encode_on(&s, true);
        assert_eq!(q, "v=1&ex=1&inference.batch=&inference.region=de");
        let d = decode(&q);
        assert!(d.example && d.notices.is_empty(), "{:?}", d.notices);
        assert_eq!(d.scenario, s);
        // Without `ex`, the same keys mean what they always meant: no example behind them.
        let plain = decode("v=1&inference.region=de");
        assert!(!plain.example && plain.scenario.model.preset.is_none());
    }

    #[test]
    fn an_unknown_example_is_a_notice_and_nothing_of_it_is_used() {
        let d = decode("v=1&ex=9&inference.days=30");
        assert!(!d.example);
        assert_eq!(d.notices.len(), 1);
        assert_eq!(d.notices[0].path, "ex");
        assert_eq!(d.scenario.model.preset, None);
        assert_eq!(d.scenario.inference.days, Some(30.0));
    }

    #[test]
    fn bad_fields_become_notices_and_good_ones_stay() {
        let d = decode("https://x.example/?v=1&preset=gpt-3-175b&training.mfu=3&inference.batch=abc&colour=red&inference.days=30");
        assert_eq!(d.scenario.model.preset.as_deref(), Some("gpt-3-175b"));
        assert_eq!(d.scenario.inference.days, Some(30.0));
        assert_eq!(d.scenario.training.mfu, None);
        let paths: Vec<&str> = d.notices.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(paths, ["training.mfu", "inference.batch", "colour"]);
        assert!(d.notices[0].message.contains("[0.001, 1]"));
    }

    #[test]
    fn a_comparison_link_carries_a_after_b_and_reads_back() {
        let mut b = Scenario::default();
        b.model.preset = Some("llama-2-70b".into());
        b.inference.batch = Some(32.0);
        let mut a = b.clone();
        a.inference.batch = Some(8.0);
        let q = encode_pair(&b, Some(&a));
        assert_eq!(
            q,
            "v=1&preset=llama-2-70b&inference.batch=32&a.v=1&a.preset=llama-2-70b&a.inference.batch=8"
        );
        let d = decode(&q);
        assert_eq!((d.scenario, d.compare), (b.clone(), Some(a)));
        assert!(d.notices.is_empty(), "{:?}", d.notices);
        // Without a pinned scenario the link is what it always was.
        assert_eq!(encode_pair(&b, None), encode(&b));
        assert_eq!(decode(&encode(&b)).compare, None);
        // An A with no field set is still a comparison.
        let d = decode(&encode_pair(&b, Some(&Scenario::default())));
        assert_eq!(d.compare, Some(Scenario::default()));
    }

    #[test]
    fn a_bad_field_of_a_is_named_as_as() {
        let d =
            decode("?v=1&inference.batch=32&a.v=1&a.training.mfu=3&a.lang=zh&a.inference.batch=8");
        assert_eq!(
            d.compare.as_ref().and_then(|a| a.inference.batch),
            Some(8.0)
        );
        assert_eq!(d.compare.as_ref().and_then(|a| a.training.mfu), None);
        let paths: Vec<&str> = d.notices.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(paths, ["a.training.mfu", "a.lang"]);
        assert!(d.page.is_empty(), "A's keys are never page settings");
        // A future version of A drops A alone.
        let d = decode("?v=1&inference.batch=32&a.v=7&a.inference.batch=8");
        assert_eq!(d.compare, None);
        assert_eq!(d.scenario.inference.batch, Some(32.0));
        assert_eq!(d.notices[0].path, "a.v");
    }

    #[test]
    fn a_future_version_keeps_nothing_but_says_so() {
        let d = decode("?v=9&preset=gpt-3-175b&lang=zh");
        assert_eq!(d.scenario, Scenario::default());
        assert_eq!(d.notices[0].path, "v");
        assert_eq!(d.page, vec![("lang".to_string(), "zh".to_string())]);
    }
}
