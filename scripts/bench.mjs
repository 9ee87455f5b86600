// `npm run bench`: consent-gate against vanilla-cookieconsent 3.1.0 in headless Chromium, on the
// same page, in the same run, alternating, medians over BENCH_RUNS runs (default 9).
//
// Each run, per library, in a fresh browser context:
//   first visit  - first-paint (PerformanceObserver 'paint') → the frame in which "Accept all" is
//                  visible (checked in every requestAnimationFrame; opacity ≥ 0.5, on screen);
//                  bytes the library made the browser download; then a click on "Accept all" →
//                  the last of five gated external scripts (each answered after 150 ms) has run;
//                  layout shift (CLS) and long tasks (> 50 ms) over the whole visit.
//   return visit - the same page again with the decision stored: bytes downloaded (CDP
//                  Network.loadingFinished encodedDataLength, so headers included) and the time
//                  from navigation start until the five scripts have run.
// Library files are served gzip -9 with `cache-control: no-store`, so every page view downloads
// them (as a visitor's first view of each site does). Prints a markdown table and writes it to
// docs/benchmark.md (and into README.md between the bench:table markers).
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SCRIPTS = 5;
const DELAY = 150;
// BENCH_REDUCED_MOTION=1 emulates prefers-reduced-motion: reduce (entry animations off where honoured).
const MOTION = process.env.BENCH_REDUCED_MOTION ? 'reduce' : 'no-preference';

// The shared browser harness is TypeScript; transpile it once to an ES module beside itself.
const tmp = join(ROOT, 'tests/.tmp');
await mkdir(tmp, { recursive: true });
const harnessJs = join(tmp, 'harness.bench.mjs');
const harnessTs = await readFile(join(ROOT, 'tests/browser/harness.ts'), 'utf8');
await writeFile(harnessJs, ts.transpileModule(harnessTs, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
  .replace("resolve(import.meta.dirname, '../..')", JSON.stringify(ROOT)));
const { launchBrowser, startServer } = await import(harnessJs);

for (const f of ['dist/consent-gate.js', 'dist/consent-gate.ui.js']) {
  if (!existsSync(join(ROOT, f))) { console.error(`bench: ${f} is missing; run npm run build`); process.exit(1); }
}

// Library files, gzip -9, no-store.
const gzCache = new Map();
const gzip = async (req, res, url) => {
  if (!/^\/(dist|node_modules\/vanilla-cookieconsent\/dist)\/[\w./-]+\.(js|css)$/.test(url.pathname) || url.pathname.includes('..')) return false;
  let body = gzCache.get(url.pathname);
  if (!body) { body = gzipSync(await readFile(join(ROOT, url.pathname)), { level: 9 }); gzCache.set(url.pathname, body); }
  res.writeHead(200, {
    'content-type': url.pathname.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
    'content-encoding': 'gzip', 'cache-control': 'no-store',
  });
  res.end(body);
  return true;
};

const article = `<main><h1>City council approves the new riverside park</h1>
${'<p>After two years of consultation, the council voted on Thursday evening to turn the disused freight yard along the river into a public park, with a cycle path, a playground and a floating swimming pool. Residents who attended the meeting applauded the decision.</p>\n'.repeat(6)}</main>`;
const gated = (attr) => Array.from({ length: SCRIPTS }, (_, i) => `<script type="text/plain" ${attr} src="/slow/s${i + 1}.js?ms=${DELAY}"></script>`).join('\n');
const head = '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>Riverside park</title>';

const CG_CONFIG = { categories: { necessary: { required: true }, analytics: { label: 'Analytics', description: 'Counts page views.' } } };
const VCC_CONFIG = {
  // Its default hides the banner from automated browsers (navigator.webdriver), which this is.
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'Your privacy',
          description: 'We use cookies and similar technologies. Some are needed for this site to work; the others only run if you allow them. You can change your choice at any time.',
          acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', showPreferencesBtn: 'Customize',
        },
        preferencesModal: {
          title: 'Cookie preferences', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', savePreferencesBtn: 'Save choices', closeIconLabel: 'Close',
          sections: [
            { title: 'Necessary', description: 'Keeps the site working.', linkedCategory: 'necessary' },
            { title: 'Analytics', description: 'Counts page views.', linkedCategory: 'analytics' },
          ],
        },
      },
    },
  },
};

