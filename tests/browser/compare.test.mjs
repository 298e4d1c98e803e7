// End-to-end tests of the comparison and the levers (issue 13) against the built site (dist/, or
// DIST_DIR): pinning A, editing B, swapping, resetting, unpinning, the comparison in the share
// link (reopened), in the embed card and in Chinese, and levers that say their saving before a
// click and do what they said after it. Screenshots (desktop and phone, English and Chinese) go
// to tests/browser/out/ (git-ignored).
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { DIST, ROOT, byTestId, drawnPixels, launch, setField, waitReady } from './browser.mjs';
import { serve } from './serve.mjs';

const OUT = join(ROOT, 'tests', 'browser', 'out');
const LEVERS = [
  'region-best', 'region-worst', 'region-choice', 'market-renewable', 'hardware-newer', 'precision-fp8', 'precision-int8', 'precision-int4',
  'batch-larger', 'model-smaller', 'output-shorter', 'prompt-shorter', 'retrain-continual', 'training-pue',
];

let server;
let browser;
const problems = [];

before(async () => {
  await mkdir(OUT, { recursive: true });
  server = await serve(DIST);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  assert.deepEqual(problems, [], 'no console or page errors');
});

async function open(path, { width = 1280, height = 900 } = {}) {
  const page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.setViewportSize({ width, height });
  await page.goto(`${server.origin}${path}`);
  await waitReady(page);
  return page;
}

const attr = (page, id, name) => page.locator(byTestId(id)).first().getAttribute(name);
const ratio = async (page) => Number(await attr(page, 'compare-ratio', 'data-value'));
const total = (page) => attr(page, 'total-co2e', 'data-value');

/** Waits until the comparison's ratio differs from `old` (a string or null). */
async function waitRatioNot(page, old) {
  await page.waitForFunction(
    ([sel, v]) => {
      const r = document.querySelector(sel)?.getAttribute('data-value');
      return r && r !== v;
    },
    [byTestId('compare-ratio'), old],
    { timeout: 5_000 },
  );
}

test('pin A, edit B: the comparison shows both, B − A and B/A, and says when the ranges overlap', async () => {
  const page = await open('/');
  try {
    assert.equal(await page.locator(byTestId('compare')).isVisible(), false, 'nothing pinned yet');
    const a = Number(await total(page));
    await page.locator(byTestId('compare-pin')).click();
    await page.waitForSelector(`${byTestId('compare')}:not([hidden])`);
    assert.equal(await ratio(page), 1, 'B is A until edited');
    assert.match(await page.locator(byTestId('compare-ratio')).textContent(), /1\.0×, within the uncertainty/);
    assert.equal(await attr(page, 'compare-ratio', 'data-overlap'), 'true');
    await setField(page, 'inference.batch', 4);
    await waitRatioNot(page, '1');
    const b = Number(await total(page));
    const r = await ratio(page);
    assert.ok(Math.abs(r - b / a) < 1e-9 * r, `ratio ${r} is B/A = ${b / a}`);
    assert.ok(r > 1, 'a batch of 4 costs more than one of 64');
    const text = await page.locator(byTestId('compare-ratio')).textContent();
    assert.match(text, /^\d+(\.\d+)?×/, text);
    const overlap = await attr(page, 'compare-ratio', 'data-overlap');
    const note = await page.locator(byTestId('compare-overlap')).textContent();
    assert.match(note, overlap === 'true' ? /overlap: the difference is within/ : /do not overlap/);
    assert.equal(overlap === 'true', text.includes('within the uncertainty'), 'an overlap is said beside the ratio');
    const rows = await page.locator(`${byTestId('compare')} .compare-table tbody tr`).allTextContents();
    assert.equal(rows.length, 7, rows.join('\n'));
    assert.match(rows[0], /Carbon/);
    assert.match(rows.join('\n'), /Break-even/);
    assert.match(rows[0], /\+/, 'B − A is signed');
  } finally {
    await page.close();
  }
});

