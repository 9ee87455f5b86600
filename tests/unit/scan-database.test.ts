import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs build script without declarations
import { CATEGORY_MAP, deriveDatabase, parseCsv } from '../../scripts/ocd.mjs';
import { CHECKED_KEY, createClassifier, lookupIn, RECEIPTS_KEY, type CookieDatabase } from '../../src/scan/classify';

// The Open Cookie Database as the build derives it (scripts/ocd.mjs) and the lookups on it.
const csv = readFileSync(resolve(import.meta.dirname, '../../data/open-cookie-database/open-cookie-database.csv'), 'utf8');
const db = deriveDatabase(csv) as CookieDatabase;
const lookup = lookupIn(db);
const count = (category: string) => db.cookies.filter((r) => db.categories[r[1]] === category).length;

describe('derivation', () => {
  test('keeps every row of the database', () => {
    expect(db.cookies).toHaveLength(2264);
  });

  test('maps Functional, Security and Necessary to necessary, Personalization to functional', () => {
    expect(CATEGORY_MAP).toMatchObject({ Functional: 'necessary', Security: 'necessary', Personalization: 'functional' });
    expect([count('necessary'), count('functional'), count('analytics'), count('marketing')]).toEqual([977 + 24 + 9, 3, 390, 861]);
  });

  test('flags the 260 wildcard rows', () => {
    expect(db.cookies.filter((r) => r[5] === 1)).toHaveLength(260);
  });

  test('carries the attribution and the licence name', () => {
    expect(db.licence).toBe('Apache-2.0');
    expect(db.attribution).toMatch(/Open Cookie Database.*Apache License 2\.0.*Changes:/);
  });

  test('refuses a category it does not know, naming the row', () => {
    expect(() => deriveDatabase('Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Wildcard match\nX,Tracking,t,,,,0\n')).toThrow(/row 2: unknown category "Tracking"/);
  });

  test('parses quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b, ""c""\nd",e\r\nf,g,h\n')).toEqual([['a', 'b, "c"\nd', 'e'], ['f', 'g', 'h']]);
  });
});

describe('lookup', () => {
  test('finds an exact name with its platform and retention', () => {
    expect(lookup('_ga')).toMatchObject({ category: 'analytics', platform: 'Google Analytics', retention: '2 years' });
    expect(lookup('_ga')?.wildcard).toBeUndefined();
  });

  test('matches a wildcard row by prefix', () => {
    expect(lookup('_ga_ABC123')).toMatchObject({ category: 'analytics', platform: 'Google Analytics', wildcard: '_ga_' });
    expect(lookup('_sp_id.4f2a')).toMatchObject({ category: 'analytics', platform: 'Snowplow', wildcard: '_sp_id.' });
  });

  test('prefers the longest matching prefix', () => {
    expect(lookup('_gat_gtag_UA_1')?.wildcard).toBe('_gat_gtag_');
  });

  test('does not match a wildcard row without its whole prefix', () => {
    expect(lookup('_ga')?.wildcard).toBeUndefined();
    expect(lookup('_sp_id')?.wildcard).not.toBe('_sp_id.');
  });

  test('knows nothing of a made-up name', () => {
    expect(lookup('zz_no_such_cookie_zz')).toBeUndefined();
  });
});

describe('classifier', () => {
  const site = { mode: 'opt-in', cookieName: 'cg', categories: [{ id: 'analytics', required: false, cookies: ['_mine', '/^_own_/'], storage: ['my_key'], sources: ['stats.example.net/collect'] }] };
  const classify = createClassifier(db, site);

  test('counts the decision cookie by its configured name, the receipts queue and the checked-configs list as necessary', () => {
    expect(classify.cookie('cg').category).toBe('necessary');
    expect(classify.storage(RECEIPTS_KEY).category).toBe('necessary');
    expect(classify.storage(CHECKED_KEY).category).toBe('necessary');
    expect(createClassifier(db, null).cookie('cg').category).toBe('unclassified');
  });

  test('falls back to what the site declares, then to unclassified', () => {
    expect(classify.cookie('_own_x').category).toBe('analytics');
    expect(classify.storage('my_key').category).toBe('analytics');
    expect(classify.cookie('zz_unknown').category).toBe('unclassified');
  });

  test('classifies requests by the services list, then by the site\'s sources', () => {
    expect(classify.request('https://www.google-analytics.com/g/collect?v=2')).toMatchObject({ category: 'analytics', platform: 'Google Analytics', source: 'services' });
    expect(classify.request('https://a.stats.example.net/collect/1')).toMatchObject({ category: 'analytics', source: 'site-config' });
    expect(classify.request('https://a.stats.example.net/other').category).toBe('unclassified');
    expect(classify.request('http://localhost:8080/pixel.gif').category).toBe('unclassified');
  });
});

describe('names and patterns from the site', () => {
  const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];

  test('cookie and storage names like built-ins are names, looked up as any other', () => {
    const classify = createClassifier(db, { mode: 'opt-in', cookieName: 'consent', categories: [{ id: 'analytics', required: false, cookies: ['constructor'], storage: [], sources: [] }] });
    for (const name of NAMES) {
      expect(classify.cookie(name).category, name).toBe(name === 'constructor' ? 'analytics' : 'unclassified');
      expect(classify.storage(name).category, name).toBe('unclassified');
    }
  });

  test('a --config pattern that is no regular expression matches nothing, and ends nothing (it threw)', () => {
    const classify = createClassifier(db, { mode: 'opt-in', cookieName: 'consent', categories: [{ id: 'analytics', required: false, cookies: ['/[/', '/^_x/'], storage: ['/(/'], sources: [] }] });
    expect(classify.cookie('_xyz').category).toBe('analytics');
    expect(classify.cookie('[').category).toBe('unclassified');
    expect(classify.storage('(').category).toBe('unclassified');
  });
});
