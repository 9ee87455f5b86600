import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;

/** A page that creates the store from the ESM build and records every state it hears. */
const page = (config: object) => `<!doctype html><html lang="en"><title>store</title>
<script type="importmap">{"imports":{"js-cookie":"/node_modules/js-cookie/dist/js.cookie.mjs"}}</script>
<script type="module">
  import { createConsent } from '/dist/index.js';
  window.consent = createConsent(${JSON.stringify(config)});
  window.heard = [];
  window.consent.subscribe((s) => window.heard.push(s));
  window.ready = true;
</script>`;

const config = { categories: { necessary: { required: true }, analytics: {}, marketing: {} }, policies: { privacy: { version: '1' } } };

beforeAll(async () => {
  // *.site.test resolves to this machine, for the subdomain tests.
  browser = await launchBrowser(['--host-resolver-rules=MAP *.site.test 127.0.0.1']);
  server = await startServer();
  server.pages.set('/store', { body: page(config) });
  server.pages.set('/store-shared', { body: page({ ...config, cookie: { domain: 'site.test' } }) });
  server.pages.set('/store-revised', { body: page({ ...config, policies: { privacy: { version: '2' } } }) });
});
afterAll(async () => { await browser?.close(); await server?.close(); });

async function open(p: Page, path: string) {
  await p.goto(server.origin + path);
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
}
const has = (p: Page, cat: string) => p.evaluate((c) => (window as unknown as { consent: { has(c: string): boolean } }).consent.has(c), cat);

test('a decision survives reloads, in a real cookie', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await open(p, '/store');
  expect(await has(p, 'analytics')).toBe(false);
  await p.evaluate(() => (window as unknown as { consent: { save(c: object): void } }).consent.save({ analytics: true }));
  await p.reload();
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  expect(await has(p, 'analytics')).toBe(true);
  expect(await has(p, 'marketing')).toBe(false);
  const cookies = await ctx.cookies();
  const consent = cookies.find((c) => c.name === 'consent');
  expect(consent?.value).toMatch(/^1\|/);
  expect(consent?.sameSite).toBe('Lax');
  // About 365 days from now.
  expect(consent!.expires * 1000 - Date.now()).toBeGreaterThan(364 * 864e5);
  await ctx.close();
});

test('a revised policy asks again after reload', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await open(p, '/store');
  await p.evaluate(() => (window as unknown as { consent: { acceptAll(): void } }).consent.acceptAll());
  await open(p, '/store-revised');
  const s = await p.evaluate(() => (window as unknown as { consent: { get(): { decided: boolean; revised: string[] } } }).consent.get());
  expect(s.decided).toBe(false);
  expect(s.revised).toEqual(['privacy']);
  await ctx.close();
});

test('a decision in one tab reaches the other tab without a reload', async () => {
  const ctx = await browser.newContext();
  const a = await ctx.newPage();
  const b = await ctx.newPage();
  await open(a, '/store');
  await open(b, '/store');
  await a.evaluate(() => (window as unknown as { consent: { acceptAll(): void } }).consent.acceptAll());
  await b.waitForFunction(() => (window as unknown as { consent: { has(c: string): boolean } }).consent.has('analytics'), null, { timeout: 1000 });
  const heard = await b.evaluate(() => (window as unknown as { heard: { categories: Record<string, boolean> }[] }).heard.map((s) => s.categories.analytics));
  expect(heard).toEqual([false, true]);
  // And back: a withdrawal in tab b reaches tab a.
  await b.evaluate(() => (window as unknown as { consent: { reset(): void } }).consent.reset());
  await a.waitForFunction(() => !(window as unknown as { consent: { has(c: string): boolean } }).consent.has('analytics'), null, { timeout: 1000 });
  await ctx.close();
});

test('in a sandboxed frame without cookies the store works in memory', async () => {
  server.pages.set('/sandboxed', { body: `<!doctype html><title>s</title><iframe sandbox="allow-scripts" src="/store"></iframe>` });
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  const warnings: string[] = [];
  p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await p.goto(server.origin + '/sandboxed');
  const frame = p.frames()[1]!;
  await frame.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  const s = await frame.evaluate(() => {
    const c = (window as unknown as { consent: { acceptAll(): void; get(): { storage: string; categories: Record<string, boolean> } } }).consent;
    c.acceptAll();
    return c.get();
  });
  expect(s.storage).toBe('memory');
  expect(s.categories.analytics).toBe(true);
  expect(errors).toEqual([]);
  expect(warnings.filter((w) => w.includes('cookies are blocked'))).toHaveLength(1);
  await ctx.close();
});

/** The same path on another host name of this machine. */
const on = (host: string, path: string) => server.origin.replace('127.0.0.1', host) + path;

test('with cookie.domain set, a decision made on one subdomain holds on the others', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(on('www.site.test', '/store-shared'));
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  await p.evaluate(() => (window as unknown as { consent: { acceptAll(): void } }).consent.acceptAll());
  await p.goto(on('shop.site.test', '/store-shared'));
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  expect(await has(p, 'analytics')).toBe(true);
  expect((await ctx.cookies()).find((c) => c.name === 'consent')?.domain).toBe('.site.test');
  await ctx.close();
});

test('without cookie.domain, the decision stays on its own host', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(on('www.site.test', '/store'));
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  await p.evaluate(() => (window as unknown as { consent: { acceptAll(): void } }).consent.acceptAll());
  await p.goto(on('shop.site.test', '/store'));
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  expect(await has(p, 'analytics')).toBe(false);
  await ctx.close();
});
