/**
 * The reader of decided visitors: the consent state in force, computed from the config as the
 * page gives it and the stored record, with no config check, no words, no writer. A returning
 * visitor whose decision is current needs nothing more; everyone else (no record, a record made
 * under another config, a lapsed or revised decision, a region still to be asked for, anything
 * odd) gets `undefined` and runs the full store (store.ts), which checks the config first.
 *
 * Why this is safe without the config check: the full store writes, into every record, the
 * `fingerprint` of the config it was running, and it only runs a config that passed the check.
 * The reader answers only when the record's fingerprint is that of the config on the page now,
 * that is, for a config that passed the check. For the case where it did not (a cookie written by
 * hand, or by a sibling site of the domain, carrying the fingerprint of an invalid config), the
 * reader fails closed: it reads only configs whose shape it understands (categories and policies
 * as objects with valid ids, modes, gpc and expiry as the check allows), and otherwise returns
 * `undefined`; and what it grants is what `snapshot` (state.ts) grants, the same function the full
 * store and `readConsent` use: categories the config names, which the record says yes to.
 */
import { ID, MODES } from './vocab.js';
import { inRegion, type Regional } from './regional.js';
import { decodeRecord, newest } from './record.js';
import { DAY, regionCode, snapshot } from './state.js';
import type { Category, ConsentState, Mode, Policy, ResolvedConfig } from './types.js';
import { fingerprint } from './fingerprint.js';

export { fingerprint };

/**
 * Every value of the cookie `names` (a name, or several: the name and its former names) in a
 * `Cookie` header or `document.cookie`, in the order they stand there (several when paths or
 * domains differ), read as js-cookie reads them.
 */
export function cookieValues(header: string | null | undefined, names: string | readonly string[]): string[] {
  const out: string[] = [];
  const wanted = ([] as string[]).concat(names);
  for (const part of (header ?? '').split(/;\s*/)) {
    const at = part.indexOf('=');
    try {
      if (at > 0 && wanted.includes(decodeURIComponent(part.slice(0, at).trim()))) {
        const v = part.slice(at + 1);
        out.push((v[0] == '"' ? v.slice(1, -1) : v).replace(/(%[\dA-F]{2})+/gi, decodeURIComponent));
      }
    } catch {
      // A malformed name or value is no decision.
    }
  }
  return out;
}

/** What the situation holds besides the config and the cookies. */
export interface ReaderEnv {
  /** The clock, in milliseconds. */
  now: number;
  /** The visitor's region as given (the drop-in's `data-region`); else the config's `region`. */
  region?: string;
  /** Global Privacy Control is on (`navigator.globalPrivacyControl === true`). */
  gpc: boolean;
  /** `fingerprint(input)`, when the caller has it already (the drop-in's reader looks it up first): not computed again. */
  fingerprint?: string;
}

type Obj = Record<string, unknown>;
type Rules = Pick<ResolvedConfig, 'mode' | 'gpc' | 'expiry'>;
const isObj = (v: unknown): v is Obj => typeof v == 'object' && v !== null && !Array.isArray(v);

/**
 * The config's rules as the config check resolves them (mode, gpc, expiry; a region's rules with
 * `regions`), for the categories and policies `snapshot` reads; undefined for a shape the check
 * would not let through, or when the region must first be asked for (`regionEndpoint`).
 */
