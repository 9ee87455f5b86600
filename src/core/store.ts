/**
 * The consent store: what the visitor decided, whether that decision is still
 * current, and "may this category run now?". Framework-agnostic; importing it
 * touches no DOM, and it works without one (decisions then live in memory).
 */
import { LANG_CODE, resolved } from './config.js';
import { decodeRecord, encodeRecord, type DecisionRecord } from './record.js';
import { DAY, inForce, lifetime, regionCode, snapshot } from './state.js';
import { uuid } from './uuid.js';
import type { Category, Consent, ConsentConfig, ConsentState, ResolvedConfig, Source, Unsubscribe, View } from './types.js';
import { cookieStorage } from '../storage/cookie.js';
import { eraseCookies, eraseStorage } from '../storage/erase.js';
import type { DecisionStorage } from '../storage/types.js';

export interface StoreOptions {
  /** Where the record is kept; default: the configured cookie (memory without a document). */
  storage?: DecisionStorage;
  /** The clock, in milliseconds; default `Date.now`. */
  now?: () => number;
  /** The visitor's region (`DE`, `US-CA`); wins over the config's `region` (the drop-in's `data-region`). */
  region?: string;
}

/** How long the store waits for `regionEndpoint` before keeping the strictest rules (ms). */
export const REGION_TIMEOUT = 2000;
const hasDoc = () => typeof document !== 'undefined';

/** Adds `fn` to `list`; returns the function that removes it. */
const add = <T>(list: T[], fn: T): Unsubscribe => {
  list.push(fn);
  return () => { const i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); };
};

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
  return createStore(resolved(input), options);
}

/**
 * `createConsent` for a config that is already resolved (by `parseConfig`, or `checkConfig` as
 * the drop-in does): without the parsing, so the drop-in ships without the words of problems.
 */
