//! Quantities as `f64` newtypes that carry their unit in their name, with only the physically
//! meaningful operations written out, so the compiler reminds us to convert (Rust API guidelines,
//! C-NEWTYPE).

use std::ops::{Add, Div, Mul};

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
        pub struct $name(pub f64);

        impl Add for $name {
            type Output = $name;
            fn add(self, rhs: $name) -> $name {
                $name(self.0 + rhs.0)
            }
        }

        impl Mul<f64> for $name {
            type Output = $name;
            fn mul(self, rhs: f64) -> $name {
                $name(self.0 * rhs)
            }
        }

        impl std::iter::Sum for $name {
            fn sum<I: Iterator<Item = $name>>(iter: I) -> $name {
                $name(iter.map(|q| q.0).sum())
            }
        }
    };
}

quantity!(/// Floating-point operations (a count).
    Flops);
quantity!(/// Floating-point operations per second.
    FlopsPerSecond);
quantity!(/// Time.
    Seconds);
quantity!(/// Accelerator-hours (device count x hours).
    DeviceHours);
quantity!(/// Power.
    Watts);
quantity!(/// Energy.
    Joules);
quantity!(/// Energy.
    KilowattHours);
quantity!(/// Grid carbon intensity.
    GramsCo2ePerKwh);
quantity!(/// Emissions.
    KgCo2e);
quantity!(/// Memory traffic or capacity.
    Bytes);
quantity!(/// Memory bandwidth.
    BytesPerSecond);
quantity!(/// Water.
    Litres);

impl Div<FlopsPerSecond> for Flops {
    type Output = Seconds;
    fn div(self, rate: FlopsPerSecond) -> Seconds {
        Seconds(self.0 / rate.0)
    }
}

impl Div<BytesPerSecond> for Bytes {
    type Output = Seconds;
    fn div(self, rate: BytesPerSecond) -> Seconds {
        Seconds(self.0 / rate.0)
    }
}

impl Mul<Seconds> for Watts {
    type Output = Joules;
    fn mul(self, t: Seconds) -> Joules {
        Joules(self.0 * t.0)
    }
}

impl Mul<DeviceHours> for Watts {
    type Output = KilowattHours;
    fn mul(self, h: DeviceHours) -> KilowattHours {
        KilowattHours(self.0 * h.0 / 1000.0)
    }
}

impl Mul<GramsCo2ePerKwh> for KilowattHours {
    type Output = KgCo2e;
    fn mul(self, ci: GramsCo2ePerKwh) -> KgCo2e {
        KgCo2e(self.0 * ci.0 / 1000.0)
    }
}

impl Joules {
    pub fn to_kwh(self) -> KilowattHours {
        KilowattHours(self.0 / 3.6e6)
    }
    pub fn to_wh(self) -> f64 {
        self.0 / 3600.0
    }
}

impl Seconds {
    pub fn hours(self) -> f64 {
        self.0 / 3600.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watts_times_device_hours_is_kwh() {
        // 1,022,362 GPU-hours at 400 W (LLaMA-65B, Touvron et al. 2023 Table 15) = 408.9 MWh.
        let e = Watts(400.0) * DeviceHours(1_022_362.0);
        assert!((e.0 - 408_944.8).abs() < 0.1);
    }

    #[test]
    fn kwh_times_intensity_is_kg() {
        assert_eq!(
            KilowattHours(1000.0) * GramsCo2ePerKwh(400.0),
            KgCo2e(400.0)
        );
    }

    #[test]
    fn joules_convert_to_kwh_and_wh() {
        assert_eq!(Joules(3.6e6).to_kwh(), KilowattHours(1.0));
        assert_eq!(Joules(3600.0).to_wh(), 1.0);
    }
}
