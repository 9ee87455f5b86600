// Google Consent Mode in real Chromium: what dataLayer holds, in which order,
// against the gated scripts that a decision releases.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;

const CONFIG = { categories: { necessary: { required: true }, analytics: {}, marketing: {} }, googleConsentMode: true };

/** `start` is the script that starts consent-gate; the body has gated tags that push to dataLayer. */
const html = (start: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gcm</title>
<script src="/cg.js"></script>
<script>window.c = CG.createConsent(${JSON.stringify(CONFIG)}); ${start}</script>
</head><body>
<script type="text/plain" data-consent="analytics">dataLayer.push({ event: 'inline-tag' })</script>
<script type="text/plain" data-consent="analytics" src="/gcm/tag.js"></script>
</body></html>`;

/** dataLayer, readable: 'default'/'update'/'set' for commands (with their type), the event name otherwise. */
const layer = (p: Page) => p.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer.map((e) => {
  if (Object.prototype.toString.call(e) === '[object Arguments]') {
    const [cmd, name, value] = Array.from(e as ArrayLike<unknown>);
    return cmd === 'consent' ? `${name as string} analytics_storage=${(value as Record<string, string>).analytics_storage}` : `${cmd as string} ${name as string}`;
  }
  return (e as { event?: string }).event ?? JSON.stringify(e);
}));
const waitTag = (p: Page) => p.waitForFunction(() => (window as unknown as { dataLayer: { event?: string }[] }).dataLayer.some((e) => e.event === 'external-tag'), null, { timeout: 5000 });

beforeAll(async () => {
  const bundle = await rollup({ input: ROOT + '/dist/index.js', plugins: [resolve()], onwarn: () => {} });
  const code = (await bundle.generate({ format: 'iife', name: 'CG' })).output[0].code;
  await bundle.close();
  browser = await launchBrowser();
  server = await startServer();
  server.pages.set('/cg.js', { body: code, type: 'text/javascript' });
  server.pages.set('/gcm/tag.js', { body: `dataLayer.push({ event: 'external-tag' })`, type: 'text/javascript' });
  server.pages.set('/gcm', { body: html('CG.googleConsentMode(c); CG.gate(c);') });
  server.pages.set('/gcm-gate-first', { body: html('CG.gate(c); CG.googleConsentMode(c);') });
});
afterAll(async () => { await browser?.close(); await server?.close(); });

test('the default is first in dataLayer, pushed as gtag() pushes it', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.origin + '/gcm');
  expect(await layer(page)).toEqual(['default analytics_storage=denied']);
  const first = await page.evaluate(() => {
    const e = (window as unknown as { dataLayer: IArguments[] }).dataLayer[0]!;
    return { kind: Object.prototype.toString.call(e), length: e.length, value: e[2] };
  });
  expect(first).toEqual({
    kind: '[object Arguments]', length: 3,
    value: {
      ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied',
      functionality_storage: 'denied', personalization_storage: 'denied', security_storage: 'granted', wait_for_update: 500,
    },
  });
  await ctx.close();
});

test('the update reaches dataLayer before the scripts a decision releases, and on return', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.origin + '/gcm');
  await page.evaluate(() => (window as unknown as { c: { acceptAll(): void } }).c.acceptAll());
  await waitTag(page);
  const expected = ['default analytics_storage=denied', 'update analytics_storage=granted', 'inline-tag', 'external-tag'];
  expect(await layer(page)).toEqual(expected);
  await page.reload();
  await waitTag(page);
  expect(await layer(page)).toEqual(expected);
  await ctx.close();
});

test('the update comes first even when the gate is started before Consent Mode', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.origin + '/gcm-gate-first');
  await page.evaluate(() => (window as unknown as { c: { acceptAll(): void } }).c.acceptAll());
  await waitTag(page);
  expect(await layer(page)).toEqual(['default analytics_storage=denied', 'update analytics_storage=granted', 'inline-tag', 'external-tag']);
  await page.reload();
  await waitTag(page);
  expect(await layer(page)).toEqual(['default analytics_storage=denied', 'update analytics_storage=granted', 'inline-tag', 'external-tag']);
  await ctx.close();
});

test('a withdrawal pushes a denying update before the page reloads', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.origin + '/gcm');
  await page.evaluate(() => {
    const w = window as unknown as { c: { acceptAll(): void; listen(f: () => void): void }; dataLayer: IArguments[] };
    w.c.acceptAll();
    // The last dataLayer entry when the store tells its listeners, kept across the reload.
    w.c.listen(() => {
      const e = w.dataLayer[w.dataLayer.length - 1]!;
      sessionStorage.setItem('seen', `${e[1]} ${e[2].analytics_storage}`);
    });
  });
  await waitTag(page);
  const reloaded = page.waitForEvent('load');
  await page.evaluate(() => setTimeout(() => (window as unknown as { c: { reset(): void } }).c.reset()));
  await reloaded;
  expect(await page.evaluate(() => sessionStorage.getItem('seen'))).toBe('update denied');
  expect(await layer(page)).toEqual(['default analytics_storage=denied']);
  await ctx.close();
});
