//! Levers: one-click "what ifs" on a scenario, each the scenario it would become and what it
//! would save.

use super::Scenario;
use crate::data::Catalog;

/// Lets the serving replica be derived when the reader's no longer holds the model (a larger
/// model, a device with less memory); whether it had to.
pub fn let_replica_fit(s: &mut Scenario) -> bool {
    if s.inference.accelerators.is_none() {
        return false;
    }
    match super::resolve::resolve(s, Catalog::get()) {
        Err(errors) if errors.iter().any(|e| e.path == "inference.accelerators") => {
            s.inference.accelerators = None;
            true
        }
        _ => false,
    }
}
