//! Draws every chart to SVG and checks what was drawn: titles, axis titles, legend entries and
//! values, at a phone and a desktop width; and that odd numbers and odd areas give `Ok` or an
//! error, never a panic.

use llm_footprint::charts::*;
use plotters::prelude::*;

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Draws with `draw` into a `w` x `h` SVG and returns the result and the SVG text.
fn svg(
    (w, h): (u32, u32),
    theme: &Theme,
    draw: impl FnOnce(&Area, &Theme) -> Result<(), ChartError>,
) -> (Result<(), ChartError>, String) {
    let mut out = String::new();
    let result = {
        let area = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        let r = draw(&area, theme);
        area.present().expect("SVG to a string cannot fail");
        r
    };
    (result, out)
}

const SIZES: [(u32, u32); 2] = [(360, 300), (1000, 520)];

fn units() -> MassUnits {
    MassUnits {
        kg: "kg CO₂e".into(),
        tonnes: "t CO₂e".into(),
        kilotonnes: "kt CO₂e".into(),
        megatonnes: "Mt CO₂e".into(),
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
            seg("Training", 500_000.0),
            seg("Fine-tuning", 20_000.0),
            seg("Inference", 400_000.0),
            seg("Embodied", 80_000.0),
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
        upfront_label: "Training and hardware".into(),
        inference_label: "Inference".into(),
        inference_alone_label: "Inference alone".into(),
        reference_label: "Training total".into(),
        breakeven_label: "Break-even: day {day}".into(),
    }
}

fn context() -> ContextChart {
    let points = (7..=20)
        .map(|e| {
            let ctx = 2f64.powi(e);
            ContextPoint {
                context_tokens: ctx,
                dense_flops: 1.4e11,
                attention_flops: 2.6e6 * ctx,
            }
        })
        .collect();
    ContextChart {
        title: "Compute per token".into(),
        x_title: "Context length (tokens)".into(),
        y_title: "FLOPs per token".into(),
        points,
        current_context: 32_768.0,
        dense_label: "Dense".into(),
        attention_label: "Attention".into(),
        current_label: "Attention {share} at {context}".into(),
    }
}

fn histogram() -> HistogramChart {
    // 1000 evenly spread totals from 500 t to 1.5 t: percentiles are easy to know.
    let samples = (0..1001)
        .map(|i| 500_000.0 + 1_000.0 * f64::from(i))
        .collect();
    HistogramChart {
        title: "Monte Carlo totals".into(),
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
        title: "What moves the total".into(),
        x_title: "Total emissions".into(),
        units: units(),
        base_kg: 1_000_000.0,
        base_label: "Central estimate".into(),
        rows: vec![
            row("PUE", 950_000.0, 1_100_000.0),
            row("Grid carbon intensity", 600_000.0, 1_800_000.0),
            row("GPU utilisation", 1_300_000.0, 850_000.0),
        ],
        low_label: "Low end".into(),
        high_label: "High end".into(),
    }
}

/// The text of every `<text>` element, trimmed (plotters writes it on a line of its own).
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_owned())
        })
        .collect()
}

/// Asserts that every needle is in some drawn text, naming the size and the missing text.
fn assert_has(svg: &str, size: (u32, u32), needles: &[&str]) {
    let texts = texts(svg);
    for n in needles {
        assert!(
            texts.iter().any(|t| t.contains(n)),
            "{size:?}: {n:?} not drawn; drawn: {texts:?}"
        );
    }
}

/// Asserts that `label` is drawn as a whole text (a tick label, a percentage in the bar).
fn assert_label(svg: &str, size: (u32, u32), label: &str) {
    let texts = texts(svg);
    assert!(
        texts.iter().any(|t| t == label),
        "{size:?}: label {label:?} not drawn; drawn: {texts:?}"
    );
}

#[test]
fn split_draws_title_total_legend_values_and_percentages() {
    for size in SIZES {
        let (r, s) = svg(size, &Theme::light(), |a, t| draw_split(a, &split(), t));
        assert_eq!(r, Ok(()));
        assert_has(
            &s,
            size,
            &[
                "Where the emissions come from",
                "Total: 1 kt CO₂e",
                "Training",
                "Fine-tuning",
                "Inference",
                "Embodied",
                "500 t CO₂e · 50%",
                "20 t CO₂e · 2%",
                "400 t CO₂e · 40%",
                "80 t CO₂e · 8%",
            ],
        );
        // The large segments carry their percentage inside the stacked bar too.
        assert_label(&s, size, "50%");
        assert_label(&s, size, "40%");
    }
}

