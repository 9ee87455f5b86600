// `npm run bench`: consent-gate against vanilla-cookieconsent 3.1.0 and the same page without any
// consent tool (scripts ungated), in headless Chromium, on the same page, in the same run,
// alternating, over BENCH_RUNS runs (default 9): medians (p50) and 90th percentiles (p90).
//
//   npm run bench                      desktop CPU
//   npm run bench -- --throttle 4      CPU 4× slower (DevTools protocol Emulation.setCPUThrottlingRate,
//                                      as Chrome's "mid-tier mobile" preset)
//   … --runs 15                        runs per library (or BENCH_RUNS)
//   … --write                          put the table in docs/benchmark.md and docs/compare.md (one block per
//                                      CPU rate, between the bench:table:cpu<N> markers)
//   … --tasks                          each first visit's main-thread tasks over 50 ms (both tools), from a
//                                      Chromium trace: what is in each (script by file, style, layout, paint)
//   … --net                            a mobile network too: 150 ms round trip, 1.6 Mbps down, 750 kbps up
//                                      (Lighthouse's mobile figures, DevTools protocol Network.emulateNetworkConditions);
//                                      what a tag's bytes cost before the parser goes on. Not with --write.
//   … --profile                        where a first visit's main-thread time goes (consent-gate only):
//                                      the protocol's JS profiler, self time by file and by function,
//                                      and the Performance metrics (script, style, layout)
//   … --head                           what stands between the HTML and the first frame: per page (consent-gate, vanilla,
//                                      ungated, the ungated page with an empty synchronous script in the head: the floor of
//                                      any head tag; with --dist DIR also consent-gate built in DIR), a first visit and a return
//                                      visit under a Chromium trace, first contentful paint (p50/p90) and the main thread
//                                      from navigation to it (both from the trace), outermost events summed by kind and file, in thread time (`tdur`: the CPU the thread had)
//   … --dist DIR                       with --head: a fourth page, the drop-in served from DIR (e.g. main's dist/, copied)
//   … --profile --return               the same for a return visit (the decision stored): navigation → the five scripts
//                                      have run, with the whole main thread of that visit from a Chromium trace, outermost
//                                      events by kind and file (parse/compile, evaluation, callbacks, microtasks, style,
//                                      layout), for consent-gate and the ungated page side by side
//
// Each run, per library, in a fresh browser context:
//   first visit  - first contentful paint (PerformanceObserver 'paint'); the frame in which "Accept
//                  all" is visible (checked in every requestAnimationFrame; on screen, and opacity
//                  ≥ 0.5 on it and every ancestor), from navigation and from first contentful paint;
//                  main-thread time until then and until the banner is in place and the network
//                  idle (Performance.getMetrics: TaskDuration, ScriptDuration); the library's bytes
//                  (gzip bodies, as served); then a click on "Accept all" → the last of five gated
//                  external scripts (each answered after 150 ms) has run; layout shift (CLS) and
//                  long tasks (> 50 ms) over the whole first visit, click included.
//   return visit - the same page again with the decision stored: the library's bytes, the time
//                  from navigation start until the five scripts have run, main-thread time (task
//                  and script) until then, long tasks. The ungated page gets both visits too (its
//                  first is only its paint and long tasks: nothing to decide).
// The table has a row per target of issue 20 (CPU 4× and desktop), each with its verdict.
// Library files are served gzip -9 with `cache-control: no-store`, so every page view downloads
// them (as a visitor's first view of each site does).
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : def; };
const RUNS = option('runs', Number(process.env.BENCH_RUNS ?? 9));
const THROTTLE = option('throttle', 1);
const WRITE = flag('write');
const PROFILE = flag('profile');
const TASKS = flag('tasks');
const NET = flag('net');
const RETURN = flag('return');
const HEAD = flag('head');
const DIST = args.includes('--dist') ? resolve(args[args.indexOf('--dist') + 1]) : undefined;
if (DIST && !HEAD) { console.error('bench: --dist DIR goes with --head'); process.exit(2); }
if (NET && WRITE) { console.error('bench: --net is not written to the docs (their tables are on localhost)'); process.exit(2); }
if (!(RUNS >= 1) || !(THROTTLE >= 1)) { console.error('bench: --runs N (≥ 1), --throttle N (≥ 1)'); process.exit(2); }
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
  if (!/^\/(dist|other|node_modules\/vanilla-cookieconsent\/dist)\/[\w./-]+\.(js|css)$/.test(url.pathname) || url.pathname.includes('..')) return false;
  let body = gzCache.get(url.pathname);
  // `/other/`: the drop-in as built in --dist DIR.
  const file = url.pathname.startsWith('/other/') ? (DIST ? join(DIST, url.pathname.slice(7)) : undefined) : join(ROOT, url.pathname);
  if (!file) return false;
  if (!body) { body = gzipSync(await readFile(file), { level: 9 }); gzCache.set(url.pathname, body); }
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
  // The same page with no consent tool: the five scripts are ordinary ones (the floor for a return visit).
  ungated: `<!doctype html><html lang="en"><head>${head}
</head><body>${article}
${gated('').replaceAll('type="text/plain" ', '')}
</body></html>`,
};
if (DIST) PAGES[`consent-gate (${DIST})`] = PAGES['consent-gate'].replace('/dist/consent-gate.js', '/other/consent-gate.js');
// The floor of any drop-in that is a synchronous script in the head: the ungated page with an empty one (--head only).
const FLOOR = 'ungated + an empty head script';
if (HEAD) PAGES[FLOOR] = PAGES.ungated.replace('</head>', '<script src="/bench/empty.js"></script>\n</head>');
const LIBS = Object.keys(PAGES);
const UNGATED = 'ungated';
const TOOLS = LIBS.filter((l) => l !== UNGATED && l !== FLOOR);

