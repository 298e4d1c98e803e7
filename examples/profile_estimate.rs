//! One estimate of the bench scenario (benches/engine.rs), repeated: a steady target for
//! `valgrind --tool=callgrind`, whose instruction counts repeat where wall-clock time does not.
//! `cargo build --profile bench --example profile_estimate`, then
//! `valgrind --tool=callgrind target/release/examples/profile_estimate 201` (and `1`: the
//! difference over 200 is one estimate).

use llm_footprint::engine::{self, Options, Scenario};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let s = Scenario::from_json(
        r#"{ "model": { "preset": "llama-2-70b" }, "fine_tuning": { "method": "lora" },
             "inference": { "accelerator": "h100", "accelerators": 4, "batch": 64 } }"#,
    )
    .expect("bench scenario parses");
    let opts = Options {
        samples: 0,
        seed: 1,
    };
    let mut total = 0.0;
    for _ in 0..n {
        let e = engine::estimate_with(std::hint::black_box(&s), &opts).expect("resolves");
        total += e.breakdown.total_co2e.0;
    }
    println!("{n} estimates, total {total}");
}
