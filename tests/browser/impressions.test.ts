/**
 * Impressions in Chromium, through the drop-in, against the real server: one
 * report per page view when a layer is shown, with no cookie, no referrer and no
 * identifier in it; none for a visitor who has decided, none without `receipts`
 * or with `impressions: false`; the receipt carries the variant too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createReceiptHandler, openReceiptStore, toNodeHandler, type ReceiptStore } from '../../src/server';
import { launchBrowser, startServer, type TestServer } from './harness';

const TOKEN = 'impressions-token-0123456789';
let browser: Browser;
let server: TestServer;
let store: ReceiptStore;
let dir: string;
/** Every impression request as it arrived: headers and body. */
const seen: { headers: IncomingHttpHeaders; body: string }[] = [];

const page = (config: object) => `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>i</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.js" data-config='${JSON.stringify(config)}'></script></head><body><p>Artikel</p></body></html>`;
const base = {
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } },
  policies: { privacy: { version: '2024-05-01', url: '/privacy' } },
  variant: 'short-text',
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consent-gate-impressions-'));
  store = await openReceiptStore(join(dir, 'a.db'));
  const endpoint = toNodeHandler(createReceiptHandler({ store, adminToken: TOKEN }));
  browser = await launchBrowser();
  server = await startServer([async (req, res, url) => {
    if (!url.pathname.startsWith('/consent/')) return false;
    if (url.pathname === '/consent/impressions') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      seen.push({ headers: req.headers, body });
      const { Readable } = await import('node:stream');
      // Hand the body read above to the real handler.
      const replay = Object.assign(Readable.from([Buffer.from(body)]), { headers: req.headers, method: req.method, url: req.url, complete: true });
      endpoint(replay as never, res);
      return true;
    }
    endpoint(req, res);
    return true;
  }]);
  server.pages.set('/with', { body: page({ ...base, receipts: { endpoint: '/consent/receipts' } }) });
  server.pages.set('/without', { body: page(base) });
  server.pages.set('/off', { body: page({ ...base, receipts: { endpoint: '/consent/receipts', impressions: false } }) });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const banner = (p: Page) => p.locator('consent-banner [part~="banner"]').first();
const shown = async () => {
  const res = await fetch(`${server.origin}/consent/stats`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return (await res.json()).total.shown as number;
};

test('a banner shown is reported once per page view, with nothing that identifies the visitor', async () => {
  seen.length = 0;
  const ctx = await browser.newContext();
  await ctx.addCookies([{ name: 'session', value: 'secret-session-id', url: server.origin }]);
  const p = await ctx.newPage();
  await p.goto(`${server.origin}/with?email=someone%40example.com`);
  await banner(p).waitFor();
  await expect.poll(() => seen.length).toBe(1);
  expect(JSON.parse(seen[0]!.body)).toEqual({ view: 'banner', mode: 'opt-in', language: 'de', variant: 'short-text' });
  expect(seen[0]!.headers.cookie).toBeUndefined();
  expect(seen[0]!.headers.referer).toBeUndefined();
  expect(seen[0]!.body).not.toContain('someone');
  await expect.poll(shown).toBe(1);
  expect(server.requests).toContain('/dist/consent-gate.impressions.js');

  // Opening the preferences on the same page view is not a second impression.
  await p.getByRole('button', { name: /anpassen|customi[sz]e/i }).click();
  await p.locator('consent-banner dialog[open]').last().waitFor();
  await p.waitForTimeout(300);
  expect(seen).toHaveLength(1);

  // A new page view, still undecided: one more.
  await p.reload();
  await banner(p).waitFor();
  await expect.poll(() => seen.length).toBe(2);

  // Decided: the receipt carries the variant; later page views show no banner and report nothing.
  await p.evaluate(() => (window as unknown as { consentGate: { acceptAll(): void } }).consentGate.acceptAll());
  await expect.poll(async () => (await store.between('2000-01-01T00:00:00.000Z', '9999-01-01T00:00:00.000Z')).map((r) => r.variant)).toEqual(['short-text']);
  await p.reload();
  await p.waitForFunction(() => (window as unknown as { consentGate?: { get(): { decided: boolean } } }).consentGate?.get().decided === true);
  await p.waitForTimeout(500);
  expect(seen).toHaveLength(2);
  await ctx.close();
});

test('nothing is reported without receipts, or with impressions: false: the reporter\'s chunk is not even fetched', async () => {
  seen.length = 0;
  const before = server.requests.length;
  for (const path of ['/without', '/off']) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`${server.origin}${path}`);
    await banner(p).waitFor();
    await p.waitForTimeout(500);
    await ctx.close();
  }
  expect(seen).toHaveLength(0);
  expect(server.requests.slice(before).filter((r) => r.startsWith('/consent/'))).toEqual([]);
  // The reporter is a chunk of its own, fetched only for a config that reports impressions (the first test's did).
  expect(server.requests.slice(before).filter((r) => /impressions/.test(r))).toEqual([]);
  expect(server.requests.slice(before)).toContain('/dist/consent-gate.ui.js');
});
