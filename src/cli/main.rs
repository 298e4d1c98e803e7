//! `llm-footprint`: the engine on the command line. Reads scenario-v1 JSON (a file or `-` for
//! standard input), prints the results document as JSON, or a table for people with `--table`.
//! Bad input: exit status 2 and one line on standard error naming the field.

use llm_footprint::data::Catalog;
use llm_footprint::engine::{self, Estimate, Options, Scenario};
use std::io::Read;
use std::process::ExitCode;

/// `println!` into the command's output.
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

/// `print!` into the command's output.
macro_rules! out {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = write!($out, $($arg)*);
    }};
}

const USAGE: &str = "\
usage:
  llm-footprint estimate FILE|- [--format json|table|csv|markdown|latex] [--samples N] [--seed N]
  llm-footprint estimate --url LINK [--format ...]
  llm-footprint compare A B [--format json|table] [--samples N] [--seed N]
  llm-footprint levers FILE|- [--table|--json] [--renewable-share S] [--region ID]
  llm-footprint link FILE|-
  llm-footprint presets [--json]
  llm-footprint --help | --version

estimate   read a scenario (docs/scenario.md) and print the results document as JSON,
           a table for people (--format table, or --table), CSV, or a carbon statement in
           Markdown or LaTeX. FILE - reads standard input.
           --url reads a share link of the web page instead (its notices go to stderr).
compare    two scenario files (or share links: an argument with `?` or `v=` is read as
           one) side by side: each headline number of A and B, B − A and B/A, and whether
           the 90% ranges of the total CO2e overlap; JSON (`a`, `b`: results documents,
           `comparison`), or a table (--format table, or --table).
levers     the page's levers for a scenario (a file, - or a share link): each change, what it
           saves (kg CO2e, share of the total) and its changed scenario, ranked as on the page;
           JSON (`levers`), or a table (--format table, or --table). --renewable-share (0 to 1)
           sets the market-based lever's share, --region the region-of-choice lever's region.
link       print the share-link query for a scenario file.
presets    list the model presets (id, name, parameters, tokens, published footprint).";

#[derive(Clone, Copy)]
enum Format {
    Json,
    Table,
    Csv,
    Markdown,
    Latex,
}

enum Input {
    File(String),
    Url(String),
}

enum Command {
    Estimate {
        input: Input,
        format: Format,
        opts: Options,
    },
    Compare {
        a: String,
        b: String,
        table: bool,
        opts: Options,
    },
    Levers {
        input: String,
        table: bool,
        config: engine::levers::Config,
    },
    Link {
        input: String,
    },
    Presets {
        json: bool,
    },
    Help,
    Version,
}