#[test]
fn split_of_all_zeros_draws_zero_percentages() {
    let mut input = split();
    for seg in &mut input.segments {
        seg.kg = 0.0;
    }
    let (r, s) = svg((360, 300), &Theme::dark(), |a, t| draw_split(a, &input, t));
    assert_eq!(r, Ok(()));
    assert_has(&s, (360, 300), &["Total: 0 kg CO₂e", "0 kg CO₂e · 0%"]);
}

#[test]
fn split_preferred_height_shows_every_row() {
    let theme = Theme::light();
    for w in [320, 360, 700, 1200] {
        let h = split().preferred_height(w, &theme);
        let (r, s) = svg((w, h), &theme, |a, t| draw_split(a, &split(), t));
        assert_eq!(r, Ok(()));
        assert_has(&s, (w, h), &["Embodied", "80 t CO₂e · 8%"]);
    }
}

#[test]
fn cumulative_draws_axes_legend_reference_and_break_even() {
    for size in SIZES {
        let (r, s) = svg(size, &Theme::light(), |a, t| {
            draw_cumulative(a, &cumulative(), t)
        });
        assert_eq!(r, Ok(()));
        assert_has(
            &s,
            size,
            &[
                "Emissions over the deployment",
                "Days of deployment",
                "Cumulative emissions (kt CO₂e)",
                "Training and hardware",
                "Inference alone",
                "Training total: 624 t CO₂e",
                "Break-even: day 520",
            ],
        );
        assert_label(&s, size, "0");
        assert_label(&s, size, "1");
    }
}

#[test]
fn cumulative_without_break_even_draws_no_break_even_label() {
    let mut input = cumulative();
    input.breakeven_day = None;
    let (r, s) = svg((360, 300), &Theme::light(), |a, t| {
        draw_cumulative(a, &input, t)
    });
    assert_eq!(r, Ok(()));
    assert!(!s.contains("Break-even"));
    assert!(s.contains("Training total"));
}

#[test]
fn cumulative_break_even_beyond_the_days_shown_is_pointed_at() {
    let mut input = cumulative();
    input.days = 100.0;
    let (r, s) = svg((1000, 520), &Theme::light(), |a, t| {
        draw_cumulative(a, &input, t)
    });
    assert_eq!(r, Ok(()));
    assert!(s.contains("Break-even: day 520 →"));
}

#[test]
fn context_draws_both_terms_and_the_attention_share() {
    for size in SIZES {
        let (r, s) = svg(size, &Theme::dark(), |a, t| draw_context(a, &context(), t));
        assert_eq!(r, Ok(()));
        // 2.6e6 x 32768 = 8.5e10 of 2.25e11: 38 %.
        assert_has(
            &s,
            size,
            &[
                "Compute per token",
                "Context length (tokens)",
                "FLOPs per token",
                "Dense",
                "Attention",
                "Attention 38% at 32k",
            ],
        );
        assert_label(&s, size, "1M");
        assert_label(&s, size, "100G");
    }
}

#[test]
fn context_outside_the_points_draws_no_marker() {
    let mut input = context();
    input.current_context = 1e9;
    let (r, s) = svg((360, 300), &Theme::light(), |a, t| {
        draw_context(a, &input, t)
    });
    assert_eq!(r, Ok(()));
    assert!(!s.contains("Attention 38%"));
}

#[test]
fn histogram_marks_the_percentiles() {
    for size in SIZES {
        let (r, s) = svg(size, &Theme::light(), |a, t| {
            draw_histogram(a, &histogram(), t)
        });
        assert_eq!(r, Ok(()));
        assert_has(
            &s,
            size,
            &[
                "Monte Carlo totals",
                "Total emissions (kt CO₂e)",
                "Runs",
                "p5: 0.55",
                "median: 1",
                "p95: 1.45",
            ],
        );
    }
}

#[test]
fn histogram_uses_the_engine_percentiles_when_given() {
    let mut input = histogram();
    input.quantiles = Some(Quantiles {
        p5: 600_000.0,
        p50: 900_000.0,
        p95: 1_400_000.0,
    });
    let (r, s) = svg((1000, 520), &Theme::light(), |a, t| {
        draw_histogram(a, &input, t)
    });
    assert_eq!(r, Ok(()));
    assert_has(&s, (1000, 520), &["p5: 0.6", "median: 0.9", "p95: 1.4"]);
}

