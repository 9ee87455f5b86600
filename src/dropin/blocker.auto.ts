/** The drop-in `consent-gate.auto.js`: `sources` and `autoBlock`, with the list of well-known services. */
import { block } from '../block/index.js';
import type { Consent } from '../core/types.js';
import { SERVICES } from '../services/index.js';

export const blocker = (consent: Consent): boolean => (block(consent, SERVICES), true);
