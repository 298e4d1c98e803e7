import { launch, waitReady } from '../tests/browser/browser.mjs';
import { serve } from '../tests/browser/serve.mjs';
const srv = await serve(process.argv[2]);
const b = await launch();
await b.page.goto(`${srv.origin}/`);
await waitReady(b.page, 60000);
const out = await b.page.evaluate(async () => {
  const input = document.querySelector('[data-testid="field-inference.batch"]');
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const desc = (n) => { const el = n.nodeType === 1 ? n : n.parentElement; if (!el) return '?'; const path = []; let e = el; for (let i = 0; i < 4 && e; i++, e = e.parentElement) path.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '') + (e.dataset?.testid ? `[${e.dataset.testid}]` : '')); return path.reverse().join('>'); };
  const results = [];
  for (let i = 0; i < 3; i++) {
    await frame(); await frame();
    const recs = [];
    const mo = new MutationObserver((ms) => recs.push(...ms));
    mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, characterDataOldValue: true, attributeOldValue: true });
    input.value = String(i % 2 ? 8 : 16);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await frame(); await frame(); await frame();
    mo.takeRecords().forEach((r) => recs.push(r));
    mo.disconnect();
    const counts = {};
    for (const r of recs) {
      const k = `${r.type}${r.attributeName ? ':' + r.attributeName : ''} ${desc(r.target)}`;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    results.push({ n: recs.length, counts, same: recs.filter((r) => r.type === 'characterData' && r.oldValue === r.target.data).length });
  }
  return results;
});
for (const r of out) { console.log('mutations', r.n, 'unchanged text sets', r.same); for (const [k, v] of Object.entries(r.counts).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(v, k); }
await b.close(); process.exit(0);
