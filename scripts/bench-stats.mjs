#!/usr/bin/env node
// `npm run bench:stats`: GET /consent/stats over a year of figures from 10 million receipts
// (and 14 million impressions), on SQLite and on PostgreSQL. Not a test gate: it prints timings.
//
// Receipts are counted at insert time into the aggregate tables (src/server/analytics/), so
// what a year of 10 million receipts leaves is a year of aggregate rows; this writes those rows
// directly (what inserting the receipts one by one would leave, drawn at random: 365 days ×
// 30 regions, 24 languages, 3 modes, 2 policy versions, 4 sources, 2 variants, 3 categories),
// then asks the real server, over loopback, for the whole year and checks the totals.
//
//   npm run bench:stats -- [--receipts 10000000] [--runs 20] [--only sqlite|postgres]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { serve } from '../dist/server.js';
import { loadPostgresHelper } from './postgres-helper.mjs';

const { values: o } = parseArgs({ options: { receipts: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '20' }, only: { type: 'string' } } });
const RECEIPTS = Number(o.receipts);
const RUNS = Number(o.runs);
const TOKEN = 'bench-admin-token-0123456789';
const FROM = '2025-01-01', TO = '2025-12-31';
const tmp = mkdtempSync(join(tmpdir(), 'consent-gate-bench-stats-'));

// A fixed seed: the same figures every run.
let seed = 2026;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const days = Array.from({ length: 365 }, (_, i) => new Date(Date.parse(FROM) + i * 864e5).toISOString().slice(0, 10));
const REGIONS = ['DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'AT', 'PL', 'SE', 'DK', 'FI', 'IE', 'PT', 'CZ', 'GR', 'HU', 'RO', 'GB', 'CH', 'NO',
  'US-CA', 'US-CO', 'US-CT', 'US-VA', 'US-NY', 'US-TX', 'CA', 'BR', 'JP', '(none)'];
const LANGUAGES = ['de', 'fr', 'it', 'es', 'nl', 'pl', 'sv', 'da', 'fi', 'pt', 'cs', 'el', 'hu', 'ro', 'en', 'nb', 'ja', 'pt-br', 'ga', 'hr', 'sk', 'sl', 'bg', 'et'];
const DIMS = { region: REGIONS, language: LANGUAGES, mode: ['opt-in', 'opt-out', 'notice'], source: ['banner', 'preferences', 'api', 'reset'], variant: ['short', 'long'] };
const CATEGORIES = ['analytics', 'marketing', 'functional'];

/** Splits `n` into `k` random integer parts that add up to `n`. */
function split(n, k) {
  const w = Array.from({ length: k }, () => random() + 0.05);
  const sum = w.reduce((a, b) => a + b, 0);
  const parts = w.map((x) => Math.floor((n * x) / sum));
  parts[0] += n - parts.reduce((a, b) => a + b, 0);
  return parts;
}

/** The aggregate rows of a year: [day, dim, key, shown, decisions, acceptAll, rejectAll, custom, withdrawals] and grants. */
function* year() {
  const perDay = split(RECEIPTS, days.length);
  for (const [d, day] of days.entries()) {
    const all = perDay[d];
    const withdrawals = Math.round(all * 0.01);
    const decisions = all - withdrawals;
    const [acceptAll, rejectAll, custom] = split(decisions, 3);
    const shown = Math.round(decisions * 1.4);
    const total = { shown, decisions, acceptAll, rejectAll, custom, withdrawals };
    const keys = [['', '', 1], ...Object.entries(DIMS).flatMap(([dim, keys]) => split(1000, keys.length).map((w, i) => [dim, keys[i], w / 1000])),
      // The privacy policy was revised on 1 July: one version before, the other after.
      ['policy', day < '2025-07-01' ? 'privacy:2024-05-01' : 'privacy:2025-07-01', 1]];
    for (const [dim, key, share] of keys) {
      const c = Object.fromEntries(Object.entries(total).map(([k, v]) => [k, Math.round(v * share)]));
      yield { counts: [day, dim, key, c.shown, c.decisions, c.acceptAll, c.rejectAll, c.custom, c.withdrawals],
        grants: CATEGORIES.map((cat) => [day, dim, key, cat, Math.round(c.decisions * (0.3 + random() * 0.5)), c.decisions]) };
    }
  }
}

