import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { ConfigError } from '../../src/core/config';
import { checkConfig, parseConfig, validateConfig } from '../../src/consent/config';
import { explain } from '../../src/core/config-messages';
import { mutate, random, VALID } from './config-mutations';

const base = { categories: { necessary: { required: true }, analytics: { label: 'Analytics' }, marketing: {} } };
const withField = (patch: Record<string, unknown>) => ({ ...base, ...patch });

describe('parseConfig', () => {
  test('fills in the defaults', () => {
    const c = parseConfig(base);
    expect(c.mode).toBe('opt-in');
    expect(c.cookie).toEqual({ name: 'consent', formerNames: [], domain: undefined, path: '/', sameSite: 'Lax', secure: undefined });
    expect(c.expiry).toEqual({ acceptDays: 365, rejectDays: 182 });
    expect(c.gpc).toEqual(['marketing']);
    expect(c.language).toBe('auto');
    expect(c.reloadOnWithdraw).toBe(true);
    expect(c.ui).toEqual({ layout: 'bar', theme: 'auto', floatingButton: false });
    expect(c.googleConsentMode).toBeUndefined();
    expect(c.variant).toBeUndefined();
    expect(parseConfig({ ...base, variant: 'short-text', receipts: { endpoint: '/r' } })).toMatchObject({ variant: 'short-text', receipts: { endpoint: '/r', impressions: true } });
    expect(c.categories.map((x) => [x.id, x.required, x.label])).toEqual([
      ['necessary', true, 'necessary'], ['analytics', false, 'Analytics'], ['marketing', false, 'marketing'],
    ]);
  });

  test('accepts the full example of the interface', () => {
    const c = parseConfig({
      mode: 'opt-in',
      policies: {
        privacy: { version: '2024-05-01', url: '/privacy', label: 'Privacy Policy' },
        terms: { version: 3, url: 'https://example.com/terms', label: 'Terms of Use' },
      },
      categories: {
        necessary: { required: true },
        analytics: { label: 'Analytics', description: '…', cookies: ['_ga', '/^_ga_/'], storage: ['plausible_ignore'] },
        marketing: { label: 'Marketing' },
      },
      cookie: { name: 'consent', domain: 'example.com', path: '/', sameSite: 'Lax', secure: true },
      expiry: { acceptDays: 365, rejectDays: 182 },
      gpc: true,
      googleConsentMode: true,
      language: 'auto',
      texts: { en: { title: '…' } },
      receipts: { endpoint: '/consent/receipts' },
    });
    expect(c.policies).toEqual([
      { id: 'privacy', version: '2024-05-01', url: '/privacy', label: 'Privacy Policy' },
      { id: 'terms', version: '3', url: 'https://example.com/terms', label: 'Terms of Use' },
    ]);
    const analytics = c.categories[1]!;
    expect(analytics.cookies[0]).toBe('_ga');
    expect(analytics.cookies[1]).toBeInstanceOf(RegExp);
    expect((analytics.cookies[1] as RegExp).test('_ga_XYZ')).toBe(true);
    expect(c.googleConsentMode?.map).toEqual({
      necessary: ['security_storage'], analytics: ['analytics_storage'],
      marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
    });
    expect(c.googleConsentMode?.wait_for_update).toBe(500);
  });

  test('takes a custom Google Consent Mode map or options', () => {
    expect(parseConfig(withField({ googleConsentMode: { analytics: ['analytics_storage'] } })).googleConsentMode?.map)
      .toEqual({ analytics: ['analytics_storage'] });
    const o = parseConfig(withField({ googleConsentMode: { region: ['DE'], url_passthrough: true } })).googleConsentMode;
    expect(o?.region).toEqual(['DE']);
    expect(o?.url_passthrough).toBe(true);
    expect(o?.map.marketing).toEqual(['ad_storage', 'ad_user_data', 'ad_personalization']);
  });

  test('accepts http(s), protocol-relative and relative policy URLs', () => {
    const urls = ['https://example.com/p', 'HTTP://example.com/p', '//example.com/p', '/privacy', 'privacy.html', '?p=1', '#p', 'a/b:c'];
    const c = parseConfig(withField({ policies: Object.fromEntries(urls.map((url, i) => [`p${i}`, { version: '1', url }])) }));
    expect(c.policies.map((p) => p.url)).toEqual(urls);
  });

  test('cookie patterns ignore the stateful g and y flags', () => {
    const re = parseConfig(withField({ categories: { analytics: { cookies: ['/^_ga/gy'] } } })).categories[0]!.cookies[0] as RegExp;
    expect(re.flags).toBe('');
    expect(['_ga1', '_ga2', '_ga3'].every((n) => re.test(n))).toBe(true);
  });

  test('gpc: false ignores the signal; a list names the categories', () => {
    expect(parseConfig(withField({ gpc: false })).gpc).toEqual([]);
    expect(parseConfig(withField({ gpc: ['analytics', 'marketing'] })).gpc).toEqual(['analytics', 'marketing']);
  });

  test('throws a ConfigError listing one problem per field', () => {
    let error: unknown;
    try { parseConfig({ mode: 'yes', categories: { a: { required: 'no' } } }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'mode: expected "opt-in", "opt-out" or "notice", got "yes"',
      'categories.a.required: expected true or false, got "no"',
    ]);
    expect((error as Error).message).toContain('categories.a.required');
  });

  test('the resolved config is frozen', () => {
    expect(Object.isFrozen(parseConfig(base))).toBe(true);
  });
});

