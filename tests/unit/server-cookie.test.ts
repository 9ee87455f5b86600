import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import Cookies from 'js-cookie';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cookieHeader, createReceiptHandler, serve, type ReceiptStore } from '../../src/server';
import { COOKIE_VALUE } from '../../src/server/headers';
import { runs, seed } from '../support/fuzz';
import { createConsent } from '../../src/consent/store';
import { readConsent } from '../../src/consent/read';
import type { DecisionStorage } from '../../src/storage/types';

const CONFIG = { categories: { necessary: { required: true }, analytics: {} } };
let server: Awaited<ReturnType<typeof serve>>;
let dir: string;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consent-gate-cookie-'));
  server = await serve({ port: 0, db: join(dir, 'r.db'), adminToken: 'x'.repeat(20), regionHeader: 'CF-IPCountry', regionSubdivisionHeader: 'X-Region', allowOrigins: ['https://partner.example'] });
  origin = new URL(server.url).origin;
});
afterAll(async () => { await server?.close(); rmSync(dir, { recursive: true, force: true }); });

/** A record as the store writes it, and as js-cookie puts it in the cookie. */
function written(config: object = CONFIG): string {
  let value = '';
  const storage: DecisionStorage = { kind: 'cookie', read: () => value || undefined, write(v) { value = v; }, clear() { value = ''; } };
  createConsent(config as typeof CONFIG, { storage, region: 'DE' }).acceptAll();
  return Cookies.converter.write(value, 'consent');
}

