/**
 * The preferences dialog is a file of its own (dist/consent-gate.prefs.js, next to the
 * UI chunk): a first visitor who answers the first layer never downloads it; hovering or
 * focusing what opens it fetches it ahead; opened before it has arrived, the dialog
 * appears when it does, with focus on its heading. Pages use the drop-in, served from
 * /dist/, or from /late/, where the dialog's file is answered 300 ms late.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { consoleErrors, launchBrowser, ROOT, startServer, type TestServer } from './harness';
import { axe } from '../support/axe';

const LATE_MS = 300;
const CONFIG = {
  categories: {
    necessary: { required: true, label: 'Necessary', description: 'Keeps the site working.' },
    analytics: { label: 'Analytics', description: 'Counts visits.', cookieTable: [{ name: '_ga', purpose: 'Visitor id', duration: '2 years' }] },
  },
  gpc: false,
};

let browser: Browser;
let server: TestServer;
let n = 0;
/** The late dialog's file is also held until the test lets it go (`letGo`): what the test sees before it cannot race the timer. */
let held: Promise<void> = Promise.resolve();
let letGo = () => {};

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([async (_req, res, url) => {
    // /late/<file> serves dist/<file>; the dialog's file only after LATE_MS.
    const m = /^\/late\/([\w.-]+\.js)$/.exec(url.pathname);
    if (!m) return false;
    if (m[1] === 'consent-gate.prefs.js') await Promise.all([held, new Promise((r) => setTimeout(r, LATE_MS))]);
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(await readFile(join(ROOT, 'dist', m[1]!)));
    return true;
  }]);
});
afterAll(async () => { await browser?.close(); await server?.close(); });

/** Opens a page with the drop-in from `dir` and a "Cookie settings" link; collects console errors. */
async function open(o: { dir?: string; ui?: Record<string, unknown>; decided?: boolean; config?: object; lang?: string; width?: number } = {}): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const path = `/prefs-${++n}`;
  const config = JSON.stringify({ ...(o.config ?? CONFIG), ui: o.ui ?? {} }).replace(/'/g, '&#39;');
  server.pages.set(path, {
    body: `<!doctype html><html lang="${o.lang ?? 'en'}"><head><meta charset="utf-8"><title>Prefs test page</title><link rel="icon" href="data:,">
<script src="${o.dir ?? '/dist/'}consent-gate.js" data-config='${config}'></script></head>
<body><main><h1>The Daily Example</h1><p><a href="#settings" data-consent-open>Cookie settings</a></p></main></body></html>`,
  });
  const ctx = await browser.newContext({ viewport: { width: o.width ?? 1024, height: 640 }, reducedMotion: 'reduce' });
  const page = await ctx.newPage();
  const errors = consoleErrors(page);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  if (o.decided) {
    // A visitor who decided on an earlier page view.
    await page.goto(server.origin + path);
    await page.evaluate(() => (window as unknown as { consentGate: { rejectAll(): void } }).consentGate.rejectAll());
    await page.reload();
  } else {
    await page.goto(server.origin + path);
    await page.locator('consent-banner [part~=accept]').waitFor();
  }
  await page.waitForLoadState('networkidle');
  return { ctx, page, errors };
}

/** How many times the dialog's file was requested since request number `from`. */
const prefsRequests = (from: number) => server.requests.slice(from).filter((r) => r.endsWith('/consent-gate.prefs.js')).length;

const state = (page: Page) => page.evaluate(() => {
  const c = (window as unknown as { consentGate: { get(): { decided: boolean }; view: string | null } }).consentGate;
  return { decided: c.get().decided, view: c.view };
});

/** The deepest focused element, described. */
const focused = (page: Page) => page.evaluate(() => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return { part: a?.getAttribute('part') ?? '', text: a?.textContent?.trim() ?? '', tag: a?.localName ?? '', dialog: a?.closest('dialog')?.getAttribute('part') ?? '' };
});


