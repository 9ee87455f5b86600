/**
 * The config to start from (`consent.config.json`): one category per kind of use found, each
 * with its cookies (names, or `/regex/` for the database's wildcard rows), storage keys,
 * `cookieTable` rows and `sources` (the hosts of third-party requests). Unclassified findings
 * are left out: the report lists them for the owner to place.
 */
import type { Classification, ScanCategory, ScanReport } from './types.js';

const LABELS: Record<Exclude<ScanCategory, 'unclassified'>, string> = {
  necessary: 'Strictly necessary', functional: 'Functional', analytics: 'Analytics', marketing: 'Marketing',
};

interface SuggestedCategory {
  required?: true; label: string; cookies: string[]; storage: string[];
  cookieTable: { name: string; purpose?: string; duration?: string; provider?: string }[];
  sources: string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A cookie or key as a config pattern: its name, or `/^prefix/` when a wildcard row matched it. */
const patternOf = (name: string, c: Classification) => (c.wildcard ? `/^${escapeRegExp(c.wildcard)}/` : name);

/**
 * A consent-gate config built from a scan report.
 *
 * @example suggestConfig(report).categories.analytics // { label: 'Analytics', cookies: ['_ga', '/^_ga_/'], … }
 */
export function suggestConfig(report: ScanReport): Record<string, unknown> {
  const categories: Partial<Record<ScanCategory, SuggestedCategory>> = {};
  const of = (c: ScanCategory) => (c === 'unclassified' ? undefined : (categories[c] ??= {
    ...(c === 'necessary' ? { required: true as const } : {}), label: LABELS[c], cookies: [], storage: [], cookieTable: [], sources: [],
  }));
  const add = (list: string[], v: string) => { if (!list.includes(v)) list.push(v); };
  for (const cookie of report.cookies) {
    const cat = of(cookie.category);
    if (!cat) continue;
    const pattern = patternOf(cookie.name, cookie);
    if (cat.cookies.includes(pattern)) continue;
    cat.cookies.push(pattern);
    cat.cookieTable.push({
      name: cookie.wildcard ? `${cookie.wildcard}*` : cookie.name,
      // A purpose a visitor can read: the database's description, not our note that the site declared it.
      ...(cookie.description && cookie.source !== 'site-config' && { purpose: cookie.description }),
      ...(cookie.retention && { duration: cookie.retention }),
      ...(cookie.platform && { provider: cookie.platform }),
    });
  }
  for (const s of report.storage) {
    const cat = of(s.category);
    if (cat && s.area === 'localStorage') add(cat.storage, patternOf(s.name, s));
  }
  for (const r of report.requests) {
    const cat = of(r.category);
    if (cat && cat !== categories.necessary) add(cat.sources, new URL(r.url).hostname);
  }
  // A config needs one optional category at least; analytics is the usual first.
  if (!Object.keys(categories).some((c) => c !== 'necessary')) of('analytics');
  of('necessary');
  const ordered = Object.fromEntries((Object.keys(LABELS) as ScanCategory[]).filter((c) => categories[c]).map((c) => {
    const { cookies, storage, cookieTable, sources, ...rest } = categories[c]!;
    return [c, { ...rest, ...(cookies.length && { cookies }), ...(storage.length && { storage }), ...(cookieTable.length && { cookieTable }), ...(sources.length && { sources }) }];
  }));
  const config: Record<string, unknown> = { mode: report.consentGate?.mode ?? 'opt-in', categories: ordered };
  if (report.consentGate && report.consentGate.cookieName !== 'consent') config.cookie = { name: report.consentGate.cookieName };
  return config;
}
