// The lower results a reader checks a per-query or water figure against: the serving boundary
// ladder (each step's Wh and share, adding up to the energy per query) and water split into
// on-site cooling and off-site generation, in English and Chinese. Element screenshots of both
// go to tests/browser/out/ to be looked at.
// Run after `make dist`: node --test tests/browser/water-ladder.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { DIST, ROOT, byTestId, launch, setField, waitReady } from './browser.mjs';
import { serve } from './serve.mjs';

const OUT = join(ROOT, 'tests', 'browser', 'out');
const STEPS = ['ladder-acc', 'ladder-host', 'ladder-idle', 'ladder-pue'];
const WORDS = {
  en: { ladder: 'Energy per query, step by step', onsite: 'On-site (cooling)', offsite: 'Off-site (electricity)', per1000: 'Per 1,000 queries' },
  zh: { ladder: '每次查询的能耗，逐级累加', onsite: '场内（冷却）', offsite: '场外（发电）', per1000: '每 1,000 次查询' },
};

let server;
let browser;
const problems = [];

before(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await serve(DIST);
  browser = await launch({ viewport: { width: 1280, height: 900 } });
  browser.page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  browser.page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const value = (page, sel) =>
  page.locator(sel).first().evaluate((el) => Number(el.getAttribute('data-value')));

async function open(lang) {
  const page = browser.page;
  await page.goto(`${server.origin}/?v=1&preset=llama-3.1-8b&lang=${lang}`);
  await waitReady(page);
  return page;
}

for (const lang of ['en', 'zh']) {
  test(`the ladder's steps add up to the energy per query (${lang})`, async () => {
    const page = await open(lang);
    const card = page.locator(byTestId('ladder')).first();
    await card.scrollIntoViewIfNeeded();
    const steps = [];
    for (const id of STEPS) steps.push(await value(page, `${byTestId(id)} td[data-value]`));
    const total = await value(page, `${byTestId('ladder-total')} td[data-value]`);
    const perQuery = await value(page, byTestId('per-query-energy'));
    assert.ok(steps.every((s) => s >= 0) && steps[0] > 0, `steps ${steps}`);
    const sum = steps.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum / total - 1) < 1e-9, `steps sum to ${sum}, total ${total}`);
    assert.ok(Math.abs(total / perQuery - 1) < 1e-9, `ladder total ${total} vs per query ${perQuery}`);
    // Every step shows its share, in percent.
    for (const id of STEPS) {
      const share = await page.locator(`${byTestId(id)} td`).nth(1).textContent();
      assert.match(share, /\d.*%/, `${id} share ${share}`);
    }
    const section = page.locator('section[aria-labelledby="ladder-title"]');
    assert.match(await section.textContent(), new RegExp(WORDS[lang].ladder));
    // 1,000 queries in kWh are the per-query figure in Wh.
    const per1000 = await value(page, byTestId('per-1000'));
    assert.ok(Math.abs(per1000 / perQuery - 1) < 1e-9, `per 1,000 queries ${per1000} kWh vs ${perQuery} Wh per query`);
    assert.match(await page.locator(byTestId('per-1000')).first().textContent(), /\d.*Wh.*CO₂e.*L/);
    assert.match(await page.locator('.card').filter({ has: page.locator(byTestId('per-1000')) }).first().textContent(), new RegExp(WORDS[lang].per1000));
    await section.screenshot({ path: join(OUT, `ladder-${lang}.png`) });
  });

  test(`water is shown on-site and off-site, adding up to the total (${lang})`, async () => {
    const page = await open(lang);
    const table = page.locator(byTestId('water-split')).first();
    await table.scrollIntoViewIfNeeded();
    const head = await table.locator('thead').textContent();
    assert.ok(head.includes(WORDS[lang].onsite) && head.includes(WORDS[lang].offsite), head);
    const onsite = await value(page, `${byTestId('water-total')} td.onsite`);
    const offsite = await value(page, `${byTestId('water-total')} td.offsite`);
    const total = await value(page, byTestId('total-water'));
    assert.ok(onsite > 0 && offsite > 0, `on-site ${onsite}, off-site ${offsite}`);
    assert.ok(Math.abs((onsite + offsite) / total - 1) < 1e-9, `${onsite} + ${offsite} != ${total}`);
    await page.locator('section[aria-labelledby="water-title"]').screenshot({ path: join(OUT, `water-${lang}.png`) });
  });
}

test('no off-site water at the serving site empties its off-site cell, not its on-site one', async () => {
  const page = await open('en');
  const cell = (c) => value(page, `${byTestId('water-inference')} td.${c}`);
  const before = [await cell('onsite'), await cell('offsite')];
  assert.ok(before[1] > 0, `off-site ${before[1]}`);
  await setField(page, 'inference.water_offsite_l_per_kwh', 0);
  await page.waitForFunction(
    (sel) => Number(document.querySelector(sel)?.getAttribute('data-value')) === 0,
    `${byTestId('water-inference')} td.offsite`,
    { timeout: 5000 },
  );
  assert.equal(await cell('onsite'), before[0]);
});

test('no page errors', () => {
  assert.deepEqual(problems, []);
});
