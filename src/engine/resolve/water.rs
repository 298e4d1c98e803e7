//! Off-site water: the water consumed generating a site's electricity, per kWh of facility
//! energy. The reader's figure, else the preset's (while the site is the preset's), else the
//! region's (`water.json`, the world value for a region without one), else the site it inherits.
//! The region itself is resolved, checked and recorded by the grid (`Ctx::grid`).

use super::{Ctx, Origin, Value};

impl Ctx<'_> {
    /// `section`'s off-site water factor. `inherit` is the fallback site's (value, origin) when
    /// neither the reader nor the preset names a region.
    pub(super) fn water_offsite(
        &mut self,
        section: &'static str,
        from_preset: bool,
        inherit: Option<(f64, Origin)>,
    ) -> f64 {
        let (path, region_path) = match section {
            "training" => ("training.water_offsite_l_per_kwh", "training.region"),
            "fine_tuning" => ("fine_tuning.water_offsite_l_per_kwh", "fine_tuning.region"),
            _ => ("inference.water_offsite_l_per_kwh", "inference.region"),
        };
        let user_region = self.user.text(region_path);
        // A preset's own factor belongs to the preset's site, as its grid intensity does.
        if let Some(v) = self.number(path, from_preset && user_region.is_none()) {
            return v;
        }
        let region = user_region
            .or_else(|| from_preset.then(|| self.base.text(region_path)).flatten())
            .map(str::to_string);
        let region = match (region, inherit) {
            (Some(r), _) => r,
            (None, Some((v, origin))) => {
                self.record(path, Value::Number(v), origin);
                return v;
            }
            (None, None) => super::fallback::REGION.to_string(),
        };
        let (w, row) = self.cat.water_offsite(&region);
        let source = match row {
            Some(row) if row == region => format!("region {region}: {}", w.source),
            Some(row) => format!("region {region}, in {row}: {}", w.source),
            None => format!("no figure for region {region}: world value, {}", w.source),
        };
        self.record(path, Value::Number(w.value), Origin::Catalog { source });
        w.value
    }
}

#[cfg(test)]
mod tests {
    use crate::data::Catalog;
    use crate::engine::resolve::{resolve, Origin, Resolved};
    use crate::engine::Scenario;

    fn of(json: &str) -> Resolved {
        resolve(&Scenario::from_json(json).unwrap(), Catalog::get()).unwrap()
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
            let a = r.assumption("inference.water_offsite_l_per_kwh").unwrap();
            assert!(
                matches!(&a.origin, Origin::Catalog { source } if source.contains("in us")),
                "{region}: {:?}",
                a.origin
            );
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
        let a = r.assumption("inference.water_offsite_l_per_kwh").unwrap();
        let Origin::Catalog { source } = &a.origin else {
            panic!("{a:?}")
        };
        assert!(
            source.starts_with("no figure for region sg: world value"),
            "{source}"
        );
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
