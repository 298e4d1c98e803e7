//! What the reader types, read and written back: numbers in plain or scientific notation
//! (`64`, `0.43`, `7e10`, `2.0e12`), with optional thousands separators and a k/M/B/T suffix
//! (`70B`), and the short forms the form shows as values and placeholders.
//!
//! Pure functions, no DOM: compiled and tested natively too.

/// Reads a number field. An empty field means "use the default" (`Ok(None)`). A text that is not a
/// finite number gives an error saying what was typed and how to write one.
pub fn parse_number(text: &str) -> Result<Option<f64>, String> {
    // A comma groups thousands (1,000,000) or it is a decimal comma (1,5), which must not be
    // read as 15: anything but groups of three digits before the point is refused.
    if text.contains(',') && !groups_thousands(text.trim()) {
        let shown: String = text.trim().chars().take(30).collect();
        return Err(format!(
            "“{shown}”: write decimals with a point, like {}",
            shown.replace(',', ".")
        ));
    }
    let t: String = text
        .trim()
        .chars()
        .filter(|c| {
            !matches!(
                c,
                ' ' | '_' | ',' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\''
            )
        })
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    let (body, scale) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 1e3),
        Some('M') => (&t[..t.len() - 1], 1e6),
        Some('B' | 'G') => (&t[..t.len() - 1], 1e9),
        Some('T') => (&t[..t.len() - 1], 1e12),
        _ => (t.as_str(), 1.0),
    };
    // Rust also reads "inf" and "NaN"; people do not mean those, so only digits, a sign, a dot
    // and an exponent are accepted.
    let plain = !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && body.chars().any(|c| c.is_ascii_digit());
    let shown: String = text.trim().chars().take(30).collect();
    let not_a_number = || format!("“{shown}” is not a number; write it like 64, 0.43, 7e10 or 70B");
    if !plain {
        return Err(not_a_number());
    }
    match body.parse::<f64>() {
        Ok(v) if (v * scale).is_finite() => Ok(Some(v * scale)),
        Ok(_) => Err(format!("“{shown}” is too large")),
        Err(_) => Err(not_a_number()),
    }
}

/// Whether every comma of `t` separates thousands: the digits before the point (or exponent, or
/// k/M/B/T) are one to three, then groups of exactly three.
fn groups_thousands(t: &str) -> bool {
    let t = t.trim_start_matches(['+', '-', '−']);
    let end = t
        .find(['.', 'e', 'E', 'k', 'K', 'M', 'B', 'G', 'T'])
        .unwrap_or(t.len());
    let (int, rest) = t.split_at(end);
    let mut groups = int.split(',').map(|g| g.trim_matches([' ', '\u{a0}']));
    let first = groups.next().unwrap_or("");
    !rest.contains(',')
        && (1..=3).contains(&first.len())
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// A number as the form writes it into a field or a placeholder: whole numbers below ten million
/// as they are (`4096`), large and tiny ones in scientific notation (`7e10`, `1.72e6`), others
/// with at most four significant digits (`0.4312`). The output reads back through
/// [`parse_number`].
pub fn fmt_input(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e7).contains(&a) {
        let s = format!("{v:.3e}");
        return match s.split_once('e') {
            Some((m, e)) => {
                let m = if m.contains('.') {
                    m.trim_end_matches('0').trim_end_matches('.')
                } else {
                    m
                };
                format!("{m}e{e}")
            }
            None => s,
        };
    }
    if v.fract() == 0.0 {
        return format!("{v:.0}");
    }
    let decimals = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// `n` significant digits with thousands separators: `1,720`, `3.46`, `0.0123`.
pub fn fmt_sig(v: f64, n: i32) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    let magnitude = a.log10().floor() as i32;
    let decimals = (n - 1 - magnitude).clamp(0, 8) as usize;
    // Round to n significant digits first so 999.96 with 3 digits becomes 1,000.
    let factor = 10f64.powi(n - 1 - magnitude);
    let r = (a * factor).round() / factor;
    let s = format!("{r:.decimals$}");
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.trim_end_matches('0').to_string())),
        None => (s.clone(), None),
    };
    let grouped = crate::engine::report::group_thousands(&int);
    let sign = if v < 0.0 { "-" } else { "" };
    match frac {
        Some(f) if !f.is_empty() => format!("{sign}{grouped}.{f}"),
        _ => format!("{sign}{grouped}"),
    }
}

/// A quantity on the best rung of a unit ladder: `(value, unit)` pairs in ascending size, the base
/// unit first with factor 1. Three significant digits: `2.48 kt`, `688 MWh`.
pub fn fmt_ladder(v: f64, ladder: &[(f64, &str)]) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    let mut chosen = ladder.first().copied().unwrap_or((1.0, ""));
    for &(factor, unit) in ladder {
        if a >= factor * 0.9995 {
            chosen = (factor, unit);
        }
    }
    format!("{} {}", fmt_sig(v / chosen.0, 3), chosen.1)
}

/// kgCO2e as g, kg, t, kt or Mt.
pub fn fmt_mass_kg(kg: f64) -> String {
    fmt_ladder(
        kg,
        &[
            (1e-3, "g"),
            (1.0, "kg"),
            (1e3, "t"),
            (1e6, "kt"),
            (1e9, "Mt"),
        ],
    )
}

/// kWh as Wh, kWh, MWh, GWh or TWh.
pub fn fmt_energy_kwh(kwh: f64) -> String {
    fmt_ladder(
        kwh,
        &[
            (1e-3, "Wh"),
            (1.0, "kWh"),
            (1e3, "MWh"),
            (1e6, "GWh"),
            (1e9, "TWh"),
        ],
    )
}