fn parse_args() -> Result<Command, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut command: Option<String> = None;
    let mut input: Option<String> = None;
    let mut second: Option<String> = None;
    let mut url: Option<String> = None;
    let mut format = Format::Json;
    let mut json = false;
    let mut opts = Options::default();
    let mut config = engine::levers::Config::default();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            Long("table") => format = Format::Table,
            Long("format") => {
                format = match parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .string()
                    .map_err(|e| format!("--format: {e}"))?
                    .as_str()
                {
                    "json" => Format::Json,
                    "table" => Format::Table,
                    "csv" => Format::Csv,
                    "markdown" | "md" => Format::Markdown,
                    "latex" | "tex" => Format::Latex,
                    other => {
                        return Err(format!(
                        "--format must be one of json, table, csv, markdown, latex; got `{other}`"
                    ))
                    }
                }
            }
            Long("url") => {
                url = Some(
                    parser
                        .value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| format!("--url: {e}"))?,
                )
            }
            Long("json") => json = true,
            Long("renewable-share") => {
                let v: f64 = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .parse()
                    .map_err(|e| format!("--renewable-share: {e}"))?;
                if !(0.0..=1.0).contains(&v) {
                    return Err("--renewable-share must be in [0, 1]".into());
                }
                config.renewable_share = v;
            }
            Long("region") => {
                let v = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .string()
                    .map_err(|e| format!("--region: {e}"))?;
                if Catalog::get().region(&v).is_none() {
                    return Err(format!("--region: unknown region `{v}`"));
                }
                config.region = Some(v);
            }
            Long("samples") => {
                let v: usize = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .parse()
                    .map_err(|e| format!("--samples: {e}"))?;
                if v > 1_000_000 {
                    return Err("--samples must be in [0, 1000000]".into());
                }
                opts.samples = v;
            }
            Long("seed") => {
                opts.seed = parser
                    .value()
                    .map_err(|e| e.to_string())?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?;
            }
            Value(v) if command.is_none() => command = Some(v.string().map_err(|e| e.to_string())?),
            Value(v) if input.is_none() => input = Some(v.string().map_err(|e| e.to_string())?),
            Value(v) if second.is_none() && command.as_deref() == Some("compare") => {
                second = Some(v.string().map_err(|e| e.to_string())?)
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    match command.as_deref() {
        Some("estimate") => {
            let input = match (url, input) {
                (Some(u), None) => Input::Url(u),
                (None, Some(f)) => Input::File(f),
                (Some(_), Some(_)) => return Err("estimate takes a FILE or --url, not both".into()),
                (None, None) => {
                    return Err(
                        "estimate needs a FILE (or - for standard input) or --url LINK".into(),
                    )
                }
            };
            Ok(Command::Estimate {
                input,
                format,
                opts,
            })
        }
        Some("compare") => {
            let table = match format {
                Format::Json => false,
                Format::Table => true,
                _ => return Err("compare prints json or a table (--format json|table)".into()),
            };
            match (input, second) {
                (Some(a), Some(b)) => Ok(Command::Compare { a, b, table, opts }),
                _ => Err("compare needs two scenarios: A and B (files, - or share links)".into()),
            }
        }
        Some("levers") => {
            let table = match format {
                Format::Json => false,
                Format::Table => true,
                _ => return Err("levers prints json or a table (--format json|table)".into()),
            };
            let input = input.ok_or("levers needs a scenario (a FILE, - or a share link)")?;
            Ok(Command::Levers {
                input,
                table,
                config,
            })
        }
        Some("link") => Ok(Command::Link {
            input: input.ok_or("link needs a FILE (or - for standard input)")?,
        }),
        Some("presets") => Ok(Command::Presets { json }),
        Some(other) => Err(format!("unknown command `{other}`; try --help")),
        None => Ok(Command::Help),
    }
}

fn read_input(input: &str) -> Result<String, String> {
    if input == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("standard input: {e}"))?;
        Ok(s)
    } else {
        std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))
    }
}

/// Runs the command; what it prints on standard output is returned, written by [`main`].
fn run() -> Result<String, String> {
    let mut out = String::new();
    match parse_args()? {
        Command::Help => out = format!("{USAGE}\n"),
        Command::Version => {
            out = format!(
                "llm-footprint {} (data: {})\n",
                env!("CARGO_PKG_VERSION"),
                Catalog::get().data_version()
            )
        }
        Command::Presets { json } => out = presets_text(json),
        Command::Compare { a, b, table, opts } => {
            let (ea, eb) = (estimate_arg(&a, &opts)?, estimate_arg(&b, &opts)?);
            let c = engine::compare::compare(&ea.results, &eb.results);
            if table {
                out!(out, "{}", compare_table(&c));
            } else {
                let doc = serde_json::json!({ "a": ea.results, "b": eb.results, "comparison": c });
                outln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&doc).unwrap_or_default()
                );
            }
        }
        Command::Levers {
            input,
            table,
            config,
        } => {
            let (s, e) = scenario_arg(&input, &Options::default())?;
            let all = engine::levers::levers(&s, &e, &config);
            if table {
                out!(out, "{}", levers_table(&all));
            } else {
                let doc =
                    serde_json::json!({ "levers": all.iter().map(lever_json).collect::<Vec<_>>() });
                outln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&doc).unwrap_or_default()
                );
            }
        }
        Command::Link { input } => {
            let scenario = Scenario::from_json(&read_input(&input)?).map_err(|e| e.message)?;
            outln!(out, "?{}", engine::link::encode(&scenario));
        }
        Command::Estimate {
            input,
            format,
            opts,
        } => {
            let mut link = None;
            let scenario = match input {
                Input::File(f) => Scenario::from_json(&read_input(&f)?).map_err(|e| e.message)?,
                Input::Url(u) => {
                    link = Some(u.clone());
                    let d = engine::link::decode(&u);
                    for n in &d.notices {
                        eprintln!("note: link: {}", n.message);
                    }
                    d.scenario
                }
            };
            let est = estimate(&scenario, &opts)?;
            for n in &est.results.notices {
                eprintln!("note: {}", n.message);
            }
            let link = link.unwrap_or_else(|| format!("?{}", engine::link::encode(&scenario)));
            match format {
                Format::Json => outln!(out, "{}", est.document().to_json_pretty()),
                Format::Table => out!(out, "{}", table_text(&est)),
                Format::Csv => out!(out, "{}", engine::report::csv(&est)),
                Format::Markdown => {
                    out!(
                        out,
                        "{}",
                        engine::report::statement_markdown(&est, Some(&link))
                    )
                }
                Format::Latex => out!(
                    out,
                    "{}",
                    engine::report::statement_latex(&est, Some(&link))
                ),
            }
        }
    }
    Ok(out)
}

