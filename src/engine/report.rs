//! Exports for people: the results as CSV, and a carbon statement in Markdown or LaTeX for a paper
//! or a post (the numbers, the assumptions with their sources, the data version, the link).

use super::resolve::{Origin, Value};
use super::Estimate;

/// The page's JSON export: the scenario (with its version) beside the results document it gives
/// (tool, data version, every resolved input with its origin), so that the file reproduces its
/// numbers without the page and an import can say when the data changed since. With a pinned
/// scenario A, `compare` holds A, its results and the comparison of the two (docs/scenario.md).
pub fn export_json(
    s: &super::Scenario,
    e: Option<&Estimate>,
    pinned: Option<(&super::Scenario, Option<&Estimate>)>,
) -> String {
    // One struct for both sides (A nests in B's `compare`), so the page carries one copy of
    // the code that writes them.
    #[derive(serde::Serialize)]
    struct Exported<'a> {
        scenario: &'a super::Scenario,
        #[serde(skip_serializing_if = "Option::is_none")]
        results: Option<super::Results>,
        #[serde(skip_serializing_if = "Option::is_none")]
        compare: Option<Box<Exported<'a>>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        comparison: Option<super::compare::Comparison>,
    }
    let versioned = |s: &super::Scenario| {
        let mut s = s.clone();
        s.version = Some(1);
        s
    };
    let b = versioned(s);
    let a = pinned.map(|(a, ea)| (versioned(a), ea));
    let doc = Exported {
        scenario: &b,
        results: e.map(Estimate::document),
        compare: a.as_ref().map(|(a, ea)| {
            Box::new(Exported {
                scenario: a,
                results: ea.map(Estimate::document),
                compare: None,
                comparison: ea
                    .zip(e)
                    .map(|(ea, eb)| super::compare::compare(&ea.results, &eb.results)),
            })
        }),
        comparison: None,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Results as CSV: one row per quantity, `phase,quantity,unit,value`.
pub fn csv(e: &Estimate) -> String {
    let r = &e.results;
    let rows: Vec<(&str, &str, &str, f64)> = vec![
        ("training", "compute", "FLOP", r.training.flops),
        (
            "training",
            "accelerator_hours",
            "h",
            r.training.accelerator_hours,
        ),
        ("training", "wall_clock", "days", r.training.wall_clock_days),
        ("training", "energy", "kWh", r.training.energy_kwh),
        ("training", "co2e", "kg", r.training.co2e_kg),
        (
            "training",
            "embodied_co2e",
            "kg",
            r.training.embodied_co2e_kg,
        ),
        ("training", "water", "L", r.training.water_l),
        ("training", "water_onsite", "L", r.training.water_onsite_l),
        ("training", "water_offsite", "L", r.training.water_offsite_l),
        ("fine_tuning", "compute", "FLOP", r.fine_tuning.flops),
        (
            "fine_tuning",
            "accelerator_hours",
            "h",
            r.fine_tuning.accelerator_hours,
        ),
        ("fine_tuning", "energy", "kWh", r.fine_tuning.energy_kwh),
        ("fine_tuning", "co2e", "kg", r.fine_tuning.co2e_kg),
        (
            "fine_tuning",
            "embodied_co2e",
            "kg",
            r.fine_tuning.embodied_co2e_kg,
        ),
        ("fine_tuning", "water", "L", r.fine_tuning.water_l),
        (
            "fine_tuning",
            "water_onsite",
            "L",
            r.fine_tuning.water_onsite_l,
        ),
        (
            "fine_tuning",
            "water_offsite",
            "L",
            r.fine_tuning.water_offsite_l,
        ),
        (
            "inference",
            "compute_per_query",
            "FLOP",
            r.inference.flops_per_query,
        ),
        (
            "inference",
            "accelerator_energy_per_output_token",
            "J",
            r.inference.accelerator_energy_per_output_token_j,
        ),
        (
            "inference",
            "energy_per_query",
            "Wh",
            r.inference.energy_per_query_wh,
        ),
        (
            "inference",
            "co2e_per_query",
            "g",
            r.inference.co2e_per_query_g,
        ),
        (
            "inference",
            "water_per_query",
            "mL",
            r.inference.water_per_query_ml,
        ),
        (
            "inference",
            "energy_per_1000_queries",
            "kWh",
            r.inference.per_1000_queries.energy_kwh,
        ),
        (
            "inference",
            "co2e_per_1000_queries",
            "kg",
            r.inference.per_1000_queries.co2e_kg,
        ),
        (
            "inference",
            "water_per_1000_queries",
            "L",
            r.inference.per_1000_queries.water_l,
        ),
        ("inference", "energy", "kWh", r.inference.energy_kwh),
        ("inference", "co2e", "kg", r.inference.co2e_kg),
        (
            "inference",
            "embodied_co2e",
            "kg",
            r.inference.embodied_co2e_kg,
        ),
        ("inference", "water", "L", r.inference.water_l),
        ("inference", "water_onsite", "L", r.inference.water_onsite_l),
        (
            "inference",
            "water_offsite",
            "L",
            r.inference.water_offsite_l,
        ),
        ("inference", "replicas", "", r.inference.replicas),
        ("total", "energy", "kWh", r.total.energy_kwh),
        ("total", "co2e", "kg", r.total.co2e_kg),
        (
            "total",
            "operational_co2e",
            "kg",
            r.total.operational_co2e_kg,
        ),
        ("total", "embodied_co2e", "kg", r.total.embodied_co2e_kg),
        ("total", "water", "L", r.total.water_l),
        ("total", "water_onsite", "L", r.total.water_onsite_l),
        ("total", "water_offsite", "L", r.total.water_offsite_l),
        ("total", "co2e_p5", "kg", r.ranges.total_co2e_kg.p5),
        ("total", "co2e_p50", "kg", r.ranges.total_co2e_kg.p50),
        ("total", "co2e_p95", "kg", r.ranges.total_co2e_kg.p95),
    ];
    let mut out = String::from("phase,quantity,unit,value\n");
    for (phase, q, unit, v) in rows {
        out.push_str(&format!("{phase},{q},{unit},{v}\n"));
    }
    out.push_str(&format!(
        "total,breakeven,days,{}\n",
        r.breakeven_days.map(|d| d.to_string()).unwrap_or_default()
    ));
    out
}

/// Digits with a comma every three from the right: `36841` → `36,841` (no sign, no point).
pub fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number with at least three significant figures (whole numbers stay whole) and thousands
/// separators: 1,289 or 0.0702.
pub fn sig3(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits = v.abs().log10().floor() as i32;
    let decimals = (2 - digits).max(0) as usize;
    let rounded = format!("{v:.decimals$}");
    let (int, frac) = rounded
        .split_once('.')
        .map(|(a, b)| (a.to_string(), Some(b.to_string())))
        .unwrap_or((rounded.clone(), None));
    let (sign, int) = int
        .strip_prefix('-')
        .map(|i| ("-", i.to_string()))
        .unwrap_or(("", int));
    let grouped = group_thousands(&int);
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Emissions for people: `331 t` or `29.1 kg`.
pub fn tonnes(kg: f64) -> String {
    if kg.abs() >= 1000.0 {
        format!("{} t", sig3(kg / 1000.0))
    } else {
        format!("{} kg", sig3(kg))
    }
}

/// Energy for people: `741 MWh` or `68.8 kWh`.
pub fn mwh(kwh: f64) -> String {
    if kwh.abs() >= 1000.0 {
        format!("{} MWh", sig3(kwh / 1000.0))
    } else {
        format!("{} kWh", sig3(kwh))
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Number(x) => super::link::fmt_number(*x),
        Value::Text(t) => t.to_string(),
        Value::Bool(b) => b.to_string(),
    }
}

/// The public document a source string names: its text up to where it points inside the
/// document (`: '…'`, `, Table 4`, ` §2`).
fn document_of(source: &str) -> String {
    // ": " points inside the document only outside a quoted title ('Life-Cycle Emissions of AI
    // Hardware: A Cradle-To-Grave Approach…' is one title).
    let title = source
        .find(" '")
        .and_then(|a| source[a + 2..].find('\'').map(|b| a..a + 2 + b));
    // Nor inside parentheses ("(derived: TDP convention)" is part of the reference).
    let depth = |i: usize| {
        source[..i].matches('(').count() as i64 - source[..i].matches(')').count() as i64
    };
    let mut end = source
        .match_indices(": ")
        .map(|(i, _)| i)
        .find(|i| !title.as_ref().is_some_and(|t| t.contains(i)) && depth(*i) <= 0)
        .unwrap_or(source.len());
    for cut in [
        ", Table",
        " Table ",
        " §",
        ", §",
        ", abstract",
        " (commit",
        "; ",
    ] {
        if let Some(i) = source.find(cut) {
            end = end.min(i);
        }
    }
    source[..end].trim().trim_end_matches(',').to_string()
}

#[cfg(test)]
#[test]
fn a_quoted_title_is_kept_whole() {
    let s = "Schneider et al. 2025, 'Life-Cycle Emissions of AI Hardware: A Cradle-To-Grave Approach' (arXiv:2502.01671), Google's TPU LCA: a six-year unit";
    assert_eq!(
        document_of(s),
        "Schneider et al. 2025, 'Life-Cycle Emissions of AI Hardware: A Cradle-To-Grave Approach' (arXiv:2502.01671), Google's TPU LCA"
    );
    assert_eq!(
        document_of("Llama 2 paper, Table 2: GPU hours"),
        "Llama 2 paper"
    );
    assert_eq!(
        document_of("TPU v4 docs (cloud.google.com/tpu/docs/v4) (derived: TDP convention)"),
        "TPU v4 docs (cloud.google.com/tpu/docs/v4) (derived: TDP convention)"
    );
}

#[cfg(test)]
#[test]
fn every_source_names_a_document_a_statement_can_cite() {
    // A statement's reference is `document_of` its source: "0: Meta's convention..." cited "0".
    fn walk(v: &serde_json::Value, key: &str, check: &mut dyn FnMut(&str)) {
        match v {
            serde_json::Value::String(s) if key == "source" || key == "sources" => check(s),
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
                let k = if key == "sources" { key } else { k.as_str() };
                walk(x, k, check)
            }),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, key, check)),
            _ => {}
        }
    }
    let mut n = 0;
    for file in [
        include_str!("../data/hardware.json"),
        include_str!("../data/grids.json"),
        include_str!("../data/defaults.json"),
        include_str!("../data/presets.json"),
        include_str!("../data/equivalences.json"),
        include_str!("../data/water.json"),
    ] {
        let v: serde_json::Value = serde_json::from_str(file).unwrap();
        walk(&v, "", &mut |s| {
            n += 1;
            let d = document_of(s);
            let letters = d.chars().filter(|c| c.is_alphabetic()).count();
            assert!(letters >= 6, "`{s}` cites `{d}`");
        });
    }
    assert!(n > 300, "only {n} sources found");
}

