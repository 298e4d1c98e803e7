//! Loads every data file and checks units, ranges, ids and that every number names a source.

use llm_footprint::data::{Catalog, Sourced};
use llm_footprint::engine::{estimate_with, resolve, Options, Scenario};

fn sourced(what: &str, s: &Sourced) {
    assert!(
        s.value.is_finite(),
        "{what}: value {} is not finite",
        s.value
    );
    assert!(
        s.source.as_str().trim().len() >= 8,
        "{what}: source `{}` is too thin to find",
        s.source
    );
}

fn within(what: &str, s: &Sourced, lo: f64, hi: f64) {
    sourced(what, s);
    assert!(
        (lo..=hi).contains(&s.value),
        "{what} = {} outside the plausible [{lo}, {hi}]",
        s.value
    );
}

#[test]
fn every_file_loads() {
    let c = Catalog::load().expect("all data files parse");
    for v in [
        &c.hardware.version,
        &c.grids.version,
        &c.defaults.version,
        &c.presets.version,
        &c.equivalences.version,
        &c.water.version,
    ] {
        assert!(!v.is_empty() && v != "TEMP", "data version `{v}`");
    }
    // What build.rs compiled in is exactly what the files say.
    let compiled = Catalog::get();
    assert!(
        c.hardware == compiled.hardware,
        "hardware.json differs from the compiled-in catalog"
    );
    assert!(
        c.grids == compiled.grids,
        "grids.json differs from the compiled-in catalog"
    );
    assert!(
        c.defaults == compiled.defaults,
        "defaults.json differs from the compiled-in catalog"
    );
    assert!(
        c.presets == compiled.presets,
        "presets.json differs from the compiled-in catalog"
    );
    assert!(
        c.equivalences == compiled.equivalences,
        "equivalences.json differs from the compiled-in catalog"
    );
    assert!(
        c.water == compiled.water,
        "water.json differs from the compiled-in catalog"
    );
    assert!(
        c.index == compiled.index,
        "the compiled-in catalog's index differs from the one built on loading"
    );
    assert!(c == *compiled);
    // Every preset's scenario is a valid scenario document, parsed the same from both.
    for (p, q) in c
        .presets
        .presets
        .iter()
        .zip(compiled.presets.presets.iter())
    {
        let s = Scenario::from_json(&p.scenario_json)
            .unwrap_or_else(|e| panic!("preset {}: {}", p.id, e.message));
        assert_eq!(s, *p.scenario());
        assert_eq!(s, *q.scenario());
        assert_ne!(
            s,
            Scenario::default(),
            "preset {} has an empty scenario",
            p.id
        );
    }
}

#[test]
fn hardware_has_the_required_ids_with_plausible_units() {
    let c = Catalog::get();
    for id in [
        "p100",
        "v100",
        "a100-40gb",
        "a100-80gb",
        "h100",
        "h200",
        "h800",
        "b200",
        "tpu-v2",
        "tpu-v3",
        "tpu-v4",
        "tpu-v5e",
        "mi250x",
        "mi300x",
        "rtx-4090",
    ] {
        assert!(c.accelerator(id).is_some(), "hardware catalog lacks {id}");
    }
    for a in c.hardware.accelerators.iter() {
        let n = |f: &str| format!("{}.{f}", a.id);
        within(&n("tdp_w"), &a.tdp_w, 50.0, 2000.0);
        within(&n("idle_w"), &a.idle_w, 5.0, a.tdp_w.value);
        within(
            &n("train_power_w"),
            &a.train_power_w,
            0.2 * a.tdp_w.value,
            2.0 * a.tdp_w.value,
        );
        within(&n("memory_gb"), &a.memory_gb, 8.0, 300.0);
        within(&n("memory_bw_tb_s"), &a.memory_bw_tb_s, 0.2, 12.0);
        within(&n("link_gb_s"), &a.link_gb_s, 10.0, 5000.0);
        within(&n("default_mfu"), &a.default_mfu, 0.05, 0.8);
        within(&n("embodied_kg"), &a.embodied_kg, 1.0, 5000.0);
        let p = &a.peak_tflops;
        let rates = [&p.fp32, &p.fp16, &p.bf16, &p.fp8, &p.int8, &p.int4];
        assert!(
            p.fp16.is_some() || p.bf16.is_some(),
            "{}: no 16-bit peak",
            a.id
        );
        for r in rates.into_iter().flatten() {
            within(&n("peak_tflops"), r, 1.0, 20_000.0);
        }
        // Narrower types are never slower than wider ones on the same device.
        if let (Some(h), Some(f)) = (p.bf16.as_ref().or(p.fp16.as_ref()), p.fp32.as_ref()) {
            assert!(h.value >= f.value, "{}: 16-bit peak below fp32", a.id);
        }
    }
}