// Runs in the page before anything else: first paint, layout shifts, long tasks, and the first
// animation frame in which a visible "Accept all" button exists (in the document or in an open
// shadow root of a top-level custom element).
const PROBE = `(() => {
  const m = window.__m = { fp: null, fcp: null, cls: 0, long: [], visibleAt: null, settledAt: null, clickAt: null };
  const po = (type, fn) => { try { new PerformanceObserver((l) => l.getEntries().forEach(fn)).observe({ type, buffered: true }); } catch {} };
  po('paint', (e) => { if (e.name === 'first-paint') m.fp = e.startTime; if (e.name === 'first-contentful-paint') m.fcp = e.startTime; });
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
  window.__find = find;
  addEventListener('click', () => { m.clickAt ??= performance.now(); }, true);
})();`;

/** The p-th percentile (0–100) with linear interpolation between ranks; p50 is the median. */
const percentile = (xs, p) => {
  const s = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const r = (p / 100) * (s.length - 1);
  const lo = Math.floor(r);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (r - lo);
};

/** Records encoded bytes per request (headers included) through the DevTools protocol. */
async function meter(ctx, page) {
  const cdp = await ctx.newCDPSession(page);
  const urls = new Map();
  const bytes = [];
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => bytes.push({ url: urls.get(e.requestId) ?? '', bytes: e.encodedDataLength }));
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Performance.enable');
  if (THROTTLE > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  if (NET) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
  return {
    cdp,
    /** Main-thread time so far, in ms: all tasks, and script evaluation alone (cumulative for the page). */
    main: async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (n) => (metrics.find((x) => x.name === n)?.value ?? 0) * 1000;
      return { task: get('TaskDuration'), script: get('ScriptDuration'), style: get('RecalcStyleDuration'), layout: get('LayoutDuration') };
    },
    /**
     * The value of `expression` in the page, through the protocol alone: Playwright's evaluate and
     * waitForFunction put its scripts into the page, whose evaluation is itself a long task at 4×.
     */
    read: async (expression) => (await cdp.send('Runtime.evaluate', { expression, returnByValue: true })).result.value,
    /** Waits (polling every 20 ms) until `expression` is true in the page. */
    until: async (expression, timeout = 10_000 * THROTTLE) => {
      for (const end = Date.now() + timeout; ;) {
        const { result } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true });
        if (result.value) return;
        if (Date.now() > end) throw new Error(`bench: ${expression} still false after ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    reset: () => { bytes.length = 0; },
    /** Bytes of everything but the page itself and the gated scripts: the library's cost, as its gzip bodies (what the size targets count). */
    library: () => bytes.filter((b) => !/\/bench\/|\/slow\//.test(b.url)).reduce((a, b) => a + (gzCache.get(new URL(b.url).pathname)?.length ?? b.bytes), 0),
    total: () => bytes.reduce((a, b) => a + b.bytes, 0),
  };
}

/** A fresh context and page for `lib`'s benchmark page, with the probe and the meter (the return-visit traces' set-up). */
async function openPage(browser, origin, lib) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: MOTION });
  await ctx.addInitScript(PROBE);
  const page = await ctx.newPage();
  return { ctx, page, net: await meter(ctx, page), url: `${origin}/bench/${LIBS.indexOf(lib)}` };
}

/** A first visit's decision: a click on "Accept all" (the ungated page has none), then the five scripts have run and the network is idle. */
async function decide(page, net, lib) {
  if (TOOLS.includes(lib)) {
    await net.until('window.__m.visibleAt !== null');
    const at = await net.read('(() => { const r = window.__find().getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()');
    await page.mouse.click(at.x, at.y);
  }
  await net.until(`(window.__ran ?? []).length >= ${SCRIPTS}`);
  await page.waitForLoadState('networkidle');
}

/** First visit only, with reduced motion: when "Accept all" shows once entry animations are off. */
async function bannerOnly(browser, origin, lib) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await ctx.addInitScript(PROBE);
  const page = await ctx.newPage();
  const net = await meter(ctx, page);
  await page.goto(`${origin}/bench/${LIBS.indexOf(lib)}`);
  await net.until('window.__m.visibleAt !== null && window.__m.fcp !== null');
  const m = await net.read('window.__m');
  await ctx.close();
  return { bannerReduced: Math.max(0, m.visibleAt - m.fcp) };
}

async function visitOnce(browser, origin, lib) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: MOTION });
  await ctx.addInitScript(PROBE);
  const page = await ctx.newPage();
  const net = await meter(ctx, page);
  page.on('pageerror', (e) => console.error(lib, 'pageerror', e.message));
  page.on('console', (m) => { if (m.type() === 'error') console.error(lib, 'console', m.text()); });
  const url = `${origin}/bench/${LIBS.indexOf(lib)}`;
  const timeout = 10_000 * THROTTLE;
  const r = {};
  const ran = () => net.until(`(window.__ran ?? []).length >= ${SCRIPTS}`, timeout);
  // The protocol's metrics start again at 0 with each document.
  await page.goto(url);
  await net.until('window.__m.fcp !== null', timeout);
  if (lib !== UNGATED) {
    await net.until('window.__m.visibleAt !== null', timeout);
    const shown = await net.main();
    r.firstMain = shown.task;
    r.firstScript = shown.script;
    await net.until('window.__m.settledAt !== null', timeout);
    await page.waitForLoadState('networkidle');
    const first = await net.read('({ fcp: window.__m.fcp, visibleAt: window.__m.visibleAt, settledAt: window.__m.settledAt })');
    // Everything the first visit ran until the banner is in place and the network is idle (Lit's first render, CSS, languages).
    r.firstScriptAll = (await net.main()).script;
    r.fcp = first.fcp;
    r.banner = Math.max(0, first.visibleAt - first.fcp);
    r.settled = Math.max(0, first.settledAt - first.fcp);
    r.bannerFromNav = first.visibleAt;
    r.firstBytes = net.library();

    // A click with the mouse where the probe finds the button (a locator would put Playwright's scripts into the page).
    const at = await net.read('(() => { const r = window.__find().getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()');
    await page.mouse.click(at.x, at.y);
    await ran();
    await page.waitForTimeout(300);
    const after = await net.read('({ clickAt: window.__m.clickAt, ranAt: window.__ranAt, cls: window.__m.cls, long: window.__m.long })');
    r.activation = Math.max(...after.ranAt) - after.clickAt;
    r.cls = after.cls;
    r.firstLongCount = after.long.filter((d) => d > 50).length;
    r.firstLongMax = Math.max(0, ...after.long);
  } else {
    await ran();
    await page.waitForLoadState('networkidle');
    const first = await net.read('({ fcp: window.__m.fcp, long: window.__m.long })');
    r.fcp = first.fcp;
    r.firstLongCount = first.long.filter((d) => d > 50).length;
    r.firstLongMax = Math.max(0, ...first.long);
  }

  net.reset();
  await page.goto(url);
  await ran();
  const done = await net.main();
  r.returnMain = done.task;
  r.returnScript = done.script;
  await page.waitForLoadState('networkidle');
  const back = await net.read('({ ranAt: window.__ranAt, long: window.__m.long, cls: window.__m.cls })');
  r.returnTime = Math.max(...back.ranAt);
  r.returnBytes = net.library();
  r.returnTotal = net.total();
  r.returnLongCount = back.long.filter((d) => d > 50).length;
  r.returnLongMax = Math.max(0, ...back.long);
  r.returnCls = back.cls;
  await ctx.close();
  return r;
}

/**
 * `--profile`: one first visit of consent-gate under the JS sampling profiler, up to the frame
 * showing "Accept all" (and settled). Prints self time by script URL and the heaviest functions,
 * and the protocol's main-thread metrics, averaged over the runs.
 */
async function profile(browser, origin, runs) {
  const byUrl = new Map();
  const byFn = new Map();
  const totals = { task: 0, script: 0, style: 0, layout: 0, banner: 0, nav: 0 };
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: MOTION });
    await ctx.addInitScript(PROBE);
    const page = await ctx.newPage();
    const net = await meter(ctx, page);
    await net.cdp.send('Profiler.enable');
    await net.cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await net.cdp.send('Profiler.start');
    const before = { task: 0, script: 0, style: 0, layout: 0 }; // the metrics start at 0 with the document
    await page.goto(`${origin}/bench/${LIBS.indexOf('consent-gate')}`);
    await net.until('window.__m.settledAt !== null && window.__m.fcp !== null');
    const after = await net.main();
    const { profile: p } = await net.cdp.send('Profiler.stop');
    const m = await net.read('window.__m');
    for (const k of ['task', 'script', 'style', 'layout']) totals[k] += after[k] - before[k];
    totals.banner += Math.max(0, m.visibleAt - m.fcp);
    totals.nav += m.visibleAt;
    // Self time per node: samples × the interval between them.
    const dt = new Map();
    p.samples.forEach((id, j) => dt.set(id, (dt.get(id) ?? 0) + (p.timeDeltas[j + 1] ?? 0) / 1000));
    for (const n of p.nodes) {
      const t = dt.get(n.id) ?? 0;
      if (!t) continue;
      const f = n.callFrame;
      const file = f.url ? f.url.replace(origin, '').replace(/\?.*/, '') : `(${f.functionName || 'native'})`;
      byUrl.set(file, (byUrl.get(file) ?? 0) + t);
      if (f.url) { const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`; byFn.set(key, (byFn.get(key) ?? 0) + t); }
    }
    await ctx.close();
  }
  const avg = (x) => (x / runs).toFixed(1);
  console.log(`\nFirst visit of consent-gate, CPU ${THROTTLE}×, mean of ${runs} runs, navigation → "Accept all" in place:`);
  console.log(`main thread ${avg(totals.task)} ms (script ${avg(totals.script)}, style ${avg(totals.style)}, layout ${avg(totals.layout)}); "Accept all" visible ${avg(totals.banner)} ms after first contentful paint, ${avg(totals.nav)} ms after navigation`);
  console.log('\nself time by file (ms):');
  for (const [k, v] of [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${avg(v).padStart(7)}  ${k}`);
  console.log('\nheaviest functions, self time (ms):');
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${avg(v).padStart(7)}  ${k}`);
}

