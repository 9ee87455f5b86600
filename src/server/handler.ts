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
 */
import { MAX_BODY, ReceiptError, isIsoTime, validateReceipt, type StoredReceipt } from './receipt.js';
import type { ReceiptStore } from './store.js';
import { cookieResponse } from './cookie.js';
import { regionResponse } from './region.js';

/** Options of `createReceiptHandler`. */
export interface ReceiptHandlerOptions {
  /** Where receipts go (see `openReceiptStore`). */
  store: ReceiptStore;
  /** Bearer token for the audit routes; without one they always answer 401. */
  adminToken?: string;
  /** Origins (`https://example.com`) whose pages may POST receipts cross-origin; `*` allows any. */
  allowOrigins?: string[];
  /** The route; default `/consent/receipts` (the CSV export is this plus `.csv`). */
  path?: string;
  /** The header `GET /consent/region` answers from (`CF-IPCountry`, …); without one that route is 404. */
  regionHeader?: string;
  /** A header naming the subdivision (`X-Vercel-IP-Country-Region`), joined to the country (`US-CA`). */
  regionSubdivisionHeader?: string;
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

/** Reads at most MAX_BODY bytes of UTF-8; `undefined` when the body is larger. */
async function readBody(request: Request): Promise<string | undefined> {
  if (Number(request.headers.get('content-length')) > MAX_BODY) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY) {
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

const CSV_COLUMNS = ['receivedAt', 'receiptId', 'consentId', 'decidedAt', 'source', 'language', 'configHash', 'page', 'policies', 'categories'] as const;
const cell = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
/** RFC 4180 CSV, one receipt a line; policies and categories as JSON objects. */
const toCsv = (rows: StoredReceipt[]) =>
  [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';

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
 *   413 too large, 401 no token, 404 another path, 405 another method, 500 store failure.
 */
export function createReceiptHandler(options: ReceiptHandlerOptions): (request: Request) => Promise<Response> {
  const { store, adminToken, path = '/consent/receipts' } = options;
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

  /** The request's JSON body (as application/json or text/plain), or the error response. */
  async function readJson(request: Request, headers: Record<string, string>): Promise<{ body: unknown } | Response> {
    const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && type !== 'text/plain') {
      return json(415, { error: 'content-type: expected application/json or text/plain' }, headers);
    }
    let text: string | undefined;
    try {
      text = await readBody(request);
    } catch {
      return json(400, { error: 'body: expected UTF-8 text' }, headers);
    }
    if (text === undefined) return json(413, { error: `body: expected at most ${MAX_BODY} bytes` }, headers);
    try {
      return { body: JSON.parse(text) as unknown };
    } catch {
      return json(400, { error: 'body: expected JSON' }, headers);
    }
  }

  async function post(request: Request, headers: Record<string, string>): Promise<Response> {
    const read = await readJson(request, headers);
    if (read instanceof Response) return read;
    const receipt = validateReceipt(read.body);
    const { stored, receivedAt } = await store.add(receipt, new Date().toISOString());
    return json(stored ? 201 : 200, { receiptId: receipt.receiptId, receivedAt, stored }, headers);
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method;
    // Same-origin routes of their own: the decision cookie set by the server, and the visitor's region.
    if (url.pathname === '/consent/cookie') {
      if (method !== 'POST') return json(405, { error: 'method: expected POST' }, { allow: 'POST' });
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
      return new Response(toCsv(await store.between(from, to)), {
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="consent-receipts.csv"', 'cache-control': 'no-store' },
      });
    }
    const id = url.searchParams.get('consentId') ?? '';
    if (!UUID.test(id)) throw new ReceiptError('consentId: expected a uuid');
    return json(200, await store.byConsentId(id.toLowerCase()));
  }

  return async (request) => {
    try {
      return await route(request);
    } catch (e) {
      if (e instanceof ReceiptError) return json(400, { error: e.message }, cors(request.headers.get('origin')));
      console.error('consent-gate: receipts:', e);
      return json(500, { error: 'storage failed' }, cors(request.headers.get('origin')));
    }
  };
}
