/**
 * Writing decisions: the record a decision makes, the record taken from what storage holds (the
 * newest, with the refusals this page holds kept), and a record written again. Pure: what to write
 * is returned, the store (store.ts) writes it. No DOM here.
 */
import { LANG_CODE } from './config.js';
import { cutTag, encodeRecord, inCookie, MAX_RECORD, newest, type DecisionRecord } from './record.js';
import { DAY, lifetime } from './state.js';
import { uuid } from './uuid.js';
import type { ConsentState, Mode, ResolvedConfig, Source } from './types.js';

/** Does the record refuse anything? */
export const refuses = (r: DecisionRecord | undefined): r is DecisionRecord => !!r && Object.values(r.categories).includes(false);

/**
 * The record `r` encoded again as it is, written at `now` under the config fingerprint `print`
 * (a record without a mode gets `mode`); undefined when it would not fit its cookie.
 */
export function encodeAgain(r: DecisionRecord, now: number, mode: Mode | undefined, print: string): string | undefined {
  const value = encodeRecord({ ...r, writtenAt: now, mode: r.mode || mode || 'opt-in', fingerprint: print || undefined });
  return inCookie(value) <= MAX_RECORD ? value : undefined;
}

/**
 * The record in force after a read of `values` (every copy in storage, another tab's message): the
 * newest decision among them. A read that finds none, or only an older one (another script deleted
 * the cookie, cookies were switched off, a stale copy is left), keeps the refusals of `held` (the
 * record this page holds, which gains the refusals of what was found), unless `held` is from the
 * future (the clock was set back more than a second: the older one may be newer). `write`: the
 * record is to be written back (it was kept, or it holds a refusal last written a day ago or more).
 */
export function adoptStored(held: DecisionRecord | undefined, values: readonly (string | undefined)[], now: () => number): { record: DecisionRecord | undefined; write: boolean } {
  const found = newest(values, now());
  if (refuses(held) && (!found || (found.decidedAt < held.decidedAt && held.decidedAt < now() + 1e3))) {
    for (const id in found?.categories) if (!found.categories[id]) held.categories[id] = false;
    return { record: held, write: true };
  }
  return { record: found, write: refuses(found) && now() - (found.writtenAt ?? found.decidedAt) >= DAY };
}

/** What a decision is made under, besides what was chosen. */
export interface DecisionContext {
  /** The config as checked (its categories, policies, language). */
  config: ResolvedConfig;
  /** The config with the region's rules in force (its mode and lifetimes). */
  rules: ResolvedConfig;
  /** The record in force before this decision. */
  record: DecisionRecord | undefined;
  /** The state before this decision (its `reason`: after a lapse or a withdrawal the consent id is new). */
  state: ConsentState;
  /** The clock, in milliseconds. */
  now: number;
  /** Global Privacy Control is on and honoured. */
  gpc: boolean;
  region: string | undefined;
  /** The checked config's fingerprint. */
  print: string;
}

/**
 * The record of a decision: `choices` for every optional category (unnamed ones refused), all said
 * now, or with `only`, only that one (what else it grants was carried from the decision in force).
 * A `reset` is a withdrawal: every category refused, expired at once. Refusals already recorded are
 * kept, also of categories this config no longer has; those go (the oldest first, as few as needed)
 * only when the record would not fit its cookie.
 * @returns the record, its encoded `value`, and `keep`: the days the decision lasts
 */
export function decisionRecord(choices: Record<string, boolean>, source: Source, only: string | undefined, x: DecisionContext): { record: DecisionRecord; value: string; keep: number } {
  const { config, record } = x;
  const optional = config.categories.filter((c) => !c.required);
  // Each decision later than the one before (two in one millisecond are two decisions, two receipts).
  let t = x.now;
  if (record && record.decidedAt >= t && record.decidedAt - t < 1e3) t = record.decidedAt + 1;
  const categories: Record<string, boolean> = Object.create(null);
  for (const id in record?.categories) if (!record.categories[id]) categories[id] = false;
  for (const c of optional) categories[c.id] = choices[c.id] === true;
  const keep = lifetime(x.rules, optional.some((c) => categories[c.id]));
  // The language recorded: the configured one, else `<html lang>`, else the browser's.
  let language = config.language;
  if (language === 'auto') language = (typeof document !== 'undefined' && document.documentElement.lang) || (typeof navigator !== 'undefined' && navigator.language) || '';
  const next: DecisionRecord = {
    // A change (also after a policy revision) keeps the consent id; after a lapse or a withdrawal it is new.
    id: (!/^[ew]/.test(x.state.reason!) && record?.id) || uuid(),
    decidedAt: t,
    expiresAt: source === 'reset' ? t : t + DAY * keep,
    source,
    // At most 35 characters (the longest tag in use), so that the record always fits its cookie.
    language: LANG_CODE.test(language) ? cutTag(language.toLowerCase(), 35) : '',
    categories,
    policies: Object.fromEntries(config.policies.map((p) => [p.id, p.version])),
    // Which yes was given while Global Privacy Control was on: a carried one keeps its own mark.
    gpc: optional.filter((c) => categories[c.id] && (only && only !== c.id ? record?.gpc?.includes(c.id) : x.gpc)).map((c) => c.id),
    region: x.region,
    mode: x.rules.mode,
    fingerprint: x.print || undefined,
  };
  let value = encodeRecord(next);
  // Refusals of categories this config lacks go when the record would not fit its cookie (as the cookie holds it).
  for (const id in categories) {
    if (inCookie(value) > MAX_RECORD && !optional.some((c) => c.id == id)) {
      delete categories[id];
      value = encodeRecord(next);
    }
  }
  return { record: next, value, keep };
}
