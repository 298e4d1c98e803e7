//! Number formatting for axis ticks, value labels and text summaries.
//!
//! Compact and language-neutral: digits, a dot, SI prefixes and `e` notation, never words. Units
//! come from the caller's labels ([`MassUnits`]).

/// Compact number with at most three significant digits: `0`, `0.05`, `950`, `1.2k`, `3.4M`,
/// `12G`, `5.6e21`. SI prefixes from k to P; `e` notation above that and below 0.001.
/// Non-finite numbers give `–`, so a bad value never shows as "NaN" in the page.
pub fn fmt_si(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    const PREFIXES: [(f64, &str); 5] =
        [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")];
    if !(1e-3..999.5e15).contains(&a) {
        return format!("{sign}{}", fmt_exp(a));
    }
    for (i, (div, prefix)) in PREFIXES.iter().enumerate() {
        // 999.96k rounds to "1000k"; such values belong to the next prefix up.
        if a >= div * 0.9995 {
            let m = a / div;
            if m >= 999.5 && i > 0 {
                return format!("{sign}{}{}", sig3(m / 1000.0), PREFIXES[i - 1].1);
            }
            return format!("{sign}{}{prefix}", sig3(m));
        }
    }
    format!("{sign}{}", sig3(a))
}

/// `e` notation with two significant digits: `5.6e21`, `1e-4`.
fn fmt_exp(a: f64) -> String {
    let s = format!("{a:.1e}");
    // Rust writes `5.6e21` and `1.0e-4`; drop a trailing `.0` from the mantissa.
    match s.split_once('e') {
        Some((m, e)) => format!("{}e{e}", m.trim_end_matches(".0")),
        None => s,
    }
}

/// At most three significant digits, trailing zeros trimmed. `a` is in [0.001, 1000).
fn sig3(a: f64) -> String {
    let decimals = if a >= 99.95 {
        0
    } else if a >= 9.995 {
        1
    } else if a >= 0.9995 {
        2
    } else {
        // 0.0123 needs 4 decimals for three significant digits.
        (2 - a.log10().floor() as i32).clamp(2, 5) as usize
    };
    let s = format!("{a:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// A share in 0..=1 as a percentage: `42%`, `4.2%`, `<0.1%`, `0%`, `100%`.
pub fn fmt_percent(share: f64) -> String {
    if !share.is_finite() {
        return "–".to_owned();
    }
    let p = share * 100.0;
    if p == 0.0 {
        "0%".to_owned()
    } else if p.abs() < 0.1 {
        if p > 0.0 { "<0.1%" } else { ">-0.1%" }.to_owned()
    } else if p.abs() < 9.95 {
        format!("{}%", format!("{p:.1}").trim_end_matches(".0"))
    } else {
        format!("{p:.0}%")
    }
}

/// A context length in tokens the way model cards write it: binary prefixes when the number is a
/// multiple of 1024 (`131072` is `128k`, `1048576` is `1M`), decimal ones otherwise (`200000` is
/// `200k`).
pub fn fmt_tokens(n: f64) -> String {
    if !n.is_finite() || n < 0.0 {
        return fmt_si(n);
    }
    let r = n.round();
    let binary = (r - n).abs() < 1e-9 && r >= 1024.0 && r % 1024.0 == 0.0 && r % 1000.0 != 0.0;
    if !binary {
        return fmt_si(n);
    }
    let (div, prefix) = if r >= 1024.0 * 1024.0 {
        (1024.0 * 1024.0, "M")
    } else {
        (1024.0, "k")
    };
    format!("{}{prefix}", sig3_or_int(r / div))
}

/// Whole numbers as they are (`128`), others to three significant digits.
fn sig3_or_int(v: f64) -> String {
    if v.fract() == 0.0 && v < 1e6 {
        format!("{v:.0}")
    } else {
        fmt_si(v)
    }
}

/// A day count: whole days as integers, fractions of a day to one decimal (`0.4`).
pub fn fmt_days(d: f64) -> String {
    if !d.is_finite() {
        "–".to_owned()
    } else if d.abs() >= 10.0 {
        // Thousands grouped, as the statement writes them: "day 36,841", not "day 36841".
        let whole = crate::engine::report::group_thousands(&format!("{:.0}", d.abs()));
        format!("{}{whole}", if d < 0.0 { "-" } else { "" })
    } else {
        format!("{d:.1}").trim_end_matches(".0").to_owned()
    }
}

/// The unit words for masses of CO₂e, supplied by the page: one style everywhere, the same as
/// the headline figures (`350 kg`, `552 t`, `9.44 kt`, `1.2 Mt`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MassUnits {
    /// Unit after a number of kilograms, e.g. `kg CO₂e`.
    pub kg: String,
    /// Unit after a number of tonnes, e.g. `t CO₂e`.
    pub tonnes: String,
    /// Unit after a number of kilotonnes, e.g. `kt CO₂e`.
    pub kilotonnes: String,
    /// Unit after a number of megatonnes, e.g. `Mt CO₂e`.
    pub megatonnes: String,
}

impl MassUnits {
    /// The scale to show masses up to `max_kg` in: the largest of kg, t, kt and Mt that keeps
    /// the number at 1 or more.
    pub fn scale_for(&self, max_kg: f64) -> MassScale<'_> {
        let a = if max_kg.is_finite() {
            max_kg.abs()
        } else {
            0.0
        };
        let (per_kg, unit) = if a >= 1e9 {
            (1e-9, &self.megatonnes)
        } else if a >= 1e6 {
            (1e-6, &self.kilotonnes)
        } else if a >= 1e3 {
            (1e-3, &self.tonnes)
        } else {
            (1.0, &self.kg)
        };
        MassScale { per_kg, unit }
    }

    /// One mass on its own scale: `350 kg CO₂e`, `11.4 kt CO₂e`.
    pub fn fmt(&self, kg: f64) -> String {
        self.scale_for(kg).fmt(kg)
    }
}

/// Kilograms or tonnes, with the unit word to write after a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MassScale<'a> {
    per_kg: f64,
    pub unit: &'a str,
}

