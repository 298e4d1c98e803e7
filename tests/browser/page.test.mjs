// End-to-end tests of the built page (dist/, release build) in Debian's Chromium.
// Run: `make test`, or after `make dist`: `node --test tests/browser/`.
//
// They drive the page through its test hooks (data-testid="..." and <body data-ready="true">) and
// check what a visitor would see: drawn charts (pixels, not just elements), results that follow the
// inputs, an invalid input refused with its valid range, no errors, no request leaving the site,
// and no sideways scrolling on a small phone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DIST, byTestId, launch, setField, waitReady } from './browser.mjs';
import { serve } from './serve.mjs';

const CHARTS = ['chart-split', 'chart-cumulative', 'chart-context', 'chart-uncertainty'];
const RESULTS = ['total-co2e', 'total-energy', 'total-water', 'per-query-energy', 'breakeven', 'range-co2e'];

let server; // the static server for dist/
let browser; // { context, page, close }
const requests = []; // every URL any page asked for
const problems = []; // console errors, page errors, failed or refused requests, CSP violations

before(async () => {
  server = await serve(DIST);
  browser = await launch();
  browser.context.on('request', (r) => requests.push(r.url()));
  browser.context.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  browser.context.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  watch(browser.page);
  await browser.page.goto(`${server.origin}/`);
  try {
    await waitReady(browser.page);
  } catch (e) {
    const seen = problems.join('\n  ') || '(nothing logged)';
    throw new Error(`the page never set <body data-ready="true">; on the page:\n  ${seen}`, { cause: e });
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function watch(page) {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url}:${m.location().lineNumber})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // CSP violations also log a console error; this names the directive.
  page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
    ),
  );
}

const text = (page, id) => page.locator(byTestId(id)).first().textContent();

/** The field's value as typed; empty when the field shows its default as a placeholder. */
async function fieldValue(page, path) {
  return page.locator(byTestId(`field-${path}`)).first().inputValue();
}

/** The number the field stands for: what is typed, else the default in its placeholder. */
async function fieldNumber(page, path) {
  const field = page.locator(byTestId(`field-${path}`)).first();
  const typed = await field.inputValue();
  return Number((typed || (await field.getAttribute('placeholder')) || '').replace(/[\s,_]/g, ''));
}

/** Waits until the test id's text differs from `before`, and returns the new text. */
async function changedText(page, id, before, timeout = 5_000) {
  await page.waitForFunction(
    ([sel, old]) => {
      const t = document.querySelector(sel)?.textContent;
      return t != null && t !== old;
    },
    [byTestId(id), before],
    { timeout },
  );
  return text(page, id);
}

/** Lets the page settle: two animation frames and a short pause for any debounce. */
async function settle(page, ms = 400) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(ms);
}

test('the page loads with its results', async () => {
  const page = browser.page;
  assert.equal(await page.title(), 'llm-footprint — the environmental cost of a language model');
  assert.ok(await page.locator(byTestId('results')).first().isVisible(), 'results are visible');
  for (const id of RESULTS) {
    const t = (await text(page, id))?.trim() ?? '';
    assert.match(t, /\d/, `${id} shows a number, got ${JSON.stringify(t)}`);
  }
});

test('every chart is drawn on its canvas (pixels, not just an element)', async () => {
  for (const id of CHARTS) {
    const p = await browser.page.evaluate((sel) => {
      let c = document.querySelector(sel);
      if (c && c.tagName !== 'CANVAS') c = c.querySelector('canvas');
      if (!c) return { missing: true };
      const box = c.getBoundingClientRect();
      if (c.width === 0 || c.height === 0) return { width: c.width, height: c.height };
      const data = new Uint32Array(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer);
      const counts = new Map();
      for (const px of data) counts.set(px, (counts.get(px) ?? 0) + 1);
      const background = Math.max(...counts.values());
      return {
        width: c.width,
        height: c.height,
        shown: box.width > 0 && box.height > 0,
        colours: counts.size,
        drawn: data.length - background,
        pixels: data.length,
      };
    }, byTestId(id));
    assert.ok(!p.missing, `${id}: no canvas`);
    assert.ok(p.width > 0 && p.height > 0, `${id}: canvas is ${p.width}×${p.height}`);
    assert.ok(p.shown, `${id}: canvas takes no space on the page`);
    assert.ok(p.colours > 1, `${id}: one colour only, nothing drawn`);
    assert.ok(
      p.drawn >= Math.max(100, p.pixels * 0.002),
      `${id}: only ${p.drawn} of ${p.pixels} pixels differ from the background`,
    );
  }
});

