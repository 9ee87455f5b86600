/**
 * A real consumer of the CMP: Prebid.js (`prebid.js` on npm) with its TCF consent module, bundled
 * here as a publisher would, on a page with the iab drop-in. Prebid reads the TC string through
 * `__tcfapi` and passes it into a bid request to a local bidder endpoint (127.0.0.1): the request's
 * `gdpr_consent` is exactly TCData's `tcString`, on a return visit and after a first-visit choice.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { rollup } from 'rollup';
import resolve from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import { TCString } from '@iabtechlabtcf/core';
import { launchBrowser, ROOT, startServer, type TestServer } from './harness';
import { createReceiptHandler, toNodeHandler } from '../../src/server';
import type { ReceiptStore } from '../../src/server/store';

let browser: Browser;
let site: TestServer;
let prebid = '';
const bids: URLSearchParams[] = [];

const CONFIG = {
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } },
  gpc: false,
  tcf: { cmpId: 123, cmpVersion: 1, vendors: [755, 21, 32], publisherCountryCode: 'DE' },
};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gvl-'));
  const list = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/iab-gvl/vendor-list.json'), 'utf8'));
  writeFileSync(join(dir, 'vendor-list.json'), JSON.stringify({ ...list, tcfPolicyVersion: 5 }));
  const routes = toNodeHandler(createReceiptHandler({ store: {} as ReceiptStore, gvl: { dir } }));
  const bundle = await rollup({ input: join(ROOT, 'tests/browser/prebid/entry.js'), onwarn: () => {}, plugins: [resolve({ browser: true }), commonjs()] });
  prebid = (await bundle.generate({ format: 'iife' })).output[0].code;
  await bundle.close();
  browser = await launchBrowser();
  site = await startServer([(req, res, url) => {
    if (url.pathname === '/bid') {
      bids.push(url.searchParams);
      res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
      return true;
    }
    if (!url.pathname.startsWith('/consent/gvl/')) return false;
    routes(req, res, () => res.writeHead(404).end());
    return true;
  }]);
  site.pages.set('/prebid.js', { body: prebid, type: 'text/javascript' });
}, 180_000);
afterAll(async () => { await browser?.close(); await site?.close(); });

function page(path: string, withPrebid: boolean): string {
  site.pages.set(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>News</title><link rel="icon" href="data:,">
<script src="/dist/consent-gate.iab.js" data-config='${JSON.stringify(CONFIG)}'></script>
${withPrebid ? `<script src="/prebid.js" data-bidder="${site.origin}/bid"></script>` : ''}</head><body><div id="ad"></div></body></html>`,
  });
  return site.origin + path;
}

const tcData = (p: Page) => p.evaluate(() => new Promise<{ tcString: string; eventStatus: string }>((r) => window.__tcfapi!('getTCData', 2, (d) => r(d as never))));

test('Prebid.js sends the CMP\'s TC string as gdpr_consent: after a first-visit choice, and on a return visit', async () => {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  // First visit: Prebid asks while the banner is up, and waits for the visitor's choice.
  await p.goto(page('/first', true));
  await p.getByRole('button', { name: 'Accept all' }).click();
  await p.waitForFunction(() => (window as unknown as { __bidsBack?: boolean }).__bidsBack === true, undefined, { timeout: 20_000 });
  expect(bids).toHaveLength(1);
  const first = await tcData(p);
  expect(first.tcString).not.toBe('');
  expect(bids[0]!.get('gdpr')).toBe('1');
  expect(bids[0]!.get('gdpr_consent')).toBe(first.tcString);
  const m = TCString.decode(bids[0]!.get('gdpr_consent')!);
  expect(m.cmpId).toBe(123);
  expect(m.vendorConsents.has(755)).toBe(true);

  // Return visit: tcloaded at once, the same string in the bid request.
  await p.goto(page('/again', true));
  await p.waitForFunction(() => (window as unknown as { __bidsBack?: boolean }).__bidsBack === true, undefined, { timeout: 20_000 });
  expect(bids).toHaveLength(2);
  const again = await tcData(p);
  expect(again.eventStatus).toBe('tcloaded');
  expect(bids[1]!.get('gdpr_consent')).toBe(again.tcString);
  expect(again.tcString).toBe(first.tcString);
  await ctx.close();
}, 90_000);
