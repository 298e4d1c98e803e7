//! FLOPs per generated token against context length: a dense part that does not depend on the
//! context (about 2 FLOPs per parameter) and an attention part that grows with it. Both axes are
//! logarithmic, so the flat dense line and the rising attention line both stay readable over
//! four decades of context and their crossing shows where attention starts to dominate. A marker
//! at the scenario's context says how much of the total attention takes there.

use super::*;

/// FLOPs per token at one context length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContextPoint {
    pub context_tokens: f64,
    pub dense_flops: f64,
    pub attention_flops: f64,
}

/// Input of [`draw_context`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContextChart {
    pub title: String,
    /// E.g. `Context length (tokens)`.
    pub x_title: String,
    /// E.g. `FLOPs per token`.
    pub y_title: String,
    /// Any order; drawn sorted by context length.
    pub points: Vec<ContextPoint>,
    /// The scenario's context length, marked on the chart when it lies within the points.
    pub current_context: f64,
    /// Legend, e.g. `Dense (weights)`.
    pub dense_label: String,
    /// Legend, e.g. `Attention`.
    pub attention_label: String,
    /// Marker label; `{share}` becomes the attention share and `{context}` the context length,
    /// e.g. `Attention {share} at {context}`.
    pub current_label: String,
}

/// Checked, sorted points and the marker, if it lies within them.
struct Numbers {
    points: Vec<ContextPoint>,
    /// Context, dense and attention FLOPs at the scenario's context.
    current: Option<ContextPoint>,
}

fn checked(input: &ContextChart) -> Result<Numbers, ChartError> {
    if input.points.is_empty() {
        return Err(ChartError::NoData);
    }
    let mut points = Vec::with_capacity(input.points.len());
    for p in &input.points {
        let context_tokens = non_negative(p.context_tokens, "context tokens")?;
        if context_tokens < 1.0 {
            return Err(ChartError::InvalidInput("context tokens"));
        }
        points.push(ContextPoint {
            context_tokens,
            dense_flops: non_negative(p.dense_flops, "dense FLOPs")?,
            attention_flops: non_negative(p.attention_flops, "attention FLOPs")?,
        });
    }
    crate::engine::order::sort_by_f64_key(&mut points, |p| p.context_tokens);
    let current = at_context(&points, input.current_context);
    Ok(Numbers { points, current })
}

/// The FLOPs at `ctx`, interpolated linearly in context length between the two neighbouring
/// points (exact for attention, which grows linearly with context); `None` outside the points.
fn at_context(points: &[ContextPoint], ctx: f64) -> Option<ContextPoint> {
    let (first, last) = (points.first()?, points.last()?);
    if !ctx.is_finite() || ctx < first.context_tokens || ctx > last.context_tokens {
        return None;
    }
    let i = points.partition_point(|p| p.context_tokens < ctx);
    let b = points[i.min(points.len() - 1)];
    if i == 0 || b.context_tokens == ctx {
        return Some(ContextPoint {
            context_tokens: ctx,
            ..b
        });
    }
    let a = points[i - 1];
    let t = (ctx - a.context_tokens) / (b.context_tokens - a.context_tokens);
    let lerp = |u: f64, v: f64| u + (v - u) * t;
    Some(ContextPoint {
        context_tokens: ctx,
        dense_flops: lerp(a.dense_flops, b.dense_flops),
        attention_flops: lerp(a.attention_flops, b.attention_flops),
    })
}

fn attention_share(p: &ContextPoint) -> f64 {
    let total = p.dense_flops + p.attention_flops;
    if total > 0.0 {
        p.attention_flops / total
    } else {
        0.0
    }
}

fn marker_label(input: &ContextChart, p: &ContextPoint) -> String {
    let s = fill(
        &input.current_label,
        "share",
        &fmt_percent(attention_share(p)),
    );
    fill(&s, "context", &fmt_tokens(p.context_tokens))
}

/// Powers of two from `lo` to `hi`, every `step`-th exponent, at most `max` of them.
fn power_of_two_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    let (e0, e1) = (lo.log2().ceil() as i32, hi.log2().floor() as i32);
    if e1 < e0 {
        return vec![lo, hi];
    }
    let n = (e1 - e0 + 1) as usize;
    let step = n.div_ceil(max.max(1)).max(1) as i32;
    // Keep the largest power (usually the longest context) on the axis.
    (e0..=e1)
        .filter(|e| (e1 - e) % step == 0)
        .map(|e| 2f64.powi(e))
        .collect()
}