// Each invalid config, and the exact message it must produce (the path first).
const invalid: [string, unknown, string][] = [
  ['not an object', 42, ': expected an object, got 42'],
  ['null', null, ': expected an object, got null'],
  ['no categories', {}, 'categories: expected an object, got undefined'],
  ['categories is an array', { categories: [] }, 'categories: expected an object, got an array'],
  ['only required categories', { categories: { necessary: { required: true } } }, 'categories: expected at least one optional category (without "required: true"), got none'],
  ['bad mode', withField({ mode: 'optin' }), 'mode: expected "opt-in", "opt-out" or "notice", got "optin"'],
  ['variant with markup', withField({ variant: '<b>B</b>' }), 'variant: expected an id of letters, digits, "_" or "-" (at most 32, starting with a letter), got "<b>B</b>"'],
  ['variant as a number', withField({ variant: 2 }), 'variant: expected an id of letters, digits, "_" or "-" (at most 32, starting with a letter), got 2'],
  ['impressions not a boolean', withField({ receipts: { endpoint: '/r', impressions: 'no' } }), 'receipts.impressions: expected true or false, got "no"'],
  ['unknown top-level key', withField({ catgories: {} }), 'catgories: unknown key (did you mean "categories"?)'],
  ['unknown key, nothing near', withField({ zzzzzz: 1 }), 'zzzzzz: unknown key'],
  ['category is not an object', withField({ categories: { analytics: 'yes' } }), 'categories.analytics: expected an object, got "yes"'],
  ['bad category id', withField({ categories: { 'ana lytics': {} } }), 'categories.ana lytics: expected an id of letters, digits, "_" or "-" (at most 32, starting with a letter), got "ana lytics"'],
  ['required not boolean', withField({ categories: { analytics: {}, necessary: { required: 1 } } }), 'categories.necessary.required: expected true or false, got 1'],
  ['cookie list item not a string', withField({ categories: { analytics: { cookies: ['_ga', 42] } } }), 'categories.analytics.cookies[1]: expected a string or /regex/, got 42'],
  ['cookie list not an array', withField({ categories: { analytics: { cookies: '_ga' } } }), 'categories.analytics.cookies: expected an array of strings or /regex/, got "_ga"'],
  ['cookie regex does not compile', withField({ categories: { analytics: { cookies: ['/(/'] } } }), 'categories.analytics.cookies[0]: expected a string or /regex/, got "/(/"'],
  ['storage key empty', withField({ categories: { analytics: { storage: [''] } } }), 'categories.analytics.storage[0]: expected a string or /regex/, got ""'],
  ['unknown category key', withField({ categories: { analytics: { lable: 'x' } } }), 'categories.analytics.lable: unknown key (did you mean "label"?)'],
  ['label not a string', withField({ categories: { analytics: { label: 5 } } }), 'categories.analytics.label: expected a string, got 5'],
  ['cookie table row without a name', withField({ categories: { analytics: { cookieTable: [{ purpose: 'x' }] } } }), 'categories.analytics.cookieTable[0].name: expected a string, got undefined'],
  ['cookie table provider not a string', withField({ categories: { analytics: { cookieTable: [{ name: '_ga', provider: 'Google' }, { name: '_gid', provider: 42 }] } } }), 'categories.analytics.cookieTable[1].provider: expected a string, got 42'],
  ['cookie table provider as an object', withField({ categories: { analytics: { cookieTable: [{ name: '_ga', provider: { name: 'Google' } }] } } }), 'categories.analytics.cookieTable[0].provider: expected a string, got an object'],
  ['policy without version', withField({ policies: { privacy: { url: '/p' } } }), 'policies.privacy.version: expected a string of 1–64 characters without spaces or | : + , ;, got undefined'],
  ['policy version with a separator', withField({ policies: { privacy: { version: 'a|b' } } }), 'policies.privacy.version: expected a string of 1–64 characters without spaces or | : + , ;, got "a|b"'],
  ['policy javascript: URL', withField({ policies: { privacy: { version: '1', url: 'javascript:alert(1)' } } }), 'policies.privacy.url: expected an http(s) or relative URL, got "javascript:alert(1)"'],
  ['policy data: URL', withField({ policies: { privacy: { version: '1', url: 'data:text/html,hi' } } }), 'policies.privacy.url: expected an http(s) or relative URL, got "data:text/html,hi"'],
  ['policy URL with a backslash', withField({ policies: { privacy: { version: '1', url: '/\\evil.example' } } }), 'policies.privacy.url: expected an http(s) or relative URL, got "/\\\\evil.example"'],
  ['policy URL with a control character', withField({ policies: { privacy: { version: '1', url: 'java\tscript:x' } } }), 'policies.privacy.url: expected an http(s) or relative URL, got "java\\tscript:x"'],
  ['policy URL empty', withField({ policies: { privacy: { version: '1', url: '' } } }), 'policies.privacy.url: expected an http(s) or relative URL, got ""'],
  ['policy URL with a look-alike scheme', withField({ policies: { privacy: { version: '1', url: ' httpsx:x' } } }), 'policies.privacy.url: expected an http(s) or relative URL, got " httpsx:x"'],
  ['policy unknown key', withField({ policies: { privacy: { version: '1', ur: '/p' } } }), 'policies.privacy.ur: unknown key (did you mean "url"?)'],
  ['policies not an object', withField({ policies: ['privacy'] }), 'policies: expected an object, got an array'],
  ['cookie name with a space', withField({ cookie: { name: 'my consent' } }), 'cookie.name: expected a cookie name (letters, digits, _ - . and no spaces), got "my consent"'],
  ['cookie sameSite lower case', withField({ cookie: { sameSite: 'lax' } }), 'cookie.sameSite: expected "Lax", "Strict" or "None", got "lax"'],
  ['cookie sameSite None without secure', withField({ cookie: { sameSite: 'None', secure: false } }), 'cookie.secure: expected true with sameSite "None" (browsers refuse the cookie otherwise), got false'],
  ['cookie path relative', withField({ cookie: { path: 'shop' } }), 'cookie.path: expected a path starting with "/", got "shop"'],
  ['cookie domain with a scheme', withField({ cookie: { domain: 'https://example.com' } }), 'cookie.domain: expected a domain name like "example.com", got "https://example.com"'],
  ['expiry negative', withField({ expiry: { acceptDays: -1 } }), 'expiry.acceptDays: expected a number of days between 0 and 3650, got -1'],
  ['expiry as string', withField({ expiry: { rejectDays: '182' } }), 'expiry.rejectDays: expected a number of days between 0 and 3650, got "182"'],
  ['gpc unknown category', withField({ gpc: ['ads'] }), 'gpc[0]: expected "analytics" or "marketing", got "ads"'],
  ['gpc a string', withField({ gpc: 'yes' }), 'gpc: expected true, false or an array of category ids, got "yes"'],
  ['gcm unknown consent type', withField({ googleConsentMode: { analytics: ['analytics'] } }), 'googleConsentMode.analytics[0]: expected "ad_storage", "ad_user_data", "ad_personalization", "analytics_storage", "functionality_storage", "personalization_storage" or "security_storage", got "analytics"'],
  ['gcm unknown category', withField({ googleConsentMode: { ads: ['ad_storage'] } }), 'googleConsentMode.ads: expected "necessary", "analytics" or "marketing", got "ads"'],
  ['gcm bad region', withField({ googleConsentMode: { region: ['germany'] } }), 'googleConsentMode.region[0]: expected an ISO 3166 code like "DE" or "US-CA", got "germany"'],
  ['gcm wait too long', withField({ googleConsentMode: { wait_for_update: 60000 } }), 'googleConsentMode.wait_for_update: expected milliseconds from 0 to 10000, got 60000'],
  ['language not a code', withField({ language: 'English' }), 'language: expected "auto" or a language code like "en" or "pt-BR", got "English"'],
  ['texts value not a string', withField({ texts: { en: { title: 1 } } }), 'texts.en.title: expected a string, got 1'],
  ['texts bad language', withField({ texts: { 'english!': {} } }), 'texts.english!: expected a language code like "en" or "pt-BR", got "english!"'],
  ['texts language of that shape but not BCP 47', withField({ texts: { 'en-us-us': {} } }), 'texts.en-us-us: expected a language code like "en" or "pt-BR", got "en-us-us"'],
  ['texts language with a lone singleton', withField({ texts: { 'de-u': {} } }), 'texts.de-u: expected a language code like "en" or "pt-BR", got "de-u"'],
  ['language of that shape but not BCP 47', withField({ language: 'en-a' }), 'language: expected "auto" or a language code like "en" or "pt-BR", got "en-a"'],
  ['receipts without endpoint', withField({ receipts: {} }), 'receipts.endpoint: expected an http(s) or relative URL, got undefined'],
  ['receipts javascript: endpoint', withField({ receipts: { endpoint: 'javascript:x' } }), 'receipts.endpoint: expected an http(s) or relative URL, got "javascript:x"'],
  ['ui bad layout', withField({ ui: { layout: 'popup' } }), 'ui.layout: expected "bar", "bar-top", "box" or "modal", got "popup"'],
  ['ui floatingButton as string', withField({ ui: { floatingButton: 'yes' } }), 'ui.floatingButton: expected true or false, got "yes"'],
  ['reloadOnWithdraw as string', withField({ reloadOnWithdraw: 'no' }), 'reloadOnWithdraw: expected true or false, got "no"'],
];

