//! How uncertain the total is: a histogram of the Monte Carlo totals with the 5th, 50th and 95th
//! percentiles marked, and a tornado chart of how far each input alone moves the total.

use super::*;

/// 5th, 50th and 95th percentiles of the Monte Carlo totals, in kg.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantiles {
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

impl Quantiles {
    /// Percentiles of the finite samples, interpolating linearly between order statistics
    /// (Hyndman & Fan type 7, the default of NumPy and R). `None` without a finite sample.
    pub fn from_samples(samples: &[f64]) -> Option<Quantiles> {
        let mut v: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        // The engine's own percentiles: one definition (and one selection routine) for both.
        let p = crate::engine::uncertainty::percentiles(&mut v);
        Some(Quantiles {
            p5: p.p5,
            p50: p.p50,
            p95: p.p95,
        })
    }
}

/// Input of [`draw_histogram`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HistogramChart {
    pub title: String,
    /// E.g. `Total emissions`; the unit is added in parentheses.
    pub x_title: String,
    /// E.g. `Runs`.
    pub y_title: String,
    pub units: MassUnits,
    /// Monte Carlo totals in kg; non-finite samples are left out.
    pub samples: Vec<f64>,
    /// The engine's percentiles, or `None` to compute them from the samples.
    pub quantiles: Option<Quantiles>,
    /// Marker labels, e.g. `p5`, `median`, `p95`.
    pub p5_label: String,
    pub p50_label: String,
    pub p95_label: String,
}

/// Equal-width bins over the samples' range.
#[derive(Debug, Clone, PartialEq)]
struct Bins {
    lo: f64,
    width: f64,
    counts: Vec<u32>,
}

fn bin(samples: &[f64], n: usize) -> Option<Bins> {
    let (lo, hi) = samples
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return None;
    }
    let n = n.max(1);
    let (lo, width) = if hi > lo {
        (lo, (hi - lo) / n as f64)
    } else {
        // All samples equal: one bin around them.
        let w = (lo.abs() * 0.1).max(1e-3);
        return Some(Bins {
            lo: lo - w / 2.0,
            width: w,
            counts: vec![samples.len().min(u32::MAX as usize) as u32],
        });
    };
    let mut counts = vec![0u32; n];
    for &x in samples {
        let i = (((x - lo) / width).floor().max(0.0) as usize).min(n - 1);
        counts[i] = counts[i].saturating_add(1);
    }
    Some(Bins { lo, width, counts })
}

/// Checked input: finite samples and percentiles.
fn checked(input: &HistogramChart) -> Result<(Vec<f64>, Quantiles), ChartError> {
    let samples: Vec<f64> = input
        .samples
        .iter()
        .copied()
        .filter(|x| x.is_finite() && x.abs() <= MAX_VALUE)
        .collect();
    if samples.is_empty() {
        return Err(ChartError::NoData);
    }
    let q = match input.quantiles {
        Some(q) => q,
        None => Quantiles::from_samples(&samples).ok_or(ChartError::NoData)?,
    };
    for v in [q.p5, q.p50, q.p95] {
        if !v.is_finite() || v.abs() > MAX_VALUE {
            return Err(ChartError::InvalidInput("quantiles"));
        }
    }
    Ok((samples, q))
}

