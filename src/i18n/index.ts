/**
 * Picks the UI language and merges texts: English (bundled) ← the language's
 * own module ← the site's `texts` overrides.
 */
import en, { banner, type BannerTexts, type Texts } from './en.js';

export { en, type BannerTexts, type Texts };

/** Every built-in language: English plus one module per code in `langs/`. */
export const LANGS = ('en bg cs da de el es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv ' +
  'ar he zh zh-TW ja ko ru uk tr hi no pt-BR').split(' ');

/** Loads one language module; returns its texts. */
export type Loader = (code: string) => Promise<Partial<Texts>>;

/** Tags that their first subtag would send elsewhere (other Chinese tags fall back to `zh`). */
const ALIAS: Record<string, string> = { nb: 'no', nn: 'no', iw: 'he', 'zh-hant': 'zh-TW', 'zh-hk': 'zh-TW', 'zh-mo': 'zh-TW' };

/** Maps one language tag to a supported code (exact or alias, then its first two subtags, then its language), or undefined. */
export function matchLanguage(tag: string, extra: readonly string[] = []): string | undefined {
  const all = [...LANGS, ...extra];
  const t = tag.trim().replace(/_/g, '-').toLowerCase();
  const find = (c: string) => all.find((l) => l.toLowerCase() === c) ?? ALIAS[c];
  const parts = t.split('-');
  return t ? find(t) ?? find(parts.slice(0, 2).join('-')) ?? find(parts[0] ?? '') : undefined;
}

/**
 * The language to use: `language` when it is a code, else `<html lang>`, then the
 * browser's languages; `extra` adds codes the site supplies through `texts`.
 * Falls back to English.
 *
 * @example resolveLanguage('auto') // 'pt-BR' on a page with <html lang="pt-br">
 */
export function resolveLanguage(language: string, extra: readonly string[] = []): string {
  const tags = language && language !== 'auto' ? [language]
    : typeof document === 'undefined' ? [] : [document.documentElement.lang, ...(navigator.languages ?? [navigator.language])];
  for (const tag of tags) {
    const code = tag && matchLanguage(tag, extra);
    if (code) return code;
  }
  return 'en';
}

/** Is this language written right to left? */
export const isRtl = (code: string): boolean => /^(ar|he|fa|ur)\b/.test(code);

/**
 * The banner's texts: English ← loaded ← overrides for the base language ← overrides
 * for the exact code (the config's `texts` has lower-case codes).
 */
export function mergeTexts(code: string, loaded: Partial<Texts> | undefined, overrides: Record<string, Record<string, string>> = {}): BannerTexts {
  const lower = code.toLowerCase();
  return { ...banner, ...loaded, ...overrides[lower.split('-')[0]!], ...overrides[lower] };
}

/** Replaces `{0}` in a text. */
export const fill = (text: string, value: string): string => text.replace('{0}', value);
