// temp profiler (not committed)
import { launch, waitReady } from '../tests/browser/browser.mjs';
import { serve } from '../tests/browser/serve.mjs';
const dir = process.argv[2];
const N = Number(process.argv[3] ?? 30);
const srv = await serve(dir);
const b = await launch();
const origin = srv.origin ?? `http://127.0.0.1:${srv.port}`;
await b.page.goto(`${origin}/`);
await waitReady(b.page, 60000);
const cdp = await b.page.context().newCDPSession(b.page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await b.page.evaluate(async (N) => {
  const input = document.querySelector('[data-testid="field-inference.batch"]');
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  for (let i = 0; i < N; i++) {
    await frame(); await frame();
    input.value = String(i % 2 ? 8 : 16);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    for (let f = 0; f < 4; f++) await frame();
  }
}, N);
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`;
  self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0));
}
// inclusive time per function
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const seen = new Set();
  let id = profile.samples[i];
  while (id !== undefined) {
    const n = byId.get(id);
    const name = n.callFrame.functionName || '(anon)';
    if (!seen.has(name)) { incl.set(name, (incl.get(name) ?? 0) + (dt[i] ?? 0)); seen.add(name); }
    id = parent.get(id);
  }
}
const top = (m, k) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, t]) => `${(t / 1000 / N).toFixed(2)} ms/edit  ${n.slice(0, 140)}`);
console.log('SELF'); console.log(top(self, 35).join('\n'));
console.log('INCLUSIVE'); console.log(top(incl, 60).join('\n')); console.log('OURS'); console.log(top(new Map([...incl].filter(([n]) => /llm_footprint|tachys::view::strings|i18n|Effect|memo/.test(n))), 45).join('\n'));
await b.close();
srv.close?.();
process.exit(0);
