/**
 * The receipt as the server accepts it, and its strict validation. A receipt is
 * refused as a whole, with the first reason found, when any field is missing,
 * unknown, of the wrong type, too long, or not in its expected form.
 */
import type { Mode, Source } from '../core/types.js';
import { REGION } from '../core/modes.js';

import type { ConsentReceipt } from '../receipts/types.js';

/** What the client sends (the wire format, see `ConsentReceipt`). */
export type Receipt = ConsentReceipt;

/** A stored receipt: what was sent plus the server's own received-at time. */
export interface StoredReceipt extends Receipt {
  receivedAt: string;
}

/** Largest request body accepted, in bytes (16 KiB). */
export const MAX_BODY = 16384;

const SOURCES: readonly string[] = ['banner', 'preferences', 'api', 'placeholder', 'action', 'reset'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;
const ID = /^[A-Za-z][\w-]{0,31}$/;
const VERSION = /^[^\s|:+,;]{1,64}$/;
const LANG = /^([a-z]{2,3}(-[a-z0-9]{1,8}){0,3})?$/i;
const HASH = /^[\w-]{1,128}$/;
// A path as location.pathname gives it: percent-encoded printable ASCII, no query, no fragment.
const PAGE = /^\/[!"$->@-~]{0,2047}$/;
const MAX_ENTRIES = 64;
const FIELDS = ['receiptId', 'consentId', 'decidedAt', 'source', 'policies', 'categories', 'language', 'configHash', 'page', 'region', 'mode'];

/** Thrown for a malformed receipt; `message` is the reason sent back with the 400. */
export class ReceiptError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (field: string, expected: string): never => { throw new ReceiptError(`${field}: expected ${expected}`); };

/** Is this an ISO 8601 UTC time (`2026-11-27T10:00:00.000Z`) of a real calendar date? */
export function isIsoTime(v: unknown): v is string {
  if (typeof v !== 'string' || !ISO.test(v)) return false;
  const t = Date.parse(v);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 19) === v.slice(0, 19);
}

function text(v: unknown, field: string, re: RegExp, expected: string): string {
  return typeof v === 'string' && re.test(v) ? v : fail(field, expected);
}

function map<T>(v: unknown, field: string, value: (x: unknown, path: string) => T, min: number): Record<string, T> {
  if (!isObj(v)) return fail(field, 'an object');
  const keys = Object.keys(v);
  if (keys.length < min || keys.length > MAX_ENTRIES) fail(field, `${min} to ${MAX_ENTRIES} entries`);
  const out: Record<string, T> = {};
  for (const k of keys) {
    if (!ID.test(k)) fail(`${field}.${k.slice(0, 40)}`, 'an id of letters, digits, "_" or "-" (at most 32, starting with a letter)');
    out[k] = value(v[k], `${field}.${k}`);
  }
  return out;
}

/**
 * Checks a parsed JSON body and returns the receipt in canonical form (uuids in
 * lower case). Throws a `ReceiptError` naming the first bad field.
 *
 * @example validateReceipt(JSON.parse(body)).receiptId
 */
export function validateReceipt(input: unknown, now = Date.now()): Receipt {
  if (!isObj(input)) return fail('body', 'a JSON object');
  for (const k of Object.keys(input)) if (!FIELDS.includes(k)) throw new ReceiptError(`${k.slice(0, 40)}: unknown field`);
  const uuid = (f: string) => text(input[f], f, UUID, 'a uuid').toLowerCase();
  const receiptId = uuid('receiptId');
  const consentId = uuid('consentId');
  const decidedAt = input.decidedAt;
  // Not before 2000, not more than a day ahead of the server's clock (visitors' clocks drift, not by days).
  if (!isIsoTime(decidedAt) || decidedAt < '2000' || Date.parse(decidedAt) > now + 864e5) {
    fail('decidedAt', 'an ISO time like 2026-11-27T10:00:00.000Z, not in the future');
  }
  const source = text(input.source, 'source', /^[a-z]+$/, `one of ${SOURCES.join(', ')}`);
  if (!SOURCES.includes(source)) fail('source', `one of ${SOURCES.join(', ')}`);
  return {
    receiptId,
    consentId,
    decidedAt: decidedAt as string,
    source: source as Source,
    policies: map(input.policies, 'policies', (x, p) => text(x, p, VERSION, 'a version of 1 to 64 characters without spaces or | : + , ;'), 0),
    categories: map(input.categories, 'categories', (x, p) => (typeof x === 'boolean' ? x : fail(p, 'true or false')), 1),
    language: text(input.language, 'language', LANG, 'a language code like "en" or "pt-br", or ""'),
    configHash: text(input.configHash, 'configHash', HASH, '1 to 128 letters, digits, "_" or "-"'),
    page: text(input.page, 'page', PAGE, 'a path starting with "/", without query or fragment, at most 2048 characters'),
    // Optional (receipts without them stay valid): where the visitor was, and the rules in force.
    ...(input.region !== undefined && { region: text(input.region, 'region', REGION, 'an ISO 3166 code like "DE" or "US-CA"') }),
    ...(input.mode !== undefined && { mode: text(input.mode, 'mode', /^(opt-in|opt-out|notice)$/, '"opt-in", "opt-out" or "notice"') as Mode }),
  };
}
