//! Compiles the data catalogs (`src/data/*.json`) into the binary as one `static`, written to
//! `$OUT_DIR/catalog.rs` and included by `src/data/mod.rs`. The JSON is parsed here with the
//! catalog's own types (`src/data/types.rs`), so a malformed file fails the build with the path of
//! the bad field, and the page carries the data without a JSON parser for it.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

#[allow(dead_code)]
#[path = "src/data/types.rs"]
mod types;

// The scenario type and the table of bounds, so that every value in the data files passes the
// bounds a reader's value must pass (`params.rs` refers to `super::scenario`).
#[allow(dead_code)]
#[path = "src/engine/scenario.rs"]
mod scenario;

#[allow(dead_code)]
#[path = "src/engine/params.rs"]
mod params;

use types::*;

/// What `types::Source::as_str` reads for a table row; the build script holds only texts.
static SOURCES: &[&str] = &[];

/// Writes a value as a Rust constant expression of its own type.
trait Lit {
    fn lit(&self, out: &mut String);
}

impl Lit for f64 {
    fn lit(&self, out: &mut String) {
        assert!(self.is_finite(), "a catalog number is not finite: {self}");
        // `{:?}` prints the shortest text that reads back as the same f64.
        write!(out, "{self:?}f64").unwrap();
    }
}

impl Lit for u32 {
    fn lit(&self, out: &mut String) {
        write!(out, "{self}u32").unwrap();
    }
}

impl Lit for u16 {
    fn lit(&self, out: &mut String) {
        write!(out, "{self}u16").unwrap();
    }
}

impl Lit for Text {
    fn lit(&self, out: &mut String) {
        // `{:?}` escapes a str as a valid Rust string literal.
        write!(out, "Cow::Borrowed({:?})", &**self).unwrap();
    }
}