/**
 * `--profile --return`: return visits (the decision stored by a first visit's "Accept all"), navigation → the
 * five scripts have run. Per tool, the JS profiler's self time by file and function (consent-gate), and from a
 * trace the main thread's outermost events summed by kind and file, with the ungated page's beside it.
 */
async function profileReturn(browser, origin, runs) {
  const byUrl = new Map();
  const byFn = new Map();
  const traces = Object.fromEntries(LIBS.map((l) => [l, new Map()]));
  const metrics = Object.fromEntries(LIBS.map((l) => [l, { task: 0, script: 0, ran: 0 }]));
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  for (let i = 0; i <= runs; i++) {
    for (const lib of LIBS) {
      const { ctx, page, net, url } = await openPage(browser, origin, lib);
      await page.goto(url);
      await decide(page, net, lib);
      const cg = lib === LIBS[0];
      if (cg) {
        await net.cdp.send('Profiler.enable');
        await net.cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await net.cdp.send('Profiler.start');
      } else {
        await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'toplevel'] });
      }
      await page.goto(url);
      await net.until(`(window.__ran ?? []).length >= ${SCRIPTS}`);
      const after = await net.main();
      const ran = await net.read('Math.max(...window.__ranAt)');
      if (i > 0) { metrics[lib].task += after.task; metrics[lib].script += after.script; metrics[lib].ran += ran; }
      if (cg) {
        const { profile: p } = await net.cdp.send('Profiler.stop');
        const dt = new Map();
        p.samples.forEach((id, j) => dt.set(id, (dt.get(id) ?? 0) + (p.timeDeltas[j + 1] ?? 0) / 1000));
        for (const n of p.nodes) {
          const t = dt.get(n.id) ?? 0;
          if (!t || i === 0) continue;
          const f = n.callFrame;
          const file = f.url ? f.url.replace(origin, '').replace(/\?.*/, '') : `(${f.functionName || 'native'})`;
          add(byUrl, file, t);
          if (f.url) add(byFn, `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`, t);
        }
        // A second return visit under the trace (the profiler's own overhead kept out of it).
        await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'toplevel'] });
        await page.goto(url);
        await net.until(`(window.__ran ?? []).length >= ${SCRIPTS}`);
      }
      const trace = await browser.stopTracing();
      // BENCH_TRACES=<dir>: each run's whole trace too, to read in DevTools' Performance panel.
      if (process.env.BENCH_TRACES) writeFileSync(`${process.env.BENCH_TRACES}/${lib}-${i}.json`, trace);
      const { traceEvents: ev } = JSON.parse(trace.toString());
      await ctx.close();
      if (i === 0) continue; // warm-up
      const parses = ev.filter((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.includes('/bench/'));
      const pid = parses.at(-1)?.pid;
      const tid = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === pid)?.tid;
      const own = ev.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
      const nav = ev.filter((e) => e.name === 'navigationStart' && e.pid === pid).at(-1)?.ts ?? own[0]?.ts ?? 0;
      const end = nav + ran * 1000;
      const parts = own.filter((e) => e.ts >= nav && e.ts <= end && e.name !== 'RunTask' && (TRACE_PARTS.test(e.name) || /^(v8\.parseOnBackground|v8\.produceCache|v8\.compileModule|V8\.CompileCode|v8\.run|ScheduleStyleRecalculation)$/.test(e.name)));
      const outer = parts.filter((e) => !parts.some((p) => p !== e && p.ts <= e.ts && p.ts + p.dur >= e.ts + e.dur && p.dur > e.dur));
      for (const e of outer) {
        const d = e.args?.data ?? e.args?.beginData ?? {};
        const file = (d.url || d.fileName || '').replace(origin, '').replace(/\?.*/, '');
        add(traces[lib], `${e.name}${file ? ' ' + file : ''}${d.functionName ? ' ' + d.functionName : ''}`, e.dur / 1000);
        // Inside a script: its compilation, apart.
      }
      // Every script event (nested ones too, so they overlap): compilation, evaluation and callbacks by file.
      for (const k of parts.filter((k) => /compile|Compile|parseOnBackground|EvaluateScript|evaluateModule|FunctionCall|RunMicrotasks|TimerFire|EventDispatch/.test(k.name))) {
        const d = k.args?.data ?? k.args?.beginData ?? {};
        const file = (d.url || d.fileName || d.scriptName || k.args?.fileName || '').replace(origin, '').replace(/\?.*/, '');
        add(traces[lib], `  (any) ${k.name}${file ? ' ' + file : ''}${d.functionName ? ' ' + d.functionName : ''}${d.type ? ' ' + d.type : ''}`, k.dur / 1000);
      }
      add(traces[lib], 'RunTask (all tasks)', own.filter((e) => e.name === 'RunTask' && e.ts >= nav && e.ts <= end).reduce((a, e) => a + e.dur / 1000, 0));
    }
  }
  const avg = (x) => (x / runs).toFixed(1);
  console.log(`\nReturn visits, CPU ${THROTTLE}×, mean of ${runs} runs, navigation → ${SCRIPTS} scripts have run (Performance metrics):`);
  for (const lib of LIBS) console.log(`  ${lib}: main thread ${avg(metrics[lib].task)} ms, script ${avg(metrics[lib].script)} ms, scripts ran at ${avg(metrics[lib].ran)} ms`);
  console.log(`\n${LIBS[0]}: JS self time by file (ms):`);
  for (const [k, v] of [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${avg(v).padStart(7)}  ${k}`);
  console.log('\nheaviest functions, self time (ms):');
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${avg(v).padStart(7)}  ${k}`);
  for (const lib of LIBS) {
    console.log(`\n${lib}: main-thread events from the trace, outermost, summed (ms, ≥ 0.3):`);
    for (const [k, v] of [...traces[lib]].sort((a, b) => b[1] - a[1]).filter(([, v]) => v / runs >= 0.3)) console.log(`  ${avg(v).padStart(7)}  ${k}`);
  }
}