/// Draws the histogram of Monte Carlo totals into `area`.
pub fn draw_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &HistogramChart,
    theme: &Theme,
) -> Result<(), ChartError> {
    let f = Frame::new(area, theme)?;
    let c = checked(input);
    let mut top = begin(area, theme, &f, &input.title)?;
    let (samples, q) = c?;

    let max_abs = samples.iter().fold(0.0, |m: f64, x| m.max(x.abs()));
    let scale = input.units.scale_for(max_abs);
    let shown: Vec<f64> = samples.iter().map(|&x| scale.value(x)).collect();
    let (q5, q50, q95) = (scale.value(q.p5), scale.value(q.p50), scale.value(q.p95));
    // About √n bins, 8 to 40, each at least 6 CSS pixels wide.
    let by_width = (f.css_w / 6.0) as usize;
    let n_bins = ((shown.len() as f64).sqrt().round() as usize)
        .clamp(8, 40)
        .min(by_width);
    let bins = bin(&shown, n_bins).ok_or(ChartError::NoData)?;
    let hi = bins.lo + bins.width * bins.counts.len() as f64;
    let x_lo = bins.lo.min(q5).min(q50);
    let x_hi = hi.max(q95).max(q50);
    let pad_x = (x_hi - x_lo) * 0.02;
    let (x_lo, x_hi) = (x_lo - pad_x, x_hi + pad_x);
    let y_max = f64::from(bins.counts.iter().copied().max().unwrap_or(0)).max(1.0) * 1.08;

    top += y_title(area, theme, &f, &input.y_title, top)?;
    // Two rows for the percentile labels above the plot: the median, then p5 and p95.
    let label_row = f.line(f.small) + f.px(2.0);
    let rows_top = top;
    top += 2 * label_row + f.px(2.0);
    let x_title_text = if input.x_title.is_empty() {
        String::new()
    } else {
        format!("{} ({})", input.x_title, scale.unit)
    };
    x_title(area, theme, &f, &x_title_text)?;

    let plot = plot_area(area, &f, top, &x_title_text);
    let y_label_w = y_label_width(&f, y_max, fmt_si);
    let x_label_h = f.line(f.small) + f.px(8.0);
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(f.px(16.0))
        .x_label_area_size(x_label_h)
        .y_label_area_size(y_label_w)
        .build_cartesian_2d(x_lo..x_hi, 0.0..y_max)?;
    let (plot_w, plot_h) = chart.plotting_area().dim_in_pixel();
    let fmt = |v: &f64| fmt_si(*v);
    style_mesh(chart.configure_mesh(), theme, &f)
        .x_labels(label_count(&f, plot_w as i32, 70.0))
        .y_labels(label_count(&f, plot_h as i32, 30.0))
        .x_label_formatter(&fmt)
        .y_label_formatter(&fmt)
        .draw()?;

    let bar = theme.series(TRAINING);
    chart.draw_series(
        bins.counts
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(i, &c)| {
                let x0 = bins.lo + bins.width * i as f64;
                Rectangle::new(
                    [(x0, 0.0), (x0 + bins.width, f64::from(c))],
                    bar.mix(0.8).filled(),
                )
            }),
    )?;
    // Thin gaps between bars, in the background colour.
    let base = area.get_base_pixel();
    // Clamped: plotters' mapping overflows (a panic in debug builds) far outside the range.
    let px = |x: f64, y: f64| {
        rel(
            base,
            chart.backend_coord(&(x.clamp(x_lo, x_hi), y.clamp(0.0, y_max))),
        )
    };
    if bins.counts.len() > 1 && f64::from(plot_w) / bins.counts.len() as f64 > 4.0 * f.s {
        for i in 1..bins.counts.len() {
            let (x, y0) = px(bins.lo + bins.width * i as f64, 0.0);
            let (_, y1) = px(x_lo, y_max);
            area.draw(&PathElement::new(
                vec![(x, y0 - 1), (x, y1)],
                theme.background.stroke_width(f.px(1.0).max(1) as u32),
            ))?;
        }
    }

    // Percentile lines and their labels.
    let (_, y_bottom) = px(x_lo, 0.0);
    let (_, y_top) = px(x_lo, y_max);
    let (x_left, _) = px(x_lo, 0.0);
    let (x_right, _) = px(x_hi, 0.0);
    let stroke = theme.text.stroke_width(f.px(1.5).max(1) as u32);
    for v in [q5, q95] {
        let (x, _) = px(v, 0.0);
        dashed_line(area, &f, (x, y_bottom), (x, y_top), stroke)?;
    }
    let (x50, _) = px(q50, 0.0);
    area.draw(&PathElement::new(
        vec![(x50, y_bottom), (x50, rows_top + label_row)],
        stroke,
    ))?;
    let label = |name: &str, v: f64| {
        if name.is_empty() {
            fmt_si(v)
        } else {
            format!("{name}: {}", fmt_si(v))
        }
    };
    let gap = f.px(4.0);
    let median = label(&input.p50_label, q50);
    let half = (text_width(&median, f.small) / 2.0).ceil() as i32;
    let cx = x50.clamp(x_left + half, (x_right - half).max(x_left + half));
    boxed_text(
        area,
        theme,
        &f,
        &median,
        (cx, rows_top),
        (HPos::Center, VPos::Top),
        f.small,
        theme.text,
    )?;
    let (x5, _) = px(q5, 0.0);
    let (x95, _) = px(q95, 0.0);
    let low = label(&input.p5_label, q5);
    let high = label(&input.p95_label, q95);
    let row2 = rows_top + label_row;
    // p5 to the left of its line and p95 to the right, so they never cover each other; pushed
    // inside the plot when the line is near an edge.
    let low_w = text_width(&low, f.small).ceil() as i32;
    let low_x = (x5 - gap).max(x_left + low_w);
    text(
        area,
        &low,
        (low_x, row2),
        (HPos::Right, VPos::Top),
        &style(theme, f.small, theme.text),
    )?;
    let high_w = text_width(&high, f.small).ceil() as i32;
    let high_x = (x95 + gap).min(x_right - high_w).max(low_x + gap);
    text(
        area,
        &high,
        (high_x, row2),
        (HPos::Left, VPos::Top),
        &style(theme, f.small, theme.text),
    )?;
    Ok(())
}

