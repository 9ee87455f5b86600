// @vitest-environment happy-dom
// The debug panel's logic on a DOM: the records the store and the blocker keep for it, the
// compact cookie table, and the problem checks. The panel itself (loading, rendering, actions,
// axe, layout) is proven in Chromium (tests/browser/debug.test.ts).
import { afterEach, expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
// @ts-expect-error: a plain .mjs build script without declarations
import { compactTable, deriveDatabase, readCsv } from '../../scripts/ocd.mjs';
import { HELD_MAX, held, noteHeld } from '../../src/block/held';
import { parseConfig } from '../../src/consent/config';
import { createConsent } from '../../src/consent/store';
import { categoriesOf, consentModeLog, erasedItems } from '../../src/debug/collect';
import { cookieLookup } from '../../src/debug/cookies';
import { loadedTwice, needsBlockBuild, unknownCategories, unlistedCookies, untaggedScripts } from '../../src/debug/problems';
import { erased, eraseCookies, eraseStorage } from '../../src/storage/erase';
import { memoryStorage } from '../../src/storage/memory';

const config = parseConfig({ categories: { necessary: { required: true }, analytics: { label: 'Analytics', cookies: ['_ga', '/^_ga_/'], storage: ['plausible_ignore'] }, marketing: {} } });

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  erased.cookies.length = 0;
  erased.storage.length = 0;
});

test('erasing records each cookie and key erased, by name', () => {
  document.cookie = '_ga=1; path=/';
  document.cookie = '_ga_X=1; path=/';
  document.cookie = 'keep=1; path=/';
  localStorage.setItem('plausible_ignore', 'true');
  eraseCookies(['_ga', /^_ga_/]);
  eraseStorage(['plausible_ignore']);
  expect(erased).toEqual({ cookies: ['_ga', '_ga_X'], storage: ['plausible_ignore'] });
  document.cookie = 'keep=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
});

test('a stored refusal erases the refused category\'s cookies at start, and the panel says why', () => {
  const storage = memoryStorage();
  createConsent(config.raw, { storage }).rejectAll();
  erased.cookies.length = 0;
  document.cookie = '_ga=1; path=/';
  const consent = createConsent(config.raw, { storage });
  expect(erased.cookies).toEqual(['_ga']);
  expect(erasedItems(consent.config, consent.get(), erased)).toEqual([
    { kind: 'cookie', name: '_ga', category: 'analytics', count: 1, why: 'categories.analytics is refused: what it lists is erased at every page view where it is refused, and when it is withdrawn' },
  ]);
});

test('the blocker\'s record keeps at most HELD_MAX holds', () => {
  held.length = 0;
  for (let i = 0; i < HELD_MAX + 10; i++) noteHeld({ value: `https://t.test/${i}`, cats: ['analytics'] });
  expect(held).toHaveLength(HELD_MAX);
  expect(held[0]).toEqual({ value: 'https://t.test/0', cats: ['analytics'] });
  held.length = 0;
});

test('the compact cookie table finds exact names, then the longest prefix, as the scanner does', () => {
  const lookup = cookieLookup(compactTable(readCsv()));
  expect(lookup('_ga')).toEqual({ category: 'analytics', platform: 'Google Analytics' });
  expect(lookup('_gat_gtag_UA_1')).toEqual({ category: 'analytics', platform: 'Google Analytics' });
  expect(lookup('_hjSession_12345')).toEqual({ category: 'necessary', platform: 'Hotjar' });
  expect(lookup('no-such-cookie-here')).toBeUndefined();
});

test('the compact cookie table is a fraction of the scanner\'s database', () => {
  const csv = readCsv();
  const compact = gzipSync(JSON.stringify(compactTable(csv))).length;
  const full = gzipSync(JSON.stringify(deriveDatabase(csv))).length;
  console.log(`cookie table: ${compact} B gzip (scanner's database: ${full} B)`);
  expect(compact).toBeLessThan(full / 3);
});

