/**
 * What `consent-gate serve` prints when it starts (it runs the built dist/server.js, hence
 * here, after `npm run build`): the URLs it serves, the dashboard's among them, and where the
 * admin token comes from; without a token, that the dashboard is off and how to turn it on.
 * Each URL printed is then asked, so a wrong one fails. On 127.0.0.1, a free port, a temporary
 * SQLite file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/consent-gate.js');
const TOKEN = 'serve-cli-token-0123456789abcdef';
let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'consent-gate-serve-cli-')); });
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `consent-gate serve` and resolves with what it printed on start (one write: every line at once). */
function start(args: string[], env: Record<string, string | undefined>): Promise<{ child: ChildProcess; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', join(dir, `${randomUUID()}.db`), ...args], {
    env: { ...process.env, CONSENT_GATE_ADMIN_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (/receipts on /.test(out) && out.endsWith('\n')) resolve({ child, out, err });
    });
    child.once('exit', (code) => reject(new Error(`consent-gate exited (${code}): ${out}${err}`)));
  });
}

async function stop(child: ChildProcess) {
  child.kill('SIGTERM');
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  expect(child.exitCode).toBe(0);
}

/** The URL printed on the line that mentions `what`. */
const urlOn = (out: string, what: RegExp) => {
  const line = out.split('\n').find((l) => what.test(l));
  return line && /https?:\/\/[^\s…]+/.exec(line)?.[0];
};

test('with a token from the environment: every route by URL, the dashboard, where the token comes from', async () => {
  const { child, out, err } = await start(['--region-header', 'CF-IPCountry'], { CONSENT_GATE_ADMIN_TOKEN: TOKEN });
  expect(err).toBe('');
  const origin = /receipts on (http:\/\/127\.0\.0\.1:\d+)\/consent\/receipts \(SQLite /.exec(out)?.[1];
  expect(origin).toBeDefined();
  const dashboard = `${origin}/consent/dashboard`;
  expect(out).toContain(`consent-gate: dashboard on ${dashboard}\n  sign in with the admin token (from CONSENT_GATE_ADMIN_TOKEN)\n`);
  for (const route of ['POST http://127.0.0.1:', '/consent/impressions', '/consent/cookie', '/consent/region', '/consent/receipts?consentId=', '/consent/receipts.csv', '/consent/stats']) {
    expect(out).toContain(route);
  }
  // The token itself is never printed.
  expect(out).not.toContain(TOKEN);
  // The URLs answer as printed.
  const page = await fetch(urlOn(out, /dashboard on/)!);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<title>Consent analytics</title>');
  const stats = urlOn(out, /consent analytics/)!;
  expect((await fetch(stats)).status).toBe(401);
  expect((await fetch(stats, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  expect((await fetch(urlOn(out, /region/)!, { headers: { 'cf-ipcountry': 'DE' } })).status).toBe(200);
  const impression = await fetch(urlOn(out, /impressions/)!, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ view: 'banner', mode: 'opt-in', language: 'en' }) });
  expect(impression.status).toBe(204);
  await stop(child);
});

test('with --admin-token and another --path: the dashboard beside that path, the token named as coming from the flag', async () => {
  const { child, out } = await start(['--admin-token', TOKEN, '--path', '/api/consent/receipts'], {});
  const origin = /receipts on (http:\/\/127\.0\.0\.1:\d+)\/api\/consent\/receipts /.exec(out)?.[1];
  expect(origin).toBeDefined();
  expect(out).toContain(`dashboard on ${origin}/api/consent/dashboard\n  sign in with the admin token (from --admin-token)`);
  expect(out).not.toContain(TOKEN);
  expect((await fetch(`${origin}/api/consent/dashboard`)).status).toBe(200);
  expect(urlOn(out, /consent analytics/)).toBe(`${origin}/api/consent/stats`);
  expect((await fetch(`${origin}/api/consent/stats`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  await stop(child);
});

test('without a token it starts, says the dashboard is off and how to turn it on, and still stores receipts', async () => {
  const { child, out } = await start([], { CONSENT_GATE_ADMIN_TOKEN: undefined });
  const origin = /receipts on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
  expect(out).toMatch(/consent-gate: dashboard off: no admin token/);
  expect(out).toContain('export CONSENT_GATE_ADMIN_TOKEN="$(openssl rand -hex 24)"');
  expect(out).toContain(`then open ${origin}/consent/dashboard and sign in with it.`);
  // No admin route is listed as if it could be used.
  expect(out).not.toMatch(/\/consent\/stats|receipts\.csv|consentId/);
  expect((await fetch(`${origin}/consent/dashboard`)).status).toBe(404);
  expect((await fetch(`${origin}/consent/stats`)).status).toBe(401);
  const receipt = {
    receiptId: randomUUID(), consentId: randomUUID(), decidedAt: new Date().toISOString(), source: 'banner',
    policies: { privacy: '1' }, categories: { necessary: true, analytics: true }, language: 'en', configHash: 'abcdef0123456789', page: '/',
  };
  const posted = await fetch(`${origin}/consent/receipts`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(receipt) });
  expect(posted.status).toBe(201);
  // Every admin route, as anyone might try it without the (missing) token: 401 or 404 (405 for
  // a method the route lacks), never data. The receipt just stored is what must not come back.
  const routes = [`/consent/stats`, `/consent/stats?from=2000-01-01&to=2100-01-01`, `/consent/receipts?consentId=${receipt.consentId}`,
    `/consent/receipts.csv`, `/consent/receipts.csv?from=2000-01-01T00:00:00Z`, `/consent/receipts`, `/consent/dashboard`, `/consent/dashboard/app.js`, `/consent/dashboard/`];
  const auths = [undefined, 'Bearer ', 'Bearer undefined', 'Bearer null', 'Bearer  ', 'bearer false', 'Basic Og==', `Bearer ${receipt.consentId}`];
  const answers = new Set<string>();
  for (const route of routes) for (const auth of auths) for (const method of ['GET', 'HEAD']) {
    const res = await fetch(origin + route, { method, headers: auth === undefined ? {} : { authorization: auth } });
    const body = await res.text();
    expect(body).not.toContain(receipt.consentId);
    answers.add(`${route.replace(/\?.*/, '')} ${res.status}`);
    expect([401, 404, 405], `${method} ${route} (${auth})`).toContain(res.status);
  }
  expect([...answers].sort()).toEqual(['/consent/dashboard 404', '/consent/dashboard/ 404', '/consent/dashboard/app.js 404', '/consent/receipts 401',
    '/consent/receipts 405', '/consent/receipts.csv 401', '/consent/receipts.csv 405', '/consent/stats 401', '/consent/stats 405']);
  await stop(child);
});
