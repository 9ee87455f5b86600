import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import Cookies from 'js-cookie';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serve } from '../../src/server';
import { createConsent } from '../../src/core/store';
import { readConsent } from '../../src/core/read';
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
function written(): string {
  let value = '';
  const storage: DecisionStorage = { kind: 'cookie', read: () => value || undefined, write(v) { value = v; }, clear() { value = ''; } };
  createConsent(CONFIG, { storage, region: 'DE' }).acceptAll();
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
