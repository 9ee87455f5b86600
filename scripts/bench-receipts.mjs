#!/usr/bin/env node
// Load benchmark of the receipts server (not a test gate): N receipts POSTed by M
// concurrent clients over loopback to `consent-gate serve` running as its own
// process, on SQLite (a temp file) and on PostgreSQL (a throwaway cluster, or --pg URL).
// Reports receipts/s and p50/p99 latency, then re-sends a tenth of them (each must
// answer 200) and checks that every receipt is stored exactly once.
//
//   npm run bench:receipts -- [--n 10000] [--clients 50] [--only sqlite|postgres] [--pg postgres://…]
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openReceiptStore } from '../dist/server.js';
import { loadPostgresHelper } from './postgres-helper.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { values: o } = parseArgs({ options: { n: { type: 'string', default: '10000' }, clients: { type: 'string', default: '50' }, only: { type: 'string' }, pg: { type: 'string' } } });
const N = Number(o.n);
const M = Number(o.clients);
const TOKEN = 'bench-admin-token-0123456789';
const tmp = mkdtempSync(join(tmpdir(), 'consent-gate-bench-'));

function serve(db) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/consent-gate.js'), 'serve', '--port', '0', '--db', db, '--admin-token', TOKEN], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /receipts on (http:\/\/\S+)/.exec(out);
      if (m) res({ child, url: m[1] });
    });
    child.once('exit', (code) => rej(new Error(`server exited with ${code}: ${out}`)));
  });
}

const receipt = (i) => ({
  receiptId: randomUUID(), consentId: randomUUID(), decidedAt: new Date().toISOString(), source: i % 3 ? 'banner' : 'preferences',
  policies: { privacy: '2024-05-01', terms: '3' }, categories: { necessary: true, analytics: i % 2 === 0, marketing: i % 5 === 0 },
  language: 'en', configHash: 'a1b2c3d4e5f60718', page: `/articles/${i % 100}`,
});

/** Sends `list` with M concurrent clients; latencies in ms and status counts. */
async function load(url, list) {
  const latencies = new Float64Array(list.length);
  const statuses = {};
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: M }, async () => {
    while (next < list.length) {
      const i = next++;
      const t = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(list[i]) });
      await res.arrayBuffer();
      latencies[i] = performance.now() - t;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort();
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { rate: list.length / seconds, p50: q(0.5), p99: q(0.99), statuses };
}

async function bench(name, db) {
  const { child, url } = await serve(db);
  try {
    await load(url, Array.from({ length: 200 }, (_, i) => receipt(i))); // warm-up
    const list = Array.from({ length: N }, (_, i) => receipt(i));
    const main = await load(url, list);
    const repeats = await load(url, list.filter((_, i) => i % 10 === 0));
    const store = await openReceiptStore(db);
    const rows = await store.between('0000-01-01T00:00:00.000Z', '9999-12-31T00:00:00.000Z');
    await store.close();
    const count = new Map();
    for (const r of rows) count.set(r.receiptId, (count.get(r.receiptId) ?? 0) + 1);
    const once = list.every((r) => count.get(r.receiptId) === 1) && rows.length === count.size;
    const ok = main.statuses[201] === N && repeats.statuses[200] === Math.ceil(N / 10) && once;
    console.log(`${name.padEnd(10)} ${main.rate.toFixed(0).padStart(7)} receipts/s   p50 ${main.p50.toFixed(2)} ms   p99 ${main.p99.toFixed(2)} ms   `
      + `201×${main.statuses[201] ?? 0}, repeats 200×${repeats.statuses[200] ?? 0}, stored exactly once: ${once ? 'yes' : 'NO'}`);
    return ok;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

console.log(`consent-gate receipts: ${N} receipts, ${M} concurrent clients, loopback, server in its own process; `
  + `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
let ok = true;
try {
  if (o.only !== 'postgres') ok = (await bench('SQLite', join(tmp, 'bench.db'))) && ok;
  if (o.only !== 'sqlite') {
    if (o.pg) ok = (await bench('PostgreSQL', o.pg)) && ok;
    else {
      const { startPostgres } = await loadPostgresHelper(tmp);
      const pg = await startPostgres();
      try { ok = (await bench('PostgreSQL', pg.url)) && ok; } finally { await pg.stop(); }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
