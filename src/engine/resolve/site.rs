//! A phase's site, resolved once: its region row (a country, a US grid or a cloud region), the
//! grid row that row stands on and the country whose off-site water it takes (`Catalog::site`),
//! and its operator. Carbon (the grid intensity), market-based accounting and water (on-site WUE
//! and the off-site factor) all read the one [`Site`].
//!
//! Precedence, field by field: the reader's figure; else the preset's while the site is the
//! preset's (the reader names no region; for the market-based factor, no grid figure either);
//! else the region's row; else the site the phase inherits (fine-tuning the training site,
//! serving the training site the reader chose); else the world.

use super::{cat_origin, fallback, short, Ctx, Origin, Value, Words, REGION_IDS};
use crate::data::SiteRows;
use crate::engine::scenario::{FieldError, Problem};
use std::borrow::Cow;

/// The phases that have a site.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Phase {
    Training,
    FineTuning,
    Inference,
}

/// A phase's site fields, by path.
struct Paths {
    region: &'static str,
    grid: &'static str,
    market: &'static str,
    water: &'static str,
    /// Fine-tuning has no operator field: it runs at the training site's efficiency.
    operator: Option<&'static str>,
    pue: &'static str,
    wue: &'static str,
}

impl Phase {
    fn paths(self) -> Paths {
        match self {
            Phase::Training => Paths {
                region: "training.region",
                grid: "training.grid_g_per_kwh",
                market: "training.market_g_per_kwh",
                water: "training.water_offsite_l_per_kwh",
                operator: Some("training.operator"),
                pue: "training.pue",
                wue: "training.wue_l_per_kwh",
            },
            Phase::FineTuning => Paths {
                region: "fine_tuning.region",
                grid: "fine_tuning.grid_g_per_kwh",
                market: "fine_tuning.market_g_per_kwh",
                water: "fine_tuning.water_offsite_l_per_kwh",
                operator: None,
                pue: "fine_tuning.pue",
                wue: "fine_tuning.wue_l_per_kwh",
            },
            Phase::Inference => Paths {
                region: "inference.region",
                grid: "inference.grid_g_per_kwh",
                market: "inference.market_g_per_kwh",
                water: "inference.water_offsite_l_per_kwh",
                operator: Some("inference.operator"),
                pue: "inference.pue",
                wue: "inference.wue_l_per_kwh",
            },
        }
    }
}

/// A resolved site: what the carbon, market-based and water accounting of a phase read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Site {
    pub pue: f64,
    pub wue_l_per_kwh: f64,
    pub grid_g_per_kwh: f64,
    pub market_g_per_kwh: Option<f64>,
    pub water_offsite_l_per_kwh: f64,
}

/// The site a phase falls back on where neither the reader nor the preset names one.
pub(super) struct Inherit {
    pub site: Site,
    pub why: &'static str,
    /// Whether the PUE and WUE are inherited too (fine-tuning), or the phase's own (serving).
    pub efficiency: bool,
}