/// The estimate, or one line: the first problem, and how many more there are.
fn estimate(scenario: &Scenario, opts: &Options) -> Result<Estimate, String> {
    engine::estimate_with(scenario, opts).map_err(|errs| {
        let more = if errs.len() > 1 {
            format!(" (and {} more)", errs.len() - 1)
        } else {
            String::new()
        };
        format!(
            "{}{more}",
            errs.first()
                .map(|e| e.message.as_str())
                .unwrap_or("invalid scenario")
        )
    })
}

/// One side of `compare`: a scenario file (`-`: standard input) or a share link.
fn estimate_arg(arg: &str, opts: &Options) -> Result<Estimate, String> {
    scenario_arg(arg, opts).map(|(_, e)| e)
}

/// A scenario file (`-`: standard input) or a share link, with its estimate.
fn scenario_arg(arg: &str, opts: &Options) -> Result<(Scenario, Estimate), String> {
    let is_link = arg != "-" && (arg.contains('?') || arg.starts_with("v="));
    let scenario = if is_link {
        let d = engine::link::decode(arg);
        for n in &d.notices {
            eprintln!("note: link: {}", n.message);
        }
        d.scenario
    } else {
        Scenario::from_json(&read_input(arg)?).map_err(|e| format!("{arg}: {}", e.message))?
    };
    let e = estimate(&scenario, opts).map_err(|e| format!("{arg}: {e}"))?;
    Ok((scenario, e))
}

/// A lever in the JSON of `levers`: what it saves and its scenarios, or why it does not apply.
fn lever_json(l: &engine::levers::Lever) -> serde_json::Value {
    match &l.effect {
        Ok(e) => serde_json::json!({
            "id": l.id,
            "applies": true,
            "saving_kg": e.saving_kg,
            "saving_share": e.saving_share,
            "a_co2e_kg": e.a_co2e_kg,
            "b_co2e_kg": e.b_co2e_kg,
            "detail": e.detail,
            "a": e.a,
            "b": e.b,
        }),
        Err(why) => serde_json::json!({ "id": l.id, "applies": false, "why": why }),
    }
}

/// The levers as the page words them (English), one a line, ranked.
fn levers_table(all: &[engine::levers::Lever]) -> String {
    use llm_footprint::web::{i18n::Lang, lever_text};
    let mut out = String::new();
    for (rank, l) in all.iter().enumerate() {
        let x = lever_text::shown(l, Lang::En);
        let n = if x.applies {
            format!("{:>2}.", rank + 1)
        } else {
            " - ".into()
        };
        out.push_str(&format!("{n} {:<18} {}\n    {}\n", x.id, x.title, x.saving));
        if !x.what.is_empty() {
            out.push_str(&format!("    {}\n", x.what));
        }
    }
    out
}

/// A and B in columns, with B − A and B/A.
fn compare_table(c: &engine::compare::Comparison) -> String {
    use engine::compare::{fmt_ratio, Delta};
    use engine::report::{mwh, sig3, tonnes};
    let mut out = format!(
        "  {:<24} {:>14} {:>14} {:>14} {:>8}\n",
        "", "A", "B", "B − A", "B/A"
    );
    let mut row = |label: &str, d: &Delta, f: &dyn Fn(f64) -> String| {
        let ratio = d.ratio.map(fmt_ratio).unwrap_or_else(|| "-".into());
        let sign = if d.difference > 0.0 { "+" } else { "" };
        out.push_str(&format!(
            "  {label:<24} {:>14} {:>14} {:>14} {ratio:>8}\n",
            f(d.a),
            f(d.b),
            format!("{sign}{}", f(d.difference))
        ));
    };
    row("CO2e", &c.co2e_kg, &|v| tonnes(v));
    row("energy (facility)", &c.energy_kwh, &|v| mwh(v));
    row("water (on+off-site)", &c.water_l, &|v| {
        format!("{} L", sig3(v))
    });
    row("per query: energy", &c.energy_per_query_wh, &|v| {
        format!("{} Wh", sig3(v))
    });
    row("per query: CO2e", &c.co2e_per_query_g, &|v| {
        format!("{} g", sig3(v))
    });
    let range = |r: &engine::compare::Range| format!("{} – {}", tonnes(r.p5), tonnes(r.p95));
    out.push_str(&format!(
        "  {:<24} {:>14} {:>14}\n",
        "CO2e 90% range",
        range(&c.co2e_range_a_kg),
        range(&c.co2e_range_b_kg)
    ));
    let days = |d: Option<f64>| {
        d.map(|d| format!("day {}", d.ceil()))
            .unwrap_or_else(|| "beyond".into())
    };
    out.push_str(&format!(
        "  {:<24} {:>14} {:>14}\n",
        "break-even",
        days(c.breakeven_days_a),
        days(c.breakeven_days_b)
    ));
    out.push_str(if c.ranges_overlap {
        "  The 90% ranges of the total CO2e overlap: the difference is within the uncertainty of both.\n"
    } else {
        "  The 90% ranges of the total CO2e do not overlap.\n"
    });
    out
}

