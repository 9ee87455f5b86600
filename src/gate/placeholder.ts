/**
 * What fills a placeholder box (box.ts) in place of a blocked iframe or video: what it
 * is, an "Allow {category}" button that records consent for that category in place, and a
 * button that opens the preferences. Plain DOM with text set through `textContent`;
 * styled by a constructable stylesheet (no `style` attributes, so it works under
 * `style-src 'self'`), themable with `--consent-*` custom properties and `.consent-placeholder`.
 * The drop-in loads this module as a chunk of its own (`consent-gate.placeholder.js`),
 * only on pages with a blocked embed; the npm `gate()` bundles it.
 *
 * Texts come from the config's `texts` (keys `blocked`, `allow`, `prefs`, `content`
 * for the page's language), else the page language's built-in file (fetched through the
 * gate's `texts` loader; the placeholder shows English until it arrives, then its texts
 * change in place), else English.
 */
import type { Consent, ResolvedConfig } from '../core/types.js';
import { matchLanguage, type Loader } from '../i18n/index.js';
import { stylesheet } from '../dom/stylesheet.js';
import { CSS } from './placeholder.css.js';

const EN: Record<string, string> = {
  blocked: '{0} is blocked until you allow {1}.',
  allow: 'Allow {0}',
  prefs: 'Cookie preferences',
  content: 'This content',
};

/** A new element with the given properties. */
const make = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]>) =>
  Object.assign(document.createElement(tag), props);

const styles = stylesheet(CSS);

/** The page's language: the configured code, else `<html lang>`. */
const pageLang = ({ language }: ResolvedConfig) => language == 'auto' ? document.documentElement.lang : language;

/** The built-in language of the page, matched as the banner matches it (aliases, region, then language). */
const builtIn = (config: ResolvedConfig): string | undefined => matchLanguage(pageLang(config));

/** The site's own text for `key` in the page's language (exact code, else its language), if any. */
function own({ config }: Consent, key: string): string | undefined {
  const lang = pageLang(config);
  return config.texts[lang]?.[key] ?? config.texts[lang.split('-')[0]!]?.[key];
}

/** Language files fetched or being fetched, by code: one request per code and page (a failed one may be tried again). */
const files: Record<string, Promise<Record<string, string>>> = {};

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
  /** Sets the texts: the site's, else `t` (the language file), else English; `{0}`, `{1}` filled in. */
  const paint = (t: Record<string, string> = {}) => {
    const text = (key: string, ...values: string[]) => (own(consent, key) ?? t[key] ?? EN[key]!).replace(/\{(\d)\}/g, (_, i: string) => values[+i] ?? '');
    p.textContent = text('blocked', el.title || host || text('content'), label);
    allow.textContent = text('allow', label);
    prefs.textContent = text('prefs');
  };
  paint();
  styles(ph);
  ph.append(p, allow, prefs);
  const code = builtIn(consent.config);
  if (load && code && code != 'en' && Object.keys(EN).some((k) => !own(consent, k))) {
    void (files[code] ??= load(code).catch(() => (delete files[code], {})) as Promise<Record<string, string>>).then(paint);
  }
}
