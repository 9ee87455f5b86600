/**
 * Regions in real Chromium, watching the network: each mode by region, the strictest rules
 * while the region is unknown or its endpoint fails or is slow, a subdivision over its
 * country, a notice decision asked again under opt-in (releasing nothing meanwhile), an
 * opt-out refusal that survives a move, and the decision cookie echoed by the server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startServer, type TestServer } from './harness';
import { createReceiptHandler, toNodeHandler } from '../../src/server';
import type { ReceiptStore } from '../../src/server/store';

let browser: Browser;
let server: TestServer;
let cookiePosts = 0;

const CONFIG = {
  mode: 'notice',
  policies: { privacy: { version: '1', url: '/privacy' } },
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } },
  gpc: false,
  regions: {
    'EU EEA GB CH': { mode: 'opt-in', ui: { layout: 'box' }, texts: { en: { title: 'Your choice, under EU rules' } } },
    'US-CA': { mode: 'opt-out' },
    US: { mode: 'notice' },
    '*': { mode: 'notice' },
  },
};

// The cookie route as the package ships it (it needs no store).
const cookieRoute = toNodeHandler(createReceiptHandler({ store: {} as ReceiptStore }));

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([async (req, res, url) => {
    if (url.pathname === '/geo/fail') { res.writeHead(500).end('down'); return true; }
    if (url.pathname === '/geo/slow') { await new Promise((r) => setTimeout(r, 3500)); res.writeHead(200, { 'content-type': 'application/json' }).end('{"region":"CN"}'); return true; }
    if (url.pathname === '/geo/cn') { res.writeHead(200, { 'content-type': 'application/json' }).end('{"region":"CN"}'); return true; }
    if (url.pathname === '/consent/cookie') { cookiePosts++; cookieRoute(req, res, () => res.writeHead(404).end()); return true; }
    return false;
  }]);
});
afterAll(async () => { await browser?.close(); await server?.close(); });

/** A news page with the drop-in (region attribute and config patch given) and two gated scripts. */
function page(path: string, attrs: string, patch: Record<string, unknown> = {}): string {
  const config = JSON.stringify({ ...CONFIG, ...patch }).replace(/'/g, '&#39;');
  server.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>News</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.js" ${attrs} data-config='${config}'></script></head>
<body><h1>Article</h1>
<script type="text/plain" data-consent="analytics" src="/slow/analytics.js?p=${path}"></script>
<script type="text/plain" data-consent="marketing" src="/slow/ads.js?p=${path}"></script></body></html>`,
  });
  return server.origin + path;
}

/** Requests for gated scripts made since `from`. */
const gated = (from: number) => server.requests.slice(from).filter((r) => r.startsWith('/slow/'));

type State = { mode: string; region: string | null; decided: boolean; reason?: string; categories: Record<string, boolean> };
const state = (p: Page) => p.evaluate(() => (window as unknown as { consentGate: { get(): unknown } }).consentGate.get()) as Promise<State>;

async function visit(ctx: BrowserContext, url: string): Promise<{ p: Page; from: number }> {
  const p = await ctx.newPage();
  const from = server.requests.length;
  await p.goto(url);
  await p.waitForFunction(() => (window as unknown as { consentGate?: unknown }).consentGate);
  await p.locator('consent-banner').first().waitFor({ state: 'attached', timeout: 2000 }).catch(() => {});
  return { p, from };
}

describe('each mode by region', () => {
  test('Germany: opt-in, the EU texts and layout, nothing optional loads', async () => {
    const ctx = await browser.newContext();
    const { p, from } = await visit(ctx, page('/de', 'data-region="DE"'));
    await expect.poll(() => p.locator('consent-banner [part~="title"]').textContent()).toBe('Your choice, under EU rules');
    expect(await p.locator('consent-banner [part~="banner"]').getAttribute('class')).toContain('box');
    await p.waitForTimeout(300);
    expect(await state(p)).toMatchObject({ mode: 'opt-in', region: 'DE', decided: false });
    expect(gated(from)).toEqual([]);
    await ctx.close();
  });

  test('California: opt-out, optional scripts run until refused', async () => {
    const ctx = await browser.newContext();
    const { p, from } = await visit(ctx, page('/ca', 'data-region="US-CA"'));
    await expect.poll(() => gated(from).length).toBe(2);
    expect(await state(p)).toMatchObject({ mode: 'opt-out', region: 'US-CA' });
    await expect.poll(() => p.locator('consent-banner').getByRole('button', { name: 'Reject all' }).count()).toBe(1);
    await ctx.close();
  });

  test('China: the notice with "I agree", scripts run', async () => {
    const ctx = await browser.newContext();
    const { p, from } = await visit(ctx, page('/cn', 'data-region="CN"'));
    await expect.poll(() => gated(from).length).toBe(2);
    await expect.poll(() => p.locator('consent-banner').getByRole('button', { name: 'I agree' }).count()).toBe(1);
    expect(await state(p)).toMatchObject({ mode: 'notice', region: 'CN' });
    await ctx.close();
  });

  test('a subdivision wins over its country', async () => {
    const ctx = await browser.newContext();
    const tx = await visit(ctx, page('/us-tx', 'data-region="US-TX"', { regions: { US: { mode: 'opt-in' }, 'US-TX': { mode: 'notice' } } }));
    await expect.poll(() => gated(tx.from).length).toBe(2);
    expect(await state(tx.p)).toMatchObject({ mode: 'notice', region: 'US-TX' });
    const ny = await visit(ctx, page('/us-ny', 'data-region="US-NY"', { regions: { US: { mode: 'opt-in' }, 'US-TX': { mode: 'notice' } } }));
    await ny.p.waitForTimeout(300);
    expect(await state(ny.p)).toMatchObject({ mode: 'opt-in', region: 'US-NY' });
    expect(gated(ny.from)).toEqual([]);
    await ctx.close();
  });
});

describe('an unknown region gets the strictest rules', () => {
  test.each([
    ['no region at all', '', {}],
    ['an unfilled template', 'data-region="{{country}}"', {}],
    ['a failing endpoint', '', { regionEndpoint: '/geo/fail' }],
  ])('%s', async (_, attrs, patch) => {
    const ctx = await browser.newContext();
    const { p, from } = await visit(ctx, page(`/unknown-${cookiePosts}-${Math.random()}`, attrs, patch));
    await p.waitForTimeout(500);
    expect(await state(p)).toMatchObject({ mode: 'opt-in', region: null, decided: false });
    expect(gated(from)).toEqual([]);
    await ctx.close();
  });

  test('a slow endpoint is given up on: opt-in, and nothing loads even when it answers late', async () => {
    const ctx = await browser.newContext();
    const { p, from } = await visit(ctx, page('/slow-geo', '', { regionEndpoint: '/geo/slow' }));
    await p.waitForTimeout(4200);
    expect(await state(p)).toMatchObject({ mode: 'opt-in', region: null });
    expect(gated(from)).toEqual([]);
    // The banner came once the endpoint was given up on.
    expect(await p.locator('consent-banner').getByRole('button', { name: 'Accept all' }).count()).toBe(1);
    await ctx.close();
  });

  test('an endpoint that answers in time sets the rules', async () => {
    const ctx = await browser.newContext();
    const { p, from } = await visit(ctx, page('/geo-ok', '', { regionEndpoint: '/geo/cn' }));
    await expect.poll(() => gated(from).length).toBe(2);
    expect(await state(p)).toMatchObject({ mode: 'notice', region: 'CN' });
    await ctx.close();
  });
});

describe('moving', () => {
  test('a decision under the notice is asked again under opt-in, and releases nothing meanwhile', async () => {
    const ctx = await browser.newContext();
    const cn = await visit(ctx, page('/move-cn', 'data-region="CN"'));
    await cn.p.locator('consent-banner').getByRole('button', { name: 'I agree' }).click();
    expect(await state(cn.p)).toMatchObject({ decided: true, mode: 'notice' });
    await cn.p.close();
    const de = await visit(ctx, page('/move-de', 'data-region="DE"'));
    await expect.poll(() => de.p.locator('consent-banner').getByRole('button', { name: 'Accept all' }).count()).toBe(1);
    await de.p.waitForTimeout(300);
    expect(await state(de.p)).toMatchObject({ decided: false, reason: 'stricter', mode: 'opt-in', categories: { analytics: false, marketing: false } });
    expect(gated(de.from)).toEqual([]);
    await ctx.close();
  });

  test('an opt-out refusal survives a move to an opt-in region, and back', async () => {
    const ctx = await browser.newContext();
    const ca = await visit(ctx, page('/refuse-ca', 'data-region="US-CA"'));
    await ca.p.locator('consent-banner').getByRole('button', { name: 'Reject all' }).click();
    await ca.p.close();
    const de = await visit(ctx, page('/refuse-de', 'data-region="DE"'));
    await de.p.waitForTimeout(300);
    expect((await state(de.p)).categories).toMatchObject({ analytics: false, marketing: false });
    expect(gated(de.from)).toEqual([]);
    await de.p.close();
    const back = await visit(ctx, page('/refuse-ca2', 'data-region="US-CA"'));
    await back.p.waitForTimeout(300);
    expect(await state(back.p)).toMatchObject({ decided: true, categories: { analytics: false, marketing: false } });
    expect(gated(back.from)).toEqual([]);
    await ctx.close();
  });
});

describe('Google Consent Mode with regions', () => {
  test('the default reaches dataLayer at once, before the region rules arrive', async () => {
    const ctx = await browser.newContext();
    const path = '/gcm-regions';
    const config = JSON.stringify({ ...CONFIG, googleConsentMode: true });
    server.pages.set(path, {
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>GCM</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.js" data-region="CN" data-config='${config}'></script>
<script>window.__first = JSON.stringify(Array.from((window.dataLayer || [])[0] || []));</script></head><body></body></html>`,
    });
    const p = await ctx.newPage();
    await p.goto(server.origin + path);
    const first = JSON.parse(await p.evaluate(() => (window as unknown as { __first: string }).__first)) as [string, string, Record<string, string>];
    expect(first.slice(0, 2)).toEqual(['consent', 'default']);
    expect(first[2]).toMatchObject({ analytics_storage: 'denied', ad_storage: 'denied', security_storage: 'granted' });
    // Then, under China's notice rules, an update grants.
    await expect.poll(() => p.evaluate(() => JSON.stringify((window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer.map((a) => Array.from(a)))))
      .toContain('"update",{"ad_storage":"granted"');
    await ctx.close();
  });
});