const PAGES = {
  'consent-gate': `<!doctype html><html lang="en"><head>${head}
<script src="/dist/consent-gate.js" data-config='${JSON.stringify(CG_CONFIG)}'></script>
</head><body>${article}
${gated('data-consent="analytics"')}
</body></html>`,
  // vanilla-cookieconsent as its documentation sets it up: CSS in the head, run() at the end of the body.
  'vanilla-cookieconsent 3.1.0': `<!doctype html><html lang="en"><head>${head}
<link rel="stylesheet" href="/node_modules/vanilla-cookieconsent/dist/cookieconsent.css">
</head><body>${article}
${gated('data-category="analytics"')}
<script src="/node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js"></script>
<script>CookieConsent.run(${JSON.stringify(VCC_CONFIG)});</script>
</body></html>`,
};
const LIBS = Object.keys(PAGES);

// Runs in the page before anything else: first paint, layout shifts, long tasks, and the first
// animation frame in which a visible "Accept all" button exists (in the document or in an open
// shadow root of a top-level custom element).
const PROBE = `(() => {
  const m = window.__m = { fp: null, cls: 0, long: [], visibleAt: null, settledAt: null, clickAt: null };
  const po = (type, fn) => { try { new PerformanceObserver((l) => l.getEntries().forEach(fn)).observe({ type, buffered: true }); } catch {} };
  po('paint', (e) => { if (e.name === 'first-paint') m.fp = e.startTime; });
  po('layout-shift', (e) => { if (!e.hadRecentInput) m.cls += e.value; });
  po('longtask', (e) => m.long.push(e.duration));
  const opacity = (el) => { let o = 1; for (let n = el; n; n = n.parentElement || (n.getRootNode() && n.getRootNode().host)) o *= Number(getComputedStyle(n).opacity); return o; };
  const shown = (b) => { const r = b.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && getComputedStyle(b).visibility === 'visible' && opacity(b) >= 0.5; };
  const find = () => {
    const roots = [document];
    for (const el of document.querySelectorAll('body > *')) if (el.shadowRoot) roots.push(el.shadowRoot);
    for (const r of roots) for (const b of r.querySelectorAll('button')) if (b.textContent.trim() === 'Accept all' && shown(b)) return b;
    return null;
  };
  // visibleAt: the first frame showing the button; settledAt: the first frame in which it is fully
  // on screen, opaque, and where it was in the frame before (entry animation over).
  let last = '';
  const tick = (t) => {
    const b = document.body && find();
    if (b && m.visibleAt === null) m.visibleAt = t;
    if (b) {
      const r = b.getBoundingClientRect();
      const at = r.top + ',' + r.left + ',' + opacity(b);
      if (at === last && r.bottom <= innerHeight && opacity(b) > 0.99) { m.settledAt = t; return; }
      last = at;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  addEventListener('click', () => { m.clickAt ??= performance.now(); }, true);
})();`;

const median = (xs) => { const s = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b); if (!s.length) return NaN; const h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };

/** Records encoded bytes per request (headers included) through the DevTools protocol. */
async function meter(ctx, page) {
  const cdp = await ctx.newCDPSession(page);
  const urls = new Map();
  const bytes = [];
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => bytes.push({ url: urls.get(e.requestId) ?? '', bytes: e.encodedDataLength }));
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return {
    reset: () => { bytes.length = 0; },
    /** Bytes of everything but the page itself and the gated scripts: the library's cost. */
    library: () => bytes.filter((b) => !/\/bench\/|\/slow\//.test(b.url)).reduce((a, b) => a + b.bytes, 0),
    total: () => bytes.reduce((a, b) => a + b.bytes, 0),
  };
}

/** First visit only, with reduced motion: when "Accept all" shows once entry animations are off. */
async function bannerOnly(browser, origin, lib) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await ctx.addInitScript(PROBE);
  const page = await ctx.newPage();
  await page.goto(`${origin}/bench/${LIBS.indexOf(lib)}`);
  await page.waitForFunction(() => window.__m.visibleAt !== null && window.__m.fp !== null, null, { timeout: 10_000 });
  const m = await page.evaluate(() => window.__m);
  await ctx.close();
  return { bannerReduced: Math.max(0, m.visibleAt - m.fp) };
}