#[test]
fn grids_cover_fifty_countries_and_the_world() {
    let c = Catalog::get();
    assert!(c.region("world").is_some());
    let countries = c.grids.regions.iter().filter(|r| r.id.len() == 2).count();
    assert!(countries >= 50, "{countries} countries");
    for r in c.grids.regions.iter() {
        let id_ok = match &*r.kind {
            "world" => r.id == "world",
            "country" => r.id.len() == 2 && r.id.chars().all(|ch| ch.is_ascii_lowercase()),
            "grid" => r.id.starts_with("us-"),
            "cloud" => ["aws-", "azure-", "gcp-"]
                .iter()
                .any(|p| r.id.starts_with(p)),
            _ => false,
        };
        assert!(id_ok, "region id {} of kind {}", r.id, r.kind);
        assert!(
            !r.name.is_empty() && !r.name_zh.is_empty(),
            "{} needs both names",
            r.id
        );
        within(&format!("grid {}", r.id), &r.g_per_kwh, 0.0, 1300.0);
    }
    let mut ids: Vec<_> = c.grids.regions.iter().map(|r| &r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), c.grids.regions.len(), "duplicate region ids");
}

/// One basis: every world and country row is Ember's life-cycle yearly data, every US grid row
/// Electricity Maps' life-cycle yearly value, each for a named year; `world` on the same footing.
#[test]
fn grid_rows_share_one_life_cycle_basis_with_their_year() {
    let c = Catalog::get();
    assert_eq!(c.grids.basis, "life-cycle");
    for r in c.grids.regions.iter() {
        let g = &r.g_per_kwh;
        let year = g.year.unwrap_or_else(|| panic!("{}: no year", r.id));
        assert!((2022..=2025).contains(&year), "{}: year {year}", r.id);
        let dataset = match &*r.kind {
            "world" | "country" => "Ember yearly electricity data, life-cycle",
            "grid" => "Electricity Maps yearly carbon intensity 2024 (life-cycle",
            _ => continue,
        };
        assert!(
            g.source.as_str().starts_with(dataset),
            "{}: source `{}`",
            r.id,
            g.source
        );
    }
    // The world row is the same dataset and vintage as the countries (Ember 2024: 473 g/kWh).
    let w = c.region("world").unwrap().g_per_kwh.clone();
    assert_eq!(w.year, Some(2024));
    assert!((470.0..=476.0).contains(&w.value), "world {}", w.value);
}

/// A cloud region names where its provider says it is and copies the grid row it maps to.
#[test]
fn cloud_regions_copy_their_grid_and_name_the_provider_page() {
    let c = Catalog::get();
    let clouds: Vec<_> = c
        .grids
        .regions
        .iter()
        .filter(|r| r.kind == "cloud")
        .collect();
    for id in [
        "aws-us-east-1",
        "aws-us-west-2",
        "aws-eu-west-1",
        "aws-eu-central-1",
        "aws-ap-northeast-1",
        "azure-eastus",
        "azure-westeurope",
        "gcp-us-central1",
        "gcp-europe-west4",
    ] {
        assert!(c.region(id).is_some(), "no cloud region {id}");
    }
    for r in clouds {
        let g = r
            .grid
            .as_deref()
            .unwrap_or_else(|| panic!("{} names no grid", r.id));
        let to = c
            .region(g)
            .unwrap_or_else(|| panic!("{}: no row {g}", r.id));
        assert!(
            to.kind == "country" || to.kind == "grid",
            "{} maps to {}",
            r.id,
            to.kind
        );
        assert_eq!(r.g_per_kwh.value, to.g_per_kwh.value, "{} vs {g}", r.id);
        let page = [
            "docs.aws.amazon.com",
            "learn.microsoft.com",
            "cloud.google.com",
        ];
        assert!(
            page.iter().any(|p| r.g_per_kwh.source.as_str().contains(p)),
            "{}: provider page",
            r.id
        );
    }
    // Virginia's regions sit on PJM, not on the US average.
    assert_eq!(
        c.region("aws-us-east-1").unwrap().grid.as_deref(),
        Some("us-pjm")
    );
}

