#![allow(dead_code)]
pub mod presets;
pub mod reference;
pub mod runs;
pub mod validation;
