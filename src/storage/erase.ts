/**
 * What was erased on this page (names, in order; the same name again when erased again), for the
 * debug panel (src/debug/), which tells from the config which category's refusal erased each.
 */
export const erased: { readonly cookies: string[]; readonly storage: string[] } = { cookies: [], storage: [] };

/**
 * Erases cookies and localStorage keys that a refused or withdrawn category
 * declared. A cookie may have been set for the current host or any parent
 * domain, and on any path above the page, so each of those is expired.
 * Safe to call without a document (it does nothing).
 *
 * @example eraseCookies(['_ga', /^_ga_/])
 */
export function eraseCookies(patterns: readonly (string | RegExp)[], keep: readonly string[] = []): string[] {
  let names: string[] = [];
  try {
    if (typeof document === 'undefined' || !patterns.length) return names;
    // The library's own decision cookies (`keep`: its name and former names) are never a category's to erase, whatever the pattern.
    names = document.cookie.split(';').map((c) => c.split('=')[0]!.trim()).filter((n) => n && !keep.includes(n) && matches(patterns, n));
    expireCookies(names);
    erased.cookies.push(...names);
  } catch { /* cookies blocked */ }
  return names;
}

/**
 * Expires each cookie named on every scope this page can reach: host-only and every parent
 * domain, `/`, each path above the page and `extraPaths`. Paths holding a character that
 * would end or bend the cookie string (`;`, controls, spaces) are skipped, never written.
 */
export function expireCookies(names: readonly string[], extraPaths: readonly string[] = []): void {
  const { hostname, pathname, protocol } = location;
  const labels = hostname.split('.');
  // '' = host-only; then the host and every parent domain (the browser ignores public suffixes).
  const domains = ['', ...(/^[\d.]+$|:/.test(hostname) ? [] : labels.slice(1).map((_, i) => labels.slice(i).join('.')))];
  const paths = new Set(['/', ...extraPaths]);
  let p = '';
  for (const seg of pathname.split('/').slice(1)) paths.add(p += '/' + seg).add(p + '/');
  // Over https, `__Secure-`/`__Host-` cookies need `Secure` to be overwritten, and partitioned
  // (CHIPS) cookies live in their own jar that only a `Partitioned` write reaches.
  const flags = protocol === 'https:' ? ['', '; secure', '; secure; partitioned'] : [''];
  for (const n of names) for (const d of domains) for (const p of paths) for (const f of flags) {
    if (!/[^\x21-\x3a\x3c-\x7e]/.test(p)) document.cookie = `${n}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=${p}${d && '; domain=' + d}${f}`;
  }
}

/** Does `name` match one of `patterns` (names or RegExps)? */
const matches = (patterns: readonly (string | RegExp)[], name: string) =>
  patterns.some((p) => (typeof p === 'string' ? p === name : p.test(name)));

/** Keys of the library's own (the receipts queue, `consent-gate:receipts`): never a category's to erase. */
const OWN = /^consent-gate:/;

/** Removes localStorage keys (names or /regex/); storage being blocked is not an error. */
export function eraseStorage(keys: readonly (string | RegExp)[]): void {
  // Nothing to erase (every page view without a stored refusal): localStorage untouched, as its first use on a page
  // opens the origin's storage (at 4× CPU, ~27 ms of the store's creation on a first visit: issue 20).
  if (!keys.length) return;
  try {
    const ls = globalThis.localStorage;
    for (let i = ls ? ls.length : 0; i--;) {
      const k = ls.key(i);
      if (k !== null && !OWN.test(k) && matches(keys, k)) {
        ls.removeItem(k);
        erased.storage.push(k);
      }
    }
  } catch { /* storage blocked */ }
}
