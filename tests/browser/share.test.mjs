// End-to-end tests of share links, embedding and exports (issue 4) against the built site
// (dist/, or DIST_DIR). Run: `node --test tests/browser/share.test.mjs`.
//
// They check what a reader relies on: the address always reproduces the inputs, an embed card
// fits from 320 to 800 px and tells its parent its height, hostile links are shown as text and
// never run, and every export downloads (the JSON one reads back to the same total).
// Screenshots of the embed card and dialog go to tests/browser/out/ (git-ignored).
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { DIST, ROOT, byTestId, drawnPixels, launch, setField, waitReady } from './browser.mjs';
import { serve } from './serve.mjs';

const OUT = join(ROOT, 'tests', 'browser', 'out');

let server;
let browser;
const problems = []; // console errors, page errors, dialogs, CSP violations, failed requests

before(async () => {
  await mkdir(OUT, { recursive: true });
  server = await serve(DIST);
  browser = await launch();
  browser.context.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  browser.context.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  watch(browser.page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function watch(page, sink = problems) {
  page.on('console', (m) => {
    if (m.type() === 'error') sink.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => sink.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    sink.push(`dialog (${d.type()}): ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
    ),
  );
}

/** A fresh tab at `path`, waited on until its results and charts are drawn. */
async function open(path, { width = 1280, height = 900, sink = problems } = {}) {
  const page = await browser.context.newPage();
  watch(page, sink);
  await page.setViewportSize({ width, height });
  await page.goto(`${server.origin}${path}`);
  await waitReady(page);
  return page;
}

/** Every field's value (inputs and selects by test id, checkboxes by checked state). */
function fieldValues(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid^="field-"]')].map((el) => [
        el.dataset.testid,
        el.type === 'checkbox' ? String(el.checked) : el.value,
      ]),
    ),
  );
}

const total = (page) => page.locator(byTestId('total-co2e')).first().getAttribute('data-value');

async function waitTotalNot(page, old) {
  await page.waitForFunction(
    ([sel, v]) => {
      const t = document.querySelector(sel)?.getAttribute('data-value');
      return t && t !== v;
    },
    [byTestId('total-co2e'), old],
    { timeout: 5_000 },
  );
}

test('an edit is written to the address, and opening it reproduces the inputs and the total', async () => {
  const page = await open('/');
  try {
    assert.equal(new URL(page.url()).search, '', 'a plain visit keeps a clean address');
    const before = await total(page);
    await setField(page, 'inference.batch', 48);
    await setField(page, 'training.mfu', 0.37);
    await waitTotalNot(page, before);
    await page.waitForFunction(() => location.search.includes('training.mfu=0.37'), null, { timeout: 3_000 });
    const url = page.url();
    assert.match(url, /[?&]v=1(&|$)/);
    assert.match(url, /inference\.batch=48/);
    assert.equal(await page.locator(byTestId('share-url')).inputValue(), url, 'the share box shows the address');

    const again = await open(new URL(url).pathname + new URL(url).search);
    try {
      assert.equal(await total(again), await total(page));
      assert.deepEqual(await fieldValues(again), await fieldValues(page));
      assert.ok(!(await again.locator(byTestId('link-notices')).isVisible()), 'a clean link gives no notice');
    } finally {
      await again.close();
    }
  } finally {
    await page.close();
  }
});

test('the opening example is labelled as such, shared as only the change, and left behind by a preset', async () => {
  const page = await open('/');
  try {
    assert.ok(await page.locator(byTestId('example-note')).isVisible(), 'the page says it opens on an example');
    for (const path of ['fine_tuning.method', 'inference.batch', 'inference.region', 'inference.pue']) {
      assert.ok(await page.locator(byTestId(`example-${path}`)).isVisible(), `${path} is labelled as the example's choice`);
    }
    assert.equal(await page.locator(byTestId('example-model.preset')).count(), 0, 'the preset itself is not a "choice"');

    // One change: the link names the example and holds only that change.
    const before = await total(page);
    await page.locator(byTestId('field-inference.region')).selectOption('fr');
    await waitTotalNot(page, before);
    await page.waitForFunction(() => location.search.includes('region=fr'), null, { timeout: 3_000 });
    assert.equal(new URL(page.url()).search, '?v=1&ex=1&inference.region=fr');
    assert.equal(await page.locator(byTestId('example-inference.region')).count(), 0, 'the reader\'s own value is not labelled');
    const again = await open(new URL(page.url()).search.replace(/^/, '/'));
    try {
      assert.equal(await total(again), await total(page), 'the short link opens on the same numbers');
      assert.deepEqual(await fieldValues(again), await fieldValues(page));
      assert.ok(await again.locator(byTestId('example-inference.batch')).isVisible(), 'and still labels the example');
    } finally {
      await again.close();
    }

    // Another preset: the example's choices stay behind, the reader's region stays.
    await page.locator(byTestId('field-model.preset')).selectOption('gpt-3-175b');
    await page.waitForFunction(() => location.search.includes('preset=gpt-3-175b'), null, { timeout: 3_000 });
    assert.ok(await page.locator(byTestId('example-note')).isHidden(), 'the example note goes');
    assert.equal(await page.locator('.example-tag').count(), 0, 'no field is labelled any more');
    let v = await fieldValues(page);
    assert.equal(v['field-inference.region'], 'fr');
    for (const path of ['fine_tuning.method', 'inference.batch', 'inference.pue', 'inference.accelerators', 'inference.queries_per_day']) {
      assert.equal(v[`field-${path}`], '', `${path} falls back to its default`);
    }
    assert.equal(new URL(page.url()).search, '?v=1&preset=gpt-3-175b&inference.region=fr');

    // Describe your own model: nothing of the preset is carried over.
    await page.locator(byTestId('field-model.params')).fill('7e9');
    await page.locator(byTestId('field-model.preset')).selectOption('');
    await page.waitForFunction(() => !location.search.includes('preset='), null, { timeout: 3_000 });
    v = await fieldValues(page);
    const carried = Object.entries(v).filter(
      ([k, val]) => /^field-(model|training)\./.test(k) && val !== '' && k !== 'field-model.preset',
    );
    assert.deepEqual(carried, [], 'no model or training field is carried over from GPT-3');
    const name = await page.locator('.scenario-name').first().textContent();
    assert.doesNotMatch(name, /GPT-3/, `the results name no preset: ${name}`);

    // Nothing served: the results menu has no per-query entry.
    assert.ok(await page.locator(byTestId('menu-res-per-query')).isVisible());
    await page.locator(byTestId('field-inference.queries_per_day')).fill('0');
    await page.waitForFunction((sel) => document.querySelector(sel)?.hidden, byTestId('menu-res-per-query'), { timeout: 3_000 });
  } finally {
    await page.close();
  }
});

test('page settings in the link (theme) are kept when the address is rewritten', async () => {
  const page = await open('/?v=1&preset=llama-2-70b&theme=dark');
  try {
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const before = await total(page);
    await setField(page, 'inference.batch', 12);
    await waitTotalNot(page, before);
    await page.waitForFunction(() => location.search.includes('inference.batch=12'), null, { timeout: 3_000 });
    assert.match(page.url(), /[?&]theme=dark(&|$)/);
    assert.doesNotMatch(page.url(), /embed=/);
  } finally {
    await page.close();
  }
});

test('the copy-link button copies or selects the link', async () => {
  const page = await open('/');
  try {
    await page.locator(byTestId('copy-link')).click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim(), byTestId('copy-status'), { timeout: 3_000 });
    const selected = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      return document.activeElement === el && el.selectionEnd - el.selectionStart === el.value.length;
    }, byTestId('share-url'));
    const status = await page.locator(byTestId('copy-status')).textContent();
    assert.ok(/copied/i.test(status) || selected, `neither copied nor selected: ${status}`);
    // The opening page's link names the example rather than repeating its values.
    assert.match(await page.locator(byTestId('share-url')).inputValue(), /^http:\/\/127\.0\.0\.1:\d+\/\?v=1&ex=1$/);
  } finally {
    await page.close();
  }
});

