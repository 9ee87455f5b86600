// @vitest-environment happy-dom
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import en, { banner } from '../../src/i18n/en';
import { LANGS, format, isRtl, isRtlByList, matchLanguage, mergeTexts, resolveLanguage } from '../../src/i18n/index';
import { load } from '../../src/i18n/load';

const files = readdirSync(join(import.meta.dirname, '../../src/i18n/langs')).map((f) => f.replace(/\.ts$/, ''));
const EU = 'bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv'.split(' ');
const MORE = 'ar he zh zh-TW ja ko ru uk tr hi no pt-BR'.split(' ');

function setBrowser(htmlLang: string, languages: string[]) {
  document.documentElement.lang = htmlLang;
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages);
}
afterEach(() => { vi.restoreAllMocks(); document.documentElement.lang = ''; });

describe('built-in languages', () => {
  test('cover the 24 official EU languages and the others promised', () => {
    for (const code of [...EU, ...MORE]) expect(LANGS).toContain(code);
  });

  test('each language except English is its own module', () => {
    expect(files.sort()).toEqual(LANGS.filter((l) => l !== 'en').sort());
  });

  test.each(LANGS.filter((l) => l !== 'en'))('%s has every key, translated, as plain text', async (code) => {
    const t = await load(code);
    expect(Object.keys(t).sort()).toEqual(Object.keys(en).sort());
    for (const v of Object.values(t)) expect(v).toMatch(/\S/);
    for (const v of Object.values(t)) expect(v).not.toMatch(/[<>]/);
    expect(t.revised).toContain('{0}');
    expect(t.notice).toContain('{0}');
    expect(t.title).not.toBe(en.title);
    expect(t.reject).not.toBe(en.reject);
  });

  test('no two languages share their texts', async () => {
    const seen = new Map<string, string>();
    for (const code of LANGS.filter((l) => l !== 'en')) {
      const body = (await load(code)).body!;
      expect(seen.get(body), `${code} repeats ${seen.get(body)}`).toBeUndefined();
      seen.set(body, code);
    }
  });

  test('an unknown code loads nothing', async () => {
    expect(await load('xx')).toEqual({});
  });
});

describe('language resolution', () => {
  test('uses <html lang> first', () => {
    setBrowser('de', ['fr-FR', 'en']);
    expect(resolveLanguage('auto')).toBe('de');
  });

  test('falls back from a region to its language', () => {
    setBrowser('de-AT', []);
    expect(resolveLanguage('auto')).toBe('de');
  });

  test('keeps Brazilian Portuguese and sends other Portuguese to pt', () => {
    expect(matchLanguage('pt-BR')).toBe('pt-BR');
    expect(matchLanguage('pt_br')).toBe('pt-BR');
    expect(matchLanguage('pt-PT')).toBe('pt');
    expect(matchLanguage('pt-AO')).toBe('pt');
  });

  test('tells simplified from traditional Chinese', () => {
    expect(matchLanguage('zh-CN')).toBe('zh');
    expect(matchLanguage('zh-SG')).toBe('zh');
    expect(matchLanguage('zh-Hans')).toBe('zh');
    expect(matchLanguage('zh-MO')).toBe('zh-TW');
    expect(matchLanguage('zh-Hant')).toBe('zh-TW');
    expect(matchLanguage('zh-Hans-SG')).toBe('zh');
    expect(matchLanguage('zh-TW')).toBe('zh-TW');
    expect(matchLanguage('zh-Hant-HK')).toBe('zh-TW');
    expect(matchLanguage('zh-HK')).toBe('zh-TW');
  });

  test('maps Norwegian Bokmål and Nynorsk to Norwegian', () => {
    expect(matchLanguage('nb-NO')).toBe('no');
    expect(matchLanguage('nn')).toBe('no');
  });

  test('then the browser languages, in order', () => {
    setBrowser('', ['xx-YY', 'fr-CA', 'de']);
    expect(resolveLanguage('auto')).toBe('fr');
  });

  test('skips an unsupported <html lang> for the browser languages', () => {
    setBrowser('xx', ['it-IT']);
    expect(resolveLanguage('auto')).toBe('it');
  });

  test('falls back to English', () => {
    setBrowser('xx', ['yy']);
    expect(resolveLanguage('auto')).toBe('en');
  });

  test('a configured code wins over the page and the browser', () => {
    setBrowser('de', ['fr']);
    expect(resolveLanguage('ja')).toBe('ja');
  });

  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('<html lang="%s"> falls back to English, not to Object.prototype', (lang) => {
    setBrowser(lang, []);
    expect(matchLanguage(lang)).toBeUndefined();
    expect(resolveLanguage('auto')).toBe('en');
  });

  test('languages supplied through texts count as supported', () => {
    setBrowser('cy', []);
    expect(resolveLanguage('auto', ['cy'])).toBe('cy');
  });
});

