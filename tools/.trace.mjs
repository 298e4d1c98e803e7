// temp tracer (not committed)
import { launch, waitReady } from '../tests/browser/browser.mjs';
import { serve } from '../tests/browser/serve.mjs';
const dir = process.argv[2];
const N = Number(process.argv[3] ?? 20);
const srv = await serve(dir);
const b = await launch();
await b.page.goto(`${srv.origin}/`);
await waitReady(b.page, 60000);
if (process.env.CSS) await b.page.addStyleTag({ content: process.env.CSS });
await b.page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
const cdp = await b.page.context().newCDPSession(b.page);
const events = [];
cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] }, transferMode: 'ReportEvents' });
await b.page.evaluate(async (N) => {
  const input = document.querySelector('[data-testid="field-inference.batch"]');
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  for (let i = 0; i < N; i++) {
    await frame(); await frame();
    performance.mark('edit');
    input.value = String(i % 2 ? 8 : 16);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    for (let f = 0; f < 4; f++) await frame();
  }
}, N);
await cdp.send('Tracing.end');
await done;
// main thread of the renderer: the thread with most FunctionCall events
const tcount = new Map();
for (const e of events) if (e.name === 'FunctionCall' || e.name === 'Layout') tcount.set(`${e.pid}:${e.tid}`, (tcount.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
const main = [...tcount.entries()].sort((a, b) => b[1] - a[1])[0][0];
const mainEv = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X').sort((a, b) => a.ts - b.ts);
const marks = events.filter((e) => e.name === 'edit').map((e) => e.ts).sort((a, b) => a - b);
// for each edit: durations of events within [mark, mark+16.7ms*1.5] by name (top-level only approx: sum of X events by name)
const names = ['FunctionCall', 'EventDispatch', 'FireAnimationFrame', 'RunMicrotasks', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer', 'HitTest', 'ParseHTML', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'BeginMainThreadFrame', 'ScheduleStyleRecalculation', 'IntersectionObserverController::computeIntersections', 'ResizeObserverController::DeliverObservations'];
const sums = new Map();
const firstFrame = [];
for (const m of marks) {
  // events of the first frame: from mark until the first 'Commit' after it
  const commit = mainEv.find((e) => e.ts > m && (e.name === 'Commit'));
  const end = commit ? commit.ts + commit.dur : m + 20000;
  firstFrame.push((end - m) / 1000);
  for (const e of mainEv) {
    if (e.ts < m || e.ts > end) continue;
    sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur);
  }
}
const m0 = marks[5];
const commit0 = mainEv.find((e) => e.ts > m0 && e.name === 'Commit');
if (process.env.SHOW) for (const e of mainEv) if (e.ts >= m0 && e.ts <= commit0.ts && ['Paint','Layout','PrePaint'].includes(e.name)) console.log(e.name, (e.dur/1000).toFixed(2), JSON.stringify(e.args).slice(0, 300));
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
console.log('edit → end of the first Commit (median ms):', med(firstFrame).toFixed(1), 'all:', firstFrame.map((x) => x.toFixed(1)).join(' '));
for (const [n, t] of [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((t / 1000 / marks.length).toFixed(2), 'ms/edit', n);
await b.close();
process.exit(0);