for (const width of [320, 800]) {
  test(`embed mode at ${width} px: the card only, no overflow, a drawn chart`, async () => {
    const page = await open('/?v=1&preset=llama-2-70b&inference.batch=32&embed=1', { width, height: 900 });
    try {
      assert.ok(await page.locator(byTestId('embed-card')).isVisible(), 'the card is visible');
      assert.equal(await page.locator('form, [data-testid^="field-"], [data-testid="results"]').count(), 0, 'no form in embed mode');
      // The card says what one query is and which data computed it.
      assert.match(await page.locator(byTestId('embed-query')).textContent(), /400 tokens in, 350 out; .* a day for 365 days; grid \d/);
      // A phase that did not happen is not listed as 0 in the split (no fine-tuning here).
      assert.doesNotMatch(await page.locator('[data-testid="embed-card"]').textContent(), /Fine-tuning\s*0 /);
      const { scrollWidth, sticking } = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        return {
          scrollWidth: document.scrollingElement.scrollWidth,
          sticking: [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > vw + 0.5)
            .slice(0, 5)
            .map((el) => el.tagName.toLowerCase() + (el.className ? `.${el.className}` : '')),
        };
      });
      assert.ok(scrollWidth <= width, `the card is ${scrollWidth}px wide at ${width}px: ${sticking.join(', ')}`);
      assert.ok((await drawnPixels(page, byTestId('chart-split'))) > 100, 'the split chart is drawn');
      assert.match(await page.locator(byTestId('total-co2e')).textContent(), /\d/);
      const full = page.locator(byTestId('open-full'));
      assert.equal(await full.getAttribute('target'), '_blank');
      assert.match(await full.getAttribute('rel'), /noopener/);
      const href = await full.getAttribute('href');
      assert.doesNotMatch(href, /embed=/, 'the full calculator link leaves embed mode');
      assert.match(href, /inference\.batch=32/);
      for (const theme of ['light', 'dark']) {
        await page.goto(`${server.origin}/?v=1&preset=llama-2-70b&inference.batch=32&theme=${theme}&embed=1`);
        await waitReady(page);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const [r] = bg.match(/\d+/g).map(Number);
        assert.ok(theme === 'dark' ? r < 80 : r > 200, `${theme} theme background is ${bg}`);
        await page.screenshot({ path: join(OUT, `embed-${width}-${theme}.png`), fullPage: true });
      }
    } finally {
      await page.close();
    }
  });

  test(`embed mode at ${width} px in an iframe posts its height to the parent`, async () => {
    const parentUrl = `${server.origin}/__parent-${width}.html`;
    const page = await browser.context.newPage();
    watch(page);
    try {
      await page.route(parentUrl, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><body><script>
            window.heights = [];
            addEventListener('message', (e) => {
              if (e.data && e.data.type === 'llm-footprint:height') window.heights.push(e.data.height);
            });
          </script><iframe src="/?embed=1" width="${width}" height="300"></iframe></body>`,
        }),
      );
      await page.setViewportSize({ width: width + 40, height: 900 });
      await page.goto(parentUrl);
      await page.waitForFunction(() => window.heights.length > 0, null, { timeout: 30_000 });
      const frame = page.frames().find((f) => f.url().includes('embed=1'));
      assert.ok(frame, 'the embed frame loaded');
      await waitReady(frame);
      await page.waitForTimeout(300);
      const heights = await page.evaluate(() => window.heights);
      const last = heights.at(-1);
      assert.ok(Number.isFinite(last) && last > 200 && last < 3000, `posted heights: ${heights}`);
      // Inside the frame: where the card ends, from the top of the embedded document.
      const bottom = await frame.evaluate((sel) => document.querySelector(sel).getBoundingClientRect().bottom + scrollY, byTestId('embed-card'));
      assert.ok(Math.abs(last - Math.ceil(bottom)) <= 2, `posted ${last}, the card ends at ${bottom}`);
    } finally {
      await page.close();
    }
  });
}

const HOSTILE = [
  ['a future link version', '?v=9&inference.batch=8', true],
  ['a negative batch', '?inference.batch=-1', true],
  ['a script as the name', '?name=%3Cscript%3Ealert(1)%3C%2Fscript%3E', false],
  ['markup as the preset', '?preset=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', true],
  ['huge numbers', '?v=1&inference.batch=1e400&training.tokens=1e308&inference.days=99999999999999999999', true],
  ['a truncated link', '?v=1&inference.ba', true],
  ['a bad theme', '?theme=%3Cstyle%3E&inference.batch=16', true],
];

for (const [what, query, notice] of HOSTILE) {
  test(`a hostile link (${what}) opens with a result, ${notice ? 'a notice' : 'its text as text'}, and runs nothing`, async () => {
    const seen = [];
    const page = await open(`/${query}`, { sink: seen });
    try {
      await page.waitForTimeout(200);
      assert.match(await page.locator(byTestId('total-co2e')).textContent(), /\d/, 'a result is shown');
      assert.ok(Number(await total(page)) > 0);
      const notices = page.locator(byTestId('link-notices'));
      if (notice) {
        assert.ok(await notices.isVisible(), 'the notice box is visible');
        assert.match(await notices.textContent(), /Ignored from the link:.+\S/s);
      }
      const injected = await page.evaluate(() => ({
        scripts: [...document.scripts].filter((s) => /alert/.test(s.textContent)).length,
        images: document.querySelectorAll('img').length,
        styles: document.querySelectorAll('body style').length,
      }));
      assert.deepEqual(injected, { scripts: 0, images: 0, styles: 0 }, 'nothing from the link became markup');
      if (query.includes('name=')) {
        assert.match(await page.locator('.scenario-name').textContent(), /<script>alert\(1\)<\/script>/, 'the name is shown as text');
      }
      // The address is rewritten to the clean link of what was kept.
      await page.waitForFunction(() => /^\?v=1/.test(location.search), null, { timeout: 3_000 });
      assert.doesNotMatch(page.url(), /onerror|inference\.ba(&|$)|v=9/);
      assert.deepEqual(seen, [], 'no console errors or dialogs');
    } finally {
      await page.close();
    }
  });
}

async function download(page, id) {
  // Chromium drops one of a rapid burst of downloads from a page (seen: the 11th of 12 clicked
  // back to back); a reader never clicks that fast, so the test paces itself like one.
  await page.waitForTimeout(500);
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.locator(byTestId(id)).click({ timeout: 9_000 })]).catch(async (e) => {
    const status = await page.evaluate(() => [...document.querySelectorAll('[aria-live]')].map((n) => n.textContent).join(' | '));
    throw new Error(`${id}: ${e.message}; page says: ${status}; problems: ${problems.join('; ')}`);
  });
  const path = await dl.path();
  return { name: dl.suggestedFilename(), body: await readFile(path), path };
}

test('every export downloads, and the scenario JSON imports back to the same total', async () => {
  const page = await open('/');
  try {
    await setField(page, 'inference.batch', 24);
    await page.waitForTimeout(500);
    const want = await total(page);

    const json = await download(page, 'export-json');
    assert.equal(json.name, 'llm-footprint-scenario.json');
    const doc = JSON.parse(json.body.toString());
    assert.equal(doc.scenario.inference.batch, 24);
    assert.equal(doc.scenario.version, 1);
    // The results travel with it: the tool, the data and every input with its origin.
    assert.match(doc.results.tool, /^llm-footprint /);
    assert.equal(doc.results.inputs['inference.batch'].origin, 'scenario');
    assert.equal(String(doc.results.total.co2e_kg), want);

    const csv = await download(page, 'export-csv');
    assert.match(csv.name, /\.csv$/);
    assert.ok(csv.body.toString().split('\n').length > 5, 'the CSV has rows');

    const md = await download(page, 'export-markdown');
    assert.match(md.name, /\.md$/);
    assert.match(md.body.toString(), /inference\.batch=24/, 'the statement carries the link');

    const tex = await download(page, 'export-latex');
    assert.match(tex.name, /\.tex$/);
    assert.match(tex.body.toString(), /\\/);

    for (const chart of ['split', 'cumulative', 'context', 'uncertainty']) {
      const png = await download(page, `export-png-${chart}`);
      assert.equal(png.name, `llm-footprint-${chart}.png`);
      assert.deepEqual([...png.body.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${chart}: a PNG`);
      // At twice the chart's size on screen, with a footer (the scenario's name, the site).
      const css = await page.locator(`canvas[data-testid="chart-${chart}"]`).boundingBox();
      const [w, h] = [png.body.readUInt32BE(16), png.body.readUInt32BE(20)];
      assert.ok(Math.abs(w - 2 * css.width) <= 2, `${chart}: PNG ${w} px wide for a ${css.width} px chart`);
      assert.ok(h >= 2 * css.height + 40, `${chart}: PNG ${h} px high for a ${css.height} px chart, footer included`);
      const svg = await download(page, `export-svg-${chart}`);
      assert.equal(svg.name, `llm-footprint-${chart}.svg`);
      const text = svg.body.toString();
      assert.match(text, /<svg[^>]+width="\d+"/, `${chart}: an SVG`);
      assert.ok(/<(rect|path|polyline|line|text)/.test(text) && text.length > 1000, `${chart}: the SVG has drawing`);
    }

    // Change the scenario, then import the file: the total comes back.
    await setField(page, 'inference.batch', 96);
    await waitTotalNot(page, want);
    await page.locator(byTestId('import-file')).setInputFiles(json.path);
    await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.getAttribute('data-value') === v, [byTestId('total-co2e'), want], { timeout: 5_000 });
    assert.equal(await page.locator(byTestId('field-inference.batch')).inputValue(), '24');
    assert.match(await page.locator(byTestId('import-status')).textContent(), /imported/i);

    // Bad pasted JSON is refused with its reason; the page keeps working; good JSON imports.
    await page.locator(byTestId('import-text')).fill('{"inference": {"batch": "many"}, "nope": 1}');
    await page.locator(byTestId('import-json')).click();
    await page.waitForFunction((sel) => /Not imported/.test(document.querySelector(sel)?.textContent), byTestId('import-status'));
    // The reason names the field by its path (found from the parser's position in the page).
    assert.match(await page.locator(byTestId('import-status')).textContent(), /inference\.batch/);
    assert.equal(await total(page), want, 'a refused import changes nothing');
    // A syntax error names the object it is in.
    await page.locator(byTestId('import-text')).fill('{"training": {"tokens": 2e12 "mfu": 0.4}}');
    await page.locator(byTestId('import-json')).click();
    await page.waitForFunction((sel) => /training: expected/.test(document.querySelector(sel)?.textContent), byTestId('import-status'));
    // Another format version, or a value out of its range, is refused whole: the form keeps the
    // reader's scenario and goes on answering edits (a version-2 import used to freeze it).
    for (const [doc, why] of [
      ['{"version": 2, "model": {"preset": "gpt-3-175b"}}', /version 2/],
      ['{"version": 1, "training": {"mfu": 3}}', /MFU/],
    ]) {
      await page.locator(byTestId('import-text')).fill(doc);
      await page.locator(byTestId('import-json')).click();
      await page.waitForFunction(([sel, re]) => new RegExp(re).test(document.querySelector(sel)?.textContent), [byTestId('import-status'), why.source]);
      assert.match(await page.locator(byTestId('import-status')).textContent(), /Not imported/);
      assert.equal(await total(page), want, `${doc}: a refused import changes nothing`);
    }
    await setField(page, 'inference.batch', 96);
    await waitTotalNot(page, want);
    await page.locator(byTestId('import-text')).fill(json.body.toString());
    await page.locator(byTestId('import-json')).click();
    await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.getAttribute('data-value') === v, [byTestId('total-co2e'), want], { timeout: 5_000 });
  } finally {
    await page.close();
  }
});

