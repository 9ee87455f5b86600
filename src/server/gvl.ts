/**
 * The Global Vendor List from the site's own server (IAB TCF): visitors' browsers never fetch it
 * from IAB. `GET /consent/gvl/vendor-list.json` (narrowed with `?vendors=1,2,3`) and
 * `GET /consent/gvl/purposes-{lang}.json`, read from a directory (`dir`: offline, tests) or fetched
 * from IAB's published list (`url`) and kept exactly as long as its `Cache-Control` allows.
 * Answers are gzipped for a request that accepts it (`Vary: accept-encoding`).
 */

/** Where the list comes from. */
export interface GvlSource {
  /** A directory holding `vendor-list.json` and `purposes-{lang}.json` (no network; a file is read again when its modification time or size changes). */
  dir?: string;
  /** The base URL of the published list; default IAB's, `https://vendor-list.consensu.org/v3/`. */
  url?: string;
  /** The fetch to use (tests). */
  fetch?: typeof fetch;
  /** The clock, in milliseconds (tests). */
  now?: () => number;
}

/** IAB Europe's published Global Vendor List (v3 format, TCF v2.2 and later). */
export const IAB_GVL_URL = 'https://vendor-list.consensu.org/v3/';
/** How long a browser may keep a list read from `dir`: a day (IAB publishes weekly). */
const DIR_MAX_AGE = 86400;
const FILE = /^\/consent\/gvl\/(vendor-list|purposes-([a-z]{2}(?:-[a-z]{2,4})?))\.json$/i;

interface Cached {
  text: string;
  json?: Record<string, unknown>;
  until: number;
  etag?: string;
  /** A file of `dir`: its modification time and size when read. */
  stamp?: string;
  /** Answers to `?vendors=` already narrowed from this text (the latest NARROWED kept). */
  narrowed?: Map<string, string>;
}

/** How many narrowed lists each file keeps: a site asks for one or a few vendor sets. */
const NARROWED = 32;

const json = (status: number, body: string, maxAge = 0, gzip = false) =>
  new Response(gzip ? new Blob([body]).stream().pipeThrough(new CompressionStream('gzip')) : body, { status, headers: {
    'content-type': 'application/json; charset=utf-8', 'cache-control': maxAge > 0 ? `public, max-age=${maxAge}` : 'no-store',
    vary: 'accept-encoding', ...(gzip && { 'content-encoding': 'gzip' }),
  } });
const error = (status: number, message: string) => json(status, JSON.stringify({ error: message }));

/** Seconds a response may be reused by its `Cache-Control` (0: not at all). */
export function freshFor(cacheControl: string | null): number {
  const cc = (cacheControl ?? '').toLowerCase();
  if (/(^|,)\s*(no-store|no-cache|private)\b/.test(cc)) return 0;
  const m = /(?:^|,)\s*s-maxage\s*=\s*"?(\d+)/.exec(cc) ?? /(?:^|,)\s*max-age\s*=\s*"?(\d+)/.exec(cc);
  return m ? Math.min(Number(m[1]), 31536000) : 0;
}

/**
 * The routes of the Global Vendor List, for `createReceiptHandler` and `consent-gate serve`.
 *
 * @example const gvl = gvlRoutes({ dir: './gvl' }); await gvl(new Request('http://x/consent/gvl/vendor-list.json?vendors=755'))
 * @returns a handler answering those paths (undefined for any other)
 */
