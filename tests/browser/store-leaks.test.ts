// A no stays a no across reloads, hosts and tabs (issue 10, store side), in real Chromium.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;

type W = { consent: { has(c: string): boolean; acceptAll(): void; rejectAll(): void; reset(): void; get(): { decided: boolean } }; ready?: boolean };
const base = { categories: { necessary: { required: true }, analytics: { cookies: ['_ga'] }, marketing: {} }, policies: { privacy: { version: '1' } } };
/** A page that creates the store from the ESM build. */
const storePage = (config: object) => `<!doctype html><html lang="en"><title>store</title>
<script type="importmap">{"imports":{"js-cookie":"/node_modules/js-cookie/dist/js.cookie.mjs"}}</script>
<script type="module">
  import { createConsent } from '/dist/index.js';
  window.consent = createConsent(${JSON.stringify(config)});
  window.ready = true;
</script>`;
/** A page with the drop-in (banner and all). */
const dropinPage = (config: object) => `<!doctype html><html lang="en"><title>dropin</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.js" data-config='${JSON.stringify(config)}'></script><p>Article</p>`;

beforeAll(async () => {
  browser = await launchBrowser(['--host-resolver-rules=MAP *.site.test 127.0.0.1']);
  server = await startServer();
  for (const p of ['/store', '/blog/store']) server.pages.set(p, { body: storePage(base) });
  server.pages.set('/store-shared', { body: storePage({ ...base, cookie: { domain: 'site.test' } }) });
  server.pages.set('/blog/store-blog', { body: storePage({ ...base, cookie: { path: '/blog' } }) });
  server.pages.set('/store-optout', { body: storePage({ ...base, mode: 'opt-out' }) });
  server.pages.set('/dropin', { body: dropinPage(base) });
  server.pages.set('/store-optout-old-name', { body: storePage({ ...base, mode: 'opt-out', cookie: { name: 'old_consent' } }) });
  server.pages.set('/store-optout-renamed', { body: storePage({ ...base, mode: 'opt-out', cookie: { name: 'consent', formerNames: ['old_consent'] } }) });
});
afterAll(async () => { await browser?.close(); await server?.close(); });

const on = (host: string, path: string) => server.origin.replace('127.0.0.1', host) + path;
async function open(p: Page, url: string) {
  await p.goto(url.startsWith('http') ? url : server.origin + url);
  await p.waitForFunction(() => (window as unknown as W).ready === true);
}
const call = (p: Page, m: 'acceptAll' | 'rejectAll' | 'reset') => p.evaluate((m) => { (window as unknown as W).consent[m](); }, m);
const has = (p: Page, c: string) => p.evaluate((c) => (window as unknown as W).consent.has(c), c);
function warnings(p: Page) {
  const seen: string[] = [];
  p.on('console', (m) => { if (m.type() === 'warning') seen.push(m.text()); });
  return seen;
}

test('after cookie.domain is added, Reject all holds across reloads over an old host-only Accept all', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const warned = warnings(p);
  await open(p, on('www.site.test', '/store'));
  await call(p, 'acceptAll');
  await open(p, on('www.site.test', '/store-shared'));
  expect(await has(p, 'analytics')).toBe(true);
  await call(p, 'rejectAll');
  await open(p, on('www.site.test', '/store-shared'));
  expect(await has(p, 'analytics')).toBe(false);
  await open(p, on('shop.site.test', '/store-shared'));
  expect(await has(p, 'analytics')).toBe(false);
  expect(warned.filter((w) => w.includes('blocked'))).toEqual([]);
  expect((await ctx.cookies()).filter((c) => c.name === 'consent').map((c) => c.domain)).toEqual(['.site.test']);
  await ctx.close();
});

test('after cookie.path changes, reset() holds across reloads over the old path\'s Accept all', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const warned = warnings(p);
  await open(p, '/blog/store-blog');
  await call(p, 'acceptAll');
  await open(p, '/blog/store');
  expect(await has(p, 'analytics')).toBe(true);
  await call(p, 'reset');
  await open(p, '/blog/store');
  expect(await has(p, 'analytics')).toBe(false);
  await open(p, '/blog/store-blog');
  expect(await has(p, 'analytics')).toBe(false);
  expect(warned.filter((w) => w.includes('blocked'))).toEqual([]);
  await ctx.close();
});

test('opt-out: a refusal\'s cookie lasts 400 days, and a tracker cookie set back is erased on the next page view', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await open(p, '/store-optout');
  await call(p, 'rejectAll');
  const consent = (await ctx.cookies()).find((c) => c.name === 'consent')!;
  expect(consent.expires * 1000 - Date.now()).toBeGreaterThan(399 * 864e5);
  await p.evaluate(() => { document.cookie = '_ga=back; path=/; max-age=9999'; });
  await open(p, '/store-optout');
  expect((await ctx.cookies()).map((c) => c.name)).toEqual(['consent']);
  // And after a withdrawal: what a tracker writes while the page unloads is gone on the next view.
  await call(p, 'acceptAll');
  await call(p, 'reset');
  await p.evaluate(() => addEventListener('pagehide', () => { document.cookie = '_ga=pagehide; path=/; max-age=9999'; }));
  await open(p, '/store-optout');
  expect((await ctx.cookies()).map((c) => c.name)).toEqual(['consent']);
  expect(await has(p, 'analytics')).toBe(false);
  await ctx.close();
});

