/**
 * Issue 20: nothing in the way of the first paint. The drop-in tag is a parser-blocking script in the `<head>`, so
 * what it does synchronously stands between the HTML and the first frame; what the first frame does not need is
 * done in a later task. Checked by what the tag does while it is `document.currentScript` (its synchronous
 * evaluation), not by time: speed is measured by `npm run bench -- --head`. Run `npm run build` first.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;
/** When each request reached the server (`Date.now()`, the clock the page's `Date.now()` reads too). */
const arrived: [string, number][] = [];
beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([(_req, _res, url) => (arrived.push([url.pathname, Date.now()]), false)]);
});
afterAll(async () => { await browser?.close(); await server?.close(); });

const CONFIG = JSON.stringify({ categories: { necessary: { required: true }, analytics: { label: 'Analytics' } } });

// Before the tag: every listener added on the window, with whether the tag was running its synchronous part then.
const PROBE = `<script>
  window.__added = [];
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    if (this === window) window.__added.push([type, !!document.currentScript?.src.includes('/dist/consent-gate')]);
    return add.call(this, type, ...rest);
  };
</script>`;

test.each(['', '.block', '.auto', '.iab'])('the tag%s listens for #consent-gate-debug after its synchronous part, and still opens the panel on it', async (build) => {
  const path = `/head${build || '-default'}`;
  server.pages.set(path, { body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Head</title><link rel="icon" href="data:,">
${PROBE}<script src="/dist/consent-gate${build}.js" data-config='${CONFIG}'></script></head><body><p>Words.</p></body></html>` });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${server.origin}${path}`);
  await page.waitForFunction(() => (window as { __added?: unknown[][] }).__added!.some(([t]) => t === 'hashchange'));
  const added = await page.evaluate(() => (window as { __added?: [string, boolean][] }).__added!);
  // The listener is there, added in a later task than the tag's evaluation (main's tag added it in its evaluation).
  expect(added.filter(([t]) => t === 'hashchange')).toEqual([['hashchange', false]]);
  // And it works: the address asks for the panel.
  await page.evaluate(() => { location.hash = 'consent-gate-debug'; });
  await page.waitForFunction(() => document.querySelector('consent-gate-debug'));
  await ctx.close();
}, 60_000);

// Right after the tag, still in the head: what the tag left in the document, then the parser held there for 400 ms (no
// frame can be drawn meanwhile) and the time it was let go. A chunk the tag imported in its evaluation reaches the server
// during the hold (main's tag did: its fetches and the chunks' evaluation stood in the way of the first paint).
const HOLD = `<script>
  window.__preloads = document.querySelectorAll('link[rel=modulepreload]').length;
  const until = Date.now() + 400;
  while (Date.now() < until);
  window.__held = Date.now();
</script>`;

test.each(['', '.block', '.auto', '.iab'])('the tag%s fetches its chunks and the banner\'s language file after the first frame, and the banner and a return visit still come', async (build) => {
  const path = `/after-frame${build || '-default'}`;
  const cfg = build != '.iab' ? CONFIG
    : JSON.stringify({ ...JSON.parse(CONFIG), gpc: false, tcf: { cmpId: 123, cmpVersion: 4, vendors: [755], publisherCountryCode: 'DE', gvl: '/consent/gvl' } });
  server.pages.set(path, { body: `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Head</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate${build}.js" data-config='${cfg}'></script>${HOLD}</head><body><p>Words.</p></body></html>` });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const visit = async (...expected: RegExp[]) => {
    const from = arrived.length;
    await page.goto(`${server.origin}${path}`);
    await page.waitForFunction(() => window.consentGate?.ready);
    await page.evaluate(() => window.consentGate!.ready);
    const held = await page.evaluate(() => (window as { __held?: number }).__held!);
    // The drop-in's files fetched after its tag: its chunks, the banner's language file, the iab build's vendor list.
    const chunks = arrived.slice(from).filter(([p]) => /^\/(dist|consent)\//.test(p) && p != `/dist/consent-gate${build}.js`);
    // Something was fetched (the path the visit takes), and nothing while the parser was held behind the tag.
    for (const e of expected) expect(chunks.map(([p]) => p).join(' ')).toMatch(e);
    expect(chunks.filter(([, t]) => t < held)).toEqual([]);
    // The tag put no preload of its own in the document.
    expect(await page.evaluate(() => (window as { __preloads?: number }).__preloads)).toBe(0);
  };
  // A first visit: the store and the UI chunks, and the banner's language file (German), preloaded with them.
  await visit(/store\.js/, /ui\.js/);
  await page.waitForFunction(() => document.querySelector('link[rel=modulepreload][href*="/i18n/de"]'));
  await page.evaluate(() => window.consentGate!.acceptAll());
  // What this visit still sends (the iab build's CMP fetches the vendor list to write its string) reaches the server
  // before the next visit counts requests: 300 ms with none.
  for (let n = -1; n != arrived.length;) { n = arrived.length; await page.waitForTimeout(300); }
  // A return visit: the reader, which answers with what was decided.
  await visit(/reader\.js/);
  expect(await page.evaluate(() => window.consentGate!.has('analytics'))).toBe(true);
  await ctx.close();
}, 60_000);

// A frame that draws nothing: a cross-origin iframe far below the fold, whose rendering Chromium throttles (no
// animation frame until it is scrolled near). Its drop-in must start all the same: its gates wait for a chunk, and a
// site's consent checks inside it (a widget's `consentGate.ready`) with them.
test('in a cross-origin iframe below the fold (rendering throttled), the tag still fetches its chunks and starts', async () => {
  const other = server.origin.replace('127.0.0.1', 'localhost');
  server.pages.set('/offscreen-frame', { body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Frame</title>
<script src="${other}/dist/consent-gate.js" data-config='${CONFIG}'></script></head><body><p>Widget.</p></body></html>` });
  server.pages.set('/offscreen-top', { body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Top</title><link rel="icon" href="data:,"></head>
<body><p>Top.</p><iframe title="Widget" src="${other}/offscreen-frame" style="margin-top:5000px"></iframe></body></html>` });
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const from = arrived.length;
  await page.goto(`${server.origin}/offscreen-top`);
  const frame = page.frames().find((f) => f.url().includes('/offscreen-frame'))!;
  await frame.evaluate(() => Promise.race([window.consentGate!.ready, new Promise((_, no) => setTimeout(() => no(new Error('not started in 10 s')), 10_000))]));
  expect(arrived.slice(from).map(([p]) => p)).toContain('/dist/consent-gate.store.js');
  await ctx.close();
}, 60_000);
