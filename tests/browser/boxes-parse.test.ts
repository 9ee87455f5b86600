// The default drop-in's tag reserves the boxes of blocked embeds before its chunks come
// (src/dropin/boxes.ts): for the embeds the parser adds after it, also once a slow script
// has held the parser (another batch of added nodes), and for those a script adds later,
// alone or inside a container. The chunks (the gate among them) are served late here, so
// every box seen is the tag's; then the gate takes them over. Run `npm run build` first.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer, type TestServer } from './harness';

/** The chunks are held until the boxes have been looked at. */
let release: () => void;
const held = new Promise<void>((r) => { release = r; });
let browser: Browser;
let server: TestServer;

const CONFIG = JSON.stringify({ categories: { necessary: { required: true }, marketing: { label: 'Marketing' } } });

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([async (_req, _res, url) => {
    if (/^\/dist\/consent-gate\.(store|shared|reader|ui)\.js$/.test(url.pathname)) await held;
    return false;
  }]);
  server.pages.set('/parse', { body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embeds</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.js" data-config='${CONFIG}'></script></head>
<body><main><iframe id="first" title="Map" data-consent="marketing" data-src="/x/map.html" width="400" height="300"></iframe>
<script src="/slow/held.js?ms=300"></script>
<p>After a slow script.</p><div><iframe id="held" title="Video" data-consent="marketing" data-src="/x/video.html"></iframe></div>
<video id="clip" data-consent="marketing" controls><source data-src="/x/clip.mp4" type="video/mp4"></video></main></body></html>` });
});
afterAll(async () => { release(); await browser?.close(); await server?.close(); });

test('embeds the parser adds and those a script adds later get their boxes before the chunks come', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.origin + '/parse', { waitUntil: 'domcontentloaded' });
  // Later: one embed alone, one inside a container added with its children.
  await page.evaluate(() => {
    const one = Object.assign(document.createElement('iframe'), { id: 'later', title: 'Later' });
    one.setAttribute('data-consent', 'marketing');
    const box = document.createElement('section');
    box.innerHTML = '<div><iframe id="nested" title="Nested" data-consent="marketing"></iframe></div>';
    document.querySelector('main')!.append(one, box);
  });
  const seen = await page.evaluate(() => new Promise<{ boxed: string[]; gate: boolean }>((resolve) => requestAnimationFrame(() => resolve({
    boxed: [...document.querySelectorAll('[data-consent-blocked]')].filter((el) => el.previousElementSibling?.className == 'consent-placeholder').map((el) => el.id),
    // The gate's chunk has not come yet: no consentGate.config known.
    gate: !!(window as { consentGate?: { config?: unknown } }).consentGate?.config,
  }))));
  expect(seen).toEqual({ boxed: ['first', 'held', 'clip', 'later', 'nested'], gate: false });
  release();
  // Then the gate takes the boxes over: one box each still.
  await page.waitForFunction(() => (window as { consentGate?: { config?: unknown } }).consentGate?.config);
  expect(await page.locator('.consent-placeholder').count()).toBe(5);
  expect(errors).toEqual([]);
  await ctx.close();
});