/// The inputs a statement lists, in this order: what a reader needs to reproduce the result.
const KEY_INPUTS: &[&str] = &[
    "model.params",
    "model.active_params",
    "training.tokens",
    "training.sequence_length",
    "training.accelerator",
    "training.accelerators",
    "training.accelerator_hours",
    "training.mfu",
    "training.power_w",
    "training.host_overhead",
    "training.pue",
    "training.grid_g_per_kwh",
    "training.development_factor",
    "fine_tuning.method",
    "fine_tuning.tokens",
    "fine_tuning.epochs",
    "inference.accelerator",
    "inference.accelerators",
    "inference.precision",
    "inference.batch",
    "inference.prompt_tokens",
    "inference.output_tokens",
    "inference.queries_per_day",
    "inference.days",
    "inference.pue",
    "inference.grid_g_per_kwh",
    "embodied.lifetime_years",
];

struct Statement {
    title: String,
    summary: String,
    lines: Vec<(String, String)>,
    /// (path, value, where it comes from: a reference number or words).
    inputs: Vec<(String, String, String)>,
    references: Vec<String>,
    footer: String,
}

/// Which phases the scenario has.
struct Phases {
    fine_tuning: bool,
    serving: bool,
}

fn phases(e: &Estimate) -> Phases {
    let i = &e.resolved.inputs.inference;
    Phases {
        fine_tuning: e.resolved.inputs.fine_tuning.is_some(),
        serving: i.queries_per_day > 0.0 && i.days > 0.0,
    }
}

