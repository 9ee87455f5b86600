// @vitest-environment happy-dom
/**
 * Receipts on an IAB TCF page: a decision's receipt carries the TC string (and Google's
 * Additional Consent) that the CMP wrote for that decision, with the CMP the iab build runs
 * (src/iab/tcf/cmp.ts) and the real vendor list; a string of another decision is never taken;
 * a receipt whose string never comes goes without it; a withdrawal carries none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { TCString } from '@iabtechlabtcf/core';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';
import type { ConsentConfig } from '../../src/core/types';
import { receipts, TC_WAIT, type ConsentReceipt } from '../../src/receipts/client';
import { checkTcf } from '../../src/iab/tcf/config';
import { startCmp } from '../../src/iab/tcf/cmp';

/** The stub's part that matters here: `window.__tcfapi` is there (the locator frame is not, happy-dom loads no frames). */
const installStub = () => { window.__tcfapi = (...args: unknown[]) => (args.length ? undefined : []); };

const LIST = { ...JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/iab-gvl/vendor-list.json'), 'utf8')), tcfPolicyVersion: 5 };
const config: ConsentConfig = {
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } },
  receipts: { endpoint: '/consent/receipts' },
  language: 'en',
  gpc: false,
};
const TCF = checkTcf({ cmpId: 123, cmpVersion: 1, vendors: [755, 21, 32], publisherCountryCode: 'DE', googleVendors: [89, 1097] }, ['analytics', 'marketing']).tcf!;

let sent: ConsentReceipt[];
const stops: (() => void)[] = [];
beforeEach(() => {
  localStorage.clear();
  delete window.__tcfapi;
  sent = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    sent.push(JSON.parse(init.body as string));
    return new Response(null, { status: 201 });
  });
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
const until = (fn: () => void) => vi.waitFor(fn, { timeout: 3000, interval: 5 });

/** A page view of the iab build: the stub, the store, the CMP (the list served from the fixture) and the receipts client. */
function page(withCmp = true) {
  installStub();
  const consent = createConsent(config, { storage: memoryStorage() });
  const cmp = withCmp ? startCmp(consent, TCF, { fetchJson: async () => structuredClone(LIST) }) : undefined;
  stops.push(receipts(consent), () => consent.destroy());
  return { consent, cmp };
}

test('a decision\'s receipt carries the TC string and Additional Consent the CMP wrote for it', async () => {
  const { consent, cmp } = page();
  const first = consent.acceptAll('banner');
  await until(() => expect(sent).toHaveLength(1));
  expect(sent[0]).toMatchObject({ consentId: first.id, decidedAt: first.decidedAt, tcString: cmp!.tcString, addtlConsent: '2~89.1097~dv.' });
  expect(TCString.decode(sent[0]!.tcString!).vendorConsents.has(755)).toBe(true);
  // A change: its own string, refusing what the first one granted.
  const second = consent.rejectAll('preferences');
  await until(() => expect(sent).toHaveLength(2));
  expect(sent[1]).toMatchObject({ decidedAt: second.decidedAt, tcString: cmp!.tcString, addtlConsent: '2~~dv.89.1097' });
  expect(sent[1]!.tcString).not.toBe(sent[0]!.tcString);
  expect(TCString.decode(sent[1]!.tcString!).vendorConsents.has(755)).toBe(false);
});

test('a withdrawal carries no TC string', async () => {
  const { consent } = page();
  consent.acceptAll('banner');
  await until(() => expect(sent).toHaveLength(1));
  consent.reset();
  await until(() => expect(sent).toHaveLength(2));
  expect(sent[1]!.source).toBe('reset');
  expect(sent[1]!.tcString).toBeUndefined();
});

test('a string written for another decision is not taken; without its own, the receipt goes after TC_WAIT', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const { consent } = page(false);
  const state = consent.acceptAll('banner');
  await vi.advanceTimersByTimeAsync(10);
  expect(sent).toEqual([]);
  dispatchEvent(new CustomEvent('consent-gate:tcf', { detail: { id: state.id, at: '2020-01-01T00:00:00.000Z', tc: 'CQAAAAAQAAAAAAAAAAENAA', ac: '' } }));
  await vi.advanceTimersByTimeAsync(TC_WAIT - 100);
  expect(sent).toEqual([]);
  await vi.advanceTimersByTimeAsync(200);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.tcString).toBeUndefined();
});

test('where GDPR does not apply (opt-out), the receipt is sent at once, without a TC string', async () => {
  installStub();
  const consent = createConsent({ ...config, mode: 'opt-out' }, { storage: memoryStorage() });
  stops.push(receipts(consent), () => consent.destroy());
  consent.rejectAll('banner');
  await until(() => expect(sent).toHaveLength(1));
  expect(sent[0]!.tcString).toBeUndefined();
});
