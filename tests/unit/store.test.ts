import { afterEach, describe, expect, test, vi } from 'vitest';
import { createConsent } from '../../src/consent/store';
import { decodeRecord } from '../../src/core/record';
import { memoryStorage } from '../../src/storage/memory';
import type { ConsentConfig, ConsentState } from '../../src/core/types';

const DAY = 864e5;
const config = (patch: Partial<ConsentConfig> = {}): ConsentConfig => ({
  policies: { privacy: { version: '2024-05-01', url: '/privacy' }, terms: { version: '3' } },
  categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: { label: 'Marketing' } },
  ...patch,
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('opt-in (default)', () => {
  test('nothing optional runs before a decision', () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    expect(c.decided).toBe(false);
    expect(c.has('necessary')).toBe(true);
    expect(c.has('analytics')).toBe(false);
    expect(c.has('marketing')).toBe(false);
    expect(c.get().reason).toBe('none');
  });

  test('unknown categories never run', () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    c.acceptAll();
    expect(c.has('ads')).toBe(false);
    expect(c.has('constructor')).toBe(false);
    expect(c.has('__proto__')).toBe(false);
  });

  test('acceptAll grants every optional category', () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    const s = c.acceptAll('banner');
    expect(s.decided).toBe(true);
    expect(s.categories).toEqual({ necessary: true, analytics: true, marketing: true });
    expect(s.source).toBe('banner');
    expect(s.policies).toEqual({ privacy: '2024-05-01', terms: '3' });
  });

  test('rejectAll refuses every optional category, required stays granted', () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    expect(c.rejectAll().categories).toEqual({ necessary: true, analytics: false, marketing: false });
    expect(c.decided).toBe(true);
  });

  test('save refuses unnamed categories and anything not exactly true', () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    const s = c.save({ analytics: 'yes' as unknown as boolean, ads: true });
    expect(s.categories).toEqual({ necessary: true, analytics: false, marketing: false });
    expect(c.save({ analytics: true }).categories.analytics).toBe(true);
  });

  test('allow grants one category and keeps the others', () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    c.save({ marketing: true });
    expect(c.allow('analytics', 'placeholder').categories).toEqual({ necessary: true, analytics: true, marketing: true });
    c.rejectAll();
    expect(c.allow('analytics').categories).toEqual({ necessary: true, analytics: true, marketing: false });
  });

  test('a change keeps the consent id; a reset starts a new one', () => {
    const storage = memoryStorage();
    const c = createConsent(config(), { storage });
    const id = c.acceptAll().id;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(c.rejectAll().id).toBe(id);
    c.reset();
    expect(c.acceptAll().id).not.toBe(id);
  });

  test('makes version 4 consent ids without crypto.randomUUID (pages over plain http)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) });
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = createConsent(config(), { storage: memoryStorage() }).acceptAll().id!;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(200);
  });

  test('reset withdraws: no decision, categories back to refused, banner requested', () => {
    const storage = memoryStorage();
    const c = createConsent(config(), { storage });
    c.acceptAll();
    const s = c.reset();
    expect(s.decided).toBe(false);
    expect(s.reason).toBe('withdrawn');
    expect(s.categories.analytics).toBe(false);
    // What is kept is the withdrawal: every category refused, no decision in force.
    expect(decodeRecord(storage.read(), Date.now())).toMatchObject({ source: 'reset', categories: { analytics: false, marketing: false } });
    expect(c.view).toBe('banner');
  });

  test('the decision persists in storage and is read back by a new store', () => {
    const storage = memoryStorage();
    createConsent(config(), { storage }).save({ analytics: true });
    const again = createConsent(config(), { storage });
    expect(again.decided).toBe(true);
    expect(again.has('analytics')).toBe(true);
    expect(again.has('marketing')).toBe(false);
  });

  test('snapshots are frozen plain data', () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    const s = c.acceptAll();
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.categories)).toBe(true);
    expect(Object.isFrozen(s.policies)).toBe(true);
    expect(JSON.parse(JSON.stringify(s))).toEqual({ ...s, categories: { ...s.categories }, policies: { ...s.policies }, revised: [] });
  });

  test('a garbled stored value counts as no decision', () => {
    const c = createConsent(config(), { storage: memoryStorage('1|garbage|analytics:1') });
    expect(c.decided).toBe(false);
    expect(c.has('analytics')).toBe(false);
  });
});

