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

    // 100 % stacked bar.
    let bar_h = f.px(28.0);
    stacked_bar(area, theme, &f, &values, total, (y, bar_h), inner_w)?;
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

/// A bar `bar_w` device pixels long at `(f.pad, top)`, `h` tall, on a track as wide as the
/// chart: `values` stacked in the palette's colours, separated by background-coloured gaps,
/// each with its share of `total` written in it where it fits.
fn stacked_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    f: &Frame,
    values: &[f64],
    total: f64,
    (top, h): (i32, i32),
    bar_w: i32,
) -> Result<(), ChartError> {
    area.draw(&Rectangle::new(
        [(f.pad, top), (f.w - f.pad, top + h)],
        theme.grid.filled(),
    ))?;
    let mut x = f64::from(f.pad);
    for (i, &v) in values.iter().enumerate() {
        let w = share(v, total) * f64::from(bar_w);
        if w <= 0.0 {
            continue;
        }
        let (x0, x1) = (x.round() as i32, (x + w).round() as i32);
        x += w;
        let color = theme.series(i);
        area.draw(&Rectangle::new(
            [(x0, top), (x1.max(x0 + 1), top + h)],
            color.filled(),
        ))?;
        if x0 > f.pad {
            area.draw(&Rectangle::new(
                [(x0, top), (x0 + f.px(1.5).max(1), top + h)],
                theme.background.filled(),
            ))?;
        }
        let pct = fmt_percent(share(v, total));
        if text_width(&pct, f.small) + f64::from(f.px(8.0)) <= f64::from(x1 - x0) {
            text(
                area,
                &pct,
                ((x0 + x1) / 2, top + h / 2),
                (HPos::Center, VPos::Center),
                &bold(theme, f.small, label_color(color)),
            )?;
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

/// Input of [`draw_split_pair`]: the split of two scenarios (A and B) as two stacked bars on one
/// scale, then one row per part with both values. Parts are coloured in order from the palette,
/// as [`SplitChart`]'s segments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SplitPairChart {
    pub title: String,
    /// Word before the totals, e.g. `Total`.
    pub total_label: String,
    /// The two bars' tags, e.g. `A` and `B`.
    pub names: [String; 2],
    pub labels: Vec<String>,
    /// Each side's kg per part, in the order of `labels`.
    pub values: [Vec<f64>; 2],
    pub units: MassUnits,
}

/// Checked numbers: each side's values and total, and the parts shown (those that happened in
/// either side; every part when both are nothing).
type PairNumbers = ([(Vec<f64>, f64); 2], Vec<usize>);

fn checked_pair(input: &SplitPairChart) -> Result<PairNumbers, ChartError> {
    let n = input.labels.len();
    if n == 0 {
        return Err(ChartError::NoData);
    }
    let side = |v: &Vec<f64>| -> Result<(Vec<f64>, f64), ChartError> {
        if v.len() != n {
            return Err(ChartError::InvalidInput("split pair values"));
        }
        let values = v
            .iter()
            .map(|&x| non_negative(x, "split pair kg"))
            .collect::<Result<Vec<_>, _>>()?;
        let total = values.iter().sum();
        Ok((values, total))
    };
    let sides = [side(&input.values[0])?, side(&input.values[1])?];
    let nothing = sides[0].1 <= 0.0 && sides[1].1 <= 0.0;
    let shown = (0..n)
        .filter(|&i| nothing || sides[0].0[i] > 0.0 || sides[1].0[i] > 0.0)
        .collect();
    Ok((sides, shown))
}

/// A part's values in both sides: "A 1.2 kt CO₂e · B 980 t CO₂e".
fn pair_values(input: &SplitPairChart, a: f64, b: f64) -> String {
    format!(
        "{} {} · {} {}",
        input.names[0],
        input.units.fmt(a),
        input.names[1],
        input.units.fmt(b)
    )
}

/// Sizes of the pair chart, in device pixels: the two bars, then the rows; a row whose label
/// and values do not fit on one line puts the values on a second.
struct PairLayout {
    bar_h: i32,
    /// One side: its total line, the bar and the gaps.
    side_h: i32,
    /// For each shown part: whether it takes two lines.
    two_lines: Vec<bool>,
}

impl PairLayout {
    fn new(
        f: &Frame,
        input: &SplitPairChart,
        sides: &[(Vec<f64>, f64); 2],
        shown: &[usize],
    ) -> Self {
        let bar_h = f.px(22.0);
        let inner_w = f64::from(f.w - 2 * f.pad);
        let room = inner_w - f64::from(f.px(16.0) + f.px(8.0));
        let two_lines = shown
            .iter()
            .map(|&i| {
                let v = pair_values(input, sides[0].0[i], sides[1].0[i]);
                text_width(&input.labels[i], f.font) + text_width(&v, f.font) * 1.1 > room
            })
            .collect();
        PairLayout {
            bar_h,
            side_h: f.line(f.font) + f.px(4.0) + bar_h + f.px(12.0),
            two_lines,
        }
    }

    fn row_h(&self, f: &Frame, two: bool) -> i32 {
        f.line(f.font) * if two { 2 } else { 1 } + f.px(6.0)
    }

    fn height(&self, f: &Frame) -> i32 {
        let rows: i32 = self.two_lines.iter().map(|&t| self.row_h(f, t)).sum();
        f.title_height() + 2 * self.side_h + rows + f.pad
    }
}

impl SplitPairChart {
    /// The height in device pixels that shows everything at `width_px` device pixels wide.
    pub fn preferred_height(&self, width_px: u32, theme: &Theme) -> u32 {
        let f = Frame::for_width(width_px, theme);
        match checked_pair(self) {
            Ok((sides, shown)) => {
                PairLayout::new(&f, self, &sides, &shown).height(&f).max(0) as u32
            }
            Err(_) => (f.title_height() + f.pad).max(0) as u32,
        }
    }
}

/// Draws the split of A and B into `area`: two stacked bars on one scale (the larger total spans
/// the width), each part's share written in it where it fits, then a row per part with both values.
pub fn draw_split_pair<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    input: &SplitPairChart,
    theme: &Theme,
) -> Result<(), ChartError> {
    let f = Frame::new(area, theme)?;
    let checked = checked_pair(input);
    let mut y = begin(area, theme, &f, &input.title)?;
    let (sides, shown) = checked?;
    let layout = PairLayout::new(&f, input, &sides, &shown);
    let inner_w = f.w - 2 * f.pad;
    let widest = sides[0].1.max(sides[1].1);
    for (name, (values, total)) in input.names.iter().zip(&sides) {
        let line = format!(
            "{name} · {}: {}",
            input.total_label,
            input.units.fmt(*total)
        );
        text(
            area,
            &fit_text(&line, f.font, f64::from(inner_w)),
            (f.pad, y),
            (HPos::Left, VPos::Top),
            &bold(theme, f.font, theme.text),
        )?;
        let top = y + f.line(f.font) + f.px(4.0);
        let bar_w = (share(*total, widest) * f64::from(inner_w)).round() as i32;
        stacked_bar(area, theme, &f, values, *total, (top, layout.bar_h), bar_w)?;
        y += layout.side_h;
    }
    // One row per part: swatch and label, both values at the right or on a line of their own.
    for (&i, &two) in shown.iter().zip(&layout.two_lines) {
        let cy = y + f.line(f.font) / 2;
        let m = f.px(5.0);
        area.draw(&Rectangle::new(
            [(f.pad, cy - m), (f.pad + 2 * m, cy + m)],
            theme.series(i).filled(),
        ))?;
        let label_x = f.pad + f.px(16.0);
        let room = f64::from(f.pad + inner_w - label_x);
        text(
            area,
            &fit_text(&input.labels[i], f.font, room),
            (label_x, cy),
            (HPos::Left, VPos::Center),
            &style(theme, f.font, theme.text),
        )?;
        let v = pair_values(input, sides[0].0[i], sides[1].0[i]);
        let value_style = bold(theme, f.font, theme.text);
        if two {
            let vy = cy + f.line(f.font);
            text(
                area,
                &fit_text(&v, f.font, room / 1.1),
                (label_x, vy),
                (HPos::Left, VPos::Center),
                &value_style,
            )?;
        } else {
            text(
                area,
                &v,
                (f.pad + inner_w, cy),
                (HPos::Right, VPos::Center),
                &value_style,
            )?;
        }
        y += layout.row_h(&f, two);
    }
    Ok(())
}

/// The pair in words: each part with both values, then both totals.
pub fn split_pair_summary(input: &SplitPairChart) -> Result<TextSummary, ChartError> {
    let (sides, shown) = checked_pair(input)?;
    let mut rows: Vec<(String, String)> = shown
        .iter()
        .map(|&i| {
            let v = pair_values(input, sides[0].0[i], sides[1].0[i]);
            (input.labels[i].clone(), v)
        })
        .collect();
    rows.push((
        input.total_label.clone(),
        pair_values(input, sides[0].1, sides[1].1),
    ));
    Ok(TextSummary {
        caption: input.title.clone(),
        rows,
    })
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
