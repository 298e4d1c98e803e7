//! Renders every chart with plausible numbers to SVG, in the light and dark themes, at a phone and
//! a desktop width, so a person can look at them:
//!
//!     cargo run --example render_charts -- out/
//!
//! Writes `<chart>-<theme>-<width>.svg` into the given directory.

use llm_footprint::charts::*;
use plotters::prelude::*;
use std::path::Path;

fn units() -> MassUnits {
    MassUnits {
        kg: "kg CO₂e".into(),
        tonnes: "t CO₂e".into(),
    }
}

fn split() -> SplitChart {
    let seg = |label: &str, kg: f64| SplitSegment {
        label: label.into(),
        kg,
    };
    SplitChart {
        title: "Where the emissions come from".into(),
        total_label: "Total".into(),
        segments: vec![
            seg("Training", 552_000.0),
            seg("Fine-tuning", 12_000.0),
            seg("Inference (1 year)", 438_000.0),
            seg("Embodied hardware", 60_000.0),
        ],
        units: units(),
    }
}

fn cumulative() -> CumulativeChart {
    CumulativeChart {
        title: "Emissions over the deployment".into(),
        x_title: "Days of deployment".into(),
        y_title: "Cumulative emissions".into(),
        units: units(),
        days: 730.0,
        upfront_kg: 624_000.0,
        per_day_kg: 1_200.0,
        breakeven_day: Some(520.0),
        upfront_label: "Training, fine-tuning & hardware".into(),
        inference_label: "Inference".into(),
        inference_alone_label: "Inference alone".into(),
        reference_label: "Training total".into(),
        breakeven_label: "Break-even: day {day}".into(),
    }
}

fn context() -> ContextChart {
    // A 70B model: 2 FLOPs per parameter, plus attention over the context
    // (about 4 x layers x model width per token of context; Kaplan et al. 2020, table 1).
    let points = (7..=20)
        .map(|e| {
            let ctx = 2f64.powi(e);
            ContextPoint {
                context_tokens: ctx,
                dense_flops: 1.4e11,
                attention_flops: 4.0 * 80.0 * 8192.0 * ctx,
            }
        })
        .collect();
    ContextChart {
        title: "Compute per token vs context length".into(),
        x_title: "Context length (tokens)".into(),
        y_title: "FLOPs per token".into(),
        points,
        current_context: 32_768.0,
        dense_label: "Dense (weights)".into(),
        attention_label: "Attention".into(),
        current_label: "Attention {share} at {context}".into(),
    }
}

fn histogram() -> HistogramChart {
    // Log-normal totals around 1,050 t, from a small seeded generator (no dependency needed).
    let mut state: u64 = 42;
    let mut uniform = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let samples = (0..2000)
        .map(|_| {
            let (u1, u2) = (uniform(), uniform());
            let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            1.05e6 * (0.3 * z).exp()
        })
        .collect();
    HistogramChart {
        title: "Uncertainty of the total (Monte Carlo)".into(),
        x_title: "Total emissions".into(),
        y_title: "Runs".into(),
        units: units(),
        samples,
        quantiles: None,
        p5_label: "p5".into(),
        p50_label: "median".into(),
        p95_label: "p95".into(),
    }
}

fn tornado() -> TornadoChart {
    let row = |label: &str, low_kg: f64, high_kg: f64| SensitivityRow {
        label: label.into(),
        low_kg,
        high_kg,
    };
    TornadoChart {
        title: "What moves the total most".into(),
        x_title: "Total emissions".into(),
        units: units(),
        base_kg: 1_062_000.0,
        base_label: "Central estimate".into(),
        rows: vec![
            row("Power usage effectiveness", 980_000.0, 1_190_000.0),
            row("Grid carbon intensity", 610_000.0, 1_820_000.0),
            row("GPU utilisation", 1_350_000.0, 870_000.0),
            row("Embodied carbon per GPU", 1_040_000.0, 1_100_000.0),
            row("Requests per day", 850_000.0, 1_480_000.0),
        ],
        low_label: "Input at its low end".into(),
        high_label: "Input at its high end".into(),
    }
}

type Draw = fn(&DrawingArea<SVGBackend, plotters::coord::Shift>, &Theme) -> Result<(), ChartError>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: render_charts <output dir>")?;
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let charts: [(&str, Draw, f64); 5] = [
        ("split", |a, t| draw_split(a, &split(), t), 0.0),
        (
            "cumulative",
            |a, t| draw_cumulative(a, &cumulative(), t),
            0.62,
        ),
        ("context", |a, t| draw_context(a, &context(), t), 0.62),
        ("histogram", |a, t| draw_histogram(a, &histogram(), t), 0.62),
        ("tornado", |a, t| draw_tornado(a, &tornado(), t), 0.62),
    ];
    for (theme_name, theme) in [("light", Theme::light()), ("dark", Theme::dark())] {
        let theme = theme.for_svg();
        for width in [360u32, 960] {
            for (name, draw, aspect) in &charts {
                let height = match *name {
                    "split" => split().preferred_height(width, &theme),
                    "tornado" => tornado().preferred_height(width, &theme),
                    _ => ((f64::from(width) * aspect) as u32).clamp(280, 520),
                };
                let path = dir.join(format!("{name}-{theme_name}-{width}.svg"));
                write_svg(&path, (width, height), |a| draw(a, &theme))?;
            }
        }
    }

    // Chinese labels, to see that the layout leaves room for wide characters.
    let mut theme = Theme::light().for_svg();
    theme.font_family = "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif".into();
    let mut zh = split();
    zh.title = "排放来自哪里".into();
    zh.total_label = "合计".into();
    for (seg, label) in zh
        .segments
        .iter_mut()
        .zip(["训练", "微调", "推理（一年）", "硬件隐含碳"])
    {
        seg.label = label.into();
    }
    zh.units = MassUnits {
        kg: "千克 CO₂e".into(),
        tonnes: "吨 CO₂e".into(),
    };
    let h = zh.preferred_height(360, &theme);
    write_svg(&dir.join("split-zh-360.svg"), (360, h), |a| {
        draw_split(a, &zh, &theme)
    })?;
    let mut zh = cumulative();
    zh.title = "部署期间的累计排放".into();
    zh.x_title = "部署天数".into();
    zh.y_title = "累计排放".into();
    zh.units.tonnes = "吨 CO₂e".into();
    zh.upfront_label = "训练、微调与硬件".into();
    zh.inference_label = "推理".into();
    zh.inference_alone_label = "仅推理".into();
    zh.reference_label = "训练总量".into();
    zh.breakeven_label = "持平点：第 {day} 天".into();
    write_svg(&dir.join("cumulative-zh-360.svg"), (360, 300), |a| {
        draw_cumulative(a, &zh, &theme)
    })?;
    Ok(())
}

fn write_svg(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), ChartError>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&area)?;
        area.present()?;
    }
    std::fs::write(path, svg)?;
    println!("{}", path.display());
    Ok(())
}
