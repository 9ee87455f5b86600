/**
 * The `consent-gate serve` command as a real process (it runs the built
 * dist/server.js, hence here, after `npm run build`): killed with SIGKILL in the
 * middle of a burst of receipts, it has lost none that it acknowledged, on SQLite
 * and on PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openReceiptStore } from '../../src/server';
import { startPostgres, type PostgresServer } from '../support/postgres';

const BIN = resolve(import.meta.dirname, '../../bin/consent-gate.js');
const TOKEN = 'durability-token-0123456789';
let dir: string;
let pg: PostgresServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consent-gate-bin-'));
  pg = await startPostgres();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command; resolves with the endpoint URL once it listens. */
function start(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /receipts on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d) => { out += d; });
    child.once('exit', (code) => reject(new Error(`consent-gate exited (${code}): ${out}`)));
  });
}

/** Runs the command to its end; its exit code and output. */
function fails(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CONSENT_GATE_ADMIN_TOKEN: '', ...env } });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  return new Promise((r) => child.once('exit', (code) => r({ code, out })));
}

const receipt = () => ({
  receiptId: randomUUID(), consentId: randomUUID(), decidedAt: new Date().toISOString(), source: 'banner',
  policies: { privacy: '1' }, categories: { necessary: true, analytics: true }, language: 'en', configHash: 'abcdef0123456789', page: '/',
});
const post = (url: string, body: object) => fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });

describe.each([
  { name: 'SQLite', db: () => join(dir, 'durable.db') },
  { name: 'PostgreSQL', db: () => pg.url },
])('consent-gate serve on $name', ({ db }) => {
  test('loses no acknowledged receipt when killed with SIGKILL mid-burst', async () => {
    const { child, url } = await start(['--db', db(), '--admin-token', TOKEN]);
    const sent = Array.from({ length: 600 }, receipt);
    const acked: string[] = [];
    let next = 0;
    let killed = false;
    // 30 clients; the server is killed right after the 150th acknowledgement, with requests in flight.
    await Promise.all(Array.from({ length: 30 }, async () => {
      while (next < sent.length && !killed) {
        const r = sent[next++]!;
        const res = await post(url, r).catch(() => undefined);
        if (res?.status === 201) {
          acked.push(r.receiptId);
          if (acked.length === 150) { killed = true; child.kill('SIGKILL'); }
        }
      }
    }));
    await new Promise((r) => child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r));
    expect(child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(150);

    const store = await openReceiptStore(db());
    try {
      const rows = await store.between('0000-01-01T00:00:00.000Z', '9999-12-31T00:00:00.000Z');
      const ids = rows.map((r) => r.receiptId);
      expect(new Set(ids).size).toBe(ids.length);
      const have = new Set(ids);
      expect(acked.filter((id) => !have.has(id))).toEqual([]);
    } finally {
      await store.close();
    }

    // Started again on the same database: the receipts are there, and a repeat is not stored twice.
    const again = await start(['--db', db()], { CONSENT_GATE_ADMIN_TOKEN: TOKEN });
    const first = sent.find((r) => r.receiptId === acked[0])!;
    expect((await post(again.url, first)).status).toBe(200);
    const res = await fetch(`${again.url}?consentId=${first.consentId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await res.json()).map((r: { receiptId: string }) => r.receiptId)).toEqual([first.receiptId]);
    again.child.kill('SIGTERM');
    await new Promise((r) => again.child.once('exit', r));
    expect(again.child.exitCode).toBe(0);
  }, 60_000);
});

test('serve answers CORS preflights for --allow-origin', async () => {
  const { child, url } = await start(['--db', join(dir, 'cors.db'), '--admin-token', TOKEN, '--allow-origin', 'https://shop.example', '--allow-origin', 'https://blog.example']);
  const preflight = (origin: string) => fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
  expect((await preflight('https://blog.example')).headers.get('access-control-allow-origin')).toBe('https://blog.example');
  expect((await preflight('https://evil.example')).status).toBe(403);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
});

// Without an admin token it starts with the dashboard off (tests/browser/serve-cli.test.ts).
test('serve refuses to start with a bad port, a short admin token or an unknown command', async () => {
  const badPort = await fails(['serve', '--port', 'eighty', '--admin-token', TOKEN]);
  expect(badPort.code).toBe(2);
  expect(badPort.out).toMatch(/--port/);
  // A short admin token is refused, naming where it came from, never echoing it.
  const short = await fails(['serve', '--admin-token', 'abc123']);
  expect(short.code).toBe(2);
  expect(short.out).toMatch(/--admin-token: expected at least 16 characters/);
  expect(short.out).not.toContain('abc123');
  const unknown = await fails(['server']);
  expect(unknown.code).toBe(2);
  expect(unknown.out).toMatch(/unknown command/);
});
