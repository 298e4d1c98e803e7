#!/usr/bin/env node
// Trunk post-build hook (see Trunk.toml): lets the inline scripts Trunk injected run under the
// page's Content-Security-Policy without allowing inline script in general.
//
// Trunk starts the wasm with an inline <script type="module">, whose text names the content-hashed
// .js and .wasm files, so its hash changes with every build. This adds 'sha256-...' for each inline
// script of the staged index.html to the script-src of its CSP <meta>.
//
// `trunk serve` also injects a live-reload script that it rewrites again on every response (it
// fills in the server's address), so no hash can match it. For that case only the policy gets
// 'unsafe-inline' for scripts instead of hashes; the rest of the policy stays as strict.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('csp-hashes: TRUNK_STAGING_DIR is not set (this runs as a Trunk post_build hook)');
  process.exit(2);
}
const file = join(staging, 'index.html');
let html = readFileSync(file, 'utf8');

const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)]
  .filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs))
  .map(([, , body]) => body);
const liveReload = scripts.some((body) => body.includes('{{__TRUNK_ADDRESS__}}'));
const sources = liveReload
  ? ["'unsafe-inline'"]
  : scripts.map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);

const meta = /(<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*\bcontent\s*=\s*)(["'])([^"']*?)\2/i;
const match = html.match(meta);
if (!match) {
  console.error(`csp-hashes: no <meta http-equiv="Content-Security-Policy" content="..."> in ${file}`);
  process.exit(1);
}
const directives = match[3].split(';').map((d) => d.trim()).filter(Boolean);
const i = directives.findIndex((d) => /^script-src\s/i.test(d) || d === 'script-src');
if (i < 0) {
  console.error('csp-hashes: the Content-Security-Policy has no script-src directive');
  process.exit(1);
}
const kept = directives[i].split(/\s+/).filter((t) => !/^'(sha256-[^']*|unsafe-inline)'$/.test(t));
directives[i] = [...kept, ...sources].join(' ');
const policy = directives.join('; ');
html = html.replace(meta, (_, head, quote) => `${head}${quote}${policy}${quote}`);
writeFileSync(file, html);
console.error(`csp-hashes: script-src += ${sources.join(' ') || '(no inline scripts)'}`);
