//! Writes docs/validation.md: `cargo run --example validation > docs/validation.md`.

#[path = "../tests/common/mod.rs"]
mod common;

fn main() {
    print!(
        "{}",
        common::validation::markdown(&common::reference::cases())
    );
}
