/**
 * The Open Cookie Database, as the debug panel reads it: a compact table (built from
 * data/open-cookie-database by scripts/ocd.mjs `compactTable`, a chunk of its own that the
 * panel imports only when the page has cookies the config does not list).
 */

/** `"category|platform"` → that platform's cookie names, one a line; a trailing `*` marks a prefix. */
export type CookieTable = Record<string, string>;

/**
 * A lookup in the table, as the scanner looks up (src/scan/classify.ts): the exact name first,
 * else the longest prefix.
 *
 * @example cookieLookup(table)('_ga_ABC123') // { category: 'analytics', platform: 'Google Analytics' }
 */
export function cookieLookup(table: CookieTable): (name: string) => { category: string; platform: string } | undefined {
  const exact = new Map<string, string>();
  const prefixes: [string, string][] = [];
  for (const [key, names] of Object.entries(table)) {
    for (const n of names.split('\n')) {
      if (n.endsWith('*')) prefixes.push([n.slice(0, -1), key]);
      else if (!exact.has(n)) exact.set(n, key);
    }
  }
  prefixes.sort((a, b) => b[0].length - a[0].length);
  return (name) => {
    const key = exact.get(name) ?? prefixes.find(([p]) => name.startsWith(p))?.[1];
    if (!key) return undefined;
    const i = key.indexOf('|');
    return { category: key.slice(0, i), platform: key.slice(i + 1) };
  };
}
