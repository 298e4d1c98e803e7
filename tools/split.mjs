#!/usr/bin/env node
// Trunk post-build hook (see Trunk.toml): splits the page's wasm into the part a first visit needs
// and parts loaded when first used (the functions marked `#[wasm_split(..)]`, see ARCHITECTURE.md).
//
// Trunk builds and binds the whole program; this takes the linker's output again (built with
// relocations, .cargo/config.toml) and does what cargo-leptos does for `#[lazy]`:
//
//   wasm-split-cli RAW TMP --out-name NAME   main part + one .wasm per split + __wasm_split.js
//   wasm-bindgen --keep-lld-exports ...      the main part's JS glue (the split parts share its
//                                            memory, table and imports through __wasm_split.js)
//   wasm-opt -Oz                             each part (release builds)
//
// and puts the results in the staging folder: the glue and main part under Trunk's own names
// (their hash is Trunk's, taken from the same build), the other parts and __wasm_split.js under
// names carrying their own content hash, and index.html's integrity attributes recomputed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = 'llm-footprint-web';
// The features Trunk's wasm-opt step enables for this wasm-bindgen's output (TOOLCHAIN.md).
const WASM_OPT = ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
  // SPLIT_NAMES=1 keeps the function names, for a profile that names them (a bigger wasm).
  ...(process.env.SPLIT_NAMES === '1' ? ['-g'] : [])];

const fail = (msg) => {
  console.error(`split: ${msg}`);
  process.exit(1);
};
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) fail('TRUNK_STAGING_DIR is not set (this runs as a Trunk post_build hook)');
const release = process.env.TRUNK_PROFILE === 'release';
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const targetDir = process.env.CARGO_TARGET_DIR ?? join(source, 'target');
const raw = join(targetDir, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${BIN}.wasm`);

const glue = readdirSync(staging).find((f) => f.startsWith(`${BIN}-`) && f.endsWith('.js'));
if (!glue) fail(`no ${BIN}-*.js in ${staging}`);
const name = glue.slice(0, -'.js'.length);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

const tmp = mkdtempSync(join(tmpdir(), 'llm-footprint-split-'));
try {
  run('wasm-split-cli', [raw, tmp, '--out-name', name]);
  run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-demangle', '--out-dir', join(tmp, 'bg'),
    '--out-name', name, join(tmp, `${name}.wasm`)]);
  const optimise = (from, to) => (release ? run('wasm-opt', [...WASM_OPT, from, '-o', to]) : copyFileSync(from, to));

  // The split parts, renamed after their contents; __wasm_split.js fetches them by name.
  let loader = readFileSync(join(tmp, '__wasm_split.js'), 'utf8');
  const parts = readdirSync(tmp).filter((f) => f.endsWith('.wasm') && f !== `${name}.wasm`);
  if (parts.length === 0) fail('wasm-split-cli wrote no split part: is a #[wasm_split] function called?');
  const sizes = [];
  for (const part of parts) {
    const out = join(tmp, `opt-${part}`);
    optimise(join(tmp, part), out);
    const bytes = readFileSync(out);
    const hashed = `${part.slice(0, -'.wasm'.length)}-${hash(bytes)}.wasm`;
    if (!loader.includes(`"./${part}"`)) fail(`__wasm_split.js does not name ${part}`);
    loader = loader.replaceAll(`"./${part}"`, `"./${hashed}"`);
    renameSync(out, join(staging, hashed));
    sizes.push(`${hashed} ${bytes.length} B`);
  }
  const loaderName = `__wasm_split-${hash(loader)}.js`;
  writeFileSync(join(staging, loaderName), loader);

  // The glue imports the loader by file name (the wasm's import module keeps its own name).
  let js = readFileSync(join(tmp, 'bg', `${name}.js`), 'utf8');
  const importLine = /(from\s*["'])\.\/__wasm_split\.js(["'])/;
  if (!importLine.test(js)) fail('the glue does not import ./__wasm_split.js');
  js = js.replace(importLine, `$1./${loaderName}$2`);
  writeFileSync(join(staging, glue), js);
  optimise(join(tmp, 'bg', `${name}_bg.wasm`), join(staging, `${name}_bg.wasm`));

  // Trunk's <link rel=modulepreload|preload integrity=...> name the files just replaced.
  const html = join(staging, 'index.html');
  let page = readFileSync(html, 'utf8');
  for (const file of [glue, `${name}_bg.wasm`]) {
    const integrity = sri(readFileSync(join(staging, file)));
    page = page.replace(/<link\b[^>]*>/gi, (tag) =>
      tag.includes(file) ? tag.replace(/sha384-[A-Za-z0-9+/=]+/, integrity) : tag);
  }
  writeFileSync(html, page);
  const main = readFileSync(join(staging, `${name}_bg.wasm`)).length;
  console.error(`split: ${name}_bg.wasm ${main} B (first part); ${sizes.join(', ')}; ${loaderName}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
