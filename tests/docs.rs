//! Generated parts of the documentation are current.

mod common;

#[test]
fn the_field_table_of_docs_scenario_md_is_current() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario.md"))
        .expect("docs/scenario.md");
    let (_, rest) = doc.split_once(common::fields::BEGIN).expect("begin marker");
    let (table, _) = rest.split_once(common::fields::END).expect("end marker");
    assert!(
        table.trim() == common::fields::table().trim(),
        "docs/scenario.md's field table is stale: paste `cargo run --example scenario_fields` between its markers"
    );
}

#[test]
fn the_example_of_docs_scenario_md_is_a_valid_scenario() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario.md"))
        .expect("docs/scenario.md");
    let (_, rest) = doc.split_once("```json\n").expect("an example");
    let (json, _) = rest.split_once("```").expect("its end");
    let s = llm_footprint::engine::Scenario::from_json(json).expect("the example parses");
    llm_footprint::engine::estimate(&s).expect("and resolves");
}
