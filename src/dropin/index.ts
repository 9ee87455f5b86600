/**
 * The drop-in: `<script src=".../consent-gate.js" data-config='{…}'>` in the `<head>`.
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
import { createStore } from '../core/store.js';
import type { Consent, ConsentState } from '../core/types.js';
import type { ReceiptsHistory } from '../receipts/client.js';
import { gateWith, type PlaceholderLoader } from '../gate/index.js';
import { LANGS, pickLanguage } from '../i18n/index.js';
import { consentMode, denyAll } from '../integrations/google-consent-mode.js';
import { erased } from '../storage/erase.js';
import { blocker, eagerRegions, held } from './blocker.js';

/**
 * The drop-in's store: the consent store, with `gate(root)` (gates a shadow root, or any other
 * root, too, returning its `stop()`) and `debug()`, which opens the debug panel (consent-gate.debug.js).
 */
export type DropIn = Consent & { gate(root: ParentNode): () => void; debug(): Promise<void> };

declare global {
  interface Window {
    /** The drop-in's consent store (see `Consent`) with `gate(root)` and `debug()`; `undefined` when the config is invalid. */
    consentGate?: DropIn;
  }
}

const me = (document.currentScript ?? document.querySelector('script[src*="consent-gate"]')) as HTMLScriptElement | null;
const base = new URL('.', me?.src || location.href).href;

function start(): void {
  // Included twice (CMS templates do this): the first copy gates the page; a second one would gate it again, out of order.
  if ('consentGate' in window) return;
  window.consentGate = undefined;
  /** Imports a chunk that sits next to this file, once; undefined if it cannot (a later call tries again). */
  const chunks: Record<string, Promise<unknown> | undefined> = {};
  const load = <M>(name: string) => (chunks[name] ??= import(`${base}consent-gate.${name}.js`).catch(() => {
    chunks[name] = undefined;
    console.error('consent-gate: could not load', name);
  })) as Promise<M | undefined>;
  // The debug panel, a chunk of its own: `consentGate.debug()`, or `#consent-gate-debug` in the
  // address (also with an invalid config, which leaves no `consentGate`). It reads what the page
  // holds; its import starts here, and it arrives (a fetch later) when the drop-in has started.
  const debug = () => load<typeof import('../debug/chunk.js')>('debug').then((m) => m?.open(me, held, erased));
  const hash = () => { if (location.hash == '#consent-gate-debug') void debug(); };
  addEventListener('hashchange', hash);
  hash();
  let input: { regions?: unknown } | null;
  try {
    input = JSON.parse((me?.dataset.config ?? document.querySelector('script[data-consent-config]')?.textContent) || '{}');
  } catch (e) {
    console.error('consent-gate:', String(e));
    denyAll();
    return;
  }
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
    if (!config) {
      // Every gate stays shut, and Google's tags, which may be on the page ungated, are told that everything is denied.
      if (!told) denyAll();
      // The words for problems are a chunk of their own, fetched only now; without it, the paths.
      void load<typeof import('../core/config-messages.js')>('errors').then((m) => {
        for (const p of problems) console.error('consent-gate:', m ? m.explain(p) : `invalid config at "${p[0]}"`);
      });
      return;
    }
    // The region: the tag's data-region (which the site fills from its CDN's geo header), else the config's, else its regionEndpoint.
    const consent = createStore(config, { region: me?.dataset.region, askRegion: regions?.askRegion }) as DropIn;
    // Blocking without markup (`sources`, `autoBlock`): only in the blocking builds (blocker.ts).
    if (!blocker(consent)) return;

    /** Fetches the banner's language file alongside the UI: the one it will ask for (resolved the same way). */
    const texts = () => {
      const code = pickLanguage(consent.config);
      // The drop-in's nonce: under a nonce-based `script-src` a preload without it is refused.
      if (code != 'en' && LANGS.includes(code)) document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href: `${base}i18n/${code}.js`, nonce: me?.nonce ?? '' }));
    };
    const ui = () => {
      if (chunks.ui) return;
      texts();
      void load<{ mount(c: Consent, o: { base: string }): void }>('ui').then((m) => m?.mount(consent, { base }));
    };
    // Something asks for the UI: a decision is due (also after a reset or an expiry), "Cookie settings".
    // First of all: on a first visit the banner is what the page waits for, so its fetch starts
    // before Consent Mode and the gate are set up (neither needs it; the profile showed them ahead of it).
    consent.onView((v) => { if (v) ui(); });
    // (With a region still being asked for, the banner waits for its rules.)
    void consent.ready.then(() => consent.subscribe((s) => { if (!s.decided && !consent.view) consent.showBanner(); }));
    // One `default`: the early one of a config with regions stands (pushed again, it would reset what an update said).
    consentMode(consent, !told);
    // What fills the placeholders (texts, buttons, styles, languages) is a chunk fetched only when an embed is blocked.
    const placeholder: PlaceholderLoader = () => load('placeholder');
    gateWith(consent, {}, placeholder);
    // `gate(root)`: a component's open shadow root, which the document's gate does not see into.
    consent.gate = (root: ParentNode) => gateWith(consent, { root }, placeholder);
    consent.debug = debug;
    window.consentGate = consent;
    // Prefetch when a visitor is about to ask for the preferences.
    const soon = (e: Event) => { if ((e.target as Element).closest?.('[data-consent-open]')) ui(); };
    document.addEventListener('pointerover', soon);
    document.addEventListener('focusin', soon);

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
      try { if (/"q":\[\{/.test(localStorage.getItem('consent-gate:receipts') ?? '')) void receipts(); } catch { /* storage blocked */ }
    }
  }
}

start();
