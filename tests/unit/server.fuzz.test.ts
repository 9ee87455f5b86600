/**
 * Server fuzzing (issue 10): random and hostile requests against the receipts
 * handler, on SQLite always and on PostgreSQL in a sample. Methods, paths, query
 * strings, headers (content types, encodings, origins, tokens) and bodies (valid
 * receipts, receipts with one field broken, prototype keys, random JSON, deep
 * nesting, oversized, invalid UTF-8, random bytes). Invariants: never a 5xx, every
 * refusal says why, a 201 stores exactly what `validateReceipt` makes of the body,
 * and every row in the table, read back with SQL, passes that same check.
 *
 * `npm test`: a fixed seed and the run counts below. `npm run fuzz`: FUZZ_RUNS each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createReceiptHandler, openReceiptStore, serve, type ReceiptStore } from '../../src/server';
import { fromRow, type Row } from '../../src/server/store';
import { readFileSync } from 'node:fs';
import { ID, VERSION, isIsoTime } from '../../src/receipts/validate';
// The server's check: the client's, and a tcString that reads as a TC string.
import { validateReceipt } from '../../src/server/receipt';
import { GVL, Segment, TCModel, TCString } from '@iabtechlabtcf/core';
import { tryTcString } from '../../src/iab/tcf/decode';
import { GppModel } from '@iabgpp/cmpapi';
import type { ConsentReceipt } from '../../src/receipts/types';
import { startPostgres, type PostgresServer } from '../support/postgres';
import Cookies from 'js-cookie';
import { createConsent } from '../../src/consent/store';
import type { DecisionStorage } from '../../src/storage/types';
import { COOKIE_VALUE, FIELD_VALUE, isOrigin } from '../../src/server/headers';
import { limit, runs, seed } from '../support/fuzz';

const TOKEN = 'fuzz-admin-token-0123456789';
const SITE = 'https://shop.example';

// ---- receipts the client can make (the grammar of validate.ts, from the config's side) ----
const id = fc.stringMatching(/^[A-Za-z][\w-]{0,31}$/).filter((s) => ID.test(s));
const version = fc.oneof(
  fc.stringMatching(/^[\w.-]{1,20}$/),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
).filter((v) => VERSION.test(v));
const language = fc.oneof(
  fc.constantFrom('', 'en', 'de-de-u-co-phonebk', 'zh-hant-tw', 'en-us-x-twain', 'sr-latn-rs', 'i-klingon'),
  fc.stringMatching(/^[a-z]{2,3}(-[a-z\d]{1,8}){0,8}$/),
);
// TC strings (IAB TCF) written by IAB's encoder for random vendor sets of the real list, and Additional Consent strings.
const GVL_JSON = { ...JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/iab-gvl/vendor-list.json'), 'utf8')), tcfPolicyVersion: 5 };
const VENDOR_IDS = Object.keys(GVL_JSON.vendors).map(Number);
const tcString = fc.record({
  consents: fc.subarray(VENDOR_IDS, { maxLength: 200 }), disclosed: fc.subarray(VENDOR_IDS, { maxLength: 300 }),
  purposes: fc.subarray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), publisher: fc.boolean(),
}).map(({ consents, disclosed, purposes, publisher }) => {
  const m = new TCModel(new GVL(GVL_JSON));
  m.cmpId = 123;
  m.cmpVersion = 1;
  m.purposeConsents.set(purposes);
  m.vendorConsents.set(consents);
  m.vendorsDisclosed.set(disclosed);
  m.publisherConsents.set(purposes);
  return TCString.encode(m, { segments: [Segment.CORE, Segment.VENDORS_DISCLOSED, ...(publisher ? [Segment.PUBLISHER_TC] : [])] });
});
const ids = fc.array(fc.integer({ min: 1, max: 3000 }), { maxLength: 20 }).map((xs) => xs.join('.'));
const addtlConsent = fc.oneof(fc.tuple(ids, ids).map(([a, b]) => `2~${a}~dv.${b}`), ids.map((a) => `1~${a}`));
/** A TC string broken as transport, storage or hand editing break them: cut, a character changed, segments lost or doubled, padding set, oversized, random. */
const garbledTcString = fc.oneof(
  fc.tuple(tcString, fc.nat()).map(([s, n]) => s.slice(0, n % s.length)),
  fc.tuple(tcString, fc.nat(), fc.constantFrom(...'AQgw_-9z.!=+/ ')).map(([s, n, c]) => s.slice(0, n % s.length) + c + s.slice((n % s.length) + 1)),
  tcString.map((s) => s.split('.').reverse().join('.')),
  tcString.map((s) => `${s}.${s.split('.')[1]}`),
  tcString.map((s) => s.split('.')[0]!),
  fc.nat(20_000).map((n) => 'C'.repeat(8193 + n)),
  fc.stringMatching(/^[\w.-]{1,300}$/),
  fc.constantFrom('', 'COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA', 'BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA', 'CQ.AAAA', '...', 'CP____'),
);
/** A GPP string as IAB's library writes it: usnat or a state's section (each with a GPC subsection), random sale opt-out and GPC. */
const gppString = fc.record({
  section: fc.constantFrom('usnat', 'usca', 'usco', 'usmd'), sale: fc.integer({ min: 0, max: 2 }), gpc: fc.boolean(),
}).map(({ section, sale, gpc }) => {
  const m = new GppModel();
  m.setFieldValue(section, 'SaleOptOut', sale);
  m.setFieldValue(section, 'Gpc', gpc);
  return m.encode();
});
/** GPP strings cut, with a character changed, a section dropped or repeated, under another header; or anything of the shape. */
const garbledGppString = fc.oneof(
  fc.tuple(gppString, fc.nat()).map(([s, n]) => s.slice(0, n % s.length)),
  fc.tuple(gppString, fc.nat(), fc.constantFrom(...'AQgw_-9z.~!')).map(([s, n, c]) => s.slice(0, n % s.length) + c + s.slice((n % s.length) + 1)),
  gppString.map((s) => s.split('~')[0]!),
  gppString.map((s) => `${s}~${s.split('~')[1]}`),
  gppString.map((s) => `DBABMA~${s.split('~')[1]}`),
  fc.stringMatching(/^D[\w-]{1,10}(~[\w.-]{1,40}){0,3}$/),
);
/** Does IAB's library read it (what the server asks of a gppString)? */
const readsAsGpp = (s: string) => { try { new GppModel(s).toObject(); return true; } catch { return false; } };
const validReceipt: fc.Arbitrary<ConsentReceipt> = fc.record({
  receiptId: fc.uuid(),
  consentId: fc.uuid(),
  decidedAt: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  source: fc.constantFrom('banner', 'preferences', 'api', 'placeholder', 'action', 'reset'),
  policies: fc.dictionary(id, version, { maxKeys: 4 }),
  categories: fc.dictionary(id, fc.boolean(), { minKeys: 1, maxKeys: 40 }),
  language,
  configHash: fc.stringMatching(/^[\w-]{1,128}$/),
  page: fc.stringMatching(/^\/[!"$->@-~]{0,80}$/),
  region: fc.option(fc.constantFrom('DE', 'US-CA', 'gb', 'FR-75'), { nil: undefined }),
  mode: fc.option(fc.constantFrom('opt-in', 'opt-out', 'notice'), { nil: undefined }),
  variant: fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((v) => !/[\p{Cc}]/u.test(v)), { nil: undefined }),
  tcString: fc.option(tcString, { nil: undefined, freq: 3 }),
  addtlConsent: fc.option(addtlConsent, { nil: undefined, freq: 3 }),
  gppString: fc.option(gppString, { nil: undefined, freq: 3 }),
}, { requiredKeys: ['receiptId', 'consentId', 'decidedAt', 'source', 'policies', 'categories', 'language', 'configHash', 'page'] })
  .map((r) => {
    const out = { ...r } as ConsentReceipt;
    for (const k of ['region', 'mode', 'variant', 'tcString', 'addtlConsent', 'gppString'] as const) if (out[k] === undefined) delete out[k];
    // `required`: some of its own categories, sometimes.
    const cats = Object.keys(r.categories);
    if (cats.length > 2 && r.receiptId.charCodeAt(1) % 2) out.required = cats.slice(0, 1);
    return out;
  });

// ---- hostile bodies ----
// Every property name of Object.prototype (and `__proto__`, `prototype`), as a key and as a value.
const PROTO_KEYS = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype'])];
const builtin = fc.constantFrom(...PROTO_KEYS);
/** The prototypes a polluting key would change, to compare after the runs. */
const prototypes = () => [Object.prototype, Object, Function.prototype, Array.prototype].map((o) => Object.getOwnPropertyNames(o).sort().join());
const broken = fc.tuple(validReceipt, fc.constantFrom('receiptId', 'consentId', 'decidedAt', 'source', 'policies', 'categories', 'language', 'configHash', 'page', 'region', 'mode', 'variant', 'required', 'extra'), fc.jsonValue({ maxDepth: 3 }))
  .map(([r, key, value]) => JSON.stringify({ ...r, [key]: value }));
const dropped = fc.tuple(validReceipt, fc.nat(8)).map(([r, i]) => {
  const o: Record<string, unknown> = { ...r };
  delete o[Object.keys(o)[i % Object.keys(o).length]!];
  return JSON.stringify(o);
});
// Prototype keys written into the JSON text (an object literal would not serialise __proto__ as a key).
const proto = fc.tuple(validReceipt, fc.constantFrom(...PROTO_KEYS), fc.constantFrom('top', 'categories', 'policies'), fc.jsonValue({ maxDepth: 2 }))
  .map(([r, key, where, value]) => {
    const json = JSON.stringify(r);
    const entry = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    if (where === 'top') return json.replace(/^\{/, `{${entry},`);
    return json.replace(`"${where}":{`, `"${where}":{${entry}${where === 'policies' && json.includes('"policies":{}') ? '' : ','}`);
  });
// A built-in's name as the value of each field, or as a category or policy id (issue 21): a receipt, an impression, a cookie.
const RECEIPT_SLOTS = ['variant', 'region', 'language', 'source', 'mode', 'configHash', 'receiptId', 'consentId', 'category', 'policy', 'version', 'required', 'key'] as const;
const IMPRESSION_SLOTS = ['variant', 'region', 'language', 'view', 'mode', 'key'] as const;
const COOKIE_SLOTS = ['name', 'value', 'path', 'domain', 'sameSite', 'maxAge', 'key', 'version'] as const;
/** A receipt with `name` in `slot`, as JSON text (a computed key is an own property, `__proto__` included). */
function receiptWith(r: ConsentReceipt, name: string, slot: (typeof RECEIPT_SLOTS)[number]): string {
  const o: Record<string, unknown> = { ...r };
  if (slot === 'category') o.categories = { ...r.categories, [name]: true };
  else if (slot === 'policy') o.policies = { ...r.policies, [name]: '1' };
  else if (slot === 'version') o.policies = { ...r.policies, privacy: name };
  else if (slot === 'required') o.required = [name];
  else if (slot === 'key') return JSON.stringify(r).replace(/^\{/, `{${JSON.stringify(name)}:1,`);
  else o[slot] = name;
  return JSON.stringify(o);
}
const impressionWith = (name: string, slot: (typeof IMPRESSION_SLOTS)[number]) => slot === 'key'
  ? `{${JSON.stringify(name)}:"x","view":"banner","mode":"opt-in"}`
  : JSON.stringify({ view: 'banner', mode: 'opt-in', language: 'en', variant: 'a', [slot]: name });
/** A decision record as the store writes it into its cookie (js-cookie's escaping). */
function writtenRecord(): string {
  let value = '';
  const storage: DecisionStorage = { kind: 'cookie', read: () => value || undefined, write(v) { value = v; }, clear() { value = ''; } };
  createConsent({ categories: { necessary: { required: true }, analytics: {} }, policies: { privacy: { version: 'v1' } } }, { storage }).acceptAll();
  return Cookies.converter.write(value, 'consent');
}
const RECORD = writtenRecord();
const cookieWith = (name: string, slot: (typeof COOKIE_SLOTS)[number]) => slot === 'key'
  ? `{${JSON.stringify(name)}:1,"name":"consent","value":${JSON.stringify(RECORD)},"maxAge":86400}`
  : JSON.stringify({
    name: 'consent', value: slot === 'version' ? RECORD.replace('privacy:v1', `privacy:${name}`) : RECORD, maxAge: 86400,
    ...(slot !== 'version' && { [slot]: slot === 'path' ? `/${name}` : name }),
  });
const builtinReceipt = fc.tuple(validReceipt, builtin, fc.constantFrom(...RECEIPT_SLOTS)).map(([r, name, slot]) => receiptWith(r, name, slot));
const builtinImpression = fc.tuple(builtin, fc.constantFrom(...IMPRESSION_SLOTS)).map(([name, slot]) => impressionWith(name, slot));
const builtinCookie = fc.tuple(builtin, fc.constantFrom(...COOKIE_SLOTS)).map(([name, slot]) => cookieWith(name, slot));
const nested = fc.tuple(fc.integer({ min: 1, max: 12_000 }), fc.constantFrom('[', '{"a":')).map(([n, open]) =>
  open.repeat(n) + (open === '[' ? ']' : '1}').repeat(n).slice(open === '[' ? 0 : 1).replace(/^/, open === '[' ? '' : '1'));
const badUtf8 = fc.tuple(validReceipt, fc.constantFrom(0xff, 0xc0, 0xed, 0x80, 0xf8)).map(([r, byte]) => {
  const bytes = new TextEncoder().encode(JSON.stringify(r));
  bytes[Math.floor(bytes.length / 2)] = byte;
  return bytes;
});
/** A receipt whose TC string is garbled (or, by chance, still one). */
const garbledTc = fc.tuple(validReceipt, garbledTcString).map(([r, tc]) => JSON.stringify({ ...r, tcString: tc }));
/** A receipt whose GPP string is garbled (or, by chance, still one). */
const garbledGpp = fc.tuple(validReceipt, garbledGppString).map(([r, gpp]) => JSON.stringify({ ...r, gppString: gpp }));
const body: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  { arbitrary: validReceipt.map((r) => JSON.stringify(r)), weight: 6 },
  { arbitrary: garbledTc, weight: 2 },
  { arbitrary: garbledGpp, weight: 2 },
  broken, dropped, proto,
  { arbitrary: builtinReceipt, weight: 3 }, builtinImpression, builtinCookie,
  fc.json({ maxDepth: 4 }),
  nested,
  fc.nat(40_000).map((n) => '"' + 'x'.repeat(16_380 + n) + '"'),
  badUtf8,
  fc.uint8Array({ maxLength: 300 }),
  validReceipt.map((r) => '\ufeff' + JSON.stringify(r)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constant(undefined),
);

// ---- hostile requests ----
const headerText = fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => s.replace(/[\0\r\n]/g, '').trim());
const method = fc.oneof(
  { arbitrary: fc.constant('POST'), weight: 12 }, { arbitrary: fc.constant('GET'), weight: 4 },
  fc.constantFrom('OPTIONS', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'PROPFIND'), fc.stringMatching(/^[A-Z]{1,10}$/))
  .filter((m) => !['CONNECT', 'TRACE', 'TRACK'].includes(m));
const path = fc.oneof(
  { arbitrary: fc.constant('/consent/receipts'), weight: 12 }, { arbitrary: fc.constant('/consent/receipts.csv'), weight: 2 },
  fc.constantFrom('/consent/receipts.csv', '/consent/receipts/', '/consent/RECEIPTS', '/consent/receipts%2ecsv',
    '/consent/receipts.csv.csv', '/consent/receipts/../receipts', '//consent/receipts', '/', '/consent/receipts%00'),
  { arbitrary: fc.constantFrom('/consent/impressions', '/consent/stats', '/consent/cookie', '/consent/region'), weight: 4 },
  builtin.map((name) => `/consent/${name}`),
  fc.webPath(),
);
const queryValue = fc.oneof(fc.uuid(), builtin, fc.constantFrom('2026-11-27', '2026-02-30', '9999-12-31T23:59:59.999Z', '', 'null', '-1', '0000-00-00'), fc.string({ unit: 'binary', maxLength: 40 }));
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom('consentId', 'from', 'to', ...PROTO_KEYS), fc.string({ maxLength: 10 })), queryValue), { maxLength: 4 })
  .map((pairs) => (pairs.length ? '?' + new URLSearchParams(pairs).toString() : ''));