test('the embed dialog gives a snippet for the current scenario and a live preview', async () => {
  const page = await open('/?v=1&preset=llama-2-70b&inference.batch=40');
  try {
    await page.locator(byTestId('embed-open')).click();
    const snippet = page.locator(byTestId('embed-snippet'));
    await snippet.waitFor({ state: 'visible' });
    const code = await snippet.inputValue();
    assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?v=1&amp;preset=llama-2-70b&amp;inference\.batch=40&amp;embed=1" width="100%" height="420" style="border:0" title="llm-footprint: [^"<>]+" loading="lazy"><\/iframe>/);
    assert.match(code, /addEventListener\("message"/);
    assert.match(code, /llm-footprint:height/);
    const frameEl = page.locator(byTestId('embed-preview'));
    await frameEl.waitFor({ state: 'visible' });
    const frame = await (await frameEl.elementHandle()).contentFrame();
    await waitReady(frame);
    assert.ok(await frame.locator(byTestId('embed-card')).isVisible());
    // The preview takes the height the card posts.
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('height') !== '420', byTestId('embed-preview'), { timeout: 5_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, 'embed-dialog.png') });
    await page.locator(byTestId('embed-copy')).click();
    await page.locator(byTestId('embed-close')).click();
    assert.ok(!(await snippet.isVisible()), 'the dialog closes');
  } finally {
    await page.close();
  }
});