function resolve(c: Obj, region: string | undefined, regional: Regional | undefined): ResolvedConfig | undefined {
  const cats = c.categories;
  const pols = c.policies ?? {};
  if (!isObj(cats) || !isObj(pols)) return;
  const categories: Pick<Category, 'id' | 'required'>[] = [];
  const policies: Pick<Policy, 'id' | 'version'>[] = [];
  for (const [id, x] of Object.entries(cats)) {
    const required = isObj(x) ? x.required ?? false : 0;
    if (!ID.test(id) || typeof required != 'boolean') return;
    categories.push({ id, required });
  }
  for (const [id, x] of Object.entries(pols)) {
    const version = isObj(x) ? x.version : 0;
    if (!ID.test(id) || !(typeof version == 'string' || typeof version == 'number')) return;
    policies.push({ id, version: String(version) });
  }
  const optional = categories.filter((x) => !x.required).map((x) => x.id);
  const days = (v: unknown, def: number) => (v ??= def, typeof v == 'number' && v > 0 && v <= 3650 ? v : NaN);
  const gpcOf = (v: unknown) => (v === true ? optional.filter((x) => x == 'marketing') : !v ? [] : Array.isArray(v) && v.every((x) => optional.includes(x)) ? v as string[] : undefined);
  /** Rules over `base`: what `r` sets wins; `rejectDays` unset everywhere is its mode's default (12 months in opt-out, the CCPA). */
  const rules = (r: unknown, base: Rules | undefined): Rules | undefined => {
    if (!isObj(r) || !(r.expiry == null || isObj(r.expiry))) return;
    const e = (r.expiry ?? {}) as Obj;
    const mode = (r.mode ?? base?.mode ?? 'opt-in') as Mode;
    const gpc = r.gpc == null && base ? base.gpc : gpcOf(r.gpc ?? true);
    const rejectDays = (c.expiry as Obj | undefined)?.rejectDays === undefined && e.rejectDays == null ? (mode == 'opt-out' ? 365 : base ? 182 : undefined) : undefined;
    const expiry = { acceptDays: days(e.acceptDays, base?.expiry.acceptDays ?? 365), rejectDays: days(rejectDays ?? e.rejectDays, base?.expiry.rejectDays ?? 182) };
    return MODES.includes(mode) && gpc && expiry.acceptDays && expiry.rejectDays ? { mode, gpc, expiry } : undefined;
  };
  const top = rules(c, undefined);
  // With `regions`: the region's rules (regional.ts); without `regional` to find them, no answer (the full store decides).
  const own = c.regions ? regional?.(c, region, top, rules) : top;
  return own && ({ ...own, categories, policies, raw: c } as unknown as ResolvedConfig);
}

/**
 * The consent state of a visitor whose decision is current, without the full store: the state
 * the full store (`createStore`) would give on this page view, or `undefined` ("run the full
 * store") when there is no record, none readable, none written under this config (its
 * fingerprint differs or is missing), the decision is not in force (lapsed, revised, a new
 * category, a stricter mode, withdrawn), the record is due to be written again (one holding a
 * refusal, once a day), the region must be asked for, or anything in the config is not as the
 * config check leaves it. Never throws.
 *
 * @param input the config as the page gives it (the parsed `data-config`)
 * @param values every copy of the consent cookie as read (its name and former names), see `cookieValues`
 * @example
 * const state = readDecided(config, cookieValues(document.cookie, 'consent'), { now: Date.now(), gpc: navigator.globalPrivacyControl === true })
 * if (state?.categories.analytics) loadAnalytics()
 * @returns a frozen snapshot with `decided: true`, as `consent.get()` gives it; or undefined
 */
export function readDecided(input: unknown, values: readonly (string | undefined)[], env: ReaderEnv): ConsentState | undefined {
  return readWith(inRegion, input, values, env);
}

/**
 * `readDecided` with the rules of regions found by `regional` (regional.ts `inRegion`): the drop-in's reader has it from
 * the regions chunk, for a config with `regions` only. Without it, a config with `regions` has no answer (`undefined`).
 */
export function readWith(regional: Regional | undefined, input: unknown, values: readonly (string | undefined)[], env: ReaderEnv): ConsentState | undefined {
  try {
    const now = env.now;
    const record = newest(values, now);
    // Two different copies decided at the same time: which one the full store takes depends on the order it reads them in.
    if (!record || new Set(values.filter((v) => decodeRecord(v)?.decidedAt === record.decidedAt)).size > 1) return;
    if (!isObj(input) || record.fingerprint !== (env.fingerprint ?? fingerprint(input))) return;
    // A record holding a refusal is written again once a day, so that it lasts: the full store does that.
    if (Object.values(record.categories).includes(false) && now - (record.writtenAt ?? record.decidedAt) >= DAY) return;
    const region = regionCode(env.region) ?? regionCode(input.region);
    const config = resolve(input, region, regional);
    const state = config && snapshot(config, record, { now, gpc: env.gpc === true, storage: 'cookie', region });
    return state?.decided ? state : undefined;
  } catch {
    return undefined;
  }
}
