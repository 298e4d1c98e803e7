// The first painted frame, before any wasm runs (dist/ after `make dist`, whose index.html holds
// the prerendered frame and default results, see src/web/prerender.rs and tools/site.mjs).
// The .wasm request is refused, so what shows is the HTML and CSS alone:
//   - the default page shows the default scenario's numbers, the same the live page shows, where
//     the live page shows them (nothing moves when the wasm takes over);
//   - a link with a scenario shows the frame, never the default's numbers, and its own numbers
//     once the wasm's first part has run, before the calculator's part arrives;
//   - a Chinese reader's first frame is in Chinese.
// Screenshots of each first frame go to target/first-paint/.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { DIST, ROOT, byTestId, launch, waitReady } from './browser.mjs';
import { serve } from './serve.mjs';

const SHOTS = join(ROOT, 'target', 'first-paint');
const LINK = '/?v=1&preset=gpt-3-175b&inference.batch=16';
let server;

before(async () => {
  server = await serve(DIST);
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await server?.close();
});

/** Opens `path` with the wasm refused and returns the browser, at its first frame. */
async function firstFrame(path, options = {}) {
  const b = await launch(options);
  await b.page.route(/\.wasm$/, (route) => route.abort());
  await b.page.goto(`${server.origin}${path}`, { waitUntil: 'load' });
  return b;
}

/** What the prerendered KPIs say and where they are, and the same of the live page. */
const KPIS = ['.kpi-main .kpi-value', '.kpi:nth-child(2) .kpi-value', '.kpi:nth-child(3) .kpi-value', 'h1', '.phase-table'];
const boxes = (page) =>
  page.evaluate((sels) => {
    // Only what is shown (the prerender has one copy per language, one hidden).
    const shown = (sel) => [...document.querySelectorAll(sel)].find((el) => el.checkVisibility());
    return sels.map((sel) => {
      const el = shown(sel);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { sel, text: el.textContent.trim(), x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width) };
    });
  }, KPIS);

test('the default page paints its results before the wasm runs, where the live page shows them', async () => {
  const pre = await firstFrame('/');
  let prerendered;
  try {
    assert.equal(await pre.page.evaluate(() => document.body.dataset.ready), undefined, 'the wasm did not run');
    prerendered = await boxes(pre.page);
    await pre.page.screenshot({ path: join(SHOTS, 'default-desktop.png') });
  } finally {
    await pre.close();
  }
  assert.ok(prerendered.every(Boolean), `all shown: ${JSON.stringify(prerendered)}`);
  assert.match(prerendered[0].text, /^\d[\d.]* (t|kt|kg|Mt)$/, 'the total CO₂e is a number');

  const live = await launch();
  try {
    await live.page.goto(`${server.origin}/`);
    await waitReady(live.page);
    assert.equal(await live.page.locator('#prerender').count(), 0, 'the live page removed the prerendered one');
    const now = await boxes(live.page);
    assert.deepEqual(now, prerendered, 'the same numbers in the same places once the wasm runs');
    assert.equal(await live.page.locator(byTestId('total-co2e')).textContent(), prerendered[0].text);
  } finally {
    await live.close();
  }
});

test('a link paints the frame without the default numbers', async () => {
  const b = await firstFrame(LINK);
  try {
    await b.page.screenshot({ path: join(SHOTS, 'link-desktop.png') });
    const shown = await b.page.evaluate(() =>
      [...document.querySelectorAll('#prerender [data-pr-num]')].filter((el) => el.checkVisibility({ visibilityProperty: true })).length,
    );
    assert.equal(shown, 0, 'no prerendered number is visible on a link');
    assert.ok(await b.page.locator('h1').first().isVisible(), 'the frame is shown');
  } finally {
    await b.close();
  }
});

test('a phone paints the header and the summary bar; a Chinese reader sees Chinese', async () => {
  const b = await firstFrame('/', { viewport: { width: 375, height: 800 }, locale: 'zh-CN' });
  try {
    await b.page.screenshot({ path: join(SHOTS, 'default-phone-zh.png') });
    const h1 = await b.page.evaluate(() => [...document.querySelectorAll('h1')].find((el) => el.checkVisibility())?.textContent);
    assert.match(h1 ?? '', /[\u4e00-\u9fff]/, `the first frame's title is Chinese: ${h1}`);
    const bar = await b.page.evaluate(() => [...document.querySelectorAll('.mini-total')].find((el) => el.checkVisibility())?.textContent);
    assert.match(bar ?? '', /\d.*CO₂e/, `the summary bar shows the total: ${bar}`);
  } finally {
    await b.close();
  }
});

test("a link's own numbers show from the wasm's first part, before the calculator's part arrives", async () => {
  const b = await launch();
  let early;
  try {
    // The first part (Trunk's *_bg.wasm) loads; the split-off calculator (split_*.wasm) is held.
    await b.page.route(/\/split_[^/]*\.wasm$/, () => {});
    await b.page.goto(`${server.origin}${LINK}`, { waitUntil: 'load' });
    await b.page.waitForFunction(() => !document.documentElement.classList.contains('pr-link'), null, { timeout: 20_000 });
    assert.equal(await b.page.evaluate(() => document.body.dataset.ready), undefined, 'the calculator did not run');
    early = await boxes(b.page);
    await b.page.screenshot({ path: join(SHOTS, 'link-first-part-desktop.png') });
  } finally {
    await b.close();
  }
  assert.ok(early.every(Boolean), `all shown: ${JSON.stringify(early)}`);

  const live = await launch();
  try {
    await live.page.goto(`${server.origin}${LINK}`);
    await waitReady(live.page);
    const now = await boxes(live.page);
    assert.deepEqual(now, early, "the link's numbers, in the same places, once the calculator runs");
  } finally {
    await live.close();
  }
  const defaults = await firstFrame('/');
  try {
    const d = await boxes(defaults.page);
    assert.notEqual(d[0].text, early[0].text, "the link's total is its own, not the default's");
  } finally {
    await defaults.close();
  }
});

test("a calculator's part that cannot be fetched is said, in the reader's language", async () => {
  const b = await launch({ locale: 'zh-CN' });
  try {
    await b.page.route(/\/split_[^/]*\.wasm$/, (route) => route.abort());
    await b.page.goto(`${server.origin}/`, { waitUntil: 'load' });
    const alert = b.page.locator('.load-failed[role="alert"]');
    await alert.waitFor({ timeout: 20_000 });
    assert.match(await alert.textContent(), /未能加载/);
    await b.page.screenshot({ path: join(SHOTS, 'load-failed-zh.png') });
  } finally {
    await b.close();
  }
});