/** What a trace event is, for the task breakdown: script by file (and function), or the browser's own work. */
const TRACE_PARTS = /^(EvaluateScript|v8\.evaluateModule|v8\.compile|v8\.compileModule|FunctionCall|TimerFire|FireAnimationFrame|RunMicrotasks|UpdateLayoutTree|Layout|PrePaint|Paint|Commit|Layerize|ParseHTML|ParseAuthorStyleSheet|MinorGC|MajorGC|EventDispatch|HitTest)$/;

/**
 * `--tasks`: first visits of each tool under Chromium's tracing (navigation → "Accept all" in place, then
 * a second), listing every main-thread task over 50 ms with what is in it, outermost events only: script
 * by file (`EvaluateScript` a classic script, `v8.evaluateModule` a module chunk, `FunctionCall` a callback,
 * `RunMicrotasks` promise reactions), style (`UpdateLayoutTree`), `Layout` (with its dirty/total objects),
 * paint. What no event covers is "other" (the task's own overhead, compilation, unlabelled work).
 */
async function tasks(browser, origin, runs) {
  for (const lib of TOOLS) {
    console.log(`\n${lib}, first visit, CPU ${THROTTLE}×: main-thread tasks over 50 ms`);
    for (let i = 0; i <= runs; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: MOTION });
      await ctx.addInitScript(PROBE);
      const page = await ctx.newPage();
      const net = await meter(ctx, page);
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'toplevel'] });
      await page.goto(`${origin}/bench/${LIBS.indexOf(lib)}`);
      await net.until('window.__m.settledAt !== null');
      await page.waitForTimeout(1000);
      const trace = await browser.stopTracing();
      // BENCH_TRACES=<dir>: each run's whole trace too, to read in DevTools' Performance panel.
      if (process.env.BENCH_TRACES) writeFileSync(`${process.env.BENCH_TRACES}/${lib}-${i}.json`, trace);
      const { traceEvents: ev } = JSON.parse(trace.toString());
      await ctx.close();
      if (i === 0) continue; // warm-up
      // The page's renderer: the process whose parser read /bench/; its main thread.
      const pid = ev.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.includes('/bench/'))?.pid;
      const tid = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === pid)?.tid;
      const own = ev.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
      const nav = ev.filter((e) => e.name === 'navigationStart' && e.pid === pid).at(-1)?.ts ?? own[0]?.ts ?? 0;
      const label = (e) => {
        const d = e.args?.data ?? e.args?.beginData ?? {};
        const url = (d.url || '').replace(origin, '').replace(/\?.*/, '');
        if (e.name === 'Layout') return `Layout${d.totalObjects ? ` ${d.dirtyObjects}/${d.totalObjects}` : ''}`;
        return `${e.name}${url ? ` ${url}` : ''}${d.functionName ? ` ${d.functionName}` : ''}${d.type ? ` ${d.type}` : ''}`;
      };
      // Over 50 ms of wall time, or of the thread's own CPU time (`tdur`: on a loaded machine the thread waits for a core).
      const long = own.filter((e) => e.name === 'RunTask' && e.ts >= nav && (e.dur > 50_000 || e.tdur > 50_000));
      // consent-gate's own: a task running its files (module compile/evaluation, its calls, promise reactions of its chunks).
      const mine = (t) => own.some((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && (/\/consent-gate\.|vanilla|cookieconsent/.test(e.args?.data?.url ?? '') || e.name === 'v8.evaluateModule'))
        // (or promise reactions: the page has no module of its own, and the tools' reactions name no file)
        || own.some((e) => e.name === 'RunMicrotasks' && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur > t.dur / 2);
      const ownLong = long.filter((t) => mine(t) && !own.some((e) => e.name === 'FireAnimationFrame' && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur > t.dur / 2));
      const fmt = (xs, k) => `${xs.filter((t) => t[k] > 50_000).length} (longest ${(Math.max(0, ...xs.map((t) => t[k])) / 1000).toFixed(1)} ms)`;
      console.log(`  run ${i}: ${long.length}; the tool's own over 50 ms: wall ${fmt(ownLong, 'dur')}, thread ${fmt(ownLong, 'tdur')}`);
      for (const t of long) {
        const inner = own.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && TRACE_PARTS.test(e.name));
        const outer = inner.filter((e) => !inner.some((p) => p !== e && p.ts <= e.ts && p.ts + p.dur >= e.ts + e.dur && p.dur > e.dur));
        const sums = new Map();
        for (const e of outer) sums.set(label(e), (sums.get(label(e)) ?? 0) + e.dur / 1000);
        const other = t.dur / 1000 - [...sums.values()].reduce((a, b) => a + b, 0);
        const parts = [...sums].filter(([, v]) => v >= 1).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`);
        console.log(`    ${ownLong.includes(t) ? '*' : ' '}at ${((t.ts - nav) / 1000).toFixed(0)} ms, ${(t.dur / 1000).toFixed(1)} ms (thread ${(t.tdur / 1000).toFixed(1)}): ${[...parts, `other ${other.toFixed(1)}`].join('; ')}`);
        // Inside each script: the calls into the page's files, module evaluation, template parsing, style and layout it forced.
        for (const e of outer.filter((x) => /Evaluate|FunctionCall|RunMicrotasks|FireAnimationFrame|TimerFire/.test(x.name) && x.dur > 5000)) {
          const nested = inner.filter((k) => k !== e && k.ts >= e.ts && k.ts + k.dur <= e.ts + e.dur && /^(FunctionCall|v8\.evaluateModule|v8\.compileModule|v8\.compile|V8\.CompileCode|v8\.compileModule|ParseHTML|UpdateLayoutTree|Layout|ParseAuthorStyleSheet|MinorGC|MajorGC|V8\.GCScavenger|V8\.GC_MC_BACKGROUND_MARKING)$/.test(k.name));
          const top = nested.filter((k) => !nested.some((p) => p !== k && p.ts <= k.ts && p.ts + p.dur >= k.ts + k.dur && p.dur > k.dur && p.name === 'FunctionCall'));
          const sub = new Map();
          for (const k of top) sub.set(label(k), (sub.get(label(k)) ?? 0) + k.dur / 1000);
          const list = [...sub].filter(([, v]) => v >= 1).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`);
          if (list.length) console.log(`      in ${label(e)}: ${list.join('; ')}`);
        }
      }
    }
  }
}

