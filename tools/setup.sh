#!/usr/bin/env bash
# Installs what building and testing the site needs, skipping whatever is already there at the right
# version. Versions and the reasons for them: shared/TOOLCHAIN.md.
#   tools/setup.sh          everything (wasm target, Trunk, wasm-bindgen CLI, npm tools, Chromium)
#   tools/setup.sh build    only what `trunk build` needs
set -euo pipefail
cd "$(dirname "$0")"
what="${1:-all}"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
WASM_SPLIT_VERSION=0.2.4

say() { printf 'setup: %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 12 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 minutes)"
  # not --locked: the registry lacks one locked patch release (TOOLCHAIN.md)
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# The splitter that cuts the page's wasm into parts loaded when first used (tools/split.mjs).
if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 4 minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

# npm tools live in tools/node_modules (git ignores it): wasm-opt from binaryen, playwright-core,
# axe-core, and resvg-js (SVG to PNG for the icons and the link preview, tools/site.mjs).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/@resvg/resvg-js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tools into tools/node_modules"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$what" = all ] && ! [ -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
# Chinese glyphs for the charts and the page in zh (the browser tests check they are not boxes).
if [ "$what" = all ] && ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  say "installing Debian's fonts-noto-cjk"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq fonts-noto-cjk >/dev/null
fi
# pdflatex with tabularx, so tests/latex.rs builds the LaTeX carbon statements.
if [ "$what" = all ] && ! command -v pdflatex >/dev/null; then
  say "installing Debian's texlive-latex-base and texlive-latex-recommended (pdflatex)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends texlive-latex-base texlive-latex-recommended >/dev/null
fi
say "ready"