/// The histogram in words: the three percentiles and the number of runs.
pub fn histogram_summary(input: &HistogramChart) -> Result<TextSummary, ChartError> {
    let (samples, q) = checked(input)?;
    Ok(TextSummary {
        caption: input.title.clone(),
        rows: vec![
            (input.p5_label.clone(), input.units.fmt(q.p5)),
            (input.p50_label.clone(), input.units.fmt(q.p50)),
            (input.p95_label.clone(), input.units.fmt(q.p95)),
            (input.y_title.clone(), samples.len().to_string()),
        ],
    })
}

/// How far one input alone moves the total.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityRow {
    pub label: String,
    /// The total with this input at the low end of its range, others central.
    pub low_kg: f64,
    /// The total with this input at the high end of its range.
    pub high_kg: f64,
}

/// Input of [`draw_tornado`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TornadoChart {
    pub title: String,
    /// E.g. `Total emissions`; the unit is added in parentheses.
    pub x_title: String,
    pub units: MassUnits,
    /// The total with every input central.
    pub base_kg: f64,
    /// E.g. `Central estimate`.
    pub base_label: String,
    /// Any order; drawn with the widest swing at the top.
    pub rows: Vec<SensitivityRow>,
    /// Legend, e.g. `Input at its low end`.
    pub low_label: String,
    /// Legend, e.g. `Input at its high end`.
    pub high_label: String,
}

/// Checked rows, widest swing first.
fn checked_rows(input: &TornadoChart) -> Result<(f64, Vec<SensitivityRow>), ChartError> {
    if input.rows.is_empty() {
        return Err(ChartError::NoData);
    }
    let finite = |v: f64, field| {
        if v.is_finite() && v.abs() <= MAX_VALUE {
            Ok(v)
        } else {
            Err(ChartError::InvalidInput(field))
        }
    };
    let base = finite(input.base_kg, "base kg")?;
    let mut rows = Vec::with_capacity(input.rows.len());
    for r in &input.rows {
        rows.push(SensitivityRow {
            label: r.label.clone(),
            low_kg: finite(r.low_kg, "sensitivity low kg")?,
            high_kg: finite(r.high_kg, "sensitivity high kg")?,
        });
    }
    let swing = |r: &SensitivityRow| (r.high_kg - r.low_kg).abs();
    crate::engine::order::sort_by_f64_key(&mut rows, |r| -swing(r));
    Ok((base, rows))
}

