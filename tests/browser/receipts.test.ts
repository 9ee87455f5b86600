/**
 * The receipts client in Chromium against the real server (SQLite file): the
 * queue across reloads while the endpoint is down, delivery once it is up,
 * exactly one stored row per decision, and a cross-origin endpoint with CORS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createReceiptHandler, openReceiptStore, serve, toNodeHandler, type ReceiptStore, type StoredReceipt } from '../../src/server';
import { consoleErrors, launchBrowser, startServer, type TestServer } from './harness';

type Mode = 'up' | 'reset' | '503';
let mode: Mode = 'up';
let browser: Browser;
let server: TestServer;
let store: ReceiptStore;
let dir: string;

const config = (endpoint: string) => ({
  categories: { necessary: { required: true }, analytics: {}, marketing: {} },
  policies: { privacy: { version: '2024-05-01' } },
  receipts: { endpoint },
});

const html = (cfg: object) => `<!doctype html><html lang="en"><title>receipts</title>
<script type="importmap">{"imports":{"js-cookie":"/node_modules/js-cookie/dist/js.cookie.mjs"}}</script>
<script type="module">
  import { createConsent, receipts } from '/dist/index.js';
  window.consent = createConsent(${JSON.stringify(cfg)});
  receipts(window.consent);
  window.ready = true;
</script>`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consent-gate-receipts-'));
  store = await openReceiptStore(join(dir, 'receipts.db'));
  const endpoint = toNodeHandler(createReceiptHandler({ store }));
  browser = await launchBrowser();
  server = await startServer([(req, res, url) => {
    if (url.pathname !== '/consent/receipts') return false;
    if (mode === 'reset') req.socket.destroy(); // the network fails
    else if (mode === '503') res.writeHead(503).end();
    else endpoint(req, res);
    return true;
  }]);
  for (const path of ['/shop/item', '/other']) server.pages.set(path, { body: html(config('/consent/receipts')) });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

type W = { consent: { acceptAll(s?: string): { id: string }; save(c: object, s?: string): { id: string }; reset(): void } };
async function open(p: Page, url: string) {
  await p.goto(url);
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
}
const queued = (p: Page) => p.evaluate(() => (JSON.parse(localStorage.getItem('consent-gate:receipts') ?? '{"q":[]}').q as { r: { receiptId: string }; n: number }[]));
const posts = () => server.requests.filter((r) => r === '/consent/receipts').length;
async function stored(consentId: string, n: number): Promise<StoredReceipt[]> {
  await expect.poll(async () => (await store.byConsentId(consentId)).length, { timeout: 10_000 }).toBe(n);
  return store.byConsentId(consentId);
}

test('a decision reaches the endpoint once, with the path only and no IP or user-agent', async () => {
  mode = 'up';
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await open(p, `${server.origin}/shop/item?email=someone%40example.com#reviews`);
  const ua = await p.evaluate(() => navigator.userAgent);
  const { id } = await p.evaluate(() => (window as unknown as W).consent.acceptAll('banner'));
  const [row] = await stored(id, 1);
  expect(row).toMatchObject({ consentId: id, source: 'banner', page: '/shop/item', language: 'en', categories: { necessary: true, analytics: true, marketing: true }, policies: { privacy: '2024-05-01' } });
  const text = JSON.stringify(row);
  for (const leak of [ua, '127.0.0.1', 'someone', 'reviews']) expect(text).not.toContain(leak);
  await expect.poll(() => queued(p), { timeout: 10_000 }).toEqual([]);
  // A withdrawal is a receipt of its own.
  await p.evaluate(() => (window as unknown as W).consent.reset());
  const rows = await stored(id, 2);
  expect(rows.map((r) => r.source)).toEqual(['banner', 'reset']);
  await ctx.close();
});

test('the queue survives reloads while the endpoint is down and empties once it is up', async () => {
  mode = 'reset';
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await open(p, `${server.origin}/shop/item`);
  const before = posts();
  const { id } = await p.evaluate(() => (window as unknown as W).consent.save({ analytics: true }, 'preferences'));
  await expect.poll(async () => (await queued(p))[0]?.n, { timeout: 10_000 }).toBe(1);
  const { r } = (await queued(p))[0]!;
  expect(posts()).toBeGreaterThan(before); // Chromium may itself resend once on a reset connection

  // Reloaded before the backoff (1 s) is over: kept, not sent again yet.
  await p.reload();
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  expect((await queued(p)).map((x) => x.r.receiptId)).toEqual([r.receiptId]);

  // On another page view, still down (a 503 now): retried once the backoff is over. (On a loaded machine the reload
  // above can outlast the 1 s backoff and retry already: counted from what the queue says now.)
  const tried = posts();
  const n = (await queued(p))[0]!.n;
  mode = '503';
  await open(p, `${server.origin}/other`);
  await expect.poll(async () => (await queued(p))[0]?.n, { timeout: 10_000 }).toBe(n + 1);
  expect(posts()).toBeGreaterThan(tried);
  expect(await store.byConsentId(id)).toEqual([]);

  // Up again: the next retry (2 s later) delivers it, under the same receiptId.
  mode = 'up';
  await p.reload();
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  const rows = await stored(id, 1);
  expect(rows[0]!.receiptId).toBe(r.receiptId);
  expect(rows[0]!.page).toBe('/shop/item');
  await expect.poll(() => queued(p), { timeout: 10_000 }).toEqual([]);
  const sent = posts();
  await p.reload();
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  await p.waitForTimeout(200);
  expect(posts()).toBe(sent);
  await ctx.close();
});

test('a decision made as the page unloads is stored once', async () => {
  mode = 'up';
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await open(p, `${server.origin}/shop/item`);
  const id = await p.evaluate(() => {
    const { id } = (window as unknown as W).consent.acceptAll('banner');
    location.href = '/other';
    return id;
  });
  await p.waitForURL('**/other');
  await p.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  await stored(id, 1);
  await expect.poll(() => queued(p), { timeout: 10_000 }).toEqual([]);
  expect(await store.byConsentId(id)).toHaveLength(1);
  await ctx.close();
});

