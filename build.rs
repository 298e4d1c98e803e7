//! Compiles the data catalogs (`src/data/*.json`) into the binary as one `static`, written to
//! `$OUT_DIR/catalog.rs` and included by `src/data/mod.rs`. The JSON is parsed here with the
//! catalog's own types (`src/data/types.rs`), so a malformed file fails the build with the path of
//! the bad field, and the page carries the data without a JSON parser for it.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

#[allow(dead_code)]
#[path = "src/data/types.rs"]
mod types;

use types::*;

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

impl Lit for Text {
    fn lit(&self, out: &mut String) {
        // `{:?}` escapes a str as a valid Rust string literal.
        write!(out, "Cow::Borrowed({:?})", &**self).unwrap();
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
    Accelerator { id, name, vendor, year, peak_tflops, tdp_w, idle_w, train_power_w, memory_gb,
        memory_bw_tb_s, default_mfu, embodied_kg, power_basis }
    HardwareCatalog { version, about, accelerators }
    GridRegion { id, name, name_zh, g_per_kwh }
    GridCatalog { version, about, regions }
    Defaults { version, about, pue, wue_l_per_kwh, inference_host_fraction,
        inference_compute_efficiency, inference_memory_bw_efficiency, usable_memory_fraction,
        lifetime_years, serving_utilisation, training_host_overhead, training_mfu }
    MfuModel { reference_active_params, reference_devices, size_exponent, cluster_exponent, moe_factor }
    Reported { accelerator_hours, energy_mwh, co2e_t, scope, source }
    Preset { id, name, org, year, scenario_json, sources, reported }
    PresetCatalog { version, about, presets }
    Equivalence { id, label, label_zh, kg_co2e_per_unit }
    EquivalenceCatalog { version, about, carbon, household_kwh_per_year, household_label,
        household_label_zh }
    Catalog { hardware, grids, defaults, presets, equivalences }
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/data/types.rs");
    let catalog = Catalog::parse_files(|file| {
        let path = Path::new("src/data").join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::from(
        "/// The data files, compiled in by `build.rs`.\npub static CATALOG: Catalog = ",
    );
    catalog.lit(&mut out);
    out.push_str(";\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("catalog.rs");
    fs::write(dest, out).unwrap();
}
