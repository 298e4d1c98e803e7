//! Share links: fixtures of v1 links keep their numbers; encode/decode round-trips; the decoder
//! never panics on any string and never keeps an invalid value.

use llm_footprint::engine::link::{decode, encode};
use llm_footprint::engine::{estimate, Scenario};
use proptest::prelude::*;

#[test]
fn v1_links_made_today_keep_their_numbers() {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/links-v1.json")).unwrap();
    let version = llm_footprint::data::Catalog::get().data_version();
    for case in doc["links"].as_array().unwrap() {
        let link = case["link"].as_str().unwrap();
        assert_eq!(
            case["data_version"].as_str().unwrap(),
            version,
            "the data changed since these links were recorded: check the differences and update tests/fixtures/links-v1.json on purpose"
        );
        let d = decode(link);
        assert!(d.notices.is_empty(), "{link}: {:?}", d.notices);
        let r = estimate(&d.scenario)
            .unwrap_or_else(|e| panic!("{link}: {e:?}"))
            .results;
        for (key, got) in [
            ("total_co2e_kg", r.total.co2e_kg),
            ("total_energy_kwh", r.total.energy_kwh),
            ("energy_per_query_wh", r.inference.energy_per_query_wh),
            ("p50_co2e_kg", r.ranges.total_co2e_kg.p50),
        ] {
            let want = case[key].as_f64().unwrap();
            assert!(
                (got - want).abs() <= 1e-9 * want.abs(),
                "{link}: {key} {got} != {want}"
            );
        }
        // Re-encoding gives back the same scenario part of the link.
        let again = decode(&encode(&d.scenario));
        assert_eq!(again.scenario, d.scenario, "{link}");
    }
}

#[test]
fn a_fully_edited_scenario_fits_in_any_link() {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/links-v1.json")).unwrap();
    let full = doc["links"][4]["link"].as_str().unwrap();
    let mut s = decode(full).scenario;
    // Every field set.
    s.fine_tuning.method = Some("full".into());
    for p in llm_footprint::engine::params::PARAMS {
        if s.number(p.path).is_none()
            && matches!(
                p.kind,
                llm_footprint::engine::params::Kind::Number
                    | llm_footprint::engine::params::Kind::Count
            )
        {
            s.set_number(p.path, Some(p.max.min(123_456_789.0).floor()));
        }
    }
    s.fine_tuning.accelerator = Some("a100-80gb".into());
    s.fine_tuning.region = Some("se".into());
    s.training.region = Some("us".into());
    let link = encode(&s);
    // Under 2,048 characters, the strictest limit in common use (the sitemaps protocol; old
    // Internet Explorer took 2,083). With every field set (RL and off-site water included) it is
    // about 2,000.
    assert!(link.len() < 2048, "{} characters", link.len());
    assert_eq!(decode(&link).scenario, s);
}

#[test]
fn hostile_links_open_with_what_is_valid() {
    for (link, kept_batch, notice_paths) in [
        (
            "?v=1&inference.batch=8&inference.days=1e400",
            Some(8.0),
            vec!["inference.days"],
        ),
        (
            "?v=1&inference.batch=8&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            Some(8.0),
            vec![],
        ),
        (
            "?v=1&inference.batch=8&preset=%3Cimg%20src%3Dx%3E",
            Some(8.0),
            vec!["model.preset"],
        ),
        (
            "?v=1&inference.batch=8&inference.bat",
            Some(8.0),
            vec!["inference.bat"],
        ),
        (
            "?v=1&inference.batch=-1&inference.batch=8",
            None,
            vec!["inference.batch", "inference.batch"],
        ),
        (
            "?v=1&inference.batch=8&training.tokens=NaN&training.mfu=inf",
            Some(8.0),
            vec!["training.tokens", "training.mfu"],
        ),
        ("?v=1&inference.batch=8%", None, vec!["inference.batch"]),
        ("?v=2&inference.batch=8", None, vec!["v"]),
        ("%%%&&&===", None, vec![]),
    ] {
        let d = decode(link);
        assert_eq!(d.scenario.inference.batch, kept_batch, "{link}");
        let paths: Vec<&str> = d.notices.iter().map(|n| n.path.as_str()).collect();
        for p in &notice_paths {
            assert!(paths.contains(p), "{link}: notices {paths:?} lack {p}");
        }
        // Whatever was kept is a valid scenario.
        estimate(&d.scenario).unwrap_or_else(|e| panic!("{link}: kept an invalid value: {e:?}"));
    }
    // Markup in the name is kept as text, to be shown as text.
    let d = decode("?name=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert_eq!(
        d.scenario.name.as_deref(),
        Some("<script>alert(1)</script>")
    );
}

