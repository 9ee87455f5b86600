/**
 * The words of config problems: turns the compact problems that `checkConfig` reports into
 * the messages people read (`categories.analytics.cookies[1]: expected a string or /regex/,
 * got 42`). Kept apart from the checks so that the drop-in ships without it: it loads this
 * module (built as `consent-gate.errors.js`) only when a config is invalid.
 */
import type { Problem } from './config.js';
import { distance } from './distance.js';

/** What each check expects, by the code it reports. */
const EXPECTED = {
  boolean: 'true or false',
  string: 'a string',
  url: 'an http(s) or relative URL',
  id: 'an id of letters, digits, "_" or "-" (at most 32, starting with a letter)',
  pattern: 'a string or /regex/',
  array: 'an array',
  patterns: 'an array of strings or /regex/',
  source: 'a host with an optional path ("example.com/js") or /regex/',
  sources: 'an array of hosts with optional paths or /regex/',
  autoBlock: 'true, false or an object mapping analytics, marketing and functional to categories',
  object: 'an object',
  version: 'a string of 1–64 characters without spaces or | : + , ;',
  cookie: 'a cookie name (letters, digits, _ - . and no spaces)',
  domain: 'a domain name like "example.com"',
  path: 'a path starting with "/"',
  days: 'a number of days between 0 and 3650',
  gpc: 'true, false or an array of category ids',
  googleConsentMode: 'true, false or an object',
  language: '"auto" or a language code like "en" or "pt-BR"',
  texts: 'a language code like "en" or "pt-BR"',
  region: 'an ISO 3166 code like "DE" or "US-CA"',
  regionKey: 'ISO 3166 codes like "DE" or "US-CA", "EU", "EEA" or "*", separated by spaces',
  regionTwice: 'each region in one key only',
  resolver: 'the region rules (consent-gate.regions.js could not be loaded)',
  ms: 'milliseconds from 0 to 10000',
  selector: 'a CSS selector like "#site-footer, .cookie-links"',
  optional: 'at least one optional category (without "required: true")',
  secure: 'true with sameSite "None" (browsers refuse the cookie otherwise)',
  record: 'category ids and policy versions short and few enough for the decision to fit its cookie (3,800 characters at most; this config needs up to',
};
/** A code for what a check expects; `key` marks an unknown key. */
export type Code = keyof typeof EXPECTED | 'key';

/** A short, readable rendering of a bad value. */
function show(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
    return s.length > 40 ? s.slice(0, 37) + '…' : s;
  }
  return Array.isArray(v) ? 'an array' : 'an object';
}

/** `"a", "b" or "c"` */
const or = (vals: readonly string[]) => vals.map((x) => `"${x}"`).join(', ').replace(/, ([^,]*)$/, ' or $1');

/**
 * The message for one problem, its path first.
 *
 * @example explain(['mode', ['opt-in', 'opt-out'], 'yes']) // 'mode: expected "opt-in" or "opt-out", got "yes"'
 */
export function explain([path, want, got, known]: Problem): string {
  if (want === 'key') {
    const k = (got as string).toLowerCase();
    const near = known!.find((a) => distance(a.toLowerCase(), k) <= Math.max(2, a.length / 3));
    return `${path}: unknown key${near ? ` (did you mean "${near}"?)` : ''}`;
  }
  // "none": the categories that would have made it valid (the optional ones) are missing.
  if (want === 'record') return `${path}: expected ${EXPECTED.record} ${got})`;
  return `${path}: expected ${typeof want === 'string' ? EXPECTED[want] : or(want)}, got ${want === 'optional' ? 'none' : show(got)}`;
}