describe('rejects invalid configs, naming the field', () => {
  test.each(invalid)('%s', (_name, config, message) => {
    const { config: resolved, problems } = validateConfig(config);
    expect(resolved).toBeUndefined();
    expect(problems).toContain(message);
    expect(() => parseConfig(config)).toThrow(ConfigError);
  });

  test('covers at least 25 invalid configs', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(25);
  });
});

// The drop-in runs `checkConfig` and words its problems with the errors chunk (config-messages);
// npm users get `validateConfig`. Both must say the same thing about the same config.
describe('the drop-in path agrees with validateConfig', () => {
  const dropin = (config: unknown) => {
    const { config: resolved, problems } = checkConfig(config);
    return { resolved, lines: problems.map(explain) };
  };
  const agree = (config: unknown) => {
    const { config: resolved, problems } = validateConfig(config);
    const d = dropin(config);
    expect(d.lines).toEqual(problems);
    expect(d.resolved === undefined).toBe(resolved === undefined);
    expect(d.resolved).toEqual(resolved);
  };

  test.each(invalid)('%s', (_name, config, message) => {
    const d = dropin(config);
    expect(d.resolved).toBeUndefined();
    expect(d.lines).toContain(message);
    agree(config);
  });

  test('on 500 random edits of valid configs, rejecting the same ones with the same words', () => {
    const r = random(2026);
    const configs = Array.from({ length: 500 }, () => mutate(r));
    for (const config of configs) agree(config);
    // The edits reach both verdicts and many kinds of problem.
    const rejected = configs.filter((c) => !checkConfig(c).config);
    expect(rejected.length).toBeGreaterThan(300);
    expect(rejected.length).toBeLessThan(configs.length);
    expect(new Set(rejected.flatMap((c) => checkConfig(c).problems.map((p) => JSON.stringify(p[1])))).size).toBeGreaterThan(20);
  });

  test('the valid configs pass both ways', () => {
    for (const config of VALID) {
      agree(config);
      expect(checkConfig(config).problems).toEqual([]);
    }
  });
});

