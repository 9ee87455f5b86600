// A no stays a no, round three (issue 21, store side): each leak found, reproduced against the
// real cookie code over a browser-like jar (tests/support/cookie-jar.ts), one store a page view.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { readConsent } from '../../src/consent/read';
import { decodeRecord, KEEP_DAYS } from '../../src/core/record';
import { validateConfig } from '../../src/consent/config';
import { receipts } from '../../src/receipts/client';
import type { Mode } from '../../src/core/types';
import { DAY, pageViews, T0 } from '../support/page-views';

const { config, page, env } = pageViews({ necessary: { required: true }, analytics: { cookies: ['_ga'] }, marketing: {} });

describe('a refusal does not lapse into a grant (item 12)', () => {
  test.each(['opt-out', 'notice'] as const)('%s: a visitor who keeps coming back stays refused past 400 days, and is asked again', (mode) => {
    const c = config({ mode });
    page(c).rejectAll();
    // Visits every 100 days: the cookie is written again before the browser's cap runs out.
    for (let d = 100; d <= 900; d += 100) {
      vi.setSystemTime(T0 + d * DAY);
      const s = page(c);
      expect(s.has('analytics'), `day ${d}`).toBe(false);
      expect(s.has('marketing'), `day ${d}`).toBe(false);
    }
    // Asked again (after rejectDays), but nothing is granted until a yes.
    expect(page(c).decided).toBe(false);
  });

  test('opt-out: a record older than 400 days that is still there keeps its refusal (the server reads it too)', () => {
    const c = config({ mode: 'opt-out' });
    page(c).rejectAll();
    const value = env().jar.copies('consent')[0]!.value;
    vi.setSystemTime(T0 + 450 * DAY);
    // The cookie came back with a longer life (a server's Set-Cookie from cookieEndpoint, another browser's cap).
    document.cookie = `consent=${value}; path=/; max-age=${30 * 86400}`;
    expect(page(c).has('analytics')).toBe(false);
    expect(readConsent(`consent=${value}`, c, { now: Date.now() }).categories.analytics).toBe(false);
  });

  test('the cookie is written again at most once a day, and keeps the decision as it was', () => {
    const c = config({ mode: 'opt-out' });
    page(c).save({ analytics: true });
    const first = decodeRecord(env().jar.copies('consent')[0]!.value, Date.now())!;
    vi.setSystemTime(T0 + 3 * DAY);
    const writes: string[] = [];
    const jar = env().jar;
    vi.stubGlobal('document', { ...document, get cookie() { return jar.read(); }, set cookie(s: string) { writes.push(s); jar.write(s); } });
    const s = page(c);
    expect(writes.filter((w) => w.startsWith('consent=1'))).toHaveLength(1);
    const [cookie] = env().jar.copies('consent');
    expect(cookie!.expires).toBe(T0 + 3 * DAY + KEEP_DAYS * DAY);
    const again = decodeRecord(cookie!.value, Date.now())!;
    expect({ ...again, writtenAt: undefined }).toEqual({ ...first, writtenAt: undefined });
    expect(s.get()).toMatchObject({ decided: true, decidedAt: new Date(T0).toISOString() });
    page(c);
    vi.setSystemTime(T0 + 3 * DAY + 1000);
    page(c);
    expect(writes.filter((w) => w.startsWith('consent=1'))).toHaveLength(1);
  });
});

describe('a re-read that finds nothing keeps the refusal (item 16)', () => {
  test.each(['opt-out', 'notice', 'opt-in'] as Mode[])('%s: cookie deleted by another script mid-session', (mode) => {
    const c = page(config({ mode }));
    c.save({ marketing: true });
    env().jar.cookies = [];
    env().fire('visibilitychange');
    expect(c.has('analytics')).toBe(false);
    // Written back: the next page view reads it too.
    expect(page(config({ mode })).has('analytics')).toBe(false);
  });

  test('opt-out: cookies switched off mid-session (document.cookie reads nothing, writes are dropped)', () => {
    const c = page(config({ mode: 'opt-out' }));
    c.rejectAll();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubGlobal('document', { ...document, get cookie() { return ''; }, set cookie(_s: string) {} });
    env().fire('visibilitychange');
    expect(c.has('analytics')).toBe(false);
    expect(c.get().storage).toBe('memory');
    c.allow('marketing');
    expect(c.has('analytics')).toBe(false);
    expect(c.has('marketing')).toBe(true);
  });

  test('opt-out: a stale grant left under another path does not replace the refusal', () => {
    const c = page(config({ mode: 'opt-out' }));
    vi.setSystemTime(T0 + 1000);
    c.rejectAll();
    // Another script deletes the decision and an older copy (an Accept all) is what is left to read.
    const stale = `1|0b5e7a4c-9f2d-4c1e-8a3b-5d6e7f8a9b0c|${(T0 - 5 * DAY).toString(36)}|${(T0 + 300 * DAY).toString(36)}|banner||analytics:1+marketing:1|privacy:1`;
    env().jar.cookies = [];
    document.cookie = `consent=${stale}; path=/`;
    env().fire('visibilitychange');
    expect(c.has('analytics')).toBe(false);
    expect(page(config({ mode: 'opt-out' })).has('analytics')).toBe(false);
  });

  test('a clock set back: another tab\'s decision, whose time reads earlier, is taken, and the re-read writes nothing', () => {
    const c = page();
    c.rejectAll();
    vi.setSystemTime(T0 - 2 * DAY);
    env().bus.hold = true; // the other tab's message is lost; its cookie is there
    page().acceptAll();
    const kept = env().jar.copies('consent').map((x) => x.value);
    env().fire('visibilitychange');
    expect(c.has('analytics')).toBe(true);
    expect(env().jar.copies('consent').map((x) => x.value)).toEqual(kept);
  });

  test('two decisions in the same millisecond, then the cookie deleted: the later refusal is kept', () => {
    const c = page(config({ mode: 'opt-out' }));
    c.save({ analytics: true });
    c.rejectAll();
    env().jar.cookies = [];
    env().fire('visibilitychange');
    expect(c.has('analytics')).toBe(false);
    expect(page(config({ mode: 'opt-out' })).has('analytics')).toBe(false);
  });

  test('a cookie cleared that held only grants is forgotten (no refusal to keep)', () => {
    const c = page();
    c.acceptAll();
    env().jar.cookies = [];
    env().fire('visibilitychange');
    expect(c.decided).toBe(false);
    expect(c.has('analytics')).toBe(false);
  });
});

