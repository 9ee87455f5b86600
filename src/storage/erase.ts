/**
 * Erases cookies and localStorage keys that a refused or withdrawn category
 * declared. A cookie may have been set for the current host or any parent
 * domain, and on any path above the page, so each of those is expired.
 * Safe to call without a document (it does nothing).
 *
 * @example eraseCookies(['_ga', /^_ga_/])
 */
export function eraseCookies(patterns: readonly (string | RegExp)[]): string[] {
  if (typeof document === 'undefined' || !patterns.length) return [];
  let jar: string;
  try { jar = document.cookie; } catch { return []; }
  const names = jar.split(';').map((c) => c.split('=')[0]!.trim()).filter((n) =>
    n && patterns.some((p) => (typeof p === 'string' ? p === n : p.test(n))));
  if (!names.length) return names;
  const host = location.hostname;
  const labels = host.split('.');
  // '' = host-only; then the host and every parent domain (the browser ignores public suffixes).
  const domains = [''];
  if (!/^[\d.]+$|:/.test(host)) for (let i = 0; i < labels.length - 1; i++) domains.push(labels.slice(i).join('.'));
  const paths = ['/'];
  const segs = location.pathname.split('/');
  for (let i = 2; i <= segs.length; i++) {
    const p = segs.slice(0, i).join('/');
    if (p) paths.push(p, p + '/');
  }
  // Over https, `__Secure-`/`__Host-` cookies need `Secure` to be overwritten, and partitioned
  // (CHIPS) cookies live in their own jar that only a `Partitioned` write reaches.
  const flags = location.protocol === 'https:' ? ['', '; secure', '; secure; partitioned'] : [''];
  for (const n of names) {
    for (const d of domains) {
      for (const p of paths) {
        for (const f of flags) {
          try {
            document.cookie = `${n}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=${p}${d ? '; domain=' + d : ''}${f}`;
          } catch { return names; }
        }
      }
    }
  }
  return names;
}

/** Removes localStorage keys (names or /regex/); storage being blocked is not an error. */
export function eraseStorage(keys: readonly (string | RegExp)[]): void {
  try {
    const ls = globalThis.localStorage;
    if (!ls || !keys.length) return;
    for (let i = ls.length - 1; i >= 0; i--) {
      const k = ls.key(i);
      if (k !== null && keys.some((p) => (typeof p === 'string' ? p === k : p.test(k)))) ls.removeItem(k);
    }
  } catch { /* storage blocked */ }
}