describe('texts', () => {
  test('overrides win over built-in texts, the exact code over its base language', () => {
    const t = mergeTexts(banner, 'pt-BR', { accept: 'Aceitar todos', reject: 'Rejeitar todos' }, { pt: { accept: 'A', reject: 'R' }, 'pt-br': { accept: 'B' } });
    expect([t.accept, t.reject, t.save]).toEqual(['B', 'R', 'Save choices']);
  });

  test('format puts values in place of {0} and {1}', () => {
    expect(format(en.revised, 'Terms of Use').join('')).toBe('We have updated our Terms of Use. Please review your choice.');
    expect(format(en.blocked, 'Map', 'Marketing').join('')).toBe('Map is blocked until you allow Marketing.');
  });

  test('format keeps a value that is not a string as one part', () => {
    const links = ['<a>', '</a>'];
    expect(format('See our {0}.', links)).toEqual(['See our ', links, '.']);
  });

  test('format leaves out a missing value with the punctuation before it', () => {
    expect(format('I agree to cookies, {0}. Thanks').join('')).toBe('I agree to cookies. Thanks');
  });

  test('Arabic and Hebrew are right to left', () => {
    expect(['ar', 'he', 'en', 'de', 'hi'].map(isRtl)).toEqual([true, true, false, false, false]);
  });

  test('every right-to-left language is laid out so, a script subtag deciding', () => {
    const tags = ['yi', 'ps', 'ckb', 'dv', 'ug', 'sd', 'ks', 'syr', 'nqo', 'sd-Deva', 'ks-Deva', 'ug-Cyrl', 'uz-Arab', 'pa-Arab', 'ku', 'ku-Arab', 'ff-Adlm', 'pa-PK'];
    expect(tags.filter(isRtl)).toEqual(['yi', 'ps', 'ckb', 'dv', 'ug', 'sd', 'ks', 'syr', 'nqo', 'uz-Arab', 'pa-Arab', 'ku-Arab', 'ff-Adlm', 'pa-PK']);
  });

  test('knows every built-in language\'s direction as Intl.Locale gives it, without asking Intl.Locale', () => {
    const expected = LANGS.map((c) => (new Intl.Locale(c) as Intl.Locale & { textInfo?: { direction?: string } }).textInfo?.direction == 'rtl');
    const locale = vi.spyOn(Intl, 'Locale');
    expect(LANGS.map((c) => isRtl(c))).toEqual(expected);
    expect(locale).not.toHaveBeenCalled();
    locale.mockRestore();
  });

  test('without Intl.Locale text info (Firefox) the list still knows them', () => {
    const dirs = Object.fromEntries(['yi', 'ps', 'ckb', 'dv', 'ug', 'sd', 'ks', 'syr', 'nqo', 'rhg', 'sd-Deva', 'ks-Deva', 'ug-Cyrl', 'uz-Arab', 'ku', 'ku-Arab', 'ff-Adlm', 'en', 'ur-PK', 'he-IL', 'iw'].map((t) => [t, isRtlByList(t)]));
    expect(dirs).toEqual({
      yi: true, ps: true, ckb: true, dv: true, ug: true, sd: true, ks: true, syr: true, nqo: true, rhg: true,
      'sd-Deva': false, 'ks-Deva': false, 'ug-Cyrl': false, 'uz-Arab': true, ku: false, 'ku-Arab': true, 'ff-Adlm': true,
      en: false, 'ur-PK': true, 'he-IL': true, iw: true,
    });
  });
});