describe('cookieEndpoint', () => {
  test('after a decision the server sets the same cookie, for its whole lifetime', async () => {
    const ctx = await browser.newContext();
    const before = cookiePosts;
    const { p } = await visit(ctx, page('/cookie-ok', 'data-region="DE"', { cookieEndpoint: '/consent/cookie' }));
    const answer = p.waitForResponse((r) => r.url().endsWith('/consent/cookie'));
    await p.locator('consent-banner').getByRole('button', { name: 'Accept all' }).click();
    const r = await answer;
    expect(r.status()).toBe(204);
    expect(cookiePosts).toBe(before + 1);
    expect(await r.headerValue('set-cookie')).toMatch(/^consent=1\|.*; Max-Age=315\d{5}; Path=\/; SameSite=Lax$/);
    const [cookie] = (await ctx.cookies()).filter((c) => c.name === 'consent');
    expect(cookie!.httpOnly).toBe(false);
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(364 * 864e5);
    await ctx.close();
  });

  test('a failing endpoint changes nothing for the store', async () => {
    const ctx = await browser.newContext();
    const { p } = await visit(ctx, page('/cookie-fail', 'data-region="DE"', { cookieEndpoint: '/nowhere/cookie' }));
    await p.locator('consent-banner').getByRole('button', { name: 'Accept all' }).click();
    expect(await state(p)).toMatchObject({ decided: true, categories: { analytics: true } });
    const again = await visit(ctx, page('/cookie-fail2', 'data-region="DE"', { cookieEndpoint: '/nowhere/cookie' }));
    expect(await state(again.p)).toMatchObject({ decided: true });
    await ctx.close();
  });
});

