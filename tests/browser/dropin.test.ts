import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { consoleErrors, launchBrowser, ROOT, startServer, type TestServer } from './harness';

type Win = { __ran?: string[]; consentGate?: { get(): { decided: boolean } }; dataLayer?: unknown[]; __first?: unknown };

let browser: Browser;
let server: TestServer;
/** Bodies POSTed to /receipts. While `receiptsUp` is false, requests wait for `release()`, then get a 503. */
const posted: { source: string; categories: Record<string, boolean> }[] = [];
let receiptsUp = true;
let release = () => {};
let held = Promise.resolve();
beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([async (req, res, url) => {
    // The receipts server counts impressions beside its receipts route (issue 15).
    if (url.pathname === '/impressions' && req.method === 'POST') { res.writeHead(204).end(); return true; }
    if (url.pathname !== '/receipts' || req.method !== 'POST') return false;
    let body = '';
    for await (const chunk of req) body += String(chunk);
    if (!receiptsUp) { await held; res.writeHead(503).end(); return true; }
    posted.push(JSON.parse(body));
    res.writeHead(201).end();
    return true;
  }, async (_req, res, url) => {
    // A "CDN": /cdn/consent-gate@1/<file> serves dist/<file>.

    const m = /^\/cdn\/consent-gate@1\/([\w./-]+)$/.exec(url.pathname);
    if (!m || m[1]!.includes('..')) return false;
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(await readFile(join(ROOT, 'dist', m[1]!)));
    return true;
  }]);
});
afterAll(async () => { await browser?.close(); await server?.close(); });

/** The html blocks of the quick start (docs/getting-started.md), which README.md repeats word for word. */
function quickstart(file = 'docs/getting-started.md'): { tag: string; markup: string } {
  const block = (text: string, marker: string) => new RegExp(`<!-- quickstart:${marker} -->\\s*\`\`\`html\\n([\\s\\S]*?)\`\`\``).exec(text)?.[1];
  const text = readFileSync(join(ROOT, file), 'utf8');
  const tag = block(text, 'tag');
  const markup = block(text, 'markup');
  if (!tag || !markup) throw new Error(`no quick start blocks found in ${file}`);
  return { tag, markup };
}

test("README's quick start is the docs' quick start, word for word", () => {
  expect(quickstart('README.md')).toEqual(quickstart());
});