test('swap, reset and unpin', async () => {
  const page = await open('/');
  try {
    await page.locator(byTestId('compare-pin')).click();
    await setField(page, 'inference.batch', 4);
    await waitRatioNot(page, '1');
    const r = await ratio(page);
    await page.locator(byTestId('compare-swap')).click();
    await waitRatioNot(page, String(r));
    assert.ok(Math.abs((await ratio(page)) - 1 / r) < 1e-9, 'swapped: the ratio is inverted');
    assert.equal(await page.locator(byTestId('field-inference.batch')).inputValue(), '64', 'the form shows the old A');
    await page.locator(byTestId('compare-reset')).click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-value') === '1', byTestId('compare-ratio'));
    assert.equal(await page.locator(byTestId('field-inference.batch')).inputValue(), '4', 'B is A (batch 4) again');
    await page.locator(byTestId('compare-unpin')).click();
    await page.waitForSelector(`${byTestId('compare')}[hidden]`, { state: 'attached' });
    await page.waitForFunction(() => !location.search.includes('a.v='), null, { timeout: 3_000 });
  } finally {
    await page.close();
  }
});

test('a comparison travels in the share link and reopens as it was', async () => {
  const page = await open('/');
  try {
    await page.locator(byTestId('compare-pin')).click();
    await setField(page, 'inference.region', 'fr');
    await waitRatioNot(page, '1');
    await page.waitForFunction(() => location.search.includes('a.v=1') && location.search.includes('inference.region=fr'), null, { timeout: 3_000 });
    const url = new URL(page.url());
    assert.match(url.search, /&a\.v=1&a\.preset=llama-2-70b/);
    assert.equal(await page.locator(byTestId('share-url')).inputValue(), page.url());
    const again = await open(url.pathname + url.search);
    try {
      assert.ok(await again.locator(byTestId('compare')).isVisible());
      assert.equal(await ratio(again), await ratio(page));
      assert.equal(await again.locator(byTestId('field-inference.region')).inputValue(), 'fr');
      assert.equal(await again.locator(byTestId('compare-ratio')).textContent(), await page.locator(byTestId('compare-ratio')).textContent());
    } finally {
      await again.close();
    }
    // The embed card of the comparison: A, B and the ratio.
    const card = await open(`${url.pathname}${url.search}&embed=1`, { width: 360 });
    try {
      assert.ok(await card.locator(byTestId('embed-card')).isVisible());
      const cmp = card.locator(`${byTestId('embed-card')} ${byTestId('compare')}`);
      assert.ok(await cmp.isVisible(), 'the card shows the comparison');
      assert.match(await cmp.locator(byTestId('compare-ratio')).textContent(), /×/);
      assert.match(await cmp.locator(byTestId('compare-a-co2e')).textContent(), /\d/);
      assert.match(await cmp.locator(byTestId('compare-b-co2e')).textContent(), /\d/);
      await card.screenshot({ path: join(OUT, 'compare-embed-360.png'), fullPage: true });
    } finally {
      await card.close();
    }
  } finally {
    await page.close();
  }
});

test('a link of one scenario opens without a comparison; an embed without one shows none', async () => {
  const page = await open('/?v=1&preset=llama-2-70b&inference.batch=32&embed=1');
  try {
    assert.equal(await page.locator(byTestId('compare')).isVisible(), false);
  } finally {
    await page.close();
  }
});