describe('the demo: the news article by region', () => {
  test('Germany, California and China: the same page under three rules, the live state beside it', async () => {
    const demoServer: string = '../../demo/server.mjs'; // plain JS, untyped
    const { startDemo } = await import(demoServer) as { startDemo(port?: number): Promise<{ origin: string; close(): Promise<void> }> };
    const demo = await startDemo(0);
    const ctx = await browser.newContext();
    try {
      const p = await ctx.newPage();
      const scripts: string[] = [];
      p.on('request', (r) => { if (/\/demo\/scripts\//.test(r.url())) scripts.push(r.url()); });
      await p.goto(`${demo.origin}/demo/regions.html?region=DE`);
      await expect.poll(() => p.locator('#consent-state').textContent()).toContain('DE → opt-in');
      await expect.poll(() => p.locator('consent-banner').getByRole('button', { name: 'Reject all' }).count()).toBe(1);
      await p.waitForTimeout(300);
      expect(scripts).toEqual([]);
      await p.getByRole('link', { name: 'China' }).click();
      await expect.poll(() => p.locator('#consent-state').textContent()).toContain('CN → notice');
      await expect.poll(() => scripts.length).toBe(2);
      await p.locator('consent-banner').getByRole('button', { name: 'I agree' }).click();
      scripts.length = 0;
      await p.getByRole('link', { name: 'California' }).click();
      // The notice's "I agree" is no answer under opt-out rules: asked again; opt-out runs the scripts meanwhile.
      await expect.poll(() => p.locator('#consent-state').textContent()).toContain('US-CA → opt-out');
      expect(await p.locator('#consent-state').textContent()).toContain('asks again (stricter)');
      await expect.poll(() => scripts.length).toBe(2);
      await p.locator('consent-banner').getByRole('button', { name: 'Reject all' }).click();
      await p.getByRole('link', { name: 'Germany' }).click();
      await expect.poll(() => p.locator('#consent-state').textContent()).toContain('DE → opt-in');
      expect(await p.locator('#consent-state').textContent()).toMatch(/analytics\s*refused/);
      await p.waitForTimeout(300);
      expect(scripts).toHaveLength(2); // California's two; none after the refusal, none in Germany
    } finally {
      await ctx.close();
      await demo.close();
    }
  });
});
