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
        let rows = &self.hardware.accelerators;
        Index::find(&self.index.accelerators, rows, id, |a| &a.id)
    }

    pub fn region(&self, id: &str) -> Option<&GridRegion> {
        Index::find(&self.index.regions, &self.grids.regions, id, |r| &r.id)
    }

    /// The rows a region stands on: its own, the grid row a cloud region copies, and the water
    /// row of its country. `None` for an unknown region.
    pub fn site(&self, region: &str) -> Option<SiteRows<'_>> {
        let row = self.region(region)?;
        let grid = row.grid.as_deref().and_then(|g| self.region(g));
        // The water factors are per country: a cloud region takes its grid's, a US grid region
        // the United States'.
        let country = match grid.unwrap_or(row) {
            g if &*g.kind == "grid" && g.id.starts_with("us-") => "us",
            g => &g.id,
        };
        let water_row = |id: &str| {
            Index::find(&self.index.water_regions, &self.water.regions, id, |r| {
                &r.id
            })
        };
        let water = water_row(region).or_else(|| water_row(country));
        Some(SiteRows {
            region: row,
            grid,
            water,
        })
    }

    /// The off-site water factor of `region` and the water row it comes from (`None`: the world
    /// value, for want of a figure); see [`Catalog::site`].
    pub fn water_offsite(&self, region: &str) -> (&Sourced, Option<&str>) {
        match self.site(region).and_then(|s| s.water) {
            Some(r) => (&r.l_per_kwh, Some(&r.id)),
            None if region == "world" => (&self.water.world, Some("world")),
            None => (&self.water.world, None),
        }
    }

    pub fn operator(&self, id: &str) -> Option<&Operator> {
        Index::find(&self.index.operators, &self.water.operators, id, |o| &o.id)
    }

    pub fn preset(&self, id: &str) -> Option<&Preset> {
        Index::find(&self.index.presets, &self.presets.presets, id, |p| &p.id)
    }

    /// One string naming the version of every data file, shown beside results (the compiled-in
    /// catalog's worked out once: every estimate carries it).
    pub fn data_version(&self) -> String {
        static COMPILED: OnceLock<String> = OnceLock::new();
        if std::ptr::eq(self, &CATALOG) {
            return COMPILED.get_or_init(|| self.version_text()).clone();
        }
        self.version_text()
    }

    fn version_text(&self) -> String {
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

/// The rows one region stands on (see [`Catalog::site`]).
#[derive(Debug, Clone, Copy)]
pub struct SiteRows<'a> {
    pub region: &'a GridRegion,
    /// The country or grid row a cloud region copies.
    pub grid: Option<&'a GridRegion>,
    /// The off-site water row of the region, else of its country.
    pub water: Option<&'a WaterRegion>,
}

impl Accelerator {
    /// What `embodied_kg` stands on, in a few words.
    pub fn embodied_basis_words(&self) -> &'static str {
        match &*self.embodied_basis {
            "first_party" => "first-party product footprint",
            "study" => "published LCA",
            _ => "die-area proxy",
        }
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
