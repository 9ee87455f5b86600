/**
 * `window.consentGate` while the default drop-in's chunks are on their way, as IAB's `__tcfapi`
 * stub stands in for a CMP. What it can answer it answers: before anything is known, failing
 * closed (nothing decided, nothing granted); for a decided visitor, from the state the reader
 * chunk found (reader.ts). Every call that acts (a decision, the UI, the region) is queued, each
 * resolving with the store's answer, and carried out once, in the order made, when the store has
 * come (for a decided visitor the first such call is what fetches the store). Then the store is
 * `window.consentGate`, and the stub passes every call on to it (a script may have kept it), its
 * listeners hearing each change. The page's gate runs on the stub (start.ts), so it is the same
 * gate whichever chunk answered first. A store chunk that cannot be loaded (`lost`): the calls queued reject, and every
 * later one (no second try); the page's actions are its own links and buttons again.
 */
import type { ConsentState, ResolvedConfig } from '../core/types.js';
import type { DropIn } from './types.js';
import { actionAt, HANDLED } from '../gate/actions.js';

/** The calls that act (write, open or close the UI, set the region): queued, each resolving with the store's answer. */
const ACTS = ['acceptAll', 'rejectAll', 'save', 'allow', 'reset', 'setRegion', 'showBanner', 'showPreferences', 'hide', 'destroy'] as const;

/** What `get()` answers before anything is known: no decision, nothing granted. */
const PENDING = Object.freeze({
  decided: false, categories: Object.freeze({}), policies: Object.freeze({}), id: null, decidedAt: null, expiresAt: null, source: null,
  language: null, reason: undefined, revised: Object.freeze([]), gpc: false, storage: 'cookie', region: null, mode: 'opt-in',
}) as unknown as ConsentState;

/** Calls one listener; one that throws is reported (as an uncaught error would be) and the others still run. */
const call = <T>(fn: (v: T) => void, v: T) => {
  try {
    fn(v);
  } catch (e) {
    reportError(e);
  }
};

type Any = (...a: unknown[]) => unknown;

export interface Stub {
  api: DropIn;
  /**
   * The reader found the state in force under `config` (as the page gives it, read as the check would); `fetch` fetches the
   * store, at the first call that needs it. Again when the reader saw it change before the store came (reader.ts); none once it has.
   */
  know(state: ConsentState, config: ResolvedConfig, fetch: () => void): void;
  /** The store has come: it becomes `window.consentGate`, the queue is carried out. */
  attach(store: DropIn): void;
  /** The store cannot start (an invalid config, or one for another build): no `window.consentGate`, every gate stays shut. */
  fail(): void;
  /** The gate has started (start.ts): `gate(root)` calls made before it are carried out now. */
  gated(gate: (root: ParentNode) => () => void): void;
  /** The paths of the clicks on the page's actions made so far, in order (the gate has not started: none acted yet). */
  early: EventTarget[][];
  /** Stops recording those clicks (the gate's listener takes over, or the config is invalid); returns them. */
  stop(): EventTarget[][];
  /**
   * The store chunk cannot be loaded (blocked, offline, missing): the clicks recorded are dropped, and the calls queued
   * reject, as every later one does (no second try); the page's actions are its links and buttons again (a site's own
   * opt-out page), the gate's listeners leaving their clicks alone. What is granted stays as the stub answers it.
   */
  lost(): void;
}

