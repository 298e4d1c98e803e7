// The built site offline and across releases (dist/ after `make dist`, which writes sw.js and
// manifest.webmanifest with tools/site.mjs).
//
// A copy of dist/ is served; after one visit the server is stopped (and Chromium is set offline
// too), so nothing can come from the network: the calculator must open, on its own address and
// on a link, and compute. Then a second release is made from the copy (index.html changed, one
// content-hashed file renamed, sw.js written again by tools/site.mjs --sw-only) and served on
// the same origin: one visit must leave only the new release's cache, holding the new files,
// and the page offline must be the new release.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { DIST, ROOT, byTestId, launch, setField, waitReady } from './browser.mjs';
import { serve } from './serve.mjs';

let site; // the copy of dist/ that is served
let server;
let port;
let browser;
const problems = [];

const release = async () => (await readFile(join(site, 'sw.js'), 'utf8')).match(/const RELEASE = "([0-9a-f]+)"/)?.[1];

/** Waits until a service worker controls the page and its release's cache is the only one. */
async function controlledBy(page, version, timeout = 60_000) {
  const name = `llm-footprint-${version}`;
  const deadline = Date.now() + timeout;
  let seen;
  while (Date.now() < deadline) {
    seen = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      const state = (w) => w && `${w.state} ${new URL(w.scriptURL).pathname}`;
      return {
        controlled: !!navigator.serviceWorker.controller,
        caches: await caches.keys(),
        installing: state(r?.installing),
        waiting: state(r?.waiting),
        active: state(r?.active),
      };
    });
    if (seen.controlled && seen.caches.length === 1 && seen.caches[0] === name) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no service worker of release ${version} took over within ${timeout} ms: ${JSON.stringify(seen)}`);
}

const cachedPaths = (page) =>
  page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
    }
    return out.sort();
  });

async function offline(on) {
  await browser.context.setOffline(on);
  if (on) await server.close();
  else server = await serve(site, { port });
}

before(async () => {
  site = await mkdtemp(join(tmpdir(), 'llm-footprint-site-'));
  await cp(DIST, site, { recursive: true });
  server = await serve(site);
  port = Number(new URL(server.origin).port);
  browser = await launch({ serviceWorkers: 'allow' });
  browser.page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  browser.page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.close().catch(() => {});
  if (site) await rm(site, { recursive: true, force: true });
});

test('the site has a web app manifest with icons, linked from the page', async () => {
  const manifest = JSON.parse(await readFile(join(DIST, 'manifest.webmanifest'), 'utf8'));
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.display, 'standalone');
  const sizes = manifest.icons.map((i) => i.sizes);
  assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), `icons: ${sizes}`);
  for (const icon of manifest.icons) {
    const body = await readFile(join(DIST, icon.src));
    assert.ok(body.length > 100, `${icon.src} is there`);
  }
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const link = html.match(/<link\b[^>]*\bmanifest\.webmanifest\b[^>]*>/)?.[0] ?? '';
  assert.ok(/\brel=["']?manifest\b/.test(link), `index.html links the manifest: ${link || 'no link'}`);
});

test('after one visit the calculator opens and computes with the network gone', async () => {
  const { page } = browser;
  await page.goto(`${server.origin}/`);
  await waitReady(page);
  const first = await release();
  assert.ok(first, 'dist/sw.js names its release');
  await controlledBy(page, first);
  const cached = await cachedPaths(page);
  for (const f of await readdir(site)) {
    if (/\.(js|wasm|css)$/.test(f) && f !== 'sw.js') assert.ok(cached.includes(`/${f}`), `${f} is cached for offline use`);
  }

  await offline(true);
  try {
    await page.reload();
    await waitReady(page);
    const total = page.locator(byTestId('total-co2e'));
    const before = await total.textContent();
    assert.match(before, /\d/);
    await setField(page, 'inference.batch', 8);
    await page.waitForFunction(([sel, old]) => document.querySelector(sel)?.textContent !== old, [byTestId('total-co2e'), before]);

    // A link opened offline: the cached page, computing the link's scenario.
    await page.goto(`${server.origin}/?v=1&preset=gpt-3-175b`);
    await waitReady(page);
    assert.match(await page.locator(byTestId('results')).textContent(), /GPT-3/);
  } finally {
    await offline(false);
  }
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(p)), []);
});

test("a new release's files replace the old ones", async () => {
  const { page } = browser;
  const old = await release();
  // Release 2: index.html changed, and the stylesheet under a new content-hashed name (same
  // content, so Trunk's integrity attribute still holds).
  const css = (await readdir(site)).find((f) => /^main-[0-9a-f]+\.css$/.test(f));
  assert.ok(css, 'dist/ has the content-hashed stylesheet');
  const renamed = 'main-0000000000release2.css';
  await rename(join(site, css), join(site, renamed));
  for (const f of await readdir(site)) if (f.startsWith(`${css}.`)) await rm(join(site, f));
  const html = (await readFile(join(site, 'index.html'), 'utf8'))
    .replaceAll(css, renamed)
    .replace(/<\/head>/i, '<meta name="release" content="2"></head>');
  await writeFile(join(site, 'index.html'), html);
  execFileSync('node', [join(ROOT, 'tools', 'site.mjs'), '--sw-only', site], { stdio: 'pipe' });
  const next = await release();
  assert.ok(next && next !== old, `a new release (${old} → ${next})`);

  // One visit online: the new worker installs, takes over and deletes the old release's cache.
  await page.reload();
  await waitReady(page);
  await controlledBy(page, next);
  const cached = await cachedPaths(page);
  assert.ok(cached.includes(`/${renamed}`), `the new release file is cached: ${cached}`);
  assert.ok(cached.includes(`/${renamed}`), 'the new release file is cached');
  assert.ok(!cached.includes(`/${css}`), `the old release file is gone from the caches: ${cached}`);

  await offline(true);
  try {
    await page.reload();
    await waitReady(page);
    assert.equal(await page.locator('meta[name="release"]').getAttribute('content'), '2');
    const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href && new URL(s.href).pathname));
    assert.ok(sheets.includes(`/${renamed}`), `the page offline uses the new stylesheet (${sheets})`);
  } finally {
    await offline(false);
  }
});
