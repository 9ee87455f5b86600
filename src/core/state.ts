/**
 * The consent state as a pure function of the config, the stored record and the situation
 * (clock, Global Privacy Control, region): what `consent.get()` returns in a browser and
 * `readConsent()` returns on a server. No DOM here.
 */
import { REGION, stricter } from './vocab.js';
import { KEEP_DAYS, type DecisionRecord } from './record.js';
import type { ConsentState, DueReason, ResolvedConfig } from './types.js';

export const DAY = 864e5;
const freeze = Object.freeze;
const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());

/**
 * A region as given (`de`, `US-CA`), upper-cased; undefined when it is not a region code (an
 * empty or unfilled template, `XX`: the CDN did not know), which means "unknown".
 */
export const regionCode = (r: unknown): string | undefined => {
  const code = typeof r === 'string' ? r.trim().toUpperCase() : '';
  return REGION.test(code) && code != 'XX' ? code : undefined;
};

/**
 * The config with the rules of `region` in force: its subdivision's (`US-CA`), else its
 * country's, else `*`'s, else the top level's; the strictest configured while it is unknown.
 */
export function inForce(config: ResolvedConfig, region: string | undefined): ResolvedConfig {
  const t = config.regions;
  const rules = t && (region ? t.rules[region] ?? t.rules[region.slice(0, 2)] ?? t.rules['*'] : t.strictest);
  return rules ? freeze({ ...config, ...rules }) : config;
}

/**
 * How long a decision lasts under `config` (its region's rules in force): consents longer than
 * refusals, at most as long as a browser keeps a cookie. The config check sets `rejectDays` to
 * 365 in `opt-out` mode when it is not configured (the CCPA's wait before asking again).
 */
export const lifetime = (config: ResolvedConfig, granted: boolean): number => Math.min(KEEP_DAYS, config.expiry[granted ? 'acceptDays' : 'rejectDays']);

/** When a record's decision lapses: its own expiry, capped by the lifetime configured today. */
export const lapse = (config: ResolvedConfig, r: DecisionRecord): number =>
  Math.min(r.expiresAt, r.decidedAt + DAY * lifetime(config, config.categories.some((c) => !c.required && r.categories[c.id])));

/** What, besides the record and the config, the state depends on. */
export interface Situation {
  now: number;
  /** Global Privacy Control is on (`navigator.globalPrivacyControl`, or `Sec-GPC: 1` on a server). */
  gpc: boolean;
  storage: 'cookie' | 'memory';
  region: string | undefined;
}

/**
 * The snapshot for a config (with its region's rules in force, see `inForce`) and a record.
 * A decision is in force when unexpired, made on today's policy versions and categories, and
 * made under rules no less strict than today's (a notice decision does not count under opt-in).
 * A refusal stays a refusal whatever the reason the decision is not in force.
 */
export function snapshot(config: ResolvedConfig, r: DecisionRecord | undefined, s: Situation): ConsentState {
  const t = s.now;
  const optional = config.categories.filter((c) => !c.required);
  // A decision from the future (beyond a day of clock skew: the clock was set back) is not in force.
  const reason: DueReason = !r ? 'none' : r.source === 'reset' ? 'withdrawn' : lapse(config, r) <= t || r.decidedAt > t + DAY ? 'expired' : undefined;
  const revised = reason ? [] : config.policies.filter((p) => r!.policies[p.id] !== p.version).map((p) => p.id);
  const due = reason ?? (revised.length ? 'revised' : optional.some((c) => !(c.id in r!.categories)) ? 'new-category'
    // A record from before regions were kept was made under the config's own mode.
    : stricter(config.mode, r!.mode || config.raw.mode || 'opt-in') ? 'stricter' : undefined);
  const d = due ? undefined : r;
  const gpc = config.gpc.length > 0 && s.gpc;
  // Without a prototype: `categories.toString` is no category (and no grant).
  const categories: Record<string, boolean> = Object.create(null);
  for (const c of config.categories) {
    const id = c.id;
    // A refusal stays a refusal, in every mode, after a revision, a lapse or a move, until an explicit yes.
    // Global Privacy Control refuses its categories until an explicit yes; outside opt-in mode,
    // only a yes given while the signal was on.
    categories[id] = c.required || (r?.categories[id] !== false
      && !(gpc && config.gpc.includes(id) && !(d?.categories[id] && (config.mode === 'opt-in' || d.gpc?.includes(id))))
      && (d ? d.categories[id] === true : config.mode !== 'opt-in'));
  }
  return freeze({
    decided: !!d,
    categories: freeze(categories),
    policies: freeze(Object.assign(Object.create(null), d?.policies)),
    id: d?.id ?? null,
    decidedAt: iso(d?.decidedAt),
    expiresAt: iso(d && lapse(config, d)),
    source: d?.source ?? null,
    language: d?.language ?? null,
    reason: due,
    revised: freeze(revised),
    gpc,
    storage: s.storage,
    region: s.region ?? null,
    mode: config.mode,
  });
}
