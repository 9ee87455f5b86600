/**
 * An impression as the server accepts it: that a layer of the banner was shown,
 * with the context needed to read rates and nothing that identifies anyone.
 */
import type { Mode } from '../../core/types.js';
import { ID, ReceiptError } from '../../receipts/validate.js';

/** What a variant label is (the config's `variant` check). */
const VARIANT_EXPECTED = 'a label of letters, digits, "_" or "-" (at most 32, starting with a letter)';

/** `POST /consent/impressions` body. */
export interface Impression {
  /** The layer shown first on that page view. */
  view: 'banner' | 'preferences';
  mode: Mode;
  /** ISO 3166 region, when the page knew it. */
  region?: string;
  /** UI language ('' when unknown). */
  language: string;
  /** The config's `variant` label, when it has one. */
  variant?: string;
}

/** Largest impression body accepted, in bytes: a real one is under 150. */
export const MAX_IMPRESSION = 1024;

const FIELDS = ['view', 'mode', 'region', 'language', 'variant'];
const LANG = /^([a-z]{2,3}(-[a-z0-9]{1,8}){0,3})?$/i;
const REGION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

const oneOf = <T extends string>(v: unknown, field: string, values: readonly T[]): T => {
  if (typeof v !== 'string' || !values.includes(v as T)) throw new ReceiptError(`${field}: expected one of ${values.join(', ')}`);
  return v as T;
};
const text = (v: unknown, field: string, re: RegExp, expected: string): string => {
  if (typeof v !== 'string' || !re.test(v)) throw new ReceiptError(`${field}: expected ${expected}`);
  return v;
};

/**
 * Checks a parsed JSON body. Throws a `ReceiptError` naming the first bad field
 * (the route answers 400 with it); unknown fields are refused, so nothing else
 * (an id, a URL) can be slipped into the counts.
 *
 * @example validateImpression({ view: 'banner', mode: 'opt-in', language: 'de', region: 'DE' })
 */
export function validateImpression(input: unknown): Impression {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ReceiptError('body: expected a JSON object');
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!FIELDS.includes(k)) throw new ReceiptError(`${k.slice(0, 40)}: unknown field`);
  const out: Impression = {
    view: oneOf(o.view, 'view', ['banner', 'preferences']),
    mode: oneOf(o.mode, 'mode', ['opt-in', 'opt-out', 'notice']),
    language: o.language === undefined ? '' : text(o.language, 'language', LANG, 'a language code like "en" or "pt-br", or ""'),
  };
  if (o.region !== undefined) out.region = text(o.region, 'region', REGION, 'an ISO 3166 code like "DE" or "US-CA"');
  if (o.variant !== undefined) out.variant = text(o.variant, 'variant', ID, VARIANT_EXPECTED);
  return out;
}
