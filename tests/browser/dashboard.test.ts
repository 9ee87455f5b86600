/**
 * The analytics dashboard in Chromium, served by the real receipts server: the
 * token asked for (Enter submits, kept in sessionStorage only), the figures shown
 * equal to what was posted, charts drawn, the CSV download, axe-core clean in light
 * and dark, usable by keyboard, and not one request outside the server's origin.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createReceiptHandler, openReceiptStore, toNodeHandler, type ReceiptStore } from '../../src/server';
import { launchBrowser } from './harness';
import { axe } from '../support/axe';

const TOKEN = 'dashboard-token-0123456789';
let browser: Browser;
let http: Server;
let store: ReceiptStore;
let dir: string;
let origin: string;

const receipt = (categories: Record<string, boolean>, variant: string, source = 'banner') => ({
  receiptId: randomUUID(), consentId: randomUUID(), decidedAt: new Date().toISOString(), source, variant,
  policies: { privacy: '2024-05-01' }, categories: { necessary: true, ...categories }, language: 'de', configHash: 'abc', page: '/',
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consent-gate-dashboard-'));
  store = await openReceiptStore(join(dir, 'a.db'));
  http = createServer(toNodeHandler(createReceiptHandler({ store, adminToken: TOKEN })));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const a = http.address();
  origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  const post = (path: string, body: unknown) => fetch(`${origin}/consent/${path}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
  // 8 banners shown (5 in DE, 3 in FR; 4 of each variant), 6 decisions, 1 withdrawal.
  for (const [region, language, variant] of [['DE', 'de', 'a'], ['DE', 'de', 'a'], ['DE', 'de', 'a'], ['DE', 'de', 'b'], ['DE', 'de', 'b'], ['FR', 'fr', 'a'], ['FR', 'fr', 'b'], ['FR', 'fr', 'b']]) {
    expect((await post('impressions', { view: 'banner', mode: 'opt-in', region, language, variant })).status).toBe(204);
  }
  for (const r of [
    receipt({ analytics: true, marketing: true }, 'a'), receipt({ analytics: true, marketing: true }, 'a'), receipt({ analytics: true, marketing: true }, 'b'),
    receipt({ analytics: false, marketing: false }, 'b'), receipt({ analytics: false, marketing: false }, 'b'), receipt({ analytics: true, marketing: false }, 'a', 'preferences'),
    receipt({ analytics: false, marketing: false }, 'a', 'reset'),
  ]) expect((await post('receipts', r)).status).toBe(201);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => http?.close(r));
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});


/** The text of each cell of the row headed `key` in the table captioned `caption`. */
const row = (page: Page, caption: string, key: string) => page.evaluate(([caption, key]) => {
  const table = [...document.querySelectorAll('table')].find((t) => t.caption?.textContent === caption);
  const tr = [...(table?.tBodies[0]?.rows ?? [])].find((r) => r.cells[0]?.textContent === key);
  return tr ? [...tr.cells].map((c) => c.textContent) : undefined;
}, [caption, key]);

