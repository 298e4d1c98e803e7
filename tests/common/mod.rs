#![allow(dead_code)]
pub mod fields;
pub mod presets;
pub mod reference;
pub mod rl;
pub mod runs;
pub mod serving;
pub mod validation;
