/**
 * Issue 20, the default drop-in split: the tag (`dist/consent-gate.js`) pushes Consent Mode's
 * default and makes `window.consentGate` a stub; a decided visitor runs the reader chunk, a first
 * visit the store chunk with the UI's alongside (each chunk a file with all it needs). Served here from
 * /split/, where the test can hold a chunk back, or answer chunks only once several were asked for.
 * Run `npm run build` first.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { fingerprint } from '../../src/core/fingerprint';
import type { DropIn } from '../../src/dropin/types';
import { consoleErrors, holder, launchBrowser, ROOT, startServer, type TestServer } from './harness';

let browser: Browser;
let server: TestServer;
/** Chunks held back until `letGo()`. */
const { hold, letGo, until } = holder();
/** While set, each of these chunks is answered only once all of them were asked for (at most 5 s: then `waited` notes it). */
let together: Set<string> | undefined;
const asked = new Set<string>();
let waited: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer([async (_req, res, url) => {
    const m = /^\/split\/([\w./-]+)$/.exec(url.pathname);
    if (!m || m[1]!.includes('..')) return false;
    const name = m[1]!;
    await until(name);
    if (together?.has(name)) {
      asked.add(name);
      const until = Date.now() + 5000;
      while (![...together].every((n) => asked.has(n)) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      if (![...together].every((n) => asked.has(n))) waited.push(name);
    }
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(await readFile(join(ROOT, 'dist', name)));
    return true;
  }]);
});
afterAll(async () => { letGo(); await browser?.close(); await server?.close(); });

const CONFIG = { categories: { necessary: { required: true }, analytics: { label: 'Analytics' } }, reloadOnWithdraw: false };
type Win = { __ran?: string[]; __log?: unknown[]; __early?: Promise<unknown>; consentGate?: DropIn };