async function visitOnce(browser, origin, lib) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: MOTION });
  await ctx.addInitScript(PROBE);
  const page = await ctx.newPage();
  const net = await meter(ctx, page);
  page.on('pageerror', (e) => console.error(lib, 'pageerror', e.message));
  page.on('console', (m) => { if (m.type() === 'error') console.error(lib, 'console', m.text()); });
  const url = `${origin}/bench/${LIBS.indexOf(lib)}`;
  const r = {};
  await page.goto(url);
  await page.waitForFunction(() => window.__m.visibleAt !== null && window.__m.fp !== null, null, { timeout: 10_000 });
  await page.waitForFunction(() => window.__m.settledAt !== null, null, { timeout: 10_000 });
  const first = await page.evaluate(() => ({ fp: window.__m.fp, visibleAt: window.__m.visibleAt, settledAt: window.__m.settledAt }));
  r.banner = Math.max(0, first.visibleAt - first.fp);
  r.settled = Math.max(0, first.settledAt - first.fp);
  r.bannerFromNav = first.visibleAt;
  await page.waitForLoadState('networkidle');
  r.firstBytes = net.library();

  await page.getByRole('button', { name: 'Accept all', exact: true }).click();
  await page.waitForFunction((n) => (window.__ran ?? []).length >= n, SCRIPTS, { timeout: 10_000 });
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => ({ clickAt: window.__m.clickAt, ranAt: window.__ranAt, cls: window.__m.cls, long: window.__m.long }));
  r.activation = Math.max(...after.ranAt) - after.clickAt;
  r.cls = after.cls;
  r.longCount = after.long.filter((d) => d > 50).length;
  r.longMax = Math.max(0, ...after.long);

  net.reset();
  await page.goto(url);
  await page.waitForFunction((n) => (window.__ran ?? []).length >= n, SCRIPTS, { timeout: 10_000 });
  await page.waitForLoadState('networkidle');
  const back = await page.evaluate(() => ({ ranAt: window.__ranAt, long: window.__m.long, cls: window.__m.cls }));
  r.returnTime = Math.max(...back.ranAt);
  r.returnBytes = net.library();
  r.returnTotal = net.total();
  r.longCount += back.long.filter((d) => d > 50).length;
  r.longMax = Math.max(r.longMax, ...back.long);
  r.returnCls = back.cls;
  await ctx.close();
  return r;
}

const server = await startServer([gzip]);
LIBS.forEach((lib, i) => server.pages.set(`/bench/${i}`, { body: PAGES[lib] }));
const browser = await launchBrowser();
const version = browser.version();
const results = Object.fromEntries(LIBS.map((l) => [l, []]));
try {
  // One warm-up visit each (compiles, fills the OS file cache), not counted.
  for (const lib of LIBS) await visitOnce(browser, server.origin, lib);
  for (let i = 0; i < RUNS; i++) {
    for (const lib of i % 2 ? [...LIBS].reverse() : LIBS) results[lib].push(await visitOnce(browser, server.origin, lib));
    process.stderr.write(`run ${i + 1}/${RUNS}\n`);
  }
  if (MOTION !== 'reduce') {
    for (let i = 0; i < RUNS; i++) for (const lib of LIBS) Object.assign(results[lib][i], await bannerOnly(browser, server.origin, lib));
  }
} finally {
  await browser.close();
  await server.close();
}

