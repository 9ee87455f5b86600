/**
 * How a first visit's banner work is cut into tasks (issue 20: no long task from consent-gate's
 * UI), read from a Chromium trace of the drop-in page. Checked by structure, not by time (speed is
 * measured by `npm run bench -- --tasks`): the UI chunk's evaluation, the element's shadow root and
 * stylesheet, and the first layer's render are separate tasks, and no script of the chunk forces a
 * layout of the page before the browser's own frame lays it out.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer, type TestServer } from './harness';

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; args?: { data?: { url?: string; functionName?: string }; beginData?: { url?: string }; name?: string } }

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
});
afterAll(async () => { await browser?.close(); await server?.close(); });

const config = { categories: { necessary: { required: true }, analytics: { label: 'Analytics', description: 'Counts page views.' } } };
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tasks</title>
<script src="/dist/consent-gate.js" data-config='${JSON.stringify(config)}'></script></head>
<body><main><h1>News</h1>${'<p>Words of an article that the page lays out before any banner comes.</p>'.repeat(20)}</main></body></html>`;

/** A first visit's main-thread trace events, navigation until the first layer has been shown for a moment. */
async function firstVisit(body = PAGE, until = () => !!document.querySelector('consent-banner')?.shadowRoot?.querySelector('[part~=accept]')): Promise<{ tasks: TraceEvent[]; inside: (task: TraceEvent) => TraceEvent[]; requests: string[]; main: TraceEvent[]; attached: unknown }> {
  server.pages.set('/tasks', { body });
  const from = server.requests.length;
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel'] });
  await page.goto(`${server.origin}/tasks`);
  await page.waitForFunction(until);
  await page.waitForTimeout(500);
  const attached = await page.evaluate(() => (window as { __attached?: unknown }).__attached);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  await ctx.close();
  const pid = traceEvents.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.endsWith('/tasks'))?.pid;
  const tid = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === pid)?.tid;
  const all = traceEvents.filter((e) => e.pid === pid && e.tid === tid);
  const main = all.filter((e) => e.ph === 'X');
  const tasks = main.filter((e) => e.name === 'RunTask');
  const inside = (t: TraceEvent) => main.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!);
  return { tasks, inside, requests: server.requests.slice(from), main: all, attached };
}

const ui = (e: TraceEvent) => e.args?.data?.url?.endsWith('/consent-gate.ui.js') === true;

test('the UI chunk is evaluated, builds the element and renders the first layer in separate tasks, forcing no layout', async () => {
  const { tasks, inside, requests } = await firstVisit();
  // The tag, then the store and the UI's (English needs no language file; the dialog's chunk is not fetched).
  expect(requests.filter((r) => r.includes('/dist/consent-gate.')).sort()).toEqual(['/dist/consent-gate.js', '/dist/consent-gate.store.js', '/dist/consent-gate.ui.js']);
  // The UI chunk's evaluation: the first module evaluated after its compilation (the trace names no module in an evaluation).
  const compiled = tasks.find((t) => inside(t).some((e) => e.name === 'v8.compileModule' && ui(e)));
  expect(compiled).toBeDefined();
  const evaluation = tasks.filter((t) => t.ts >= compiled!.ts && inside(t).some((e) => e.name === 'v8.evaluateModule')).slice(0, 1);
  expect(evaluation).toHaveLength(1);
  // The first render: where the element is connected (the template is parsed and the first layer built).
  const render = tasks.filter((t) => inside(t).some((e) => ui(e) && e.args?.data?.functionName === 'connectedCallback'));
  expect(render).toHaveLength(1);
  expect(render[0]).not.toBe(evaluation[0]);
  // Between them, the task that made the element (its shadow root and stylesheet), then the page could paint.
  expect(render[0]!.ts).toBeGreaterThan(evaluation[0]!.ts + evaluation[0]!.dur!);
  const evaluated = inside(evaluation[0]!);
  expect(evaluated.filter((e) => e.name === 'ParseHTML')).toEqual([]);
  // No layout (nor style recalculation) inside the chunk's evaluation and first render: the frame does it.
  for (const t of [evaluation[0]!, render[0]!]) expect(inside(t).filter((e) => e.name === 'Layout' || e.name === 'UpdateLayoutTree').map((e) => e.name)).toEqual([]);
}, 60_000);