/** The stub; `debug` opens the debug panel. */
export function stub(debug: () => Promise<void>): Stub {
  let store: DropIn | undefined;
  let state: ConsentState | undefined;
  let config: ResolvedConfig | undefined;
  let fetch = () => {};
  let settle!: (s: ConsentState | Promise<ConsentState>) => void;
  const queue: ((e?: unknown) => void)[] = [];
  /** Why every call that acts rejects: the store chunk cannot be loaded. */
  let lost: unknown;
  /** Registrations (`onView`, `gate`) made before there is anything to register with. */
  const waiting: (() => void)[] = [];
  /** Listeners, each with whether it hears the first state known (subscribe) or changes only (listen). */
  const listeners = new Map<(s: ConsentState) => void, boolean>();
  const now = () => store?.get() ?? state;
  const pass = (k: string, a: unknown[]) => (store![k as keyof DropIn] as Any)(...a);
  const tell = (s: ConsentState) => {
    if (JSON.stringify(s) === JSON.stringify(state)) return;
    const first = !state;
    state = s;
    for (const [fn, atFirst] of [...listeners]) if (atFirst || !first) call(fn, s);
  };
  const on = (fn: (s: ConsentState) => void, atFirst: boolean) => {
    listeners.set(fn, atFirst);
    return () => { listeners.delete(fn); };
  };
  /** A registration: passed on to `target()` once it is there (at once if it is), undone by the function returned. */
  const register = (target: () => Any | undefined, a: unknown[]) => {
    let undo: unknown;
    let undone = false;
    const go = () => {
      if (!target()) waiting.push(go);
      else if (!undone) undo = target()!(...a);
    };
    go();
    return () => { undone = true; (undo as (() => void) | undefined)?.(); };
  };
  let gate: ((root: ParentNode) => () => void) | undefined;
  const api = {
    // Resolves once the state in force is known (the reader's, or the store's with its rules settled).
    ready: new Promise<ConsentState>((r) => { settle = r; }),
    get config() { return (store?.config ?? config)!; },
    get decided() { return !!now()?.decided; },
    has: (category: string) => (store ? store.has(category) : state?.categories[category] === true),
    get: () => now() ?? PENDING,
    get view() { return store?.view ?? null; },
    subscribe(fn: (s: ConsentState) => void) {
      const s = now();
      if (s) call(fn, s);
      return on(fn, true);
    },
    listen: (fn: (s: ConsentState) => void) => on(fn, false),
    whenGranted: (category: string) => new Promise<void>((resolve) => {
      const off = on((s) => { if (s.categories[category]) { off(); resolve(); } }, true);
      if (now()?.categories[category]) { off(); resolve(); }
    }),
    onView: (...a: unknown[]) => register(() => store?.onView as Any | undefined, a),
    gate: (...a: unknown[]) => register(() => gate as Any | undefined, a),
    debug,
  };
  const slots = api as unknown as Record<string, Any>;
  for (const k of ACTS) {
    slots[k] = (...a: unknown[]) => (store ? pass(k, a) : new Promise<unknown>((resolve, reject) => {
      if (lost) throw lost;
      fetch();
      queue.push((e) => (e ? reject(e) : resolve(pass(k, a))));
    }));
  }
  const flush = (list: ((e?: unknown) => void)[], e?: unknown) => { for (const f of list.splice(0)) f(e); };
  // Clicks on the page's actions (`data-consent-action`, `data-consent-open`: gate/actions.ts) before the gate has started:
  // recorded where and as the gate's listener will take them (on the document, as they bubble), each one's path kept (an
  // event's is gone once it has been dispatched), its default action prevented as the gate's listener prevents it.
  // Nothing is done until a click comes: the page's start carries them out (page.ts).
  const early: EventTarget[][] = [];
  const record = (e: Event) => {
    const path = e.composedPath();
    if (actionAt(path) < 0) return;
    early.push(path);
    e.preventDefault();
  };
  document.addEventListener('click', record);
  const stop = () => {
    document.removeEventListener('click', record);
    return early.splice(0);
  };
  return {
    early,
    stop,
    api: api as unknown as DropIn,
    know(s, c, f) {
      if (store) return;
      config = c;
      fetch = f;
      tell(s);
      settle(s);
    },
    attach(s) {
      store = s;
      window.consentGate = s;
      s.listen(tell);
      tell(s.get());
      flush(waiting);
      flush(queue);
      settle(s.ready);
    },
    lost() {
      stop();
      flush(queue, lost = Error('consent-gate: could not load store'));
      addEventListener('click', (e) => { (e as { [HANDLED]?: true })[HANDLED] = true; }, true);
    },
    fail() {
      // An invalid config: no gate, no store; the clicks recorded are dropped (what the page's links do is theirs again).
      stop();
      queue.length = waiting.length = 0;
      window.consentGate = undefined;
    },
    gated(g) {
      gate = g;
      flush(waiting);
    },
  };
}
