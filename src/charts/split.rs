//! The headline chart: how the total splits between training, fine-tuning, inference and
//! embodied hardware emissions. A 100 % stacked bar for the proportions, then one row per part
//! with its value, percentage and a bar on a common scale, so small parts stay readable.

use super::*;

/// One part of the total.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitSegment {
    pub label: String,
    pub kg: f64,
}

/// Input of [`draw_split`]. Segments are coloured in order from the theme's palette; pass
/// training, fine-tuning, inference, embodied in that order to match the other charts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SplitChart {
    pub title: String,
    /// Word before the total, e.g. `Total`.
    pub total_label: String,
    pub segments: Vec<SplitSegment>,
    pub units: MassUnits,
}

/// Checked numbers: the segments' values and their total.
fn checked(input: &SplitChart) -> Result<(Vec<f64>, f64), ChartError> {
    if input.segments.is_empty() {
        return Err(ChartError::NoData);
    }
    let values = input
        .segments
        .iter()
        .map(|s| non_negative(s.kg, "split segment kg"))
        .collect::<Result<Vec<_>, _>>()?;
    let total = values.iter().sum();
    Ok((values, total))
}

fn share(v: f64, total: f64) -> f64 {
    if total > 0.0 {
        v / total
    } else {
        0.0
    }
}

/// Sizes of the row list, in device pixels.
struct Rows {
    columns: i32,
    row_h: i32,
    /// Whether each row carries its own bar.
    bars: bool,
}

impl Rows {
    fn new(f: &Frame, n: usize, bars: bool) -> Rows {
        let columns = if f.css_w >= 560.0 && n > 1 { 2 } else { 1 };
        let row_h = f.line(f.font) + if bars { f.px(14.0) } else { f.px(6.0) };
        Rows {
            columns,
            row_h,
            bars,
        }
    }

    fn height(&self, n: usize) -> i32 {
        let lines = (n as i32 + self.columns - 1) / self.columns;
        lines * self.row_h
    }
}

/// Height above the rows: title, total, stacked bar and gaps.
fn head_height(f: &Frame) -> i32 {
    f.title_height() + f.line(f.font) + f.px(8.0) + f.px(28.0) + f.px(14.0)
}

impl SplitChart {
    /// The height in device pixels that shows everything at `width_px` device pixels wide, for
    /// pages that size the canvas to the chart.
    pub fn preferred_height(&self, width_px: u32, theme: &Theme) -> u32 {
        let f = Frame::for_width(width_px, theme);
        let n = self.segments.len();
        (head_height(&f) + Rows::new(&f, n, true).height(n) + f.pad).max(0) as u32
    }
}

/// Draws the split into `area`.
pub fn draw_split<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &SplitChart,
    theme: &Theme,
) -> Result<(), ChartError> {
    let f = Frame::new(area, theme)?;
    let checked = checked(input);
    let mut y = begin(area, theme, &f, &input.title)?;
    let (values, total) = checked?;
    let scale = input.units.scale_for(total);
    let inner_w = f.w - 2 * f.pad;

    // Total.
    let total_text = if input.total_label.is_empty() {
        scale.fmt(total)
    } else {
        format!("{}: {}", input.total_label, scale.fmt(total))
    };
    text(
        area,
        &fit_text(&total_text, f.font, f64::from(inner_w)),
        (f.pad, y),
        (HPos::Left, VPos::Top),
        &style(theme, f.font, theme.text),
    )?;
    y += f.line(f.font) + f.px(8.0);

    // 100 % stacked bar; segments are separated by a background-coloured gap.
    let bar_h = f.px(28.0);
    area.draw(&Rectangle::new(
        [(f.pad, y), (f.pad + inner_w, y + bar_h)],
        theme.grid.filled(),
    ))?;
    let mut x = f64::from(f.pad);
    for (i, &v) in values.iter().enumerate() {
        let w = share(v, total) * f64::from(inner_w);
        if w <= 0.0 {
            continue;
        }
        let (x0, x1) = (x.round() as i32, (x + w).round() as i32);
        x += w;
        let color = theme.series(i);
        area.draw(&Rectangle::new(
            [(x0, y), (x1.max(x0 + 1), y + bar_h)],
            color.filled(),
        ))?;
        if x0 > f.pad {
            area.draw(&Rectangle::new(
                [(x0, y), (x0 + f.px(1.5).max(1), y + bar_h)],
                theme.background.filled(),
            ))?;
        }
        let pct = fmt_percent(share(v, total));
        if text_width(&pct, f.small) + f64::from(f.px(8.0)) <= f64::from(x1 - x0) {
            text(
                area,
                &pct,
                ((x0 + x1) / 2, y + bar_h / 2),
                (HPos::Center, VPos::Center),
                &bold(theme, f.small, label_color(color)),
            )?;
        }
    }
    y += bar_h + f.px(14.0);

    // One row per part that happened (a phase with nothing is left out, not shown as 0): swatch,
    // label, value and percentage; a bar on a common scale. Colours stay the part's own.
    // (A split of nothing lists every part at 0.)
    let shown: Vec<usize> = (0..values.len())
        .filter(|&i| values[i] > 0.0 || total <= 0.0)
        .collect();
    let n = shown.len();
    let mut rows = Rows::new(&f, n, true);
    if y + rows.height(n) > f.h - f.pad / 2 {
        rows = Rows::new(&f, n, false);
    }
    let gap = f.px(24.0);
    let col_w = (inner_w - gap * (rows.columns - 1)) / rows.columns;
    let max_v = values.iter().cloned().fold(0.0, f64::max);
    let per_col = (n as i32 + rows.columns - 1) / rows.columns;
    for (row, &i) in shown.iter().enumerate() {
        let (v, seg) = (values[i], &input.segments[i]);
        let (col, line) = (row as i32 / per_col, row as i32 % per_col);
        let x0 = f.pad + col * (col_w + gap);
        let top = y + line * rows.row_h;
        if top + f.line(f.font) > f.h {
            break;
        }
        let cy = top + f.line(f.font) / 2;
        let color = theme.series(i);
        let m = f.px(5.0);
        area.draw(&Rectangle::new(
            [(x0, cy - m), (x0 + 2 * m, cy + m)],
            color.filled(),
        ))?;
        // Each value on its own scale (80 t beside 1.2 kt), in the headline figures' style.
        let value = format!("{} · {}", input.units.fmt(v), fmt_percent(share(v, total)));
        // Bold runs about a tenth wider.
        let value_w = text_width(&value, f.font) * 1.1;
        text(
            area,
            &value,
            (x0 + col_w, cy),
            (HPos::Right, VPos::Center),
            &bold(theme, f.font, theme.text),
        )?;
        let label_x = x0 + 2 * m + f.px(6.0);
        let label_room = f64::from(x0 + col_w - label_x) - value_w - f64::from(f.px(8.0));
        // A label that does not fit is set smaller before it is ever shortened.
        let size = if text_width(&seg.label, f.font) <= label_room {
            f.font
        } else {
            f.small
        };
        text(
            area,
            &fit_text(&seg.label, size, label_room),
            (label_x, cy),
            (HPos::Left, VPos::Center),
            &style(theme, size, theme.text),
        )?;
        if rows.bars {
            let by = top + f.line(f.font) + f.px(2.0);
            let bh = f.px(6.0).max(1);
            area.draw(&Rectangle::new(
                [(x0, by), (x0 + col_w, by + bh)],
                theme.grid.filled(),
            ))?;
            let w = (share(v, max_v) * f64::from(col_w)).round() as i32;
            if w > 0 {
                area.draw(&Rectangle::new(
                    [(x0, by), (x0 + w, by + bh)],
                    color.filled(),
                ))?;
            }
        }
    }
    Ok(())
}