test('editing a field changes the total', async () => {
  const page = browser.page;
  const total = await text(page, 'total-co2e');
  const perQuery = await text(page, 'per-query-energy');
  const batch = await fieldNumber(page, 'inference.batch');
  await setField(page, 'inference.batch', batch === 8 ? 16 : 8);
  const next = await changedText(page, 'total-co2e', total);
  assert.notEqual(next, total);
  await changedText(page, 'per-query-energy', perQuery);
  assert.ok(!(await page.locator(byTestId('stale-note')).first().isVisible().catch(() => false)), 'no stale note for a valid edit');
});

test('an invalid value names its range and leaves the last result standing', async () => {
  const page = browser.page;
  const mfu = await fieldValue(page, 'training.mfu');
  const total = await text(page, 'total-co2e');

  await setField(page, 'training.mfu', 3);
  // The message element is always there (for aria-live); it is the text that comes and goes.
  const error = byTestId('error-training.mfu');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim(), error, { timeout: 5_000 });
  assert.ok(await page.locator(error).first().isVisible(), 'the error message is visible');
  // The valid range is [0.001, 1]: the message must say so, in whatever words.
  assert.match(await page.locator(error).first().textContent(), /0\.001[^0-9]{1,12}1(?![0-9])/, 'the error names the range 0.001…1');
  await page.locator(byTestId('stale-note')).first().waitFor({ state: 'visible', timeout: 5_000 });
  await settle(page);
  assert.equal(await text(page, 'total-co2e'), total, 'the total stays what it was');

  // Putting the old value back clears the error and the note, and gives the same total.
  await setField(page, 'training.mfu', mfu);
  await page.waitForFunction((sel) => !document.querySelector(sel)?.textContent.trim(), error, { timeout: 5_000 });
  await page.locator(byTestId('stale-note')).first().waitFor({ state: 'hidden', timeout: 5_000 });
  await settle(page);
  assert.equal(await text(page, 'total-co2e'), total);
});

test('a 360 px wide phone screen does not scroll sideways', async () => {
  const page = await browser.context.newPage();
  watch(page);
  try {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.origin}/`);
    await waitReady(page);
    await settle(page, 200);
    const { scrollWidth, widest } = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > vw + 0.5)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : el.className ? `.${String(el.className).split(' ')[0]}` : ''}`);
      return { scrollWidth: document.scrollingElement.scrollWidth, widest: wide };
    });
    assert.ok(scrollWidth <= 360, `page is ${scrollWidth}px wide at 360px; sticking out: ${widest.join(', ')}`);
  } finally {
    await page.close();
  }
});