/// The region a phase names, and who named it.
enum Named<'a> {
    Reader(&'a str),
    Preset(Cow<'static, str>),
    Nobody,
}

impl Ctx<'_> {
    /// `phase`'s site. `from_preset`: whether the preset's site fields apply to it.
    pub(super) fn site(
        &mut self,
        phase: Phase,
        from_preset: bool,
        inherit: Option<Inherit>,
    ) -> Site {
        let p = phase.paths();
        let (pue, wue_l_per_kwh) = match &inherit {
            Some(i) if i.efficiency => {
                let same = || Origin::Default { why: i.why.into() };
                let pue = self.number_or(p.pue, false, i.site.pue, same());
                (
                    pue,
                    self.number_or(p.wue, false, i.site.wue_l_per_kwh, same()),
                )
            }
            _ => self.efficiency(&p),
        };
        let user = self.user;
        let user_grid = user.number(p.grid);
        let named = match (user.text(p.region), self.base_text(p.region)) {
            (Some(r), _) => Named::Reader(r),
            (None, Some(r)) if from_preset => Named::Preset(r),
            _ => Named::Nobody,
        };
        // The preset's own figures belong to the preset's site.
        let preset_site = from_preset && user.text(p.region).is_none();
        let rows = match &named {
            Named::Reader(r) => self.cat.site(r),
            Named::Preset(r) => self.cat.site(r),
            Named::Nobody => self.cat.site(fallback::REGION),
        };
        self.record_named_region(&p, &named, rows);
        let grid_g_per_kwh = self.grid(&p, &named, rows, preset_site, &inherit);
        let market_g_per_kwh = self.number(p.market, preset_site && user_grid.is_none());
        let water_offsite_l_per_kwh = match self.number(p.water, preset_site) {
            Some(v) => v,
            None => self.water_offsite(&p, &named, rows, &inherit),
        };
        Site {
            pue,
            wue_l_per_kwh,
            grid_g_per_kwh,
            market_g_per_kwh,
            water_offsite_l_per_kwh,
        }
    }

    /// A site's PUE and WUE: the reader's, else the preset's, else (WUE) the fleet figure of the
    /// site's operator, else the defaults file's.
    fn efficiency(&mut self, p: &Paths) -> (f64, f64) {
        let cat = self.cat;
        let (pue, wue) = (&cat.defaults.pue, &cat.defaults.wue_l_per_kwh);
        let operator = p
            .operator
            .and_then(|path| self.text(path, true))
            .and_then(|id| cat.operator(&id));
        let (wue, what) = match operator {
            Some(o) => (&o.wue_l_per_kwh, Words::join(&[&o.name, " fleet WUE"])),
            None => (wue, Words::from("default WUE")),
        };
        (
            self.number_or(
                p.pue,
                true,
                pue.value,
                cat_origin(pue, "default PUE".into()),
            ),
            self.number_or(p.wue, true, wue.value, cat_origin(wue, what)),
        )
    }

    /// The grid intensity: the reader's, else the preset's (on its own site), else the region's
    /// (a named region is already recorded), else the inherited site's.
    fn grid(
        &mut self,
        p: &Paths,
        named: &Named,
        rows: Option<SiteRows<'static>>,
        preset_site: bool,
        inherit: &Option<Inherit>,
    ) -> f64 {
        if let Some(v) = self.number(p.grid, false) {
            return v;
        }
        if preset_site {
            if let Some(v) = self.base.number(p.grid) {
                let o = self.preset_origin(p.grid);
                self.record(p.grid, Value::Number(v), o);
                return v;
            }
        }
        let region: Cow<'static, str> = match named {
            Named::Reader(_) | Named::Preset(_) => {
                return rows.map_or(0.0, |r| self.region_grid(p, r));
            }
            Named::Nobody => match inherit {
                Some(i) => {
                    let why = i.why.into();
                    self.record(
                        p.grid,
                        Value::Number(i.site.grid_g_per_kwh),
                        Origin::Default { why },
                    );
                    return i.site.grid_g_per_kwh;
                }
                None => {
                    let why = "no region given: world average".into();
                    let v = Value::Text(fallback::REGION.into());
                    self.record(p.region, v, Origin::Default { why });
                    fallback::REGION.into()
                }
            },
        };
        match rows {
            Some(r) => self.region_grid(p, r),
            None => {
                self.errors.push(unknown_region(p.region, &region));
                0.0
            }
        }
    }

    /// The grid intensity of a region's row, recorded with the grids' basis and source.
    fn region_grid(&mut self, p: &Paths, rows: SiteRows<'static>) -> f64 {
        let r = rows.region;
        let v = r.g_per_kwh.value;
        let basis: &'static str = &self.cat.grids.basis;
        let source = Words::join(&[&r.name, " (", &r.id, "), ", basis, ": "])
            .then_source(&r.g_per_kwh.source);
        self.record(p.grid, Value::Number(v), Origin::Catalog { source });
        v
    }

    /// The region a reader or preset named, refused if unknown. Recorded even when the grid
    /// figure does not come from it: the off-site water (and the reader) need to see which it is.
    fn record_named_region(&mut self, p: &Paths, named: &Named, rows: Option<SiteRows<'static>>) {
        let (region, origin) = match named {
            Named::Reader(r) => (Cow::Owned(r.to_string()), Origin::Scenario),
            Named::Preset(r) => (r.clone(), self.preset_origin(p.region)),
            Named::Nobody => return,
        };
        if rows.is_none() && !self.errors.iter().any(|e| e.path == p.region) {
            self.errors.push(unknown_region(p.region, &region));
        }
        self.record(p.region, Value::Text(region), origin);
    }

    /// The off-site water factor where neither the reader nor the preset gives one: the region's
    /// country's (the world value for a region without one), else the inherited site's.
    fn water_offsite(
        &mut self,
        p: &Paths,
        named: &Named,
        rows: Option<SiteRows<'static>>,
        inherit: &Option<Inherit>,
    ) -> f64 {
        if let (Named::Nobody, Some(i)) = (named, inherit) {
            let why = i.why.into();
            let v = i.site.water_offsite_l_per_kwh;
            self.record(p.water, Value::Number(v), Origin::Default { why });
            return v;
        }
        // An unknown region is the grid's error; its water is the world's meanwhile.
        let world = &self.cat.water.world;
        let (w, source) = match rows {
            Some(SiteRows {
                region,
                water: Some(row),
                ..
            }) if row.id == region.id => {
                let s = &row.l_per_kwh;
                (
                    s,
                    Words::join(&["region ", &region.id, ": "]).then_source(&s.source),
                )
            }
            Some(SiteRows {
                region,
                water: Some(row),
                ..
            }) => {
                let s = &row.l_per_kwh;
                (
                    s,
                    Words::join(&["region ", &region.id, ", in ", &row.id, ": "])
                        .then_source(&s.source),
                )
            }
            Some(SiteRows {
                region,
                water: None,
                ..
            }) if region.id == "world" => (
                world,
                Words::join(&["region world: "]).then_source(&world.source),
            ),
            Some(SiteRows {
                region,
                water: None,
                ..
            }) => (
                world,
                Words::join(&["no figure for region ", &region.id, ": world value, "])
                    .then_source(&world.source),
            ),
            None => (
                world,
                Words::join(&["no figure for this region: world value, "])
                    .then_source(&world.source),
            ),
        };
        self.record(p.water, Value::Number(w.value), Origin::Catalog { source });
        w.value
    }
}