test('levers: each says its saving before a click, ranked; a click pins A and applies B', async () => {
  const page = await open('/');
  try {
    await page.waitForSelector(byTestId(`lever-${LEVERS[0]}`));
    const levers = await page.$$eval('[data-testid^="lever-"]', (els) =>
      els.map((el) => ({
        id: el.dataset.testid.slice(6),
        saving: Number(el.dataset.saving),
        kg: Number(el.dataset.savingKg),
        on: !el.disabled,
        text: el.textContent,
      })),
    );
    assert.deepEqual(levers.map((l) => l.id).sort(), [...LEVERS].sort(), 'every lever is listed');
    const on = levers.filter((l) => l.on);
    assert.ok(on.length >= 8, `${on.length} levers apply to the opening scenario`);
    for (let i = 1; i < on.length; i++) assert.ok(on[i - 1].kg >= on[i].kg, `ranked by saving: ${on.map((l) => `${l.id} ${l.kg}`)}`);
    for (const l of on.filter((l) => l.id !== 'market-renewable')) assert.match(l.text, /(saves|adds) \d/, l.text);
    for (const l of levers.filter((l) => !l.on)) assert.match(l.text, /Does not apply/, l.text);
    assert.ok(levers.findIndex((l) => !l.on) === -1 || levers.findIndex((l) => !l.on) >= on.length, 'those that do not apply come last');
    // Meta's Llama 2 counts the GPUs alone (PUE 1): no lower-PUE site.
    assert.equal(levers.find((l) => l.id === 'training-pue').on, false);

    // No region is picked yet: the region of choice waits for one.
    assert.equal(levers.find((l) => l.id === 'region-choice').on, false);
    const best = on[0];
    await page.locator(byTestId(`lever-${best.id}`)).click();
    await page.waitForSelector(`${byTestId('compare')}:not([hidden])`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-value') !== '1', byTestId('compare-ratio'));
    const r = await ratio(page);
    assert.ok(Math.abs(r - (1 - best.saving)) < 1e-9, `B/A ${r} is 1 − the saving promised (${best.saving})`);
    await page.screenshot({ path: join(OUT, 'levers-applied-desktop-en.png') });

    // Cleaner electricity: the form now names the cleanest region for serving.
    await page.locator(byTestId('compare-unpin')).click();
    await page.locator(byTestId('lever-region-best')).click();
    await page.waitForFunction(() => location.search.includes('a.v=1'), null, { timeout: 3_000 });
    assert.notEqual(await page.locator(byTestId('field-inference.region')).inputValue(), 'us');
    assert.ok((await ratio(page)) < 1);
  } finally {
    await page.close();
  }
});

async function download(page, id) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.locator(byTestId(id)).click()]);
  return { name: dl.suggestedFilename(), body: await readFile(await dl.path()) };
}

const leverOf = (page, id) =>
  page.locator(byTestId(`lever-${id}`)).evaluate((el) => ({ on: !el.disabled, kg: Number(el.dataset.savingKg), saving: Number(el.dataset.saving), text: el.textContent }));

test('the comparison draws the split of A and B on one chart, with its PNG and SVG', async () => {
  const page = await open('/');
  try {
    assert.equal(await page.locator(byTestId('chart-compare')).isVisible(), false, 'no chart before a pin');
    await page.locator(byTestId('compare-pin')).click();
    await setField(page, 'inference.batch', 4);
    await waitRatioNot(page, '1');
    const sel = byTestId('chart-compare');
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.draws ?? 0) > 0, sel, { timeout: 5_000 });
    const box = await page.locator(sel).boundingBox();
    assert.ok(box.width > 300 && box.height > 150, `the chart has room: ${JSON.stringify(box)}`);
    assert.ok((await drawnPixels(page, sel)) > 2000, 'something is drawn');
    // Said in words too: every part with both values, and both totals.
    const rows = await page.locator(`${byTestId('compare')} figure .sr-only tr`).allTextContents();
    assert.ok(rows.some((r) => /^Pre-training|^Training/.test(r) && /A .*· B /.test(r)), rows.join('\n'));
    assert.ok(rows.some((r) => /^Total/.test(r)), rows.join('\n'));
    const png = await download(page, 'export-png-compare');
    assert.equal(png.name, 'llm-footprint-compare.png');
    assert.deepEqual([...png.body.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const svg = await download(page, 'export-svg-compare');
    assert.equal(svg.name, 'llm-footprint-compare.svg');
    const text = svg.body.toString();
    assert.match(text, /Emissions of A and of B/);
    assert.match(text, />\s*A · Total: [^<]+</);
    assert.match(text, />\s*B · Total: [^<]+</);
    assert.ok(!text.includes('…'), 'nothing is shortened');
    // Unpinned: the chart goes with the comparison.
    await page.locator(byTestId('compare-unpin')).click();
    await page.waitForSelector(`${byTestId('compare')}[hidden]`, { state: 'attached' });
    assert.equal(await page.locator(sel).isVisible(), false);
  } finally {
    await page.close();
  }
});