export function createStore(config: ResolvedConfig, options: StoreOptions = {}): Consent {
  const now = options.now ?? Date.now;
  const storage = options.storage ?? cookieStorage(config.cookie, config.cookieEndpoint);
  const optional = config.categories.filter((c) => !c.required);
  const listeners: ((s: ConsentState) => void)[] = [];
  const viewListeners: ((v: View) => void)[] = [];
  let view: View = null;
  let raw: string | undefined;
  let record: DecisionRecord | undefined;
  let state!: ConsentState;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let rulesShown: ResolvedConfig | undefined;

  /** The config with the region's rules in force (the strictest while the region is unknown). */
  let region = regionCode(options.region) ?? regionCode(config.region);
  let rules = inForce(config, region);
  const days = (granted: boolean) => lifetime(rules, granted);

  const erase = (cats: Category[]) => {
    eraseCookies(cats.flatMap((c) => c.cookies));
    eraseStorage(cats.flatMap((c) => c.storage));
  };

  const compute = () => snapshot(rules, record, {
    now: now(),
    gpc: typeof navigator !== 'undefined' && (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true,
    storage: storage.kind,
    region,
  });

  /** Takes a stored value (from storage, or from another tab's message) as the record. */
  const adopt = (v: string | undefined) => {
    if (v !== raw) { raw = v; record = decodeRecord(v, now()); }
  };

  /** Re-evaluates the state (re-reading storage first if asked); tells listeners when anything changed. */
  function refresh(reread?: boolean) {
    if (reread) adopt(storage.read());
    const prev = state;
    const next = compute();
    const shown = rulesShown;
    rulesShown = rules;
    clearTimeout(timer);
    if (next.expiresAt) {
      // Ask again the moment the decision lapses (setTimeout holds at most ~24.8 days).
      timer = setTimeout(refresh, Math.min(Date.parse(next.expiresAt) - now() + 1, 2 ** 31 - 1));
      (timer as { unref?: () => void }).unref?.();
    }
    // The region's texts or layout may change with the same state: listeners hear of that too.
    if (prev && shown === rules && JSON.stringify(prev) === JSON.stringify(next)) return;
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
  const off = new AbortController();
  const channel = hasDoc() && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(`consent-gate:${config.cookie.name}`) : undefined;
  const sync = () => refresh(true);
  if (channel) {
    channel.onmessage = ({ data }: MessageEvent) => {
      // The message carries the record: the other tab's cookie write may not be visible here
      // yet, and without cookies each tab keeps its own copy.
      const v = typeof data === 'string' ? data : undefined;
      if (storage.kind === 'memory') {
        if (v) storage.write(v, config.expiry.acceptDays);
        else storage.clear();
      }
      adopt(v);
      refresh();
    };
  }
  if (hasDoc()) {
    const o = { signal: off.signal };
    document.addEventListener('visibilitychange', sync, o);
    addEventListener('pageshow', sync, o);
    (globalThis as { cookieStore?: EventTarget }).cookieStore?.addEventListener('change', sync, o);
  }

  function setView(v: View) {
    if (v === view) return;
    view = v;
    for (const fn of viewListeners.slice()) fn(v);
  }

  function decide(choices: Record<string, boolean>, source: Source): ConsentState {
    const t = now();
    const categories = Object.fromEntries(optional.map((c) => [c.id, choices[c.id] === true]));
    const granted = optional.some((c) => categories[c.id]);
    // The language recorded: the configured one, else `<html lang>`, else the browser's.
    let language = config.language;
    if (language === 'auto') language = (hasDoc() && document.documentElement.lang) || (typeof navigator !== 'undefined' && navigator.language) || '';
    const next: DecisionRecord = {
      // A change (also after a policy revision) keeps the consent id; an expired decision does not.
      id: (state.reason !== 'expired' && record?.id) || uuid(),
      decidedAt: t,
      expiresAt: t + DAY * days(granted),
      source,
      language: LANG_CODE.test(language) ? language.toLowerCase() : '',
      categories,
      policies: Object.fromEntries(config.policies.map((p) => [p.id, p.version])),
      region,
      mode: rules.mode,
    };
    raw = encodeRecord(next);
    record = next;
    storage.write(raw, days(granted));
    // Refused categories lose their cookies even when they were not granted on this page
    // (those that were are erased by refresh, as withdrawn).
    erase(optional.filter((c) => !categories[c.id] && !state.categories[c.id]));
    refresh();
    channel?.postMessage(raw);
    setView(null);
    return state;
  }

  const all = (v: boolean) => Object.fromEntries(optional.map((c) => [c.id, v]));

  refresh(true);

  const setRegion = (r: unknown) => {
    region = regionCode(r);
    rules = inForce(config, region);
    refresh();
    return state;
  };
  // Unknown region: ask the endpoint (the strictest rules apply meanwhile, and for good if it
  // fails or takes longer than REGION_TIMEOUT).
  const ready = !region && config.regions && config.regionEndpoint && typeof fetch == 'function'
    ? fetch(config.regionEndpoint, { signal: AbortSignal.timeout(REGION_TIMEOUT), credentials: 'omit' })
      .then((r) => r.json() as Promise<{ region?: unknown }>)
      .then((j) => (region ? state : setRegion(j.region)), () => consent.get())
    : Promise.resolve(state!);

  const consent: Consent = {
    get config() { return rules; },
    setRegion,
    ready,
    get decided() { return consent.get().decided; },
    has: (category) => consent.get().categories[category] === true,
    get() {
      if (state.expiresAt && Date.parse(state.expiresAt) <= now()) refresh();
      return state;
    },
    acceptAll: (source = 'api') => decide(all(true), source),
    rejectAll: (source = 'api') => decide(all(false), source),
    save: (choices, source = 'api') => decide(choices ?? {}, source),
    // What runs now stays as it is (in opt-out mode too), plus this category.
    allow: (category, source = 'api') => decide({ ...state.categories, [category]: true }, source),
    reset() {
      storage.clear();
      raw = record = undefined;
      refresh();
      channel?.postMessage(null);
      setView('banner');
      return state;
    },
    subscribe(fn) {
      fn(state);
      return add(listeners, fn);
    },
    listen: (fn) => add(listeners, fn),
    whenGranted: (category) => new Promise<void>((resolve) => {
      if (consent.has(category)) return resolve();
      const stop = add(listeners, (s) => { if (s.categories[category]) { stop(); resolve(); } });
    }),
    showBanner: () => setView('banner'),
    showPreferences: () => setView('preferences'),
    hide: () => setView(null),
    get view() { return view; },
    onView(fn) {
      fn(view);
      return add(viewListeners, fn);
    },
    destroy() {
      clearTimeout(timer);
      channel?.close();
      off.abort();
      listeners.length = viewListeners.length = 0;
    },
  };
  return consent;
}