const headers = fc.record({
  'content-type': fc.oneof({ arbitrary: fc.constantFrom('text/plain', 'application/json'), weight: 8 }, fc.constantFrom('text/plain', 'application/json', 'application/json; charset=utf-8', 'TEXT/PLAIN;charset=latin1', 'text/plain;;;',
    'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json\t', ''), headerText),
  'content-encoding': fc.oneof({ arbitrary: fc.constant(''), weight: 8 }, fc.constantFrom('gzip', 'br', 'identity', 'deflate, gzip')),
  origin: fc.oneof({ arbitrary: fc.constantFrom('', SITE), weight: 8 }, fc.constantFrom(SITE, 'https://evil.example', 'null', 'http://site.test', 'https://shop.example:443'), headerText),
  authorization: fc.oneof(fc.constant(`Bearer ${TOKEN}`), fc.constant(`bearer  ${TOKEN} `), headerText.map((t) => `Bearer ${t}`)),
  host: fc.constantFrom('site.test', 'shop.example', 'evil.example'),
  'x-forwarded-host': headerText,
}, { requiredKeys: ['content-type'] });
const hostile = fc.record({ method, path, query, headers, body });

interface Hostile { method: string; path: string; query: string; headers: Partial<Record<string, string>>; body: string | Uint8Array | undefined }
/** Statuses seen, per store: printed after each run so the spread of what was tried shows. */
const seen: Record<string, Record<number, number>> = {};

