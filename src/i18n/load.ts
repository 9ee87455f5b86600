/**
 * The language modules for bundlers: each is its own chunk, fetched only when
 * that language is used. (The drop-in loads `dist/i18n/<code>.js` by URL instead.)
 */
import type { Loader } from './index.js';
import type { Texts } from './en.js';

const modules: Record<string, () => Promise<{ default: Partial<Texts> }>> = {
  bg: () => import('./langs/bg.js'),
  cs: () => import('./langs/cs.js'),
  da: () => import('./langs/da.js'),
  de: () => import('./langs/de.js'),
  el: () => import('./langs/el.js'),
  es: () => import('./langs/es.js'),
  et: () => import('./langs/et.js'),
  fi: () => import('./langs/fi.js'),
  fr: () => import('./langs/fr.js'),
  ga: () => import('./langs/ga.js'),
  hr: () => import('./langs/hr.js'),
  hu: () => import('./langs/hu.js'),
  it: () => import('./langs/it.js'),
  lt: () => import('./langs/lt.js'),
  lv: () => import('./langs/lv.js'),
  mt: () => import('./langs/mt.js'),
  nl: () => import('./langs/nl.js'),
  pl: () => import('./langs/pl.js'),
  pt: () => import('./langs/pt.js'),
  ro: () => import('./langs/ro.js'),
  sk: () => import('./langs/sk.js'),
  sl: () => import('./langs/sl.js'),
  sv: () => import('./langs/sv.js'),
  ar: () => import('./langs/ar.js'),
  he: () => import('./langs/he.js'),
  zh: () => import('./langs/zh.js'),
  'zh-TW': () => import('./langs/zh-TW.js'),
  ja: () => import('./langs/ja.js'),
  ko: () => import('./langs/ko.js'),
  ru: () => import('./langs/ru.js'),
  uk: () => import('./langs/uk.js'),
  tr: () => import('./langs/tr.js'),
  hi: () => import('./langs/hi.js'),
  no: () => import('./langs/no.js'),
  'pt-BR': () => import('./langs/pt-BR.js'),
};

/** Loads a built-in language; English (or an unknown code) resolves to no extra texts. */
export const load: Loader = async (code) => (await modules[code]?.())?.default ?? {};
