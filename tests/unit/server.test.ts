import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createServer } from 'node:http';
import { createReceiptHandler, openReceiptStore, serve, toNodeHandler, type ReceiptStore } from '../../src/server';
import { driver } from '../../src/server/store';
import { startPostgres } from '../support/postgres';

const TOKEN = 'test-admin-token-0123456789';
const SITE = 'https://shop.example';

const receipt = (over: Record<string, unknown> = {}) => ({
  receiptId: randomUUID(), consentId: randomUUID(), decidedAt: new Date().toISOString(), source: 'banner',
  policies: { privacy: '2024-05-01', terms: '3' }, categories: { necessary: true, analytics: true, marketing: false },
  language: 'en', configHash: 'a1b2c3d4e5f60718', page: '/news/article', ...over,
});

const kinds = [
  {
    name: 'SQLite',
    async start() {
      const dir = mkdtempSync(join(tmpdir(), 'consent-gate-sqlite-'));
      return { location: join(dir, 'receipts.db'), stop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
    /** Runs SQL on its own connection, as an operator would. */
    async sql(location: string, query: string) {
      const db = new Database(location);
      try { return db.prepare(query).reader ? db.prepare(query).all() : db.prepare(query).run(); } finally { db.close(); }
    },
  },
  {
    name: 'PostgreSQL',
    async start() {
      const server = await startPostgres();
      return { location: server.url, stop: () => server.stop() };
    },
    async sql(location: string, query: string) {
      const c = new pg.Client(location);
      await c.connect();
      try { return (await c.query(query)).rows; } finally { await c.end(); }
    },
  },
];

describe.each(kinds)('receipts server on $name', (kind) => {
  let location: string;
  let stop: () => Promise<void>;
  let store: ReceiptStore;
  let handle: (r: Request) => Promise<Response>;
  const all = async () => (await store.between('0000-01-01T00:00:00.000Z', '9999-12-31T00:00:00.000Z')).length;
  const post = (body: unknown, type = 'text/plain', headers: Record<string, string> = {}) => handle(new Request('http://site.test/consent/receipts', {
    method: 'POST', headers: { 'content-type': type, ...headers }, body: (typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body)) as BodyInit,
  }));
  const get = (path: string, token: string | null = TOKEN) =>
    handle(new Request(`http://site.test${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }));

  beforeAll(async () => {
    ({ location, stop } = await kind.start());
    store = await openReceiptStore(location);
    handle = createReceiptHandler({ store, adminToken: TOKEN, allowOrigins: [SITE] });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await stop?.();
  });

  test('stores a receipt sent as text/plain, with the server\'s received-at time', async () => {
    const r = receipt();
    const before = new Date().toISOString();
    const res = await post(r);
    const after = new Date().toISOString();
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ receiptId: r.receiptId, stored: true });
    expect(body.receivedAt >= before && body.receivedAt <= after).toBe(true);
    const stored = await (await get(`/consent/receipts?consentId=${r.consentId}`)).json();
    expect(stored).toEqual([{ ...r, receivedAt: body.receivedAt }]);
  });

  test('stores a receipt sent as application/json', async () => {
    const r = receipt();
    expect((await post(r, 'application/json; charset=utf-8')).status).toBe(201);
    expect((await store.byConsentId(r.consentId)).map((x) => x.receiptId)).toEqual([r.receiptId]);
  });

  test('answers 200 to a repeated receiptId and keeps the first copy', async () => {
    const r = receipt();
    const first = await (await post(r)).json();
    const res = await post({ ...r, categories: { necessary: true, analytics: false, marketing: false } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ receiptId: r.receiptId, receivedAt: first.receivedAt, stored: false });
    const stored = await store.byConsentId(r.consentId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.categories.analytics).toBe(true);
  });

  test('stores 50 concurrent repeats of one receipt exactly once over HTTP', async () => {
    const server = await serve({ db: location, port: 0, adminToken: TOKEN });
    try {
      const r = receipt();
      const statuses = await Promise.all(Array.from({ length: 50 }, () =>
        fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(r) }).then((x) => x.status)));
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(49);
      expect(await store.byConsentId(r.consentId)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test('keeps every decision of a visitor as its own row: a withdrawal is a new receipt', async () => {
    const consentId = randomUUID();
    const first = receipt({ consentId, decidedAt: '2026-01-01T10:00:00.000Z' });
    const change = receipt({ consentId, decidedAt: '2026-02-01T10:00:00.000Z', source: 'preferences', categories: { necessary: true, analytics: false, marketing: false } });
    const withdrawal = receipt({ consentId, decidedAt: '2026-03-01T10:00:00.000Z', source: 'reset', policies: {}, categories: { necessary: true, analytics: false, marketing: false } });
    for (const r of [first, change, withdrawal]) expect((await post(r)).status).toBe(201);
    const stored = await (await get(`/consent/receipts?consentId=${consentId.toUpperCase()}`)).json();
    expect(stored.map((x: { source: string }) => x.source)).toEqual(['banner', 'preferences', 'reset']);
  });

  test('the database refuses updates: receipts are append-only', async () => {
    const r = receipt();
    await post(r);
    await expect(kind.sql(location, `UPDATE consent_receipts SET source = 'api' WHERE receipt_id = '${r.receiptId}'`)).rejects.toThrow(/append-only/);
    expect((await store.byConsentId(r.consentId))[0]!.source).toBe('banner');
  });

  test('migrates once: reopening keeps the receipts, two servers starting together both work', async () => {
    const r = receipt();
    await post(r);
    const [a, b] = await Promise.all([openReceiptStore(location), openReceiptStore(location)]);
    try {
      expect((await a.byConsentId(r.consentId))[0]!.receiptId).toBe(r.receiptId);
      expect((await b.byConsentId(r.consentId))).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
    }
    expect(await kind.sql(location, 'SELECT version FROM consent_gate_migrations')).toEqual([{ version: 1 }, { version: 2 }]);
  });

  const bad: [string, unknown, RegExp][] = [
    ['not JSON', '{"receiptId": ', /body: expected JSON/],
    ['an empty body', '', /body: expected JSON/],
    ['a JSON array', [receipt()], /body: expected a JSON object/],
    ['JSON null', 'null', /body: expected a JSON object/],
    ['an unknown field', receipt({ extra: 1 }), /extra: unknown field/],
    ['an IP address', receipt({ ip: '203.0.113.9' }), /ip: unknown field/],
    ['a user-agent', receipt({ userAgent: 'Mozilla/5.0' }), /userAgent: unknown field/],
    ['a receiptId that is not a uuid', receipt({ receiptId: 'abc' }), /receiptId: expected a uuid/],
    ['a receiptId with more after the uuid', receipt({ receiptId: `${randomUUID()}x` }), /receiptId/],
    ['a numeric consentId', receipt({ consentId: 42 }), /consentId: expected a uuid/],
    ['a decidedAt in words', receipt({ decidedAt: 'yesterday' }), /decidedAt/],
    ['a decidedAt without time', receipt({ decidedAt: '2026-11-27' }), /decidedAt/],
    ['a decidedAt with an offset', receipt({ decidedAt: '2026-11-27T10:00:00.000+02:00' }), /decidedAt/],
    ['a decidedAt on 30 February', receipt({ decidedAt: '2026-02-30T10:00:00.000Z' }), /decidedAt/],
    ['a decidedAt two days ahead', receipt({ decidedAt: new Date(Date.now() + 2 * 864e5).toISOString() }), /decidedAt/],
    ['a decidedAt as a number', receipt({ decidedAt: Date.now() }), /decidedAt/],
    ['an unknown source', receipt({ source: 'cookie-wall' }), /source: expected one of/],
    ['policies as an array', receipt({ policies: ['privacy'] }), /policies: expected an object/],
    ['a numeric policy version', receipt({ policies: { privacy: 1 } }), /policies\.privacy: expected a version/],
    ['a policy version with a space', receipt({ policies: { privacy: 'v 1' } }), /policies\.privacy/],
    ['a policy id starting with a digit', receipt({ policies: { '1st': 'x' } }), /policies\.1st: expected an id/],
    ['a __proto__ category', JSON.stringify(receipt()).replace(/"categories":\{[^}]*\}/, '"categories":{"__proto__":true}'), /categories\.__proto__/],
    ['no categories', receipt({ categories: {} }), /categories: expected 1 to 64 entries/],
    ['65 categories', receipt({ categories: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`c${i}`, true])) }), /categories: expected 1 to 64/],
    ['a category given as "yes"', receipt({ categories: { analytics: 'yes' } }), /categories\.analytics: expected true or false/],
    ['a category given as 1', receipt({ categories: { analytics: 1 } }), /categories\.analytics/],
    ['a language that is not a code', receipt({ language: 'english!!' }), /language/],
    ['an empty configHash', receipt({ configHash: '' }), /configHash/],
    ['a configHash of 129 characters', receipt({ configHash: 'a'.repeat(129) }), /configHash/],
    ['a page without a leading slash', receipt({ page: 'news' }), /page/],
    ['a page with a query', receipt({ page: '/search?q=me@example.com' }), /page/],
    ['a page with a fragment', receipt({ page: '/a#top' }), /page/],
    ['a full URL as page', receipt({ page: 'https://shop.example/a' }), /page/],
    ['a page with a line break', receipt({ page: '/a\nb' }), /page/],
    ['a page of 2049 characters', receipt({ page: '/' + 'a'.repeat(2048) }), /page/],
  ];
  for (const field of Object.keys(receipt())) {
    const r: Record<string, unknown> = receipt();
    delete r[field];
    bad.push([`no ${field}`, r, new RegExp(`^${field}: expected`)]);
  }

  test.each(bad)('refuses %s with 400 and the reason, storing nothing', async (_, body, reason) => {
    const n = await all();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(reason);
    expect(await all()).toBe(n);
  });

  test('refuses a body that is not UTF-8 with 400, storing nothing', async () => {
    const n = await all();
    const bytes = new TextEncoder().encode(JSON.stringify(receipt({ page: '/caf-' })));
    bytes[bytes.indexOf(0x2d, bytes.length - 20)] = 0xff;
    const res = await post(bytes);
    expect(res.status).toBe(400);
    expect(await all()).toBe(n);
  });

  test('refuses a body over 16 KiB with 413, storing nothing', async () => {
    const n = await all();
    const json = JSON.stringify(receipt());
    const res = await post(json.slice(0, -1) + ',"pad":"' + 'x'.repeat(16384) + '"}');
    expect(res.status).toBe(413);
    expect(await all()).toBe(n);
  });

  test('refuses other content types with 415, storing nothing', async () => {
    const n = await all();
    expect((await post(receipt(), 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await handle(new Request('http://site.test/consent/receipts', { method: 'POST', body: new Blob([JSON.stringify(receipt())]) }))).status).toBe(415);
    expect(await all()).toBe(n);
  });

  test('the audit routes need the admin token', async () => {
    const r = receipt();
    await post(r);
    for (const token of [null, 'wrong-token', TOKEN + 'x']) {
      const res = await get(`/consent/receipts?consentId=${r.consentId}`, token);
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain(r.receiptId);
      expect((await get('/consent/receipts.csv', token)).status).toBe(401);
    }
    const open = createReceiptHandler({ store });
    expect((await open(new Request(`http://site.test/consent/receipts?consentId=${r.consentId}`, { headers: { authorization: 'Bearer anything' } }))).status).toBe(401);
    expect((await get('/consent/receipts?consentId=nope')).status).toBe(400);
  });

  test('exports the receipts received in a time range as CSV', async () => {
    const r = receipt({ page: '/a,"quoted"' });
    const { receivedAt } = await (await post(r)).json();
    const after = new Date(Date.parse(receivedAt) + 1).toISOString();
    const res = await get(`/consent/receipts.csv?from=${receivedAt}&to=${after}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('receivedAt,receiptId,consentId,decidedAt,source,language,configHash,page,policies,categories,required,variant');
    const line = lines.find((l) => l.includes(r.receiptId));
    expect(line).toBe(`${receivedAt},${r.receiptId},${r.consentId},${r.decidedAt},banner,en,a1b2c3d4e5f60718,"/a,""quoted""","{""privacy"":""2024-05-01"",""terms"":""3""}","{""necessary"":true,""analytics"":true,""marketing"":false}",,`);
    const empty = await (await get(`/consent/receipts.csv?from=${after}&to=${after}`)).text();
    expect(empty.trimEnd().split('\r\n')).toHaveLength(1);
    const byDate = await (await get(`/consent/receipts.csv?from=${receivedAt.slice(0, 10)}`)).text();
    expect(byDate).toContain(r.receiptId);
    expect((await get('/consent/receipts.csv?from=last-week')).status).toBe(400);
  });

  test('answers CORS preflights and POSTs for allowed origins only', async () => {
    const preflight = (origin: string) => handle(new Request('http://site.test/consent/receipts', {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    }));
    const ok = await preflight(SITE);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST');
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type');
    const denied = await preflight('https://evil.example');
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    expect((await post(receipt(), 'text/plain', { origin: SITE })).headers.get('access-control-allow-origin')).toBe(SITE);
    expect((await post(receipt(), 'text/plain', { origin: 'https://evil.example' })).headers.get('access-control-allow-origin')).toBeNull();
  });

  test('answers 405 to other methods and 404 to other paths', async () => {
    expect((await handle(new Request('http://site.test/consent/receipts', { method: 'PUT', body: '{}' }))).status).toBe(405);
    expect((await handle(new Request('http://site.test/consent/receipts', { method: 'DELETE' }))).status).toBe(405);
    expect((await handle(new Request('http://site.test/consent/other'))).status).toBe(404);
  });
});

describe('the SQLite file', () => {
  test('is a WAL database that another connection reads while the server writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consent-gate-sqlite-'));
    const file = join(dir, 'r.db');
    const store = await openReceiptStore(file);
    try {
      const r = receipt();
      const handle = createReceiptHandler({ store });
      await handle(new Request('http://x/consent/receipts', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(r) }));
      const db = new Database(file, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT receipt_id FROM consent_receipts').pluck().all()).toEqual([r.receiptId]);
      db.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Node adapter', () => {
  test('answers 413 to a 1 MB body without reading it all', async () => {
    const server = await serve({ db: ':memory:', port: 0 });
    try {
      const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(1 << 20) });
      expect(res.status).toBe(413);
      expect(res.headers.get('connection')).toBe('close');
      expect(await server.store.between('0000', '9999')).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test('as middleware, passes other paths on to next() with their body unread', async () => {
    const store = await openReceiptStore(':memory:');
    const mw = toNodeHandler(createReceiptHandler({ store }));
    const http = createServer((req, res) => mw(req, res, () => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => res.end(`next saw ${req.url} ${body}`));
    }));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const { port } = http.address() as { port: number };
    try {
      const other = await fetch(`http://127.0.0.1:${port}/api/orders`, { method: 'POST', body: '{"order":1}' });
      expect(await other.text()).toBe('next saw /api/orders {"order":1}');
      const mine = await fetch(`http://127.0.0.1:${port}/consent/receipts`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(receipt()) });
      expect(mine.status).toBe(201);
    } finally {
      http.close();
      await store.close();
    }
  });
});

