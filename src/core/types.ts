/**
 * The public types of consent-gate: the configuration a site writes, the
 * configuration after parsing, and the snapshot every listener receives.
 */
import type { ServiceCategory } from './vocab.js';
import type { CookieSettings } from '../storage/types.js';

/** How optional categories behave before the visitor decides. */
export type Mode = 'opt-in' | 'opt-out' | 'notice';

/** Where a decision came from; kept in the record and in receipts. */
export type Source = 'banner' | 'preferences' | 'api' | 'placeholder' | 'action' | 'reset';

/** A document the visitor agrees to (privacy policy, terms of use, …). */
export interface PolicyConfig {
  /** The revision in force. A change re-asks every visitor. */
  version: string | number;
  /** http(s) or relative URL of the document. */
  url?: string;
  /** Link text; defaults to the policy id. */
  label?: string;
}

/** One cookie listed in the preferences dialog. */
export interface CookieInfo {
  name: string;
  purpose?: string;
  duration?: string;
  /** Who sets it (the platform or company), as `consent-gate scan` suggests. */
  provider?: string;
}

/** A purpose the visitor can allow or refuse. */
export interface CategoryConfig {
  /** Always granted, shown locked. */
  required?: boolean;
  label?: string;
  description?: string;
  /** Cookie names or `/regex/` strings erased when the category is refused or withdrawn. */
  cookies?: string[];
  /** localStorage keys (or `/regex/` strings) erased when the category is refused or withdrawn. */
  storage?: string[];
  /** Cookies described in the preferences dialog's table. */
  cookieTable?: CookieInfo[];
  /**
   * URLs this category owns, gated without markup (scripts, embeds, pixels, fetch/XHR/beacon):
   * a host (with its subdomains, any port) optionally followed by a path prefix, or `/regex/`
   * tested against the absolute URL. Needs the drop-in `consent-gate.block.js` (or `.auto.js`), or `block()`.
   */
  sources?: string[];
}

/** Where the decision is stored (a first-party cookie, via js-cookie). */
export interface CookieConfig {
  name?: string;
  /**
   * The cookie's names before a rename: a decision stored under one of them is read (its
   * refusals hold) and moved to `name` when the record is next written.
   * @example { name: 'cg_consent', formerNames: ['consent'] }
   */
  formerNames?: string[];
  domain?: string;
  path?: string;
  sameSite?: 'Lax' | 'Strict' | 'None';
  /** Defaults to on over https. */
  secure?: boolean;
}

/** Google Consent Mode v2 options. */
export interface GoogleConsentModeConfig {
  /** category id → consent types it grants (`analytics_storage`, `ad_storage`, …). */
  map?: Record<string, string[]>;
  region?: string[];
  ads_data_redaction?: boolean;
  url_passthrough?: boolean;
  /** Milliseconds tags wait for an update; default 500. */
  wait_for_update?: number;
  /**
   * `advanced` (default): Google's tags load and run in "denied" state, so `autoBlock` leaves them
   * to Consent Mode; `basic`: they wait for consent like every other listed service.
   */
  mode?: 'advanced' | 'basic';
}

/** What a region entry may set; what it leaves out is the top level's. */
export interface RegionConfig {
  mode?: Mode;
  gpc?: boolean | string[];
  expiry?: { acceptDays?: number; rejectDays?: number };
  ui?: ConsentConfig['ui'];
  texts?: Record<string, Record<string, string>>;
}

