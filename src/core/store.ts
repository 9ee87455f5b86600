/**
 * The consent store: what the visitor decided, whether that decision is still
 * current, and "may this category run now?". Framework-agnostic; importing it
 * touches no DOM, and it works without one (decisions then live in memory).
 */
import { LANG_CODE } from './config.js';
import { cutTag, encodeRecord, inCookie, KEEP_DAYS, MAX_RECORD, newest, type DecisionRecord } from './record.js';
import { DAY, inForce, lapse, lifetime, regionCode, snapshot } from './state.js';
import { fingerprint } from './fingerprint.js';
import { uuid } from './uuid.js';
import type { Category, Consent, ConsentState, ResolvedConfig, Source, Unsubscribe, View } from './types.js';
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
  /** Asks `regionEndpoint`; without it, nobody is asked (`createConsent` gives `askRegion` of src/regions/ for a config with `regions`). */
  askRegion?: (url: string) => Promise<unknown>;
}

const hasDoc = () => typeof document !== 'undefined';

/** Calls one listener; one that throws is reported (as an uncaught error would be) and the others still run. */
const call = <T>(fn: (v: T) => void, v: T) => {
  try {
    fn(v);
  } catch (e) {
    (globalThis.reportError || console.error)(e);
  }
};

/** Does the record refuse anything? */
const refuses = (r: DecisionRecord | undefined): r is DecisionRecord => !!r && Object.values(r.categories).includes(false);

/** Adds `fn` to `list`; returns the function that removes it. */
const add = <T>(list: T[], fn: T): Unsubscribe => {
  list.push(fn);
  return () => { const i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); };
};

/**
 * `createConsent` for a config that is already resolved (by `parseConfig`, or `checkWith` as
 * the drop-in does): without the parsing, so the drop-in ships without the words of problems.
 * What it needs from the floors above (asking `regionEndpoint`) is given in `options`.
 */
