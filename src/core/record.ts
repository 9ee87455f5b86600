/**
 * The stored decision: a compact, versioned string that fits a cookie.
 *
 *   1|<uuid>|<decidedAt>|<expiresAt>|<source>|<lang>|<id>:1+<id>:0|<policy>:<version>+…|<region>|<mode>
 *
 * The region (empty while unknown) and the mode the decision was made under came later: a
 * record without them stays valid.
 * Times are milliseconds in base 36. Separators are characters that
 * js-cookie keeps as they are, so the cookie stays short. Decoding never
 * throws; anything malformed, tampered, oversized or expired is `undefined`.
 */
import type { Mode, Source } from './types.js';

/** The schema version written into every record. */
export const SCHEMA = '1';
/** Longest value accepted from storage; browsers keep about 4096 bytes a cookie. */
export const MAX_RECORD = 3800;

const SOURCES: readonly Source[] = ['banner', 'preferences', 'api', 'placeholder', 'action', 'reset'];
/** The whole record: schema, uuid, two base-36 times, source, language, categories, policies. */
const RECORD = new RegExp(`^${SCHEMA}\\|([\\da-f]{8}(?:-[\\da-f]{4}){3}-[\\da-f]{12})\\|([\\da-z]{1,11})\\|([\\da-z]{1,11})\\|(${SOURCES.join('|')})\\|([a-zA-Z]{0,3}(?:-[a-zA-Z\\d]{1,8})*)\\|([^|]*)\\|([^|]*)(?:\\|((?:[A-Z]{2}(?:-[A-Z\\d]{1,3})?)?)\\|(opt-in|opt-out|notice))?$`);
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
  /** Where the visitor was (`DE`, `US-CA`; empty: unknown) and the mode in force when they decided. */
  region?: string;
  mode?: Mode;
}

/** Serialises a record for storage. */
export function encodeRecord(r: DecisionRecord): string {
  const join = <T>(o: Record<string, T>, f: (v: T) => string | number) => Object.entries(o).map(([k, v]) => k + ':' + f(v)).join('+');
  return [SCHEMA, r.id, r.decidedAt.toString(36), r.expiresAt.toString(36), r.source, r.language, join(r.categories, (v) => +v), join(r.policies, encodeURIComponent), ...(r.mode ? [r.region ?? '', r.mode] : [])].join('|');
}

/** Splits `a:x+b:y` into a prototype-free map, or undefined if any part is malformed. */
function pairs<T>(s: string, value: (v: string) => T | undefined): Record<string, T> | undefined {
  const out: Record<string, T> = Object.create(null);
  for (const part of s ? s.split('+') : []) {
    const [, key, v] = PAIR.exec(part) ?? [];
    const x = key === undefined || key in out ? undefined : value(v!);
    if (x === undefined) return undefined;
    out[key!] = x;
  }
  return out;
}

/**
 * Reads a stored record. Returns `undefined` for anything that is not a
 * well-formed, unexpired record of this schema — never throws.
 */
export function decodeRecord(value: unknown, now: number): DecisionRecord | undefined {
  const m = typeof value === 'string' && value.length <= MAX_RECORD && RECORD.exec(value);
  if (!m) return undefined;
  const [, id, d, e, source, language, cats, pols, region, mode] = m as unknown as string[];
  const decidedAt = parseInt(d!, 36);
  const expiresAt = parseInt(e!, 36);
  // A decision from the future (beyond a day of clock skew) or already lapsed is no decision.
  if (!(decidedAt <= now + 864e5 && expiresAt > now && expiresAt > decidedAt)) return undefined;
  const categories = pairs(cats!, (v) => (v === '1' ? true : v === '0' ? false : undefined));
  const policies = pairs(pols!, (v) => {
    try {
      const s = decodeURIComponent(v);
      return s !== '' && s.length <= 64 ? s : undefined;
    } catch {
      return undefined;
    }
  });
  return categories && policies && { id: id!, decidedAt, expiresAt, source: source as Source, language: language!, categories, policies, region: region || undefined, mode: mode as Mode | undefined };
}
