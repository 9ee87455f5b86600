/**
 * The GPP CMP in real Chromium, as a US vendor sees it: `__gpp` called before the CMP has loaded
 * (the stub answers `ping` and `addEventListener`, queues the rest), after it, and from a
 * cross-origin frame through the `__gppLocator` frame; `signalStatus` "not ready" → `sectionChange`
 * → "ready" on a decision; Global Privacy Control on; a visitor moving from Germany to California
 * with the same decision; the chunks each kind of site downloads (watched on the network).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { GppModel } from '@iabgpp/cmpapi';
import { TCString } from '@iabtechlabtcf/core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleErrors, launchBrowser, ROOT, startServer, type TestServer } from './harness';
import { createReceiptHandler, openReceiptStore, toNodeHandler } from '../../src/server';
import type { ReceiptStore } from '../../src/server/store';

let browser: Browser;
let site: TestServer;
let other: TestServer;
let otherOrigin: string;
let store: ReceiptStore;

const CATEGORIES = { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } };
const REGIONS = { 'EU EEA GB CH': { mode: 'opt-in' }, US: { mode: 'opt-out' }, '*': { mode: 'notice' } };
const US_ONLY = { categories: CATEGORIES, regions: REGIONS, gpp: { sections: 'state', cmpId: 300 } };
const BOTH = { categories: CATEGORIES, regions: REGIONS, tcf: { cmpId: 123, cmpVersion: 4, vendors: [755, 21, 32], publisherCountryCode: 'DE' }, gpp: { sections: 'national' } };

/** A vendor script right after the tag: records what `__gpp` answers, from the first moment on. */
const VENDOR = `
window.__gppLog = [];
__gpp('ping', (p) => __gppLog.push({ call: 'ping', cmpStatus: p.cmpStatus, signalStatus: p.signalStatus, gppVersion: p.gppVersion, supportedAPIs: p.supportedAPIs }));
__gpp('addEventListener', (e, ok) => __gppLog.push({ call: 'event', ok, name: e.eventName, data: e.data, listenerId: e.listenerId, signalStatus: e.pingData.signalStatus, cmpStatus: e.pingData.cmpStatus, sections: e.pingData.applicableSections, gpp: e.pingData.gppString }));
__gpp('hasSection', (v, ok) => __gppLog.push({ call: 'hasSection', v, ok }), 'usca');
`;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gvl-'));
  const list = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/iab-gvl/vendor-list.json'), 'utf8'));
  writeFileSync(join(dir, 'vendor-list.json'), JSON.stringify({ ...list, tcfPolicyVersion: 5 }));
  // Receipts in SQLite (in memory): the server's check of gppString, and its column.
  store = await openReceiptStore(':memory:');
  const routes = toNodeHandler(createReceiptHandler({ store, gvl: { dir } }));
  browser = await launchBrowser();
  site = await startServer([(req, res, url) => {
    if (!url.pathname.startsWith('/consent/gvl/') && url.pathname !== '/consent/receipts') return false;
    routes(req, res, () => res.writeHead(404).end());
    return true;
  }]);
  // /hold.js answers 1.5 s late: a page's synchronous script that keeps its parser (and DOMContentLoaded) waiting.
  other = await startServer([(_req, res, url) => {
    if (url.pathname !== '/hold.js') return false;
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/javascript' }).end('/* held */'), 1_500);
    return true;
  }]);
  otherOrigin = other.origin.replace('127.0.0.1', 'localhost');
});
afterAll(async () => { await browser?.close(); await site?.close(); await other?.close(); await store?.close(); });

