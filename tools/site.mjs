#!/usr/bin/env node
// The last step of `make dist`, after Trunk: what makes the static site paint at once, work
// offline, preview well as a link and serve compressed. Reads dist/ and what
// `cargo run --example site_assets -- ASSETS` wrote (the engine's prerendered results and the
// preview chart as SVG), and writes into dist/:
//
//   index.html          + the prerendered frame and default results (in place of the empty
//                         <div id="prerender">), Open Graph and Twitter card tags
//   preview.png         the link preview (the default scenario's split chart, 1200 × 630)
//   icon.svg, icon-192.png, icon-512.png, apple-touch-icon.png   from assets/icon.svg
//   manifest.webmanifest
//   sw.js               the service worker: precaches this release's files under a cache named
//                       after their contents, and deletes other releases' caches
//   *.br, *.gz          beside every compressible file, for hosts that serve them as they are
//
// Usage: node tools/site.mjs DIST ASSETS        (SITE_URL=https://host/path/ for absolute
//        node tools/site.mjs --sw-only DIST     og:url / og:image; --sw-only: sw.js and the
//                                               compressed files only, for tests)
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as z, gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

const args = process.argv.slice(2);
const swOnly = args[0] === '--sw-only';
if (swOnly) args.shift();
const [dist, assets] = args;
if (!dist || (!swOnly && !assets)) {
  console.error('usage: node tools/site.mjs DIST ASSETS | node tools/site.mjs --sw-only DIST');
  process.exit(2);
}

const say = (msg) => console.error(`site: ${msg}`);
const fail = (msg) => {
  console.error(`site: ${msg}`);
  process.exit(1);
};

/** Files under dir, as paths relative to it with '/' separators. */
async function filesUnder(dir, base = dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path, base)));
    else out.push(relative(base, path).split('\\').join('/'));
  }
  return out.sort();
}

const COMPRESSED = /\.(br|gz)$/;
const COMPRESSIBLE = /\.(html|js|mjs|wasm|css|svg|json|webmanifest|txt|map)$/;
/** Not needed to run the calculator, so not cached for offline use. */
const NOT_PRECACHED = (f) => f === 'sw.js' || f.startsWith('preview.') || COMPRESSED.test(f);