// The page's probes (after the tag): a `console.timeStamp` in the trace at every read of `document.cookie` (the store
// reads the decision cookie when it is created) and when `window.consentGate` becomes the store (the stub hands over,
// and the gate starts in the same task); and, at that moment, whether the gated script is still held, unrequested.
const PROBED = PAGE.replace('</head>', `<script>
  const w = window, d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(document, 'cookie', { configurable: true, get() { console.timeStamp('cg-read'); return d.get.call(this); }, set(v) { d.set.call(this, v); } });
  let api = w.consentGate;
  Object.defineProperty(w, 'consentGate', { configurable: true, get: () => api, set(v) {
    api = v;
    if (v && !w.__attached) {
      console.timeStamp('cg-attach');
      w.__attached = [document.querySelector('script[data-consent]').type, performance.getEntriesByType('resource').filter((r) => r.name.includes('/slow/')).length];
    }
  } });
</script></head>`).replace('</body>', '<script type="text/plain" data-consent="analytics" src="/slow/gated.js?ms=0"></script></body>')
  // Opt-out: analytics is granted on a first visit, so the gate releases the script as soon as it starts.
  .replace(JSON.stringify(config), JSON.stringify({ ...config, mode: 'opt-out' }));

test('the store chunk creates the store and starts the page in separate tasks, and nothing gated is asked for before', async () => {
  const { tasks, main, requests, attached } = await firstVisit(PROBED);
  const stamp = (m: string) => main.filter((e) => e.name === 'TimeStamp' && (e.args?.data as { message?: string } | undefined)?.message === m);
  const taskOf = (e: TraceEvent) => tasks.find((t) => e.ts >= t.ts && e.ts <= t.ts + t.dur!);
  const attach = stamp('cg-attach');
  expect(attach).toHaveLength(1);
  // The store's reading of the cookie (the last read before it is attached; the tag read it before the probe was there).
  const reads = stamp('cg-read').filter((e) => e.ts < attach[0]!.ts);
  expect(reads.length).toBeGreaterThan(0);
  const created = taskOf(reads.at(-1)!);
  const started = taskOf(attach[0]!);
  expect(created).toBeDefined();
  expect(started).toBeDefined();
  // A task break between them: the page could paint and answer input.
  expect(started!.ts).toBeGreaterThan(created!.ts + created!.dur!);
  // The config's check ran before, in a task of its own: the store chunk was compiled in an earlier task than the store's creation.
  const compiled = main.find((e) => e.name === 'v8.compileModule' && (e.args?.data as { url?: string } | undefined)?.url?.endsWith('/consent-gate.store.js'));
  expect(compiled).toBeDefined();
  expect(created!.ts).toBeGreaterThan(compiled!.ts + compiled!.dur!);
  // Handed over with the gated script still held and not asked for; the gate then released it.
  expect(attached).toEqual(['text/plain', 0]);
  expect(requests.filter((r) => r.startsWith('/slow/'))).toEqual(['/slow/gated.js?ms=0']);
}, 60_000);

// An invalid config (a mode no build knows) that the tag lets through: the check refuses it and tells Google Consent Mode
// (a `default` with everything denied, pushed to a dataLayer the page probes before the tag). The check runs in a task after the one
// that evaluated the store chunk; the gates stay shut, the field is named, and there is no `window.consentGate`.
const INVALID = PAGE.replace(JSON.stringify(config), JSON.stringify({ ...config, mode: 'sometimes' })).replace('<script src=', `<script>
  window.dataLayer = [];
  window.dataLayer.push = function (...a) { console.timeStamp('cg-push'); return Array.prototype.push.apply(this, a); };
</script><script src=`).replace('</body>', '<script type="text/plain" data-consent="analytics" src="/slow/gated.js?ms=0"></script></body>');

