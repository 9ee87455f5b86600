// `npm run bench:block`: what blocking without markup costs a page whose resources it does not
// block. One page with 200 unmatched resources (100 <img> in the HTML; then, from a script, 50
// <img> by createElement + src, 25 by innerHTML, 25 <script>s) and 100 fetch() calls, loaded in
// headless Chromium with:
//   none    dist/consent-gate.js, a config without sources (what every other site runs)
//   block   dist/consent-gate.block.js, 5 sources that match nothing on the page
//   auto    dist/consent-gate.auto.js, autoBlock: true (every well-known service; none on the page)
// Per run and variant, in a fresh context, alternating: main-thread time until 500 ms after load
// (CDP Performance.getMetrics TaskDuration), and the time the page's own inserting script took
// (performance.now() around it, where the hooks run). Medians over BENCH_RUNS runs (default 15).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const tmp = join(ROOT, 'tests/.tmp');
await mkdir(tmp, { recursive: true });
const harnessJs = join(tmp, 'harness.bench-block.mjs');
const harnessTs = await readFile(join(ROOT, 'tests/browser/harness.ts'), 'utf8');
await writeFile(harnessJs, ts.transpileModule(harnessTs, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
  .replace("resolve(import.meta.dirname, '../..')", JSON.stringify(ROOT)));
const { launchBrowser, startServer } = await import(harnessJs);

for (const f of ['consent-gate.js', 'consent-gate.block.js', 'consent-gate.auto.js']) {
  if (!existsSync(join(ROOT, 'dist', f))) { console.error(`bench:block: dist/${f} is missing; run npm run build`); process.exit(1); }
}

const GIF = Buffer.from('R0lGODlhAQABAAAAACwAAAAAAQABAAACAkQBADs=', 'base64');
const server = await startServer([(_req, res, url) => {
  if (url.pathname.startsWith('/r/img')) { res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' }).end(GIF); return true; }
  if (url.pathname.startsWith('/r/js')) { res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(''); return true; }
  if (url.pathname.startsWith('/r/api')) { res.writeHead(204, { 'cache-control': 'no-store' }).end(); return true; }
  return false;
}]);

const categories = { necessary: { required: true }, analytics: {}, marketing: {}, functional: {} };
const VARIANTS = {
  none: ['consent-gate.js', { categories }],
  block: ['consent-gate.block.js', { categories: { ...categories,
    analytics: { sources: ['tracker.example', 'stats.example.net/collect'] },
    marketing: { sources: ['ads.example', 'pixel.example.org/p', '/^https:\\/\\/cdn\\.ads\\.example\\//'] } } }],
  auto: ['consent-gate.auto.js', { categories, autoBlock: true }],
};
const body = `${Array.from({ length: 100 }, (_, i) => `<img src="/r/img/html-${i}.gif" width="1" height="1" alt="">`).join('')}
<div id="box"></div><script>
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) { const img = document.createElement('img'); img.src = '/r/img/dom-' + i + '.gif'; img.alt = ''; document.body.appendChild(img); }
  for (let i = 0; i < 25; i++) box.insertAdjacentHTML('beforeend', '<img src="/r/img/html-str-' + i + '.gif" alt="">');
  for (let i = 0; i < 25; i++) { const s = document.createElement('script'); s.src = '/r/js/' + i + '.js'; document.head.append(s); }
  for (let i = 0; i < 100; i++) fetch('/r/api/' + i);
  window.__insertMs = performance.now() - t0;
</script>`;
for (const [name, [file, config]] of Object.entries(VARIANTS)) {
  server.pages.set(`/bench/${name}`, { body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,">
<script src="/dist/${file}" data-config='${JSON.stringify(config)}'></script></head><body>${body}</body></html>` });
}

const browser = await launchBrowser();
const results = Object.fromEntries(Object.keys(VARIANTS).map((k) => [k, { task: [], insert: [] }]));
for (let run = 0; run < RUNS; run++) {
  for (const name of Object.keys(VARIANTS)) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${server.origin}/bench/${name}`, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    const { metrics } = await cdp.send('Performance.getMetrics');
    results[name].task.push(metrics.find((m) => m.name === 'TaskDuration').value * 1000);
    results[name].insert.push(await page.evaluate('window.__insertMs'));
    if (await page.evaluate('!window.consentGate')) throw new Error(`bench:block: ${name} did not start`);
    await ctx.close();
  }
}
await browser.close();
await server.close();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const ms = (x) => `${x.toFixed(1)} ms`;
const base = results.none;
const lines = [
  `| drop-in (200 unmatched resources, 100 fetch calls; medians of ${RUNS}) | main-thread time to load + 500 ms | the page's inserting script |`,
  '| --- | ---: | ---: |',
  ...Object.entries(results).map(([name, r]) => `| ${name} (\`${VARIANTS[name][0]}\`) | ${ms(median(r.task))}${name === 'none' ? '' : ` (${median(r.task) - median(base.task) >= 0 ? '+' : ''}${(median(r.task) - median(base.task)).toFixed(1)})`} | ${ms(median(r.insert))}${name === 'none' ? '' : ` (${median(r.insert) - median(base.insert) >= 0 ? '+' : ''}${(median(r.insert) - median(base.insert)).toFixed(1)})`} |`),
];
console.log(lines.join('\n'));
