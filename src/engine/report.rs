//! Exports for people: the results as CSV, and a carbon statement in Markdown or LaTeX for a paper
//! or a post (the numbers, the assumptions with their sources, the data version, the link).

use super::resolve::{Origin, Value};
use super::Estimate;

/// Results as CSV: one row per quantity, `phase,quantity,unit,value`.
/// The page's JSON export: the scenario (with its version) beside the results document it gives
/// (tool, data version, every resolved input with its origin), so that the file reproduces its
/// numbers without the page and an import can say when the data changed since.
pub fn export_json(s: &super::Scenario, e: Option<&Estimate>) -> String {
    #[derive(serde::Serialize)]
    struct Exported<'a> {
        scenario: &'a super::Scenario,
        #[serde(skip_serializing_if = "Option::is_none")]
        results: Option<&'a super::Results>,
    }
    let mut scenario = s.clone();
    scenario.version = Some(1);
    let doc = Exported {
        scenario: &scenario,
        results: e.map(|e| &e.results),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

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
        ("inference", "energy", "kWh", r.inference.energy_kwh),
        ("inference", "co2e", "kg", r.inference.co2e_kg),
        (
            "inference",
            "embodied_co2e",
            "kg",
            r.inference.embodied_co2e_kg,
        ),
        ("inference", "water", "L", r.inference.water_l),
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
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
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
        Value::Text(t) => t.clone(),
        Value::Bool(b) => b.to_string(),
    }
}

fn origin_text(o: &Origin) -> String {
    match o {
        Origin::Scenario => "set in the scenario".into(),
        Origin::Preset { preset, source } if source.is_empty() => format!("preset {preset}"),
        Origin::Preset { preset, source } => format!("preset {preset}: {source}"),
        Origin::Catalog { source } => source.clone(),
        Origin::Derived { how } => format!("derived: {how}"),
        Origin::Default { why } => format!("default: {why}"),
    }
}

struct Statement {
    title: String,
    summary: String,
    lines: Vec<(String, String)>,
    assumptions: Vec<(String, String, String)>,
    footer: String,
}

fn statement(e: &Estimate, link: Option<&str>) -> Statement {
    let r = &e.results;
    let name = e
        .resolved
        .preset
        .map(|p| p.name.clone())
        .unwrap_or_else(|| "the model".into());
    let p = &r.ranges.total_co2e_kg;
    let summary = format!(
        "We estimate that pre-training{} and serving {name} for {} days uses {} of electricity and emits {} CO2e \
         (90% range {} to {}), of which {} is embodied in the hardware.",
        if r.fine_tuning.flops > 0.0 { ", fine-tuning" } else { "" },
        sig3(e.resolved.inputs.inference.days),
        mwh(r.total.energy_kwh),
        tonnes(r.total.co2e_kg),
        tonnes(p.p5),
        tonnes(p.p95),
        tonnes(r.total.embodied_co2e_kg),
    );
    let mut lines = vec![(
        "Pre-training".to_string(),
        format!(
            "{:.3e} FLOPs, {} device-hours, {}, {} CO2e (+{} embodied)",
            r.training.flops,
            sig3(r.training.accelerator_hours),
            mwh(r.training.energy_kwh),
            tonnes(r.training.co2e_kg),
            tonnes(r.training.embodied_co2e_kg)
        ),
    )];
    if r.fine_tuning.flops > 0.0 {
        lines.push((
            "Fine-tuning".into(),
            format!(
                "{}, {} CO2e (+{} embodied)",
                mwh(r.fine_tuning.energy_kwh),
                tonnes(r.fine_tuning.co2e_kg),
                tonnes(r.fine_tuning.embodied_co2e_kg)
            ),
        ));
    }
    lines.push((
        "Inference".into(),
        format!(
            "{} Wh and {} g CO2e per query; {} and {} CO2e over the deployment (+{} embodied)",
            sig3(r.inference.energy_per_query_wh),
            sig3(r.inference.co2e_per_query_g),
            mwh(r.inference.energy_kwh),
            tonnes(r.inference.co2e_kg),
            tonnes(r.inference.embodied_co2e_kg)
        ),
    ));
    lines.push((
        "Water (on-site)".into(),
        format!("{} L", sig3(r.total.water_l)),
    ));
    lines.push((
        "Break-even".into(),
        r.breakeven_days
            .map(|d| format!("serving overtakes training after {} days", sig3(d)))
            .unwrap_or_else(|| "serving does not overtake training within the deployment".into()),
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
            format!("{rep} ({}; {})", c.scope, c.source),
        ));
    }
    let assumptions = e
        .resolved
        .assumptions
        .iter()
        .map(|a| {
            (
                a.path.to_string(),
                value_text(&a.value),
                origin_text(&a.origin),
            )
        })
        .collect();
    let footer = format!(
        "Method: llm-footprint {} (energy = device-hours × power × PUE; carbon = energy × grid intensity + embodied). Data: {}.{}",
        env!("CARGO_PKG_VERSION"),
        r.data_version,
        link.map(|l| format!(" Scenario: {l}")).unwrap_or_default()
    );
    Statement {
        title: format!("Carbon statement: {name}"),
        summary,
        lines,
        assumptions,
        footer,
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
    for (p, v, o) in &s.assumptions {
        out.push_str(&format!("| `{p}` | {} | {} |\n", md_cell(v), md_cell(o)));
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
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The carbon statement in LaTeX (a `\paragraph` and a `tabular`; needs no package beyond the
/// defaults, `\url` only if hyperref or url is loaded, so the link is printed verbatim with \texttt).
pub fn statement_latex(e: &Estimate, link: Option<&str>) -> String {
    let s = statement(e, link);
    let mut out = format!(
        "\\paragraph{{{}}}\n{}\n\n\\begin{{itemize}}\n",
        latex_escape(&s.title),
        latex_escape(&s.summary).replace("CO2e", "CO\\textsubscript{2}e")
    );
    for (k, v) in &s.lines {
        out.push_str(&format!(
            "  \\item \\textbf{{{}}}: {}\n",
            latex_escape(k),
            latex_escape(v).replace("CO2e", "CO\\textsubscript{2}e")
        ));
    }
    out.push_str(
        "\\end{itemize}\n\n{\\small\n\\begin{tabular}{lll}\ninput & value & source \\\\\n\\hline\n",
    );
    for (p, v, o) in &s.assumptions {
        let o: String = o.chars().take(120).collect();
        out.push_str(&format!(
            "\\texttt{{{}}} & {} & {} \\\\\n",
            latex_escape(p),
            latex_escape(v),
            latex_escape(&o)
        ));
    }
    out.push_str("\\end{tabular}}\n\n");
    out.push_str(&format!("{}\n", latex_escape(&s.footer)));
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
        let text = export_json(&s, Some(&e));
        let (back, data) = crate::engine::Scenario::from_export_json(&text).unwrap();
        assert_eq!(data, Some(crate::data::Catalog::get().data_version()));
        let again = crate::engine::estimate(&back).unwrap();
        assert_eq!(again.results, e.results);
        assert!(text.contains("\"inputs\"") && text.contains("\"tool\""));
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
        assert!(tex.contains("\\begin{tabular}") && tex.contains("CO\\textsubscript{2}e"));
        assert!(tex.contains("a\\_b=50\\%"), "{tex}");
        assert!(!tex.contains("a_b"), "unescaped underscore");
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
