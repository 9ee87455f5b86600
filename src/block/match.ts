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
import { toPattern } from '../core/config.js';

/**
 * Compiles `[pattern, value]` pairs into a function returning the values whose pattern
 * matches a URL (relative URLs are resolved against `base`); `[]` for no match or no URL.
 *
 * @example sourceMatcher([['doubleclick.net', 'marketing']])('https://ad.doubleclick.net/x') // ['marketing']
 */
export function sourceMatcher<T>(entries: Iterable<readonly [string, T]>): (url: string | URL, base?: string) => T[] {
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
  return (input, base) => {
    const found: T[] = [];
    let url: URL;
    try { url = new URL(input, base); } catch { return found; }
    const path = url.pathname + url.search;
    // A trailing dot names the same host (`example.com.`).
    for (let host = url.hostname.replace(/\.$/, ''); host; host = host.slice(host.indexOf('.') + 1 || host.length)) {
      for (const [prefix, value] of hosts.get(host) ?? []) if (path.startsWith(prefix)) found.push(value);
    }
    for (const [re, value] of regexes) if (re.test(url.href)) found.push(value);
    return found;
  };
}
