/**
 * The iab drop-in's part (src/iab/): in `consent-gate.iab.js` this module stands in for
 * src/dropin/blocker.ts. When the tag runs, before anything else, it defines the CMP API stub
 * (`window.__tcfapi`, the `__tcfapiLocator` frame, answers to frames); once the config is valid
 * it fetches the CMP (`consent-gate.tcf.js`, IAB's `CmpApi` and TC string code) next to it.
 */
import type { Consent } from '../../core/types.js';
import { unserved } from '../../dropin/blocker.js';
import { installStub } from '../tcf/stub.js';
import { attachTcf } from '../tcf/link.js';
import { checkedTcf } from './config.js';

export { eagerRegions, held } from '../../dropin/blocker.js';

const me = document.currentScript as HTMLScriptElement | null;
const base = new URL('.', me?.src || location.href).href;
installStub();

/** Starts the CMP for the store (false when the config needs a blocking build: every gate stays shut then). */
export function blocker(consent: Consent): boolean {
  const tcf = checkedTcf();
  if (unserved(consent) || !tcf) return false;
  // The TCF interface (consent-gate.iab-ui.js) reads the checked config from the store.
  attachTcf(consent, tcf);
  import(`${base}consent-gate.tcf.js`).then((m: typeof import('../tcf/chunk.js')) => m.startCmp(consent, tcf), () => console.error('consent-gate: could not load tcf'));
  return true;
}