/// Black or white, whichever reads better on `fill`.
fn label_color(fill: RGBColor) -> RGBColor {
    let (black, white) = (RGBColor(0x11, 0x11, 0x11), RGBColor(0xFF, 0xFF, 0xFF));
    if contrast_ratio(fill, black) >= contrast_ratio(fill, white) {
        black
    } else {
        white
    }
}

/// The split in words: the total, then each part with its value and percentage.
pub fn split_summary(input: &SplitChart) -> Result<TextSummary, ChartError> {
    let (values, total) = checked(input)?;
    let scale = input.units.scale_for(total);
    let mut rows: Vec<(String, String)> = input
        .segments
        .iter()
        .zip(&values)
        .filter(|(_, &v)| v > 0.0 || total <= 0.0)
        .map(|(s, &v)| {
            let value = format!("{} ({})", input.units.fmt(v), fmt_percent(share(v, total)));
            (s.label.clone(), value)
        })
        .collect();
    rows.push((input.total_label.clone(), scale.fmt(total)));
    Ok(TextSummary {
        caption: input.title.clone(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(values: &[f64]) -> SplitChart {
        SplitChart {
            title: "Where the emissions come from".into(),
            total_label: "Total".into(),
            segments: ["Training", "Fine-tuning", "Inference", "Embodied"]
                .iter()
                .zip(values)
                .map(|(l, &kg)| SplitSegment {
                    label: l.to_string(),
                    kg,
                })
                .collect(),
            units: MassUnits {
                kg: "kg CO₂e".into(),
                tonnes: "t CO₂e".into(),
                kilotonnes: "kt CO₂e".into(),
                megatonnes: "Mt CO₂e".into(),
            },
        }
    }

    #[test]
    fn summary_gives_values_and_percentages_each_in_the_headline_style() {
        let s = split_summary(&input(&[500_000.0, 0.0, 400_000.0, 100_000.0])).unwrap();
        assert_eq!(s.caption, "Where the emissions come from");
        assert_eq!(s.rows[0], ("Training".into(), "500 t CO₂e (50%)".into()));
        // A phase that did not happen is left out, not listed as 0.
        assert!(s.rows.iter().all(|(label, _)| label != "Fine-tuning"));
        assert_eq!(s.rows[3], ("Total".into(), "1 kt CO₂e".into()));
    }

    #[test]
    fn all_zero_is_a_valid_split_of_nothing() {
        let s = split_summary(&input(&[0.0; 4])).unwrap();
        assert_eq!(s.rows[2].1, "0 kg CO₂e (0%)");
    }

    #[test]
    fn bad_numbers_are_refused_by_name() {
        for bad in [f64::NAN, f64::INFINITY, -1.0, 1e300] {
            assert_eq!(
                split_summary(&input(&[1.0, bad, 1.0, 1.0])),
                Err(ChartError::InvalidInput("split segment kg"))
            );
        }
        assert_eq!(split_summary(&input(&[])), Err(ChartError::NoData));
    }

    #[test]
    fn labels_on_segments_contrast_with_them() {
        for theme in [Theme::light(), Theme::dark()] {
            for c in theme.palette {
                assert!(contrast_ratio(label_color(c), c) >= 4.0, "{c:?}");
            }
        }
    }
}
