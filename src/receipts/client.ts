/**
 * The receipts client: every decision (first, change, withdrawal, placeholder
 * allow) becomes a receipt, queued in localStorage and POSTed to the configured
 * endpoint until it answers 2xx. Retries back off and resume on later page
 * views; a receipt is sent again only under the same `receiptId` (the server
 * stores it once). A receipt the endpoint refuses (4xx), or one that the shared
 * check (`validate.ts`, the server's own) finds malformed before it is sent, is
 * never dropped: it is kept under `x` in the same localStorage entry, logged with
 * console.error and announced by a `consent-gate:receipt-refused` event on `window`.
 * On a page with an IAB TCF CMP (`window.__tcfapi`) where consent is opt-in, a decision's receipt
 * waits (up to `TC_WAIT`) for the TC string the CMP writes for it, and carries it as `tcString`
 * (with Google's `addtlConsent`): the iab build's CMP keeps it under `consent-gate:tcf` and
 * announces it with a `consent-gate:tcf` event. A receipt whose string never comes goes without.
 * Nothing here throws into the page or waits on the network.
 * Importing this module touches no `window` or `document`.
 */
import type { Consent, ConsentState } from '../core/types.js';
import { canon, configHash, hash } from './hash.js';
import type { ConsentReceipt } from './types.js';
import { cutTag } from '../core/record.js';
import { uuid } from '../core/uuid.js';
import { MAX_BODY, MAX_LANGUAGE, validateReceipt } from './validate.js';

export { configHash };

export type { ConsentReceipt } from './types.js';

/** A queued receipt: the attempts made so far and when the next one is due. */
interface Item { r: ConsentReceipt; n: number; t: number }
/** A receipt the endpoint (or the shared check, status 0) refused, with its reason and when. */
export interface RefusedReceipt { receipt: ConsentReceipt; status: number; reason: string; at: string }
declare global {
  interface WindowEventMap {
    /** Dispatched on `window` when the endpoint (or the shared check) refuses a receipt; it is kept, see `refusedReceipts()`. */
    'consent-gate:receipt-refused': CustomEvent<RefusedReceipt>;
  }
}
/** What is kept: the queue, fingerprints of the decisions already recorded (shared by tabs), the refused receipts. */
interface Saved { q: Item[]; s: string[]; x: RefusedReceipt[] }

const KEY = 'consent-gate:receipts';
/** Where the iab build's CMP (src/iab/tcf/cmp.ts) keeps the TC string of the current decision; also its event's name. */
const TC_KEY = 'consent-gate:tcf';
/** How long a receipt on a TCF page waits for its decision's TC string before it is sent without (ms). */
export const TC_WAIT = 10_000;
/** A decision's TC string as the CMP keeps and announces it. */
interface Tc { id?: string; at?: string; tc?: string; ac?: string }
/** Receipts kept at most; the oldest go first. */
export const QUEUE_MAX = 50;
/** Refused receipts kept at most; beyond, the oldest go, with an error in the console. */
export const REFUSED_MAX = 50;
const warn = (m: string) => console.warn('consent-gate: ' + m);
const ok = (status: number) => status > 199 && status < 300;
// A 4xx is the endpoint's "no" to this receipt, but for "not here (yet)", "too early" and "too many": 404, 408, 425, 429.
// Those, 5xx and network errors are retried.
const refused = (status: number) => status > 399 && status < 500 && ![404, 408, 425, 429].includes(status);
/** The saved state when localStorage is blocked: this page's memory (shared by every client on it). */
let memory: Saved = { q: [], s: [], x: [] };

/** The saved state: from localStorage, or memory when storage is blocked or full. */
function load(): Saved | undefined {
  try {
    const x = JSON.parse(localStorage.getItem(KEY) || '0');
    // Anything unreadable (edited by hand, another version) starts a fresh queue.
    return x && Array.isArray(x.q) && Array.isArray(x.s)
      ? { q: x.q.filter((i: Item) => i?.r?.receiptId), s: x.s, x: Array.isArray(x.x) ? x.x : [] }
      : { q: [], s: [], x: [] };
  } catch { /* storage blocked */ }
}

/**
 * The receipts that were refused (by the endpoint, or by the shared check before sending),
 * oldest first. They are kept, never sent again: the endpoint would refuse them again.
 *
 * @example refusedReceipts().forEach(({ receipt, status, reason }) => report(receipt, reason))
 * @returns a copy of the list (empty without a browser).
 */
export function refusedReceipts(): RefusedReceipt[] {
  return typeof localStorage == 'undefined' ? [] : [...(load() ?? memory).x];
}

/** The states a late-loaded client missed: the one at page start and every change since, in order. */
export interface ReceiptsHistory {
  first: ConsentState;
  seen: readonly ConsentState[];
}

