/**
 * The placeholder shown in place of a blocked iframe or video: what it is, an
 * "Allow {category}" button that records consent for that category in place, and a
 * button that opens the preferences. Plain DOM with text set through `textContent`;
 * styled by a constructable stylesheet (no `style` attributes, so it works under
 * `style-src 'self'`), themable with `--consent-*` custom properties and `.consent-placeholder`.
 *
 * Texts come from the config's `texts` (keys `blocked`, `allow`, `prefs`, `content`
 * for the page's language), else the page language's built-in file (fetched through the
 * gate's `texts` loader; the placeholder shows English until it arrives, then its texts
 * change in place), else English.
 */
import type { Consent, ResolvedConfig } from '../core/types.js';
import { LANGS, type Loader } from '../i18n/index.js';
import { CSS } from './placeholder.css.js';

const EN: Record<string, string> = {
  blocked: '{0} is blocked until you allow {1}.',
  allow: 'Allow {0}',
  prefs: 'Cookie preferences',
  content: 'This content',
};

let sheet: CSSStyleSheet | undefined;
let count = 0;

/** A new element with the given properties. */
const make = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]>) =>
  Object.assign(document.createElement(tag), props);

/** Adds the stylesheet to the document or shadow root holding `node` (once each); returns it. */
function styles(node: Node): CSSStyleSheet | undefined {
  const root = node.getRootNode() as Document | ShadowRoot;
  if (!sheet) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    } catch {
      // No constructable stylesheets: a <style> element (needs 'unsafe-inline' or a nonce under CSP).
      return (sheet = document.head.appendChild(make('style', { textContent: CSS })).sheet ?? undefined);
    }
  }
  const all = root.adoptedStyleSheets;
  if (all && !all.includes(sheet)) root.adoptedStyleSheets = [...all, sheet];
  return sheet;
}

/** The page's language: the configured code, else `<html lang>`. */
const pageLang = ({ language }: ResolvedConfig) => language == 'auto' ? document.documentElement.lang : language;

/** The built-in language of the page (exact code, else its primary subtag), if there is one. */
export function builtIn(config: ResolvedConfig): string | undefined {
  const tag = pageLang(config).toLowerCase();
  return LANGS.find((l) => l.toLowerCase() == tag) ?? LANGS.find((l) => l == tag.split('-')[0]);
}

/** The site's own text for `key` in the page's language (exact code, else its language), if any. */
function own({ config }: Consent, key: string): string | undefined {
  const lang = pageLang(config);
  return config.texts[lang]?.[key] ?? config.texts[lang.split('-')[0]!]?.[key];
}

/** Language files fetched or being fetched, by code: one request per code and page (a failed one may be tried again). */
const files: Record<string, Promise<Record<string, string>>> = {};

const button = (onclick: () => void) => make('button', { type: 'button', onclick });

/**
 * Hides `el` (a blocked iframe or video) and puts a placeholder before it. With `load`,
 * on a page in another built-in language than English, texts the site does not set
 * itself are replaced in place (same elements, focus kept) once the language file arrives.
 * @returns the placeholder; remove it and call `unblock(el)` to undo.
 */
export function block(el: HTMLElement, consent: Consent, categories: string[], load?: Loader): HTMLElement {
  const label = categories.map((c) => consent.config.categories.find((x) => x.id === c)?.label ?? c).join(', ');
  const src = el.getAttribute('data-src') ?? el.querySelector('[data-src]')?.getAttribute('data-src');
  let host = '';
  try { if (src) host = new URL(src, location.href).host; } catch { /* not a URL: say "This content" */ }
  const ph = make('div', { className: 'consent-placeholder' });
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
  ph.append(p, allow, prefs);
  const code = builtIn(consent.config);
  if (load && code && code != 'en' && Object.keys(EN).some((k) => !own(consent, k))) {
    void (files[code] ??= load(code).catch(() => (delete files[code], {})) as Promise<Record<string, string>>).then(paint);
  }
  el.before(ph);
  el.setAttribute('data-consent-blocked', '');
  const s = styles(ph);
  // Keep the embed's size: its width/height attributes become a rule of the stylesheet.
  const w = el.getAttribute('width');
  const h = el.getAttribute('height');
  if (s && /^\d+$/.test(w!) && /^\d+$/.test(h!) && +h! > 0) {
    ph.setAttribute('data-consent-ph', String(++count));
    s.insertRule(`:where([data-consent-ph="${count}"]){max-width:${w}px;aspect-ratio:${w}/${h}}`, s.cssRules.length);
  }
  return ph;
}

/** Shows a blocked element again (its placeholder is removed by the caller). */
export const unblock = (el: Element): void => el.removeAttribute('data-consent-blocked');
