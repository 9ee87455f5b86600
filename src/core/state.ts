/**
 * The consent state as a pure function of the config, the stored record and the situation
 * (clock, Global Privacy Control, region): what `consent.get()` returns in a browser and
 * `readConsent()` returns on a server. No DOM here.
 */
import { REGION, stricter } from './modes.js';
import type { DecisionRecord } from './record.js';
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

/** How long a decision lasts under `config`: consents longer than refusals. */
export const lifetime = (config: ResolvedConfig, granted: boolean): number => config.expiry[granted ? 'acceptDays' : 'rejectDays'];

/** Did the record grant any optional category? */
const grants = (config: ResolvedConfig, r: DecisionRecord) => config.categories.some((c) => !c.required && r.categories[c.id]);

/** When a record lapses: its own expiry, capped by the lifetime configured today. */
export const lapse = (config: ResolvedConfig, r: DecisionRecord): number =>
  Math.min(r.expiresAt, r.decidedAt + DAY * lifetime(config, grants(config, r)));

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
 * A decision is current when unexpired, made on today's policy versions and categories, and
 * made under rules no less strict than today's (a notice decision does not count under opt-in).
 */
export function snapshot(config: ResolvedConfig, record: DecisionRecord | undefined, s: Situation): ConsentState {
  let reason: DueReason;
  let r = record;
  if (r && lapse(config, r) <= s.now) { r = undefined; reason = 'expired'; }
  const revised = config.policies.filter((p) => r && r.policies[p.id] !== p.version).map((p) => p.id);
  if (!r) reason ??= 'none';
  else if (revised.length) reason = 'revised';
  else if (config.categories.some((c) => !c.required && !(c.id in r!.categories))) reason = 'new-category';
  // A record from before regions were kept was made under the config's own mode.
  else if (stricter(config.mode, r.mode || config.raw.mode || 'opt-in')) reason = 'stricter';
  const d = reason ? undefined : r;
  // Global Privacy Control refuses its categories until an explicit yes.
  const gpc = config.gpc.length > 0 && s.gpc;
  const categories: Record<string, boolean> = {};
  for (const c of config.categories) {
    categories[c.id] = c.required || (d ? d.categories[c.id] === true : config.mode !== 'opt-in' && !(gpc && config.gpc.includes(c.id)));
  }
  return freeze({
    decided: !!d,
    categories: freeze(categories),
    policies: freeze({ ...d?.policies }),
    id: d?.id ?? null,
    decidedAt: iso(d?.decidedAt),
    expiresAt: iso(d && lapse(config, d)),
    source: d?.source ?? null,
    language: d?.language ?? null,
    reason,
    revised: freeze(revised),
    gpc,
    storage: s.storage,
    region: s.region ?? null,
    mode: config.mode,
  });
}
