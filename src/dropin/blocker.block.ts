/** The drop-in `consent-gate.block.js`: `sources` blocked; `autoBlock` needs `consent-gate.auto.js` (without the services list here). */
import { block } from '../block/index.js';
export { held } from '../block/held.js';
import type { Consent } from '../core/types.js';
import * as regions from '../regions/index.js';
import { unserved } from './blocker.js';

/** Region rules in this build, at once: what it holds in the HTML cannot wait for a chunk (a blocking build is already the larger one). */
export const eagerRegions = regions;

export const blocker = (consent: Consent): boolean => !unserved(consent, true) && (block(consent), true);