describe('cookie.formerNames (item 17)', () => {
  test('opt-out: a refusal stored under the former name holds after the rename, and moves to the new name', () => {
    page(config({ mode: 'opt-out', cookie: { name: 'old_consent' } })).rejectAll();
    const renamed = config({ mode: 'opt-out', cookie: { name: 'consent', formerNames: ['old_consent'] } });
    expect(page(renamed).has('analytics')).toBe(false);
    expect(readConsent(document.cookie, renamed).categories.analytics).toBe(false);
    vi.setSystemTime(T0 + 2 * DAY);
    page(renamed);
    expect(env().jar.copies('old_consent')).toEqual([]);
    expect(env().jar.copies('consent')).toHaveLength(1);
    expect(page(renamed).has('analytics')).toBe(false);
  });

  test('a decision under the new name wins over an older one under a former name', () => {
    page(config({ cookie: { name: 'old_consent' } })).rejectAll();
    vi.setSystemTime(T0 + 1000);
    const renamed = config({ cookie: { name: 'consent', formerNames: ['old_consent'] } });
    page(renamed).acceptAll();
    expect(page(renamed).has('analytics')).toBe(true);
    expect(env().jar.copies('old_consent')).toEqual([]);
  });

  test('a category\'s erase pattern never erases a former decision cookie', () => {
    const c = config({ mode: 'opt-out', cookie: { name: 'consent', formerNames: ['_consent'] }, categories: { analytics: { cookies: ['/^_/'] } } });
    page(config({ mode: 'opt-out', cookie: { name: '_consent' }, categories: { analytics: { cookies: ['/^_/'] } } })).rejectAll();
    expect(page(c).has('analytics')).toBe(false);
  });

  test('is checked like every field: errors name it', () => {
    expect(validateConfig(config({ cookie: { formerNames: 'old' as never } })).problems).toEqual(['cookie.formerNames: expected an array, got "old"']);
    expect(validateConfig(config({ cookie: { formerNames: ['ok', 'no spaces'] } })).problems).toEqual(['cookie.formerNames[1]: expected a cookie name (letters, digits, _ - . and no spaces), got "no spaces"']);
    expect(validateConfig(config({ cookie: { formerNames: ['old'] } })).config?.cookie.formerNames).toEqual(['old']);
    expect(validateConfig(config()).config?.cookie.formerNames).toEqual([]);
  });
});

describe('a listener that throws (item 19)', () => {
  test('stops neither the other listeners, consent-change, whenGranted, the other tabs nor the decision', async () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (e: unknown) => reported.push(e));
    const events: unknown[] = [];
    const dispatch = vi.fn((e: Event) => { events.push(e.type); return true; });
    vi.stubGlobal('document', Object.assign(Object.create(document), { dispatchEvent: dispatch, get cookie() { return env().jar.read(); }, set cookie(s: string) { env().jar.write(s); } }));
    const other = page();
    const c = page();
    c.listen(() => { throw new Error('boom'); });
    const heard = vi.fn();
    c.listen(heard);
    c.showBanner();
    c.onView((v) => { if (v === null) throw new Error('view boom'); });
    const granted = c.whenGranted('analytics');
    expect(() => c.acceptAll()).not.toThrow();
    await granted;
    expect(heard).toHaveBeenCalledTimes(1);
    expect(events).toContain('consent-change');
    expect(other.has('analytics')).toBe(true);
    expect(c.view).toBe(null);
    expect(reported.map(String).sort()).toEqual(['Error: boom', 'Error: view boom']);
  });

  test('a subscriber that throws at once is still subscribed', () => {
    vi.stubGlobal('reportError', () => {});
    const c = page();
    let calls = 0;
    expect(() => c.subscribe(() => { calls++; throw new Error('first'); })).not.toThrow();
    c.acceptAll();
    expect(calls).toBe(2);
  });
});

describe('a receipt only for a decision (item 20)', () => {
  const sent: { decidedAt: string; source: string; categories: Record<string, boolean> }[] = [];
  beforeEach(() => {
    sent.length = 0;
    vi.stubGlobal('fetch', (_u: string, init: { body: string }) => { sent.push(JSON.parse(init.body)); return Promise.resolve({ status: 201 }); });
  });
  const withReceipts = config({ mode: 'opt-out', gpc: ['marketing'], receipts: { endpoint: '/consent/receipts' } });

  test('GPC switched on mid-session sends nothing', () => {
    const c = page(withReceipts);
    receipts(c);
    c.acceptAll();
    expect(sent).toHaveLength(1);
    env().gpc = true;
    env().fire('visibilitychange');
    expect(c.has('marketing')).toBe(false);
    expect(sent).toHaveLength(1);
  });

  test('two decisions in the same millisecond are two receipts', () => {
    const c = page(withReceipts);
    receipts(c);
    c.acceptAll();
    c.rejectAll();
    expect(sent.map((r) => r.categories.analytics)).toEqual([true, false]);
    expect(page(withReceipts).has('analytics')).toBe(false);
  });
});
