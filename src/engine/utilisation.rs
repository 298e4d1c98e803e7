//! The MFU a training run can be expected to reach when nobody measured it: the accelerator's
//! baseline (`hardware.json` `default_mfu`, at the reference run) scaled by the run's size,
//! cluster and kind, with coefficients fitted on published runs (`defaults.json` `training_mfu`,
//! data and fit in `src/data/runs.json` and `tests/mfu_fit.rs`). Small models keep a large
//! accelerator busy less well, sparse (mixture-of-experts) layers add routing and all-to-all
//! traffic, and larger clusters spend more time communicating.

use super::architecture::ModelInputs;
use crate::data::{Accelerator, Catalog};

/// Expected MFU is kept within this range: the lowest and highest seen on published runs, widened.
const MFU_RANGE: (f64, f64) = (0.05, 0.75);

/// The expected MFU and how it was reached, in words.
pub fn expected_mfu(
    cat: &Catalog,
    acc: &Accelerator,
    model: &ModelInputs,
    devices: f64,
) -> (f64, String) {
    let f = &cat.defaults.training_mfu;
    let moe = model.experts > 0.0;
    let size = (model.active_params / f.reference_active_params.value).max(1e-6);
    let cluster = (devices / f.reference_devices.value).max(1e-6);
    let mut mfu = acc.default_mfu.value
        * size.powf(f.size_exponent.value)
        * cluster.powf(f.cluster_exponent.value);
    if moe {
        mfu *= f.moe_factor.value;
    }
    let mfu = mfu.clamp(MFU_RANGE.0, MFU_RANGE.1);
    let how = format!(
        "MFU model fitted on published runs: {} baseline {:.3} × (active parameters / {:.0e})^{} × (devices / {})^{}{}",
        acc.name,
        acc.default_mfu.value,
        f.reference_active_params.value,
        f.size_exponent.value,
        f.reference_devices.value,
        f.cluster_exponent.value,
        if moe {
            format!(" × {} (mixture-of-experts)", f.moe_factor.value)
        } else {
            String::new()
        }
    );
    (mfu, how)
}
