/**
 * Consent analytics on both databases: impressions and receipts in through the
 * handler, exact figures out of GET /consent/stats, bad input refused, the token
 * required, counts kept per day and dimension (never a row per visitor).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createReceiptHandler, openReceiptStore, type ReceiptStore } from '../../src/server';
import { INDEXES, table } from '../../src/server/store';
import { receiptTally, decisionDay } from '../../src/server/analytics/counts';
import { statsRange } from '../../src/server/analytics/stats';
import { startPostgres } from '../support/postgres';

const TOKEN = 'analytics-admin-token-0123456789';
const today = () => new Date().toISOString().slice(0, 10);

const receipt = (over: Record<string, unknown> = {}) => ({
  receiptId: randomUUID(), consentId: randomUUID(), decidedAt: new Date().toISOString(), source: 'banner',
  policies: { privacy: '2024-05-01' }, categories: { necessary: true, analytics: true, marketing: true },
  language: 'de', configHash: 'a1b2c3d4', page: '/', ...over,
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
    v1: '',
  },
  {
    name: 'SQLite',
    async start() {
      const dir = mkdtempSync(join(tmpdir(), 'consent-gate-analytics-'));
      return { location: join(dir, 'a.db'), stop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
    async sql(location: string, query: string, args: unknown[] = []) {
      const db = new Database(location);
      try {
        const s = db.prepare(query.replace(/\$\d+/g, '?'));
        return s.reader ? s.all(...args) : (s.run(...args), []);
      } finally { db.close(); }
    },
    v1: table('INTEGER PRIMARY KEY AUTOINCREMENT', 'COLLATE BINARY'),
  },
  {
    name: 'PostgreSQL',
    async start() {
      const server = await startPostgres();
      return { location: server.url, stop: () => server.stop() };
    },
    async sql(location: string, query: string, args: unknown[] = []) {
      const c = new pg.Client(location);
      await c.connect();
      try { return (await c.query(query, args)).rows; } finally { await c.end(); }
    },
    v1: table('BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY', 'COLLATE "C"'),
  },
];

describe.each(kinds)('consent analytics on $name', (kind) => {
  let location: string;
  let stop: () => Promise<void>;
  let store: ReceiptStore;
  let handle: (r: Request) => Promise<Response>;
  const send = (path: string, body: unknown, type = 'text/plain') => handle(new Request(`http://site.test${path}`, {
    method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body),
  }));
  const stats = async (query = '', token: string | null = TOKEN) =>
    handle(new Request(`http://site.test/consent/stats${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }));

  beforeAll(async () => {
    ({ location, stop } = await kind.start());
    store = await openReceiptStore(location);
    handle = createReceiptHandler({ store, adminToken: TOKEN });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await stop?.();
  });

  test('counts impressions and receipts into exact figures per day, category and dimension', async () => {
    const impressions = [
      { view: 'banner', mode: 'opt-in', region: 'DE', language: 'de', variant: 'short' },
      { view: 'banner', mode: 'opt-in', region: 'DE', language: 'de', variant: 'short' },
      { view: 'banner', mode: 'opt-in', region: 'DE', language: 'de', variant: 'long' },
      { view: 'preferences', mode: 'opt-in', region: 'FR', language: 'fr', variant: 'long' },
      { view: 'banner', mode: 'opt-out', language: 'en' },
    ];
    for (const i of impressions) expect((await send('/consent/impressions', i)).status).toBe(204);
    const receipts = [
      receipt({ variant: 'short' }), // accept all
      receipt({ variant: 'short', categories: { necessary: true, analytics: false, marketing: false } }), // reject all
      receipt({ variant: 'long', categories: { necessary: true, analytics: true, marketing: false }, language: 'fr' }), // custom
      // `required` says which are locked on: here `essential`, so `necessary` is optional and refused.
      receipt({ variant: 'long', source: 'preferences', required: ['essential'], categories: { essential: true, necessary: false, analytics: true } }),
      receipt({ source: 'reset', policies: {}, categories: { necessary: true, analytics: false, marketing: false } }), // withdrawal
    ];
    for (const r of receipts) expect((await send('/consent/receipts', r, 'application/json')).status).toBe(201);
    // A repeat is stored once, and counted once.
    expect((await send('/consent/receipts', receipts[0], 'application/json')).status).toBe(200);

    const res = await stats(`?from=${today()}&to=${today()}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.from).toBe(today());
    expect(body.total).toEqual({
      shown: 5, decisions: 4, acceptAll: 1, rejectAll: 1, custom: 2, withdrawals: 1,
      categories: {
        analytics: { granted: 3, offered: 4, share: 0.75 },
        marketing: { granted: 1, offered: 3, share: 0.333 },
        necessary: { granted: 0, offered: 1, share: 0 },
      },
    });
    expect(body.days).toEqual([{ date: today(), ...body.total }]);
    expect(body.by.variant.short).toMatchObject({ shown: 2, decisions: 2, acceptAll: 1, rejectAll: 1, custom: 0 });
    expect(body.by.variant.long).toMatchObject({ shown: 2, decisions: 2, custom: 2, categories: { analytics: { granted: 2, offered: 2, share: 1 } } });
    expect(body.by.variant['(none)']).toMatchObject({ shown: 1, decisions: 0, withdrawals: 1 });
    expect(body.by.region).toEqual({
      DE: expect.objectContaining({ shown: 3, decisions: 0 }),
      FR: expect.objectContaining({ shown: 1 }),
      '(none)': expect.objectContaining({ shown: 1, decisions: 4, withdrawals: 1 }),
    });
    expect(body.by.language.fr).toMatchObject({ shown: 1, decisions: 1, custom: 1 });
    expect(body.by.language.de).toMatchObject({ shown: 3, decisions: 3, withdrawals: 1 });
    expect(body.by.mode['opt-out']).toMatchObject({ shown: 1, decisions: 0 });
    expect(body.by.policy).toEqual({ 'privacy:2024-05-01': expect.objectContaining({ shown: 0, decisions: 4 }) });
    expect(body.by.source).toEqual({
      banner: expect.objectContaining({ decisions: 3 }),
      preferences: expect.objectContaining({ decisions: 1, custom: 1 }),
      reset: expect.objectContaining({ decisions: 0, withdrawals: 1 }),
    });

    // Counts, not visitors: one counter row per day and dimension value, whatever the traffic.
    if (kind.sql) {
      const rows = await kind.sql(location, "SELECT COUNT(*) AS n FROM consent_stats WHERE dim = 'variant'");
      expect(Number((rows as { n: unknown }[])[0]!.n)).toBe(3);
    } else {
      // The file store: the receipts' lines, and counts in <file>.counts.json (no row per impression).
      await store.close();
      const counts = JSON.parse(readFileSync(`${location}.counts.json`, 'utf8')) as { dim: string }[];
      expect(counts.filter((c) => c.dim === 'variant')).toHaveLength(3);
      expect(readFileSync(location, 'utf8').trimEnd().split('\n')).toHaveLength(5);
      store = await openReceiptStore(location);
      handle = createReceiptHandler({ store, adminToken: TOKEN });
      expect((await (await stats(`?from=${today()}&to=${today()}`)).json()).total).toEqual(body.total);
    }
  });

  test('receipts sent at once, each three times: every one stored and counted exactly once, none lost', async () => {
    const burst = Array.from({ length: 20 }, (_, i) => receipt({ variant: 'burst', categories: { necessary: true, analytics: i % 2 === 0, marketing: false } }));
    const statuses = await Promise.all(burst.flatMap((r) => [r, r, r]).map(async (r) => (await send('/consent/receipts', r, 'application/json')).status));
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    const body = await (await stats(`?from=${today()}&to=${today()}`)).json();
    expect(body.by.variant.burst).toMatchObject({ decisions: 20, custom: 10, rejectAll: 10, categories: { analytics: { granted: 10, offered: 20 } } });
  });

  test('keeps each day apart and fills days without figures with zeros', async () => {
    const day = (d: string) => `${d}T12:00:00.000Z`;
    await store.add(receipt({ decidedAt: day('2025-03-01'), region: 'US-CA', mode: 'opt-out' }) as never, day('2025-03-02'));
    await store.add(receipt({ decidedAt: day('2025-03-03'), categories: { necessary: true, analytics: false, marketing: false } }) as never, day('2025-03-03'));
    await store.addImpression({ view: 'banner', mode: 'opt-out', region: 'US-CA', language: 'en' }, day('2025-03-01'));
    const body = await (await stats('?from=2025-03-01&to=2025-03-03')).json();
    expect(body.days.map((d: { date: string; shown: number; acceptAll: number; rejectAll: number }) => [d.date, d.shown, d.acceptAll, d.rejectAll])).toEqual([
      ['2025-03-01', 1, 1, 0], ['2025-03-02', 0, 0, 0], ['2025-03-03', 0, 0, 1],
    ]);
    expect(body.by.region['US-CA']).toMatchObject({ shown: 1, decisions: 1, acceptAll: 1 });
    expect(body.by.mode['opt-out']).toMatchObject({ shown: 1, decisions: 1 });
    expect(body.total.categories.analytics).toEqual({ granted: 1, offered: 2, share: 0.5 });
    const outside = await (await stats('?from=2025-03-02&to=2025-03-02')).json();
    expect(outside.total).toMatchObject({ shown: 0, decisions: 0 });
  });

  test('refuses a malformed or oversized impression, and keeps no trace of it', async () => {
    const before = (await (await stats()).json()).total.shown;
    const bad: [unknown, string][] = [
      ['{"view":', 'body: expected JSON'],
      [[], 'body: expected a JSON object'],
      [{ view: 'popup', mode: 'opt-in' }, 'view: expected one of banner, preferences'],
      [{ view: 'banner', mode: 'always' }, 'mode: expected one of opt-in, opt-out, notice'],
      [{ view: 'banner', mode: 'opt-in', region: 'Germany' }, 'region: expected an ISO 3166 code like "DE" or "US-CA"'],
      [{ view: 'banner', mode: 'opt-in', language: 'english!' }, 'language: expected a language code like "en" or "pt-br", or ""'],
      [{ view: 'banner', mode: 'opt-in', variant: '<b>' }, 'variant: expected a label of letters, digits, "_" or "-" (at most 32, starting with a letter)'],
      [{ view: 'banner', mode: 'opt-in', visitor: 'abc' }, 'visitor: unknown field'],
    ];
    for (const [body, error] of bad) {
      const res = await send('/consent/impressions', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error).toBe(error);
    }
    const large = await send('/consent/impressions', JSON.stringify({ view: 'banner', mode: 'opt-in', language: 'en', pad: 'x'.repeat(2000) }));
    expect(large.status).toBe(413);
    expect((await send('/consent/impressions', { view: 'banner', mode: 'opt-in' }, 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await handle(new Request('http://site.test/consent/impressions'))).status).toBe(405);
    // From a page of another origin (not in allowOrigins), refused as receipts are.
    const foreign = await handle(new Request('http://site.test/consent/impressions', {
      method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://elsewhere.example' }, body: JSON.stringify({ view: 'banner', mode: 'opt-in' }),
    }));
    expect(foreign.status).toBe(403);
    expect((await (await stats()).json()).total.shown).toBe(before);
  });

  test('refuses a receipt with a bad variant or required list', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ variant: 42 }, 'variant: expected 1 to 128 printable characters'],
      [{ required: 'necessary' }, 'required: expected a list of category ids'],
      [{ required: ['cookies'] }, 'required[0]: expected a category of this receipt, once'],
    ];
    for (const [over, error] of bad) {
      const res = await send('/consent/receipts', receipt(over), 'application/json');
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe(error);
    }
  });

  test('answers stats only with the admin token, and only for a valid range', async () => {
    expect((await stats('', null)).status).toBe(401);
    expect((await stats('', 'wrong-token')).status).toBe(401);
    expect((await stats('?from=2026-02-30')).status).toBe(400);
    expect((await stats('?from=2026-03-02&to=2026-03-01')).status).toBe(400);
    expect((await stats('?from=2000-01-01&to=2026-01-01')).status).toBe(400);
    const body = await (await stats()).json();
    expect(body.days).toHaveLength(30);
    expect(body.to).toBe(today());
  });

  test.skipIf(!kind.sql)('counts the receipts stored before analytics existed', async () => {
    const { location: old, stop: stopOld } = await kind.start();
    try {
      // A database as the first release left it: the receipts table at migration 1.
      for (const sql of [kind.v1, ...INDEXES, 'CREATE TABLE consent_gate_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
        "INSERT INTO consent_gate_migrations VALUES (1, '2026-01-01T00:00:00Z')"]) await kind.sql!(old, sql);
      const r = receipt({ decidedAt: '2026-01-05T10:00:00.000Z', categories: { necessary: true, analytics: false, marketing: true } });
      await kind.sql!(old, `INSERT INTO consent_receipts (receipt_id, consent_id, decided_at, received_at, source, language, config_hash, page, policies, categories)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [r.receiptId, r.consentId, r.decidedAt, '2026-01-05T10:00:01.000Z', r.source, r.language, r.configHash, r.page, JSON.stringify(r.policies), JSON.stringify(r.categories)]);
      const migrated = await openReceiptStore(old);
      try {
        const h = createReceiptHandler({ store: migrated, adminToken: TOKEN });
        const body = await (await h(new Request('http://x.test/consent/stats?from=2026-01-05&to=2026-01-05', { headers: { authorization: `Bearer ${TOKEN}` } }))).json();
        expect(body.total).toMatchObject({ decisions: 1, custom: 1, categories: { marketing: { granted: 1, offered: 1, share: 1 } } });
      } finally {
        await migrated.close();
      }
    } finally {
      await stopOld();
    }
  }, 60_000);
});

describe('what a receipt counts as', () => {
  test('a decision counts on the visitor\'s day unless that clock is far off', () => {
    expect(decisionDay('2026-11-20T23:00:00.000Z', '2026-11-22T01:00:00.000Z')).toBe('2026-11-20');
    expect(decisionDay('2003-01-01T00:00:00.000Z', '2026-11-22T01:00:00.000Z')).toBe('2026-11-22');
  });

  test('every optional category granted is acceptAll, none is rejectAll, a withdrawal is no decision', () => {
    const kinds = (categories: Record<string, boolean>, source = 'banner') => receiptTally(receipt({ categories, source }) as never, new Date().toISOString()).counts;
    expect(kinds({ necessary: true, a: true, b: true })).toMatchObject({ decisions: 1, acceptAll: 1 });
    expect(kinds({ necessary: true, a: false, b: false })).toMatchObject({ decisions: 1, rejectAll: 1 });
    expect(kinds({ necessary: true, a: true, b: false })).toMatchObject({ decisions: 1, custom: 1 });
    expect(kinds({ necessary: true, a: false }, 'reset')).toMatchObject({ decisions: 0, withdrawals: 1 });
  });

  test('the default range is the last 30 days up to today', () => {
    expect(statsRange(null, null, new Date('2026-11-28T23:59:00Z'))).toEqual({ from: '2026-10-30', to: '2026-11-28' });
  });
});

describe('the dashboard without an admin token', () => {
  test('is off (404 saying why) while impressions are still counted; with a token it is served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consent-gate-dashboard-off-'));
    const store = await openReceiptStore(join(dir, 'd.db'));
    try {
      const get = (h: (r: Request) => Promise<Response>, path: string) => h(new Request(`http://site.test${path}`));
      const off = createReceiptHandler({ store });
      for (const path of ['/consent/dashboard', '/consent/dashboard/app.js']) {
        const res = await get(off, path);
        expect(res.status).toBe(404);
        expect((await res.json()).error).toMatch(/^dashboard: off, this server has no admin token/);
      }
      expect((await get(off, '/consent/stats')).status).toBe(401);
      const impression = new Request('http://site.test/consent/impressions', {
        method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ view: 'banner', mode: 'opt-in', language: 'en' }),
      });
      expect((await off(impression)).status).toBe(204);
      const on = await get(createReceiptHandler({ store, adminToken: TOKEN }), '/consent/dashboard');
      expect(on.status).toBe(200);
      expect(await on.text()).toContain('Admin token');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
