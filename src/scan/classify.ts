/**
 * Classification: the Open Cookie Database (derived at build time by scripts/ocd.mjs) for
 * cookies and storage keys, the package's services list for requests, consent-gate's own
 * cookie and receipts queue as necessary, then what the site's config declares.
 */
import { readFileSync } from 'node:fs';
import { sourceMatcher } from '../block/match.js';
import { matchService } from '../services/index.js';
import type { Classification, ConsentGateInfo, ScanCategory } from './types.js';

/** The derived database as scripts/ocd.mjs writes it. */
export interface CookieDatabase {
  attribution: string;
  licence: string;
  categories: ScanCategory[];
  platforms: string[];
  descriptions: string[];
  /** `[name, category, platform, description, retention, wildcard, domain?]` (indexes into the tables). */
  cookies: [string, number, number, number, string, 0 | 1, string?][];
}

/** The receipts client's queue in localStorage. */
export const RECEIPTS_KEY = 'consent-gate:receipts';
/** The drop-in's list of configs its store chunk has checked (src/dropin/page.ts): what lets a decided visitor's reader answer. */
export const CHECKED_KEY = 'consent-gate:checked';

/** Reads the derived database shipped beside the scanner (dist/open-cookie-database.json). */
export function loadCookieDatabase(file?: string | URL): CookieDatabase {
  const candidates = file ? [file] : [new URL('./open-cookie-database.json', import.meta.url), new URL('../open-cookie-database.json', import.meta.url), new URL('../../dist/open-cookie-database.json', import.meta.url)];
  for (const f of candidates) {
    try { return JSON.parse(readFileSync(f, 'utf8')) as CookieDatabase; } catch (e) { if (file) throw e; }
  }
  throw new Error('open-cookie-database.json not found beside the scanner; run `npm run build`');
}

/**
 * A lookup of a cookie or key name in the database: an exact name first (a row whose domain
 * matches `domain` preferred among equal names), else the longest wildcard prefix.
 *
 * @example lookupIn(db)('_ga_ABC123') // { category: 'analytics', platform: 'Google Analytics', … }
 */
export function lookupIn(db: CookieDatabase): (name: string, domain?: string) => Classification | undefined {
  const exact = new Map<string, CookieDatabase['cookies']>();
  const prefixes: CookieDatabase['cookies'] = [];
  for (const row of db.cookies) {
    if (row[5]) prefixes.push(row);
    else exact.set(row[0], [...(exact.get(row[0]) ?? []), row]);
  }
  prefixes.sort((a, b) => b[0].length - a[0].length);
  const describe = (row: CookieDatabase['cookies'][number]): Classification => ({
    category: db.categories[row[1]] ?? 'unclassified', platform: db.platforms[row[2]], description: db.descriptions[row[3]],
    retention: row[4], source: 'open-cookie-database',
  });
  const bare = (d: string) => d.replace(/^\./, '').replace(/\s*\(.*\)$/, '').toLowerCase();
  return (name, domain) => {
    const rows = exact.get(name);
    if (rows) {
      const host = domain && bare(domain);
      const best = (host && rows.find((r) => r[6] && (host === bare(r[6]) || host.endsWith(`.${bare(r[6])}`)))) || rows[0]!;
      return describe(best);
    }
    const row = prefixes.find((r) => name.startsWith(r[0]));
    return row && { ...describe(row), wildcard: row[0] };
  };
}

/** Tests a name against a config's cookie or storage pattern (a name, or `/regex/` as text). */
function matchesPattern(pattern: string, name: string): boolean {
  const re = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (!re) return pattern === name;
  // A pattern of a --config file is the site's text: one that is no regular expression matches nothing, it does not end the scan.
  try { return new RegExp(re[1]!, re[2]).test(name); } catch { return false; }
}

const KNOWN: readonly string[] = ['necessary', 'functional', 'analytics', 'marketing'];
/** A category of the site's config as a scan category: required ones are necessary; others only under a conventional id. */
const fromSite = (c: ConsentGateInfo['categories'][number]): ScanCategory | undefined => (c.required ? 'necessary' : KNOWN.includes(c.id) ? (c.id as ScanCategory) : undefined);

export interface Classifier {
  cookie(name: string, domain?: string): Classification;
  storage(name: string): Classification;
  request(url: string): Classification;
}

/**
 * Classifies what a scan observes. Order: consent-gate's own decision cookie and receipts
 * queue (necessary); the Open Cookie Database (cookies, keys) or the services list (requests);
 * the site's own config (its categories' `cookies`, `storage` and `sources`); else `unclassified`.
 */
export function createClassifier(db: CookieDatabase, site: ConsentGateInfo | null, decisionCookie = site?.cookieName ?? 'consent'): Classifier {
  const lookup = lookupIn(db);
  const declared = (field: 'cookies' | 'storage', name: string): Classification | undefined => {
    for (const c of site?.categories ?? []) {
      const category = fromSite(c);
      if (category && c[field].some((p) => matchesPattern(p, name))) return { category, description: `Declared in the site's "${c.id}" category`, source: 'site-config' };
    }
    return undefined;
  };
  const sources = sourceMatcher((site?.categories ?? []).flatMap((c) => {
    const category = fromSite(c);
    return category ? c.sources.map((p) => [p, { category, description: `Declared in the site's "${c.id}" category`, source: 'site-config' }] as const) : [];
  }));
  const own = (description: string): Classification => ({ category: 'necessary', platform: 'consent-gate', description, retention: '', source: 'consent-gate' });
  return {
    cookie: (name, domain) => (name === decisionCookie ? own('Stores the visitor\'s consent decision') : undefined)
      ?? lookup(name, domain) ?? declared('cookies', name) ?? { category: 'unclassified' },
    storage: (name) => (name === RECEIPTS_KEY ? own('Consent receipts waiting to be sent') : name === CHECKED_KEY ? own('Fingerprints of the consent configs this site has checked') : undefined)
      ?? lookup(name) ?? declared('storage', name) ?? { category: 'unclassified' },
    request: (url) => {
      const service = matchService(url);
      if (service) return { category: service.category, platform: service.name, source: 'services' };
      return sources(url)[0] ?? { category: 'unclassified' };
    },
  };
}

