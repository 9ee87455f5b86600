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
async function firstVisit(): Promise<{ tasks: TraceEvent[]; inside: (task: TraceEvent) => TraceEvent[]; requests: string[] }> {
  server.pages.set('/tasks', { body: PAGE });
  const from = server.requests.length;
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel'] });
  await page.goto(`${server.origin}/tasks`);
  await page.waitForFunction(() => document.querySelector('consent-banner')?.shadowRoot?.querySelector('[part~=accept]'));
  await page.waitForTimeout(500);
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  await ctx.close();
  const pid = traceEvents.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.endsWith('/tasks'))?.pid;
  const tid = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === pid)?.tid;
  const main = traceEvents.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X');
  const tasks = main.filter((e) => e.name === 'RunTask');
  const inside = (t: TraceEvent) => main.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!);
  return { tasks, inside, requests: server.requests.slice(from) };
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