/// The embodied figure is its two parts, its basis one of three, and NVIDIA's own product
/// footprints stand behind the boards that have them (1,312 and 2,274 kg per 8-GPU baseboard),
/// Google's TPU life-cycle study behind TPU v4 and v5e.
#[test]
fn embodied_carbon_states_its_basis_and_split() {
    let c = Catalog::get();
    for a in c.hardware.accelerators.iter() {
        let sum = a.embodied_device_kg.value + a.embodied_host_kg.value;
        assert!(
            (sum - a.embodied_kg.value).abs() < 0.01,
            "{}: parts {sum}",
            a.id
        );
        sourced(&format!("{} device", a.id), &a.embodied_device_kg);
        sourced(&format!("{} host", a.id), &a.embodied_host_kg);
        let want = match &*a.id {
            "h100" | "b200" | "tpu-v4" | "tpu-v5e" => "first_party",
            "a100-40gb" => "study",
            _ => "proxy",
        };
        assert_eq!(a.embodied_basis, want, "{}", a.id);
        if a.embodied_basis == "proxy" {
            let n = a
                .embodied_device_kg
                .note
                .as_ref()
                .map_or("", |n| n.as_str());
            assert!(
                n.contains("proxy") || n.contains("Proxy"),
                "{}: proxy unmarked",
                a.id
            );
        }
    }
    let per_gpu = |id: &str| c.accelerator(id).unwrap().embodied_device_kg.value;
    assert_eq!(per_gpu("h100"), 1312.0 / 8.0);
    assert_eq!(per_gpu("b200"), 2274.0 / 8.0);
    // Google's TPU LCA (Schneider et al. 2025, Table 1): v5e's TPU and host per chip.
    assert_eq!(per_gpu("tpu-v5e"), 238.0);
    let v5e_host = c.accelerator("tpu-v5e").unwrap().embodied_host_kg.value;
    assert_eq!(v5e_host, 106.0);
    assert!(c
        .accelerator("h100")
        .unwrap()
        .embodied_device_kg
        .source
        .as_str()
        .contains("HGX-H100-PCF"));
}

/// Idle power says whether it was measured on the device, borrowed from a sibling, or scaled.
#[test]
fn idle_power_states_its_basis() {
    let c = Catalog::get();
    for a in c.hardware.accelerators.iter() {
        let d = a.idle_w.derivation.as_ref().map_or("", |d| d.as_str());
        match &*a.idle_basis {
            // A measurement is used as read, or averaged over the readings of one machine.
            "measured" => assert!(
                d.is_empty() || d.starts_with("mean of"),
                "{}: a measurement needs no derivation but an average",
                a.id
            ),
            "scaled" | "borrowed" => {
                let n = a.idle_w.note.as_ref().map_or("", |n| n.as_str());
                assert!(
                    !d.is_empty() || !n.is_empty(),
                    "{}: how was it carried over?",
                    a.id
                )
            }
            other => panic!("{}: idle_basis {other}", a.id),
        }
    }
}

#[test]
fn defaults_are_sourced_and_in_range() {
    let d = &Catalog::get().defaults;
    within("pue", &d.pue, 1.0, 2.5);
    within("wue", &d.wue_l_per_kwh, 0.0, 5.0);
    within("host fraction", &d.inference_host_fraction, 0.0, 2.0);
    within(
        "compute efficiency",
        &d.inference_compute_efficiency,
        0.05,
        1.0,
    );
    within(
        "bandwidth efficiency",
        &d.inference_memory_bw_efficiency,
        0.05,
        1.0,
    );
    within("usable memory", &d.usable_memory_fraction, 0.3, 1.0);
    within("lifetime", &d.lifetime_years, 1.0, 15.0);
    within("serving utilisation", &d.serving_utilisation, 0.05, 1.0);
}

#[test]
fn equivalences_are_sourced() {
    let e = &Catalog::get().equivalences;
    assert!(e.carbon.len() >= 3);
    for q in e.carbon.iter() {
        within(&q.id, &q.kg_co2e_per_unit, 1e-6, 10_000.0);
        assert!(!q.label.is_empty() && !q.label_zh.is_empty());
    }
    within(
        "household kWh/yr",
        &e.household_kwh_per_year,
        500.0,
        20_000.0,
    );
}

fn leaf_paths(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaf_paths(&p, v, out);
            }
        }
        serde_json::Value::Null => {}
        _ => out.push(prefix.to_string()),
    }
}

