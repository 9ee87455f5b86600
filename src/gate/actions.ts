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

/**
 * Marks a click one listener has acted on: the gate and `<consent-banner>` both listen, and a click acts once. The
 * drop-in's stub marks every click so once its store chunk cannot be loaded (stub.ts): the listeners leave it alone.
 */
export const HANDLED = Symbol.for('consent-gate.action');

/**
 * Where on a click's path (innermost first) the action is: the first element with `data-consent-open` or a
 * `data-consent-action` the gate knows (`accept-all`, `reject-all`); -1 when there is none (a click the gate leaves
 * alone, its default action too). The drop-in's tag records such clicks before the gate has started (stub.ts), by
 * this same test.
 */
export const actionAt = (path: EventTarget[]): number =>
  path.findIndex((n) => (n as Element).matches?.('[data-consent-open],[data-consent-action=accept-all],[data-consent-action=reject-all]'));

/**
 * Carries out the action of a click whose path (`composedPath()`, innermost first) is `path`; false when the click is
 * none of the gate's. The listener's, and the drop-in's for the clicks its tag recorded before the gate started.
 */
export function act(consent: Consent, path: EventTarget[]): boolean {
  const i = actionAt(path);
  if (i < 0) return false;
  const el = path[i] as Element;
  const a = el.getAttribute('data-consent-action');
  const scope = consent.config.actionScope;
  // The element or one around it (never one inside it: user content could nest a match) is in the site's scope.
  if (a === 'accept-all' && scope && path.slice(i).some((n) => (n as Element).matches?.(scope))) consent.acceptAll('action');
  else if (a === 'reject-all') consent.rejectAll('action');
  else if (a === 'accept-all' || el.getAttribute('data-consent-open') === 'banner') consent.showBanner();
  else consent.showPreferences();
  return true;
}

/**
 * Listens for clicks on `root`; returns the function that stops listening. The gate wires it on
 * its root, and `<consent-banner>` on the document (so the actions work without the gate too).
 */
export function actions(consent: Consent, root: ParentNode): () => void {
  const click = (e: Event & { [HANDLED]?: true }) => {
    // The path, not the target: the element may sit in a shadow root.
    if (e[HANDLED] || !act(consent, e.composedPath())) return;
    e[HANDLED] = true;
    e.preventDefault();
  };
  root.addEventListener('click', click);
  return () => root.removeEventListener('click', click);
}
