/** The banner's language file, fetched ahead of the UI's chunk that will ask for it. */
import { LANGS, pickLanguage, type SiteTexts } from '../i18n/index.js';
import type { Tag } from './page.js';

/**
 * Preloads `i18n/<code>.js` for the language the banner will pick for `config` (resolved the same way; English is
 * inside the UI chunk), with the drop-in's nonce (under a nonce-based `script-src` a preload without it is refused).
 * Asked for twice (the tag on a first visit, the store when the UI is asked for), it is fetched once: the module map holds it by URL.
 */
export function preloadTexts(config: { language: string; texts: SiteTexts }, tag: Pick<Tag, 'base' | 'me'>): void {
  const code = pickLanguage(config);
  if (code != 'en' && LANGS.includes(code)) document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href: `${tag.base}i18n/${code}.js`, nonce: tag.me?.nonce ?? '' }));
}
