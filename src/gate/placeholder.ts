/**
 * The placeholder shown in place of a blocked iframe or video: what it is, an
 * "Allow {category}" button that records consent for that category in place, and a
 * button that opens the preferences. Plain DOM with text set through `textContent`;
 * styled by a constructable stylesheet (no `style` attributes, so it works under
 * `style-src 'self'`), themable with `--consent-*` custom properties and `.consent-placeholder`.
 *
 * Texts come from the config's `texts` (keys `blocked`, `allow`, `prefs`, `content`
 * for the page's language), else English.
 */
import type { Consent } from '../core/types.js';
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

/** A text in the page's language from the config's `texts`, else English; `{0}`, `{1}` filled in. */
function text(consent: Consent, key: string, ...values: string[]): string {
  const { texts, language } = consent.config;
  const lang = language === 'auto' ? document.documentElement.lang : language;
  const t = texts[lang]?.[key] ?? texts[lang.split('-')[0]!]?.[key] ?? EN[key]!;
  return t.replace(/\{(\d)\}/g, (_, i: string) => values[+i] ?? '');
}

const button = (label: string, onclick: () => void) => make('button', { type: 'button', textContent: label, onclick });

/**
 * Hides `el` (a blocked iframe or video) and puts a placeholder before it.
 * @returns the placeholder; remove it and call `unblock(el)` to undo.
 */
export function block(el: HTMLElement, consent: Consent, categories: string[]): HTMLElement {
  const label = categories.map((c) => consent.config.categories.find((x) => x.id === c)?.label ?? c).join(', ');
  const src = el.getAttribute('data-src') ?? el.querySelector('[data-src]')?.getAttribute('data-src');
  let host = '';
  try { if (src) host = new URL(src, location.href).host; } catch { /* not a URL: say "This content" */ }
  const ph = make('div', { className: 'consent-placeholder' });
  ph.append(
    make('p', { textContent: text(consent, 'blocked', el.title || host || text(consent, 'content'), label) }),
    button(text(consent, 'allow', label), () => { for (const c of categories) if (!consent.has(c)) consent.allow(c, 'placeholder'); }),
    button(text(consent, 'prefs'), () => consent.showPreferences()),
  );
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