export function gvlRoutes(source: GvlSource = {}): (request: Request) => Promise<Response | undefined> {
  const now = source.now ?? Date.now;
  const base = source.url ?? IAB_GVL_URL;
  const doFetch = source.fetch ?? fetch;
  const cache = new Map<string, Cached>();
  const pending = new Map<string, Promise<Cached | undefined>>();

  /** The file's text and how long it stays fresh; undefined when there is no such file. */
  async function load(name: string): Promise<Cached | undefined> {
    if (source.dir) {
      const { readFile, stat } = await import('node:fs/promises');
      const { join } = await import('node:path');
      const path = join(source.dir, name);
      try {
        // Read (and parsed, and narrowed) once per version of the file: a list is hundreds of KB, asked on every first visit.
        const s = await stat(path);
        const stamp = `${s.mtimeMs}:${s.size}`;
        let hit = cache.get(name);
        if (hit?.stamp !== stamp) cache.set(name, hit = { text: await readFile(path, 'utf8'), stamp, until: 0 });
        hit.until = now() + DIR_MAX_AGE * 1000;
        return hit;
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') { cache.delete(name); return undefined; }
        throw e;
      }
    }
    const hit = cache.get(name);
    if (hit && hit.until > now()) return hit;
    let p = pending.get(name);
    if (!p) {
      p = (async () => {
        const r = await doFetch(new URL(name, base), { headers: hit?.etag ? { 'if-none-match': hit.etag } : {} });
        const fresh = freshFor(r.headers.get('cache-control'));
        if (r.status === 304 && hit) {
          const renewed = { ...hit, until: now() + fresh * 1000 };
          cache.set(name, renewed);
          return renewed;
        }
        if (r.status === 404) return undefined;
        if (!r.ok) throw new Error(`${name}: IAB answered ${r.status}`);
        const entry: Cached = { text: await r.text(), until: now() + fresh * 1000, etag: r.headers.get('etag') ?? undefined };
        // Kept only as long as Cache-Control allows (no-store, no-cache or no max-age: not at all).
        if (fresh > 0 || entry.etag) cache.set(name, entry);
        else cache.delete(name);
        return entry;
      })().finally(() => pending.delete(name));
      pending.set(name, p);
    }
    try {
      return await p;
    } catch (e) {
      // IAB unreachable: a list kept earlier still serves (stale), rather than none.
      if (hit) return hit;
      throw e;
    }
  }

  return async (request) => {
    const url = new URL(request.url);
    const m = FILE.exec(url.pathname);
    if (!m && !url.pathname.startsWith('/consent/gvl/')) return undefined;
    if (!m) return error(404, 'not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(JSON.stringify({ error: 'method: expected GET' }), { status: 405, headers: { allow: 'GET', 'content-type': 'application/json; charset=utf-8' } });
    const name = `${m[1]!.toLowerCase()}.json`;
    const want = url.searchParams.get('vendors');
    if (want !== null && !/^(\d{1,5}(,\d{1,5})*)?$/.test(want)) return error(400, 'vendors: expected vendor ids separated by commas');
    let file: Cached | undefined;
    try {
      file = await load(name);
    } catch (e) {
      console.error('consent-gate: gvl:', (e as Error).message);
      return error(502, 'the Global Vendor List could not be had');
    }
    if (!file) return error(404, 'not found');
    const maxAge = Math.max(0, Math.floor((file.until - now()) / 1000));
    // Gzip where the browser takes it: the lists are JSON of tens to hundreds of KB that shrink
    // about five times (the narrowed list of 8 vendors: 40.6 KB, 8.4 KB gzip), and the first layer waits for it.
    const gzip = /\bgzip\b/i.test(request.headers.get('accept-encoding') ?? '');
    if (!want || name !== 'vendor-list.json') return json(200, file.text, maxAge, gzip);
    try {
      file.json ??= JSON.parse(file.text) as Record<string, unknown>;
    } catch {
      return error(502, 'the Global Vendor List is not JSON');
    }
    const narrowed = file.narrowed ??= new Map();
    let text = narrowed.get(want);
    if (text === undefined) {
      const vendors = (file.json.vendors ?? {}) as Record<string, unknown>;
      const ids = new Set(want.split(',').filter(Boolean));
      text = JSON.stringify({ ...file.json, vendors: Object.fromEntries(Object.entries(vendors).filter(([id]) => ids.has(id))) });
      if (narrowed.size >= NARROWED) narrowed.delete(narrowed.keys().next().value!);
      narrowed.set(want, text);
    }
    return json(200, text, maxAge, gzip);
  };
}
