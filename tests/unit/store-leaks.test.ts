// A no stays a no (issue 10, store side): each leak found in review, reproduced against the
// real cookie code over a browser-like jar (tests/support/cookie-jar.ts), one store a page view.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createConsent } from '../../src/consent/store';
import { decodeRecord, KEEP_DAYS, MAX_RECORD } from '../../src/core/record';
import { ConfigError } from '../../src/core/config';
import { parseConfig } from '../../src/consent/config';
import { receipts } from '../../src/receipts/client';
import { DAY, pageViews, T0 } from '../support/page-views';

const { config, page, env } = pageViews({ necessary: { required: true }, analytics: { cookies: ['_ga'], storage: ['ga_key'] }, marketing: {} });
beforeEach(() => { vi.spyOn(console, 'warn'); });

describe('several cookies with the decision\'s name (item 1)', () => {
  test('after cookie.domain is added, Reject all wins over the old host-only Accept all', () => {
    page().acceptAll();
    vi.setSystemTime(T0 + 1000);
    const withDomain = config({ cookie: { domain: 'example.com' } });
    const c = page(withDomain);
    c.rejectAll();
    expect(c.get().storage).toBe('cookie');
    expect(console.warn).not.toHaveBeenCalled();
    expect(page(withDomain).has('analytics')).toBe(false);
    // The host-only copy it could reach is gone; one decision cookie is left.
    expect(env().jar.copies('consent')).toHaveLength(1);
  });

  test('a copy on another path: the newest decision is read, and a write is never "blocked"', () => {
    env().jar.path = '/blog/post';
    page(config({ cookie: { path: '/blog' } })).acceptAll();
    vi.setSystemTime(T0 + 1000);
    const c = page();
    expect(c.has('analytics')).toBe(true);
    c.rejectAll();
    expect(console.warn).not.toHaveBeenCalled();
    expect(page().has('analytics')).toBe(false);
    expect(page(config({ cookie: { path: '/blog' } })).has('analytics')).toBe(false);
  });

  test('a sibling host\'s copy under the parent domain does not survive a reset here', () => {
    env().jar.host = 'shop.example.com';
    page(config({ cookie: { domain: 'example.com' } })).acceptAll();
    env().jar.host = 'example.com';
    vi.setSystemTime(T0 + 1000);
    page().acceptAll(); // host-only on the apex
    vi.setSystemTime(T0 + 2000);
    const c = page(config({ cookie: { domain: 'example.com' } }));
    c.reset();
    expect(console.warn).not.toHaveBeenCalled();
    expect(page().has('analytics')).toBe(false);
    env().jar.host = 'shop.example.com';
    expect(page(config({ cookie: { domain: 'example.com' } })).has('analytics')).toBe(false);
  });
});

