/**
 * The iab drop-in's tag (`dist/consent-gate.iab.js`) is the default drop-in's (src/dropin/tag.ts) with these seams
 * swapped in for src/dropin/seams.ts (rollup.config.mjs, `swapSeams`), for a site with `tcf` (IAB TCF v2.3) or `gpp`:
 *
 * - before Consent Mode's default, IAB's CMP API stubs (`window.__tcfapi` with its `__tcfapiLocator` frame, unless the
 *   config has `gpp` and no `tcf`; `window.__gpp` with `__gppLocator` for a config with `gpp`), whose calls wait in
 *   their queues; Consent Mode's default is read from the config without `tcf` and `gpp`;
 * - a decided visitor: the reader chunk (`consent-gate.iab-reader.js`), and the TCF CMP (`consent-gate.tcf.js`, which
 *   answers `tcloaded` from the stored string) or the GPP CMP (`consent-gate.gpp.js`) as the config has them: no UI,
 *   no config check, no vendor list;
 * - a first visit: the store chunk (`consent-gate.iab-store.js`: the config check with `tcf` and `gpp`, the store),
 *   the iab UI's (`consent-gate.iab-ui.js`), the CMP chunks and, where TCF applies (an opt-in config without
 *   `regions`), the vendor list from the site's own server; the store chunk imports what it shares with the reader
 *   from the reader's file (one file for a decided visitor), so the reader's is fetched too.
 *
 * The CMPs start only on a config whose `tcf` and `gpp` the store chunk has checked (now, or on an earlier page view:
 * the reader trusts only those): before that, and for good with an invalid config, no gate opens and no vendor hears
 * of any consent.
 */
import type * as Seams from '../../dropin/seams.js';
import { isObj } from '../../dropin/raw.js';
import { installStub } from '../tcf/stub.js';
import { installGppStub } from '../gpp/stub.js';
import { supportedApis } from '../gpp/sections.js';
import { listOf } from '../tcf/link.js';

type Iab = { tcf?: { gvl?: unknown; vendors?: unknown }; gpp?: { sections?: unknown } };

export const cmp: typeof Seams.cmp = (input) => {
  // The CMP API stubs first, for vendors' tags (a config that is not JSON gets the TCF stub, whose calls then wait for good).
  const { tcf, gpp, ...rest } = (isObj(input) ? input : {}) as Iab;
  if (!gpp || tcf) installStub();
  if (gpp) installGppStub(supportedApis(gpp.sections == 'state' ? 'state' : 'national', !!tcf));
  return {
    given: isObj(input) ? rest : input,
    // The store chunk imports what it shares with the reader from the reader's file.
    reader: true,
    /** The CMP chunks (importing them runs nothing: they start on the checked config). */
    beside({ load }) {
      if (!gpp || tcf) void load('tcf');
      if (gpp) void load('gpp');
    },
    // Where TCF applies, the first layer waits for the vendor list: from the site's own server, now (the same URL the
    // check will resolve: the CMP and the interface take this one request; only http(s) or a path).
    ui({ input: c, stub }) {
      const gvl = tcf?.gvl ?? '/consent/gvl';
      const vendors = Array.isArray(tcf?.vendors) ? [...new Set(tcf.vendors as number[])].sort((a, b) => a - b) : tcf?.vendors ?? [];
      if (isObj(tcf) && !c.regions && (c.mode ?? 'opt-in') == 'opt-in' && Array.isArray(vendors) && typeof gvl == 'string' && /^(https?:\/\/|\/)[^\s<>"]*$/i.test(gvl)) {
        listOf(stub.api, { gvl: gvl.replace(/\/$/, ''), vendors }).catch(() => {});
      }
    },
  };
};
