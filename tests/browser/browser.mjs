// Shared by the browser tests and tools/bench-page.mjs: finds playwright-core (installed by
// tools/setup.sh into tools/node_modules, never downloaded browsers) and starts Debian's Chromium
// with a fresh, throw-away profile.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.DIST_DIR ?? join(ROOT, 'dist');

// Resolved from tools/ (then NODE_PATH), since ESM imports ignore NODE_PATH.
const { chromium } = createRequire(join(ROOT, 'tools', 'package.json'))('playwright-core');

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium with a new profile directory; `close()` ends it and deletes the profile.
 * Returns the persistent context (one per profile) and its first page. `locale` sets
 * navigator.language (e.g. 'zh-CN'), `colorScheme` the emulated prefers-color-scheme. Service
 * workers are blocked unless `serviceWorkers: 'allow'` (the offline tests).
 */
export async function launch({ viewport = { width: 1280, height: 900 }, locale, colorScheme, serviceWorkers = 'block' } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'llm-footprint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    serviceWorkers,
    ...(locale ? { locale } : {}),
    ...(colorScheme ? { colorScheme } : {}),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the page says its first results and charts are drawn (`<body data-ready="true">`). */
export async function waitReady(page, timeout = 30_000) {
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout });
}

/** The CSS selector of a test hook. */
export const byTestId = (id) => `[data-testid="${id}"]`;

/** Sets an input or select the way a person would, so the page sees input and change events. */
export async function setField(page, path, value) {
  const field = page.locator(byTestId(`field-${path}`)).first();
  if ((await field.evaluate((el) => el.tagName)) === 'SELECT') {
    await field.selectOption(String(value));
  } else {
    await field.fill(String(value));
  }
  await field.dispatchEvent('change');
}

/** Pixels of a canvas that differ from its most common colour (the background). */
export function drawnPixels(page, sel) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    if (!c || !c.width || !c.height) return 0;
    const data = new Uint32Array(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer);
    const counts = new Map();
    for (const px of data) counts.set(px, (counts.get(px) ?? 0) + 1);
    return data.length - Math.max(...counts.values());
  }, sel);
}