#[test]
fn tornado_draws_rows_values_and_the_central_estimate() {
    for size in SIZES {
        let (r, s) = svg(size, &Theme::light(), |a, t| draw_tornado(a, &tornado(), t));
        assert_eq!(r, Ok(()));
        assert_has(
            &s,
            size,
            &[
                "What moves the total",
                "Total emissions (kt CO₂e)",
                "Low end",
                "High end",
                "PUE",
                "Central estimate: 1 kt CO₂e",
            ],
        );
        assert_label(&s, size, "0.6");
        assert_label(&s, size, "1.8");
        // The widest swing is drawn first (at the top).
        let t = texts(&s);
        let row = |l: &str| t.iter().position(|x| x == l).unwrap();
        assert!(
            row("Grid carbon intensity") < row("PUE"),
            "{size:?}: rows sorted by swing"
        );
    }
}

#[test]
fn long_labels_are_shortened_on_a_phone() {
    let mut input = tornado();
    input.rows[1].label = "Carbon intensity of the electricity grid in the region".into();
    let (r, s) = svg((320, 300), &Theme::light(), |a, t| {
        draw_tornado(a, &input, t)
    });
    assert_eq!(r, Ok(()));
    assert!(s.contains("Carbon intensity"));
    assert!(s.contains('…'));
    assert!(!s.contains("in the region"));
}

