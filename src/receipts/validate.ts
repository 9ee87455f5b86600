/**
 * The one check of a consent receipt, imported by the client (before it queues a
 * receipt) and by the server (before it stores one), so the server accepts every
 * receipt the client makes and the client knows at once when it made one the
 * server would refuse. No DOM, no Node: it runs in both.
 *
 * Limits, and why:
 * - Counts (categories, policies) have no limit of their own: the body cap, 16 KiB,
 *   is the limit. That fits about 390 categories with 32-character ids, or about
 *   1,800 with short ones; a config with more is refused whole (413), and the client
 *   keeps and reports it rather than sending it.
 * - `decidedAt` is the visitor's clock, which may be wrong by days or years (a dead
 *   CMOS battery gives 1970 or 2000). It is accepted whatever it says, as long as it
 *   is a real UTC time; the server stores its own `receivedAt` beside it, and that is
 *   the time to trust.
 * - `language`: any tag of BCP 47's syntax (`de-DE-u-co-phonebk`, `zh-Hant-TW`,
 *   `en-US-x-twain`), at most 255 characters (the client cuts longer ones at a subtag).
 * - Text that ends up in a database cell is printable: no control characters and no
 *   lone surrogates (PostgreSQL refuses NUL; a lone surrogate would not read back as sent).
 */
import type { Mode, Source } from '../core/types.js';
import { ID, MODES, SOURCES, VERSION } from '../core/vocab.js';
import type { ConsentReceipt } from './types.js';

/** Largest request body accepted, in bytes (16 KiB). */
export const MAX_BODY = 16384;
/** Longest language tag kept in a receipt. */
export const MAX_LANGUAGE = 255;

/** The patterns of ids and versions, shared with the config check (src/core/vocab.ts). */
export { ID, VERSION };
/** A language tag in BCP 47's syntax (subtags of 1 to 8 letters or digits, the first letters only), or ''. */
const LANGUAGE = /^([a-z]{1,8}(-[a-z\d]{1,8})*)?$/i;
const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const ISO = /^(\d{4}|[+-]\d{6})-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;
const HASH = /^[\w-]{1,128}$/;
// A path as location.pathname gives it: percent-encoded printable ASCII, no query, no fragment.
const PAGE = /^\/[!"$->@-~]{0,2047}$/;
/** A country (`DE`) or subdivision (`US-CA`), ISO 3166. */
const REGION = /^[a-z]{2}(-[a-z\d]{1,3})?$/i;
/** A label a site sets (an A/B variant): 1 to 128 printable characters. */
const LABEL = /^[^\p{Cc}\p{Cs}]{1,128}$/u;
/**
 * A TC string's shape: base64url segments joined by dots (what it says is the server's check,
 * src/server/receipt.ts); Google's Additional Consent: v2 `2~1.35~dv.9.21` (either list may be
 * empty) or v1 `1~1.35`. Each at most 8,192 characters.
 */
const TC_STRING = /^(?=.{1,8192}$)[\w-]+(\.[\w-]+){0,3}$/;
const ADDTL_CONSENT = /^(?=.{1,8192}$)(1~|2~(\d+(\.\d+)*)?~dv\.)(\d+(\.\d+)*)?$/;
const FIELDS = ['receiptId', 'consentId', 'decidedAt', 'source', 'policies', 'categories', 'language', 'configHash', 'page'];
/** A GPP string (IAB's Global Privacy Platform): the header (`D…`), then `~`-separated sections of base64url segments. */
const GPP = /^D[\w-]{1,64}(~[\w.-]{1,4096}){0,32}$/;
const OPTIONAL = ['region', 'mode', 'variant', 'required', 'tcString', 'addtlConsent', 'gppString'];

/** Thrown for a malformed receipt; `message` is the reason (the server sends it back with the 400). */
export class ReceiptError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);
const fail = (field: string, expected: string): never => { throw new ReceiptError(`${field}: expected ${expected}`); };

/** Is this an ISO 8601 UTC time (`2026-11-27T10:00:00.000Z`) of a real calendar date? */
export function isIsoTime(v: unknown): v is string {
  if (typeof v != 'string' || !ISO.test(v)) return false;
  const t = Date.parse(v);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, -5) == v.replace(/(\.\d+)?Z$/, '');
}

