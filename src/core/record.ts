/**
 * The stored decision: a compact, versioned string that fits a cookie.
 *
 *   1|<uuid>|<decidedAt>|<expiresAt>|<source>|<lang>|<id>:1+<id>:0|<policy>:<version>+…
 *
 * Times are milliseconds in base 36. Separators are characters that
 * js-cookie keeps as they are, so the cookie stays short. Decoding never
 * throws; anything malformed, tampered, oversized or expired is `undefined`.
 */
import type { Source } from './types';

/** The schema version written into every record. */
export const SCHEMA = '1';
/** Longest value accepted from storage; browsers keep about 4096 bytes a cookie. */
export const MAX_RECORD = 3800;

const SOURCES: readonly Source[] = ['banner', 'preferences', 'api', 'placeholder', 'action', 'reset'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ID = /^[A-Za-z][\w-]{0,31}$/;
const TIME = /^[0-9a-z]{1,11}$/;
const LANG = /^[a-z]{0,3}(-[a-z0-9]{1,8})*$/i;

/** A decision as stored. Maps have no prototype, so `__proto__` & co. are plain keys. */
export interface DecisionRecord {
  id: string;
  decidedAt: number;
  expiresAt: number;
  source: Source;
  language: string;
  categories: Record<string, boolean>;
  policies: Record<string, string>;
}

/** Serialises a record for storage. */
export function encodeRecord(r: DecisionRecord): string {
  const cats = Object.keys(r.categories).map((k) => `${k}:${r.categories[k] ? 1 : 0}`).join('+');
  const pols = Object.keys(r.policies).map((k) => `${k}:${encodeURIComponent(r.policies[k]!)}`).join('+');
  return [SCHEMA, r.id, r.decidedAt.toString(36), r.expiresAt.toString(36), r.source, r.language, cats, pols].join('|');
}

/** Splits `a:x+b:y` into a prototype-free map, or undefined if any part is malformed. */
function pairs(s: string, value: (v: string) => string | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = Object.create(null);
  if (s === '') return out;
  for (const part of s.split('+')) {
    const i = part.indexOf(':');
    const key = part.slice(0, i);
    const v = i > 0 ? value(part.slice(i + 1)) : undefined;
    if (v === undefined || !ID.test(key) || key in out) return undefined;
    out[key] = v;
  }
  return out;
}

/**
 * Reads a stored record. Returns `undefined` for anything that is not a
 * well-formed, unexpired record of this schema — never throws.
 */
export function decodeRecord(value: unknown, now: number): DecisionRecord | undefined {
  if (typeof value !== 'string' || value.length > MAX_RECORD) return undefined;
  const f = value.split('|');
  if (f.length !== 8 || f[0] !== SCHEMA) return undefined;
  const [, id, d, e, source, language, cats, pols] = f as [string, string, string, string, string, string, string, string];
  if (!UUID.test(id) || !TIME.test(d) || !TIME.test(e) || !LANG.test(language)) return undefined;
  if (!(SOURCES as readonly string[]).includes(source)) return undefined;
  const decidedAt = parseInt(d, 36);
  const expiresAt = parseInt(e, 36);
  // A decision from the future (beyond a day of clock skew) or already lapsed is no decision.
  if (!(decidedAt <= now + 864e5 && expiresAt > now && expiresAt > decidedAt)) return undefined;
  const c = pairs(cats, (v) => (v === '1' || v === '0' ? v : undefined));
  const p = pairs(pols, (v) => {
    try {
      const s = decodeURIComponent(v);
      return s !== '' && s.length <= 64 ? s : undefined;
    } catch {
      return undefined;
    }
  });
  if (!c || !p) return undefined;
  const categories: Record<string, boolean> = Object.create(null);
  for (const k in c) categories[k] = c[k] === '1';
  return { id, decidedAt, expiresAt, source: source as Source, language, categories, policies: p };
}
