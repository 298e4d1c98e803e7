//! The preset tables: each preset's published parameter counts beside what its architecture
//! gives (architecture.rs), and its published training footprint beside the estimate of the
//! preset opened as it is. Shared by tests/presets.rs and docs/validation.md.

use llm_footprint::data::{Catalog, Preset};
use llm_footprint::engine::resolve::derived_counts;
use llm_footprint::engine::{estimate_with, Options, Scenario};

pub struct Counts {
    pub id: String,
    pub published_total: f64,
    pub derived_total: f64,
    pub published_active: f64,
    pub derived_active: f64,
}

pub fn counts() -> Vec<Counts> {
    Catalog::get()
        .presets
        .presets
        .iter()
        .map(|p| {
            let s = p.scenario();
            let d = derived_counts(&s);
            let total = s.model.params.unwrap_or(f64::NAN);
            Counts {
                id: p.id.to_string(),
                published_total: total,
                derived_total: d.total,
                published_active: s.model.active_params.unwrap_or(total),
                derived_active: d.active,
            }
        })
        .collect()
}

pub struct Reproduced {
    pub id: String,
    pub quantity: &'static str,
    pub published: f64,
    pub estimated: f64,
}

impl Reproduced {
    pub fn error(&self) -> f64 {
        self.estimated / self.published - 1.0
    }
}

/// A preset opened as it is: `{"model": {"preset": id}}`.
pub fn opened(p: &Preset) -> llm_footprint::engine::Estimate {
    let mut s = Scenario::default();
    s.model.preset = Some(p.id.to_string());
    let opts = Options {
        samples: 0,
        seed: 1,
    };
    estimate_with(&s, &opts).unwrap_or_else(|e| panic!("preset {}: {e:?}", p.id))
}

pub fn reproduced() -> Vec<Reproduced> {
    let mut out = Vec::new();
    for p in Catalog::get().presets.presets.iter() {
        let Some(r) = &p.reported else { continue };
        let t = opened(p).results.training;
        for (quantity, published, estimated) in [
            ("device-hours", r.accelerator_hours, t.accelerator_hours),
            ("energy (MWh)", r.energy_mwh, t.energy_kwh / 1000.0),
            ("operational CO2e (t)", r.co2e_t, t.co2e_kg / 1000.0),
        ] {
            if let Some(published) = published {
                out.push(Reproduced {
                    id: p.id.to_string(),
                    quantity,
                    published,
                    estimated,
                });
            }
        }
    }
    out
}