describe('a refusal stays a refusal (item 2)', () => {
  test.each(['opt-out', 'notice', 'opt-in'] as const)('%s: after a policy revision', (mode) => {
    page(config({ mode })).save({ marketing: true });
    const c = page(config({ mode, policies: { privacy: { version: '2' } } }));
    expect(c.decided).toBe(false);
    expect(c.has('analytics')).toBe(false);
    // What the preferences dialog starts from: the old refusal.
    expect(c.get().categories.analytics).toBe(false);
  });

  test('opt-out: after a category is added, and after it is removed and added back', () => {
    page(config({ mode: 'opt-out' })).rejectAll();
    const added = config({ mode: 'opt-out', categories: { analytics: {}, marketing: {}, social: {} } });
    expect(page(added).has('analytics')).toBe(false);
    expect(page(added).has('social')).toBe(true); // never refused: the mode's default
    page(config({ mode: 'opt-out', categories: { analytics: {} } })).acceptAll();
    expect(page(config({ mode: 'opt-out' })).has('marketing')).toBe(false);
  });

  test('opt-out: the refusal outlives its decision, and so does the cookie, 400 days from the last visit', () => {
    page(config({ mode: 'opt-out', expiry: { rejectDays: 30 } })).rejectAll();
    const [cookie] = env().jar.copies('consent');
    expect(cookie!.expires).toBe(T0 + KEEP_DAYS * DAY);
    vi.setSystemTime(T0 + 31 * DAY);
    const c = page(config({ mode: 'opt-out', expiry: { rejectDays: 30 } }));
    expect(c.get().reason).toBe('expired');
    expect(c.has('analytics')).toBe(false);
    // That visit wrote the record again (issue 21, item 12).
    expect(env().jar.copies('consent')[0]!.expires).toBe(T0 + (31 + KEEP_DAYS) * DAY);
    vi.setSystemTime(T0 + KEEP_DAYS * DAY);
    expect(page(config({ mode: 'opt-out' })).has('analytics')).toBe(false);
    // No visit for 400 days: the browser dropped the cookie, and the refusal with it.
    vi.setSystemTime(T0 + (2 * KEEP_DAYS + 1) * DAY);
    expect(page(config({ mode: 'opt-out' })).has('analytics')).toBe(true);
  });

  test('opt-out: by default a refusal is not asked again for 12 months (CCPA)', () => {
    page(config({ mode: 'opt-out' })).rejectAll();
    vi.setSystemTime(T0 + 364 * DAY);
    expect(page(config({ mode: 'opt-out' })).decided).toBe(true);
    vi.setSystemTime(T0 + 366 * DAY);
    expect(page(config({ mode: 'opt-out' })).decided).toBe(false);
  });

  test('opt-out: allow(x) after a revision records x, and no grant for what the mode let run', () => {
    page(config({ mode: 'opt-out' })).save({ analytics: true });
    const c = page(config({ mode: 'opt-out', policies: { privacy: { version: '2' } } }));
    c.allow('marketing', 'placeholder');
    const r = decodeRecord(env().jar.copies('consent')[0]!.value, Date.now());
    expect(r?.categories).toEqual({ analytics: false, marketing: true });
  });

  test('an explicit yes ends the refusal', () => {
    page(config({ mode: 'opt-out' })).rejectAll();
    page(config({ mode: 'opt-out', policies: { privacy: { version: '2' } } })).allow('analytics');
    expect(page(config({ mode: 'opt-out', policies: { privacy: { version: '2' } } })).has('analytics')).toBe(true);
  });
});

test('allow() for a category the config does not have records nothing (item 7)', () => {
  const c = page();
  c.allow('video', 'placeholder');
  expect(env().jar.copies('consent')).toEqual([]);
  expect(c.decided).toBe(false);
});

describe('erase patterns never erase the library\'s own data (item 8)', () => {
  test('a /^_/ cookie pattern leaves the _consent decision cookie', () => {
    const own = config({ cookie: { name: '_consent' }, categories: { analytics: { cookies: ['/^_/'], storage: ['/^consent/'] } } });
    env().storage.setItem('consent-gate:receipts', '{"q":[],"s":[]}');
    page(own).acceptAll();
    page(own).rejectAll();
    expect(page(own).decided).toBe(true);
    expect(env().storage.getItem('consent-gate:receipts')).not.toBeNull();
  });
});

test('a ";" in the page path injects no cookie attribute into erase writes (item 9)', () => {
  env().jar.path = '/a;domain=evil.example;x/b';
  const writes: string[] = [];
  const jar = env().jar;
  vi.stubGlobal('document', { ...document, get cookie() { return jar.read(); }, set cookie(s: string) { writes.push(s); jar.write(s); } });
  document.cookie = '_ga=1; path=/';
  const c = page();
  c.acceptAll();
  c.rejectAll();
  expect(writes.filter((w) => w.startsWith('_ga=;')).length).toBeGreaterThan(0);
  for (const w of writes) expect(w).not.toMatch(/evil|x\/b/);
});

