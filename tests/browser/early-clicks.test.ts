/**
 * Issue 20: a click on the page's own actions (`data-consent-action`, `data-consent-open`) made before the drop-in's gate
 * has started is not lost: the tag records it, and the page's start carries it out, once, as the gate carries out a later
 * click (stub.ts, page.ts). The store chunk is held back here (served from /early/) while the visitor clicks, as on a
 * slow phone. Run `npm run build` first; `EARLY_CLICKS_DIST=/path/to/dist` runs the same against another build.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DropIn } from '../../src/dropin/types';
import { consoleErrors, holder, launchBrowser, ROOT, startServer, type TestServer } from './harness';

const DIST = process.env.EARLY_CLICKS_DIST ?? join(ROOT, 'dist');
let browser: Browser;
let server: TestServer;
/** Chunks held back until `letGo()`. */
const { hold, letGo, until } = holder();
/** Chunks that cannot be loaded (answered, once let go, with a 404, or with the connection cut). */
const lost = new Map<string, '404' | 'cut'>();

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([async (_req, res, url) => {
    const m = /^\/early\/([\w./-]+)$/.exec(url.pathname);
    if (!m || m[1]!.includes('..')) return false;
    await until(m[1]!);
    const how = lost.get(m[1]!);
    if (how == 'cut') res.socket?.destroy();
    else if (how) res.writeHead(404).end();
    if (how) return true;
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    // (`tab/…`: the same files, for a second tab whose chunks load while this one's cannot.)
    res.end(await readFile(join(DIST, m[1]!.replace(/^tab\//, ''))));
    return true;
  }]);
});
afterAll(async () => { letGo(); await browser?.close(); await server?.close(); });

const CONFIG = { categories: { necessary: { required: true }, analytics: { label: 'Analytics' } }, actionScope: '#site-footer', reloadOnWithdraw: false };
type Win = { __log?: string[]; consentGate?: DropIn };

let n = 0;
/** A page of `build` (the tag's file name) with a gated script and the site's footer actions; `__log` notes each decision. */
function page(build = 'consent-gate.js', config: unknown = CONFIG): string {
  const path = `/page-${++n}`;
  server.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>early</title><link rel="icon" href="data:,">
<script src="/early/${build}" data-config='${JSON.stringify(config)}'></script>
<script>window.__log = []; consentGate.listen((s) => __log.push(s.source + ':' + s.categories.analytics));</script></head>
<body><h1>Article</h1><script type="text/plain" data-consent="analytics" src="/slow/gated.js?ms=0"></script>
<footer id="site-footer"><button data-consent-action="accept-all">Accept all cookies</button>
<a href="/elsewhere" data-consent-action="reject-all">Reject all</a> <a href="/cookies" data-consent-open>Cookie settings</a></footer></body></html>`,
  });
  return server.origin + path;
}
const since = (from: number) => server.requests.slice(from);

/** Opens `url` with `chunk` held back, once the footer is there (the drop-in not started: nothing decided). */
async function openHeld(url: string, chunk: string): Promise<{ ctx: BrowserContext; p: Page; from: number }> {
  hold(chunk);
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const from = server.requests.length;
  await p.goto(url, { waitUntil: 'domcontentloaded' });
  await expect.poll(() => since(from)).toContain(`/early/${chunk}`);
  return { ctx, p, from };
}
/** The decision cookie's value (undefined: none). */
const record = async (ctx: BrowserContext) => (await ctx.cookies()).find((c) => /analytics/.test(decodeURIComponent(c.value)))?.value;
/** Lets the held chunk go and waits (at most 5 s) for a decision. */
async function release(p: Page): Promise<void> {
  letGo();
  await p.waitForFunction(() => (window as Win).consentGate?.decided, undefined, { timeout: 5000 });
}

test('"Accept all" clicked before the store chunk has come: one decision once it comes, the gated script runs', async () => {
  const { ctx, p, from } = await openHeld(page(), 'consent-gate.store.js');
  await p.getByRole('button', { name: 'Accept all cookies' }).click();
  // Nothing granted nor requested while the store is away.
  expect(since(from).filter((r) => r.startsWith('/slow/'))).toEqual([]);
  await release(p);
  await p.waitForFunction(() => (window as unknown as { __ran?: string[] }).__ran?.includes('gated'));
  expect(await p.evaluate(() => (window as Win).__log)).toEqual(['action:true']);
  expect(decodeURIComponent((await record(ctx))!)).toMatch(/analytics:1/);
  await ctx.close();
});

test('"Reject all" (a link) clicked before the store chunk has come: the page stays, the refusal is recorded, nothing gated is requested', async () => {
  const { ctx, p, from } = await openHeld(page(), 'consent-gate.store.js');
  const url = p.url();
  await p.getByRole('link', { name: 'Reject all' }).click();
  await release(p);
  expect(await p.evaluate(() => (window as Win).__log)).toEqual(['action:false']);
  expect(decodeURIComponent((await record(ctx))!)).toMatch(/analytics:0/);
  // The banner does not ask again, and nothing gated was asked for.
  await p.waitForTimeout(300);
  expect(await p.evaluate(() => (window as Win).consentGate!.view)).toBe(null);
  expect(since(from).filter((r) => r.startsWith('/slow/') || r == '/elsewhere')).toEqual([]);
  expect(p.url()).toBe(url);
  await ctx.close();
});

test('"Reject all" then "Accept all", both before the start, pressed with the keyboard: the last one stands', async () => {
  const { ctx, p } = await openHeld(page(), 'consent-gate.store.js');
  await p.getByRole('link', { name: 'Reject all' }).focus();
  await p.keyboard.press('Enter');
  await p.getByRole('button', { name: 'Accept all cookies' }).focus();
  await p.keyboard.press('Enter');
  await release(p);
  await p.waitForFunction(() => (window as unknown as { __ran?: string[] }).__ran?.includes('gated'));
  expect(await p.evaluate(() => (window as Win).__log)).toEqual(['action:false', 'action:true']);
  await ctx.close();
});

test('"Cookie settings" (a link) clicked before a decided visitor\'s reader has come: the page stays, the preferences open', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page());
  await p.getByRole('button', { name: 'Accept all cookies' }).click();
  await p.waitForFunction(() => (window as unknown as { __ran?: string[] }).__ran?.includes('gated'));
  hold('consent-gate.reader.js');
  const from = server.requests.length;
  await p.goto(page(), { waitUntil: 'domcontentloaded' });
  await expect.poll(() => since(from)).toContain('/early/consent-gate.reader.js');
  const url = p.url();
  await p.getByRole('link', { name: 'Cookie settings' }).click();
  letGo();
  await p.waitForFunction(() => (window as Win).consentGate?.view === 'preferences', undefined, { timeout: 5000 });
  expect(p.url()).toBe(url);
  expect(since(from)).not.toContain('/cookies');
  await ctx.close();
});

// GPP's opt-outs map to a marketing category.
const IAB = { ...CONFIG, categories: { ...CONFIG.categories, marketing: { label: 'Marketing' } }, gpc: false, gpp: { sections: 'national' } };
test('iab build: "Reject all" clicked before its store chunk has come is recorded once it comes', async () => {
  const { ctx, p, from } = await openHeld(page('consent-gate.iab.js', IAB), 'consent-gate.iab-store.js');
  await p.getByRole('link', { name: 'Reject all' }).click();
  await release(p);
  expect(await p.evaluate(() => (window as Win).__log)).toEqual(['action:false']);
  expect(since(from).filter((r) => r.startsWith('/slow/'))).toEqual([]);
  await ctx.close();
});

test('an invalid config: an "Accept all" clicked before the check grants nothing, and the links are the page\'s again', async () => {
  const { ctx, p, from } = await openHeld(page('consent-gate.js', { ...CONFIG, mode: 'sometimes' }), 'consent-gate.store.js');
  await p.getByRole('button', { name: 'Accept all cookies' }).click();
  letGo();
  await expect.poll(() => since(from)).toContain('/early/consent-gate.errors.js');
  await p.waitForTimeout(300);
  expect(await p.evaluate(() => (window as Win).__log)).toEqual([]);
  expect(await record(ctx)).toBeUndefined();
  expect(since(from).filter((r) => r.startsWith('/slow/'))).toEqual([]);
  await p.getByRole('link', { name: 'Cookie settings' }).click();
  await expect.poll(() => since(from)).toContain('/cookies');
  await ctx.close();
});

test.each(['404', 'cut'] as const)('the store chunk cannot be loaded (%s): the site\'s own "Reject all" link works as a link again, nothing is granted', async (how) => {
  lost.set('consent-gate.store.js', how);
  try {
    const { ctx, p, from } = await openHeld(page(), 'consent-gate.store.js');
    const errors = consoleErrors(p);
    const url = p.url();
    // Clicked while the chunk is on its way: recorded, its navigation prevented (the drop-in may still start).
    await p.getByRole('link', { name: 'Reject all' }).click();
    letGo();
    await expect.poll(() => errors).toContain('consent-gate: could not load store');
    // Decided: a click recorded before the failure is dropped, not carried out late (nor its navigation made late).
    await p.waitForTimeout(300);
    expect(p.url()).toBe(url);
    // Nothing granted, nothing gated asked for or run: the gates stay shut.
    expect(await p.evaluate(() => [(window as Win).consentGate?.has('analytics'), (window as Win).consentGate?.decided, (window as Win).__log])).toEqual([false, false, []]);
    await p.getByRole('button', { name: 'Accept all cookies' }).click();
    expect(await p.evaluate(() => [(window as Win).consentGate?.has('analytics'), (window as unknown as { __ran?: string[] }).__ran])).toEqual([false, undefined]);
    // The site's fallback: the link goes where it points.
    await p.getByRole('link', { name: 'Reject all' }).click();
    await p.waitForURL(server.origin + '/elsewhere', { timeout: 3000 });
    expect(since(from).filter((r) => r.startsWith('/slow/'))).toEqual([]);
    expect(await record(ctx)).toBeUndefined();
    await ctx.close();
  } finally {
    lost.clear();
  }
});

test('a decided visitor\'s reader and store chunks cannot be loaded: "Reject all" goes to its href, nothing gated runs', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page());
  await p.getByRole('button', { name: 'Accept all cookies' }).click();
  await p.waitForFunction(() => (window as unknown as { __ran?: string[] }).__ran?.includes('gated'));
  lost.set('consent-gate.reader.js', '404').set('consent-gate.store.js', '404');
  try {
    const errors = consoleErrors(p);
    const from = server.requests.length;
    await p.goto(page(), { waitUntil: 'domcontentloaded' });
    await expect.poll(() => errors).toContain('consent-gate: could not load store');
    expect(errors).toContain('consent-gate: could not load reader');
    // The cookie says "granted", but nothing has checked it: every gate stays shut.
    expect(await p.evaluate(() => [(window as Win).consentGate?.has('analytics'), (window as unknown as { __ran?: string[] }).__ran])).toEqual([false, undefined]);
    await p.getByRole('link', { name: 'Reject all' }).click();
    await p.waitForURL(server.origin + '/elsewhere', { timeout: 3000 });
    expect(since(from).filter((r) => r.startsWith('/slow/'))).toEqual([]);
  } finally {
    lost.clear();
  }
  await ctx.close();
});

/** Decides in a first visit of a new context ("Accept all"), then opens a return visit whose store chunk cannot be loaded (404) and waits for its reader to start the page. */
async function returning(): Promise<{ ctx: BrowserContext; p: Page; from: number; errors: string[] }> {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page());
  await p.getByRole('button', { name: 'Accept all cookies' }).click();
  await p.waitForFunction(() => (window as unknown as { __ran?: string[] }).__ran?.includes('gated'));
  lost.set('consent-gate.store.js', '404');
  const errors = consoleErrors(p);
  const from = server.requests.length;
  await p.goto(page());
  await p.waitForFunction(() => (window as unknown as { __ran?: string[] }).__ran?.includes('gated'));
  expect(since(from)).toContain('/early/consent-gate.reader.js');
  expect(since(from)).not.toContain('/early/consent-gate.store.js');
  return { ctx, p, from, errors };
}
/** Adds an analytics script and an analytics iframe to the page (gated: requested only if analytics is granted). */
const addLate = (p: Page, tag: string) => p.evaluate((tag) => {
  document.body.insertAdjacentHTML('beforeend', `<script type="text/plain" data-consent="analytics" src="/slow/late-${tag}.js?ms=0"></script>
<iframe data-consent="analytics" data-src="/slow/frame-${tag}.js?ms=0"></iframe>`);
}, tag);

test('a decided visitor\'s store chunk cannot be loaded: another tab\'s "Reject all" is in force at once, nothing more of analytics is released', async () => {
  const { ctx, p, from, errors } = await returning();
  try {
    expect(await p.evaluate(() => (window as Win).consentGate!.has('analytics'))).toBe(true);
    // Another tab (its chunks load: served under /early/tab/) refuses analytics: it writes the cookie and tells this tab.
    const other = await ctx.newPage();
    await other.goto(page('tab/consent-gate.js'));
    await other.waitForFunction(() => (window as Win).consentGate?.has('analytics'));
    await other.evaluate(() => (window as Win).consentGate!.rejectAll());
    expect(decodeURIComponent((await record(ctx))!)).toMatch(/analytics:0/);
    // This tab stops granting analytics at once (listeners hear it), though its store never comes.
    await p.waitForFunction(() => (window as Win).consentGate!.has('analytics') === false, undefined, { timeout: 3000 });
    expect(await p.evaluate(() => [(window as Win).consentGate!.get().categories.analytics, (window as Win).__log])).toEqual([false, ['api:false']]);
    await expect.poll(() => errors).toContain('consent-gate: could not load store');
    await addLate(p, 'tab');
    await p.waitForTimeout(500);
    expect(since(from).filter((r) => /late-|frame-/.test(r))).toEqual([]);
    expect(await p.evaluate(() => (window as Win).consentGate!.has('analytics'))).toBe(false);
  } finally {
    lost.clear();
    await ctx.close();
  }
});

test('a decided visitor\'s store chunk cannot be loaded: a cookie changed while the tab was away narrows the grants; writes reject; "Reject all" goes to its href', async () => {
  const { ctx, p, from, errors } = await returning();
  try {
    // A call that writes fetches the store, which cannot come: it rejects (as does every later one: no second try). (While
    // queued, the stub's calls answer promises.)
    const first = await p.evaluate(() => Promise.race([Promise.resolve().then(() => (window as Win).consentGate!.rejectAll()).then(() => 'resolved', String), new Promise((r) => setTimeout(() => r('pending'), 3000))]));
    expect(first).toBe('Error: consent-gate: could not load store');
    expect(errors).toContain('consent-gate: could not load store');
    expect(await p.evaluate(() => Promise.resolve().then(() => (window as Win).consentGate!.acceptAll()).then(() => 'resolved', String))).toBe('Error: consent-gate: could not load store');
    expect(since(from).filter((r) => r == '/early/consent-gate.store.js')).toHaveLength(1);
    // Nothing changed: the cookie's "yes" the reader vouches for stands.
    expect(await p.evaluate(() => (window as Win).consentGate!.has('analytics'))).toBe(true);
    // The cookie is gone (another tab's reset, by hand) while the tab was hidden: shown again, nothing optional is granted.
    await ctx.clearCookies();
    await p.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await p.waitForFunction(() => (window as Win).consentGate!.has('analytics') === false, undefined, { timeout: 3000 });
    expect(await p.evaluate(() => (window as Win).consentGate!.get().categories)).toEqual({ necessary: true, analytics: false });
    await addLate(p, 'gone');
    await p.waitForTimeout(500);
    expect(since(from).filter((r) => /late-|frame-/.test(r))).toEqual([]);
    // The site's fallback: the link goes where it points; nothing is written.
    await p.getByRole('link', { name: 'Reject all' }).click();
    await p.waitForURL(server.origin + '/elsewhere', { timeout: 3000 });
    expect(await record(ctx)).toBeUndefined();
  } finally {
    lost.clear();
    await ctx.close();
  }
});