const HAN = /[\u4e00-\u9fff]/;

test('the language switch puts lang=zh in the address and the share, embed and export panels in Chinese', async () => {
  const page = await open('/');
  try {
    assert.doesNotMatch(await page.locator(byTestId('copy-link')).textContent(), HAN, 'English first');
    await page.locator(byTestId('lang-zh')).click();
    await page.waitForFunction(() => /[?&]lang=zh(&|$)/.test(location.search), null, { timeout: 3_000 });
    for (const id of ['copy-link', 'embed-open', 'export-json', 'export-csv']) {
      assert.match(await page.locator(byTestId(id)).textContent(), HAN, `${id} is in Chinese`);
    }
    for (const sel of ['#share-title', '#export-title', '.export-chart-name']) {
      assert.match(await page.locator(sel).first().textContent(), HAN, `${sel} is in Chinese`);
    }
    assert.match(await page.locator(byTestId('share-url')).inputValue(), /[?&]lang=zh(&|$)/, 'the share link carries the language');
    await page.locator('.card.share').screenshot({ path: join(OUT, 'share-zh.png') });
    await page.locator('.card.export').screenshot({ path: join(OUT, 'export-zh.png') });
    // Switching back re-renders in English.
    await page.locator(byTestId('lang-en')).click();
    await page.waitForFunction((sel) => !/[\u4e00-\u9fff]/.test(document.querySelector(sel)?.textContent), byTestId('copy-link'), { timeout: 3_000 });
  } finally {
    await page.close();
  }
});

