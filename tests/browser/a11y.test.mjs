// Accessibility and languages of the built page (dist/, or DIST_DIR) in Debian's Chromium:
// - axe-core (tools/node_modules/axe-core) finds no serious or critical violation on the full page
//   (every <details> opened) in English and Chinese, light and dark;
// - the Chinese page draws its charts, with real glyphs for Chinese text (no boxes);
// - a keyboard-only walk: skip link, settings, the preset picker changed with the arrow keys, a
//   number field given a bad value whose message is announced (aria-live), focus always visible;
// - the language and theme switches update <html lang>, <html data-theme> and the charts.
//
// axe is evaluated through the DevTools protocol (page.evaluate), which the page's strict CSP does
// not govern, so the CSP stays on for these tests too.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { DIST, ROOT, byTestId, drawnPixels, launch, waitReady } from './browser.mjs';
import { serve } from './serve.mjs';

const AXE = await readFile(join(ROOT, 'tools', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const CHARTS = ['chart-split', 'chart-cumulative', 'chart-context', 'chart-uncertainty'];
const ZH_FONT = "system-ui, \"Noto Sans CJK SC\", \"Noto Sans SC\", \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Source Han Sans SC\", sans-serif";

let server;
const problems = [];

before(async () => {
  server = await serve(DIST);
});

after(async () => {
  await server?.close();
});

/** Opens the page in a fresh browser; `close()` when done. */
async function open({ query = '', locale, colorScheme, viewport } = {}) {
  const b = await launch({ locale, colorScheme, viewport });
  b.page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  b.page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  await b.page.goto(`${server.origin}/${query}`);
  await waitReady(b.page);
  return b;
}

/** Runs axe on the whole page with every <details> open; returns serious and critical violations. */
async function axeViolations(page) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  await page.waitForTimeout(200);
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`),
      count: v.nodes.length,
    }));
  });
  return violations;
}

const COMBOS = [
  // The language from the browser (navigator.language), the theme from the system.
  { name: 'English, light (system)', locale: 'en-US', colorScheme: 'light', lang: 'en', dark: false },
  { name: 'Chinese (browser language), dark (system)', locale: 'zh-CN', colorScheme: 'dark', lang: 'zh-CN', dark: true },
  // The language and theme from a share link's lang= and theme=, against the browser's.
  { name: 'Chinese (link), light (link)', query: '?lang=zh&theme=light', locale: 'en-US', colorScheme: 'dark', lang: 'zh-CN', dark: false },
  { name: 'English (link), dark (link)', query: '?lang=en&theme=dark', locale: 'zh-CN', colorScheme: 'light', lang: 'en', dark: true },
  // The embed card, as a blog post frames it.
  { name: 'embed card, Chinese, dark', query: '?v=1&preset=llama-2-70b&embed=1&lang=zh&theme=dark', locale: 'en-US', colorScheme: 'light', lang: 'zh-CN', dark: true },
  { name: 'embed card, English, light', query: '?v=1&preset=llama-2-70b&embed=1&lang=en&theme=light', locale: 'zh-CN', colorScheme: 'dark', lang: 'en', dark: false },
];

for (const c of COMBOS) {
  test(`axe: no serious or critical violations — ${c.name}`, async () => {
    const b = await open(c);
    try {
      const { lang, bg } = await b.page.evaluate(() => ({
        lang: document.documentElement.lang,
        bg: getComputedStyle(document.body).backgroundColor,
      }));
      assert.equal(lang, c.lang, '<html lang>');
      const [r, g, bl] = bg.match(/\d+/g).map(Number);
      assert.equal((r + g + bl) / 3 < 128, c.dark, `page background ${bg} for ${c.dark ? 'dark' : 'light'}`);
      const all = await axeViolations(b.page);
      const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const minor = all.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact}, ${v.count})`);
      if (minor.length) console.log(`# ${c.name}: minor axe findings: ${minor.join(', ')}`);
      assert.deepEqual(bad, [], JSON.stringify(bad, null, 2));
    } finally {
      await b.close();
    }
  });
}