/** A page with the iab drop-in, a vendor script right after it, and (unless `gated` is false) a gated marketing script of the site. */
function page(path: string, config: object, region: string, extra = '', gated = true): string {
  const json = JSON.stringify(config).replace(/'/g, '&#39;');
  site.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>News</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.iab.js" data-region="${region}" data-config='${json}'></script>
<script>${VENDOR}</script></head>
<body><h1>Article</h1>${gated ? `<script type="text/plain" data-consent="marketing" src="/slow/ads.js?p=${path}"></script>` : ''}${extra}</body></html>`,
  });
  return site.origin + path;
}

type Log = { call: string; name?: string; data?: unknown; signalStatus?: string; cmpStatus?: string; sections?: number[]; gpp?: string; v?: unknown; ok?: boolean; listenerId?: number; supportedAPIs?: string[] };
const log = (p: Page) => p.evaluate(() => (window as unknown as { __gppLog: Log[] }).__gppLog);
const ready = (p: Page, n = 1) => p.waitForFunction((n) => (window as unknown as { __gppLog: Log[] }).__gppLog.filter((e) => e.name === 'signalStatus' && e.data === 'ready').length >= n, n);
const call = (p: Page, command: string, parameter?: unknown) => p.evaluate(([c, x]) => new Promise((r) => window.__gpp!(c as string, (v, ok) => r({ v, ok }), x)), [command, parameter] as const) as Promise<{ v: unknown; ok: boolean }>;
const fieldsOf = (gpp: string, section: string) => new GppModel(gpp).getSection(section) as Record<string, unknown>;
const chunks = (from: number) => site.requests.slice(from).filter((r) => /consent-gate\.(tcf|gpp)/.test(r)).map((r) => r.replace(/^\/dist\//, ''));

describe('a US site (gpp, no tcf), visitor in California', () => {
  let ctx: BrowserContext;
  beforeAll(async () => { ctx = await browser.newContext(); });
  afterAll(async () => { await ctx.close(); });

  test('calls before the CMP loaded are answered by the stub or queued; then usca is ready, and a refusal is an opt-out', async () => {
    const p = await ctx.newPage();
    const from = site.requests.length;
    // No gated script here: in opt-out mode it would run at once, and refusing it afterwards reloads the page.
    await p.goto(page('/ca', US_ONLY, 'US-CA', '', false));
    await ready(p);
    const first = await log(p);
    // The stub: ping at once ("stub", "not ready"), the listener registered at once, hasSection waited for the CMP.
    expect(first[0]).toMatchObject({ call: 'ping', cmpStatus: 'stub', signalStatus: 'not ready', gppVersion: '1.1' });
    expect(first[0]!.supportedAPIs).toContain('8:usca');
    expect(first[1]).toMatchObject({ call: 'event', name: 'listenerRegistered', ok: true, data: true, signalStatus: 'not ready' });
    expect(first.find((e) => e.call === 'hasSection')).toEqual({ call: 'hasSection', v: true, ok: true });
    // Then: section change, and ready, with usca applying.
    const names = first.filter((e) => e.call === 'event').map((e) => `${e.name}:${typeof e.data == 'string' ? e.data : ''}`);
    expect(names.slice(names.indexOf('sectionChange:usca'))).toEqual(['sectionChange:usca', 'signalStatus:ready']);
    const at = first.at(-1)!;
    expect(at.sections).toEqual([8]);
    // Opt-out rules: an undecided visitor has not opted out; the notices are given.
    expect(fieldsOf(at.gpp!, 'usca')).toMatchObject({ SaleOptOutNotice: 1, SharingOptOutNotice: 1, SaleOptOut: 2, SharingOptOut: 2, Gpc: false, MspaCoveredTransaction: 2, MspaOptOutOptionMode: 0, SensitiveDataProcessing: [0, 0, 0, 0, 0, 0, 0, 0, 0] });
    // A US-only site downloads no TCF code, and of GPP only the CMP and the states' sections.
    expect(await p.evaluate(() => typeof window.__tcfapi)).toBe('undefined');
    expect(chunks(from)).toEqual(['consent-gate.gpp.js', 'consent-gate.gpp-us-states.js']);

    // "Reject all": not ready, the section changes, ready; the vendor reads an opt-out of sale and sharing.
    await p.getByRole('button', { name: 'Reject all' }).click();
    await ready(p, 2);
    const after = (await log(p)).slice(first.length).filter((e) => e.call === 'event');
    expect(after.map((e) => `${e.name}:${typeof e.data == 'string' ? e.data : ''}`)).toEqual(expect.arrayContaining(['signalStatus:not ready', 'sectionChange:usca', 'signalStatus:ready']));
    const i = after.findIndex((e) => e.data === 'not ready');
    expect(after.slice(i).map((e) => e.data).filter((d) => typeof d == 'string')).toEqual(['not ready', 'usca', 'ready']);
    expect(fieldsOf(after.at(-1)!.gpp!, 'usca')).toMatchObject({ SaleOptOut: 1, SharingOptOut: 1 });
    // After load: getField, getSection, hasSection, ping answer at once.
    expect(await call(p, 'getField', 'usca.SaleOptOut')).toEqual({ v: 1, ok: true });
    expect((await call(p, 'getSection', 'usca')).v).toMatchObject({ SaleOptOut: 1, SharingOptOut: 1 });
    expect(await call(p, 'hasSection', 'usnat')).toEqual({ v: false, ok: true });
    expect((await call(p, 'ping')).v).toMatchObject({ gppVersion: '1.1', cmpStatus: 'loaded', signalStatus: 'ready', applicableSections: [8], cmpId: 300, gppString: after.at(-1)!.gpp });
    // removeEventListener: the stub's listener, taken over by the CMP, is removed.
    const id = (await log(p)).find((e) => e.name === 'listenerRegistered')!.listenerId;
    expect((await call(p, 'removeEventListener', id)).v).toMatchObject({ eventName: 'listenerRemoved', data: true });
    await p.close();
  });

  test('a cross-origin frame reaches __gpp through the locator frame, looking for it before the page has parsed its body', async () => {
    other.pages.set('/gpp-frame.html', {
      body: `<!doctype html><html><head><title>Ad</title></head><body><script>
      let w = window, cmp = null;
      while (w) { try { if (w.frames.__gppLocator) { cmp = w; break; } } catch (e) {} if (w === window.top) break; w = w.parent; }
      window.__returns = [];
      window.addEventListener('message', (e) => { const d = typeof e.data === 'string' ? JSON.parse(e.data) : e.data; if (d && d.__gppReturn) __returns.push(d.__gppReturn); });
      cmp.postMessage({ __gppCall: { command: 'ping', version: '1.1', callId: 'p1' } }, '*');
      cmp.postMessage(JSON.stringify({ __gppCall: { command: 'getField', parameter: 'usca.SaleOptOut', version: '1.1', callId: 'f1' } }), '*');
      cmp.postMessage({ __gppCall: { command: 'addEventListener', version: '1.1', callId: 'l1' } }, '*');
      </script></body></html>`,
    });
    const p = await ctx.newPage();
    await p.goto(page('/ca-framed', US_ONLY, 'US-CA', `<iframe src="${otherOrigin}/gpp-frame.html" title="ad"></iframe><script src="${otherOrigin}/hold.js"></script>`));
    await ready(p);
    const frame = p.frames().find((f) => f.url().startsWith(otherOrigin))!;
    // Ready, as the frame hears it: a signalStatus event, or (registered after the CMP was ready) the registration's pingData.
    await frame.waitForFunction(() => (window as unknown as { __returns: { callId: string; returnValue: { pingData?: { signalStatus?: string } } }[] }).__returns.some((r) => r.callId === 'l1' && r.returnValue.pingData?.signalStatus === 'ready'));
    const returns = await frame.evaluate(() => (window as unknown as { __returns: { callId: string; success: boolean; returnValue: Record<string, unknown> | number }[] }).__returns);
    // The visitor refused in the test before: the stored decision is an opt-out.
    expect(returns.find((r) => r.callId === 'f1')).toEqual({ callId: 'f1', success: true, returnValue: 1 });
    expect(returns.find((r) => r.callId === 'p1')).toMatchObject({ success: true, returnValue: { gppVersion: '1.1' } });
    const last = returns.filter((r) => r.callId === 'l1').at(-1)!.returnValue as { pingData: { applicableSections: number[]; gppString: string } };
    expect(last.pingData.applicableSections).toEqual([8]);
    expect(fieldsOf(last.pingData.gppString, 'usca')).toMatchObject({ SaleOptOut: 1 });
    await p.close();
  });
});

test('Global Privacy Control on: Gpc 1 and opted out, and the banner says the signal was honoured', async () => {
  const ctx = await browser.newContext();
  await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
  const p = await ctx.newPage();
  await p.goto(page('/gpc', { ...US_ONLY, gpp: { sections: 'national' } }, 'US-CA', '<footer><a href="#choices" data-consent-open data-consent-icon="privacy-choices">Your Privacy Choices</a></footer>'));
  await ready(p);
  const at = (await log(p)).at(-1)!;
  expect(at.sections).toEqual([7]);
  expect(fieldsOf(at.gpp!, 'usnat')).toMatchObject({ Gpc: true, SaleOptOut: 1, SharingOptOut: 1, TargetedAdvertisingOptOut: 1, SaleOptOutNotice: 1 });
  await expect.poll(() => p.getByText('Your opt-out preference signal was honoured.').count()).toBe(1);
  await p.waitForTimeout(200);
  expect(site.requests.filter((r) => r.startsWith('/slow/ads.js?p=/gpc'))).toEqual([]);
  // California's link: the opt-out icon drawn before its text (hidden from screen readers), one click opens the preferences.
  const link = p.getByRole('link', { name: 'Your Privacy Choices' });
  expect(await link.locator('svg[aria-hidden="true"] path').count()).toBe(3);
  await link.click();
  await expect.poll(() => p.evaluate(() => window.consentGate!.view)).toBe('preferences');
  await ctx.close();
});

test('from Germany to California with the same decision: tcfeuv2 there, usnat here, the refusal kept', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const from = site.requests.length;
  await p.goto(page('/de', BOTH, 'DE'));
  await p.getByRole('button', { name: 'Reject all' }).click();
  await ready(p);
  const de = (await log(p)).at(-1)!;
  expect(de.sections).toEqual([2]);
  const tc = new GppModel(de.gpp!).encodeSection('tcfeuv2')!;
  const tcData = await p.evaluate(() => new Promise<{ tcString: string }>((r) => window.__tcfapi!('getTCData', 2, (d) => r(d as never))));
  expect(tc).toBe(tcData.tcString);
  expect(TCString.decode(tc).vendorConsents.size).toBe(0);
  // An EU visitor of a national-sections site loads no US section (the TC string writer: a decision was made).
  expect(chunks(from).sort()).toEqual(['consent-gate.gpp-tcfeuv2.js', 'consent-gate.gpp.js', 'consent-gate.tcf-write.js', 'consent-gate.tcf.js']);

  await p.goto(page('/ca-moved', BOTH, 'US-CA'));
  await ready(p);
  const ca = (await log(p)).at(-1)!;
  expect(ca.sections).toEqual([7]);
  expect(fieldsOf(ca.gpp!, 'usnat')).toMatchObject({ SaleOptOut: 1, SharingOptOut: 1, TargetedAdvertisingOptOut: 1, Gpc: false });
  await p.waitForTimeout(200);
  expect(site.requests.filter((r) => r.startsWith('/slow/ads.js?p=/ca-moved') || r.startsWith('/slow/ads.js?p=/de'))).toEqual([]);
  await ctx.close();
});

test('an EU-only site (tcf, no gpp) defines no __gpp and downloads no GPP code', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const from = site.requests.length;
  const euOnly = { ...BOTH, gpp: undefined };
  site.pages.set('/eu', { body: `<!doctype html><html lang="en"><head><title>EU</title><script src="/dist/consent-gate.iab.js" data-region="FR" data-config='${JSON.stringify(euOnly)}'></script></head><body></body></html>` });
  await p.goto(site.origin + '/eu');
  await p.getByRole('button', { name: 'Accept all' }).waitFor();
  await p.waitForTimeout(200);
  expect(await p.evaluate(() => typeof window.__gpp)).toBe('undefined');
  // The TCF CMP, and its writer fetched ahead while the banner is up; nothing of GPP.
  expect(chunks(from).sort()).toEqual(['consent-gate.tcf-write.js', 'consent-gate.tcf.js']);
  await ctx.close();
});

test('an invalid gpp fails closed: the field named in the console (the iab errors chunk\'s words), no gate opens, no CMP', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const errors = consoleErrors(p);
  const from = site.requests.length;
  // Opt-out rules in the US: with a valid config the gated marketing script would run at once.
  await p.goto(page('/gpp-invalid', { ...US_ONLY, gpp: { sections: 'county', optOuts: { sale: ['ads'] } } }, 'US-CA'));
  await expect.poll(() => errors.length).toBe(2);
  expect(errors).toEqual([
    'consent-gate: gpp.sections: expected "national" or "state", got "county"',
    'consent-gate: gpp.optOuts.sale[0]: expected an optional category of this config ("analytics", "marketing"), got "ads"',
  ]);
  expect(site.requests.slice(from).filter((r) => r.includes('consent-gate.iab-errors.js'))).toHaveLength(1);
  await p.waitForTimeout(200);
  expect(site.requests.filter((r) => r.startsWith('/slow/ads.js?p=/gpp-invalid'))).toEqual([]);
  // The GPP CMP's chunk is fetched beside the store's check (the iab tag fetches every file at once), but never started:
  // no section is loaded, and `__gpp` is still the stub.
  expect(chunks(from).filter((c) => c != 'consent-gate.gpp.js')).toEqual([]);
  expect(await p.evaluate(() => [typeof window.consentGate, (window as unknown as { __gppLog: { cmpStatus?: string }[] }).__gppLog[0]?.cmpStatus])).toEqual(['undefined', 'stub']);
  await ctx.close();
});

test('a decision\'s receipt reaches the server with the GPP string the CMP gives for it', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page('/gpp-receipt', { ...US_ONLY, receipts: { endpoint: '/consent/receipts' } }, 'US-CA', '', false));
  await ready(p);
  await p.getByRole('button', { name: 'Reject all' }).click();
  await ready(p, 2);
  const { v } = await call(p, 'ping');
  const gppString = (v as { gppString: string }).gppString;
  const consentId = await p.evaluate(() => window.consentGate!.get().id);
  await expect.poll(async () => (await store.byConsentId(consentId!)).length, { timeout: 15_000 }).toBe(1);
  const [receipt] = await store.byConsentId(consentId!);
  expect(receipt).toMatchObject({ gppString, region: 'US-CA', categories: { marketing: false } });
  expect(fieldsOf(receipt!.gppString!, 'usca')).toMatchObject({ SaleOptOut: 1, SharingOptOut: 1 });
  await ctx.close();
});

test('California\'s opt-out icon also reaches a link added after load, marked later, or redrawn; never twice', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page('/icon-late', US_ONLY, 'US-CA', '<nav id="menu"></nav><a id="later" href="#c" data-consent-open>Privacy</a>', false));
  await ready(p);
  const icons = (sel: string) => p.locator(`${sel} svg[data-consent-icon-svg]`).count();
  // A menu drawn by a script once the CMP runs: its link gets the icon.
  await p.evaluate(() => { document.getElementById('menu')!.innerHTML = '<ul><li><a id="added" href="#c" data-consent-open data-consent-icon="privacy-choices">Your Privacy Choices</a></li></ul>'; });
  await expect.poll(() => icons('#added')).toBe(1);
  // A link marked after it was there.
  await p.evaluate(() => document.getElementById('later')!.setAttribute('data-consent-icon', 'privacy-choices'));
  await expect.poll(() => icons('#later')).toBe(1);
  // A framework redrawing the link's content: the icon comes back, once.
  await p.evaluate(() => { document.getElementById('added')!.textContent = 'Do Not Sell or Share My Personal Information'; });
  await expect.poll(() => icons('#added')).toBe(1);
  await p.waitForTimeout(200);
  expect([await icons('#added'), await icons('#later')]).toEqual([1, 1]);
  await p.getByRole('link', { name: 'Do Not Sell or Share My Personal Information' }).click();
  await expect.poll(() => p.evaluate(() => window.consentGate!.view)).toBe('preferences');
  await ctx.close();
});