const med = (lib, k) => median(results[lib].map((r) => r[k]));
const [cg, vcc] = LIBS;
const ms = (x) => (Number.isNaN(x) ? '–' : `${Math.round(x)} ms`);
const kb = (x) => `${(x / 1024).toFixed(1)} KB`;
const ratio = med(cg, 'returnTime') / med(vcc, 'returnTime');
const verdict = (ok) => (ok ? 'met' : '**missed**');
const rows = [
  ['"Accept all" visible, after the first painted frame', ms(med(cg, 'banner')), ms(med(vcc, 'banner')), '≤ 20 ms', verdict(med(cg, 'banner') <= 20)],
  ...(MOTION === 'reduce' ? [] : [['"Accept all" visible, after the first painted frame, with prefers-reduced-motion: reduce', ms(med(cg, 'bannerReduced')), ms(med(vcc, 'bannerReduced')), '', '']]),
  ['"Accept all" in place (entry animation over), after the first painted frame', ms(med(cg, 'settled')), ms(med(vcc, 'settled')), '', ''],
  ['"Accept all" visible, after navigation start', ms(med(cg, 'bannerFromNav')), ms(med(vcc, 'bannerFromNav')), '', ''],
  [`click "Accept all" → ${SCRIPTS} gated scripts (${DELAY} ms each) have run`, ms(med(cg, 'activation')), ms(med(vcc, 'activation')), '≤ 250 ms', verdict(med(cg, 'activation') <= 250)],
  ['first visit: library bytes downloaded (gzip, with headers)', kb(med(cg, 'firstBytes')), kb(med(vcc, 'firstBytes')), '', ''],
  ['return visit: library bytes downloaded (gzip, with headers)', kb(med(cg, 'returnBytes')), kb(med(vcc, 'returnBytes')), '', ''],
  [`return visit: navigation → ${SCRIPTS} gated scripts have run`, ms(med(cg, 'returnTime')), ms(med(vcc, 'returnTime')), '≤ 0.4× vanilla', `${ratio.toFixed(2)}× (${verdict(ratio <= 0.4)})`],
  ['layout shift (CLS), first visit', med(cg, 'cls').toFixed(3), med(vcc, 'cls').toFixed(3), '0', verdict(Math.max(...results[cg].map((r) => r.cls)) === 0)],
  ['long tasks > 50 ms (all runs, both visits)', String(results[cg].reduce((a, r) => a + r.longCount, 0)), String(results[vcc].reduce((a, r) => a + r.longCount, 0)), 'none', verdict(results[cg].every((r) => r.longCount === 0))],
  ['longest task (any run)', ms(Math.max(...results[cg].map((r) => r.longMax))), ms(Math.max(...results[vcc].map((r) => r.longMax))), '', ''],
];
const table = [
  `| metric (median of ${RUNS} runs) | consent-gate | vanilla-cookieconsent 3.1.0 | target | consent-gate vs target |`,
  '| --- | ---: | ---: | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
console.log(table);

const doc = `# Benchmark: consent-gate vs vanilla-cookieconsent 3.1.0

Produced by \`npm run bench\` (scripts/bench.mjs) on ${new Date().toISOString().slice(0, 10)}, Chromium ${version} headless,
${RUNS} runs per library (alternating order, after one warm-up visit each), medians,
prefers-reduced-motion: ${MOTION}.

${table}

## Method
- One page, a news article, with five gated external scripts at the end of the body, each answered
  by the local server after ${DELAY} ms. consent-gate: the drop-in tag in the \`<head>\` with a
  two-category config; the scripts are \`type="text/plain" data-consent="analytics"\`.
  vanilla-cookieconsent: its CSS in the \`<head>\`, its UMD script and \`CookieConsent.run()\` at the
  end of the body as its documentation shows, the same texts, the scripts
  \`type="text/plain" data-category="analytics"\`.
- Served from 127.0.0.1: library files gzip -9 and \`no-store\` (so each page view downloads
  them), no throttling. Each run opens a fresh browser context (no cookies, no cache).
- "Visible" = the first animation frame in which a button reading "Accept all" is on screen with
  an effective opacity of at least 0.5 (fade-in animations count from half opacity). 0 ms means
  the button is in the first painted frame. "In place" = the first frame in which it is entirely
  on screen, fully opaque and where it was in the frame before (the entry animation is over). The time from navigation start is shown too; in a
  fresh headless context it has a floor of roughly 200 ms that hides the libraries' difference.
- The same first visit is also measured with \`prefers-reduced-motion: reduce\` emulated, which
  turns entry animations off where the library honours it: the difference between the two rows is
  the time the entry animation keeps the button off screen.
- Activation is measured in the page from the click event to the \`performance.now()\` at which
  the last gated script ran.
- Bytes: Chromium's encoded (on-the-wire) length per response, headers included, of everything
  except the page itself and the gated scripts.
- Long tasks: PerformanceObserver \`longtask\` entries over both visits (the page has no other
  script, so they are the library's).
`;
await mkdir(join(ROOT, 'docs'), { recursive: true });
await writeFile(join(ROOT, 'docs/benchmark.md'), doc);
const qs = join(ROOT, 'README.md');
if (existsSync(qs)) {
  const text = await readFile(qs, 'utf8');
  const next = text.replace(/(<!-- bench:table -->\n)[\s\S]*?(\n<!-- \/bench:table -->)/, `$1${table}$2`);
  if (next !== text) await writeFile(qs, next);
}
console.error('written: docs/benchmark.md');
