// The drop-in's placeholders in the page's language, in real Chromium with the network
// watched: a German page fetches dist/i18n/de.js once (shared with the banner), the
// placeholder's texts change in place (focus and size kept), and axe finds nothing.
// Run `npm run build` first.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;
let ctx: BrowserContext;
let page: Page;
/** While set, requests for language files wait for it. */
let hold: Promise<void> | undefined;
const errors: string[] = [];

const CONFIG = JSON.stringify({ categories: { necessary: { required: true }, marketing: { label: 'Marketing' } } });
const html = (body: string, lang = 'de') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Seite</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.js" data-config='${CONFIG}'></script></head><body><main><h1>Artikel</h1>${body}</main></body></html>`;
const i18n = (from: number) => server.requests.slice(from).filter((r) => r.startsWith('/dist/i18n/'));

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([async (_req, _res, url) => {
    if (url.pathname.startsWith('/dist/i18n/')) await hold;
    return false;
  }]);
  server.pages.set('/video', { body: html('<iframe data-consent="marketing" data-src="https://video.example/embed/1" width="560" height="315"></iframe>') });
  server.pages.set('/text', { body: html('<p>Nur Text.</p>') });
  server.pages.set('/axe.js', { body: await readFile(ROOT + '/node_modules/axe-core/axe.min.js', 'utf8'), type: 'text/javascript' });
  ctx = await browser.newContext();
  page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
});
afterAll(async () => { await browser?.close(); await server?.close(); });

test('a first visit to a German page: German placeholder and banner from one language request, axe clean', async () => {
  const n = server.requests.length;
  await page.goto(server.origin + '/video');
  const allow = page.getByRole('button', { name: 'Marketing erlauben' });
  await allow.waitFor({ state: 'visible' });
  expect(await page.locator('.consent-placeholder p').textContent()).toBe('video.example ist blockiert, bis Sie Marketing erlauben.');
  expect(await page.locator('.consent-placeholder button').allTextContents()).toEqual(['Marketing erlauben', 'Cookie-Einstellungen']);
  await page.getByRole('button', { name: 'Alle ablehnen' }).waitFor({ state: 'visible' });
  await page.waitForLoadState('networkidle');
  expect(i18n(n)).toEqual(['/dist/i18n/de.js']);

  await page.addScriptTag({ url: '/axe.js' });
  const violations = await page.evaluate<{ id: string }[]>(`axe.run(document.querySelector('.consent-placeholder'), { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] }).then((r) => r.violations)`);
  expect(violations.map((v) => v.id)).toEqual([]);

  // Refuse, so that the next visits are returning ones with marketing blocked.
  await page.getByRole('button', { name: 'Alle ablehnen' }).click();
  await page.waitForFunction(() => (window as { consentGate?: { decided: boolean } }).consentGate?.decided);
  expect(errors).toEqual([]);
});

test('a returning visitor: English until de.js arrives, then German in the same box with focus kept', async () => {
  let release!: () => void;
  hold = new Promise((r) => { release = r; });
  const n = server.requests.length;
  await page.goto(server.origin + '/video', { waitUntil: 'domcontentloaded' });
  const allow = page.getByRole('button', { name: 'Allow Marketing' });
  await allow.waitFor({ state: 'visible' });
  await allow.focus();
  await page.evaluate(() => { (window as { __btn?: Element | null }).__btn = document.activeElement; });
  const before = await page.locator('.consent-placeholder').boundingBox();
  release();
  hold = undefined;
  await page.getByRole('button', { name: 'Marketing erlauben' }).waitFor({ state: 'visible' });
  // The same element, still focused, named by its new text.
  expect(await page.evaluate(() => document.activeElement === (window as { __btn?: Element }).__btn && document.activeElement!.textContent)).toBe('Marketing erlauben');
  expect(await page.locator('.consent-placeholder').boundingBox()).toEqual(before);
  expect(before && [Math.round(before.width), Math.round(before.height)]).toEqual([560, 315]);
  await page.waitForLoadState('networkidle');
  // The placeholder's own chunk comes with it: a page with a blocked embed is the one that needs it.
  expect(server.requests.slice(n).sort()).toEqual(['/dist/consent-gate.js', '/dist/consent-gate.placeholder.js', '/dist/consent-gate.reader.js', '/dist/i18n/de.js', '/video']);
  expect(errors).toEqual([]);
});

