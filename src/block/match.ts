/**
 * The `sources` syntax, matched: a plain entry is a host (matching it and every subdomain,
 * whatever the port), optionally followed by a path prefix (`googletagmanager.com/gtag/js`,
 * compared with the path and query, case-sensitively); `/regex/` is tested against the whole
 * absolute URL. Used by the blocker (src/block/) and by the services list (src/services/).
 *
 * Hosts go into a map, so a URL costs one parse and one lookup per label of its host
 * (`a.b.example.com`: 4), however many entries there are; only `/regex/` entries are tried
 * one by one.
 */
import { toPattern } from '../core/pattern.js';

/**
 * Compiles `[pattern, value]` pairs into a function returning the values whose pattern
 * matches a URL (a URL object is used as it is, a string is parsed, relative to `base`); `[]` for no match or no URL.
 *
 * @example sourceMatcher([['doubleclick.net', 'marketing']])('https://ad.doubleclick.net/x') // ['marketing']
 */
export function sourceMatcher<T>(entries: Iterable<readonly [string, T]>): SourceMatcher<T> {
  const hosts = new Map<string, [path: string, value: T][]>();
  const regexes: [RegExp, T][] = [];
  for (const [entry, value] of entries) {
    const p = toPattern(entry);
    if (typeof p !== 'string') regexes.push([p, value]);
    else {
      const slash = (p + '/').indexOf('/');
      const host = p.slice(0, slash).toLowerCase();
      hosts.set(host, [...(hosts.get(host) ?? []), [p.slice(slash), value]]);
    }
  }
  const match = (input: string | URL, base?: string) => {
    const found: T[] = [];
    let url: URL;
    try { url = input instanceof URL ? input : new URL(input, base); } catch { return found; }
    const path = url.pathname + url.search;
    // A trailing dot names the same host (`example.com.`).
    for (let host = url.hostname.replace(/\.$/, ''); host; host = host.slice(host.indexOf('.') + 1 || host.length)) {
      for (const [prefix, value] of hosts.get(host) ?? []) if (path.startsWith(prefix)) found.push(value);
    }
    for (const [re, value] of regexes) if (re.test(url.href)) found.push(value);
    return found;
  };
  return Object.assign(match, {
    anywhereOn: (hostname: string) => {
      let any = regexes.length > 0;
      for (let host = hostname; host && !any; host = host.slice(host.indexOf('.') + 1 || host.length)) any = hosts.has(host);
      return any;
    },
  });
}

/** A compiled set of entries: call it with a URL; `anywhereOn(host)` says whether any URL on that host could match. */
export interface SourceMatcher<T> {
  (url: string | URL, base?: string): T[];
  anywhereOn(hostname: string): boolean;
}