const COUNTS = 'INSERT INTO consent_stats (day, dim, key, shown, decisions, accept_all, reject_all, custom, withdrawals) VALUES ';
const GRANTS = 'INSERT INTO consent_stats_grants (day, dim, key, category, granted, offered) VALUES ';

async function fillSqlite(file) {
  const db = new Database(file);
  const counts = db.prepare(COUNTS + '(?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const grants = db.prepare(GRANTS + '(?, ?, ?, ?, ?, ?)');
  let rows = 0;
  db.transaction(() => {
    for (const r of year()) {
      counts.run(r.counts);
      for (const g of r.grants) grants.run(g);
      rows += 1 + r.grants.length;
    }
  })();
  db.close();
  return rows;
}

async function fillPostgres(url) {
  const c = new pg.Client(url);
  await c.connect();
  let rows = 0;
  const insert = async (head, batch) => {
    if (!batch.length) return;
    const width = batch[0].length;
    await c.query(head + batch.map((_, i) => `(${Array.from({ length: width }, (_, j) => `$${i * width + j + 1}`).join(', ')})`).join(', '), batch.flat());
    rows += batch.length;
  };
  await c.query('BEGIN');
  let counts = [], grants = [];
  for (const r of year()) {
    counts.push(r.counts);
    grants.push(...r.grants);
    if (counts.length >= 500) { await insert(COUNTS, counts); await insert(GRANTS, grants); counts = []; grants = []; }
  }
  await insert(COUNTS, counts);
  await insert(GRANTS, grants);
  await c.query('COMMIT');
  await c.query('ANALYZE');
  await c.end();
  return rows;
}

async function bench(name, db, fill) {
  // Opened once by the server first: it creates and migrates the tables.
  (await (await serve({ port: 0, db, adminToken: TOKEN })).close());
  const t0 = performance.now();
  const rows = await fill(db);
  const fillMs = performance.now() - t0;
  const server = await serve({ port: 0, db, adminToken: TOKEN });
  try {
    const url = new URL(`stats?from=${FROM}&to=${TO}`, server.url).href;
    const times = [];
    let body;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      body = await res.json();
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
    }
    const total = body.total.decisions + body.total.withdrawals;
    if (total !== RECEIPTS || body.days.length !== 365) throw new Error(`${name}: the year holds ${total} receipts over ${body.days.length} days, not ${RECEIPTS} over 365`);
    const sorted = [...times].sort((a, b) => a - b);
    const ms = (x) => `${x.toFixed(1)} ms`;
    console.log(`${name.padEnd(10)} ${rows} aggregate rows written in ${(fillMs / 1000).toFixed(1)} s; GET /consent/stats for ${FROM}..${TO} `
      + `(${RECEIPTS.toLocaleString('en')} receipts, ${body.total.shown.toLocaleString('en')} banners shown): `
      + `first ${ms(times[0])}, median ${ms(sorted[Math.floor(RUNS / 2)])}, slowest ${ms(sorted.at(-1))} over ${RUNS} runs; `
      + `${(JSON.stringify(body).length / 1024).toFixed(0)} KB of JSON`);
  } finally {
    await server.close();
  }
}

console.log(`consent-gate stats: a year of figures from ${RECEIPTS.toLocaleString('en')} receipts, server in this process, loopback; `
  + `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
try {
  if (o.only !== 'postgres') await bench('SQLite', join(tmp, 'stats.db'), fillSqlite);
  if (o.only !== 'sqlite') {
    const { startPostgres } = await loadPostgresHelper(tmp);
    const server = await startPostgres();
    try { await bench('PostgreSQL', server.url, fillPostgres); } finally { await server.stop(); }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