test('a returning visitor on a German page without blocked embeds downloads nothing but the drop-in\'s tag and reader chunk', async () => {
  const n = server.requests.length;
  await page.goto(server.origin + '/text');
  await page.waitForLoadState('networkidle');
  expect(server.requests.slice(n).sort()).toEqual(['/dist/consent-gate.js', '/dist/consent-gate.reader.js', '/text']);
  expect(errors).toEqual([]);
});

test('a page in a language the banner reaches through an alias (zh-Hant-HK → zh-TW): banner and placeholder both use that file, the only one fetched', async () => {
  server.pages.set('/hant', { body: html('<iframe data-consent="marketing" data-src="https://video.example/embed/2" width="560" height="315"></iframe>', 'zh-Hant-HK') });
  const fresh = await browser.newContext();
  const p = await fresh.newPage();
  const n = server.requests.length;
  await p.goto(server.origin + '/hant');
  await p.getByRole('button', { name: '允許Marketing' }).waitFor({ state: 'visible' });
  await p.getByRole('button', { name: '全部拒絕' }).waitFor({ state: 'visible' });
  await p.waitForLoadState('networkidle');
  expect(i18n(n)).toEqual(['/dist/i18n/zh-TW.js']);
  await fresh.close();
});

/** The placeholder's own `lang` and `dir`, and the direction its text is laid out in. */
const direction = (p: Page) => p.locator('.consent-placeholder').evaluate((e: HTMLElement) => [e.lang, e.dir, getComputedStyle(e.querySelector('p')!).direction]);
const arabic = (attrs: string) => html('<iframe data-consent="marketing" data-src="https://video.example/embed/3" width="560" height="315"></iframe>', 'ar')
  .replace('<html lang="ar">', `<html ${attrs}>`);

test('on a right-to-left page the placeholder reads English left to right until ar.js arrives, then Arabic right to left', async () => {
  server.pages.set('/ar-rtl', { body: arabic('lang="ar" dir="rtl"') });
  let release!: () => void;
  hold = new Promise((r) => { release = r; });
  const fresh = await browser.newContext();
  const p = await fresh.newPage();
  await p.goto(server.origin + '/ar-rtl', { waitUntil: 'domcontentloaded' });
  await p.getByRole('button', { name: 'Allow Marketing' }).waitFor({ state: 'visible' });
  // English inside a right-to-left page: its own direction, not the page's.
  expect(await direction(p)).toEqual(['en', 'ltr', 'ltr']);
  release();
  hold = undefined;
  await expect.poll(() => direction(p)).toEqual(['ar', 'rtl', 'rtl']);
  expect(await p.locator('.consent-placeholder button').first().textContent()).not.toBe('Allow Marketing');
  await fresh.close();
});

test('an Arabic placeholder is right to left on a page that sets only lang="ar" (its direction from its language, as the banner\'s)', async () => {
  server.pages.set('/ar-lang', { body: arabic('lang="ar"') });
  const fresh = await browser.newContext();
  const p = await fresh.newPage();
  await p.goto(server.origin + '/ar-lang');
  await expect.poll(() => direction(p)).toEqual(['ar', 'rtl', 'rtl']);
  // The German placeholder of the other tests is left to right, with its language.
  await p.goto(server.origin + '/video');
  await expect.poll(() => direction(p)).toEqual(['de', 'ltr', 'ltr']);
  await fresh.close();
});