test('a text/plain script with src and no data-consent is a problem; one with data-consent is not', () => {
  document.head.innerHTML = '<script type="text/plain" src="/a.js"></script><script type="text/plain" data-consent="analytics" src="/b.js"></script>';
  expect(untaggedScripts(config).map((p) => p.detail)).toEqual(['<script src="/a.js"> is inert (text/plain) and names no category, so consent never runs it.']);
});

test('a category named in markup that the config lacks is a problem, with the nearest id', () => {
  document.body.innerHTML = '<div data-consent="analytics Marketing"><img data-consent="ads" data-src="/x.gif" alt=""></div>';
  const found = unknownCategories(config);
  expect(found.map((p) => p.title)).toEqual(['data-consent names "Marketing", a category the config does not have', 'data-consent names "ads", a category the config does not have']);
  expect(found[0]!.fix).toContain('Did you mean "marketing"?');
  expect(categoriesOf(document.querySelector('img')!)).toEqual(['ads', 'analytics', 'Marketing']);
});

test('two drop-in tags are a problem; its chunks and other scripts are not', () => {
  document.head.innerHTML = '<script src="/dist/consent-gate.js"></script><script src="/dist/consent-gate.ui.js"></script><script src="/x/consent-gate-helper.js"></script>';
  expect(loadedTwice()).toEqual([]);
  document.head.insertAdjacentHTML('beforeend', '<script src="https://cdn.test/consent-gate.block.js?v=2"></script>');
  expect(loadedTwice().map((p) => p.title)).toEqual(['The drop-in is included 2 times']);
});

test('sources need the block build, autoBlock the auto build', () => {
  const tag = (file: string) => Object.assign(document.createElement('script'), { src: `https://site.test/dist/${file}` });
  const sources = { categories: { a: { sources: ['t.test'] } } };
  expect(needsBlockBuild(tag('consent-gate.js'), sources).map((p) => p.fix)).toEqual(['Load consent-gate.block.js instead of consent-gate.js (same folder, same data-config).']);
  expect(needsBlockBuild(tag('consent-gate.block.js'), sources)).toEqual([]);
  expect(needsBlockBuild(tag('consent-gate.block.js'), { ...sources, autoBlock: true }).map((p) => p.fix)).toEqual(['Load consent-gate.auto.js instead of consent-gate.block.js (same folder, same data-config).']);
  expect(needsBlockBuild(tag('consent-gate.auto.js'), { ...sources, autoBlock: true })).toEqual([]);
  expect(needsBlockBuild(tag('consent-gate.js'), { categories: { a: { sources: [] } } })).toEqual([]);
});

test('unlisted cookies: not the decision cookie, not listed ones, not necessary ones, not a granted category\'s', () => {
  const cookies = [{ name: 'consent' }, { name: '_ga' }, { name: 'PHPSESSID', category: 'necessary' }, { name: '_gid', category: 'analytics', platform: 'Google Analytics' }, { name: 'x' }];
  expect(unlistedCookies(config, () => false, cookies).map((p) => p.title)).toEqual(['Cookie "_gid" is set, and the config does not list it', 'Cookie "x" is set, and the config does not list it']);
  expect(unlistedCookies(config, (c) => c === 'analytics', cookies).map((p) => p.title)).toEqual(['Cookie "x" is set, and the config does not list it']);
  expect(unlistedCookies(config, () => true, cookies)).toEqual([]);
});

test('Google Consent Mode\'s log is read from dataLayer: the first default, every update, the set commands', () => {
  const w = window as unknown as { dataLayer: unknown[] };
  function gtag(..._a: unknown[]) { w.dataLayer.push(arguments); } // eslint-disable-line prefer-rest-params
  w.dataLayer = [{ event: 'gtm.js' }];
  gtag('consent', 'default', { ad_storage: 'denied' });
  gtag('set', 'ads_data_redaction', true);
  gtag('consent', 'update', { ad_storage: 'granted' });
  gtag('consent', 'default', { ad_storage: 'granted' });
  expect(consentModeLog()).toEqual({ default: { ad_storage: 'denied' }, updates: [{ ad_storage: 'granted' }], set: { ads_data_redaction: true } });
  delete (window as { dataLayer?: unknown }).dataLayer;
});
