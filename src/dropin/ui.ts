/**
 * The drop-in's UI chunk (dist/consent-gate.ui.js), loaded on demand: Lit, the
 * element and the English texts. Other languages load from `base + 'i18n/<code>.js'`;
 * the preferences dialog from `consent-gate.prefs.js` next to it (built from
 * src/banner/prefs.ts, it takes Lit from this chunk).
 */
import type { Consent } from '../core/types.js';
import { ConsentBanner, loadPrefs } from '../banner/consent-banner.component.js';
import '../banner/define.js';

/** Places one `<consent-banner>` (first in `<body>`, so it comes early in the tab order) and gives it the store. */
export function mount(consent: Consent, options: { base: string }): void {
  ConsentBanner.loader = async (code) => (await import(/* @vite-ignore */ `${options.base}i18n/${code}.js`)).default;
  if (!document.body) {
    // The chunk can arrive before the parser has reached <body> on a slow page (the event fires once).
    document.addEventListener('DOMContentLoaded', () => mount(consent, options));
    return;
  }
  let el = document.querySelector('consent-banner');
  if (!el) document.body.prepend((el = document.createElement('consent-banner')));
  el.consent = consent;
  // With a decision stored, the drop-in fetched the UI because "Cookie settings" was
  // hovered, focused or clicked: the preferences are next, so their dialog comes now too.
  if (consent.get().decided) void loadPrefs();
}
