/**
 * The stored decision: a compact, versioned string that fits a cookie.
 *
  *   1|<uuid>|<decidedAt>|<expiresAt>|<source>|<lang>|<id>:1+<id>:2+<id>:0|<policy>:<version>+…|<region>|<mode>|<writtenAt>|<fingerprint>
  *
  * Times are milliseconds in base 36; a category is 1 (granted), 2 (granted while Global
  * Privacy Control was on) or 0 (refused). Separators are characters that js-cookie keeps as
  * they are, so the cookie stays short. A record outlives its decision: once `expiresAt` has
  * passed the decision no longer applies, but its refusals do, for as long as the record is
  * there, whatever its age (the store writes a record holding a refusal again once a day, with
  * `writtenAt`, so that browsers keep it while the visitor keeps coming back); a record from the
  * future (a clock set back) keeps its refusals, and the store grants nothing from it. Decoding
  * never throws; anything malformed, tampered or oversized is `undefined`.
  *
  * The region (empty while unknown) and the mode the decision was made under came later, and
  * `writtenAt` (when the record was last written, if not at `decidedAt`) later still: a record
  * without them stays valid. The fingerprint (up to 7 base-36 digits, see `fingerprint` in reader.ts: the
  * config the record was last written under, which passed the config check) came last; `writtenAt`
  * is then empty when the record was not written again. A record without one is read as before:
  * only the reader of decided visitors (reader.ts) leaves it to the full store.
 */
import type { Mode, Source } from './types.js';
import { MODES, SOURCES } from './vocab.js';

/** A language tag cut at a subtag boundary to at most `max` characters (one cut: a 20 KB `<html lang>` took a second subtag by subtag). */
export const cutTag = (tag: string, max: number): string => (tag.length > max ? tag.slice(0, max + 1).replace(/-?[^-]*$/, '') : tag);

/** The schema version written into every record. */
export const SCHEMA = '1';
/** Longest value accepted from storage; browsers keep about 4096 bytes a cookie. */
export const MAX_RECORD = 3800;
/**
 * How long a record is in its cookie: js-cookie writes each `%` of it (the escaped policy
 * versions) as `%25` and every other character of a record as it is. At most `MAX_RECORD`.
 */
export const inCookie = (record: string): number => record.length + 2 * (record.split('%').length - 1);
/** Days a record (and the refusals in it) is kept: browsers keep a cookie at most 400 days. */
export const KEEP_DAYS = 400;

/** The whole record: schema, uuid, two base-36 times, source, language, categories, policies. */
const RECORD = new RegExp(`^${SCHEMA}\\|([\\da-f]{8}(?:-[\\da-f]{4}){3}-[\\da-f]{12})\\|([\\da-z]{1,11})\\|([\\da-z]{1,11})\\|(${SOURCES.join('|')})\\|([a-zA-Z]{0,3}(?:-[a-zA-Z\\d]{1,8})*)\\|([^|]*)\\|([^|]*)(?:\\|((?:[A-Z]{2}(?:-[A-Z\\d]{1,3})?)?)\\|(${MODES.join('|')})(?:\\|([\\da-z]{0,11})(?:\\|([\\da-z]{1,7}))?)?)?$`);
/** One `id:value` pair. */
const PAIR = /^([A-Za-z][\w-]{0,31}):([^]*)$/;

/** A decision as stored. Maps have no prototype, so `__proto__` & co. are plain keys. */
export interface DecisionRecord {
  id: string;
  decidedAt: number;
  expiresAt: number;
  source: Source;
  language: string;
  categories: Record<string, boolean>;
  policies: Record<string, string>;
  /** Granted categories whose yes was given while Global Privacy Control was on. */
  gpc?: string[];
  /** Where the visitor was (`DE`, `US-CA`; empty: unknown) and the mode in force when they decided. */
  region?: string;
  mode?: Mode;
  /** When the record was last written, if later than `decidedAt` (the same decision, written again to keep it). */
  writtenAt?: number;
  /** The fingerprint of the config the record was last written under (`fingerprint` of reader.ts). */
  fingerprint?: string;
}

/** Serialises a record for storage. */
export function encodeRecord(r: DecisionRecord): string {
  const join = <T>(o: Record<string, T>, f: (v: T, k: string) => string | number) => Object.entries(o).map(([k, v]) => k + ':' + f(v, k)).join('+');
  return [SCHEMA, r.id, r.decidedAt.toString(36), r.expiresAt.toString(36), r.source, r.language, join(r.categories, (v, k) => (v ? (r.gpc?.includes(k) ? 2 : 1) : 0)), join(r.policies, encodeURIComponent), ...(r.mode ? [r.region ?? '', r.mode, ...(r.writtenAt || r.fingerprint ? [r.writtenAt ? r.writtenAt.toString(36) : '', ...(r.fingerprint ? [r.fingerprint] : [])] : [])] : [])].join('|');
}

/** Splits `a:x+b:y` into a prototype-free map, or undefined if any part is malformed. */
function pairs<T>(s: string, value: (v: string, key: string) => T | undefined): Record<string, T> | undefined {
  const out: Record<string, T> = Object.create(null);
  for (const part of s ? s.split('+') : []) {
    const [, key, v] = PAIR.exec(part) ?? [];
    const x = key === undefined || key in out ? undefined : value(v!, key);
    if (x === undefined) return undefined;
    out[key!] = x;
  }
  return out;
}

/**
 * Reads a stored record. Returns `undefined` for anything that is not a well-formed record
 * of this schema — never throws. The decision in it may have lapsed (`expiresAt <= now`, or
 * older than `KEEP_DAYS`): its refusals still hold, however old it is.
 */
export function decodeRecord(value: unknown, _now?: number): DecisionRecord | undefined {
  const m = typeof value === 'string' && value.length <= MAX_RECORD && RECORD.exec(value);
  if (!m) return undefined;
  const [, id, d, e, source, language, cats, pols, region, mode, w, fingerprint] = m as unknown as string[];
  const decidedAt = parseInt(d!, 36);
  const expiresAt = parseInt(e!, 36);
  // One from the future (the clock was set back) is read: its refusals hold, and the store grants nothing from it.
  // (An empty `writtenAt` only stands before a fingerprint.)
  if (!(expiresAt >= decidedAt) || (w === '' && !fingerprint)) return undefined;
  const gpc: string[] = [];
  const categories = pairs(cats!, (v, k) => (v === '0' ? false : v === '1' || (v === '2' && gpc.push(k) > 0) || undefined));
  const policies = pairs(pols!, (v) => {
    try {
      const s = decodeURIComponent(v);
      // 64 characters as the config check counts them (code points: an emoji is one).
      return s !== '' && [...s].length <= 64 ? s : undefined;
    } catch {
      return undefined;
    }
  });
  return categories && policies && { id: id!, decidedAt, expiresAt, source: source as Source, language: language!, categories, policies, gpc, region: region || undefined, mode: mode as Mode | undefined, ...(w && { writtenAt: parseInt(w, 36) }), ...(fingerprint && { fingerprint }) };
}

/** The newest decision among stored values (every copy of the cookie, another tab's message), or undefined. */
export function newest(values: readonly (string | undefined)[], now: number): DecisionRecord | undefined {
  let record: DecisionRecord | undefined;
  for (const v of values) {
    const r = decodeRecord(v, now);
    if (r && !(record && record.decidedAt >= r.decidedAt)) record = r;
  }
  return record;
}
