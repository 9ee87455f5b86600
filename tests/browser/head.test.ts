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
beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer();
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