// The phase table has fixed columns (an edit then repaints only the cells that changed), so a long
// figure must wrap inside its cell, never run into the next one: every preset, both languages, a
// phone and a narrow tablet width, and a scenario served at the top of its range (the longest
// figures: "… million m³").
test('the headline figures fit their cards, and the phase, ladder and water tables their columns (every preset, en and zh, 360, 1024 and 1440 px)', async () => {
  const presets = await browser.page
    .locator(`${byTestId('field-model.preset')} option`)
    .evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(presets.length >= 10, `only ${presets.length} presets in the picker`);
  const page = await browser.context.newPage();
  watch(page);
  const overflowing = [];
  const check = async (what) => {
    await settle(page, 0);
    const rows = await page.locator('.phase-table tbody tr').count();
    assert.ok(rows >= 4, `${what}: the phase table has ${rows} rows`);
    const bad = await page.evaluate(() =>
      [...document.querySelectorAll('.phase-table th, .phase-table td, .kpis .kpi-value, .ladder td, .water-split td')]
        .filter((c) => c.scrollWidth > c.clientWidth + 0.5)
        .map((c) => `"${c.textContent}" (${c.scrollWidth} > ${c.clientWidth} px)`),
    );
    for (const b of bad) overflowing.push(`${what}: ${b}`);
  };
  try {
    // 1024 px is where the results column is narrowest beside the form.
    for (const width of [360, 1024, 1440]) {
      await page.setViewportSize({ width, height: 800 });
      for (const lang of ['en', 'zh']) {
        await page.goto(`${server.origin}/?lang=${lang}`);
        await waitReady(page);
        for (const p of presets) {
          await page.locator(byTestId('field-model.preset')).first().selectOption(p);
          await check(`${width} px ${lang} ${p}`);
        }
        // A reinforcement-learning run adds its rollout and update rows.
        await page.goto(`${server.origin}/?v=1&preset=deepseek-v3&fine_tuning.method=rl&lang=${lang}`);
        await waitReady(page);
        await check(`${width} px ${lang} deepseek-v3 with RL post-training`);
        // Served at the top of its range: the longest figures ("… million m³").
        await page.goto(`${server.origin}/?v=1&preset=llama-2-70b&inference.queries_per_day=1e12&inference.days=3650&lang=${lang}`);
        await waitReady(page);
        await check(`${width} px ${lang} served 1e12 queries a day for ten years`);
      }
    }
    assert.deepEqual(overflowing, [], `figures overflow their cells:\n${overflowing.join('\n')}`);
  } finally {
    await page.close();
  }
});

test('the RL fields show for method rl alone, and the phase table splits its rollouts', async () => {
  const page = await browser.context.newPage();
  watch(page);
  const shown = (path) => page.locator(byTestId(`field-${path}`)).first().isVisible();
  try {
    await page.goto(`${server.origin}/?v=1&preset=deepseek-v3&fine_tuning.method=rl`);
    await waitReady(page);
    for (const f of ['rl_algorithm', 'rl_prompts', 'rl_samples_per_prompt', 'rl_generated_tokens', 'rl_max_generated_tokens']) {
      assert.ok(await shown(`fine_tuning.${f}`), `fine_tuning.${f} is shown for rl`);
    }
    assert.ok(!(await shown('fine_tuning.tokens')), 'fine_tuning.tokens is hidden for rl');
    assert.equal(await page.locator('.phase-table tr.sub').count(), 2, 'rollout and update rows');
    await setField(page, 'fine_tuning.method', 'lora');
    await page.locator(byTestId('field-fine_tuning.rl_prompts')).first().waitFor({ state: 'hidden', timeout: 5_000 });
    assert.ok(await shown('fine_tuning.tokens'), 'fine_tuning.tokens is shown for lora');
    await settle(page);
    assert.equal(await page.locator('.phase-table tr.sub').count(), 0, 'no split for lora');
  } finally {
    await page.close();
  }
});

test('the Content-Security-Policy allows only this site', async () => {
  const csp = await browser.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.ok(csp, 'a CSP <meta> is present');
  assert.match(csp, /default-src 'self'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|https?:|\*/, `CSP is strict: ${csp}`);
});

// These two run last so that they cover everything above.
test('no request leaves the site', () => {
  assert.ok(requests.length > 0);
  const own = (url) => url.startsWith(`${server.origin}/`) || /^(data|blob):/.test(url);
  assert.deepEqual(requests.filter((u) => !own(u)), [], 'requests to other origins');
});

test('no console errors, page errors or failed requests over the whole run', () => {
  assert.deepEqual(problems, []);
});