function pngOf(svg, width) {
  const { Resvg } = createRequire(join(HERE, 'package.json'))('@resvg/resvg-js');
  return new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const ATTR = /([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;
const unquote = (v = '') => v.replace(/^(["'])([\s\S]*)\1$/, '$2');
/** The content of <meta name=NAME> (the minifier changes quoting, so attributes are parsed). */
function metaContent(html, name) {
  for (const [, attrs] of html.matchAll(/<meta\b([^>]*)>/gi)) {
    const a = Object.fromEntries([...attrs.matchAll(ATTR)].map(([, k, v]) => [k.toLowerCase(), unquote(v)]));
    if (a.name === name) return a.content;
  }
  return null;
}

async function pageAssets() {
  const htmlPath = join(dist, 'index.html');
  let html = await readFile(htmlPath, 'utf8');

  // The prerendered frame and results, in place of the page's empty placeholder.
  const prerender = await readFile(join(assets, 'prerender.html'), 'utf8');
  const slot = /<div id=(["']?)prerender\1\s*><\/div>/;
  if (!slot.test(html)) fail(`no empty <div id="prerender"></div> in ${htmlPath}`);
  html = html.replace(slot, () => prerender);

  // The link preview and the icons.
  await writeFile(join(dist, 'preview.png'), pngOf(await readFile(join(assets, 'preview.svg'), 'utf8'), 1200));
  const icon = await readFile(join(ROOT, 'assets', 'icon.svg'), 'utf8');
  await writeFile(join(dist, 'icon.svg'), icon);
  for (const [name, width] of [['icon-192.png', 192], ['icon-512.png', 512], ['apple-touch-icon.png', 180]]) {
    await writeFile(join(dist, name), pngOf(icon, width));
  }

  // Open Graph and Twitter card tags. Their image must be an absolute address for most sites
  // that read them; SITE_URL (where the site is hosted) gives it, else it is relative.
  const title = html.match(/<title>([^<]*)<\/title>/i)?.[1] ?? 'llm-footprint';
  const description = metaContent(html, 'description');
  if (!description) fail('index.html has no <meta name="description">');
  const site = process.env.SITE_URL ? new URL(process.env.SITE_URL.replace(/\/?$/, '/')) : null;
  const image = site ? new URL('preview.png', site).href : 'preview.png';
  const tags = [
    ['property', 'og:type', 'website'],
    ['property', 'og:site_name', 'llm-footprint'],
    ['property', 'og:title', title],
    ['property', 'og:description', description],
    ...(site ? [['property', 'og:url', site.href]] : []),
    ['property', 'og:image', image],
    ['property', 'og:image:type', 'image/png'],
    ['property', 'og:image:width', '1200'],
    ['property', 'og:image:height', '630'],
    ['property', 'og:image:alt', 'Where the emissions of the default scenario come from: a bar split into pre-training, fine-tuning, inference and embodied hardware'],
    ['name', 'twitter:card', 'summary_large_image'],
    ['name', 'twitter:title', title],
    ['name', 'twitter:description', description],
    ['name', 'twitter:image', image],
  ]
    .map(([attr, key, value]) => `<meta ${attr}="${key}" content="${esc(value)}">`)
    .join('');
  html = html.replace(/<\/head>/i, () => `${tags}</head>`);
  await writeFile(htmlPath, html);

  const manifest = {
    name: 'llm-footprint: the environmental cost of a language model',
    short_name: 'llm-footprint',
    description,
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#00845f',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  };
  await writeFile(join(dist, 'manifest.webmanifest'), JSON.stringify(manifest, null, 2) + '\n');
  say(`index.html + prerendered results (${prerender.length} B), Open Graph tags (image ${image}); icons, preview.png, manifest.webmanifest`);
}

async function serviceWorker() {
  // A release's cache is named after the contents of its files: any change makes a new cache,
  // which the new worker fills before it takes over and then deletes the others.
  const files = (await filesUnder(dist)).filter((f) => !NOT_PRECACHED(f));
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f}\0`).update(await readFile(join(dist, f))).update('\0');
  const version = hash.digest('hex').slice(0, 16);
  const template = await readFile(join(HERE, 'sw.template.js'), 'utf8');
  const sw = template
    .replace('__VERSION__', () => JSON.stringify(version))
    .replace('__FILES__', () => JSON.stringify(['./', ...files.filter((f) => f !== 'index.html')]));
  await writeFile(join(dist, 'sw.js'), sw);
  say(`sw.js: release ${version}, ${files.length} files precached`);
}

async function compress() {
  for (const f of await filesUnder(dist)) {
    if (COMPRESSED.test(f)) await rm(join(dist, f));
  }
  let n = 0;
  for (const f of await filesUnder(dist)) {
    if (!COMPRESSIBLE.test(f)) continue;
    const body = await readFile(join(dist, f));
    const gz = gzipSync(body, { level: 9 });
    const br = brotliCompressSync(body, {
      params: { [z.BROTLI_PARAM_QUALITY]: 11, [z.BROTLI_PARAM_SIZE_HINT]: body.length, [z.BROTLI_PARAM_MODE]: /\.(wasm|png)$/.test(f) ? z.BROTLI_MODE_GENERIC : z.BROTLI_MODE_TEXT },
    });
    if (gz.length < body.length) await writeFile(join(dist, `${f}.gz`), gz);
    if (br.length < body.length) await writeFile(join(dist, `${f}.br`), br);
    n += 1;
  }
  say(`.br and .gz beside ${n} files`);
}

if (!swOnly) await pageAssets();
await serviceWorker();
await compress();
