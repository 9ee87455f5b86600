/**
 * The consent store: what the visitor decided, whether that decision is still
 * current, and "may this category run now?". Framework-agnostic; importing it
 * touches no DOM, and it works without one (decisions then live in memory).
 */
import { parseConfig } from './config';
import { decodeRecord, encodeRecord, type DecisionRecord } from './record';
import type { Category, Consent, ConsentConfig, ConsentState, DueReason, ResolvedConfig, Source, Unsubscribe, View } from './types';
import { cookieStorage } from '../storage/cookie';
import { eraseCookies, eraseStorage } from '../storage/erase';
import type { DecisionStorage } from '../storage/types';

export interface StoreOptions {
  /** Where the record is kept; default: the configured cookie (memory without a document). */
  storage?: DecisionStorage;
  /** The clock, in milliseconds; default `Date.now`. */
  now?: () => number;
}

const DAY = 864e5;
const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
const hasDoc = () => typeof document !== 'undefined';

function uuid(): string {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 15) | 64;
  b[8] = (b[8]! & 63) | 128;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Is Global Privacy Control on in this browser? */
function gpcSignal(): boolean {
  return typeof navigator !== 'undefined' && (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
}

/** The language to record: the configured one, else `<html lang>`, else the browser's. */
function detectLanguage(config: ResolvedConfig): string {
  let l = config.language;
  if (l === 'auto') l = (hasDoc() && document.documentElement.lang) || (typeof navigator !== 'undefined' && navigator.language) || '';
  return /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(l) ? l.toLowerCase() : '';
}

/**
 * Creates the consent store for a site's configuration.
 * Throws a `ConfigError` naming each invalid field when the config is not valid.
 *
 * @example
 * const consent = createConsent({ categories: { analytics: { label: 'Analytics' } } })
 * if (consent.has('analytics')) loadAnalytics()
 * @returns the store: `decided`, `has`, `get`, `acceptAll`, `rejectAll`, `save`, `reset`, `subscribe`, …
 */
export function createConsent(input: ConsentConfig | ResolvedConfig, options: StoreOptions = {}): Consent {
  const config = 'raw' in input && Array.isArray(input.categories) ? (input as ResolvedConfig) : parseConfig(input);
  const now = options.now ?? Date.now;
  const storage = options.storage ?? cookieStorage(config.cookie);
  const optional = config.categories.filter((c) => !c.required);
  const listeners: ((s: ConsentState) => void)[] = [];
  const viewListeners: ((v: View) => void)[] = [];
  let view: View = null;
  let raw: string | undefined;
  let record: DecisionRecord | undefined;
  let state: ConsentState;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** When a record lapses: its own expiry, capped by today's configured lifetime. */
  const lapse = (r: DecisionRecord) =>
    Math.min(r.expiresAt, r.decidedAt + DAY * (optional.some((c) => r.categories[c.id]) ? config.expiry.acceptDays : config.expiry.rejectDays));

  const erase = (cats: Category[]) => {
    eraseCookies(cats.flatMap((c) => c.cookies));
    eraseStorage(cats.flatMap((c) => c.storage));
  };

  function compute(): ConsentState {
    const t = now();
    let reason: DueReason;
    let r = record;
    if (r && lapse(r) <= t) { r = undefined; reason = 'expired'; }
    const revised = r ? config.policies.filter((p) => r!.policies[p.id] !== p.version).map((p) => p.id) : [];
    if (!r) reason ??= 'none';
    else if (revised.length) reason = 'revised';
    else if (optional.some((c) => !(c.id in r!.categories))) reason = 'new-category';
    const decided = !reason;
    const gpc = config.gpc.length > 0 && gpcSignal();
    const categories: Record<string, boolean> = {};
    for (const c of config.categories) {
      categories[c.id] = c.required || (decided
        ? r!.categories[c.id] === true
        : config.mode !== 'opt-in' && !(gpc && config.gpc.includes(c.id)));
    }
    return Object.freeze({
      decided,
      categories: Object.freeze(categories),
      policies: Object.freeze(decided ? { ...r!.policies } : {}),
      id: decided ? r!.id : null,
      decidedAt: decided ? iso(r!.decidedAt) : null,
      expiresAt: decided ? iso(lapse(r!)) : null,
      source: decided ? r!.source : null,
      language: decided ? r!.language : null,
      reason,
      revised: Object.freeze(revised),
      gpc,
      storage: storage.kind,
    });
  }

  /** Re-evaluates the state; tells listeners when anything changed. */
  function refresh(reread = false) {
    if (reread) {
      const v = storage.read();
      if (v !== raw) { raw = v; record = decodeRecord(v, now()); }
    }
    const prev = state;
    const next = compute();
    clearTimeout(timer);
    if (next.expiresAt) {
      // Ask again the moment the decision lapses (setTimeout holds at most ~24.8 days).
      timer = setTimeout(() => refresh(), Math.min(Date.parse(next.expiresAt) - now() + 1, 2 ** 31 - 1));
      (timer as { unref?: () => void }).unref?.();
    }
    if (prev && JSON.stringify(prev) === JSON.stringify(next)) return;
    state = next;
    if (prev) {
      // Categories that just stopped being granted lose their cookies and storage.
      erase(config.categories.filter((c) => prev.categories[c.id] && !next.categories[c.id]));
      for (const fn of listeners.slice()) fn(next);
      if (hasDoc()) document.dispatchEvent(new CustomEvent('consent-change', { detail: next }));
    }
  }

  // Other tabs: a message after each write, cookie change events where the browser has them,
  // and a re-read whenever the tab comes back into view.
  const channel = hasDoc() && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(`consent-gate:${config.cookie.name}`) : undefined;
  const onOther = (e?: MessageEvent) => {
    if (storage.kind === 'memory' && e && typeof e.data === 'string') storage.write(e.data, config.expiry.acceptDays);
    else if (storage.kind === 'memory' && e && e.data === null) storage.clear();
    refresh(true);
  };
  const onVisible = () => refresh(true);
  const cookieStore = hasDoc() ? (globalThis as { cookieStore?: EventTarget }).cookieStore : undefined;
  if (channel) channel.onmessage = onOther;
  if (hasDoc()) {
    document.addEventListener('visibilitychange', onVisible);
    addEventListener('pageshow', onVisible);
    cookieStore?.addEventListener('change', onVisible);
  }

  function setView(v: View) {
    if (v === view) return;
    view = v;
    for (const fn of viewListeners.slice()) fn(v);
  }

  function decide(choices: Record<string, boolean>, source: Source): ConsentState {
    const t = now();
    const current = state.decided || state.reason === 'revised' || state.reason === 'new-category' ? record : undefined;
    const categories: Record<string, boolean> = {};
    for (const c of optional) categories[c.id] = choices[c.id] === true;
    const granted = optional.some((c) => categories[c.id]);
    const policies: Record<string, string> = {};
    for (const p of config.policies) policies[p.id] = p.version;
    const next: DecisionRecord = {
      id: current?.id ?? uuid(),
      decidedAt: t,
      expiresAt: t + DAY * (granted ? config.expiry.acceptDays : config.expiry.rejectDays),
      source,
      language: detectLanguage(config),
      categories,
      policies,
    };
    raw = encodeRecord(next);
    record = next;
    storage.write(raw, granted ? config.expiry.acceptDays : config.expiry.rejectDays);
    // Refused categories lose their cookies even when they were not granted on this page
    // (those that were are erased by refresh, as withdrawn).
    erase(optional.filter((c) => !categories[c.id] && !state.categories[c.id]));
    refresh();
    channel?.postMessage(raw);
    setView(null);
    return state;
  }

  const all = (v: boolean) => Object.fromEntries(optional.map((c) => [c.id, v]));

  raw = storage.read();
  record = decodeRecord(raw, now());
  refresh();

  const consent: Consent = {
    config,
    get decided() { return consent.get().decided; },
    has: (category) => consent.get().categories[category] === true,
    get() {
      if (state.expiresAt && Date.parse(state.expiresAt) <= now()) refresh();
      return state;
    },
    acceptAll: (source = 'api') => decide(all(true), source),
    rejectAll: (source = 'api') => decide(all(false), source),
    save: (choices, source = 'api') => decide(choices ?? {}, source),
    allow(category, source = 'api') {
      // What runs now stays as it is (in opt-out mode too), plus this category.
      return decide({ ...state.categories, [category]: true }, source);
    },
    reset() {
      storage.clear();
      raw = undefined;
      record = undefined;
      refresh();
      channel?.postMessage(null);
      setView('banner');
      return state;
    },
    subscribe(fn) {
      fn(state);
      return consent.listen(fn);
    },
    listen(fn): Unsubscribe {
      listeners.push(fn);
      return () => { const i = listeners.indexOf(fn); if (i >= 0) listeners.splice(i, 1); };
    },
    whenGranted: (category) => new Promise<void>((resolve) => {
      if (consent.has(category)) return resolve();
      const off = consent.listen((s) => { if (s.categories[category]) { off(); resolve(); } });
    }),
    showBanner: () => setView('banner'),
    showPreferences: () => setView('preferences'),
    hide: () => setView(null),
    get view() { return view; },
    onView(fn) {
      fn(view);
      viewListeners.push(fn);
      return () => { const i = viewListeners.indexOf(fn); if (i >= 0) viewListeners.splice(i, 1); };
    },
    destroy() {
      clearTimeout(timer);
      channel?.close();
      if (hasDoc()) {
        document.removeEventListener('visibilitychange', onVisible);
        removeEventListener('pageshow', onVisible);
        cookieStore?.removeEventListener('change', onVisible);
      }
      listeners.length = 0;
      viewListeners.length = 0;
    },
  };
  return consent;
}