/// Powers of ten from `lo` to `hi`; with fewer than two of them, 1-2-5 steps instead. At most
/// `max`, keeping every other one when there are more.
fn decade_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    let (e0, e1) = (lo.log10().ceil() as i32, hi.log10().floor() as i32);
    let mut ticks: Vec<f64> = if e1 > e0 {
        (e0..=e1).map(|e| 10f64.powi(e)).collect()
    } else {
        (e0 - 1..=e1)
            .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
            .filter(|v| (lo..=hi).contains(v))
            .collect()
    };
    while ticks.len() > max.max(2) {
        ticks = ticks.into_iter().step_by(2).collect();
    }
    ticks
}

/// Draws the FLOPs-per-token chart into `area`.
pub fn draw_context<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &ContextChart,
    theme: &Theme,
) -> Result<(), ChartError> {
    let f = Frame::new(area, theme)?;
    let n = checked(input);
    let mut top = begin(area, theme, &f, &input.title)?;
    let n = n?;
    let pts = &n.points;

    let (mut lo, mut hi) = (pts[0].context_tokens, pts[pts.len() - 1].context_tokens);
    if hi <= lo {
        (lo, hi) = (lo / 2.0, hi * 2.0);
    }
    // Log y: from below the smallest positive value to above the largest.
    let values = pts.iter().flat_map(|p| [p.dense_flops, p.attention_flops]);
    let (y_min, y_top) = values.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
        (if v > 0.0 { lo.min(v) } else { lo }, hi.max(v))
    });
    let (y_lo, y_hi) = if y_top > 0.0 {
        (y_min / 2.0, y_top * 2.0)
    } else {
        (1.0, 10.0)
    };
    // Zero cannot be drawn on a log axis: it sits on the bottom edge.
    let y_of = |v: f64| v.max(y_lo);

    let (c_dense, c_attn) = (theme.series(TRAINING), theme.series(INFERENCE));
    let legend: Vec<_> = [
        (Mark::Swatch(c_dense), input.dense_label.as_str()),
        (Mark::Swatch(c_attn), input.attention_label.as_str()),
    ]
    .into_iter()
    .filter(|(_, l)| !l.is_empty())
    .collect();
    top += draw_legend(area, theme, &f, &legend, (f.pad, top), f.w - 2 * f.pad)?;
    top += f.px(6.0);
    top += y_title(area, theme, &f, &input.y_title, top)?;
    x_title(area, theme, &f, &input.x_title)?;

    let plot = plot_area(area, &f, top, &input.x_title);
    let y_label_w = y_label_width(&f, y_hi, fmt_si);
    let plot_w_estimate = plot.dim_in_pixel().0 as i32 - y_label_w;
    let plot_h_estimate = plot.dim_in_pixel().1 as i32;
    let x_ticks = power_of_two_ticks(lo, hi, label_count(&f, plot_w_estimate, 60.0));
    let y_ticks = decade_ticks(y_lo, y_hi, label_count(&f, plot_h_estimate, 36.0));
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(f.px(16.0))
        .margin_top(f.px(4.0))
        .x_label_area_size(f.line(f.small) + f.px(8.0))
        .y_label_area_size(y_label_w)
        .build_cartesian_2d(
            (lo..hi).log_scale().with_key_points(x_ticks),
            (y_lo..y_hi).log_scale().with_key_points(y_ticks),
        )?;
    let ctx_fmt = |v: &f64| fmt_tokens(*v);
    let flops_fmt = |v: &f64| fmt_si(*v);
    style_mesh(chart.configure_mesh(), theme, &f)
        .x_label_formatter(&ctx_fmt)
        .y_label_formatter(&flops_fmt)
        .draw()?;

    let line_w = f.px(2.5).max(1) as u32;
    let dense = pts.iter().map(|p| (p.context_tokens, y_of(p.dense_flops)));
    let attention = pts
        .iter()
        .map(|p| (p.context_tokens, y_of(p.attention_flops)));
    chart.draw_series(std::iter::once(PathElement::new(
        dense.collect::<Vec<_>>(),
        c_dense.stroke_width(line_w),
    )))?;
    chart.draw_series(std::iter::once(PathElement::new(
        attention.collect::<Vec<_>>(),
        c_attn.stroke_width(line_w),
    )))?;

    if let Some(p) = n.current {
        let base = area.get_base_pixel();
        // Clamped: plotters' mapping overflows (a panic in debug builds) far outside the range.
        let px = |x: f64, y: f64| {
            rel(
                base,
                chart.backend_coord(&(x.clamp(lo, hi), y.clamp(y_lo, y_hi))),
            )
        };
        let (x, y0) = px(p.context_tokens, y_lo);
        let (_, y1) = px(p.context_tokens, y_hi);
        area.draw(&PathElement::new(
            vec![(x, y0), (x, y1)],
            theme.text.stroke_width(f.px(1.5).max(1) as u32),
        ))?;
        for (v, c) in [(p.dense_flops, c_dense), (p.attention_flops, c_attn)] {
            let dot = px(p.context_tokens, y_of(v));
            area.draw(&Circle::new(dot, f.px(4.5), c.filled()))?;
            area.draw(&Circle::new(dot, f.px(2.0), theme.background.filled()))?;
        }
        let (x_left, _) = px(lo, y_lo);
        let (x_right, _) = px(hi, y_lo);
        let (anchor, lx, room) = if x - x_left > x_right - x {
            (HPos::Right, x - f.px(5.0), x - x_left - f.px(5.0))
        } else {
            (HPos::Left, x + f.px(5.0), x_right - x - f.px(5.0))
        };
        boxed_text(
            area,
            theme,
            &f,
            &fit_text(&marker_label(input, &p), f.small, f64::from(room)),
            (lx, y1 + f.px(2.0)),
            (anchor, VPos::Top),
            f.small,
            theme.text,
        )?;
    }
    Ok(())
}

