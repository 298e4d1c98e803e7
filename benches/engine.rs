//! Engine speed: one evaluation (resolve + physics, no Monte Carlo), the physics alone, and the
//! Monte Carlo at 10,000 samples. Targets (natively): one evaluation under 20 µs, 10,000 samples
//! under 20 ms. Run with `cargo bench --bench engine`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use llm_footprint::engine::{self, model, resolve, uncertainty, Options, Scenario};

fn scenario() -> Scenario {
    Scenario::from_json(
        r#"{ "model": { "preset": "llama-2-70b" }, "fine_tuning": { "method": "lora" },
             "inference": { "accelerator": "h100", "accelerators": 4, "batch": 64 } }"#,
    )
    .expect("bench scenario parses")
}

fn bench(c: &mut Criterion) {
    let s = scenario();
    let cat = llm_footprint::data::Catalog::get();
    let resolved = resolve::resolve(&s, cat).expect("bench scenario resolves");
    c.bench_function("estimate (resolve + evaluate, no Monte Carlo)", |b| {
        b.iter(|| {
            engine::estimate_with(
                black_box(&s),
                &Options {
                    samples: 0,
                    seed: 1,
                },
            )
        })
    });
    c.bench_function("evaluate (physics only)", |b| {
        b.iter(|| model::evaluate(black_box(&resolved.inputs)))
    });
    c.bench_function("monte carlo, 10,000 samples", |b| {
        b.iter(|| {
            uncertainty::monte_carlo(black_box(&resolved.inputs), Default::default(), 10_000, 7)
        })
    });
    c.bench_function("estimate with the page's 2,000 samples", |b| {
        b.iter(|| engine::estimate(black_box(&s)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
