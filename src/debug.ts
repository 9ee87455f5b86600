/**
 * consent-gate/debug: the debug panel for sites that use the npm package. Importing it touches
 * nothing; `debug(consent)` opens the panel (import it dynamically, so it is not in the page's
 * bundle until asked for).
 */
import { held } from './block/held.js';
import type { Consent } from './core/types.js';
import { HASH, openPanel, type ConsentGateDebug } from './debug/panel.js';
import { erased } from './storage/erase.js';

export { setDecoder, type Decoder } from './debug/iab.js';

/**
 * Opens the debug panel for `consent`: the problems found on the page, the rules in force, the
 * decision, what is held and erased, Google Consent Mode, TCF/GPP; and actions to try the page as
 * a visitor. What `block()` held is listed when it runs in the same bundle.
 *
 * @example
 * if (location.hash === '#consent-gate-debug') import('consent-gate/debug').then(({ debug }) => debug(consent))
 * @returns the panel element (`<consent-gate-debug>`); `close()` closes it
 */
export function debug(consent: Consent): ConsentGateDebug {
  return openPanel({ script: null, consent, held, erased });
}

export { HASH };
