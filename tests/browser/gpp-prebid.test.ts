/**
 * A real consumer of the GPP CMP: Prebid.js 11 (`prebid.js` on npm) with its GPP consent module
 * (`consentManagementGpp`), bundled here as a publisher would, on a page with the iab drop-in.
 * Prebid reads the string and the applicable sections through `__gpp` and passes them into a bid
 * request to a local bidder endpoint: `gpp` is exactly the CMP's `gppString`, `gpp_sid` its
 * `applicableSections`, for a Californian who refused (usca, opted out) and a Virginian (usva).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import { GppModel } from '@iabgpp/cmpapi';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';

let browser: Browser;
let site: TestServer;
const bids: URLSearchParams[] = [];

const CONFIG = {
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } },
  regions: { 'EU EEA GB CH': { mode: 'opt-in' }, US: { mode: 'opt-out' }, '*': { mode: 'notice' } },
  gpp: { sections: 'state', mspa: { covered: true } },
};

beforeAll(async () => {
  const bundle = await rollup({ input: join(ROOT, 'tests/browser/prebid/gpp-entry.js'), onwarn: () => {}, plugins: [resolve({ browser: true }), commonjs()] });
  const prebid = (await bundle.generate({ format: 'iife' })).output[0].code;
  await bundle.close();
  browser = await launchBrowser();
  site = await startServer([(_req, res, url) => {
    if (url.pathname !== '/bid') return false;
    bids.push(url.searchParams);
    res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
    return true;
  }]);
  site.pages.set('/prebid.js', { body: prebid, type: 'text/javascript' });
}, 180_000);
afterAll(async () => { await browser?.close(); await site?.close(); });

function page(path: string, region: string): string {
  site.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>News</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.iab.js" data-region="${region}" data-config='${JSON.stringify(CONFIG)}'></script>
<script src="/prebid.js" data-bidder="${site.origin}/bid"></script></head><body><div id="ad"></div></body></html>`,
  });
  return site.origin + path;
}

const ping = (p: Page) => p.evaluate(() => new Promise<{ gppString: string; applicableSections: number[] }>((r) => window.__gpp!('ping', (d) => r(d as never))));
const bidsBack = (p: Page) => p.waitForFunction(() => (window as unknown as { __bidsBack?: boolean }).__bidsBack === true, undefined, { timeout: 20_000 });

test('Prebid.js sends the CMP\'s GPP string and applicable sections in its bid request: California after a refusal, then Virginia', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  // A Californian who refused on an earlier page view.
  await p.goto(page('/ca-first', 'US-CA'));
  await p.getByRole('button', { name: 'Reject all' }).click();
  await bidsBack(p);
  const from = bids.length;
  await p.goto(page('/ca', 'US-CA'));
  await bidsBack(p);
  expect(bids).toHaveLength(from + 1);
  const ca = await ping(p);
  const bid = bids[from]!;
  expect(bid.get('gpp')).toBe(ca.gppString);
  expect(bid.get('gpp_sid')).toBe('8');
  expect(bid.get('ortb_gpp')).toBe(ca.gppString);
  expect(bid.get('ortb_gpp_sid')).toBe('8');
  expect(new GppModel(bid.get('gpp')!).getSection('usca')).toMatchObject({ SaleOptOut: 1, SharingOptOut: 1, MspaCoveredTransaction: 1, MspaOptOutOptionMode: 1, MspaServiceProviderMode: 2 });

  // The same visitor in Virginia: its own section, the refusal kept.
  await p.goto(page('/va', 'US-VA'));
  await bidsBack(p);
  const va = bids.at(-1)!;
  expect(va.get('gpp_sid')).toBe('9');
  expect(va.get('gpp')).toBe((await ping(p)).gppString);
  expect(new GppModel(va.get('gpp')!).getSection('usva')).toMatchObject({ SaleOptOut: 1, TargetedAdvertisingOptOut: 1 });
  await ctx.close();
}, 120_000);
