// @vitest-environment happy-dom
import fc from 'fast-check';
import { afterEach, expect, test, vi } from 'vitest';
import { LANGS, pickLanguage } from '../../src/i18n/index';
import { preloadTexts } from '../../src/dropin/texts';
import { runs } from '../support/fuzz';

const tag = { base: 'https://cdn.test/cg/', me: null };
/** What the tag preloads for this config on this browser: the href of its modulepreload, or none. */
function preloaded(config: { language: string; texts: Record<string, object> }): string | undefined {
  document.head.querySelectorAll('link').forEach((l) => l.remove());
  preloadTexts(config, tag);
  const links = [...document.head.querySelectorAll('link')];
  expect(links.length).toBeLessThanOrEqual(1);
  return links[0]?.getAttribute('href') ?? undefined;
}
afterEach(() => { vi.restoreAllMocks(); document.documentElement.lang = ''; });

// Tags that reach every branch of i18n's matching: cases, `_`, subtags, aliases, the site's own codes, prototype names.
const TAGS = ['de', 'DE', 'de-AT', 'de_at', 'de-', '-de', ' fr ', 'zh', 'zh-HK', 'zh-Hant', 'zh-hant-tw', 'zh-TW', 'zh_tw', 'pt-br', 'pt-BR-x-y', 'pt',
  'nb', 'nn-NO', 'iw', 'he-IL', 'en', 'en-GB', 'cy', 'CY-gb', 'gd', 'xx', 'constructor', '__proto__', 'toString', '', ' ', 'auto', 'no', 'sr-Latn-RS'];
const tagArb = fc.oneof(fc.constantFrom(...TAGS), fc.string({ maxLength: 6 }));

test('the tag preloads the very language file the banner will ask for (i18n pickLanguage), or none for English and the site\'s own languages', () => {
  fc.assert(fc.property(
    tagArb, fc.array(tagArb, { maxLength: 3 }), fc.oneof(fc.constant('auto'), tagArb), fc.uniqueArray(fc.oneof(fc.constantFrom('cy', 'gd', 'de', 'zh-hk', 'nb', 'pt-br', ''), fc.string({ maxLength: 4 })), { maxLength: 3 }),
    (html, languages, language, site) => {
      document.documentElement.lang = html;
      vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);
      const texts = Object.fromEntries(site.map((k) => [k, {}]));
      const code = pickLanguage({ language, texts });
      expect(preloaded({ language, texts })).toBe(code != 'en' && LANGS.includes(code) ? `${tag.base}i18n/${code}.js` : undefined);
    },
  ), { numRuns: runs(400) });
});

test('examples: <html lang>, the browser, the config, an alias, a site language', () => {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['nb-NO', 'de']);
  expect(preloaded({ language: 'auto', texts: {} })).toBe(`${tag.base}i18n/no.js`);
  document.documentElement.lang = 'zh-HK';
  expect(preloaded({ language: 'auto', texts: {} })).toBe(`${tag.base}i18n/zh-TW.js`);
  expect(preloaded({ language: 'pt_br', texts: {} })).toBe(`${tag.base}i18n/pt-BR.js`);
  document.documentElement.lang = 'cy';
  expect(preloaded({ language: 'auto', texts: { cy: {} } })).toBeUndefined();
  document.documentElement.lang = 'en-US';
  expect(preloaded({ language: 'auto', texts: {} })).toBeUndefined();
});
