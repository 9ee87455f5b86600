// Property test (issue 10, review of the record-size check): any config the check accepts
// stores its decision in a cookie a browser keeps and reads back the same decision, so a "no"
// stays a "no" on the next page view, in opt-out mode too (where a lost record means granted).
// Long category ids, many policies, versions of characters that encodeURIComponent expands
// (and js-cookie then writes `%` as `%25`), GPC marks, a region code. The cookie jar keeps the
// 4096-byte limit as Chromium does (tests/support/cookie-jar.ts).
import { afterEach, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { checkConfig } from '../../src/consent/config';
import { cutTag } from '../../src/core/record';
import { createConsent } from '../../src/consent/store';
import type { ConsentConfig } from '../../src/core/types';
import { install } from '../support/cookie-jar';
import { runs, seed } from '../support/fuzz';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const id = fc.tuple(fc.constantFrom(...'abcXYZ'), fc.string({ unit: fc.constantFrom(...'abz09_-'), maxLength: 31 })).map(([a, b]) => a + b);
const unit = fc.constantFrom('a', '1', '.', 'é', '€', '😀', '%', '"', '~', '(');
// Short ones, and long ones (up to the 64 characters the check allows).
const version = fc.oneof(fc.string({ unit, minLength: 1, maxLength: 8 }), fc.string({ unit, minLength: 30, maxLength: 64, size: 'max' }));
const site = fc.record({
  categories: fc.uniqueArray(id, { minLength: 1, maxLength: 70, selector: (x) => x.toLowerCase() }),
  policies: fc.uniqueArray(fc.tuple(id, version), { maxLength: 6, selector: ([i]) => i.toLowerCase() }),
  gpc: fc.boolean(),
  region: fc.constantFrom(undefined, 'US-CA', 'DE'),
  decision: fc.constantFrom('rejectAll', 'acceptAll', 'mixed'),
});

test('a config the check accepts keeps every decision in a cookie the browser keeps, read back the same on the next page view', () => {
  let accepted = 0;
  fc.assert(fc.property(site, (s) => {
    const config = {
      mode: 'opt-out',
      gpc: s.gpc,
      ...(s.region && { region: s.region }),
      categories: Object.fromEntries([['necessary', { required: true }], ...s.categories.filter((c) => c.toLowerCase() !== 'necessary').map((c) => [c, {}])]),
      policies: Object.fromEntries(s.policies.map(([p, v]) => [p, { version: v, url: '/p' }])),
    } as unknown as ConsentConfig;
    if (checkConfig(config).problems.length) return;
    accepted++;
    vi.unstubAllGlobals();
    const env = install();
    env.gpc = s.gpc;
    vi.stubGlobal('console', { ...console, warn: (m: string) => { throw new Error(`warned: ${m}`); } });
    const first = createConsent(config);
    const optional = first.config.categories.filter((c) => !c.required).map((c) => c.id);
    const choice = Object.fromEntries(optional.map((c, i) => [c, s.decision === 'acceptAll' || (s.decision === 'mixed' && i % 2 === 0)]));
    first.save(choice);
    const said = optional.map((c) => first.has(c));
    first.destroy();
    const next = createConsent(config);
    expect(next.decided).toBe(true);
    expect(optional.map((c) => next.has(c))).toEqual(said);
    next.destroy();
  }), { numRuns: runs(100), seed: seed() });
  expect(accepted).toBeGreaterThan(20);
});

test('examples: versions of 64 emoji are read back; versions whose cookie js-cookie would write past 4096 bytes are refused by the check', () => {
  const env = install();
  const emoji = { mode: 'opt-out', categories: { analytics: {} }, policies: { privacy: { version: '😀'.repeat(64), url: '/p' } } } as ConsentConfig;
  const a = createConsent(emoji);
  a.rejectAll();
  a.destroy();
  // Before: the record was written but not read back (128 UTF-16 units > 64), so the next page view granted analytics.
  const b = createConsent(emoji);
  expect([b.decided, b.has('analytics')]).toEqual([true, false]);
  b.destroy();
  expect(env.jar.copies('consent')).toHaveLength(1);
  // 5 versions of 64 '€': 2,880 characters escaped in the record, 4,800 in the cookie (js-cookie writes % as %25).
  const euros = { mode: 'opt-out', categories: { analytics: {} }, policies: Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((p) => [p, { version: '€'.repeat(64), url: '/p' }])) };
  expect(checkConfig(euros).problems.map(([path, want]) => `${path} ${want}`)).toEqual(['categories record']);
});

test('the recorded language is cut at a subtag, as subtag by subtag would, in one pass (a 20 KB <html lang> took over a second)', () => {
  const bySubtag = (tag: string, max: number) => {
    while (tag.length > max) tag = tag.replace(/-?[^-]*$/, '');
    return tag;
  };
  const tag = fc.tuple(fc.stringMatching(/^[a-z]{2,3}$/), fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 12 })).map(([l, rest]) => [l, ...rest].join('-'));
  fc.assert(fc.property(tag, fc.integer({ min: 0, max: 40 }), (t, max) => cutTag(t, max) === bySubtag(t, max)), { numRuns: runs(300), seed: seed() });
  const t0 = performance.now();
  expect(cutTag('de' + '-a'.repeat(10_000), 35)).toBe('de' + '-a'.repeat(16));
  expect(performance.now() - t0).toBeLessThan(200);
});
