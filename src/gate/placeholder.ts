/**
 * What fills a placeholder box (box.ts) in place of a blocked iframe or video: what it
 * is, an "Allow {category}" button that records consent for that category in place, and a
 * button that opens the preferences. Plain DOM with text set through `textContent`;
 * styled by a constructable stylesheet (no `style` attributes, so it works under
 * `style-src 'self'`), themable with `--consent-*` custom properties and `.consent-placeholder`.
 * The drop-in loads this module as a chunk of its own (`consent-gate.placeholder.js`),
 * only on pages with a blocked embed; the npm `gate()` bundles it.
 *
 * The language and texts are the banner's (i18n `pickLanguage`, `mergeTexts`): the config's
 * `texts` (keys `blocked`, `allow`, `prefs`, `content`; `pt-BR` and `pt-br` alike), else the
 * language's built-in file (fetched through the gate's `texts` loader; the placeholder shows
 * English until it arrives, then its texts change in place), else English. The box carries
 * the `lang` and `dir` of the language it shows (as the banner's root does): English reads left
 * to right on a right-to-left page, Arabic right to left on a page that only says `lang="ar"`.
 */
import type { Consent } from '../core/types.js';
import { LANGS, format, isRtl, mergeTexts, pickLanguage, type Loader, type Texts } from '../i18n/index.js';
import { placeholder as EN } from '../i18n/en.js';
import { stylesheet } from '../dom/stylesheet.js';
import { CSS } from './placeholder.css.js';

/** A new element with the given properties. */
const make = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]>) =>
  Object.assign(document.createElement(tag), props);

const styles = stylesheet(CSS);

/** Language files fetched or being fetched, by code: one request per code and page (a failed one may be tried again). */
const files: Record<string, Promise<Partial<Texts>>> = {};

const button = (onclick: () => void) => make('button', { type: 'button', onclick });

/**
 * Fills `ph`, the box of `el` (a blocked iframe or video), for `categories`, unless it has
 * left the page meanwhile (the embed was released, or the gate stopped). With `load`,
 * on a page in another built-in language than English, texts the site does not set
 * itself are replaced in place (same elements, focus kept) once the language file arrives.
 */
export function fill(ph: HTMLElement, el: HTMLElement, consent: Consent, categories: string[], load?: Loader): void {
  if (!ph.isConnected) return;
  const label = categories.map((c) => consent.config.categories.find((x) => x.id === c)?.label ?? c).join(', ');
  const src = el.getAttribute('data-src') ?? el.querySelector('[data-src]')?.getAttribute('data-src');
  let host = '';
  try { if (src) host = new URL(src, location.href).host; } catch { /* not a URL: say "This content" */ }
  const p = make('p', {});
  const allow = button(() => { for (const c of categories) if (!consent.has(c)) consent.allow(c, 'placeholder'); });
  const prefs = button(() => consent.showPreferences());
  // The banner's language and merge (i18n): English ← the language's file ← the site's `texts`.
  const { config } = consent;
  const code = pickLanguage(config);
  const site = mergeTexts({}, code, {}, config.texts);
  /** The texts wait for the language's file: a built-in language whose texts the site does not all set. */
  const waits = code != 'en' && LANGS.includes(code) && Object.keys(EN).some((k) => !(k in site));
  /** Sets the texts, with `loaded` (the language's file) if it has arrived; `{0}`, `{1}` filled in; and their language and direction. */
  const paint = (loaded?: Partial<Texts>) => {
    const t = mergeTexts(EN, code, loaded, config.texts);
    p.textContent = format(t.blocked, el.title || host || t.content, label).join('');
    allow.textContent = format(t.allow, label).join('');
    prefs.textContent = t.prefs;
    // The language shown (the banner's rule): `code` once its file is there or the site sets its texts, else English.
    const lang = !waits || (loaded && Object.keys(loaded).length) ? code : 'en';
    ph.lang = lang;
    ph.dir = isRtl(lang) ? 'rtl' : 'ltr';
  };
  paint();
  styles(ph);
  ph.append(p, allow, prefs);
  if (load && waits) {
    void (files[code] ??= load(code).catch(() => (delete files[code], {}))).then(paint);
  }
}
