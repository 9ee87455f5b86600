/**
 * Withdrawal: scripts that already ran cannot be unloaded, so when a category
 * that something was released for on this page stops being granted, the page is
 * reloaded (option `reloadOnWithdraw`, default true) and comes back with that
 * category shut. The store has already erased the category's cookies and storage.
 */
import type { Consent } from '../core/types.js';

/**
 * @param used the categories something was released for on this page
 * @returns `check()`: reloads (when `reload`) if one of `used` was withdrawn since the last check; true then
 */
export function withdrawal(consent: Consent, used: Set<string>, reload: boolean): () => boolean {
  let prev = consent.get().categories;
  return () => {
    const now = consent.get().categories;
    const gone = reload && [...used].some((c) => prev[c] && !now[c]);
    prev = now;
    if (gone) location.reload();
    return gone;
  };
}