test('a region of choice says its saving before a click; a click pins A and applies it', async () => {
  const page = await open('/');
  try {
    assert.equal((await leverOf(page, 'region-choice')).on, false);
    await page.locator(byTestId('choose-region')).selectOption('fr');
    await page.waitForFunction((sel) => !document.querySelector(sel)?.disabled, byTestId('lever-region-choice'), { timeout: 5_000 });
    const fr = await leverOf(page, 'region-choice');
    assert.ok(fr.kg > 0, `France's grid saves against the US's: ${fr.kg}`);
    assert.match(fr.text, /France/);
    assert.match(fr.text, /saves \d/);
    await page.locator(byTestId('lever-region-choice')).click();
    await page.waitForSelector(`${byTestId('compare')}:not([hidden])`);
    await waitRatioNot(page, null);
    const r = await ratio(page);
    assert.ok(Math.abs(r - (1 - fr.saving)) < 1e-9, `B/A ${r} is 1 − the saving promised (${fr.saving})`);
    assert.equal(await page.locator(byTestId('field-inference.region')).inputValue(), 'fr');
    // Now B runs there: the same choice no longer applies.
    await page.waitForFunction((sel) => document.querySelector(sel)?.disabled, byTestId('lever-region-choice'), { timeout: 5_000 });
  } finally {
    await page.close();
  }
});

test('market-based accounting shows the market figure beside the location-based one, saving none', async () => {
  const page = await open('/');
  try {
    const before = await leverOf(page, 'market-renewable');
    assert.equal(before.on, true);
    assert.equal(before.kg, 0, 'location-based carbon does not fall');
    assert.match(before.text, /76%/);
    assert.match(before.text, /market-based .* beside location-based/);
    assert.match(await page.locator('#lever-share-help').textContent(), /76%.*Clarity AI/);
    // A share outside [0, 100] keeps the lever's last one and says so.
    await page.locator(byTestId('renewable-share')).fill('150');
    await page.waitForFunction((sel) => /\[0, 100\]/.test(document.querySelector(sel)?.textContent), byTestId('renewable-share-error'), { timeout: 5_000 });
    assert.match((await leverOf(page, 'market-renewable')).text, /76%/);
    await page.locator(byTestId('renewable-share')).fill('50');
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('50%'), byTestId('lever-market-renewable'), { timeout: 5_000 });
    assert.equal((await page.locator(byTestId('renewable-share-error')).textContent()).trim(), '');
    const half = await leverOf(page, 'market-renewable');
    // Half the electricity at 0 g: the market-based figure is half the location-based one.
    const [market, location] = half.text.match(/market-based ([\d.,]+ k?t) beside location-based ([\d.,]+ k?t)/).slice(1);
    const t = (v) => Number(v.replace(/[^\d.]/g, '')) * (v.includes('kt') ? 1000 : 1);
    assert.ok(Math.abs(t(market) / t(location) - 0.5) < 0.01, `${market} vs ${location}`);
    const want = await total(page);
    await page.locator(byTestId('lever-market-renewable')).click();
    await page.waitForSelector(`${byTestId('compare')}:not([hidden])`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() !== '', byTestId('market-based'), { timeout: 5_000 });
    assert.equal(await ratio(page), 1, 'B/A is 1: the location-based totals are the same');
    assert.equal(await total(page), want);
    assert.match(await page.locator(byTestId('market-based')).textContent(), new RegExp(`Market-based.*${market.replace('.', '\\.')}`));
    assert.equal(await page.locator(byTestId('field-inference.market_g_per_kwh')).inputValue() !== '', true);
  } finally {
    await page.close();
  }
});

