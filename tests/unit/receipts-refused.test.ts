// @vitest-environment happy-dom
/**
 * Issue 10, item 5, client side: the receipts the client makes against the real
 * handler (SQLite in memory): every one is stored; a refused one is kept and
 * reported, never dropped. The old server refused these receipts with 400, and
 * the old client then dropped them with a console warning.
 */
import { afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { createConsent } from '../../src/consent/store';
import { parseConfig } from '../../src/consent/config';
import { memoryStorage } from '../../src/storage/memory';
import type { ConsentConfig } from '../../src/core/types';
import { receipts, refusedReceipts, type RefusedReceipt } from '../../src/receipts/client';
import { createReceiptHandler, openReceiptStore, type ReceiptStore } from '../../src/server';

let store: ReceiptStore;
let handle: (r: Request) => Promise<Response>;
/** Every answer the client saw; `override` answers instead of the server when set. */
let statuses: number[];
let override: Response | undefined;
const stops: (() => void)[] = [];

beforeAll(async () => {
  store = await openReceiptStore(':memory:');
  handle = createReceiptHandler({ store });
  return () => store.close();
});
beforeEach(() => {
  localStorage.clear();
  statuses = [];
  override = undefined;
  document.documentElement.lang = 'en';
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const res = override?.clone() ?? await handle(new Request(new URL(url, 'http://site.test'), init));
    statuses.push(res.status);
    return res;
  });
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const config = (over: Partial<ConsentConfig> = {}): ConsentConfig => ({
  policies: { privacy: { version: '2024-05-01' } },
  categories: { necessary: { required: true }, analytics: {}, marketing: {} },
  receipts: { endpoint: '/consent/receipts' },
  ...over,
});
function page(cfg: ConsentConfig, now?: () => number) {
  const consent = createConsent(cfg, { storage: memoryStorage(), now });
  stops.push(receipts(consent), () => consent.destroy());
  return consent;
}
const queued = () => JSON.parse(localStorage.getItem('consent-gate:receipts') ?? '{"q":[]}').q;
const until = (fn: () => void) => vi.waitFor(fn, { timeout: 3000, interval: 5 });

test.each([
  ['a language tag of four subtags', () => { document.documentElement.lang = 'de-DE-u-co-phonebk'; return page(config({ language: 'auto' })); }],
  ['a visitor clock a day and a half fast', () => page(config(), () => Date.now() + 1.5 * 864e5)],
  ['200 categories', () => page(config({ categories: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`category${i}`, {}])) }))],
])('the server stores the receipt of a visitor with %s', async (_, open) => {
  const state = open().acceptAll('banner');
  await until(() => expect(statuses).toEqual([201]));
  expect((await store.byConsentId(state.id!)).map((r) => r.language)).toHaveLength(1);
  expect(refusedReceipts()).toEqual([]);
});

test('cuts a language tag longer than a receipt holds at a subtag', async () => {
  document.documentElement.lang = 'de-DE-u-co-phonebk' + '-abcdefgh'.repeat(40);
  const state = page(config({ language: 'auto' })).acceptAll('banner');
  await until(() => expect(statuses).toEqual([201]));
  const [stored] = await store.byConsentId(state.id!);
  expect(stored!.language.length).toBeLessThanOrEqual(255);
  expect(stored!.language).toMatch(/^de-de-u-co-phonebk(-abcdefgh)+$/);
});

test('keeps a receipt the endpoint refuses, and reports it in the console and to the page', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const heard: RefusedReceipt[] = [];
  let listed: RefusedReceipt[] = [];
  const listener = (e: Event) => { heard.push((e as CustomEvent<RefusedReceipt>).detail); listed = refusedReceipts(); };
  addEventListener('consent-gate:receipt-refused', listener);
  try {
    override = new Response(JSON.stringify({ error: 'origin: https://shop.example may not send receipts here (allowOrigins)' }), { status: 403 });
    const state = page(config()).acceptAll('banner');
    await until(() => expect(heard).toHaveLength(1));
    expect(queued()).toEqual([]);
    const kept = refusedReceipts();
    expect(kept).toEqual(heard);
    // The listener already finds it in the list.
    expect(listed).toEqual(heard);
    expect(kept[0]).toMatchObject({ status: 403, reason: expect.stringMatching(/^origin: /), receipt: { consentId: state.id, source: 'banner' } });
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/refused by the endpoint \(403\): origin/));
    // Kept across page views: a later page view still lists it.
    expect(JSON.parse(localStorage.getItem('consent-gate:receipts')!).x).toHaveLength(1);
  } finally {
    removeEventListener('consent-gate:receipt-refused', listener);
  }
});

test('keeps retrying what is not a refusal: 404, 429, 503', async () => {
  for (const status of [404, 429, 503]) {
    localStorage.clear();
    override = new Response(null, { status });
    page(config()).acceptAll('banner');
    await until(() => expect(statuses.at(-1)).toBe(status));
    expect(queued()).toHaveLength(1);
    expect(refusedReceipts()).toEqual([]);
    stops.splice(0).forEach((stop) => stop());
  }
});

test('a receipt over the body limit is kept as refused at once, and not sent', async () => {
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const long = (i: number) => `c${String(i).padStart(31, '0')}`;
  // The config check refuses a config this large (its decision would not fit a cookie): the
  // client's own limit is a second line, tried here with a resolved config built past the check.
  const base = parseConfig(config());
  page({ ...base, categories: [...base.categories, ...Array.from({ length: 500 }, (_, i) => ({ ...base.categories[1]!, id: long(i), label: long(i) }))] } as never).acceptAll('banner');
  await until(() => expect(refusedReceipts()).toHaveLength(1));
  expect(refusedReceipts()[0]).toMatchObject({ status: 0, reason: 'body: expected at most 16384 bytes' });
  expect(statuses).toEqual([]);
  expect(queued()).toEqual([]);
  expect(error).toHaveBeenCalledOnce();
});
