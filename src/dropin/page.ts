/**
 * What the default drop-in's reader and store chunks share (their shared chunk): what the tag hands
 * them (`Launch`), and the page started on the stub, once, by whichever of them knows the state in
 * force first: Consent Mode's updates, then the gate (its boxes taken over from the tag's).
 */
import { consentUpdates, type ConsentModeOptions, type consentParts } from '../integrations/google-consent-mode.js';
import { gateWith, type Placeholders } from '../gate/index.js';
import type { Stub } from './stub.js';
import type { Consent } from '../core/types.js';
import { act, actionAt } from '../gate/actions.js';

/** What the drop-in's tag hands on. */
export interface Tag {
  /** The drop-in's `<script>` (its `data-region`, its nonce). */
  me: HTMLScriptElement | null;
  /** The folder of the drop-in's files. */
  base: string;
  /** Imports `consent-gate.<name>.js` from `base`, once; undefined if it cannot (a later call tries again). */
  load: <M>(name: string) => Promise<M | undefined>;
  /** Opens the debug panel. */
  debug: () => Promise<void>;
  /** Puts a placeholder's empty box before a blocked embed (the tag's copy of box.ts `block`, which the chunks use too). */
  block: Placeholders['box'];
  /** Google Consent Mode's types and `gtag` (the tag's copies, which its `default` uses): the chunks' updates use them, holding none of their own. */
  gcmParts: typeof consentParts;
}

/** What the default build's tag hands to its chunks. */
export interface Launch extends Tag {
  /** The config as the page gives it (an object; not checked). */
  input: Record<string, unknown>;
  /** Google Consent Mode's options as the tag read them for its `default` (undefined: none). */
  gcm: ConsentModeOptions | undefined;
  /** The tag pushed a `default` with everything denied (the config's shape was odd). */
  denied: boolean;
  stub: Stub;
  /** The decision cookie's names as the config gives them. */
  names: string[];
  /** Fetches the store chunk and starts it (once); with `ui`, the UI's chunk alongside. */
  full(ui?: boolean): void;
  /** Stops the tag's reserving of placeholder boxes; `undo` takes back the boxes it made (an invalid config). */
  unbox(undo?: boolean): void;
  /** The blocking builds' check of the checked config (their tag's hooks hold already); else the store chunk's own (blocker.ts). */
  blocker?: (consent: Consent) => boolean;
  /** The page has started (startPage). */
  started?: boolean;
  /**
   * What the store notes in `consent-gate:checked` for this config, and the reader looks for
   * (default: its fingerprint): a build whose check covers more fields (iab) notes its own, so that
   * no other build's check vouches for it.
   */
  checkedAs?: string;
}

/** The placeholders: boxes made by the tag's code, their contents a chunk fetched only when an embed is blocked. */
export const placeholders = (tag: Tag): Placeholders => ({ box: tag.block, fill: () => tag.load('placeholder') });

/** Where the store chunk notes the fingerprints of the configs it checked on this origin (reader.ts trusts only those). */
const CHECKED = 'consent-gate:checked';

/**
 * The fingerprints of the configs that passed the check on this origin, newest first (at most 8):
 * a record's fingerprint says which config it was written under, but a cookie can be written by
 * anyone on the domain (a sibling site, by hand), this origin's storage only by its own pages.
 * With `add`, notes that one too. Storage blocked: none (every page view checks).
 */
export function checked(add?: string): string[] {
  try {
    let list = (localStorage.getItem(CHECKED) ?? '').split(' ');
    if (add && list[0] != add) localStorage.setItem(CHECKED, (list = [add, ...list.filter((x) => x != add)].slice(0, 8)).join(' '));
    return list;
  } catch {
    return [];
  }
}

/** Receipts are still queued from an earlier page view (the endpoint was down). */
export const receiptsQueued = (): boolean => {
  try { return /"q":\[\{/.test(localStorage.getItem('consent-gate:receipts') ?? ''); } catch { return false; /* storage blocked */ }
};

/** Starts Consent Mode's updates and the gate on the stub, once the state in force is known (it is the tag's `default` that stands). */
export function startPage(l: Launch): void {
  if (l.started) return;
  l.started = true;
  l.unbox();
  const { api } = l.stub;
  // Registered first: each update reaches dataLayer before the gate releases anything for that state.
  consentUpdates(api, l.gcmParts.typesOf, l.gcmParts.gtag);
  const gate = (root: ParentNode) => gateWith(api, { root }, placeholders(l));
  gate(document);
  l.stub.gated(gate);
  // The clicks on the page's actions made before (stub.ts recorded them): carried out now, in the order made, each as the
  // gate's listener carries out a click (a click repeated on the same element while nothing happened is one; an error is
  // reported as the listener's would be). The gate's listener takes the next ones.
  let previous: EventTarget | undefined;
  for (const path of l.stub.stop()) {
    const clicked = path[actionAt(path)];
    if (clicked !== previous) act(api, path);
    previous = clicked;
  }
}
