/**
 * Issue 20's split in the iab build (`dist/consent-gate.iab.js`): the tag defines `__tcfapi` and
 * `__gpp` (stubs), Consent Mode's default and the `consentGate` stub; a decided visitor runs the
 * reader chunk and the CMP chunks, a first visit the store chunk with the iab UI and the vendor
 * list. Served here from /late/, where every file but the tag comes 1.5 s late: a vendor asking
 * before the chunks is queued, then answered; an invalid `tcf` answers no consent, late or not;
 * nothing gated is requested before consent (the network is watched). Run `npm run build` first.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TCString } from '@iabtechlabtcf/core';
import { consoleErrors, launchBrowser, ROOT, startServer, type TestServer } from './harness';
import { createReceiptHandler, toNodeHandler } from '../../src/server';

let browser: Browser;
let site: TestServer;
/** How late every file but the tag is answered under /late/ (ms). */
let late = 1500;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gvl-split-'));
  const list = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/iab-gvl/vendor-list.json'), 'utf8'));
  writeFileSync(join(dir, 'vendor-list.json'), JSON.stringify({ ...list, tcfPolicyVersion: 5 }));
  copyFileSync(join(ROOT, 'tests/fixtures/iab-gvl/purposes-de.json'), join(dir, 'purposes-de.json'));
  const routes = toNodeHandler(createReceiptHandler({ store: {} as never, gvl: { dir } }));
  browser = await launchBrowser();
  site = await startServer([async (req, res, url) => {
    if (url.pathname.startsWith('/consent/gvl/')) { routes(req, res, () => res.writeHead(404).end()); return true; }
    const m = /^\/late\/([\w./-]+)$/.exec(url.pathname);
    if (!m || m[1]!.includes('..')) return false;
    if (m[1] != 'consent-gate.iab.js') await new Promise((r) => setTimeout(r, late));
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(await readFile(join(ROOT, 'dist', m[1]!)));
    return true;
  }]);
});
afterAll(async () => { await browser?.close(); await site?.close(); });

const CATEGORIES = { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } };
const TCF = { cmpId: 123, cmpVersion: 4, vendors: [755, 21, 32], publisherCountryCode: 'DE', gvl: '/consent/gvl' };
const CONFIG = { categories: CATEGORIES, gpc: false, tcf: TCF, gpp: { sections: 'national' } };

/** A vendor right after the tag: pings, a TCF listener, a TCF getTCData, a GPP listener, with the time each answer came. */
const VENDOR = `
window.__log = [];
const t0 = performance.now();
const note = (x) => __log.push({ ...x, at: Math.round(performance.now() - t0) });
__tcfapi('ping', 2, (p) => note({ call: 'ping', cmpStatus: p.cmpStatus }));
__tcfapi('addEventListener', 2, (d, ok) => note({ call: 'tcf', ok, status: d && d.eventStatus, tc: d && d.tcString, purposes: d && d.purpose && d.purpose.consents }));
__tcfapi('getTCData', 2, (d, ok) => note({ call: 'getTCData', ok, tc: d && d.tcString }));
if (window.__gpp) __gpp('addEventListener', (e, ok) => note({ call: 'gpp', ok, name: e.eventName, data: e.data, cmpStatus: e.pingData.cmpStatus, sections: e.pingData.applicableSections }));
`;

