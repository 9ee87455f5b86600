/**
 * A compact reader of TC strings (IAB TCF v2): the core segment and the disclosed-vendors,
 * allowed-vendors and publisher segments, field by field as the "Consent string and vendor list
 * formats v2" specification lays them out. It is what a return visit needs to answer the CMP API
 * from the stored string (a few hundred bytes, where IAB's `@iabtechlabtcf/core` is some 9 KB),
 * what the receipts server checks a receipt's `tcString` with, and what the debug panel shows.
 * No DOM, no Node, no IAB code.
 *
 * It is stricter than IAB's decoder: a string it reads is one IAB's `TCString.decode` reads to the
 * same values (tests/unit/tcf-decode.property.test.ts), but it also refuses what only a garbled
 * string has: a version other than 2, a segment twice or out of place, a vendor range running
 * backwards or past its maximum, letters outside A–Z, bits set in the padding.
 */
import { POLICY_VERSION } from './config.js';

/** The longest TC string read (characters): about 48,000 vendor bits, far beyond any real list. */
export const MAX_TC_STRING = 8192;

/** A TC string read back. Id lists are ascending; `restrictions` keep the string's order. */
export interface TcFields {
  version: number;
  /** Times as epoch milliseconds (the string keeps deciseconds). */
  created: number;
  lastUpdated: number;
  cmpId: number;
  cmpVersion: number;
  consentScreen: number;
  consentLanguage: string;
  vendorListVersion: number;
  policyVersion: number;
  isServiceSpecific: boolean;
  useNonStandardTexts: boolean;
  specialFeatureOptins: number[];
  purposeConsents: number[];
  purposeLegitimateInterests: number[];
  purposeOneTreatment: boolean;
  publisherCountryCode: string;
  vendorConsents: number[];
  vendorLegitimateInterests: number[];
  /** Publisher restrictions: `[purpose, restriction type, vendors]`, one entry per purpose and type. */
  restrictions: [purpose: number, type: number, vendors: number[]][];
  /** The disclosed-vendors segment (undefined without one). */
  vendorsDisclosed?: number[];
  /** The allowed-vendors segment (undefined without one). */
  vendorsAllowed?: number[];
  publisherConsents: number[];
  publisherLegitimateInterests: number[];
  publisherCustomConsents: number[];
  publisherCustomLegitimateInterests: number[];
}

/** Thrown for a string that is not a TC string; `message` says where it went wrong. */
export class TcStringError extends Error {}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEGMENTS = ['a core', 'a disclosed-vendors', 'an allowed-vendors', 'a publisher'];

/** Reads bits of one segment, in order; running past its end throws. */
function reader(segment: string) {
  if (!/^[\w-]+$/.test(segment)) throw new TcStringError('not base64url');
  let bits = '';
  for (const c of segment) bits += B64.indexOf(c).toString(2).padStart(6, '0');
  let at = 0;
  const int = (n: number): number => {
    if (at + n > bits.length) throw new TcStringError('cut short');
    return parseInt(bits.slice(at, (at += n)), 2);
  };
  /** The ids whose bit is set among the next `n` bits (ids 1…n). */
  const field = (n: number): number[] => {
    const out: number[] = [];
    for (let id = 1; id <= n; id++) if (int(1)) out.push(id);
    return out;
  };
  /** Ids given as ranges: a count, then single ids or first–last pairs, each within 1…max. */
  const ranges = (max: number, into: (first: number, last: number) => void) => {
    for (let n = int(12); n--;) {
      const range = int(1);
      const first = int(16);
      const last = range ? int(16) : first;
      if (first < 1 || last < first || last > max) throw new TcStringError(`vendor range ${first}-${last} outside 1-${max}`);
      into(first, last);
    }
  };
  /** A vendor list: its maximum id, then a bitfield or ranges. */
  const vendors = (): number[] => {
    const max = int(16);
    if (!int(1)) return field(max);
    const set = new Set<number>();
    ranges(max, (a, b) => { while (a <= b) set.add(a++); });
    return [...set].sort((a, b) => a - b);
  };
  const letters = (): string => {
    const a = int(6);
    const b = int(6);
    if (a > 25 || b > 25) throw new TcStringError('letters outside A-Z');
    return String.fromCharCode(65 + a, 65 + b);
  };
  /** Checks that only zero padding is left (fewer bits than a base64 group of 24, plus a character). */
  const end = () => {
    if (bits.length - at >= 30 || /1/.test(bits.slice(at))) throw new TcStringError('bits left over');
  };
  return { int, field, ranges, vendors, letters, end };
}