describe('language codes', () => {
  // Tags of the shape the check looks for (2–3 letters, then subtags of 1–8 letters or digits):
  // whatever it lets through reaches Intl.ListFormat in the banner, which throws on a tag that is not BCP 47.
  const subtag = fc.stringMatching(/^[a-z0-9]{1,8}$/);
  const tag = fc.tuple(fc.stringMatching(/^[a-z]{2,3}$/), fc.array(subtag, { maxLength: 4 })).map(([l, s]) => [l, ...s].join('-'));

  test('every texts key the check accepts is one Intl.ListFormat accepts', () => {
    fc.assert(fc.property(tag, (code) => {
      const { config } = checkConfig(withField({ texts: { [code]: { title: 'T' } }, language: code }));
      if (config) for (const k of [config.language, ...Object.keys(config.texts)]) expect(() => new Intl.ListFormat(k)).not.toThrow();
    }), { numRuns: 2000, seed: 20261128 });
  });

  test('real tags pass, whatever their case', () => {
    for (const code of ['en', 'pt-BR', 'zh-Hant-TW', 'sr-Latn-RS', 'de-CH-1901', 'es-419']) {
      expect(checkConfig(withField({ texts: { [code]: {} }, language: code })).problems, code).toEqual([]);
    }
  });
});
