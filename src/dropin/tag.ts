/**
 * The default drop-in's tag: `<script src=".../consent-gate.js" data-config='{…}'>` in the `<head>`.
 * Only what must happen before the next tag is parsed, and nothing that checks the config:
 * read the config (the tag's `data-config`, else a `<script type="application/json"
 * data-consent-config>` block; not JSON: everything denied, nothing runs), push Google Consent
 * Mode's `default` (from the categories and the mapping alone; anything odd: everything denied),
 * make `window.consentGate` a stub that queues calls (stub.ts), reserve the boxes of blocked embeds
 * (boxes.ts), and fetch what comes next, every file at once (no request waits for another), once the page's first
 * frame is drawn (begin.ts: the fetches and the chunks' evaluation are not in the way of the first paint):
 *
 * - a decision cookie is there: the reader chunk (`consent-gate.reader.js`, reader.ts), which answers
 *   for a decided visitor without the store, and fetches the store chunk when it cannot;
 * - a first visit: the store chunk (`consent-gate.store.js`, store.ts: the config check, the store)
 *   and the UI's (`consent-gate.ui.js`), with the banner's language file;
 *
 * each holding the gate, the record's reading and Consent Mode's updates (no chunk waits for another),
 * and the region rules (`consent-gate.regions.js`) for a config with `regions`. Gates stay
 * shut until one of them knows the state in force; an invalid config keeps them shut for good. A
 * second copy of the drop-in on the same page does nothing.
 *
 * The blocking builds (`consent-gate.block.js`, `.auto.js`) are this tag with the hooks that hold
 * what `sources` (and `autoBlock`) name installed first (blocker.block.ts, blocker.auto.ts: from the
 * config as given, holding everything until a chunk knows the state in force, and for good when the
 * config is invalid), and fetch the same chunks. The iab build's tag (`consent-gate.iab.js`) is this
 * tag with its seams (seams.ts) swapped for src/iab/dropin/seams.ts: the CMP API stubs first, its own
 * reader and store chunks, the CMP chunks beside them, the vendor list on a first visit.
 */
import { consentDefault, denyAll } from '../integrations/google-consent-mode.js';
import { begin, painted } from './begin.js';
import { held, hooks } from './blocker.js';
import type { erased as Erased } from '../storage/erase.js';
import { reserveBoxes } from './boxes.js';
import type { Launch } from './page.js';
import { isObj, rawConsentMode, rawCookieNames } from './raw.js';
import { stub } from './stub.js';
import { preloadTexts } from './texts.js';
import { cmp } from './seams.js';

export type { DropIn } from './types.js';

function start(): void {
  /** The chunk that started the page (its record of what was erased, for the debug panel). */
  let started: Promise<{ erased?: typeof Erased; erasing?: unknown } | undefined> | undefined;
  let l: Launch | undefined;
  /** The reader chunk, on a decided visitor's page: its erasure chunk keeps a record of its own. */
  let read: Promise<{ erasing: Promise<typeof Erased | undefined> } | undefined> | undefined;
  // The debug panel reads the checked config: on a decided visitor's page the store is fetched for it. What was erased
  // is the reader's record (once its erasure is done) and the store's, which the panel shows together.
  const tag = begin(async () => {
    l?.full();
    return [held, await (await read)?.erasing, (await started)?.erased];
  });
  // The iab build's CMP API stubs, before anything else (also for a config that is not JSON, and a second copy).
  const iab = cmp?.(tag?.input);
  if (!tag) return;
  const { load, debug, chunks, input } = tag;
  // Google Consent Mode's default, before any other tag: it depends on the categories and the mapping alone.
  const gcm = rawConsentMode(iab ? iab.given : input);
  if (gcm) consentDefault(gcm[0], (c) => gcm[1][c]);
  else if (gcm === null) denyAll();
  const handle = stub(debug);
  window.consentGate = handle.api;
  const c = (isObj(input) ? input : {}) as Launch['input'];
  const names = rawCookieNames(c);
  /** The values of the decision cookie, as they stand in `document.cookie`. */
  const values = document.cookie.split(/;\s*/).filter((x) => names?.includes(x.slice(0, x.indexOf('=')))).map((x) => x.slice(x.indexOf('=') + 1));
  // Reserving boxes is a guess about what the gate will hold (boxes.ts): a cookie's yes, a mode that grants before asking.
  const lenient = !values.length && !c.regions && /^(opt-out|notice)$/.test(String(c.mode)) && !(navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl;
  /** What every path fetches beside the reader or the store (importing them runs nothing: they start on the checked config). */
  const shared = () => {
    if (iab?.reader) void load('reader');
    if (c.regions) void load('regions');
    iab?.beside(launch);
  };
  const launch: Launch = l = {
    ...tag, input: c, gcm: gcm?.[0], denied: gcm === null, stub: handle, names: names ?? [], unbox() {},
    full(ui) {
      if (ui) {
        // (The iab build's vendor list: fetched with the chunks, after the first frame.)
        if (iab) void painted.then(() => iab.ui(launch));
        void load('ui');
        // The banner's language file too, with the chunks (the config's `language` and `texts` as given): its detection
        // and its modulepreload after the first frame, as the imports (not in the way of the first paint).
        void painted.then(() => preloadTexts(c, launch));
      }
      if (chunks.store) return;
      shared();
      // Cannot be loaded (blocked, offline, missing): the stub stops holding the page's actions, whose links and buttons are
      // the page's again (a site's own opt-out page), the clicks and calls it held dropped (stub.ts `lost`); nothing more
      // granted: every gate shut, or on a decided visitor's page, what the reader vouches for (reader.ts).
      started = load<typeof import('./store.js')>('store').then(async (m) => (m ? await m.run(launch) : handle.lost(), m));
    },
  };
  // The blocking builds' hooks (blocker.ts), before the boxes: what they hold of the HTML gets its box too.
  const reads = !hooks || hooks(launch);
  launch.unbox = reserveBoxes((cat) => lenient || (/^[\w-]+$/.test(cat) && values.some((v) => new RegExp(`[|+]${cat}:[12]([+|]|$)`).test(v))));
  if (values.length && isObj(input) && reads) {
    // A decided visitor, most likely: the reader (which fetches the store itself when it has no answer).
    shared();
    started = read = load<typeof import('./reader.js')>('reader').then(async (m) => (m ? await m.read(launch) : launch.full(), m));
  } else launch.full(true);
}

start();
