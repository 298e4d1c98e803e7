//! The catalogs: hardware, grid regions, data-centre defaults, model presets, equivalences and
//! water.
//!
//! Every number is a [`Sourced`] value: the value, where it comes from, and (for derived numbers)
//! how it was derived. The JSON files sit beside this module; `build.rs` compiles them into the
//! binary as [`CATALOG`], so the page, the CLI and the tests read exactly the same figures, and the
//! page parses nothing at start-up. Nothing here computes a footprint: that is `engine`'s job.

mod types;

use crate::engine::scenario::Scenario;
use std::borrow::Cow;
use std::sync::OnceLock;
pub use types::*;

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

impl Catalog {
    /// Parses the JSON files again (natively), from copies embedded in the binary: what
    /// `build.rs` compiled in must equal this.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn load() -> Result<Catalog, String> {
        Catalog::parse_files(|file| {
            Ok(match file {
                "hardware.json" => include_str!("hardware.json"),
                "grids.json" => include_str!("grids.json"),
                "defaults.json" => include_str!("defaults.json"),
                "presets.json" => include_str!("presets.json"),
                "equivalences.json" => include_str!("equivalences.json"),
                "water.json" => include_str!("water.json"),
                other => return Err(format!("{other}: no such data file")),
            }
            .to_string())
        })
    }

    /// The compiled-in catalog.
    pub fn get() -> &'static Catalog {
        &CATALOG
    }

    pub fn accelerator(&self, id: &str) -> Option<&Accelerator> {
        self.hardware.accelerators.iter().find(|a| a.id == id)
    }

    pub fn region(&self, id: &str) -> Option<&GridRegion> {
        self.grids.regions.iter().find(|r| r.id == id)
    }

    /// The off-site water factor of `region` and the water row it comes from (`None`: the world
    /// value, for want of a figure). The factors are per country: a cloud region takes its grid's,
    /// a US grid region the United States'.
    pub fn water_offsite(&self, region: &str) -> (&Sourced, Option<&str>) {
        let row = |id: &str| self.water.regions.iter().find(|r| r.id == id);
        let grid = self.region(region);
        let via_grid = grid.and_then(|g| g.grid.as_deref());
        let country = match via_grid.and_then(|g| self.region(g)).or(grid) {
            Some(g) if &*g.kind == "grid" && g.id.starts_with("us-") => "us",
            Some(g) => &g.id,
            None => region,
        };
        match row(region).or_else(|| row(country)) {
            Some(r) => (&r.l_per_kwh, Some(&r.id)),
            None if region == "world" => (&self.water.world, Some("world")),
            None => (&self.water.world, None),
        }
    }

    pub fn operator(&self, id: &str) -> Option<&Operator> {
        self.water.operators.iter().find(|o| o.id == id)
    }

    pub fn preset(&self, id: &str) -> Option<&Preset> {
        self.presets.presets.iter().find(|p| p.id == id)
    }

    /// One string naming the version of every data file, shown beside results.
    pub fn data_version(&self) -> String {
        format!(
            "hardware {}, grids {}, defaults {}, presets {}, equivalences {}, water {}",
            self.hardware.version,
            self.grids.version,
            self.defaults.version,
            self.presets.version,
            self.equivalences.version,
            self.water.version
        )
    }
}

impl Accelerator {
    /// What `embodied_kg` stands on, in words for an origin: the maker's own footprint, a
    /// published study, or the die-area proxy.
    pub fn embodied_what(&self) -> String {
        let basis = match &*self.embodied_basis {
            "first_party" => "first-party product footprint",
            "study" => "published LCA",
            _ => "die-area proxy",
        };
        format!("{} embodied ({basis} + host share)", self.name)
    }
}

impl Preset {
    /// The preset's partial scenario. The compiled-in presets' are parsed once, all together, on
    /// first use; any other preset's (one parsed from JSON by a test) is parsed on each call.
    pub fn scenario(&self) -> Cow<'static, Scenario> {
        static PARSED: OnceLock<Vec<Scenario>> = OnceLock::new();
        let presets = &CATALOG.presets.presets;
        match presets.iter().position(|p| std::ptr::eq(p, self)) {
            Some(i) => Cow::Borrowed(
                &PARSED.get_or_init(|| {
                    presets
                        .iter()
                        .map(|p| parse_scenario(&p.scenario_json))
                        .collect()
                })[i],
            ),
            None => Cow::Owned(parse_scenario(&self.scenario_json)),
        }
    }

    /// The source of one of the preset's numbers, by field path.
    pub fn source(&self, path: &str) -> Option<&str> {
        let i = self
            .sources
            .binary_search_by(|(p, _)| (**p).cmp(path))
            .ok()?;
        Some(&self.sources[i].1)
    }
}

/// A preset's scenario; the tests parse every one, so the fallback is never seen.
fn parse_scenario(json: &str) -> Scenario {
    Scenario::from_json(json).unwrap_or_default()
}