test('the Chinese page draws its charts with real Chinese glyphs', async () => {
  const b = await open({ query: '?lang=zh' });
  try {
    const page = b.page;
    assert.match(await page.locator('h1').textContent(), /[\u4e00-\u9fff]/, 'the heading is Chinese');
    assert.match(await page.title(), /[\u4e00-\u9fff]/, 'the document title is Chinese');
    for (const id of CHARTS) {
      const n = await drawnPixels(page, `[data-testid="${id}"]`);
      assert.ok(n > 500, `${id}: only ${n} pixels drawn`);
    }
    // The hidden table that says the chart in words is Chinese too.
    assert.match(await page.locator('figure.chart .sr-only caption').first().textContent(), /[\u4e00-\u9fff]/);
    // With the charts' font, different characters have different shapes (a missing glyph draws
    // the same box for all) and a Chinese title has a full-width measure.
    const glyphs = await page.evaluate((font) => {
      const c = document.createElement('canvas');
      c.width = 64;
      c.height = 64;
      const ctx = c.getContext('2d', { willReadFrequently: true });
      ctx.font = `bold 40px ${font}`;
      const shape = (ch) => {
        ctx.clearRect(0, 0, 64, 64);
        ctx.fillText(ch, 4, 48);
        return Array.from(ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3)).join(',');
      };
      const title = '排放来自哪里';
      return {
        differ: shape('碳') !== shape('能') && shape('排') !== shape('放'),
        inked: shape('碳').split(',').some((a) => a !== '0'),
        width: ctx.measureText(title).width,
        chars: title.length,
      };
    }, ZH_FONT);
    assert.ok(glyphs.inked, 'Chinese characters draw something');
    assert.ok(glyphs.differ, 'Chinese characters draw as boxes (no CJK font: install fonts-noto-cjk)');
    assert.ok(glyphs.width >= glyphs.chars * 40 * 0.85, `the title is ${glyphs.width}px wide at 40px`);
  } finally {
    await b.close();
  }
});

