/**
 * Blocking without markup: URLs that a category's `sources` (or, with `autoBlock`, the list of
 * well-known services) name are gated like marked elements. Scripts (in the HTML after the
 * drop-in, written by `document.write`, or inserted later by any script), iframes, images and
 * pixels, media, embeds, objects, `<link>`s and SVG images load nothing before consent; `fetch`,
 * `XMLHttpRequest`, `sendBeacon`, `WebSocket` and `EventSource` to them fail without a request,
 * and a form a script submits to them (not the visitor) is not sent. After consent they are released in place; a withdrawal of a category
 * something was released for reloads the page (`reloadOnWithdraw`), and holds them again.
 */
import type { Consent } from '../core/types.js';
import { withdrawal } from '../gate/withdraw.js';
import type { Service } from '../services/index.js';
import { holdElements } from './elements.js';
import { noteHeld } from './held.js';
import { holdNetwork } from './network.js';
import { rules } from './rules.js';

/**
 * Starts blocking what the config's `sources` name, and with `autoBlock` the `services` given.
 * Call it as early as possible (in the `<head>`, before any script it should hold), next to `gate(consent)`.
 * Does nothing when the config uses neither, or outside a browser.
 *
 * @example
 * import { createConsent, block, gate, SERVICES } from 'consent-gate'
 * const consent = createConsent(config)
 * block(consent, SERVICES) // SERVICES only with autoBlock
 * gate(consent)
 * @returns whether anything is blocked
 */
export function block(consent: Consent, services?: readonly Service[]): boolean {
  const { config } = consent;
  if (typeof document === 'undefined' || !(config.autoBlock || config.categories.some((c) => c.sources.length))) return false;
  const categoriesOf = rules(config, services);
  const needs = (url: string, base = document.baseURI) => categoriesOf(url, base);
  // In this window and in every same-origin frame's (holdElements installs both there); what is held is noted for the debug panel.
  const release = holdElements(consent, needs, (w) => holdNetwork((url) => {
    const cats = needs(url, w.document.baseURI);
    return cats.some((c) => !consent.has(c)) && !!noteHeld({ value: url, cats });
  }, w));
  const used = new Set<string>();
  const withdrawn = withdrawal(consent, used, config.reloadOnWithdraw);
  // After the store's listeners (Google Consent Mode's update among them), as the gate does.
  consent.subscribe(() => queueMicrotask(() => {
    if (!withdrawn()) for (const c of release()) used.add(c);
  }));
  return true;
}