/// The scenario's name, else the preset's, else the model's size.
fn model_name(e: &Estimate, name: Option<&str>) -> String {
    match (name.filter(|n| !n.trim().is_empty()), e.resolved.preset) {
        (Some(n), _) => n.trim().to_string(),
        (None, Some(p)) => p.name.to_string(),
        (None, None) => format!(
            "a model of {} parameters",
            sig3(e.resolved.inputs.model.params / 1e9) + "B"
        ),
    }
}

fn text_of(e: &Estimate, path: &str) -> String {
    e.resolved
        .assumption(path)
        .map(|a| value_text(&a.value))
        .unwrap_or_default()
}

/// Hardware, site and grid of pre-training in words.
fn training_site(e: &Estimate) -> String {
    let cat = crate::data::Catalog::get();
    let t = &e.resolved.inputs.training;
    let acc = cat
        .accelerator(&text_of(e, "training.accelerator"))
        .map_or_else(String::new, |a| a.name.to_string());
    let region = cat
        .region(&text_of(e, "training.region"))
        .map(|r| format!("{} grid, ", r.name))
        .unwrap_or_default();
    format!(
        "{} × {acc}; {region}{} gCO2e/kWh (location-based), PUE {}",
        sig3(t.devices),
        sig3(t.grid_g_per_kwh),
        sig3(t.pue)
    )
}

