//! llm-footprint: what a large language model costs the planet.
//!
//! - [`engine`]: the pure estimation engine (scenario in, footprint out), no browser code.
//! - [`data`]: the sourced catalogs it reads, embedded at build time.
//! - [`charts`]: drawing functions generic over plotters' backends (canvas in the page, SVG in tests).
//! - [`web`]: the Leptos page (its components are wasm32 only; its pure helpers build everywhere).

pub mod charts;
pub mod data;
pub mod engine;
pub mod web;