describe('Global Privacy Control turned on after a yes (item 16)', () => {
  test('opt-out: a yes given before the signal is refused again', () => {
    page(config({ mode: 'opt-out' })).acceptAll();
    env().gpc = true;
    const c = page(config({ mode: 'opt-out' }));
    expect(c.has('marketing')).toBe(false);
    expect(c.has('analytics')).toBe(true);
  });

  test('opt-out: a yes given while the signal was on stands', () => {
    env().gpc = true;
    page(config({ mode: 'opt-out' })).acceptAll();
    expect(page(config({ mode: 'opt-out' })).has('marketing')).toBe(true);
    // …and a later allow of another category keeps that yes's own mark.
    env().gpc = false;
    page(config({ mode: 'opt-out' })).allow('analytics');
    env().gpc = true;
    expect(page(config({ mode: 'opt-out' })).has('marketing')).toBe(true);
  });
});

test('get() and has() are pure: no refresh, listener or erasure from a read (item 17)', () => {
  let t = T0;
  const c = createConsent(config({ expiry: { acceptDays: 1 } }), { now: () => t });
  c.acceptAll();
  const heard = vi.fn();
  c.listen(heard);
  document.cookie = '_ga=1; path=/';
  t += 2 * DAY;
  c.has('analytics');
  c.get();
  expect(heard).not.toHaveBeenCalled();
  expect(document.cookie).toContain('_ga=1');
});

describe('refused categories\' cookies are erased on every page view (item 22)', () => {
  test('a tracker cookie written back after the refusal is erased on the next page view', () => {
    page().acceptAll();
    page().rejectAll();
    document.cookie = '_ga=again; path=/';
    env().storage.setItem('ga_key', '1');
    page();
    expect(document.cookie).not.toContain('_ga');
    expect(env().storage.getItem('ga_key')).toBeNull();
  });

  test('…and after the withdrawal reload', () => {
    page().acceptAll();
    page().reset();
    document.cookie = '_ga=pagehide; path=/'; // written during the reload
    page();
    expect(document.cookie).not.toContain('_ga');
  });

  test('a category never refused keeps its cookies', () => {
    page().save({ analytics: true });
    document.cookie = '_ga=1; path=/';
    page();
    expect(document.cookie).toContain('_ga=1');
  });
});

describe('another tab\'s decision (item 23)', () => {
  test('closes this tab\'s banner', () => {
    const a = page();
    const b = page();
    b.showBanner();
    a.acceptAll();
    expect(b.decided).toBe(true);
    expect(b.view).toBe(null);
  });

  test('found on return to the tab (visibilitychange) closes it too', () => {
    const b = page();
    b.showBanner();
    env().bus.hold = true; // the message is lost; the cookie is there
    page().rejectAll();
    env().fire('visibilitychange');
    expect(b.view).toBe(null);
  });
});

describe('receipts', () => {
  const sent: unknown[] = [];
  beforeEach(() => {
    sent.length = 0;
    vi.stubGlobal('fetch', (_u: string, init: { body: string }) => { sent.push(JSON.parse(init.body)); return Promise.resolve({ status: 201 }); });
  });
  const withReceipts = config({ receipts: { endpoint: '/consent/receipts' } });

  test('a cookie cleared by the visitor is no withdrawal', () => {
    page(withReceipts).acceptAll();
    const c = page(withReceipts);
    receipts(c);
    env().jar.cookies = [];
    env().fire('visibilitychange');
    expect(c.decided).toBe(false);
    expect(sent).toEqual([]);
  });

  test('a reset is a withdrawal receipt', () => {
    page(withReceipts).acceptAll();
    const c = page(withReceipts);
    receipts(c);
    c.reset();
    expect(sent).toMatchObject([{ source: 'reset', categories: { necessary: true, analytics: false, marketing: false } }]);
  });
});