describe('opt-out and notice', () => {
  test('opt-out: optional categories run until refused', () => {
    const c = createConsent(config({ mode: 'opt-out' }), { storage: memoryStorage() });
    expect(c.decided).toBe(false);
    expect(c.has('analytics')).toBe(true);
    c.save({ analytics: false, marketing: true });
    expect(c.has('analytics')).toBe(false);
    expect(c.has('marketing')).toBe(true);
  });

  test('notice: optional categories run; "I agree" records the policy versions', () => {
    const c = createConsent(config({ mode: 'notice' }), { storage: memoryStorage() });
    expect(c.has('marketing')).toBe(true);
    expect(c.decided).toBe(false);
    const s = c.acceptAll('banner');
    expect(s.decided).toBe(true);
    expect(s.policies).toEqual({ privacy: '2024-05-01', terms: '3' });
  });
});

describe('policy revisions', () => {
  test('a revised policy makes the decision not current and names the document', () => {
    const storage = memoryStorage();
    createConsent(config(), { storage }).acceptAll();
    const revised = createConsent(config({ policies: { privacy: { version: '2026-01-01' }, terms: { version: '3' } } }), { storage });
    const s = revised.get();
    expect(s.decided).toBe(false);
    expect(s.reason).toBe('revised');
    expect(s.revised).toEqual(['privacy']);
    expect(s.categories.analytics).toBe(false);
  });

  test('a newly added policy also counts as revised', () => {
    const storage = memoryStorage();
    createConsent(config({ policies: {} }), { storage }).acceptAll();
    expect(createConsent(config(), { storage }).get().revised).toEqual(['privacy', 'terms']);
  });

  test('deciding again after a revision keeps the consent id and records the new versions', () => {
    const storage = memoryStorage();
    const id = createConsent(config(), { storage }).acceptAll().id;
    const c = createConsent(config({ policies: { privacy: { version: '2' } } }), { storage });
    const s = c.rejectAll();
    expect(s.id).toBe(id);
    expect(s.policies).toEqual({ privacy: '2' });
    expect(s.revised).toEqual([]);
  });

  test('a category added since the decision asks again', () => {
    const storage = memoryStorage();
    createConsent(config(), { storage }).acceptAll();
    const c = createConsent(config({ categories: { analytics: {}, marketing: {}, social: {} } }), { storage });
    expect(c.decided).toBe(false);
    expect(c.get().reason).toBe('new-category');
  });
});

describe('expiry', () => {
  test('a consent lapses after acceptDays, and listeners hear it', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const c = createConsent(config({ expiry: { acceptDays: 10, rejectDays: 5 } }), { storage: memoryStorage() });
    const seen: ConsentState[] = [];
    c.listen((s) => seen.push(s));
    c.save({ analytics: true });
    expect(c.get().expiresAt).toBe(new Date(Date.UTC(2026, 0, 11)).toISOString());
    vi.advanceTimersByTime(10 * DAY - 1000);
    expect(c.has('analytics')).toBe(true);
    vi.advanceTimersByTime(2000);
    expect(c.has('analytics')).toBe(false);
    expect(c.get().reason).toBe('expired');
    expect(seen.at(-1)?.decided).toBe(false);
  });

  test('a refusal lapses sooner (rejectDays)', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const c = createConsent(config(), { storage: memoryStorage() });
    c.rejectAll();
    expect(c.get().expiresAt).toBe(new Date(Date.UTC(2026, 0, 1) + 182 * DAY).toISOString());
    vi.advanceTimersByTime(182 * DAY + 1);
    expect(c.decided).toBe(false);
  });

  test('a shortened configured lifetime shortens stored decisions', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const storage = memoryStorage();
    createConsent(config(), { storage }).acceptAll();
    vi.advanceTimersByTime(40 * DAY);
    expect(createConsent(config({ expiry: { acceptDays: 30 } }), { storage }).decided).toBe(false);
    expect(createConsent(config({ expiry: { acceptDays: 60 } }), { storage }).decided).toBe(true);
  });
});

