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

// Attribute order and quoting vary (the release build minifies the HTML), so read each <meta>'s
// attributes rather than matching one spelling.
const ATTR = /([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;
const unquote = (v = '') => v.replace(/^(["'])([\s\S]*)\1$/, '$2');
let found = 0;
let failure = null;
html = html.replace(/<meta\b([^>]*)>/gi, (tag, attrs) => {
  const parsed = [...attrs.matchAll(ATTR)];
  const equiv = parsed.find(([, name]) => name.toLowerCase() === 'http-equiv');
  const content = parsed.find(([, name]) => name.toLowerCase() === 'content');
  if (!equiv || unquote(equiv[2]).toLowerCase() !== 'content-security-policy' || !content) return tag;
  found += 1;
  const directives = unquote(content[2]).split(';').map((d) => d.trim()).filter(Boolean);
  const i = directives.findIndex((d) => d.split(/\s+/)[0].toLowerCase() === 'script-src');
  if (i < 0) {
    failure = 'the Content-Security-Policy has no script-src directive';
    return tag;
  }
  const kept = directives[i].split(/\s+/).filter((t) => !/^'(sha256-[^']*|unsafe-inline)'$/.test(t));
  directives[i] = [...kept, ...sources].join(' ');
  const policy = directives.join('; ');
  return `<meta${attrs.replace(content[0], `${content[1]}="${policy}"`)}>`;
});
if (failure || found !== 1) {
  console.error(`csp-hashes: ${failure ?? `expected one Content-Security-Policy <meta> in ${file}, found ${found}`}`);
  process.exit(1);
}
writeFileSync(file, html);
console.error(`csp-hashes: script-src += ${sources.join(' ') || '(no inline scripts)'}`);