export function createStore(config: ResolvedConfig, options: StoreOptions = {}): Consent {
  const now = options.now ?? Date.now;
  const storage = options.storage ?? cookieStorage(config.cookie, config.cookieEndpoint);
  const optional = config.categories.filter((c) => !c.required);
  /** Written into every record: the reader of decided visitors (reader.ts) trusts a record made under this (checked) config. */
  const print = fingerprint(config.raw);
  const listeners: ((s: ConsentState) => void)[] = [];
  const viewListeners: ((v: View) => void)[] = [];
  let view: View = null;
  let record: DecisionRecord | undefined;
  let state!: ConsentState;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let rulesShown: ResolvedConfig | undefined;

  /** The config with the region's rules in force (the strictest while the region is unknown). */
  let region = regionCode(options.region) ?? regionCode(config.region);
  let rules = inForce(config, region);
  const days = (granted: boolean) => lifetime(rules, granted);
  /** Global Privacy Control is on, and the rules in force honour it. */
  const signal = () => rules.gpc.length > 0 && typeof navigator !== 'undefined' && (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;

  const erase = (cats: Category[]) => {
    eraseCookies(cats.flatMap((c) => c.cookies), [config.cookie.name, ...config.cookie.formerNames]);
    eraseStorage(cats.flatMap((c) => c.storage));
  };

  const compute = () => snapshot(rules, record, { now: now(), gpc: signal(), storage: storage.kind, region });

  /** Writes the record again as it is, under this config's fingerprint, for `keep` days from now (default: as long as a browser keeps a cookie). */
  const rewrite = (r: DecisionRecord, keep = KEEP_DAYS) => {
    const value = encodeRecord({ ...r, writtenAt: now(), mode: r.mode || config.raw.mode || 'opt-in', fingerprint: print || undefined });
    if (inCookie(value) <= MAX_RECORD) storage.write(value, keep);
  };
  /**
   * Takes the newest decision among stored values (every copy in storage, another tab's message)
   * as the record. A read that finds none, or only an older one (another script deleted the
   * cookie, cookies were switched off, a stale copy is left), keeps the refusals this page holds,
   * with the refusals of what it found, and writes them back; unless what this page holds is from
   * the future (the clock was set back more than a second: the older one may be newer). A record holding a refusal
   * is written again once a day, so that it lasts as long as the visitor keeps coming back.
   */
  const adopt = (values: (string | undefined)[]) => {
    const found = newest(values, now());
    if (refuses(record) && (!found || (found.decidedAt < record.decidedAt && record.decidedAt < now() + 1e3))) {
      for (const id in found?.categories) if (!found.categories[id]) record.categories[id] = false;
      rewrite(record);
    } else {
      record = found;
      if (refuses(found) && now() - (found.writtenAt ?? found.decidedAt) >= DAY) rewrite(found);
    }
  };
  const stored = () => storage.readAll?.() ?? [storage.read()];

  /** Re-evaluates the state (re-reading storage first if asked); tells listeners when anything changed. */
  function refresh(reread?: boolean) {
    if (reread) adopt(stored());
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
    // A decision made elsewhere (another tab, read on return) closes the first layer here.
    if (next.decided && view === 'banner') setView(null);
    if (prev) {
      // Categories that just stopped being granted lose their cookies and storage.
      erase(config.categories.filter((c) => prev.categories[c.id] && !next.categories[c.id]));
      for (const fn of listeners.slice()) call(fn, next);
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
      if (v && storage.kind === 'memory') storage.write(v, KEEP_DAYS);
      adopt([v, ...stored()]);
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
    for (const fn of viewListeners.slice()) call(fn, v);
  }

  /**
   * Records a decision: `choices` for every optional category (unnamed ones refused), all said
   * now by the visitor, or with `only`, only that one (the rest kept from the decision in force).
   * A `reset` records a withdrawal: every category refused, no decision in force, the banner due.
   */
  function decide(choices: Record<string, boolean>, source: Source, only?: string): ConsentState {
    // What another tab decided a moment ago (its message may not be here yet) is what this builds on.
    refresh(true);
    // Each decision later than the one before (two in one millisecond are two decisions, two receipts).
    let t = now();
    if (record && record.decidedAt >= t && record.decidedAt - t < 1e3) t = record.decidedAt + 1;
    const gpc = signal();
    const categories: Record<string, boolean> = Object.create(null);
    // Refusals are kept, also of categories this config no longer has, in case they come back.
    for (const id in record?.categories) if (!record.categories[id]) categories[id] = false;
    for (const c of optional) categories[c.id] = choices[c.id] === true;
    const granted = optional.some((c) => categories[c.id]);
    const keep = days(granted);
    // The language recorded: the configured one, else `<html lang>`, else the browser's.
    let language = config.language;
    if (language === 'auto') language = (hasDoc() && document.documentElement.lang) || (typeof navigator !== 'undefined' && navigator.language) || '';
    const next: DecisionRecord = {
      // A change (also after a policy revision) keeps the consent id; after a lapse or a withdrawal it is new.
      id: (!/^[ew]/.test(state.reason!) && record?.id) || uuid(),
      decidedAt: t,
      expiresAt: source === 'reset' ? t : t + DAY * keep,
      source,
      // At most 35 characters (the longest tag in use), so that the record always fits its cookie.
      language: LANG_CODE.test(language) ? cutTag(language.toLowerCase(), 35) : '',
      categories,
      policies: Object.fromEntries(config.policies.map((p) => [p.id, p.version])),
      // Which yes was given while Global Privacy Control was on: a carried one keeps its own mark.
      gpc: optional.filter((c) => categories[c.id] && (only && only !== c.id ? record?.gpc?.includes(c.id) : gpc)).map((c) => c.id),
      region,
      mode: rules.mode,
      fingerprint: print || undefined,
    };
    let value = encodeRecord(next);
    // Refusals of categories this config lacks go, the oldest first and as few as needed, when the record would not fit its cookie (as the cookie holds it).
    for (const id in categories) {
      if (inCookie(value) > MAX_RECORD && !optional.some((c) => c.id == id)) {
        delete categories[id];
        value = encodeRecord(next);
      }
    }
    record = next;
    // A record holding a refusal is kept as long as a browser keeps a cookie: the refusal outlives the decision.
    storage.write(value, refuses(next) ? KEEP_DAYS : keep);
    // Refused categories lose their cookies even when they were not granted on this page
    // (those that were are erased by refresh, as withdrawn).
    erase(optional.filter((c) => !categories[c.id] && !state.categories[c.id]));
    refresh();
    channel?.postMessage(value);
    setView(source === 'reset' ? 'banner' : null);
    return state;
  }

  const all = (v: boolean) => Object.fromEntries(optional.map((c) => [c.id, v]));

  refresh(true);
  // A decision in force, written under another config (or before records carried a fingerprint):
  // written again under this one, so that the next page view can take the reader's short path.
  // A record holding a refusal is kept as long as a browser keeps a cookie; one without, until its decision lapses.
  if (state.decided && record && record.fingerprint !== print && print) rewrite(record, refuses(record) ? KEEP_DAYS : (lapse(rules, record) - now()) / DAY);
  // Every page view where a refusal is stored: what the refused categories declared is erased
  // again (a tracker may have written it back, during the withdrawal reload too). Only the
  // listed names and keys are touched.
  erase(optional.filter((c) => record?.categories[c.id] === false));

  const setRegion = (r: unknown) => {
    region = regionCode(r);
    rules = inForce(config, region);
    refresh();
    return state;
  };
  // Unknown region: ask the endpoint (the strictest rules apply meanwhile, and for good if it
  // fails or takes too long). A region set meanwhile wins.
  const ready = !region && config.regionEndpoint && options.askRegion
    ? options.askRegion(config.regionEndpoint).then((r) => (region ? state : setRegion(r)))
    : Promise.resolve(state!);

  const consent: Consent = {
    get config() { return rules; },
    setRegion,
    ready,
    // Reads are pure: the state is kept current by the expiry timer, other tabs and re-reads on return.
    get decided() { return state.decided; },
    has: (category) => state.categories[category] === true,
    get: () => state,
    acceptAll: (source = 'api') => decide(all(true), source),
    rejectAll: (source = 'api') => decide(all(false), source),
    save: (choices, source = 'api') => decide(choices ?? {}, source),
    // This category, plus what a decision in force grants (never a mode's default: nobody said yes
    // to that); a category this config does not have records nothing.
    allow(category, source = 'api') {
      refresh(true); // what a decision in force grants, as another tab may just have changed it
      return optional.some((c) => c.id === category) ? decide({ ...(state.decided && state.categories), [category]: true }, source, category) : state;
    },
    reset: () => decide({}, 'reset'),
    subscribe(fn) {
      call(fn, state);
      return add(listeners, fn);
    },
    listen: (fn) => add(listeners, fn),
    whenGranted: (category) => new Promise<void>((resolve) => {
      if (consent.has(category)) return resolve();
      // (`categories` has no prototype: `toString` is no grant.)
      const stop = add(listeners, (s) => { if (s.categories[category]) { stop(); resolve(); } });
    }),
    showBanner: () => setView('banner'),
    showPreferences: () => setView('preferences'),
    hide: () => setView(null),
    get view() { return view; },
    onView(fn) {
      call(fn, view);
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