test('a first visit that accepts all never downloads the preferences dialog', async () => {
  const from = server.requests.length;
  const { ctx, page, errors } = await open();
  await page.locator('consent-banner [part~=accept]').click();
  await page.waitForLoadState('networkidle');
  expect(await state(page)).toEqual({ decided: true, view: null });
  const got = server.requests.slice(from);
  expect(got).toContain('/dist/consent-gate.ui.js');
  expect(prefsRequests(from)).toBe(0);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('hovering Customize downloads the dialog ahead, once', async () => {
  const { ctx, page, errors } = await open();
  const from = server.requests.length;
  expect(prefsRequests(0)).toBe(0);
  const customize = page.locator('consent-banner [part~=customize]');
  await customize.hover();
  await expect.poll(() => prefsRequests(from)).toBe(1);
  await page.mouse.move(0, 0);
  await customize.hover();
  await customize.focus();
  await customize.click();
  await page.locator('consent-banner dialog[part=dialog]').waitFor();
  await page.waitForLoadState('networkidle');
  expect(prefsRequests(from)).toBe(1);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('tabbing to Customize downloads the dialog ahead', async () => {
  const { ctx, page, errors } = await open();
  const from = server.requests.length;
  for (let i = 0; i < 10 && (await focused(page)).part !== 'button customize'; i++) await page.keyboard.press('Tab');
  expect((await focused(page)).part).toBe('button customize');
  await expect.poll(() => prefsRequests(from)).toBe(1);
  expect(await state(page)).toEqual({ decided: false, view: 'banner' });
  expect(errors).toEqual([]);
  await ctx.close();
});

test('hovering the floating button downloads the dialog ahead', async () => {
  const { ctx, page, errors } = await open({ ui: { floatingButton: true } });
  const from = server.requests.length;
  await page.locator('consent-banner [part~=reject]').click();
  const fab = page.locator('consent-banner [part=floating]');
  await fab.waitFor();
  await page.waitForLoadState('networkidle');
  expect(prefsRequests(from)).toBe(0);
  await fab.hover();
  await expect.poll(() => prefsRequests(from)).toBe(1);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('a decided visitor hovering "Cookie settings" gets the dialog together with the UI', async () => {
  const { ctx, page, errors } = await open({ decided: true });
  const from = server.requests.length;
  await page.hover('[data-consent-open]');
  await expect.poll(() => prefsRequests(from)).toBe(1);
  expect(server.requests.slice(from)).toContain('/dist/consent-gate.ui.js');
  await page.click('[data-consent-open]');
  await page.locator('consent-banner dialog[part=dialog]').waitFor();
  expect(prefsRequests(from)).toBe(1);
  expect(errors).toEqual([]);
  await ctx.close();
});

test.each(['bar', 'modal'])('Customize clicked before the dialog has arrived opens it when it does (%s)', async (layout) => {
  held = new Promise((r) => { letGo = r; });
  const { ctx, page, errors } = await open({ dir: '/late/', ui: { layout } });
  const from = server.requests.length;
  const customize = page.locator('consent-banner [part~=customize]');
  const t0 = Date.now();
  await customize.click();
  // The view is the preferences already; the first layer stays as it was until the dialog arrives.
  expect(await state(page)).toEqual({ decided: false, view: 'preferences' });
  expect(await page.locator('consent-banner dialog[part=dialog]').count()).toBe(0);
  expect(await page.locator('consent-banner [part~=banner]').count()).toBe(1);
  letGo();
  await page.locator('consent-banner dialog[part=dialog]').waitFor();
  expect(Date.now() - t0).toBeGreaterThan(LATE_MS / 2);
  expect(prefsRequests(from)).toBe(1);
  expect(await focused(page)).toMatchObject({ tag: 'h2', text: 'Cookie preferences', dialog: 'dialog' });
  expect(await page.locator('consent-banner dialog[part=dialog]').evaluate((d) => (d as HTMLDialogElement).matches(':modal'))).toBe(true);
  // The first layer is still under the dialog.
  expect(await page.locator('consent-banner [part~=banner]').count()).toBe(1);
  expect(await axe(page)).toEqual([]);
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    expect((await focused(page)).dialog).toBe('dialog');
  }
  await page.keyboard.press('Escape');
  await page.locator('consent-banner dialog[part=dialog]').waitFor({ state: 'detached' });
  expect(await state(page)).toEqual({ decided: false, view: 'banner' });
  expect(await focused(page)).toMatchObject({ part: 'button customize' });
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(errors).toEqual([]);
  await ctx.close();
});

// consent.config.json as `consent-gate scan` writes it: cookie table rows with a provider.
const SCANNED = {
  categories: {
    necessary: { required: true, label: 'Strictly necessary', cookies: ['consent'], cookieTable: [{ name: 'consent', purpose: 'Stores the visitor\'s consent decision', provider: 'consent-gate' }] },
    analytics: {
      label: 'Analytics', cookies: ['_ga', '/^_ga_/'],
      cookieTable: [
        { name: '_ga', purpose: 'ID used to identify users', duration: '2 years', provider: 'Google Analytics' },
        { name: '_ga_*', duration: '2 years', provider: 'Google Analytics' },
        { name: '_own' },
      ],
    },
  },
  gpc: false,
};

/** The cookie tables of the open dialog: each one's column headings and cells. */
const tables = (page: Page) => page.locator('consent-banner [part=table]').evaluateAll((ts) => ts.map((t) => ({
  head: [...t.querySelectorAll('thead th[scope=col]')].map((th) => th.textContent),
  rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
})));

test.each([
  { lang: 'en', heading: 'Provider' },
  { lang: 'de', heading: 'Anbieter' },
])('the cookie tables of a scanned config show each cookie\'s provider, axe-clean ($lang)', async ({ lang, heading }) => {
  const { ctx, page, errors } = await open({ config: SCANNED, lang });
  await page.locator('consent-banner [part~=customize]').click();
  await page.locator('consent-banner dialog[part=dialog]').waitFor();
  for (const summary of await page.locator('consent-banner [part=details] summary').all()) await summary.click();
  await expect.poll(() => page.locator('consent-banner [part=table]').evaluateAll((ts) => ts.every((t) => (t as HTMLElement).offsetHeight > 0))).toBe(true);
  const got = await tables(page);
  expect(got.map((t) => t.head.at(-1))).toEqual([heading, heading]);
  expect(got[1]!.rows).toEqual([
    ['_ga', 'ID used to identify users', '2 years', 'Google Analytics'],
    ['_ga_*', '', '2 years', 'Google Analytics'],
    ['_own', '', '', ''],
  ]);
  // The provider is read as that column's cell: the accessibility tree pairs it with its heading.
  const snapshot = await page.locator('consent-banner [part=table]').nth(1).ariaSnapshot();
  expect(snapshot).toContain(`columnheader "${heading}"`);
  expect(snapshot).toContain('cell "Google Analytics"');
  expect(await axe(page)).toEqual([]);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('at 320 px wide the four columns fit: the dialog does not scroll sideways', async () => {
  const { ctx, page, errors } = await open({ config: SCANNED, width: 320 });
  await page.locator('consent-banner [part~=customize]').click();
  await page.locator('consent-banner dialog[part=dialog]').waitFor();
  for (const summary of await page.locator('consent-banner [part=details] summary').all()) await summary.click();
  const fit = await page.locator('consent-banner dialog[part=dialog]').evaluate((d) => ({
    dialog: d.scrollWidth <= d.clientWidth,
    tables: [...d.querySelectorAll('table')].every((t) => t.getBoundingClientRect().right <= d.getBoundingClientRect().right),
    page: document.documentElement.scrollWidth <= window.innerWidth,
  }));
  expect(fit).toEqual({ dialog: true, tables: true, page: true });
  expect(await axe(page)).toEqual([]);
  expect(errors).toEqual([]);
  await ctx.close();
});
