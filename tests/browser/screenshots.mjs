// Looks at the built page the way a reader would: waits for the first results and charts
// (body[data-ready=true]), takes screenshots at desktop and phone widths in light and dark, types
// a bad value and checks the last valid result stays, and records console errors.
//
// Usage: serve dist/ (python3 -m http.server --directory dist 8123 --bind 127.0.0.1), then
//   node tests/browser/screenshots.mjs [URL] [OUT_DIR]
// Exit status 1 if the page logged errors or a check failed.

import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
let playwright;
for (const p of [path.join(here, "../../tools/node_modules/playwright-core"), "playwright-core"]) {
  try {
    playwright = require(p);
    break;
  } catch {}
}
if (!playwright) {
  console.error("playwright-core not found (run tools/setup.sh)");
  process.exit(2);
}

const url = process.argv[2] || "http://127.0.0.1:8123/";
const out = process.argv[3] || path.join(here, "out");
mkdirSync(out, { recursive: true });

const browser = await playwright.chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

const problems = [];
const shots = [
  { name: "desktop-light", width: 1280, height: 900, scheme: "light", dpr: 1 },
  { name: "desktop-dark", width: 1280, height: 900, scheme: "dark", dpr: 1 },
  { name: "phone-light", width: 375, height: 800, scheme: "light", dpr: 2 },
  { name: "phone-dark", width: 375, height: 800, scheme: "dark", dpr: 2 },
];

for (const s of shots) {
  const context = await browser.newContext({ viewport: { width: s.width, height: s.height }, colorScheme: s.scheme, deviceScaleFactor: s.dpr });
  const page = await context.newPage();
  page.on("console", (m) => {
    // Chromium warns that Trunk's preload links carry `integrity`, which it ignores: not ours.
    if (m.text().includes("`integrity` attribute")) return;
    if (m.type() === "error" || m.type() === "warning") problems.push(`${s.name} console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${s.name} page error: ${e.message}`));
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  console.log(`${s.name}: ready in ${Date.now() - t0} ms`);
  await page.screenshot({ path: path.join(out, `${s.name}-top.png`) });
  await page.screenshot({ path: path.join(out, `${s.name}-full.png`), fullPage: true });
  // Canvas backing stores are CSS size x devicePixelRatio.
  const sizes = await page.$$eval("canvas", (cs) => cs.map((c) => [c.dataset.testid, c.width, c.height, Math.round(c.getBoundingClientRect().width), Math.round(c.getBoundingClientRect().height)]));
  for (const [id, w, h, cw, ch] of sizes) {
    if (Math.abs(w - cw * s.dpr) > 2 || Math.abs(h - ch * s.dpr) > 2) problems.push(`${s.name} ${id}: canvas ${w}x${h} for ${cw}x${ch} CSS px at dpr ${s.dpr}`);
  }
  if (s.name === "desktop-light" || s.name === "phone-light") {
    const before = await page.textContent('[data-testid="total-co2e"]');
    await page.fill('[data-testid="field-training.mfu"]', "3");
    await page.waitForSelector('[data-testid="stale-note"]:not([hidden])');
    const err = await page.textContent('[data-testid="error-training.mfu"]');
    const after = await page.textContent('[data-testid="total-co2e"]');
    const invalid = await page.getAttribute('[data-testid="field-training.mfu"]', "aria-invalid");
    console.log(`${s.name}: bad MFU -> "${err}", total ${before} -> ${after}, aria-invalid=${invalid}`);
    if (!err || !err.includes("[0.001, 1]")) problems.push(`${s.name}: error message lacks the range: ${err}`);
    if (before !== after) problems.push(`${s.name}: total changed on bad input`);
    await page.$eval('[data-testid="field-training.mfu"]', (el) => el.scrollIntoView({ block: "center" }));
    await page.screenshot({ path: path.join(out, `${s.name}-error.png`) });
    await page.fill('[data-testid="field-training.mfu"]', "");
    await page.fill('[data-testid="field-inference.batch"]', "2.5e2");
    await page.waitForSelector('[data-testid="stale-note"][hidden]', { state: "attached" });
    console.log(`${s.name}: batch 250 -> total ${await page.textContent('[data-testid="total-co2e"]')}`);
    await page.selectOption('[data-testid="field-model.preset"]', "gpt-3-175b");
    await page.waitForTimeout(300);
    console.log(`${s.name}: gpt-3 -> total ${await page.textContent('[data-testid="total-co2e"]')}, stale=${await page.isVisible('[data-testid="stale-note"]')}`);
    await page.screenshot({ path: path.join(out, `${s.name}-gpt3.png`) });
  }
  await context.close();
}

await browser.close();
if (problems.length) {
  console.log("Problems:\n" + problems.join("\n"));
  process.exit(1);
}
console.log("No console errors; all checks passed.");
