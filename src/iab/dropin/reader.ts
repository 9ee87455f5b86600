/**
 * The iab drop-in's reader chunk (`dist/consent-gate.iab-reader.js`): what a decided visitor of a
 * TCF or GPP site runs after the iab tag. The default drop-in's reader (src/dropin/reader.ts),
 * trusting only a config the iab store checked on this origin (its fingerprint noted under the
 * iab key: the `tcf` and `gpp` checks included), and then the CMPs on the stub: the TCF CMP
 * answers `tcloaded` from the stored TC string, the GPP CMP its sections. Without an answer (or
 * with `tcf` or `gpp` that do not resolve, which a config the iab store checked cannot have), the
 * store chunk is fetched, which checks everything first: every gate stays shut, and `__tcfapi` and
 * `__gpp` keep their calls queued, until it passes. `tcf` and `gpp` as that check resolved them
 * are kept beside the list of checked configs (page.ts): the reader resolves nothing itself.
 */
import { checked, type Launch } from '../../dropin/page.js';
import { read as readDecided } from '../../dropin/reader.js';
import { iabChecked, resolvedIab, startIab } from './page.js';

// What the reader erased (its erasure chunk keeps a record of its own): the debug panel shows it with the store's.
export { erasing } from '../../dropin/reader.js';

/** The store chunk (`consent-gate.iab-store.js`), which imports what it shares with the reader from this file (the tag fetches both by name). */
export const store = (): Promise<typeof import('./store.js')> => import('./store.js');

/** Starts the page and the CMPs for a decided visitor, or fetches the store chunk when the reader has no answer. */
export async function read(l: Launch): Promise<void> {
  // Only under a config the iab store checked here, with `tcf` and `gpp` as it resolved them (else the store checks it, at once).
  const key = iabChecked(l);
  const iab = checked().includes(key) && resolvedIab(key);
  if (!iab) return l.full();
  await readDecided(l);
  // The reader answered (else it fetched the store, which starts the CMPs itself once the config is checked).
  if (l.started) startIab(l, ...iab);
}
