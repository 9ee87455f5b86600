import { describe, expect, test } from 'vitest';
import { parseConfig, validateConfig } from '../../src/consent/config';

const categories = { necessary: { required: true }, analytics: {}, marketing: {}, functional: {} };
const problems = (patch: Record<string, unknown>, cats: Record<string, unknown> = categories) => validateConfig({ categories: cats, ...patch }).problems;

describe('sources and autoBlock in the config', () => {
  test('keeps sources as written, empty by default', () => {
    const c = parseConfig({ categories: { ...categories, analytics: { sources: ['google-analytics.com', 'googletagmanager.com/gtag/js', '/^https:\\/\\/plausible\\.io\\//'] } } });
    expect(c.categories.find((x) => x.id === 'analytics')!.sources).toEqual(['google-analytics.com', 'googletagmanager.com/gtag/js', '/^https:\\/\\/plausible\\.io\\//']);
    expect(c.categories.find((x) => x.id === 'marketing')!.sources).toEqual([]);
    expect(c.autoBlock).toBeUndefined();
  });

  test('names the bad source', () => {
    for (const bad of [42, '', 'https://example.com/x', 'exa mple.com', '/(/', '*.example.com']) {
      expect(problems({}, { ...categories, marketing: { sources: ['ok.example', bad] } })).toEqual([
        `categories.marketing.sources[1]: expected a host with an optional path ("example.com/js") or /regex/, got ${typeof bad === 'string' ? JSON.stringify(bad) : bad}`,
      ]);
    }
    expect(problems({}, { ...categories, marketing: { sources: 'x.com' } })).toEqual(['categories.marketing.sources: expected an array of hosts with optional paths or /regex/, got "x.com"']);
  });

  test('autoBlock: true targets the conventional categories', () => {
    expect(parseConfig({ categories, autoBlock: true }).autoBlock).toEqual({ analytics: 'analytics', marketing: 'marketing', functional: 'functional' });
  });

  test('autoBlock: a missing target category is an error naming the field', () => {
    expect(problems({ autoBlock: true }, { necessary: { required: true }, analytics: {}, marketing: {} })).toEqual(['autoBlock.functional: expected "analytics" or "marketing", got "functional"']);
    expect(problems({ autoBlock: { analytics: 'stats' } })).toEqual(['autoBlock.analytics: expected "analytics", "marketing" or "functional", got "stats"']);
  });

  test('autoBlock: maps groups to the config ids, false leaves a group out', () => {
    const c = parseConfig({ categories: { necessary: { required: true }, stats: {}, ads: {} }, autoBlock: { analytics: 'stats', marketing: 'ads', functional: false } });
    expect(c.autoBlock).toEqual({ analytics: 'stats', marketing: 'ads', functional: false });
  });

  test('autoBlock: a required category is no target, unknown groups and bad values are errors', () => {
    expect(problems({ autoBlock: { analytics: 'necessary' } })).toEqual(['autoBlock.analytics: expected "analytics", "marketing" or "functional", got "necessary"']);
    expect(problems({ autoBlock: { social: 'marketing' } })).toEqual(['autoBlock.social: unknown key']);
    expect(problems({ autoBlock: 'yes' })).toEqual(['autoBlock: expected true, false or an object mapping analytics, marketing and functional to categories, got "yes"']);
  });

  test('googleConsentMode.mode is advanced by default, basic on request, checked', () => {
    expect(parseConfig({ categories, googleConsentMode: true }).googleConsentMode!.mode).toBe('advanced');
    expect(parseConfig({ categories, googleConsentMode: { mode: 'basic' } }).googleConsentMode!.mode).toBe('basic');
    expect(problems({ googleConsentMode: { mode: 'strict' } })).toEqual(['googleConsentMode.mode: expected "advanced" or "basic", got "strict"']);
  });
});
