/**
 * IAB TCF in real Chromium, as a vendor sees the CMP: `__tcfapi` called before the CMP has loaded
 * (queued; `ping` answers "stub"), after it, and from a cross-origin frame through the
 * `__tcfapiLocator` frame; `cmpuishown` then `useractioncomplete` on a first visit, `tcloaded` on a
 * return visit with no UI and no vendor list fetched; "Reject all" leaves no consent of any kind;
 * a gated script of the site and a vendor script agree; a vendor the stored string did not
 * disclose brings the banner back. The vendor list comes from the site's own server.
 */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TCString } from '@iabtechlabtcf/core';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';
import { createReceiptHandler, openReceiptStore, toNodeHandler } from '../../src/server';
import type { ReceiptStore } from '../../src/server/store';

let browser: Browser;
let store: ReceiptStore;
let site: TestServer;
let other: TestServer;
/** The other origin: another port, and `localhost` rather than 127.0.0.1. */
let otherOrigin: string;

const TCF = { cmpId: 123, cmpVersion: 4, vendors: [755, 21, 32, 793], publisherCountryCode: 'DE', gvl: '/consent/gvl', purposes: { analytics: [1, 8, 9, 10], marketing: [1, 2, 3, 4, 7] }, googleVendors: [89, 1097] };
const CONFIG = { categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } }, gpc: false, tcf: TCF };

/** What a vendor script on the page (or in a frame) records of the CMP API. */
const VENDOR = `
window.__pings = [];
window.__events = [];
__tcfapi('ping', 2, (p) => __pings.push(p));
__tcfapi('addEventListener', 2, (d, ok) => __events.push({ ok, status: d.eventStatus, tc: d.tcString, ac: d.addtlConsent, gdpr: d.gdprApplies, listenerId: d.listenerId, vendors: d.vendor && d.vendor.consents }));
`;

beforeAll(async () => {
  // A v2.3 copy of the real list (tcfPolicyVersion 5), served by the site's own server from a directory.
  const dir = mkdtempSync(join(tmpdir(), 'gvl-'));
  const list = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/iab-gvl/vendor-list.json'), 'utf8'));
  writeFileSync(join(dir, 'vendor-list.json'), JSON.stringify({ ...list, tcfPolicyVersion: 5 }));
  copyFileSync(join(ROOT, 'tests/fixtures/iab-gvl/purposes-de.json'), join(dir, 'purposes-de.json'));
  store = await openReceiptStore(join(dir, 'receipts.jsonl'));
  const routes = toNodeHandler(createReceiptHandler({ store, gvl: { dir } }));
  browser = await launchBrowser();
  site = await startServer([(req, res, url) => {
    if (!url.pathname.startsWith('/consent/gvl/') && url.pathname !== '/consent/receipts') return false;
    routes(req, res, () => res.writeHead(404).end());
    return true;
  }]);
  other = await startServer();
  otherOrigin = other.origin.replace('127.0.0.1', 'localhost');
});
afterAll(async () => { await browser?.close(); await site?.close(); await other?.close(); await store?.close(); });

