/**
 * The receipts endpoint as a Fetch-API handler: `(Request) => Promise<Response>`,
 * usable in any server that speaks Request/Response (Node through `toNodeHandler`,
 * Hono, Bun, Deno, …).
 *
 *   POST {path}                     store a receipt (JSON, or text/plain as sendBeacon sends it)
 *   GET  {path}?consentId=…         the receipts of one consent id (bearer token)
 *   GET  {path}.csv?from=…&to=…     CSV export by received-at time (bearer token)
 *   OPTIONS {path}                  CORS preflight for the allowed origins
 *   POST /consent/cookie            sets the decision cookie the browser wrote (see cookie.ts)
 *   GET  /consent/region            the visitor's region from `regionHeader` (see region.ts)
 *
 * A POST from a page of another origin is refused (403) unless `allowOrigins`
 * lists that origin; one without an `Origin` header (not sent by a browser page:
 * browsers send `Origin` with every POST, `sendBeacon` included) is accepted.
 * The audit routes stream their rows, fetched in batches, as the reader takes them.
 */
import { MAX_BODY, ReceiptError, isIsoTime, validateReceipt, type StoredReceipt } from './receipt.js';
import { StoreBusyError, type ReceiptStore } from './store.js';
import { analyticsRoutes } from './analytics/routes.js';
import { cookieResponse } from './cookie.js';
import { regionResponse } from './region.js';
import { TOKEN, isOrigin } from './headers.js';
import { gvlRoutes, type GvlSource } from './gvl.js';

/** Options of `createReceiptHandler`. */
export interface ReceiptHandlerOptions {
  /** Where receipts go (see `openReceiptStore`). */
  store: ReceiptStore;
  /** Bearer token for the audit routes and the dashboard; without one they always answer 401, and the dashboard 404. */
  adminToken?: string;
  /**
   * Origins (`https://example.com`) whose pages may POST receipts cross-origin; `*` allows any.
   * POSTs from other origins are refused with 403. The endpoint's own origin (the request's
   * host, `Host` or `X-Forwarded-Host`) is always allowed, and so is a request without `Origin`.
   */
  allowOrigins?: string[];
  /** The route; default `/consent/receipts` (the CSV export is this plus `.csv`). */
  path?: string;
  /** The header `GET /consent/region` answers from (`CF-IPCountry`, …); without one that route is 404. */
  regionHeader?: string;
  /** A header naming the subdivision (`X-Vercel-IP-Country-Region`), joined to the country (`US-CA`). */
  regionSubdivisionHeader?: string;
  /**
   * The IAB Global Vendor List at `GET /consent/gvl/…` (src/server/gvl.ts): read from `dir`, or
   * fetched from IAB (`url`) and cached as its Cache-Control says; `false` turns the routes off.
   */
  gvl?: GvlSource | false;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d\d-\d\d$/;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } });

const digest = async (s: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));

/** Compares two strings in time independent of where they differ. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([digest(a), digest(b)]);
  let d = 0;
  for (let i = 0; i < x.length; i++) d |= x[i]! ^ y[i]!;
  return d === 0;
}

/** Reads at most `limit` bytes of UTF-8; `undefined` when the body is larger. */
async function readBody(request: Request, limit = MAX_BODY): Promise<string | undefined> {
  if (Number(request.headers.get('content-length')) > limit) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.byteLength; }
  return new TextDecoder('utf-8', { fatal: true }).decode(all);
}

const CSV_COLUMNS = ['receivedAt', 'receiptId', 'consentId', 'decidedAt', 'source', 'language', 'configHash', 'page', 'policies', 'categories',
  'required', 'variant', 'region', 'mode', 'tcString', 'addtlConsent', 'gppString'] as const;
/**
 * One CSV cell (RFC 4180). A value a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`, tab or CR: OWASP's list) gets a leading `'`, so it is shown as text.
 */
export const csvCell = (v: unknown): string => {
  let s = v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",'\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvLine = (r: StoredReceipt) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(',') + '\r\n';

/**
 * A response body written as the reader takes it: `head`, each row, `tail`. The first
 * row is fetched before the response is made, so a store that fails at once still
 * gives an error status; a failure later ends the body early (the connection closes).
 */
async function streamed<T>(rows: AsyncIterable<T>, head: string, row: (x: T, i: number) => string, tail: string): Promise<ReadableStream<Uint8Array>> {
  const it = rows[Symbol.asyncIterator]();
  let next = await it.next();
  let i = 0;
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(ctrl) { ctrl.enqueue(encoder.encode(head)); },
    async pull(ctrl) {
      try {
        // About 100 rows a chunk: few writes, little memory.
        let out = '';
        for (let n = 0; !next.done && n < 100; n++, i++) {
          out += row(next.value, i);
          next = await it.next();
        }
        if (next.done) out += tail;
        ctrl.enqueue(encoder.encode(out));
        if (next.done) ctrl.close();
      } catch (e) {
        console.error('consent-gate: receipts: export failed midway:', e);
        ctrl.error(e);
      }
    },
    async cancel() { await it.return?.(); },
  }, { highWaterMark: 0 });
}

