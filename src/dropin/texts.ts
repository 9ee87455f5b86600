/**
 * The banner's language file, fetched ahead of the UI's chunk that will ask for it: the tag's (on a first visit, in
 * parallel with the store and UI chunks) and the store's (when the UI is asked for later). The language is found as
 * i18n's `pickLanguage` finds it (tests/unit/dropin-texts.test.ts holds the two to the same answer), in a few bytes:
 * the tag is downloaded on every page view, the language file only on a first visit.
 */
import { ALIAS, LANGS } from '../i18n/index.js';
import type { Tag } from './page.js';
import { isObj } from './raw.js';

/**
 * Preloads `i18n/<code>.js` for the language the banner will pick for `config` (the checked one, or as the page gives it:
 * `language` read as the check reads it, `texts` only if an object; English is inside the UI chunk), with
 * the drop-in's nonce (under a nonce-based `script-src` a preload without it is refused). Asked for twice (the tag on a
 * first visit, the store when the UI is asked for), it is fetched once: the module map holds it by URL.
 */
export function preloadTexts(config: { language?: unknown; texts?: unknown }, tag: Pick<Tag, 'base' | 'me'>): void {
  const language = String(config.language ?? 'auto');
  // The site's languages (`texts`) after the built-in ones, then the aliases; the first tag that finds one decides.
  const site = Object.keys(isObj(config.texts) ? config.texts : {}).map((k) => k.toLowerCase());
  for (const t of language && language != 'auto' ? [language] : [document.documentElement.lang, ...navigator.languages ?? [navigator.language]]) {
    const x = t ? t.trim().replace(/_/g, '-').toLowerCase() : '';
    const p = x.split('-');
    for (const y of x ? [x, p.slice(0, 2).join('-'), p[0]!] : []) {
      // (Own keys only: `<html lang="constructor">` must not find Object.prototype's.)
      const code = LANGS.find((l) => l.toLowerCase() == y) ?? (y && site.includes(y) ? 'en' : Object.hasOwn(ALIAS, y) && ALIAS[y]);
      if (code) {
        if (code != 'en') document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href: `${tag.base}i18n/${code}.js`, nonce: tag.me?.nonce ?? '' }));
        return;
      }
    }
  }
}
