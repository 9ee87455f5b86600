// `node scripts/bench-release.mjs [runs]` (after `npm run build`): how long the main thread is
// blocked when consent releases 700 gated elements at once (590 inline scripts of ~0.1 ms each,
// 100 images, 10 iframes), in Debian's Chromium. Per run: the time until every script has run,
// the longest gap between two timer tasks meanwhile (how long input would have waited), and the
// Long Tasks API's entries (tasks of 50 ms or more). A benchmark, not a test: it asserts nothing.
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.argv[2] ?? 5);
const SCRIPTS = 590;

const bundle = await rollup({ input: ROOT + '/dist/index.js', plugins: [nodeResolve()], onwarn: () => {} });
const code = (await bundle.generate({ format: 'iife', name: 'CG' })).output[0].code;
await bundle.close();

const parts = [];
for (let i = 0; i < 700; i++) {
  if (i % 7 === 5) parts.push(`<img data-consent="analytics" data-src="/none/${i}.png" alt="">`);
  else if (i % 70 === 6) parts.push('<iframe data-consent="analytics" data-src="about:blank" width="10" height="10"></iframe>');
  else parts.push(`<script type="text/plain" data-consent="analytics">{ const t = performance.now(); while (performance.now() - t < 0.1); __ran.push(${i}) }</script>`);
}
const page = `<!doctype html><html><head><title>release</title><script>window.__ran = []</script><script src="/cg.js"></script>
<script>window.c = CG.createConsent({ categories: { necessary: { required: true }, analytics: {} } }); CG.gate(c, { reloadOnWithdraw: false })</script></head>
<body>${parts.join('\n')}</body></html>`;

const server = createServer((req, res) => {
  if (req.url === '/cg.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
  if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  res.writeHead(204).end();
}).listen(0, '127.0.0.1');
await new Promise((r) => server.on('listening', r));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
console.log('| run | all scripts run (ms) | longest wait for a timer task (ms) | long tasks (ms) |\n| ---: | ---: | ---: | --- |');
for (let run = 1; run <= RUNS; run++) {
  const ctx = await browser.newContext();
  const tab = await ctx.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  const r = await tab.evaluate((count) => new Promise((done) => {
    const tasks = [];
    new window.PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
    let last = performance.now();
    let gap = 0;
    const beat = () => { const t = performance.now(); gap = Math.max(gap, t - last); last = t; if (window.__ran.length < count) setTimeout(beat); };
    const t0 = performance.now();
    window.c.acceptAll();
    setTimeout(beat);
    const poll = () => (window.__ran.length >= count ? setTimeout(() => done({ total: Math.round(performance.now() - t0), gap: Math.round(gap), tasks }), 50) : setTimeout(poll, 5));
    poll();
  }), SCRIPTS);
  console.log(`| ${run} | ${r.total} | ${r.gap} | ${r.tasks.join(', ') || 'none'} |`);
  await ctx.close();
}
await browser.close();
server.close();