/** The trace's page renderer (the process whose parser read the last /bench/ page): its main thread's complete events, and navigation start. */
function rendererMain(ev) {
  const pid = ev.filter((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.includes('/bench/')).at(-1)?.pid;
  const tid = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === pid)?.tid;
  const own = ev.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const nav = ev.filter((e) => e.name === 'navigationStart' && e.pid === pid).at(-1)?.ts ?? own[0]?.ts ?? 0;
  return { own, nav, pid };
}

/**
 * `--head`: what stands between the HTML and the first frame. Per page, a first visit and a return visit (after "Accept
 * all"; the ungated page: a reload) under a Chromium trace: first contentful paint, and the main thread from navigation
 * to it, outermost events summed by kind and file (a classic script's `EvaluateScript` holds its compilation and
 * evaluation; `FunctionCall` a callback, e.g. a MutationObserver's or an event listener's, `RunMicrotasks` promise
 * reactions and observer deliveries, `ParseHTML` the parser's own time), all tasks (`RunTask`), and what no event covers.
 */
async function headTrace(browser, origin, runs) {
  const CATS = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel', 'loading', 'blink.user_timing'];
  const sums = Object.fromEntries(LIBS.flatMap((l) => ['first', 'return'].map((v) => [`${l} ${v}`, new Map()])));
  const fcps = Object.fromEntries(Object.keys(sums).map((k) => [k, []]));
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  const label = (e) => {
    const d = e.args?.data ?? e.args?.beginData ?? {};
    const url = (d.url || d.fileName || '').replace(origin, '').replace(/\?.*/, '');
    return `${e.name}${url ? ` ${url}` : ''}${d.functionName ? ` ${d.functionName}` : ''}${d.type ? ` ${d.type}` : ''}`;
  };
  // Thread time (`tdur`, the CPU the main thread got), less disturbed than wall time by other processes' load.
  const cpu = (e) => (e.tdur ?? e.dur) / 1000;
  const visit = async (page, net, url, key, count) => {
    await browser.startTracing(page, { categories: CATS });
    await page.goto(url);
    // Polled every 250 ms (each poll is a task of its own on the page's main thread).
    for (const end = Date.now() + 20_000 * THROTTLE; !(await net.read('window.__m.fcp !== null')) && Date.now() < end;) await new Promise((r) => setTimeout(r, 250));
    const { traceEvents: ev } = JSON.parse((await browser.stopTracing()).toString());
    if (!count) return;
    const { own, pid } = rendererMain(ev);
    // This document's navigation start and its first contentful paint, as the trace has them.
    const nav = ev.filter((e) => e.name === 'navigationStart' && e.pid === pid && e.args?.data?.documentLoaderURL?.includes('/bench/')).at(-1)?.ts;
    const fcp = ev.filter((e) => e.name === 'firstContentfulPaint' && e.pid === pid && e.ts > nav).at(0)?.ts;
    if (!nav || !fcp) { console.error('bench: no navigationStart/firstContentfulPaint in the trace of', key); return; }
    fcps[key].push((fcp - nav) / 1000);
    const parts = own.filter((e) => e.ts >= nav && e.ts + e.dur <= fcp && e.name !== 'RunTask' && TRACE_PARTS.test(e.name));
    const outer = parts.filter((e) => !parts.some((p) => p !== e && p.ts <= e.ts && p.ts + p.dur >= e.ts + e.dur && p.dur > e.dur));
    for (const e of outer) add(sums[key], label(e), cpu(e));
    // Inside the parser's own events: what ran in them (a parser-blocking script, observers' callbacks, microtasks).
    for (const p of outer.filter((e) => e.name === 'ParseHTML')) {
      const inner = own.filter((e) => e !== p && e.ts >= p.ts && e.ts + e.dur <= p.ts + p.dur && e.name !== 'ParseHTML' && /^(EvaluateScript|v8\.|FunctionCall|RunMicrotasks|UpdateLayoutTree|Layout|EventDispatch|TimerFire|V8\.GC|MinorGC|MajorGC)/.test(e.name));
      for (const e of inner.filter((e) => !inner.some((q) => q !== e && q.ts <= e.ts && q.ts + q.dur >= e.ts + e.dur && q.dur > e.dur))) add(sums[key], `  in ParseHTML: ${label(e)}`, cpu(e));
    }
    const tasksBefore = own.filter((e) => e.name === 'RunTask' && e.ts >= nav && e.ts + e.dur <= fcp);
    const total = tasksBefore.reduce((a, e) => a + cpu(e), 0);
    add(sums[key], 'RunTask (all tasks, navigation → FCP)', total);
    add(sums[key], '  … count of tasks', tasksBefore.length);
    add(sums[key], '  … not covered by an event above', total - outer.reduce((a, e) => a + cpu(e), 0));
  };
  for (let i = 0; i <= runs; i++) {
    for (const lib of i % 2 ? [...LIBS].reverse() : LIBS) {
      const { ctx, page, net, url } = await openPage(browser, origin, lib);
      await visit(page, net, url, `${lib} first`, i > 0);
      await decide(page, net, lib);
      await page.waitForTimeout(300);
      await visit(page, net, url, `${lib} return`, i > 0);
      await ctx.close();
    }
    if (i) process.stderr.write(`run ${i}/${runs}\n`);
  }
  const f = (x) => x.toFixed(1).padStart(7);
  console.log(`\nCPU ${THROTTLE}×, ${runs} runs (load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}): first contentful paint (trace), p50 (p90), ms`);
  for (const k of Object.keys(sums)) console.log(`  ${k.padEnd(40)} ${f(percentile(fcps[k], 50))} (${percentile(fcps[k], 90).toFixed(1)})`);
  for (const k of Object.keys(sums)) {
    console.log(`\n${k}: main thread, navigation → FCP, outermost events, mean thread time per visit (ms, ≥ 0.2)`);
    for (const [name, v] of [...sums[k]].sort((a, b) => b[1] - a[1]).filter(([, v]) => v / runs >= 0.2)) console.log(`  ${f(v / runs)}  ${name}`);
  }
}

