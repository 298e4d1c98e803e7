//! Prints the field table of docs/scenario.md (between its `fields:` markers):
//! `cargo run --example scenario_fields`.

#[path = "../tests/common/mod.rs"]
mod common;

fn main() {
    print!("{}", common::fields::table());
}