test('shows the posted figures as charts and tables, by keyboard, without leaving the origin', async () => {
  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await ctx.newPage();
  const outside: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => { if (new URL(r.url()).origin !== origin && !r.url().startsWith('blob:')) outside.push(r.url()); });
  // (The wrong token's 401 is logged by Chromium; nothing else may be.)
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 401')) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));

  const res = await page.goto(`${origin}/consent/dashboard`);
  expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
  // The token field has focus; a wrong token is refused, then the right one with Enter.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('token');
  expect(await page.getAttribute('#token', 'type')).toBe('password');
  expect(await axe(page, { tags: ['best-practice'] })).toEqual([]);
  await page.keyboard.type('not-the-token');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.textContent('#login-error')).toBe('That token was not accepted.');
  await page.keyboard.type(TOKEN);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#figures');

  // The totals and tables say exactly what was posted.
  const totals = await page.$$eval('.totals div', (ds) => ds.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]));
  expect(Object.fromEntries(totals)).toEqual({
    'Banners shown': '8', Decisions: '6', 'Decided per banner shown': '75%', 'Accept all': '3 (50%)', 'Reject all': '2 (33.3%)', Custom: '1 (16.7%)', Withdrawals: '1',
  });
  const today = new Date().toISOString().slice(0, 10);
  expect(await row(page, 'Figures per day', today)).toEqual([today, '8', '6', '75%', '3 (50%)', '2 (33.3%)', '1 (16.7%)', '1']);
  expect(await row(page, 'Decisions granting each category', 'analytics')).toEqual(['analytics', '4', '6', '66.7%']);
  expect(await row(page, 'Decisions granting each category', 'marketing')).toEqual(['marketing', '3', '6', '50%']);
  expect(await row(page, 'Figures per region', 'DE')).toEqual(['DE', '5', '0', '0%', '0 (–)', '0 (–)', '0 (–)', '0']);
  expect(await row(page, 'Figures per variant', 'a')).toEqual(['a', '4', '3', '75%', '2 (66.7%)', '0 (0%)', '1 (33.3%)', '1']);
  expect(await row(page, 'Figures per variant', 'b')).toEqual(['b', '4', '3', '75%', '1 (33.3%)', '2 (66.7%)', '0 (0%)', '0']);
  expect(await row(page, 'Figures per language', 'fr')).toEqual(['fr', '3', '0', '0%', '0 (–)', '0 (–)', '0 (–)', '0']);

  // Charts drawn: every chart's canvas has painted pixels (axes, lines, bars).
  const painted = await page.$$eval('.chart canvas', (cs) => cs.map((c) => {
    const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  }));
  expect(painted).toHaveLength(5); // over time, per category, region, language, variant
  for (const n of painted) expect(n).toBeGreaterThan(500);

  // The token is kept for this tab only.
  expect(await page.evaluate(() => [sessionStorage.getItem('consent-gate:dashboard-token'), localStorage.length])).toEqual([TOKEN, 0]);
  expect(await ctx.cookies()).toEqual([]);

  // Keyboard: Tab reaches the range and the CSV button; Enter downloads the figures.
  let reached = false;
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('from');
  // (Chromium's date fields take a Tab stop for each of day, month and year.)
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await page.evaluate(() => document.activeElement?.textContent)) === 'Download CSV';
  }
  expect(reached).toBe(true);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
  expect(csv[0]).toBe('scope,key,shown,decisions,acceptAll,rejectAll,custom,withdrawals,analytics.granted,analytics.offered,marketing.granted,marketing.offered');
  expect(csv).toContain(`day,${today},8,6,3,2,1,1,4,6,3,6`);
  expect(csv).toContain('variant,b,4,3,1,2,0,0,1,3,1,3');

  // A range with nothing in it, chosen in the date fields and sent with Enter.
  await page.fill('#from', '2020-01-01');
  await page.fill('#to', '2020-01-31');
  await page.focus('#to');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.textContent('#status')).toBe('Showing 2020-01-01 to 2020-01-31.');
  expect(await page.$$eval('.totals dd', (d) => d[0]!.textContent)).toBe('0');

  expect(await axe(page, { tags: ['best-practice'] })).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.click('#controls button[type=submit]');
  await page.fill('#from', '');
  await page.fill('#from', new Date(Date.now() - 7 * 864e5).toISOString().slice(0, 10));
  await page.fill('#to', today);
  await page.click('#controls button[type=submit]');
  await expect.poll(() => page.$$eval('.totals dd', (d) => d[0]!.textContent)).toBe('8');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 20, 23)');
  expect(await axe(page, { tags: ['best-practice'] })).toEqual([]);

  // Signing out forgets the token.
  await page.click('text=Sign out');
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  expect(await page.isVisible('#login')).toBe(true);

  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
  await ctx.close();
});
