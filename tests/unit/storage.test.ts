// @vitest-environment happy-dom
// @vitest-environment-options {"url":"https://shop.example.com/a/b"}
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createConsent } from '../../src/consent/store';
import { cookieStorage } from '../../src/storage/cookie';
import { eraseCookies, eraseStorage } from '../../src/storage/erase';
import { parseConfig } from '../../src/consent/config';
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
  describe('cookies blocked for a while, then working again (the tab came back into view)', () => {
    /** document.cookie over happy-dom's own, switched off (reads nothing, writes dropped) and on. */
    const switchable = () => {
      let proto = Object.getPrototypeOf(document);
      while (!Object.getOwnPropertyDescriptor(proto, 'cookie')) proto = Object.getPrototypeOf(proto);
      const own = Object.getOwnPropertyDescriptor(proto, 'cookie')!;
      const sw = { off: false };
      stubCookie(() => (sw.off ? '' : own.get!.call(document)), (v) => { if (!sw.off) own.set!.call(document, v); });
      return sw;
    };
    const back = () => document.dispatchEvent(new Event('visibilitychange'));

    test.each([
      ['made while blocked, then read again once cookies work', (c: ReturnType<typeof createConsent>, sw: { off: boolean }) => { c.rejectAll(); sw.off = false; back(); }],
      ['made after cookies work again, the page still in memory', (c: ReturnType<typeof createConsent>, sw: { off: boolean }) => { c.acceptAll(); sw.off = false; back(); c.rejectAll(); }],
      ['made after cookies work again, nothing read meanwhile', (c: ReturnType<typeof createConsent>, sw: { off: boolean }) => { c.acceptAll(); sw.off = false; c.rejectAll(); }],
    ])('a refusal %s reaches the cookie: the next page view reads no, not the grant the cookie held', (_, steps) => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const sw = switchable();
      const c = createConsent({ categories });
      c.acceptAll();
      sw.off = true;
      steps(c, sw);
      expect(c.has('analytics')).toBe(false);
      expect(c.get().storage).toBe('cookie');
      const next = createConsent({ categories });
      expect(next.decided).toBe(true);
      expect(next.has('analytics')).toBe(false);
      c.destroy();
      next.destroy();
    });

    test('a grant made while blocked is no older than the cookie\'s refusal: the cookie gets it once cookies work', () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const sw = switchable();
      const c = createConsent({ categories });
      c.rejectAll();
      sw.off = true;
      c.save({ analytics: true });
      expect(c.get().storage).toBe('memory');
      sw.off = false;
      back();
      expect(c.get().storage).toBe('cookie');
      expect(createConsent({ categories }).get().categories).toMatchObject({ analytics: true, marketing: false });
      c.destroy();
    });
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

  test('a store with no refusal stored does not touch localStorage', () => {
    const used = vi.spyOn(window, 'localStorage', 'get');
    createConsent({ categories });
    eraseStorage([]);
    expect(used).not.toHaveBeenCalled();
  });
});
