/**
 * Declarative actions, delegated from one click listener:
 * `data-consent-open` opens the preferences (`data-consent-open="banner"`: the first layer);
 * `data-consent-action="accept-all" | "reject-all"` records that decision (source `action`).
 */
import type { Consent } from '../core/types.js';

/** Listens for clicks on `root`; returns the function that stops listening. */
export function actions(consent: Consent, root: ParentNode): () => void {
  const click = (e: Event) => {
    // The path, not the target: the element may sit in a shadow root.
    const el = (e.composedPath() as Element[]).find((n) => n.matches?.('[data-consent-open],[data-consent-action]'));
    if (!el) return;
    const a = el.getAttribute('data-consent-action');
    const open = el.getAttribute('data-consent-open');
    if (a === 'accept-all') consent.acceptAll('action');
    else if (a === 'reject-all') consent.rejectAll('action');
    else if (open === 'banner') consent.showBanner();
    else if (open !== null) consent.showPreferences();
    else return;
    e.preventDefault();
  };
  root.addEventListener('click', click);
  return () => root.removeEventListener('click', click);
}
