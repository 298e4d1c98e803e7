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
        let (w, own) = self.cat.water_offsite(&region);
        let source = if own {
            format!("region {region}: {}", w.source)
        } else {
            format!("no figure for region {region}: world value, {}", w.source)
        };
        self.record(path, Value::Number(w.value), Origin::Catalog { source });
        w.value
    }
}