/** The checks made of every answer; a 201 must have stored exactly what the validator makes of the body. */
async function check(store: ReceiptStore, res: Response, req: Hostile) {
  expect(res.status).toBeLessThan(500);
  expect([200, 201, 204, 400, 401, 403, 404, 405, 413, 415]).toContain(res.status);
  // Every header as its grammar has it: nothing a visitor sent goes into one raw.
  for (const [name, value] of res.headers) expect(value, name).toMatch(FIELD_VALUE);
  const allowed = res.headers.get('access-control-allow-origin');
  if (allowed !== null) expect(allowed === '*' || isOrigin(allowed), allowed).toBe(true);
  for (const cookie of res.headers.getSetCookie()) expect(cookie.split(';')[0]!.split('=').slice(1).join('='), cookie).toMatch(COOKIE_VALUE);
  if (res.status >= 400 && req.method !== 'OPTIONS') {
    const error = (await res.json()).error;
    expect(typeof error).toBe('string');
    expect(error.length).toBeGreaterThan(0);
  } else {
    await res.arrayBuffer();
  }
  if (res.status === 201) {
    const text = typeof req.body === 'string' ? req.body : new TextDecoder().decode(req.body);
    const expected = validateReceipt(JSON.parse(text.replace(/^\ufeff/, '')));
    const stored = await store.byConsentId(expected.consentId);
    const row = stored.find((r) => r.receiptId === expected.receiptId)!;
    const { receivedAt, ...rest } = row;
    expect(rest).toEqual(expected);
    expect(isIsoTime(receivedAt)).toBe(true);
  }
}