fn unknown_region(path: &'static str, region: &str) -> FieldError {
    FieldError::with(
        path,
        format!(
            "{path}: unknown region `{}`; use {REGION_IDS}",
            short(region)
        ),
        Problem::UnknownChoice { got: short(region) },
    )
}

#[cfg(test)]
mod tests {
    use crate::data::Catalog;
    use crate::engine::resolve::{resolve, Origin, Resolved};
    use crate::engine::Scenario;

    fn of(json: &str) -> Resolved {
        resolve(&Scenario::from_json(json).unwrap(), Catalog::get()).unwrap()
    }

    fn source(r: &Resolved, path: &str) -> String {
        match &r.assumption(path).unwrap().origin {
            Origin::Catalog { source } => source.to_string(),
            o => panic!("{path}: {o:?}"),
        }
    }

    #[test]
    fn a_region_whose_grid_figure_is_given_is_still_shown() {
        // BLOOM's preset gives its grid (57 g/kWh) and region (fr): the region is recorded, so
        // the reader sees which region the off-site water comes from.
        let r = of(r#"{"model":{"preset":"bloom-176b"}}"#);
        let region = r
            .assumption("training.region")
            .expect("the preset's region is recorded");
        assert!(
            matches!(region.origin, Origin::Preset { .. }),
            "{:?}",
            region.origin
        );
        assert!(source(&r, "training.water_offsite_l_per_kwh").contains("region fr"));
        // A reader's grid figure with a region of their own: the region is theirs.
        let r = of(r#"{"training":{"region":"de","grid_g_per_kwh":300}}"#);
        assert_eq!(
            r.assumption("training.region").unwrap().origin,
            Origin::Scenario
        );
        // An unknown region is refused even when the grid figure is given.
        let s = Scenario::from_json(r#"{"training":{"region":"atlantis","grid_g_per_kwh":300}}"#)
            .unwrap();
        let e = resolve(&s, Catalog::get()).unwrap_err();
        assert!(e.iter().any(|e| e.path == "training.region"), "{e:?}");
    }

    #[test]
    fn offsite_water_follows_the_site_as_the_grid_does() {
        // A preset's training site (us); serving, with no site of its own, the world value.
        let r = of(r#"{"model":{"preset":"llama-3.1-8b"}}"#);
        assert_eq!(r.inputs.training.water_offsite_l_per_kwh, 3.1321);
        assert_eq!(r.inputs.inference.water_offsite_l_per_kwh, 3.908);
        // The reader's training site carries over to fine-tuning and serving.
        let r = of(
            r#"{"model":{"preset":"llama-3.1-8b"},"training":{"region":"fr"},"fine_tuning":{"method":"lora"}}"#,
        );
        let x = &r.inputs;
        assert_eq!(x.training.water_offsite_l_per_kwh, 3.6737);
        assert_eq!(x.fine_tuning.unwrap().water_offsite_l_per_kwh, 3.6737);
        assert_eq!(x.inference.water_offsite_l_per_kwh, 3.6737);
        // The reader's own factor wins over the region's.
        let r = of(r#"{"training":{"region":"fr","water_offsite_l_per_kwh":1.29}}"#);
        assert_eq!(r.inputs.training.water_offsite_l_per_kwh, 1.29);
    }

    #[test]
    fn cloud_and_us_grid_regions_take_their_countrys_factor() {
        let us = of(r#"{"inference":{"region":"us"}}"#).inputs.inference;
        for region in ["aws-us-east-1", "us-pjm", "gcp-us-central1"] {
            let r = of(&format!(r#"{{"inference":{{"region":"{region}"}}}}"#));
            assert_eq!(
                r.inputs.inference.water_offsite_l_per_kwh, us.water_offsite_l_per_kwh,
                "{region}"
            );
            let s = source(&r, "inference.water_offsite_l_per_kwh");
            assert!(s.starts_with(&format!("region {region}, in us: ")), "{s}");
        }
        let de = of(r#"{"inference":{"region":"de"}}"#).inputs.inference;
        let frankfurt = of(r#"{"inference":{"region":"aws-eu-central-1"}}"#)
            .inputs
            .inference;
        assert_eq!(
            frankfurt.water_offsite_l_per_kwh,
            de.water_offsite_l_per_kwh
        );
    }

    #[test]
    fn a_region_without_a_figure_gets_the_world_value_and_says_so() {
        let r = of(r#"{"inference":{"region":"sg"}}"#);
        assert_eq!(r.inputs.inference.water_offsite_l_per_kwh, 3.908);
        let s = source(&r, "inference.water_offsite_l_per_kwh");
        assert!(s.starts_with("no figure for region sg: world value"), "{s}");
    }

    #[test]
    fn the_grid_names_its_region_row_and_the_basis() {
        let r = of(r#"{"inference":{"region":"aws-us-east-1"}}"#);
        let s = source(&r, "inference.grid_g_per_kwh");
        let row = Catalog::get().region("aws-us-east-1").unwrap();
        let basis = &Catalog::get().grids.basis;
        assert_eq!(
            s,
            format!(
                "{} (aws-us-east-1), {basis}: {}",
                row.name, row.g_per_kwh.source
            )
        );
        assert_eq!(r.inputs.inference.grid_g_per_kwh, row.g_per_kwh.value);
    }

    #[test]
    fn a_presets_market_factor_belongs_to_its_site() {
        // Llama 3.1's published market-based figure (0) is the preset's site's.
        let own = of(r#"{"model":{"preset":"llama-3.1-8b"}}"#);
        assert_eq!(own.inputs.training.market_g_per_kwh, Some(0.0));
        for moved in [
            r#"{"model":{"preset":"llama-3.1-8b"},"training":{"region":"fr"}}"#,
            r#"{"model":{"preset":"llama-3.1-8b"},"training":{"grid_g_per_kwh":100}}"#,
        ] {
            assert_eq!(of(moved).inputs.training.market_g_per_kwh, None, "{moved}");
        }
        // Fine-tuning and serving never take it; the reader's own factor is theirs.
        let r = of(
            r#"{"model":{"preset":"llama-3.1-8b"},"fine_tuning":{"method":"lora","market_g_per_kwh":50},"inference":{"market_g_per_kwh":20}}"#,
        );
        assert_eq!(r.inputs.fine_tuning.unwrap().market_g_per_kwh, Some(50.0));
        assert_eq!(r.inputs.inference.market_g_per_kwh, Some(20.0));
        assert_eq!(own.inputs.inference.market_g_per_kwh, None);
    }

    #[test]
    fn an_operator_gives_its_fleet_wue_unless_the_reader_gives_one() {
        let r = of(r#"{"training":{"operator":"aws"},"inference":{"operator":"microsoft"}}"#);
        assert_eq!(r.inputs.training.wue_l_per_kwh, 0.12);
        assert_eq!(r.inputs.inference.wue_l_per_kwh, 0.27);
        let r = of(r#"{"training":{"operator":"aws","wue_l_per_kwh":0.5}}"#);
        assert_eq!(r.inputs.training.wue_l_per_kwh, 0.5);
        let bad = Scenario::from_json(r#"{"training":{"operator":"acme"}}"#).unwrap();
        let e = resolve(&bad, Catalog::get()).unwrap_err();
        assert_eq!(e[0].path, "training.operator");
        assert!(
            e[0].message.contains("google, microsoft, aws"),
            "{}",
            e[0].message
        );
    }
}
