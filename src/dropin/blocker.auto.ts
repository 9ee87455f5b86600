/**
 * The drop-in `consent-gate.auto.js`: its tag (tag.ts) installs the hooks that hold what `sources`
 * and `autoBlock` (with the list of well-known services) name (src/block/early.ts), then fetches
 * the default build's chunks.
 */
import { early } from '../block/early.js';
export { held } from '../block/held.js';
import type { Launch } from './page.js';
import { SERVICES } from '../services/index.js';

export const hooks = (l: Launch): boolean => {
  early(l, SERVICES);
  l.blocker = () => true;
  return true;
};
