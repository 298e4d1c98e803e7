# Build, test and benchmark llm-footprint. Tools are installed by tools/setup.sh (versions and the
# reasons for them: shared/TOOLCHAIN.md); npm tools live in tools/node_modules, first on PATH so
# Trunk finds binaryen's wasm-opt there.
#
#   make setup   install everything (wasm target, Trunk, wasm-bindgen CLI, npm tools, Chromium)
#   make serve   the page with live reload at http://127.0.0.1:8080/ (debug build)
#   make test    native tests, clippy, rustfmt, the release wasm build, the browser tests
#   make dist    the release static site in dist/
#   make bench   the engine benchmark (criterion) and the page benchmark (tools/bench-page.mjs)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export NODE_PATH := $(CURDIR)/tools/node_modules
# The Rust build needs nothing from the network once `cargo fetch --locked` has run.
TRUNK_RELEASE := trunk build --release --offline
BROWSER_TESTS := node --test --test-reporter=spec tests/browser/

.NOTPARALLEL:
.PHONY: help setup setup-build fetch serve test test-native lint fmt-check dist e2e test-browser bench bench-engine bench-page clean

help:
	@sed -n 's/^#   make /make /p' Makefile

setup:
	bash tools/setup.sh

setup-build:
	bash tools/setup.sh build

fetch:
	cargo fetch --locked

serve: setup-build fetch
	trunk serve --offline --address 127.0.0.1 --port 8080

test: setup fetch test-native lint fmt-check e2e

test-native: fetch
	cargo test --locked --offline

# The page only compiles for wasm32, so it is linted there as well.
lint: fetch
	cargo clippy --locked --offline --all-targets -- -D warnings
	cargo clippy --locked --offline --target wasm32-unknown-unknown --lib --bin llm-footprint-web -- -D warnings

fmt-check:
	cargo fmt --check

# After Trunk: the engine's prerendered results and preview chart (a native example), then
# tools/site.mjs puts them in, with the icons, manifest, service worker and .br/.gz files.
# SITE_URL=https://host/path/ makes the link preview's addresses absolute.
dist: setup-build fetch
	$(TRUNK_RELEASE)
	mkdir -p target/site-assets
	cargo run --locked --offline --quiet --example site_assets -- target/site-assets
	node tools/site.mjs dist target/site-assets

# The browser tests against a fresh release build (with `make -k`, never against a stale one).
e2e: dist
	$(BROWSER_TESTS)

# The browser tests against whatever dist/ holds now.
test-browser:
	@test -f dist/index.html || { echo "no dist/index.html: run make dist first" >&2; exit 1; }
	$(BROWSER_TESTS)

bench: bench-engine bench-page

bench-engine: fetch
	@if grep -q 'criterion_group!' benches/engine.rs; then \
		cargo bench --locked --offline --bench engine; \
	else \
		echo "bench: benches/engine.rs has no criterion benchmarks yet; skipping the engine benchmark"; \
	fi

bench-page: dist
	node tools/bench-page.mjs

clean:
	cargo clean
	rm -rf dist
