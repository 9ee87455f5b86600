/** The drop-in `consent-gate.block.js`: `sources` blocked; `autoBlock` needs `consent-gate.auto.js` (without the services list here). */
import { block } from '../block/index.js';
import type { Consent } from '../core/types.js';
import { unserved } from './blocker.js';

export const blocker = (consent: Consent): boolean => !unserved(consent, true) && (block(consent), true);
