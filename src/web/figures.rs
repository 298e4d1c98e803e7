//! From an [`Estimate`] to the inputs of the four charts, with the page's words. The charts know
//! nothing of the engine (see `charts`); this is where the two meet.
//!
//! Pure functions, no DOM: compiled and tested natively too (drawn to SVG in the tests).

use crate::charts::{
    ContextChart, ContextPoint, CumulativeChart, HistogramChart, MassUnits, Quantiles,
    SensitivityRow, SplitChart, SplitPairChart, SplitSegment, TornadoChart,
};
use crate::engine::Estimate;
use crate::web::i18n::{self, tr, Lang};

pub fn mass_units() -> MassUnits {
    MassUnits {
        kg: "kg CO₂e".into(),
        tonnes: "t CO₂e".into(),
        kilotonnes: "kt CO₂e".into(),
        megatonnes: "Mt CO₂e".into(),
    }
}

/// The headline: operational emissions of each phase, and the hardware's embodied share.
pub fn split(e: &Estimate, l: Lang) -> SplitChart {
    let r = &e.results;
    let mut segments = vec![
        SplitSegment {
            label: tr(l, "phase.training").into(),
            kg: r.training.co2e_kg,
        },
        SplitSegment {
            label: tr(l, "phase.fine_tuning").into(),
            kg: r.fine_tuning.co2e_kg,
        },
        SplitSegment {
            label: tr(l, "phase.inference").into(),
            kg: r.inference.co2e_kg,
        },
    ];
    // Always four segments so the colours match the other charts; a zero part shows as 0.
    segments.push(SplitSegment {
        label: tr(l, "phase.embodied").into(),
        kg: r.total.embodied_co2e_kg,
    });
    SplitChart {
        title: tr(l, "chart.split").into(),
        total_label: tr(l, "phase.total").into(),
        segments,
        units: mass_units(),
    }
}

/// The split of A (pinned) and B side by side, on one scale: the parts of [`split`].
pub fn split_pair(a: &Estimate, b: &Estimate, l: Lang) -> SplitPairChart {
    let (sa, sb) = (split(a, l), split(b, l));
    let kg = |s: &SplitChart| s.segments.iter().map(|x| x.kg).collect();
    SplitPairChart {
        title: tr(l, "chart.compare").into(),
        total_label: sa.total_label.clone(),
        names: ["A".into(), "B".into()],
        values: [kg(&sa), kg(&sb)],
        labels: sa.segments.into_iter().map(|x| x.label).collect(),
        units: mass_units(),
    }
}

pub fn cumulative(e: &Estimate, l: Lang) -> CumulativeChart {
    CumulativeChart {
        title: tr(l, "chart.cumulative").into(),
        x_title: tr(l, "chart.days").into(),
        y_title: tr(l, "chart.cumulative").into(),
        units: mass_units(),
        days: e.resolved.inputs.inference.days,
        upfront_kg: e.breakdown.upfront_co2e.0,
        per_day_kg: e.breakdown.inference_co2e_per_day.0,
        breakeven_day: e.results.breakeven_days,
        upfront_label: tr(l, "chart.upfront").into(),
        // With its hardware: more than the phase table's inference row, so named apart.
        inference_label: tr(l, "chart.inference_with_hw").into(),
        inference_alone_label: tr(l, "chart.inference_alone").into(),
        reference_label: tr(l, "chart.training_total").into(),
        breakeven_label: tr(l, "chart.breakeven").into(),
    }
}

pub fn context(e: &Estimate, l: Lang) -> ContextChart {
    ContextChart {
        title: tr(l, "chart.context").into(),
        x_title: tr(l, "chart.context_x").into(),
        y_title: tr(l, "chart.context_y").into(),
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
        dense_label: tr(l, "chart.dense").into(),
        attention_label: tr(l, "chart.attention").into(),
        current_label: tr(l, "chart.attention_at").into(),
    }
}

pub fn histogram(e: &Estimate, l: Lang) -> HistogramChart {
    let q = e.results.ranges.total_co2e_kg;
    HistogramChart {
        title: tr(l, "chart.histogram").into(),
        x_title: tr(l, "chart.total_emissions").into(),
        y_title: tr(l, "chart.runs").into(),
        units: mass_units(),
        samples: e.uncertainty.samples_kg.clone(),
        quantiles: Some(Quantiles {
            p5: q.p5,
            p50: q.p50,
            p95: q.p95,
        }),
        p5_label: "p5".into(),
        p50_label: tr(l, "chart.median_short").into(),
        p95_label: "p95".into(),
    }
}