describe('the server entry', () => {
  test('says which package to install when a database driver is missing', async () => {
    const missing = 'consent-gate-no-such-driver';
    await expect(driver(() => import(/* @vite-ignore */ missing), 'pg')).rejects.toThrow('this store needs the pg package: npm i pg');
  });

  test('rejects an allowOrigins entry that is not an origin', async () => {
    const store = await openReceiptStore(':memory:');
    expect(() => createReceiptHandler({ store, allowOrigins: ['shop.example'] })).toThrow(/allowOrigins/);
    await store.close();
  });

  test('is not reachable from the main entry, which stays free of server code', () => {
    // Walk the static import graph of src/index.ts.
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)) {
        walk(resolve(dirname(file), (m[1] ?? m[2]!).replace(/\.js$/, '') + '.ts'));
      }
    };
    walk(resolve(import.meta.dirname, '../../src/index.ts'));
    expect([...seen].some((f) => f.endsWith('src/core/store.ts'))).toBe(true);
    expect([...seen].filter((f) => f.includes('/src/server'))).toEqual([]);
  });

  test('touches no window or document when imported', async () => {
    const touched: string[] = [];
    for (const name of ['window', 'document', 'location', 'localStorage']) {
      Object.defineProperty(globalThis, name, { configurable: true, get() { touched.push(name); return undefined; } });
    }
    try {
      vi.resetModules();
      await import('../../src/server');
      await import('../../src/server/sqlite');
      await import('../../src/server/postgres');
      expect(touched).toEqual([]);
    } finally {
      for (const name of ['window', 'document', 'location', 'localStorage']) delete (globalThis as Record<string, unknown>)[name];
    }
  });
});