const server = await startServer([gzip]);
LIBS.forEach((lib, i) => server.pages.set(`/bench/${i}`, { body: PAGES[lib] }));
server.pages.set('/bench/empty.js', { body: '', type: 'text/javascript; charset=utf-8'});
const browser = await launchBrowser();
const version = browser.version();
const results = Object.fromEntries(LIBS.map((l) => [l, []]));
try {
  if (HEAD) {
    await headTrace(browser, server.origin, RUNS);
    process.exit(0);
  }
  if (TASKS) {
    await tasks(browser, server.origin, RUNS);
    process.exit(0);
  }
  if (PROFILE && RETURN) {
    await profileReturn(browser, server.origin, RUNS);
    process.exit(0);
  }
  if (PROFILE) {
    await visitOnce(browser, server.origin, 'consent-gate');
    await profile(browser, server.origin, RUNS);
    process.exit(0);
  }
  // One warm-up visit each (compiles, fills the OS file cache), not counted.
  for (const lib of LIBS) await visitOnce(browser, server.origin, lib);
  for (let i = 0; i < RUNS; i++) {
    for (const lib of i % 2 ? [...LIBS].reverse() : LIBS) results[lib].push(await visitOnce(browser, server.origin, lib));
    process.stderr.write(`run ${i + 1}/${RUNS}\n`);
  }
  if (MOTION !== 'reduce') {
    for (let i = 0; i < RUNS; i++) for (const lib of TOOLS) Object.assign(results[lib][i], await bannerOnly(browser, server.origin, lib));
  }
} finally {
  await browser.close();
  await server.close();
}