pub fn tornado(e: &Estimate, l: Lang) -> TornadoChart {
    TornadoChart {
        title: tr(l, "chart.tornado").into(),
        x_title: tr(l, "chart.total_emissions").into(),
        units: mass_units(),
        base_kg: e.results.ranges.total_co2e_kg.p50,
        base_label: tr(l, "chart.median").into(),
        rows: e
            .uncertainty
            .sensitivity
            .iter()
            .map(|s| SensitivityRow {
                label: i18n::factor_label(l, s.factor).into(),
                low_kg: s.low_kg,
                high_kg: s.high_kg,
            })
            .collect(),
        low_label: tr(l, "chart.low").into(),
        high_label: tr(l, "chart.high").into(),
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

pub type PhaseRow = (&'static str, Option<f64>, f64, Option<f64>);

/// A reinforcement-learning run's rollouts and updates under its fine-tuning row: energy as
/// computed, carbon and water in proportion (one site, one grid, one PUE).
pub fn rl_rows(f: &crate::engine::results::FineTuningResults) -> Vec<PhaseRow> {
    let Some(rl) = &f.rl else { return Vec::new() };
    let share = |kwh: f64| {
        if f.energy_kwh > 0.0 {
            kwh / f.energy_kwh
        } else {
            0.0
        }
    };
    [
        ("phase.rollout", rl.rollout_energy_kwh),
        ("phase.update", rl.update_energy_kwh),
    ]
    .into_iter()
    .map(|(key, kwh)| {
        (
            key,
            Some(kwh),
            f.co2e_kg * share(kwh),
            Some(f.water_l * share(kwh)),
        )
    })
    .collect()
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
        for (w, l) in [(328u32, Lang::Zh), (640, Lang::En)] {
            let mut svg = String::new();
            {
                let h = line_chart_height(f64::from(w)) as u32;
                let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                let theme = Theme::light();
                charts::draw_split(&area, &split(&e, l), &theme).unwrap();
                charts::draw_split_pair(&area, &split_pair(&e, &e, l), &theme).unwrap();
                charts::draw_cumulative(&area, &cumulative(&e, l), &theme).unwrap();
                charts::draw_context(&area, &context(&e, l), &theme).unwrap();
                charts::draw_histogram(&area, &histogram(&e, l), &theme).unwrap();
            }
            let mut svg = String::new();
            {
                let h = tornado_height(e.uncertainty.sensitivity.len(), f64::from(w)) as u32;
                let area = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                charts::draw_tornado(&area, &tornado(&e, l), &Theme::dark()).unwrap();
            }
        }
    }

    #[test]
    fn summaries_say_each_chart_in_words() {
        let e = example();
        let l = Lang::Zh;
        assert!(!charts::split_summary(&split(&e, l))
            .unwrap()
            .rows
            .is_empty());
        assert!(!charts::cumulative_summary(&cumulative(&e, l))
            .unwrap()
            .rows
            .is_empty());
        assert!(!charts::context_summary(&context(&e, l))
            .unwrap()
            .rows
            .is_empty());
        assert!(!charts::histogram_summary(&histogram(&e, l))
            .unwrap()
            .rows
            .is_empty());
        assert!(!charts::tornado_summary(&tornado(&e, l))
            .unwrap()
            .rows
            .is_empty());
    }

    #[test]
    fn an_rl_run_gets_rollout_and_update_rows_that_add_up_to_its_phase() {
        let mut s = crate::engine::Scenario::default();
        s.fine_tuning.method = Some("rl".into());
        let e = crate::engine::estimate(&s).unwrap();
        let f = &e.results.fine_tuning;
        let rows = rl_rows(f);
        assert_eq!(
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            ["phase.rollout", "phase.update"]
        );
        let co2e: f64 = rows.iter().map(|r| r.2).sum();
        assert!((co2e / f.co2e_kg - 1.0).abs() < 1e-9);
        s.fine_tuning.method = Some("lora".into());
        let e = crate::engine::estimate(&s).unwrap();
        assert!(rl_rows(&e.results.fine_tuning).is_empty());
    }
}
