/**
 * The `tcf` part of a config (IAB TCF v2.3), checked like every other field: each problem names
 * its field (`tcf.cmpId: expected an integer from 2 to 4095 (your CMP id registered with IAB
 * Europe), got 0`). Nothing here touches the DOM; the words are src/iab/words.ts's (this module
 * ships only in the iab build and the `consent-gate/iab` entry, never in the default drop-in).
 */
import { inWords, type IabProblem } from '../words.js';

/** What a site writes under `tcf`. */
export interface TcfConfig {
  /** The CMP id IAB Europe registered for this site's CMP (required; no default: a TC string must carry the site's own). */
  cmpId: number;
  /** The version of the site's CMP, as registered (required). */
  cmpVersion: number;
  /** Global Vendor List ids the site works with. */
  vendors?: number[];
  /** The publisher's country (ISO 3166-1 alpha-2); default `"AA"` (unknown), as the TC string format says. */
  publisherCountryCode?: string;
  /** Where the site's own server serves the Global Vendor List; default `"/consent/gvl"`. */
  gvl?: string;
  /** Category id → the TCF purposes (1–11) it stands for. Default: `analytics` [1, 8, 9, 10], `marketing` [1, 2, 3, 4, 5, 6, 7], `functional` / `preferences` [1, 11] (those the config has). */
  purposes?: Record<string, number[]>;
  /** Category id → the special features (1: precise geolocation, 2: device scanning) its consent opts in to. Default: none. */
  specialFeatures?: Record<string, number[]>;
  /** Purposes the publisher itself processes data for (the TC string's publisher segment), decided by the same categories. */
  publisherPurposes?: number[];
  /** Google Additional Consent (v2) provider ids; TCData's `addtlConsent`. */
  googleVendors?: number[];
}

/** A checked `tcf`: every field filled in. */
export interface ResolvedTcf {
  cmpId: number;
  cmpVersion: number;
  vendors: number[];
  publisherCountryCode: string;
  gvl: string;
  purposes: Record<string, number[]>;
  specialFeatures: Record<string, number[]>;
  publisherPurposes: number[];
  googleVendors: number[];
}

/** The TCF purposes each conventional category id stands for, when `purposes` is not given. */
export const DEFAULT_PURPOSES: Record<string, number[]> = {
  analytics: [1, 8, 9, 10],
  marketing: [1, 2, 3, 4, 5, 6, 7],
  functional: [1, 11],
  preferences: [1, 11],
};

/** The TCF policy version this CMP implements (TCF v2.3). */
export const POLICY_VERSION = 5;
/** TCF purposes are numbered 1–11, special features 1–2. */
export const PURPOSE_COUNT = 11;
export const SPECIAL_FEATURE_COUNT = 2;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown, lo: number, hi: number) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
/** Only http(s) or relative URLs: nothing that would run (`javascript:`) or reach another scheme. */
const isUrl = (v: unknown) => typeof v === 'string' && v !== '' && !/[\s<>"]/.test(v) && (/^https?:\/\//i.test(v) || !/^[a-z][a-z\d+.-]*:/i.test(v));

const FIELDS = ['cmpId', 'cmpVersion', 'vendors', 'publisherCountryCode', 'gvl', 'purposes', 'specialFeatures', 'publisherPurposes', 'googleVendors'];

/**
 * Checks `tcf` against the config's category ids (the optional ones may carry purposes), reporting
 * problems as compact data (their words are words.ts's: the iab tag ships without them).
 *
 * @example validateTcf({ cmpId: 0, cmpVersion: 1 }, ['analytics']).problems // [['tcf.cmpId', 'cmpId', 0]]
 * @returns the resolved `tcf`, or the problems (one per field), never both
 */
export function validateTcf(input: unknown, optional: readonly string[]): { tcf?: ResolvedTcf; problems: IabProblem[] } {
  const problems: IabProblem[] = [];
  const fail = (path: string, want: IabProblem[1], got: unknown, known?: readonly string[]) => void problems.push([`tcf${path}`, want, got, ...(known ? [known] : [])] as IabProblem);
  if (!isObj(input)) {
    fail('', 'tcf', input);
    return { problems };
  }
  for (const k of Object.keys(input)) if (!FIELDS.includes(k)) fail('.' + k, 'key', k);
  const need = (k: 'cmpId' | 'cmpVersion', lo: number) => {
    if (!int(input[k], lo, 4095)) fail('.' + k, k, input[k]);
  };
  need('cmpId', 2);
  need('cmpVersion', 1);
  /** A list of integers in [lo, hi], each checked; undefined → the default. */
  const ids = (v: unknown, path: string, hi: number, def: number[] = []): number[] => {
    if (v === undefined) return def;
    if (!Array.isArray(v)) return fail(path, 'ids', v), def;
    v.forEach((x, i) => { if (!int(x, 1, hi)) fail(`${path}[${i}]`, `1-${hi}`, x); });
    return [...new Set(v as number[])].sort((a, b) => a - b);
  };
  const vendors = ids(input.vendors, '.vendors', 65535);
  const googleVendors = ids(input.googleVendors, '.googleVendors', 65535);
  const publisherPurposes = ids(input.publisherPurposes, '.publisherPurposes', PURPOSE_COUNT);
  const cc = input.publisherCountryCode ?? 'AA';
  if (typeof cc !== 'string' || !/^[a-z]{2}$/i.test(cc)) fail('.publisherCountryCode', 'country', cc);
  const gvl = input.gvl ?? '/consent/gvl';
  if (!isUrl(gvl)) fail('.gvl', 'url', gvl);
  /** category id → ids; keys must be optional categories of the config. */
  const byCategory = (v: unknown, path: string, hi: number, def: Record<string, number[]>) => {
    if (v === undefined) return Object.fromEntries(Object.entries(def).filter(([k]) => optional.includes(k)));
    if (!isObj(v)) return fail(path, 'byCategory', v), {};
    const out: Record<string, number[]> = {};
    for (const [k, x] of Object.entries(v)) {
      if (!optional.includes(k)) fail(`${path}.${k}`, 'category', k, optional);
      else out[k] = ids(x, `${path}.${k}`, hi);
    }
    return out;
  };
  const purposes = byCategory(input.purposes, '.purposes', PURPOSE_COUNT, DEFAULT_PURPOSES);
  const specialFeatures = byCategory(input.specialFeatures, '.specialFeatures', SPECIAL_FEATURE_COUNT, {});
  if (!problems.length && !Object.values(purposes).some((p) => p.length)) fail('.purposes', 'purposes', input.purposes);
  if (problems.length) return { problems };
  return {
    problems,
    tcf: {
      cmpId: input.cmpId as number, cmpVersion: input.cmpVersion as number, vendors,
      publisherCountryCode: (cc as string).toUpperCase(), gvl: (gvl as string).replace(/\/$/, ''),
      purposes, specialFeatures, publisherPurposes, googleVendors,
    },
  };
}

/**
 * `validateTcf` with the problems in words.
 *
 * @example checkTcf({ cmpId: 0, cmpVersion: 1 }, ['analytics']).problems // ['tcf.cmpId: expected an integer from 2 to 4095 …, got 0']
 * @returns the resolved `tcf`, or the problems (one message per field), never both
 */
export const checkTcf = (input: unknown, optional: readonly string[]): { tcf?: ResolvedTcf; problems: string[] } => inWords(validateTcf(input, optional));