/**
 * Reads a TC string (v2) to its fields.
 *
 * @example readTcString(tcData.tcString).vendorConsents // [21, 32, 755]
 * @returns the fields; throws a `TcStringError` for anything that is not a v2 TC string.
 */
export function readTcString(tc: string): TcFields {
  if (typeof tc != 'string' || !tc || tc.length > MAX_TC_STRING) throw new TcStringError(`expected 1 to ${MAX_TC_STRING} characters`);
  const [core, ...rest] = tc.split('.');
  const r = reader(core!);
  const version = r.int(6);
  if (version !== 2) throw new TcStringError(`version ${version}, expected 2`);
  const out = {
    version,
    created: r.int(36) * 100,
    lastUpdated: r.int(36) * 100,
    cmpId: r.int(12),
    cmpVersion: r.int(12),
    consentScreen: r.int(6),
    consentLanguage: r.letters(),
    vendorListVersion: r.int(12),
    policyVersion: r.int(6),
    isServiceSpecific: !!r.int(1),
    useNonStandardTexts: !!r.int(1),
    specialFeatureOptins: r.field(12),
    purposeConsents: r.field(24),
    purposeLegitimateInterests: r.field(24),
    purposeOneTreatment: !!r.int(1),
    publisherCountryCode: r.letters(),
    vendorConsents: r.vendors(),
    vendorLegitimateInterests: r.vendors(),
    restrictions: [] as TcFields['restrictions'],
    publisherConsents: [] as number[],
    publisherLegitimateInterests: [] as number[],
    publisherCustomConsents: [] as number[],
    publisherCustomLegitimateInterests: [] as number[],
  } as TcFields;
  for (let n = r.int(12); n--;) {
    const purpose = r.int(6);
    const type = r.int(2);
    const vendors: number[] = [];
    r.ranges(65535, (a, b) => { while (a <= b) vendors.push(a++); });
    out.restrictions.push([purpose, type, vendors]);
  }
  r.end();
  const seen = new Set<number>();
  for (const segment of rest) {
    const s = reader(segment);
    const type = s.int(3);
    if (!type || type > 3 || seen.has(type)) throw new TcStringError(`${SEGMENTS[type] ?? 'an unknown'} segment (type ${type}) out of place`);
    seen.add(type);
    if (type === 3) {
      out.publisherConsents = s.field(24);
      out.publisherLegitimateInterests = s.field(24);
      const custom = s.int(6);
      out.publisherCustomConsents = s.field(custom);
      out.publisherCustomLegitimateInterests = s.field(custom);
    } else {
      out[type === 1 ? 'vendorsDisclosed' : 'vendorsAllowed'] = s.vendors();
    }
    s.end();
  }
  return out;
}

/** Reads a TC string, or gives undefined for anything that is not one (never throws). */
export function tryTcString(tc: unknown): TcFields | undefined {
  try { return readTcString(tc as string); } catch { return undefined; }
}

/** What a stored string says about itself, for "ask again?": its policy version and the vendors it disclosed. */
export function describe(tcString: string): { policyVersion: number; disclosed: Set<number> } | undefined {
  const m = tryTcString(tcString);
  return m && { policyVersion: m.policyVersion, disclosed: new Set(m.vendorsDisclosed) };
}

/**
 * Must the visitor be asked again? Yes when the string cannot be read, was written under another
 * TCF policy version than this CMP's (5), or did not disclose a vendor the config now lists.
 *
 * @example isStale(stored.tc, tcf.vendors) // false: the stored string still holds
 */
export function isStale(tcString: string, vendors: readonly number[]): boolean {
  const d = describe(tcString);
  return !d || d.policyVersion !== POLICY_VERSION || vendors.some((v) => !d.disclosed.has(v));
}
