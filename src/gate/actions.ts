/**
 * Declarative actions, delegated from one click listener:
 * `data-consent-open` opens the preferences (`data-consent-open="banner"`: the first layer);
 * `data-consent-action="accept-all" | "reject-all"` records that decision (source `action`).
 *
 * A sanitizer keeps `data-*` attributes, so user content (a comment, a profile) can carry them
 * too: `accept-all` records consent only inside the site's own containers, which the config's
 * `actionScope` selector names (also across shadow boundaries: a host inside one counts);
 * elsewhere it opens the first layer, where the visitor decides. What never grants works anywhere.
 */
import type { Consent } from '../core/types.js';

/** Marks a click one listener has acted on: the gate and `<consent-banner>` both listen, and a click acts once. */
const HANDLED = Symbol.for('consent-gate.action');

/**
 * Listens for clicks on `root`; returns the function that stops listening. The gate wires it on
 * its root, and `<consent-banner>` on the document (so the actions work without the gate too).
 */
export function actions(consent: Consent, root: ParentNode): () => void {
  const click = (e: Event & { [HANDLED]?: true }) => {
    // The path, not the target: the element may sit in a shadow root.
    const path = e.composedPath() as Element[];
    const i = path.findIndex((n) => n.matches?.('[data-consent-open],[data-consent-action]'));
    const el = path[i];
    if (!el || e[HANDLED]) return;
    const a = el.getAttribute('data-consent-action');
    const open = el.getAttribute('data-consent-open');
    const scope = consent.config.actionScope;
    // The element or one around it (never one inside it: user content could nest a match) is in the site's scope.
    if (a === 'accept-all' && scope && path.slice(i).some((n) => n.matches?.(scope))) consent.acceptAll('action');
    else if (a === 'reject-all') consent.rejectAll('action');
    else if (open === 'banner' || a === 'accept-all') consent.showBanner();
    else if (open !== null) consent.showPreferences();
    else return;
    e[HANDLED] = true;
    e.preventDefault();
  };
  root.addEventListener('click', click);
  return () => root.removeEventListener('click', click);
}
