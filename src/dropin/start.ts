/**
 * The drop-in's store started for a checked config: the UI's loader (at once when a decision is
 * due, "Cookie settings" hovered or focused), the receipts client's, the debug panel. The gate and
 * Consent Mode's updates are not started here: the store chunks (store.ts, src/iab/dropin/store.ts)
 * leave them to startPage (page.ts), which runs them on the stub, whichever chunk answered first.
 */
import type { Consent, ConsentState, ResolvedConfig } from '../core/types.js';
import { createStore } from '../core/store.js';
import type { ReceiptsHistory } from '../receipts/client.js';
import type { Problem } from '../core/config.js';
import type { DropIn } from './types.js';
import { receiptsQueued, type Launch, type Tag } from './page.js';
import { preloadTexts } from './texts.js';

export type { Tag };

/**
 * The store for `config`, created (its record read, its rules in force, the other tabs watched) and checked by the
 * build's `blocker`; undefined when the config needs another build. It starts nothing on the page: until `wire` and
 * the stub's hand-over, no gate sees it, so the store chunks create it in a task of its own (issue 20).
 */
export function createFor(config: ResolvedConfig, regions: typeof import('../regions/index.js') | undefined, tag: Tag, blocker: (consent: Consent) => boolean): DropIn | undefined {
  // The region: the tag's data-region (which the site fills from its CDN's geo header), else the config's, else its regionEndpoint.
  const consent = createStore(config, { region: tag.me?.dataset.region, askRegion: regions?.askRegion }) as DropIn;
  // Blocking without markup (`sources`, `autoBlock`): only in the blocking builds (blocker.ts).
  return blocker(consent) ? consent : undefined;
}

/**
 * Starts what a created store drives: the UI's loader (the banner asked for when a decision is due), the receipts
 * client's, the debug panel. Returns the store.
 */
export function wire(consent: DropIn, config: ResolvedConfig, tag: Launch): DropIn {
  const { base, load } = tag;
  let asked = false;
  const ui = () => {
    if (asked) return;
    asked = true;
    // The banner's language file alongside the UI: the one it will ask for.
    preloadTexts(consent.config, tag);
    void load<{ mount(c: Consent, o: { base: string }): void }>('ui').then((m) => m?.mount(consent, { base }));
  };
  // Something asks for the UI: a decision is due (also after a reset or an expiry), "Cookie settings".
  // First of all: on a first visit the banner is what the page waits for, so its fetch starts
  // before Consent Mode and the gate are set up (neither needs it; the profile showed them ahead of it).
  consent.onView((v) => { if (v) ui(); });
  // (With a region still being asked for, the banner waits for its rules.)
  void consent.ready.then(() => consent.subscribe((s) => { if (!s.decided && !consent.view) consent.showBanner(); }));
  consent.debug = tag.debug;
  // `gate(root)` stays the stub's once the store is `window.consentGate`: it gates the root when the page has started.
  consent.gate = tag.stub.api.gate;
  // Prefetch when a visitor is about to ask for the preferences.
  const soon = (e: Event) => { if ((e.target as Element).closest?.('[data-consent-open]')) ui(); };
  document.addEventListener('pointerover', soon);
  document.addEventListener('focusin', soon);
  // Already hovered or focused: the reader fetched this chunk for it (a decided visitor), or the pointer was there first.
  if (document.querySelector('[data-consent-open]:hover,[data-consent-open]:focus-within')) ui();

  if (config.receipts) {
    // The receipts client sees the store as it was at start, then every change since, in order.
    const first = consent.get();
    const seen: ConsentState[] = [];
    let started = false;
    const receipts = () => load<{ receipts(c: Consent, h: ReceiptsHistory): void }>('receipts').then((m) => {
      if (!m || started) return;
      started = true;
      off();
      m.receipts(consent, { first, seen });
    });
    const off = consent.listen((s) => { seen.push(s); void receipts(); });
    // Receipts still queued from an earlier page view (the endpoint was down): send them now.
    if (receiptsQueued()) void receipts();
  }
  return consent;
}

/**
 * An invalid config: every gate stays shut; Google's tags, which may be on the page ungated, are told
 * that everything is denied (unless `denied` already); each problem is named in the console, in
 * words from a chunk of their own (`consent-gate.errors.js`, fetched only now; without it, the paths).
 */
export function refuse(problems: Problem[], tag: Tag, denied: boolean): void {
  if (!denied) tag.gcmParts.denyAll();
  void tag.load<typeof import('../core/config-messages.js')>('errors').then((m) => {
    for (const p of problems) console.error('consent-gate:', m ? m.explain(p) : `invalid config at "${p[0]}"`);
  });
}