/** The configuration a site writes: plain, JSON-serialisable data. */
export interface ConsentConfig {
  mode?: Mode;
  policies?: Record<string, PolicyConfig>;
  categories: Record<string, CategoryConfig>;
  cookie?: CookieConfig;
  expiry?: { acceptDays?: number; rejectDays?: number };
  /** `true` (default): GPC refuses `["marketing"]`; a list names the categories; `false` ignores it. */
  gpc?: boolean | string[];
  /** `true`: the default mapping; an object: a custom mapping (category → consent types) or options. */
  googleConsentMode?: boolean | Record<string, string[]> | GoogleConsentModeConfig;
  /** `auto` (from `<html lang>`, then the browser) or a language code. */
  language?: string;
  /** Per language, any UI string overridden. */
  texts?: Record<string, Record<string, string>>;
  /**
   * Where receipts are POSTed. The same server counts impressions (a layer shown, no
   * identifier) at `impressions` beside it (`/consent/impressions`); `impressions: false` sends none.
   */
  receipts?: { endpoint: string; impressions?: boolean };
  /** A label for this wording or layout (`"short-text"`), sent with impressions and receipts to compare rates. */
  variant?: string;
  /** Reload the page after a withdrawal so scripts that already ran stop. Default true. */
  reloadOnWithdraw?: boolean;
  /**
   * A CSS selector for the site's own containers (`"#site-footer, .cookie-links"`) inside which
   * `data-consent-action="accept-all"` records consent. Elsewhere (user content a sanitizer let
   * through) it only opens the banner; without this key it does so everywhere. Actions that never
   * grant (`reject-all`, `data-consent-open`) work anywhere.
   */
  actionScope?: string;
  /**
   * Gate the package's list of well-known services too: `true` puts them in the categories
   * `analytics`, `marketing` and `functional`; an object maps each group to a category id of
   * this config, or to `false` (that group is not blocked). Needs `consent-gate.auto.js` or `block(consent, SERVICES)`.
   */
  autoBlock?: boolean | Partial<Record<ServiceCategory, string | false>>;
  /** UI options read by `<consent-banner>`. */
  ui?: {
    layout?: 'bar' | 'bar-top' | 'box' | 'modal';
    theme?: 'auto' | 'light' | 'dark';
    /** Show a small floating button that reopens the preferences. Default false. */
    floatingButton?: boolean;
  };
  /**
   * Rules by region. Keys: space-separated ISO 3166-1 alpha-2 codes (`DE`), ISO 3166-2
   * subdivisions (`US-CA`), the groups `EU` and `EEA`, and `*` (everyone else).
   * @example { "EU EEA GB CH": { "mode": "opt-in" }, "US-CA": { "mode": "opt-out" }, "*": { "mode": "notice" } }
   */
  regions?: Record<string, RegionConfig>;
  /** The visitor's region (`DE`, `US-CA`) when the page knows it. */
  region?: string;
  /** A URL answering `{ "region": "DE" }`, asked when the region is not given. */
  regionEndpoint?: string;
  /** A same-origin URL the browser POSTs the decision cookie to after each decision, so the server sets it too. */
  cookieEndpoint?: string;
}

/**
 * A config as TypeScript types a JSON import of it (`import config from './consent.config.json'`,
 * with `resolveJsonModule`): the same fields, with every string union widened to `string` (JSON
 * gives `"mode": "opt-in"` the type `string`). `createConsent` and `readConsent` accept it and
 * check the values at run time, as they check every config; write configs in TypeScript with
 * `defineConfig` (or `satisfies ConsentConfig`) to have the values checked as you type too.
 *
 * @example import config from './consent.config.json'; const consent = createConsent(config)
 */
export type ConsentConfigJson = Widened<ConsentConfig>;

/** `T` with string literal types widened to `string` and `true`/`false` to `boolean`, as JSON imports are typed. */
export type Widened<T> = T extends string ? string
  : T extends boolean ? boolean
    : T extends number | null | undefined ? T
      : T extends readonly (infer U)[] ? Widened<U>[]
        : { [K in keyof T]: Widened<T[K]> };

/** The rules a region gets, resolved (the top level's where the region says nothing). */
export interface RegionRules {
  mode: Mode;
  gpc: readonly string[];
  expiry: { acceptDays: number; rejectDays: number };
  ui: ResolvedConfig['ui'];
  texts: Record<string, Record<string, string>>;
}

/** `regions` after parsing: the rules of each code (`DE`, `US-CA`, `*`), and those applied while the region is unknown. */
export interface RegionTable {
  rules: Readonly<Record<string, RegionRules>>;
  strictest: RegionRules;
}

/** A category after parsing: every field present. */
export interface Category {
  id: string;
  required: boolean;
  label: string;
  description: string;
  cookies: (string | RegExp)[];
  storage: (string | RegExp)[];
  cookieTable: CookieInfo[];
  sources: string[];
}

/** A policy after parsing. */
export interface Policy {
  id: string;
  version: string;
  url: string | undefined;
  label: string;
}

/** The configuration after parsing and validation: defaults filled in, frozen. */
export interface ResolvedConfig {
  mode: Mode;
  policies: readonly Policy[];
  categories: readonly Category[];
  cookie: CookieSettings;
  expiry: { acceptDays: number; rejectDays: number };
  /** Categories Global Privacy Control refuses; empty when GPC is ignored. */
  gpc: readonly string[];
  googleConsentMode: { map: Record<string, string[]>; region: string[] | undefined; ads_data_redaction: boolean | undefined; url_passthrough: boolean | undefined; wait_for_update: number; mode: 'advanced' | 'basic' } | undefined;
  /** The category each group of well-known services goes to (false: not blocked); undefined without `autoBlock`. */
  autoBlock: Record<ServiceCategory, string | false> | undefined;
  language: string;
  texts: Record<string, Record<string, string>>;
  receipts: { endpoint: string; impressions: boolean } | undefined;
  variant: string | undefined;
  reloadOnWithdraw: boolean;
  actionScope: string | undefined;
  ui: { layout: 'bar' | 'bar-top' | 'box' | 'modal'; theme: 'auto' | 'light' | 'dark'; floatingButton: boolean };
  regions: RegionTable | undefined;
  region: string | undefined;
  regionEndpoint: string | undefined;
  cookieEndpoint: string | undefined;
  /** The input as given (after validation), for hashing and for the UI. */
  raw: ConsentConfig;
}