/// Height of a tornado row at its tallest, in CSS pixels.
const TORNADO_ROW: f64 = 48.0;

impl TornadoChart {
    /// The height in device pixels that shows every row at full size at `width_px` device
    /// pixels wide, for pages that size the canvas to the chart.
    pub fn preferred_height(&self, width_px: u32, theme: &Theme) -> u32 {
        let f = Frame::for_width(width_px, theme);
        let labels: Vec<&str> = [&self.low_label, &self.high_label]
            .into_iter()
            .filter(|l| !l.is_empty())
            .map(String::as_str)
            .collect();
        let (_, legend_h) = legend_layout(&f, &labels, f.w - 2 * f.pad);
        let rows = self.rows.len().min(50) as i32;
        let h = f.title_height()
            + legend_h
            + f.px(6.0)
            + f.line(f.small)
            + f.px(4.0)
            + rows * f.px(TORNADO_ROW)
            + f.line(f.small)
            + f.px(8.0)
            + f.line(f.font)
            + f.pad;
        h.max(0) as u32
    }
}

/// Draws the sensitivity (tornado) chart into `area`.
pub fn draw_tornado<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &TornadoChart,
    theme: &Theme,
) -> Result<(), ChartError> {
    let f = Frame::new(area, theme)?;
    let c = checked_rows(input);
    let mut top = begin(area, theme, &f, &input.title)?;
    let (base, rows) = c?;

    let (c_low, c_high) = (theme.series(TRAINING), theme.series(INFERENCE));
    let legend: Vec<_> = [
        (Mark::Swatch(c_low), input.low_label.as_str()),
        (Mark::Swatch(c_high), input.high_label.as_str()),
    ]
    .into_iter()
    .filter(|(_, l)| !l.is_empty())
    .collect();
    top += draw_legend(area, theme, &f, &legend, (f.pad, top), f.w - 2 * f.pad)?;
    top += f.px(6.0);

    let all = rows
        .iter()
        .flat_map(|r| [r.low_kg, r.high_kg])
        .chain([base]);
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let scale = input.units.scale_for(lo.abs().max(hi.abs()));
    let (mut lo, mut hi, base_v) = (scale.value(lo), scale.value(hi), scale.value(base));
    if hi <= lo {
        let w = (lo.abs() * 0.1).max(1e-3);
        (lo, hi) = (lo - w, hi + w);
    }

    // Columns: row labels, then the bars with room for value labels on both sides.
    let inner_w = f.w - 2 * f.pad;
    let widest_label = rows
        .iter()
        .map(|r| text_width(&r.label, f.font))
        .fold(0.0, f64::max);
    let label_w = (widest_label.ceil() as i32).min((f64::from(inner_w) * 0.38) as i32);
    let value_w = rows
        .iter()
        .flat_map(|r| [r.low_kg, r.high_kg])
        .map(|v| text_width(&scale.fmt_number(v), f.small))
        .fold(0.0, f64::max)
        .ceil() as i32
        + f.px(6.0);
    let bars_x0 = f.pad + label_w + f.px(8.0) + value_w;
    let bars_x1 = f.w - f.pad - value_w;
    if bars_x1 - bars_x0 < f.px(40.0) {
        return Err(ChartError::AreaTooSmall);
    }
    let x_of = |v: f64| {
        let t = ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
        bars_x0 + (t * f64::from(bars_x1 - bars_x0)).round() as i32
    };

    // Rows between the base label (top) and the axis (bottom).
    let x_title_text = if input.x_title.is_empty() {
        String::new()
    } else {
        format!("{} ({})", input.x_title, scale.unit)
    };
    let base_label_h = f.line(f.small) + f.px(4.0);
    let rows_top = top + base_label_h;
    let axis_h = f.line(f.small) + f.px(8.0);
    let bottom_reserve = if x_title_text.is_empty() {
        f.pad
    } else {
        f.pad + f.line(f.font)
    };
    let rows_bottom = f.h - bottom_reserve - axis_h;
    let min_row = f.px(18.0);
    let fit = ((rows_bottom - rows_top) / min_row.max(1)).max(0) as usize;
    let shown = rows.len().min(fit);
    if shown == 0 {
        return Err(ChartError::AreaTooSmall);
    }
    let row_h = ((rows_bottom - rows_top) / shown as i32).min(f.px(TORNADO_ROW));
    let rows_bottom = rows_top + row_h * shown as i32;
    // The axis title right under the tick labels, not at the bottom of a tall area.
    text(
        area,
        &fit_text(&x_title_text, f.font, f64::from(inner_w)),
        ((bars_x0 + bars_x1) / 2, rows_bottom + axis_h),
        (HPos::Center, VPos::Top),
        &style(theme, f.font, theme.text),
    )?;

    // Grid and axis ticks.
    let ticks = nice_ticks(lo, hi, label_count(&f, bars_x1 - bars_x0, 55.0).max(3));
    let tick_style = style(theme, f.small, theme.muted_text);
    for t in &ticks {
        let x = x_of(*t);
        area.draw(&PathElement::new(
            vec![(x, rows_top), (x, rows_bottom)],
            theme.grid.stroke_width(f.px(1.0).max(1) as u32),
        ))?;
        text(
            area,
            &fmt_si(*t),
            (x, rows_bottom + f.px(4.0)),
            (HPos::Center, VPos::Top),
            &tick_style,
        )?;
    }
    area.draw(&PathElement::new(
        vec![(bars_x0, rows_bottom), (bars_x1, rows_bottom)],
        theme.axis.stroke_width(f.px(1.0).max(1) as u32),
    ))?;

    let xb = x_of(base_v);
    let label_style = style(theme, f.font, theme.text);
    let value_style = style(theme, f.small, theme.text);
    for (i, r) in rows.iter().take(shown).enumerate() {
        let y0 = rows_top + row_h * i as i32;
        let cy = y0 + row_h / 2;
        let half = (f64::from(row_h) * 0.3).round().min(f64::from(f.px(12.0))) as i32;
        text(
            area,
            &fit_text(&r.label, f.font, f64::from(label_w)),
            (f.pad + label_w, cy),
            (HPos::Right, VPos::Center),
            &label_style,
        )?;
        let (low, high) = (scale.value(r.low_kg), scale.value(r.high_kg));
        // The longer segment first, so a shorter one on the same side stays visible.
        let mut segs = [(low, c_low), (high, c_high)];
        if (segs[1].0 - base_v).abs() > (segs[0].0 - base_v).abs() {
            segs.swap(0, 1);
        }
        for (v, color) in segs {
            let x = x_of(v);
            if x != xb {
                area.draw(&Rectangle::new(
                    [(x.min(xb), cy - half), (x.max(xb), cy + half)],
                    color.filled(),
                ))?;
            }
        }
        // Value labels outside the bar ends; only the outer one when both lie on one side.
        let same_side = (low - base_v) * (high - base_v) > 0.0;
        for (k, &(v, _)) in segs.iter().enumerate() {
            if v == base_v || (same_side && k == 1) {
                continue;
            }
            let x = x_of(v);
            let (anchor, lx) = if v < base_v {
                (HPos::Right, x - f.px(4.0))
            } else {
                (HPos::Left, x + f.px(4.0))
            };
            text(
                area,
                &fmt_si(v),
                (lx, cy),
                (anchor, VPos::Center),
                &value_style,
            )?;
        }
    }

    // The base line and its label above the rows.
    area.draw(&PathElement::new(
        vec![(xb, rows_top - f.px(2.0)), (xb, rows_bottom)],
        theme.text.stroke_width(f.px(1.5).max(1) as u32),
    ))?;
    let base_text = if input.base_label.is_empty() {
        scale.fmt(base)
    } else {
        format!("{}: {}", input.base_label, scale.fmt(base))
    };
    let w = text_width(&base_text, f.small).ceil() as i32;
    let bx = (xb - w / 2).clamp(f.pad, (f.w - f.pad - w).max(f.pad));
    text(
        area,
        &fit_text(&base_text, f.small, f64::from(inner_w)),
        (bx, top),
        (HPos::Left, VPos::Top),
        &style(theme, f.small, theme.text),
    )?;
    Ok(())
}

