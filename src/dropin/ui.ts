/**
 * The drop-in's UI chunk (dist/consent-gate.ui.js), loaded on demand: Lit, the
 * element and the English texts. Other languages load from `base + 'i18n/<code>.js'`;
 * the preferences dialog from `consent-gate.prefs.js` next to it (built from
 * src/banner/prefs.ts, it takes Lit from this chunk).
 */
import type { Consent } from '../core/types.js';
import { ConsentBanner, loadPrefs } from '../banner/consent-banner.component.js';
import '../banner/define.js';
import { nextTask } from './task.js';

/**
 * Places one `<consent-banner>` (first in `<body>`, so it comes early in the tab order) and gives it the store.
 * On a first visit, at 4× CPU, the chunk's evaluation (Lit, the element, the English texts), the element's
 * shadow root and stylesheet, and its first render are each a task of their own, none of them a long one.
 */
export async function mount(consent: Consent, options: { base: string }): Promise<void> {
  ConsentBanner.loader = async (code) => (await import(/* @vite-ignore */ `${options.base}i18n/${code}.js`)).default;
  await nextTask();
  // The chunk can arrive before the parser has reached <body> on a slow page (the event fires once).
  if (!document.body) await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
  let el = document.querySelector('consent-banner');
  if (!el) {
    // Its shadow root and stylesheet now (the language file, if any, is asked for); its first render in the next task.
    (el = document.createElement('consent-banner')).consent = consent;
    await nextTask();
    document.body.prepend(el);
  }
  el.consent = consent;
  // With a decision stored, the drop-in fetched the UI because "Cookie settings" was
  // hovered, focused or clicked: the preferences are next, so their dialog comes now too.
  if (consent.get().decided) void loadPrefs();
}
