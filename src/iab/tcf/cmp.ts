/**
 * The CMP: the CMP API (api.ts, answering as IAB's `CmpApi` does) fed by the consent store.
 * Built into the iab drop-in's chunk `consent-gate.tcf.js` and exported by `consent-gate/iab`.
 *
 * - `gdprApplies` where the rules in force are `opt-in` (with `regions`: in those regions).
 * - A return visit with a current decision and its stored TC string: `tcloaded` at once, read by
 *   decode.ts; neither the vendor list nor IAB's libraries are fetched. The stored string is asked
 *   about again (the banner returns) when it was written under another TCF policy version, or did
 *   not disclose a vendor the config lists.
 * - While the banner or the preferences are open: `cmpuishown`; after a decision:
 *   `useractioncomplete` with the new string, written by IAB's `@iabtechlabtcf/core` (write.ts,
 *   loaded then, with the vendor list from the site's own server, `tcf.gvl`).
 * - TCData carries Google's `addtlConsent` when `googleVendors` are configured.
 * - Each string written is stored with the decision it belongs to, and announced to the page as
 *   a `consent-gate:tcf` event (the receipts client puts it in the decision's receipt).
 */
import type { Consent, ConsentState } from '../../core/types.js';
import type { ResolvedTcf } from './config.js';
import { serveTcfApi } from './api.js';
import { isStale, tryTcString } from './decode.js';
import { toCategories } from './choices.js';
import { listOf, takeChoices, usableList } from './link.js';

/** What is stored beside the decision: its TC string, tied to the decision it was written for. */
export interface StoredTc {
  /** The decision's consent id and time: a string written for another decision is not used. */
  id: string;
  at: string;
  tc: string;
  ac: string;
  /** Configured vendors the served list did not have when it was written (not disclosed, not asked about). */
  missing: number[];
  /** Written from the TCF interface's own choices (per purpose, vendor, objection), not from the categories. */
  ui?: 1;
}

declare global {
  interface WindowEventMap {
    /** A TC string was written for a decision (`id`, `at`): the receipts client adds it to that decision's receipt. */
    'consent-gate:tcf': CustomEvent<StoredTc>;
  }
}

export interface CmpOptions {
  /** Fetches the vendor list's JSON (default: the list shared by the iab build's chunks, `listOf`). */
  fetchJson?: (url: string) => Promise<unknown>;
  /** Where the TC string is kept (default: localStorage, else memory). */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/** The running CMP. */
export interface Cmp {
  /** The current TC string ('' until one is written; also where GDPR does not apply). */
  readonly tcString: string;
  /** The current Additional Consent string ('' without `googleVendors`). */
  readonly addtlConsent: string;
  /** Settles after every update asked for so far has reached the CMP API. */
  settled(): Promise<void>;
}

const KEY = 'consent-gate:tcf';

/** localStorage, or memory when it is blocked. */
function defaultStorage(): NonNullable<CmpOptions['storage']> {
  try {
    localStorage.setItem(KEY + ':probe', '1');
    localStorage.removeItem(KEY + ':probe');
    return localStorage;
  } catch {
    const m = new Map<string, string>();
    return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, String(v)), removeItem: (k) => void m.delete(k) };
  }
}

/**
 * Starts the CMP for `consent` (the store) and the checked `tcf` config.
 *
 * @example const cmp = startCmp(createConsent(config), checkTcf(config.tcf, ['analytics', 'marketing']).tcf!)
 * @returns the running CMP (its current strings)
 */