/// The chart in words: the marker's label as caption, then dense and attention FLOPs at up to
/// eight context lengths.
pub fn context_summary(input: &ContextChart) -> Result<TextSummary, ChartError> {
    let n = checked(input)?;
    let mut caption = input.title.clone();
    if let Some(p) = n.current {
        caption = format!("{caption}. {}", marker_label(input, &p));
    }
    let step = n.points.len().div_ceil(8).max(1);
    let last = n.points.len() - 1;
    let rows = n
        .points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0 || *i == last)
        .map(|(_, p)| {
            (
                fmt_tokens(p.context_tokens),
                format!(
                    "{}: {}; {}: {}",
                    input.dense_label,
                    fmt_si(p.dense_flops),
                    input.attention_label,
                    fmt_si(p.attention_flops)
                ),
            )
        })
        .collect();
    Ok(TextSummary { caption, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(ctx: f64) -> ContextPoint {
        ContextPoint {
            context_tokens: ctx,
            dense_flops: 1.4e10,
            attention_flops: 4.0e4 * ctx,
        }
    }

    #[test]
    fn interpolation_is_exact_for_linear_attention() {
        let pts = [point(1024.0), point(4096.0)];
        let p = at_context(&pts, 2048.0).unwrap();
        assert!((p.attention_flops - point(2048.0).attention_flops).abs() < 1.0);
        assert_eq!(at_context(&pts, 8192.0), None);
        assert_eq!(at_context(&pts, f64::NAN), None);
    }

    #[test]
    fn ticks_are_powers_of_two_ending_at_the_largest() {
        assert_eq!(
            power_of_two_ticks(128.0, 1_048_576.0, 4),
            vec![256.0, 4096.0, 65536.0, 1_048_576.0]
        );
        assert_eq!(power_of_two_ticks(100.0, 120.0, 4), vec![100.0, 120.0]);
    }

    #[test]
    fn summary_states_the_attention_share_at_the_current_context() {
        let input = ContextChart {
            title: "FLOPs per token".into(),
            points: vec![point(131_072.0), point(128.0)],
            current_context: 131_072.0,
            dense_label: "Dense".into(),
            attention_label: "Attention".into(),
            current_label: "Attention {share} at {context}".into(),
            ..Default::default()
        };
        let s = context_summary(&input).unwrap();
        // 4e4 * 131072 = 5.24e9 of 1.924e10 in total: 27 %.
        assert_eq!(s.caption, "FLOPs per token. Attention 27% at 128k");
        assert_eq!(s.rows[0].0, "128");
        assert_eq!(s.rows[1].1, "Dense: 14G; Attention: 5.24G");
    }
}