const text = (v: unknown, field: string, re: RegExp, expected: string): string =>
  typeof v == 'string' && re.test(v) ? v : fail(field, expected);

function map<T>(v: unknown, field: string, value: (x: unknown, path: string) => T, min: number): Record<string, T> {
  if (!isObj(v)) return fail(field, 'an object');
  const keys = Object.keys(v);
  if (keys.length < min) fail(field, `at least ${min} entry`);
  const out: Record<string, T> = {};
  for (const k of keys) {
    // ID refuses "__proto__", so each key is an own property of `out`.
    if (!ID.test(k)) fail(`${field}.${k.slice(0, 40)}`, 'an id: a letter, then up to 31 letters, digits, _ or -');
    out[k] = value(v[k], `${field}.${k}`);
  }
  return out;
}

/**
 * Checks a parsed receipt and returns it in canonical form (uuids in lower case, the
 * region in upper case; optional fields that are absent or `null` left out). Throws a `ReceiptError`
 * naming the first bad field. `now` (the checker's clock) is accepted for callers
 * that pass one, and does not bound `decidedAt` (see the notes at the top).
 *
 * @example validateReceipt(JSON.parse(body)).receiptId
 * @returns the receipt, ready to store.
 */
export function validateReceipt(input: unknown, _now?: number): ConsentReceipt {
  if (!isObj(input)) return fail('body', 'a JSON object');
  for (const k of Object.keys(input)) if (!FIELDS.includes(k) && !OPTIONAL.includes(k)) throw new ReceiptError(`${k.slice(0, 40)}: unknown field`);
  const uuid = (f: string) => text(input[f], f, UUID, 'a uuid').toLowerCase();
  const receiptId = uuid('receiptId');
  const consentId = uuid('consentId');
  const decidedAt = input.decidedAt;
  if (!isIsoTime(decidedAt)) fail('decidedAt', 'an ISO time like 2026-11-27T10:00:00.000Z');
  const source = input.source as Source;
  if (!SOURCES.includes(source)) fail('source', `one of ${SOURCES.join(', ')}`);
  const categories = map(input.categories, 'categories', (x, p) => (typeof x == 'boolean' ? x : fail(p, 'true or false')), 1);
  const receipt: ConsentReceipt = {
    receiptId,
    consentId,
    decidedAt: decidedAt as string,
    source,
    policies: map(input.policies, 'policies', (x, p) => text(x, p, VERSION, 'a version: 1 to 64 printable characters, no spaces or | : + , ;'), 0),
    categories,
    language: text(input.language, 'language', LANGUAGE, 'a BCP 47 language tag, or ""'),
    configHash: text(input.configHash, 'configHash', HASH, '1 to 128 letters, digits, _ or -'),
    page: text(input.page, 'page', PAGE, 'a path (/…) without query or fragment, at most 2048 characters'),
  };
  if (receipt.language.length > MAX_LANGUAGE) fail('language', `at most ${MAX_LANGUAGE} characters`);
  const { region, mode, variant, required, tcString, addtlConsent, gppString } = input;
  if (region != null) receipt.region = text(region, 'region', REGION, 'a code like DE or US-CA').toUpperCase();
  if (mode != null) receipt.mode = MODES.includes(mode as Mode) ? mode as ConsentReceipt['mode'] : fail('mode', `one of ${MODES.join(', ')}`);
  if (variant != null) receipt.variant = text(variant, 'variant', LABEL, '1 to 128 printable characters');
  if (tcString != null) receipt.tcString = text(tcString, 'tcString', TC_STRING, 'a TC string (at most 8192 characters)');
  if (addtlConsent != null) receipt.addtlConsent = text(addtlConsent, 'addtlConsent', ADDTL_CONSENT, 'Additional Consent like 2~1.35~dv.9 (at most 8192 characters)');
  if (gppString != null) receipt.gppString = text(gppString, 'gppString', GPP, 'a GPP string (D…, sections separated by ~)');
  if (required != null) {
    if (!Array.isArray(required)) fail('required', 'a list of category ids');
    receipt.required = (required as unknown[]).map((c, i) =>
      typeof c == 'string' && typeof categories[c] == 'boolean' && (required as unknown[]).indexOf(c) == i ? c : fail(`required[${i}]`, 'a category of this receipt, once'));
  }
  return receipt;
}
