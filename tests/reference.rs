//! Estimates against every published case in tests/fixtures/published_footprints.json, each with
//! the tolerance written beside it in tests/common/reference.rs.

mod common;

#[test]
fn every_reference_case_is_within_its_tolerance() {
    let cases = common::reference::cases();
    assert!(
        cases.len() >= 15,
        "only {} cases built from the fixture",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter(|c| !c.passes())
        .map(|c| {
            format!(
                "{} {}: published {} estimated {} ({:+.1}%, allowed ±{:.0}%)",
                c.id,
                c.quantity,
                c.published,
                c.estimated,
                100.0 * c.error(),
                100.0 * c.tolerance
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_training_record_has_arithmetic_cases() {
    let cases = common::reference::cases();
    for id in [
        "t5_11b",
        "gpt3_175b",
        "bloom_176b",
        "llama1_65b",
        "llama2_70b",
    ] {
        let n = cases
            .iter()
            .filter(|c| c.id == id && c.tolerance <= 0.05)
            .count();
        assert!(n >= 2, "{id} has {n} arithmetic cases");
    }
}

#[test]
fn the_validation_table_is_current() {
    let fresh = common::validation::markdown(&common::reference::cases());
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/validation.md"))
            .unwrap_or_default();
    assert!(
        fresh == committed,
        "docs/validation.md is stale: run `cargo run --example validation > docs/validation.md`"
    );
}
