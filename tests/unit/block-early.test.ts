// The blocking builds' tag installs its hooks from the config as given (src/block/early.ts), before any
// chunk has checked it: for every config the check accepts, what those hooks hold must be what the
// check's config holds (property test over random configs and URLs); for one it refuses, what the
// valid part of it names is still held (and the stub never grants it).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { rawRules } from '../../src/block/early';
import { rules } from '../../src/block/rules';
import { checkWith } from '../../src/core/config';
import type { ResolvedConfig } from '../../src/core/types';
import { rawConsentMode } from '../../src/dropin/raw';
import { SERVICES } from '../../src/services/index';
import { runs, seed } from '../support/fuzz';

const URLS = [
  'https://www.googletagmanager.com/gtm.js?id=GTM-ABC', 'https://region1.google-analytics.com/g/collect?v=2',
  'https://www.googletagmanager.com/gtag/js?id=AW-123', 'https://www.youtube.com/embed/x', 'https://tracker.test/t/a.js',
  'https://cdn.example.net/ads/x.js', 'https://cdn.example.net/lib.js', 'https://x.example.org/p?q=1', 'https://example.com/',
];
const VALID = fc.constantFrom('tracker.test', 'cdn.example.net/ads/', 'example.net', '/^https:\\/\\/x\\./', 'googletagmanager.com', 'youtube.com/embed/');
const BAD = fc.constantFrom('/[/', 'https://tracker.test/', 42);
/** Mostly valid (so that the check accepts many), sometimes not. */
const some = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
const category = fc.record({ required: fc.boolean(), sources: some(fc.array(VALID, { maxLength: 3 }), fc.oneof(fc.array(fc.oneof(VALID, BAD), { maxLength: 3 }), VALID)) }, { requiredKeys: [] });
const config = fc.record({
  categories: fc.record({ necessary: fc.constant({ required: true }), analytics: category, marketing: category, functional: category, stats: category }, { requiredKeys: ['necessary', 'analytics', 'marketing', 'functional'] }),
  autoBlock: some(fc.oneof(fc.boolean(), fc.record({ analytics: fc.constantFrom('stats', 'analytics', false), marketing: fc.constantFrom('marketing', false), functional: fc.constantFrom('functional', false) }, { requiredKeys: [] })), fc.constantFrom({ analytics: 'nope' }, { marketing: 3 }, 'yes')),
  googleConsentMode: some(fc.constantFrom(true, false, { mode: 'basic' }, { mode: 'advanced' }, { map: { analytics: ['analytics_storage'] } }), fc.constantFrom('yes', { mode: 'x' })),
  reloadOnWithdraw: some(fc.boolean(), fc.constant('no')),
}, { requiredKeys: ['categories'] });

/** What the tag's hooks match: the config as given, Consent Mode as the tag reads it. */
const raw = (input: Record<string, unknown>) => rules(rawRules(input, rawConsentMode(input)?.[0], SERVICES) as unknown as ResolvedConfig, SERVICES);
const sorted = (a: string[]) => [...a].sort();

describe("the blocking builds' hooks, from the config as given", () => {
  test('for every config the check accepts, they hold exactly what the checked config holds (autoBlock, sources, Consent Mode, reloadOnWithdraw)', () => {
    let valid = 0;
    fc.assert(fc.property(config, (input) => {
      const { config: checked } = checkWith(input, undefined);
      if (!checked) return;
      valid++;
      const r = rawRules(input, rawConsentMode(input)?.[0], SERVICES);
      expect(r.reloadOnWithdraw).toBe(checked.reloadOnWithdraw);
      const a = raw(input), b = rules(checked, SERVICES);
      for (const url of URLS) expect(sorted(a(url))).toEqual(sorted(b(url)));
    }), { numRuns: runs(300), seed: seed() });
    expect(valid).toBeGreaterThan(60);
  });

  test('a config the check refuses still has what its valid entries name held (fail closed), and Google tags held when Consent Mode is odd', () => {
    // (A refused sources entry holds every other origin: the next test.)
    const input = { categories: { necessary: { required: true }, analytics: { sources: ['tracker.test'] } }, autoBlock: { analytics: 'nope' }, googleConsentMode: 'yes' };
    expect(checkWith(input, undefined).config).toBeUndefined();
    const a = raw(input);
    expect(a('https://tracker.test/t/a.js')).toEqual(['analytics']);
    // autoBlock's group under a category that does not exist: never granted, held for good.
    expect(a('https://www.googletagmanager.com/gtm.js?id=GTM-ABC')).toEqual(['nope']);
    expect(a('https://www.youtube.com/embed/x')).toEqual(['functional']);
  });

  test("a category with a sources entry the check refuses holds every URL of another origin, none of the page's own", () => {
    const page = 'https://news.example';
    for (const sources of [['https://tracker.test/'], ['cdn.example.net', 42], 'tracker.test', ['/[/']]) {
      const input = { categories: { necessary: { required: true }, analytics: { sources } } };
      expect(checkWith(input, undefined).config).toBeUndefined();
      const a = rules(rawRules(input, undefined, undefined, page) as unknown as ResolvedConfig, undefined);
      // What the typo meant cannot be known: every other origin waits (for good: the config is invalid).
      for (const url of URLS) expect(a(url)).toContain('analytics');
      expect(a('https://news.example.evil.test/x.js')).toContain('analytics');
      expect(a('http://news.example/x.js')).toContain('analytics');
      expect(a(`${page}/app.js`)).toEqual([]);
      expect(a(`${page}?x`)).toEqual([]);
    }
  });
});