test('the embed card with lang=zh is in Chinese and fits 320 px, with range notices in Chinese', async () => {
  const page = await open('/?v=1&preset=llama-2-70b&training.mfu=3&lang=zh&embed=1', { width: 320, height: 900 });
  try {
    const card = page.locator(byTestId('embed-card'));
    assert.ok(await card.isVisible());
    const labels = await page.locator('.embed-card .kpi-label, .embed-card dt').allTextContents();
    assert.ok(labels.length >= 4 && labels.every((l) => HAN.test(l)), `labels: ${labels}`);
    assert.match(await page.locator(byTestId('open-full')).textContent(), HAN);
    const serving = await page.locator('.embed-card dd').nth(2).textContent();
    assert.match(serving, /块.+批大小 \d/, `serving line: ${serving}`);
    const notices = await page.locator(byTestId('link-notices')).textContent();
    assert.match(notices, /链接中以下内容已忽略.*必须在 \[0\.001, 1\] 之间，当前为 3；已忽略/s, notices);
    const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(scrollWidth <= 320, `the card is ${scrollWidth}px wide at 320px`);
    await page.screenshot({ path: join(OUT, 'embed-320-zh.png'), fullPage: true });
  } finally {
    await page.close();
  }
});

test('no console errors, page errors, dialogs or failed requests over the whole run', () => {
  assert.deepEqual(problems, []);
});
