import Cookies from 'js-cookie';
import { expireCookies } from './erase.js';
import { memoryStorage } from './memory.js';
import type { CookieSettings, DecisionStorage } from './types.js';

/**
 * Keeps the decision in a first-party cookie through js-cookie. The page may see several
 * cookies of that name (the site added `cookie.domain` or changed `cookie.path`, a sibling
 * host wrote a host-only one): `readAll` returns every copy, and a write first expires every
 * copy this page can reach, so the one written is the one read. Copies under `formerNames` (the
 * cookie's names before a rename) are read too, and expired by the next write. When the cookie cannot be
 * written or read back (cookies blocked, a sandboxed frame, `document.cookie` throwing), it
 * says so once in the console and keeps the decision in memory; every write tries the cookie again
 * (the store writes what it holds back after each read while in memory). Without a document it is
 * memory from the start.
 *
 * With `endpoint` (the config's `cookieEndpoint`), each cookie written is also POSTed there as
 * `{ name, value, maxAge, path, domain, sameSite, secure }` so that the site's server sets the
 * same cookie (browsers that cap cookies set by scripts, like Safari, then keep it its whole
 * lifetime). A failing endpoint changes nothing here.
 *
 * @example const storage = cookieStorage(parseConfig(config).cookie)
 */
export function cookieStorage(options: CookieSettings, endpoint?: string): DecisionStorage {
  if (typeof document === 'undefined') return memoryStorage();
  const { name, domain, path, sameSite } = options;
  const names = [name, ...options.formerNames];
  const secure = options.secure ?? (typeof location !== 'undefined' && location.protocol === 'https:');
  const jar = Cookies.withAttributes({ path, domain, sameSite, secure });
  /**
   * What this page could not put in the cookie (blocked) and keeps instead, until a write finds
   * cookies working again: read beside the cookie's copies meanwhile.
   */
  let held: { value?: string; days: number } | undefined;
  const block = (value?: string, days = 0) => {
    if (!held) console.warn('consent-gate: cookies are blocked; the consent decision is kept in memory for this page only.');
    held = { value, days };
  };
  /** Every visible copy's value, decoded as js-cookie does. */
  const all = () => document.cookie.split('; ').flatMap((c) => {
    const i = c.indexOf('=');
    try {
      return names.includes(c.slice(0, i)) ? [jar.converter.read(c.slice(i + 1), name)] : [];
    } catch {
      return []; // a garbled copy (bad %-escape) is no copy
    }
  });
  /** Expires every copy this page can reach. */
  const remove = () => expireCookies(names, [path]);
  /** Puts `value` in the cookie; false when it does not read back (blocked). */
  const put = (value: string, days: number) => {
    try {
      remove();
      jar.set(name, value, { expires: days });
      // Written is written, even when a copy out of reach (another path) is visible too.
      if (!all().includes(value)) return false;
    } catch {
      return false;
    }
    held = undefined;
    if (endpoint) {
      const body = { name, value: jar.converter.write(value, name), maxAge: Math.round(days * 864e2), path, domain, sameSite, secure };
      // As text/plain (no preflight, like sendBeacon); the route reads JSON either way.
      fetch(endpoint, { method: 'POST', body: JSON.stringify(body), keepalive: true }).catch(() => {});
    }
    return true;
  };
  /** Every copy, and what is held; the store takes the newest, and writes it back (into the cookie, when cookies work again). */
  const readAll = (): (string | undefined)[] => {
    let values: string[] = [];
    try { values = all(); } catch { block(held?.value, held?.days); }
    return held?.value === undefined ? values : [held.value, ...values];
  };
  return {
    get kind() { return held ? 'memory' : 'cookie'; },
    read: () => readAll()[0],
    readAll,
    write(value, days) {
      if (!put(value, days)) block(value, days);
    },
    clear() {
      if (held) held.value = undefined;
      try { remove(); } catch { block(); }
    },
  };
}
