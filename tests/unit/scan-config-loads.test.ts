import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs build script without declarations
import { deriveDatabase } from '../../scripts/ocd.mjs';
import { checkConfig, parseConfig } from '../../src/consent/config';
import { createConsent } from '../../src/consent/store';
import { memoryStorage } from '../../src/storage/memory';
import { unserved } from '../../src/dropin/blocker';
import { createClassifier, type CookieDatabase } from '../../src/scan/classify';
import { suggestConfig } from '../../src/scan/suggest';
import type { CookieItem, RequestItem, ScanReport } from '../../src/scan/types';
import type { ConsentConfig } from '../../src/core/types';
import { SERVICES } from '../../src/services/index';

// consent.config.json as `consent-gate scan` writes it (suggestConfig, then JSON.stringify as
// src/scan/cli.ts does), from what the scanner's own classifier says about every row of the
// bundled Open Cookie Database and every service of the services list: the config loads as it
// is, with the provider of every cookie table row kept.
const csv = readFileSync(resolve(import.meta.dirname, '../../data/open-cookie-database/open-cookie-database.csv'), 'utf8');
const db = deriveDatabase(csv) as CookieDatabase;
const classify = createClassifier(db, null);

/** A name the row matches: the name itself, or its wildcard prefix with a suffix. */
const nameOf = (row: CookieDatabase['cookies'][number]) => (row[5] ? `${row[0]}X1` : row[0]);
const cookies: CookieItem[] = db.cookies.map((row) => ({
  name: nameOf(row), domain: 'example.com', path: '/', expires: 'session', httpOnly: false, secure: false, sameSite: '', thirdParty: false,
  setBy: null, setVia: null, passes: ['accepted'], ...classify.cookie(nameOf(row)),
}));
const requests: RequestItem[] = SERVICES.map((s) => {
  const url = `https://${s.patterns[0]!.replace(/^\./, '')}${s.patterns[0]!.includes('/') ? '' : '/x.js'}`;
  return { url, host: new URL(url).hostname, type: 'script', initiator: null, passes: ['accepted'], ...classify.request(url) };
});
const report: ScanReport = {
  url: 'https://example.com/', scannedAt: '2026-11-29T00:00:00.000Z', pages: ['https://example.com/'], leaks: [], failures: [],
  consentGate: null, durationMs: 1, cookies, storage: [], requests,
};
/** The file's text, read back as a site would read it. */
const written = JSON.parse(`${JSON.stringify(suggestConfig(report), null, 2)}\n`) as { categories: Record<string, { cookieTable?: { name: string; provider?: string }[]; sources?: string[] }> };

describe('a config written by the scanner', () => {
  test('covers the whole database and service list', () => {
    const rows = Object.values(written.categories).flatMap((c) => c.cookieTable ?? []);
    // Every classified row once (names repeated across platforms are one row of the table).
    expect(rows.length).toBeGreaterThan(1500);
    // A provider on every row whose database row names a platform (one row, XSRF-TOKEN, names none).
    const withoutPlatform = new Set(cookies.filter((c) => c.category !== 'unclassified' && !c.platform).map((c) => c.name));
    expect(rows.filter((r) => !r.provider).map((r) => r.name)).toEqual([...withoutPlatform]);
    expect(withoutPlatform.size).toBeLessThan(3);
    expect(Object.values(written.categories).flatMap((c) => c.sources ?? []).length).toBeGreaterThan(50);
  });

  test('passes parseConfig without a problem, providers kept', () => {
    expect(checkConfig(written).problems).toEqual([]);
    const resolved = parseConfig(written);
    for (const c of resolved.categories) expect(c.cookieTable).toEqual(written.categories[c.id]!.cookieTable ?? []);
    expect(resolved.categories.find((c) => c.id === 'analytics')!.cookieTable).toContainEqual(expect.objectContaining({ name: '_ga', provider: 'Google Analytics' }));
  });

  test('every wildcard pattern it writes matches the cookie it came from', () => {
    const resolved = parseConfig(written);
    const patterns = resolved.categories.flatMap((c) => c.cookies);
    for (const row of db.cookies.filter((r) => r[5] && db.categories[r[1]] !== 'unclassified')) {
      expect(patterns.some((p) => (typeof p === 'string' ? p === nameOf(row) : p.test(nameOf(row)))), nameOf(row)).toBe(true);
    }
  });

  test('starts a store; with sources, the default drop-in names the blocking build it needs', () => {
    const consent = createConsent(written, { storage: memoryStorage() });
    expect(consent.decided).toBe(false);
    const errors: string[] = [];
    const error = console.error;
    console.error = (...a: unknown[]) => { errors.push(a.join(' ')); };
    try {
      expect(unserved(consent)).toBe(true);
      expect(unserved(consent, true)).toBe(false);
    } finally {
      console.error = error;
    }
    expect(errors).toEqual([expect.stringMatching(/^consent-gate: categories\.\w+\.sources needs consent-gate\.block\.js$/)]);
  });

  test('without requests to other sites it needs no blocking build', () => {
    const plain = suggestConfig({ ...report, requests: [] }) as unknown as ConsentConfig;
    expect(plain).not.toHaveProperty('categories.marketing.sources');
    expect(unserved(createConsent(plain, { storage: memoryStorage() }))).toBe(false);
  });
});
