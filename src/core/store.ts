/**
 * The consent store: what the visitor decided, whether that decision is still
 * current, and "may this category run now?". Framework-agnostic; importing it
 * touches no DOM, and it works without one (decisions then live in memory).
 *
 * A composition of pieces of their own, which the reader of decided visitors shares: the state
 * (state.ts: the rules in force, `snapshot`), the record and its writing (record.ts, decision.ts),
 * the listeners (listeners.ts), the other tabs and the lapse (watch.ts), and the erasure of what
 * refused categories declared (erase.ts). What is here: the state held, and when each piece runs.
 */
import { KEEP_DAYS, type DecisionRecord } from './record.js';
import { DAY, inForce, lapse, regionCode, snapshot } from './state.js';
import { adoptStored, decisionRecord, encodeAgain, refuses } from './decision.js';
import { eraseDeclared } from './erase.js';
import { call, listeners } from './listeners.js';
import { atLapse, watchTabs } from './watch.js';
import { fingerprint } from './fingerprint.js';
import type { Category, Consent, ConsentState, ResolvedConfig, Source, View } from './types.js';
import { cookieStorage } from '../storage/cookie.js';
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
  const changes = listeners<ConsentState>();
  const views = listeners<View>();
  let view: View = null;
  let record: DecisionRecord | undefined;
  let state!: ConsentState;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let rulesShown: ResolvedConfig | undefined;

  /** The config with the region's rules in force (the strictest while the region is unknown). */
  let region = regionCode(options.region) ?? regionCode(config.region);
  let rules = inForce(config, region);
  /** Global Privacy Control is on, and the rules in force honour it. */
  const signal = () => rules.gpc.length > 0 && typeof navigator !== 'undefined' && (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
  const erase = (cats: Category[]) => eraseDeclared(cats, [config.cookie.name, ...config.cookie.formerNames]);
  const compute = () => snapshot(rules, record, { now: now(), gpc: signal(), storage: storage.kind, region });

  /** Writes the record again as it is, under this config's fingerprint, for `keep` days from now (default: as long as a browser keeps a cookie). */
  const rewrite = (r: DecisionRecord, keep = KEEP_DAYS) => {
    const value = encodeAgain(r, now(), config.raw.mode, print);
    if (value) storage.write(value, keep);
  };
  /** Takes the newest decision among stored values as the record (decision.ts), writing it back when it must be. */
  const adopt = (values: (string | undefined)[]) => {
    const read = adoptStored(record, values, now);
    const r = (record = read.record);
    if (read.write) rewrite(r!);
    // Kept in memory while cookies were blocked: into the cookie as soon as they work again (else the
    // next page view reads what the cookie held before, a grant this page has since refused).
    else if (r && storage.kind === 'memory') {
      const left = Math.max(1, (r.expiresAt - now()) / DAY);
      rewrite(r, refuses(r) ? KEEP_DAYS : left);
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
    // Ask again the moment the decision lapses.
    if (next.expiresAt) timer = atLapse(next.expiresAt, now(), refresh);
    // The region's texts or layout may change with the same state: listeners hear of that too.
    if (prev && shown === rules && JSON.stringify(prev) === JSON.stringify(next)) return;
    state = next;
    // A decision made elsewhere (another tab, read on return) closes the first layer here.
    if (next.decided && view === 'banner') setView(null);
    if (prev) {
      // Categories that just stopped being granted lose their cookies and storage.
      erase(config.categories.filter((c) => prev.categories[c.id] && !next.categories[c.id]));
      changes.tell(next);
      if (typeof document !== 'undefined') document.dispatchEvent(new CustomEvent('consent-change', { detail: next }));
    }
  }

  // Other tabs: a message after each write (carrying the record), cookie change events where the
  // browser has them, and a re-read whenever the tab comes back into view.
  const tabs = watchTabs(config.cookie.name, {
    message(v) {
      adopt([v, ...stored()]);
      refresh();
    },
    back: () => refresh(true),
  });

  function setView(v: View) {
    if (v === view) return;
    view = v;
    views.tell(v);
  }

  /**
   * Records a decision (decision.ts): `choices` for every optional category, or with `only`,
   * only that one. A `reset` records a withdrawal: every category refused, the banner due.
   */
  function decide(choices: Record<string, boolean>, source: Source, only?: string): ConsentState {
    // What another tab decided a moment ago (its message may not be here yet) is what this builds on.
    refresh(true);
    const made = decisionRecord(choices, source, only, { config, rules, record, state, now: now(), gpc: signal(), region, print });
    const next = record = made.record;
    // A record holding a refusal is kept as long as a browser keeps a cookie: the refusal outlives the decision.
    storage.write(made.value, refuses(next) ? KEEP_DAYS : made.keep);
    // Refused categories lose their cookies even when they were not granted on this page
    // (those that were are erased by refresh, as withdrawn).
    erase(optional.filter((c) => !next.categories[c.id] && !state.categories[c.id]));
    refresh();
    tabs.post(made.value);
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
      return changes.add(fn);
    },
    listen: changes.add,
    whenGranted: (category) => new Promise<void>((resolve) => {
      if (consent.has(category)) return resolve();
      // (`categories` has no prototype: `toString` is no grant.)
      const stop = changes.add((s) => { if (s.categories[category]) { stop(); resolve(); } });
    }),
    showBanner: () => setView('banner'),
    showPreferences: () => setView('preferences'),
    hide: () => setView(null),
    get view() { return view; },
    onView(fn) {
      call(fn, view);
      return views.add(fn);
    },
    destroy() {
      clearTimeout(timer);
      tabs.stop();
      changes.clear();
      views.clear();
    },
  };
  return consent;
}