export function startCmp(consent: Consent, tcf: ResolvedTcf, options: CmpOptions = {}): Cmp {
  const storage = options.storage ?? defaultStorage();
  let tc = '';
  let ac = '';
  let last: [string | null, boolean] | undefined;
  let chain: Promise<unknown> = consent.ready;
  const enqueue = (fn: () => unknown) => (chain = chain.then(fn).catch((e: unknown) => console.error('consent-gate: tcf', e)));

  const api = serveTcfApi(tcf.cmpId, tcf.cmpVersion, tcf.googleVendors.length ? () => ({ addtlConsent: ac }) : undefined);

  const applies = () => consent.get().mode === 'opt-in';
  /** Tells the CMP API (only what changed). */
  const push = () => {
    const next: [string | null, boolean] = [applies() ? tc : null, consent.view != null];
    if (last && last[0] === next[0] && last[1] === next[1]) return;
    last = next;
    api.update(...next);
  };

  /** IAB's encoder and the decision's mapping to TCF (write.ts), loaded once a string is to be written. */
  const writer = () => import('./write.js');
  // The list the tag started fetching when the banner was due (link.ts), else fetched now; one request a page.
  const gvl = () => (options.fetchJson ? options.fetchJson(`${tcf.gvl}/vendor-list.json?vendors=${tcf.vendors}`) : listOf(consent, tcf)).then(usableList);

  const read = (): StoredTc | undefined => {
    try {
      const s = JSON.parse(storage.getItem(KEY) ?? 'null') as StoredTc | null;
      return s && typeof s.tc == 'string' && Array.isArray(s.missing) ? s : undefined;
    } catch { return undefined; }
  };

  /**
   * Does a stored string hold decision `s`? One written from the categories must grant exactly the
   * purposes and special features the decision grants; one written from the TCF interface's own
   * choices must give back the decision's categories (a category is granted when every purpose and
   * special feature it stands for has consent: the interface's rule). One edited by hand (or by a
   * script on the page) is not used: the decision's string is written anew, from its categories.
   */
  const agrees = (stored: StoredTc, s: ConsentState) => {
    const m = tryTcString(stored.tc);
    if (!m) return false;
    if (stored.ui) {
      const granted = toCategories(m, tcf);
      return Object.keys(granted).every((c) => granted[c] === (s.categories[c] === true));
    }
    const ids = (map: Record<string, number[]>) => [...new Set(Object.keys(map).filter((c) => s.categories[c] === true).flatMap((c) => map[c]!))].sort((a, b) => a - b).join();
    return m.purposeConsents.join() === ids(tcf.purposes) && m.specialFeatureOptins.join() === ids(tcf.specialFeatures);
  };

  /** Writes the string of the current decision (or none while undecided) and tells the CMP API. */
  const write = async (s: ConsentState) => {
    if (!s.decided || !applies()) {
      // Undecided where GDPR applies: nothing until the banner is up (`cmpuishown`); calls wait in the queue.
      tc = ac = '';
      if (!applies() || consent.view) push();
      return;
    }
    const stored = read();
    if (stored && stored.id === s.id && stored.at === s.decidedAt && agrees(stored, s)) {
      if (!isStale(stored.tc, tcf.vendors.filter((v) => !stored.missing.includes(v)))) {
        tc = stored.tc;
        ac = stored.ac;
        push();
        return;
      }
      // Written under another policy version, or some configured vendors were never disclosed: ask again.
      tc = ac = '';
      storage.removeItem(KEY);
      consent.showBanner();
      push();
      return;
    }
    // The TCF interface's own choices for this decision (per purpose, vendor, objection), else the categories'.
    const choices = takeChoices(consent, s.decidedAt);
    const [json, { writeTc }] = await Promise.all([gvl(), writer()]);
    // A copy: the interface draws from the same shared list, and IAB's GVL keeps what it is given.
    const written = writeTc(structuredClone(json), s, tcf, consent.config, choices);
    ({ tc, ac } = written);
    const next: StoredTc = { id: s.id!, at: s.decidedAt!, ...written, ...(choices && { ui: 1 as const }) };
    try { storage.setItem(KEY, JSON.stringify(next)); } catch { /* storage full or blocked: the string lives as long as the page */ }
    push();
    try { dispatchEvent(new CustomEvent('consent-gate:tcf', { detail: next })); } catch { /* no window events */ }
  };

  void enqueue(() => write(consent.get()));
  consent.listen((s) => void enqueue(() => write(s)));
  // The view changes before the decision's listeners run: after them, so the new string comes first.
  consent.onView(() => queueMicrotask(() => void enqueue(push)));
  // With the banner on its way, the list and the writer are fetched now: the decision's string is written without waiting for them.
  consent.onView((v) => { if (v) Promise.all([gvl(), writer()]).catch(() => {}); });

  return {
    get tcString() { return tc; },
    get addtlConsent() { return ac; },
    settled: () => chain.then(() => {}),
  };
}