test('the store chunk checks the config in a task after the one that evaluated it; an invalid config still fails closed', async () => {
  server.pages.set('/tasks', { body: INVALID });
  const from = server.requests.length;
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel'] });
  await page.goto(`${server.origin}/tasks`);
  await page.waitForFunction(() => (window as unknown as { dataLayer: unknown[] }).dataLayer.length > 0);
  await expect.poll(() => errors.join(' ')).toContain('mode');
  await page.waitForTimeout(300);
  const state = await page.evaluate(() => [typeof window.consentGate, document.querySelector('script[data-consent]')!.getAttribute('type'), document.querySelector('consent-banner')]);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  await ctx.close();
  const pid = traceEvents.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.endsWith('/tasks'))?.pid;
  const tid = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === pid)?.tid;
  const main = traceEvents.filter((e) => e.pid === pid && e.tid === tid);
  const tasks = main.filter((e) => e.name === 'RunTask' && e.ph === 'X');
  const pushes = main.filter((e) => e.name === 'TimeStamp' && (e.args?.data as { message?: string } | undefined)?.message === 'cg-push');
  // One push: the check's (the tag found nothing odd in the config's shape, so it pushed no default of its own).
  expect(pushes).toHaveLength(1);
  const checkTask = tasks.find((t) => pushes[0]!.ts >= t.ts && pushes[0]!.ts <= t.ts + t.dur!);
  expect(checkTask).toBeDefined();
  // The store chunk was evaluated before, in another task: the check's task evaluates no module.
  const evaluated = main.filter((e) => e.name === 'v8.evaluateModule' && e.ts < pushes[0]!.ts);
  expect(evaluated.length).toBeGreaterThan(0);
  expect(main.filter((e) => (e.name === 'v8.evaluateModule' || e.name === 'v8.compileModule') && e.ts >= checkTask!.ts && e.ts <= checkTask!.ts + checkTask!.dur!)).toEqual([]);
  // Failed closed: no API, the gated script held and never asked for, no banner.
  expect(state).toEqual(['undefined', 'text/plain', null]);
  expect(server.requests.slice(from).filter((r) => r.startsWith('/slow/'))).toEqual([]);
}, 60_000);

// The iab build (`consent-gate.iab.js`, its store chunk `consent-gate.iab-store.js`) with a `tcf` config, probed as above.
const IAB = PROBED.replace('/dist/consent-gate.js', '/dist/consent-gate.iab.js').replace(JSON.stringify({ ...config, mode: 'opt-out' }), JSON.stringify({
  ...config, gpc: false, tcf: { cmpId: 123, cmpVersion: 4, vendors: [755], publisherCountryCode: 'DE', gvl: '/consent/gvl' },
}));

test('the iab store chunk checks the config, creates the store and starts the page in separate tasks, none the chunk\'s evaluation', async () => {
  server.pages.set('/tasks', { body: IAB });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel'] });
  await page.goto(`${server.origin}/tasks`);
  await page.waitForFunction(() => (window as { __attached?: unknown }).__attached);
  await page.waitForTimeout(300);
  const attached = await page.evaluate(() => (window as { __attached?: unknown }).__attached);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  await ctx.close();
  const pid = traceEvents.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.endsWith('/tasks'))?.pid;
  const tid = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === pid)?.tid;
  const main = traceEvents.filter((e) => e.pid === pid && e.tid === tid);
  const tasks = main.filter((e) => e.name === 'RunTask' && e.ph === 'X');
  const stamp = (m: string) => main.filter((e) => e.name === 'TimeStamp' && (e.args?.data as { message?: string } | undefined)?.message === m);
  const taskOf = (e: TraceEvent) => tasks.find((t) => e.ts >= t.ts && e.ts <= t.ts + t.dur!);
  const attach = stamp('cg-attach');
  expect(attach).toHaveLength(1);
  const created = taskOf(stamp('cg-read').filter((e) => e.ts < attach[0]!.ts).at(-1)!);
  const started = taskOf(attach[0]!);
  expect(created).toBeDefined();
  expect(started).toBeDefined();
  // The store's creation, then a break, then the hand-over (Consent Mode, the gate, the CMPs).
  expect(started!.ts).toBeGreaterThan(created!.ts + created!.dur!);
  // The chunk was compiled and evaluated in earlier tasks: the creation's task evaluates no module.
  const compiled = main.find((e) => e.name === 'v8.compileModule' && (e.args?.data as { url?: string } | undefined)?.url?.endsWith('/consent-gate.iab-store.js'));
  expect(compiled).toBeDefined();
  expect(created!.ts).toBeGreaterThan(compiled!.ts + compiled!.dur!);
  expect(main.filter((e) => e.name === 'v8.evaluateModule' && e.ts >= created!.ts && e.ts <= created!.ts + created!.dur!)).toEqual([]);
  // Handed over with the gated script still held and not asked for (opt-in: it stays held).
  expect(attached).toEqual(['text/plain', 0]);
}, 60_000);

