/**
 * The drop-in `consent-gate.block.js`: its tag (tag.ts) installs the hooks that hold what `sources`
 * name (src/block/early.ts), then fetches the default build's chunks. `autoBlock` needs
 * `consent-gate.auto.js` (without the services list here): such a config takes the store's path,
 * whose check names the field and keeps every gate shut.
 */
import { early } from '../block/early.js';
export { held } from '../block/held.js';
import type { Launch } from './page.js';
import { unserved } from './blocker.js';

export const hooks = (l: Launch): boolean => {
  early(l);
  l.blocker = (consent) => !unserved(consent, true);
  return !l.input.autoBlock;
};