let n = 0;
/** A page with the tag (from /split/), `inline` right after it, and a gated script. */
function page(config: unknown, inline = ''): string {
  const path = `/page-${++n}`;
  server.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>s</title><link rel="icon" href="data:,">
<script src="/split/consent-gate.js" data-config='${JSON.stringify(config)}'></script>
<script>${inline}</script></head><body><h1>Article</h1>
<script type="text/plain" data-consent="analytics" src="/slow/gated.js?ms=0"></script></body></html>`,
  });
  return server.origin + path;
}
const since = (from: number) => server.requests.slice(from);
const chunks = (from: number) => since(from).filter((r) => r.startsWith('/split/')).sort();
const gated = (from: number) => since(from).filter((r) => r.startsWith('/slow/'));

/** A visitor who accepted under `config`, on a page of it. */
async function accepted(config: unknown): Promise<{ ctx: BrowserContext; p: Page }> {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page(config));
  await p.getByRole('button', { name: 'Accept all' }).click();
  await p.waitForFunction(() => (window as Win).__ran?.includes('gated'));
  return { ctx, p };
}

/** Reloads `p` (or opens `url` in it) and waits for the gated script to have run and the network to settle: the chunks fetched by that page view. */
async function ranAgain(p: Page, url?: string): Promise<string[]> {
  const from = server.requests.length;
  await (url ? p.goto(url) : p.reload());
  await p.waitForFunction(() => (window as Win).__ran?.includes('gated'));
  await p.waitForLoadState('networkidle');
  return chunks(from);
}

test('a first visit fetches the store and UI chunks in parallel, and nothing gated before consent', async () => {
  together = new Set(['consent-gate.store.js', 'consent-gate.ui.js']);
  asked.clear();
  waited = [];
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const from = server.requests.length;
  await p.goto(page(CONFIG));
  await p.getByRole('button', { name: 'Accept all' }).waitFor({ state: 'visible' });
  together = undefined;
  // Each was answered only once all three had been asked for: none waited for another to arrive.
  expect(waited).toEqual([]);
  expect(chunks(from)).toEqual(['/split/consent-gate.js', '/split/consent-gate.store.js', '/split/consent-gate.ui.js']);
  // That with the UI's chunk importing what it shares with the store from the store's file (one graph, rollup.config.mjs):
  // the same URL the tag asked for, so no third file and no copy.
  expect(await readFile(join(ROOT, 'dist/consent-gate.ui.js'), 'utf8')).toMatch(/from\s*"\.\/consent-gate\.store\.js"/);
  expect(gated(from)).toEqual([]);
  await p.getByRole('button', { name: 'Accept all' }).click();
  await p.waitForFunction(() => (window as Win).__ran?.includes('gated'));
  expect(gated(from)).toEqual(['/slow/gated.js?ms=0']);
  await ctx.close();
});

test('a first visit in another language asks for its language file with the store and UI chunks, before any answer; a return visit asks for none', async () => {
  // No file is answered until all three were asked for: a language file asked for only once a chunk had come (an extra
  // round trip for the banner) would leave them all waiting.
  together = new Set(['consent-gate.store.js', 'consent-gate.ui.js', 'i18n/de.js']);
  asked.clear();
  waited = [];
  const ctx = await browser.newContext({ locale: 'de-DE' });
  const p = await ctx.newPage();
  const from = server.requests.length;
  await p.goto(page({ ...CONFIG, language: 'de-AT' }));
  await p.getByRole('button', { name: 'Alle akzeptieren' }).waitFor({ state: 'visible' });
  together = undefined;
  expect(waited).toEqual([]);
  expect(chunks(from)).toEqual(['/split/consent-gate.js', '/split/consent-gate.store.js', '/split/consent-gate.ui.js', '/split/i18n/de.js']);
  await p.getByRole('button', { name: 'Alle akzeptieren' }).click();
  await p.waitForFunction(() => (window as Win).__ran?.includes('gated'));
  expect(await ranAgain(p)).toEqual(['/split/consent-gate.js', '/split/consent-gate.reader.js']);
  await ctx.close();
});

test('calls made to the stub before the store has come are carried out once, in order, and resolve', async () => {
  hold('consent-gate.store.js');
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const from = server.requests.length;
  // Right after the tag: a listener, two writes, a read; all before the store chunk is answered.
  const url = page(CONFIG, `
    const w = window; w.__log = [];
    consentGate.listen((s) => w.__log.push(s.source + ':' + s.categories.analytics));
    w.__early = Promise.all([consentGate.rejectAll(), consentGate.allow('analytics'), consentGate.ready, consentGate.whenGranted('analytics')])
      .then(([a, b]) => [a.categories.analytics, b.categories.analytics, consentGate.get().decided]);
    w.__log.push('has:' + consentGate.has('analytics'), 'decided:' + consentGate.decided);`);
  await p.goto(url, { waitUntil: 'domcontentloaded' });
  await expect.poll(() => since(from)).toContain('/split/consent-gate.store.js');
  // Nothing is granted nor run while the store is away.
  expect(await p.evaluate(() => (window as Win).__log)).toEqual(['has:false', 'decided:false']);
  expect(gated(from)).toEqual([]);
  letGo();
  expect(await p.evaluate(() => (window as Win).__early)).toEqual([false, true, true]);
  expect(await p.evaluate(() => (window as Win).__log)).toEqual(['has:false', 'decided:false', 'api:false', 'api:true']);
  await p.waitForFunction(() => (window as Win).__ran?.includes('gated'));
  // The store is `window.consentGate` now.
  expect(await p.evaluate(() => (window as Win).consentGate!.get().categories.analytics)).toBe(true);
  await ctx.close();
});

test('a decided visitor downloads the tag and the reader chunk only: no store, no UI', async () => {
  const { ctx, p } = await accepted(CONFIG);
  const from = server.requests.length;
  expect(await ranAgain(p)).toEqual(['/split/consent-gate.js', '/split/consent-gate.reader.js']);
  // The reader answers; a call that writes fetches the store, which takes over.
  expect(await p.evaluate(() => [(window as Win).consentGate!.decided, (window as Win).consentGate!.has('analytics')])).toEqual([true, true]);
  expect(await p.evaluate(async () => (await (window as Win).consentGate!.rejectAll()).categories.analytics)).toBe(false);
  expect(chunks(from)).toContain('/split/consent-gate.store.js');
  expect(await p.evaluate(() => (window as Win).consentGate!.has('analytics'))).toBe(false);
  await ctx.close();
});

test('a decided visitor who refused: the reader releases nothing', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page(CONFIG));
  await p.getByRole('button', { name: 'Reject all' }).click();
  await p.waitForFunction(() => (window as Win).consentGate?.decided);
  const from = server.requests.length;
  await p.reload();
  await p.waitForLoadState('networkidle');
  expect(chunks(from)).toEqual(['/split/consent-gate.js', '/split/consent-gate.reader.js']);
  expect(await p.evaluate(() => [(window as Win).consentGate!.decided, (window as Win).consentGate!.has('analytics')])).toEqual([true, false]);
  expect(gated(from)).toEqual([]);
  await ctx.close();
});

test('a config that fails the check keeps every gate shut, also with a cookie carrying its fingerprint', async () => {
  const { ctx, p } = await accepted(CONFIG);
  const bad = { ...CONFIG, mdoe: 'opt-out' };
  // The record says it was written under the invalid config (a cookie anyone on the domain could have written).
  const [cookie] = (await ctx.cookies()).filter((c) => c.name === 'consent');
  await ctx.addCookies([{ ...cookie!, value: cookie!.value.replace(/\|[\da-z]{1,7}$/, `|${fingerprint(bad)}`) }]);
  const errors = consoleErrors(p);
  const from = server.requests.length;
  await p.goto(page(bad));
  await p.waitForLoadState('networkidle');
  await expect.poll(() => errors).toContain('consent-gate: mdoe: unknown key (did you mean "mode"?)');
  expect(gated(from)).toEqual([]);
  expect(await p.evaluate(() => typeof (window as Win).consentGate)).toBe('undefined');
  await ctx.close();
});

test('a record made under another config takes the full path: the store decides', async () => {
  const { ctx, p } = await accepted(CONFIG);
  expect(await ranAgain(p, page({ ...CONFIG, categories: { ...CONFIG.categories, analytics: { label: 'Statistics' } } })))
    .toEqual(['/split/consent-gate.js', '/split/consent-gate.reader.js', '/split/consent-gate.store.js']);
  expect(await p.evaluate(() => (window as Win).consentGate!.has('analytics'))).toBe(true);
  // The next page view under it is the reader's again.
  expect(await ranAgain(p)).toEqual(['/split/consent-gate.js', '/split/consent-gate.reader.js']);
  await ctx.close();
});

test('a withdrawal on a return visit reaches the store, which takes over from the reader', async () => {
  const { ctx, p } = await accepted(CONFIG);
  await p.reload();
  await p.waitForFunction(() => (window as Win).__ran?.includes('gated'));
  // A listener on the reader's stub hears the change the store makes.
  await p.evaluate(() => { const w = window as Win; w.__log = []; w.consentGate!.listen((s) => w.__log!.push(s.categories.analytics)); });
  await p.evaluate(() => (window as Win).consentGate!.reset());
  await expect.poll(() => p.evaluate(() => (window as Win).__log)).toEqual([false]);
  await p.getByRole('button', { name: 'Accept all' }).waitFor({ state: 'visible' });
  await ctx.close();
});

test('a return visit through the reader alone: scripts in document order, later ones gated, nothing gated asked for before the reader answers', async () => {
  const config = { ...CONFIG, categories: { ...CONFIG.categories, marketing: {} } };
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page(config));
  // Analytics yes, marketing no.
  await p.evaluate(() => (window as Win).consentGate!.save({ analytics: true }));
  await p.waitForFunction(() => (window as Win).__ran?.includes('gated'));
  const path = `/order-${++n}`;
  server.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>s</title><link rel="icon" href="data:,">
<script src="/split/consent-gate.js" data-config='${JSON.stringify(config)}'></script></head><body><h1>Article</h1>
<script type="text/plain" data-consent="analytics" src="/slow/first.js?ms=200"></script>
<script type="text/plain" data-consent="analytics">(window.__ran = window.__ran || []).push('inline')</script>
<script type="text/plain" data-consent="marketing" src="/slow/refused.js?ms=0"></script>
<script type="text/plain" data-consent="analytics" src="/slow/last.js?ms=0"></script>
<iframe data-consent="marketing" data-src="/slow/frame.js?ms=0" width="320" height="180"></iframe>
<script>addEventListener('load', () => setTimeout(() => {
  for (const [cat, name] of [['analytics', 'later'], ['marketing', 'later-refused']]) {
    const s = document.createElement('script');
    s.type = 'text/plain'; s.dataset.consent = cat; s.src = '/slow/' + name + '.js?ms=0';
    document.body.append(s);
  }
}, 50));</script></body></html>`,
  });
  hold('consent-gate.reader.js');
  const from = server.requests.length;
  await p.goto(server.origin + path, { waitUntil: 'domcontentloaded' });
  try {
    await expect.poll(() => since(from)).toContain('/split/consent-gate.reader.js');
    await new Promise((r) => setTimeout(r, 200));
    // The reader is on its way: nothing gated has been asked for, nothing has run.
    expect(gated(from)).toEqual([]);
  } finally {
    letGo();
  }
  await p.waitForFunction(() => (window as Win).__ran?.includes('later'));
  await p.waitForLoadState('networkidle');
  expect(await p.evaluate(() => (window as Win).__ran)).toEqual(['first', 'inline', 'last', 'later']);
  expect(gated(from).sort()).toEqual(['/slow/first.js?ms=200', '/slow/last.js?ms=0', '/slow/later.js?ms=0']);
  // Only the tag and the reader: the store was never needed.
  expect(chunks(from).filter((c) => !c.includes('placeholder'))).toEqual(['/split/consent-gate.js', '/split/consent-gate.reader.js']);
  expect(await p.locator('iframe[data-consent-blocked]').count()).toBe(1);
  await ctx.close();
});