// The page's probes as above, and: a `console.timeStamp` when the store's wiring starts (it listens for `pointerover` on the
// document, to fetch the UI ahead of "Cookie settings"), at every read of `window.localStorage` (its first use on a page
// opens the origin's storage: tens of ms at 4× CPU), and when the config is noted as checked (`consent-gate:checked`).
const WIRED = PROBED.replace('<script>', `<script>
  const add = Document.prototype.addEventListener;
  Document.prototype.addEventListener = function (type, ...a) { if (type === 'pointerover') console.timeStamp('cg-wire'); return add.call(this, type, ...a); };
  const ls = Object.getOwnPropertyDescriptor(window, 'localStorage');
  Object.defineProperty(window, 'localStorage', { configurable: true, get() { console.timeStamp('cg-storage'); return ls.get.call(this); } });
  const set = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) { if (k === 'consent-gate:checked') { console.timeStamp('cg-note'); w.__noted = true; } return set.call(this, k, v); };
`);

// The same in the iab build (`tcf`: its store chunk notes the checked `tcf` too, `consent-gate:iab`).
const WIRED_IAB = WIRED.replace('/dist/consent-gate.js', '/dist/consent-gate.iab.js').replace(JSON.stringify({ ...config, mode: 'opt-out' }), JSON.stringify({
  ...config, gpc: false, tcf: { cmpId: 123, cmpVersion: 4, vendors: [755], publisherCountryCode: 'DE', gvl: '/consent/gvl' },
}));

test.each([['default', WIRED], ['iab', WIRED_IAB]])('the %s store chunk wires the store, and notes the checked config, each in a task of its own; creating the store uses no localStorage', async (_, body) => {
  const { tasks, main } = await firstVisit(body, () => !!(window as { __noted?: boolean }).__noted);
  const stamp = (m: string) => main.filter((e) => e.name === 'TimeStamp' && (e.args?.data as { message?: string } | undefined)?.message === m);
  const taskOf = (e: TraceEvent) => tasks.find((t) => e.ts >= t.ts && e.ts <= t.ts + t.dur!);
  const [attach] = stamp('cg-attach');
  const [wired] = stamp('cg-wire');
  const [noted] = stamp('cg-note');
  expect([attach, wired, noted].map((e) => taskOf(e!))).not.toContain(undefined);
  const created = taskOf(stamp('cg-read').filter((e) => e.ts < attach!.ts).at(-1)!)!;
  const [wiring, started, noting] = [taskOf(wired!)!, taskOf(attach!)!, taskOf(noted!)!];
  // In this order, each after the one before has ended: creation, wiring, the hand-over, the note.
  expect(wiring.ts).toBeGreaterThan(created.ts + created.dur!);
  expect(started.ts).toBeGreaterThan(wiring.ts + wiring.dur!);
  expect(noting.ts).toBeGreaterThan(started.ts + started.dur!);
  // Neither the creation nor the wiring uses localStorage (no refusal stored: nothing to erase); the note does, later
  // (the iab build's CMPs, started with the page, read theirs).
  const storage = stamp('cg-storage').filter((e) => e.ts < noted!.ts).map((e) => taskOf(e));
  expect(storage.filter((t) => t === created || t === wiring)).toEqual([]);
  expect(storage.filter((t) => t !== started && t !== noting)).toEqual([]);
}, 60_000);
