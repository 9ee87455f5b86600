/**
 * Picks the UI language and merges texts: English (bundled) ← the language's
 * own module ← the site's `texts` overrides. The one path for the banner, the
 * placeholders and the drop-in's preload: `pickLanguage`, `loadTexts`, `format`.
 */
import en, { type BannerTexts, type PlaceholderTexts, type Texts } from './en.js';

export { en, type BannerTexts, type PlaceholderTexts, type Texts };

/** The site's `texts`, by lower-case code (as the config check leaves them). */
export type SiteTexts = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Every built-in language: English plus one module per code in `langs/`. */
export const LANGS = /* @__PURE__ */ ('en bg cs da de el es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv ' +
  'ar he zh zh-TW ja ko ru uk tr hi no pt-BR').split(' ');

/** Loads one language module; returns its texts. */
export type Loader = (code: string) => Promise<Partial<Texts>>;

/** Tags that their first subtag would send elsewhere (other Chinese tags fall back to `zh`). */
export const ALIAS: Record<string, string> = { nb: 'no', nn: 'no', iw: 'he', 'zh-hant': 'zh-TW', 'zh-hk': 'zh-TW', 'zh-mo': 'zh-TW' };

/** Maps one language tag to a supported code (exact or alias, then its first two subtags, then its language), or undefined. */
export function matchLanguage(tag: string, extra: readonly string[] = []): string | undefined {
  const all = [...LANGS, ...extra];
  const t = tag.trim().replace(/_/g, '-').toLowerCase();
  // Own keys only: `<html lang="constructor">` must not find Object.prototype's.
  const find = (c: string) => all.find((l) => l.toLowerCase() === c) ?? (Object.hasOwn(ALIAS, c) ? ALIAS[c] : undefined);
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

/**
 * Is this language tag written right to left, going by the list: a script subtag decides
 * (Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi Rohingya, Mandaic, Samaritan, Mende
 * Kikakui, Yezidi, Imperial Aramaic, Avestan); without one, the languages whose usual script is one of
 * those (CLDR's likely subtags). Region-only cases (`pa-PK`, `az-IR`) are known to `Intl.Locale` alone.
 *
 * @example isRtlByList('sd') // true; isRtlByList('sd-Deva') // false
 */
export function isRtlByList(code: string): boolean {
  const script = /^[a-z]{2,8}-([a-z]{4})(-|$)/i.exec(code)?.[1];
  return script ? /^(arab|hebr|thaa|syrc|nkoo|adlm|rohg|mand|samr|mend|yezi|armi|avst)$/i.test(script)
    : /^(ae|ar|arc|bal|bqi|ckb|dv|fa|glk|he|iw|ji|khw|ks|lrc|luz|mzn|nqo|pnb|prs|ps|rhg|sd|sdh|skr|syr|ug|ur|yi)(-|$)/i.test(code);
}

/**
 * Is this language written right to left? By the list (Firefox has no text info), or by the
 * locale's own direction (`Intl.Locale`'s `getTextInfo()`, or the older `textInfo`), which also
 * knows region-only cases such as `pa-PK`; either is enough, as older engines' text info says
 * `ltr` for some right-to-left tags (Node 20: `dv`, `az-Arab`).
 *
 * @example isRtl('yi') // true; isRtl('sd-Deva') // false
 */
export function isRtl(code: string): boolean {
  if (isRtlByList(code)) return true;
  // A built-in language is known to the list (`ar`, `he`): the banner's first render asks for one, and a first
  // `Intl.Locale` loads the engine's locale data (issue 20: no long task).
  if (LANGS.includes(code)) return false;
  try {
    const locale = new Intl.Locale(code) as Intl.Locale & { getTextInfo?(): { direction?: string }; textInfo?: { direction?: string } };
    return (locale.getTextInfo?.() ?? locale.textInfo)?.direction == 'rtl';
  } catch {
    return false; // not a well-formed tag
  }
}

/**
 * The UI language for a config: `language` (an element's own attribute; default the
 * config's) matched against the built-in languages and the site's `texts`.
 *
 * @example pickLanguage({ language: 'auto', texts: { cy: {} } }) // 'cy' on a page with <html lang="cy">
 */
export const pickLanguage = (config: { language: string; texts: SiteTexts }, language = config.language): string =>
  resolveLanguage(language, Object.keys(config.texts));

/**
 * `base` (English) ← `loaded` (the language's file) ← the site's texts for the base
 * language ← for the exact code (the config's `texts` has lower-case codes).
 */
export function mergeTexts<T extends object>(base: T, code: string, loaded: Partial<Texts> | undefined, site: SiteTexts = {}): T {
  const lower = code.toLowerCase();
  return { ...base, ...loaded, ...site[lower.split('-')[0]!], ...site[lower] } as T;
}

/**
 * The texts for `code` (from `pickLanguage`): its built-in file through `loader` (none for
 * English or a language only the site supplies; a file that fails to load means English),
 * merged over `base` with the site's `texts`.
 * @returns the language actually shown (`en` when neither a file nor the site has `code`) and the texts
 */
export async function loadTexts<T extends object>(base: T, code: string, site: SiteTexts, loader?: Loader): Promise<[string, T]> {
  let loaded: Partial<Texts> | undefined = {};
  try {
    if (code != 'en') loaded = LANGS.includes(code) ? await loader?.(code) : undefined;
  } catch {
    loaded = undefined;
  }
  const lang = loaded || site[code.toLowerCase()] ? code : 'en';
  return [lang, mergeTexts(base, lang, loaded, site)];
}

/**
 * `text` with `{0}`, `{1}`… replaced by `values`, as a list of parts (a template renders it;
 * `.join('')` makes it a string). An undefined value is left out with the spaces and
 * punctuation before it ("We have updated our {0}." → "We have updated our.").
 *
 * @example format('Allow {0}', 'Analytics').join('') // 'Allow Analytics'
 */
export const format = <T>(text: string, ...values: (T | undefined)[]): (string | T)[] =>
  text.replace(/[\s,:：]*\{(\d)\}/g, (m, i: string) => (values[+i] === undefined ? '' : m))
    .split(/\{(\d)\}/).map((x, i) => (i % 2 ? values[+x]! : x));