thread_local! {
    /// The sources met while writing the catalog, each once: `SOURCES` in the generated file.
    static COLLECTED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Lit for Source {
    fn lit(&self, out: &mut String) {
        let Source::Text(text) = self else {
            panic!("a parsed catalog holds source texts");
        };
        let row = COLLECTED.with_borrow_mut(|rows| match rows.iter().position(|r| r == text) {
            Some(i) => i,
            None => {
                rows.push(text.to_string());
                rows.len() - 1
            }
        });
        let row = u16::try_from(row).expect("fewer than 65536 sources");
        write!(out, "Source::Table({row})").unwrap();
    }
}

impl<T: Lit> Lit for Option<T> {
    fn lit(&self, out: &mut String) {
        match self {
            None => out.push_str("None"),
            Some(v) => {
                out.push_str("Some(");
                v.lit(out);
                out.push(')');
            }
        }
    }
}

impl<A: Lit, B: Lit> Lit for (A, B) {
    fn lit(&self, out: &mut String) {
        out.push('(');
        self.0.lit(out);
        out.push_str(", ");
        self.1.lit(out);
        out.push(')');
    }
}

impl<T: Lit + Clone> Lit for List<T> {
    fn lit(&self, out: &mut String) {
        out.push_str("Cow::Borrowed(&[");
        for v in self.iter() {
            v.lit(out);
            out.push_str(",\n");
        }
        out.push_str("])");
    }
}

/// `Lit` for a struct, field by field. A field left out of the list is a compile error in the
/// generated code (missing field), so the list cannot silently fall behind the type.
macro_rules! lit_struct {
    ($($name:ident { $($field:ident),* $(,)? })*) => {$(
        impl Lit for $name {
            fn lit(&self, out: &mut String) {
                out.push_str(concat!(stringify!($name), " {"));
                $(
                    out.push_str(concat!(stringify!($field), ": "));
                    self.$field.lit(out);
                    out.push_str(", ");
                )*
                out.push('}');
            }
        }
    )*};
}

lit_struct! {
    Sourced { value, source, derivation, year, note }
    PeakRates { fp32, fp16, bf16, fp8, int8, int4 }
    Accelerator { id, name, vendor, year, peak_tflops, tdp_w, idle_w, idle_basis, train_power_w,
        memory_gb, memory_bw_tb_s, link_gb_s, default_mfu, embodied_kg, embodied_device_kg, embodied_host_kg,
        embodied_basis, power_basis }
    HardwareCatalog { version, about, accelerators }
    GridRegion { id, kind, name, name_zh, grid, g_per_kwh }
    GridCatalog { version, about, basis, regions }
    Defaults { version, about, pue, wue_l_per_kwh, inference_host_fraction,
        inference_compute_efficiency, inference_memory_bw_efficiency, usable_memory_fraction,
        lifetime_years, serving_utilisation, training_host_overhead, renewable_share, training_mfu,
        serving_model, rl }
    RlDefaults { prompts, samples_per_prompt, prompt_tokens, generated_tokens, max_generated_tokens,
        rollout_batch }
    ServingModel { low_precision_compute_factor, step_overhead_s_per_layer,
        expert_parallel_overhead_s_per_layer, kv_cache_bw_efficiency, token_overhead_s_per_layer,
        expert_overhead_s, power_floor, power_per_memory_utilisation, power_per_compute_utilisation,
        expert_bw_efficiency, link_efficiency, low_precision_quant_overhead_s_per_layer,
        low_precision_expert_bw_factor, fitted_devices_max }
    MfuModel { reference_active_params, reference_devices, size_exponent, cluster_exponent, moe_factor }
    Reported { accelerator_hours, energy_mwh, co2e_t, scope, source }
    Preset { id, name, org, year, scenario_json, sources, reported }
    PresetCatalog { version, about, presets }
    Equivalence { id, label, label_zh, kg_co2e_per_unit }
    EquivalenceCatalog { version, about, carbon, household_kwh_per_year, household_label,
        household_label_zh }
    WaterRegion { id, l_per_kwh }
    Operator { id, name, wue_l_per_kwh }
    WaterCatalog { version, about, world, regions, operators }
    Index { accelerators, regions, water_regions, operators, presets }
    Catalog { hardware, grids, defaults, presets, equivalences, water, index }
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/data/types.rs");
    println!("cargo::rerun-if-changed=src/engine/scenario.rs");
    println!("cargo::rerun-if-changed=src/engine/params.rs");
    let catalog = Catalog::parse_files(|file| {
        let path = Path::new("src/data").join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = check_bounds(&catalog) {
        panic!("{e}");
    }
    let mut out = String::from(
        "/// The data files, compiled in by `build.rs`.\npub static CATALOG: Catalog = ",
    );
    catalog.lit(&mut out);
    out.push_str(";\n\n/// The catalog's sources (`Source::Table` rows), apart from the numbers.\nstatic SOURCES: &[&str] = &[\n");
    COLLECTED.with_borrow(|rows| {
        for r in rows {
            writeln!(out, "    {r:?},").unwrap();
        }
    });
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("catalog.rs");
    fs::write(dest, out).unwrap();
}

/// Every value in the data files against the bound of the scenario field it fills: a preset's
/// scenario field by field, and the catalogs' defaults against the fields they stand in for.
fn check_bounds(c: &Catalog) -> Result<(), String> {
    use params::{ChoiceSource, Kind, PARAMS};
    for p in c.presets.presets.iter() {
        let s = scenario::Scenario::from_json(&p.scenario_json)
            .map_err(|e| format!("presets.json: preset {}: {}", p.id, e.message))?;
        for def in PARAMS {
            let bad = match def.kind {
                Kind::Number | Kind::Count => s.number(def.path).and_then(|v| def.check(v).err()),
                Kind::Choice(src) => s.text(def.path).and_then(|v| {
                    let ok = match src {
                        ChoiceSource::Accelerator => {
                            c.hardware.accelerators.iter().any(|a| a.id == v)
                        }
                        ChoiceSource::Region => c.grids.regions.iter().any(|r| r.id == v),
                        ChoiceSource::Fixed(list) => list.contains(&v),
                        _ => true,
                    };
                    (!ok).then(|| format!("{}: unknown value `{v}`", def.path))
                }),
                _ => None,
            };
            if let Some(m) = bad {
                return Err(format!("presets.json: preset {}: {m}", p.id));
            }
        }
    }
    let check = |file: &str, what: &str, path: &str, v: f64| -> Result<(), String> {
        let def = params::param(path).ok_or_else(|| format!("no field {path}"))?;
        def.check(v).map_err(|m| format!("{file}: {what}: {m}"))
    };
    for a in c.hardware.accelerators.iter() {
        check(
            "hardware.json",
            &a.id,
            "training.power_w",
            a.train_power_w.value,
        )?;
        check("hardware.json", &a.id, "training.mfu", a.default_mfu.value)?;
        check("hardware.json", &a.id, "inference.power_w", a.tdp_w.value)?;
        if !["device", "system"].contains(&&*a.power_basis) {
            return Err(format!(
                "hardware.json: {}: power_basis must be device or system",
                a.id
            ));
        }
    }
    check_hardware_bases(c)?;
    for r in c.grids.regions.iter() {
        check(
            "grids.json",
            &r.id,
            "training.grid_g_per_kwh",
            r.g_per_kwh.value,
        )?;
    }
    check_grid_rows(c)?;
    let w = &c.water;
    check(
        "water.json",
        "world",
        "training.water_offsite_l_per_kwh",
        w.world.value,
    )?;
    for r in w.regions.iter() {
        if !c.grids.regions.iter().any(|g| g.id == r.id) {
            return Err(format!(
                "water.json: {}: no such region in grids.json",
                r.id
            ));
        }
        let path = "training.water_offsite_l_per_kwh";
        check("water.json", &r.id, path, r.l_per_kwh.value)?;
    }
    for o in w.operators.iter() {
        check(
            "water.json",
            &o.id,
            "training.wue_l_per_kwh",
            o.wue_l_per_kwh.value,
        )?;
    }
    let d = &c.defaults;
    check("defaults.json", "pue", "training.pue", d.pue.value)?;
    check(
        "defaults.json",
        "wue_l_per_kwh",
        "training.wue_l_per_kwh",
        d.wue_l_per_kwh.value,
    )?;
    check(
        "defaults.json",
        "lifetime_years",
        "embodied.lifetime_years",
        d.lifetime_years.value,
    )?;
    check(
        "defaults.json",
        "training_host_overhead",
        "training.host_overhead",
        d.training_host_overhead.value,
    )?;
    let rl = &d.rl;
    for (what, path, v) in [
        ("rl.prompts", "fine_tuning.rl_prompts", &rl.prompts),
        (
            "rl.samples_per_prompt",
            "fine_tuning.rl_samples_per_prompt",
            &rl.samples_per_prompt,
        ),
        (
            "rl.prompt_tokens",
            "fine_tuning.rl_prompt_tokens",
            &rl.prompt_tokens,
        ),
        (
            "rl.generated_tokens",
            "fine_tuning.rl_generated_tokens",
            &rl.generated_tokens,
        ),
        (
            "rl.max_generated_tokens",
            "fine_tuning.rl_max_generated_tokens",
            &rl.max_generated_tokens,
        ),
        (
            "rl.rollout_batch",
            "fine_tuning.rl_rollout_batch",
            &rl.rollout_batch,
        ),
    ] {
        check("defaults.json", what, path, v.value)?;
    }
    // A share, not a field: the market-based lever's renewable share.
    let share = d.renewable_share.value;
    if !(0.0..=1.0).contains(&share) {
        return Err(format!(
            "defaults.json: renewable_share: {share} is not in [0, 1]"
        ));
    }
    Ok(())
}

/// The bases a hardware row names, and its embodied parts adding up to its total.
fn check_hardware_bases(c: &Catalog) -> Result<(), String> {
    for a in c.hardware.accelerators.iter() {
        let bad = |what: &str| Err(format!("hardware.json: {}: {what}", a.id));
        if !["first_party", "study", "proxy"].contains(&&*a.embodied_basis) {
            return bad("embodied_basis must be first_party, study or proxy");
        }
        if !["measured", "borrowed", "scaled"].contains(&&*a.idle_basis) {
            return bad("idle_basis must be measured, borrowed or scaled");
        }
        let parts = a.embodied_device_kg.value + a.embodied_host_kg.value;
        if (parts - a.embodied_kg.value).abs() > 0.01 {
            return bad("embodied_kg must equal embodied_device_kg + embodied_host_kg");
        }
    }
    Ok(())
}

/// One basis for the file, known kinds, and each cloud region copying the grid it names.
fn check_grid_rows(c: &Catalog) -> Result<(), String> {
    if &*c.grids.basis != "life-cycle" {
        return Err("grids.json: basis must be life-cycle".into());
    }
    for r in c.grids.regions.iter() {
        let bad = |what: String| Err(format!("grids.json: {}: {what}", r.id));
        if !["world", "country", "grid", "cloud"].contains(&&*r.kind) {
            return bad("kind must be world, country, grid or cloud".into());
        }
        match (&*r.kind, &r.grid) {
            ("cloud", Some(g)) => {
                let Some(to) = c
                    .grids
                    .regions
                    .iter()
                    .find(|x| x.id == *g && x.kind != "cloud")
                else {
                    return bad(format!("grid `{g}` is not a country or grid row"));
                };
                if to.g_per_kwh.value != r.g_per_kwh.value {
                    return bad(format!("g_per_kwh differs from its grid `{g}`"));
                }
            }
            ("cloud", None) => return bad("a cloud region names its grid".into()),
            (_, Some(_)) => return bad("only a cloud region names a grid".into()),
            _ => {}
        }
    }
    Ok(())
}