test("a link's notices about the pinned scenario follow the reader's language", async () => {
  const q = '/?v=1&preset=llama-2-70b&a.v=1&a.preset=llama-2-70b&a.training.mfu=3&a.bogus=1';
  const zh = await open(`${q}&lang=zh`);
  try {
    const text = await zh.locator(byTestId('link-notices')).textContent();
    assert.match(text, /A（固定的情景）：模型算力利用率（MFU）必须在 \[0\.001, 1\] 之间，当前为 3；已忽略/);
    assert.match(text, /A（固定的情景）：“bogus”不是情景字段；已忽略/);
    assert.ok(await zh.locator(byTestId('compare')).isVisible(), 'A is still pinned, without the bad fields');
  } finally {
    await zh.close();
  }
  const en = await open(q);
  try {
    assert.match(await en.locator(byTestId('link-notices')).textContent(), /A \(pinned\): Model FLOPs utilisation \(MFU\) must be in \[0\.001, 1\], got 3; ignored/);
  } finally {
    await en.close();
  }
});

test('in Chinese: the comparison and the levers', async () => {
  const page = await open('/?v=1&preset=llama-2-70b&inference.batch=8&a.v=1&a.preset=llama-2-70b&a.inference.batch=64&lang=zh');
  try {
    assert.match(await page.locator('#compare-title').textContent(), /对比/);
    assert.match(await page.locator(byTestId('compare-pin')).textContent(), /固定/);
    assert.match(await page.locator(byTestId('compare-overlap')).textContent(), /90% 区间/);
    const lever = await page.locator(byTestId('lever-output-shorter')).textContent();
    assert.match(lever, /更少的输出 token/);
    assert.match(lever, /减少 \d/);
  } finally {
    await page.close();
  }
});

test('screenshots of a comparison and of the levers, desktop and phone, English and Chinese', async () => {
  const q = '/?v=1&preset=llama-2-70b&inference.accelerators=4&inference.batch=64&inference.region=fr&fine_tuning.method=lora&a.v=1&a.preset=llama-2-70b&a.fine_tuning.method=lora&a.inference.accelerators=4&a.inference.batch=64&a.inference.region=us';
  for (const [name, width, height] of [['desktop', 1280, 900], ['narrow-desktop', 1024, 800], ['phone', 375, 800]]) {
    for (const lang of ['en', 'zh']) {
      const page = await open(`${q}&lang=${lang}`, { width, height });
      try {
        await page.locator(byTestId('choose-region')).selectOption('se');
        await page.waitForFunction((sel) => !document.querySelector(sel)?.disabled, byTestId('lever-region-choice'), { timeout: 5_000 });
        await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.draws ?? 0) > 0, byTestId('chart-compare'), { timeout: 5_000 });
        await page.locator(byTestId('compare')).scrollIntoViewIfNeeded();
        await page.locator(byTestId('compare')).screenshot({ path: join(OUT, `compare-${name}-${lang}.png`) });
        // Tall enough for the whole list, so the sticky header does not cover its top.
        const tall = await page.locator(byTestId('levers')).evaluate((el) => el.getBoundingClientRect().height);
        await page.setViewportSize({ width, height: Math.max(height, Math.ceil(tall) + 400) });
        await page.locator(byTestId('levers')).screenshot({ path: join(OUT, `levers-${name}-${lang}.png`) });
        const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${name} ${lang}: the page is ${overflow}px wider than the screen`);
        // Every column of the comparison table shows within its card (B/A was cut at 1280 px).
        const cut = await page.locator(`${byTestId('compare')} .compare-table`).evaluate((t) => {
          const box = t.parentElement.getBoundingClientRect();
          return Math.max(t.getBoundingClientRect().right, t.scrollWidth + t.getBoundingClientRect().left) - box.right;
        });
        assert.ok(cut <= 0.5, `${name} ${lang}: the comparison table runs ${cut}px past its card`);
      } finally {
        await page.close();
      }
    }
  }
});