#[test]
fn cjk_labels_and_font_family_reach_the_drawing() {
    let mut theme = Theme::light();
    theme.font_family = "Noto Sans CJK SC, sans-serif".into();
    let mut input = split();
    input.title = "排放来源".into();
    input.segments[0].label = "训练".into();
    let (r, s) = svg((360, 300), &theme, |a, t| draw_split(a, &input, t));
    assert_eq!(r, Ok(()));
    assert_has(&s, (360, 300), &["排放来源", "训练"]);
    assert!(s.contains(r#"font-family="Noto Sans CJK SC, sans-serif""#));
}

/// The `font-size` of the first text in an SVG.
fn first_font_size(svg: &str) -> f64 {
    let start = svg.find("font-size=\"").expect("some text") + "font-size=\"".len();
    let end = start + svg[start..].find('"').unwrap();
    svg[start..end].parse().unwrap()
}

#[test]
fn device_pixel_ratio_scales_text_with_the_canvas() {
    let one = Theme::light();
    let two = Theme {
        scale: 2.0,
        ..Theme::light()
    };
    let (_, s1) = svg((400, 300), &one, |a, t| {
        draw_cumulative(a, &cumulative(), t)
    });
    let (_, s2) = svg((800, 600), &two, |a, t| {
        draw_cumulative(a, &cumulative(), t)
    });
    let (f1, f2) = (first_font_size(&s1), first_font_size(&s2));
    assert!((f2 - 2.0 * f1).abs() < 0.01, "{f1} at 1x, {f2} at 2x");
}

#[test]
fn for_svg_compensates_svg_font_scaling() {
    let (_, plain) = svg((400, 300), &Theme::light(), |a, t| {
        draw_split(a, &split(), t)
    });
    let (_, comp) = svg((400, 300), &Theme::light().for_svg(), |a, t| {
        draw_split(a, &split(), t)
    });
    let ratio = first_font_size(&comp) / first_font_size(&plain);
    assert!((ratio - 1.24).abs() < 0.01, "{ratio}");
}

#[test]
fn errors_name_what_is_wrong() {
    let theme = Theme::light();
    let mut bad = split();
    bad.segments[2].kg = f64::NAN;
    let (r, s) = svg((360, 300), &theme, |a, t| draw_split(a, &bad, t));
    assert_eq!(r, Err(ChartError::InvalidInput("split segment kg")));
    // The area is cleared and titled, not left with a stale chart.
    assert!(s.contains("Where the emissions come from"));

    let mut empty = context();
    empty.points.clear();
    let (r, _) = svg((360, 300), &theme, |a, t| draw_context(a, &empty, t));
    assert_eq!(r, Err(ChartError::NoData));

    let (r, _) = svg((100, 60), &theme, |a, t| draw_split(a, &split(), t));
    assert_eq!(r, Err(ChartError::AreaTooSmall));

    let mut no_samples = histogram();
    no_samples.samples = vec![f64::NAN, f64::INFINITY];
    let (r, _) = svg((360, 300), &theme, |a, t| draw_histogram(a, &no_samples, t));
    assert_eq!(r, Err(ChartError::NoData));
}

const ODD: [f64; 13] = [
    0.0,
    -0.0,
    -1.0,
    1e-300,
    f64::MIN_POSITIVE,
    0.5,
    1e15,
    1e100,
    1e300,
    f64::MAX,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

const ODD_SIZES: [(u32, u32); 5] = [(0, 0), (1, 1), (170, 110), (320, 200), (1200, 800)];

/// Draws every chart with `v` put into each numeric field in turn (and into all of them), at
/// odd sizes and scales. Any panic fails the test; `Ok` and `Err` are both fine.
#[test]
fn odd_numbers_and_sizes_never_panic() {
    let mut themes = vec![Theme::light(), Theme::dark().for_svg()];
    for scale in [0.0, f64::NAN, 3.0] {
        themes.push(Theme {
            scale,
            ..Theme::light()
        });
    }
    for v in ODD {
        let mut splits = vec![];
        for i in 0..4 {
            let mut s = split();
            s.segments[i].kg = v;
            splits.push(s);
        }
        let mut all = split();
        all.segments.iter_mut().for_each(|s| s.kg = v);
        splits.push(all);

        let mut cums = vec![];
        for field in 0..5 {
            let mut c = cumulative();
            match field {
                0 => c.days = v,
                1 => c.upfront_kg = v,
                2 => c.per_day_kg = v,
                3 => c.breakeven_day = Some(v),
                _ => {
                    c.days = v;
                    c.upfront_kg = v;
                    c.per_day_kg = v;
                    c.breakeven_day = Some(v);
                }
            }
            cums.push(c);
        }

        let mut ctxs = vec![];
        for field in 0..5 {
            let mut c = context();
            match field {
                0 => c.points[3].context_tokens = v,
                1 => c.points[3].dense_flops = v,
                2 => c.points.iter_mut().for_each(|p| p.attention_flops = v),
                3 => c.current_context = v,
                _ => {
                    c.points.truncate(1);
                    c.points[0] = ContextPoint {
                        context_tokens: v,
                        dense_flops: v,
                        attention_flops: v,
                    };
                }
            }
            ctxs.push(c);
        }

        let mut hists = vec![];
        for field in 0..4 {
            let mut h = histogram();
            match field {
                0 => h.samples[10] = v,
                1 => h.samples.iter_mut().for_each(|s| *s = v),
                2 => {
                    h.quantiles = Some(Quantiles {
                        p5: v,
                        p50: 1e6,
                        p95: 1.2e6,
                    })
                }
                _ => h.samples = vec![v, -v, 2.0 * v],
            }
            hists.push(h);
        }

        let mut tornados = vec![];
        for field in 0..4 {
            let mut t = tornado();
            match field {
                0 => t.base_kg = v,
                1 => t.rows[0].low_kg = v,
                2 => t.rows[1].high_kg = v,
                _ => {
                    t.base_kg = v;
                    t.rows.iter_mut().for_each(|r| {
                        r.low_kg = v;
                        r.high_kg = v;
                    });
                }
            }
            tornados.push(t);
        }

        for size in ODD_SIZES {
            for theme in &themes {
                for s in &splits {
                    let _ = svg(size, theme, |a, t| draw_split(a, s, t));
                    let _ = split_summary(s);
                    let _ = s.preferred_height(size.0, theme);
                }
                for c in &cums {
                    let _ = svg(size, theme, |a, t| draw_cumulative(a, c, t));
                    let _ = cumulative_summary(c);
                }
                for c in &ctxs {
                    let _ = svg(size, theme, |a, t| draw_context(a, c, t));
                    let _ = context_summary(c);
                }
                for h in &hists {
                    let _ = svg(size, theme, |a, t| draw_histogram(a, h, t));
                    let _ = histogram_summary(h);
                }
                for t in &tornados {
                    let _ = svg(size, theme, |a, th| draw_tornado(a, t, th));
                    let _ = tornado_summary(t);
                }
            }
        }
    }
}

#[test]
fn empty_inputs_never_panic() {
    let theme = Theme::light();
    let size = (360, 300);
    let (r, _) = svg(size, &theme, |a, t| {
        draw_split(a, &SplitChart::default(), t)
    });
    assert_eq!(r, Err(ChartError::NoData));
    let (r, _) = svg(size, &theme, |a, t| {
        draw_context(a, &ContextChart::default(), t)
    });
    assert_eq!(r, Err(ChartError::NoData));
    let (r, _) = svg(size, &theme, |a, t| {
        draw_histogram(a, &HistogramChart::default(), t)
    });
    assert_eq!(r, Err(ChartError::NoData));
    let (r, _) = svg(size, &theme, |a, t| {
        draw_tornado(a, &TornadoChart::default(), t)
    });
    assert_eq!(r, Err(ChartError::NoData));
    // A deployment of zero days with nothing emitted is a valid, empty chart.
    let (r, _) = svg(size, &theme, |a, t| {
        draw_cumulative(a, &CumulativeChart::default(), t)
    });
    assert_eq!(r, Ok(()));
}

#[test]
fn summaries_say_the_numbers_in_words() {
    let s = split_summary(&split()).unwrap().to_string();
    assert!(s.starts_with("Where the emissions come from\n"));
    assert!(s.contains("Inference: 400 t CO₂e (40%)"));
    assert!(s.contains("Total: 1 kt CO₂e"));

    let s = cumulative_summary(&cumulative()).unwrap().to_string();
    assert!(s.contains("Break-even: day 520: 624 t CO₂e"), "{s}");

    let s = context_summary(&context()).unwrap().to_string();
    assert!(s.contains("Attention 38% at 32k"), "{s}");
    assert!(s.contains("1M: Dense: 140G; Attention: 2.73T"), "{s}");

    let s = histogram_summary(&histogram()).unwrap().to_string();
    assert!(s.contains("p5: 550 t CO₂e"), "{s}");
    assert!(s.contains("median: 1 kt CO₂e"), "{s}");
    assert!(s.contains("Runs: 1001"), "{s}");

    let s = tornado_summary(&tornado()).unwrap().to_string();
    assert!(s.contains("Central estimate: 1 kt CO₂e"), "{s}");
    assert!(
        s.contains("Grid carbon intensity: Low end: 0.6 kt CO₂e; High end: 1.8 kt CO₂e"),
        "{s}"
    );
}

fn pair() -> SplitPairChart {
    SplitPairChart {
        title: "Emissions of A and of B".into(),
        total_label: "Total".into(),
        names: ["A".into(), "B".into()],
        labels: ["Training", "Fine-tuning", "Inference", "Embodied"]
            .map(String::from)
            .to_vec(),
        values: [
            vec![500_000.0, 20_000.0, 400_000.0, 80_000.0],
            vec![250_000.0, 0.0, 200_000.0, 50_000.0],
        ],
        units: units(),
    }
}

/// The SVG's rectangles: (x, y, width, height, fill).
fn rects(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
    let attr = |r: &str, name: &str| -> Option<String> {
        let at = r.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(r[at..at + r[at..].find('"')?].to_owned())
    };
    svg.split("<rect")
        .skip(1)
        .filter_map(|r| {
            let r = &r[..r.find("/>")?];
            let n = |name| attr(r, name).and_then(|v| v.parse::<f64>().ok());
            Some((
                n("x")?,
                n("y")?,
                n("width")?,
                n("height")?,
                attr(r, "fill")?,
            ))
        })
        .collect()
}

#[test]
fn split_pair_draws_both_totals_every_part_and_both_values() {
    let theme = Theme::light();
    for w in [328, 360, 700, 1000] {
        let h = pair().preferred_height(w, &theme);
        let (r, s) = svg((w, h), &theme, |a, t| draw_split_pair(a, &pair(), t));
        assert_eq!(r, Ok(()));
        assert_has(
            &s,
            (w, h),
            &[
                "Emissions of A and of B",
                "A · Total: 1 kt CO₂e",
                "B · Total: 500 t CO₂e",
                "Training",
                "Fine-tuning",
                "Inference",
                "Embodied",
                "A 500 t CO₂e · B 250 t CO₂e",
                "A 20 t CO₂e · B 0 kg CO₂e",
                "A 80 t CO₂e · B 50 t CO₂e",
            ],
        );
        // Legends are never shortened, at a phone's width either.
        assert!(
            texts(&s).iter().all(|t| !t.contains('…')),
            "{w}: {:?}",
            texts(&s)
        );
        assert_label(&s, (w, h), "50%");
    }
}

#[test]
fn split_pair_draws_both_bars_on_one_scale() {
    // A totals 1 kt and B 500 t: B's bar is half as long as A's, which spans the width.
    let theme = Theme::light();
    let (w, h) = (700, pair().preferred_height(700, &theme));
    let (r, s) = svg((w, h), &theme, |a, t| draw_split_pair(a, &pair(), t));
    assert_eq!(r, Ok(()));
    let colour = |c: plotters::style::RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
    let parts: Vec<String> = (0..4).map(|i| colour(theme.series(i))).collect();
    // The segments of each bar (22 px tall), by the bar's top.
    let mut bars: Vec<(f64, f64, f64)> = Vec::new();
    for (x, y, rw, rh, fill) in rects(&s) {
        if rh != 22.0 || !parts.iter().any(|p| p.eq_ignore_ascii_case(&fill)) {
            continue;
        }
        match bars.iter_mut().find(|b| b.0 == y) {
            Some(b) => {
                b.1 = b.1.min(x);
                b.2 = b.2.max(x + rw);
            }
            None => bars.push((y, x, x + rw)),
        }
    }
    assert_eq!(bars.len(), 2, "two bars: {bars:?}");
    let (a, b) = (bars[0].2 - bars[0].1, bars[1].2 - bars[1].1);
    assert!(
        (a - f64::from(w - 24)).abs() <= 2.0,
        "A spans the width: {a}"
    );
    assert!((b / a - 0.5).abs() < 0.01, "B is half of A: {b} / {a}");
}

#[test]
fn split_pair_with_long_chinese_labels_puts_values_on_their_own_line() {
    let mut input = pair();
    input.labels = [
        "预训练（从零开始的全部计算）",
        "微调",
        "推理服务（部署期内）",
        "硬件隐含排放",
    ]
    .map(String::from)
    .to_vec();
    let theme = Theme::light();
    let h = input.preferred_height(328, &theme);
    let (r, s) = svg((328, h), &theme, |a, t| draw_split_pair(a, &input, t));
    assert_eq!(r, Ok(()));
    assert_has(
        &s,
        (328, h),
        &[
            "预训练（从零开始的全部计算）",
            "A 500 t CO₂e · B 250 t CO₂e",
        ],
    );
    assert!(
        texts(&s).iter().all(|t| !t.contains('…')),
        "{:?}",
        texts(&s)
    );
    // Taller than the same chart on one line a row: the values went under their labels.
    assert!(h > pair().preferred_height(328, &theme), "{h}");
}

#[test]
fn split_pair_refuses_bad_numbers_by_name_and_never_panics() {
    for bad in [f64::NAN, f64::INFINITY, -1.0, 1e300] {
        let mut input = pair();
        input.values[1][2] = bad;
        let (r, _) = svg((360, 300), &Theme::light(), |a, t| {
            draw_split_pair(a, &input, t)
        });
        assert_eq!(r, Err(ChartError::InvalidInput("split pair kg")), "{bad}");
        assert!(split_pair_summary(&input).is_err());
    }
    let mut short = pair();
    short.values[0].pop();
    assert_eq!(
        split_pair_summary(&short),
        Err(ChartError::InvalidInput("split pair values"))
    );
    let mut zero = pair();
    zero.values = [vec![0.0; 4], vec![0.0; 4]];
    let (r, s) = svg((360, 300), &Theme::dark(), |a, t| {
        draw_split_pair(a, &zero, t)
    });
    assert_eq!(r, Ok(()));
    assert_has(&s, (360, 300), &["A · Total: 0 kg CO₂e"]);
    let empty = SplitPairChart::default();
    let (r, _) = svg((360, 300), &Theme::light(), |a, t| {
        draw_split_pair(a, &empty, t)
    });
    assert_eq!(r, Err(ChartError::NoData));
    let (r, _) = svg((100, 50), &Theme::light(), |a, t| {
        draw_split_pair(a, &pair(), t)
    });
    assert_eq!(r, Err(ChartError::AreaTooSmall));
}

#[test]
fn split_pair_summary_says_both_sides() {
    let s = split_pair_summary(&pair()).unwrap();
    assert_eq!(
        s.rows[0],
        ("Training".into(), "A 500 t CO₂e · B 250 t CO₂e".into())
    );
    assert_eq!(
        s.rows.last().unwrap(),
        &("Total".into(), "A 1 kt CO₂e · B 500 t CO₂e".into())
    );
}
