/** The TCF interface's words: every language file has exactly the English keys and the same `{n}` placeholders, and TCF_LANGS lists exactly the files. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tcfTexts } from '../../src/iab/ui/texts';
import { TCF_LANGS } from '../../src/iab/ui/data';
import { LANGS } from '../../src/i18n';

const DIR = join(import.meta.dirname, '../../src/iab/ui/langs');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
const holes = (s: string) => [...s.matchAll(/\{\d\}/g)].map((m) => m[0]).sort();

test('TCF_LANGS names exactly the language files', () => {
  expect([...TCF_LANGS].sort()).toEqual([...files].sort());
});

test('every language of the banner but English (bundled) has a file of the TCF words', () => {
  expect(LANGS[0]).toBe('en');
  expect(LANGS.filter((l) => l != 'en').map((l) => l.toLowerCase()).sort()).toEqual([...files].sort());
});

test("the words for the banner's buttons and link are the banner's own in each language", async () => {
  for (const code of files) {
    const file = LANGS.find((l) => l.toLowerCase() == code)!;
    const banner = (await import(join(DIR, '../../../i18n/langs', `${file}.ts`))).default as Record<string, string>;
    const texts = (await import(join(DIR, `${code}.ts`))).default as Record<string, string>;
    expect(texts.tcfLegInt, code).toContain(banner.custom);
    expect(texts.tcfLegInt, code).toContain(banner.reject);
    expect(texts.tcfScope, code).toContain(banner.settings);
  }
});

describe.each(files)('%s', (code) => {
  test('has every key of the English texts, each with the same placeholders', async () => {
    const texts = (await import(join(DIR, `${code}.ts`))).default as Record<string, string>;
    expect(Object.keys(texts).sort()).toEqual(Object.keys(tcfTexts).sort());
    for (const [k, v] of Object.entries(tcfTexts)) expect(holes(texts[k]!), `${code}.${k}`).toEqual(holes(v));
  });
});
