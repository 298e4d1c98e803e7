//! Cumulative emissions over the deployment: what was spent before the first request (training,
//! fine-tuning and their hardware) as a step at day 0, then inference adding its daily emissions.
//! A dashed line shows inference alone; where it crosses the training total is the break-even
//! point, the day serving the model has emitted as much as making it.

use super::*;

/// Input of [`draw_cumulative`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CumulativeChart {
    pub title: String,
    /// E.g. `Days of deployment`.
    pub x_title: String,
    /// E.g. `Cumulative emissions`; the unit is added in parentheses.
    pub y_title: String,
    pub units: MassUnits,
    /// Length of the deployment shown, in days.
    pub days: f64,
    /// Emitted before serving: training, fine-tuning and their embodied share.
    pub upfront_kg: f64,
    /// Inference emissions per day of serving.
    pub per_day_kg: f64,
    /// The day inference alone reaches the upfront emissions, if the engine found one.
    pub breakeven_day: Option<f64>,
    /// Legend: the upfront part, e.g. `Training, fine-tuning and hardware`.
    pub upfront_label: String,
    /// Legend: the inference part of the total, e.g. `Inference`.
    pub inference_label: String,
    /// Legend: the dashed line, e.g. `Inference alone`.
    pub inference_alone_label: String,
    /// Label of the horizontal line at the upfront total, e.g. `Training total`.
    pub reference_label: String,
    /// Label of the break-even line; `{day}` is replaced by the day, e.g. `Break-even: day {day}`.
    pub breakeven_label: String,
}

/// Checked numbers.
struct Numbers {
    days: f64,
    upfront: f64,
    per_day: f64,
    /// A break-even day that can be drawn (finite, not negative).
    breakeven: Option<f64>,
}

fn checked(input: &CumulativeChart) -> Result<Numbers, ChartError> {
    let days = non_negative(input.days, "days")?;
    if days > 1e7 {
        return Err(ChartError::InvalidInput("days"));
    }
    Ok(Numbers {
        days,
        upfront: non_negative(input.upfront_kg, "upfront kg")?,
        per_day: non_negative(input.per_day_kg, "per-day kg")?,
        // No break-even is a normal answer; a NaN one is treated the same rather than failing
        // the whole chart.
        breakeven: input
            .breakeven_day
            .filter(|d| d.is_finite() && *d >= 0.0 && *d <= 1e9),
    })
}

/// Draws the cumulative emissions into `area`.
pub fn draw_cumulative<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &CumulativeChart,
    theme: &Theme,
) -> Result<(), ChartError> {
    let f = Frame::new(area, theme)?;
    let n = checked(input);
    let mut top = begin(area, theme, &f, &input.title)?;
    let n = n?;

    let end_kg = n.upfront + n.per_day * n.days;
    let scale = input.units.scale_for(end_kg.max(n.upfront));
    let (up, end) = (scale.value(n.upfront), scale.value(end_kg));
    let x_max = if n.days > 0.0 { n.days } else { 1.0 };
    let y_max = if end > 0.0 { end * 1.1 } else { 1.0 };

    let (c_up, c_inf) = (theme.series(TRAINING), theme.series(INFERENCE));
    let legend = [
        (Mark::Swatch(c_up), input.upfront_label.as_str()),
        (Mark::Swatch(c_inf), input.inference_label.as_str()),
        (Mark::Dashed(c_inf), input.inference_alone_label.as_str()),
    ];
    let legend: Vec<_> = legend.into_iter().filter(|(_, l)| !l.is_empty()).collect();
    top += draw_legend(area, theme, &f, &legend, (f.pad, top), f.w - 2 * f.pad)?;
    top += f.px(6.0);
    let y_title_text = if input.y_title.is_empty() {
        String::new()
    } else {
        format!("{} ({})", input.y_title, scale.unit)
    };
    top += y_title(area, theme, &f, &y_title_text, top)?;
    x_title(area, theme, &f, &input.x_title)?;

    let plot = plot_area(area, &f, top, &input.x_title);
    let y_label_w = y_label_width(&f, y_max, fmt_si);
    let x_label_h = f.line(f.small) + f.px(8.0);
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(f.px(14.0))
        .margin_top(f.px(4.0))
        .x_label_area_size(x_label_h)
        .y_label_area_size(y_label_w)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    let (plot_w, plot_h) = chart.plotting_area().dim_in_pixel();
    let day_fmt = |d: &f64| fmt_days(*d);
    let kg_fmt = |v: &f64| fmt_si(*v);
    style_mesh(chart.configure_mesh(), theme, &f)
        .x_labels(label_count(&f, plot_w as i32, 70.0))
        .y_labels(label_count(&f, plot_h as i32, 30.0))
        .x_label_formatter(&day_fmt)
        .y_label_formatter(&kg_fmt)
        .draw()?;

    // Bands: the upfront part, then inference stacked on it.
    let line_w = f.px(2.5).max(1) as u32;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(0.0, 0.0), (x_max, up)],
        c_up.mix(0.22).filled(),
    )))?;
    chart.draw_series(std::iter::once(Polygon::new(
        vec![(0.0, up), (n.days, end), (n.days, up)],
        c_inf.mix(0.22).filled(),
    )))?;
    // The total: the step at day 0, then the rise.
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, up), (n.days, end)],
        theme.text.stroke_width(line_w),
    )))?;

    let base = area.get_base_pixel();
    // Clamped: plotters' mapping overflows (a panic in debug builds) far outside the range.
    let px = |x: f64, y: f64| {
        rel(
            base,
            chart.backend_coord(&(x.clamp(0.0, x_max), y.clamp(0.0, y_max))),
        )
    };

    // Reference line at the upfront total, labelled at its right end.
    if up > 0.0 {
        dashed_line(
            area,
            &f,
            px(0.0, up),
            px(x_max, up),
            c_up.stroke_width(f.px(1.5).max(1) as u32),
        )?;
        if !input.reference_label.is_empty() {
            // Under the line at its left end, where the inference-alone line is still low.
            let label = format!("{}: {}", input.reference_label, input.units.fmt(n.upfront));
            let (x, y) = px(0.0, up);
            let (_, y_axis) = px(0.0, 0.0);
            let (ly, v) = if y_axis - y > f.line(f.small) + f.px(8.0) {
                (y + f.px(4.0), VPos::Top)
            } else {
                (y - f.px(4.0), VPos::Bottom)
            };
            boxed_text(
                area,
                theme,
                &f,
                &fit_text(&label, f.small, f64::from(plot_w) * 0.6),
                (x + f.px(6.0), ly),
                (HPos::Left, v),
                f.small,
                theme.text,
            )?;
        }
    }

    // Inference alone, dashed.
    dashed_line(
        area,
        &f,
        px(0.0, 0.0),
        px(n.days, scale.value(n.per_day * n.days)),
        c_inf.stroke_width(line_w),
    )?;

    if let Some(day) = n.breakeven {
        let label = fill(&input.breakeven_label, "day", &fmt_days(day));
        let (_, y_top) = px(0.0, y_max);
        if day <= x_max {
            let (x, y0) = px(day, 0.0);
            dashed_line(
                area,
                &f,
                (x, y0),
                (x, y_top),
                theme.text.stroke_width(f.px(1.0).max(1) as u32),
            )?;
            let (mx, my) = px(day, scale.value(n.per_day * day));
            area.draw(&Circle::new((mx, my), f.px(4.5), theme.text.filled()))?;
            area.draw(&Circle::new((mx, my), f.px(2.5), theme.background.filled()))?;
            // Label beside the line, on the side with more room.
            let (x_left, _) = px(0.0, 0.0);
            let (x_right, _) = px(x_max, 0.0);
            let (anchor, lx, room) = if x - x_left > x_right - x {
                (HPos::Right, x - f.px(5.0), x - x_left - f.px(5.0))
            } else {
                (HPos::Left, x + f.px(5.0), x_right - x - f.px(5.0))
            };
            boxed_text(
                area,
                theme,
                &f,
                &fit_text(&label, f.small, f64::from(room)),
                (lx, y_top + f.px(2.0)),
                (anchor, VPos::Top),
                f.small,
                theme.text,
            )?;
        } else {
            // Beyond the days shown: say so at the right edge.
            let (x_right, _) = px(x_max, 0.0);
            let label = format!("{label} →");
            boxed_text(
                area,
                theme,
                &f,
                &fit_text(&label, f.small, f64::from(plot_w) * 0.8),
                (x_right - f.px(4.0), y_top + f.px(2.0)),
                (HPos::Right, VPos::Top),
                f.small,
                theme.text,
            )?;
        }
    }
    Ok(())
}