let n = 0;
/** A page with the iab tag from /late/, the vendor, and a gated marketing script (its request is what the test watches). */
function page(config: unknown): string {
  const path = `/iab-split-${++n}`;
  site.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>News</title><link rel="icon" href="data:,">
<script src="/late/consent-gate.iab.js" data-region="DE" data-config='${JSON.stringify(config)}'></script>
<script>${VENDOR}</script></head>
<body><h1>Article</h1><script type="text/plain" data-consent="marketing" src="/slow/ads.js?p=${path}"></script></body></html>`,
  });
  return site.origin + path;
}
type Log = { call: string; at: number; ok?: boolean; status?: string; tc?: string; cmpStatus?: string; name?: string; data?: unknown; sections?: number[]; purposes?: Record<string, boolean> };
const log = (p: Page) => p.evaluate(() => (window as unknown as { __log: Log[] }).__log);
const until = (p: Page, call: string, status: string) => p.waitForFunction(([c, s]) => (window as unknown as { __log: Log[] }).__log.some((e) => e.call === c && e.status === s), [call, status]);
/** The gated script's requests since `from` (of the page at `url`, if given). */
const gated = (from: number, url = '') => site.requests.slice(from).filter((r) => r.startsWith('/slow/ads.js') && r.includes(url.replace(site.origin, '')));
const files = (from: number) => site.requests.slice(from).filter((r) => r.startsWith('/late/') || r.startsWith('/consent/gvl/')).map((r) => r.replace(/^\/late\//, '').replace(/\?.*/, '')).sort();

test('a first visit with the chunks late: the vendor is queued (ping "stub"), then cmpuishown; store, UI and vendor list come at once; nothing gated before consent', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const requests: string[] = [];
  const asked = new Map<string, number>();
  p.on('request', (r) => { const path = new URL(r.url()).pathname; requests.push(path); if (!asked.has(path)) asked.set(path, Date.now()); });
  const from = site.requests.length;
  await p.goto(page(CONFIG), { waitUntil: 'domcontentloaded' });
  // The tag has run, the chunks are on their way: only the stub has answered (ping), nothing else.
  await p.waitForTimeout(500);
  expect((await log(p)).map((e) => [e.call, e.name ?? e.cmpStatus])).toEqual([['ping', 'stub'], ['gpp', 'listenerRegistered']]);
  expect(await p.evaluate(() => [window.consentGate!.decided, window.consentGate!.has('marketing')])).toEqual([false, false]);
  await until(p, 'tcf', 'cmpuishown');
  const shown = (await log(p)).filter((e) => e.call === 'tcf');
  expect(shown).toEqual([expect.objectContaining({ ok: true, status: 'cmpuishown', tc: '' })]);
  expect(shown[0]!.at).toBeGreaterThanOrEqual(1400);
  // While undecided, getTCData (queued since the start) is answered with no string: no consent.
  expect((await log(p)).filter((e) => e.call === 'getTCData')).toEqual([expect.objectContaining({ ok: true, tc: '' })]);
  // Everything the first visit needs was asked for at once (none waits for another): the tag, reader (what the store
  // imports), store, iab UI, both CMPs and the vendor list; no UI of the default build.
  // (IAB's encoder, the writer, is fetched ahead while the banner is up.)
  expect(files(from)).toEqual(['/consent/gvl/vendor-list.json', 'consent-gate.gpp.js', 'consent-gate.iab-reader.js', 'consent-gate.iab-store.js', 'consent-gate.iab-ui.js', 'consent-gate.iab.js', 'consent-gate.tcf-write.js', 'consent-gate.tcf.js']);
  // Each asked for by the tag, before any chunk came (1.5 s): not by the store once it had come. (After the first frame, or
  // the tag's one-second fallback when no frame comes: on a loaded machine the frame may come that late.)
  const tag = asked.get('/late/consent-gate.iab.js')!;
  for (const path of ['/consent/gvl/vendor-list.json', '/late/consent-gate.iab-store.js', '/late/consent-gate.iab-ui.js', '/late/consent-gate.tcf.js', '/late/consent-gate.iab-reader.js']) expect(asked.get(path)! - tag, path).toBeLessThan(1400);
  expect(gated(from)).toEqual([]);
  expect(requests.filter((r) => r.startsWith('/slow/'))).toEqual([]);
  await p.getByRole('button', { name: 'Accept all' }).click();
  await until(p, 'tcf', 'useractioncomplete');
  const done = (await log(p)).filter((e) => e.call === 'tcf').at(-1)!;
  expect(TCString.decode(done.tc!).cmpId).toBe(123);
  // getTCData now: the decision's string.
  expect(await p.evaluate(() => new Promise((r) => window.__tcfapi!('getTCData', 2, (d) => r((d as { tcString: string }).tcString))))).toBe(done.tc);
  await p.waitForFunction(() => (window as unknown as { __ran?: string[] }).__ran?.includes('ads'));
  expect(requests.filter((r) => r.startsWith('/slow/'))).toEqual(['/slow/ads.js']);

  // The return visit, chunks late again: tcloaded from the stored string, with no UI, store or vendor list downloaded.
  const again = await ctx.newPage();
  const from2 = site.requests.length;
  await again.goto(page(CONFIG), { waitUntil: 'domcontentloaded' });
  await again.waitForTimeout(500);
  expect((await log(again)).map((e) => e.call)).toEqual(['ping', 'gpp']);
  await until(again, 'tcf', 'tcloaded');
  const loaded = (await log(again)).filter((e) => e.call === 'tcf');
  expect(loaded).toEqual([expect.objectContaining({ ok: true, status: 'tcloaded', tc: done.tc })]);
  expect(loaded[0]!.at).toBeGreaterThanOrEqual(1400);
  expect((await log(again)).find((e) => e.call === 'getTCData')).toMatchObject({ ok: true, tc: done.tc });
  await again.waitForFunction(() => (window as unknown as { __log: Log[] }).__log.some((e) => e.call === 'gpp' && e.name === 'signalStatus' && e.data === 'ready'));
  expect(files(from2)).toEqual(['consent-gate.gpp-tcfeuv2.js', 'consent-gate.gpp.js', 'consent-gate.iab-reader.js', 'consent-gate.iab.js', 'consent-gate.tcf.js']);
  expect(await again.getByRole('button', { name: 'Accept all' }).count()).toBe(0);
  await ctx.close();
});

test('an invalid tcf with the chunks late fails closed: no CMP answer of consent, no gate opens, no consentGate', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const errors = consoleErrors(p);
  const from = site.requests.length;
  // Opt-out rules: with a valid config the gated marketing script would run at once, and the CMP answer with gdprApplies false.
  await p.goto(page({ ...CONFIG, mode: 'opt-out', tcf: { ...TCF, cmpId: 0 } }));
  await expect.poll(() => errors, { timeout: 10_000 }).toContain('consent-gate: tcf.cmpId: expected an integer from 2 to 4095 (the CMP id IAB Europe registered for your CMP), got 0');
  await p.waitForTimeout(500);
  expect(await p.evaluate(() => typeof window.consentGate)).toBe('undefined');
  // The vendor has the stub's ping and nothing else: its listener and getTCData wait for good.
  expect((await log(p)).filter((e) => e.call !== 'gpp').map((e) => [e.call, e.cmpStatus])).toEqual([['ping', 'stub']]);
  expect(await p.evaluate(() => new Promise((r) => window.__tcfapi!('ping', 2, (x) => r((x as { cmpStatus: string }).cmpStatus))))).toBe('stub');
  expect(gated(from)).toEqual([]);
  await ctx.close();
});

test('a decided visitor whose tcf became invalid (or a config only the default build checked) is not trusted by the reader: gates shut, no tcloaded', async () => {
  late = 0;
  try {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(page(CONFIG));
    await p.getByRole('button', { name: 'Accept all' }).click();
    await until(p, 'tcf', 'useractioncomplete');
    // The same categories and cookie, `tcf` now invalid: the fingerprint the reader trusts covers `tcf`.
    const from = site.requests.length;
    const q = await ctx.newPage();
    await q.goto(page({ ...CONFIG, tcf: { ...TCF, cmpVersion: 0 } }));
    await expect.poll(() => site.requests.slice(from).filter((r) => r.includes('iab-errors'))).toHaveLength(1);
    await q.waitForTimeout(300);
    expect((await log(q)).filter((e) => e.call === 'tcf' || e.call === 'getTCData')).toEqual([]);
    expect(await q.evaluate(() => [typeof window.consentGate, document.cookie.includes('consent=')])).toEqual(['undefined', true]);
    expect(gated(from)).toEqual([]);
    // A config the default build's store checked on this origin (noted under its plain fingerprint): the iab build
    // needs `tcf` or `gpp`, so this one is invalid here, and the reader must not take the default build's word for it.
    const plain = { categories: CATEGORIES };
    expect(await q.evaluate(() => localStorage.getItem('consent-gate:checked'))).toMatch(/^iab\./);
    const r = await ctx.newPage();
    site.pages.set('/plain-default', { body: `<!doctype html><html><head><title>p</title><script src="/dist/consent-gate.js" data-config='${JSON.stringify(plain)}'></script></head><body></body></html>` });
    await r.goto(site.origin + '/plain-default');
    // (The decision in force is kept under the new config, and written again with its fingerprint: no banner.)
    await r.waitForFunction(() => window.consentGate?.decided === true && (localStorage.getItem('consent-gate:checked') ?? '').split(' ').some((x) => x && !x.startsWith('iab.')));
    expect(await r.evaluate(() => window.consentGate!.has('marketing'))).toBe(true);
    const from2 = site.requests.length;
    const s = await ctx.newPage();
    const plainPage = page(plain);
    await s.goto(plainPage);
    await expect.poll(() => site.requests.slice(from2).filter((x) => x.includes('iab-errors'))).toHaveLength(1);
    await s.waitForTimeout(300);
    expect(await s.evaluate(() => [typeof window.consentGate, window.consentGate?.decided])).toEqual(['undefined', undefined]);
    expect(gated(from2, plainPage)).toEqual([]);
    expect((await log(s)).filter((e) => e.call === 'tcf' || e.call === 'getTCData')).toEqual([]);
    await ctx.close();
  } finally {
    late = 1500;
  }
});
