//! Two scenarios side by side: A (pinned) and B, every headline number of each, the difference
//! B − A and the ratio B/A, and whether the two 90 % ranges of the total CO2e overlap (then the
//! difference is within the uncertainty of both, and a ratio must not be read as exact). The page,
//! the JSON export and `llm-footprint compare` all read this one document.

use super::results::Results;
use serde::Serialize;

/// One quantity in A and in B.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Delta {
    pub a: f64,
    pub b: f64,
    /// B − A.
    pub difference: f64,
    /// B / A; `None` when A is zero.
    pub ratio: Option<f64>,
}

impl Delta {
    pub fn of(a: f64, b: f64) -> Delta {
        Delta {
            a,
            b,
            difference: b - a,
            ratio: (a != 0.0 && a.is_finite() && b.is_finite()).then(|| b / a),
        }
    }
}

/// A 90 % range (p5–p95).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    pub p5: f64,
    pub p95: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Total CO2e, kg (operational and embodied).
    pub co2e_kg: Delta,
    pub co2e_range_a_kg: Range,
    pub co2e_range_b_kg: Range,
    /// Whether the two 90 % ranges of the total CO2e overlap: then the difference is within the
    /// uncertainty of both.
    pub ranges_overlap: bool,
    pub energy_kwh: Delta,
    pub water_l: Delta,
    pub energy_per_query_wh: Delta,
    pub co2e_per_query_g: Delta,
    /// Days of deployment until serving has emitted as much as training; `None` in a side where
    /// it does not happen within the deployment.
    pub breakeven_days_a: Option<f64>,
    pub breakeven_days_b: Option<f64>,
}

/// A beside B.
pub fn compare(a: &Results, b: &Results) -> Comparison {
    let range = |r: &Results| Range {
        p5: r.ranges.total_co2e_kg.p5,
        p95: r.ranges.total_co2e_kg.p95,
    };
    let (ra, rb) = (range(a), range(b));
    Comparison {
        co2e_kg: Delta::of(a.total.co2e_kg, b.total.co2e_kg),
        co2e_range_a_kg: ra,
        co2e_range_b_kg: rb,
        ranges_overlap: ra.p5 <= rb.p95 && rb.p5 <= ra.p95,
        energy_kwh: Delta::of(a.total.energy_kwh, b.total.energy_kwh),
        water_l: Delta::of(a.total.water_l, b.total.water_l),
        energy_per_query_wh: Delta::of(
            a.inference.energy_per_query_wh,
            b.inference.energy_per_query_wh,
        ),
        co2e_per_query_g: Delta::of(a.inference.co2e_per_query_g, b.inference.co2e_per_query_g),
        breakeven_days_a: a.breakeven_days,
        breakeven_days_b: b.breakeven_days,
    }
}

/// A ratio for people: "1.9×", "0.52×", "12×" (two significant figures; three below 0.1 and
/// above 100 keep their digits as written by `sig3`).
pub fn fmt_ratio(r: f64) -> String {
    if !r.is_finite() {
        return "–".into();
    }
    let digits = if r.abs() >= 10.0 {
        0
    } else if r.abs() >= 1.0 {
        1
    } else {
        2
    };
    format!("{r:.digits$}×")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{estimate, Scenario};

    fn results(batch: f64) -> Results {
        let mut s = crate::web::opening_scenario();
        s.inference.batch = Some(batch);
        estimate(&s).unwrap().results
    }

    #[test]
    fn ratio_and_difference_are_b_over_and_minus_a() {
        let (a, b) = (results(64.0), results(8.0));
        let c = compare(&a, &b);
        assert_eq!(c.co2e_kg.a, a.total.co2e_kg);
        assert_eq!(c.co2e_kg.difference, b.total.co2e_kg - a.total.co2e_kg);
        assert_eq!(c.co2e_kg.ratio, Some(b.total.co2e_kg / a.total.co2e_kg));
        assert!(c.co2e_kg.ratio.unwrap() > 1.0, "a smaller batch costs more");
        assert_eq!(c.breakeven_days_a, a.breakeven_days);
    }

    #[test]
    fn the_same_scenario_overlaps_itself_and_a_far_one_does_not() {
        let a = results(64.0);
        let c = compare(&a, &a);
        assert!(c.ranges_overlap);
        assert_eq!(c.co2e_kg.ratio, Some(1.0));
        // GPT-3 served at batch 1 for ten years against the opening scenario.
        let mut far = Scenario::default();
        far.model.preset = Some("gpt-3-175b".into());
        far.inference.batch = Some(1.0);
        far.inference.days = Some(3650.0);
        let b = estimate(&far).unwrap().results;
        let c = compare(&a, &b);
        assert!(
            !c.ranges_overlap,
            "{:?} vs {:?}",
            c.co2e_range_a_kg, c.co2e_range_b_kg
        );
    }

    #[test]
    fn no_ratio_against_nothing() {
        assert_eq!(Delta::of(0.0, 3.0).ratio, None);
        assert_eq!(Delta::of(0.0, 3.0).difference, 3.0);
    }

    #[test]
    fn ratios_are_written_short() {
        assert_eq!(fmt_ratio(1.94), "1.9×");
        assert_eq!(fmt_ratio(0.523), "0.52×");
        assert_eq!(fmt_ratio(12.4), "12×");
        assert_eq!(fmt_ratio(f64::NAN), "–");
    }
}
