//! The web page's entry point. Trunk builds this binary for wasm32; natively it only explains.

#[cfg(target_arch = "wasm32")]
fn main() {
    llm_footprint::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("llm-footprint-web is the browser build: run `make serve`. The command-line tool is `llm-footprint`.");
    std::process::exit(2);
}