fn statement(e: &Estimate, link: Option<&str>) -> Statement {
    let r = &e.results;
    let ph = phases(e);
    let model = model_name(e, e.name.as_deref());
    let p = &r.ranges.total_co2e_kg;
    let x = &e.resolved.inputs;
    let what = match (ph.fine_tuning, ph.serving) {
        (false, false) => format!("pre-training {model}"),
        (true, false) => format!("pre-training and fine-tuning {model}"),
        (false, true) => format!(
            "pre-training {model} and serving it for {} days at {} queries a day",
            sig3(x.inference.days),
            sig3(x.inference.queries_per_day)
        ),
        (true, true) => format!(
            "pre-training and fine-tuning {model} and serving it for {} days at {} queries a day",
            sig3(x.inference.days),
            sig3(x.inference.queries_per_day)
        ),
    };
    let market = r
        .total
        .operational_co2e_market_kg
        .map(|m| format!(" Market-based (contractual factors, GHG Protocol scope 2), operational emissions are {}.", tonnes(m)))
        .unwrap_or_default();
    let summary = format!(
        "We estimate that {what} used {} of electricity and emitted {} CO2e, location-based \
         (90% range {} to {}), of which {} is embodied in the hardware.{market}",
        mwh(r.total.energy_kwh),
        tonnes(r.total.co2e_kg),
        tonnes(p.p5),
        tonnes(p.p95),
        tonnes(r.total.embodied_co2e_kg),
    );
    let hours = match x.training.measured_hours {
        Some(h) => format!(
            "{} measured device-hours (implied MFU {:.2})",
            sig3(h),
            r.training.flops / (h * 3600.0 * x.training.peak_flops)
        ),
        None => format!(
            "{} device-hours at an MFU of {:.2} ({})",
            sig3(r.training.accelerator_hours),
            x.training.mfu,
            e.resolved
                .assumption("training.mfu")
                .map_or("", |a| match a.origin {
                    Origin::Scenario => "as given",
                    Origin::Derived { .. } => "see its source below",
                    _ => "default",
                })
        ),
    };
    let mut lines = vec![
        (
            "Pre-training".to_string(),
            format!(
                "{:.3e} FLOPs; {hours}; {}; {} CO2e (+{} embodied)",
                r.training.flops,
                mwh(r.training.energy_kwh),
                tonnes(r.training.co2e_kg),
                tonnes(r.training.embodied_co2e_kg)
            ),
        ),
        ("Hardware and site".to_string(), training_site(e)),
    ];
    if ph.fine_tuning {
        lines.push((
            "Fine-tuning".into(),
            format!(
                "{} ({} device-hours), {} CO2e (+{} embodied)",
                mwh(r.fine_tuning.energy_kwh),
                sig3(r.fine_tuning.accelerator_hours),
                tonnes(r.fine_tuning.co2e_kg),
                tonnes(r.fine_tuning.embodied_co2e_kg)
            ),
        ));
    }
    if ph.serving {
        lines.push((
            "Serving".into(),
            format!(
                "{} Wh, {} g CO2e and {} mL of water per query ({} kWh, {} kg and {} L per 1,000 queries); {} and {} CO2e over the deployment (+{} embodied); grid {} gCO2e/kWh",
                sig3(r.inference.energy_per_query_wh),
                sig3(r.inference.co2e_per_query_g),
                sig3(r.inference.water_per_query_ml),
                sig3(r.inference.per_1000_queries.energy_kwh),
                sig3(r.inference.per_1000_queries.co2e_kg),
                sig3(r.inference.per_1000_queries.water_l),
                mwh(r.inference.energy_kwh),
                tonnes(r.inference.co2e_kg),
                tonnes(r.inference.embodied_co2e_kg),
                sig3(x.inference.grid_g_per_kwh)
            ),
        ));
        lines.push(("Break-even".into(), breakeven_text(e)));
    }
    lines.push((
        "Water".into(),
        format!(
            "{} L: {} L on-site (cooling, IT energy × WUE) and {} L off-site (generating the electricity, facility energy × the grid's water factor)",
            sig3(r.total.water_l),
            sig3(r.total.water_onsite_l),
            sig3(r.total.water_offsite_l)
        ),
    ));
    let factors: Vec<&str> = e
        .uncertainty
        .sensitivity
        .iter()
        .take(3)
        .map(|s| s.path)
        .collect();
    lines.push((
        "Range".into(),
        format!(
            "5th to 95th percentile of a seeded Monte Carlo over utilisation, power, PUE, grid intensity, embodied carbon{}; the inputs that move it most: {}",
            if ph.serving { " and the serving fleet" } else { "" },
            factors.join(", ")
        ),
    ));
    if let Some(c) = &e.reported {
        let rep = [
            c.reported_energy_mwh.map(|v| format!("{} MWh", sig3(v))),
            c.reported_co2e_t.map(|v| format!("{} t CO2e", sig3(v))),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        lines.push((
            "Published training figure".into(),
            format!("{rep} ({})", c.scope),
        ));
    }
    let (inputs, references) = key_inputs(e, &ph);
    let footer = format!(
        "Method: llm-footprint {} (energy = device-hours × power × (1 + host overhead) × PUE; carbon = energy × location-based grid intensity + embodied; water = IT energy × WUE + energy × the grid's water factor). Data: {}.{}",
        env!("CARGO_PKG_VERSION"),
        r.data_version,
        link.map(|l| format!(" Scenario: {l}")).unwrap_or_default()
    );
    Statement {
        title: format!("Carbon statement: {model}"),
        summary,
        lines,
        inputs,
        references,
        footer,
    }
}

/// The key inputs of the phases that happened, each with the number of its reference (public
/// documents, numbered in order of first use) or, for derived and default values, its reason.
fn key_inputs(e: &Estimate, ph: &Phases) -> (Vec<(String, String, String)>, Vec<String>) {
    let mut refs: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    let measured = e.resolved.inputs.training.measured_hours.is_some();
    for path in KEY_INPUTS {
        let skip = (path.starts_with("fine_tuning.") && !ph.fine_tuning)
            || (path.starts_with("inference.") && !ph.serving)
            || (*path == "training.mfu" && measured);
        let Some(a) = e.resolved.assumption(path).filter(|_| !skip) else {
            continue;
        };
        let mut cite = |source: &str| {
            let doc = document_of(source);
            let n = match refs.iter().position(|r| *r == doc) {
                Some(i) => i + 1,
                None => {
                    refs.push(doc);
                    refs.len()
                }
            };
            format!("[{n}]")
        };
        let from = match &a.origin {
            Origin::Scenario => "given".to_string(),
            Origin::Preset { source, .. } if !source.is_empty() => cite(&source.text()),
            Origin::Preset { preset, .. } => format!("preset {preset}"),
            Origin::Catalog { source } => {
                let source = source.text();
                cite(source.split_once(": ").map_or(&*source, |(_, s)| s))
            }
            Origin::Derived { how } => format!("derived: {how}"),
            Origin::Default { why } => format!("default: {why}"),
        };
        // A derived figure to four significant digits (an MFU of 0.4498, not 0.44977014016076516);
        // the statement's link reproduces it exactly.
        let value = match (&a.origin, &a.value) {
            (Origin::Derived { .. }, Value::Number(x)) => {
                super::link::fmt_number(format!("{x:.3e}").parse().unwrap_or(*x))
            }
            (_, v) => value_text(v),
        };
        rows.push((path.to_string(), value, from));
    }
    (rows, refs)
}

/// When serving overtakes training, in words, beyond the deployment if need be.
pub fn breakeven_text(e: &Estimate) -> String {
    let Some(d) = e.breakdown.breakeven_at_rate_days else {
        return "nothing is served".into();
    };
    let days = e.resolved.inputs.inference.days;
    if d < 1.0 {
        "serving overtakes training within the first day".into()
    } else if d <= days {
        format!("serving overtakes training on day {}", sig3(d.ceil()))
    } else {
        format!(
            "not within the {}-day deployment; at this rate, on day {} ({} years)",
            sig3(days),
            sig3(d.ceil()),
            sig3(d / 365.25)
        )
    }
}

/// The carbon statement in Markdown.
pub fn statement_markdown(e: &Estimate, link: Option<&str>) -> String {
    let s = statement(e, link);
    let mut out = format!("## {}\n\n{}\n\n", s.title, s.summary);
    for (k, v) in &s.lines {
        out.push_str(&format!("- **{k}**: {v}\n"));
    }
    out.push_str("\n| input | value | source |\n|---|---|---|\n");
    for (p, v, o) in &s.inputs {
        out.push_str(&format!("| `{p}` | {} | {} |\n", md_cell(v), md_cell(o)));
    }
    if !s.references.is_empty() {
        out.push_str("\nReferences\n\n");
        for (i, r) in s.references.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", i + 1, md_cell(r)));
        }
    }
    out.push_str(&format!("\n{}\n", s.footer));
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Escapes text for LaTeX.
pub fn latex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '$' | '&' | '#' | '_' | '%' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '×' => out.push_str("$\\times$"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn latex_text(s: &str) -> String {
    latex_escape(s).replace("CO2e", "CO\\textsubscript{2}e")
}

/// The carbon statement in LaTeX: a `\paragraph`, a list, a `tabularx` of the inputs that wraps
/// long sources (needs `\usepackage{tabularx}`) and a numbered list of references.
pub fn statement_latex(e: &Estimate, link: Option<&str>) -> String {
    let s = statement(e, link);
    let mut out = format!(
        "% Needs \\usepackage{{tabularx}} in the preamble.\n\\paragraph{{{}}}\n{}\n\n\\begin{{itemize}}\n",
        latex_text(&s.title),
        latex_text(&s.summary)
    );
    for (k, v) in &s.lines {
        out.push_str(&format!(
            "  \\item \\textbf{{{}}}: {}\n",
            latex_text(k),
            latex_text(v)
        ));
    }
    out.push_str("\\end{itemize}\n\n{\\small\n\\noindent\\begin{tabularx}{\\linewidth}{@{}l l X@{}}\ninput & value & source \\\\\n\\hline\n");
    for (p, v, o) in &s.inputs {
        out.push_str(&format!(
            "\\texttt{{{}}} & {} & {} \\\\\n",
            latex_escape(p),
            latex_escape(v),
            latex_text(o)
        ));
    }
    out.push_str("\\end{tabularx}}\n\n");
    if !s.references.is_empty() {
        // Paths and URLs in references may break after `/` and `_`.
        out.push_str("{\\sloppy\n\\begin{enumerate}\n");
        for r in &s.references {
            let text = latex_text(r)
                .replace('/', "/\\allowbreak{}")
                .replace("\\_", "\\_\\allowbreak{}");
            out.push_str(&format!("  \\item {text}\n"));
        }
        out.push_str("\\end{enumerate}\\par}\n\n");
    }
    // The scenario link is one long word: it may break after each `&`, and \sloppy lets lines
    // of it go unjustified (a pdflatex build ran 959 pt into the margin without both).
    out.push_str(&format!(
        "{{\\sloppy\n{}\\par}}\n",
        latex_text(&s.footer).replace("\\&", "\\&\\allowbreak{}")
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{estimate_with, Options, Scenario};

    fn est() -> Estimate {
        let s = Scenario::from_json(r#"{"name":"A & B_1 {50%}","model":{"preset":"llama-2-70b"},"fine_tuning":{"method":"lora"}}"#).unwrap();
        estimate_with(
            &s,
            &Options {
                samples: 100,
                seed: 1,
            },
        )
        .unwrap()
    }

    #[test]
    fn csv_has_a_header_and_the_totals() {
        let text = csv(&est());
        assert!(text.starts_with("phase,quantity,unit,value\n"));
        let total = text
            .lines()
            .find(|l| l.starts_with("total,co2e,kg,"))
            .unwrap();
        let v: f64 = total.rsplit(',').next().unwrap().parse().unwrap();
        assert!((v - est().results.total.co2e_kg).abs() < 1e-6);
        assert!(text.lines().skip(1).all(|l| l.split(',').count() == 4));
    }

    #[test]
    fn the_export_reproduces_its_numbers_when_imported() {
        let mut s = crate::engine::Scenario::default();
        s.model.preset = Some("mixtral-8x7b".into());
        s.inference.batch = Some(8.0);
        let e = crate::engine::estimate(&s).unwrap();
        let text = export_json(&s, Some(&e), None);
        let (back, data) = crate::engine::Scenario::from_export_json(&text).unwrap();
        assert_eq!(data, Some(crate::data::Catalog::get().data_version()));
        let again = crate::engine::estimate(&back).unwrap();
        assert_eq!(again.results, e.results);
        assert!(text.contains("\"inputs\"") && text.contains("\"tool\""));
    }

    #[test]
    fn a_comparison_export_carries_a_its_results_and_the_ratio_and_imports_both() {
        let mut b = crate::engine::Scenario::default();
        b.model.preset = Some("llama-2-7b".into());
        let mut a = b.clone();
        a.inference.batch = Some(4.0);
        let (ea, eb) = (
            crate::engine::estimate(&a).unwrap(),
            crate::engine::estimate(&b).unwrap(),
        );
        let text = export_json(&b, Some(&eb), Some((&a, Some(&ea))));
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let ratio = doc["compare"]["comparison"]["co2e_kg"]["ratio"].as_f64();
        assert_eq!(
            ratio,
            Some(eb.results.total.co2e_kg / ea.results.total.co2e_kg)
        );
        assert_eq!(
            doc["compare"]["results"]["total"]["co2e_kg"].as_f64(),
            Some(ea.results.total.co2e_kg)
        );
        let (back_b, back_a, _) = crate::engine::Scenario::from_export_pair(&text).unwrap();
        a.version = Some(1);
        b.version = Some(1);
        assert_eq!((back_b, back_a), (b, Some(a)));
    }

    #[test]
    fn statements_carry_numbers_sources_version_and_link() {
        let e = est();
        let md = statement_markdown(&e, Some("https://example.org/?v=1&preset=llama-2-70b"));
        assert!(md.contains(&tonnes(e.results.total.co2e_kg)), "{md}");
        assert!(
            md.contains("Fine-tuning")
                && md.contains("`training.mfu`")
                && md.contains(&*crate::data::Catalog::get().presets.version)
        );
        assert!(md.contains("https://example.org/?v=1&preset=llama-2-70b"));
        let tex = statement_latex(&e, Some("https://example.org/?v=1&a_b=50%"));
        assert!(tex.contains("\\begin{tabularx}") && tex.contains("CO\\textsubscript{2}e"));
        assert!(tex.contains("a\\_b=50\\%"), "{tex}");
        assert!(!tex.contains("a_b"), "unescaped underscore");
    }

    fn of(json: &str) -> Estimate {
        let opts = Options {
            samples: 200,
            seed: 1,
        };
        estimate_with(&Scenario::from_json(json).unwrap(), &opts).unwrap()
    }

    /// The researcher's scenario of issue 15: her own 7B model, measured hours, no serving.
    const OWN_7B: &str = r#"{"version":1,"name":"My 7B model","model":{"params":7e9},"training":{"tokens":1.2e12,"accelerator":"h100","accelerators":256,"accelerator_hours":86016,"region":"de"},"fine_tuning":{"method":"none"},"inference":{"queries_per_day":0}}"#;

    #[test]
    fn a_training_only_statement_names_the_model_and_only_what_happened() {
        let md = statement_markdown(&of(OWN_7B), None);
        assert!(md.starts_with("## Carbon statement: My 7B model\n"), "{md}");
        assert!(
            md.contains("We estimate that pre-training My 7B model used"),
            "{md}"
        );
        for absent in [
            "serving",
            "Serving",
            "Fine-tuning",
            "Break-even",
            "inference.",
            "`training.mfu`",
        ] {
            assert!(!md.contains(absent), "{absent} in {md}");
        }
        assert!(
            md.contains("86,016 measured device-hours (implied MFU 0.17)"),
            "{md}"
        );
        assert!(
            md.contains("256 × NVIDIA H100")
                && md.contains("Germany grid")
                && md.contains("location-based")
        );
        // Sources are numbered references to public documents, not raw strings in the table.
        assert!(
            md.contains("| `training.host_overhead` | 0.38 | [2] |"),
            "{md}"
        );
        assert!(md.contains("\n2. Newkirk et al. 2025"), "{md}");
        assert!(!md.contains("shared/") && !md.contains("index id"));
    }

    #[test]
    fn a_fine_tuning_statement_and_a_full_statement_say_so() {
        let ft = statement_markdown(
            &of(
                r#"{"model":{"preset":"llama-2-7b"},"fine_tuning":{"method":"lora"},"inference":{"queries_per_day":0}}"#,
            ),
            None,
        );
        assert!(
            ft.contains("pre-training and fine-tuning Llama 2 7B used"),
            "{ft}"
        );
        assert!(
            ft.contains("**Fine-tuning**") && !ft.contains("Serving"),
            "{ft}"
        );
        let all = statement_markdown(
            &of(
                r#"{"model":{"preset":"llama-2-70b"},"fine_tuning":{"method":"lora"},"inference":{"days":365}}"#,
            ),
            None,
        );
        assert!(
            all.contains("and serving it for 365 days at 1,000,000 queries a day"),
            "{all}"
        );
        assert!(
            all.contains("**Serving**") && all.contains("**Break-even**"),
            "{all}"
        );
        // Meta's reported hours imply the MFU: the statement says where it came from.
        assert!(all.contains("**Published training figure**"), "{all}");
    }

    #[test]
    fn the_latex_table_wraps_instead_of_truncating() {
        let tex = statement_latex(&of(OWN_7B), None);
        assert!(
            tex.contains("\\begin{tabularx}{\\linewidth}{@{}l l X@{}}"),
            "{tex}"
        );
        // The longest reference is printed whole (with break points after `_`).
        assert!(
            tex.contains("latest year 2024") && tex.contains("emissions\\_\\allowbreak{}intensity"),
            "{tex}"
        );
        assert!(tex.contains("\\begin{enumerate}") && tex.contains("256 $\\times$ NVIDIA"));
    }

    #[test]
    fn market_based_is_named_beside_location_based() {
        let md = statement_markdown(&of(r#"{"model":{"preset":"llama-3.1-8b"}}"#), None);
        assert!(md.contains("location-based"), "{md}");
        assert!(md.contains("Market-based (contractual factors, GHG Protocol scope 2), operational emissions are "), "{md}");
        let plain = statement_markdown(&of(OWN_7B), None);
        assert!(!plain.contains("Market-based"), "{plain}");
    }

    #[test]
    fn water_is_split_on_and_off_site_in_the_csv_and_the_statement() {
        let e = of(r#"{"model":{"preset":"llama-3.1-8b"},"training":{"region":"fr"}}"#);
        let text = csv(&e);
        let get = |phase: &str, q: &str| -> f64 {
            let head = format!("{phase},{q},");
            let line = text.lines().find(|l| l.starts_with(&head)).unwrap();
            line.rsplit(',').next().unwrap().parse().unwrap()
        };
        for phase in ["training", "fine_tuning", "inference", "total"] {
            let sum = get(phase, "water_onsite") + get(phase, "water_offsite");
            assert!(
                (sum - get(phase, "water")).abs() <= 1e-9 * sum.max(1.0),
                "{phase}"
            );
        }
        // France's grid water (3.67 L/kWh) on the training facility energy.
        let t = &e.results.training;
        assert!((t.water_offsite_l / t.energy_kwh - 3.6737).abs() < 1e-9);
        let per_1000 = get("inference", "energy_per_1000_queries");
        assert!((per_1000 - e.results.inference.energy_per_query_wh).abs() < 1e-12);
        let md = statement_markdown(&e, None);
        assert!(
            md.contains(" L on-site (cooling") && md.contains(" L off-site (generating"),
            "{md}"
        );
        assert!(md.contains("per 1,000 queries"), "{md}");
    }

    #[test]
    fn break_even_reads_beyond_the_deployment() {
        let e = of(
            r#"{"model":{"preset":"llama-3.1-405b"},"inference":{"queries_per_day":1e6,"days":365}}"#,
        );
        let t = breakeven_text(&e);
        assert!(
            t.starts_with("not within the 365-day deployment; at this rate, on day "),
            "{t}"
        );
        assert!(t.ends_with(" years)"), "{t}");
        let fast = of(
            r#"{"model":{"preset":"llama-2-7b"},"inference":{"queries_per_day":1e11,"days":30}}"#,
        );
        assert_eq!(
            breakeven_text(&fast),
            "serving overtakes training within the first day"
        );
        assert_eq!(breakeven_text(&of(OWN_7B)), "nothing is served");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(sig3(1289.376), "1,289");
        assert_eq!(sig3(0.070213), "0.0702");
        assert_eq!(sig3(291_422.0), "291,422");
        assert_eq!(sig3(-12.345), "-12.3");
        assert_eq!(
            latex_escape("50% of #1 & {x}_y ~ ^"),
            "50\\% of \\#1 \\& \\{x\\}\\_y \\textasciitilde{} \\textasciicircum{}"
        );
    }
}