describe('Global Privacy Control', () => {
  test('marketing starts refused, even in opt-out mode, and the state says so', () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: true });
    const c = createConsent(config({ mode: 'opt-out' }), { storage: memoryStorage() });
    expect(c.has('marketing')).toBe(false);
    expect(c.has('analytics')).toBe(true);
    expect(c.get().gpc).toBe(true);
  });

  test('an explicit later yes wins', () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: true });
    const c = createConsent(config({ mode: 'opt-out' }), { storage: memoryStorage() });
    c.save({ marketing: true, analytics: true });
    expect(c.has('marketing')).toBe(true);
  });

  test('allowing a GPC-refused category records that yes, not the mode\'s default spread', () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: true });
    const c = createConsent(config({ mode: 'opt-out' }), { storage: memoryStorage() });
    // Nobody said yes to analytics: it ran by the mode's default, which is no decision to record.
    expect(c.allow('marketing', 'placeholder').categories).toEqual({ necessary: true, analytics: false, marketing: true });
  });

  test('gpc: false ignores the signal', () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: true });
    const c = createConsent(config({ mode: 'opt-out', gpc: false }), { storage: memoryStorage() });
    expect(c.has('marketing')).toBe(true);
    expect(c.get().gpc).toBe(false);
  });

  test('a custom list names the categories', () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: true });
    const c = createConsent(config({ mode: 'opt-out', gpc: ['analytics'] }), { storage: memoryStorage() });
    expect(c.has('analytics')).toBe(false);
    expect(c.has('marketing')).toBe(true);
  });

  test('without the signal nothing changes', () => {
    vi.stubGlobal('navigator', { globalPrivacyControl: false });
    const c = createConsent(config({ mode: 'opt-out' }), { storage: memoryStorage() });
    expect(c.has('marketing')).toBe(true);
    expect(c.get().gpc).toBe(false);
  });
});

describe('subscribe', () => {
  test('calls at once and on every change, until unsubscribed', () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    const calls: boolean[] = [];
    const off = c.subscribe((s) => calls.push(s.categories.analytics === true));
    c.acceptAll();
    c.rejectAll();
    off();
    c.acceptAll();
    expect(calls).toEqual([false, true, false]);
  });

  test('listen skips the first call; an unchanged state notifies nobody', () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    const fn = vi.fn();
    c.listen(fn);
    expect(fn).not.toHaveBeenCalled();
    c.hide();
    expect(fn).not.toHaveBeenCalled();
    c.rejectAll();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  test('whenGranted resolves once the category is granted', async () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    let done = false;
    const p = c.whenGranted('analytics').then(() => { done = true; });
    await Promise.resolve();
    expect(done).toBe(false);
    c.save({ marketing: true });
    await Promise.resolve();
    expect(done).toBe(false);
    c.save({ analytics: true });
    await p;
    expect(done).toBe(true);
    await expect(c.whenGranted('necessary')).resolves.toBeUndefined();
  });

  test('showBanner, showPreferences and hide drive the requested view', () => {
    const c = createConsent(config(), { storage: memoryStorage() });
    const views: unknown[] = [];
    c.onView((v) => views.push(v));
    c.showBanner();
    c.showPreferences();
    c.hide();
    c.showPreferences();
    c.acceptAll();
    expect(views).toEqual([null, 'banner', 'preferences', null, 'preferences', null]);
  });

  test('the record carries source and language', () => {
    const storage = memoryStorage();
    const c = createConsent(config({ language: 'de' }), { storage });
    c.save({ analytics: true }, 'preferences');
    const r = decodeRecord(storage.read(), Date.now());
    expect(r?.source).toBe('preferences');
    expect(r?.language).toBe('de');
    expect(c.get().language).toBe('de');
  });
});

test('an invalid config throws before anything runs', () => {
  expect(() => createConsent({ categories: { analytics: { cookies: ['_ga', 42] } } } as unknown as ConsentConfig))
    .toThrow('categories.analytics.cookies[1]: expected a string or /regex/, got 42');
});
