//! From an [`Estimate`] to the inputs of the four charts, with the page's words. The charts know
//! nothing of the engine (see `charts`); this is where the two meet.
//!
//! Pure functions, no DOM: compiled and tested natively too (drawn to SVG in the tests).

use crate::charts::{
    ContextChart, ContextPoint, CumulativeChart, HistogramChart, MassUnits, Quantiles,
    SensitivityRow, SplitChart, SplitSegment, TornadoChart,
};
use crate::engine::Estimate;

pub fn mass_units() -> MassUnits {
    MassUnits {
        kg: "kg CO₂e".into(),
        tonnes: "t CO₂e".into(),
    }
}

/// The headline: operational emissions of each phase, and the hardware's embodied share.
pub fn split(e: &Estimate) -> SplitChart {
    let r = &e.results;
    let mut segments = vec![
        SplitSegment {
            label: "Pre-training".into(),
            kg: r.training.co2e_kg,
        },
        SplitSegment {
            label: "Fine-tuning".into(),
            kg: r.fine_tuning.co2e_kg,
        },
        SplitSegment {
            label: "Inference".into(),
            kg: r.inference.co2e_kg,
        },
    ];
    // Always four segments so the colours match the other charts; a zero part shows as 0.
    segments.push(SplitSegment {
        label: "Embodied hardware".into(),
        kg: r.total.embodied_co2e_kg,
    });
    SplitChart {
        title: "Where the emissions come from".into(),
        total_label: "Total".into(),
        segments,
        units: mass_units(),
    }
}

pub fn cumulative(e: &Estimate) -> CumulativeChart {
    CumulativeChart {
        title: "Cumulative emissions".into(),
        x_title: "Days of deployment".into(),
        y_title: "Cumulative emissions".into(),
        units: mass_units(),
        days: e.resolved.inputs.inference.days,
        upfront_kg: e.breakdown.upfront_co2e.0,
        per_day_kg: e.breakdown.inference_co2e_per_day.0,
        breakeven_day: e.results.breakeven_days,
        upfront_label: "Training, fine-tuning and their hardware".into(),
        inference_label: "Inference".into(),
        inference_alone_label: "Inference alone".into(),
        reference_label: "Training total".into(),
        breakeven_label: "Break-even: day {day}".into(),
    }
}

pub fn context(e: &Estimate) -> ContextChart {
    ContextChart {
        title: "FLOPs per token vs context length".into(),
        x_title: "Context length (tokens)".into(),
        y_title: "Forward FLOPs per token".into(),
        points: e
            .context_curve
            .iter()
            .map(|p| ContextPoint {
                context_tokens: p.context,
                dense_flops: p.dense_flops,
                attention_flops: p.attention_flops,
            })
            .collect(),
        current_context: e.resolved.inputs.model.context,
        dense_label: "Dense (2 × active parameters)".into(),
        attention_label: "Attention (2·L·d·(n+1))".into(),
        current_label: "Attention {share} at {context}".into(),
    }
}

pub fn histogram(e: &Estimate) -> HistogramChart {
    let q = e.results.ranges.total_co2e_kg;
    HistogramChart {
        title: "Uncertainty of the total".into(),
        x_title: "Total emissions".into(),
        y_title: "Runs".into(),
        units: mass_units(),
        samples: e.uncertainty.samples_kg.clone(),
        quantiles: Some(Quantiles {
            p5: q.p5,
            p50: q.p50,
            p95: q.p95,
        }),
        p5_label: "p5".into(),
        p50_label: "median".into(),
        p95_label: "p95".into(),
    }
}

pub fn tornado(e: &Estimate) -> TornadoChart {
    TornadoChart {
        title: "Which input moves the total most".into(),
        x_title: "Total emissions".into(),
        units: mass_units(),
        base_kg: e.results.ranges.total_co2e_kg.p50,
        base_label: "Median".into(),
        rows: e
            .uncertainty
            .sensitivity
            .iter()
            .map(|s| SensitivityRow {
                label: super::labels::factor_label(s.factor).into(),
                low_kg: s.low_kg,
                high_kg: s.high_kg,
            })
            .collect(),
        low_label: "Input at its 5th percentile".into(),
        high_label: "Input at its 95th percentile".into(),
    }
}

/// Chart heights in CSS pixels for a chart `width` CSS pixels wide.
pub fn line_chart_height(width: f64) -> f64 {
    (width * 0.6).clamp(250.0, 340.0)
}

pub fn histogram_height(width: f64) -> f64 {
    (width * 0.5).clamp(210.0, 290.0)
}

/// Enough room for the title, legend, axis and one row per input.
pub fn tornado_height(rows: usize, width: f64) -> f64 {
    let legend = if width < 420.0 { 44.0 } else { 24.0 };
    72.0 + legend + 24.0 * rows.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{self, Theme};
    use crate::engine::estimate;
    use plotters::prelude::*;

    fn example() -> Estimate {
        estimate(&crate::web::opening_scenario()).unwrap()
    }

    #[test]
    fn every_chart_of_the_example_draws_at_phone_and_desktop_widths() {
        let e = example();
        for w in [328u32, 640] {
            let mut svg = String::new();
            {
                let h = line_chart_height(f64::from(w)) as u32;
                let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                let theme = Theme::light();
                charts::draw_split(&area, &split(&e), &theme).unwrap();
                charts::draw_cumulative(&area, &cumulative(&e), &theme).unwrap();
                charts::draw_context(&area, &context(&e), &theme).unwrap();
                charts::draw_histogram(&area, &histogram(&e), &theme).unwrap();
            }
            let mut svg = String::new();
            {
                let h = tornado_height(e.uncertainty.sensitivity.len(), f64::from(w)) as u32;
                let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                charts::draw_tornado(&area, &tornado(&e), &Theme::dark()).unwrap();
            }
        }
    }

    #[test]
    fn summaries_say_each_chart_in_words() {
        let e = example();
        assert!(!charts::split_summary(&split(&e)).unwrap().rows.is_empty());
        assert!(!charts::cumulative_summary(&cumulative(&e))
            .unwrap()
            .rows
            .is_empty());
        assert!(!charts::context_summary(&context(&e))
            .unwrap()
            .rows
            .is_empty());
        assert!(!charts::histogram_summary(&histogram(&e))
            .unwrap()
            .rows
            .is_empty());
        assert!(!charts::tornado_summary(&tornado(&e))
            .unwrap()
            .rows
            .is_empty());
    }
}
