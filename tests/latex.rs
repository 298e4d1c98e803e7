//! The LaTeX carbon statements built with pdflatex, as a researcher would paste them into a
//! paper: they compile, and nothing runs into the margin. tools/setup.sh installs pdflatex
//! (Debian's texlive-latex-base and -recommended); without it the test fails in CI and is skipped,
//! with a note, elsewhere.

use llm_footprint::engine::{estimate, report, Scenario};
use std::process::Command;

/// The researcher's scenario of issue 15, and the same with fine-tuning and with serving.
const SCENARIOS: [(&str, &str); 3] = [
    (
        "training",
        r#"{"version":1,"name":"My 7B model","model":{"params":7e9},"training":{"tokens":1.2e12,"accelerator":"h100","accelerators":256,"accelerator_hours":86016,"region":"de"},"fine_tuning":{"method":"none"},"inference":{"queries_per_day":0}}"#,
    ),
    (
        "fine-tuning",
        r#"{"version":1,"name":"A & B_1 {50%}","model":{"preset":"llama-2-70b"},"fine_tuning":{"method":"lora"},"inference":{"queries_per_day":0}}"#,
    ),
    (
        "all",
        r#"{"version":1,"model":{"preset":"deepseek-v3"},"fine_tuning":{"method":"rl"},"inference":{"region":"aws-us-east-1"}}"#,
    ),
];

/// How far a line may run past the text width (TeX reports fractions of a point).
const MAX_OVERFULL_PT: f64 = 1.0;

fn have_pdflatex() -> bool {
    Command::new("pdflatex").arg("--version").output().is_ok()
}

#[test]
fn the_latex_statements_compile_and_fit_the_page() {
    if !have_pdflatex() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdflatex is missing: tools/setup.sh installs it"
        );
        eprintln!("note: pdflatex not found; the LaTeX statements were not built");
        return;
    }
    let dir = std::env::temp_dir().join(format!("llm-footprint-latex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, json) in SCENARIOS {
        let scenario = Scenario::from_json(json).unwrap();
        let e = estimate(&scenario).unwrap();
        let link = llm_footprint::engine::link::encode(&scenario);
        let body = report::statement_latex(&e, Some(&format!("https://example.org/?{link}")));
        let doc = format!(
            "\\documentclass{{article}}\n\\usepackage[T1]{{fontenc}}\n\\usepackage{{tabularx}}\n\\usepackage[a4paper,margin=2.5cm]{{geometry}}\n\\begin{{document}}\n{body}\n\\end{{document}}\n"
        );
        std::fs::write(dir.join(format!("{name}.tex")), doc).unwrap();
        let out = Command::new("pdflatex")
            .args(["-interaction=nonstopmode", "-halt-on-error"])
            .arg(format!("{name}.tex"))
            .current_dir(&dir)
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name}: pdflatex failed:\n{log}");
        for line in log.lines().filter(|l| l.starts_with("Overfull \\hbox")) {
            let pt: f64 = line
                .split('(')
                .nth(1)
                .and_then(|s| s.split("pt").next())
                .and_then(|s| s.parse().ok())
                .unwrap_or(f64::INFINITY);
            assert!(pt <= MAX_OVERFULL_PT, "{name}: {line}");
        }
        assert!(dir.join(format!("{name}.pdf")).exists());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