describe('a clock set back', () => {
  test('opt-out: a refusal from "the future" still holds', () => {
    page(config({ mode: 'opt-out' })).rejectAll();
    vi.setSystemTime(T0 - 3 * DAY);
    expect(page(config({ mode: 'opt-out' })).has('analytics')).toBe(false);
  });

  test('a consent from "the future" grants nothing', () => {
    page().acceptAll();
    vi.setSystemTime(T0 - 3 * DAY);
    const c = page();
    expect(c.decided).toBe(false);
    expect(c.has('analytics')).toBe(false);
  });
});

test('allow() in a tab that has not heard another tab\'s refusal yet does not bring back the grant', () => {
  page().acceptAll();
  const stale = page();
  env().bus.hold = true; // the other tab's message is still on its way
  vi.setSystemTime(T0 + 1000);
  page().rejectAll();
  vi.setSystemTime(T0 + 2000);
  stale.allow('marketing', 'placeholder');
  env().bus.deliver();
  expect(page().has('analytics')).toBe(false);
  expect(page().has('marketing')).toBe(true);
});

describe('the record always fits its cookie, or a refusal would be lost', () => {
  /** `n` optional categories with ids of 32 characters, starting with `prefix`. */
  const many = (n: number, prefix: string) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [(prefix + i).padEnd(32, 'x'), {}]));

  test('a config whose decision could pass 3,800 characters is refused, naming categories', () => {
    expect(() => parseConfig({ categories: many(120, 'c') })).toThrow(ConfigError);
    expect(() => parseConfig({ categories: many(120, 'c') })).toThrow(/^- categories: expected category ids and policy versions .* this config needs up to \d+\)/m);
    // Long policy versions count too.
    const policies = Object.fromEntries(Array.from({ length: 60 }, (_, i) => ['p' + i, { version: 'v'.repeat(64) }]));
    expect(() => parseConfig({ policies, categories: { a: {} } })).toThrow(/^- categories: /m);
  });

  test('the largest config accepted, refused under every rename, stays refused (opt-out, a 4,000-character <html lang>)', () => {
    document.documentElement.lang = 'en-' + Array(500).fill('abcdefg').join('-');
    let n = 100;
    while (n > 0) {
      try { parseConfig({ categories: many(n, 'c') }); break; } catch { n--; }
    }
    expect(n).toBeGreaterThan(80);
    // Each new config renames every category; each time the visitor refuses them all.
    for (let round = 0; round < 6; round++) {
      vi.setSystemTime(T0 + round * 1000);
      const c = config({ mode: 'opt-out', categories: many(n, 'r' + round) });
      page(c).rejectAll();
      const value = env().jar.copies('consent')[0]?.value ?? '';
      expect(value.length).toBeLessThanOrEqual(MAX_RECORD);
      const r = decodeRecord(decodeURIComponent(value), Date.now());
      expect(r).toBeDefined();
      // Every category of today's config is refused on the next page view; nothing is granted.
      const next = page(c).get();
      expect(Object.values(next.categories).every((v) => v === false)).toBe(true);
      expect(next.decided).toBe(true);
    }
  });

  test('carried refusals are measured as the cookie holds them: escaped policy versions leave them less room (opt-out)', () => {
    // Versions of 64 '€': 576 characters each in the record, 960 in the cookie (js-cookie writes each % as %25).
    const policies = Object.fromEntries(['privacy', 'terms', 'cookies'].map((id) => [id, { version: '€'.repeat(64) }]));
    const site = (round: number) => config({ mode: 'opt-out', policies, categories: many(18, 'r' + round) });
    for (let round = 0; round < 3; round++) {
      vi.setSystemTime(T0 + round * 1000);
      page(site(round)).rejectAll();
      expect(console.warn).not.toHaveBeenCalled();
      const value = env().jar.copies('consent')[0]?.value ?? '';
      expect(value.length).toBeLessThanOrEqual(MAX_RECORD);
      const next = page(site(round)).get();
      expect(next.decided).toBe(true);
      expect(Object.values(next.categories).every((v) => v === false)).toBe(true);
    }
  });
});