/** A time bound of the CSV export: an ISO time or a date (midnight UTC). */
function bound(v: string | null, name: string, fallback: string): string {
  if (v === null || v === '') return fallback;
  if (DATE.test(v) ? isIsoTime(`${v}T00:00:00Z`) : isIsoTime(v)) return new Date(v).toISOString();
  throw new ReceiptError(`${name}: expected an ISO time like 2026-11-27T00:00:00Z or a date like 2026-11-27`);
}

/**
 * Creates the receipts endpoint.
 *
 * @example
 * const store = await openReceiptStore('./consent.db')
 * const handle = createReceiptHandler({ store, adminToken: process.env.CONSENT_GATE_ADMIN_TOKEN })
 * // Hono: app.all('/consent/*', (c) => handle(c.req.raw))
 * @returns a function from `Request` to `Response`: 201 stored, 200 repeat, 400 malformed,
 *   413 too large, 415 another content type, 401 no token, 403 another origin, 404 another path,
 *   405 another method, 503 database locked too long, 500 store failure.
 */
/**
 * What is wrong with an admin token, or '' when it will do: it guards personal data (every
 * receipt, the CSV export), so at least 16 characters, none of them spaces (a bearer token cannot
 * hold one). No token (undefined or '') is fine: the admin routes are then off.
 */
export const adminTokenProblem = (token: unknown): string =>
  token === undefined || token === '' ? ''
    : typeof token !== 'string' ? `adminToken: expected a string, got ${typeof token}`
      : token.length < 16 || /\s/.test(token) ? `adminToken: expected at least 16 characters without spaces (openssl rand -hex 24), got ${token.length} characters${/\s/.test(token) ? ' with a space' : ''}`
        : '';

