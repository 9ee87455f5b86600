/**
 * `npx consent-gate serve` works on the first try: without `--db` it keeps receipts in a
 * JSON-lines file and needs no database driver. Proven with better-sqlite3 made unresolvable
 * (a module resolve hook), as on a machine where it was never installed; asking for SQLite then
 * says what to install. Runs the built dist/server.js, hence here, after `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/consent-gate.js');
let dir: string;
let hook: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'consent-gate-serve-default-'));
  // better-sqlite3 (and pg) cannot be found, whatever node_modules holds.
  writeFileSync(join(dir, 'hide-drivers.mjs'), `export async function resolve(specifier, context, next) {
  if (/^(better-sqlite3|pg)(\\/|$)/.test(specifier)) throw Object.assign(new Error("Cannot find package '" + specifier + "'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}\n`);
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hide-drivers.mjs')).href)});\n`);
  hook = join(dir, 'register.mjs');
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `consent-gate serve <args>` in `cwd` without the drivers; resolves once it printed where it listens, or exited. */
function run(cwd: string, args: string[]): Promise<{ child: ChildProcess; out: string; err: string; code?: number | null }> {
  const child = spawn(process.execPath, ['--import', pathToFileURL(hook).href, BIN, 'serve', '--port', '0', ...args], {
    cwd, env: { ...process.env, CONSENT_GATE_ADMIN_TOKEN: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  return new Promise((resolve) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (/receipts on /.test(out) && out.endsWith('\n')) resolve({ child, out, err });
    });
    child.once('exit', (code) => resolve({ child, out, err, code }));
  });
}

test('without --db: starts with no database driver and stores receipts in ./consent-receipts.jsonl', async () => {
  const cwd = mkdtempSync(join(dir, 'site-'));
  const { child, out, err, code } = await run(cwd, []);
  expect(code, err).toBeUndefined();
  const url = /receipts on (http:\/\/127\.0\.0\.1:\d+\/consent\/receipts) \(JSON-lines file \.\/consent-receipts\.jsonl\)/.exec(out)?.[1];
  expect(url, out).toBeDefined();
  const receipt = {
    receiptId: randomUUID(), consentId: randomUUID(), decidedAt: new Date().toISOString(), source: 'banner',
    policies: { privacy: '1' }, categories: { necessary: true, analytics: false }, language: 'en', configHash: 'abc123', page: '/',
  };
  const res = await fetch(url!, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(receipt) });
  expect(res.status).toBe(201);
  const lines = readFileSync(join(cwd, 'consent-receipts.jsonl'), 'utf8').trimEnd().split('\n');
  expect(lines.map((l) => JSON.parse(l).receiptId)).toEqual([receipt.receiptId]);
  child.kill('SIGTERM');
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  expect(child.exitCode).toBe(0);
  expect(existsSync(join(cwd, 'consent-receipts.jsonl.lock'))).toBe(false);
});

test('--db with a SQLite file, when better-sqlite3 is missing: says what to install', async () => {
  const cwd = mkdtempSync(join(dir, 'site-'));
  const { out, err, code } = await run(cwd, ['--db', './consent.db']);
  expect(out).toBe('');
  expect(code).toBe(1);
  expect(err).toContain('this store needs the better-sqlite3@12 package: npm i better-sqlite3@12');
});
