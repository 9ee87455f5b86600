/**
 * The iab drop-in's part (src/iab/): in `consent-gate.iab.js` this module stands in for
 * src/dropin/blocker.ts. When the tag runs, before anything else, it defines the CMP API stub
 * (`window.__tcfapi`, the `__tcfapiLocator` frame, answers to frames); once the config is valid
 * it fetches the CMP (`consent-gate.tcf.js`, IAB's `CmpApi` and TC string code) next to it.
 * With `gpp` in the config it defines the GPP stub too (`window.__gpp`, the `__gppLocator`
 * frame) and fetches the GPP CMP (`consent-gate.gpp.js`); a config with `gpp` and no `tcf`
 * gets neither the TCF stub nor its chunk.
 */
import type { Consent } from '../../core/types.js';
import { unserved } from '../../dropin/blocker.js';
import { installStub } from '../tcf/stub.js';
import { attachTcf, listOf } from '../tcf/link.js';
import { installGppStub } from '../gpp/stub.js';
import { supportedApis } from '../gpp/sections.js';
import { checkedGpp, checkedTcf } from './config.js';

export { eagerRegions, held } from '../../dropin/blocker.js';

const me = document.currentScript as HTMLScriptElement | null;
const base = new URL('.', me?.src || location.href).href;
/** The config's top-level keys as the tag carries it (checked later; this only picks the stubs). */
let peek: { tcf?: unknown; gpp?: { sections?: unknown } } | undefined;
try { peek = JSON.parse((me?.dataset.config ?? document.querySelector('script[data-consent-config]')?.textContent) || '{}'); } catch { /* reported by the drop-in */ }
if (!peek?.gpp || peek.tcf) installStub();
if (peek?.gpp) installGppStub(supportedApis(peek.gpp.sections == 'state' ? 'state' : 'national', !!peek.tcf));

/** Starts the CMP for the store (false when the config needs a blocking build: every gate stays shut then). */
export function blocker(consent: Consent): boolean {
  const tcf = checkedTcf();
  const gpp = checkedGpp();
  if (unserved(consent) || (!tcf && !gpp)) return false;
  if (tcf) {
    // The TCF interface (consent-gate.iab-ui.js) reads the checked config from the store.
    attachTcf(consent, tcf);
    // A decision is due where TCF applies: the vendor list is fetched now, beside the interface's
    // chunk (which waits for it to draw the first layer) rather than after it.
    consent.onView((v) => { if (v && consent.get().mode == 'opt-in') listOf(consent, tcf).catch(() => {}); });
    import(`${base}consent-gate.tcf.js`).then((m: typeof import('../tcf/chunk.js')) => m.startCmp(consent, tcf), () => console.error('consent-gate: could not load tcf'));
  }
  if (gpp) import(`${base}consent-gate.gpp.js`).then((m: typeof import('../gpp/chunk.js')) => m.startGpp(consent, gpp, { tcf: !!tcf }), () => console.error('consent-gate: could not load gpp'));
  return true;
}
