//! Prints docs/validation.md: `cargo run --example validation > docs/validation.md`.

#[path = "../tests/common/reference.rs"]
mod reference;
#[path = "../tests/common/validation.rs"]
mod validation;

fn main() {
    print!("{}", validation::markdown(&reference::cases()));
}
