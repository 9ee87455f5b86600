// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';
import type { ConsentConfig } from '../../src/core/types';
import { configHash, receipts, type ConsentReceipt } from '../../src/receipts/client';
import { QUEUE_MAX } from '../../src/receipts/client';
import { validateReceipt } from '../../src/receipts/validate';

const config: ConsentConfig = {
  policies: { privacy: { version: '2024-05-01', url: '/privacy' } },
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } },
  receipts: { endpoint: '/consent/receipts' },
  language: 'en',
};

/** The network as the client sees it: every call recorded, answered with the next status (0: a network error). */
let calls: { url: string; init: RequestInit; receipt: ConsentReceipt }[];
let answers: number[];
const stops: (() => void)[] = [];

beforeEach(() => {
  localStorage.clear();
  calls = [];
  answers = [];
  history.replaceState(null, '', '/news/article?utm_source=mail&email=someone%40example.com#comments');
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init, receipt: JSON.parse(init.body as string) });
    const status = answers.shift() ?? 201;
    if (!status) throw new TypeError('Failed to fetch');
    return new Response(null, { status });
  });
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A page view: a store on `storage` and its receipts client. */
function page(storage = memoryStorage(), cfg: ConsentConfig = config) {
  const consent = createConsent(cfg, { storage });
  stops.push(receipts(consent), () => consent.destroy());
  return consent;
}
const queue = (): { r: ConsentReceipt; n: number }[] => JSON.parse(localStorage.getItem('consent-gate:receipts') ?? '{"q":[]}').q;
const until = (fn: () => void) => vi.waitFor(fn, { timeout: 2000, interval: 5 });

test('does nothing without an endpoint', () => {
  const consent = createConsent({ ...config, receipts: undefined }, { storage: memoryStorage() });
  const stop = receipts(consent);
  consent.acceptAll();
  stop();
  expect(calls).toEqual([]);
  expect(localStorage.length).toBe(0);
});