const pct = (lib, k, p = 50) => percentile(results[lib].map((r) => r[k]), p);
const med = (lib, k) => pct(lib, k, 50);
const [cg, vcc] = TOOLS;
const ms = (x) => (Number.isNaN(x) ? '–' : `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`);
const bytes = (x) => (Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en'));
/** "p50 (p90)" of a timing. */
const both = (lib, k) => `${ms(pct(lib, k))} (${ms(pct(lib, k, 90))})`;
const verdict = (ok) => (ok ? 'met' : '**missed**');
const x = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '–');
const fast = THROTTLE > 1;
// Main-thread cost of a tool on a return visit: its page's main-thread script time over the ungated
// page's (medians; script time is the steadier of the two on a loaded machine).
const over = (lib) => med(lib, 'returnScript') - med(UNGATED, 'returnScript');
const mainRatio = over(cg) / over(vcc);
const returnRatio = med(cg, 'returnTime') / med(UNGATED, 'returnTime');
/** Long tasks of a visit: the median count per visit, and the longest in any run. */
const longs = (lib, visit) => `${pct(lib, `${visit}LongCount`)} (longest ${ms(Math.max(0, ...results[lib].map((r) => r[`${visit}LongMax`])))})`;
const longest = (lib, visit) => Math.max(0, ...results[lib].map((r) => r[`${visit}LongMax`]));
const fcpOver = med(cg, 'fcp') - med(UNGATED, 'fcp');
const navRatio = med(cg, 'bannerFromNav') / med(vcc, 'bannerFromNav');
const retTarget = fast ? 0.33 : 0.4;
// One row per target of issue 20 (its CPU's), then what explains them. [what, consent-gate, vanilla, ungated, target, verdict]
const rows = [
  ['first contentful paint', both(cg, 'fcp'), both(vcc, 'fcp'), both(UNGATED, 'fcp'), '≤ ungated + 16 ms (p50)', `${fcpOver < 0 ? '−' + ms(-fcpOver) : '+' + ms(fcpOver)} (${verdict(fcpOver <= 16)})`],
  ['"Accept all" visible, after navigation start', both(cg, 'bannerFromNav'), both(vcc, 'bannerFromNav'), '–',
    fast ? '≤ 0.75× vanilla (p50)' : '', fast ? `${x(navRatio)} (${verdict(navRatio <= 0.75)})` : `${x(navRatio)} vanilla's`],
  ['"Accept all" visible, after first contentful paint', both(cg, 'banner'), both(vcc, 'banner'), '–',
    fast ? '' : '≤ 20 ms (p90)', fast ? '' : verdict(pct(cg, 'banner', 90) <= 20)],
  ...(MOTION === 'reduce' ? [] : [['… with prefers-reduced-motion: reduce', both(cg, 'bannerReduced'), both(vcc, 'bannerReduced'), '–', '', '']]),
  ['"Accept all" in place (entry animation over), after first contentful paint', both(cg, 'settled'), both(vcc, 'settled'), '–', '', ''],
  ['first visit: main-thread script time, navigation → banner in place, network idle', both(cg, 'firstScriptAll'), both(vcc, 'firstScriptAll'), '–',
    fast ? '≤ vanilla\'s (p50)' : '', fast ? verdict(med(cg, 'firstScriptAll') <= med(vcc, 'firstScriptAll')) : ''],
  // One figure a cell: the charts on the docs site draw each cell's first figure and print the cell beside its
  // bar, which must fit a 320 px screen (tests/browser/docs-site.test.ts).
  ['… main-thread time until "Accept all" is visible (all tasks)', both(cg, 'firstMain'), both(vcc, 'firstMain'), '–', '', ''],
  ['… of which script, until "Accept all" is visible', both(cg, 'firstScript'), both(vcc, 'firstScript'), '–', '', ''],
  ['first visit: tasks over 50 ms per visit, p50 (longest, any run)', longs(cg, 'first'), longs(vcc, 'first'), longs(UNGATED, 'first'),
    fast ? 'no more than vanilla\'s, none over 60 ms' : '', fast ? verdict(med(cg, 'firstLongCount') <= med(vcc, 'firstLongCount') && longest(cg, 'first') <= 60) : ''],
  [`click "Accept all" → ${SCRIPTS} gated scripts (${DELAY} ms each) have run`, both(cg, 'activation'), both(vcc, 'activation'), '–',
    fast ? '' : '≤ 250 ms (p50)', fast ? '' : verdict(med(cg, 'activation') <= 250)],
  ['return visit: main-thread script time over the ungated page (p50)', ms(over(cg)), ms(over(vcc)), '0 ms', `≤ ${retTarget}× vanilla's`,
    over(cg) < 0 || over(vcc) <= 0 ? 'below the noise: re-run on a quiet machine' : `${x(mainRatio)} (${verdict(mainRatio <= retTarget)})`],
  ['… main-thread time, navigation → scripts have run (all tasks)', both(cg, 'returnMain'), both(vcc, 'returnMain'), both(UNGATED, 'returnMain'), '', ''],
  ['… of which script, until the scripts have run', both(cg, 'returnScript'), both(vcc, 'returnScript'), both(UNGATED, 'returnScript'), '', ''],
  [`return visit: navigation → the ${SCRIPTS} allowed scripts have run`, both(cg, 'returnTime'), both(vcc, 'returnTime'), both(UNGATED, 'returnTime'),
    fast ? '≤ 1.05× ungated (p50)' : '', `${x(returnRatio)} ungated's${fast ? ` (${verdict(returnRatio <= 1.05)})` : ''}`],
  ['return visit: tasks over 50 ms per visit, p50 (longest, any run)', longs(cg, 'return'), longs(vcc, 'return'), longs(UNGATED, 'return'), '', ''],
  ['bytes (gzip bodies): first visit', bytes(med(cg, 'firstBytes')), bytes(med(vcc, 'firstBytes')), '0', '≤ 15,000', verdict(med(cg, 'firstBytes') <= 15000)],
  ['bytes (gzip bodies): return visit', bytes(med(cg, 'returnBytes')), bytes(med(vcc, 'returnBytes')), bytes(med(UNGATED, 'returnBytes')), '≤ 5,500', verdict(med(cg, 'returnBytes') <= 5500)],
  ['layout shift (CLS), first visit', med(cg, 'cls').toFixed(3), med(vcc, 'cls').toFixed(3), '–', '0', verdict(Math.max(...results[cg].map((r) => r.cls)) === 0)],
];
const cpu = (THROTTLE > 1 ? `CPU ${THROTTLE}× slower` : 'desktop CPU') + (NET ? ', network 150 ms / 1.6 Mbps' : '');
const table = [
  `| ${cpu}: p50 (p90) of ${RUNS} runs | consent-gate | vanilla-cookieconsent 3.1.0 | same page, scripts ungated | target | consent-gate vs target |`,
  '| --- | ---: | ---: | ---: | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
console.log(table);
if (!WRITE) {
  console.error('(not written: add --write to put this table in docs/benchmark.md and docs/compare.md)');
  process.exit(0);
}

const block = `<!-- bench:table:cpu${THROTTLE} -->
${table}

<sub>${new Date().toISOString().slice(0, 10)}, Chromium ${version} headless, ${RUNS} runs per page (alternating order, after one warm-up visit each), prefers-reduced-motion: ${MOTION}, load average at the end ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores.</sub>
<!-- /bench:table:cpu${THROTTLE} -->`;
/** Replaces this CPU rate's block in `text`, or adds it at the `<!-- bench:tables -->` marker. */
const put = (text) => {
  const re = new RegExp(`<!-- bench:table:cpu${THROTTLE} -->[\\s\\S]*?<!-- /bench:table:cpu${THROTTLE} -->`);
  return re.test(text) ? text.replace(re, block) : text.replace('<!-- bench:tables -->', `<!-- bench:tables -->\n${block}\n`);
};

const METHOD = `# Benchmark: consent-gate vs vanilla-cookieconsent 3.1.0 and the page without a consent tool

Produced by \`npm run bench -- --write\` (desktop CPU) and \`npm run bench -- --throttle 4 --write\`
(CPU 4× slower, as Chrome's "mid-tier mobile"), scripts/bench.mjs. Each cell: median (p50), then
the 90th percentile in brackets. Timings taken on a loaded machine are noisy: read the two
libraries' figures against each other (same run, alternating order), not against another run.

## Charts

Drawn at build time from the tables below (the bars are the medians; the tables give the 90th percentiles too).

<BenchCharts />

## Tables

<!-- bench:tables -->

## Method
- One page, a news article, with five gated external scripts at the end of the body, each answered
  by the local server after ${DELAY} ms. consent-gate: the drop-in tag in the \`<head>\` with a
  two-category config; the scripts are \`type="text/plain" data-consent="analytics"\`.
  vanilla-cookieconsent: its CSS in the \`<head>\`, its UMD script and \`CookieConsent.run()\` at the
  end of the body as its documentation shows, the same texts, the scripts
  \`type="text/plain" data-category="analytics"\`. "Ungated": the same page with the five scripts
  as ordinary \`<script src>\` and no consent tool (measured on its second visit only).
- Served from 127.0.0.1: library files gzip -9 and \`no-store\` (so each page view downloads
  them), no network throttling. \`--throttle N\` slows the CPU N× through the DevTools protocol
  (\`Emulation.setCPUThrottlingRate\`). Each run opens a fresh browser context (no cookies, no cache).
- First contentful paint: the \`paint\` entry \`first-contentful-paint\`, for all three pages.
- "Visible" = the first animation frame in which a button reading "Accept all" is on screen with
  an effective opacity of at least 0.5, its own and every ancestor's multiplied (fade-in
  animations count from half opacity). 0 ms after first contentful paint means the button is in
  the first contentful frame. "In place" = the first frame in which it is entirely
  on screen, fully opaque and where it was in the frame before (the entry animation is over).
- Main-thread time: the protocol's \`Performance.getMetrics\` (\`TaskDuration\`: every task on the
  page's main thread; \`ScriptDuration\`: script compilation and evaluation), the difference
  between navigation start and the moment measured. On a return visit the ungated page's own
  figure (parsing, layout, the five scripts) is subtracted to give the tool's cost.
- Activation is measured in the page from the click event to the \`performance.now()\` at which
  the last gated script ran. The click is the mouse's, at the centre of the button the probe
  found. The page is read through the protocol (\`Runtime.evaluate\`) alone: Playwright's
  locators, \`evaluate\` and \`waitForFunction\` put Playwright's own scripts into the page, whose
  evaluation would be one of the long tasks counted.
- Bytes: the gzip -9 bodies of what the browser fetched (each file as it travels), everything
  except the page itself and the gated scripts: what \`scripts/size.mjs\` counts.
- Long tasks: PerformanceObserver \`longtask\` entries, per visit: the whole first visit (page
  load, banner, the click and the scripts it releases), then the return visit.
- Each row with a target is one of issue 20's, for the CPU rate of its table; the last column
  says met or missed.
- \`npm run bench -- --tasks [--throttle 4]\` lists each first visit's tasks over 50 ms, for both
  tools, with what is in each (script by file, style, layout, paint), from a Chromium trace, its
  wall and thread time, and a count of the tool's own (marked with a star; thread time tells a loaded machine's
  waits apart; \`BENCH_TRACES=<dir>\` keeps each trace for DevTools' Performance panel);
  \`--profile\` prints where consent-gate's first-visit main-thread time goes (the protocol's JS
  sampling profiler, self time by file and function). \`--head [--dist DIR]\` prints what stands
  between the HTML and the first frame: per page, a first and a return visit under a Chromium
  trace, first contentful paint and the main thread's time (thread time) from navigation to it, by
  event kind and file; \`--dist DIR\` adds the page with the drop-in as built in DIR (an A/B in one run).
`;
await mkdir(join(ROOT, 'docs'), { recursive: true });
const docPath = join(ROOT, 'docs/benchmark.md');
const docText = existsSync(docPath) ? await readFile(docPath, 'utf8') : '';
// The page keeps its tables (each CPU rate's, written by its own run); its Method section is this script's.
const method = (text) => text.replace(/\n## Method\n[\s\S]*$/, METHOD.slice(METHOD.indexOf('\n## Method\n')));
await writeFile(docPath, method(put(docText.includes('<!-- bench:tables -->') ? docText : METHOD)));
const compare = join(ROOT, 'docs/compare.md');
if (existsSync(compare)) {
  const text = await readFile(compare, 'utf8');
  const next = put(text);
  if (next !== text) await writeFile(compare, next);
  else console.error('docs/compare.md has no <!-- bench:tables --> marker: table not written there');
}
console.error('written: docs/benchmark.md, docs/compare.md');