/** Sends a raw HTTP request (Host header included) and returns status, headers and body. */
function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, headers }, (res) => {
      let b = '';
      res.on('data', (c) => (b += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: b }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const post = (body: unknown, host = 'news.example.com', type = 'text/plain') =>
  send('POST', '/consent/cookie', { host, 'content-type': type }, typeof body === 'string' ? body : JSON.stringify(body));

describe('POST /consent/cookie', () => {
  test('a valid decision gets 204 and the same cookie from the server, not HttpOnly', async () => {
    const value = written();
    const r = await post({ name: 'consent', value, maxAge: 365 * 86400, path: '/', domain: 'example.com', sameSite: 'Lax', secure: true });
    expect(r.status).toBe(204);
    const set = String(r.headers['set-cookie']);
    expect(set).toMatch(new RegExp(`^consent=${value.replace(/[|+.]/g, '\\$&')}; Max-Age=\\d+; Path=/; Domain=example.com; SameSite=Lax; Secure$`));
    expect(set).not.toMatch(/HttpOnly/i);
    // What the server set reads back as the decision.
    expect(readConsent(set.split(';')[0], CONFIG, { region: 'DE' })).toMatchObject({ decided: true, categories: { analytics: true } });
  });

  test('the lifetime asked for is kept, up to 400 days from the decision', async () => {
    const age = async (maxAge: number) => {
      const r = await post({ name: 'consent', value: written(), maxAge }, 'example.com', 'application/json');
      expect(r.status).toBe(204);
      return Number(/Max-Age=(\d+)/.exec(String(r.headers['set-cookie']))![1]);
    };
    expect(await age(365 * 86400)).toBe(365 * 86400);
    expect(await age(400 * 86400)).toBeLessThanOrEqual(400 * 86400);
    expect(await age(400 * 86400)).toBeGreaterThan(399 * 86400);
  });

  test('a tampered record is refused', async () => {
    const value = written().replace('analytics:1', 'analytics:7');
    expect(value).toContain('analytics:7');
    const r = await post({ name: 'consent', value, maxAge: 86400 });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatch(/^value:/);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  // A policy version may hold any printable character (é, 😀): the store escapes it. Put in raw, or as a
  // control character, it is not a cookie's octets: 400, never a 500 (Headers throws) nor echoed into Set-Cookie.
  describe('a value that cannot be a cookie\'s octets', () => {
    const withVersion = (raw: string) => written({ ...CONFIG, policies: { privacy: { version: 'v1' } } }).replace('privacy:v1', `privacy:${raw}`);

    test('(the same record with a plain version is set)', async () => {
      expect((await post({ name: 'consent', value: withVersion('v2'), maxAge: 86400 })).status).toBe(204);
    });

    test.each(['\0', '\u0001', '\u001f', '\u007f', 'é', 'ÿ', '\u0100', '😀', '\u2028', ' ', '"', '\\', ',', '%00', '%1F'])('a version %j in the record is refused', async (raw) => {
      const r = await post({ name: 'consent', value: withVersion(raw), maxAge: 86400 });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).error).toMatch(/^value:/);
      expect(r.headers['set-cookie']).toBeUndefined();
    });

    test('any text put into a record: a 400, or a Set-Cookie whose value is cookie octets (property)', () => {
      const record = withVersion('v1');
      fc.assert(fc.property(fc.nat(record.length), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), fc.boolean(), (at, text, replace) => {
        const value = record.slice(0, at) + text + record.slice(at + (replace ? text.length : 0));
        const r = cookieHeader({ name: 'consent', value, maxAge: 86400 }, 'example.com', Date.now());
        if ('error' in r) return;
        const [pair] = r.header.split(';');
        expect(pair!.slice('consent='.length)).toMatch(COOKIE_VALUE);
        expect(() => new Headers({ 'set-cookie': r.header })).not.toThrow();
      }), { numRuns: runs(500), seed: seed() });
    });
  });

  test.each([
    [{ name: 'con sent' }, /^name:/],
    [{ name: 'a;b' }, /^name:/],
    [{ domain: 'evil.example' }, /^domain:/],
    [{ domain: 'ample.com' }, /^domain:/],
    [{ domain: 'com.' }, /^domain:/],
    [{ maxAge: 400 * 86400 + 1 }, /^maxAge:/],
    [{ maxAge: -1 }, /^maxAge:/],
    [{ path: '/;Domain=evil.example' }, /^path:/],
    [{ sameSite: 'None', secure: false }, /^secure:/],
    [{ httpOnly: true }, /^httpOnly: unknown field/],
  ])('%j is refused', async (patch, reason) => {
    const r = await post({ name: 'consent', value: written(), maxAge: 86400, path: '/', ...patch });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatch(reason);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  // Only the site's own pages may set its decision cookie: a page of another site must never forge an "accept all".
  describe('Origin', () => {
    const decision = () => JSON.stringify({ name: 'consent', value: written(), maxAge: 86400, path: '/' });
    const postFrom = (origin?: string) =>
      send('POST', '/consent/cookie', { host: 'news.example.com', 'content-type': 'text/plain', ...(origin && { origin }) }, decision());

    test('the endpoint\'s own origin gets 204 and the cookie', async () => {
      const r = await postFrom('https://news.example.com');
      expect(r.status).toBe(204);
      expect(String(r.headers['set-cookie'])).toMatch(/^consent=/);
    });

    test.each(['https://evil.example', 'https://partner.example', 'https://example.com', 'null'])('another origin (%s) gets 403 and no cookie, even when listed in allowOrigins', async (origin) => {
      const r = await postFrom(origin);
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body).error).toMatch(/^origin:/);
      expect(r.headers['set-cookie']).toBeUndefined();
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    });

    test('(allowOrigins is in force: that origin may send receipts)', async () => {
      const r = await send('OPTIONS', '/consent/receipts', { host: 'news.example.com', origin: 'https://partner.example', 'access-control-request-method': 'POST' });
      expect(r.headers['access-control-allow-origin']).toBe('https://partner.example');
    });

    test('no Origin header (not a browser page) is accepted, as for receipts', async () => {
      const r = await postFrom();
      expect(r.status).toBe(204);
      expect(String(r.headers['set-cookie'])).toMatch(/^consent=/);
    });
  });

  test('not JSON, or not a POST, is refused', async () => {
    expect((await post('{')).status).toBe(400);
    expect((await send('GET', '/consent/cookie', { host: 'example.com' })).status).toBe(405);
  });
});

describe('values the server would write into a header', () => {
  const handler = (options: object) => createReceiptHandler({ store: {} as ReceiptStore, ...options });

  test.each(['https://evil.example, https://other.example', 'https://evil.example/path', 'https://EVIL.example', 'evil', 'https://évil.example', 'javascript:alert(1)'])(
    'an Origin header that is not an origin (%j) is a 400, not echoed', async (bad) => {
      const r = await handler({})(new Request('http://site.test/consent/receipts', { method: 'POST', headers: { 'content-type': 'text/plain', origin: bad }, body: '{}' }));
      expect(r.status).toBe(400);
      expect((await r.json()).error).toMatch(/^origin:/);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    });

  test('an origin that is one, not allowed, is still told so (403, readable by that page)', async () => {
    const r = await handler({})(new Request('http://site.test/consent/receipts', { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, body: '{}' }));
    expect(r.status).toBe(403);
    expect(r.headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });

  test.each([['regionHeader', 'CF IPCountry'], ['regionHeader', 'X-Country\r\nSet-Cookie: a=b'], ['regionSubdivisionHeader', 'région'], ['regionHeader', 42]])(
    'a %s that is not a header name (%j) is an error naming it, at start', (field, name) => {
      expect(() => handler({ regionHeader: 'CF-IPCountry', [field]: name })).toThrow(new RegExp(`^consent-gate: ${field}: expected a header name`));
    });
});

describe('GET /consent/region', () => {
  test('answers from the configured header, private and short-lived', async () => {
    const r = await send('GET', '/consent/region', { 'cf-ipcountry': 'de' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ region: 'DE' });
    expect(r.headers['cache-control']).toBe('private, max-age=300');
    expect(r.headers.vary).toBe('CF-IPCountry, X-Region');
  });

  test('joins the subdivision header', async () => {
    expect(JSON.parse((await send('GET', '/consent/region', { 'cf-ipcountry': 'US', 'x-region': 'CA' })).body)).toEqual({ region: 'US-CA' });
  });

  test.each([[{}], [{ 'cf-ipcountry': 'XX' }], [{ 'cf-ipcountry': 'T1' }], [{ 'cf-ipcountry': '<script>' }]])('no usable header (%j) is region null', async (headers) => {
    expect(JSON.parse((await send('GET', '/consent/region', headers)).body)).toEqual({ region: null });
  });
});