test('sends a receipt of the first decision, without IP, user-agent, query or fragment', async () => {
  const consent = page();
  const state = consent.acceptAll('banner');
  await until(() => expect(calls).toHaveLength(1));
  const { url, init, receipt } = calls[0]!;
  expect(url).toBe('/consent/receipts');
  expect(init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer', headers: { 'content-type': 'text/plain' } });
  expect(Object.keys(receipt).sort()).toEqual(['categories', 'configHash', 'consentId', 'decidedAt', 'language', 'mode', 'page', 'policies', 'receiptId', 'source']);
  expect(receipt).toMatchObject({
    consentId: state.id, decidedAt: state.decidedAt, source: 'banner', language: 'en', page: '/news/article',
    policies: { privacy: '2024-05-01' }, categories: { necessary: true, analytics: true, marketing: true },
    configHash: configHash(config),
  });
  expect(receipt.receiptId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(init.body).not.toContain(navigator.userAgent);
  expect(init.body).not.toContain('someone');
  await until(() => expect(queue()).toEqual([]));
});

test('names the variant, and the locked categories when they are not just "necessary"', async () => {
  const sent = async (id: string | null) => {
    await until(() => expect(calls.some((c) => c.receipt.consentId === id)).toBe(true));
    return calls.find((c) => c.receipt.consentId === id)!.receipt;
  };
  const a = await sent(page(memoryStorage(), { ...config, variant: 'short-text' }).acceptAll('banner').id);
  expect(a).toMatchObject({ variant: 'short-text' });
  expect(a.required).toBeUndefined();
  const essential = { ...config, categories: { essential: { required: true }, security: { required: true }, analytics: {} } };
  const b = await sent(page(memoryStorage(), essential).rejectAll('banner').id);
  expect(b).toMatchObject({ required: ['essential', 'security'], categories: { essential: true, security: true, analytics: false } });
  expect(b.variant).toBeUndefined();
  // What the client sends, the server takes.
  for (const { receipt } of calls) expect(validateReceipt(receipt)).toEqual(receipt);
});

test('records every change, a placeholder allow and a withdrawal, each once', async () => {
  const consent = page();
  const first = consent.rejectAll('banner');
  consent.save({ analytics: true }, 'preferences');
  consent.allow('marketing', 'placeholder');
  consent.reset();
  const again = consent.acceptAll('banner');
  await until(() => expect(calls).toHaveLength(5));
  const sent = calls.map((c) => c.receipt);
  expect(sent.map((r) => r.source)).toEqual(['banner', 'preferences', 'placeholder', 'reset', 'banner']);
  expect(sent.map((r) => r.categories.marketing)).toEqual([false, false, true, false, true]);
  expect(new Set(sent.slice(0, 4).map((r) => r.consentId))).toEqual(new Set([first.id]));
  // The withdrawal names the consent id it ends, grants only what is required, agrees to no policy.
  expect(sent[3]).toMatchObject({ categories: { necessary: true, analytics: false, marketing: false }, policies: {} });
  expect(sent[4]!.consentId).toBe(again.id);
  expect(again.id).not.toBe(first.id);
  expect(new Set(sent.map((r) => r.receiptId)).size).toBe(5);
  // Each one is a receipt the server accepts as it is.
  for (const r of sent) expect(validateReceipt(r)).toEqual(r);
});

test('cuts a very long path to what the server accepts', async () => {
  history.replaceState(null, '', '/' + 'a'.repeat(3000));
  page().acceptAll('banner');
  await until(() => expect(calls).toHaveLength(1));
  expect(calls[0]!.receipt.page).toHaveLength(2048);
  expect(() => validateReceipt(calls[0]!.receipt)).not.toThrow();
});

test('started late on a page view, it records the decision already made on it', async () => {
  const consent = createConsent(config, { storage: memoryStorage() });
  stops.push(() => consent.destroy());
  const state = consent.acceptAll('banner');
  stops.push(receipts(consent));
  await until(() => expect(calls.map((c) => c.receipt.consentId)).toEqual([state.id]));
});

test('does not record again a decision from an earlier page view', async () => {
  const storage = memoryStorage();
  // Decided a day ago, before this page view began.
  const earlier = createConsent(config, { storage, now: () => Date.now() - 864e5 });
  earlier.acceptAll('banner');
  earlier.destroy();
  const consent = page(storage);
  expect(consent.decided).toBe(true);
  await new Promise((r) => setTimeout(r, 20));
  expect(calls).toEqual([]);
  expect(localStorage.length).toBe(0);
});

test('a decision heard from another tab is not recorded twice', async () => {
  const shared = memoryStorage();
  const a = page(shared);
  const b = page(shared);
  a.acceptAll('banner');
  // Tab b re-reads the stored decision, as it does when it becomes visible.
  document.dispatchEvent(new Event('visibilitychange'));
  expect(b.has('analytics')).toBe(true);
  await until(() => expect(calls).toHaveLength(1));
  await new Promise((r) => setTimeout(r, 20));
  expect(calls).toHaveLength(1);
});

test('keeps a receipt the endpoint did not take, and retries it on a later page view after a backoff', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  answers = [503];
  const storage = memoryStorage();
  page(storage).acceptAll('banner');
  await until(() => expect(queue()[0]?.n).toBe(1));
  const id = queue()[0]!.r.receiptId;
  stops.splice(0).forEach((stop) => stop()); // leave the page

  page(storage); // too soon: nothing is sent
  expect(calls).toHaveLength(1);
  stops.splice(0).forEach((stop) => stop());

  vi.setSystemTime(Date.now() + 1001);
  answers = [0]; // offline
  page(storage);
  await until(() => expect(queue()[0]?.n).toBe(2));
  stops.splice(0).forEach((stop) => stop());

  vi.setSystemTime(Date.now() + 2001);
  page(storage);
  await until(() => expect(queue()).toEqual([]));
  expect(calls.map((c) => c.receipt.receiptId)).toEqual([id, id, id]);
});

test('retries on the same page once the backoff has passed', async () => {
  answers = [500];
  page().acceptAll('banner');
  await until(() => expect(calls).toHaveLength(1));
  await vi.waitFor(() => expect(queue()).toEqual([]), { timeout: 3000, interval: 20 });
  expect(calls).toHaveLength(2);
  expect(calls[1]!.receipt.receiptId).toBe(calls[0]!.receipt.receiptId);
});

test('keeps at most QUEUE_MAX receipts, dropping the oldest with a warning', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  answers = Array.from({ length: 200 }, () => 0);
  vi.useFakeTimers({ toFake: ['Date'] });
  const consent = page();
  const ids: string[] = [];
  for (let i = 0; i < QUEUE_MAX + 10; i++) {
    vi.setSystemTime(Date.now() + 1000);
    consent.save({ analytics: i % 2 === 0 }, 'preferences');
    ids.push(queue().at(-1)!.r.receiptId);
  }
  await until(() => expect(calls.length).toBeGreaterThanOrEqual(QUEUE_MAX));
  expect(queue().map((x) => x.r.receiptId)).toEqual(ids.slice(10));
  expect(warn).toHaveBeenCalledWith(expect.stringMatching(/queue full: dropped 1 oldest/));
  expect(warn.mock.calls.filter((c) => /queue full/.test(String(c[0])))).toHaveLength(10);
});