#[test]
fn presets_are_complete_sourced_and_resolve() {
    let c = Catalog::get();
    assert!(
        c.presets.presets.len() >= 15,
        "{} presets",
        c.presets.presets.len()
    );
    for id in [
        "gpt-3-175b",
        "bloom-176b",
        "llama-2-70b",
        "llama-3.1-8b",
        "llama-3.1-70b",
        "llama-3.1-405b",
        "mistral-7b",
        "mixtral-8x7b",
        "deepseek-v3",
    ] {
        assert!(c.preset(id).is_some(), "missing preset {id}");
    }
    for p in c.presets.presets.iter() {
        let s = p.scenario();
        let mut paths = Vec::new();
        leaf_paths("", &serde_json::to_value(&*s).unwrap(), &mut paths);
        for path in &paths {
            let src = p.source(path).map(str::trim).unwrap_or("");
            assert!(src.len() >= 8, "preset {}: `{path}` has no source", p.id);
        }
        for key in [
            "model.params",
            "model.layers",
            "model.d_model",
            "model.heads",
            "model.kv_heads",
            "model.context",
            "model.vocab",
        ] {
            assert!(
                paths.iter().any(|x| x == key),
                "preset {} lacks {key}",
                p.id
            );
        }
        // A published footprint needs the run it describes.
        if p.reported.is_some() {
            for key in ["training.tokens", "training.accelerator"] {
                assert!(
                    paths.iter().any(|x| x == key),
                    "preset {} reports a footprint but lacks {key}",
                    p.id
                );
            }
        }
        assert!(
            s.training.accelerator_hours.is_none(),
            "preset {}: device-hours belong in `reported`",
            p.id
        );
        let scenario = Scenario {
            model: llm_footprint::engine::scenario::Model {
                preset: Some(p.id.to_string()),
                ..Default::default()
            },
            ..Default::default()
        };
        let est = estimate_with(
            &scenario,
            &Options {
                samples: 0,
                seed: 1,
            },
        )
        .unwrap_or_else(|e| panic!("preset {} does not resolve: {e:?}", p.id));
        assert!(est.results.total.co2e_kg > 0.0);
        if let Some(r) = &p.reported {
            assert!(
                r.source.len() >= 8 && !r.scope.is_empty(),
                "preset {}: reported needs scope and source",
                p.id
            );
            if r.accelerator_hours.is_some() {
                assert!(
                    resolve::implied_mfu(p, c).is_some(),
                    "preset {}: reported hours imply an MFU outside (0, 1]",
                    p.id
                );
            }
        }
    }
}

#[test]
fn sources_name_public_documents_not_our_working_files() {
    for file in [
        include_str!("../src/data/hardware.json"),
        include_str!("../src/data/grids.json"),
        include_str!("../src/data/defaults.json"),
        include_str!("../src/data/presets.json"),
        include_str!("../src/data/equivalences.json"),
        include_str!("../src/data/water.json"),
        include_str!("../src/data/runs.json"),
        include_str!("../src/data/serving_runs.json"),
        include_str!("../src/data/rl_runs.json"),
    ] {
        for bad in ["shared/", "index id", "project brief", "this session"] {
            assert!(!file.contains(bad), "a data file cites `{bad}`");
        }
    }
}

/// The index finds every row by its id (the first, where ids repeat) and nothing else: a
/// look-up by binary search answers as the scan it replaced.
#[test]
fn every_row_is_found_by_its_id() {
    fn check<T>(
        what: &str,
        rows: &[T],
        id_of: impl Fn(&T) -> &str,
        find: impl Fn(&str) -> Option<*const T>,
    ) {
        for r in rows {
            let id = id_of(r);
            let first = rows.iter().find(|x| id_of(x) == id).map(|x| x as *const T);
            assert_eq!(find(id), first, "{what}: {id}");
            assert_eq!(find(&format!("{id}-nowhere")), None, "{what}: {id}-nowhere");
        }
        assert_eq!(find(""), None, "{what}: the empty id");
    }
    let c = Catalog::get();
    check(
        "accelerators",
        &c.hardware.accelerators,
        |a| &a.id,
        |id| c.accelerator(id).map(|x| x as *const _),
    );
    check(
        "regions",
        &c.grids.regions,
        |r| &r.id,
        |id| c.region(id).map(|x| x as *const _),
    );
    check(
        "operators",
        &c.water.operators,
        |o| &o.id,
        |id| c.operator(id).map(|x| x as *const _),
    );
    check(
        "presets",
        &c.presets.presets,
        |p| &p.id,
        |id| c.preset(id).map(|x| x as *const _),
    );
    // Every region's water row: its own, else its country's (a cloud region its grid's, a US
    // grid region the United States').
    for r in c.grids.regions.iter() {
        let site = c.site(&r.id).expect("a region's site");
        assert!(std::ptr::eq(site.region, r), "{}", r.id);
        let own = c.water.regions.iter().find(|w| w.id == r.id);
        let country = match (&*r.kind, r.grid.as_deref()) {
            ("cloud", Some(g)) if g.starts_with("us-") => "us",
            ("cloud", Some(g)) => g,
            ("grid", _) if r.id.starts_with("us-") => "us",
            _ => &r.id,
        };
        let want = own.or_else(|| c.water.regions.iter().find(|w| w.id == country));
        assert_eq!(site.water.map(|w| &*w.id), want.map(|w| &*w.id), "{}", r.id);
    }
}
