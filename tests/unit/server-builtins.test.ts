/**
 * Keys named like built-ins (issue 21, item 8): every property name of `Object.prototype`, and
 * `__proto__`, sent as a variant, category, policy, region and language in receipts and
 * impressions, on both databases. `GET /consent/stats` answers 200 with each one counted under
 * its own name, and the server process's `Object.prototype` (and `Object`, `Function.prototype`)
 * are left exactly as they were.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createReceiptHandler, openReceiptStore, type ReceiptStore } from '../../src/server';
import { assembleStats } from '../../src/server/analytics/stats';
import { ID } from '../../src/receipts/validate';
import { startPostgres } from '../support/postgres';

const TOKEN = 'builtins-admin-token-0123456789';
/** Every own property name of Object.prototype, and `__proto__` (an accessor there, named here once). */
export const BUILTIN_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];
const today = () => new Date().toISOString().slice(0, 10);

/** What the prototypes hold, to compare after the requests. */
const shape = () => [Object.prototype, Object, Function.prototype].map((o) => Object.getOwnPropertyNames(o).sort().join());

const receipt = (over: Record<string, unknown>) => ({
  receiptId: randomUUID(), consentId: randomUUID(), decidedAt: new Date().toISOString(), source: 'banner',
  policies: { privacy: '1' }, categories: { necessary: true, analytics: true }, language: 'en', configHash: 'h', page: '/', ...over,
});

const kinds = [
  {
    name: 'SQLite',
    async start() {
      const dir = mkdtempSync(join(tmpdir(), 'consent-gate-builtins-'));
      return { location: join(dir, 'b.db'), stop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  { name: 'PostgreSQL', start: async () => { const s = await startPostgres(); return { location: s.url, stop: () => s.stop() }; } },
];

describe.each(kinds)('keys named like built-ins on $name', (kind) => {
  let stop: () => Promise<void>;
  let store: ReceiptStore;
  let handle: (r: Request) => Promise<Response>;
  const post = (path: string, body: unknown) => handle(new Request(`http://site.test${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const stats = () => handle(new Request(`http://site.test/consent/stats?from=${today()}&to=${today()}`, { headers: { authorization: `Bearer ${TOKEN}` } }));

  beforeAll(async () => {
    const db = await kind.start();
    stop = db.stop;
    store = await openReceiptStore(db.location);
    handle = createReceiptHandler({ store, adminToken: TOKEN });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await stop?.();
  });

  test('stats count each as its own key, and Object.prototype is untouched', async () => {
    const before = shape();
    for (const name of BUILTIN_NAMES) {
      // A receipt's variant is any printable label: every name is stored. A category or policy id must be an id.
      const id = ID.test(name);
      const body = receipt({
        variant: name,
        ...(id && { categories: { necessary: true, [name]: false }, policies: { [name]: '1' } }),
      });
      expect((await post('/consent/receipts', body)).status, name).toBe(201);
      const impression = await post('/consent/impressions', { view: 'banner', mode: 'opt-in', language: 'en', variant: name });
      expect(impression.status, name).toBe(id ? 204 : 400);
      // Languages and regions are refused unless they are one; none of these names is a region.
      expect((await post('/consent/impressions', { view: 'banner', mode: 'opt-in', language: name })).status, name).toBe(/^[a-z]{2,3}$/i.test(name) ? 204 : 400);
      expect((await post('/consent/impressions', { view: 'banner', mode: 'opt-in', region: name })).status, name).toBe(400);
      expect((await post('/consent/receipts', receipt({ region: name }))).status, name).toBe(400);
    }
    const res = await stats();
    expect(res.status).toBe(200);
    const body = JSON.parse(await res.text());
    for (const name of BUILTIN_NAMES) {
      const id = ID.test(name);
      expect(Object.hasOwn(body.by.variant, name), name).toBe(true);
      expect(body.by.variant[name], name).toMatchObject({ decisions: 1, shown: id ? 1 : 0, rejectAll: id ? 1 : 0, acceptAll: id ? 0 : 1 });
      if (id) {
        expect(Object.hasOwn(body.total.categories, name), name).toBe(true);
        expect(body.total.categories[name], name).toEqual({ granted: 0, offered: 1, share: 0 });
        expect(body.by.policy[`${name}:1`], name).toMatchObject({ decisions: 1 });
        expect(body.by.variant[name].categories[name], name).toEqual({ granted: 0, offered: 1, share: 0 });
      }
    }
    expect(shape()).toEqual(before);
    expect(({} as Record<string, unknown>).shown).toBeUndefined();
  });
});

test('assembleStats keeps rows keyed like built-ins as data, on objects without a prototype', () => {
  const before = shape();
  const row = (dim: string, key: string) => ({ dim, key, shown: 1, decisions: 1, accept_all: 1, reject_all: 0, custom: 0, withdrawals: 0 });
  const grant = (dim: string, key: string, category: string) => ({ dim, key, category, granted: 1, offered: 2 });
  const stats = assembleStats({ from: '2026-01-01', to: '2026-01-01' }, {
    days: [], dayGrants: [],
    // Dimensions that do not exist (`__proto__`, `toString`) are dropped, never looked up on a prototype.
    by: BUILTIN_NAMES.flatMap((n) => [row('variant', n), row('region', n), row(n, 'x')]),
    byGrants: BUILTIN_NAMES.flatMap((n) => [grant('variant', n, n), grant('', '', n), grant(n, n, n)]),
  });
  for (const n of BUILTIN_NAMES) {
    expect(Object.getOwnPropertyDescriptor(stats.by.variant, n)?.value, n).toMatchObject({ shown: 1, acceptAll: 1 });
    expect(Object.getOwnPropertyDescriptor(stats.by.region, n)?.value, n).toMatchObject({ shown: 1 });
    expect(Object.getOwnPropertyDescriptor(stats.total.categories, n)?.value, n).toEqual({ granted: 1, offered: 2, share: 0.5 });
  }
  expect(Object.keys(stats.by).sort()).toEqual(['language', 'mode', 'policy', 'region', 'source', 'variant']);
  expect(JSON.parse(JSON.stringify(stats)).by.variant.__proto__).toMatchObject({ shown: 1 });
  expect(shape()).toEqual(before);
});