/** A page with the iab drop-in, a vendor script right after it, and a gated script of the site. */
function page(path: string, config: object = CONFIG, extra = ''): string {
  const json = JSON.stringify(config).replace(/'/g, '&#39;');
  site.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>News</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.iab.js" data-config='${json}'></script>
<script>${VENDOR}</script></head>
<body><h1>Article</h1>
<script type="text/plain" data-consent="marketing" src="/slow/ads.js?p=${path}"></script>${extra}</body></html>`,
  });
  return site.origin + path;
}

type Event = { ok: boolean; status: string; tc: string; ac?: string; gdpr: boolean; vendors?: Record<string, boolean> };
const events = (p: Page) => p.evaluate(() => (window as unknown as { __events: Event[] }).__events);
const waitFor = (p: Page, status: string) => p.waitForFunction((s) => (window as unknown as { __events: Event[] }).__events.some((e) => e.status === s), status);
const granted = (v: { forEach(fn: (on: boolean, id: number) => void): void }) => {
  const out: number[] = [];
  v.forEach((on, id) => { if (on) out.push(id); });
  return out;
};

describe('the CMP as vendors see it', () => {
  let ctx: BrowserContext;
  beforeAll(async () => { ctx = await browser.newContext(); });
  afterAll(async () => { await ctx.close(); });

  test('a first visit: queued calls answered, cmpuishown, then useractioncomplete with a string that decodes to the choice', async () => {
    const p = await ctx.newPage();
    await p.goto(page('/first'));
    await waitFor(p, 'cmpuishown');
    // Before the CMP chunk arrived, ping was answered by the stub (the queue held addEventListener).
    expect((await p.evaluate(() => (window as unknown as { __pings: { cmpStatus: string; cmpLoaded: boolean }[] }).__pings))[0]).toMatchObject({ cmpStatus: 'stub', cmpLoaded: false });
    expect(await events(p)).toEqual([expect.objectContaining({ ok: true, status: 'cmpuishown', tc: '', gdpr: true })]);
    expect(site.requests.filter((r) => r.startsWith('/slow/ads.js?p=/first'))).toEqual([]);
    await p.getByRole('button', { name: 'Accept all' }).click();
    await waitFor(p, 'useractioncomplete');
    const last = (await events(p)).at(-1)!;
    expect(last).toMatchObject({ ok: true, status: 'useractioncomplete', gdpr: true, ac: '2~89.1097~dv.' });
    const m = TCString.decode(last.tc);
    expect([m.cmpId, m.cmpVersion, m.policyVersion, m.isServiceSpecific, m.publisherCountryCode, m.consentLanguage]).toEqual([123, 4, 5, true, 'DE', 'EN']);
    expect(granted(m.purposeConsents)).toEqual([1, 2, 3, 4, 7, 8, 9, 10]);
    expect(granted(m.vendorConsents)).toEqual([21, 32, 755]);
    // 793 is not on the served list: not disclosed.
    expect(granted(m.vendorsDisclosed)).toEqual([21, 32, 755]);
    // The vendor list came from the site's own server, narrowed to the configured vendors.
    expect(site.requests).toContain('/consent/gvl/vendor-list.json?vendors=21,32,755,793');
    // IAB's encoder came with the decision, in the writer chunk.
    expect(site.requests).toContain('/dist/consent-gate.tcf-write.js');
    // A call after the CMP loaded: ping and getTCData answer at once, with the same string.
    const after = await p.evaluate(() => new Promise((resolve) => window.__tcfapi!('ping', 2, (ping) => window.__tcfapi!('getTCData', 2, (d) => resolve([ping, d]))))) as unknown as [{ cmpStatus: string; gdprApplies: boolean; tcfPolicyVersion: number; cmpLoaded: boolean; displayStatus: string }, { tcString: string; addtlConsent: string }];
    expect(after[0]).toMatchObject({ cmpStatus: 'loaded', cmpLoaded: true, gdprApplies: true, tcfPolicyVersion: 5, displayStatus: 'hidden' });
    expect(after[1]).toMatchObject({ tcString: last.tc, addtlConsent: '2~89.1097~dv.' });
    // The site's gated marketing script and the vendor agree: both allowed.
    await p.waitForFunction(() => (window as unknown as { __ran?: string[] }).__ran?.includes('ads'));
    expect(last.vendors?.['755']).toBe(true);
    await p.close();
  });

  test('a return visit: tcloaded with the stored string, no UI, no vendor list fetched', async () => {
    const p = await ctx.newPage();
    const from = site.requests.length;
    await p.goto(page('/again'));
    await waitFor(p, 'tcloaded');
    const [e] = await events(p);
    expect(e).toMatchObject({ ok: true, status: 'tcloaded', gdpr: true, ac: '2~89.1097~dv.' });
    expect(granted(TCString.decode(e!.tc).vendorConsents)).toEqual([21, 32, 755]);
    await p.waitForTimeout(300);
    expect(await events(p)).toHaveLength(1);
    expect(await p.getByRole('button', { name: 'Accept all' }).count()).toBe(0);
    expect(site.requests.slice(from).filter((r) => r.startsWith('/consent/gvl/') || /consent-gate\.(iab-)?ui\.js/.test(r))).toEqual([]);
    await p.close();
  });

  test('a return visit downloads neither IAB\'s libraries nor the vendor list, and answers getTCData and addEventListener from the stored string', async () => {
    const p = await ctx.newPage();
    const scripts: Promise<[string, Buffer]>[] = [];
    const requests: string[] = [];
    p.on('request', (r) => requests.push(new URL(r.url()).pathname));
    p.on('response', (r) => { if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => [new URL(r.url()).pathname, b])); });
    await p.goto(page('/again-api'));
    await waitFor(p, 'tcloaded');
    const [event] = await events(p);
    type Data = { tcString: string; purpose: { consents: Record<string, boolean> }; vendor: { consents: Record<string, boolean> } };
    const answers = await p.evaluate(() => new Promise((resolve) => window.__tcfapi!('getTCData', 2, (d, ok) => window.__tcfapi!('getTCData', 2, (some, ok2) => resolve([d, ok, some, ok2]), [755, 52, 21]))));
    const [data, ok, some, ok2] = answers as [Data, boolean, Data, boolean];
    expect([ok, ok2]).toEqual([true, true]);
    const m = TCString.decode(data.tcString);
    const vector = (v: { forEach(fn: (on: boolean, id: number) => void): void }) => {
      const out: Record<string, boolean> = {};
      v.forEach((on, id) => { out[id] = on; });
      return out;
    };
    expect(data).toMatchObject({
      tcString: event!.tc, eventStatus: 'tcloaded', cmpStatus: 'loaded', gdprApplies: true, cmpId: 123, cmpVersion: 4, tcfPolicyVersion: 5,
      isServiceSpecific: true, publisherCC: 'DE', addtlConsent: '2~89.1097~dv.',
      purpose: { consents: vector(m.purposeConsents), legitimateInterests: vector(m.purposeLegitimateInterests) },
      vendor: { consents: vector(m.vendorConsents), legitimateInterests: vector(m.vendorLegitimateInterests), disclosedVendors: vector(m.vendorsDisclosed) },
      specialFeatureOptins: vector(m.specialFeatureOptins),
    });
    expect(Object.keys(data.purpose.consents)).toHaveLength(10);
    expect(some.vendor.consents).toEqual({ 755: true, 52: false, 21: true });
    // What the page downloaded: the iab tag, its reader chunk and the CMP chunk only (no store, no UI), without IAB's code
    // (its GVL class names IAB's list server in an error message). Their bytes are checked by `npm run size` (the iab return visit row).
    expect(requests.filter((r) => r.startsWith('/consent/gvl/') || r.includes('tcf-write') || r.includes('consent-gate.ui') || r.includes('iab-ui') || r.includes('iab-store'))).toEqual([]);
    const bodies = await Promise.all(scripts);
    expect(bodies.map(([path]) => path).filter((path) => path.startsWith('/dist/')).sort()).toEqual(['/dist/consent-gate.iab-reader.js', '/dist/consent-gate.iab.js', '/dist/consent-gate.tcf.js']);
    for (const [path, body] of bodies) expect(body.toString().includes('vendorlist.consensu.org'), path).toBe(false);
    await p.close();
  });

  test('a cross-origin frame reaches the CMP through the locator frame', async () => {
    other.pages.set('/frame.html', {
      body: `<!doctype html><html><head><title>Ad</title></head><body><script>
      // A vendor in a frame of another origin: finds the locator frame up the chain and asks by postMessage.
      let w = window, cmp = null;
      while (w) { try { if (w.frames.__tcfapiLocator) { cmp = w; break; } } catch (e) {} if (w === window.top) break; w = w.parent; }
      window.__returns = [];
      window.addEventListener('message', (e) => { const d = typeof e.data === 'string' ? JSON.parse(e.data) : e.data; if (d && d.__tcfapiReturn) __returns.push(d.__tcfapiReturn); });
      cmp.postMessage({ __tcfapiCall: { command: 'ping', version: 2, callId: 'p1' } }, '*');
      cmp.postMessage(JSON.stringify({ __tcfapiCall: { command: 'addEventListener', version: 2, callId: 'l1' } }), '*');
      </script></body></html>`,
    });
    const p = await ctx.newPage();
    await p.goto(page('/framed', CONFIG, `<iframe src="${otherOrigin}/frame.html" title="ad"></iframe>`));
    const frame = p.frames().find((f) => f.url().startsWith(otherOrigin))!;
    expect(frame).toBeDefined();
    await frame.waitForFunction(() => (window as unknown as { __returns: { callId: string }[] }).__returns.some((r) => r.callId === 'l1'));
    const returns = await frame.evaluate(() => (window as unknown as { __returns: { callId: string; success: boolean; returnValue: { tcString?: string; eventStatus?: string; cmpStatus?: string } }[] }).__returns);
    const top = (await events(p)).find((e) => e.status === 'tcloaded')!;
    expect(returns.find((r) => r.callId === 'p1')).toMatchObject({ success: true });
    expect(returns.find((r) => r.callId === 'l1')).toMatchObject({ success: true, returnValue: { eventStatus: 'tcloaded', tcString: top.tc } });
    await p.close();
  });

  test('a vendor the stored string did not disclose: the banner asks again', async () => {
    const p = await ctx.newPage();
    await p.goto(page('/more', { ...CONFIG, tcf: { ...TCF, vendors: [...TCF.vendors, 52] } }));
    await waitFor(p, 'cmpuishown');
    expect((await events(p)).map((e) => [e.status, e.tc])).toEqual([['cmpuishown', '']]);
    await p.getByRole('button', { name: 'Accept all' }).waitFor({ state: 'visible' });
    await p.close();
  });
});

test('Reject all leaves no consent of any kind, and the site\'s gated script and the vendor agree', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page('/reject'));
  await waitFor(p, 'cmpuishown');
  await p.getByRole('button', { name: 'Reject all' }).click();
  await waitFor(p, 'useractioncomplete');
  const last = (await events(p)).at(-1)!;
  const m = TCString.decode(last.tc);
  for (const v of [m.purposeConsents, m.purposeLegitimateInterests, m.specialFeatureOptins, m.vendorConsents, m.vendorLegitimateInterests, m.publisherConsents, m.publisherLegitimateInterests]) expect(granted(v)).toEqual([]);
  expect(granted(m.vendorsDisclosed)).toEqual([21, 32, 755]);
  expect(last.ac).toBe('2~~dv.89.1097');
  expect(last.vendors?.['755']).toBeFalsy();
  await p.waitForTimeout(300);
  expect(site.requests.filter((r) => r.startsWith('/slow/ads.js?p=/reject'))).toEqual([]);
  await ctx.close();
});

test('a decision\'s receipt reaches the server with the TC string and Additional Consent vendors were given', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.goto(page('/receipt', { ...CONFIG, receipts: { endpoint: '/consent/receipts' } }));
  await waitFor(p, 'cmpuishown');
  await p.getByRole('button', { name: 'Reject all' }).click();
  await waitFor(p, 'useractioncomplete');
  const last = (await events(p)).at(-1)!;
  const consentId = await p.evaluate(() => window.consentGate!.get().id);
  await expect.poll(async () => (await store.byConsentId(consentId!)).length, { timeout: 15_000 }).toBe(1);
  const [receipt] = await store.byConsentId(consentId!);
  expect(receipt).toMatchObject({ tcString: last.tc, addtlConsent: '2~~dv.89.1097', categories: { analytics: false, marketing: false } });
  await ctx.close();
});

test('gdprApplies is false where the rules in force are not opt-in', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const config = { ...CONFIG, regions: { 'EU EEA GB CH': { mode: 'opt-in' }, '*': { mode: 'opt-out' } } };
  const json = JSON.stringify(config);
  site.pages.set('/us', { body: `<!doctype html><html lang="en"><head><title>US</title><script src="/dist/consent-gate.iab.js" data-region="US" data-config='${json}'></script><script>${VENDOR}</script></head><body></body></html>` });
  await p.goto(site.origin + '/us');
  await p.waitForFunction(() => (window as unknown as { __events: Event[] }).__events.length > 0);
  expect((await events(p))[0]).toMatchObject({ ok: true, gdpr: false });
  await ctx.close();
});
