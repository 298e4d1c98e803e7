//! Prints the MFU model fitted on src/data/runs.json and each run's achieved and predicted MFU:
//! `cargo run --example mfu_fit`. Its coefficients belong in defaults.json `training_mfu` and
//! hardware.json `default_mfu` (tests/mfu_fit.rs checks they agree).

#[path = "../tests/common/mod.rs"]
mod common;

use common::runs::{fit, leave_one_out, runs, timed};

fn main() {
    let runs = runs();
    let f = fit(&timed(&runs)).expect("the runs determine the fit");
    for (c, b) in &f.classes {
        println!("baseline {c}: {b:.4}");
    }
    println!("size_exponent {:.4}", f.size_exponent);
    println!("moe_factor {:.4}", f.moe_factor);
    for (r, p) in leave_one_out(&runs) {
        let m = r.mfu.unwrap_or(f64::NAN);
        let p = p.unwrap_or(f64::NAN);
        println!(
            "{:28} {:6} active {:8.2e} MFU {:.3} predicted {:.3} hours error {:+.0}%",
            r.id,
            r.class,
            r.active,
            m,
            p,
            100.0 * (m / p - 1.0)
        );
    }
}