test('what a refused category declared is erased on a return visit by the erasure chunk, fetched only then', async () => {
  const config = { categories: { necessary: { required: true }, analytics: { cookies: ['_an'] }, marketing: { cookies: ['/^_mk/'], storage: ['mk'] } }, reloadOnWithdraw: false };
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page(config));
  await p.evaluate(() => (window as Win).consentGate!.save({ analytics: true }));
  // A tracker wrote them back.
  await p.evaluate(() => { document.cookie = '_mk_id=1; path=/'; document.cookie = '_an=1; path=/'; localStorage.setItem('mk', '1'); });
  const from = server.requests.length;
  await p.reload();
  await p.waitForFunction(() => (window as Win).__ran?.includes('gated'));
  await expect.poll(() => p.evaluate(() => [document.cookie.includes('_mk_id'), localStorage.getItem('mk')])).toEqual([false, null]);
  // The granted category's cookie stays.
  expect(await p.evaluate(() => document.cookie.includes('_an=1'))).toBe(true);
  expect(chunks(from)).toEqual(['/split/consent-gate.erase.js', '/split/consent-gate.js', '/split/consent-gate.reader.js']);
  // Everything granted: nothing to erase, no erasure chunk.
  await p.evaluate(() => (window as Win).consentGate!.acceptAll());
  expect(await ranAgain(p)).toEqual(['/split/consent-gate.js', '/split/consent-gate.reader.js']);
  await ctx.close();
});

