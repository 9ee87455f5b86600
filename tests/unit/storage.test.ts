// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/a/b"}
import Cookies from 'js-cookie';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { consentStore, createConsent } from '../../src/core/store';
import { deferredCookieStorage } from '../../src/storage/deferred';
import { cookieStorage } from '../../src/storage/cookie';
import { eraseCookies, eraseStorage } from '../../src/storage/erase';
import { parseConfig } from '../../src/core/config';
import type { ConsentState } from '../../src/core/types';

const categories = { necessary: { required: true }, analytics: { cookies: ['_ga', '/^_ga_/'], storage: ['plausible_ignore'] }, marketing: {} };

/** Replaces document.cookie for one test (removed again in afterEach). */
function stubCookie(get: () => string, set: (v: string) => void) {
  Object.defineProperty(document, 'cookie', { configurable: true, get, set });
}

afterEach(() => {
  vi.restoreAllMocks();
  delete (document as { cookie?: string }).cookie;
  for (const c of document.cookie.split(';')) {
    const n = c.split('=')[0]!.trim();
    if (n) document.cookie = `${n}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
  localStorage.clear();
});

describe('cookie storage', () => {
  test('the decision is written to the configured cookie', () => {
    const c = createConsent({ categories, cookie: { name: 'cg' } });
    c.save({ analytics: true });
    expect(document.cookie).toMatch(/(^|; )cg=1\|/);
    expect(c.get().storage).toBe('cookie');
    const again = createConsent({ categories, cookie: { name: 'cg' } });
    expect(again.has('analytics')).toBe(true);
  });

  test('a tampered cookie is no decision', () => {
    document.cookie = 'consent=1|x|y|z|banner|en|analytics:1|; path=/';
    const c = createConsent({ categories });
    expect(c.decided).toBe(false);
    expect(c.has('analytics')).toBe(false);
  });

  test('an oversized cookie is no decision', () => {
    document.cookie = `consent=${'1|'.padEnd(3900, 'a')}; path=/`;
    expect(createConsent({ categories }).has('analytics')).toBe(false);
  });

  test('when document.cookie throws, the store works in memory and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const blocked = () => { throw new DOMException('blocked', 'SecurityError'); };
    stubCookie(blocked, blocked);
    const c = createConsent({ categories });
    expect(c.decided).toBe(false);
    c.acceptAll();
    expect(c.has('analytics')).toBe(true);
    c.rejectAll();
    expect(c.has('analytics')).toBe(false);
    expect(c.get().storage).toBe('memory');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test('when cookies are silently dropped, the store falls back to memory', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    stubCookie(() => '', () => {});
    const storage = cookieStorage(parseConfig({ categories }).cookie);
    storage.write('value', 1);
    expect(storage.kind).toBe('memory');
    expect(storage.read()).toBe('value');
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('events and erasure', () => {
  test('every change dispatches consent-change on document with the snapshot', () => {
    const c = createConsent({ categories });
    const seen: ConsentState[] = [];
    document.addEventListener('consent-change', (e) => seen.push((e as CustomEvent<ConsentState>).detail));
    c.acceptAll();
    c.reset();
    expect(seen.map((s) => s.categories.analytics)).toEqual([true, false]);
    expect(Object.isFrozen(seen[0])).toBe(true);
  });

  test('withdrawal erases the category cookies (names and /regex/) and storage keys', () => {
    const c = createConsent({ categories });
    c.acceptAll();
    document.cookie = '_ga=1; path=/';
    document.cookie = '_ga_ABC=2; path=/';
    document.cookie = 'keep=3; path=/';
    localStorage.setItem('plausible_ignore', 'true');
    localStorage.setItem('other', 'x');
    c.reset();
    expect(document.cookie).not.toMatch(/_ga/);
    expect(document.cookie).toMatch(/keep=3/);
    expect(localStorage.getItem('plausible_ignore')).toBeNull();
    expect(localStorage.getItem('other')).toBe('x');
  });

  test('rejecting erases cookies a refused category left behind', () => {
    document.cookie = '_ga=old; path=/';
    createConsent({ categories }).rejectAll();
    expect(document.cookie).not.toMatch(/_ga=/);
  });

  test('eraseCookies reports the names it erased', () => {
    document.cookie = '_ga_1=x; path=/';
    expect(eraseCookies([/^_ga_/])).toEqual(['_ga_1']);
    expect(eraseCookies(['nothing'])).toEqual([]);
    eraseStorage(['x']);
  });
});

describe('the drop-in storage (reads itself, writes through js-cookie once loaded)', () => {
  const options = parseConfig({ categories }).cookie;
  /** A load() that the test resolves by hand: the js-cookie chunk "arriving". */
  function chunk() {
    let arrive!: (ok: boolean) => void;
    const load = vi.fn(() => new Promise<typeof cookieStorage | undefined>((r) => { arrive = (ok) => r(ok ? cookieStorage : undefined); }));
    return { load, arrive: async (ok = true) => { arrive(ok); await Promise.resolve(); await Promise.resolve(); } };
  }

  test('reads exactly what js-cookie reads', () => {
    const { load } = chunk();
    const alphabet = [...'ab|:+-_.%25;,= "\'\\/é€😀\u0000'];
    for (let i = 0; i < 300; i++) {
      const value = Array.from({ length: 1 + (i % 40) }, (_, j) => alphabet[(i * 7 + j * 13) % alphabet.length]).join('');
      Cookies.set('consent', value);
      expect(deferredCookieStorage(options, load).read()).toBe(Cookies.get('consent'));
    }
    document.cookie = 'consent=%E0%A4%A; path=/';
    expect(deferredCookieStorage(options, load).read()).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
  });

  test('a write counts at once, expires the old cookie at once, and is stored when js-cookie arrives', async () => {
    cookieStorage(options).write('old', 1);
    const { load, arrive } = chunk();
    const s = deferredCookieStorage(options, load);
    s.write('new', 30);
    expect(s.read()).toBe('new');
    expect(document.cookie).not.toContain('consent=');
    expect(deferredCookieStorage(options, load).read()).toBeUndefined();
    s.write('newer', 30);
    expect(load).toHaveBeenCalledTimes(1);
    await arrive();
    expect(cookieStorage(options).read()).toBe('newer');
    s.write('last', 30);
    expect(cookieStorage(options).read()).toBe('last');
    expect(s.kind).toBe('cookie');
  });

  test('if js-cookie cannot load, the decision lasts for the page and the next write tries again', async () => {
    const { load, arrive } = chunk();
    const s = deferredCookieStorage(options, load);
    s.write('a', 1);
    await arrive(false);
    expect(s.read()).toBe('a');
    s.write('b', 1);
    expect(load).toHaveBeenCalledTimes(2);
    await arrive();
    expect(cookieStorage(options).read()).toBe('b');
  });

  test('clearing needs no chunk', () => {
    cookieStorage(options).write('old', 1);
    const { load } = chunk();
    const s = deferredCookieStorage(options, load);
    expect(s.read()).toBe('old');
    s.clear();
    expect(s.read()).toBeUndefined();
    expect(document.cookie).not.toContain('consent=');
    expect(load).not.toHaveBeenCalled();
  });

  test('with document.cookie throwing or cookies disabled it works in memory, warning once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const blocked = () => { throw new DOMException('blocked', 'SecurityError'); };
    stubCookie(blocked, blocked);
    const { load } = chunk();
    const s = deferredCookieStorage(options, load);
    expect(s.read()).toBeUndefined();
    s.write('v', 1);
    expect([s.read(), s.kind]).toEqual(['v', 'memory']);
    delete (document as { cookie?: string }).cookie;
    vi.spyOn(navigator, 'cookieEnabled', 'get').mockReturnValue(false);
    const off = deferredCookieStorage(options, load);
    expect([off.read(), off.kind]).toEqual([undefined, 'memory']);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(load).not.toHaveBeenCalled();
  });

  test('a store over it: a page left before js-cookie arrives asks again, never keeps the old decision', async () => {
    const config = parseConfig({ categories });
    const first = chunk();
    consentStore(config, deferredCookieStorage(config.cookie, first.load)).acceptAll();
    await first.arrive();
    const second = chunk();
    const page = consentStore(config, deferredCookieStorage(config.cookie, second.load));
    expect(page.has('analytics')).toBe(true);
    page.rejectAll();
    expect(page.has('analytics')).toBe(false);
    // "Reload" before the chunk arrived: no decision at all.
    const next = consentStore(config, deferredCookieStorage(config.cookie, chunk().load));
    expect([next.decided, next.has('analytics')]).toEqual([false, false]);
    await second.arrive();
    const after = consentStore(config, deferredCookieStorage(config.cookie, chunk().load));
    expect([after.decided, after.has('analytics')]).toEqual([true, false]);
  });

  test('a store notices when a late write finds cookies silently dropped', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const config = parseConfig({ categories });
    const { load, arrive } = chunk();
    const c = consentStore(config, deferredCookieStorage(config.cookie, load));
    stubCookie(() => '', () => {});
    c.acceptAll();
    expect(c.get().storage).toBe('cookie');
    await arrive();
    expect(c.get().storage).toBe('memory');
    expect(c.has('analytics')).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
