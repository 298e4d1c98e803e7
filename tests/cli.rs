//! The command as a person uses it: files, standard input, tables, presets, and bad input.

use std::io::Write;
use std::process::{Command, Stdio};

fn cli(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_llm-footprint"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(text) = stdin {
        // A command that refuses its arguments exits without reading: a broken pipe is fine.
        let written = child.stdin.take().unwrap().write_all(text.as_bytes());
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn estimate_from_stdin_prints_the_results_document() {
    let (code, out, err) = cli(
        &["estimate", "-"],
        Some(r#"{"version":1,"model":{"preset":"llama-2-70b"}}"#),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    assert_eq!(v["version"], 1);
    for key in [
        "training",
        "fine_tuning",
        "inference",
        "total",
        "breakeven_days",
        "ranges",
    ] {
        assert!(v.get(key).is_some(), "results lack {key}");
    }
    assert!(v["total"]["co2e_kg"].as_f64().unwrap() > 0.0);
    assert!(
        v["ranges"]["total_co2e_kg"]["p95"].as_f64().unwrap()
            >= v["ranges"]["total_co2e_kg"]["p5"].as_f64().unwrap()
    );
}

#[test]
fn estimate_from_a_file_as_a_table() {
    let path = std::env::temp_dir().join(format!("llm-footprint-cli-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"{"model":{"preset":"gpt-3-175b"},"inference":{"batch":8}}"#,
    )
    .unwrap();
    let (code, out, err) = cli(&["estimate", path.to_str().unwrap(), "--table"], None);
    std::fs::remove_file(&path).ok();
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("PRE-TRAINING") && out.contains("TOTAL") && out.contains("p5"),
        "{out}"
    );
}

#[test]
fn bad_input_exits_non_zero_with_one_line_naming_the_field() {
    for (input, field) in [
        (
            r#"{"training":{"mfu":3}}"#,
            "training.mfu must be in [0.001, 1], got 3",
        ),
        (
            r#"{"inference":{"accelerator":"abacus"}}"#,
            "inference.accelerator",
        ),
        (r#"{"training":{"tokens":-5}}"#, "training.tokens"),
        (r#"{"model":{"wings":2}}"#, "model.wings"),
        (
            r#"{"training":"#,
            "EOF while parsing a value at line 1 column 12",
        ),
    ] {
        let (code, out, err) = cli(&["estimate", "-"], Some(input));
        assert_eq!(code, 2, "{input}");
        assert!(out.is_empty(), "{input}: stdout {out}");
        assert_eq!(err.trim_end().lines().count(), 1, "{input}: {err}");
        assert!(err.contains(field), "{input}: {err}");
    }
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let (code, _, err) = cli(&["estimate", "/nonexistent/scenario.json"], None);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("llm-footprint: /nonexistent/scenario.json"),
        "{err}"
    );
}

#[test]
fn presets_are_listed() {
    let (code, out, _) = cli(&["presets"], None);
    assert_eq!(code, 0);
    assert!(out.contains("llama-2-70b") && out.contains("gpt-3-175b"));
    let (code, out, _) = cli(&["presets", "--json"], None);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v.as_array().unwrap().len() >= 15);
}

#[test]
fn exports_csv_and_carbon_statements() {
    let input = r#"{"model":{"preset":"llama-2-70b"}}"#;
    let (code, out, err) = cli(&["estimate", "-", "--format", "csv"], Some(input));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("phase,quantity,unit,value\n") && out.contains("total,co2e,kg,"));
    let (code, out, _) = cli(&["estimate", "-", "--format", "markdown"], Some(input));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("## Carbon statement: Llama 2 70B")
            && out.contains("?v=1&preset=llama-2-70b"),
        "{out}"
    );
    let (code, out, _) = cli(&["estimate", "-", "--format", "latex"], Some(input));
    assert_eq!(code, 0);
    assert!(out.contains("\\paragraph{Carbon statement: Llama 2 70B}"));
    let (code, _, err) = cli(&["estimate", "-", "--format", "pdf"], Some(input));
    assert_eq!(code, 2);
    assert!(err.contains("--format must be one of"));
}

#[test]
fn a_share_link_estimates_like_its_scenario_file() {
    let (_, from_file, _) = cli(
        &["estimate", "-"],
        Some(r#"{"model":{"preset":"gpt-3-175b"},"inference":{"batch":8}}"#),
    );
    let (code, from_link, err) = cli(
        &[
            "estimate",
            "--url",
            "https://example.org/calc/?v=1&preset=gpt-3-175b&inference.batch=8#results",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(from_file, from_link);
    let (code, link, _) = cli(
        &["link", "-"],
        Some(r#"{"model":{"preset":"gpt-3-175b"},"inference":{"batch":8}}"#),
    );
    assert_eq!(code, 0);
    assert_eq!(link.trim(), "?v=1&preset=gpt-3-175b&inference.batch=8");
}

#[test]
fn compare_two_scenarios_as_json_and_as_a_table() {
    let dir = std::env::temp_dir();
    let a = dir.join(format!("llm-footprint-cmp-a-{}.json", std::process::id()));
    let b = dir.join(format!("llm-footprint-cmp-b-{}.json", std::process::id()));
    std::fs::write(
        &a,
        r#"{"model":{"preset":"llama-2-7b"},"inference":{"batch":64}}"#,
    )
    .unwrap();
    std::fs::write(
        &b,
        r#"{"model":{"preset":"llama-2-7b"},"inference":{"batch":4}}"#,
    )
    .unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let (code, out, err) = cli(&["compare", a, b], None);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    let (ta, tb) = (
        v["a"]["total"]["co2e_kg"].as_f64().unwrap(),
        v["b"]["total"]["co2e_kg"].as_f64().unwrap(),
    );
    assert_eq!(v["comparison"]["co2e_kg"]["ratio"].as_f64(), Some(tb / ta));
    assert!(v["comparison"]["ranges_overlap"].is_boolean());
    let (code, table, err) = cli(&["compare", a, b, "--table"], None);
    assert_eq!(code, 0, "{err}");
    assert!(
        table.contains("B/A") && table.contains("×") && table.contains("90% range"),
        "{table}"
    );
    // A share link is read as one side.
    let (code, out, err) = cli(
        &["compare", a, "?v=1&preset=llama-2-7b&inference.batch=4"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let w: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(w["b"]["total"]["co2e_kg"], v["b"]["total"]["co2e_kg"]);
    std::fs::remove_file(a).ok();
    std::fs::remove_file(b).ok();
    // One side missing: status 2, one line.
    let (code, _, err) = cli(&["compare", "x.json"], None);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn an_rl_post_training_of_deepseek_v3_reads_beside_r1_zeros_published_hours() {
    let rl = r#"{"version":1,"model":{"preset":"deepseek-v3"},"fine_tuning":{"method":"rl"}}"#;
    let (code, table, err) = cli(&["estimate", "-", "--table"], Some(rl));
    assert_eq!(code, 0, "{err}");
    assert!(table.contains("rollouts: device-hours / energy"), "{table}");
    assert!(table.contains("updates: device-hours / energy"), "{table}");
    let (_, out, _) = cli(&["estimate", "-"], Some(rl));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // DeepSeek-R1-Zero's RL stage took about 101K H800 GPU-hours (Nature 2025, Supplementary).
    let hours = v["fine_tuning"]["accelerator_hours"].as_f64().unwrap();
    assert!(
        hours > 101_376.0 / 1.5 && hours < 101_376.0 * 1.5,
        "{hours}"
    );
    let split = &v["fine_tuning"]["rl"];
    let sum = split["rollout_energy_kwh"].as_f64().unwrap()
        + split["update_energy_kwh"].as_f64().unwrap();
    let total = v["fine_tuning"]["energy_kwh"].as_f64().unwrap();
    assert!((sum / total - 1.0).abs() < 1e-9);
}

#[test]
fn levers_give_the_pages_numbers_ranked_as_on_the_page() {
    use llm_footprint::engine::levers::{levers, Config};
    use llm_footprint::engine::{estimate, Scenario};
    let json = r#"{"version":1,"model":{"preset":"llama-2-70b"},"inference":{"batch":16}}"#;
    let (code, out, err) = cli(
        &[
            "levers",
            "-",
            "--json",
            "--region",
            "fr",
            "--renewable-share",
            "0.5",
        ],
        Some(json),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    let got = v["levers"].as_array().unwrap();
    // The page's levers: the same engine call on the same scenario and choices.
    let s = Scenario::from_json(json).unwrap();
    let config = Config {
        renewable_share: 0.5,
        region: Some("fr".into()),
    };
    let want = levers(&s, &estimate(&s).unwrap(), &config);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g["id"], w.id);
        match &w.effect {
            Ok(e) => {
                // serde_json reads a float back to within an ulp, not always to the same bits.
                let same = |v: &serde_json::Value, want: f64| {
                    v.as_f64()
                        .is_some_and(|x| (x - want).abs() <= 1e-12 * want.abs().max(1.0))
                };
                assert!(
                    same(&g["saving_kg"], e.saving_kg),
                    "{}: {}",
                    w.id,
                    g["saving_kg"]
                );
                assert!(
                    same(&g["b_co2e_kg"], e.b_co2e_kg),
                    "{}: {}",
                    w.id,
                    g["b_co2e_kg"]
                );
                let b: Scenario = serde_json::from_value(g["b"].clone()).unwrap();
                assert_eq!(b, e.b, "{}: B is the lever's scenario", w.id);
            }
            Err(_) => assert_eq!(g["applies"], false, "{}", w.id),
        }
    }
    let choice = got.iter().find(|l| l["id"] == "region-choice").unwrap();
    assert_eq!(choice["detail"]["id"], "fr");
    let market = got.iter().find(|l| l["id"] == "market-renewable").unwrap();
    assert_eq!(
        market["saving_kg"].as_f64(),
        Some(0.0),
        "location-based does not fall"
    );
    assert_eq!(market["detail"]["share"].as_f64(), Some(0.5));
}

#[test]
fn levers_as_a_table_say_what_the_page_says() {
    use llm_footprint::engine::levers::{levers, Config};
    use llm_footprint::engine::{estimate, Scenario};
    use llm_footprint::web::{i18n::Lang, lever_text};
    let json = r#"{"version":1,"model":{"preset":"llama-2-70b"}}"#;
    let (code, out, err) = cli(&["levers", "-", "--table"], Some(json));
    assert_eq!(code, 0, "{err}");
    let s = Scenario::from_json(json).unwrap();
    let all = levers(&s, &estimate(&s).unwrap(), &Config::default());
    let first = lever_text::shown(&all[0], Lang::En);
    assert!(
        out.starts_with(&format!(" 1. {:<18} {}", first.id, first.title)),
        "{out}"
    );
    for l in &all {
        let x = lever_text::shown(l, Lang::En);
        assert!(out.contains(&x.saving), "{}: {}", x.id, x.saving);
    }
    assert!(out.contains("Does not apply"), "{out}");
}

#[test]
fn levers_refuse_a_share_out_of_range_and_an_unknown_region() {
    let json = r#"{"version":1,"model":{"preset":"llama-2-70b"}}"#;
    for args in [
        &["levers", "-", "--renewable-share", "1.5"][..],
        &["levers", "-", "--region", "atlantis"][..],
        &["levers", "-", "--format", "csv"][..],
    ] {
        let (code, out, err) = cli(args, Some(json));
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(err.starts_with("llm-footprint: "), "{err}");
    }
}

/// `llm-footprint ... | head -1`: the reader closes the pipe after one line. The command used to
/// panic in `println!` (exit 101, "failed printing to stdout" on standard error); it ends quietly.
#[test]
fn a_reader_who_stops_reading_ends_the_command_quietly() {
    for args in [
        &[
            "estimate",
            "--url",
            "?v=1&preset=llama-2-70b",
            "--format",
            "markdown",
        ][..],
        &["presets"][..],
        &["levers", "?v=1&preset=llama-2-70b", "--table"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_llm-footprint"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        // Nobody reads: the command's first write finds the pipe closed.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