test('an endpoint on another origin takes receipts through CORS', async () => {
  mode = 'up';
  const other = await serve({ db: join(dir, 'receipts.db'), port: 0, allowOrigins: [server.origin] });
  server.pages.set('/cross', { body: html(config(other.url)) });
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  try {
    await open(p, `${server.origin}/cross`);
    const { id } = await p.evaluate(() => (window as unknown as W).consent.acceptAll('banner'));
    await stored(id, 1);
    // The answer was readable (CORS): the receipt left the queue.
    await expect.poll(() => queued(p), { timeout: 10_000 }).toEqual([]);
  } finally {
    await ctx.close();
    await other.close();
  }
});

// Issue 10, items 5 and 11: an endpoint that does not allow this page's origin refuses with 403, stores
// nothing, and (its 403 being readable by that page) the client keeps the receipt and reports it.
test('a receipt refused by an endpoint on another origin is kept and reported in the page, not stored', async () => {
  mode = 'up';
  const other = await serve({ db: join(dir, 'refusing.db'), port: 0 });
  server.pages.set('/refused', { body: html(config(other.url)).replace('window.ready = true;', `
    window.heard = [];
    addEventListener('consent-gate:receipt-refused', (e) => window.heard.push(e.detail));
    window.ready = true;`) });
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const errors = consoleErrors(p);
  try {
    await open(p, `${server.origin}/refused`);
    const { id } = await p.evaluate(() => (window as unknown as W).consent.acceptAll('banner'));
    await p.waitForFunction(() => (window as unknown as { heard: unknown[] }).heard.length === 1, undefined, { timeout: 10_000 });
    const [heard] = await p.evaluate(() => (window as unknown as { heard: { status: number; reason: string; receipt: { consentId: string } }[] }).heard);
    expect(heard).toMatchObject({ status: 403, reason: expect.stringMatching(/^origin: /), receipt: { consentId: id } });
    const saved = await p.evaluate(() => JSON.parse(localStorage.getItem('consent-gate:receipts')!));
    expect(saved.q).toEqual([]);
    expect(saved.x.map((x: { receipt: { consentId: string } }) => x.receipt.consentId)).toEqual([id]);
    expect(errors.some((e) => /refused by the endpoint \(403\)/.test(e))).toBe(true);
    expect(await other.store.byConsentId(id)).toEqual([]);
  } finally {
    await ctx.close();
    await other.close();
  }
});