const send = (handle: (r: Request) => Promise<Response>, req: Hostile) => {
  const init: RequestInit & { duplex?: string } = { method: req.method, headers: Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => !!e[1])) };
  if (req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD') init.body = req.body as BodyInit;
  return handle(new Request(`http://site.test${req.path}${req.query}`, init));
};

/** Every row of the table, read with SQL, is a receipt the validator accepts as it is. */
function expectEveryRowValid(rows: Row[]) {
  for (const row of rows) {
    const { receivedAt, ...receipt } = fromRow(row);
    expect(validateReceipt(receipt)).toEqual(receipt);
    expect(isIsoTime(receivedAt)).toBe(true);
  }
}

const kinds = [
  {
    name: 'SQLite', hostileRuns: runs(400), validRuns: runs(200),
    async start() {
      const dir = mkdtempSync(join(tmpdir(), 'consent-gate-fuzz-'));
      const file = join(dir, 'r.db');
      return {
        location: file,
        rows: async () => { const db = new Database(file, { readonly: true }); try { return db.prepare('SELECT * FROM consent_receipts').all() as Row[]; } finally { db.close(); } },
        stop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL', hostileRuns: runs(60), validRuns: runs(40),
    async start() {
      const server: PostgresServer = await startPostgres();
      return {
        location: server.url,
        rows: async () => { const c = new pg.Client(server.url); await c.connect(); try { return (await c.query<Row>('SELECT * FROM consent_receipts')).rows; } finally { await c.end(); } },
        stop: () => server.stop(),
      };
    },
  },
];

describe.each(kinds)('the receipts handler on $name, fuzzed', (kind) => {
  let db: Awaited<ReturnType<typeof kind.start>>;
  let store: ReceiptStore;
  let handle: (r: Request) => Promise<Response>;
  beforeAll(async () => {
    db = await kind.start();
    store = await openReceiptStore(db.location);
    handle = createReceiptHandler({ store, adminToken: TOKEN, allowOrigins: [SITE] });
  }, limit(60_000));
  afterAll(async () => {
    await store?.close();
    await db?.stop();
  });

  test('stores every receipt the client can make, and reads it back as sent', async () => {
    await fc.assert(fc.asyncProperty(validReceipt, fc.constantFrom('text/plain', 'application/json'), async (r, type) => {
      const res = await handle(new Request('http://site.test/consent/receipts', { method: 'POST', headers: { 'content-type': type, origin: SITE }, body: JSON.stringify(r) }));
      expect(res.status).toBe(201);
      const [stored] = await store.byConsentId(r.consentId);
      expect(stored).toEqual({ ...validateReceipt(r), receivedAt: stored!.receivedAt });
    }), { numRuns: kind.validRuns, seed: seed() });
  }, 0);

  test('hostile requests: never a 5xx, every refusal says why, a 201 stores what the validator makes of the body', async () => {
    const count = (seen[kind.name] = {} as Record<number, number>);
    const before = prototypes();
    await fc.assert(fc.asyncProperty(hostile, async (req) => {
      const res = await send(handle, req);
      count[res.status] = (count[res.status] ?? 0) + 1;
      await check(store, res, req);
    }), { numRuns: kind.hostileRuns, seed: seed() });
    console.info(`${kind.name}: ${kind.hostileRuns} hostile requests, statuses ${JSON.stringify(count)}`);
    // The runs reached the store and its refusals, not only the router.
    expect(count[201]).toBeGreaterThan(0);
    expect(count[400]).toBeGreaterThan(0);
    // What was counted (built-ins' names among it) is still figures, and no prototype changed.
    const stats = await handle(new Request('http://site.test/consent/stats', { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(stats.status).toBe(200);
    expect((await stats.json()).total.decisions).toBeGreaterThan(0);
    expect(prototypes()).toEqual(before);
  }, 0);

  test('every name of Object.prototype as each id, variant, region, language, policy and category: refused or counted, never a 5xx, no prototype changed', async () => {
    const before = prototypes();
    const [sample] = fc.sample(validReceipt, { numRuns: 1, seed: seed() });
    const requests: [string, string][] = PROTO_KEYS.flatMap((name) => [
      ...RECEIPT_SLOTS.map((slot): [string, string] => ['/consent/receipts', receiptWith({ ...sample!, receiptId: crypto.randomUUID() }, name, slot)]),
      ...IMPRESSION_SLOTS.map((slot): [string, string] => ['/consent/impressions', impressionWith(name, slot)]),
      ...COOKIE_SLOTS.map((slot): [string, string] => ['/consent/cookie', cookieWith(name, slot)]),
    ]);
    const statuses: Record<string, number> = {};
    for (const [path, body] of requests) {
      // The cookie route takes the site's own pages only (no Origin: not a page); the others, the allowed site too.
      const req: Hostile = { method: 'POST', path, query: '', headers: { 'content-type': 'application/json', ...(path !== '/consent/cookie' && { origin: SITE }) }, body };
      const res = await send(handle, req);
      statuses[`${path} ${res.status}`] = (statuses[`${path} ${res.status}`] ?? 0) + 1;
      await check(store, res, req);
    }
    // Each route both took some and refused some: the names reached the counts, not only the validators.
    for (const path of ['/consent/receipts', '/consent/impressions']) {
      expect(statuses[`${path} 400`], path).toBeGreaterThan(0);
      expect((statuses[`${path} 201`] ?? 0) + (statuses[`${path} 204`] ?? 0), path).toBeGreaterThan(0);
    }
    expect(statuses['/consent/cookie 400']).toBeGreaterThan(0);
    expect(statuses['/consent/cookie 204']).toBeGreaterThan(0);
    console.info(`built-ins' names: ${JSON.stringify(statuses)}`);
    const stats = await handle(new Request('http://site.test/consent/stats', { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(stats.status).toBe(200);
    const body = JSON.parse(await stats.text());
    for (const name of PROTO_KEYS) expect(Object.hasOwn(body.by.variant, name), name).toBe(true);
    expect(prototypes()).toEqual(before);
  }, 0);

  /** Receipts whose `field` is garbled: refused naming the field, stored only when `reads` still reads it (and it fits the shape), never a 5xx. */
  const garbled = (field: 'tcString' | 'gppString', strings: fc.Arbitrary<string>, reads: (s: string) => boolean, label: string) => async () => {
    const count: Record<string, number> = {};
    await fc.assert(fc.asyncProperty(validReceipt, strings, async (sample, value) => {
      // New ids: the same seed made these receipts in the tests above.
      const r = { ...sample, receiptId: crypto.randomUUID(), consentId: crypto.randomUUID() };
      const req: Hostile = { method: 'POST', path: '/consent/receipts', query: '', headers: { 'content-type': 'text/plain', origin: SITE }, body: JSON.stringify({ ...r, [field]: value }) };
      const res = await send(handle, req);
      count[res.status] = (count[res.status] ?? 0) + 1;
      if (new TextEncoder().encode(req.body as string).length > 16384) {
        expect(res.status).toBe(413);
      } else if (reads(value)) {
        expect(res.status).toBe(201);
        await check(store, res, req);
      } else {
        expect(res.status).toBe(400);
        expect((await res.json()).error).toMatch(new RegExp(`^${field}: `));
        expect(await store.byConsentId(r.consentId)).toEqual([]);
      }
    }), { numRuns: kind.validRuns, seed: seed() });
    console.info(`${kind.name}: garbled ${label}, statuses ${JSON.stringify(count)}`);
    // (Some garbled strings still read: IAB's GPP decoder took 20 of 200 changed ones as other values.)
    expect(count[400]).toBeGreaterThan(kind.validRuns / 2);
  };

  test('a receipt with a garbled TC string is refused naming tcString (stored only when it still reads as one), never a 5xx',
    garbled('tcString', garbledTcString, (tc) => !!tryTcString(tc) && tc.length <= 8192, 'TC strings'), 0);

  test('a receipt with a garbled GPP string is refused naming gppString (stored only when IAB\'s decoder still reads it), never a 5xx',
    garbled('gppString', garbledGppString, (gpp) => readsAsGpp(gpp) && /^D[\w-]{1,64}(~[\w.-]{1,4096}){0,32}$/.test(gpp), 'GPP strings'), 0);

  test('every stored row, read back with SQL, passes the validator', async () => {
    const rows = await db.rows();
    expect(rows.length).toBeGreaterThan(kind.validRuns / 2);
    expectEveryRowValid(rows);
  });
});

describe('the Node adapter, fuzzed over HTTP', () => {
  test('any method, path and body over a real socket: never a 5xx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consent-gate-fuzz-http-'));
    const file = join(dir, 'r.db');
    const server = await serve({ db: file, port: 0, adminToken: TOKEN, allowOrigins: [SITE] });
    const { port } = server.server.address() as { port: number };
    const raw = (m: string, p: string, b: string | Uint8Array | undefined, h: Record<string, string>) => new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: m, path: p, headers: h }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)); });
      req.on('error', reject);
      req.end(b);
    });
    try {
      await fc.assert(fc.asyncProperty(
        fc.oneof(method, fc.constantFrom('TRACE', 'TRACK')), path, query, body,
        fc.constantFrom('text/plain', 'application/json', 'application/octet-stream'),
        async (m, p, q, b, type) => {
          // Node's own parser answers 400 to a body on a method that takes none (TRACE): send bodies with POST-like methods only.
          const status = await raw(m, encodeURI(decodeURIComponentSafe(p)) + q, ['POST', 'PUT', 'PATCH'].includes(m) ? b : undefined, { 'content-type': type });
          expect(status).toBeLessThan(500);
        },
      ), { numRuns: runs(60), seed: seed() });
      const db = new Database(file, { readonly: true });
      try { expectEveryRowValid(db.prepare('SELECT * FROM consent_receipts').all() as Row[]); } finally { db.close(); }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 0);
});

/** A path as a client may send it (percent escapes kept where they do not decode). */
function decodeURIComponentSafe(p: string) {
  try { return decodeURI(p); } catch { return p.replace(/%/g, '%25'); }
}