/// Litres as mL or L, and from 10,000 L on as cubic metres (millions of them past 10⁹ L).
pub fn fmt_water_l(l: f64) -> String {
    if !l.is_finite() {
        "–".into()
    } else if l.abs() >= 1e9 {
        format!("{} million m³", fmt_sig(l / 1e9, 3))
    } else if l.abs() >= 1e4 {
        format!("{} m³", fmt_sig(l / 1e3, 3))
    } else {
        fmt_ladder(l, &[(1e-3, "mL"), (1.0, "L")])
    }
}

/// A count in words for large numbers: `950`, `12,300`, `4.5 million`, `2.1 billion`.
pub fn fmt_count(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    if a >= 1e12 {
        format!("{} trillion", fmt_sig(v / 1e12, 3))
    } else if a >= 1e9 {
        format!("{} billion", fmt_sig(v / 1e9, 3))
    } else if a >= 1e6 {
        format!("{} million", fmt_sig(v / 1e6, 3))
    } else if a >= 100.0 {
        fmt_sig(v.round(), 6.max(a.log10().floor() as i32 + 1))
    } else {
        fmt_sig(v, 3)
    }
}

/// The element id of a field: `inference.batch` → `f-inference-batch`.
pub fn field_id(path: &str) -> String {
    format!("f-{}", path.replace('.', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_scientific_numbers_are_read() {
        assert_eq!(parse_number("64"), Ok(Some(64.0)));
        assert_eq!(parse_number(" 0.43 "), Ok(Some(0.43)));
        assert_eq!(parse_number("7e10"), Ok(Some(7e10)));
        assert_eq!(parse_number("2.0e12"), Ok(Some(2.0e12)));
        assert_eq!(parse_number("2.0E12"), Ok(Some(2.0e12)));
        assert_eq!(parse_number("1e-3"), Ok(Some(0.001)));
        assert_eq!(parse_number("-5"), Ok(Some(-5.0)));
    }

    #[test]
    fn separators_and_suffixes_are_read() {
        assert_eq!(parse_number("1,000,000"), Ok(Some(1e6)));
        assert_eq!(parse_number("12,345.5"), Ok(Some(12345.5)));
        assert_eq!(parse_number("-1,000"), Ok(Some(-1000.0)));
        // A decimal comma is refused, never read as a number ten or a hundred times larger.
        for typed in ["1,5", "1,25", "0,4", "2,5", "1,0000", "12,34,567", "1.5,0"] {
            let e = parse_number(typed).unwrap_err();
            assert!(e.contains("point"), "{typed}: {e}");
        }
        assert_eq!(parse_number("1 000 000"), Ok(Some(1e6)));
        assert_eq!(parse_number("70B"), Ok(Some(7e10)));
        assert_eq!(parse_number("2T"), Ok(Some(2e12)));
        assert_eq!(parse_number("4k"), Ok(Some(4000.0)));
        assert_eq!(parse_number("1.5M"), Ok(Some(1.5e6)));
    }

    #[test]
    fn an_empty_field_means_the_default() {
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number("   "), Ok(None));
    }

    #[test]
    fn non_numbers_are_refused_with_a_hint() {
        for bad in [
            "abc", "inf", "NaN", "1e", "e5", "--3", "1.2.3", "B", "infinity", "1e999",
        ] {
            let e = parse_number(bad).unwrap_err();
            assert!(e.contains('“'), "{bad}: {e}");
        }
    }

    #[test]
    fn input_form_round_trips() {
        for v in [
            7e10, 2e12, 4096.0, 0.43, 1.1, 0.000_12, 1.72032e6, 365.0, 64.0, 56.039,
        ] {
            let s = fmt_input(v);
            let back = parse_number(&s).unwrap().unwrap();
            assert!((back - v).abs() <= v.abs() * 1e-3, "{v} -> {s} -> {back}");
        }
        assert_eq!(fmt_input(7e10), "7e10");
        assert_eq!(fmt_input(4096.0), "4096");
        assert_eq!(fmt_input(0.4312345), "0.4312");
        assert_eq!(fmt_input(1.72032e7), "1.72e7");
    }

    #[test]
    fn significant_digits_with_separators() {
        assert_eq!(fmt_sig(1720.4, 3), "1,720");
        assert_eq!(fmt_sig(3.456, 3), "3.46");
        assert_eq!(fmt_sig(0.012345, 3), "0.0123");
        assert_eq!(fmt_sig(999.96, 3), "1,000");
        assert_eq!(fmt_sig(1234567.0, 7), "1,234,567");
    }

    #[test]
    fn quantities_pick_a_readable_unit() {
        assert_eq!(fmt_mass_kg(2_480_000.0), "2.48 kt");
        assert_eq!(fmt_mass_kg(0.5), "500 g");
        assert_eq!(fmt_energy_kwh(688_100.0), "688 MWh");
        assert_eq!(fmt_energy_kwh(0.0003), "0.3 Wh");
        assert_eq!(fmt_water_l(350.0), "350 L");
        assert_eq!(fmt_water_l(2.5e6), "2,500 m³");
        assert_eq!(fmt_count(4.5e6), "4.5 million");
        assert_eq!(fmt_count(12_345.0), "12,345");
    }

    #[test]
    fn ids_have_no_dots() {
        assert_eq!(field_id("inference.batch"), "f-inference-batch");
    }
}