/** Why no current decision applies (`withdrawn`: the visitor withdrew with `reset()`; their refusals stay; `stricter`: made under laxer rules than the region's now). */
export type DueReason = 'none' | 'expired' | 'revised' | 'new-category' | 'withdrawn' | 'stricter' | undefined;

/** A frozen snapshot of the consent state, passed to every listener. */
export interface ConsentState {
  /** A current (unexpired, same policy versions, all categories answered) decision is stored. */
  readonly decided: boolean;
  /**
   * May each category run now? Required ones are always true. A category the visitor refused is
   * false until they say yes to it, also while no decision is current (what the preferences
   * dialog shows as the old choice).
   */
  readonly categories: Readonly<Record<string, boolean>>;
  /** Policy versions the visitor agreed to (empty when undecided). */
  readonly policies: Readonly<Record<string, string>>;
  /** The consent id of the stored decision (random uuid), or null. */
  readonly id: string | null;
  /** ISO timestamps of the decision and of its expiry, or null. */
  readonly decidedAt: string | null;
  readonly expiresAt: string | null;
  readonly source: Source | null;
  /** The UI language recorded with the decision, or null. */
  readonly language: string | null;
  /** When undecided: why the banner is due. */
  readonly reason: DueReason;
  /** Policy ids whose version changed since the stored decision (the banner names them). */
  readonly revised: readonly string[];
  /** Global Privacy Control was seen and honoured (its categories start refused). */
  readonly gpc: boolean;
  /** Where the decision lives: a cookie, or memory when cookies are blocked. */
  readonly storage: 'cookie' | 'memory';
  /** The visitor's region (`DE`, `US-CA`), or null while it is unknown. */
  readonly region: string | null;
  /** The mode in force (the region's, the strictest configured while the region is unknown). */
  readonly mode: Mode;
}

declare global {
  interface DocumentEventMap {
    /** Dispatched on `document` after every change of the consent state; `detail` is the new snapshot. */
    'consent-change': CustomEvent<ConsentState>;
  }
}

/** Which UI the page should show. */
export type View = 'banner' | 'preferences' | null;

export type Unsubscribe = () => void;

/** The consent store returned by `createConsent(config)`. */
export interface Consent {
  /** The parsed configuration, with the rules of the visitor's region in force (mode, gpc, expiry, ui, texts). */
  readonly config: ResolvedConfig;
  /** Sets the visitor's region (`DE`, `US-CA`; undefined: unknown, the strictest rules). */
  setRegion(region: string | undefined): ConsentState;
  /** Resolves once the rules in force are settled: the region is known, or could not be had. */
  readonly ready: Promise<ConsentState>;
  /** `true` when a current decision is stored. */
  readonly decided: boolean;
  /** May this category run now? Unknown categories → false. */
  has(category: string): boolean;
  /** A frozen snapshot of the state. */
  get(): ConsentState;
  /** Grant every optional category. */
  acceptAll(source?: Source): ConsentState;
  /** Refuse every optional category. */
  rejectAll(source?: Source): ConsentState;
  /** Record `{category: boolean}`; unnamed optional categories are refused. */
  save(choices: Record<string, boolean>, source?: Source): ConsentState;
  /** Grant one category, keeping the others' current values (placeholder "Allow"). */
  allow(category: string, source?: Source): ConsentState;
  /** Withdraw: refuse every optional category (kept, as refusals are), erase their cookies, ask again. */
  reset(): ConsentState;
  /** Call `fn(state)` now and on every change (also from other tabs). */
  subscribe(fn: (state: ConsentState) => void): Unsubscribe;
  /** Like subscribe, without the first call. */
  listen(fn: (state: ConsentState) => void): Unsubscribe;
  /** Resolves once the category is granted. */
  whenGranted(category: string): Promise<void>;
  /** Open the first layer. */
  showBanner(): void;
  /** Open the preferences dialog. */
  showPreferences(): void;
  /** Close whatever UI is open without recording anything. */
  hide(): void;
  /** The requested view, for UI implementations. */
  readonly view: View;
  /** For UI implementations: called now and whenever the requested view changes. */
  onView(fn: (view: View) => void): Unsubscribe;
  /** Stop listening to other tabs and timers. */
  destroy(): void;
}