/// The chart in words: the days shown, upfront and inference emissions over them, and the
/// break-even day with inference's emissions by then.
pub fn cumulative_summary(input: &CumulativeChart) -> Result<TextSummary, ChartError> {
    let n = checked(input)?;
    let end = n.upfront + n.per_day * n.days;
    let u = &input.units;
    let mut rows = vec![
        (input.x_title.clone(), fmt_days(n.days)),
        (input.upfront_label.clone(), u.fmt(n.upfront)),
        (input.inference_label.clone(), u.fmt(end - n.upfront)),
    ];
    if let Some(day) = n.breakeven {
        rows.push((
            fill(&input.breakeven_label, "day", &fmt_days(day)),
            u.fmt(n.per_day * day),
        ));
    }
    Ok(TextSummary {
        caption: input.title.clone(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CumulativeChart {
        CumulativeChart {
            title: "Emissions over time".into(),
            x_title: "Days".into(),
            y_title: "Cumulative".into(),
            units: MassUnits {
                kg: "kg".into(),
                tonnes: "t".into(),
                kilotonnes: "kt".into(),
                megatonnes: "Mt".into(),
            },
            days: 365.0,
            upfront_kg: 500_000.0,
            per_day_kg: 2_000.0,
            breakeven_day: Some(250.0),
            upfront_label: "Training".into(),
            inference_label: "Inference".into(),
            inference_alone_label: "Inference alone".into(),
            reference_label: "Training total".into(),
            breakeven_label: "Break-even: day {day}".into(),
        }
    }

    #[test]
    fn summary_names_the_break_even_day_and_the_end_total() {
        let s = cumulative_summary(&input()).unwrap();
        assert_eq!(s.rows[0], ("Days".into(), "365".into()));
        assert_eq!(s.rows[1], ("Training".into(), "500 t".into()));
        assert_eq!(s.rows[2], ("Inference".into(), "730 t".into()));
        assert_eq!(s.rows[3], ("Break-even: day 250".into(), "500 t".into()));
    }

    #[test]
    fn a_nan_break_even_is_left_out_not_an_error() {
        let mut i = input();
        i.breakeven_day = Some(f64::NAN);
        assert_eq!(cumulative_summary(&i).unwrap().rows.len(), 3);
    }

    #[test]
    fn negative_days_are_refused() {
        let mut i = input();
        i.days = -1.0;
        assert_eq!(
            cumulative_summary(&i),
            Err(ChartError::InvalidInput("days"))
        );
    }
}