/// The tornado in words: the central estimate, then each input's low and high totals, widest
/// swing first.
pub fn tornado_summary(input: &TornadoChart) -> Result<TextSummary, ChartError> {
    let (base, rows) = checked_rows(input)?;
    let max_abs = rows
        .iter()
        .flat_map(|r| [r.low_kg, r.high_kg])
        .fold(base.abs(), |m, v| m.max(v.abs()));
    let u = input.units.scale_for(max_abs);
    let caption = if input.base_label.is_empty() {
        input.title.clone()
    } else {
        format!("{}. {}: {}", input.title, input.base_label, u.fmt(base))
    };
    let rows = rows
        .iter()
        .map(|r| {
            (
                r.label.clone(),
                format!(
                    "{}: {}; {}: {}",
                    input.low_label,
                    u.fmt(r.low_kg),
                    input.high_label,
                    u.fmt(r.high_kg)
                ),
            )
        })
        .collect();
    Ok(TextSummary { caption, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let s: Vec<f64> = (1..=101).map(f64::from).collect();
        let q = Quantiles::from_samples(&s).unwrap();
        assert_eq!((q.p5, q.p50, q.p95), (6.0, 51.0, 96.0));
        let q = Quantiles::from_samples(&[1.0, 2.0, f64::NAN]).unwrap();
        assert_eq!(q.p50, 1.5);
        assert_eq!(Quantiles::from_samples(&[f64::NAN]), None);
    }

    #[test]
    fn binning_counts_every_sample_once() {
        let s: Vec<f64> = (0..1000).map(|i| f64::from(i) * 0.37).collect();
        let b = bin(&s, 20).unwrap();
        assert_eq!(b.counts.len(), 20);
        assert_eq!(b.counts.iter().sum::<u32>(), 1000);
        let same = bin(&[5.0; 10], 20).unwrap();
        assert_eq!(same.counts, vec![10]);
        assert!(same.width > 0.0);
    }

    #[test]
    fn tornado_summary_puts_the_widest_swing_first() {
        let input = TornadoChart {
            title: "Sensitivity".into(),
            units: MassUnits {
                kg: "kg".into(),
                tonnes: "t".into(),
                kilotonnes: "kt".into(),
                megatonnes: "Mt".into(),
            },
            base_kg: 1000.0,
            base_label: "Central".into(),
            rows: vec![
                SensitivityRow {
                    label: "PUE".into(),
                    low_kg: 900.0,
                    high_kg: 1100.0,
                },
                SensitivityRow {
                    label: "Grid".into(),
                    low_kg: 300.0,
                    high_kg: 2500.0,
                },
            ],
            low_label: "low".into(),
            high_label: "high".into(),
            ..Default::default()
        };
        let s = tornado_summary(&input).unwrap();
        assert_eq!(s.caption, "Sensitivity. Central: 1 t");
        assert_eq!(s.rows[0], ("Grid".into(), "low: 0.3 t; high: 2.5 t".into()));
    }
}
