/**
 * `POST /consent/cookie`: sets the decision cookie from the site's own server, exactly as the
 * browser's store wrote it, so browsers that cap cookies written by scripts (Safari: 7 days)
 * keep it for its whole lifetime. Needs no config: it checks that the value is a decision
 * record, the name a cookie name, the domain the request's host or a parent of it, and the
 * lifetime at most 400 days (browsers' own cap). Not HttpOnly: the store reads it.
 */
import Cookies from 'js-cookie';
import { decodeRecord, KEEP_DAYS } from '../core/record.js';
import { VERSION } from '../receipts/validate.js';
import { COOKIE_VALUE, FIELD_VALUE } from './headers.js';

/** Longest lifetime browsers keep a cookie (RFC 6265bis): 400 days, in seconds. */
export const MAX_AGE = KEEP_DAYS * 86400;
const NAME = /^[\w!#$&'*+.^`|~-]{1,64}$/;
const DOMAIN = /^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/i;
// A path a cookie attribute can carry: printable ASCII without ";" (and no control characters).
const PATH = /^\/[!-:<-~]{0,1023}$/;
const FIELDS = ['name', 'value', 'maxAge', 'path', 'domain', 'sameSite', 'secure'];

/** The host the browser asked for (its Host header, else the URL's), lower case, without the port. */
const hostOf = (request: Request) => {
  const host = request.headers.get('host');
  return (host && URL.canParse(`http://${host}`) ? new URL(`http://${host}`) : new URL(request.url)).hostname.toLowerCase();
};

/**
 * The `Set-Cookie` header for a cookie body, or the reason it is refused.
 *
 * @example cookieHeader({ name: 'consent', value: '1|…', maxAge: 31536000, path: '/' }, 'example.com', Date.now())
 */
export function cookieHeader(body: unknown, host: string, now: number): { header: string } | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'body: expected a JSON object' };
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).find((k) => !FIELDS.includes(k));
  if (unknown) return { error: `${unknown.slice(0, 40)}: unknown field` };
  const { name, value, maxAge, path = '/', domain, sameSite = 'Lax', secure } = b;
  if (typeof name !== 'string' || !NAME.test(name)) return { error: 'name: expected a cookie name (letters, digits, _ - . and no spaces)' };
  let record;
  try {
    // Only a cookie's own octets (RFC 6265), as js-cookie writes them: a NUL, a control character or
    // a character outside ASCII is refused here, never passed to Headers (which throws) nor echoed.
    record = typeof value === 'string' && value.length <= 4096 && COOKIE_VALUE.test(value) ? decodeRecord(Cookies.converter.read(value, name), now) : undefined;
  } catch { /* a malformed escape */ }
  // Its policy versions, once unescaped, are versions a config allows (no control characters).
  if (record && !Object.values(record.policies).every((v) => VERSION.test(v))) record = undefined;
  if (!record) return { error: 'value: expected a current consent-gate decision record, as the store writes it' };
  if (!Number.isInteger(maxAge) || (maxAge as number) <= 0 || (maxAge as number) > MAX_AGE) return { error: `maxAge: expected whole seconds from 1 to ${MAX_AGE} (400 days)` };
  if (typeof path !== 'string' || !PATH.test(path)) return { error: 'path: expected a path starting with "/"' };
  let d = '';
  if (domain !== undefined && domain !== null) {
    d = typeof domain === 'string' && DOMAIN.test(domain) ? domain.replace(/^\./, '').toLowerCase() : '';
    if (!d || (host !== d && !host.endsWith('.' + d))) return { error: 'domain: expected the request\'s host or a parent of it' };
  }
  if (sameSite !== 'Lax' && sameSite !== 'Strict' && sameSite !== 'None') return { error: 'sameSite: expected "Lax", "Strict" or "None"' };
  if (secure !== undefined && typeof secure !== 'boolean') return { error: 'secure: expected true or false' };
  if (sameSite === 'None' && !secure) return { error: 'secure: expected true with sameSite "None"' };
  // Never longer than the record itself is kept (a refusal outlives its decision: KEEP_DAYS from the record's last write).
  const age = Math.min(maxAge as number, Math.ceil(((record.writtenAt ?? record.decidedAt) + KEEP_DAYS * 864e5 - now) / 1000));
  const header = `${name}=${value}; Max-Age=${age}; Path=${path}${d ? `; Domain=${d}` : ''}; SameSite=${sameSite}${secure ? '; Secure' : ''}`;
  // Each part is checked above; this is the last word before it becomes a header.
  return FIELD_VALUE.test(header) ? { header } : { error: 'value: expected the octets of a cookie' };
}

/** Answers `POST /consent/cookie` (the body is already read and parsed): 204 with Set-Cookie, or 400 with the reason. */
export function cookieResponse(request: Request, body: unknown, now = Date.now()): Response {
  const r = cookieHeader(body, hostOf(request), now);
  if ('error' in r) {
    return new Response(JSON.stringify({ error: r.error }), { status: 400, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
  }
  return new Response(null, { status: 204, headers: { 'set-cookie': r.header, 'cache-control': 'no-store' } });
}
