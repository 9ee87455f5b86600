import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { freshFor, gvlRoutes } from '../../src/server/gvl';

const DIR = fileURLToPath(new URL('../fixtures/iab-gvl/', import.meta.url));
const LIST = readFileSync(DIR + 'vendor-list.json', 'utf8');
const get = (h: ReturnType<typeof gvlRoutes>, path: string) => h(new Request('http://site.test' + path));

describe('the vendor list from a directory', () => {
  const h = gvlRoutes({ dir: DIR });

  test('serves the whole list, and narrowed to ?vendors=', async () => {
    const all = await get(h, '/consent/gvl/vendor-list.json');
    expect(all!.status).toBe(200);
    expect(all!.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(Object.keys((await all!.json()).vendors)).toHaveLength(376);
    const some = await (await get(h, '/consent/gvl/vendor-list.json?vendors=755,21,99999'))!.json();
    expect(Object.keys(some.vendors)).toEqual(['21', '755']);
    expect(some.purposes['1']).toBeDefined();
    expect(some.vendorListVersion).toBe(JSON.parse(LIST).vendorListVersion);
  });

  test('gzips the lists for a browser that accepts gzip, and only then', async () => {
    const path = '/consent/gvl/vendor-list.json?vendors=755,21';
    const zipped = (await h(new Request('http://site.test' + path, { headers: { 'accept-encoding': 'gzip, deflate, br' } })))!;
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('accept-encoding');
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    const plain = await (await get(h, path))!.text();
    expect(bytes.length).toBeLessThan(plain.length / 3);
    expect(gunzipSync(bytes).toString('utf8')).toBe(plain);
    const de = (await h(new Request('http://site.test/consent/gvl/purposes-de.json', { headers: { 'accept-encoding': 'gzip' } })))!;
    expect(JSON.parse(gunzipSync(new Uint8Array(await de.arrayBuffer())).toString('utf8')).purposes['1'].name).toMatch(/Gerät speicher/);
    expect((await get(h, path))!.headers.get('content-encoding')).toBeNull();
  });

  test('serves a translation, 404 for a missing one, 400 for bad vendor ids', async () => {
    expect((await (await get(h, '/consent/gvl/purposes-de.json'))!.json()).purposes['1'].name).toMatch(/Gerät speicher/);
    expect((await get(h, '/consent/gvl/purposes-xx.json'))!.status).toBe(404);
    expect((await get(h, '/consent/gvl/%2e%2e%2fLICENSE'))!.status).toBe(404);
    expect((await get(h, '/consent/gvl/vendor-list.json?vendors=1;DROP'))!.status).toBe(400);
    expect(await get(h, '/consent/receipts')).toBeUndefined();
  });

  test('reads a file once per version: the same modification time and size answer from memory, a new one is read again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gvl-'));
    try {
      const file = join(dir, 'vendor-list.json');
      const list = JSON.parse(LIST);
      const write = (version: number, mtime: number) => {
        writeFileSync(file, JSON.stringify({ ...list, vendorListVersion: version }));
        utimesSync(file, mtime, mtime);
      };
      const version = async (path: string) => (await (await get(d, path))!.json()).vendorListVersion;
      const d = gvlRoutes({ dir });
      write(100, 1_700_000_000);
      expect(await version('/consent/gvl/vendor-list.json?vendors=755')).toBe(100);
      // Another list of the same size, with the same modification time: the one read stands (whole and narrowed).
      write(200, 1_700_000_000);
      expect(await version('/consent/gvl/vendor-list.json?vendors=755')).toBe(100);
      expect(await version('/consent/gvl/vendor-list.json')).toBe(100);
      // Touched: read again, and the narrowed answers made from the new one.
      write(200, 1_700_000_100);
      expect(await version('/consent/gvl/vendor-list.json?vendors=755')).toBe(200);
      expect(await version('/consent/gvl/vendor-list.json')).toBe(200);
      rmSync(file);
      expect((await get(d, '/consent/gvl/vendor-list.json'))!.status).toBe(404);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the vendor list fetched from IAB, cached as its Cache-Control says', () => {
  // Stands in for IAB's vendor-list.consensu.org on 127.0.0.1: tests never leave this machine.
  let server: Server;
  let base = '';
  let hits: string[] = [];
  let cacheControl = 'max-age=600';
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url!);
      if (req.url === '/v3/vendor-list.json') res.writeHead(200, { 'content-type': 'application/json', 'cache-control': cacheControl }).end(LIST);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v3/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('keeps the list for max-age, then fetches it again', async () => {
    hits = [];
    cacheControl = 'public, max-age=600';
    let t = 1_000_000;
    const h = gvlRoutes({ url: base, now: () => t });
    const first = await get(h, '/consent/gvl/vendor-list.json?vendors=755');
    expect(first!.status).toBe(200);
    expect(first!.headers.get('cache-control')).toBe('public, max-age=600');
    t += 599_000;
    const second = await get(h, '/consent/gvl/vendor-list.json');
    expect(second!.headers.get('cache-control')).toBe('public, max-age=1');
    expect(hits).toEqual(['/v3/vendor-list.json']);
    t += 2_000;
    await get(h, '/consent/gvl/vendor-list.json');
    expect(hits).toEqual(['/v3/vendor-list.json', '/v3/vendor-list.json']);
  });

  test('keeps nothing when IAB says no-store', async () => {
    hits = [];
    cacheControl = 'no-store';
    const h = gvlRoutes({ url: base });
    await get(h, '/consent/gvl/vendor-list.json');
    const r = await get(h, '/consent/gvl/vendor-list.json');
    expect(r!.headers.get('cache-control')).toBe('no-store');
    expect(hits).toHaveLength(2);
  });

  test('serves the list kept earlier when IAB is unreachable, and 502 without one', async () => {
    cacheControl = 'max-age=1';
    let t = 0;
    const h = gvlRoutes({ url: base, now: () => t });
    await get(h, '/consent/gvl/vendor-list.json');
    const down = gvlRoutes({ url: 'http://127.0.0.1:1/v3/' });
    expect((await get(down, '/consent/gvl/vendor-list.json'))!.status).toBe(502);
    t = 10_000;
    server.close();
    server.closeAllConnections();
    // Still answered, from the copy kept before (stale rather than none).
    expect((await get(h, '/consent/gvl/vendor-list.json'))!.status).toBe(200);
  });

  test('reads max-age and s-maxage, refusing no-cache and private', () => {
    expect(freshFor('public, max-age=604800')).toBe(604800);
    expect(freshFor('s-maxage=60, max-age=10')).toBe(60);
    expect(freshFor('no-cache, max-age=60')).toBe(0);
    expect(freshFor('private, max-age=60')).toBe(0);
    expect(freshFor(null)).toBe(0);
  });
});