/**
 * Sends a receipt of every decision to `config.receipts.endpoint`; does nothing
 * without one (or without a browser). Call it on the page view where the store
 * is created: a decision made earlier on that page view is recorded at once; one
 * from an earlier page view is not (it was recorded then). A loader that starts it
 * later passes `history`, so every change it missed is recorded in order.
 *
 * @example const stop = receipts(createConsent(config))
 * @returns a function that stops recording (queued receipts stay queued).
 */
export function receipts(consent: Consent, history?: ReceiptsHistory): () => void {
  const endpoint = consent.config.receipts?.endpoint;
  if (!endpoint || typeof location == 'undefined') return () => {};
  const notice = configHash(consent.config.raw);
  // Only when they say something: which categories were locked on (when not just `necessary`), and the variant.
  const required = consent.config.categories.filter((c) => c.required).map((c) => c.id);
  const extra: Partial<ConsentReceipt> = {};
  if (required.join() != 'necessary') extra.required = required;
  if (consent.config.variant) extra.variant = consent.config.variant;
  const busy = new Set<string>();
  let blocked = false;
  let live = true;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The saved state: from localStorage, or memory when storage is blocked or full. */
  const read = (): Saved => (!blocked && load()) || ((blocked = true), memory);
  const update = (fn: (s: Saved) => unknown) => {
    const s = read();
    const out = fn(s);
    memory = s;
    if (!blocked) {
      try { localStorage.setItem(KEY, JSON.stringify(s)); } catch { blocked = true; }
    }
    return out;
  };

  /** Keeps a refused receipt (never dropped silently) and tells the console and the page. */
  function refuse(s: Saved, receipt: ConsentReceipt, status: number, reason: string) {
    const entry: RefusedReceipt = { receipt, status, reason, at: new Date().toISOString() };
    s.x.push(entry);
    console.error(`consent-gate: receipt ${receipt.receiptId} refused${status ? ` by the endpoint (${status})` : ''}: ${reason}`);
    if (s.x.length > REFUSED_MAX) console.error(`consent-gate: refused receipts full: dropped ${s.x.splice(0, s.x.length - REFUSED_MAX).length} oldest`);
    // After the saved state is written, so a listener reading refusedReceipts() finds it.
    queueMicrotask(() => { try { dispatchEvent(new CustomEvent('consent-gate:receipt-refused', { detail: entry })); } catch { /* no window events */ } });
  }

  function settle(id: string, status: number, reason: string) {
    busy.delete(id);
    update((s) => {
      const i = s.q.findIndex((x) => x.r.receiptId == id);
      const it = s.q[i];
      if (!it) return;
      if (ok(status) || refused(status)) {
        s.q.splice(i, 1);
        if (!ok(status)) refuse(s, it.r, status, reason);
      } else {
        // 1 s, 2 s, 4 s … up to an hour; tried again on this page and on later page views.
        it.t = Date.now() + Math.min(1e3 * 2 ** it.n++, 36e5);
      }
    });
    flush();
  }

  /** POSTs one receipt; resolves to the HTTP status (0 when none was seen) and the endpoint's reason. Never throws. */
  async function send(body: string): Promise<[number, string]> {
    try {
      // text/plain keeps a cross-origin POST "simple" (no preflight), as sendBeacon's would be.
      if (typeof fetch == 'function') {
        const res = await fetch(endpoint!, { method: 'POST', body, keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer', headers: { 'content-type': 'text/plain' } });
        return [res.status, ok(res.status) ? '' : String((await res.json().catch(() => 0))?.error ?? res.statusText).slice(0, 300)];
      }
      // A beacon's answer is never seen: the receipt stays queued and is sent again later.
      navigator.sendBeacon(endpoint!, body);
    } catch { /* offline, blocked, refused by CORS: retried */ }
    return [0, ''];
  }

  /** Sends every receipt that is due and not already on its way. */
  function flush() {
    if (!live) return;
    const now = Date.now();
    let next = Infinity;
    for (const { r, t } of read().q) {
      const id = r.receiptId;
      if (t > now) next = Math.min(next, t);
      else if (!busy.has(id)) {
        busy.add(id);
        void send(JSON.stringify(r)).then(([status, reason]) => settle(id, status, reason));
      }
    }
    clearTimeout(timer);
    // The next retry that falls due while this page is open.
    if (next < Infinity) timer = setTimeout(flush, next - now);
  }

  /** The receipt with its decision's TC string from `x`, when `x` is that decision's and the result passes the check. */
  const withTc = (r: ConsentReceipt, x: Tc | null | undefined): ConsentReceipt | undefined => {
    if (r.tcString || !x?.tc || x.id != r.consentId || x.at != r.decidedAt) return;
    const out = { ...r, tcString: x.tc, ...(x.ac && { addtlConsent: x.ac }) };
    try {
      validateReceipt(out);
      return out;
    } catch { /* not what the server takes: the receipt goes without it */ }
  };
  const storedTc = (): Tc | undefined => { try { return JSON.parse(localStorage.getItem(TC_KEY) || '0'); } catch { /* blocked */ } };
  /** A TC string the CMP wrote: the waiting receipts of its decision take it and are sent. */
  const onTc = (e: Event | { detail?: Tc }) => {
    const x = (e as CustomEvent<Tc>).detail;
    if (!x?.tc) return;
    const took = update((s) => {
      let n = 0;
      for (const it of s.q) {
        const r = it.n ? undefined : withTc(it.r, x);
        if (r) [it.r, it.t, n] = [r, 0, n + 1];
      }
      return n;
    });
    if (took) flush();
  };

  /** The GPP string of a page with the GPP CMP (iab build, `gpp`), when its signal is ready: the CMP updates on the decision before this listener, which came later. */
  function gppOf(): Partial<ConsentReceipt> {
    let out: Partial<ConsentReceipt> = {};
    try {
      window.__gpp?.('ping', (p) => {
        const d = p as { signalStatus?: string; gppString?: string } | null;
        if (d?.signalStatus == 'ready' && d.gppString) out = { gppString: d.gppString };
      });
    } catch { /* another CMP's __gpp that throws: no string */ }
    return out;
  }

  /** Queues a receipt unless this decision (fingerprint `key`) was already recorded, here or in another tab. */
  function record(key: string, state: ConsentState, r: Partial<ConsentReceipt>) {
    let receipt: ConsentReceipt = {
      receiptId: uuid(), consentId: state.id!, decidedAt: state.decidedAt!, source: state.source!,
      policies: { ...state.policies }, categories: { ...state.categories }, language: cutTag(state.language ?? '', MAX_LANGUAGE),
      configHash: notice, page: location.pathname.slice(0, 2048), mode: state.mode, ...(state.region && { region: state.region }), ...gppOf(), ...extra, ...r,
    };
    // The server's own check, here: a receipt it would refuse is kept as refused at once, not sent.
    let problem = '';
    try {
      validateReceipt(receipt);
      if (new TextEncoder().encode(JSON.stringify(receipt)).length > MAX_BODY) problem = `body: expected at most ${MAX_BODY} bytes`;
    } catch (e) {
      problem = (e as Error).message;
    }
    // A decision on a TCF page where GDPR applies: its TC string, when the CMP has written it already, else a wait for it.
    const waits = !problem && !r.source && state.mode == 'opt-in' && typeof (globalThis as { __tcfapi?: unknown }).__tcfapi == 'function';
    const tc = waits ? withTc(receipt, storedTc()) : undefined;
    if (tc) receipt = tc;
    const fresh = update((s) => {
      if (s.s.includes(key)) return false;
      s.s = [...s.s, key].slice(-20);
      if (problem) return refuse(s, receipt, 0, problem);
      s.q.push({ r: receipt, n: 0, t: waits && !tc ? Date.now() + TC_WAIT : 0 });
      if (s.q.length > QUEUE_MAX) warn(`receipt queue full: dropped ${s.q.splice(0, s.q.length - QUEUE_MAX).length} oldest`);
      return true;
    });
    if (fresh) flush();
  }

  // A decision, not a state: GPC switched on, or a region's rules, change what runs but decide nothing
  // (the store gives each decision its own decidedAt, also two in one millisecond).
  const key = (s: ConsentState) => hash(canon([s.id, s.decidedAt, s.source, s.policies]));
  let last = history?.first ?? consent.get();
  // Loaded late without a history: a decision already made on this page view is recorded now.
  if (!history && last.decided && Date.parse(last.decidedAt!) >= performance.timeOrigin) record(key(last), last, {});
  const onChange = (state: ConsentState) => {
    const was = last;
    last = state;
    try {
      if (state.decided && (!was.decided || key(state) != key(was))) {
        record(key(state), state, {});
      } else if (!state.decided && was.decided && state.reason == 'withdrawn') {
        // Withdrawn (reset): the consent id that ends, nothing granted but what is required.
        // A decision that vanished (the visitor cleared cookies) is no withdrawal anybody gave.
        const categories: Record<string, boolean> = {};
        for (const c of consent.config.categories) categories[c.id] = c.required;
        record(hash(canon([was.id, 'reset'])), was, { decidedAt: new Date().toISOString(), source: 'reset', policies: {}, categories });
      }
    } catch (e) {
      warn(`a receipt could not be recorded: ${e}`);
    }
  };
  const off = consent.listen(onChange);
  history?.seen.forEach(onChange);
  addEventListener('online', flush);
  addEventListener(TC_KEY, onTc);
  // A TC string written before this client loaded (or on an earlier page view), for a receipt still waiting.
  onTc({ detail: storedTc() });
  flush();
  return () => {
    live = false;
    off();
    clearTimeout(timer);
    removeEventListener('online', flush);
    removeEventListener(TC_KEY, onTc);
  };
}
