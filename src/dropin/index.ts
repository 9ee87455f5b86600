/**
 * The synchronous drop-in: the iab build (`consent-gate.iab.js`). (The default build, `consent-gate.js`,
 * and the blocking builds, `.block.js` and `.auto.js`, are tag.ts: a small tag, then its chunks.)
 *
 * Synchronously, in this order: read the config (the tag's `data-config`, else a
 * `<script type="application/json" data-consent-config>` block), check it (an invalid
 * config is reported field by field in the console and every gate stays shut; the words
 * come from `consent-gate.errors.js`, fetched only then), create the
 * store, push the Google Consent Mode default, start the gate, expose `window.consentGate`.
 * A second copy of the drop-in on the same page does nothing.
 *
 * The UI (`consent-gate.ui.js`, found next to this file so a CDN path works) is
 * downloaded only when it is needed: at once when a decision is due, when the
 * preferences are asked for, and ahead of time when a `data-consent-open` element is
 * hovered or focused; the language file (when `<html lang>` or the config names one)
 * is fetched in parallel. A visitor with a current decision downloads nothing else, but
 * on a page with a blocked iframe or video: there the gate reserves each placeholder's box
 * at once and `consent-gate.placeholder.js` (with the page language's file) fills it.
 * With `receipts` configured, the receipts client (`consent-gate.receipts.js`) is
 * likewise fetched only when a decision changes or receipts are still queued.
 */
import { checkWith } from '../core/config.js';
import { consentMode, denyAll } from '../integrations/google-consent-mode.js';
import type { Consent } from '../core/types.js';
import { erased } from '../storage/erase.js';
import { blocker, eagerRegions, held } from './blocker.js';
import { refuse, startStore, type Tag } from './start.js';
import { begin } from './begin.js';

export type { DropIn } from './types.js';

function start(): void {
  const begun = begin(async () => [held, erased]);
  if (!begun) return;
  const tag: Tag = begun;
  const input = begun.input as { regions?: unknown } | null;
  const { load } = tag;
  /** A Consent Mode `default` is in dataLayer (the early one of a config with regions). */
  let told = false;

  // Region rules are a chunk of their own, fetched (before anything starts) only for a config that has them;
  // the blocking builds carry them (eagerRegions): what they hold in the HTML cannot wait for a chunk.
  type Regions = typeof import('../regions/index.js');
  if (input?.regions && !eagerRegions) {
    // Google Consent Mode's default must reach dataLayer before any tag, not after the chunk: it
    // depends on the rest of the config only (everything denied but what is required).
    const early = checkWith({ ...input, regions: undefined }, undefined).config;
    if (early) consentMode({ config: early, has: () => false, listen: () => () => {} } as unknown as Consent, true);
    // Invalid without its regions already: everything denied, now (run() says why once the words are there).
    else denyAll();
    told = !early || !!early.googleConsentMode;
    void load<Regions>('regions').then(run);
  } else run(eagerRegions);

  function run(regions?: Regions) {
    const { config, problems } = checkWith(input, regions?.resolveRegions);
    if (!config) return refuse(problems, tag, told);
    const consent = startStore(config, regions, tag, { blocker, gate: { told } });
    if (consent) window.consentGate = consent;
  }
}

start();