fn any_scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::option::of(prop::sample::select(vec![
            "llama-2-70b",
            "gpt-3-175b",
            "mistral-7b",
        ])),
        prop::option::of(1e9f64..1e13),
        prop::option::of(0.01f64..1.0),
        prop::option::of(1u32..1024),
        prop::option::of(prop::sample::select(vec!["none", "full", "lora"])),
        prop::option::of(".{0,60}"),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(vec!["us", "fr", "cn", "world"])),
    )
        .prop_map(
            |(preset, tokens, mfu, batch, method, name, include, region)| {
                let mut s = Scenario::default();
                s.model.preset = preset.map(String::from);
                s.training.tokens = tokens;
                s.training.mfu = mfu;
                s.inference.batch = batch.map(f64::from);
                s.fine_tuning.method = method.map(String::from);
                s.name = name.map(|n| n.chars().filter(|c| !c.is_control()).collect());
                s.embodied.include = include;
                s.inference.region = region.map(String::from);
                s
            },
        )
}

proptest! {
    // 20,000 arbitrary strings per run (plus the structured cases below).
    #![proptest_config(ProptestConfig { cases: 20_000, .. ProptestConfig::default() })]
    #[test]
    fn decoding_any_string_never_panics_and_keeps_only_valid_values(text in ".{0,300}") {
        let d = decode(&text);
        prop_assert!(llm_footprint::engine::resolve::validate(&d.scenario, llm_footprint::data::Catalog::get()).is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, .. ProptestConfig::default() })]
    #[test]
    fn decoding_link_shaped_strings_never_panics(keys in prop::collection::vec(prop::sample::select(vec!["v", "preset", "inference.batch", "training.mfu", "name", "embodied.include", "lang", "x", ""]), 0..8),
                                               values in prop::collection::vec(".{0,30}", 8)) {
        let link: String = keys.iter().zip(&values).map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        let d = decode(&format!("https://example.org/?{link}#frag"));
        prop_assert!(llm_footprint::engine::resolve::validate(&d.scenario, llm_footprint::data::Catalog::get()).is_empty());
    }

    #[test]
    fn encode_then_decode_is_the_identity(s in any_scenario()) {
        let d = decode(&encode(&s));
        prop_assert!(d.notices.is_empty(), "{:?}", d.notices);
        prop_assert_eq!(d.scenario, s);
    }
}

#[test]
fn the_architecture_fields_travel_in_a_link() {
    let mut s = Scenario::default();
    s.model.preset = Some("mixtral-8x7b".into());
    s.model.ffn = Some("plain".into());
    s.model.embeddings = Some("tied".into());
    s.training.precision = Some("fp8".into());
    s.model.experts = Some(16.0);
    s.training.sequence_length = Some(4096.0);
    let d = decode(&encode(&s));
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    assert_eq!(d.scenario, s);
}

/// A factor a lever writes (the market-based one) is the value the form shows for it: opening
/// the lever's link shows the number it computed with.
#[test]
fn a_levers_written_factor_reads_back_as_the_form_shows_it() {
    use llm_footprint::engine::levers::as_shown;
    use llm_footprint::web::input::{fmt_input, parse_number};
    let mut v = 0.0011;
    while v < 2000.0 {
        for x in [v, v * 1.000_123_4, v * (1.0 - 0.76)] {
            let form = parse_number(&fmt_input(x)).unwrap().unwrap();
            assert_eq!(as_shown(x), form, "{x}: form shows {}", fmt_input(x));
        }
        v *= 1.37;
    }
}