test('the language and theme switches update the page and the charts', async () => {
  const b = await open({ locale: 'en-US', colorScheme: 'light' });
  try {
    const page = b.page;
    const before = await page.locator('[data-testid="total-co2e"]').textContent();
    await page.locator('[data-testid="lang-zh"]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    assert.match(await page.locator('h1').textContent(), /[\u4e00-\u9fff]/);
    assert.equal(await page.locator('[data-testid="lang-zh"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('[data-testid="total-co2e"]').textContent(), before, 'same numbers');

    const corner = () =>
      page.evaluate(() => {
        const c = document.querySelector('[data-testid="chart-split"]');
        return Array.from(c.getContext('2d').getImageData(1, 1, 1, 1).data.slice(0, 3));
      });
    const light = await corner();
    await page.locator('[data-testid="theme"]').selectOption('dark');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.waitForTimeout(300);
    const dark = await corner();
    assert.ok(light[0] > 200 && dark[0] < 80, `chart background ${light} then ${dark}`);
    await page.locator('[data-testid="theme"]').selectOption('auto');
    await page.waitForFunction(() => !document.documentElement.hasAttribute('data-theme'));
  } finally {
    await b.close();
  }
});

/** What has the keyboard focus, and whether its focus ring shows. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {
      tag: el.tagName,
      testid: el.dataset?.testid ?? '',
      cls: String(el.className ?? ''),
      id: el.id,
      value: 'value' in el ? el.value : '',
      visible:
        el.matches(':focus-visible') &&
        ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'),
    };
  });
}

test('keyboard only: skip link, settings, preset picker, a bad number announced', async () => {
  const b = await open({ locale: 'en-US' });
  try {
    const page = b.page;
    // From the top of the page.
    await page.keyboard.press('Tab');
    let f = await focused(page);
    assert.ok(f.cls.includes('skip'), `the first Tab reaches the skip link, got ${JSON.stringify(f)}`);
    assert.ok(f.visible, 'the skip link shows its focus');
    assert.ok(await page.locator('a.skip').isVisible(), 'the skip link is on screen when focused');

    // Tab on, through the settings, to the preset picker; every stop shows its focus.
    const seen = [];
    for (let i = 0; i < 30 && f.testid !== 'field-model.preset'; i++) {
      await page.keyboard.press('Tab');
      f = await focused(page);
      seen.push(f.testid || f.tag);
      assert.ok(f.visible, `focus is visible on ${f.testid || f.tag}`);
    }
    assert.equal(f.testid, 'field-model.preset', `Tab reaches the preset picker; went through ${seen.join(', ')}`);
    assert.ok(seen.includes('lang-en') && seen.includes('theme'), `settings are reachable: ${seen.join(', ')}`);

    // Change the model with the arrow keys.
    const total = await page.locator('[data-testid="total-co2e"]').textContent();
    const preset = f.value;
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(
      (old) => document.querySelector('[data-testid="total-co2e"]')?.textContent !== old,
      total,
      { timeout: 5_000 },
    );
    f = await focused(page);
    assert.notEqual(f.value, preset, 'the preset changed');

    // On to the first number field; type a bad value.
    for (let i = 0; i < 10 && !(f.tag === 'INPUT' && f.testid.startsWith('field-model.')); i++) {
      await page.keyboard.press('Tab');
      f = await focused(page);
    }
    assert.equal(f.tag, 'INPUT', 'Tab reaches a number field');
    assert.ok(f.visible, `the number field ${f.testid} shows its focus`);
    const path = f.testid.replace('field-', '');
    await page.keyboard.type('abc');
    const live = `[data-testid="error-${path}"]`;
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('abc'), live, { timeout: 5_000 });
    const region = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      const field = document.activeElement;
      return {
        live: el.closest('[aria-live]')?.getAttribute('aria-live'),
        text: el.textContent,
        invalid: field.getAttribute('aria-invalid'),
        described: (field.getAttribute('aria-describedby') ?? '').split(/\s+/).includes(el.id),
      };
    }, live);
    assert.ok(['polite', 'assertive'].includes(region.live), 'the message is in an aria-live region');
    assert.match(region.text, /not a number/);
    assert.equal(region.invalid, 'true', 'the field is marked invalid');
    assert.ok(region.described, 'the field is described by its message');
    assert.ok((await focused(page)).visible, 'focus stays visible while typing');

    // The skip link moves the focus to the results.
    await page.keyboard.press('Shift+Tab');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('a.skip').focus();
    await page.keyboard.press('Enter');
    // The results column starts with its menu.
    await page.waitForFunction(() => document.activeElement?.id === 'results-nav', null, { timeout: 3_000 });
  } finally {
    await b.close();
  }
});

test('no page errors in any language or theme', () => {
  assert.deepEqual(problems, []);
});

test('keyboard only: the results menu reaches Share and Export in a few presses', async () => {
  const b = await launch();
  try {
    const page = b.page;
    await page.goto(`${server.origin}/`);
    await waitReady(page);
    // The skip link, then the results: the menu is the first thing there.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const presses = {};
    for (let i = 1; i <= 12 && !(presses.share && presses.export); i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (f.testid === 'menu-share') presses.share ??= i;
      if (f.testid === 'menu-export') presses.export ??= i;
    }
    assert.ok(presses.share <= 6 && presses.export <= 8, `Tab presses after the skip link: ${JSON.stringify(presses)}`);
    // Enter on Export moves the focus there, and the next Tab is the first export button.
    await page.locator(byTestId('menu-export')).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'export');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).testid, 'export-json');
    assert.ok(await page.locator(byTestId('export-json')).isVisible(), 'the export buttons are scrolled into view');
  } finally {
    await b.close();
  }
});

test('keyboard only: the "Default:" fold-outs are out of the Tab order, so the grid region is near', async () => {
  const b = await open({ locale: 'en-US' });
  try {
    const page = b.page;
    await page.locator('[data-testid="field-model.preset"]').focus();
    let f = await focused(page);
    const seen = [];
    for (let i = 0; i < 60 && f.testid !== 'field-training.region'; i++) {
      await page.keyboard.press('Tab');
      f = await focused(page);
      seen.push(f.testid || f.tag);
    }
    assert.equal(f.testid, 'field-training.region', `Tab reaches the grid region; went through ${seen.join(', ')}`);
    assert.ok(seen.length <= 40, `${seen.length} presses from the preset picker to the grid region: ${seen.join(', ')}`);
    assert.ok(!seen.includes('SUMMARY') || seen.filter((s) => s === 'SUMMARY').length <= 8, `only group fold-outs are stops: ${seen.join(', ')}`);
  } finally {
    await b.close();
  }
});
