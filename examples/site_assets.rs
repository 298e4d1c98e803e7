//! What `make dist` writes beside the page from the engine, natively (run by tools/site.mjs):
//!
//! - `prerender.html`: the page's frame and the opening scenario's results as HTML, in English
//!   and Chinese, which tools/site.mjs puts into dist/index.html so a first visit paints numbers
//!   before any wasm runs (`web::prerender`, whose markup follows `src/web/app.rs` and
//!   `src/web/results.rs`).
//! - `preview.svg`: the opening scenario's split chart at 1200 × 630, the link preview image
//!   (tools/site.mjs converts it to PNG).
//!
//! ```sh
//! cargo run --example site_assets -- OUT_DIR
//! ```

use llm_footprint::charts::{draw_split, Theme};
use llm_footprint::engine::{estimate, Estimate};
use llm_footprint::web::i18n::Lang;
use llm_footprint::web::{figures, opening_scenario, prerender};
use plotters::prelude::*;
use std::path::PathBuf;

/// The link preview's size (Open Graph's recommended 1.91:1).
const PREVIEW: (u32, u32) = (1200, 630);

fn preview_svg(e: &Estimate) -> Result<String, String> {
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, PREVIEW).into_drawing_area();
        let theme = Theme {
            // The page's text font first; any sans-serif where it is missing.
            font_family: "DejaVu Sans, Noto Sans CJK SC, sans-serif".into(),
            // Drawn for a 1200 px card that chat apps show at about 400 px: text twice as large.
            scale: 2.4,
            ..Theme::light()
        }
        .for_svg();
        let chart = figures::split(e, Lang::En);
        let model = e.resolved.preset.map_or("a custom model", |p| &p.name);
        let title = format!("llm-footprint · the footprint of {model}, trained and served");
        area.fill(&theme.background).map_err(|e| e.to_string())?;
        let font = (theme.font_family.as_str(), 30.0 * theme.text_scale)
            .into_font()
            .color(&theme.muted_text);
        let body = area
            .margin(28, 0, 0, 0)
            .titled(&title, font)
            .map_err(|e| e.to_string())?;
        // The chart centred in what is left below the title.
        let (w, h) = body.dim_in_pixel();
        let chart_h = chart.preferred_height(w, &theme).min(h);
        let body = body.margin((h - chart_h) / 2, 0, 0, 0);
        draw_split(&body, &chart, &theme).map_err(|e| format!("{e:?}"))?;
        area.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

fn main() {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: site_assets OUT_DIR");
        std::process::exit(2);
    };
    let e = match estimate(&opening_scenario()) {
        Ok(e) => e,
        Err(errors) => {
            eprintln!("site_assets: the opening scenario does not resolve: {errors:?}");
            std::process::exit(1);
        }
    };
    let html = prerender::html(&e);
    let svg = match preview_svg(&e) {
        Ok(svg) => svg,
        Err(err) => {
            eprintln!("site_assets: the preview chart failed: {err}");
            std::process::exit(1);
        }
    };
    let write = |name: &str, text: &str| {
        if let Err(err) = std::fs::write(out.join(name), text) {
            eprintln!("site_assets: writing {name} in {}: {err}", out.display());
            std::process::exit(1);
        }
    };
    write("prerender.html", &html);
    write("preview.svg", &svg);
}