/** A page made of exactly the quick start's tag and markup, with local URLs swapped in. */
function quickstartPage(): string {
  const { tag, markup } = quickstart();
  const local = tag.replace(/src="https:\/\/[^"]*\/consent-gate\.js"/, 'src="/dist/consent-gate.js"');
  const gated = markup.replace(/src="https:\/\/example\.com\/analytics\.js"/, 'src="/slow/analytics.js?ms=20"');
  expect(local).toContain('src="/dist/consent-gate.js"');
  expect(gated).toContain('/slow/analytics.js');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>q</title><link rel="icon" href="data:,">${local}</head><body><h1>Article</h1>${gated}</body></html>`;
}

const CONFIG = JSON.stringify({ categories: { necessary: { required: true }, analytics: { label: 'Analytics' } } });

/** A fresh context and page that collects console errors and page errors. */
async function open(): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = consoleErrors(page);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { ctx, page, errors };
}

const since = (n: number) => server.requests.slice(n);
const ran = (page: Page) => page.evaluate(() => (window as Win).__ran ?? []);

test('a first visitor gets the banner and the gate from the quick start alone', async () => {
  server.pages.set('/quick', { body: quickstartPage() });
  const { ctx, page, errors } = await open();
  const n = server.requests.length;
  await page.goto(server.origin + '/quick');
  const accept = page.getByRole('button', { name: 'Accept all' });
  await accept.waitFor({ state: 'visible' });
  expect(since(n).some((r) => r.startsWith('/slow/'))).toBe(false);
  expect(await ran(page)).toEqual([]);
  await accept.click();
  await page.waitForFunction(() => (window as Win).__ran?.includes('analytics'));
  expect(errors).toEqual([]);
  await ctx.close();
});

test('a returning visitor requests nothing but the page, the drop-in\'s tag and reader chunk, and its allowed scripts', async () => {
  server.pages.set('/quick', { body: quickstartPage() });
  const { ctx, page, errors } = await open();
  await page.goto(server.origin + '/quick');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => (window as Win).__ran?.includes('analytics'));
  const n = server.requests.length;
  await page.reload();
  await page.waitForFunction(() => (window as Win).__ran?.includes('analytics'));
  await page.waitForLoadState('networkidle');
  expect(since(n).sort()).toEqual(['/dist/consent-gate.js', '/dist/consent-gate.reader.js', '/quick', '/slow/analytics.js?ms=20']);
  expect(await page.evaluate(() => (window as Win).consentGate?.get().decided)).toBe(true);
  expect(await page.locator('consent-banner').count()).toBe(0);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('under a strict CSP (no inline styles) the banner and its preferences dialog are styled and nothing is reported', async () => {
  server.pages.set('/csp', {
    body: `<!doctype html><html lang="en"><title>csp</title><link rel="icon" href="data:,"><script src="/dist/consent-gate.js" data-config='${CONFIG}'></script><p>Article</p>`,
    headers: { 'content-security-policy': "default-src 'self'; style-src 'self'; img-src 'self' data:" },
  });
  const { ctx, page, errors } = await open();
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  await page.goto(server.origin + '/csp');
  const accept = page.getByRole('button', { name: 'Accept all' });
  await accept.waitFor({ state: 'visible' });
  // Styled: the bar is fixed to the viewport and its buttons are the accent colour (the UA's would be grey).
  expect(await page.locator('consent-banner').evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('section')!).position)).toBe('fixed');
  expect(await accept.evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe('rgb(239, 239, 239)');
  await page.getByRole('button', { name: 'Customize' }).click();
  await page.getByRole('dialog').waitFor({ state: 'visible' });
  // The dialog's own stylesheet came with it: the switches are drawn by it.
  expect(await page.getByRole('switch').first().evaluate((el) => getComputedStyle(el).appearance)).toBe('none');
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('reads its config from a JSON block', async () => {
  server.pages.set('/block', {
    body: `<!doctype html><title>b</title><link rel="icon" href="data:,"><script type="application/json" data-consent-config>${CONFIG}</script>
<script src="/dist/consent-gate.js"></script><script type="text/plain" data-consent="analytics" src="/slow/block.js?ms=0"></script>`,
  });
  const { ctx, page, errors } = await open();
  await page.goto(server.origin + '/block');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(() => (window as Win).__ran?.includes('block'));
  expect(errors).toEqual([]);
  await ctx.close();
});

test('an invalid config is reported field by field and every gate stays shut', async () => {
  const bad = JSON.stringify({ categories: { analytics: { cookies: ['_ga', 42] } }, mdoe: 'opt-in' });
  server.pages.set('/bad', {
    body: `<!doctype html><title>x</title><link rel="icon" href="data:,"><script src="/dist/consent-gate.js" data-config='${bad}'></script>
<script type="text/plain" data-consent="analytics" src="/slow/bad.js?ms=0"></script><p id="after">page still works</p>`,
  });
  const { ctx, page, errors } = await open();
  const n = server.requests.length;
  await page.goto(server.origin + '/bad');
  await page.waitForLoadState('networkidle');
  // The words come from the errors chunk, so the lines arrive once it has loaded.
  await expect.poll(() => errors).toEqual([
    'consent-gate: mdoe: unknown key (did you mean "mode"?)',
    'consent-gate: categories.analytics.cookies[1]: expected a string or /regex/, got 42',
  ]);
  expect(await page.evaluate(() => typeof (window as Win).consentGate)).toBe('undefined');
  // (The tag fetched the UI's chunk alongside the store's, before the check: it is never shown.)
  expect(since(n).filter((r) => r.startsWith('/slow/'))).toEqual([]);
  expect(await page.locator('consent-banner').count()).toBe(0);
  expect(await page.textContent('#after')).toBe('page still works');
  await ctx.close();
});

test('the words for config problems are fetched once for an invalid config, never for a valid one', async () => {
  const errorsChunk = (from: number) => since(from).filter((r) => r.includes('consent-gate.errors.js'));
  server.pages.set('/quick', { body: quickstartPage() });
  const valid = await open();
  const n = server.requests.length;
  await valid.page.goto(server.origin + '/quick');
  await valid.page.getByRole('button', { name: 'Accept all' }).click();
  await valid.page.waitForFunction(() => (window as Win).__ran?.includes('analytics'));
  await valid.page.reload();
  await valid.page.waitForFunction(() => (window as Win).__ran?.includes('analytics'));
  await valid.page.waitForLoadState('networkidle');
  expect(since(n)).toContain('/dist/consent-gate.ui.js');
  expect(errorsChunk(n)).toEqual([]);
  expect(valid.errors).toEqual([]);
  await valid.ctx.close();

  const bad = JSON.stringify({ categories: { analytics: { cookies: [1, 2] }, marketing: { lable: 'x' } } });
  server.pages.set('/bad-twice', { body: `<!doctype html><title>x</title><link rel="icon" href="data:,"><script src="/dist/consent-gate.js" data-config='${bad}'></script>` });
  const invalid = await open();
  const m = server.requests.length;
  await invalid.page.goto(server.origin + '/bad-twice');
  await invalid.page.waitForLoadState('networkidle');
  await expect.poll(() => invalid.errors.length).toBe(3);
  expect(errorsChunk(m)).toEqual(['/dist/consent-gate.errors.js']);
  await invalid.ctx.close();
});

test('an invalid config still names the invalid fields when the words cannot be fetched', async () => {
  // The drop-in (its tag and store chunk) alone in a folder: its errors chunk is not found there.
  for (const f of ['consent-gate.js', 'consent-gate.store.js']) server.pages.set(`/alone/${f}`, { body: readFileSync(join(ROOT, 'dist', f), 'utf8'), type: 'text/javascript' });
  const bad = JSON.stringify({ categories: { analytics: { cookies: ['_ga', 42] } }, mdoe: 'opt-in' });
  server.pages.set('/bad-alone', { body: `<!doctype html><title>x</title><link rel="icon" href="data:,"><script src="/alone/consent-gate.js" data-config='${bad}'></script>` });
  const { ctx, page, errors } = await open();
  const n = server.requests.length;
  await page.goto(server.origin + '/bad-alone');
  await page.waitForLoadState('networkidle');
  expect(since(n)).toContain('/alone/consent-gate.errors.js');
  await expect.poll(() => errors.filter((e) => e.startsWith('consent-gate: invalid config'))).toEqual([
    'consent-gate: invalid config at "mdoe"',
    'consent-gate: invalid config at "categories.analytics.cookies[1]"',
  ]);
  expect(await page.evaluate(() => typeof (window as Win).consentGate)).toBe('undefined');
  await ctx.close();
});

test('a config that is not JSON is reported and nothing runs', async () => {
  server.pages.set('/notjson', {
    body: `<!doctype html><title>x</title><link rel="icon" href="data:,"><script src="/dist/consent-gate.js" data-config="{categories: nope}"></script>
<script type="text/plain" data-consent="analytics" src="/slow/nj.js?ms=0"></script>`,
  });
  const { ctx, page, errors } = await open();
  const n = server.requests.length;
  await page.goto(server.origin + '/notjson');
  await page.waitForLoadState('networkidle');
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.every((e) => e.startsWith('consent-gate'))).toBe(true);
  expect(since(n).filter((r) => r.startsWith('/slow/'))).toEqual([]);
  await ctx.close();
});

test('finds the UI next to its own URL, so a CDN path works', async () => {
  server.pages.set('/cdn-page', {
    body: `<!doctype html><title>c</title><link rel="icon" href="data:,"><script src="/cdn/consent-gate@1/consent-gate.js" data-config='${CONFIG}'></script>`,
  });
  const { ctx, page, errors } = await open();
  const n = server.requests.length;
  await page.goto(server.origin + '/cdn-page');
  await page.getByRole('button', { name: 'Accept all' }).waitFor({ state: 'visible' });
  expect(since(n)).toContain('/cdn/consent-gate@1/consent-gate.ui.js');
  expect(since(n).filter((r) => r.startsWith('/dist/'))).toEqual([]);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('prefetches the UI on hover of a settings link and opens the preferences on click', async () => {
  server.pages.set('/settings', {
    body: `<!doctype html><title>s</title><link rel="icon" href="data:,"><script src="/dist/consent-gate.js" data-config='${CONFIG}'></script>
<p><a href="#settings" data-consent-open>Cookie settings</a></p>`,
  });
  const { ctx, page, errors } = await open();
  await page.goto(server.origin + '/settings');
  await page.evaluate(() => (window as unknown as { consentGate: { rejectAll(): void } }).consentGate.rejectAll());
  await page.reload();
  await page.waitForLoadState('networkidle');
  const n = server.requests.length;
  expect(await page.locator('consent-banner').count()).toBe(0);
  await page.hover('[data-consent-open]');
  await expect.poll(() => since(n)).toContain('/dist/consent-gate.ui.js');
  await page.click('[data-consent-open]');
  await page.getByRole('dialog').waitFor({ state: 'visible' });
  expect(errors).toEqual([]);
  await ctx.close();
});

test('pushes the Consent Mode default before any later script runs', async () => {
  const config = JSON.stringify({ googleConsentMode: true, categories: { necessary: { required: true }, analytics: { label: 'Analytics' } } });
  server.pages.set('/gcm', {
    body: `<!doctype html><title>g</title><link rel="icon" href="data:,"><script src="/dist/consent-gate.js" data-config='${config}'></script>
<script>window.__first = Array.from(window.dataLayer?.[0] ?? []);</script>`,
  });
  const { ctx, page } = await open();
  await page.goto(server.origin + '/gcm');
  const first = await page.evaluate(() => (window as Win).__first) as unknown[];
  expect(first.slice(0, 2)).toEqual(['consent', 'default']);
  expect(first[2]).toMatchObject({ analytics_storage: 'denied' });
  await ctx.close();
});

test('fetches the receipts client only when a decision is made, and a receipt is sent', async () => {
  const config = JSON.stringify({ receipts: { endpoint: '/receipts' }, categories: { necessary: { required: true }, analytics: { label: 'Analytics' } } });
  server.pages.set('/rcpt', { body: `<!doctype html><title>r</title><link rel="icon" href="data:,"><script src="/dist/consent-gate.js" data-config='${config}'></script>` });
  const { ctx, page, errors } = await open();
  const n = server.requests.length;
  posted.length = 0;
  receiptsUp = true;
  await page.goto(server.origin + '/rcpt');
  await page.getByRole('button', { name: 'Accept all' }).waitFor({ state: 'visible' });
  expect(since(n)).not.toContain('/dist/consent-gate.receipts.js');
  await page.getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => posted.length, { timeout: 5_000 }).toBe(1);
  expect(posted[0]).toMatchObject({ source: 'banner', categories: { necessary: true, analytics: true } });
  // A returning visitor with nothing queued does not fetch it. The receipt leaves the queue when
  // the endpoint's answer arrives, a moment after the server saw the POST: wait for that.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('consent-gate:receipts') ?? ''), { timeout: 5_000 }).toMatch(/"q":\[\]/);
  const m = server.requests.length;
  await page.reload();
  await page.waitForLoadState('networkidle');
  expect(since(m).sort()).toEqual(['/dist/consent-gate.js', '/dist/consent-gate.reader.js', '/rcpt']);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('a receipt queued while the endpoint was down is sent on the next page view', async () => {
  const config = JSON.stringify({ receipts: { endpoint: '/receipts' }, categories: { necessary: { required: true }, analytics: { label: 'Analytics' } } });
  server.pages.set('/rcpt2', { body: `<!doctype html><title>r</title><link rel="icon" href="data:,"><script src="/dist/consent-gate.js" data-config='${config}'></script>` });
  const { ctx, page } = await open();
  posted.length = 0;
  receiptsUp = false;
  held = new Promise((r) => { release = r; });
  await page.goto(server.origin + '/rcpt2');
  const before = server.requests.length;
  await page.getByRole('button', { name: 'Reject all' }).click();
  // This page's receipt is on its way (queued first), and the endpoint does not answer before the visitor leaves.
  await expect.poll(() => since(before).filter((r) => r === '/receipts').length).toBeGreaterThan(0);
  await page.goto('about:blank');
  receiptsUp = true;
  release();
  expect(posted).toEqual([]);
  const m = server.requests.length;
  await page.goto(server.origin + '/rcpt2');
  await expect.poll(() => posted.length, { timeout: 5_000 }).toBe(1);
  expect(posted[0]).toMatchObject({ source: 'banner', categories: { analytics: false } });
  expect(since(m)).toContain('/dist/consent-gate.receipts.js');
  await ctx.close();
});

test('fetches the page language with the UI, once, and the banner speaks it', async () => {
  server.pages.set('/de', { body: `<!doctype html><html lang="de-DE"><title>d</title><link rel="icon" href="data:,"><script src="/dist/consent-gate.js" data-config='${CONFIG}'></script></html>` });
  const { ctx, page, errors } = await open();
  const n = server.requests.length;
  await page.goto(server.origin + '/de');
  await page.getByRole('button', { name: 'Alle akzeptieren' }).waitFor({ state: 'visible' });
  const got = since(n);
  expect(got.filter((r) => r === '/dist/i18n/de.js')).toHaveLength(1);
  // Asked for before the UI chunk could have asked for it.
  expect(got.indexOf('/dist/i18n/de.js')).toBeLessThan(got.indexOf('/dist/consent-gate.ui.js') + 2);
  expect(errors).toEqual([]);
  await ctx.close();
});