impl MassScale<'_> {
    /// Kilograms converted to this scale.
    pub fn value(&self, kg: f64) -> f64 {
        kg * self.per_kg
    }

    /// The number only, on this scale: `1.2` (for 1 200 000 kg in kilotonnes).
    pub fn fmt_number(&self, kg: f64) -> String {
        fmt_si(self.value(kg))
    }

    /// Number and unit: `1.2 kt CO₂e`.
    pub fn fmt(&self, kg: f64) -> String {
        if self.unit.is_empty() {
            self.fmt_number(kg)
        } else {
            format!("{} {}", self.fmt_number(kg), self.unit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn si_prefixes_with_three_significant_digits() {
        let cases = [
            (0.0, "0"),
            (1.0, "1"),
            (0.5, "0.5"),
            (0.05, "0.05"),
            (0.001234, "0.00123"),
            (12.34, "12.3"),
            (950.0, "950"),
            (999.9, "1k"),
            (1000.0, "1k"),
            (1234.0, "1.23k"),
            (12_345.0, "12.3k"),
            (123_456.0, "123k"),
            (999_960.0, "1M"),
            (3.4e6, "3.4M"),
            (1.4e10, "14G"),
            (2.5e12, "2.5T"),
            (7e15, "7P"),
            (5.6e21, "5.6e21"),
            (1e24, "1e24"),
            (0.0001, "1e-4"),
            (-1500.0, "-1.5k"),
            (0.30000000000000004, "0.3"),
        ];
        for (x, want) in cases {
            assert_eq!(fmt_si(x), want, "fmt_si({x})");
        }
    }

    #[test]
    fn non_finite_numbers_show_a_dash() {
        assert_eq!(fmt_si(f64::NAN), "–");
        assert_eq!(fmt_si(f64::INFINITY), "–");
        assert_eq!(fmt_percent(f64::NAN), "–");
        assert_eq!(fmt_days(f64::NEG_INFINITY), "–");
    }

    #[test]
    fn percentages() {
        assert_eq!(fmt_percent(0.0), "0%");
        assert_eq!(fmt_percent(0.0004), "<0.1%");
        assert_eq!(fmt_percent(0.042), "4.2%");
        assert_eq!(fmt_percent(0.05), "5%");
        assert_eq!(fmt_percent(0.4249), "42%");
        assert_eq!(fmt_percent(1.0), "100%");
    }

    #[test]
    fn context_lengths_use_binary_prefixes_for_powers_of_two() {
        assert_eq!(fmt_tokens(128.0), "128");
        assert_eq!(fmt_tokens(8192.0), "8k");
        assert_eq!(fmt_tokens(131_072.0), "128k");
        assert_eq!(fmt_tokens(1_048_576.0), "1M");
        assert_eq!(fmt_tokens(200_000.0), "200k");
        assert_eq!(fmt_tokens(1_000_000.0), "1M");
        assert_eq!(fmt_tokens(3000.0), "3k");
    }

    #[test]
    fn days() {
        assert_eq!(fmt_days(0.4), "0.4");
        assert_eq!(fmt_days(3.0), "3");
        assert_eq!(fmt_days(123.4), "123");
        assert_eq!(fmt_days(36841.0), "36,841");
        assert_eq!(fmt_days(1_234_567.0), "1,234,567");
    }

    #[test]
    fn masses_switch_to_tonnes_from_1000_kg() {
        let u = MassUnits {
            kg: "kg CO₂e".into(),
            tonnes: "t CO₂e".into(),
            kilotonnes: "kt CO₂e".into(),
            megatonnes: "Mt CO₂e".into(),
        };
        assert_eq!(u.fmt(350.0), "350 kg CO₂e");
        assert_eq!(u.fmt(552_000.0), "552 t CO₂e");
        assert_eq!(u.fmt(11_400_000.0), "11.4 kt CO₂e");
        assert_eq!(u.fmt(8.93e9), "8.93 Mt CO₂e");
        let s = u.scale_for(2500.0);
        assert_eq!(s.unit, "t CO₂e");
        assert_eq!(s.fmt_number(800.0), "0.8");
    }
}