test('works with storage blocked: sends from memory and never throws', async () => {
  const blocked = () => { throw new DOMException('The operation is insecure.', 'SecurityError'); };
  vi.stubGlobal('localStorage', { getItem: blocked, setItem: blocked, removeItem: blocked, clear: blocked, key: blocked, length: 0 });
  answers = [503];
  const consent = page();
  expect(() => consent.acceptAll('banner')).not.toThrow();
  expect(consent.has('analytics')).toBe(true);
  await until(() => expect(calls).toHaveLength(1));
  await vi.waitFor(() => expect(calls).toHaveLength(2), { timeout: 3000, interval: 20 });
  expect(calls[1]!.receipt.receiptId).toBe(calls[0]!.receipt.receiptId);
});

test('never throws into the page when fetch throws or the queue is garbage', async () => {
  localStorage.setItem('consent-gate:receipts', '{"q":[null,{"r":null},7],"s":"x"}');
  vi.stubGlobal('fetch', () => { throw new Error('blocked by an extension'); });
  const consent = page();
  expect(() => consent.acceptAll('banner')).not.toThrow();
  await until(() => expect(queue()).toHaveLength(1));
  expect(queue()[0]!.n).toBe(1);
});

test('falls back to sendBeacon without fetch, keeping the receipt until an answer is seen', async () => {
  vi.stubGlobal('fetch', undefined);
  const beacon = vi.fn((_url: string, _body: string) => true);
  vi.stubGlobal('navigator', { ...navigator, sendBeacon: beacon });
  page().acceptAll('banner');
  await until(() => expect(beacon).toHaveBeenCalledTimes(1));
  expect(JSON.parse(beacon.mock.calls[0]![1]).source).toBe('banner');
  await until(() => expect(queue()[0]?.n).toBe(1));
});

describe('configHash', () => {
  test('does not depend on key order or on an explicit default mode', () => {
    const a: ConsentConfig = { categories: { analytics: { label: 'A', description: 'd' }, marketing: {} }, policies: { privacy: { version: '1', url: '/p' } } };
    const b: ConsentConfig = { mode: 'opt-in', policies: { privacy: { url: '/p', version: '1' } }, categories: { marketing: {}, analytics: { description: 'd', label: 'A' } } };
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).toMatch(/^[0-9a-f]{16}$/);
  });

  test('changes with any part of the notice', () => {
    const base: ConsentConfig = { categories: { analytics: { label: 'Analytics' } }, policies: { privacy: { version: '1' } }, texts: { en: { title: 'Cookies' } } };
    const variants: ConsentConfig[] = [
      { ...base, mode: 'notice' },
      { ...base, policies: { privacy: { version: '2' } } },
      { ...base, categories: { analytics: { label: 'Statistics' } } },
      { ...base, categories: { analytics: { label: 'Analytics', cookies: ['_ga'] } } },
      { ...base, texts: { en: { title: 'Cookies!' } } },
    ];
    const hashes = new Set([base, ...variants].map(configHash));
    expect(hashes.size).toBe(variants.length + 1);
    // The parts that do not describe the notice leave it alone.
    expect(configHash({ ...base, cookie: { name: 'other' }, expiry: { acceptDays: 30 } })).toBe(configHash(base));
  });
});
