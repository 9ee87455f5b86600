/** The drop-in `consent-gate.auto.js`: `sources` and `autoBlock`, with the list of well-known services. */
import { block } from '../block/index.js';
export { held } from '../block/held.js';
import type { Consent } from '../core/types.js';
import * as regions from '../regions/index.js';
import { SERVICES } from '../services/index.js';

/** Region rules in this build, at once: what it holds in the HTML cannot wait for a chunk (a blocking build is already the larger one). */
export const eagerRegions = regions;

export const blocker = (consent: Consent): boolean => (block(consent, SERVICES), true);