/** Inline: the page as in a browser without the Cookie Store API (the reader then hears of a changed cookie only on its events). */
const NO_COOKIE_STORE = "Object.defineProperty(window, 'cookieStore', { value: undefined });";

test('the reader reads the cookie again when the tab is shown or the page comes back from the cache, not when hidden nor on its own load', async () => {
  const { ctx, p } = await accepted(CONFIG);
  // A browser without cookieStore (Firefox, Safari before 18.4): the cookie is read again only on these events.
  await ranAgain(p, page(CONFIG, NO_COOKIE_STORE));
  const from = server.requests.length;
  // The decision is gone (another tab withdrew it, say); nothing tells this tab but reading the cookie again.
  await ctx.clearCookies();
  const fire = (hidden: boolean | undefined, persisted?: boolean) => p.evaluate(([h, s]) => {
    if (h !== null) Object.defineProperty(document, 'hidden', { value: h, configurable: true });
    if (s === null) document.dispatchEvent(new Event('visibilitychange'));
    else dispatchEvent(new PageTransitionEvent('pageshow', { persisted: s }));
  }, [hidden ?? null, persisted ?? null] as const);
  await fire(true);
  await fire(undefined, false);
  await p.waitForTimeout(300);
  expect(chunks(from)).toEqual([]);
  await fire(undefined, true);
  await expect.poll(() => chunks(from)).toContain('/split/consent-gate.store.js');
  await expect.poll(() => p.evaluate(() => (window as Win).consentGate!.decided)).toBe(false);
  await ctx.close();
});

test('a decided visitor\'s reader hands over to the store when the tab is shown again after the cookie changed', async () => {
  const { ctx, p } = await accepted(CONFIG);
  // A browser without cookieStore (Firefox, Safari before 18.4): the cookie is read again only on these events.
  await ranAgain(p, page(CONFIG, NO_COOKIE_STORE));
  const from = server.requests.length;
  await ctx.clearCookies();
  await p.evaluate(() => {
    Object.defineProperty(document, 'hidden', { value: false, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect.poll(() => chunks(from)).toContain('/split/consent-gate.store.js');
  await expect.poll(() => p.evaluate(() => (window as Win).consentGate!.decided)).toBe(false);
  await ctx.close();
});