fn main() -> ExitCode {
    match run() {
        Ok(out) => write_out(&out),
        Err(msg) => {
            eprintln!("llm-footprint: {}", msg.lines().next().unwrap_or(""));
            ExitCode::from(2)
        }
    }
}

/// Writes the command's output. A reader that stops reading (`| head -1`) closes the pipe: that
/// is their choice, not an error, so the command ends quietly (as `println!` would not: it
/// panics).
fn write_out(text: &str) -> ExitCode {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("llm-footprint: standard output: {e}");
            ExitCode::from(1)
        }
    }
}

fn presets_text(json: bool) -> String {
    let mut out = String::new();
    let cat = Catalog::get();
    if json {
        let list: Vec<_> = cat
            .presets
            .presets
            .iter()
            .map(|p| serde_json::json!({ "id": p.id, "name": p.name, "org": p.org, "year": p.year, "scenario": *p.scenario() }))
            .collect();
        outln!(
            out,
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return out;
    }
    outln!(
        out,
        "{:<18} {:<22} {:>10} {:>10}  published training footprint",
        "id",
        "name",
        "params",
        "tokens"
    );
    for p in cat.presets.presets.iter() {
        let s = p.scenario();
        let reported = p
            .reported
            .as_ref()
            .map(|r| {
                let mut parts = Vec::new();
                if let Some(h) = r.accelerator_hours {
                    parts.push(format!("{} device-h", si(h)));
                }
                if let Some(e) = r.energy_mwh {
                    parts.push(format!("{e} MWh"));
                }
                if let Some(c) = r.co2e_t {
                    parts.push(format!("{c} tCO2e"));
                }
                parts.join(", ")
            })
            .unwrap_or_else(|| "-".into());
        outln!(
            out,
            "{:<18} {:<22} {:>10} {:>10}  {reported}",
            p.id,
            p.name,
            s.model.params.map(si).unwrap_or_default(),
            s.training.tokens.map(si).unwrap_or_default()
        );
    }
    out
}

/// 1.2k, 3.4M, 7B, 2T style.
fn si(v: f64) -> String {
    if v.abs() >= 1e18 {
        return format!("{v:.2e}");
    }
    let (d, s) = match v.abs() {
        x if x >= 1e15 => (1e15, "P"),
        x if x >= 1e12 => (1e12, "T"),
        x if x >= 1e9 => (1e9, "B"),
        x if x >= 1e6 => (1e6, "M"),
        x if x >= 1e3 => (1e3, "k"),
        _ => (1.0, ""),
    };
    let x = v / d;
    let digits = if x.abs() >= 100.0 {
        0
    } else if x.abs() >= 10.0 {
        1
    } else {
        2
    };
    format!("{x:.digits$}{s}")
}

fn table_text(est: &Estimate) -> String {
    use engine::report::{mwh as kwh, sig3, tonnes as kg};
    let r = &est.results;
    let mut out = String::new();
    let mut row = |label: &str, value: String| out.push_str(&format!("  {label:<38} {value}\n"));
    let (t, f, i, tot) = (&r.training, &r.fine_tuning, &r.inference, &r.total);
    row("PRE-TRAINING", String::new());
    row("compute", format!("{} FLOPs", si(t.flops)));
    row(
        "device-hours / wall clock",
        format!(
            "{} h / {:.1} days",
            si(t.accelerator_hours),
            t.wall_clock_days
        ),
    );
    row("energy (facility)", kwh(t.energy_kwh));
    row(
        "CO2e operational / embodied",
        format!("{} / {}", kg(t.co2e_kg), kg(t.embodied_co2e_kg)),
    );
    row(
        "water on-site / off-site",
        format!("{} L / {} L", si(t.water_onsite_l), si(t.water_offsite_l)),
    );
    if f.flops > 0.0 {
        row("FINE-TUNING", String::new());
        row("compute", format!("{} FLOPs", si(f.flops)));
        row("device-hours", format!("{} h", si(f.accelerator_hours)));
        row("energy (facility)", kwh(f.energy_kwh));
        if let Some(rl) = &f.rl {
            row(
                "  rollouts: device-hours / energy",
                format!(
                    "{} h / {} ({} sequences, {} tokens generated)",
                    si(rl.rollout_accelerator_hours),
                    kwh(rl.rollout_energy_kwh),
                    si(rl.rollout_sequences),
                    si(rl.rollout_generated_tokens)
                ),
            );
            row(
                "  updates: device-hours / energy",
                format!(
                    "{} h / {}",
                    si(rl.update_accelerator_hours),
                    kwh(rl.update_energy_kwh)
                ),
            );
        }
        row(
            "CO2e operational / embodied",
            format!("{} / {}", kg(f.co2e_kg), kg(f.embodied_co2e_kg)),
        );
        row(
            "water on-site / off-site",
            format!("{} L / {} L", si(f.water_onsite_l), si(f.water_offsite_l)),
        );
    }
    row("INFERENCE", String::new());
    row(
        "per query: energy / CO2e / water",
        format!(
            "{} Wh / {} g / {} mL",
            sig3(i.energy_per_query_wh),
            sig3(i.co2e_per_query_g),
            sig3(i.water_per_query_ml)
        ),
    );
    let k = &i.per_1000_queries;
    row(
        "per 1,000 queries",
        format!(
            "{} kWh / {} kg / {} L",
            sig3(k.energy_kwh),
            sig3(k.co2e_kg),
            sig3(k.water_l)
        ),
    );
    let l = &i.energy_per_query_ladder_wh;
    row(
        "per query: accel. + host + idle + PUE",
        format!(
            "{} + {} + {} + {} Wh",
            sig3(l.accelerators_wh),
            sig3(l.host_wh),
            sig3(l.idle_wh),
            sig3(l.overhead_wh)
        ),
    );
    row(
        "accelerator energy per output token",
        format!("{:.4} J", i.accelerator_energy_per_output_token_j),
    );
    row(
        "decode",
        format!(
            "{:?}-bound, batch {} , {} tokens/s per replica",
            i.decode_bound,
            i.effective_batch,
            si(i.tokens_per_second_per_replica)
        ),
    );
    row(
        "fleet",
        format!(
            "{} replicas, {:.0}% busy",
            i.replicas,
            100.0 * i.busy_fraction
        ),
    );
    row("deployment energy", kwh(i.energy_kwh));
    row(
        "CO2e operational / embodied",
        format!("{} / {}", kg(i.co2e_kg), kg(i.embodied_co2e_kg)),
    );
    row(
        "water on-site / off-site",
        format!("{} L / {} L", si(i.water_onsite_l), si(i.water_offsite_l)),
    );
    row("TOTAL", String::new());
    row("energy", kwh(tot.energy_kwh));
    let p = &r.ranges.total_co2e_kg;
    row(
        "CO2e (p5 – p95)",
        format!("{} ({} – {})", kg(tot.co2e_kg), kg(p.p5), kg(p.p95)),
    );
    row(
        "water (on-site + off-site)",
        format!(
            "{} L ({} L + {} L)",
            si(tot.water_l),
            si(tot.water_onsite_l),
            si(tot.water_offsite_l)
        ),
    );
    row(
        "inference overtakes training after",
        r.breakeven_days
            .map(|d| format!("{d:.0} days"))
            .unwrap_or_else(|| "not within the deployment".into()),
    );
    if let Some(c) = &est.reported {
        let opt = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_else(|| "-".into());
        out.push_str(&format!(
            "  published ({}): {} device-h, {} MWh, {} tCO2e; estimated: {} device-h, {:.0} MWh, {:.1} tCO2e\n    scope: {}\n",
            c.preset,
            opt(c.reported_accelerator_hours),
            opt(c.reported_energy_mwh),
            opt(c.reported_co2e_t),
            si(c.estimated_accelerator_hours),
            c.estimated_energy_mwh,
            c.estimated_co2e_t,
            c.scope
        ));
    }
    out.push_str(&format!("  data: {}\n", r.data_version));
    out
}