/** Is the first layer on screen in this tab? */
const bannerShown = (p: Page) => p.evaluate(() => !!document.querySelector('consent-banner')?.shadowRoot?.querySelector('[part="banner"]'));
const view = (p: Page) => p.evaluate(() => (window as unknown as { consentGate: { view: string | null } }).consentGate.view);

test('another tab\'s decision closes this tab\'s banner', async () => {
  const ctx: BrowserContext = await browser.newContext();
  const a = await ctx.newPage();
  const b = await ctx.newPage();
  for (const p of [a, b]) {
    await p.goto(server.origin + '/dropin');
    await p.waitForFunction(() => !!document.querySelector('consent-banner')?.shadowRoot?.querySelector('[part="banner"]'));
  }
  await a.evaluate(() => (window as unknown as { consentGate: { acceptAll(): void } }).consentGate.acceptAll());
  await b.waitForFunction(() => !document.querySelector('consent-banner')?.shadowRoot?.querySelector('[part="banner"]'), null, { timeout: 2000 });
  expect(await view(b)).toBe(null);
  await ctx.close();
});

test('…also when the decision arrives while this tab is still loading its banner', async () => {
  const ctx = await browser.newContext();
  const a = await ctx.newPage();
  await a.goto(server.origin + '/dropin');
  await a.waitForFunction(() => !!(window as unknown as { consentGate?: unknown }).consentGate);
  const b = await ctx.newPage();
  // Tab b's UI chunk is slow: the other tab decides while it is on its way.
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  await b.route('**/consent-gate.ui.js', async (route) => { await held; await route.continue(); });
  await b.goto(server.origin + '/dropin');
  await b.waitForFunction(() => (window as unknown as { consentGate?: { view: unknown } }).consentGate?.view === 'banner');
  await a.evaluate(() => (window as unknown as { consentGate: { acceptAll(): void } }).consentGate.acceptAll());
  await b.waitForFunction(() => (window as unknown as { consentGate: { view: unknown } }).consentGate.view === null, null, { timeout: 2000 });
  release();
  await b.waitForTimeout(300);
  expect(await bannerShown(b)).toBe(false);
  expect(await view(b)).toBe(null);
  await ctx.close();
});

// Issue 21: a refusal does not lapse into a grant, and a cookie gone mid-session does not forget it.
const DAY = 864e5;
/** A refusal record decided `daysAgo` days ago, as the store writes it (opt-out, everything refused). */
const refusal = (daysAgo: number) => {
  const t = Date.now() - daysAgo * DAY;
  return `1|0b5e7a4c-9f2d-4c1e-8a3b-5d6e7f8a9b0c|${t.toString(36)}|${(t + 365 * DAY).toString(36)}|banner|en|analytics:0+marketing:0|privacy:1||opt-out`;
};
const consentCookie = async (ctx: BrowserContext) => (await ctx.cookies()).find((c) => c.name === 'consent');

test('opt-out: a visit writes a refusal\'s cookie again for 400 more days; one older than 400 days still refuses', async () => {
  const ctx = await browser.newContext();
  const url = server.origin + '/store-optout';
  await ctx.addCookies([{ name: 'consent', value: refusal(200), url, expires: Math.floor((Date.now() + 200 * DAY) / 1000) }]);
  const p = await ctx.newPage();
  await open(p, '/store-optout');
  expect(await has(p, 'analytics')).toBe(false);
  expect((await consentCookie(ctx))!.expires * 1000 - Date.now()).toBeGreaterThan(399 * DAY);
  // A record 450 days old, still there (its cookie written again by a visit, or by the site's server).
  // (Off the page first: a page that sees its decision cookie vanish writes the refusal back.)
  await p.goto('about:blank');
  await ctx.clearCookies();
  await ctx.addCookies([{ name: 'consent', value: refusal(450), url, expires: Math.floor((Date.now() + 30 * DAY) / 1000) }]);
  await open(p, '/store-optout');
  expect(await has(p, 'analytics')).toBe(false);
  expect(await p.evaluate(() => (window as unknown as W).consent.get().decided)).toBe(false);
  await open(p, '/store-optout');
  expect(await has(p, 'analytics')).toBe(false);
  await ctx.close();
});

test('opt-out: the decision cookie deleted by another script mid-session: the refusal holds, and is there after a reload', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await open(p, '/store-optout');
  await call(p, 'rejectAll');
  await p.evaluate(() => { document.cookie = 'consent=; max-age=0; path=/'; });
  // Chromium tells the store through cookieStore's change event; a return to the tab re-reads too.
  await p.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await p.waitForTimeout(100);
  expect(await has(p, 'analytics')).toBe(false);
  expect(await consentCookie(ctx)).toBeDefined();
  await open(p, '/store-optout');
  expect(await has(p, 'analytics')).toBe(false);
  await ctx.close();
});

test('opt-out: cookie.name renamed with formerNames: the refusal holds across reloads and moves to the new name', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await open(p, '/store-optout-old-name');
  await call(p, 'rejectAll');
  await open(p, '/store-optout-renamed');
  expect(await has(p, 'analytics')).toBe(false);
  await call(p, 'rejectAll');
  expect((await ctx.cookies()).map((c) => c.name)).toEqual(['consent']);
  await open(p, '/store-optout-renamed');
  expect(await has(p, 'analytics')).toBe(false);
  await ctx.close();
});
