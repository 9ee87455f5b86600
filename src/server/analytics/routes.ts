/**
 * The analytics routes of the receipts server, beside the receipts routes:
 *
 *   POST {base}/impressions      count a layer shown (JSON or text/plain, as sendBeacon sends it)
 *   GET  {base}/stats?from&to    the figures (bearer token)
 *   GET  {base}/dashboard        the dashboard page (its script and stylesheet beside it); 404 without an admin token
 *
 * `{base}` is the directory of the receipts path (`/consent` for `/consent/receipts`).
 */
import type { ReceiptStore } from '../store.js';
import { dashboardAsset, dashboardPage } from './dashboard.js';
import { MAX_IMPRESSION, validateImpression } from './impression.js';
import { assembleStats, statsRange } from './stats.js';

/** What the receipts handler lends these routes. */
export interface AnalyticsContext {
  store: ReceiptStore;
  /** The receipts path; these routes sit beside it. */
  path: string;
  /** Whether the server has an admin token: without one the dashboard is off (404), as nobody could sign in. */
  admin: boolean;
  authorized(request: Request): Promise<boolean>;
  cors(origin: string | null): Record<string, string>;
  json(status: number, body: unknown, headers?: Record<string, string>): Response;
  /** The parsed JSON body (at most `limit` bytes), or the response refusing it (400, 413, 415). */
  readJson(request: Request, headers: Record<string, string>, limit: number): Promise<{ body: unknown } | Response>;
  /** A 403 for a page of an origin that may not POST here; undefined when it may. */
  refuseOrigin(request: Request): Response | undefined;
}

/** Routes `request` when its path is one of these; `undefined` otherwise (the receipts handler goes on). */
export function analyticsRoutes(ctx: AnalyticsContext): (request: Request, url: URL) => Promise<Response | undefined> {
  const base = ctx.path.replace(/\/[^/]*$/, '');
  const { store, json } = ctx;

  async function impression(request: Request): Promise<Response> {
    const refused = ctx.refuseOrigin(request);
    if (refused) return refused;
    const headers = ctx.cors(request.headers.get('origin'));
    const read = await ctx.readJson(request, headers, MAX_IMPRESSION);
    if (read instanceof Response) return read;
    await store.addImpression(validateImpression(read.body), new Date().toISOString());
    return new Response(null, { status: 204, headers });
  }

  const methodNotAllowed = (allow: string) => json(405, { error: `method: expected ${allow}` }, { allow });

  return async (request, url) => {
    const path = url.pathname;
    const method = request.method;
    if (path === `${base}/impressions`) {
      if (method === 'POST') return impression(request);
      if (method === 'OPTIONS') {
        const headers = ctx.cors(request.headers.get('origin'));
        if (!headers['access-control-allow-origin']) return new Response(null, { status: 403 });
        return new Response(null, {
          status: 204,
          headers: { ...headers, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '86400' },
        });
      }
      return methodNotAllowed('POST');
    }
    if (path === `${base}/stats`) {
      if (method !== 'GET') return methodNotAllowed('GET');
      if (!(await ctx.authorized(request))) return json(401, { error: 'authorization: expected Bearer <admin token>' }, { 'www-authenticate': 'Bearer' });
      const range = statsRange(url.searchParams.get('from'), url.searchParams.get('to'));
      return json(200, assembleStats(range, await store.stats(range.from, range.to)));
    }
    if (path === `${base}/dashboard` || path.startsWith(`${base}/dashboard/`)) {
      if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed('GET');
      if (!ctx.admin) return json(404, { error: 'dashboard: off, this server has no admin token (adminToken, or CONSENT_GATE_ADMIN_TOKEN for consent-gate serve)' });
      const name = path.slice(`${base}/dashboard`.length);
      return name === '' ? dashboardPage(base) : dashboardAsset(name);
    }
    return undefined;
  };
}

