/**
 * The iab drop-in's tag (`dist/consent-gate.iab.js`): the default drop-in's tag (src/dropin/tag.ts)
 * for a site with `tcf` (IAB TCF v2.3) or `gpp`, in the `<head>`. Synchronously, only what vendors
 * and the next tags need at once, and nothing that checks the config: IAB's CMP API stubs
 * (`window.__tcfapi` with its `__tcfapiLocator` frame, unless the config has `gpp` and no `tcf`;
 * `window.__gpp` with `__gppLocator` for a config with `gpp`), whose calls wait in their queues;
 * Google Consent Mode's `default` (from the categories and the mapping alone; anything odd:
 * everything denied); `window.consentGate` as a stub that queues calls; the boxes of blocked
 * embeds. Then every file at once (no request waits for another):
 *
 * - a decision cookie is there: the reader chunk (`consent-gate.iab-reader.js`), and the TCF CMP
 *   (`consent-gate.tcf.js`, which answers `tcloaded` from the stored string) or the GPP CMP
 *   (`consent-gate.gpp.js`) as the config has them: no UI, no config check, no vendor list;
 * - a first visit: the store chunk (`consent-gate.iab-store.js`: the config check with `tcf` and
 *   `gpp`, the store), the iab UI's (`consent-gate.iab-ui.js`), the CMP chunks and, where TCF
 *   applies (an opt-in config without `regions`), the vendor list from the site's own server;
 *
 * the store chunk importing what it shares with the reader from the reader's file (one file for a
 * decided visitor). The CMPs start only on a config
 * whose `tcf` and `gpp` the store chunk has checked (now, or on an earlier page view: the reader
 * trusts only those): before that, and for good with an invalid config, no gate opens and no
 * vendor hears of any consent.
 */
import { consentDefault, denyAll } from '../../integrations/google-consent-mode.js';
import { begin } from '../../dropin/begin.js';
import type { erased as Erased } from '../../storage/erase.js';
import { reserveBoxes } from '../../dropin/boxes.js';
import type { Launch } from '../../dropin/page.js';
import { isObj, rawConsentMode, rawCookieNames } from '../../dropin/raw.js';
import { stub } from '../../dropin/stub.js';
import { preloadTexts } from '../../dropin/texts.js';
import type { SiteTexts } from '../../i18n/index.js';
import { installStub } from '../tcf/stub.js';
import { installGppStub } from '../gpp/stub.js';
import { supportedApis } from '../gpp/sections.js';
import { listOf } from '../tcf/link.js';

export type { DropIn } from '../../dropin/types.js';

function start(): void {
  let started: Promise<{ erased: typeof Erased } | undefined> | undefined;
  let l: Launch | undefined;
  const tag = begin(async () => { l?.full(); return [undefined, (await started)?.erased]; });
  // The CMP API stubs first, for vendors' tags (a config that is not JSON gets the TCF stub, whose calls then wait for good).
  const input = tag?.input;
  const c = (isObj(input) ? input : {}) as Launch['input'] & { tcf?: unknown; gpp?: { sections?: unknown } };
  const { tcf, gpp, ...rest } = c;
  if (!gpp || tcf) installStub();
  if (gpp) installGppStub(supportedApis(gpp.sections == 'state' ? 'state' : 'national', !!tcf));
  if (!tag) return;
  const { me, base, load, debug, block, chunks } = tag;
  // Google Consent Mode's default, before any other tag: it depends on the categories and the mapping alone.
  const gcm = rawConsentMode(isObj(input) ? rest : input);
  if (gcm) consentDefault(gcm[0], (k) => gcm[1][k]);
  else if (gcm === null) denyAll();
  const handle = stub(debug);
  window.consentGate = handle.api;
  const names = rawCookieNames(c);
  /** The values of the decision cookie, as they stand in `document.cookie`. */
  const values = document.cookie.split(/;\s*/).filter((x) => names?.includes(x.slice(0, x.indexOf('=')))).map((x) => x.slice(x.indexOf('=') + 1));
  // Reserving boxes is a guess about what the gate will hold (src/dropin/boxes.ts): a cookie's yes, a mode that grants before asking.
  const lenient = !values.length && !c.regions && /^(opt-out|notice)$/.test(String(c.mode)) && !(navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl;
  const unbox = reserveBoxes((cat) => lenient || (/^[\w-]+$/.test(cat) && values.some((v) => new RegExp(`[|+]${cat}:[12]([+|]|$)`).test(v))));
  /** The chunks every path needs, fetched now (importing them runs nothing: they start on the checked config). */
  const shared = () => {
    void load('iab-reader');
    if (c.regions) void load('regions');
    if (!gpp || tcf) void load('tcf');
    if (gpp) void load('gpp');
  };
  const launch: Launch = l = {
    me, base, load, debug, block, input: c, gcm: gcm?.[0], denied: gcm === null, stub: handle, names: names ?? [], unbox,
    full(ui) {
      if (ui) {
        // Where TCF applies, the first layer waits for the vendor list: from the site's own server, now (the same URL
        // the check will resolve: the CMP and the interface take this one request; only http(s) or a path).
        const t = tcf as { gvl?: unknown; vendors?: unknown } | undefined;
        const gvl = t?.gvl ?? '/consent/gvl';
        const vendors = Array.isArray(t?.vendors) ? [...new Set(t.vendors as number[])].sort((a, b) => a - b) : t?.vendors ?? [];
        if (isObj(t) && !c.regions && (c.mode ?? 'opt-in') == 'opt-in' && Array.isArray(vendors) && typeof gvl == 'string' && /^(https?:\/\/|\/)[^\s<>"]*$/i.test(gvl)) {
          listOf(handle.api, { gvl: gvl.replace(/\/$/, ''), vendors }).catch(() => {});
        }
        void load('ui');
        try { preloadTexts({ language: String(c.language ?? 'auto'), texts: isObj(c.texts) ? c.texts as SiteTexts : {} }, launch); } catch { /* */ }
      }
      if (chunks['iab-store']) return;
      shared();
      started = load<typeof import('./store.js')>('iab-store').then((m) => (m?.run(launch), m));
    },
  };
  if (values.length && isObj(input)) {
    // A decided visitor, most likely: the reader (which fetches the store itself when it has no answer).
    shared();
    started = load<typeof import('./reader.js')>('iab-reader').then((m) => (m ? m.read(launch) : launch.full(), m));
  } else launch.full(true);
}

start();