export function createReceiptHandler(options: ReceiptHandlerOptions): (request: Request) => Promise<Response> {
  const { store, adminToken, path = '/consent/receipts' } = options;
  const tokenProblem = adminTokenProblem(adminToken);
  if (tokenProblem) throw new TypeError(`consent-gate: ${tokenProblem}`);
  // Header names: read from every request and written into `Vary`, so each must be a token.
  for (const field of ['regionHeader', 'regionSubdivisionHeader'] as const) {
    const name = options[field];
    if (name !== undefined && name !== '' && (typeof name !== 'string' || !TOKEN.test(name))) {
      throw new TypeError(`consent-gate: ${field}: expected a header name like CF-IPCountry, got ${JSON.stringify(name)}`);
    }
  }
  const origins = (options.allowOrigins ?? []).map((o) => {
    if (o === '*') return o;
    const origin = URL.canParse(o) ? new URL(o).origin : 'null';
    if (origin === 'null' || !/^https?:/.test(origin)) throw new TypeError(`consent-gate: allowOrigins: expected an origin like https://example.com, got ${JSON.stringify(o)}`);
    return origin;
  });

  /** CORS headers for a request from `origin`, when that origin is allowed. */
  const cors = (origin: string | null): Record<string, string> =>
    origin && (origins.includes('*') || origins.includes(origin))
      ? { 'access-control-allow-origin': origins.includes('*') ? '*' : origin, vary: 'Origin' }
      : {};

  async function authorized(request: Request): Promise<boolean> {
    const m = /^Bearer +(\S+) *$/i.exec(request.headers.get('authorization') ?? '');
    return !!adminToken && !!m && sameSecret(m[1]!, adminToken);
  }

  /** Same origin: the Origin's host is the one this request was sent to. */
  const ownOrigin = (request: Request, origin: string) => {
    const host = URL.canParse(origin) && new URL(origin).host;
    const forwarded = request.headers.get('x-forwarded-host')?.split(',')[0]!.trim();
    return !!host && [new URL(request.url).host, request.headers.get('host'), forwarded].includes(host);
  };

  /** The JSON body of a POST (JSON, or text/plain as sendBeacon sends it) of at most `limit` bytes, or the error response. */
  async function readJson(request: Request, headers: Record<string, string>, limit = MAX_BODY): Promise<{ body: unknown } | Response> {
    const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity') return json(415, { error: 'content-encoding: expected none' }, headers);
    const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && type !== 'text/plain') {
      return json(415, { error: 'content-type: expected application/json or text/plain' }, headers);
    }
    let text: string | undefined;
    try {
      text = await readBody(request, limit);
    } catch {
      return json(400, { error: 'body: expected UTF-8 text' }, headers);
    }
    if (text === undefined) return json(413, { error: `body: expected at most ${limit} bytes` }, headers);
    try {
      return { body: JSON.parse(text) };
    } catch {
      return json(400, { error: 'body: expected JSON' }, headers);
    }
  }

  /** A 403 for a page of an origin that may not POST here; undefined when it may (or when no page sent it). */
  function refuseOrigin(request: Request): Response | undefined {
    const origin = request.headers.get('origin');
    if (origin === null || cors(origin)['access-control-allow-origin'] || ownOrigin(request, origin)) return undefined;
    // Not an origin as a browser sends it: refused, and not echoed into a header.
    if (!isOrigin(origin)) return json(400, { error: 'origin: expected an origin like https://example.com' });
    // Readable by that page (no data in it), so its client sees the refusal instead of a network error.
    return json(403, { error: `origin: ${origin.slice(0, 100)} may not send receipts here (allowOrigins)` },
      { 'access-control-allow-origin': origin, vary: 'Origin' });
  }

  async function post(request: Request, headers: Record<string, string>): Promise<Response> {
    const refused = refuseOrigin(request);
    if (refused) return refused;
    const read = await readJson(request, headers);
    if (read instanceof Response) return read;
    const { body } = read;
    const receipt = validateReceipt(body);
    const { stored, receivedAt } = await store.add(receipt, new Date().toISOString());
    return json(stored ? 201 : 200, { receiptId: receipt.receiptId, receivedAt, stored }, headers);
  }

  // Impressions, stats and the dashboard, beside the receipts (src/server/analytics/).
  const analytics = analyticsRoutes({ store, path, admin: !!adminToken, authorized, cors, json, readJson, refuseOrigin });

  const gvl = options.gvl === false ? undefined : gvlRoutes(options.gvl);

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method;
    const list = gvl && (await gvl(request));
    if (list) return list;
    const routed = await analytics(request, url);
    if (routed) return routed;
    // Same-origin routes of their own: the decision cookie set by the server, and the visitor's region.
    if (url.pathname === '/consent/cookie') {
      if (method !== 'POST') return json(405, { error: 'method: expected POST' }, { allow: 'POST' });
      // Only the site's own pages may set its decision cookie (allowOrigins does not extend to it).
      const origin = request.headers.get('origin');
      if (origin !== null && !ownOrigin(request, origin)) return json(403, { error: 'origin: expected this site\'s own' }, {});
      const read = await readJson(request, {});
      return read instanceof Response ? read : cookieResponse(request, read.body);
    }
    if (url.pathname === '/consent/region' && options.regionHeader) {
      if (method !== 'GET') return json(405, { error: 'method: expected GET' }, { allow: 'GET' });
      return regionResponse(request, options.regionHeader, options.regionSubdivisionHeader);
    }
    const csv = url.pathname === path + '.csv';
    if (url.pathname !== path && !csv) return json(404, { error: 'not found' });
    if (method === 'OPTIONS' && !csv) {
      const headers = cors(request.headers.get('origin'));
      if (!headers['access-control-allow-origin']) return new Response(null, { status: 403 });
      return new Response(null, {
        status: 204,
        headers: { ...headers, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400' },
      });
    }
    if (method === 'POST' && !csv) return post(request, cors(request.headers.get('origin')));
    if (method !== 'GET') return json(405, { error: `method: expected ${csv ? 'GET' : 'POST or GET'}` }, { allow: csv ? 'GET' : 'POST, GET, OPTIONS' });
    if (!(await authorized(request))) return json(401, { error: 'authorization: expected Bearer <admin token>' }, { 'www-authenticate': 'Bearer' });
    if (csv) {
      const q = url.searchParams;
      const from = bound(q.get('from'), 'from', '0000-01-01T00:00:00.000Z');
      const to = bound(q.get('to'), 'to', '9999-12-31T23:59:59.999Z');
      return new Response(await streamed(store.streamBetween(from, to), CSV_COLUMNS.join(',') + '\r\n', csvLine, ''), {
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="consent-receipts.csv"', 'cache-control': 'no-store' },
      });
    }
    const id = url.searchParams.get('consentId') ?? '';
    if (!UUID.test(id)) throw new ReceiptError('consentId: expected a uuid');
    return new Response(await streamed(store.streamByConsentId(id.toLowerCase()), '[', (r, i) => (i ? ',' : '') + JSON.stringify(r), ']'), {
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  }

  return async (request) => {
    try {
      return await route(request);
    } catch (e) {
      if (e instanceof ReceiptError) return json(400, { error: e.message }, cors(request.headers.get('origin')));
      if (e instanceof StoreBusyError) return json(503, { error: 'storage busy, try again' }, { ...cors(request.headers.get('origin')), 'retry-after': '5' });
      console.error('consent-gate: receipts:', e);
      return json(500, { error: 'storage failed' }, cors(request.headers.get('origin')));
    }
  };
}
